/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Entry of a CPU test program.  A multiboot v1 loader enters in 32-bit
 * protected mode with flat CS/DS but an undefined GDTR and ESP, and EAX/EBX
 * holding the magic and the information pointer, which are not used
 * (Multiboot Specification 0.6.96, 3.2 "Machine state").  So: our own GDT
 * and segments first, then a stack, a zeroed .bss and known EFLAGS.
 */
#define MB_MAGIC	0x1badb002
#define MB_FLAGS	0	/* an ELF image, no requirements */

	.section .mb, "a"
	.align 4
	.long MB_MAGIC, MB_FLAGS, -(MB_MAGIC + MB_FLAGS)

	.section .text.entry, "ax"
	.globl _start
_start:
	cli
	lgdt gdt_ptr
	/* A far jump reloads CS from the new GDT (SDM Vol. 3A, 9.9.1). */
	ljmp $0x08, $1f
1:	movw $0x10, %ax
	movw %ax, %ds
	movw %ax, %es
	movw %ax, %fs
	movw %ax, %gs
	movw %ax, %ss
	movl $stack_top, %esp
	/* .bss holds the stack too; nothing lives there yet. */
	cld
	movl $__bss_start, %edi
	movl $__bss_end, %ecx
	subl %edi, %ecx
	xorl %eax, %eax
	rep stosb
	/* EFLAGS: IF, DF, NT, AC, IOPL, TF all clear; bit 1 reads as 1. */
	pushl $0
	popfl
	call lib_init
	call main
	call exit_tests
2:	hlt
	jmp 2b

	.bss
	.align 16
stack:
	.space 16384
	.globl stack_top
stack_top:

	.section .note.GNU-stack, "", @progbits
