// SPDX-License-Identifier: GPL-2.0-only
/*
 * Motorola MC146818A real-time clock with its CMOS RAM (MC146818A
 * datasheet), at 0x70 (index; bit 7 masks NMI) and 0x71 (data).
 *
 * Time is not ticked: the clock registers are computed from a base time
 * and the virtual clock when read, and written back as a new base when the
 * guest sets the clock (SET bit of register B).  Register A's update in
 * progress bit is set for the 244 us before each second, as on the chip.
 * Interrupts (register C flags, IRQ 8): periodic at the register A rate,
 * update-ended once a second, and the alarm with "don't care" bytes.
 */
#include "mc146818.h"

#include <string.h>

#include "core/io.h"
#include "core/lib/log.h"

#define REG_SEC 0
#define REG_SEC_ALARM 1
#define REG_MIN 2
#define REG_MIN_ALARM 3
#define REG_HOUR 4
#define REG_HOUR_ALARM 5
#define REG_WDAY 6
#define REG_MDAY 7
#define REG_MONTH 8
#define REG_YEAR 9
#define REG_A 10
#define REG_B 11
#define REG_C 12
#define REG_D 13
#define REG_CENTURY 0x32

#define A_UIP 0x80
#define B_SET 0x80
#define B_PIE 0x40
#define B_AIE 0x20
#define B_UIE 0x10
#define B_DM 0x04	/* binary, not BCD */
#define B_24H 0x02
#define C_IRQF 0x80
#define C_PF 0x40
#define C_AF 0x20
#define C_UF 0x10

#define NS 1000000000LL
#define UIP_NS 244000

static int64_t now_s(const struct mc146818 *rtc, int64_t ns)
{
	return rtc->base_time + (ns - rtc->base_ns) / NS;
}

static uint8_t to_reg(const struct mc146818 *rtc, int v)
{
	/* a guest may set any nonsense time: keep each field in 0..99 */
	v = ((v % 100) + 100) % 100;
	if (rtc->cmos[REG_B] & B_DM)
		return (uint8_t)v;
	return (uint8_t)(((v / 10) << 4) | (v % 10));
}

static int from_reg(const struct mc146818 *rtc, uint8_t v)
{
	if (rtc->cmos[REG_B] & B_DM)
		return v;
	return ((v >> 4) & 0xf) * 10 + (v & 0xf);
}

/* Fill the time registers from the clock. */
static void rtc_load_time(struct mc146818 *rtc)
{
	time_t t = (time_t)now_s(rtc, clock_ns());
	struct tm tm;
	int hour;

	if (!gmtime_r(&t, &tm))
		memset(&tm, 0, sizeof(tm));	/* beyond what time_t can show */
	rtc->cmos[REG_SEC] = to_reg(rtc, tm.tm_sec);
	rtc->cmos[REG_MIN] = to_reg(rtc, tm.tm_min);
	hour = tm.tm_hour;
	if (!(rtc->cmos[REG_B] & B_24H)) {
		/* 12-hour mode: 1-12, bit 7 for PM */
		int h12 = hour % 12 ? hour % 12 : 12;

		rtc->cmos[REG_HOUR] = (uint8_t)(to_reg(rtc, h12) | (hour >= 12 ? 0x80 : 0));
	} else {
		rtc->cmos[REG_HOUR] = to_reg(rtc, hour);
	}
	rtc->cmos[REG_WDAY] = to_reg(rtc, tm.tm_wday + 1);
	rtc->cmos[REG_MDAY] = to_reg(rtc, tm.tm_mday);
	rtc->cmos[REG_MONTH] = to_reg(rtc, tm.tm_mon + 1);
	rtc->cmos[REG_YEAR] = to_reg(rtc, tm.tm_year % 100);
	rtc->cmos[REG_CENTURY] = to_reg(rtc, (tm.tm_year + 1900) / 100);
}

