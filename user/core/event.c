// SPDX-License-Identifier: GPL-2.0-only
/*
 * The main thread's event loop; see event.h.
 *
 * The watch list is rebuilt into a pollfd array on every wait, which is
 * simple and cheap for the handful of fds a machine has (consoles, sockets,
 * a VNC server).  A watch deleted from a callback is only marked dead and
 * freed once dispatching is over, so the array being walked stays valid.
 *
 * Waking from another thread: an eventfd in the poll set.  The writer only
 * writes it when the loop says it is (about to be) asleep; the loop sets
 * that flag before it looks for a pending kick, and both are sequentially
 * consistent atomics, so a kick is either seen by the loop before it sleeps
 * or wakes it through the eventfd.
 */
#include "event.h"

#include <errno.h>
#include <poll.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>
#include <sys/eventfd.h>
#include <time.h>
#include <unistd.h>

#include "core/lib/log.h"

struct event_watch {
	int fd;
	bool dead;
	const struct event_fd_ops *ops;
	void *opaque;
};

struct event_prepare {
	void (*fn)(void *opaque);
	void *opaque;
};

static struct event_watch **watches;
static int n_watches, cap_watches;
static bool have_dead;
static bool dispatching;

static struct event_prepare *prepares;
static int n_prepares, cap_prepares;

static struct pollfd *pfds;
static struct event_watch **pfd_owner;
static int cap_pfds;

static int notify_fd = -1;
static pthread_once_t notify_once = PTHREAD_ONCE_INIT;
static atomic_bool loop_sleeping;
static atomic_bool loop_kicked;

static int64_t wake_limit_ns;	/* this wait's deadline from wake_within */

static void event_notify_init(void)
{
	notify_fd = eventfd(0, EFD_CLOEXEC | EFD_NONBLOCK);
	if (notify_fd < 0)
		err_report("event loop: eventfd: %s: other threads cannot wake the main loop",
			   strerror(errno));
}

struct event_watch *event_watch_add(int fd, const struct event_fd_ops *ops,
				    void *opaque)
{
	struct event_watch *w;

	if (n_watches == cap_watches) {
		int cap = cap_watches ? cap_watches * 2 : 16;
		struct event_watch **nw = realloc(watches, (size_t)cap * sizeof(*nw));

		if (!nw)
			return NULL;
		watches = nw;
		cap_watches = cap;
	}
	w = calloc(1, sizeof(*w));
	if (!w)
		return NULL;
	w->fd = fd;
	w->ops = ops;
	w->opaque = opaque;
	watches[n_watches++] = w;
	return w;
}

static void event_sweep(void)
{
	int i, j = 0;

	for (i = 0; i < n_watches; i++) {
		if (watches[i]->dead)
			free(watches[i]);
		else
			watches[j++] = watches[i];
	}
	n_watches = j;
	have_dead = false;
}

void event_watch_del(struct event_watch *w)
{
	if (!w)
		return;
	w->dead = true;
	have_dead = true;
	if (!dispatching)
		event_sweep();
}

int event_prepare_add(void (*fn)(void *opaque), void *opaque)
{
	if (n_prepares == cap_prepares) {
		int cap = cap_prepares ? cap_prepares * 2 : 8;
		struct event_prepare *np = realloc(prepares, (size_t)cap * sizeof(*np));

		if (!np)
			return -ENOMEM;
		prepares = np;
		cap_prepares = cap;
	}
	prepares[n_prepares++] = (struct event_prepare){ fn, opaque };
	return 0;
}

void event_prepare_del(void (*fn)(void *opaque), void *opaque)
{
	int i;

	for (i = 0; i < n_prepares; i++) {
		if (prepares[i].fn == fn && prepares[i].opaque == opaque) {
			prepares[i] = prepares[--n_prepares];
			return;
		}
	}
}

void event_loop_wake_within(int64_t ns)
{
	if (ns < 0)
		ns = 0;
	if (wake_limit_ns < 0 || ns < wake_limit_ns)
		wake_limit_ns = ns;
}

void event_loop_notify(void)
{
	static const uint64_t one = 1;
	ssize_t n;

	pthread_once(&notify_once, event_notify_init);
	atomic_store(&loop_kicked, true);
	if (!atomic_load(&loop_sleeping) || notify_fd < 0)
		return;
	do
		n = write(notify_fd, &one, sizeof(one));
	while (n < 0 && errno == EINTR);
	/* EAGAIN: the counter is already non-zero, the loop will wake */
}

