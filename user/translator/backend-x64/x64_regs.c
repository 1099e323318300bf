// SPDX-License-Identifier: GPL-2.0-only
/*
 * Registers: the linear scan that gives locals their registers, the
 * globals cached in the registers no local holds, and the analysis of
 * dead stores to globals (see x64_gen.c).
 */
#include "translator/backend-x64/x64_gen.h"

#include <limits.h>
#include <string.h>

static const int8_t caller_saved[] = {
	X64_RSI, X64_RDI, X64_R8, X64_R9, X64_R10, X64_R11,
};
static const int8_t callee_saved[] = {
	X64_RBP, X64_R12, X64_R13, X64_R14, X64_R15,
};

/* First and last mention of each local; a backward branch (the frontend
 * makes none today) stretches every range it overlaps over the loop. */
static void live_ranges(struct gen *g)
{
	const struct ir_block *b = g->b;
	bool changed = true;
	int i, k, t;

	for (t = 0; t < b->n_temps; t++) {
		g->first[t] = INT_MAX;
		g->last[t] = -1;
	}
	for (i = 0; i < b->n_labels && i < IR_MAX_OPS; i++)
		g->label_op[i] = -1;
	for (i = 0; i < b->n_ops; i++) {
		const struct ir_op *op = &b->ops[i];
		int n = ir_opdefs[op->opc].n_out + ir_opdefs[op->opc].n_in;

		if (op->opc == IR_label && op->imm < IR_MAX_OPS)
			g->label_op[op->imm] = i;
		for (k = 0; k < n; k++) {
			t = op->args[k];
			if (!is_local(g, (ir_t)t))
				continue;
			if (g->first[t] > i)
				g->first[t] = i;
			g->last[t] = i;
		}
	}
	while (changed) {
		changed = false;
		for (i = 0; i < b->n_ops; i++) {
			int lo;

			if (!is_branch(&b->ops[i]))
				continue;
			lo = g->label_op[branch_label(&b->ops[i])];
			if (lo < 0 || lo > i)
				continue;
			for (t = b->n_globals; t < b->n_temps; t++) {
				if (g->last[t] < lo || g->first[t] > i)
					continue;
				if (g->first[t] > lo || g->last[t] < i) {
					g->first[t] = g->first[t] < lo ? g->first[t] : lo;
					g->last[t] = g->last[t] > i ? g->last[t] : i;
					changed = true;
				}
			}
		}
	}
}

/* A register free from op @first on: callee-saved ones first for a
 * range that spans a helper call, caller-saved ones first otherwise. */
static int pick(bool spans_call, const int *busy_until, int first)
{
	const int8_t *lists[2] = { caller_saved, callee_saved };
	const int sizes[2] = { (int)sizeof(caller_saved), (int)sizeof(callee_saved) };
	int k, l;

	for (l = 0; l < 2; l++) {
		int which = spans_call ? 1 - l : l;

		for (k = 0; k < sizes[which]; k++)
			if (busy_until[lists[which][k]] < first)
				return lists[which][k];
	}
	return -1;
}

void x64_regs_allocate(struct gen *g)
{
	const struct ir_block *b = g->b;
	static int calls_before[IR_MAX_OPS + 1];
	int busy_until[16], i, t;

	live_ranges(g);
	calls_before[0] = 0;
	for (i = 0; i < b->n_ops; i++)
		calls_before[i + 1] = calls_before[i] + (b->ops[i].opc == IR_call);
	for (i = 0; i < 16; i++)
		busy_until[i] = -1;
	memset(g->reg_of, -1, sizeof(g->reg_of));
	/* linear scan: ranges in order of their start, each given a
	 * register free from there (or memory when none is) */
	for (i = 0; i < b->n_ops; i++) {
		const struct ir_op *op = &b->ops[i];
		int n = ir_opdefs[op->opc].n_out + ir_opdefs[op->opc].n_in, k;

		for (k = 0; k < n; k++) {
			bool spans_call;
			int r;

			t = op->args[k];
			if (!is_local(g, (ir_t)t) || g->first[t] != i ||
			    g->reg_of[t] >= 0)
				continue;
			spans_call = calls_before[g->last[t]] - calls_before[i + 1] > 0;
			r = pick(spans_call, busy_until, i);
			if (r < 0)
				continue;	/* stays in cpu->itemp */
			g->reg_of[t] = (int8_t)r;
			busy_until[r] = g->last[t];
		}
	}
	/* where locals hold registers, and no global cached yet */
	memset(g->busy_at, 0, sizeof(g->busy_at[0]) * (size_t)b->n_ops);
	for (t = b->n_globals; t < b->n_temps; t++)
		if (g->reg_of[t] >= 0)
			for (i = g->first[t]; i <= g->last[t] && i < b->n_ops; i++)
				g->busy_at[i] |= 1u << g->reg_of[t];
	memset(g->greg, -1, sizeof(g->greg));
	memset(g->gdirty, 0, sizeof(g->gdirty));
	for (i = 0; i < 16; i++)
		g->holder[i] = -1;
}

/* Caller-saved registers holding temporaries live across op @i. */
unsigned x64_regs_live_across(const struct gen *g, int i)
{
	unsigned mask = 0;
	int t;

	for (t = g->b->n_globals; t < g->b->n_temps; t++)
		if (g->reg_of[t] >= 0 && g->first[t] < i && g->last[t] > i)
			mask |= 1u << g->reg_of[t];
	return mask & CALLER_SAVED_MASK;
}

/*
 * Dead stores to globals (the lazy flags above all: cc_op, cc_dst and
 * cc_src are written by most instructions and read by few).  A write is
 * dead when the same global is written again before anything could see
 * it: a read, a call or memory access (a helper or a fault sees the
 * CPU), a branch or label, an exit, an insn_start that may leave the TB.
 */
