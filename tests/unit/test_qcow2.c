// SPDX-License-Identifier: GPL-2.0-only
/*
 * The block layer with raw and qcow2: what a disk user would see (data
 * written comes back, across cluster edges, reopen, backing files,
 * compressed clusters) and that broken images are refused, not crashed on.
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

static char *path(const char *name)
{
	static char buf[4][128];
	static int i;

	i = (i + 1) % 4;
	snprintf(buf[i], sizeof(buf[i]), "%s/%s", dir, name);
	return buf[i];
}

static int setup(void **state)
{
	strcpy(dir, "/tmp/ringvm-test-qcow2.XXXXXX");
	assert_non_null(mkdtemp(dir));
	block_init();
	return 0;
}

static int teardown(void **state)
{
	char cmd[128];

	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", dir);
	return system(cmd) ? -1 : 0;
}

/* a pattern that differs at every byte position and per @seed */
static void fill(uint8_t *p, size_t n, uint64_t off, unsigned seed)
{
	for (size_t i = 0; i < n; i++) {
		uint64_t x = (off + i) * 2654435761u + seed * 40503u;

		p[i] = (uint8_t)(x >> 13 ^ x);
	}
}

static struct block_dev *open_img(const char *name, const char *fmt, bool ro)
{
	struct block_open_opts o = { .format = fmt, .read_only = ro };

	return block_open(path(name), &o);
}

static void make_qcow2(const char *name, uint64_t size, uint32_t cs, int compat,
		       const char *backing, const char *bfmt)
{
	struct block_create_opts co = { .size = size, .cluster_size = cs,
					.compat = compat, .backing_file = backing,
					.backing_format = bfmt };

	assert_int_equal(block_create(path(name), "qcow2", &co), 0);
}

static void assert_clean(struct block_dev *bs)
{
	struct block_check res = { 0 };

	assert_int_equal(bs->drv->check(bs, &res, BLOCK_FIX_NONE), 0);
	assert_int_equal(res.corruptions, 0);
	assert_int_equal(res.leaks, 0);
	assert_int_equal(res.check_errors, 0);
}

static void rw_across_clusters(uint32_t cs, int compat)
{
	/* pieces that start and end inside clusters, span several, and
	 * touch the last byte of the disk */
	static const struct { uint64_t off; size_t len; } w[] = {
		{ 100, 1000 }, { 4095, 70000 }, { 300000, 1 },
		{ (8u << 20) - 3000, 3000 },
	};
	const uint64_t size = 8u << 20;
	uint8_t *buf = malloc(size), *want = calloc(1, size);
	struct block_dev *bs;

	make_qcow2("rw.qcow2", size, cs, compat, NULL, NULL);
	bs = open_img("rw.qcow2", NULL, false);
	assert_non_null(bs);
	assert_string_equal(bs->drv->name, "qcow2");
	assert_int_equal(bs->size, size);
	for (size_t i = 0; i < sizeof(w) / sizeof(w[0]); i++) {
		fill(want + w[i].off, w[i].len, w[i].off, cs);
		assert_int_equal(block_write(bs, w[i].off, want + w[i].off, w[i].len), 0);
	}
	/* overwrite the middle of an allocated run */
	fill(want + 5000, 200, 5000, 7);
	assert_int_equal(block_write(bs, 5000, want + 5000, 200), 0);
	assert_int_equal(block_read(bs, 0, buf, size), 0);
	assert_memory_equal(buf, want, size);
	assert_clean(bs);
	block_close(bs);

	bs = open_img("rw.qcow2", NULL, true);
	assert_non_null(bs);
	memset(buf, 0xaa, size);
	assert_int_equal(block_read(bs, 0, buf, size), 0);
	assert_memory_equal(buf, want, size);
	assert_clean(bs);
	block_close(bs);
	free(buf);
	free(want);
}

static void test_rw_64k_v3(void **state)
{
	rw_across_clusters(65536, 3);
}

