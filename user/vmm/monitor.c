// SPDX-License-Identifier: GPL-2.0-only
/*
 * The human monitor: line editing with history, the command table, the
 * dispatcher, argument helpers and the run-state commands (see monitor.h
 * and monitor_int.h).  Command names, aliases and output follow QEMU's HMP.
 */
#include "monitor_int.h"
#include "gdbstub.h"

#include <ctype.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static void out_append(struct monitor *mon, const char *s, size_t n)
{
	if (mon->out_len + n + 1 > mon->out_cap) {
		size_t cap = (mon->out_len + n + 1) * 2;
		char *p = realloc(mon->out, cap);

		if (!p)
			return;
		mon->out = p;
		mon->out_cap = cap;
	}
	memcpy(mon->out + mon->out_len, s, n);
	mon->out_len += n;
	mon->out[mon->out_len] = 0;
}

static void mon_write(struct monitor *mon, const char *s, size_t n)
{
	if (mon->capture || !mon->chr)
		out_append(mon, s, n);
	else
		chardev_write(mon->chr, (const uint8_t *)s, n);
}

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
	if (mon->capture || !mon->chr) {
		out_append(mon, buf, (size_t)n);
		return;
	}
	/* a terminal in raw mode needs \r\n */
	for (char *p = buf, *nl; *p; p = nl + 1) {
		nl = strchr(p, '\n');
		if (!nl) {
			mon_write(mon, p, strlen(p));
			break;
		}
		mon_write(mon, p, (size_t)(nl - p));
		mon_write(mon, "\r\n", 2);
	}
}

char *monitor_take_output(struct monitor *mon)
{
	char *s = mon->out ? mon->out : strdup("");

	mon->out = NULL;
	mon->out_len = mon->out_cap = 0;
	return s;
}

static void prompt(struct monitor *mon)
{
	/* QEMU's prompt, which scripts driving a monitor wait for */
	monitor_printf(mon, "(qemu) ");
}

/* --- argument helpers --- */

bool monitor_word(const char **p, char *buf, size_t size)
{
	const char *s = *p;
	size_t n;

	while (*s == ' ' || *s == '\t')
		s++;
	n = strcspn(s, " \t");
	if (!n || n >= size)
		return false;
	memcpy(buf, s, n);
	buf[n] = 0;
	s += n;
	while (*s == ' ' || *s == '\t')
		s++;
	*p = s;
	return true;
}

bool monitor_parse_fmt(struct monitor *mon, const char **p, long *count,
		       char *fmt, int *size)
{
	const char *s = *p;

	if (*s != '/')
		return true;
	s++;
	if (isdigit((unsigned char)*s)) {
		char *end;

		*count = strtol(s, &end, 10);
		s = end;
	}
	for (; *s && *s != ' ' && *s != '\t'; s++) {
		switch (*s) {
		case 'x': case 'd': case 'u': case 'o': case 'c': case 'i':
		case 's':
			*fmt = *s;
			break;
		case 'b': *size = 1; break;
		case 'h': *size = 2; break;
		case 'w': *size = 4; break;
		case 'g': *size = 8; break;
		/* QEMU also takes l for a long (4 bytes on i386) */
		case 'l': *size = 4; break;
		default:
			monitor_printf(mon, "invalid char in format: '%c'\n", *s);
			return false;
		}
	}
	while (*s == ' ' || *s == '\t')
		s++;
	*p = s;
	return true;
}

/* --- the run-state commands --- */

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

/* The command table: one row per command, sorted by name as QEMU's help
 * lists them. */
const struct monitor_cmd monitor_cmds[] = {
	{ "change", "device filename [format]", "insert another medium",
	  monitor_cmd_change },
	{ "commit", "device|all", "write -snapshot changes into the images",
	  monitor_cmd_commit },
	{ "cont|c", "", "resume emulation", cmd_cont },
	{ "eject", "[-f] device", "remove a medium (-f: even if locked)",
	  monitor_cmd_eject },
	{ "gdbserver", "[device]", "start the gdbstub on device (default tcp::1234; none: stop)",
	  monitor_cmd_gdbserver },
	{ "help|?", "[cmd]", "show the help", cmd_help },
	{ "i", "/fmt addr", "read an I/O port (/b, /w, /l)", monitor_cmd_in },
	{ "info", "[subcommand]", "show various information about the system state",
	  monitor_cmd_info },
	{ "log", "item1[,...]|none", "set the -d log items", monitor_cmd_log },
	{ "logfile", "filename", "send the log to a file", monitor_cmd_logfile },
	{ "memsave", "addr size file", "write guest virtual memory to a file",
	  monitor_cmd_memsave },
	{ "o", "/fmt addr value", "write an I/O port (/b, /w, /l)", monitor_cmd_out },
	{ "pmemsave", "addr size file", "write guest physical memory to a file",
	  monitor_cmd_pmemsave },
	{ "print|p", "/fmt expr", "evaluate an expression ($eax, $pc: registers)",
	  monitor_cmd_print },
	{ "quit|q", "", "quit the emulator", cmd_quit },
	{ "screendump", "filename", "write the screen as a PPM image",
	  monitor_cmd_screendump },
	{ "sendkey", "keys [hold_ms]", "type a key combination (ctrl-alt-delete)",
	  monitor_cmd_sendkey },
	{ "stop", "", "stop emulation", cmd_stop },
	{ "system_powerdown", "", "press the power button", cmd_system_powerdown },
	{ "system_reset", "", "reset the system", cmd_system_reset },
	{ "x", "/fmt addr", "dump guest virtual memory", monitor_cmd_x },
	{ "xp", "/fmt addr", "dump guest physical memory", monitor_cmd_xp },
};

