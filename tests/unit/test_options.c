// SPDX-License-Identifier: GPL-2.0-only
/* Unit tests of user/vmm/options.c: the QEMU-compatible command line. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include "core/lib/log.h"
#include "vmm/options.h"

/* Parse a NULL-terminated list of arguments (argv[0] is added). */
static int parse(struct vm_config *cfg, char *err, ...)
{
	char *argv[32] = { "ringvm" };
	int argc = 1;
	va_list ap;
	char *a;

	va_start(ap, err);
	while ((a = va_arg(ap, char *)) && argc < 31)
		argv[argc++] = a;
	va_end(ap);
	options_defaults(cfg);
	return options_parse(cfg, argc, argv, err, 256);
}

static void defaults(void **state)
{
	struct vm_config cfg;
	char err[256];

	assert_int_equal(parse(&cfg, err, NULL), 0);
	assert_int_equal(cfg.ram_bytes, 128ULL << 20);
	assert_null(cfg.kernel);
	assert_false(cfg.nographic);
	assert_int_equal(cfg.n_serial, 0);
}

static void test_kernel_command_line(void **state)
{
	struct vm_config cfg;
	char err[256];

	/* The command line issue 3's acceptance names, as QEMU takes it. */
	assert_int_equal(parse(&cfg, err, "-kernel", "t.elf", "-nographic",
			       "-device", "isa-debug-exit,iobase=0xf4,iosize=4",
			       "--m", "64", "-append", "a b", NULL), 0);
	assert_string_equal(cfg.kernel, "t.elf");
	assert_true(cfg.nographic);
	assert_int_equal(cfg.devices.n, 1);
	assert_string_equal(cfg.devices.v[0], "isa-debug-exit,iobase=0xf4,iosize=4");
	assert_int_equal(cfg.ram_bytes, 64ULL << 20);
	assert_string_equal(cfg.append, "a b");
}

static void ram_sizes(void **state)
{
	struct vm_config cfg;
	char err[256];

	assert_int_equal(parse(&cfg, err, "-m", "1G", NULL), 0);
	assert_int_equal(cfg.ram_bytes, 1ULL << 30);
	assert_int_equal(parse(&cfg, err, "-m", "size=512M,slots=2", NULL), 0);
	assert_int_equal(cfg.ram_bytes, 512ULL << 20);
	assert_int_equal(parse(&cfg, err, "-m", "0", NULL), -1);
	assert_string_equal(err, "-m 0: RAM size must be at least 1 MiB");
	assert_int_equal(parse(&cfg, err, "-m", "lots", NULL), -1);
	assert_string_equal(err, "-m lots: invalid RAM size");
}

static void errors_name_the_option(void **state)
{
	struct vm_config cfg;
	char err[256];

	assert_int_equal(parse(&cfg, err, "-frobnicate", NULL), -1);
	assert_string_equal(err, "-frobnicate: invalid option");
	assert_int_equal(parse(&cfg, err, "-kernel", NULL), -1);
	assert_string_equal(err, "-kernel: requires an argument");
	assert_int_equal(parse(&cfg, err, "-d", "in_asm,bogus", NULL), -1);
	assert_string_equal(err, "-d in_asm,bogus: unknown log item 'bogus' (see -d help)");
	assert_int_equal(parse(&cfg, err, "-accel", "kvm", NULL), -1);
	assert_string_equal(err, "-accel kvm: unknown accelerator 'kvm' (available: tcg)");
	assert_int_equal(parse(&cfg, err, "-accel", "tcg,backend=arm", NULL), -1);
	assert_string_equal(err, "-accel tcg,backend=arm: invalid parameter 'backend=arm'");
}

static void debugcon_and_globals(void **state)
{
	struct vm_config cfg;
	char err[256];

	assert_int_equal(parse(&cfg, err, "-debugcon", "file:seabios.log", "-global",
			       "isa-debugcon.iobase=0x402", NULL), 0);
	assert_string_equal(cfg.debugcon, "file:seabios.log");
	assert_int_equal(cfg.globals.n, 1);
	assert_string_equal(cfg.globals.v[0], "isa-debugcon.iobase=0x402");
	assert_int_equal(parse(&cfg, err, "-global", "iobase=0x402", NULL), -1);
	assert_string_equal(err, "-global iobase=0x402: expected driver.property=value");
}

static void log_items(void **state)
{
	struct vm_config cfg;
	char err[256];

	assert_int_equal(parse(&cfg, err, "-d", "in_asm,int,cpu", "-D", "x.log",
			       NULL), 0);
	assert_int_equal(cfg.log_mask, LOG_IN_ASM | LOG_INT | LOG_CPU);
	assert_string_equal(cfg.log_file, "x.log");
	assert_int_equal(parse(&cfg, err, "-d", "help", NULL), 0);
	assert_true(cfg.show_log_help);
}

static void serial_ports_in_order(void **state)
{
	struct vm_config cfg;
	char err[256];

	assert_int_equal(parse(&cfg, err, "-serial", "stdio", "-serial",
			       "file:com2.log", "-accel", "tcg,backend=interp",
			       NULL), 0);
	assert_int_equal(cfg.n_serial, 2);
	assert_string_equal(cfg.serial[0], "stdio");
	assert_string_equal(cfg.serial[1], "file:com2.log");
	assert_string_equal(cfg.accel, "tcg,backend=interp");
	assert_int_equal(parse(&cfg, err, "-serial", "a", "-serial", "b",
			       "-serial", "c", "-serial", "d", "-serial", "e",
			       NULL), -1);
	assert_string_equal(err, "-serial e: at most 4 serial ports");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(defaults),
		cmocka_unit_test(test_kernel_command_line),
		cmocka_unit_test(ram_sizes),
		cmocka_unit_test(errors_name_the_option),
		cmocka_unit_test(debugcon_and_globals),
		cmocka_unit_test(log_items),
		cmocka_unit_test(serial_ports_in_order),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
