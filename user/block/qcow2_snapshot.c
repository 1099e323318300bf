// SPDX-License-Identifier: GPL-2.0-only
/*
 * qcow2 internal snapshots ("Snapshots"): the snapshot table (read and
 * validated for "info" and "check"), and taking, applying and deleting a
 * snapshot of the disk (a copy of the L1 table plus refcounts; VM state
 * is the caller's business).
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "block/qcow2.h"

#define QCOW2_MAX_SNAPSHOTS 65536
#define QCOW2_SN_FIXED 40	/* bytes before the extra data */

/*
 * Walk the table: @fn is called for each snapshot with its parsed fields.
 * Every offset and length is checked against the file first.
 */
int qcow2_snapshot_walk(struct block_dev *bs,
			int (*fn)(struct block_dev *bs, void *opaque,
				  const struct block_snapshot_info *sn,
				  uint64_t l1_off, uint32_t l1_size),
			void *opaque, uint64_t *table_len)
{
	struct qcow2 *s = qcow2_state(bs);
	uint64_t off = s->snapshots_offset;
	uint8_t h[QCOW2_SN_FIXED];
	int ret;

	*table_len = 0;
	if (!s->nb_snapshots)
		return 0;
	if (s->nb_snapshots > QCOW2_MAX_SNAPSHOTS ||
	    off & (s->cluster_size - 1) || off < s->cluster_size) {
		qcow2_report(bs, "snapshot table at %#llx (%u entries) is invalid",
			     (unsigned long long)off, s->nb_snapshots);
		return -EINVAL;
	}
	for (uint32_t i = 0; i < s->nb_snapshots; i++) {
		struct block_snapshot_info sn = { 0 };
		uint64_t l1_off;
		uint32_t l1_size, extra, id_len, name_len;

		if (!qcow2_offset_ok(bs, off, sizeof(h))) {
			qcow2_report(bs, "snapshot %u is beyond the end of the file", i);
			return -EINVAL;
		}
		ret = block_pread(bs->fd, off, h, sizeof(h));
		if (ret)
			return ret;
		l1_off = qcow2_be64(h);
		l1_size = qcow2_be32(h + 8);
		id_len = (uint32_t)h[12] << 8 | h[13];
		name_len = (uint32_t)h[14] << 8 | h[15];
		sn.date_sec = qcow2_be32(h + 16);
		sn.date_nsec = qcow2_be32(h + 20);
		sn.vm_clock_nsec = qcow2_be64(h + 24);
		sn.vm_state_size = qcow2_be32(h + 32);
		extra = qcow2_be32(h + 36);
		if (extra > 1024 || (uint64_t)l1_size * 8 > QCOW2_MAX_TABLE_BYTES ||
		    (l1_size && (l1_off & (s->cluster_size - 1) ||
				 !qcow2_offset_ok(bs, l1_off, (uint64_t)l1_size * 8)))) {
			qcow2_report(bs, "snapshot %u has an invalid L1 table or header", i);
			return -EINVAL;
		}
		off += sizeof(h);
		if (extra >= 8) {
			uint8_t b[8];

			ret = block_pread(bs->fd, off, b, 8);
			if (ret)
				return ret;
			sn.vm_state_size = qcow2_be64(b);
		}
		off += extra;
		if (!qcow2_offset_ok(bs, off, (uint64_t)id_len + name_len)) {
			qcow2_report(bs, "snapshot %u is beyond the end of the file", i);
			return -EINVAL;
		}
		ret = block_pread(bs->fd, off, sn.id,
				  id_len < sizeof(sn.id) ? id_len : sizeof(sn.id) - 1);
		if (!ret)
			ret = block_pread(bs->fd, off + id_len, sn.name,
					  name_len < sizeof(sn.name) ?
					  name_len : sizeof(sn.name) - 1);
		if (ret)
			return ret;
		off += id_len + name_len;
		off = (off + 7) & ~7ull;
		if (fn) {
			ret = fn(bs, opaque, &sn, l1_off, l1_size);
			if (ret)
				return ret;
		}
	}
	*table_len = off - s->snapshots_offset;
	return 0;
}

struct qcow2_sn_list {
	struct block_snapshot_info *v;
	int n;
};

static int qcow2_sn_collect(struct block_dev *bs, void *opaque,
			    const struct block_snapshot_info *sn,
			    uint64_t l1_off, uint32_t l1_size)
{
	struct qcow2_sn_list *l = opaque;

	l->v[l->n++] = *sn;
	return 0;
}

