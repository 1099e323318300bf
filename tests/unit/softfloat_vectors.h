/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Hand-checked edge cases of the soft-float library: each row is one
 * operation with its expected result bits, exception flags and x87 C1,
 * worked out from the SDM's rules (Vol. 1 §4.8-4.9, §8.5, Table 4-7,
 * §10.2.3.3).  Shared by test_softfloat.c (cmocka) and softfloat_cross.c
 * (plain TAP, for hosts without cmocka such as the aarch64 cross check).
 */
#ifndef RINGVM_TESTS_UNIT_SOFTFLOAT_VECTORS_H
#define RINGVM_TESTS_UNIT_SOFTFLOAT_VECTORS_H

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

#include "translator/softfloat/softfloat.h"

enum sfv_op {
	SFV_F32_ADD, SFV_F32_SUB, SFV_F32_MUL, SFV_F32_DIV, SFV_F32_SQRT,
	SFV_F32_UCOM, SFV_F32_COM, SFV_F32_TO_F64, SFV_F32_TO_F80,
	SFV_F32_TO_I32, SFV_F32_TO_I32T, SFV_F32_TO_I64, SFV_I32_TO_F32,
	SFV_I64_TO_F32,
	SFV_F64_ADD, SFV_F64_SUB, SFV_F64_MUL, SFV_F64_DIV, SFV_F64_SQRT,
	SFV_F64_UCOM, SFV_F64_TO_F32, SFV_F64_TO_F80, SFV_F64_TO_I32,
	SFV_F64_TO_I64, SFV_F64_TO_I64T, SFV_I64_TO_F64,
	SFV_F80_ADD, SFV_F80_SUB, SFV_F80_MUL, SFV_F80_DIV, SFV_F80_SQRT,
	SFV_F80_RNDINT, SFV_F80_COM, SFV_F80_UCOM, SFV_F80_TO_F32,
	SFV_F80_TO_F64, SFV_F80_TO_I16, SFV_F80_TO_I32, SFV_F80_TO_I64,
	SFV_F80_TO_I32T, SFV_I32_TO_F80, SFV_I64_TO_F80, SFV_F80_CLASS,
	SFV_F80_SCALE, SFV_F80_XTRACT_SIG, SFV_F80_XTRACT_EXP, SFV_F80_PREM,
	SFV_F80_PREM1, SFV_F80_SIN, SFV_F80_COS, SFV_F80_TAN, SFV_F80_ATAN2,
	SFV_F80_2XM1, SFV_F80_YL2X, SFV_F80_YL2XP1,
	SFV_OP_COUNT
};

/* mode bits */
#define SFV_DAZ		0x01
#define SFV_FTZ		0x02
#define SFV_UNM_O	0x04	/* overflow unmasked */
#define SFV_UNM_U	0x08	/* underflow unmasked */

#define SFV_ANY		(-99)	/* aux or c1 not checked */

struct sfv {
	uint8_t op, rc, pc, mode;
	uint16_t ahi;
	uint64_t alo;
	uint16_t bhi;
	uint64_t blo;
	uint16_t rhi;
	uint64_t rlo;
	uint8_t flags;
	int8_t c1;
	int8_t aux;	/* comparison, FPREM quotient | partial << 3, C2 */
};

/* Operand notation: F(x) is a 32/64-bit value or integer, X(se, mant)
 * an f80. */
#define F(x)		0, (uint64_t)(x)
#define X(se, m)	(se), (m)
#define RN		SF_ROUND_NEAREST
#define RD		SF_ROUND_DOWN
#define RU		SF_ROUND_UP
#define RZ		SF_ROUND_ZERO
#define P24		SF_PREC_24
#define P53		SF_PREC_53
#define P64		SF_PREC_64
#define IE		SF_INVALID
#define DE		SF_DENORMAL
#define ZE		SF_DIVBYZERO
#define OE		SF_OVERFLOW
#define UE		SF_UNDERFLOW
#define PE		SF_INEXACT

/* row: op, rounding, precision, mode, a, b, expected, flags, c1, aux */
#define V(op, rc, pc, mode, a, b, r, fl, c1, aux) \
	{ op, rc, pc, mode, a, b, r, fl, c1, aux }

static const char *const sfv_names[SFV_OP_COUNT] = {
	"f32_add", "f32_sub", "f32_mul", "f32_div", "f32_sqrt",
	"f32_compare(u)", "f32_compare(s)", "f32_to_f64", "f32_to_f80",
	"f32_to_i32", "f32_to_i32_trunc", "f32_to_i64", "i32_to_f32",
	"i64_to_f32",
	"f64_add", "f64_sub", "f64_mul", "f64_div", "f64_sqrt",
	"f64_compare(u)", "f64_to_f32", "f64_to_f80", "f64_to_i32",
	"f64_to_i64", "f64_to_i64_trunc", "i64_to_f64",
	"f80_add", "f80_sub", "f80_mul", "f80_div", "f80_sqrt",
	"f80_round_to_int", "f80_compare(s)", "f80_compare(u)", "f80_to_f32",
	"f80_to_f64", "f80_to_i16", "f80_to_i32", "f80_to_i64",
	"f80_to_i32_trunc", "i32_to_f80", "i64_to_f80", "f80_classify",
	"f80_scale", "f80_extract(sig)", "f80_extract(exp)", "f80_rem(fprem)",
	"f80_rem(fprem1)", "f80_sin", "f80_cos", "f80_tan", "f80_atan2",
	"f80_2xm1", "f80_yl2x", "f80_yl2xp1",
};

