// SPDX-License-Identifier: GPL-2.0-only
/*
 * Virtual-8086 mode (SDM Vol. 3A chapter 20): entered by an iret whose
 * EFLAGS image has VM set, 8086 addressing (segment << 4), IOPL-sensitive
 * cli trapping to the ring-0 monitor with #GP(0) when IOPL < 3, and the
 * interrupt frame of a v86 task: the data segment selectors pushed and
 * then zeroed for the handler (§20.3.1.1).
 */
#include "sys.h"

#define V86_BASE 0x7000u

u32 saved_esp;
volatile u32 frame[9];		/* err, eip, cs, eflags, esp, ss, es, ds, fs */
volatile u32 handler_ds;

extern char v86_start[], v86_end[], v86_cli[];
asm(".code16\n"
    "v86_start:\n"
    "  mov $0x1234, %ax\n add $0x1111, %ax\n mov %ax, 0x800\n"
    "  mov $0x0800, %bx\n mov %bx, %es\n movw $0xcafe, %es:0x0020\n"
    "v86_cli:\n"
    "  cli\n"
    "  jmp .\n"
    "v86_end:\n"
    ".code32\n");

/* #GP from v86: record the frame, then resume the protected-mode caller. */
void v86_monitor(void);
asm(".globl v86_monitor\nv86_monitor:\n"
    /* DS is null here: store through SS, reload DS before anything else */
    "  mov %ds, %eax\n mov %eax, %ss:handler_ds\n"
    "  mov $0x10, %ax\n mov %ax, %ds\n mov %ax, %es\n"
    "  mov $0, %ecx\n"
    "1: mov (%esp,%ecx,4), %eax\n mov %eax, frame(,%ecx,4)\n"
    "  inc %ecx\n cmp $9, %ecx\n jne 1b\n"
    "  mov saved_esp, %esp\n"
    "  pop %edi\n pop %esi\n pop %ebp\n pop %ebx\n ret\n");

void enter_v86(void);
asm(".globl enter_v86\nenter_v86:\n"
    "  push %ebx\n push %ebp\n push %esi\n push %edi\n"
    "  mov %esp, saved_esp\n"
    "  push $0\n push $0\n"		/* gs, fs */
    "  push $0x0700\n push $0x0700\n"	/* ds, es */
    "  push $0x0700\n push $0x0ff0\n"	/* ss, esp */
    "  push $0x00020002\n"		/* eflags: VM, IOPL 0 */
    "  push $0x0700\n push $0\n"	/* cs, eip */
    "  iret\n");

void cmain(void)
{
	u32 i;

	sys_init();
	set_gate(13, v86_monitor, 0x8e00);
	for (i = 0; i < (u32)(v86_end - v86_start); i++)
		((u8 *)V86_BASE)[i] = (u8)v86_start[i];
	enter_v86();
	check("v86 arithmetic stored at 0x0700:0x0800", *(volatile u16 *)(V86_BASE + 0x800), 0x2345);
	check("v86 segment addressing 0x0800:0x0020", *(volatile u16 *)0x8020, 0xcafe);
	check("cli with IOPL 0 in v86: #GP(0)", frame[0], 0);
	check("... at the cli", frame[1], (u32)(v86_cli - v86_start));
	check("... CS 0x0700 in the frame", frame[2], 0x0700);
	check("... VM set in the saved EFLAGS", frame[3] >> 17 & 1, 1);
	check("... ES pushed", frame[6] & 0xffff, 0x0800);
	check("... DS pushed", frame[7] & 0xffff, 0x0700);
	check("the handler sees DS zeroed", handler_ds & 0xffff, 0);
	finish();
}