int qcow2_snapshot_list(struct block_dev *bs, struct block_snapshot_info **list)
{
	struct qcow2 *s = qcow2_state(bs);
	struct qcow2_sn_list l = { 0 };
	uint64_t len;
	int ret;

	*list = NULL;
	if (!s->nb_snapshots)
		return 0;
	/* validates the table before sizing anything by it */
	ret = qcow2_snapshot_walk(bs, NULL, NULL, &len);
	if (ret)
		return ret;
	l.v = calloc(s->nb_snapshots, sizeof(*l.v));
	if (!l.v)
		return -ENOMEM;
	ret = qcow2_snapshot_walk(bs, qcow2_sn_collect, &l, &len);
	if (ret) {
		free(l.v);
		return ret;
	}
	*list = l.v;
	return l.n;
}

/* --- create, apply, delete ------------------------------------------------- */

/*
 * Add @delta to the refcount of every L2 table and cluster an L1 table
 * reaches (refcounts count referencing L1 tables).  With @clear_copied,
 * the COPIED flags of the L2 entries are dropped on disk: the clusters
 * are now shared.
 */
static int qcow2_l1_refs(struct block_dev *bs, const uint64_t *l1,
			 uint32_t l1_size, int delta, bool clear_copied)
{
	struct qcow2 *s = qcow2_state(bs);
	uint8_t *l2 = malloc(s->cluster_size);
	int ret = l2 ? 0 : -ENOMEM;

	for (uint32_t i = 0; !ret && i < l1_size; i++) {
		uint64_t l2_off = l1[i] & QCOW2_OFFSET_MASK;
		bool dirty = false;

		if (!l2_off)
			continue;
		if (l2_off & (s->cluster_size - 1) ||
		    !qcow2_offset_ok(bs, l2_off, s->cluster_size)) {
			qcow2_report(bs, "L2 table offset %#llx is invalid",
				     (unsigned long long)l2_off);
			ret = -EIO;
			break;
		}
		ret = qcow2_update_refcount(bs, l2_off, delta);
		if (!ret)
			ret = block_pread(bs->fd, l2_off, l2, s->cluster_size);
		for (uint32_t j = 0; !ret && j < s->l2_size; j++) {
			uint64_t e = qcow2_be64(l2 + (size_t)j * 8);

			if (e & QCOW2_OFLAG_COMPRESSED) {
				uint64_t h, n;

				qcow2_compressed_range(s, e, &h, &n);
				for (uint64_t c = h >> s->cluster_bits;
				     !ret && c <= (h + n - 1) >> s->cluster_bits; c++)
					ret = qcow2_update_refcount(bs, c << s->cluster_bits,
								    delta);
			} else if (e & QCOW2_OFFSET_MASK) {
				ret = qcow2_update_refcount(bs, e & QCOW2_OFFSET_MASK,
							    delta);
			}
			if (clear_copied && e & QCOW2_OFLAG_COPIED) {
				qcow2_put64(l2 + (size_t)j * 8, e & ~QCOW2_OFLAG_COPIED);
				dirty = true;
			}
		}
		if (!ret && dirty)
			ret = block_pwrite(bs->fd, l2_off, l2, s->cluster_size);
	}
	free(l2);
	s->l2_offset = 0;	/* the cache may hold old flags */
	return ret;
}

/*
 * After refcounts of the active tables changed: COPIED flags again say
 * exactly "refcount is 1" (the spec's invariant, checked by qemu-img).
 */
static int qcow2_fix_copied(struct block_dev *bs)
{
	struct qcow2 *s = qcow2_state(bs);
	uint8_t *l2 = malloc(s->cluster_size), b[8];
	int ret = l2 ? 0 : -ENOMEM;

	for (uint32_t i = 0; !ret && i < s->l1_size; i++) {
		uint64_t l2_off = s->l1[i] & QCOW2_OFFSET_MASK, rc, e;
		bool dirty = false;

		if (!l2_off)
			continue;
		ret = qcow2_get_refcount(bs, l2_off >> s->cluster_bits, &rc);
		if (ret)
			break;
		e = rc == 1 ? s->l1[i] | QCOW2_OFLAG_COPIED :
			      s->l1[i] & ~QCOW2_OFLAG_COPIED;
		if (e != s->l1[i]) {
			s->l1[i] = e;
			qcow2_put64(b, e);
			ret = block_pwrite(bs->fd, s->l1_offset + (uint64_t)i * 8, b, 8);
		}
		if (ret || rc != 1)
			continue;
		ret = block_pread(bs->fd, l2_off, l2, s->cluster_size);
		for (uint32_t j = 0; !ret && j < s->l2_size; j++) {
			uint64_t d = qcow2_be64(l2 + (size_t)j * 8), n;

			if (d & QCOW2_OFLAG_COMPRESSED || !(d & QCOW2_OFFSET_MASK))
				continue;
			ret = qcow2_get_refcount(bs, (d & QCOW2_OFFSET_MASK) >>
						 s->cluster_bits, &rc);
			n = rc == 1 ? d | QCOW2_OFLAG_COPIED : d & ~QCOW2_OFLAG_COPIED;
			if (!ret && n != d) {
				qcow2_put64(l2 + (size_t)j * 8, n);
				dirty = true;
			}
		}
		if (!ret && dirty)
			ret = block_pwrite(bs->fd, l2_off, l2, s->cluster_size);
	}
	free(l2);
	s->l2_offset = 0;
	return ret;
}

