// SPDX-License-Identifier: GPL-2.0-only
/*
 * CPU models (-cpu): CPUID tells the truth.  For each instruction group
 * CPUID announces, the instruction runs when the bit is set and raises #UD
 * when it is clear (SDM Vol. 2, the "#UD If CPUID.01H:EDX.X[bit n] = 0"
 * lines of CMOVcc, MOVQ (MMX), FXSAVE, CMPXCHG8B, RDTSC, SYSENTER, RDMSR).
 * The signature and feature set must be those of the model the program
 * finds itself on (by family/model/stepping).  MSRs: the MTRRs read back
 * what was written when MTRR is announced, MTRRcap reports 8 ranges, an
 * unknown MSR is #GP.
 *
 * tests/cpu/cpumodel.variants runs it once per model and with
 * +feature/-feature.
 */
#include "libcpu.h"

#define UD 6
#define GP 13

static void cpuid_regs(u32 leaf, u32 *a, u32 *b, u32 *c, u32 *d)
{
	asm volatile("cpuid" : "=a"(*a), "=b"(*b), "=c"(*c), "=d"(*d)
		     : "a"(leaf), "c"(0));
}

static int try_cmov(void)
{
	u32 x = 1, y = 2;

	asm volatile(ASM_TRY("1f") "cmp %0, %0\n\tcmove %1, %0\n1:"
		     : "+r"(x) : "r"(y) : "memory", "cc");
	return ex_caught();
}

static int try_mmx(void)
{
	u32 v = 5;

	asm volatile(ASM_TRY("1f") "movd %0, %%mm0\n\temms\n1:"
		     : : "r"(v) : "memory");
	return ex_caught();
}

static int try_fxsave(void)
{
	static u8 area[512] __aligned(16);

	asm volatile(ASM_TRY("1f") "fxsave %0\n1:" : "=m"(area) : : "memory");
	return ex_caught();
}

static int try_cx8(void)
{
	static u64 m = 0;
	u32 lo = 0, hi = 0;

	asm volatile(ASM_TRY("1f") "lock cmpxchg8b %0\n1:"
		     : "+m"(m), "+a"(lo), "+d"(hi) : "b"(1), "c"(0) : "memory", "cc");
	return ex_caught();
}

static int try_rdtsc(void)
{
	u32 lo, hi;

	asm volatile(ASM_TRY("1f") "rdtsc\n1:" : "=a"(lo), "=d"(hi) : : "memory");
	return ex_caught();
}

static int try_rdmsr(u32 msr, u64 *v)
{
	u32 lo = 0, hi = 0;

	asm volatile(ASM_TRY("1f") "rdmsr\n1:" : "+a"(lo), "+d"(hi) : "c"(msr) : "memory");
	*v = (u64)hi << 32 | lo;
	return ex_caught();
}

static int try_wrmsr(u32 msr, u64 v)
{
	asm volatile(ASM_TRY("1f") "wrmsr\n1:"
		     : : "c"(msr), "a"((u32)v), "d"((u32)(v >> 32)) : "memory");
	return ex_caught();
}

static int try_sysenter_cs_msr(void)
{
	u64 v;

	/* SYSENTER itself would leave; its MSR exists exactly with SEP */
	return try_rdmsr(0x174, &v);
}

/* The instruction behaves as the bit says: runs (-1) or #UD. */
static void agrees(const char *what, bool bit, int vector)
{
	reportf(bit ? vector == -1 : vector == UD,
		"%s: CPUID says %s, the instruction %s", what,
		bit ? "present" : "absent",
		vector == -1 ? "runs" : vector == UD ? "is #UD" : "faults otherwise");
}

struct model {
	u32 signature;
	const char *name;
	u32 edx;		/* leaf 1 EDX as ringvm offers it */
};

/* ringvm's models (user/translator/cpu_model.c): the processors' features
 * cut down to what is implemented. */
