/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Segmentation and protected-mode control transfers: descriptor loads,
 * segment register loads with their checks, interrupt and exception
 * delivery, iret, far jmp/call/ret (SDM Vol. 3A chapters 5 and 6).
 */
#ifndef RINGVM_TRANSLATOR_SEG_H
#define RINGVM_TRANSLATOR_SEG_H

#include <stdbool.h>
#include <stdint.h>

#include "cpu.h"

/* Read the 8-byte descriptor of @sel; false if outside the table limit. */
bool seg_read_desc(struct x86_cpu *cpu, uint32_t sel, uint32_t *lo,
		   uint32_t *hi);
void seg_from_desc(struct x86_seg *s, uint32_t sel, uint32_t lo, uint32_t hi);
/* A flat 4 GiB, 32-bit, present, accessed segment of privilege @dpl. */
void seg_set_flat(struct x86_seg *s, uint32_t sel, bool code, unsigned dpl);
/* Load a data/stack segment register with all protected-mode checks. */
void seg_load(struct x86_cpu *cpu, int seg, uint32_t sel);
/* Real-mode / v86 load: base = sel << 4, limit and attributes kept. */
void seg_load_real(struct x86_cpu *cpu, int seg, uint32_t sel);

void seg_far_jmp(struct x86_cpu *cpu, uint32_t sel, uint32_t off,
		 uint32_t next_eip);
void seg_far_call(struct x86_cpu *cpu, uint32_t sel, uint32_t off,
		  bool op32, uint32_t next_eip);
void seg_far_ret(struct x86_cpu *cpu, bool op32, uint32_t imm);
void seg_iret(struct x86_cpu *cpu, bool op32, uint32_t next_eip);

#endif
