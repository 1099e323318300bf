// SPDX-License-Identifier: GPL-2.0-only
/*
 * Intel 8042 keyboard controller as the PC/AT and PS/2 use it (IBM PS/2
 * Hardware Technical Reference, "Keyboard/Auxiliary Device Controller"):
 * data port 0x60, status/command port 0x64, the keyboard on IRQ 1 and the
 * mouse on IRQ 12, the A20 gate and the CPU reset line on its output port.
 *
 * With command-byte bit 6 set the controller translates the keyboard's
 * scancode set 2 into set 1, as every PC BIOS configures it; a break code
 * F0 xx becomes xx' | 0x80.
 */
#include "i8042.h"

#include <string.h>

#include "core/io.h"
#include "core/lib/log.h"
#include "core/runstate.h"

#define ST_OBF		0x01
#define ST_SYS		0x04
#define ST_CMD		0x08	/* the last write was to 0x64 */
#define ST_UNLOCKED	0x10
#define ST_AUX		0x20	/* the output buffer holds a mouse byte */

#define CCB_KBD_INT	0x01
#define CCB_AUX_INT	0x02
#define CCB_SYS		0x04
#define CCB_KBD_OFF	0x10
#define CCB_AUX_OFF	0x20
#define CCB_XLATE	0x40

/*
 * Set 2 -> set 1 for the keys of the 101/102-key keyboard (IBM
 * reference, scan code tables): pairs of { set 2, set 1 }.  Codes not
 * listed (prefixes E0/E1, ACK, BAT, echo) pass through unchanged.
 */
static const uint8_t xlate_pairs[][2] = {
	{ 0x76, 0x01 }, { 0x16, 0x02 }, { 0x1e, 0x03 }, { 0x26, 0x04 },
	{ 0x25, 0x05 }, { 0x2e, 0x06 }, { 0x36, 0x07 }, { 0x3d, 0x08 },
	{ 0x3e, 0x09 }, { 0x46, 0x0a }, { 0x45, 0x0b }, { 0x4e, 0x0c },
	{ 0x55, 0x0d }, { 0x66, 0x0e }, { 0x0d, 0x0f }, { 0x15, 0x10 },
	{ 0x1d, 0x11 }, { 0x24, 0x12 }, { 0x2d, 0x13 }, { 0x2c, 0x14 },
	{ 0x35, 0x15 }, { 0x3c, 0x16 }, { 0x43, 0x17 }, { 0x44, 0x18 },
	{ 0x4d, 0x19 }, { 0x54, 0x1a }, { 0x5b, 0x1b }, { 0x5a, 0x1c },
	{ 0x14, 0x1d }, { 0x1c, 0x1e }, { 0x1b, 0x1f }, { 0x23, 0x20 },
	{ 0x2b, 0x21 }, { 0x34, 0x22 }, { 0x33, 0x23 }, { 0x3b, 0x24 },
	{ 0x42, 0x25 }, { 0x4b, 0x26 }, { 0x4c, 0x27 }, { 0x52, 0x28 },
	{ 0x0e, 0x29 }, { 0x12, 0x2a }, { 0x5d, 0x2b }, { 0x1a, 0x2c },
	{ 0x22, 0x2d }, { 0x21, 0x2e }, { 0x2a, 0x2f }, { 0x32, 0x30 },
	{ 0x31, 0x31 }, { 0x3a, 0x32 }, { 0x41, 0x33 }, { 0x49, 0x34 },
	{ 0x4a, 0x35 }, { 0x59, 0x36 }, { 0x7c, 0x37 }, { 0x11, 0x38 },
	{ 0x29, 0x39 }, { 0x58, 0x3a }, { 0x05, 0x3b }, { 0x06, 0x3c },
	{ 0x04, 0x3d }, { 0x0c, 0x3e }, { 0x03, 0x3f }, { 0x0b, 0x40 },
	{ 0x83, 0x41 }, { 0x0a, 0x42 }, { 0x01, 0x43 }, { 0x09, 0x44 },
	{ 0x77, 0x45 }, { 0x7e, 0x46 }, { 0x6c, 0x47 }, { 0x75, 0x48 },
	{ 0x7d, 0x49 }, { 0x7b, 0x4a }, { 0x6b, 0x4b }, { 0x73, 0x4c },
	{ 0x74, 0x4d }, { 0x79, 0x4e }, { 0x69, 0x4f }, { 0x72, 0x50 },
	{ 0x7a, 0x51 }, { 0x70, 0x52 }, { 0x71, 0x53 }, { 0x84, 0x54 },
	{ 0x61, 0x56 }, { 0x78, 0x57 }, { 0x07, 0x58 },
};

