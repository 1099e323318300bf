// SPDX-License-Identifier: GPL-2.0-only
/*
 * qcow2, versions 2 and 3 (QEMU's docs/interop/qcow2.txt): the header
 * and its extensions, open with validation of everything read from the
 * file, create, the dirty and corrupt bits, info and resize.
 * Internal snapshots: see qcow2_snapshot.c.  Legacy AES encryption
 * (crypt_method 1) is read and written by qcow2_cluster.c with aes.c.
 * Not supported: LUKS, external data files, extended L2 entries, zstd.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "block/qcow2.h"
#include "core/lib/log.h"

void qcow2_report(struct block_dev *bs, const char *fmt, ...)
{
	struct qcow2 *s = qcow2_state(bs);
	char msg[256];
	va_list ap;

	if (s->reported)
		return;
	s->reported = true;
	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	err_report("%s: corrupt qcow2 image: %s", bs->filename, msg);
}

bool qcow2_offset_ok(struct block_dev *bs, uint64_t off, uint64_t len)
{
	struct qcow2 *s = qcow2_state(bs);

	return off <= s->file_end && len <= s->file_end - off;
}

static int qcow2_probe(const uint8_t *buf, size_t len, const char *filename)
{
	if (len >= 8 && qcow2_be32(buf) == QCOW2_MAGIC &&
	    qcow2_be32(buf + 4) >= 2)
		return 100;
	return 0;
}

/* "Header extensions": from the end of the header to the end marker. */
static int qcow2_read_extensions(struct block_dev *bs, const uint8_t *c0,
				 uint32_t limit)
{
	struct qcow2 *s = qcow2_state(bs);
	uint32_t off = s->header_length;

	while (off + 8 <= limit) {
		uint32_t type = qcow2_be32(c0 + off);
		uint32_t len = qcow2_be32(c0 + off + 4);

		off += 8;
		if (type == QCOW2_EXT_END)
			return 0;
		if (len > limit - off) {
			err_report("%s: corrupt qcow2 image: header extension %#x overflows the header cluster",
				   bs->filename, type);
			return -EINVAL;
		}
		if (type == QCOW2_EXT_BACKING_FMT) {
			s->backing_fmt = strndup((const char *)c0 + off, len);
			if (!s->backing_fmt)
				return -ENOMEM;
		}
		off += (len + 7) & ~7u;
	}
	return 0;
}

static int qcow2_write_incompat(struct block_dev *bs)
{
	struct qcow2 *s = qcow2_state(bs);
	uint8_t b[8];
	int ret;

	qcow2_put64(b, s->incompat);
	ret = block_pwrite(bs->fd, 72, b, 8);
	if (!ret && fdatasync(bs->fd))
		ret = -errno;
	return ret;
}

static int qcow2_fail(struct block_dev *bs, const char *what, int err)
{
	err_report("%s: %s", bs->filename, what);
	return err;
}

static void qcow2_free(struct qcow2 *s)
{
	free(s->l1);
	free(s->rt);
	free(s->l2);
	free(s->zbuf);
	free(s->backing_file);
	free(s->backing_fmt);
	s->l1 = s->rt = s->l2 = NULL;
	s->zbuf = NULL;
	s->backing_file = s->backing_fmt = NULL;
}

static int qcow2_load_l1(struct block_dev *bs)
{
	struct qcow2 *s = qcow2_state(bs);
	uint64_t bytes = (uint64_t)s->l1_size * 8;
	int ret;

	s->l1 = calloc(s->l1_size ? s->l1_size : 1, 8);
	if (!s->l1)
		return -ENOMEM;
	if (!s->l1_size)
		return 0;
	if (s->l1_offset & (s->cluster_size - 1) || s->l1_offset < s->cluster_size ||
	    !qcow2_offset_ok(bs, s->l1_offset, bytes)) {
		qcow2_report(bs, "L1 table offset %#llx is invalid or beyond the end of the file",
			     (unsigned long long)s->l1_offset);
		return -EINVAL;
	}
	if (qcow2_range_overlap(s->l1_offset, bytes, s->rt_offset,
			  (uint64_t)s->rt_clusters << s->cluster_bits)) {
		qcow2_report(bs, "L1 table overlaps the refcount table");
		return -EINVAL;
	}
	ret = block_pread(bs->fd, s->l1_offset, s->l1, bytes);
	for (uint32_t i = 0; !ret && i < s->l1_size; i++) {
		uint64_t l2;

		s->l1[i] = qcow2_be64((uint8_t *)&s->l1[i]);
		l2 = s->l1[i] & QCOW2_OFFSET_MASK;
		if (l2 && (l2 & (s->cluster_size - 1) || l2 < s->cluster_size ||
			   !qcow2_offset_ok(bs, l2, s->cluster_size))) {
			qcow2_report(bs, "L2 table offset %#llx (L1 entry %u) is invalid or beyond the end of the file",
				     (unsigned long long)l2, i);
			ret = -EINVAL;
		}
	}
	return ret;
}

