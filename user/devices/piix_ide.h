/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * PIIX3 function 1: the IDE controller 8086:7010 at 00:01.1 (Intel 82371SB
 * datasheet, 290550, §2.4 and §2.5).  Two channels at the legacy
 * addresses (0x1F0/0x3F6 IRQ 14, 0x170/0x376 IRQ 15), each decoded while
 * its IDETIM register (0x40, 0x42) has bit 15 set, and the bus-master IDE
 * registers in BAR4 (§2.7) that move sectors through a PRD table.
 */
#ifndef RINGVM_DEVICES_PIIX_IDE_H
#define RINGVM_DEVICES_PIIX_IDE_H

#include "devices/ide.h"
#include "devices/pci.h"

#define PIIX_IDE_IDETIM		0x40
#define PIIX_IDE_DECODE		0x8000

/* Bus master IDE registers, §2.7 */
#define BM_CMD_START		0x01
#define BM_CMD_READ		0x08	/* the device reads: data to memory */
#define BM_ST_ACTIVE		0x01
#define BM_ST_ERROR		0x02
#define BM_ST_INTR		0x04

struct piix_ide;

struct piix_bm {
	struct piix_ide *ide;
	struct ide_channel *ch;
	uint8_t cmd, status;
	uint32_t prd_table;
	/* where the transfer is in the PRD table */
	uint32_t prd_cur;		/* address of the next descriptor */
	uint32_t seg_addr, seg_left;
	bool eot;
	/* the channel's interrupt passes through to set BM_ST_INTR */
	void (*isa_set_irq)(void *opaque, int irq, int level);
	void *isa_opaque;
	int isa_irq;
};

struct piix_ide {
	struct pci_device pci;
	struct ide_channel ch[2];
	struct piix_bm bm[2];
	bool decoded[2];
};

int piix_ide_init(struct piix_ide *p, struct pci_bus *bus,
		  void (*isa_set_irq)(void *opaque, int irq, int level),
		  void *isa_opaque);
void piix_ide_reset(struct piix_ide *p);

#endif
