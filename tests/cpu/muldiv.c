// SPDX-License-Identifier: GPL-2.0-only
/*
 * MUL, IMUL (one, two and three operands), DIV and IDIV in 8, 16 and 32
 * bits, and the divide error: a zero divisor and a quotient too large for
 * its register raise #DE, a fault that leaves the registers unchanged (SDM
 * Vol. 2A DIV/IDIV "Operation", Vol. 3A 6.15 "Interrupt 0").  Expected
 * values: muldiv-cases.h, generated from the SDM's definitions.
 */
#include "libcpu.h"
#include "op-case.h"
#include "muldiv-cases.h"

/*
 * One-operand forms: AL/AX/EAX times the operand into AX, DX:AX or EDX:EAX
 * (SDM Vol. 2B, MUL "Description").  The canaries check that the 8- and
 * 16-bit forms leave the rest of EAX and EDX alone.
 */
#define MUL8(fn, insn, yc)						\
static u32 fn(const struct op_case *c, unsigned long *fl, u32 *hi)	\
{									\
	u32 eax = 0x12345600 | (u8)c->a;				\
	u8 y = (u8)c->b;						\
	unsigned long f = *fl;						\
									\
	asm volatile("push %[f]\n\tpopf\n\t"				\
		     insn " %[y]\n\t"					\
		     "pushf\n\tpop %[f]"				\
		     : "+a"(eax), [f] "+r"(f) : [y] yc(y) : "cc");	\
	*fl = f;							\
	*hi = (eax >> 8) & 0xff;					\
	return (eax >> 16) == 0x1234 ? eax & 0xff : 0xbad00000 | eax;	\
}

#define MUL16(fn, insn, yc)						\
static u32 fn(const struct op_case *c, unsigned long *fl, u32 *hi)	\
{									\
	u32 eax = 0x12340000 | (u16)c->a, edx = 0x56780000 | 0xffff;	\
	u16 y = (u16)c->b;						\
	unsigned long f = *fl;						\
									\
	asm volatile("push %[f]\n\tpopf\n\t"				\
		     insn " %[y]\n\t"					\
		     "pushf\n\tpop %[f]"				\
		     : "+a"(eax), "+d"(edx), [f] "+r"(f) : [y] yc(y)	\
		     : "cc");						\
	*fl = f;							\
	*hi = edx & 0xffff;						\
	if ((eax >> 16) != 0x1234 || (edx >> 16) != 0x5678)		\
		return 0xbad00000;					\
	return eax & 0xffff;						\
}

#define MUL32(fn, insn, yc)						\
static u32 fn(const struct op_case *c, unsigned long *fl, u32 *hi)	\
{									\
	u32 eax = (u32)c->a, edx = 0x5a5a5a5a, y = c->b;		\
	unsigned long f = *fl;						\
									\
	asm volatile("push %[f]\n\tpopf\n\t"				\
		     insn " %[y]\n\t"					\
		     "pushf\n\tpop %[f]"				\
		     : "+a"(eax), "+d"(edx), [f] "+r"(f) : [y] yc(y)	\
		     : "cc");						\
	*fl = f;							\
	*hi = edx;							\
	return eax;							\
}

MUL8(mul_r8, "mulb", "q")
MUL8(mul_m8, "mulb", "m")
MUL16(mul_r16, "mulw", "r")
MUL32(mul_r32, "mull", "r")
MUL32(mul_m32, "mull", "m")
MUL8(imul_r8, "imulb", "q")
MUL16(imul_r16, "imulw", "r")
MUL32(imul_r32, "imull", "r")
MUL32(imul_m32, "imull", "m")

/* IMUL r, r/m (0F AF /r): the low half and CF = OF = "truncated" */
#define IMUL2(fn, type, yc)						\
static u32 fn(const struct op_case *c, unsigned long *fl, u32 *hi)	\
{									\
	type x = (type)c->a, y = (type)c->b;				\
	unsigned long f = *fl;						\
									\
	asm volatile("push %[f]\n\tpopf\n\t"				\
		     "imul %[y], %[x]\n\t"				\
		     "pushf\n\tpop %[f]"				\
		     : [x] "+r"(x), [f] "+r"(f) : [y] yc(y) : "cc");	\
	*fl = f;							\
	return x;							\
}

IMUL2(imul2_r16, u16, "r")
IMUL2(imul2_r32, u32, "r")
IMUL2(imul2_m32, u32, "m")

/* IMUL r, r/m, imm (6B /r ib sign-extended, 69 /r iw/id) */
#define IMUL3(fn, type, imm, xc)					\
static u32 fn(const struct op_case *c, unsigned long *fl, u32 *hi)	\
{									\
	type x = (type)c->a, r;						\
	unsigned long f = *fl;						\
									\
	asm volatile("push %[f]\n\tpopf\n\t"				\
		     "imul $" #imm ", %[x], %[r]\n\t"			\
		     "pushf\n\tpop %[f]"				\
		     : [r] "=&r"(r), [f] "+r"(f) : [x] xc(x) : "cc");	\
	*fl = f;							\
	return r;							\
}

