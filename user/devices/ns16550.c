// SPDX-License-Identifier: GPL-2.0-only
/*
 * NS16550A UART (National Semiconductor PC16550D datasheet).
 *
 * Registers at base+0..7; DLAB (LCR bit 7) switches 0/1 to the divisor
 * latch.  Transmission is instantaneous: THR goes straight to the char
 * device, so LSR always shows THRE and TEMT.  Received bytes wait in a
 * 16-byte FIFO (one byte, the RBR, with the FIFO off); the char device
 * gives no more than there is room for, so nothing overruns.  The
 * interrupt output follows IIR: line status (a break), received data at
 * the FIFO trigger level (FCR bits 7:6: 1, 4, 8 or 14 bytes), the
 * character timeout when fewer bytes wait unread for four character
 * times (datasheet "FIFO Interrupt Mode Operation"), or an empty
 * transmitter when enabled.
 */
#include "ns16550.h"

#include <errno.h>
#include <string.h>

#include "core/clock.h"
#include "core/io.h"
#include "core/lib/log.h"

#define LSR_DR		0x01
#define LSR_OE		0x02
#define LSR_BI		0x10
#define LSR_THRE	0x20
#define LSR_TEMT	0x40
#define IER_RDI		0x01
#define IER_THRI	0x02
#define IER_RLSI	0x04
#define IIR_NONE	0x01
#define IIR_THRI	0x02
#define IIR_RDI		0x04
#define IIR_RLSI	0x06
#define IIR_CTI		0x0c	/* character timeout */
#define UART_CLOCK_HZ	1843200	/* the PC's 1.8432 MHz crystal */
#define IIR_FIFO	0xc0
#define MCR_LOOP	0x10

/* Bytes in the FIFO that raise the received-data interrupt; without
 * the FIFO every byte does. */
static unsigned rx_trigger(const struct ns16550 *s)
{
	static const uint8_t level[4] = { 1, 4, 8, 14 };

	return (s->fcr & 1) ? level[s->fcr >> 6] : 1;
}

/* Four character times at the programmed rate: start, data, parity and
 * stop bits from LCR, 16 clocks per bit times the divisor. */
static int64_t char_timeout_ns(const struct ns16550 *s)
{
	unsigned divisor = (unsigned)(s->dlm << 8 | s->dll);
	unsigned bits = 1 + 5 + (s->lcr & 3) + ((s->lcr & 8) ? 1 : 0) +
			((s->lcr & 4) ? 2 : 1);

	if (!divisor)
		divisor = 1;
	return 4 * (int64_t)bits * 16 * divisor * 1000000000LL / UART_CLOCK_HZ;
}

/* Restart the character timeout: data below the trigger level that
 * nobody reads for a while still interrupts. */
static void timeout_restart(struct ns16550 *s)
{
	s->timeout_pending = false;
	if ((s->fcr & 1) && s->rx_count)
		timer_mod(&s->timeout, clock_ns() + char_timeout_ns(s));
	else
		timer_del(&s->timeout);
}

static void ns16550_update_irq(struct ns16550 *s)
{
	uint8_t iir = IIR_NONE;

	if ((s->ier & IER_RLSI) && (s->lsr & (LSR_OE | LSR_BI)))
		iir = IIR_RLSI;
	else if ((s->ier & IER_RDI) && s->rx_count >= rx_trigger(s))
		iir = IIR_RDI;
	else if ((s->ier & IER_RDI) && s->timeout_pending && s->rx_count)
		iir = IIR_CTI;
	else if ((s->ier & IER_THRI) && s->thr_ipending)
		iir = IIR_THRI;
	s->iir = iir | ((s->fcr & 1) ? IIR_FIFO : 0);
	irq_set(&s->irq, !(iir & IIR_NONE));
}

/* Room for received bytes: the FIFO's free space, or the RBR when the
 * FIFO is off (FCR bit 0; datasheet, 16450 mode). */
static size_t ns16550_can_receive(void *opaque)
{
	struct ns16550 *s = opaque;

	if (s->mcr & MCR_LOOP)
		return 0;	/* the line is cut off in loopback */
	if (s->fcr & 1)
		return sizeof(s->rx) - s->rx_count;
	return s->rx_count ? 0 : 1;
}

static void ns16550_receive(void *opaque, const uint8_t *buf, size_t len)
{
	struct ns16550 *s = opaque;
	size_t i;

	for (i = 0; i < len; i++) {
		if (s->rx_count == sizeof(s->rx)) {
			s->lsr |= LSR_OE;
			continue;
		}
		s->rx[(s->rx_head + s->rx_count++) % sizeof(s->rx)] = buf[i];
	}
	timeout_restart(s);
	ns16550_update_irq(s);
}