static void test_rw_512_v2(void **state)
{
	/* 512-byte clusters: many L2 tables and refcount blocks, and the
	 * refcount table has to grow */
	rw_across_clusters(512, 2);
}

static void test_rw_2m(void **state)
{
	rw_across_clusters(2u << 20, 3);
}

static void test_bounds(void **state)
{
	struct block_dev *bs;
	uint8_t b[16];

	make_qcow2("b.qcow2", 1 << 20, 0, 0, NULL, NULL);
	bs = open_img("b.qcow2", NULL, false);
	assert_non_null(bs);
	assert_int_equal(block_read(bs, (1 << 20) - 8, b, 16), -EIO);
	assert_int_equal(block_write(bs, 1 << 20, b, 1), -EIO);
	assert_int_equal(block_read(bs, (1 << 20) - 16, b, 16), 0);
	block_close(bs);
	bs = open_img("b.qcow2", NULL, true);
	assert_int_equal(block_write(bs, 0, b, 1), -EPERM);
	block_close(bs);
}

static void test_backing_chain(void **state)
{
	const size_t size = 1 << 20;
	uint8_t *base = malloc(size), *want = malloc(size), *buf = malloc(size);
	struct block_create_opts co = { .size = size };
	struct block_dev *bs;
	int fd;

	assert_int_equal(block_create(path("base.raw"), "raw", &co), 0);
	fill(base, size, 0, 1);
	fd = open(path("base.raw"), O_WRONLY);
	assert_int_equal(pwrite(fd, base, size, 0), (ssize_t)size);
	close(fd);
	/* relative name: resolved against the overlay's folder */
	make_qcow2("mid.qcow2", 0, 4096, 3, "base.raw", "raw");
	make_qcow2("top.qcow2", 0, 65536, 3, "mid.qcow2", NULL);

	bs = open_img("mid.qcow2", NULL, false);
	assert_non_null(bs);
	assert_int_equal(bs->size, size);
	memcpy(want, base, size);
	fill(want + 10000, 5000, 10000, 2);
	assert_int_equal(block_write(bs, 10000, want + 10000, 5000), 0);
	assert_clean(bs);
	block_close(bs);

	bs = open_img("top.qcow2", NULL, false);
	assert_non_null(bs);
	assert_non_null(bs->backing);
	assert_non_null(bs->backing->backing);
	assert_true(bs->backing->read_only);
	fill(want + 12000, 100, 12000, 3);
	assert_int_equal(block_write(bs, 12000, want + 12000, 100), 0);
	assert_int_equal(block_read(bs, 0, buf, size), 0);
	assert_memory_equal(buf, want, size);
	assert_clean(bs);
	block_close(bs);

	/* the base did not change */
	bs = open_img("base.raw", "raw", true);
	assert_int_equal(block_read(bs, 0, buf, size), 0);
	assert_memory_equal(buf, base, size);
	block_close(bs);
	free(base);
	free(want);
	free(buf);
}

static void test_backing_loop(void **state)
{
	make_qcow2("loop1.qcow2", 1 << 20, 0, 3, "loop2.qcow2", "qcow2");
	make_qcow2("loop2.qcow2", 1 << 20, 0, 3, "loop1.qcow2", "qcow2");
	assert_null(open_img("loop1.qcow2", NULL, true));
	make_qcow2("self.qcow2", 1 << 20, 0, 3, "self.qcow2", NULL);
	assert_null(open_img("self.qcow2", NULL, true));
}

