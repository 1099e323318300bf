// SPDX-License-Identifier: GPL-2.0-only
/*
 * x87 error reporting with CR0.NE=0 (SDM Vol. 1 8.7 and Appendix D, Vol. 3A
 * 2.5 "NE"): a pending unmasked exception is signalled on the FERR# pin,
 * which a PC routes to IRQ 13, instead of #MF; the waiting instruction
 * raises no exception.  Interrupts stay disabled here, so IRQ 13 is not
 * taken.  Kept apart from x87.c because QEMU 7.2 aborts on it.
 */
#include "libcpu.h"

static const unsigned short cw_ze_unmasked __attribute__((used)) = 0x037b;

int main(void)
{
	u32 cr0 = read_cr0();
	u16 sw;
	int v;

	if (!cpu_has(1, CPUID_EDX, 0)) {
		report_skip("x87 with NE=0", "CPUID.1:EDX.FPU is 0");
		return 0;
	}
	write_cr0((cr0 & ~(CR0_EM | CR0_TS | CR0_NE)) | CR0_MP);
	/* 1 / 0 with ZE unmasked: pending */
	asm volatile("fninit\n\t"
		     "fldcw cw_ze_unmasked\n\t"
		     "fld1\n\t"
		     "fldz\n\t"
		     ".byte 0xde, 0xf9\n\t"	/* fdivp st(1), st(0) */
		     "fnstsw %0"
		     : "=m"(sw) : : "memory");
	report_eq("unmasked #Z pending: ES set", sw & 0x80, 0x80);
	asm volatile(ASM_TRY("1f") "fwait\n\t1:" : : : "memory");
	v = ex_caught();
	report_eq("NE=0: FWAIT with a pending exception raises nothing",
		  (u32)v, (u32)-1);
	asm volatile(ASM_TRY("1f") "fld1\n\t1:" : : : "memory");
	v = ex_caught();
	report_eq("NE=0: FLD1 with a pending exception raises nothing",
		  (u32)v, (u32)-1);
	asm volatile("fnclex\n\tfninit" : : : "memory");
	write_cr0(cr0);
	return 0;
}
