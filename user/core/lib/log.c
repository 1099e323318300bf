// SPDX-License-Identifier: GPL-2.0-only
/*
 * Logging: see log.h.  The item table mirrors QEMU's `-d help` so that users
 * type the names they already know.
 */
#include "log.h"

#include <errno.h>
#include <string.h>

unsigned log_mask;
FILE *log_file;
const char *err_progname = "ringvm";

static const struct {
	const char *name;
	unsigned mask;
	const char *help;
} log_items[] = {
	{ "in_asm", LOG_IN_ASM, "show target assembly code for each compiled TB" },
	{ "out_asm", LOG_OUT_ASM, "show generated host assembly code for each compiled TB" },
	{ "op", LOG_OP, "show micro ops for each compiled TB" },
	{ "op_opt", LOG_OP_OPT, "show micro ops after optimization" },
	{ "int", LOG_INT, "show interrupts/exceptions in short format" },
	{ "exec", LOG_EXEC, "show trace before each executed TB (lots of logs)" },
	{ "cpu", LOG_CPU, "show CPU registers before entering a TB (lots of logs)" },
	{ "guest_errors", LOG_GUEST, "log when the guest OS does something invalid (eg accessing a non-existent register)" },
	{ "unimp", LOG_UNIMP, "log unimplemented functionality" },
	{ "ioport", LOG_IOPORT, "show all i/o ports accesses" },
};

#define N_ITEMS (sizeof(log_items) / sizeof(log_items[0]))

int log_parse_items(const char *items, unsigned *mask, char *bad, size_t badlen)
{
	const char *p = items;
	unsigned m = 0;

	while (*p) {
		size_t len = strcspn(p, ",");
		size_t i;
		bool found = false;

		if (len == 3 && !strncmp(p, "all", 3)) {
			for (i = 0; i < N_ITEMS; i++)
				m |= log_items[i].mask;
			found = true;
		}
		for (i = 0; i < N_ITEMS && !found; i++) {
			if (strlen(log_items[i].name) == len &&
			    !strncmp(p, log_items[i].name, len)) {
				m |= log_items[i].mask;
				found = true;
			}
		}
		if (!found && len) {
			snprintf(bad, badlen, "%.*s", (int)len, p);
			return -1;
		}
		p += len;
		if (*p == ',')
			p++;
	}
	*mask = m;
	return 0;
}

void log_print_items(FILE *f)
{
	size_t i;

	fprintf(f, "Log items (comma separated):\n");
	for (i = 0; i < N_ITEMS; i++)
		fprintf(f, "%-15s %s\n", log_items[i].name, log_items[i].help);
}

int log_set_file(const char *path)
{
	FILE *f = fopen(path, "w");

	if (!f)
		return -errno;
	setvbuf(f, NULL, _IOLBF, 0);
	if (log_file && log_file != stderr)
		fclose(log_file);
	log_file = f;
	return 0;
}

void log_msg(enum log_cat cat, const char *fmt, ...)
{
	va_list ap;

	if (!log_enabled(cat))
		return;
	va_start(ap, fmt);
	vfprintf(log_file ? log_file : stderr, fmt, ap);
	va_end(ap);
}

void err_vreport(const char *fmt, va_list ap)
{
	fprintf(stderr, "%s: ", err_progname);
	vfprintf(stderr, fmt, ap);
	fputc('\n', stderr);
}

void err_report(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	err_vreport(fmt, ap);
	va_end(ap);
}
