// SPDX-License-Identifier: GPL-2.0-only
/*
 * qcow2 compressed clusters ("Compressed Clusters Descriptor"): raw
 * deflate streams (zlib, 4 KiB window) packed back to back on 512-byte
 * sector granularity; written once by convert -c, read any time.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <zlib.h>

#include "block/qcow2.h"
#include "core/lib/log.h"

/* Where the compressed data of an L2 entry lives: x = 62 - (cluster_bits
 * - 8) bits of host offset, then the count of additional sectors. */
void qcow2_compressed_range(struct qcow2 *s, uint64_t entry, uint64_t *host,
			    uint64_t *nbytes)
{
	unsigned x = 62 - (s->cluster_bits - 8);
	uint64_t sectors = ((entry & ((1ull << 62) - 1)) >> x) + 1;

	*host = entry & ((1ull << x) - 1);
	*nbytes = sectors * 512 - (*host & 511);
}

int qcow2_read_compressed(struct block_dev *bs, uint64_t entry, uint8_t *out)
{
	struct qcow2 *s = qcow2_state(bs);
	uint64_t host, n;
	uint8_t *in;
	z_stream z = { 0 };
	int ret, zr;

	qcow2_compressed_range(s, entry, &host, &n);
	if (host < s->cluster_size || n > 2ull * s->cluster_size + 512 ||
	    !qcow2_offset_ok(bs, host, 1)) {
		qcow2_report(bs, "compressed cluster at %#llx is invalid or beyond the end of the file",
			     (unsigned long long)host);
		return -EIO;
	}
	in = malloc(n);
	if (!in)
		return -ENOMEM;
	/* the last sector may run past the end of the file: zeros then */
	ret = block_pread(bs->fd, host, in, n);
	if (ret) {
		free(in);
		return ret;
	}
	if (inflateInit2(&z, -12) != Z_OK) {
		free(in);
		return -ENOMEM;
	}
	z.next_in = in;
	z.avail_in = (uInt)n;
	z.next_out = out;
	z.avail_out = s->cluster_size;
	zr = inflate(&z, Z_FINISH);
	inflateEnd(&z);
	free(in);
	/* the stream may end early in the padding; all we need is a full
	 * cluster of output */
	if ((zr != Z_STREAM_END && zr != Z_BUF_ERROR && zr != Z_OK) ||
	    z.avail_out) {
		qcow2_report(bs, "compressed cluster at %#llx does not decompress",
			     (unsigned long long)host);
		return -EIO;
	}
	return 0;
}

int qcow2_write_compressed(struct block_dev *bs, uint64_t off,
			   const void *buf, size_t len)
{
	struct qcow2 *s = qcow2_state(bs);
	uint64_t entry, host, room, nsect;
	uint8_t *cbuf;
	z_stream z = { 0 };
	size_t clen;
	unsigned x = 62 - (s->cluster_bits - 8);
	int ret;

	if (bs->read_only)
		return -EPERM;
	if (s->crypt) {
		/* QEMU refuses it too: compressed clusters are never encrypted */
		err_report("%s: compression and encryption cannot be used together",
			   bs->filename);
		return -ENOTSUP;
	}
	if (off & (s->cluster_size - 1) || off > bs->size)
		return -EINVAL;
	/* the image's last cluster may be partial */
	if (len != s->cluster_size && off + len != bs->size)
		return -EINVAL;
	ret = qcow2_l2_entry(bs, off, &entry);
	if (ret)
		return ret;
	if (entry)
		return qcow2_write(bs, off, buf, len);
	s->zentry = 0;
	cbuf = malloc(s->cluster_size);
	if (!cbuf)
		return -ENOMEM;
	if (deflateInit2(&z, Z_DEFAULT_COMPRESSION, Z_DEFLATED, -12, 9,
			 Z_DEFAULT_STRATEGY) != Z_OK) {
		free(cbuf);
		return -ENOMEM;
	}
	z.next_in = (Bytef *)buf;
	z.avail_in = (uInt)len;
	z.next_out = cbuf;
	z.avail_out = s->cluster_size;
	ret = deflate(&z, Z_FINISH);
	clen = s->cluster_size - z.avail_out;
	deflateEnd(&z);
	if (ret != Z_STREAM_END || clen >= s->cluster_size || len != s->cluster_size) {
		/* incompressible (or partial): store it plain */
		free(cbuf);
		return qcow2_write(bs, off, buf, len);
	}
	/* pack into the cluster of the previous one while it fits */
	room = s->cbyte & (s->cluster_size - 1) ?
		s->cluster_size - (s->cbyte & (s->cluster_size - 1)) : 0;
	if (room >= clen) {
		uint64_t rc;

		host = s->cbyte;
		ret = qcow2_get_refcount(bs, host >> s->cluster_bits, &rc);
		/* narrow refcounts (refcount_bits=1) cannot count sharers */
		if (!ret && s->refcount_bits < 64 && (rc + 1) >> s->refcount_bits)
			room = 0;
	}
	if (room >= clen) {
		ret = qcow2_update_refcount(bs, host, 1);
	} else {
		int64_t c = qcow2_alloc_clusters(bs, 1);

		ret = c < 0 ? (int)c : 0;
		host = (uint64_t)c;
	}
	if (!ret)
		ret = block_pwrite(bs->fd, host, cbuf, clen);
	free(cbuf);
	if (ret)
		return ret;
	/* the next stream starts on a sector boundary */
	s->cbyte = (host + clen + 511) & ~511ull;
	nsect = ((host + clen - 1) >> 9) - (host >> 9);
	entry = QCOW2_OFLAG_COMPRESSED | nsect << x | host;
	return qcow2_set_l2_entry(bs, off, entry);
}
