// SPDX-License-Identifier: GPL-2.0-only
/*
 * binary32 and binary64 with the SSE rules (SDM Vol. 1 §11.5): DAZ reads
 * denormal operands as zero, a NaN operand is returned quieted with the
 * first source winning (Table 4-7), invalid operations give the negative
 * "real indefinite" QNaN.  f32.c and f64.c are the typed entry points.
 */
#include "translator/softfloat/sf_internal.h"

static int sf_fbits(const struct sf_fmt *fmt)
{
	return fmt->mbits - 1;
}

static int sf_ebits(const struct sf_fmt *fmt)
{
	return fmt->mbits == 24 ? 8 : 11;
}

void sf_unpack_ieee(const struct sf_fmt *fmt, uint64_t bits, bool daz,
		    struct sf_num *r)
{
	int fb = sf_fbits(fmt);
	uint64_t frac = bits & ((1ull << fb) - 1);
	uint32_t bexp = (bits >> fb) & fmt->bexp_max;
	int n;

	r->sign = (bits >> (fb + sf_ebits(fmt))) & 1;
	r->denormal = false;
	r->exp = 0;
	r->sig = 0;
	if (bexp == fmt->bexp_max) {
		if (!frac) {
			r->kind = SF_INF;
		} else {
			r->kind = (frac >> (fb - 1)) & 1 ? SF_QNAN : SF_SNAN;
			r->sig = (u128)frac << (128 - fb);
		}
		return;
	}
	if (!bexp) {
		if (!frac || daz) {
			r->kind = SF_ZERO;
			return;
		}
		r->denormal = true;
		r->exp = 1 - fmt->bias;
	} else {
		frac |= 1ull << fb;
		r->exp = (int32_t)bexp - fmt->bias;
	}
	r->kind = SF_FINITE;
	r->sig = (u128)frac << (128 - fmt->mbits);
	n = sf_clz128(r->sig);
	r->sig <<= n;
	r->exp -= n;
}

uint64_t sf_ieee_nan_quiet(const struct sf_fmt *fmt, uint64_t bits)
{
	return bits | (1ull << (sf_fbits(fmt) - 1));
}

uint64_t sf_ieee_default_nan(const struct sf_fmt *fmt)
{
	return fmt->mbits == 24 ? F32_DEFAULT_NAN : F64_DEFAULT_NAN;
}

/* A NaN from another format: high fraction bits kept, quieted. */
uint64_t sf_ieee_from_nan(const struct sf_fmt *fmt, const struct sf_num *n)
{
	int fb = sf_fbits(fmt);
	uint64_t frac = (uint64_t)(n->sig >> (128 - fb));

	return ((uint64_t)n->sign << (fb + sf_ebits(fmt))) |
	       ((uint64_t)fmt->bexp_max << fb) | frac | (1ull << (fb - 1));
}

static bool sf_is_nan_kind(const struct sf_num *n)
{
	return n->kind == SF_QNAN || n->kind == SF_SNAN;
}

/* SDM Vol. 1 Table 4-7, SSE column: the first source if it is a NaN,
 * else the second; an SNaN operand signals INVALID. */
static uint64_t sf_ieee_nan2(const struct sf_fmt *fmt, uint64_t a,
			     uint64_t b, const struct sf_num *na,
			     const struct sf_num *nb, struct sf_status *s)
{
	if (na->kind == SF_SNAN || nb->kind == SF_SNAN)
		s->flags |= SF_INVALID;
	return sf_ieee_nan_quiet(fmt, sf_is_nan_kind(na) ? a : b);
}

static uint64_t sf_ieee_invalid(const struct sf_fmt *fmt, struct sf_status *s)
{
	s->flags |= SF_INVALID;
	return sf_ieee_default_nan(fmt);
}

static uint64_t sf_ieee_round(const struct sf_fmt *fmt, const struct sf_num *r,
			      struct sf_status *s)
{
	return sf_pack_ieee(fmt, sf_round(fmt, fmt->mbits, SF_DEST_SSE,
					  r->sign, r->exp, r->sig, s));
}

static uint64_t sf_ieee_inf(const struct sf_fmt *fmt, bool sign)
{
	return sf_pack_ieee(fmt, sf_result_inf(fmt, sign));
}

/* Unpack two operands; true when a NaN decided the result (*res). */
static bool sf_ieee_operands(const struct sf_fmt *fmt, uint64_t a, uint64_t b,
			     struct sf_num *na, struct sf_num *nb,
			     uint64_t *res, struct sf_status *s)
{
	s->rounded_up = false;
	sf_unpack_ieee(fmt, a, s->daz, na);
	sf_unpack_ieee(fmt, b, s->daz, nb);
	if (sf_is_nan_kind(na) || sf_is_nan_kind(nb)) {
		*res = sf_ieee_nan2(fmt, a, b, na, nb, s);
		return true;
	}
	return false;
}

/* DE is reported only when the operation goes on to compute a value:
 * an invalid operation or a division by zero hides it (SDM Vol. 1
 * §11.5.2: pre-computation exceptions in priority order). */
static void sf_ieee_denormal(const struct sf_num *na, const struct sf_num *nb,
			     struct sf_status *s)
{
	if (na->denormal || nb->denormal)
		s->flags |= SF_DENORMAL;
}

