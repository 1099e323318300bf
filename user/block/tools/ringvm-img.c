// SPDX-License-Identifier: GPL-2.0-only
/*
 * ringvm-img: the disk image tool, with qemu-img's command syntax, on top
 * of the block layer (user/block).
 */
#include <errno.h>
#include <getopt.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "block/block.h"
#include "block/block_int.h"
#include "core/lib/log.h"
#include "core/lib/parse.h"
#include "img_cmds.h"
#include "img_crypt.h"

/* copy and compare granularity */
#define IMG_CHUNK (1u << 20)

static void usage(FILE *f)
{
	fprintf(f,
		"usage: ringvm-img [--help | --version] command [args]\n"
		"commands:\n"
		"  create [-f fmt] [-b backing_file [-F backing_fmt]] [-o options] filename [size]\n"
		"  info [-f fmt] [--output=human|json] filename\n"
		"  check [-f fmt] [-r leaks|all] filename\n"
		"  convert [-c] [-p] [-f fmt] [-O output_fmt] [-o options] filename output_filename\n"
		"  compare [-f fmt] [-F fmt] [-p] filename1 filename2\n"
		"  resize [-f fmt] [--shrink] filename [+|-]size\n"
		"  snapshot [-l | -c tag | -a tag | -d tag] [-f fmt] filename\n"
"  commit [-f fmt] [-d] filename\n"
"  rebase [-f fmt] [-u] -b backing_file [-F backing_fmt] filename\n"
"  map [-f fmt] [--output=human|json] filename\n"
		"\n"
		"size is in bytes; suffixes k or K (kibibyte), M, G, T.\n"
		"create/convert -o options: backing_file, backing_fmt, cluster_size,\n"
		"  compat (0.10 or 1.1), subformat (vmdk), size,\n"
		"  encryption=on / encrypt.format=aes with encrypt.key-secret=ID (legacy AES)\n"
		"--object secret,id=ID,data=PASSWORD|file=PATH names a key; --image-opts\n"
		"  takes images as driver=qcow2,file.filename=F,encrypt.key-secret=ID\n"
		"Supported formats: raw qcow2 qcow vmdk cow cloop bochs\n");
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

/* info and check read metadata only: an encrypted image needs no key */
static bool img_no_io;

static struct block_dev *img_open_key(const char *file, const char *fmt, bool rw,
				      const char *key)
{
	struct block_open_opts o = { .format = fmt, .read_only = !rw, .key = key,
				     .no_io = img_no_io };

	struct block_dev *bs;

	block_init();
	bs = block_open(file, &o);
	/* the block layer falls back to read-only for guests; a command
	 * that has to write says so instead */
	if (bs && rw && bs->read_only) {
		err_report("Could not open '%s' for writing: %s", file,
			   strerror(EACCES));
		block_close(bs);
		return NULL;
	}
	return bs;
}

/* @spec: a file name, or with --image-opts driver=,file.filename=,... */
static struct block_dev *img_open(const char *spec, const char *fmt, bool rw)
{
	const char *file, *key;
	struct block_dev *bs;
	char *keep;

	if (img_crypt_spec(spec, &file, &fmt, &key, &keep))
		return NULL;
	bs = img_open_key(file, fmt, rw, key);
	free(keep);
	return bs;
}

/* -o backing_file=x,backing_fmt=y,cluster_size=64k,compat=1.1,size=1G */
static int parse_create_opts(const char *s, struct block_create_opts *co,
			     char **keep)
{
	char *dup = strdup(s), *save = NULL, *kv;
	int ret = 0;

	if (!dup)
		return -1;
	*keep = dup;	/* the strings point into it */
	for (kv = strtok_r(dup, ",", &save); kv && !ret;
	     kv = strtok_r(NULL, ",", &save)) {
		char *v = strchr(kv, '=');
		uint64_t n;
		int r;

		if (!v) {
			err_report("Invalid option '%s': expected key=value", kv);
			return -1;
		}
		*v++ = 0;
		if (!strcmp(kv, "backing_file")) {
			co->backing_file = v;
		} else if (!strcmp(kv, "backing_fmt")) {
			co->backing_format = v;
		} else if (!strcmp(kv, "cluster_size")) {
			if (parse_size(v, 'B', &n) || n > (1u << 21)) {
				err_report("Invalid cluster_size '%s'", v);
				ret = -1;
			}
			co->cluster_size = (uint32_t)n;
		} else if (!strcmp(kv, "compat")) {
			if (!strcmp(v, "0.10") || !strcmp(v, "v2")) {
				co->compat = 2;
			} else if (!strcmp(v, "1.1") || !strcmp(v, "v3")) {
				co->compat = 3;
			} else {
				err_report("Invalid compatibility level: '%s'", v);
				ret = -1;
			}
		} else if (!strcmp(kv, "subformat")) {
			co->subformat = v;
		} else if (!strcmp(kv, "size")) {
			if (parse_size(v, 'B', &co->size)) {
				err_report("Invalid image size specified: '%s'", v);
				ret = -1;
			}
		} else if ((r = img_crypt_create_opt(kv, v, co)) != 0) {
			if (r < 0)
				ret = -1;
		} else {
			err_report("Invalid parameter '%s'", kv);
			ret = -1;
		}
	}
	return ret;
}

static void print_formatting(const char *file, const char *fmt,
			     const struct block_create_opts *co)
{
	printf("Formatting '%s', fmt=%s", file, fmt);
	if (!strcmp(fmt, "qcow2"))
		printf(" cluster_size=%u", co->cluster_size ? co->cluster_size : 65536);
	if (co->backing_file)
		printf(" backing_file=%s", co->backing_file);
	if (co->backing_format)
		printf(" backing_fmt=%s", co->backing_format);
	if (co->encrypt)
		printf(" encrypt.format=aes");
	printf(" size=%llu\n", (unsigned long long)co->size);
}

static int cmd_create(int argc, char **argv)
{
	struct block_create_opts co = { 0 };
	const char *fmt = "raw";
	char *keep = NULL;
	int c, ret = 1;

	while ((c = getopt(argc, argv, "f:o:b:F:")) != -1) {
		switch (c) {
		case 'f':
			fmt = optarg;
			break;
		case 'o':
			free(keep);
			if (parse_create_opts(optarg, &co, &keep))
				goto out;
			break;
		case 'b':
			co.backing_file = optarg;
			break;
		case 'F':
			co.backing_format = optarg;
			break;
		default:
			goto out;
		}
	}
	if (argc - optind < 1 || argc - optind > 2 ||
	    (argc - optind == 1 && !co.backing_file && !co.size)) {
		err_report("create: expected a filename and a size");
		goto out;
	}
	if (argc - optind == 2 &&
	    (parse_size(argv[optind + 1], 'B', &co.size) || co.size > INT64_MAX)) {
		err_report("Invalid image size specified: '%s'", argv[optind + 1]);
		goto out;
	}
	block_init();
	if (!block_find_driver(fmt)) {
		err_report("Unknown file format '%s'", fmt);
		goto out;
	}
	if (!co.size && co.backing_file) {
		/* the size of the backing file, found beside the new image */
		char *path = block_path_combine(argv[optind], co.backing_file);
		struct block_dev *b = path ? img_open(path, co.backing_format,
						       false) : NULL;

		free(path);
		if (!b)
			goto out;
		co.size = b->size;
		block_close(b);
	}
	if (img_crypt_create_check(&co))
		goto out;
	print_formatting(argv[optind], fmt, &co);
	ret = block_create(argv[optind], fmt, &co) ? 1 : 0;
out:
	free(keep);
	return ret;
}

static void json_str(const char *key, const char *v, bool comma)
{
	printf("    \"%s\": \"", key);
	for (; *v; v++) {
		if (*v == '"' || *v == '\\')
			putchar('\\');
		putchar(*v);
	}
	printf("\"%s\n", comma ? "," : "");
}

static void print_snapshots(struct block_dev *bs)
{
	struct block_snapshot_info *sn;
	int n = bs->drv->snapshot_list ? bs->drv->snapshot_list(bs, &sn) : 0;

	if (n <= 0)
		return;
	printf("Snapshot list:\n%-10s%-17s%10s%20s%15s\n", "ID", "TAG",
	       "VM SIZE", "DATE", "VM CLOCK");
	for (int i = 0; i < n; i++) {
		char vms[32], date[32];
		time_t t = (time_t)sn[i].date_sec;
		uint64_t ms = sn[i].vm_clock_nsec / 1000000;

		format_size(vms, sizeof(vms), sn[i].vm_state_size);
		strftime(date, sizeof(date), "%Y-%m-%d %H:%M:%S", localtime(&t));
		printf("%-10s%-17s%10s%20s %02llu:%02llu:%02llu.%03llu\n",
		       sn[i].id, sn[i].name, vms, date,
		       (unsigned long long)(ms / 3600000),
		       (unsigned long long)(ms / 60000 % 60),
		       (unsigned long long)(ms / 1000 % 60),
		       (unsigned long long)(ms % 1000));
	}
	free(sn);
}

static int cmd_info(int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "output", required_argument, NULL, 'j' },
		{ NULL, 0, NULL, 0 },
	};
	struct block_info info = { 0 };
	const char *fmt = NULL;
	char vsize[32], dsize[32];
	struct block_dev *bs;
	struct stat st;
	bool json = false;
	int c;

	while ((c = getopt_long(argc, argv, "f:", longopts, NULL)) != -1) {
		if (c == 'f') {
			fmt = optarg;
		} else if (c == 'j') {
			if (strcmp(optarg, "json") && strcmp(optarg, "human")) {
				err_report("--output must be used with human or json as argument.");
				return 1;
			}
			json = !strcmp(optarg, "json");
		} else {
			return 1;
		}
	}
	if (argc - optind != 1) {
		err_report("info: expected a filename");
		return 1;
	}
	img_no_io = true;
	bs = img_open(argv[optind], fmt, false);
	if (!bs)
		return 1;
	info.format = bs->drv->name;
	if (bs->drv->info)
		bs->drv->info(bs, &info);
	info.virtual_size = bs->size;
	if (!fstat(bs->fd, &st))
		info.actual_size = (uint64_t)st.st_blocks * 512;
	if (json) {
		printf("{\n");
		printf("    \"virtual-size\": %" PRIu64 ",\n", info.virtual_size);
		json_str("filename", argv[optind], true);
		if (info.cluster_size)
			printf("    \"cluster-size\": %u,\n", info.cluster_size);
		json_str("format", info.format, true);
		printf("    \"actual-size\": %" PRIu64 ",\n", info.actual_size);
		if (info.encrypted)
			printf("    \"encrypted\": true,\n");
		if (info.backing_file)
			json_str("backing-filename", info.backing_file, true);
		if (info.backing_format)
			json_str("backing-filename-format", info.backing_format, true);
		printf("    \"dirty-flag\": %s\n}\n", info.dirty ? "true" : "false");
	} else {
		format_size(vsize, sizeof(vsize), info.virtual_size);
		format_size(dsize, sizeof(dsize), info.actual_size);
		printf("image: %s\nfile format: %s\nvirtual size: %s (%llu bytes)\n"
		       "disk size: %s\n", argv[optind], info.format, vsize,
		       (unsigned long long)info.virtual_size, dsize);
		if (info.encrypted)
			printf("encrypted: yes\n");
		if (info.cluster_size)
			printf("cluster_size: %u\n", info.cluster_size);
		if (info.backing_file)
			printf("backing file: %s\n", info.backing_file);
		if (info.backing_format)
			printf("backing file format: %s\n", info.backing_format);
		if (info.compat)
			printf("Format specific information:\n"
			       "    compat: %s\n    corrupt: %s\n",
			       info.compat >= 3 ? "1.1" : "0.10",
			       info.corrupt ? "true" : "false");
		if (info.format_specific)
			printf("Format specific information:\n%s",
			       info.format_specific);
		if (info.dirty)
			printf("    dirty: true\n");
		print_snapshots(bs);
	}
	block_close(bs);
	return 0;
}

