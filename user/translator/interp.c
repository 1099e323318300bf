// SPDX-License-Identifier: GPL-2.0-only
/*
 * The portable backend: IR lowered to a compact array of instructions that
 * a computed-goto loop executes.  Always built; the only backend on hosts
 * other than x86-64, and the reference the x64 backend is compared with.
 *
 * Every operand is a byte offset from the CPU struct: guest globals are its
 * fields, TB temporaries live in cpu->itemp.  One base pointer for all of
 * them keeps each handler to a load, an operation and a store.  Constants
 * become immediates where the handler has an immediate form (add, cmp+branch
 * ...) and are otherwise materialised into a scratch slot by a movi.
 */
#include <errno.h>
#include <stddef.h>
#include <string.h>

#include "cpu.h"
#include "interp.h"
#include "ir.h"
#include "softmmu.h"
#include "tb.h"

struct interp_insn {
	const void *handler;
	uint32_t d, a, b, c;	/* operand slots: byte offsets from cpu */
	uint64_t imm;
};

/* Handlers are identified by number while lowering, by address at run time. */
enum interp_hid {
#define H(name) IH_##name,
#include "interp_handlers.def"
#undef H
	IH_COUNT
};

static const void *const *handler_addr;	/* filled by the first exec call */

#define SLOT_TEMP(i)	((uint32_t)(offsetof(struct x86_cpu, itemp) + 8 * (i)))
#define N_SCRATCH	4	/* slots for materialised constants */
#define MAX_LOCALS	(1024 - N_SCRATCH)

/* Lowering state for one TB. */
struct lower {
	const struct ir_block *b;
	struct interp_insn *out;
	int n, cap;
	int label_pos[IR_MAX_OPS];
	int scratch;
};

static uint32_t slot_of(struct lower *l, ir_t t)
{
	const struct ir_temp *tp = &l->b->temps[t];

	if (tp->kind == IR_TEMP_GLOBAL)
		return tp->offset;
	return SLOT_TEMP(t - l->b->n_globals);
}

static struct interp_insn *emit(struct lower *l, enum interp_hid h)
{
	struct interp_insn *i;

	if (l->n >= l->cap)
		return NULL;
	i = &l->out[l->n++];
	memset(i, 0, sizeof(*i));
	i->handler = (const void *)(uintptr_t)h;	/* resolved later */
	return i;
}

static bool is_const(struct lower *l, ir_t t)
{
	return t != IR_NONE && l->b->temps[t].kind == IR_TEMP_CONST;
}

/* An input operand: a constant goes through a scratch slot. */
static int input(struct lower *l, ir_t t, uint32_t *slot)
{
	struct interp_insn *i;

	if (t == IR_NONE) {
		*slot = SLOT_TEMP(MAX_LOCALS);	/* reads as junk, never used */
		return 0;
	}
	if (!is_const(l, t)) {
		*slot = slot_of(l, t);
		return 0;
	}
	*slot = SLOT_TEMP(MAX_LOCALS + l->scratch);
	l->scratch = (l->scratch + 1) % N_SCRATCH;
	i = emit(l, IH_movi64);
	if (!i)
		return -ENOSPC;
	i->d = *slot;
	i->imm = l->b->temps[t].val;
	return 0;
}

/* Binary ops: the handler pair (reg, reg) and (reg, imm) per type. */
static const struct {
	enum interp_hid rr32, ri32, rr64, ri64;
} binops[IR_NB_OPS] = {
	[IR_add] = { IH_add32, IH_addi32, IH_add64, IH_addi64 },
	[IR_sub] = { IH_sub32, IH_subi32, IH_sub64, IH_subi64 },
	[IR_and] = { IH_and32, IH_andi32, IH_and64, IH_andi64 },
	[IR_or] = { IH_or32, IH_ori32, IH_or64, IH_ori64 },
	[IR_xor] = { IH_xor32, IH_xori32, IH_xor64, IH_xori64 },
	[IR_shl] = { IH_shl32, IH_shli32, IH_shl64, IH_shli64 },
	[IR_shr] = { IH_shr32, IH_shri32, IH_shr64, IH_shri64 },
	[IR_sar] = { IH_sar32, IH_sari32, IH_sar64, IH_sari64 },
	[IR_rotl] = { IH_rotl32, IH_COUNT, IH_rotl64, IH_COUNT },
	[IR_rotr] = { IH_rotr32, IH_COUNT, IH_rotr64, IH_COUNT },
	[IR_mul] = { IH_mul32, IH_COUNT, IH_mul64, IH_COUNT },
};

