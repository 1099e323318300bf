// SPDX-License-Identifier: GPL-2.0-only
/*
 * MMX (SDM Vol. 1 ch. 9, Vol. 2 per instruction).  The eight MMX
 * registers are the significands of the x87 physical registers R0-R7
 * (§9.5): every MMX instruction sets TOP to 0 and all tags to valid, a
 * write to MMn also sets the exponent and sign of Rn to all ones, and EMMS
 * marks all registers empty (Table 9-2).  CR0.EM makes them #UD, CR0.TS
 * #NM, and a pending x87 exception is delivered first (§9.5.1, Vol. 3A
 * Table 12-1).
 */
#include "helpers.h"
#include "softmmu.h"
#include "x87.h"

/* Lanes of @bits in a 64-bit register; signed and unsigned saturation. */
static uint64_t lane(uint64_t v, int bits, int i)
{
	return (v >> (i * bits)) & (bits == 64 ? ~0ull : (1ull << bits) - 1);
}

static int64_t slane(uint64_t v, int bits, int i)
{
	uint64_t u = lane(v, bits, i);

	return bits == 64 ? (int64_t)u : (int64_t)(u << (64 - bits)) >> (64 - bits);
}

static uint64_t sat_s(int64_t v, int bits)
{
	int64_t max = (1ll << (bits - 1)) - 1, min = -max - 1;

	if (v > max)
		v = max;
	if (v < min)
		v = min;
	return (uint64_t)v & ((1ull << bits) - 1);
}

static uint64_t sat_u(int64_t v, int bits)
{
	int64_t max = (1ll << bits) - 1;

	if (v > max)
		v = max;
	if (v < 0)
		v = 0;
	return (uint64_t)v;
}

enum lane_op { L_ADD, L_SUB, L_ADDS, L_SUBS, L_ADDUS, L_SUBUS, L_EQ, L_GT };

static uint64_t lanewise(uint64_t x, uint64_t y, int bits, enum lane_op op)
{
	uint64_t r = 0, mask = (1ull << bits) - 1, v = 0;
	int i;

	for (i = 0; i < 64 / bits; i++) {
		int64_t a = slane(x, bits, i), b = slane(y, bits, i);
		uint64_t ua = lane(x, bits, i), ub = lane(y, bits, i);

		switch (op) {
		case L_ADD: v = (ua + ub) & mask; break;
		case L_SUB: v = (ua - ub) & mask; break;
		case L_ADDS: v = sat_s(a + b, bits); break;
		case L_SUBS: v = sat_s(a - b, bits); break;
		case L_ADDUS: v = sat_u((int64_t)(ua + ub), bits); break;
		case L_SUBUS: v = sat_u((int64_t)ua - (int64_t)ub, bits); break;
		case L_EQ: v = ua == ub ? mask : 0; break;
		case L_GT: v = a > b ? mask : 0; break;
		}
		r |= v << (i * bits);
	}
	return r;
}

/* Shifts: a count above the lane width gives 0 (logical) or the sign
 * (arithmetic); the count is the whole 64-bit source (SDM PSLLW...). */
static uint64_t shift(uint64_t x, uint64_t count, int bits, int kind)
{
	uint64_t r = 0, mask = bits == 64 ? ~0ull : (1ull << bits) - 1;
	int i;

	for (i = 0; i < 64 / bits; i++) {
		uint64_t v;

		if (kind == 2) {	/* arithmetic right */
			unsigned n = count > (uint64_t)bits - 1 ? (unsigned)bits - 1 :
								   (unsigned)count;

			v = (uint64_t)(slane(x, bits, i) >> n) & mask;
		} else if (count >= (uint64_t)bits) {
			v = 0;
		} else if (kind == 0) {
			v = (lane(x, bits, i) << count) & mask;
		} else {
			v = lane(x, bits, i) >> count;
		}
		r |= v << (i * bits);
	}
	return r;
}

