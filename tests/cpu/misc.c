// SPDX-License-Identifier: GPL-2.0-only
/*
 * The rest of the general-purpose instructions: BSWAP, XCHG, CMPXCHG,
 * CMPXCHG8B, XADD, BT/BTS/BTR/BTC, BSF/BSR, SETcc/CMOVcc/Jcc for all 16
 * conditions, ENTER/LEAVE with nesting levels, XLAT, BOUND and #BR, LEA with
 * 16-bit addressing, CPUID leaf 0, PUSHF/POPF, LAHF/SAHF, CBW/CWDE/CWD/CDQ,
 * MOVZX/MOVSX, PUSH/POP corner cases, LOOP/JECXZ.  Each check cites the SDM
 * Vol. 2 instruction page it follows unless said otherwise.
 */
#include "libcpu.h"

#define EQ(name, got, want) report_eq(name, got, want)

static void test_bswap_xchg(void)
{
	u32 a = 0x12345678, b = 0x9abcdef0, m = 0x0badf00d;
	u16 w;

	asm("bswap %0" : "+r"(a));
	EQ("bswap r32", a, 0x78563412);
	a = 0x80000001;
	asm("bswap %0" : "+a"(a));
	EQ("bswap eax", a, 0x01000080);

	a = 1;
	b = 2;
	asm("xchg %0, %1" : "+r"(a), "+r"(b));
	report("xchg r32,r32", a == 2 && b == 1);
	a = 3;
	b = 4;
	/* 90+r: the one-byte form with EAX */
	asm("xchg %%eax, %%ecx" : "+a"(a), "+c"(b));
	report("xchg eax,ecx (90+r)", a == 4 && b == 3);
	a = 5;
	asm("xchg %0, %1" : "+r"(a), "+m"(m));
	report("xchg r32,m32", a == 0x0badf00d && m == 5);
	a = 0x1122;
	b = 0x3344;
	asm("xchg %%ah, %%bl" : "+a"(a), "+b"(b));
	report("xchg ah,bl", a == 0x4422 && b == 0x3311);
	w = 0x5566;
	a = 0xaaaa7788;
	asm("xchg %w0, %1" : "+r"(a), "+m"(w));
	report("xchg r16,m16", a == 0xaaaa5566 && w == 0x7788);
}

/*
 * CMPXCHG: compares the accumulator with the destination; equal: ZF=1 and
 * dest <- src; unequal: ZF=0 and accumulator <- dest.  The other flags are
 * those of CMP accumulator, dest.
 */
static void test_cmpxchg(void)
{
	u32 m = 100, eax = 100, f;
	u8 m8;
	u16 m16;
	u32 hi, lo, mlo, mhi;
	u64 q;

	asm volatile("cmpxchgl %[s], %[m]\n\tpushfl\n\tpopl %[f]"
		     : [m] "+m"(m), "+a"(eax), [f] "=r"(f)
		     : [s] "r"(0xabcd) : "cc");
	report("cmpxchg m32 equal: stores, ZF=1",
	       m == 0xabcd && eax == 100 && (f & FL_ZF));
	eax = 5;
	asm volatile("cmpxchgl %[s], %[m]\n\tpushfl\n\tpopl %[f]"
		     : [m] "+m"(m), "+a"(eax), [f] "=r"(f)
		     : [s] "r"(0x1111) : "cc");
	/* CMP 5, ABCDh: borrow, negative */
	report("cmpxchg m32 unequal: loads EAX, ZF=0",
	       m == 0xabcd && eax == 0xabcd && !(f & FL_ZF));
	EQ("cmpxchg m32 unequal: flags of cmp", f & FL_ARITH,
	   FL_CF | FL_SF | FL_AF);

	m8 = 0x80;
	eax = 0xffffff80;
	asm volatile("cmpxchgb %b[s], %[m]\n\tpushfl\n\tpopl %[f]"
		     : [m] "+m"(m8), "+a"(eax), [f] "=r"(f)
		     : [s] "q"(0x7f) : "cc");
	report("cmpxchg m8 equal", m8 == 0x7f && eax == 0xffffff80 &&
	       (f & FL_ZF));
	m16 = 0x1234;
	eax = 0xaaaa0001;
	asm volatile("cmpxchgw %w[s], %[m]\n\tpushfl\n\tpopl %[f]"
		     : [m] "+m"(m16), "+a"(eax), [f] "=r"(f)
		     : [s] "r"(0x9999) : "cc");
	report("cmpxchg m16 unequal loads AX only", m16 == 0x1234 &&
	       eax == 0xaaaa1234 && !(f & FL_ZF));
	lo = 7;
	hi = 7;
	asm volatile("cmpxchgl %[s], %[d]\n\tpushfl\n\tpopl %[f]"
		     : [d] "+r"(hi), "+a"(lo), [f] "=r"(f)
		     : [s] "r"(0x42) : "cc");
	report("cmpxchg r32 equal", hi == 0x42 && lo == 7 && (f & FL_ZF));

	/*
	 * CMPXCHG8B: EDX:EAX against m64; equal: m64 <- ECX:EBX, ZF=1;
	 * unequal: EDX:EAX <- m64, ZF=0.  CF PF AF SF OF are unaffected.
	 */
	q = 0x1122334455667788ULL;
	lo = 0x55667788;
	hi = 0x11223344;
	f = FL_CF | FL_SF | 0x2;
	asm volatile("pushl %[f]\n\tpopfl\n\t"
		     "cmpxchg8b %[q]\n\t"
		     "pushfl\n\tpopl %[f]"
		     : [q] "+m"(q), "+a"(lo), "+d"(hi), [f] "+r"(f)
		     : "b"(0xdeadbeef), "c"(0xcafebabe) : "cc");
	report("cmpxchg8b equal stores ECX:EBX", q == 0xcafebabedeadbeefULL &&
	       lo == 0x55667788 && hi == 0x11223344);
	EQ("cmpxchg8b equal: ZF=1, others kept", f & FL_ARITH,
	   FL_ZF | FL_CF | FL_SF);
	lo = 1;
	hi = 2;
	f = FL_OF | FL_PF | FL_ZF | 0x2;
	asm volatile("pushl %[f]\n\tpopfl\n\t"
		     "cmpxchg8b %[q]\n\t"
		     "pushfl\n\tpopl %[f]"
		     : [q] "+m"(q), "+a"(lo), "+d"(hi), [f] "+r"(f)
		     : "b"(0), "c"(0) : "cc");
	mlo = (u32)q;
	mhi = (u32)(q >> 32);
	report("cmpxchg8b unequal loads EDX:EAX", lo == 0xdeadbeef &&
	       hi == 0xcafebabe && mlo == 0xdeadbeef && mhi == 0xcafebabe);
	EQ("cmpxchg8b unequal: ZF=0, others kept", f & FL_ARITH,
	   FL_OF | FL_PF);

	/* XADD: dest <- dest + src, src <- old dest; flags of the ADD */
	m = 0x7fffffff;
	lo = 1;
	asm volatile("xaddl %[s], %[m]\n\tpushfl\n\tpopl %[f]"
		     : [m] "+m"(m), [s] "+r"(lo), [f] "=r"(f) : : "cc");
	report("xadd m32", m == 0x80000000 && lo == 0x7fffffff);
	EQ("xadd m32 flags", f & FL_ARITH, FL_OF | FL_SF | FL_AF | FL_PF);
	m8 = 0xff;
	lo = 0x12345601;
	asm volatile("xaddb %b[s], %[m]\n\tpushfl\n\tpopl %[f]"
		     : [m] "+m"(m8), [s] "+q"(lo), [f] "=r"(f) : : "cc");
	report("xadd m8", m8 == 0 && lo == 0x123456ff);
	EQ("xadd m8 flags", f & FL_ARITH, FL_CF | FL_ZF | FL_AF | FL_PF);
	lo = 3;
	hi = 4;
	asm volatile("xaddl %[s], %[d]" : [d] "+r"(hi), [s] "+r"(lo) : : "cc");
	report("xadd r32,r32", hi == 7 && lo == 4);
}

