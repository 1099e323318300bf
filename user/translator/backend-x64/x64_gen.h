/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The x64 code generator's state and the parts its files share: where an
 * IR temporary lives (struct loc), the per-TB state (struct gen), and the
 * functions of x64_gen.c (ops, calls), x64_mem.c (guest memory) and
 * x64_regs.c (register allocation, globals cached in registers).  See
 * x64_gen.c for the design.
 */
#ifndef RINGVM_TRANSLATOR_BACKEND_X64_X64_GEN_H
#define RINGVM_TRANSLATOR_BACKEND_X64_X64_GEN_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "translator/backend-x64/x64_backend.h"
#include "translator/backend-x64/x64_emit.h"
#include "translator/cpu.h"
#include "translator/ir.h"

#define ENV X64_RBX
#define CPU_OFF(field) ((int32_t)offsetof(struct x86_cpu, field))
#define INVALIDATED (CPU_OFF(itemp) + 8 * X64_INVALIDATED_SLOT)
#define CALLER_SAVED_MASK ((1u << X64_RSI) | (1u << X64_RDI) | (1u << X64_R8) | \
			   (1u << X64_R9) | (1u << X64_R10) | (1u << X64_R11))

enum loc_kind { LOC_REG, LOC_MEM, LOC_CONST };

struct loc {
	enum loc_kind kind;
	int reg;		/* LOC_REG */
	int32_t disp;		/* LOC_MEM: offset from the CPU */
	uint64_t val;		/* LOC_CONST */
};

/* Dirty cached globals an out-of-line exit must store first. */
struct writeback {
	int n;
	int8_t reg[16];
	int16_t t[16];
};

/* A memory access's slow path, emitted after the TB's body. */
struct slow_path {
	int op;			/* index of the qld/qst */
	int n_jumps;
	size_t jumps[6];	/* rel32s of the fast path's branches here */
	size_t join;		/* where the fast path continues */
	struct loc addr, val;	/* the operands, as they were at the op */
	bool store_eip;		/* cpu->eip lags: store eip first */
	uint32_t eip;
	struct writeback wb;
	unsigned cached;	/* registers caching globals at the op */
};

/* A jump out when the running TB was invalidated, at insn_start. */
struct inval_exit {
	size_t jump;
	uint32_t eip;
	struct writeback wb;
};

struct label_fixup {
	size_t pos;
	int label;
};

struct gen {
	struct x64_asm *a;
	const struct ir_block *b;
	struct tb *tb;
	struct x64_tb_hdr *hdr;
	int8_t reg_of[IR_MAX_TEMPS];	/* locals: host register or -1 */
	int first[IR_MAX_TEMPS], last[IR_MAX_TEMPS];
	int label_op[IR_MAX_OPS];	/* op index of each label */
	size_t label_pos[IR_MAX_OPS];	/* code offset of each label */
	struct label_fixup fixups[IR_MAX_OPS];
	int n_fixups;
	struct slow_path slow[IR_MAX_OPS];
	int n_slow;
	struct inval_exit inval[IR_MAX_OPS];
	int n_inval;
	bool may_invalidate;	/* a store or call since the last check */
	/* insn_start stores eip lazily: only before what may fault or
	 * look (helpers, slow paths, exits, joins) */
	uint32_t cur_eip;
	bool eip_pending;
	/* movi to a local is folded into its uses; dirty ones are written
	 * out only where control flow joins */
	bool konst[IR_MAX_TEMPS], dirty[IR_MAX_TEMPS];
	uint64_t kval[IR_MAX_TEMPS];
	bool lab_eip_pending[IR_MAX_OPS];	/* a branch here left eip lazy */
	bool dead[IR_MAX_OPS];	/* the op's write of a global is never seen */
	/* guest globals cached in registers no local holds, within a
	 * stretch of code without joins or calls */
	int8_t greg[IR_MAX_TEMPS];	/* globals: register or -1 */
	bool gdirty[IR_MAX_TEMPS];	/* ... not yet stored to the CPU */
	int16_t holder[16];		/* register: cached global or -1 */
	uint32_t busy_at[IR_MAX_OPS];	/* registers locals hold at an op */
};

/* --- operand locations --- */

static inline bool is_local(const struct gen *g, ir_t t)
{
	return t != IR_NONE && g->b->temps[t].kind == IR_TEMP_LOCAL;
}

