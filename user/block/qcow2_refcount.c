// SPDX-License-Identifier: GPL-2.0-only
/*
 * qcow2 refcounts ("Host cluster management"): the refcount table and
 * blocks, cluster allocation at the end of the file, and "check".
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "block/qcow2.h"
#include "core/lib/log.h"

/* Load the refcount table, validated against the file. */
int qcow2_refcount_init(struct block_dev *bs)
{
	struct qcow2 *s = qcow2_state(bs);
	uint64_t bytes = (uint64_t)s->rt_clusters * s->cluster_size;
	uint8_t *raw;
	int ret;

	if (s->rt_offset & (s->cluster_size - 1) || !s->rt_offset) {
		qcow2_report(bs, "refcount table offset %#llx is zero or not cluster-aligned",
			     (unsigned long long)s->rt_offset);
		return -EINVAL;
	}
	if (bytes > QCOW2_MAX_TABLE_BYTES || !s->rt_clusters) {
		qcow2_report(bs, "refcount table of %u clusters is invalid",
			     s->rt_clusters);
		return -EINVAL;
	}
	if (!qcow2_offset_ok(bs, s->rt_offset, bytes)) {
		qcow2_report(bs, "refcount table at %#llx is beyond the end of the file",
			     (unsigned long long)s->rt_offset);
		return -EINVAL;
	}
	s->rt_entries = bytes / 8;
	s->rt = calloc(s->rt_entries, 8);
	raw = malloc(bytes);
	if (!s->rt || !raw) {
		free(raw);
		return -ENOMEM;
	}
	ret = block_pread(bs->fd, s->rt_offset, raw, bytes);
	for (uint64_t i = 0; !ret && i < s->rt_entries; i++) {
		s->rt[i] = qcow2_be64(raw + i * 8) & QCOW2_OFFSET_MASK;
		if (s->rt[i] && (s->rt[i] & (s->cluster_size - 1) ||
				 s->rt[i] < s->cluster_size ||
				 qcow2_range_overlap(s->rt[i], s->cluster_size, s->rt_offset,
						     bytes) ||
				 !qcow2_offset_ok(bs, s->rt[i], s->cluster_size))) {
			qcow2_report(bs, "refcount block %llu at %#llx is invalid",
				     (unsigned long long)i,
				     (unsigned long long)s->rt[i]);
			ret = -EINVAL;
		}
	}
	free(raw);
	return ret;
}

/*
 * Does [off, off+len) hit the header, the L1 table, the refcount table or
 * a refcount block?  Checked before writing guest data or an L2 table in
 * place, so that a corrupt pointer cannot make us overwrite metadata.
 */
bool qcow2_overlaps_metadata(struct block_dev *bs, uint64_t off, uint64_t len)
{
	struct qcow2 *s = qcow2_state(bs);

	if (qcow2_range_overlap(off, len, 0, s->cluster_size) ||
	    qcow2_range_overlap(off, len, s->l1_offset, (uint64_t)s->l1_size * 8) ||
	    qcow2_range_overlap(off, len, s->rt_offset,
				(uint64_t)s->rt_clusters << s->cluster_bits))
		return true;
	for (uint64_t i = 0; i < s->rt_entries; i++)
		if (s->rt[i] && qcow2_range_overlap(off, len, s->rt[i], s->cluster_size))
			return true;
	return false;
}

static int qcow2_rc_locate(struct qcow2 *s, uint64_t cluster, uint64_t *byte,
			   unsigned *shift)
{
	uint64_t idx = cluster / s->rb_entries, j = cluster % s->rb_entries;
	uint64_t bit = j * s->refcount_bits;

	if (idx >= s->rt_entries || !s->rt[idx])
		return -ENOENT;
	*byte = s->rt[idx] + bit / 8;
	*shift = (unsigned)(bit % 8);
	return 0;
}

int qcow2_get_refcount(struct block_dev *bs, uint64_t cluster, uint64_t *rc)
{
	struct qcow2 *s = qcow2_state(bs);
	unsigned nbytes = s->refcount_bits < 8 ? 1 : s->refcount_bits / 8;
	uint8_t b[8];
	uint64_t byte, v = 0;
	unsigned shift;
	int ret;

	*rc = 0;
	if (qcow2_rc_locate(s, cluster, &byte, &shift))
		return 0;
	ret = block_pread(bs->fd, byte, b, nbytes);
	if (ret)
		return ret;
	for (unsigned i = 0; i < nbytes; i++)
		v = v << 8 | b[i];
	if (s->refcount_bits < 8)
		v = (v >> shift) & ((1u << s->refcount_bits) - 1);
	*rc = v;
	return 0;
}