static int qcow2_open(struct block_dev *bs, int fd, const struct block_open_opts *o)
{
	struct qcow2 *s = qcow2_state(bs);
	uint8_t h[QCOW2_V3_HEADER_LEN], *c0 = NULL;
	uint64_t backing_off, need_l1, per_l2;
	uint32_t backing_len, crypt;
	struct stat st;
	int ret;

	if (fstat(fd, &st))
		return qcow2_fail(bs, strerror(errno), -errno);
	ret = block_pread(fd, 0, h, sizeof(h));
	if (ret)
		return qcow2_fail(bs, strerror(-ret), ret);
	if (qcow2_be32(h) != QCOW2_MAGIC)
		return qcow2_fail(bs, "not a qcow2 image (bad magic)", -EINVAL);
	s->version = qcow2_be32(h + 4);
	if (s->version < 2 || s->version > 3) {
		char m[64];

		snprintf(m, sizeof(m), "unsupported qcow2 version %u", s->version);
		return qcow2_fail(bs, m, -ENOTSUP);
	}
	backing_off = qcow2_be64(h + 8);
	backing_len = qcow2_be32(h + 16);
	s->cluster_bits = qcow2_be32(h + 20);
	bs->size = qcow2_be64(h + 24);
	crypt = qcow2_be32(h + 32);
	s->l1_size = qcow2_be32(h + 36);
	s->l1_offset = qcow2_be64(h + 40);
	s->rt_offset = qcow2_be64(h + 48);
	s->rt_clusters = qcow2_be32(h + 56);
	s->nb_snapshots = qcow2_be32(h + 60);
	s->snapshots_offset = qcow2_be64(h + 64);
	if (s->cluster_bits < 9 || s->cluster_bits > 21) {
		char m[64];

		snprintf(m, sizeof(m), "cluster_bits %u is out of range (9..21)",
			 s->cluster_bits);
		return qcow2_fail(bs, m, -EINVAL);
	}
	s->cluster_size = 1u << s->cluster_bits;
	s->l2_bits = s->cluster_bits - 3;
	s->l2_size = 1u << s->l2_bits;
	s->file_end = ((uint64_t)st.st_size + s->cluster_size - 1) &
		      ~(uint64_t)(s->cluster_size - 1);
	if (s->version == 2) {
		s->header_length = QCOW2_V2_HEADER_LEN;
		s->refcount_order = 4;
	} else {
		s->incompat = qcow2_be64(h + 72);
		s->compat = qcow2_be64(h + 80);
		s->autoclear = qcow2_be64(h + 88);
		s->refcount_order = qcow2_be32(h + 96);
		s->header_length = qcow2_be32(h + 100);
		if (s->header_length < QCOW2_V3_HEADER_LEN ||
		    s->header_length > s->cluster_size || s->header_length % 8)
			return qcow2_fail(bs, "invalid qcow2 header length", -EINVAL);
		if (s->refcount_order > 6)
			return qcow2_fail(bs, "invalid refcount order", -EINVAL);
	}
	if (s->incompat & ~QCOW2_INCOMPAT_KNOWN) {
		char m[80];

		snprintf(m, sizeof(m), "unsupported qcow2 feature(s): incompatible bits %#llx",
			 (unsigned long long)(s->incompat & ~QCOW2_INCOMPAT_KNOWN));
		return qcow2_fail(bs, m, -ENOTSUP);
	}
	if (s->incompat & QCOW2_INCOMPAT_CORRUPT && !bs->read_only)
		return qcow2_fail(bs, "image is marked corrupt; it can only be opened read-only",
				  -EACCES);
	if (crypt == QCOW2_CRYPT_AES) {
		/* the key comes before anything else can fail: a missing key
		 * is what the user has to fix */
		s->crypt = true;
		if (o->key || !o->no_io) {
			ret = qcow_crypt_get_key(bs->filename, o->key, &s->key);
			if (ret)
				return ret;
		} else {
			s->no_key = true;	/* data I/O fails with EACCES */
		}
	} else if (crypt != QCOW2_CRYPT_NONE) {
		char m[128];

		snprintf(m, sizeof(m), "unsupported encryption method %u (crypt_method: 0 none, 1 AES; LUKS is not supported)",
			 crypt);
		return qcow2_fail(bs, m, -ENOTSUP);
	}
	s->refcount_bits = 1u << s->refcount_order;
	s->rb_entries = (uint32_t)((uint64_t)s->cluster_size * 8 / s->refcount_bits);
	per_l2 = (uint64_t)s->l2_size << s->cluster_bits;
	if (bs->size > (1ull << 62))
		return qcow2_fail(bs, "virtual size is too large", -EINVAL);
	need_l1 = (bs->size + per_l2 - 1) / per_l2;
	if (s->l1_size < need_l1)
		return qcow2_fail(bs, "L1 table is too small for the virtual size", -EINVAL);
	if ((uint64_t)s->l1_size * 8 > QCOW2_MAX_TABLE_BYTES)
		return qcow2_fail(bs, "L1 table is too large", -EINVAL);
	if (backing_len > 1023 || (backing_len && (backing_off > s->cluster_size ||
						   backing_len > s->cluster_size - backing_off)))
		return qcow2_fail(bs, "backing file name is invalid", -EINVAL);

	c0 = malloc(s->cluster_size);
	s->l2 = malloc(s->cluster_size);
	if (!c0 || !s->l2) {
		ret = -ENOMEM;
		goto fail;
	}
	ret = block_pread(fd, 0, c0, s->cluster_size);
	if (!ret)
		ret = qcow2_read_extensions(bs, c0, backing_len && backing_off > s->header_length ?
					    (uint32_t)backing_off : s->cluster_size);
	if (!ret && backing_len) {
		s->backing_file = strndup((char *)c0 + backing_off, backing_len);
		if (!s->backing_file)
			ret = -ENOMEM;
	}
	free(c0);
	if (ret)
		goto fail;
	ret = qcow2_refcount_init(bs);
	if (!ret)
		ret = qcow2_load_l1(bs);
	if (ret)
		goto fail;
	if (qcow2_range_overlap(0, s->cluster_size, s->rt_offset,
			  (uint64_t)s->rt_clusters << s->cluster_bits)) {
		qcow2_report(bs, "refcount table overlaps the header");
		ret = -EINVAL;
		goto fail;
	}
	if (s->nb_snapshots) {
		uint64_t len;

		ret = qcow2_snapshot_walk(bs, NULL, NULL, &len);
		if (ret)
			goto fail;
	}
	if (s->backing_file) {
		ret = block_open_backing(bs, s->backing_file, s->backing_fmt);
		if (ret)
			goto fail;
	}
	if (!bs->read_only && s->version >= 3) {
		/* "incompatible_features" bit 0: refcounts may be stale until
		 * a clean close; autoclear bits are for writers who know
		 * them, we don't */
		s->incompat |= QCOW2_INCOMPAT_DIRTY;
		ret = qcow2_write_incompat(bs);
		if (!ret && s->autoclear) {
			uint8_t z[8] = { 0 };

			s->autoclear = 0;
			ret = block_pwrite(fd, 88, z, 8);
		}
		if (ret)
			goto fail;
		s->dirty_set = true;
	}
	return 0;
fail:
	qcow2_free(s);
	return ret;
}

