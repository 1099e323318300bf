// SPDX-License-Identifier: GPL-2.0-only
/*
 * cow: User Mode Linux's copy-on-write overlay (the ubd driver's
 * "cow_file,backing_file"), read and write.  Big-endian header, then a
 * bitmap with one bit per 512-byte sector (LSB first; set: the sector is
 * in this file), then the sectors at data_offset + 512 * sector, the file
 * sparse where the bitmap is clear.  Two headers (UML's cow_user.c):
 *   v2, as QEMU 0.9's block/cow.c wrote it: magic, version 2, the backing
 *     path in 1024 bytes, mtime s32, pad, size u64 at 1040, sector size
 *     at 1048; 1056 bytes, the bitmap right after, the data at the next
 *     512-byte boundary;
 *   v3 (what UML writes today, and what ringvm creates): magic,
 *     version 3, mtime u32, size u64, sector size, alignment, format
 *     (0: bitmap), the backing path in 4096 bytes; 4128 bytes packed, the
 *     bitmap and the data each at the next multiple of the alignment.
 * UML refuses an overlay whose mtime differs from its backing file's, so
 * create records the backing file's.
 */
#include <endian.h>
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "block/block_int.h"
#include "core/lib/log.h"

#define COW_MAGIC	0x4f4f4f4du	/* "OOOM" */
#define COW_V2_PATH	1024
#define COW_V2_LEN	1056
#define COW_V3_PATH	4096
#define COW_V3_LEN	4128
#define COW_ALIGN	512
#define COW_MAX_SIZE	(1ull << 50)	/* 1 PiB: a bitmap of 256 GiB */

struct cow {
	uint64_t bitmap_offset, data_offset;
	char *backing_name;
};

static struct cow *cow_state(struct block_dev *bs)
{
	return bs->opaque;
}

static uint32_t be32_at(const uint8_t *p)
{
	uint32_t v;

	memcpy(&v, p, 4);
	return be32toh(v);
}

static uint64_t be64_at(const uint8_t *p)
{
	uint64_t v;

	memcpy(&v, p, 8);
	return be64toh(v);
}

static uint64_t round_up(uint64_t v, uint64_t a)
{
	return (v + a - 1) / a * a;
}

static int cow_probe(const uint8_t *buf, size_t len, const char *filename)
{
	uint32_t ver;

	if (len < 8 || be32_at(buf) != COW_MAGIC)
		return 0;
	ver = be32_at(buf + 4);
	return ver == 2 || ver == 3 ? 100 : 0;
}

static int cow_bad(struct block_dev *bs, const char *what)
{
	err_report("Could not open '%s': %s", bs->filename, what);
	return -EINVAL;
}

