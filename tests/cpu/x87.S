/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The real-mode part of x87.c: FNSTENV in its 32-bit and 16-bit operand
 * sizes and FNSAVE in real-address mode, whose layouts hold linear
 * instruction and operand pointers (SDM Vol. 1 8.1.10, Figures 8-10 and
 * 8-12).  The way down and back follows SDM Vol. 3A, 9.9.2 and 9.9.1, as
 * realmode.S does.
 *
 * x87_rm_start..x87_rm_end is copied to RM_BASE (10000H) by the C side and
 * runs there with CS = DS = SS = RM_SEG; inside it, addresses are offsets
 * from x87_rm_start (R()).  Interrupts stay disabled: no IVT is needed.
 */
#define RM_SEG		0x1000
#define KERNEL_CS	0x08
#define KERNEL_DS	0x10
#define CODE16_SEL	0x30	/* GDT_FIRST_FREE: 64 KiB at 10000H */
#define DATA16_SEL	0x38
#define R(x)		((x) - x87_rm_start)

	.text
	.code32
	/* void x87_rm_run(void): all registers kept */
	.globl x87_rm_run
x87_rm_run:
	pushal
	movl %esp, x87_pm_esp
	ljmp $CODE16_SEL, $R(rm_entry16)

x87_rm_back32:
	movw $KERNEL_DS, %ax
	movw %ax, %ds
	movw %ax, %es
	movw %ax, %fs
	movw %ax, %gs
	movw %ax, %ss
	movl x87_pm_esp, %esp
	popal
	ret

	.data
x87_pm_esp:
	.long 0

	.text
	.p2align 4
	.globl x87_rm_start
x87_rm_start:
	.code16
rm_entry16:
	movw $DATA16_SEL, %ax
	movw %ax, %ds
	movw %ax, %es
	movw %ax, %fs
	movw %ax, %gs
	movw %ax, %ss
	movl %cr0, %eax
	andl $~1, %eax
	movl %eax, %cr0
	ljmp $RM_SEG, $R(rm_real)

rm_real:
	movw $RM_SEG, %ax
	movw %ax, %ds
	movw %ax, %es
	movw %ax, %ss
	movw $R(rm_stack_top), %sp

	fninit
	/* the last non-control instruction, with a memory operand: DD 06
	 * disp16, FOP 506H */
	.globl x87_rm_fld
x87_rm_fld:
	fldl R(x87_rm_val)
	.byte 0x66		/* 32-bit operand size: the 28-byte layout */
	fnstenv R(x87_rm_env32)
	fnstenv R(x87_rm_env16)
	fnsave R(x87_rm_save16)

	movl %cr0, %eax
	orl $1, %eax
	movl %eax, %cr0
	.byte 0x66, 0xea	/* ljmpl $KERNEL_CS, $x87_rm_back32 */
	.long x87_rm_back32
	.word KERNEL_CS

	.p2align 3
	.globl x87_rm_val
x87_rm_val:
	.quad 0x3ff0000000000000	/* 1.0 */

	/* read by x87.c */
	.p2align 2
	.globl x87_rm_env32, x87_rm_env16, x87_rm_save16
x87_rm_env32:
	.space 28
x87_rm_env16:
	.space 14
x87_rm_save16:
	.space 94

	.p2align 4
	.space 256
rm_stack_top:
	.globl x87_rm_end
x87_rm_end:
	.code32

	.section .note.GNU-stack, "", @progbits
