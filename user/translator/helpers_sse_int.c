// SPDX-License-Identifier: GPL-2.0-only
/*
 * The integer operations of SSE2 and SSSE3 on XMM registers (16 bytes)
 * and the ones SSE, SSE2 and SSSE3 added on MMX registers (8 bytes): SDM
 * Vol. 2 per instruction.  Pure functions of the operands; helper_sse
 * (helpers_sse.c) reads and writes the registers and memory.
 */
#include <string.h>

#include "sse.h"

/* Element @i of @esize bytes, zero- and sign-extended; storing one. */
static uint64_t get_u(const union x86_xmm *v, unsigned esize, unsigned i)
{
	switch (esize) {
	case 1: return v->b[i];
	case 2: return v->w[i];
	case 4: return v->d[i];
	default: return v->q[i];
	}
}

static int64_t get_s(const union x86_xmm *v, unsigned esize, unsigned i)
{
	switch (esize) {
	case 1: return (int8_t)v->b[i];
	case 2: return (int16_t)v->w[i];
	case 4: return (int32_t)v->d[i];
	default: return (int64_t)v->q[i];
	}
}

static void put(union x86_xmm *v, unsigned esize, unsigned i, uint64_t x)
{
	switch (esize) {
	case 1: v->b[i] = (uint8_t)x; break;
	case 2: v->w[i] = (uint16_t)x; break;
	case 4: v->d[i] = (uint32_t)x; break;
	default: v->q[i] = x; break;
	}
}

static uint64_t sat_s(int64_t v, unsigned esize)
{
	int64_t max = (int64_t)((1ull << (8 * esize - 1)) - 1), min = -max - 1;

	return (uint64_t)(v > max ? max : v < min ? min : v);
}

static uint64_t sat_u(int64_t v, unsigned esize)
{
	int64_t max = (int64_t)((1ull << (8 * esize)) - 1);

	return (uint64_t)(v > max ? max : v < 0 ? 0 : v);
}

enum lane_kind {
	LK_ADD, LK_SUB, LK_ADDS, LK_SUBS, LK_ADDUS, LK_SUBUS, LK_EQ, LK_GT,
	LK_AVG, LK_MAXS, LK_MINS, LK_MAXU, LK_MINU, LK_MULLO, LK_MULHI,
	LK_MULHU, LK_MULHRS, LK_ABS, LK_SIGN,
};

static uint64_t lane_op(enum lane_kind k, unsigned esize, int64_t a,
			int64_t b, uint64_t ua, uint64_t ub)
{
	uint64_t ones = esize == 8 ? ~0ull : (1ull << (8 * esize)) - 1;

	switch (k) {
	case LK_ADD: return ua + ub;
	case LK_SUB: return ua - ub;
	case LK_ADDS: return sat_s(a + b, esize);
	case LK_SUBS: return sat_s(a - b, esize);
	case LK_ADDUS: return sat_u((int64_t)(ua + ub), esize);
	case LK_SUBUS: return sat_u((int64_t)ua - (int64_t)ub, esize);
	case LK_EQ: return ua == ub ? ones : 0;
	case LK_GT: return a > b ? ones : 0;
	case LK_AVG: return (ua + ub + 1) >> 1;
	case LK_MAXS: return (uint64_t)(a > b ? a : b);
	case LK_MINS: return (uint64_t)(a < b ? a : b);
	case LK_MAXU: return ua > ub ? ua : ub;
	case LK_MINU: return ua < ub ? ua : ub;
	case LK_MULLO: return (uint64_t)(a * b);
	case LK_MULHI: return (uint64_t)((a * b) >> 16);
	case LK_MULHU: return (ua * ub) >> 16;
	/* PMULHRSW: the product scaled by 2^-15 and rounded */
	case LK_MULHRS: return (uint64_t)((((a * b) >> 14) + 1) >> 1);
	case LK_ABS: return (uint64_t)(b < 0 ? -b : b);
	default:	/* LK_SIGN */
		return b < 0 ? (uint64_t)-a : b == 0 ? 0 : ua;
	}
}

static void lanewise(union x86_xmm *r, const union x86_xmm *d,
		     const union x86_xmm *s, unsigned esize, unsigned bytes,
		     enum lane_kind k)
{
	unsigned i;

	for (i = 0; i < bytes / esize; i++)
		put(r, esize, i, lane_op(k, esize, get_s(d, esize, i),
					 get_s(s, esize, i), get_u(d, esize, i),
					 get_u(s, esize, i)));
}

