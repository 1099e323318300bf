/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The AT's two cascaded 8237A DMA controllers: channels 0-3 move bytes
 * (ports 0x00-0x0F), channels 4-7 move 16-bit words (ports 0xC0-0xDF,
 * channel 4 cascades the first controller); page registers 0x81-0x8F.
 * ISA devices (the floppy controller on channel 2) call i8237_transfer().
 */
#ifndef RINGVM_DEVICES_I8237_H
#define RINGVM_DEVICES_I8237_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct i8237_chan {
	uint16_t base_addr, base_count;		/* what the guest wrote */
	uint16_t cur_addr, cur_count;		/* count is transfers - 1 */
	uint8_t mode;
	bool tc;	/* the last transfer ended at terminal count */
};

struct i8237_ctrl {
	struct i8237_chan ch[4];
	uint8_t command, status, mask, request, temp;
	bool flipflop;		/* true: the next address/count byte is high */
	unsigned shift;		/* 0: byte channels, 1: word channels */
};

struct i8237 {
	struct i8237_ctrl ctrl[2];
	uint8_t page[16];	/* ports 0x80-0x8F; 0x80 itself belongs to POST */
};

/* Mode register fields (8237A datasheet, "Mode Register"). */
#define I8237_MODE_XFER(m)	(((m) >> 2) & 3)	/* 0 verify, 1 write, 2 read */
#define I8237_MODE_AUTOINIT	0x10
#define I8237_MODE_DECREMENT	0x20
#define I8237_MODE_SEL(m)	(((m) >> 6) & 3)	/* demand/single/block/cascade */

int i8237_init(struct i8237 *dma);
void i8237_reset(struct i8237 *dma);

/*
 * Move up to @len bytes between @buf and guest RAM on @channel (0-7), as
 * the channel is programmed: a write transfer (to memory) stores @buf, a
 * read transfer fills @buf, a verify transfer only counts.  @to_memory is
 * the device's direction; a channel programmed the other way moves no
 * data but still counts, as on the bus.  Stops at terminal count (or at
 * @len); returns the bytes moved, 0 when the channel is masked, cascaded
 * or the controller disabled.  Word channels move whole words: an odd
 * @len leaves the last byte alone.
 */
size_t i8237_transfer(struct i8237 *dma, unsigned channel, void *buf,
		      size_t len, bool to_memory);

/* Did the last i8237_transfer() on @channel end at terminal count? */
bool i8237_terminal_count(const struct i8237 *dma, unsigned channel);

/* Is @channel unmasked and able to transfer? */
bool i8237_channel_ready(const struct i8237 *dma, unsigned channel);

#endif
