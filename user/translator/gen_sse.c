// SPDX-License-Identifier: GPL-2.0-only
/*
 * SSE, SSE2, SSE3 and SSSE3 instructions valid in 32-bit mode (SDM Vol. 1
 * ch. 10-12, Vol. 2 per instruction): the forms with an XMM register,
 * MXCSR, and the MMX-register forms those extensions added (pavgb mm,
 * pshufw, paddq mm, the SSSE3 ops on mm, cvtpi2ps...).  The MMX forms of
 * the original MMX instructions stay with gen_mmx.c.
 *
 * Each instruction is one call of helper_sse (helpers_sse.c) with a
 * descriptor (sse.h) naming the operation, its operands and their kinds,
 * so CR0/CR4 checks come before a fault on the memory operand and an
 * unmasked SIMD exception leaves the destination unwritten.
 */
#include "helpers.h"
#include "sse.h"
#include "translate.h"
#include "x87.h"

#define F_SHAPE(s)	((s) | 4)	/* a floating-point shape */
#define F_U		0x08	/* a 16-byte memory operand may be unaligned */
#define F_OLD		0x10	/* an MMX instruction: ours with XMM only */
#define F_NOFXSR	0x20	/* runs with CR4.OSFXSR=0 (Vol. 3A §13.1.4) */

