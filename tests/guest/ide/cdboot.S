/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * A no-emulation El Torito boot image for tests/guest/ide-boot: says it
 * runs on the debug port 0x402, reads the primary volume descriptor (2048
 * byte sector 16) of the boot CD with INT 13h AH=42h (the BIOS's ATAPI
 * driver underneath), checks its "CD001" identifier and exits through
 * isa-debug-exit (0x10 on success, 0x11 on failure).
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
	ljmp $0, $1f			/* whatever CS:IP the BIOS chose */
1:	push %dx			/* the BIOS's number for the CD */
	mov $hello, %si
	call print
	pop %dx
	mov $0x42, %ah
	mov $dap, %si
	int $0x13
	jc fail
	mov $0x8001, %si
	mov $cd001, %di
	mov $5, %cx
	cld
	repe cmpsb
	jne fail
	mov $good, %si
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
2:	lodsb
	test %al, %al
	jz 3f
	out %al, %dx
	jmp 2b
3:	ret

hello:	.asciz "CD boot image running\n"
good:	.asciz "volume descriptor CD001 read through INT13\n"
bad:	.asciz "CD read failed\n"
cd001:	.ascii "CD001"
	.p2align 2
dap:	.byte 16, 0
	.word 1
	.word 0x8000, 0
	.quad 16
	.org 2048
