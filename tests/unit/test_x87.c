// SPDX-License-Identifier: GPL-2.0-only
/*
 * The x87 state at reset (SDM Vol. 3A Table 9-1) and the FERR# hook the
 * machine gets for CR0.NE=0 (SDM Vol. 1 8.7, Appendix D): a pending
 * unmasked exception asserts it at the next waiting instruction instead of
 * raising #MF, and FNCLEX deasserts it; with NE=1 the same code takes #MF.
 * The guest is real-mode code run by the translator.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "core/mem.h"
#include "translator/cpu.h"
#include "translator/translator.h"
#include "translator/x87.h"

#define RAM_BYTES	(1u << 20)
#define CODE		0x1000u
#define MF_STUB		0x2000u
#define CW_ADDR		0x3000u

static uint8_t *ram;
static struct x86_cpu *cpu;
static int ferr_calls;
static bool ferr_level;

static int no_ack(void *opaque)
{
	(void)opaque;
	return -1;
}

static void on_ferr(void *opaque, bool level)
{
	(void)opaque;
	ferr_calls++;
	ferr_level = level;
}

static const struct x86_interrupt_ctl intc = { .ack = no_ack, .ferr = on_ferr };

static int setup(void **state)
{
	(void)state;
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
	(void)state;
	free(cpu);
	return 0;
}

static void reset_state(void **state)
{
	int i;

	(void)state;
	memset(cpu, 0xa5, offsetof(struct x86_cpu, itemp));
	/* what reset keeps: the interrupt controller and the -cpu model */
	cpu->intc = NULL;
	cpu_model_default(&cpu->cpuid);
	cpu_reset(cpu);
	assert_int_equal(cpu->fcw, 0x0040);
	assert_int_equal(x87_get_fsw(cpu), 0);
	assert_int_equal(x87_get_ftw(cpu), 0x5555);	/* all +0.0, valid */
	for (i = 0; i < 8; i++) {
		assert_int_equal(cpu->fpr[i].se, 0);
		assert_true(cpu->fpr[i].mant == 0);
	}
	assert_int_equal(cpu->fip, 0);
	assert_int_equal(cpu->fdp, 0);
	assert_int_equal(cpu->fop, 0);
}

/* fninit; fldcw [CW_ADDR] (ZE unmasked); fld1; fldz; fdivp; fwait; fnclex;
 * hlt, in real mode at 0:CODE; vector 16 of the IVT is a hlt at MF_STUB. */
static void run(bool ne)
{
	static const uint8_t code[] = {
		0xdb, 0xe3,				/* fninit */
		0xd9, 0x2e, CW_ADDR & 0xff, CW_ADDR >> 8,	/* fldcw [CW_ADDR] */
		0xd9, 0xe8,				/* fld1 */
		0xd9, 0xee,				/* fldz */
		0xde, 0xf9,				/* fdivp st(1), st(0) */
		0x9b,					/* fwait */
		0xdb, 0xe2,				/* fnclex */
		0xf4,					/* hlt */
	};
	uint16_t cw = 0x037b;
	uint32_t ivt16 = MF_STUB;	/* 0000:MF_STUB */

	memcpy(ram + CODE, code, sizeof(code));
	memcpy(ram + CW_ADDR, &cw, 2);
	memcpy(ram + 16 * 4, &ivt16, 4);
	ram[MF_STUB] = 0xf4;
	mem_notify_write(0, RAM_BYTES);
	cpu->intc = &intc;
	cpu_reset(cpu);
	cpu->seg[R_CS].sel = 0;
	cpu->seg[R_CS].base = 0;
	cpu->eip = CODE;
	if (ne)
		cpu->cr[0] |= CR0_NE;
	ferr_calls = 0;
	ferr_level = false;
	assert_int_equal(cpu_exec(cpu, 100), EXEC_HALT);
}

static void ferr_with_ne0(void **state)
{
	(void)state;
	run(false);
	/* FWAIT asserted FERR# and ran; FNCLEX deasserted it */
	assert_int_equal(cpu->eip, CODE + 16);
	assert_int_equal(ferr_calls, 2);
	assert_false(ferr_level);
	assert_false(cpu->ferr);
	assert_int_equal(x87_get_fsw(cpu) & (FSW_ES | FSW_B), 0);
	/* the pending exception flag itself is cleared by FNCLEX too */
	assert_int_equal(x87_get_fsw(cpu) & FSW_ZE, 0);
}

static void mf_with_ne1(void **state)
{
	(void)state;
	run(true);
	/* #MF at the FWAIT: the handler's hlt, FERR# never asserted */
	assert_int_equal(cpu->eip, MF_STUB + 1);
	assert_int_equal(ferr_calls, 0);
	assert_int_equal(x87_get_fsw(cpu) & (FSW_ES | FSW_ZE), FSW_ES | FSW_ZE);
	/* the faulting FDIVP is what FIP and FOP record */
	assert_int_equal(cpu->fip, CODE + 10);
	assert_int_equal(cpu->fop, 0x6f9);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(reset_state),
		cmocka_unit_test(ferr_with_ne0),
		cmocka_unit_test(mf_with_ne1),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}
