// SPDX-License-Identifier: GPL-2.0-only
/*
 * PS/2 keyboard and mouse devices (IBM PS/2 Hardware Technical Reference:
 * keyboard and auxiliary device command sets).
 *
 * Every command byte is acknowledged with FA before any reply; a command
 * with an argument (LEDs, typematic rate, scancode set, sample rate,
 * resolution) waits for it in pending_cmd.  The mouse becomes an
 * IntelliMouse (ID 3, with a wheel byte) after the sample-rate knock
 * 200, 100, 80 that drivers use to detect it.
 */
#include "ps2.h"

#include <string.h>

#include "core/lib/log.h"

#define ACK 0xfa
#define RESEND 0xfe
#define BAT_OK 0xaa

static void q_put(struct ps2_port *p, uint8_t v)
{
	struct ps2_queue *q = &p->q;

	if (q->count == PS2_QUEUE_SIZE)
		return;		/* a full device buffer drops input */
	q->data[(q->head + q->count++) % PS2_QUEUE_SIZE] = v;
	p->last = v;
}

static void q_clear(struct ps2_port *p)
{
	p->q.head = p->q.count = 0;
}

bool ps2_read(struct ps2_port *p, uint8_t *v)
{
	if (!p->q.count)
		return false;
	*v = p->q.data[p->q.head];
	p->q.head = (p->q.head + 1) % PS2_QUEUE_SIZE;
	p->q.count--;
	return true;
}

bool ps2_pending(const struct ps2_port *p)
{
	return p->q.count != 0;
}

static void notify(struct ps2_port *p)
{
	if (p->notify)
		p->notify(p->opaque);
}

/* --- keyboard --- */

void ps2_kbd_reset(struct ps2_kbd *k)
{
	q_clear(&k->port);
	k->port.pending_cmd = -1;
	k->scanning = true;
	k->scancode_set = 2;
	k->leds = 0;
}

void ps2_kbd_init(struct ps2_kbd *k, void (*cb)(void *), void *opaque)
{
	memset(k, 0, sizeof(*k));
	k->port.notify = cb;
	k->port.opaque = opaque;
	ps2_kbd_reset(k);
}

void ps2_kbd_write(struct ps2_kbd *k, uint8_t v)
{
	struct ps2_port *p = &k->port;
	int cmd = p->pending_cmd;

	p->pending_cmd = -1;
	if (cmd >= 0) {
		switch (cmd) {
		case 0xed:
			k->leds = v & 7;
			q_put(p, ACK);
			break;
		case 0xf0:
			q_put(p, ACK);
			if (v == 0)
				q_put(p, k->scancode_set);
			else if (v <= 3)
				k->scancode_set = v;
			break;
		default:	/* 0xf3: typematic rate, not modelled */
			q_put(p, ACK);
			break;
		}
		notify(p);
		return;
	}
	switch (v) {
	case 0xed: case 0xf0: case 0xf3:
		p->pending_cmd = v;
		q_put(p, ACK);
		break;
	case 0xee:	/* echo */
		q_put(p, 0xee);
		break;
	case 0xf2:	/* identify: an MF2 keyboard */
		q_put(p, ACK);
		q_put(p, 0xab);
		q_put(p, 0x83);
		break;
	case 0xf4:
		q_put(p, ACK);
		k->scanning = true;
		break;
	case 0xf5:	/* disable, and back to defaults */
		q_put(p, ACK);
		k->scanning = false;
		k->scancode_set = 2;
		break;
	case 0xf6:
		q_put(p, ACK);
		k->scancode_set = 2;
		break;
	case 0xf7: case 0xf8: case 0xf9: case 0xfa: case 0xfb:
		q_put(p, ACK);	/* set-3 key modes */
		break;
	case 0xfe:
		q_put(p, p->last);
		break;
	case 0xff:	/* reset and self-test */
		ps2_kbd_reset(k);
		q_put(p, ACK);
		q_put(p, BAT_OK);
		break;
	default:
		log_msg(LOG_GUEST, "ps2 keyboard: unknown command 0x%02x\n", v);
		q_put(p, RESEND);
		break;
	}
	notify(p);
}

void ps2_kbd_put_scancode(struct ps2_kbd *k, const uint8_t *codes, int n)
{
	int i;

	if (!k->scanning)
		return;
	for (i = 0; i < n; i++)
		q_put(&k->port, codes[i]);
	notify(&k->port);
}

/* --- mouse --- */

