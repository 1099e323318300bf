// SPDX-License-Identifier: GPL-2.0-only
/*
 * Real mode (SDM Vol. 3A §9.9.2 "Switching back to real-address mode"):
 * through a 16-bit protected-mode code segment to CR0.PE = 0, then 16-bit
 * arithmetic with its flags, segment:offset addressing, an interrupt
 * through the interrupt vector table, and back to protected mode.  The
 * real-mode code is copied below 1 MiB, to 0x7000 (CS = 0x0700).
 */
#include "sys.h"

#define RM_BASE 0x7000u
#define RM_DATA 0x800		/* results, at 0x0700:0x0800 */

u32 saved_esp;

/* Offsets of the code within the block equal the real-mode IPs. */
extern char rm_start[], rm_end[], rm_entry16[], rm_real[], rm_int40[];
void pm_back(void);
asm(".code16\n"
    "rm_start:\n"
    "rm_entry16:\n"		/* 16-bit protected mode, CS base 0x7000 */
    "  mov $0x38, %ax\n mov %ax, %ds\n mov %ax, %es\n mov %ax, %ss\n"
    "  mov %cr0, %eax\n and $0xfffffffe, %eax\n mov %eax, %cr0\n"
    "  ljmp $0x0700, $(rm_real - rm_start)\n"
    "rm_real:\n"
    "  mov $0x0700, %ax\n mov %ax, %ds\n mov %ax, %ss\n mov $0x1000, %sp\n"
    /* 16-bit add: 0x1234 + 0xedcc = 0x0000 with CF and ZF */
    "  mov $0x1234, %ax\n add $0xedcc, %ax\n pushf\n pop %bx\n"
    "  mov %ax, 0x800\n mov %bx, 0x802\n"
    /* segment arithmetic: 0x0800:0x0010 is linear 0x8010 */
    "  mov $0x0800, %ax\n mov %ax, %es\n movw $0xbeef, %es:0x0010\n"
    /* int 0x40 through the IVT; the handler reports CS from its frame */
    "  movw $0, 0x806\n int $0x40\n"
    /* a 32-bit operand in 16-bit code: 0x66 prefix */
    "  mov $0x10000, %eax\n add $0xffff, %eax\n mov %eax, 0x808\n"
    /* back to protected mode */
    "  cli\n mov %cr0, %eax\n or $1, %eax\n mov %eax, %cr0\n"
    "  ljmpl $0x08, $pm_back\n"
    "rm_int40:\n"
    "  push %bp\n mov %sp, %bp\n mov 4(%bp), %ax\n mov %ax, 0x804\n"
    "  movw $1, 0x806\n pop %bp\n iret\n"
    "rm_end:\n"
    ".code32\n"
    "pm_back:\n"
    "  mov $0x10, %ax\n mov %ax, %ds\n mov %ax, %es\n mov %ax, %ss\n"
    "  mov %ax, %fs\n mov %ax, %gs\n mov saved_esp, %esp\n"
    "  pop %edi\n pop %esi\n pop %ebp\n pop %ebx\n ret\n");

/* A plain asm function: pm_back returns from it with the saved ESP, so
 * no compiler prologue may sit between. */
void enter_realmode(void);
asm(".globl enter_realmode\nenter_realmode:\n"
    "  push %ebx\n push %ebp\n push %esi\n push %edi\n"
    "  mov %esp, saved_esp\n"
    "  ljmp $0x30, $(rm_entry16 - rm_start)\n");

void cmain(void)
{
	struct { u16 limit; u32 base; } __attribute__((packed)) ivt = { 0x3ff, 0 },
		pm_idt = { sizeof(idt) - 1, (u32)idt };
	volatile u16 *data = (u16 *)(RM_BASE + RM_DATA);
	u32 i;

	sys_init();
	set_desc(6, RM_BASE, 0xffff, 0x9a, 0);	/* 16-bit code, base 0x7000 */
	set_desc(7, 0, 0xffff, 0x92, 0);	/* 16-bit data, 64 KiB */
	for (i = 0; i < (u32)(rm_end - rm_start); i++)
		((u8 *)RM_BASE)[i] = (u8)rm_start[i];
	/* IVT entry 0x40 -> 0x0700:rm_int40 */
	*(volatile u32 *)(0x40 * 4) = (0x0700u << 16) | (u32)(rm_int40 - rm_start);
	asm volatile("lidt %0" : : "m"(ivt));
	enter_realmode();
	asm volatile("lidt %0" : : "m"(pm_idt));
	check("back in protected mode", 1, 1);
	check("16-bit add result", data[0], 0x0000);
	check("16-bit add sets CF and ZF", data[1] & 0x41, 0x41);
	check("segment:offset addressing (0x0800:0x0010)", *(volatile u16 *)0x8010, 0xbeef);
	check("int 0x40 through the IVT ran", data[3], 1);
	check("... its frame holds CS 0x0700", data[2], 0x0700);
	check("operand-size prefix in 16-bit code", *(volatile u32 *)(RM_BASE + 0x808), 0x1ffff);
	finish();
}
