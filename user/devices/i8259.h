/* SPDX-License-Identifier: GPL-2.0-only */
/* The PC's cascaded pair of Intel 8259A interrupt controllers; see i8259.c. */
#ifndef RINGVM_DEVICES_I8259_H
#define RINGVM_DEVICES_I8259_H

#include <stdbool.h>
#include <stdint.h>

#include "core/irq.h"

struct i8259_chip {
	uint8_t irr, imr, isr;
	uint8_t last_level;	/* input levels, for edge detection */
	uint8_t elcr;		/* 1 bits: level-triggered (the PIIX ELCR) */
	uint8_t elcr_mask;	/* which ELCR bits exist */
	uint8_t base;		/* ICW2: vector of IRQ 0 */
	uint8_t lowest;		/* the input with the lowest priority */
	uint8_t init_step;	/* 0 ready; 1, 2, 3: waiting for ICW2, 3, 4 */
	bool need_icw4, single, auto_eoi, rotate_auto_eoi, sfnm;
	bool read_isr, poll, special_mask;
};

struct i8259 {
	struct i8259_chip chip[2];	/* master, slave (on master IRQ 2) */
	struct irq_line intr;		/* INTR to the CPU */
};

int i8259_init(struct i8259 *pic, struct irq_line intr);
void i8259_reset(struct i8259 *pic);
/* Drive input @irq (0-15) to @level. */
void i8259_set_irq(void *pic, int irq, int level);
/* The CPU's interrupt acknowledge cycle: returns the vector. */
int i8259_ack(void *pic);

#endif
