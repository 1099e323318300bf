// SPDX-License-Identifier: GPL-2.0-only
/*
 * The x87 FPU and MMX as the operating system sees them:
 *
 * - #NM and #UD from CR0.EM, CR0.MP and CR0.TS for x87, WAIT, MMX and
 *   FXSAVE (SDM Vol. 3A 2.5 and Table 2-2; Vol. 2 FXSAVE, EMMS);
 * - an unmasked exception pending until the next waiting instruction, then
 *   #MF with CR0.NE=1, with the destination and the stack left unchanged
 *   and the instruction pointer of the faulting instruction kept (Vol. 1
 *   8.5.3, 8.7; Vol. 3A 6.15 interrupt 16; NE=0 is in x87ferr.c);
 * - the FNSTENV, FNSAVE and FXSAVE layouts, in 32-bit and 16-bit operand
 *   size, protected and real-address mode (Vol. 1 8.1.10, Figures 8-9 to
 *   8-12; Vol. 2 FXSAVE Table 3-53), and their restores;
 * - the MMX registers aliased on the x87 significands (Vol. 1 9.5, Table
 *   9-2) and the tag word after EMMS, FFREE and FNINIT (8.1.7).
 *
 * The real-mode part is in x87.S.
 */
#include "libcpu.h"

/* x87 status word (SDM Vol. 1 8.1.3) */
#define FSW_ZE		0x0004
#define FSW_ES		0x0080
#define FSW_B		0x8000
#define FSW_TOP(sw)	(((sw) >> 11) & 7)

#define RM_BASE		0x10000
#define CODE16_IDX	GDT_FIRST_FREE
#define DATA16_IDX	(GDT_FIRST_FREE + 1)
#define SMALL_IDX	(GDT_FIRST_FREE + 2)	/* data, 4 KiB limit */

struct env32 {
	u32 fcw, fsw, ftw, fip, fcs_fop, fdp, fds;
} __attribute__((packed));

struct env16 {
	u16 fcw, fsw, ftw, fip, fcs, fdp, fds;
} __attribute__((packed));

struct save32 {
	struct env32 env;
	u8 st[8][10];
} __attribute__((packed));

struct fxarea {
	u16 fcw, fsw;
	u8 ftw, rsvd0;
	u16 fop;
	u32 fip;
	u16 fcs, rsvd1;
	u32 fdp;
	u16 fds, rsvd2;
	u32 mxcsr, mxcsr_mask;
	struct {
		u8 v[10];
		u8 pad[6];
	} st[8];
	u8 rest[512 - 160];
} __attribute__((packed, aligned(16)));

/* operands, referenced by name from the asm statements */
static const u64 val_one __attribute__((used)) = 0x3ff0000000000000ull;
static const u64 val_two __attribute__((used)) = 0x4000000000000000ull;
static const u16 cw_ze_unmasked __attribute__((used)) = 0x037b;
static const u16 cw_all_unmasked __attribute__((used)) = 0x0360;
static const u8 f80_denormal[10] __attribute__((used)) = { 1 };
static u64 mm_out __attribute__((used));
static struct fxarea fx_area __attribute__((used));
static u8 fx_big[528] __aligned(16) __attribute__((used));

static bool have_mmx, have_fxsr;

extern u8 x87_rm_start[], x87_rm_end[], x87_rm_fld[], x87_rm_val[];
extern u8 x87_rm_env32[], x87_rm_env16[], x87_rm_save16[];
void x87_rm_run(void);

/* the 80-bit value at p: sign+exponent, significand */
static bool f80_is(const u8 *p, u16 se, u64 mant)
{
	u64 m;
	u16 e;

	memcpy(&m, p, 8);
	memcpy(&e, p + 8, 2);
	return m == mant && e == se;
}

static void fninit(void)
{
	asm volatile("fninit" : : : "memory");
}

