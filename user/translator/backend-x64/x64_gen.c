// SPDX-License-Identifier: GPL-2.0-only
/*
 * IR to x86-64: one pass over a TB's ops, after a linear-scan register
 * allocation of its local temporaries.
 *
 * Host registers: rbx holds the CPU (struct x86_cpu); rax, rcx and rdx
 * are scratch for every op (rcx for shift counts, rdx for the guest
 * address of a memory access); rsi, rdi, r8-r11 (caller-saved) and rbp,
 * r12-r15 (callee-saved) hold local temporaries.  Guest globals stay in
 * the CPU struct, so a helper or a fault always finds the state the
 * interpreter would have left; temporaries that do not get a register
 * live in cpu->itemp, like the interpreter's.
 *
 * Since branches inside a TB go forward, a temporary's live range is the
 * span from its first to its last mention; one location for all of it is
 * right on every path.  Ranges that span a helper call prefer
 * callee-saved registers; the slow path of a memory access saves the
 * caller-saved ones live across it.
 *
 * Guest memory: an inline softmmu TLB lookup (softmmu.c's ld_lin/st_lin
 * fast path, with seg_check's common case before it) and, out of line at
 * the end of the TB, a call of mmu_ld/mmu_st for everything else: a
 * miss, MMIO, a page crossing, a write to a page with code, a segment
 * whose checks are not the plain ones, a misaligned access at CPL 3.
 *
 * TB exits: see x64_backend.h (struct x64_tb_hdr) for chaining.
 */
#include <errno.h>
#include <limits.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>

#include "translator/backend-x64/x64_backend.h"
#include "translator/backend-x64/x64_emit.h"
#include "translator/cpu.h"
#include "translator/ir.h"
#include "translator/softmmu.h"
#include "translator/tb.h"

_Static_assert(sizeof(struct tlb_entry) == 24,
	       "the TLB index is scaled by 3 * 8");

#define ENV X64_RBX
#define CPU_OFF(field) ((int32_t)offsetof(struct x86_cpu, field))
#define INVALIDATED (CPU_OFF(itemp) + 8 * X64_INVALIDATED_SLOT)

static const int8_t caller_saved[] = {
	X64_RSI, X64_RDI, X64_R8, X64_R9, X64_R10, X64_R11,
};
static const int8_t callee_saved[] = {
	X64_RBP, X64_R12, X64_R13, X64_R14, X64_R15,
};
#define CALLER_SAVED_MASK ((1u << X64_RSI) | (1u << X64_RDI) | (1u << X64_R8) | \
			   (1u << X64_R9) | (1u << X64_R10) | (1u << X64_R11))

enum loc_kind { LOC_REG, LOC_MEM, LOC_CONST };

struct loc {
	enum loc_kind kind;
	int reg;		/* LOC_REG */
	int32_t disp;		/* LOC_MEM: offset from the CPU */
	uint64_t val;		/* LOC_CONST */
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
};

/* A jump out when the running TB was invalidated, at insn_start. */
struct inval_exit {
	size_t jump;
	uint32_t eip;
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
};

/* --- operand locations --- */

static bool is_local(const struct gen *g, ir_t t)
{
	return t != IR_NONE && g->b->temps[t].kind == IR_TEMP_LOCAL;
}

/* Where @t lives (for an output, or a local's home). */
static struct loc loc_of(const struct gen *g, ir_t t)
{
	const struct ir_temp *tp;

