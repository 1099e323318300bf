// SPDX-License-Identifier: GPL-2.0-only
/*
 * The x64 backend against the interpreter, the reference: random IR
 * blocks (every op, both widths, forward branches, helper calls, guest
 * loads and stores through segments that take the inline TLB path and
 * ones that do not, to RAM, ROM and MMIO, faults from the softmmu and
 * from helpers) run from
 * the same CPU and RAM under both backends, which must leave the same
 * registers, globals, RAM and exception.  Also: chaining through
 * goto_tb stops where the interpreter's does, and unlinking takes
 * effect.  Only on x86-64 hosts, where the backend is built.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "core/mem.h"
#include "translator/cpu.h"
#include "translator/interp.h"
#include "translator/ir.h"
#include "translator/softmmu.h"
#include "translator/tb.h"
#include "translator/translator.h"

#ifdef RINGVM_HAVE_X64
#include "translator/backend-x64/x64_backend.h"

#define RAM_BYTES	(1u << 20)
#define DATA		0x10000u	/* guest data the blocks use */
#define DATA_BYTES	0x12000u
/* Inside the data: a page of ROM and a page of MMIO, which the fast
 * path must leave to mmu_ld/mmu_st (the ROM's bytes are in ram[] too). */
#define ROM_GPA		0x18000u
#define MMIO_GPA	0x19000u
#define ROUNDS		3000

static uint8_t *ram;
static struct x86_cpu *cpu, *start;
static uint8_t *start_ram;
static struct ir_block blk;
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

/* Values where arithmetic goes wrong if it is going to. */
static uint64_t interesting(void)
{
	static const uint64_t v[] = {
		0, 1, 2, 7, 8, 31, 32, 33, 63, 64, 0x7f, 0x80, 0xff, 0x100,
		0x7fff, 0x8000, 0xffff, 0x7fffffff, 0x80000000, 0xffffffff,
		0x100000000ULL, 0x7fffffffffffffffULL, 0x8000000000000000ULL,
		~0ULL, 0xfffff000, 0xffc, 0xffd, 0xffe, 0xfff,
	};

	switch (rnd() % 4) {
	case 0:
		return v[rnd() % (sizeof(v) / sizeof(v[0]))];
	case 1:
		return rnd() % 64;
	case 2:
		return rnd();
	default:
		return rnd64();
	}
}

/* A test helper: reads and writes the CPU (so globals must be in memory
 * around the call), and raises #GP for one value of its argument. */
static uint64_t helper_mix(void *env, uint64_t a, uint64_t b, uint64_t c)
{
	struct x86_cpu *c86 = env;

	if ((a & 0xff) == 0x42)
		cpu_raise(c86, EXC_GP, 0x42);
	c86->regs[R_EDI] ^= (uint32_t)a;
	return a * 7 + (b ^ (uint32_t)c) + c86->regs[R_ESI];
}

/* MMIO: reads are a function of the offset, writes fold into a sum. */
static uint64_t mmio_sum;

static uint64_t mmio_read(void *dev, uint64_t off, unsigned size)
{
	return (off * 0x9e3779b1u) >> (64 - 8 * size);
}

static void mmio_write(void *dev, uint64_t off, uint64_t val, unsigned size)
{
	mmio_sum = mmio_sum * 31 + off * 7 + val + size;
}

static const struct io_ops mmio_ops = { mmio_read, mmio_write, 0 };

static const struct ir_helper test_helpers[] = {
	{ "mix", helper_mix, false },
};

/* --- random blocks --- */

#define N_LOCAL32 12
#define N_LOCAL64 6

struct pool {
	ir_t g32[11], g64[2], l32[N_LOCAL32], l64[N_LOCAL64];
	int labels[16];		/* pending forward labels, innermost last */
	int n_labels;
};

static ir_t pick32(struct pool *p, bool out)
{
	unsigned r = rnd() % 10;

	if (r < 3)
		return p->g32[rnd() % 11];
	if (r < 8 || out)
		return p->l32[rnd() % N_LOCAL32];
	return ir_const(&blk, IR_I32, interesting());
}