/* Allocate one cluster for a new refcount block at the end of the file;
 * it is placed so that it covers itself, so no recursion is needed. */
static int qcow2_new_refblock(struct block_dev *bs, uint64_t idx);

static int qcow2_grow_rt(struct block_dev *bs, uint64_t need)
{
	struct qcow2 *s = qcow2_state(bs);
	uint64_t entries = s->rt_entries, old_off = s->rt_offset;
	uint32_t old_clusters = s->rt_clusters, clusters;
	uint8_t *raw;
	uint64_t *nrt, toff;
	int ret;

	while (entries <= need + 8)
		entries *= 2;
	clusters = (uint32_t)((entries * 8 + s->cluster_size - 1) >> s->cluster_bits);
	entries = (uint64_t)clusters * s->cluster_size / 8;
	if ((uint64_t)clusters * s->cluster_size > QCOW2_MAX_TABLE_BYTES)
		return -EFBIG;
	nrt = realloc(s->rt, entries * 8);
	if (!nrt)
		return -ENOMEM;
	memset(nrt + s->rt_entries, 0, (entries - s->rt_entries) * 8);
	s->rt = nrt;
	s->rt_entries = entries;
	toff = s->file_end;
	s->file_end += (uint64_t)clusters << s->cluster_bits;
	raw = calloc(entries, 8);
	if (!raw)
		return -ENOMEM;
	for (uint64_t i = 0; i < entries; i++)
		qcow2_put64(raw + i * 8, s->rt[i]);
	ret = block_pwrite(bs->fd, toff, raw, entries * 8);
	free(raw);
	if (ret)
		return ret;
	/* "Header": refcount_table_offset at 48, clusters at 56 */
	{
		uint8_t h[12];

		qcow2_put64(h, toff);
		qcow2_put32(h + 8, clusters);
		ret = block_pwrite(bs->fd, 48, h, 12);
		if (ret)
			return ret;
	}
	s->rt_offset = toff;
	s->rt_clusters = clusters;
	for (uint32_t i = 0; i < clusters; i++) {
		ret = qcow2_update_refcount(bs, toff + ((uint64_t)i << s->cluster_bits), 1);
		if (ret)
			return ret;
	}
	for (uint32_t i = 0; i < old_clusters; i++) {
		ret = qcow2_update_refcount(bs, old_off + ((uint64_t)i << s->cluster_bits), -1);
		if (ret)
			return ret;
	}
	return 0;
}

static int qcow2_write_rt_entry(struct block_dev *bs, uint64_t idx)
{
	struct qcow2 *s = qcow2_state(bs);
	uint8_t b[8];

	qcow2_put64(b, s->rt[idx]);
	return block_pwrite(bs->fd, s->rt_offset + idx * 8, b, 8);
}

static int qcow2_new_refblock(struct block_dev *bs, uint64_t idx)
{
	struct qcow2 *s = qcow2_state(bs);
	uint64_t off = s->file_end, self;
	uint8_t *zero;
	int ret;

	if (idx >= s->rt_entries) {
		ret = qcow2_grow_rt(bs, idx);
		if (ret || s->rt[idx])
			return ret;
		off = s->file_end;
	}
	zero = calloc(1, s->cluster_size);
	if (!zero)
		return -ENOMEM;
	ret = block_pwrite(bs->fd, off, zero, s->cluster_size);
	free(zero);
	if (ret)
		return ret;
	s->file_end = off + s->cluster_size;
	s->rt[idx] = off;
	ret = qcow2_write_rt_entry(bs, idx);
	if (ret)
		return ret;
	/* the block's own refcount lives in itself only if it covers itself */
	self = off >> s->cluster_bits;
	return qcow2_set_refcount(bs, self, 1);
}

int qcow2_set_refcount(struct block_dev *bs, uint64_t cluster, uint64_t rc)
{
	struct qcow2 *s = qcow2_state(bs);
	unsigned nbytes = s->refcount_bits < 8 ? 1 : s->refcount_bits / 8;
	uint8_t b[8];
	uint64_t byte, v;
	unsigned shift;
	int ret;

	if (s->refcount_bits < 64 && rc >> s->refcount_bits)
		return -ERANGE;
	while (qcow2_rc_locate(s, cluster, &byte, &shift)) {
		ret = qcow2_new_refblock(bs, cluster / s->rb_entries);
		if (ret)
			return ret;
	}
	if (s->refcount_bits < 8) {
		uint8_t mask = (uint8_t)(((1u << s->refcount_bits) - 1) << shift);

		ret = block_pread(bs->fd, byte, b, 1);
		if (ret)
			return ret;
		b[0] = (uint8_t)((b[0] & ~mask) | (rc << shift));
	} else {
		v = rc;
		for (int i = (int)nbytes - 1; i >= 0; i--, v >>= 8)
			b[i] = (uint8_t)v;
	}
	return block_pwrite(bs->fd, byte, b, nbytes);
}

