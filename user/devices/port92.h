/* SPDX-License-Identifier: GPL-2.0-only */
/* System control port A (0x92): fast A20 and reset; see port92.c. */
#ifndef RINGVM_DEVICES_PORT92_H
#define RINGVM_DEVICES_PORT92_H

#include <stdbool.h>
#include <stdint.h>

struct port92 {
	uint8_t value;
	void (*set_a20)(void *opaque, bool on);	/* required */
	void *opaque;
};

int port92_init(struct port92 *p, void (*set_a20)(void *opaque, bool on),
		void *opaque);
void port92_reset(struct port92 *p);

#endif
