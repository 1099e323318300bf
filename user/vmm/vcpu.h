/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The two threads of a running machine and the lock between them.
 *
 * The vCPU thread runs the CPU, the timers and every device access the
 * guest makes.  The main thread runs the event loop: console and socket
 * input, the monitor.  Both touch devices, so device state belongs to one
 * big lock: the vCPU thread holds it while it runs and lets go between
 * slices of translated code when the main thread asks (it kicks the CPU
 * out of translated code first), while it sleeps in HLT, and while the
 * machine is stopped.  The main thread holds it except while it sleeps
 * in poll.  A KQEMU-style accelerator later blocks in its ioctl the same
 * way a halted CPU sleeps: without the lock.
 */
#ifndef RINGVM_VMM_VCPU_H
#define RINGVM_VMM_VCPU_H

#include <stdbool.h>

#include "translator/cpu.h"

struct vcpu_machine {
	struct x86_cpu *cpu;
	/* the machine's reset (lock held); returns 0 or -1 after reporting */
	int (*reset)(void *opaque);
	void *opaque;
	bool no_reboot;		/* a reset request ends ringvm instead */
	bool no_shutdown;	/* a guest power-off stops the machine instead */
};

/* Start the vCPU thread (stopped when @start_stopped, as with -S), then
 * run the event loop in the calling thread until the machine ends.
 * SIGTERM, SIGINT and SIGHUP end it cleanly from then on (exit status 0,
 * the terminal restored, -pidfile removed), as in QEMU.  Returns the exit
 * status. */
int vcpu_run(const struct vcpu_machine *vm, bool start_stopped);

/* Run state, for the monitor (main thread, lock held). */
void vcpu_stop(void);
void vcpu_cont(void);
bool vcpu_running(void);
void vcpu_request_exit(int status);
/* The user's system_reset and quit: as a guest's reset and exit, but
 * reported as the host's doing. */
void vcpu_request_reset(void);
void vcpu_request_quit(void);
/* The host thread id of the vCPU (QMP's query-cpus-fast). */
int vcpu_thread_id(void);

/* Run-state changes, which QMP reports as events (QEMU's STOP, RESUME,
 * RESET, SHUTDOWN, POWERDOWN); @reason is QEMU's ShutdownCause name or
 * NULL.  Called with the lock held, from either thread. */
enum vcpu_event {
	VCPU_EVENT_STOP,
	VCPU_EVENT_RESUME,
	VCPU_EVENT_RESET,
	VCPU_EVENT_SHUTDOWN,
	VCPU_EVENT_POWERDOWN,
};
extern void (*vcpu_event_hook)(enum vcpu_event ev, bool guest,
			       const char *reason);
void vcpu_event(enum vcpu_event ev, bool guest, const char *reason);

/* The CPU stopped for the debugger (a breakpoint or a single step, see
 * struct cpu_debug); the machine is stopped.  vCPU thread, lock held. */
extern void (*vcpu_debug_hook)(void);

#endif