IMUL3(imul3_r32_s8, u32, 2, "r")
IMUL3(imul3_r32_m1, u32, -1, "r")
IMUL3(imul3_r32_i32, u32, 0x12345678, "r")
IMUL3(imul3_m32_i32, u32, 0x7fffffff, "m")
IMUL3(imul3_r16_s8, u16, -1, "r")
IMUL3(imul3_r16_i16, u16, 0x7fff, "r")

/* DIV/IDIV: AX, DX:AX or EDX:EAX by the operand (SDM Vol. 2A, DIV "Description") */
#define DIV8(fn, insn, yc)						\
static u32 fn(const struct op_case *c, unsigned long *fl, u32 *hi)	\
{									\
	u32 eax = 0x12340000 | (u16)c->a;				\
	u8 y = (u8)c->b;						\
	unsigned long f = *fl;						\
									\
	asm volatile("push %[f]\n\tpopf\n\t"				\
		     insn " %[y]\n\t"					\
		     "pushf\n\tpop %[f]"				\
		     : "+a"(eax), [f] "+r"(f) : [y] yc(y) : "cc");	\
	*fl = f;							\
	*hi = (eax >> 8) & 0xff;					\
	return (eax >> 16) == 0x1234 ? eax & 0xff : 0xbad00000 | eax;	\
}

#define DIV16(fn, insn, yc)						\
static u32 fn(const struct op_case *c, unsigned long *fl, u32 *hi)	\
{									\
	u32 eax = 0x12340000 | (u16)c->a;				\
	u32 edx = 0x56780000 | (u16)(c->a >> 16);			\
	u16 y = (u16)c->b;						\
	unsigned long f = *fl;						\
									\
	asm volatile("push %[f]\n\tpopf\n\t"				\
		     insn " %[y]\n\t"					\
		     "pushf\n\tpop %[f]"				\
		     : "+a"(eax), "+d"(edx), [f] "+r"(f) : [y] yc(y)	\
		     : "cc");						\
	*fl = f;							\
	*hi = edx & 0xffff;						\
	if ((eax >> 16) != 0x1234 || (edx >> 16) != 0x5678)		\
		return 0xbad00000;					\
	return eax & 0xffff;						\
}

#define DIV32(fn, insn, yc)						\
static u32 fn(const struct op_case *c, unsigned long *fl, u32 *hi)	\
{									\
	u32 eax = (u32)c->a, edx = (u32)(c->a >> 32), y = c->b;		\
	unsigned long f = *fl;						\
									\
	asm volatile("push %[f]\n\tpopf\n\t"				\
		     insn " %[y]\n\t"					\
		     "pushf\n\tpop %[f]"				\
		     : "+a"(eax), "+d"(edx), [f] "+r"(f) : [y] yc(y)	\
		     : "cc");						\
	*fl = f;							\
	*hi = edx;							\
	return eax;							\
}

DIV8(div_r8, "divb", "q")
DIV8(div_m8, "divb", "m")
DIV16(div_r16, "divw", "r")
DIV32(div_r32, "divl", "r")
DIV32(div_m32, "divl", "m")
DIV8(idiv_r8, "idivb", "q")
DIV16(idiv_r16, "idivw", "r")
DIV32(idiv_r32, "idivl", "r")
DIV32(idiv_m32, "idivl", "m")

#define SEL(name, fn, cases, how, b) \
	op_table_sel(name, fn, cases, ARRAY_SIZE(cases), how, b)

/*
 * #DE is a fault: the saved EIP is the DIV itself and EDX:EAX keep the
 * dividend.  Each case: the instruction (ModRM register operand BL/BX/EBX),
 * EDX:EAX before, the divisor in EBX.
 */
struct de_case {
	const char *name;
	int insn;
	u32 eax, edx, ebx;
};

enum { DIVB, DIVW, DIVL, IDIVB, IDIVW, IDIVL };

static const struct de_case de_cases[] = {
	{ "div r8 by 0", DIVB, 0x0005, 0, 0 },
	{ "div r16 by 0", DIVW, 0x0005, 0, 0 },
	{ "div r32 by 0", DIVL, 5, 0, 0 },
	{ "idiv r32 by 0", IDIVL, 5, 0, 0 },
	/* quotient too large: 0x100 / 1 does not fit AL */
	{ "div r8 quotient 0x100", DIVB, 0x0100, 0, 1 },
	{ "div r16 quotient 0x10000", DIVW, 0x0000, 1, 1 },
	{ "div r32 quotient 2^32", DIVL, 0, 1, 1 },
	{ "div r32 edx equal to divisor", DIVL, 0, 7, 7 },
	/*
	 * signed: -2^(n-1) / -1 = 2^(n-1) and +128 / 1 overflow.  The 16- and
	 * 32-bit forms of -2^(2n-1) / -1 are in idivmin.c: they kill QEMU 7.2.
	 */
	{ "idiv r8 -32768 / -1", IDIVB, 0x8000, 0, 0xff },
	{ "idiv r8 128 / 1", IDIVB, 0x0080, 0, 1 },
	{ "idiv r8 -129 / 1", IDIVB, 0xff7f, 0, 1 },
	{ "idiv r32 -2^31 / -1 (quotient 2^31)", IDIVL, 0x80000000,
	  0xffffffff, 0xffffffff },
	{ "idiv r32 2^31 / 1", IDIVL, 0x80000000, 0, 1 },
};

