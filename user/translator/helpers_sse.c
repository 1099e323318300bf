// SPDX-License-Identifier: GPL-2.0-only
/*
 * SSE, SSE2, SSE3 and SSSE3 (SDM Vol. 1 ch. 10-12, Vol. 2 per
 * instruction): helper_sse, the data movement, the floating-point
 * arithmetic, comparisons and conversions on the soft-float library.  The
 * integer operations are in helpers_sse_int.c.
 *
 * Order of one instruction (Vol. 3A §6.9 and the exception tables of
 * Vol. 2 ch. 2.5, "Exception Conditions for Legacy SIMD/MMX
 * Instructions"): #UD for CR0.EM, or CR4.OSFXSR=0 (Vol. 3A §13.1.4: all
 * but PSHUFW and MOVNTQ, MMX-register forms included);
 * #NM for CR0.TS; a pending x87 exception when an MMX register is named;
 * #GP(0) for a misaligned 16-byte operand of the aligned forms; the
 * memory access itself; then the computation.  SIMD floating-point
 * exceptions follow Vol. 1 §11.5.2: the pre-computation conditions (#I,
 * #D, #Z) of all elements first; if one of them is unmasked, only those
 * flags are set and no result is computed; otherwise the post-computation
 * conditions (#O, #U, #P) are added.  An unmasked one raises #XM with
 * CR4.OSXMMEXCPT=1, #UD without, and the destination keeps its value
 * (§11.5.1).
 */
#include <string.h>

#include "flags.h"
#include "helpers.h"
#include "softmmu.h"
#include "sse.h"
#include "x87.h"

#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ != __ORDER_LITTLE_ENDIAN__
#error "union x86_xmm lanes assume a little-endian host"
#endif

#define SF_PRE	(SF_INVALID | SF_DENORMAL | SF_DIVBYZERO)

/* --- availability and exceptions --- */

static void sse_check_avail(struct x86_cpu *cpu, uint64_t desc)
{
	if (cpu->cr[0] & CR0_EM)
		cpu_raise(cpu, EXC_UD, 0);
	if ((desc & SD_XMM) && !(cpu->cr[4] & CR4_OSFXSR))
		cpu_raise(cpu, EXC_UD, 0);
	if (cpu->cr[0] & CR0_TS)
		cpu_raise(cpu, EXC_NM, 0);
	if (desc & SD_MM)
		x87_check_pending(cpu);
}

static void sse_sf_init(const struct x86_cpu *cpu, struct sf_status *s)
{
	memset(s, 0, sizeof(*s));
	s->round = (cpu->mxcsr >> MXCSR_RC_SHIFT) & 3;
	s->prec = SF_PREC_64;
	s->daz = cpu->mxcsr & MXCSR_DAZ;
	s->ftz = cpu->mxcsr & MXCSR_FTZ;
	s->unmasked = ~(cpu->mxcsr >> MXCSR_MASK_SHIFT) & 0x3f;
}

static _Noreturn void sse_raise_xm(struct x86_cpu *cpu)
{
	cpu_raise(cpu, (cpu->cr[4] & CR4_OSXMMEXCPT) ? EXC_XM : EXC_UD, 0);
}

/* The flags of all elements (@pre: #I #D #Z, @post: #O #U #P) into MXCSR;
 * returns only when no unmasked exception was detected. */
static void sse_commit(struct x86_cpu *cpu, unsigned pre, unsigned post)
{
	unsigned unmasked = ~(cpu->mxcsr >> MXCSR_MASK_SHIFT) & 0x3f;

	if (pre & unmasked) {
		cpu->mxcsr |= pre;
		sse_raise_xm(cpu);
	}
	cpu->mxcsr |= pre | post;
	if ((pre | post) & unmasked)
		sse_raise_xm(cpu);
}

/* One element's status into the instruction's accumulated flags. */
struct sse_acc {
	struct sf_status s;
	unsigned pre, post;
};

static void acc_lane(struct sse_acc *acc)
{
	acc->pre |= acc->s.flags & SF_PRE;
	acc->post |= acc->s.flags & ~SF_PRE & 0x3f;
	acc->s.flags = 0;
}

/* --- memory operands --- */

static void sse_check_align(struct x86_cpu *cpu, uint64_t desc, uint32_t ea)
{
	uint32_t off = (desc & XD_ADDR32) ? ea : (ea & 0xffff);

	if ((desc & SD_ALIGN) && ((cpu->seg[XD_SEG(desc)].base + off) & 15))
		cpu_raise(cpu, EXC_GP, 0);
}

