// SPDX-License-Identifier: GPL-2.0-only
/*
 * SSE and SSE2 as the operating system sees them:
 *
 * - CPUID.1 advertises SSE and SSE2 (and CLFLUSH with its line size), and
 *   MXCSR is 1F80H after reset (SDM Vol. 3A 9.1.1, Table 9-1);
 * - #UD with CR4.OSFXSR=0 or CR0.EM=1, #NM with CR0.TS=1, for SSE
 *   arithmetic, moves and LDMXCSR (Vol. 3A 2.5, 13.1-13.2; Vol. 2 ch. 2.5
 *   exception classes);
 * - an unmasked SIMD floating-point exception: #XM with CR4.OSXMMEXCPT=1,
 *   #UD without, the destination unchanged, the flag set in MXCSR, the
 *   saved EIP the faulting instruction (Vol. 1 11.5.1; Vol. 3A 6.15
 *   interrupt 19);
 * - #GP(0) for a misaligned 16-byte operand of MOVAPS, MOVDQA, ADDPS, and
 *   none for MOVUPS (Vol. 1 11.6.8 and Vol. 2 per instruction);
 * - LDMXCSR and FXRSTOR with a reserved MXCSR bit: #GP(0), nothing
 *   loaded (Vol. 2 LDMXCSR, FXRSTOR); FXSAVE/FXRSTOR of MXCSR,
 *   MXCSR_MASK and XMM0-7 (Vol. 2 FXSAVE Table 3-53, Vol. 1 11.6.6);
 * - COMISS sets ZF, PF, CF and clears OF, SF, AF.
 */
#include "libcpu.h"

#define CR4_OSFXSR	0x00000200
#define CR4_OSXMMEXCPT	0x00000400
#define XM_VECTOR	19

#define MXCSR_ZE	0x0004
#define MXCSR_ZM	0x0200

struct fxarea {
	u8 x87[24];
	u32 mxcsr, mxcsr_mask;
	u8 st[128];
	u8 xmm[8][16];
	u8 rest[512 - 288];
} __attribute__((packed, aligned(16)));

/* operands, referenced by name from the asm statements */
static const u32 ps_one[4] __aligned(16) __attribute__((used)) = {
	0x3f800000, 0x3f800000, 0x3f800000, 0x3f800000,
};
static const u32 ps_zero_one[4] __aligned(16) __attribute__((used)) = {
	0x3f800000, 0, 0x3f800000, 0x3f800000,		/* lane 1: 0.0 */
};
static const u32 ps_pattern[4] __aligned(16) __attribute__((used)) = {
	0x11111111, 0x22222222, 0x33333333, 0x44444444,
};
static u8 buf32[64] __aligned(16) __attribute__((used));
static u32 out[4] __aligned(16) __attribute__((used));
static u32 csr_val __attribute__((used));
static struct fxarea fx __attribute__((used));

static u32 stmxcsr(void)
{
	u32 v;

	asm volatile("stmxcsr %0" : "=m"(v) : : "memory");
	return v;
}

static void ldmxcsr(u32 v)
{
	asm volatile("ldmxcsr %0" : : "m"(v) : "memory");
}

static int try_addps(void)
{
	asm volatile(ASM_TRY("1f") "addps ps_one, %%xmm0\n\t1:" : : : "memory");
	return ex_caught();
}

static int try_movaps(void)
{
	asm volatile(ASM_TRY("1f") "movaps %%xmm1, %%xmm0\n\t1:" : : : "memory");
	return ex_caught();
}

static int try_ldmxcsr(void)
{
	csr_val = 0x1f80;
	asm volatile(ASM_TRY("1f") "ldmxcsr csr_val\n\t1:" : : : "memory");
	return ex_caught();
}

static int try_paddq(void)
{
	asm volatile(ASM_TRY("1f") "paddq %%xmm1, %%xmm0\n\t1:" : : : "memory");
	return ex_caught();
}

/* SSE instructions on MMX registers */
static int try_pavgb_mm(void)
{
	asm volatile(ASM_TRY("1f") "pavgb %%mm1, %%mm0\n\t1:" : : : "memory");
	return ex_caught();
}

