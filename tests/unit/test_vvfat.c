// SPDX-License-Identifier: GPL-2.0-only
/*
 * The virtual FAT disk through the block layer, where the guest meets it:
 * writes are refused (the IDE drive turns the error into an aborted
 * command), a host file keeps its open-time size when it grows or
 * shrinks, a deleted file is a read error and not a crash,
 * format=vvfat takes a plain folder name, and -snapshot makes the disk
 * writable through a temporary overlay without touching the folder.  The filesystem itself is
 * judged by mtools and fsck.fat in tests/block/vvfat.
 */
#include <errno.h>
#include <fcntl.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <cmocka.h>

#include "block/block.h"

static char dir[64];
static char spec[80];

static int setup(void **state)
{
	strcpy(dir, "/tmp/ringvm-test-vvfat.XXXXXX");
	assert_non_null(mkdtemp(dir));
	snprintf(spec, sizeof(spec), "fat:%s", dir);
	block_init();
	return 0;
}

static int teardown(void **state)
{
	char cmd[128];

	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", dir);
	return system(cmd) ? -1 : 0;
}

static void write_file(const char *name, int c, size_t n, bool append)
{
	char p[128];
	uint8_t *buf = malloc(n);
	FILE *f;

	assert_non_null(buf);
	memset(buf, c, n);
	snprintf(p, sizeof(p), "%s/%s", dir, name);
	f = fopen(p, append ? "ab" : "wb");
	assert_non_null(f);
	assert_int_equal(fwrite(buf, 1, n, f), n);
	fclose(f);
	free(buf);
}

static uint16_t le16(const uint8_t *p)
{
	return (uint16_t)(p[0] | p[1] << 8);
}

/* Byte offset of data cluster 2 (the only file's first cluster, FAT16:
 * the root directory is not in the data area), from the boot sector. */
static uint64_t cluster2(struct block_dev *bs)
{
	uint8_t b[512];
	uint64_t lba = 63;

	assert_int_equal(block_read(bs, lba * 512, b, 512), 0);
	assert_int_equal(b[510], 0x55);
	assert_int_equal(b[511], 0xaa);
	lba += le16(b + 14) + b[16] * le16(b + 22) + le16(b + 17) * 32 / 512;
	return lba * 512;
}

static void test_writes_refused(void **state)
{
	struct block_open_opts o = { .read_only = false };
	struct block_dev *bs;
	uint8_t buf[512] = { 0 };

	write_file("a.txt", 'a', 100, false);
	bs = block_open(spec, &o);
	assert_non_null(bs);
	assert_true(bs->read_only);
	assert_string_equal(bs->drv->name, "vvfat");
	assert_int_equal(bs->size, 1024ull * 16 * 63 * 512);
	/* the block layer refuses before the driver, the driver on its own */
	assert_true(block_write(bs, 63 * 512, buf, 512) == -EPERM);
	assert_int_equal(bs->drv->write(bs, 63 * 512, buf, 512), -EROFS);
	/* and nothing changed */
	assert_int_equal(block_read(bs, 63 * 512, buf, 512), 0);
	assert_int_equal(buf[510], 0x55);
	/* reads past the end are refused, not crashed on */
	assert_int_equal(block_read(bs, bs->size, buf, 512), -EIO);
	block_close(bs);
}

static void test_open_time_size(void **state)
{
	struct block_dev *bs;
	uint8_t buf[8192];
	uint64_t c2;

	write_file("a.txt", 'a', 1000, false);
	bs = block_open(spec, NULL);
	assert_non_null(bs);
	c2 = cluster2(bs);

	/* grown after open: the guest sees the first 1000 bytes only */
	write_file("a.txt", 'b', 5000, true);
	assert_int_equal(block_read(bs, c2, buf, sizeof(buf)), 0);
	for (size_t i = 0; i < sizeof(buf); i++)
		if (buf[i] != (i < 1000 ? 'a' : 0))
			fail_msg("byte %zu is %#x", i, buf[i]);

	/* shrunk after open: the lost tail reads as zeros */
	assert_int_equal(truncate(strcat(strcpy((char *)buf, dir), "/a.txt"), 10), 0);
	assert_int_equal(block_read(bs, c2, buf, sizeof(buf)), 0);
	for (size_t i = 0; i < sizeof(buf); i++)
		if (buf[i] != (i < 10 ? 'a' : 0))
			fail_msg("byte %zu is %#x", i, buf[i]);
	block_close(bs);
}

static void test_deleted_file(void **state)
{
	struct block_dev *bs;
	uint8_t buf[512];
	char p[128];

	write_file("a.txt", 'a', 1000, false);
	bs = block_open(spec, NULL);
	assert_non_null(bs);
	snprintf(p, sizeof(p), "%s/a.txt", dir);
	assert_int_equal(unlink(p), 0);
	assert_int_equal(block_read(bs, cluster2(bs), buf, sizeof(buf)), -EIO);
	block_close(bs);
}

static void test_format_option(void **state)
{
	struct block_open_opts o = { .format = "vvfat" };
	struct block_dev *bs;

	write_file("a.txt", 'a', 1, false);
	bs = block_open(dir, &o);
	assert_non_null(bs);
	assert_string_equal(bs->drv->name, "vvfat");
	block_close(bs);

	snprintf(spec, sizeof(spec), "fat:floppy:%s", dir);
	bs = block_open(spec, NULL);
	snprintf(spec, sizeof(spec), "fat:%s", dir);
	assert_non_null(bs);
	assert_int_equal(bs->size, 1474560);
	block_close(bs);
}

/* -snapshot, as in QEMU: the guest writes to a temporary overlay, reads
 * its writes back, and the host folder does not change. */
static void test_snapshot(void **state)
{
	struct block_open_opts o = { .snapshot = true };
	uint8_t buf[4096], back[4096];
	struct block_dev *bs;
	uint64_t c2;
	char p[128];
	FILE *f;

	write_file("a.txt", 'a', 5000, false);
	bs = block_open(spec, &o);
	assert_non_null(bs);
	assert_false(bs->read_only);
	assert_string_equal(bs->drv->name, "qcow2");
	assert_non_null(bs->backing);
	assert_string_equal(bs->backing->drv->name, "vvfat");
	c2 = cluster2(bs);
	assert_int_equal(block_read(bs, c2, back, sizeof(back)), 0);
	assert_int_equal(back[0], 'a');
	memset(buf, 'z', sizeof(buf));
	assert_int_equal(block_write(bs, c2, buf, sizeof(buf)), 0);
	assert_int_equal(block_read(bs, c2, back, sizeof(back)), 0);
	assert_memory_equal(buf, back, sizeof(buf));
	block_close(bs);

	snprintf(p, sizeof(p), "%s/a.txt", dir);
	f = fopen(p, "rb");
	assert_non_null(f);
	assert_int_equal(fread(back, 1, sizeof(back), f), sizeof(back));
	fclose(f);
	for (size_t i = 0; i < sizeof(back); i++)
		assert_int_equal(back[i], 'a');
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_writes_refused, setup, teardown),
		cmocka_unit_test_setup_teardown(test_open_time_size, setup, teardown),
		cmocka_unit_test_setup_teardown(test_deleted_file, setup, teardown),
		cmocka_unit_test_setup_teardown(test_format_option, setup, teardown),
		cmocka_unit_test_setup_teardown(test_snapshot, setup, teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
