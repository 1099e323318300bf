// SPDX-License-Identifier: GPL-2.0-only
/*
 * x87 transcendentals: FSIN, FCOS, FPTAN, FPATAN, F2XM1, FYL2X, FYL2XP1
 * (SDM Vol. 2).  Each is evaluated with 128-bit intermediates (sf_xf.c)
 * and rounded once in the current rounding mode.  FSIN/FCOS/FPTAN reduce
 * their argument with the 66-bit pi of the hardware (SDM Vol. 1 §8.3.10),
 * so large arguments give the hardware's answer rather than the exact sine.
 */
#include "translator/softfloat/sf_internal.h"

/* Bits of the hardware's pi (SDM Vol. 1 §8.3.10). */
#define SF_PI_BITS	66

/* Series stop once a term falls this far below the running sum. */
#define SF_SERIES_BITS	120
#define SF_SERIES_MAX	400

static bool sf_nan_kind(const struct sf_num *n)
{
	return n->kind == SF_QNAN || n->kind == SF_SNAN;
}

static f80 sf_invalid(struct sf_status *s)
{
	s->flags |= SF_INVALID;
	return f80_default_nan;
}

static struct sf_xf sf_xf_one(void)
{
	return sf_xf_make(false, 0, (u128)1 << 127);
}

/* A term far below the sum ends a series.  It is still added: the
 * addition only leaves a sticky bit, but that bit is what makes the final
 * rounding see an inexact value on the correct side (sin x < x). */
static bool sf_xf_negligible(struct sf_xf term, struct sf_xf sum)
{
	return !term.sig || (sum.sig && term.exp < sum.exp - SF_SERIES_BITS);
}

/* sin r and cos r by their Taylor series; |r| <= ~pi/4. */
static void sf_xf_sincos(struct sf_xf r, struct sf_xf *sinr,
			 struct sf_xf *cosr)
{
	struct sf_xf r2 = sf_xf_mul(r, r), term, sum;
	uint32_t n;
	bool stop;

	term = r;
	sum = r;
	for (n = 1; n < SF_SERIES_MAX; n++) {
		term = sf_xf_div_int(sf_xf_mul(term, r2), (2 * n) * (2 * n + 1));
		stop = sf_xf_negligible(term, sum);
		sum = n & 1 ? sf_xf_sub(sum, term) : sf_xf_add(sum, term);
		if (stop)
			break;
	}
	*sinr = sum;
	term = sf_xf_one();
	sum = term;
	for (n = 1; n < SF_SERIES_MAX; n++) {
		term = sf_xf_div_int(sf_xf_mul(term, r2), (2 * n - 1) * (2 * n));
		stop = sf_xf_negligible(term, sum);
		sum = n & 1 ? sf_xf_sub(sum, term) : sf_xf_add(sum, term);
		if (stop)
			break;
	}
	*cosr = sum;
}

/* 256-bit integers for the exact argument reduction, low limb first. */
struct sf_u256 {
	uint64_t w[4];
};

static struct sf_u256 sf_u256_shl64(uint64_t x, int sh)
{
	struct sf_u256 r = { { 0, 0, 0, 0 } };
	int limb = sh / 64, bit = sh % 64;

	r.w[limb] = x << bit;
	if (bit && limb < 3)
		r.w[limb + 1] = x >> (64 - bit);
	return r;
}

static struct sf_u256 sf_u256_mul(uint64_t k, const uint64_t p[3])
{
	struct sf_u256 r = { { 0, 0, 0, 0 } };
	u128 carry = 0, t;
	int i;

	for (i = 0; i < 3; i++) {
		t = (u128)k * p[i] + carry;
		r.w[i] = (uint64_t)t;
		carry = t >> 64;
	}
	r.w[3] = (uint64_t)carry;
	return r;
}

/* |a - b|; returns true when a < b */
static bool sf_u256_absdiff(const struct sf_u256 *a, const struct sf_u256 *b,
			    struct sf_u256 *r)
{
	const struct sf_u256 *x = a, *y = b;
	uint64_t borrow = 0, d;
	bool neg = false;
	int i;

