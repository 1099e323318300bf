/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * A hard disk boot sector for tests/guest/ide-boot: says it runs on the
 * debug port 0x402, reads LBA 1 of the boot drive with INT 13h AH=42h
 * (the BIOS's IDE driver underneath), prints the string found there and
 * exits through isa-debug-exit (0x10 on success, 0x11 on failure).
 */
	.code16
	.globl _start
_start:
	cli
	xor %ax, %ax
	mov %ax, %ds
	mov %ax, %es
	mov %ax, %ss
	mov $0x7c00, %sp
	sti
	push %dx			/* the BIOS's boot drive number */
	mov $hello, %si
	call print
	pop %dx
	mov $0x42, %ah			/* extended read */
	mov $dap, %si
	int $0x13
	jc fail
	mov $0x8000, %si
	call print
	mov $0x10, %al
	out %al, $0xf4
fail:
	mov $bad, %si
	call print
	mov $0x11, %al
	out %al, $0xf4
	hlt

print:
	mov $0x402, %dx
1:	lodsb
	test %al, %al
	jz 2f
	out %al, %dx
	jmp 1b
2:	ret

hello:	.asciz "MBR running\n"
bad:	.asciz "INT13 read failed\n"
	.p2align 2
dap:	.byte 16, 0			/* disk address packet */
	.word 1				/* sectors */
	.word 0x8000, 0			/* buffer offset, segment */
	.quad 1				/* LBA */
	.org 510
	.word 0xaa55
