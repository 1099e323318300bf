// SPDX-License-Identifier: GPL-2.0-only
/*
 * qcow2 for ringvm-img rebase and map: the backing file name and format
 * rewritten in cluster 0 (qcow2 spec, "Header" bytes 8-19 and "Header
 * extensions"), and the host offset behind a guest offset.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "block/qcow2.h"

int qcow2_host_offset(struct block_dev *bs, uint64_t off, uint64_t *host)
{
	struct qcow2 *s = qcow2_state(bs);
	uint64_t entry;
	int ret = qcow2_l2_entry(bs, off, &entry);

	if (ret)
		return ret;
	/* "all zeros" clusters (version 3) read as zeros without data */
	if (entry & QCOW2_OFLAG_ZERO)
		return 1;
	/* compressed clusters have no byte-for-byte place in the file */
	if (entry & QCOW2_OFLAG_COMPRESSED || !(entry & QCOW2_OFFSET_MASK))
		return -ENOENT;
	*host = (entry & QCOW2_OFFSET_MASK) + (off & (s->cluster_size - 1));
	return 0;
}

/*
 * Cluster 0 after the fixed header becomes: the extensions that were
 * there except the backing format, a new backing format extension, the
 * end marker, the backing file name (where qemu-img puts it too).
 */
int qcow2_change_backing(struct block_dev *bs, const char *file, const char *fmt)
{
	struct qcow2 *s = qcow2_state(bs);
	uint32_t hl = s->header_length, room = s->cluster_size - hl;
	uint32_t in = 0, out = 0, flen = fmt ? (uint32_t)strlen(fmt) : 0;
	uint32_t blen = file ? (uint32_t)strlen(file) : 0;
	uint8_t *old = calloc(1, room), *buf = calloc(1, room), h[12];
	char *nfile = NULL, *nfmt = NULL;
	int ret = -ENOMEM;

	if (!old || !buf || (file && !(nfile = strdup(file))) ||
	    (fmt && !(nfmt = strdup(fmt))))
		goto out;
	ret = block_pread(bs->fd, hl, old, room);
	if (ret)
		goto out;
	ret = -EINVAL;
	while (in + 8 <= room) {
		uint32_t type = qcow2_be32(old + in), len = qcow2_be32(old + in + 4);
		uint32_t step = 8 + ((len + 7) & ~7u);

		if (type == QCOW2_EXT_END)
			break;
		if (len > room - in - 8 || step > room - in)
			goto out;
		if (type != QCOW2_EXT_BACKING_FMT) {
			memcpy(buf + out, old + in, step);
			out += step;
		}
		in += step;
	}
	if (blen > 1023 || out + 16 + ((flen + 7) & ~7u) + blen > room) {
		ret = -ENOSPC;
		goto out;
	}
	if (fmt) {
		qcow2_put32(buf + out, QCOW2_EXT_BACKING_FMT);
		qcow2_put32(buf + out + 4, flen);
		memcpy(buf + out + 8, fmt, flen);
		out += 8 + ((flen + 7) & ~7u);
	}
	out += 8;			/* the end marker: zeros */
	memcpy(buf + out, file ? file : "", blen);
	ret = block_pwrite(bs->fd, hl, buf, room);
	if (ret)
		goto out;
	qcow2_put64(h, blen ? hl + out : 0);
	qcow2_put32(h + 8, blen);
	ret = block_pwrite(bs->fd, 8, h, 12);
	if (!ret && fdatasync(bs->fd))
		ret = -errno;
	if (!ret) {
		free(s->backing_file);
		free(s->backing_fmt);
		s->backing_file = nfile;
		s->backing_fmt = nfmt;
		nfile = nfmt = NULL;
	}
out:
	free(nfile);
	free(nfmt);
	free(old);
	free(buf);
	return ret;
}

/*
 * ringvm-img commit without -d: the overlay gives up every cluster so that
 * it reads through to the backing file that now holds the data (what
 * qemu-img leaves).  L2 tables stay; data clusters lose one reference
 * each (a compressed one, every host cluster it touches).
 */
int qcow2_make_empty(struct block_dev *bs)
{
	struct qcow2 *s = qcow2_state(bs);
	uint64_t cs = s->cluster_size;

	for (uint64_t v = 0; v < bs->size; v += cs) {
		uint64_t entry, host, n;
		int ret = qcow2_l2_entry(bs, v, &entry);

		if (ret)
			return ret;
		if (!entry)
			continue;
		if (entry & QCOW2_OFLAG_COMPRESSED) {
			qcow2_compressed_range(s, entry, &host, &n);
			for (uint64_t c = host & ~(cs - 1); !ret && c < host + n; c += cs)
				ret = qcow2_update_refcount(bs, c, -1);
		} else if (entry & QCOW2_OFFSET_MASK) {
			ret = qcow2_update_refcount(bs, entry & QCOW2_OFFSET_MASK, -1);
		}
		if (!ret)
			ret = qcow2_set_l2_entry(bs, v, 0);
		if (ret)
			return ret;
	}
	return 0;
}
