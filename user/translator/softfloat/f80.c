// SPDX-License-Identifier: GPL-2.0-only
/*
 * x87 double extended: encodings (SDM Vol. 1 §8.2.2, Table 8-3), the x87
 * NaN rule (Table 4-7), precision control (§8.1.5.2) and the basic
 * arithmetic FADD/FSUB/FMUL/FDIV/FSQRT/FRNDINT/FCOM/FXAM.
 */
#include "translator/softfloat/sf_internal.h"

const f80 f80_default_nan = { 0xc000000000000000ull, 0xffff };
const f80 f80_zero = { 0, 0 };
const f80 f80_one = { 0x8000000000000000ull, 0x3fff };

#define F80_INT_BIT	0x8000000000000000ull
#define F80_QUIET_BIT	0x4000000000000000ull

bool f80_is_nan(f80 a)
{
	return f80_exp(a) == 0x7fff && (a.mant & F80_INT_BIT) &&
	       (a.mant << 1) != 0;
}

bool f80_is_snan(f80 a)
{
	return f80_is_nan(a) && !(a.mant & F80_QUIET_BIT);
}

/* A nonzero exponent without the integer bit: unnormal, pseudo-NaN or
 * pseudo-infinity, all invalid operands since the 387 (SDM §8.2.2). */
bool f80_is_unsupported(f80 a)
{
	return f80_exp(a) != 0 && !(a.mant & F80_INT_BIT);
}

enum sf_class f80_classify(f80 a)
{
	if (f80_is_unsupported(a))
		return SF_CLASS_UNSUPPORTED;
	if (f80_exp(a) == 0x7fff)
		return (a.mant << 1) ? SF_CLASS_NAN : SF_CLASS_INFINITY;
	if (f80_exp(a) == 0)
		return a.mant ? SF_CLASS_DENORMAL : SF_CLASS_ZERO;
	return SF_CLASS_NORMAL;
}

void sf_unpack80(f80 a, struct sf_num *r)
{
	int32_t e = f80_exp(a);
	int n;

	r->sign = f80_sign(a);
	r->denormal = false;
	r->exp = 0;
	r->sig = 0;
	if (f80_is_unsupported(a)) {
		r->kind = SF_UNSUP;
		return;
	}
	if (e == 0x7fff) {
		if (!(a.mant << 1)) {
			r->kind = SF_INF;
		} else {
			r->kind = a.mant & F80_QUIET_BIT ? SF_QNAN : SF_SNAN;
			r->sig = (u128)(a.mant << 1) << 64;
		}
		return;
	}
	if (!a.mant) {
		r->kind = SF_ZERO;
		return;
	}
	r->kind = SF_FINITE;
	r->sig = (u128)a.mant << 64;
	if (!e) {
		/* Denormals and pseudo-denormals both weigh 2^-16382 at
		 * the integer bit. */
		r->denormal = true;
		e = 1;
	}
	n = sf_clz128(r->sig);
	r->sig <<= n;
	r->exp = e - 16383 - n;
}

f80 sf_f80_from_nan(const struct sf_num *n)
{
	return f80_make(n->sign, 0x7fff, F80_INT_BIT | F80_QUIET_BIT |
			(uint64_t)(n->sig >> 65));
}

/* FCW.PC; the reserved encoding 1 rounds to 64 bits, as the hardware
 * does. */
int sf_prec_bits(const struct sf_status *s)
{
	switch (s->prec) {
	case SF_PREC_24:
		return 24;
	case SF_PREC_53:
		return 53;
	default:
		return 64;
	}
}

static bool sf_nan_kind(const struct sf_num *n)
{
	return n->kind == SF_QNAN || n->kind == SF_SNAN;
}

static f80 sf_f80_quiet(f80 a)
{
	a.mant |= F80_QUIET_BIT;
	return a;
}

static f80 sf_f80_invalid(struct sf_status *s)
{
	s->flags |= SF_INVALID;
	return f80_default_nan;
}

