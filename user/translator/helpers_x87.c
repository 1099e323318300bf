// SPDX-License-Identifier: GPL-2.0-only
/*
 * The x87 FPU: loads and stores, arithmetic, comparisons, transcendentals
 * and the control instructions (SDM Vol. 1 ch. 8, Vol. 2 per instruction).
 * Arithmetic is the soft-float library's (softfloat/softfloat.h); this file
 * adds the x87's stack, tags, condition codes and exception rules:
 *
 * - a stack fault (#IS) is IE with SF, C1 telling overflow from underflow;
 *   masked, the destination gets the indefinite (§8.5.1.1);
 * - an unmasked exception sets ES and B and is delivered by the next
 *   waiting instruction (§8.7, x87_check_pending); unmasked #I, #D and #Z
 *   leave destination and stack unchanged, as do #O and #U for a memory
 *   destination (§8.5.1-8.5.5);
 * - FIP, FCS, FOP (and FDP, FDS with a memory operand) record the last
 *   non-control instruction (§8.1.8-9).
 *
 * helper_x87(env, ea, descriptor, cond): see x87.h for the descriptor.
 */
#include <string.h>

#include "flags.h"
#include "helpers.h"
#include "ir.h"
#include "softmmu.h"
#include "x87.h"

/* --- the register stack (§8.1.2) --- */

static unsigned phys(const struct x86_cpu *cpu, int i)
{
	return (cpu->ftop + (unsigned)i) & 7;
}

static bool st_empty(const struct x86_cpu *cpu, int i)
{
	return cpu->fempty >> phys(cpu, i) & 1;
}

static f80 st_get(const struct x86_cpu *cpu, int i)
{
	return cpu->fpr[phys(cpu, i)];
}

static void st_set(struct x86_cpu *cpu, int i, f80 v)
{
	unsigned p = phys(cpu, i);

	cpu->fpr[p] = v;
	cpu->fempty &= ~(1u << p);
}

static void st_pop(struct x86_cpu *cpu)
{
	cpu->fempty |= 1u << cpu->ftop;
	cpu->ftop = (cpu->ftop + 1) & 7;
}

static void st_push(struct x86_cpu *cpu, f80 v)
{
	cpu->ftop = (cpu->ftop - 1) & 7;
	st_set(cpu, 0, v);
}

static void pop_n(struct x86_cpu *cpu, int n)
{
	while (n-- > 0)
		st_pop(cpu);
}

/* A push needs ST(7), the register below the top, to be empty. */
static bool st_full(const struct x86_cpu *cpu)
{
	return !st_empty(cpu, 7);
}

/* --- status, control and tag words --- */

uint16_t x87_get_fsw(const struct x86_cpu *cpu)
{
	return (uint16_t)(cpu->fsw | cpu->ftop << FSW_TOP_SHIFT);
}

static void set_ferr(struct x86_cpu *cpu, bool level)
{
	if (cpu->ferr == level)
		return;
	cpu->ferr = level;
	if (cpu->intc && cpu->intc->ferr)
		cpu->intc->ferr(cpu->intc_opaque, level);
}

void x87_update_es(struct x86_cpu *cpu)
{
	if (cpu->fsw & ~cpu->fcw & FSW_EXC) {
		cpu->fsw |= FSW_ES | FSW_B;
	} else {
		cpu->fsw &= ~(FSW_ES | FSW_B);
		set_ferr(cpu, false);
	}
}

void x87_set_fsw(struct x86_cpu *cpu, uint16_t v)
{
	cpu->fsw = v & ~(7u << FSW_TOP_SHIFT);
	cpu->ftop = (v >> FSW_TOP_SHIFT) & 7;
	x87_update_es(cpu);
}

void x87_set_fcw(struct x86_cpu *cpu, uint16_t v)
{
	cpu->fcw = (v & FCW_WRITABLE) | FCW_ONE;
	x87_update_es(cpu);
}

/* The tag of a non-empty register from its contents (§8.1.7, Figure 8-7):
 * 00 valid, 01 zero, 10 special (NaN, infinity, denormal, unsupported). */
static unsigned tag_of(f80 v)
{
	unsigned exp = v.se & 0x7fff;

	if (exp == 0x7fff)
		return 2;
	if (exp == 0)
		return v.mant ? 2 : 1;
	return v.mant >> 63 ? 0 : 2;	/* an unnormal is unsupported */
}

uint16_t x87_get_ftw(const struct x86_cpu *cpu)
{
	unsigned i, tw = 0;

	for (i = 0; i < 8; i++)
		tw |= (cpu->fempty >> i & 1 ? 3 : tag_of(cpu->fpr[i])) << (2 * i);
	return (uint16_t)tw;
}

void x87_set_ftw(struct x86_cpu *cpu, uint16_t v)
{
	unsigned i;

	cpu->fempty = 0;
	for (i = 0; i < 8; i++)
		if ((v >> (2 * i) & 3) == 3)
			cpu->fempty |= 1u << i;
}

/* FNINIT (SDM Vol. 2 FINIT, Vol. 3A Table 9-1): the registers keep their
 * contents. */
void x87_fninit(struct x86_cpu *cpu)
{
	cpu->fcw = FCW_INIT;
	cpu->fsw = 0;
	cpu->ftop = 0;
	cpu->fempty = 0xff;
	cpu->fip = cpu->fdp = 0;
	cpu->fcs = cpu->fds = cpu->fop = 0;
	set_ferr(cpu, false);
}

