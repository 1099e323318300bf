// SPDX-License-Identifier: GPL-2.0-only
/*
 * Differential test of the translator's x87 FPU and MMX against the host
 * CPU (x86-64 hosts).
 *
 * Each case is one x87 or MMX instruction whose encoding means the same in
 * 32-bit and 64-bit mode (memory operands are [ebx] / [rbx] with ebx in
 * the low 4 GiB).  Every iteration builds the same sequence for both:
 *
 *   fninit; fldcw [ebx+CW]; fld tword [ebx+SLOT(k-1)] ... [ebx+SLOT(0)];
 *   (sometimes ffree st(r)); (MMX cases: movq mmN, [ebx+MM(N)] ...);
 *   <the instruction>; fnsave [ebx+SAVE]
 *
 * with random operands (edge sets: signed zeros, denormals, the smallest
 * and largest normals, infinities, QNaNs, SNaNs, unsupported encodings,
 * integer and BCD boundaries, halves for rounding ties; and random values)
 * in a random rounding mode, precision control and exception mask, and
 * sometimes fewer operands than the instruction reads (stack underflow) or
 * a full stack (overflow).  It runs natively in a generated function and
 * under the translator in a flat 32-bit guest, then compares the FNSAVE
 * image (FCW, FSW with C0-C3 and TOP, the full tag word, the eight
 * registers; not the instruction and data pointers, which differ by
 * construction), the general registers, EFLAGS and the data page.
 *
 * FNSAVE does not wait, so an unmasked exception left pending by the
 * instruction is compared (ES, B, the unchanged destination) instead of
 * delivered.  Condition codes the SDM leaves undefined for an instruction
 * are not compared.
 *
 * The transcendentals (FSIN ... FYL2XP1) are rounded from the host's own
 * internal approximation, which is not the exact value: where the exact
 * value lies very near the midpoint of two neighbours, the host may return
 * either.  Those cases accept a one-ulp difference here; with
 * DIFF_X87_ORACLE=FILE every such result, the host's and ours, is written
 * to FILE and tests/diff/x87_oracle.py judges them against exact values.
 *
 * Prints TAP: one test per case.
 */
#include <errno.h>
#include <setjmp.h>
#include <signal.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>

#include "core/mem.h"
#include "translator/cpu.h"
#include "translator/flags.h"
#include "translator/translator.h"

#define GUEST_RAM	(8u << 20)
#define CODE_GPA	0x1000u
#define IDT_GPA		0x2000u
#define STUB_GPA	0x3000u	/* exception stubs: vector * 16 */
#define GDT_GPA		0x4000u
#define DATA_ADDR	0x00400000u	/* same address in host and guest */
#define DATA_BYTES	0x1000u
#define ITERATIONS	1500

/* The data page */
#define OPND		0x000	/* the memory operand, up to 512 bytes */
#define CW		0x240	/* the control word loaded first */
#define SLOT(i)		(0x250 + 16 * (i))	/* stack values, 8 slots */
#define SAVE		0x300	/* the FNSAVE image, 108 bytes */
#define MM(i)		(0x380 + 8 * (i))	/* MMX register values */
#define SAVE_LEN	108

struct regs {
	uint32_t r[8];		/* eax..edi (esp unused) */
	uint64_t flags;
};

static uint8_t *guest_ram;
static uint8_t *host_data;
static struct x86_cpu *cpu;
static uint8_t *native_code;
static sigjmp_buf native_env;
static uint64_t rng = 0x2545f4914f6cdd1dULL;

static uint32_t rnd(void)
{
	rng ^= rng << 13;
	rng ^= rng >> 7;
	rng ^= rng << 17;
	return (uint32_t)rng;
}

static uint64_t rnd64(void)
{
	return (uint64_t)rnd() << 32 | rnd();
}

/* --- operand values --- */

enum fmt { F_NONE, F_F32, F_F64, F_F80, F_I16, F_I32, F_I64, F_BCD, F_CW, F_ENV,
	   F_SAVE, F_SAVE16, F_FXSAVE };

struct f80v {
	uint64_t mant;
	uint16_t se;
};

static struct f80v f80_of_int(int64_t n)
{
	struct f80v v = { 0, 0 };
	uint64_t m = n < 0 ? -(uint64_t)n : (uint64_t)n;
	int lz;

	if (n < 0)
		v.se = 0x8000;
	if (!m)
		return v;
	lz = __builtin_clzll(m);
	v.mant = m << lz;
	v.se |= (uint16_t)(16383 + 63 - lz);
	return v;
}

static struct f80v rand_f80(void)
{
	struct f80v v;
	uint16_t sign = (rnd() & 1) ? 0x8000 : 0;
	int e;

	switch (rnd() % 20) {
	case 0:	/* zero */
		v.mant = 0;
		v.se = sign;
		break;
	case 1:	/* denormal (and sometimes pseudo-denormal) */
		v.mant = rnd64() >> (1 + rnd() % 63);
		if (!(rnd() % 8))
			v.mant |= 1ull << 63;
		v.se = sign;
		break;
	case 2:	/* infinity */
		v.mant = 1ull << 63;
		v.se = sign | 0x7fff;
		break;
	case 3:	/* QNaN, sometimes the indefinite */
		v.mant = (rnd() & 1) ? 0xc000000000000000ull :
			 0xc000000000000000ull | (rnd64() >> 2);
		v.se = sign | 0x7fff;
		break;
	case 4:	/* SNaN */
		v.mant = 0x8000000000000000ull | ((rnd64() >> 2) | 1);
		v.se = sign | 0x7fff;
		break;
	case 5:	/* smallest and largest normals */
		v.mant = (rnd() & 1) ? 1ull << 63 : ~0ull;
		v.se = sign | ((rnd() & 1) ? 1 : 0x7ffe);
		break;
	case 6:	/* small integers */
		v = f80_of_int((int32_t)(rnd() % 2001) - 1000);
		break;
	case 7:	/* n + 1/2: rounding ties */
		v = f80_of_int(2 * ((int32_t)(rnd() % 41) - 20) + 1);
		v.se -= 1;
		break;
	case 8:	/* integer boundaries */
		switch (rnd() % 8) {
		case 0: v = f80_of_int(32767); break;
		case 1: v = f80_of_int(-32768); break;
		case 2: v = f80_of_int(INT32_MAX); break;
		case 3: v = f80_of_int(INT32_MIN); break;
		case 4: v = f80_of_int(INT64_MIN); break;
		case 5: v = f80_of_int(999999999999999999ll); break;
		case 6: v = f80_of_int(1000000000000000000ll); break;
		default: v = f80_of_int(INT64_MAX); v.mant = ~0ull; break;
		}
		if (rnd() & 1)
			v.se ^= 0x8000;
		break;
	case 9:	/* unsupported: unnormal, pseudo-infinity, pseudo-NaN */
		v.mant = rnd64() & ~(1ull << 63);
		v.se = sign | ((rnd() & 1) ? 0x7fff : (uint16_t)(1 + rnd() % 0x7ffe));
		break;
	case 10: case 11:	/* any exponent */
		v.mant = rnd64() | 1ull << 63;
		v.se = sign | (uint16_t)(1 + rnd() % 0x7ffe);
		break;
	default:	/* near 1 */
		e = 16383 + (int)(rnd() % 129) - 64;
		v.mant = rnd64() | 1ull << 63;
		if (rnd() & 1)
			v.mant &= ~0ull << (rnd() % 64);	/* short significands */
		v.se = sign | (uint16_t)e;
		break;
	}
	return v;
}