static const enum interp_hid unops32[IR_NB_OPS] = {
	[IR_mov] = IH_mov32, [IR_neg] = IH_neg32, [IR_not] = IH_not32,
	[IR_ext8s] = IH_ext8s, [IR_ext8u] = IH_ext8u, [IR_ext16s] = IH_ext16s,
	[IR_ext16u] = IH_ext16u, [IR_bswap] = IH_bswap32,
	[IR_ext_i32_i64] = IH_ext32s, [IR_extu_i32_i64] = IH_ext32u,
	[IR_trunc_i64_i32] = IH_mov32, [IR_shr_i64_i32] = IH_hi32,
};

static const enum interp_hid unops64[IR_NB_OPS] = {
	[IR_mov] = IH_mov64, [IR_neg] = IH_neg64, [IR_not] = IH_not64,
	[IR_ext_i32_i64] = IH_ext32s, [IR_extu_i32_i64] = IH_ext32u,
};

static int lower_op(struct lower *l, const struct ir_op *op)
{
	const struct ir_opdef *def = &ir_opdefs[op->opc];
	bool is64 = op->type == IR_I64;
	struct interp_insn *i;
	uint32_t a = 0, b = 0, c = 0;

	switch (op->opc) {
	case IR_nop:
		return 0;
	case IR_movi:
		i = emit(l, is64 ? IH_movi64 : IH_movi32);
		if (!i)
			return -ENOSPC;
		i->d = slot_of(l, op->args[0]);
		i->imm = op->imm;
		return 0;
	case IR_label:
		l->label_pos[op->imm] = l->n;
		return 0;
	case IR_br:
		i = emit(l, IH_br);
		if (!i)
			return -ENOSPC;
		i->imm = op->imm;	/* label; patched to an index later */
		return 0;
	case IR_brcond: {
		int cond = (int)(op->imm & 0xff);

		if (is_const(l, op->args[1]) && !is_const(l, op->args[0])) {
			i = emit(l, (enum interp_hid)((is64 ? IH_brcondi64_eq : IH_brcondi32_eq) + cond));
			if (!i)
				return -ENOSPC;
			i->a = slot_of(l, op->args[0]);
			i->b = (uint32_t)l->b->temps[op->args[1]].val;
			i->c = (uint32_t)(l->b->temps[op->args[1]].val >> 32);
		} else {
			if (input(l, op->args[0], &a) || input(l, op->args[1], &b))
				return -ENOSPC;
			i = emit(l, (enum interp_hid)((is64 ? IH_brcond64_eq : IH_brcond32_eq) + cond));
			if (!i)
				return -ENOSPC;
			i->a = a;
			i->b = b;
		}
		i->imm = op->imm >> 8;
		return 0;
	}
	case IR_setcond:
		if (input(l, op->args[1], &a) || input(l, op->args[2], &b))
			return -ENOSPC;
		i = emit(l, (enum interp_hid)((is64 ? IH_setcond64_eq : IH_setcond32_eq) + op->imm));
		if (!i)
			return -ENOSPC;
		i->d = slot_of(l, op->args[0]);
		i->a = a;
		i->b = b;
		return 0;
	case IR_deposit:
	case IR_extract:
		if (input(l, op->args[1], &a) ||
		    (op->opc == IR_deposit && input(l, op->args[2], &b)))
			return -ENOSPC;
		i = emit(l, op->opc == IR_deposit ? (is64 ? IH_deposit64 : IH_deposit32) :
			 (is64 ? IH_extract64 : IH_extract32));
		if (!i)
			return -ENOSPC;
		i->d = slot_of(l, op->args[0]);
		i->a = a;
		i->b = b;
		i->imm = op->imm;
		return 0;
	case IR_qld:
		if (input(l, op->args[1], &a))
			return -ENOSPC;
		i = emit(l, is64 ? IH_qld64 : IH_qld32);
		if (!i)
			return -ENOSPC;
		i->d = slot_of(l, op->args[0]);
		i->a = a;
		i->imm = op->imm;
		return 0;
	case IR_qst:
		if (input(l, op->args[0], &a) || input(l, op->args[1], &b))
			return -ENOSPC;
		i = emit(l, IH_qst);
		if (!i)
			return -ENOSPC;
		i->a = a;
		i->b = b;
		i->imm = op->imm;
		return 0;
	case IR_call:
		if (input(l, op->args[1], &a) || input(l, op->args[2], &b) ||
		    input(l, op->args[3], &c))
			return -ENOSPC;
		i = emit(l, op->args[0] == IR_NONE ? IH_call0 : IH_call);
		if (!i)
			return -ENOSPC;
		i->d = op->args[0] == IR_NONE ? 0 : slot_of(l, op->args[0]);
		i->a = a;
		i->b = b;
		i->c = c;
		i->imm = (uint64_t)(uintptr_t)ir_helper_get((int)op->imm)->fn;
		return 0;
	case IR_ld_env:
		/* env fields are slots too: a plain move */
		i = emit(l, IH_mov32);
		if (!i)
			return -ENOSPC;
		i->d = slot_of(l, op->args[0]);
		i->a = (uint32_t)op->imm;
		return 0;
	case IR_st_env:
		if (input(l, op->args[0], &a))
			return -ENOSPC;
		i = emit(l, IH_mov32);
		if (!i)
			return -ENOSPC;
		i->a = a;
		i->d = (uint32_t)op->imm;
		return 0;
	case IR_insn_start:
		i = emit(l, IH_insn_start);
		if (!i)
			return -ENOSPC;
		i->imm = op->imm;
		return 0;
	case IR_goto_tb:
		i = emit(l, IH_goto_tb);
		if (!i)
			return -ENOSPC;
		i->imm = op->imm;
		return 0;
	case IR_exit_tb:
	case IR_lookup_tb:	/* the loop's own jump cache finds the TB */
		return emit(l, IH_exit_tb) ? 0 : -ENOSPC;
	default:
		break;
	}

	if (def->n_in == 2) {
		enum interp_hid rr = is64 ? binops[op->opc].rr64 : binops[op->opc].rr32;
		enum interp_hid ri = is64 ? binops[op->opc].ri64 : binops[op->opc].ri32;

		if (ri != IH_COUNT && is_const(l, op->args[2]) &&
		    !is_const(l, op->args[1])) {
			i = emit(l, ri);
			if (!i)
				return -ENOSPC;
			i->d = slot_of(l, op->args[0]);
			i->a = slot_of(l, op->args[1]);
			i->imm = l->b->temps[op->args[2]].val;
			return 0;
		}
		if (input(l, op->args[1], &a) || input(l, op->args[2], &b))
			return -ENOSPC;
		i = emit(l, rr);
		if (!i)
			return -ENOSPC;
		i->d = slot_of(l, op->args[0]);
		i->a = a;
		i->b = b;
		return 0;
	}
	/* unary */
	{
		enum interp_hid h = is64 ? unops64[op->opc] : unops32[op->opc];

		if (op->opc == IR_mov && is_const(l, op->args[1])) {
			i = emit(l, is64 ? IH_movi64 : IH_movi32);
			if (!i)
				return -ENOSPC;
			i->d = slot_of(l, op->args[0]);
			i->imm = l->b->temps[op->args[1]].val;
			return 0;
		}
		if (input(l, op->args[1], &a))
			return -ENOSPC;
		i = emit(l, h);
		if (!i)
			return -ENOSPC;
		i->d = slot_of(l, op->args[0]);
		i->a = a;
	}
	return 0;
}