static int cow_do_open(struct block_dev *bs, int fd)
{
	struct cow *s = cow_state(bs);
	uint8_t h[COW_V3_LEN];
	uint64_t fsize, size, bmlen;
	uint32_t secsize, align;
	const char *path;
	size_t plen;
	struct stat st;

	if (fstat(fd, &st))
		return -errno;
	fsize = (uint64_t)st.st_size;
	memset(h, 0, sizeof(h));
	if (fsize < 8 || block_pread(fd, 0, h, fsize < sizeof(h) ? fsize : sizeof(h)))
		return cow_bad(bs, "truncated cow header");
	if (be32_at(h) != COW_MAGIC)
		return cow_bad(bs, "not a cow image (bad magic)");
	if (be32_at(h + 4) == 2) {
		if (fsize < COW_V2_LEN)
			return cow_bad(bs, "truncated cow header");
		size = be64_at(h + 1040);
		secsize = be32_at(h + 1048);
		path = (const char *)h + 8;
		plen = COW_V2_PATH;
		bmlen = (size / 512 + 7) / 8;
		s->bitmap_offset = COW_V2_LEN;
		s->data_offset = round_up(COW_V2_LEN + bmlen, 512);
	} else if (be32_at(h + 4) == 3) {
		if (fsize < COW_V3_LEN)
			return cow_bad(bs, "truncated cow header");
		size = be64_at(h + 12);
		secsize = be32_at(h + 20);
		align = be32_at(h + 24);
		if (be32_at(h + 28))
			return cow_bad(bs, "unknown cow bitmap format");
		if (!align || align % 512 || align > (1u << 20))
			return cow_bad(bs, "absurd cow alignment");
		path = (const char *)h + 32;
		plen = COW_V3_PATH;
		bmlen = (size / 512 + 7) / 8;
		s->bitmap_offset = round_up(COW_V3_LEN, align);
		s->data_offset = round_up(s->bitmap_offset + bmlen, align);
	} else {
		return cow_bad(bs, "unsupported cow version (not 2 or 3)");
	}
	if (secsize != 512)
		return cow_bad(bs, "cow sector size is not 512");
	if (size > COW_MAX_SIZE || size % 512)
		return cow_bad(bs, "absurd cow disk size");
	if (s->bitmap_offset + bmlen > fsize)
		return cow_bad(bs, "cow bitmap beyond end of file");
	if (!memchr(path, 0, plen))
		return cow_bad(bs, "cow backing file name not terminated");
	bs->size = size;
	if (*path) {
		s->backing_name = strdup(path);
		if (!s->backing_name)
			return -ENOMEM;
		return block_open_backing(bs, s->backing_name, NULL);
	}
	return 0;
}

static void cow_close(struct block_dev *bs)
{
	free(cow_state(bs)->backing_name);
}

static int cow_open(struct block_dev *bs, int fd, const struct block_open_opts *o)
{
	int ret = cow_do_open(bs, fd);

	if (ret)
		cow_close(bs);
	return ret;
}

static int cow_bit(struct block_dev *bs, uint64_t sec, bool *set)
{
	uint8_t byte;
	int ret = block_pread(bs->fd, cow_state(bs)->bitmap_offset + sec / 8,
			      &byte, 1);

	*set = !ret && (byte >> (sec % 8) & 1);
	return ret;
}

/* Read inside one sector. */
static int cow_read_sector(struct block_dev *bs, uint64_t off, uint8_t *p, size_t n)
{
	bool set;
	int ret = cow_bit(bs, off / 512, &set);

	if (ret)
		return ret;
	if (set)
		return block_pread(bs->fd, cow_state(bs)->data_offset + off, p, n);
	memset(p, 0, n);
	/* a backing file shorter than the overlay reads as zeros past its
	 * end */
	if (bs->backing && off < bs->backing->size) {
		size_t m = bs->backing->size - off < n ? bs->backing->size - off : n;

		return block_read(bs->backing, off, p, m);
	}
	return 0;
}

static int cow_read(struct block_dev *bs, uint64_t off, void *buf, size_t len)
{
	uint8_t *p = buf;

	while (len) {
		size_t n = 512 - off % 512;
		int ret;

		if (n > len)
			n = len;
		ret = cow_read_sector(bs, off, p, n);
		if (ret)
			return ret;
		p += n;
		off += n;
		len -= n;
	}
	return 0;
}

static int cow_write(struct block_dev *bs, uint64_t off, const void *buf,
		     size_t len)
{
	struct cow *s = cow_state(bs);
	const uint8_t *p = buf;

	while (len) {
		uint64_t sec = off / 512;
		size_t in = off % 512, n = 512 - in;
		uint8_t sector[512], byte;
		int ret;

		if (n > len)
			n = len;
		/* a partial sector is completed from what reads there now */
		if (n < 512) {
			ret = cow_read_sector(bs, sec * 512, sector, 512);
			if (ret)
				return ret;
		}
		memcpy(sector + in, p, n);
		/* the data first, then the bit: a crash in between leaves
		 * the old contents visible, never garbage */
		ret = block_pwrite(bs->fd, s->data_offset + sec * 512, sector, 512);
		if (!ret)
			ret = block_pread(bs->fd, s->bitmap_offset + sec / 8, &byte, 1);
		if (ret)
			return ret;
		if (!(byte >> (sec % 8) & 1)) {
			byte |= 1u << (sec % 8);
			ret = block_pwrite(bs->fd, s->bitmap_offset + sec / 8, &byte, 1);
			if (ret)
				return ret;
		}
		p += n;
		off += n;
		len -= n;
	}
	return 0;
}