static void sse_load(struct x86_cpu *cpu, uint64_t desc, uint32_t ea,
		     union x86_xmm *v)
{
	unsigned size = SD_MSIZE(desc);

	memset(v, 0, sizeof(*v));
	sse_check_align(cpu, desc, ea);
	if (size == 16) {
		v->q[0] = x87_ld(cpu, desc, ea, 0, 8);
		v->q[1] = x87_ld(cpu, desc, ea, 8, 8);
	} else {
		v->q[0] = x87_ld(cpu, desc, ea, 0, size);
	}
}

static void sse_store(struct x86_cpu *cpu, uint64_t desc, uint32_t ea,
		      const union x86_xmm *v)
{
	unsigned size = SD_MSIZE(desc);

	sse_check_align(cpu, desc, ea);
	if (size == 16) {
		/* both halves or neither: the second may fault */
		x87_probe(cpu, desc, ea, 16, true);
		x87_st(cpu, desc, ea, 0, v->q[0], 8);
		x87_st(cpu, desc, ea, 8, v->q[1], 8);
	} else {
		x87_st(cpu, desc, ea, 0, v->q[0], size);
	}
}

/* --- floating point --- */

static bool f32_is_denormal(f32 a)
{
	return !(a & 0x7f800000u) && (a & 0x007fffffu);
}

static bool f64_is_denormal(f64 a)
{
	return !(a & 0x7ff0000000000000ull) && (a & 0x000fffffffffffffull);
}

/* DAZ: a denormal operand reads as a zero of its sign (§10.2.3.4). */
static uint64_t sse_daz(bool dbl, uint64_t v, const struct sf_status *s)
{
	if (s->daz && (dbl ? f64_is_denormal(v) : f32_is_denormal((f32)v)))
		v &= dbl ? 1ull << 63 : 1ull << 31;
	return v;
}

/* MINPS...MAXSD: the second operand when either is a NaN (QNaN too is
 * #I) or both are zeros; the operands as DAZ reads them. */
static uint64_t sse_minmax(bool dbl, bool max, uint64_t a, uint64_t b,
			   struct sf_status *s)
{
	enum sf_cmp c = dbl ? f64_compare(a, b, true, s) :
			      f32_compare((f32)a, (f32)b, true, s);

	a = sse_daz(dbl, a, s);
	b = sse_daz(dbl, b, s);
	if (c == SF_CMP_UNORDERED)
		return b;
	return (max ? c == SF_CMP_GREATER : c == SF_CMP_LESS) ? a : b;
}

/* CMPPS...CMPSD predicates 0-7 (SDM Vol. 2A CMPPS, Table 3-7): LT, LE,
 * NLT and NLE signal #I on a QNaN too. */
static uint64_t sse_cmp(bool dbl, unsigned pred, uint64_t a, uint64_t b,
			struct sf_status *s)
{
	bool sig = (pred & 3) == 1 || (pred & 3) == 2, t;
	enum sf_cmp c = dbl ? f64_compare(a, b, sig, s) :
			      f32_compare((f32)a, (f32)b, sig, s);

	switch (pred & 7) {
	case 0: t = c == SF_CMP_EQUAL; break;
	case 1: t = c == SF_CMP_LESS; break;
	case 2: t = c == SF_CMP_LESS || c == SF_CMP_EQUAL; break;
	case 3: t = c == SF_CMP_UNORDERED; break;
	case 4: t = c != SF_CMP_EQUAL; break;
	case 5: t = c != SF_CMP_LESS; break;
	case 6: t = c != SF_CMP_LESS && c != SF_CMP_EQUAL; break;
	default: t = c != SF_CMP_UNORDERED; break;
	}
	return t ? (dbl ? ~0ull : 0xffffffffull) : 0;
}

/*
 * RCPPS/RSQRTPS approximations (SDM Vol. 2B RCPPS, RSQRTPS: relative error
 * at most 1.5 * 2^-12; no SIMD exceptions, MXCSR not consulted).  The
 * value is computed in binary64 (correctly rounded), then its significand
 * is cut to 12 fraction bits: the error stays below 2^-12.  Denormal
 * operands read as zeros of their sign and tiny results are flushed to
 * zero, as the SDM describes.
 */