#define F486 0x00000009u			/* FPU PSE */
#define FPENT (F486 | 0x00800134u)		/* + DE TSC MSR CX8 MMX */
#define FPENT2 (FPENT | 0x0103b840u)		/* + PAE SEP MTRR PGE CMOV PAT PSE36 FXSR */
static const struct model models[] = {
	{ 0x480, "486", F486 },
	{ 0x543, "pentium", FPENT },
	{ 0x652, "pentium2", FPENT2 },
	{ 0x673, "pentium3", FPENT2 | 0x02000000u },		/* + SSE */
	{ 0x663, "qemu32", FPENT2 | 0x06000000u },		/* + SSE SSE2 */
};

int main(void)
{
	u32 a, b, c, d, max, sig, edx;
	u64 v;
	char vendor[13];
	bool features_changed = false;

	cpuid_regs(0, &max, &b, &c, &d);
	memcpy(vendor, &b, 4);
	memcpy(vendor + 4, &d, 4);
	memcpy(vendor + 8, &c, 4);
	vendor[12] = 0;
	reportf(!strcmp(vendor, "GenuineIntel"), "CPUID 0: vendor %s", vendor);
	cpuid_regs(1, &sig, &b, &c, &edx);
	printf("# signature %03x, leaf 1 EDX %08x ECX %08x, max leaf %u\n",
	       sig, edx, c, max);
	for (unsigned i = 0; i < ARRAY_SIZE(models); i++) {
		if (models[i].signature != sig)
			continue;
		/* a -feature run (the variants file) changes the set */
		features_changed = edx != models[i].edx;
		if (features_changed)
			printf("# %s with changed features\n", models[i].name);
		else
			reportf(true, "model %s: signature %03x and leaf 1 EDX %08x",
				models[i].name, sig, edx);
	}
	reportf(max >= 1, "CPUID 0: max leaf %u >= 1", max);
	/* an out-of-range basic leaf reports the highest one (Intel) */
	cpuid_regs(max + 1, &a, &b, &c, &d);
	{
		u32 a2, b2, c2, d2;

		cpuid_regs(max, &a2, &b2, &c2, &d2);
		report("CPUID above the max leaf = the max leaf",
		       a == a2 && b == b2 && c == c2 && d == d2);
	}

	agrees("CMOV (EDX bit 15)", edx & (1u << 15), try_cmov());
	agrees("MMX (EDX bit 23)", edx & (1u << 23), try_mmx());
	agrees("FXSR (EDX bit 24)", edx & (1u << 24), try_fxsave());
	agrees("CX8 (EDX bit 8)", edx & (1u << 8), try_cx8());
	agrees("TSC (EDX bit 4)", edx & (1u << 4), try_rdtsc());
	agrees("MSR (EDX bit 5)", edx & (1u << 5), try_rdmsr(0x10, &v));
	if (edx & (1u << 5)) {
		reportf((edx & (1u << 11)) ? try_sysenter_cs_msr() == -1 : 1,
			"SEP (EDX bit 11): SYSENTER_CS MSR readable");
		report_eq("an unknown MSR is #GP", (u32)try_rdmsr(0x1234, &v), GP);
		if (edx & (1u << 12)) {
			report_eq("MTRRcap readable", (u32)try_rdmsr(0xfe, &v), (u32)-1);
			report_eq("MTRRcap: 8 variable ranges, fixed, WC", (u32)v, 0x508);
			report_eq("MTRR PHYSBASE0 writable",
				  (u32)try_wrmsr(0x200, 0x12345006ull), (u32)-1);
			try_rdmsr(0x200, &v);
			report_eq64("MTRR PHYSBASE0 reads back", v, 0x12345006ull);
			try_wrmsr(0x2ff, 0xc06);
			try_rdmsr(0x2ff, &v);
			report_eq64("MTRR def type reads back", v, 0xc06);
		} else {
			report_eq("no MTRR: MTRRcap is #GP", (u32)try_rdmsr(0xfe, &v), GP);
		}
	}
	exit_tests();
}
