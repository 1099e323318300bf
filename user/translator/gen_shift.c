// SPDX-License-Identifier: GPL-2.0-only
/*
 * Shifts and rotates (SDM Vol. 2 "SAL/SAR/SHL/SHR", "RCL/RCR/ROL/ROR",
 * "SHLD", "SHRD").  The count is masked to 5 bits; a masked count of zero
 * changes neither the operand nor the flags.  shl/shr/sar are inline with
 * lazy flags, rol/ror inline with their flags computed in full; rotates
 * through CF and double shifts go to helpers that return the result in
 * the low half and the new EFLAGS in the high half, so the destination is
 * written before the flags.
 */
#include "flags.h"
#include "helpers.h"
#include "translate.h"

static ir_t gen_count(struct dc *dc, int n)
{
	ir_t c = tmp32(dc);

	ir_gen2(dc->b, IR_and, c, gen_ld_op(dc, n), const32(dc, 31));
	return c;
}

/*
 * The count, masked: an immediate count is known now, so a count of zero
 * (the instruction changes nothing) and the branch around the work for it
 * are settled here, and the block stays one piece for the register cache.
 * Returns false when there is nothing to do; else *skip is the label to
 * place after the work, or -1 when there is none.
 */
static bool gen_count_checked(struct dc *dc, int n, ir_t *c, int *skip)
{
	*skip = -1;
	if (dc->ops[n].type == ZYDIS_OPERAND_TYPE_IMMEDIATE) {
		uint32_t k = (uint32_t)dc->ops[n].imm.value.u & 31;

		*c = const32(dc, k);
		return k != 0;
	}
	*c = gen_count(dc, n);
	*skip = ir_new_label(dc->b);
	ir_brcond(dc->b, IR_EQ, *c, const32(dc, 0), *skip);
	return true;
}

/* After the work: the path that skipped it keeps the previous flags. */
static void gen_count_done(struct dc *dc, int skip)
{
	if (skip < 0)
		return;
	ir_label(dc->b, skip);
	dc->cc_op = -1;
}

static bool gen_sh(struct dc *dc, ZydisMnemonic m)
{
	int sz = op_size(dc, 0), skip;
	ir_t v = gen_ld_op(dc, 0), c;
	ir_t r = tmp32(dc), src = tmp32(dc), c1 = tmp32(dc), x = tmp32(dc);
	enum ir_opc op;
	int kind;

	if (!gen_count_checked(dc, 1, &c, &skip))
		return true;
	ir_gen2(dc->b, IR_sub, c1, c, const32(dc, 1));
	if (m == ZYDIS_MNEMONIC_SHL) {
		op = IR_shl;
		kind = CC_K_SHL;
		ir_gen1(dc->b, IR_mov, x, v);
	} else if (m == ZYDIS_MNEMONIC_SHR) {
		op = IR_shr;
		kind = CC_K_SAR;
		ir_gen1(dc->b, IR_mov, x, v);	/* loaded zero-extended */
	} else {
		op = IR_sar;
		kind = CC_K_SAR;
		ir_gen1(dc->b, sz == 1 ? IR_ext8s : sz == 2 ? IR_ext16s : IR_mov, x, v);
	}
	ir_gen2(dc->b, op, src, x, c1);
	ir_gen2(dc->b, op, r, src, const32(dc, 1));
	gen_st_op(dc, 0, r);
	gen_set_cc(dc, CC_OP(kind, size_log2(sz)), r, src);
	gen_count_done(dc, skip);
	return true;
}

/*
 * rol/ror: an 8- or 16-bit operand copied into every byte or half of a
 * 32-bit value rotates like itself (8 and 16 divide 32), so one 32-bit
 * rotate by the masked count serves every size.  Only CF and OF change
 * (SDM "ROL": CF is the bit rotated in; OF = MSB xor CF left, the two
 * top bits xored right); the rest are the previous instruction's, so
 * EFLAGS is computed in full, and the optimiser drops all of it when the
 * next instruction sets the flags again, as it mostly does.
 */
