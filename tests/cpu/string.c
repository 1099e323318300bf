// SPDX-License-Identifier: GPL-2.0-only
/*
 * String instructions: MOVS CMPS SCAS LODS STOS in 8, 16 and 32 bits, with
 * REP / REPE / REPNE, forward and backward (EFLAGS.DF), 16-bit addressing
 * through the 0x67 prefix (SI, DI and CX only, wrapping at 64 KiB) and
 * segment override prefixes (which apply to the DS:ESI operand only; ES:EDI
 * cannot be overridden).  SDM Vol. 1, 7.3.9; Vol. 2A/2B, "REP/REPE/REPZ/
 * REPNE/REPNZ", "MOVS", "CMPS", "SCAS", "LODS", "STOS".
 */
#include "libcpu.h"

struct st {
	u32 esi, edi, ecx, eax;
	u32 flags;
};

/* runs insn with the registers and EFLAGS of *s, and stores them back */
#define STR(fn, insn)							\
static void fn(struct st *s)						\
{									\
	u32 f = s->flags | 0x2;						\
									\
	asm volatile("pushl %[f]\n\tpopfl\n\t"				\
		     insn "\n\t"					\
		     "pushfl\n\tpopl %[f]\n\tcld"			\
		     : "+S"(s->esi), "+D"(s->edi), "+c"(s->ecx),	\
		       "+a"(s->eax), [f] "+r"(f) : : "memory", "cc");	\
	s->flags = f;							\
}

STR(rep_movsb, "rep movsb")
STR(rep_movsw, "rep movsw")
STR(rep_movsl, "rep movsl")
STR(movsb_1, "movsb")
STR(rep_stosb, "rep stosb")
STR(rep_stosw, "rep stosw")
STR(rep_stosl, "rep stosl")
STR(lodsb_1, "lodsb")
STR(lodsw_1, "lodsw")
STR(lodsl_1, "lodsl")
STR(rep_lodsb, "rep lodsb")
STR(repe_cmpsb, "repe cmpsb")
STR(repe_cmpsl, "repe cmpsl")
STR(repne_cmpsb, "repne cmpsb")
STR(cmpsw_1, "cmpsw")
STR(repne_scasb, "repne scasb")
STR(repe_scasl, "repe scasl")
STR(repe_scasw, "repe scasw")
STR(scasb_1, "scasb")
STR(a16_rep_movsb, "addr16 rep movsb")
STR(a16_lodsb, "addr16 lodsb")
STR(a16_rep_stosw, "addr16 rep stosw")
STR(a16_repne_scasb, "addr16 repne scasb")

static u8 src[256] __aligned(16), dst[256] __aligned(16);

static void fill(u8 *p, int n, u8 seed)
{
	int i;

	for (i = 0; i < n; i++)
		p[i] = (u8)(seed + i * 7);
}

/* one report comparing every register of interest; detail on failure */
static void check(const char *name, const struct st *s, u32 esi, u32 edi,
		  u32 ecx, u32 eax, u32 flags, u32 flag_mask, bool mem_ok)
{
	bool ok = s->esi == esi && s->edi == edi && s->ecx == ecx &&
		  s->eax == eax && !((s->flags ^ flags) & flag_mask) && mem_ok;

	if (ok) {
		report(name, true);
		return;
	}
	tests_run++;
	tests_failed++;
	printf("FAIL: %s -- got esi 0x%x edi 0x%x ecx 0x%x eax 0x%x flags 0x%x memory %s; want esi 0x%x edi 0x%x ecx 0x%x eax 0x%x flags 0x%x (mask 0x%x)\n",
	       name, s->esi, s->edi, s->ecx, s->eax, s->flags & flag_mask,
	       mem_ok ? "ok" : "wrong", esi, edi, ecx, eax, flags & flag_mask,
	       flag_mask);
}

static bool all_are(const u8 *p, int n, u8 v)
{
	int i;

	for (i = 0; i < n; i++)
		if (p[i] != v)
			return false;
	return true;
}

