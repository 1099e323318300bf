/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * SSE, SSE2, SSE3 and SSSE3: what the frontend (gen_sse.c) and the helpers
 * (helpers_sse.c, helpers_sse_int.c) share.
 *
 * As for MMX, every instruction is one call of helper_sse, which checks
 * CR0 and CR4 first, then reads its memory operand, computes, raises a
 * SIMD floating-point exception if one is unmasked, and only then writes
 * its destination (SDM Vol. 1 §11.5.1, Vol. 3A §6.9 priorities).
 */
#ifndef RINGVM_TRANSLATOR_SSE_H
#define RINGVM_TRANSLATOR_SSE_H

#include <stdint.h>

#include "cpu.h"

/* MXCSR (SDM Vol. 1 §10.2.3, Figure 10-3) */
#define MXCSR_IE	0x0001u
#define MXCSR_DE	0x0002u
#define MXCSR_ZE	0x0004u
#define MXCSR_OE	0x0008u
#define MXCSR_UE	0x0010u
#define MXCSR_PE	0x0020u
#define MXCSR_DAZ	0x0040u
#define MXCSR_MASK_SHIFT 7		/* IM..PM: bits 7-12 */
#define MXCSR_RC_SHIFT	13
#define MXCSR_FTZ	0x8000u
#define MXCSR_RESET	0x1f80u
/* The bits this CPU implements: FXSAVE's MXCSR_MASK field (§11.6.6). */
#define MXCSR_WRITABLE	0xffffu

/* Operand kinds of the descriptor */
enum sse_kind { SK_NONE, SK_XMM, SK_MM, SK_GPR, SK_MEM, SK_IMM };

/* Shapes of the floating-point operations */
enum sse_shape { SH_PS, SH_SS, SH_PD, SH_SD };

/*
 * The descriptor, helper_sse's b:
 *   bits 0-2 the destination register (XMM, MMX), 3-5 the source one;
 *   11-19 the memory operand as x87.h's XD_SEG, XD_MMU, XD_MEM, XD_ADDR32;
 *   20-22 the destination kind, 23-25 the source kind (enum sse_kind);
 *   26-28 log2 of the memory operand's size; 29 it must be 16-byte
 *   aligned; 30 #UD without CR4.OSFXSR (all but PSHUFW, MOVNTQ); 31 it names an
 *   MMX register (x87 pending check, then the MMX transition);
 *   32-40 enum sse_op; 48-55 the immediate; 56-57 enum sse_shape.
 * a is the effective address, or the source general register's value;
 * the helper returns the value of a general register destination.
 */
#define SD_DST(d)	((int)(d) & 7)
#define SD_SRC(d)	((int)((d) >> 3) & 7)
#define SD_DKIND(d)	((int)((d) >> 20) & 7)
#define SD_SKIND(d)	((int)((d) >> 23) & 7)
#define SD_MSIZE(d)	(1u << (((d) >> 26) & 7))
#define SD_ALIGN	(1ull << 29)
#define SD_XMM		(1ull << 30)
#define SD_MM		(1ull << 31)
#define SD_OP(d)	((int)((d) >> 32) & 0x1ff)
#define SD_IMM(d)	((unsigned)((d) >> 48) & 0xff)
#define SD_SHAPE(d)	((int)((d) >> 56) & 3)
#define SD_MK(op, dk, sk) ((uint64_t)(op) << 32 | (uint64_t)(dk) << 20 | \
			   (uint64_t)(sk) << 23)