static f32 sse_approx(f32 a, bool rsqrt)
{
	static const f64 one = 0x3ff0000000000000ull;
	uint32_t sign = a & 0x80000000u, exp = (a >> 23) & 0xff;
	struct sf_status s;
	f64 v, r;
	int e;

	if (f32_is_nan(a))
		return a | 0x00400000u;
	if (!exp)	/* zero or denormal */
		return sign | 0x7f800000u;
	if (rsqrt && sign)
		return F32_DEFAULT_NAN;
	if (exp == 0xff)
		return sign;
	memset(&s, 0, sizeof(s));
	v = f32_to_f64(a, &s);
	if (rsqrt)
		v = f64_sqrt(v, &s);
	r = f64_div(one, v, &s);
	e = (int)((r >> 52) & 0x7ff) - 1023;
	if (e < -126)
		return sign;
	return sign | (uint32_t)(e + 127) << 23 |
	       ((uint32_t)(r >> 29) & 0x007ff800u);
}

static uint64_t fp_lane(int op, bool dbl, uint64_t a, uint64_t b, unsigned imm,
			struct sf_status *s)
{
	switch (op) {
	case SSE_ADD:
		return dbl ? f64_add(a, b, s) : f32_add((f32)a, (f32)b, s);
	case SSE_SUB:
		return dbl ? f64_sub(a, b, s) : f32_sub((f32)a, (f32)b, s);
	case SSE_MUL:
		return dbl ? f64_mul(a, b, s) : f32_mul((f32)a, (f32)b, s);
	case SSE_DIV:
		return dbl ? f64_div(a, b, s) : f32_div((f32)a, (f32)b, s);
	case SSE_MIN:
		return sse_minmax(dbl, false, a, b, s);
	case SSE_MAX:
		return sse_minmax(dbl, true, a, b, s);
	case SSE_SQRT:
		return dbl ? f64_sqrt(b, s) : f32_sqrt((f32)b, s);
	case SSE_RCP:
		return sse_approx((f32)b, false);
	case SSE_RSQRT:
		return sse_approx((f32)b, true);
	default:	/* SSE_CMP */
		return sse_cmp(dbl, imm, a, b, s);
	}
}

/* The arithmetic forms: packed and scalar, ADDSUB, HADD, HSUB. */
static void sse_arith(int op, int shape, unsigned imm, union x86_xmm *r,
		      const union x86_xmm *d, const union x86_xmm *x,
		      struct sse_acc *acc)
{
	bool dbl = shape == SH_PD || shape == SH_SD;
	int n = shape == SH_PS ? 4 : shape == SH_PD ? 2 : 1, i, lop;
	uint64_t a[4], b[4];

	*r = *d;
	for (i = 0; i < n; i++) {
		a[i] = dbl ? d->q[i] : d->d[i];
		b[i] = dbl ? x->q[i] : x->d[i];
	}
	if (op == SSE_HADD || op == SSE_HSUB) {
		/* pairs of the destination, then pairs of the source */
		for (i = 0; i < n; i++) {
			const union x86_xmm *v = i < n / 2 ? d : x;
			int j = 2 * (i % (n / 2));

			a[i] = dbl ? v->q[j] : v->d[j];
			b[i] = dbl ? v->q[j + 1] : v->d[j + 1];
		}
	}
	for (i = 0; i < n; i++) {
		uint64_t v;

		lop = op;
		if (op == SSE_ADDSUB)
			lop = (i & 1) ? SSE_ADD : SSE_SUB;
		else if (op == SSE_HADD)
			lop = SSE_ADD;
		else if (op == SSE_HSUB)
			lop = SSE_SUB;
		v = fp_lane(lop, dbl, a[i], b[i], imm, &acc->s);
		acc_lane(acc);
		if (dbl)
			r->q[i] = v;
		else
			r->d[i] = (uint32_t)v;
	}
}

/* COMISS...UCOMISD: ZF, PF, CF as the comparison says, OF SF AF clear
 * (SDM Vol. 2A COMISS); nothing is written after an unmasked exception. */
static void sse_comi(struct x86_cpu *cpu, int op, int shape,
		     const union x86_xmm *d, const union x86_xmm *x,
		     struct sse_acc *acc)
{
	static const uint32_t fl[4] = {
		[0] = CC_C, [1] = CC_Z, [2] = 0, [3] = CC_Z | CC_P | CC_C,
	};
	bool sig = op == SSE_COMI;
	enum sf_cmp c = shape == SH_SD ?
		f64_compare(d->q[0], x->q[0], sig, &acc->s) :
		f32_compare(d->d[0], x->d[0], sig, &acc->s);

