// SPDX-License-Identifier: GPL-2.0-only
/*
 * The block core: the driver registry, format probing, opening an image
 * with its backing chain, and bounds-checked I/O on top of the drivers.
 */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "block/block_int.h"
#include "core/lib/log.h"

#define BLOCK_PROBE_LEN 4096
/* deeper than any sane chain; stops a loop the path check cannot see */
#define BLOCK_MAX_CHAIN 64

static const struct block_driver *block_drivers[16];
static int block_nr_drivers;
/* set while a driver opens an image with no_backing */
static bool block_skip_backing;

/* real paths of the images being opened, outermost first (loop check) */
static char *block_chain[BLOCK_MAX_CHAIN];
static int block_chain_len;

void block_init(void)
{
	if (block_nr_drivers)
		return;
	block_drivers[block_nr_drivers++] = &block_raw_driver;
	block_drivers[block_nr_drivers++] = &block_qcow2_driver;
	block_drivers[block_nr_drivers++] = &block_qcow_driver;
	block_drivers[block_nr_drivers++] = &block_vmdk_driver;
	block_drivers[block_nr_drivers++] = &block_vvfat_driver;
	block_drivers[block_nr_drivers++] = &block_cloop_driver;
	block_drivers[block_nr_drivers++] = &block_bochs_driver;
	block_drivers[block_nr_drivers++] = &block_cow_driver;
}

const struct block_driver *block_find_driver(const char *name)
{
	block_init();
	for (int i = 0; i < block_nr_drivers; i++)
		if (!strcmp(block_drivers[i]->name, name))
			return block_drivers[i];
	return NULL;
}

int block_pread(int fd, uint64_t off, void *buf, size_t len)
{
	uint8_t *p = buf;

	while (len) {
		ssize_t n = pread(fd, p, len, (off_t)off);

		if (n < 0) {
			if (errno == EINTR)
				continue;
			return -errno;
		}
		if (n == 0) {
			memset(p, 0, len);
			return 0;
		}
		p += n;
		off += (uint64_t)n;
		len -= (size_t)n;
	}
	return 0;
}

int block_pwrite(int fd, uint64_t off, const void *buf, size_t len)
{
	const uint8_t *p = buf;

	while (len) {
		ssize_t n = pwrite(fd, p, len, (off_t)off);

		if (n < 0) {
			if (errno == EINTR)
				continue;
			return -errno;
		}
		p += n;
		off += (uint64_t)n;
		len -= (size_t)n;
	}
	return 0;
}

char *block_path_combine(const char *base, const char *rel)
{
	const char *slash = strrchr(base, '/');
	size_t dlen;
	char *out;

	if (rel[0] == '/' || !slash)
		return strdup(rel);
	dlen = (size_t)(slash - base) + 1;
	out = malloc(dlen + strlen(rel) + 1);
	if (!out)
		return NULL;
	memcpy(out, base, dlen);
	strcpy(out + dlen, rel);
	return out;
}

static const struct block_driver *block_probe(int fd, const char *filename)
{
	uint8_t buf[BLOCK_PROBE_LEN];
	const struct block_driver *best = &block_raw_driver;
	int best_score = 0;
	ssize_t n = pread(fd, buf, sizeof(buf), 0);

	if (n <= 0)
		return best;
	for (int i = 0; i < block_nr_drivers; i++) {
		int score;

		if (!block_drivers[i]->probe)
			continue;
		score = block_drivers[i]->probe(buf, (size_t)n, filename);
		if (score > best_score) {
			best_score = score;
			best = block_drivers[i];
		}
	}
	return best;
}

static bool block_chain_push(const char *filename)
{
	char *real = realpath(filename, NULL);

	if (!real)
		real = strdup(filename);
	if (!real)
		return false;
	for (int i = 0; i < block_chain_len; i++) {
		if (!strcmp(block_chain[i], real)) {
			err_report("Could not open '%s': backing file loop detected: %s appears twice in the chain",
				   block_chain[0], real);
			free(real);
			return false;
		}
	}
	if (block_chain_len == BLOCK_MAX_CHAIN) {
		err_report("Could not open '%s': backing chain deeper than %d images",
			   block_chain[0], BLOCK_MAX_CHAIN);
		free(real);
		return false;
	}
	block_chain[block_chain_len++] = real;
	return true;
}

