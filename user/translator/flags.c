// SPDX-License-Identifier: GPL-2.0-only
/*
 * Lazy flag evaluation; see flags.h.
 */
#include "flags.h"

#include "cpu.h"

static const uint8_t parity_table[256] = {
#define P2(n) n, n ^ 1, n ^ 1, n
#define P4(n) P2(n), P2(n ^ 1), P2(n ^ 1), P2(n)
#define P6(n) P4(n), P4(n ^ 1), P4(n ^ 1), P4(n)
	P6(1), P6(0), P6(0), P6(1)
};

uint32_t cc_parity(uint32_t v)
{
	return parity_table[v & 0xff] ? CC_P : 0;
}

uint32_t cc_compute_all(const struct x86_cpu *cpu)
{
	unsigned size = CC_SIZE(cpu->cc_op), bits = 8u << size;
	uint32_t mask = bits == 32 ? ~0u : (1u << bits) - 1;
	uint32_t sign = 1u << (bits - 1);
	uint32_t dst = cpu->cc_dst & mask, src = cpu->cc_src & mask;
	uint32_t src1, cf = 0, of = 0, af = 0;
	uint32_t zf = dst ? 0 : CC_Z, sf = (dst & sign) ? CC_S : 0;

	switch (CC_KIND(cpu->cc_op)) {
	case CC_K_EFLAGS:
		return cpu->cc_src & CC_MASK;
	case CC_K_ADD:
	case CC_K_ADC: {
		uint32_t carry = CC_KIND(cpu->cc_op) == CC_K_ADC ? cpu->cc_src2 & 1 : 0;

		src1 = (dst - src - carry) & mask;
		cf = carry ? dst <= src1 : dst < src1;
		of = ((src1 ^ src ^ sign) & (dst ^ src) & sign) != 0;
		af = (src1 ^ src ^ dst) & CC_A;
		break;
	}
	case CC_K_SUB:
	case CC_K_SBB: {
		uint32_t borrow = CC_KIND(cpu->cc_op) == CC_K_SBB ? cpu->cc_src2 & 1 : 0;

		src1 = (dst + src + borrow) & mask;
		cf = borrow ? src1 <= src : src1 < src;
		of = ((src1 ^ src) & (src1 ^ dst) & sign) != 0;
		af = (src1 ^ src ^ dst) & CC_A;
		break;
	}
	case CC_K_LOGIC:
		break;
	case CC_K_INC:
		cf = cpu->cc_src & 1;
		of = dst == sign;
		af = (dst ^ (dst - 1)) & CC_A;
		break;
	case CC_K_DEC:
		cf = cpu->cc_src & 1;
		of = dst == sign - 1;
		af = (dst ^ (dst + 1)) & CC_A;
		break;
	case CC_K_SHL:
		cf = (src & sign) != 0;
		of = ((dst ^ src) & sign) != 0;
		break;
	case CC_K_SAR:
		cf = cpu->cc_src & 1;
		/* OF is defined for count 1 only: src is then the operand, so
		 * this gives msb(operand) for shr and 0 for sar. */
		of = ((src ^ dst) & sign) != 0;
		break;
	case CC_K_MUL:
		cf = of = cpu->cc_src != 0;
		break;
	}
	return (cf ? CC_C : 0) | cc_parity(dst) | af | zf | sf | (of ? CC_O : 0);
}

uint32_t cc_compute_c(const struct x86_cpu *cpu)
{
	return cc_compute_all(cpu) & CC_C;
}
