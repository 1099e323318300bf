// SPDX-License-Identifier: GPL-2.0-only
/*
 * The 8237A DMA controller pair of the PC/AT (8237A datasheet; IBM PC/AT
 * Technical Reference, "DMA Controller").
 *
 * The first controller serves the byte channels 0-3 at ports 0x00-0x0F.
 * The second serves the word channels 4-7 at the even ports 0xC0-0xDE
 * (the AT wires its A1-A4 to SA1-SA4, so register n sits at 0xC0 + 2n);
 * its channel 4 takes the first controller's HRQ, so that one is only
 * ever in cascade mode.  Word channels address memory in words: the
 * 16-bit address is shifted left by one and the page register supplies
 * A17-A23.  Addresses wrap inside their 64 KiB (128 KiB) block; the page
 * register never carries, which is why BIOSes split buffers that cross
 * such a boundary.
 *
 * A transfer here is synchronous: the device calls i8237_transfer() with
 * all it has, and the demand/single/block modes, which only differ in how
 * often the bus is released, behave the same.
 */
#include "i8237.h"

#include <string.h>

#include "core/io.h"
#include "core/mem.h"
#include "core/lib/log.h"

/* Channel -> page register offset from 0x80 (AT Technical Reference). */
static const uint8_t i8237_page_port[8] = {
	0x7, 0x3, 0x1, 0x2, 0xf, 0xb, 0x9, 0xa
};

/* Master clear (also RESET): everything cleared except the address and
 * count registers; all channels masked. */
static void i8237_ctrl_clear(struct i8237_ctrl *c)
{
	c->command = 0;
	c->status = 0;
	c->request = 0;
	c->temp = 0;
	c->flipflop = false;
	c->mask = 0x0f;
}

void i8237_reset(struct i8237 *dma)
{
	for (int i = 0; i < 2; i++) {
		i8237_ctrl_clear(&dma->ctrl[i]);
		for (int n = 0; n < 4; n++)
			dma->ctrl[i].ch[n].mode = 0;
	}
}

static uint8_t i8237_read_reg(struct i8237_ctrl *c, unsigned reg)
{
	struct i8237_chan *ch = &c->ch[(reg >> 1) & 3];
	uint16_t v;
	uint8_t r;

	switch (reg) {
	case 0 ... 7:
		/* the current registers, low byte then high byte */
		v = reg & 1 ? ch->cur_count : ch->cur_addr;
		r = c->flipflop ? v >> 8 : v & 0xff;
		c->flipflop = !c->flipflop;
		return r;
	case 8:		/* status: TC bits clear on read */
		r = c->status | (uint8_t)(c->request << 4);
		c->status &= 0xf0;
		return r;
	case 0xd:
		return c->temp;
	case 0xf:	/* the mask register reads back on the 82374 and later */
		return c->mask | 0xf0;
	default:
		return 0xff;
	}
}

static void i8237_write_reg(struct i8237_ctrl *c, unsigned reg, uint8_t v)
{
	struct i8237_chan *ch;

	switch (reg) {
	case 0 ... 7:
		/* a write loads both the base and the current register */
		ch = &c->ch[(reg >> 1) & 3];
		if (reg & 1) {
			ch->base_count = c->flipflop ?
				(ch->base_count & 0xff) | v << 8 :
				(ch->base_count & 0xff00) | v;
			ch->cur_count = ch->base_count;
		} else {
			ch->base_addr = c->flipflop ?
				(ch->base_addr & 0xff) | v << 8 :
				(ch->base_addr & 0xff00) | v;
			ch->cur_addr = ch->base_addr;
		}
		c->flipflop = !c->flipflop;
		break;
	case 8:
		c->command = v;
		break;
	case 9:		/* software request: bit 2 set/reset, bits 0-1 channel */
		if (v & 4)
			c->request |= 1u << (v & 3);
		else
			c->request &= ~(1u << (v & 3));
		break;
	case 0xa:	/* single mask bit */
		if (v & 4)
			c->mask |= 1u << (v & 3);
		else
			c->mask &= ~(1u << (v & 3));
		break;
	case 0xb:
		c->ch[v & 3].mode = v;
		break;
	case 0xc:
		c->flipflop = false;
		break;
	case 0xd:
		i8237_ctrl_clear(c);
		break;
	case 0xe:	/* clear mask register: all channels enabled */
		c->mask = 0;
		break;
	case 0xf:
		c->mask = v & 0x0f;
		break;
	}
}

static uint64_t i8237_lo_read(void *dev, uint64_t off, unsigned size)
{
	struct i8237 *dma = dev;

	return i8237_read_reg(&dma->ctrl[0], off & 0xf);
}

static void i8237_lo_write(void *dev, uint64_t off, uint64_t v, unsigned size)
{
	struct i8237 *dma = dev;

	i8237_write_reg(&dma->ctrl[0], off & 0xf, (uint8_t)v);
}

