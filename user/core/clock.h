/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The virtual clock and its timers.
 *
 * Devices know time only through here: clock_ns() is the machine's time in
 * nanoseconds, and a timer calls its callback once the clock passes its
 * deadline.  The machine loop runs due timers (clock_run_timers) and sleeps
 * until the next deadline when the CPU halts.  In manual mode the clock
 * moves only by clock_step(), which makes device tests deterministic
 * (QEMU's qtest clock_step).
 */
#ifndef RINGVM_CORE_CLOCK_H
#define RINGVM_CORE_CLOCK_H

#include <stdbool.h>
#include <stdint.h>

#define CLOCK_NEVER INT64_MAX

struct timer {
	int64_t deadline_ns;		/* CLOCK_NEVER when not armed */
	void (*cb)(void *opaque);	/* required: runs in the machine loop */
	void *opaque;
	struct timer *next;		/* the armed list, by deadline */
};

int64_t clock_ns(void);
/* Manual mode: time stands still except for clock_step(). */
void clock_set_manual(bool manual);
void clock_step(int64_t ns);

void timer_init(struct timer *t, void (*cb)(void *opaque), void *opaque);
void timer_mod(struct timer *t, int64_t deadline_ns);
void timer_del(struct timer *t);
bool timer_pending(const struct timer *t);

/* Run the callbacks of every timer whose deadline has passed. */
void clock_run_timers(void);
/* Nanoseconds until the next deadline (0 if one is due, CLOCK_NEVER if
 * none is armed). */
int64_t clock_next_timeout(void);

#endif
