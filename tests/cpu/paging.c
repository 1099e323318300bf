// SPDX-License-Identifier: GPL-2.0-only
/*
 * Paging (SDM Vol. 3A, chapter 4): 32-bit paging with 4 KiB pages and, with
 * CR4.PSE, 4 MiB pages; then PAE paging with its 64-bit entries and the
 * execute-disable bit.  Checked: #PF error codes (4.7, Figure 4-12) and CR2,
 * #PF as a fault (registers and REP progress), CR0.WP for supervisor writes
 * (4.6), user/supervisor protection from CPL 3, the accessed and dirty
 * flags the CPU sets (4.8), INVLPG and CR3 loads making a changed entry
 * visible (4.10.4), reserved bits (4.7 RSVD).
 *
 * The first 8 MiB are identity-mapped (the program lives at 1 MiB); the
 * pages under test are at TEST_LIN, backed by pages of .bss.
 */
#include "libcpu.h"

#define PTE_P	0x001
#define PTE_W	0x002
#define PTE_U	0x004
#define PTE_A	0x020
#define PTE_D	0x040
#define PTE_PS	0x080
#define PTE_NX	(1ULL << 63)

/* #PF error code bits (SDM Vol. 3A, 4.7) */
#define PF_P	0x01
#define PF_W	0x02
#define PF_U	0x04
#define PF_RSVD	0x08
#define PF_ID	0x10

#define MSR_EFER	0xc0000080
#define EFER_NXE	(1 << 11)

#define TEST_LIN	0x00800000u	/* PDE 2 in 32-bit paging */
#define PAGE(n)		(TEST_LIN + (n) * 4096u)
#define BIG_LIN		0x01000000u	/* 4 MiB page onto 0..4 MiB */

static u32 pd[1024] __aligned(4096);
static u32 pt_low[2][1024] __aligned(4096);
static u32 pt_test[1024] __aligned(4096);
static u8 frames[8][4096] __aligned(4096);

static volatile u32 marker = 0x5eed1234;

static void flush_all(void)
{
	write_cr3(read_cr3());
}

static void build_32bit(void)
{
	int i;

	memset(pd, 0, sizeof(pd));
	for (i = 0; i < 2048; i++)
		pt_low[i / 1024][i % 1024] = (u32)i << 12 | PTE_P | PTE_W |
					     PTE_U;
	pd[0] = (u32)pt_low[0] | PTE_P | PTE_W | PTE_U;
	pd[1] = (u32)pt_low[1] | PTE_P | PTE_W | PTE_U;
	memset(pt_test, 0, sizeof(pt_test));
	pd[TEST_LIN >> 22] = (u32)pt_test | PTE_P | PTE_W | PTE_U;
	for (i = 0; i < 8; i++)
		pt_test[i] = (u32)frames[i] | PTE_P | PTE_W;
}

/* the vector of a read of *p, or -1 */
static int try_read(u32 lin, u32 *val)
{
	u32 v = 0xdeadbeef;

	asm volatile(ASM_TRY("1f") "movl (%1), %0\n\t1:"
		     : "+r"(v) : "r"(lin) : "memory");
	*val = v;
	return ex_caught();
}

static int try_write(u32 lin, u32 val)
{
	asm volatile(ASM_TRY("1f") "movl %1, (%0)\n\t1:"
		     : : "r"(lin), "r"(val) : "memory");
	return ex_caught();
}

/* CALL to lin under ASM_TRY; ESP restored whether the fetch faulted */
static int try_call(u32 lin)
{
	asm volatile(ASM_TRY("1f")
		     "movl %%esp, %%ebx\n\t"
		     "call *%0\n\t"
		     "1:\n\t"
		     "movl %%ebx, %%esp"
		     : : "r"(lin) : "memory", "ebx", "eax", "ecx", "edx");
	return ex_caught();
}

static void expect_pf(const char *name, int v, u32 error, u32 cr2)
{
	if (v == PF_VECTOR && ex_error == error && ex_cr2 == cr2) {
		report(name, true);
		return;
	}
	tests_run++;
	tests_failed++;
	printf("FAIL: %s -- got vector %d error 0x%x cr2 0x%x, want #PF error 0x%x cr2 0x%x\n",
	       name, v, v < 0 ? 0 : ex_error, v < 0 ? 0 : ex_cr2, error, cr2);
}

