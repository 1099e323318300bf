// SPDX-License-Identifier: GPL-2.0-only
/*
 * The human monitor without a machine around it: expressions as QEMU's
 * HMP evaluates them, and x/xp, info tlb and info mem on page tables
 * built here in guest RAM (32-bit paging with 4 KiB and 4 MiB pages, PAE
 * with 4 KiB and 2 MiB pages: SDM Vol. 3A §4.3, §4.4).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "core/io.h"
#include "core/mem.h"
#include "translator/cpu.h"
#include "vmm/monitor.h"

#define RAM_BYTES (16u << 20)

static struct x86_cpu cpu;
static uint8_t *ram;
static struct monitor *mon;

static bool not_running(void *opaque)
{
	return false;
}

static int setup(void **state)
{
	struct monitor_machine mm = { .running = not_running, .cpu = &cpu };

	io_reset_all();
	mem_reset_all();
	ram = mem_alloc(RAM_BYTES);
	assert_non_null(ram);
	assert_int_equal(mem_map_ram(0, RAM_BYTES, ram, "ram"), 0);
	memset(&cpu, 0, sizeof(cpu));
	cpu.a20_mask = ~0u;
	mon = monitor_new_captured(&mm);
	assert_non_null(mon);
	return 0;
}

static int teardown(void **state)
{
	monitor_free(mon);
	mem_reset_all();
	mem_free(ram, RAM_BYTES);
	return 0;
}

/* Run @line and return its output (static buffer). */
static const char *run(const char *line)
{
	static char buf[4096];
	char *out;

	monitor_execute(mon, line);
	out = monitor_take_output(mon);
	snprintf(buf, sizeof(buf), "%s", out);
	free(out);
	return buf;
}

static void put32(uint32_t gpa, uint32_t v)
{
	memcpy(ram + gpa, &v, 4);
}

static void put64(uint32_t gpa, uint64_t v)
{
	memcpy(ram + gpa, &v, 8);
}

static void expressions(void **state)
{
	cpu.regs[R_EAX] = 0x12345678;
	cpu.regs[R_EBX] = 0x100;
	cpu.eip = 0x10;
	cpu.seg[R_CS].base = 0xf0000;
	assert_string_equal(run("p 1 + 2 * 3"), "7\n");
	assert_string_equal(run("p/d (1 + 2) * 3"), "9\n");
	assert_string_equal(run("p/d -5"), "-5\n");
	assert_string_equal(run("p/d 10 % 3 - 7 / 2"), "-2\n");
	assert_string_equal(run("p/x 0x10 >> 2 | 1"), "0x5\n");
	assert_string_equal(run("p/o 8"), "010\n");
	assert_string_equal(run("p/u ~0"), "4294967295\n");
	assert_string_equal(run("p/c 0x41"), "'A'\n");
	assert_string_equal(run("p/x $eax"), "0x12345678\n");
	assert_string_equal(run("p/x $ax"), "0x5678\n");
	assert_string_equal(run("p/x $ah"), "0x56\n");
	assert_string_equal(run("p/x $al + $ebx"), "0x178\n");
	assert_string_equal(run("p/x $pc"), "0xf0010\n");
	assert_string_equal(run("p $eip"), "16\n");
	assert_string_equal(run("print 010"), "8\n");
	assert_string_equal(run("p 1/0"), "division by zero\n");
	assert_string_equal(run("p (1"), "')' expected\n");
	assert_string_equal(run("p $xyz"), "unknown register 'xyz'\n");
	assert_string_equal(run("p 12abc"), "invalid number\n");
	assert_string_equal(run("p"), "expression expected\n");
	assert_string_equal(run("p 1 2"), "print: extraneous characters at the end of line\n");
	assert_string_equal(run("p/q 1"), "invalid char in format: 'q'\n");
}