static void block_chain_pop(void)
{
	free(block_chain[--block_chain_len]);
}

/* "fat:DIR" (or format=vvfat): a disk made from a host folder. */
static bool block_is_vvfat(const char *filename, const struct block_open_opts *o)
{
	return !strncmp(filename, "fat:", 4) ||
	       (o->format && !strcmp(o->format, "vvfat"));
}

/* A virtual FAT disk has no image file (bs->fd is -1) and is read-only
 * whatever was asked. */
static struct block_dev *block_open_vvfat(const char *filename,
					  const struct block_open_opts *o)
{
	const struct block_driver *drv = &block_vvfat_driver;
	struct block_dev *bs = calloc(1, sizeof(*bs) + drv->instance_size);

	if (!bs || !(bs->filename = strdup(filename))) {
		err_report("Could not open '%s': %s", filename, strerror(ENOMEM));
		free(bs);
		return NULL;
	}
	bs->drv = drv;
	bs->fd = -1;
	bs->read_only = true;
	bs->opaque = bs + 1;
	if (drv->open(bs, -1, o) < 0) {
		free(bs->filename);
		free(bs);
		return NULL;
	}
	return bs;
}

static struct block_dev *block_open_one(const char *filename,
					const struct block_open_opts *o)
{
	const struct block_driver *drv = NULL;
	bool read_only = o->read_only;
	struct block_dev *bs;
	int fd, ret, flags;

	block_init();
	if (block_is_vvfat(filename, o))
		return block_open_vvfat(filename, o);
	if (o->format) {
		drv = block_find_driver(o->format);
		if (!drv) {
			err_report("Unknown driver '%s'", o->format);
			return NULL;
		}
	}
	/* cache=writethrough/directsync: every write reaches the disk before
	 * it completes.  cache=none's O_DIRECT is not used: the drivers do
	 * unaligned metadata I/O. */
	flags = O_CLOEXEC;
	if (o->cache == BLOCK_CACHE_WRITETHROUGH || o->cache == BLOCK_CACHE_DIRECTSYNC)
		flags |= O_DSYNC;
	fd = open(filename, (read_only ? O_RDONLY : O_RDWR) | flags);
	if (fd < 0 && !read_only && (errno == EACCES || errno == EROFS ||
				     errno == EPERM)) {
		/* as QEMU 0.9 did: a read-only file (an ISO, a shared base)
		 * is opened read-only rather than refused; the device sees
		 * bs->read_only */
		read_only = true;
		fd = open(filename, O_RDONLY | flags);
	}
	if (fd < 0) {
		err_report("Could not open '%s': %s", filename, strerror(errno));
		return NULL;
	}
	/* format=raw given: the contents are never looked at (a guest could
	 * otherwise write a qcow2 header and reach host files) */
	if (!drv)
		drv = block_probe(fd, filename);
	if (!block_chain_push(filename)) {
		close(fd);
		return NULL;
	}
	bs = calloc(1, sizeof(*bs) + drv->instance_size);
	if (!bs || !(bs->filename = strdup(filename))) {
		err_report("Could not open '%s': %s", filename, strerror(ENOMEM));
		free(bs);
		close(fd);
		block_chain_pop();
		return NULL;
	}
	bs->drv = drv;
	bs->fd = fd;
	bs->read_only = read_only;
	bs->opaque = drv->instance_size ? (void *)(bs + 1) : NULL;
	block_skip_backing = o->no_backing;
	ret = drv->open(bs, fd, o);
	block_skip_backing = false;
	block_chain_pop();
	if (ret < 0) {
		if (bs->backing)
			block_close(bs->backing);
		close(fd);
		free(bs->filename);
		free(bs);
		return NULL;
	}
	return bs;
}

/* The key of the image below a -snapshot overlay while the overlay opens
 * it as its backing file (legacy AES qcow/qcow2). */
static const char *block_backing_key;

/* -snapshot: a temporary qcow2 overlay takes the writes; the image itself
 * is opened read-only below it. */