/* packsswb/packssdw/packuswb: x's lanes then y's, narrowed. */
static uint64_t pack(uint64_t x, uint64_t y, int bits, bool us)
{
	int n = 64 / bits, i, half = bits / 2;
	uint64_t r = 0;

	for (i = 0; i < 2 * n; i++) {
		int64_t v = slane(i < n ? x : y, bits, i % n);

		r |= (us ? sat_u(v, half) : sat_s(v, half)) << (i * half);
	}
	return r;
}

/* punpckl/h: interleave the low (high) halves' lanes of x and y. */
static uint64_t unpack(uint64_t x, uint64_t y, int bits, bool high)
{
	int n = 32 / bits, i, base = high ? n : 0;
	uint64_t r = 0;

	for (i = 0; i < n; i++) {
		r |= lane(x, bits, base + i) << (2 * i * bits);
		r |= lane(y, bits, base + i) << ((2 * i + 1) * bits);
	}
	return r;
}

static uint64_t pmul(uint64_t x, uint64_t y, int kind)
{
	uint64_t r = 0;
	int i;

	for (i = 0; i < 4; i++) {
		int32_t p = (int32_t)slane(x, 16, i) * (int32_t)slane(y, 16, i);

		if (kind == 0)
			r |= ((uint64_t)p & 0xffff) << (16 * i);
		else
			r |= ((uint64_t)((uint32_t)p >> 16)) << (16 * i);
	}
	return r;
}

static uint64_t pmaddwd(uint64_t x, uint64_t y)
{
	uint64_t r = 0;
	int i;

	for (i = 0; i < 2; i++) {
		/* -32768 * -32768 twice wraps to 0x80000000, as the SDM says */
		uint32_t s = (uint32_t)((int32_t)slane(x, 16, 2 * i) *
					(int32_t)slane(y, 16, 2 * i)) +
			     (uint32_t)((int32_t)slane(x, 16, 2 * i + 1) *
					(int32_t)slane(y, 16, 2 * i + 1));

		r |= (uint64_t)s << (32 * i);
	}
	return r;
}

static uint64_t mmx_compute(int op, uint64_t x, uint64_t y)
{
	switch (op) {
	case MMX_PADDB: return lanewise(x, y, 8, L_ADD);
	case MMX_PADDW: return lanewise(x, y, 16, L_ADD);
	case MMX_PADDD: return lanewise(x, y, 32, L_ADD);
	case MMX_PADDSB: return lanewise(x, y, 8, L_ADDS);
	case MMX_PADDSW: return lanewise(x, y, 16, L_ADDS);
	case MMX_PADDUSB: return lanewise(x, y, 8, L_ADDUS);
	case MMX_PADDUSW: return lanewise(x, y, 16, L_ADDUS);
	case MMX_PSUBB: return lanewise(x, y, 8, L_SUB);
	case MMX_PSUBW: return lanewise(x, y, 16, L_SUB);
	case MMX_PSUBD: return lanewise(x, y, 32, L_SUB);
	case MMX_PSUBSB: return lanewise(x, y, 8, L_SUBS);
	case MMX_PSUBSW: return lanewise(x, y, 16, L_SUBS);
	case MMX_PSUBUSB: return lanewise(x, y, 8, L_SUBUS);
	case MMX_PSUBUSW: return lanewise(x, y, 16, L_SUBUS);
	case MMX_PCMPEQB: return lanewise(x, y, 8, L_EQ);
	case MMX_PCMPEQW: return lanewise(x, y, 16, L_EQ);
	case MMX_PCMPEQD: return lanewise(x, y, 32, L_EQ);
	case MMX_PCMPGTB: return lanewise(x, y, 8, L_GT);
	case MMX_PCMPGTW: return lanewise(x, y, 16, L_GT);
	case MMX_PCMPGTD: return lanewise(x, y, 32, L_GT);
	case MMX_PMULLW: return pmul(x, y, 0);
	case MMX_PMULHW: return pmul(x, y, 1);
	case MMX_PMADDWD: return pmaddwd(x, y);
	case MMX_PAND: return x & y;
	case MMX_PANDN: return ~x & y;
	case MMX_POR: return x | y;
	case MMX_PXOR: return x ^ y;
	case MMX_PSLLW: return shift(x, y, 16, 0);
	case MMX_PSLLD: return shift(x, y, 32, 0);
	case MMX_PSLLQ: return shift(x, y, 64, 0);
	case MMX_PSRLW: return shift(x, y, 16, 1);
	case MMX_PSRLD: return shift(x, y, 32, 1);
	case MMX_PSRLQ: return shift(x, y, 64, 1);
	case MMX_PSRAW: return shift(x, y, 16, 2);
	case MMX_PSRAD: return shift(x, y, 32, 2);
	case MMX_PACKSSWB: return pack(x, y, 16, false);
	case MMX_PACKSSDW: return pack(x, y, 32, false);
	case MMX_PACKUSWB: return pack(x, y, 16, true);
	case MMX_PUNPCKHBW: return unpack(x, y, 8, true);
	case MMX_PUNPCKHWD: return unpack(x, y, 16, true);
	case MMX_PUNPCKHDQ: return unpack(x, y, 32, true);
	case MMX_PUNPCKLBW: return unpack(x, y, 8, false);
	case MMX_PUNPCKLWD: return unpack(x, y, 16, false);
	default: return unpack(x, y, 32, false);	/* punpckldq */
	}
}