/* --- availability and pending exceptions --- */

/* SDM Vol. 3A Table 2-2: EM or TS make an x87 instruction #NM; WAIT
 * only faults with MP and TS both set. */
void x87_check_avail(struct x86_cpu *cpu, bool wait)
{
	uint32_t cr0 = cpu->cr[0];

	if (wait ? (cr0 & (CR0_MP | CR0_TS)) == (CR0_MP | CR0_TS) :
		   (cr0 & (CR0_EM | CR0_TS)) != 0)
		cpu_raise(cpu, EXC_NM, 0);
}

/* SDM Vol. 1 §8.7: the pending exception is delivered before the waiting
 * instruction executes, as #MF (vector 16, no error code) with CR0.NE=1;
 * with NE=0 the FERR# pin goes to the chipset, which raises IRQ13 (PC
 * compatible "MS-DOS" reporting, Appendix D), and the instruction runs. */
void x87_check_pending(struct x86_cpu *cpu)
{
	if (!(cpu->fsw & FSW_ES))
		return;
	if (cpu->cr[0] & CR0_NE)
		cpu_raise(cpu, EXC_MF, 0);
	set_ferr(cpu, true);
}

/* --- memory operands --- */

static uint32_t x87_addr(uint64_t desc, uint32_t ea, unsigned off)
{
	uint32_t a = ea + off;

	return (desc & XD_ADDR32) ? a : (a & 0xffff);
}

void x87_probe(struct x86_cpu *cpu, uint64_t desc, uint32_t ea, unsigned len,
	       bool write)
{
	enum mmu_access acc = write ? ACC_WRITE : ACC_READ;
	uint32_t lin = seg_check(cpu, XD_SEG(desc), ea, len, acc);
	uint32_t last = lin + len - 1;

	mmu_translate(cpu, lin, acc, XD_MMU(desc));
	if ((last ^ lin) & ~0xfffu)
		mmu_translate(cpu, last, acc, XD_MMU(desc));
}

static int size_mo(unsigned size)
{
	return size == 1 ? MO_8 : size == 2 ? MO_16 : size == 4 ? MO_32 : MO_64;
}

uint64_t x87_ld(struct x86_cpu *cpu, uint64_t desc, uint32_t ea, unsigned off,
		unsigned size)
{
	return mmu_ld(cpu, XD_SEG(desc), x87_addr(desc, ea, off), size_mo(size),
		      XD_MMU(desc));
}

void x87_st(struct x86_cpu *cpu, uint64_t desc, uint32_t ea, unsigned off,
	    uint64_t v, unsigned size)
{
	mmu_st(cpu, XD_SEG(desc), x87_addr(desc, ea, off), v, size_mo(size),
	       XD_MMU(desc));
}

f80 x87_ld80(struct x86_cpu *cpu, uint64_t desc, uint32_t ea, unsigned off)
{
	f80 v;

	v.mant = x87_ld(cpu, desc, ea, off, 8);
	v.se = (uint16_t)x87_ld(cpu, desc, ea, off + 8, 2);
	return v;
}

void x87_st80(struct x86_cpu *cpu, uint64_t desc, uint32_t ea, unsigned off,
	      f80 v)
{
	x87_probe(cpu, desc, x87_addr(desc, ea, off), 10, true);
	x87_st(cpu, desc, ea, off, v.mant, 8);
	x87_st(cpu, desc, ea, off + 8, v.se, 2);
}

/* --- exceptions of one operation --- */

/* The rounding and precision of an operation; precision control applies
 * to the basic arithmetic and FSQRT only (§8.1.5.2).  PC=01 is reserved:
 * it behaves as 11 here. */
static void sf_init(const struct x86_cpu *cpu, struct sf_status *s, bool pc)
{
	static const uint8_t prec[4] = {
		SF_PREC_24, SF_PREC_64, SF_PREC_53, SF_PREC_64,
	};

	memset(s, 0, sizeof(*s));
	s->round = (cpu->fcw >> 10) & 3;
	s->prec = pc ? prec[(cpu->fcw >> 8) & 3] : SF_PREC_64;
	s->unmasked = ~cpu->fcw & FSW_EXC;
}

/* May the result be written?  Not after an unmasked #I, #D or #Z, nor after
 * an unmasked #O or #U when it goes to memory (SDM Vol. 1 §8.5.1-8.5.5). */
static bool result_ok(const struct x86_cpu *cpu, const struct sf_status *s,
		      bool to_mem)
{
	unsigned block = FSW_IE | FSW_DE | FSW_ZE;

	if (to_mem)
		block |= FSW_OE | FSW_UE;
	return !(s->flags & ~cpu->fcw & block);
}

/* Record the operation's exceptions in FSW.  After an unmasked
 * pre-computation exception the operation did not happen: only those are
 * reported.  C1 tells whether an inexact result was rounded up (§8.1.3.3). */