static int cmd_check(int argc, char **argv)
{
	struct block_check res = { 0 };
	enum block_fix fix = BLOCK_FIX_NONE;
	const char *fmt = NULL;
	struct block_dev *bs;
	int c, ret;

	while ((c = getopt(argc, argv, "f:r:")) != -1) {
		if (c == 'f') {
			fmt = optarg;
		} else if (c == 'r') {
			if (!strcmp(optarg, "leaks")) {
				fix = BLOCK_FIX_LEAKS;
			} else if (!strcmp(optarg, "all")) {
				fix = BLOCK_FIX_ALL;
			} else {
				err_report("Unknown option value for -r (expecting 'leaks' or 'all'): %s",
					   optarg);
				return 1;
			}
		} else {
			return 1;
		}
	}
	if (argc - optind != 1) {
		err_report("check: expected a filename");
		return 1;
	}
	img_no_io = true;
	bs = img_open(argv[optind], fmt, fix != BLOCK_FIX_NONE);
	if (!bs)
		return 1;
	if (!bs->drv->check) {
		err_report("This image format does not support checks");
		block_close(bs);
		return 63;
	}
	ret = bs->drv->check(bs, &res, fix);
	block_close(bs);
	if (ret) {
		err_report("Check failed: %s", strerror(-ret));
		return 1;
	}
	if (res.leaks_fixed || res.corruptions_fixed)
		printf("The following inconsistencies were found and repaired:\n\n"
		       "    %llu leaked clusters\n    %llu corruptions\n\n",
		       (unsigned long long)res.leaks_fixed,
		       (unsigned long long)res.corruptions_fixed);
	if (!res.corruptions && !res.leaks && !res.check_errors) {
		printf("No errors were found on the image.\n");
		return 0;
	}
	if (res.corruptions)
		printf("\n%llu errors were found on the image.\n"
		       "Data may be corrupted, or further writes to the image may corrupt it.\n",
		       (unsigned long long)res.corruptions);
	if (res.leaks)
		printf("\n%llu leaked clusters were found on the image.\n"
		       "This means waste of disk space, but no harm to data.\n",
		       (unsigned long long)res.leaks);
	if (res.check_errors)
		printf("\n%llu internal errors have occurred during the check.\n",
		       (unsigned long long)res.check_errors);
	if (res.corruptions)
		return 2;
	return res.check_errors ? 1 : 3;
}