static void test_basic(void)
{
	u32 v, at;
	int vec;

	report_eq("identity map reads the program's data", marker,
		  0x5eed1234);
	*(u32 *)frames[0] = 0x11110000;
	vec = try_read(PAGE(0), &v);
	report("test page maps its frame", vec == -1 && v == 0x11110000);

	/* not present */
	pt_test[1] = 0;
	invlpg((void *)PAGE(1));
	vec = try_read(PAGE(1) + 0x10, &v);
	expect_pf("read of a not-present page: #PF(0), CR2", vec, 0,
		  PAGE(1) + 0x10);
	report("#PF leaves the destination register", v == 0xdeadbeef);
	vec = try_write(PAGE(1) + 0xffc, 1);
	expect_pf("write to a not-present page: #PF(W)", vec, PF_W,
		  PAGE(1) + 0xffc);
	/*
	 * a dword across into the not-present page: the address that
	 * generated the fault lies in that page
	 */
	vec = try_read(PAGE(0) + 0xffe, &v);
	report("read across into a not-present page: #PF(0), CR2 in it",
	       vec == PF_VECTOR && ex_error == 0 && ex_cr2 >= PAGE(1) &&
	       ex_cr2 <= PAGE(0) + 0xffe + 3);

	/* an instruction fetch: fault at the target, no I/D without NX */
	vec = try_call(PAGE(1) + 0x20);
	expect_pf("fetch from a not-present page: #PF(0)", vec, 0,
		  PAGE(1) + 0x20);
	report("fetch #PF: saved EIP is the target", vec == PF_VECTOR &&
	       ex_eip == PAGE(1) + 0x20);

	/* #PF is a fault: saved EIP is the faulting instruction */
	asm volatile(ASM_TRY("1f") "movl $2f, %0\n\t"
		     "2: movl (%1), %%eax\n\t1:"
		     : "=&r"(at) : "r"(PAGE(1)) : "memory", "eax");
	vec = ex_caught();
	report("#PF is a fault: saved EIP is the MOV", vec == PF_VECTOR &&
	       ex_eip == at);
}

/*
 * REP MOVS faulting part way: the registers reflect the elements done, so
 * the instruction restarts where it stopped (SDM Vol. 2B, REP: "...the
 * registers ... updated ... when an exception occurs").
 */
static void test_rep_fault(void)
{
	u32 esi = (u32)frames[2], edi = PAGE(0) + 4096 - 10, ecx = 20;
	int vec;

	memset(frames[0], 0, 4096);
	memset(frames[2], 0x77, 32);
	asm volatile(ASM_TRY("1f") "rep movsb\n\t1:"
		     : "+S"(esi), "+D"(edi), "+c"(ecx) : : "memory");
	vec = ex_caught();
	expect_pf("rep movsb into a not-present page: #PF(W)", vec, PF_W,
		  PAGE(1));
	report("rep movsb fault: ECX, ESI, EDI show 10 bytes done",
	       ecx == 10 && edi == PAGE(1) && esi == (u32)frames[2] + 10);
	report("rep movsb fault: the 10 bytes were written",
	       frames[0][4095] == 0x77 && frames[0][4086] == 0x77 &&
	       frames[0][4085] == 0);
}

static void test_wp(void)
{
	u32 cr0 = read_cr0();
	int vec;

	pt_test[3] = (u32)frames[3] | PTE_P;	/* read-only */
	invlpg((void *)PAGE(3));
	/* CR0.WP=0: supervisor writes ignore R/W (SDM Vol. 3A, 4.6.1) */
	write_cr0(cr0 & ~CR0_WP);
	flush_all();
	vec = try_write(PAGE(3), 0x3333);
	report("WP=0: supervisor write to a read-only page succeeds",
	       vec == -1 && *(u32 *)frames[3] == 0x3333);
	write_cr0(cr0 | CR0_WP);
	flush_all();
	vec = try_write(PAGE(3) + 4, 0x4444);
	expect_pf("WP=1: supervisor write to a read-only page: #PF(P|W)",
		  vec, PF_P | PF_W, PAGE(3) + 4);
	report("WP=1: the page is unchanged", ((u32 *)frames[3])[1] == 0);
	write_cr0(cr0);
	flush_all();
}

