/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The human monitor (QEMU's HMP): a line-oriented command interface on a
 * character device, with QEMU's command names.  This is its core: line
 * editing, the command table, and the commands that control the run
 * state.  More commands (memory dumps, media, savevm, gdbserver) are added
 * as rows of the table in monitor_cmds*.c files.
 */
#ifndef RINGVM_VMM_MONITOR_H
#define RINGVM_VMM_MONITOR_H

#include <stdbool.h>

#include "core/chardev.h"

struct monitor;

/* What the monitor asks of the machine; every call is made with the
 * machine lock held. */
struct monitor_machine {
	void (*stop)(void *opaque);
	void (*cont)(void *opaque);
	bool (*running)(void *opaque);
	void (*system_reset)(void *opaque);
	void (*system_powerdown)(void *opaque);
	void (*quit)(void *opaque);
	/* info registers / info pci: print with monitor_printf */
	void (*info_registers)(void *opaque, struct monitor *mon);
	void (*info_pci)(void *opaque, struct monitor *mon);
	const char *name;	/* -name, or NULL */
	void *opaque;
};

/* Start a monitor on @chr (attached as a frontend).  Returns NULL on
 * failure after reporting it. */
struct monitor *monitor_new(struct chardev *chr,
			    const struct monitor_machine *machine);
void monitor_free(struct monitor *mon);

void monitor_printf(struct monitor *mon, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

/* Run one command line as if typed (tests, and the monitor itself). */
void monitor_execute(struct monitor *mon, const char *line);

#endif