static void memory_without_paging(void **state)
{
	put32(0x5000, 0xdeadbeef);
	put32(0x5004, 0x01020304);
	assert_string_equal(run("x/2wx 0x5000"), "00005000: 0xdeadbeef 0x01020304\n");
	assert_string_equal(run("xp/2wx 0x5000"),
			    "0000000000005000: 0xdeadbeef 0x01020304\n");
	assert_string_equal(run("x/3bu 0x5000"), "00005000: 239 190 173\n");
	assert_string_equal(run("x/1wd 0x5000"), "00005000: 3735928559\n");
	assert_string_equal(run("p 0xffffffff"), "-1\n");
	assert_string_equal(run("x/1ho 0x5004"), "00005004:  01404\n");
	/* a remembered format: x/wx again */
	run("x/1wx 0x5000");
	assert_string_equal(run("x 0x5004"), "00005004: 0x01020304\n");
	/* unassigned space reads as ones */
	assert_string_equal(run("xp/1wx 0xff000000"), "00000000ff000000: 0xffffffff\n");
	/* 8 bytes per line, 16 for larger units */
	assert_string_equal(run("x/10bx 0x5000"),
			    "00005000: 0xef 0xbe 0xad 0xde 0x04 0x03 0x02 0x01\n"
			    "00005008: 0x00 0x00\n");
	assert_string_equal(run("info tlb"), "PG disabled\n");
}

/* lin 0x400000 -> 0x5000 through a 4 KiB page, lin 0x800000 -> 0 through a
 * 4 MiB page */
static void paging_32bit(void **state)
{
	put32(0x5000, 0xdeadbeef);
	put32(0x1000 + 1 * 4, 0x2000 | 0x7);	/* PDE 1: user, writable */
	put32(0x2000 + 0 * 4, 0x5000 | 0x3);	/* PTE 0: supervisor, writable */
	put32(0x1000 + 2 * 4, 0x0 | 0x81);	/* PDE 2: 4 MiB, read-only */
	cpu.cr[0] = CR0_PE | CR0_PG;
	cpu.cr[3] = 0x1000;
	cpu.cr[4] = CR4_PSE;
	assert_string_equal(run("x/1wx 0x400000"), "00400000: 0xdeadbeef\n");
	assert_string_equal(run("x/1wx 0x805000"), "00805000: 0xdeadbeef\n");
	assert_string_equal(run("x/1wx 0xc00000"), "00c00000: Cannot access memory\n");
	assert_string_equal(run("info tlb"),
			    "00400000: 00005000 --------W\n"
			    "00800000: 00000000 --P------\n");
	assert_string_equal(run("info mem"),
			    "00400000-00401000 00001000 -rw\n"
			    "00800000-00c00000 00400000 -r-\n");
}

/* PAE: lin 0x400000 -> 0x5000 (4 KiB), lin 0x800000 -> 0 (2 MiB) */
static void paging_pae(void **state)
{
	put32(0x5000, 0xcafef00d);
	put64(0x3000, 0x4000 | 0x1);		/* PDPTE 0 */
	put64(0x4000 + 2 * 8, 0x6000 | 0x7);	/* PDE 2 */
	put64(0x6000, 0x5000 | 0x7);		/* PTE 0 */
	put64(0x4000 + 4 * 8, 0x0 | 0x83);	/* PDE 4: 2 MiB */
	cpu.cr[0] = CR0_PE | CR0_PG;
	cpu.cr[3] = 0x3000;
	cpu.cr[4] = CR4_PAE;
	assert_string_equal(run("x/1wx 0x400000"), "00400000: 0xcafef00d\n");
	assert_string_equal(run("x/1wx 0x805000"), "00805000: 0xcafef00d\n");
	assert_string_equal(run("x/1wx 0x40000000"), "40000000: Cannot access memory\n");
	assert_string_equal(run("info mem"),
			    "00400000-00401000 00001000 urw\n"
			    "00800000-00a00000 00200000 -rw\n");
}

/* Whatever a user types, the monitor answers and stays up. */
static void bad_lines(void **state)
{
	static const char *const lines[] = {
		"", "   ", "x", "x/", "x/0x 0", "x/4wx", "x/70000bx 0", "xp/9z 0",
		"p ((((((((((", "p )", "p $", "p --1", "i", "i/q 0", "o 1",
		"memsave", "memsave 1 2", "nosuch", "info nosuch", "help nosuch",
		"x/4wx 0xfffffffe", "x/2gx 0xffffffff",
	};

	for (size_t i = 0; i < sizeof(lines) / sizeof(lines[0]); i++)
		run(lines[i]);
	assert_string_equal(run("info status"), "VM status: paused\n");
	assert_string_equal(run("nosuch a b"), "unknown command: 'nosuch'\n");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(expressions, setup, teardown),
		cmocka_unit_test_setup_teardown(memory_without_paging, setup, teardown),
		cmocka_unit_test_setup_teardown(paging_32bit, setup, teardown),
		cmocka_unit_test_setup_teardown(paging_pae, setup, teardown),
		cmocka_unit_test_setup_teardown(bad_lines, setup, teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
