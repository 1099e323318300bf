// SPDX-License-Identifier: GPL-2.0-only
/*
 * Self-modifying code (SDM Vol. 3A §11.6): a store to an instruction the
 * CPU is about to execute takes effect, whether it patches a function
 * that already ran (its translation must be dropped), the next
 * instruction in the same straight line of code (inside the block being
 * executed), or code through a second virtual mapping of the same page.
 */
#include "sys.h"

u8 code_page[4096] __attribute__((aligned(4096)));
u32 pgdir[1024] __attribute__((aligned(4096)));
u32 pgtab[2][1024] __attribute__((aligned(4096)));

/* mov $imm32, %eax; ret */
static void emit_return(u8 *p, u32 v)
{
	p[0] = 0xb8;
	*(u32 *)(p + 1) = v;
	p[5] = 0xc3;
}

static u32 call(void *fn)
{
	return ((u32 (*)(void))fn)();
}

/* Patches the immediate of the mov two instructions ahead of it. */
extern char patch_site[];
static u32 patch_next(void)
{
	u32 v;

	asm volatile("movl $0x22222222, patch_site + 1\n"
		     ".globl patch_site\n"
		     "patch_site: mov $0x11111111, %0\n"
		     : "=a"(v) : : "memory");
	return v;
}

void cmain(void)
{
	u32 i;

	sys_init();
	emit_return(code_page, 1);
	check("generated code runs", call(code_page), 1);
	emit_return(code_page, 2);
	check("patched after it ran: the new code runs", call(code_page), 2);
	for (i = 0; i < 100; i++) {
		emit_return(code_page, i);
		if (call(code_page) != i)
			break;
	}
	check("patched a hundred times in a row", i, 100);
	check("a store to the next instruction in the same block", patch_next(), 0x22222222);

	/* the page mapped twice: write through one address, run the other */
	for (i = 0; i < 2048; i++)
		pgtab[i / 1024][i % 1024] = (i << 12) | 3;
	pgtab[1][1023] = (u32)code_page | 3;	/* 0x7ff000 -> code_page */
	pgdir[0] = (u32)pgtab[0] | 3;
	pgdir[1] = (u32)pgtab[1] | 3;
	asm volatile("mov %0, %%cr3\n mov %%cr0, %%eax\n or $0x80000000, %%eax\n"
		     "mov %%eax, %%cr0" : : "r"(pgdir) : "eax", "memory");
	emit_return(code_page, 7);
	check("code through the alias", call((void *)0x7ff000), 7);
	emit_return((u8 *)0x7ff000, 8);
	check("written through the alias, run through the original", call(code_page), 8);
	emit_return(code_page, 9);
	check("written through the original, run through the alias", call((void *)0x7ff000), 9);
	finish();
}
