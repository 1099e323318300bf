/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Exception entry stubs and the ring-3 trampoline.
 *
 * The CPU pushes an error code only for vectors 8, 10-14, 17, 21 and 29-30
 * (SDM Vol. 3A, 6.13 and Table 6-1); the stubs push a 0 for the others so
 * every frame has the layout of struct ex_regs.
 */
#define KERNEL_DS	0x10
#define USER_DS		0x20

.macro stub vec, has_error
	.globl ex_stub_\vec
ex_stub_\vec:
	.if \has_error == 0
	pushl $0
	.endif
	pushl $\vec
	jmp ex_common
.endm

	.text
	stub 0, 0
	stub 1, 0
	stub 2, 0
	stub 3, 0
	stub 4, 0
	stub 5, 0
	stub 6, 0
	stub 7, 0
	stub 8, 1
	stub 9, 0
	stub 10, 1
	stub 11, 1
	stub 12, 1
	stub 13, 1
	stub 14, 1
	stub 15, 0
	stub 16, 0
	stub 17, 1
	stub 18, 0
	stub 19, 0
	stub 20, 0
	stub 21, 1
	stub 22, 0
	stub 23, 0
	stub 24, 0
	stub 25, 0
	stub 26, 0
	stub 27, 0
	stub 28, 0
	stub 29, 1
	stub 30, 1
	stub 31, 0

	/* an address table for idt setup, in vector order */
	.section .rodata
	.align 4
	.globl ex_stubs
ex_stubs:
	.irp n, 0,1,2,3,4,5,6,7,8,9,10,11,12,13,14,15
	.long ex_stub_\n
	.endr
	.irp n, 16,17,18,19,20,21,22,23,24,25,26,27,28,29,30,31
	.long ex_stub_\n
	.endr

	.text
ex_common:
	pushal
	pushl %ds
	pushl %es
	pushl %fs
	pushl %gs
	/*
	 * From ring 3 the data segments hold user selectors, from
	 * virtual-8086 mode null ones (SDM Vol. 3B, 20.3.1.1): use ours.
	 */
	movw $KERNEL_DS, %ax
	movw %ax, %ds
	movw %ax, %es
	movw %ax, %fs
	movw %ax, %gs
	cld
	pushl %esp
	call ex_dispatch
	addl $4, %esp
	popl %gs
	popl %fs
	popl %es
	popl %ds
	popal
	addl $8, %esp
	iret

/*
 * u32 run_user(u32 (*fn)(void), int iopl): an IRET to CPL 3 (SDM Vol. 3A,
 * 6.12.1 and IRET pseudo-code "RETURN-TO-OUTER-PRIVILEGE-LEVEL"), and back
 * through int USER_RET_VEC, whose gate has DPL 3.
 */
	.globl run_user
run_user:
	pushl %ebp
	pushl %ebx
	pushl %esi
	pushl %edi
	movl %esp, user_saved_esp
	movl 20(%esp), %eax
	movl 24(%esp), %ecx
	shll $12, %ecx
	andl $0x3000, %ecx
	/* data segments a CPL-3 program may use: IRET would null DPL-0 ones */
	movw $(USER_DS | 3), %dx
	movw %dx, %ds
	movw %dx, %es
	movw %dx, %fs
	movw %dx, %gs
	pushl $(USER_DS | 3)
	pushl $user_stack_top
	pushfl
	andl $~0x3000, (%esp)
	orl %ecx, (%esp)
	pushl $(0x18 | 3)
	pushl $user_trampoline
	iret
user_trampoline:
	call *%eax
	int $0x7f
	.globl user_ret_entry
user_ret_entry:
	/* on the TSS's ring-0 stack; EAX still holds fn's result */
	movw $KERNEL_DS, %dx
	movw %dx, %ds
	movw %dx, %es
	movw %dx, %fs
	movw %dx, %gs
	movl user_saved_esp, %esp
	popl %edi
	popl %esi
	popl %ebx
	popl %ebp
	ret

	.bss
	.align 4
user_saved_esp:
	.space 4
	.align 16
	.space 8192
	.globl user_stack_top
user_stack_top:
	.space 8192
	.globl kernel_int_stack_top
kernel_int_stack_top:

	.section .note.GNU-stack, "", @progbits
