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

void jmp_cache_put(struct x86_cpu *cpu, struct tb *tb)
{
	if (cpu->jmp_cache_gen != tb_flush_count)
		jmp_cache_clear(cpu);
	cpu->jmp_cache[jmp_cache_index(tb->pc)] = tb;
}

void jmp_cache_clear_page(struct x86_cpu *cpu, uint32_t lin)
{
	memset(&cpu->jmp_cache[jmp_cache_block(lin)], 0,
	       JMP_CACHE_BLOCK * sizeof(cpu->jmp_cache[0]));
	memset(&cpu->jmp_cache[jmp_cache_block(lin - 4096)], 0,
	       JMP_CACHE_BLOCK * sizeof(cpu->jmp_cache[0]));
}