	acc_lane(acc);
	sse_commit(cpu, acc->pre, acc->post);
	cpu->cc_src = fl[(int)c + 1];
	cpu->cc_op = CC_OP_EFLAGS;
}

static uint32_t cvt_to_i32(bool dbl, bool trunc, uint64_t v, struct sse_acc *acc)
{
	int32_t r;

	if (dbl)
		r = trunc ? f64_to_i32_trunc(v, &acc->s) : f64_to_i32(v, &acc->s);
	else
		r = trunc ? f32_to_i32_trunc((f32)v, &acc->s) :
			    f32_to_i32((f32)v, &acc->s);
	acc_lane(acc);
	return (uint32_t)r;
}

static uint32_t cvt_i2f32(uint32_t v, struct sse_acc *acc)
{
	f32 r = i32_to_f32((int32_t)v, &acc->s);

	acc_lane(acc);
	return r;
}

static uint64_t cvt_i2f64(uint32_t v, struct sse_acc *acc)
{
	f64 r = i32_to_f64((int32_t)v, &acc->s);

	acc_lane(acc);
	return r;
}

static uint64_t cvt_f2f64(uint32_t v, struct sse_acc *acc)
{
	f64 r = f32_to_f64(v, &acc->s);

	acc_lane(acc);
	return r;
}

static uint32_t cvt_f2f32(uint64_t v, struct sse_acc *acc)
{
	f32 r = f64_to_f32(v, &acc->s);

	acc_lane(acc);
	return r;
}

/* The conversions (SDM Vol. 2A CVT*): @r starts as the destination. */
static void sse_convert(int op, union x86_xmm *r, const union x86_xmm *x,
			struct sse_acc *acc)
{
	int i;

	switch (op) {
	case SSE_CVTPI2PS:
		for (i = 0; i < 2; i++)
			r->d[i] = cvt_i2f32(x->d[i], acc);
		break;
	case SSE_CVTSI2SS:
		r->d[0] = cvt_i2f32(x->d[0], acc);
		break;
	case SSE_CVTPS2PI: case SSE_CVTTPS2PI:
		for (i = 0; i < 2; i++)
			r->d[i] = cvt_to_i32(false, op == SSE_CVTTPS2PI, x->d[i], acc);
		break;
	case SSE_CVTSS2SI: case SSE_CVTTSS2SI:
		r->d[0] = cvt_to_i32(false, op == SSE_CVTTSS2SI, x->d[0], acc);
		break;
	case SSE_CVTPI2PD: case SSE_CVTDQ2PD:
		for (i = 0; i < 2; i++)
			r->q[i] = cvt_i2f64(x->d[i], acc);
		break;
	case SSE_CVTSI2SD:
		r->q[0] = cvt_i2f64(x->d[0], acc);
		break;
	case SSE_CVTPD2PI: case SSE_CVTTPD2PI:
		for (i = 0; i < 2; i++)
			r->d[i] = cvt_to_i32(true, op == SSE_CVTTPD2PI, x->q[i], acc);
		break;
	case SSE_CVTSD2SI: case SSE_CVTTSD2SI:
		r->d[0] = cvt_to_i32(true, op == SSE_CVTTSD2SI, x->q[0], acc);
		break;
	case SSE_CVTPS2PD:
		for (i = 0; i < 2; i++)
			r->q[i] = cvt_f2f64(x->d[i], acc);
		break;
	case SSE_CVTPD2PS:
		for (i = 0; i < 2; i++)
			r->d[i] = cvt_f2f32(x->q[i], acc);
		r->q[1] = 0;
		break;
	case SSE_CVTSS2SD:
		r->q[0] = cvt_f2f64(x->d[0], acc);
		break;
	case SSE_CVTSD2SS:
		r->d[0] = cvt_f2f32(x->q[0], acc);
		break;
	case SSE_CVTDQ2PS:
		for (i = 0; i < 4; i++)
			r->d[i] = cvt_i2f32(x->d[i], acc);
		break;
	case SSE_CVTPS2DQ: case SSE_CVTTPS2DQ:
		for (i = 0; i < 4; i++)
			r->d[i] = cvt_to_i32(false, op == SSE_CVTTPS2DQ, x->d[i], acc);
		break;
	default:	/* SSE_CVTPD2DQ, SSE_CVTTPD2DQ */
		for (i = 0; i < 2; i++)
			r->d[i] = cvt_to_i32(true, op == SSE_CVTTPD2DQ, x->q[i], acc);
		r->q[1] = 0;
		break;
	}
}

