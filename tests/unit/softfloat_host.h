/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The host CPU as the oracle of the soft-float library: each operation
 * run natively with inline assembly (x87 under a chosen FCW, SSE under a
 * chosen MXCSR), its result bits and exception flags read back.  x86-64
 * hosts only; test_softfloat_host.c includes it behind __x86_64__.
 */
#ifndef RINGVM_TESTS_UNIT_SOFTFLOAT_HOST_H
#define RINGVM_TESTS_UNIT_SOFTFLOAT_HOST_H

#include <stdint.h>

#include "translator/softfloat/softfloat.h"

/* FCW: all exceptions masked except @unmasked, bit 6 reserved as 1. */
static inline uint16_t host_fcw(unsigned rc, unsigned pc, unsigned unmasked)
{
	return (uint16_t)(0x40 | (0x3f & ~unmasked) | (pc << 8) | (rc << 10));
}

static inline uint32_t host_mxcsr(unsigned rc, bool daz, bool ftz)
{
	return 0x1f80 | (rc << 13) | (daz ? 0x40 : 0) | (ftz ? 0x8000 : 0);
}

/* x87 with two operands: st0 = a, st1 = b; fnstsw before the stores and
 * fnclex so a pending unmasked exception never reaches a waiting store. */
#define HOST_X87_2(name, insn)						\
static inline void name(const f80 *a, const f80 *b, uint16_t cw,	\
			f80 *r, uint16_t *sw)				\
{									\
	asm volatile("fninit\n\tfldcw %[cw]\n\tfldt %[b]\n\tfldt %[a]\n\t" \
		     insn "\n\tfnstsw %[sw]\n\tfnclex\n\t"		\
		     "fstpt %[r]\n\tfstp %%st(0)\n\tfninit"		\
		     : [r] "=m" (*r), [sw] "=m" (*sw)			\
		     : [a] "m" (*a), [b] "m" (*b), [cw] "m" (cw)	\
		     : "st", "st(1)");					\
}

HOST_X87_2(host_fadd, "fadd %%st(1), %%st")
HOST_X87_2(host_fsub, "fsub %%st(1), %%st")
HOST_X87_2(host_fmul, "fmul %%st(1), %%st")
HOST_X87_2(host_fdiv, "fdiv %%st(1), %%st")
HOST_X87_2(host_fscale, "fscale")
HOST_X87_2(host_fprem, "fprem")
HOST_X87_2(host_fprem1, "fprem1")

/* Operations that pop to one result: FPATAN, FYL2X, FYL2XP1 (a = st0). */
#define HOST_X87_2POP(name, insn)					\
static inline void name(const f80 *a, const f80 *b, uint16_t cw,	\
			f80 *r, uint16_t *sw)				\
{									\
	asm volatile("fninit\n\tfldcw %[cw]\n\tfldt %[b]\n\tfldt %[a]\n\t" \
		     insn "\n\tfnstsw %[sw]\n\tfnclex\n\tfstpt %[r]\n\tfninit" \
		     : [r] "=m" (*r), [sw] "=m" (*sw)			\
		     : [a] "m" (*a), [b] "m" (*b), [cw] "m" (cw)	\
		     : "st", "st(1)");					\
}

HOST_X87_2POP(host_fpatan, "fpatan")
HOST_X87_2POP(host_fyl2x, "fyl2x")
HOST_X87_2POP(host_fyl2xp1, "fyl2xp1")

#define HOST_X87_1(name, insn)						\
static inline void name(const f80 *a, uint16_t cw, f80 *r, uint16_t *sw) \
{									\
	asm volatile("fninit\n\tfldcw %[cw]\n\tfldt %[a]\n\t"		\
		     insn "\n\tfnstsw %[sw]\n\tfnclex\n\tfstpt %[r]\n\tfninit" \
		     : [r] "=m" (*r), [sw] "=m" (*sw)			\
		     : [a] "m" (*a), [cw] "m" (cw) : "st");		\
}

HOST_X87_1(host_fsqrt, "fsqrt")
HOST_X87_1(host_frndint, "frndint")
HOST_X87_1(host_fsin, "fsin")
HOST_X87_1(host_fcos, "fcos")
HOST_X87_1(host_f2xm1, "f2xm1")

/* FPTAN pushes 1.0 unless the operand is out of range (C2). */
static inline void host_fptan(const f80 *a, uint16_t cw, f80 *r, uint16_t *sw)
{
	f80 one, tan;

	asm volatile("fninit\n\tfldcw %[cw]\n\tfldt %[a]\n\tfptan\n\t"
		     "fnstsw %[sw]\n\tfnclex\n\tfstpt %[one]\n\t"
		     "fstpt %[tan]\n\tfninit"
		     : [one] "=m" (one), [tan] "=m" (tan), [sw] "=m" (*sw)
		     : [a] "m" (*a), [cw] "m" (cw) : "st", "st(1)");
	*r = (*sw & 0x400) ? one : tan;
}

