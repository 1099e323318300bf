// SPDX-License-Identifier: GPL-2.0-only
/*
 * Integer ALU, moves and flag instructions (SDM Vol. 2 entries of the same
 * names).  Results are stored before the flags are recorded, so a faulting
 * store leaves the flags of the previous instruction.
 */
#include <string.h>

#include "flags.h"
#include "helpers.h"
#include "translate.h"

static int cc_size(struct dc *dc)
{
	return size_log2(op_size(dc, 0));
}

/* add, or, adc, sbb, and, sub, xor, cmp, test */
static bool gen_binop(struct dc *dc, ZydisMnemonic m)
{
	ir_t a = gen_ld_op(dc, 0), b = gen_ld_op(dc, 1), r = tmp32(dc);
	ir_t carry = IR_NONE;
	int kind, sz = cc_size(dc);
	bool store = true;

	switch (m) {
	case ZYDIS_MNEMONIC_ADD:
		ir_gen2(dc->b, IR_add, r, a, b);
		kind = CC_K_ADD;
		break;
	case ZYDIS_MNEMONIC_ADC:
		carry = gen_compute_cf(dc);
		ir_gen2(dc->b, IR_add, r, a, b);
		ir_gen2(dc->b, IR_add, r, r, carry);
		kind = CC_K_ADC;
		break;
	case ZYDIS_MNEMONIC_SUB:
		ir_gen2(dc->b, IR_sub, r, a, b);
		kind = CC_K_SUB;
		break;
	case ZYDIS_MNEMONIC_CMP:
		ir_gen2(dc->b, IR_sub, r, a, b);
		kind = CC_K_SUB;
		store = false;
		break;
	case ZYDIS_MNEMONIC_SBB:
		carry = gen_compute_cf(dc);
		ir_gen2(dc->b, IR_sub, r, a, b);
		ir_gen2(dc->b, IR_sub, r, r, carry);
		kind = CC_K_SBB;
		break;
	case ZYDIS_MNEMONIC_AND:
		ir_gen2(dc->b, IR_and, r, a, b);
		kind = CC_K_LOGIC;
		break;
	case ZYDIS_MNEMONIC_TEST:
		ir_gen2(dc->b, IR_and, r, a, b);
		kind = CC_K_LOGIC;
		store = false;
		break;
	case ZYDIS_MNEMONIC_OR:
		ir_gen2(dc->b, IR_or, r, a, b);
		kind = CC_K_LOGIC;
		break;
	default:
		ir_gen2(dc->b, IR_xor, r, a, b);
		kind = CC_K_LOGIC;
		break;
	}
	if (store)
		gen_st_op(dc, 0, r);
	if (carry != IR_NONE)
		gen_set_cc2(dc, CC_OP(kind, sz), r, b, carry);
	else
		gen_set_cc(dc, CC_OP(kind, sz), r, b);
	return true;
}

static bool gen_incdec(struct dc *dc, bool inc)
{
	ir_t cf = gen_compute_cf(dc), a = gen_ld_op(dc, 0), r = tmp32(dc);

	ir_gen2(dc->b, inc ? IR_add : IR_sub, r, a, const32(dc, 1));
	gen_st_op(dc, 0, r);
	gen_set_cc(dc, CC_OP(inc ? CC_K_INC : CC_K_DEC, cc_size(dc)), r, cf);
	return true;
}

static bool gen_neg(struct dc *dc)
{
	ir_t a = gen_ld_op(dc, 0), r = tmp32(dc);

	ir_gen1(dc->b, IR_neg, r, a);
	gen_st_op(dc, 0, r);
	/* flags of 0 - a */
	gen_set_cc(dc, CC_OP(CC_K_SUB, cc_size(dc)), r, a);
	return true;
}