static const struct sfv sfv_table[] = {
	/* binary32: exact, ties, signed zeros (IEEE 754 §6.3) */
	V(SFV_F32_ADD, RN, P64, 0, F(0x3f800000), F(0x40000000),
	  F(0x40400000), 0, 0, 0),
	V(SFV_F32_ADD, RN, P64, 0, F(0x3f800000), F(0x33800000),
	  F(0x3f800000), PE, 0, 0),			/* tie to even */
	V(SFV_F32_ADD, RU, P64, 0, F(0x3f800000), F(0x33800000),
	  F(0x3f800001), PE, 1, 0),
	V(SFV_F32_ADD, RD, P64, 0, F(0x3f800000), F(0x33800000),
	  F(0x3f800000), PE, 0, 0),
	V(SFV_F32_ADD, RZ, P64, 0, F(0x3f800000), F(0x33800000),
	  F(0x3f800000), PE, 0, 0),
	V(SFV_F32_ADD, RN, P64, 0, F(0x3f800000), F(0x33800001),
	  F(0x3f800001), PE, 1, 0),			/* above the tie */
	V(SFV_F32_SUB, RN, P64, 0, F(0x3f800000), F(0x3f800000),
	  F(0x00000000), 0, 0, 0),
	V(SFV_F32_SUB, RD, P64, 0, F(0x3f800000), F(0x3f800000),
	  F(0x80000000), 0, 0, 0),			/* -0 rounding down */
	V(SFV_F32_ADD, RN, P64, 0, F(0x80000000), F(0x80000000),
	  F(0x80000000), 0, 0, 0),
	V(SFV_F32_ADD, RN, P64, 0, F(0x00000000), F(0x80000000),
	  F(0x00000000), 0, 0, 0),
	V(SFV_F32_ADD, RD, P64, 0, F(0x00000000), F(0x80000000),
	  F(0x80000000), 0, 0, 0),
	/* NaNs: indefinite, quieting, first operand wins (Table 4-7) */
	V(SFV_F32_ADD, RN, P64, 0, F(0x7f800000), F(0xff800000),
	  F(0xffc00000), IE, 0, 0),
	V(SFV_F32_ADD, RN, P64, 0, F(0x7f800001), F(0x3f800000),
	  F(0x7fc00001), IE, 0, 0),
	V(SFV_F32_ADD, RN, P64, 0, F(0x3f800000), F(0xff800001),
	  F(0xffc00001), IE, 0, 0),
	V(SFV_F32_MUL, RN, P64, 0, F(0x7fc00005), F(0x7f800001),
	  F(0x7fc00005), IE, 0, 0),
	V(SFV_F32_MUL, RN, P64, 0, F(0x7f800000), F(0x00000000),
	  F(0xffc00000), IE, 0, 0),
	/* overflow by rounding mode (Table 4-10) */
	V(SFV_F32_ADD, RN, P64, 0, F(0x7f7fffff), F(0x7f7fffff),
	  F(0x7f800000), OE | PE, 1, 0),
	V(SFV_F32_ADD, RZ, P64, 0, F(0x7f7fffff), F(0x7f7fffff),
	  F(0x7f7fffff), OE | PE, 0, 0),
	V(SFV_F32_ADD, RD, P64, 0, F(0x7f7fffff), F(0x7f7fffff),
	  F(0x7f7fffff), OE | PE, 0, 0),
	V(SFV_F32_ADD, RD, P64, 0, F(0xff7fffff), F(0xff7fffff),
	  F(0xff800000), OE | PE, 1, 0),
	/* underflow: exact tiny results raise nothing when masked */
	V(SFV_F32_MUL, RN, P64, 0, F(0x00800000), F(0x3f000000),
	  F(0x00400000), 0, 0, 0),
	V(SFV_F32_MUL, RN, P64, 0, F(0x00800001), F(0x3f000000),
	  F(0x00400000), UE | PE, 0, 0),
	V(SFV_F32_MUL, RU, P64, 0, F(0x00800001), F(0x3f000000),
	  F(0x00400001), UE | PE, 1, 0),
	V(SFV_F32_MUL, RN, P64, 0, F(0x00800000), F(0x3f7fffff),
	  F(0x00800000), UE | PE, 1, 0),
	/* DAZ and FTZ (SDM Vol. 1 §10.2.3.3-4) */
	V(SFV_F32_ADD, RN, P64, 0, F(0x00000001), F(0x00000000),
	  F(0x00000001), DE, 0, 0),
	V(SFV_F32_ADD, RN, P64, SFV_DAZ, F(0x00000001), F(0x00000000),
	  F(0x00000000), 0, 0, 0),
	V(SFV_F32_MUL, RN, P64, SFV_FTZ, F(0x00800000), F(0x3f000000),
	  F(0x00000000), UE | PE, 0, 0),
	V(SFV_F32_MUL, RN, P64, SFV_FTZ, F(0x80800000), F(0x3f000000),
	  F(0x80000000), UE | PE, 0, 0),
	/* unmasked underflow: UE on tininess alone, and no FTZ (§11.5.2.4) */
	V(SFV_F32_MUL, RN, P64, SFV_UNM_U, F(0x00800000), F(0x3f000000),
	  F(0x00400000), UE, 0, 0),
	V(SFV_F32_MUL, RN, P64, SFV_FTZ | SFV_UNM_U, F(0x00800000),
	  F(0x3f000000), F(0x00400000), UE, 0, 0),
	/* division and square root */
	V(SFV_F32_DIV, RN, P64, 0, F(0x3f800000), F(0x00000000),
	  F(0x7f800000), ZE, 0, 0),
	V(SFV_F32_DIV, RN, P64, 0, F(0x00000000), F(0x00000000),
	  F(0xffc00000), IE, 0, 0),
	V(SFV_F32_DIV, RN, P64, 0, F(0x00000001), F(0x00000000),
	  F(0x7f800000), ZE, 0, 0),			/* ZE hides DE */
	V(SFV_F32_DIV, RN, P64, 0, F(0x3f800000), F(0x40400000),
	  F(0x3eaaaaab), PE, 1, 0),
	V(SFV_F32_DIV, RZ, P64, 0, F(0x3f800000), F(0x40400000),
	  F(0x3eaaaaaa), PE, 0, 0),
	V(SFV_F32_SQRT, RN, P64, 0, F(0x40800000), F(0),
	  F(0x40000000), 0, 0, 0),
	V(SFV_F32_SQRT, RN, P64, 0, F(0x40000000), F(0),
	  F(0x3fb504f3), PE, 0, 0),
	V(SFV_F32_SQRT, RU, P64, 0, F(0x40000000), F(0),
	  F(0x3fb504f4), PE, 1, 0),
	V(SFV_F32_SQRT, RN, P64, 0, F(0xbf800000), F(0),
	  F(0xffc00000), IE, 0, 0),
	V(SFV_F32_SQRT, RN, P64, 0, F(0x80000000), F(0),
	  F(0x80000000), 0, 0, 0),
	/* UCOMISS / COMISS */
	V(SFV_F32_UCOM, RN, P64, 0, F(0x3f800000), F(0x40000000),
	  F(0), 0, 0, SF_CMP_LESS),
	V(SFV_F32_UCOM, RN, P64, 0, F(0x00000000), F(0x80000000),
	  F(0), 0, 0, SF_CMP_EQUAL),
	V(SFV_F32_UCOM, RN, P64, 0, F(0x7fc00000), F(0x3f800000),
	  F(0), 0, 0, SF_CMP_UNORDERED),
	V(SFV_F32_COM, RN, P64, 0, F(0x7fc00000), F(0x3f800000),
	  F(0), IE, 0, SF_CMP_UNORDERED),
	V(SFV_F32_UCOM, RN, P64, 0, F(0x7f800001), F(0x3f800000),
	  F(0), IE, 0, SF_CMP_UNORDERED),
	V(SFV_F32_UCOM, RN, P64, 0, F(0x7f800000), F(0x7f7fffff),
	  F(0), 0, 0, SF_CMP_GREATER),
	/* conversions: integer indefinite, rounding of halves */
	V(SFV_F32_TO_I32, RN, P64, 0, F(0x40200000), F(0), F(2), PE, 0, 0),
	V(SFV_F32_TO_I32, RU, P64, 0, F(0x40200000), F(0), F(3), PE, 1, 0),
	V(SFV_F32_TO_I32, RN, P64, 0, F(0xc0200000), F(0),
	  F(0xfffffffe), PE, 0, 0),
	V(SFV_F32_TO_I32, RD, P64, 0, F(0xc0200000), F(0),
	  F(0xfffffffd), PE, 1, 0),
	V(SFV_F32_TO_I32, RN, P64, 0, F(0x4f000000), F(0),
	  F(0x80000000), IE, 0, 0),
	V(SFV_F32_TO_I32, RN, P64, 0, F(0xcf000000), F(0),
	  F(0x80000000), 0, 0, 0),
	V(SFV_F32_TO_I32, RN, P64, 0, F(0x7fc00000), F(0),
	  F(0x80000000), IE, 0, 0),
	V(SFV_F32_TO_I32T, RN, P64, 0, F(0xc02ccccd), F(0),
	  F(0xfffffffe), PE, 0, 0),
	V(SFV_F32_TO_I64, RN, P64, 0, F(0x5f000000), F(0),
	  F(0x8000000000000000ull), IE, 0, 0),
	V(SFV_I32_TO_F32, RN, P64, 0, F(16777217), F(0),
	  F(0x4b800000), PE, 0, 0),
	V(SFV_I32_TO_F32, RU, P64, 0, F(16777217), F(0),
	  F(0x4b800001), PE, 1, 0),
	V(SFV_I32_TO_F32, RN, P64, 0, F(0x80000000), F(0),
	  F(0xcf000000), 0, 0, 0),
	V(SFV_I64_TO_F32, RZ, P64, 0, F(0x7fffffffffffffffull), F(0),
	  F(0x5effffff), PE, 0, 0),
	V(SFV_F32_TO_F64, RN, P64, 0, F(0x7f800001), F(0),
	  F(0x7ff8000020000000ull), IE, 0, 0),
	V(SFV_F32_TO_F64, RN, P64, 0, F(0x00000001), F(0),
	  F(0x36a0000000000000ull), DE, 0, 0),
	V(SFV_F32_TO_F64, RN, P64, SFV_DAZ, F(0x80000001), F(0),
	  F(0x8000000000000000ull), 0, 0, 0),
	V(SFV_F32_TO_F80, RN, P64, 0, F(0x7f800001), F(0),
	  X(0x7fff, 0xc000010000000000ull), IE, 0, 0),
	V(SFV_F32_TO_F80, RN, P64, 0, F(0x00000001), F(0),
	  X(0x3f6a, 0x8000000000000000ull), DE, 0, 0),

	/* binary64 */
	V(SFV_F64_ADD, RN, P64, 0, F(0x3ff0000000000000ull),
	  F(0x3ca0000000000000ull), F(0x3ff0000000000000ull), PE, 0, 0),
	V(SFV_F64_ADD, RU, P64, 0, F(0x3ff0000000000000ull),
	  F(0x3ca0000000000000ull), F(0x3ff0000000000001ull), PE, 1, 0),
	V(SFV_F64_SUB, RD, P64, 0, F(0x4000000000000000ull),
	  F(0x4000000000000000ull), F(0x8000000000000000ull), 0, 0, 0),
	V(SFV_F64_MUL, RN, P64, 0, F(0x7fefffffffffffffull),
	  F(0x4000000000000000ull), F(0x7ff0000000000000ull), OE | PE, 1, 0),
	V(SFV_F64_MUL, RZ, P64, 0, F(0x7fefffffffffffffull),
	  F(0x4000000000000000ull), F(0x7fefffffffffffffull), OE | PE, 0, 0),
	V(SFV_F64_MUL, RN, P64, 0, F(0x7ff0000000000001ull),
	  F(0x7ff8000000000005ull), F(0x7ff8000000000001ull), IE, 0, 0),
	V(SFV_F64_MUL, RN, P64, 0, F(0x0010000000000001ull),
	  F(0x3fe0000000000000ull), F(0x0008000000000000ull), UE | PE, 0, 0),
	V(SFV_F64_MUL, RN, P64, SFV_FTZ, F(0x0010000000000000ull),
	  F(0x3fe0000000000000ull), F(0x0000000000000000ull), UE | PE, 0, 0),
	V(SFV_F64_DIV, RN, P64, 0, F(0x3ff0000000000000ull),
	  F(0x4008000000000000ull), F(0x3fd5555555555555ull), PE, 0, 0),
	V(SFV_F64_DIV, RU, P64, 0, F(0x3ff0000000000000ull),
	  F(0x4008000000000000ull), F(0x3fd5555555555556ull), PE, 1, 0),
	V(SFV_F64_DIV, RN, P64, 0, F(0xbff0000000000000ull),
	  F(0x0000000000000000ull), F(0xfff0000000000000ull), ZE, 0, 0),
	V(SFV_F64_SQRT, RN, P64, 0, F(0x4000000000000000ull), F(0),
	  F(0x3ff6a09e667f3bcdull), PE, 1, 0),
	V(SFV_F64_SQRT, RZ, P64, 0, F(0x4000000000000000ull), F(0),
	  F(0x3ff6a09e667f3bccull), PE, 0, 0),
	V(SFV_F64_SQRT, RN, P64, 0, F(0x0000000000000001ull), F(0),
	  F(0x1e60000000000000ull), DE, 0, 0),
	V(SFV_F64_SQRT, RN, P64, SFV_DAZ, F(0x0000000000000001ull), F(0),
	  F(0x0000000000000000ull), 0, 0, 0),
	V(SFV_F64_UCOM, RN, P64, 0, F(0x0000000000000001ull),
	  F(0x0000000000000000ull), F(0), DE, 0, SF_CMP_GREATER),
	V(SFV_F64_UCOM, RN, P64, SFV_DAZ, F(0x0000000000000001ull),
	  F(0x8000000000000000ull), F(0), 0, 0, SF_CMP_EQUAL),
	/* tininess after rounding: rounds up to the smallest normal */
	V(SFV_F64_TO_F32, RN, P64, 0, F(0x380ffffff0000000ull), F(0),
	  F(0x00800000), PE, 1, 0),
	V(SFV_F64_TO_F32, RZ, P64, 0, F(0x380ffffff0000000ull), F(0),
	  F(0x007fffff), UE | PE, 0, 0),
	V(SFV_F64_TO_F32, RN, P64, 0, F(0x3ff0000010000000ull), F(0),
	  F(0x3f800000), PE, 0, 0),
	V(SFV_F64_TO_F32, RU, P64, 0, F(0x3ff0000010000000ull), F(0),
	  F(0x3f800001), PE, 1, 0),
	V(SFV_F64_TO_F32, RN, P64, 0, F(0x7e37e43c8800759cull), F(0),
	  F(0x7f800000), OE | PE, 1, 0),
	V(SFV_F64_TO_F32, RN, P64, 0, F(0xfff0000000000001ull), F(0),
	  F(0xffc00000), IE, 0, 0),
	V(SFV_F64_TO_F80, RN, P64, 0, F(0x0000000000000001ull), F(0),
	  X(0x3bcd, 0x8000000000000000ull), DE, 0, 0),
	V(SFV_F64_TO_I32, RN, P64, 0, F(0x41dfffffffe00000ull), F(0),
	  F(0x80000000), IE, 0, 0),			/* 2^31 - 0.5 */
	V(SFV_F64_TO_I32, RD, P64, 0, F(0x41dfffffffe00000ull), F(0),
	  F(0x7fffffff), PE, 0, 0),
	V(SFV_F64_TO_I64, RN, P64, 0, F(0x43e0000000000000ull), F(0),
	  F(0x8000000000000000ull), IE, 0, 0),
	V(SFV_F64_TO_I64, RN, P64, 0, F(0xc3e0000000000000ull), F(0),
	  F(0x8000000000000000ull), 0, 0, 0),
	V(SFV_F64_TO_I64T, RN, P64, 0, F(0xbfefffffffffffffull), F(0),
	  F(0), PE, 0, 0),
	V(SFV_I64_TO_F64, RN, P64, 0, F(0x0020000000000001ull), F(0),
	  F(0x4340000000000000ull), PE, 0, 0),
	V(SFV_I64_TO_F64, RU, P64, 0, F(0x0020000000000001ull), F(0),
	  F(0x4340000000000001ull), PE, 1, 0),

	/* x87 extended: ties, precision control (SDM Vol. 1 §8.1.5.2) */
	V(SFV_F80_ADD, RN, P64, 0, X(0x3fff, 0x8000000000000000ull),
	  X(0x3fff, 0x8000000000000000ull), X(0x4000, 0x8000000000000000ull),
	  0, 0, 0),
	V(SFV_F80_ADD, RN, P64, 0, X(0x3fff, 0x8000000000000000ull),
	  X(0x3fbf, 0x8000000000000000ull), X(0x3fff, 0x8000000000000000ull),
	  PE, 0, 0),
	V(SFV_F80_ADD, RU, P64, 0, X(0x3fff, 0x8000000000000000ull),
	  X(0x3fbf, 0x8000000000000000ull), X(0x3fff, 0x8000000000000001ull),
	  PE, 1, 0),
	V(SFV_F80_ADD, RU, P24, 0, X(0x3fff, 0x8000000000000000ull),
	  X(0x3fbf, 0x8000000000000000ull), X(0x3fff, 0x8000010000000000ull),
	  PE, 1, 0),
	V(SFV_F80_ADD, RU, P53, 0, X(0x3fff, 0x8000000000000000ull),
	  X(0x3fbf, 0x8000000000000000ull), X(0x3fff, 0x8000000000000800ull),
	  PE, 1, 0),
	V(SFV_F80_DIV, RN, P24, 0, X(0x3fff, 0x8000000000000000ull),
	  X(0x4000, 0xc000000000000000ull), X(0x3ffd, 0xaaaaab0000000000ull),
	  PE, 1, 0),
	V(SFV_F80_DIV, RN, P53, 0, X(0x3fff, 0x8000000000000000ull),
	  X(0x4000, 0xc000000000000000ull), X(0x3ffd, 0xaaaaaaaaaaaaa800ull),
	  PE, 0, 0),
	V(SFV_F80_DIV, RN, P64, 0, X(0x3fff, 0x8000000000000000ull),
	  X(0x4000, 0xc000000000000000ull), X(0x3ffd, 0xaaaaaaaaaaaaaaabull),
	  PE, 1, 0),
	V(SFV_F80_SUB, RD, P64, 0, X(0x3fff, 0x8000000000000000ull),
	  X(0x3fff, 0x8000000000000000ull), X(0x8000, 0), 0, 0, 0),
	/* overflow and underflow, masked and unmasked (§8.5.4-5) */
	V(SFV_F80_MUL, RN, P64, 0, X(0x7ffe, 0xffffffffffffffffull),
	  X(0x4000, 0x8000000000000000ull), X(0x7fff, 0x8000000000000000ull),
	  OE | PE, 1, 0),
	V(SFV_F80_MUL, RZ, P64, 0, X(0x7ffe, 0xffffffffffffffffull),
	  X(0x4000, 0x8000000000000000ull), X(0x7ffe, 0xffffffffffffffffull),
	  OE | PE, 0, 0),
	V(SFV_F80_MUL, RZ, P24, 0, X(0x7ffe, 0xffffffffffffffffull),
	  X(0x4000, 0x8000000000000000ull), X(0x7ffe, 0xffffff0000000000ull),
	  OE | PE, 0, 0),
	V(SFV_F80_MUL, RN, P64, SFV_UNM_O, X(0x7ffe, 0x8000000000000000ull),
	  X(0x4000, 0x8000000000000000ull), X(0x1fff, 0x8000000000000000ull),
	  OE, 0, 0),
	V(SFV_F80_MUL, RN, P64, 0, X(0x0001, 0x8000000000000000ull),
	  X(0x3ffe, 0x8000000000000000ull), X(0x0000, 0x4000000000000000ull),
	  0, 0, 0),
	V(SFV_F80_MUL, RN, P64, SFV_UNM_U, X(0x0001, 0x8000000000000000ull),
	  X(0x3ffe, 0x8000000000000000ull), X(0x6000, 0x8000000000000000ull),
	  UE, 0, 0),
	V(SFV_F80_MUL, RN, P24, 0, X(0x0001, 0x8000000000000000ull),
	  X(0x3fe7, 0x8000000000000000ull), X(0x0000, 0),
	  UE | PE, 0, 0),		/* half the 24-bit denormal grid */
	/* denormal operands, pseudo-denormals, unsupported encodings */
	V(SFV_F80_ADD, RN, P64, 0, X(0x0000, 1), X(0x0000, 0),
	  X(0x0000, 1), DE, 0, 0),
	V(SFV_F80_ADD, RN, P64, 0, X(0x0000, 0x8000000000000000ull),
	  X(0x0000, 0), X(0x0001, 0x8000000000000000ull), DE, 0, 0),
	V(SFV_F80_ADD, RN, P64, 0, X(0x3fff, 0x4000000000000000ull),
	  X(0x3fff, 0x8000000000000000ull), X(0xffff, 0xc000000000000000ull),
	  IE, 0, 0),				/* unnormal */
	V(SFV_F80_MUL, RN, P64, 0, X(0x7fff, 0), X(0x3fff,
	  0x8000000000000000ull), X(0xffff, 0xc000000000000000ull),
	  IE, 0, 0),				/* pseudo-infinity */
	V(SFV_F80_DIV, RN, P64, 0, X(0x0000, 1), X(0x0000, 0),
	  X(0x7fff, 0x8000000000000000ull), ZE, 0, 0),
	/* x87 NaN rule: larger significand; QNaN beats SNaN */
	V(SFV_F80_ADD, RN, P64, 0, X(0x7fff, 0xc000000000000001ull),
	  X(0xffff, 0xc000000000000002ull), X(0xffff, 0xc000000000000002ull),
	  0, 0, 0),
	V(SFV_F80_ADD, RN, P64, 0, X(0x7fff, 0xc000000000000000ull),
	  X(0x7fff, 0x8000000000000001ull), X(0x7fff, 0xc000000000000000ull),
	  IE, 0, 0),
	V(SFV_F80_MUL, RN, P64, 0, X(0x7fff, 0x8000000000000005ull),
	  X(0x3fff, 0x8000000000000000ull), X(0x7fff, 0xc000000000000005ull),
	  IE, 0, 0),
	V(SFV_F80_SQRT, RN, P64, 0, X(0x4000, 0x8000000000000000ull),
	  X(0, 0), X(0x3fff, 0xb504f333f9de6484ull), PE, 0, 0),
	V(SFV_F80_SQRT, RU, P64, 0, X(0x4000, 0x8000000000000000ull),
	  X(0, 0), X(0x3fff, 0xb504f333f9de6485ull), PE, 1, 0),
	V(SFV_F80_SQRT, RN, P64, 0, X(0xbfff, 0x8000000000000000ull),
	  X(0, 0), X(0xffff, 0xc000000000000000ull), IE, 0, 0),
	V(SFV_F80_RNDINT, RN, P64, 0, X(0x4000, 0xa000000000000000ull),
	  X(0, 0), X(0x4000, 0x8000000000000000ull), PE, 0, 0),
	V(SFV_F80_RNDINT, RU, P64, 0, X(0x4000, 0xa000000000000000ull),
	  X(0, 0), X(0x4000, 0xc000000000000000ull), PE, 1, 0),
	V(SFV_F80_RNDINT, RD, P64, 0, X(0xc000, 0xa000000000000000ull),
	  X(0, 0), X(0xc000, 0xc000000000000000ull), PE, 1, 0),
	V(SFV_F80_RNDINT, RN, P64, 0, X(0xbffe, 0x8000000000000000ull),
	  X(0, 0), X(0x8000, 0), PE, 0, 0),		/* -0.5 -> -0 */
	V(SFV_F80_COM, RN, P64, 0, X(0x3fff, 0x8000000000000000ull),
	  X(0x7fff, 0xc000000000000000ull), X(0, 0), IE, 0,
	  SF_CMP_UNORDERED),
	V(SFV_F80_UCOM, RN, P64, 0, X(0x3fff, 0x8000000000000000ull),
	  X(0x7fff, 0xc000000000000000ull), X(0, 0), 0, 0,
	  SF_CMP_UNORDERED),
	V(SFV_F80_UCOM, RN, P64, 0, X(0x3fff, 0x8000000000000000ull),
	  X(0x3fff, 0xc000000000000000ull), X(0, 0), 0, 0, SF_CMP_LESS),
	V(SFV_F80_UCOM, RN, P64, 0, X(0x3fff, 0x4000000000000000ull),
	  X(0x3fff, 0xc000000000000000ull), X(0, 0), IE, 0,
	  SF_CMP_UNORDERED),
	/* stores and integer conversions */
	V(SFV_F80_TO_F32, RN, P64, 0, X(0x3fff, 0x8000008000000000ull),
	  X(0, 0), F(0x3f800000), PE, 0, 0),
	V(SFV_F80_TO_F32, RU, P64, 0, X(0x3fff, 0x8000008000000000ull),
	  X(0, 0), F(0x3f800001), PE, 1, 0),
	V(SFV_F80_TO_F32, RN, P64, 0, X(0x3f6a, 0x8000000000000000ull),
	  X(0, 0), F(0x00000001), 0, 0, 0),
	V(SFV_F80_TO_F32, RN, P64, 0, X(0x0000, 1), X(0, 0),
	  F(0x00000000), UE | PE, 0, 0),		/* no DE on stores */
	V(SFV_F80_TO_F64, RN, P64, 0, X(0x7fff, 0x8000000000000001ull),
	  X(0, 0), F(0x7ff8000000000000ull), IE, 0, 0),
	V(SFV_F80_TO_I16, RN, P64, 0, X(0x400d, 0xffff000000000000ull),
	  X(0, 0), F(0x8000), IE, 0, 0),		/* 32767.5 */
	V(SFV_F80_TO_I16, RD, P64, 0, X(0x400d, 0xffff000000000000ull),
	  X(0, 0), F(0x7fff), PE, 0, 0),
	V(SFV_F80_TO_I32T, RN, P64, 0, X(0xc01e, 0x80000000e6666666ull),
	  X(0, 0), F(0x80000000), PE, 0, 0),
	V(SFV_F80_TO_I32, RN, P64, 0, X(0xc01e, 0x80000000e6666666ull),
	  X(0, 0), F(0x80000000), IE, 0, 0),
	V(SFV_F80_TO_I64, RN, P64, 0, X(0x403e, 0x8000000000000000ull),
	  X(0, 0), F(0x8000000000000000ull), IE, 0, 0),
	V(SFV_F80_TO_I64, RN, P64, 0, X(0xc03e, 0x8000000000000000ull),
	  X(0, 0), F(0x8000000000000000ull), 0, 0, 0),
	V(SFV_I32_TO_F80, RN, P64, 0, F(0xffffffff), X(0, 0),
	  X(0xbfff, 0x8000000000000000ull), 0, 0, 0),
	V(SFV_I64_TO_F80, RN, P64, 0, F(0x8000000000000000ull), X(0, 0),
	  X(0xc03e, 0x8000000000000000ull), 0, 0, 0),
	/* FXAM classes */
	V(SFV_F80_CLASS, RN, P64, 0, X(0x3fff, 0x4000000000000000ull),
	  X(0, 0), F(0), 0, SFV_ANY, SF_CLASS_UNSUPPORTED),
	V(SFV_F80_CLASS, RN, P64, 0, X(0x0000, 0x8000000000000000ull),
	  X(0, 0), F(0), 0, SFV_ANY, SF_CLASS_DENORMAL),
	V(SFV_F80_CLASS, RN, P64, 0, X(0xffff, 0xc000000000000000ull),
	  X(0, 0), F(0), 0, SFV_ANY, SF_CLASS_NAN),
	V(SFV_F80_CLASS, RN, P64, 0, X(0x8000, 0), X(0, 0), F(0), 0,
	  SFV_ANY, SF_CLASS_ZERO),
	V(SFV_F80_CLASS, RN, P64, 0, X(0x7fff, 0x8000000000000000ull),
	  X(0, 0), F(0), 0, SFV_ANY, SF_CLASS_INFINITY),
	/* FSCALE, FXTRACT, FPREM, FPREM1 */
	V(SFV_F80_SCALE, RN, P64, 0, X(0x3fff, 0x8000000000000000ull),
	  X(0x4000, 0xeccccccccccccccdull), X(0x4002, 0x8000000000000000ull),
	  0, 0, 0),				/* 1 * 2^trunc(3.7) */
	V(SFV_F80_SCALE, RN, P64, 0, X(0x3fff, 0x8000000000000000ull),
	  X(0xffff, 0x8000000000000000ull), X(0x0000, 0), 0, 0, 0),
	V(SFV_F80_SCALE, RN, P64, 0, X(0x0000, 0),
	  X(0x7fff, 0x8000000000000000ull), X(0xffff, 0xc000000000000000ull),
	  IE, 0, 0),
	V(SFV_F80_XTRACT_SIG, RN, P64, 0, X(0x4002, 0xa000000000000000ull),
	  X(0, 0), X(0x3fff, 0xa000000000000000ull), 0, 0, 0),
	V(SFV_F80_XTRACT_EXP, RN, P64, 0, X(0x4002, 0xa000000000000000ull),
	  X(0, 0), X(0x4000, 0xc000000000000000ull), 0, 0, 0),
	V(SFV_F80_XTRACT_EXP, RN, P64, 0, X(0x8000, 0), X(0, 0),
	  X(0xffff, 0x8000000000000000ull), ZE, 0, 0),
	V(SFV_F80_PREM, RN, P64, 0, X(0x4001, 0xe000000000000000ull),
	  X(0x4000, 0x8000000000000000ull), X(0x3fff, 0x8000000000000000ull),
	  0, SFV_ANY, 3),				/* 7 rem 2 = 1, q 3 */
	V(SFV_F80_PREM1, RN, P64, 0, X(0x4001, 0xe000000000000000ull),
	  X(0x4000, 0x8000000000000000ull), X(0xbfff, 0x8000000000000000ull),
	  0, SFV_ANY, 4),				/* 7 - 4 * 2 = -1 */
	V(SFV_F80_PREM, RN, P64, 0, X(0x4100, 0x8000000000000000ull),
	  X(0x4000, 0xc000000000000000ull), X(0x40e0, 0x8000000000000000ull),
	  0, SFV_ANY, 8),	/* 2^257 vs 3: partial, 32 + 256 % 32 bits */
	/* transcendental special cases (SDM Vol. 2 result tables) */
	V(SFV_F80_SIN, RN, P64, 0, X(0x8000, 0), X(0, 0), X(0x8000, 0),
	  0, 0, 0),
	V(SFV_F80_COS, RN, P64, 0, X(0x8000, 0), X(0, 0),
	  X(0x3fff, 0x8000000000000000ull), 0, 0, 0),
	V(SFV_F80_SIN, RN, P64, 0, X(0x403e, 0x8000000000000000ull), X(0, 0),
	  X(0x403e, 0x8000000000000000ull), 0, 0, 1),	/* C2: too big */
	V(SFV_F80_TAN, RN, P64, 0, X(0x7fff, 0x8000000000000000ull), X(0, 0),
	  X(0xffff, 0xc000000000000000ull), IE, 0, 0),
	V(SFV_F80_ATAN2, RN, P64, 0, X(0x0000, 0), X(0x8000, 0),
	  X(0x4000, 0xc90fdaa22168c235ull), PE, 1, 0),	/* atan2(+0, -0) */
	V(SFV_F80_2XM1, RN, P64, 0, X(0x8000, 0), X(0, 0), X(0x8000, 0),
	  0, 0, 0),
	V(SFV_F80_2XM1, RN, P64, 0, X(0xffff, 0x8000000000000000ull),
	  X(0, 0), X(0xbfff, 0x8000000000000000ull), 0, 0, 0),
	V(SFV_F80_YL2X, RN, P64, 0, X(0x0000, 0),
	  X(0x3fff, 0x8000000000000000ull), X(0xffff, 0x8000000000000000ull),
	  ZE, 0, 0),				/* 1 * log2(0) */
	V(SFV_F80_YL2X, RN, P64, 0, X(0xbfff, 0x8000000000000000ull),
	  X(0x3fff, 0x8000000000000000ull), X(0xffff, 0xc000000000000000ull),
	  IE, 0, 0),				/* log2(-1) */
	V(SFV_F80_YL2X, RN, P64, 0, X(0x3fff, 0x8000000000000000ull),
	  X(0xc000, 0x8000000000000000ull), X(0x8000, 0), 0, 0, 0),
	V(SFV_F80_YL2XP1, RN, P64, 0, X(0x8000, 0),
	  X(0x3fff, 0x8000000000000000ull), X(0x8000, 0), 0, 0, 0),
};

