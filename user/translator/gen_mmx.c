// SPDX-License-Identifier: GPL-2.0-only
/*
 * MMX instructions (SDM Vol. 1 ch. 9, Vol. 2 per instruction): the forms
 * with MMX register operands only (the 66-prefixed SSE2 forms on XMM
 * registers are not ours).  Each is one call of helper_mmx
 * (helpers_mmx.c), which checks CR0 first and then reads its memory
 * operand, so #UD and #NM come before a page fault.
 */
#include "helpers.h"
#include "translate.h"
#include "x87.h"

static const struct {
	ZydisMnemonic m;
	int op;
} mmx_ops[] = {
	{ ZYDIS_MNEMONIC_PADDB, MMX_PADDB },
	{ ZYDIS_MNEMONIC_PADDW, MMX_PADDW },
	{ ZYDIS_MNEMONIC_PADDD, MMX_PADDD },
	{ ZYDIS_MNEMONIC_PADDSB, MMX_PADDSB },
	{ ZYDIS_MNEMONIC_PADDSW, MMX_PADDSW },
	{ ZYDIS_MNEMONIC_PADDUSB, MMX_PADDUSB },
	{ ZYDIS_MNEMONIC_PADDUSW, MMX_PADDUSW },
	{ ZYDIS_MNEMONIC_PSUBB, MMX_PSUBB },
	{ ZYDIS_MNEMONIC_PSUBW, MMX_PSUBW },
	{ ZYDIS_MNEMONIC_PSUBD, MMX_PSUBD },
	{ ZYDIS_MNEMONIC_PSUBSB, MMX_PSUBSB },
	{ ZYDIS_MNEMONIC_PSUBSW, MMX_PSUBSW },
	{ ZYDIS_MNEMONIC_PSUBUSB, MMX_PSUBUSB },
	{ ZYDIS_MNEMONIC_PSUBUSW, MMX_PSUBUSW },
	{ ZYDIS_MNEMONIC_PCMPEQB, MMX_PCMPEQB },
	{ ZYDIS_MNEMONIC_PCMPEQW, MMX_PCMPEQW },
	{ ZYDIS_MNEMONIC_PCMPEQD, MMX_PCMPEQD },
	{ ZYDIS_MNEMONIC_PCMPGTB, MMX_PCMPGTB },
	{ ZYDIS_MNEMONIC_PCMPGTW, MMX_PCMPGTW },
	{ ZYDIS_MNEMONIC_PCMPGTD, MMX_PCMPGTD },
	{ ZYDIS_MNEMONIC_PMULLW, MMX_PMULLW },
	{ ZYDIS_MNEMONIC_PMULHW, MMX_PMULHW },
	{ ZYDIS_MNEMONIC_PMADDWD, MMX_PMADDWD },
	{ ZYDIS_MNEMONIC_PAND, MMX_PAND },
	{ ZYDIS_MNEMONIC_PANDN, MMX_PANDN },
	{ ZYDIS_MNEMONIC_POR, MMX_POR },
	{ ZYDIS_MNEMONIC_PXOR, MMX_PXOR },
	{ ZYDIS_MNEMONIC_PSLLW, MMX_PSLLW },
	{ ZYDIS_MNEMONIC_PSLLD, MMX_PSLLD },
	{ ZYDIS_MNEMONIC_PSLLQ, MMX_PSLLQ },
	{ ZYDIS_MNEMONIC_PSRLW, MMX_PSRLW },
	{ ZYDIS_MNEMONIC_PSRLD, MMX_PSRLD },
	{ ZYDIS_MNEMONIC_PSRLQ, MMX_PSRLQ },
	{ ZYDIS_MNEMONIC_PSRAW, MMX_PSRAW },
	{ ZYDIS_MNEMONIC_PSRAD, MMX_PSRAD },
	{ ZYDIS_MNEMONIC_PACKSSWB, MMX_PACKSSWB },
	{ ZYDIS_MNEMONIC_PACKSSDW, MMX_PACKSSDW },
	{ ZYDIS_MNEMONIC_PACKUSWB, MMX_PACKUSWB },
	{ ZYDIS_MNEMONIC_PUNPCKHBW, MMX_PUNPCKHBW },
	{ ZYDIS_MNEMONIC_PUNPCKHWD, MMX_PUNPCKHWD },
	{ ZYDIS_MNEMONIC_PUNPCKHDQ, MMX_PUNPCKHDQ },
	{ ZYDIS_MNEMONIC_PUNPCKLBW, MMX_PUNPCKLBW },
	{ ZYDIS_MNEMONIC_PUNPCKLWD, MMX_PUNPCKLWD },
	{ ZYDIS_MNEMONIC_PUNPCKLDQ, MMX_PUNPCKLDQ },
};

static bool is_mm(const ZydisDecodedOperand *op)
{
	return op->type == ZYDIS_OPERAND_TYPE_REGISTER &&
	       op->reg.value >= ZYDIS_REGISTER_MM0 &&
	       op->reg.value <= ZYDIS_REGISTER_MM7;
}

