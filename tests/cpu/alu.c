// SPDX-License-Identifier: GPL-2.0-only
/*
 * Integer arithmetic and logic: ADD ADC SUB SBB CMP INC DEC NEG AND OR XOR
 * TEST in 8, 16 and 32 bits, register, memory and immediate forms, for
 * boundary operands, checking the result and all six arithmetic flags (SDM
 * Vol. 1, 3.4.3.1; Vol. 2, each instruction's "Flags Affected").  Expected
 * values: alu-cases.h, generated from the SDM's definitions.
 */
#include "libcpu.h"
#include "op-case.h"
#include "alu-cases.h"

/* op %y, %x with x and y in registers (or x/y in memory, per constraint) */
#define FORM2(fn, insn, type, xc, yc)					\
static u32 fn(const struct op_case *c, unsigned long *fl, u32 *hi)	\
{									\
	type x = (type)c->a, y = (type)c->b;				\
	unsigned long f = *fl;						\
									\
	asm volatile("push %[f]\n\tpopf\n\t"				\
		     insn " %[y], %[x]\n\t"				\
		     "pushf\n\tpop %[f]"				\
		     : [x] xc(x), [f] "+r"(f) : [y] yc(y) : "cc");	\
	*fl = f;							\
	return x;							\
}

/* 8 bits in AH and BH: ModRM register numbers 4 and 7 mean AH and BH */
#define FORM2H(fn, insn)						\
static u32 fn(const struct op_case *c, unsigned long *fl, u32 *hi)	\
{									\
	u32 x = (u32)c->a << 8 | 0x5a, y = c->b << 8 | 0xa5;		\
	unsigned long f = *fl;						\
									\
	asm volatile("push %[f]\n\tpopf\n\t"				\
		     insn " %%bh, %%ah\n\t"				\
		     "pushf\n\tpop %[f]"				\
		     : "+a"(x), [f] "+r"(f) : "b"(y) : "cc");		\
	*fl = f;							\
	/* AL must be untouched */					\
	return (x & 0xffff00ff) == 0x5a ? x >> 8 : 0xbad00000 | x;	\
}

/* op $imm, %x: the immediate is b of the cases it runs */
#define FORMI(fn, insn, imm, type, xc)					\
static u32 fn(const struct op_case *c, unsigned long *fl, u32 *hi)	\
{									\
	type x = (type)c->a;						\
	unsigned long f = *fl;						\
									\
	asm volatile("push %[f]\n\tpopf\n\t"				\
		     insn " $" #imm ", %[x]\n\t"			\
		     "pushf\n\tpop %[f]"				\
		     : [x] xc(x), [f] "+r"(f) : : "cc");		\
	*fl = f;							\
	return x;							\
}

#define FORM1(fn, insn, type, xc)					\
static u32 fn(const struct op_case *c, unsigned long *fl, u32 *hi)	\
{									\
	type x = (type)c->a;						\
	unsigned long f = *fl;						\
									\
	asm volatile("push %[f]\n\tpopf\n\t"				\
		     insn " %[x]\n\t"					\
		     "pushf\n\tpop %[f]"				\
		     : [x] xc(x), [f] "+r"(f) : : "cc");		\
	*fl = f;							\
	return x;							\
}

/*
 * The immediates: AL/AX/EAX get the short forms (04, 66 05, 05 ...), BL/BX/
 * EBX the group-1 forms 80, 66 81, 81, and a small one 83 (sign-extended
 * imm8; SDM Vol. 2A, ADD: "83 /0 ib").
 */