#define SFV_COUNT (sizeof(sfv_table) / sizeof(sfv_table[0]))

/* Run row @v; on a mismatch describe it in @msg and return false. */
static inline bool sfv_check(const struct sfv *v, char *msg, size_t len)
{
	struct sf_status s = { .round = v->rc, .prec = v->pc,
			       .daz = v->mode & SFV_DAZ,
			       .ftz = v->mode & SFV_FTZ };
	f80 a = { v->alo, v->ahi }, b = { v->blo, v->bhi }, r80 = { 0, 0 };
	uint64_t r = 0;
	uint16_t rhi = 0;
	bool flag = false, is80 = false;
	unsigned q = 0;
	int aux = 0;

	if (v->mode & SFV_UNM_O)
		s.unmasked |= SF_OVERFLOW;
	if (v->mode & SFV_UNM_U)
		s.unmasked |= SF_UNDERFLOW;
	switch (v->op) {
	case SFV_F32_ADD: r = f32_add((f32)v->alo, (f32)v->blo, &s); break;
	case SFV_F32_SUB: r = f32_sub((f32)v->alo, (f32)v->blo, &s); break;
	case SFV_F32_MUL: r = f32_mul((f32)v->alo, (f32)v->blo, &s); break;
	case SFV_F32_DIV: r = f32_div((f32)v->alo, (f32)v->blo, &s); break;
	case SFV_F32_SQRT: r = f32_sqrt((f32)v->alo, &s); break;
	case SFV_F32_UCOM:
		aux = f32_compare((f32)v->alo, (f32)v->blo, false, &s);
		break;
	case SFV_F32_COM:
		aux = f32_compare((f32)v->alo, (f32)v->blo, true, &s);
		break;
	case SFV_F32_TO_F64: r = f32_to_f64((f32)v->alo, &s); break;
	case SFV_F32_TO_F80:
		r80 = f32_to_f80((f32)v->alo, &s);
		is80 = true;
		break;
	case SFV_F32_TO_I32: r = (uint32_t)f32_to_i32((f32)v->alo, &s); break;
	case SFV_F32_TO_I32T:
		r = (uint32_t)f32_to_i32_trunc((f32)v->alo, &s);
		break;
	case SFV_F32_TO_I64: r = (uint64_t)f32_to_i64((f32)v->alo, &s); break;
	case SFV_I32_TO_F32: r = i32_to_f32((int32_t)v->alo, &s); break;
	case SFV_I64_TO_F32: r = i64_to_f32((int64_t)v->alo, &s); break;
	case SFV_F64_ADD: r = f64_add(v->alo, v->blo, &s); break;
	case SFV_F64_SUB: r = f64_sub(v->alo, v->blo, &s); break;
	case SFV_F64_MUL: r = f64_mul(v->alo, v->blo, &s); break;
	case SFV_F64_DIV: r = f64_div(v->alo, v->blo, &s); break;
	case SFV_F64_SQRT: r = f64_sqrt(v->alo, &s); break;
	case SFV_F64_UCOM:
		aux = f64_compare(v->alo, v->blo, false, &s);
		break;
	case SFV_F64_TO_F32: r = f64_to_f32(v->alo, &s); break;
	case SFV_F64_TO_F80:
		r80 = f64_to_f80(v->alo, &s);
		is80 = true;
		break;
	case SFV_F64_TO_I32: r = (uint32_t)f64_to_i32(v->alo, &s); break;
	case SFV_F64_TO_I64: r = (uint64_t)f64_to_i64(v->alo, &s); break;
	case SFV_F64_TO_I64T:
		r = (uint64_t)f64_to_i64_trunc(v->alo, &s);
		break;
	case SFV_I64_TO_F64: r = i64_to_f64((int64_t)v->alo, &s); break;
	case SFV_F80_ADD: r80 = f80_add(a, b, &s); is80 = true; break;
	case SFV_F80_SUB: r80 = f80_sub(a, b, &s); is80 = true; break;
	case SFV_F80_MUL: r80 = f80_mul(a, b, &s); is80 = true; break;
	case SFV_F80_DIV: r80 = f80_div(a, b, &s); is80 = true; break;
	case SFV_F80_SQRT: r80 = f80_sqrt(a, &s); is80 = true; break;
	case SFV_F80_RNDINT:
		r80 = f80_round_to_int(a, &s);
		is80 = true;
		break;
	case SFV_F80_COM: aux = f80_compare(a, b, true, &s); break;
	case SFV_F80_UCOM: aux = f80_compare(a, b, false, &s); break;
	case SFV_F80_TO_F32: r = f80_to_f32(a, &s); break;
	case SFV_F80_TO_F64: r = f80_to_f64(a, &s); break;
	case SFV_F80_TO_I16: r = (uint16_t)f80_to_i16(a, &s); break;
	case SFV_F80_TO_I32: r = (uint32_t)f80_to_i32(a, &s); break;
	case SFV_F80_TO_I64: r = (uint64_t)f80_to_i64(a, &s); break;
	case SFV_F80_TO_I32T: r = (uint32_t)f80_to_i32_trunc(a, &s); break;
	case SFV_I32_TO_F80:
		r80 = i32_to_f80((int32_t)v->alo);
		is80 = true;
		break;
	case SFV_I64_TO_F80:
		r80 = i64_to_f80((int64_t)v->alo);
		is80 = true;
		break;
	case SFV_F80_CLASS: aux = f80_classify(a); break;
	case SFV_F80_SCALE: r80 = f80_scale(a, b, &s); is80 = true; break;
	case SFV_F80_XTRACT_SIG:
		r80 = f80_extract(a, &b, &s);
		is80 = true;
		break;
	case SFV_F80_XTRACT_EXP:
		f80_extract(a, &r80, &s);
		is80 = true;
		break;
	case SFV_F80_PREM:
	case SFV_F80_PREM1:
		r80 = f80_rem(a, b, v->op == SFV_F80_PREM1, &flag, &q, &s);
		aux = (int)(q | (flag ? 8 : 0));
		is80 = true;
		break;
	case SFV_F80_SIN: r80 = f80_sin(a, &flag, &s); aux = flag; is80 = true;
		break;
	case SFV_F80_COS: r80 = f80_cos(a, &flag, &s); aux = flag; is80 = true;
		break;
	case SFV_F80_TAN: r80 = f80_tan(a, &flag, &s); aux = flag; is80 = true;
		break;
	case SFV_F80_ATAN2: r80 = f80_atan2(a, b, &s); is80 = true; break;
	case SFV_F80_2XM1: r80 = f80_2xm1(a, &s); is80 = true; break;
	case SFV_F80_YL2X: r80 = f80_yl2x(a, b, &s); is80 = true; break;
	case SFV_F80_YL2XP1: r80 = f80_yl2xp1(a, b, &s); is80 = true; break;
	}
	if (is80) {
		r = r80.mant;
		rhi = r80.se;
	}
	if (r == v->rlo && rhi == v->rhi && s.flags == v->flags &&
	    (v->c1 == SFV_ANY || v->c1 == s.rounded_up) &&
	    (v->aux == SFV_ANY || v->aux == aux))
		return true;
	snprintf(msg, len, "%s rc=%u pc=%u mode=%x a=%04x:%016llx "
		 "b=%04x:%016llx: expected %04x:%016llx flags=%02x c1=%d "
		 "aux=%d, got %04x:%016llx flags=%02x c1=%d aux=%d",
		 sfv_names[v->op], v->rc, v->pc, v->mode, v->ahi,
		 (unsigned long long)v->alo, v->bhi,
		 (unsigned long long)v->blo, v->rhi,
		 (unsigned long long)v->rlo, v->flags, v->c1, v->aux, rhi,
		 (unsigned long long)r, s.flags, s.rounded_up, aux);
	return false;
}

