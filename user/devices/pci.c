// SPDX-License-Identifier: GPL-2.0-only
/*
 * PCI bus, configuration mechanism #1 (PCI Local Bus Specification 3.0,
 * §3.2.2.3.2 for the address port, §6.1-6.2 for the header, §6.2.5 for
 * BAR sizing, §6.2.5.2 for the expansion ROM BAR).
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "core/lib/log.h"
#include "core/mem.h"
#include "devices/pci.h"

#define PCI_MAX_DEVFN 256

struct pci_bus {
	struct pci_device *dev[PCI_MAX_DEVFN];
	/* configuration of each device as registered: what reset restores */
	uint8_t *reset_config[PCI_MAX_DEVFN];
	uint32_t config_address;	/* 0xCF8 */
	/* OR of INTx levels per PIRQ, counted per device */
	unsigned pirq_count[4];
	struct pci_irq_router router;
	const struct io_ops *cf9_ops;
	void *cf9_opaque;
	bool ports_mapped;
};

static inline uint16_t cfg16(const struct pci_device *d, unsigned off)
{
	return d->config[off] | d->config[off + 1] << 8;
}

static inline uint32_t cfg32(const struct pci_device *d, unsigned off)
{
	return cfg16(d, off) | (uint32_t)cfg16(d, off + 2) << 16;
}

static inline void set16(uint8_t *p, uint16_t v)
{
	p[0] = v;
	p[1] = v >> 8;
}

static inline void set32(uint8_t *p, uint32_t v)
{
	set16(p, v);
	set16(p + 2, v >> 16);
}

void pci_config_init(struct pci_device *d, uint16_t vendor, uint16_t device,
		     uint8_t revision, uint32_t class_prog_24bit,
		     uint8_t header_type)
{
	memset(d->config, 0, sizeof(d->config));
	memset(d->wmask, 0, sizeof(d->wmask));
	memset(d->w1cmask, 0, sizeof(d->w1cmask));
	set16(d->config + PCI_VENDOR_ID, vendor);
	set16(d->config + PCI_DEVICE_ID, device);
	d->config[PCI_REVISION_ID] = revision;
	d->config[PCI_CLASS_PROG] = class_prog_24bit;
	set16(d->config + PCI_CLASS_DEVICE, class_prog_24bit >> 8);
	d->config[PCI_HEADER_TYPE] = header_type;
	/* Command: I/O, memory, bus master, INTx disable (§6.2.2). */
	set16(d->wmask + PCI_COMMAND, PCI_COMMAND_IO | PCI_COMMAND_MEMORY |
	      PCI_COMMAND_MASTER | PCI_COMMAND_INTX_DISABLE);
	/* Status: error bits are write-one-to-clear (§6.2.3). */
	set16(d->w1cmask + PCI_STATUS, 0xf900);
	d->wmask[0x0c] = 0xff;	/* cache line size */
	d->wmask[0x0d] = 0xff;	/* latency timer */
	d->wmask[PCI_INTERRUPT_LINE] = 0xff;
}

void pci_set_subsystem(struct pci_device *d, uint16_t vendor, uint16_t id)
{
	set16(d->config + PCI_SUBSYSTEM_VENDOR_ID, vendor);
	set16(d->config + PCI_SUBSYSTEM_ID, id);
}

void pci_set_interrupt_pin(struct pci_device *d, uint8_t pin)
{
	d->config[PCI_INTERRUPT_PIN] = pin;
}

static uint32_t pow2_at_least(uint32_t v, uint32_t min)
{
	uint32_t p = min;

	while (p < v && p < 0x80000000u)
		p <<= 1;
	return p;
}

static unsigned bar_offset(int n)
{
	return n == PCI_ROM_SLOT ? PCI_ROM_ADDRESS : PCI_BASE_ADDRESS_0 + 4 * n;
}

/* The read-only low bits of a BAR: its type (§6.2.5.1). */
static uint32_t bar_type_bits(const struct pci_bar *b)
{
	if (b->kind == PCI_BAR_IO)
		return 0x1;
	if (b->kind == PCI_BAR_ROM)
		return 0;
	return b->prefetchable ? 0x8 : 0;
}

