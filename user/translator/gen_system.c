// SPDX-License-Identifier: GPL-2.0-only
/*
 * System and miscellaneous instructions.  Almost all go to helpers
 * (helpers_sys.c), which hold the privilege checks; the TB ends after
 * anything that may change the mode bits the translation depends on.
 */
#include <stddef.h>

#include "flags.h"
#include "helpers.h"
#include "translate.h"

static ir_t k64(struct dc *dc, uint64_t v)
{
	return ir_const(dc->b, IR_I64, v);
}

static ir_t to64(struct dc *dc, ir_t v)
{
	ir_t t = tmp64(dc);

	ir_gen1(dc->b, IR_extu_i32_i64, t, v);
	return t;
}

static ir_t to32(struct dc *dc, ir_t v)
{
	ir_t t = tmp32(dc);

	ir_gen1(dc->b, IR_trunc_i64_i32, t, v);
	return t;
}

/* Helpers that read or change whole-CPU state need the lazy flags folded
 * and end the TB so the next one is built for the new mode. */
static void gen_stop(struct dc *dc)
{
	dc->cc_op = -1;
	dc->end = DC_STOP;
}

static bool is_sreg(const ZydisDecodedOperand *op)
{
	return op->type == ZYDIS_OPERAND_TYPE_REGISTER &&
	       op->reg.value >= ZYDIS_REGISTER_ES && op->reg.value <= ZYDIS_REGISTER_GS;
}

static bool gen_mov_seg(struct dc *dc)
{
	int seg;

	if (is_sreg(&dc->ops[0])) {
		seg = dc->ops[0].reg.value - ZYDIS_REGISTER_ES;
		if (seg == R_CS)
			return false;	/* mov cs is #UD */
		gen_helper(dc, HELPER_load_seg, IR_NONE, k64(dc, (uint64_t)seg),
			   to64(dc, gen_ld_op(dc, 1)), IR_NONE);
		gen_stop(dc);
		return true;
	}
	if (is_sreg(&dc->ops[1])) {
		ir_t sel = tmp32(dc);

		seg = dc->ops[1].reg.value - ZYDIS_REGISTER_ES;
		ir_ld_env(dc->b, sel, (uint32_t)offsetof(struct x86_cpu, seg[seg].sel));
		/* to a 32-bit register the selector is zero-extended; to
		 * memory only 16 bits are written */
		gen_st_op(dc, 0, sel);
		return true;
	}
	return false;
}

/*
 * lds, les, lss, lfs, lgs r, m16:16/32 (SDM Vol. 2 "LDS/LES/LFS/LGS/LSS"):
 * the offset, then the selector after it; the segment is loaded first, so
 * a fault it raises leaves the register unchanged.  (No interrupt shadow:
 * only mov ss and pop ss have one.)
 */
static bool gen_load_far_pointer(struct dc *dc, int seg)
{
	const ZydisDecodedOperand *m = &dc->ops[1];
	int mseg = m->mem.segment - ZYDIS_REGISTER_ES;
	ir_t ea, ea2 = tmp32(dc), off, sel;

	if (m->type != ZYDIS_OPERAND_TYPE_MEMORY)
		return false;	/* a register operand is #UD */
	ea = gen_ea(dc, m);
	off = gen_ld_mem(dc, mseg, ea, dc->op32 ? MO_32 : MO_16);
	ir_gen2(dc->b, IR_add, ea2, ea, const32(dc, dc->op32 ? 4 : 2));
	if (!dc->addr32)
		ir_gen1(dc->b, IR_ext16u, ea2, ea2);
	sel = gen_ld_mem(dc, mseg, ea2, MO_16);
	gen_helper(dc, HELPER_load_seg, IR_NONE, k64(dc, (uint64_t)seg),
		   to64(dc, sel), k64(dc, 1));
	gen_st_op(dc, 0, off);
	gen_stop(dc);
	return true;
}

static bool gen_pop_seg(struct dc *dc)
{
	int seg = dc->ops[0].reg.value - ZYDIS_REGISTER_ES;
	int sz = dc->op32 ? 4 : 2;
	ir_t new_esp, v = gen_pop_peek(dc, sz, &new_esp);

	gen_helper(dc, HELPER_load_seg, IR_NONE, k64(dc, (uint64_t)seg),
		   to64(dc, v), IR_NONE);
	gen_set_esp(dc, new_esp);
	gen_stop(dc);
	return true;
}