static void test_accessed_dirty(void)
{
	u32 v;

	pt_test[4] = (u32)frames[4] | PTE_P | PTE_W;
	pd[TEST_LIN >> 22] &= ~(PTE_A | PTE_D);
	flush_all();
	report("A and D clear before any access",
	       !(pt_test[4] & (PTE_A | PTE_D)));
	try_read(PAGE(4), &v);
	report("a read sets A in the PTE", (pt_test[4] & PTE_A) != 0);
	report("a read leaves D clear in the PTE", !(pt_test[4] & PTE_D));
	report("a read sets A in the PDE", (pd[TEST_LIN >> 22] & PTE_A) != 0);
	try_write(PAGE(4), 1);
	report("a write sets D in the PTE", (pt_test[4] & PTE_D) != 0);

	/* a write as the first access sets both */
	pt_test[5] = (u32)frames[5] | PTE_P | PTE_W;
	invlpg((void *)PAGE(5));
	try_write(PAGE(5), 1);
	report("a first write sets A and D", (pt_test[5] & (PTE_A | PTE_D)) ==
	       (PTE_A | PTE_D));
}

static void test_invlpg(void)
{
	u32 v;

	*(u32 *)frames[6] = 0xaaaa;
	*(u32 *)frames[7] = 0xbbbb;
	pt_test[6] = (u32)frames[6] | PTE_P | PTE_W;
	invlpg((void *)PAGE(6));
	try_read(PAGE(6), &v);
	report_eq("page 6 maps frame 6", v, 0xaaaa);
	/* the TLB may now hold the old translation: INVLPG drops it */
	pt_test[6] = (u32)frames[7] | PTE_P | PTE_W;
	invlpg((void *)PAGE(6));
	try_read(PAGE(6), &v);
	report_eq("after the PTE change and invlpg: frame 7", v, 0xbbbb);
	pt_test[6] = (u32)frames[6] | PTE_P | PTE_W;
	flush_all();
	try_read(PAGE(6), &v);
	report_eq("after another change and a CR3 load: frame 6", v, 0xaaaa);
	/* a PTE made not present, then invlpg: the next access faults */
	pt_test[6] = 0;
	invlpg((void *)PAGE(6));
	expect_pf("not present after invlpg: #PF", try_read(PAGE(6), &v), 0,
		  PAGE(6));
}

/* 4 MiB pages: CR4.PSE=1 and PS in the PDE (SDM Vol. 3A, 4.3, Table 4-4) */
static void test_pse(void)
{
	volatile u32 *alias = (u32 *)((u32)&marker + BIG_LIN);
	u32 *pde = &pd[BIG_LIN >> 22];
	u32 v;
	int vec;

	if (!cpu_has(1, CPUID_EDX, 3)) {
		report_skip("pse: 4 MiB pages", "CPUID.1:EDX.PSE is 0");
		return;
	}
	write_cr4(read_cr4() | CR4_PSE);
	*pde = 0x00000000 | PTE_PS | PTE_P | PTE_W;
	flush_all();
	report_eq("pse: a 4 MiB page reads the program's data", *alias,
		  0x5eed1234);
	report("pse: the access set A in the PDE", (*pde & PTE_A) != 0);
	report("pse: no D before a write", !(*pde & PTE_D));
	*alias = 0x5eed1235;
	report("pse: the write reaches the same frame", marker == 0x5eed1235);
	report("pse: the write set D in the PDE", (*pde & PTE_D) != 0);
	marker = 0x5eed1234;

	/* read-only 4 MiB page, WP=1 */
	*pde = PTE_PS | PTE_P;
	write_cr0(read_cr0() | CR0_WP);
	flush_all();
	vec = try_write((u32)alias, 1);
	expect_pf("pse: write to a read-only 4 MiB page: #PF(P|W)", vec,
		  PF_P | PF_W, (u32)alias);
	write_cr0(read_cr0() & ~CR0_WP);

	/* bit 21 of a 4 MiB PDE is reserved whatever MAXPHYADDR is */
	*pde = PTE_PS | PTE_P | PTE_W | (1 << 21);
	flush_all();
	vec = try_read((u32)alias, &v);
	expect_pf("pse: reserved bit 21 in a 4 MiB PDE: #PF(P|RSVD)", vec,
		  PF_P | PF_RSVD, (u32)alias);
	*pde = 0;
	flush_all();
	write_cr4(read_cr4() & ~CR4_PSE);
}