/* The guest set the clock: its registers become the new base. */
static void rtc_store_time(struct mc146818 *rtc)
{
	struct tm tm;
	uint8_t h = rtc->cmos[REG_HOUR];
	int hour;

	memset(&tm, 0, sizeof(tm));
	tm.tm_sec = from_reg(rtc, rtc->cmos[REG_SEC]);
	tm.tm_min = from_reg(rtc, rtc->cmos[REG_MIN]);
	if (rtc->cmos[REG_B] & B_24H) {
		hour = from_reg(rtc, h);
	} else {
		hour = from_reg(rtc, h & 0x7f) % 12;
		if (h & 0x80)
			hour += 12;
	}
	tm.tm_hour = hour;
	tm.tm_mday = from_reg(rtc, rtc->cmos[REG_MDAY]);
	tm.tm_mon = from_reg(rtc, rtc->cmos[REG_MONTH]) - 1;
	tm.tm_year = from_reg(rtc, rtc->cmos[REG_YEAR]) +
		     from_reg(rtc, rtc->cmos[REG_CENTURY]) * 100 - 1900;
	rtc->base_time = (int64_t)timegm(&tm);
	rtc->base_ns = clock_ns();
	rtc->last_second = rtc->base_time;
}

static void rtc_update_irq(struct mc146818 *rtc)
{
	uint8_t c = rtc->cmos[REG_C] & (C_PF | C_AF | C_UF);
	uint8_t b = rtc->cmos[REG_B];

	if ((c & C_PF && b & B_PIE) || (c & C_AF && b & B_AIE) ||
	    (c & C_UF && b & B_UIE))
		c |= C_IRQF;
	rtc->cmos[REG_C] = c;
	irq_set(&rtc->irq, !!(c & C_IRQF));
}

/* Periodic rate from register A (datasheet Table 3, 32.768 kHz base):
 * rates 1 and 2 are 256 and 128 Hz, 3-15 are 32768 >> (r - 1). */
static int64_t periodic_ns(const struct mc146818 *rtc)
{
	int r = rtc->cmos[REG_A] & 0xf;

	if (!r || (rtc->cmos[REG_A] & 0x70) != 0x20)
		return 0;	/* off, or the divider is not running */
	if (r <= 2)
		r += 7;
	return NS / (32768 >> (r - 1));
}

static void rtc_arm_periodic(struct mc146818 *rtc)
{
	int64_t p = periodic_ns(rtc);

	/* PF is only worth a timer when it raises the interrupt: a 1024 Hz
	 * timer would wake a halted machine for nothing */
	if (!p || !(rtc->cmos[REG_B] & B_PIE)) {
		timer_del(&rtc->periodic);
		return;
	}
	/* edges on multiples of the period, whatever time the rate changed */
	timer_mod(&rtc->periodic, (clock_ns() / p + 1) * p);
}

static void rtc_periodic(void *opaque)
{
	struct mc146818 *rtc = opaque;

	rtc->cmos[REG_C] |= C_PF;
	rtc_update_irq(rtc);
	rtc_arm_periodic(rtc);
}

static bool alarm_match(const struct mc146818 *rtc, int reg, int alarm)
{
	uint8_t a = rtc->cmos[alarm];

	return (a & 0xc0) == 0xc0 || a == rtc->cmos[reg];	/* don't care */
}

static void rtc_arm_second(struct mc146818 *rtc)
{
	/* the next second boundary of the guest's clock */
	int64_t phase = (clock_ns() - rtc->base_ns) % NS;

	timer_mod(&rtc->second, clock_ns() - phase + NS);
}

static void rtc_second(void *opaque)
{
	struct mc146818 *rtc = opaque;

	if (!(rtc->cmos[REG_B] & B_SET)) {
		rtc->last_second = now_s(rtc, clock_ns());
		rtc_load_time(rtc);
		rtc->cmos[REG_C] |= C_UF;
		if (alarm_match(rtc, REG_SEC, REG_SEC_ALARM) &&
		    alarm_match(rtc, REG_MIN, REG_MIN_ALARM) &&
		    alarm_match(rtc, REG_HOUR, REG_HOUR_ALARM))
			rtc->cmos[REG_C] |= C_AF;
		rtc_update_irq(rtc);
	}
	rtc_arm_second(rtc);
}

