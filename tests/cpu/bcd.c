// SPDX-License-Identifier: GPL-2.0-only
/*
 * Decimal adjust: DAA DAS AAA AAS AAM AAD, over every AL (and every AH where
 * it matters) with each combination of AF and CF in.  The expected values
 * follow the "Operation" pseudo-code of each instruction in SDM Vol. 2A,
 * transcribed below (the *_sdm functions); a few constants from the SDM's
 * own examples anchor them.  AAM with a zero immediate raises #DE.
 */
#include "libcpu.h"

struct bcd_out {
	u32 eax;
	u32 flags;	/* arithmetic flags */
	u32 undef;	/* flags the SDM leaves undefined */
};

static u32 szp8(u8 v)
{
	u32 f = 0, bits = 0;
	int i;

	for (i = 0; i < 8; i++)
		bits += (v >> i) & 1;
	if (!(bits & 1))
		f |= FL_PF;
	if (!v)
		f |= FL_ZF;
	if (v & 0x80)
		f |= FL_SF;
	return f;
}

/* SDM Vol. 2A, DAA "Operation"; OF undefined */
static struct bcd_out daa_sdm(u32 eax, u32 fin)
{
	u8 al = eax & 0xff, old_al = al;
	bool old_cf = fin & FL_CF, cf = false, af;

	if ((al & 0x0f) > 9 || (fin & FL_AF)) {
		cf = old_cf || al > 0xff - 6;	/* carry from AL + 6 */
		al += 6;
		af = true;
	} else {
		af = false;
	}
	if (old_al > 0x99 || old_cf) {
		al += 0x60;
		cf = true;
	} else {
		cf = false;
	}
	return (struct bcd_out){ (eax & ~0xffu) | al,
		szp8(al) | (cf ? FL_CF : 0) | (af ? FL_AF : 0), FL_OF };
}

/* SDM Vol. 2A, DAS "Operation": no "ELSE CF <- 0" in the second step */
static struct bcd_out das_sdm(u32 eax, u32 fin)
{
	u8 al = eax & 0xff, old_al = al;
	bool old_cf = fin & FL_CF, cf = false, af;

	if ((al & 0x0f) > 9 || (fin & FL_AF)) {
		cf = old_cf || al < 6;		/* borrow from AL - 6 */
		al -= 6;
		af = true;
	} else {
		af = false;
	}
	if (old_al > 0x99 || old_cf) {
		al -= 0x60;
		cf = true;
	}
	return (struct bcd_out){ (eax & ~0xffu) | al,
		szp8(al) | (cf ? FL_CF : 0) | (af ? FL_AF : 0), FL_OF };
}

/* SDM Vol. 2A, AAA: AX <- AX + 106H; OF SF ZF PF undefined */
static struct bcd_out aaa_sdm(u32 eax, u32 fin)
{
	u16 ax = eax & 0xffff;
	u32 f = 0;

	if ((ax & 0x0f) > 9 || (fin & FL_AF)) {
		ax += 0x106;
		f = FL_AF | FL_CF;
	}
	ax &= 0xff0f;
	return (struct bcd_out){ (eax & ~0xffffu) | ax, f,
		FL_OF | FL_SF | FL_ZF | FL_PF };
}

/* SDM Vol. 2A, AAS: AX <- AX - 6; AH <- AH - 1 */
static struct bcd_out aas_sdm(u32 eax, u32 fin)
{
	u16 ax = eax & 0xffff;
	u32 f = 0;

	if ((ax & 0x0f) > 9 || (fin & FL_AF)) {
		ax -= 6;
		ax -= 0x100;
		f = FL_AF | FL_CF;
	}
	ax &= 0xff0f;
	return (struct bcd_out){ (eax & ~0xffffu) | ax, f,
		FL_OF | FL_SF | FL_ZF | FL_PF };
}

/* SDM Vol. 2A, AAM: AH <- AL / imm8; AL <- AL MOD imm8; OF AF CF undefined */
static struct bcd_out aam_sdm(u32 eax, u8 imm)
{
	u8 al = eax & 0xff;
	u8 q = al / imm, r = al % imm;

	return (struct bcd_out){ (eax & ~0xffffu) | (u32)q << 8 | r, szp8(r),
		FL_OF | FL_AF | FL_CF };
}

/* SDM Vol. 2A, AAD: AL <- (AL + AH * imm8) AND FFH; AH <- 0 */
static struct bcd_out aad_sdm(u32 eax, u8 imm)
{
	u8 al = eax & 0xff, ah = (eax >> 8) & 0xff;
	u8 r = al + ah * imm;

