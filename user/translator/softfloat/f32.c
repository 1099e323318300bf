// SPDX-License-Identifier: GPL-2.0-only
/*
 * binary32 entry points (ADDSS, SUBSS, MULSS, DIVSS, SQRTSS and the
 * conversions): thin typed wrappers over the SSE rules in sf_ieee.c.
 */
#include "translator/softfloat/sf_internal.h"

bool f32_is_nan(f32 a)
{
	return (a & 0x7fffffffu) > 0x7f800000u;
}

bool f32_is_snan(f32 a)
{
	return f32_is_nan(a) && !(a & 0x00400000u);
}

f32 f32_add(f32 a, f32 b, struct sf_status *s)
{
	return (f32)sf_ieee_add(&sf_fmt32, a, b, false, s);
}

f32 f32_sub(f32 a, f32 b, struct sf_status *s)
{
	return (f32)sf_ieee_add(&sf_fmt32, a, b, true, s);
}

f32 f32_mul(f32 a, f32 b, struct sf_status *s)
{
	return (f32)sf_ieee_mul(&sf_fmt32, a, b, s);
}

f32 f32_div(f32 a, f32 b, struct sf_status *s)
{
	return (f32)sf_ieee_div(&sf_fmt32, a, b, s);
}

f32 f32_sqrt(f32 a, struct sf_status *s)
{
	return (f32)sf_ieee_sqrt(&sf_fmt32, a, s);
}

enum sf_cmp f32_compare(f32 a, f32 b, bool signaling, struct sf_status *s)
{
	return sf_ieee_compare(&sf_fmt32, a, b, signaling, s);
}

int32_t f32_to_i32(f32 a, struct sf_status *s)
{
	return (int32_t)sf_ieee_to_int(&sf_fmt32, a, 32, false, s);
}

int32_t f32_to_i32_trunc(f32 a, struct sf_status *s)
{
	return (int32_t)sf_ieee_to_int(&sf_fmt32, a, 32, true, s);
}

int64_t f32_to_i64(f32 a, struct sf_status *s)
{
	return sf_ieee_to_int(&sf_fmt32, a, 64, false, s);
}

int64_t f32_to_i64_trunc(f32 a, struct sf_status *s)
{
	return sf_ieee_to_int(&sf_fmt32, a, 64, true, s);
}

f32 i32_to_f32(int32_t a, struct sf_status *s)
{
	return (f32)sf_ieee_from_int(&sf_fmt32, a, s);
}

f32 i64_to_f32(int64_t a, struct sf_status *s)
{
	return (f32)sf_ieee_from_int(&sf_fmt32, a, s);
}
