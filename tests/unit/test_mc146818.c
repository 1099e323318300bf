// SPDX-License-Identifier: GPL-2.0-only
/*
 * The RTC on the device bench with a stepped clock: the time in BCD and
 * binary, setting the clock, update-ended, periodic and alarm interrupts,
 * UIP, and register C clearing (MC146818A datasheet behaviour).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "core/clock.h"
#include "core/io.h"
#include "devices/mc146818.h"

/* 2026-11-25 12:34:56 UTC, a Wednesday */
#define START 1795610096

static struct mc146818 rtc;
static int level, rising;

static void irq8(void *opaque, int n, int l)
{
	if (l && !level)
		rising++;
	level = l;
}

static void setup_rtc(void)
{
	io_reset_all();
	clock_set_manual(true);
	level = rising = 0;
	assert_int_equal(mc146818_init(&rtc, 0x70, (struct irq_line){ irq8, NULL, 8 },
				       START), 0);
}

static uint8_t rd(uint8_t i)
{
	io_port_write(0x70, i, 1);
	return (uint8_t)io_port_read(0x71, 1);
}

static void wr(uint8_t i, uint8_t v)
{
	io_port_write(0x70, i, 1);
	io_port_write(0x71, v, 1);
}

static void reads_time_bcd_and_binary(void **state)
{
	setup_rtc();
	assert_int_equal(rd(0), 0x56);
	assert_int_equal(rd(2), 0x34);
	assert_int_equal(rd(4), 0x12);
	assert_int_equal(rd(6), 4);		/* Wednesday: day 4 */
	assert_int_equal(rd(7), 0x25);
	assert_int_equal(rd(8), 0x11);
	assert_int_equal(rd(9), 0x26);
	assert_int_equal(rd(0x32), 0x20);
	assert_int_equal(rd(0x0d), 0x80);	/* valid RAM and time */
	clock_step(5 * 1000000000LL);
	assert_int_equal(rd(0), 0x01);		/* 56 + 5 = 61 -> :01 */
	assert_int_equal(rd(2), 0x35);
	wr(0x0b, 0x06);				/* binary, 24 h */
	assert_int_equal(rd(0), 1);
	assert_int_equal(rd(2), 35);
	wr(0x0b, 0x04);				/* binary, 12 h: 12:35 PM */
	assert_int_equal(rd(4), 0x80 | 12);
}

static void set_the_clock(void **state)
{
	setup_rtc();
	wr(0x0b, 0x82);		/* SET, BCD, 24 h */
	wr(0x04, 0x23);
	wr(0x02, 0x59);
	wr(0x00, 0x58);
	wr(0x0b, 0x02);
	clock_step(3 * 1000000000LL);
	assert_int_equal(rd(4), 0x00);		/* past midnight */
	assert_int_equal(rd(2), 0x00);
	assert_int_equal(rd(0), 0x01);
	assert_int_equal(rd(7), 0x26);		/* the next day */
}

static void update_and_alarm_interrupts(void **state)
{
	setup_rtc();
	wr(0x0b, 0x12);			/* UIE */
	clock_step(1000000000LL);
	assert_int_equal(level, 1);
	assert_int_equal(rd(0x0c), 0x90);	/* IRQF | UF, and cleared by the read */
	assert_int_equal(level, 0);
	assert_int_equal(rd(0x0c), 0x00);
	/* alarm at hh:mm:00 of any hour and minute (don't care 0xc0) */
	wr(0x0b, 0x22);			/* AIE only */
	wr(0x01, 0x00);
	wr(0x03, 0xc0);
	wr(0x05, 0xff);
	rising = 0;
	clock_step(3 * 1000000000LL);	/* to :00 */
	assert_int_equal(rising, 1);
	assert_int_equal(rd(0x0c) & 0xa0, 0xa0);
}

static void periodic_interrupt(void **state)
{
	setup_rtc();
	wr(0x0a, 0x26);			/* 1024 Hz */
	wr(0x0b, 0x42);			/* PIE */
	rising = 0;
	for (int i = 0; i < 1000; i++) {
		clock_step(1000000000LL / 1024);
		if (level)
			(void)rd(0x0c);	/* the handler's acknowledge */
	}
	assert_in_range(rising, 999, 1001);
	wr(0x0a, 0x2f);			/* 2 Hz */
	rising = 0;
	for (int i = 0; i < 100; i++) {
		clock_step(10000000);
		if (level)
			(void)rd(0x0c);
	}
	assert_in_range(rising, 1, 3);
}

static void update_in_progress(void **state)
{
	setup_rtc();
	assert_int_equal(rd(0x0a) & 0x80, 0);
	clock_step(1000000000LL - 100000);	/* 100 us before the second */
	assert_int_equal(rd(0x0a) & 0x80, 0x80);
	clock_step(200000);
	assert_int_equal(rd(0x0a) & 0x80, 0);
}

static void cmos_ram(void **state)
{
	setup_rtc();
	mc146818_cmos_set(&rtc, 0x15, 0x80);
	assert_int_equal(rd(0x15), 0x80);
	wr(0x40, 0x5a);
	assert_int_equal(rd(0x40), 0x5a);
	/* bit 7 of the index is the NMI mask, not an address bit */
	io_port_write(0x70, 0x80 | 0x40, 1);
	assert_int_equal(io_port_read(0x71, 1), 0x5a);
}

static void register_fuzz(void **state)
{
	uint32_t r = 3;

	setup_rtc();
	for (int i = 0; i < 100000; i++) {
		r = r * 1103515245 + 12345;
		if (r & 0x100)
			io_port_write((uint16_t)(0x70 + ((r >> 9) & 1)), r >> 16, 1);
		else
			(void)io_port_read((uint16_t)(0x70 + ((r >> 9) & 1)), 1);
		clock_step((r >> 16) & 0xfffff);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(reads_time_bcd_and_binary),
		cmocka_unit_test(set_the_clock),
		cmocka_unit_test(update_and_alarm_interrupts),
		cmocka_unit_test(periodic_interrupt),
		cmocka_unit_test(update_in_progress),
		cmocka_unit_test(cmos_ram),
		cmocka_unit_test(register_fuzz),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