static bool gen_cmpxchg(struct dc *dc)
{
	int sz = op_size(dc, 0);
	ZydisRegister acc = sz == 1 ? ZYDIS_REGISTER_AL :
			    sz == 2 ? ZYDIS_REGISTER_AX : ZYDIS_REGISTER_EAX;
	ir_t d = gen_ld_op(dc, 0), src = gen_ld_op(dc, 1);
	ir_t a = gen_ld_reg(dc, acc), r = tmp32(dc), nv = tmp32(dc);
	int l_eq = ir_new_label(dc->b), l_done = ir_new_label(dc->b);
	ir_t a_copy = tmp32(dc);

	ir_gen1(dc->b, IR_mov, a_copy, a);
	ir_gen2(dc->b, IR_sub, r, a_copy, d);
	/* the destination is always written: the old value when unequal */
	ir_gen1(dc->b, IR_mov, nv, src);
	ir_brcond(dc->b, IR_EQ, a_copy, d, l_eq);
	ir_gen1(dc->b, IR_mov, nv, d);
	ir_label(dc->b, l_eq);
	gen_st_op(dc, 0, nv);
	ir_brcond(dc->b, IR_EQ, a_copy, d, l_done);
	gen_st_reg(dc, acc, d);
	ir_label(dc->b, l_done);
	gen_set_cc(dc, CC_OP(CC_K_SUB, size_log2(sz)), r, d);
	return true;
}

static bool gen_xadd(struct dc *dc)
{
	ir_t d = gen_ld_op(dc, 0), s = gen_ld_op(dc, 1), r = tmp32(dc);
	ir_t old = tmp32(dc);

	ir_gen1(dc->b, IR_mov, old, d);
	ir_gen2(dc->b, IR_add, r, d, s);
	gen_st_op(dc, 0, r);
	gen_st_op(dc, 1, old);
	gen_set_cc(dc, CC_OP(CC_K_ADD, cc_size(dc)), r, s);
	return true;
}

static bool gen_xchg(struct dc *dc)
{
	ir_t a = gen_ld_op(dc, 0), b = gen_ld_op(dc, 1), ta = tmp32(dc);

	ir_gen1(dc->b, IR_mov, ta, a);
	/* memory (if any) is operand 0 or 1: write it first */
	if (dc->ops[1].type == ZYDIS_OPERAND_TYPE_MEMORY) {
		gen_st_op(dc, 1, ta);
		gen_st_op(dc, 0, b);
	} else {
		gen_st_op(dc, 0, b);
		gen_st_op(dc, 1, ta);
	}
	return true;
}

static bool gen_movx(struct dc *dc, bool sign)
{
	ir_t v = gen_ld_op(dc, 1), r = tmp32(dc);
	int s = op_size(dc, 1);

	if (s == 1)
		ir_gen1(dc->b, sign ? IR_ext8s : IR_ext8u, r, v);
	else
		ir_gen1(dc->b, sign ? IR_ext16s : IR_ext16u, r, v);
	gen_st_op(dc, 0, r);
	return true;
}

static bool gen_lea(struct dc *dc)
{
	ir_t ea = gen_ea(dc, &dc->ops[1]);

	gen_st_op(dc, 0, ea);
	return true;
}

/* cbw, cwde, cwd, cdq */
static bool gen_convert(struct dc *dc, ZydisMnemonic m)
{
	ir_t t = tmp32(dc);

	switch (m) {
	case ZYDIS_MNEMONIC_CBW:
		ir_gen1(dc->b, IR_ext8s, t, glob(G_EAX));
		ir_deposit(dc->b, glob(G_EAX), glob(G_EAX), t, 0, 16);
		break;
	case ZYDIS_MNEMONIC_CWDE:
		ir_gen1(dc->b, IR_ext16s, glob(G_EAX), glob(G_EAX));
		break;
	case ZYDIS_MNEMONIC_CWD:
		ir_gen1(dc->b, IR_ext16s, t, glob(G_EAX));
		ir_gen2(dc->b, IR_sar, t, t, const32(dc, 16));
		ir_deposit(dc->b, glob(G_EDX), glob(G_EDX), t, 0, 16);
		break;
	default:
		ir_gen2(dc->b, IR_sar, glob(G_EDX), glob(G_EAX), const32(dc, 31));
		break;
	}
	return true;
}

