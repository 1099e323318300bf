// SPDX-License-Identifier: GPL-2.0-only
/*
 * Stack instructions: push, pop, pusha, popa, enter, leave (SDM Vol. 2).
 * pushf/popf and segment pops are in gen_system.c.
 */
#include <stddef.h>

#include "helpers.h"
#include "translate.h"

static bool is_sreg(const ZydisDecodedOperand *op)
{
	return op->type == ZYDIS_OPERAND_TYPE_REGISTER &&
	       op->reg.value >= ZYDIS_REGISTER_ES && op->reg.value <= ZYDIS_REGISTER_GS;
}

static bool gen_pop(struct dc *dc)
{
	int sz = op_size(dc, 0);
	ir_t new_esp, v = gen_pop_peek(dc, sz, &new_esp);
	const ZydisDecodedOperand *op = &dc->ops[0];

	if (op->type == ZYDIS_OPERAND_TYPE_MEMORY) {
		/* the address is computed with the incremented ESP (SDM "POP") */
		int seg = op->mem.segment - ZYDIS_REGISTER_ES;
		ir_t ea = gen_ea(dc, op);

		if (op->mem.base == ZYDIS_REGISTER_ESP || op->mem.base == ZYDIS_REGISTER_SP)
			ir_gen2(dc->b, IR_add, ea, ea, const32(dc, (uint32_t)sz));
		gen_st_mem(dc, seg, ea, v, size_memop(sz));
		gen_set_esp(dc, new_esp);
		return true;
	}
	/* pop esp: the loaded value wins over the increment */
	gen_set_esp(dc, new_esp);
	gen_st_op(dc, 0, v);
	return true;
}

static bool gen_pusha(struct dc *dc)
{
	int sz = dc->op32 ? 4 : 2, i;
	ir_t sp = tmp32(dc), a = tmp32(dc);

	for (i = 0; i < 8; i++) {
		ir_gen2(dc->b, IR_sub, a, glob(G_ESP), const32(dc, (uint32_t)(sz * (i + 1))));
		gen_st_mem(dc, R_SS, gen_stack_addr_mask(dc, a), glob(G_EAX + i),
			   size_memop(sz));
	}
	ir_gen2(dc->b, IR_sub, sp, glob(G_ESP), const32(dc, (uint32_t)sz * 8));
	gen_set_esp(dc, sp);
	return true;
}

static bool gen_popa(struct dc *dc)
{
	int sz = dc->op32 ? 4 : 2, i;
	ir_t v[8], a = tmp32(dc), sp = tmp32(dc);

	for (i = 0; i < 8; i++) {
		ir_gen2(dc->b, IR_add, a, glob(G_ESP), const32(dc, (uint32_t)(sz * (7 - i))));
		v[i] = gen_ld_mem(dc, R_SS, gen_stack_addr_mask(dc, a), size_memop(sz));
	}
	ir_gen2(dc->b, IR_add, sp, glob(G_ESP), const32(dc, (uint32_t)sz * 8));
	for (i = 0; i < 8; i++) {
		if (i == R_ESP)
			continue;	/* the saved ESP is skipped */
		if (sz == 4)
			ir_gen1(dc->b, IR_mov, glob(G_EAX + i), v[i]);
		else
			ir_deposit(dc->b, glob(G_EAX + i), glob(G_EAX + i), v[i], 0, 16);
	}
	gen_set_esp(dc, sp);
	return true;
}

static bool gen_leave(struct dc *dc)
{
	int sz = dc->op32 ? 4 : 2;
	ir_t bp = tmp32(dc), v, np = tmp32(dc);

	/* ESP <- EBP (SP <- BP with a 16-bit stack), then pop EBP */
	ir_gen1(dc->b, IR_mov, bp, gen_stack_addr_mask(dc, glob(G_EBP)));
	v = gen_ld_mem(dc, R_SS, bp, size_memop(sz));
	ir_gen2(dc->b, IR_add, np, glob(G_EBP), const32(dc, (uint32_t)sz));
	gen_set_esp(dc, np);
	gen_st_reg(dc, sz == 4 ? ZYDIS_REGISTER_EBP : ZYDIS_REGISTER_BP, v);
	return true;
}

bool gen_stack(struct dc *dc)
{
	switch (dc->insn.mnemonic) {
	case ZYDIS_MNEMONIC_PUSH: {
		int sz = dc->op32 ? 4 : 2;
		ir_t v;

		if (is_sreg(&dc->ops[0])) {
			/* a segment register is written with a 16-bit move
			 * (SDM "PUSH": recent processors) */
			int seg = dc->ops[0].reg.value - ZYDIS_REGISTER_ES;
			ir_t sp = tmp32(dc), sel = tmp32(dc);

			ir_ld_env(dc->b, sel, (uint32_t)offsetof(struct x86_cpu, seg[seg].sel));
			ir_gen2(dc->b, IR_sub, sp, glob(G_ESP), const32(dc, (uint32_t)sz));
			gen_st_mem(dc, R_SS, gen_stack_addr_mask(dc, sp), sel, MO_16);
			gen_set_esp(dc, sp);
			return true;
		}
		v = gen_ld_op(dc, 0);
		if (dc->ops[0].type == ZYDIS_OPERAND_TYPE_IMMEDIATE) {
			/* push imm8 is sign-extended to the operand size */
			ir_t t = tmp32(dc);

			ir_movi(dc->b, t, (uint32_t)dc->ops[0].imm.value.s &
				(sz == 4 ? ~0u : 0xffffu));
			v = t;
		}
		gen_push(dc, v, sz);
		return true;
	}
	case ZYDIS_MNEMONIC_POP:
		if (is_sreg(&dc->ops[0]))
			return false;	/* gen_system */
		return gen_pop(dc);
	case ZYDIS_MNEMONIC_PUSHA:
	case ZYDIS_MNEMONIC_PUSHAD:
		return gen_pusha(dc);
	case ZYDIS_MNEMONIC_POPA:
	case ZYDIS_MNEMONIC_POPAD:
		return gen_popa(dc);
	case ZYDIS_MNEMONIC_LEAVE:
		return gen_leave(dc);
	case ZYDIS_MNEMONIC_ENTER: {
		uint32_t imm = (uint32_t)(dc->ops[0].imm.value.u & 0xffff) |
			       (uint32_t)(dc->ops[1].imm.value.u & 0x1f) << 16 |
			       (uint32_t)dc->op32 << 24;

		gen_helper(dc, HELPER_enter, IR_NONE, ir_const(dc->b, IR_I64, imm),
			   IR_NONE, IR_NONE);
		return true;
	}
	default:
		return false;
	}
}