static uint64_t rand_ieee(int bits)
{
	int ebits = bits == 32 ? 8 : 11, mbits = bits - 1 - ebits;
	uint64_t sign = (uint64_t)(rnd() & 1) << (bits - 1);
	uint64_t emax = (1ull << ebits) - 1, mmask = (1ull << mbits) - 1;
	uint64_t bias = emax >> 1;

	switch (rnd() % 12) {
	case 0: return sign;
	case 1: return sign | ((rnd64() & mmask) | 1);			/* denormal */
	case 2: return sign | emax << mbits;					/* inf */
	case 3: return sign | emax << mbits | 1ull << (mbits - 1) |
		       (rnd64() & mmask);					/* QNaN */
	case 4: return sign | emax << mbits | ((rnd64() & (mmask >> 1)) | 1);	/* SNaN */
	case 5: return sign | 1ull << mbits;					/* min normal */
	case 6: return sign | (emax - 1) << mbits | mmask;			/* max */
	case 7: return sign | (bias + rnd() % 8) << mbits | (rnd64() & mmask & ~(mmask >> 3));
	default:
		return sign | ((bias - 40 + rnd() % 80) << mbits) | (rnd64() & mmask);
	}
}

static uint64_t rand_int(int bits)
{
	static const int64_t edge[] = { 0, 1, -1, 2, 100, -100 };
	uint64_t mask = bits == 64 ? ~0ull : (1ull << bits) - 1;

	switch (rnd() % 6) {
	case 0: return (uint64_t)edge[rnd() % 6] & mask;
	case 1: return (1ull << (bits - 1)) & mask;		/* min */
	case 2: return ((1ull << (bits - 1)) - 1) & mask;	/* max */
	case 3: return (rnd64() >> (rnd() % 64)) & mask;
	default: return rnd64() & mask;
	}
}

static void put_bcd(uint8_t *p)
{
	int i;

	for (i = 0; i < 9; i++)
		p[i] = (uint8_t)((rnd() % 10) << 4 | rnd() % 10);
	if (rnd() % 4 == 0)
		memset(p, 0, 9);
	else if (rnd() % 4 == 0)
		memset(p, 0x99, 9);
	p[9] = (rnd() & 1) ? 0x80 : 0;
}

/* MMX register values: random, or lanes from the boundaries */
static uint64_t rand_mm(void)
{
	static const uint16_t w[] = { 0, 1, 0x7f, 0x80, 0xff, 0x7fff, 0x8000, 0xffff,
				      0xff80, 0x00ff, 0x0100 };
	uint64_t v = 0;
	int i;

	if (rnd() & 1)
		return rnd64();
	for (i = 0; i < 4; i++)
		v |= (uint64_t)((rnd() & 3) ? w[rnd() % 11] : (uint16_t)rnd()) << (16 * i);
	return v;
}

/* --- the cases --- */

#define CMP_FLAGS	0x01	/* EFLAGS are written (fcomi) */
#define MMX		0x02	/* an MMX instruction: load MMX registers */
#define ULP		0x04	/* transcendental: 1 ulp apart, and C1, accepted */
#define SHIFTCNT	0x08	/* mm1 holds a shift count */
#define FEW		0x10	/* fewer iterations (slow on the host) */
#define CMP		0x20	/* a comparison: see cmp_tolerance() */
#define SMALL		0x40	/* ST(0) within +-(1 - sqrt(2)/2) (fyl2xp1) */

#define C0	0x0100u
#define C1	0x0200u
#define C2	0x0400u
#define C3	0x4000u
#define U023	(C0 | C2 | C3)	/* undefined C0, C2, C3 */
#define UALL	(C0 | C1 | C2 | C3)

struct xcase {
	const char *name;
	uint8_t bytes[8];
	uint8_t len;
	uint8_t npush;		/* stack operands it reads */
	uint8_t fmt;		/* the memory operand's format, enum fmt */
	uint16_t undef;		/* FSW bits the SDM leaves undefined */
	uint8_t flags;
	uint16_t skip_lo, skip_hi;	/* memory bytes not compared */
	uint16_t skip2_lo, skip2_hi;
};

#define X(n, push, f, u, fl, ...) { n, { __VA_ARGS__ }, \
	sizeof((uint8_t[]){ __VA_ARGS__ }), push, f, u, fl, 0, 0, 0, 0 }
#define XS(n, push, f, u, fl, s1, s2, s3, s4, ...) { n, { __VA_ARGS__ }, \
	sizeof((uint8_t[]){ __VA_ARGS__ }), push, f, u, fl, s1, s2, s3, s4 }

