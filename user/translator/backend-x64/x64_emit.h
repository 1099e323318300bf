/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * A small x86-64 instruction emitter: just the instructions the x64
 * backend generates, encoded as the Intel SDM Vol. 2 (§2.1-2.2: legacy
 * prefixes, REX, ModR/M, SIB) describes them.
 *
 * Errors are sticky, as in the IR builder: when the buffer is full the
 * emitter records -ENOSPC and ignores later calls; x64_asm_error() tells.
 * An operand of the r/m kind is a struct x64_rm: a register, or memory at
 * base + index * scale + disp (no RIP-relative forms: all our addresses
 * are a base register plus an offset, or absolute in a register).
 */
#ifndef RINGVM_TRANSLATOR_BACKEND_X64_X64_EMIT_H
#define RINGVM_TRANSLATOR_BACKEND_X64_X64_EMIT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

enum x64_reg {
	X64_RAX, X64_RCX, X64_RDX, X64_RBX, X64_RSP, X64_RBP, X64_RSI, X64_RDI,
	X64_R8, X64_R9, X64_R10, X64_R11, X64_R12, X64_R13, X64_R14, X64_R15,
	X64_NOREG = -1,
};

/* Condition codes: the low nibble of Jcc/SETcc (SDM Vol. 1 Appendix B). */
enum x64_cc {
	X64_CC_O, X64_CC_NO, X64_CC_B, X64_CC_AE, X64_CC_E, X64_CC_NE,
	X64_CC_BE, X64_CC_A, X64_CC_S, X64_CC_NS, X64_CC_P, X64_CC_NP,
	X64_CC_L, X64_CC_GE, X64_CC_LE, X64_CC_G,
};

/* The eight ALU operations sharing opcodes 00-3F and 80-83 /digit. */
enum x64_alu {
	X64_ADD, X64_OR, X64_ADC, X64_SBB, X64_AND, X64_SUB, X64_XOR, X64_CMP,
};

/* Shifts and rotates: C1/D3 /digit. */
enum x64_shift {
	X64_ROL = 0, X64_ROR = 1, X64_SHL = 4, X64_SHR = 5, X64_SAR = 7,
};

struct x64_rm {
	bool is_reg;
	int8_t reg;		/* is_reg: the register */
	int8_t base, index;	/* memory: index X64_NOREG for none */
	uint8_t scale;		/* 1, 2, 4 or 8 */
	int32_t disp;
};

static inline struct x64_rm x64_r(int reg)
{
	return (struct x64_rm){ .is_reg = true, .reg = (int8_t)reg };
}

static inline struct x64_rm x64_m(int base, int32_t disp)
{
	return (struct x64_rm){ .base = (int8_t)base, .index = X64_NOREG,
				.scale = 1, .disp = disp };
}

static inline struct x64_rm x64_mi(int base, int index, int scale, int32_t disp)
{
	return (struct x64_rm){ .base = (int8_t)base, .index = (int8_t)index,
				.scale = (uint8_t)scale, .disp = disp };
}

struct x64_asm {
	uint8_t *buf;
	size_t len, cap;
	int err;		/* sticky: 0 or -ENOSPC */
};

void x64_asm_init(struct x64_asm *a, void *buf, size_t cap);
static inline int x64_asm_error(const struct x64_asm *a)
{
	return a->err;
}

void x64_byte(struct x64_asm *a, uint8_t v);
void x64_u32(struct x64_asm *a, uint32_t v);
/* Overwrite 4 bytes at @pos with a rel32 reaching @target (offsets). */
void x64_patch_rel32(struct x64_asm *a, size_t pos, size_t target);

/* Sizes in bytes of an operation: 1, 2, 4 or 8. */
void x64_mov_rm_load(struct x64_asm *a, int size, int reg, struct x64_rm src);
void x64_mov_store(struct x64_asm *a, int size, struct x64_rm dst, int reg);
void x64_mov_rr(struct x64_asm *a, int size, int dst, int src);
/* mov reg, imm: size 4 zero-extends; size 8 picks the shortest form. */
void x64_mov_ri(struct x64_asm *a, int size, int reg, uint64_t imm);
/* mov r/m, imm: the immediate is at most 32 bits (sign-extended to 64). */
void x64_mov_mi(struct x64_asm *a, int size, struct x64_rm dst, int32_t imm);
void x64_movzx(struct x64_asm *a, int dst_size, int src_size, int reg,
	       struct x64_rm src);
void x64_movsx(struct x64_asm *a, int dst_size, int src_size, int reg,
	       struct x64_rm src);
void x64_lea(struct x64_asm *a, int size, int reg, struct x64_rm m);

/* reg = reg op r/m; r/m = r/m op reg; r/m = r/m op imm (sign-extended) */
void x64_alu_r_rm(struct x64_asm *a, enum x64_alu op, int size, int reg,
		  struct x64_rm src);
void x64_alu_rm_r(struct x64_asm *a, enum x64_alu op, int size,
		  struct x64_rm dst, int reg);
void x64_alu_rm_i(struct x64_asm *a, enum x64_alu op, int size,
		  struct x64_rm dst, int32_t imm);
void x64_test_rm_i(struct x64_asm *a, int size, struct x64_rm dst, int32_t imm);
void x64_shift_i(struct x64_asm *a, enum x64_shift op, int size,
		 struct x64_rm dst, uint8_t count);
void x64_shift_cl(struct x64_asm *a, enum x64_shift op, int size,
		  struct x64_rm dst);
void x64_neg(struct x64_asm *a, int size, struct x64_rm dst);
void x64_not(struct x64_asm *a, int size, struct x64_rm dst);
void x64_imul(struct x64_asm *a, int size, int reg, struct x64_rm src);
void x64_bswap(struct x64_asm *a, int size, int reg);
void x64_setcc(struct x64_asm *a, enum x64_cc cc, int reg);

void x64_push(struct x64_asm *a, int reg);
void x64_pop(struct x64_asm *a, int reg);
void x64_call_r(struct x64_asm *a, int reg);
void x64_jmp_r(struct x64_asm *a, int reg);
void x64_ret(struct x64_asm *a);
/* Jumps with a rel32 to patch: return the rel32's offset in the buffer.
 * @target is a buffer offset, or (size_t)-1 to patch later. */
size_t x64_jmp(struct x64_asm *a, size_t target);
size_t x64_jcc(struct x64_asm *a, enum x64_cc cc, size_t target);

#endif