static u16 fnstsw(void)
{
	u16 sw;

	asm volatile("fnstsw %0" : "=m"(sw) : : "memory");
	return sw;
}

static u16 fnstcw(void)
{
	u16 cw;

	asm volatile("fnstcw %0" : "=m"(cw) : : "memory");
	return cw;
}

static void fnstenv(struct env32 *e)
{
	asm volatile("fnstenv %0" : "=m"(*e) : : "memory");
}

/* ---- #NM and #UD: SDM Vol. 3A Table 2-2 -------------------------------- */

static int try_x87(void)
{
	asm volatile(ASM_TRY("1f") "fnop\n\t1:" : : : "memory");
	return ex_caught();
}

static int try_wait(void)
{
	asm volatile(ASM_TRY("1f") "fwait\n\t1:" : : : "memory");
	return ex_caught();
}

static int try_mmx(void)
{
	asm volatile(ASM_TRY("1f") "emms\n\t1:" : : : "memory");
	return ex_caught();
}

static int try_fxsave(void)
{
	asm volatile(ASM_TRY("1f") "fxsave fx_area\n\t1:" : : : "memory");
	return ex_caught();
}

static void expect_vec(const char *what, unsigned em, unsigned mp,
		       unsigned ts, int got, int want)
{
	static const char *const name[] = { [NM_VECTOR] = "#NM", [UD_VECTOR] = "#UD" };
	char buf[96];

	snprintf(buf, sizeof(buf), "EM=%u MP=%u TS=%u: %s %s", em, mp, ts, what,
		 want < 0 ? "runs" : name[want]);
	report_eq(buf, (u32)got, (u32)want);
}

static void test_nm(void)
{
	u32 cr0 = read_cr0() & ~(CR0_EM | CR0_MP | CR0_TS);
	int got[8][4], i;

	for (i = 0; i < 8; i++) {
		u32 bits = (i & 4 ? CR0_EM : 0) | (i & 2 ? CR0_MP : 0) |
			   (i & 1 ? CR0_TS : 0);

		write_cr0(cr0 | bits);
		got[i][0] = try_x87();
		got[i][1] = try_wait();
		got[i][2] = have_mmx ? try_mmx() : -2;
		got[i][3] = have_fxsr ? try_fxsave() : -2;
		write_cr0(cr0 | CR0_MP);
	}
	for (i = 0; i < 8; i++) {
		unsigned em = !!(i & 4), mp = !!(i & 2), ts = i & 1;

		expect_vec("fnop", em, mp, ts, got[i][0],
			   em || ts ? NM_VECTOR : -1);
		expect_vec("fwait", em, mp, ts, got[i][1],
			   mp && ts ? NM_VECTOR : -1);
		if (have_mmx)
			expect_vec("emms", em, mp, ts, got[i][2],
				   em ? UD_VECTOR : ts ? NM_VECTOR : -1);
		if (have_fxsr)
			expect_vec("fxsave", em, mp, ts, got[i][3],
				   em ? UD_VECTOR : ts ? NM_VECTOR : -1);
	}
	if (!have_mmx)
		report_skip("EM/TS with MMX", "CPUID.1:EDX.MMX is 0");
	if (!have_fxsr)
		report_skip("EM/TS with FXSAVE", "CPUID.1:EDX.FXSR is 0");
}

/* ---- #MF: SDM Vol. 1 8.7, Vol. 3A 6.15 "Interrupt 16" ------------------- */

static u32 pending_at;

/* 1 / 0 with ZE unmasked: FDIVP ST(1), ST(0) (DE F9, FOP 6F9H) flags the
 * exception and leaves it pending; returns the vector raised, if any. */
static int make_pending(void)
{
	asm volatile(ASM_TRY("1f")
		     "fninit\n\t"
		     "fldcw cw_ze_unmasked\n\t"
		     "fld1\n\t"
		     "fldz\n\t"
		     "2: .byte 0xde, 0xf9\n\t"
		     "movl $2b, %0\n\t"
		     "1:"
		     : "=m"(pending_at) : : "memory");
	return ex_caught();
}

