// SPDX-License-Identifier: GPL-2.0-only
/*
 * Differential test of the translator's SSE, SSE2, SSE3 and SSSE3 against
 * the host CPU (x86-64 hosts).
 *
 * Each case is one instruction whose encoding means the same in 32-bit
 * and 64-bit mode (memory operands are [ebx] / [rbx] with ebx in the low
 * 4 GiB, registers xmm0-7 and mm0-3 only).  Every iteration runs the same
 * sequence natively in a generated function and under the translator in a
 * flat 32-bit guest with CR4.OSFXSR and OSXMMEXCPT set:
 *
 *   fninit; movups xmm0..7, [ebx+XMM(i)]; (MMX cases: movq mm0..3,
 *   [ebx+MM(i)]); ldmxcsr [ebx+CSR]; <the instruction>; stmxcsr
 *   [ebx+CSR_OUT]; movups [ebx+OUT(i)], xmm0..7; (movq [ebx+MMO(i)],
 *   mm0..3; emms); fninit
 *
 * with operands drawn from edge sets (signed zeros, denormals, the
 * smallest and largest normals, infinities, QNaNs, SNaNs, integer
 * boundaries such as 0x80000000, halves for rounding ties) and random
 * values, in every rounding mode with DAZ and FTZ on and off, all
 * exceptions masked or a random set unmasked.  Compared: XMM0-7, MXCSR
 * (flags exactly), MM0-3, the general registers, EFLAGS and the data
 * page.  An unmasked SIMD exception must fault on both sides (#XM in the
 * guest, SIGFPE on the host, whose handler keeps the XMM registers and
 * MXCSR of the faulting instruction) with the same MXCSR and the
 * destination unchanged; a misaligned operand must #GP on both (SIGSEGV).
 *
 * RCPPS/RSQRTPS results are implementation specific: they are checked
 * against the exact value within the SDM's relative error bound
 * 1.5 * 2^-12, and exactly for the special operands.
 *
 * RINGVM_BACKEND=interp|x64 picks the translator's backend (default: the
 * build's); DIFF_SEED=n another sequence of operands.  Prints TAP: one
 * test per case.
 */
#include <errno.h>
#include <math.h>
#include <setjmp.h>
#include <signal.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <ucontext.h>

#include "core/mem.h"
#include "translator/cpu.h"
#include "translator/translator.h"

#define GUEST_RAM	(8u << 20)
#define CODE_GPA	0x1000u
#define IDT_GPA		0x2000u
#define STUB_GPA	0x3000u	/* exception stubs: vector * 16 */
#define GDT_GPA		0x4000u
#define DATA_ADDR	0x00400000u	/* same address in host and guest */
#define DATA_BYTES	0x1000u
#define ITERATIONS	800

/* The data page */
#define OPND		0x000	/* the memory operand, up to 512 bytes */
#define XMM(i)		(0x200 + 16 * (i))	/* XMM register values */
#define MM(i)		(0x280 + 8 * (i))	/* MMX register values */
#define CSR		0x2a0	/* MXCSR loaded */
#define CSR_OUT		0x2a4	/* MXCSR stored */
#define OUT(i)		(0x300 + 16 * (i))	/* XMM registers after */
#define MMO(i)		(0x380 + 8 * (i))	/* MMX registers after */
#define END		0x3a0

struct regs {
	uint32_t r[8];		/* eax..edi (esp unused) */
	uint64_t flags;
};

/* What a run ended with: its vector (-1 none) and, after a fault, the
 * SIMD state at the fault. */
struct outcome {
	int vec;
	uint8_t xmm[8][16];
	uint32_t mxcsr;
};

static uint32_t host_mxcsr_mask;	/* what LDMXCSR accepts on the host */
static uint8_t *guest_ram;
static uint8_t *host_data;
static struct x86_cpu *cpu;
static uint8_t *native_code;
static sigjmp_buf native_env;
static struct outcome native_fault;
static uint64_t rng = 0x9e3779b97f4a7c15ULL;

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

static uint64_t rand_ieee(int bits)
{
	int ebits = bits == 32 ? 8 : 11, mbits = bits - 1 - ebits;
	uint64_t sign = (uint64_t)(rnd() & 1) << (bits - 1);
	uint64_t emax = (1ull << ebits) - 1, mmask = (1ull << mbits) - 1;
	uint64_t bias = emax >> 1;

	switch (rnd() % 16) {
	case 0: return sign;
	case 1: return sign | ((rnd64() & mmask) | 1);			/* denormal */
	case 2: return sign | emax << mbits;					/* inf */
	case 3: return sign | emax << mbits | 1ull << (mbits - 1) |
		       (rnd64() & mmask);					/* QNaN */
	case 4: return sign | emax << mbits | ((rnd64() & (mmask >> 1)) | 1);	/* SNaN */
	case 5: return sign | 1ull << mbits;					/* min normal */
	case 6: return sign | (emax - 1) << mbits | mmask;			/* max */
	case 7:	/* near the ends of the exponent range: overflow, underflow */
		return sign | ((rnd() & 1) ? (emax - 1 - rnd() % 4) :
					     (1 + rnd() % 4)) << mbits |
		       (rnd64() & mmask);
	case 8:	/* small integers and halves: conversions, ties */
		return sign | (bias + rnd() % 32 - 1) << mbits |
		       (rnd64() & mmask & ~(mmask >> 4));
	case 9:	/* around 2^31: conversion boundaries */
		return sign | (bias + 30 + rnd() % 3) << mbits |
		       ((rnd() & 1) ? 0 : (rnd64() & mmask));
	default:
		return sign | ((bias - 40 + rnd() % 80) << mbits) | (rnd64() & mmask);
	}
}

static uint32_t rand_i32(void)
{
	static const uint32_t edge[] = { 0, 1, 0xffffffff, 0x80000000, 0x7fffffff,
					 0x80000001, 16777217, 0x7fffff80 };

	switch (rnd() % 4) {
	case 0: return edge[rnd() % 8];
	case 1: return rnd() >> (rnd() % 32);
	default: return rnd();
	}
}

