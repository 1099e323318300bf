/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Soft-float: IEEE 754 binary32, binary64 and the x87 80-bit extended
 * format, with x86's rules where IEEE leaves a choice (NaN propagation,
 * the "indefinite" default NaN, tininess detected after rounding, the x87
 * precision control, the SSE DAZ/FTZ modes).  The translator uses it on
 * every host, so guest results never depend on the host FPU.
 *
 * References: Intel SDM Vol. 1 §4.8 (formats, NaN rules), §4.9 (exceptions),
 * §8.1.5 (x87 control word), §8.3.6 (unsupported f80 encodings), §8.5
 * (x87 exception conditions), §10.2.3 (MXCSR), §11.5 (SIMD exceptions),
 * Table 4-7 (NaN results).
 *
 * Every operation takes the status block: it reads the rounding mode,
 * precision and DAZ/FTZ from it and ORs exception flags into it.  Nothing
 * here raises a guest exception; the caller compares flags with its masks.
 */
#ifndef RINGVM_TRANSLATOR_SOFTFLOAT_H
#define RINGVM_TRANSLATOR_SOFTFLOAT_H

#include <stdbool.h>
#include <stdint.h>

typedef uint32_t f32;
typedef uint64_t f64;

/* x87 double extended: explicit integer bit in mant bit 63;
 * se = sign (bit 15) and biased exponent (bits 0-14, bias 16383). */
typedef struct {
	uint64_t mant;
	uint16_t se;
} f80;

/* Rounding modes in the encoding of x87 FCW.RC and MXCSR.RC. */
enum sf_round {
	SF_ROUND_NEAREST = 0,
	SF_ROUND_DOWN = 1,	/* toward -infinity */
	SF_ROUND_UP = 2,	/* toward +infinity */
	SF_ROUND_ZERO = 3,
};

/* x87 precision control (FCW.PC) for f80 results of add, sub, mul, div,
 * sqrt: the significand is rounded to this many bits, the exponent range
 * stays that of f80 (SDM Vol. 1 §8.1.5.2). */
enum sf_prec {
	SF_PREC_24 = 0,
	SF_PREC_53 = 2,
	SF_PREC_64 = 3,
};

/* Exception flags: the bit positions of FSW and MXCSR bits 0-5. */
#define SF_INVALID	0x01u
#define SF_DENORMAL	0x02u	/* an operand was denormal */
#define SF_DIVBYZERO	0x04u
#define SF_OVERFLOW	0x08u
#define SF_UNDERFLOW	0x10u
#define SF_INEXACT	0x20u

struct sf_status {
	uint8_t round;		/* enum sf_round */
	uint8_t prec;		/* enum sf_prec, f80 arithmetic only */
	bool daz;		/* SSE: denormal inputs read as zero (no DE) */
	bool ftz;		/* SSE: tiny results flush to zero (with UE|PE),
				 * only when underflow is masked (SDM §10.2.3.3) */
	/* Exceptions the guest left unmasked (SF_* bits).  For f80 results
	 * they select the x87 unmasked response: overflow/underflow deliver
	 * the result with the exponent wrapped by 24576 (SDM §8.5.4-5) and
	 * underflow is signalled on tininess alone (no inexact needed).
	 * For SSE results an unmasked overflow or underflow reports
	 * inexact only when the significand was rounded (no result is
	 * delivered then, SDM §11.5.2.2). */
	uint8_t unmasked;
	uint8_t flags;		/* accumulated SF_* exceptions */
	bool rounded_up;	/* last rounding increased the magnitude: x87 C1 */
};

/* Comparison results, in the order x87 FCOM reports them via C3,C2,C0. */
enum sf_cmp {
	SF_CMP_LESS = -1,
	SF_CMP_EQUAL = 0,
	SF_CMP_GREATER = 1,
	SF_CMP_UNORDERED = 2,
};

/* FXAM classes (C3,C2,C0 encodings, SDM Vol. 2 FXAM). */
enum sf_class {
	SF_CLASS_UNSUPPORTED = 0,	/* 000 */
	SF_CLASS_NAN = 1,		/* 001 */
	SF_CLASS_NORMAL = 4,		/* 100 */
	SF_CLASS_INFINITY = 5,		/* 101 */
	SF_CLASS_ZERO = 8,		/* 1000: C3 */
	SF_CLASS_DENORMAL = 12,		/* 1100: C3|C2 */
};

/* Constants */
#define F32_DEFAULT_NAN 0xffc00000u		/* "real indefinite" */
#define F64_DEFAULT_NAN 0xfff8000000000000ull
extern const f80 f80_default_nan;		/* ffff c000000000000000 */
extern const f80 f80_zero, f80_one;

static inline f80 f80_make(bool sign, uint16_t exp, uint64_t mant)
{
	f80 r = { mant, (uint16_t)((sign ? 0x8000u : 0) | (exp & 0x7fffu)) };
	return r;
}
static inline bool f80_sign(f80 a) { return a.se >> 15; }
static inline uint16_t f80_exp(f80 a) { return a.se & 0x7fff; }

/* --- classification --- */
bool f32_is_nan(f32 a);
bool f32_is_snan(f32 a);
bool f64_is_nan(f64 a);
bool f64_is_snan(f64 a);
bool f80_is_nan(f80 a);
bool f80_is_snan(f80 a);
/* Pseudo-NaN, pseudo-infinity, pseudo-denormal is supported (it is read
 * as a denormal); unnormals and the others are "unsupported" (SDM §8.2.2). */
bool f80_is_unsupported(f80 a);
enum sf_class f80_classify(f80 a);

