// SPDX-License-Identifier: GPL-2.0-only
/*
 * The x86-64 instruction emitter.  See x64_emit.h.
 *
 * Every instruction goes through enc(): operand-size prefix, REX, opcode,
 * ModR/M, SIB and displacement, in the order of SDM Vol. 2A §2.1 Figure
 * 2-1; immediates follow.  Memory operands never use RIP-relative or
 * absolute forms, so ModR/M mod 00 with r/m 101 (and SIB base 101) never
 * appears: an rbp or r13 base always gets a displacement byte.
 */
#include "translator/backend-x64/x64_emit.h"

#include <errno.h>
#include <string.h>

void x64_asm_init(struct x64_asm *a, void *buf, size_t cap)
{
	a->buf = buf;
	a->len = 0;
	a->cap = cap;
	a->err = 0;
}

void x64_byte(struct x64_asm *a, uint8_t v)
{
	if (a->len >= a->cap) {
		a->err = -ENOSPC;
		return;
	}
	a->buf[a->len++] = v;
}

static void put16(struct x64_asm *a, uint16_t v)
{
	x64_byte(a, (uint8_t)v);
	x64_byte(a, (uint8_t)(v >> 8));
}

void x64_u32(struct x64_asm *a, uint32_t v)
{
	put16(a, (uint16_t)v);
	put16(a, (uint16_t)(v >> 16));
}

static void put64(struct x64_asm *a, uint64_t v)
{
	x64_u32(a, (uint32_t)v);
	x64_u32(a, (uint32_t)(v >> 32));
}

void x64_patch_rel32(struct x64_asm *a, size_t pos, size_t target)
{
	int32_t rel = (int32_t)((int64_t)target - (int64_t)(pos + 4));

	if (a->err || pos + 4 > a->len)
		return;
	memcpy(a->buf + pos, &rel, 4);
}

static bool fits8(int64_t v)
{
	return v >= -128 && v <= 127;
}

/* Operand kinds for REX: an 8-bit register numbered 4-7 means spl, bpl,
 * sil, dil only with a REX prefix (without one, ah, ch, dh, bh). */
#define BYTE_REG 1	/* the ModR/M reg field is an 8-bit register */
#define BYTE_RM 2	/* the r/m register is an 8-bit register */

/*
 * Encode prefix, opcode (1-3 bytes, most significant first), ModR/M for
 * @reg (a register or a /digit) and @rm, then SIB and displacement.
 */
static void enc(struct x64_asm *a, int size, uint32_t opc, int oplen, int reg,
		struct x64_rm rm, unsigned bytes)
{
	unsigned rex = 0, mod;
	int b = rm.is_reg ? rm.reg : rm.base, i;

	if (size == 2)
		x64_byte(a, 0x66);
	if (size == 8)
		rex |= 8;
	if (reg & 8)
		rex |= 4;
	if (!rm.is_reg && rm.index != X64_NOREG && (rm.index & 8))
		rex |= 2;
	if (b & 8)
		rex |= 1;
	if (rex || ((bytes & BYTE_REG) && reg >= 4 && reg < 8) ||
	    ((bytes & BYTE_RM) && rm.is_reg && rm.reg >= 4 && rm.reg < 8))
		x64_byte(a, (uint8_t)(0x40 | rex));
	for (i = oplen - 1; i >= 0; i--)
		x64_byte(a, (uint8_t)(opc >> (8 * i)));
	if (rm.is_reg) {
		x64_byte(a, (uint8_t)(0xc0 | (reg & 7) << 3 | (rm.reg & 7)));
		return;
	}
	if (rm.disp == 0 && (b & 7) != 5)
		mod = 0;
	else if (fits8(rm.disp))
		mod = 1;
	else
		mod = 2;
	if (rm.index == X64_NOREG && (b & 7) != 4) {
		x64_byte(a, (uint8_t)(mod << 6 | (reg & 7) << 3 | (b & 7)));
	} else {
		unsigned ss = rm.scale == 8 ? 3 : rm.scale == 4 ? 2 :
			      rm.scale == 2 ? 1 : 0;
		unsigned idx = rm.index == X64_NOREG ? 4 : (unsigned)rm.index & 7;

		x64_byte(a, (uint8_t)(mod << 6 | (reg & 7) << 3 | 4));
		x64_byte(a, (uint8_t)(ss << 6 | idx << 3 | (b & 7)));
	}
	if (mod == 1)
		x64_byte(a, (uint8_t)rm.disp);
	else if (mod == 2)
		x64_u32(a, (uint32_t)rm.disp);
}