/*
 * BT/BTS/BTR/BTC: CF <- the selected bit; ZF unaffected; OF SF AF PF
 * undefined.  A register base takes the offset modulo its size; a memory
 * base with a register offset addresses any bit, the offset being signed
 * (SDM Vol. 2A, BT "Description");
 * an immediate offset is taken modulo the operand size.
 */
static u32 bitmap[8];

#define BITOP(fn, insn, oc, bc)						\
static u32 fn(u32 *base, u32 off, u32 *f)				\
{									\
	u32 fl = *f;							\
									\
	asm volatile("pushl %[f]\n\tpopfl\n\t"				\
		     insn " %[o], %[b]\n\t"				\
		     "pushfl\n\tpopl %[f]"				\
		     : [b] bc(*base), [f] "+r"(fl)			\
		     : [o] oc(off)					\
		     : "cc", "memory");					\
	*f = fl;							\
	return *base;							\
}

BITOP(bt_m, "btl", "r", "+m")
BITOP(bts_m, "btsl", "r", "+m")
BITOP(btr_m, "btrl", "r", "+m")
BITOP(btc_m, "btcl", "r", "+m")
BITOP(bt_r, "btl", "r", "+r")
BITOP(bts_r, "btsl", "r", "+r")
BITOP(btc_r, "btcl", "r", "+r")

