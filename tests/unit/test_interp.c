// SPDX-License-Identifier: GPL-2.0-only
/*
 * Unit tests of the IR and the interp backend: IR built by hand runs and
 * leaves the expected values in the CPU's registers; branches, constants
 * as immediates, deposit/extract and 64-bit ops; the TB cache links and
 * invalidates.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "translator/cpu.h"
#include "translator/interp.h"
#include "translator/ir.h"
#include "translator/tb.h"
#include "translator/translator.h"

static struct x86_cpu *cpu;
static struct ir_block blk;

static int setup(void **state)
{
	cpu = calloc(1, sizeof(*cpu));
	assert_non_null(cpu);
	assert_int_equal(translator_init("interp", 1 << 20), 0);
	return 0;
}

static int teardown(void **state)
{
	free(cpu);
	return 0;
}

static ir_t reg(struct ir_block *b, int r)
{
	return (ir_t)r;	/* the first globals are the registers */
}

static void begin(struct ir_block *b)
{
	int i;

	ir_begin(b);
	for (i = 0; i < 8; i++)
		ir_global(b, IR_I32, (uint32_t)offsetof(struct x86_cpu, regs[i]), "r");
	ir_end_globals(b);
}

static void run(struct ir_block *b)
{
	struct tb *tb = tb_alloc();

	assert_non_null(tb);
	ir_exit_tb(b);
	assert_int_equal(ir_finish(b), 0);
	assert_int_equal(interp_backend.gen(tb, b), 0);
	assert_int_equal(interp_exec(cpu, tb), 0);
}

static void arithmetic(void **state)
{
	ir_t t;

	begin(&blk);
	cpu->regs[R_EAX] = 40;
	cpu->regs[R_EBX] = 0xfffffffe;
	t = ir_temp(&blk, IR_I32);
	ir_gen2(&blk, IR_add, t, reg(&blk, R_EAX), ir_const(&blk, IR_I32, 2));
	ir_gen1(&blk, IR_mov, reg(&blk, R_ECX), t);
	ir_gen2(&blk, IR_add, reg(&blk, R_EDX), reg(&blk, R_EBX), ir_const(&blk, IR_I32, 3));
	ir_gen2(&blk, IR_sar, reg(&blk, R_ESI), reg(&blk, R_EBX), ir_const(&blk, IR_I32, 1));
	ir_gen2(&blk, IR_rotl, reg(&blk, R_EDI), ir_const(&blk, IR_I32, 0x80000001u),
		ir_const(&blk, IR_I32, 1));
	run(&blk);
	assert_int_equal(cpu->regs[R_ECX], 42);
	assert_int_equal(cpu->regs[R_EDX], 1);		/* wraps at 32 bits */
	assert_int_equal(cpu->regs[R_ESI], 0xffffffff);	/* arithmetic shift */
	assert_int_equal(cpu->regs[R_EDI], 3);
}

static void branches_and_bitfields(void **state)
{
	int skip = 0;

	begin(&blk);
	skip = ir_new_label(&blk);
	cpu->regs[R_EAX] = 0x12345678;
	cpu->regs[R_ECX] = 5;
	ir_movi(&blk, reg(&blk, R_EDX), 1);
	/* signed compare: 5 < -1 is false */
	ir_brcond(&blk, IR_LT, reg(&blk, R_ECX), ir_const(&blk, IR_I32, 0xffffffffu), skip);
	ir_movi(&blk, reg(&blk, R_EDX), 2);
	ir_label(&blk, skip);
	ir_deposit(&blk, reg(&blk, R_EAX), reg(&blk, R_EAX), ir_const(&blk, IR_I32, 0xab), 8, 8);
	ir_extract(&blk, reg(&blk, R_EBX), reg(&blk, R_EAX), 8, 8);
	ir_setcond(&blk, IR_LTU, reg(&blk, R_ESI), reg(&blk, R_ECX),
		   ir_const(&blk, IR_I32, 0xffffffffu));
	run(&blk);
	assert_int_equal(cpu->regs[R_EDX], 2);
	assert_int_equal(cpu->regs[R_EAX], 0x1234ab78);
	assert_int_equal(cpu->regs[R_EBX], 0xab);
	assert_int_equal(cpu->regs[R_ESI], 1);
}