/* An immediate of the operation's size (at most 32 bits). */
static void imm_of(struct x64_asm *a, int size, int32_t imm)
{
	if (size == 1)
		x64_byte(a, (uint8_t)imm);
	else if (size == 2)
		put16(a, (uint16_t)imm);
	else
		x64_u32(a, (uint32_t)imm);
}

void x64_mov_rm_load(struct x64_asm *a, int size, int reg, struct x64_rm src)
{
	enc(a, size, size == 1 ? 0x8a : 0x8b, 1, reg, src, BYTE_REG | BYTE_RM);
}

void x64_mov_store(struct x64_asm *a, int size, struct x64_rm dst, int reg)
{
	enc(a, size, size == 1 ? 0x88 : 0x89, 1, reg, dst, BYTE_REG | BYTE_RM);
}

void x64_mov_rr(struct x64_asm *a, int size, int dst, int src)
{
	x64_mov_store(a, size, x64_r(dst), src);
}

void x64_mov_ri(struct x64_asm *a, int size, int reg, uint64_t imm)
{
	if (size == 4 || (size == 8 && imm <= 0xffffffffu)) {
		/* B8+r: a 32-bit destination clears the upper half */
		if (reg & 8)
			x64_byte(a, 0x41);
		x64_byte(a, (uint8_t)(0xb8 + (reg & 7)));
		x64_u32(a, (uint32_t)imm);
	} else if (size == 8 && (int64_t)imm == (int32_t)imm) {
		enc(a, 8, 0xc7, 1, 0, x64_r(reg), 0);
		x64_u32(a, (uint32_t)imm);
	} else if (size == 8) {
		x64_byte(a, (uint8_t)(0x48 | (reg & 8 ? 1 : 0)));
		x64_byte(a, (uint8_t)(0xb8 + (reg & 7)));
		put64(a, imm);
	} else {
		x64_mov_mi(a, size, x64_r(reg), (int32_t)imm);
	}
}

void x64_mov_mi(struct x64_asm *a, int size, struct x64_rm dst, int32_t imm)
{
	enc(a, size, size == 1 ? 0xc6 : 0xc7, 1, 0, dst, BYTE_RM);
	imm_of(a, size, imm);
}

void x64_movzx(struct x64_asm *a, int dst_size, int src_size, int reg,
	       struct x64_rm src)
{
	enc(a, dst_size, src_size == 1 ? 0x0fb6 : 0x0fb7, 2, reg, src, BYTE_RM);
}

void x64_movsx(struct x64_asm *a, int dst_size, int src_size, int reg,
	       struct x64_rm src)
{
	if (src_size == 4)
		enc(a, 8, 0x63, 1, reg, src, 0);	/* movsxd */
	else
		enc(a, dst_size, src_size == 1 ? 0x0fbe : 0x0fbf, 2, reg, src,
		    BYTE_RM);
}

void x64_lea(struct x64_asm *a, int size, int reg, struct x64_rm m)
{
	enc(a, size, 0x8d, 1, reg, m, 0);
}

void x64_alu_r_rm(struct x64_asm *a, enum x64_alu op, int size, int reg,
		  struct x64_rm src)
{
	enc(a, size, (uint32_t)(op << 3 | (size == 1 ? 2 : 3)), 1, reg, src,
	    BYTE_REG | BYTE_RM);
}

void x64_alu_rm_r(struct x64_asm *a, enum x64_alu op, int size,
		  struct x64_rm dst, int reg)
{
	enc(a, size, (uint32_t)(op << 3 | (size == 1 ? 0 : 1)), 1, reg, dst,
	    BYTE_REG | BYTE_RM);
}

