/* SPDX-License-Identifier: GPL-2.0-only */
/* The i8042 keyboard controller with its PS/2 devices; see i8042.c. */
#ifndef RINGVM_DEVICES_I8042_H
#define RINGVM_DEVICES_I8042_H

#include <stdbool.h>
#include <stdint.h>

#include "core/irq.h"
#include "ps2.h"

struct i8042 {
	uint8_t ccb;		/* controller command byte (internal RAM 0) */
	uint8_t ram[32];	/* the rest of the internal RAM */
	uint8_t status;
	uint8_t out;		/* the output buffer */
	uint8_t outport;	/* output port: bit 0 reset (active low), 1 A20 */
	int pending;		/* a controller command waiting for data, or -1 */
	bool break_prefix;	/* translation saw F0 */
	struct ps2_kbd kbd;
	struct ps2_mouse mouse;
	struct irq_line irq_kbd, irq_mouse;
	void (*set_a20)(void *opaque, bool on);	/* required */
	void *a20_opaque;
};

int i8042_init(struct i8042 *c, struct irq_line irq_kbd, struct irq_line irq_mouse,
	       void (*set_a20)(void *opaque, bool on), void *a20_opaque);
void i8042_reset(struct i8042 *c);

#endif
