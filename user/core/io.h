/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Device I/O: one registry for both address spaces, port I/O (64 KiB) and
 * memory-mapped I/O (in the guest-physical map, see mem.h).
 *
 * A device registers a range with its ops and an opaque pointer; accesses
 * reach it with the offset relative to the range base, so a PCI BAR can move
 * without the device noticing.  A device declares the access sizes it
 * implements; the registry splits wider accesses into narrower ones, so a
 * 16550 only handles bytes.  Accesses nobody claims behave like a floating
 * ISA bus: reads return all ones, writes are dropped, and the first one per
 * port is logged under -d guest_errors.  A guest can never crash the VMM here.
 */
#ifndef RINGVM_CORE_IO_H
#define RINGVM_CORE_IO_H

#include <stdint.h>

#define IO_SZ1 0x1
#define IO_SZ2 0x2
#define IO_SZ4 0x4
#define IO_SZ8 0x8

struct io_ops {
	/* required: @off is relative to the region base; @size is one of .sizes */
	uint64_t (*read)(void *dev, uint64_t off, unsigned size);
	/* required */
	void (*write)(void *dev, uint64_t off, uint64_t val, unsigned size);
	uint8_t sizes;	/* IO_SZ* the device implements; 0 means all */
};

struct io_region {
	uint64_t base, len;
	const struct io_ops *ops;
	void *dev;
	const char *name;
};

/*
 * Claim ports [base, base+len).  Returns 0, or -EBUSY naming nothing: the
 * caller reports which device failed.  Overlaps are always a machine bug.
 */
int io_port_map(uint16_t base, uint32_t len, const struct io_ops *ops,
		void *dev, const char *name);
void io_port_unmap(uint16_t base);

uint32_t io_port_read(uint16_t port, unsigned size);
void io_port_write(uint16_t port, uint32_t val, unsigned size);

/* Dispatch one access to a region, splitting it into supported sizes. */
uint64_t io_region_read(const struct io_region *r, uint64_t off, unsigned size);
void io_region_write(const struct io_region *r, uint64_t off, uint64_t val,
		     unsigned size);

/* Forget every registration (machine teardown, unit tests). */
void io_reset_all(void);

#endif