static int try_pshufw(void)
{
	asm volatile(ASM_TRY("1f") "pshufw $0x1b, %%mm1, %%mm0\n\t1:" : : : "memory");
	return ex_caught();
}

/* ---- availability: CR4.OSFXSR, CR0.EM, CR0.TS ------------------------- */

static void check_vec(const char *cond, const char *insn, int got, int want)
{
	char buf[96];

	snprintf(buf, sizeof(buf), "%s: %s %s", cond, insn,
		 want == UD_VECTOR ? "#UD" : want == NM_VECTOR ? "#NM" : "runs");
	report_eq(buf, (u32)got, (u32)want);
}

static void test_avail(void)
{
	u32 cr0 = read_cr0(), cr4 = read_cr4();
	int v[6];

	write_cr4(cr4 & ~CR4_OSFXSR);
	v[0] = try_addps();
	v[1] = try_movaps();
	v[2] = try_ldmxcsr();
	v[3] = try_paddq();
	v[4] = try_pavgb_mm();
	v[5] = try_pshufw();
	asm volatile("emms");
	write_cr4(cr4);
	check_vec("OSFXSR=0", "addps", v[0], UD_VECTOR);
	check_vec("OSFXSR=0", "movaps", v[1], UD_VECTOR);
	check_vec("OSFXSR=0", "ldmxcsr", v[2], UD_VECTOR);
	check_vec("OSFXSR=0", "paddq xmm", v[3], UD_VECTOR);
	/* Vol. 3A 13.1.4: the MMX-register forms too, but PSHUFW, MOVNTQ */
	check_vec("OSFXSR=0", "pavgb mm", v[4], UD_VECTOR);
	check_vec("OSFXSR=0", "pshufw", v[5], -1);

	write_cr0(cr0 | CR0_EM);
	v[0] = try_addps();
	v[1] = try_movaps();
	v[2] = try_ldmxcsr();
	write_cr0(cr0);
	check_vec("EM=1", "addps", v[0], UD_VECTOR);
	check_vec("EM=1", "movaps", v[1], UD_VECTOR);
	check_vec("EM=1", "ldmxcsr", v[2], UD_VECTOR);

	write_cr0(cr0 | CR0_TS);
	v[0] = try_addps();
	v[1] = try_movaps();
	v[2] = try_ldmxcsr();
	v[3] = try_paddq();
	write_cr0(cr0);
	check_vec("TS=1", "addps", v[0], NM_VECTOR);
	check_vec("TS=1", "movaps", v[1], NM_VECTOR);
	check_vec("TS=1", "ldmxcsr", v[2], NM_VECTOR);
	check_vec("TS=1", "paddq xmm", v[3], NM_VECTOR);

	/* EM and TS: #UD first (Vol. 2 ch. 2.5, exception class tables) */
	write_cr0(cr0 | CR0_EM | CR0_TS);
	v[0] = try_addps();
	write_cr0(cr0);
	check_vec("EM=1 TS=1", "addps", v[0], UD_VECTOR);

	v[0] = try_addps();
	v[1] = try_movaps();
	check_vec("OSFXSR=1 EM=0 TS=0", "addps", v[0], -1);
	check_vec("OSFXSR=1 EM=0 TS=0", "movaps", v[1], -1);
}

/* ---- unmasked SIMD exceptions: #XM or #UD ------------------------------- */

static u32 divps_at;

/* xmm0 = ps_pattern, then divps ps_zero_one (lane 1 divides by zero) with
 * ZE unmasked; returns the vector and leaves xmm0 in out. */
static int divide_by_zero(void)
{
	int v;

	ldmxcsr(0x1f80 & ~MXCSR_ZM);
	asm volatile("movaps ps_pattern, %%xmm0\n\t"
		     ASM_TRY("1f")
		     "2: divps ps_zero_one, %%xmm0\n\t"
		     "1: movl $2b, %0"
		     : "=m"(divps_at) : : "memory");
	v = ex_caught();
	asm volatile("movaps %%xmm0, out" : : : "memory");
	return v;
}

