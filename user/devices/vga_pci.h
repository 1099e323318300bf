/* SPDX-License-Identifier: GPL-2.0-only */
/* QEMU's standard VGA as a PCI function (-vga std); see vga_pci.c. */
#ifndef RINGVM_DEVICES_VGA_PCI_H
#define RINGVM_DEVICES_VGA_PCI_H

#include <stdint.h>

#include "devices/pci.h"
#include "devices/vga.h"

#define VGA_PCI_VENDOR		0x1234
#define VGA_PCI_DEVICE		0x1111
#define VGA_PCI_MMIO_SIZE	0x1000	/* BAR 2 */

struct vga_pci {
	struct pci_device pci;
	struct vga vga;
	uint32_t qext_byteorder;	/* QEMU extended register 0x604 */
};

/*
 * Create the VGA with @vram_size bytes of video memory (BAR 0; 0 means
 * VGA_VRAM_SIZE_DEFAULT) and put it on @bus at @devfn, with the VGA BIOS
 * in @rom_path (vgabios-stdvga.bin) behind its expansion ROM BAR; NULL
 * means no ROM.  The legacy ports and the 0xA0000 window are claimed at
 * once: the PCI command register does not gate them, as on QEMU.
 * Returns 0 or a negative errno after reporting the error (naming the
 * ROM file when that is what failed).
 */
int vga_pci_init(struct vga_pci *d, struct pci_bus *bus, int devfn,
		 uint32_t vram_size, const char *rom_path);
/* System reset of the VGA's own state (the bus resets config space). */
void vga_pci_reset(struct vga_pci *d);
/* Release the video memory and the legacy ranges; after pci_bus_free(). */
void vga_pci_destroy(struct vga_pci *d);

#endif
