// SPDX-License-Identifier: GPL-2.0-only
/*
 * mon:SPEC — one device shared by several frontends (the serial console
 * and the monitor under -nographic), with QEMU's Ctrl-a escapes on input:
 *
 *   C-a h  help          C-a x  quit             C-a s  save -snapshot data
 *   C-a t  timestamps    C-a b  break            C-a c  next frontend
 *   C-a C-a  a literal C-a
 *
 * Output of every frontend goes to the device.  Input goes to the frontend
 * with the focus, the first attached at the start.  Device events (a
 * client connected or left, a break) go to the focused frontend only, and
 * a frontend that gets the focus hears FOCUS_IN: so the monitor greets the
 * user when C-a c brings it up, not in the middle of the boot messages.
 *
 * Backpressure, with one difference from a plain device: the mux must see
 * a C-a x even while the guest reads nothing at all (a hung guest, or one
 * with no serial driver), so it reads ahead of its frontends into a small
 * queue per frontend, delivered as they make room.  Only when a queue is
 * full does input stay in the kernel.
 */
#include "chardev_backend.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "core/event.h"
#include "core/runstate.h"

#define MUX_MAX_FE 4
#define MUX_QUEUE_BYTES 4096
#define MUX_ESCAPE 0x01		/* Ctrl-a, QEMU's default -echr */

struct mux_queue {
	uint8_t buf[MUX_QUEUE_BYTES];
	size_t head, len;
};

struct chardev_mux {
	struct chardev c;
	struct chardev *inner;
	struct chardev_frontend fe[MUX_MAX_FE];
	struct mux_queue q[MUX_MAX_FE];
	int n_fe, focus;
	bool escape;		/* the last input byte was C-a */
	bool timestamps;
	bool line_start;	/* output is at the start of a line */
	int64_t t0_ns;		/* host time the timestamps count from */
};

static const char mux_help[] =
	"\r\n"
	"ringvm console keys (C-a is Ctrl-a):\r\n"
	"C-a h    show these keys\r\n"
	"C-a x    quit ringvm\r\n"
	"C-a s    write -snapshot disk changes back to the images\r\n"
	"C-a t    timestamps on console output, on/off\r\n"
	"C-a b    send a break (Linux: magic SysRq)\r\n"
	"C-a c    move input between the serial console and the monitor\r\n"
	"C-a C-a  type a C-a\r\n";

static int64_t mux_now_ns(void)
{
	struct timespec t;

	clock_gettime(CLOCK_MONOTONIC, &t);
	return (int64_t)t.tv_sec * 1000000000 + t.tv_nsec;
}

static void mux_print(struct chardev_mux *m, const char *s)
{
	chardev_write(m->inner, (const uint8_t *)s, strlen(s));
}

static void mux_fe_event(struct chardev_mux *m, int i, enum chardev_event ev)
{
	if (m->fe[i].event)
		m->fe[i].event(m->fe[i].opaque, ev);
}

/* Give frontend @i what it can take of its queue. */
static void mux_flush_one(struct chardev_mux *m, int i)
{
	struct mux_queue *q = &m->q[i];

	while (q->len) {
		size_t room = m->fe[i].can_receive(m->fe[i].opaque);
		size_t chunk = MUX_QUEUE_BYTES - q->head;

		if (!room)
			return;
		if (chunk > q->len)
			chunk = q->len;
		if (chunk > room)
			chunk = room;
		m->fe[i].receive(m->fe[i].opaque, q->buf + q->head, chunk);
		q->head = (q->head + chunk) % MUX_QUEUE_BYTES;
		q->len -= chunk;
	}
	q->head = 0;
}

static void mux_prepare(void *opaque)
{
	struct chardev_mux *m = opaque;
	int i;

	for (i = 0; i < m->n_fe; i++)
		mux_flush_one(m, i);
}

/* Input for frontend @i: straight through while it takes it, in order
 * behind what it has queued. */
static void mux_push(struct chardev_mux *m, int i, const uint8_t *buf,
		     size_t len)
{
	struct mux_queue *q = &m->q[i];

	if (!len || i >= m->n_fe)
		return;
	mux_flush_one(m, i);
	if (!q->len) {
		size_t room = m->fe[i].can_receive(m->fe[i].opaque);

		if (room > len)
			room = len;
		if (room)
			m->fe[i].receive(m->fe[i].opaque, buf, room);
		buf += room;
		len -= room;
	}
	while (len && q->len < MUX_QUEUE_BYTES) {
		size_t tail = (q->head + q->len) % MUX_QUEUE_BYTES;
		size_t chunk = MUX_QUEUE_BYTES - tail;

		if (chunk > MUX_QUEUE_BYTES - q->len)
			chunk = MUX_QUEUE_BYTES - q->len;
		if (chunk > len)
			chunk = len;
		memcpy(q->buf + tail, buf, chunk);
		q->len += chunk;
		buf += chunk;
		len -= chunk;
	}
}

static void mux_switch_focus(struct chardev_mux *m)
{
	if (m->n_fe < 2)
		return;
	mux_fe_event(m, m->focus, CHARDEV_EVENT_FOCUS_OUT);
	m->focus = (m->focus + 1) % m->n_fe;
	mux_fe_event(m, m->focus, CHARDEV_EVENT_FOCUS_IN);
}

static void mux_save(struct chardev_mux *m)
{
	char msg[128];
	int ret;

	if (!chardev_mux_save_disks) {
		mux_print(m, "\r\nringvm: C-a s: not supported yet (no -snapshot disks)\r\n");
		return;
	}
	ret = chardev_mux_save_disks();
	if (ret) {
		snprintf(msg, sizeof(msg), "\r\nringvm: C-a s: %s\r\n", strerror(-ret));
		mux_print(m, msg);
	}
}

