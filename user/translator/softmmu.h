/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * softmmu: guest memory as the CPU sees it.  Segmentation (limit and type
 * checks, SDM Vol. 3A §5.3-5.5), paging (32-bit, PSE, PAE with NX; §4.3,
 * §4.4), the A20 gate, and a TLB of recent translations.
 *
 * A TLB entry's tags hold the virtual page address when the access may use
 * the fast path (host address = linear + addend); a low bit set sends the
 * access to the slow path: TLB_INVALID (no translation), TLB_SLOW (MMIO, a
 * ROM write, or a write to a page holding translated code).
 *
 * Every function here may raise a guest exception (#GP, #SS, #PF), which
 * longjmps to the execution loop; the caller's state must be consistent.
 */
#ifndef RINGVM_TRANSLATOR_SOFTMMU_H
#define RINGVM_TRANSLATOR_SOFTMMU_H

#include <stdbool.h>
#include <stdint.h>

#include "cpu.h"

#define TLB_INVALID	0x1u
#define TLB_SLOW	0x2u

enum mmu_access { ACC_READ = 0, ACC_WRITE = 1, ACC_EXEC = 2 };

/* Loads and stores at seg:ea (seg SEG_NONE: ea is linear). @memop: MO_*. */
uint64_t mmu_ld(struct x86_cpu *cpu, int seg, uint32_t ea, int memop, int mmu);
void mmu_st(struct x86_cpu *cpu, int seg, uint32_t ea, uint64_t val, int memop,
	    int mmu);

/* Linear-address accesses of helpers.  @mmu is the privilege of the access:
 * descriptor tables and the TSS are read with MMU_IDX_KERNEL whatever CPL. */
uint32_t mmu_ld_lin(struct x86_cpu *cpu, uint32_t lin, unsigned size, int mmu);
void mmu_st_lin(struct x86_cpu *cpu, uint32_t lin, uint32_t val, unsigned size,
		int mmu);

/* Check that seg:[ea, ea+size) may be accessed; raise the fault if not.
 * Returns the linear address. */
uint32_t seg_check(struct x86_cpu *cpu, int seg, uint32_t ea, unsigned size,
		   enum mmu_access acc);

/* Does [ea, ea+size) lie within the segment's limit (expand-down aware)? */
bool seg_limit_ok(const struct x86_seg *s, uint32_t ea, unsigned size);

/* Translate @lin for @acc; raise #PF on failure.  Returns the
 * guest-physical address (A20 applied). */
uint64_t mmu_translate(struct x86_cpu *cpu, uint32_t lin, enum mmu_access acc,
		       int mmu);

/* A host pointer to [lin, lin+len) for @acc when the range lies in one
 * page that the TLB maps on the fast path (plain RAM; for writes, no
 * translated code there), else NULL.  Translates like an access, so it
 * may raise #PF.  For the bulk paths of string instructions. */
void *mmu_host_range(struct x86_cpu *cpu, uint32_t lin, uint32_t len,
		     enum mmu_access acc, int mmu);

/* The guest-physical address of code at @lin (for TB lookup); faults like
 * an instruction fetch. */
uint64_t mmu_code_gpa(struct x86_cpu *cpu, uint32_t lin);

/* Is the code TLB entry of @lin (as mmu_code_gpa filled it) a global page's?
 * (Global entries survive CR3 writes, SDM Vol. 3A §4.10.2.4.) */
bool mmu_code_global(const struct x86_cpu *cpu, uint32_t lin);

/* Read code bytes for the decoder; faults like a fetch. */
void mmu_fetch_bytes(struct x86_cpu *cpu, uint32_t lin, uint8_t *buf,
		     unsigned len);

void tlb_flush(struct x86_cpu *cpu, bool global_too);
void tlb_flush_page(struct x86_cpu *cpu, uint32_t lin);
/* A page now holds translated code: writes to it must take the slow path. */
void tlb_protect_code_page(struct x86_cpu *cpu, uint64_t gpa_page);

/* Raise a guest exception: never returns (longjmp to the loop). */
_Noreturn void cpu_raise(struct x86_cpu *cpu, int vector, uint32_t error);
_Noreturn void cpu_raise_noerr(struct x86_cpu *cpu, int vector);

#endif
