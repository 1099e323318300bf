/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * System control port B (0x61) of the AT: the gate of PIT channel 2 and
 * the speaker enable, and read back the state of channel 2's output and
 * the DRAM refresh toggle.  Firmware and Linux time short delays with
 * channel 2 through it (PIT calibration, the ACPI PM timer check).
 */
#ifndef RINGVM_DEVICES_PORT61_H
#define RINGVM_DEVICES_PORT61_H

#include <stdint.h>

#include "devices/i8254.h"

struct port61 {
	struct i8254 *pit;
	uint8_t value;		/* bits 0-3 as written */
};

int port61_init(struct port61 *p, struct i8254 *pit);
void port61_reset(struct port61 *p);

#endif