/* --- data movement and bitwise operations --- */

static void sse_move(int op, int dk, int sk, unsigned imm, union x86_xmm *r,
		     const union x86_xmm *d, const union x86_xmm *x)
{
	unsigned i, n, step;

	switch (op) {
	case SSE_MOVSS:
		*r = (sk == SK_XMM && dk == SK_XMM) ? *d : *x;
		r->d[0] = x->d[0];
		if (sk == SK_MEM)
			r->d[1] = r->d[2] = r->d[3] = 0;
		break;
	case SSE_MOVSD:
		*r = (sk == SK_XMM && dk == SK_XMM) ? *d : *x;
		r->q[0] = x->q[0];
		if (sk == SK_MEM)
			r->q[1] = 0;
		break;
	case SSE_MOVD:
		memset(r, 0, sizeof(*r));
		r->d[0] = x->d[0];
		break;
	case SSE_MOVQ: case SSE_MOVQ2DQ: case SSE_MOVDQ2Q:
		memset(r, 0, sizeof(*r));
		r->q[0] = x->q[0];
		break;
	case SSE_MOVLP:
		*r = dk == SK_MEM ? *x : *d;
		r->q[0] = x->q[0];
		break;
	case SSE_MOVHP:
		*r = *d;
		if (dk == SK_MEM)
			r->q[0] = x->q[1];
		else
			r->q[1] = x->q[0];
		break;
	case SSE_MOVHLPS:
		*r = *d;
		r->q[0] = x->q[1];
		break;
	case SSE_MOVLHPS:
		*r = *d;
		r->q[1] = x->q[0];
		break;
	case SSE_MOVMSKPS: case SSE_MOVMSKPD: case SSE_PMOVMSKB:
		/* the top bit of each element: its last byte's */
		memset(r, 0, sizeof(*r));
		step = op == SSE_MOVMSKPS ? 4 : op == SSE_MOVMSKPD ? 8 : 1;
		n = (sk == SK_MM ? 8 : 16) / step;
		for (i = 0; i < n; i++)
			r->d[0] |= (uint32_t)(x->b[i * step + step - 1] >> 7) << i;
		break;
	case SSE_MOVDDUP:
		r->q[0] = r->q[1] = x->q[0];
		break;
	case SSE_MOVSHDUP: case SSE_MOVSLDUP:
		i = op == SSE_MOVSHDUP;
		r->d[0] = r->d[1] = x->d[i];
		r->d[2] = r->d[3] = x->d[2 + i];
		break;
	case SSE_AND: case SSE_ANDN: case SSE_OR: case SSE_XOR:
		for (i = 0; i < 2; i++)
			r->q[i] = op == SSE_AND ? d->q[i] & x->q[i] :
				  op == SSE_ANDN ? ~d->q[i] & x->q[i] :
				  op == SSE_OR ? d->q[i] | x->q[i] :
				  d->q[i] ^ x->q[i];
		break;
	case SSE_SHUFPS:
		r->d[0] = d->d[imm & 3];
		r->d[1] = d->d[(imm >> 2) & 3];
		r->d[2] = x->d[(imm >> 4) & 3];
		r->d[3] = x->d[(imm >> 6) & 3];
		break;
	case SSE_SHUFPD:
		r->q[0] = d->q[imm & 1];
		r->q[1] = x->q[(imm >> 1) & 1];
		break;
	case SSE_UNPCKLPS: case SSE_UNPCKHPS:
		i = op == SSE_UNPCKHPS ? 2 : 0;
		r->d[0] = d->d[i];
		r->d[1] = x->d[i];
		r->d[2] = d->d[i + 1];
		r->d[3] = x->d[i + 1];
		break;
	case SSE_UNPCKLPD: case SSE_UNPCKHPD:
		i = op == SSE_UNPCKHPD;
		r->q[0] = d->q[i];
		r->q[1] = x->q[i];
		break;
	default:	/* SSE_MOV */
		*r = *x;
		break;
	}
}

/* MASKMOVQ/MASKMOVDQU: the bytes of @d whose byte in @mask has its top
 * bit set go to DS:[EDI] + i (SDM Vol. 2B MASKMOVDQU); the whole area is
 * checked first, so a fault leaves memory unchanged. */