static void commit_flags(struct x86_cpu *cpu, const struct sf_status *s,
			 bool to_mem)
{
	unsigned f = s->flags & FSW_EXC;

	if (f & ~cpu->fcw & (FSW_IE | FSW_DE | FSW_ZE))
		f &= FSW_IE | FSW_DE | FSW_ZE;
	else if (to_mem && (f & ~cpu->fcw & (FSW_OE | FSW_UE)))
		f &= FSW_OE | FSW_UE;	/* nothing stored: nothing inexact */
	cpu->fsw &= ~FSW_C1;
	if ((f & FSW_PE) && s->rounded_up)
		cpu->fsw |= FSW_C1;
	cpu->fsw |= f;
	if (f & ~cpu->fcw)
		cpu->fsw |= FSW_ES | FSW_B;
}

/* Both in one: record and say whether the register result may be written. */
static bool x87_flags(struct x86_cpu *cpu, const struct sf_status *s)
{
	bool ok = result_ok(cpu, s, false);

	commit_flags(cpu, s, false);
	return ok;
}

/* A stack fault: IE with SF, C1 = 1 for overflow, 0 for underflow.  Returns
 * true when IE is masked and the caller delivers the indefinite. */
static bool stack_fault(struct x86_cpu *cpu, bool overflow)
{
	cpu->fsw &= ~FSW_C1;
	cpu->fsw |= FSW_IE | FSW_SF | (overflow ? FSW_C1 : 0);
	if (cpu->fcw & FSW_IE)
		return true;
	cpu->fsw |= FSW_ES | FSW_B;
	return false;
}

static void set_c1(struct x86_cpu *cpu, bool v)
{
	cpu->fsw = (cpu->fsw & ~FSW_C1) | (v ? FSW_C1 : 0);
}

/* C3, C2, C0 of a comparison (SDM Vol. 2 FCOM, Table 3-21). */
static void set_cmp_cc(struct x86_cpu *cpu, enum sf_cmp c)
{
	static const uint16_t cc[4] = {
		[0] = FSW_C0,				/* less */
		[1] = FSW_C3,				/* equal */
		[2] = 0,				/* greater */
		[3] = FSW_C3 | FSW_C2 | FSW_C0,		/* unordered */
	};

	cpu->fsw &= ~(FSW_C0 | FSW_C2 | FSW_C3);
	cpu->fsw |= cc[(int)c + 1];
}

/* EFLAGS of FCOMI (SDM Vol. 2 FCOMI, Table 3-24): ZF, PF, CF as C3, C2,
 * C0 would be; OF, SF and AF cleared. */
static void set_comi_flags(struct x86_cpu *cpu, enum sf_cmp c)
{
	static const uint32_t fl[4] = {
		[0] = CC_C, [1] = CC_Z, [2] = 0, [3] = CC_Z | CC_P | CC_C,
	};

	cpu->cc_src = fl[(int)c + 1];
	cpu->cc_op = CC_OP_EFLAGS;
}

/* FCOMI with an unmasked #IA: ZF, PF, CF are "not set", OF, SF, AF are
 * cleared all the same. */
static void keep_comi_flags(struct x86_cpu *cpu)
{
	cpu->cc_src = cc_compute_all(cpu) & (CC_Z | CC_P | CC_C);
	cpu->cc_op = CC_OP_EFLAGS;
}

/* A comparison's exceptions: an unmasked #IA leaves the condition codes
 * (or EFLAGS) alone (SDM Vol. 2 FCOM, FCOMI: "not set if unmasked #IA");
 * an unmasked #D still writes them, but like #IA keeps the stack
 * (§8.5.2).  Returns true when the instruction may pop. */
static bool cmp_commit(struct x86_cpu *cpu, const struct sf_status *s,
		       enum sf_cmp c, bool eflags)
{
	unsigned unm = s->flags & ~cpu->fcw;

	commit_flags(cpu, s, false);
	if (unm & FSW_IE) {
		if (eflags)
			keep_comi_flags(cpu);
		return false;
	}
	if (eflags)
		set_comi_flags(cpu, c);
	else
		set_cmp_cc(cpu, c);
	return !(unm & FSW_DE);
}

/* --- memory operand formats --- */

static unsigned fmt_size(int fmt)
{
	static const uint8_t size[] = {
		[X87_M16I] = 2, [X87_M32I] = 4, [X87_M64I] = 8,
		[X87_M32F] = 4, [X87_M64F] = 8, [X87_M80F] = 10,
		[X87_M80BCD] = 10,
	};

	return size[fmt];
}

/* The raw memory operand, loaded before anything changes (it may fault). */
struct x87_raw {
	uint64_t lo;
	uint16_t hi;
};

static struct x87_raw ld_raw(struct x86_cpu *cpu, uint64_t desc, uint32_t ea)
{
	struct x87_raw r = { 0, 0 };
	unsigned size = fmt_size(XD_FMT(desc));

	if (size == 10) {
		f80 v = x87_ld80(cpu, desc, ea, 0);

		r.lo = v.mant;
		r.hi = v.se;
	} else {
		r.lo = x87_ld(cpu, desc, ea, 0, size);
	}
	return r;
}

/* Packed BCD (§4.7): 18 digits in bytes 0-8, sign in bit 79.  Digits
 * above 9 give an undefined result; they are taken at face value. */
static f80 bcd_to_f80(struct x87_raw r)
{
	int64_t v = 0;
	int i;
	f80 f;

	for (i = 8; i >= 0; i--) {
		unsigned byte = i == 8 ? r.hi & 0xff : (unsigned)(r.lo >> (8 * i)) & 0xff;

		v = v * 100 + (byte >> 4) * 10 + (byte & 15);
	}
	f = i64_to_f80(v);
	if (r.hi & 0x8000)
		f.se |= 0x8000;
	return f;
}

