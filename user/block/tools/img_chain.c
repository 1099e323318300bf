// SPDX-License-Identifier: GPL-2.0-only
/*
 * ringvm-img's backing-chain commands, with qemu-img's syntax, output and
 * exit statuses: commit (an overlay's data into its backing file), rebase
 * (a new backing file, safe or -u unsafe) and map (where each range of
 * the disk comes from, human or --output=json).
 */
#include <errno.h>
#include <getopt.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "block/block.h"
#include "block/block_int.h"
#include "core/lib/log.h"
#include "img_cmds.h"

#define CHAIN_CHUNK (64u * 1024)

static struct block_dev *chain_open_opts(const char *file, const char *fmt,
					  bool rw, bool no_backing)
{
	struct block_open_opts o = { .format = fmt, .read_only = !rw,
				     .no_backing = no_backing };
	struct block_dev *bs;

	block_init();
	bs = block_open(file, &o);
	if (bs && rw && bs->read_only) {
		err_report("Could not open '%s' for writing: %s", file, strerror(EACCES));
		block_close(bs);
		return NULL;
	}
	return bs;
}

static struct block_dev *chain_open(const char *file, const char *fmt, bool rw)
{
	return chain_open_opts(file, fmt, rw, false);
}

/* Is [off, off + len) allocated in @bs itself; *pnum: the run length. */
static int layer_status(struct block_dev *bs, uint64_t off, uint64_t len,
			bool *alloc, uint64_t *pnum)
{
	int ret;

	if (!bs->drv->block_status) {
		*alloc = true;
		*pnum = len;
		return 0;
	}
	ret = bs->drv->block_status(bs, off, len, alloc, pnum);
	if (!ret && (!*pnum || *pnum > len))
		*pnum = len;
	return ret;
}

int cmd_commit(int argc, char **argv)
{
	const char *fmt = NULL;
	struct block_dev *top, *base;
	bool keep = false;
	uint8_t *buf;
	uint64_t off;
	int c, ret = 0;

	while ((c = getopt(argc, argv, "f:dpqt:")) != -1) {
		if (c == 'f')
			fmt = optarg;
		else if (c == 'd')
			keep = true;
		else if (c != 'p' && c != 'q' && c != 't')
			return 1;
	}
	if (argc - optind != 1) {
		err_report("Expecting one image file name");
		return 1;
	}
	/* writable unless -d: emptied afterwards, as qemu-img does */
	top = chain_open(argv[optind], fmt, !keep);
	if (!top)
		return 1;
	if (!top->backing) {
		err_report("Image does not have a backing file");
		block_close(top);
		return 1;
	}
	/* the backing file again, this time writable (the chain holds it
	 * read-only) */
	base = chain_open(top->backing->filename, top->backing->drv->name, true);
	buf = malloc(CHAIN_CHUNK);
	if (!base || !buf) {
		free(buf);
		if (base)
			block_close(base);
		block_close(top);
		return 1;
	}
	if (base->size < top->size && base->drv->truncate)
		ret = base->drv->truncate(base, top->size);
	for (off = 0; !ret && off < top->size;) {
		uint64_t n = top->size - off, pnum;
		bool alloc;

		if (n > CHAIN_CHUNK)
			n = CHAIN_CHUNK;
		ret = layer_status(top, off, n, &alloc, &pnum);
		if (!ret && alloc) {
			ret = block_read(top, off, buf, pnum);
			if (!ret)
				ret = block_write(base, off, buf, pnum);
		}
		off += pnum;
	}
	if (!ret)
		ret = block_flush(base);
	if (!ret && !keep && top->drv->make_empty) {
		ret = top->drv->make_empty(top);
		if (!ret)
			ret = block_flush(top);
	}
	free(buf);
	block_close(base);
	block_close(top);
	if (ret) {
		err_report("Block job failed: %s", strerror(-ret));
		return 1;
	}
	printf("Image committed.\n");
	return 0;
}

/* Write the 512-byte sectors where @old and @new differ. */
static int rebase_copy(struct block_dev *bs, uint64_t off, const uint8_t *old,
		       const uint8_t *new, uint64_t len)
{
	for (uint64_t i = 0; i < len;) {
		uint64_t j = i;
		int ret;

		while (j < len && memcmp(old + j, new + j,
					 len - j < 512 ? len - j : 512))
			j += 512;
		if (j > i) {
			if (j > len)
				j = len;
			ret = block_write(bs, off + i, old + i, j - i);
			if (ret)
				return ret;
			i = j;
		} else {
			i += 512;
		}
	}
	return 0;
}