static const struct xcase cases[] = {
	/* loads */
	X("fld m32", 0, F_F32, U023, 0, 0xd9, 0x03),
	X("fld m64", 0, F_F64, U023, 0, 0xdd, 0x03),
	X("fld m80", 0, F_F80, U023, 0, 0xdb, 0x2b),
	X("fld st1", 2, F_NONE, U023, 0, 0xd9, 0xc1),
	X("fild m16", 0, F_I16, U023, 0, 0xdf, 0x03),
	X("fild m32", 0, F_I32, U023, 0, 0xdb, 0x03),
	X("fild m64", 0, F_I64, U023, 0, 0xdf, 0x2b),
	X("fbld", 0, F_BCD, U023, 0, 0xdf, 0x23),
	X("fld1", 0, F_NONE, U023, 0, 0xd9, 0xe8),
	X("fldl2t", 0, F_NONE, U023, 0, 0xd9, 0xe9),
	X("fldl2e", 0, F_NONE, U023, 0, 0xd9, 0xea),
	X("fldpi", 0, F_NONE, U023, 0, 0xd9, 0xeb),
	X("fldlg2", 0, F_NONE, U023, 0, 0xd9, 0xec),
	X("fldln2", 0, F_NONE, U023, 0, 0xd9, 0xed),
	X("fldz", 0, F_NONE, U023, 0, 0xd9, 0xee),
	/* stores */
	X("fst m32", 1, F_F32, U023, 0, 0xd9, 0x13),
	X("fstp m32", 1, F_F32, U023, 0, 0xd9, 0x1b),
	X("fst m64", 1, F_F64, U023, 0, 0xdd, 0x13),
	X("fstp m64", 1, F_F64, U023, 0, 0xdd, 0x1b),
	X("fstp m80", 1, F_F80, U023, 0, 0xdb, 0x3b),
	X("fst st2", 1, F_NONE, U023, 0, 0xdd, 0xd2),
	X("fstp st1", 2, F_NONE, U023, 0, 0xdd, 0xd9),
	X("fist m16", 1, F_I16, U023, 0, 0xdf, 0x13),
	X("fistp m16", 1, F_I16, U023, 0, 0xdf, 0x1b),
	X("fist m32", 1, F_I32, U023, 0, 0xdb, 0x13),
	X("fistp m32", 1, F_I32, U023, 0, 0xdb, 0x1b),
	X("fistp m64", 1, F_I64, U023, 0, 0xdf, 0x3b),
	X("fisttp m16", 1, F_I16, U023, 0, 0xdf, 0x0b),
	X("fisttp m32", 1, F_I32, U023, 0, 0xdb, 0x0b),
	X("fisttp m64", 1, F_I64, U023, 0, 0xdd, 0x0b),
	X("fbstp", 1, F_BCD, U023, 0, 0xdf, 0x33),
	/* arithmetic */
	X("fadd st0, st1", 2, F_NONE, U023, 0, 0xd8, 0xc1),
	X("fadd st1, st0", 2, F_NONE, U023, 0, 0xdc, 0xc1),
	X("faddp st1", 2, F_NONE, U023, 0, 0xde, 0xc1),
	X("fadd m32", 1, F_F32, U023, 0, 0xd8, 0x03),
	X("fadd m64", 1, F_F64, U023, 0, 0xdc, 0x03),
	X("fiadd m16", 1, F_I16, U023, 0, 0xde, 0x03),
	X("fiadd m32", 1, F_I32, U023, 0, 0xda, 0x03),
	X("fmul st0, st1", 2, F_NONE, U023, 0, 0xd8, 0xc9),
	X("fmulp st1", 2, F_NONE, U023, 0, 0xde, 0xc9),
	X("fmul m64", 1, F_F64, U023, 0, 0xdc, 0x0b),
	X("fimul m32", 1, F_I32, U023, 0, 0xda, 0x0b),
	X("fsub st0, st1", 2, F_NONE, U023, 0, 0xd8, 0xe1),
	X("fsubr st0, st1", 2, F_NONE, U023, 0, 0xd8, 0xe9),
	X("fsubr st1, st0 (dc e1)", 2, F_NONE, U023, 0, 0xdc, 0xe1),
	X("fsub st1, st0 (dc e9)", 2, F_NONE, U023, 0, 0xdc, 0xe9),
	X("fsubrp (de e1)", 2, F_NONE, U023, 0, 0xde, 0xe1),
	X("fsubp (de e9)", 2, F_NONE, U023, 0, 0xde, 0xe9),
	X("fsub m32", 1, F_F32, U023, 0, 0xd8, 0x23),
	X("fsubr m64", 1, F_F64, U023, 0, 0xdc, 0x2b),
	X("fisub m16", 1, F_I16, U023, 0, 0xde, 0x23),
	X("fisubr m32", 1, F_I32, U023, 0, 0xda, 0x2b),
	X("fdiv st0, st1", 2, F_NONE, U023, 0, 0xd8, 0xf1),
	X("fdivr st0, st1", 2, F_NONE, U023, 0, 0xd8, 0xf9),
	X("fdivr st1, st0 (dc f1)", 2, F_NONE, U023, 0, 0xdc, 0xf1),
	X("fdiv st1, st0 (dc f9)", 2, F_NONE, U023, 0, 0xdc, 0xf9),
	X("fdivrp (de f1)", 2, F_NONE, U023, 0, 0xde, 0xf1),
	X("fdivp (de f9)", 2, F_NONE, U023, 0, 0xde, 0xf9),
	X("fdiv m32", 1, F_F32, U023, 0, 0xd8, 0x33),
	X("fdivr m64", 1, F_F64, U023, 0, 0xdc, 0x3b),
	X("fidiv m16", 1, F_I16, U023, 0, 0xde, 0x33),
	X("fidivr m32", 1, F_I32, U023, 0, 0xda, 0x3b),
	X("fchs", 1, F_NONE, U023, 0, 0xd9, 0xe0),
	X("fabs", 1, F_NONE, U023, 0, 0xd9, 0xe1),
	X("fsqrt", 1, F_NONE, U023, 0, 0xd9, 0xfa),
	X("frndint", 1, F_NONE, U023, 0, 0xd9, 0xfc),
	X("fscale", 2, F_NONE, U023, 0, 0xd9, 0xfd),
	X("fxtract", 1, F_NONE, U023, 0, 0xd9, 0xf4),
	X("fprem", 2, F_NONE, 0, 0, 0xd9, 0xf8),
	X("fprem1", 2, F_NONE, 0, 0, 0xd9, 0xf5),
	/* comparisons */
	X("fcom st1", 2, F_NONE, 0, CMP, 0xd8, 0xd1),
	X("fcomp st1", 2, F_NONE, 0, CMP, 0xd8, 0xd9),
	X("fcompp", 2, F_NONE, 0, CMP, 0xde, 0xd9),
	X("fcom m32", 1, F_F32, 0, CMP, 0xd8, 0x13),
	X("fcomp m64", 1, F_F64, 0, CMP, 0xdc, 0x1b),
	X("ficom m16", 1, F_I16, 0, CMP, 0xde, 0x13),
	X("ficomp m32", 1, F_I32, 0, CMP, 0xda, 0x1b),
	X("fucom st1", 2, F_NONE, 0, CMP, 0xdd, 0xe1),
	X("fucomp st1", 2, F_NONE, 0, CMP, 0xdd, 0xe9),
	X("fucompp", 2, F_NONE, 0, CMP, 0xda, 0xe9),
	X("fcomi st1", 2, F_NONE, 0, CMP_FLAGS | CMP, 0xdb, 0xf1),
	X("fcomip st1", 2, F_NONE, 0, CMP_FLAGS | CMP, 0xdf, 0xf1),
	X("fucomi st1", 2, F_NONE, 0, CMP_FLAGS | CMP, 0xdb, 0xe9),
	X("fucomip st1", 2, F_NONE, 0, CMP_FLAGS | CMP, 0xdf, 0xe9),
	X("ftst", 1, F_NONE, 0, CMP, 0xd9, 0xe4),
	X("fxam", 1, F_NONE, 0, 0, 0xd9, 0xe5),
	/* stack and control */
	X("fxch st1", 2, F_NONE, U023, 0, 0xd9, 0xc9),
	X("fxch st3", 4, F_NONE, U023, 0, 0xd9, 0xcb),
	X("ffree st1", 2, F_NONE, UALL, 0, 0xdd, 0xc1),
	X("ffreep st0", 2, F_NONE, UALL, 0, 0xdf, 0xc0),
	X("fincstp", 2, F_NONE, U023, 0, 0xd9, 0xf7),
	X("fdecstp", 2, F_NONE, U023, 0, 0xd9, 0xf6),
	X("fnop", 1, F_NONE, UALL, 0, 0xd9, 0xd0),
	X("fcmovb", 2, F_NONE, U023, 0, 0xda, 0xc1),
	X("fcmove", 2, F_NONE, U023, 0, 0xda, 0xc9),
	X("fcmovbe", 2, F_NONE, U023, 0, 0xda, 0xd1),
	X("fcmovu", 2, F_NONE, U023, 0, 0xda, 0xd9),
	X("fcmovnb", 2, F_NONE, U023, 0, 0xdb, 0xc1),
	X("fcmovne", 2, F_NONE, U023, 0, 0xdb, 0xc9),
	X("fcmovnbe", 2, F_NONE, U023, 0, 0xdb, 0xd1),
	X("fcmovnu", 2, F_NONE, U023, 0, 0xdb, 0xd9),
	X("fnstsw ax", 2, F_NONE, 0, 0, 0xdf, 0xe0),
	X("fnstsw m16", 2, F_NONE, 0, 0, 0xdd, 0x3b),
	X("fnstcw m16", 1, F_NONE, 0, 0, 0xd9, 0x3b),
	X("fldcw m16", 1, F_CW, UALL, 0, 0xd9, 0x2b),
	X("fnclex", 2, F_NONE, UALL, 0, 0xdb, 0xe2),
	X("fninit", 2, F_NONE, 0, 0, 0xdb, 0xe3),
	XS("fnstenv m28", 2, F_NONE, 0, 0, 12, 28, 0, 0, 0xd9, 0x33),
	X("fldenv m28", 2, F_ENV, 0, 0, 0xd9, 0x23),
	XS("fnsave m108", 3, F_NONE, 0, 0, 12, 28, 0, 0, 0xdd, 0x33),
	X("frstor m108", 0, F_SAVE, 0, 0, 0xdd, 0x23),
	XS("fnstenv m14 (66)", 2, F_NONE, 0, 0, 6, 14, 0, 0, 0x66, 0xd9, 0x33),
	X("fldenv m14 (66)", 2, F_ENV, 0, 0, 0x66, 0xd9, 0x23),
	XS("fnsave m94 (66)", 3, F_NONE, 0, 0, 6, 14, 0, 0, 0x66, 0xdd, 0x33),
	X("frstor m94 (66)", 0, F_SAVE16, 0, 0, 0x66, 0xdd, 0x23),
	XS("fxsave m512", 3, F_NONE, 0, 0, 6, 32, 160, 512, 0x0f, 0xae, 0x03),
	X("fxrstor m512", 0, F_FXSAVE, 0, 0, 0x0f, 0xae, 0x0b),
	/* transcendentals */
	X("fsin", 1, F_NONE, C0 | C3, ULP | FEW, 0xd9, 0xfe),
	X("fcos", 1, F_NONE, C0 | C3, ULP | FEW, 0xd9, 0xff),
	X("fsincos", 1, F_NONE, C0 | C3, ULP | FEW, 0xd9, 0xfb),
	X("fptan", 1, F_NONE, C0 | C3, ULP | FEW, 0xd9, 0xf2),
	X("fpatan", 2, F_NONE, U023, ULP | FEW, 0xd9, 0xf3),
	X("f2xm1", 1, F_NONE, U023, ULP | FEW, 0xd9, 0xf0),
	X("fyl2x", 2, F_NONE, U023, ULP | FEW, 0xd9, 0xf1),
	X("fyl2xp1", 2, F_NONE, U023, ULP | FEW | SMALL, 0xd9, 0xf9),
	/* MMX: mm0 op= mm1 unless said otherwise */
	X("movd mm0, eax", 1, F_NONE, 0, MMX, 0x0f, 0x6e, 0xc0),
	X("movd mm0, [ebx]", 0, F_I32, 0, MMX, 0x0f, 0x6e, 0x03),
	X("movd eax, mm1", 0, F_NONE, 0, MMX, 0x0f, 0x7e, 0xc8),
	X("movd [ebx], mm1", 0, F_I32, 0, MMX, 0x0f, 0x7e, 0x0b),
	X("movq mm0, mm1", 0, F_NONE, 0, MMX, 0x0f, 0x6f, 0xc1),
	X("movq mm2, [ebx]", 2, F_I64, 0, MMX, 0x0f, 0x6f, 0x13),
	X("movq [ebx], mm1", 0, F_I64, 0, MMX, 0x0f, 0x7f, 0x0b),
	X("movq mm3, mm1 (7f)", 0, F_NONE, 0, MMX, 0x0f, 0x7f, 0xcb),
	X("emms", 2, F_NONE, 0, MMX, 0x0f, 0x77),
	X("paddb", 0, F_NONE, 0, MMX, 0x0f, 0xfc, 0xc1),
	X("paddw", 0, F_NONE, 0, MMX, 0x0f, 0xfd, 0xc1),
	X("paddd", 0, F_NONE, 0, MMX, 0x0f, 0xfe, 0xc1),
	X("paddsb", 0, F_NONE, 0, MMX, 0x0f, 0xec, 0xc1),
	X("paddsw", 0, F_NONE, 0, MMX, 0x0f, 0xed, 0xc1),
	X("paddusb", 0, F_NONE, 0, MMX, 0x0f, 0xdc, 0xc1),
	X("paddusw", 0, F_NONE, 0, MMX, 0x0f, 0xdd, 0xc1),
	X("psubb", 0, F_NONE, 0, MMX, 0x0f, 0xf8, 0xc1),
	X("psubw", 0, F_NONE, 0, MMX, 0x0f, 0xf9, 0xc1),
	X("psubd", 0, F_NONE, 0, MMX, 0x0f, 0xfa, 0xc1),
	X("psubsb", 0, F_NONE, 0, MMX, 0x0f, 0xe8, 0xc1),
	X("psubsw", 0, F_NONE, 0, MMX, 0x0f, 0xe9, 0xc1),
	X("psubusb", 0, F_NONE, 0, MMX, 0x0f, 0xd8, 0xc1),
	X("psubusw", 0, F_NONE, 0, MMX, 0x0f, 0xd9, 0xc1),
	X("pcmpeqb", 0, F_NONE, 0, MMX, 0x0f, 0x74, 0xc1),
	X("pcmpeqw", 0, F_NONE, 0, MMX, 0x0f, 0x75, 0xc1),
	X("pcmpeqd", 0, F_NONE, 0, MMX, 0x0f, 0x76, 0xc1),
	X("pcmpgtb", 0, F_NONE, 0, MMX, 0x0f, 0x64, 0xc1),
	X("pcmpgtw", 0, F_NONE, 0, MMX, 0x0f, 0x65, 0xc1),
	X("pcmpgtd", 0, F_NONE, 0, MMX, 0x0f, 0x66, 0xc1),
	X("pmullw", 0, F_NONE, 0, MMX, 0x0f, 0xd5, 0xc1),
	X("pmulhw", 0, F_NONE, 0, MMX, 0x0f, 0xe5, 0xc1),
	X("pmaddwd", 0, F_NONE, 0, MMX, 0x0f, 0xf5, 0xc1),
	X("pmaddwd mm0, [ebx]", 0, F_I64, 0, MMX, 0x0f, 0xf5, 0x03),
	X("pand", 0, F_NONE, 0, MMX, 0x0f, 0xdb, 0xc1),
	X("pandn", 0, F_NONE, 0, MMX, 0x0f, 0xdf, 0xc1),
	X("por", 0, F_NONE, 0, MMX, 0x0f, 0xeb, 0xc1),
	X("pxor", 0, F_NONE, 0, MMX, 0x0f, 0xef, 0xc1),
	X("psllw mm1", 0, F_NONE, 0, MMX | SHIFTCNT, 0x0f, 0xf1, 0xc1),
	X("pslld mm1", 0, F_NONE, 0, MMX | SHIFTCNT, 0x0f, 0xf2, 0xc1),
	X("psllq mm1", 0, F_NONE, 0, MMX | SHIFTCNT, 0x0f, 0xf3, 0xc1),
	X("psrlw mm1", 0, F_NONE, 0, MMX | SHIFTCNT, 0x0f, 0xd1, 0xc1),
	X("psrld mm1", 0, F_NONE, 0, MMX | SHIFTCNT, 0x0f, 0xd2, 0xc1),
	X("psrlq mm1", 0, F_NONE, 0, MMX | SHIFTCNT, 0x0f, 0xd3, 0xc1),
	X("psraw mm1", 0, F_NONE, 0, MMX | SHIFTCNT, 0x0f, 0xe1, 0xc1),
	X("psrad mm1", 0, F_NONE, 0, MMX | SHIFTCNT, 0x0f, 0xe2, 0xc1),
	X("psrlw [ebx]", 0, F_I64, 0, MMX, 0x0f, 0xd1, 0x03),
	X("psllw 3", 0, F_NONE, 0, MMX, 0x0f, 0x71, 0xf0, 3),
	X("psraw 15", 0, F_NONE, 0, MMX, 0x0f, 0x71, 0xe0, 15),
	X("psrlw 16", 0, F_NONE, 0, MMX, 0x0f, 0x71, 0xd0, 16),
	X("pslld 31", 0, F_NONE, 0, MMX, 0x0f, 0x72, 0xf0, 31),
	X("psrad 40", 0, F_NONE, 0, MMX, 0x0f, 0x72, 0xe0, 40),
	X("psrld 1", 0, F_NONE, 0, MMX, 0x0f, 0x72, 0xd0, 1),
	X("psllq 63", 0, F_NONE, 0, MMX, 0x0f, 0x73, 0xf0, 63),
	X("psrlq 64", 0, F_NONE, 0, MMX, 0x0f, 0x73, 0xd0, 64),
	X("psrlq 5", 0, F_NONE, 0, MMX, 0x0f, 0x73, 0xd0, 5),
	X("packsswb", 0, F_NONE, 0, MMX, 0x0f, 0x63, 0xc1),
	X("packssdw", 0, F_NONE, 0, MMX, 0x0f, 0x6b, 0xc1),
	X("packuswb", 0, F_NONE, 0, MMX, 0x0f, 0x67, 0xc1),
	X("punpckhbw", 0, F_NONE, 0, MMX, 0x0f, 0x68, 0xc1),
	X("punpckhwd", 0, F_NONE, 0, MMX, 0x0f, 0x69, 0xc1),
	X("punpckhdq", 0, F_NONE, 0, MMX, 0x0f, 0x6a, 0xc1),
	X("punpcklbw", 0, F_NONE, 0, MMX, 0x0f, 0x60, 0xc1),
	X("punpcklwd", 0, F_NONE, 0, MMX, 0x0f, 0x61, 0xc1),
	X("punpckldq", 0, F_NONE, 0, MMX, 0x0f, 0x62, 0xc1),
	X("punpcklbw mm0, [ebx] (m32)", 0, F_I32, 0, MMX, 0x0f, 0x60, 0x03),
	X("punpckhwd mm0, [ebx]", 0, F_I64, 0, MMX, 0x0f, 0x69, 0x03),
};

