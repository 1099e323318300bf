// SPDX-License-Identifier: GPL-2.0-only
/*
 * qcow (version 1): QEMU's first copy-on-write format.  A 48-byte
 * big-endian header, one L1 table of L2 table offsets, L2 tables of
 * cluster offsets; bit 63 of an L2 entry marks a zlib (raw deflate)
 * compressed cluster whose byte count sits in the bits above the offset.
 * New clusters and L2 tables go at the end of the file, cluster-aligned,
 * as QEMU's block/qcow.c places them (no refcounts in this format).
 */
#include <endian.h>
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <zlib.h>

#include "block/block_int.h"
#include "core/lib/log.h"

#define QCOW_MAGIC	0x514649fbu	/* "QFI\xfb" */
#define QCOW_HDR_LEN	48
#define QCOW_COMPRESSED	(1ull << 63)
#define QCOW_MAX_L1	(1u << 22)	/* 32 MiB of L1: far past any real disk */

struct qcow {
	unsigned cluster_bits, l2_bits;
	uint32_t cluster_size;
	uint64_t l1_offset;
	uint32_t l1_size;
	uint64_t *l1;			/* host order */
	char *backing_name;
	/* the last decompressed cluster, by its L2 entry */
	uint64_t zentry;
	uint8_t *zbuf;
};

static struct qcow *qcow_state(struct block_dev *bs)
{
	return bs->opaque;
}

static int qcow_probe(const uint8_t *buf, size_t len, const char *filename)
{
	if (len >= 8 && be32toh(*(const uint32_t *)buf) == QCOW_MAGIC &&
	    be32toh(*(const uint32_t *)(buf + 4)) == 1)
		return 100;
	return 0;
}

static uint64_t qcow_file_size(int fd)
{
	struct stat st;

	return fstat(fd, &st) ? 0 : (uint64_t)st.st_size;
}

static int qcow_bad(struct block_dev *bs, const char *what)
{
	err_report("Could not open '%s': %s", bs->filename, what);
	return -EINVAL;
}

static int qcow_do_open(struct block_dev *bs, int fd)
{
	struct qcow *s = qcow_state(bs);
	uint8_t h[QCOW_HDR_LEN];
	uint64_t fsize = qcow_file_size(fd), boff, size, span;
	uint32_t blen, crypt;
	ssize_t n = pread(fd, h, sizeof(h), 0);
	int ret;

	if (n != sizeof(h))
		return qcow_bad(bs, "truncated qcow header");
	if (be32toh(*(uint32_t *)h) != QCOW_MAGIC || be32toh(*(uint32_t *)(h + 4)) != 1)
		return qcow_bad(bs, "not a qcow version 1 image");
	boff = be64toh(*(uint64_t *)(h + 8));
	blen = be32toh(*(uint32_t *)(h + 16));
	size = be64toh(*(uint64_t *)(h + 24));
	s->cluster_bits = h[32];
	s->l2_bits = h[33];
	crypt = be32toh(*(uint32_t *)(h + 36));
	s->l1_offset = be64toh(*(uint64_t *)(h + 40));
	/* the ranges QEMU accepts: 512 B..64 KiB clusters, L2 tables of
	 * 512 B..64 KiB */
	if (s->cluster_bits < 9 || s->cluster_bits > 16)
		return qcow_bad(bs, "cluster bits out of range (9..16)");
	if (s->l2_bits < 6 || s->l2_bits > 13)
		return qcow_bad(bs, "L2 table bits out of range (6..13)");
	if (crypt == 1)
		return qcow_bad(bs, "encrypted qcow images are not supported");
	if (crypt)
		return qcow_bad(bs, "unknown encryption method");
	if (size > (1ull << 56) || size % 512)
		return qcow_bad(bs, "absurd virtual size");
	s->cluster_size = 1u << s->cluster_bits;
	span = 1ull << (s->cluster_bits + s->l2_bits);
	if ((size + span - 1) / span > QCOW_MAX_L1)
		return qcow_bad(bs, "L1 table too large");
	s->l1_size = (uint32_t)((size + span - 1) / span);
	if (s->l1_offset > fsize || fsize - s->l1_offset < (uint64_t)s->l1_size * 8)
		return qcow_bad(bs, "L1 table beyond end of file");
	s->l1 = calloc(s->l1_size ? s->l1_size : 1, 8);
	s->zbuf = malloc(s->cluster_size);
	if (!s->l1 || !s->zbuf)
		return -ENOMEM;
	ret = block_pread(fd, s->l1_offset, s->l1, (size_t)s->l1_size * 8);
	if (ret)
		return ret;
	for (uint32_t i = 0; i < s->l1_size; i++) {
		s->l1[i] = be64toh(s->l1[i]);
		if (s->l1[i] && s->l1[i] + (8ull << s->l2_bits) > fsize)
			return qcow_bad(bs, "L2 table beyond end of file");
	}
	s->zentry = 0;
	bs->size = size;
	if (boff) {
		if (blen == 0 || blen > 1023 || boff > fsize || fsize - boff < blen)
			return qcow_bad(bs, "backing file name beyond end of file or too long");
		s->backing_name = calloc(1, blen + 1);
		if (!s->backing_name)
			return -ENOMEM;
		ret = block_pread(fd, boff, s->backing_name, blen);
		if (ret)
			return ret;
		ret = block_open_backing(bs, s->backing_name, NULL);
		if (ret)
			return ret;
	}
	return 0;
}

