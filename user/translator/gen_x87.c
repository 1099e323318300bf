// SPDX-License-Identifier: GPL-2.0-only
/*
 * x87 FPU instructions (opcodes D8-DF, WAIT, FXSAVE/FXRSTOR): decoded here
 * from the opcode and ModR/M byte, the same eleven bits the FPU keeps as
 * FOP (SDM Vol. 1 §8.1.9), into an operation, an operand format and a pop
 * count; helpers_x87.c and helpers_x87_env.c do the work.  The opcode map
 * is SDM Vol. 2 Appendix A.4, "Escape Opcode Instructions".
 */
#include "helpers.h"
#include "translate.h"
#include "x87.h"

struct x87_dec {
	int op;
	int fmt;
	int pop;
};

/* Memory forms: [opcode - D8][reg]; op -1 is #UD. */
static const struct x87_dec x87_mem[8][8] = {
	[0] = {	/* D8: m32fp arithmetic */
		{ X87_ARITH, X87_M32F, 0 }, { X87_ARITH, X87_M32F, 0 },
		{ X87_ARITH, X87_M32F, 0 }, { X87_ARITH, X87_M32F, 1 },
		{ X87_ARITH, X87_M32F, 0 }, { X87_ARITH, X87_M32F, 0 },
		{ X87_ARITH, X87_M32F, 0 }, { X87_ARITH, X87_M32F, 0 },
	},
	[1] = {	/* D9 */
		{ X87_LD, X87_M32F, 0 }, { -1, 0, 0 },
		{ X87_ST, X87_M32F, 0 }, { X87_ST, X87_M32F, 1 },
		{ X87_LDENV, 0, 0 }, { X87_LDCW, 0, 0 },
		{ X87_STENV, 0, 0 }, { X87_STCW, 0, 0 },
	},
	[2] = {	/* DA: m32int arithmetic */
		{ X87_ARITH, X87_M32I, 0 }, { X87_ARITH, X87_M32I, 0 },
		{ X87_ARITH, X87_M32I, 0 }, { X87_ARITH, X87_M32I, 1 },
		{ X87_ARITH, X87_M32I, 0 }, { X87_ARITH, X87_M32I, 0 },
		{ X87_ARITH, X87_M32I, 0 }, { X87_ARITH, X87_M32I, 0 },
	},
	[3] = {	/* DB */
		{ X87_ILD, X87_M32I, 0 }, { X87_ISTTP, X87_M32I, 1 },
		{ X87_IST, X87_M32I, 0 }, { X87_IST, X87_M32I, 1 },
		{ -1, 0, 0 }, { X87_LD, X87_M80F, 0 },
		{ -1, 0, 0 }, { X87_ST, X87_M80F, 1 },
	},
	[4] = {	/* DC: m64fp arithmetic */
		{ X87_ARITH, X87_M64F, 0 }, { X87_ARITH, X87_M64F, 0 },
		{ X87_ARITH, X87_M64F, 0 }, { X87_ARITH, X87_M64F, 1 },
		{ X87_ARITH, X87_M64F, 0 }, { X87_ARITH, X87_M64F, 0 },
		{ X87_ARITH, X87_M64F, 0 }, { X87_ARITH, X87_M64F, 0 },
	},
	[5] = {	/* DD */
		{ X87_LD, X87_M64F, 0 }, { X87_ISTTP, X87_M64I, 1 },
		{ X87_ST, X87_M64F, 0 }, { X87_ST, X87_M64F, 1 },
		{ X87_RSTOR, 0, 0 }, { -1, 0, 0 },
		{ X87_SAVE, 0, 0 }, { X87_STSW, 0, 0 },
	},
	[6] = {	/* DE: m16int arithmetic */
		{ X87_ARITH, X87_M16I, 0 }, { X87_ARITH, X87_M16I, 0 },
		{ X87_ARITH, X87_M16I, 0 }, { X87_ARITH, X87_M16I, 1 },
		{ X87_ARITH, X87_M16I, 0 }, { X87_ARITH, X87_M16I, 0 },
		{ X87_ARITH, X87_M16I, 0 }, { X87_ARITH, X87_M16I, 0 },
	},
	[7] = {	/* DF */
		{ X87_ILD, X87_M16I, 0 }, { X87_ISTTP, X87_M16I, 1 },
		{ X87_IST, X87_M16I, 0 }, { X87_IST, X87_M16I, 1 },
		{ X87_BLD, X87_M80BCD, 0 }, { X87_ILD, X87_M64I, 0 },
		{ X87_BSTP, X87_M80BCD, 1 }, { X87_IST, X87_M64I, 1 },
	},
};

