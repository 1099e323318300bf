// SPDX-License-Identifier: GPL-2.0-only
/*
 * The IDE drive options as QEMU users type them: -hda..-hdd, -cdrom, a
 * bare image name, -drive with its parameters, -snapshot, and the errors
 * that name what was wrong.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include "block/block.h"
#include "vmm/options.h"

static int parse(struct vm_config *cfg, char *err, ...)
{
	char *argv[32] = { "ringvm" };
	int argc = 1;
	va_list ap;

	va_start(ap, err);
	while (argc < 31 && (argv[argc] = va_arg(ap, char *)))
		argc++;
	va_end(ap);
	options_defaults(cfg);
	err[0] = 0;
	return options_parse(cfg, argc, argv, err, 256);
}

static void hd_and_cdrom_indexes(void **state)
{
	struct vm_config cfg;
	char err[256];

	assert_int_equal(parse(&cfg, err, "-hdb", "b.img", "-cdrom", "x.iso",
			       "-hdd", "d.qcow2", NULL), 0);
	assert_int_equal(cfg.n_drives, 3);
	assert_string_equal(cfg.drives[0].file, "b.img");
	assert_int_equal(cfg.drives[0].index, 1);
	assert_int_equal(cfg.drives[0].media, DRIVE_MEDIA_DISK);
	assert_int_equal(cfg.drives[1].index, 2);
	assert_int_equal(cfg.drives[1].media, DRIVE_MEDIA_CDROM);
	assert_int_equal(cfg.drives[2].index, 3);

	/* a bare argument is the first hard disk */
	assert_int_equal(parse(&cfg, err, "disk.img", "-snapshot", NULL), 0);
	assert_int_equal(cfg.n_drives, 1);
	assert_string_equal(cfg.drives[0].file, "disk.img");
	assert_int_equal(cfg.drives[0].index, 0);
	assert_true(cfg.snapshot);

	/* -hdc and -cdrom both want index 2 */
	assert_int_equal(parse(&cfg, err, "-hdc", "c.img", "-cdrom", "x.iso",
			       NULL), -1);
	assert_non_null(strstr(err, "-cdrom x.iso"));
	assert_non_null(strstr(err, "index 2"));
}

static void drive_parameters(void **state)
{
	struct vm_config cfg;
	char err[256];

	assert_int_equal(parse(&cfg, err, "-drive",
			       "file=a.qcow2,format=qcow2,if=ide,index=3,"
			       "snapshot=on,cache=unsafe,readonly=on",
			       "-drive", "media=cdrom", "-drive", "b.img", NULL), 0);
	assert_int_equal(cfg.n_drives, 3);
	assert_string_equal(cfg.drives[0].file, "a.qcow2");
	assert_string_equal(cfg.drives[0].format, "qcow2");
	assert_int_equal(cfg.drives[0].index, 3);
	assert_true(cfg.drives[0].snapshot);
	assert_true(cfg.drives[0].read_only);
	assert_int_equal(cfg.drives[0].cache, BLOCK_CACHE_UNSAFE);
	/* an empty CD-ROM drive, then an implied file= */
	assert_null(cfg.drives[1].file);
	assert_int_equal(cfg.drives[1].media, DRIVE_MEDIA_CDROM);
	assert_int_equal(cfg.drives[1].index, -1);
	assert_string_equal(cfg.drives[2].file, "b.img");
	assert_null(cfg.drives[2].format);
	assert_false(cfg.drives[2].snapshot);
	assert_int_equal(cfg.drives[2].cache, BLOCK_CACHE_WRITEBACK);
}

static void drive_errors(void **state)
{
	struct vm_config cfg;
	char err[256];

	assert_int_equal(parse(&cfg, err, "-drive", "file=a,index=4", NULL), -1);
	assert_non_null(strstr(err, "index=4"));
	assert_int_equal(parse(&cfg, err, "-drive", "file=a,media=tape", NULL), -1);
	assert_non_null(strstr(err, "media=tape"));
	assert_int_equal(parse(&cfg, err, "-drive", "file=a,cache=fast", NULL), -1);
	assert_non_null(strstr(err, "cache=fast"));
	assert_int_equal(parse(&cfg, err, "-drive", "file=a,snapshot=maybe", NULL), -1);
	assert_non_null(strstr(err, "snapshot=maybe"));
	assert_int_equal(parse(&cfg, err, "-drive", "file=a,bogus=1", NULL), -1);
	assert_non_null(strstr(err, "'bogus'"));
	/* a disk without an image */
	assert_int_equal(parse(&cfg, err, "-drive", "index=0", NULL), -1);
	assert_non_null(strstr(err, "file="));
	assert_int_equal(parse(&cfg, err, "-hda", "a", "-drive", "file=b,index=0",
			       NULL), -1);
	assert_non_null(strstr(err, "already in use"));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(hd_and_cdrom_indexes),
		cmocka_unit_test(drive_parameters),
		cmocka_unit_test(drive_errors),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
