/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The machine ringvm builds from the command line and runs: QEMU's "pc"
 * (or "isapc"), with SeaBIOS, or a multiboot -kernel started directly.
 */
#ifndef RINGVM_VMM_MACHINE_H
#define RINGVM_VMM_MACHINE_H

#include <stddef.h>

#include "options.h"

/* Build and run the machine; returns the process exit status, after
 * printing any error (this is main's level). */
int machine_run(const struct vm_config *cfg);

/* Called once the machine is built, before it runs (main's -daemonize and
 * -pidfile); returns 0 or -1 after reporting. */
extern int (*machine_ready_hook)(void);

#endif
