/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The machine ringvm builds from the command line and runs.  Today it is
 * the small machine of the translator tests: RAM, COM1..COM4, the optional
 * isa-debug-exit device, and a multiboot -kernel.  The PC (i440FX, PIC,
 * PIT, RTC, SeaBIOS) extends it.
 */
#ifndef RINGVM_VMM_MACHINE_H
#define RINGVM_VMM_MACHINE_H

#include <stddef.h>

#include "options.h"

/* Build and run the machine; returns the process exit status, after
 * printing any error (this is main's level). */
int machine_run(const struct vm_config *cfg);

#endif
