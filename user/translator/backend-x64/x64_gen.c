// SPDX-License-Identifier: GPL-2.0-only
/*
 * IR to x86-64: one pass over a TB's ops (this file), after a linear-scan
 * register allocation of its local temporaries (x64_regs.c).
 *
 * Host registers: rbx holds the CPU (struct x86_cpu); rax, rcx and rdx
 * are scratch for every op (rcx for shift counts, rdx for the guest
 * address of a memory access); rsi, rdi, r8-r11 (caller-saved) and rbp,
 * r12-r15 (callee-saved) hold local temporaries, and in between guest
 * globals.  Since branches inside a TB go forward, a temporary's live
 * range is the span from its first to its last mention; one location for
 * all of it is right on every path.  Temporaries that get no register
 * live in cpu->itemp, like the interpreter's.
 *
 * The CPU struct is what the interpreter would have written whenever
 * anything can look at it: a global cached in a register is stored
 * before a helper call (and reloaded after), before an exit, a branch or
 * a join, and, out of line, before the slow path of a memory access and
 * the exit of an invalidated TB.  insn_start's eip is stored lazily on
 * the same occasions, and a global's store is dropped altogether when
 * the next write comes before anything could see it (the lazy flags).
 * Locals set to constants are folded into their uses, and ops on
 * constants are computed here.
 *
 * Guest memory (x64_mem.c): an inline softmmu TLB lookup and, at the end
 * of the TB, calls of mmu_ld/mmu_st for everything else.
 *
 * TB exits: see x64_backend.h (struct x64_tb_hdr) for chaining.
 */
#include "translator/backend-x64/x64_gen.h"

#include <errno.h>
#include <string.h>

#include "translator/jmp_cache.h"
#include "translator/tb.h"

static const enum x64_cc cc_of[] = {
	[IR_EQ] = X64_CC_E, [IR_NE] = X64_CC_NE,
	[IR_LT] = X64_CC_L, [IR_GE] = X64_CC_GE,
	[IR_LE] = X64_CC_LE, [IR_GT] = X64_CC_G,
	[IR_LTU] = X64_CC_B, [IR_GEU] = X64_CC_AE,
	[IR_LEU] = X64_CC_BE, [IR_GTU] = X64_CC_A,
};

void x64_gen_load(struct gen *g, int sz, int reg, struct loc l)
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

void x64_gen_store(struct gen *g, int sz, struct loc l, int reg)
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
		x64_gen_load(g, sz, d.reg, x);
	} else if (x.kind == LOC_REG) {
		x64_gen_store(g, sz, d, x.reg);
	} else if (x.kind == LOC_CONST && imm_ok(sz, x.val)) {
		x64_mov_mi(g->a, sz, rm_of(d), (int32_t)x.val);
	} else {
		x64_gen_load(g, sz, X64_RAX, x);
		x64_gen_store(g, sz, d, X64_RAX);
	}
}

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
		x64_gen_load(g, sz, d.reg, x);
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
			x64_gen_load(g, sz, X64_RAX, y);
			x64_alu_rm_r(g->a, op, sz, rm_of(d), X64_RAX);
		}
		return;
	}
	x64_gen_load(g, sz, X64_RAX, x);
	alu_with(g, op, sz, X64_RAX, y);
	x64_gen_store(g, sz, d, X64_RAX);
}

static void gen_shift(struct gen *g, enum x64_shift op, int sz, struct loc d,
		      struct loc x, struct loc y)
{
	struct x64_rm target;

	if (y.kind != LOC_CONST)
		x64_gen_load(g, 4, X64_RCX, y);	/* the count, before d changes */
	if (d.kind == LOC_REG) {
		x64_gen_load(g, sz, d.reg, x);
		target = x64_r(d.reg);
	} else if (same_loc(d, x)) {
		target = rm_of(d);
	} else {
		x64_gen_load(g, sz, X64_RAX, x);
		target = x64_r(X64_RAX);
	}
	/* x86 masks the count to 5 or 6 bits, as the IR specifies */
	if (y.kind == LOC_CONST)
		x64_shift_i(g->a, op, sz, target, (uint8_t)(y.val & (sz * 8u - 1)));
	else
		x64_shift_cl(g->a, op, sz, target);
	if (target.is_reg && target.reg == X64_RAX)
		x64_gen_store(g, sz, d, X64_RAX);
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
	x64_gen_load(g, sz, reg, x);
	if (y.kind == LOC_CONST) {
		x64_mov_ri(g->a, sz, X64_RCX, y.val);
		y = (struct loc){ .kind = LOC_REG, .reg = X64_RCX };
	}
	x64_imul(g->a, sz, reg, rm_of(y));
	x64_gen_store(g, sz, d, reg);
}

