// SPDX-License-Identifier: GPL-2.0-only
/*
 * The keyboard controller and its PS/2 devices on the device bench:
 * self-test, the command byte, keyboard and mouse commands as Linux's
 * i8042 and atkbd/psmouse drivers send them, set 2 -> set 1 translation,
 * IRQ 1 and 12, and the A20 and reset lines.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "core/io.h"
#include "core/runstate.h"
#include "devices/i8042.h"

static struct i8042 kbc;
static int irq1, irq12, a20;

static void set_irq(void *opaque, int n, int level)
{
	if (n == 1)
		irq1 = level;
	else
		irq12 = level;
}

static void set_a20(void *opaque, bool on)
{
	a20 = on;
}

static void setup_kbc(void)
{
	io_reset_all();
	irq1 = irq12 = 0;
	a20 = -1;
	assert_int_equal(i8042_init(&kbc, (struct irq_line){ set_irq, NULL, 1 },
				    (struct irq_line){ set_irq, NULL, 12 },
				    set_a20, NULL), 0);
}

static int read_data(void)
{
	if (!(io_port_read(0x64, 1) & 0x01))
		return -1;
	return (int)io_port_read(0x60, 1);
}

static void self_test_and_command_byte(void **state)
{
	setup_kbc();
	io_port_write(0x64, 0xaa, 1);
	assert_int_equal(read_data(), 0x55);
	assert_int_equal(io_port_read(0x64, 1) & 0x04, 0x04);	/* SYS */
	io_port_write(0x64, 0x20, 1);
	assert_int_equal(read_data(), 0x43);	/* ints on, translate */
	io_port_write(0x64, 0x60, 1);
	io_port_write(0x60, 0x65, 1);
	io_port_write(0x64, 0x20, 1);
	assert_int_equal(read_data(), 0x65);
	assert_int_equal(read_data(), -1);	/* empty now */
}

static void keyboard_reset_identify(void **state)
{
	setup_kbc();
	io_port_write(0x60, 0xff, 1);		/* reset */
	assert_int_equal(irq1, 1);
	assert_int_equal(read_data(), 0xfa);
	assert_int_equal(read_data(), 0xaa);
	io_port_write(0x60, 0xf2, 1);		/* identify, translated */
	assert_int_equal(read_data(), 0xfa);
	assert_int_equal(read_data(), 0xab);
	assert_int_equal(read_data(), 0x41);	/* 0x83 -> 0x41 */
	assert_int_equal(irq1, 0);
	io_port_write(0x60, 0xed, 1);		/* LEDs */
	assert_int_equal(read_data(), 0xfa);
	io_port_write(0x60, 0x07, 1);
	assert_int_equal(read_data(), 0xfa);
	assert_int_equal(kbc.kbd.leds, 7);
}

static void scancode_translation(void **state)
{
	static const uint8_t a_down[] = { 0x1c }, a_up[] = { 0xf0, 0x1c };
	static const uint8_t up_up[] = { 0xe0, 0xf0, 0x75 };

	setup_kbc();
	ps2_kbd_put_scancode(&kbc.kbd, a_down, 1);
	assert_int_equal(read_data(), 0x1e);	/* 'A' make, set 1 */
	ps2_kbd_put_scancode(&kbc.kbd, a_up, 2);
	assert_int_equal(read_data(), 0x9e);	/* break */
	ps2_kbd_put_scancode(&kbc.kbd, up_up, 3);
	assert_int_equal(read_data(), 0xe0);
	assert_int_equal(read_data(), 0xc8);	/* cursor up break */
	/* without translation the set 2 bytes come through */
	io_port_write(0x64, 0x60, 1);
	io_port_write(0x60, 0x01, 1);
	ps2_kbd_put_scancode(&kbc.kbd, a_up, 2);
	assert_int_equal(read_data(), 0xf0);
	assert_int_equal(read_data(), 0x1c);
	/* a disabled keyboard interface holds its bytes */
	io_port_write(0x64, 0xad, 1);
	ps2_kbd_put_scancode(&kbc.kbd, a_down, 1);
	assert_int_equal(read_data(), -1);
	io_port_write(0x64, 0xae, 1);
	assert_int_equal(read_data(), 0x1c);
}

static void mouse_through_d4(void **state)
{
	setup_kbc();
	io_port_write(0x64, 0xa8, 1);		/* enable the aux port */
	io_port_write(0x64, 0xd4, 1);
	io_port_write(0x60, 0xff, 1);		/* reset the mouse */
	assert_int_equal(irq12, 1);
	assert_int_equal(io_port_read(0x64, 1) & 0x21, 0x21);	/* aux byte */
	assert_int_equal(read_data(), 0xfa);
	assert_int_equal(read_data(), 0xaa);
	assert_int_equal(read_data(), 0x00);
	/* the IntelliMouse knock: rates 200, 100, 80, then ID 3 */
	for (int r = 0; r < 3; r++) {
		static const uint8_t rates[] = { 200, 100, 80 };

		io_port_write(0x64, 0xd4, 1);
		io_port_write(0x60, 0xf3, 1);
		assert_int_equal(read_data(), 0xfa);
		io_port_write(0x64, 0xd4, 1);
		io_port_write(0x60, rates[r], 1);
		assert_int_equal(read_data(), 0xfa);
	}
	io_port_write(0x64, 0xd4, 1);
	io_port_write(0x60, 0xf2, 1);
	assert_int_equal(read_data(), 0xfa);
	assert_int_equal(read_data(), 0x03);
	io_port_write(0x64, 0xd4, 1);
	io_port_write(0x60, 0xf4, 1);		/* enable reporting */
	assert_int_equal(read_data(), 0xfa);
	ps2_mouse_event(&kbc.mouse, 5, -3, 1, 1);
	assert_int_equal(read_data(), 0x29);	/* left, y negative, bit 3 */
	assert_int_equal(read_data(), 5);
	assert_int_equal(read_data(), 0xfd);
	assert_int_equal(read_data(), 0x01);	/* wheel */
}

static void a20_and_reset_lines(void **state)
{
	setup_kbc();
	io_port_write(0x64, 0xd1, 1);
	io_port_write(0x60, 0x01, 1);		/* A20 off, not reset */
	assert_int_equal(a20, 0);
	io_port_write(0x64, 0xd0, 1);
	assert_int_equal(read_data() & 0x03, 0x01);
	io_port_write(0x64, 0xd1, 1);
	io_port_write(0x60, 0x03, 1);
	assert_int_equal(a20, 1);
	assert_false(runstate_take_reset());
	io_port_write(0x64, 0xfe, 1);		/* pulse reset */
	assert_true(runstate_take_reset());
	assert_false(runstate_take_reset());
}

static void register_fuzz(void **state)
{
	uint32_t r = 11;

	setup_kbc();
	for (int i = 0; i < 200000; i++) {
		r = r * 1103515245 + 12345;
		if (r & 0x100)
			io_port_write((r >> 9) & 1 ? 0x64 : 0x60, r >> 16, 1);
		else
			(void)io_port_read((r >> 9) & 1 ? 0x64 : 0x60, 1);
		if ((r & 0xff) == 3)
			ps2_mouse_event(&kbc.mouse, (int)(r >> 20) - 2048, 3, 0, 0);
	}
	(void)runstate_take_reset();
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(self_test_and_command_byte),
		cmocka_unit_test(keyboard_reset_identify),
		cmocka_unit_test(scancode_translation),
		cmocka_unit_test(mouse_through_d4),
		cmocka_unit_test(a20_and_reset_lines),
		cmocka_unit_test(register_fuzz),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