static uint8_t xlate(uint8_t v)
{
	size_t i;

	for (i = 0; i < sizeof(xlate_pairs) / sizeof(xlate_pairs[0]); i++)
		if (xlate_pairs[i][0] == v)
			return xlate_pairs[i][1];
	return v;
}

static void i8042_update_irq(struct i8042 *c)
{
	bool full = c->status & ST_OBF, aux = c->status & ST_AUX;

	irq_set(&c->irq_kbd, full && !aux && (c->ccb & CCB_KBD_INT));
	irq_set(&c->irq_mouse, full && aux && (c->ccb & CCB_AUX_INT));
}

/* Put @v in the output buffer, as from the keyboard or the mouse. */
static void i8042_output(struct i8042 *c, uint8_t v, bool aux)
{
	c->out = v;
	c->status |= ST_OBF;
	if (aux)
		c->status |= ST_AUX;
	else
		c->status &= ~ST_AUX;
	i8042_update_irq(c);
}

/* Move the next device byte into an empty output buffer. */
static void i8042_refill(struct i8042 *c)
{
	uint8_t v;

	while (!(c->status & ST_OBF)) {
		if (!(c->ccb & CCB_KBD_OFF) && ps2_read(&c->kbd.port, &v)) {
			if (c->ccb & CCB_XLATE) {
				if (v == 0xf0) {
					c->break_prefix = true;
					continue;	/* merged into the next byte */
				}
				v = xlate(v);
				if (c->break_prefix)
					v |= 0x80;
				c->break_prefix = false;
			}
			i8042_output(c, v, false);
		} else if (!(c->ccb & CCB_AUX_OFF) && ps2_read(&c->mouse.port, &v)) {
			i8042_output(c, v, true);
		} else {
			break;
		}
	}
}

static void device_notify(void *opaque)
{
	i8042_refill(opaque);
}

static void write_outport(struct i8042 *c, uint8_t v)
{
	c->outport = v;
	c->set_a20(c->a20_opaque, v & 0x02);
	if (!(v & 0x01))
		runstate_request_reset();	/* the reset line is active low */
}

static void i8042_command(struct i8042 *c, uint8_t cmd)
{
	if (cmd >= 0x20 && cmd < 0x40) {
		/* read internal RAM; byte 0 is the command byte */
		i8042_output(c, cmd == 0x20 ? c->ccb : c->ram[cmd & 0x1f], false);
		return;
	}
	if ((cmd >= 0x60 && cmd < 0x80) || cmd == 0xd1 || cmd == 0xd2 ||
	    cmd == 0xd3 || cmd == 0xd4) {
		c->pending = cmd;	/* the data byte follows at 0x60 */
		return;
	}
	if (cmd >= 0xf0) {
		/* pulse output port bits low; bit 0 is the CPU reset */
		if (!(cmd & 0x01))
			runstate_request_reset();
		return;
	}
	switch (cmd) {
	case 0xa7:
		c->ccb |= CCB_AUX_OFF;
		break;
	case 0xa8:
		c->ccb &= ~CCB_AUX_OFF;
		break;
	case 0xa9:	/* mouse interface test: no error */
	case 0xab:	/* keyboard interface test: no error */
		i8042_output(c, 0x00, false);
		break;
	case 0xaa:	/* self test */
		c->status |= ST_SYS;
		i8042_output(c, 0x55, false);
		break;
	case 0xad:
		c->ccb |= CCB_KBD_OFF;
		break;
	case 0xae:
		c->ccb &= ~CCB_KBD_OFF;
		break;
	case 0xc0:	/* input port: keyboard not inhibited, color display */
		i8042_output(c, 0x80, false);
		break;
	case 0xd0:
		i8042_output(c, (uint8_t)(c->outport |
					  ((c->status & ST_OBF) ? 0x10 : 0)), false);
		break;
	case 0xe0:
		i8042_output(c, 0x00, false);
		break;
	default:
		log_msg(LOG_GUEST, "i8042: unknown command 0x%02x\n", cmd);
		break;
	}
	i8042_refill(c);
}

