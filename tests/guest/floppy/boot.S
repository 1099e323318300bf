/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * A floppy boot sector for tests/guest/floppy-boot.  SeaBIOS loads it
 * through its floppy driver (the FDC and ISA DMA channel 2 underneath);
 * it then uses INT 13h with CHS addresses: reads the rest of head 0's
 * track 0 and all of head 1's in two calls, prints the strings that
 * tests/guest/floppy-boot placed in sectors 2 (C0 H0), 19 (C0 H1 S1) and
 * 36 (C0 H1 S18), writes a sector to C1 H0 S1, reads it back into another
 * buffer and compares.  Output goes to the debug port 0x402; the exit is
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
	mov %dl, drive
	mov $hello, %si
	call print

	/* C0 H0 S2-S18: 17 sectors at 0x8000 */
	mov $0x0211, %ax
	mov $0x0002, %cx
	mov $0x00, %dh
	mov $0x8000, %bx
	call disk
	/* C0 H1 S1-S18: 18 sectors right after */
	mov $0x0212, %ax
	mov $0x0001, %cx
	mov $0x01, %dh
	mov $0x8000 + 17 * 512, %bx
	call disk
	mov $0x8000, %si		/* LBA 1 */
	call print
	mov $0x8000 + 17 * 512, %si	/* LBA 18 */
	call print
	mov $0x8000 + 34 * 512, %si	/* LBA 35 */
	call print

	/* write the boot sector itself to C1 H0 S1, read it back */
	mov $0x0301, %ax
	mov $0x0001 | 1 << 8, %cx
	mov $0x00, %dh
	mov $0x7c00, %bx
	call disk
	mov $0x0201, %ax
	mov $0x0001 | 1 << 8, %cx
	mov $0x00, %dh
	mov $0xd000, %bx
	call disk
	mov $0x7c00, %si
	mov $0xd000, %di
	mov $256, %cx
	cld
	repe cmpsw
	jne fail
	mov $wrote, %si
	call print
	mov $0x10, %al
	out %al, $0xf4

fail:
	mov $bad, %si
	call print
	mov $0x11, %al
	out %al, $0xf4
	hlt

/* INT 13h with AX, CX, DH, ES:BX set; the drive from the BIOS */
disk:
	mov drive, %dl
	int $0x13
	jc fail
	ret

print:
	push %dx
	mov $0x402, %dx
1:	lodsb
	test %al, %al
	jz 2f
	out %al, %dx
	jmp 1b
2:	pop %dx
	ret

hello:	.asciz "floppy boot sector running\n"
bad:	.asciz "INT13 floppy access failed\n"
wrote:	.asciz "sector written and read back through INT13\n"
drive:	.byte 0
	.org 510
	.word 0xaa55
