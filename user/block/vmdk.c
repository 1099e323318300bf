// SPDX-License-Identifier: GPL-2.0-only
/*
 * VMware VMDK ("Virtual Disk Format 1.1").  A disk is a list of extents
 * named by a text descriptor (vmdk_descriptor.c): FLAT extents are raw
 * slices of a file, SPARSE extents are "hosted sparse extents" with a
 * little-endian "KDMV" header, a grain directory (GD) of grain table (GT)
 * sectors and a redundant copy of both (section "Hosted Sparse Extent
 * Header").  monolithicSparse embeds the descriptor in its only sparse
 * extent; monolithicFlat and the twoGbMaxExtent* types keep it in a small
 * text file beside the extents.  New grains are appended to the extent
 * file and recorded in the GT reached through both directories, as VMware
 * and QEMU do.  streamOptimized (deflated grains behind markers) reads.
 */
#include <endian.h>
#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/random.h>
#include <sys/stat.h>
#include <unistd.h>
#include <zlib.h>

#include "block/block_int.h"
#include "block/vmdk.h"
#include "core/lib/log.h"

#define VMDK_MAGIC		0x564d444bu	/* "KDMV" on disk */
#define VMDK_FLAG_RGD		(1u << 1)
#define VMDK_FLAG_COMPRESSED	(1u << 16)
#define VMDK_FLAG_MARKERS	(1u << 17)
#define VMDK_GD_AT_END		0xffffffffffffffffull
#define VMDK_MAX_GRAIN		2048		/* sectors: 1 MiB */
#define VMDK_DESC_MAGIC		"# Disk DescriptorFile"
#define VMDK_MAX_GD		(1u << 24)	/* 64 MiB of directory */

/* The hosted sparse extent header, section "Hosted Sparse Extent Header". */
struct vmdk_header {
	uint32_t magic, version, flags;
	uint64_t capacity, grain_size, desc_offset, desc_size;
	uint32_t gtes_per_gt;
	uint64_t rgd_offset, gd_offset, overhead;
	uint8_t unclean, nl, space, cr, nl2;
	uint16_t compress_algorithm;
	uint8_t pad[433];
} __attribute__((packed));

struct vmdk_extent {
	enum vmdk_extent_type type;
	int fd;				/* bs->fd or an fd of our own */
	char *path;
	uint64_t start, sectors;	/* where in the disk, in sectors */
	uint64_t flat_offset;		/* FLAT: bytes into the file */
	/* SPARSE */
	uint32_t grain;			/* sectors */
	uint32_t gtes;
	uint32_t gd_entries;
	uint32_t *gd, *rgd;		/* host order, sectors */
	uint64_t gd_sector, rgd_sector;
	bool compressed;
};

struct vmdk {
	struct vmdk_desc desc;
	int nr;
	struct vmdk_extent ext[VMDK_MAX_EXTENTS];
	uint8_t *zbuf;			/* last decompressed grain */
	struct vmdk_extent *zext;
	uint64_t zsector;
	char *specific;			/* info's format-specific lines */
};

static struct vmdk *vmdk_state(struct block_dev *bs)
{
	return bs->opaque;
}

static int vmdk_probe(const uint8_t *buf, size_t len, const char *filename)
{
	if (len >= 4 && le32toh(*(const uint32_t *)buf) == VMDK_MAGIC)
		return 100;
	if (len >= strlen(VMDK_DESC_MAGIC) &&
	    !memcmp(buf, VMDK_DESC_MAGIC, strlen(VMDK_DESC_MAGIC)))
		return 100;
	return 0;
}

static uint64_t vmdk_file_size(int fd)
{
	struct stat st;

	return fstat(fd, &st) ? 0 : (uint64_t)st.st_size;
}

static int vmdk_bad(struct block_dev *bs, const char *file, const char *what)
{
	if (strcmp(file, bs->filename))
		err_report("Could not open '%s': extent '%s': %s", bs->filename,
			   file, what);
	else
		err_report("Could not open '%s': %s", bs->filename, what);
	return -EINVAL;
}