static uint64_t i8237_hi_read(void *dev, uint64_t off, unsigned size)
{
	struct i8237 *dma = dev;

	return i8237_read_reg(&dma->ctrl[1], (off >> 1) & 0xf);
}

static void i8237_hi_write(void *dev, uint64_t off, uint64_t v, unsigned size)
{
	struct i8237 *dma = dev;

	i8237_write_reg(&dma->ctrl[1], (off >> 1) & 0xf, (uint8_t)v);
}

/* Page registers: 0x81-0x8F, all read back (the unused ones are scratch
 * registers that software uses for delays, like 0x80). */
static uint64_t i8237_page_read(void *dev, uint64_t off, unsigned size)
{
	struct i8237 *dma = dev;

	return dma->page[(off + 1) & 0xf];
}

static void i8237_page_write(void *dev, uint64_t off, uint64_t v,
			     unsigned size)
{
	struct i8237 *dma = dev;

	dma->page[(off + 1) & 0xf] = (uint8_t)v;
}

static const struct io_ops i8237_lo_ops = {
	i8237_lo_read, i8237_lo_write, IO_SZ1
};
static const struct io_ops i8237_hi_ops = {
	i8237_hi_read, i8237_hi_write, IO_SZ1
};
static const struct io_ops i8237_page_ops = {
	i8237_page_read, i8237_page_write, IO_SZ1
};

int i8237_init(struct i8237 *dma)
{
	memset(dma, 0, sizeof(*dma));
	dma->ctrl[0].shift = 0;
	dma->ctrl[1].shift = 1;
	i8237_reset(dma);
	if (io_port_map(0x00, 0x10, &i8237_lo_ops, dma, "dma1") ||
	    io_port_map(0xc0, 0x20, &i8237_hi_ops, dma, "dma2") ||
	    io_port_map(0x81, 0x0f, &i8237_page_ops, dma, "dma-page")) {
		err_report("cannot create the DMA controllers: ports "
			   "0x00-0x0f, 0x81-0x8f or 0xc0-0xdf are taken");
		return -1;
	}
	return 0;
}

bool i8237_channel_ready(const struct i8237 *dma, unsigned channel)
{
	const struct i8237_ctrl *c;

	if (channel > 7)
		return false;
	c = &dma->ctrl[channel >> 2];
	/* command bit 2 disables the controller.  Channel 4's cascade mode
	 * is not checked for channels 0-3: BIOSes that never program it
	 * still get DMA on the AT (its power-on state passes HRQ through). */
	if ((c->command & 4) || (c->mask & (1u << (channel & 3))))
		return false;
	return I8237_MODE_SEL(c->ch[channel & 3].mode) != 3;
}

bool i8237_terminal_count(const struct i8237 *dma, unsigned channel)
{
	return channel < 8 && dma->ctrl[channel >> 2].ch[channel & 3].tc;
}

size_t i8237_transfer(struct i8237 *dma, unsigned channel, void *buf,
		      size_t len, bool to_memory)
{
	struct i8237_ctrl *c;
	struct i8237_chan *ch;
	unsigned unit, xfer;
	uint8_t *p = buf;
	size_t done = 0;
	gpa_t page;

	if (!i8237_channel_ready(dma, channel))
		return 0;
	c = &dma->ctrl[channel >> 2];
	ch = &c->ch[channel & 3];
	unit = 1u << c->shift;
	xfer = I8237_MODE_XFER(ch->mode);
	if (xfer == 3)
		log_msg(LOG_GUEST, "i8237: channel %u: illegal transfer type 3\n",
			channel);
	else if (xfer && (xfer == 1) != to_memory)
		log_msg(LOG_GUEST, "i8237: channel %u programmed for %s, device "
			"%s memory\n", channel, xfer == 1 ? "write" : "read",
			to_memory ? "writes" : "reads");
	/* word channels: page bit 0 is unused, A1-A16 from the address */
	page = (gpa_t)(dma->page[i8237_page_port[channel]] &
		       (c->shift ? 0xfe : 0xff)) << 16;
	ch->tc = false;
	while (done + unit <= len) {
		gpa_t gpa = page | (gpa_t)ch->cur_addr << c->shift;

		if (xfer == 1 && to_memory)
			mem_rw(gpa, p + done, unit, true);
		else if (xfer == 2 && !to_memory)
			mem_rw(gpa, p + done, unit, false);
		done += unit;
		ch->cur_addr += ch->mode & I8237_MODE_DECREMENT ? -1 : 1;
		if (ch->cur_count-- == 0) {
			/* terminal count: status bit, then auto-init reloads
			 * or the channel masks itself */
			ch->tc = true;
			c->status |= 1u << (channel & 3);
			c->request &= ~(1u << (channel & 3));
			if (ch->mode & I8237_MODE_AUTOINIT) {
				ch->cur_addr = ch->base_addr;
				ch->cur_count = ch->base_count;
			} else {
				c->mask |= 1u << (channel & 3);
			}
			break;
		}
	}
	return done;
}