static bool event_reserve_pfds(int n)
{
	struct pollfd *np;
	struct event_watch **no;
	int cap = cap_pfds ? cap_pfds : 16;

	if (n <= cap_pfds)
		return true;
	while (cap < n)
		cap *= 2;
	np = realloc(pfds, (size_t)cap * sizeof(*np));
	if (!np)
		return false;
	pfds = np;
	no = realloc(pfd_owner, (size_t)cap * sizeof(*no));
	if (!no)
		return false;
	pfd_owner = no;
	cap_pfds = cap;
	return true;
}

static bool event_wants(bool (*want)(void *), void (*cb)(void *), void *opaque)
{
	return cb && (!want || want(opaque));
}

/* Run the callbacks of one ready watch; returns how many ran. */
static int event_dispatch(struct event_watch *w, short revents, short asked)
{
	int ran = 0;

	/* a hang-up or an error is reported to whichever side listens: the
	 * read callback sees it as EOF, the write callback as EPIPE */
	if ((asked & POLLIN) && (revents & (POLLIN | POLLHUP | POLLERR))) {
		w->ops->read(w->opaque);
		ran++;
	}
	if (!w->dead && (asked & POLLOUT) &&
	    (revents & (POLLOUT | POLLHUP | POLLERR))) {
		w->ops->write(w->opaque);
		ran++;
	}
	if (!w->dead && (revents & POLLNVAL)) {
		/* our own bug: an fd closed under its watch; never spin on it */
		err_report("event loop: fd %d closed while watched", w->fd);
		event_watch_del(w);
	}
	return ran;
}

/* The machine's big lock, released while the loop sleeps in poll. */
static void (*poll_unlock)(void);
static void (*poll_lock)(void);

void event_loop_set_lock(void (*unlock)(void), void (*lock)(void))
{
	poll_unlock = unlock;
	poll_lock = lock;
}

int event_loop_wait(int64_t timeout_ns)
{
	struct timespec ts, *tsp = NULL;
	int i, n = 0, ready, ran = 0, base;
	uint64_t drain;

	pthread_once(&notify_once, event_notify_init);
	wake_limit_ns = -1;

	/* say "asleep" first, then look for kicks and ask for interest: a
	 * notifier racing with us either is seen here or writes the eventfd */
	atomic_store(&loop_sleeping, true);
	if (atomic_exchange(&loop_kicked, false))
		timeout_ns = 0;

	dispatching = true;
	for (i = 0; i < n_prepares; i++)
		prepares[i].fn(prepares[i].opaque);

	if (!event_reserve_pfds(n_watches + 1)) {
		dispatching = false;
		atomic_store(&loop_sleeping, false);
		return -ENOMEM;
	}
	base = notify_fd >= 0 ? 1 : 0;
	if (base) {
		pfds[0] = (struct pollfd){ .fd = notify_fd, .events = POLLIN };
		pfd_owner[0] = NULL;
		n = 1;
	}
	for (i = 0; i < n_watches; i++) {
		struct event_watch *w = watches[i];
		short ev = 0;

		if (w->dead || n == cap_pfds)
			continue;	/* a watch added just now waits a round */
		if (event_wants(w->ops->want_read, w->ops->read, w->opaque))
			ev |= POLLIN;
		if (event_wants(w->ops->want_write, w->ops->write, w->opaque))
			ev |= POLLOUT;
		/* an fd with no interest stays out: poll would still report
		 * its hang-up, and a pty nobody opened hangs up forever */
		if (!ev)
			continue;
		pfds[n] = (struct pollfd){ .fd = w->fd, .events = ev };
		pfd_owner[n] = w;
		n++;
	}

	if (wake_limit_ns >= 0 && (timeout_ns < 0 || wake_limit_ns < timeout_ns))
		timeout_ns = wake_limit_ns;
	if (timeout_ns >= 0 && timeout_ns != INT64_MAX) {
		ts.tv_sec = timeout_ns / 1000000000;
		ts.tv_nsec = timeout_ns % 1000000000;
		tsp = &ts;
	}
	if (poll_unlock)
		poll_unlock();
	ready = ppoll(pfds, (nfds_t)n, tsp, NULL);
	if (poll_lock)
		poll_lock();
	atomic_store(&loop_sleeping, false);
	if (ready < 0) {
		ready = errno == EINTR ? 0 : -errno;
		dispatching = false;
		if (have_dead)
			event_sweep();
		return ready;
	}
	if (base && (pfds[0].revents & POLLIN))
		while (read(notify_fd, &drain, sizeof(drain)) < 0 && errno == EINTR)
			;

	for (i = base; i < n && ready > 0; i++) {
		struct event_watch *w = pfd_owner[i];

		if (!pfds[i].revents)
			continue;
		ready--;
		if (!w->dead)
			ran += event_dispatch(w, pfds[i].revents, pfds[i].events);
	}
	dispatching = false;
	if (have_dead)
		event_sweep();
	return ran;
}
