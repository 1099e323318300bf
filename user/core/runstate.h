/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * How the machine stops: a device (isa-debug-exit, the reset line, ACPI
 * power-off) requests it here; the vCPU loop sees the request at the next
 * instruction boundary, and main turns it into the process exit status.
 */
#ifndef RINGVM_CORE_RUNSTATE_H
#define RINGVM_CORE_RUNSTATE_H

#include <stdbool.h>

/* Ask the machine to stop and ringvm to exit with @status. */
void runstate_request_exit(int status);
bool runstate_exit_requested(int *status);

/* The guest powered the machine off (ACPI S5): ringvm exits with status
 * 0, or stops with -no-shutdown. */
void runstate_request_shutdown(void);
bool runstate_take_shutdown(void);

/* Ask for a system reset (keyboard controller, port 0x92, 0xcf9, ...);
 * with -no-reboot the machine exits instead, as QEMU does. */
void runstate_request_reset(void);
/* True once per request: the machine performs the reset. */
bool runstate_take_reset(void);

/* Set by the machine: make the vCPU notice a request now. */
extern void (*runstate_kick)(void);

#endif