static ir_t pick64(struct pool *p, bool out)
{
	unsigned r = rnd() % 10;

	if (r < 2)
		return p->g64[rnd() % 2];
	if (r < 8 || out)
		return p->l64[rnd() % N_LOCAL64];
	return ir_const(&blk, IR_I64, interesting());
}

static ir_t pick(struct pool *p, bool is64, bool out)
{
	return is64 ? pick64(p, out) : pick32(p, out);
}

/* An address in the data area, or anywhere (faults, MMIO-less holes). */
static ir_t address(struct pool *p)
{
	ir_t a = p->l32[rnd() % N_LOCAL32];

	static const uint32_t edges[] = {
		0xffffffff, 0xfffffffe, 0xfffffffd, 0xfffffff9, 0x1fffe, 0x1ffff,
		0x1fffc, 0x17fff, 0x18000, 0x18001, 0xffff, 0x10000, 0x1fff,
		0x2000, DATA + 0xffd, ROM_GPA - 2, MMIO_GPA - 1, MMIO_GPA + 0xffe,
	};

	if (rnd() % 16 == 0)
		return ir_const(&blk, IR_I32, edges[rnd() % (sizeof(edges) / sizeof(edges[0]))]);
	if (rnd() % 16 == 0)
		return pick32(p, false);
	ir_gen2(&blk, IR_and, a, pick32(p, false), ir_const(&blk, IR_I32, 0xffff));
	ir_gen2(&blk, IR_add, a, a, ir_const(&blk, IR_I32, DATA));
	return a;
}

static int random_seg(void)
{
	static const int segs[] = { R_DS, R_DS, R_ES, R_SS, R_FS, R_GS, SEG_NONE };

	return segs[rnd() % (sizeof(segs) / sizeof(segs[0]))];
}

