// SPDX-License-Identifier: GPL-2.0-only
/*
 * mul, imul, div, idiv (SDM Vol. 2).  CF and OF report whether the high
 * half is significant; SF, ZF, AF and PF are undefined and come from the
 * low half.  Division is a helper: it raises #DE on a zero divisor or a
 * quotient that does not fit (SDM "DIV": "#DE If the source operand is 0
 * or the quotient is too large").
 */
#include "flags.h"
#include "helpers.h"
#include "softmmu.h"
#include "translate.h"

/* One-operand mul/imul: accumulator * src, double width result. */
static bool gen_mul1(struct dc *dc, bool sign)
{
	int sz = op_size(dc, 0);
	ir_t s = gen_ld_op(dc, 0), a = tmp32(dc), lo = tmp32(dc), hi = tmp32(dc);
	ir_t ov = tmp32(dc), t = tmp32(dc);

	if (sz == 4) {
		ir_t a64 = tmp64(dc), s64 = tmp64(dc), p = tmp64(dc);

		ir_gen1(dc->b, sign ? IR_ext_i32_i64 : IR_extu_i32_i64, a64, glob(G_EAX));
		ir_gen1(dc->b, sign ? IR_ext_i32_i64 : IR_extu_i32_i64, s64, s);
		ir_gen2(dc->b, IR_mul, p, a64, s64);
		ir_gen1(dc->b, IR_trunc_i64_i32, lo, p);
		ir_gen1(dc->b, IR_shr_i64_i32, hi, p);
		ir_gen1(dc->b, IR_mov, glob(G_EAX), lo);
		ir_gen1(dc->b, IR_mov, glob(G_EDX), hi);
		if (sign) {
			ir_gen2(dc->b, IR_sar, t, lo, const32(dc, 31));
			ir_gen2(dc->b, IR_sub, ov, hi, t);
		} else {
			ir_gen1(dc->b, IR_mov, ov, hi);
		}
	} else {
		enum ir_opc ext = sz == 1 ? (sign ? IR_ext8s : IR_ext8u) :
					    (sign ? IR_ext16s : IR_ext16u);
		ir_t ss = tmp32(dc);

		ir_gen1(dc->b, ext, a, glob(G_EAX));
		ir_gen1(dc->b, ext, ss, s);
		ir_gen2(dc->b, IR_mul, lo, a, ss);	/* exact in 32 bits */
		if (sz == 1) {
			ir_deposit(dc->b, glob(G_EAX), glob(G_EAX), lo, 0, 16);
		} else {
			ir_deposit(dc->b, glob(G_EAX), glob(G_EAX), lo, 0, 16);
			ir_gen2(dc->b, IR_shr, hi, lo, const32(dc, 16));
			ir_deposit(dc->b, glob(G_EDX), glob(G_EDX), hi, 0, 16);
		}
		/* significant high half: the product differs from its own
		 * low half extended */
		ir_gen1(dc->b, ext, t, lo);
		ir_gen2(dc->b, IR_sub, ov, lo, t);
	}
	gen_set_cc(dc, CC_OP(CC_K_MUL, size_log2(sz)), lo, ov);
	return true;
}

/* Two- and three-operand imul: truncated signed product. */
static bool gen_imul23(struct dc *dc)
{
	int sz = op_size(dc, 0);
	int n = dc->insn.operand_count_visible;
	ir_t x = gen_ld_op(dc, n == 3 ? 1 : 0), y = gen_ld_op(dc, n == 3 ? 2 : 1);
	ir_t r = tmp32(dc), ov = tmp32(dc), t = tmp32(dc);

	if (sz == 4) {
		ir_t x64 = tmp64(dc), y64 = tmp64(dc), p = tmp64(dc), hi = tmp32(dc);

		ir_gen1(dc->b, IR_ext_i32_i64, x64, x);
		ir_gen1(dc->b, IR_ext_i32_i64, y64, y);
		ir_gen2(dc->b, IR_mul, p, x64, y64);
		ir_gen1(dc->b, IR_trunc_i64_i32, r, p);
		ir_gen1(dc->b, IR_shr_i64_i32, hi, p);
		ir_gen2(dc->b, IR_sar, t, r, const32(dc, 31));
		ir_gen2(dc->b, IR_sub, ov, hi, t);
	} else {
		ir_t xs = tmp32(dc), ys = tmp32(dc);

		ir_gen1(dc->b, IR_ext16s, xs, x);
		ir_gen1(dc->b, IR_ext16s, ys, y);
		ir_gen2(dc->b, IR_mul, r, xs, ys);
		ir_gen1(dc->b, IR_ext16s, t, r);
		ir_gen2(dc->b, IR_sub, ov, r, t);
	}
	gen_st_op(dc, 0, r);
	gen_set_cc(dc, CC_OP(CC_K_MUL, size_log2(sz)), r, ov);
	return true;
}