/* --- the instruction sequence, built per iteration --- */

struct setup {
	uint16_t cw;
	int pushes;		/* values loaded onto the stack */
	int free_reg;		/* -1, or ST(i) freed after the loads */
	int incs;		/* fincstp after the loads */
	int mm_regs;		/* MMX registers loaded */
};

static size_t put(uint8_t *p, size_t n, const void *b, size_t len)
{
	memcpy(p + n, b, len);
	return n + len;
}

/* op [ebx + disp32]: opcode bytes then ModR/M with mod=10, rm=ebx */
static size_t put_mem(uint8_t *p, size_t n, const uint8_t *opc, size_t olen,
		      int reg, uint32_t disp)
{
	n = put(p, n, opc, olen);
	p[n++] = (uint8_t)(0x80 | reg << 3 | 3);
	memcpy(p + n, &disp, 4);
	return n + 4;
}

static size_t build_seq(uint8_t *p, const struct xcase *c, const struct setup *s)
{
	static const uint8_t fninit[] = { 0xdb, 0xe3 };
	static const uint8_t d9[] = { 0xd9 }, db[] = { 0xdb }, dd[] = { 0xdd };
	static const uint8_t movq[] = { 0x0f, 0x6f };
	size_t n = 0;
	int i;

	/* every register holds a known value, then the stack is empty:
	 * FNINIT keeps the contents */
	n = put(p, n, fninit, 2);
	for (i = 7; i >= 0; i--)
		n = put_mem(p, n, db, 1, 5, SLOT(i));
	n = put(p, n, fninit, 2);
	n = put_mem(p, n, d9, 1, 5, CW);			/* fldcw */
	for (i = s->pushes - 1; i >= 0; i--)
		n = put_mem(p, n, db, 1, 5, SLOT(i));		/* fld tword */
	for (i = 0; i < s->incs; i++) {
		p[n++] = 0xd9;					/* fincstp */
		p[n++] = 0xf7;
	}
	if (s->free_reg >= 0) {
		p[n++] = 0xdd;					/* ffree st(i) */
		p[n++] = (uint8_t)(0xc0 + s->free_reg);
	}
	for (i = 0; i < s->mm_regs; i++)
		n = put_mem(p, n, movq, 2, i, MM(i));
	n = put(p, n, c->bytes, c->len);
	n = put_mem(p, n, dd, 1, 6, SAVE);			/* fnsave */
	return n;
}