	for (i = 3; i >= 0; i--) {
		if (a->w[i] != b->w[i]) {
			neg = a->w[i] < b->w[i];
			break;
		}
	}
	if (neg) {
		x = b;
		y = a;
	}
	for (i = 0; i < 4; i++) {
		d = x->w[i] - y->w[i] - borrow;
		borrow = x->w[i] < y->w[i] || (x->w[i] == y->w[i] && borrow);
		r->w[i] = d;
	}
	return neg;
}

/* pi/2 * 2^191: the hardware's 66-bit value (SDM Vol. 1 §8.3.10). */
static const uint64_t sf_pio2_66[3] = {
	0, 0xc000000000000000ull, 0xc90fdaa22168c234ull
};

/*
 * r = |x| - k * pi/2 with k the nearest integer to |x| / (pi/2), computed
 * exactly in fixed point (units of 2^-191) for 0 <= |x| < 2^63.
 */
static struct sf_xf sf_reduce(const struct sf_num *x, unsigned *quadrant)
{
	struct sf_xf ax = sf_xf_make(false, x->exp, x->sig), q;
	struct sf_u256 xf, kp, r;
	uint64_t k, hi, lower;
	bool neg;
	int i, n;
	u128 top;

	*quadrant = 0;
	q = sf_xf_div(ax, sf_xf_pio2);
	if (q.exp < -1 || !q.sig)
		return ax;
	k = (uint64_t)(((q.sig >> (126 - q.exp)) + 1) >> 1);
	if (!k)
		return ax;
	*quadrant = (unsigned)(k & 3);
	xf = sf_u256_shl64((uint64_t)(x->sig >> 64), x->exp + 128);
	kp = sf_u256_mul(k, sf_pio2_66);
	neg = sf_u256_absdiff(&xf, &kp, &r);

	for (i = 3; i >= 0 && !r.w[i]; i--)
		;
	if (i < 0)
		return sf_xf_make(false, 0, 0);
	hi = r.w[i];
	lower = i > 1 ? r.w[i - 2] : 0;
	n = sf_clz64(hi);
	/* top 128 bits of r starting at its leading one, with sticky */
	top = ((u128)hi << 64) | (i > 0 ? r.w[i - 1] : 0);
	if (n) {
		top = (top << n) | (lower >> (64 - n));
		lower <<= n;
	}
	if (lower || (i > 2 && r.w[0]))
		top |= 1;
	/* bit 127 of top weighs 2^(64 * i + 63 - n - 191) */
	return sf_xf_make(neg, 64 * i + 63 - n - 191, top);
}

enum sf_trig { SF_SIN, SF_COS, SF_TAN };

static f80 sf_trig(f80 a, enum sf_trig fn, bool *out_of_range,
		   struct sf_status *s)
{
	struct sf_xf r, sn, cs, res;
	struct sf_num na;
	unsigned quad;

	*out_of_range = false;
	s->rounded_up = false;
	sf_unpack80(a, &na);
	switch (na.kind) {
	case SF_UNSUP:
	case SF_INF:
		return sf_invalid(s);
	case SF_SNAN:
		s->flags |= SF_INVALID;
		/* fall through */
	case SF_QNAN:
		a.mant |= 1ull << 62;
		return a;
	case SF_ZERO:
		return fn == SF_COS ? f80_one : a;
	default:
		break;
	}
	if (na.exp >= 63) {
		/* SDM Vol. 2 FSIN: |x| >= 2^63 is left alone with C2 set */
		*out_of_range = true;
		return a;
	}
	if (na.denormal)
		s->flags |= SF_DENORMAL;
	r = sf_reduce(&na, &quad);
	sf_xf_sincos(r, &sn, &cs);
	switch (fn) {
	case SF_SIN:
		res = quad & 1 ? cs : sn;
		res.sign ^= (quad >> 1) ^ na.sign;
		break;
	case SF_COS:
		res = quad & 1 ? sn : cs;
		res.sign ^= ((quad + 1) >> 1) & 1;
		break;
	default:
		if (r.exp < -40) {
			/* tan r = r + r^3/3 + O(r^5): sin r / cos r would
			 * lose the r^3 term's direction */
			res = sf_xf_add(r, sf_xf_div_int(sf_xf_mul(r,
						sf_xf_mul(r, r)), 3));
			if (quad & 1)
				res = sf_xf_div(sf_xf_one(), res);
		} else {
			res = quad & 1 ? sf_xf_div(cs, sn) :
					 sf_xf_div(sn, cs);
		}
		res.sign ^= (quad & 1) ^ na.sign;
		break;
	}
	return sf_xf_to_f80(res, s);
}