static void test_bt(void)
{
	u32 f, r, v;
	u16 w;

	memset(bitmap, 0, sizeof(bitmap));
	bitmap[1] = 1 << 3;	/* bit 35 */

	f = FL_ZF | 0x2;
	bt_m(bitmap, 35, &f);
	report("bt m32,r bit 35 is in the next dword: CF=1",
	       (f & FL_CF) != 0);
	report("bt keeps ZF", (f & FL_ZF) != 0);
	f = FL_CF | 0x2;
	bt_m(bitmap, 3, &f);
	report("bt m32,r bit 3 clear: CF=0", !(f & (FL_CF | FL_ZF)));

	f = 0x2;
	bts_m(bitmap, 200, &f);
	report("bts m32,r bit 200 sets bitmap[6] bit 8",
	       bitmap[6] == 0x100 && !(f & FL_CF));
	f = 0x2;
	btr_m(bitmap, 35, &f);
	report("btr m32,r bit 35 clears and returns 1",
	       bitmap[1] == 0 && (f & FL_CF));
	f = 0x2;
	btc_m(bitmap, 200, &f);
	report("btc m32,r bit 200 toggles back", bitmap[6] == 0 &&
	       (f & FL_CF));

	/* a negative offset: bit -1 is bit 7 of the byte before the base */
	bitmap[3] = 0x80000000;
	f = 0x2;
	bt_m(&bitmap[4], -1, &f);
	report("bt m32,r offset -1 reaches the previous dword",
	       (f & FL_CF) != 0);
	f = 0x2;
	bts_m(&bitmap[4], -33, &f);
	report("bts m32,r offset -33 sets bitmap[2] bit 31",
	       bitmap[2] == 0x80000000 && !(f & FL_CF));

	/* register base: offset modulo 32 */
	v = 0x00000010;
	f = 0x2;
	bt_r(&v, 36, &f);
	report("bt r32,r offset 36 is bit 4", (f & FL_CF) != 0);
	f = 0x2;
	r = bts_r(&v, 0xffffffff, &f);
	report("bts r32,r offset -1 is bit 31", r == 0x80000010 &&
	       !(f & FL_CF));
	f = 0x2;
	r = btc_r(&v, 4, &f);
	report("btc r32,r bit 4", r == 0x80000000 && (f & FL_CF));

	/* immediate offset: taken modulo the operand size, even on memory */
	bitmap[0] = 0x2;
	bitmap[1] = 0;
	asm volatile("btl $33, %[m]\n\tpushfl\n\tpopl %[f]"
		     : [f] "=r"(f) : [m] "m"(bitmap[0]) : "cc");
	report("bt m32,imm8 33 tests bit 1 of the same dword",
	       (f & FL_CF) != 0);
	asm volatile("btsl $63, %[m]" : [m] "+m"(bitmap[0]) : : "cc");
	report("bts m32,imm8 63 sets bit 31 of the same dword",
	       bitmap[0] == 0x80000002 && bitmap[1] == 0);

	/* 16-bit: a register offset on memory is signed 16 bits */
	memset(bitmap, 0, sizeof(bitmap));
	w = 17;
	asm volatile("btsw %[o], %[m]" : [m] "+m"(*(u16 *)bitmap)
		     : [o] "r"(w) : "cc", "memory");
	report("bts m16,r16 offset 17 sets bit 1 of the next word",
	       bitmap[0] == 0x20000);
	v = 0xffff0000;
	asm volatile("btsw $20, %w[r]" : [r] "+r"(v) : : "cc");
	report("bts r16,imm8 20 sets bit 4 and keeps the upper half",
	       v == 0xffff0010);
}

/* BSF/BSR: ZF=1 and the destination undefined (not checked) when 0 */
static void test_bsf_bsr(void)
{
	u32 r, f;

	asm("bsfl %[s], %[d]\n\tpushfl\n\tpopl %[f]"
	    : [d] "=r"(r), [f] "=r"(f) : [s] "rm"(0x00f00000u) : "cc");
	report("bsf 0x00f00000", r == 20 && !(f & FL_ZF));
	asm("bsrl %[s], %[d]\n\tpushfl\n\tpopl %[f]"
	    : [d] "=r"(r), [f] "=r"(f) : [s] "rm"(0x00f00000u) : "cc");
	report("bsr 0x00f00000", r == 23 && !(f & FL_ZF));
	asm("bsrl %[s], %[d]\n\tpushfl\n\tpopl %[f]"
	    : [d] "=r"(r), [f] "=r"(f) : [s] "rm"(0x80000001u) : "cc");
	report("bsr 0x80000001", r == 31 && !(f & FL_ZF));
	asm("bsfl %[s], %[d]\n\tpushfl\n\tpopl %[f]"
	    : [d] "=r"(r), [f] "=r"(f) : [s] "rm"(0x80000000u) : "cc");
	report("bsf 0x80000000", r == 31 && !(f & FL_ZF));
	r = 0x1234;
	asm("bsfl %[s], %[d]\n\tpushfl\n\tpopl %[f]"
	    : [d] "+r"(r), [f] "=r"(f) : [s] "rm"(0u) : "cc");
	report("bsf 0 sets ZF", (f & FL_ZF) != 0);
	asm("bsrl %[s], %[d]\n\tpushfl\n\tpopl %[f]"
	    : [d] "+r"(r), [f] "=r"(f) : [s] "rm"(0u) : "cc");
	report("bsr 0 sets ZF", (f & FL_ZF) != 0);
	r = 0xaaaa0000;
	asm("bsfw %w[s], %w[d]" : [d] "+r"(r) : [s] "r"(0x8000u) : "cc");
	report("bsf r16 writes 16 bits", r == 0xaaaa000f);
}

/*
 * The 16 conditions (SDM Vol. 2A, Jcc, and Vol. 1 Appendix B, Table B-1):
 * tttn 0 O, 1 NO, 2 B, 3 AE, 4 E, 5 NE, 6 BE, 7 A, 8 S, 9 NS, 10 P, 11 NP,
 * 12 L (SF != OF), 13 GE, 14 LE (ZF or SF != OF), 15 G.
 */
static bool cond_sdm(int cc, u32 f)
{
	bool of = f & FL_OF, cf = f & FL_CF, zf = f & FL_ZF, sf = f & FL_SF;
	bool pf = f & FL_PF, r;

	switch (cc >> 1) {
	case 0:
		r = of;
		break;
	case 1:
		r = cf;
		break;
	case 2:
		r = zf;
		break;
	case 3:
		r = cf || zf;
		break;
	case 4:
		r = sf;
		break;
	case 5:
		r = pf;
		break;
	case 6:
		r = sf != of;
		break;
	default:
		r = zf || sf != of;
		break;
	}
	return (cc & 1) ? !r : r;
}

#define CC_LIST(X)							\
	X(o, 0) X(no, 1) X(b, 2) X(ae, 3) X(e, 4) X(ne, 5) X(be, 6)	\
	X(a, 7) X(s, 8) X(ns, 9) X(p, 10) X(np, 11) X(l, 12) X(ge, 13)	\
	X(le, 14) X(g, 15)

