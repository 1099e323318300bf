/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The translator's intermediate representation.
 *
 * A translation block's IR is an array of ops over typed temporaries.  A
 * temporary is a guest global (a field of struct x86_cpu, by offset), a
 * constant, or a local of the TB.  The frontend builds IR only through the
 * ir_gen_* functions below; backends (interp, x64) turn it into code.
 *
 * Errors are sticky (sljit style): when the op or temp array is full the
 * builder records -ENOSPC, later calls do nothing, and ir_finish() reports
 * it; the frontend then ends the TB earlier and retries.
 */
#ifndef RINGVM_TRANSLATOR_IR_H
#define RINGVM_TRANSLATOR_IR_H

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

#define IR_F_MAY_FAULT		0x1	/* may raise a guest exception */
#define IR_F_SIDE_EFFECTS	0x2	/* not removable even if d is unused */
#define IR_F_BB_START		0x4
#define IR_F_BB_END		0x8

enum ir_opc {
#define IR_OP(name, nout, nin, flags) IR_##name,
#include "ir_ops.def"
#undef IR_OP
	IR_NB_OPS
};

enum ir_type { IR_I32, IR_I64 };

enum ir_cond {
	IR_EQ, IR_NE,
	IR_LT, IR_GE, IR_LE, IR_GT,		/* signed */
	IR_LTU, IR_GEU, IR_LEU, IR_GTU,		/* unsigned */
};

/* Memory operation: size and extension of a guest load/store. */
enum ir_memop {
	MO_8 = 0, MO_16 = 1, MO_32 = 2, MO_64 = 3,
	MO_SIZE = 3,
	MO_SIGN = 4,
	MO_S8 = MO_8 | MO_SIGN, MO_S16 = MO_16 | MO_SIGN,
};

/* qld/qst imm: memop in bits 0-7, segment (R_ES..R_GS, or SEG_NONE for a
 * linear address) in 8-11, MMU index in 12-15. */
#define SEG_NONE 15
#define IR_MEM_IMM(memop, seg, mmu) ((memop) | (seg) << 8 | (mmu) << 12)

enum ir_temp_kind { IR_TEMP_GLOBAL, IR_TEMP_CONST, IR_TEMP_LOCAL };

struct ir_temp {
	uint8_t kind;
	uint8_t type;
	uint32_t offset;	/* GLOBAL: offsetof(struct x86_cpu, field) */
	uint64_t val;		/* CONST */
	const char *name;	/* GLOBAL: for dumps */
};

#define IR_MAX_ARGS 4

struct ir_op {
	uint8_t opc;
	uint8_t type;
	uint16_t args[IR_MAX_ARGS];	/* temp indices: outputs, then inputs */
	uint64_t imm;
};

#define IR_MAX_OPS 4096
#define IR_MAX_TEMPS 1024

struct ir_block {
	int n_ops, n_temps, n_globals, n_labels;
	int err;			/* sticky: 0 or -ENOSPC */
	struct ir_op ops[IR_MAX_OPS];
	struct ir_temp temps[IR_MAX_TEMPS];
};

typedef uint16_t ir_t;	/* a temp index */
#define IR_NONE ((ir_t)0xffff)	/* no temp: a call without result */

struct ir_opdef {
	const char *name;
	uint8_t n_out, n_in;
	uint8_t flags;
};

extern const struct ir_opdef ir_opdefs[IR_NB_OPS];

/* Helpers called from generated code: one signature for all of them, so
 * every backend calls them the same way.  env is the struct x86_cpu. */
typedef uint64_t (*ir_helper_fn)(void *env, uint64_t a, uint64_t b, uint64_t c);

struct ir_helper {
	const char *name;
	ir_helper_fn fn;
	/* reads the CPU, writes nothing, never faults: a call whose result
	 * is unused may be dropped */
	bool pure;
};

/* Register the helper table (index -> function), once at startup. */
void ir_set_helpers(const struct ir_helper *table, int n);
const struct ir_helper *ir_helper_get(int index);

/* Start a block; the first temps are the globals, declared again each time. */
void ir_begin(struct ir_block *b);
ir_t ir_global(struct ir_block *b, enum ir_type type, uint32_t offset,
	       const char *name);
void ir_end_globals(struct ir_block *b);
int ir_finish(struct ir_block *b);

ir_t ir_temp(struct ir_block *b, enum ir_type type);
ir_t ir_const(struct ir_block *b, enum ir_type type, uint64_t val);
int ir_new_label(struct ir_block *b);

/* The builder: one function per op; type is that of the output. */
void ir_emit(struct ir_block *b, enum ir_opc opc, enum ir_type type,
	     uint64_t imm, int nargs, const ir_t *args);
void ir_gen1(struct ir_block *b, enum ir_opc opc, ir_t d, ir_t a);
void ir_gen2(struct ir_block *b, enum ir_opc opc, ir_t d, ir_t a, ir_t c);
void ir_movi(struct ir_block *b, ir_t d, uint64_t v);
void ir_setcond(struct ir_block *b, enum ir_cond cond, ir_t d, ir_t a, ir_t c);
void ir_deposit(struct ir_block *b, ir_t d, ir_t a, ir_t v, int pos, int len);
void ir_extract(struct ir_block *b, ir_t d, ir_t a, int pos, int len);
void ir_qld(struct ir_block *b, ir_t d, ir_t addr, int memop, int seg, int mmu);
void ir_qst(struct ir_block *b, ir_t val, ir_t addr, int memop, int seg, int mmu);
void ir_ld_env(struct ir_block *b, ir_t d, uint32_t offset);
void ir_st_env(struct ir_block *b, ir_t v, uint32_t offset);
void ir_label(struct ir_block *b, int label);
void ir_br(struct ir_block *b, int label);
void ir_brcond(struct ir_block *b, enum ir_cond cond, ir_t a, ir_t c, int label);
void ir_call(struct ir_block *b, int helper, ir_t d, ir_t a0, ir_t a1, ir_t a2);
void ir_insn_start(struct ir_block *b, uint32_t eip);
void ir_goto_tb(struct ir_block *b, int slot);
void ir_exit_tb(struct ir_block *b);
void ir_lookup_tb(struct ir_block *b);

static inline enum ir_type ir_temp_type(const struct ir_block *b, ir_t t)
{
	return (enum ir_type)b->temps[t].type;
}

/* Optimise in place (ir_opt.c): copy propagation of local copies of
 * globals.  Removed ops become nops. */
void ir_optimize(struct ir_block *b);

/* Textual dump, one op per line, for -d op and the tests. */
void ir_dump(const struct ir_block *b, FILE *f);

#endif
