/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Internals shared by the soft-float files: the unpacked number, 128-bit
 * helpers, the format descriptors and the one rounding routine every
 * operation ends in.  Integer arithmetic only, so results are the same on
 * every host.
 */
#ifndef RINGVM_TRANSLATOR_SOFTFLOAT_SF_INTERNAL_H
#define RINGVM_TRANSLATOR_SOFTFLOAT_SF_INTERNAL_H

#include "translator/softfloat/softfloat.h"

typedef unsigned __int128 u128;

static inline int sf_clz64(uint64_t x)
{
	return x ? __builtin_clzll(x) : 64;
}

static inline int sf_clz128(u128 x)
{
	uint64_t hi = (uint64_t)(x >> 64);

	return hi ? __builtin_clzll(hi) : 64 + sf_clz64((uint64_t)x);
}

/* x >> n with every bit shifted out ORed into bit 0 ("jamming"): the
 * result still tells whether the value was exact, which is all rounding
 * needs from the bits below the guard bit. */
static inline u128 sf_shr_jam(u128 x, int32_t n)
{
	if (n <= 0)
		return x;
	if (n >= 128)
		return x != 0;
	return (x >> n) | ((x << (128 - n)) != 0);
}

enum sf_kind {
	SF_ZERO,
	SF_FINITE,	/* normal or denormal, normalized in sig */
	SF_INF,
	SF_QNAN,
	SF_SNAN,
	SF_UNSUP,	/* f80 unnormal, pseudo-NaN, pseudo-infinity */
};

/*
 * An unpacked value.  FINITE: value = sig * 2^(exp - 127), sig bit 127
 * set.  NaN: sig holds the fraction left-aligned with the quiet bit at bit
 * 127, so a payload moves between formats by truncation (SDM Vol. 1
 * §4.8.3.5: the significand's high bits are kept).
 */
struct sf_num {
	uint8_t kind;		/* enum sf_kind */
	bool sign;
	bool denormal;		/* a denormal or pseudo-denormal encoding */
	int32_t exp;
	u128 sig;
};

/* A storage format: @mbits significand bits including the integer bit
 * (explicit in f80, hidden in f32/f64). */
struct sf_fmt {
	int mbits;
	int32_t bias;		/* also the largest unbiased exponent */
	uint32_t bexp_max;	/* biased exponent of inf/NaN */
};

extern const struct sf_fmt sf_fmt32, sf_fmt64, sf_fmt80;

/* Who receives a rounded result: it decides which response to a tiny or
 * huge result applies (SDM Vol. 1 §8.5.4-5 for x87, §11.5.2 for SSE). */
enum sf_dest {
	SF_DEST_SSE,	/* MXCSR.FTZ applies */
	SF_DEST_X87,	/* x87 register: unmasked O/U wrap the exponent */
	SF_DEST_MEM,	/* an x87 store to memory: no wrap, no FTZ */
};

/* A rounded result before it is packed: mant holds fmt->mbits bits with
 * the integer bit at mbits - 1 (0 for zero and denormals). */
struct sf_result {
	bool sign;
	uint32_t bexp;
	uint64_t mant;
};

/* sf_round.c */
struct sf_result sf_round(const struct sf_fmt *fmt, int prec,
			  enum sf_dest dest, bool sign, int32_t exp, u128 sig,
			  struct sf_status *s);
u128 sf_round_bits(u128 sig, int32_t drop, bool sign, unsigned mode,
		   bool *inexact, bool *up);
struct sf_result sf_result_inf(const struct sf_fmt *fmt, bool sign);
struct sf_result sf_result_zero(bool sign);
uint64_t sf_pack_ieee(const struct sf_fmt *fmt, struct sf_result r);
f80 sf_pack80(struct sf_result r);
int64_t sf_num_to_int(const struct sf_num *a, int bits, unsigned mode,
		      struct sf_status *s);
void sf_int_to_num(int64_t v, struct sf_num *r);