#define CC_FNS(cc, n)							\
static u32 set_##cc(u32 f)						\
{									\
	u32 r = 0xffffff55;						\
									\
	asm("pushl %[f]\n\tpopfl\n\tset" #cc " %b[r]"			\
	    : [r] "+q"(r) : [f] "r"(f) : "cc");				\
	return r;							\
}									\
static u32 setm_##cc(u32 f)						\
{									\
	u8 m = 0x55;							\
									\
	asm("pushl %[f]\n\tpopfl\n\tset" #cc " %[m]"			\
	    : [m] "+m"(m) : [f] "r"(f) : "cc");				\
	return m;							\
}									\
static u32 cmov_##cc(u32 f)						\
{									\
	u32 r = 111;							\
									\
	asm("pushl %[f]\n\tpopfl\n\tcmov" #cc "l %[s], %[r]"		\
	    : [r] "+r"(r) : [f] "r"(f), [s] "r"(222) : "cc");		\
	return r;							\
}									\
static u32 cmovm_##cc(u32 f)						\
{									\
	u32 r = 0xaaaa1111, m = 0x2222;					\
									\
	asm("pushl %[f]\n\tpopfl\n\tcmov" #cc "w %[s], %w[r]"		\
	    : [r] "+r"(r) : [f] "r"(f), [s] "m"(m) : "cc");		\
	return r;							\
}									\
static u32 j_##cc(u32 f)						\
{									\
	u32 r = 0;							\
									\
	asm("pushl %[f]\n\tpopfl\n\t"					\
	    "j" #cc " 1f\n\t"						\
	    "movl $1, %[r]\n\t"						\
	    "1:" : [r] "+r"(r) : [f] "r"(f) : "cc");			\
	return !r;							\
}									\
static u32 jn_##cc(u32 f)						\
{									\
	u32 r = 0;							\
									\
	asm("pushl %[f]\n\tpopfl\n\t"					\
	    "%{disp32%} j" #cc " 1f\n\t"				\
	    "movl $1, %[r]\n\t"						\
	    "1:" : [r] "+r"(r) : [f] "r"(f) : "cc");			\
	return !r;							\
}

CC_LIST(CC_FNS)

struct cc_fns {
	const char *name;
	u32 (*set)(u32), (*setm)(u32), (*cmov)(u32), (*cmovm)(u32);
	u32 (*j)(u32), (*jn)(u32);
};

#define CC_ENTRY(cc, n) [n] = { #cc, set_##cc, setm_##cc, cmov_##cc, \
	cmovm_##cc, j_##cc, jn_##cc },
static const struct cc_fns cc_fns[16] = { CC_LIST(CC_ENTRY) };

/* each of the 32 combinations of CF PF ZF SF OF */
static u32 flag_combo(int i)
{
	return 0x2 | (i & 1 ? FL_CF : 0) | (i & 2 ? FL_PF : 0) |
	       (i & 4 ? FL_ZF : 0) | (i & 8 ? FL_SF : 0) | (i & 16 ? FL_OF : 0);
}

static void test_conditions(void)
{
	int cc, i, form;
	static const char *const forms[] = {
		"setcc r8", "setcc m8", "cmovcc r32,r32", "cmovcc r16,m16",
		"jcc rel8", "jcc rel32",
	};

	for (form = 0; form < 6; form++) {
		for (cc = 0; cc < 16; cc++) {
			const struct cc_fns *c = &cc_fns[cc];
			int bad = -1;

			for (i = 0; i < 32; i++) {
				u32 f = flag_combo(i), got, want;
				bool t = cond_sdm(cc, f);

				switch (form) {
				case 0:
					got = c->set(f);
					want = 0xffffff00 | t;
					break;
				case 1:
					got = c->setm(f);
					want = t;
					break;
				case 2:
					got = c->cmov(f);
					want = t ? 222 : 111;
					break;
				case 3:
					got = c->cmovm(f);
					want = t ? 0xaaaa2222 : 0xaaaa1111;
					break;
				case 4:
					got = c->j(f);
					want = t;
					break;
				default:
					got = c->jn(f);
					want = t;
					break;
				}
				if (got != want && bad < 0)
					bad = i;
			}
			if (bad < 0) {
				reportf(true, "%s %s, 32 flag combinations",
					forms[form], c->name);
			} else {
				tests_run++;
				tests_failed++;
				printf("FAIL: %s %s, 32 flag combinations -- wrong with flags 0x%03x\n",
				       forms[form], c->name, flag_combo(bad));
			}
		}
	}
}

/*
 * ENTER imm16, imm8 (SDM Vol. 2A ENTER "Operation", 32-bit stack):
 *   Push(EBP); FrameTemp <- ESP;
 *   for level > 1: level-1 times { EBP <- EBP - 4; Push([EBP]) };
 *   for level > 0: Push(FrameTemp);
 *   EBP <- FrameTemp; ESP <- ESP - AllocSize.
 * The nesting level is taken modulo 32.  LEAVE: ESP <- EBP; EBP <- Pop().
 */
static u32 enter_stack[64];
static u32 old_display[4];

struct enter_result {
	u32 esp, ebp, esp_after_leave, ebp_after_leave;
};

