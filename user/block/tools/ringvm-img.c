// SPDX-License-Identifier: GPL-2.0-only
/*
 * ringvm-img: the disk image tool, with qemu-img's command syntax.
 *
 * This first version knows the raw format only (create, info); the block
 * layer with qcow2 and the other formats replaces the raw code here with
 * calls into user/block.
 */
#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "core/lib/log.h"
#include "core/lib/parse.h"

static void usage(FILE *f)
{
	fprintf(f,
		"usage: ringvm-img [--help | --version] command [args]\n"
		"commands:\n"
		"  create [-f fmt] filename size    create a new image\n"
		"  info [-f fmt] filename           show what an image is\n"
		"\n"
		"size is in bytes; suffixes k or K (kibibyte), M, G, T.\n"
		"Supported formats: raw\n");
}

/* "1 GiB" the way qemu-img prints sizes: the largest unit, 3 significant digits. */
static void format_size(char *buf, size_t len, uint64_t bytes)
{
	static const char *const units[] = { "B", "KiB", "MiB", "GiB", "TiB",
					     "PiB", "EiB" };
	double v = (double)bytes;
	int u = 0;

	while (v >= 1024 && u < 6) {
		v /= 1024;
		u++;
	}
	if (u == 0)
		snprintf(buf, len, "%llu B", (unsigned long long)bytes);
	else
		snprintf(buf, len, "%.3g %s", v, units[u]);
}

static int check_format(const char *fmt)
{
	if (fmt && strcmp(fmt, "raw")) {
		err_report("format '%s' is not supported yet (supported: raw)",
			   fmt);
		return -1;
	}
	return 0;
}

static int cmd_create(int argc, char **argv)
{
	const char *fmt = NULL;
	uint64_t size;
	int c, fd;

	while ((c = getopt(argc, argv, "f:")) != -1) {
		if (c != 'f')
			return 1;
		fmt = optarg;
	}
	if (argc - optind != 2) {
		err_report("create: expected a filename and a size");
		return 1;
	}
	if (check_format(fmt))
		return 1;
	if (parse_size(argv[optind + 1], 'B', &size) || size > INT64_MAX) {
		err_report("Invalid image size specified: '%s'", argv[optind + 1]);
		return 1;
	}
	fd = open(argv[optind], O_WRONLY | O_CREAT | O_TRUNC, 0644);
	if (fd < 0) {
		err_report("%s: %s", argv[optind], strerror(errno));
		return 1;
	}
	/* A raw image is sparse: set the length, write nothing. */
	if (ftruncate(fd, (off_t)size)) {
		err_report("%s: %s", argv[optind], strerror(errno));
		close(fd);
		return 1;
	}
	close(fd);
	printf("Formatting '%s', fmt=raw size=%llu\n", argv[optind],
	       (unsigned long long)size);
	return 0;
}

static int cmd_info(int argc, char **argv)
{
	const char *fmt = NULL;
	char vsize[32], dsize[32];
	struct stat st;
	int c;

	while ((c = getopt(argc, argv, "f:")) != -1) {
		if (c != 'f')
			return 1;
		fmt = optarg;
	}
	if (argc - optind != 1) {
		err_report("info: expected a filename");
		return 1;
	}
	if (check_format(fmt))
		return 1;
	if (stat(argv[optind], &st)) {
		err_report("Could not open '%s': %s", argv[optind],
			   strerror(errno));
		return 1;
	}
	format_size(vsize, sizeof(vsize), (uint64_t)st.st_size);
	format_size(dsize, sizeof(dsize), (uint64_t)st.st_blocks * 512);
	printf("image: %s\nfile format: raw\nvirtual size: %s (%llu bytes)\n"
	       "disk size: %s\n", argv[optind], vsize,
	       (unsigned long long)st.st_size, dsize);
	return 0;
}

int main(int argc, char **argv)
{
	err_progname = "ringvm-img";
	if (argc < 2) {
		usage(stderr);
		return 1;
	}
	if (!strcmp(argv[1], "--help") || !strcmp(argv[1], "-h")) {
		usage(stdout);
		return 0;
	}
	if (!strcmp(argv[1], "--version") || !strcmp(argv[1], "-V")) {
		printf("ringvm-img version " RINGVM_VERSION "\n");
		return 0;
	}
	if (!strcmp(argv[1], "create"))
		return cmd_create(argc - 1, argv + 1);
	if (!strcmp(argv[1], "info"))
		return cmd_info(argc - 1, argv + 1);
	err_report("Command not found: %s", argv[1]);
	return 1;
}
