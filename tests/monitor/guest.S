/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The monitor tests' guest: a multiboot kernel that leaves things for the
 * monitor to find, then reports keyboard input.
 *
 *  - four dwords at 0x200000 and the string "ringvm" at 0x200010 (x, xp,
 *    memsave);
 *  - EBX, ESI, EDI, EBP and the top half of EAX hold fixed values for
 *    the whole run (info registers, p $eax);
 *  - "READY\n" on the debug console (port 0xe9) after every boot
 *    (system_reset);
 *  - then, with interrupts off, it polls the i8042 (status port 0x64
 *    bit 0, data port 0x60) and writes "KEY xx\n" for every byte the
 *    keyboard sends (sendkey);
 *  - on the make code of 'v' (set 1 0x2f) it writes bytes 0, 1, ... 511
 *    at 0xA0000, the VBE bank window once the monitor has set a mode
 *    (screendump of the linear modes).
 */
.section .text
.align 4
mb:	.long 0x1badb002, 0, -0x1badb002
.globl _start
_start:
	cli
	movl $0xcafebabe, 0x200000
	movl $0x00c0ffee, 0x200004
	movl $0x12345678, 0x200008
	movl $0x9abcdef0, 0x20000c
	movl $0x676e6972, 0x200010	/* "ring" */
	movl $0x00006d76, 0x200014	/* "vm\0" */
	mov $0x80000, %esp
.globl regs_loaded
regs_loaded:
	mov $0x11223344, %ebx
	mov $0x55667788, %esi
	mov $0x99aabbcc, %edi
	mov $0xdeadbeef, %ebp
	mov $0xabcd0000, %eax
	mov $ready, %ecx
	call puts
poll:
	in $0x64, %al
	test $1, %al
	jz poll
	in $0x60, %al
	push %eax
	mov $key, %ecx
	call puts
	call puthex
	mov $'\n', %al
	out %al, $0xe9
	pop %eax
	cmp $0x2f, %al		/* 'v' pressed: draw */
	jne poll
	push %ecx
	push %edi
	mov $0xa0000, %edi
	xor %ecx, %ecx
1:	mov %cl, (%edi,%ecx)
	inc %ecx
	cmp $512, %ecx
	jne 1b
	pop %edi
	pop %ecx
	jmp poll

/* the NUL-terminated string at ECX to the debug console; keeps EAX */
puts:
	push %eax
1:	mov (%ecx), %al
	test %al, %al
	jz 2f
	out %al, $0xe9
	inc %ecx
	jmp 1b
2:	pop %eax
	ret

/* AL as two hex digits; keeps EAX */
puthex:
	push %eax
	push %eax
	shr $4, %al
	call nibble
	pop %eax
	call nibble
	pop %eax
	ret
nibble:
	and $0xf, %al
	add $'0', %al
	cmp $'9', %al
	jbe 1f
	add $('a' - '0' - 10), %al
1:	out %al, $0xe9
	ret

ready:	.asciz "READY\n"
key:	.asciz "KEY "