static void random_op(struct pool *p, int mmu)
{
	static const enum ir_opc bin[] = {
		IR_add, IR_sub, IR_and, IR_or, IR_xor, IR_shl, IR_shr, IR_sar,
		IR_rotl, IR_rotr, IR_mul,
	};
	static const enum ir_opc conv32[] = {
		IR_neg, IR_not, IR_ext8s, IR_ext8u, IR_ext16s, IR_ext16u,
		IR_bswap, IR_mov,
	};
	bool w = rnd() & 1;
	unsigned k = rnd() % 100;

	if (k < 35) {
		ir_gen2(&blk, bin[rnd() % (sizeof(bin) / sizeof(bin[0]))],
			pick(p, w, true), pick(p, w, false), pick(p, w, false));
	} else if (k < 45) {
		if (w)
			ir_gen1(&blk, rnd() % 3 == 0 ? IR_neg : rnd() & 1 ? IR_not : IR_mov,
				pick64(p, true), pick64(p, false));
		else
			ir_gen1(&blk, conv32[rnd() % (sizeof(conv32) / sizeof(conv32[0]))],
				pick32(p, true), pick32(p, false));
	} else if (k < 50) {
		switch (rnd() % 4) {
		case 0:
			ir_gen1(&blk, IR_ext_i32_i64, pick64(p, true), pick32(p, false));
			break;
		case 1:
			ir_gen1(&blk, IR_extu_i32_i64, pick64(p, true), pick32(p, false));
			break;
		case 2:
			ir_gen1(&blk, IR_trunc_i64_i32, pick32(p, true), pick64(p, false));
			break;
		default:
			ir_gen1(&blk, IR_shr_i64_i32, pick32(p, true), pick64(p, false));
			break;
		}
	} else if (k < 55) {
		ir_setcond(&blk, (enum ir_cond)(rnd() % 10), pick32(p, true),
			   pick(p, w, false), pick(p, w, false));
	} else if (k < 60) {
		unsigned bits = w ? 64 : 32, pos = rnd() % bits;
		unsigned len = 1 + rnd() % (bits - pos);

		if (rnd() & 1)
			ir_deposit(&blk, pick(p, w, true), pick(p, w, false),
				   pick(p, w, false), (int)pos, (int)len);
		else
			ir_extract(&blk, pick(p, w, true), pick(p, w, false),
				   (int)pos, (int)len);
	} else if (k < 63) {
		ir_movi(&blk, pick(p, w, true), interesting());
	} else if (k < 66) {
		/* a field that is no global, or one that is (cc_dst) */
		uint32_t off = rnd() & 1 ? (uint32_t)offsetof(struct x86_cpu, cc_src2) :
			       (uint32_t)offsetof(struct x86_cpu, cc_dst);

		if (rnd() & 1)
			ir_ld_env(&blk, pick32(p, true), off);
		else
			ir_st_env(&blk, pick32(p, false), off);
	} else if (k < 78) {
		static const int memops32[] = { MO_8, MO_S8, MO_16, MO_S16, MO_32 };
		static const int memops64[] = { MO_8, MO_S16, MO_32, MO_32 | MO_SIGN, MO_64 };
		static const enum ir_opc ext[] = { IR_ext8u, IR_ext8s, IR_ext16u, IR_ext16s };
		int memop = w ? memops64[rnd() % 5] : memops32[rnd() % 5];

		if (!w && rnd() % 3 == 0) {
			/* movzx/movsx from memory, as the frontend does it */
			ir_t t = ir_temp(&blk, IR_I32), u = ir_temp(&blk, IR_I32);

			ir_qld(&blk, t, address(p), memop & (MO_SIZE | MO_SIGN),
			       random_seg(), mmu);
			ir_gen1(&blk, ext[rnd() % 4], u, t);
			ir_gen1(&blk, IR_mov, pick32(p, true), u);
			return;
		}
		ir_qld(&blk, pick(p, w, true), address(p), memop, random_seg(), mmu);
	} else if (k < 88) {
		int memop = w ? MO_64 : (int)(rnd() % 3);

		ir_qst(&blk, pick(p, w, false), address(p), memop, random_seg(), mmu);
	} else if (k < 92) {
		ir_t d = rnd() & 1 ? p->l64[rnd() % N_LOCAL64] : p->l32[rnd() % N_LOCAL32];

		ir_call(&blk, 0, rnd() % 4 ? d : IR_NONE, pick64(p, false),
			pick64(p, false), pick(p, w, false));
	} else if (k < 96 && p->n_labels < 16) {
		/* if (x cond y) skip the next few ops; as the frontend does it
		 * too, through a flag in a fresh temporary */
		int l = ir_new_label(&blk);

		if (rnd() & 1) {
			ir_t f = ir_temp(&blk, IR_I32);

			ir_setcond(&blk, (enum ir_cond)(rnd() % 10), f,
				   pick(p, w, false), pick(p, w, false));
			ir_brcond(&blk, rnd() & 1 ? IR_NE : IR_EQ, f,
				  ir_const(&blk, IR_I32, 0), l);
		} else {
			ir_brcond(&blk, (enum ir_cond)(rnd() % 10), pick(p, w, false),
				  pick(p, w, false), l);
		}
		p->labels[p->n_labels++] = l;
	} else if (k < 98) {
		/* a result through a fresh temporary into its destination */
		ir_t t = ir_temp(&blk, w ? IR_I64 : IR_I32);

		ir_gen2(&blk, bin[rnd() % (sizeof(bin) / sizeof(bin[0]))], t,
			pick(p, w, false), pick(p, w, false));
		if (rnd() & 1) {
			ir_gen1(&blk, IR_mov, pick(p, w, true), t);
		} else {
			/* into a fresh local that lives on a while */
			ir_t u = ir_temp(&blk, w ? IR_I64 : IR_I32);

			ir_gen1(&blk, IR_mov, u, t);
			ir_gen2(&blk, IR_add, pick(p, w, true), pick(p, w, false), u);
			ir_gen2(&blk, IR_xor, pick(p, w, true), u, pick(p, w, false));
		}
	} else if (p->n_labels) {
		ir_label(&blk, p->labels[--p->n_labels]);
	}
}