/* ---- CPL 3 -------------------------------------------------------------- */

static volatile int uvec[4];
static volatile u32 uerr[4], ucr2[4];

static u32 user_accesses(void)
{
	u32 v;

	uvec[0] = try_read(PAGE(0), &v);	/* supervisor page */
	uerr[0] = ex_error;
	ucr2[0] = ex_cr2;
	uvec[1] = try_write(PAGE(0), 1);
	uerr[1] = ex_error;
	uvec[2] = try_read(PAGE(1), &v);	/* not present */
	uerr[2] = ex_error;
	uvec[3] = try_read((u32)&marker, &v);	/* user page */
	return v;
}

static void test_user(void)
{
	u32 v;

	tss_load();
	pt_test[0] = (u32)frames[0] | PTE_P | PTE_W;
	pt_test[1] = 0;
	flush_all();
	v = run_user(user_accesses, 0);
	report("cpl 3: read of a supervisor page: #PF(P|U)",
	       uvec[0] == PF_VECTOR && uerr[0] == (PF_P | PF_U) &&
	       ucr2[0] == PAGE(0));
	report("cpl 3: write to a supervisor page: #PF(P|W|U)",
	       uvec[1] == PF_VECTOR && uerr[1] == (PF_P | PF_W | PF_U));
	report("cpl 3: read of a not-present page: #PF(U)",
	       uvec[2] == PF_VECTOR && uerr[2] == PF_U);
	report("cpl 3: read of a user page", uvec[3] == -1 &&
	       v == 0x5eed1234);
}

/* ---- PAE (SDM Vol. 3A, 4.4) --------------------------------------------- */

static u64 pdpt[4] __aligned(32);
static u64 pae_pd[512] __aligned(4096);
static u64 pae_pt[512] __aligned(4096);

#define PAE_TEST_LIN	0x00800000u	/* PD entry 4 (2 MiB each) */
#define PAE_PAGE(n)	(PAE_TEST_LIN + (n) * 4096u)

/*
 * CPUID.80000008H:EAX[7:0], or 36 when that leaf is missing and PAE is
 * supported (SDM Vol. 3A, 4.1.4)
 */
static int maxphyaddr(void)
{
	u32 a, b, c, d;

	cpuid(0x80000000, 0, &a, &b, &c, &d);
	if (a < 0x80000008)
		return 36;
	cpuid(0x80000008, 0, &a, &b, &c, &d);
	return a & 0xff;
}