static int vmdk_read_header(int fd, struct vmdk_header *h)
{
	if (pread(fd, h, sizeof(*h), 0) != (ssize_t)sizeof(*h))
		return -EINVAL;
	h->magic = le32toh(h->magic);
	h->version = le32toh(h->version);
	h->flags = le32toh(h->flags);
	h->capacity = le64toh(h->capacity);
	h->grain_size = le64toh(h->grain_size);
	h->desc_offset = le64toh(h->desc_offset);
	h->desc_size = le64toh(h->desc_size);
	h->gtes_per_gt = le32toh(h->gtes_per_gt);
	h->rgd_offset = le64toh(h->rgd_offset);
	h->gd_offset = le64toh(h->gd_offset);
	h->overhead = le64toh(h->overhead);
	h->compress_algorithm = le16toh(h->compress_algorithm);
	return 0;
}

static int vmdk_load_gd(struct block_dev *bs, struct vmdk_extent *e,
			uint64_t sector, uint32_t **out)
{
	uint64_t fsize = vmdk_file_size(e->fd);
	uint64_t bytes = (uint64_t)e->gd_entries * 4;
	uint32_t *gd;
	int ret;

	if (sector > fsize / 512 || fsize - sector * 512 < bytes)
		return vmdk_bad(bs, e->path, "grain directory beyond end of file");
	gd = malloc(bytes ? bytes : 4);
	if (!gd)
		return -ENOMEM;
	ret = block_pread(e->fd, sector * 512, gd, bytes);
	if (ret) {
		free(gd);
		return ret;
	}
	for (uint32_t i = 0; i < e->gd_entries; i++) {
		gd[i] = le32toh(gd[i]);
		if (gd[i] && (uint64_t)gd[i] * 512 + e->gtes * 4ull > fsize) {
			free(gd);
			return vmdk_bad(bs, e->path, "grain table beyond end of file");
		}
	}
	*out = gd;
	return 0;
}

/* Set up a sparse extent from its header @h; e->sectors is what the
 * descriptor says (0: take the header's capacity). */
static int vmdk_open_sparse(struct block_dev *bs, struct vmdk_extent *e,
			    struct vmdk_header *h)
{
	uint64_t gt_span;
	int ret;

	if (h->magic != VMDK_MAGIC)
		return vmdk_bad(bs, e->path, "not a VMDK sparse extent");
	if (h->version < 1 || h->version > 3)
		return vmdk_bad(bs, e->path, "unsupported sparse extent version");
	if (h->flags & VMDK_FLAG_COMPRESSED && h->gd_offset == VMDK_GD_AT_END) {
		/* streamOptimized: the real header is the footer, one sector
		 * before the end-of-stream marker (section "Stream-Optimized
		 * Compressed Sparse Extents") */
		uint64_t fsize = vmdk_file_size(e->fd);
		struct vmdk_header f;

		if (fsize < 1536 ||
		    pread(e->fd, &f, sizeof(f), (off_t)(fsize - 1024)) != sizeof(f) ||
		    le32toh(f.magic) != VMDK_MAGIC)
			return vmdk_bad(bs, e->path, "stream-optimized footer missing");
		h->gd_offset = le64toh(f.gd_offset);
	}
	if (h->grain_size < 1 || h->grain_size > VMDK_MAX_GRAIN ||
	    (h->grain_size & (h->grain_size - 1)))
		return vmdk_bad(bs, e->path, "grain size out of range (1..2048 sectors, a power of two)");
	if (h->gtes_per_gt < 1 || h->gtes_per_gt > 512)
		return vmdk_bad(bs, e->path, "grain table size out of range (1..512 entries)");
	if (h->capacity > (1ull << 47))
		return vmdk_bad(bs, e->path, "absurd capacity");
	e->grain = (uint32_t)h->grain_size;
	e->gtes = h->gtes_per_gt;
	e->compressed = h->flags & VMDK_FLAG_COMPRESSED;
	if (e->compressed && !(h->flags & VMDK_FLAG_MARKERS))
		return vmdk_bad(bs, e->path, "compressed grains without markers are not supported");
	if (!e->sectors)
		e->sectors = h->capacity;
	gt_span = (uint64_t)e->grain * e->gtes;
	if ((e->sectors + gt_span - 1) / gt_span > VMDK_MAX_GD)
		return vmdk_bad(bs, e->path, "grain directory too large");
	e->gd_entries = (uint32_t)((e->sectors + gt_span - 1) / gt_span);
	e->gd_sector = h->gd_offset;
	ret = vmdk_load_gd(bs, e, e->gd_sector, &e->gd);
	if (ret)
		return ret;
	if ((h->flags & VMDK_FLAG_RGD) && !e->compressed) {
		e->rgd_sector = h->rgd_offset;
		ret = vmdk_load_gd(bs, e, e->rgd_sector, &e->rgd);
	}
	return ret;
}

