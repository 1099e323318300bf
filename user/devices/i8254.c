// SPDX-License-Identifier: GPL-2.0-only
/*
 * Intel 8254 programmable interval timer (8254 datasheet), as on the PC:
 * 1.193182 MHz input clock, ports base+0..2 the counters, base+3 the
 * control word; channel 0 drives IRQ 0, channel 2 the speaker and port
 * 0x61's status bit.
 *
 * A counter is not ticked: its value and output are computed from the time
 * its count was loaded.  Channel 0 arms a timer at each change of its
 * output, so the interrupt line sees every edge.  Modes 0-5, binary and
 * BCD counting, the counter latch and read-back commands are all there.
 * The gate pausing modes 0 and 4 is not modelled: channels 0 and 1 have
 * their gate tied high on the PC, and software uses channel 2 in modes 0
 * and 2-3 by reloading it through the gate.
 */
#include "i8254.h"

#include <string.h>

#include "core/io.h"
#include "core/lib/log.h"

static int64_t ticks_since(const struct i8254_channel *c, int64_t now)
{
	return (int64_t)(((__int128)(now - c->load_ns) * PIT_HZ) / 1000000000);
}

static int64_t ns_of_tick(const struct i8254_channel *c, int64_t tick)
{
	/* the first ns at which ticks_since() reaches @tick */
	return c->load_ns + (int64_t)(((__int128)tick * 1000000000 + PIT_HZ - 1) / PIT_HZ);
}

/* The counting element's value now (datasheet: modes 2 and 3 reload). */
static uint32_t current_count(const struct i8254_channel *c, int64_t now)
{
	int64_t d = ticks_since(c, now);

	switch (c->mode) {
	case 2:
		return c->count - (uint32_t)(d % c->count);
	case 3:
		/* decrements by two, each half period */
		return c->count - (uint32_t)((2 * d) % c->count);
	default:
		return (uint32_t)((c->count - d) & 0xffff);
	}
}

/* OUT at @now, and in *next the tick of its next change (-1: none). */
static bool output(const struct i8254_channel *c, int64_t now, int64_t *next)
{
	int64_t d = ticks_since(c, now), n = c->count, p;
	bool out;

	*next = -1;
	switch (c->mode) {
	case 0:		/* interrupt on terminal count */
	case 1:		/* one-shot: low while counting */
		out = d >= n;
		if (!out)
			*next = n;
		break;
	case 2:		/* rate generator: low for the tick at count 1 */
		if (!c->gate)
			return true;
		p = d % n;
		out = p != n - 1 || n == 1;
		*next = d - p + (out ? n - 1 : n);
		break;
	case 3:		/* square wave: high for ceil(n/2), low for floor(n/2) */
		if (!c->gate)
			return true;
		p = d % n;
		out = p < (n + 1) / 2;
		*next = d - p + (out ? (n + 1) / 2 : n);
		break;
	default:	/* 4, 5: strobe: low for the tick at terminal count */
		out = d != n;
		if (d < n)
			*next = n;
		else if (d == n)
			*next = n + 1;
		break;
	}
	/* a count of 1 in mode 2 is illegal (datasheet): OUT just stays
	 * high; never schedule a change at or before now */
	if (*next >= 0 && *next <= d)
		*next = c->mode == 2 && n == 1 ? -1 : d + 1;
	return out;
}

static void channel_update_irq(struct i8254_channel *c)
{
	int64_t now = clock_ns(), next;
	bool out = output(c, now, &next);

	if (c != &c->pit->ch[0])
		return;
	if (out != c->out) {
		c->out = out;
		irq_set(&c->pit->irq, out);
	}
	if (next >= 0)
		timer_mod(&c->timer, ns_of_tick(c, next));
	else
		timer_del(&c->timer);
}

static void channel_timer(void *opaque)
{
	channel_update_irq(opaque);
}

static uint32_t from_bcd(uint32_t v)
{
	return (v & 0xf) + ((v >> 4) & 0xf) * 10 + ((v >> 8) & 0xf) * 100 +
	       ((v >> 12) & 0xf) * 1000;
}

static uint16_t to_bcd(uint32_t v)
{
	return (uint16_t)((v % 10) | ((v / 10 % 10) << 4) | ((v / 100 % 10) << 8) |
			  ((v / 1000 % 10) << 12));
}

static void channel_load(struct i8254_channel *c, uint32_t value)
{
	/* 0 stands for the largest count: 65536, or 10000 in BCD */
	if (c->bcd)
		value = from_bcd(value);
	if (!value)
		value = c->bcd ? 10000 : 65536;
	c->count = value;
	c->load_ns = clock_ns();
	c->null_count = false;
	channel_update_irq(c);
}

static uint16_t channel_read_value(struct i8254_channel *c)
{
	uint32_t v = current_count(c, clock_ns()) & 0xffff;

	if (c->bcd)
		v = to_bcd(v % 10000);
	return (uint16_t)v;
}

static void channel_latch(struct i8254_channel *c)
{
	if (c->latch_bytes)
		return;	/* a second latch before reading is ignored */
	c->latch = channel_read_value(c);
	c->latch_bytes = c->rw == 3 ? 2 : 1;
	c->latch_msb_first = c->rw == 2;
}