/* integer lanes: random, or words from the boundaries */
static uint64_t rand_lanes(void)
{
	static const uint16_t w[] = { 0, 1, 0x7f, 0x80, 0xff, 0x7fff, 0x8000,
				      0xffff, 0xff80, 0x00ff, 0x0100, 0x0f };
	uint64_t v = 0;
	int i;

	if (rnd() & 1)
		return rnd64();
	for (i = 0; i < 4; i++)
		v |= (uint64_t)((rnd() & 3) ? w[rnd() % 12] : (uint16_t)rnd()) << (16 * i);
	return v;
}

enum vals { V_PS, V_PD, V_INT, V_I32, V_CNT, V_SHUF, V_CSR, V_FX };

static void fill16(uint8_t *p, int vals)
{
	uint64_t q[2];
	uint32_t d[4];
	int i;

	switch (vals) {
	case V_PS:
		for (i = 0; i < 4; i++)
			d[i] = (uint32_t)rand_ieee(32);
		memcpy(p, d, 16);
		break;
	case V_PD:
		q[0] = rand_ieee(64);
		q[1] = rand_ieee(64);
		memcpy(p, q, 16);
		break;
	case V_I32:
		for (i = 0; i < 4; i++)
			d[i] = rand_i32();
		memcpy(p, d, 16);
		break;
	case V_CNT:	/* shift counts */
		q[0] = (rnd() & 3) ? rnd() % 70 : rand_lanes();
		q[1] = rand_lanes();
		memcpy(p, q, 16);
		break;
	case V_SHUF:	/* pshufb controls: indices and zeroing bits */
		for (i = 0; i < 16; i++)
			p[i] = (uint8_t)((rnd() & 3) ? rnd() % 16 : rnd());
		break;
	default:
		q[0] = rand_lanes();
		q[1] = rand_lanes();
		memcpy(p, q, 16);
		break;
	}
}

/* --- the cases --- */

#define MMX	0x01	/* MMX registers are named: load and compare them */
#define APPROX	0x02	/* rcpps/rsqrtps: the destination within 1.5*2^-12 */
#define SCALAR	0x04	/* APPROX: only lane 0 is approximated */
#define RSQRT	0x08	/* APPROX: 1/sqrt(x) */
#define MISALIGN 0x10	/* the memory operand is [ebx+4]: misaligned */
#define FEW	0x20	/* fewer iterations */

struct scase {
	const char *name;
	uint8_t bytes[8];
	uint8_t len;
	uint8_t vals;		/* enum vals of registers and memory */
	uint8_t flags;
	uint16_t skip_lo, skip_hi;	/* memory bytes not compared */
};

#define X(n, v, fl, ...) { n, { __VA_ARGS__ }, \
	sizeof((uint8_t[]){ __VA_ARGS__ }), v, fl, 0, 0 }
#define XS(n, v, fl, lo, hi, ...) { n, { __VA_ARGS__ }, \
	sizeof((uint8_t[]){ __VA_ARGS__ }), v, fl, lo, hi }

/* reg: xmm0, xmm1 (ModR/M c1); mem: xmm0, [ebx] (ModR/M 03) */
#define RM(n, v, fl, ...) X(n, v, fl, __VA_ARGS__, 0xc1), \
	X(n " m", v, fl, __VA_ARGS__, 0x03)
#define RMI(n, v, fl, imm, ...) X(n, v, fl, __VA_ARGS__, 0xc1, imm), \
	X(n " m", v, fl, __VA_ARGS__, 0x03, imm)
/* the four shapes of an arithmetic opcode: ps, ss (f3), pd (66), sd (f2) */
#define ARITH4(n, op) RM(n "ps", V_PS, 0, 0x0f, op), \
	RM(n "ss", V_PS, 0, 0xf3, 0x0f, op), RM(n "pd", V_PD, 0, 0x66, 0x0f, op), \
	RM(n "sd", V_PD, 0, 0xf2, 0x0f, op)