static int vmdk_open_extent(struct block_dev *bs, struct vmdk_extent *e,
			    const struct vmdk_extent_desc *d, bool first)
{
	struct vmdk_header h;
	int fd;

	e->type = d->type;
	e->sectors = d->sectors;
	e->flat_offset = d->offset * 512;
	e->fd = -1;
	if (d->type == VMDK_ZERO) {
		e->path = strdup("(zero)");
		return e->path ? 0 : -ENOMEM;
	}
	e->path = block_path_combine(bs->filename, d->file);
	if (!e->path)
		return -ENOMEM;
	/* monolithicSparse: the descriptor lives in the extent it names */
	if (first && d->type == VMDK_SPARSE && !vmdk_read_header(bs->fd, &h) &&
	    h.magic == VMDK_MAGIC) {
		free(e->path);
		e->path = strdup(bs->filename);
		e->fd = bs->fd;
		return e->path ? vmdk_open_sparse(bs, e, &h) : -ENOMEM;
	}
	fd = open(e->path, (bs->read_only || d->read_only ? O_RDONLY : O_RDWR) | O_CLOEXEC);
	if (fd < 0) {
		err_report("Could not open '%s': extent '%s': %s", bs->filename,
			   e->path, strerror(errno));
		return -errno;
	}
	e->fd = fd;
	if (d->type == VMDK_FLAT)
		return 0;
	if (vmdk_read_header(fd, &h))
		return vmdk_bad(bs, e->path, "truncated sparse extent header");
	return vmdk_open_sparse(bs, e, &h);
}

static int vmdk_read_desc(struct block_dev *bs, char **text)
{
	struct vmdk_header h;
	uint64_t off = 0, len = vmdk_file_size(bs->fd);
	char *t;
	int ret;

	if (!vmdk_read_header(bs->fd, &h) && le32toh(h.magic) == VMDK_MAGIC) {
		if (!h.desc_offset || !h.desc_size)
			return 1;	/* a bare sparse extent */
		if (h.desc_size > VMDK_MAX_DESC / 512 ||
		    h.desc_offset > len / 512 || h.desc_offset * 512 + h.desc_size * 512 > len)
			return vmdk_bad(bs, bs->filename, "descriptor beyond end of file");
		off = h.desc_offset * 512;
		len = h.desc_size * 512;
	} else if (len > VMDK_MAX_DESC) {
		return vmdk_bad(bs, bs->filename, "descriptor file too large");
	}
	t = calloc(1, len + 1);
	if (!t)
		return -ENOMEM;
	ret = block_pread(bs->fd, off, t, len);
	if (ret) {
		free(t);
		return ret;
	}
	*text = t;
	return 0;
}

static void vmdk_close(struct block_dev *bs)
{
	struct vmdk *s = vmdk_state(bs);

	for (int i = 0; i < s->nr; i++) {
		struct vmdk_extent *e = &s->ext[i];

		if (e->fd >= 0 && e->fd != bs->fd)
			close(e->fd);
		free(e->path);
		free(e->gd);
		free(e->rgd);
	}
	free(s->zbuf);
	free(s->specific);
}