/* Where @t lives (for an output, or a local's home). */
static inline struct loc loc_of(const struct gen *g, ir_t t)
{
	const struct ir_temp *tp;

	if (t == IR_NONE)
		return (struct loc){ .kind = LOC_CONST, .val = 0 };
	tp = &g->b->temps[t];
	switch (tp->kind) {
	case IR_TEMP_GLOBAL:
		if (g->greg[t] >= 0)
			return (struct loc){ .kind = LOC_REG, .reg = g->greg[t] };
		return (struct loc){ .kind = LOC_MEM, .disp = (int32_t)tp->offset };
	case IR_TEMP_CONST:
		return (struct loc){ .kind = LOC_CONST, .val = tp->val };
	default:
		if (g->reg_of[t] >= 0)
			return (struct loc){ .kind = LOC_REG, .reg = g->reg_of[t] };
		return (struct loc){ .kind = LOC_MEM,
			.disp = CPU_OFF(itemp) + 8 * (t - g->b->n_globals) };
	}
}

/* @t as an input: a local known to be constant is an immediate. */
static inline struct loc loc_in(const struct gen *g, ir_t t)
{
	if (is_local(g, t) && g->konst[t])
		return (struct loc){ .kind = LOC_CONST, .val = g->kval[t] };
	return loc_of(g, t);
}

static inline struct x64_rm rm_of(struct loc l)
{
	return l.kind == LOC_REG ? x64_r(l.reg) : x64_m(ENV, l.disp);
}

static inline bool same_loc(struct loc x, struct loc y)
{
	if (x.kind != y.kind)
		return false;
	if (x.kind == LOC_REG)
		return x.reg == y.reg;
	return x.kind == LOC_MEM && x.disp == y.disp;
}

static inline bool is_reg(struct loc l, int reg)
{
	return l.kind == LOC_REG && l.reg == reg;
}

/* Can @v be an instruction's immediate at operand size @sz? */
static inline bool imm_ok(int sz, uint64_t v)
{
	return sz == 4 || (int64_t)v == (int32_t)v;
}

static inline int temp_size(const struct gen *g, ir_t t)
{
	if (t == IR_NONE || g->b->temps[t].kind == IR_TEMP_CONST)
		return 8;
	return ir_temp_type(g->b, t) == IR_I64 ? 8 : 4;
}

/* Ops whose only effect is their output. */
static inline bool is_pure(const struct ir_op *op)
{
	switch (op->opc) {
	case IR_qld:
	case IR_qst:
	case IR_call:
	case IR_st_env:
	case IR_nop:
	case IR_label:
	case IR_br:
	case IR_brcond:
	case IR_insn_start:
	case IR_goto_tb:
	case IR_exit_tb:
	case IR_lookup_tb:
		return false;
	default:
		return ir_opdefs[op->opc].n_out == 1;
	}
}

static inline bool is_branch(const struct ir_op *op)
{
	return op->opc == IR_br || op->opc == IR_brcond;
}

static inline int branch_label(const struct ir_op *op)
{
	return (int)(op->opc == IR_br ? op->imm : op->imm >> 8);
}

/* x64_gen.c */
void x64_gen_load(struct gen *g, int sz, int reg, struct loc l);
void x64_gen_store(struct gen *g, int sz, struct loc l, int reg);
void x64_gen_call_c(struct gen *g, const void *fn);
void x64_gen_set_tb_running(struct gen *g);
void x64_gen_save_regs(struct gen *g, unsigned mask);
void x64_gen_restore_regs(struct gen *g, unsigned mask);

/* x64_mem.c */
void x64_mem_qld(struct gen *g, int i, const struct ir_op *op, struct loc d);
void x64_mem_qst(struct gen *g, int i, const struct ir_op *op);
void x64_mem_slow_path(struct gen *g, const struct slow_path *s);

/* x64_regs.c */
void x64_regs_allocate(struct gen *g);
void x64_regs_find_dead_stores(struct gen *g);
unsigned x64_regs_live_across(const struct gen *g, int i);
bool x64_regs_cacheable(const struct gen *g, ir_t t);
unsigned x64_regs_cached(const struct gen *g);
void x64_regs_snapshot(const struct gen *g, struct writeback *wb);
void x64_regs_emit_writeback(struct gen *g, const struct writeback *wb);
void x64_regs_writeback_all(struct gen *g);
void x64_regs_uncache(struct gen *g, int r);
void x64_regs_drop_all(struct gen *g);
void x64_regs_cache_in(struct gen *g, int i, ir_t t);
void x64_regs_cache_out(struct gen *g, int i, ir_t t);

#endif
