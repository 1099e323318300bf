/* SPDX-License-Identifier: GPL-2.0-only */
/* NS16550A UART; see ns16550.c. */
#ifndef RINGVM_DEVICES_NS16550_H
#define RINGVM_DEVICES_NS16550_H

#include <stdbool.h>
#include <stdint.h>

#include "core/chardev.h"
#include "core/clock.h"
#include "core/irq.h"

struct ns16550 {
	uint8_t ier, iir, lcr, mcr, lsr, fcr, scr, dll, dlm;
	bool thr_ipending;
	bool timeout_pending;	/* character timeout indication */
	struct timer timeout;
	uint8_t rx[16];
	uint8_t rx_head, rx_count;
	struct chardev *chr;
	struct irq_line irq;
};

int ns16550_init(struct ns16550 *s, uint16_t base, struct chardev *chr,
		 struct irq_line irq);
void ns16550_reset(struct ns16550 *s);

#endif