static int vmdk_do_open(struct block_dev *bs, int fd)
{
	struct vmdk *s = vmdk_state(bs);
	struct vmdk_header h;
	uint64_t start = 0;
	const char *err;
	char *text = NULL;
	int ret;

	if (vmdk_read_header(fd, &h) && vmdk_file_size(fd) < 512 &&
	    vmdk_file_size(fd) >= 4) {
		uint32_t m = 0;

		if (pread(fd, &m, 4, 0) == 4 && le32toh(m) == VMDK_MAGIC)
			return vmdk_bad(bs, bs->filename, "truncated sparse extent header");
	}
	ret = vmdk_read_desc(bs, &text);
	if (ret < 0)
		return ret;
	if (ret == 1) {
		/* a sparse extent opened on its own */
		struct vmdk_extent_desc *d = &s->desc.ext[0];

		s->desc.nr_extents = 1;
		s->desc.parent_cid = 0xffffffffu;
		d->type = VMDK_SPARSE;
		d->sectors = 0;
		snprintf(d->file, sizeof(d->file), "%s", bs->filename);
		strcpy(s->desc.create_type, "monolithicSparse");
		s->nr = 1;
		s->ext[0].fd = fd;
		s->ext[0].path = strdup(bs->filename);
		if (!s->ext[0].path)
			return -ENOMEM;
		ret = vmdk_open_sparse(bs, &s->ext[0], &h);
		if (ret)
			return ret;
	} else {
		err = vmdk_desc_parse(text, &s->desc);
		free(text);
		if (err)
			return vmdk_bad(bs, bs->filename, err);
		for (int i = 0; i < s->desc.nr_extents; i++) {
			s->nr = i + 1;
			ret = vmdk_open_extent(bs, &s->ext[i], &s->desc.ext[i], i == 0);
			if (ret)
				return ret;
		}
	}
	for (int i = 0; i < s->nr; i++) {
		s->ext[i].start = start;
		start += s->ext[i].sectors;
		if (s->ext[i].compressed && !s->zbuf) {
			s->zbuf = malloc(VMDK_MAX_GRAIN * 512);
			if (!s->zbuf)
				return -ENOMEM;
		}
	}
	if (start > (1ull << 47))
		return vmdk_bad(bs, bs->filename, "absurd virtual size");
	bs->size = start * 512;
	if (s->desc.parent_cid != 0xffffffffu && s->desc.parent_hint[0])
		return block_open_backing(bs, s->desc.parent_hint, NULL);
	return 0;
}

static int vmdk_open(struct block_dev *bs, int fd, const struct block_open_opts *o)
{
	int ret = vmdk_do_open(bs, fd);

	/* the core does not call close after a failed open */
	if (ret)
		vmdk_close(bs);
	return ret;
}

static struct vmdk_extent *vmdk_find(struct vmdk *s, uint64_t sector)
{
	for (int i = 0; i < s->nr; i++)
		if (sector >= s->ext[i].start &&
		    sector < s->ext[i].start + s->ext[i].sectors)
			return &s->ext[i];
	return NULL;
}

/* The GT entry of the grain holding extent sector @sec: its value in
 * *entry, and the file offsets of the slot in the GT and redundant GT
 * (0 if that GT is not allocated). */
static int vmdk_gte(struct vmdk_extent *e, uint64_t sec, uint32_t *entry,
		    uint64_t *slot, uint64_t *rslot)
{
	uint64_t g = sec / e->grain;
	uint32_t gdi = (uint32_t)(g / e->gtes), gti = (uint32_t)(g % e->gtes);
	uint32_t v;
	int ret;

	*entry = 0;
	*slot = *rslot = 0;
	if (gdi >= e->gd_entries)
		return -EIO;
	if (e->rgd && e->rgd[gdi])
		*rslot = (uint64_t)e->rgd[gdi] * 512 + gti * 4ull;
	if (!e->gd[gdi])
		return 0;
	*slot = (uint64_t)e->gd[gdi] * 512 + gti * 4ull;
	ret = block_pread(e->fd, *slot, &v, 4);
	if (!ret)
		*entry = le32toh(v);
	return ret;
}