static void test_mf(void)
{
	struct save32 save;
	struct env32 env;
	u32 at = 0, cr0 = read_cr0();
	u16 sw;
	int v;

	write_cr0(cr0 | CR0_NE);
	report_eq("unmasked #Z: nothing raised by the faulting FDIVP",
		  (u32)make_pending(), (u32)-1);
	sw = fnstsw();
	report_eq("unmasked #Z: FSW has ZE, ES and B", sw & (FSW_ZE | FSW_ES | FSW_B),
		  FSW_ZE | FSW_ES | FSW_B);
	report_eq("unmasked #Z: no pop (TOP 6)", FSW_TOP(sw), 6);

	asm volatile(ASM_TRY("1f") "2: fwait\n\t1: movl $2b, %0"
		     : "=m"(at) : : "memory");
	v = ex_caught();
	report_eq("NE=1: FWAIT delivers #MF", (u32)v, MF_VECTOR);
	report_eq("#MF: saved EIP is the FWAIT", ex_eip, at);
	report_eq("#MF: no error code", ex_error, 0);

	fnstenv(&env);
	report_eq("#MF: FIP is the FDIVP", env.fip, pending_at);
	report_eq("#MF: FOP is 6F9H", (env.fcs_fop >> 16) & 0x7ff, 0x6f9);
	report_eq("#MF: FCS", env.fcs_fop & 0xffff, KERNEL_CS);
	report_eq("#MF: ES still set", env.fsw & FSW_ES, FSW_ES);
	asm volatile("fnsave %0" : "=m"(save) : : "memory");
	report("unmasked #Z: ST(1) keeps 1.0 (destination unchanged)",
	       f80_is(save.st[1], 0x3fff, 1ull << 63));
	report("unmasked #Z: ST(0) keeps +0", f80_is(save.st[0], 0, 0));

	/* any waiting x87 instruction delivers it, before executing */
	make_pending();
	asm volatile(ASM_TRY("1f") "2: fld1\n\t1: movl $2b, %0"
		     : "=m"(at) : : "memory");
	v = ex_caught();
	report_eq("NE=1: FLD1 delivers #MF", (u32)v, MF_VECTOR);
	report_eq("#MF before FLD1: saved EIP is the FLD1", ex_eip, at);
	report_eq("#MF before FLD1: FLD1 not executed (TOP 6)",
		  FSW_TOP(fnstsw()), 6);

	if (have_mmx) {
		make_pending();
		asm volatile(ASM_TRY("1f") "pxor %%mm0, %%mm0\n\t1:" : : : "memory");
		report_eq("NE=1: PXOR (MMX) delivers #MF", (u32)ex_caught(),
			  MF_VECTOR);
	} else {
		report_skip("NE=1: PXOR (MMX) delivers #MF", "no MMX");
	}

	/* FNCLEX clears it: FWAIT runs */
	make_pending();
	asm volatile("fnclex" : : : "memory");
	asm volatile(ASM_TRY("1f") "fwait\n\t1:" : : : "memory");
	report_eq("after FNCLEX: FWAIT runs", (u32)ex_caught(), (u32)-1);
	fninit();
	/* NE=0 is x87ferr.c's */
}

/* ---- FNSTENV, FNSAVE, FRSTOR in protected mode --------------------------- */