static int qcow2_read_l1(struct block_dev *bs, uint64_t off, uint32_t size,
			 uint64_t **out)
{
	uint64_t *l1 = calloc(size ? size : 1, 8);
	int ret;

	*out = l1;
	if (!l1)
		return -ENOMEM;
	ret = block_pread(bs->fd, off, l1, (size_t)size * 8);
	for (uint32_t i = 0; i < size; i++)
		l1[i] = qcow2_be64((uint8_t *)&l1[i]);
	return ret;
}

/* One table entry, serialised ("Snapshots"); returns its length. */
static size_t qcow2_sn_encode(uint8_t *p, const struct block_snapshot_info *sn,
			      uint64_t l1_off, uint32_t l1_size, uint64_t disk)
{
	size_t id_len = strlen(sn->id), name_len = strlen(sn->name), n;

	memset(p, 0, QCOW2_SN_FIXED + 16);
	qcow2_put64(p, l1_off);
	qcow2_put32(p + 8, l1_size);
	p[12] = (uint8_t)(id_len >> 8);
	p[13] = (uint8_t)id_len;
	p[14] = (uint8_t)(name_len >> 8);
	p[15] = (uint8_t)name_len;
	qcow2_put32(p + 16, sn->date_sec);
	qcow2_put32(p + 20, sn->date_nsec);
	qcow2_put64(p + 24, sn->vm_clock_nsec);
	qcow2_put32(p + 32, sn->vm_state_size > UINT32_MAX ? 0 :
			    (uint32_t)sn->vm_state_size);
	qcow2_put32(p + 36, 16);	/* extra: vm_state_size_large, disk_size */
	qcow2_put64(p + 40, sn->vm_state_size);
	qcow2_put64(p + 48, disk);
	memcpy(p + 56, sn->id, id_len);
	memcpy(p + 56 + id_len, sn->name, name_len);
	n = 56 + id_len + name_len;
	while (n & 7)
		p[n++] = 0;
	return n;
}

struct qcow2_sn_entry {
	uint64_t pos, len;		/* in the table */
	uint64_t l1_off;
	uint32_t l1_size;
	struct block_snapshot_info info;
};

struct qcow2_sn_all {
	struct qcow2_sn_entry *v;
	uint32_t n;
	uint64_t pos;
};

static int qcow2_sn_gather(struct block_dev *bs, void *opaque,
			   const struct block_snapshot_info *sn,
			   uint64_t l1_off, uint32_t l1_size)
{
	struct qcow2_sn_all *a = opaque;
	struct qcow2_sn_entry *e = &a->v[a->n++];

	e->info = *sn;
	e->l1_off = l1_off;
	e->l1_size = l1_size;
	return 0;
}

/* All snapshots, with each entry's place in the table for rewriting. */
static int qcow2_sn_load(struct block_dev *bs, struct qcow2_sn_all *a,
			 uint8_t **table, uint64_t *table_len)
{
	struct qcow2 *s = qcow2_state(bs);
	int ret = qcow2_snapshot_walk(bs, NULL, NULL, table_len);

	a->n = 0;
	a->v = NULL;
	*table = NULL;
	if (ret)
		return ret;
	a->v = calloc(s->nb_snapshots + 1, sizeof(*a->v));
	*table = malloc(*table_len + 1);
	if (!a->v || !*table)
		return -ENOMEM;
	ret = qcow2_snapshot_walk(bs, qcow2_sn_gather, a, table_len);
	if (!ret && *table_len)
		ret = block_pread(bs->fd, s->snapshots_offset, *table, *table_len);
	/* entry boundaries: walk the bytes the same way as the parser */
	for (uint32_t i = 0, pos = 0; !ret && i < a->n; i++) {
		const uint8_t *p = *table + pos;
		uint64_t len = QCOW2_SN_FIXED + qcow2_be32(p + 36) +
			((uint32_t)p[12] << 8 | p[13]) + ((uint32_t)p[14] << 8 | p[15]);

		len = (len + 7) & ~7ull;
		a->v[i].pos = pos;
		a->v[i].len = len;
		pos += (uint32_t)len;
	}
	return ret;
}

