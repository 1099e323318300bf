// SPDX-License-Identifier: GPL-2.0-only
/*
 * Rounding and packing: the one place a result meets its format, with the
 * x86 rules for tiny and huge results (SDM Vol. 1 §4.9.1.4-6, §8.5.4-5,
 * §10.2.3.3, §11.5.2.3-4).
 */
#include "translator/softfloat/sf_internal.h"

const struct sf_fmt sf_fmt32 = { .mbits = 24, .bias = 127, .bexp_max = 0xff };
const struct sf_fmt sf_fmt64 = { .mbits = 53, .bias = 1023,
				 .bexp_max = 0x7ff };
const struct sf_fmt sf_fmt80 = { .mbits = 64, .bias = 16383,
				 .bexp_max = 0x7fff };

/* The x87 unmasked overflow/underflow response rebiases by 3 * 2^13
 * (SDM Vol. 1 §8.5.4, §8.5.5). */
#define SF_X87_WRAP 24576

/*
 * sig >> drop, rounded in @mode.  *inexact tells whether bits were lost,
 * *up whether the magnitude was increased (x87 C1).  @drop may exceed 128
 * (a result far below the denormal range).
 */
u128 sf_round_bits(u128 sig, int32_t drop, bool sign, unsigned mode,
		   bool *inexact, bool *up)
{
	u128 q;
	bool guard, sticky, inc = false;

	if (drop <= 0) {
		*inexact = false;
		*up = false;
		return sig << -drop;
	}
	if (drop > 128) {
		q = 0;
		guard = false;
		sticky = sig != 0;
	} else if (drop == 128) {
		q = 0;
		guard = sig >> 127;
		sticky = (sig << 1) != 0;
	} else {
		q = sig >> drop;
		guard = (sig >> (drop - 1)) & 1;
		sticky = drop > 1 && (sig << (129 - drop)) != 0;
	}
	switch (mode) {
	case SF_ROUND_NEAREST:
		inc = guard && (sticky || (q & 1));
		break;
	case SF_ROUND_DOWN:
		inc = sign && (guard || sticky);
		break;
	case SF_ROUND_UP:
		inc = !sign && (guard || sticky);
		break;
	default:
		break;
	}
	*inexact = guard || sticky;
	*up = inc;
	return q + inc;
}

struct sf_result sf_result_inf(const struct sf_fmt *fmt, bool sign)
{
	struct sf_result r = { sign, fmt->bexp_max, 1ull << (fmt->mbits - 1) };

	return r;
}

struct sf_result sf_result_zero(bool sign)
{
	struct sf_result r = { sign, 0, 0 };

	return r;
}

static struct sf_result sf_overflow(const struct sf_fmt *fmt, int prec,
				    bool sign, struct sf_status *s)
{
	unsigned mode = s->round;
	struct sf_result r;

	/* SDM Vol. 1 Table 4-10: the rounding mode picks inf or the largest
	 * finite value of the result precision. */
	s->flags |= SF_OVERFLOW | SF_INEXACT;
	if (mode == SF_ROUND_NEAREST || (mode == SF_ROUND_UP && !sign) ||
	    (mode == SF_ROUND_DOWN && sign)) {
		s->rounded_up = true;
		return sf_result_inf(fmt, sign);
	}
	r.sign = sign;
	r.bexp = fmt->bexp_max - 1;
	r.mant = (~0ull >> (64 - prec)) << (fmt->mbits - prec);
	s->rounded_up = false;
	return r;
}

/*
 * Round sign * sig * 2^(exp - 127) to @prec significand bits (prec <=
 * fmt->mbits: the x87 precision control) in format @fmt.  Tininess is
 * detected after rounding, as x86 does: the value rounded to @prec bits
 * with an unbounded exponent is below the smallest normal.
 */
struct sf_result sf_round(const struct sf_fmt *fmt, int prec,
			  enum sf_dest dest, bool sign, int32_t exp, u128 sig,
			  struct sf_status *s)
{
	int32_t emin = 1 - fmt->bias, eu, lsb, lsb_den;
	bool inexact, inexact_full, up;
	struct sf_result r = { sign, 0, 0 };
	u128 q;
	int n;

	s->rounded_up = false;
	if (sig == 0)
		return r;
	n = sf_clz128(sig);
	sig <<= n;
	exp -= n;

	q = sf_round_bits(sig, 128 - prec, sign, s->round, &inexact, &up);
	inexact_full = inexact;
	eu = exp;
	if (q >> prec) {
		q >>= 1;
		eu++;
	}

	if (eu > fmt->bias) {
		if (dest == SF_DEST_SSE && (s->unmasked & SF_OVERFLOW)) {
			/* no result is delivered (SDM Vol. 1 §11.5.2.2);
			 * PE says whether the significand was rounded, as
			 * the processors compared report it */
			uint8_t before = s->flags;

			r = sf_overflow(fmt, prec, sign, s);
			s->flags = before | SF_OVERFLOW |
				   (inexact ? SF_INEXACT : 0);
			return r;
		}
		if (dest != SF_DEST_X87 || !(s->unmasked & SF_OVERFLOW))
			return sf_overflow(fmt, prec, sign, s);
		if (eu + fmt->bias - SF_X87_WRAP >= (int32_t)fmt->bexp_max) {
			/* too large even wrapped (FSCALE): infinity in
			 * every rounding mode */
			s->flags |= SF_OVERFLOW | SF_INEXACT;
			s->rounded_up = true;
			return sf_result_inf(fmt, sign);
		}
		s->flags |= SF_OVERFLOW | (inexact ? SF_INEXACT : 0);
		s->rounded_up = up;
		r.bexp = eu + fmt->bias - SF_X87_WRAP;
		r.mant = (uint64_t)q << (fmt->mbits - prec);
		return r;
	}