static bool gen_div(struct dc *dc, bool sign)
{
	static const int helpers[2][3] = {
		{ HELPER_div8, HELPER_div16, HELPER_div32 },
		{ HELPER_idiv8, HELPER_idiv16, HELPER_idiv32 },
	};
	int sz = op_size(dc, 0);
	ir_t s = gen_ld_op(dc, 0), s64 = tmp64(dc);

	ir_gen1(dc->b, IR_extu_i32_i64, s64, s);
	gen_helper(dc, helpers[sign][size_log2(sz)], IR_NONE, s64, IR_NONE,
		   IR_NONE);
	return true;
}

bool gen_muldiv(struct dc *dc)
{
	switch (dc->insn.mnemonic) {
	case ZYDIS_MNEMONIC_MUL:
		return gen_mul1(dc, false);
	case ZYDIS_MNEMONIC_IMUL:
		if (dc->insn.operand_count_visible == 1)
			return gen_mul1(dc, true);
		return gen_imul23(dc);
	case ZYDIS_MNEMONIC_DIV:
		return gen_div(dc, false);
	case ZYDIS_MNEMONIC_IDIV:
		return gen_div(dc, true);
	default:
		return false;
	}
}

/* The helpers write the results only after every check passed. */
uint64_t helper_div8(HELPER_ARGS)
{
	HELPER_CPU;
	uint32_t n = cpu->regs[R_EAX] & 0xffff, d = (uint32_t)a & 0xff, q;

	if (!d)
		cpu_raise(cpu, EXC_DE, 0);
	q = n / d;
	if (q > 0xff)
		cpu_raise(cpu, EXC_DE, 0);
	cpu->regs[R_EAX] = (cpu->regs[R_EAX] & ~0xffffu) | q | ((n % d) << 8);
	return 0;
}

uint64_t helper_idiv8(HELPER_ARGS)
{
	HELPER_CPU;
	int32_t n = (int16_t)cpu->regs[R_EAX], d = (int8_t)a, q;

	if (!d)
		cpu_raise(cpu, EXC_DE, 0);
	q = n / d;
	if (q != (int8_t)q)
		cpu_raise(cpu, EXC_DE, 0);
	cpu->regs[R_EAX] = (cpu->regs[R_EAX] & ~0xffffu) | ((uint32_t)q & 0xff) |
			   (((uint32_t)(n % d) & 0xff) << 8);
	return 0;
}

uint64_t helper_div16(HELPER_ARGS)
{
	HELPER_CPU;
	uint32_t n = (cpu->regs[R_EAX] & 0xffff) | (cpu->regs[R_EDX] << 16);
	uint32_t d = (uint32_t)a & 0xffff, q;

	if (!d)
		cpu_raise(cpu, EXC_DE, 0);
	q = n / d;
	if (q > 0xffff)
		cpu_raise(cpu, EXC_DE, 0);
	cpu->regs[R_EAX] = (cpu->regs[R_EAX] & ~0xffffu) | q;
	cpu->regs[R_EDX] = (cpu->regs[R_EDX] & ~0xffffu) | (n % d);
	return 0;
}

uint64_t helper_idiv16(HELPER_ARGS)
{
	HELPER_CPU;
	int32_t n = (int32_t)((cpu->regs[R_EAX] & 0xffff) | (cpu->regs[R_EDX] << 16));
	int32_t d = (int16_t)a, q;

	if (!d)
		cpu_raise(cpu, EXC_DE, 0);
	if (n == INT32_MIN && d == -1)
		cpu_raise(cpu, EXC_DE, 0);
	q = n / d;
	if (q != (int16_t)q)
		cpu_raise(cpu, EXC_DE, 0);
	cpu->regs[R_EAX] = (cpu->regs[R_EAX] & ~0xffffu) | ((uint32_t)q & 0xffff);
	cpu->regs[R_EDX] = (cpu->regs[R_EDX] & ~0xffffu) | ((uint32_t)(n % d) & 0xffff);
	return 0;
}

uint64_t helper_div32(HELPER_ARGS)
{
	HELPER_CPU;
	uint64_t n = cpu->regs[R_EAX] | (uint64_t)cpu->regs[R_EDX] << 32;
	uint32_t d = (uint32_t)a;
	uint64_t q;

	if (!d)
		cpu_raise(cpu, EXC_DE, 0);
	q = n / d;
	if (q > 0xffffffffu)
		cpu_raise(cpu, EXC_DE, 0);
	cpu->regs[R_EAX] = (uint32_t)q;
	cpu->regs[R_EDX] = (uint32_t)(n % d);
	return 0;
}

uint64_t helper_idiv32(HELPER_ARGS)
{
	HELPER_CPU;
	int64_t n = (int64_t)(cpu->regs[R_EAX] | (uint64_t)cpu->regs[R_EDX] << 32);
	int64_t d = (int32_t)a, q;

	if (!d)
		cpu_raise(cpu, EXC_DE, 0);
	if (n == INT64_MIN && d == -1)
		cpu_raise(cpu, EXC_DE, 0);
	q = n / d;
	if (q != (int32_t)q)
		cpu_raise(cpu, EXC_DE, 0);
	cpu->regs[R_EAX] = (uint32_t)q;
	cpu->regs[R_EDX] = (uint32_t)(n % d);
	return 0;
}