/* A streamOptimized grain: a marker {lba, size} then a zlib stream
 * (section "Compressed Grains"). */
static int vmdk_inflate(struct block_dev *bs, struct vmdk_extent *e,
			uint32_t sector)
{
	struct vmdk *s = vmdk_state(bs);
	uint8_t m[12], *in;
	uint32_t size;
	uLongf out = (uLongf)e->grain * 512;
	int ret;

	if (s->zext == e && s->zsector == sector)
		return 0;
	ret = block_pread(e->fd, (uint64_t)sector * 512, m, sizeof(m));
	if (ret)
		return ret;
	size = le32toh(*(uint32_t *)(m + 8));
	if (!size || size > 2 * e->grain * 512 ||
	    (uint64_t)sector * 512 + 12 + size > vmdk_file_size(e->fd)) {
		err_report("%s: compressed grain at sector %u is beyond the end of the file",
			   e->path, sector);
		return -EIO;
	}
	in = malloc(size);
	if (!in)
		return -ENOMEM;
	ret = block_pread(e->fd, (uint64_t)sector * 512 + 12, in, size);
	if (!ret && uncompress(s->zbuf, &out, in, size) != Z_OK) {
		err_report("%s: compressed grain at sector %u does not decompress",
			   e->path, sector);
		ret = -EIO;
	}
	if (!ret && out < (uLongf)e->grain * 512)
		memset(s->zbuf + out, 0, e->grain * 512 - out);
	free(in);
	s->zext = ret ? NULL : e;
	s->zsector = sector;
	return ret;
}

