// SPDX-License-Identifier: GPL-2.0-only
/*
 * Conversions between the three formats and to/from integers: CVTSS2SD,
 * CVTSD2SS, CVT(T)S*2SI, CVTSI2S* (SDM Vol. 2) and the x87 loads and
 * stores FLD/FST/FIST/FISTTP/FILD of memory operands.
 */
#include "translator/softfloat/sf_internal.h"

static bool sf_is_nan_kind(const struct sf_num *n)
{
	return n->kind == SF_QNAN || n->kind == SF_SNAN;
}

/* binary32 <-> binary64, with the SSE rules (DAZ, FTZ, DE). */
static uint64_t sf_ieee_convert(const struct sf_fmt *from,
				const struct sf_fmt *to, uint64_t a,
				struct sf_status *s)
{
	struct sf_num n;

	s->rounded_up = false;
	sf_unpack_ieee(from, a, s->daz, &n);
	if (sf_is_nan_kind(&n)) {
		if (n.kind == SF_SNAN)
			s->flags |= SF_INVALID;
		return sf_ieee_from_nan(to, &n);
	}
	if (n.denormal)
		s->flags |= SF_DENORMAL;
	if (n.kind == SF_INF)
		return sf_pack_ieee(to, sf_result_inf(to, n.sign));
	return sf_pack_ieee(to, sf_round(to, to->mbits, SF_DEST_SSE, n.sign,
					 n.exp, n.sig, s));
}

f64 f32_to_f64(f32 a, struct sf_status *s)
{
	return sf_ieee_convert(&sf_fmt32, &sf_fmt64, a, s);
}

f32 f64_to_f32(f64 a, struct sf_status *s)
{
	return (f32)sf_ieee_convert(&sf_fmt64, &sf_fmt32, a, s);
}

/* FLD m32/m64: exact; an SNaN is quieted with INVALID, a denormal raises
 * DE.  The x87 has no DAZ, so s->daz is not consulted. */
static f80 sf_ieee_to_f80(const struct sf_fmt *from, uint64_t a,
			  struct sf_status *s)
{
	struct sf_num n;

	s->rounded_up = false;
	sf_unpack_ieee(from, a, false, &n);
	switch (n.kind) {
	case SF_SNAN:
		s->flags |= SF_INVALID;
		/* fall through */
	case SF_QNAN:
		return sf_f80_from_nan(&n);
	case SF_INF:
		return f80_make(n.sign, 0x7fff, 1ull << 63);
	case SF_ZERO:
		return f80_make(n.sign, 0, 0);
	default:
		if (n.denormal)
			s->flags |= SF_DENORMAL;
		return sf_f80_round(64, n.sign, n.exp, n.sig, s);
	}
}

f80 f32_to_f80(f32 a, struct sf_status *s)
{
	return sf_ieee_to_f80(&sf_fmt32, a, s);
}

f80 f64_to_f80(f64 a, struct sf_status *s)
{
	return sf_ieee_to_f80(&sf_fmt64, a, s);
}

/* FST m32/m64: rounded in s->round to the destination's precision (the
 * precision control does not apply); no DE for an f80 source (SDM Vol. 2
 * FST exceptions). */
static uint64_t sf_f80_to_ieee(const struct sf_fmt *to, f80 a,
			       struct sf_status *s)
{
	struct sf_num n;

	s->rounded_up = false;
	sf_unpack80(a, &n);
	switch (n.kind) {
	case SF_UNSUP:
		s->flags |= SF_INVALID;
		return sf_ieee_default_nan(to);
	case SF_SNAN:
		s->flags |= SF_INVALID;
		/* fall through */
	case SF_QNAN:
		return sf_ieee_from_nan(to, &n);
	case SF_INF:
		return sf_pack_ieee(to, sf_result_inf(to, n.sign));
	default:
		return sf_pack_ieee(to, sf_round(to, to->mbits, SF_DEST_MEM,
						 n.sign, n.exp, n.sig, s));
	}
}

f32 f80_to_f32(f80 a, struct sf_status *s)
{
	return (f32)sf_f80_to_ieee(&sf_fmt32, a, s);
}

f64 f80_to_f64(f80 a, struct sf_status *s)
{
	return sf_f80_to_ieee(&sf_fmt64, a, s);
}

/* FIST/FISTP (@trunc false) and FISTTP (true). */
static int64_t sf_f80_to_int(f80 a, int bits, bool trunc, struct sf_status *s)
{
	struct sf_num n;

	sf_unpack80(a, &n);
	return sf_num_to_int(&n, bits, trunc ? SF_ROUND_ZERO : s->round, s);
}

int16_t f80_to_i16(f80 a, struct sf_status *s)
{
	return (int16_t)sf_f80_to_int(a, 16, false, s);
}

int32_t f80_to_i32(f80 a, struct sf_status *s)
{
	return (int32_t)sf_f80_to_int(a, 32, false, s);
}

int64_t f80_to_i64(f80 a, struct sf_status *s)
{
	return sf_f80_to_int(a, 64, false, s);
}

int16_t f80_to_i16_trunc(f80 a, struct sf_status *s)
{
	return (int16_t)sf_f80_to_int(a, 16, true, s);
}

int32_t f80_to_i32_trunc(f80 a, struct sf_status *s)
{
	return (int32_t)sf_f80_to_int(a, 32, true, s);
}

int64_t f80_to_i64_trunc(f80 a, struct sf_status *s)
{
	return sf_f80_to_int(a, 64, true, s);
}

/* FILD: every int64 fits in 64 significand bits. */
f80 i64_to_f80(int64_t a)
{
	uint64_t mag = a < 0 ? 0 - (uint64_t)a : (uint64_t)a;
	int n = sf_clz64(mag);

	if (!mag)
		return f80_make(false, 0, 0);
	return f80_make(a < 0, (uint16_t)(16383 + 63 - n), mag << n);
}

f80 i32_to_f80(int32_t a)
{
	return i64_to_f80(a);
}