const size_t monitor_n_cmds = sizeof(monitor_cmds) / sizeof(monitor_cmds[0]);

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
	for (size_t i = 0; i < monitor_n_cmds; i++) {
		if (*args && !cmd_matches(&monitor_cmds[i], args, strlen(args)))
			continue;
		monitor_printf(mon, "%s %s -- %s\n", monitor_cmds[i].name,
			       monitor_cmds[i].args, monitor_cmds[i].help);
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
	/* "x/4wx addr": the format sticks to the command name */
	wlen = strcspn(line, " \t/");
	args = line + wlen;
	while (*args == ' ' || *args == '\t')
		args++;
	for (size_t i = 0; i < monitor_n_cmds; i++) {
		if (cmd_matches(&monitor_cmds[i], line, wlen)) {
			char a[MONITOR_LINE_MAX];
			size_t n = strlen(args);

			/* trailing blanks are not part of the arguments */
			while (n && (args[n - 1] == ' ' || args[n - 1] == '\t'))
				n--;
			if (n >= sizeof(a))
				n = sizeof(a) - 1;
			memcpy(a, args, n);
			a[n] = 0;
			monitor_cmds[i].run(mon, a);
			return;
		}
	}
	monitor_printf(mon, "unknown command: '%.*s'\n", (int)wlen, line);
}

/* --- line editing --- */

void monitor_show_history(struct monitor *mon)
{
	for (int i = 0; i < mon->hist_n; i++)
		monitor_printf(mon, "%d: '%s'\n", i, mon->hist[i]);
}

static void history_add(struct monitor *mon, const char *line)
{
	if (!*line)
		return;
	/* an immediate repeat is kept once, as readline does */
	if (mon->hist_n && !strcmp(mon->hist[mon->hist_n - 1], line))
		return;
	if (mon->hist_n == MONITOR_HISTORY) {
		free(mon->hist[0]);
		memmove(mon->hist, mon->hist + 1,
			(MONITOR_HISTORY - 1) * sizeof(mon->hist[0]));
		mon->hist_n--;
	}
	mon->hist[mon->hist_n] = strdup(line);
	if (mon->hist[mon->hist_n])
		mon->hist_n++;
}

/* Redraw the line from the prompt, leaving the cursor at @pos: a CR, the
 * prompt, the text, erase to the end of the line (ECMA-48 EL), then the
 * cursor back (CUB). */
static void redraw(struct monitor *mon)
{
	monitor_printf(mon, "\r(qemu) %.*s\033[K", (int)mon->len, mon->line);
	if (mon->len > mon->pos)
		monitor_printf(mon, "\033[%zuD", mon->len - mon->pos);
}

static void history_step(struct monitor *mon, int dir)
{
	int to = mon->hist_pos + dir;
	const char *s;

	if (to < 0 || to > mon->hist_n)
		return;
	mon->hist_pos = to;
	s = to == mon->hist_n ? "" : mon->hist[to];
	mon->len = mon->pos = strlen(s);
	memcpy(mon->line, s, mon->len);
	redraw(mon);
}

static void cursor_move(struct monitor *mon, size_t to)
{
	if (to < mon->pos)
		monitor_printf(mon, "\033[%zuD", mon->pos - to);
	else if (to > mon->pos)
		monitor_printf(mon, "\033[%zuC", to - mon->pos);
	mon->pos = to;
}

/* The end of an escape sequence: ESC [ A..D, ESC O A..D (cursor keys in
 * application mode), ESC [ H/F and ESC [ 1~/4~/7~/8~ (Home, End),
 * ESC [ 3~ (Delete). */