static bool gen_rot(struct dc *dc, bool left)
{
	int sz = op_size(dc, 0), bits = sz * 8, skip;
	ir_t v = gen_ld_op(dc, 0), c, x = v, r, f;
	ir_t cf = tmp32(dc), msb = tmp32(dc), of = tmp32(dc), nf = tmp32(dc);

	if (!gen_count_checked(dc, 1, &c, &skip))
		return true;
	if (sz == 1) {
		x = tmp32(dc);
		ir_gen2(dc->b, IR_mul, x, v, const32(dc, 0x01010101));
	} else if (sz == 2) {
		ir_t hi = tmp32(dc);

		x = tmp32(dc);
		ir_gen2(dc->b, IR_shl, hi, v, const32(dc, 16));
		ir_gen2(dc->b, IR_or, x, v, hi);
	}
	r = tmp32(dc);
	ir_gen2(dc->b, left ? IR_rotl : IR_rotr, r, x, c);
	if (sz != 4) {
		ir_t full = r;

		r = tmp32(dc);
		ir_extract(dc->b, r, full, 0, bits);
	}
	gen_st_op(dc, 0, r);
	f = gen_compute_eflags(dc);
	ir_extract(dc->b, msb, r, bits - 1, 1);
	if (left) {
		ir_gen2(dc->b, IR_and, cf, r, const32(dc, 1));
		ir_gen2(dc->b, IR_xor, of, msb, cf);
	} else {
		ir_t next = tmp32(dc);

		ir_gen1(dc->b, IR_mov, cf, msb);
		ir_extract(dc->b, next, r, bits - 2, 1);
		ir_gen2(dc->b, IR_xor, of, msb, next);
	}
	ir_gen2(dc->b, IR_and, nf, f, const32(dc, ~(uint32_t)(CC_C | CC_O)));
	ir_gen2(dc->b, IR_or, nf, nf, cf);
	ir_gen2(dc->b, IR_shl, of, of, const32(dc, 11));
	ir_gen2(dc->b, IR_or, nf, nf, of);
	gen_set_cc(dc, CC_OP_EFLAGS, const32(dc, 0), nf);
	gen_count_done(dc, skip);
	return true;
}

/* rcl/rcr and shld/shrd through a helper. */
static bool gen_sh_helper(struct dc *dc, int helper, bool dbl)
{
	int sz = op_size(dc, 0);
	ir_t v = gen_ld_op(dc, 0), src = dbl ? gen_ld_op(dc, 1) : const32(dc, 0);
	ir_t c = gen_count(dc, dbl ? 2 : 1), f = gen_compute_eflags(dc);
	ir_t arg = tmp32(dc), out = tmp64(dc), r = tmp32(dc), nf = tmp32(dc);
	ir_t v64 = tmp64(dc), s64 = tmp64(dc), a64 = tmp64(dc);

	/* arg: count | size << 8 | old flags << 16 */
	ir_gen2(dc->b, IR_shl, arg, f, const32(dc, 16));
	ir_gen2(dc->b, IR_or, arg, arg, c);
	ir_gen2(dc->b, IR_or, arg, arg, const32(dc, (uint32_t)sz << 8));
	ir_gen1(dc->b, IR_extu_i32_i64, v64, v);
	ir_gen1(dc->b, IR_extu_i32_i64, s64, src);
	ir_gen1(dc->b, IR_extu_i32_i64, a64, arg);
	gen_helper(dc, helper, out, v64, s64, a64);
	ir_gen1(dc->b, IR_trunc_i64_i32, r, out);
	ir_gen1(dc->b, IR_shr_i64_i32, nf, out);
	gen_st_op(dc, 0, r);
	gen_set_cc(dc, CC_OP_EFLAGS, const32(dc, 0), nf);
	return true;
}

bool gen_shift(struct dc *dc)
{
	switch (dc->insn.mnemonic) {
	case ZYDIS_MNEMONIC_SHL: case ZYDIS_MNEMONIC_SHR: case ZYDIS_MNEMONIC_SAR:
		return gen_sh(dc, dc->insn.mnemonic);
	case ZYDIS_MNEMONIC_ROL:
		return gen_rot(dc, true);
	case ZYDIS_MNEMONIC_ROR:
		return gen_rot(dc, false);
	case ZYDIS_MNEMONIC_RCL:
		return gen_sh_helper(dc, HELPER_rcl, false);
	case ZYDIS_MNEMONIC_RCR:
		return gen_sh_helper(dc, HELPER_rcr, false);
	case ZYDIS_MNEMONIC_SHLD:
		return gen_sh_helper(dc, HELPER_shld, true);
	case ZYDIS_MNEMONIC_SHRD:
		return gen_sh_helper(dc, HELPER_shrd, true);
	default:
		return false;
	}
}

/* Unpack the helper argument; returns the operand width in bits. */
static unsigned unpack(uint64_t c, unsigned *count, uint32_t *flags)
{
	*count = c & 31;
	*flags = (uint32_t)(c >> 16);
	return ((c >> 8) & 0xff) * 8;
}

static uint64_t pack(uint32_t r, uint32_t flags)
{
	return r | (uint64_t)(flags & CC_MASK) << 32;
}

static uint32_t mask_of(unsigned bits)
{
	return bits == 32 ? ~0u : (1u << bits) - 1;
}

/* CF and OF after a rotate; OF is defined for count 1 (SDM "ROL"):
 * left rotates: MSB(result) XOR CF; right rotates: XOR of the two MSBs. */