static int interp_gen(struct tb *tb, const struct ir_block *b)
{
	static struct interp_insn buf[IR_MAX_OPS * 3];
	static struct lower l;
	struct interp_insn *code;
	int k;

	if (b->n_temps - b->n_globals > MAX_LOCALS)
		return -ENOSPC;
	memset(&l, 0, sizeof(l));
	l.b = b;
	l.out = buf;
	l.cap = IR_MAX_OPS * 3;
	for (k = 0; k < b->n_ops; k++)
		if (lower_op(&l, &b->ops[k]))
			return -ENOSPC;
	if (!handler_addr)
		interp_exec(NULL, NULL);	/* fills handler_addr */
	for (k = 0; k < l.n; k++) {
		enum interp_hid h = (enum interp_hid)(uintptr_t)buf[k].handler;

		if (h == IH_br || (h >= IH_brcond32_eq && h <= IH_brcondi64_gtu))
			buf[k].imm = (uint64_t)l.label_pos[buf[k].imm];
		buf[k].handler = handler_addr[h];
	}
	code = code_buf_alloc((size_t)l.n * sizeof(*code), 16);
	if (!code)
		return -ENOSPC;
	memcpy(code, buf, (size_t)l.n * sizeof(*code));
	tb->code = code;
	tb->code_size = (size_t)l.n * sizeof(*code);
	return 0;
}