static void gen_unary(struct gen *g, bool neg, int sz, struct loc d,
		      struct loc x)
{
	struct x64_rm target;

	if (d.kind == LOC_REG) {
		x64_gen_load(g, sz, d.reg, x);
		target = x64_r(d.reg);
	} else if (same_loc(d, x)) {
		target = rm_of(d);
	} else {
		x64_gen_load(g, sz, X64_RAX, x);
		target = x64_r(X64_RAX);
	}
	if (neg)
		x64_neg(g->a, sz, target);
	else
		x64_not(g->a, sz, target);
	if (target.is_reg && target.reg == X64_RAX)
		x64_gen_store(g, sz, d, X64_RAX);
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
		x64_gen_load(g, 4, reg, x);
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
		x64_gen_load(g, 4, reg, x);
		break;
	default:	/* IR_shr_i64_i32 */
		if (x.kind == LOC_MEM) {
			x64_mov_rm_load(g->a, 4, reg, x64_m(ENV, x.disp + 4));
		} else {
			x64_gen_load(g, 8, reg, x);
			x64_shift_i(g->a, X64_SHR, 8, x64_r(reg), 32);
		}
		break;
	}
	x64_gen_store(g, dsz, d, reg);
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
	x64_gen_load(g, sz, X64_RAX, y);
	if (pos)
		x64_shift_i(g->a, X64_SHL, sz, x64_r(X64_RAX), (uint8_t)pos);
	if (mask != width_mask(sz))
		and_mask(g, sz, X64_RAX, mask);
	if (~mask & width_mask(sz)) {
		x64_gen_load(g, sz, X64_RCX, x);
		and_mask(g, sz, X64_RCX, ~mask & width_mask(sz));
		x64_alu_r_rm(g->a, X64_OR, sz, X64_RAX, x64_r(X64_RCX));
	}
	x64_gen_store(g, sz, d, X64_RAX);
}

static void gen_extract(struct gen *g, int sz, uint64_t imm, struct loc d,
			struct loc x)
{
	unsigned pos = imm & 0xff, len = (unsigned)(imm >> 8);
	unsigned bits = (unsigned)sz * 8;
	int reg = d.kind == LOC_REG ? d.reg : X64_RAX;

	pos &= bits - 1;
	x64_gen_load(g, sz, reg, x);
	if (pos)
		x64_shift_i(g->a, X64_SHR, sz, x64_r(reg), (uint8_t)pos);
	if (len < bits - pos)
		and_mask(g, sz, reg, (1ULL << len) - 1);
	x64_gen_store(g, sz, d, reg);
}