f80 f80_sin(f80 a, bool *out_of_range, struct sf_status *s)
{
	return sf_trig(a, SF_SIN, out_of_range, s);
}

f80 f80_cos(f80 a, bool *out_of_range, struct sf_status *s)
{
	return sf_trig(a, SF_COS, out_of_range, s);
}

f80 f80_tan(f80 a, bool *out_of_range, struct sf_status *s)
{
	return sf_trig(a, SF_TAN, out_of_range, s);
}

/* atan z for 0 <= z <= 1: three argument halvings
 * (atan z = 2 atan(z / (1 + sqrt(1 + z^2)))) bring z below 0.1, then
 * the alternating series. */
static struct sf_xf sf_xf_atan01(struct sf_xf z)
{
	struct sf_xf one = sf_xf_one(), z2, term, sum, pw;
	uint32_t n;
	bool stop;
	int i;

	for (i = 0; i < 3 && z.exp > -40; i++)
		z = sf_xf_div(z, sf_xf_add(one, sf_xf_sqrt(sf_xf_add(one,
							sf_xf_mul(z, z)))));
	z2 = sf_xf_mul(z, z);
	pw = z;
	sum = z;
	for (n = 1; n < SF_SERIES_MAX; n++) {
		pw = sf_xf_mul(pw, z2);
		term = sf_xf_div_int(pw, 2 * n + 1);
		stop = sf_xf_negligible(term, sum);
		sum = n & 1 ? sf_xf_sub(sum, term) : sf_xf_add(sum, term);
		if (stop)
			break;
	}
	if (sum.sig)
		sum.exp += i;
	return sum;
}

static f80 sf_f80_inf(bool sign)
{
	return f80_make(sign, 0x7fff, 1ull << 63);
}

/* FPATAN: the angle of (x, y), SDM Vol. 2 FPATAN results table. */
f80 f80_atan2(f80 y, f80 x, struct sf_status *s)
{
	struct sf_xf pi = sf_xf_pio2, ax, ay, t, hp;
	struct sf_num nx, ny;
	bool sign;

	s->rounded_up = false;
	sf_unpack80(x, &nx);
	sf_unpack80(y, &ny);
	if (nx.kind == SF_UNSUP || ny.kind == SF_UNSUP)
		return sf_invalid(s);
	if (sf_nan_kind(&nx) || sf_nan_kind(&ny))
		return sf_f80_nan2(x, y, &nx, &ny, s);
	if (nx.denormal || ny.denormal)
		s->flags |= SF_DENORMAL;
	sign = ny.sign;
	pi.exp++;
	if (ny.kind == SF_ZERO) {
		if (!nx.sign)
			return y;
		t = pi;
	} else if (ny.kind == SF_INF) {
		t = sf_xf_pio2;
		if (nx.kind == SF_INF) {
			t.exp--;	/* pi/4 */
			if (nx.sign)
				t = sf_xf_add(pi, sf_xf_make(true, t.exp,
							     t.sig));
		}
	} else if (nx.kind == SF_ZERO) {
		t = sf_xf_pio2;
	} else if (nx.kind == SF_INF) {
		if (!nx.sign)
			return f80_make(sign, 0, 0);
		t = pi;
	} else {
		ax = sf_xf_from_num(&nx);
		ay = sf_xf_from_num(&ny);
		ax.sign = false;
		ay.sign = false;
		/* The quadrant's pi/2 and pi are the hardware's 66-bit
		 * constant, as for the trigonometric reduction. */
		hp = sf_xf_pio2;
		hp.sig &= ~(u128)0 << (128 - SF_PI_BITS);
		if (ny.exp < nx.exp || (ny.exp == nx.exp && ny.sig <= nx.sig))
			t = sf_xf_atan01(sf_xf_div(ay, ax));
		else
			t = sf_xf_sub(hp,
				      sf_xf_atan01(sf_xf_div(ax, ay)));
		if (nx.sign) {
			hp.exp++;
			t = sf_xf_sub(hp, t);
		}
	}
	t.sign = sign;
	return sf_xf_to_f80(t, s);
}

/* e^t - 1 by its series (|t| <= ln 2 in the architectural domain). */
static struct sf_xf sf_xf_expm1(struct sf_xf t)
{
	struct sf_xf term = t, sum = t;
	uint32_t n;
	bool stop;

