/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Intel 82441FX PCI and memory controller (PMC), the i440FX host bridge at
 * 00:00.0: PCI identity, the PAM registers that route 0xC0000-0xFFFFF to
 * DRAM or to the PCI side (the BIOS ROM), and the SMRAM register that
 * opens DRAM at 0xA0000-0xBFFFF for System Management Mode.
 * Reference: Intel 440FX PCIset datasheet (290549), §3.2 (PAM 0x59-0x5F,
 * SMRAM 0x72), §4.1 (memory map).
 */
#ifndef RINGVM_DEVICES_I440FX_H
#define RINGVM_DEVICES_I440FX_H

#include <stdbool.h>
#include <stdint.h>

#include "core/mem.h"
#include "devices/pci.h"

#define I440FX_PAM0	0x59	/* 0xF0000-0xFFFFF in the high nibble */
#define I440FX_SMRAM	0x72

struct i440fx {
	struct pci_device pci;
	uint8_t *ram;		/* guest RAM; offset == guest-physical address */
	/* The PCI side of 0xE0000-0xFFFFF: the last 128 KiB of the BIOS
	 * image ("isa-bios"), or NULL. */
	uint8_t *isa_bios;
	uint32_t isa_bios_size;
	bool in_smm;		/* the CPU is in SMM */
	bool smram_mapped;	/* DRAM is mapped at 0xA0000 now */
	/* what 0xA0000-0xBFFFF held before SMRAM replaced it (the VGA) */
	struct {
		bool valid;
		struct mem_region r;
	} legacy_saved[4];
	uint8_t pam_mode[13];	/* mode now mapped per PAM segment */
	/* per segment in write-only mode: {PCI side or NULL, DRAM} */
	uint8_t *pam_wo_ctx[13][2];
};

/* Register at 00:00.0.  @ram must cover at least 1 MiB. */
int i440fx_init(struct i440fx *h, struct pci_bus *bus, uint8_t *ram,
		uint8_t *isa_bios, uint32_t isa_bios_size);
/* Reset PAM/SMRAM to their power-on values (after pci_bus_reset) and
 * apply the resulting map. */
void i440fx_reset(struct i440fx *h);
/* The CPU entered or left SMM: SMRAM becomes visible or hidden. */
void i440fx_set_smm(struct i440fx *h, bool in_smm);

#endif