int qcow2_update_refcount(struct block_dev *bs, uint64_t off, int delta)
{
	struct qcow2 *s = qcow2_state(bs);
	uint64_t c = off >> s->cluster_bits, rc;
	int ret = qcow2_get_refcount(bs, c, &rc);

	if (ret)
		return ret;
	if (delta < 0 && rc < (uint64_t)-delta) {
		qcow2_report(bs, "refcount of cluster %#llx would drop below zero",
			     (unsigned long long)off);
		return -EIO;
	}
	return qcow2_set_refcount(bs, c, rc + (uint64_t)(int64_t)delta);
}

/* @n contiguous clusters at the end of the file, refcount 1 each.  Any
 * refcount block needed is allocated first so the run stays contiguous. */
int64_t qcow2_alloc_clusters(struct block_dev *bs, uint32_t n)
{
	struct qcow2 *s = qcow2_state(bs);
	uint64_t start;
	int ret;

	for (;;) {
		uint64_t first = s->file_end >> s->cluster_bits;
		uint64_t last = first + n - 1;
		uint64_t byte;
		unsigned shift;
		bool ok = true;

		for (uint64_t i = first / s->rb_entries;
		     i <= last / s->rb_entries; i++) {
			if (qcow2_rc_locate(s, i * s->rb_entries, &byte, &shift)) {
				ret = qcow2_new_refblock(bs, i);
				if (ret)
					return ret;
				ok = false;
				break;
			}
		}
		if (ok)
			break;
	}
	start = s->file_end;
	s->file_end += (uint64_t)n << s->cluster_bits;
	for (uint32_t i = 0; i < n; i++) {
		ret = qcow2_set_refcount(bs, (start >> s->cluster_bits) + i, 1);
		if (ret)
			return ret;
	}
	return (int64_t)start;
}

/* --- check ------------------------------------------------------------- */

struct qcow2_ck {
	struct block_dev *bs;
	uint32_t *ref;		/* expected refcounts per host cluster */
	uint64_t nclusters;
	struct block_check *res;
};

static void qcow2_ck_add(struct qcow2_ck *ck, uint64_t off, uint64_t len,
			 const char *what)
{
	struct qcow2 *s = qcow2_state(ck->bs);
	uint64_t first = off >> s->cluster_bits;
	uint64_t last = (off + len - 1) >> s->cluster_bits;

	for (uint64_t c = first; c <= last; c++) {
		if (c >= ck->nclusters) {
			fprintf(stderr, "ERROR %s at %#llx is beyond the end of the image file\n",
				what, (unsigned long long)(c << s->cluster_bits));
			ck->res->corruptions++;
			continue;
		}
		ck->ref[c]++;
	}
}

static void qcow2_ck_l2(struct qcow2_ck *ck, uint64_t l2_off)
{
	struct qcow2 *s = qcow2_state(ck->bs);
	uint64_t *l2 = malloc(s->cluster_size);

	if (!l2 || block_pread(ck->bs->fd, l2_off, l2, s->cluster_size)) {
		ck->res->check_errors++;
		free(l2);
		return;
	}
	for (uint32_t i = 0; i < s->l2_size; i++) {
		uint64_t e = qcow2_be64((uint8_t *)&l2[i]);

		if (e & QCOW2_OFLAG_COMPRESSED) {
			uint64_t host, n;

			qcow2_compressed_range(s, e, &host, &n);
			qcow2_ck_add(ck, host, n, "compressed cluster");
		} else if (e & QCOW2_OFFSET_MASK) {
			uint64_t off = e & QCOW2_OFFSET_MASK;

			if (off & (s->cluster_size - 1)) {
				fprintf(stderr, "ERROR data cluster offset %#llx is not aligned\n",
					(unsigned long long)off);
				ck->res->corruptions++;
				continue;
			}
			qcow2_ck_add(ck, off, s->cluster_size, "data cluster");
		}
	}
	free(l2);
}

