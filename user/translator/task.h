/* SPDX-License-Identifier: GPL-2.0-only */
/* Hardware task switching; see task.c. */
#ifndef RINGVM_TRANSLATOR_TASK_H
#define RINGVM_TRANSLATOR_TASK_H

#include <stdbool.h>
#include <stdint.h>

#include "cpu.h"

enum task_source { TASK_JMP, TASK_CALL, TASK_INT, TASK_IRET };

/* Switch to the task whose TSS selector is @sel.  @next_eip is saved as
 * the old task's eip; an exception's error code goes on the new stack. */
void task_switch(struct x86_cpu *cpu, uint32_t sel, enum task_source src,
		 uint32_t next_eip, bool has_err, uint32_t err);

#endif