static struct block_dev *block_open_snapshot(const char *filename,
					     const struct block_open_opts *o)
{
	struct block_open_opts bo = *o;
	struct block_create_opts co = { 0 };
	struct block_dev *base, *bs;
	char tmpl[] = "/tmp/ringvm-snapshot.XXXXXX";
	char *real;
	int fd;

	bo.snapshot = false;
	bo.read_only = true;
	base = block_open_one(filename, &bo);
	if (!base)
		return NULL;
	/* a virtual FAT disk is named by its folder's absolute path */
	real = block_is_vvfat(filename, o) ? vvfat_absolute(filename) :
					     realpath(filename, NULL);
	fd = mkstemp(tmpl);
	if (!real || fd < 0) {
		err_report("Could not create the -snapshot overlay for '%s': %s",
			   filename, strerror(errno));
		free(real);
		block_close(base);
		return NULL;
	}
	close(fd);
	co.size = base->size;
	co.backing_file = real;
	co.backing_format = base->drv->name;
	block_close(base);
	bs = NULL;
	if (!block_create(tmpl, "qcow2", &co)) {
		bo.format = "qcow2";
		bo.read_only = false;
		block_backing_key = o->key;
		bo.key = NULL;
		bs = block_open_one(tmpl, &bo);
		block_backing_key = NULL;
	}
	unlink(tmpl);
	free(real);
	return bs;
}

struct block_dev *block_open(const char *filename,
			     const struct block_open_opts *o)
{
	static const struct block_open_opts defaults;

	if (!o)
		o = &defaults;
	if (o->snapshot && !o->read_only)
		return block_open_snapshot(filename, o);
	return block_open_one(filename, o);
}

int block_open_backing(struct block_dev *bs, const char *name,
		       const char *fmt)
{
	if (block_skip_backing)
		return 0;
	struct block_open_opts o = { .format = fmt, .read_only = true,
				     .key = block_backing_key };
	/* "fat:/dir" is not a file name relative to anything */
	char *path = strncmp(name, "fat:", 4) ? block_path_combine(bs->filename, name) :
						strdup(name);

	if (!path)
		return -ENOMEM;
	if (fmt && !block_find_driver(fmt)) {
		err_report("Could not open backing file '%s' of '%s': unknown format '%s'",
			   path, bs->filename, fmt);
		free(path);
		return -EINVAL;
	}
	bs->backing = block_open_one(path, &o);
	free(path);
	return bs->backing ? 0 : -EINVAL;
}

void block_close(struct block_dev *bs)
{
	if (!bs)
		return;
	if (bs->drv->close)
		bs->drv->close(bs);
	if (bs->backing)
		block_close(bs->backing);
	if (bs->fd >= 0)
		close(bs->fd);
	free(bs->filename);
	free(bs);
}

static int block_check_range(struct block_dev *bs, uint64_t off, size_t len)
{
	if (off > bs->size || len > bs->size - off)
		return -EIO;
	return 0;
}

int block_read(struct block_dev *bs, uint64_t off, void *buf, size_t len)
{
	int ret = block_check_range(bs, off, len);

	if (ret || !len)
		return ret;
	return bs->drv->read(bs, off, buf, len);
}

int block_write(struct block_dev *bs, uint64_t off, const void *buf, size_t len)
{
	int ret = block_check_range(bs, off, len);

	if (ret)
		return ret;
	if (bs->read_only)
		return -EPERM;
	if (!len)
		return 0;
	return bs->drv->write(bs, off, buf, len);
}

int block_flush(struct block_dev *bs)
{
	if (bs->read_only || !bs->drv->flush)
		return 0;
	return bs->drv->flush(bs);
}

int block_create(const char *filename, const char *format,
		 const struct block_create_opts *o)
{
	const struct block_driver *drv = block_find_driver(format);

	if (!drv) {
		err_report("Unknown file format '%s'", format);
		return -EINVAL;
	}
	if (!drv->create) {
		err_report("Format driver '%s' does not support image creation",
			   format);
		return -ENOTSUP;
	}
	return drv->create(filename, o);
}
