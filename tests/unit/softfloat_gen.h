/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Operand generators for the soft-float tests: a fixed-seed generator,
 * the edge sets of each format, and random operands biased toward the
 * places where rounding goes wrong (exponent boundaries, cancellation,
 * results that land near underflow or overflow, near-ties).
 */
#ifndef RINGVM_TESTS_UNIT_SOFTFLOAT_GEN_H
#define RINGVM_TESTS_UNIT_SOFTFLOAT_GEN_H

#include <stdint.h>

#include "translator/softfloat/softfloat.h"

static uint64_t gen_state = 0x9e3779b97f4a7c15ull;

static inline void gen_seed(uint64_t seed)
{
	gen_state = seed ? seed : 1;
}

/* xorshift64* */
static inline uint64_t gen_u64(void)
{
	gen_state ^= gen_state >> 12;
	gen_state ^= gen_state << 25;
	gen_state ^= gen_state >> 27;
	return gen_state * 0x2545f4914f6cdd1dull;
}

static inline int64_t gen_range(int64_t lo, int64_t hi)
{
	return lo + (int64_t)(gen_u64() % (uint64_t)(hi - lo + 1));
}

/* What the second operand should aim at, relative to the first. */
enum gen_near {
	GEN_ANY,
	GEN_ADD,	/* similar exponent: cancellation, alignment */
	GEN_MUL,	/* product near the underflow/overflow thresholds */
	GEN_DIV,	/* quotient near the thresholds */
	GEN_SCALE,	/* an FSCALE factor: mostly |x| < 2^16 */
	GEN_TRIG,	/* a trigonometric argument: |x| < 2^64 */
	GEN_UNIT,	/* |x| <= 1 (F2XM1's domain) */
	GEN_LOGP1,	/* |x| < 1 - sqrt(2)/2 (FYL2XP1's domain) */
	GEN_POS,	/* x > 0 (FYL2X's domain) */
};

/* A significand of @bits bits (integer bit included, set): random, or
 * with only a few top bits (exact results and ties), or all ones. */
static inline uint64_t gen_sig(int bits)
{
	uint64_t top = 1ull << (bits - 1), mask = top | (top - 1);
	int k;

	switch (gen_u64() % 6) {
	case 0:
		k = (int)gen_range(1, bits);
		return (top | (gen_u64() & mask)) & ~((top - 1) >> (k - 1));
	case 1:
		return mask - (gen_u64() & 7);
	case 2:
		return top | (gen_u64() & 7);
	default:
		return top | (gen_u64() & mask);
	}
}

/* Biased exponent for operand b given a's (@ea) and the aim; @emax is
 * the all-ones exponent, @bias the format's bias. */
static inline int64_t gen_exp(enum gen_near near, int64_t ea, int64_t emax,
			      int64_t bias, int mbits)
{
	int64_t t, e;

	switch (near) {
	case GEN_ADD:
		e = ea + gen_range(-(mbits + 6), mbits + 6);
		break;
	case GEN_MUL:
	case GEN_DIV:
		switch (gen_u64() % 3) {
		case 0:
			t = gen_range(-(mbits + 4), 3);
			break;
		case 1:
			t = emax - 1 + gen_range(-3, 3);
			break;
		default:
			t = gen_range(1, emax - 1);
			break;
		}
		e = near == GEN_MUL ? t - ea + bias : ea - t + bias;
		break;
	default:
		switch (gen_u64() % 4) {
		case 0:
			e = gen_range(0, mbits + 2);
			break;
		case 1:
			e = emax - gen_range(0, 3);
			break;
		case 2:
			e = bias + gen_range(-(mbits + 2), mbits + 2);
			break;
		default:
			e = gen_range(0, emax);
			break;
		}
		break;
	}
	if (e < 0)
		e = gen_u64() & 1 ? 0 : 1;
	if (e > emax)
		e = emax - (int64_t)(gen_u64() & 1);
	return e;
}