static void test_env_pm(void)
{
	struct env32 e32;
	struct env16 e16;
	struct save32 save;
	u32 fld_at;
	u16 cw;

	/* FLDL val_one: DD 05 disp32, FOP 505H; then all unmasked */
	asm volatile("fninit\n\t"
		     "2: fldl val_one\n\t"
		     "movl $2b, %0\n\t"
		     "fldcw cw_all_unmasked\n\t"
		     "fnstenv %1"
		     : "=m"(fld_at), "=m"(e32) : : "memory");
	cw = fnstcw();
	report_eq("pm32 fnstenv: FCW", e32.fcw & 0xffff, 0x0360);
	report_eq("pm32 fnstenv: FSW TOP 7", e32.fsw & 0xffff, 0x3800);
	report_eq("pm32 fnstenv: FTW (R7 valid, others empty)", e32.ftw & 0xffff,
		  0x3fff);
	report_eq("pm32 fnstenv: FIP", e32.fip, fld_at);
	report_eq("pm32 fnstenv: FCS", e32.fcs_fop & 0xffff, KERNEL_CS);
	report_eq("pm32 fnstenv: FOP in bits 16-26", e32.fcs_fop >> 16, 0x505);
	report_eq("pm32 fnstenv: FDP", e32.fdp, (u32)&val_one);
	report_eq("pm32 fnstenv: FDS", e32.fds & 0xffff, KERNEL_DS);
	report_eq("fnstenv then masks all exceptions", cw, 0x037f);

	/* 16-bit operand size (66 prefix): the 14-byte layout */
	asm volatile(".byte 0x66\n\tfnstenv %0" : "=m"(e16) : : "memory");
	report_eq("pm16 fnstenv: FCW", e16.fcw, 0x037f);
	report_eq("pm16 fnstenv: FSW", e16.fsw, 0x3800);
	report_eq("pm16 fnstenv: FTW", e16.ftw, 0x3fff);
	report_eq("pm16 fnstenv: FIP offset", e16.fip, fld_at & 0xffff);
	report_eq("pm16 fnstenv: FCS", e16.fcs, KERNEL_CS);
	report_eq("pm16 fnstenv: FDP offset", e16.fdp, (u32)&val_one & 0xffff);
	report_eq("pm16 fnstenv: FDS", e16.fds, KERNEL_DS);

	/* FNSAVE: environment, registers in stack order, then FNINIT */
	asm volatile("fldl val_two\n\tfnsave %0" : "=m"(save) : : "memory");
	report_eq("pm32 fnsave: FSW TOP 6", save.env.fsw & 0xffff, 0x3000);
	report_eq("pm32 fnsave: FTW", save.env.ftw & 0xffff, 0x0fff);
	report("pm32 fnsave: ST(0) = 2.0 at byte 28",
	       f80_is(save.st[0], 0x4000, 1ull << 63));
	report("pm32 fnsave: ST(1) = 1.0 at byte 38",
	       f80_is(save.st[1], 0x3fff, 1ull << 63));
	report_eq("after fnsave: FCW 037FH", fnstcw(), 0x037f);
	fnstenv(&e32);
	report_eq("after fnsave: FSW 0", e32.fsw & 0xffff, 0);
	report_eq("after fnsave: FTW FFFFH", e32.ftw & 0xffff, 0xffff);

	/* FRSTOR puts it back */
	save.env.fcw = 0x027f;
	asm volatile("frstor %0" : : "m"(save) : "memory");
	fnstenv(&e32);
	report_eq("frstor: FCW", e32.fcw & 0xffff, 0x027f);
	report_eq("frstor: TOP 6", FSW_TOP(e32.fsw), 6);
	report_eq("frstor: FTW", e32.ftw & 0xffff, 0x0fff);
	asm volatile("fnsave %0" : "=m"(save) : : "memory");
	report("frstor: ST(0) = 2.0 again", f80_is(save.st[0], 0x4000, 1ull << 63));
	fninit();
}

/* ---- real-address mode (x87.S) ------------------------------------------ */

#define RM_LIN(sym) (RM_BASE + (u32)((sym) - x87_rm_start))
#define RM_AT(sym) ((void *)RM_LIN(sym))