static void test_movs(void)
{
	struct st s;
	bool ok;

	fill(src, 256, 1);
	memset(dst, 0xcc, sizeof(dst));
	s = (struct st){ (u32)src, (u32)dst, 13, 0x1234, FL_ARITH };
	rep_movsb(&s);
	ok = !memcmp(dst, src, 13) && dst[13] == 0xcc;
	/* MOVS, STOS, LODS leave the flags alone */
	check("rep movsb forward", &s, (u32)src + 13, (u32)dst + 13, 0,
	      0x1234, FL_ARITH, FL_ARITH | FL_DF, ok);

	/* DF=1: ESI/EDI decrease by the element size after each move */
	memset(dst, 0xcc, sizeof(dst));
	s = (struct st){ (u32)src + 40, (u32)dst + 40, 5, 0, FL_DF };
	rep_movsw(&s);
	ok = !memcmp(dst + 32, src + 32, 10) && dst[31] == 0xcc &&
	     dst[42] == 0xcc;
	check("rep movsw backward", &s, (u32)src + 30, (u32)dst + 30, 0, 0,
	      FL_DF, FL_ARITH | FL_DF, ok);

	memset(dst, 0xcc, sizeof(dst));
	s = (struct st){ (u32)src + 4, (u32)dst + 8, 4, 0, 0 };
	rep_movsl(&s);
	ok = !memcmp(dst + 8, src + 4, 16) && dst[24] == 0xcc && dst[7] == 0xcc;
	check("rep movsd forward", &s, (u32)src + 20, (u32)dst + 24, 0, 0, 0,
	      FL_ARITH | FL_DF, ok);

	memset(dst, 0xcc, sizeof(dst));
	s = (struct st){ (u32)src + 100, (u32)dst + 100, 3, 0, FL_DF };
	rep_movsl(&s);
	ok = !memcmp(dst + 92, src + 92, 12) && dst[91] == 0xcc &&
	     dst[104] == 0xcc;
	check("rep movsd backward", &s, (u32)src + 88, (u32)dst + 88, 0, 0,
	      FL_DF, FL_ARITH | FL_DF, ok);

	/* ECX = 0: no iteration at all */
	memset(dst, 0xcc, sizeof(dst));
	s = (struct st){ (u32)src, (u32)dst, 0, 0, 0 };
	rep_movsb(&s);
	check("rep movsb with ecx 0 does nothing", &s, (u32)src, (u32)dst, 0,
	      0, 0, FL_ARITH, all_are(dst, 256, 0xcc));

	/* without REP: one element, ECX untouched */
	s = (struct st){ (u32)src, (u32)dst, 77, 0, 0 };
	movsb_1(&s);
	check("movsb without rep", &s, (u32)src + 1, (u32)dst + 1, 77, 0, 0,
	      FL_ARITH, dst[0] == src[0] && dst[1] == 0xcc);

	/*
	 * Overlap: each iteration reads what the previous one wrote ("moves
	 * the byte at DS:ESI to ES:EDI, then updates" per iteration), so a
	 * copy one byte up replicates the first byte.
	 */
	fill(dst, 32, 9);
	s = (struct st){ (u32)dst, (u32)dst + 1, 20, 0, 0 };
	rep_movsb(&s);
	check("rep movsb overlapping by one replicates", &s, (u32)dst + 20,
	      (u32)dst + 21, 0, 0, 0, 0, all_are(dst, 21, 9));
	/* a long copy: more than any one-page fast path */
	fill(src, 256, 3);
	memset(dst, 0, sizeof(dst));
	s = (struct st){ (u32)src, (u32)dst, 64, 0, 0 };
	rep_movsl(&s);
	check("rep movsd 256 bytes", &s, (u32)src + 256, (u32)dst + 256, 0, 0,
	      0, 0, !memcmp(src, dst, 256));
}