/* A single or double SNaN becomes the f80 SNaN with the same payload, not
 * a quiet NaN, so that the operation sees an SNaN: of an SNaN and a QNaN
 * the x87 returns the QNaN (SDM Vol. 1 Table 4-7). */
static f80 ieee_snan_to_f80(uint64_t v, int bits)
{
	int mbits = bits == 32 ? 23 : 52;
	uint64_t frac = v & ((1ull << mbits) - 1);

	return f80_make((v >> (bits - 1)) & 1, 0x7fff,
			1ull << 63 | frac << (63 - mbits));
}

static f80 raw_to_f80(struct x87_raw r, int fmt, struct sf_status *s)
{
	switch (fmt) {
	case X87_M16I:
		return i32_to_f80((int16_t)r.lo);
	case X87_M32I:
		return i32_to_f80((int32_t)r.lo);
	case X87_M64I:
		return i64_to_f80((int64_t)r.lo);
	case X87_M32F:
		if (f32_is_snan((f32)r.lo))
			return ieee_snan_to_f80(r.lo, 32);
		return f32_to_f80((f32)r.lo, s);
	case X87_M64F:
		if (f64_is_snan(r.lo))
			return ieee_snan_to_f80(r.lo, 64);
		return f64_to_f80(r.lo, s);
	case X87_M80BCD:
		return bcd_to_f80(r);
	default:
		return f80_make(r.hi >> 15, r.hi & 0x7fff, r.lo);
	}
}

/* The packed BCD indefinite: FFFF C000 0000 0000 0000 (§4.7, Table 4-4). */
#define BCD_INDEF_HI 0xffffu
#define BCD_INDEF_LO 0xc000000000000000ull

/* --- loads --- */

static void x87_push_or_fault(struct x86_cpu *cpu, f80 v)
{
	if (st_full(cpu)) {
		if (stack_fault(cpu, true))
			st_push(cpu, f80_default_nan);
		return;
	}
	set_c1(cpu, false);
	st_push(cpu, v);
}

/* FLD, FILD, FBLD (SDM Vol. 2 FLD: #IA for an SNaN, #D for a denormal
 * single or double; neither for double extended). */
static void x87_load(struct x86_cpu *cpu, uint64_t desc, uint32_t ea)
{
	int fmt = XD_FMT(desc), i = (int)(XD_FOP(desc) & 7);
	struct sf_status s;
	struct x87_raw raw;
	f80 v;

	if (fmt == X87_REG) {
		if (st_empty(cpu, i)) {
			if (stack_fault(cpu, false))
				st_push(cpu, f80_default_nan);
			return;
		}
		x87_push_or_fault(cpu, st_get(cpu, i));
		return;
	}
	raw = ld_raw(cpu, desc, ea);
	if (st_full(cpu)) {
		if (stack_fault(cpu, true))
			st_push(cpu, f80_default_nan);
		return;
	}
	sf_init(cpu, &s, false);
	v = raw_to_f80(raw, fmt, &s);
	if ((fmt == X87_M32F || fmt == X87_M64F) && f80_is_snan(v)) {
		/* FLD m32/m64 of an SNaN: #IA, the QNaN is loaded */
		s.flags |= SF_INVALID;
		v.mant |= 1ull << 62;
	}
	commit_flags(cpu, &s, false);
	/* an unmasked #D does not stop a load (as the processors compared) */
	if (!(s.flags & ~cpu->fcw & FSW_IE))
		st_push(cpu, v);
}

/* FLD1 FLDL2T FLDL2E FLDPI FLDLG2 FLDLN2 FLDZ: the irrational ones are
 * rounded by RC, without #P and without C1 (SDM Vol. 2 FLD1...: "rounded
 * as specified by the RC field"; §8.3.8): trunc is the 64-bit truncation,
 * and the value rounds up to trunc + 1 in nearest when its next bits are
 * above one half, and always upwards (all are positive). */
static void x87_ldconst(struct x86_cpu *cpu, unsigned rm)
{
	static const struct {
		uint16_t se;
		uint64_t trunc;
		bool near_up;
	} k[7] = {
		{ 0x3fff, 0x8000000000000000ull, false },	/* 1 */
		{ 0x4000, 0xd49a784bcd1b8afeull, false },	/* log2(10) */
		{ 0x3fff, 0xb8aa3b295c17f0bbull, true },	/* log2(e) */
		{ 0x4000, 0xc90fdaa22168c234ull, true },	/* pi */
		{ 0x3ffd, 0x9a209a84fbcff798ull, true },	/* log10(2) */
		{ 0x3ffe, 0xb17217f7d1cf79abull, true },	/* ln(2) */
		{ 0, 0, false },				/* +0 */
	};
	unsigned rc = (cpu->fcw >> 10) & 3;
	f80 v = { k[rm].trunc, k[rm].se };

	if (rm >= 1 && rm <= 5 &&
	    (rc == SF_ROUND_UP || (rc == SF_ROUND_NEAREST && k[rm].near_up)))
		v.mant++;
	x87_push_or_fault(cpu, v);
}

/* --- stores --- */