static void test_compressed(void **state)
{
	const uint32_t cs = 4096;
	const size_t size = 64 * cs;
	uint8_t *want = calloc(1, size), *buf = malloc(size);
	struct block_dev *bs;
	struct block_check res = { 0 };

	make_qcow2("c.qcow2", size, cs, 3, NULL, NULL);
	bs = open_img("c.qcow2", NULL, false);
	assert_non_null(bs);
	for (size_t c = 0; c < 40; c++) {
		/* compressible: a short pattern repeated */
		for (size_t i = 0; i < cs; i++)
			want[c * cs + i] = (uint8_t)("ringvm"[i % 6] + c);
		assert_int_equal(bs->drv->write_compressed(bs, c * cs,
							   want + c * cs, cs), 0);
	}
	/* incompressible data is stored plain */
	fill(want + 50 * cs, cs, 0, 9);
	assert_int_equal(bs->drv->write_compressed(bs, 50 * cs, want + 50 * cs, cs), 0);
	block_close(bs);

	bs = open_img("c.qcow2", NULL, false);
	assert_non_null(bs);
	assert_int_equal(block_read(bs, 0, buf, size), 0);
	assert_memory_equal(buf, want, size);
	/* rewriting part of a compressed cluster keeps the rest of it */
	fill(want + 3 * cs + 100, 50, 0, 4);
	assert_int_equal(block_write(bs, 3 * cs + 100, want + 3 * cs + 100, 50), 0);
	assert_int_equal(block_read(bs, 0, buf, size), 0);
	assert_memory_equal(buf, want, size);
	assert_int_equal(bs->drv->check(bs, &res, BLOCK_FIX_NONE), 0);
	assert_int_equal(res.corruptions + res.leaks, 0);
	block_close(bs);
	free(want);
	free(buf);
}

static uint64_t header_u64(const char *name, off_t off)
{
	uint8_t b[8];
	uint64_t v = 0;
	int fd = open(path(name), O_RDONLY);

	assert_int_equal(pread(fd, b, 8, off), 8);
	close(fd);
	for (int i = 0; i < 8; i++)
		v = v << 8 | b[i];
	return v;
}

static void poke(const char *name, off_t off, const void *p, size_t n)
{
	int fd = open(path(name), O_WRONLY);

	assert_int_equal(pwrite(fd, p, n, off), (ssize_t)n);
	close(fd);
}

static void test_dirty_and_corrupt_bits(void **state)
{
	struct block_dev *bs;
	uint8_t corrupt[8] = { 0, 0, 0, 0, 0, 0, 0, 2 };

	make_qcow2("d.qcow2", 1 << 20, 0, 3, NULL, NULL);
	bs = open_img("d.qcow2", NULL, false);
	assert_non_null(bs);
	assert_int_equal(header_u64("d.qcow2", 72) & 1, 1);
	block_close(bs);
	assert_int_equal(header_u64("d.qcow2", 72), 0);

	poke("d.qcow2", 72, corrupt, 8);
	assert_null(open_img("d.qcow2", NULL, false));
	bs = open_img("d.qcow2", NULL, true);
	assert_non_null(bs);
	block_close(bs);
}