static void wide_multiply(void **state)
{
	ir_t a = 0, b = 0, p = 0;

	begin(&blk);
	cpu->regs[R_EAX] = 0xffffffff;
	cpu->regs[R_EBX] = 0xffffffff;
	a = ir_temp(&blk, IR_I64);
	b = ir_temp(&blk, IR_I64);
	p = ir_temp(&blk, IR_I64);
	ir_gen1(&blk, IR_extu_i32_i64, a, reg(&blk, R_EAX));
	ir_gen1(&blk, IR_extu_i32_i64, b, reg(&blk, R_EBX));
	ir_gen2(&blk, IR_mul, p, a, b);
	ir_gen1(&blk, IR_trunc_i64_i32, reg(&blk, R_ECX), p);
	ir_gen1(&blk, IR_shr_i64_i32, reg(&blk, R_EDX), p);
	run(&blk);
	/* 0xffffffff^2 = 0xfffffffe00000001 */
	assert_int_equal(cpu->regs[R_ECX], 1);
	assert_int_equal(cpu->regs[R_EDX], 0xfffffffe);
}

/* Copy propagation must not read a register after it was overwritten. */
static void copy_propagation(void **state)
{
	ir_t t, u;

	begin(&blk);
	cpu->regs[R_EAX] = 5;
	t = ir_temp(&blk, IR_I32);
	u = ir_temp(&blk, IR_I32);
	ir_gen1(&blk, IR_mov, t, reg(&blk, R_EAX));	/* kept: eax changes */
	ir_gen2(&blk, IR_add, reg(&blk, R_EAX), reg(&blk, R_EAX), ir_const(&blk, IR_I32, 1));
	ir_gen1(&blk, IR_mov, reg(&blk, R_EBX), t);
	ir_gen1(&blk, IR_mov, u, reg(&blk, R_EAX));	/* removed: only read */
	ir_gen2(&blk, IR_add, reg(&blk, R_ECX), u, u);
	ir_optimize(&blk);
	assert_int_equal(blk.ops[0].opc, IR_mov);
	assert_int_equal(blk.ops[3].opc, IR_nop);
	run(&blk);
	assert_int_equal(cpu->regs[R_EBX], 5);	/* the old value */
	assert_int_equal(cpu->regs[R_ECX], 12);
}

static void builder_overflow_is_sticky(void **state)
{
	int i;

	begin(&blk);
	for (i = 0; i < IR_MAX_OPS + 10; i++)
		ir_movi(&blk, reg(&blk, R_EAX), (uint64_t)i);
	assert_int_equal(ir_finish(&blk), -28 /* -ENOSPC */);
	assert_int_equal(blk.n_ops, IR_MAX_OPS);
}

static void tb_cache_invalidation(void **state)
{
	struct tb *a = tb_alloc(), *b = tb_alloc();

	assert_non_null(a);
	assert_non_null(b);
	a->pc = 0x1000;
	a->phys_pc = 0x1000;
	a->size = 16;
	a->page[0] = 0x1000;
	b->pc = 0x1100;
	b->phys_pc = 0x1100;
	b->size = 16;
	b->page[0] = 0x1000;
	tb_insert(a);
	tb_insert(b);
	assert_ptr_equal(tb_lookup(0x1000, 0x1000, 0, 0), a);
	assert_true(tb_page_has_code(0x1ff0));
	tb_link(&interp_backend, a, 0, b);
	assert_ptr_equal(a->jmp_dest[0], b);
	/* a write into b's bytes drops b only, and unlinks a -> b */
	assert_int_equal(tb_invalidate_phys(0x1108, 4), 1);
	assert_null(tb_lookup(0x1100, 0x1100, 0, 0));
	assert_ptr_equal(tb_lookup(0x1000, 0x1000, 0, 0), a);
	assert_null(a->jmp_dest[0]);
	/* a write elsewhere on the page drops nothing */
	assert_int_equal(tb_invalidate_phys(0x1800, 4), 0);
	tb_flush_all();
	assert_null(tb_lookup(0x1000, 0x1000, 0, 0));
	assert_false(tb_page_has_code(0x1000));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(arithmetic),
		cmocka_unit_test(branches_and_bitfields),
		cmocka_unit_test(wide_multiply),
		cmocka_unit_test(copy_propagation),
		cmocka_unit_test(builder_overflow_is_sticky),
		cmocka_unit_test(tb_cache_invalidation),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}
