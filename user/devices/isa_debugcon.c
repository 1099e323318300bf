// SPDX-License-Identifier: GPL-2.0-only
/*
 * isa-debugcon: QEMU's debug console port (0xe9 by default; SeaBIOS logs
 * to 0x402).  Bytes written go to a character device; a read returns the
 * port's "readback" value 0xe9, by which firmware detects the console.
 */
#include "isa_debugcon.h"

#include "core/io.h"

static uint64_t debugcon_read(void *dev, uint64_t off, unsigned size)
{
	return 0xe9;
}

static void debugcon_write(void *dev, uint64_t off, uint64_t v, unsigned size)
{
	struct chardev *chr = dev;
	uint8_t b = (uint8_t)v;

	chardev_write(chr, &b, 1);
}

static const struct io_ops debugcon_ops = { debugcon_read, debugcon_write, IO_SZ1 };

int isa_debugcon_init(uint16_t iobase, struct chardev *chr)
{
	return io_port_map(iobase, 1, &debugcon_ops, chr, "isa-debugcon");
}