	for (n = 2; n < SF_SERIES_MAX; n++) {
		term = sf_xf_div_int(sf_xf_mul(term, t), n);
		stop = sf_xf_negligible(term, sum);
		sum = sf_xf_add(sum, term);
		if (stop)
			break;
	}
	return sum;
}

/* F2XM1: 2^x - 1, defined for -1 <= x <= 1 (SDM Vol. 2 F2XM1). */
f80 f80_2xm1(f80 a, struct sf_status *s)
{
	struct sf_num na;

	s->rounded_up = false;
	sf_unpack80(a, &na);
	switch (na.kind) {
	case SF_UNSUP:
		return sf_invalid(s);
	case SF_SNAN:
		s->flags |= SF_INVALID;
		/* fall through */
	case SF_QNAN:
		a.mant |= 1ull << 62;
		return a;
	case SF_INF:
		return na.sign ? f80_make(true, 0x3fff, 1ull << 63) : a;
	case SF_ZERO:
		return a;
	default:
		break;
	}
	if (na.denormal)
		s->flags |= SF_DENORMAL;
	if (na.exp >= 0 && (na.exp > 0 || na.sig != (u128)1 << 127)) {
		/* Outside -1..1 the SDM leaves the result undefined; the
		 * hardware returns the operand, inexact. */
		s->flags |= SF_INEXACT;
		return a;
	}
	if (na.exp == 0) {
		/* 2^1 - 1 and 2^-1 - 1 are exact, yet the hardware reports
		 * them inexact, 1 rounded up and -0.5 rounded down. */
		s->flags |= SF_INEXACT;
		s->rounded_up = !na.sign;
		return na.sign ? f80_make(true, 0x3ffe, 1ull << 63) : f80_one;
	}
	return sf_xf_to_f80(sf_xf_expm1(sf_xf_mul(sf_xf_from_num(&na),
						  sf_xf_ln2)), s);
}

/* ln(1 + u) for u > -1 as 2 atanh(u / (2 + u)); for tiny u the plain
 * series u - u^2/2 + ..., whose terms all stay within the precision. */
static struct sf_xf sf_xf_log1p(struct sf_xf u)
{
	struct sf_xf two = sf_xf_make(false, 1, (u128)1 << 127);
	struct sf_xf z, z2, pw, sum, term;
	uint32_t n;
	bool stop;

	if (u.exp < -16) {
		pw = u;
		sum = u;
		for (n = 2; n < SF_SERIES_MAX; n++) {
			pw = sf_xf_mul(pw, u);
			term = sf_xf_div_int(pw, n);
			term.sign ^= !(n & 1);
			stop = sf_xf_negligible(term, sum);
			sum = sf_xf_add(sum, term);
			if (stop)
				break;
		}
		return sum;
	}
	z = sf_xf_div(u, sf_xf_add(two, u));

	z2 = sf_xf_mul(z, z);
	pw = z;
	sum = z;
	for (n = 1; n < SF_SERIES_MAX; n++) {
		pw = sf_xf_mul(pw, z2);
		term = sf_xf_div_int(pw, 2 * n + 1);
		stop = sf_xf_negligible(term, sum);
		sum = sf_xf_add(sum, term);
		if (stop)
			break;
	}
	if (sum.sig)
		sum.exp++;
	return sum;
}

/* log2 of a positive finite value: exponent plus log2 of a significand
 * taken in [sqrt(1/2), sqrt(2)). */
static struct sf_xf sf_xf_log2(const struct sf_num *x)
{
	struct sf_xf m = sf_xf_make(false, 0, x->sig), one = sf_xf_one();
	int32_t e = x->exp;

	/* sqrt(2) = 1.0110101000001001111...b */
	if (x->sig > ((u128)0xb504f333f9de6484ull << 64)) {
		m.exp = -1;
		e++;
	}
	return sf_xf_add(sf_xf_from_int(e),
			 sf_xf_div(sf_xf_log1p(sf_xf_sub(m, one)),
				   sf_xf_ln2));
}

/* The special cases shared by FYL2X and FYL2XP1 once the logarithm's
 * sign class is known: @lsign/@lzero/@linf describe log2(x). */