static void test_xm(void)
{
	u32 cr4 = read_cr4(), csr, eip;
	int v;

	write_cr4(cr4 | CR4_OSXMMEXCPT);
	v = divide_by_zero();
	eip = ex_eip;
	csr = stmxcsr();
	report_eq("OSXMMEXCPT=1, unmasked #Z: #XM", (u32)v, XM_VECTOR);
	report_eq("#XM: saved EIP is the DIVPS", eip, divps_at);
	report_eq("#XM: no error code", ex_error, 0);
	report_eq("#XM: MXCSR.ZE set", csr & MXCSR_ZE, MXCSR_ZE);
	report("#XM: destination unchanged (all four lanes)",
	       !memcmp(out, ps_pattern, 16));

	write_cr4(cr4 & ~CR4_OSXMMEXCPT);
	v = divide_by_zero();
	csr = stmxcsr();
	report_eq("OSXMMEXCPT=0, unmasked #Z: #UD", (u32)v, UD_VECTOR);
	report_eq("#UD for #Z: MXCSR.ZE set", csr & MXCSR_ZE, MXCSR_ZE);
	report("#UD for #Z: destination unchanged", !memcmp(out, ps_pattern, 16));

	/* masked: the quotient is written, infinity in lane 1 */
	write_cr4(cr4 | CR4_OSXMMEXCPT);
	ldmxcsr(0x1f80);
	asm volatile("movaps ps_pattern, %%xmm0\n\t"
		     "divps ps_zero_one, %%xmm0\n\t"
		     "movaps %%xmm0, out" : : : "memory");
	report_eq("masked #Z: lane 1 is +infinity", out[1], 0x7f800000);
	report_eq("masked #Z: lane 0 = 0x11111111 / 1.0", out[0], 0x11111111);
	report_eq("masked #Z: MXCSR = 1F84H", stmxcsr(), 0x1f84);
	ldmxcsr(0x1f80);
}

/* ---- alignment ------------------------------------------------------------ */

static void test_align(void)
{
	int v;

	asm volatile(ASM_TRY("1f") "movaps buf32 + 8, %%xmm0\n\t1:" : : : "memory");
	v = ex_caught();
	report_eq("movaps from an address 8 mod 16: #GP", (u32)v, GP_VECTOR);
	report_eq("movaps misaligned: error code 0", ex_error, 0);
	asm volatile(ASM_TRY("1f") "movdqa %%xmm0, buf32 + 4\n\t1:" : : : "memory");
	report_eq("movdqa to an address 4 mod 16: #GP", (u32)ex_caught(), GP_VECTOR);
	asm volatile(ASM_TRY("1f") "addps buf32 + 1, %%xmm0\n\t1:" : : : "memory");
	report_eq("addps m128 misaligned: #GP", (u32)ex_caught(), GP_VECTOR);
	asm volatile(ASM_TRY("1f") "movups buf32 + 1, %%xmm0\n\t1:" : : : "memory");
	report_eq("movups misaligned: runs", (u32)ex_caught(), (u32)-1);
	asm volatile(ASM_TRY("1f") "addss buf32 + 1, %%xmm0\n\t1:" : : : "memory");
	report_eq("addss m32 misaligned: runs", (u32)ex_caught(), (u32)-1);
	asm volatile(ASM_TRY("1f") "movlps buf32 + 4, %%xmm0\n\t1:" : : : "memory");
	report_eq("movlps m64 misaligned: runs", (u32)ex_caught(), (u32)-1);
}

/* ---- MXCSR: LDMXCSR, FXSAVE, FXRSTOR ------------------------------------ */

