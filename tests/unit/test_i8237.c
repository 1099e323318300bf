// SPDX-License-Identifier: GPL-2.0-only
/*
 * The 8237A pair as a BIOS and a device use it: the address/count
 * flip-flop, page registers, byte and word channels moving data to and
 * from guest RAM, terminal count with and without auto-init, masks,
 * status and master clear (8237A datasheet behaviour).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "core/io.h"
#include "core/mem.h"
#include "devices/i8237.h"

#define RAM_BYTES (2u << 20)

static struct i8237 dma;
static uint8_t *ram;

static int setup(void **state)
{
	io_reset_all();
	mem_reset_all();
	ram = mem_alloc(RAM_BYTES);
	assert_non_null(ram);
	assert_int_equal(mem_map_ram(0, RAM_BYTES, ram, "ram"), 0);
	assert_int_equal(i8237_init(&dma), 0);
	return 0;
}

static int teardown(void **state)
{
	mem_reset_all();
	mem_free(ram, RAM_BYTES);
	return 0;
}

/* What a BIOS does for an 8-bit channel (0-3): mask, mode, clear the
 * flip-flop, address and count low/high, page, unmask. */
static void program8(unsigned ch, uint8_t mode, uint32_t addr, uint16_t count)
{
	static const uint16_t page_port[4] = { 0x87, 0x83, 0x81, 0x82 };

	io_port_write(0x0a, 4 | ch, 1);
	io_port_write(0x0b, mode | ch, 1);
	io_port_write(0x0c, 0, 1);
	io_port_write(ch * 2, addr & 0xff, 1);
	io_port_write(ch * 2, (addr >> 8) & 0xff, 1);
	io_port_write(ch * 2 + 1, count & 0xff, 1);
	io_port_write(ch * 2 + 1, count >> 8, 1);
	io_port_write(page_port[ch], addr >> 16, 1);
	io_port_write(0x0a, ch, 1);
}

static uint16_t read_pair(uint16_t port)
{
	uint16_t lo = (uint16_t)io_port_read(port, 1);

	return lo | (uint16_t)(io_port_read(port, 1) << 8);
}

static void write_to_memory(void **state)
{
	uint8_t data[600];

	for (unsigned i = 0; i < sizeof(data); i++)
		data[i] = (uint8_t)(i * 7 + 1);
	/* channel 2, single mode, write (device -> memory), 512 bytes */
	program8(2, 0x44, 0x12340, 511);
	assert_true(i8237_channel_ready(&dma, 2));
	assert_int_equal(i8237_transfer(&dma, 2, data, sizeof(data), true), 512);
	assert_true(i8237_terminal_count(&dma, 2));
	assert_memory_equal(ram + 0x12340, data, 512);
	assert_int_equal(ram[0x12340 + 512], 0);	/* stopped at TC */
	/* TC: status bit 2 (cleared by the read), channel masked */
	assert_int_equal(io_port_read(0x08, 1) & 0x0f, 0x04);
	assert_int_equal(io_port_read(0x08, 1) & 0x0f, 0);
	assert_false(i8237_channel_ready(&dma, 2));
	assert_int_equal(i8237_transfer(&dma, 2, data, 16, true), 0);
	/* current address advanced, count wrapped to 0xffff */
	io_port_write(0x0c, 0, 1);
	assert_int_equal(read_pair(0x04), (0x2340 + 512) & 0xffff);
	assert_int_equal(read_pair(0x05), 0xffff);
}

static void read_from_memory_in_pieces(void **state)
{
	uint8_t out[100];

	for (unsigned i = 0; i < 300; i++)
		ram[0x40000 + i] = (uint8_t)(i ^ 0x5a);
	/* channel 1, block mode, read (memory -> device), 300 bytes */
	program8(1, 0x88, 0x40000, 299);
	assert_int_equal(i8237_transfer(&dma, 1, out, 100, false), 100);
	assert_false(i8237_terminal_count(&dma, 1));
	assert_memory_equal(out, ram + 0x40000, 100);
	assert_int_equal(i8237_transfer(&dma, 1, out, 100, false), 100);
	assert_memory_equal(out, ram + 0x40064, 100);
	assert_int_equal(i8237_transfer(&dma, 1, out, 100, false), 100);
	assert_true(i8237_terminal_count(&dma, 1));
	assert_memory_equal(out, ram + 0x400c8, 100);
}