	if (eu >= emin) {
		if (inexact)
			s->flags |= SF_INEXACT;
		s->rounded_up = up;
		r.bexp = eu + fmt->bias;
		r.mant = (uint64_t)q << (fmt->mbits - prec);
		return r;
	}

	/* Tiny. */
	if (dest == SF_DEST_X87 && (s->unmasked & SF_UNDERFLOW)) {
		if (eu + fmt->bias + SF_X87_WRAP <= 0) {
			/* too small even wrapped (FSCALE): zero */
			s->flags |= SF_UNDERFLOW | SF_INEXACT;
			return r;
		}
		s->flags |= SF_UNDERFLOW | (inexact ? SF_INEXACT : 0);
		s->rounded_up = up;
		r.bexp = eu + fmt->bias + SF_X87_WRAP;
		r.mant = (uint64_t)q << (fmt->mbits - prec);
		return r;
	}
	if (dest == SF_DEST_SSE && s->ftz && !(s->unmasked & SF_UNDERFLOW)) {
		/* SDM Vol. 1 §10.2.3.3: zero with the true sign, UE and PE */
		s->flags |= SF_UNDERFLOW | SF_INEXACT;
		return r;
	}
	/* Denormalize.  Under the x87 precision control the significand
	 * is denormalized as if the format had @prec bits with f80's
	 * exponent range: the last kept bit weighs 2^(emin - prec + 1). */
	lsb_den = emin - (fmt->mbits - 1);
	lsb = exp - (prec - 1);
	if (lsb < emin - (prec - 1))
		lsb = emin - (prec - 1);
	q = sf_round_bits(sig, lsb - (exp - 127), sign, s->round, &inexact,
			  &up);
	r.mant = (uint64_t)q << (lsb - lsb_den);
	r.bexp = (r.mant >> (fmt->mbits - 1)) & 1;
	s->rounded_up = up;
	if (dest == SF_DEST_SSE && (s->unmasked & SF_UNDERFLOW))
		/* as for overflow: the result is not delivered, PE says
		 * whether the significand was rounded */
		s->flags |= SF_UNDERFLOW | (inexact_full ? SF_INEXACT : 0);
	else if (inexact)
		s->flags |= SF_INEXACT | SF_UNDERFLOW;
	else if (s->unmasked & SF_UNDERFLOW)
		s->flags |= SF_UNDERFLOW;
	return r;
}

uint64_t sf_pack_ieee(const struct sf_fmt *fmt, struct sf_result r)
{
	int fb = fmt->mbits - 1;

	return ((uint64_t)r.sign << (fb + (fmt->mbits == 24 ? 8 : 11))) |
	       ((uint64_t)r.bexp << fb) | (r.mant & ((1ull << fb) - 1));
}

f80 sf_pack80(struct sf_result r)
{
	return f80_make(r.sign, (uint16_t)r.bexp, r.mant);
}

/*
 * A finite value to a signed integer of @bits bits, rounded in @mode.
 * Out of range gives the "integer indefinite" (only the sign bit set) and
 * INVALID, without INEXACT (SDM Vol. 1 §4.8.3.2 Table 4-3).
 */
int64_t sf_num_to_int(const struct sf_num *a, int bits, unsigned mode,
		      struct sf_status *s)
{
	uint64_t indef = 1ull << (bits - 1), mag;
	bool inexact, up;
	u128 q;

	s->rounded_up = false;
	if (a->kind == SF_ZERO)
		return 0;
	if (a->kind != SF_FINITE || a->exp > 64)
		goto invalid;
	q = sf_round_bits(a->sig, 127 - a->exp, a->sign, mode, &inexact, &up);
	if (q > indef || (q == indef && !a->sign))
		goto invalid;
	if (inexact)
		s->flags |= SF_INEXACT;
	s->rounded_up = up;
	mag = (uint64_t)q;
	return a->sign ? (int64_t)(0 - mag) : (int64_t)mag;
invalid:
	s->flags |= SF_INVALID;
	return (int64_t)(bits == 64 ? indef : (uint64_t)-(int64_t)indef);
}

void sf_int_to_num(int64_t v, struct sf_num *r)
{
	uint64_t mag = v < 0 ? 0 - (uint64_t)v : (uint64_t)v;
	int n;

	r->sign = v < 0;
	r->denormal = false;
	if (!mag) {
		r->kind = SF_ZERO;
		r->exp = 0;
		r->sig = 0;
		return;
	}
	n = sf_clz64(mag);
	r->kind = SF_FINITE;
	r->exp = 63 - n;
	r->sig = (u128)(mag << n) << 64;
}