static void sse_maskmov(struct x86_cpu *cpu, uint64_t desc, uint32_t ea,
			const union x86_xmm *d, const union x86_xmm *mask,
			unsigned bytes)
{
	unsigned i, any = 0;

	for (i = 0; i < bytes; i++)
		any |= mask->b[i] & 0x80;
	if (!any)
		return;
	x87_probe(cpu, desc, ea, bytes, true);
	for (i = 0; i < bytes; i++)
		if (mask->b[i] & 0x80)
			x87_st(cpu, desc, ea, i, d->b[i], 1);
}

/* --- the helper --- */

static void sse_read(const struct x86_cpu *cpu, int kind, int reg,
		     union x86_xmm *v)
{
	memset(v, 0, sizeof(*v));
	if (kind == SK_XMM)
		*v = cpu->xmm[reg];
	else if (kind == SK_MM)
		v->q[0] = cpu->fpr[reg].mant;
}

/* a: effective address or the general register's value; b: descriptor
 * (sse.h).  Returns the value of a general register destination. */
uint64_t helper_sse(HELPER_ARGS)
{
	HELPER_CPU;
	uint64_t desc = b;
	uint32_t ea = (uint32_t)a, v;
	int op = SD_OP(desc), dk = SD_DKIND(desc), sk = SD_SKIND(desc);
	int dreg = SD_DST(desc), shape = SD_SHAPE(desc);
	unsigned imm = SD_IMM(desc);
	union x86_xmm d, x, r;
	struct sse_acc acc;

	if (op == SSE_CLFLUSH) {
		x87_probe(cpu, desc, ea, 1, false);
		return 0;
	}
	sse_check_avail(cpu, desc);
	switch (op) {
	case SSE_LDMXCSR:
		/* reserved bits: #GP(0) (SDM Vol. 2A LDMXCSR) */
		v = (uint32_t)x87_ld(cpu, desc, ea, 0, 4);
		if (v & ~MXCSR_WRITABLE)
			cpu_raise(cpu, EXC_GP, 0);
		cpu->mxcsr = v;
		return 0;
	case SSE_STMXCSR:
		x87_st(cpu, desc, ea, 0, cpu->mxcsr, 4);
		return 0;
	default:
		break;
	}

	sse_read(cpu, dk, dreg, &d);
	sse_read(cpu, sk, SD_SRC(desc), &x);
	if (sk == SK_MEM)
		sse_load(cpu, desc, ea, &x);
	else if (sk == SK_GPR)
		x.d[0] = (uint32_t)a;
	else if (sk == SK_IMM)
		x.q[0] = imm;

	if (op == SSE_MASKMOV) {
		sse_maskmov(cpu, desc, ea, &d, &x, dk == SK_XMM ? 16 : 8);
		goto done;
	}
	r = d;
	sse_sf_init(cpu, &acc.s);
	acc.pre = acc.post = 0;
	if (op >= SSE_FP_END) {
		sse_int_compute(op, &r, &d, &x, imm,
				(dk == SK_XMM || sk == SK_XMM) ? 16 : 8);
	} else if (op >= SSE_CVTPI2PS) {
		sse_convert(op, &r, &x, &acc);
		sse_commit(cpu, acc.pre, acc.post);
	} else if (op == SSE_COMI || op == SSE_UCOMI) {
		sse_comi(cpu, op, shape, &d, &x, &acc);
		return 0;
	} else if (op >= SSE_ADD && op <= SSE_CMP) {
		sse_arith(op, shape, imm, &r, &d, &x, &acc);
		sse_commit(cpu, acc.pre, acc.post);
	} else {
		sse_move(op, dk, sk, imm, &r, &d, &x);
	}

	switch (dk) {
	case SK_XMM:
		cpu->xmm[dreg] = r;
		break;
	case SK_MM:
		cpu->fpr[dreg].mant = r.q[0];
		cpu->fpr[dreg].se = 0xffff;
		break;
	case SK_MEM:
		sse_store(cpu, desc, ea, &r);
		break;
	case SK_GPR:
		v = r.d[0];
		if (desc & SD_MM) {
			cpu->ftop = 0;
			cpu->fempty = 0;
		}
		return v;
	default:
		break;
	}
done:
	/* the MMX transition (SDM Vol. 1 §9.5, Table 9-2) */
	if (desc & SD_MM) {
		cpu->ftop = 0;
		cpu->fempty = 0;
	}
	return 0;
}