int cmd_rebase(int argc, char **argv)
{
	const char *fmt = NULL, *bfile = NULL, *bfmt = NULL;
	struct block_dev *bs, *nb = NULL;
	bool unsafe = false;
	uint8_t *old = NULL, *new = NULL;
	int c, ret = 0;

	while ((c = getopt(argc, argv, "f:b:F:upqt:T:")) != -1) {
		switch (c) {
		case 'f': fmt = optarg; break;
		case 'b': bfile = optarg; break;
		case 'F': bfmt = optarg; break;
		case 'u': unsafe = true; break;
		case 'p': case 'q': case 't': case 'T': break;
		default: return 1;
		}
	}
	if (argc - optind != 1) {
		err_report("Expecting one image file name");
		return 1;
	}
	if (!bfile && !unsafe) {
		err_report("Must specify backing file (-b) or use unsafe mode (-u)");
		return 1;
	}
	if (!bfile)
		bfile = "";
	/* -u: the old backing file may be gone (the reason to use -u) */
	bs = chain_open_opts(argv[optind], fmt, true, unsafe);
	if (!bs)
		return 1;
	if (!bs->drv->change_backing) {
		err_report("Could not change the backing file to '%s': %s", bfile,
			   strerror(ENOTSUP));
		block_close(bs);
		return 1;
	}
	if (!unsafe && *bfile) {
		/* as qemu-img: relative to the image's folder */
		char *path = block_path_combine(bs->filename, bfile);
		struct block_open_opts o = { .format = bfmt, .read_only = true };

		nb = path ? block_open(path, &o) : NULL;
		free(path);
		if (!nb) {
			block_close(bs);
			return 1;
		}
		if (!bfmt)
			bfmt = nb->drv->name;
	}
	if (!unsafe) {
		old = malloc(CHAIN_CHUNK);
		new = malloc(CHAIN_CHUNK);
		if (!old || !new)
			ret = -ENOMEM;
	}
	/* safe mode: every range the image takes from its old backing
	 * chain, where the new one reads differently, is copied up first */
	for (uint64_t off = 0; !unsafe && !ret && off < bs->size;) {
		uint64_t n = bs->size - off, pnum;
		bool alloc;

		if (n > CHAIN_CHUNK)
			n = CHAIN_CHUNK;
		ret = layer_status(bs, off, n, &alloc, &pnum);
		if (ret || alloc) {
			off += pnum;
			continue;
		}
		ret = block_read(bs, off, old, pnum);
		memset(new, 0, pnum);
		if (!ret && nb && off < nb->size)
			ret = block_read(nb, off, new, nb->size - off < pnum ?
					 nb->size - off : pnum);
		if (!ret)
			ret = rebase_copy(bs, off, old, new, pnum);
		off += pnum;
	}
	if (!ret)
		ret = bs->drv->change_backing(bs, *bfile ? bfile : NULL,
					      *bfile ? bfmt : NULL);
	if (!ret)
		ret = block_flush(bs);
	free(old);
	free(new);
	if (nb)
		block_close(nb);
	block_close(bs);
	if (ret) {
		err_report("Could not change the backing file to '%s': %s", bfile,
			   strerror(-ret));
		return 1;
	}
	return 0;
}

struct map_entry {
	uint64_t start, length, offset;
	int depth;
	bool present, data, zero, has_offset;
	const char *file;
};

/*
 * As qemu-img asks the host file too: a range whose bytes sit in a hole
 * of the image file reads as zeros.  A trailing hole (no data after it)
 * counts for raw only: qemu-img 7.2 reports one inside a qcow2 cluster
 * as data (both checked on ext4).  Clips *len to the run with the same
 * answer.
 */
static bool map_in_hole(int fd, uint64_t host, uint64_t *len, bool trailing)
{
	off_t d = lseek(fd, (off_t)host, SEEK_DATA), h;

	if (d < 0)			/* ENXIO: no data from here on */
		return trailing && errno == ENXIO;
	if ((uint64_t)d > host) {
		if ((uint64_t)d - host < *len)
			*len = (uint64_t)d - host;
		return true;
	}
	h = lseek(fd, (off_t)host, SEEK_HOLE);
	if (h > 0 && (uint64_t)h - host < *len)
		*len = (uint64_t)h - host;
	return false;
}

/* Where the range at @off comes from: the first layer holding it. */
static int map_one(struct block_dev *top, uint64_t off, uint64_t len,
		   struct map_entry *e)
{
	struct block_dev *bs = top;
	int depth = 0;