/* One broken field at a time: each must give NULL (and an error line). */
static void test_corrupt_headers(void **state)
{
	static const struct {
		off_t off;
		uint8_t bytes[8];
		size_t n;
	} bad[] = {
		{ 20, { 0, 0, 0, 30 }, 4 },		/* cluster_bits 30 */
		{ 20, { 0, 0, 0, 8 }, 4 },		/* cluster_bits 8 */
		{ 40, { 0, 0, 0, 1, 0, 0, 0, 0 }, 8 },	/* L1 far beyond EOF */
		{ 40, { 0, 0, 0, 0, 0, 0, 0, 0 }, 8 },	/* L1 over the header */
		{ 48, { 0, 0, 0, 0, 0, 0, 0, 0 }, 8 },	/* refcounts over header */
		{ 36, { 0, 0, 0, 0 }, 4 },		/* L1 too small */
		{ 36, { 0xff, 0xff, 0xff, 0xff }, 4 },	/* L1 absurdly big */
		{ 72, { 0, 0, 0, 0, 0, 0, 0x10, 0 }, 8 },	/* unknown feature */
		{ 4, { 0, 0, 0, 9 }, 4 },		/* version 9 */
		{ 100, { 0, 2, 0, 0 }, 4 },		/* header_length 128k */
		{ 96, { 0, 0, 0, 9 }, 4 },		/* refcount_order 9 */
		{ 16, { 0, 0, 0x10, 0 }, 4 },		/* backing name 4 KiB */
		{ 24, { 0x7f, 0, 0, 0, 0, 0, 0, 0 }, 8 },	/* size 2^62+ */
	};
	uint8_t zero[4096] = { 0 };

	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		make_qcow2("h.qcow2", 4 << 20, 0, 3, NULL, NULL);
		poke("h.qcow2", bad[i].off, bad[i].bytes, bad[i].n);
		assert_null(open_img("h.qcow2", NULL, true));
		assert_null(open_img("h.qcow2", "qcow2", false));
	}
	/* an L2 table pointer past the end of the file */
	make_qcow2("h.qcow2", 4 << 20, 0, 3, NULL, NULL);
	{
		uint64_t l1 = header_u64("h.qcow2", 40);
		uint8_t e[8] = { 0x80, 0, 0, 0x10, 0, 0, 0, 0 };

		poke("h.qcow2", (off_t)l1, e, 8);
		assert_null(open_img("h.qcow2", NULL, true));
	}
	/* a data cluster past the end: the read fails, nothing crashes */
	make_qcow2("h.qcow2", 4 << 20, 0, 3, NULL, NULL);
	{
		struct block_dev *bs = open_img("h.qcow2", NULL, false);
		uint8_t b[512] = { 1 };
		uint64_t l1, l2;
		uint8_t e[8] = { 0x80, 0, 0, 0x10, 0, 0, 0, 0 };

		assert_non_null(bs);
		assert_int_equal(block_write(bs, 0, b, sizeof(b)), 0);
		block_close(bs);
		l1 = header_u64("h.qcow2", 40);
		l2 = header_u64("h.qcow2", (off_t)l1) & 0x00fffffffffffe00ull;
		poke("h.qcow2", (off_t)l2, e, 8);
		bs = open_img("h.qcow2", NULL, true);
		assert_non_null(bs);
		assert_int_equal(block_read(bs, 0, b, sizeof(b)), -EIO);
		block_close(bs);
	}
	/* a data cluster pointing at the L1 table: the write is refused and
	 * the L1 table survives */
	make_qcow2("h.qcow2", 4 << 20, 0, 3, NULL, NULL);
	{
		struct block_dev *bs = open_img("h.qcow2", NULL, false);
		uint8_t b[512], e[8];
		uint64_t l1, l1e, l2;

		memset(b, 0x5a, sizeof(b));
		assert_int_equal(block_write(bs, 0, b, sizeof(b)), 0);
		block_close(bs);
		l1 = header_u64("h.qcow2", 40);
		l1e = header_u64("h.qcow2", (off_t)l1);
		l2 = l1e & 0x00fffffffffffe00ull;
		for (int i = 0; i < 8; i++)
			e[i] = (uint8_t)((l1 | 1ull << 63) >> (56 - 8 * i));
		poke("h.qcow2", (off_t)l2, e, 8);
		bs = open_img("h.qcow2", NULL, false);
		assert_non_null(bs);
		assert_int_equal(block_write(bs, 0, b, sizeof(b)), -EIO);
		block_close(bs);
		assert_int_equal(header_u64("h.qcow2", (off_t)l1), l1e);
	}
	/* a garbage compressed cluster */
	make_qcow2("h.qcow2", 4 << 20, 4096, 3, NULL, NULL);
	{
		struct block_dev *bs = open_img("h.qcow2", NULL, false);
		uint8_t b[4096];
		uint64_t l1, l2, e;

		memset(b, 'x', sizeof(b));
		assert_int_equal(bs->drv->write_compressed(bs, 0, b, 4096), 0);
		block_close(bs);
		l1 = header_u64("h.qcow2", 40);
		l2 = header_u64("h.qcow2", (off_t)l1) & 0x00fffffffffffe00ull;
		e = header_u64("h.qcow2", (off_t)l2);
		assert_true(e >> 62 & 1);
		poke("h.qcow2", (off_t)(e & ((1ull << 58) - 1)), zero, 64);
		bs = open_img("h.qcow2", NULL, true);
		assert_int_equal(block_read(bs, 0, b, sizeof(b)), -EIO);
		block_close(bs);
	}
}