	if (t == IR_NONE)
		return (struct loc){ .kind = LOC_CONST, .val = 0 };
	tp = &g->b->temps[t];
	switch (tp->kind) {
	case IR_TEMP_GLOBAL:
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
static struct loc loc_in(const struct gen *g, ir_t t)
{
	if (is_local(g, t) && g->konst[t])
		return (struct loc){ .kind = LOC_CONST, .val = g->kval[t] };
	return loc_of(g, t);
}

static struct x64_rm rm_of(struct loc l)
{
	return l.kind == LOC_REG ? x64_r(l.reg) : x64_m(ENV, l.disp);
}

static bool same_loc(struct loc x, struct loc y)
{
	if (x.kind != y.kind)
		return false;
	if (x.kind == LOC_REG)
		return x.reg == y.reg;
	return x.kind == LOC_MEM && x.disp == y.disp;
}

static bool is_reg(struct loc l, int reg)
{
	return l.kind == LOC_REG && l.reg == reg;
}

/* Can @v be an instruction's immediate at operand size @sz? */
static bool imm_ok(int sz, uint64_t v)
{
	return sz == 4 || (int64_t)v == (int32_t)v;
}

static void load(struct gen *g, int sz, int reg, struct loc l)
{
	switch (l.kind) {
	case LOC_REG:
		if (l.reg != reg)
			x64_mov_rr(g->a, sz, reg, l.reg);
		break;
	case LOC_MEM:
		x64_mov_rm_load(g->a, sz, reg, x64_m(ENV, l.disp));
		break;
	default:
		x64_mov_ri(g->a, sz, reg, sz == 4 ? (uint32_t)l.val : l.val);
		break;
	}
}

static void store(struct gen *g, int sz, struct loc l, int reg)
{
	if (l.kind == LOC_REG) {
		if (l.reg != reg)
			x64_mov_rr(g->a, sz, l.reg, reg);
	} else {
		x64_mov_store(g->a, sz, x64_m(ENV, l.disp), reg);
	}
}

/* d = x: every combination of locations. */
static void gen_move(struct gen *g, int sz, struct loc d, struct loc x)
{
	if (same_loc(d, x))
		return;
	if (d.kind == LOC_REG) {
		load(g, sz, d.reg, x);
	} else if (x.kind == LOC_REG) {
		store(g, sz, d, x.reg);
	} else if (x.kind == LOC_CONST && imm_ok(sz, x.val)) {
		x64_mov_mi(g->a, sz, rm_of(d), (int32_t)x.val);
	} else {
		load(g, sz, X64_RAX, x);
		store(g, sz, d, X64_RAX);
	}
}

/* --- arithmetic --- */

/* reg op= y, y anywhere. */
static void alu_with(struct gen *g, enum x64_alu op, int sz, int reg,
		     struct loc y)
{
	switch (y.kind) {
	case LOC_REG:
		x64_alu_r_rm(g->a, op, sz, reg, x64_r(y.reg));
		break;
	case LOC_MEM:
		x64_alu_r_rm(g->a, op, sz, reg, x64_m(ENV, y.disp));
		break;
	default:
		if (imm_ok(sz, y.val)) {
			x64_alu_rm_i(g->a, op, sz, x64_r(reg), (int32_t)y.val);
		} else {
			x64_mov_ri(g->a, 8, X64_RCX, y.val);
			x64_alu_r_rm(g->a, op, sz, reg, x64_r(X64_RCX));
		}
		break;
	}
}

static void gen_alu(struct gen *g, enum x64_alu op, bool commutes, int sz,
		    struct loc d, struct loc x, struct loc y)
{
	struct loc t;

	if (commutes && ((x.kind == LOC_CONST && y.kind != LOC_CONST) ||
			 (d.kind == LOC_REG && is_reg(y, d.reg) &&
			  !is_reg(x, d.reg)))) {
		t = x;
		x = y;
		y = t;
	}
	if (d.kind == LOC_REG && (!is_reg(y, d.reg) || is_reg(x, d.reg))) {
		load(g, sz, d.reg, x);
		alu_with(g, op, sz, d.reg, y);
		return;
	}
	if (d.kind == LOC_MEM && same_loc(d, x)) {
		/* the read-modify-write form: add [cpu+eax], 4 */
		if (y.kind == LOC_CONST && imm_ok(sz, y.val)) {
			x64_alu_rm_i(g->a, op, sz, rm_of(d), (int32_t)y.val);
		} else if (y.kind == LOC_REG) {
			x64_alu_rm_r(g->a, op, sz, rm_of(d), y.reg);
		} else {
			load(g, sz, X64_RAX, y);
			x64_alu_rm_r(g->a, op, sz, rm_of(d), X64_RAX);
		}
		return;
	}
	load(g, sz, X64_RAX, x);
	alu_with(g, op, sz, X64_RAX, y);
	store(g, sz, d, X64_RAX);
}

static void gen_shift(struct gen *g, enum x64_shift op, int sz, struct loc d,
		      struct loc x, struct loc y)
{
	struct x64_rm target;

	if (y.kind != LOC_CONST)
		load(g, 4, X64_RCX, y);	/* the count, before d changes */
	if (d.kind == LOC_REG) {
		load(g, sz, d.reg, x);
		target = x64_r(d.reg);
	} else if (same_loc(d, x)) {
		target = rm_of(d);
	} else {
		load(g, sz, X64_RAX, x);
		target = x64_r(X64_RAX);
	}
	/* x86 masks the count to 5 or 6 bits, as the IR specifies */
	if (y.kind == LOC_CONST)
		x64_shift_i(g->a, op, sz, target, (uint8_t)(y.val & (sz * 8u - 1)));
	else
		x64_shift_cl(g->a, op, sz, target);
	if (target.is_reg && target.reg == X64_RAX)
		store(g, sz, d, X64_RAX);
}

static void gen_mul(struct gen *g, int sz, struct loc d, struct loc x,
		    struct loc y)
{
	int reg = d.kind == LOC_REG ? d.reg : X64_RAX;
	struct loc t;

	if (is_reg(y, reg) || x.kind == LOC_CONST) {
		t = x;
		x = y;
		y = t;
	}
	load(g, sz, reg, x);
	if (y.kind == LOC_CONST) {
		x64_mov_ri(g->a, sz, X64_RCX, y.val);
		y = (struct loc){ .kind = LOC_REG, .reg = X64_RCX };
	}
	x64_imul(g->a, sz, reg, rm_of(y));
	store(g, sz, d, reg);
}

static void gen_unary(struct gen *g, bool neg, int sz, struct loc d,
		      struct loc x)
{
	struct x64_rm target;

	if (d.kind == LOC_REG) {
		load(g, sz, d.reg, x);
		target = x64_r(d.reg);
	} else if (same_loc(d, x)) {
		target = rm_of(d);
	} else {
		load(g, sz, X64_RAX, x);
		target = x64_r(X64_RAX);
	}
	if (neg)
		x64_neg(g->a, sz, target);
	else
		x64_not(g->a, sz, target);
	if (target.is_reg && target.reg == X64_RAX)
		store(g, sz, d, X64_RAX);
}

/* The value of a unary op on a constant, as interp.c computes it. */
static uint64_t fold_unary(int opc, uint64_t v)
{
	switch (opc) {
	case IR_ext8s:
		return (uint32_t)(int32_t)(int8_t)v;
	case IR_ext8u:
		return v & 0xff;
	case IR_ext16s:
		return (uint32_t)(int32_t)(int16_t)v;
	case IR_ext16u:
		return v & 0xffff;
	case IR_bswap:
		return __builtin_bswap32((uint32_t)v);
	case IR_ext_i32_i64:
		return (uint64_t)(int64_t)(int32_t)v;
	case IR_extu_i32_i64:
	case IR_trunc_i64_i32:
		return (uint32_t)v;
	default:	/* IR_shr_i64_i32 */
		return v >> 32;
	}
}

/* Extensions, bswap and the i32/i64 conversions. */
static void gen_convert(struct gen *g, const struct ir_op *op, struct loc d,
			struct loc x)
{
	int reg = d.kind == LOC_REG ? d.reg : X64_RAX;
	int dsz = op->opc == IR_ext_i32_i64 || op->opc == IR_extu_i32_i64 ? 8 : 4;
	struct x64_rm src = rm_of(x);

	if (x.kind == LOC_CONST) {
		gen_move(g, dsz, d, (struct loc){ .kind = LOC_CONST,
			 .val = fold_unary(op->opc, x.val) });
		return;
	}
	switch (op->opc) {
	case IR_ext8s:
		x64_movsx(g->a, 4, 1, reg, src);
		break;
	case IR_ext8u:
		x64_movzx(g->a, 4, 1, reg, src);
		break;
	case IR_ext16s:
		x64_movsx(g->a, 4, 2, reg, src);
		break;
	case IR_ext16u:
		x64_movzx(g->a, 4, 2, reg, src);
		break;
	case IR_bswap:
		load(g, 4, reg, x);
		x64_bswap(g->a, 4, reg);
		break;
	case IR_ext_i32_i64:
		x64_movsx(g->a, 8, 4, reg, src);
		break;
	case IR_extu_i32_i64:
		/* a 32-bit mov clears the upper half, even onto itself */
		x64_mov_rm_load(g->a, 4, reg, src);
		break;
	case IR_trunc_i64_i32:
		load(g, 4, reg, x);
		break;
	default:	/* IR_shr_i64_i32 */
		if (x.kind == LOC_MEM) {
			x64_mov_rm_load(g->a, 4, reg, x64_m(ENV, x.disp + 4));
		} else {
			load(g, 8, reg, x);
			x64_shift_i(g->a, X64_SHR, 8, x64_r(reg), 32);
		}
		break;
	}
	store(g, dsz, d, reg);
}

/* reg &= mask, with rdx for a 64-bit mask that is no immediate. */
static void and_mask(struct gen *g, int sz, int reg, uint64_t mask)
{
	if (imm_ok(sz, mask)) {
		x64_alu_rm_i(g->a, X64_AND, sz, x64_r(reg), (int32_t)mask);
	} else if (mask == 0xffffffffu) {
		x64_mov_rr(g->a, 4, reg, reg);
	} else {
		x64_mov_ri(g->a, 8, X64_RDX, mask);
		x64_alu_r_rm(g->a, X64_AND, sz, reg, x64_r(X64_RDX));
	}
}

static uint64_t width_mask(int sz)
{
	return sz == 8 ? ~0ULL : 0xffffffffULL;
}

/* d = (x & ~mask) | ((y << pos) & mask), mask = len bits at pos. */
static void gen_deposit(struct gen *g, int sz, uint64_t imm, struct loc d,
			struct loc x, struct loc y)
{
	unsigned pos = imm & 0xff, len = (unsigned)(imm >> 8);
	unsigned bits = (unsigned)sz * 8;
	uint64_t mask;

	pos &= bits - 1;
	mask = ((len >= bits ? ~0ULL : (1ULL << len) - 1) << pos) & width_mask(sz);
	if (!mask) {
		gen_move(g, sz, d, x);
		return;
	}
	load(g, sz, X64_RAX, y);
	if (pos)
		x64_shift_i(g->a, X64_SHL, sz, x64_r(X64_RAX), (uint8_t)pos);
	if (mask != width_mask(sz))
		and_mask(g, sz, X64_RAX, mask);
	if (~mask & width_mask(sz)) {
		load(g, sz, X64_RCX, x);
		and_mask(g, sz, X64_RCX, ~mask & width_mask(sz));
		x64_alu_r_rm(g->a, X64_OR, sz, X64_RAX, x64_r(X64_RCX));
	}
	store(g, sz, d, X64_RAX);
}

static void gen_extract(struct gen *g, int sz, uint64_t imm, struct loc d,
			struct loc x)
{
	unsigned pos = imm & 0xff, len = (unsigned)(imm >> 8);
	unsigned bits = (unsigned)sz * 8;
	int reg = d.kind == LOC_REG ? d.reg : X64_RAX;

	pos &= bits - 1;
	load(g, sz, reg, x);
	if (pos)
		x64_shift_i(g->a, X64_SHR, sz, x64_r(reg), (uint8_t)pos);
	if (len < bits - pos)
		and_mask(g, sz, reg, (1ULL << len) - 1);
	store(g, sz, d, reg);
}

static const enum x64_cc cc_of[] = {
	[IR_EQ] = X64_CC_E, [IR_NE] = X64_CC_NE,
	[IR_LT] = X64_CC_L, [IR_GE] = X64_CC_GE,
	[IR_LE] = X64_CC_LE, [IR_GT] = X64_CC_G,
	[IR_LTU] = X64_CC_B, [IR_GEU] = X64_CC_AE,
	[IR_LEU] = X64_CC_BE, [IR_GTU] = X64_CC_A,
};

/* Set the host flags from x - y. */
static void gen_cmp(struct gen *g, int sz, struct loc x, struct loc y)
{
	if (x.kind == LOC_CONST || (x.kind == LOC_MEM && y.kind == LOC_MEM)) {
		load(g, sz, X64_RAX, x);
		x = (struct loc){ .kind = LOC_REG, .reg = X64_RAX };
	}
	if (y.kind == LOC_CONST) {
		if (imm_ok(sz, y.val)) {
			x64_alu_rm_i(g->a, X64_CMP, sz, rm_of(x), (int32_t)y.val);
			return;
		}
		x64_mov_ri(g->a, 8, X64_RCX, y.val);
		y = (struct loc){ .kind = LOC_REG, .reg = X64_RCX };
	}
	if (y.kind == LOC_REG)
		x64_alu_rm_r(g->a, X64_CMP, sz, rm_of(x), y.reg);
	else
		x64_alu_r_rm(g->a, X64_CMP, sz, x.reg, rm_of(y));
}

/* --- calls and guest memory --- */

/*
 * Call C.  The callee may invalidate TBs, this one included: tb.c then
 * needs tb_running (set here, not at every TB entry), and we need
 * tb_running_invalidated, copied to a byte of the CPU that insn_start and
 * goto_tb can test in one instruction.  rcx is free afterwards; rax holds
 * the result.
 */
static void call_c(struct gen *g, const void *fn)
{
	x64_mov_ri(g->a, 8, X64_RAX, (uint64_t)(uintptr_t)fn);
	x64_call_r(g->a, X64_RAX);
	x64_mov_ri(g->a, 8, X64_RCX, (uint64_t)(uintptr_t)&tb_running_invalidated);
	x64_movzx(g->a, 4, 1, X64_RCX, x64_m(X64_RCX, 0));
	x64_alu_rm_r(g->a, X64_OR, 1, x64_m(ENV, INVALIDATED), X64_RCX);
	g->may_invalidate = true;
}

/* Before a call's arguments are loaded (uses rax and rcx). */
static void set_tb_running(struct gen *g)
{
	x64_mov_ri(g->a, 8, X64_RAX, (uint64_t)(uintptr_t)&tb_running);
	x64_mov_ri(g->a, 8, X64_RCX, (uint64_t)(uintptr_t)g->tb);
	x64_mov_store(g->a, 8, x64_m(X64_RAX, 0), X64_RCX);
}

/* Caller-saved registers holding temporaries live across op @i. */
static unsigned live_across(const struct gen *g, int i)
{
	unsigned mask = 0;
	int t;

	for (t = g->b->n_globals; t < g->b->n_temps; t++)
		if (g->reg_of[t] >= 0 && g->first[t] < i && g->last[t] > i)
			mask |= 1u << g->reg_of[t];
	return mask & CALLER_SAVED_MASK;
}

/* Push @mask's registers, keeping rsp 16-byte aligned for the call. */
static void save_regs(struct gen *g, unsigned mask)
{
	int r;

	for (r = 0; r < 16; r++)
		if (mask & (1u << r))
			x64_push(g->a, r);
	if (__builtin_popcount(mask) & 1)
		x64_alu_rm_i(g->a, X64_SUB, 8, x64_r(X64_RSP), 8);
}

static void restore_regs(struct gen *g, unsigned mask)
{
	int r;

	if (__builtin_popcount(mask) & 1)
		x64_alu_rm_i(g->a, X64_ADD, 8, x64_r(X64_RSP), 8);
	for (r = 15; r >= 0; r--)
		if (mask & (1u << r))
			x64_pop(g->a, r);
}

static int temp_size(const struct gen *g, ir_t t)
{
	if (t == IR_NONE || g->b->temps[t].kind == IR_TEMP_CONST)
		return 8;
	return ir_temp_type(g->b, t) == IR_I64 ? 8 : 4;
}

/* A helper's argument: an i32 is passed zero-extended. */
static void load_arg(struct gen *g, int reg, ir_t t)
{
	struct loc l = loc_in(g, t);

	if (temp_size(g, t) == 4 && is_reg(l, reg))
		x64_mov_rr(g->a, 4, reg, reg);
	else
		load(g, temp_size(g, t), reg, l);
}

/* d = helper(cpu, a, b, c): System V arguments rdi, rsi, rdx, rcx. */
static void gen_call(struct gen *g, int i, const struct ir_op *op, struct loc d)
{
	const struct ir_helper *h = ir_helper_get((int)op->imm);
	unsigned saved = live_across(g, i);

	save_regs(g, saved);
	set_tb_running(g);
	/* rdx and rcx hold no temporaries: fill them first, then rsi
	 * (which may be read as another argument) and rdi last */
	load_arg(g, X64_RDX, op->args[2]);
	load_arg(g, X64_RCX, op->args[3]);
	load_arg(g, X64_RSI, op->args[1]);
	x64_mov_rr(g->a, 8, X64_RDI, ENV);
	call_c(g, h ? (const void *)h->fn : NULL);
	restore_regs(g, saved);
	if (op->args[0] != IR_NONE)
		store(g, temp_size(g, op->args[0]), d, X64_RAX);
}

static struct slow_path *new_slow(struct gen *g, int i, struct loc addr,
				  struct loc val)
{
	struct slow_path *s = &g->slow[g->n_slow++];

	s->op = i;
	s->n_jumps = 0;
	s->addr = addr;
	s->val = val;
	s->store_eip = g->eip_pending;
	s->eip = g->cur_eip;
	return s;
}

static void to_slow(struct gen *g, struct slow_path *s, enum x64_cc cc)
{
	s->jumps[s->n_jumps++] = x64_jcc(g->a, cc, (size_t)-1);
}

/*
 * Leave the linear address in edx and the host address's addend in rax,
 * or branch to the slow path.  The segment part is seg_check() for a
 * non-expand-down data segment (in protected mode) and the TLB part is
 * ld_lin()/st_lin()'s: the entry's tag, bit 2 (global) aside, must be the
 * page of the access's last byte, which fails for an access that crosses
 * into the next page as for a miss or a TLB_SLOW page.
 */
static void gen_tlb_lookup(struct gen *g, struct slow_path *s, struct loc addr,
			   int seg, int mmu, unsigned size, bool write)
{
	struct x64_asm *a = g->a;
	int32_t tlb = CPU_OFF(tlb) + mmu * TLB_SIZE * (int32_t)sizeof(struct tlb_entry);
	int32_t tag = write ? (int32_t)offsetof(struct tlb_entry, tag_write) :
			      (int32_t)offsetof(struct tlb_entry, tag_read);

	load(g, 4, X64_RDX, addr);
	/* flat ES, SS and DS (the TB's key says so): lin = ea, no checks */
	if ((g->tb->flags & HF_FLAT) &&
	    (seg == R_ES || seg == R_SS || seg == R_DS))
		seg = SEG_NONE;
	if (seg != SEG_NONE) {
		int32_t sd = CPU_OFF(seg) + seg * (int32_t)sizeof(struct x86_seg);
		bool pm = (g->tb->flags & (HF_PE | HF_VM)) == HF_PE;

		x64_mov_rm_load(a, 4, X64_RAX, x64_m(ENV, sd + (int32_t)offsetof(struct x86_seg, flags)));
		if (pm) {
			uint32_t need = DESC_P | DESC_S | (write ? DESC_RW : 0);

			x64_alu_rm_i(a, X64_AND, 4, x64_r(X64_RAX),
				     (int32_t)(need | DESC_CODE | DESC_EXPDOWN));
			x64_alu_rm_i(a, X64_CMP, 4, x64_r(X64_RAX), (int32_t)need);
			to_slow(g, s, X64_CC_NE);
		} else {
			x64_alu_rm_i(a, X64_AND, 4, x64_r(X64_RAX),
				     DESC_S | DESC_CODE | DESC_EXPDOWN);
			x64_alu_rm_i(a, X64_CMP, 4, x64_r(X64_RAX),
				     DESC_S | DESC_EXPDOWN);
			to_slow(g, s, X64_CC_E);
		}
		if (size > 1) {
			x64_lea(a, 4, X64_RCX, x64_m(X64_RDX, (int32_t)size - 1));
			x64_alu_rm_r(a, X64_CMP, 4, x64_r(X64_RCX), X64_RDX);
			to_slow(g, s, X64_CC_B);	/* wraps around 4 GiB */
		} else {
			x64_mov_rr(a, 4, X64_RCX, X64_RDX);
		}
		x64_alu_r_rm(a, X64_CMP, 4, X64_RCX,
			     x64_m(ENV, sd + (int32_t)offsetof(struct x86_seg, limit)));
		to_slow(g, s, X64_CC_A);
		x64_alu_r_rm(a, X64_ADD, 4, X64_RDX,
			     x64_m(ENV, sd + (int32_t)offsetof(struct x86_seg, base)));
	}
	if ((g->tb->flags & HF_CPL_MASK) == 3 && size > 1) {
		/* #AC is possible: misaligned accesses take the slow path */
		x64_test_rm_i(a, 4, x64_r(X64_RDX), (int32_t)size - 1);
		to_slow(g, s, X64_CC_NE);
	}
	x64_mov_rr(a, 4, X64_RAX, X64_RDX);
	x64_shift_i(a, X64_SHR, 4, x64_r(X64_RAX), 12);
	x64_alu_rm_i(a, X64_AND, 4, x64_r(X64_RAX), TLB_SIZE - 1);
	x64_lea(a, 4, X64_RAX, x64_mi(X64_RAX, X64_RAX, 2, 0));
	if (size > 1)
		x64_lea(a, 4, X64_RCX, x64_m(X64_RDX, (int32_t)size - 1));
	else
		x64_mov_rr(a, 4, X64_RCX, X64_RDX);
	x64_alu_rm_i(a, X64_AND, 4, x64_r(X64_RCX), (int32_t)0xfffff000u);
	x64_alu_r_rm(a, X64_XOR, 4, X64_RCX, x64_mi(ENV, X64_RAX, 8, tlb + tag));
	x64_test_rm_i(a, 4, x64_r(X64_RCX), ~4);
	to_slow(g, s, X64_CC_NE);
	x64_mov_rm_load(a, 8, X64_RAX, x64_mi(ENV, X64_RAX, 8,
		tlb + (int32_t)offsetof(struct tlb_entry, addend)));
}

static void gen_qld(struct gen *g, int i, const struct ir_op *op, struct loc d)
{
	int memop = (int)(op->imm & 0xff);
	struct slow_path *s = new_slow(g, i, loc_in(g, op->args[1]),
				       (struct loc){ .kind = LOC_CONST });
	struct x64_rm host = x64_mi(X64_RAX, X64_RDX, 1, 0);

	gen_tlb_lookup(g, s, s->addr, (int)(op->imm >> 8) & 15,
		       (int)(op->imm >> 12) & 15, 1u << (memop & MO_SIZE), false);
	switch (memop) {
	case MO_8:
		x64_movzx(g->a, 4, 1, X64_RAX, host);
		break;
	case MO_S8:
		x64_movsx(g->a, 8, 1, X64_RAX, host);
		break;
	case MO_16:
		x64_movzx(g->a, 4, 2, X64_RAX, host);
		break;
	case MO_S16:
		x64_movsx(g->a, 8, 2, X64_RAX, host);
		break;
	case MO_32:
		x64_mov_rm_load(g->a, 4, X64_RAX, host);
		break;
	case MO_32 | MO_SIGN:
		x64_movsx(g->a, 8, 4, X64_RAX, host);
		break;
	default:
		x64_mov_rm_load(g->a, 8, X64_RAX, host);
		break;
	}
	s->join = g->a->len;
	store(g, op->type == IR_I64 ? 8 : 4, d, X64_RAX);
	g->may_invalidate = true;	/* a page walk may set A in code */
}

static void gen_qst(struct gen *g, int i, const struct ir_op *op)
{
	int memop = (int)(op->imm & 0xff);
	int size = 1 << (memop & MO_SIZE);
	struct slow_path *s = new_slow(g, i, loc_in(g, op->args[1]),
				       loc_in(g, op->args[0]));
	struct x64_rm host = x64_mi(X64_RAX, X64_RDX, 1, 0);
	struct loc v = s->val;

	gen_tlb_lookup(g, s, s->addr, (int)(op->imm >> 8) & 15,
		       (int)(op->imm >> 12) & 15, (unsigned)size, true);
	if (v.kind == LOC_CONST && imm_ok(size, v.val)) {
		x64_mov_mi(g->a, size, host, (int32_t)v.val);
	} else if (v.kind == LOC_REG) {
		x64_mov_store(g->a, size, host, v.reg);
	} else {
		load(g, size == 8 ? 8 : 4, X64_RCX, v);
		x64_mov_store(g->a, size, host, X64_RCX);
	}
	s->join = g->a->len;
	g->may_invalidate = true;
}

/* The calls of mmu_ld/mmu_st, for what the inline path does not do. */
static void gen_slow_path(struct gen *g, const struct slow_path *s)
{
	const struct ir_op *op = &g->b->ops[s->op];
	unsigned saved = live_across(g, s->op);
	int memop = (int)(op->imm & 0xff), k;
	bool st = op->opc == IR_qst;

	for (k = 0; k < s->n_jumps; k++)
		x64_patch_rel32(g->a, s->jumps[k], g->a->len);
	if (s->store_eip)
		x64_mov_mi(g->a, 4, x64_m(ENV, CPU_OFF(eip)), (int32_t)s->eip);
	save_regs(g, saved);
	set_tb_running(g);
	/* rcx and rdx first: the other argument registers may hold the
	 * value or the address */
	if (st)
		load(g, (memop & MO_SIZE) == MO_64 ? 8 : 4, X64_RCX, s->val);
	load(g, 4, X64_RDX, s->addr);
	x64_mov_rr(g->a, 8, X64_RDI, ENV);
	x64_mov_ri(g->a, 4, X64_RSI, (op->imm >> 8) & 15);
	if (st) {
		x64_mov_ri(g->a, 4, X64_R8, (uint32_t)memop);
		x64_mov_ri(g->a, 4, X64_R9, (op->imm >> 12) & 15);
		call_c(g, (const void *)mmu_st);
	} else {
		x64_mov_ri(g->a, 4, X64_RCX, (uint32_t)memop);
		x64_mov_ri(g->a, 4, X64_R8, (op->imm >> 12) & 15);
		call_c(g, (const void *)mmu_ld);
	}
	restore_regs(g, saved);
	x64_jmp(g->a, s->join);
}

/* --- control flow and exits --- */

static void exit_with(struct gen *g, uintptr_t value)
{
	if (value)
		x64_mov_ri(g->a, 8, X64_RAX, value);
	else
		x64_alu_r_rm(g->a, X64_XOR, 4, X64_RAX, x64_r(X64_RAX));
	x64_emit_epilogue(g->a);
}

/* Flags: ZF clear when the running TB was invalidated. */
static void check_invalidated(struct gen *g)
{
	x64_alu_rm_i(g->a, X64_CMP, 1, x64_m(ENV, INVALIDATED), 0);
}

static void gen_insn_start(struct gen *g, const struct ir_op *op)
{
	g->cur_eip = (uint32_t)op->imm;
	g->eip_pending = true;
	/* a store of the previous instruction may have hit this TB's code:
	 * stop before running stale code (interp.c does the same) */
	if (!g->may_invalidate)
		return;
	check_invalidated(g);
	g->inval[g->n_inval].jump = x64_jcc(g->a, X64_CC_NE, (size_t)-1);
	g->inval[g->n_inval++].eip = g->cur_eip;
	g->may_invalidate = false;
}

/* cpu->eip as the interpreter would have it by now. */
static void flush_eip(struct gen *g)
{
	if (!g->eip_pending)
		return;
	x64_mov_mi(g->a, 4, x64_m(ENV, CPU_OFF(eip)), (int32_t)g->cur_eip);
	g->eip_pending = false;
}

/* Write the folded constants of locals still to be read after op @i
 * to their homes: control flow is about to join. */
static void materialize(struct gen *g, int i)
{
	int t;

	for (t = g->b->n_globals; t < g->b->n_temps; t++) {
		if (!g->dirty[t])
			continue;
		g->dirty[t] = false;
		if (g->last[t] > i)
			gen_move(g, temp_size(g, (ir_t)t), loc_of(g, (ir_t)t),
				 (struct loc){ .kind = LOC_CONST, .val = g->kval[t] });
	}
}

/*
 * goto_tb: chain to the next TB when linked and when interp.c would:
 * no pending request, budget left, this TB still valid.
 */
static void gen_goto_tb(struct gen *g, int slot)
{
	struct x64_asm *a = g->a;
	size_t tail, checks[4], masked, undo, exit;
	int k, n = 0;

	if (slot < 0 || slot > 1 || g->hdr->tail[slot] != X64_NO_SLOT) {
		/* not a slot that can be linked: always leave */
		exit_with(g, (uintptr_t)g->tb | (uintptr_t)(slot & 1));
		return;
	}
	/*
	 * interp.c's order: (linked), nothing pending, budget left, still
	 * valid.  The budget is spent before the linked jump is known:
	 * unlinked, the jump goes where it is given back.
	 *
	 * One difference: an interrupt request while EFLAGS.IF is clear
	 * does not stop the chain.  The loop could not deliver it and would
	 * only look the next TB up again, so the guest sees the same; but
	 * firmware leaves the PIT's IRQ 0 pending through all of a kernel's
	 * cli'd decompression, which would otherwise run unchained.
	 */
	x64_mov_rm_load(a, 4, X64_RAX, x64_m(ENV, CPU_OFF(pending)));
	x64_alu_r_rm(a, X64_AND, 4, X64_RAX, x64_r(X64_RAX));
	masked = x64_jcc(a, X64_CC_E, (size_t)-1);
	x64_alu_rm_i(a, X64_CMP, 4, x64_r(X64_RAX), PENDING_IRQ);
	checks[n++] = x64_jcc(a, X64_CC_NE, (size_t)-1);
	x64_test_rm_i(a, 4, x64_m(ENV, CPU_OFF(eflags)), IF_MASK);
	checks[n++] = x64_jcc(a, X64_CC_NE, (size_t)-1);
	x64_patch_rel32(a, masked, a->len);
	x64_alu_rm_i(a, X64_SUB, 8, x64_m(ENV, CPU_OFF(budget)), 1);
	checks[n++] = x64_jcc(a, X64_CC_LE, (size_t)-1);
	if (g->may_invalidate) {
		check_invalidated(g);
		checks[n++] = x64_jcc(a, X64_CC_NE, (size_t)-1);
	}
	tail = x64_jmp(a, (size_t)-1);
	undo = a->len;
	x64_alu_rm_i(a, X64_ADD, 8, x64_m(ENV, CPU_OFF(budget)), 1);
	exit = a->len;
	exit_with(g, (uintptr_t)g->tb | (uintptr_t)slot);
	x64_patch_rel32(a, tail, undo);
	for (k = 0; k < n; k++)
		x64_patch_rel32(a, checks[k], exit);
	g->hdr->tail[slot] = (uint32_t)tail;
	g->hdr->exit[slot] = (uint32_t)undo;
}

static void gen_branch(struct gen *g, size_t pos, int label)
{
	g->fixups[g->n_fixups].pos = pos;
	g->fixups[g->n_fixups].label = label;
	g->n_fixups++;
}

/* --- register allocation --- */

static bool is_branch(const struct ir_op *op)
{
	return op->opc == IR_br || op->opc == IR_brcond;
}

static int branch_label(const struct ir_op *op)
{
	return (int)(op->opc == IR_br ? op->imm : op->imm >> 8);
}

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

static int pick(const int8_t *regs, int n, const int *busy_until, int first)
{
	int k;

	for (k = 0; k < n; k++)
		if (busy_until[regs[k]] < first)
			return regs[k];
	return -1;
}

static void allocate(struct gen *g)
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
			if (spans_call) {
				r = pick(callee_saved, (int)sizeof(callee_saved), busy_until, i);
				if (r < 0)
					r = pick(caller_saved, (int)sizeof(caller_saved), busy_until, i);
			} else {
				r = pick(caller_saved, (int)sizeof(caller_saved), busy_until, i);
				if (r < 0)
					r = pick(callee_saved, (int)sizeof(callee_saved), busy_until, i);
			}
			if (r < 0)
				continue;	/* stays in cpu->itemp */
			g->reg_of[t] = (int8_t)r;
			busy_until[r] = g->last[t];
		}
	}
}

