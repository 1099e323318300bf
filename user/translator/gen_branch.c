// SPDX-License-Identifier: GPL-2.0-only
/*
 * Near and far control transfers: jmp, jcc, call, ret, loop*, jcxz
 * (SDM Vol. 2).  Near targets wrap to the operand size; far ones and
 * everything privileged go through seg.c helpers.
 */
#include "flags.h"
#include "helpers.h"
#include "translate.h"

static uint32_t rel_target(struct dc *dc, int n)
{
	uint32_t t = dc->next_pc + (uint32_t)dc->ops[n].imm.value.s;

	return dc->op32 ? t : t & 0xffff;
}

static ir_t mask_eip(struct dc *dc, ir_t v)
{
	ir_t t;

	if (dc->op32)
		return v;
	t = tmp32(dc);
	ir_gen1(dc->b, IR_ext16u, t, v);
	return t;
}

static bool is_far(const struct dc *dc)
{
	const ZydisDecodedOperand *op = &dc->ops[0];

	return op->type == ZYDIS_OPERAND_TYPE_POINTER ||
	       (op->type == ZYDIS_OPERAND_TYPE_MEMORY &&
		op->mem.type == ZYDIS_MEMOP_TYPE_MEM &&
		dc->insn.meta.branch_type == ZYDIS_BRANCH_TYPE_FAR);
}

/* Selector and offset of a far operand (ptr16:16/32 or m16:16/32). */
static void far_operand(struct dc *dc, ir_t *sel, ir_t *off)
{
	const ZydisDecodedOperand *op = &dc->ops[0];

	if (op->type == ZYDIS_OPERAND_TYPE_POINTER) {
		*sel = const32(dc, op->ptr.segment);
		*off = const32(dc, op->ptr.offset);
	} else {
		int seg = op->mem.segment - ZYDIS_REGISTER_ES;
		ir_t ea = gen_ea(dc, op), ea2 = tmp32(dc);

		*off = gen_ld_mem(dc, seg, ea, dc->op32 ? MO_32 : MO_16);
		ir_gen2(dc->b, IR_add, ea2, ea, const32(dc, dc->op32 ? 4 : 2));
		if (!dc->addr32)
			ir_gen1(dc->b, IR_ext16u, ea2, ea2);
		*sel = gen_ld_mem(dc, seg, ea2, MO_16);
	}
}

static bool gen_far(struct dc *dc, int helper)
{
	ir_t sel, off, s64 = tmp64(dc), o64 = tmp64(dc);

	far_operand(dc, &sel, &off);
	ir_gen1(dc->b, IR_extu_i32_i64, s64, sel);
	ir_gen1(dc->b, IR_extu_i32_i64, o64, off);
	gen_helper(dc, helper, IR_NONE, s64, o64,
		   ir_const(dc->b, IR_I64, dc->next_pc | (uint64_t)dc->op32 << 32));
	ir_exit_tb(dc->b);
	dc->end = DC_JUMP;
	return true;
}

static bool gen_jcc(struct dc *dc, int cc)
{
	ir_t c = gen_cond(dc, cc);
	int taken = ir_new_label(dc->b);

	ir_brcond(dc->b, IR_NE, c, const32(dc, 0), taken);
	gen_jump_to(dc, dc->next_pc, 0);
	ir_label(dc->b, taken);
	gen_jump_to(dc, rel_target(dc, 0), 1);
	return true;
}