/* FXTRACT: st0 = significand, st1 = exponent. */
static inline void host_fxtract(const f80 *a, uint16_t cw, f80 *sig,
				f80 *exp, uint16_t *sw)
{
	asm volatile("fninit\n\tfldcw %[cw]\n\tfldt %[a]\n\tfxtract\n\t"
		     "fnstsw %[sw]\n\tfnclex\n\tfstpt %[sig]\n\t"
		     "fstpt %[exp]\n\tfninit"
		     : [sig] "=m" (*sig), [exp] "=m" (*exp), [sw] "=m" (*sw)
		     : [a] "m" (*a), [cw] "m" (cw) : "st", "st(1)");
}

/* FCOM/FUCOM st0 = a with st1 = b; the result is in C3,C2,C0. */
#define HOST_X87_CMP(name, insn)					\
static inline void name(const f80 *a, const f80 *b, uint16_t cw,	\
			uint16_t *sw)					\
{									\
	asm volatile("fninit\n\tfldcw %[cw]\n\tfldt %[b]\n\tfldt %[a]\n\t" \
		     insn " %%st(1)\n\tfnstsw %[sw]\n\tfnclex\n\t"	\
		     "fstp %%st(0)\n\tfstp %%st(0)\n\tfninit"		\
		     : [sw] "=m" (*sw)					\
		     : [a] "m" (*a), [b] "m" (*b), [cw] "m" (cw)	\
		     : "st", "st(1)");					\
}

HOST_X87_CMP(host_fcom, "fcom")
HOST_X87_CMP(host_fucom, "fucom")

/* Loads and stores of memory operands. */
#define HOST_X87_LOAD(name, insn, type)					\
static inline void name(const type *a, uint16_t cw, f80 *r, uint16_t *sw) \
{									\
	asm volatile("fninit\n\tfldcw %[cw]\n\t" insn " %[a]\n\t"	\
		     "fnstsw %[sw]\n\tfnclex\n\tfstpt %[r]\n\tfninit"	\
		     : [r] "=m" (*r), [sw] "=m" (*sw)			\
		     : [a] "m" (*a), [cw] "m" (cw) : "st");		\
}

HOST_X87_LOAD(host_flds, "flds", uint32_t)
HOST_X87_LOAD(host_fldl, "fldl", uint64_t)

#define HOST_X87_STORE(name, insn, type)				\
static inline void name(const f80 *a, uint16_t cw, type *r, uint16_t *sw) \
{									\
	asm volatile("fninit\n\tfldcw %[cw]\n\tfldt %[a]\n\t"		\
		     insn " %[r]\n\tfnstsw %[sw]\n\tfninit"		\
		     : [r] "=m" (*r), [sw] "=m" (*sw)			\
		     : [a] "m" (*a), [cw] "m" (cw) : "st");		\
}

HOST_X87_STORE(host_fstps, "fstps", uint32_t)
HOST_X87_STORE(host_fstpl, "fstpl", uint64_t)
HOST_X87_STORE(host_fistps, "fistps", int16_t)
HOST_X87_STORE(host_fistpl, "fistpl", int32_t)
HOST_X87_STORE(host_fistpll, "fistpll", int64_t)
HOST_X87_STORE(host_fisttps, "fisttps", int16_t)
HOST_X87_STORE(host_fisttpl, "fisttpl", int32_t)
HOST_X87_STORE(host_fisttpll, "fisttpll", int64_t)

/* SSE scalar arithmetic: xmm0 = a op b. */
#define HOST_SSE_2(name, insn, mov, type)				\
static inline type name(type a, type b, uint32_t mx, uint32_t *mxo)	\
{									\
	uint32_t old;							\
	type r;								\
	asm volatile("stmxcsr %[old]\n\tldmxcsr %[mx]\n\t"		\
		     mov " %[a], %%xmm0\n\t"				\
		     insn " %[b], %%xmm0\n\t" mov " %%xmm0, %[r]\n\t"	\
		     "stmxcsr %[mxo]\n\tldmxcsr %[old]"			\
		     : [r] "=m" (r), [mxo] "=m" (*mxo), [old] "=m" (old) \
		     : [a] "m" (a), [b] "m" (b), [mx] "m" (mx) : "xmm0"); \
	return r;							\
}

HOST_SSE_2(host_addss, "addss", "movss", uint32_t)
HOST_SSE_2(host_subss, "subss", "movss", uint32_t)
HOST_SSE_2(host_mulss, "mulss", "movss", uint32_t)
HOST_SSE_2(host_divss, "divss", "movss", uint32_t)
HOST_SSE_2(host_addsd, "addsd", "movsd", uint64_t)
HOST_SSE_2(host_subsd, "subsd", "movsd", uint64_t)
HOST_SSE_2(host_mulsd, "mulsd", "movsd", uint64_t)
HOST_SSE_2(host_divsd, "divsd", "movsd", uint64_t)