void x64_alu_rm_i(struct x64_asm *a, enum x64_alu op, int size,
		  struct x64_rm dst, int32_t imm)
{
	if (size == 1) {
		enc(a, 1, 0x80, 1, op, dst, BYTE_RM);
		x64_byte(a, (uint8_t)imm);
	} else if (fits8(imm)) {
		enc(a, size, 0x83, 1, op, dst, 0);
		x64_byte(a, (uint8_t)imm);
	} else {
		enc(a, size, 0x81, 1, op, dst, 0);
		imm_of(a, size, imm);
	}
}

void x64_test_rm_i(struct x64_asm *a, int size, struct x64_rm dst, int32_t imm)
{
	enc(a, size, size == 1 ? 0xf6 : 0xf7, 1, 0, dst, BYTE_RM);
	imm_of(a, size, imm);
}

void x64_shift_i(struct x64_asm *a, enum x64_shift op, int size,
		 struct x64_rm dst, uint8_t count)
{
	enc(a, size, size == 1 ? 0xc0 : 0xc1, 1, op, dst, BYTE_RM);
	x64_byte(a, count);
}

void x64_shift_cl(struct x64_asm *a, enum x64_shift op, int size,
		  struct x64_rm dst)
{
	enc(a, size, size == 1 ? 0xd2 : 0xd3, 1, op, dst, BYTE_RM);
}

void x64_neg(struct x64_asm *a, int size, struct x64_rm dst)
{
	enc(a, size, size == 1 ? 0xf6 : 0xf7, 1, 3, dst, BYTE_RM);
}

void x64_not(struct x64_asm *a, int size, struct x64_rm dst)
{
	enc(a, size, size == 1 ? 0xf6 : 0xf7, 1, 2, dst, BYTE_RM);
}

void x64_imul(struct x64_asm *a, int size, int reg, struct x64_rm src)
{
	enc(a, size, 0x0faf, 2, reg, src, 0);
}

void x64_bswap(struct x64_asm *a, int size, int reg)
{
	unsigned rex = (size == 8 ? 8u : 0u) | (reg & 8 ? 1u : 0u);

	if (rex)
		x64_byte(a, (uint8_t)(0x40 | rex));
	x64_byte(a, 0x0f);
	x64_byte(a, (uint8_t)(0xc8 + (reg & 7)));
}

void x64_setcc(struct x64_asm *a, enum x64_cc cc, int reg)
{
	enc(a, 1, 0x0f90u + cc, 2, 0, x64_r(reg), BYTE_RM);
}

void x64_push(struct x64_asm *a, int reg)
{
	if (reg & 8)
		x64_byte(a, 0x41);
	x64_byte(a, (uint8_t)(0x50 + (reg & 7)));
}

void x64_pop(struct x64_asm *a, int reg)
{
	if (reg & 8)
		x64_byte(a, 0x41);
	x64_byte(a, (uint8_t)(0x58 + (reg & 7)));
}

void x64_call_r(struct x64_asm *a, int reg)
{
	enc(a, 4, 0xff, 1, 2, x64_r(reg), 0);
}

void x64_jmp_r(struct x64_asm *a, int reg)
{
	enc(a, 4, 0xff, 1, 4, x64_r(reg), 0);
}

void x64_ret(struct x64_asm *a)
{
	x64_byte(a, 0xc3);
}

size_t x64_jmp(struct x64_asm *a, size_t target)
{
	size_t pos;

	x64_byte(a, 0xe9);
	pos = a->len;
	x64_u32(a, 0);
	if (target != (size_t)-1)
		x64_patch_rel32(a, pos, target);
	return pos;
}

size_t x64_jcc(struct x64_asm *a, enum x64_cc cc, size_t target)
{
	size_t pos;

	x64_byte(a, 0x0f);
	x64_byte(a, (uint8_t)(0x80 + cc));
	pos = a->len;
	x64_u32(a, 0);
	if (target != (size_t)-1)
		x64_patch_rel32(a, pos, target);
	return pos;
}