/* The byte after a C-a. */
static void mux_command(struct chardev_mux *m, uint8_t b)
{
	static const uint8_t esc = MUX_ESCAPE;

	switch (b) {
	case 'h':
	case '?':
		mux_print(m, mux_help);
		break;
	case 'x':
		mux_print(m, "\r\nringvm: terminated\r\n");
		runstate_request_exit(0);
		break;
	case 's':
		mux_save(m);
		break;
	case 't':
		m->timestamps = !m->timestamps;
		m->t0_ns = mux_now_ns();
		break;
	case 'b':
		if (m->n_fe)
			mux_fe_event(m, m->focus, CHARDEV_EVENT_BREAK);
		break;
	case 'c':
		mux_switch_focus(m);
		break;
	case MUX_ESCAPE:
		mux_push(m, m->focus, &esc, 1);
		break;
	default:
		break;		/* unknown escapes are swallowed, as QEMU */
	}
}

/* --- the mux as the frontend of its device --------------------------------- */

static size_t mux_can_receive(void *opaque)
{
	struct chardev_mux *m = opaque;
	size_t fullest = 0;
	int i;

	if (!m->n_fe)
		return 0;
	/* any byte may go to any frontend (a C-a c in the middle): take no
	 * more than the fullest queue could hold */
	for (i = 0; i < m->n_fe; i++)
		if (m->q[i].len > fullest)
			fullest = m->q[i].len;
	return MUX_QUEUE_BYTES - fullest;
}

static void mux_receive(void *opaque, const uint8_t *buf, size_t len)
{
	struct chardev_mux *m = opaque;
	size_t i, start = 0;

	for (i = 0; i < len; i++) {
		if (m->escape) {
			m->escape = false;
			start = i + 1;
			mux_command(m, buf[i]);
		} else if (buf[i] == MUX_ESCAPE) {
			mux_push(m, m->focus, buf + start, i - start);
			m->escape = true;
		}
	}
	if (!m->escape)
		mux_push(m, m->focus, buf + start, len - start);
}

static void mux_event(void *opaque, enum chardev_event ev)
{
	struct chardev_mux *m = opaque;

	if (m->n_fe)
		mux_fe_event(m, m->focus, ev);
}

/* --- the mux as a device -------------------------------------------------- */

static int mux_attach(struct chardev *c, const struct chardev_frontend *fe)
{
	struct chardev_mux *m = (struct chardev_mux *)c;
	int i = m->n_fe;

	if (i == MUX_MAX_FE)
		return -EBUSY;
	m->fe[i] = *fe;
	m->q[i].head = m->q[i].len = 0;
	m->n_fe++;
	if (i == m->focus && m->inner->connected)
		mux_fe_event(m, i, CHARDEV_EVENT_OPENED);
	return 0;
}

static size_t mux_write(struct chardev *c, const uint8_t *buf, size_t len)
{
	struct chardev_mux *m = (struct chardev_mux *)c;
	size_t i, start = 0;
	char stamp[32];
	int64_t ms;

	if (!m->timestamps)
		return chardev_write(m->inner, buf, len);
	for (i = 0; i < len; i++) {
		if (m->line_start) {
			chardev_write(m->inner, buf + start, i - start);
			start = i;
			ms = (mux_now_ns() - m->t0_ns) / 1000000;
			snprintf(stamp, sizeof(stamp), "[%02d:%02d:%02d.%03d] ",
				 (int)(ms / 3600000), (int)(ms / 60000 % 60),
				 (int)(ms / 1000 % 60), (int)(ms % 1000));
			chardev_write(m->inner, (const uint8_t *)stamp, strlen(stamp));
		}
		m->line_start = buf[i] == '\n';
	}
	chardev_write(m->inner, buf + start, len - start);
	return len;
}

static void mux_close(struct chardev *c)
{
	struct chardev_mux *m = (struct chardev_mux *)c;

	event_prepare_del(mux_prepare, m);
	chardev_close(m->inner);
}

static const struct chardev_ops mux_ops = {
	.kind = "mux",
	.write = mux_write,
	.attach = mux_attach,
	.close = mux_close,
};

int chardev_mux_open(const struct chardev_req *r, struct chardev **out)
{
	struct chardev_req inner = *r;
	struct chardev_frontend fe = {
		.can_receive = mux_can_receive,
		.receive = mux_receive,
		.event = mux_event,
	};
	struct chardev_mux *m;
	int ret;

	if (!strncmp(r->arg, "mon:", 4) || !strcmp(r->arg, "none") || !*r->arg)
		return chardev_fail(r, -EINVAL, "mon: needs a device (mon:stdio, mon:tcp:...)");
	m = chardev_alloc(sizeof(*m), &mux_ops, r);
	if (!m)
		return chardev_fail(r, -ENOMEM, "out of memory");
	inner.spec = r->arg;
	inner.muxed = true;
	ret = chardev_open_req(&inner, &m->inner);
	if (ret) {
		chardev_free(&m->c);
		return ret;
	}
	m->line_start = true;
	m->c.connected = true;
	fe.opaque = m;
	if (event_prepare_add(mux_prepare, m)) {
		chardev_close(m->inner);
		chardev_free(&m->c);
		return chardev_fail(r, -ENOMEM, "out of memory");
	}
	chardev_attach(m->inner, &fe);
	chardev_set_filename(&m->c, "mon:%s", m->inner->filename);
	*out = &m->c;
	return 0;
}
