/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Stand-in for lib/libcpu.h when gen/host-check compiles alu.c, shift.c
 * and muldiv.c as ordinary x86-64 Linux programs: the same report and
 * ASM_TRY interface on stdio and signals, so that the generated tables can
 * be compared with what the host CPU computes.  A development aid only.
 */
#ifndef TESTS_CPU_HOST_LIBCPU_H
#define TESTS_CPU_HOST_LIBCPU_H
#define _GNU_SOURCE
#include <signal.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <ucontext.h>
#include <unistd.h>

typedef uint8_t u8;
typedef uint16_t u16;
typedef uint32_t u32;
typedef uint64_t u64;
typedef int8_t s8;
typedef int16_t s16;
typedef int32_t s32;
typedef int64_t s64;

#define ARRAY_SIZE(a) (sizeof(a) / sizeof((a)[0]))
#define FL_CF	0x0001
#define FL_PF	0x0004
#define FL_AF	0x0010
#define FL_ZF	0x0040
#define FL_SF	0x0080
#define FL_DF	0x0400
#define FL_OF	0x0800
#define FL_ARITH (FL_CF | FL_PF | FL_AF | FL_ZF | FL_SF | FL_OF)
enum { DE_VECTOR = 0, BP_VECTOR = 3, UD_VECTOR = 6, GP_VECTOR = 13 };

static unsigned int tests_run, tests_failed;
volatile u32 ex_vector = -1, ex_recover, ex_eip, ex_error;

/* absolute 32-bit addresses: build with -no-pie */
#define ASM_TRY(catch)						\
	"movl $-1, ex_vector\n\t"				\
	"movl $" catch ", ex_recover\n\t"

static inline int ex_caught(void)
{
	ex_recover = 0;
	return (int)ex_vector;
}

static void report(const char *name, bool pass)
{
	tests_run++;
	if (!pass)
		tests_failed++;
	printf("%s: %s\n", pass ? "PASS" : "FAIL", name);
}

static void __attribute__((format(printf, 2, 3), unused))
reportf(bool pass, const char *fmt, ...)
{
	char name[200];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(name, sizeof(name), fmt, ap);
	va_end(ap);
	report(name, pass);
}

static bool __attribute__((unused))
report_eq(const char *name, u32 got, u32 want)
{
	report(name, got == want);
	return got == want;
}

static void __attribute__((format(printf, 1, 2), unused))
detail(const char *fmt, ...)
{
	char line[300];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(line, sizeof(line), fmt, ap);
	va_end(ap);
	printf("# %s\n", line);
}

/* a hardware exception arrives as a signal: resume at ex_recover */
static void host_signal(int sig, siginfo_t *si, void *p)
{
	ucontext_t *uc = p;

	ex_vector = sig == SIGFPE ? DE_VECTOR : sig == SIGILL ? UD_VECTOR :
		    sig == SIGTRAP ? BP_VECTOR : GP_VECTOR;
	ex_eip = uc->uc_mcontext.gregs[REG_RIP];
	if (!ex_recover) {
		printf("FAIL: unexpected signal %d\n", sig);
		_exit(2);
	}
	uc->uc_mcontext.gregs[REG_RIP] = ex_recover;
	ex_recover = 0;
}

static void __attribute__((constructor)) host_init(void)
{
	struct sigaction sa;

	memset(&sa, 0, sizeof(sa));
	sa.sa_sigaction = host_signal;
	sa.sa_flags = SA_SIGINFO | SA_NODEFER;
	sigaction(SIGFPE, &sa, NULL);
	sigaction(SIGILL, &sa, NULL);
	sigaction(SIGTRAP, &sa, NULL);
	sigaction(SIGSEGV, &sa, NULL);
}

static void __attribute__((destructor)) host_summary(void)
{
	printf("SUMMARY: %u tests, %u failures\n", tests_run, tests_failed);
	fflush(stdout);
	if (tests_failed)
		_exit(1);
}

#endif