static void test_env_real(void)
{
	const struct env32 *e32 = RM_AT(x87_rm_env32);
	const struct env16 *e16 = RM_AT(x87_rm_env16);
	const u8 *s16 = RM_AT(x87_rm_save16);
	u32 fip = RM_LIN(x87_rm_fld), fdp = RM_LIN(x87_rm_val);

	gdt_set(CODE16_IDX, RM_BASE, 0xffff, DESC_CODE32, 0);
	gdt_set(DATA16_IDX, RM_BASE, 0xffff, DESC_DATA32, 0);
	memcpy((void *)RM_BASE, x87_rm_start, x87_rm_end - x87_rm_start);
	x87_rm_run();

	report_eq("real32 fnstenv: FCW", e32->fcw & 0xffff, 0x037f);
	report_eq("real32 fnstenv: FSW", e32->fsw & 0xffff, 0x3800);
	report_eq("real32 fnstenv: FTW", e32->ftw & 0xffff, 0x3fff);
	report_eq("real32 fnstenv: FIP bits 0-15", e32->fip & 0xffff, fip & 0xffff);
	report_eq("real32 fnstenv: FIP bits 16-31 and FOP",
		  e32->fcs_fop & 0x0ffff7ff, (fip >> 16) << 12 | 0x506);
	report_eq("real32 fnstenv: FDP bits 0-15", e32->fdp & 0xffff, fdp & 0xffff);
	report_eq("real32 fnstenv: FDP bits 16-31", e32->fds & 0x0ffff000,
		  (fdp >> 16) << 12);
	report_eq("real16 fnstenv: FCW", e16->fcw, 0x037f);
	report_eq("real16 fnstenv: FIP bits 0-15", e16->fip, fip & 0xffff);
	report_eq("real16 fnstenv: FIP bits 16-19 and FOP", e16->fcs & 0xf7ff,
		  ((fip >> 16) & 15) << 12 | 0x506);
	report_eq("real16 fnstenv: FDP bits 0-15", e16->fdp, fdp & 0xffff);
	report_eq("real16 fnstenv: FDP bits 16-19", e16->fds & 0xf000,
		  ((fdp >> 16) & 15) << 12);
	report("real16 fnsave: ST(0) = 1.0 at byte 14",
	       f80_is(s16 + 14, 0x3fff, 1ull << 63));
	report_eq("back in protected mode: CS", read_cs(), KERNEL_CS);
}

/* ---- FXSAVE / FXRSTOR ---------------------------------------------------- */

static void test_fxsave(void)
{
	struct fxarea *fx = &fx_area;
	struct env32 e;
	u32 fldz_at;

	if (!have_fxsr) {
		report_skip("fxsave layout", "CPUID.1:EDX.FXSR is 0");
		return;
	}
	/* 2.0 from memory, then FLDZ (D9 EE, FOP 1EEH) */
	asm volatile("fninit\n\t"
		     "fldl val_two\n\t"
		     "2: fldz\n\t"
		     "movl $2b, %0\n\t"
		     "fxsave fx_area"
		     : "=m"(fldz_at) : : "memory");
	report_eq("fxsave: FCW at 0", fx->fcw, 0x037f);
	report_eq("fxsave: FSW at 2 (TOP 6)", fx->fsw, 0x3000);
	report_eq("fxsave: abridged FTW at 4 (R6, R7)", fx->ftw, 0xc0);
	report_eq("fxsave: FOP at 6", fx->fop, 0x1ee);
	report_eq("fxsave: FIP at 8", fx->fip, fldz_at);
	report_eq("fxsave: FCS at 12", fx->fcs, KERNEL_CS);
	report_eq("fxsave: FDP at 16", fx->fdp, (u32)&val_two);
	report_eq("fxsave: FDS at 20", fx->fds, KERNEL_DS);
	report("fxsave: ST(0) = +0 at 32", f80_is(fx->st[0].v, 0, 0));
	report("fxsave: ST(1) = 2.0 at 48", f80_is(fx->st[1].v, 0x4000, 1ull << 63));
	fnstenv(&e);
	report_eq("fxsave leaves the FPU as it was (TOP 6)", FSW_TOP(e.fsw), 6);

	/* FXRSTOR: only R7 in use, TOP 7, FCW changed */
	fninit();
	fx->ftw = 0x80;
	fx->fsw = 0x3800;
	fx->fcw = 0x027f;
	fx->st[0] = fx->st[1];
	asm volatile("fxrstor fx_area" : : : "memory");
	fnstenv(&e);
	report_eq("fxrstor: FCW", e.fcw & 0xffff, 0x027f);
	report_eq("fxrstor: FSW", e.fsw & 0xffff, 0x3800);
	report_eq("fxrstor: full FTW from the abridged one", e.ftw & 0xffff, 0x3fff);
	fninit();

	asm volatile(ASM_TRY("1f") "fxsave fx_big + 8\n\t1:" : : : "memory");
	report_eq("fxsave to an address not 16-byte aligned: #GP",
		  (u32)ex_caught(), GP_VECTOR);
	report_eq("fxsave misaligned: error code 0", ex_error, 0);
}

