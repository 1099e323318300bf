// SPDX-License-Identifier: GPL-2.0-only
/* Unit tests of user/core/lib/parse.c: the value syntaxes users type. */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "core/lib/parse.h"

static void size_units(void **state)
{
	uint64_t v;

	assert_int_equal(parse_size("256", 'M', &v), 0);
	assert_int_equal(v, 256ULL << 20);
	assert_int_equal(parse_size("256", 'B', &v), 0);
	assert_int_equal(v, 256);
	assert_int_equal(parse_size("4k", 'M', &v), 0);
	assert_int_equal(v, 4096);
	assert_int_equal(parse_size("2G", 'M', &v), 0);
	assert_int_equal(v, 2ULL << 30);
	assert_int_equal(parse_size("1T", 'B', &v), 0);
	assert_int_equal(v, 1ULL << 40);
	assert_int_equal(parse_size("512b", 'M', &v), 0);
	assert_int_equal(v, 512);
}

static void size_fractions(void **state)
{
	uint64_t v;

	assert_int_equal(parse_size("1.5G", 'M', &v), 0);
	assert_int_equal(v, 3ULL << 29);
	assert_int_equal(parse_size("0.5k", 'B', &v), 0);
	assert_int_equal(v, 512);
	/* 0.3 KiB is 307.2 bytes: not a whole number */
	assert_int_equal(parse_size("0.3k", 'B', &v), -EINVAL);
}

static void size_errors(void **state)
{
	uint64_t v = 77;

	assert_int_equal(parse_size("", 'M', &v), -EINVAL);
	assert_int_equal(parse_size("M", 'M', &v), -EINVAL);
	assert_int_equal(parse_size("12X", 'M', &v), -EINVAL);
	assert_int_equal(parse_size("12MB", 'M', &v), -EINVAL);
	assert_int_equal(parse_size("-1", 'M', &v), -EINVAL);
	assert_int_equal(parse_size("1.", 'M', &v), -EINVAL);
	assert_int_equal(parse_size("16E", 'B', &v), -ERANGE);
	assert_int_equal(parse_size("99999999999999999999", 'B', &v), -ERANGE);
	assert_int_equal(v, 77);	/* untouched on error */
}

static void integers(void **state)
{
	uint64_t v;

	assert_int_equal(parse_u64("0xf4", &v), 0);
	assert_int_equal(v, 0xf4);
	assert_int_equal(parse_u64("010", &v), 0);
	assert_int_equal(v, 8);
	assert_int_equal(parse_u64("42", &v), 0);
	assert_int_equal(v, 42);
	assert_int_equal(parse_u64("0x", &v), -EINVAL);
	assert_int_equal(parse_u64("4z", &v), -EINVAL);
	assert_int_equal(parse_u64("-4", &v), -EINVAL);
	assert_int_equal(parse_u64("0x1ffffffffffffffff", &v), -ERANGE);
}

static void booleans(void **state)
{
	bool b;

	assert_int_equal(parse_bool("on", &b), 0);
	assert_true(b);
	assert_int_equal(parse_bool("OFF", &b), 0);
	assert_false(b);
	assert_int_equal(parse_bool("yes", &b), 0);
	assert_true(b);
	assert_int_equal(parse_bool("maybe", &b), -EINVAL);
}

static void keyval_device(void **state)
{
	struct kv_list l;
	char err[128];

	assert_int_equal(kv_parse("isa-debug-exit,iobase=0xf4,iosize=4",
				  "driver", &l, err, sizeof(err)), 0);
	assert_int_equal(l.n, 3);
	assert_string_equal(kv_get(&l, "driver"), "isa-debug-exit");
	assert_string_equal(kv_get(&l, "iobase"), "0xf4");
	assert_string_equal(kv_get(&l, "iosize"), "4");
	assert_null(kv_get(&l, "irq"));
	kv_free(&l);
}

static void keyval_flags_and_escapes(void **state)
{
	struct kv_list l;
	char err[128];

	/* "server,nowait" style flags, and ",," as a literal comma */
	assert_int_equal(kv_parse("file=a,,b.img,server,x=", NULL, &l, err,
				  sizeof(err)), 0);
	assert_int_equal(l.n, 3);
	assert_string_equal(kv_get(&l, "file"), "a,b.img");
	assert_string_equal(kv_get(&l, "server"), "on");
	assert_string_equal(kv_get(&l, "x"), "");
	kv_free(&l);
}

static void keyval_errors(void **state)
{
	struct kv_list l;
	char err[128];

	assert_int_equal(kv_parse("a=1,a=2", NULL, &l, err, sizeof(err)),
			 -EINVAL);
	assert_string_equal(err, "parameter 'a' given twice");
	assert_int_equal(l.n, 0);
	assert_int_equal(kv_parse("=3", NULL, &l, err, sizeof(err)), -EINVAL);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(size_units),
		cmocka_unit_test(size_fractions),
		cmocka_unit_test(size_errors),
		cmocka_unit_test(integers),
		cmocka_unit_test(booleans),
		cmocka_unit_test(keyval_device),
		cmocka_unit_test(keyval_flags_and_escapes),
		cmocka_unit_test(keyval_errors),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
