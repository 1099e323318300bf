/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Virtual-8086 mode for v86.c: entry by IRET with EFLAGS.VM=1 from ring 0
 * (SDM Vol. 3B, 20.2.5), the 16-bit code that runs there, and the two ways
 * back to the protected-mode caller: the #GP monitor in v86.c sending the
 * task to v86_exit, or INT 7EH with IOPL 3, which goes through the IDT to
 * v86_int7e at CPL 0 (20.3.1.1).
 *
 * v86_blob_start..v86_blob_end is copied to V86_SEG:0 by the C side.
 */
#define V86_SEG		0x1000
#define KERNEL_DS	0x10
#define R(x)		((x) - v86_blob_start)

	.text
	.code32
	/* void v86_run(u32 eflags, u32 ip) */
	.globl v86_run
v86_run:
	pushl %ebp
	pushl %ebx
	pushl %esi
	pushl %edi
	movl %esp, v86_saved_esp
	movl 20(%esp), %eax
	movl 24(%esp), %edx
	/* the IRET frame of a return to virtual-8086 mode (Figure 20-4) */
	pushl $0			/* GS */
	pushl $0			/* FS */
	pushl $V86_SEG			/* DS */
	pushl $V86_SEG			/* ES */
	pushl $V86_SEG			/* SS */
	pushl $R(v86_stack_top)		/* ESP */
	pushl %eax			/* EFLAGS, VM set */
	pushl $V86_SEG			/* CS */
	pushl %edx			/* EIP */
	iret

	.globl v86_exit
v86_exit:
	movw $KERNEL_DS, %ax
	movw %ax, %ds
	movw %ax, %es
	movw %ax, %fs
	movw %ax, %gs
	movw %ax, %ss
	movl v86_saved_esp, %esp
	popl %edi
	popl %esi
	popl %ebx
	popl %ebp
	ret

	/* INT 7EH from V86 mode: [esp] EIP CS EFLAGS ESP SS ES DS FS GS */
	.globl v86_int7e
v86_int7e:
	xorl %ecx, %ecx
	movw %ds, %cx		/* cleared by the CPU: null */
	movw $KERNEL_DS, %ax
	movw %ax, %ds
	movl %ecx, v86_entry_ds
	xorl %ecx, %ecx
1:	movl (%esp, %ecx, 4), %eax
	movl %eax, v86_frame(, %ecx, 4)
	incl %ecx
	cmpl $9, %ecx
	jne 1b
	jmp v86_exit

	.data
v86_saved_esp:
	.long 0
	.globl v86_frame, v86_entry_ds
v86_frame:
	.space 36
v86_entry_ds:
	.long 0

	.text
	.p2align 4
	.globl v86_blob_start
v86_blob_start:
	.code16
	/* IOPL 0: CLI, IN and INT n trap to the monitor */
	.globl v86_code0
v86_code0:
	movw $0x1234, %ax
	addw $0x1111, %ax
	movw %ax, R(res_add)
	movw %cs, R(res_cs)
	movw $0x2000, %ax
	movw %ax, %es
	movw $0xcafe, %es:0x10
	cli
	inb $0x80, %al
	movb %al, R(res_in)
	int $0x80		/* the monitor ends the session */
	hlt

	/* IOPL 3: CLI and PUSHF run; IN still needs the I/O bitmap */
	.globl v86_code3
v86_code3:
	cli
	pushfw
	popw R(res_flags3)
	inb $0x80, %al
	movb %al, R(res_in3)
	movw $0x2000, %ax
	movw %ax, %es
	movw $0x3000, %ax
	movw %ax, %fs
	movw $0x4000, %ax
	movw %ax, %gs
	int $0x7e		/* through the IDT to v86_int7e */
	hlt

	.p2align 2
	.globl v86_res
v86_res:
res_add:	.word 0
res_cs:		.word 0
res_flags3:	.word 0
res_in:		.byte 0
res_in3:	.byte 0
	.globl v86_code0_off, v86_code3_off
	.set v86_code0_off, R(v86_code0)
	.set v86_code3_off, R(v86_code3)

	.p2align 4
	.space 256
v86_stack_top:
	.globl v86_blob_end
v86_blob_end:
	.code32

	.section .note.GNU-stack, "", @progbits