static void test_stos_lods(void)
{
	struct st s;
	bool ok;

	memset(dst, 0xcc, sizeof(dst));
	s = (struct st){ 0x1111, (u32)dst + 1, 9, 0xdeadbe5a, FL_ARITH };
	rep_stosb(&s);
	ok = all_are(dst + 1, 9, 0x5a) && dst[0] == 0xcc && dst[10] == 0xcc;
	check("rep stosb", &s, 0x1111, (u32)dst + 10, 0, 0xdeadbe5a, FL_ARITH,
	      FL_ARITH | FL_DF, ok);

	memset(dst, 0xcc, sizeof(dst));
	s = (struct st){ 0, (u32)dst + 20, 3, 0x1234abcd, FL_DF };
	rep_stosw(&s);
	ok = dst[15] == 0xcc && dst[16] == 0xcd && dst[17] == 0xab &&
	     dst[20] == 0xcd && dst[21] == 0xab && dst[22] == 0xcc;
	check("rep stosw backward", &s, 0, (u32)dst + 14, 0, 0x1234abcd, FL_DF,
	      FL_ARITH | FL_DF, ok);

	memset(dst, 0xcc, sizeof(dst));
	s = (struct st){ 0, (u32)dst + 4, 5, 0x89abcdef, 0 };
	rep_stosl(&s);
	ok = dst[3] == 0xcc && dst[24] == 0xcc &&
	     ((u32 *)dst)[1] == 0x89abcdef && ((u32 *)dst)[5] == 0x89abcdef;
	check("rep stosd", &s, 0, (u32)dst + 24, 0, 0x89abcdef, 0,
	      FL_ARITH | FL_DF, ok);

	fill(src, 16, 0x80);
	s = (struct st){ (u32)src + 2, 0, 5, 0x12345678, 0 };
	lodsb_1(&s);
	/* LODSB writes AL only */
	check("lodsb", &s, (u32)src + 3, 0, 5, 0x12345600 | src[2], 0,
	      FL_ARITH, true);
	s = (struct st){ (u32)src + 2, 0, 5, 0x12345678, FL_DF };
	lodsw_1(&s);
	check("lodsw backward", &s, (u32)src, 0, 5,
	      0x12340000 | src[3] << 8 | src[2], FL_DF, FL_ARITH | FL_DF, true);
	s = (struct st){ (u32)src + 4, 0, 5, 0, 0 };
	lodsl_1(&s);
	check("lodsd", &s, (u32)src + 8, 0, 5, *(u32 *)(src + 4), 0, FL_ARITH,
	      true);
	s = (struct st){ (u32)src, 0, 3, 0xffffffff, 0 };
	rep_lodsb(&s);
	check("rep lodsb leaves the last byte", &s, (u32)src + 3, 0, 0,
	      0xffffff00 | src[2], 0, FL_ARITH, true);
}

static void test_cmps_scas(void)
{
	struct st s;
	int i;

	for (i = 0; i < 32; i++)
		src[i] = dst[i] = (u8)(0x40 + i);
	src[5] = 0x10;
	dst[5] = 0x20;
	/*
	 * REPE stops after the first unequal pair, having counted it: 6
	 * iterations.  CMPS computes DS:[ESI] - ES:[EDI]: 10h - 20h = F0h,
	 * CF SF PF set.
	 */
	s = (struct st){ (u32)src, (u32)dst, 10, 0, FL_ZF };
	repe_cmpsb(&s);
	check("repe cmpsb stops at the first difference", &s, (u32)src + 6,
	      (u32)dst + 6, 4, 0, FL_CF | FL_PF | FL_SF, FL_ARITH, true);

	s = (struct st){ (u32)src + 6, (u32)dst + 6, 8, 0, 0 };
	repe_cmpsb(&s);
	check("repe cmpsb all equal runs out", &s, (u32)src + 14,
	      (u32)dst + 14, 0, 0, FL_ZF | FL_PF, FL_ARITH, true);

	/* dwords: src[4..7] vs dst[4..7] differ in byte 5 */
	s = (struct st){ (u32)src, (u32)dst, 4, 0, 0 };
	repe_cmpsl(&s);
	check("repe cmpsd", &s, (u32)src + 8, (u32)dst + 8, 2, 0, 0, FL_ZF,
	      true);

	for (i = 0; i < 32; i++)
		dst[i] = (u8)~src[i];
	dst[3] = src[3];
	s = (struct st){ (u32)src, (u32)dst, 10, 0, 0 };
	repne_cmpsb(&s);
	check("repne cmpsb stops at the first equal", &s, (u32)src + 4,
	      (u32)dst + 4, 6, 0, FL_ZF | FL_PF, FL_ARITH, true);

	/* ECX = 0: no comparison, so the flags stay as they were */
	s = (struct st){ (u32)src, (u32)dst, 0, 0, FL_ARITH };
	repne_cmpsb(&s);
	check("repne cmpsb with ecx 0 keeps the flags", &s, (u32)src,
	      (u32)dst, 0, 0, FL_ARITH, FL_ARITH, true);

	/* CMPSW signed overflow: 8000h - 0001h */
	*(u16 *)src = 0x8000;
	*(u16 *)dst = 0x0001;
	s = (struct st){ (u32)src, (u32)dst, 0, 0, 0 };
	cmpsw_1(&s);
	check("cmpsw flags", &s, (u32)src + 2, (u32)dst + 2, 0, 0,
	      FL_OF | FL_AF | FL_PF, FL_ARITH, true);

	for (i = 0; i < 64; i++)
		dst[i] = (u8)i;
	s = (struct st){ 0, (u32)dst, 20, 0xabcdef07, 0 };
	repne_scasb(&s);
	check("repne scasb finds AL", &s, 0, (u32)dst + 8, 12, 0xabcdef07,
	      FL_ZF | FL_PF, FL_ARITH, true);

	s = (struct st){ 0, (u32)dst, 20, 0x99, 0 };
	repne_scasb(&s);
	/* last compare 99h - 13h = 86h */
	check("repne scasb not found", &s, 0, (u32)dst + 20, 0, 0x99,
	      FL_SF, FL_ARITH, true);

	s = (struct st){ 0, (u32)dst + 30, 40, 0x05, FL_DF };
	repne_scasb(&s);
	check("repne scasb backward", &s, 0, (u32)dst + 4, 14, 0x05,
	      FL_ZF | FL_PF | FL_DF, FL_ARITH | FL_DF, true);

	for (i = 0; i < 8; i++)
		((u32 *)dst)[i] = 0x11223344;
	((u32 *)dst)[3] = 0x11223345;
	s = (struct st){ 0, (u32)dst, 8, 0x11223344, 0 };
	repe_scasl(&s);
	/* 11223344h - 11223345h = FFFFFFFFh: CF SF AF PF */
	check("repe scasd", &s, 0, (u32)dst + 16, 4, 0x11223344,
	      FL_CF | FL_SF | FL_AF | FL_PF, FL_ARITH, true);

	*(u16 *)dst = 0x7fff;
	s = (struct st){ 0, (u32)dst, 1, 0xffff, 0 };
	repe_scasw(&s);
	/* FFFFh - 7FFFh = 8000h, signed -1 - 32767: no overflow */
	check("repe scasw", &s, 0, (u32)dst + 2, 0, 0xffff, FL_SF | FL_PF,
	      FL_ARITH, true);

	dst[0] = 0x80;
	s = (struct st){ 0, (u32)dst, 5, 0x7f, 0 };
	scasb_1(&s);
	/* 7Fh - 80h = FFh: OF (positive minus negative), CF, SF, PF */
	check("scasb overflow", &s, 0, (u32)dst + 1, 5, 0x7f,
	      FL_OF | FL_CF | FL_SF | FL_PF, FL_ARITH, true);
}