#define CMP4(imm) RMI("cmpps " #imm, V_PS, 0, imm, 0x0f, 0xc2), \
	RMI("cmpss " #imm, V_PS, 0, imm, 0xf3, 0x0f, 0xc2), \
	RMI("cmppd " #imm, V_PD, 0, imm, 0x66, 0x0f, 0xc2), \
	RMI("cmpsd " #imm, V_PD, 0, imm, 0xf2, 0x0f, 0xc2)
/* an integer op on xmm (66) and, @mm set, on mm */
#define INT2(n, v, ...) RM(n, v, 0, 0x66, __VA_ARGS__), \
	RM(n " mm", v, MMX, __VA_ARGS__)

static const struct scase cases[] = {
	/* moves */
	RM("movaps", V_PS, 0, 0x0f, 0x28),
	X("movaps [ebx], xmm1", V_PS, 0, 0x0f, 0x29, 0x0b),
	RM("movups", V_PS, 0, 0x0f, 0x10),
	X("movups [ebx], xmm1", V_PS, 0, 0x0f, 0x11, 0x0b),
	X("movups xmm0, [ebx+4]", V_PS, 0, 0x0f, 0x10, 0x43, 4),
	X("movaps xmm0, [ebx+4] #GP", V_PS, MISALIGN, 0x0f, 0x28, 0x43, 4),
	X("movaps [ebx+8], xmm1 #GP", V_PS, MISALIGN, 0x0f, 0x29, 0x4b, 8),
	X("addps xmm0, [ebx+4] #GP", V_PS, MISALIGN, 0x0f, 0x58, 0x43, 4),
	X("addss xmm0, [ebx+4]", V_PS, 0, 0xf3, 0x0f, 0x58, 0x43, 4),
	X("movdqa xmm0, [ebx+4] #GP", V_INT, MISALIGN, 0x66, 0x0f, 0x6f, 0x43, 4),
	X("movdqu xmm0, [ebx+4]", V_INT, 0, 0xf3, 0x0f, 0x6f, 0x43, 4),
	X("paddb xmm0, [ebx+4] #GP", V_INT, MISALIGN, 0x66, 0x0f, 0xfc, 0x43, 4),
	X("pshufb xmm0, [ebx+4] #GP", V_INT, MISALIGN, 0x66, 0x0f, 0x38, 0x00, 0x43, 4),
	X("lddqu xmm0, [ebx+4]", V_INT, 0, 0xf2, 0x0f, 0xf0, 0x43, 4),
	RM("movapd", V_PD, 0, 0x66, 0x0f, 0x28),
	RM("movupd", V_PD, 0, 0x66, 0x0f, 0x10),
	X("movupd [ebx], xmm1", V_PD, 0, 0x66, 0x0f, 0x11, 0x0b),
	X("movapd [ebx], xmm1", V_PD, 0, 0x66, 0x0f, 0x29, 0x0b),
	RM("movdqa", V_INT, 0, 0x66, 0x0f, 0x6f),
	X("movdqa [ebx], xmm1", V_INT, 0, 0x66, 0x0f, 0x7f, 0x0b),
	RM("movdqu", V_INT, 0, 0xf3, 0x0f, 0x6f),
	X("movdqu [ebx], xmm1", V_INT, 0, 0xf3, 0x0f, 0x7f, 0x0b),
	X("lddqu", V_INT, 0, 0xf2, 0x0f, 0xf0, 0x03),
	RM("movss", V_PS, 0, 0xf3, 0x0f, 0x10),
	X("movss [ebx], xmm1", V_PS, 0, 0xf3, 0x0f, 0x11, 0x0b),
	X("movss xmm0, xmm1 (11)", V_PS, 0, 0xf3, 0x0f, 0x11, 0xc8),
	RM("movsd", V_PD, 0, 0xf2, 0x0f, 0x10),
	X("movsd [ebx], xmm1", V_PD, 0, 0xf2, 0x0f, 0x11, 0x0b),
	X("movd xmm0, eax", V_INT, 0, 0x66, 0x0f, 0x6e, 0xc0),
	X("movd xmm0, [ebx]", V_INT, 0, 0x66, 0x0f, 0x6e, 0x03),
	X("movd eax, xmm1", V_INT, 0, 0x66, 0x0f, 0x7e, 0xc8),
	X("movd [ebx], xmm1", V_INT, 0, 0x66, 0x0f, 0x7e, 0x0b),
	RM("movq xmm0, xmm1/m64", V_INT, 0, 0xf3, 0x0f, 0x7e),
	X("movq xmm0, xmm1 (d6)", V_INT, 0, 0x66, 0x0f, 0xd6, 0xc8),
	X("movq [ebx], xmm1", V_INT, 0, 0x66, 0x0f, 0xd6, 0x0b),
	X("movlps xmm0, [ebx]", V_PS, 0, 0x0f, 0x12, 0x03),
	X("movlps [ebx], xmm1", V_PS, 0, 0x0f, 0x13, 0x0b),
	X("movhps xmm0, [ebx]", V_PS, 0, 0x0f, 0x16, 0x03),
	X("movhps [ebx], xmm1", V_PS, 0, 0x0f, 0x17, 0x0b),
	X("movlpd xmm0, [ebx]", V_PD, 0, 0x66, 0x0f, 0x12, 0x03),
	X("movlpd [ebx], xmm1", V_PD, 0, 0x66, 0x0f, 0x13, 0x0b),
	X("movhpd xmm0, [ebx]", V_PD, 0, 0x66, 0x0f, 0x16, 0x03),
	X("movhpd [ebx], xmm1", V_PD, 0, 0x66, 0x0f, 0x17, 0x0b),
	X("movhlps", V_PS, 0, 0x0f, 0x12, 0xc1),
	X("movlhps", V_PS, 0, 0x0f, 0x16, 0xc1),
	X("movmskps", V_PS, 0, 0x0f, 0x50, 0xc1),
	X("movmskpd", V_PD, 0, 0x66, 0x0f, 0x50, 0xc1),
	X("pmovmskb", V_INT, 0, 0x66, 0x0f, 0xd7, 0xc1),
	X("pmovmskb mm", V_INT, MMX, 0x0f, 0xd7, 0xc1),
	X("movq2dq", V_INT, MMX, 0xf3, 0x0f, 0xd6, 0xc1),
	X("movdq2q", V_INT, MMX, 0xf2, 0x0f, 0xd6, 0xc1),
	X("movntps", V_PS, 0, 0x0f, 0x2b, 0x0b),
	X("movntpd", V_PD, 0, 0x66, 0x0f, 0x2b, 0x0b),
	X("movntdq", V_INT, 0, 0x66, 0x0f, 0xe7, 0x0b),
	X("movntq", V_INT, MMX, 0x0f, 0xe7, 0x0b),
	X("movnti", V_INT, 0, 0x0f, 0xc3, 0x0b),
	X("maskmovq", V_INT, MMX, 0x0f, 0xf7, 0xc1),
	X("maskmovdqu", V_INT, 0, 0x66, 0x0f, 0xf7, 0xc1),
	RM("movddup", V_PD, 0, 0xf2, 0x0f, 0x12),
	RM("movshdup", V_PS, 0, 0xf3, 0x0f, 0x16),
	RM("movsldup", V_PS, 0, 0xf3, 0x0f, 0x12),
	/* arithmetic */
	ARITH4("add", 0x58), ARITH4("sub", 0x5c), ARITH4("mul", 0x59),
	ARITH4("div", 0x5e), ARITH4("min", 0x5d), ARITH4("max", 0x5f),
	ARITH4("sqrt", 0x51),
	RM("addsubps", V_PS, 0, 0xf2, 0x0f, 0xd0),
	RM("addsubpd", V_PD, 0, 0x66, 0x0f, 0xd0),
	RM("haddps", V_PS, 0, 0xf2, 0x0f, 0x7c),
	RM("haddpd", V_PD, 0, 0x66, 0x0f, 0x7c),
	RM("hsubps", V_PS, 0, 0xf2, 0x0f, 0x7d),
	RM("hsubpd", V_PD, 0, 0x66, 0x0f, 0x7d),
	RM("rcpps", V_PS, APPROX, 0x0f, 0x53),
	RM("rcpss", V_PS, APPROX | SCALAR, 0xf3, 0x0f, 0x53),
	RM("rsqrtps", V_PS, APPROX | RSQRT, 0x0f, 0x52),
	RM("rsqrtss", V_PS, APPROX | SCALAR | RSQRT, 0xf3, 0x0f, 0x52),
	/* comparisons */
	CMP4(0), CMP4(1), CMP4(2), CMP4(3), CMP4(4), CMP4(5), CMP4(6), CMP4(7),
	RM("comiss", V_PS, 0, 0x0f, 0x2f),
	RM("ucomiss", V_PS, 0, 0x0f, 0x2e),
	RM("comisd", V_PD, 0, 0x66, 0x0f, 0x2f),
	RM("ucomisd", V_PD, 0, 0x66, 0x0f, 0x2e),
	/* logic, shuffles, unpacks */
	RM("andps", V_PS, 0, 0x0f, 0x54), RM("andnps", V_PS, 0, 0x0f, 0x55),
	RM("orps", V_PS, 0, 0x0f, 0x56), RM("xorps", V_PS, 0, 0x0f, 0x57),
	RM("andpd", V_PD, 0, 0x66, 0x0f, 0x54), RM("andnpd", V_PD, 0, 0x66, 0x0f, 0x55),
	RM("orpd", V_PD, 0, 0x66, 0x0f, 0x56), RM("xorpd", V_PD, 0, 0x66, 0x0f, 0x57),
	RMI("shufps 1b", V_PS, 0, 0x1b, 0x0f, 0xc6),
	RMI("shufps e4", V_PS, 0, 0xe4, 0x0f, 0xc6),
	RMI("shufpd 1", V_PD, 0, 1, 0x66, 0x0f, 0xc6),
	RMI("shufpd 2", V_PD, 0, 2, 0x66, 0x0f, 0xc6),
	RM("unpcklps", V_PS, 0, 0x0f, 0x14), RM("unpckhps", V_PS, 0, 0x0f, 0x15),
	RM("unpcklpd", V_PD, 0, 0x66, 0x0f, 0x14), RM("unpckhpd", V_PD, 0, 0x66, 0x0f, 0x15),
	/* conversions */
	X("cvtpi2ps xmm0, mm1", V_I32, MMX, 0x0f, 0x2a, 0xc1),
	X("cvtpi2ps xmm0, [ebx]", V_I32, 0, 0x0f, 0x2a, 0x03),
	X("cvtsi2ss xmm0, eax", V_I32, 0, 0xf3, 0x0f, 0x2a, 0xc0),
	X("cvtsi2ss xmm0, [ebx]", V_I32, 0, 0xf3, 0x0f, 0x2a, 0x03),
	X("cvtps2pi mm0, xmm1", V_PS, MMX, 0x0f, 0x2d, 0xc1),
	X("cvtps2pi mm0, [ebx]", V_PS, MMX, 0x0f, 0x2d, 0x03),
	X("cvttps2pi mm0, xmm1", V_PS, MMX, 0x0f, 0x2c, 0xc1),
	X("cvtss2si eax, xmm1", V_PS, 0, 0xf3, 0x0f, 0x2d, 0xc1),
	X("cvtss2si eax, [ebx]", V_PS, 0, 0xf3, 0x0f, 0x2d, 0x03),
	X("cvttss2si eax, xmm1", V_PS, 0, 0xf3, 0x0f, 0x2c, 0xc1),
	X("cvtpi2pd xmm0, mm1", V_I32, MMX, 0x66, 0x0f, 0x2a, 0xc1),
	X("cvtpi2pd xmm0, [ebx]", V_I32, 0, 0x66, 0x0f, 0x2a, 0x03),
	X("cvtsi2sd xmm0, eax", V_I32, 0, 0xf2, 0x0f, 0x2a, 0xc0),
	X("cvtsi2sd xmm0, [ebx]", V_I32, 0, 0xf2, 0x0f, 0x2a, 0x03),
	X("cvtpd2pi mm0, xmm1", V_PD, MMX, 0x66, 0x0f, 0x2d, 0xc1),
	X("cvtpd2pi mm0, [ebx]", V_PD, MMX, 0x66, 0x0f, 0x2d, 0x03),
	X("cvttpd2pi mm0, xmm1", V_PD, MMX, 0x66, 0x0f, 0x2c, 0xc1),
	X("cvtsd2si eax, xmm1", V_PD, 0, 0xf2, 0x0f, 0x2d, 0xc1),
	X("cvtsd2si eax, [ebx]", V_PD, 0, 0xf2, 0x0f, 0x2d, 0x03),
	X("cvttsd2si eax, xmm1", V_PD, 0, 0xf2, 0x0f, 0x2c, 0xc1),
	RM("cvtps2pd", V_PS, 0, 0x0f, 0x5a),
	RM("cvtpd2ps", V_PD, 0, 0x66, 0x0f, 0x5a),
	RM("cvtss2sd", V_PS, 0, 0xf3, 0x0f, 0x5a),
	RM("cvtsd2ss", V_PD, 0, 0xf2, 0x0f, 0x5a),
	RM("cvtdq2ps", V_I32, 0, 0x0f, 0x5b),
	RM("cvtps2dq", V_PS, 0, 0x66, 0x0f, 0x5b),
	RM("cvttps2dq", V_PS, 0, 0xf3, 0x0f, 0x5b),
	RM("cvtdq2pd", V_I32, 0, 0xf3, 0x0f, 0xe6),
	RM("cvtpd2dq", V_PD, 0, 0xf2, 0x0f, 0xe6),
	RM("cvttpd2dq", V_PD, 0, 0x66, 0x0f, 0xe6),
	/* integer: the MMX set on xmm */
	RM("paddb", V_INT, 0, 0x66, 0x0f, 0xfc), RM("paddw", V_INT, 0, 0x66, 0x0f, 0xfd),
	RM("paddd", V_INT, 0, 0x66, 0x0f, 0xfe), RM("paddsb", V_INT, 0, 0x66, 0x0f, 0xec),
	RM("paddsw", V_INT, 0, 0x66, 0x0f, 0xed), RM("paddusb", V_INT, 0, 0x66, 0x0f, 0xdc),
	RM("paddusw", V_INT, 0, 0x66, 0x0f, 0xdd), RM("psubb", V_INT, 0, 0x66, 0x0f, 0xf8),
	RM("psubw", V_INT, 0, 0x66, 0x0f, 0xf9), RM("psubd", V_INT, 0, 0x66, 0x0f, 0xfa),
	RM("psubsb", V_INT, 0, 0x66, 0x0f, 0xe8), RM("psubsw", V_INT, 0, 0x66, 0x0f, 0xe9),
	RM("psubusb", V_INT, 0, 0x66, 0x0f, 0xd8), RM("psubusw", V_INT, 0, 0x66, 0x0f, 0xd9),
	RM("pcmpeqb", V_INT, 0, 0x66, 0x0f, 0x74), RM("pcmpeqw", V_INT, 0, 0x66, 0x0f, 0x75),
	RM("pcmpeqd", V_INT, 0, 0x66, 0x0f, 0x76), RM("pcmpgtb", V_INT, 0, 0x66, 0x0f, 0x64),
	RM("pcmpgtw", V_INT, 0, 0x66, 0x0f, 0x65), RM("pcmpgtd", V_INT, 0, 0x66, 0x0f, 0x66),
	RM("pmullw", V_INT, 0, 0x66, 0x0f, 0xd5), RM("pmulhw", V_INT, 0, 0x66, 0x0f, 0xe5),
	RM("pmaddwd", V_INT, 0, 0x66, 0x0f, 0xf5), RM("pand", V_INT, 0, 0x66, 0x0f, 0xdb),
	RM("pandn", V_INT, 0, 0x66, 0x0f, 0xdf), RM("por", V_INT, 0, 0x66, 0x0f, 0xeb),
	RM("pxor", V_INT, 0, 0x66, 0x0f, 0xef),
	RM("psllw", V_CNT, 0, 0x66, 0x0f, 0xf1), RM("pslld", V_CNT, 0, 0x66, 0x0f, 0xf2),
	RM("psllq", V_CNT, 0, 0x66, 0x0f, 0xf3), RM("psrlw", V_CNT, 0, 0x66, 0x0f, 0xd1),
	RM("psrld", V_CNT, 0, 0x66, 0x0f, 0xd2), RM("psrlq", V_CNT, 0, 0x66, 0x0f, 0xd3),
	RM("psraw", V_CNT, 0, 0x66, 0x0f, 0xe1), RM("psrad", V_CNT, 0, 0x66, 0x0f, 0xe2),
	X("psllw 3", V_INT, 0, 0x66, 0x0f, 0x71, 0xf0, 3),
	X("psraw 15", V_INT, 0, 0x66, 0x0f, 0x71, 0xe0, 15),
	X("psrlw 16", V_INT, 0, 0x66, 0x0f, 0x71, 0xd0, 16),
	X("pslld 31", V_INT, 0, 0x66, 0x0f, 0x72, 0xf0, 31),
	X("psrad 40", V_INT, 0, 0x66, 0x0f, 0x72, 0xe0, 40),
	X("psrld 1", V_INT, 0, 0x66, 0x0f, 0x72, 0xd0, 1),
	X("psllq 63", V_INT, 0, 0x66, 0x0f, 0x73, 0xf0, 63),
	X("psrlq 64", V_INT, 0, 0x66, 0x0f, 0x73, 0xd0, 64),
	X("psrldq 3", V_INT, 0, 0x66, 0x0f, 0x73, 0xd8, 3),
	X("psrldq 16", V_INT, 0, 0x66, 0x0f, 0x73, 0xd8, 16),
	X("pslldq 5", V_INT, 0, 0x66, 0x0f, 0x73, 0xf8, 5),
	X("pslldq 15", V_INT, 0, 0x66, 0x0f, 0x73, 0xf8, 15),
	RM("packsswb", V_INT, 0, 0x66, 0x0f, 0x63), RM("packssdw", V_INT, 0, 0x66, 0x0f, 0x6b),
	RM("packuswb", V_INT, 0, 0x66, 0x0f, 0x67),
	RM("punpcklbw", V_INT, 0, 0x66, 0x0f, 0x60), RM("punpcklwd", V_INT, 0, 0x66, 0x0f, 0x61),
	RM("punpckldq", V_INT, 0, 0x66, 0x0f, 0x62), RM("punpcklqdq", V_INT, 0, 0x66, 0x0f, 0x6c),
	RM("punpckhbw", V_INT, 0, 0x66, 0x0f, 0x68), RM("punpckhwd", V_INT, 0, 0x66, 0x0f, 0x69),
	RM("punpckhdq", V_INT, 0, 0x66, 0x0f, 0x6a), RM("punpckhqdq", V_INT, 0, 0x66, 0x0f, 0x6d),
	/* what SSE, SSE2 and SSSE3 added, on xmm and mm */
	INT2("paddq", V_INT, 0x0f, 0xd4), INT2("psubq", V_INT, 0x0f, 0xfb),
	INT2("pmuludq", V_INT, 0x0f, 0xf4), INT2("pmulhuw", V_INT, 0x0f, 0xe4),
	INT2("pavgb", V_INT, 0x0f, 0xe0), INT2("pavgw", V_INT, 0x0f, 0xe3),
	INT2("psadbw", V_INT, 0x0f, 0xf6), INT2("pmaxsw", V_INT, 0x0f, 0xee),
	INT2("pmaxub", V_INT, 0x0f, 0xde), INT2("pminsw", V_INT, 0x0f, 0xea),
	INT2("pminub", V_INT, 0x0f, 0xda),
	INT2("pshufb", V_SHUF, 0x0f, 0x38, 0x00),
	INT2("phaddw", V_INT, 0x0f, 0x38, 0x01), INT2("phaddd", V_INT, 0x0f, 0x38, 0x02),
	INT2("phaddsw", V_INT, 0x0f, 0x38, 0x03), INT2("pmaddubsw", V_INT, 0x0f, 0x38, 0x04),
	INT2("phsubw", V_INT, 0x0f, 0x38, 0x05), INT2("phsubd", V_INT, 0x0f, 0x38, 0x06),
	INT2("phsubsw", V_INT, 0x0f, 0x38, 0x07), INT2("psignb", V_INT, 0x0f, 0x38, 0x08),
	INT2("psignw", V_INT, 0x0f, 0x38, 0x09), INT2("psignd", V_INT, 0x0f, 0x38, 0x0a),
	INT2("pmulhrsw", V_INT, 0x0f, 0x38, 0x0b), INT2("pabsb", V_INT, 0x0f, 0x38, 0x1c),
	INT2("pabsw", V_INT, 0x0f, 0x38, 0x1d), INT2("pabsd", V_INT, 0x0f, 0x38, 0x1e),
	RMI("palignr 5", V_INT, 0, 5, 0x66, 0x0f, 0x3a, 0x0f),
	RMI("palignr 20", V_INT, 0, 20, 0x66, 0x0f, 0x3a, 0x0f),
	RMI("palignr 33", V_INT, 0, 33, 0x66, 0x0f, 0x3a, 0x0f),
	RMI("palignr mm 3", V_INT, MMX, 3, 0x0f, 0x3a, 0x0f),
	RMI("palignr mm 12", V_INT, MMX, 12, 0x0f, 0x3a, 0x0f),
	RMI("pshufd 1b", V_INT, 0, 0x1b, 0x66, 0x0f, 0x70),
	RMI("pshufd 9c", V_INT, 0, 0x9c, 0x66, 0x0f, 0x70),
	RMI("pshufhw 4e", V_INT, 0, 0x4e, 0xf3, 0x0f, 0x70),
	RMI("pshuflw b1", V_INT, 0, 0xb1, 0xf2, 0x0f, 0x70),
	RMI("pshufw d8", V_INT, MMX, 0xd8, 0x0f, 0x70),
	X("pextrw eax, xmm1, 5", V_INT, 0, 0x66, 0x0f, 0xc5, 0xc1, 5),
	X("pextrw eax, mm1, 6", V_INT, MMX, 0x0f, 0xc5, 0xc1, 6),
	X("pinsrw xmm0, eax, 7", V_INT, 0, 0x66, 0x0f, 0xc4, 0xc0, 7),
	X("pinsrw xmm0, [ebx], 2", V_INT, 0, 0x66, 0x0f, 0xc4, 0x03, 2),
	X("pinsrw mm0, eax, 5", V_INT, MMX, 0x0f, 0xc4, 0xc0, 5),
	/* MXCSR and the FXSAVE area */
	X("ldmxcsr", V_CSR, 0, 0x0f, 0xae, 0x13),
	X("stmxcsr", V_PS, 0, 0x0f, 0xae, 0x1b),
	XS("fxsave", V_PS, 0, 6, 24, 0x0f, 0xae, 0x03),
	X("fxrstor", V_FX, 0, 0x0f, 0xae, 0x0b),
	X("sfence", V_INT, 0, 0x0f, 0xae, 0xf8),
	X("lfence", V_INT, 0, 0x0f, 0xae, 0xe8),
	X("mfence", V_INT, 0, 0x0f, 0xae, 0xf0),
	X("clflush", V_INT, 0, 0x0f, 0xae, 0x3b),
	X("prefetchnta", V_INT, 0, 0x0f, 0x18, 0x03),
	X("pause", V_INT, 0, 0xf3, 0x90),
};

/* --- the instruction sequence --- */

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

static size_t build_seq(uint8_t *p, const struct scase *c)
{
	static const uint8_t fninit[] = { 0xdb, 0xe3 }, emms[] = { 0x0f, 0x77 };
	static const uint8_t movups_ld[] = { 0x0f, 0x10 }, movups_st[] = { 0x0f, 0x11 };
	static const uint8_t movq_ld[] = { 0x0f, 0x6f }, movq_st[] = { 0x0f, 0x7f };
	static const uint8_t mxcsr[] = { 0x0f, 0xae };
	size_t n = 0;
	int i;

	n = put(p, n, fninit, 2);
	for (i = 0; i < 8; i++)
		n = put_mem(p, n, movups_ld, 2, i, XMM(i));
	if (c->flags & MMX)
		for (i = 0; i < 4; i++)
			n = put_mem(p, n, movq_ld, 2, i, MM(i));
	n = put_mem(p, n, mxcsr, 2, 2, CSR);			/* ldmxcsr */
	n = put(p, n, c->bytes, c->len);
	n = put_mem(p, n, mxcsr, 2, 3, CSR_OUT);		/* stmxcsr */
	for (i = 0; i < 8; i++)
		n = put_mem(p, n, movups_st, 2, i, OUT(i));
	/* EMMS would deliver the exception FXRSTOR may leave pending */
	if (c->flags & MMX) {
		for (i = 0; i < 4; i++)
			n = put_mem(p, n, movq_st, 2, i, MMO(i));
		n = put(p, n, emms, 2);
	}
	n = put(p, n, fninit, 2);
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

/* The SIMD state at the fault, from the signal frame's FXSAVE image. */
static void on_signal(int sig, siginfo_t *si, void *ctx)
{
	ucontext_t *uc = ctx;
	int i;

	(void)si;
	native_fault.vec = sig == SIGFPE ? 19 : sig == SIGSEGV ? 13 : 6;
	if (uc->uc_mcontext.fpregs) {
		native_fault.mxcsr = uc->uc_mcontext.fpregs->mxcsr;
		for (i = 0; i < 8; i++)
			memcpy(native_fault.xmm[i], &uc->uc_mcontext.fpregs->_xmm[i], 16);
	}
	siglongjmp(native_env, 1);
}

static void run_native(struct regs *r, struct outcome *o)
{
	void (*fn)(struct regs *) = (void (*)(struct regs *))native_code;
	uint32_t csr = 0x1f80;

	o->vec = -1;
	if (sigsetjmp(native_env, 1)) {
		*o = native_fault;
		/* the handler ran with a fresh FPU state; leave the x87 and
		 * MXCSR of this program as they were */
		__asm__ volatile("fninit; ldmxcsr %0" : : "m"(csr));
		return;
	}
	fn(r);
	__asm__ volatile("ldmxcsr %0" : : "m"(csr));
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

static void run_guest(const uint8_t *seq, size_t len, struct regs *r,
		      struct outcome *o)
{
	int i;

	cpu_reset(cpu);
	cpu->cr[0] = CR0_PE | CR0_ET | CR0_NE | CR0_MP;
	cpu->cr[4] = CR4_OSFXSR | CR4_OSXMMEXCPT;
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
	o->vec = -2;
	if (cpu_exec(cpu, 100) != EXEC_HALT)
		return;
	for (i = 0; i < 8; i++)
		if (i != R_ESP)
			r->r[i] = cpu->regs[i];
	r->flags = cpu_get_eflags(cpu);
	if (cpu->eip == CODE_GPA + len + 1) {
		o->vec = -1;
		return;
	}
	o->vec = (int)((cpu->eip - 1 - STUB_GPA) / 16);
	o->mxcsr = cpu->mxcsr;
	memcpy(o->xmm, cpu->xmm, sizeof(o->xmm));
}

/* --- one iteration --- */

/* A reserved MXCSR bit on both sides: #GP(0) from LDMXCSR and FXRSTOR. */
static uint32_t reserved_bit(void)
{
	uint32_t b;

	do
		b = 1u << (16 + rnd() % 16);
	while (b & host_mxcsr_mask);
	return b;
}

static uint32_t random_mxcsr(void)
{
	uint32_t m = (rnd() & 3) << 13;			/* RC */

	if (rnd() & 1)
		m |= 0x0040;				/* DAZ */
	if (rnd() & 1)
		m |= 0x8000;				/* FTZ */
	if (rnd() % 3)
		m |= 0x1f80;				/* all masked */
	else
		m |= (rnd() & 0x3f) << 7;		/* some unmasked */
	if (rnd() % 4 == 0)
		m |= rnd() & 0x3f;			/* sticky flags */
	return m;
}

static void random_setup(const struct scase *c, uint8_t *data)
{
	uint32_t csr = random_mxcsr(), v;
	int i, vals = c->vals;

	if (vals == V_CSR || vals == V_FX)
		vals = V_PS;
	for (i = 0; i < 8; i++)
		fill16(data + XMM(i), vals);
	/* the second operand near the first: cancellation, ties */
	if ((vals == V_PS || vals == V_PD) && rnd() % 4 == 0) {
		memcpy(data + XMM(1), data + XMM(0), 16);
		data[XMM(1) + rnd() % 16] ^= (uint8_t)(1u << (rnd() % 8));
	}
	for (i = 0; i < 4; i += 2)	/* mm0-3 */
		fill16(data + MM(i), vals == V_SHUF ? V_SHUF : V_INT);
	fill16(data + OPND, vals);
	fill16(data + OPND + 16, vals);
	memcpy(data + CSR, &csr, 4);
	if (c->vals == V_CSR) {
		/* the operand: valid, or with a reserved bit set */
		v = random_mxcsr();
		if (rnd() % 4 == 0)
			v |= reserved_bit();
		memcpy(data + OPND, &v, 4);
	}
	if (c->vals == V_FX) {
		for (i = 0; i < 512; i++)
			data[OPND + i] = (uint8_t)rnd();
		v = random_mxcsr();
		if (rnd() % 8 == 0)
			v |= reserved_bit();
		memcpy(data + OPND + 24, &v, 4);
	}
}

/* RCPPS/RSQRTPS: the special operands exactly, the others within the
 * bound; tiny results may be flushed or not. */
static bool approx_ok(uint32_t in, uint32_t got, uint32_t nat, bool rsqrt)
{
	float x, g;
	double exact, err;

	memcpy(&x, &in, 4);
	memcpy(&g, &got, 4);
	if (!(in & 0x7f800000u) || (in & 0x7f800000u) == 0x7f800000u ||
	    (rsqrt && (in & 0x80000000u)))
		return got == nat;
	exact = rsqrt ? 1.0 / sqrt((double)x) : 1.0 / (double)x;
	if (fabs(exact) <= 0x1p-126 * (1 + 0x1p-10))
		return (got & 0x7fffffffu) <= 0x00800000u &&
		       (nat & 0x7fffffffu) <= 0x00800000u;
	err = fabs(((double)g - exact) / exact);
	return err <= 1.5 * 0x1p-12;
}

/* xmm0 of an RCPPS...RSQRTSS case: the approximated lanes within the
 * bound, the others exactly. */
static bool approx_equal(const struct scase *c, const uint8_t *data,
			 const uint8_t *gx, const uint8_t *nx)
{
	const uint8_t *src = c->bytes[c->len - 1] == 0xc1 ? data + XMM(1) :
							    data + OPND;
	int l, n = (c->flags & SCALAR) ? 1 : 4;
	uint32_t in, g, v;

	for (l = 0; l < 4; l++) {
		memcpy(&g, gx + 4 * l, 4);
		memcpy(&v, nx + 4 * l, 4);
		memcpy(&in, src + 4 * l, 4);
		if (l < n ? !approx_ok(in, g, v, c->flags & RSQRT) : g != v)
			return false;
	}
	return true;
}

static void dump_xmm(const char *who, const uint8_t *x)
{
	int i;

	printf("#   %s:", who);
	for (i = 15; i >= 0; i--)
		printf("%s%02x", i % 4 == 3 && i != 15 ? "_" : "", x[i]);
	printf("\n");
}

static int test_case(const struct scase *c)
{
	static uint8_t data[DATA_BYTES], nat_data[DATA_BYTES];
	int it, bad = 0, iters = (c->flags & FEW) ? ITERATIONS / 4 : ITERATIONS;

	for (it = 0; it < iters && bad < 3; it++) {
		uint8_t seq[256];
		struct regs in, nat, emu;
		struct outcome on, oe;
		const uint8_t *gx, *nx;
		uint32_t ncsr, ecsr;
		size_t len;
		int i, where = -1;
		const char *what = NULL;

		for (i = 0; i < (int)DATA_BYTES; i++)
			data[i] = (uint8_t)rnd();
		random_setup(c, data);
		len = build_seq(seq, c);
		for (i = 0; i < 8; i++)
			in.r[i] = rand_i32();
		in.r[R_EBX] = DATA_ADDR;
		in.r[R_ESP] = 0;
		in.r[R_EDI] = DATA_ADDR + 0x100 + rnd() % 64;	/* maskmov */
		in.flags = 0x2 | (rnd() & 0x8d5);

		build_native(seq, len);
		nat = in;
		memcpy(host_data, data, DATA_BYTES);
		run_native(&nat, &on);
		memcpy(nat_data, host_data, DATA_BYTES);
		emu = in;
		memcpy(guest_ram + DATA_ADDR, data, DATA_BYTES);
		run_guest(seq, len, &emu, &oe);

		if (on.vec != oe.vec) {
			what = "fault";
		} else if (on.vec >= 0) {
			/* the state at the fault: the destination unchanged */
			if (on.mxcsr != oe.mxcsr)
				what = "MXCSR at the fault";
			for (i = 0; !what && i < 8; i++)
				if (memcmp(on.xmm[i], oe.xmm[i], 16))
					what = "XMM at the fault";
		} else {
			memcpy(&ncsr, nat_data + CSR_OUT, 4);
			memcpy(&ecsr, guest_ram + DATA_ADDR + CSR_OUT, 4);
			if (ncsr != ecsr)
				what = "MXCSR";
			for (i = 0; !what && i < 8; i++) {
				gx = guest_ram + DATA_ADDR + OUT(i);
				nx = nat_data + OUT(i);
				if ((c->flags & APPROX) && i == 0) {
					if (!approx_equal(c, data, gx, nx))
						what = "approximation";
					continue;
				}
				if (memcmp(gx, nx, 16))
					what = "XMM";
			}
			for (i = 0; !what && i < 8; i++)
				if (i != R_ESP && nat.r[i] != emu.r[i])
					what = "general register";
			if (!what && ((nat.flags ^ emu.flags) & 0x8d5))
				what = "EFLAGS";
			for (i = 0; !what && i < END; i++) {
				if (i >= c->skip_lo && i < c->skip_hi)
					continue;
				/* fxsave: the x87 registers, the host's
				 * MXCSR_MASK, XMM8-15 */
				if (!strcmp(c->name, "fxsave") &&
				    ((i >= 28 && i < 160) || (i >= 288 && i < 512)))
					continue;
				if ((c->flags & APPROX) && i >= OUT(0) && i < OUT(1))
					continue;	/* compared above */
				if (nat_data[i] != guest_ram[DATA_ADDR + i]) {
					what = "memory";
					where = i;
				}
			}
		}
		if (!what)
			continue;
		bad++;
		printf("# %s: %s differs", c->name, what);
		if (where >= 0)
			printf(" at offset %#x: %02x/%02x", where, nat_data[where],
			       guest_ram[DATA_ADDR + where]);
		printf(" (vector %d/%d)\n", on.vec, oe.vec);
		memcpy(&ncsr, data + CSR, 4);
		printf("#   mxcsr in %08x, eax %08x, out %08x/%08x, eax %08x/%08x, "
		       "flags %03x/%03x\n", ncsr, in.r[0],
		       on.vec >= 0 ? on.mxcsr : *(uint32_t *)(nat_data + CSR_OUT),
		       oe.vec >= 0 ? oe.mxcsr : *(uint32_t *)(guest_ram + DATA_ADDR + CSR_OUT),
		       nat.r[0], emu.r[0], (unsigned)nat.flags & 0xfff,
		       (unsigned)emu.flags & 0xfff);
		dump_xmm("xmm0 in    ", data + XMM(0));
		dump_xmm("xmm1 in    ", data + XMM(1));
		dump_xmm("mem in     ", data + OPND);
		if (c->flags & MMX) {
			dump_xmm("mm0:mm1 in ", data + MM(0));
			dump_xmm("mm0:mm1 nat", nat_data + MMO(0));
			dump_xmm("mm0:mm1 emu", guest_ram + DATA_ADDR + MMO(0));
		}
		dump_xmm("xmm0 native", on.vec >= 0 ? on.xmm[0] : nat_data + OUT(0));
		dump_xmm("xmm0 transl", oe.vec >= 0 ? oe.xmm[0] :
			 guest_ram + DATA_ADDR + OUT(0));
	}
	return bad;
}

int main(int argc, char **argv)
{
	size_t i;
	int failed = 0, v;
	struct sigaction sa;

	/* DIFF_SEED=n: another sequence of operands than the default one */
	if (getenv("DIFF_SEED"))
		rng = strtoull(getenv("DIFF_SEED"), NULL, 0) | 1;
	memset(&sa, 0, sizeof(sa));
	sa.sa_sigaction = on_signal;
	sa.sa_flags = SA_SIGINFO;
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
	if (!__builtin_cpu_supports("ssse3")) {
		printf("1..0 # SKIP the host CPU has no SSSE3: no native oracle\n");
		return 0;
	}
	{
		/* AMD processors accept more MXCSR bits (MM, bit 17) */
		static uint8_t area[512] __attribute__((aligned(16)));

		__asm__ volatile("fxsave %0" : "=m"(area));
		memcpy(&host_mxcsr_mask, area + 28, 4);
		if (!host_mxcsr_mask)
			host_mxcsr_mask = 0xffbf;
	}
	guest_ram = mem_alloc(GUEST_RAM);
	cpu = calloc(1, sizeof(*cpu));
	if (!guest_ram || !cpu || mem_map_ram(0, GUEST_RAM, guest_ram, "ram") ||
	    translator_init(getenv("RINGVM_BACKEND"), 16u << 20)) {
		printf("1..0 # SKIP cannot set up the guest\n");
		return 0;
	}
	/* every group this test covers, whatever the default -cpu model */
	cpu_model_default(&cpu->cpuid);
	for (i = 0; i < FEAT_WORDS; i++)
		cpu->cpuid.features[i] = cpu_features_implemented[i];
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

		/* diff_sse NAME...: only the cases whose names start so */
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
	return failed ? 1 : 0;
}
