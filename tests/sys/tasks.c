// SPDX-License-Identifier: GPL-2.0-only
/*
 * Hardware task switching (SDM Vol. 3A §7.3): a call to a TSS selector
 * nests (back link, NT, both tasks busy) and iret returns; a call through
 * a task gate does the same; a jmp to a TSS does not nest, and frees the
 * task it leaves; every switch sets CR0.TS.
 */
#include "sys.h"

#define SEL_TSS1 0x30
#define SEL_TASKGATE 0x38
#define SEL_TSS2 0x40

u32 tss1[26], tss2[26];
u8 stack1[4096] __attribute__((aligned(16))), stack2[4096] __attribute__((aligned(16)));
volatile u32 t1_runs, t1_link, t1_eflags;

void task1_body(void);
asm(".globl task1_body\ntask1_body:\n"
    "  incl t1_runs\n"
    "  mov tss1, %eax\n mov %eax, t1_link\n"	/* the back link */
    "  pushf\n pop %eax\n mov %eax, t1_eflags\n"
    "  iret\n"					/* back to the caller */
    "  jmp task1_body\n");			/* the next call resumes here */

/* task 2 is entered by jmp and leaves by jmp back to task 0 */
void task2_body(void);
asm(".globl task2_body\ntask2_body:\n"
    "  incl t1_runs\n ljmp $0x28, $0\n jmp task2_body\n");

static void init_task(u32 *t, void (*fn)(void), u8 *stack)
{
	t[8] = (u32)fn;				/* eip */
	t[9] = 2;				/* eflags */
	t[14] = (u32)stack + 4096;		/* esp */
	t[18] = SEL_DATA0;			/* es */
	t[19] = SEL_CODE0;			/* cs */
	t[20] = SEL_DATA0;			/* ss */
	t[21] = SEL_DATA0;			/* ds */
	t[22] = SEL_DATA0;
	t[23] = SEL_DATA0;
}

static u32 busy(int index)
{
	return gdt[index][1] >> 9 & 1;
}

void cmain(void)
{
	u32 cr0;

	sys_init();
	init_task(tss1, task1_body, stack1);
	init_task(tss2, task2_body, stack2);
	set_desc(6, (u32)tss1, sizeof(tss1) - 1, 0x89, 0);
	set_desc(8, (u32)tss2, sizeof(tss2) - 1, 0x89, 0);
	gdt[7][0] = SEL_TSS1 << 16;		/* task gate to task 1 */
	gdt[7][1] = 0x8500;

	asm volatile("clts\n lcall $0x30, $0" : : : "memory");
	check("call to a TSS runs the task", t1_runs, 1);
	check("... its back link is the caller's TSS", t1_link & 0xffff, SEL_TSS);
	check("... NT is set in the nested task", t1_eflags >> 14 & 1, 1);
	check("iret returned and freed it", busy(6), 0);
	check("the caller's task stays busy", busy(5), 1);
	asm volatile("mov %%cr0, %0" : "=r"(cr0));
	check("a task switch sets CR0.TS", cr0 >> 3 & 1, 1);

	asm volatile("lcall $0x38, $0" : : : "memory");
	check("call through a task gate", t1_runs, 2);

	asm volatile("ljmp $0x40, $0" : : : "memory");
	check("jmp to a task, and its jmp back", t1_runs, 3);
	check("a jmp does not nest: task 2 is free", busy(8), 0);
	finish();
}