static void escape_key(struct monitor *mon, char c)
{
	if (c == '~') {
		c = mon->esc_arg == '1' || mon->esc_arg == '7' ? 'H' :
		    mon->esc_arg == '4' || mon->esc_arg == '8' ? 'F' :
		    mon->esc_arg == '3' ? 'X' : 0;
	}
	switch (c) {
	case 'A': history_step(mon, -1); break;
	case 'B': history_step(mon, 1); break;
	case 'C': if (mon->pos < mon->len) cursor_move(mon, mon->pos + 1); break;
	case 'D': if (mon->pos) cursor_move(mon, mon->pos - 1); break;
	case 'H': cursor_move(mon, 0); break;
	case 'F': cursor_move(mon, mon->len); break;
	case 'X':
		if (mon->pos < mon->len) {
			memmove(mon->line + mon->pos, mon->line + mon->pos + 1,
				mon->len - mon->pos - 1);
			mon->len--;
			redraw(mon);
		}
		break;
	}
}

static void enter_line(struct monitor *mon)
{
	monitor_printf(mon, "\n");
	mon->line[mon->len] = 0;
	history_add(mon, mon->line);
	mon->hist_pos = mon->hist_n;
	mon->len = mon->pos = 0;
	monitor_execute(mon, mon->line);
	prompt(mon);
}

static void insert_char(struct monitor *mon, char c)
{
	if (mon->len >= MONITOR_LINE_MAX - 1)
		return;
	memmove(mon->line + mon->pos + 1, mon->line + mon->pos,
		mon->len - mon->pos);
	mon->line[mon->pos++] = c;
	mon->len++;
	if (mon->pos == mon->len)
		mon_write(mon, &c, 1);
	else
		redraw(mon);
}

static void backspace(struct monitor *mon)
{
	if (!mon->pos)
		return;
	memmove(mon->line + mon->pos - 1, mon->line + mon->pos,
		mon->len - mon->pos);
	mon->pos--;
	mon->len--;
	if (mon->pos == mon->len)
		mon_write(mon, "\b \b", 3);
	else
		redraw(mon);
}

static size_t mon_can_receive(void *opaque)
{
	return MONITOR_LINE_MAX;
}

static void mon_receive(void *opaque, const uint8_t *buf, size_t len)
{
	struct monitor *mon = opaque;

	for (size_t i = 0; i < len; i++) {
		uint8_t c = buf[i];

		if (mon->esc == 1) {
			mon->esc = c == '[' || c == 'O' ? 2 : 0;
			mon->esc_arg = 0;
			continue;
		}
		if (mon->esc == 2) {
			/* parameters (ESC [ 1 ; 5 C), then the final byte
			 * (ECMA-48 §5.4) */
			if ((c >= '0' && c <= '9') || c == ';') {
				if (!mon->esc_arg && c != ';')
					mon->esc_arg = (char)c;
				continue;
			}
			mon->esc = 0;
			if (c >= 0x40 && c <= 0x7e)
				escape_key(mon, (char)c);
			continue;
		}
		if (c == '\n' && mon->last_cr) {
			mon->last_cr = false;
			continue;
		}
		mon->last_cr = c == '\r';
		switch (c) {
		case '\r':
		case '\n':
			enter_line(mon);
			break;
		case 0x7f:
		case 0x08:
			backspace(mon);
			break;
		case 0x1b:
			mon->esc = 1;
			break;
		case 0x01:	/* C-a: beginning of line */
			cursor_move(mon, 0);
			break;
		case 0x05:	/* C-e: end of line */
			cursor_move(mon, mon->len);
			break;
		case 0x0b:	/* C-k: kill to the end */
			mon->len = mon->pos;
			redraw(mon);
			break;
		case 0x10:	/* C-p, C-n: history as the arrows */
			history_step(mon, -1);
			break;
		case 0x0e:
			history_step(mon, 1);
			break;
		default:
			if (c >= 0x20)
				insert_char(mon, (char)c);
			break;
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
		mon->len = mon->pos = 0;
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
	monitor_dev_init(mon);
	return mon;
}

struct monitor *monitor_new_captured(const struct monitor_machine *machine)
{
	struct monitor *mon = calloc(1, sizeof(*mon));

	if (!mon)
		return NULL;
	mon->m = *machine;
	mon->capture = true;
	return mon;
}

void monitor_free(struct monitor *mon)
{
	if (!mon)
		return;
	monitor_dev_exit(mon);
	for (int i = 0; i < mon->hist_n; i++)
		free(mon->hist[i]);
	free(mon->out);
	free(mon);
}
