// SPDX-License-Identifier: GPL-2.0-only
/*
 * The exact x87 operations on exponents and remainders: FSCALE, FXTRACT,
 * FPREM and FPREM1 (SDM Vol. 2).  Their results are exact apart from
 * FSCALE's over/underflow, so only integer bookkeeping is needed.
 */
#include "translator/softfloat/sf_internal.h"


static bool sf_nan_kind(const struct sf_num *n)
{
	return n->kind == SF_QNAN || n->kind == SF_SNAN;
}

static f80 sf_invalid(struct sf_status *s)
{
	s->flags |= SF_INVALID;
	return f80_default_nan;
}

/* Common prologue of the two-operand functions here: invalid encodings
 * and NaNs decide the result (true). */
static bool sf_specials2(f80 a, f80 b, struct sf_num *na, struct sf_num *nb,
			 f80 *res, struct sf_status *s)
{
	s->rounded_up = false;
	sf_unpack80(a, na);
	sf_unpack80(b, nb);
	if (na->kind == SF_UNSUP || nb->kind == SF_UNSUP) {
		*res = sf_invalid(s);
		return true;
	}
	if (sf_nan_kind(na) || sf_nan_kind(nb)) {
		*res = sf_f80_nan2(a, b, na, nb, s);
		return true;
	}
	return false;
}

static void sf_denormal(const struct sf_num *na, const struct sf_num *nb,
			struct sf_status *s)
{
	if (na->denormal || nb->denormal)
		s->flags |= SF_DENORMAL;
}

/* trunc(b) for a finite b, clamped far beyond any exponent f80 reaches
 * so the scaled value still overflows or underflows. */
static int32_t sf_trunc_exp(const struct sf_num *b)
{
	int32_t n;

	if (b->kind != SF_FINITE || b->exp < 0)
		return 0;
	n = b->exp > 20 ? 1 << 20 : (int32_t)(b->sig >> (127 - b->exp));
	return b->sign ? -n : n;
}

/* FSCALE: a * 2^trunc(b), special cases per the SDM Vol. 2 FSCALE table. */
f80 f80_scale(f80 a, f80 b, struct sf_status *s)
{
	struct sf_num na, nb;
	f80 res;

	if (sf_specials2(a, b, &na, &nb, &res, s))
		return res;
	if (nb.kind == SF_INF) {
		/* 0 * 2^+inf and inf * 2^-inf have no value */
		if ((!nb.sign && na.kind == SF_ZERO) ||
		    (nb.sign && na.kind == SF_INF))
			return sf_invalid(s);
		sf_denormal(&na, &nb, s);
		if (na.kind == SF_INF || na.kind == SF_ZERO)
			return a;
		return nb.sign ? f80_make(na.sign, 0, 0) :
				 f80_make(na.sign, 0x7fff, 1ull << 63);
	}
	sf_denormal(&na, &nb, s);
	if (na.kind != SF_FINITE)
		return a;
	return sf_f80_round(64, na.sign, na.exp + sf_trunc_exp(&nb), na.sig,
			    s);
}

/* FXTRACT: a = significand * 2^exponent with 1 <= |significand| < 2. */
f80 f80_extract(f80 a, f80 *exp_out, struct sf_status *s)
{
	struct sf_num na;

	s->rounded_up = false;
	sf_unpack80(a, &na);
	switch (na.kind) {
	case SF_UNSUP:
		*exp_out = sf_invalid(s);
		return f80_default_nan;
	case SF_SNAN:
		s->flags |= SF_INVALID;
		/* fall through */
	case SF_QNAN:
		a.mant |= 1ull << 62;
		*exp_out = a;
		return a;
	case SF_INF:
		*exp_out = f80_make(false, 0x7fff, 1ull << 63);
		return a;
	case SF_ZERO:
		/* SDM Vol. 2 FXTRACT: -inf exponent with #Z */
		s->flags |= SF_DIVBYZERO;
		*exp_out = f80_make(true, 0x7fff, 1ull << 63);
		return a;
	default:
		break;
	}
	if (na.denormal)
		s->flags |= SF_DENORMAL;
	*exp_out = i32_to_f80(na.exp);
	return f80_make(na.sign, 0x3fff, (uint64_t)(na.sig >> 64));
}

/*
 * FPREM (@ieee false: quotient truncated) and FPREM1 (@ieee true: quotient
 * rounded to nearest even), SDM Vol. 2.  The remainder is always exact.
 */
f80 f80_rem(f80 a, f80 b, bool ieee, bool *partial, unsigned *quotient,
	    struct sf_status *s)
{
	struct sf_num na, nb;
	uint64_t x, y;
	int32_t d, eb;
	u128 num, den, q, r;
	bool sign;
	f80 res;

	*partial = false;
	*quotient = 0;
	if (sf_specials2(a, b, &na, &nb, &res, s))
		return res;
	if (na.kind == SF_INF || nb.kind == SF_ZERO)
		return sf_invalid(s);
	sf_denormal(&na, &nb, s);
	if (nb.kind == SF_INF || na.kind == SF_ZERO)
		return na.kind == SF_FINITE ?
			sf_f80_round(64, na.sign, na.exp, na.sig, s) : a;

	d = na.exp - nb.exp;
	eb = nb.exp;
	if (d >= 64) {
		/* Partial: reduce against b * 2^(d - n) by truncation.  The
		 * SDM leaves n in 32..63 to the implementation; the hardware
		 * takes 32 + (d mod 32), leaving a multiple of 32 to go, and
		 * reports no quotient bits. */
		int32_t n = 32 + (d & 31);

		*partial = true;
		eb = na.exp - n;
		d = n;
		ieee = false;
	}
	if (d < -1)
		return sf_f80_round(64, na.sign, na.exp, na.sig, s);

	/* Work in units of 2^(eb - 64): a = x << (d + 1), b = y << 1. */
	x = (uint64_t)(na.sig >> 64);
	y = (uint64_t)(nb.sig >> 64);
	num = (u128)x << (d + 1);
	den = (u128)y << 1;
	q = num / den;
	r = num % den;
	sign = na.sign;
	if (ieee && (2 * r > den || (2 * r == den && (q & 1)))) {
		q++;
		r = den - r;
		sign = !sign;
	}
	if (!*partial)
		*quotient = (unsigned)(q & 7);
	if (!r)
		return f80_make(na.sign, 0, 0);
	return sf_f80_round(64, sign, eb - 64 + 127, r, s);
}