static void build_block(int mmu)
{
	/* eip among them: insn_start stores it lazily in the x64 backend */
	static const uint32_t g32_fields[11] = {
		offsetof(struct x86_cpu, regs[0]), offsetof(struct x86_cpu, regs[1]),
		offsetof(struct x86_cpu, regs[2]), offsetof(struct x86_cpu, regs[3]),
		offsetof(struct x86_cpu, regs[4]), offsetof(struct x86_cpu, regs[5]),
		offsetof(struct x86_cpu, regs[6]), offsetof(struct x86_cpu, regs[7]),
		offsetof(struct x86_cpu, cc_dst), offsetof(struct x86_cpu, cc_src),
		offsetof(struct x86_cpu, eip),
	};
	struct pool p;
	int i, n;

	ir_begin(&blk);
	for (i = 0; i < 11; i++)
		p.g32[i] = ir_global(&blk, IR_I32, g32_fields[i], "g32");
	p.g64[0] = ir_global(&blk, IR_I64, offsetof(struct x86_cpu, tsc_offset), "tsc");
	p.g64[1] = ir_global(&blk, IR_I64, offsetof(struct x86_cpu, pat), "pat");
	ir_end_globals(&blk);
	p.n_labels = 0;
	ir_insn_start(&blk, 0x1000);
	for (i = 0; i < N_LOCAL32; i++) {
		p.l32[i] = ir_temp(&blk, IR_I32);
		ir_movi(&blk, p.l32[i], interesting());
	}
	for (i = 0; i < N_LOCAL64; i++) {
		p.l64[i] = ir_temp(&blk, IR_I64);
		ir_movi(&blk, p.l64[i], interesting());
	}
	n = 1 + (int)(rnd() % 60);
	for (i = 0; i < n; i++) {
		if (rnd() % 16 == 0)
			ir_insn_start(&blk, 0x1000 + (uint32_t)i);
		random_op(&p, mmu);
	}
	while (p.n_labels)
		ir_label(&blk, p.labels[--p.n_labels]);
	ir_movi(&blk, p.g32[0], rnd());	/* a last write after the joins */
	ir_exit_tb(&blk);
	assert_int_equal(ir_finish(&blk), 0);
	if (rnd() & 1)
		ir_optimize(&blk);
}

/* --- machine state --- */

static void seg(struct x86_seg *s, uint32_t base, uint32_t limit, uint32_t flags)
{
	s->sel = 0x10;
	s->base = base;
	s->limit = limit;
	s->flags = flags;
}

/* Random registers and data; segments of every kind the inline path
 * handles or must leave to mmu_ld/mmu_st; mode: 0 real, 1 protected
 * CPL 0, 2 protected CPL 3 with alignment checks on or off. */
static uint32_t random_state(int mode)
{
	uint32_t data = DESC_P | DESC_S | DESC_RW | DESC_A | DESC_B | DESC_G;
	uint32_t flags = HF_CS32 | HF_SS32;
	int i;

	memset(cpu, 0, sizeof(*cpu));
	cpu_reset(cpu);
	for (i = 0; i < 8; i++)
		cpu->regs[i] = (uint32_t)interesting();
	cpu->cc_dst = rnd();
	cpu->cc_src = rnd();
	cpu->tsc_offset = interesting();
	cpu->pat = interesting();
	seg(&cpu->seg[R_DS], 0, 0xffffffffu, data);
	seg(&cpu->seg[R_ES], 0x100, 0x1ffff, data);
	seg(&cpu->seg[R_SS], 0, 0xffffffffu, data & ~DESC_RW);	/* read-only */
	seg(&cpu->seg[R_FS], 0, 0x18000, data | DESC_EXPDOWN);
	seg(&cpu->seg[R_GS], 0x2000, 0xffffffffu,
	    DESC_P | DESC_S | DESC_CODE | DESC_RW | DESC_B | DESC_G);
	if (rnd() & 1) {
		/* what exec.c keys as HF_FLAT: the backend skips seg_check */
		cpu->seg[R_ES] = cpu->seg[R_DS];
		cpu->seg[R_SS] = cpu->seg[R_DS];
		flags |= HF_FLAT;
	}
	if (mode) {
		cpu->cr[0] = CR0_PE | CR0_ET;
		flags |= HF_PE;
	}
	if (mode == 2) {
		cpu->seg[R_CS].flags |= 3u << DESC_DPL_SHIFT;
		flags |= 3;
		if (rnd() & 1) {
			cpu->cr[0] |= CR0_AM;
			cpu->eflags |= AC_MASK;
		}
	}
	cpu->hflags = flags;
	cpu->budget = 1000;
	cpu->exc_vector = -1;
	for (i = 0; i < (int)DATA_BYTES; i++)
		ram[DATA + (uint32_t)i] = (uint8_t)rnd();
	return flags;
}