static void x87_store(struct x86_cpu *cpu, uint64_t desc, uint32_t ea)
{
	int fmt = XD_FMT(desc), pop = XD_POP(desc), i = (int)(XD_FOP(desc) & 7);
	struct sf_status s;
	f80 x;
	uint64_t v = 0;

	if (st_empty(cpu, 0)) {
		/* the store may fault: it comes before the flags */
		x = f80_default_nan;
		if (cpu->fcw & FSW_IE) {
			if (fmt == X87_M32F)
				x87_st(cpu, desc, ea, 0, F32_DEFAULT_NAN, 4);
			else if (fmt == X87_M64F)
				x87_st(cpu, desc, ea, 0, F64_DEFAULT_NAN, 8);
			else if (fmt == X87_M80F)
				x87_st80(cpu, desc, ea, 0, x);
			else
				st_set(cpu, i, x);
		}
		if (stack_fault(cpu, false))
			pop_n(cpu, pop);
		return;
	}
	x = st_get(cpu, 0);
	if (fmt == X87_REG || fmt == X87_M80F) {
		if (fmt == X87_M80F)
			x87_st80(cpu, desc, ea, 0, x);
		else
			st_set(cpu, i, x);
		set_c1(cpu, false);
		if (pop)
			st_pop(cpu);
		return;
	}
	sf_init(cpu, &s, false);
	if (fmt == X87_M32F)
		v = f80_to_f32(x, &s);
	else
		v = f80_to_f64(x, &s);
	if (result_ok(cpu, &s, true)) {
		x87_st(cpu, desc, ea, 0, v, fmt_size(fmt));
		commit_flags(cpu, &s, true);
		if (pop)
			st_pop(cpu);
		return;
	}
	commit_flags(cpu, &s, true);
}

/* FIST, FISTP, FISTTP: out of range or NaN stores the integer indefinite
 * with #IA; an unmasked #IA stores nothing (SDM Vol. 2 FIST). */
static void x87_istore(struct x86_cpu *cpu, uint64_t desc, uint32_t ea,
		       bool trunc)
{
	int fmt = XD_FMT(desc);
	unsigned size = fmt_size(fmt);
	struct sf_status s;
	uint64_t v;
	f80 x;

	if (st_empty(cpu, 0)) {
		if (cpu->fcw & FSW_IE)
			x87_st(cpu, desc, ea, 0, 1ull << (size * 8 - 1), size);
		if (stack_fault(cpu, false))
			pop_n(cpu, XD_POP(desc));
		return;
	}
	x = st_get(cpu, 0);
	sf_init(cpu, &s, false);
	if (fmt == X87_M16I)
		v = (uint16_t)(trunc ? f80_to_i16_trunc(x, &s) : f80_to_i16(x, &s));
	else if (fmt == X87_M32I)
		v = (uint32_t)(trunc ? f80_to_i32_trunc(x, &s) : f80_to_i32(x, &s));
	else
		v = (uint64_t)(trunc ? f80_to_i64_trunc(x, &s) : f80_to_i64(x, &s));
	if (result_ok(cpu, &s, true)) {
		x87_st(cpu, desc, ea, 0, v, size);
		commit_flags(cpu, &s, true);
		if (XD_POP(desc))
			st_pop(cpu);
		return;
	}
	commit_flags(cpu, &s, true);
}

/* FBSTP: ST(0) rounded to an integer by RC, 18 BCD digits; beyond them, or
 * a NaN or infinity, is #IA with the BCD indefinite (SDM Vol. 2 FBSTP). */
static void x87_bstore(struct x86_cpu *cpu, uint64_t desc, uint32_t ea)
{
	static const int64_t max = 999999999999999999ll;
	bool empty = st_empty(cpu, 0);
	uint64_t lo = BCD_INDEF_LO, mag;
	uint16_t hi = BCD_INDEF_HI;
	struct sf_status s;
	int64_t v;
	int i;

	sf_init(cpu, &s, false);
	if (empty) {
		if (!(cpu->fcw & FSW_IE)) {
			stack_fault(cpu, false);
			return;
		}
	} else {
		f80 x = st_get(cpu, 0);

		v = f80_to_i64(x, &s);
		if (!(s.flags & SF_INVALID) && (v > max || v < -max))
			s.flags = SF_INVALID;
		if (!result_ok(cpu, &s, true)) {
			commit_flags(cpu, &s, true);
			return;
		}
		if (!(s.flags & SF_INVALID)) {
			mag = (uint64_t)(v < 0 ? -v : v);
			lo = 0;
			hi = f80_sign(x) ? 0x8000 : 0;
			for (i = 0; i < 18; i++, mag /= 10) {
				if (i < 16)
					lo |= (mag % 10) << (4 * i);
				else
					hi |= (uint16_t)((mag % 10) << (4 * (i - 16)));
			}
		}
	}
	x87_probe(cpu, desc, ea, 10, true);
	x87_st(cpu, desc, ea, 0, lo, 8);
	x87_st(cpu, desc, ea, 8, hi, 2);
	if (empty)
		stack_fault(cpu, false);
	else
		commit_flags(cpu, &s, true);
	st_pop(cpu);
}

/* --- arithmetic and comparisons --- */

/* D8/DC/DA/DE: the reg field of the opcode is the operation, with
 * x = ST(0) and y = the other operand.  The DC/DE register forms name
 * their reverse variants the other way round, so that the same formulas
 * hold with ST(i) as the destination (SDM Vol. 2 FSUB/FSUBR). */
