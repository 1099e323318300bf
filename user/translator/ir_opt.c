// SPDX-License-Identifier: GPL-2.0-only
/*
 * IR optimisation: copy propagation.
 *
 * The frontend reads a guest register into a fresh temporary (a copy), so
 * an instruction that writes the register before it is done with the old
 * value stays correct.  Most copies are never needed: when neither the
 * register nor the temporary is written between the copy and the
 * temporary's last use, the uses can read the register itself and the
 * copy disappears.  Control flow inside a TB only goes forward, and a
 * temporary written once is defined on every path that uses it, so the
 * linear range between copy and last use covers every path.  Helpers may
 * write any global (they get the whole CPU), so a call ends a range.
 *
 * And insn_start elimination: insn_start stores the instruction's eip
 * (for a fault to report) and stops the TB if its code was overwritten
 * (by the previous instruction's store).  An instruction that cannot
 * fault, after one that stored nothing, needs neither; every TB exit
 * stores eip itself.
 *
 * And dead code elimination (see remove_dead below): mostly flags that the
 * next instruction overwrites, which x86 code computes all the time.
 */
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "ir.h"

static int n_outs(const struct ir_op *op)
{
	return ir_opdefs[op->opc].n_out;
}

static int n_ins(const struct ir_op *op)
{
	return ir_opdefs[op->opc].n_in;
}

static bool writes(const struct ir_op *op, ir_t t)
{
	int k;

	for (k = 0; k < n_outs(op); k++)
		if (op->args[k] == t)
			return true;
	return false;
}

/* Does @op write global @g, directly or as a helper may? */
static bool clobbers_global(const struct ir_op *op, ir_t g)
{
	return writes(op, g) || op->opc == IR_call || op->opc == IR_st_env;
}

/* Per temp, over the whole block: how often it is written and the last op
 * that reads it.  Propagating a copy only rewrites reads of locals into
 * reads of globals, so the figures of the locals stay true throughout. */
struct temp_uses {
	uint16_t writes[IR_MAX_TEMPS];
	int last_read[IR_MAX_TEMPS];
};

static void count_uses(const struct ir_block *b, struct temp_uses *u)
{
	int i, k;

	memset(u->writes, 0, sizeof(u->writes[0]) * (size_t)b->n_temps);
	for (k = 0; k < b->n_temps; k++)
		u->last_read[k] = -1;
	for (i = 0; i < b->n_ops; i++) {
		const struct ir_op *op = &b->ops[i];
		int o = n_outs(op);

		for (k = 0; k < o; k++)
			if (op->args[k] != IR_NONE && u->writes[op->args[k]] < UINT16_MAX)
				u->writes[op->args[k]]++;
		for (k = o; k < o + n_ins(op); k++)
			if (op->args[k] != IR_NONE)
				u->last_read[op->args[k]] = i;
	}
}

static void propagate(struct ir_block *b, const struct temp_uses *u, int i)
{
	struct ir_op *copy = &b->ops[i];
	ir_t d = copy->args[0], s = copy->args[1];
	int j, last = u->last_read[d], k;

	/* d must be written only here */
	if (u->writes[d] != 1)
		return;
	if (last < i) {
		copy->opc = IR_nop;	/* never used */
		return;
	}
	/* s must keep its value until then; the use at @last may itself
	 * overwrite s (add eax, t -> eax) since it reads first */
	for (j = i + 1; j < last; j++)
		if (clobbers_global(&b->ops[j], s))
			return;
	if (b->ops[last].opc == IR_call)
		return;
	for (j = i + 1; j <= last; j++) {
		struct ir_op *op = &b->ops[j];
		int o = n_outs(op);

		for (k = o; k < o + n_ins(op); k++)
			if (op->args[k] == d)
				op->args[k] = s;
	}
	copy->opc = IR_nop;
}

static bool pure_call(const struct ir_op *op)
{
	const struct ir_helper *h;

	if (op->opc != IR_call)
		return false;
	h = ir_helper_get((int)op->imm);
	return h && h->pure;
}

/* May this op fault, call a helper that may write, or store to guest
 * memory? */
static bool may_fault_or_store(const struct ir_op *op)
{
	return op->opc == IR_qld || op->opc == IR_qst ||
	       (op->opc == IR_call && !pure_call(op)) || op->opc == IR_st_env;
}

static void drop_insn_starts(struct ir_block *b)
{
	bool prev_risky = true;	/* the first one stays: it sets the TB's eip */
	int i, j;

	for (i = 0; i < b->n_ops; i++) {
		bool risky = false;

		if (b->ops[i].opc != IR_insn_start)
			continue;
		for (j = i + 1; j < b->n_ops && b->ops[j].opc != IR_insn_start; j++)
			if (may_fault_or_store(&b->ops[j]))
				risky = true;
		if (!risky && !prev_risky)
			b->ops[i].opc = IR_nop;
		prev_risky = risky;
	}
}

/* --- dead code --- */

#define LIVE_WORDS (IR_MAX_TEMPS / 64)

struct live {
	uint64_t w[LIVE_WORDS];
};

