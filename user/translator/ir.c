// SPDX-License-Identifier: GPL-2.0-only
/*
 * IR builder and dump.  See ir.h.
 */
#include "ir.h"

#include <errno.h>
#include <inttypes.h>
#include <string.h>

const struct ir_opdef ir_opdefs[IR_NB_OPS] = {
#define IR_OP(name, nout, nin, flags) [IR_##name] = { #name, nout, nin, flags },
#include "ir_ops.def"
#undef IR_OP
};

static const struct ir_helper *helpers;
static int n_helpers;

void ir_set_helpers(const struct ir_helper *table, int n)
{
	helpers = table;
	n_helpers = n;
}

const struct ir_helper *ir_helper_get(int index)
{
	return index >= 0 && index < n_helpers ? &helpers[index] : NULL;
}

void ir_begin(struct ir_block *b)
{
	b->n_ops = 0;
	b->n_temps = 0;
	b->n_globals = 0;
	b->n_labels = 0;
	b->err = 0;
}

static ir_t ir_new_temp(struct ir_block *b, enum ir_temp_kind kind,
			enum ir_type type)
{
	struct ir_temp *t;

	if (b->n_temps >= IR_MAX_TEMPS) {
		b->err = -ENOSPC;
		return 0;	/* a valid index: later ops are dropped anyway */
	}
	t = &b->temps[b->n_temps];
	memset(t, 0, sizeof(*t));
	t->kind = (uint8_t)kind;
	t->type = (uint8_t)type;
	return (ir_t)b->n_temps++;
}

ir_t ir_global(struct ir_block *b, enum ir_type type, uint32_t offset,
	       const char *name)
{
	ir_t t = ir_new_temp(b, IR_TEMP_GLOBAL, type);

	b->temps[t].offset = offset;
	b->temps[t].name = name;
	return t;
}

void ir_end_globals(struct ir_block *b)
{
	b->n_globals = b->n_temps;
}

int ir_finish(struct ir_block *b)
{
	return b->err;
}

ir_t ir_temp(struct ir_block *b, enum ir_type type)
{
	return ir_new_temp(b, IR_TEMP_LOCAL, type);
}

ir_t ir_const(struct ir_block *b, enum ir_type type, uint64_t val)
{
	ir_t t = ir_new_temp(b, IR_TEMP_CONST, type);

	b->temps[t].val = type == IR_I32 ? (uint32_t)val : val;
	return t;
}

int ir_new_label(struct ir_block *b)
{
	return b->n_labels++;
}

void ir_emit(struct ir_block *b, enum ir_opc opc, enum ir_type type,
	     uint64_t imm, int nargs, const ir_t *args)
{
	struct ir_op *op;
	int i;

	if (b->err)
		return;
	if (b->n_ops >= IR_MAX_OPS) {
		b->err = -ENOSPC;
		return;
	}
	op = &b->ops[b->n_ops++];
	op->opc = (uint8_t)opc;
	op->type = (uint8_t)type;
	op->imm = imm;
	for (i = 0; i < IR_MAX_ARGS; i++)
		op->args[i] = i < nargs ? args[i] : IR_NONE;
}

void ir_gen1(struct ir_block *b, enum ir_opc opc, ir_t d, ir_t a)
{
	ir_t args[2] = { d, a };

	ir_emit(b, opc, ir_temp_type(b, d), 0, 2, args);
}

void ir_gen2(struct ir_block *b, enum ir_opc opc, ir_t d, ir_t a, ir_t c)
{
	ir_t args[3] = { d, a, c };

	ir_emit(b, opc, ir_temp_type(b, d), 0, 3, args);
}

void ir_movi(struct ir_block *b, ir_t d, uint64_t v)
{
	ir_emit(b, IR_movi, ir_temp_type(b, d), v, 1, &d);
}

void ir_setcond(struct ir_block *b, enum ir_cond cond, ir_t d, ir_t a, ir_t c)
{
	ir_t args[3] = { d, a, c };

	/* the comparison's width is that of the inputs */
	ir_emit(b, IR_setcond, ir_temp_type(b, a), cond, 3, args);
}

void ir_deposit(struct ir_block *b, ir_t d, ir_t a, ir_t v, int pos, int len)
{
	ir_t args[3] = { d, a, v };

	ir_emit(b, IR_deposit, ir_temp_type(b, d), (uint64_t)(pos | len << 8),
		3, args);
}

void ir_extract(struct ir_block *b, ir_t d, ir_t a, int pos, int len)
{
	ir_t args[2] = { d, a };

	ir_emit(b, IR_extract, ir_temp_type(b, d), (uint64_t)(pos | len << 8),
		2, args);
}

void ir_qld(struct ir_block *b, ir_t d, ir_t addr, int memop, int seg, int mmu)
{
	ir_t args[2] = { d, addr };

	ir_emit(b, IR_qld, ir_temp_type(b, d), IR_MEM_IMM(memop, seg, mmu),
		2, args);
}