/* Replace some of the arithmetic flags with constants or a value. */
static void gen_update_flags(struct dc *dc, uint32_t clear, uint32_t set,
			     uint32_t toggle)
{
	ir_t f = gen_compute_eflags(dc), n = tmp32(dc);

	ir_gen2(dc->b, IR_and, n, f, const32(dc, ~clear));
	if (set)
		ir_gen2(dc->b, IR_or, n, n, const32(dc, set));
	if (toggle)
		ir_gen2(dc->b, IR_xor, n, n, const32(dc, toggle));
	gen_set_cc(dc, CC_OP_EFLAGS, const32(dc, 0), n);
}

static bool gen_setcc(struct dc *dc, int cc)
{
	gen_st_op(dc, 0, gen_cond(dc, cc));
	return true;
}

static bool gen_cmov(struct dc *dc, int cc)
{
	ir_t v = gen_ld_op(dc, 1), c = gen_cond(dc, cc);
	int skip = ir_new_label(dc->b);

	/* the source is read (and may fault) whatever the condition */
	ir_brcond(dc->b, IR_EQ, c, const32(dc, 0), skip);
	gen_st_op(dc, 0, v);
	ir_label(dc->b, skip);
	return true;
}

static bool gen_lahf_sahf(struct dc *dc, bool sahf)
{
	ir_t f, t = tmp32(dc);

	if (sahf) {
		/* SF ZF AF PF CF from AH; OF kept */
		f = gen_compute_eflags(dc);
		ir_gen2(dc->b, IR_and, f, f, const32(dc, CC_O));
		ir_extract(dc->b, t, glob(G_EAX), 8, 8);
		ir_gen2(dc->b, IR_and, t, t, const32(dc, CC_S | CC_Z | CC_A | CC_P | CC_C));
		ir_gen2(dc->b, IR_or, t, t, f);
		gen_set_cc(dc, CC_OP_EFLAGS, const32(dc, 0), t);
	} else {
		f = gen_compute_eflags(dc);
		ir_gen2(dc->b, IR_and, t, f, const32(dc, CC_S | CC_Z | CC_A | CC_P | CC_C));
		ir_gen2(dc->b, IR_or, t, t, const32(dc, 2));
		ir_deposit(dc->b, glob(G_EAX), glob(G_EAX), t, 8, 8);
	}
	return true;
}

static bool gen_df(struct dc *dc, bool set)
{
	if (set) {
		ir_gen2(dc->b, IR_or, glob(G_EFLAGS), glob(G_EFLAGS), const32(dc, DF_MASK));
		ir_movi(dc->b, glob(G_DF), (uint32_t)-1);
	} else {
		ir_gen2(dc->b, IR_and, glob(G_EFLAGS), glob(G_EFLAGS), const32(dc, ~DF_MASK));
		ir_movi(dc->b, glob(G_DF), 1);
	}
	return true;
}

/* Condition code (SDM Vol. 2 Appendix B.1) of a setcc/cmovcc/jcc
 * mnemonic, from its name after the prefix; -1 if it is not one. */
int mnemonic_cc(ZydisMnemonic m)
{
	static const char *const names[16] = {
		"o", "no", "b", "nb", "z", "nz", "be", "nbe",
		"s", "ns", "p", "np", "l", "nl", "le", "nle",
	};
	const char *s = ZydisMnemonicGetString(m);
	size_t plen = s[0] == 's' ? 3 : s[0] == 'c' ? 4 : 1;
	int i;

	for (i = 0; i < 16; i++)
		if (!strcmp(s + plen, names[i]))
			return i;
	return -1;
}