static void progress(bool on, uint64_t done, uint64_t total)
{
	if (on)
		printf("    (%.2f/100%%)\r", total ? 100.0 * (double)done / (double)total : 100.0);
	fflush(stdout);
}

static bool all_zero(const uint8_t *p, size_t n)
{
	return !n || (!p[0] && !memcmp(p, p + 1, n - 1));
}

static int cmd_convert(int argc, char **argv)
{
	struct block_create_opts co = { 0 };
	const char *fmt = NULL, *ofmt = "raw";
	struct block_dev *in = NULL, *out = NULL;
	struct block_info oinfo = { 0 };
	bool compress = false, prog = false;
	char *keep = NULL;
	uint8_t *buf = NULL;
	uint64_t off;
	size_t csize;
	int c, ret = 1;

	while ((c = getopt(argc, argv, "f:O:o:cp")) != -1) {
		switch (c) {
		case 'f':
			fmt = optarg;
			break;
		case 'O':
			ofmt = optarg;
			break;
		case 'o':
			free(keep);
			if (parse_create_opts(optarg, &co, &keep))
				goto out;
			break;
		case 'c':
			compress = true;
			break;
		case 'p':
			prog = true;
			break;
		default:
			goto out;
		}
	}
	if (argc - optind != 2) {
		err_report("convert: expected an input and an output filename");
		goto out;
	}
	in = img_open(argv[optind], fmt, false);
	if (!in)
		goto out;
	if (!block_find_driver(ofmt)) {
		err_report("Unknown file format '%s'", ofmt);
		goto out;
	}
	co.size = in->size;
	co.compress_hint = compress;
	if (img_crypt_create_check(&co))
		goto out;
	if (block_create(argv[optind + 1], ofmt, &co))
		goto out;
	out = img_open_key(argv[optind + 1], ofmt, true, co.key);
	if (!out)
		goto out;
	if (compress && !out->drv->write_compressed) {
		err_report("Compression not supported for this file format");
		goto out;
	}
	if (out->drv->info)
		out->drv->info(out, &oinfo);
	csize = oinfo.cluster_size ? oinfo.cluster_size : 65536;
	buf = malloc(IMG_CHUNK > csize ? IMG_CHUNK : csize);
	if (!buf)
		goto out;
	progress(prog, 0, in->size);
	for (off = 0; off < in->size;) {
		size_t n = (size_t)(in->size - off < csize ? in->size - off : csize);
		int r = block_read(in, off, buf, n);

		if (r) {
			err_report("error while reading at byte %llu: %s",
				   (unsigned long long)off, strerror(-r));
			goto out;
		}
		/* a fresh image without a backing file reads as zeros */
		if (!all_zero(buf, n) || co.backing_file) {
			if (compress)
				r = out->drv->write_compressed(out, off, buf, n);
			else
				r = block_write(out, off, buf, n);
			if (r) {
				err_report("error while writing at byte %llu: %s",
					   (unsigned long long)off, strerror(-r));
				goto out;
			}
		}
		off += n;
		if ((off & (IMG_CHUNK - 1)) < n || off == in->size)
			progress(prog, off, in->size);
	}
	if (block_flush(out))
		goto out;
	if (prog)
		printf("\n");
	ret = 0;
out:
	free(buf);
	block_close(in);
	block_close(out);
	free(keep);
	return ret;
}