/* --- the TB --- */

static void gen_op(struct gen *g, int i, const struct ir_op *op, struct loc d)
{
	int sz = op->type == IR_I64 ? 8 : 4;
	struct loc x = loc_in(g, op->args[1]);
	struct loc y = loc_in(g, op->args[2]);

	switch (op->opc) {
	case IR_nop:
		break;
	case IR_mov:
		gen_move(g, sz, d, x);
		break;
	case IR_movi:
		gen_move(g, sz, d, (struct loc){ .kind = LOC_CONST,
			 .val = sz == 4 ? (uint32_t)op->imm : op->imm });
		break;
	case IR_add:
		gen_alu(g, X64_ADD, true, sz, d, x, y);
		break;
	case IR_sub:
		gen_alu(g, X64_SUB, false, sz, d, x, y);
		break;
	case IR_and:
		gen_alu(g, X64_AND, true, sz, d, x, y);
		break;
	case IR_or:
		gen_alu(g, X64_OR, true, sz, d, x, y);
		break;
	case IR_xor:
		gen_alu(g, X64_XOR, true, sz, d, x, y);
		break;
	case IR_shl:
		gen_shift(g, X64_SHL, sz, d, x, y);
		break;
	case IR_shr:
		gen_shift(g, X64_SHR, sz, d, x, y);
		break;
	case IR_sar:
		gen_shift(g, X64_SAR, sz, d, x, y);
		break;
	case IR_rotl:
		gen_shift(g, X64_ROL, sz, d, x, y);
		break;
	case IR_rotr:
		gen_shift(g, X64_ROR, sz, d, x, y);
		break;
	case IR_mul:
		gen_mul(g, sz, d, x, y);
		break;
	case IR_neg:
	case IR_not:
		gen_unary(g, op->opc == IR_neg, sz, d, x);
		break;
	case IR_ext8s:
	case IR_ext8u:
	case IR_ext16s:
	case IR_ext16u:
	case IR_bswap:
	case IR_ext_i32_i64:
	case IR_extu_i32_i64:
	case IR_trunc_i64_i32:
	case IR_shr_i64_i32:
		gen_convert(g, op, d, x);
		break;
	case IR_setcond: {
		/* the comparison has the op's width; the result is 32 bits */
		int reg = d.kind == LOC_REG ? d.reg : X64_RAX;

		gen_cmp(g, sz, x, y);
		x64_setcc(g->a, cc_of[op->imm % 10], X64_RAX);
		x64_movzx(g->a, 4, 1, reg, x64_r(X64_RAX));
		store(g, 4, d, reg);
		break;
	}
	case IR_deposit:
		gen_deposit(g, sz, op->imm, d, x, y);
		break;
	case IR_extract:
		gen_extract(g, sz, op->imm, d, x);
		break;
	case IR_ld_env:
		if (d.kind == LOC_REG) {
			x64_mov_rm_load(g->a, 4, d.reg, x64_m(ENV, (int32_t)op->imm));
		} else {
			x64_mov_rm_load(g->a, 4, X64_RAX, x64_m(ENV, (int32_t)op->imm));
			store(g, 4, d, X64_RAX);
		}
		break;
	case IR_st_env:
		gen_move(g, 4, (struct loc){ .kind = LOC_MEM, .disp = (int32_t)op->imm },
			 loc_in(g, op->args[0]));
		break;
	case IR_qld:
		gen_qld(g, i, op, d);
		break;
	case IR_qst:
		gen_qst(g, i, op);
		break;
	case IR_label:
		if (op->imm < (uint64_t)g->b->n_labels)
			g->label_pos[op->imm] = g->a->len;
		break;
	case IR_br:
		gen_branch(g, x64_jmp(g->a, (size_t)-1), (int)op->imm);
		break;
	case IR_brcond:
		/* args are inputs only */
		gen_cmp(g, sz, loc_in(g, op->args[0]), x);
		gen_branch(g, x64_jcc(g->a, cc_of[(op->imm & 0xff) % 10], (size_t)-1),
			   (int)(op->imm >> 8));
		break;
	case IR_call:
		gen_call(g, i, op, d);
		g->may_invalidate = true;
		break;
	case IR_insn_start:
		gen_insn_start(g, op);
		break;
	case IR_goto_tb:
		gen_goto_tb(g, (int)op->imm);
		break;
	case IR_exit_tb:
		exit_with(g, 0);
		break;
	default:
		break;
	}
}