static void qcow_close(struct block_dev *bs)
{
	struct qcow *s = qcow_state(bs);

	free(s->l1);
	free(s->zbuf);
	free(s->backing_name);
}

static int qcow_open(struct block_dev *bs, int fd, const struct block_open_opts *o)
{
	int ret = qcow_do_open(bs, fd);

	/* the core does not call close after a failed open */
	if (ret)
		qcow_close(bs);
	return ret;
}

/* The L2 entry of the cluster holding @off (0: unallocated); *slot gets
 * its file offset, 0 if there is no L2 table. */
static int qcow_l2_entry(struct block_dev *bs, uint64_t off, uint64_t *entry,
			 uint64_t *slot)
{
	struct qcow *s = qcow_state(bs);
	uint64_t l1i = off >> (s->cluster_bits + s->l2_bits);
	uint64_t l2i = (off >> s->cluster_bits) & ((1u << s->l2_bits) - 1);
	uint64_t e;
	int ret;

	*entry = 0;
	*slot = 0;
	if (l1i >= s->l1_size || !s->l1[l1i])
		return 0;
	*slot = s->l1[l1i] + l2i * 8;
	ret = block_pread(bs->fd, *slot, &e, 8);
	if (ret)
		return ret;
	*entry = be64toh(e);
	return 0;
}

/* Decompress the cluster of a compressed L2 entry into s->zbuf. */
static int qcow_inflate(struct block_dev *bs, uint64_t entry)
{
	struct qcow *s = qcow_state(bs);
	unsigned shift = 63 - s->cluster_bits;
	uint64_t host = entry & ((1ull << shift) - 1);
	uint32_t csize = (uint32_t)((entry >> shift) & (s->cluster_size - 1));
	z_stream z = { 0 };
	uint8_t *in;
	int ret, zr;

	if (entry == s->zentry)
		return 0;
	if (!csize || host + csize > qcow_file_size(bs->fd)) {
		err_report("%s: compressed cluster at %#llx is beyond the end of the file",
			   bs->filename, (unsigned long long)host);
		return -EIO;
	}
	in = malloc(csize);
	if (!in)
		return -ENOMEM;
	ret = block_pread(bs->fd, host, in, csize);
	if (!ret && inflateInit2(&z, -12) != Z_OK)
		ret = -ENOMEM;
	if (!ret) {
		z.next_in = in;
		z.avail_in = csize;
		z.next_out = s->zbuf;
		z.avail_out = s->cluster_size;
		zr = inflate(&z, Z_FINISH);
		inflateEnd(&z);
		if ((zr != Z_STREAM_END && zr != Z_BUF_ERROR) || z.avail_out) {
			err_report("%s: compressed cluster at %#llx does not decompress",
				   bs->filename, (unsigned long long)host);
			ret = -EIO;
		}
	}
	free(in);
	s->zentry = ret ? 0 : entry;
	return ret;
}

/* Read part of one cluster: [off, off+len) lies in one cluster. */
static int qcow_read_piece(struct block_dev *bs, uint64_t off, uint8_t *buf,
			   size_t len)
{
	struct qcow *s = qcow_state(bs);
	uint64_t entry, slot, in = off & (s->cluster_size - 1);
	int ret = qcow_l2_entry(bs, off, &entry, &slot);

	if (ret)
		return ret;
	if (!entry) {
		if (bs->backing && off < bs->backing->size) {
			size_t n = len;

			if (off + n > bs->backing->size)
				n = (size_t)(bs->backing->size - off);
			memset(buf + n, 0, len - n);
			return block_read(bs->backing, off, buf, n);
		}
		memset(buf, 0, len);
		return 0;
	}
	if (entry & QCOW_COMPRESSED) {
		ret = qcow_inflate(bs, entry);
		if (!ret)
			memcpy(buf, s->zbuf + in, len);
		return ret;
	}
	return block_pread(bs->fd, entry + in, buf, len);
}