#define BINOP(op)							\
FORM2(op##_r8, #op "b", u8, "+q", "q")					\
FORM2H(op##_h8, #op "b")						\
FORM2(op##_r16, #op "w", u16, "+r", "r")				\
FORM2(op##_r32, #op "l", u32, "+r", "r")				\
FORM2(op##_m32, #op "l", u32, "+m", "r")				\
FORM2(op##_rm32, #op "l", u32, "+r", "m")				\
FORM2(op##_m8, #op "b", u8, "+m", "q")					\
FORMI(op##_i8al, #op "b", 0x80, u8, "+a")				\
FORMI(op##_i8bl, #op "b", 0x7f, u8, "+b")				\
FORMI(op##_i16ax, #op "w", 0x7fff, u16, "+a")				\
FORMI(op##_i16bx, #op "w", 0x8000, u16, "+b")				\
FORMI(op##_i16s8, #op "w", -1, u16, "+b")				\
FORMI(op##_i32eax, #op "l", 0x7fffffff, u32, "+a")			\
FORMI(op##_i32ebx, #op "l", 0x80000000, u32, "+b")			\
FORMI(op##_i32s8, #op "l", -1, u32, "+b")				\
FORMI(op##_i32s8p, #op "l", 0xf, u32, "+b")

BINOP(add)
BINOP(adc)
BINOP(sub)
BINOP(sbb)
BINOP(cmp)
BINOP(and)
BINOP(or)
BINOP(xor)

/* TEST has no sign-extended imm8 form nor a register, memory direction */
FORM2(test_r8, "testb", u8, "+q", "q")
FORM2H(test_h8, "testb")
FORM2(test_r16, "testw", u16, "+r", "r")
FORM2(test_r32, "testl", u32, "+r", "r")
FORM2(test_m32, "testl", u32, "+m", "r")
FORM2(test_m8, "testb", u8, "+m", "q")
FORMI(test_i8al, "testb", 0x80, u8, "+a")
FORMI(test_i8bl, "testb", 0x7f, u8, "+b")
FORMI(test_i16ax, "testw", 0x7fff, u16, "+a")
FORMI(test_i16bx, "testw", 0x8000, u16, "+b")
FORMI(test_i32eax, "testl", 0x7fffffff, u32, "+a")
FORMI(test_i32ebx, "testl", 0x80000000, u32, "+b")
FORMI(test_i32s8, "testl", -1, u32, "+b")

/* INC/DEC r32 use the one-byte 40+r / 48+r forms outside 64-bit mode */
#define UNOP(op)							\
FORM1(op##_r8, #op "b", u8, "+q")					\
FORM1(op##_r16, #op "w", u16, "+r")					\
FORM1(op##_r32, #op "l", u32, "+r")					\
FORM1(op##_m32, #op "l", u32, "+m")					\
FORM1(op##_m16, #op "w", u16, "+m")

UNOP(inc)
UNOP(dec)
UNOP(neg)

/* an immediate form runs the cases whose second operand is its immediate */
#define IMM(name, fn, cases, how, imm) \
	op_table_sel(name, fn, cases, ARRAY_SIZE(cases), how, imm)

#define RUN_BINOP(op, how)						\
do {									\
	OP_TABLE(#op " r8,r8", op##_r8, op##8_cases, how);		\
	OP_TABLE(#op " ah,bh", op##_h8, op##8_cases, how);		\
	OP_TABLE(#op " r16,r16", op##_r16, op##16_cases, how);		\
	OP_TABLE(#op " r32,r32", op##_r32, op##32_cases, how);		\
	OP_TABLE(#op " m32,r32", op##_m32, op##32_cases, how);		\
	OP_TABLE(#op " m8,r8", op##_m8, op##8_cases, how);		\
	IMM(#op " al,imm8", op##_i8al, op##8_cases, how, 0x80);		\
	IMM(#op " bl,imm8", op##_i8bl, op##8_cases, how, 0x7f);		\
	IMM(#op " ax,imm16", op##_i16ax, op##16_cases, how, 0x7fff);	\
	IMM(#op " bx,imm16", op##_i16bx, op##16_cases, how, 0x8000);	\
	IMM(#op " eax,imm32", op##_i32eax, op##32_cases, how, 0x7fffffff); \
	IMM(#op " ebx,imm32", op##_i32ebx, op##32_cases, how, 0x80000000); \
} while (0)

#define RUN_BINOP_S8(op, how)						\
do {									\
	OP_TABLE(#op " r32,m32", op##_rm32, op##32_cases, how);		\
	IMM(#op " bx,simm8 -1", op##_i16s8, op##16_cases, how, 0xffff);	\
	IMM(#op " ebx,simm8 -1", op##_i32s8, op##32_cases, how, 0xffffffff); \
	IMM(#op " ebx,simm8 15", op##_i32s8p, op##32_cases, how, 0xf);	\
} while (0)

#define RUN_UNOP(op, how)						\
do {									\
	OP_TABLE(#op " r8", op##_r8, op##8_cases, how);			\
	OP_TABLE(#op " r16", op##_r16, op##16_cases, how);		\
	OP_TABLE(#op " r32", op##_r32, op##32_cases, how);		\
	OP_TABLE(#op " m32", op##_m32, op##32_cases, how);		\
	OP_TABLE(#op " m16", op##_m16, op##16_cases, how);		\
} while (0)

int main(void)
{
	RUN_BINOP(add, 0);
	RUN_BINOP_S8(add, 0);
	RUN_BINOP(adc, OP_CF_IN);
	RUN_BINOP_S8(adc, OP_CF_IN);
	RUN_BINOP(sub, 0);
	RUN_BINOP_S8(sub, 0);
	RUN_BINOP(sbb, OP_CF_IN);
	RUN_BINOP_S8(sbb, OP_CF_IN);
	RUN_BINOP(cmp, 0);
	RUN_BINOP_S8(cmp, 0);
	RUN_BINOP(and, 0);
	RUN_BINOP_S8(and, 0);
	RUN_BINOP(or, 0);
	RUN_BINOP_S8(or, 0);
	RUN_BINOP(xor, 0);
	RUN_BINOP_S8(xor, 0);
	RUN_BINOP(test, 0);
	IMM("test ebx,imm32 -1", test_i32s8, test32_cases, 0, 0xffffffff);
	/* INC and DEC keep CF: the cf column is its value before */
	RUN_UNOP(inc, OP_CF_IN);
	RUN_UNOP(dec, OP_CF_IN);
	RUN_UNOP(neg, 0);
	return 0;
}