/* Run @tb from the start state; a guest exception ends it, as in exec.c. */
static uintptr_t run_from_start(const struct backend *be, struct tb *tb)
{
	uintptr_t ret = ~(uintptr_t)0;

	memcpy(cpu, start, sizeof(*cpu));
	memcpy(ram, start_ram, RAM_BYTES);
	mmio_sum = 0;
	tb_running_invalidated = false;
	if (sigsetjmp(cpu->jmp_env, 0) == 0)
		ret = be->exec(cpu, tb);
	tb_running = NULL;
	return ret;
}

struct outcome {
	uintptr_t ret;
	uint32_t regs[8], eip, cc_dst, cc_src, cc_src2;
	uint64_t tsc_offset, pat;
	int exc_vector;
	uint32_t exc_error;
	uint64_t mmio_sum;
};

static void outcome_of(struct outcome *o, uintptr_t ret)
{
	memset(o, 0, sizeof(*o));
	o->ret = ret;
	memcpy(o->regs, cpu->regs, sizeof(o->regs));
	o->eip = cpu->eip;
	o->cc_dst = cpu->cc_dst;
	o->cc_src = cpu->cc_src;
	o->cc_src2 = cpu->cc_src2;
	o->tsc_offset = cpu->tsc_offset;
	o->pat = cpu->pat;
	o->exc_vector = cpu->exc_vector;
	o->exc_error = cpu->exc_vector >= 0 ? cpu->exc_error : 0;
	o->mmio_sum = mmio_sum;
}

static void report(int round, const struct outcome *a, const struct outcome *b)
{
	int i;

	print_error("round %d differs (interp / x64):\n", round);
	for (i = 0; i < 8; i++)
		print_error("  reg%d %08x %08x\n", i, a->regs[i], b->regs[i]);
	print_error("  eip %08x %08x cc %08x:%08x:%08x %08x:%08x:%08x\n", a->eip,
		    b->eip, a->cc_dst, a->cc_src, a->cc_src2, b->cc_dst,
		    b->cc_src, b->cc_src2);
	print_error("  tsc %016llx %016llx pat %016llx %016llx\n",
		    (unsigned long long)a->tsc_offset, (unsigned long long)b->tsc_offset,
		    (unsigned long long)a->pat, (unsigned long long)b->pat);
	print_error("  exception %d/%x %d/%x ret %lx %lx\n", a->exc_vector,
		    a->exc_error, b->exc_vector, b->exc_error,
		    (unsigned long)a->ret, (unsigned long)b->ret);
	ir_dump(&blk, stderr);
}

static int setup(void **state)
{
	ram = mem_alloc(RAM_BYTES);
	cpu = calloc(1, sizeof(*cpu));
	start = calloc(1, sizeof(*start));
	start_ram = malloc(RAM_BYTES);
	assert_non_null(ram);
	assert_non_null(cpu);
	assert_non_null(start);
	assert_non_null(start_ram);
	mem_reset_all();
	assert_int_equal(mem_map_ram(0, ROM_GPA, ram, "ram"), 0);
	assert_int_equal(mem_map_rom(ROM_GPA, 0x1000, ram + ROM_GPA, "rom"), 0);
	assert_int_equal(mem_map_mmio(MMIO_GPA, 0x1000, &mmio_ops, NULL, "mmio"), 0);
	assert_int_equal(mem_map_ram(MMIO_GPA + 0x1000, RAM_BYTES - MMIO_GPA - 0x1000,
				     ram + MMIO_GPA + 0x1000, "ram2"), 0);
	assert_int_equal(translator_init("x64", 8u << 20), 0);
	ir_set_helpers(test_helpers, 1);
	return 0;
}

static int teardown(void **state)
{
	mem_reset_all();
	mem_free(ram, RAM_BYTES);
	free(cpu);
	free(start);
	free(start_ram);
	return 0;
}