static int qcow_read(struct block_dev *bs, uint64_t off, void *buf, size_t len)
{
	struct qcow *s = qcow_state(bs);
	uint8_t *p = buf;

	while (len) {
		size_t n = s->cluster_size - (off & (s->cluster_size - 1));
		int ret;

		if (n > len)
			n = len;
		ret = qcow_read_piece(bs, off, p, n);
		if (ret)
			return ret;
		off += n;
		p += n;
		len -= n;
	}
	return 0;
}

/* End of file rounded up to a cluster: where the next table or cluster goes. */
static uint64_t qcow_alloc(struct block_dev *bs, uint64_t bytes)
{
	struct qcow *s = qcow_state(bs);
	uint64_t end = qcow_file_size(bs->fd);

	end = (end + s->cluster_size - 1) & ~(uint64_t)(s->cluster_size - 1);
	if (ftruncate(bs->fd, (off_t)(end + bytes)))
		return 0;
	return end;
}

/* The L2 slot of @off, allocating the L2 table if needed. */
static int qcow_l2_slot(struct block_dev *bs, uint64_t off, uint64_t *slot)
{
	struct qcow *s = qcow_state(bs);
	uint64_t l1i = off >> (s->cluster_bits + s->l2_bits);
	uint64_t l2i = (off >> s->cluster_bits) & ((1u << s->l2_bits) - 1);
	uint64_t be;
	int ret;

	if (!s->l1[l1i]) {
		uint64_t t = qcow_alloc(bs, 8ull << s->l2_bits);

		if (!t)
			return -EIO;
		be = htobe64(t);
		ret = block_pwrite(bs->fd, s->l1_offset + l1i * 8, &be, 8);
		if (ret)
			return ret;
		s->l1[l1i] = t;
	}
	*slot = s->l1[l1i] + l2i * 8;
	return 0;
}

/* Write part of one cluster.  A cluster not yet ours (unallocated or
 * compressed) is first filled whole from what reads there now. */
static int qcow_write_piece(struct block_dev *bs, uint64_t off,
			    const uint8_t *buf, size_t len)
{
	struct qcow *s = qcow_state(bs);
	uint64_t entry, slot, in = off & (s->cluster_size - 1);
	uint64_t base = off - in, host, be;
	uint8_t *c;
	int ret = qcow_l2_entry(bs, off, &entry, &slot);

	if (ret)
		return ret;
	if (entry && !(entry & QCOW_COMPRESSED))
		return block_pwrite(bs->fd, entry + in, buf, len);
	c = malloc(s->cluster_size);
	if (!c)
		return -ENOMEM;
	ret = 0;
	if (len < s->cluster_size)
		ret = qcow_read_piece(bs, base, c, s->cluster_size);
	memcpy(c + in, buf, len);
	if (!ret)
		ret = qcow_l2_slot(bs, off, &slot);
	host = ret ? 0 : qcow_alloc(bs, s->cluster_size);
	if (!ret && !host)
		ret = -EIO;
	if (!ret)
		ret = block_pwrite(bs->fd, host, c, s->cluster_size);
	free(c);
	if (ret)
		return ret;
	/* the data first, then the pointer to it */
	be = htobe64(host);
	if (entry == s->zentry)
		s->zentry = 0;
	return block_pwrite(bs->fd, slot, &be, 8);
}

static int qcow_write(struct block_dev *bs, uint64_t off, const void *buf,
		      size_t len)
{
	struct qcow *s = qcow_state(bs);
	const uint8_t *p = buf;

	while (len) {
		size_t n = s->cluster_size - (off & (s->cluster_size - 1));
		int ret;

		if (n > len)
			n = len;
		ret = qcow_write_piece(bs, off, p, n);
		if (ret)
			return ret;
		off += n;
		p += n;
		len -= n;
	}
	return 0;
}

/* convert -c: one whole cluster deflated; stored plain if it does not
 * shrink. */
static int qcow_write_compressed(struct block_dev *bs, uint64_t off,
				 const void *buf, size_t len)
{
	struct qcow *s = qcow_state(bs);
	z_stream z = { 0 };
	uint64_t slot, host, entry;
	uint8_t *out;
	uint32_t csize;
	int ret, zr;

	if (len != s->cluster_size || (off & (s->cluster_size - 1)))
		return qcow_write(bs, off, buf, len);
	out = malloc(s->cluster_size);
	if (!out)
		return -ENOMEM;
	if (deflateInit2(&z, Z_DEFAULT_COMPRESSION, Z_DEFLATED, -12, 9,
			 Z_DEFAULT_STRATEGY) != Z_OK) {
		free(out);
		return -ENOMEM;
	}
	z.next_in = (uint8_t *)buf;
	z.avail_in = (uInt)len;
	z.next_out = out;
	z.avail_out = s->cluster_size - 1;
	zr = deflate(&z, Z_FINISH);
	csize = s->cluster_size - 1 - z.avail_out;
	deflateEnd(&z);
	if (zr != Z_STREAM_END) {
		free(out);
		return qcow_write(bs, off, buf, len);
	}
	ret = qcow_l2_slot(bs, off, &slot);
	/* compressed data is packed at the end of the file, unaligned */
	host = qcow_file_size(bs->fd);
	if (!ret)
		ret = block_pwrite(bs->fd, host, out, csize);
	free(out);
	if (ret)
		return ret;
	entry = htobe64(QCOW_COMPRESSED |
			((uint64_t)csize << (63 - s->cluster_bits)) | host);
	return block_pwrite(bs->fd, slot, &entry, 8);
}

