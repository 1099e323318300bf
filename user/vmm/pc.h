/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The PC's memory map, chipset and firmware: what QEMU's "pc" machine
 * (i440FX + PIIX3) is besides the ISA devices machine.c creates.
 *
 * Physical memory (i440FX datasheet §4.1): RAM from 0 to 640 KiB, the VGA
 * window (or SMRAM) at 0xA0000-0xBFFFF, PAM-shadowed 0xC0000-0xFFFFF over
 * RAM, RAM from 1 MiB to the PCI hole at 3.5 GiB, the rest of RAM above
 * 4 GiB, and the firmware image ending at 4 GiB with its last 128 KiB also
 * at 0xE0000 ("isa-bios").
 */
#ifndef RINGVM_VMM_PC_H
#define RINGVM_VMM_PC_H

#include <stdbool.h>
#include <stdint.h>

#include "devices/fdc.h"
#include "devices/fw_cfg.h"
#include "devices/i440fx.h"
#include "devices/i8237.h"
#include "devices/i8259.h"
#include "devices/mc146818.h"
#include "devices/pci.h"
#include "devices/piix3.h"
#include "devices/piix4_pm.h"
#include "devices/piix_ide.h"
#include "devices/vga_pci.h"
#include "options.h"
#include "translator/cpu.h"

#define PC_PCI_HOLE_START 0xe0000000ull	/* QEMU's max-ram-below-4g */

struct pc {
	struct x86_cpu *cpu;
	struct i8259 *pic;
	uint8_t *ram;
	uint64_t ram_bytes, below_4g;
	uint8_t *bios;			/* the firmware image, or NULL */
	uint32_t bios_size;
	uint32_t isa_bios_size;		/* its part at 0xE0000-0xFFFFF */
	struct pci_bus *pci;		/* NULL on the isapc machine */
	struct i440fx host;
	struct piix3 isa;
	struct piix4_pm pm;
	struct piix_ide ide;		/* 00:01.1; on isapc only its channels */
	struct block_dev *drive_bs[4];	/* IDE index 0-3, NULL: none */
	struct i8237 dma;		/* ISA DMA, both machines */
	struct fdc fdc;			/* 0x3f0, IRQ 6, DMA 2 */
	struct block_dev *floppy_bs[2];	/* -fda/-fdb, NULL: none */
	struct vga_pci vga;		/* 00:02.0, unless -vga none */
	bool has_vga;
	struct fw_cfg fw_cfg;		/* QEMU's firmware configuration */
	uint8_t post_code;		/* port 0x80 */
};

/* Map RAM, load the firmware (unless @with_firmware is false: a multiboot
 * -kernel starts without one), create the chipset, fill the CMOS.
 * Reports errors itself; returns 0 or -1. */
int pc_init(struct pc *pc, const struct vm_config *cfg, struct x86_cpu *cpu,
	    struct i8259 *pic, struct mc146818 *rtc, bool with_firmware);
void pc_reset(struct pc *pc);

/* Write a -boot drive-letter order ("cad") into the CMOS. */
void cmos_set_boot_order(struct mc146818 *rtc, const char *order);

/* The interrupt controller interface the CPU gets (PIC + SMRAM). */
extern const struct x86_interrupt_ctl pc_intc;

/* A firmware file: @name as given if it exists, else looked up in -L,
 * /usr/share/seabios and /usr/share/qemu (QEMU's data directories).
 * Returns a malloc'd path or NULL. */
char *pc_find_firmware(const struct vm_config *cfg, const char *name);

#endif
