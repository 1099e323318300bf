// SPDX-License-Identifier: GPL-2.0-only
/*
 * System control port A at 0x92 (the PS/2 "fast A20 and reset" port):
 * bit 1 drives the A20 gate, a 0->1 write of bit 0 resets the CPU.
 */
#include "port92.h"

#include "core/io.h"
#include "core/runstate.h"

static uint64_t port92_read(void *dev, uint64_t off, unsigned size)
{
	struct port92 *p = dev;

	return p->value;
}

static void port92_write(void *dev, uint64_t off, uint64_t v, unsigned size)
{
	struct port92 *p = dev;
	uint8_t old = p->value;

	p->value = (uint8_t)v & ~0x01;	/* the reset bit reads back 0 */
	p->set_a20(p->opaque, v & 0x02);
	if ((v & 0x01) && !(old & 0x01))
		runstate_request_reset();
}

static const struct io_ops port92_ops = { port92_read, port92_write, IO_SZ1 };

void port92_reset(struct port92 *p)
{
	p->value = 0;
}

int port92_init(struct port92 *p, void (*set_a20)(void *opaque, bool on),
		void *opaque)
{
	p->set_a20 = set_a20;
	p->opaque = opaque;
	port92_reset(p);
	return io_port_map(0x92, 1, &port92_ops, p, "port92");
}