	memset(e, 0, sizeof(*e));
	e->start = off;
	e->length = len;
	for (;; bs = bs->backing, depth++) {
		uint64_t pnum, host;
		bool alloc;
		int ret;

		if (off >= bs->size) {
			/* past the end of a shorter backing file: zeros */
			e->depth = depth - 1 < 0 ? 0 : depth - 1;
			return 0;
		}
		if (len > bs->size - off)
			len = bs->size - off;
		ret = layer_status(bs, off, len, &alloc, &pnum);
		if (ret)
			return ret;
		if (pnum < e->length)
			e->length = pnum;
		e->depth = depth;
		e->zero = true;
		if (alloc) {
			e->zero = false;
			e->present = e->data = true;
			e->file = bs->filename;
			ret = bs->drv->host_offset ?
			      bs->drv->host_offset(bs, off, &host) : -ENOENT;
			if (!ret) {
				e->has_offset = true;
				e->offset = host;
				e->zero = map_in_hole(bs->fd, host, &e->length,
						      bs->drv == &block_raw_driver);
				/* raw has nothing but the file: a hole is no data */
				if (e->zero && bs->drv == &block_raw_driver)
					e->data = false;
			} else if (ret == 1) {
				e->data = false;	/* a zero cluster */
				e->zero = true;
			}
			return 0;
		}
		if (!bs->backing)
			return 0;
	}
}

static bool map_joins(const struct map_entry *a, const struct map_entry *b)
{
	return a->depth == b->depth && a->present == b->present &&
	       a->data == b->data && a->zero == b->zero &&
	       a->has_offset == b->has_offset &&
	       a->file == b->file &&
	       (!a->has_offset || a->offset + a->length == b->offset);
}

static int map_print(const struct map_entry *e, bool json, bool *first)
{
	if (json) {
		printf("%s{ \"start\": %" PRIu64 ", \"length\": %" PRIu64
		       ", \"depth\": %d, \"present\": %s, \"zero\": %s, \"data\": %s",
		       *first ? "[" : ",\n", e->start, e->length, e->depth,
		       e->present ? "true" : "false", e->zero ? "true" : "false",
		       e->data ? "true" : "false");
		if (e->has_offset)
			printf(", \"offset\": %" PRIu64, e->offset);
		printf("}");
	} else if (e->data && !e->has_offset) {
		err_report("File contains external, encrypted or compressed clusters.");
		return -ENOTSUP;
	} else if (e->data && !e->zero) {
		printf("%#-16" PRIx64 "%#-16" PRIx64 "%#-16" PRIx64 "%s\n",
		       e->start, e->length, e->offset, e->file);
	}
	*first = false;
	return 0;
}

int cmd_map(int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "output", required_argument, NULL, 'o' },
		{ NULL, 0, NULL, 0 },
	};
	const char *fmt = NULL;
	struct map_entry cur, e;
	struct block_dev *bs;
	bool json = false, first = true, have = false;
	int c, ret = 0;

	while ((c = getopt_long(argc, argv, "f:", longopts, NULL)) != -1) {
		if (c == 'f') {
			fmt = optarg;
		} else if (c == 'o') {
			if (!strcmp(optarg, "json")) {
				json = true;
			} else if (strcmp(optarg, "human")) {
				err_report("--output must be used with human or json as argument.");
				return 1;
			}
		} else {
			return 1;
		}
	}
	if (argc - optind != 1) {
		err_report("Expecting one image file name");
		return 1;
	}
	bs = chain_open(argv[optind], fmt, false);
	if (!bs)
		return 1;
	if (!json)
		printf("%-16s%-16s%-16s%s\n", "Offset", "Length", "Mapped to", "File");
	for (uint64_t off = 0; off < bs->size; off += e.length) {
		uint64_t n = bs->size - off;

		if (n > CHAIN_CHUNK)
			n = CHAIN_CHUNK;
		ret = map_one(bs, off, n, &e);
		if (ret)
			break;
		if (have && map_joins(&cur, &e)) {
			cur.length += e.length;
			continue;
		}
		if (have && (ret = map_print(&cur, json, &first)))
			break;
		cur = e;
		have = true;
	}
	if (!ret && have)
		ret = map_print(&cur, json, &first);
	if (json)
		printf(first ? "[]\n" : "]\n");
	block_close(bs);
	if (ret == -ENOTSUP)
		return 1;
	if (ret) {
		err_report("Could not read file metadata: %s", strerror(-ret));
		return 1;
	}
	return 0;
}
