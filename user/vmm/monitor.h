/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The human monitor (QEMU's HMP): a line-oriented command interface on a
 * character device, with QEMU's command names.  This is its core: line
 * editing, the command table, and the commands that control the run
 * state.  The other commands live in monitor_*.c files (monitor_int.h) and
 * each is one row of the table in monitor.c.
 */
#ifndef RINGVM_VMM_MONITOR_H
#define RINGVM_VMM_MONITOR_H

#include <stdbool.h>

#include "core/chardev.h"

struct monitor;
struct x86_cpu;
struct pc;
struct i8042;

/* What the monitor asks of the machine; every call is made with the
 * machine lock held. */
struct monitor_machine {
	void (*stop)(void *opaque);
	void (*cont)(void *opaque);
	bool (*running)(void *opaque);
	void (*system_reset)(void *opaque);
	void (*system_powerdown)(void *opaque);
	void (*quit)(void *opaque);
	const char *name;	/* -name, or NULL */
	/* the parts the inspection and device commands reach into */
	struct x86_cpu *cpu;
	struct pc *pc;
	struct i8042 *kbc;
	/* the other character devices, for "info chardev" (NULL ends) */
	struct chardev *const *chardevs;
	void *opaque;
};

/* Start a monitor on @chr (attached as a frontend).  Returns NULL on
 * failure after reporting it. */
struct monitor *monitor_new(struct chardev *chr,
			    const struct monitor_machine *machine);
/* A monitor without a device: QMP's human-monitor-command runs lines on
 * it and takes what they printed. */
struct monitor *monitor_new_captured(const struct monitor_machine *machine);
/* The output since the last call (malloc'd, NUL-terminated; "" when
 * none); the caller frees it. */
char *monitor_take_output(struct monitor *mon);
void monitor_free(struct monitor *mon);

void monitor_printf(struct monitor *mon, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

/* Run one command line as if typed (tests, QMP, the monitor itself). */
void monitor_execute(struct monitor *mon, const char *line);

#endif
