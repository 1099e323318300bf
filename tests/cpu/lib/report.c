// SPDX-License-Identifier: GPL-2.0-only
/*
 * Test reports in the format of kvm-unit-tests: "PASS: name", "FAIL: name",
 * "SKIP: name", and a final "SUMMARY: N tests, M failures"; the result
 * leaves through QEMU's isa-debug-exit device (-device isa-debug-exit,
 * iobase=0xf4,iosize=4), whose exit status is (value << 1) | 1.
 */
#include "libcpu.h"

unsigned int tests_run, tests_failed;

void report(const char *name, bool pass)
{
	tests_run++;
	if (!pass)
		tests_failed++;
	printf("%s: %s\n", pass ? "PASS" : "FAIL", name);
}

void reportf(bool pass, const char *fmt, ...)
{
	char name[160];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(name, sizeof(name), fmt, ap);
	va_end(ap);
	report(name, pass);
}

bool report_eq(const char *name, u32 got, u32 want)
{
	tests_run++;
	if (got == want) {
		printf("PASS: %s\n", name);
		return true;
	}
	tests_failed++;
	printf("FAIL: %s -- got 0x%x want 0x%x\n", name, got, want);
	return false;
}

bool report_eq64(const char *name, u64 got, u64 want)
{
	tests_run++;
	if (got == want) {
		printf("PASS: %s\n", name);
		return true;
	}
	tests_failed++;
	printf("FAIL: %s -- got 0x%llx want 0x%llx\n", name, got, want);
	return false;
}

void report_skip(const char *name, const char *why)
{
	printf("SKIP: %s -- %s\n", name, why);
}

void detail(const char *fmt, ...)
{
	char line[200];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(line, sizeof(line), fmt, ap);
	va_end(ap);
	printf("# %s\n", line);
}

void exit_tests(void)
{
	printf("SUMMARY: %u tests, %u failures\n", tests_run, tests_failed);
	outl(0xf4, tests_failed ? 1 : 0);
	/* without the debug-exit device: stop here */
	for (;;)
		asm volatile("cli; hlt");
}