static void mm_write(struct x86_cpu *cpu, int r, uint64_t v)
{
	cpu->fpr[r].mant = v;
	cpu->fpr[r].se = 0xffff;
}

static uint64_t mmx_ld(struct x86_cpu *cpu, uint64_t desc, uint32_t ea)
{
	return x87_ld(cpu, desc, ea, 0, (desc & XD_MEM32) ? 4 : 8);
}

/* a: effective address or the general register's value; b: descriptor
 * (x87.h); c: immediate shift count.  Returns movd's value for a general
 * register destination. */
uint64_t helper_mmx(HELPER_ARGS)
{
	HELPER_CPU;
	uint64_t desc = b, src, ret = 0;
	uint32_t ea = (uint32_t)a;
	int op = XD_OP(desc), d = XD_MMX_DST(desc), s = XD_MMX_SRC(desc);

	if (cpu->cr[0] & CR0_EM)
		cpu_raise(cpu, EXC_UD, 0);
	if (cpu->cr[0] & CR0_TS)
		cpu_raise(cpu, EXC_NM, 0);
	x87_check_pending(cpu);

	switch (op) {
	case MMX_EMMS:
		cpu->fempty = 0xff;
		return 0;
	case MMX_MOVD_TO:
		mm_write(cpu, d, (desc & XD_MEM) ? (uint32_t)mmx_ld(cpu, desc, ea) :
						   (uint32_t)a);
		break;
	case MMX_MOVQ_TO:
		mm_write(cpu, d, (desc & XD_MEM) ? mmx_ld(cpu, desc, ea) :
						   cpu->fpr[s].mant);
		break;
	case MMX_MOVD_FROM:
	case MMX_MOVQ_FROM:
		src = cpu->fpr[s].mant;
		if (op == MMX_MOVD_FROM)
			src = (uint32_t)src;
		if (desc & XD_MEM)
			x87_st(cpu, desc, ea, 0, src, op == MMX_MOVD_FROM ? 4 : 8);
		else
			ret = src;
		break;
	default:
		if (desc & XD_MMX_IMM)
			src = c;
		else if (desc & XD_MEM)
			src = mmx_ld(cpu, desc, ea);
		else
			src = cpu->fpr[s].mant;
		mm_write(cpu, d, mmx_compute(op, cpu->fpr[d].mant, src));
		break;
	}
	cpu->ftop = 0;
	cpu->fempty = 0;
	return ret;
}