static bool gen_io(struct dc *dc, bool in)
{
	int sz = op_size(dc, in ? 0 : 1);
	ir_t port = gen_ld_op(dc, in ? 1 : 0);

	if (in) {
		ir_t v = tmp64(dc);

		gen_helper(dc, HELPER_in, v, to64(dc, port), k64(dc, (uint64_t)sz),
			   IR_NONE);
		gen_st_op(dc, 0, to32(dc, v));
	} else {
		gen_helper(dc, HELPER_out, IR_NONE, to64(dc, port),
			   k64(dc, (uint64_t)sz), to64(dc, gen_ld_op(dc, 1)));
	}
	/* I/O may raise an interrupt or stop the machine: see it now */
	gen_stop(dc);
	return true;
}

/* Helpers that take the next eip and transfer control themselves. */
static bool gen_transfer(struct dc *dc, int helper, uint64_t arg)
{
	gen_helper(dc, helper, IR_NONE, k64(dc, arg), k64(dc, dc->next_pc),
		   k64(dc, (uint64_t)dc->op32));
	ir_exit_tb(dc->b);
	dc->end = DC_JUMP;
	dc->cc_op = -1;
	return true;
}

/* A helper with one operand in, an optional result stored to op 0. */
static bool gen_call_op(struct dc *dc, int helper, int in, bool out, bool stop)
{
	ir_t a = in >= 0 ? to64(dc, gen_ld_op(dc, in)) : k64(dc, 0);
	ir_t r = out ? tmp64(dc) : IR_NONE;

	gen_helper(dc, helper, r, a, k64(dc, dc->next_pc),
		   k64(dc, (uint64_t)op_size(dc, 0)));
	if (out)
		gen_st_op(dc, 0, to32(dc, r));
	if (stop)
		gen_stop(dc);
	else
		dc->cc_op = -1;
	return true;
}

static bool gen_descriptor_table(struct dc *dc, bool store, bool idt)
{
	const ZydisDecodedOperand *op = &dc->ops[0];
	int seg = op->mem.segment - ZYDIS_REGISTER_ES;
	ir_t ea = gen_ea(dc, op);
	uint64_t arg = (uint64_t)idt | (uint64_t)dc->op32 << 1 | (uint64_t)seg << 4 |
		       (uint64_t)dc->mmu << 8 | (uint64_t)dc->addr32 << 12;

	gen_helper(dc, store ? HELPER_sgdt_sidt : HELPER_lgdt_lidt, IR_NONE,
		   k64(dc, arg), to64(dc, ea), IR_NONE);
	if (!store)
		gen_stop(dc);
	return true;
}

static bool gen_mov_crdr(struct dc *dc)
{
	const ZydisDecodedOperand *d = &dc->ops[0], *s = &dc->ops[1];
	ir_t r = tmp64(dc);

	if (d->reg.value >= ZYDIS_REGISTER_CR0 && d->reg.value <= ZYDIS_REGISTER_CR15) {
		gen_helper(dc, HELPER_mov_to_cr, IR_NONE,
			   k64(dc, (uint64_t)(d->reg.value - ZYDIS_REGISTER_CR0)),
			   to64(dc, gen_ld_reg(dc, s->reg.value)), IR_NONE);
		gen_stop(dc);
		return true;
	}
	if (s->reg.value >= ZYDIS_REGISTER_CR0 && s->reg.value <= ZYDIS_REGISTER_CR15) {
		gen_helper(dc, HELPER_mov_from_cr, r,
			   k64(dc, (uint64_t)(s->reg.value - ZYDIS_REGISTER_CR0)),
			   IR_NONE, IR_NONE);
		gen_st_reg(dc, d->reg.value, to32(dc, r));
		return true;
	}
	if (d->reg.value >= ZYDIS_REGISTER_DR0 && d->reg.value <= ZYDIS_REGISTER_DR15) {
		gen_helper(dc, HELPER_mov_to_dr, IR_NONE,
			   k64(dc, (uint64_t)(d->reg.value - ZYDIS_REGISTER_DR0)),
			   to64(dc, gen_ld_reg(dc, s->reg.value)), IR_NONE);
		gen_stop(dc);
		return true;
	}
	if (s->reg.value >= ZYDIS_REGISTER_DR0 && s->reg.value <= ZYDIS_REGISTER_DR15) {
		gen_helper(dc, HELPER_mov_from_dr, r,
			   k64(dc, (uint64_t)(s->reg.value - ZYDIS_REGISTER_DR0)),
			   IR_NONE, IR_NONE);
		gen_st_reg(dc, d->reg.value, to32(dc, r));
		return true;
	}
	return false;
}

