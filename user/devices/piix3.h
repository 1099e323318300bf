/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * PIIX3 function 0: the PCI-to-ISA bridge at 00:01.0 (Intel 82371SB
 * datasheet, 290550, §2.2).  What the PC needs of it: the PIRQ route
 * control registers 0x60-0x63 that steer PCI INTA#-INTD# to ISA IRQs
 * (§2.2.19), and the reset control register at port 0xCF9 (§2.3.3).
 * The ELCR (ports 0x4D0/0x4D1) lives with the PIC (i8259.c).
 */
#ifndef RINGVM_DEVICES_PIIX3_H
#define RINGVM_DEVICES_PIIX3_H

#include "core/irq.h"
#include "devices/pci.h"

#define PIIX3_PIRQRC	0x60

struct piix3 {
	struct pci_device pci;
	/* the ISA interrupt controller's inputs (the PIC) */
	void (*isa_set_irq)(void *opaque, int irq, int level);
	void *isa_opaque;
	uint8_t pirq_level[4];	/* PIRQA-D input levels from the bus */
	uint8_t irq_driven[16];	/* how many PIRQs drive each ISA IRQ high */
	uint8_t rcr;		/* reset control, bit 1 (SRST) kept */
};

int piix3_init(struct piix3 *p, struct pci_bus *bus,
	       void (*isa_set_irq)(void *opaque, int irq, int level),
	       void *isa_opaque);
void piix3_reset(struct piix3 *p);
/* The 0xCF9 handler to give pci_bus_map_ports(). */
extern const struct io_ops piix3_rcr_ops;

#endif