/* sf_core.c: arithmetic on FINITE or ZERO operands whose significands
 * have at most 64 bits.  Results are exact or carry a sticky bit in bit 0;
 * a ZERO result carries its IEEE sign for @mode. */
void sf_core_add(const struct sf_num *a, const struct sf_num *b, bool sub,
		 unsigned mode, struct sf_num *r);
void sf_core_mul(const struct sf_num *a, const struct sf_num *b,
		 struct sf_num *r);
void sf_core_div(const struct sf_num *a, const struct sf_num *b,
		 struct sf_num *r);
void sf_core_sqrt(const struct sf_num *a, struct sf_num *r);
enum sf_cmp sf_core_compare(const struct sf_num *a, const struct sf_num *b);

/* sf_ieee.c: the SSE rules that f32.c and f64.c share */
void sf_unpack_ieee(const struct sf_fmt *fmt, uint64_t bits, bool daz,
		    struct sf_num *r);
uint64_t sf_ieee_nan_quiet(const struct sf_fmt *fmt, uint64_t bits);
uint64_t sf_ieee_default_nan(const struct sf_fmt *fmt);
uint64_t sf_ieee_from_nan(const struct sf_fmt *fmt, const struct sf_num *n);
uint64_t sf_ieee_add(const struct sf_fmt *fmt, uint64_t a, uint64_t b,
		     bool sub, struct sf_status *s);
uint64_t sf_ieee_mul(const struct sf_fmt *fmt, uint64_t a, uint64_t b,
		     struct sf_status *s);
uint64_t sf_ieee_div(const struct sf_fmt *fmt, uint64_t a, uint64_t b,
		     struct sf_status *s);
uint64_t sf_ieee_sqrt(const struct sf_fmt *fmt, uint64_t a,
		      struct sf_status *s);
enum sf_cmp sf_ieee_compare(const struct sf_fmt *fmt, uint64_t a, uint64_t b,
			    bool signaling, struct sf_status *s);
int64_t sf_ieee_to_int(const struct sf_fmt *fmt, uint64_t a, int bits,
		       bool trunc, struct sf_status *s);
uint64_t sf_ieee_from_int(const struct sf_fmt *fmt, int64_t v,
			  struct sf_status *s);

/* f80.c */
void sf_unpack80(f80 a, struct sf_num *r);
f80 sf_f80_from_nan(const struct sf_num *n);
int sf_prec_bits(const struct sf_status *s);
f80 sf_f80_nan2(f80 a, f80 b, const struct sf_num *na,
		const struct sf_num *nb, struct sf_status *s);
f80 sf_f80_round(int prec, bool sign, int32_t exp, u128 sig,
		 struct sf_status *s);

/* sf_xf.c: extended intermediates for the transcendentals.  value =
 * sig * 2^(exp - 127), sig normalized (bit 127 set) or 0 for zero; about
 * 126 correct bits per operation. */
struct sf_xf {
	bool sign;
	int32_t exp;
	u128 sig;
};

extern const struct sf_xf sf_xf_pio2, sf_xf_ln2;
struct sf_xf sf_xf_make(bool sign, int32_t exp, u128 sig);
struct sf_xf sf_xf_from_int(int64_t v);
struct sf_xf sf_xf_from_num(const struct sf_num *n);
struct sf_xf sf_xf_add(struct sf_xf a, struct sf_xf b);
struct sf_xf sf_xf_sub(struct sf_xf a, struct sf_xf b);
struct sf_xf sf_xf_mul(struct sf_xf a, struct sf_xf b);
struct sf_xf sf_xf_div(struct sf_xf a, struct sf_xf b);
struct sf_xf sf_xf_div_int(struct sf_xf a, uint32_t d);
struct sf_xf sf_xf_sqrt(struct sf_xf a);
f80 sf_xf_to_f80(struct sf_xf a, struct sf_status *s);

#endif