#define ENTER_FN(fn, size, level)					\
static void fn(struct enter_result *r)					\
{									\
	asm volatile("pushl %%ebp\n\t"					\
		     "movl %%esp, %%edi\n\t"				\
		     "movl %[stk], %%esp\n\t"				\
		     "movl %[disp], %%ebp\n\t"				\
		     "enter $" #size ", $" #level "\n\t"		\
		     "movl %%esp, 0(%[r])\n\t"				\
		     "movl %%ebp, 4(%[r])\n\t"				\
		     "leave\n\t"					\
		     "movl %%esp, 8(%[r])\n\t"				\
		     "movl %%ebp, 12(%[r])\n\t"				\
		     "movl %%edi, %%esp\n\t"				\
		     "popl %%ebp"					\
		     : : [r] "S"(r), [stk] "r"(&enter_stack[64]),	\
		       [disp] "r"(&old_display[3])			\
		     : "edi", "memory");				\
}

ENTER_FN(enter_0_0, 0, 0)
ENTER_FN(enter_16_1, 16, 1)
ENTER_FN(enter_8_3, 8, 3)
ENTER_FN(enter_4_33, 4, 33)

static void test_enter_leave(void)
{
	struct enter_result r;
	u32 top = (u32)&enter_stack[64], disp = (u32)&old_display[3];
	bool ok;

	old_display[0] = 0xd0;
	old_display[1] = 0xd1;
	old_display[2] = 0xd2;
	memset(enter_stack, 0, sizeof(enter_stack));
	enter_0_0(&r);
	ok = r.esp == top - 4 && r.ebp == top - 4 && enter_stack[63] == disp;
	report("enter 0,0", ok);
	report("leave after enter 0,0", r.esp_after_leave == top &&
	       r.ebp_after_leave == disp);

	memset(enter_stack, 0, sizeof(enter_stack));
	enter_16_1(&r);
	/* level 1: old EBP, then FrameTemp, then 16 bytes */
	ok = r.ebp == top - 4 && r.esp == top - 8 - 16 &&
	     enter_stack[63] == disp && enter_stack[62] == top - 4;
	report("enter 16,1", ok);
	report("leave after enter 16,1", r.esp_after_leave == top &&
	       r.ebp_after_leave == disp);

	memset(enter_stack, 0, sizeof(enter_stack));
	enter_8_3(&r);
	/* level 3: old EBP, [EBP-4], [EBP-8], FrameTemp, then 8 bytes */
	ok = r.ebp == top - 4 && r.esp == top - 16 - 8 &&
	     enter_stack[63] == disp && enter_stack[62] == 0xd2 &&
	     enter_stack[61] == 0xd1 && enter_stack[60] == top - 4;
	report("enter 8,3 copies two frame pointers", ok);
	report("leave after enter 8,3", r.esp_after_leave == top &&
	       r.ebp_after_leave == disp);

	memset(enter_stack, 0, sizeof(enter_stack));
	enter_4_33(&r);
	ok = r.ebp == top - 4 && r.esp == top - 8 - 4 &&
	     enter_stack[62] == top - 4 && enter_stack[61] == 0;
	report("enter 4,33 is level 1 (level mod 32)", ok);
}

static const u8 xlat_table[256] = {
	[0] = 0x11, [0x7f] = 0x22, [0x80] = 0x33, [0xff] = 0x44,
};

static void test_xlat(void)
{
	u32 eax;

	/* XLAT: AL <- DS:[EBX + unsigned AL] */
	eax = 0x12345680;
	asm("xlat" : "+a"(eax) : "b"(xlat_table) : "memory");
	EQ("xlat al 0x80 is unsigned", eax, 0x12345633);
	eax = 0xff;
	asm("xlat" : "+a"(eax) : "b"(xlat_table) : "memory");
	EQ("xlat al 0xff", eax, 0x44);
	eax = 0;
	asm("xlat" : "+a"(eax) : "b"(xlat_table) : "memory");
	EQ("xlat al 0", eax, 0x11);
}

/* BOUND r32, m32&32: signed; out of range raises #BR, a fault */
static int bound32(s32 idx, s32 lo, s32 hi, u32 *at)
{
	s32 b[2] = { lo, hi };

	asm volatile(ASM_TRY("1f")
		     "movl $2f, %[at]\n\t"
		     "2: boundl %[i], %[b]\n\t"
		     "1:"
		     : [at] "=m"(*at) : [i] "r"(idx), [b] "m"(b) : "memory");
	return ex_caught();
}

static int bound16(s16 idx, s16 lo, s16 hi)
{
	s16 b[2] = { lo, hi };

	asm volatile(ASM_TRY("1f")
		     "boundw %[i], %[b]\n\t"
		     "1:"
		     : : [i] "r"(idx), [b] "m"(b) : "memory");
	return ex_caught();
}

static void test_bound(void)
{
	u32 at;
	int v;

	report("bound in range", bound32(5, 0, 10, &at) == -1);
	report("bound at the upper bound", bound32(10, 0, 10, &at) == -1);
	report("bound at the lower bound", bound32(-3, -3, 10, &at) == -1);
	v = bound32(11, 0, 10, &at);
	report("bound above raises #BR", v == BR_VECTOR);
	report("#BR saved EIP is the BOUND", v == BR_VECTOR && ex_eip == at);
	report("bound below (signed) raises #BR", bound32(-1, 0, 10, &at) ==
	       BR_VECTOR);
	report("bound signed: -5 in [-10, -1]", bound32(-5, -10, -1, &at) ==
	       -1);
	report("bound16 in range", bound16(-100, -200, 0) == -1);
	report("bound16 out of range", bound16(0x7fff, -200, 0) == BR_VECTOR);
}

