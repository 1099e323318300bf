// SPDX-License-Identifier: GPL-2.0-only
/*
 * Intel 8259A programmable interrupt controller, as the PC wires two of
 * them: master at 0x20, slave at 0xa0 on the master's IRQ 2, and the PIIX
 * edge/level control registers (ELCR) at 0x4d0/0x4d1.
 *
 * Follows the 8259A datasheet: ICW1-ICW4 initialisation, OCW1 (mask),
 * OCW2 (EOI, specific EOI, rotation, set priority), OCW3 (read IRR/ISR,
 * poll, special mask mode); fully nested mode, special fully nested mode
 * on the master, automatic EOI, and the spurious IRQ 7 when a request
 * goes away before the acknowledge.
 */
#include "i8259.h"

#include <string.h>

#include "core/io.h"
#include "core/lib/log.h"

/* Priority of the highest-priority bit of @mask, 0 best, 8 when empty. */
static int chip_priority(const struct i8259_chip *c, uint8_t mask)
{
	int p;

	for (p = 0; p < 8; p++)
		if (mask & (1u << ((p + c->lowest + 1) & 7)))
			return p;
	return 8;
}

/* The input the chip would request now, or -1. */
static int chip_pending(const struct i8259_chip *c, bool master)
{
	uint8_t in_service = c->isr;
	int req = chip_priority(c, c->irr & ~c->imr);

	if (req == 8)
		return -1;
	/* in special mask mode, masked levels do not block lower ones;
	 * special fully nested mode lets the slave interrupt again */
	if (c->special_mask)
		in_service &= ~c->imr;
	if (master && c->sfnm)
		in_service &= ~(1u << 2);
	if (req < chip_priority(c, in_service))
		return (req + c->lowest + 1) & 7;
	return -1;
}

static void chip_set_input(struct i8259_chip *c, int n, int level)
{
	uint8_t bit = (uint8_t)(1u << n);

	if (c->elcr & bit) {
		/* level-triggered: the request follows the line */
		if (level)
			c->irr |= bit;
		else
			c->irr &= ~bit;
	} else if (level && !(c->last_level & bit)) {
		c->irr |= bit;	/* edge-triggered: rising edges only */
	}
	if (level)
		c->last_level |= bit;
	else
		c->last_level &= ~bit;
}

/* Recompute the cascade and the INTR output. */
static void i8259_update(struct i8259 *pic)
{
	chip_set_input(&pic->chip[0], 2, chip_pending(&pic->chip[1], false) >= 0);
	irq_set(&pic->intr, chip_pending(&pic->chip[0], true) >= 0);
}

void i8259_set_irq(void *opaque, int irq, int level)
{
	struct i8259 *pic = opaque;

	if (irq < 0 || irq > 15)
		return;
	chip_set_input(&pic->chip[irq >> 3], irq & 7, level);
	i8259_update(pic);
}

/* Acknowledge @n on @c: in service unless AEOI, request cleared for edges. */
static void chip_ack(struct i8259_chip *c, int n)
{
	if (c->auto_eoi) {
		if (c->rotate_auto_eoi)
			c->lowest = (uint8_t)n;
	} else {
		c->isr |= (uint8_t)(1u << n);
	}
	if (!(c->elcr & (1u << n)))
		c->irr &= ~(1u << n);
}

int i8259_ack(void *opaque)
{
	struct i8259 *pic = opaque;
	struct i8259_chip *m = &pic->chip[0], *s = &pic->chip[1];
	int irq = chip_pending(m, true), vec;

	if (irq < 0) {
		/* the request went away: spurious IRQ 7 (datasheet) */
		vec = m->base + 7;
	} else if (irq == 2 && !m->single) {
		int irq2 = chip_pending(s, false);

		chip_ack(m, 2);
		if (irq2 < 0) {
			vec = s->base + 7;	/* spurious IRQ 15 */
		} else {
			chip_ack(s, irq2);
			vec = s->base + irq2;
		}
	} else {
		chip_ack(m, irq);
		vec = m->base + irq;
	}
	i8259_update(pic);
	log_msg(LOG_INT, "pic: ack vector 0x%02x\n", vec);
	return vec;
}

static void chip_eoi(struct i8259_chip *c, int n, bool rotate)
{
	c->isr &= ~(1u << n);
	if (rotate)
		c->lowest = (uint8_t)n;
}

