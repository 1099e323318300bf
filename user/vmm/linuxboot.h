/* SPDX-License-Identifier: GPL-2.0-only */
/* -kernel with a Linux bzImage, booted by the BIOS through fw_cfg; see linuxboot.c. */
#ifndef RINGVM_VMM_LINUXBOOT_H
#define RINGVM_VMM_LINUXBOOT_H

#include <stdbool.h>
#include <stdint.h>

#include "devices/fw_cfg.h"

/* What the initrd leaves free at the top of RAM for the BIOS's tables:
 * 128 KiB of ACPI and 32 KiB of other data, as QEMU's PC assumes. */
#define LINUXBOOT_FIRMWARE_RESERVE	0x28000

/* The PC has no RAM below 4 GiB above this (the PCI hole starts here). */
#define LINUXBOOT_LOWMEM_MAX		0xe0000000ULL

/* True when @kernel has a Linux boot header ("HdrS"), i.e. it is for
 * linuxboot_load() and not for the multiboot loader; false on any error. */
bool linuxboot_probe(const char *kernel);

/*
 * Check @kernel (a bzImage, boot protocol 2.00 or later), lay it out as
 * QEMU does, patch its setup header for @initrd (may be NULL) and @cmdline
 * (may be NULL) and publish setup, kernel, initrd and command line in @fw
 * (keys FW_CFG_SETUP_*, _KERNEL_*, _INITRD_*, _CMDLINE_*), with the boot
 * ROM as genroms/linuxboot_dma.bin (linuxboot.bin without fw_cfg DMA, as
 * QEMU names them) listed first in the "bootorder" file.  @ram_below_4g
 * is the machine's RAM below 4 GiB.  Returns 0, or -1 after reporting one
 * line that names the file ("ringvm: -kernel FILE: not a Linux bzImage").
 * Once per machine: fw_cfg keeps it all, and the ROM loads it again on
 * every reset.  Whoever writes "bootorder" later must keep the first line.
 */
int linuxboot_load(struct fw_cfg *fw, const char *kernel, const char *initrd,
		   const char *cmdline, uint64_t ram_below_4g);

#endif