/* D9 E0-FF: one operation per ModR/M byte. */
static const int x87_d9_e0[32] = {
	X87_CHS, X87_ABS, -1, -1, X87_TST, X87_XAM, -1, -1,
	X87_LDCONST, X87_LDCONST, X87_LDCONST, X87_LDCONST,
	X87_LDCONST, X87_LDCONST, X87_LDCONST, -1,
	X87_2XM1, X87_YL2X, X87_PTAN, X87_PATAN,
	X87_XTRACT, X87_PREM1, X87_DECSTP, X87_INCSTP,
	X87_PREM, X87_YL2XP1, X87_SQRT, X87_SINCOS,
	X87_RNDINT, X87_SCALE, X87_SIN, X87_COS,
};

/* Register forms (ModR/M C0-FF).  The undocumented aliases are decoded as
 * the processors do: D9 D8+i and DF D0+i/D8+i are FSTP, DD C8+i and DF C8+i
 * FXCH, DC D0+i/D8+i FCOM/FCOMP, DE D0+i FCOMP, DF C0+i FFREEP (AMD64 APM
 * Vol. 5, "x87 Floating-Point Instruction Reference"). */
static bool x87_decode_reg(unsigned fop, struct x87_dec *d)
{
	unsigned opc = fop >> 8, reg = (fop >> 3) & 7, rm = fop & 7;

	d->fmt = X87_REG;
	d->pop = 0;
	d->op = -1;
	switch (opc) {
	case 0:			/* D8: st0 op st(i) */
	case 4:			/* DC: st(i) op st0 */
		d->op = X87_ARITH;
		d->pop = reg == 3;
		break;
	case 6:			/* DE: the popping forms */
		if (reg == 3 && rm != 1)
			break;
		d->op = X87_ARITH;
		d->pop = reg == 3 ? 2 : 1;	/* DE D9: fcompp */
		break;
	case 1:
		switch (reg) {
		case 0: d->op = X87_LD; break;
		case 1: d->op = X87_XCH; break;
		case 2: d->op = rm == 0 ? X87_NOP : -1; break;
		case 3: d->op = X87_ST; d->pop = 1; break;
		default: d->op = x87_d9_e0[(fop & 0xff) - 0xe0]; break;
		}
		if (d->op == X87_PATAN || d->op == X87_YL2X || d->op == X87_YL2XP1)
			d->pop = 1;
		break;
	case 2:			/* DA: fcmovb/e/be/u, fucompp */
		if (reg < 4)
			d->op = X87_CMOV;
		else if (reg == 5 && rm == 1) {
			d->op = X87_UCOM;
			d->pop = 2;
		}
		break;
	case 3:			/* DB: fcmovnb/ne/nbe/nu, control, fucomi, fcomi */
		if (reg < 4)
			d->op = X87_CMOV;
		else if (reg == 4 && rm <= 4)
			d->op = rm == 2 ? X87_CLEX : rm == 3 ? X87_INIT : X87_CTL_NOP;
		else if (reg == 5)
			d->op = X87_UCOMI;
		else if (reg == 6)
			d->op = X87_COMI;
		break;
	case 5:			/* DD */
		switch (reg) {
		case 0: d->op = X87_FREE; break;
		case 1: d->op = X87_XCH; break;
		case 2: d->op = X87_ST; break;
		case 3: d->op = X87_ST; d->pop = 1; break;
		case 4: d->op = X87_UCOM; break;
		case 5: d->op = X87_UCOM; d->pop = 1; break;
		}
		break;
	case 7:			/* DF */
		switch (reg) {
		case 0: d->op = X87_FREE; d->pop = 1; break;
		case 1: d->op = X87_XCH; break;
		case 2: case 3: d->op = X87_ST; d->pop = 1; break;
		case 4: d->op = rm == 0 ? X87_STSW_AX : -1; break;
		case 5: d->op = X87_UCOMI; d->pop = 1; break;
		case 6: d->op = X87_COMI; d->pop = 1; break;
		}
		break;
	}
	return d->op >= 0;
}

