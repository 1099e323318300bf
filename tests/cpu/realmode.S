/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The real-mode part of realmode.c: from 32-bit protected mode to real
 * mode and back, following SDM Vol. 3A, 9.9.2 "Switching Back to
 * Real-Address Mode" and 9.9.1 "Switching to Protected Mode".
 *
 * rm_blob_start..rm_blob_end is copied to RM_BASE (below 1 MiB) by the C
 * side and runs there with CS = DS = SS = RM_SEG; inside it, addresses are
 * offsets from rm_blob_start (R()).  Results go to rm_res, read back by C.
 */
#define RM_SEG		0x1000
#define KERNEL_CS	0x08
#define KERNEL_DS	0x10
#define CODE16_SEL	0x30	/* GDT_FIRST_FREE: 64 KiB at 10000H */
#define DATA16_SEL	0x38
#define R(x)		((x) - rm_blob_start)

/* an IVT entry: offset, segment (SDM Vol. 3B, 20.1.4, Figure 20-2) */
#define IVT(v)		((v) * 4)

	.text
	.code32
	/* void rm_run(void): the whole excursion, all registers kept */
	.globl rm_run
rm_run:
	pushal
	movl %esp, pm_saved_esp
	sidt pm_saved_idt
	/* step 4: a 16-bit code segment with a 64 KiB limit */
	ljmp $CODE16_SEL, $R(rm_entry16)

rm_back32:
	/* 9.9.1 step 4 onwards: reload every segment register */
	movw $KERNEL_DS, %ax
	movw %ax, %ds
	movw %ax, %es
	movw %ax, %fs
	movw %ax, %gs
	movw %ax, %ss
	movl pm_saved_esp, %esp
	lidt pm_saved_idt
	popal
	ret

	.data
pm_saved_esp:
	.long 0
pm_saved_idt:
	.word 0
	.long 0

	.text
	.p2align 4
	.globl rm_blob_start
rm_blob_start:
	.code16
rm_entry16:
	/* 9.9.2 step 4: SS DS ES FS GS with 64 KiB, byte-granular segments */
	movw $DATA16_SEL, %ax
	movw %ax, %ds
	movw %ax, %es
	movw %ax, %fs
	movw %ax, %gs
	movw %ax, %ss
	/* step 5: the real-mode interrupt table */
	lidt R(rm_ivt_desc)
	/* step 6: clear PE */
	movl %cr0, %eax
	andl $~1, %eax
	movl %eax, %cr0
	/* step 7: a far jump loads CS with a real-mode segment */
	ljmp $RM_SEG, $R(rm_real)

rm_real:
	/* step 8: the other segment registers, as real-mode segments */
	movw $RM_SEG, %ax
	movw %ax, %ds
	movw %ax, %es
	movw %ax, %ss
	movw $R(rm_stack_top), %sp
	xorw %ax, %ax
	movw %ax, %fs
	movw %ax, %gs

	/* CR0.PE reads 0 */
	movl %cr0, %eax
	movl %eax, R(res_cr0)

	/* 16-bit arithmetic: 7FFFh + 1 */
	movw $0x7fff, %ax
	addw $1, %ax
	pushfw
	popw R(res_add_flags)
	movw %ax, R(res_add)
	/* a 0x66 prefix gives 32-bit operands in real mode too */
	movl $0xffff, %eax
	addl $1, %eax
	movl %eax, R(res_add32)

	/* segment arithmetic: linear = segment * 16 + offset */
	movw $0x2000, %ax
	movw %ax, %es
	movw $0xbeef, %es:0x10
	/* FFFFh:0010h is 1 MiB with A20 on (multiboot enables it) */
	movw $0xffff, %ax
	movw %ax, %es
	movl %es:0x10, %eax
	movl %eax, R(res_ffff)
	/* a string copy DS:SI -> ES:DI with 16-bit addressing */
	movw $0x2000, %ax
	movw %ax, %es
	movw $R(rm_msg), %si
	movw $0x40, %di
	movw $4, %cx
	cld
	rep movsb
	movw %di, R(res_di)
	movw $RM_SEG, %ax
	movw %ax, %es

	/* BP-based operands use SS, not DS */
	movw $0x1234, R(rm_bp_slot)
	movw $0x2000, %ax
	movw %ax, %ds
	movw $R(rm_bp_slot), %bp
	movw (%bp), %dx
	movw $RM_SEG, %ax
	movw %ax, %ds
	movw %dx, R(res_bp)

	/* INT n through the IVT: IP, CS, FLAGS pushed; IF and TF cleared */
	movl %fs:IVT(0x30), %eax
	movl %eax, R(saved_ivt)
	movw $R(rm_int30), %fs:IVT(0x30)
	movw $RM_SEG, %fs:IVT(0x30) + 2
	movw %sp, R(res_sp_before)
	pushw $0x02c7		/* IF ZF SF PF CF; the PIC is masked */
	popfw
	int $0x30