/* --- native execution --- */

static void build_native(const uint8_t *seq, size_t len)
{
	static const uint8_t prologue[] = {
		0x53, 0x55, 0x41, 0x54, 0x41, 0x55, 0x41, 0x56, 0x41, 0x57,
		0x49, 0x89, 0xff,			/* mov r15, rdi */
	};
	static const uint8_t popf[] = {
		0x41, 0xff, 0x77, 32,			/* push [r15+32] */
		0x9d,					/* popfq */
	};
	static const uint8_t loadregs[] = { 0x47, 0x4f, 0x57, 0x5f, 0, 0x6f, 0x77, 0x7f };
	static const uint8_t epilogue[] = {
		0x9c, 0x41, 0x8f, 0x47, 32,		/* pushfq; pop [r15+32] */
	};
	static const uint8_t ret[] = {
		0xfc, 0x41, 0x5f, 0x41, 0x5e, 0x41, 0x5d, 0x41, 0x5c, 0x5d, 0x5b, 0xc3,
	};
	size_t n = 0;
	int i;

	n = put(native_code, n, prologue, sizeof(prologue));
	for (i = 0; i < 8; i++) {
		uint8_t ld[4] = { 0x41, 0x8b, loadregs[i], (uint8_t)(i * 4) };

		if (i != 4)
			n = put(native_code, n, ld, 4);
	}
	n = put(native_code, n, popf, sizeof(popf));
	n = put(native_code, n, seq, len);
	n = put(native_code, n, epilogue, sizeof(epilogue));
	for (i = 0; i < 8; i++) {
		uint8_t st[4] = { 0x41, 0x89, loadregs[i], (uint8_t)(i * 4) };

		if (i != 4)
			n = put(native_code, n, st, 4);
	}
	put(native_code, n, ret, sizeof(ret));
}

