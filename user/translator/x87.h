/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The x87 FPU and MMX: what the frontend (gen_x87.c, gen_mmx.c) and the
 * helpers (helpers_x87.c, helpers_x87_env.c, helpers_mmx.c) share.
 *
 * The frontend decodes an instruction into an operation and a descriptor
 * (the helpers' second argument); the helpers do all the work, memory
 * accesses included, so that #NM, #UD and a pending #MF come before any
 * fault on the memory operand (SDM Vol. 3A §6.9, priorities 5-7 vs 9).
 */
#ifndef RINGVM_TRANSLATOR_X87_H
#define RINGVM_TRANSLATOR_X87_H

#include <stdbool.h>
#include <stdint.h>

#include "cpu.h"

/* Status word (SDM Vol. 1 §8.1.3, Figure 8-4) */
#define FSW_IE		0x0001u
#define FSW_DE		0x0002u
#define FSW_ZE		0x0004u
#define FSW_OE		0x0008u
#define FSW_UE		0x0010u
#define FSW_PE		0x0020u
#define FSW_SF		0x0040u
#define FSW_ES		0x0080u
#define FSW_C0		0x0100u
#define FSW_C1		0x0200u
#define FSW_C2		0x0400u
#define FSW_TOP_SHIFT	11
#define FSW_C3		0x4000u
#define FSW_B		0x8000u
#define FSW_EXC		0x003fu	/* IE..PE: the maskable exceptions */
#define FSW_CC		(FSW_C0 | FSW_C1 | FSW_C2 | FSW_C3)

/* Control word (§8.1.5, Figure 8-6): masks in bits 0-5, PC 8-9, RC 10-11,
 * X 12.  Bit 6 reads as 1 and bits 7, 13-15 as 0 (as FNSTCW shows after
 * FLDCW on the processors compared). */
#define FCW_WRITABLE	0x1f3fu
#define FCW_ONE		0x0040u
#define FCW_INIT	0x037fu		/* after FNINIT */

/* --- the descriptor: b of helper_x87 / helper_x87_env / helper_mmx ---
 * bits 0-10 the x87 opcode (FOP), 11-14 the memory operand's segment,
 * 15-16 its MMU index, 17 a memory operand, 18 32-bit operand size, 19
 * 32-bit addressing, 20-23 enum x87_fmt, 24-25 the pops after the
 * operation, 32-39 enum x87_op or mmx_op, 40 MMX: a 32-bit memory operand.
 */
#define XD_FOP(d)	((unsigned)(d) & 0x7ffu)
#define XD_SEG(d)	((int)((d) >> 11) & 15)
#define XD_MMU(d)	((int)((d) >> 15) & 3)
#define XD_MEM		(1ull << 17)
#define XD_OP32		(1ull << 18)
#define XD_ADDR32	(1ull << 19)
#define XD_FMT(d)	((int)((d) >> 20) & 15)
#define XD_POP(d)	((int)((d) >> 24) & 3)
#define XD_OP(d)	((int)((d) >> 32) & 0xff)
#define XD_MEM32	(1ull << 40)
#define XD_MK(op, fmt, pop) \
	((uint64_t)(op) << 32 | (uint64_t)(fmt) << 20 | (uint64_t)(pop) << 24)
#define XD_MKSEG(seg, mmu) ((uint64_t)(seg) << 11 | (uint64_t)(mmu) << 15)

/* The operand of an x87 instruction. */
enum x87_fmt {
	X87_REG,	/* ST(i), i = fop & 7 */
	X87_M16I, X87_M32I, X87_M64I,
	X87_M32F, X87_M64F, X87_M80F,
	X87_M80BCD,
};

enum x87_op {
	/* D8/DC/DA/DE: the reg field of fop selects fadd fmul fcom fcomp
	 * fsub fsubr fdiv fdivr; register forms of DC/DE write ST(i) */
	X87_ARITH,
	X87_UCOM,	/* fucom, fucomp, fucompp */
	X87_COMI,	/* fcomi, fcomip */
	X87_UCOMI,	/* fucomi, fucomip */
	X87_LD, X87_ILD, X87_BLD, X87_LDCONST,
	X87_ST, X87_IST, X87_ISTTP, X87_BSTP,
	X87_XCH, X87_FREE, X87_NOP, X87_CHS, X87_ABS, X87_TST, X87_XAM,
	X87_CMOV,	/* c = the condition (0/1), computed by the frontend */
	X87_INCSTP, X87_DECSTP,
	X87_2XM1, X87_YL2X, X87_PTAN, X87_PATAN, X87_XTRACT, X87_PREM1,
	X87_PREM, X87_YL2XP1, X87_SQRT, X87_SINCOS, X87_RNDINT, X87_SCALE,
	X87_SIN, X87_COS,
	/* control instructions: FIP, FDP and FOP are not updated */
	X87_CONTROL,
	X87_INIT = X87_CONTROL, X87_CLEX, X87_LDCW, X87_STCW, X87_STSW,
	X87_STSW_AX, X87_WAIT,
	X87_CTL_NOP,	/* fneni, fndisi, fnsetpm: no-ops since the 80387 */
	/* helpers_x87_env.c */
	X87_LDENV, X87_STENV, X87_RSTOR, X87_SAVE, X87_FXSAVE, X87_FXRSTOR,
};

/* The non-waiting instructions: they do not deliver a pending exception
 * (SDM Vol. 1 §8.3.11-12, §8.6). */
static inline bool x87_op_waits(int op)
{
	switch (op) {
	case X87_INIT: case X87_CLEX: case X87_STCW: case X87_STSW:
	case X87_STSW_AX: case X87_STENV: case X87_SAVE: case X87_CTL_NOP:
	case X87_FXSAVE: case X87_FXRSTOR:
		return false;
	default:
		return true;
	}
}

enum mmx_op {
	MMX_MOVD_TO,	/* movd mm, r/m32 (a = the register's value) */
	MMX_MOVD_FROM,	/* movd r/m32, mm (returns it for a register) */
	MMX_MOVQ_TO,	/* movq mm, mm/m64 */
	MMX_MOVQ_FROM,	/* movq mm/m64, mm */
	MMX_PADDB, MMX_PADDW, MMX_PADDD,
	MMX_PADDSB, MMX_PADDSW, MMX_PADDUSB, MMX_PADDUSW,
	MMX_PSUBB, MMX_PSUBW, MMX_PSUBD,
	MMX_PSUBSB, MMX_PSUBSW, MMX_PSUBUSB, MMX_PSUBUSW,
	MMX_PCMPEQB, MMX_PCMPEQW, MMX_PCMPEQD,
	MMX_PCMPGTB, MMX_PCMPGTW, MMX_PCMPGTD,
	MMX_PMULLW, MMX_PMULHW, MMX_PMADDWD,
	MMX_PAND, MMX_PANDN, MMX_POR, MMX_PXOR,
	MMX_PSLLW, MMX_PSLLD, MMX_PSLLQ,
	MMX_PSRLW, MMX_PSRLD, MMX_PSRLQ,
	MMX_PSRAW, MMX_PSRAD,
	MMX_PACKSSWB, MMX_PACKSSDW, MMX_PACKUSWB,
	MMX_PUNPCKHBW, MMX_PUNPCKHWD, MMX_PUNPCKHDQ,
	MMX_PUNPCKLBW, MMX_PUNPCKLWD, MMX_PUNPCKLDQ,
	MMX_EMMS,
};
/* helper_mmx: descriptor bits 0-2 the destination MMX register, 3-5 the
 * source one; a = effective address, or the source general register;
 * c = the immediate shift count (MMX_IMM: a count in c, not an operand). */
#define XD_MMX_DST(d)	((int)(d) & 7)
#define XD_MMX_SRC(d)	((int)((d) >> 3) & 7)
#define XD_MMX_IMM	(1ull << 41)

/* --- shared by the helper files (helpers_x87.c) --- */

/* #NM / #UD for x87 (SDM Vol. 3A §2.5 CR0.EM/MP/TS, Table 2-2). */
void x87_check_avail(struct x86_cpu *cpu, bool wait);
/* A waiting instruction: deliver an unmasked exception left pending by an
 * earlier one: #MF with CR0.NE=1, else FERR#. */
void x87_check_pending(struct x86_cpu *cpu);
/* FSW with TOP; loading one (also recomputes ES and B). */
uint16_t x87_get_fsw(const struct x86_cpu *cpu);
void x87_set_fsw(struct x86_cpu *cpu, uint16_t v);
void x87_set_fcw(struct x86_cpu *cpu, uint16_t v);
/* ES and B follow the unmasked exception flags; FERR# follows ES. */
void x87_update_es(struct x86_cpu *cpu);
/* The full tag word (2 bits per physical register, §8.1.7) and loading
 * one: 11 is empty, the rest non-empty. */
uint16_t x87_get_ftw(const struct x86_cpu *cpu);
void x87_set_ftw(struct x86_cpu *cpu, uint16_t v);
void x87_fninit(struct x86_cpu *cpu);

/* Guest memory at the descriptor's segment, ea + off (16-bit addressing
 * wraps at 64 KiB); x87_probe() faults now for an access of @len bytes
 * so that the stores after it cannot fault halfway. */
void x87_probe(struct x86_cpu *cpu, uint64_t desc, uint32_t ea, unsigned len,
	       bool write);
uint64_t x87_ld(struct x86_cpu *cpu, uint64_t desc, uint32_t ea, unsigned off,
		unsigned size);
void x87_st(struct x86_cpu *cpu, uint64_t desc, uint32_t ea, unsigned off,
	    uint64_t v, unsigned size);
f80 x87_ld80(struct x86_cpu *cpu, uint64_t desc, uint32_t ea, unsigned off);
void x87_st80(struct x86_cpu *cpu, uint64_t desc, uint32_t ea, unsigned off,
	      f80 v);

#endif