void pci_declare_bar(struct pci_device *d, int n, enum pci_bar_kind kind,
		     uint32_t size, const struct io_ops *ops, void *opaque,
		     uint8_t *host)
{
	struct pci_bar *b = &d->bar[n];
	unsigned off = bar_offset(n);
	uint32_t mask;

	b->kind = kind;
	b->size = pow2_at_least(size, kind == PCI_BAR_IO ? 4 : 16);
	b->ops = ops;
	b->opaque = opaque;
	b->host = host;
	b->prefetchable = kind == PCI_BAR_RAM;
	/* I/O BARs keep all 32 bits writable: firmware sizes them with
	 * ~(read & ~3) + 1 (SeaBIOS, QEMU); bar_target() ignores any BAR
	 * placed above 64 KiB */
	mask = ~(b->size - 1);
	set32(d->config + off, bar_type_bits(b));
	set32(d->wmask + off, mask);
}

int pci_declare_rom(struct pci_device *d, const uint8_t *data, uint32_t len)
{
	struct pci_bar *b = &d->bar[PCI_ROM_SLOT];
	uint32_t size = pow2_at_least(len, 2048);
	uint8_t *host = mem_alloc(size);

	if (!host)
		return -ENOMEM;
	memcpy(host, data, len);
	b->kind = PCI_BAR_ROM;
	b->size = size;
	b->host = host;
	set32(d->config + PCI_ROM_ADDRESS, 0);
	/* address bits plus the enable bit 0 (§6.2.5.2) */
	set32(d->wmask + PCI_ROM_ADDRESS, ~(size - 1) | 1);
	return 0;
}

int pci_register_device(struct pci_bus *bus, struct pci_device *d, int devfn)
{
	if (devfn < 0 || devfn >= PCI_MAX_DEVFN || bus->dev[devfn])
		return -EBUSY;
	d->bus = bus;
	d->devfn = devfn;
	d->irq_level = 0;
	bus->dev[devfn] = d;
	bus->reset_config[devfn] = malloc(sizeof(d->config));
	if (!bus->reset_config[devfn])
		return -ENOMEM;
	memcpy(bus->reset_config[devfn], d->config, sizeof(d->config));
	return 0;
}

struct pci_device *pci_find_device(struct pci_bus *bus, uint8_t devfn)
{
	return bus->dev[devfn];
}

/* --- BAR mapping ------------------------------------------------------- */

static void bar_unmap(struct pci_bar *b)
{
	if (!b->mapped)
		return;
	if (b->kind == PCI_BAR_IO)
		io_port_unmap(b->addr);
	else
		mem_unmap(b->addr);
	b->mapped = false;
}

/* Where BAR @n should be mapped now, or false when it decodes nothing. */
static bool bar_target(const struct pci_device *d, int n, uint32_t *addr)
{
	const struct pci_bar *b = &d->bar[n];
	uint16_t cmd = cfg16(d, PCI_COMMAND);
	uint32_t v = cfg32(d, bar_offset(n));

	switch (b->kind) {
	case PCI_BAR_IO:
		if (!(cmd & PCI_COMMAND_IO))
			return false;
		*addr = v & ~3u;
		/* Port 0 is how firmware parks an unassigned BAR; a range
		 * running past 64 KiB cannot be decoded. */
		return *addr != 0 && *addr + b->size <= 0x10000;
	case PCI_BAR_MMIO:
	case PCI_BAR_RAM:
		if (!(cmd & PCI_COMMAND_MEMORY))
			return false;
		*addr = v & ~0xfu;
		break;
	case PCI_BAR_ROM:
		if (!(cmd & PCI_COMMAND_MEMORY) || !(v & 1))
			return false;
		*addr = v & ~0x7ffu;
		break;
	default:
		return false;
	}
	/* All ones minus the size is the sizing probe's leftover, and a BAR
	 * wrapping past 4 GiB decodes nothing. */
	return *addr != 0 && (uint64_t)*addr + b->size <= 0x100000000ull &&
	       *addr != (uint32_t)-b->size;
}

