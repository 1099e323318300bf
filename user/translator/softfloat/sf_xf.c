// SPDX-License-Identifier: GPL-2.0-only
/*
 * Floating point with a 128-bit significand: the working precision of the
 * transcendentals, so that the final rounding to 64 bits sees a value
 * whose error is far below half an f80 ulp.  Truncating arithmetic is
 * enough here: each step loses at most an ulp of 2^-127.
 */
#include "translator/softfloat/sf_internal.h"

/* pi/2 and ln 2 to 128 bits, rounded to nearest. */
const struct sf_xf sf_xf_pio2 = {
	false, 0,
	((u128)0xc90fdaa22168c234ull << 64) | 0xc4c6628b80dc1cd1ull
};
const struct sf_xf sf_xf_ln2 = {
	false, -1,
	((u128)0xb17217f7d1cf79abull << 64) | 0xc9e3b39803f2f6afull
};

struct sf_xf sf_xf_make(bool sign, int32_t exp, u128 sig)
{
	struct sf_xf r = { sign, exp, sig };
	int n;

	if (!sig) {
		r.exp = 0;
		return r;
	}
	n = sf_clz128(sig);
	r.sig = sig << n;
	r.exp = exp - n;
	return r;
}

struct sf_xf sf_xf_from_int(int64_t v)
{
	uint64_t mag = v < 0 ? 0 - (uint64_t)v : (uint64_t)v;

	return sf_xf_make(v < 0, 127, mag);
}

struct sf_xf sf_xf_from_num(const struct sf_num *n)
{
	return sf_xf_make(n->sign, n->exp, n->kind == SF_FINITE ? n->sig : 0);
}

struct sf_xf sf_xf_add(struct sf_xf a, struct sf_xf b)
{
	struct sf_xf t;
	u128 x, y;
	int32_t d;

	if (!a.sig)
		return b;
	if (!b.sig)
		return a;
	if (a.exp < b.exp || (a.exp == b.exp && a.sig < b.sig)) {
		t = a;
		a = b;
		b = t;
	}
	d = a.exp - b.exp;
	/* b below a's last bit only moves a's sticky bit: an a already
	 * marked inexact stays as it is, so two sticky contributions of
	 * opposite sign never cancel into a falsely exact value. */
	if (d >= 127 && (a.sig & 1))
		return a;
	x = sf_shr_jam(a.sig, 1);
	y = sf_shr_jam(b.sig, d > 200 ? 200 : d + 1);
	if (a.sign == b.sign)
		return sf_xf_make(a.sign, a.exp + 1, x + y);
	return sf_xf_make(a.sign, a.exp + 1, x - y);
}

struct sf_xf sf_xf_sub(struct sf_xf a, struct sf_xf b)
{
	b.sign = !b.sign;
	return sf_xf_add(a, b);
}

/* The high 128 bits of the 256-bit product, with a sticky bit. */
static u128 sf_mul128_hi(u128 a, u128 b)
{
	uint64_t a0 = (uint64_t)a, a1 = (uint64_t)(a >> 64);
	uint64_t b0 = (uint64_t)b, b1 = (uint64_t)(b >> 64);
	u128 p00 = (u128)a0 * b0, p01 = (u128)a0 * b1;
	u128 p10 = (u128)a1 * b0, p11 = (u128)a1 * b1;
	u128 mid = (p00 >> 64) + (uint64_t)p01 + (uint64_t)p10;
	u128 hi = p11 + (p01 >> 64) + (p10 >> 64) + (mid >> 64);
	uint64_t lo = (uint64_t)mid | (uint64_t)p00;

	return hi | (lo != 0);
}

struct sf_xf sf_xf_mul(struct sf_xf a, struct sf_xf b)
{
	if (!a.sig || !b.sig)
		return sf_xf_make(a.sign ^ b.sign, 0, 0);
	return sf_xf_make(a.sign ^ b.sign, a.exp + b.exp + 1,
			  sf_mul128_hi(a.sig, b.sig));
}

/* Restoring division, one quotient bit per step; the partial remainder
 * has 129 bits (top:r). */
struct sf_xf sf_xf_div(struct sf_xf a, struct sf_xf b)
{
	u128 r = a.sig, q = 0;
	int32_t exp = a.exp - b.exp;
	bool top = false;
	int i;

	if (!a.sig || !b.sig)
		return sf_xf_make(a.sign ^ b.sign, 0, 0);
	if (r < b.sig) {
		/* quotient below 1: its first digit is one place lower */
		exp--;
		top = r >> 127;
		r <<= 1;
	}
	for (i = 0; i < 128; i++) {
		if (top || r >= b.sig) {
			r -= b.sig;
			q = (q << 1) | 1;
		} else {
			q <<= 1;
		}
		top = r >> 127;
		r <<= 1;
	}
	return sf_xf_make(a.sign ^ b.sign, exp, q | (top || r));
}

/* Division by a small integer (the series' denominators): two digits of
 * base 2^64 long division give 128 quotient bits and a sticky bit. */
struct sf_xf sf_xf_div_int(struct sf_xf a, uint32_t d)
{
	u128 q1, r1, q2, r2;
	int n;

	if (!a.sig)
		return a;
	q1 = a.sig / d;
	r1 = a.sig % d;
	q2 = (r1 << 64) / d;
	r2 = (r1 << 64) % d;
	/* q1 >= 2^127 / d: at most 32 leading zeros to fill from q2 */
	n = sf_clz128(q1);
	if (n) {
		q1 = (q1 << n) | (q2 >> (64 - n));
		q2 = (uint64_t)(q2 << n);
	}
	return sf_xf_make(a.sign, a.exp - n, q1 | (q2 || r2));
}

/* One Newton step from a 64-bit root doubles it to ~128 bits. */
struct sf_xf sf_xf_sqrt(struct sf_xf a)
{
	struct sf_xf s, half = { false, -1, (u128)1 << 127 };
	uint64_t hi = (uint64_t)(a.sig >> 64);
	u128 rad, root = 0, bit = (u128)1 << 126;
	int32_t e;

	if (!a.sig)
		return a;
	/* value ~ rad * 2^e with e even */
	if (a.exp & 1) {
		rad = (u128)hi << 64;
		e = a.exp - 127;
	} else {
		rad = (u128)hi << 63;
		e = a.exp - 126;
	}
	while (bit) {
		if (rad >= root + bit) {
			rad -= root + bit;
			root = (root >> 1) + bit;
		} else {
			root >>= 1;
		}
		bit >>= 2;
	}
	s = sf_xf_make(false, e / 2 + 127, root);
	return sf_xf_mul(sf_xf_add(s, sf_xf_div(a, s)), half);
}

f80 sf_xf_to_f80(struct sf_xf a, struct sf_status *s)
{
	return sf_f80_round(64, a.sign, a.exp, a.sig, s);
}
