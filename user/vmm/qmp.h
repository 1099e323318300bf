/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * QMP, QEMU's JSON machine protocol, on the character device of -qmp
 * (tcp:HOST:PORT,server,nowait or unix:PATH,server,nowait): the greeting,
 * capabilities negotiation, commands with their "id", error replies of
 * QEMU's classes, and the run-state events.  qmp.c is the protocol,
 * qmp_cmds.c the commands.
 */
#ifndef RINGVM_VMM_QMP_H
#define RINGVM_VMM_QMP_H

#include "monitor.h"

/* Open @spec (NULL: no QMP) and serve it; errors are reported naming
 * -qmp.  Returns 0 or -1. */
int qmp_open(const char *spec, const struct monitor_machine *machine);
void qmp_close(void);

#endif