static int cmd_compare(int argc, char **argv)
{
	const char *fa = NULL, *fb = NULL;
	struct block_dev *a = NULL, *b = NULL;
	uint8_t *ba = NULL, *bb = NULL;
	uint64_t size, off;
	bool prog = false;
	int c, ret = 2;

	while ((c = getopt(argc, argv, "f:F:p")) != -1) {
		if (c == 'f')
			fa = optarg;
		else if (c == 'F')
			fb = optarg;
		else if (c == 'p')
			prog = true;
		else
			return 2;
	}
	if (argc - optind != 2) {
		err_report("compare: expected two filenames");
		return 2;
	}
	a = img_open(argv[optind], fa, false);
	b = a ? img_open(argv[optind + 1], fb, false) : NULL;
	ba = malloc(IMG_CHUNK);
	bb = malloc(IMG_CHUNK);
	if (!a || !b || !ba || !bb)
		goto out;
	size = a->size > b->size ? a->size : b->size;
	/* past the end of the shorter image, the longer must read as zeros */
	for (off = 0; off < size;) {
		size_t n = (size_t)(size - off < IMG_CHUNK ? size - off : IMG_CHUNK);
		size_t na = off >= a->size ? 0 : (size_t)(a->size - off < n ? a->size - off : n);
		size_t nb = off >= b->size ? 0 : (size_t)(b->size - off < n ? b->size - off : n);

		memset(ba, 0, n);
		memset(bb, 0, n);
		if ((na && block_read(a, off, ba, na)) ||
		    (nb && block_read(b, off, bb, nb))) {
			err_report("Error while reading offset %llu", (unsigned long long)off);
			goto out;
		}
		if (memcmp(ba, bb, n)) {
			size_t i = 0;

			while (ba[i] == bb[i])
				i++;
			if (prog)
				printf("\n");
			printf("Content mismatch at offset %llu!\n",
			       (unsigned long long)((off + i) & ~511ull));
			ret = 1;
			goto out;
		}
		off += n;
		progress(prog, off, size);
	}
	if (prog)
		printf("\n");
	if (a->size != b->size)
		printf("Warning: Image size mismatch!\n");
	printf("Images are identical.\n");
	ret = 0;
out:
	free(ba);
	free(bb);
	block_close(a);
	block_close(b);
	return ret;
}