static bool gen_xlat(struct dc *dc)
{
	const ZydisDecodedOperand *op = NULL;
	ir_t ea = tmp32(dc), al = tmp32(dc), v;
	int i, seg = R_DS;

	for (i = 0; i < dc->insn.operand_count; i++)
		if (dc->ops[i].type == ZYDIS_OPERAND_TYPE_MEMORY)
			op = &dc->ops[i];
	if (op)
		seg = op->mem.segment - ZYDIS_REGISTER_ES;
	ir_gen1(dc->b, IR_ext8u, al, glob(G_EAX));
	ir_gen2(dc->b, IR_add, ea, glob(G_EBX), al);
	if (!dc->addr32)
		ir_gen1(dc->b, IR_ext16u, ea, ea);
	v = gen_ld_mem(dc, seg, ea, MO_8);
	ir_deposit(dc->b, glob(G_EAX), glob(G_EAX), v, 0, 8);
	return true;
}

/* arpl: raise the destination selector's RPL to the source's; ZF says
 * whether it changed.  Protected mode only (SDM "ARPL"). */
static bool gen_arpl(struct dc *dc)
{
	ir_t d, sr, dr, nd, zf, f, nf;
	int keep;

	if ((dc->flags & (HF_PE | HF_VM)) != HF_PE) {
		gen_exception(dc, EXC_UD, 0);
		return true;
	}
	d = gen_ld_op(dc, 0);
	sr = tmp32(dc);
	dr = tmp32(dc);
	nd = tmp32(dc);
	zf = tmp32(dc);
	nf = tmp32(dc);
	keep = ir_new_label(dc->b);
	ir_gen2(dc->b, IR_and, sr, gen_ld_op(dc, 1), const32(dc, 3));
	ir_gen2(dc->b, IR_and, dr, d, const32(dc, 3));
	ir_setcond(dc->b, IR_LTU, zf, dr, sr);
	ir_gen1(dc->b, IR_mov, nd, d);
	ir_brcond(dc->b, IR_EQ, zf, const32(dc, 0), keep);
	ir_deposit(dc->b, nd, d, sr, 0, 2);
	ir_label(dc->b, keep);
	/* the destination is written back either way (a memory operand is
	 * read-modify-write) */
	gen_st_op(dc, 0, nd);
	f = gen_compute_eflags(dc);
	ir_gen2(dc->b, IR_and, nf, f, const32(dc, ~CC_Z));
	ir_gen2(dc->b, IR_shl, zf, zf, const32(dc, 6));
	ir_gen2(dc->b, IR_or, nf, nf, zf);
	gen_set_cc(dc, CC_OP_EFLAGS, const32(dc, 0), nf);
	return true;
}

/* lar/lsl: the destination is written only when ZF is set (valid). */
static bool gen_lar_lsl(struct dc *dc, int helper)
{
	ir_t r = tmp64(dc), ok = tmp32(dc);
	int skip = ir_new_label(dc->b);

	gen_helper(dc, helper, r, to64(dc, gen_ld_op(dc, 1)), IR_NONE, IR_NONE);
	ir_gen1(dc->b, IR_shr_i64_i32, ok, r);
	ir_brcond(dc->b, IR_EQ, ok, const32(dc, 0), skip);
	gen_st_op(dc, 0, to32(dc, r));
	ir_label(dc->b, skip);
	dc->cc_op = -1;
	return true;
}

static bool gen_bound(struct dc *dc)
{
	const ZydisDecodedOperand *op = &dc->ops[1];
	int seg = op->mem.segment - ZYDIS_REGISTER_ES;
	ir_t ea = gen_ea(dc, op);

	gen_helper(dc, dc->op32 ? HELPER_bound32 : HELPER_bound16, IR_NONE,
		   to64(dc, gen_ld_op(dc, 0)), to64(dc, ea),
		   k64(dc, (uint64_t)seg | (uint64_t)dc->mmu << 4 |
		       (uint64_t)dc->addr32 << 8));
	return true;
}

