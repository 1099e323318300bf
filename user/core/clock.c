// SPDX-License-Identifier: GPL-2.0-only
/*
 * Virtual clock and timers; see clock.h.  The clock follows the host's
 * monotonic clock from the moment the machine started (QEMU's virtual clock
 * without -icount); the armed timers form a list sorted by deadline, short
 * on a PC (PIT, RTC, a few device timeouts).
 */
#include "clock.h"

#include <stddef.h>
#include <time.h>

static bool manual;
static int64_t manual_ns;
/* While a timer callback runs, "now" is that timer's deadline: a device
 * sees each of its events at the time it asked for, however late the
 * loop ran it, so no edge of a periodic output is lost (QEMU's PIT does
 * the same with its next transition time). */
static bool in_timer;
static int64_t event_ns;
static int64_t start_ns = -1;
static struct timer *armed;

static int64_t host_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (int64_t)ts.tv_sec * 1000000000 + ts.tv_nsec;
}

static int64_t real_now(void);

int64_t clock_ns(void)
{
	if (in_timer)
		return event_ns;
	return real_now();
}

static int64_t real_now(void)
{
	if (manual)
		return manual_ns;
	if (start_ns < 0)
		start_ns = host_ns();
	return host_ns() - start_ns;
}

void clock_set_manual(bool on)
{
	manual_ns = clock_ns();
	manual = on;
	if (!on)
		start_ns = host_ns() - manual_ns;
}

void clock_step(int64_t ns)
{
	manual_ns += ns;
	clock_run_timers();
}

void timer_init(struct timer *t, void (*cb)(void *opaque), void *opaque)
{
	t->deadline_ns = CLOCK_NEVER;
	t->cb = cb;
	t->opaque = opaque;
	t->next = NULL;
}

void timer_del(struct timer *t)
{
	struct timer **pp;

	for (pp = &armed; *pp; pp = &(*pp)->next) {
		if (*pp == t) {
			*pp = t->next;
			break;
		}
	}
	t->next = NULL;
	t->deadline_ns = CLOCK_NEVER;
}

void timer_mod(struct timer *t, int64_t deadline_ns)
{
	struct timer **pp;

	timer_del(t);
	t->deadline_ns = deadline_ns;
	for (pp = &armed; *pp && (*pp)->deadline_ns <= deadline_ns; pp = &(*pp)->next)
		;
	t->next = *pp;
	*pp = t;
}

bool timer_pending(const struct timer *t)
{
	return t->deadline_ns != CLOCK_NEVER;
}

void clock_run_timers(void)
{
	int64_t now = real_now();

	/* a callback may re-arm its own timer or others: re-read the head */
	while (armed && armed->deadline_ns <= now) {
		struct timer *t = armed;

		armed = t->next;
		t->next = NULL;
		event_ns = t->deadline_ns;
		t->deadline_ns = CLOCK_NEVER;
		in_timer = true;
		t->cb(t->opaque);
		in_timer = false;
	}
}

int64_t clock_next_timeout(void)
{
	int64_t now;

	if (!armed)
		return CLOCK_NEVER;
	now = real_now();
	return armed->deadline_ns <= now ? 0 : armed->deadline_ns - now;
}
