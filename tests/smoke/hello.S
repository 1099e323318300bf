/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The smallest multiboot guest: prints through COM1 with a string
 * instruction, sums 5+4+3+2+1 with loop, and exits through isa-debug-exit
 * with 0 (status 1) when the sum is right; otherwise it halts.
 */
.section .text
.align 4
mb: .long 0x1badb002, 0, -0x1badb002
.globl _start
_start:
	mov $0x3f8, %dx
	mov $msg, %esi
1:	lodsb
	test %al, %al
	jz 2f
	out %al, %dx
	jmp 1b
2:	mov $5, %ecx
	xor %eax, %eax
3:	add %ecx, %eax
	loop 3b
	cmp $15, %eax
	jne 4f
	mov $'O', %al
	out %al, %dx
	mov $'K', %al
	out %al, %dx
	mov $'\n', %al
	out %al, %dx
	mov $0, %al
	mov $0xf4, %dx
	out %al, %dx
4:	hlt
msg: .asciz "hello from the guest\n"