static bool sf_ylog_special(const struct sf_num *ny, bool lsign, bool lzero,
			    bool linf, f80 *res, struct sf_status *s)
{
	if (linf) {
		if (ny->kind == SF_ZERO) {
			*res = sf_invalid(s);
			return true;
		}
		*res = sf_f80_inf(ny->sign ^ lsign);
		return true;
	}
	if (lzero) {
		if (ny->kind == SF_INF) {
			*res = sf_invalid(s);
			return true;
		}
		*res = f80_make(ny->sign ^ lsign, 0, 0);
		return true;
	}
	if (ny->kind == SF_INF) {
		*res = sf_f80_inf(ny->sign ^ lsign);
		return true;
	}
	if (ny->kind == SF_ZERO) {
		*res = f80_make(ny->sign ^ lsign, 0, 0);
		return true;
	}
	return false;
}

/* FYL2X: y * log2(x), SDM Vol. 2 FYL2X results table. */
f80 f80_yl2x(f80 x, f80 y, struct sf_status *s)
{
	struct sf_num nx, ny;
	bool one;
	f80 res;

	s->rounded_up = false;
	sf_unpack80(x, &nx);
	sf_unpack80(y, &ny);
	if (nx.kind == SF_UNSUP || ny.kind == SF_UNSUP)
		return sf_invalid(s);
	if (sf_nan_kind(&nx) || sf_nan_kind(&ny))
		return sf_f80_nan2(x, y, &nx, &ny, s);
	if (nx.sign && nx.kind != SF_ZERO)
		return sf_invalid(s);
	if (nx.kind == SF_ZERO) {
		/* log2(0) = -inf: a finite nonzero y divides by zero */
		if (ny.kind == SF_ZERO)
			return sf_invalid(s);
		if (ny.kind != SF_INF)
			s->flags |= SF_DIVBYZERO;
		return sf_f80_inf(!ny.sign);
	}
	if (nx.denormal || ny.denormal)
		s->flags |= SF_DENORMAL;
	one = nx.kind == SF_FINITE && nx.exp == 0 &&
	      nx.sig == (u128)1 << 127;
	if (sf_ylog_special(&ny, nx.kind == SF_FINITE && nx.exp < 0, one,
			    nx.kind == SF_INF, &res, s))
		return res;
	res = sf_xf_to_f80(sf_xf_mul(sf_xf_from_num(&ny), sf_xf_log2(&nx)),
			   s);
	/* The hardware reports even exact logarithms (powers of two) as
	 * inexact, and so a tiny result as an underflow. */
	s->flags |= SF_INEXACT;
	if (!f80_exp(res))
		s->flags |= SF_UNDERFLOW;
	return res;
}

/* FYL2XP1: y * log2(x + 1), defined for |x| < 1 - sqrt(2)/2. */
f80 f80_yl2xp1(f80 x, f80 y, struct sf_status *s)
{
	struct sf_num nx, ny, one;
	struct sf_xf l, u;
	f80 res;

	s->rounded_up = false;
	sf_unpack80(x, &nx);
	sf_unpack80(y, &ny);
	if (nx.kind == SF_UNSUP || ny.kind == SF_UNSUP)
		return sf_invalid(s);
	if (sf_nan_kind(&nx) || sf_nan_kind(&ny))
		return sf_f80_nan2(x, y, &nx, &ny, s);
	if (nx.kind == SF_INF && nx.sign)
		return sf_invalid(s);
	if (nx.kind == SF_FINITE && nx.sign && nx.exp >= 0)
		/* x <= -1: log of a nonpositive number */
		return sf_invalid(s);
	if (nx.denormal || ny.denormal)
		s->flags |= SF_DENORMAL;
	if (sf_ylog_special(&ny, nx.sign, nx.kind == SF_ZERO,
			    nx.kind == SF_INF, &res, s))
		return res;
	u = sf_xf_from_num(&nx);
	if (u.exp < -2) {
		l = sf_xf_div(sf_xf_log1p(u), sf_xf_ln2);
	} else {
		/* outside the architectural domain: log2 of 1 + x */
		u = sf_xf_add(u, sf_xf_one());
		one.kind = SF_FINITE;
		one.sign = false;
		one.exp = u.exp;
		one.sig = u.sig;
		l = sf_xf_log2(&one);
	}
	return sf_xf_to_f80(sf_xf_mul(sf_xf_from_num(&ny), l), s);
}