static bool live_has(const struct live *l, ir_t t)
{
	return t != IR_NONE && (l->w[t / 64] >> (t % 64)) & 1;
}

static void live_set(struct live *l, ir_t t, bool on)
{
	if (t == IR_NONE)
		return;
	if (on)
		l->w[t / 64] |= 1ULL << (t % 64);
	else
		l->w[t / 64] &= ~(1ULL << (t % 64));
}

static void live_union(struct live *l, const struct live *m)
{
	int k;

	for (k = 0; k < LIVE_WORDS; k++)
		l->w[k] |= m->w[k];
}

/* Can @op go when nothing reads its results? */
static bool removable(const struct ir_op *op)
{
	const struct ir_opdef *d = &ir_opdefs[op->opc];

	if (op->opc == IR_call)
		return pure_call(op);
	return d->n_out && !(d->flags & (IR_F_SIDE_EFFECTS | IR_F_MAY_FAULT |
					 IR_F_BB_START | IR_F_BB_END));
}

/* Does @op read the CPU at large, or may the TB be left here with the
 * guest state of this point?  Then every global is live before it. */
static bool needs_all_globals(const struct ir_op *op, bool exit_check)
{
	const struct ir_opdef *d = &ir_opdefs[op->opc];

	switch (op->opc) {
	case IR_insn_start:
		return exit_check;	/* stops the TB if its code was hit */
	case IR_ld_env:
	case IR_call:
		return true;
	default:
		return (d->flags & IR_F_MAY_FAULT) || op->opc == IR_goto_tb ||
		       op->opc == IR_exit_tb || op->opc == IR_lookup_tb;
	}
}

/*
 * Liveness backward over the block: a temp is live where a later op that
 * stays reads it before anything writes it.  Branches only go forward, so
 * going backward a label is met before the branches to it: its live set
 * is recorded there and joined in at each brcond (replacing it at a br).
 * Globals are live wherever the TB may be left (exits, faults, helpers,
 * the code-overwritten check of insn_start) since the guest sees them
 * there.  A removable op none of whose results is live becomes a nop.
 */
static void remove_dead(struct ir_block *b)
{
	struct live live, globals, *at_label;
	bool *exit_check;
	bool stored = false;
	int i, k;

	at_label = calloc((size_t)b->n_labels + 1, sizeof(*at_label));
	exit_check = calloc((size_t)b->n_ops + 1, sizeof(*exit_check));
	if (!at_label || !exit_check) {
		free(at_label);
		free(exit_check);
		return;		/* an optimisation: skip it */
	}
	/* which insn_starts may stop the TB: after a store or a call */
	for (i = 0; i < b->n_ops; i++) {
		if (b->ops[i].opc == IR_insn_start) {
			exit_check[i] = stored;
			stored = false;
		} else if (may_fault_or_store(&b->ops[i]) && b->ops[i].opc != IR_qld) {
			stored = true;
		}
	}
	/* a branch backward (none is made) would find everything live */
	memset(at_label, 0xff, ((size_t)b->n_labels + 1) * sizeof(*at_label));
	memset(&globals, 0, sizeof(globals));
	for (k = 0; k < b->n_globals; k++)
		live_set(&globals, (ir_t)k, true);
	live = globals;
	for (i = b->n_ops - 1; i >= 0; i--) {
		struct ir_op *op = &b->ops[i];
		const struct ir_opdef *d = &ir_opdefs[op->opc];
		bool used = false;

		switch (op->opc) {
		case IR_label:
			if (op->imm < (uint64_t)b->n_labels)
				at_label[op->imm] = live;
			continue;
		case IR_br:
			live = at_label[op->imm];
			continue;
		case IR_brcond:
			live_union(&live, &at_label[op->imm >> 8]);
			break;
		case IR_goto_tb:
		case IR_exit_tb:
		case IR_lookup_tb:
			live = globals;
			continue;
		default:
			break;
		}
		for (k = 0; k < d->n_out; k++)
			used |= live_has(&live, op->args[k]);
		if (!used && removable(op)) {
			op->opc = IR_nop;
			continue;
		}
		for (k = 0; k < d->n_out; k++)
			live_set(&live, op->args[k], false);
		if (needs_all_globals(op, exit_check[i]))
			live_union(&live, &globals);
		for (k = d->n_out; k < d->n_out + d->n_in; k++)
			live_set(&live, op->args[k], true);
	}
	free(at_label);
	free(exit_check);
}

void ir_optimize(struct ir_block *b)
{
	static struct temp_uses uses;	/* one translation at a time */
	int i;

	if (b->err)
		return;
	drop_insn_starts(b);
	count_uses(b, &uses);
	for (i = 0; i < b->n_ops; i++) {
		const struct ir_op *op = &b->ops[i];

		if (op->opc == IR_mov && op->type == IR_I32 &&
		    b->temps[op->args[0]].kind == IR_TEMP_LOCAL &&
		    b->temps[op->args[1]].kind == IR_TEMP_GLOBAL)
			propagate(b, &uses, i);
	}
	remove_dead(b);
}