static void de_case(const struct de_case *d)
{
	u32 eax = d->eax, edx = d->edx, ebx = d->ebx, at = 0;
	int vec = -1;

	switch (d->insn) {
#define DE(op, insn)							\
	case op:							\
		asm volatile(ASM_TRY("1f")				\
			     "movl $2f, %[at]\n\t"			\
			     "2: " insn "\n\t"				\
			     "1:"					\
			     : "+a"(eax), "+d"(edx), [at] "=m"(at)	\
			     : "b"(ebx) : "memory", "cc");		\
		vec = ex_caught();					\
		break;
	DE(DIVB, "divb %%bl")
	DE(DIVW, "divw %%bx")
	DE(DIVL, "divl %%ebx")
	DE(IDIVB, "idivb %%bl")
	DE(IDIVW, "idivw %%bx")
	DE(IDIVL, "idivl %%ebx")
#undef DE
	}
	if (vec == DE_VECTOR && ex_eip == at && eax == d->eax &&
	    edx == d->edx) {
		reportf(true, "#DE %s", d->name);
		return;
	}
	tests_run++;
	tests_failed++;
	printf("FAIL: #DE %s -- vector %d at 0x%x (insn 0x%x) eax 0x%x edx 0x%x\n",
	       d->name, vec, ex_eip, at, eax, edx);
}

/* a memory divisor of 0 faults the same way */
static void de_mem(void)
{
	u32 eax = 1234, edx = 0, zero = 0;
	int vec;

	asm volatile(ASM_TRY("1f") "divl %[z]\n\t1:"
		     : "+a"(eax), "+d"(edx) : [z] "m"(zero) : "memory", "cc");
	vec = ex_caught();
	report("#DE div m32 by 0", vec == DE_VECTOR && eax == 1234 &&
	       edx == 0);
}

int main(void)
{
	unsigned int i;

	OP_TABLE("mul r8", mul_r8, mul8_cases, OP_HI);
	OP_TABLE("mul m8", mul_m8, mul8_cases, OP_HI);
	OP_TABLE("mul r16", mul_r16, mul16_cases, OP_HI);
	OP_TABLE("mul r32", mul_r32, mul32_cases, OP_HI);
	OP_TABLE("mul m32", mul_m32, mul32_cases, OP_HI);
	OP_TABLE("imul r8", imul_r8, imul8_cases, OP_HI);
	OP_TABLE("imul r16", imul_r16, imul16_cases, OP_HI);
	OP_TABLE("imul r32", imul_r32, imul32_cases, OP_HI);
	OP_TABLE("imul m32", imul_m32, imul32_cases, OP_HI);
	OP_TABLE("imul r16,r16", imul2_r16, imul16_cases, 0);
	OP_TABLE("imul r32,r32", imul2_r32, imul32_cases, 0);
	OP_TABLE("imul r32,m32", imul2_m32, imul32_cases, 0);
	SEL("imul r32,r32,simm8 2", imul3_r32_s8, imul32_cases, 0, 2);
	SEL("imul r32,r32,simm8 -1", imul3_r32_m1, imul32_cases, 0,
	    0xffffffff);
	SEL("imul r32,r32,imm32", imul3_r32_i32, imul32_cases, 0, 0x12345678);
	SEL("imul r32,m32,imm32", imul3_m32_i32, imul32_cases, 0, 0x7fffffff);
	SEL("imul r16,r16,simm8 -1", imul3_r16_s8, imul16_cases, 0, 0xffff);
	SEL("imul r16,r16,imm16", imul3_r16_i16, imul16_cases, 0, 0x7fff);
	OP_TABLE("div r8", div_r8, div8_cases, OP_HI);
	OP_TABLE("div m8", div_m8, div8_cases, OP_HI);
	OP_TABLE("div r16", div_r16, div16_cases, OP_HI);
	OP_TABLE("div r32", div_r32, div32_cases, OP_HI);
	OP_TABLE("div m32", div_m32, div32_cases, OP_HI);
	OP_TABLE("idiv r8", idiv_r8, idiv8_cases, OP_HI);
	OP_TABLE("idiv r16", idiv_r16, idiv16_cases, OP_HI);
	OP_TABLE("idiv r32", idiv_r32, idiv32_cases, OP_HI);
	OP_TABLE("idiv m32", idiv_m32, idiv32_cases, OP_HI);
	for (i = 0; i < ARRAY_SIZE(de_cases); i++)
		de_case(&de_cases[i]);
	de_mem();
	return 0;
}