bool gen_alu(struct dc *dc)
{
	ZydisMnemonic m = dc->insn.mnemonic;

	switch (m) {
	case ZYDIS_MNEMONIC_ADD: case ZYDIS_MNEMONIC_ADC: case ZYDIS_MNEMONIC_SUB:
	case ZYDIS_MNEMONIC_SBB: case ZYDIS_MNEMONIC_AND: case ZYDIS_MNEMONIC_OR:
	case ZYDIS_MNEMONIC_XOR: case ZYDIS_MNEMONIC_CMP: case ZYDIS_MNEMONIC_TEST:
		return gen_binop(dc, m);
	case ZYDIS_MNEMONIC_INC:
		return gen_incdec(dc, true);
	case ZYDIS_MNEMONIC_DEC:
		return gen_incdec(dc, false);
	case ZYDIS_MNEMONIC_NEG:
		return gen_neg(dc);
	case ZYDIS_MNEMONIC_NOT: {
		ir_t a = gen_ld_op(dc, 0), r = tmp32(dc);

		ir_gen1(dc->b, IR_not, r, a);
		gen_st_op(dc, 0, r);
		return true;
	}
	case ZYDIS_MNEMONIC_MOV:
		if (dc->ops[0].type == ZYDIS_OPERAND_TYPE_REGISTER &&
		    dc->ops[0].reg.value >= ZYDIS_REGISTER_ES &&
		    dc->ops[0].reg.value <= ZYDIS_REGISTER_GS)
			return false;	/* segment loads: gen_system */
		if (dc->ops[1].type == ZYDIS_OPERAND_TYPE_REGISTER &&
		    ((dc->ops[1].reg.value >= ZYDIS_REGISTER_ES &&
		      dc->ops[1].reg.value <= ZYDIS_REGISTER_GS) ||
		     dc->ops[1].reg.value >= ZYDIS_REGISTER_CR0))
			return false;
		if (dc->ops[0].type == ZYDIS_OPERAND_TYPE_REGISTER &&
		    dc->ops[0].reg.value >= ZYDIS_REGISTER_CR0)
			return false;
		gen_st_op(dc, 0, gen_ld_op(dc, 1));
		return true;
	case ZYDIS_MNEMONIC_MOVZX:
		return gen_movx(dc, false);
	case ZYDIS_MNEMONIC_MOVSX:
		return gen_movx(dc, true);
	case ZYDIS_MNEMONIC_LEA:
		return gen_lea(dc);
	case ZYDIS_MNEMONIC_XCHG:
		return gen_xchg(dc);
	case ZYDIS_MNEMONIC_CMPXCHG:
		return gen_cmpxchg(dc);
	case ZYDIS_MNEMONIC_XADD:
		return gen_xadd(dc);
	case ZYDIS_MNEMONIC_BSWAP: {
		ir_t v = gen_ld_op(dc, 0), r = tmp32(dc);

		if (op_size(dc, 0) == 4)
			ir_gen1(dc->b, IR_bswap, r, v);
		else
			ir_movi(dc->b, r, 0);	/* 16-bit bswap: undefined, 0 */
		gen_st_op(dc, 0, r);
		return true;
	}
	case ZYDIS_MNEMONIC_CBW: case ZYDIS_MNEMONIC_CWDE:
	case ZYDIS_MNEMONIC_CWD: case ZYDIS_MNEMONIC_CDQ:
		return gen_convert(dc, m);
	case ZYDIS_MNEMONIC_CLC:
		gen_update_flags(dc, CC_C, 0, 0);
		return true;
	case ZYDIS_MNEMONIC_STC:
		gen_update_flags(dc, 0, CC_C, 0);
		return true;
	case ZYDIS_MNEMONIC_CMC:
		gen_update_flags(dc, 0, 0, CC_C);
		return true;
	case ZYDIS_MNEMONIC_CLD:
		return gen_df(dc, false);
	case ZYDIS_MNEMONIC_STD:
		return gen_df(dc, true);
	case ZYDIS_MNEMONIC_LAHF:
		return gen_lahf_sahf(dc, false);
	case ZYDIS_MNEMONIC_SAHF:
		return gen_lahf_sahf(dc, true);
	case ZYDIS_MNEMONIC_NOP: case ZYDIS_MNEMONIC_PAUSE:
	case ZYDIS_MNEMONIC_PREFETCHNTA: case ZYDIS_MNEMONIC_PREFETCHT0:
	case ZYDIS_MNEMONIC_PREFETCHT1: case ZYDIS_MNEMONIC_PREFETCHT2:
		return true;
	default:
		break;
	}
	if (m >= ZYDIS_MNEMONIC_SETB && m <= ZYDIS_MNEMONIC_SETZ &&
	    mnemonic_cc(m) >= 0)
		return gen_setcc(dc, mnemonic_cc(m));
	if (m >= ZYDIS_MNEMONIC_CMOVB && m <= ZYDIS_MNEMONIC_CMOVZ)
		return gen_cmov(dc, mnemonic_cc(m));
	return false;
}
