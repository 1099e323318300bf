// SPDX-License-Identifier: GPL-2.0-only
/*
 * Virtual-8086 mode (SDM Vol. 3B, chapter 20): entered by IRET with VM=1,
 * 16-bit code with real-mode segments, IOPL-sensitive instructions (CLI,
 * INT n) raising #GP(0) to a protected-mode monitor when IOPL < 3 (20.2.7),
 * I/O instructions checked against the TSS I/O bitmap instead of IOPL
 * (20.2.8.1), the segment registers pushed and cleared on an interrupt from
 * virtual-8086 mode (20.3.1.1, Figure 20-4), and the way back.
 */
#include "libcpu.h"

#define V86_BASE	0x10000
#define V86_SEG		0x1000

struct v86_res {
	u16 add, cs, flags3;
	u8 in, in3;
} __attribute__((packed));

extern u8 v86_blob_start[], v86_blob_end[], v86_res[];
extern u8 v86_code0_off[], v86_code3_off[];
extern u32 v86_frame[9], v86_entry_ds;
void v86_run(u32 eflags, u32 ip);
void v86_exit(void);
void v86_int7e(void);

/* what the monitor saw */
static u8 trap_op[8];
static u32 trap_err[8], trap_cs[8], trap_flags[8], trap_ds[8], trap_vds[8];
static int ntrap;

/*
 * The monitor: #GP from virtual-8086 mode, emulating what trapped.  The
 * frame holds the V86 segment registers; the stub saw DS..GS as 0.
 */
static void v86_monitor(struct ex_regs *r)
{
	u8 *ip;

	if (!(r->eflags & FL_VM)) {
		if (ex_recover) {
			r->eip = ex_recover;
			ex_recover = 0;
			return;
		}
		printf("FAIL: #GP outside virtual-8086 mode -- at %04x:%08x error 0x%x\n",
		       r->cs & 0xffff, r->eip, r->error);
		tests_failed++;
		tests_run++;
		exit_tests();
	}
	ip = (u8 *)((r->cs & 0xffff) * 16 + (r->eip & 0xffff));
	if (ntrap < 8) {
		trap_op[ntrap] = ip[0];
		trap_err[ntrap] = r->error;
		trap_cs[ntrap] = r->cs & 0xffff;
		trap_flags[ntrap] = r->eflags;
		trap_ds[ntrap] = r->ds & 0xffff;
		trap_vds[ntrap] = r->v86_ds & 0xffff;
		ntrap++;
	}
	switch (ip[0]) {
	case 0xcd:			/* INT n: 0x80 ends the session */
		if (ip[1] == 0x80) {
			r->cs = KERNEL_CS;
			r->eip = (u32)v86_exit;
			r->eflags = 0x2;
			return;
		}
		r->eip += 2;
		break;
	case 0xe4:			/* IN AL, imm8: reads 5AH */
		r->eax = (r->eax & ~0xffu) | 0x5a;
		r->eip += 2;
		break;
	default:			/* CLI, STI */
		r->eip += 1;
		break;
	}
}

int main(void)
{
	struct v86_res *res = (void *)(V86_BASE + (v86_res - v86_blob_start));

	tss_load();
	memcpy((void *)V86_BASE, v86_blob_start, v86_blob_end - v86_blob_start);
	outb(0x21, 0xff);
	outb(0xa1, 0xff);
	ex_set_handler(GP_VECTOR, v86_monitor);

	ntrap = 0;
	v86_run(FL_VM | 0x2, (u32)v86_code0_off);
	report_eq("v86: back in protected mode", read_cs(), KERNEL_CS);
	report_eq("v86: 16-bit arithmetic ran", res->add, 0x2345);
	report_eq("v86: CS holds the real-mode segment", res->cs, V86_SEG);
	report_eq("v86: ES=2000h offset 10h is linear 20010h",
		  *(volatile u16 *)0x20010, 0xcafe);
	report_eq("v86, iopl 0: three #GP for CLI, IN, INT", ntrap, 3);
	report_eq("v86, iopl 0: cli raises #GP", trap_op[0], 0xfa);
	report_eq("v86: #GP error code 0", trap_err[0], 0);
	report_eq("v86: #GP frame CS is the V86 segment", trap_cs[0], V86_SEG);
	report("v86: #GP frame EFLAGS has VM", (trap_flags[0] & FL_VM) != 0);
	report_eq("v86: DS pushed in the frame", trap_vds[0], V86_SEG);
	report_eq("v86: DS cleared for the handler", trap_ds[0], 0);
	report_eq("v86, no I/O bitmap: in raises #GP", trap_op[1], 0xe4);
	report_eq("v86: the monitor's IN result reached AL", res->in, 0x5a);
	report_eq("v86, iopl 0: int n raises #GP", trap_op[2], 0xcd);

	/* IOPL 3: CLI and PUSHF run; INT n goes through the IDT (DPL 3) */
	idt_set(0x7e, v86_int7e, KERNEL_CS, DESC_INT32, 3);
	ntrap = 0;
	v86_run(FL_VM | FL_IOPL | 0x2, (u32)v86_code3_off);
	report_eq("v86, iopl 3: only IN trapped", ntrap, 1);
	report_eq("v86, iopl 3, no I/O bitmap: in still raises #GP",
		  trap_op[0], 0xe4);
	report_eq("v86, iopl 3: pushf shows IOPL 3", res->flags3 & FL_IOPL,
		  FL_IOPL);
	report_eq("v86 int through the IDT: frame CS", v86_frame[1] & 0xffff,
		  V86_SEG);
	report("v86 int through the IDT: frame EFLAGS has VM",
	       (v86_frame[2] & FL_VM) != 0);
	report_eq("v86 int through the IDT: frame SS", v86_frame[4] & 0xffff,
		  V86_SEG);
	report_eq("v86 int through the IDT: frame ES", v86_frame[5] & 0xffff,
		  0x2000);
	report_eq("v86 int through the IDT: frame DS", v86_frame[6] & 0xffff,
		  V86_SEG);
	report_eq("v86 int through the IDT: frame FS", v86_frame[7] & 0xffff,
		  0x3000);
	report_eq("v86 int through the IDT: frame GS", v86_frame[8] & 0xffff,
		  0x4000);
	report_eq("v86 int through the IDT: DS null in the handler",
		  v86_entry_ds, 0);
	ex_set_handler(GP_VECTOR, NULL);
	return 0;
}
