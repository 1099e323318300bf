/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Logging: user-facing errors and the categories of QEMU's -d option.
 *
 * Two kinds of output share this file.  err_report() is for the one message a
 * user must read ("ringvm: -m 0: invalid RAM size"); it always goes to stderr.
 * log_msg() is debug tracing, enabled per category by -d and sent to the -D
 * file (stderr by default).  Guest misbehaviour is logged under LOG_GUEST and
 * never aborts the emulator.
 */
#ifndef RINGVM_LIB_LOG_H
#define RINGVM_LIB_LOG_H

#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>

/* Bit per -d item; the names are QEMU's (see log_items in log.c). */
enum log_cat {
	LOG_IN_ASM = 1u << 0,	/* guest code as it is translated */
	LOG_OUT_ASM = 1u << 1,	/* host code generated */
	LOG_OP = 1u << 2,	/* IR before optimisation */
	LOG_OP_OPT = 1u << 3,	/* IR after optimisation */
	LOG_INT = 1u << 4,	/* interrupts and exceptions */
	LOG_EXEC = 1u << 5,	/* every TB executed */
	LOG_CPU = 1u << 6,	/* CPU state before each TB */
	LOG_GUEST = 1u << 7,	/* guest_errors: the guest did something invalid */
	LOG_UNIMP = 1u << 8,	/* unimp: the guest used something not built */
	LOG_IOPORT = 1u << 9,	/* every port access */
};

extern unsigned log_mask;
extern FILE *log_file;

static inline bool log_enabled(enum log_cat cat)
{
	return (log_mask & cat) != 0;
}

/* Parse a -d argument ("in_asm,int"); returns -1 and names the bad item. */
int log_parse_items(const char *items, unsigned *mask, char *bad, size_t badlen);
void log_print_items(FILE *f);
int log_set_file(const char *path);

void log_msg(enum log_cat cat, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

/* The program name used as prefix of every user-facing message. */
extern const char *err_progname;
void err_report(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
void err_vreport(const char *fmt, va_list ap);

#endif
