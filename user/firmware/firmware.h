/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Guest firmware built with ringvm and linked into it (user/firmware/
 * module.mk): option ROMs handed to the BIOS through fw_cfg.
 */
#ifndef RINGVM_FIRMWARE_FIRMWARE_H
#define RINGVM_FIRMWARE_FIRMWARE_H

#include <stddef.h>
#include <stdint.h>

/* linuxboot.S: boots the Linux kernel published in fw_cfg */
extern const uint8_t linuxboot_rom[];
extern const size_t linuxboot_rom_len;

#endif