static int qcow2_sn_find(struct qcow2_sn_all *a, const char *id_or_name)
{
	for (uint32_t i = 0; i < a->n; i++)
		if (!strcmp(a->v[i].info.id, id_or_name))
			return (int)i;
	for (uint32_t i = 0; i < a->n; i++)
		if (!strcmp(a->v[i].info.name, id_or_name))
			return (int)i;
	return -1;
}

/* Write @len bytes of table to new clusters, switch the header to them,
 * and free the old table. */
static int qcow2_sn_write_table(struct block_dev *bs, const uint8_t *table,
				uint64_t len, uint32_t count, uint64_t old_len)
{
	struct qcow2 *s = qcow2_state(bs);
	uint64_t old = s->snapshots_offset;
	uint32_t ncl = (uint32_t)((len + s->cluster_size - 1) >> s->cluster_bits);
	uint32_t ocl = (uint32_t)((old_len + s->cluster_size - 1) >> s->cluster_bits);
	int64_t off = 0;
	uint8_t h[12];
	int ret = 0;

	if (count) {
		off = qcow2_alloc_clusters(bs, ncl);
		if (off < 0)
			return (int)off;
		ret = block_pwrite(bs->fd, (uint64_t)off, table, len);
		if (!ret && fdatasync(bs->fd))
			ret = -errno;
		if (ret)
			return ret;
	}
	/* "nb_snapshots" and "snapshots_offset" together, one write */
	qcow2_put32(h, count);
	qcow2_put64(h + 4, (uint64_t)off);
	ret = block_pwrite(bs->fd, 60, h, 12);
	if (ret)
		return ret;
	s->nb_snapshots = count;
	s->snapshots_offset = (uint64_t)off;
	for (uint32_t i = 0; old && i < ocl; i++) {
		ret = qcow2_update_refcount(bs, old + ((uint64_t)i << s->cluster_bits), -1);
		if (ret)
			return ret;
	}
	return 0;
}

int qcow2_snapshot_create(struct block_dev *bs, const struct block_snapshot_info *sn)
{
	struct qcow2 *s = qcow2_state(bs);
	struct block_snapshot_info info = *sn;
	struct qcow2_sn_all a;
	uint8_t *table, *nt = NULL, *raw = NULL;
	uint64_t len, l1_bytes = (uint64_t)s->l1_size * 8;
	uint32_t l1_cl = (uint32_t)((l1_bytes + s->cluster_size - 1) >> s->cluster_bits);
	unsigned long max_id = 0;
	int64_t l1_off = 0;
	size_t n;
	int ret;

	if (bs->read_only)
		return -EPERM;
	ret = qcow2_sn_load(bs, &a, &table, &len);
	if (ret)
		goto out;
	for (uint32_t i = 0; i < a.n; i++) {
		unsigned long id = strtoul(a.v[i].info.id, NULL, 10);

		if (id > max_id)
			max_id = id;
		if (sn->name[0] && !strcmp(a.v[i].info.name, sn->name)) {
			ret = -EEXIST;
			goto out;
		}
	}
	snprintf(info.id, sizeof(info.id), "%lu", max_id + 1);
	/* a copy of the active L1 table, flags cleared: all shared now */
	raw = calloc(l1_cl ? l1_cl : 1, s->cluster_size);
	if (!raw) {
		ret = -ENOMEM;
		goto out;
	}
	for (uint32_t i = 0; i < s->l1_size; i++)
		qcow2_put64(raw + (size_t)i * 8, s->l1[i] & ~QCOW2_OFLAG_COPIED);
	if (l1_cl) {
		l1_off = qcow2_alloc_clusters(bs, l1_cl);
		ret = l1_off < 0 ? (int)l1_off :
			block_pwrite(bs->fd, (uint64_t)l1_off, raw, l1_bytes);
		if (ret)
			goto out;
	}
	ret = qcow2_l1_refs(bs, s->l1, s->l1_size, 1, true);
	if (ret)
		goto out;
	for (uint32_t i = 0; i < s->l1_size; i++)
		s->l1[i] &= ~QCOW2_OFLAG_COPIED;
	ret = block_pwrite(bs->fd, s->l1_offset, raw, l1_bytes);
	if (ret)
		goto out;
	nt = malloc(len + 56 + sizeof(info.id) + sizeof(info.name) + 8);
	if (!nt) {
		ret = -ENOMEM;
		goto out;
	}
	memcpy(nt, table, len);
	n = qcow2_sn_encode(nt + len, &info, (uint64_t)l1_off, s->l1_size, bs->size);
	ret = qcow2_sn_write_table(bs, nt, len + n, a.n + 1, len);
out:
	free(a.v);
	free(table);
	free(nt);
	free(raw);
	return ret;
}

