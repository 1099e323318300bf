/* SPDX-License-Identifier: GPL-2.0-only */
/* QEMU's isa-debug-exit test device; see isa_debug_exit.c. */
#ifndef RINGVM_DEVICES_ISA_DEBUG_EXIT_H
#define RINGVM_DEVICES_ISA_DEBUG_EXIT_H

#include <stdint.h>

int isa_debug_exit_init(uint16_t iobase, uint16_t iosize);

#endif