static void autoinit_reloads(void **state)
{
	uint8_t a[8] = "ABCDEFGH", b[8] = "abcdefgh";

	/* channel 3, auto-init, write, 4 bytes */
	program8(3, 0x54, 0x8000, 3);
	assert_int_equal(i8237_transfer(&dma, 3, a, 8, true), 4);
	assert_true(i8237_terminal_count(&dma, 3));
	assert_true(i8237_channel_ready(&dma, 3));	/* not masked */
	assert_int_equal(i8237_transfer(&dma, 3, b, 8, true), 4);
	/* the second block landed on the first: the address reloaded */
	assert_memory_equal(ram + 0x8000, "abcd", 4);
	assert_int_equal(ram[0x8004], 0);
}

static void decrement_and_verify(void **state)
{
	uint8_t d[3] = { 1, 2, 3 };

	/* address decrement: bytes land backwards */
	program8(0, 0x64, 0x9002, 2);
	assert_int_equal(i8237_transfer(&dma, 0, d, 3, true), 3);
	assert_int_equal(ram[0x9002], 1);
	assert_int_equal(ram[0x9001], 2);
	assert_int_equal(ram[0x9000], 3);
	/* verify: counts, no memory touched */
	program8(0, 0x40, 0xa000, 2);
	assert_int_equal(i8237_transfer(&dma, 0, d, 3, true), 3);
	assert_true(i8237_terminal_count(&dma, 0));
	assert_int_equal(ram[0xa000], 0);
}

static void word_channel(void **state)
{
	uint8_t d[8] = { 1, 2, 3, 4, 5, 6, 7, 8 };

	/* channel 5: registers at 0xc4/0xc6, word address 0x1000 in page
	 * 0x12 is byte address 0x122000; count is 3 words */
	io_port_write(0xd4, 4 | 1, 1);
	io_port_write(0xd6, 0x44 | 1, 1);
	io_port_write(0xd8, 0, 1);
	io_port_write(0xc4, 0x00, 1);
	io_port_write(0xc4, 0x10, 1);
	io_port_write(0xc6, 3, 1);
	io_port_write(0xc6, 0, 1);
	io_port_write(0x8b, 0x12, 1);
	io_port_write(0xd4, 1, 1);
	assert_int_equal(i8237_transfer(&dma, 5, d, 8, true), 8);
	assert_true(i8237_terminal_count(&dma, 5));
	assert_memory_equal(ram + 0x122000, d, 8);
	assert_int_equal(io_port_read(0xd0, 1) & 0x0f, 0x02);
}

static void masks_page_and_master_clear(void **state)
{
	uint8_t d[4] = { 9, 9, 9, 9 };

	program8(2, 0x44, 0x1000, 3);
	/* page registers read back, 0x80 is not ours */
	assert_int_equal(io_port_read(0x81, 1), 0);
	io_port_write(0x8f, 0xa5, 1);
	assert_int_equal(io_port_read(0x8f, 1), 0xa5);
	/* all-mask register */
	io_port_write(0x0f, 0x0f, 1);
	assert_int_equal(i8237_transfer(&dma, 2, d, 4, true), 0);
	io_port_write(0x0e, 0, 1);	/* clear mask register */
	assert_true(i8237_channel_ready(&dma, 2));
	/* command bit 2 disables the controller */
	io_port_write(0x08, 0x04, 1);
	assert_false(i8237_channel_ready(&dma, 2));
	/* master clear: command cleared, all masked, flip-flop low */
	io_port_read(0x04, 1);		/* flip-flop now high */
	io_port_write(0x0d, 0, 1);
	assert_false(i8237_channel_ready(&dma, 2));
	io_port_write(0x0a, 2, 1);
	assert_true(i8237_channel_ready(&dma, 2));
	assert_int_equal(io_port_read(0x04, 1), 0x00);	/* low byte first */
	assert_int_equal(io_port_read(0x04, 1), 0x10);
	/* software request shows in status bits 4-7 */
	io_port_write(0x09, 4 | 2, 1);
	assert_int_equal(io_port_read(0x08, 1) & 0xf0, 0x40);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(write_to_memory, setup, teardown),
		cmocka_unit_test_setup_teardown(read_from_memory_in_pieces, setup, teardown),
		cmocka_unit_test_setup_teardown(autoinit_reloads, setup, teardown),
		cmocka_unit_test_setup_teardown(decrement_and_verify, setup, teardown),
		cmocka_unit_test_setup_teardown(word_channel, setup, teardown),
		cmocka_unit_test_setup_teardown(masks_page_and_master_clear, setup, teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