	return (struct bcd_out){ (eax & ~0xffffu) | r, szp8(r),
		FL_OF | FL_AF | FL_CF };
}

#define RUN(insn)							\
static u32 run_##insn(u32 eax, u32 *fl)				\
{									\
	u32 f = *fl;							\
									\
	asm volatile("pushl %[f]\n\tpopfl\n\t" #insn "\n\t"		\
		     "pushfl\n\tpopl %[f]"				\
		     : "+a"(eax), [f] "+r"(f) : : "cc");		\
	*fl = f;							\
	return eax;							\
}

RUN(daa)
RUN(das)
RUN(aaa)
RUN(aas)

/* AAM/AAD with any immediate: D4 ib / D5 ib */
#define RUN_IMM(name, op, imm)						\
static u32 run_##name(u32 eax, u32 *fl)				\
{									\
	u32 f = *fl;							\
									\
	asm volatile("pushl %[f]\n\tpopfl\n\t"				\
		     ".byte " #op ", " #imm "\n\t"			\
		     "pushfl\n\tpopl %[f]"				\
		     : "+a"(eax), [f] "+r"(f) : : "cc");		\
	*fl = f;							\
	return eax;							\
}

RUN_IMM(aam10, 0xd4, 10)
RUN_IMM(aam16, 0xd4, 16)
RUN_IMM(aam7, 0xd4, 7)
RUN_IMM(aam1, 0xd4, 1)
RUN_IMM(aad10, 0xd5, 10)
RUN_IMM(aad16, 0xd5, 16)
RUN_IMM(aad0, 0xd5, 0)
RUN_IMM(aad255, 0xd5, 255)

enum kind { K_DAA, K_DAS, K_AAA, K_AAS, K_AAM, K_AAD };

static struct bcd_out expect(enum kind k, u32 eax, u32 fin, u8 imm)
{
	switch (k) {
	case K_DAA:
		return daa_sdm(eax, fin);
	case K_DAS:
		return das_sdm(eax, fin);
	case K_AAA:
		return aaa_sdm(eax, fin);
	case K_AAS:
		return aas_sdm(eax, fin);
	case K_AAM:
		return aam_sdm(eax, imm);
	default:
		return aad_sdm(eax, imm);
	}
}

/*
 * Runs every AL (with ah_step > 0: every AH in steps too) under AF/CF in
 * each combination and the other flags clear, then set (AAM and AAD read
 * no flag: all clear, then all set).  Each of these instructions writes all
 * six arithmetic flags, some with undefined values.
 */
static void sweep(const char *name, enum kind k, u32 (*fn)(u32, u32 *),
		  u8 imm, int ah_step)
{
	u32 ah, al, in, start, eax, fin, fout, want, cmp;
	int bad = 0, shown = 0, total = 0;
	struct bcd_out e;
	static const u32 fins[] = {
		0, FL_AF, FL_CF, FL_AF | FL_CF,
		FL_OF | FL_SF | FL_ZF | FL_PF,
		FL_ARITH,
	};

	for (ah = 0; ah < 256; ah += ah_step ? ah_step : 256) {
		for (al = 0; al < 256; al++) {
			for (in = 0; in < ARRAY_SIZE(fins); in++) {
				if ((k == K_AAM || k == K_AAD) &&
				    fins[in] != 0 && fins[in] != FL_ARITH)
					continue;
				start = 0x5a000000 | al |
					(ah_step ? ah : 0x3c) << 8;
				fin = fins[in] | 0x2;
				fout = fin;
				eax = fn(start, &fout);
				e = expect(k, start, fin, imm);
				want = e.flags;
				cmp = FL_ARITH & ~e.undef;
				total++;
				if (eax == e.eax && !((fout ^ want) & cmp))
					continue;
				if (!bad++)
					printf("FAIL: %s -- mismatches below\n",
					       name);
				if (shown++ < 6)
					detail("eax 0x%08x flags in 0x%03x: got 0x%08x flags 0x%03x, want 0x%08x flags 0x%03x (undefined 0x%03x)",
					       start, fin & FL_ARITH, eax,
					       fout & FL_ARITH, e.eax,
					       want & cmp, e.undef);
			}
		}
	}
	tests_run++;
	if (bad) {
		tests_failed++;
		detail("%d of %d runs differ", bad, total);
	} else {
		printf("PASS: %s (%d runs)\n", name, total);
	}
}

