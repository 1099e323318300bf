// SPDX-License-Identifier: GPL-2.0-only
/*
 * Real mode: from protected mode to real mode through a 16-bit code
 * segment, 16-bit and 32-bit arithmetic, segment arithmetic, a string copy,
 * BP-relative operands on SS, INT n and exceptions through the real-mode
 * IVT, a far call, and back to protected mode (realmode.S does the work;
 * SDM Vol. 3B, chapter 20 "8086 Emulation" and 9.9).
 */
#include "libcpu.h"

#define RM_BASE		0x10000
#define RM_SEG		0x1000
#define CODE16_IDX	GDT_FIRST_FREE
#define DATA16_IDX	(GDT_FIRST_FREE + 1)

struct rm_res {
	u32 cr0, add32, ffff;
	u16 add, add_flags, di, bp, sp_before, sp_in;
	u16 frame_ip, frame_cs, frame_flags, flags_in, flags_after;
	u16 ud_ip, de_ip, gp_count, far_cs, pad;
} __attribute__((packed));

extern u8 rm_blob_start[], rm_blob_end[], rm_res[];
extern u8 rm_after_int_off[], rm_ud_off[], rm_de_off[];
void rm_run(void);

/* absolute symbols: their "address" is the offset in the blob */
#define OFF(sym) ((u16)(u32)(sym))

int main(void)
{
	struct rm_res *r = (void *)(RM_BASE + (rm_res - rm_blob_start));
	u32 cr0;

	/* 16-bit segments for the way down (SDM Vol. 3A, 9.9.2 step 4) */
	gdt_set(CODE16_IDX, RM_BASE, 0xffff, DESC_CODE32, 0);
	gdt_set(DATA16_IDX, RM_BASE, 0xffff, DESC_DATA32, 0);
	memcpy((void *)RM_BASE, rm_blob_start, rm_blob_end - rm_blob_start);
	memset((void *)0x20000, 0, 0x100);
	/* no IRQ may reach the IVT while IF is set in real mode */
	outb(0x21, 0xff);
	outb(0xa1, 0xff);

	rm_run();

	report_eq("back in protected mode: CS", read_cs(), KERNEL_CS);
	cr0 = read_cr0();
	report_eq("back in protected mode: CR0.PE", cr0 & CR0_PE, CR0_PE);
	report_eq("real mode: CR0.PE read 0", r->cr0 & CR0_PE, 0);
	report_eq("real mode: add 7fffh+1", r->add, 0x8000);
	report_eq("real mode: add 7fffh+1 flags OF SF AF PF",
		  r->add_flags & FL_ARITH, FL_OF | FL_SF | FL_AF | FL_PF);
	report_eq("real mode: 0x66 add ffffh+1 in 32 bits", r->add32,
		  0x10000);
	report_eq("real mode: ES=2000h offset 10h is linear 20010h",
		  *(volatile u16 *)0x20010, 0xbeef);
	report_eq("real mode: FFFFh:0010h is linear 100000h", r->ffff,
		  0x1badb002);
	report("real mode: rep movsb to ES:DI", !memcmp((void *)0x20040,
						       "RMOK", 4));
	report_eq("real mode: DI after the copy", r->di, 0x44);
	report_eq("real mode: [bp] uses SS", r->bp, 0x1234);
	report_eq("real mode int: 6 bytes pushed", r->sp_in,
		  (u16)(r->sp_before - 6));
	report_eq("real mode int: pushed IP is the next instruction",
		  r->frame_ip, OFF(rm_after_int_off));
	report_eq("real mode int: pushed CS", r->frame_cs, RM_SEG);
	report_eq("real mode int: pushed FLAGS", r->frame_flags, 0x02c7);
	report_eq("real mode int: IF and TF cleared in the handler",
		  r->flags_in & (FL_IF | FL_TF), 0);
	report_eq("real mode int: IRET restores FLAGS", r->flags_after,
		  0x02c7);
	report_eq("real mode #UD through the IVT: IP of the UD2", r->ud_ip,
		  OFF(rm_ud_off));
	report_eq("real mode #DE through the IVT: IP of the DIV", r->de_ip,
		  OFF(rm_de_off));
	report_eq("real mode: offset beyond FFFFh raises #GP", r->gp_count,
		  1);
	report_eq("real mode far call: CS", r->far_cs, RM_SEG);

	/* the protected-mode IDT is back */
	asm volatile(ASM_TRY("1f") "ud2\n\t1:" : : : "memory");
	report("protected mode IDT restored: ud2 caught",
	       ex_caught() == UD_VECTOR);
	return 0;
}
