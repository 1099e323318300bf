// SPDX-License-Identifier: GPL-2.0-only
/*
 * The jump cache's updates (the lookup is inline in jmp_cache.h).
 */
#include "translator/jmp_cache.h"

#include <string.h>

void jmp_cache_clear(struct x86_cpu *cpu)
{
	memset(cpu->jmp_cache, 0, sizeof(cpu->jmp_cache));
	cpu->jmp_cache_gen = tb_flush_count;
}

_Static_assert(_Alignof(struct tb) > 1, "the low bit of a TB pointer is free");

void jmp_cache_put(struct x86_cpu *cpu, struct tb *tb, bool global)
{
	if (cpu->jmp_cache_gen != tb_flush_count)
		jmp_cache_clear(cpu);
	cpu->jmp_cache[jmp_cache_index(tb->pc)] =
		(uintptr_t)tb | (global ? JMP_CACHE_GLOBAL : 0);
}

void jmp_cache_clear_nonglobal(struct x86_cpu *cpu)
{
	unsigned i;

	if (cpu->jmp_cache_gen != tb_flush_count) {
		jmp_cache_clear(cpu);
		return;
	}
	for (i = 0; i < JMP_CACHE_SIZE; i++)
		if (!(cpu->jmp_cache[i] & JMP_CACHE_GLOBAL))
			cpu->jmp_cache[i] = 0;
}

void jmp_cache_clear_page(struct x86_cpu *cpu, uint32_t lin)
{
	memset(&cpu->jmp_cache[jmp_cache_block(lin)], 0,
	       JMP_CACHE_BLOCK * sizeof(cpu->jmp_cache[0]));
	memset(&cpu->jmp_cache[jmp_cache_block(lin - 4096)], 0,
	       JMP_CACHE_BLOCK * sizeof(cpu->jmp_cache[0]));
}
