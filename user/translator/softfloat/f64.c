// SPDX-License-Identifier: GPL-2.0-only
/*
 * binary64 entry points (ADDSD, SUBSD, MULSD, DIVSD, SQRTSD and the
 * conversions): thin typed wrappers over the SSE rules in sf_ieee.c.
 */
#include "translator/softfloat/sf_internal.h"

bool f64_is_nan(f64 a)
{
	return (a & 0x7fffffffffffffffull) > 0x7ff0000000000000ull;
}

bool f64_is_snan(f64 a)
{
	return f64_is_nan(a) && !(a & 0x0008000000000000ull);
}

f64 f64_add(f64 a, f64 b, struct sf_status *s)
{
	return (f64)sf_ieee_add(&sf_fmt64, a, b, false, s);
}

f64 f64_sub(f64 a, f64 b, struct sf_status *s)
{
	return (f64)sf_ieee_add(&sf_fmt64, a, b, true, s);
}

f64 f64_mul(f64 a, f64 b, struct sf_status *s)
{
	return (f64)sf_ieee_mul(&sf_fmt64, a, b, s);
}

f64 f64_div(f64 a, f64 b, struct sf_status *s)
{
	return (f64)sf_ieee_div(&sf_fmt64, a, b, s);
}

f64 f64_sqrt(f64 a, struct sf_status *s)
{
	return (f64)sf_ieee_sqrt(&sf_fmt64, a, s);
}

enum sf_cmp f64_compare(f64 a, f64 b, bool signaling, struct sf_status *s)
{
	return sf_ieee_compare(&sf_fmt64, a, b, signaling, s);
}

int32_t f64_to_i32(f64 a, struct sf_status *s)
{
	return (int32_t)sf_ieee_to_int(&sf_fmt64, a, 32, false, s);
}

int32_t f64_to_i32_trunc(f64 a, struct sf_status *s)
{
	return (int32_t)sf_ieee_to_int(&sf_fmt64, a, 32, true, s);
}

int64_t f64_to_i64(f64 a, struct sf_status *s)
{
	return sf_ieee_to_int(&sf_fmt64, a, 64, false, s);
}

int64_t f64_to_i64_trunc(f64 a, struct sf_status *s)
{
	return sf_ieee_to_int(&sf_fmt64, a, 64, true, s);
}

f64 i32_to_f64(int32_t a, struct sf_status *s)
{
	return (f64)sf_ieee_from_int(&sf_fmt64, a, s);
}

f64 i64_to_f64(int64_t a, struct sf_status *s)
{
	return (f64)sf_ieee_from_int(&sf_fmt64, a, s);
}
