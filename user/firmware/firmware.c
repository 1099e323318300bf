// SPDX-License-Identifier: GPL-2.0-only
/*
 * The firmware images, as bytes: romsum writes each finished ROM as a
 * list of C initialisers under $(O)/firmware/, and module.mk names the
 * list here.
 */
#include "firmware.h"

const uint8_t linuxboot_rom[] = {
#include LINUXBOOT_ROM_INC
};
const size_t linuxboot_rom_len = sizeof(linuxboot_rom);