/* Set the host flags from x - y. */
static void gen_cmp(struct gen *g, int sz, struct loc x, struct loc y)
{
	if (x.kind == LOC_CONST || (x.kind == LOC_MEM && y.kind == LOC_MEM)) {
		x64_gen_load(g, sz, X64_RAX, x);
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

/*
 * Call C.  The callee may invalidate TBs, this one included: tb.c then
 * needs tb_running (set here, not at every TB entry), and we need
 * tb_running_invalidated, copied to a byte of the CPU that insn_start and
 * goto_tb can test in one instruction.  rcx is free afterwards; rax holds
 * the result.
 */
void x64_gen_call_c(struct gen *g, const void *fn)
{
	x64_mov_ri(g->a, 8, X64_RAX, (uint64_t)(uintptr_t)fn);
	x64_call_r(g->a, X64_RAX);
	x64_mov_ri(g->a, 8, X64_RCX, (uint64_t)(uintptr_t)&tb_running_invalidated);
	x64_movzx(g->a, 4, 1, X64_RCX, x64_m(X64_RCX, 0));
	x64_alu_rm_r(g->a, X64_OR, 1, x64_m(ENV, INVALIDATED), X64_RCX);
	g->may_invalidate = true;
}

/* Before a call's arguments are loaded (uses rax and rcx). */
void x64_gen_set_tb_running(struct gen *g)
{
	x64_mov_ri(g->a, 8, X64_RAX, (uint64_t)(uintptr_t)&tb_running);
	x64_mov_ri(g->a, 8, X64_RCX, (uint64_t)(uintptr_t)g->tb);
	x64_mov_store(g->a, 8, x64_m(X64_RAX, 0), X64_RCX);
}

/* Push @mask's registers, keeping rsp 16-byte aligned for the call. */
void x64_gen_save_regs(struct gen *g, unsigned mask)
{
	int r;

	for (r = 0; r < 16; r++)
		if (mask & (1u << r))
			x64_push(g->a, r);
	if (__builtin_popcount(mask) & 1)
		x64_alu_rm_i(g->a, X64_SUB, 8, x64_r(X64_RSP), 8);
}

void x64_gen_restore_regs(struct gen *g, unsigned mask)
{
	int r;

	if (__builtin_popcount(mask) & 1)
		x64_alu_rm_i(g->a, X64_ADD, 8, x64_r(X64_RSP), 8);
	for (r = 15; r >= 0; r--)
		if (mask & (1u << r))
			x64_pop(g->a, r);
}

/* A helper's argument: an i32 is passed zero-extended. */
static void load_arg(struct gen *g, int reg, ir_t t)
{
	struct loc l = loc_in(g, t);

	if (temp_size(g, t) == 4 && is_reg(l, reg))
		x64_mov_rr(g->a, 4, reg, reg);
	else
		x64_gen_load(g, temp_size(g, t), reg, l);
}

/* d = helper(cpu, a, b, c): System V arguments rdi, rsi, rdx, rcx. */
static void gen_call(struct gen *g, int i, const struct ir_op *op, struct loc d)
{
	const struct ir_helper *h = ir_helper_get((int)op->imm);
	unsigned saved = x64_regs_live_across(g, i);

	x64_gen_save_regs(g, saved);
	/* a pure helper writes nothing: no TB can be invalidated by it */
	if (!(h && h->pure))
		x64_gen_set_tb_running(g);
	/* rdx and rcx hold no temporaries: fill them first, then rsi
	 * (which may be read as another argument) and rdi last */
	load_arg(g, X64_RDX, op->args[2]);
	load_arg(g, X64_RCX, op->args[3]);
	load_arg(g, X64_RSI, op->args[1]);
	x64_mov_rr(g->a, 8, X64_RDI, ENV);
	if (h && h->pure) {
		x64_mov_ri(g->a, 8, X64_RAX, (uint64_t)(uintptr_t)h->fn);
		x64_call_r(g->a, X64_RAX);
	} else {
		x64_gen_call_c(g, h ? (const void *)h->fn : NULL);
	}
	x64_gen_restore_regs(g, saved);
	if (op->args[0] != IR_NONE)
		x64_gen_store(g, temp_size(g, op->args[0]), d, X64_RAX);
}

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
	x64_regs_snapshot(g, &g->inval[g->n_inval].wb);
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
 * What a TB checks before it goes on to another without the loop: nothing
 * pending, budget left (spent here), this TB still valid.  Emits the
 * checks; @checks gets the jumps to patch to the exit.  Returns how many.
 *
 * One difference from the loop: an interrupt request while EFLAGS.IF is
 * clear does not stop the chain.  The loop could not deliver it and would
 * only look the next TB up again, so the guest sees the same; but firmware
 * leaves the PIT's IRQ 0 pending through all of a kernel's cli'd
 * decompression, which would otherwise run unchained.
 */
static int gen_chain_checks(struct gen *g, size_t checks[4])
{
	struct x64_asm *a = g->a;
	size_t masked;
	int n = 0;

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
	return n;
}

/*
 * goto_tb: chain to the next TB when linked and when interp.c would:
 * no pending request, budget left, this TB still valid.
 */
static void gen_goto_tb(struct gen *g, int slot)
{
	struct x64_asm *a = g->a;
	size_t tail, checks[4], undo, exit;
	int k, n;

	if (slot < 0 || slot > 1 || g->hdr->tail[slot] != X64_NO_SLOT) {
		/* not a slot that can be linked: always leave */
		exit_with(g, (uintptr_t)g->tb | (uintptr_t)(slot & 1));
		return;
	}
	/* interp.c's order: (linked), nothing pending, budget left, still
	 * valid.  The budget is spent before the linked jump is known:
	 * unlinked, the jump goes where it is given back. */
	n = gen_chain_checks(g, checks);
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

/*
 * lookup_tb: an indirect jump (ret, jmp/call through a register or memory)
 * or a jump to another page, eip stored.  When goto_tb would chain (nothing
 * pending, budget left, this TB still valid), look the new eip up in the
 * jump cache (jmp_cache.h) right here and jump straight into the TB found;
 * on a miss, or otherwise, leave for the loop, which looks it up the long
 * way.  The next TB must have this TB's key: a near jump keeps CS, and
 * everything that changes the rest of the key (segment loads, popf, sti,
 * mode switches) ends its TB with exit_tb, not here.  A CS limit fault is
 * the loop's to raise, so a jump beyond the limit also misses.
 */
static void gen_lookup_tb(struct gen *g)
{
	struct x64_asm *a = g->a;
	int32_t cs = CPU_OFF(seg) + R_CS * (int32_t)sizeof(struct x86_seg);
	size_t checks[4], miss[8], exit;
	int k, n, m = 0;

	n = gen_chain_checks(g, checks);
	/* ecx = pc = cs_base + eip, within the CS limit in protected mode */
	x64_mov_rm_load(a, 4, X64_RCX, x64_m(ENV, CPU_OFF(eip)));
	if (g->tb->flags & HF_PE) {
		x64_alu_r_rm(a, X64_CMP, 4, X64_RCX,
			     x64_m(ENV, cs + (int32_t)offsetof(struct x86_seg, limit)));
		miss[m++] = x64_jcc(a, X64_CC_A, (size_t)-1);
	}
	if (g->tb->cs_base)
		x64_alu_rm_i(a, X64_ADD, 4, x64_r(X64_RCX), (int32_t)g->tb->cs_base);
	/* edx = jmp_cache_index(pc) */
	x64_mov_rr(a, 4, X64_RDX, X64_RCX);
	x64_shift_i(a, X64_SHR, 4, x64_r(X64_RDX), 12);
	x64_alu_rm_i(a, X64_AND, 4, x64_r(X64_RDX), (1 << JMP_CACHE_PAGE_BITS) - 1);
	x64_shift_i(a, X64_SHL, 4, x64_r(X64_RDX), JMP_CACHE_ADDR_BITS);
	x64_mov_rr(a, 4, X64_RSI, X64_RCX);
	x64_shift_i(a, X64_SHR, 4, x64_r(X64_RSI), 4);
	x64_alu_r_rm(a, X64_XOR, 4, X64_RSI, x64_r(X64_RCX));
	x64_alu_rm_i(a, X64_AND, 4, x64_r(X64_RSI), JMP_CACHE_BLOCK - 1);
	x64_alu_r_rm(a, X64_OR, 4, X64_RDX, x64_r(X64_RSI));
	/* the cache is of this TB cache generation */
	x64_mov_ri(a, 8, X64_RAX, (uint64_t)(uintptr_t)&tb_flush_count);
	x64_mov_rm_load(a, 4, X64_RAX, x64_m(X64_RAX, 0));
	x64_alu_r_rm(a, X64_CMP, 4, X64_RAX, x64_m(ENV, CPU_OFF(jmp_cache_gen)));
	miss[m++] = x64_jcc(a, X64_CC_NE, (size_t)-1);
	/* rdx = the entry: a TB of this pc and key, still valid */
	x64_mov_rm_load(a, 8, X64_RDX, x64_mi(ENV, X64_RDX, 8, CPU_OFF(jmp_cache)));
	x64_alu_rm_i(a, X64_AND, 8, x64_r(X64_RDX), ~(int32_t)JMP_CACHE_GLOBAL);
	miss[m++] = x64_jcc(a, X64_CC_E, (size_t)-1);
	x64_alu_r_rm(a, X64_CMP, 4, X64_RCX, x64_m(X64_RDX, (int32_t)offsetof(struct tb, pc)));
	miss[m++] = x64_jcc(a, X64_CC_NE, (size_t)-1);
	x64_alu_rm_i(a, X64_CMP, 4, x64_m(X64_RDX, (int32_t)offsetof(struct tb, cs_base)),
		     (int32_t)g->tb->cs_base);
	miss[m++] = x64_jcc(a, X64_CC_NE, (size_t)-1);
	x64_alu_rm_i(a, X64_CMP, 4, x64_m(X64_RDX, (int32_t)offsetof(struct tb, flags)),
		     (int32_t)g->tb->flags);
	miss[m++] = x64_jcc(a, X64_CC_NE, (size_t)-1);
	x64_alu_rm_i(a, X64_CMP, 1, x64_m(X64_RDX, (int32_t)offsetof(struct tb, invalid)), 0);
	miss[m++] = x64_jcc(a, X64_CC_NE, (size_t)-1);
	x64_mov_rm_load(a, 8, X64_RAX, x64_m(X64_RDX, (int32_t)offsetof(struct tb, code)));
	x64_jmp_r(a, X64_RAX);
	/* a miss gives the budget back: the loop spends it on the lookup */
	for (k = 0; k < m; k++)
		x64_patch_rel32(a, miss[k], a->len);
	x64_alu_rm_i(a, X64_ADD, 8, x64_m(ENV, CPU_OFF(budget)), 1);
	exit = a->len;
	exit_with(g, 0);
	for (k = 0; k < n; k++)
		x64_patch_rel32(a, checks[k], exit);
}

static void gen_branch(struct gen *g, size_t pos, int label)
{
	g->fixups[g->n_fixups].pos = pos;
	g->fixups[g->n_fixups].label = label;
	g->n_fixups++;
}

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
		x64_gen_store(g, 4, d, reg);
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
			x64_gen_store(g, 4, d, X64_RAX);
		}
		break;
	case IR_st_env:
		gen_move(g, 4, (struct loc){ .kind = LOC_MEM, .disp = (int32_t)op->imm },
			 loc_in(g, op->args[0]));
		break;
	case IR_qld:
		x64_mem_qld(g, i, op, d);
		break;
	case IR_qst:
		x64_mem_qst(g, i, op);
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
	case IR_lookup_tb:
		gen_lookup_tb(g);
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

/* "qld t, [a], 8 or 16 bits; ext t2, t" with t dead after: the load
 * extended the value already, the same way. */
static bool is_reload_ext(const struct gen *g, int i)
{
	static const int memop_of[IR_NB_OPS] = {
		[IR_ext8u] = MO_8 + 1, [IR_ext8s] = MO_S8 + 1,
		[IR_ext16u] = MO_16 + 1, [IR_ext16s] = MO_S16 + 1,
	};
	const struct ir_op *op = &g->b->ops[i], *ld = op - 1;

	return i > 0 && memop_of[op->opc] && ld->opc == IR_qld &&
	       (int)(ld->imm & 0xff) == memop_of[op->opc] - 1 &&
	       ld->args[0] == op->args[1] && is_local(g, op->args[1]) &&
	       g->last[op->args[1]] == i && !g->dead[i - 1];
}

/* a cond b at @sz bytes, as interp.c compares. */
static bool fold_cond(int cond, int sz, uint64_t a, uint64_t b)
{
	int64_t sa = sz == 4 ? (int32_t)a : (int64_t)a;
	int64_t sb = sz == 4 ? (int32_t)b : (int64_t)b;

	if (sz == 4) {
		a = (uint32_t)a;
		b = (uint32_t)b;
	}
	switch (cond) {
	case IR_EQ: return a == b;
	case IR_NE: return a != b;
	case IR_LT: return sa < sb;
	case IR_GE: return sa >= sb;
	case IR_LE: return sa <= sb;
	case IR_GT: return sa > sb;
	case IR_LTU: return a < b;
	case IR_GEU: return a >= b;
	case IR_LEU: return a <= b;
	default: return a > b;
	}
}

/*
 * Constant folding: a pure op whose inputs are all constants (literal, or
 * locals known to hold one) computes its result here, with interp.c's
 * semantics.  Returns false when the op does not fold.
 */
static bool fold(const struct gen *g, const struct ir_op *op, uint64_t *v)
{
	const struct ir_opdef *def = &ir_opdefs[op->opc];
	int sz = op->type == IR_I64 ? 8 : 4, k;
	unsigned bits = (unsigned)sz * 8;
	uint64_t in[3] = { 0, 0, 0 }, a, b, mask;
	unsigned pos, len;

	if (!is_pure(op) || op->opc == IR_ld_env || def->n_in > 3)
		return false;
	for (k = 0; k < def->n_in; k++) {
		struct loc l = loc_in(g, op->args[def->n_out + k]);

		if (l.kind != LOC_CONST)
			return false;
		in[k] = l.val;
	}
	a = in[0];
	b = in[1];
	switch (op->opc) {
	case IR_movi: *v = op->imm; break;
	case IR_mov: *v = a; break;
	case IR_add: *v = a + b; break;
	case IR_sub: *v = a - b; break;
	case IR_and: *v = a & b; break;
	case IR_or: *v = a | b; break;
	case IR_xor: *v = a ^ b; break;
	case IR_mul: *v = a * b; break;
	case IR_neg: *v = -a; break;
	case IR_not: *v = ~a; break;
	case IR_shl: *v = a << (b & (bits - 1)); break;
	case IR_shr:
		*v = (sz == 4 ? (uint32_t)a : a) >> (b & (bits - 1));
		break;
	case IR_sar:
		*v = sz == 4 ? (uint64_t)(uint32_t)((int32_t)a >> (b & 31)) :
			       (uint64_t)((int64_t)a >> (b & 63));
		break;
	case IR_rotl:
	case IR_rotr:
		if (sz == 4)
			a = (uint32_t)a;
		b &= bits - 1;
		if (op->opc == IR_rotr)
			b = (bits - b) & (bits - 1);
		*v = b ? a << b | a >> (bits - b) : a;
		break;
	case IR_setcond:
		*v = fold_cond((int)(op->imm % 10), sz, a, b);
		break;
	case IR_deposit:
		pos = (op->imm & 0xff) & (bits - 1);
		len = (unsigned)(op->imm >> 8);
		mask = (len >= bits ? ~0ULL : (1ULL << len) - 1) << pos;
		*v = (a & ~mask) | ((b << pos) & mask);
		break;
	case IR_extract:
		pos = (op->imm & 0xff) & (bits - 1);
		len = (unsigned)(op->imm >> 8);
		*v = ((sz == 4 ? (uint32_t)a : a) >> pos) &
		     (len >= bits ? ~0ULL : (1ULL << len) - 1);
		break;
	default:
		*v = fold_unary(op->opc, a);
		break;
	}
	return true;
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
	if (loc_in(g, set->args[1]).kind == LOC_CONST &&
	    loc_in(g, set->args[2]).kind == LOC_CONST)
		return false;	/* folds */
	zero = &g->b->temps[br->args[1]];
	bc = (int)(br->imm & 0xff);
	if (zero->kind != IR_TEMP_CONST || zero->val || (bc != IR_EQ && bc != IR_NE))
		return false;
	if (bc == IR_EQ)
		cond = (int)inverse[cond];
	materialize(g, i + 1);
	x64_regs_writeback_all(g);
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
	uint64_t v;
	ir_t out;
	int k, r;

	/* a local takes its register: the global cached there goes */
	for (r = 0; r < 16; r++)
		if (g->holder[r] >= 0 && (g->busy_at[i] & (1u << r)))
			x64_regs_uncache(g, r);
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
	/* a local the op forwards to starts its range here, a step early */
	if (is_local(g, out) && g->reg_of[out] >= 0)
		x64_regs_uncache(g, g->reg_of[out]);
	for (k = def->n_out; k < def->n_out + def->n_in; k++)
		if (is_eip(g, op->args[k]))
			flush_eip(g);
	switch (op->opc) {
	case IR_ld_env:
	case IR_st_env:
		if (op->opc == IR_ld_env && op->imm == offsetof(struct x86_cpu, eip))
			flush_eip(g);
		x64_regs_drop_all(g);	/* the field may be a global */
		break;
	case IR_label:
		/* the way in from above settles its own eip; branches that
		 * left it lazy all owe the same one (eip_at_branch) */
		materialize(g, i);
		flush_eip(g);
		x64_regs_drop_all(g);
		g->eip_pending = op->imm < (uint64_t)g->b->n_labels &&
				 g->lab_eip_pending[op->imm];
		memset(g->konst, 0, sizeof(g->konst[0]) * (size_t)g->b->n_temps);
		break;
	case IR_br:
	case IR_brcond:
		materialize(g, i);
		if (op->opc == IR_brcond &&
		    loc_in(g, op->args[0]).kind == LOC_CONST &&
		    loc_in(g, op->args[1]).kind == LOC_CONST) {
			/* decided now: a jump or nothing */
			if (fold_cond((int)(op->imm & 0xff) % 10,
				      op->type == IR_I64 ? 8 : 4,
				      loc_in(g, op->args[0]).val,
				      loc_in(g, op->args[1]).val)) {
				x64_regs_writeback_all(g);
				eip_at_branch(g, i, branch_label(op));
				gen_branch(g, x64_jmp(g->a, (size_t)-1),
					   branch_label(op));
			}
			return 1;
		}
		for (k = 0; k < def->n_in; k++)
			x64_regs_cache_in(g, i, op->args[k]);
		x64_regs_writeback_all(g);	/* the label's side finds them stored */
		eip_at_branch(g, i, branch_label(op));
		break;
	case IR_call:
		flush_eip(g);
		x64_regs_drop_all(g);
		break;
	case IR_goto_tb:
	case IR_exit_tb:
	case IR_lookup_tb:
		flush_eip(g);
		x64_regs_writeback_all(g);
		break;
	default:
		for (k = def->n_out; k < def->n_out + def->n_in; k++)
			x64_regs_cache_in(g, i, op->args[k]);
		break;
	}
	if (out != IR_NONE && fold(g, op, &v)) {
		/* a constant: into a local, remembered and written if needed */
		int osz = mov ? (mov->type == IR_I64 ? 8 : 4) : out_size(g, op);

		v = osz == 4 ? (uint32_t)v : v;
		if (is_local(g, out)) {
			g->konst[out] = true;
			g->dirty[out] = true;
			g->kval[out] = v;
		} else {
			x64_regs_cache_out(g, i, out);
			gen_move(g, osz, loc_of(g, out),
				 (struct loc){ .kind = LOC_CONST, .val = v });
		}
		if (is_eip(g, out))
			g->eip_pending = false;
		return mov ? 2 : 1;
	}
	if (is_pure(op))
		x64_regs_cache_out(g, i, out);
	if (is_reload_ext(g, i))	/* the load extended it already */
		gen_move(g, 4, loc_of(g, out), loc_in(g, op->args[1]));
	else
		gen_op(g, i, op, loc_of(g, out));
	if (op->opc == IR_qld && x64_regs_cacheable(g, out) && g->greg[out] >= 0)
		g->gdirty[out] = true;
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
	x64_regs_allocate(g);
	x64_regs_find_dead_stores(g);

	for (i = 0; i < b->n_labels; i++)
		g->label_pos[i] = (size_t)-1;
	for (i = 0; i < b->n_ops; )
		i += gen_one(g, i);
	/* an IR that runs off its end leaves like exit_tb */
	flush_eip(g);
	x64_regs_writeback_all(g);
	end = a->len;
	exit_with(g, 0);

	for (i = 0; i < g->n_slow; i++)
		x64_mem_slow_path(g, &g->slow[i]);
	for (i = 0; i < g->n_inval; i++) {
		x64_patch_rel32(a, g->inval[i].jump, a->len);
		x64_regs_emit_writeback(g, &g->inval[i].wb);
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
