// SPDX-License-Identifier: GPL-2.0-only
/*
 * The human monitor: line editing and the run-state commands (see
 * monitor.h).  Command names, aliases and output follow QEMU's HMP.
 */
#include "monitor.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define MONITOR_LINE_MAX 1024

struct monitor {
	struct chardev *chr;
	struct monitor_machine m;
	char line[MONITOR_LINE_MAX];
	size_t len;
	bool esc;		/* inside an escape sequence (arrow keys) */
	bool last_cr;		/* swallow the \n of a \r\n pair */
};

struct monitor_cmd {
	const char *name;	/* "cont|c": aliases after '|' */
	const char *args;
	const char *help;
	void (*run)(struct monitor *mon, const char *args);
};

void monitor_printf(struct monitor *mon, const char *fmt, ...)
{
	char buf[4096];
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vsnprintf(buf, sizeof(buf), fmt, ap);
	va_end(ap);
	if (n < 0)
		return;
	if ((size_t)n >= sizeof(buf))
		n = sizeof(buf) - 1;
	/* a terminal in raw mode needs \r\n */
	for (char *p = buf, *nl; *p; p = nl + 1) {
		nl = strchr(p, '\n');
		if (!nl) {
			chardev_write(mon->chr, (uint8_t *)p, strlen(p));
			break;
		}
		chardev_write(mon->chr, (uint8_t *)p, (size_t)(nl - p));
		chardev_write(mon->chr, (const uint8_t *)"\r\n", 2);
	}
}

static void prompt(struct monitor *mon)
{
	/* QEMU's prompt, which scripts driving a monitor wait for */
	monitor_printf(mon, "(qemu) ");
}

static void cmd_help(struct monitor *mon, const char *args);

static void cmd_cont(struct monitor *mon, const char *args)
{
	mon->m.cont(mon->m.opaque);
}

static void cmd_stop(struct monitor *mon, const char *args)
{
	mon->m.stop(mon->m.opaque);
}

static void cmd_quit(struct monitor *mon, const char *args)
{
	mon->m.quit(mon->m.opaque);
}

static void cmd_system_reset(struct monitor *mon, const char *args)
{
	mon->m.system_reset(mon->m.opaque);
}

static void cmd_system_powerdown(struct monitor *mon, const char *args)
{
	mon->m.system_powerdown(mon->m.opaque);
}

static void info_version(struct monitor *mon)
{
	monitor_printf(mon, "%s\n", RINGVM_VERSION);
}

static void info_status(struct monitor *mon)
{
	monitor_printf(mon, "VM status: %s\n",
		       mon->m.running(mon->m.opaque) ? "running" : "paused");
}

static void info_name(struct monitor *mon)
{
	if (mon->m.name)
		monitor_printf(mon, "%s\n", mon->m.name);
}

static void info_registers(struct monitor *mon)
{
	mon->m.info_registers(mon->m.opaque, mon);
}

static void info_pci(struct monitor *mon)
{
	if (mon->m.info_pci)
		mon->m.info_pci(mon->m.opaque, mon);
}

static void info_chardev(struct monitor *mon)
{
	monitor_printf(mon, "%s: filename=%s\n", chardev_label(mon->chr),
		       chardev_filename(mon->chr));
}

static const struct {
	const char *name;
	const char *help;
	void (*show)(struct monitor *mon);
} info_cmds[] = {
	{ "chardev", "show the monitor's character device", info_chardev },
	{ "name", "show the current VM name", info_name },
	{ "pci", "show PCI info", info_pci },
	{ "registers", "show the cpu registers", info_registers },
	{ "status", "show the current VM status (running|paused)", info_status },
	{ "version", "show the version of ringvm", info_version },
};

static void cmd_info(struct monitor *mon, const char *args)
{
	size_t i;

	for (i = 0; i < sizeof(info_cmds) / sizeof(info_cmds[0]); i++) {
		if (*args && !strcmp(args, info_cmds[i].name)) {
			info_cmds[i].show(mon);
			return;
		}
	}
	if (*args)
		monitor_printf(mon, "unknown info subcommand '%s'\n", args);
	for (i = 0; i < sizeof(info_cmds) / sizeof(info_cmds[0]); i++)
		monitor_printf(mon, "info %-10s -- %s\n", info_cmds[i].name,
			       info_cmds[i].help);
}