void ps2_mouse_reset(struct ps2_mouse *m)
{
	q_clear(&m->port);
	m->port.pending_cmd = -1;
	m->enabled = false;
	m->remote = false;
	m->wrap = false;
	m->rate = 100;
	m->resolution = 2;
	m->scaling = 1;
	m->id = 0;
	memset(m->knock, 0, sizeof(m->knock));
	m->dx = m->dy = m->dz = 0;
}

void ps2_mouse_init(struct ps2_mouse *m, void (*cb)(void *), void *opaque)
{
	memset(m, 0, sizeof(*m));
	m->port.notify = cb;
	m->port.opaque = opaque;
	ps2_mouse_reset(m);
}

static int clamp(int v, int lo, int hi)
{
	return v < lo ? lo : v > hi ? hi : v;
}

/* One movement packet: flags, dx, dy (9-bit two's complement with the
 * sign in the flags), and the wheel for ID 3. */
static void mouse_packet(struct ps2_mouse *m)
{
	int dx = clamp(m->dx, -256, 255), dy = clamp(m->dy, -256, 255);
	int dz = clamp(m->dz, -8, 7);
	uint8_t b0 = 0x08 | (m->buttons & 7);

	if (dx < 0)
		b0 |= 0x10;
	if (dy < 0)
		b0 |= 0x20;
	q_put(&m->port, b0);
	q_put(&m->port, (uint8_t)dx);
	q_put(&m->port, (uint8_t)dy);
	if (m->id == 3)
		q_put(&m->port, (uint8_t)(dz & 0x0f));
	m->dx -= dx;
	m->dy -= dy;
	m->dz -= dz;
}

void ps2_mouse_write(struct ps2_mouse *m, uint8_t v)
{
	struct ps2_port *p = &m->port;
	int cmd = p->pending_cmd;

	p->pending_cmd = -1;
	if (m->wrap && v != 0xec && v != 0xff) {
		q_put(p, v);	/* wrap mode echoes everything */
		notify(p);
		return;
	}
	if (cmd >= 0) {
		if (cmd == 0xf3) {
			m->rate = v;
			m->knock[0] = m->knock[1];
			m->knock[1] = m->knock[2];
			m->knock[2] = v;
			if (m->knock[0] == 200 && m->knock[1] == 100 && m->knock[2] == 80)
				m->id = 3;
		} else {
			m->resolution = v & 3;
		}
		q_put(p, ACK);
		notify(p);
		return;
	}
	switch (v) {
	case 0xe6: case 0xe7:
		m->scaling = v == 0xe7 ? 2 : 1;
		q_put(p, ACK);
		break;
	case 0xe8: case 0xf3:
		p->pending_cmd = v;
		q_put(p, ACK);
		break;
	case 0xe9:	/* status request */
		q_put(p, ACK);
		q_put(p, (uint8_t)((m->remote ? 0x40 : 0) | (m->enabled ? 0x20 : 0) |
				   (m->scaling == 2 ? 0x10 : 0) | (m->buttons & 7)));
		q_put(p, m->resolution);
		q_put(p, m->rate);
		break;
	case 0xea:
		m->remote = false;
		q_put(p, ACK);
		break;
	case 0xeb:	/* read data */
		q_put(p, ACK);
		mouse_packet(m);
		break;
	case 0xec:
		m->wrap = false;
		q_put(p, ACK);
		break;
	case 0xee:
		m->wrap = true;
		q_put(p, ACK);
		break;
	case 0xf0:
		m->remote = true;
		q_put(p, ACK);
		break;
	case 0xf2:
		q_put(p, ACK);
		q_put(p, m->id);
		break;
	case 0xf4:
		m->enabled = true;
		q_put(p, ACK);
		break;
	case 0xf5:
		m->enabled = false;
		q_put(p, ACK);
		break;
	case 0xf6:
		m->rate = 100;
		m->resolution = 2;
		m->scaling = 1;
		q_put(p, ACK);
		break;
	case 0xfe:
		q_put(p, p->last);
		break;
	case 0xff:
		ps2_mouse_reset(m);
		q_put(p, ACK);
		q_put(p, BAT_OK);
		q_put(p, 0x00);
		break;
	default:
		log_msg(LOG_GUEST, "ps2 mouse: unknown command 0x%02x\n", v);
		q_put(p, RESEND);
		break;
	}
	notify(p);
}

void ps2_mouse_event(struct ps2_mouse *m, int dx, int dy, int dz, uint8_t buttons)
{
	m->dx += dx;
	m->dy += dy;
	m->dz += dz;
	m->buttons = buttons;
	if (!m->enabled || m->remote)
		return;
	/* a packet per event while there is room for it */
	if (m->port.q.count <= PS2_QUEUE_SIZE - 4)
		mouse_packet(m);
	notify(&m->port);
}
