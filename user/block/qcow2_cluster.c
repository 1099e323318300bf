// SPDX-License-Identifier: GPL-2.0-only
/*
 * qcow2 cluster mapping ("Cluster mapping"): guest offsets through the
 * L1 and L2 tables to host clusters, reads (falling through to the
 * backing file) and writes with allocation.  With legacy AES
 * (crypt_method 1) data clusters hold ciphertext, 512-byte sectors
 * chained by CBC from an IV of the guest sector number: every access to
 * a data cluster goes through qcow2_pread_data/qcow2_pwrite_data, and
 * writes are widened to whole sectors first.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "block/qcow2.h"

static uint32_t qcow2_l1_index(struct qcow2 *s, uint64_t vaddr)
{
	return (uint32_t)(vaddr >> (s->cluster_bits + s->l2_bits));
}

static uint32_t qcow2_l2_index(struct qcow2 *s, uint64_t vaddr)
{
	return (uint32_t)((vaddr >> s->cluster_bits) & (s->l2_size - 1));
}

int qcow2_get_l2(struct block_dev *bs, uint64_t l2_off)
{
	struct qcow2 *s = qcow2_state(bs);
	int ret;

	if (s->l2_offset == l2_off)
		return 0;
	if (l2_off & (s->cluster_size - 1) || l2_off < s->cluster_size ||
	    !qcow2_offset_ok(bs, l2_off, s->cluster_size)) {
		qcow2_report(bs, "L2 table offset %#llx is invalid or beyond the end of the file",
			     (unsigned long long)l2_off);
		return -EIO;
	}
	s->l2_offset = 0;
	ret = block_pread(bs->fd, l2_off, s->l2, s->cluster_size);
	if (ret)
		return ret;
	for (uint32_t i = 0; i < s->l2_size; i++)
		s->l2[i] = qcow2_be64((uint8_t *)&s->l2[i]);
	s->l2_offset = l2_off;
	return 0;
}

/* The L2 entry for @vaddr; 0 when its L2 table is not allocated. */
int qcow2_l2_entry(struct block_dev *bs, uint64_t vaddr, uint64_t *entry)
{
	struct qcow2 *s = qcow2_state(bs);
	uint32_t i1 = qcow2_l1_index(s, vaddr);
	uint64_t l2_off;
	int ret;

	*entry = 0;
	if (i1 >= s->l1_size)
		return 0;
	l2_off = s->l1[i1] & QCOW2_OFFSET_MASK;
	if (!l2_off)
		return 0;
	ret = qcow2_get_l2(bs, l2_off);
	if (ret)
		return ret;
	*entry = s->l2[qcow2_l2_index(s, vaddr)];
	return 0;
}

/* Read @len bytes at guest @vaddr from the data cluster at @host. */
static int qcow2_pread_data(struct block_dev *bs, uint64_t host, uint64_t vaddr,
			    uint8_t *buf, size_t len)
{
	struct qcow2 *s = qcow2_state(bs);
	uint32_t in = (uint32_t)(vaddr & (s->cluster_size - 1));
	uint32_t a = in & ~(uint32_t)(QCOW_CRYPT_SECTOR - 1);
	uint32_t e = (uint32_t)((in + len + QCOW_CRYPT_SECTOR - 1) &
				~(size_t)(QCOW_CRYPT_SECTOR - 1));
	uint8_t *tmp;
	int ret;

	if (!s->crypt)
		return block_pread(bs->fd, host + in, buf, len);
	if (s->no_key)
		return -EACCES;
	tmp = malloc(e - a);
	if (!tmp)
		return -ENOMEM;
	ret = block_pread(bs->fd, host + a, tmp, e - a);
	if (!ret) {
		qcow_crypt_sectors(&s->key, (vaddr - (in - a)) / QCOW_CRYPT_SECTOR,
				   tmp, (e - a) / QCOW_CRYPT_SECTOR, false);
		memcpy(buf, tmp + (in - a), len);
	}
	free(tmp);
	return ret;
}

/* Write whole sectors (qcow2_write widened them) at guest @vaddr into
 * the data cluster at @host. */