static int cmd_snapshot(int argc, char **argv)
{
	const char *fmt = NULL, *arg = NULL;
	struct block_dev *bs;
	int c, op = 'l', ret;

	while ((c = getopt(argc, argv, "f:la:c:d:")) != -1) {
		if (c == 'f') {
			fmt = optarg;
		} else if (c == 'l' || c == 'a' || c == 'c' || c == 'd') {
			op = c;
			arg = optarg;
		} else {
			return 1;
		}
	}
	if (argc - optind != 1) {
		err_report("snapshot: expected a filename");
		return 1;
	}
	bs = img_open(argv[optind], fmt, op != 'l');
	if (!bs)
		return 1;
	if (op == 'l') {
		print_snapshots(bs);
		block_close(bs);
		return 0;
	}
	if (!bs->drv->snapshot_create) {
		err_report("Format driver '%s' does not support snapshots",
			   bs->drv->name);
		block_close(bs);
		return 1;
	}
	if (op == 'c') {
		struct block_snapshot_info sn = { 0 };
		struct timespec ts;

		clock_gettime(CLOCK_REALTIME, &ts);
		snprintf(sn.name, sizeof(sn.name), "%s", arg);
		sn.date_sec = (uint32_t)ts.tv_sec;
		sn.date_nsec = (uint32_t)ts.tv_nsec;
		ret = bs->drv->snapshot_create(bs, &sn);
		if (ret)
			err_report("Could not create snapshot '%s': %s", arg,
				   ret == -EEXIST ? "a snapshot with this name exists" :
				   strerror(-ret));
	} else if (op == 'a') {
		ret = bs->drv->snapshot_goto(bs, arg);
		if (ret)
			err_report("Could not apply snapshot '%s': %s", arg,
				   strerror(-ret));
	} else {
		ret = bs->drv->snapshot_delete(bs, arg);
		if (ret)
			err_report("Could not delete snapshot '%s': %s", arg,
				   strerror(-ret));
	}
	block_close(bs);
	return ret ? 1 : 0;
}

