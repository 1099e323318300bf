/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The event loop of the main thread: file descriptors to watch, polled once
 * per event_loop_wait() with poll(2), and the callbacks of those that are
 * ready.  Timers are not here: they live on the virtual clock (core/clock.h)
 * and the caller passes clock_next_timeout() as the longest sleep.
 *
 * Interest is asked for again before every poll (want_read, want_write), so
 * a watch follows its owner's state without being re-registered: a character
 * device stops reading while its frontend is full and the bytes stay in the
 * kernel (QEMU 0.9's fd_read_poll).  Registration, callbacks and waiting are
 * for the main thread only; event_loop_notify() may be called from any
 * thread (a vCPU thread that made room in a device's FIFO, a stop request).
 */
#ifndef RINGVM_CORE_EVENT_H
#define RINGVM_CORE_EVENT_H

#include <stdbool.h>
#include <stdint.h>

struct event_watch;

struct event_fd_ops {
	/* Optional: asked before each poll; false means "not now".  Without
	 * it a watch with a read callback always wants input. */
	bool (*want_read)(void *opaque);
	/* The fd is readable, hung up or in error: read() tells which. */
	void (*read)(void *opaque);
	/* Optional, as want_read; without it a write callback always wants
	 * to be called when the fd is writable. */
	bool (*want_write)(void *opaque);
	void (*write)(void *opaque);
};

/* Watch @fd; @ops must outlive the watch.  Several watches may share an fd
 * (stdout for a serial port and a debug console).  NULL when out of
 * memory. */
struct event_watch *event_watch_add(int fd, const struct event_fd_ops *ops,
				    void *opaque);
/* Stop watching (safe inside any callback, including the watch's own). */
void event_watch_del(struct event_watch *w);

/* Called at the start of every wait, before interest is asked for: a place
 * to hand over input that was held back while a frontend was full.  Returns
 * 0 or -ENOMEM. */
int event_prepare_add(void (*fn)(void *opaque), void *opaque);
void event_prepare_del(void (*fn)(void *opaque), void *opaque);

/*
 * Poll the watched fds once, sleeping at most @timeout_ns (0: do not sleep,
 * CLOCK_NEVER or any negative value: until something happens), and run the
 * callbacks of those that are ready.  Returns the number of callbacks run,
 * or -errno if poll itself failed (EINTR counts as 0 callbacks).
 */
int event_loop_wait(int64_t timeout_ns);

/* Callbacks run around the poll system call: the machine releases its
 * big lock while the loop sleeps, and callbacks run with it held. */
void event_loop_set_lock(void (*unlock)(void), void (*lock)(void));

/* Wake the loop from its sleep, or make its next wait return at once.
 * Thread-safe and cheap when the loop is not sleeping. */
void event_loop_notify(void);

/* From a want_* callback: the current wait must end within @ns (host time),
 * for a watch that has to look again later (a pty nobody has opened yet). */
void event_loop_wake_within(int64_t ns);

#endif
