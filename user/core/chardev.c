// SPDX-License-Identifier: GPL-2.0-only
/*
 * Character devices: the spec parser, the frontend interface, and the fd
 * plumbing every backend shares; see chardev.h and chardev_backend.h.
 *
 * Input: a watch per input fd asks the frontend before every poll how much
 * it can take, and reads no more than that, so nothing is dropped when the
 * guest's FIFO is full: the bytes stay in the host's buffers, and a socket
 * peer is slowed down by TCP itself.
 *
 * Output: written straight to the fd while the host takes it; the rest goes
 * to a 64 KiB queue flushed when the fd is writable.  A full queue makes the
 * writer wait, as QEMU 0.9 did: guest output to a console is never lost, a
 * guest is at most slowed to the speed of its console.  A device whose peer
 * is gone (a socket client left, nobody has the pty open) drops output, as
 * a serial line with nothing plugged in.
 */
#include "chardev_backend.h"

#include <errno.h>
#include <poll.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <termios.h>
#include <time.h>
#include <unistd.h>

#include "core/event.h"

int (*chardev_mux_save_disks)(void);

int chardev_fail(const struct chardev_req *r, int ret, const char *fmt, ...)
{
	va_list ap;

	if (r->err && r->errlen) {
		va_start(ap, fmt);
		vsnprintf(r->err, r->errlen, fmt, ap);
		va_end(ap);
	}
	return ret;
}

void *chardev_alloc(size_t size, const struct chardev_ops *ops,
		    const struct chardev_req *r)
{
	struct chardev *c = calloc(1, size);

	if (!c)
		return NULL;
	c->ops = ops;
	c->in_fd = -1;
	c->out_fd = -1;
	c->label = strdup(r->label ? r->label : "");
	c->filename = strdup(r->spec);
	if (!c->label || !c->filename) {
		chardev_free(c);
		return NULL;
	}
	return c;
}

void chardev_set_filename(struct chardev *c, const char *fmt, ...)
{
	va_list ap;
	char *s;
	int n;

	va_start(ap, fmt);
	n = vasprintf(&s, fmt, ap);
	va_end(ap);
	if (n < 0)
		return;		/* keep the spec as the name */
	free(c->filename);
	c->filename = s;
}

void chardev_free(struct chardev *c)
{
	if (!c)
		return;
	chardev_set_fds(c, -1, -1);
	free(c->outq);
	free(c->label);
	free(c->filename);
	free(c);
}

/* --- the frontend's side ------------------------------------------------ */

size_t chardev_can_receive(struct chardev *c)
{
	if (!c->has_fe)
		return 0;
	return c->fe.can_receive(c->fe.opaque);
}

void chardev_deliver(struct chardev *c, const uint8_t *buf, size_t len)
{
	if (c->has_fe && len)
		c->fe.receive(c->fe.opaque, buf, len);
}

void chardev_send_event(struct chardev *c, enum chardev_event ev)
{
	if (c->has_fe && c->fe.event)
		c->fe.event(c->fe.opaque, ev);
}

int chardev_attach(struct chardev *c, const struct chardev_frontend *fe)
{
	if (!c)
		return 0;
	if (c->ops->attach)
		return c->ops->attach(c, fe);
	if (c->has_fe)
		return -EBUSY;
	c->fe = *fe;
	c->has_fe = true;
	if (c->connected)
		chardev_send_event(c, CHARDEV_EVENT_OPENED);
	return 0;
}

void chardev_accept_input(struct chardev *c)
{
	if (c)
		event_loop_notify();
}

/* --- input ---------------------------------------------------------------- */

static void chardev_hangup(struct chardev *c, bool output)
{
	if (c->ops->hangup)
		c->ops->hangup(c, output);
	else if (output)
		chardev_set_fds(c, c->in_fd, -1);
	else
		chardev_set_fds(c, -1, c->out_fd);
}

static bool chardev_want_read(void *opaque)
{
	struct chardev *c = opaque;

	return c->in_fd >= 0 && chardev_can_receive(c) > 0;
}

static void chardev_read_ready(void *opaque)
{
	struct chardev *c = opaque;
	uint8_t buf[CHARDEV_READ_CHUNK];
	size_t room = chardev_can_receive(c);
	ssize_t n;

	if (!room || c->in_fd < 0)
		return;
	if (room > sizeof(buf))
		room = sizeof(buf);
	n = read(c->in_fd, buf, room);
	if (n > 0) {
		if (c->ops->input)
			c->ops->input(c, buf, (size_t)n);
		else
			chardev_deliver(c, buf, (size_t)n);
		return;
	}
	if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK || errno == EINTR))
		return;
	chardev_hangup(c, false);	/* end of file, or EIO: pty closed */
}

/* --- output --------------------------------------------------------------- */

