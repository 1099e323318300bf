/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * An interrupt line: a device drives it with irq_set(); whoever receives
 * it (an interrupt controller, the CPU) registered the callback.  A line
 * nobody connected is silently dropped.
 */
#ifndef RINGVM_CORE_IRQ_H
#define RINGVM_CORE_IRQ_H

struct irq_line {
	void (*set)(void *opaque, int n, int level);
	void *opaque;
	int n;			/* input number at the receiver */
};

static inline void irq_set(const struct irq_line *l, int level)
{
	if (l && l->set)
		l->set(l->opaque, l->n, level);
}

static inline void irq_raise(const struct irq_line *l)
{
	irq_set(l, 1);
}

static inline void irq_lower(const struct irq_line *l)
{
	irq_set(l, 0);
}

/* A rising and a falling edge: an edge-triggered request. */
static inline void irq_pulse(const struct irq_line *l)
{
	irq_set(l, 1);
	irq_set(l, 0);
}

#endif