static void on_signal(int sig)
{
	(void)sig;
	siglongjmp(native_env, 1);
}

static bool run_native(struct regs *r)
{
	void (*fn)(struct regs *) = (void (*)(struct regs *))native_code;

	if (sigsetjmp(native_env, 1))
		return false;
	fn(r);
	return true;
}

/* --- translated execution --- */

static void set_gate(int vec)
{
	uint32_t off = STUB_GPA + (uint32_t)vec * 16;
	uint32_t lo = (0x08u << 16) | (off & 0xffff);
	uint32_t hi = (off & 0xffff0000u) | 0x8e00;

	memcpy(guest_ram + IDT_GPA + vec * 8, &lo, 4);
	memcpy(guest_ram + IDT_GPA + vec * 8 + 4, &hi, 4);
	guest_ram[STUB_GPA + vec * 16] = 0xf4;	/* hlt */
}

static void flat(struct x86_seg *s, uint32_t sel, bool code)
{
	s->sel = sel;
	s->base = 0;
	s->limit = 0xffffffffu;
	s->flags = DESC_P | DESC_S | DESC_B | DESC_G | DESC_A | DESC_RW |
		   (code ? DESC_CODE : 0);
}

/* Returns the vector raised, or -1 when the sequence completed. */
static int run_guest(const uint8_t *seq, size_t len, struct regs *r)
{
	int i;

	cpu_reset(cpu);
	cpu->cr[0] = CR0_PE | CR0_ET | CR0_NE;
	for (i = 0; i < 6; i++)
		flat(&cpu->seg[i], i == R_CS ? 8 : 16, i == R_CS);
	cpu->idt.base = IDT_GPA;
	cpu->idt.limit = 256 * 8 - 1;
	cpu->gdt.base = GDT_GPA;
	cpu->gdt.limit = 23;
	for (i = 0; i < 8; i++)
		cpu->regs[i] = r->r[i];
	cpu->regs[R_ESP] = 0x8000;
	cpu_set_eflags(cpu, (uint32_t)r->flags, ~0u);
	cpu_update_hflags(cpu);
	memcpy(guest_ram + CODE_GPA, seq, len);
	guest_ram[CODE_GPA + len] = 0xf4;	/* hlt */
	mem_notify_write(CODE_GPA, len + 1);
	cpu->eip = CODE_GPA;
	if (cpu_exec(cpu, 100) != EXEC_HALT)
		return -2;
	for (i = 0; i < 8; i++)
		if (i != R_ESP)
			r->r[i] = cpu->regs[i];
	r->flags = cpu_get_eflags(cpu);
	if (cpu->eip == CODE_GPA + len + 1)
		return -1;
	return (int)((cpu->eip - 1 - STUB_GPA) / 16);
}

/* --- one iteration --- */

static void put_f80(uint8_t *p, struct f80v v)
{
	memcpy(p, &v.mant, 8);
	memcpy(p + 8, &v.se, 2);
}

static void fill_operand(uint8_t *d, int fmt)
{
	uint64_t v;
	uint16_t w;
	int i;

	switch (fmt) {
	case F_F32: v = rand_ieee(32); memcpy(d, &v, 4); break;
	case F_F64: v = rand_ieee(64); memcpy(d, &v, 8); break;
	case F_F80: put_f80(d, rand_f80()); break;
	case F_I16: v = rand_int(16); memcpy(d, &v, 2); break;
	case F_I32: v = rand_int(32); memcpy(d, &v, 4); break;
	case F_I64: v = rand_int(64); memcpy(d, &v, 8); break;
	case F_BCD: put_bcd(d); break;
	case F_CW:
		w = (uint16_t)rnd();
		memcpy(d, &w, 2);
		break;
	case F_ENV: case F_SAVE: case F_SAVE16:
		/* FCW, FSW, FTW: random; the pointers: random */
		for (i = 0; i < 28; i++)
			d[i] = (uint8_t)rnd();
		for (i = 0; fmt != F_ENV && i < 8; i++)
			put_f80(d + (fmt == F_SAVE ? 28 : 14) + 10 * i, rand_f80());
		break;
	case F_FXSAVE: {
		static const uint32_t mxcsr = 0x1f80, mask = 0xffff;

		for (i = 0; i < 512; i++)
			d[i] = (uint8_t)rnd();
		memcpy(d + 24, &mxcsr, 4);
		memcpy(d + 28, &mask, 4);
		for (i = 0; i < 8; i++)
			put_f80(d + 32 + 16 * i, rand_f80());
		break;
	}
	default:
		break;
	}
}

static void random_setup(const struct xcase *c, struct setup *s, uint8_t *data)
{
	static const uint8_t masks[] = { 0x3f, 0x3f, 0x3f, 0x3e, 0x3b, 0x37,
					 0x2f, 0x1f, 0x00 };
	int i;

	s->cw = (uint16_t)(0x0040 | (rnd() & 3) << 8 | (rnd() & 3) << 10 |
			   masks[rnd() % sizeof(masks)]);
	if (rnd() % 4 == 0)
		s->cw = (uint16_t)((s->cw & ~0x3fu) | (rnd() & 0x3f));
	memcpy(data + CW, &s->cw, 2);
	s->pushes = c->npush;
	s->free_reg = -1;
	if (rnd() % 8 == 0)
		s->pushes = (int)(rnd() % (c->npush + 1));	/* underflow */
	else if (rnd() % 16 == 0)
		s->pushes = 8;					/* a full stack */
	if (s->pushes && rnd() % 10 == 0)
		s->free_reg = (int)(rnd() % 8);
	for (i = 0; i < 8; i++) {
		struct f80v v = rand_f80();

		/* the second operand near the first: cancellation, ties */
		if (i == 1 && rnd() % 4 == 0) {
			memcpy(&v.mant, data + SLOT(0), 8);
			memcpy(&v.se, data + SLOT(0) + 8, 2);
			v.mant ^= rnd64() >> (rnd() % 64);
			v.se = (uint16_t)(v.se + (int)(rnd() % 3) - 1);
		}
		put_f80(data + SLOT(i), v);
	}
	if (c->flags & SMALL) {
		/* outside its domain the result is undefined (SDM FYL2XP1) */
		struct f80v v = rand_f80();

		if ((v.se & 0x7fff) >= 0x3ffd && (v.se & 0x7fff) != 0x7fff)
			v.se = (uint16_t)((v.se & 0x8000) | (0x3ffc - rnd() % 64));
		put_f80(data + SLOT(0), v);
	}
	s->incs = 0;
	s->mm_regs = 0;
	if (c->flags & MMX) {
		/* every register holds a known value, TOP anywhere */
		s->pushes = 8;
		s->incs = (int)(rnd() % 8);
		s->mm_regs = 4;
	}
	for (i = 0; i < 8; i++) {
		uint64_t v = rand_mm();

		if (i == 1 && (c->flags & SHIFTCNT) && (rnd() & 3))
			v = rnd() % 70;
		memcpy(data + MM(i), &v, 8);
	}
	fill_operand(data + OPND, c->fmt);
}