static void interp_link(struct tb *from, int slot, struct tb *to)
{
	/* the interpreter reads from->jmp_dest[] when it reaches goto_tb */
	(void)from, (void)slot, (void)to;
}

/* Slots are 4-byte aligned: a 64-bit access may straddle two 32-bit
 * fields (a 32-bit global read whole by a helper call's argument). */
typedef uint64_t __attribute__((aligned(4), may_alias)) slot64_t;
#define S32(off) (*(uint32_t *)(env + (off)))
#define S64(off) (*(slot64_t *)(env + (off)))
#define SS32(off) (*(int32_t *)(env + (off)))
#define SS64(off) (*(int64_t *)(env + (off)))

uintptr_t interp_exec(struct x86_cpu *cpu, struct tb *tb)
{
	static const void *const labels[IH_COUNT] = {
#define H(name) [IH_##name] = &&L_##name,
#include "interp_handlers.def"
#undef H
	};
	const struct interp_insn *ip;
	char *env = (char *)cpu;

	if (!cpu) {
		handler_addr = labels;
		return 0;
	}
	tb_running = tb;
	ip = tb->code;

#define NEXT() do { ip++; goto *ip->handler; } while (0)
	goto *ip->handler;

#define BIN(name, T, S, expr)						\
	L_##name: { T a = S(ip->a), b = S(ip->b); (void)a; (void)b;	\
		S(ip->d) = (expr); NEXT(); }
#define BINI(name, T, S, expr)						\
	L_##name: { T a = S(ip->a), b = (T)ip->imm; (void)b;		\
		S(ip->d) = (expr); NEXT(); }
	BIN(add32, uint32_t, S32, a + b)
	BINI(addi32, uint32_t, S32, a + b)
	BIN(sub32, uint32_t, S32, a - b)
	BINI(subi32, uint32_t, S32, a - b)
	BIN(and32, uint32_t, S32, a & b)
	BINI(andi32, uint32_t, S32, a & b)
	BIN(or32, uint32_t, S32, a | b)
	BINI(ori32, uint32_t, S32, a | b)
	BIN(xor32, uint32_t, S32, a ^ b)
	BINI(xori32, uint32_t, S32, a ^ b)
	BIN(shl32, uint32_t, S32, a << (b & 31))
	BINI(shli32, uint32_t, S32, a << (b & 31))
	BIN(shr32, uint32_t, S32, a >> (b & 31))
	BINI(shri32, uint32_t, S32, a >> (b & 31))
	BIN(sar32, uint32_t, S32, (uint32_t)((int32_t)a >> (b & 31)))
	BINI(sari32, uint32_t, S32, (uint32_t)((int32_t)a >> (b & 31)))
	BIN(rotl32, uint32_t, S32, (a << (b & 31)) | (a >> ((32 - (b & 31)) & 31)))
	BIN(rotr32, uint32_t, S32, (a >> (b & 31)) | (a << ((32 - (b & 31)) & 31)))
	BIN(mul32, uint32_t, S32, a * b)
	BIN(add64, uint64_t, S64, a + b)
	BINI(addi64, uint64_t, S64, a + b)
	BIN(sub64, uint64_t, S64, a - b)
	BINI(subi64, uint64_t, S64, a - b)
	BIN(and64, uint64_t, S64, a & b)
	BINI(andi64, uint64_t, S64, a & b)
	BIN(or64, uint64_t, S64, a | b)
	BINI(ori64, uint64_t, S64, a | b)
	BIN(xor64, uint64_t, S64, a ^ b)
	BINI(xori64, uint64_t, S64, a ^ b)
	BIN(shl64, uint64_t, S64, a << (b & 63))
	BINI(shli64, uint64_t, S64, a << (b & 63))
	BIN(shr64, uint64_t, S64, a >> (b & 63))
	BINI(shri64, uint64_t, S64, a >> (b & 63))
	BIN(sar64, uint64_t, S64, (uint64_t)((int64_t)a >> (b & 63)))
	BINI(sari64, uint64_t, S64, (uint64_t)((int64_t)a >> (b & 63)))
	BIN(rotl64, uint64_t, S64, (a << (b & 63)) | (a >> ((64 - (b & 63)) & 63)))
	BIN(rotr64, uint64_t, S64, (a >> (b & 63)) | (a << ((64 - (b & 63)) & 63)))
	BIN(mul64, uint64_t, S64, a * b)

