// SPDX-License-Identifier: GPL-2.0-only
/*
 * System control port B at 0x61 (IBM PC/AT Technical Reference, "System
 * Control Port B"; the PIIX3 NMI status and control register, 82371SB
 * §4.7.2, has the same layout).
 */
#include "devices/port61.h"

#include "core/clock.h"
#include "core/io.h"

#define P61_GATE2	0x01	/* PIT channel 2 gate */
#define P61_SPKR	0x02	/* speaker data enable */
#define P61_WRITABLE	0x0f	/* bits 2, 3: parity/channel check enables */
#define P61_REFRESH	0x10	/* toggles with every DRAM refresh cycle */
#define P61_OUT2	0x20	/* PIT channel 2 output */

/* The refresh request toggles every 15.085 us (channel 1's usual period
 * of 18 PIT clocks); BIOSes busy-wait on it for delays. */
#define REFRESH_NS 15085

static uint64_t port61_read(void *dev, uint64_t off, unsigned size)
{
	struct port61 *p = dev;
	uint8_t v = p->value & P61_WRITABLE;

	if ((clock_ns() / REFRESH_NS) & 1)
		v |= P61_REFRESH;
	if (i8254_get_out(p->pit, 2))
		v |= P61_OUT2;
	return v;
}

static void port61_write(void *dev, uint64_t off, uint64_t val, unsigned size)
{
	struct port61 *p = dev;

	p->value = val & P61_WRITABLE;
	i8254_set_gate(p->pit, 2, val & P61_GATE2);
}

static const struct io_ops port61_ops = { port61_read, port61_write, IO_SZ1 };

int port61_init(struct port61 *p, struct i8254 *pit)
{
	p->pit = pit;
	p->value = 0;
	return io_port_map(0x61, 1, &port61_ops, p, "port61");
}

void port61_reset(struct port61 *p)
{
	p->value = 0;
	i8254_set_gate(p->pit, 2, false);
}