static void bar_update(struct pci_device *d, int n)
{
	struct pci_bar *b = &d->bar[n];
	uint32_t addr;
	int err = 0;

	if (b->kind == PCI_BAR_UNUSED)
		return;
	if (!bar_target(d, n, &addr)) {
		bar_unmap(b);
		return;
	}
	if (b->mapped && b->addr == addr)
		return;
	bar_unmap(b);
	switch (b->kind) {
	case PCI_BAR_IO:
		err = io_port_map(addr, b->size, b->ops, b->opaque, d->name);
		break;
	case PCI_BAR_MMIO:
		err = mem_map_mmio(addr, b->size, b->ops, b->opaque, d->name);
		break;
	case PCI_BAR_RAM:
		err = mem_map_ram(addr, b->size, b->host, d->name);
		break;
	case PCI_BAR_ROM:
		err = mem_map_rom(addr, b->size, b->host, d->name);
		break;
	default:
		break;
	}
	if (err) {
		/* The guest placed the BAR over something else: real
		 * hardware would decode garbage; we leave it unmapped. */
		log_msg(LOG_GUEST, "pci %02x.%x %s: BAR %d at 0x%x overlaps another "
			"region, not mapped\n", PCI_SLOT(d->devfn),
				PCI_FUNC(d->devfn), d->name, n, addr);
		return;
	}
	b->mapped = true;
	b->addr = addr;
}

static void bars_update(struct pci_device *d)
{
	for (int n = 0; n <= PCI_ROM_SLOT; n++)
		bar_update(d, n);
}

/* --- interrupts -------------------------------------------------------- */

/* The PC's PIRQ swizzle: INTA of slot s goes to PIRQ (s + pin - 1) mod 4
 * (the i440FX board wiring QEMU models and SeaBIOS assumes). */
static unsigned pci_pirq_of(const struct pci_device *d)
{
	unsigned pin = d->config[PCI_INTERRUPT_PIN];

	return (PCI_SLOT(d->devfn) + pin - 1) & 3;
}

static void pirq_change(struct pci_bus *bus, unsigned pirq, int delta)
{
	unsigned before = bus->pirq_count[pirq];

	bus->pirq_count[pirq] += delta;
	if ((before == 0) != (bus->pirq_count[pirq] == 0) &&
	    bus->router.set_pirq)
		bus->router.set_pirq(bus->router.opaque, pirq,
				     bus->pirq_count[pirq] != 0);
}

/* The level the device presents on the bus: its pin, unless INTx is
 * disabled in the command register (§6.2.2 bit 10). */
static int intx_visible(const struct pci_device *d)
{
	return d->irq_level &&
	       !(cfg16(d, PCI_COMMAND) & PCI_COMMAND_INTX_DISABLE);
}

void pci_set_irq(struct pci_device *d, int level)
{
	int old = intx_visible(d);
	int now;

	level = !!level;
	if (!d->config[PCI_INTERRUPT_PIN])
		return;
	d->irq_level = level;
	if (level)
		d->config[PCI_STATUS] |= PCI_STATUS_INTERRUPT;
	else
		d->config[PCI_STATUS] &= ~PCI_STATUS_INTERRUPT;
	now = intx_visible(d);
	if (now != old && d->bus)
		pirq_change(d->bus, pci_pirq_of(d), now ? 1 : -1);
}

void pci_bus_set_irq_router(struct pci_bus *bus,
			    const struct pci_irq_router *router)
{
	bus->router = *router;
}

/* --- configuration access ---------------------------------------------- */

uint32_t pci_config_read(struct pci_bus *bus, uint8_t devfn, unsigned off,
			 unsigned len)
{
	struct pci_device *d = bus->dev[devfn];
	uint32_t val = 0;

	/* A function that does not exist: the master aborts, reads give all
	 * ones (§3.2.2.3.4), which is how firmware finds empty slots. */
	if (!d || off + len > 256)
		return len == 4 ? 0xffffffffu : (1u << (8 * len)) - 1;
	if (d->config_read && d->config_read(d, off, len, &val))
		return val;
	for (unsigned i = 0; i < len; i++)
		val |= (uint32_t)d->config[off + i] << (8 * i);
	return val;
}

void pci_config_write(struct pci_bus *bus, uint8_t devfn, unsigned off,
		      uint32_t val, unsigned len)
{
	struct pci_device *d = bus->dev[devfn];
	int intx_before;
	bool bar_touched = false;

	if (!d || off + len > 256)
		return;
	intx_before = intx_visible(d);
	for (unsigned i = 0; i < len; i++) {
		unsigned o = off + i;
		uint8_t b = val >> (8 * i);

		d->config[o] = (d->config[o] & ~d->wmask[o]) | (b & d->wmask[o]);
		d->config[o] &= ~(b & d->w1cmask[o]);
		if ((o >= PCI_BASE_ADDRESS_0 && o < 0x28) ||
		    (o >= PCI_ROM_ADDRESS && o < PCI_ROM_ADDRESS + 4) ||
		    o == PCI_COMMAND)
			bar_touched = true;
	}
	if (bar_touched)
		bars_update(d);
	if (intx_visible(d) != intx_before)
		pirq_change(bus, pci_pirq_of(d), intx_before ? -1 : 1);
	if (d->config_write)
		d->config_write(d, off, val, len);
}