static int qcow2_pwrite_data(struct block_dev *bs, uint64_t host, uint64_t vaddr,
			     const uint8_t *buf, size_t len)
{
	struct qcow2 *s = qcow2_state(bs);
	uint32_t in = (uint32_t)(vaddr & (s->cluster_size - 1));
	uint8_t *tmp;
	int ret;

	if (!s->crypt)
		return block_pwrite(bs->fd, host + in, buf, len);
	if (s->no_key)
		return -EACCES;
	tmp = malloc(len);
	if (!tmp)
		return -ENOMEM;
	memcpy(tmp, buf, len);
	qcow_crypt_sectors(&s->key, vaddr / QCOW_CRYPT_SECTOR, tmp,
			   len / QCOW_CRYPT_SECTOR, true);
	ret = block_pwrite(bs->fd, host + in, tmp, len);
	free(tmp);
	return ret;
}

static int qcow2_read_backing(struct block_dev *bs, uint64_t off, uint8_t *buf,
			      size_t len)
{
	struct block_dev *b = bs->backing;
	size_t n = 0;

	if (b && off < b->size) {
		n = len;
		if (n > b->size - off)
			n = (size_t)(b->size - off);
		int ret = b->drv->read(b, off, buf, n);

		if (ret)
			return ret;
	}
	memset(buf + n, 0, len - n);
	return 0;
}

/* Read inside one cluster. */
static int qcow2_read_cluster(struct block_dev *bs, uint64_t off, uint8_t *buf,
			      size_t len)
{
	struct qcow2 *s = qcow2_state(bs);
	uint64_t entry, host;
	uint32_t in = (uint32_t)(off & (s->cluster_size - 1));
	int ret = qcow2_l2_entry(bs, off, &entry);

	if (ret)
		return ret;
	if (entry & QCOW2_OFLAG_COMPRESSED) {
		if (!s->zbuf) {
			s->zbuf = malloc(s->cluster_size);
			if (!s->zbuf)
				return -ENOMEM;
		}
		if (s->zentry != entry) {
			s->zentry = 0;
			ret = qcow2_read_compressed(bs, entry, s->zbuf);
			if (ret)
				return ret;
			s->zentry = entry;
		}
		memcpy(buf, s->zbuf + in, len);
		return 0;
	}
	if (s->version >= 3 && entry & QCOW2_OFLAG_ZERO) {
		memset(buf, 0, len);
		return 0;
	}
	host = entry & QCOW2_OFFSET_MASK;
	if (!host)
		return qcow2_read_backing(bs, off, buf, len);
	if (host & (s->cluster_size - 1) ||
	    !qcow2_offset_ok(bs, host, s->cluster_size)) {
		qcow2_report(bs, "data cluster offset %#llx is invalid or beyond the end of the file",
			     (unsigned long long)host);
		return -EIO;
	}
	return qcow2_pread_data(bs, host, off, buf, len);
}

int qcow2_read(struct block_dev *bs, uint64_t off, void *buf, size_t len)
{
	struct qcow2 *s = qcow2_state(bs);
	uint8_t *p = buf;

	while (len) {
		size_t n = s->cluster_size - (off & (s->cluster_size - 1));
		int ret;

		if (n > len)
			n = len;
		ret = qcow2_read_cluster(bs, off, p, n);
		if (ret)
			return ret;
		off += n;
		p += n;
		len -= n;
	}
	return 0;
}

static int qcow2_write_l1_entry(struct block_dev *bs, uint32_t i)
{
	struct qcow2 *s = qcow2_state(bs);
	uint8_t b[8];

	qcow2_put64(b, s->l1[i]);
	return block_pwrite(bs->fd, s->l1_offset + (uint64_t)i * 8, b, 8);
}

/*
 * An L2 table shared with a snapshot (no COPIED flag, "Cluster mapping")
 * gets a private copy before it is modified.  The data clusters it
 * points to keep their refcounts: one L1 table still reaches them
 * through each copy.
 */
