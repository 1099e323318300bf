// SPDX-License-Identifier: GPL-2.0-only
/*
 * Unit tests of the soft-float library (user/translator/softfloat) that
 * need no oracle: the hand-checked edge cases of softfloat_vectors.h, per
 * family, and properties any correct implementation has.  Runs on every
 * host; test_softfloat_host.c adds the comparison with an x86 CPU.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <cmocka.h>

#include "softfloat_vectors.h"

/* Check every row whose operation lies in [first, last]. */
static void run_rows(int first, int last)
{
	unsigned bad = 0, n = 0;
	char msg[400];
	size_t i;

	for (i = 0; i < SFV_COUNT; i++) {
		if (sfv_table[i].op < first || sfv_table[i].op > last)
			continue;
		n++;
		if (!sfv_check(&sfv_table[i], msg, sizeof(msg))) {
			printf("# row %zu: %s\n", i, msg);
			bad++;
		}
	}
	printf("# %u rows, %u failed\n", n, bad);
	assert_true(n > 0);
	assert_int_equal(bad, 0);
}

static void binary32_rows(void **state)
{
	run_rows(SFV_F32_ADD, SFV_I64_TO_F32);
}

static void binary64_rows(void **state)
{
	run_rows(SFV_F64_ADD, SFV_I64_TO_F64);
}

static void extended_arith_rows(void **state)
{
	run_rows(SFV_F80_ADD, SFV_F80_UCOM);
}

static void extended_convert_rows(void **state)
{
	run_rows(SFV_F80_TO_F32, SFV_F80_CLASS);
}

static void extended_misc_rows(void **state)
{
	run_rows(SFV_F80_SCALE, SFV_F80_PREM1);
}

static void transcendental_rows(void **state)
{
	run_rows(SFV_F80_SIN, SFV_F80_YL2XP1);
}

static void conversions_round_trip(void **state)
{
	char msg[200] = "";
	unsigned bad = sfv_prop_roundtrip(msg, sizeof(msg));

	if (bad)
		printf("# %u failures, first: %s\n", bad, msg);
	assert_int_equal(bad, 0);
}

static void exact_results_are_exact(void **state)
{
	char msg[200] = "";
	unsigned bad = sfv_prop_exact(msg, sizeof(msg));

	if (bad)
		printf("# %u failures, first: %s\n", bad, msg);
	assert_int_equal(bad, 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(binary32_rows),
		cmocka_unit_test(binary64_rows),
		cmocka_unit_test(extended_arith_rows),
		cmocka_unit_test(extended_convert_rows),
		cmocka_unit_test(extended_misc_rows),
		cmocka_unit_test(transcendental_rows),
		cmocka_unit_test(conversions_round_trip),
		cmocka_unit_test(exact_results_are_exact),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