uint64_t sf_ieee_add(const struct sf_fmt *fmt, uint64_t a, uint64_t b,
		     bool sub, struct sf_status *s)
{
	struct sf_num na, nb, r;
	uint64_t res;
	bool sb;

	if (sf_ieee_operands(fmt, a, b, &na, &nb, &res, s))
		return res;
	sf_ieee_denormal(&na, &nb, s);
	sb = nb.sign ^ sub;
	if (na.kind == SF_INF) {
		if (nb.kind == SF_INF && na.sign != sb)
			return sf_ieee_invalid(fmt, s);
		return sf_ieee_inf(fmt, na.sign);
	}
	if (nb.kind == SF_INF)
		return sf_ieee_inf(fmt, sb);
	sf_core_add(&na, &nb, sub, s->round, &r);
	return sf_ieee_round(fmt, &r, s);
}

uint64_t sf_ieee_mul(const struct sf_fmt *fmt, uint64_t a, uint64_t b,
		     struct sf_status *s)
{
	struct sf_num na, nb, r;
	uint64_t res;

	if (sf_ieee_operands(fmt, a, b, &na, &nb, &res, s))
		return res;
	sf_ieee_denormal(&na, &nb, s);
	if (na.kind == SF_INF || nb.kind == SF_INF) {
		if (na.kind == SF_ZERO || nb.kind == SF_ZERO)
			return sf_ieee_invalid(fmt, s);
		return sf_ieee_inf(fmt, na.sign ^ nb.sign);
	}
	sf_core_mul(&na, &nb, &r);
	return sf_ieee_round(fmt, &r, s);
}

uint64_t sf_ieee_div(const struct sf_fmt *fmt, uint64_t a, uint64_t b,
		     struct sf_status *s)
{
	struct sf_num na, nb, r;
	uint64_t res;
	bool sign;

	if (sf_ieee_operands(fmt, a, b, &na, &nb, &res, s))
		return res;
	sign = na.sign ^ nb.sign;
	if (na.kind == SF_INF) {
		if (nb.kind == SF_INF)
			return sf_ieee_invalid(fmt, s);
		sf_ieee_denormal(&na, &nb, s);
		return sf_ieee_inf(fmt, sign);
	}
	if (nb.kind == SF_INF) {
		sf_ieee_denormal(&na, &nb, s);
		return sf_pack_ieee(fmt, sf_result_zero(sign));
	}
	if (nb.kind == SF_ZERO) {
		if (na.kind == SF_ZERO)
			return sf_ieee_invalid(fmt, s);
		s->flags |= SF_DIVBYZERO;
		return sf_ieee_inf(fmt, sign);
	}
	sf_ieee_denormal(&na, &nb, s);
	sf_core_div(&na, &nb, &r);
	return sf_ieee_round(fmt, &r, s);
}

uint64_t sf_ieee_sqrt(const struct sf_fmt *fmt, uint64_t a,
		      struct sf_status *s)
{
	struct sf_num na, r;

	s->rounded_up = false;
	sf_unpack_ieee(fmt, a, s->daz, &na);
	if (sf_is_nan_kind(&na)) {
		if (na.kind == SF_SNAN)
			s->flags |= SF_INVALID;
		return sf_ieee_nan_quiet(fmt, a);
	}
	if (na.kind == SF_ZERO)
		return sf_pack_ieee(fmt, sf_result_zero(na.sign));
	if (na.sign)
		return sf_ieee_invalid(fmt, s);
	sf_ieee_denormal(&na, &na, s);
	if (na.kind == SF_INF)
		return a;
	sf_core_sqrt(&na, &r);
	return sf_ieee_round(fmt, &r, s);
}

/* UCOMIS* (@signaling false) and COMIS* (true), SDM Vol. 2. */
enum sf_cmp sf_ieee_compare(const struct sf_fmt *fmt, uint64_t a, uint64_t b,
			    bool signaling, struct sf_status *s)
{
	struct sf_num na, nb;

	s->rounded_up = false;
	sf_unpack_ieee(fmt, a, s->daz, &na);
	sf_unpack_ieee(fmt, b, s->daz, &nb);
	if (sf_is_nan_kind(&na) || sf_is_nan_kind(&nb)) {
		if (signaling || na.kind == SF_SNAN || nb.kind == SF_SNAN)
			s->flags |= SF_INVALID;
		return SF_CMP_UNORDERED;
	}
	sf_ieee_denormal(&na, &nb, s);
	return sf_core_compare(&na, &nb);
}

/* CVTSS2SI/CVTSD2SI (rounding in MXCSR.RC) and the CVTT* forms. */
int64_t sf_ieee_to_int(const struct sf_fmt *fmt, uint64_t a, int bits,
		       bool trunc, struct sf_status *s)
{
	struct sf_num na;

	sf_unpack_ieee(fmt, a, s->daz, &na);
	return sf_num_to_int(&na, bits, trunc ? SF_ROUND_ZERO : s->round, s);
}

uint64_t sf_ieee_from_int(const struct sf_fmt *fmt, int64_t v,
			  struct sf_status *s)
{
	struct sf_num n;

	sf_int_to_num(v, &n);
	return sf_ieee_round(fmt, &n, s);
}