static void test_mxcsr(void)
{
	u32 v;
	int i;

	ldmxcsr(0xffff);
	report_eq("ldmxcsr FFFFH (DAZ, FTZ, all): stmxcsr", stmxcsr(), 0xffff);
	ldmxcsr(0x1f80);
	for (i = 16; i < 32; i += 5) {
		char name[64];

		csr_val = 0x1f80 | 1u << i;
		asm volatile(ASM_TRY("1f") "ldmxcsr csr_val\n\t1:" : : : "memory");
		v = (u32)ex_caught();
		snprintf(name, sizeof(name), "ldmxcsr with reserved bit %d: #GP(0)", i);
		report_eq(name, v, GP_VECTOR);
	}
	report_eq("ldmxcsr #GP: MXCSR unchanged", stmxcsr(), 0x1f80);

	/* FXSAVE: MXCSR at 24, MXCSR_MASK at 28, XMM0-7 at 160 */
	ldmxcsr(0x3fa0);
	asm volatile("movaps ps_pattern, %%xmm0\n\t"
		     "movaps ps_one, %%xmm7\n\t"
		     "fxsave fx" : : : "memory");
	report_eq("fxsave: MXCSR at 24", fx.mxcsr, 0x3fa0);
	report_eq("fxsave: MXCSR_MASK at 28 (DAZ supported)", fx.mxcsr_mask, 0xffff);
	report("fxsave: XMM0 at 160", !memcmp(fx.xmm[0], ps_pattern, 16));
	report("fxsave: XMM7 at 272", !memcmp(fx.xmm[7], ps_one, 16));

	/* FXRSTOR: XMM0 and MXCSR back */
	memcpy(fx.xmm[0], ps_one, 16);
	fx.mxcsr = 0x5f80;
	asm volatile("xorps %%xmm0, %%xmm0\n\t"
		     "fxrstor fx\n\t"
		     "movaps %%xmm0, out" : : : "memory");
	report("fxrstor: XMM0 loaded", !memcmp(out, ps_one, 16));
	report_eq("fxrstor: MXCSR loaded", stmxcsr(), 0x5f80);

	/* a reserved MXCSR bit in the image: #GP(0), nothing loaded */
	fx.mxcsr = 0x1f80 | 1u << 20;
	memcpy(fx.xmm[0], ps_pattern, 16);
	asm volatile(ASM_TRY("1f") "fxrstor fx\n\t1:" : : : "memory");
	v = (u32)ex_caught();
	asm volatile("movaps %%xmm0, out" : : : "memory");
	report_eq("fxrstor with reserved MXCSR bit 20: #GP(0)", v, GP_VECTOR);
	report_eq("fxrstor #GP: MXCSR unchanged", stmxcsr(), 0x5f80);
	report("fxrstor #GP: XMM0 unchanged", !memcmp(out, ps_one, 16));
	ldmxcsr(0x1f80);
}

/* ---- COMISS: EFLAGS --------------------------------------------------- */

static void test_comiss(void)
{
	u32 fl;

	asm volatile("movaps ps_one, %%xmm0\n\t"
		     "xorps %%xmm1, %%xmm1\n\t"
		     "pushl $0x8d5\n\t"
		     "popfl\n\t"
		     "comiss %%xmm1, %%xmm0\n\t"
		     "pushfl\n\t"
		     "popl %0" : "=r"(fl) : : "memory", "cc");
	report_eq("comiss 1.0, 0.0: ZF PF CF OF SF AF clear", fl & FL_ARITH, 0);
	asm volatile("xorps %%xmm1, %%xmm1\n\t"
		     "movaps ps_one, %%xmm0\n\t"
		     "comiss %%xmm0, %%xmm1\n\t"
		     "pushfl\n\t"
		     "popl %0" : "=r"(fl) : : "memory", "cc");
	report_eq("comiss 0.0, 1.0: CF only", fl & FL_ARITH, FL_CF);
}

int main(void)
{
	u32 a, b, c, d, cr4;

	cpuid(1, 0, &a, &b, &c, &d);
	if (!(d & (1u << 25)) || !(d & (1u << 24))) {
		report_skip("sse", "CPUID.1:EDX.SSE or FXSR is 0");
		return 0;
	}
	report("cpuid advertises SSE", d & (1u << 25));
	report("cpuid advertises SSE2", d & (1u << 26));
	if (d & (1u << 19))
		report_eq("cpuid: CLFLUSH line size 8 (64 bytes)", (b >> 8) & 0xff, 8);
	else
		report_skip("cpuid: CLFLUSH line size", "CPUID.1:EDX.CLFSH is 0");

	write_cr0((read_cr0() & ~(CR0_EM | CR0_TS)) | CR0_MP | CR0_NE);
	cr4 = read_cr4();
	write_cr4(cr4 | CR4_OSFXSR);
	report_eq("MXCSR after reset is 1F80H", stmxcsr(), 0x1f80);

	test_avail();
	test_xm();
	test_align();
	test_mxcsr();
	test_comiss();
	write_cr4(cr4);
	return 0;
}