static ssize_t chardev_sys_write(struct chardev *c, const uint8_t *buf,
				 size_t len)
{
	/* a socket whose peer left must give EPIPE, not kill us with
	 * SIGPIPE: send() can say so, write() cannot */
	if (c->out_is_socket)
		return send(c->out_fd, buf, len, MSG_NOSIGNAL);
	return write(c->out_fd, buf, len);
}

/* Write what is queued; 0 when done or the fd is full, -errno if the fd
 * failed for good. */
static int chardev_flush(struct chardev *c)
{
	while (c->outq_len) {
		size_t chunk = CHARDEV_OUTQ_BYTES - c->outq_head;
		ssize_t n;

		if (chunk > c->outq_len)
			chunk = c->outq_len;
		n = chardev_sys_write(c, c->outq + c->outq_head, chunk);
		if (n < 0) {
			if (errno == EINTR)
				continue;
			if (errno == EAGAIN || errno == EWOULDBLOCK)
				return 0;
			return -errno;
		}
		c->outq_head = (c->outq_head + (size_t)n) % CHARDEV_OUTQ_BYTES;
		c->outq_len -= (size_t)n;
	}
	c->outq_head = 0;
	return 0;
}

static bool chardev_want_write(void *opaque)
{
	struct chardev *c = opaque;

	return c->out_fd >= 0 && c->outq_len > 0;
}

static void chardev_write_ready(void *opaque)
{
	struct chardev *c = opaque;

	if (c->out_fd >= 0 && chardev_flush(c) < 0)
		chardev_hangup(c, true);
}

static const struct event_fd_ops chardev_in_ops = {
	.want_read = chardev_want_read,
	.read = chardev_read_ready,
};

static const struct event_fd_ops chardev_out_ops = {
	.want_write = chardev_want_write,
	.write = chardev_write_ready,
};

void chardev_set_fds(struct chardev *c, int in_fd, int out_fd)
{
	struct stat st;

	/* always rebuilt: a new client may get the number of the old one */
	event_watch_del(c->in_watch);
	event_watch_del(c->out_watch);
	c->in_watch = NULL;
	c->out_watch = NULL;
	if (out_fd != c->out_fd || out_fd < 0) {
		c->outq_len = 0;
		c->outq_head = 0;
	}
	c->in_fd = in_fd;
	c->out_fd = out_fd;
	c->out_is_socket = out_fd >= 0 && !fstat(out_fd, &st) &&
			   S_ISSOCK(st.st_mode);
	if (in_fd >= 0)
		c->in_watch = event_watch_add(in_fd, &chardev_in_ops, c);
	if (out_fd >= 0)
		c->out_watch = event_watch_add(out_fd, &chardev_out_ops, c);
}

/* Wait until out_fd takes more, at most @timeout_ms (-1: no limit). */
static void chardev_wait_writable(struct chardev *c, int timeout_ms)
{
	struct pollfd p = { .fd = c->out_fd, .events = POLLOUT };

	while (poll(&p, 1, timeout_ms) < 0 && errno == EINTR)
		;
}

size_t chardev_fd_write(struct chardev *c, const uint8_t *buf, size_t len)
{
	size_t left = len;

	if (c->out_fd < 0 && c->ops->reconnect)
		c->ops->reconnect(c);
	if (c->out_fd < 0)
		return len;
	if (!c->outq_len) {
		while (left) {
			ssize_t n = chardev_sys_write(c, buf, left);

			if (n < 0 && errno == EINTR)
				continue;
			if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK))
				break;
			if (n <= 0) {
				chardev_hangup(c, true);
				return len;
			}
			buf += n;
			left -= (size_t)n;
		}
		if (!left)
			return len;
	}
	if (!c->outq) {
		c->outq = malloc(CHARDEV_OUTQ_BYTES);
		if (!c->outq)
			return len;	/* out of memory: lose output, not the VM */
	}
	while (left) {
		size_t space = CHARDEV_OUTQ_BYTES - c->outq_len;
		size_t tail = (c->outq_head + c->outq_len) % CHARDEV_OUTQ_BYTES;
		size_t chunk = CHARDEV_OUTQ_BYTES - tail;

		if (!space) {
			chardev_wait_writable(c, -1);
			if (chardev_flush(c) < 0) {
				chardev_hangup(c, true);
				return len;
			}
			if (c->out_fd < 0)
				return len;
			continue;
		}
		if (chunk > space)
			chunk = space;
		if (chunk > left)
			chunk = left;
		memcpy(c->outq + tail, buf, chunk);
		c->outq_len += chunk;
		buf += chunk;
		left -= chunk;
	}
	return len;
}

void chardev_drain(struct chardev *c, int timeout_ms)
{
	struct timespec t0, t;
	int spent;

	clock_gettime(CLOCK_MONOTONIC, &t0);
	while (c->out_fd >= 0 && c->outq_len) {
		clock_gettime(CLOCK_MONOTONIC, &t);
		spent = (int)((t.tv_sec - t0.tv_sec) * 1000 +
			      (t.tv_nsec - t0.tv_nsec) / 1000000);
		if (spent >= timeout_ms)
			return;
		chardev_wait_writable(c, timeout_ms - spent);
		if (chardev_flush(c) < 0)
			return;
	}
}