void ir_qst(struct ir_block *b, ir_t val, ir_t addr, int memop, int seg, int mmu)
{
	ir_t args[2] = { val, addr };

	ir_emit(b, IR_qst, ir_temp_type(b, val), IR_MEM_IMM(memop, seg, mmu),
		2, args);
}

void ir_ld_env(struct ir_block *b, ir_t d, uint32_t offset)
{
	ir_emit(b, IR_ld_env, IR_I32, offset, 1, &d);
}

void ir_st_env(struct ir_block *b, ir_t v, uint32_t offset)
{
	ir_emit(b, IR_st_env, IR_I32, offset, 1, &v);
}

void ir_label(struct ir_block *b, int label)
{
	ir_emit(b, IR_label, IR_I32, (uint64_t)label, 0, NULL);
}

void ir_br(struct ir_block *b, int label)
{
	ir_emit(b, IR_br, IR_I32, (uint64_t)label, 0, NULL);
}

void ir_brcond(struct ir_block *b, enum ir_cond cond, ir_t a, ir_t c, int label)
{
	ir_t args[2] = { a, c };

	ir_emit(b, IR_brcond, ir_temp_type(b, a),
		(uint64_t)cond | (uint64_t)label << 8, 2, args);
}

void ir_call(struct ir_block *b, int helper, ir_t d, ir_t a0, ir_t a1, ir_t a2)
{
	ir_t args[4] = { d, a0, a1, a2 };

	ir_emit(b, IR_call, IR_I64, (uint64_t)helper, 4, args);
}

void ir_insn_start(struct ir_block *b, uint32_t eip)
{
	ir_emit(b, IR_insn_start, IR_I32, eip, 0, NULL);
}

void ir_goto_tb(struct ir_block *b, int slot)
{
	ir_emit(b, IR_goto_tb, IR_I32, (uint64_t)slot, 0, NULL);
}

void ir_lookup_tb(struct ir_block *b)
{
	ir_emit(b, IR_lookup_tb, IR_I32, 0, 0, NULL);
}

void ir_exit_tb(struct ir_block *b)
{
	ir_emit(b, IR_exit_tb, IR_I32, 0, 0, NULL);
}

static const char *const cond_names[] = {
	"eq", "ne", "lt", "ge", "le", "gt", "ltu", "geu", "leu", "gtu",
};

static void dump_temp(const struct ir_block *b, ir_t t, FILE *f)
{
	const struct ir_temp *tp;

	if (t == IR_NONE) {
		fputs("_", f);
		return;
	}
	tp = &b->temps[t];
	switch (tp->kind) {
	case IR_TEMP_GLOBAL:
		fputs(tp->name, f);
		break;
	case IR_TEMP_CONST:
		fprintf(f, "$0x%" PRIx64, tp->val);
		break;
	default:
		fprintf(f, "t%d", t - b->n_globals);
		break;
	}
}

void ir_dump(const struct ir_block *b, FILE *f)
{
	int i, j;

	for (i = 0; i < b->n_ops; i++) {
		const struct ir_op *op = &b->ops[i];
		const struct ir_opdef *def = &ir_opdefs[op->opc];
		int nargs = def->n_out + def->n_in;

		if (op->opc == IR_nop)
			continue;
		if (op->opc == IR_insn_start) {
			fprintf(f, " ---- %08" PRIx64 "\n", op->imm);
			continue;
		}
		fprintf(f, " %s%s", def->name,
			op->type == IR_I64 && op->opc != IR_call &&
			!strstr(def->name, "i64") ? "_i64" : "");
		for (j = 0; j < nargs; j++) {
			fputs(j ? ", " : " ", f);
			dump_temp(b, op->args[j], f);
		}
		switch (op->opc) {
		case IR_movi:
			fprintf(f, ", $0x%" PRIx64, op->imm);
			break;
		case IR_setcond:
			fprintf(f, ", %s", cond_names[op->imm]);
			break;
		case IR_brcond:
			fprintf(f, ", %s, L%d", cond_names[op->imm & 0xff],
				(int)(op->imm >> 8));
			break;
		case IR_label:
			fprintf(f, " L%d:", (int)op->imm);
			break;
		case IR_br:
			fprintf(f, " L%d", (int)op->imm);
			break;
		case IR_qld:
		case IR_qst:
			fprintf(f, ", size=%d%s seg=%d mmu=%d",
				8 << (op->imm & MO_SIZE),
				op->imm & MO_SIGN ? "s" : "",
				(int)(op->imm >> 8) & 15, (int)(op->imm >> 12) & 15);
			break;
		case IR_deposit:
		case IR_extract:
			fprintf(f, ", pos=%d, len=%d", (int)(op->imm & 0xff),
				(int)(op->imm >> 8));
			break;
		case IR_call: {
			const struct ir_helper *h = ir_helper_get((int)op->imm);

			fprintf(f, ", %s", h ? h->name : "?");
			break;
		}
		case IR_ld_env:
		case IR_st_env:
			fprintf(f, ", env+0x%x", (unsigned)op->imm);
			break;
		case IR_goto_tb:
			fprintf(f, " %d", (int)op->imm);
			break;
		default:
			break;
		}
		fputc('\n', f);
	}
}
