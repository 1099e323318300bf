// SPDX-License-Identifier: GPL-2.0-only
/*
 * Differential test of the translator against the host CPU.
 *
 * Each case is the encoding of one user-level instruction that means the
 * same in 32-bit and 64-bit mode (ALU, shifts, mul/div, bit operations,
 * setcc/cmovcc, strings with a 0x67 prefix ...).  For thousands of random
 * and boundary operand values it runs the bytes natively, in a small
 * generated function of this process, and under the translator in a flat
 * 32-bit guest, then compares the eight registers, the flags the SDM
 * defines for that instruction (Zydis says which are undefined), memory,
 * and whether #DE was raised.  The host CPU is the oracle.
 *
 * Prints TAP: one test per instruction form.
 * RINGVM_BACKEND=interp|x64 picks the translator's backend (default: the
 * build's default).
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

#include <Zydis/Zydis.h>

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
#define ITERATIONS	3000

struct regs {
	uint32_t r[8];		/* eax..edi (esp unused) */
	uint64_t flags;
};

static uint8_t *guest_ram;
static uint8_t *host_data;
static struct x86_cpu *cpu;
static uint8_t *native_code;
static sigjmp_buf native_env;
static volatile int native_fault;
static uint64_t rng = 0x9e3779b97f4a7c15ULL;

static uint32_t rnd(void)
{
	rng ^= rng << 13;
	rng ^= rng >> 7;
	rng ^= rng << 17;
	return (uint32_t)rng;
}

/* Operand values: half boundary cases, half random. */
static uint32_t operand(void)
{
	static const uint32_t edge[] = {
		0, 1, 2, 0x7f, 0x80, 0xff, 0x100, 0x7fff, 0x8000, 0xffff,
		0x10000, 0x7fffffff, 0x80000000u, 0xffffffffu, 0xfffffffeu,
		31, 32, 33, 8, 9, 16, 17, 0x55555555, 0xaaaaaaaau,
	};

	if (rnd() & 1)
		return edge[rnd() % (sizeof(edge) / sizeof(edge[0]))];
	switch (rnd() & 3) {
	case 0: return rnd() & 0xff;
	case 1: return rnd() & 0x1f;
	default: return rnd();
	}
}

/* --- native execution --- */

static size_t emit(uint8_t *p, const void *bytes, size_t n)
{
	memcpy(p, bytes, n);
	return n;
}

/* Build: save callee-saved registers, load the state pointed to by rdi,
 * run @insn, store the state back. */
static void build_native(const uint8_t *insn, size_t len)
{
	static const uint8_t prologue[] = {
		0x53, 0x55, 0x41, 0x54, 0x41, 0x55, 0x41, 0x56, 0x41, 0x57,
		0x49, 0x89, 0xff,			/* mov r15, rdi */
		0x41, 0xff, 0x77, 32,			/* push [r15+32] */
		0x9d,					/* popfq */
	};
	static const uint8_t loadregs[] = { 0x47, 0x4f, 0x57, 0x5f, 0, 0x6f, 0x77, 0x7f };
	static const uint8_t epilogue[] = {
		0x9c, 0x41, 0x8f, 0x47, 32,		/* pushfq; pop [r15+32] */
	};
	static const uint8_t ret[] = {
		0xfc,					/* cld: the ABI wants DF=0 */
		0x41, 0x5f, 0x41, 0x5e, 0x41, 0x5d, 0x41, 0x5c, 0x5d, 0x5b, 0xc3,
	};
	uint8_t *p = native_code;
	int i;

	p += emit(p, prologue, 13);
	for (i = 0; i < 8; i++) {
		uint8_t ld[4] = { 0x41, 0x8b, loadregs[i], (uint8_t)(i * 4) };

		if (i != 4)
			p += emit(p, ld, 4);
	}
	p += emit(p, prologue + 13, sizeof(prologue) - 13);
	p += emit(p, insn, len);
	p += emit(p, epilogue, sizeof(epilogue));
	for (i = 0; i < 8; i++) {
		uint8_t st[4] = { 0x41, 0x89, loadregs[i], (uint8_t)(i * 4) };

		if (i != 4)
			p += emit(p, st, 4);
	}
	emit(p, ret, sizeof(ret));
}