/*
 * 16-bit addressing (prefix 0x67): the string instructions use SI, DI and
 * CX; the upper halves of ESI, EDI, ECX stay as they were and the offsets
 * wrap at 64 KiB (SDM Vol. 1, 3.6 "Operand-size and address-size
 * attributes"; Vol. 2B MOVS "Operation": the 16-bit address-size forms).
 * The buffers are in low memory, which a 16-bit offset with a flat DS can
 * reach: 0x7000..0x7fff, and the byte at 0xffff.
 */
#define LOW_SRC ((u8 *)0x7000)
#define LOW_DST ((u8 *)0x7800)

static void test_addr16(void)
{
	struct st s;
	bool ok;

	fill(LOW_SRC, 64, 0x21);
	memset(LOW_DST, 0xcc, 64);
	s = (struct st){ 0x12347000, 0xabcd7800, 0x55550004, 0, 0 };
	a16_rep_movsb(&s);
	ok = !memcmp(LOW_DST, LOW_SRC, 4) && LOW_DST[4] == 0xcc;
	check("addr16 rep movsb uses SI DI CX", &s, 0x12347004, 0xabcd7804,
	      0x55550000, 0, 0, 0, ok);

	*(volatile u8 *)0xffff = 0x3e;
	s = (struct st){ 0x1234ffff, 0, 0, 0, 0 };
	a16_lodsb(&s);
	check("addr16 lodsb wraps SI to 0", &s, 0x12340000, 0, 0, 0x3e, 0, 0,
	      true);

	memset(LOW_DST, 0xcc, 64);
	s = (struct st){ 0, 0xffff7808, 0xffff0003, 0x4455, FL_DF };
	a16_rep_stosw(&s);
	ok = LOW_DST[3] == 0xcc && LOW_DST[4] == 0x55 && LOW_DST[9] == 0x44 &&
	     LOW_DST[10] == 0xcc;
	check("addr16 rep stosw backward", &s, 0, 0xffff7802, 0xffff0000,
	      0x4455, FL_DF, FL_DF, ok);

	fill(LOW_DST, 64, 0);
	s = (struct st){ 0, 0x00017800, 0x00010040, 0x0e, 0 };
	a16_repne_scasb(&s);
	/* fill() wrote i * 7: 0x0e at index 2 */
	check("addr16 repne scasb", &s, 0, 0x00017803, 0x0001003d, 0x0e,
	      FL_ZF, FL_ZF, true);
}

