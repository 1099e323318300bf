/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Prints "boot" on COM1, then triple-faults: an empty IDT turns int3 into
 * #GP, #GP into #DF, and #DF into a shutdown.  With -no-reboot the
 * emulator exits (status 0); without, the machine resets and boots again.
 */
.section .text
.align 4
mb: .long 0x1badb002, 0, -0x1badb002
.globl _start
_start:
	mov $0x3f8, %dx
	mov $msg, %esi
	mov $5, %ecx
	rep outsb
	lidt idtr
	int3
msg: .ascii "boot\n"
.align 4
idtr: .word 0
	.long 0