/* --- binary32 (SSE) --- */
f32 f32_add(f32 a, f32 b, struct sf_status *s);
f32 f32_sub(f32 a, f32 b, struct sf_status *s);
f32 f32_mul(f32 a, f32 b, struct sf_status *s);
f32 f32_div(f32 a, f32 b, struct sf_status *s);
f32 f32_sqrt(f32 a, struct sf_status *s);
/* ucomiss semantic when @signaling is false (SNaN only is invalid),
 * comiss / cmpltss semantic when true (any NaN is invalid). */
enum sf_cmp f32_compare(f32 a, f32 b, bool signaling, struct sf_status *s);
f64 f32_to_f64(f32 a, struct sf_status *s);
f80 f32_to_f80(f32 a, struct sf_status *s);
/* Out of range or NaN gives the "integer indefinite" 0x80000000 / 1<<63. */
int32_t f32_to_i32(f32 a, struct sf_status *s);
int32_t f32_to_i32_trunc(f32 a, struct sf_status *s);
int64_t f32_to_i64(f32 a, struct sf_status *s);
int64_t f32_to_i64_trunc(f32 a, struct sf_status *s);
f32 i32_to_f32(int32_t a, struct sf_status *s);
f32 i64_to_f32(int64_t a, struct sf_status *s);

/* --- binary64 (SSE2, x87 memory operands) --- */
f64 f64_add(f64 a, f64 b, struct sf_status *s);
f64 f64_sub(f64 a, f64 b, struct sf_status *s);
f64 f64_mul(f64 a, f64 b, struct sf_status *s);
f64 f64_div(f64 a, f64 b, struct sf_status *s);
f64 f64_sqrt(f64 a, struct sf_status *s);
enum sf_cmp f64_compare(f64 a, f64 b, bool signaling, struct sf_status *s);
f32 f64_to_f32(f64 a, struct sf_status *s);
f80 f64_to_f80(f64 a, struct sf_status *s);
int32_t f64_to_i32(f64 a, struct sf_status *s);
int32_t f64_to_i32_trunc(f64 a, struct sf_status *s);
int64_t f64_to_i64(f64 a, struct sf_status *s);
int64_t f64_to_i64_trunc(f64 a, struct sf_status *s);
f64 i32_to_f64(int32_t a, struct sf_status *s);
f64 i64_to_f64(int64_t a, struct sf_status *s);

/* --- x87 extended --- */
/* Arithmetic rounds to s->prec.  NaN operands follow the x87 rule (SDM
 * Table 4-7): an SNaN is quieted, of two NaNs the larger significand wins. */
f80 f80_add(f80 a, f80 b, struct sf_status *s);
f80 f80_sub(f80 a, f80 b, struct sf_status *s);
f80 f80_mul(f80 a, f80 b, struct sf_status *s);
f80 f80_div(f80 a, f80 b, struct sf_status *s);
f80 f80_sqrt(f80 a, struct sf_status *s);
/* FRNDINT: round to an integral value in the current rounding mode. */
f80 f80_round_to_int(f80 a, struct sf_status *s);
/* FSCALE: a * 2^trunc(b). */
f80 f80_scale(f80 a, f80 b, struct sf_status *s);
/* FXTRACT: *exp_out = unbiased exponent as f80, returns the significand
 * with exponent 0 (bias); zero gives -inf exponent and DIVBYZERO. */
f80 f80_extract(f80 a, f80 *exp_out, struct sf_status *s);
/* FPREM (@ieee false: truncating quotient) and FPREM1 (@ieee true:
 * nearest quotient).  Partial when the exponent difference is 64 or more:
 * *partial is set (C2) and the result is a partial remainder (SDM Vol. 2
 * FPREM).  *quotient gets the low three quotient bits (C0, C3, C1). */
f80 f80_rem(f80 a, f80 b, bool ieee, bool *partial, unsigned *quotient,
	    struct sf_status *s);
/* FCOM/FUCOM: @signaling selects FCOM (QNaN is invalid too). */
enum sf_cmp f80_compare(f80 a, f80 b, bool signaling, struct sf_status *s);
/* Conversions out of f80 round in s->round; a NaN or out-of-range value
 * gives the integer indefinite (0x8000, 0x80000000, 1<<63) with INVALID. */
int16_t f80_to_i16(f80 a, struct sf_status *s);
int32_t f80_to_i32(f80 a, struct sf_status *s);
int64_t f80_to_i64(f80 a, struct sf_status *s);
int16_t f80_to_i16_trunc(f80 a, struct sf_status *s);	/* FISTTP */
int32_t f80_to_i32_trunc(f80 a, struct sf_status *s);
int64_t f80_to_i64_trunc(f80 a, struct sf_status *s);
f32 f80_to_f32(f80 a, struct sf_status *s);
f64 f80_to_f64(f80 a, struct sf_status *s);
f80 i32_to_f80(int32_t a);	/* exact */
f80 i64_to_f80(int64_t a);	/* exact */

/* Transcendentals with x87 semantics (SDM Vol. 2: FSIN, FCOS, FSINCOS,
 * FPTAN, FPATAN, F2XM1, FYL2X, FYL2XP1).  Trigonometric operands with
 * |x| >= 2^63 are left unchanged and *out_of_range is set (C2). */
f80 f80_sin(f80 a, bool *out_of_range, struct sf_status *s);
f80 f80_cos(f80 a, bool *out_of_range, struct sf_status *s);
f80 f80_tan(f80 a, bool *out_of_range, struct sf_status *s);
f80 f80_atan2(f80 y, f80 x, struct sf_status *s);	/* FPATAN: atan(y/x) */
f80 f80_2xm1(f80 a, struct sf_status *s);
f80 f80_yl2x(f80 x, f80 y, struct sf_status *s);	/* y * log2(x) */
f80 f80_yl2xp1(f80 x, f80 y, struct sf_status *s);	/* y * log2(x + 1) */

#endif
