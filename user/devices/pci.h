/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * A conventional PCI bus (PCI Local Bus Specification 3.0) reached through
 * configuration mechanism #1 (ports 0xCF8 address / 0xCFC-0xCFF data).
 *
 * A device embeds struct pci_device, fills in its identity, declares its
 * BARs and optional expansion ROM, and registers on the bus.  The bus owns
 * the standard part of configuration space: it applies write masks, sizes
 * BARs the way firmware probes them (write all ones, read back the size
 * mask), and maps or unmaps each BAR in the port or physical address space
 * whenever the command register or the BAR changes.  Device-specific
 * registers (above 0x40) are the device's: its config_write hook runs after
 * the bus stored the masked value.
 *
 * Interrupts: a device drives its INTx pin with pci_set_irq(); the bus
 * swizzles the pin to a PIRQ line (slot + pin) and hands the OR of all
 * devices' levels on that PIRQ to the router (PIIX3 on the PC).
 */
#ifndef RINGVM_DEVICES_PCI_H
#define RINGVM_DEVICES_PCI_H

#include <stdbool.h>
#include <stdint.h>

#include "core/io.h"

/* Configuration space offsets, PCI 3.0 §6.1 */
#define PCI_VENDOR_ID		0x00
#define PCI_DEVICE_ID		0x02
#define PCI_COMMAND		0x04
#define PCI_STATUS		0x06
#define PCI_REVISION_ID		0x08
#define PCI_CLASS_PROG		0x09
#define PCI_CLASS_DEVICE	0x0a	/* class << 8 | subclass */
#define PCI_HEADER_TYPE		0x0e
#define PCI_BASE_ADDRESS_0	0x10
#define PCI_SUBSYSTEM_VENDOR_ID	0x2c
#define PCI_SUBSYSTEM_ID	0x2e
#define PCI_ROM_ADDRESS		0x30
#define PCI_INTERRUPT_LINE	0x3c
#define PCI_INTERRUPT_PIN	0x3d

#define PCI_COMMAND_IO		0x0001
#define PCI_COMMAND_MEMORY	0x0002
#define PCI_COMMAND_MASTER	0x0004
#define PCI_COMMAND_INTX_DISABLE 0x0400
#define PCI_STATUS_INTERRUPT	0x0008

#define PCI_HEADER_TYPE_MULTI	0x80

#define PCI_NUM_BARS	6
#define PCI_ROM_SLOT	6	/* bars[6] is the expansion ROM */

#define PCI_DEVFN(slot, fn)	(((slot) << 3) | (fn))
#define PCI_SLOT(devfn)		((devfn) >> 3)
#define PCI_FUNC(devfn)		((devfn) & 7)

enum pci_bar_kind {
	PCI_BAR_UNUSED = 0,
	PCI_BAR_IO,		/* port space, handled by ops */
	PCI_BAR_MMIO,		/* memory space, handled by ops */
	PCI_BAR_RAM,		/* memory space backed by host memory (a frame
				 * buffer): mapped as guest RAM for speed */
	PCI_BAR_ROM,		/* expansion ROM: host memory, read-only */
};

struct pci_bar {
	enum pci_bar_kind kind;
	uint32_t size;		/* power of two; 0 when unused */
	bool prefetchable;
	const struct io_ops *ops;	/* IO, MMIO */
	void *opaque;
	uint8_t *host;		/* RAM, ROM: host memory of @size bytes */
	/* where the bus mapped it; valid when @mapped */
	bool mapped;
	uint32_t addr;
};

struct pci_bus;

struct pci_device {
	/* filled in by the device before pci_register_device() */
	const char *name;
	uint8_t config[256];
	uint8_t wmask[256];	/* bits the guest may write */
	uint8_t w1cmask[256];	/* bits a guest write of 1 clears (status) */
	struct pci_bar bar[PCI_NUM_BARS + 1];
	/* optional: called after the bus stored a write of @len bytes at
	 * @off (already masked), for device registers and side effects */
	void (*config_write)(struct pci_device *d, unsigned off, uint32_t val,
			     unsigned len);
	/* optional: override reads of device registers (rarely needed) */
	bool (*config_read)(struct pci_device *d, unsigned off, unsigned len,
			    uint32_t *val);
	void *opaque;

	/* owned by the bus */
	struct pci_bus *bus;
	uint8_t devfn;
	uint8_t irq_level;	/* current INTx level, 0 or 1 */
};

/* The router the bus reports PIRQ levels to (PIIX3 on the PC). */
struct pci_irq_router {
	void (*set_pirq)(void *opaque, unsigned pirq, int level);
	void *opaque;
};

struct pci_bus *pci_bus_new(void);
void pci_bus_free(struct pci_bus *bus);
/* Claim 0xCF8-0xCFF.  Byte accesses to 0xCF9 go to @cf9 (the PIIX3 reset
 * control register) when given. */
int pci_bus_map_ports(struct pci_bus *bus, const struct io_ops *cf9,
		      void *cf9_opaque);
void pci_bus_set_irq_router(struct pci_bus *bus,
			    const struct pci_irq_router *router);

/* Fill the identity part of config space and clear the masks to the
 * standard writable set (command, latency, interrupt line, BARs). */
void pci_config_init(struct pci_device *d, uint16_t vendor, uint16_t device,
		     uint8_t revision, uint32_t class_prog_24bit,
		     uint8_t header_type);
void pci_set_subsystem(struct pci_device *d, uint16_t vendor, uint16_t id);
/* Interrupt pin 1..4 = INTA..INTD, 0 = none. */
void pci_set_interrupt_pin(struct pci_device *d, uint8_t pin);

/* Declare BAR @n (0-5).  @size is rounded up to a power of two (minimum 16
 * for memory, 4 for I/O). */
void pci_declare_bar(struct pci_device *d, int n, enum pci_bar_kind kind,
		     uint32_t size, const struct io_ops *ops, void *opaque,
		     uint8_t *host);
/* Declare an expansion ROM holding @data (copied, padded to a power of
 * two); returns 0 or -ENOMEM. */
int pci_declare_rom(struct pci_device *d, const uint8_t *data, uint32_t len);

/* Put @d at @devfn.  Returns 0, or -EBUSY if that function is taken. */
int pci_register_device(struct pci_bus *bus, struct pci_device *d, int devfn);

/* Drive the device's INTx pin. */
void pci_set_irq(struct pci_device *d, int level);

/* Config space access as the CPU sees it through mechanism #1 (also for
 * tests and the monitor's "info pci"). */
uint32_t pci_config_read(struct pci_bus *bus, uint8_t devfn, unsigned off,
			 unsigned len);
void pci_config_write(struct pci_bus *bus, uint8_t devfn, unsigned off,
		      uint32_t val, unsigned len);
struct pci_device *pci_find_device(struct pci_bus *bus, uint8_t devfn);

/* System reset: every device back to its registered config (BARs
 * unmapped, command 0). */
void pci_bus_reset(struct pci_bus *bus);

#endif