int qcow2_snapshot_goto(struct block_dev *bs, const char *id_or_name)
{
	struct qcow2 *s = qcow2_state(bs);
	struct qcow2_sn_all a;
	uint64_t *sl1 = NULL, len;
	uint8_t *table, *raw = NULL;
	int i, ret;

	if (bs->read_only)
		return -EPERM;
	ret = qcow2_sn_load(bs, &a, &table, &len);
	if (ret)
		goto out;
	i = qcow2_sn_find(&a, id_or_name);
	if (i < 0) {
		ret = -ENOENT;
		goto out;
	}
	if (a.v[i].l1_size > s->l1_size) {
		ret = -ENOTSUP;	/* taken before a resize */
		goto out;
	}
	ret = qcow2_read_l1(bs, a.v[i].l1_off, a.v[i].l1_size, &sl1);
	if (ret)
		goto out;
	/* take the snapshot's references first, then drop the active ones */
	ret = qcow2_l1_refs(bs, sl1, a.v[i].l1_size, 1, false);
	if (!ret)
		ret = qcow2_l1_refs(bs, s->l1, s->l1_size, -1, false);
	if (ret)
		goto out;
	raw = calloc(s->l1_size ? s->l1_size : 1, 8);
	if (!raw) {
		ret = -ENOMEM;
		goto out;
	}
	memset(s->l1, 0, (size_t)s->l1_size * 8);
	for (uint32_t j = 0; j < a.v[i].l1_size; j++) {
		s->l1[j] = sl1[j] & ~QCOW2_OFLAG_COPIED;
		qcow2_put64(raw + (size_t)j * 8, s->l1[j]);
	}
	ret = block_pwrite(bs->fd, s->l1_offset, raw, (size_t)s->l1_size * 8);
	s->l2_offset = 0;
	if (!ret)
		ret = qcow2_fix_copied(bs);
out:
	free(a.v);
	free(table);
	free(sl1);
	free(raw);
	return ret;
}

int qcow2_snapshot_delete(struct block_dev *bs, const char *id_or_name)
{
	struct qcow2 *s = qcow2_state(bs);
	struct qcow2_sn_all a;
	uint64_t *sl1 = NULL, len;
	uint8_t *table, *nt = NULL;
	uint32_t l1_cl;
	int i, ret;

	if (bs->read_only)
		return -EPERM;
	ret = qcow2_sn_load(bs, &a, &table, &len);
	if (ret)
		goto out;
	i = qcow2_sn_find(&a, id_or_name);
	if (i < 0) {
		ret = -ENOENT;
		goto out;
	}
	nt = malloc(len + 1);
	if (!nt) {
		ret = -ENOMEM;
		goto out;
	}
	memcpy(nt, table, a.v[i].pos);
	memcpy(nt + a.v[i].pos, table + a.v[i].pos + a.v[i].len,
	       len - a.v[i].pos - a.v[i].len);
	/* the table first: a crash after it leaks, never corrupts */
	ret = qcow2_sn_write_table(bs, nt, len - a.v[i].len, a.n - 1, len);
	if (!ret)
		ret = qcow2_read_l1(bs, a.v[i].l1_off, a.v[i].l1_size, &sl1);
	if (!ret)
		ret = qcow2_l1_refs(bs, sl1, a.v[i].l1_size, -1, false);
	l1_cl = (uint32_t)(((uint64_t)a.v[i].l1_size * 8 + s->cluster_size - 1) >>
			   s->cluster_bits);
	for (uint32_t c = 0; !ret && c < l1_cl; c++)
		ret = qcow2_update_refcount(bs, a.v[i].l1_off +
					    ((uint64_t)c << s->cluster_bits), -1);
	if (!ret)
		ret = qcow2_fix_copied(bs);
out:
	free(a.v);
	free(table);
	free(nt);
	free(sl1);
	return ret;
}