/* ---- faults on the memory operand: precise, nothing changed ------------- */

static void test_faults(void)
{
	struct env32 before, after;
	int v;

	gdt_set(SMALL_IDX, 0, 0xfff, DESC_DATA32, 0);
	asm volatile("movw %w0, %%fs" : : "r"(SMALL_IDX << 3));

	/* FSTP m64 across the limit: #GP(0), no pop, no new FIP */
	asm volatile("fninit\n\tfld1\n\tfldl val_two\n\tfnstenv %0"
		     : "=m"(before) : : "memory");
	asm volatile(ASM_TRY("1f") "fstpl %%fs:0xffc\n\t1:" : : : "memory");
	v = ex_caught();
	fnstenv(&after);
	report_eq("fstp m64 beyond the FS limit: #GP", (u32)v, GP_VECTOR);
	report_eq("fstp fault: TOP unchanged (no pop)", FSW_TOP(after.fsw), 6);
	report_eq("fstp fault: FIP unchanged", after.fip, before.fip);
	report_eq("fstp fault: FDP unchanged", after.fdp, before.fdp);

	/* FNSAVE across the limit: #GP(0), the FPU not reinitialised */
	asm volatile("fldcw cw_ze_unmasked" : : : "memory");
	asm volatile(ASM_TRY("1f") "fnsave %%fs:0xfc0\n\t1:" : : : "memory");
	v = ex_caught();
	report_eq("fnsave beyond the FS limit: #GP", (u32)v, GP_VECTOR);
	report_eq("fnsave fault: FCW unchanged (no FNINIT)", fnstcw(), 0x037b);
	report_eq("fnsave fault: TOP unchanged", FSW_TOP(fnstsw()), 6);

	/* FRSTOR from across the limit: #GP(0), nothing loaded */
	asm volatile(ASM_TRY("1f") "frstor %%fs:0xfc0\n\t1:" : : : "memory");
	v = ex_caught();
	report_eq("frstor beyond the FS limit: #GP", (u32)v, GP_VECTOR);
	report_eq("frstor fault: FCW unchanged", fnstcw(), 0x037b);
	asm volatile("movw %w0, %%fs" : : "r"(KERNEL_DS));
	fninit();
}

/* ---- MMX aliasing and tags ---------------------------------------------- */

