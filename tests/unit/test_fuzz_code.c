// SPDX-License-Identifier: GPL-2.0-only
/*
 * A guest cannot crash ringvm: pages of random bytes executed as code, at
 * CPL 0 (which may rewrite its own IDT, GDT, page tables and code) and at
 * CPL 3 under paging, must only ever produce architectural outcomes: the
 * budget runs out, the CPU halts, or a triple fault stops it.  Run under
 * ASan and UBSan by CI, so a stray access in the translator is caught.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "core/mem.h"
#include "translator/cpu.h"
#include "translator/tb.h"
#include "translator/translator.h"

#define RAM_BYTES	(4u << 20)
#define CODE		0x10000u
#define IDT		0x1000u
#define GDT		0x2000u
#define TSS		0x3000u
#define PGDIR		0x4000u
#define PGTAB		0x5000u
#define ROUNDS		10000

static uint8_t *ram;
static struct x86_cpu *cpu;
static uint64_t rng = 0x2545f4914f6cdd1dULL;

static uint32_t rnd(void)
{
	rng ^= rng << 13;
	rng ^= rng >> 7;
	rng ^= rng << 17;
	return (uint32_t)rng;
}

static void put32(uint32_t gpa, uint32_t v)
{
	memcpy(ram + gpa, &v, 4);
}

static int setup(void **state)
{
	ram = mem_alloc(RAM_BYTES);
	cpu = calloc(1, sizeof(*cpu));
	assert_non_null(ram);
	assert_non_null(cpu);
	mem_reset_all();
	assert_int_equal(mem_map_ram(0, RAM_BYTES, ram, "ram"), 0);
	assert_int_equal(translator_init("interp", 4u << 20), 0);
	return 0;
}

static int teardown(void **state)
{
	mem_reset_all();
	mem_free(ram, RAM_BYTES);
	free(cpu);
	return 0;
}

static void seg(struct x86_seg *s, uint32_t sel, uint32_t flags)
{
	s->sel = sel;
	s->base = 0;
	s->limit = 0xffffffffu;
	s->flags = flags;
}

/* Flat ring 0 and ring 3 segments, a TSS with a ring-0 stack, an IDT of
 * interrupt gates all pointing at a hlt, and identity paging with the
 * low 64 KiB supervisor-only. */
static void machine_state(unsigned cpl)
{
	static const uint32_t gdt[] = {
		0, 0,
		0x0000ffff, 0x00cf9b00,	/* 0x08 ring-0 code */
		0x0000ffff, 0x00cf9300,	/* 0x10 ring-0 data */
		0x0000ffff, 0x00cffb00,	/* 0x18 ring-3 code */
		0x0000ffff, 0x00cff300,	/* 0x20 ring-3 data */
		(TSS << 16) | 0x67, 0x00008900,	/* 0x28 32-bit TSS */
	};
	uint32_t i, code_flags, data_flags;

	memset(ram, 0, 0x10000);
	memcpy(ram + GDT, gdt, sizeof(gdt));
	for (i = 0; i < 256; i++) {
		put32(IDT + i * 8, (0x08u << 16) | 0x0f00);
		put32(IDT + i * 8 + 4, 0xee00);	/* DPL 3 so int n works too */
	}
	ram[0xf00] = 0xf4;	/* hlt */
	put32(TSS + 4, 0xe000);	/* esp0 */
	put32(TSS + 8, 0x10);	/* ss0 */
	for (i = 0; i < 1024; i++)
		put32(PGTAB + i * 4, (i << 12) | (i < 16 ? 0x3 : 0x7));
	put32(PGDIR, PGTAB | 0x7);

	cpu_reset(cpu);
	cpu->cr[0] = CR0_PE | CR0_ET | (cpl ? CR0_PG : 0);
	cpu->cr[3] = PGDIR;
	cpu->gdt.base = GDT;
	cpu->gdt.limit = sizeof(gdt) - 1;
	cpu->idt.base = IDT;
	cpu->idt.limit = 256 * 8 - 1;
	cpu->tr.sel = 0x28;
	cpu->tr.base = TSS;
	cpu->tr.limit = 0x67;
	cpu->tr.flags = DESC_P | 11;
	code_flags = DESC_P | DESC_S | DESC_B | DESC_G | DESC_A | DESC_RW | DESC_CODE |
		     (cpl << DESC_DPL_SHIFT);
	data_flags = DESC_P | DESC_S | DESC_B | DESC_G | DESC_A | DESC_RW |
		     (cpl << DESC_DPL_SHIFT);
	for (i = 0; i < 6; i++)
		seg(&cpu->seg[i], cpl ? 0x23 : 0x10, data_flags);
	seg(&cpu->seg[R_CS], cpl ? 0x1b : 0x08, code_flags);
	for (i = 0; i < 8; i++)
		cpu->regs[i] = rnd() & (RAM_BYTES - 1);
	cpu->regs[R_ESP] = 0x20000 + (rnd() & 0xfff0);
	cpu->eflags = 0x2 | (rnd() & 0x8d5);
	cpu->eip = CODE;
	cpu_update_hflags(cpu);
}

static void fuzz(unsigned cpl)
{
	int round, outcomes[4] = { 0 };

	for (round = 0; round < ROUNDS; round++) {
		uint32_t i;
		enum exec_exit e;

		machine_state(cpl);
		for (i = 0; i < 4096; i += 4)
			put32(CODE + i, rnd());
		tb_flush_all();
		e = cpu_exec(cpu, 64);
		assert_true(e == EXEC_BUDGET || e == EXEC_HALT || e == EXEC_SHUTDOWN);
		outcomes[e]++;
		/* the state a guest can see stays architectural */
		assert_true(cpu_cpl(cpu) <= 3);
		assert_int_equal(cpu->eflags & 0x2, 0x2);
	}
	/* random code mostly faults into the hlt stub */
	assert_true(outcomes[EXEC_HALT] > 0);
}

static void random_code_cpl0(void **state)
{
	fuzz(0);
}

static void random_code_cpl3_paged(void **state)
{
	fuzz(3);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(random_code_cpl0),
		cmocka_unit_test(random_code_cpl3_paged),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}