/* binary32/64: @fb fraction bits, @eb exponent bits. */
static inline uint64_t gen_ieee(int fb, int eb, enum gen_near near,
				uint64_t ref)
{
	int64_t emax = (1 << eb) - 1, bias = emax >> 1;
	int64_t ea = (int64_t)((ref >> fb) & (uint64_t)emax), e;
	uint64_t frac, sign = gen_u64() & 1;

	if (gen_u64() % 8 == 0)
		return gen_u64() & (fb == 23 ? 0xffffffffull : ~0ull);
	if (near != GEN_ANY && gen_u64() % 4 == 0)
		near = GEN_ANY;
	e = gen_exp(near, ea, emax, bias, fb + 1);
	frac = gen_sig(fb + 1) & ((1ull << fb) - 1);
	if (e == emax && gen_u64() % 4)
		e--;	/* keep most operands finite */
	if (e == 0 && gen_u64() % 3 == 0)
		frac >>= gen_range(0, fb);
	if (near == GEN_ADD && gen_u64() % 3 == 0) {
		e = ea;
		frac = (ref + gen_range(-2, 2)) & ((1ull << fb) - 1);
	}
	return (sign << (fb + eb)) | ((uint64_t)e << fb) | frac;
}

/* An f80 with exponent in [lo, hi]; one generator call per statement, so
 * every compiler draws the same sequence. */
static inline f80 gen_f80_range(bool any_sign, int64_t lo, int64_t hi)
{
	bool sign = any_sign && (gen_u64() & 1);
	int64_t e = gen_range(lo, hi);
	uint64_t m = gen_sig(64);

	return f80_make(sign, (uint16_t)e, m);
}

static inline f80 gen_f80(enum gen_near near, f80 ref)
{
	uint64_t mant;
	int64_t e;
	bool sign;
	f80 r;

	switch (gen_u64() % 16) {
	case 0:
		/* raw bits: unnormals, pseudo-NaNs and the rest */
		r.mant = gen_u64();
		r.se = (uint16_t)gen_u64();
		return r;
	case 1:
		/* pseudo-denormal or denormal */
		sign = gen_u64() & 1;
		mant = gen_u64();
		return f80_make(sign, 0, mant >> gen_range(0, 63));
	default:
		break;
	}
	if (near != GEN_ANY && gen_u64() % 4 == 0)
		near = GEN_ANY;
	switch (near) {
	case GEN_SCALE:
		return gen_f80_range(true, 16370, 16398);
	case GEN_TRIG:
		return gen_f80_range(true, 16300, 16447);
	case GEN_UNIT:
		if (gen_u64() & 1)
			return gen_f80_range(true, 16300, 16382);
		return gen_f80_range(true, 0, 16382);
	case GEN_LOGP1:
		if (gen_u64() & 1)
			return gen_f80_range(true, 16300, 16380);
		return gen_f80_range(true, 0, 16380);
	case GEN_POS:
		if (gen_u64() & 1)
			return gen_f80_range(false, 16370, 16398);
		return gen_f80_range(false, 1, 0x7ffe);
	default:
		break;
	}
	e = gen_exp(near, f80_exp(ref), 0x7fff, 16383, 64);
	mant = gen_sig(64);
	if (e == 0x7fff && gen_u64() % 4)
		e--;
	if (e == 0)
		mant >>= gen_range(1, 63);
	if (near == GEN_ADD && gen_u64() % 3 == 0) {
		e = f80_exp(ref);
		mant = ref.mant + (uint64_t)gen_range(-2, 2);
		if (e)
			mant |= 1ull << 63;
	}
	sign = gen_u64() & 1;
	return f80_make(sign, (uint16_t)e, mant);
}

/* Edge sets: every pair of these is run for binary operations. */
static const uint32_t gen_edge32[] = {
	0x00000000, 0x80000000, 0x00000001, 0x80000001, 0x007fffff,
	0x807fffff, 0x00400000, 0x00800000, 0x80800000, 0x00800001,
	0x3f800000, 0xbf800000, 0x3f800001, 0x3fffffff, 0x40000000,
	0x3f7fffff, 0x7f7fffff, 0xff7fffff, 0x7f000000, 0x7f800000,
	0xff800000, 0x7fc00000, 0xffc00000, 0x7fc00001, 0x7f800001,
	0xff800001, 0x7fbfffff, 0x4f000000, 0xcf000000, 0x4effffff,
	0xcf000001, 0x5f000000, 0xdf000000, 0x3f000000, 0x3fc00000,
	0x40400000, 0x34000000, 0x33800000, 0x0c800000, 0x72800000,
};