/* one instruction, one constant expectation */
static void check(const char *name, u32 (*fn)(u32, u32 *), u32 eax, u32 fin,
		  u32 want_eax, u32 want_flags, u32 cmp)
{
	u32 f = fin | 0x2, got = fn(eax, &f);

	if (got == want_eax && !((f ^ want_flags) & cmp)) {
		report(name, true);
		return;
	}
	tests_run++;
	tests_failed++;
	printf("FAIL: %s -- got eax 0x%x flags 0x%03x want eax 0x%x flags 0x%03x (compared 0x%03x)\n",
	       name, got, f & FL_ARITH, want_eax, want_flags, cmp);
}

static void aam_zero(void)
{
	u32 eax = 0x1234, at;
	int vec;

	/* AAM 0: "IF imm8 = 0 THEN #DE", a fault, AX unchanged */
	asm volatile(ASM_TRY("1f")
		     "movl $2f, %[at]\n\t"
		     "2: .byte 0xd4, 0x00\n\t"
		     "1:"
		     : "+a"(eax), [at] "=m"(at) : : "memory", "cc");
	vec = ex_caught();
	report("aam 0 raises #DE", vec == DE_VECTOR);
	report("aam 0: #DE saved EIP is the AAM", vec == DE_VECTOR &&
	       ex_eip == at);
	report("aam 0: AX unchanged", eax == 0x1234);
}

int main(void)
{
	/*
	 * SDM Vol. 2A, DAA "Example": 79H + 35H = AEH, DAA gives 14H with
	 * CF AF PF set, SF ZF clear (OF undefined).
	 */
	check("daa: SDM example 79+35", run_daa, 0xae, 0, 0x14,
	      FL_CF | FL_AF | FL_PF, FL_ARITH & ~FL_OF);
	/* DAS "Example": 35H - 47H = EEH with ZF=0 AF=1 PF=1 CF=1 -> 88H */
	check("das: SDM example 35-47", run_das, 0xee,
	      FL_AF | FL_PF | FL_CF, 0x88, FL_SF | FL_AF | FL_PF | FL_CF,
	      FL_ARITH & ~FL_OF);
	check("aaa: 0x0f -> 0x0105", run_aaa, 0x000f, 0, 0x0105,
	      FL_AF | FL_CF, FL_AF | FL_CF);
	check("aaa: AL 0xfa carries twice into AH (AX + 106H)", run_aaa,
	      0x00fa, 0, 0x0200, FL_AF | FL_CF, FL_AF | FL_CF);
	check("aaa: 0x0105 no adjust", run_aaa, 0x0105, 0, 0x0105, 0,
	      FL_AF | FL_CF);
	check("aas: AX 0x0200 with AF -> 0x000a", run_aas, 0x0200, FL_AF,
	      0x000a, FL_AF | FL_CF, FL_AF | FL_CF);
	check("aas: 0x0109 no adjust", run_aas, 0x0109, 0, 0x0109, 0,
	      FL_AF | FL_CF);
	check("aam: 63 -> 0x0603", run_aam10, 63, 0, 0x0603, FL_PF,
	      FL_SF | FL_ZF | FL_PF);
	check("aam 16: 0xab -> 0x0a0b", run_aam16, 0xab, 0, 0x0a0b, 0,
	      FL_SF | FL_ZF | FL_PF);
	check("aad: 0x0607 -> 67", run_aad10, 0x0607, 0, 0x0043, 0,
	      FL_SF | FL_ZF | FL_PF);
	check("aad 0: AL kept, AH cleared", run_aad0, 0x1280, 0, 0x0080,
	      FL_SF, FL_SF | FL_ZF | FL_PF);

	sweep("daa: all AL, AF, CF", K_DAA, run_daa, 0, 0);
	sweep("das: all AL, AF, CF", K_DAS, run_das, 0, 0);
	sweep("aaa: all AL, AH step 17, AF, CF", K_AAA, run_aaa, 0, 17);
	sweep("aas: all AL, AH step 17, AF, CF", K_AAS, run_aas, 0, 17);
	sweep("aam 10: all AL", K_AAM, run_aam10, 10, 0);
	sweep("aam 16: all AL", K_AAM, run_aam16, 16, 0);
	sweep("aam 7: all AL", K_AAM, run_aam7, 7, 0);
	sweep("aam 1: all AL", K_AAM, run_aam1, 1, 0);
	sweep("aad 10: all AL, AH", K_AAD, run_aad10, 10, 1);
	sweep("aad 16: all AL, AH step 3", K_AAD, run_aad16, 16, 3);
	sweep("aad 0: all AL, AH step 5", K_AAD, run_aad0, 0, 5);
	sweep("aad 255: all AL, AH step 7", K_AAD, run_aad255, 255, 7);
	aam_zero();
	return 0;
}
