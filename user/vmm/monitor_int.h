/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The human monitor's insides, shared by its files: monitor.c (line
 * editing, history, the command table and its dispatcher), monitor_info.c
 * (the "info" subcommands), monitor_mem.c (memory, registers and ports),
 * monitor_expr.c (the expressions "x", "p" and "o" take), monitor_dev.c
 * (keys, removable media, disks, logging) and monitor_screen.c
 * (screendump); qmp_cmds.c uses the drive list.  A new command is one row
 * of monitor_cmds[] in monitor.c and its function declared here.
 */
#ifndef RINGVM_VMM_MONITOR_INT_H
#define RINGVM_VMM_MONITOR_INT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "monitor.h"

struct block_dev;
struct ide_drive;

#define MONITOR_LINE_MAX 1024
#define MONITOR_HISTORY 64

struct monitor {
	struct chardev *chr;	/* NULL: output is only captured (QMP) */
	struct monitor_machine m;
	/* the line being edited: @len bytes, the cursor at @pos */
	char line[MONITOR_LINE_MAX];
	size_t len, pos;
	int esc;		/* 0; 1 after ESC; 2 inside ESC [ or ESC O */
	char esc_arg;		/* the digit of ESC [ n ~ */
	bool last_cr;		/* swallow the \n of a \r\n pair */
	/* history: oldest first; @hist_pos == @hist_n is the new line */
	char *hist[MONITOR_HISTORY];
	int hist_n, hist_pos;
	/* human-monitor-command: output goes here while @capture is set */
	bool capture;
	char *out;
	size_t out_len, out_cap;
};

/* One row of the command table.  @name lists aliases after '|'
 * ("cont|c"); @run gets the arguments with blanks trimmed. */
struct monitor_cmd {
	const char *name;
	const char *args;
	const char *help;
	void (*run)(struct monitor *mon, const char *args);
};

/* Argument helpers (monitor.c).  Each prints its own error and returns
 * false on bad input. */
/* The next blank-separated word of *@p into @buf; false when none. */
bool monitor_word(const char **p, char *buf, size_t size);
/* The /fmt of x, xp, p, i, o: count, format letter, size letter.  @fmt,
 * @size keep their defaults when the user gives none. */
bool monitor_parse_fmt(struct monitor *mon, const char **p, long *count,
		       char *fmt, int *size);

/* monitor_expr.c: an expression ("$eax + 4 * 0x10", "($esp + 4) & ~3") at
 * *@p, up to where no operator follows; advances *@p past it. */
bool monitor_expr(struct monitor *mon, const char **p, int64_t *val);

/* Guest memory (monitor_mem.c): linear addresses walk the guest's page
 * tables without faulting; false when a page is not present. */
bool monitor_lin_to_phys(struct monitor *mon, uint32_t lin, uint64_t *gpa);
/* Read @len bytes; -1 when a page is not present. */
int monitor_read_virt(struct monitor *mon, uint32_t lin, void *buf, size_t len);

/* The drives the media commands name (monitor_dev.c): IDE index 0-3,
 * then floppy 0-1. */
#define MONITOR_N_DRIVES 6
struct monitor_drive {
	char name[16];			/* "ide1-cd0", "floppy0" */
	struct block_dev **slot;	/* where the machine keeps the medium */
	struct ide_drive *ide;		/* IDE drives */
	bool cd;
	bool is_floppy;
	int floppy;			/* floppy unit */
};
/* Drive @i, false when the machine has none there. */
bool monitor_drive(struct monitor *mon, int i, struct monitor_drive *d);
/* The monitor on a device also serves C-a s (commit all). */
void monitor_dev_init(struct monitor *mon);
void monitor_dev_exit(struct monitor *mon);

/* The commands of the other files. */
void monitor_cmd_info(struct monitor *mon, const char *args);
void monitor_cmd_x(struct monitor *mon, const char *args);
void monitor_cmd_xp(struct monitor *mon, const char *args);
void monitor_cmd_print(struct monitor *mon, const char *args);
void monitor_cmd_in(struct monitor *mon, const char *args);
void monitor_cmd_out(struct monitor *mon, const char *args);
void monitor_cmd_memsave(struct monitor *mon, const char *args);
void monitor_cmd_pmemsave(struct monitor *mon, const char *args);
void monitor_cmd_sendkey(struct monitor *mon, const char *args);
void monitor_cmd_change(struct monitor *mon, const char *args);
void monitor_cmd_eject(struct monitor *mon, const char *args);
void monitor_cmd_commit(struct monitor *mon, const char *args);
void monitor_cmd_log(struct monitor *mon, const char *args);
void monitor_cmd_logfile(struct monitor *mon, const char *args);
void monitor_cmd_screendump(struct monitor *mon, const char *args);

/* For "info history" and "help" (monitor.c). */
void monitor_show_history(struct monitor *mon);
extern const struct monitor_cmd monitor_cmds[];
extern const size_t monitor_n_cmds;

#endif