/*
 * Properties that need no oracle, over random operands from a fixed
 * seed: each returns the number of failures and describes the first.
 */
static inline uint64_t sfv_rand(uint64_t *st)
{
	*st ^= *st >> 12;
	*st ^= *st << 25;
	*st ^= *st >> 27;
	return *st * 0x2545f4914f6cdd1dull;
}

/* Widening conversions are exact and narrowing them back restores the
 * value: f32 -> f64 -> f32, f64 -> f80 -> f64, int64 -> f80 -> int64. */
static inline unsigned sfv_prop_roundtrip(char *msg, size_t len)
{
	uint64_t st = 0x1234567;
	unsigned bad = 0, i;

	for (i = 0; i < 20000; i++) {
		struct sf_status s = { .round = i & 3 };
		uint32_t a32 = (uint32_t)sfv_rand(&st);
		uint64_t a64 = sfv_rand(&st), back;
		int64_t n = (int64_t)(sfv_rand(&st) >> (i % 64));
		f32 r32;

		if (!f32_is_nan(a32)) {
			r32 = f64_to_f32(f32_to_f64(a32, &s), &s);
			if (r32 != a32 || (s.flags & ~SF_DENORMAL)) {
				if (!bad++)
					snprintf(msg, len, "f32 %08x -> %08x "
						 "flags %02x", a32, r32,
						 s.flags);
			}
		}
		s.flags = 0;
		if (!f64_is_nan(a64)) {
			back = f80_to_f64(f64_to_f80(a64, &s), &s);
			if (back != a64 || (s.flags & ~SF_DENORMAL)) {
				if (!bad++)
					snprintf(msg, len, "f64 %016llx -> "
						 "%016llx flags %02x",
						 (unsigned long long)a64,
						 (unsigned long long)back,
						 s.flags);
			}
		}
		s.flags = 0;
		if (f80_to_i64(i64_to_f80(n), &s) != n || s.flags) {
			if (!bad++)
				snprintf(msg, len, "int64 %lld flags %02x",
					 (long long)n, s.flags);
		}
	}
	return bad;
}

