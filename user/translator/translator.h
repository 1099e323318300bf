/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The translator's public interface, used by the VMM: initialise, run a
 * CPU for a while, and tell it about memory the guest's code lives in.
 */
#ifndef RINGVM_TRANSLATOR_TRANSLATOR_H
#define RINGVM_TRANSLATOR_TRANSLATOR_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "cpu.h"

enum exec_exit {
	EXEC_BUDGET,	/* the budget ran out: service devices, call again */
	EXEC_HALT,	/* hlt with no interrupt deliverable */
	EXEC_EXIT,	/* PENDING_EXIT was set (device asked to stop) */
	EXEC_SHUTDOWN,	/* triple fault: the machine resets or exits */
	EXEC_DEBUG,	/* a breakpoint or a single step (cpu->debug) */
};

/* Select the backend by name ("x64" on x86-64 hosts, "interp"; NULL for
 * the default: x64 where built).  Returns 0, -EINVAL for a backend not
 * built, or -ENOMEM.  @code_size is the code buffer's size in bytes. */
int translator_init(const char *backend, size_t code_size);

/* Run @cpu for about @budget translation blocks. */
enum exec_exit cpu_exec(struct x86_cpu *cpu, int64_t budget);

/* Deliver an interrupt or exception now (also used by the loop). */
void cpu_do_interrupt(struct x86_cpu *cpu, int vector, bool is_sw,
		      bool has_error, uint32_t error, uint32_t next_eip);

/* Request a system management interrupt (the SMI# pin). */
void cpu_raise_smi(struct x86_cpu *cpu);

/* cpu->debug changed: recompute debug.active and drop translated code,
 * whose TB boundaries and chains assumed the old breakpoints. */
void cpu_debug_changed(struct x86_cpu *cpu);

/* Raise an external interrupt request line state change. */
void cpu_set_irq_pending(struct x86_cpu *cpu, bool pending);

#endif