/* One source, result in xmm0 (register-width conversions included). */
#define HOST_SSE_1(name, insn, mov, type, rtype)			\
static inline rtype name(type a, uint32_t mx, uint32_t *mxo)		\
{									\
	uint32_t old;							\
	rtype r;							\
	asm volatile("stmxcsr %[old]\n\tldmxcsr %[mx]\n\t"		\
		     "xorps %%xmm0, %%xmm0\n\t"				\
		     insn " %[a], %%xmm0\n\t" mov " %%xmm0, %[r]\n\t"	\
		     "stmxcsr %[mxo]\n\tldmxcsr %[old]"			\
		     : [r] "=m" (r), [mxo] "=m" (*mxo), [old] "=m" (old) \
		     : [a] "m" (a), [mx] "m" (mx) : "xmm0");		\
	return r;							\
}

HOST_SSE_1(host_sqrtss, "sqrtss", "movss", uint32_t, uint32_t)
HOST_SSE_1(host_sqrtsd, "sqrtsd", "movsd", uint64_t, uint64_t)
HOST_SSE_1(host_cvtss2sd, "cvtss2sd", "movsd", uint32_t, uint64_t)
HOST_SSE_1(host_cvtsd2ss, "cvtsd2ss", "movss", uint64_t, uint32_t)
HOST_SSE_1(host_cvtsi2ssl, "cvtsi2ssl", "movss", int32_t, uint32_t)
HOST_SSE_1(host_cvtsi2ssq, "cvtsi2ssq", "movss", int64_t, uint32_t)
HOST_SSE_1(host_cvtsi2sdl, "cvtsi2sdl", "movsd", int32_t, uint64_t)
HOST_SSE_1(host_cvtsi2sdq, "cvtsi2sdq", "movsd", int64_t, uint64_t)

/* Float to integer register. */
#define HOST_SSE_TOINT(name, insn, type, rtype)				\
static inline rtype name(type a, uint32_t mx, uint32_t *mxo)		\
{									\
	uint32_t old;							\
	rtype r;							\
	asm volatile("stmxcsr %[old]\n\tldmxcsr %[mx]\n\t"		\
		     insn " %[a], %[r]\n\t"				\
		     "stmxcsr %[mxo]\n\tldmxcsr %[old]"			\
		     : [r] "=r" (r), [mxo] "=m" (*mxo), [old] "=m" (old) \
		     : [a] "m" (a), [mx] "m" (mx));			\
	return r;							\
}

HOST_SSE_TOINT(host_cvtss2si, "cvtss2si", uint32_t, int32_t)
HOST_SSE_TOINT(host_cvtss2si64, "cvtss2si", uint32_t, int64_t)
HOST_SSE_TOINT(host_cvttss2si, "cvttss2si", uint32_t, int32_t)
HOST_SSE_TOINT(host_cvttss2si64, "cvttss2si", uint32_t, int64_t)
HOST_SSE_TOINT(host_cvtsd2si, "cvtsd2si", uint64_t, int32_t)
HOST_SSE_TOINT(host_cvtsd2si64, "cvtsd2si", uint64_t, int64_t)
HOST_SSE_TOINT(host_cvttsd2si, "cvttsd2si", uint64_t, int32_t)
HOST_SSE_TOINT(host_cvttsd2si64, "cvttsd2si", uint64_t, int64_t)

/* UCOMIS / COMIS: ZF,PF,CF = 111 unordered, 100 equal, 001 less. */
#define HOST_SSE_CMP(name, insn, mov, type)				\
static inline enum sf_cmp name(type a, type b, uint32_t mx, uint32_t *mxo) \
{									\
	uint32_t old;							\
	uint8_t z, p, c;						\
	asm volatile("stmxcsr %[old]\n\tldmxcsr %[mx]\n\t"		\
		     mov " %[a], %%xmm0\n\t"				\
		     insn " %[b], %%xmm0\n\tsetz %[z]\n\tsetp %[p]\n\t"	\
		     "setc %[c]\n\tstmxcsr %[mxo]\n\tldmxcsr %[old]"	\
		     : [z] "=m" (z), [p] "=m" (p), [c] "=m" (c),	\
		       [mxo] "=m" (*mxo), [old] "=m" (old)		\
		     : [a] "m" (a), [b] "m" (b), [mx] "m" (mx)		\
		     : "xmm0", "cc");					\
	if (p)								\
		return SF_CMP_UNORDERED;				\
	return z ? SF_CMP_EQUAL : c ? SF_CMP_LESS : SF_CMP_GREATER;	\
}

HOST_SSE_CMP(host_ucomiss, "ucomiss", "movss", uint32_t)
HOST_SSE_CMP(host_comiss, "comiss", "movss", uint32_t)
HOST_SSE_CMP(host_ucomisd, "ucomisd", "movsd", uint64_t)
HOST_SSE_CMP(host_comisd, "comisd", "movsd", uint64_t)

#endif