/*
 * LEA with 16-bit addressing (prefix 0x67): the ModRM forms of SDM Vol. 2A
 * Table 2-1, the address computed modulo 64 KiB; then truncated or
 * zero-extended to the operand size (LEA "Operation", Table 3-54).
 */
static void test_lea(void)
{
	u32 r, bx = 0x1234fff0, si = 0x56780030, bp = 0x9abc0100, di = 2;

	asm("addr16 leal (%%bx,%%si), %0" : "=r"(r) : "b"(bx), "S"(si));
	EQ("lea16 [bx+si] wraps and zero-extends", r, 0x0020);
	/* EBP is the frame pointer: saved around its use */
	asm("pushl %%ebp\n\t"
	    "movl %[bp], %%ebp\n\t"
	    "addr16 leal 0x10(%%bp,%%di), %[r]\n\t"
	    "popl %%ebp"
	    : [r] "=a"(r) : "D"(di), [bp] "c"(bp));
	EQ("lea16 [bp+di+disp8]", r, 0x0112);
	asm("addr16 leal -2(%%si), %0" : "=r"(r) : "S"(0x00000001));
	EQ("lea16 [si-2] wraps to 0xffff", r, 0xffff);
	r = 0xaaaaaaaa;
	asm("addr16 leaw 0x1234(%%bx), %w0" : "+r"(r) : "b"(0x10));
	EQ("lea16 into r16 keeps the upper half", r, 0xaaaa1244);
	r = 0xaaaaaaaa;
	asm("addr16 leal 0x8000, %0" : "+r"(r));
	EQ("lea16 disp16 alone", r, 0x8000);
	/* 32-bit address, 16-bit operand: truncated */
	r = 0x55555555;
	asm("leaw 0x10(%%ebx,%%ecx,8), %w0" : "+r"(r) : "b"(0x12340000),
	    "c"(0x1000));
	EQ("lea32 into r16 truncates", r, 0x55558010);
	asm("leal -8(%%ebx,%%ecx,4), %0" : "=r"(r) : "b"(0x100), "c"(-4));
	EQ("lea32 [ebx+ecx*4-8]", r, 0x100 - 16 - 8);
}

static void test_cpuid(void)
{
	u32 max, v[3], d;
	char vendor[13];
	bool printable = true;
	int i;

	cpuid(0, 0, &max, &v[0], &v[2], &v[1]);
	memcpy(vendor, v, 12);
	vendor[12] = 0;
	for (i = 0; i < 12; i++)
		if (vendor[i] < 0x20 || vendor[i] > 0x7e)
			printable = false;
	printf("cpuid: vendor \"%s\", max leaf %u\n", printable ? vendor : "?",
	       max);
	report("cpuid 0: vendor is 12 printable characters", printable);
	report("cpuid 0: max basic leaf at least 1", max >= 1);
	cpuid(1, 0, &v[0], &v[1], &v[2], &d);
	/* CPUID.1:EDX.CX8[bit 8]: this test uses CMPXCHG8B */
	report("cpuid 1: CX8 reported", (d >> 8) & 1);
}

/*
 * POPF at CPL 0 (SDM Vol. 2B POPF "Operation"): all non-reserved flags
 * except RF, VIP, VIF and VM can be modified; reserved bits read as fixed
 * (bit 1 is 1, bits 3, 5, 15, 22-31 are 0; Vol. 1, 3.4.3).  TF and IF are
 * left alone here: a trap or an interrupt would end the test.
 */
static void test_pushf_popf(void)
{
	u32 got, want;

	asm volatile("pushfl\n\t"
		     "pushl %[v]\n\t"
		     "popfl\n\t"
		     "pushfl\n\t"
		     "popl %[g]\n\t"
		     "popfl"
		     : [g] "=r"(got) : [v] "r"(~(FL_TF | FL_IF)) : "cc");
	want = 0x2 | FL_ARITH | FL_DF | FL_IOPL | FL_NT | FL_AC | FL_ID;
	EQ("popf 0xfffffcff at CPL 0", got, want);
	asm volatile("pushfl\n\t"
		     "pushl $0\n\t"
		     "popfl\n\t"
		     "pushfl\n\t"
		     "popl %[g]\n\t"
		     "popfl"
		     : [g] "=r"(got) : : "cc");
	EQ("popf 0 reads back 0x2", got, 0x2);
	/* POPF with a 16-bit operand changes the low 16 bits only */
	asm volatile("pushfl\n\t"
		     "pushl %[hi]\n\t"
		     "popfl\n\t"
		     "pushw $0x08d5\n\t"
		     "popfw\n\t"
		     "pushfl\n\t"
		     "popl %[g]\n\t"
		     "popfl"
		     : [g] "=r"(got) : [hi] "r"(FL_AC) : "cc");
	EQ("popfw keeps the upper half", got, FL_AC | 0x08d7);
	asm volatile("pushl $0x8d5\n\t"
		     "popfl\n\t"
		     "pushfw\n\t"
		     "popw %w[g]\n\t"
		     "pushl $2\n\t"
		     "popfl"
		     : [g] "=r"(got) : : "cc");
	EQ("pushfw", got & 0xffff, 0x8d7);
}