size_t chardev_write(struct chardev *c, const uint8_t *buf, size_t len)
{
	if (!c)
		return len;
	if (c->ops->write)
		return c->ops->write(c, buf, len);
	return chardev_fd_write(c, buf, len);
}

/* --- ttys ----------------------------------------------------------------- */

int chardev_tty_raw(int fd, bool opost, bool isig)
{
	struct termios t;

	if (tcgetattr(fd, &t))
		return -errno;
	/* bytes pass unchanged both ways: no CR/NL mapping, no parity
	 * stripping, no XON/XOFF, no echo, no line editing */
	t.c_iflag &= ~(tcflag_t)(IGNBRK | BRKINT | PARMRK | ISTRIP | INLCR |
				 IGNCR | ICRNL | IXON | IXOFF);
	if (!opost)
		t.c_oflag &= ~(tcflag_t)OPOST;
	t.c_lflag &= ~(tcflag_t)(ECHO | ECHONL | ICANON | IEXTEN);
	if (!isig)
		t.c_lflag &= ~(tcflag_t)ISIG;
	t.c_cflag &= ~(tcflag_t)(CSIZE | PARENB);
	t.c_cflag |= CS8;
	t.c_cc[VMIN] = 1;
	t.c_cc[VTIME] = 0;
	if (tcsetattr(fd, TCSANOW, &t))
		return -errno;
	return 0;
}

/* --- opening -------------------------------------------------------------- */

struct chardev_kind {
	const char *prefix;	/* "tcp:" takes an argument, "stdio" none */
	int (*open)(const struct chardev_req *r, struct chardev **out);
};

static const struct chardev_kind chardev_kinds[] = {
	{ "stdio", chardev_stdio_open },
	{ "null", chardev_null_open },
	{ "pty", chardev_pty_open },
	{ "file:", chardev_file_open },
	{ "pipe:", chardev_pipe_open },
	{ "tcp:", chardev_tcp_open },
	{ "telnet:", chardev_telnet_open },
	{ "unix:", chardev_unix_open },
	{ "mon:", chardev_mux_open },
	{ "/dev/", chardev_tty_open },
};

/* QEMU backends a user may know that ringvm does not have (yet). */
static const char *const chardev_unsupported[] = {
	"vc", "udp", "msmouse", "braille", "chardev", "COM",
};

int chardev_open_req(struct chardev_req *r, struct chardev **out)
{
	const char *spec = r->spec;
	size_t i, n;

	*out = NULL;
	if (!strcmp(spec, "none"))
		return 0;
	for (i = 0; i < sizeof(chardev_kinds) / sizeof(chardev_kinds[0]); i++) {
		const struct chardev_kind *k = &chardev_kinds[i];

		n = strlen(k->prefix);
		if (k->prefix[n - 1] == ':' || k->prefix[n - 1] == '/') {
			if (strncmp(spec, k->prefix, n))
				continue;
			r->arg = !strcmp(k->prefix, "/dev/") ? spec : spec + n;
		} else {
			if (strcmp(spec, k->prefix))
				continue;
			r->arg = "";
		}
		return k->open(r, out);
	}
	for (i = 0; i < sizeof(chardev_unsupported) / sizeof(chardev_unsupported[0]); i++) {
		const char *u = chardev_unsupported[i];

		n = strlen(u);
		if (!strncmp(spec, u, n) &&
		    (!spec[n] || spec[n] == ':' || (spec[n] >= '0' && spec[n] <= '9')))
			return chardev_fail(r, -ENOTSUP, "not supported: %s", u);
	}
	return chardev_fail(r, -EINVAL,
			    "unknown character device (available: stdio, pty, null, none, "
			    "file:, pipe:, tcp:, telnet:, unix:, mon:, /dev/...)");
}

int chardev_open(const char *spec, const char *label, struct chardev **out,
		 char *err, size_t errlen)
{
	struct chardev_req r = {
		.spec = spec, .label = label, .err = err, .errlen = errlen,
	};

	if (err && errlen)
		err[0] = '\0';
	return chardev_open_req(&r, out);
}

void chardev_close(struct chardev *c)
{
	if (!c)
		return;
	chardev_drain(c, 1000);
	chardev_set_fds(c, -1, -1);
	if (c->ops->close)
		c->ops->close(c);
	chardev_free(c);
}

const char *chardev_label(const struct chardev *c)
{
	return c ? c->label : "none";
}

const char *chardev_filename(const struct chardev *c)
{
	return c ? c->filename : "none";
}

bool chardev_is_mux(const struct chardev *c)
{
	return c && !strcmp(c->ops->kind, "mux");
}