static int qcow_flush(struct block_dev *bs)
{
	return fdatasync(bs->fd) ? -errno : 0;
}

static int qcow_create(const char *filename, const struct block_create_opts *o)
{
	uint8_t h[QCOW_HDR_LEN] = { 0 };
	uint64_t size = o->size, l1_off, l1_bytes;
	uint32_t blen = o->backing_file ? (uint32_t)strlen(o->backing_file) : 0;
	unsigned cluster_bits = 12, l2_bits = 9;
	int fd, ret;

	if (o->encrypt) {
		err_report("%s: encrypted qcow images are not supported", filename);
		return -ENOTSUP;
	}
	if (blen > 1023) {
		err_report("%s: backing file name too long", filename);
		return -EINVAL;
	}
	if (!size && o->backing_file) {
		struct block_open_opts bo = { .format = o->backing_format,
					      .read_only = true };
		char *path = block_path_combine(filename, o->backing_file);
		struct block_dev *b = path ? block_open(path, &bo) : NULL;

		free(path);
		if (!b)
			return -EINVAL;
		size = b->size;
		block_close(b);
	}
	size = (size + 511) & ~511ull;
	if (size > (1ull << 56)) {
		err_report("%s: image size too large for qcow", filename);
		return -EINVAL;
	}
	l1_bytes = ((size + (1ull << (cluster_bits + l2_bits)) - 1) >>
		    (cluster_bits + l2_bits)) * 8;
	/* the backing name follows the header; the L1 table follows it,
	 * 8-aligned, its length rounded up to a sector as QEMU does */
	l1_off = (QCOW_HDR_LEN + blen + 7) & ~7ull;
	*(uint32_t *)h = htobe32(QCOW_MAGIC);
	*(uint32_t *)(h + 4) = htobe32(1);
	if (blen) {
		*(uint64_t *)(h + 8) = htobe64(QCOW_HDR_LEN);
		*(uint32_t *)(h + 16) = htobe32(blen);
	}
	*(uint64_t *)(h + 24) = htobe64(size);
	h[32] = (uint8_t)cluster_bits;
	h[33] = (uint8_t)l2_bits;
	*(uint64_t *)(h + 40) = htobe64(l1_off);
	fd = open(filename, O_RDWR | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
	if (fd < 0) {
		err_report("Could not create '%s': %s", filename, strerror(errno));
		return -errno;
	}
	ret = block_pwrite(fd, 0, h, sizeof(h));
	if (!ret && blen)
		ret = block_pwrite(fd, QCOW_HDR_LEN, o->backing_file, blen);
	if (!ret && ftruncate(fd, (off_t)((l1_off + l1_bytes + 511) & ~511ull)))
		ret = -errno;
	close(fd);
	if (ret)
		err_report("Could not create '%s': %s", filename, strerror(-ret));
	return ret;
}

static int qcow_info(struct block_dev *bs, struct block_info *info)
{
	struct qcow *s = qcow_state(bs);

	info->format = "qcow";
	info->cluster_size = s->cluster_size;
	info->backing_file = s->backing_name;
	return 0;
}

static int qcow_block_status(struct block_dev *bs, uint64_t off, uint64_t len,
			     bool *allocated, uint64_t *pnum)
{
	struct qcow *s = qcow_state(bs);
	uint64_t entry, slot, n = s->cluster_size - (off & (s->cluster_size - 1));
	int ret = qcow_l2_entry(bs, off, &entry, &slot);

	if (ret)
		return ret;
	*allocated = entry != 0;
	*pnum = n < len ? n : len;
	return 0;
}

const struct block_driver block_qcow_driver = {
	.name = "qcow",
	.instance_size = sizeof(struct qcow),
	.probe = qcow_probe,
	.open = qcow_open,
	.close = qcow_close,
	.read = qcow_read,
	.write = qcow_write,
	.flush = qcow_flush,
	.create = qcow_create,
	.info = qcow_info,
	.write_compressed = qcow_write_compressed,
	.block_status = qcow_block_status,
};