static void on_sigfpe(int sig)
{
	(void)sig;
	native_fault = 1;
	siglongjmp(native_env, 1);
}

static bool run_native(struct regs *r)
{
	void (*fn)(struct regs *) = (void (*)(struct regs *))native_code;

	native_fault = 0;
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
	uint32_t hi = (off & 0xffff0000u) | 0x8e00;	/* present 32-bit interrupt gate */

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

/* Returns the vector raised, or -1 when the instruction completed.  The
 * native bytes use 0x67 to get 32-bit addressing in 64-bit mode; in the
 * 32-bit guest that is the default, so the prefix is dropped. */
static int run_guest(const uint8_t *native, size_t nlen, struct regs *r)
{
	uint8_t insn[16];
	size_t len = 0, k;
	int i;

	for (k = 0; k < nlen; k++)
		if (native[k] != 0x67)
			insn[len++] = native[k];

	cpu_reset(cpu);
	cpu->cr[0] = CR0_PE | CR0_ET;
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
	memcpy(guest_ram + CODE_GPA, insn, len);
	guest_ram[CODE_GPA + len] = 0xf4;	/* hlt */
	/* written through a host pointer, as DMA would: say so */
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

/* --- the cases --- */

struct dcase {
	const char *name;
	uint8_t bytes[8];
	uint8_t len;
	bool mem;		/* an operand is [ebx] in the data page */
	int shift_count_reg;	/* -1, or the register holding a shift count (cl) */
	int shift_imm;		/* -1, or the immediate count */
	unsigned width;		/* operand bits, for shift count rules */
	bool shld;		/* double shift */
};

#define C(n, w, ...) { n, { __VA_ARGS__ }, sizeof((uint8_t[]){ __VA_ARGS__ }), false, -1, -1, w, false }
#define M(n, w, ...) { n, { __VA_ARGS__ }, sizeof((uint8_t[]){ __VA_ARGS__ }), true, -1, -1, w, false }
#define S(n, w, cnt, ...) { n, { __VA_ARGS__ }, sizeof((uint8_t[]){ __VA_ARGS__ }), false, cnt < 0 ? 1 : -1, cnt, w, false }
#define D(n, w, cnt, ...) { n, { __VA_ARGS__ }, sizeof((uint8_t[]){ __VA_ARGS__ }), false, cnt < 0 ? 1 : -1, cnt, w, true }

static const struct dcase cases[] = {
	C("add eax, ebx", 32, 0x01, 0xd8), C("add ax, bx", 16, 0x66, 0x01, 0xd8),
	C("add al, bl", 8, 0x00, 0xd8), C("add ah, bh", 8, 0x00, 0xfc),
	C("adc eax, ebx", 32, 0x11, 0xd8), C("adc al, bl", 8, 0x10, 0xd8),
	C("sub eax, ebx", 32, 0x29, 0xd8), C("sub ax, bx", 16, 0x66, 0x29, 0xd8),
	C("sbb eax, ebx", 32, 0x19, 0xd8), C("sbb al, bl", 8, 0x18, 0xd8),
	C("cmp eax, ebx", 32, 0x39, 0xd8), C("cmp al, bl", 8, 0x38, 0xd8),
	C("and eax, ebx", 32, 0x21, 0xd8), C("or ax, bx", 16, 0x66, 0x09, 0xd8),
	C("xor al, bl", 8, 0x30, 0xd8), C("test eax, ebx", 32, 0x85, 0xd8),
	C("add eax, imm8", 32, 0x83, 0xc0, 0x80), C("sub eax, imm32", 32, 0x2d, 0x01, 0, 0, 0x80),
	C("inc eax", 32, 0xff, 0xc0), C("dec bx", 16, 0x66, 0xff, 0xcb), C("inc cl", 8, 0xfe, 0xc1),
	C("neg eax", 32, 0xf7, 0xd8), C("neg al", 8, 0xf6, 0xd8), C("not ebx", 32, 0xf7, 0xd3),
	S("shl eax, cl", 32, -1, 0xd3, 0xe0), S("shr eax, cl", 32, -1, 0xd3, 0xe8),
	S("sar eax, cl", 32, -1, 0xd3, 0xf8), S("shl al, cl", 8, -1, 0xd2, 0xe0),
	S("shr ax, cl", 16, -1, 0x66, 0xd3, 0xe8), S("sar bl, cl", 8, -1, 0xd2, 0xfb),
	S("shl eax, 1", 32, 1, 0xd1, 0xe0), S("shr eax, 1", 32, 1, 0xd1, 0xe8),
	S("sar eax, 1", 32, 1, 0xd1, 0xf8), S("shl eax, 7", 32, 7, 0xc1, 0xe0, 7),
	S("rol eax, cl", 32, -1, 0xd3, 0xc0), S("ror eax, cl", 32, -1, 0xd3, 0xc8),
	S("rcl eax, cl", 32, -1, 0xd3, 0xd0), S("rcr eax, cl", 32, -1, 0xd3, 0xd8),
	S("rol al, cl", 8, -1, 0xd2, 0xc0), S("rcr ax, cl", 16, -1, 0x66, 0xd3, 0xd8),
	S("rcl bl, 1", 8, 1, 0xd0, 0xd3), S("ror eax, 1", 32, 1, 0xd1, 0xc8),
	S("rol ax, cl", 16, -1, 0x66, 0xd3, 0xc0), S("ror bl, cl", 8, -1, 0xd2, 0xcb),
	S("ror ax, cl", 16, -1, 0x66, 0xd3, 0xc8), S("rol bl, 1", 8, 1, 0xd0, 0xc3),
	S("ror eax, 13", 32, 13, 0xc1, 0xc8, 13), S("rol ax, 16", 16, 16, 0x66, 0xc1, 0xc0, 16),
	D("shld eax, ebx, cl", 32, -1, 0x0f, 0xa5, 0xd8), D("shrd eax, ebx, cl", 32, -1, 0x0f, 0xad, 0xd8),
	D("shld ax, bx, cl", 16, -1, 0x66, 0x0f, 0xa5, 0xd8), D("shrd eax, ebx, 5", 32, 5, 0x0f, 0xac, 0xd8, 5),
	C("mul ebx", 32, 0xf7, 0xe3), C("mul bl", 8, 0xf6, 0xe3), C("mul bx", 16, 0x66, 0xf7, 0xe3),
	C("imul ebx", 32, 0xf7, 0xeb), C("imul bl", 8, 0xf6, 0xeb),
	C("imul eax, ebx", 32, 0x0f, 0xaf, 0xc3), C("imul ax, bx", 16, 0x66, 0x0f, 0xaf, 0xc3),
	C("imul eax, ebx, -3", 32, 0x6b, 0xc3, 0xfd),
	C("div ebx", 32, 0xf7, 0xf3), C("idiv ebx", 32, 0xf7, 0xfb),
	C("div bl", 8, 0xf6, 0xf3), C("idiv bx", 16, 0x66, 0xf7, 0xfb),
	C("bt eax, ebx", 32, 0x0f, 0xa3, 0xd8), C("bts eax, ebx", 32, 0x0f, 0xab, 0xd8),
	C("btr ax, bx", 16, 0x66, 0x0f, 0xb3, 0xd8), C("btc eax, 33", 32, 0x0f, 0xba, 0xf8, 33),
	C("bsf eax, ebx", 32, 0x0f, 0xbc, 0xc3), C("bsr eax, ebx", 32, 0x0f, 0xbd, 0xc3),
	C("seto al", 8, 0x0f, 0x90, 0xc0), C("setb al", 8, 0x0f, 0x92, 0xc0),
	C("setbe al", 8, 0x0f, 0x96, 0xc0), C("setl al", 8, 0x0f, 0x9c, 0xc0),
	C("setle al", 8, 0x0f, 0x9e, 0xc0), C("setp al", 8, 0x0f, 0x9a, 0xc0),
	C("sets al", 8, 0x0f, 0x98, 0xc0), C("setnz al", 8, 0x0f, 0x95, 0xc0),
	C("cmovg eax, ebx", 32, 0x0f, 0x4f, 0xc3), C("cmovae ax, bx", 16, 0x66, 0x0f, 0x43, 0xc3),
	C("cmp;jl (via setl after cmp)", 8, 0x39, 0xd8, 0x0f, 0x9c, 0xc1),
	/* conditions computed from a known add, sbb, test (gen_cond.c) */
	C("add;setb", 32, 0x01, 0xd8, 0x0f, 0x92, 0xc1),
	C("add;setnbe", 32, 0x01, 0xd8, 0x0f, 0x97, 0xc1),
	C("add al;setbe", 8, 0x00, 0xd8, 0x0f, 0x96, 0xc1),
	C("add ax;setae", 16, 0x66, 0x01, 0xd8, 0x0f, 0x93, 0xc1),
	C("cmp;sbb;setl", 32, 0x39, 0xd8, 0x19, 0xd1, 0x0f, 0x9c, 0xc3),
	C("cmp;sbb;setge", 32, 0x39, 0xd8, 0x19, 0xd1, 0x0f, 0x9d, 0xc3),
	C("cmp;sbb;setle", 32, 0x39, 0xd8, 0x19, 0xd1, 0x0f, 0x9e, 0xc3),
	C("cmp;sbb;setg", 32, 0x39, 0xd8, 0x19, 0xd1, 0x0f, 0x9f, 0xc3),
	C("test;seto;setb", 32, 0x85, 0xd8, 0x0f, 0x90, 0xc1, 0x0f, 0x92, 0xc5),
	C("test;setno;setae", 32, 0x85, 0xd8, 0x0f, 0x91, 0xc1, 0x0f, 0x93, 0xc5),
	C("sub;setbe", 8, 0x29, 0xd8, 0x0f, 0x96, 0xc1),
	C("test;setle", 8, 0x85, 0xd8, 0x0f, 0x9e, 0xc1),
	C("inc;sets", 8, 0xff, 0xc0, 0x0f, 0x98, 0xc1),
	/* flag consumers right after their producer, in one block: the
	 * translator's compile-time paths for a known cc_op */
	C("add;setb", 8, 0x01, 0xd8, 0x0f, 0x92, 0xc1),
	C("add al;setb", 8, 0x00, 0xd8, 0x0f, 0x92, 0xc1),
	C("add;adc", 32, 0x01, 0xd8, 0x11, 0xd1),
	C("sub;sbb", 32, 0x29, 0xd8, 0x19, 0xd1),
	C("sub ax;sbb", 16, 0x66, 0x29, 0xd8, 0x66, 0x19, 0xd1),
	C("and;adc", 32, 0x21, 0xd8, 0x11, 0xd1),
	C("inc;adc", 32, 0xff, 0xc0, 0x11, 0xd1),
	C("dec;setbe", 8, 0xff, 0xc8, 0x0f, 0x96, 0xc1),
	C("cmp;cmovl", 32, 0x39, 0xd8, 0x0f, 0x4c, 0xca),
	C("test;cmovle", 32, 0x85, 0xd8, 0x0f, 0x4e, 0xca),
	C("add;seto", 8, 0x01, 0xd8, 0x0f, 0x90, 0xc1),
	C("sub;setp", 8, 0x29, 0xd8, 0x0f, 0x9a, 0xc1),
	C("bswap eax", 32, 0x0f, 0xc8), C("xadd eax, ebx", 32, 0x0f, 0xc1, 0xd8),
	C("cmpxchg ebx, ecx", 32, 0x0f, 0xb1, 0xcb), C("cmpxchg bl, cl", 8, 0x0f, 0xb0, 0xcb),
	C("movzx eax, bl", 32, 0x0f, 0xb6, 0xc3), C("movsx eax, bx", 32, 0x0f, 0xbf, 0xc3),
	C("movsx ax, bl", 16, 0x66, 0x0f, 0xbe, 0xc3),
	C("lea eax, [ebx+ecx*4+8]", 32, 0x8d, 0x44, 0x8b, 0x08),
	C("cwde", 32, 0x98), C("cdq", 32, 0x99), C("cbw", 16, 0x66, 0x98), C("cwd", 16, 0x66, 0x99),
	C("lahf-free: cmc", 32, 0xf5), C("clc", 32, 0xf8), C("stc", 32, 0xf9),
	C("xchg eax, ebx", 32, 0x93),
	M("add [ebx], eax", 32, 0x67, 0x01, 0x03), M("sub eax, [ebx]", 32, 0x67, 0x2b, 0x03),
	M("shl dword [ebx], cl", 32, 0x67, 0xd3, 0x23), M("bts [ebx], ecx", 32, 0x67, 0x0f, 0xab, 0x0b),
	M("btr [ebx], ecx", 32, 0x67, 0x0f, 0xb3, 0x0b),
	M("xadd [ebx], eax", 32, 0x67, 0x0f, 0xc1, 0x03),
	M("rep stosb", 8, 0x67, 0xf3, 0xaa), M("rep movsb", 8, 0x67, 0xf3, 0xa4),
	M("repe cmpsb", 8, 0x67, 0xf3, 0xa6), M("repne scasb", 8, 0x67, 0xf2, 0xae),
	M("lodsd", 32, 0x67, 0xad), M("rep stosd (std)", 32, 0xfd, 0x67, 0xf3, 0xab),
};

/* Which flags a case defines for these inputs. */
static uint32_t defined_flags(const struct dcase *c, const ZydisDecodedInstruction *zi,
			      const struct regs *in)
{
	uint32_t mask = CC_MASK;
	unsigned count;

	/* Zydis lists the flags the SDM leaves undefined (AF after logic,
	 * SF/ZF/AF/PF after mul, everything but CF after bt, ...) */
	if (zi->cpu_flags)
		mask &= ~zi->cpu_flags->undefined;
	if (c->shift_imm >= 0 || c->shift_count_reg >= 0) {
		count = (c->shift_imm >= 0 ? (unsigned)c->shift_imm : in->r[1]) & 31;
		if (count != 1)
			mask &= ~CC_O;	/* OF: count 1 only */
		if (c->width < 32 && count > c->width)
			mask &= ~CC_C;	/* CF undefined past the width */
		if (zi->mnemonic == ZYDIS_MNEMONIC_SHL ||
		    zi->mnemonic == ZYDIS_MNEMONIC_SHR ||
		    zi->mnemonic == ZYDIS_MNEMONIC_SAR)
			mask &= ~CC_A;
		if (c->shld && count > c->width)
			mask = 0;	/* all undefined (SDM "SHLD") */
	}
	return mask;
}

static void init_regs(const struct dcase *c, struct regs *r)
{
	int i;

	for (i = 0; i < 8; i++)
		r->r[i] = operand();
	r->r[R_ESP] = 0;
	/* random arithmetic flags; DF only when the case sets it itself */
	r->flags = 0x2 | (rnd() & CC_MASK);
	if (c->mem) {
		r->r[R_EBX] = DATA_ADDR + (rnd() & 0x3f);
		r->r[R_ESI] = DATA_ADDR + 0x100 + (rnd() & 0x3f);
		r->r[R_EDI] = DATA_ADDR + 0x300 + (rnd() & 0x3f);
		r->r[R_ECX] = (r->r[R_ECX] & 0x3f) | (rnd() & 1 ? 0 : 0x80);
		r->r[R_ECX] &= 0xff;
	}
	if (c->shld && (rnd() & 1))
		r->r[R_ECX] &= 0x1f;
}

static int test_case(const struct dcase *c, const ZydisDecoder *dec)
{
	ZydisDecodedInstruction zi;
	ZydisDecodedOperand zo[ZYDIS_MAX_OPERAND_COUNT];
	uint8_t data[DATA_BYTES];
	int it, bad = 0;

	/* the last instruction of the case decides the flag rules */
	if (ZYAN_FAILED(ZydisDecoderDecodeFull(dec, c->bytes, c->len, &zi, zo)))
		return -1;
	if (zi.length < c->len) {
		ZydisDecodedInstruction z2;

		if (ZYAN_SUCCESS(ZydisDecoderDecodeFull(dec, c->bytes + zi.length,
							c->len - zi.length, &z2, zo)))
			zi = z2;
	}
	build_native(c->bytes, c->len);
	for (it = 0; it < ITERATIONS && bad < 3; it++) {
		struct regs in, nat, emu;
		bool ok_native;
		int vec, i;
		uint32_t mask;

		init_regs(c, &in);
		for (i = 0; i < (int)DATA_BYTES; i++)
			data[i] = (uint8_t)rnd();
		nat = in;
		memcpy(host_data, data, DATA_BYTES);
		ok_native = run_native(&nat);
		emu = in;
		memcpy(guest_ram + DATA_ADDR, data, DATA_BYTES);
		vec = run_guest(c->bytes, c->len, &emu);
		if (!ok_native) {
			if (vec != EXC_DE) {
				printf("# %s: native #DE, translator %d (eax=%08x ebx=%08x edx=%08x)\n",
				       c->name, vec, in.r[0], in.r[3], in.r[2]);
				bad++;
			}
			continue;
		}
		if (vec != -1) {
			printf("# %s: translator raised %d (eax=%08x ebx=%08x ecx=%08x edx=%08x)\n",
			       c->name, vec, in.r[0], in.r[3], in.r[1], in.r[2]);
			bad++;
			continue;
		}
		mask = defined_flags(c, &zi, &in);
		for (i = 0; i < 8; i++) {
			if (i == R_ESP || nat.r[i] == emu.r[i])
				continue;
			/* bsf/bsr of 0, and shld/shrd counts above the
			 * width: the destination is undefined */
			if ((zi.mnemonic == ZYDIS_MNEMONIC_BSF ||
			     zi.mnemonic == ZYDIS_MNEMONIC_BSR) && !in.r[R_EBX])
				continue;
			if (c->shld && (c->shift_imm >= 0 ? (unsigned)c->shift_imm :
					in.r[R_ECX] & 31) > c->width)
				continue;
			printf("# %s: reg %d native %08x translator %08x (in: eax=%08x ebx=%08x ecx=%08x edx=%08x fl=%03x)\n",
			       c->name, i, nat.r[i], emu.r[i], in.r[0], in.r[3],
			       in.r[1], in.r[2], (unsigned)in.flags & 0xfff);
			bad++;
			break;
		}
		if (((uint32_t)nat.flags ^ (uint32_t)emu.flags) & mask) {
			printf("# %s: flags native %03x translator %03x (mask %03x; in: eax=%08x ebx=%08x ecx=%08x fl=%03x)\n",
			       c->name, (unsigned)nat.flags & 0xfff,
			       (unsigned)emu.flags & 0xfff, mask, in.r[0], in.r[3],
			       in.r[1], (unsigned)in.flags & 0xfff);
			bad++;
		}
		if (c->mem && memcmp(host_data, guest_ram + DATA_ADDR, DATA_BYTES)) {
			printf("# %s: memory differs (in: eax=%08x ebx=%08x ecx=%08x)\n",
			       c->name, in.r[0], in.r[3], in.r[1]);
			bad++;
		}
	}
	return bad;
}

int main(void)
{
	ZydisDecoder dec;
	size_t i;
	int failed = 0, v;
	struct sigaction sa;

	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = on_sigfpe;
	sigaction(SIGFPE, &sa, NULL);
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
		/* null, flat code 0x08, flat data 0x10 */
		static const uint32_t gdt[6] = { 0, 0, 0x0000ffff, 0x00cf9b00,
						 0x0000ffff, 0x00cf9300 };

		memcpy(guest_ram + GDT_GPA, gdt, sizeof(gdt));
	}
	ZydisDecoderInit(&dec, ZYDIS_MACHINE_MODE_LEGACY_32, ZYDIS_STACK_WIDTH_32);

	printf("1..%zu\n", sizeof(cases) / sizeof(cases[0]));
	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		int bad = test_case(&cases[i], &dec);

		printf("%sok %zu - %s\n", bad ? "not " : "", i + 1, cases[i].name);
		failed += bad != 0;
	}
	return failed ? 1 : 0;
}