static bool is_eip(const struct gen *g, ir_t t)
{
	return t != IR_NONE && g->b->temps[t].kind == IR_TEMP_GLOBAL &&
	       g->b->temps[t].offset == offsetof(struct x86_cpu, eip);
}

static bool writes_eip(const struct gen *g, const struct ir_op *op)
{
	return (ir_opdefs[op->opc].n_out && is_eip(g, op->args[0])) ||
	       (op->opc == IR_st_env && op->imm == offsetof(struct x86_cpu, eip));
}

/*
 * A branch from op @i to @label: leave eip lazy when no instruction
 * starts and nothing writes eip before the label, so both ways reach it
 * owing the same store; else store it now.
 */
static void eip_at_branch(struct gen *g, int i, int label)
{
	int j, to;

	if (!g->eip_pending)
		return;
	if (getenv("X64_NO_LAZYBR")) { flush_eip(g); return; }
	to = label >= 0 && label < g->b->n_labels ? g->label_op[label] : -1;
	if (to > i) {
		for (j = i + 1; j < to; j++)
			if (g->b->ops[j].opc == IR_insn_start ||
			    writes_eip(g, &g->b->ops[j]))
				break;
		if (j == to) {
			g->lab_eip_pending[label] = true;
			return;
		}
	}
	flush_eip(g);
}