static f80 arith(unsigned kind, f80 x, f80 y, struct sf_status *s)
{
	switch (kind) {
	case 0:
		return f80_add(x, y, s);
	case 1:
		return f80_mul(x, y, s);
	case 4:
		return f80_sub(x, y, s);
	case 5:
		return f80_sub(y, x, s);
	case 6:
		return f80_div(x, y, s);
	default:
		return f80_div(y, x, s);
	}
}

static void x87_arith(struct x86_cpu *cpu, uint64_t desc, uint32_t ea)
{
	unsigned fop = XD_FOP(desc), kind = (fop >> 3) & 7;
	int fmt = XD_FMT(desc), i = (int)(fop & 7);
	int dst = fmt == X87_REG && (fop >> 8) ? i : 0;
	bool cmp = kind == 2 || kind == 3;
	struct x87_raw raw = { 0, 0 };
	struct sf_status s;
	f80 x, y, r;

	if (fmt != X87_REG)
		raw = ld_raw(cpu, desc, ea);
	if (st_empty(cpu, 0) || (fmt == X87_REG && st_empty(cpu, i))) {
		if (!stack_fault(cpu, false))
			return;
		if (cmp)
			set_cmp_cc(cpu, SF_CMP_UNORDERED);
		else
			st_set(cpu, dst, f80_default_nan);
		pop_n(cpu, XD_POP(desc));
		return;
	}
	sf_init(cpu, &s, true);
	x = st_get(cpu, 0);
	if (fmt == X87_REG) {
		y = st_get(cpu, i);
	} else {
		struct sf_status sy = s;

		/* a denormal single or double is #D only when the other
		 * operand is a number (as the processors compared do) */
		y = raw_to_f80(raw, fmt, &sy);
		if (f80_is_nan(x) || f80_is_unsupported(x))
			sy.flags &= ~SF_DENORMAL;
		s.flags |= sy.flags;
	}
	if (cmp) {
		enum sf_cmp c = f80_compare(x, y, true, &s);

		if (!cmp_commit(cpu, &s, c, false))
			return;
	} else {
		r = arith(kind, x, y, &s);
		/* nor for a division by zero */
		if ((s.flags & SF_DIVBYZERO) && fmt != X87_REG &&
		    !(f80_exp(x) == 0 && x.mant))
			s.flags &= ~SF_DENORMAL;
		if (!x87_flags(cpu, &s))
			return;
		st_set(cpu, dst, r);
	}
	pop_n(cpu, XD_POP(desc));
}

/* FUCOM, FUCOMP, FUCOMPP: only an SNaN is invalid. */
static void x87_ucom(struct x86_cpu *cpu, uint64_t desc)
{
	int i = (int)(XD_FOP(desc) & 7);
	struct sf_status s;
	enum sf_cmp c;

	if (st_empty(cpu, 0) || st_empty(cpu, i)) {
		if (!stack_fault(cpu, false))
			return;
		set_cmp_cc(cpu, SF_CMP_UNORDERED);
		pop_n(cpu, XD_POP(desc));
		return;
	}
	sf_init(cpu, &s, false);
	c = f80_compare(st_get(cpu, 0), st_get(cpu, i), false, &s);
	if (cmp_commit(cpu, &s, c, false))
		pop_n(cpu, XD_POP(desc));
}

/* FCOMI, FUCOMI (and the popping forms). */
static void x87_comi(struct x86_cpu *cpu, uint64_t desc, bool signaling)
{
	int i = (int)(XD_FOP(desc) & 7);
	struct sf_status s;
	enum sf_cmp c;

	if (st_empty(cpu, 0) || st_empty(cpu, i)) {
		if (!stack_fault(cpu, false)) {
			keep_comi_flags(cpu);
			return;
		}
		set_comi_flags(cpu, SF_CMP_UNORDERED);
		pop_n(cpu, XD_POP(desc));
		return;
	}
	sf_init(cpu, &s, false);
	c = f80_compare(st_get(cpu, 0), st_get(cpu, i), signaling, &s);
	if (cmp_commit(cpu, &s, c, true))
		pop_n(cpu, XD_POP(desc));
}

/* FCMOVcc: @cond was computed from EFLAGS by the frontend. */
static void x87_cmov(struct x86_cpu *cpu, uint64_t desc, bool cond)
{
	int i = (int)(XD_FOP(desc) & 7);

	if (st_empty(cpu, 0) || st_empty(cpu, i)) {
		/* whatever the condition (as the processors compared do) */
		if (stack_fault(cpu, false))
			st_set(cpu, 0, f80_default_nan);
		return;
	}
	set_c1(cpu, false);
	if (cond)
		st_set(cpu, 0, st_get(cpu, i));
}

static void x87_xch(struct x86_cpu *cpu, int i)
{
	f80 a, b;

	if (st_empty(cpu, 0) || st_empty(cpu, i)) {
		if (!stack_fault(cpu, false))
			return;
		a = st_empty(cpu, 0) ? f80_default_nan : st_get(cpu, 0);
		b = st_empty(cpu, i) ? f80_default_nan : st_get(cpu, i);
	} else {
		a = st_get(cpu, 0);
		b = st_get(cpu, i);
		set_c1(cpu, false);
	}
	st_set(cpu, 0, b);
	st_set(cpu, i, a);
}