static void test_probe_and_raw(void **state)
{
	struct block_dev *bs;
	struct block_create_opts co = { .size = 3 << 20 };

	make_qcow2("p.qcow2", 1 << 30, 0, 3, NULL, NULL);
	bs = open_img("p.qcow2", NULL, true);
	assert_string_equal(bs->drv->name, "qcow2");
	assert_int_equal(bs->size, 1 << 30);
	block_close(bs);
	/* format=raw: the header is data, never interpreted */
	bs = open_img("p.qcow2", "raw", true);
	assert_non_null(bs);
	assert_string_equal(bs->drv->name, "raw");
	assert_true(bs->size < (1 << 20));
	block_close(bs);

	assert_int_equal(block_create(path("r.raw"), "raw", &co), 0);
	bs = open_img("r.raw", NULL, false);
	assert_string_equal(bs->drv->name, "raw");
	assert_int_equal(bs->size, 3 << 20);
	block_close(bs);
	assert_null(open_img("missing.img", NULL, true));
	assert_null(open_img("r.raw", "nosuchformat", true));
}

static void test_grow(void **state)
{
	struct block_dev *bs;
	uint8_t w[1000], r[1000];

	make_qcow2("g.qcow2", 1 << 20, 512, 3, NULL, NULL);
	bs = open_img("g.qcow2", NULL, false);
	assert_int_equal(bs->drv->truncate(bs, 64 << 20), 0);
	fill(w, sizeof(w), 0, 5);
	assert_int_equal(block_write(bs, (64 << 20) - 1000, w, 1000), 0);
	block_close(bs);
	bs = open_img("g.qcow2", NULL, false);
	assert_int_equal(bs->size, 64 << 20);
	assert_int_equal(block_read(bs, (64 << 20) - 1000, r, 1000), 0);
	assert_memory_equal(r, w, sizeof(w));
	assert_clean(bs);
	block_close(bs);
}

static void test_snapshot_overlay(void **state)
{
	struct block_open_opts o = { .snapshot = true };
	struct block_dev *bs;
	uint8_t w[512], r[512];

	make_qcow2("s.qcow2", 1 << 20, 0, 3, NULL, NULL);
	bs = block_open(path("s.qcow2"), &o);
	assert_non_null(bs);
	fill(w, sizeof(w), 0, 6);
	assert_int_equal(block_write(bs, 512, w, sizeof(w)), 0);
	assert_int_equal(block_read(bs, 512, r, sizeof(r)), 0);
	assert_memory_equal(r, w, sizeof(w));
	block_close(bs);
	/* the image itself never saw the write */
	bs = open_img("s.qcow2", NULL, true);
	assert_int_equal(block_read(bs, 512, r, sizeof(r)), 0);
	memset(w, 0, sizeof(w));
	assert_memory_equal(r, w, sizeof(w));
	block_close(bs);
}

static int run(const char *fmt, const char *file)
{
	char cmd[512];

	snprintf(cmd, sizeof(cmd), fmt, file);
	return system(cmd);
}

/* Writes to an image with a qemu-img snapshot copy the shared L2 tables
 * and clusters: the snapshot still has the old data afterwards. */