/* Ops whose only effect is their output. */
static bool is_pure(const struct ir_op *op)
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
		return false;
	default:
		return ir_opdefs[op->opc].n_out == 1;
	}
}

/*
 * Dead stores to globals (the lazy flags above all: cc_op, cc_dst and
 * cc_src are written by most instructions and read by few).  A write is
 * dead when the same global is written again before anything could see
 * it: a read, a call or memory access (a helper or a fault sees the
 * CPU), a branch or label, an exit, an insn_start that may leave the TB.
 */
static void find_dead_stores(struct gen *g)
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
			if (read || leaves[j] || (!is_pure(o) && o->opc != IR_nop &&
						  o->opc != IR_insn_start))
				break;
			if (d->n_out && o->args[0] == gl) {
				g->dead[i] = true;
				break;
			}
		}
	}
}

/* "qld t, [a], 8 or 16 bits; ext t2, t" with t dead after: the load
 * extended the value already, the same way. */
static bool is_reload_ext(const struct gen *g, int i)
{
	static const int memop_of[IR_NB_OPS] = {
		[IR_ext8u] = MO_8 + 1, [IR_ext8s] = MO_S8 + 1,
		[IR_ext16u] = MO_16 + 1, [IR_ext16s] = MO_S16 + 1,
	};
	const struct ir_op *op = &g->b->ops[i], *ld = op - 1;

	return !getenv("X64_NO_REEXT") && i > 0 && memop_of[op->opc] && ld->opc == IR_qld &&
	       (int)(ld->imm & 0xff) == memop_of[op->opc] - 1 &&
	       ld->args[0] == op->args[1] && is_local(g, op->args[1]) &&
	       g->last[op->args[1]] == i && !g->dead[i - 1];
}