static void chip_write(struct i8259 *pic, struct i8259_chip *c, int a0,
		       uint8_t v)
{
	int n;

	if (!a0) {
		if (v & 0x10) {
			/* ICW1 */
			c->init_step = 1;
			c->need_icw4 = v & 1;
			c->single = v & 2;
			c->imr = 0;
			c->isr = 0;
			c->irr = 0;
			c->last_level = 0;
			c->lowest = 7;
			c->special_mask = false;
			c->read_isr = false;
			c->auto_eoi = false;
			c->sfnm = false;
			if (v & 0x08)
				log_msg(LOG_UNIMP, "pic: level mode through ICW1 (the PC uses the ELCR)\n");
		} else if (v & 0x08) {
			/* OCW3 */
			if (v & 0x04)
				c->poll = true;
			if (v & 0x02)
				c->read_isr = v & 1;
			if (v & 0x40)
				c->special_mask = (v >> 5) & 1;
		} else {
			/* OCW2 */
			switch (v >> 5) {
			case 0:
			case 4:
				c->rotate_auto_eoi = v >> 7;
				break;
			case 1:	/* non-specific EOI */
			case 5:	/* ... and rotate */
				n = chip_priority(c, c->isr);
				if (n < 8)
					chip_eoi(c, (n + c->lowest + 1) & 7, v >> 7);
				break;
			case 3:	/* specific EOI */
			case 7:	/* ... and rotate */
				chip_eoi(c, v & 7, v >> 7);
				break;
			case 6:	/* set priority */
				c->lowest = v & 7;
				break;
			default:
				break;
			}
		}
	} else {
		switch (c->init_step) {
		case 0:	/* OCW1 */
			c->imr = v;
			break;
		case 1:	/* ICW2 */
			c->base = v & 0xf8;
			c->init_step = c->single ? (c->need_icw4 ? 3 : 0) : 2;
			break;
		case 2:	/* ICW3: the PC's cascade is fixed */
			c->init_step = c->need_icw4 ? 3 : 0;
			break;
		default: /* ICW4 */
			c->auto_eoi = (v >> 1) & 1;
			c->sfnm = (v >> 4) & 1;
			if (!(v & 1))
				log_msg(LOG_GUEST, "pic: ICW4 without 8086 mode\n");
			c->init_step = 0;
			break;
		}
	}
	i8259_update(pic);
}

static uint8_t chip_read(struct i8259 *pic, struct i8259_chip *c, int a0)
{
	if (c->poll) {
		/* poll command: acknowledge the highest request, report it */
		int n = chip_pending(c, c == &pic->chip[0]);

		c->poll = false;
		if (n < 0)
			return 0;
		chip_ack(c, n);
		i8259_update(pic);
		return (uint8_t)(0x80 | n);
	}
	if (a0)
		return c->imr;
	return c->read_isr ? c->isr : c->irr;
}

static uint64_t master_read(void *dev, uint64_t off, unsigned size)
{
	struct i8259 *pic = dev;

	return chip_read(pic, &pic->chip[0], (int)off);
}

static void master_write(void *dev, uint64_t off, uint64_t v, unsigned size)
{
	struct i8259 *pic = dev;

	chip_write(pic, &pic->chip[0], (int)off, (uint8_t)v);
}

static uint64_t slave_read(void *dev, uint64_t off, unsigned size)
{
	struct i8259 *pic = dev;

	return chip_read(pic, &pic->chip[1], (int)off);
}

static void slave_write(void *dev, uint64_t off, uint64_t v, unsigned size)
{
	struct i8259 *pic = dev;

	chip_write(pic, &pic->chip[1], (int)off, (uint8_t)v);
}

/* ELCR (PIIX3 datasheet §2.3): IRQ 0, 1, 2, 8 and 13 are always edge. */
static uint64_t elcr_read(void *dev, uint64_t off, unsigned size)
{
	struct i8259 *pic = dev;

	return pic->chip[off].elcr;
}

static void elcr_write(void *dev, uint64_t off, uint64_t v, unsigned size)
{
	struct i8259 *pic = dev;

	pic->chip[off].elcr = (uint8_t)v & pic->chip[off].elcr_mask;
	i8259_update(pic);
}

static const struct io_ops master_ops = { master_read, master_write, IO_SZ1 };
static const struct io_ops slave_ops = { slave_read, slave_write, IO_SZ1 };
static const struct io_ops elcr_ops = { elcr_read, elcr_write, IO_SZ1 };

void i8259_reset(struct i8259 *pic)
{
	int i;

	for (i = 0; i < 2; i++) {
		struct i8259_chip *c = &pic->chip[i];
		uint8_t mask = c->elcr_mask;

		memset(c, 0, sizeof(*c));
		c->elcr_mask = mask;
		c->lowest = 7;
	}
	i8259_update(pic);
}

int i8259_init(struct i8259 *pic, struct irq_line intr)
{
	memset(pic, 0, sizeof(*pic));
	pic->intr = intr;
	pic->chip[0].elcr_mask = 0xf8;
	pic->chip[1].elcr_mask = 0xde;
	i8259_reset(pic);
	if (io_port_map(0x20, 2, &master_ops, pic, "pic-master") ||
	    io_port_map(0xa0, 2, &slave_ops, pic, "pic-slave") ||
	    io_port_map(0x4d0, 2, &elcr_ops, pic, "elcr"))
		return -1;
	return 0;
}