static void test_pae(void)
{
	u32 cr0 = read_cr0(), cr4 = read_cr4(), v;
	bool nx = cpu_has(0x80000001, CPUID_EDX, 20);
	int vec, i;

	if (!cpu_has(1, CPUID_EDX, 6)) {
		report_skip("pae", "CPUID.1:EDX.PAE is 0");
		return;
	}
	/* 2 MiB pages (PS in the PDE is always honoured in PAE) for 0-8 MiB */
	memset(pae_pd, 0, sizeof(pae_pd));
	for (i = 0; i < 4; i++)
		pae_pd[i] = (u64)i << 21 | PTE_PS | PTE_P | PTE_W;
	pae_pd[PAE_TEST_LIN >> 21] = (u32)pae_pt | PTE_P | PTE_W;
	memset(pae_pt, 0, sizeof(pae_pt));
	for (i = 0; i < 8; i++)
		pae_pt[i] = (u32)frames[i] | PTE_P | PTE_W;
	pdpt[0] = (u32)pae_pd | PTE_P;
	pdpt[1] = pdpt[2] = pdpt[3] = 0;

	write_cr0(cr0 & ~CR0_PG);
	write_cr3((u32)pdpt);
	write_cr4(cr4 | CR4_PAE);
	write_cr0(cr0 | CR0_PG);

	*(u32 *)frames[2] = 0x2222;
	report_eq("pae: identity map by 2 MiB pages", marker, 0x5eed1234);
	vec = try_read(PAE_PAGE(2), &v);
	report("pae: a 4 KiB page", vec == -1 && v == 0x2222);
	report("pae: A set in the 64-bit PTE", (pae_pt[2] & PTE_A) != 0);
	try_write(PAE_PAGE(2), 1);
	report("pae: D set in the 64-bit PTE", (pae_pt[2] & PTE_D) != 0);
	report("pae: A set in the 2 MiB PDE mapping the code",
	       (pae_pd[(u32)test_pae >> 21] & PTE_A) != 0);

	pae_pt[3] = 0;
	invlpg((void *)PAE_PAGE(3));
	vec = try_write(PAE_PAGE(3) + 8, 1);
	expect_pf("pae: write to a not-present page: #PF(W)", vec, PF_W,
		  PAE_PAGE(3) + 8);
	/* an address bit at or above MAXPHYADDR is reserved (4.4.2) */
	pae_pt[4] = (u32)frames[4] | PTE_P | PTE_W | 1ULL << maxphyaddr();
	invlpg((void *)PAE_PAGE(4));
	vec = try_read(PAE_PAGE(4), &v);
	expect_pf("pae: PTE bit MAXPHYADDR set: #PF(P|RSVD)", vec,
		  PF_P | PF_RSVD, PAE_PAGE(4));
	/* bit 63 with EFER.NXE=0 is reserved (4.4.2, Table 4-11) */
	pae_pt[4] = (u32)frames[4] | PTE_P | PTE_W | PTE_NX;
	invlpg((void *)PAE_PAGE(4));
	vec = try_read(PAE_PAGE(4), &v);
	expect_pf("pae: bit 63 set with EFER.NXE=0: #PF(P|RSVD)", vec,
		  PF_P | PF_RSVD, PAE_PAGE(4));

	/* fetch from a not-present page with NXE=0: I/D stays 0 (4.7) */
	pae_pt[5] = 0;
	invlpg((void *)PAE_PAGE(5));
	expect_pf("pae: fetch from a not-present page, NXE=0: #PF(0)",
		  try_call(PAE_PAGE(5)), 0, PAE_PAGE(5));

	if (!nx) {
		report_skip("pae: execute from an NX page",
			    "CPUID.80000001H:EDX.NX is 0");
	} else {
		wrmsr(MSR_EFER, rdmsr(MSR_EFER) | EFER_NXE);
		frames[6][0] = 0xc3;	/* RET */
		pae_pt[6] = (u32)frames[6] | PTE_P | PTE_W | PTE_NX;
		invlpg((void *)PAE_PAGE(6));
		vec = try_call(PAE_PAGE(6));
		expect_pf("pae: execute from an NX page: #PF(P|I/D)", vec,
			  PF_P | PF_ID, PAE_PAGE(6));
		vec = try_read(PAE_PAGE(6), &v);
		report("pae: an NX page is readable", vec == -1 &&
		       (v & 0xff) == 0xc3);
		pae_pt[6] &= ~PTE_NX;
		invlpg((void *)PAE_PAGE(6));
		report("pae: the same page without NX executes",
		       try_call(PAE_PAGE(6)) == -1);
		expect_pf("pae: fetch from a not-present page, NXE=1: #PF(I/D)",
			  try_call(PAE_PAGE(5)), PF_ID, PAE_PAGE(5));
		wrmsr(MSR_EFER, rdmsr(MSR_EFER) & ~EFER_NXE);
	}

	write_cr0(cr0 & ~CR0_PG);
	write_cr4(cr4);
}

int main(void)
{
	build_32bit();
	write_cr3((u32)pd);
	write_cr0(read_cr0() | CR0_PG);
	test_basic();
	test_rep_fault();
	test_wp();
	test_accessed_dirty();
	test_invlpg();
	test_pse();
	test_user();
	write_cr0(read_cr0() & ~CR0_PG);
	test_pae();
	return 0;
}