static int qcow2_flush(struct block_dev *bs)
{
	return fdatasync(bs->fd) ? -errno : 0;
}

static void qcow2_close(struct block_dev *bs)
{
	struct qcow2 *s = qcow2_state(bs);

	if (s->dirty_set && !qcow2_flush(bs)) {
		s->incompat &= ~QCOW2_INCOMPAT_DIRTY;
		qcow2_write_incompat(bs);
	}
	qcow2_free(s);
}

static int qcow2_info(struct block_dev *bs, struct block_info *info)
{
	struct qcow2 *s = qcow2_state(bs);

	info->format = "qcow2";
	info->cluster_size = s->cluster_size;
	info->backing_file = s->backing_file;
	info->backing_format = s->backing_fmt;
	info->compat = (int)s->version;
	/* we set the dirty bit ourselves while open: report what we found */
	info->dirty = (s->incompat & QCOW2_INCOMPAT_DIRTY) && !s->dirty_set;
	info->corrupt = s->incompat & QCOW2_INCOMPAT_CORRUPT;
	info->encrypted = s->crypt;
	return 0;
}

static int qcow2_create(const char *filename, const struct block_create_opts *o)
{
	uint32_t cs = o->cluster_size ? o->cluster_size : 65536, cbits = 0;
	int version = o->compat ? o->compat : 3;
	uint64_t size = o->size, per_l2, l1_size, n, rt_cl, rb_cnt, l1_cl;
	uint32_t hlen, off, blen = 0, flen = 0;
	uint8_t *buf;
	int fd, ret;

	while ((1u << cbits) < cs)
		cbits++;
	if ((1u << cbits) != cs || cbits < 9 || cbits > 21) {
		err_report("Cluster size must be a power of two between 512 and 2048k");
		return -EINVAL;
	}
	if (version != 2 && version != 3) {
		err_report("Invalid compat version %d (use 0.10 or 1.1)", version);
		return -EINVAL;
	}
	if (o->encrypt && o->compress_hint) {
		err_report("%s: compression and encryption cannot be used together", filename);
		return -ENOTSUP;
	}
	if (o->encrypt)
		qcow_crypt_warn(filename);
	if (o->backing_file && !size) {
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
	/* whole sectors, as QEMU rounds it */
	size = (size + BLOCK_SECTOR - 1) & ~(uint64_t)(BLOCK_SECTOR - 1);
	per_l2 = (uint64_t)(cs / 8) * cs;
	l1_size = (size + per_l2 - 1) / per_l2;
	if (l1_size * 8 > QCOW2_MAX_TABLE_BYTES || size > (1ull << 62)) {
		err_report("%s: image size too large for cluster size %u", filename, cs);
		return -EFBIG;
	}
	hlen = version == 3 ? QCOW2_V3_HEADER_LEN : QCOW2_V2_HEADER_LEN;
	if (o->backing_format)
		flen = (uint32_t)strlen(o->backing_format);
	if (o->backing_file)
		blen = (uint32_t)strlen(o->backing_file);
	if (blen > 1023 || hlen + 8 + ((flen + 7) & ~7u) + 8 + blen > cs) {
		err_report("%s: backing file name too long for cluster size %u",
			   filename, cs);
		return -EINVAL;
	}
	/* layout: header, refcount table, refcount blocks, L1; grow the
	 * counts until the refcount blocks cover themselves and the rest */
	l1_cl = (l1_size * 8 + cs - 1) / cs;
	rt_cl = 1;
	rb_cnt = 1;
	for (;;) {
		uint64_t rb_need, rt_need;

		n = 1 + rt_cl + rb_cnt + l1_cl;
		rb_need = (n + (uint64_t)cs * 8 / 16 - 1) / ((uint64_t)cs * 8 / 16);
		rt_need = (rb_need * 8 + cs - 1) / cs;
		if (rb_need <= rb_cnt && rt_need <= rt_cl)
			break;
		rb_cnt = rb_need > rb_cnt ? rb_need : rb_cnt;
		rt_cl = rt_need > rt_cl ? rt_need : rt_cl;
	}
	buf = calloc(n, cs);
	if (!buf) {
		err_report("%s: %s", filename, strerror(ENOMEM));
		return -ENOMEM;
	}
	qcow2_put32(buf, QCOW2_MAGIC);
	qcow2_put32(buf + 4, (uint32_t)version);
	qcow2_put32(buf + 20, cbits);
	qcow2_put64(buf + 24, size);
	qcow2_put32(buf + 32, o->encrypt ? QCOW2_CRYPT_AES : QCOW2_CRYPT_NONE);
	qcow2_put32(buf + 36, (uint32_t)l1_size);
	qcow2_put64(buf + 40, (1 + rt_cl + rb_cnt) * cs);
	qcow2_put64(buf + 48, cs);
	qcow2_put32(buf + 56, (uint32_t)rt_cl);
	if (version == 3) {
		qcow2_put32(buf + 96, 4);
		qcow2_put32(buf + 100, hlen);
	}
	off = hlen;
	if (o->backing_format) {
		qcow2_put32(buf + off, QCOW2_EXT_BACKING_FMT);
		qcow2_put32(buf + off + 4, flen);
		memcpy(buf + off + 8, o->backing_format, flen);
		off += 8 + ((flen + 7) & ~7u);
	}
	off += 8;	/* end of extensions: type 0, length 0 */
	if (o->backing_file) {
		qcow2_put64(buf + 8, off);
		qcow2_put32(buf + 16, blen);
		memcpy(buf + off, o->backing_file, blen);
	}
	for (uint64_t i = 0; i < rb_cnt; i++)
		qcow2_put64(buf + cs + i * 8, (1 + rt_cl + i) * cs);
	for (uint64_t c = 0; c < n; c++)	/* 16-bit refcounts of 1 */
		buf[(1 + rt_cl) * cs + c * 2 + 1] = 1;
	fd = open(filename, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
	if (fd < 0) {
		ret = -errno;
		err_report("Could not create '%s': %s", filename, strerror(errno));
		free(buf);
		return ret;
	}
	ret = block_pwrite(fd, 0, buf, n * cs);
	if (!ret && fsync(fd))
		ret = -errno;
	if (ret)
		err_report("Could not write '%s': %s", filename, strerror(-ret));
	close(fd);
	free(buf);
	return ret;
}

/* Grow only: a bigger L1 table moves to the end of the file. */
static int qcow2_truncate(struct block_dev *bs, uint64_t size)
{
	struct qcow2 *s = qcow2_state(bs);
	uint64_t per_l2 = (uint64_t)s->l2_size << s->cluster_bits;
	uint64_t need = (size + per_l2 - 1) / per_l2;
	uint8_t h[12];
	int ret;

	if (size < bs->size) {
		err_report("%s: qcow2 images cannot be shrunk", bs->filename);
		return -ENOTSUP;
	}
	if (need * 8 > QCOW2_MAX_TABLE_BYTES)
		return -EFBIG;
	if (need > s->l1_size) {
		uint32_t ncl = (uint32_t)((need * 8 + s->cluster_size - 1) >> s->cluster_bits);
		uint64_t old = s->l1_offset;
		uint32_t old_cl = (uint32_t)(((uint64_t)s->l1_size * 8 + s->cluster_size - 1) >>
					     s->cluster_bits);
		uint64_t *l1 = realloc(s->l1, (size_t)ncl * s->cluster_size);
		uint8_t *raw;
		int64_t noff;

		if (!l1)
			return -ENOMEM;
		s->l1 = l1;
		memset(l1 + s->l1_size, 0,
		       ((size_t)ncl * s->cluster_size) - (size_t)s->l1_size * 8);
		noff = qcow2_alloc_clusters(bs, ncl);
		if (noff < 0)
			return (int)noff;
		raw = calloc(ncl, s->cluster_size);
		if (!raw)
			return -ENOMEM;
		for (uint64_t i = 0; i < need; i++)
			qcow2_put64(raw + i * 8, l1[i]);
		ret = block_pwrite(bs->fd, (uint64_t)noff, raw,
				   (size_t)ncl * s->cluster_size);
		free(raw);
		if (ret)
			return ret;
		qcow2_put32(h, (uint32_t)need);
		qcow2_put64(h + 4, (uint64_t)noff);
		ret = block_pwrite(bs->fd, 36, h, 12);
		if (ret)
			return ret;
		s->l1_offset = (uint64_t)noff;
		s->l1_size = (uint32_t)need;
		for (uint32_t i = 0; old && i < old_cl; i++) {
			ret = qcow2_update_refcount(bs, old + ((uint64_t)i << s->cluster_bits), -1);
			if (ret)
				return ret;
		}
	}
	qcow2_put64(h, size);
	ret = block_pwrite(bs->fd, 24, h, 8);
	if (!ret)
		bs->size = size;
	return ret;
}

const struct block_driver block_qcow2_driver = {
	.name = "qcow2",
	.instance_size = sizeof(struct qcow2),
	.probe = qcow2_probe,
	.open = qcow2_open,
	.close = qcow2_close,
	.read = qcow2_read,
	.write = qcow2_write,
	.flush = qcow2_flush,
	.create = qcow2_create,
	.info = qcow2_info,
	.check = qcow2_check,
	.truncate = qcow2_truncate,
	.write_compressed = qcow2_write_compressed,
	.block_status = qcow2_block_status,
	.host_offset = qcow2_host_offset,
	.change_backing = qcow2_change_backing,
	.make_empty = qcow2_make_empty,
	.snapshot_list = qcow2_snapshot_list,
	.snapshot_create = qcow2_snapshot_create,
	.snapshot_goto = qcow2_snapshot_goto,
	.snapshot_delete = qcow2_snapshot_delete,
};
