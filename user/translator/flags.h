/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Lazy arithmetic flags.  An instruction that sets flags records how
 * (cc_op) and its operands (cc_dst = result, cc_src = second operand, and
 * cc_src2 = carry in for adc/sbb); CF, PF, AF, ZF, SF and OF are computed
 * only when something reads them.  Formulas: SDM Vol. 1 Appendix A and each
 * instruction's "Flags Affected".
 */
#ifndef RINGVM_TRANSLATOR_FLAGS_H
#define RINGVM_TRANSLATOR_FLAGS_H

#include <stdint.h>

struct x86_cpu;

/* cc_op = kind * 4 + size (0: 8 bits, 1: 16, 2: 32) */
enum cc_kind {
	CC_K_EFLAGS,	/* flags are in cc_src as EFLAGS bits */
	CC_K_ADD,	/* dst = src1 + src */
	CC_K_ADC,	/* dst = src1 + src + src2 */
	CC_K_SUB,	/* dst = src1 - src */
	CC_K_SBB,	/* dst = src1 - src - src2 */
	CC_K_LOGIC,	/* CF = OF = 0 */
	CC_K_INC,	/* src = CF before */
	CC_K_DEC,	/* src = CF before */
	CC_K_SHL,	/* src = operand << (count - 1) */
	CC_K_SAR,	/* src = operand >> (count - 1) (shr and sar) */
	CC_K_MUL,	/* CF = OF = (src != 0); src = the high half test */
	CC_K_COUNT,
};

#define CC_OP(kind, size) ((kind) * 4 + (size))
#define CC_OP_EFLAGS CC_OP(CC_K_EFLAGS, 0)
#define CC_KIND(op) ((op) >> 2)
#define CC_SIZE(op) ((op) & 3)

uint32_t cc_compute_all(const struct x86_cpu *cpu);
uint32_t cc_compute_c(const struct x86_cpu *cpu);
/* PF for a result: CC_P when its low byte has an even number of ones. */
uint32_t cc_parity(uint32_t v);

#endif