/* FXAM: the class in C3, C2, C0 (bits 3, 2, 0 of enum sf_class) and the
 * sign in C1; C3 C2 C0 = 101 for an empty register (SDM Vol. 2 FXAM, Table 3-48). */
static void x87_xam(struct x86_cpu *cpu)
{
	f80 x = st_get(cpu, 0);
	unsigned c = st_empty(cpu, 0) ? 9u : (unsigned)f80_classify(x);

	cpu->fsw &= ~FSW_CC;
	if (c & 1)
		cpu->fsw |= FSW_C0;
	if (c & 4)
		cpu->fsw |= FSW_C2;
	if (c & 8)
		cpu->fsw |= FSW_C3;
	if (f80_sign(x))
		cpu->fsw |= FSW_C1;
}

/* One-operand operations on ST(0): FCHS FABS FSQRT FRNDINT F2XM1 FTST. */
static void x87_unary(struct x86_cpu *cpu, int op)
{
	struct sf_status s;
	f80 x, r;

	if (st_empty(cpu, 0)) {
		if (!stack_fault(cpu, false))
			return;
		if (op == X87_TST)
			set_cmp_cc(cpu, SF_CMP_UNORDERED);
		else
			st_set(cpu, 0, f80_default_nan);
		return;
	}
	x = st_get(cpu, 0);
	sf_init(cpu, &s, op == X87_SQRT);
	switch (op) {
	case X87_CHS:
		x.se ^= 0x8000;
		set_c1(cpu, false);
		st_set(cpu, 0, x);
		return;
	case X87_ABS:
		x.se &= 0x7fff;
		set_c1(cpu, false);
		st_set(cpu, 0, x);
		return;
	case X87_TST:
		cmp_commit(cpu, &s, f80_compare(x, f80_zero, true, &s), false);
		return;
	case X87_SQRT:
		r = f80_sqrt(x, &s);
		break;
	case X87_RNDINT:
		r = f80_round_to_int(x, &s);
		break;
	default:
		r = f80_2xm1(x, &s);
		break;
	}
	if (x87_flags(cpu, &s))
		st_set(cpu, 0, r);
}

/* FSIN, FCOS, FPTAN, FSINCOS: C2 = 1 and ST(0) unchanged when |x| >= 2^63
 * (SDM Vol. 2 FSIN); FPTAN pushes 1.0, FSINCOS the cosine. */
static void x87_trig(struct x86_cpu *cpu, int op)
{
	bool push = op == X87_PTAN || op == X87_SINCOS, oor = false;
	struct sf_status s;
	f80 x, r, r2 = f80_one;

	if (st_empty(cpu, 0) || (push && st_full(cpu))) {
		if (!stack_fault(cpu, !st_empty(cpu, 0)))
			return;
		st_set(cpu, 0, f80_default_nan);
		if (push)
			st_push(cpu, f80_default_nan);
		return;
	}
	x = st_get(cpu, 0);
	sf_init(cpu, &s, false);
	switch (op) {
	case X87_SIN:
		r = f80_sin(x, &oor, &s);
		break;
	case X87_COS:
		r = f80_cos(x, &oor, &s);
		break;
	case X87_PTAN:
		r = f80_tan(x, &oor, &s);
		break;
	default:
		/* the sine last: C1 reports how it was rounded, the result
		 * left in ST(1), as the x87 this is checked on does
		 * (tests/diff/x87_oracle.py) */
		r2 = f80_cos(x, &oor, &s);
		r = f80_sin(x, &oor, &s);
		break;
	}
	cpu->fsw &= ~FSW_C2;
	if (oor) {
		cpu->fsw |= FSW_C2;
		set_c1(cpu, false);
		return;
	}
	if (!x87_flags(cpu, &s))
		return;
	/* FPTAN of a NaN pushes the NaN again, not 1.0 */
	if (op == X87_PTAN && f80_is_nan(r))
		r2 = r;
	st_set(cpu, 0, r);
	if (push)
		st_push(cpu, r2);
}

/* Two operands, ST(0) and ST(1): FSCALE FPREM FPREM1 write ST(0); FPATAN
 * FYL2X FYL2XP1 write ST(1) and pop. */
static void x87_binary(struct x86_cpu *cpu, int op)
{
	unsigned q = 0;
	bool partial = false;
	struct sf_status s;
	f80 x, y, r;

	if (st_empty(cpu, 0) || st_empty(cpu, 1)) {
		if (!stack_fault(cpu, false))
			return;
		if (op == X87_SCALE || op == X87_PREM || op == X87_PREM1) {
			st_set(cpu, 0, f80_default_nan);
		} else {
			st_set(cpu, 1, f80_default_nan);
			st_pop(cpu);
		}
		return;
	}
	x = st_get(cpu, 0);
	y = st_get(cpu, 1);
	sf_init(cpu, &s, false);
	switch (op) {
	case X87_SCALE:
		r = f80_scale(x, y, &s);
		break;
	case X87_PREM:
	case X87_PREM1:
		r = f80_rem(x, y, op == X87_PREM1, &partial, &q, &s);
		break;
	case X87_PATAN:
		r = f80_atan2(y, x, &s);
		break;
	case X87_YL2X:
		r = f80_yl2x(x, y, &s);
		break;
	default:
		r = f80_yl2xp1(x, y, &s);
		break;
	}
	if (!x87_flags(cpu, &s))
		return;
	if (op == X87_PREM || op == X87_PREM1) {
		/* C0 = Q2, C3 = Q1, C1 = Q0; C2 = incomplete (SDM FPREM) */
		cpu->fsw &= ~FSW_CC;
		if (partial)
			cpu->fsw |= FSW_C2;
		if (q & 4)
			cpu->fsw |= FSW_C0;
		if (q & 2)
			cpu->fsw |= FSW_C3;
		if (q & 1)
			cpu->fsw |= FSW_C1;
	}
	if (op == X87_SCALE || op == X87_PREM || op == X87_PREM1) {
		st_set(cpu, 0, r);
	} else {
		st_set(cpu, 1, r);
		st_pop(cpu);
	}
}