rm_after_int:
	pushfw
	popw R(res_flags_after)
	cli
	movl R(saved_ivt), %eax
	movl %eax, %fs:IVT(0x30)

	/* an exception through the IVT: #UD is a fault, IP of the UD2 */
	movl %fs:IVT(6), %eax
	movl %eax, R(saved_ivt)
	movw $R(rm_skip2), %fs:IVT(6)
	movw $RM_SEG, %fs:IVT(6) + 2
rm_ud_at:
	ud2
	movl R(saved_ivt), %eax
	movl %eax, %fs:IVT(6)
	movw R(res_skip_ip), %ax
	movw %ax, R(res_ud_ip)

	/* #DE through the IVT */
	movl %fs:IVT(0), %eax
	movl %eax, R(saved_ivt)
	movw $R(rm_skip2), %fs:IVT(0)
	movw $RM_SEG, %fs:IVT(0) + 2
	movw $7, %ax
	xorw %dx, %dx
	xorw %bx, %bx
rm_de_at:
	divw %bx		/* F7 F3: two bytes */
	movl R(saved_ivt), %eax
	movl %eax, %fs:IVT(0)
	movw R(res_skip_ip), %ax
	movw %ax, R(res_de_ip)

	/*
	 * An offset beyond FFFFh: #GP in real mode (SDM Vol. 3B, 20.1.1 and
	 * the "Real-Address Mode Exceptions" of MOV).  The handler skips the
	 * three-byte instruction.
	 */
	movl %fs:IVT(13), %eax
	movl %eax, R(saved_ivt)
	movw $R(rm_skip3), %fs:IVT(13)
	movw $RM_SEG, %fs:IVT(13) + 2
	movw $0, R(res_skip_count)
	movl $0x10000, %esi
	addr32 movw (%esi), %ax	/* 67 8B 06 */
	movl R(saved_ivt), %eax
	movl %eax, %fs:IVT(13)
	movw R(res_skip_count), %ax
	movw %ax, R(res_gp_count)

	/* a far call and return within real mode */
	lcall $RM_SEG, $R(rm_far)

	/* back: set PE, then a far jump to 32-bit code (9.9.1 steps 3-4) */
	movl %cr0, %eax
	orl $1, %eax
	movl %eax, %cr0
	.byte 0x66, 0xea	/* ljmpl $KERNEL_CS, $rm_back32 */
	.long rm_back32
	.word KERNEL_CS

rm_int30:
	movw %sp, R(res_sp_in)
	movw %sp, %bp
	movw 0(%bp), %ax
	movw %ax, R(res_frame_ip)
	movw 2(%bp), %ax
	movw %ax, R(res_frame_cs)
	movw 4(%bp), %ax
	movw %ax, R(res_frame_flags)
	pushfw
	popw R(res_flags_in)
	iret

/* a fault handler resuming after a 2- or 3-byte instruction */
rm_skip2:
	pushw %bp
	movw %sp, %bp
	movw 2(%bp), %ax
	movw %ax, R(res_skip_ip)
	addw $2, 2(%bp)
	popw %bp
	iret
rm_skip3:
	pushw %bp
	movw %sp, %bp
	incw R(res_skip_count)
	addw $3, 2(%bp)
	popw %bp
	iret

rm_far:
	movw %cs, R(res_far_cs)
	lret

rm_ivt_desc:
	.word 0x3ff
	.long 0
rm_msg:
	.ascii "RMOK"
rm_bp_slot:
	.word 0
saved_ivt:
	.long 0
res_skip_ip:
	.word 0
res_skip_count:
	.word 0

	/* read by realmode.c as struct rm_res: keep the two in step */
	.p2align 2
	.globl rm_res
rm_res:
res_cr0:	.long 0
res_add32:	.long 0
res_ffff:	.long 0
res_add:	.word 0
res_add_flags:	.word 0
res_di:		.word 0
res_bp:		.word 0
res_sp_before:	.word 0
res_sp_in:	.word 0
res_frame_ip:	.word 0
res_frame_cs:	.word 0
res_frame_flags: .word 0
res_flags_in:	.word 0
res_flags_after: .word 0
res_ud_ip:	.word 0
res_de_ip:	.word 0
res_gp_count:	.word 0
res_far_cs:	.word 0
	.word 0
	.globl rm_after_int_off, rm_ud_off, rm_de_off
	.set rm_after_int_off, R(rm_after_int)
	.set rm_ud_off, R(rm_ud_at)
	.set rm_de_off, R(rm_de_at)

	.p2align 4
	.space 512
rm_stack_top:
	.globl rm_blob_end
rm_blob_end:
	.code32

	.section .note.GNU-stack, "", @progbits