/* Neighbours: one unit in the last place apart, across a binade too (the
 * exponent and fraction in a row count the representable values). */
static bool f80_near(const uint8_t *a, const uint8_t *b)
{
	uint64_t ma, mb;
	uint16_t ea, eb;
	__int128 ia, ib;

	memcpy(&ma, a, 8);
	memcpy(&mb, b, 8);
	memcpy(&ea, a + 8, 2);
	memcpy(&eb, b + 8, 2);
	if ((ea ^ eb) & 0x8000)
		return false;
	ia = (__int128)(ea & 0x7fff) << 63 | (ma & ~(1ull << 63));
	ib = (__int128)(eb & 0x7fff) << 63 | (mb & ~(1ull << 63));
	return ia - ib <= 1 && ib - ia <= 1;
}

/* Compare the FNSAVE images: FCW, FSW (less the undefined bits), FTW,
 * the registers.  The pointer fields (12-27) are not compared. */
/*
 * A comparison that raises an unmasked #IA does not set the condition codes
 * or EFLAGS (SDM Vol. 2 FCOM, FUCOM, FTST, FCOMI: "not set if unmasked
 * #IA"); AMD processors set them to "unordered" anyway.  Those bits are not
 * compared then.  Returns the FSW bits to ignore; *eflags the EFLAGS ones.
 */
static uint32_t cmp_tolerance(const struct xcase *c, const uint8_t *save,
			      uint32_t *eflags)
{
	uint32_t cw, sw;

	*eflags = 0;
	memcpy(&cw, save, 4);
	memcpy(&sw, save + 4, 4);
	if (!(c->flags & CMP) || !(sw & 1) || (cw & 1))
		return 0;
	*eflags = CC_Z | CC_P | CC_C;
	return C0 | C2 | C3;
}

static uint32_t cmp_eflags(const struct xcase *c, const uint8_t *save)
{
	uint32_t ef;

	cmp_tolerance(c, save, &ef);
	return ef;
}

static bool save_equal(const struct xcase *c, const uint8_t *n, const uint8_t *e)
{
	uint32_t swn, swe, tw, ef;
	uint32_t undef = c->undef | cmp_tolerance(c, n, &ef);

	/* the transcendentals' last bit and the C1 that says how it was
	 * rounded depend on the implementation's internal precision */
	if (c->flags & ULP)
		undef |= C1;
	int i;

	memcpy(&swn, n + 4, 4);
	memcpy(&swe, e + 4, 4);
	memcpy(&tw, n + 8, 4);
	if (memcmp(n, e, 4) || memcmp(n + 8, e + 8, 4) || ((swn ^ swe) & ~undef))
		return false;
	/* an empty register's contents are whatever was there before */
	for (i = 0; i < 8; i++) {
		const uint8_t *rn = n + 28 + 10 * i, *re = e + 28 + 10 * i;

		if (((tw >> (2 * (((swn >> 11) + i) & 7))) & 3) == 3)
			continue;
		if (memcmp(rn, re, 10) && !((c->flags & ULP) && f80_near(rn, re)))
			return false;
	}
	return true;
}

static void dump_save(const char *who, const uint8_t *s)
{
	uint32_t cw, sw, tw;
	int i;

	memcpy(&cw, s, 4);
	memcpy(&sw, s + 4, 4);
	memcpy(&tw, s + 8, 4);
	printf("#   %s: cw %04x sw %04x tw %04x", who, cw & 0xffff, sw & 0xffff,
	       tw & 0xffff);
	for (i = 0; i < 8; i++) {
		uint64_t m;
		uint16_t se;

		memcpy(&m, s + 28 + 10 * i, 8);
		memcpy(&se, s + 36 + 10 * i, 2);
		if (i < 3 || ((tw >> (2 * (((sw >> 11) + i) & 7))) & 3) != 3)
			printf(" st%d=%04x:%016llx", i, se, (unsigned long long)m);
	}
	printf("\n");
}

static void dump_input(const struct xcase *c, const struct setup *s,
		       const uint8_t *data, const struct regs *in)
{
	int i;

	printf("#   in: cw %04x pushes %d incs %d free %d flags %03x eax %08x;",
	       s->cw, s->pushes, s->incs, s->free_reg, (unsigned)in->flags & 0xfff,
	       in->r[0]);
	for (i = 0; i < s->pushes && i < 3; i++) {
		uint64_t m;
		uint16_t se;

		memcpy(&m, data + SLOT(i), 8);
		memcpy(&se, data + SLOT(i) + 8, 2);
		printf(" slot%d=%04x:%016llx", i, se, (unsigned long long)m);
	}
	if (c->fmt != F_NONE) {
		printf(" mem=");
		for (i = 9; i >= 0; i--)
			printf("%02x", data[OPND + i]);
	}
	if (c->flags & MMX) {
		uint64_t a, b;

		memcpy(&a, data + MM(0), 8);
		memcpy(&b, data + MM(1), 8);
		printf(" mm0=%016llx mm1=%016llx", (unsigned long long)a,
		       (unsigned long long)b);
	}
	printf("\n");
}

/* One line per transcendental result when the stack was set up plainly
 * (all operands pushed, no ffree, no fincstp): the case, the control word,
 * the two operands as loaded (ST0, ST1), then for the host and for the
 * translator FSW, ST0 and ST1 afterwards; f80 values as 4+16 hex digits. */
static FILE *oracle;

static void oracle_f80(const uint8_t *p)
{
	uint64_t m;
	uint16_t se;

	memcpy(&m, p, 8);
	memcpy(&se, p + 8, 2);
	fprintf(oracle, " %04x:%016llx", se, (unsigned long long)m);
}