static uint64_t ns16550_read(void *dev, uint64_t off, unsigned size)
{
	struct ns16550 *s = dev;
	uint8_t v = 0;

	switch (off) {
	case 0:
		if (s->lcr & 0x80)
			return s->dll;
		if (s->rx_count) {
			v = s->rx[s->rx_head];
			s->rx_head = (uint8_t)((s->rx_head + 1) % sizeof(s->rx));
			s->rx_count--;
			chardev_accept_input(s->chr);
		}
		timeout_restart(s);
		ns16550_update_irq(s);
		return v;
	case 1:
		return (s->lcr & 0x80) ? s->dlm : s->ier;
	case 2:
		v = s->iir;
		/* reading IIR with THRE as the source clears it (datasheet) */
		if ((v & 0x0f) == IIR_THRI) {
			s->thr_ipending = false;
			ns16550_update_irq(s);
		}
		return v;
	case 3:
		return s->lcr;
	case 4:
		return s->mcr;
	case 5:
		v = s->lsr | LSR_THRE | LSR_TEMT | (s->rx_count ? LSR_DR : 0);
		s->lsr &= ~(LSR_OE | LSR_BI);	/* error bits clear on read */
		ns16550_update_irq(s);
		return v;
	case 6:
		/* loopback maps MCR outputs to the modem inputs; otherwise
		 * report a connected modem: DCD, DSR, CTS */
		if (s->mcr & MCR_LOOP)
			return ((s->mcr & 0x0c) << 4) | ((s->mcr & 0x01) << 5) |
			       ((s->mcr & 0x02) << 3);
		return 0xb0;
	default:
		return s->scr;
	}
}

static void ns16550_write(void *dev, uint64_t off, uint64_t val, unsigned size)
{
	struct ns16550 *s = dev;
	uint8_t v = (uint8_t)val;

	switch (off) {
	case 0:
		if (s->lcr & 0x80) {
			s->dll = v;
			break;
		}
		if (s->mcr & MCR_LOOP)
			ns16550_receive(s, &v, 1);
		else if (s->chr)
			chardev_write(s->chr, &v, 1);
		s->thr_ipending = true;
		ns16550_update_irq(s);
		break;
	case 1:
		if (s->lcr & 0x80) {
			s->dlm = v;
			break;
		}
		/* enabling THRE interrupts with an empty THR raises one */
		if (!(s->ier & IER_THRI) && (v & IER_THRI))
			s->thr_ipending = true;
		s->ier = v & 0x0f;
		ns16550_update_irq(s);
		break;
	case 2:
		s->fcr = v & 0xc9;
		if (v & 2) {
			s->rx_count = 0;
			s->rx_head = 0;
			chardev_accept_input(s->chr);
		}
		timeout_restart(s);
		ns16550_update_irq(s);
		break;
	case 3:
		s->lcr = v;
		break;
	case 4:
		s->mcr = v & 0x1f;
		break;
	case 7:
		s->scr = v;
		break;
	default:
		break;	/* LSR and MSR are read-only */
	}
}

static const struct io_ops ns16550_ops = {
	.read = ns16550_read,
	.write = ns16550_write,
	.sizes = IO_SZ1,
};

void ns16550_reset(struct ns16550 *s)
{
	s->ier = 0;
	s->lcr = 0;
	s->mcr = 0;
	s->fcr = 0;
	s->lsr = 0;
	s->dll = 0x0c;	/* 9600 baud */
	s->dlm = 0;
	s->rx_count = 0;
	s->rx_head = 0;
	s->thr_ipending = false;
	timeout_restart(s);
	ns16550_update_irq(s);
}

/* A break on the line (C-a b, a telnet BRK): the receiver sees a zero
 * character with BI set in LSR, a line status interrupt (datasheet, LSR
 * bit 4); what Linux turns into a magic SysRq. */
static void ns16550_event(void *opaque, enum chardev_event ev)
{
	struct ns16550 *s = opaque;
	uint8_t zero = 0;

	if (ev != CHARDEV_EVENT_BREAK || (s->mcr & MCR_LOOP))
		return;
	s->lsr |= LSR_BI;
	ns16550_receive(s, &zero, 1);
}

static void timeout_fired(void *opaque)
{
	struct ns16550 *s = opaque;

	s->timeout_pending = true;
	ns16550_update_irq(s);
}

int ns16550_init(struct ns16550 *s, uint16_t base, struct chardev *chr,
		 struct irq_line irq)
{
	struct chardev_frontend fe = {
		.can_receive = ns16550_can_receive,
		.receive = ns16550_receive,
		.event = ns16550_event,
		.opaque = s,
	};

	memset(s, 0, sizeof(*s));
	s->chr = chr;
	s->irq = irq;
	timer_init(&s->timeout, timeout_fired, s);
	if (chardev_attach(chr, &fe))
		return -EBUSY;
	ns16550_reset(s);
	return io_port_map(base, 8, &ns16550_ops, s, "serial");
}