/* --- mechanism #1 ports ------------------------------------------------ */

static bool config_enabled(const struct pci_bus *bus)
{
	/* bit 31 enables; only bus 0 exists */
	return (bus->config_address & 0x80000000u) &&
	       ((bus->config_address >> 16) & 0xff) == 0;
}

static uint64_t cf8_read(void *opaque, uint64_t off, unsigned size)
{
	struct pci_bus *bus = opaque;

	if (size == 4 && off == 0)
		return bus->config_address;
	if (size == 1 && off == 1 && bus->cf9_ops)
		return bus->cf9_ops->read(bus->cf9_opaque, 0, 1);
	/* Other widths are not the address register (§3.2.2.3.2): they
	 * pass through as ordinary I/O, which nobody claims here. */
	return (1ull << (8 * size)) - 1;
}

static void cf8_write(void *opaque, uint64_t off, uint64_t val, unsigned size)
{
	struct pci_bus *bus = opaque;

	if (size == 4 && off == 0) {
		/* bits 1:0 are read-only zero */
		bus->config_address = val & 0x80fffffcu;
		return;
	}
	if (size == 1 && off == 1 && bus->cf9_ops)
		bus->cf9_ops->write(bus->cf9_opaque, 0, val, 1);
}

static const struct io_ops cf8_ops = {
	.read = cf8_read, .write = cf8_write, .sizes = IO_SZ1 | IO_SZ2 | IO_SZ4,
};

static uint64_t cfc_read(void *opaque, uint64_t off, unsigned size)
{
	struct pci_bus *bus = opaque;
	unsigned reg = (bus->config_address & 0xfc) + off;

	if (!config_enabled(bus))
		return (1ull << (8 * size)) - 1;
	return pci_config_read(bus, (bus->config_address >> 8) & 0xff, reg, size);
}

static void cfc_write(void *opaque, uint64_t off, uint64_t val, unsigned size)
{
	struct pci_bus *bus = opaque;
	unsigned reg = (bus->config_address & 0xfc) + off;

	if (config_enabled(bus))
		pci_config_write(bus, (bus->config_address >> 8) & 0xff, reg,
				 val, size);
}

static const struct io_ops cfc_ops = {
	.read = cfc_read, .write = cfc_write, .sizes = IO_SZ1 | IO_SZ2 | IO_SZ4,
};

int pci_bus_map_ports(struct pci_bus *bus, const struct io_ops *cf9,
		      void *cf9_opaque)
{
	int err;

	bus->cf9_ops = cf9;
	bus->cf9_opaque = cf9_opaque;
	err = io_port_map(0xcf8, 4, &cf8_ops, bus, "pci-conf-addr");
	if (!err)
		err = io_port_map(0xcfc, 4, &cfc_ops, bus, "pci-conf-data");
	bus->ports_mapped = !err;
	return err;
}

struct pci_bus *pci_bus_new(void)
{
	return calloc(1, sizeof(struct pci_bus));
}

void pci_bus_reset(struct pci_bus *bus)
{
	bus->config_address = 0;
	for (int i = 0; i < PCI_MAX_DEVFN; i++) {
		struct pci_device *d = bus->dev[i];

		if (!d)
			continue;
		pci_set_irq(d, 0);
		memcpy(d->config, bus->reset_config[i], sizeof(d->config));
		bars_update(d);
	}
}

void pci_bus_free(struct pci_bus *bus)
{
	if (!bus)
		return;
	for (int i = 0; i < PCI_MAX_DEVFN; i++) {
		struct pci_device *d = bus->dev[i];

		if (!d)
			continue;
		for (int n = 0; n <= PCI_ROM_SLOT; n++)
			bar_unmap(&d->bar[n]);
		if (d->bar[PCI_ROM_SLOT].kind == PCI_BAR_ROM)
			mem_free(d->bar[PCI_ROM_SLOT].host,
				 d->bar[PCI_ROM_SLOT].size);
		free(bus->reset_config[i]);
	}
	if (bus->ports_mapped) {
		io_port_unmap(0xcf8);
		io_port_unmap(0xcfc);
	}
	free(bus);
}