static int cow_flush(struct block_dev *bs)
{
	return fdatasync(bs->fd) ? -errno : 0;
}

static int cow_create(const char *filename, const struct block_create_opts *o)
{
	uint8_t h[COW_V3_LEN] = { 0 };
	uint64_t size = o->size, bm_off, data_off;
	uint32_t mtime = 0, v;
	struct stat st;
	int fd, ret = 0;

	if (o->backing_file) {
		if (strlen(o->backing_file) >= COW_V3_PATH) {
			err_report("%s: backing file name too long", filename);
			return -EINVAL;
		}
		if (stat(o->backing_file, &st)) {
			err_report("Could not open backing file '%s': %s",
				   o->backing_file, strerror(errno));
			return -errno;
		}
		mtime = (uint32_t)st.st_mtime;
		if (!size) {
			struct block_open_opts bo = { .format = o->backing_format,
						      .read_only = true };
			struct block_dev *b = block_open(o->backing_file, &bo);

			if (!b)
				return -EINVAL;
			size = b->size;
			block_close(b);
		}
		memcpy(h + 32, o->backing_file, strlen(o->backing_file));
	}
	size = round_up(size, 512);
	if (size > COW_MAX_SIZE) {
		err_report("%s: image size too large for cow", filename);
		return -EINVAL;
	}
	v = htobe32(COW_MAGIC);
	memcpy(h, &v, 4);
	v = htobe32(3);
	memcpy(h + 4, &v, 4);
	v = htobe32(mtime);
	memcpy(h + 8, &v, 4);
	{
		uint64_t be = htobe64(size);

		memcpy(h + 12, &be, 8);
	}
	v = htobe32(512);
	memcpy(h + 20, &v, 4);
	v = htobe32(COW_ALIGN);
	memcpy(h + 24, &v, 4);
	bm_off = round_up(COW_V3_LEN, COW_ALIGN);
	data_off = round_up(bm_off + (size / 512 + 7) / 8, COW_ALIGN);
	fd = open(filename, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
	if (fd < 0) {
		err_report("Could not create '%s': %s", filename, strerror(errno));
		return -errno;
	}
	/* the bitmap is all clear: leave it a hole */
	ret = block_pwrite(fd, 0, h, sizeof(h));
	if (!ret && ftruncate(fd, (off_t)data_off))
		ret = -errno;
	if (ret)
		err_report("Could not write '%s': %s", filename, strerror(-ret));
	close(fd);
	return ret;
}

static int cow_info(struct block_dev *bs, struct block_info *info)
{
	info->format = "cow";
	info->backing_file = cow_state(bs)->backing_name;
	return 0;
}

static int cow_block_status(struct block_dev *bs, uint64_t off, uint64_t len,
			    bool *allocated, uint64_t *pnum)
{
	uint64_t done = 0;

	/* runs of sectors with the same bit */
	while (done < len) {
		bool set;
		int ret = cow_bit(bs, (off + done) / 512, &set);

		if (ret)
			return ret;
		if (!done)
			*allocated = set;
		else if (set != *allocated)
			break;
		done += 512 - (off + done) % 512;
	}
	*pnum = done < len ? done : len;
	return 0;
}

const struct block_driver block_cow_driver = {
	.name = "cow",
	.instance_size = sizeof(struct cow),
	.probe = cow_probe,
	.open = cow_open,
	.close = cow_close,
	.read = cow_read,
	.write = cow_write,
	.flush = cow_flush,
	.create = cow_create,
	.info = cow_info,
	.block_status = cow_block_status,
};