static void i8042_data(struct i8042 *c, uint8_t v)
{
	int cmd = c->pending;

	c->pending = -1;
	switch (cmd) {
	case -1:
		/* a byte for the keyboard, which this re-enables */
		c->ccb &= ~CCB_KBD_OFF;
		ps2_kbd_write(&c->kbd, v);
		break;
	case 0xd1:
		write_outport(c, v);
		break;
	case 0xd2:
		i8042_output(c, v, false);
		break;
	case 0xd3:
		i8042_output(c, v, true);
		break;
	case 0xd4:
		ps2_mouse_write(&c->mouse, v);
		break;
	default:
		if (cmd == 0x60) {
			c->ccb = v;
			/* the SYS flag of the status follows the command byte */
			c->status = (uint8_t)((c->status & ~ST_SYS) | (v & CCB_SYS));
			i8042_update_irq(c);
		} else {
			c->ram[cmd & 0x1f] = v;
		}
		break;
	}
	i8042_refill(c);
}

static uint64_t data_read(void *dev, uint64_t off, unsigned size)
{
	struct i8042 *c = dev;
	uint8_t v;

	/* reading 0x60 empties the buffer; an empty read returns the last */
	v = c->out;
	c->status &= ~(ST_OBF | ST_AUX);
	i8042_update_irq(c);
	i8042_refill(c);
	return v;
}

static void data_write(void *dev, uint64_t off, uint64_t v, unsigned size)
{
	struct i8042 *c = dev;

	c->status &= ~ST_CMD;
	i8042_data(c, (uint8_t)v);
}

static uint64_t status_read(void *dev, uint64_t off, unsigned size)
{
	struct i8042 *c = dev;

	return c->status;
}

static void command_write(void *dev, uint64_t off, uint64_t v, unsigned size)
{
	struct i8042 *c = dev;

	c->status |= ST_CMD;
	i8042_command(c, (uint8_t)v);
}

static const struct io_ops data_ops = { data_read, data_write, IO_SZ1 };
static const struct io_ops command_ops = { status_read, command_write, IO_SZ1 };

void i8042_reset(struct i8042 *c)
{
	c->ccb = CCB_KBD_INT | CCB_AUX_INT | CCB_XLATE;
	c->status = ST_UNLOCKED;
	c->pending = -1;
	c->break_prefix = false;
	c->outport = 0x03;	/* reset line high, A20 enabled */
	ps2_kbd_reset(&c->kbd);
	ps2_mouse_reset(&c->mouse);
	i8042_update_irq(c);
}

int i8042_init(struct i8042 *c, struct irq_line irq_kbd, struct irq_line irq_mouse,
	       void (*set_a20)(void *opaque, bool on), void *a20_opaque)
{
	memset(c, 0, sizeof(*c));
	c->irq_kbd = irq_kbd;
	c->irq_mouse = irq_mouse;
	c->set_a20 = set_a20;
	c->a20_opaque = a20_opaque;
	ps2_kbd_init(&c->kbd, device_notify, c);
	ps2_mouse_init(&c->mouse, device_notify, c);
	i8042_reset(c);
	/* 0x60 and 0x64 only: 0x61-0x63 belong to others */
	if (io_port_map(0x60, 1, &data_ops, c, "i8042-data") ||
	    io_port_map(0x64, 1, &command_ops, c, "i8042-cmd"))
		return -1;
	return 0;
}