/* A snapshot's L1 table counts once more for every table and cluster it
 * reaches ("Snapshots": refcounts are per referencing L1 table). */
static int qcow2_ck_snapshot(struct block_dev *bs, void *opaque,
			     const struct block_snapshot_info *sn,
			     uint64_t l1_off, uint32_t l1_size)
{
	struct qcow2_ck *ck = opaque;
	struct qcow2 *s = qcow2_state(bs);
	uint8_t *l1;
	int ret;

	if (!l1_size)
		return 0;
	qcow2_ck_add(ck, l1_off, (uint64_t)l1_size * 8, "snapshot L1 table");
	l1 = malloc((size_t)l1_size * 8);
	if (!l1)
		return -ENOMEM;
	ret = block_pread(bs->fd, l1_off, l1, (size_t)l1_size * 8);
	for (uint32_t i = 0; !ret && i < l1_size; i++) {
		uint64_t l2 = qcow2_be64(l1 + i * 8) & QCOW2_OFFSET_MASK;

		if (!l2)
			continue;
		if (l2 & (s->cluster_size - 1) ||
		    !qcow2_offset_ok(bs, l2, s->cluster_size)) {
			fprintf(stderr, "ERROR snapshot %s: L2 table offset %#llx is invalid\n",
				sn->id, (unsigned long long)l2);
			ck->res->corruptions++;
			continue;
		}
		qcow2_ck_add(ck, l2, s->cluster_size, "snapshot L2 table");
		qcow2_ck_l2(ck, l2);
	}
	free(l1);
	return ret;
}

int qcow2_check(struct block_dev *bs, struct block_check *res,
		enum block_fix fix)
{
	struct qcow2 *s = qcow2_state(bs);
	struct qcow2_ck ck = { .bs = bs, .res = res };
	struct stat st;
	int ret = 0;

	if (fstat(bs->fd, &st))
		return -errno;
	ck.nclusters = ((uint64_t)st.st_size + s->cluster_size - 1) >> s->cluster_bits;
	ck.ref = calloc(ck.nclusters + 1, sizeof(*ck.ref));
	if (!ck.ref)
		return -ENOMEM;
	qcow2_ck_add(&ck, 0, s->cluster_size, "header");
	qcow2_ck_add(&ck, s->l1_offset, (uint64_t)s->l1_size * 8 ? : 1, "L1 table");
	qcow2_ck_add(&ck, s->rt_offset, (uint64_t)s->rt_clusters << s->cluster_bits,
		     "refcount table");
	for (uint64_t i = 0; i < s->rt_entries; i++)
		if (s->rt[i])
			qcow2_ck_add(&ck, s->rt[i], s->cluster_size, "refcount block");
	for (uint32_t i = 0; i < s->l1_size; i++) {
		uint64_t l2 = s->l1[i] & QCOW2_OFFSET_MASK;

		if (!l2)
			continue;
		qcow2_ck_add(&ck, l2, s->cluster_size, "L2 table");
		qcow2_ck_l2(&ck, l2);
	}
	if (s->nb_snapshots) {
		uint64_t len;

		ret = qcow2_snapshot_walk(bs, qcow2_ck_snapshot, &ck, &len);
		if (ret)
			goto out;
		qcow2_ck_add(&ck, s->snapshots_offset, len, "snapshot table");
	}
	for (uint64_t c = 0; c < ck.nclusters; c++) {
		uint64_t rc;

		ret = qcow2_get_refcount(bs, c, &rc);
		if (ret)
			goto out;
		if (rc == ck.ref[c])
			continue;
		if (rc > ck.ref[c]) {
			if (fix & BLOCK_FIX_LEAKS && !bs->read_only &&
			    !qcow2_set_refcount(bs, c, ck.ref[c])) {
				res->leaks_fixed++;
				continue;
			}
			fprintf(stderr, "Leaked cluster %llu refcount=%llu reference=%u\n",
				(unsigned long long)c, (unsigned long long)rc,
				ck.ref[c]);
			res->leaks++;
		} else {
			if (fix == BLOCK_FIX_ALL && !bs->read_only &&
			    !qcow2_set_refcount(bs, c, ck.ref[c])) {
				res->corruptions_fixed++;
				continue;
			}
			fprintf(stderr, "ERROR cluster %llu refcount=%llu reference=%u\n",
				(unsigned long long)c, (unsigned long long)rc,
				ck.ref[c]);
			res->corruptions++;
		}
	}
out:
	free(ck.ref);
	return ret;
}