/* Squares of 32-bit significands are exact, so their square roots must
 * give the operand back, exactly, in every rounding mode and precision
 * that holds 32 bits; a + b - b == a when no rounding happens. */
static inline unsigned sfv_prop_exact(char *msg, size_t len)
{
	uint64_t st = 0x7654321;
	unsigned bad = 0, i;

	for (i = 0; i < 20000; i++) {
		struct sf_status s = { .round = i & 3, .prec = SF_PREC_64 };
		uint64_t m = (sfv_rand(&st) | 0x8000000000000000ull) &
			     0xffffffff00000000ull;
		f80 x = f80_make(false, (uint16_t)(16383 - 2000 +
				 sfv_rand(&st) % 4000), m);
		f80 sq = f80_mul(x, x, &s), r = f80_sqrt(sq, &s);
		f80 y = f80_make(false, x.se, m >> 16 | 1ull << 63);
		f80 sum = f80_add(x, y, &s);

		if (r.mant != x.mant || r.se != x.se || s.flags) {
			if (!bad++)
				snprintf(msg, len, "sqrt(%04x:%016llx^2) = "
					 "%04x:%016llx flags %02x", x.se,
					 (unsigned long long)x.mant, r.se,
					 (unsigned long long)r.mant, s.flags);
			continue;
		}
		/* x and y share the exponent: the sum needs 65 bits at
		 * most, so subtracting y is exact only when the sum was */
		r = f80_sub(sum, y, &s);
		if (!(s.flags & SF_INEXACT) && (r.mant != x.mant ||
						r.se != x.se)) {
			if (!bad++)
				snprintf(msg, len, "(x + y) - y != x for "
					 "%04x:%016llx", x.se,
					 (unsigned long long)x.mant);
		}
	}
	return bad;
}

#endif
