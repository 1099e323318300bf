// SPDX-License-Identifier: GPL-2.0-only
/*
 * The guest-physical map: a sorted array of regions, binary-searched.
 * Lookups are rare (softmmu TLB misses, device DMA), so a flat per-page table
 * would buy little and cost megabytes.
 */
#include "mem.h"

#include <errno.h>
#include <string.h>
#include <sys/mman.h>

#include "core/lib/log.h"

#define MEM_MAX_REGIONS 64

static struct mem_region regions[MEM_MAX_REGIONS];
static int n_regions;
uint32_t mem_generation;
void (*mem_write_hook)(gpa_t gpa, uint64_t len);

uint8_t *mem_alloc(uint64_t size)
{
	void *p = mmap(NULL, size, PROT_READ | PROT_WRITE,
		       MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);

	return p == MAP_FAILED ? NULL : p;
}

void mem_free(uint8_t *hva, uint64_t size)
{
	if (hva)
		munmap(hva, size);
}

static int mem_insert(const struct mem_region *r)
{
	int i;

	if (!r->size || r->gpa + r->size < r->gpa)
		return -EINVAL;
	if (n_regions == MEM_MAX_REGIONS)
		return -ENOSPC;
	for (i = 0; i < n_regions; i++) {
		const struct mem_region *o = &regions[i];

		if (r->gpa < o->gpa + o->size && o->gpa < r->gpa + r->size)
			return -EBUSY;
	}
	for (i = n_regions; i > 0 && regions[i - 1].gpa > r->gpa; i--)
		regions[i] = regions[i - 1];
	regions[i] = *r;
	n_regions++;
	mem_generation++;
	return 0;
}

int mem_map_ram(gpa_t gpa, uint64_t size, uint8_t *hva, const char *name)
{
	struct mem_region r = { .gpa = gpa, .size = size, .kind = MEM_RAM,
				.hva = hva, .name = name };

	return mem_insert(&r);
}

int mem_map_rom(gpa_t gpa, uint64_t size, uint8_t *hva, const char *name)
{
	struct mem_region r = { .gpa = gpa, .size = size, .kind = MEM_ROM,
				.hva = hva, .name = name };

	return mem_insert(&r);
}

int mem_map_mmio(gpa_t gpa, uint64_t size, const struct io_ops *ops,
		 void *dev, const char *name)
{
	struct mem_region r = { .gpa = gpa, .size = size, .kind = MEM_MMIO,
				.io = { gpa, size, ops, dev, name },
				.name = name };

	return mem_insert(&r);
}

void mem_unmap(gpa_t gpa)
{
	int i;

	for (i = 0; i < n_regions; i++) {
		if (regions[i].gpa == gpa) {
			memmove(&regions[i], &regions[i + 1],
				(size_t)(n_regions - i - 1) * sizeof(regions[0]));
			n_regions--;
			mem_generation++;
			return;
		}
	}
}

void mem_reset_all(void)
{
	n_regions = 0;
	mem_generation++;
}

const struct mem_region *mem_lookup(gpa_t gpa)
{
	int lo = 0, hi = n_regions - 1;

	while (lo <= hi) {
		int mid = (lo + hi) / 2;
		const struct mem_region *r = &regions[mid];

		if (gpa < r->gpa)
			hi = mid - 1;
		else if (gpa - r->gpa >= r->size)
			lo = mid + 1;
		else
			return r;
	}
	return NULL;
}

uint8_t *mem_host_ptr(gpa_t gpa, uint64_t len, bool write)
{
	const struct mem_region *r = mem_lookup(gpa);

	if (!r || r->kind == MEM_MMIO || (write && r->kind == MEM_ROM))
		return NULL;
	if (len > r->size - (gpa - r->gpa))
		return NULL;
	return r->hva + (gpa - r->gpa);
}

void mem_notify_write(gpa_t gpa, uint64_t len)
{
	if (mem_write_hook && len)
		mem_write_hook(gpa, len);
}

static uint64_t load_le(const uint8_t *p, unsigned size)
{
	uint64_t v = 0;
	unsigned i;

	for (i = 0; i < size; i++)
		v |= (uint64_t)p[i] << (8 * i);
	return v;
}

static void store_le(uint8_t *p, uint64_t v, unsigned size)
{
	unsigned i;

	for (i = 0; i < size; i++)
		p[i] = (uint8_t)(v >> (8 * i));
}

uint64_t mem_read(gpa_t gpa, unsigned size)
{
	const struct mem_region *r = mem_lookup(gpa);
	uint64_t off;

	if (!r)
		goto split_or_unassigned;
	off = gpa - r->gpa;
	if (off + size > r->size)
		goto split_or_unassigned;
	if (r->kind == MEM_MMIO)
		return io_region_read(&r->io, off, size);
	return load_le(r->hva + off, size);

split_or_unassigned:
	if (size > 1 && r) {
		/* straddles a region end: byte by byte */
		uint64_t v = 0;
		unsigned i;

		for (i = 0; i < size; i++)
			v |= mem_read(gpa + i, 1) << (8 * i);
		return v;
	}
	return size == 8 ? ~0ULL : (1ULL << (size * 8)) - 1;
}

void mem_write(gpa_t gpa, uint64_t val, unsigned size)
{
	const struct mem_region *r = mem_lookup(gpa);
	uint64_t off;
	unsigned i;

	if (!r)
		goto split;
	off = gpa - r->gpa;
	if (off + size > r->size)
		goto split;
	switch (r->kind) {
	case MEM_MMIO:
		io_region_write(&r->io, off, val, size);
		return;
	case MEM_ROM:
		return;
	case MEM_RAM:
		store_le(r->hva + off, val, size);
		mem_notify_write(gpa, size);
		return;
	}
	return;

split:
	if (size > 1)
		for (i = 0; i < size; i++)
			mem_write(gpa + i, val >> (8 * i), 1);
}

int mem_rw(gpa_t gpa, void *buf, uint64_t len, bool write)
{
	uint8_t *b = buf;
	uint64_t i;

	for (i = 0; i < len; i++) {
		if (write)
			mem_write(gpa + i, b[i], 1);
		else
			b[i] = (uint8_t)mem_read(gpa + i, 1);
	}
	return 0;
}