static void channel_latch_status(struct i8254_channel *c)
{
	int64_t next;

	if (c->status_latched)
		return;
	c->status = (uint8_t)((output(c, clock_ns(), &next) ? 0x80 : 0) |
			      (c->null_count ? 0x40 : 0) | (c->rw << 4) |
			      (c->mode << 1) | (c->bcd ? 1 : 0));
	c->status_latched = true;
}

static void control_word(struct i8254 *pit, uint8_t v)
{
	int sel = v >> 6, i;
	struct i8254_channel *c;

	if (sel == 3) {
		/* read-back: bit 5 clear latches counts, bit 4 clear status */
		for (i = 0; i < 3; i++) {
			if (!(v & (2 << i)))
				continue;
			if (!(v & 0x20))
				channel_latch(&pit->ch[i]);
			if (!(v & 0x10))
				channel_latch_status(&pit->ch[i]);
		}
		return;
	}
	c = &pit->ch[sel];
	if (!(v & 0x30)) {
		channel_latch(c);
		return;
	}
	c->rw = (v >> 4) & 3;
	c->mode = (v >> 1) & 7;
	if (c->mode > 5)
		c->mode -= 4;	/* 6 and 7 are modes 2 and 3 */
	c->bcd = v & 1;
	c->write_msb_next = false;
	c->read_msb_next = false;
	c->null_count = true;
	c->latch_bytes = 0;
	/* a control word sets OUT: low in mode 0, high in the others */
	if (sel == 0) {
		bool out = c->mode != 0;

		timer_del(&c->timer);
		if (out != c->out) {
			c->out = out;
			irq_set(&pit->irq, out);
		}
	}
	/* until a count is written, the channel holds its output */
	c->count = 0x10000;
	c->load_ns = clock_ns() + ((int64_t)1 << 62);
}

static void counter_write(struct i8254_channel *c, uint8_t v)
{
	switch (c->rw) {
	case 1:
		channel_load(c, v);
		break;
	case 2:
		channel_load(c, (uint32_t)v << 8);
		break;
	default:
		if (!c->write_msb_next) {
			c->write_lsb = v;
			c->write_msb_next = true;
		} else {
			c->write_msb_next = false;
			channel_load(c, c->write_lsb | (uint32_t)v << 8);
		}
		break;
	}
}

static uint8_t counter_read(struct i8254_channel *c)
{
	uint16_t v;
	uint8_t b;

	if (c->status_latched) {
		c->status_latched = false;
		return c->status;
	}
	if (c->latch_bytes) {
		bool msb = c->latch_msb_first || (c->rw == 3 && c->latch_bytes == 1);

		c->latch_bytes--;
		return msb ? (uint8_t)(c->latch >> 8) : (uint8_t)c->latch;
	}
	v = channel_read_value(c);
	switch (c->rw) {
	case 1:
		return (uint8_t)v;
	case 2:
		return (uint8_t)(v >> 8);
	default:
		b = c->read_msb_next ? (uint8_t)(v >> 8) : (uint8_t)v;
		c->read_msb_next = !c->read_msb_next;
		return b;
	}
}

static uint64_t pit_read(void *dev, uint64_t off, unsigned size)
{
	struct i8254 *pit = dev;

	if (off == 3)
		return 0xff;	/* the control word register is write-only */
	return counter_read(&pit->ch[off]);
}

static void pit_write(void *dev, uint64_t off, uint64_t v, unsigned size)
{
	struct i8254 *pit = dev;

	if (off == 3)
		control_word(pit, (uint8_t)v);
	else
		counter_write(&pit->ch[off], (uint8_t)v);
}

static const struct io_ops pit_ops = { pit_read, pit_write, IO_SZ1 };

void i8254_set_gate(struct i8254 *pit, int ch, bool gate)
{
	struct i8254_channel *c = &pit->ch[ch];

	/* a rising gate (re)starts modes 1, 2, 3 and 5 (datasheet) */
	if (gate && !c->gate && c->mode != 0 && c->mode != 4 && !c->null_count)
		c->load_ns = clock_ns();
	c->gate = gate;
	channel_update_irq(c);
}

bool i8254_get_out(struct i8254 *pit, int ch)
{
	int64_t next;

	return output(&pit->ch[ch], clock_ns(), &next);
}

void i8254_reset(struct i8254 *pit)
{
	int i;

	for (i = 0; i < 3; i++) {
		struct i8254_channel *c = &pit->ch[i];

		timer_del(&c->timer);
		c->mode = 3;
		c->rw = 3;
		c->bcd = false;
		c->gate = i != 2;	/* channel 2's gate comes from port 0x61 */
		c->count = 0x10000;
		c->load_ns = clock_ns();
		c->null_count = true;
		c->latch_bytes = 0;
		c->status_latched = false;
		c->write_msb_next = c->read_msb_next = false;
		c->out = false;
	}
	irq_set(&pit->irq, 0);
	channel_update_irq(&pit->ch[0]);
}

int i8254_init(struct i8254 *pit, uint16_t base, struct irq_line irq)
{
	int i;

	memset(pit, 0, sizeof(*pit));
	pit->irq = irq;
	for (i = 0; i < 3; i++) {
		pit->ch[i].pit = pit;
		timer_init(&pit->ch[i].timer, channel_timer, &pit->ch[i]);
	}
	i8254_reset(pit);
	return io_port_map(base, 4, &pit_ops, pit, "pit");
}