static void test_snapshot_cow(void **state)
{
	const uint32_t cs = 4096;
	const size_t size = 1 << 20;
	uint8_t *old = calloc(1, size), *want, *buf = malloc(size);
	struct block_dev *bs;

	if (system("command -v qemu-img >/dev/null 2>&1"))
		skip();
	make_qcow2("cow.qcow2", size, cs, 3, NULL, NULL);
	bs = open_img("cow.qcow2", NULL, false);
	fill(old, 65536, 0, 11);
	assert_int_equal(block_write(bs, 0, old, 65536), 0);
	memset(old + 131072, 'z', cs);
	assert_int_equal(bs->drv->write_compressed(bs, 131072, old + 131072, cs), 0);
	block_close(bs);
	assert_int_equal(run("qemu-img snapshot -c s1 '%s'", path("cow.qcow2")), 0);

	want = malloc(size);
	memcpy(want, old, size);
	bs = open_img("cow.qcow2", NULL, false);
	assert_non_null(bs);
	fill(want + 1000, 8000, 1000, 12);
	fill(want + 131072 + 10, 20, 0, 13);
	fill(want + 500000, 100, 0, 14);
	assert_int_equal(block_write(bs, 1000, want + 1000, 8000), 0);
	assert_int_equal(block_write(bs, 131072 + 10, want + 131072 + 10, 20), 0);
	assert_int_equal(block_write(bs, 500000, want + 500000, 100), 0);
	assert_int_equal(block_read(bs, 0, buf, size), 0);
	assert_memory_equal(buf, want, size);
	assert_clean(bs);
	block_close(bs);
	assert_int_equal(run("qemu-img check -q '%s'", path("cow.qcow2")), 0);

	/* back to the snapshot: the old data, untouched */
	assert_int_equal(run("qemu-img snapshot -a s1 '%s'", path("cow.qcow2")), 0);
	bs = open_img("cow.qcow2", NULL, true);
	assert_int_equal(block_read(bs, 0, buf, size), 0);
	assert_memory_equal(buf, old, size);
	block_close(bs);
	free(old);
	free(want);
	free(buf);
}

static void assert_qemu_clean(const char *name)
{
	if (!system("command -v qemu-img >/dev/null 2>&1"))
		assert_int_equal(run("qemu-img check -q '%s'", path(name)), 0);
}

/* Take, apply and delete snapshots; refcounts stay exact throughout. */
static void test_snapshot_ops(void **state)
{
	const uint32_t cs = 512;
	const size_t size = 128 << 10;
	uint8_t *a = malloc(size), *b = malloc(size), *buf = malloc(size);
	struct block_snapshot_info sn = { .name = "first" }, *list;
	struct block_dev *bs;

	make_qcow2("ops.qcow2", size, cs, 3, NULL, NULL);
	bs = open_img("ops.qcow2", NULL, false);
	fill(a, size, 0, 31);
	memset(a + 60000, 0, 20000);	/* a hole stays a hole */
	assert_int_equal(block_write(bs, 0, a, 60000), 0);
	assert_int_equal(block_write(bs, 80000, a + 80000, size - 80000), 0);
	assert_int_equal(bs->drv->snapshot_create(bs, &sn), 0);
	assert_int_equal(bs->drv->snapshot_create(bs, &sn), -EEXIST);
	memcpy(b, a, size);
	fill(b + 1000, 70000, 0, 32);
	assert_int_equal(block_write(bs, 1000, b + 1000, 70000), 0);
	assert_int_equal(block_read(bs, 0, buf, size), 0);
	assert_memory_equal(buf, b, size);
	assert_clean(bs);
	assert_int_equal(bs->drv->snapshot_list(bs, &list), 1);
	assert_string_equal(list[0].name, "first");
	assert_string_equal(list[0].id, "1");
	free(list);
	block_close(bs);
	assert_qemu_clean("ops.qcow2");

	bs = open_img("ops.qcow2", NULL, false);
	assert_int_equal(bs->drv->snapshot_goto(bs, "nosuch"), -ENOENT);
	assert_int_equal(bs->drv->snapshot_goto(bs, "first"), 0);
	assert_int_equal(block_read(bs, 0, buf, size), 0);
	assert_memory_equal(buf, a, size);
	assert_clean(bs);
	/* writing after the switch must not change the snapshot */
	assert_int_equal(block_write(bs, 0, b, 4000), 0);
	assert_int_equal(bs->drv->snapshot_goto(bs, "1"), 0);
	assert_int_equal(block_read(bs, 0, buf, size), 0);
	assert_memory_equal(buf, a, size);
	assert_int_equal(bs->drv->snapshot_delete(bs, "first"), 0);
	assert_int_equal(bs->drv->snapshot_list(bs, &list), 0);
	assert_int_equal(block_read(bs, 0, buf, size), 0);
	assert_memory_equal(buf, a, size);
	assert_clean(bs);
	block_close(bs);
	assert_qemu_clean("ops.qcow2");
	free(a);
	free(b);
	free(buf);
}

