/* SPDX-License-Identifier: GPL-2.0-only */
/* QEMU's debug console port; see isa_debugcon.c. */
#ifndef RINGVM_DEVICES_ISA_DEBUGCON_H
#define RINGVM_DEVICES_ISA_DEBUGCON_H

#include <stdint.h>

#include "core/chardev.h"

int isa_debugcon_init(uint16_t iobase, struct chardev *chr);

#endif