static int cmd_resize(int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "shrink", no_argument, NULL, 's' },
		{ NULL, 0, NULL, 0 },
	};
	const char *fmt = NULL, *arg;
	struct block_dev *bs;
	bool shrink = false;
	uint64_t n, size;
	int c, ret = 1;

	/* "-1G" is a size, not an option: stop at the first non-option */
	while ((c = getopt_long(argc, argv, "+f:", longopts, NULL)) != -1) {
		if (c == 'f')
			fmt = optarg;
		else if (c == 's')
			shrink = true;
		else
			return 1;
	}
	if (argc - optind == 3 && !strcmp(argv[optind + 1], "--shrink")) {
		shrink = true;
		argv[optind + 1] = argv[optind + 2];
		argc--;
	}
	if (argc - optind != 2) {
		err_report("resize: expected a filename and a size");
		return 1;
	}
	arg = argv[optind + 1];
	if (parse_size(arg + (*arg == '+' || *arg == '-'), 'B', &n)) {
		err_report("Invalid image size specified: '%s'", arg);
		return 1;
	}
	bs = img_open(argv[optind], fmt, true);
	if (!bs)
		return 1;
	if (*arg == '+')
		size = bs->size + n;
	else if (*arg == '-')
		size = n > bs->size ? 0 : bs->size - n;
	else
		size = n;
	if (size < bs->size && !shrink) {
		err_report("Use the --shrink option to perform a shrink operation.");
	} else if (!bs->drv->truncate) {
		err_report("Image format driver does not support resize");
	} else if (!bs->drv->truncate(bs, size)) {
		printf("Image resized.\n");
		ret = 0;
	} else {
		err_report("Error resizing image");
	}
	block_close(bs);
	return ret;
}

int main(int argc, char **argv)
{
	static const struct {
		const char *name;
		int (*fn)(int argc, char **argv);
	} cmds[] = {
		{ "create", cmd_create }, { "info", cmd_info },
		{ "check", cmd_check }, { "convert", cmd_convert },
		{ "compare", cmd_compare }, { "resize", cmd_resize },
		{ "snapshot", cmd_snapshot },
		{ "commit", cmd_commit }, { "rebase", cmd_rebase },
		{ "map", cmd_map },
	};

	err_progname = "ringvm-img";
	if (img_crypt_args(&argc, argv))
		return 1;
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
	for (size_t i = 0; i < sizeof(cmds) / sizeof(cmds[0]); i++)
		if (!strcmp(argv[1], cmds[i].name))
			return cmds[i].fn(argc - 1, argv + 1);
	err_report("Command not found: %s", argv[1]);
	return 1;
}