static int mm_index(const ZydisDecodedOperand *op)
{
	return op->reg.value - ZYDIS_REGISTER_MM0;
}

static int find_op(ZydisMnemonic m)
{
	unsigned i;

	for (i = 0; i < sizeof(mmx_ops) / sizeof(mmx_ops[0]); i++)
		if (mmx_ops[i].m == m)
			return mmx_ops[i].op;
	return -1;
}

/* The effective address of operand @n (a memory operand) as helper
 * argument, with its segment in the descriptor. */
static ir_t mmx_ea(struct dc *dc, int n, uint64_t *desc)
{
	const ZydisDecodedOperand *op = &dc->ops[n];
	int seg = R_DS;
	ir_t ea = tmp64(dc);

	if (op->mem.segment >= ZYDIS_REGISTER_ES && op->mem.segment <= ZYDIS_REGISTER_GS)
		seg = op->mem.segment - ZYDIS_REGISTER_ES;
	ir_gen1(dc->b, IR_extu_i32_i64, ea, gen_ea(dc, op));
	*desc |= XD_MEM | XD_MKSEG(seg, dc->mmu) | (op->size == 32 ? XD_MEM32 : 0);
	if (dc->addr32)
		*desc |= XD_ADDR32;
	return ea;
}

static ir_t k64(struct dc *dc, uint64_t v)
{
	return ir_const(dc->b, IR_I64, v);
}

/* movd/movq: either direction, register or memory. */
static bool gen_mmx_mov(struct dc *dc, bool q)
{
	const ZydisDecodedOperand *d = &dc->ops[0], *s = &dc->ops[1];
	uint64_t desc;
	ir_t a, r;

	if (is_mm(d)) {
		desc = XD_MK(q ? MMX_MOVQ_TO : MMX_MOVD_TO, 0, 0) |
		       (uint64_t)mm_index(d);
		if (is_mm(s)) {
			desc |= (uint64_t)mm_index(s) << 3;
			a = k64(dc, 0);
		} else if (s->type == ZYDIS_OPERAND_TYPE_MEMORY) {
			a = mmx_ea(dc, 1, &desc);
		} else if (!q) {
			a = tmp64(dc);
			ir_gen1(dc->b, IR_extu_i32_i64, a, gen_ld_reg(dc, s->reg.value));
		} else {
			return false;
		}
		gen_helper(dc, HELPER_mmx, IR_NONE, a, k64(dc, desc), IR_NONE);
		return true;
	}
	if (!is_mm(s))
		return false;
	desc = XD_MK(q ? MMX_MOVQ_FROM : MMX_MOVD_FROM, 0, 0) |
	       (uint64_t)mm_index(s) << 3;
	if (d->type == ZYDIS_OPERAND_TYPE_MEMORY) {
		a = mmx_ea(dc, 0, &desc);
		gen_helper(dc, HELPER_mmx, IR_NONE, a, k64(dc, desc), IR_NONE);
		return true;
	}
	if (q)
		return false;	/* movq r64, mm: 64-bit mode only */
	r = tmp64(dc);
	gen_helper(dc, HELPER_mmx, r, k64(dc, 0), k64(dc, desc), IR_NONE);
	a = tmp32(dc);
	ir_gen1(dc->b, IR_trunc_i64_i32, a, r);
	gen_st_reg(dc, d->reg.value, a);
	return true;
}

bool gen_mmx(struct dc *dc)
{
	const ZydisDecodedOperand *d = &dc->ops[0], *s = &dc->ops[1];
	uint64_t desc;
	ir_t a = IR_NONE, c = IR_NONE;
	int op;

	if (dc->insn.opcode_map != ZYDIS_OPCODE_MAP_0F)
		return false;
	switch (dc->insn.mnemonic) {
	case ZYDIS_MNEMONIC_EMMS:
		gen_helper(dc, HELPER_mmx, IR_NONE, k64(dc, 0),
			   k64(dc, XD_MK(MMX_EMMS, 0, 0)), IR_NONE);
		return true;
	case ZYDIS_MNEMONIC_MOVD:
		return gen_mmx_mov(dc, false);
	case ZYDIS_MNEMONIC_MOVQ:
		return gen_mmx_mov(dc, true);
	default:
		break;
	}
	op = find_op(dc->insn.mnemonic);
	if (op < 0 || dc->insn.operand_count_visible != 2 || !is_mm(d))
		return false;
	desc = XD_MK(op, 0, 0) | (uint64_t)mm_index(d);
	if (is_mm(s)) {
		desc |= (uint64_t)mm_index(s) << 3;
	} else if (s->type == ZYDIS_OPERAND_TYPE_MEMORY) {
		a = mmx_ea(dc, 1, &desc);
	} else if (s->type == ZYDIS_OPERAND_TYPE_IMMEDIATE) {
		/* psllw/psrlw/psraw ... mm, imm8 (0F 71-73) */
		desc |= XD_MMX_IMM;
		c = k64(dc, s->imm.value.u & 0xff);
	} else {
		return false;
	}
	gen_helper(dc, HELPER_mmx, IR_NONE, a, k64(dc, desc), c);
	return true;
}
