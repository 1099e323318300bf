// SPDX-License-Identifier: GPL-2.0-only
/*
 * isa-debug-exit: QEMU's test device.  A write of V to its port ends
 * ringvm with exit status (V << 1) | 1, so a guest test reports its result
 * through the exit status (kvm-unit-tests and QEMU's own tests use it).
 */
#include "isa_debug_exit.h"

#include <stddef.h>

#include "core/io.h"
#include "core/runstate.h"

static uint64_t debug_exit_read(void *dev, uint64_t off, unsigned size)
{
	return 0;	/* QEMU's device reads as 0 */
}

static void debug_exit_write(void *dev, uint64_t off, uint64_t val, unsigned size)
{
	runstate_request_exit((int)(((uint32_t)val << 1) | 1));
}

static const struct io_ops debug_exit_ops = {
	.read = debug_exit_read,
	.write = debug_exit_write,
	.sizes = 0,	/* any width: the whole value is the status */
};

int isa_debug_exit_init(uint16_t iobase, uint16_t iosize)
{
	return io_port_map(iobase, iosize, &debug_exit_ops, NULL, "isa-debug-exit");
}