enum sse_op {
	/* data movement */
	SSE_MOV,	/* the whole register or memory operand */
	SSE_MOVSS, SSE_MOVSD, SSE_MOVD, SSE_MOVQ,
	SSE_MOVLP, SSE_MOVHP, SSE_MOVHLPS, SSE_MOVLHPS,
	SSE_MOVQ2DQ, SSE_MOVDQ2Q,
	SSE_MOVMSKPS, SSE_MOVMSKPD, SSE_PMOVMSKB,
	SSE_MOVDDUP, SSE_MOVSHDUP, SSE_MOVSLDUP,
	SSE_MASKMOV,
	SSE_LDMXCSR, SSE_STMXCSR,
	SSE_CLFLUSH,	/* the checks of a byte access, no CR0 checks */
	/* floating point, in every shape */
	SSE_ADD, SSE_SUB, SSE_MUL, SSE_DIV, SSE_MIN, SSE_MAX, SSE_SQRT,
	SSE_RCP, SSE_RSQRT,
	SSE_ADDSUB, SSE_HADD, SSE_HSUB,
	SSE_CMP,	/* predicate in the immediate */
	SSE_COMI, SSE_UCOMI,
	SSE_AND, SSE_ANDN, SSE_OR, SSE_XOR,
	SSE_SHUFPS, SSE_SHUFPD,
	SSE_UNPCKLPS, SSE_UNPCKHPS, SSE_UNPCKLPD, SSE_UNPCKHPD,
	/* conversions */
	SSE_CVTPI2PS, SSE_CVTSI2SS, SSE_CVTPS2PI, SSE_CVTTPS2PI,
	SSE_CVTSS2SI, SSE_CVTTSS2SI,
	SSE_CVTPI2PD, SSE_CVTSI2SD, SSE_CVTPD2PI, SSE_CVTTPD2PI,
	SSE_CVTSD2SI, SSE_CVTTSD2SI,
	SSE_CVTPS2PD, SSE_CVTPD2PS, SSE_CVTSS2SD, SSE_CVTSD2SS,
	SSE_CVTDQ2PS, SSE_CVTPS2DQ, SSE_CVTTPS2DQ,
	SSE_CVTDQ2PD, SSE_CVTPD2DQ, SSE_CVTTPD2DQ,
	SSE_FP_END,
	/* integer (helpers_sse_int.c): on XMM or MMX registers */
	SSE_PADDB = SSE_FP_END, SSE_PADDW, SSE_PADDD, SSE_PADDQ,
	SSE_PADDSB, SSE_PADDSW, SSE_PADDUSB, SSE_PADDUSW,
	SSE_PSUBB, SSE_PSUBW, SSE_PSUBD, SSE_PSUBQ,
	SSE_PSUBSB, SSE_PSUBSW, SSE_PSUBUSB, SSE_PSUBUSW,
	SSE_PCMPEQB, SSE_PCMPEQW, SSE_PCMPEQD,
	SSE_PCMPGTB, SSE_PCMPGTW, SSE_PCMPGTD,
	SSE_PMULLW, SSE_PMULHW, SSE_PMULHUW, SSE_PMULUDQ, SSE_PMADDWD,
	SSE_PAND, SSE_PANDN, SSE_POR, SSE_PXOR,
	SSE_PSLLW, SSE_PSLLD, SSE_PSLLQ, SSE_PSRLW, SSE_PSRLD, SSE_PSRLQ,
	SSE_PSRAW, SSE_PSRAD, SSE_PSLLDQ, SSE_PSRLDQ,
	SSE_PACKSSWB, SSE_PACKSSDW, SSE_PACKUSWB,
	SSE_PUNPCKLBW, SSE_PUNPCKLWD, SSE_PUNPCKLDQ, SSE_PUNPCKLQDQ,
	SSE_PUNPCKHBW, SSE_PUNPCKHWD, SSE_PUNPCKHDQ, SSE_PUNPCKHQDQ,
	SSE_PAVGB, SSE_PAVGW, SSE_PSADBW,
	SSE_PMAXSW, SSE_PMAXUB, SSE_PMINSW, SSE_PMINUB,
	SSE_PEXTRW, SSE_PINSRW,
	SSE_PSHUFD, SSE_PSHUFHW, SSE_PSHUFLW, SSE_PSHUFW,
	SSE_PSHUFB, SSE_PALIGNR,
	SSE_PHADDW, SSE_PHADDD, SSE_PHADDSW, SSE_PHSUBW, SSE_PHSUBD,
	SSE_PHSUBSW,
	SSE_PABSB, SSE_PABSW, SSE_PABSD, SSE_PSIGNB, SSE_PSIGNW, SSE_PSIGND,
	SSE_PMULHRSW, SSE_PMADDUBSW,
	SSE_OP_COUNT
};

/* The integer operations: @d op= @s on @bytes (8: MMX, 16: XMM) bytes. */
void sse_int_compute(int op, union x86_xmm *r, const union x86_xmm *d,
		     const union x86_xmm *s, unsigned imm, unsigned bytes);

#endif