/* Read within one grain (or one piece of a flat/zero extent). */
static int vmdk_read_piece(struct block_dev *bs, struct vmdk_extent *e,
			   uint64_t off, uint8_t *buf, size_t len)
{
	struct vmdk *s = vmdk_state(bs);
	uint64_t xoff = off - e->start * 512, slot, rslot;
	uint32_t entry;
	int ret;

	if (e->type == VMDK_FLAT)
		return block_pread(e->fd, e->flat_offset + xoff, buf, len);
	if (e->type == VMDK_ZERO) {
		memset(buf, 0, len);
		return 0;
	}
	ret = vmdk_gte(e, xoff / 512, &entry, &slot, &rslot);
	if (ret)
		return ret;
	if (entry == 0) {
		/* unallocated: the parent's data, or zeros */
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
	if (entry == 1) {
		/* a zeroed grain (GTE 1, written by newer VMware and QEMU) */
		memset(buf, 0, len);
		return 0;
	}
	if (e->compressed) {
		ret = vmdk_inflate(bs, e, entry);
		if (!ret)
			memcpy(buf, s->zbuf + xoff % (e->grain * 512ull), len);
		return ret;
	}
	return block_pread(e->fd, (uint64_t)entry * 512 + xoff % (e->grain * 512ull),
			   buf, len);
}

/* How many bytes from @off stay in one extent and one grain. */
static size_t vmdk_piece(struct vmdk_extent *e, uint64_t off, size_t len)
{
	uint64_t end = (e->start + e->sectors) * 512, n;

	if (e->type == VMDK_SPARSE) {
		uint64_t g = e->grain * 512ull;
		uint64_t xoff = off - e->start * 512;

		n = g - xoff % g;
	} else {
		n = end - off;
	}
	if (n > end - off)
		n = end - off;
	return n < len ? (size_t)n : len;
}

static int vmdk_read(struct block_dev *bs, uint64_t off, void *buf, size_t len)
{
	struct vmdk *s = vmdk_state(bs);
	uint8_t *p = buf;

	while (len) {
		struct vmdk_extent *e = vmdk_find(s, off / 512);
		size_t n;
		int ret;

		if (!e)
			return -EIO;
		n = vmdk_piece(e, off, len);
		ret = vmdk_read_piece(bs, e, off, p, n);
		if (ret)
			return ret;
		off += n;
		p += n;
		len -= n;
	}
	return 0;
}

/* A new zeroed grain table at the end of the file; its sector. */
static int vmdk_new_gt(struct vmdk_extent *e, uint32_t *sector)
{
	uint64_t end = (vmdk_file_size(e->fd) + 511) & ~511ull;
	uint64_t bytes = ((uint64_t)e->gtes * 4 + 511) & ~511ull;

	if (end / 512 > UINT32_MAX || ftruncate(e->fd, (off_t)(end + bytes)))
		return -EIO;
	*sector = (uint32_t)(end / 512);
	return 0;
}

/* Point both directories at a GT for @gdi where they have none. */
static int vmdk_ensure_gt(struct vmdk_extent *e, uint32_t gdi)
{
	uint32_t *dirs[2] = { e->gd, e->rgd };
	uint64_t at[2] = { e->gd_sector, e->rgd_sector };
	int ret;

	for (int i = 0; i < 2; i++) {
		uint32_t sec, le;

		if (!dirs[i] || dirs[i][gdi])
			continue;
		ret = vmdk_new_gt(e, &sec);
		if (ret)
			return ret;
		le = htole32(sec);
		ret = block_pwrite(e->fd, at[i] * 512 + gdi * 4ull, &le, 4);
		if (ret)
			return ret;
		dirs[i][gdi] = sec;
	}
	return 0;
}

static int vmdk_write_piece(struct block_dev *bs, struct vmdk_extent *e,
			    uint64_t off, const uint8_t *buf, size_t len)
{
	uint64_t xoff = off - e->start * 512, slot, rslot, gbytes, end;
	uint32_t entry, le;
	uint8_t *g;
	int ret;

	if (e->type == VMDK_FLAT)
		return block_pwrite(e->fd, e->flat_offset + xoff, buf, len);
	if (e->type == VMDK_ZERO || e->compressed)
		return -EROFS;
	ret = vmdk_ensure_gt(e, (uint32_t)(xoff / 512 / e->grain / e->gtes));
	if (!ret)
		ret = vmdk_gte(e, xoff / 512, &entry, &slot, &rslot);
	if (ret)
		return ret;
	gbytes = e->grain * 512ull;
	if (entry > 1)
		return block_pwrite(e->fd, (uint64_t)entry * 512 + xoff % gbytes,
				    buf, len);
	/* a new grain, filled whole from what reads there now */
	g = malloc(gbytes);
	if (!g)
		return -ENOMEM;
	ret = 0;
	if (len < gbytes)
		ret = vmdk_read_piece(bs, e, off - xoff % gbytes, g, gbytes);
	memcpy(g + xoff % gbytes, buf, len);
	end = (vmdk_file_size(e->fd) + 511) & ~511ull;
	if (!ret && end / 512 > UINT32_MAX)
		ret = -ENOSPC;
	if (!ret)
		ret = block_pwrite(e->fd, end, g, gbytes);
	free(g);
	if (ret)
		return ret;
	/* the data first, then the tables that point to it */
	le = htole32((uint32_t)(end / 512));
	ret = block_pwrite(e->fd, slot, &le, 4);
	if (!ret && rslot)
		ret = block_pwrite(e->fd, rslot, &le, 4);
	return ret;
}

static int vmdk_write(struct block_dev *bs, uint64_t off, const void *buf,
		      size_t len)
{
	struct vmdk *s = vmdk_state(bs);
	const uint8_t *p = buf;

	while (len) {
		struct vmdk_extent *e = vmdk_find(s, off / 512);
		size_t n;
		int ret;

		if (!e)
			return -EIO;
		n = vmdk_piece(e, off, len);
		ret = vmdk_write_piece(bs, e, off, p, n);
		if (ret)
			return ret;
		off += n;
		p += n;
		len -= n;
	}
	return 0;
}

static int vmdk_flush(struct block_dev *bs)
{
	struct vmdk *s = vmdk_state(bs);

	for (int i = 0; i < s->nr; i++)
		if (s->ext[i].fd >= 0 && fdatasync(s->ext[i].fd))
			return -errno;
	return 0;
}

/* monolithicSparse, laid out as VMware and QEMU do: header, descriptor
 * (20 sectors), redundant GD + its GTs, GD + its GTs, then grains from a
 * grain-aligned overhead. */
static int vmdk_create_sparse(int fd, const char *desc, uint64_t sectors)
{
	const uint32_t grain = 128, gtes = 512, desc_size = 20;
	uint64_t gt_count = (sectors + (uint64_t)grain * gtes - 1) / ((uint64_t)grain * gtes);
	uint64_t gd_sectors = (gt_count * 4 + 511) / 512;
	uint64_t gt_sectors = gtes * 4 / 512;
	uint64_t rgd = 1 + desc_size, gd = rgd + gd_sectors + gt_count * gt_sectors;
	uint64_t overhead = gd + gd_sectors + gt_count * gt_sectors;
	struct vmdk_header h = { 0 };
	uint32_t *dir;
	int ret;

	overhead = (overhead + grain - 1) / grain * grain;
	h.magic = htole32(VMDK_MAGIC);
	h.version = htole32(1);
	h.flags = htole32(1 | VMDK_FLAG_RGD);	/* bit 0: newline test valid */
	h.capacity = htole64(sectors);
	h.grain_size = htole64(grain);
	h.desc_offset = htole64(1);
	h.desc_size = htole64(desc_size);
	h.gtes_per_gt = htole32(gtes);
	h.rgd_offset = htole64(rgd);
	h.gd_offset = htole64(gd);
	h.overhead = htole64(overhead);
	h.nl = '\n';
	h.space = ' ';
	h.cr = '\r';
	h.nl2 = '\n';
	if (strlen(desc) > desc_size * 512)
		return -EINVAL;
	dir = calloc(gd_sectors * 128, 4);
	if (!dir)
		return -ENOMEM;
	ret = block_pwrite(fd, 0, &h, sizeof(h));
	if (!ret)
		ret = block_pwrite(fd, 512, desc, strlen(desc));
	for (int copy = 0; copy < 2 && !ret; copy++) {
		uint64_t at = copy ? gd : rgd;

		for (uint64_t i = 0; i < gt_count; i++)
			dir[i] = htole32((uint32_t)(at + gd_sectors + i * gt_sectors));
		ret = block_pwrite(fd, at * 512, dir, gd_sectors * 512);
	}
	free(dir);
	if (!ret && ftruncate(fd, (off_t)(overhead * 512)))
		ret = -errno;
	return ret;
}

static int vmdk_create(const char *filename, const struct block_create_opts *o)
{
	const char *sub = o->subformat ? o->subformat : "monolithicSparse";
	uint64_t sectors = (o->size + 511) / 512;
	const char *base = strrchr(filename, '/');
	char *desc = NULL, *flat = NULL, *flat_path = NULL;
	uint32_t cid = 0;
	bool sparse;
	int fd = -1, ffd = -1, ret = 0;

	base = base ? base + 1 : filename;
	if (!strcmp(sub, "monolithicSparse")) {
		sparse = true;
	} else if (!strcmp(sub, "monolithicFlat")) {
		sparse = false;
	} else {
		err_report("%s: unsupported VMDK subformat '%s' (monolithicSparse or monolithicFlat)",
			   filename, sub);
		return -EINVAL;
	}
	if (o->backing_file) {
		err_report("%s: backing files are not supported for vmdk", filename);
		return -ENOTSUP;
	}
	if (sectors > (1ull << 32) * 128) {
		err_report("%s: image size too large for vmdk", filename);
		return -EINVAL;
	}
	if (getrandom(&cid, sizeof(cid), 0) != sizeof(cid))
		cid = (uint32_t)getpid();
	if (!sparse) {
		/* "disk.vmdk" names its data "disk-flat.vmdk" beside it */
		size_t n = strlen(base);

		if (n > 5 && !strcmp(base + n - 5, ".vmdk"))
			n -= 5;
		if (asprintf(&flat, "%.*s-flat.vmdk", (int)n, base) < 0)
			return -ENOMEM;
		flat_path = block_path_combine(filename, flat);
	}
	desc = vmdk_desc_format(cid, sub, sparse ? VMDK_SPARSE : VMDK_FLAT,
				sparse ? base : flat, sectors);
	if (!desc || (!sparse && !flat_path)) {
		ret = -ENOMEM;
		goto out;
	}
	fd = open(filename, O_RDWR | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
	if (fd < 0) {
		ret = -errno;
		goto out;
	}
	if (sparse) {
		ret = vmdk_create_sparse(fd, desc, sectors);
	} else {
		ret = block_pwrite(fd, 0, desc, strlen(desc));
		ffd = open(flat_path, O_RDWR | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
		if (!ret && (ffd < 0 || ftruncate(ffd, (off_t)(sectors * 512))))
			ret = -errno;
	}
out:
	if (ret)
		err_report("Could not create '%s': %s", filename, strerror(-ret));
	if (fd >= 0)
		close(fd);
	if (ffd >= 0)
		close(ffd);
	free(desc);
	free(flat);
	free(flat_path);
	return ret;
}

static int vmdk_info(struct block_dev *bs, struct block_info *info)
{
	struct vmdk *s = vmdk_state(bs);
	size_t cap = 256 + (size_t)s->nr * 1400, n;
	char *p;

	info->format = "vmdk";
	if (s->ext[0].type == VMDK_SPARSE)
		info->cluster_size = s->ext[0].grain * 512;
	if (bs->backing)
		info->backing_file = s->desc.parent_hint;
	free(s->specific);
	s->specific = p = malloc(cap);
	if (!p)
		return 0;
	/* the shape of qemu-img info's "Format specific information" */
	n = (size_t)snprintf(p, cap,
			     "    cid: %" PRIu32 "\n    parent cid: %" PRIu32 "\n"
			     "    create type: %s\n    extents:\n",
			     s->desc.cid, s->desc.parent_cid, s->desc.create_type);
	for (int i = 0; i < s->nr && n < cap; i++) {
		struct vmdk_extent *e = &s->ext[i];

		n += (size_t)snprintf(p + n, cap - n,
				      "        [%d]:\n"
				      "            virtual size: %" PRIu64 "\n"
				      "            filename: %.1000s\n",
				      i, e->sectors * 512, e->path);
		if (n < cap && e->type == VMDK_SPARSE)
			n += (size_t)snprintf(p + n, cap - n,
					      "            cluster size: %u\n"
					      "            format: \n",
					      e->grain * 512);
		else if (n < cap)
			n += (size_t)snprintf(p + n, cap - n,
					      "            format: %s\n",
					      e->type == VMDK_FLAT ? "FLAT" : "ZERO");
	}
	info->format_specific = s->specific;
	return 0;
}

static int vmdk_block_status(struct block_dev *bs, uint64_t off, uint64_t len,
			     bool *allocated, uint64_t *pnum)
{
	struct vmdk *s = vmdk_state(bs);
	struct vmdk_extent *e = vmdk_find(s, off / 512);
	uint64_t slot, rslot;
	uint32_t entry = 1;
	int ret = 0;

	if (!e)
		return -EIO;
	*pnum = vmdk_piece(e, off, len);
	if (e->type == VMDK_SPARSE)
		ret = vmdk_gte(e, (off - e->start * 512) / 512, &entry, &slot, &rslot);
	*allocated = e->type == VMDK_FLAT || entry > 1;
	return ret;
}

const struct block_driver block_vmdk_driver = {
	.name = "vmdk",
	.instance_size = sizeof(struct vmdk),
	.probe = vmdk_probe,
	.open = vmdk_open,
	.close = vmdk_close,
	.read = vmdk_read,
	.write = vmdk_write,
	.flush = vmdk_flush,
	.create = vmdk_create,
	.info = vmdk_info,
	.block_status = vmdk_block_status,
};
