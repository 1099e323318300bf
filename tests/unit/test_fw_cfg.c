// SPDX-License-Identifier: GPL-2.0-only
/*
 * fw_cfg through its ports, as SeaBIOS and the Linux loader ROM use it
 * (QEMU docs/specs/fw_cfg.rst): the signature and ID, byte reads of items,
 * the file directory sorted by name, and DMA into a RAM region mapped here,
 * including descriptors a guest gets wrong.
 */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "core/io.h"
#include "core/mem.h"
#include "devices/fw_cfg.h"

#define RAM_BYTES	(1u << 20)
#define DESC		0x1000u
#define BUF		0x2000u

static struct fw_cfg fw;
static uint8_t *ram;
static uint64_t hook_lo, hook_hi;

static void record_write(gpa_t gpa, uint64_t len)
{
	if (gpa < hook_lo)
		hook_lo = gpa;
	if (gpa + len > hook_hi)
		hook_hi = gpa + len;
}

static int setup(void **state)
{
	io_reset_all();
	mem_reset_all();
	ram = mem_alloc(RAM_BYTES);
	assert_non_null(ram);
	assert_int_equal(mem_map_ram(0, RAM_BYTES, ram, "ram"), 0);
	assert_int_equal(fw_cfg_init(&fw, FW_CFG_IO_BASE, true), 0);
	hook_lo = UINT64_MAX;
	hook_hi = 0;
	mem_write_hook = record_write;
	return 0;
}

static int teardown(void **state)
{
	mem_write_hook = NULL;
	fw_cfg_destroy(&fw);
	mem_reset_all();
	mem_free(ram, RAM_BYTES);
	return 0;
}

static void select_key(uint16_t key)
{
	io_port_write(0x510, key, 2);
}

static void read_data(void *buf, size_t n)
{
	uint8_t *p = buf;

	while (n--)
		*p++ = (uint8_t)io_port_read(0x511, 1);
}

static void skip_data(size_t n)
{
	while (n--)
		(void)io_port_read(0x511, 1);
}

static uint32_t read_u32(uint16_t key)
{
	uint8_t b[4];

	select_key(key);
	read_data(b, 4);
	return b[0] | b[1] << 8 | b[2] << 16 | (uint32_t)b[3] << 24;
}

static void put_be32(uint32_t gpa, uint32_t v)
{
	ram[gpa] = (uint8_t)(v >> 24);
	ram[gpa + 1] = (uint8_t)(v >> 16);
	ram[gpa + 2] = (uint8_t)(v >> 8);
	ram[gpa + 3] = (uint8_t)v;
}

static uint32_t get_be32(uint32_t gpa)
{
	return (uint32_t)ram[gpa] << 24 | ram[gpa + 1] << 16 |
	       ram[gpa + 2] << 8 | ram[gpa + 3];
}

/* Write a descriptor at DESC and start it the way SeaBIOS does: the high
 * half of the address, then the low half, each as a big-endian outl. */
static uint32_t dma(uint32_t control, uint32_t length, uint64_t addr,
		    uint64_t desc)
{
	if (desc + 16 <= RAM_BYTES) {
		put_be32((uint32_t)desc, control);
		put_be32((uint32_t)desc + 4, length);
		put_be32((uint32_t)desc + 8, (uint32_t)(addr >> 32));
		put_be32((uint32_t)desc + 12, (uint32_t)addr);
	}
	io_port_write(0x514, __builtin_bswap32((uint32_t)(desc >> 32)), 4);
	io_port_write(0x518, __builtin_bswap32((uint32_t)desc), 4);
	return desc + 16 <= RAM_BYTES ? get_be32((uint32_t)desc) : 0;
}

static void signature_and_id(void **state)
{
	char sig[6] = { 0 };

	select_key(FW_CFG_SIGNATURE);
	read_data(sig, 5);
	assert_string_equal(sig, "QEMU");	/* fifth byte: past the end, 0 */
	assert_int_equal(read_u32(FW_CFG_ID), FW_CFG_ID_TRADITIONAL | FW_CFG_ID_DMA);

	/* after reset the signature is selected, offset 0 */
	select_key(FW_CFG_ID);
	(void)io_port_read(0x511, 1);
	fw_cfg_reset(&fw);
	assert_int_equal(io_port_read(0x511, 1), 'Q');
}