static void test_alias(void)
{
	static const u64 pattern = 0x0123456789abcdefull;
	static const u8 x80[10] = { 0xef, 0xcd, 0xab, 0x89, 0x67, 0x45, 0x23,
				    0x81, 0x05, 0x40 };	/* 4005 8123456789abcdef */
	struct save32 save;
	struct env32 e;

	if (!have_mmx) {
		report_skip("mmx aliasing", "CPUID.1:EDX.MMX is 0");
		return;
	}
	/* an MMX write: significand, exponent and sign all ones, TOP 0,
	 * every tag valid */
	asm volatile("fninit\n\t"
		     "fld1\n\t"
		     "movq %1, %%mm0\n\t"
		     "fnstenv %0"
		     : "=m"(e) : "m"(pattern) : "memory");
	report_eq("movq to mm0: TOP 0", FSW_TOP(e.fsw), 0);
	report_eq("movq to mm0: R0 tagged special (exponent all ones)",
		  e.ftw & 3, 2);
	report_eq("movq to mm0: R7 (1.0) tagged valid", (e.ftw >> 14) & 3, 0);
	report("movq to mm0: no tag empty",
	       ((e.ftw & 0xaaaa) >> 1 & e.ftw & 0x5555) == 0);
	asm volatile("fnsave %0" : "=m"(save) : : "memory");
	report("mm0 is R0's significand; exponent and sign all ones",
	       f80_is(save.st[0], 0xffff, pattern));
	report("R7 keeps 1.0", f80_is(save.st[7], 0x3fff, 1ull << 63));

	/* x87 to MMX: mm7 reads R7's significand, R7's exponent stays */
	asm volatile("fninit\n\t"
		     "fldt %2\n\t"
		     "movq %%mm7, %0\n\t"
		     "fnsave %1"
		     : "=m"(mm_out), "=m"(save) : "m"(x80) : "memory");
	report_eq64("fldt then movq from mm7: the significand", mm_out,
		    0x8123456789abcdefull);
	report("reading mm7 leaves R7's exponent", f80_is(save.st[7], 0x4005,
							   0x8123456789abcdefull));
	report_eq("reading mm7 sets TOP 0", FSW_TOP(save.env.fsw), 0);

	/* EMMS: every tag empty */
	asm volatile("fninit\n\tfld1\n\tmovq %1, %%mm1\n\temms\n\tfnstenv %0"
		     : "=m"(e) : "m"(pattern) : "memory");
	report_eq("after emms: FTW FFFFH", e.ftw & 0xffff, 0xffff);
	report_eq("after emms: TOP 0", FSW_TOP(e.fsw), 0);

	/* FFREE ST(1) empties R7 (TOP 6); FLDZ tags zero */
	asm volatile("fninit\n\tfld1\n\tfld1\n\tffree %%st(1)\n\tfnstenv %0"
		     : "=m"(e) : : "memory");
	report_eq("ffree st(1): FTW", e.ftw & 0xffff, 0xcfff);
	asm volatile("fninit\n\tfldz\n\tfld1\n\tfldt f80_denormal\n\tfnstenv %0"
		     : "=m"(e) : : "memory");
	report_eq("tags zero, valid, special (denormal)", e.ftw & 0xffff, 0x4bff);
	asm volatile("fninit\n\tfnstenv %0" : "=m"(e) : : "memory");
	report_eq("after fninit: FTW FFFFH", e.ftw & 0xffff, 0xffff);
	report_eq("after fninit: FCW 037FH", e.fcw & 0xffff, 0x037f);
	report_eq("after fninit: FSW 0", e.fsw & 0xffff, 0);
}

int main(void)
{
	u32 cr0 = read_cr0();

	if (!cpu_has(1, CPUID_EDX, 0)) {
		report_skip("x87", "CPUID.1:EDX.FPU is 0");
		return 0;
	}
	have_mmx = cpu_has(1, CPUID_EDX, 23);
	have_fxsr = cpu_has(1, CPUID_EDX, 24);
	report("cpuid advertises MMX", have_mmx);
	report("cpuid advertises FXSR", have_fxsr);
	/* native x87 error reporting, no emulation, no task switch pending */
	write_cr0((cr0 & ~(CR0_EM | CR0_TS)) | CR0_MP | CR0_NE);
	fninit();

	test_nm();
	test_mf();
	test_env_pm();
	test_env_real();
	test_fxsave();
	test_faults();
	test_alias();
	return 0;
}