/* Bytes an op writes to its output. */
static int out_size(const struct gen *g, const struct ir_op *op)
{
	switch (op->opc) {
	case IR_setcond:
	case IR_ld_env:
	case IR_trunc_i64_i32:
	case IR_shr_i64_i32:
		return 4;
	case IR_ext_i32_i64:
	case IR_extu_i32_i64:
		return 8;
	case IR_call:
		return temp_size(g, op->args[0]);
	default:
		return op->type == IR_I64 ? 8 : 4;
	}
}

/*
 * "op t, ...; mov x, t" with t dead after the mov: the op writes x
 * itself.  Every op reads its inputs before it writes its output, so x
 * may be one of them.  Returns the mov, or NULL.
 */
static const struct ir_op *forward_to(const struct gen *g, int i)
{
	const struct ir_op *op = &g->b->ops[i], *mov = op + 1;
	ir_t t = op->args[0];

	if (i + 1 >= g->b->n_ops || ir_opdefs[op->opc].n_out != 1 ||
	    !is_local(g, t) || mov->opc != IR_mov || mov->args[1] != t ||
	    mov->args[0] == t || g->last[t] != i + 1 ||
	    out_size(g, op) != (mov->type == IR_I64 ? 8 : 4))
		return NULL;
	return mov;
}

