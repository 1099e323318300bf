// SPDX-License-Identifier: GPL-2.0-only
/*
 * Port I/O registry: a 64K table of region pointers, so dispatch is one
 * array index (Bochs does the same).  Registration happens while no vCPU
 * runs; there is no locking.
 */
#include "io.h"

#include <errno.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "core/lib/log.h"

#define IO_MAX_PORT_REGIONS 256

static struct io_region port_regions[IO_MAX_PORT_REGIONS];
static struct io_region *port_table[65536];
static uint8_t port_logged[65536 / 8];	/* unclaimed ports already logged */

int io_port_map(uint16_t base, uint32_t len, const struct io_ops *ops,
		void *dev, const char *name)
{
	struct io_region *r = NULL;
	uint32_t p;
	int i;

	if (!len || base + len > 65536)
		return -EINVAL;
	for (p = base; p < base + len; p++)
		if (port_table[p])
			return -EBUSY;
	for (i = 0; i < IO_MAX_PORT_REGIONS; i++) {
		if (!port_regions[i].ops) {
			r = &port_regions[i];
			break;
		}
	}
	if (!r)
		return -ENOSPC;
	*r = (struct io_region){ base, len, ops, dev, name };
	for (p = base; p < base + len; p++)
		port_table[p] = r;
	return 0;
}

void io_port_unmap(uint16_t base)
{
	struct io_region *r = port_table[base];
	uint32_t p;

	if (!r || r->base != base)
		return;
	for (p = base; p < base + r->len; p++)
		port_table[p] = NULL;
	memset(r, 0, sizeof(*r));
}

void io_reset_all(void)
{
	memset(port_regions, 0, sizeof(port_regions));
	memset(port_table, 0, sizeof(port_table));
	memset(port_logged, 0, sizeof(port_logged));
}

static bool size_ok(const struct io_region *r, unsigned size)
{
	return !r->ops->sizes || (r->ops->sizes & size);
}

uint64_t io_region_read(const struct io_region *r, uint64_t off, unsigned size)
{
	uint64_t v = 0;
	unsigned half = size / 2, i;

	if (size_ok(r, size)) {
		/* a device may hand back more bits than asked for */
		v = r->ops->read(r->dev, off, size);
		return size == 8 ? v : v & ((1ull << (8 * size)) - 1);
	}
	if (size == 1) {
		/* only wider accesses implemented: read a whole one, pick a byte */
		for (i = 2; i <= 8; i *= 2) {
			if (r->ops->sizes & i) {
				uint64_t a = off & ~(uint64_t)(i - 1);

				return (r->ops->read(r->dev, a, i) >>
					((off - a) * 8)) & 0xff;
			}
		}
		return 0xff;
	}
	/* little endian: low half at the lower address */
	for (i = 0; i < 2; i++)
		v |= io_region_read(r, off + i * half, half) << (i * half * 8);
	return v;
}

void io_region_write(const struct io_region *r, uint64_t off, uint64_t val,
		     unsigned size)
{
	unsigned half = size / 2, i;

	if (size_ok(r, size)) {
		r->ops->write(r->dev, off, val, size);
		return;
	}
	if (size == 1) {
		/* A byte write to a device with only wider registers: the
		 * register is written with the other bytes as zero, which is
		 * what the ISA bus presents.  Logged because it is unusual. */
		log_msg(LOG_GUEST, "%s: byte write at +0x%llx to a wider register\n",
			r->name, (unsigned long long)off);
		for (i = 2; i <= 8; i *= 2) {
			if (r->ops->sizes & i) {
				uint64_t a = off & ~(uint64_t)(i - 1);

				r->ops->write(r->dev, a, (val & 0xff) << ((off - a) * 8), i);
				return;
			}
		}
		return;
	}
	for (i = 0; i < 2; i++)
		io_region_write(r, off + i * half,
				(val >> (i * half * 8)) & ((1ULL << (half * 8)) - 1),
				half);
}

uint32_t io_port_read(uint16_t port, unsigned size)
{
	struct io_region *r = port_table[port];
	uint32_t v;

	if (!r || port + size > r->base + r->len) {
		if (!(port_logged[port / 8] & (1 << (port % 8)))) {
			port_logged[port / 8] |= 1 << (port % 8);
			log_msg(LOG_GUEST, "read of unassigned port 0x%04x\n", port);
		}
		v = size == 4 ? 0xffffffffu : (1u << (size * 8)) - 1;
	} else {
		v = (uint32_t)io_region_read(r, port - r->base, size);
	}
	log_msg(LOG_IOPORT, "in%c 0x%04x -> 0x%x\n", "bw?l"[size - 1], port, v);
	return v;
}

void io_port_write(uint16_t port, uint32_t val, unsigned size)
{
	struct io_region *r = port_table[port];

	log_msg(LOG_IOPORT, "out%c 0x%04x <- 0x%x\n", "bw?l"[size - 1], port, val);
	if (!r || port + size > r->base + r->len) {
		if (!(port_logged[port / 8] & (1 << (port % 8)))) {
			port_logged[port / 8] |= 1 << (port % 8);
			log_msg(LOG_GUEST, "write of unassigned port 0x%04x\n", port);
		}
		return;
	}
	io_region_write(r, port - r->base, val, size);
}