static const struct sse_ent {
	ZydisMnemonic m;
	uint16_t op;
	uint8_t flags;
} sse_table[] = {
#define E(mn, op, fl) { ZYDIS_MNEMONIC_##mn, SSE_##op, fl }
#define FP4(name, op) \
	E(name##PS, op, F_SHAPE(SH_PS)), E(name##SS, op, F_SHAPE(SH_SS)), \
	E(name##PD, op, F_SHAPE(SH_PD)), E(name##SD, op, F_SHAPE(SH_SD))
	E(MOVAPS, MOV, 0), E(MOVUPS, MOV, F_U), E(MOVAPD, MOV, 0),
	E(MOVUPD, MOV, F_U), E(MOVDQA, MOV, 0), E(MOVDQU, MOV, F_U),
	E(LDDQU, MOV, F_U), E(MOVNTPS, MOV, 0), E(MOVNTPD, MOV, 0),
	E(MOVNTDQ, MOV, 0), E(MOVNTQ, MOV, F_NOFXSR),
	E(MOVSS, MOVSS, 0), E(MOVSD, MOVSD, 0), E(MOVD, MOVD, F_OLD),
	E(MOVQ, MOVQ, F_OLD), E(MOVLPS, MOVLP, 0), E(MOVLPD, MOVLP, 0),
	E(MOVHPS, MOVHP, 0), E(MOVHPD, MOVHP, 0), E(MOVHLPS, MOVHLPS, 0),
	E(MOVLHPS, MOVLHPS, 0), E(MOVQ2DQ, MOVQ2DQ, 0),
	E(MOVDQ2Q, MOVDQ2Q, 0), E(MOVMSKPS, MOVMSKPS, 0),
	E(MOVMSKPD, MOVMSKPD, 0), E(PMOVMSKB, PMOVMSKB, 0),
	E(MOVDDUP, MOVDDUP, 0), E(MOVSHDUP, MOVSHDUP, 0),
	E(MOVSLDUP, MOVSLDUP, 0),
	FP4(ADD, ADD), FP4(SUB, SUB), FP4(MUL, MUL), FP4(DIV, DIV),
	FP4(MIN, MIN), FP4(MAX, MAX), FP4(SQRT, SQRT), FP4(CMP, CMP),
	E(RCPPS, RCP, F_SHAPE(SH_PS)), E(RCPSS, RCP, F_SHAPE(SH_SS)),
	E(RSQRTPS, RSQRT, F_SHAPE(SH_PS)), E(RSQRTSS, RSQRT, F_SHAPE(SH_SS)),
	E(ADDSUBPS, ADDSUB, F_SHAPE(SH_PS)), E(ADDSUBPD, ADDSUB, F_SHAPE(SH_PD)),
	E(HADDPS, HADD, F_SHAPE(SH_PS)), E(HADDPD, HADD, F_SHAPE(SH_PD)),
	E(HSUBPS, HSUB, F_SHAPE(SH_PS)), E(HSUBPD, HSUB, F_SHAPE(SH_PD)),
	E(COMISS, COMI, F_SHAPE(SH_SS)), E(COMISD, COMI, F_SHAPE(SH_SD)),
	E(UCOMISS, UCOMI, F_SHAPE(SH_SS)), E(UCOMISD, UCOMI, F_SHAPE(SH_SD)),
	E(ANDPS, AND, 0), E(ANDPD, AND, 0), E(ANDNPS, ANDN, 0),
	E(ANDNPD, ANDN, 0), E(ORPS, OR, 0), E(ORPD, OR, 0),
	E(XORPS, XOR, 0), E(XORPD, XOR, 0),
	E(SHUFPS, SHUFPS, 0), E(SHUFPD, SHUFPD, 0),
	E(UNPCKLPS, UNPCKLPS, 0), E(UNPCKHPS, UNPCKHPS, 0),
	E(UNPCKLPD, UNPCKLPD, 0), E(UNPCKHPD, UNPCKHPD, 0),
	E(CVTPI2PS, CVTPI2PS, 0), E(CVTSI2SS, CVTSI2SS, 0),
	E(CVTPS2PI, CVTPS2PI, 0), E(CVTTPS2PI, CVTTPS2PI, 0),
	E(CVTSS2SI, CVTSS2SI, 0), E(CVTTSS2SI, CVTTSS2SI, 0),
	E(CVTPI2PD, CVTPI2PD, 0), E(CVTSI2SD, CVTSI2SD, 0),
	E(CVTPD2PI, CVTPD2PI, 0), E(CVTTPD2PI, CVTTPD2PI, 0),
	E(CVTSD2SI, CVTSD2SI, 0), E(CVTTSD2SI, CVTTSD2SI, 0),
	E(CVTPS2PD, CVTPS2PD, 0), E(CVTPD2PS, CVTPD2PS, 0),
	E(CVTSS2SD, CVTSS2SD, 0), E(CVTSD2SS, CVTSD2SS, 0),
	E(CVTDQ2PS, CVTDQ2PS, 0), E(CVTPS2DQ, CVTPS2DQ, 0),
	E(CVTTPS2DQ, CVTTPS2DQ, 0), E(CVTDQ2PD, CVTDQ2PD, 0),
	E(CVTPD2DQ, CVTPD2DQ, 0), E(CVTTPD2DQ, CVTTPD2DQ, 0),
	/* integer: the MMX ones on XMM, then what SSE-SSSE3 added */
	E(PADDB, PADDB, F_OLD), E(PADDW, PADDW, F_OLD), E(PADDD, PADDD, F_OLD),
	E(PADDQ, PADDQ, 0), E(PADDSB, PADDSB, F_OLD), E(PADDSW, PADDSW, F_OLD),
	E(PADDUSB, PADDUSB, F_OLD), E(PADDUSW, PADDUSW, F_OLD),
	E(PSUBB, PSUBB, F_OLD), E(PSUBW, PSUBW, F_OLD), E(PSUBD, PSUBD, F_OLD),
	E(PSUBQ, PSUBQ, 0), E(PSUBSB, PSUBSB, F_OLD), E(PSUBSW, PSUBSW, F_OLD),
	E(PSUBUSB, PSUBUSB, F_OLD), E(PSUBUSW, PSUBUSW, F_OLD),
	E(PCMPEQB, PCMPEQB, F_OLD), E(PCMPEQW, PCMPEQW, F_OLD),
	E(PCMPEQD, PCMPEQD, F_OLD), E(PCMPGTB, PCMPGTB, F_OLD),
	E(PCMPGTW, PCMPGTW, F_OLD), E(PCMPGTD, PCMPGTD, F_OLD),
	E(PMULLW, PMULLW, F_OLD), E(PMULHW, PMULHW, F_OLD),
	E(PMULHUW, PMULHUW, 0), E(PMULUDQ, PMULUDQ, 0),
	E(PMADDWD, PMADDWD, F_OLD), E(PAND, PAND, F_OLD),
	E(PANDN, PANDN, F_OLD), E(POR, POR, F_OLD), E(PXOR, PXOR, F_OLD),
	E(PSLLW, PSLLW, F_OLD), E(PSLLD, PSLLD, F_OLD), E(PSLLQ, PSLLQ, F_OLD),
	E(PSRLW, PSRLW, F_OLD), E(PSRLD, PSRLD, F_OLD), E(PSRLQ, PSRLQ, F_OLD),
	E(PSRAW, PSRAW, F_OLD), E(PSRAD, PSRAD, F_OLD),
	E(PSLLDQ, PSLLDQ, 0), E(PSRLDQ, PSRLDQ, 0),
	E(PACKSSWB, PACKSSWB, F_OLD), E(PACKSSDW, PACKSSDW, F_OLD),
	E(PACKUSWB, PACKUSWB, F_OLD),
	E(PUNPCKLBW, PUNPCKLBW, F_OLD), E(PUNPCKLWD, PUNPCKLWD, F_OLD),
	E(PUNPCKLDQ, PUNPCKLDQ, F_OLD), E(PUNPCKLQDQ, PUNPCKLQDQ, 0),
	E(PUNPCKHBW, PUNPCKHBW, F_OLD), E(PUNPCKHWD, PUNPCKHWD, F_OLD),
	E(PUNPCKHDQ, PUNPCKHDQ, F_OLD), E(PUNPCKHQDQ, PUNPCKHQDQ, 0),
	E(PAVGB, PAVGB, 0), E(PAVGW, PAVGW, 0), E(PSADBW, PSADBW, 0),
	E(PMAXSW, PMAXSW, 0), E(PMAXUB, PMAXUB, 0), E(PMINSW, PMINSW, 0),
	E(PMINUB, PMINUB, 0), E(PEXTRW, PEXTRW, 0), E(PINSRW, PINSRW, 0),
	E(PSHUFD, PSHUFD, 0), E(PSHUFHW, PSHUFHW, 0), E(PSHUFLW, PSHUFLW, 0),
	E(PSHUFW, PSHUFW, F_NOFXSR), E(PSHUFB, PSHUFB, 0), E(PALIGNR, PALIGNR, 0),
	E(PHADDW, PHADDW, 0), E(PHADDD, PHADDD, 0), E(PHADDSW, PHADDSW, 0),
	E(PHSUBW, PHSUBW, 0), E(PHSUBD, PHSUBD, 0), E(PHSUBSW, PHSUBSW, 0),
	E(PABSB, PABSB, 0), E(PABSW, PABSW, 0), E(PABSD, PABSD, 0),
	E(PSIGNB, PSIGNB, 0), E(PSIGNW, PSIGNW, 0), E(PSIGND, PSIGND, 0),
	E(PMULHRSW, PMULHRSW, 0), E(PMADDUBSW, PMADDUBSW, 0),
	E(MASKMOVQ, MASKMOV, 0), E(MASKMOVDQU, MASKMOV, 0),
	E(LDMXCSR, LDMXCSR, 0), E(STMXCSR, STMXCSR, 0),
#undef FP4
#undef E
};

static const struct sse_ent *find_ent(ZydisMnemonic m)
{
	unsigned i;

	for (i = 0; i < sizeof(sse_table) / sizeof(sse_table[0]); i++)
		if (sse_table[i].m == m)
			return &sse_table[i];
	return NULL;
}

/* The kind of operand @op and its register number. */
static int op_kind(struct dc *dc, const ZydisDecodedOperand *op, int *reg)
{
	ZydisRegister r = op->reg.value;

	*reg = 0;
	switch (op->type) {
	case ZYDIS_OPERAND_TYPE_REGISTER:
		if (r >= ZYDIS_REGISTER_XMM0 && r <= ZYDIS_REGISTER_XMM7) {
			*reg = r - ZYDIS_REGISTER_XMM0;
			return SK_XMM;
		}
		if (r >= ZYDIS_REGISTER_MM0 && r <= ZYDIS_REGISTER_MM7) {
			*reg = r - ZYDIS_REGISTER_MM0;
			return SK_MM;
		}
		if (r >= ZYDIS_REGISTER_EAX && r <= ZYDIS_REGISTER_EDI)
			return SK_GPR;
		return -1;
	case ZYDIS_OPERAND_TYPE_MEMORY:
		return SK_MEM;
	case ZYDIS_OPERAND_TYPE_IMMEDIATE:
		return SK_IMM;
	default:
		(void)dc;
		return -1;
	}
}

static ir_t k64(struct dc *dc, uint64_t v)
{
	return ir_const(dc->b, IR_I64, v);
}

/* The effective address of memory operand @op for the helper, with its
 * segment and size in the descriptor. */
static ir_t sse_ea(struct dc *dc, const ZydisDecodedOperand *op, uint64_t *desc)
{
	int seg = R_DS;
	ir_t ea = tmp64(dc);
	unsigned bytes = op->size / 8, lg = 0;

	if (op->mem.segment >= ZYDIS_REGISTER_ES && op->mem.segment <= ZYDIS_REGISTER_GS)
		seg = op->mem.segment - ZYDIS_REGISTER_ES;
	ir_gen1(dc->b, IR_extu_i32_i64, ea, gen_ea(dc, op));
	while ((1u << lg) < bytes && lg < 4)
		lg++;
	*desc |= XD_MEM | XD_MKSEG(seg, dc->mmu) | (uint64_t)lg << 26;
	if (dc->addr32)
		*desc |= XD_ADDR32;
	return ea;
}

/* maskmovq/maskmovdqu: the destination is DS:[EDI] (DI with 16-bit
 * addressing), the segment overridable: Zydis's hidden memory operand. */
static bool gen_maskmov(struct dc *dc, uint64_t desc)
{
	int i;

	for (i = 0; i < dc->insn.operand_count; i++) {
		const ZydisDecodedOperand *op = &dc->ops[i];

		if (op->type == ZYDIS_OPERAND_TYPE_MEMORY) {
			ir_t a = sse_ea(dc, op, &desc);

			gen_helper(dc, HELPER_sse, IR_NONE, a, k64(dc, desc), IR_NONE);
			return true;
		}
	}
	return false;
}

/* Fences order memory accesses; one vCPU that executes in program order
 * needs nothing more.  CLFLUSH faults as a byte access to its operand
 * would (SDM Vol. 2A CLFLUSH: #GP, #SS, #PF), without reading it (the
 * line may be MMIO), and otherwise has no effect on an emulated memory
 * without caches.  MOVNTI is a store (the hint is moot). */
static bool gen_sse_misc(struct dc *dc)
{
	uint64_t desc = SD_MK(SSE_CLFLUSH, SK_NONE, SK_MEM);
	ir_t a;

	switch (dc->insn.mnemonic) {
	case ZYDIS_MNEMONIC_SFENCE: case ZYDIS_MNEMONIC_LFENCE:
	case ZYDIS_MNEMONIC_MFENCE:
		return true;
	case ZYDIS_MNEMONIC_CLFLUSH:
		a = sse_ea(dc, &dc->ops[0], &desc);
		gen_helper(dc, HELPER_sse, IR_NONE, a, k64(dc, desc), IR_NONE);
		return true;
	case ZYDIS_MNEMONIC_MOVNTI:
		if (dc->ops[0].type != ZYDIS_OPERAND_TYPE_MEMORY)
			return false;
		gen_st_op(dc, 0, gen_ld_op(dc, 1));
		return true;
	default:
		return false;
	}
}

bool gen_sse(struct dc *dc)
{
	const ZydisDecodedInstruction *in = &dc->insn;
	const struct sse_ent *e;
	int kinds[3] = { SK_NONE, SK_NONE, SK_NONE }, regs[3] = { 0, 0, 0 };
	int n = in->operand_count_visible, i, dk, sk, mem = -1, gpr = -1;
	bool xmm = false, mm = false;	/* an XMM / MMX register named */
	uint64_t desc;
	ir_t a = IR_NONE, r;

	if (in->opcode_map != ZYDIS_OPCODE_MAP_0F &&
	    in->opcode_map != ZYDIS_OPCODE_MAP_0F38 &&
	    in->opcode_map != ZYDIS_OPCODE_MAP_0F3A)
		return false;
	if (gen_sse_misc(dc))
		return true;
	e = find_ent(in->mnemonic);
	if (!e || n < 1 || n > 3)
		return false;
	for (i = 0; i < n; i++) {
		kinds[i] = op_kind(dc, &dc->ops[i], &regs[i]);
		if (kinds[i] < 0)
			return false;
		xmm |= kinds[i] == SK_XMM;
		mm |= kinds[i] == SK_MM;
		if (kinds[i] == SK_MEM)
			mem = i;
		if (kinds[i] == SK_GPR)
			gpr = i;
	}
	if ((e->flags & F_OLD) && !xmm)
		return false;	/* the MMX form: gen_mmx */
	if (in->attributes & ZYDIS_ATTRIB_HAS_LOCK) {
		gen_exception(dc, EXC_UD, 0);
		return true;
	}
	if (e->op == SSE_LDMXCSR || e->op == SSE_STMXCSR) {
		dk = e->op == SSE_STMXCSR ? SK_MEM : SK_NONE;
		sk = e->op == SSE_LDMXCSR ? SK_MEM : SK_NONE;
	} else {
		dk = kinds[0];
		sk = n >= 2 ? kinds[1] : SK_NONE;
	}
	desc = SD_MK(e->op, dk, sk) | (uint64_t)regs[0] | (uint64_t)regs[1] << 3;
	if (e->flags & 4)
		desc |= (uint64_t)(e->flags & 3) << 56;
	/* CR4.OSFXSR=0 makes every SSE-SSSE3 instruction #UD, those on MMX
	 * registers too, but PSHUFW and MOVNTQ (SDM Vol. 3A §13.1.4) */
	if (!(e->flags & F_NOFXSR))
		desc |= SD_XMM;
	if (mm)
		desc |= SD_MM;
	for (i = 0; i < n; i++)
		if (kinds[i] == SK_IMM)
			desc |= (uint64_t)(dc->ops[i].imm.value.u & 0xff) << 48;
	if (e->op == SSE_MASKMOV)
		return gen_maskmov(dc, desc);
	if (mem >= 0) {
		a = sse_ea(dc, &dc->ops[mem], &desc);
		if (SD_MSIZE(desc) == 16 && !(e->flags & F_U))
			desc |= SD_ALIGN;
	} else if (gpr == 1) {
		a = tmp64(dc);
		ir_gen1(dc->b, IR_extu_i32_i64, a, gen_ld_reg(dc, dc->ops[1].reg.value));
	}
	if (dk == SK_GPR) {
		r = tmp64(dc);
		gen_helper(dc, HELPER_sse, r, a, k64(dc, desc), IR_NONE);
		a = tmp32(dc);
		ir_gen1(dc->b, IR_trunc_i64_i32, a, r);
		gen_st_reg(dc, dc->ops[0].reg.value, a);
	} else {
		gen_helper(dc, HELPER_sse, IR_NONE, a, k64(dc, desc), IR_NONE);
	}
	/* comiss and friends write EFLAGS in the helper */
	if (e->op == SSE_COMI || e->op == SSE_UCOMI)
		dc->cc_op = -1;
	return true;
}