static int qcow2_cow_l2(struct block_dev *bs, uint32_t i1, uint64_t l2)
{
	struct qcow2 *s = qcow2_state(bs);
	uint64_t rc;
	uint8_t *raw;
	int64_t off;
	int ret = qcow2_get_l2(bs, l2);

	if (!ret)
		ret = qcow2_get_refcount(bs, l2 >> s->cluster_bits, &rc);
	if (ret)
		return ret;
	if (rc == 1) {
		s->l1[i1] |= QCOW2_OFLAG_COPIED;
		return qcow2_write_l1_entry(bs, i1);
	}
	off = qcow2_alloc_clusters(bs, 1);
	if (off < 0)
		return (int)off;
	raw = malloc(s->cluster_size);
	if (!raw)
		return -ENOMEM;
	for (uint32_t i = 0; i < s->l2_size; i++) {
		s->l2[i] &= ~QCOW2_OFLAG_COPIED;
		qcow2_put64(raw + (size_t)i * 8, s->l2[i]);
	}
	ret = block_pwrite(bs->fd, (uint64_t)off, raw, s->cluster_size);
	free(raw);
	if (ret)
		return ret;
	s->l2_offset = (uint64_t)off;
	s->l1[i1] = (uint64_t)off | QCOW2_OFLAG_COPIED;
	ret = qcow2_write_l1_entry(bs, i1);
	return ret ? ret : qcow2_update_refcount(bs, l2, -1);
}

/* Make sure the L2 table for @vaddr exists, is ours alone and is cached. */
static int qcow2_l2_for_write(struct block_dev *bs, uint64_t vaddr)
{
	struct qcow2 *s = qcow2_state(bs);
	uint32_t i1 = qcow2_l1_index(s, vaddr);
	int64_t off;
	int ret;

	if (i1 >= s->l1_size)
		return -EIO;
	if (s->l1[i1] & QCOW2_OFFSET_MASK) {
		uint64_t l2 = s->l1[i1] & QCOW2_OFFSET_MASK;

		if (qcow2_overlaps_metadata(bs, l2, s->cluster_size)) {
			qcow2_report(bs, "L2 table at %#llx overlaps other metadata",
				     (unsigned long long)l2);
			return -EIO;
		}
		if (!(s->l1[i1] & QCOW2_OFLAG_COPIED))
			return qcow2_cow_l2(bs, i1, l2);
		return qcow2_get_l2(bs, l2);
	}
	off = qcow2_alloc_clusters(bs, 1);
	if (off < 0)
		return (int)off;
	memset(s->l2, 0, s->cluster_size);
	ret = block_pwrite(bs->fd, (uint64_t)off, s->l2, s->cluster_size);
	if (ret)
		return ret;
	s->l2_offset = (uint64_t)off;
	s->l1[i1] = (uint64_t)off | QCOW2_OFLAG_COPIED;
	return qcow2_write_l1_entry(bs, i1);
}

int qcow2_set_l2_entry(struct block_dev *bs, uint64_t vaddr, uint64_t entry)
{
	struct qcow2 *s = qcow2_state(bs);
	uint32_t i2 = qcow2_l2_index(s, vaddr);
	uint8_t b[8];
	int ret = qcow2_l2_for_write(bs, vaddr);

	if (ret)
		return ret;
	s->l2[i2] = entry;
	qcow2_put64(b, entry);
	return block_pwrite(bs->fd, s->l2_offset + (uint64_t)i2 * 8, b, 8);
}

