/* SPDX-License-Identifier: GPL-2.0-only */
/* Intel 8254 programmable interval timer; see i8254.c. */
#ifndef RINGVM_DEVICES_I8254_H
#define RINGVM_DEVICES_I8254_H

#include <stdbool.h>
#include <stdint.h>

#include "core/clock.h"
#include "core/irq.h"

#define PIT_HZ 1193182

struct i8254_channel {
	uint32_t count;		/* initial count in ticks, 1..65536 */
	int64_t load_ns;	/* when counting (re)started */
	uint8_t mode;		/* 0-5 */
	uint8_t rw;		/* 1 LSB, 2 MSB, 3 LSB then MSB */
	bool bcd;
	bool gate;
	bool null_count;	/* a new count is written but not loaded */
	bool write_msb_next, read_msb_next;
	uint8_t write_lsb;
	uint16_t latch;		/* latched count */
	uint8_t latch_bytes;	/* bytes of it left to read: 0, 1 or 2 */
	bool latch_msb_first;
	uint8_t status;
	bool status_latched;
	bool out;		/* the output as last reported to the IRQ */
	struct timer timer;	/* next output change (channel 0) */
	struct i8254 *pit;
};

struct i8254 {
	struct i8254_channel ch[3];
	struct irq_line irq;	/* channel 0's output: IRQ 0 */
};

int i8254_init(struct i8254 *pit, uint16_t base, struct irq_line irq);
void i8254_reset(struct i8254 *pit);
/* Channel 2's gate and output (port 0x61 on the PC). */
void i8254_set_gate(struct i8254 *pit, int ch, bool gate);
bool i8254_get_out(struct i8254 *pit, int ch);

#endif
