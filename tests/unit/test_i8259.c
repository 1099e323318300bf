// SPDX-License-Identifier: GPL-2.0-only
/*
 * The 8259A pair on the device bench: programmed through its ports as Linux
 * and SeaBIOS do, inputs driven directly, INTR and the acknowledged
 * vectors observed (8259A datasheet behaviour).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "core/io.h"
#include "devices/i8259.h"

static struct i8259 pic;
static int intr;

static void cpu_intr(void *opaque, int n, int level)
{
	intr = level;
}

static void setup_pc(void)
{
	io_reset_all();
	assert_int_equal(i8259_init(&pic, (struct irq_line){ cpu_intr, NULL, 0 }), 0);
	/* the PC initialisation: edge, cascade, 8086 mode, vectors 0x20/0x28 */
	io_port_write(0x20, 0x11, 1);
	io_port_write(0x21, 0x20, 1);
	io_port_write(0x21, 0x04, 1);
	io_port_write(0x21, 0x01, 1);
	io_port_write(0xa0, 0x11, 1);
	io_port_write(0xa1, 0x28, 1);
	io_port_write(0xa1, 0x02, 1);
	io_port_write(0xa1, 0x01, 1);
	io_port_write(0x21, 0x00, 1);
	io_port_write(0xa1, 0x00, 1);
}

static void eoi_master(void)
{
	io_port_write(0x20, 0x20, 1);
}

static void master_irq_and_eoi(void **state)
{
	setup_pc();
	assert_int_equal(intr, 0);
	i8259_set_irq(&pic, 0, 1);
	assert_int_equal(intr, 1);
	assert_int_equal(i8259_ack(&pic), 0x20);
	assert_int_equal(intr, 0);
	/* in service: ISR reads back through OCW3 */
	io_port_write(0x20, 0x0b, 1);
	assert_int_equal(io_port_read(0x20, 1), 0x01);
	/* an edge input needs a new rising edge */
	i8259_set_irq(&pic, 0, 0);
	i8259_set_irq(&pic, 0, 1);
	assert_int_equal(intr, 0);	/* IRQ 0 is still in service */
	eoi_master();
	assert_int_equal(intr, 1);
	assert_int_equal(i8259_ack(&pic), 0x20);
}

static void priority_and_nesting(void **state)
{
	setup_pc();
	i8259_set_irq(&pic, 3, 1);
	i8259_set_irq(&pic, 1, 1);
	assert_int_equal(i8259_ack(&pic), 0x21);	/* lower number first */
	/* IRQ 3 waits while IRQ 1 is in service; IRQ 0 may nest */
	assert_int_equal(intr, 0);
	i8259_set_irq(&pic, 0, 1);
	assert_int_equal(intr, 1);
	assert_int_equal(i8259_ack(&pic), 0x20);
	eoi_master();		/* ends IRQ 0, the highest in service */
	eoi_master();		/* ends IRQ 1 */
	assert_int_equal(i8259_ack(&pic), 0x23);
}

static void cascade_to_slave(void **state)
{
	setup_pc();
	i8259_set_irq(&pic, 12, 1);
	assert_int_equal(intr, 1);
	assert_int_equal(i8259_ack(&pic), 0x2c);
	io_port_write(0xa0, 0x20, 1);
	eoi_master();
	assert_int_equal(intr, 0);
}

static void masks(void **state)
{
	setup_pc();
	io_port_write(0x21, 0xfe ^ 0x02, 1);	/* only IRQ 0 and 1 unmasked */
	assert_int_equal(io_port_read(0x21, 1), 0xfc);
	i8259_set_irq(&pic, 4, 1);
	assert_int_equal(intr, 0);
	io_port_write(0x20, 0x0a, 1);		/* read IRR */
	assert_int_equal(io_port_read(0x20, 1) & 0x10, 0x10);
	io_port_write(0x21, 0x00, 1);
	assert_int_equal(intr, 1);
	assert_int_equal(i8259_ack(&pic), 0x24);
}

static void spurious_irq7(void **state)
{
	setup_pc();
	/* level-triggered via the ELCR, dropped before the acknowledge */
	io_port_write(0x4d0, 0x08, 1);
	assert_int_equal(io_port_read(0x4d0, 1), 0x08);
	i8259_set_irq(&pic, 3, 1);
	assert_int_equal(intr, 1);
	i8259_set_irq(&pic, 3, 0);
	assert_int_equal(intr, 0);
	assert_int_equal(i8259_ack(&pic), 0x27);
	/* a spurious IRQ 7 is not put in service */
	io_port_write(0x20, 0x0b, 1);
	assert_int_equal(io_port_read(0x20, 1), 0);
	/* ELCR bits of IRQ 0, 1, 2 do not exist */
	io_port_write(0x4d0, 0xff, 1);
	assert_int_equal(io_port_read(0x4d0, 1), 0xf8);
}

static void auto_eoi_and_poll(void **state)
{
	setup_pc();
	io_port_write(0x20, 0x11, 1);
	io_port_write(0x21, 0x20, 1);
	io_port_write(0x21, 0x04, 1);
	io_port_write(0x21, 0x03, 1);	/* ICW4: AEOI */
	i8259_set_irq(&pic, 5, 1);
	assert_int_equal(i8259_ack(&pic), 0x25);
	io_port_write(0x20, 0x0b, 1);
	assert_int_equal(io_port_read(0x20, 1), 0);	/* nothing in service */
	/* poll mode: a read acknowledges and reports the request */
	i8259_set_irq(&pic, 6, 1);
	io_port_write(0x20, 0x0c, 1);
	assert_int_equal(io_port_read(0x20, 1), 0x86);
}

static void rotation(void **state)
{
	setup_pc();
	io_port_write(0x20, 0xc0 | 4, 1);	/* set priority: IRQ 4 lowest */
	i8259_set_irq(&pic, 3, 1);
	i8259_set_irq(&pic, 6, 1);
	assert_int_equal(i8259_ack(&pic), 0x26);	/* 5 is now the highest */
}

static void register_fuzz(void **state)
{
	static const uint16_t ports[] = { 0x20, 0x21, 0xa0, 0xa1, 0x4d0, 0x4d1 };
	uint32_t r = 1;
	int i;

	setup_pc();
	for (i = 0; i < 100000; i++) {
		r = r * 1103515245 + 12345;
		if (r & 0x100)
			io_port_write(ports[(r >> 9) % 6], r >> 16, 1);
		else
			(void)io_port_read(ports[(r >> 9) % 6], 1);
		i8259_set_irq(&pic, (r >> 20) & 15, (r >> 25) & 1);
		if (intr) {
			int v = i8259_ack(&pic);

			assert_true(v >= 0 && v < 256);
		}
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(master_irq_and_eoi),
		cmocka_unit_test(priority_and_nesting),
		cmocka_unit_test(cascade_to_slave),
		cmocka_unit_test(masks),
		cmocka_unit_test(spurious_irq7),
		cmocka_unit_test(auto_eoi_and_poll),
		cmocka_unit_test(rotation),
		cmocka_unit_test(register_fuzz),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