static void dma_signature_register(void **state)
{
	char s[9] = { 0 };
	uint64_t be;
	int i;

	for (i = 0; i < 8; i++)
		s[i] = (char)io_port_read((uint16_t)(0x514 + i), 1);
	assert_string_equal(s, "QEMU CFG");
	/* read as two big-endian longs it is the 64-bit value of fw_cfg.rst */
	be = (uint64_t)__builtin_bswap32(io_port_read(0x514, 4)) << 32 |
	     __builtin_bswap32(io_port_read(0x518, 4));
	assert_true(be == 0x51454d5520434647ULL);
}

static void without_dma(void **state)
{
	fw_cfg_destroy(&fw);
	assert_int_equal(fw_cfg_init(&fw, FW_CFG_IO_BASE, false), 0);
	assert_int_equal(read_u32(FW_CFG_ID), FW_CFG_ID_TRADITIONAL);
	/* no DMA register: the ports float */
	assert_int_equal(io_port_read(0x514, 1), 0xff);
	/* the ports are taken only once */
	assert_int_equal(fw_cfg_init(&(struct fw_cfg){ 0 }, FW_CFG_IO_BASE, false),
			 -EBUSY);
}

static void items_read_bytewise(void **state)
{
	uint8_t b[10];

	assert_int_equal(fw_cfg_add_i16(&fw, FW_CFG_NOGRAPHIC, 0x1234), 0);
	assert_int_equal(fw_cfg_add_i32(&fw, FW_CFG_NB_CPUS, 0xa1b2c3d4), 0);
	assert_int_equal(fw_cfg_add_i64(&fw, FW_CFG_RAM_SIZE, 0x0102030405060708ULL), 0);
	assert_int_equal(fw_cfg_add_string(&fw, FW_CFG_CMDLINE_DATA, "ro"), 0);
	assert_int_equal(fw_cfg_add_i32(&fw, FW_CFG_E820_TABLE, 7), 0);
	assert_int_equal(fw_cfg_add_i32(&fw, FW_CFG_NB_CPUS, 2), -EEXIST);
	assert_int_equal(fw_cfg_add_i32(&fw, FW_CFG_FILE_FIRST, 2), -EINVAL);

	select_key(FW_CFG_NOGRAPHIC);
	read_data(b, 3);
	assert_memory_equal(b, "\x34\x12\x00", 3);
	assert_int_equal(read_u32(FW_CFG_NB_CPUS), 0xa1b2c3d4);
	select_key(FW_CFG_RAM_SIZE);
	read_data(b, 8);
	assert_memory_equal(b, "\x08\x07\x06\x05\x04\x03\x02\x01", 8);
	select_key(FW_CFG_CMDLINE_DATA);
	read_data(b, 4);
	assert_memory_equal(b, "ro\0\0", 4);
	assert_int_equal(read_u32(FW_CFG_E820_TABLE), 7);

	/* a new selection starts over; data writes change nothing */
	select_key(FW_CFG_NB_CPUS);
	io_port_write(0x511, 0x55, 1);
	assert_int_equal(read_u32(FW_CFG_NB_CPUS), 0xa1b2c3d4);
	/* items nobody set, and keys beyond the table, read as zeros */
	assert_int_equal(read_u32(FW_CFG_KERNEL_ADDR), 0);
	assert_int_equal(read_u32(0x3fff), 0);
	/* the write-channel bit selects the same item */
	assert_int_equal(read_u32(0x4000 | FW_CFG_NB_CPUS), 0xa1b2c3d4);

	assert_int_equal(fw_cfg_modify_bytes(&fw, FW_CFG_NB_CPUS, "\x04\0\0\0", 4), 0);
	assert_int_equal(read_u32(FW_CFG_NB_CPUS), 4);
}