/*
 * Random damage to every kind of metadata (fixed seed): opening, reading,
 * writing and checking must each fail cleanly or work; never crash (run
 * under SAN=1 to catch memory errors) nor return a non-errno value.
 */
static void test_mutations(void **state)
{
	const uint32_t cs = 4096;
	const size_t size = 256 << 10;
	uint8_t *img, *buf = malloc(size), *pat = malloc(size);
	uint64_t seed = 12345;
	long flen;
	FILE *f;

	make_qcow2("m0.qcow2", size, cs, 3, NULL, NULL);
	{
		struct block_dev *bs = open_img("m0.qcow2", NULL, false);

		fill(pat, size, 0, 21);
		assert_int_equal(block_write(bs, 0, pat, size / 2), 0);
		for (size_t c = size / 2; c < size; c += cs)
			assert_int_equal(bs->drv->write_compressed(bs, c, pat + c, cs) <= 0, 1);
		block_close(bs);
	}
	f = fopen(path("m0.qcow2"), "rb");
	fseek(f, 0, SEEK_END);
	flen = ftell(f);
	rewind(f);
	img = malloc((size_t)flen);
	assert_int_equal(fread(img, 1, (size_t)flen, f), (size_t)flen);
	fclose(f);

	for (int it = 0; it < 300; it++) {
		uint8_t *m = malloc((size_t)flen);
		struct block_check res = { 0 };
		struct block_dev *bs;
		int ret;

		memcpy(m, img, (size_t)flen);
		for (int k = 0; k < 3; k++) {
			seed = seed * 6364136223846793005ull + 1442695040888963407ull;
			/* half in the header, half anywhere in the metadata */
			size_t pos = (seed >> 33) % (k ? (size_t)(5 * cs) : 112);

			m[pos % (size_t)flen] = (uint8_t)(seed >> 20);
		}
		f = fopen(path("m.qcow2"), "wb");
		assert_int_equal(fwrite(m, 1, (size_t)flen, f), (size_t)flen);
		fclose(f);
		free(m);
		bs = open_img("m.qcow2", NULL, false);
		if (!bs)
			continue;
		ret = block_read(bs, 0, buf, bs->size < size ? bs->size : size);
		assert_true(ret <= 0 && ret > -4096);
		if (bs->size > 70000) {
			ret = block_write(bs, 5000, pat, 60000);
			assert_true(ret <= 0 && ret > -4096);
		}
		/* a damaged magic makes it a raw image, without check */
		ret = bs->drv->check ? bs->drv->check(bs, &res, BLOCK_FIX_NONE) : 0;
		assert_true(ret <= 0 && ret > -4096);
		block_close(bs);
	}
	free(img);
	free(buf);
	free(pat);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_rw_64k_v3),
		cmocka_unit_test(test_rw_512_v2),
		cmocka_unit_test(test_rw_2m),
		cmocka_unit_test(test_bounds),
		cmocka_unit_test(test_backing_chain),
		cmocka_unit_test(test_backing_loop),
		cmocka_unit_test(test_compressed),
		cmocka_unit_test(test_dirty_and_corrupt_bits),
		cmocka_unit_test(test_corrupt_headers),
		cmocka_unit_test(test_probe_and_raw),
		cmocka_unit_test(test_grow),
		cmocka_unit_test(test_snapshot_overlay),
		cmocka_unit_test(test_snapshot_cow),
		cmocka_unit_test(test_snapshot_ops),
		cmocka_unit_test(test_mutations),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}