/*
 * SDM Vol. 1 Table 4-7, x87 column: an SNaN is quieted (INVALID); a QNaN
 * beats an SNaN; of two NaNs of the same kind the larger significand wins.
 */
f80 sf_f80_nan2(f80 a, f80 b, const struct sf_num *na,
		const struct sf_num *nb, struct sf_status *s)
{
	if (na->kind == SF_SNAN || nb->kind == SF_SNAN)
		s->flags |= SF_INVALID;
	if (!sf_nan_kind(nb))
		return sf_f80_quiet(a);
	if (!sf_nan_kind(na))
		return sf_f80_quiet(b);
	if (na->kind != nb->kind)
		return sf_f80_quiet(na->kind == SF_QNAN ? a : b);
	if ((a.mant << 1) != (b.mant << 1))
		return sf_f80_quiet((a.mant << 1) > (b.mant << 1) ? a : b);
	return sf_f80_quiet(f80_sign(a) ? b : a);
}

f80 sf_f80_round(int prec, bool sign, int32_t exp, u128 sig,
		 struct sf_status *s)
{
	return sf_pack80(sf_round(&sf_fmt80, prec, SF_DEST_X87, sign, exp, sig,
				  s));
}

static f80 sf_f80_inf(bool sign)
{
	return f80_make(sign, 0x7fff, F80_INT_BIT);
}

/* Unpack two operands; true when an invalid encoding or a NaN decided the
 * result (*res). */
static bool sf_f80_operands(f80 a, f80 b, struct sf_num *na,
			    struct sf_num *nb, f80 *res, struct sf_status *s)
{
	s->rounded_up = false;
	sf_unpack80(a, na);
	sf_unpack80(b, nb);
	if (na->kind == SF_UNSUP || nb->kind == SF_UNSUP) {
		*res = sf_f80_invalid(s);
		return true;
	}
	if (sf_nan_kind(na) || sf_nan_kind(nb)) {
		*res = sf_f80_nan2(a, b, na, nb, s);
		return true;
	}
	return false;
}

/* DE only when the operation computes a value: an invalid operation or a
 * division by zero hides it (SDM Vol. 1 §8.7: pre-computation exceptions
 * in priority order). */
static void sf_f80_denormal(const struct sf_num *na, const struct sf_num *nb,
			    struct sf_status *s)
{
	if (na->denormal || nb->denormal)
		s->flags |= SF_DENORMAL;
}

static f80 sf_f80_addsub(f80 a, f80 b, bool sub, struct sf_status *s)
{
	struct sf_num na, nb, r;
	f80 res;
	bool sb;

	if (sf_f80_operands(a, b, &na, &nb, &res, s))
		return res;
	sf_f80_denormal(&na, &nb, s);
	sb = nb.sign ^ sub;
	if (na.kind == SF_INF) {
		if (nb.kind == SF_INF && na.sign != sb)
			return sf_f80_invalid(s);
		return sf_f80_inf(na.sign);
	}
	if (nb.kind == SF_INF)
		return sf_f80_inf(sb);
	sf_core_add(&na, &nb, sub, s->round, &r);
	return sf_f80_round(sf_prec_bits(s), r.sign, r.exp, r.sig, s);
}

f80 f80_add(f80 a, f80 b, struct sf_status *s)
{
	return sf_f80_addsub(a, b, false, s);
}

f80 f80_sub(f80 a, f80 b, struct sf_status *s)
{
	return sf_f80_addsub(a, b, true, s);
}

f80 f80_mul(f80 a, f80 b, struct sf_status *s)
{
	struct sf_num na, nb, r;
	f80 res;

	if (sf_f80_operands(a, b, &na, &nb, &res, s))
		return res;
	sf_f80_denormal(&na, &nb, s);
	if (na.kind == SF_INF || nb.kind == SF_INF) {
		if (na.kind == SF_ZERO || nb.kind == SF_ZERO)
			return sf_f80_invalid(s);
		return sf_f80_inf(na.sign ^ nb.sign);
	}
	sf_core_mul(&na, &nb, &r);
	return sf_f80_round(sf_prec_bits(s), r.sign, r.exp, r.sig, s);
}