static bool gen_loop(struct dc *dc, ZydisMnemonic m)
{
	ZydisRegister creg = dc->addr32 ? ZYDIS_REGISTER_ECX : ZYDIS_REGISTER_CX;
	ir_t cnt = gen_ld_reg(dc, creg), n = tmp32(dc), go = tmp32(dc);
	int taken = ir_new_label(dc->b);

	if (m == ZYDIS_MNEMONIC_JCXZ || m == ZYDIS_MNEMONIC_JECXZ) {
		ir_setcond(dc->b, IR_EQ, go, cnt, const32(dc, 0));
	} else {
		ir_gen2(dc->b, IR_sub, n, cnt, const32(dc, 1));
		if (!dc->addr32)
			ir_gen1(dc->b, IR_ext16u, n, n);
		ir_setcond(dc->b, IR_NE, go, n, const32(dc, 0));
		if (m != ZYDIS_MNEMONIC_LOOP) {
			ir_t z = gen_cond(dc, 4);	/* ZF */

			if (m == ZYDIS_MNEMONIC_LOOPNE)
				ir_gen2(dc->b, IR_xor, z, z, const32(dc, 1));
			ir_gen2(dc->b, IR_and, go, go, z);
		}
		gen_st_reg(dc, creg, n);
	}
	ir_brcond(dc->b, IR_NE, go, const32(dc, 0), taken);
	gen_jump_to(dc, dc->next_pc, 0);
	ir_label(dc->b, taken);
	gen_jump_to(dc, rel_target(dc, 0), 1);
	return true;
}

bool gen_branch(struct dc *dc)
{
	ZydisMnemonic m = dc->insn.mnemonic;
	int sz = dc->op32 ? 4 : 2;

	switch (m) {
	case ZYDIS_MNEMONIC_JMP:
		if (is_far(dc))
			return gen_far(dc, HELPER_far_jmp);
		if (dc->ops[0].type == ZYDIS_OPERAND_TYPE_IMMEDIATE) {
			gen_jump_to(dc, rel_target(dc, 0), 0);
			return true;
		}
		gen_jump_dynamic(dc, mask_eip(dc, gen_ld_op(dc, 0)));
		return true;
	case ZYDIS_MNEMONIC_CALL: {
		ir_t target;

		if (is_far(dc))
			return gen_far(dc, HELPER_far_call);
		if (dc->ops[0].type == ZYDIS_OPERAND_TYPE_IMMEDIATE) {
			gen_push(dc, const32(dc, dc->next_pc), sz);
			gen_jump_to(dc, rel_target(dc, 0), 0);
			return true;
		}
		target = mask_eip(dc, gen_ld_op(dc, 0));
		gen_push(dc, const32(dc, dc->next_pc), sz);
		gen_jump_dynamic(dc, target);
		return true;
	}
	case ZYDIS_MNEMONIC_RET:
		if (dc->insn.meta.branch_type == ZYDIS_BRANCH_TYPE_FAR) {
			uint32_t imm = dc->insn.operand_count_visible ?
				(uint32_t)dc->ops[0].imm.value.u & 0xffff : 0;

			gen_helper(dc, HELPER_far_ret, IR_NONE,
				   ir_const(dc->b, IR_I64, imm),
				   ir_const(dc->b, IR_I64, (uint64_t)dc->op32), IR_NONE);
			ir_exit_tb(dc->b);
			dc->end = DC_JUMP;
			return true;
		}
		{
		ir_t new_esp, eip = gen_pop_peek(dc, sz, &new_esp);

		if (dc->insn.operand_count_visible &&
		    dc->ops[0].type == ZYDIS_OPERAND_TYPE_IMMEDIATE)
			ir_gen2(dc->b, IR_add, new_esp, new_esp,
				const32(dc, (uint32_t)dc->ops[0].imm.value.u & 0xffff));
		gen_set_esp(dc, new_esp);
		gen_jump_dynamic(dc, mask_eip(dc, eip));
		return true;
	}
	case ZYDIS_MNEMONIC_LOOP: case ZYDIS_MNEMONIC_LOOPE:
	case ZYDIS_MNEMONIC_LOOPNE: case ZYDIS_MNEMONIC_JCXZ:
	case ZYDIS_MNEMONIC_JECXZ:
		return gen_loop(dc, m);
	default:
		break;
	}
	if (m >= ZYDIS_MNEMONIC_JB && m <= ZYDIS_MNEMONIC_JZ && mnemonic_cc(m) >= 0)
		return gen_jcc(dc, mnemonic_cc(m));
	return false;
}