static const struct monitor_cmd cmds[] = {
	{ "cont|c", "", "resume emulation", cmd_cont },
	{ "help|?", "[cmd]", "show the help", cmd_help },
	{ "info", "[subcommand]", "show various information about the system state",
	  cmd_info },
	{ "quit|q", "", "quit the emulator", cmd_quit },
	{ "stop", "", "stop emulation", cmd_stop },
	{ "system_powerdown", "", "send system power down event", cmd_system_powerdown },
	{ "system_reset", "", "reset the system", cmd_system_reset },
};

#define N_CMDS (sizeof(cmds) / sizeof(cmds[0]))

/* Does @word name @cmd or one of its aliases? */
static bool cmd_matches(const struct monitor_cmd *cmd, const char *word,
			size_t wlen)
{
	const char *p = cmd->name;

	while (*p) {
		size_t n = strcspn(p, "|");

		if (n == wlen && !strncmp(p, word, wlen))
			return true;
		p += n;
		if (*p == '|')
			p++;
	}
	return false;
}

static void cmd_help(struct monitor *mon, const char *args)
{
	for (size_t i = 0; i < N_CMDS; i++) {
		if (*args && !cmd_matches(&cmds[i], args, strlen(args)))
			continue;
		monitor_printf(mon, "%s %s -- %s\n", cmds[i].name, cmds[i].args,
			       cmds[i].help);
	}
}

void monitor_execute(struct monitor *mon, const char *line)
{
	size_t wlen;
	const char *args;

	while (*line == ' ' || *line == '\t')
		line++;
	if (!*line)
		return;
	wlen = strcspn(line, " \t");
	args = line + wlen;
	while (*args == ' ' || *args == '\t')
		args++;
	for (size_t i = 0; i < N_CMDS; i++) {
		if (cmd_matches(&cmds[i], line, wlen)) {
			char a[MONITOR_LINE_MAX];
			size_t n = strlen(args);

			/* trailing blanks are not part of the arguments */
			while (n && (args[n - 1] == ' ' || args[n - 1] == '\t'))
				n--;
			memcpy(a, args, n);
			a[n] = 0;
			cmds[i].run(mon, a);
			return;
		}
	}
	monitor_printf(mon, "unknown command: '%.*s'\n", (int)wlen, line);
}

static size_t mon_can_receive(void *opaque)
{
	return MONITOR_LINE_MAX;
}

/* Line editing: printable characters are echoed and collected,
 * backspace erases, Enter runs the line; escape sequences (cursor keys)
 * are skipped. */
static void mon_receive(void *opaque, const uint8_t *buf, size_t len)
{
	struct monitor *mon = opaque;

	for (size_t i = 0; i < len; i++) {
		uint8_t c = buf[i];

		if (mon->esc) {
			/* CSI sequences end with a letter or '~' */
			if ((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || c == '~')
				mon->esc = false;
			continue;
		}
		if (c == '\n' && mon->last_cr) {
			mon->last_cr = false;
			continue;
		}
		mon->last_cr = c == '\r';
		if (c == '\r' || c == '\n') {
			monitor_printf(mon, "\n");
			mon->line[mon->len] = 0;
			monitor_execute(mon, mon->line);
			mon->len = 0;
			prompt(mon);
		} else if (c == 0x7f || c == 0x08) {
			if (mon->len) {
				mon->len--;
				chardev_write(mon->chr, (const uint8_t *)"\b \b", 3);
			}
		} else if (c == 0x1b) {
			mon->esc = true;
		} else if (c >= 0x20 && mon->len < MONITOR_LINE_MAX - 1) {
			mon->line[mon->len++] = (char)c;
			chardev_write(mon->chr, &c, 1);
		}
	}
}

static void mon_event(void *opaque, enum chardev_event ev)
{
	struct monitor *mon = opaque;

	/* a new client, or the mux switched to the monitor: greet it */
	if (ev == CHARDEV_EVENT_OPENED || ev == CHARDEV_EVENT_FOCUS_IN) {
		monitor_printf(mon, "ringvm %s monitor - type 'help' for more "
			       "information\n", RINGVM_VERSION);
		prompt(mon);
	}
}

struct monitor *monitor_new(struct chardev *chr,
			    const struct monitor_machine *machine)
{
	struct monitor *mon = calloc(1, sizeof(*mon));
	struct chardev_frontend fe = {
		.can_receive = mon_can_receive,
		.receive = mon_receive,
		.event = mon_event,
		.opaque = mon,
	};

	if (!mon)
		return NULL;
	mon->chr = chr;
	mon->m = *machine;
	if (chardev_attach(chr, &fe)) {
		free(mon);
		return NULL;
	}
	return mon;
}

void monitor_free(struct monitor *mon)
{
	free(mon);
}
