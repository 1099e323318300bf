/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The guest-physical address map, shared by every user of guest memory:
 * devices, loaders, the translator's softmmu and (later) the accelerator.
 *
 * A region is RAM (host memory, read/write), ROM (host memory, writes
 * ignored) or MMIO (an io_region, see io.h).  Regions never overlap; a
 * machine that re-maps (PAM shadowing) unmaps first.  Every change bumps
 * mem_generation, so caches of translations (the softmmu TLB) know to
 * refill.  One map per process: ringvm runs one machine, as QEMU does.
 */
#ifndef RINGVM_CORE_MEM_H
#define RINGVM_CORE_MEM_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "io.h"

typedef uint64_t gpa_t;		/* guest-physical address */

enum mem_kind { MEM_RAM, MEM_ROM, MEM_MMIO };

struct mem_region {
	gpa_t gpa;
	uint64_t size;
	enum mem_kind kind;
	uint8_t *hva;		/* RAM/ROM: host address of gpa */
	struct io_region io;	/* MMIO: ops, device, name (io.base = gpa) */
	const char *name;
};

extern uint32_t mem_generation;

/* Allocate page-aligned zeroed host memory for guest RAM or ROM. */
uint8_t *mem_alloc(uint64_t size);
void mem_free(uint8_t *hva, uint64_t size);

/* Map a region; returns 0, -EBUSY on overlap, -EINVAL on a bad range. */
int mem_map_ram(gpa_t gpa, uint64_t size, uint8_t *hva, const char *name);
int mem_map_rom(gpa_t gpa, uint64_t size, uint8_t *hva, const char *name);
int mem_map_mmio(gpa_t gpa, uint64_t size, const struct io_ops *ops,
		 void *dev, const char *name);
void mem_unmap(gpa_t gpa);
void mem_reset_all(void);

/* The region containing @gpa, or NULL for unassigned space. */
const struct mem_region *mem_lookup(gpa_t gpa);

/*
 * Host pointer to [gpa, gpa+len) when it lies in one RAM or ROM region
 * (ROM only when !write), else NULL.  For loaders and DMA.  Whoever writes
 * through it must call mem_notify_write() afterwards, so code translated
 * from those bytes is dropped.
 */
uint8_t *mem_host_ptr(gpa_t gpa, uint64_t len, bool write);
void mem_notify_write(gpa_t gpa, uint64_t len);

/*
 * Physical access of 1, 2, 4 or 8 bytes, any alignment, by anyone but the
 * CPU's fast path: RAM, ROM (writes dropped), MMIO dispatch, unassigned
 * space reads all ones.  Writes to RAM call mem_write_hook, through which
 * the translator drops code that was overwritten.
 */
uint64_t mem_read(gpa_t gpa, unsigned size);
void mem_write(gpa_t gpa, uint64_t val, unsigned size);
int mem_rw(gpa_t gpa, void *buf, uint64_t len, bool write);

extern void (*mem_write_hook)(gpa_t gpa, uint64_t len);

#endif