/* "setcond t, a, b, c; brcond t, 0, ne|eq, L" with t dead after: one
 * compare and a conditional jump.  Returns true when done. */
static bool fuse_cmp_branch(struct gen *g, int i)
{
	static const enum ir_cond inverse[] = {
		[IR_EQ] = IR_NE, [IR_NE] = IR_EQ, [IR_LT] = IR_GE, [IR_GE] = IR_LT,
		[IR_LE] = IR_GT, [IR_GT] = IR_LE, [IR_LTU] = IR_GEU,
		[IR_GEU] = IR_LTU, [IR_LEU] = IR_GTU, [IR_GTU] = IR_LEU,
	};
	const struct ir_op *set = &g->b->ops[i], *br = set + 1;
	const struct ir_temp *zero;
	int cond = (int)(set->imm % 10), bc;
	ir_t t = set->args[0];

	if (set->opc != IR_setcond || i + 1 >= g->b->n_ops ||
	    br->opc != IR_brcond || br->args[0] != t || !is_local(g, t) ||
	    g->last[t] != i + 1 || is_eip(g, set->args[1]) ||
	    is_eip(g, set->args[2]))
		return false;
	zero = &g->b->temps[br->args[1]];
	bc = (int)(br->imm & 0xff);
	if (zero->kind != IR_TEMP_CONST || zero->val || (bc != IR_EQ && bc != IR_NE))
		return false;
	if (bc == IR_EQ)
		cond = (int)inverse[cond];
	materialize(g, i + 1);
	eip_at_branch(g, i + 1, (int)(br->imm >> 8));
	gen_cmp(g, set->type == IR_I64 ? 8 : 4, loc_in(g, set->args[1]),
		loc_in(g, set->args[2]));
	gen_branch(g, x64_jcc(g->a, cc_of[cond], (size_t)-1), (int)(br->imm >> 8));
	return true;
}