static uint32_t rot_flags(uint32_t flags, uint32_t r, unsigned bits, bool cf,
			  bool left)
{
	uint32_t msb = (r >> (bits - 1)) & 1, msb2 = (r >> (bits - 2)) & 1;
	uint32_t of = left ? msb ^ cf : msb ^ msb2;

	flags &= ~(CC_C | CC_O);
	return flags | (cf ? CC_C : 0) | (of ? CC_O : 0);
}

uint64_t helper_rcl(HELPER_ARGS)
{
	unsigned n, bits = unpack(c, &n, &(uint32_t){0});
	uint32_t f = (uint32_t)(c >> 16);
	uint64_t v = (uint32_t)a & mask_of(bits), cf = f & CC_C;

	(void)env, (void)b;
	/* rotate through CF: a bits+1 wide rotate */
	n %= bits + 1;
	if (!n)
		return pack((uint32_t)v, f);
	while (n--) {
		uint64_t out = (v >> (bits - 1)) & 1;

		v = ((v << 1) | cf) & mask_of(bits);
		cf = out;
	}
	return pack((uint32_t)v, rot_flags(f, (uint32_t)v, bits, cf, true));
}

uint64_t helper_rcr(HELPER_ARGS)
{
	unsigned n, bits = unpack(c, &n, &(uint32_t){0});
	uint32_t f = (uint32_t)(c >> 16);
	uint64_t v = (uint32_t)a & mask_of(bits), cf = f & CC_C;
	uint32_t of;

	(void)env, (void)b;
	n %= bits + 1;
	if (!n)
		return pack((uint32_t)v, f);
	/* OF for count 1: MSB(dest) XOR CF, before the rotate */
	of = (uint32_t)(((v >> (bits - 1)) & 1) ^ cf);
	while (n--) {
		uint64_t out = v & 1;

		v = (v >> 1) | (cf << (bits - 1));
		cf = out;
	}
	f = rot_flags(f, (uint32_t)v, bits, cf, false);
	f = (f & ~CC_O) | (of ? CC_O : 0);
	return pack((uint32_t)v, f);
}

/* shld/shrd: flags as a shift of the destination (SDM "SHLD"). */
static uint32_t dshift_flags(uint32_t f, uint32_t r, uint32_t old, unsigned bits,
			     bool cf)
{
	uint32_t m = mask_of(bits), sign = 1u << (bits - 1);
	uint32_t nf = f & ~CC_MASK;

	r &= m;
	nf |= cf ? CC_C : 0;
	nf |= ((r ^ old) & sign) ? CC_O : 0;
	nf |= r ? 0 : CC_Z;
	nf |= (r & sign) ? CC_S : 0;
	nf |= cc_parity(r);
	return nf;
}

uint64_t helper_shld(HELPER_ARGS)
{
	unsigned n, bits = unpack(c, &n, &(uint32_t){0});
	uint32_t f = (uint32_t)(c >> 16), m = mask_of(bits);
	uint64_t v = (uint32_t)a & m, s = (uint32_t)b & m, wide, r;
	bool cf;

	(void)env;
	if (!n)
		return pack((uint32_t)v, f);
	if (bits == 16) {
		/* counts above 16 are undefined; behave as a 32-bit window
		 * of dest:src:dest as Intel CPUs do */
		wide = (v << 32) | (s << 16) | v;
		r = (wide << n) >> 32;
		cf = (wide >> (48 - n)) & 1;
		return pack((uint32_t)r & m, dshift_flags(f, (uint32_t)r, (uint32_t)v, 16, cf));
	}
	wide = (v << 32) | s;
	r = (wide << n) >> 32;
	cf = (v >> (32 - n)) & 1;
	return pack((uint32_t)r, dshift_flags(f, (uint32_t)r, (uint32_t)v, 32, cf));
}

uint64_t helper_shrd(HELPER_ARGS)
{
	unsigned n, bits = unpack(c, &n, &(uint32_t){0});
	uint32_t f = (uint32_t)(c >> 16), m = mask_of(bits);
	uint64_t v = (uint32_t)a & m, s = (uint32_t)b & m, wide, r;
	bool cf;

	(void)env;
	if (!n)
		return pack((uint32_t)v, f);
	if (bits == 16) {
		wide = (v << 32) | (s << 16) | v;
		r = wide >> n;
		cf = (wide >> (n - 1)) & 1;
		return pack((uint32_t)r & m, dshift_flags(f, (uint32_t)r, (uint32_t)v, 16, cf));
	}
	wide = (s << 32) | v;
	r = wide >> n;
	cf = (v >> (n - 1)) & 1;
	return pack((uint32_t)r, dshift_flags(f, (uint32_t)r, (uint32_t)v, 32, cf));
}
