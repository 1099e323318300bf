/* SPDX-License-Identifier: GPL-2.0-only */
/* MC146818 real-time clock and CMOS RAM; see mc146818.c. */
#ifndef RINGVM_DEVICES_MC146818_H
#define RINGVM_DEVICES_MC146818_H

#include <stdbool.h>
#include <stdint.h>
#include <time.h>

#include "core/clock.h"
#include "core/irq.h"

struct mc146818 {
	uint8_t cmos[128];
	uint8_t index;
	bool nmi_disabled;	/* port 0x70 bit 7 */
	/* the clock: seconds since the epoch = base_time + elapsed virtual s */
	int64_t base_time;
	int64_t base_ns;	/* virtual time at which base_time held */
	int64_t last_second;	/* the last whole second reported */
	struct timer periodic, second;
	struct irq_line irq;
};

/* @start: the guest's time at power-on, seconds since the epoch (UTC). */
int mc146818_init(struct mc146818 *rtc, uint16_t base, struct irq_line irq,
		  time_t start);
void mc146818_reset(struct mc146818 *rtc);
/* Set a CMOS byte from the machine (memory size, equipment, boot order). */
void mc146818_cmos_set(struct mc146818 *rtc, int index, uint8_t v);

#endif
