// SPDX-License-Identifier: GPL-2.0-only
/*
 * Decimal arithmetic: daa, das, aaa, aas, aam, aad (SDM Vol. 2, the
 * pseudo-code of each).  Helpers operate on AL/AH and EFLAGS directly;
 * they touch no memory, so there is nothing to order.
 */
#include "flags.h"
#include "helpers.h"
#include "softmmu.h"
#include "translate.h"

bool gen_bcd(struct dc *dc)
{
	int h;

	switch (dc->insn.mnemonic) {
	case ZYDIS_MNEMONIC_DAA: h = HELPER_daa; break;
	case ZYDIS_MNEMONIC_DAS: h = HELPER_das; break;
	case ZYDIS_MNEMONIC_AAA: h = HELPER_aaa; break;
	case ZYDIS_MNEMONIC_AAS: h = HELPER_aas; break;
	case ZYDIS_MNEMONIC_AAM: h = HELPER_aam; break;
	case ZYDIS_MNEMONIC_AAD: h = HELPER_aad; break;
	default:
		return false;
	}
	gen_helper(dc, h, IR_NONE,
		   ir_const(dc->b, IR_I64,
			    dc->insn.operand_count_visible ?
			    dc->ops[0].imm.value.u & 0xff : 10),
		   IR_NONE, IR_NONE);
	dc->cc_op = -1;
	return true;
}

static void set_al_flags(struct x86_cpu *cpu, uint8_t al, uint32_t cf_af)
{
	uint32_t f = cf_af | cc_parity(al) | (al ? 0 : CC_Z) | (al & 0x80 ? CC_S : 0);

	cpu->regs[R_EAX] = (cpu->regs[R_EAX] & ~0xffu) | al;
	cpu->cc_src = f;
	cpu->cc_op = CC_OP_EFLAGS;
}

uint64_t helper_daa(HELPER_ARGS)
{
	HELPER_CPU;
	uint32_t f = cc_compute_all(cpu), nf = 0;
	uint8_t al = (uint8_t)cpu->regs[R_EAX], old = al;

	if ((al & 0xf) > 9 || (f & CC_A)) {
		al += 6;
		nf |= CC_A;
	}
	if (old > 0x99 || (f & CC_C)) {
		al += 0x60;
		nf |= CC_C;
	}
	set_al_flags(cpu, al, nf);
	return 0;
}

uint64_t helper_das(HELPER_ARGS)
{
	HELPER_CPU;
	uint32_t f = cc_compute_all(cpu), nf = 0;
	uint8_t al = (uint8_t)cpu->regs[R_EAX], old = al;

	if ((al & 0xf) > 9 || (f & CC_A)) {
		nf |= CC_A;
		if (al < 6 || (f & CC_C))
			nf |= CC_C;
		al -= 6;
	}
	if (old > 0x99 || (f & CC_C)) {
		al -= 0x60;
		nf |= CC_C;
	}
	set_al_flags(cpu, al, nf);
	return 0;
}

/* aaa/aas: OF, SF, ZF, PF undefined; computed from AL like QEMU */
static uint64_t aaa_aas(struct x86_cpu *cpu, bool add)
{
	uint32_t f = cc_compute_all(cpu);
	uint32_t ax = cpu->regs[R_EAX] & 0xffff;
	uint32_t nf = f & ~(CC_A | CC_C);

	if ((ax & 0xf) > 9 || (f & CC_A)) {
		if (add)
			ax = (ax + 0x106) & 0xffff;
		else
			ax = (ax - 0x106) & 0xffff;
		nf |= CC_A | CC_C;
	}
	ax &= 0xff0f;
	cpu->regs[R_EAX] = (cpu->regs[R_EAX] & ~0xffffu) | ax;
	cpu->cc_src = nf;
	cpu->cc_op = CC_OP_EFLAGS;
	return 0;
}

uint64_t helper_aaa(HELPER_ARGS)
{
	HELPER_CPU;
	return aaa_aas(cpu, true);
}

uint64_t helper_aas(HELPER_ARGS)
{
	HELPER_CPU;
	return aaa_aas(cpu, false);
}

uint64_t helper_aam(HELPER_ARGS)
{
	HELPER_CPU;
	uint8_t base = (uint8_t)a, al = (uint8_t)cpu->regs[R_EAX];

	if (!base)
		cpu_raise(cpu, EXC_DE, 0);
	cpu->regs[R_EAX] = (cpu->regs[R_EAX] & ~0xffffu) |
			   ((uint32_t)(al / base) << 8) | (al % base);
	set_al_flags(cpu, al % base, 0);
	return 0;
}

uint64_t helper_aad(HELPER_ARGS)
{
	HELPER_CPU;
	uint8_t base = (uint8_t)a, al = (uint8_t)cpu->regs[R_EAX];
	uint8_t ah = (uint8_t)(cpu->regs[R_EAX] >> 8);
	uint8_t r = (uint8_t)(al + ah * base);

	cpu->regs[R_EAX] &= ~0xffffu;
	set_al_flags(cpu, r, 0);
	return 0;
}
