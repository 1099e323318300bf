// SPDX-License-Identifier: GPL-2.0-only
/*
 * Bit instructions: bt, bts, btr, btc, bsf, bsr (SDM Vol. 2).
 * With a memory operand and a register bit offset, the offset is signed and
 * may reach outside the addressed word: the address moves by whole operand
 * units (SDM "BT": "bit offset ... -2^31 to 2^31 - 1").
 */
#include "flags.h"
#include "helpers.h"
#include "translate.h"

static bool gen_bt(struct dc *dc, ZydisMnemonic m)
{
	int sz = op_size(dc, 0), bits = sz * 8, seg = R_DS;
	const ZydisDecodedOperand *op0 = &dc->ops[0];
	ir_t off = gen_ld_op(dc, 1), bit = tmp32(dc), v, ea = IR_NONE;
	ir_t one = tmp32(dc), bitv = tmp32(dc), r = tmp32(dc), f, nf = tmp32(dc);

	if (op0->type == ZYDIS_OPERAND_TYPE_MEMORY &&
	    dc->ops[1].type == ZYDIS_OPERAND_TYPE_REGISTER) {
		ir_t disp = tmp32(dc), soff = tmp32(dc);

		ea = gen_ea(dc, op0);
		seg = op0->mem.segment - ZYDIS_REGISTER_ES;
		ir_gen1(dc->b, bits == 16 ? IR_ext16s : IR_mov, soff, off);
		ir_gen2(dc->b, IR_sar, disp, soff, const32(dc, bits == 16 ? 4 : 5));
		ir_gen2(dc->b, IR_shl, disp, disp, const32(dc, bits == 16 ? 1 : 2));
		ir_gen2(dc->b, IR_add, ea, ea, disp);
		if (!dc->addr32)
			ir_gen1(dc->b, IR_ext16u, ea, ea);
		v = gen_ld_mem(dc, seg, ea, size_memop(sz));
	} else {
		v = gen_ld_op(dc, 0);
		if (op0->type == ZYDIS_OPERAND_TYPE_MEMORY) {
			ea = dc->ea;
			seg = dc->ea_seg;
		}
	}
	ir_gen2(dc->b, IR_and, bit, off, const32(dc, (uint32_t)bits - 1));
	ir_gen2(dc->b, IR_shr, bitv, v, bit);
	ir_gen2(dc->b, IR_and, bitv, bitv, const32(dc, 1));
	ir_gen2(dc->b, IR_shl, one, const32(dc, 1), bit);
	if (m != ZYDIS_MNEMONIC_BT) {
		if (m == ZYDIS_MNEMONIC_BTS) {
			ir_gen2(dc->b, IR_or, r, v, one);
		} else if (m == ZYDIS_MNEMONIC_BTR) {
			ir_gen1(dc->b, IR_not, one, one);
			ir_gen2(dc->b, IR_and, r, v, one);
		} else {
			ir_gen2(dc->b, IR_xor, r, v, one);
		}
		if (ea != IR_NONE)
			gen_st_mem(dc, seg, ea, r, size_memop(sz));
		else
			gen_st_op(dc, 0, r);
	}
	/* CF = the bit; the other flags are undefined: keep them */
	f = gen_compute_eflags(dc);
	ir_gen2(dc->b, IR_and, nf, f, const32(dc, ~CC_C));
	ir_gen2(dc->b, IR_or, nf, nf, bitv);
	gen_set_cc(dc, CC_OP_EFLAGS, const32(dc, 0), nf);
	return true;
}

static bool gen_bsx(struct dc *dc, bool reverse)
{
	int sz = op_size(dc, 0);
	ir_t v = gen_ld_op(dc, 1), out = tmp64(dc), r = tmp32(dc), zf = tmp32(dc);
	ir_t f = gen_compute_eflags(dc), nf = tmp32(dc), v64 = tmp64(dc);
	int skip = ir_new_label(dc->b);

	ir_gen1(dc->b, IR_extu_i32_i64, v64, v);
	gen_helper(dc, reverse ? HELPER_bsr : HELPER_bsf, out, v64, IR_NONE, IR_NONE);
	ir_gen1(dc->b, IR_trunc_i64_i32, r, out);
	/* a zero source sets ZF and leaves the destination unchanged */
	ir_setcond(dc->b, IR_EQ, zf, v, const32(dc, 0));
	ir_brcond(dc->b, IR_NE, zf, const32(dc, 0), skip);
	gen_st_op(dc, 0, r);
	ir_label(dc->b, skip);
	ir_gen2(dc->b, IR_and, nf, f, const32(dc, ~CC_Z));
	ir_gen2(dc->b, IR_shl, zf, zf, const32(dc, 6));
	ir_gen2(dc->b, IR_or, nf, nf, zf);
	gen_set_cc(dc, CC_OP_EFLAGS, const32(dc, 0), nf);
	(void)sz;
	return true;
}

bool gen_bits(struct dc *dc)
{
	switch (dc->insn.mnemonic) {
	case ZYDIS_MNEMONIC_BT: case ZYDIS_MNEMONIC_BTS:
	case ZYDIS_MNEMONIC_BTR: case ZYDIS_MNEMONIC_BTC:
		return gen_bt(dc, dc->insn.mnemonic);
	/* F3 0F BC/BD are TZCNT/LZCNT only on CPUs with BMI1/LZCNT, which
	 * this one does not advertise: elsewhere the REP prefix is ignored
	 * and they are BSF/BSR (SDM Vol. 2 TZCNT, "Operation").  Linux
	 * uses the encoding on purpose for that. */
	case ZYDIS_MNEMONIC_BSF:
	case ZYDIS_MNEMONIC_TZCNT:
		return gen_bsx(dc, false);
	case ZYDIS_MNEMONIC_BSR:
	case ZYDIS_MNEMONIC_LZCNT:
		return gen_bsx(dc, true);
	default:
		return false;
	}
}

uint64_t helper_bsf(HELPER_ARGS)
{
	(void)env, (void)b, (void)c;
	return a ? (uint64_t)__builtin_ctz((uint32_t)a) : 0;
}

uint64_t helper_bsr(HELPER_ARGS)
{
	(void)env, (void)b, (void)c;
	return a ? (uint64_t)(31 - __builtin_clz((uint32_t)a)) : 0;
}
