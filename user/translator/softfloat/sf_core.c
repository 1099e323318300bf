// SPDX-License-Identifier: GPL-2.0-only
/*
 * The arithmetic itself, on unpacked finite operands of at most 64
 * significand bits: every result is exact or has at least 66 correct bits
 * plus a sticky bit, which is what correct rounding to 64 bits needs.
 * The formats' special cases (NaN, inf, invalid) are handled by callers.
 */
#include "translator/softfloat/sf_internal.h"

static void sf_set_zero(struct sf_num *r, bool sign)
{
	r->kind = SF_ZERO;
	r->sign = sign;
	r->denormal = false;
	r->exp = 0;
	r->sig = 0;
}

void sf_core_add(const struct sf_num *a, const struct sf_num *b, bool sub,
		 unsigned mode, struct sf_num *r)
{
	bool sa = a->sign, sb = b->sign ^ sub, st;
	int32_t ea = a->exp, eb = b->exp, et, d;
	u128 x, y, t;

	if (a->kind == SF_ZERO && b->kind == SF_ZERO) {
		/* IEEE 754 §6.3: x + (-x) is +0 except when rounding down */
		sf_set_zero(r, sa == sb ? sa : mode == SF_ROUND_DOWN);
		return;
	}
	if (a->kind == SF_ZERO) {
		*r = *b;
		r->sign = sb;
		return;
	}
	if (b->kind == SF_ZERO) {
		*r = *a;
		return;
	}
	/* One bit of headroom for the carry; exact for <= 127-bit inputs. */
	x = sf_shr_jam(a->sig, 1);
	y = sf_shr_jam(b->sig, 1);
	if (ea < eb || (ea == eb && x < y)) {
		t = x; x = y; y = t;
		et = ea; ea = eb; eb = et;
		st = sa; sa = sb; sb = st;
	}
	d = ea - eb;
	y = sf_shr_jam(y, d > 200 ? 200 : d);
	x = sa == sb ? x + y : x - y;
	if (!x) {
		sf_set_zero(r, mode == SF_ROUND_DOWN);
		return;
	}
	r->kind = SF_FINITE;
	r->sign = sa;
	r->denormal = false;
	r->exp = ea + 1;
	r->sig = x;
}

void sf_core_mul(const struct sf_num *a, const struct sf_num *b,
		 struct sf_num *r)
{
	if (a->kind == SF_ZERO || b->kind == SF_ZERO) {
		sf_set_zero(r, a->sign ^ b->sign);
		return;
	}
	r->kind = SF_FINITE;
	r->sign = a->sign ^ b->sign;
	r->denormal = false;
	/* [1,2) * [1,2) = [1,4): the product's bit 127 weighs 2^(ea+eb+1) */
	r->exp = a->exp + b->exp + 1;
	r->sig = (u128)(uint64_t)(a->sig >> 64) * (uint64_t)(b->sig >> 64);
}

/* b must be nonzero */
void sf_core_div(const struct sf_num *a, const struct sf_num *b,
		 struct sf_num *r)
{
	uint64_t x = (uint64_t)(a->sig >> 64), y = (uint64_t)(b->sig >> 64);
	u128 num, q1, q2, r1;

	if (a->kind == SF_ZERO) {
		sf_set_zero(r, a->sign ^ b->sign);
		return;
	}
	/* Two 64-bit quotient digits of x * 2^127 / y; x/y < 2 keeps the
	 * first below 2^64. */
	num = (u128)x << 63;
	q1 = num / y;
	r1 = num % y;
	num = r1 << 64;
	q2 = num / y;
	r->kind = SF_FINITE;
	r->sign = a->sign ^ b->sign;
	r->denormal = false;
	r->exp = a->exp - b->exp;
	r->sig = (q1 << 64) | q2 | (num % y != 0);
}

/* floor(sqrt(n)) by the binary digit-by-digit method; *rem = n - root^2 */
static uint64_t sf_isqrt128(u128 n, u128 *rem)
{
	u128 root = 0, bit = (u128)1 << 126;

	while (bit > n)
		bit >>= 2;
	while (bit) {
		if (n >= root + bit) {
			n -= root + bit;
			root = (root >> 1) + bit;
		} else {
			root >>= 1;
		}
		bit >>= 2;
	}
	*rem = n;
	return (uint64_t)root;
}

/* a must be nonnegative */
void sf_core_sqrt(const struct sf_num *a, struct sf_num *r)
{
	uint64_t x = (uint64_t)(a->sig >> 64), root;
	int shift = (a->exp & 1) ? 64 : 63;
	u128 rem;

	if (a->kind == SF_ZERO) {
		*r = *a;
		return;
	}
	/* value = R * 2^(exp - 63 - shift) with an even power of two */
	root = sf_isqrt128((u128)x << shift, &rem);
	r->kind = SF_FINITE;
	r->sign = false;
	r->denormal = false;
	r->exp = 63 + (a->exp - 63 - shift) / 2;
	/* The half-way point (root + 1/2)^2 = root^2 + root + 1/4 is never
	 * an integer: rem > root says the next bit is 1, rem != 0 that the
	 * root is inexact. */
	r->sig = ((u128)root << 64) | ((u128)(rem > root) << 63) | (rem != 0);
}

/* Ordered comparison of FINITE/ZERO/INF values (-0 == +0). */
enum sf_cmp sf_core_compare(const struct sf_num *a, const struct sf_num *b)
{
	int res;

	if (a->kind == SF_ZERO && b->kind == SF_ZERO)
		return SF_CMP_EQUAL;
	if (a->sign != b->sign)
		return a->sign ? SF_CMP_LESS : SF_CMP_GREATER;
	if (a->kind == SF_INF || b->kind == SF_INF) {
		if (a->kind == b->kind)
			return SF_CMP_EQUAL;
		res = a->kind == SF_INF ? 1 : -1;
	} else if (a->kind == SF_ZERO || b->kind == SF_ZERO) {
		res = a->kind == SF_ZERO ? -1 : 1;
	} else if (a->exp != b->exp) {
		res = a->exp > b->exp ? 1 : -1;
	} else if (a->sig != b->sig) {
		res = a->sig > b->sig ? 1 : -1;
	} else {
		return SF_CMP_EQUAL;
	}
	return a->sign ? -res : res;
}
