// SPDX-License-Identifier: GPL-2.0-only
/*
 * Flags in the frontend: recording lazy flags, and evaluating the sixteen
 * condition codes (SDM Vol. 1 Appendix B).  When the instruction that set
 * the flags is in the same TB, its cc_op is known here and the common
 * conditions (after cmp, sub, test, and, ...) compile to one comparison
 * instead of a flags computation.
 */
#include "flags.h"
#include "helpers.h"
#include "translate.h"

void gen_set_cc(struct dc *dc, int cc_op, ir_t dst, ir_t src)
{
	ir_movi(dc->b, glob(G_CC_OP), (uint32_t)cc_op);
	ir_gen1(dc->b, IR_mov, glob(G_CC_DST), dst);
	ir_gen1(dc->b, IR_mov, glob(G_CC_SRC), src);
	dc->cc_op = cc_op;
}

void gen_set_cc2(struct dc *dc, int cc_op, ir_t dst, ir_t src, ir_t src2)
{
	ir_gen1(dc->b, IR_mov, glob(G_CC_SRC2), src2);
	gen_set_cc(dc, cc_op, dst, src);
}

void gen_flush_cc(struct dc *dc)
{
	/* cc globals are written by each instruction: nothing is pending */
	(void)dc;
}

/* The low 8 << size bits of v (v itself for 32-bit operands). */
static ir_t low_bits(struct dc *dc, ir_t v, int size)
{
	ir_t t;

	if (size == 2)
		return v;
	t = tmp32(dc);
	ir_extract(dc->b, t, v, 0, 8 << size);
	return t;
}

/* The negation of each comparison, for the odd condition codes. */
static const enum ir_cond negate[] = {
	[IR_EQ] = IR_NE, [IR_NE] = IR_EQ, [IR_LT] = IR_GE, [IR_GE] = IR_LT,
	[IR_LE] = IR_GT, [IR_GT] = IR_LE, [IR_LTU] = IR_GEU,
	[IR_GEU] = IR_LTU, [IR_LEU] = IR_GTU, [IR_GTU] = IR_LEU,
};

ir_t gen_compute_eflags(struct dc *dc)
{
	ir_t t = tmp64(dc), r = tmp32(dc);

	if (dc->cc_op == CC_OP_EFLAGS) {
		ir_gen2(dc->b, IR_and, r, glob(G_CC_SRC), const32(dc, CC_MASK));
		return r;
	}
	gen_helper(dc, HELPER_cc_compute_all, t, IR_NONE, IR_NONE, IR_NONE);
	ir_gen1(dc->b, IR_trunc_i64_i32, r, t);
	return r;
}

ir_t gen_compute_cf(struct dc *dc)
{
	ir_t t, r;
	int size;

	if (dc->cc_op >= 0) {
		size = CC_SIZE(dc->cc_op);
		switch (CC_KIND(dc->cc_op)) {
		case CC_K_SUB: {
			/* CF = src1 < src, src1 = dst + src (in operand width) */
			ir_t s1 = tmp32(dc);

			r = tmp32(dc);
			ir_gen2(dc->b, IR_add, s1, glob(G_CC_DST), glob(G_CC_SRC));
			ir_setcond(dc->b, IR_LTU, r, low_bits(dc, s1, size),
				   low_bits(dc, glob(G_CC_SRC), size));
			return r;
		}
		case CC_K_ADD:
			/* CF = dst < src (in operand width): the sum wrapped */
			r = tmp32(dc);
			ir_setcond(dc->b, IR_LTU, r, low_bits(dc, glob(G_CC_DST), size),
				   low_bits(dc, glob(G_CC_SRC), size));
			return r;
		case CC_K_LOGIC:
			return const32(dc, 0);
		case CC_K_INC:
		case CC_K_DEC:
			r = tmp32(dc);
			ir_gen2(dc->b, IR_and, r, glob(G_CC_SRC), const32(dc, 1));
			return r;
		case CC_K_EFLAGS:
			r = tmp32(dc);
			ir_gen2(dc->b, IR_and, r, glob(G_CC_SRC), const32(dc, CC_C));
			return r;
		default:
			break;
		}
	}
	t = tmp64(dc);
	r = tmp32(dc);
	gen_helper(dc, HELPER_cc_compute_c, t, IR_NONE, IR_NONE, IR_NONE);
	ir_gen1(dc->b, IR_trunc_i64_i32, r, t);
	return r;
}

