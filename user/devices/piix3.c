// SPDX-License-Identifier: GPL-2.0-only
/*
 * PIIX3 PCI-to-ISA bridge: PIRQ routing and the reset control register
 * (see piix3.h).
 */
#include <string.h>

#include "core/runstate.h"
#include "devices/piix3.h"

#define PIRQ_DISABLE	0x80	/* route control bit 7, §2.2.19 */
#define RCR_SRST	0x02	/* system reset (vs CPU-only reset) */
#define RCR_RCPU	0x04	/* 0 -> 1 starts the reset */

/* ISA IRQ a route register selects, or -1.  IRQs 0-2, 8 and 13 are
 * reserved (§2.2.19): a route there disconnects the PIRQ. */
static int route_irq(uint8_t route)
{
	int irq = route & 0x0f;

	if (route & PIRQ_DISABLE || irq < 3 || irq == 8 || irq == 13)
		return -1;
	return irq;
}

static void drive(struct piix3 *p, int irq, int delta)
{
	bool was = p->irq_driven[irq] != 0;

	p->irq_driven[irq] += delta;
	if (was != (p->irq_driven[irq] != 0))
		p->isa_set_irq(p->isa_opaque, irq, p->irq_driven[irq] != 0);
}

static void piix3_set_pirq(void *opaque, unsigned pirq, int level)
{
	struct piix3 *p = opaque;
	int irq = route_irq(p->pci.config[PIIX3_PIRQRC + pirq]);

	level = !!level;
	if (p->pirq_level[pirq] == level)
		return;
	p->pirq_level[pirq] = level;
	if (irq >= 0)
		drive(p, irq, level ? 1 : -1);
}

static void piix3_config_write(struct pci_device *d, unsigned off,
			       uint32_t val, unsigned len)
{
	struct piix3 *p = d->opaque;
	uint8_t old[4];

	if (off + len <= PIIX3_PIRQRC || off >= PIIX3_PIRQRC + 4)
		return;
	/* The bus already stored the new routes: recompute the ISA lines
	 * from scratch, releasing what the old routes drove. */
	memcpy(old, p->pirq_level, sizeof(old));
	for (int i = 0; i < 16; i++) {
		if (p->irq_driven[i]) {
			p->irq_driven[i] = 0;
			p->isa_set_irq(p->isa_opaque, i, 0);
		}
	}
	for (int i = 0; i < 4; i++) {
		int irq = route_irq(d->config[PIIX3_PIRQRC + i]);

		if (old[i] && irq >= 0)
			drive(p, irq, 1);
	}
}

static uint64_t rcr_read(void *opaque, uint64_t off, unsigned size)
{
	struct piix3 *p = opaque;

	return p->rcr;
}

static void rcr_write(void *opaque, uint64_t off, uint64_t val, unsigned size)
{
	struct piix3 *p = opaque;

	/* A hard (SRST) and a CPU-only reset both restart the machine:
	 * the PC has nothing that survives one but not the other. */
	if (val & RCR_RCPU)
		runstate_request_reset();
	p->rcr = val & RCR_SRST;
}

const struct io_ops piix3_rcr_ops = {
	.read = rcr_read, .write = rcr_write, .sizes = IO_SZ1,
};

int piix3_init(struct piix3 *p, struct pci_bus *bus,
	       void (*isa_set_irq)(void *opaque, int irq, int level),
	       void *isa_opaque)
{
	struct pci_device *d = &p->pci;
	struct pci_irq_router router = { piix3_set_pirq, p };

	memset(p, 0, sizeof(*p));
	p->isa_set_irq = isa_set_irq;
	p->isa_opaque = isa_opaque;
	d->name = "PIIX3";
	d->opaque = p;
	d->config_write = piix3_config_write;
	/* ISA bridge, multi-function (IDE, USB and PM follow at .1-.3) */
	pci_config_init(d, 0x8086, 0x7000, 0x00, 0x060100, PCI_HEADER_TYPE_MULTI);
	pci_set_subsystem(d, 0x1af4, 0x1100);
	/* Device registers 0x40-0xff are plain read/write storage here:
	 * firmware programs ISA timing, APIC base and the like, which have
	 * no effect on an emulated ISA bus. */
	memset(d->wmask + 0x40, 0xff, 0xc0);
	memset(d->wmask + PIIX3_PIRQRC, PIRQ_DISABLE | 0x0f, 4);
	memset(d->config + PIIX3_PIRQRC, PIRQ_DISABLE, 4);
	d->config[0x4c] = 0x4d;	/* IORT */
	d->config[0x4e] = 0x03;	/* XBCS */
	d->config[0x69] = 0x02;	/* TOM */
	d->config[0x70] = 0x80;	/* MBIRQ0: disabled */
	d->config[0x76] = 0x0c;	/* MBDMA0/1: disabled */
	d->config[0x77] = 0x0c;
	d->config[0x78] = 0x02;	/* PCSC */
	d->config[0xa0] = 0x08;	/* SMICNTL */
	d->config[0xa8] = 0x0f;	/* SMIREQ */
	pci_bus_set_irq_router(bus, &router);
	return pci_register_device(bus, d, PCI_DEVFN(1, 0));
}

void piix3_reset(struct piix3 *p)
{
	memset(p->pirq_level, 0, sizeof(p->pirq_level));
	for (int i = 0; i < 16; i++) {
		if (p->irq_driven[i]) {
			p->irq_driven[i] = 0;
			p->isa_set_irq(p->isa_opaque, i, 0);
		}
	}
	p->rcr = 0;
}