/* One op (and the mov it absorbs): the lazy eip and constants first. */
static int gen_one(struct gen *g, int i)
{
	const struct ir_op *op = &g->b->ops[i], *mov;
	const struct ir_opdef *def = &ir_opdefs[op->opc];
	ir_t out;
	int k;

	if (fuse_cmp_branch(g, i))
		return 2;
	mov = forward_to(g, i);
	if (mov && g->dead[i + 1]) {
		/* the result goes nowhere: drop the op if that is all it does */
		if (is_pure(op))
			return 2;
		mov = NULL;
	} else if (!mov && g->dead[i] && is_pure(op)) {
		return 1;
	}
	out = mov ? mov->args[0] : def->n_out ? op->args[0] : IR_NONE;
	if (is_reload_ext(g, i)) {
		/* the load extended it already */
		gen_move(g, 4, loc_of(g, out), loc_in(g, op->args[1]));
		if (is_local(g, out))
			g->konst[out] = g->dirty[out] = false;
		return mov ? 2 : 1;
	}
	for (k = def->n_out; k < def->n_out + def->n_in; k++)
		if (is_eip(g, op->args[k]))
			flush_eip(g);
	switch (op->opc) {
	case IR_ld_env:
		if (op->imm == offsetof(struct x86_cpu, eip))
			flush_eip(g);
		break;
	case IR_label:
		/* the way in from above settles its own eip; branches that
		 * left it lazy all owe the same one (eip_at_branch) */
		materialize(g, i);
		flush_eip(g);
		g->eip_pending = op->imm < (uint64_t)g->b->n_labels &&
				 g->lab_eip_pending[op->imm];
		memset(g->konst, 0, sizeof(g->konst[0]) * (size_t)g->b->n_temps);
		break;
	case IR_br:
	case IR_brcond:
		materialize(g, i);
		eip_at_branch(g, i, branch_label(op));
		break;
	case IR_call:
	case IR_goto_tb:
	case IR_exit_tb:
		flush_eip(g);
		break;
	case IR_movi:
	case IR_mov:
		/* a constant into a local: remember it, write it if needed */
		if (is_local(g, out) && (op->opc == IR_movi ||
					 loc_in(g, op->args[1]).kind == LOC_CONST)) {
			uint64_t v = op->opc == IR_movi ? op->imm :
				     loc_in(g, op->args[1]).val;

			g->konst[out] = true;
			g->dirty[out] = true;
			g->kval[out] = op->type == IR_I64 ? v : (uint32_t)v;
			return mov ? 2 : 1;
		}
		break;
	default:
		break;
	}
	gen_op(g, i, op, loc_of(g, out));
	if (is_local(g, out))
		g->konst[out] = g->dirty[out] = false;
	if (is_eip(g, out) ||
	    (op->opc == IR_st_env && op->imm == offsetof(struct x86_cpu, eip)))
		g->eip_pending = false;	/* the op wrote eip itself */
	return mov ? 2 : 1;
}

int x64_gen_tb(struct x64_asm *a, struct tb *tb, const struct ir_block *b,
	       struct x64_tb_hdr *hdr)
{
	static struct gen gs;
	struct gen *g = &gs;
	size_t end;
	int i, k;

	if (b->n_labels > IR_MAX_OPS ||
	    b->n_temps - b->n_globals > X64_INVALIDATED_SLOT)
		return -ENOSPC;
	g->a = a;
	g->b = b;
	g->tb = tb;
	g->hdr = hdr;
	g->n_fixups = 0;
	g->n_slow = 0;
	g->n_inval = 0;
	g->may_invalidate = false;
	g->eip_pending = false;
	memset(g->konst, 0, sizeof(g->konst[0]) * (size_t)b->n_temps);
	memset(g->dirty, 0, sizeof(g->dirty[0]) * (size_t)b->n_temps);
	memset(g->lab_eip_pending, 0, sizeof(g->lab_eip_pending[0]) *
	       (size_t)b->n_labels);
	for (k = 0; k < 2; k++)
		hdr->tail[k] = hdr->exit[k] = X64_NO_SLOT;
	allocate(g);
	find_dead_stores(g);
	if (getenv("X64_NO_DSE"))
		memset(g->dead, 0, sizeof(g->dead));

	for (i = 0; i < b->n_labels; i++)
		g->label_pos[i] = (size_t)-1;
	for (i = 0; i < b->n_ops; )
		i += gen_one(g, i);
	/* an IR that runs off its end leaves like exit_tb */
	flush_eip(g);
	end = a->len;
	exit_with(g, 0);

	for (i = 0; i < g->n_slow; i++)
		gen_slow_path(g, &g->slow[i]);
	for (i = 0; i < g->n_inval; i++) {
		x64_patch_rel32(a, g->inval[i].jump, a->len);
		x64_mov_mi(a, 4, x64_m(ENV, CPU_OFF(eip)), (int32_t)g->inval[i].eip);
		exit_with(g, 0);
	}
	for (i = 0; i < g->n_fixups; i++) {
		int l = g->fixups[i].label;

		/* a branch to no label (a frontend bug) leaves the TB */
		x64_patch_rel32(a, g->fixups[i].pos,
				l < 0 || l >= b->n_labels ||
				g->label_pos[l] == (size_t)-1 ? end : g->label_pos[l]);
	}
	return x64_asm_error(a);
}