/*
 * Segment overrides: a data segment whose base is not 0.  The override
 * changes DS:ESI only; "the ES segment cannot be overridden" for the
 * destination of MOVS/STOS and the operand of SCAS (SDM Vol. 2B, MOVS and
 * STOS "Description").
 */
#define SEG_IDX		GDT_FIRST_FREE
#define SEG_SEL		(SEG_IDX << 3)

static u8 segbuf[64];

static void test_seg_override(void)
{
	u32 base = (u32)segbuf - 0x1000;
	u32 esi, edi, ecx, eax;
	bool ok;

	gdt_set(SEG_IDX, base, 0xfffff, DESC_DATA32, DESC_G | DESC_DB);
	fill(segbuf, 64, 0x61);
	memset(dst, 0, sizeof(dst));

	/* fs: lodsb reads FS:ESI */
	esi = 0x1004;
	asm volatile("movw %w[sel], %%fs\n\t"
		     "fs lodsb\n\t"
		     "movw %w[ds], %%fs"
		     : "+S"(esi), "=a"(eax)
		     : [sel] "r"(SEG_SEL), [ds] "r"(KERNEL_DS), "a"(0)
		     : "memory");
	report("fs: lodsb reads through FS", (eax & 0xff) == segbuf[4] &&
	       esi == 0x1005);

	/* fs: rep movsb: the source through FS, the destination through ES */
	esi = 0x1008;
	edi = (u32)dst;
	ecx = 8;
	asm volatile("movw %w[sel], %%fs\n\t"
		     "fs rep movsb\n\t"
		     "movw %w[ds], %%fs"
		     : "+S"(esi), "+D"(edi), "+c"(ecx)
		     : [sel] "r"(SEG_SEL), [ds] "r"(KERNEL_DS) : "memory");
	report("fs: rep movsb source through FS", !memcmp(dst, segbuf + 8, 8) &&
	       esi == 0x1010 && edi == (u32)dst + 8 && ecx == 0);

	/* fs: stosb: the prefix does not move the destination */
	memset(dst, 0, sizeof(dst));
	edi = (u32)dst + 3;
	asm volatile("movw %w[sel], %%fs\n\t"
		     ".byte 0x64\n\tstosb\n\t"
		     "movw %w[ds], %%fs"
		     : "+D"(edi)
		     : "a"(0x77), [sel] "r"(SEG_SEL), [ds] "r"(KERNEL_DS)
		     : "memory");
	report("fs: stosb still writes ES:EDI", dst[3] == 0x77 &&
	       edi == (u32)dst + 4);

	/* ES itself with a base: STOS goes there */
	memset(segbuf, 0, sizeof(segbuf));
	edi = 0x1010;
	asm volatile("pushl %%es\n\t"
		     "movw %w[sel], %%es\n\t"
		     "stosl\n\t"
		     "popl %%es"
		     : "+D"(edi) : "a"(0xfeedf00d), [sel] "r"(SEG_SEL)
		     : "memory");
	report("stosd through an ES with a base",
	       *(u32 *)(segbuf + 0x10) == 0xfeedf00d && edi == 0x1014);

	/* cs: cmpsb: the source through CS (flat), ES:EDI as usual */
	src[0] = 0x42;
	dst[0] = 0x42;
	esi = (u32)src;
	edi = (u32)dst;
	asm volatile("cs cmpsb\n\t"
		     "pushfl\n\tpopl %[f]"
		     : "+S"(esi), "+D"(edi), [f] "=r"(ecx) : : "memory", "cc");
	report("cs: cmpsb", (ecx & FL_ZF) && esi == (u32)src + 1);

	/* ss: rep lodsd via an override on the stack segment */
	ok = true;
	{
		u32 words[3] = { 1, 2, 0xabcdef01 };

		esi = (u32)words;
		ecx = 3;
		asm volatile("ss rep lodsl"
			     : "+S"(esi), "+c"(ecx), "=a"(eax) : "m"(words)
			     : "memory");
		ok = eax == 0xabcdef01 && esi == (u32)words + 12 && !ecx;
	}
	report("ss: rep lodsd", ok);
}

int main(void)
{
	test_movs();
	test_stos_lods();
	test_cmps_scas();
	test_addr16();
	test_seg_override();
	return 0;
}