/* LAHF: AH <- SF:ZF:0:AF:0:PF:1:CF; SAHF loads SF ZF AF PF CF from AH */
static void test_lahf_sahf(void)
{
	u32 eax, f;

	asm volatile("pushl %[f]\n\tpopfl\n\tlahf"
		     : "=a"(eax) : [f] "r"(FL_ARITH | 0x2), "a"(0x12340000)
		     : "cc");
	EQ("lahf all set", eax, 0x1234d700);
	asm volatile("pushl %[f]\n\tpopfl\n\tlahf"
		     : "=a"(eax) : [f] "r"(FL_OF | 0x2), "a"(0) : "cc");
	EQ("lahf none (OF is not in AH)", eax, 0x0200);
	asm volatile("pushl %[f]\n\tpopfl\n\tsahf\n\tpushfl\n\tpopl %[f]"
		     : [f] "=r"(f) : "0"(FL_OF | 0x2), "a"(0xffff) : "cc");
	EQ("sahf 0xff sets SF ZF AF PF CF, keeps OF", f & FL_ARITH, FL_ARITH);
	asm volatile("pushl %[f]\n\tpopfl\n\tsahf\n\tpushfl\n\tpopl %[f]"
		     : [f] "=r"(f) : "0"(FL_ARITH | 0x2), "a"(0x2a00) : "cc");
	EQ("sahf 0x2a clears them, keeps OF", f & FL_ARITH, FL_OF);
}

static void test_sign_extend(void)
{
	u32 a, d;

	a = 0x12345680;
	asm("cbtw" : "+a"(a));
	EQ("cbw", a, 0x1234ff80);
	a = 0x1234007f;
	asm("cbtw" : "+a"(a));
	EQ("cbw positive", a, 0x1234007f);
	a = 0x12348000;
	asm("cwtl" : "+a"(a));
	EQ("cwde", a, 0xffff8000);
	a = 0x8000;
	d = 0x12345678;
	asm("cwtd" : "+a"(a), "+d"(d));
	report("cwd", a == 0x8000 && d == 0x1234ffff);
	a = 0x80000000;
	d = 0;
	asm("cltd" : "+a"(a), "+d"(d));
	report("cdq negative", d == 0xffffffff);
	a = 0x7fffffff;
	d = 0x5555;
	asm("cltd" : "+a"(a), "+d"(d));
	report("cdq positive", d == 0);
}

static void test_movx(void)
{
	u32 r;
	u8 m8 = 0x80;
	u16 m16 = 0x8001;

	asm("movzbl %b1, %0" : "=r"(r) : "q"(0xff));
	EQ("movzx r32,r8", r, 0xff);
	asm("movsbl %b1, %0" : "=r"(r) : "q"(0xff));
	EQ("movsx r32,r8", r, 0xffffffff);
	asm("movzbl %1, %0" : "=r"(r) : "m"(m8));
	EQ("movzx r32,m8", r, 0x80);
	asm("movsbl %1, %0" : "=r"(r) : "m"(m8));
	EQ("movsx r32,m8", r, 0xffffff80);
	asm("movzwl %1, %0" : "=r"(r) : "m"(m16));
	EQ("movzx r32,m16", r, 0x8001);
	asm("movswl %1, %0" : "=r"(r) : "m"(m16));
	EQ("movsx r32,m16", r, 0xffff8001);
	r = 0xaaaaaaaa;
	asm("movsbw %1, %w0" : "+r"(r) : "m"(m8));
	EQ("movsx r16,m8 keeps the upper half", r, 0xaaaaff80);
	asm("movzbl %%ah, %0" : "=r"(r) : "a"(0x9f00));
	EQ("movzx r32,ah", r, 0x9f);
	asm("movsbl %%bh, %0" : "=r"(r) : "b"(0x8100));
	EQ("movsx r32,bh", r, 0xffffff81);
}

/*
 * PUSH ESP pushes ESP as it was before the instruction; POP into a memory
 * operand addressed with ESP computes the address after the increment
 * (SDM Vol. 2B PUSH and POP "Description"); POPA skips the ESP slot.
 */
u32 popa_before, popa_after;

static void test_push_pop(void)
{
	u32 before, pushed, popped, esp_after, r;

	asm volatile("movl %%esp, %[b]\n\t"
		     "pushl %%esp\n\t"
		     "popl %[p]"
		     : [b] "=&r"(before), [p] "=r"(pushed) : : "memory");
	EQ("push esp pushes the old value", pushed, before);

	asm volatile("pushl $0x1111\n\t"
		     "pushl $0x2222\n\t"
		     "popl (%%esp)\n\t"
		     "popl %[p]"
		     : [p] "=r"(popped) : : "memory");
	EQ("pop (esp) stores after the increment", popped, 0x2222);

	asm volatile("movl %%esp, %[b]\n\t"
		     "pushl $0x3333\n\t"
		     "popl %%esp\n\t"
		     "movl %%esp, %[a]\n\t"
		     "movl %[b], %%esp"
		     : [b] "=&r"(before), [a] "=&r"(esp_after) : : "memory");
	EQ("pop esp loads the popped value", esp_after, 0x3333);

	asm volatile("pushal\n\t"
		     "movl $0xdead, 12(%%esp)\n\t"
		     "movl %%esp, popa_before\n\t"
		     "popal\n\t"
		     "movl %%esp, popa_after"
		     : : : "memory");
	EQ("popa ignores the saved ESP", popa_after, popa_before + 32);

	/* PUSH imm8 is sign-extended to the operand size */
	asm volatile("pushl $-2\n\tpopl %0" : "=r"(r));
	EQ("push simm8", r, 0xfffffffe);
	/* a 16-bit push moves ESP by 2 */
	asm volatile("movl %%esp, %[b]\n\t"
		     "pushw $0x1234\n\t"
		     "movl %%esp, %[a]\n\t"
		     "popw %%ax\n\t"
		     "movzwl %%ax, %[r]"
		     : [b] "=&r"(before), [a] "=&r"(esp_after), [r] "=r"(r)
		     : : "eax", "memory");
	report("pushw moves ESP by 2", before - esp_after == 2 &&
	       r == 0x1234);
}