static uint64_t rtc_read(void *dev, uint64_t off, unsigned size)
{
	struct mc146818 *rtc = dev;
	int i = rtc->index;
	uint8_t v;

	if (off == 0)
		return 0xff;	/* the index register is write-only */
	switch (i) {
	case REG_SEC: case REG_MIN: case REG_HOUR: case REG_WDAY:
	case REG_MDAY: case REG_MONTH: case REG_YEAR: case REG_CENTURY:
		if (!(rtc->cmos[REG_B] & B_SET))
			rtc_load_time(rtc);
		return rtc->cmos[i];
	case REG_A: {
		/* UIP: within 244 us before the second boundary */
		int64_t phase = (clock_ns() - rtc->base_ns) % NS;

		v = rtc->cmos[REG_A] & ~A_UIP;
		if (!(rtc->cmos[REG_B] & B_SET) && phase >= NS - UIP_NS)
			v |= A_UIP;
		return v;
	}
	case REG_C:
		/* reading C clears the flags and the interrupt */
		v = rtc->cmos[REG_C];
		rtc->cmos[REG_C] = 0;
		irq_set(&rtc->irq, 0);
		return v;
	case REG_D:
		return 0x80;	/* valid RAM and time */
	default:
		return rtc->cmos[i];
	}
}

static void rtc_write(void *dev, uint64_t off, uint64_t val, unsigned size)
{
	struct mc146818 *rtc = dev;
	uint8_t v = (uint8_t)val;
	int i = rtc->index;

	if (off == 0) {
		rtc->index = v & 0x7f;
		rtc->nmi_disabled = v & 0x80;
		return;
	}
	switch (i) {
	case REG_A:
		rtc->cmos[REG_A] = (v & 0x7f) | (rtc->cmos[REG_A] & A_UIP);
		rtc_arm_periodic(rtc);
		break;
	case REG_B:
		if ((v & B_SET) && !(rtc->cmos[REG_B] & B_SET))
			rtc_load_time(rtc);	/* freeze for the guest to edit */
		if (!(v & B_SET) && (rtc->cmos[REG_B] & B_SET)) {
			rtc->cmos[REG_B] = v;
			rtc_store_time(rtc);
			rtc_arm_second(rtc);
		}
		if (v & B_SET)
			v &= ~B_UIE;	/* SET clears UIE (datasheet) */
		rtc->cmos[REG_B] = v;
		rtc_arm_periodic(rtc);
		rtc_update_irq(rtc);
		break;
	case REG_C:
	case REG_D:
		break;	/* read-only */
	default:
		rtc->cmos[i] = v;
		break;
	}
}

static const struct io_ops rtc_ops = { rtc_read, rtc_write, IO_SZ1 };

void mc146818_reset(struct mc146818 *rtc)
{
	/* RESET clears the interrupt enables and flags, not the time */
	rtc->cmos[REG_B] &= ~(B_PIE | B_AIE | B_UIE);
	rtc->cmos[REG_C] = 0;
	irq_set(&rtc->irq, 0);
	rtc_arm_periodic(rtc);
}

void mc146818_cmos_set(struct mc146818 *rtc, int index, uint8_t v)
{
	if (index >= 0 && index < 128)
		rtc->cmos[index] = v;
}

int mc146818_init(struct mc146818 *rtc, uint16_t base, struct irq_line irq,
		  time_t start)
{
	memset(rtc, 0, sizeof(*rtc));
	rtc->irq = irq;
	rtc->base_time = (int64_t)start;
	rtc->base_ns = clock_ns();
	rtc->cmos[REG_A] = 0x26;	/* 32.768 kHz divider, 1024 Hz rate */
	rtc->cmos[REG_B] = B_24H;	/* BCD, 24-hour, as a PC BIOS leaves it */
	timer_init(&rtc->periodic, rtc_periodic, rtc);
	timer_init(&rtc->second, rtc_second, rtc);
	rtc_load_time(rtc);
	rtc_arm_second(rtc);
	return io_port_map(base, 2, &rtc_ops, rtc, "rtc");
}
