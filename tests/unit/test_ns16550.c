// SPDX-License-Identifier: GPL-2.0-only
/*
 * The 16550A UART through its registers (PC16550D datasheet): the divisor
 * latch, the receive FIFO with its trigger levels and the character
 * timeout interrupt, the 16450 mode, the transmitter-empty interrupt and
 * how reading IIR clears it, overrun, loopback, scratch.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>
#include <cmocka.h>

#include "core/chardev.h"
#include "core/clock.h"
#include "core/event.h"
#include "core/io.h"
#include "devices/ns16550.h"

#define BASE 0x3f8

static struct ns16550 uart;
static struct chardev *chr;
static int level;
static int wr_fd, rd_fd;	/* the test's ends of the two pipes */
static char dir[64];

static void irq(void *opaque, int n, int l)
{
	level = l;
}

static int setup(void **state)
{
	char spec[128], err[128];
	char in[96], out[96];

	io_reset_all();
	clock_set_manual(true);
	level = 0;
	strcpy(dir, "/tmp/ringvm-uart-XXXXXX");
	assert_non_null(mkdtemp(dir));
	snprintf(in, sizeof(in), "%s/p.in", dir);
	snprintf(out, sizeof(out), "%s/p.out", dir);
	assert_int_equal(mkfifo(in, 0600), 0);
	assert_int_equal(mkfifo(out, 0600), 0);
	/* open our ends non-blocking first so the chardev's opens succeed */
	rd_fd = -1;
	wr_fd = -1;
	snprintf(spec, sizeof(spec), "pipe:%s/p", dir);
	rd_fd = open(out, O_RDONLY | O_NONBLOCK);
	assert_true(rd_fd >= 0);
	wr_fd = open(in, O_RDWR | O_NONBLOCK);
	assert_true(wr_fd >= 0);
	assert_int_equal(chardev_open(spec, "serial0", &chr, err, sizeof(err)), 0);
	assert_int_equal(ns16550_init(&uart, BASE, chr, (struct irq_line){ irq, NULL, 4 }), 0);
	return 0;
}

static int teardown(void **state)
{
	char path[96];

	chardev_close(chr);
	close(rd_fd);
	close(wr_fd);
	snprintf(path, sizeof(path), "%s/p.in", dir);
	unlink(path);
	snprintf(path, sizeof(path), "%s/p.out", dir);
	unlink(path);
	rmdir(dir);
	io_reset_all();
	return 0;
}

static uint8_t rd(int reg)
{
	return (uint8_t)io_port_read(BASE + reg, 1);
}

static void wr(int reg, uint8_t v)
{
	io_port_write(BASE + reg, v, 1);
}

/* Bytes from "the line": written to the pipe, taken by the event loop. */
static void line_send(const char *s)
{
	assert_int_equal(write(wr_fd, s, strlen(s)), (ssize_t)strlen(s));
	for (int i = 0; i < 4; i++)
		event_loop_wait(0);
}

static void divisor_latch_and_scratch(void **state)
{
	wr(3, 0x80);		/* DLAB */
	wr(0, 0x01);		/* 115200 baud */
	wr(1, 0x00);
	assert_int_equal(rd(0), 0x01);
	assert_int_equal(rd(1), 0x00);
	wr(3, 0x03);		/* 8N1, DLAB off */
	assert_int_equal(rd(3), 0x03);
	wr(7, 0x5a);
	assert_int_equal(rd(7), 0x5a);
	/* THR empty and transmitter idle */
	assert_int_equal(rd(5) & 0x60, 0x60);
}

static void transmit_and_thre_interrupt(void **state)
{
	char buf[8];

	wr(3, 0x03);
	wr(0, 'A');
	assert_int_equal(read(rd_fd, buf, sizeof(buf)), 1);
	assert_int_equal(buf[0], 'A');
	/* enabling the THRE interrupt with an empty THR raises it */
	wr(1, 0x02);
	assert_int_equal(level, 1);
	assert_int_equal(rd(2) & 0x0f, 0x02);
	/* reading IIR with THRE as the source clears it */
	assert_int_equal(level, 0);
	assert_int_equal(rd(2) & 0x0f, 0x01);
	/* the next byte sent raises it again */
	wr(0, 'B');
	assert_int_equal(level, 1);
}