/* Sign-extend the low @size bytes of v to 32 bits. */
static ir_t sext(struct dc *dc, ir_t v, int size)
{
	ir_t t = tmp32(dc);

	ir_gen1(dc->b, size == 0 ? IR_ext8s : size == 1 ? IR_ext16s : IR_mov,
		t, v);
	return t;
}

static ir_t zext(struct dc *dc, ir_t v, int size)
{
	ir_t t = tmp32(dc);

	ir_gen1(dc->b, size == 0 ? IR_ext8u : size == 1 ? IR_ext16u : IR_mov,
		t, v);
	return t;
}

/* r = x | y for two 0/1 values, inverted for an odd condition code. */
static ir_t cond_or(struct dc *dc, int cc, ir_t x, ir_t y)
{
	ir_t r = tmp32(dc);

	ir_gen2(dc->b, IR_or, r, x, y);
	if (cc & 1)
		ir_gen2(dc->b, IR_xor, r, r, const32(dc, 1));
	return r;
}

/*
 * After add (dst = src1 + src): CF is dst < src in the operand width, so b
 * and be (and their negations ae, a) need no flags computation; common in
 * multi-word arithmetic ("add; setb", "add; jc").
 */
static ir_t cond_add(struct dc *dc, int cc, int size)
{
	ir_t d = zext(dc, glob(G_CC_DST), size), s = zext(dc, glob(G_CC_SRC), size);
	ir_t cf = tmp32(dc), zf;

	ir_setcond(dc->b, IR_LTU, cf, d, s);
	if (cc >> 1 == 1) {
		if (cc & 1)
			ir_gen2(dc->b, IR_xor, cf, cf, const32(dc, 1));
		return cf;
	}
	zf = tmp32(dc);
	ir_setcond(dc->b, IR_EQ, zf, d, const32(dc, 0));
	return cond_or(dc, cc, cf, zf);
}

/*
 * After a 32-bit sbb (dst = src1 - src - carry, carry in src2): the signed
 * conditions of a 64-bit compare done as "cmp lo; sbb hi": SF != OF with
 * OF = the sign of (src1 ^ src) & (src1 ^ dst) (SDM Vol. 1 §3.4.3.1).
 */
static ir_t cond_sbb_signed(struct dc *dc, int cc)
{
	ir_t s1 = tmp32(dc), t = tmp32(dc), u = tmp32(dc), lt = tmp32(dc);

	ir_gen2(dc->b, IR_and, s1, glob(G_CC_SRC2), const32(dc, 1));
	ir_gen2(dc->b, IR_add, s1, s1, glob(G_CC_DST));
	ir_gen2(dc->b, IR_add, s1, s1, glob(G_CC_SRC));
	ir_gen2(dc->b, IR_xor, t, s1, glob(G_CC_SRC));
	ir_gen2(dc->b, IR_xor, u, s1, glob(G_CC_DST));
	ir_gen2(dc->b, IR_and, t, t, u);
	ir_gen2(dc->b, IR_xor, t, t, glob(G_CC_DST));	/* OF ^ SF in bit 31 */
	ir_gen2(dc->b, IR_shr, lt, t, const32(dc, 31));
	if (cc >> 1 == 6) {
		if (cc & 1)
			ir_gen2(dc->b, IR_xor, lt, lt, const32(dc, 1));
		return lt;
	}
	ir_setcond(dc->b, IR_EQ, u, glob(G_CC_DST), const32(dc, 0));
	return cond_or(dc, cc, lt, u);
}