static int mem_operand(const struct dc *dc)
{
	int i;

	for (i = 0; i < dc->insn.operand_count_visible; i++)
		if (dc->ops[i].type == ZYDIS_OPERAND_TYPE_MEMORY)
			return i;
	return -1;
}

/* Call @helper with a = effective address, b = the descriptor, c = @c. */
static void gen_x87_call(struct dc *dc, int helper, uint64_t desc, ir_t c)
{
	int n = mem_operand(dc);
	ir_t ea64 = ir_const(dc->b, IR_I64, 0);

	if (n >= 0) {
		const ZydisDecodedOperand *op = &dc->ops[n];
		int seg = R_DS;

		if (op->mem.segment >= ZYDIS_REGISTER_ES &&
		    op->mem.segment <= ZYDIS_REGISTER_GS)
			seg = op->mem.segment - ZYDIS_REGISTER_ES;
		ea64 = tmp64(dc);
		ir_gen1(dc->b, IR_extu_i32_i64, ea64, gen_ea(dc, op));
		desc |= XD_MEM | XD_MKSEG(seg, dc->mmu);
	}
	if (dc->op32)
		desc |= XD_OP32;
	if (dc->addr32)
		desc |= XD_ADDR32;
	gen_helper(dc, helper, IR_NONE, ea64, ir_const(dc->b, IR_I64, desc),
		   c == IR_NONE ? ir_const(dc->b, IR_I64, 0) : c);
}

/* The EFLAGS condition of fcmovcc: B, E, BE, U and their negations. */
static ir_t gen_fcmov_cond(struct dc *dc, unsigned fop)
{
	static const int cc[4] = { 2, 4, 6, 10 };	/* jb je jbe jp */
	int c = cc[(fop >> 3) & 3] | ((fop >> 8) == 3);	/* DB: not */
	ir_t v = tmp64(dc);

	ir_gen1(dc->b, IR_extu_i32_i64, v, gen_cond(dc, c));
	return v;
}

bool gen_x87(struct dc *dc)
{
	const ZydisDecodedInstruction *in = &dc->insn;
	struct x87_dec d;
	unsigned fop;
	ir_t c = IR_NONE;

	if (in->opcode_map == ZYDIS_OPCODE_MAP_0F &&
	    (in->mnemonic == ZYDIS_MNEMONIC_FXSAVE ||
	     in->mnemonic == ZYDIS_MNEMONIC_FXRSTOR)) {
		gen_x87_call(dc, HELPER_x87_env,
			     XD_MK(in->mnemonic == ZYDIS_MNEMONIC_FXSAVE ?
				   X87_FXSAVE : X87_FXRSTOR, 0, 0), IR_NONE);
		return true;
	}
	if (in->opcode_map != ZYDIS_OPCODE_MAP_DEFAULT)
		return false;
	if (in->opcode == 0x9b) {
		gen_x87_call(dc, HELPER_x87, XD_MK(X87_WAIT, 0, 0), IR_NONE);
		return true;
	}
	if (in->opcode < 0xd8 || in->opcode > 0xdf)
		return false;
	if (in->attributes & ZYDIS_ATTRIB_HAS_LOCK) {
		gen_exception(dc, EXC_UD, 0);
		return true;
	}
	fop = (in->opcode & 7u) << 8 | in->raw.modrm.mod << 6 |
	      in->raw.modrm.reg << 3 | in->raw.modrm.rm;
	if (in->raw.modrm.mod == 3) {
		if (!x87_decode_reg(fop, &d))
			return false;
	} else {
		d = x87_mem[fop >> 8][(fop >> 3) & 7];
		if (d.op < 0)
			return false;
	}
	if (d.op == X87_CMOV)
		c = gen_fcmov_cond(dc, fop);
	gen_x87_call(dc, d.op >= X87_LDENV ? HELPER_x87_env : HELPER_x87,
		     XD_MK(d.op, d.fmt, d.pop) | fop, c);
	/* fcomi and fucomi write EFLAGS in the helper */
	if (d.op == X87_COMI || d.op == X87_UCOMI)
		dc->cc_op = -1;
	return true;
}
