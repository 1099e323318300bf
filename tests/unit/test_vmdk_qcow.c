// SPDX-License-Identifier: GPL-2.0-only
/*
 * The vmdk and qcow (v1) drivers through the block layer: what a disk
 * user would see.  Random writes of every size, across grain/cluster
 * edges, into fresh and backed images, must read back as a plain memory
 * copy says, before and after reopening; the descriptor parser takes
 * what VMware writes and refuses what it cannot use.
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
#include "block/vmdk.h"

#define SIZE (3u * 1024 * 1024 + 1536)

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
	strcpy(dir, "/tmp/ringvm-test-vmdk.XXXXXX");
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

static struct block_dev *open_img(const char *name, const char *fmt)
{
	struct block_open_opts o = { .format = fmt };

	return block_open(path(name), &o);
}

/* Random writes into @name, checked against @model, then reopened. */
static void scribble(const char *name, const char *fmt, uint8_t *model,
		     unsigned seed)
{
	struct block_dev *bs = open_img(name, NULL);
	uint8_t *buf = malloc(SIZE), *w = malloc(200000);

	assert_non_null(bs);
	assert_string_equal(bs->drv->name, fmt);
	assert_int_equal(bs->size, SIZE);
	srand(seed);
	for (int i = 0; i < 60; i++) {
		size_t len = 1 + (size_t)rand() % 150000;
		uint64_t off = (uint64_t)rand() % (SIZE - len);

		for (size_t k = 0; k < len; k++)
			w[k] = (uint8_t)(rand() >> 3);
		assert_int_equal(block_write(bs, off, w, len), 0);
		memcpy(model + off, w, len);
	}
	assert_int_equal(block_read(bs, 0, buf, SIZE), 0);
	assert_memory_equal(buf, model, SIZE);
	assert_int_equal(block_flush(bs), 0);
	block_close(bs);
	bs = open_img(name, NULL);
	assert_non_null(bs);
	memset(buf, 0xee, SIZE);
	/* odd-sized reads that straddle grains */
	for (uint64_t off = 0; off < SIZE; off += 77777) {
		size_t n = SIZE - off < 77777 ? SIZE - off : 77777;

		assert_int_equal(block_read(bs, off, buf + off, n), 0);
	}
	assert_memory_equal(buf, model, SIZE);
	block_close(bs);
	free(buf);
	free(w);
}

static void test_fresh(const char *name, const char *fmt, const char *sub)
{
	struct block_create_opts co = { .size = SIZE, .subformat = sub };
	uint8_t *model = calloc(1, SIZE);

	assert_int_equal(block_create(path(name), fmt, &co), 0);
	scribble(name, fmt, model, 1);
	free(model);
}

static void test_vmdk_sparse(void **state)
{
	test_fresh("s.vmdk", "vmdk", "monolithicSparse");
}

static void test_vmdk_flat(void **state)
{
	test_fresh("f.vmdk", "vmdk", "monolithicFlat");
}

static void test_qcow(void **state)
{
	test_fresh("q.qcow", "qcow", NULL);
}

/* An overlay reads its backing file where it has no cluster, and a
 * partial write copies the rest of the cluster up from it. */
static void test_qcow_backing(void **state)
{
	struct block_create_opts co = { .size = SIZE };
	uint8_t *model = calloc(1, SIZE);
	struct block_dev *bs;

	assert_int_equal(block_create(path("base.qcow"), "qcow", &co), 0);
	scribble("base.qcow", "qcow", model, 2);
	co.size = 0;
	co.backing_file = "base.qcow";
	assert_int_equal(block_create(path("ov.qcow"), "qcow", &co), 0);
	scribble("ov.qcow", "qcow", model, 3);
	/* the base is untouched by the overlay's writes */
	bs = open_img("base.qcow", NULL);
	assert_non_null(bs);
	assert_int_equal(bs->size, SIZE);
	block_close(bs);
	free(model);
}

static void test_unknown_subformat(void **state)
{
	struct block_create_opts co = { .size = SIZE, .subformat = "nonsense" };

	assert_int_equal(block_create(path("x.vmdk"), "vmdk", &co), -EINVAL);
}

static void test_desc_parse(void **state)
{
	static struct vmdk_desc d;
	const char *text =
		"# Disk DescriptorFile\nversion=1\nCID=fffffffe\n"
		"parentCID=ffffffff\ncreateType=\"twoGbMaxExtentSparse\"\n\n"
		"RW 4192256 SPARSE \"a-s001.vmdk\"\n"
		"RDONLY 2048 FLAT \"a b-f002.vmdk\" 7\n"
		"RW 100 ZERO\n\n#DDB\nddb.adapterType = \"ide\"\n";

	assert_null(vmdk_desc_parse(text, &d));
	assert_int_equal(d.cid, 0xfffffffe);
	assert_int_equal(d.parent_cid, 0xffffffff);
	assert_string_equal(d.create_type, "twoGbMaxExtentSparse");
	assert_int_equal(d.nr_extents, 3);
	assert_int_equal(d.ext[0].type, VMDK_SPARSE);
	assert_int_equal(d.ext[0].sectors, 4192256);
	assert_string_equal(d.ext[1].file, "a b-f002.vmdk");
	assert_true(d.ext[1].read_only);
	assert_int_equal(d.ext[1].offset, 7);
	assert_int_equal(d.ext[2].type, VMDK_ZERO);

	assert_non_null(vmdk_desc_parse("# Disk DescriptorFile\nCID=1\n", &d));
	assert_non_null(vmdk_desc_parse("RW 10 SPARSE\n", &d));
	assert_non_null(vmdk_desc_parse("RW 10 WEIRD \"x\"\n", &d));
	assert_non_null(vmdk_desc_parse("RW 0 FLAT \"x\" 0\n", &d));
}

/* The text we write parses back to what we meant. */
static void test_desc_roundtrip(void **state)
{
	static struct vmdk_desc d;
	char *t = vmdk_desc_format(0x1234abcd, "monolithicFlat", VMDK_FLAT,
				   "disk-flat.vmdk", 6144);

	assert_non_null(t);
	assert_null(vmdk_desc_parse(t, &d));
	assert_int_equal(d.cid, 0x1234abcd);
	assert_string_equal(d.create_type, "monolithicFlat");
	assert_int_equal(d.nr_extents, 1);
	assert_int_equal(d.ext[0].type, VMDK_FLAT);
	assert_int_equal(d.ext[0].sectors, 6144);
	assert_string_equal(d.ext[0].file, "disk-flat.vmdk");
	free(t);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_vmdk_sparse),
		cmocka_unit_test(test_vmdk_flat),
		cmocka_unit_test(test_qcow),
		cmocka_unit_test(test_qcow_backing),
		cmocka_unit_test(test_unknown_subformat),
		cmocka_unit_test(test_desc_parse),
		cmocka_unit_test(test_desc_roundtrip),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}