/* PSLL/PSRL/PSRA: the count is the source's low quadword (or the
 * immediate); above the element width, zeros or the sign. */
static void shift(union x86_xmm *r, const union x86_xmm *d, uint64_t count,
		  unsigned esize, unsigned bytes, int kind)
{
	unsigned bits = 8 * esize, i;

	for (i = 0; i < bytes / esize; i++) {
		uint64_t v;

		if (kind == 2) {
			unsigned n = count > bits - 1 ? bits - 1 : (unsigned)count;

			v = (uint64_t)(get_s(d, esize, i) >> n);
		} else if (count >= bits) {
			v = 0;
		} else if (kind == 0) {
			v = get_u(d, esize, i) << count;
		} else {
			v = get_u(d, esize, i) >> count;
		}
		put(r, esize, i, v);
	}
}

/* PACKSS/PACKUS: the destination's elements then the source's, narrowed
 * to half their size with saturation. */
static void pack(union x86_xmm *r, const union x86_xmm *d,
		 const union x86_xmm *s, unsigned esize, unsigned bytes, bool us)
{
	unsigned n = bytes / esize, i, h = esize / 2;
	union x86_xmm t;

	memset(&t, 0, sizeof(t));
	for (i = 0; i < 2 * n; i++) {
		int64_t v = get_s(i < n ? d : s, esize, i % n);

		put(&t, h, i, us ? sat_u(v, h) : sat_s(v, h));
	}
	*r = t;
}

/* PUNPCKL/PUNPCKH: interleave the low (high) halves. */
static void unpack(union x86_xmm *r, const union x86_xmm *d,
		   const union x86_xmm *s, unsigned esize, unsigned bytes,
		   bool high)
{
	unsigned n = bytes / esize / 2, base = high ? n : 0, i;
	union x86_xmm t;

	memset(&t, 0, sizeof(t));
	for (i = 0; i < n; i++) {
		put(&t, esize, 2 * i, get_u(d, esize, base + i));
		put(&t, esize, 2 * i + 1, get_u(s, esize, base + i));
	}
	*r = t;
}

/* PHADD/PHSUB: adjacent pairs of the destination, then of the source. */
static void horizontal(union x86_xmm *r, const union x86_xmm *d,
		       const union x86_xmm *s, unsigned esize, unsigned bytes,
		       enum lane_kind k)
{
	unsigned half = bytes / esize / 2, i;
	union x86_xmm t;

	memset(&t, 0, sizeof(t));
	for (i = 0; i < 2 * half; i++) {
		const union x86_xmm *v = i < half ? d : s;
		unsigned j = 2 * (i % half);

		put(&t, esize, i, lane_op(k, esize, get_s(v, esize, j),
					  get_s(v, esize, j + 1),
					  get_u(v, esize, j),
					  get_u(v, esize, j + 1)));
	}
	*r = t;
}

static void bytes_shift(union x86_xmm *r, const union x86_xmm *d,
			uint64_t count, bool left)
{
	unsigned i;
	union x86_xmm t;

	memset(&t, 0, sizeof(t));
	for (i = 0; count < 16 && i < 16; i++) {
		if (left && i >= count)
			t.b[i] = d->b[i - count];
		else if (!left && i + count < 16)
			t.b[i] = d->b[i + count];
	}
	*r = t;
}

static void shuffle_words(union x86_xmm *r, const union x86_xmm *s,
			  unsigned first, unsigned imm)
{
	unsigned i;

	for (i = 0; i < 4; i++)
		r->w[first + i] = s->w[first + ((imm >> (2 * i)) & 3)];
}

