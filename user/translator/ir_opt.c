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
 */
#include <stdbool.h>

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

static bool reads(const struct ir_op *op, ir_t t)
{
	int k, o = n_outs(op);

	for (k = o; k < o + n_ins(op); k++)
		if (op->args[k] == t)
			return true;
	return false;
}

/* Does @op write global @g, directly or as a helper may? */
static bool clobbers_global(const struct ir_op *op, ir_t g)
{
	return writes(op, g) || op->opc == IR_call || op->opc == IR_st_env;
}

static void propagate(struct ir_block *b, int i)
{
	struct ir_op *copy = &b->ops[i];
	ir_t d = copy->args[0], s = copy->args[1];
	int j, last = -1, k;

	/* d must be written only here; find its last use */
	for (j = 0; j < b->n_ops; j++) {
		if (j != i && writes(&b->ops[j], d))
			return;
		if (j > i && reads(&b->ops[j], d))
			last = j;
	}
	if (last < 0) {
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

/* May this op fault, call a helper, or store to guest memory? */
static bool may_fault_or_store(const struct ir_op *op)
{
	return op->opc == IR_qld || op->opc == IR_qst || op->opc == IR_call ||
	       op->opc == IR_st_env;
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

void ir_optimize(struct ir_block *b)
{
	int i;

	if (b->err)
		return;
	drop_insn_starts(b);
	for (i = 0; i < b->n_ops; i++) {
		const struct ir_op *op = &b->ops[i];

		if (op->opc == IR_mov && op->type == IR_I32 &&
		    b->temps[op->args[0]].kind == IR_TEMP_LOCAL &&
		    b->temps[op->args[1]].kind == IR_TEMP_GLOBAL)
			propagate(b, i);
	}
}
