/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The gdbstub: GDB's remote serial protocol on a character device, as
 * QEMU's -gdb, -s and the monitor's gdbserver.  One CPU, one thread id
 * (1).  Breakpoints and single steps go through the translator (struct
 * cpu_debug); guest memory is read and written at the virtual addresses
 * the CPU sees.
 */
#ifndef RINGVM_VMM_GDBSTUB_H
#define RINGVM_VMM_GDBSTUB_H

#include <stddef.h>

#include "monitor.h"

/* The machine the stub debugs (copied); qRcmd runs monitor commands on
 * it.  Call once, before gdbserver_start(). */
void gdbstub_init(const struct monitor_machine *m);

/* Listen for gdb on @spec: a chardev ("tcp::1234", "unix:/path" become
 * servers that do not wait for their client, as in QEMU), NULL or "" for
 * tcp::1234.  A previous server is closed.  Returns 0, or -1 with the
 * reason in @err. */
int gdbserver_start(const char *spec, char *err, size_t errlen);

/* The monitor's "gdbserver [device]". */
struct monitor;
void monitor_cmd_gdbserver(struct monitor *mon, const char *args);

/* The machine ended with @status: tell a connected gdb. */
void gdbstub_machine_exited(int status);

/* Close the server (end of the machine). */
void gdbserver_stop(void);

#endif