/* What SeaBIOS's directory walk finds: count, then {size, key, name}. */
static void file_directory_sorted(void **state)
{
	static const char *const names[] = {
		"genroms/linuxboot_dma.bin", "etc/e820", "bootorder", "etc/boot-fail-wait",
	};
	static const char *const sorted[] = {
		"bootorder", "etc/boot-fail-wait", "etc/e820", "genroms/linuxboot_dma.bin",
	};
	uint8_t e[64];
	char data[32];
	unsigned i;
	uint32_t count;

	assert_int_equal(read_u32(FW_CFG_FILE_DIR), 0);	/* be32 count 0 */
	for (i = 0; i < 4; i++)
		assert_int_equal(fw_cfg_add_file(&fw, names[i], names[i],
						 strlen(names[i])), 0);
	assert_int_equal(fw_cfg_add_file(&fw, "etc/e820", "x", 1), -EEXIST);
	assert_int_equal(fw_cfg_add_file(&fw, "a-name-of-fifty-six-bytes-is-one-more-than-fits-in-it.bin",
					 "x", 1), -ENAMETOOLONG);

	select_key(FW_CFG_FILE_DIR);
	read_data(e, 4);
	count = (uint32_t)e[0] << 24 | e[1] << 16 | e[2] << 8 | e[3];
	assert_int_equal(count, 4);
	for (i = 0; i < count; i++) {
		uint32_t size;
		uint16_t key;

		select_key(FW_CFG_FILE_DIR);
		skip_data(4 + 64 * i);	/* as SeaBIOS does: skip to entry i */
		read_data(e, 64);
		size = (uint32_t)e[0] << 24 | e[1] << 16 | e[2] << 8 | e[3];
		key = (uint16_t)(e[4] << 8 | e[5]);
		assert_string_equal((char *)e + 8, sorted[i]);
		assert_int_equal(size, strlen(sorted[i]));
		assert_int_equal(key, FW_CFG_FILE_FIRST + i);
		assert_int_equal(fw_cfg_file_key(&fw, sorted[i]), key);

		memset(data, 0, sizeof(data));
		select_key(key);
		read_data(data, size);
		assert_string_equal(data, sorted[i]);
	}

	/* new content, new size in the directory */
	assert_int_equal(fw_cfg_modify_file(&fw, "etc/e820", "0123456789", 10), 0);
	select_key(FW_CFG_FILE_DIR);
	skip_data(4 + 64 * 2);
	read_data(e, 64);
	assert_string_equal((char *)e + 8, "etc/e820");
	assert_int_equal(e[3], 10);
	memset(data, 0, sizeof(data));
	select_key(FW_CFG_FILE_FIRST + 2);
	read_data(data, 11);
	assert_string_equal(data, "0123456789");
}

static void dma_read_into_ram(void **state)
{
	static const char blob[] = "kernel-bytes-0123456789";	/* 24 with NUL */

	assert_int_equal(fw_cfg_add_bytes(&fw, FW_CFG_KERNEL_DATA, blob, sizeof(blob)), 0);
	memset(ram + BUF, 0xaa, 64);

	/* select + read 10 bytes */
	assert_int_equal(dma(FW_CFG_KERNEL_DATA << 16 | FW_CFG_DMA_CTL_SELECT |
			     FW_CFG_DMA_CTL_READ, 10, BUF, DESC), 0);
	assert_memory_equal(ram + BUF, "kernel-byt", 10);
	assert_int_equal(ram[BUF + 10], 0xaa);
	assert_true(hook_lo <= BUF && hook_hi >= BUF + 10);

	/* skip 3, then read on past the end: the rest is zeros */
	assert_int_equal(dma(FW_CFG_DMA_CTL_SKIP, 3, 0, DESC), 0);
	assert_int_equal(dma(FW_CFG_DMA_CTL_READ, 20, BUF + 32, DESC), 0);
	assert_memory_equal(ram + BUF + 32, "0123456789\0\0\0\0\0\0\0\0\0\0", 20);
	assert_int_equal(ram[BUF + 52], 0xaa);

	/* a port read continues where DMA stopped: at the end, so 0 */
	assert_int_equal(io_port_read(0x511, 1), 0);

	/* an item that does not exist reads as zeros, without error */
	assert_int_equal(dma(FW_CFG_INITRD_DATA << 16 | FW_CFG_DMA_CTL_SELECT |
			     FW_CFG_DMA_CTL_READ, 4, BUF, DESC), 0);
	assert_memory_equal(ram + BUF, "\0\0\0\0", 4);

	/* select alone: no transfer, and the port reads the new item */
	assert_int_equal(dma(FW_CFG_SIGNATURE << 16 | FW_CFG_DMA_CTL_SELECT, 99,
			     BUF, DESC), 0);
	assert_int_equal(io_port_read(0x511, 1), 'Q');
}