/* Fast paths for a known cc_op; returns IR_NONE when there is none. */
static ir_t cond_fast(struct dc *dc, int cc)
{
	int size = CC_SIZE(dc->cc_op);
	enum ir_cond c;
	ir_t r, a, b;

	if (dc->cc_op < 0)
		return IR_NONE;
	if (CC_KIND(dc->cc_op) == CC_K_ADD && (cc >> 1 == 1 || cc >> 1 == 3))
		return cond_add(dc, cc, size);
	if (CC_KIND(dc->cc_op) == CC_K_SBB && size == 2 &&
	    (cc >> 1 == 6 || cc >> 1 == 7))
		return cond_sbb_signed(dc, cc);
	if (CC_KIND(dc->cc_op) == CC_K_LOGIC && (cc >> 1 == 0 || cc >> 1 == 1))
		return const32(dc, (uint32_t)(cc & 1));	/* OF = CF = 0 */
	switch (CC_KIND(dc->cc_op)) {
	case CC_K_SUB:
		/* after cmp a, b: a = dst + src, b = src */
		switch (cc >> 1) {
		case 1: c = IR_LTU; break;	/* b: CF */
		case 2: c = IR_EQ; break;	/* e: ZF */
		case 3: c = IR_LEU; break;	/* be: CF | ZF */
		case 6: c = IR_LT; break;	/* l: SF != OF */
		case 7: c = IR_LE; break;	/* le */
		default: return IR_NONE;
		}
		a = tmp32(dc);
		ir_gen2(dc->b, IR_add, a, glob(G_CC_DST), glob(G_CC_SRC));
		if (c == IR_LT || c == IR_LE) {
			a = sext(dc, a, size);
			b = sext(dc, glob(G_CC_SRC), size);
		} else {
			a = zext(dc, a, size);
			b = zext(dc, glob(G_CC_SRC), size);
		}
		break;
	case CC_K_LOGIC:
	case CC_K_ADD:
	case CC_K_INC:
	case CC_K_DEC:
		/* conditions that only read ZF or SF of the result */
		switch (cc >> 1) {
		case 2: c = IR_EQ; break;	/* e */
		case 4: c = IR_LT; break;	/* s */
		default:
			if (CC_KIND(dc->cc_op) != CC_K_LOGIC)
				return IR_NONE;
			/* logic: CF = OF = 0 */
			switch (cc >> 1) {
			case 3: c = IR_EQ; break;	/* be = ZF */
			case 6: c = IR_LT; break;	/* l = SF */
			case 7: c = IR_LE; break;	/* le = ZF | SF */
			default: return IR_NONE;
			}
		}
		a = c == IR_EQ ? zext(dc, glob(G_CC_DST), size) :
				 sext(dc, glob(G_CC_DST), size);
		b = const32(dc, 0);
		break;
	default:
		return IR_NONE;
	}
	/* odd condition codes are the negations: invert the comparison */
	r = tmp32(dc);
	ir_setcond(dc->b, (cc & 1) ? negate[c] : c, r, a, b);
	return r;
}

ir_t gen_cond(struct dc *dc, int cc)
{
	ir_t f, r, t, u;

	r = cond_fast(dc, cc);
	if (r != IR_NONE)
		return r;
	r = tmp32(dc);
	t = tmp32(dc);
	u = tmp32(dc);
	f = gen_compute_eflags(dc);
	switch (cc >> 1) {
	case 0:	/* o */
		ir_extract(dc->b, r, f, 11, 1);
		break;
	case 1:	/* b */
		ir_extract(dc->b, r, f, 0, 1);
		break;
	case 2:	/* e */
		ir_extract(dc->b, r, f, 6, 1);
		break;
	case 3:	/* be */
		ir_gen2(dc->b, IR_and, t, f, const32(dc, CC_C | CC_Z));
		ir_setcond(dc->b, IR_NE, r, t, const32(dc, 0));
		break;
	case 4:	/* s */
		ir_extract(dc->b, r, f, 7, 1);
		break;
	case 5:	/* p */
		ir_extract(dc->b, r, f, 2, 1);
		break;
	case 6:	/* l: SF != OF */
		ir_extract(dc->b, t, f, 7, 1);
		ir_extract(dc->b, u, f, 11, 1);
		ir_gen2(dc->b, IR_xor, r, t, u);
		break;
	default: /* le: ZF | (SF != OF) */
		ir_extract(dc->b, t, f, 7, 1);
		ir_extract(dc->b, u, f, 11, 1);
		ir_gen2(dc->b, IR_xor, t, t, u);
		ir_extract(dc->b, u, f, 6, 1);
		ir_gen2(dc->b, IR_or, r, t, u);
		break;
	}
	if (cc & 1)
		ir_gen2(dc->b, IR_xor, r, r, const32(dc, 1));
	return r;
}

uint64_t helper_cc_compute_all(HELPER_ARGS)
{
	HELPER_CPU;
	return cc_compute_all(cpu);
}

uint64_t helper_cc_compute_c(HELPER_ARGS)
{
	HELPER_CPU;
	return cc_compute_c(cpu);
}