/* FXTRACT: ST(0) becomes the exponent and the significand is pushed. */
static void x87_xtract(struct x86_cpu *cpu)
{
	struct sf_status s;
	f80 e, m;

	if (st_empty(cpu, 0) || st_full(cpu)) {
		if (!stack_fault(cpu, !st_empty(cpu, 0)))
			return;
		st_set(cpu, 0, f80_default_nan);
		st_push(cpu, f80_default_nan);
		return;
	}
	sf_init(cpu, &s, false);
	m = f80_extract(st_get(cpu, 0), &e, &s);
	if (!x87_flags(cpu, &s))
		return;
	st_set(cpu, 0, e);
	st_push(cpu, m);
}

/* --- the helper --- */

/* FNSTSW AX, FNSTCW, FLDCW... and every instruction but FXSAVE/FXRSTOR and
 * the environment ones (helpers_x87_env.c). */
uint64_t helper_x87(HELPER_ARGS)
{
	HELPER_CPU;
	uint64_t desc = b;
	uint32_t ea = (uint32_t)a;
	int op = XD_OP(desc);

	x87_check_avail(cpu, op == X87_WAIT);
	if (x87_op_waits(op))
		x87_check_pending(cpu);
	switch (op) {
	case X87_ARITH:
		x87_arith(cpu, desc, ea);
		break;
	case X87_UCOM:
		x87_ucom(cpu, desc);
		break;
	case X87_COMI:
	case X87_UCOMI:
		x87_comi(cpu, desc, op == X87_COMI);
		break;
	case X87_LD:
	case X87_ILD:
	case X87_BLD:
		x87_load(cpu, desc, ea);
		break;
	case X87_LDCONST:
		x87_ldconst(cpu, XD_FOP(desc) & 7);
		break;
	case X87_ST:
		x87_store(cpu, desc, ea);
		break;
	case X87_IST:
	case X87_ISTTP:
		x87_istore(cpu, desc, ea, op == X87_ISTTP);
		break;
	case X87_BSTP:
		x87_bstore(cpu, desc, ea);
		break;
	case X87_XCH:
		x87_xch(cpu, (int)(XD_FOP(desc) & 7));
		break;
	case X87_FREE:
		cpu->fempty |= 1u << phys(cpu, (int)(XD_FOP(desc) & 7));
		pop_n(cpu, XD_POP(desc));
		break;
	case X87_NOP:
		break;
	case X87_CHS: case X87_ABS: case X87_TST: case X87_SQRT:
	case X87_RNDINT: case X87_2XM1:
		x87_unary(cpu, op);
		break;
	case X87_XAM:
		x87_xam(cpu);
		break;
	case X87_CMOV:
		x87_cmov(cpu, desc, c != 0);
		break;
	case X87_INCSTP:
	case X87_DECSTP:
		cpu->ftop = (cpu->ftop + (op == X87_INCSTP ? 1 : 7)) & 7;
		set_c1(cpu, false);
		break;
	case X87_SIN: case X87_COS: case X87_PTAN: case X87_SINCOS:
		x87_trig(cpu, op);
		break;
	case X87_SCALE: case X87_PREM: case X87_PREM1: case X87_PATAN:
	case X87_YL2X: case X87_YL2XP1:
		x87_binary(cpu, op);
		break;
	case X87_XTRACT:
		x87_xtract(cpu);
		break;
	case X87_INIT:
		x87_fninit(cpu);
		break;
	case X87_CLEX:
		cpu->fsw &= ~(FSW_EXC | FSW_SF | FSW_ES | FSW_B);
		x87_update_es(cpu);
		break;
	case X87_LDCW:
		x87_set_fcw(cpu, (uint16_t)x87_ld(cpu, desc, ea, 0, 2));
		break;
	case X87_STCW:
		x87_st(cpu, desc, ea, 0, cpu->fcw, 2);
		break;
	case X87_STSW:
		x87_st(cpu, desc, ea, 0, x87_get_fsw(cpu), 2);
		break;
	case X87_STSW_AX:
		cpu->regs[R_EAX] = (cpu->regs[R_EAX] & 0xffff0000u) | x87_get_fsw(cpu);
		break;
	default:	/* WAIT and the 8087/80287 no-ops */
		break;
	}
	if (op < X87_CONTROL) {
		cpu->fop = (uint16_t)XD_FOP(desc);
		cpu->fip = cpu->eip;
		cpu->fcs = (uint16_t)cpu->seg[R_CS].sel;
		if (desc & XD_MEM) {
			cpu->fdp = x87_addr(desc, ea, 0);
			cpu->fds = (uint16_t)cpu->seg[XD_SEG(desc)].sel;
		}
	}
	return 0;
}