bool gen_system(struct dc *dc)
{
	switch (dc->insn.mnemonic) {
	case ZYDIS_MNEMONIC_LDS:
		return gen_load_far_pointer(dc, R_DS);
	case ZYDIS_MNEMONIC_LES:
		return gen_load_far_pointer(dc, R_ES);
	case ZYDIS_MNEMONIC_LSS:
		return gen_load_far_pointer(dc, R_SS);
	case ZYDIS_MNEMONIC_LFS:
		return gen_load_far_pointer(dc, R_FS);
	case ZYDIS_MNEMONIC_LGS:
		return gen_load_far_pointer(dc, R_GS);
	case ZYDIS_MNEMONIC_MOV:
		if (gen_mov_seg(dc))
			return true;
		return gen_mov_crdr(dc);
	case ZYDIS_MNEMONIC_POP:
		return gen_pop_seg(dc);
	case ZYDIS_MNEMONIC_IN:
		return gen_io(dc, true);
	case ZYDIS_MNEMONIC_OUT:
		return gen_io(dc, false);
	case ZYDIS_MNEMONIC_HLT:
		return gen_transfer(dc, HELPER_hlt, 0);
	case ZYDIS_MNEMONIC_RSM:
		return gen_transfer(dc, HELPER_rsm, 0);
	case ZYDIS_MNEMONIC_CLI:
		gen_helper(dc, HELPER_cli, IR_NONE, IR_NONE, IR_NONE, IR_NONE);
		return true;
	case ZYDIS_MNEMONIC_STI:
		/* the interrupt shadow: the TB ends after the next insn */
		gen_helper(dc, HELPER_sti, IR_NONE, IR_NONE, IR_NONE, IR_NONE);
		gen_stop(dc);
		return true;
	case ZYDIS_MNEMONIC_PUSHF: case ZYDIS_MNEMONIC_PUSHFD:
	case ZYDIS_MNEMONIC_POPF: case ZYDIS_MNEMONIC_POPFD: {
		/* the stack slot is the operand size (Zydis lists EFLAGS
		 * as the operand, 32 bits either way) */
		bool pop = dc->insn.mnemonic == ZYDIS_MNEMONIC_POPF ||
			   dc->insn.mnemonic == ZYDIS_MNEMONIC_POPFD;

		gen_helper(dc, pop ? HELPER_popf : HELPER_pushf, IR_NONE, k64(dc, 0),
			   k64(dc, dc->next_pc), k64(dc, dc->op32 ? 4 : 2));
		if (pop)
			gen_stop(dc);
		else
			dc->cc_op = -1;
		return true;
	}
	case ZYDIS_MNEMONIC_INT:
		return gen_transfer(dc, HELPER_int, dc->ops[0].imm.value.u & 0xff);
	case ZYDIS_MNEMONIC_INT3:
		return gen_transfer(dc, HELPER_int, 3 | 0x100);
	case ZYDIS_MNEMONIC_INT1:
		return gen_transfer(dc, HELPER_int, 1 | 0x200);
	case ZYDIS_MNEMONIC_INTO:
		return gen_transfer(dc, HELPER_into, 0);
	case ZYDIS_MNEMONIC_IRET: case ZYDIS_MNEMONIC_IRETD:
		return gen_transfer(dc, HELPER_iret, 0);
	case ZYDIS_MNEMONIC_RET:
		return false;
	case ZYDIS_MNEMONIC_LGDT:
		return gen_descriptor_table(dc, false, false);
	case ZYDIS_MNEMONIC_LIDT:
		return gen_descriptor_table(dc, false, true);
	case ZYDIS_MNEMONIC_SGDT:
		return gen_descriptor_table(dc, true, false);
	case ZYDIS_MNEMONIC_SIDT:
		return gen_descriptor_table(dc, true, true);
	case ZYDIS_MNEMONIC_LLDT:
		return gen_call_op(dc, HELPER_lldt, 0, false, true);
	case ZYDIS_MNEMONIC_LTR:
		return gen_call_op(dc, HELPER_ltr, 0, false, true);
	case ZYDIS_MNEMONIC_SLDT:
		return gen_call_op(dc, HELPER_sldt_str, -1, true, false);
	case ZYDIS_MNEMONIC_STR: {
		ir_t r = tmp64(dc);

		gen_helper(dc, HELPER_sldt_str, r, k64(dc, 1), IR_NONE, IR_NONE);
		gen_st_op(dc, 0, to32(dc, r));
		return true;
	}
	case ZYDIS_MNEMONIC_SMSW: {
		ir_t r = tmp64(dc);

		gen_helper(dc, HELPER_mov_from_cr, r, k64(dc, 0 | 0x100), IR_NONE, IR_NONE);
		gen_st_op(dc, 0, to32(dc, r));
		return true;
	}
	case ZYDIS_MNEMONIC_LMSW:
		return gen_call_op(dc, HELPER_lmsw, 0, false, true);
	case ZYDIS_MNEMONIC_CLTS:
		return gen_call_op(dc, HELPER_clts, -1, false, true);
	case ZYDIS_MNEMONIC_INVLPG: {
		const ZydisDecodedOperand *op = &dc->ops[0];
		ir_t ea = gen_ea(dc, op);

		gen_helper(dc, HELPER_invlpg, IR_NONE, to64(dc, ea),
			   k64(dc, (uint64_t)(op->mem.segment - ZYDIS_REGISTER_ES)),
			   IR_NONE);
		gen_stop(dc);
		return true;
	}
	case ZYDIS_MNEMONIC_INVD: case ZYDIS_MNEMONIC_WBINVD:
		gen_helper(dc, HELPER_wbinvd, IR_NONE, IR_NONE, IR_NONE, IR_NONE);
		return true;
	case ZYDIS_MNEMONIC_CPUID:
		gen_helper(dc, HELPER_cpuid, IR_NONE, IR_NONE, IR_NONE, IR_NONE);
		return true;
	case ZYDIS_MNEMONIC_RDTSC:
		gen_helper(dc, HELPER_rdtsc, IR_NONE, IR_NONE, IR_NONE, IR_NONE);
		return true;
	case ZYDIS_MNEMONIC_RDMSR:
		gen_helper(dc, HELPER_rdmsr, IR_NONE, IR_NONE, IR_NONE, IR_NONE);
		return true;
	case ZYDIS_MNEMONIC_WRMSR:
		gen_helper(dc, HELPER_wrmsr, IR_NONE, IR_NONE, IR_NONE, IR_NONE);
		gen_stop(dc);
		return true;
	case ZYDIS_MNEMONIC_LAR:
		return gen_lar_lsl(dc, HELPER_lar);
	case ZYDIS_MNEMONIC_LSL:
		return gen_lar_lsl(dc, HELPER_lsl);
	case ZYDIS_MNEMONIC_CMPXCHG8B: {
		const ZydisDecodedOperand *op = &dc->ops[0];
		ir_t ea = gen_ea(dc, op);

		gen_helper(dc, HELPER_cmpxchg8b, IR_NONE, to64(dc, ea),
			   k64(dc, (uint64_t)(op->mem.segment - ZYDIS_REGISTER_ES) |
			       (uint64_t)dc->mmu << 4), IR_NONE);
		dc->cc_op = -1;
		return true;
	}
	case ZYDIS_MNEMONIC_VERR:
		return gen_call_op(dc, HELPER_verr, 0, false, false);
	case ZYDIS_MNEMONIC_VERW:
		return gen_call_op(dc, HELPER_verw, 0, false, false);
	case ZYDIS_MNEMONIC_ARPL:
		return gen_arpl(dc);
	case ZYDIS_MNEMONIC_SYSENTER:
		return gen_transfer(dc, HELPER_sysenter, 0);
	case ZYDIS_MNEMONIC_SYSEXIT:
		return gen_transfer(dc, HELPER_sysexit, 0);
	case ZYDIS_MNEMONIC_XLAT:
		return gen_xlat(dc);
	case ZYDIS_MNEMONIC_BOUND:
		return gen_bound(dc);
	case ZYDIS_MNEMONIC_UD0: case ZYDIS_MNEMONIC_UD1: case ZYDIS_MNEMONIC_UD2:
		gen_exception(dc, EXC_UD, 0);
		return true;
	case ZYDIS_MNEMONIC_SALC: {
		ir_t cf = gen_compute_cf(dc), t = tmp32(dc);

		ir_gen1(dc->b, IR_neg, t, cf);
		ir_deposit(dc->b, glob(G_EAX), glob(G_EAX), t, 0, 8);
		return true;
	}
	default:
		return false;
	}
}

bool gen_misc(struct dc *dc)
{
	(void)dc;
	return false;
}