f80 f80_div(f80 a, f80 b, struct sf_status *s)
{
	struct sf_num na, nb, r;
	bool sign;
	f80 res;

	if (sf_f80_operands(a, b, &na, &nb, &res, s))
		return res;
	sign = na.sign ^ nb.sign;
	if (na.kind == SF_INF && nb.kind == SF_INF)
		return sf_f80_invalid(s);
	if (nb.kind == SF_ZERO && na.kind != SF_INF) {
		if (na.kind == SF_ZERO)
			return sf_f80_invalid(s);
		s->flags |= SF_DIVBYZERO;
		return sf_f80_inf(sign);
	}
	sf_f80_denormal(&na, &nb, s);
	if (na.kind == SF_INF)
		return sf_f80_inf(sign);
	if (nb.kind == SF_INF)
		return f80_make(sign, 0, 0);
	sf_core_div(&na, &nb, &r);
	return sf_f80_round(sf_prec_bits(s), r.sign, r.exp, r.sig, s);
}

/* Unpack one operand; true when an invalid encoding or a NaN decided the
 * result (*res). */
static bool sf_f80_operand(f80 a, struct sf_num *na, f80 *res,
			   struct sf_status *s)
{
	s->rounded_up = false;
	sf_unpack80(a, na);
	if (na->kind == SF_UNSUP) {
		*res = sf_f80_invalid(s);
		return true;
	}
	if (sf_nan_kind(na)) {
		if (na->kind == SF_SNAN)
			s->flags |= SF_INVALID;
		*res = sf_f80_quiet(a);
		return true;
	}
	return false;
}

f80 f80_sqrt(f80 a, struct sf_status *s)
{
	struct sf_num na, r;
	f80 res;

	if (sf_f80_operand(a, &na, &res, s))
		return res;
	if (na.kind == SF_ZERO)
		return f80_make(na.sign, 0, 0);
	if (na.sign)
		return sf_f80_invalid(s);
	sf_f80_denormal(&na, &na, s);
	if (na.kind == SF_INF)
		return a;
	sf_core_sqrt(&na, &r);
	return sf_f80_round(sf_prec_bits(s), false, r.exp, r.sig, s);
}

/* FRNDINT ignores the precision control (SDM Vol. 1 §8.1.5.2). */
f80 f80_round_to_int(f80 a, struct sf_status *s)
{
	struct sf_num na;
	bool inexact, up;
	f80 res;
	u128 q;

	if (sf_f80_operand(a, &na, &res, s))
		return res;
	sf_f80_denormal(&na, &na, s);
	if (na.kind != SF_FINITE || na.exp >= 63)
		return a;
	q = sf_round_bits(na.sig, 127 - na.exp, na.sign, s->round, &inexact,
			  &up);
	if (inexact)
		s->flags |= SF_INEXACT;
	res = q ? sf_f80_round(64, na.sign, 127, q, s) :
		  f80_make(na.sign, 0, 0);
	s->rounded_up = up;
	return res;
}

/* FCOM (@signaling: any NaN is invalid) and FUCOM (only SNaN is). */
enum sf_cmp f80_compare(f80 a, f80 b, bool signaling, struct sf_status *s)
{
	struct sf_num na, nb;

	s->rounded_up = false;
	sf_unpack80(a, &na);
	sf_unpack80(b, &nb);
	if (na.kind == SF_UNSUP || nb.kind == SF_UNSUP) {
		s->flags |= SF_INVALID;
		return SF_CMP_UNORDERED;
	}
	if (sf_nan_kind(&na) || sf_nan_kind(&nb)) {
		if (signaling || na.kind == SF_SNAN || nb.kind == SF_SNAN)
			s->flags |= SF_INVALID;
		return SF_CMP_UNORDERED;
	}
	sf_f80_denormal(&na, &nb, s);
	return sf_core_compare(&na, &nb);
}