static void fifo_trigger_level(void **state)
{
	wr(3, 0x03);
	wr(2, 0x81);		/* FIFO on, trigger level 8 */
	assert_int_equal(rd(2) & 0xc0, 0xc0);	/* FIFOs enabled */
	wr(1, 0x01);		/* received data interrupt */
	line_send("abcdefg");	/* 7 bytes: below the trigger */
	assert_int_equal(rd(5) & 1, 1);		/* data ready */
	assert_int_equal(level, 0);
	line_send("h");
	assert_int_equal(level, 1);
	assert_int_equal(rd(2) & 0x0f, 0x04);
	/* draining below the trigger drops the request */
	assert_int_equal(rd(0), 'a');
	assert_int_equal(level, 0);
	for (int i = 1; i < 8; i++)
		assert_int_equal(rd(0), 'a' + i);
	assert_int_equal(rd(5) & 1, 0);
}

static void character_timeout(void **state)
{
	wr(3, 0x80);
	wr(0, 0x01);		/* 115200 baud: 87 us a character */
	wr(1, 0x00);
	wr(3, 0x03);
	wr(2, 0xc1);		/* trigger level 14 */
	wr(1, 0x01);
	line_send("xy");
	assert_int_equal(level, 0);
	clock_step(200000);	/* less than four characters: nothing yet */
	assert_int_equal(level, 0);
	clock_step(200000);
	assert_int_equal(level, 1);
	assert_int_equal(rd(2) & 0x0f, 0x0c);
	/* reading a byte restarts the timeout */
	assert_int_equal(rd(0), 'x');
	assert_int_equal(level, 0);
	clock_step(400000);
	assert_int_equal(level, 1);
	assert_int_equal(rd(0), 'y');
	assert_int_equal(level, 0);
	clock_step(1000000);
	assert_int_equal(level, 0);	/* empty: no timeout */
}

static void mode_16450_one_byte(void **state)
{
	wr(3, 0x03);
	wr(2, 0x00);		/* FIFO off */
	assert_int_equal(rd(2) & 0xc0, 0);
	wr(1, 0x01);
	line_send("12");
	/* one byte in the RBR, the next waits outside (no overrun) */
	assert_int_equal(level, 1);
	assert_int_equal(rd(5) & 0x03, 0x01);
	assert_int_equal(rd(0), '1');
	event_loop_wait(0);
	event_loop_wait(0);
	assert_int_equal(rd(0), '2');
	assert_int_equal(rd(5) & 0x03, 0x00);
}

static void loopback(void **state)
{
	char buf[8];

	wr(3, 0x03);
	wr(2, 0x01);
	wr(4, 0x10 | 0x0b);	/* loop, OUT2, RTS, DTR */
	/* modem inputs follow the outputs: CTS=RTS, DSR=DTR, DCD=OUT2 */
	assert_int_equal(rd(6) & 0xf0, 0xb0);
	wr(0, 'L');
	assert_int_equal(rd(0), 'L');
	/* nothing reached the line */
	assert_int_equal(read(rd_fd, buf, sizeof(buf)), -1);
}

static void overrun_in_loopback(void **state)
{
	wr(3, 0x03);
	wr(2, 0x01);
	wr(4, 0x10);
	wr(1, 0x04);		/* line status interrupt */
	for (int i = 0; i < 17; i++)
		wr(0, (uint8_t)i);
	assert_int_equal(level, 1);
	assert_int_equal(rd(2) & 0x0f, 0x06);
	assert_int_equal(rd(5) & 0x02, 0x02);	/* OE, cleared by the read */
	assert_int_equal(rd(5) & 0x02, 0);
	assert_int_equal(rd(0), 0);		/* the FIFO kept the first 16 */
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(divisor_latch_and_scratch, setup, teardown),
		cmocka_unit_test_setup_teardown(transmit_and_thre_interrupt, setup, teardown),
		cmocka_unit_test_setup_teardown(fifo_trigger_level, setup, teardown),
		cmocka_unit_test_setup_teardown(character_timeout, setup, teardown),
		cmocka_unit_test_setup_teardown(mode_16450_one_byte, setup, teardown),
		cmocka_unit_test_setup_teardown(loopback, setup, teardown),
		cmocka_unit_test_setup_teardown(overrun_in_loopback, setup, teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
