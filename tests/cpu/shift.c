// SPDX-License-Identifier: GPL-2.0-only
/*
 * Shifts and rotates: SHL SHR SAR ROL ROR RCL RCR in 8, 16 and 32 bits and
 * SHLD SHRD in 16 and 32 bits, with counts 0, 1, n, the operand size and
 * counts above 31 (masked to 5 bits, SDM Vol. 2B SAL/SAR/SHL/SHR "IA-32
 * Architecture Compatibility"), by CL, by 1 (D0/D1) and by imm8 (C0/C1),
 * on registers and memory.  Checked: the result, CF, OF when the count is
 * 1, SF ZF PF for shifts, and that a zero count changes no flag.  Expected
 * values: shift-cases.h, generated from the SDM's operation sections.
 */
#include "libcpu.h"
#include "op-case.h"
#include "shift-cases.h"

/* op %cl, %x */
#define FORMCL(fn, insn, type, xc)					\
static u32 fn(const struct op_case *c, unsigned long *fl, u32 *hi)	\
{									\
	type x = (type)c->a;						\
	u8 count = (u8)c->b;						\
	unsigned long f = *fl;						\
									\
	asm volatile("push %[f]\n\tpopf\n\t"				\
		     insn " %%cl, %[x]\n\t"				\
		     "pushf\n\tpop %[f]"				\
		     : [x] xc(x), [f] "+r"(f) : "c"(count) : "cc");	\
	*fl = f;							\
	return x;							\
}

/* op $imm, %x (imm 1 assembles to the D0/D1 form without an immediate) */
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

/* D0 /4 etc.: the by-one form written explicitly, without an operand */
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

#define SHIFT_FORMS(op)							\
FORMCL(op##_cl8, #op "b", u8, "+q")					\
FORMCL(op##_cl16, #op "w", u16, "+r")					\
FORMCL(op##_cl32, #op "l", u32, "+r")					\
FORMCL(op##_clm32, #op "l", u32, "+m")					\
FORMCL(op##_clm8, #op "b", u8, "+m")					\
FORM1(op##_one8, #op "b", u8, "+q")					\
FORM1(op##_one16, #op "w", u16, "+r")					\
FORM1(op##_one32, #op "l", u32, "+r")					\
FORM1(op##_onem32, #op "l", u32, "+m")					\
FORMI(op##_i8, #op "b", 7, u8, "+q")					\
FORMI(op##_i16, #op "w", 9, u16, "+r")					\
FORMI(op##_i32, #op "l", 31, u32, "+r")					\
FORMI(op##_i32m, #op "l", 33, u32, "+r")				\
FORMI(op##_i32z, #op "l", 32, u32, "+r")				\
FORMI(op##_im32, #op "l", 17, u32, "+m")

SHIFT_FORMS(shl)
SHIFT_FORMS(shr)
SHIFT_FORMS(sar)
SHIFT_FORMS(rol)
SHIFT_FORMS(ror)
SHIFT_FORMS(rcl)
SHIFT_FORMS(rcr)

/* op %cl, %src, %x and op $imm, %src, %x */
#define FORMD(fn, insn, cnt, type, xc, src)				\
static u32 fn(const struct op_case *c, unsigned long *fl, u32 *hi)	\
{									\
	type x = (type)c->a, s = src;					\
	u8 count = (u8)c->b;						\
	unsigned long f = *fl;						\
									\
	asm volatile("push %[f]\n\tpopf\n\t"				\
		     insn " " cnt ", %[s], %[x]\n\t"			\
		     "pushf\n\tpop %[f]"				\
		     : [x] xc(x), [f] "+r"(f)				\
		     : [s] "r"(s), "c"(count) : "cc");			\
	*fl = f;							\
	return x;							\
}

#define DOUBLE_FORMS(op)						\
FORMD(op##_cl16, #op "w", "%%cl", u16, "+r", SHD16_SRC)			\
FORMD(op##_cl32, #op "l", "%%cl", u32, "+r", SHD32_SRC)			\
FORMD(op##_clm32, #op "l", "%%cl", u32, "+m", SHD32_SRC)		\
FORMD(op##_clm16, #op "w", "%%cl", u16, "+m", SHD16_SRC)		\
FORMD(op##_i16, #op "w", "$7", u16, "+r", SHD16_SRC)			\
FORMD(op##_i32, #op "l", "$31", u32, "+r", SHD32_SRC)			\
FORMD(op##_i32m, #op "l", "$33", u32, "+m", SHD32_SRC)			\
FORMD(op##_one32, #op "l", "$1", u32, "+r", SHD32_SRC)

DOUBLE_FORMS(shld)
DOUBLE_FORMS(shrd)

#define SEL(name, fn, cases, how, b) \
	op_table_sel(name, fn, cases, ARRAY_SIZE(cases), how, b)

#define RUN_SHIFT(op, how)						\
do {									\
	OP_TABLE(#op " r8,cl", op##_cl8, op##8_cases, how);		\
	OP_TABLE(#op " r16,cl", op##_cl16, op##16_cases, how);		\
	OP_TABLE(#op " r32,cl", op##_cl32, op##32_cases, how);		\
	OP_TABLE(#op " m32,cl", op##_clm32, op##32_cases, how);		\
	OP_TABLE(#op " m8,cl", op##_clm8, op##8_cases, how);		\
	SEL(#op " r8,1", op##_one8, op##8_cases, how, 1);		\
	SEL(#op " r16,1", op##_one16, op##16_cases, how, 1);		\
	SEL(#op " r32,1", op##_one32, op##32_cases, how, 1);		\
	SEL(#op " m32,1", op##_onem32, op##32_cases, how, 1);		\
	SEL(#op " r8,imm 7", op##_i8, op##8_cases, how, 7);		\
	SEL(#op " r16,imm 9", op##_i16, op##16_cases, how, 9);		\
	SEL(#op " r32,imm 31", op##_i32, op##32_cases, how, 31);	\
	SEL(#op " r32,imm 33 (masked to 1)", op##_i32m, op##32_cases,	\
	    how, 33);							\
	SEL(#op " r32,imm 32 (masked to 0)", op##_i32z, op##32_cases,	\
	    how, 32);							\
	SEL(#op " m32,imm 17", op##_im32, op##32_cases, how, 17);	\
} while (0)

#define RUN_DOUBLE(op)							\
do {									\
	OP_TABLE(#op " r16,cl", op##_cl16, op##16_cases, 0);		\
	OP_TABLE(#op " r32,cl", op##_cl32, op##32_cases, 0);		\
	OP_TABLE(#op " m32,cl", op##_clm32, op##32_cases, 0);		\
	OP_TABLE(#op " m16,cl", op##_clm16, op##16_cases, 0);		\
	SEL(#op " r16,imm 7", op##_i16, op##16_cases, 0, 7);		\
	SEL(#op " r32,imm 31", op##_i32, op##32_cases, 0, 31);		\
	SEL(#op " m32,imm 33 (masked to 1)", op##_i32m, op##32_cases, 0, 33); \
	SEL(#op " r32,imm 1", op##_one32, op##32_cases, 0, 1);		\
} while (0)

int main(void)
{
	RUN_SHIFT(shl, 0);
	RUN_SHIFT(shr, 0);
	RUN_SHIFT(sar, 0);
	RUN_SHIFT(rol, 0);
	RUN_SHIFT(ror, 0);
	RUN_SHIFT(rcl, OP_CF_IN);
	RUN_SHIFT(rcr, OP_CF_IN);
	RUN_DOUBLE(shld);
	RUN_DOUBLE(shrd);
	return 0;
}
