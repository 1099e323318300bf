// SPDX-License-Identifier: GPL-2.0-only
/*
 * The 8254 on the device bench with a stepped clock: counts read back as
 * they run, IRQ 0 edges at the programmed rate, one-shot mode 0, latches,
 * read-back, BCD and the gate of channel 2 (8254 datasheet behaviour).
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
#include "devices/i8254.h"

static struct i8254 pit;
static int level, rising;

static void irq0(void *opaque, int n, int l)
{
	if (l && !level)
		rising++;
	level = l;
}

/* ns of @ticks PIT clocks, rounded up so that many ticks have passed */
static int64_t ticks(int64_t t)
{
	return (t * 1000000000 + PIT_HZ - 1) / PIT_HZ;
}

static void setup_pit(void)
{
	io_reset_all();
	clock_set_manual(true);
	level = rising = 0;
	assert_int_equal(i8254_init(&pit, 0x40, (struct irq_line){ irq0, NULL, 0 }), 0);
}

static uint16_t read16(uint16_t port)
{
	uint16_t lo = (uint16_t)io_port_read(port, 1);

	return lo | (uint16_t)(io_port_read(port, 1) << 8);
}

static void rate_generator_interrupts(void **state)
{
	setup_pit();
	/* Linux: channel 0, mode 2, LATCH = 1193 for HZ=1000 */
	io_port_write(0x43, 0x34, 1);
	io_port_write(0x40, 1193 & 0xff, 1);
	io_port_write(0x40, 1193 >> 8, 1);
	rising = 0;
	clock_step(10 * 1000000);	/* 10 ms */
	/* one rising edge per period: 10 (+-1 for the phase) */
	assert_in_range(rising, 9, 11);
}

static void square_wave_default(void **state)
{
	setup_pit();
	/* BIOS: mode 3, count 0 = 65536: 18.2 Hz */
	io_port_write(0x43, 0x36, 1);
	io_port_write(0x40, 0, 1);
	io_port_write(0x40, 0, 1);
	rising = 0;
	clock_step(1000000000);
	assert_in_range(rising, 18, 19);
}

static void mode0_one_shot(void **state)
{
	setup_pit();
	io_port_write(0x43, 0x30, 1);	/* channel 0, mode 0 */
	assert_int_equal(level, 0);	/* OUT goes low with the control word */
	rising = 0;
	io_port_write(0x40, 100, 1);
	io_port_write(0x40, 0, 1);
	clock_step(ticks(50));
	assert_int_equal(level, 0);
	clock_step(ticks(60));
	assert_int_equal(level, 1);	/* terminal count reached */
	clock_step(ticks(100000));
	assert_int_equal(rising, 1);	/* and it stays high: one interrupt */
}

static void counter_latch_reads(void **state)
{
	uint16_t a, b;

	setup_pit();
	io_port_write(0x43, 0x34, 1);
	io_port_write(0x40, 0x00, 1);
	io_port_write(0x40, 0x10, 1);	/* 4096 */
	clock_step(ticks(1000));
	io_port_write(0x43, 0x00, 1);	/* latch channel 0 */
	clock_step(ticks(500));
	a = read16(0x40);
	assert_in_range(a, 4096 - 1001, 4096 - 999);	/* the latched value */
	b = read16(0x40);
	assert_in_range(b, 4096 - 1501, 4096 - 1499);	/* live again */
}

static void read_back_status(void **state)
{
	setup_pit();
	io_port_write(0x43, 0xb4, 1);	/* channel 2, mode 2, lsb/msb */
	/* read-back status of channel 2 before the count is written */
	io_port_write(0x43, 0xe8, 1);
	/* OUT high (mode 2), null count, lsb/msb, mode 2 */
	assert_int_equal(io_port_read(0x42, 1), 0x80 | 0x40 | 0x34);
	io_port_write(0x42, 0x10, 1);
	io_port_write(0x42, 0x00, 1);
	io_port_write(0x43, 0xe8, 1);
	assert_int_equal(io_port_read(0x42, 1) & 0x40, 0);
}

static void bcd_counting(void **state)
{
	setup_pit();
	io_port_write(0x43, 0x31, 1);	/* channel 0, mode 0, BCD */
	io_port_write(0x40, 0x00, 1);
	io_port_write(0x40, 0x10, 1);	/* 1000 decimal */
	clock_step(ticks(1));
	io_port_write(0x43, 0x00, 1);
	assert_int_equal(read16(0x40), 0x0999);
}

static void channel2_gate(void **state)
{
	setup_pit();
	/* the TSC calibration of Linux: mode 0 on channel 2, gate high, poll OUT */
	i8254_set_gate(&pit, 2, false);
	io_port_write(0x43, 0xb0, 1);
	io_port_write(0x42, 0xff, 1);
	io_port_write(0x42, 0xff, 1);
	i8254_set_gate(&pit, 2, true);
	assert_false(i8254_get_out(&pit, 2));
	clock_step(ticks(65536));
	assert_true(i8254_get_out(&pit, 2));
}

static void register_fuzz(void **state)
{
	uint32_t r = 7;
	int i;

	setup_pit();
	for (i = 0; i < 100000; i++) {
		r = r * 1103515245 + 12345;
		if (r & 0x100)
			io_port_write((uint16_t)(0x40 + ((r >> 9) & 3)), r >> 16, 1);
		else
			(void)io_port_read((uint16_t)(0x40 + ((r >> 9) & 3)), 1);
		if ((r & 0xff) == 7)
			i8254_set_gate(&pit, 2, (r >> 12) & 1);
		clock_step((r >> 20) & 0xffff);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(rate_generator_interrupts),
		cmocka_unit_test(square_wave_default),
		cmocka_unit_test(mode0_one_shot),
		cmocka_unit_test(counter_latch_reads),
		cmocka_unit_test(read_back_status),
		cmocka_unit_test(bcd_counting),
		cmocka_unit_test(channel2_gate),
		cmocka_unit_test(register_fuzz),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