static void oracle_record(const struct xcase *c, const struct setup *s,
			  const uint8_t *data, const uint8_t *n, const uint8_t *e)
{
	const uint8_t *who[2] = { n, e };
	uint32_t sw;
	int k;

	if (!oracle || !(c->flags & ULP) || s->pushes != c->npush ||
	    s->free_reg >= 0 || s->incs)
		return;
	fprintf(oracle, "%s|%04x", c->name, s->cw);
	oracle_f80(data + SLOT(0));
	oracle_f80(data + SLOT(1));
	for (k = 0; k < 2; k++) {
		memcpy(&sw, who[k] + 4, 4);
		fprintf(oracle, " %04x", sw & 0xffff);
		oracle_f80(who[k] + 28);
		oracle_f80(who[k] + 38);
	}
	fprintf(oracle, "\n");
}

static bool skipped(const struct xcase *c, int off)
{
	return (off >= c->skip_lo && off < c->skip_hi) ||
	       (off >= c->skip2_lo && off < c->skip2_hi);
}

static int test_case(const struct xcase *c)
{
	static uint8_t data[DATA_BYTES];
	int it, bad = 0, iters = (c->flags & FEW) ? ITERATIONS / 3 : ITERATIONS;
	int where = -1;

	for (it = 0; it < iters && bad < 3; it++) {
		uint8_t seq[256];
		struct regs in, nat, emu;
		struct setup s;
		size_t len;
		int vec, i;
		bool ok = true;
		const char *what = "";

		for (i = 0; i < (int)DATA_BYTES; i++)
			data[i] = (uint8_t)rnd();
		random_setup(c, &s, data);
		len = build_seq(seq, c, &s);
		for (i = 0; i < 8; i++)
			in.r[i] = rnd();
		in.r[R_EBX] = DATA_ADDR;
		in.r[R_ESP] = 0;
		in.flags = 0x2 | (rnd() & CC_MASK);

		build_native(seq, len);
		nat = in;
		memcpy(host_data, data, DATA_BYTES);
		if (!run_native(&nat)) {
			printf("# %s: native run faulted\n", c->name);
			bad++;
			continue;
		}
		emu = in;
		memcpy(guest_ram + DATA_ADDR, data, DATA_BYTES);
		vec = run_guest(seq, len, &emu);
		if (vec != -1) {
			printf("# %s: translator raised %d\n", c->name, vec);
			dump_input(c, &s, data, &in);
			bad++;
			continue;
		}
		oracle_record(c, &s, data, host_data + SAVE,
			      guest_ram + DATA_ADDR + SAVE);
		if (!save_equal(c, host_data + SAVE, guest_ram + DATA_ADDR + SAVE)) {
			ok = false;
			what = "FPU state";
		}
		for (i = 0; ok && i < 8; i++) {
			if (i != R_ESP && nat.r[i] != emu.r[i]) {
				ok = false;
				what = "general register";
			}
		}
		if (ok && ((nat.flags ^ emu.flags) & CC_MASK &
			   ~cmp_eflags(c, host_data + SAVE))) {
			ok = false;
			what = "EFLAGS";
		}
		for (i = 0; ok && i < SAVE; i++) {
			if (!skipped(c, i) && host_data[i] != guest_ram[DATA_ADDR + i]) {
				ok = false;
				what = "memory";
				where = i;
			}
		}
		if (ok)
			continue;
		bad++;
		printf("# %s: %s differs", c->name, what);
		if (where >= 0)
			printf(" at offset %d: %02x/%02x", where, host_data[where],
			       guest_ram[DATA_ADDR + where]);
		printf("\n");
		dump_input(c, &s, data, &in);
		dump_save("native    ", host_data + SAVE);
		dump_save("translator", guest_ram + DATA_ADDR + SAVE);
		printf("#   eax %08x/%08x flags %03x/%03x mem ", nat.r[0], emu.r[0],
		       (unsigned)nat.flags & 0xfff, (unsigned)emu.flags & 0xfff);
		for (i = 15; i >= 0; i--)
			printf("%02x", host_data[OPND + i]);
		printf("/");
		for (i = 15; i >= 0; i--)
			printf("%02x", guest_ram[DATA_ADDR + OPND + i]);
		printf("\n");
	}
	return bad;
}

int main(int argc, char **argv)
{
	size_t i;
	int failed = 0, v;
	struct sigaction sa;

	/* DIFF_SEED=n: another sequence of operands than the default one;
	 * RINGVM_BACKEND=interp|x64: the backend (default: the build's) */
	if (getenv("DIFF_SEED"))
		rng = strtoull(getenv("DIFF_SEED"), NULL, 0) | 1;
	if (getenv("DIFF_X87_ORACLE")) {
		oracle = fopen(getenv("DIFF_X87_ORACLE"), "w");
		if (!oracle) {
			printf("1..0 # SKIP cannot write %s: %s\n",
			       getenv("DIFF_X87_ORACLE"), strerror(errno));
			return 0;
		}
	}
	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = on_signal;
	sigaction(SIGFPE, &sa, NULL);
	sigaction(SIGSEGV, &sa, NULL);
	sigaction(SIGILL, &sa, NULL);
	native_code = mmap(NULL, 4096, PROT_READ | PROT_WRITE | PROT_EXEC,
			   MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	host_data = mmap((void *)(uintptr_t)DATA_ADDR, DATA_BYTES,
			 PROT_READ | PROT_WRITE,
			 MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED_NOREPLACE, -1, 0);
	if (native_code == MAP_FAILED || host_data != (void *)(uintptr_t)DATA_ADDR) {
		printf("1..0 # SKIP cannot map executable or fixed test pages: %s\n",
		       strerror(errno));
		return 0;
	}
	guest_ram = mem_alloc(GUEST_RAM);
	cpu = calloc(1, sizeof(*cpu));
	if (!guest_ram || !cpu || mem_map_ram(0, GUEST_RAM, guest_ram, "ram") ||
	    translator_init(getenv("RINGVM_BACKEND"), 16u << 20)) {
		printf("1..0 # SKIP cannot set up the guest\n");
		return 0;
	}
	for (v = 0; v < 32; v++)
		set_gate(v);
	{
		static const uint32_t gdt[6] = { 0, 0, 0x0000ffff, 0x00cf9b00,
						 0x0000ffff, 0x00cf9300 };

		memcpy(guest_ram + GDT_GPA, gdt, sizeof(gdt));
	}

	printf("1..%zu\n", sizeof(cases) / sizeof(cases[0]));
	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		int bad;

		/* diff_x87 NAME...: only the cases whose names start so */
		if (argc > 1) {
			int k, want = 0;

			for (k = 1; k < argc; k++)
				want |= !strncmp(cases[i].name, argv[k], strlen(argv[k]));
			if (!want) {
				printf("ok %zu - %s # SKIP not selected\n", i + 1,
				       cases[i].name);
				continue;
			}
		}
		bad = test_case(&cases[i]);
		printf("%sok %zu - %s\n", bad ? "not " : "", i + 1, cases[i].name);
		failed += bad != 0;
	}
	if (oracle && fclose(oracle)) {
		printf("# writing %s failed\n", getenv("DIFF_X87_ORACLE"));
		failed++;
	}
	return failed ? 1 : 0;
}