void sse_int_compute(int op, union x86_xmm *r, const union x86_xmm *d,
		     const union x86_xmm *s, unsigned imm, unsigned bytes)
{
	union x86_xmm t;
	uint8_t cat[32];
	unsigned i, g;

	switch (op) {
	case SSE_PADDB: lanewise(r, d, s, 1, bytes, LK_ADD); break;
	case SSE_PADDW: lanewise(r, d, s, 2, bytes, LK_ADD); break;
	case SSE_PADDD: lanewise(r, d, s, 4, bytes, LK_ADD); break;
	case SSE_PADDQ: lanewise(r, d, s, 8, bytes, LK_ADD); break;
	case SSE_PADDSB: lanewise(r, d, s, 1, bytes, LK_ADDS); break;
	case SSE_PADDSW: lanewise(r, d, s, 2, bytes, LK_ADDS); break;
	case SSE_PADDUSB: lanewise(r, d, s, 1, bytes, LK_ADDUS); break;
	case SSE_PADDUSW: lanewise(r, d, s, 2, bytes, LK_ADDUS); break;
	case SSE_PSUBB: lanewise(r, d, s, 1, bytes, LK_SUB); break;
	case SSE_PSUBW: lanewise(r, d, s, 2, bytes, LK_SUB); break;
	case SSE_PSUBD: lanewise(r, d, s, 4, bytes, LK_SUB); break;
	case SSE_PSUBQ: lanewise(r, d, s, 8, bytes, LK_SUB); break;
	case SSE_PSUBSB: lanewise(r, d, s, 1, bytes, LK_SUBS); break;
	case SSE_PSUBSW: lanewise(r, d, s, 2, bytes, LK_SUBS); break;
	case SSE_PSUBUSB: lanewise(r, d, s, 1, bytes, LK_SUBUS); break;
	case SSE_PSUBUSW: lanewise(r, d, s, 2, bytes, LK_SUBUS); break;
	case SSE_PCMPEQB: lanewise(r, d, s, 1, bytes, LK_EQ); break;
	case SSE_PCMPEQW: lanewise(r, d, s, 2, bytes, LK_EQ); break;
	case SSE_PCMPEQD: lanewise(r, d, s, 4, bytes, LK_EQ); break;
	case SSE_PCMPGTB: lanewise(r, d, s, 1, bytes, LK_GT); break;
	case SSE_PCMPGTW: lanewise(r, d, s, 2, bytes, LK_GT); break;
	case SSE_PCMPGTD: lanewise(r, d, s, 4, bytes, LK_GT); break;
	case SSE_PMULLW: lanewise(r, d, s, 2, bytes, LK_MULLO); break;
	case SSE_PMULHW: lanewise(r, d, s, 2, bytes, LK_MULHI); break;
	case SSE_PMULHUW: lanewise(r, d, s, 2, bytes, LK_MULHU); break;
	case SSE_PMULHRSW: lanewise(r, d, s, 2, bytes, LK_MULHRS); break;
	case SSE_PAVGB: lanewise(r, d, s, 1, bytes, LK_AVG); break;
	case SSE_PAVGW: lanewise(r, d, s, 2, bytes, LK_AVG); break;
	case SSE_PMAXSW: lanewise(r, d, s, 2, bytes, LK_MAXS); break;
	case SSE_PMAXUB: lanewise(r, d, s, 1, bytes, LK_MAXU); break;
	case SSE_PMINSW: lanewise(r, d, s, 2, bytes, LK_MINS); break;
	case SSE_PMINUB: lanewise(r, d, s, 1, bytes, LK_MINU); break;
	case SSE_PABSB: lanewise(r, d, s, 1, bytes, LK_ABS); break;
	case SSE_PABSW: lanewise(r, d, s, 2, bytes, LK_ABS); break;
	case SSE_PABSD: lanewise(r, d, s, 4, bytes, LK_ABS); break;
	case SSE_PSIGNB: lanewise(r, d, s, 1, bytes, LK_SIGN); break;
	case SSE_PSIGNW: lanewise(r, d, s, 2, bytes, LK_SIGN); break;
	case SSE_PSIGND: lanewise(r, d, s, 4, bytes, LK_SIGN); break;
	case SSE_PMULUDQ:
		for (i = 0; i < bytes / 8; i++)
			r->q[i] = (uint64_t)d->d[2 * i] * s->d[2 * i];
		break;
	case SSE_PMADDWD:
		/* -32768 * -32768 twice wraps to 0x80000000 (SDM PMADDWD) */
		for (i = 0; i < bytes / 4; i++)
			r->d[i] = (uint32_t)((int32_t)(int16_t)d->w[2 * i] *
					     (int16_t)s->w[2 * i]) +
				  (uint32_t)((int32_t)(int16_t)d->w[2 * i + 1] *
					     (int16_t)s->w[2 * i + 1]);
		break;
	case SSE_PMADDUBSW:
		for (i = 0; i < bytes / 2; i++)
			r->w[i] = (uint16_t)sat_s(
				(int64_t)d->b[2 * i] * (int8_t)s->b[2 * i] +
				(int64_t)d->b[2 * i + 1] * (int8_t)s->b[2 * i + 1], 2);
		break;
	case SSE_PSADBW:
		for (g = 0; g < bytes / 8; g++) {
			uint64_t sum = 0;

			for (i = 8 * g; i < 8 * g + 8; i++)
				sum += d->b[i] > s->b[i] ? d->b[i] - s->b[i] :
							   s->b[i] - d->b[i];
			r->q[g] = sum;
		}
		break;
	case SSE_PAND: case SSE_PANDN: case SSE_POR: case SSE_PXOR:
		for (i = 0; i < bytes / 8; i++)
			r->q[i] = op == SSE_PAND ? d->q[i] & s->q[i] :
				  op == SSE_PANDN ? ~d->q[i] & s->q[i] :
				  op == SSE_POR ? d->q[i] | s->q[i] :
				  d->q[i] ^ s->q[i];
		break;
	case SSE_PSLLW: shift(r, d, s->q[0], 2, bytes, 0); break;
	case SSE_PSLLD: shift(r, d, s->q[0], 4, bytes, 0); break;
	case SSE_PSLLQ: shift(r, d, s->q[0], 8, bytes, 0); break;
	case SSE_PSRLW: shift(r, d, s->q[0], 2, bytes, 1); break;
	case SSE_PSRLD: shift(r, d, s->q[0], 4, bytes, 1); break;
	case SSE_PSRLQ: shift(r, d, s->q[0], 8, bytes, 1); break;
	case SSE_PSRAW: shift(r, d, s->q[0], 2, bytes, 2); break;
	case SSE_PSRAD: shift(r, d, s->q[0], 4, bytes, 2); break;
	case SSE_PSLLDQ: bytes_shift(r, d, imm, true); break;
	case SSE_PSRLDQ: bytes_shift(r, d, imm, false); break;
	case SSE_PACKSSWB: pack(r, d, s, 2, bytes, false); break;
	case SSE_PACKSSDW: pack(r, d, s, 4, bytes, false); break;
	case SSE_PACKUSWB: pack(r, d, s, 2, bytes, true); break;
	case SSE_PUNPCKLBW: unpack(r, d, s, 1, bytes, false); break;
	case SSE_PUNPCKLWD: unpack(r, d, s, 2, bytes, false); break;
	case SSE_PUNPCKLDQ: unpack(r, d, s, 4, bytes, false); break;
	case SSE_PUNPCKLQDQ: unpack(r, d, s, 8, bytes, false); break;
	case SSE_PUNPCKHBW: unpack(r, d, s, 1, bytes, true); break;
	case SSE_PUNPCKHWD: unpack(r, d, s, 2, bytes, true); break;
	case SSE_PUNPCKHDQ: unpack(r, d, s, 4, bytes, true); break;
	case SSE_PUNPCKHQDQ: unpack(r, d, s, 8, bytes, true); break;
	case SSE_PHADDW: horizontal(r, d, s, 2, bytes, LK_ADD); break;
	case SSE_PHADDD: horizontal(r, d, s, 4, bytes, LK_ADD); break;
	case SSE_PHADDSW: horizontal(r, d, s, 2, bytes, LK_ADDS); break;
	case SSE_PHSUBW: horizontal(r, d, s, 2, bytes, LK_SUB); break;
	case SSE_PHSUBD: horizontal(r, d, s, 4, bytes, LK_SUB); break;
	case SSE_PHSUBSW: horizontal(r, d, s, 2, bytes, LK_SUBS); break;
	case SSE_PEXTRW:
		/* a general register: the word zero-extended */
		memset(r, 0, sizeof(*r));
		r->d[0] = s->w[imm & (bytes / 2 - 1)];
		break;
	case SSE_PINSRW:
		*r = *d;
		r->w[imm & (bytes / 2 - 1)] = s->w[0];
		break;
	case SSE_PSHUFD:
		for (i = 0; i < 4; i++)
			t.d[i] = s->d[(imm >> (2 * i)) & 3];
		*r = t;
		break;
	case SSE_PSHUFHW:
		*r = *s;
		shuffle_words(r, s, 4, imm);
		break;
	case SSE_PSHUFLW: case SSE_PSHUFW:
		*r = *s;
		shuffle_words(r, s, 0, imm);
		break;
	case SSE_PSHUFB:
		for (i = 0; i < bytes; i++)
			t.b[i] = (s->b[i] & 0x80) ? 0 : d->b[s->b[i] & (bytes - 1)];
		for (i = 0; i < bytes; i++)
			r->b[i] = t.b[i];
		break;
	case SSE_PALIGNR:
		/* destination:source shifted right by imm bytes */
		memcpy(cat, s->b, bytes);
		memcpy(cat + bytes, d->b, bytes);
		for (i = 0; i < bytes; i++)
			r->b[i] = i + imm < 2 * bytes ? cat[i + imm] : 0;
		break;
	default:
		break;
	}
}