void x64_regs_find_dead_stores(struct gen *g)
{
	const struct ir_block *b = g->b;
	static bool leaves[IR_MAX_OPS];
	bool risky = false;
	int i, j, k;

	for (i = 0; i < b->n_ops; i++) {
		int opc = b->ops[i].opc;

		leaves[i] = opc == IR_insn_start && risky;
		if (opc == IR_insn_start)
			risky = false;
		if (opc == IR_qld || opc == IR_qst || opc == IR_call)
			risky = true;
	}
	for (i = 0; i < b->n_ops; i++) {
		const struct ir_op *op = &b->ops[i];
		ir_t gl = ir_opdefs[op->opc].n_out ? op->args[0] : IR_NONE;

		g->dead[i] = false;
		if (gl == IR_NONE || b->temps[gl].kind != IR_TEMP_GLOBAL ||
		    !is_pure(op))
			continue;
		for (j = i + 1; j < b->n_ops; j++) {
			const struct ir_op *o = &b->ops[j];
			const struct ir_opdef *d = &ir_opdefs[o->opc];
			bool read = false;

			for (k = d->n_out; k < d->n_out + d->n_in; k++)
				read |= o->args[k] == gl;
			/* ld_env reads the CPU at large */
			if (read || leaves[j] || o->opc == IR_ld_env ||
			    (!is_pure(o) && o->opc != IR_nop &&
			     o->opc != IR_insn_start))
				break;
			if (d->n_out && o->args[0] == gl) {
				g->dead[i] = true;
				break;
			}
		}
	}
}

bool x64_regs_cacheable(const struct gen *g, ir_t t)
{
	return t != IR_NONE && g->b->temps[t].kind == IR_TEMP_GLOBAL &&
	       g->b->temps[t].offset != offsetof(struct x86_cpu, eip);
}

unsigned x64_regs_cached(const struct gen *g)
{
	unsigned mask = 0;
	int r;

	for (r = 0; r < 16; r++)
		if (g->holder[r] >= 0)
			mask |= 1u << r;
	return mask;
}

void x64_regs_snapshot(const struct gen *g, struct writeback *wb)
{
	int r;

	wb->n = 0;
	for (r = 0; r < 16; r++) {
		if (g->holder[r] >= 0 && g->gdirty[g->holder[r]]) {
			wb->reg[wb->n] = (int8_t)r;
			wb->t[wb->n++] = g->holder[r];
		}
	}
}

void x64_regs_emit_writeback(struct gen *g, const struct writeback *wb)
{
	int k;

	for (k = 0; k < wb->n; k++)
		x64_mov_store(g->a, temp_size(g, (ir_t)wb->t[k]),
			      x64_m(ENV, (int32_t)g->b->temps[wb->t[k]].offset),
			      wb->reg[k]);
}

/* Store the dirty cached globals; they stay cached, clean. */
void x64_regs_writeback_all(struct gen *g)
{
	struct writeback wb;
	int k;

	x64_regs_snapshot(g, &wb);
	x64_regs_emit_writeback(g, &wb);
	for (k = 0; k < wb.n; k++)
		g->gdirty[wb.t[k]] = false;
}

void x64_regs_uncache(struct gen *g, int r)
{
	int t = g->holder[r];

	if (t < 0)
		return;
	if (g->gdirty[t])
		x64_mov_store(g->a, temp_size(g, (ir_t)t),
			      x64_m(ENV, (int32_t)g->b->temps[t].offset), r);
	g->gdirty[t] = false;
	g->greg[t] = -1;
	g->holder[r] = -1;
}

/* Store and forget every cached global: a helper may read or change
 * any, and code after a join cannot know what each way cached. */
void x64_regs_drop_all(struct gen *g)
{
	int r;

	for (r = 0; r < 16; r++)
		x64_regs_uncache(g, r);
}

/* A register free at op @i, the one that stays free longest. */
static int cache_reg(const struct gen *g, int i)
{
	static const int8_t regs[] = {
		X64_RSI, X64_RDI, X64_R8, X64_R9, X64_R10, X64_R11,
		X64_RBP, X64_R12, X64_R13, X64_R14, X64_R15,
	};
	int best = -1, best_free = -1, k, j;

	for (k = 0; k < (int)sizeof(regs); k++) {
		int r = regs[k];

		if (g->holder[r] >= 0 || (g->busy_at[i] & (1u << r)))
			continue;
		for (j = i + 1; j < g->b->n_ops && j < i + 64; j++)
			if (g->busy_at[j] & (1u << r))
				break;
		if (j > best_free) {
			best_free = j;
			best = r;
		}
	}
	return best;
}

/* Op @i reads global @t: have it in a register if one is free. */
void x64_regs_cache_in(struct gen *g, int i, ir_t t)
{
	int r;

	if (!x64_regs_cacheable(g, t) || g->greg[t] >= 0)
		return;
	r = cache_reg(g, i);
	if (r < 0)
		return;
	x64_gen_load(g, temp_size(g, t), r, loc_of(g, t));
	g->greg[t] = (int8_t)r;
	g->holder[r] = (int16_t)t;
}

/* Op @i writes global @t (and cannot fault): into a register. */
void x64_regs_cache_out(struct gen *g, int i, ir_t t)
{
	int r;

	if (!x64_regs_cacheable(g, t))
		return;
	if (g->greg[t] < 0) {
		r = cache_reg(g, i);
		if (r < 0)
			return;
		g->greg[t] = (int8_t)r;
		g->holder[r] = (int16_t)t;
	}
	g->gdirty[t] = true;
}