static const uint64_t gen_edge64[] = {
	0x0000000000000000ull, 0x8000000000000000ull, 0x0000000000000001ull,
	0x8000000000000001ull, 0x000fffffffffffffull, 0x800fffffffffffffull,
	0x0008000000000000ull, 0x0010000000000000ull, 0x8010000000000000ull,
	0x0010000000000001ull, 0x3ff0000000000000ull, 0xbff0000000000000ull,
	0x3ff0000000000001ull, 0x3fffffffffffffffull, 0x4000000000000000ull,
	0x3fefffffffffffffull, 0x7fefffffffffffffull, 0xffefffffffffffffull,
	0x7fe0000000000000ull, 0x7ff0000000000000ull, 0xfff0000000000000ull,
	0x7ff8000000000000ull, 0xfff8000000000000ull, 0x7ff8000000000001ull,
	0x7ff0000000000001ull, 0xfff0000000000001ull, 0x7ff7ffffffffffffull,
	0x41e0000000000000ull, 0xc1e0000000000000ull, 0x41dfffffffc00000ull,
	0xc1e0000000200000ull, 0x43e0000000000000ull, 0xc3e0000000000000ull,
	0x3fe0000000000000ull, 0x3ff8000000000000ull, 0x4008000000000000ull,
	0x3ca0000000000000ull, 0x0360000000000000ull, 0x7c80000000000000ull,
	0x36a0000000000000ull, 0x47efffffe0000000ull, 0x3690000000000000ull,
};

static const f80 gen_edge80[] = {
	{ 0, 0 }, { 0, 0x8000 },
	{ 1, 0 }, { 1, 0x8000 },	/* min denormal */
	{ 0x7fffffffffffffffull, 0 },	/* max denormal */
	{ 0x8000000000000000ull, 0 },	/* pseudo-denormal */
	{ 0x8000000000000000ull, 1 }, { 0x8000000000000000ull, 0x8001 },
	{ 0xffffffffffffffffull, 0x7ffe },	/* max normal */
	{ 0xffffffffffffffffull, 0xfffe },
	{ 0x8000000000000000ull, 0x3fff },	/* 1.0 */
	{ 0x8000000000000000ull, 0xbfff },
	{ 0x8000000000000001ull, 0x3fff },
	{ 0xffffffffffffffffull, 0x3ffe },
	{ 0xc000000000000000ull, 0x4000 },	/* 3.0 */
	{ 0x8000000000000000ull, 0x3ffe },	/* 0.5 */
	{ 0x8000000000000000ull, 0x7fff },	/* inf */
	{ 0x8000000000000000ull, 0xffff },
	{ 0xc000000000000000ull, 0x7fff },	/* QNaN */
	{ 0xc000000000000000ull, 0xffff },	/* indefinite */
	{ 0xc000000000000001ull, 0x7fff },
	{ 0x8000000000000001ull, 0x7fff },	/* SNaN */
	{ 0xbfffffffffffffffull, 0xffff },
	{ 0x0000000000000000ull, 0x7fff },	/* pseudo-inf */
	{ 0x4000000000000000ull, 0x7fff },	/* pseudo-NaN */
	{ 0x4000000000000000ull, 0x3fff },	/* unnormal */
	{ 0x8000000000000000ull, 0x403e },	/* 2^63 */
	{ 0x8000000000000000ull, 0xc03e },
	{ 0xffffffffffffffffull, 0x403d },
	{ 0x8000000000000000ull, 0x401e },	/* 2^31 */
	{ 0x8000000000000000ull, 0xc01e },
	{ 0xfffe000000000000ull, 0x400e },	/* 32767 */
	{ 0x8000000000000000ull, 0xc00e },	/* -32768 */
	{ 0x8000000000000000ull, 0x3f81 },	/* f32 min */
	{ 0x8000000000000000ull, 0x3c01 },	/* f64 min */
	{ 0xffffff0000000000ull, 0x407e },	/* f32 max */
	{ 0xc90fdaa22168c235ull, 0x4000 },	/* ~pi */
	{ 0x8000000000000000ull, 0x0040 },	/* near denormals */
	{ 0x8000000000000000ull, 0x7fbf },	/* near overflow */
};

#define GEN_ARRAY_SIZE(a) (sizeof(a) / sizeof((a)[0]))

#endif