static int qcow2_write_cluster(struct block_dev *bs, uint64_t off,
			       const uint8_t *buf, size_t len)
{
	struct qcow2 *s = qcow2_state(bs);
	uint64_t entry, base = off & ~(uint64_t)(s->cluster_size - 1);
	uint32_t in = (uint32_t)(off - base);
	uint64_t rc;
	uint8_t *full;
	int64_t host;
	int ret;

	ret = qcow2_l2_for_write(bs, off);
	if (ret)
		return ret;
	entry = s->l2[qcow2_l2_index(s, off)];
	if (!(entry & QCOW2_OFLAG_COMPRESSED) && entry & QCOW2_OFFSET_MASK &&
	    !(s->version >= 3 && entry & QCOW2_OFLAG_ZERO)) {
		host = (int64_t)(entry & QCOW2_OFFSET_MASK);
		if (host & (s->cluster_size - 1) ||
		    !qcow2_offset_ok(bs, (uint64_t)host, s->cluster_size) ||
		    qcow2_overlaps_metadata(bs, (uint64_t)host, s->cluster_size)) {
			qcow2_report(bs, "data cluster offset %#llx is invalid, beyond the end of the file or over metadata",
				     (unsigned long long)host);
			return -EIO;
		}
		if (entry & QCOW2_OFLAG_COPIED)
			return qcow2_pwrite_data(bs, (uint64_t)host, off, buf, len);
		/* no COPIED flag: maybe shared with a snapshot */
		ret = qcow2_get_refcount(bs, (uint64_t)host >> s->cluster_bits, &rc);
		if (ret)
			return ret;
		if (rc == 1) {
			ret = qcow2_set_l2_entry(bs, off, entry | QCOW2_OFLAG_COPIED);
			return ret ? ret : qcow2_pwrite_data(bs, (uint64_t)host, off,
							     buf, len);
		}
	}
	/* a new cluster: what is not written comes from the old contents */
	full = malloc(s->cluster_size);
	if (!full)
		return -ENOMEM;
	ret = 0;
	if (len < s->cluster_size)
		ret = qcow2_read_cluster(bs, base, full, s->cluster_size);
	memcpy(full + in, buf, len);
	if (ret)
		host = ret;
	else if (!(entry & QCOW2_OFLAG_COMPRESSED) && entry & QCOW2_OFFSET_MASK &&
		 entry & QCOW2_OFLAG_COPIED)
		host = qcow2_offset_ok(bs, entry & QCOW2_OFFSET_MASK, s->cluster_size) &&
		       !(entry & (s->cluster_size - 1) & QCOW2_OFFSET_MASK) &&
		       !qcow2_overlaps_metadata(bs, entry & QCOW2_OFFSET_MASK, s->cluster_size) ?
			(int64_t)(entry & QCOW2_OFFSET_MASK) : -EIO;	/* zeroed, keeps its cluster */
	else
		host = qcow2_alloc_clusters(bs, 1);
	if (host < 0) {
		free(full);
		return (int)host;
	}
	ret = qcow2_pwrite_data(bs, (uint64_t)host, base, full, s->cluster_size);
	free(full);
	if (!ret)
		ret = qcow2_set_l2_entry(bs, off, (uint64_t)host | QCOW2_OFLAG_COPIED);
	/* the old cluster stays with the snapshots that still use it */
	if (!ret && !(entry & (QCOW2_OFLAG_COMPRESSED | QCOW2_OFLAG_COPIED)) &&
	    entry & QCOW2_OFFSET_MASK)
		ret = qcow2_update_refcount(bs, entry & QCOW2_OFFSET_MASK, -1);
	if (!ret && entry & QCOW2_OFLAG_COMPRESSED) {
		uint64_t h, n;

		qcow2_compressed_range(s, entry, &h, &n);
		for (uint64_t c = h >> s->cluster_bits;
		     !ret && c <= (h + n - 1) >> s->cluster_bits; c++)
			ret = qcow2_update_refcount(bs, c << s->cluster_bits, -1);
	}
	return ret;
}

int qcow2_write(struct block_dev *bs, uint64_t off, const void *buf, size_t len)
{
	struct qcow2 *s = qcow2_state(bs);
	const uint8_t *p = buf;

	if (s->crypt && ((off | len) & (QCOW_CRYPT_SECTOR - 1))) {
		/* CBC works on whole sectors: read, merge, write them */
		uint64_t a = off & ~(uint64_t)(QCOW_CRYPT_SECTOR - 1);
		uint64_t e = (off + len + QCOW_CRYPT_SECTOR - 1) &
			     ~(uint64_t)(QCOW_CRYPT_SECTOR - 1);
		uint8_t *tmp = malloc(e - a);
		int ret;

		if (!tmp)
			return -ENOMEM;
		ret = qcow2_read(bs, a, tmp, e - a);
		if (!ret) {
			memcpy(tmp + (off - a), buf, len);
			ret = qcow2_write(bs, a, tmp, e - a);
		}
		free(tmp);
		return ret;
	}
	while (len) {
		size_t n = s->cluster_size - (off & (s->cluster_size - 1));
		int ret;

		if (n > len)
			n = len;
		ret = qcow2_write_cluster(bs, off, p, n);
		if (ret)
			return ret;
		off += n;
		p += n;
		len -= n;
	}
	return 0;
}

int qcow2_block_status(struct block_dev *bs, uint64_t off, uint64_t len,
		       bool *allocated, uint64_t *pnum)
{
	struct qcow2 *s = qcow2_state(bs);
	uint64_t done = 0;
	bool first = true;

	while (done < len) {
		uint64_t entry, n = s->cluster_size -
			((off + done) & (s->cluster_size - 1));
		int ret = qcow2_l2_entry(bs, off + done, &entry);
		bool a = entry != 0;

		if (ret)
			return ret;
		if (first)
			*allocated = a;
		else if (a != *allocated)
			break;
		first = false;
		done += n;
	}
	*pnum = done < len ? done : len;
	return 0;
}