static void dma_errors(void **state)
{
	assert_int_equal(fw_cfg_add_bytes(&fw, FW_CFG_SETUP_DATA, "setup", 5), 0);

	/* buffer beyond RAM: error bit, RAM before it written */
	assert_int_equal(dma(FW_CFG_SETUP_DATA << 16 | FW_CFG_DMA_CTL_SELECT |
			     FW_CFG_DMA_CTL_READ, 5, RAM_BYTES - 2, DESC),
			 FW_CFG_DMA_CTL_ERROR);
	assert_memory_equal(ram + RAM_BYTES - 2, "se", 2);
	/* far away, or wrapping around the address space */
	assert_int_equal(dma(FW_CFG_SETUP_DATA << 16 | FW_CFG_DMA_CTL_SELECT |
			     FW_CFG_DMA_CTL_READ, 5, 0x80000000u, DESC),
			 FW_CFG_DMA_CTL_ERROR);
	assert_int_equal(dma(FW_CFG_DMA_CTL_READ, 0x100, 0xfffffffffffffff0ULL, DESC),
			 FW_CFG_DMA_CTL_ERROR);
	/* nothing is writable */
	memcpy(ram + BUF, "XXXXX", 5);
	assert_int_equal(dma(FW_CFG_SETUP_DATA << 16 | FW_CFG_DMA_CTL_SELECT |
			     FW_CFG_DMA_CTL_WRITE, 5, BUF, DESC),
			 FW_CFG_DMA_CTL_ERROR);
	select_key(FW_CFG_SETUP_DATA);
	assert_int_equal(io_port_read(0x511, 1), 's');

	/* descriptors outside RAM, below and above 4 GiB: nothing happens */
	dma(FW_CFG_DMA_CTL_READ, 5, BUF, 0x40000000u);
	dma(FW_CFG_DMA_CTL_READ, 5, BUF, 0x100001000ULL);
	dma(FW_CFG_DMA_CTL_READ, 5, BUF, RAM_BYTES - 8);	/* straddles the end */
	assert_memory_equal(ram + BUF, "XXXXX", 5);

	/* the high half is used once: the next transfer is below 4 GiB again */
	io_port_write(0x514, __builtin_bswap32(1), 4);
	io_port_write(0x518, __builtin_bswap32(DESC), 4);
	assert_int_equal(dma(FW_CFG_SETUP_DATA << 16 | FW_CFG_DMA_CTL_SELECT |
			     FW_CFG_DMA_CTL_READ, 5, BUF, DESC), 0);
	assert_memory_equal(ram + BUF, "setup", 5);

	/* odd-sized writes to the DMA register start nothing */
	put_be32(DESC, FW_CFG_DMA_CTL_READ);
	io_port_write(0x518, 0, 1);
	io_port_write(0x518, 0, 2);
	assert_int_equal(get_be32(DESC), FW_CFG_DMA_CTL_READ);
}

/* A guest poking at random: no crash (ASan in CI), nothing writable, and
 * the device still answers as before. */
static void guest_fuzz(void **state)
{
	static const char blob[] = "read-only item";
	uint64_t r = 0x9e3779b97f4a7c15ULL;
	char sig[5] = { 0 }, back[sizeof(blob)];
	int i;

	assert_int_equal(fw_cfg_add_file(&fw, "etc/blob", blob, sizeof(blob)), 0);
	for (i = 0; i < 20000; i++) {
		uint16_t port;
		unsigned size;

		r ^= r << 13;
		r ^= r >> 7;
		r ^= r << 17;
		port = (uint16_t)(0x510 + (r >> 8) % 12);
		size = 1u << ((r >> 16) % 3);
		if (r & 1) {
			(void)io_port_read(port, size);
			continue;
		}
		if ((r >> 20) % 4 == 0) {
			/* a descriptor in RAM, sometimes with a huge length */
			uint32_t len = (r >> 24) % 64 ? (uint32_t)(r >> 40) & 0xfff
						       : (uint32_t)(r >> 32);

			dma((uint32_t)(r >> 32) & 0x003f001f, len,
			    (r >> 30) & 1 ? (r >> 12) % RAM_BYTES : r >> 3, DESC);
			continue;
		}
		io_port_write(port, (uint32_t)(r >> 32), size);
	}
	fw_cfg_reset(&fw);
	select_key(FW_CFG_SIGNATURE);
	read_data(sig, 4);
	assert_string_equal(sig, "QEMU");
	select_key((uint16_t)fw_cfg_file_key(&fw, "etc/blob"));
	read_data(back, sizeof(back));
	assert_memory_equal(back, blob, sizeof(blob));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(signature_and_id, setup, teardown),
		cmocka_unit_test_setup_teardown(dma_signature_register, setup, teardown),
		cmocka_unit_test_setup_teardown(without_dma, setup, teardown),
		cmocka_unit_test_setup_teardown(items_read_bytewise, setup, teardown),
		cmocka_unit_test_setup_teardown(file_directory_sorted, setup, teardown),
		cmocka_unit_test_setup_teardown(dma_read_into_ram, setup, teardown),
		cmocka_unit_test_setup_teardown(dma_errors, setup, teardown),
		cmocka_unit_test_setup_teardown(guest_fuzz, setup, teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