#define UN(name, T, S, D, expr)						\
	L_##name: { T a = S(ip->a); D(ip->d) = (expr); NEXT(); }
	UN(mov32, uint32_t, S32, S32, a)
	UN(neg32, uint32_t, S32, S32, -a)
	UN(not32, uint32_t, S32, S32, ~a)
	UN(ext8s, uint32_t, S32, S32, (uint32_t)(int32_t)(int8_t)a)
	UN(ext8u, uint32_t, S32, S32, a & 0xff)
	UN(ext16s, uint32_t, S32, S32, (uint32_t)(int32_t)(int16_t)a)
	UN(ext16u, uint32_t, S32, S32, a & 0xffff)
	UN(bswap32, uint32_t, S32, S32, __builtin_bswap32(a))
	UN(mov64, uint64_t, S64, S64, a)
	UN(neg64, uint64_t, S64, S64, -a)
	UN(not64, uint64_t, S64, S64, ~a)
	UN(ext32s, uint32_t, S32, S64, (uint64_t)(int64_t)(int32_t)a)
	UN(ext32u, uint32_t, S32, S64, (uint64_t)a)
	UN(hi32, uint64_t, S64, S32, (uint32_t)(a >> 32))

L_movi32:
	S32(ip->d) = (uint32_t)ip->imm;
	NEXT();
L_movi64:
	S64(ip->d) = ip->imm;
	NEXT();

/* One handler per condition; ST is the signed type, SS the signed slot. */
#define CONDS(X, T, ST, S, SS, A, B)					\
	X(eq, S(A) == (T)(B)) X(ne, S(A) != (T)(B))			\
	X(lt, SS(A) < (ST)(B)) X(ge, SS(A) >= (ST)(B))			\
	X(le, SS(A) <= (ST)(B)) X(gt, SS(A) > (ST)(B))			\
	X(ltu, S(A) < (T)(B)) X(geu, S(A) >= (T)(B))			\
	X(leu, S(A) <= (T)(B)) X(gtu, S(A) > (T)(B))
#define BR32(c, e) L_brcond32_##c: if (e) { ip = (const struct interp_insn *)tb->code + ip->imm; goto *ip->handler; } NEXT();
#define BR64(c, e) L_brcond64_##c: if (e) { ip = (const struct interp_insn *)tb->code + ip->imm; goto *ip->handler; } NEXT();
#define BRI32(c, e) L_brcondi32_##c: if (e) { ip = (const struct interp_insn *)tb->code + ip->imm; goto *ip->handler; } NEXT();
#define BRI64(c, e) L_brcondi64_##c: if (e) { ip = (const struct interp_insn *)tb->code + ip->imm; goto *ip->handler; } NEXT();
#define SET32(c, e) L_setcond32_##c: S32(ip->d) = (e); NEXT();
#define SET64(c, e) L_setcond64_##c: S32(ip->d) = (e); NEXT();
	CONDS(BR32, uint32_t, int32_t, S32, SS32, ip->a, S32(ip->b))
	CONDS(BR64, uint64_t, int64_t, S64, SS64, ip->a, S64(ip->b))
	CONDS(BRI32, uint32_t, int32_t, S32, SS32, ip->a, ip->b)
	CONDS(BRI64, uint64_t, int64_t, S64, SS64, ip->a, ((uint64_t)ip->c << 32 | ip->b))
	CONDS(SET32, uint32_t, int32_t, S32, SS32, ip->a, S32(ip->b))
	CONDS(SET64, uint64_t, int64_t, S64, SS64, ip->a, S64(ip->b))

L_br:
	ip = (const struct interp_insn *)tb->code + ip->imm;
	goto *ip->handler;