static void test_loop(void)
{
	u32 ecx, n, f;

	ecx = 5;
	n = 0;
	asm("1: incl %[n]\n\tloop 1b" : "+c"(ecx), [n] "+r"(n) : : "cc");
	report("loop runs ecx times", ecx == 0 && n == 5);
	/* LOOP does not change the flags */
	ecx = 2;
	f = FL_ARITH | 0x2;
	asm("pushl %[f]\n\tpopfl\n\t"
	    "1: loop 1b\n\t"
	    "pushfl\n\tpopl %[f]"
	    : "+c"(ecx), [f] "+r"(f) : : "cc");
	EQ("loop keeps the flags", f & FL_ARITH, FL_ARITH);
	ecx = 10;
	n = 0;
	/* LOOPE: also ends when ZF=0 */
	asm("1: incl %[n]\n\tcmpl $3, %[n]\n\tloope 1b"
	    : "+c"(ecx), [n] "+r"(n) : : "cc");
	report("loope ends on ZF=0", n == 1 && ecx == 9);
	ecx = 10;
	n = 0;
	asm("1: incl %[n]\n\tcmpl $3, %[n]\n\tloopne 1b"
	    : "+c"(ecx), [n] "+r"(n) : : "cc");
	report("loopne ends on ZF=1", n == 3 && ecx == 7);
	/* LOOP with ECX = 0 runs 2^32 times: not tested; JECXZ instead */
	n = 0;
	asm("jecxz 1f\n\tmovl $1, %[n]\n\t1:" : [n] "+r"(n) : "c"(0));
	report("jecxz taken", n == 0);
	asm("jecxz 1f\n\tmovl $1, %[n]\n\t1:" : [n] "+r"(n) : "c"(0x10000));
	report("jecxz not taken", n == 1);
	n = 0;
	/* JCXZ (prefix 0x67) tests CX only */
	asm("jcxz 1f\n\tmovl $1, %[n]\n\t1:" : [n] "+r"(n)
	    : "c"(0x10000));
	report("jcxz tests CX only", n == 0);
}

/* MOV r32, Sreg zero-extends on P6 and later (SDM Vol. 2B MOV, note) */
static void test_mov_sreg(void)
{
	u32 r = 0xffffffff;

	asm("movl %%ds, %0" : "+r"(r));
	EQ("mov r32,ds zero-extends", r, KERNEL_DS);
}

/* lds, les, lfs, lgs, lss: the offset into the register, the selector
 * after it into the segment (SDM Vol. 2 "LDS/LES/LFS/LGS/LSS") */
static void test_load_far_pointer(void)
{
	struct __attribute__((packed)) { u32 off; u16 sel; } p32 = { 0x12345678, KERNEL_DS };
	struct __attribute__((packed)) { u16 off; u16 sel; } p16 = { 0xbeef, KERNEL_DS };
	u32 r = 0, seg = 0, esp0, esp1;

	asm volatile("movl $0, %%eax\n\tmovl %%eax, %%fs\n\t"
		     "lfs %[p], %[r]\n\tmovl %%fs, %[s]"
		     : [r] "=r"(r), [s] "=r"(seg) : [p] "m"(p32) : "eax");
	EQ("lfs r32: the offset", r, 0x12345678);
	EQ("lfs r32: fs", seg, KERNEL_DS);
	r = 0xaaaa0000;
	asm volatile("movl $0, %%eax\n\tmovl %%eax, %%gs\n\t"
		     "lgs %[p], %w[r]\n\tmovl %%gs, %[s]"
		     : [r] "+r"(r), [s] "=r"(seg) : [p] "m"(p16) : "eax");
	EQ("lgs r16: the low 16 bits only", r, 0xaaaabeef);
	EQ("lgs r16: gs", seg, KERNEL_DS);
	asm volatile("les %[p], %[r]\n\tmovl %%es, %[s]"
		     : [r] "=r"(r), [s] "=r"(seg) : [p] "m"(p32));
	EQ("les r32", r, 0x12345678);
	EQ("les r32: es", seg, KERNEL_DS);
	asm volatile("lds %[p], %[r]\n\tmovl %%ds, %[s]"
		     : [r] "=r"(r), [s] "=r"(seg) : [p] "m"(p32));
	EQ("lds r32", r, 0x12345678);
	EQ("lds r32: ds", seg, KERNEL_DS);
	/* lss: a new stack pointer and SS in one instruction */
	asm volatile("movl %%esp, %[a]\n\t"
		     "movl %%esp, %[p]\n\t"
		     "subl $64, %[p]\n\t"
		     "lss %[p], %%esp\n\t"
		     "movl %%esp, %[b]\n\t"
		     "movl %[a], %%esp"
		     : [a] "=&r"(esp0), [b] "=&r"(esp1), [p] "+m"(p32)
		     :);
	EQ("lss loads esp", esp0 - esp1, 64);
}

int main(void)
{
	test_bswap_xchg();
	test_cmpxchg();
	test_bt();
	test_bsf_bsr();
	test_conditions();
	test_enter_leave();
	test_xlat();
	test_bound();
	test_lea();
	test_cpuid();
	test_pushf_popf();
	test_lahf_sahf();
	test_sign_extend();
	test_movx();
	test_push_pop();
	test_loop();
	test_mov_sreg();
	test_load_far_pointer();
	return 0;
}