static void random_blocks_agree(void **state)
{
	static uint8_t after[RAM_BYTES];
	int round, faults = 0, rounds = ROUNDS;

	/* X64_TEST_ROUNDS=n X64_TEST_SEED=s: a longer or another run */
	if (getenv("X64_TEST_ROUNDS"))
		rounds = atoi(getenv("X64_TEST_ROUNDS"));
	if (getenv("X64_TEST_SEED"))
		rng = strtoull(getenv("X64_TEST_SEED"), NULL, 0) | 1;
	for (round = 0; round < rounds; round++) {
		struct outcome oi, ox;
		int mode = (int)(rnd() % 3);
		uint32_t flags = random_state(mode);
		struct tb *ti, *tx;
		uintptr_t r;

		memcpy(start, cpu, sizeof(*cpu));
		memcpy(start_ram, ram, RAM_BYTES);
		build_block(mode == 2 ? MMU_IDX_USER : MMU_IDX_KERNEL);
		tb_flush_all();
		ti = tb_alloc();
		tx = tb_alloc();
		ti->flags = tx->flags = flags;
		assert_int_equal(interp_backend.gen(ti, &blk), 0);
		assert_int_equal(x64_backend.gen(tx, &blk), 0);

		r = run_from_start(&interp_backend, ti);
		outcome_of(&oi, r);
		memcpy(after, ram, RAM_BYTES);
		r = run_from_start(&x64_backend, tx);
		outcome_of(&ox, r);
		if (memcmp(&oi, &ox, sizeof(oi)) || memcmp(after, ram, RAM_BYTES)) {
			report(round, &oi, &ox);
			x64_backend.dump(tx, stderr);
			fail_msg("round %d: the backends disagree", round);
		}
		faults += oi.exc_vector >= 0;
	}
	/* the blocks must exercise faults too, not just the happy path */
	assert_true(faults > rounds / 50);
}

/* A TB that jumps to itself: chaining runs it until the budget is out,
 * then exec returns it with its slot, as interp_exec does. */
static void chaining_stops_like_interp(void **state)
{
	const struct backend *be[2] = { &interp_backend, &x64_backend };
	uint32_t count[2];
	uintptr_t ret[2];
	int k;

	for (k = 0; k < 2; k++) {
		struct tb *tb;

		ir_begin(&blk);
		ir_global(&blk, IR_I32, offsetof(struct x86_cpu, regs[0]), "eax");
		ir_end_globals(&blk);
		ir_gen2(&blk, IR_add, 0, 0, ir_const(&blk, IR_I32, 1));
		ir_goto_tb(&blk, 1);
		tb_flush_all();
		tb = tb_alloc();
		assert_int_equal(be[k]->gen(tb, &blk), 0);
		tb_link(be[k], tb, 1, tb);
		memset(cpu, 0, sizeof(*cpu));
		cpu->budget = 50;
		ret[k] = be[k]->exec(cpu, tb);
		count[k] = cpu->regs[0];
		assert_ptr_equal(ret[k], (uintptr_t)tb | 1);
		/* unlinked, it runs once and returns */
		tb_invalidate_phys(0, 1);	/* no code there: nothing changes */
		tb->jmp_dest[1] = NULL;
		tb->jmp_in = 0;
		be[k]->link(tb, 1, NULL);
		cpu->regs[0] = 0;
		cpu->budget = 50;
		assert_int_equal(be[k]->exec(cpu, tb), (uintptr_t)tb | 1);
		assert_int_equal(cpu->regs[0], 1);
		/* a pending request stops the chain at once */
		tb_link(be[k], tb, 1, tb);
		cpu->regs[0] = 0;
		cpu->pending = PENDING_EXIT;
		assert_int_equal(be[k]->exec(cpu, tb), (uintptr_t)tb | 1);
		assert_int_equal(cpu->regs[0], 1);
	}
	assert_int_equal(count[0], 50);
	assert_int_equal(count[1], count[0]);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(random_blocks_agree),
		cmocka_unit_test(chaining_stops_like_interp),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}

#else

int main(void)
{
	printf("1..0 # SKIP the x64 backend is built on x86-64 hosts only\n");
	return 0;
}

#endif
