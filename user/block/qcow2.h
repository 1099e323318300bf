/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * qcow2 internals shared by qcow2*.c.  The format is QEMU's
 * docs/interop/qcow2.txt; section names below refer to it.
 */
#ifndef RINGVM_BLOCK_QCOW2_H
#define RINGVM_BLOCK_QCOW2_H

#include <stdbool.h>
#include <stdint.h>

#include "block/aes.h"
#include "block/block_int.h"

#define QCOW2_MAGIC 0x514649fbu		/* "QFI\xfb" */
/* "Header": crypt_method */
#define QCOW2_CRYPT_NONE 0
#define QCOW2_CRYPT_AES 1
#define QCOW2_V2_HEADER_LEN 72
#define QCOW2_V3_HEADER_LEN 104

/* "Header": incompatible feature bits */
#define QCOW2_INCOMPAT_DIRTY (1ull << 0)
#define QCOW2_INCOMPAT_CORRUPT (1ull << 1)
#define QCOW2_INCOMPAT_KNOWN (QCOW2_INCOMPAT_DIRTY | QCOW2_INCOMPAT_CORRUPT)

/* "Header extensions" */
#define QCOW2_EXT_END 0
#define QCOW2_EXT_BACKING_FMT 0xe2792acau

/* "Cluster mapping": L1 and L2 entries */
#define QCOW2_OFLAG_COPIED (1ull << 63)
#define QCOW2_OFLAG_COMPRESSED (1ull << 62)
#define QCOW2_OFLAG_ZERO 1ull
#define QCOW2_OFFSET_MASK 0x00fffffffffffe00ull

/* a sane upper bound on tables read into memory */
#define QCOW2_MAX_TABLE_BYTES (32u << 20)

struct qcow2 {
	uint32_t version;
	uint32_t cluster_bits, cluster_size;
	uint32_t l2_bits, l2_size;		/* entries per L2 table */
	uint64_t incompat, compat, autoclear;
	uint32_t refcount_order, refcount_bits;
	uint32_t header_length;
	uint32_t nb_snapshots;
	uint64_t snapshots_offset;

	uint64_t *l1;				/* host byte order */
	uint32_t l1_size;
	uint64_t l1_offset;

	uint64_t *rt;				/* refcount table, host order */
	uint64_t rt_entries;
	uint64_t rt_offset;
	uint32_t rt_clusters;
	uint32_t rb_entries;			/* refcounts per block */

	/* one cached L2 table */
	uint64_t *l2;
	uint64_t l2_offset;

	/* the last decompressed cluster, by its L2 entry: a guest reads a
	 * compressed cluster a few sectors at a time */
	uint8_t *zbuf;
	uint64_t zentry;

	uint64_t file_end;			/* next cluster to allocate */
	uint64_t cbyte;				/* compressed stream cursor */

	char *backing_file, *backing_fmt;
	bool reported;				/* one corruption line per image */
	bool dirty_set;				/* we set the dirty bit */

	/* crypt_method 1: data clusters (not metadata, not compressed
	 * clusters) are AES-CBC per guest sector, see aes.h */
	bool crypt;
	bool no_key;				/* opened for metadata only */
	struct aes_key key;
};

static inline struct qcow2 *qcow2_state(struct block_dev *bs)
{
	return bs->opaque;
}

void qcow2_report(struct block_dev *bs, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
bool qcow2_offset_ok(struct block_dev *bs, uint64_t off, uint64_t len);

/* qcow2_cluster.c */
int qcow2_read(struct block_dev *bs, uint64_t off, void *buf, size_t len);
int qcow2_write(struct block_dev *bs, uint64_t off, const void *buf, size_t len);
int qcow2_get_l2(struct block_dev *bs, uint64_t l2_off);
int qcow2_set_l2_entry(struct block_dev *bs, uint64_t vaddr, uint64_t entry);
int qcow2_l2_entry(struct block_dev *bs, uint64_t vaddr, uint64_t *entry);
int qcow2_host_offset(struct block_dev *bs, uint64_t off, uint64_t *host);
int qcow2_change_backing(struct block_dev *bs, const char *file, const char *fmt);
int qcow2_make_empty(struct block_dev *bs);
int qcow2_block_status(struct block_dev *bs, uint64_t off, uint64_t len,
		       bool *allocated, uint64_t *pnum);

/* qcow2_refcount.c */
int qcow2_refcount_init(struct block_dev *bs);
int qcow2_get_refcount(struct block_dev *bs, uint64_t cluster, uint64_t *rc);
int qcow2_set_refcount(struct block_dev *bs, uint64_t cluster, uint64_t rc);
int qcow2_update_refcount(struct block_dev *bs, uint64_t off, int delta);
int64_t qcow2_alloc_clusters(struct block_dev *bs, uint32_t n);
bool qcow2_overlaps_metadata(struct block_dev *bs, uint64_t off, uint64_t len);
int qcow2_check(struct block_dev *bs, struct block_check *res,
		enum block_fix fix);

/* qcow2_snapshot.c */
int qcow2_snapshot_walk(struct block_dev *bs,
			int (*fn)(struct block_dev *bs, void *opaque,
				  const struct block_snapshot_info *sn,
				  uint64_t l1_off, uint32_t l1_size),
			void *opaque, uint64_t *table_len);
int qcow2_snapshot_list(struct block_dev *bs, struct block_snapshot_info **list);
int qcow2_snapshot_create(struct block_dev *bs, const struct block_snapshot_info *sn);
int qcow2_snapshot_goto(struct block_dev *bs, const char *id_or_name);
int qcow2_snapshot_delete(struct block_dev *bs, const char *id_or_name);

/* qcow2_compress.c */
int qcow2_read_compressed(struct block_dev *bs, uint64_t entry, uint8_t *out);
int qcow2_write_compressed(struct block_dev *bs, uint64_t off,
			   const void *buf, size_t len);
void qcow2_compressed_range(struct qcow2 *s, uint64_t entry, uint64_t *host,
			    uint64_t *nbytes);

static inline bool qcow2_range_overlap(uint64_t a, uint64_t alen, uint64_t b,
				       uint64_t blen)
{
	return a < b + blen && b < a + alen;
}

/* big-endian fields */
static inline uint64_t qcow2_be64(const uint8_t *p)
{
	uint64_t v = 0;

	for (int i = 0; i < 8; i++)
		v = v << 8 | p[i];
	return v;
}

static inline uint32_t qcow2_be32(const uint8_t *p)
{
	return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 |
	       (uint32_t)p[2] << 8 | p[3];
}

static inline void qcow2_put64(uint8_t *p, uint64_t v)
{
	for (int i = 7; i >= 0; i--, v >>= 8)
		p[i] = (uint8_t)v;
}

static inline void qcow2_put32(uint8_t *p, uint32_t v)
{
	for (int i = 3; i >= 0; i--, v >>= 8)
		p[i] = (uint8_t)v;
}

#endif
