/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The jump cache: linear pc -> the TB last run there, per CPU.
 *
 * The loop finds a TB by its physical pc, which needs the page walk (or
 * the TLB) of mmu_code_gpa() and a hash chain.  Most lookups are for a pc
 * seen moments ago, so a direct-mapped array keyed by the linear pc answers
 * them first.  An entry only says "this TB was found for this pc under the
 * current mapping": it is checked against pc, cs_base and flags, and the
 * array is cleared whenever the mapping could change (tlb_flush: CR3, CR0,
 * CR4, A20, SMM; tlb_flush_page: invlpg) and when the TB cache is flushed.
 * QEMU keeps the same cache (tb_jmp_cache) for the same reasons.  An entry
 * whose code lies in a global page (SDM Vol. 3A §4.10.2.4) is tagged in its
 * low bit and survives a CR3 write as the TLB entry does: the kernel's code
 * stays found across context switches.
 *
 * The index is 6 bits of the linear page and 8 of the offset, so one
 * page's entries are one block of 256 and invlpg clears two blocks: the
 * page and the one before it, where a TB that runs into the page starts.
 * (With 64 entries per page, as QEMU has, a shell loop missed one jump
 * in nine for collisions between the TBs of one page.)
 */
#ifndef RINGVM_TRANSLATOR_JMP_CACHE_H
#define RINGVM_TRANSLATOR_JMP_CACHE_H

#include <stdbool.h>
#include <stdint.h>

#include "translator/cpu.h"
#include "translator/tb.h"

#define JMP_CACHE_BLOCK	(1u << JMP_CACHE_ADDR_BITS)
#define JMP_CACHE_GLOBAL	((uintptr_t)1)	/* the TB's page is global */

static inline unsigned jmp_cache_block(uint32_t pc)
{
	return ((pc >> 12) & ((1u << JMP_CACHE_PAGE_BITS) - 1)) << JMP_CACHE_ADDR_BITS;
}

static inline unsigned jmp_cache_index(uint32_t pc)
{
	return jmp_cache_block(pc) | ((pc ^ (pc >> 4)) & (JMP_CACHE_BLOCK - 1));
}

/* The cached TB for (pc, cs_base, flags), or NULL. */
static inline struct tb *jmp_cache_find(struct x86_cpu *cpu, uint32_t pc,
					uint32_t cs_base, uint32_t flags)
{
	struct tb *tb = (struct tb *)(cpu->jmp_cache[jmp_cache_index(pc)] &
				      ~JMP_CACHE_GLOBAL);

	if (cpu->jmp_cache_gen != tb_flush_count)
		return NULL;
	if (tb && tb->pc == pc && tb->cs_base == cs_base && tb->flags == flags &&
	    !tb->invalid)
		return tb;
	return NULL;
}

/* @global: the TB lies in one page, mapped global in the TLB */
void jmp_cache_put(struct x86_cpu *cpu, struct tb *tb, bool global);
void jmp_cache_clear(struct x86_cpu *cpu);
/* A CR3 write: the entries of global pages stay */
void jmp_cache_clear_nonglobal(struct x86_cpu *cpu);
void jmp_cache_clear_page(struct x86_cpu *cpu, uint32_t lin);

#endif