L_deposit32: {
		unsigned pos = ip->imm & 0xff, len = (unsigned)(ip->imm >> 8);
		uint32_t mask = (len >= 32 ? ~0u : ((1u << len) - 1)) << pos;

		S32(ip->d) = (S32(ip->a) & ~mask) | ((S32(ip->b) << pos) & mask);
		NEXT();
	}
L_deposit64: {
		unsigned pos = ip->imm & 0xff, len = (unsigned)(ip->imm >> 8);
		uint64_t mask = (len >= 64 ? ~0ULL : ((1ULL << len) - 1)) << pos;

		S64(ip->d) = (S64(ip->a) & ~mask) | ((S64(ip->b) << pos) & mask);
		NEXT();
	}
L_extract32: {
		unsigned pos = ip->imm & 0xff, len = (unsigned)(ip->imm >> 8);

		S32(ip->d) = (S32(ip->a) >> pos) & (len >= 32 ? ~0u : ((1u << len) - 1));
		NEXT();
	}
L_extract64: {
		unsigned pos = ip->imm & 0xff, len = (unsigned)(ip->imm >> 8);

		S64(ip->d) = (S64(ip->a) >> pos) & (len >= 64 ? ~0ULL : ((1ULL << len) - 1));
		NEXT();
	}
L_qld32:
	S32(ip->d) = (uint32_t)mmu_ld(cpu, (int)(ip->imm >> 8) & 15, S32(ip->a),
				      (int)(ip->imm & 0xff), (int)(ip->imm >> 12) & 15);
	NEXT();
L_qld64:
	S64(ip->d) = mmu_ld(cpu, (int)(ip->imm >> 8) & 15, S32(ip->a),
			    (int)(ip->imm & 0xff), (int)(ip->imm >> 12) & 15);
	NEXT();
L_qst:
	mmu_st(cpu, (int)(ip->imm >> 8) & 15, S32(ip->b),
	       (ip->imm & MO_SIZE) == MO_64 ? S64(ip->a) : S32(ip->a),
	       (int)(ip->imm & 0xff), (int)(ip->imm >> 12) & 15);
	NEXT();
L_call:
	S64(ip->d) = ((ir_helper_fn)(uintptr_t)ip->imm)(cpu, S64(ip->a),
							S64(ip->b), S64(ip->c));
	NEXT();
L_call0:
	((ir_helper_fn)(uintptr_t)ip->imm)(cpu, S64(ip->a), S64(ip->b), S64(ip->c));
	NEXT();
L_insn_start:
	/* Each instruction begins with eip stored, so a fault anywhere in it
	 * reports the right address; a write into this TB's own code stops
	 * it here, before the stale instruction runs. */
	cpu->eip = (uint32_t)ip->imm;
	if (tb_running_invalidated)
		goto out_nochain;
	NEXT();
L_goto_tb: {
		int slot = (int)ip->imm;
		struct tb *next = tb->jmp_dest[slot];

		if (next && !cpu->pending && --cpu->budget > 0 &&
		    !tb_running_invalidated) {
			tb = next;
			tb_running = tb;
			ip = tb->code;
			goto *ip->handler;
		}
		tb_running = NULL;
		return (uintptr_t)tb | (uintptr_t)slot;
	}
L_exit_tb:
out_nochain:
	tb_running = NULL;
	return 0;
}

/* -d out_asm: the lowered instructions, one per line. */
static void interp_dump(const struct tb *tb, FILE *f)
{
	static const char *const names[IH_COUNT] = {
#define H(name) [IH_##name] = #name,
#include "interp_handlers.def"
#undef H
	};
	const struct interp_insn *code = tb->code;
	size_t i, n = tb->code_size / sizeof(*code);
	int h;

	fprintf(f, "OUT: [interp] TB %08x: %zu instructions\n", tb->pc, n);
	for (i = 0; i < n; i++) {
		for (h = 0; h < IH_COUNT; h++)
			if (handler_addr[h] == code[i].handler)
				break;
		fprintf(f, "  %4zu: %-14s d=%-5u a=%-5u b=%-5u c=%-5u imm=0x%llx\n", i,
			h < IH_COUNT ? names[h] : "?", code[i].d, code[i].a,
			code[i].b, code[i].c, (unsigned long long)code[i].imm);
	}
}

const struct backend interp_backend = {
	.name = "interp",
	.gen = interp_gen,
	.exec = interp_exec,
	.link = interp_link,
	.dump = interp_dump,
};
