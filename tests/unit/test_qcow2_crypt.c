// SPDX-License-Identifier: GPL-2.0-only
/*
 * qcow2 with legacy AES (crypt_method 1) through the block layer: writes
 * that start and end inside sectors and clusters come back, across a
 * reopen and under a -snapshot overlay; the right key is needed and a
 * wrong one reads other bytes (legacy AES cannot detect it); metadata
 * stays readable without a key; what cannot work is refused.
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

#define SIZE (4u << 20)

static char dir[64], file[96];

static int setup(void **state)
{
	strcpy(dir, "/tmp/ringvm-test-crypt.XXXXXX");
	assert_non_null(mkdtemp(dir));
	snprintf(file, sizeof(file), "%s/enc.qcow2", dir);
	/* no terminal to ask a password on: a missing key is an error */
	assert_non_null(freopen("/dev/null", "r", stdin));
	block_init();
	return 0;
}

static int teardown(void **state)
{
	char cmd[128];

	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", dir);
	return system(cmd) ? -1 : 0;
}

static void fill(uint8_t *p, size_t n, uint64_t off, unsigned seed)
{
	for (size_t i = 0; i < n; i++) {
		uint64_t x = (off + i) * 2654435761u + seed * 40503u;

		p[i] = (uint8_t)(x >> 13 ^ x);
	}
}

static struct block_dev *open_key(const char *key, bool ro, bool snapshot)
{
	struct block_open_opts o = { .format = "qcow2", .read_only = ro,
				     .snapshot = snapshot, .key = key };

	return block_open(file, &o);
}

static void read_all(struct block_dev *bs, uint8_t *buf)
{
	memset(buf, 0xaa, SIZE);
	assert_int_equal(block_read(bs, 0, buf, SIZE), 0);
}

static void test_encrypted_rw(void **state)
{
	static const struct { uint64_t off; size_t len; } w[] = {
		{ 100, 1000 }, { 4095, 70000 }, { 300000, 1 }, { 511, 2 },
		{ SIZE - 3000, 3000 }, { 131072, 65536 },
	};
	struct block_create_opts co = { .size = SIZE, .cluster_size = 4096,
					.encrypt = true, .key = "k3y" };
	uint8_t *buf = malloc(SIZE), *want = calloc(1, SIZE);
	struct block_check res = { 0 };
	struct block_dev *bs;

	assert_int_equal(block_create(file, "qcow2", &co), 0);
	bs = open_key("k3y", false, false);
	assert_non_null(bs);
	for (size_t i = 0; i < sizeof(w) / sizeof(w[0]); i++) {
		fill(want + w[i].off, w[i].len, w[i].off, 1);
		assert_int_equal(block_write(bs, w[i].off, want + w[i].off, w[i].len), 0);
	}
	/* rewrite inside allocated sectors */
	fill(want + 5001, 37, 5001, 9);
	assert_int_equal(block_write(bs, 5001, want + 5001, 37), 0);
	read_all(bs, buf);
	assert_memory_equal(buf, want, SIZE);
	assert_int_equal(bs->drv->check(bs, &res, BLOCK_FIX_NONE), 0);
	assert_int_equal(res.corruptions + res.leaks + res.check_errors, 0);
	/* compressed clusters are never encrypted: refused, as in QEMU */
	assert_int_equal(bs->drv->write_compressed(bs, 1u << 20, want, 4096),
			 -ENOTSUP);
	block_close(bs);

	bs = open_key("k3y", true, false);
	assert_non_null(bs);
	read_all(bs, buf);
	assert_memory_equal(buf, want, SIZE);
	block_close(bs);

	/* -snapshot: the overlay's backing file is opened with the key */
	bs = open_key("k3y", false, true);
	assert_non_null(bs);
	read_all(bs, buf);
	assert_memory_equal(buf, want, SIZE);
	block_close(bs);

	/* a wrong key opens and reads other bytes where data was written */
	bs = open_key("k3Y", true, false);
	assert_non_null(bs);
	read_all(bs, buf);
	assert_memory_not_equal(buf + 100, want + 100, 1000);
	/* unallocated clusters still read as zeros */
	assert_memory_equal(buf + (2u << 20), want + (2u << 20), 4096);
	block_close(bs);
	free(buf);
	free(want);
}

static void test_missing_key(void **state)
{
	struct block_create_opts co = { .size = SIZE, .encrypt = true, .key = "x" };
	struct block_open_opts meta = { .read_only = true, .no_io = true };
	struct block_info info = { 0 };
	struct block_dev *bs;
	uint8_t b[512] = { 1 };

	assert_int_equal(block_create(file, "qcow2", &co), 0);
	bs = open_key("x", false, false);
	assert_non_null(bs);
	assert_int_equal(block_write(bs, 0, b, sizeof(b)), 0);
	block_close(bs);
	assert_null(open_key(NULL, true, false));
	/* info and check need no key; reading data does */
	bs = block_open(file, &meta);
	assert_non_null(bs);
	assert_int_equal(bs->drv->info(bs, &info), 0);
	assert_true(info.encrypted);
	assert_int_equal(block_read(bs, 0, b, sizeof(b)), -EACCES);
	block_close(bs);
}

/* crypt_method is 0 (none) or 1 (AES); LUKS (2) and others are refused */
static void test_bad_crypt_method(void **state)
{
	struct block_create_opts co = { .size = SIZE };
	uint8_t two[4] = { 0, 0, 0, 2 };
	int fd;

	assert_int_equal(block_create(file, "qcow2", &co), 0);
	fd = open(file, O_WRONLY);
	assert_true(fd >= 0);
	assert_int_equal(pwrite(fd, two, 4, 32), 4);
	close(fd);
	assert_null(open_key("k", true, false));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_encrypted_rw),
		cmocka_unit_test(test_missing_key),
		cmocka_unit_test(test_bad_crypt_method),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}
