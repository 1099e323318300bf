/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The frontend: guest x86 instructions -> IR.  Zydis decodes; the semantic
 * functions in gen_*.c, one file per instruction family, emit IR through
 * the helpers declared here.  This header is private to the frontend.
 */
#ifndef RINGVM_TRANSLATOR_TRANSLATE_H
#define RINGVM_TRANSLATOR_TRANSLATE_H

#include <stdbool.h>
#include <stdint.h>

#include <Zydis/Zydis.h>

#include "cpu.h"
#include "ir.h"
#include "tb.h"

/* Globals: the first temps of every block, in this order. */
enum {
	G_EAX, G_ECX, G_EDX, G_EBX, G_ESP, G_EBP, G_ESI, G_EDI,
	G_EIP, G_CC_OP, G_CC_DST, G_CC_SRC, G_CC_SRC2, G_DF, G_EFLAGS,
	G_COUNT
};

/* How a translated instruction ends the TB. */
enum dc_end {
	DC_NEXT,	/* continue with the next instruction */
	DC_JUMP,	/* the instruction stored eip and emitted the exit */
	DC_STOP,	/* store eip = next insn and exit (mode may have changed) */
};

/* The state of translating one TB. */
struct dc {
	struct x86_cpu *cpu;
	struct ir_block *b;
	struct tb *tb;
	uint32_t cs_base;
	uint32_t flags;		/* hflags the TB is built for */
	uint32_t pc;		/* eip of the current instruction */
	uint32_t next_pc;	/* eip after it */
	int mmu;		/* MMU_IDX_* for data accesses at this CPL */
	bool code32, addr32, op32;
	ZydisDecodedInstruction insn;
	ZydisDecodedOperand ops[ZYDIS_MAX_OPERAND_COUNT];
	/* effective address of the memory operand, computed once per insn */
	ir_t ea;
	int ea_seg;
	bool ea_valid;
	enum dc_end end;
	/* cc_op known at translation time, or -1 (dynamic: in cpu->cc_op) */
	int cc_op;
};

/* Translate one instruction; returns false if the mnemonic is not ours
 * (the caller raises #UD). */
typedef bool (*gen_fn)(struct dc *dc);

/* --- operand access (translate.c) --- */
ir_t gen_ea(struct dc *dc, const ZydisDecodedOperand *op);
ir_t gen_ld_op(struct dc *dc, int n);		/* zero-extended value */
void gen_st_op(struct dc *dc, int n, ir_t v);
ir_t gen_ld_reg(struct dc *dc, ZydisRegister r);
void gen_st_reg(struct dc *dc, ZydisRegister r, ir_t v);
ir_t gen_ld_mem(struct dc *dc, int seg, ir_t ea, int memop);
void gen_st_mem(struct dc *dc, int seg, ir_t ea, ir_t v, int memop);
int op_size(const struct dc *dc, int n);		/* bytes */
int size_memop(int bytes);
int size_log2(int bytes);
ir_t tmp32(struct dc *dc);
ir_t tmp64(struct dc *dc);
ir_t const32(struct dc *dc, uint32_t v);
ir_t glob(int g);

/* --- stack (translate.c) --- */
void gen_push(struct dc *dc, ir_t v, int size);
ir_t gen_pop_peek(struct dc *dc, int size, ir_t *new_esp);
void gen_set_esp(struct dc *dc, ir_t new_esp);
ir_t gen_stack_addr_mask(struct dc *dc, ir_t v);

/* --- flags and conditions (gen_cond.c) --- */
void gen_set_cc(struct dc *dc, int cc_op, ir_t dst, ir_t src);
void gen_set_cc2(struct dc *dc, int cc_op, ir_t dst, ir_t src, ir_t src2);
ir_t gen_compute_eflags(struct dc *dc);		/* CC_* bits */
ir_t gen_compute_cf(struct dc *dc);
/* 0/1 value of x86 condition code @cc (0..15, the low nibble of Jcc). */
ir_t gen_cond(struct dc *dc, int cc);
void gen_flush_cc(struct dc *dc);

/* The condition code (0-15) of a setcc/cmovcc/jcc mnemonic, or -1
 * (gen_alu.c). */
int mnemonic_cc(ZydisMnemonic m);

/* --- exits (translate.c) --- */
void gen_jump_to(struct dc *dc, uint32_t eip, int slot);
void gen_jump_dynamic(struct dc *dc, ir_t eip);
void gen_exception(struct dc *dc, int vector, uint32_t error);
void gen_helper(struct dc *dc, int helper, ir_t d, ir_t a, ir_t b, ir_t c);

/* Translate the TB starting at tb->pc into @b (translate.c). */
int translate_tb(struct x86_cpu *cpu, struct tb *tb, struct ir_block *b,
		 int max_insns);

/* The instruction families. */
bool gen_alu(struct dc *dc);
bool gen_muldiv(struct dc *dc);
bool gen_shift(struct dc *dc);
bool gen_bits(struct dc *dc);
bool gen_branch(struct dc *dc);
bool gen_stack(struct dc *dc);
bool gen_string(struct dc *dc);
bool gen_bcd(struct dc *dc);
bool gen_system(struct dc *dc);
bool gen_misc(struct dc *dc);
bool gen_x87(struct dc *dc);
bool gen_mmx(struct dc *dc);
bool gen_sse(struct dc *dc);

#endif
