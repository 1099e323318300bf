// SPDX-License-Identifier: GPL-2.0-only
/*
 * Guest loads and stores: the inline softmmu TLB path, and out of line
 * the calls of mmu_ld/mmu_st for everything else (see x64_gen.c).
 */
#include "translator/backend-x64/x64_gen.h"

#include "translator/softmmu.h"
#include "translator/tb.h"

_Static_assert(sizeof(struct tlb_entry) == 24,
	       "the TLB index is scaled by 3 * 8");

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
	x64_regs_snapshot(g, &s->wb);
	s->cached = x64_regs_cached(g);
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

	x64_gen_load(g, 4, X64_RDX, addr);
	/* flat ES, SS and DS (the TB's key says so): lin = ea, no checks */
	if ((g->tb->flags & HF_FLAT) &&
	    (seg == R_ES || seg == R_SS || seg == R_DS))
		seg = SEG_NONE;
	if (seg != SEG_NONE) {
		int32_t sd = CPU_OFF(seg) + seg * (int32_t)sizeof(struct x86_seg);
		bool pm = (g->tb->flags & (HF_PE | HF_VM)) == HF_PE;

		x64_mov_rm_load(a, 4, X64_RAX,
				x64_m(ENV, sd + (int32_t)offsetof(struct x86_seg, flags)));
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

/* rax = the @memop-sized value at @src, zero- or sign-extended. */
static void load_extended(struct gen *g, int memop, struct x64_rm src)
{
	switch (memop) {
	case MO_8:
		x64_movzx(g->a, 4, 1, X64_RAX, src);
		break;
	case MO_S8:
		x64_movsx(g->a, 8, 1, X64_RAX, src);
		break;
	case MO_16:
		x64_movzx(g->a, 4, 2, X64_RAX, src);
		break;
	case MO_S16:
		x64_movsx(g->a, 8, 2, X64_RAX, src);
		break;
	case MO_32:
		x64_mov_rm_load(g->a, 4, X64_RAX, src);
		break;
	case MO_32 | MO_SIGN:
		x64_movsx(g->a, 8, 4, X64_RAX, src);
		break;
	default:
		if (!src.is_reg)
			x64_mov_rm_load(g->a, 8, X64_RAX, src);
		break;
	}
}

void x64_mem_qld(struct gen *g, int i, const struct ir_op *op, struct loc d)
{
	int memop = (int)(op->imm & 0xff);
	struct slow_path *s = new_slow(g, i, loc_in(g, op->args[1]),
				       (struct loc){ .kind = LOC_CONST });
	struct x64_rm host = x64_mi(X64_RAX, X64_RDX, 1, 0);

	gen_tlb_lookup(g, s, s->addr, (int)(op->imm >> 8) & 15,
		       (int)(op->imm >> 12) & 15, 1u << (memop & MO_SIZE), false);
	load_extended(g, memop, host);
	s->join = g->a->len;
	x64_gen_store(g, op->type == IR_I64 ? 8 : 4, d, X64_RAX);
	g->may_invalidate = true;	/* a page walk may set A in code */
}

void x64_mem_qst(struct gen *g, int i, const struct ir_op *op)
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
		x64_gen_load(g, size == 8 ? 8 : 4, X64_RCX, v);
		x64_mov_store(g->a, size, host, X64_RCX);
	}
	s->join = g->a->len;
	g->may_invalidate = true;
}

/* The calls of mmu_ld/mmu_st, for what the inline path does not do. */
void x64_mem_slow_path(struct gen *g, const struct slow_path *s)
{
	const struct ir_op *op = &g->b->ops[s->op];
	unsigned saved = x64_regs_live_across(g, s->op);
	int memop = (int)(op->imm & 0xff), k;
	bool st = op->opc == IR_qst;

	for (k = 0; k < s->n_jumps; k++)
		x64_patch_rel32(g->a, s->jumps[k], g->a->len);
	if (s->store_eip)
		x64_mov_mi(g->a, 4, x64_m(ENV, CPU_OFF(eip)), (int32_t)s->eip);
	/* a fault must find the globals in the CPU; the cached ones stay
	 * cached (mmu_ld/mmu_st change no global) */
	x64_regs_emit_writeback(g, &s->wb);
	saved |= s->cached & CALLER_SAVED_MASK;
	x64_gen_save_regs(g, saved);
	x64_gen_set_tb_running(g);
	/* rcx and rdx first: the other argument registers may hold the
	 * value or the address */
	if (st)
		x64_gen_load(g, (memop & MO_SIZE) == MO_64 ? 8 : 4, X64_RCX, s->val);
	x64_gen_load(g, 4, X64_RDX, s->addr);
	x64_mov_rr(g->a, 8, X64_RDI, ENV);
	x64_mov_ri(g->a, 4, X64_RSI, (op->imm >> 8) & 15);
	if (st) {
		x64_mov_ri(g->a, 4, X64_R8, (uint32_t)memop);
		x64_mov_ri(g->a, 4, X64_R9, (op->imm >> 12) & 15);
		x64_gen_call_c(g, (const void *)mmu_st);
	} else {
		x64_mov_ri(g->a, 4, X64_RCX, (uint32_t)memop);
		x64_mov_ri(g->a, 4, X64_R8, (op->imm >> 12) & 15);
		x64_gen_call_c(g, (const void *)mmu_ld);
		/* a device may return bits beyond the access: the value is
		 * what the fast path would have read, whichever path ran */
		load_extended(g, memop, x64_r(X64_RAX));
	}
	x64_gen_restore_regs(g, saved);
	x64_jmp(g->a, s->join);
}
