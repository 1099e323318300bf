// SPDX-License-Identifier: GPL-2.0-only
/*
 * pty: a new pseudo-terminal; the user connects a terminal program to its
 * slave side (screen /dev/pts/N, minicom -p).  Its name is printed as QEMU
 * prints it: "char device redirected to /dev/pts/N (label serial0)".
 *
 * We keep only the master.  While no program has the slave open the master
 * reports a hang-up, and output is dropped as on an unplugged line; so we
 * open and close the slave once at the start, which puts the master in that
 * state from the beginning (otherwise the first 4 KiB of output would wait
 * in the pty for a reader that may never come).  A peer arriving is noticed
 * when output is written, and by a look once a second while idle.
 */
#include "chardev_backend.h"

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "core/event.h"

#define PTY_RECHECK_NS 1000000000LL

struct chardev_pty {
	struct chardev c;
	int master;
	int64_t next_check_ns;		/* host monotonic time */
	struct event_watch *idle_watch;	/* looks for a peer while idle */
};

static int64_t pty_now_ns(void)
{
	struct timespec t;

	clock_gettime(CLOCK_MONOTONIC, &t);
	return (int64_t)t.tv_sec * 1000000000 + t.tv_nsec;
}

/* Is a program holding the slave open? */
static bool pty_peer_present(struct chardev_pty *p)
{
	struct pollfd fd = { .fd = p->master, .events = POLLIN };

	if (poll(&fd, 1, 0) < 0)
		return false;
	return !(fd.revents & POLLHUP);
}

static void pty_set_connected(struct chardev_pty *p, bool on)
{
	if (p->c.connected == on)
		return;
	p->c.connected = on;
	if (on)
		chardev_set_fds(&p->c, p->master, p->master);
	else
		chardev_set_fds(&p->c, -1, -1);
	chardev_send_event(&p->c, on ? CHARDEV_EVENT_OPENED : CHARDEV_EVENT_CLOSED);
}

static void pty_reconnect(struct chardev *c)
{
	struct chardev_pty *p = (struct chardev_pty *)c;

	if (!c->connected && pty_peer_present(p))
		pty_set_connected(p, true);
}

static void pty_hangup(struct chardev *c, bool output)
{
	struct chardev_pty *p = (struct chardev_pty *)c;

	/* EIO from the master: the last program closed the slave */
	pty_set_connected(p, false);
	p->next_check_ns = pty_now_ns() + PTY_RECHECK_NS;
}

/* The idle watch never polls: its want_read looks for a peer once a
 * second and asks the loop to come back in time for the next look. */
static bool pty_idle_want_read(void *opaque)
{
	struct chardev_pty *p = opaque;
	int64_t now;

	if (p->c.connected)
		return false;
	now = pty_now_ns();
	if (now >= p->next_check_ns) {
		pty_reconnect(&p->c);
		p->next_check_ns = now + PTY_RECHECK_NS;
		if (p->c.connected)
			return false;
	}
	event_loop_wake_within(p->next_check_ns - now);
	return false;
}

static void pty_idle_read(void *opaque)
{
}

static const struct event_fd_ops pty_idle_ops = {
	.want_read = pty_idle_want_read,
	.read = pty_idle_read,
};

static void pty_close(struct chardev *c)
{
	struct chardev_pty *p = (struct chardev_pty *)c;

	event_watch_del(p->idle_watch);
	close(p->master);
}

static const struct chardev_ops pty_ops = {
	.kind = "pty",
	.hangup = pty_hangup,
	.reconnect = pty_reconnect,
	.close = pty_close,
};

int chardev_pty_open(const struct chardev_req *r, struct chardev **out)
{
	struct chardev_pty *p;
	const char *name;
	int master, slave, err;

	master = posix_openpt(O_RDWR | O_NOCTTY | O_CLOEXEC);
	if (master < 0)
		return chardev_fail(r, -errno, "cannot create a pty: %s", strerror(errno));
	if (grantpt(master) || unlockpt(master) || !(name = ptsname(master)))
		goto fail;
	slave = open(name, O_RDWR | O_NOCTTY | O_CLOEXEC);
	if (slave < 0)
		goto fail;
	/* the line belongs to the guest: no echo, no CR/NL games */
	err = chardev_tty_raw(slave, false, false);
	close(slave);
	if (err) {
		errno = -err;
		goto fail;
	}
	if (fcntl(master, F_SETFL, fcntl(master, F_GETFL) | O_NONBLOCK))
		goto fail;
	p = chardev_alloc(sizeof(*p), &pty_ops, r);
	if (!p) {
		close(master);
		return chardev_fail(r, -ENOMEM, "out of memory");
	}
	p->master = master;
	chardev_set_filename(&p->c, "pty:%s", name);
	p->idle_watch = event_watch_add(master, &pty_idle_ops, p);
	fprintf(stderr, "char device redirected to %s (label %s)\n", name,
		p->c.label);
	*out = &p->c;
	return 0;
fail:
	err = errno;
	close(master);
	return chardev_fail(r, -err, "cannot create a pty: %s", strerror(err));
}
