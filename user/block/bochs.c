// SPDX-License-Identifier: GPL-2.0-only
/*
 * bochs: the Bochs "growing" disk image (bximage's growing type, and the
 * redolog it shares its layout with), read only.  Little-endian, per
 * Bochs's iodev/hdimage/hdimage.h:
 *   0    magic "Bochs Virtual HD Image", NUL padded to 32 bytes
 *   32   type "Redolog" (16 bytes)     48  subtype "Growing" (16 bytes)
 *   64   version u32 (0x00020000; 0x00010000 lacks the timestamp)
 *   68   header size u32 (512): the catalog starts there
 *   72   catalog entries u32, 76 bitmap bytes u32, 80 extent bytes u32,
 *   84   (v2) timestamp u32, then the disk size u64 (88; 84 in v1)
 * The catalog maps extent i to an extent slot (0xffffffff: never
 * written).  Slots follow the catalog, each a bitmap (one bit per
 * 512-byte sector, LSB first) then the extent's sectors; a clear bit
 * reads as zeros.
 */
#include <endian.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "block/block_int.h"
#include "core/lib/log.h"

#define BOCHS_MAGIC	"Bochs Virtual HD Image"
#define BOCHS_V1	0x00010000u
#define BOCHS_V2	0x00020000u
#define BOCHS_HDR_LEN	512
#define BOCHS_FREE	0xffffffffu
/* QEMU's bounds: extents of at most 8 MiB, a catalog of at most 4 M
 * entries (16 MiB) */
#define BOCHS_MAX_EXTENT (8u << 20)
#define BOCHS_MAX_CATALOG (4u << 20)

struct bochs {
	uint32_t *catalog;		/* host order */
	uint32_t catalog_size;
	uint64_t data_offset;
	uint32_t extent_size;		/* bytes of data per extent */
	uint32_t bitmap_blocks, extent_blocks;	/* 512-byte blocks per slot part */
};

static struct bochs *bochs_state(struct block_dev *bs)
{
	return bs->opaque;
}

static uint32_t le32_at(const uint8_t *p)
{
	uint32_t v;

	memcpy(&v, p, 4);
	return le32toh(v);
}

static bool bochs_is_growing(const uint8_t *h)
{
	uint32_t ver = le32_at(h + 64);

	return !strcmp((const char *)h, BOCHS_MAGIC) &&
	       !strcmp((const char *)h + 32, "Redolog") &&
	       !strcmp((const char *)h + 48, "Growing") &&
	       (ver == BOCHS_V1 || ver == BOCHS_V2);
}

static int bochs_probe(const uint8_t *buf, size_t len, const char *filename)
{
	if (len < 68 || memchr(buf, 0, 32) == NULL ||
	    memchr(buf + 32, 0, 16) == NULL || memchr(buf + 48, 0, 16) == NULL)
		return 0;
	return bochs_is_growing(buf) ? 100 : 0;
}

static int bochs_bad(struct block_dev *bs, const char *what)
{
	err_report("Could not open '%s': %s", bs->filename, what);
	return -EINVAL;
}

static int bochs_do_open(struct block_dev *bs, int fd)
{
	struct bochs *s = bochs_state(bs);
	uint8_t h[BOCHS_HDR_LEN];
	uint32_t hdr_len, bitmap_size;
	uint64_t fsize, size, slot;
	struct stat st;
	int ret;

	if (fstat(fd, &st))
		return -errno;
	fsize = (uint64_t)st.st_size;
	if (fsize < BOCHS_HDR_LEN || block_pread(fd, 0, h, sizeof(h)))
		return bochs_bad(bs, "truncated bochs header");
	/* the strings are NUL terminated inside their fields */
	h[31] = h[47] = h[63] = 0;
	if (!bochs_is_growing(h))
		return bochs_bad(bs, "not a bochs growing image (version 1 or 2)");
	hdr_len = le32_at(h + 68);
	s->catalog_size = le32_at(h + 72);
	bitmap_size = le32_at(h + 76);
	s->extent_size = le32_at(h + 80);
	if (le32_at(h + 64) == BOCHS_V1)
		memcpy(&size, h + 84, 8);
	else
		memcpy(&size, h + 88, 8);
	size = le64toh(size);
	if (hdr_len < BOCHS_HDR_LEN || hdr_len > fsize)
		return bochs_bad(bs, "bochs header size beyond end of file");
	if (s->extent_size < 512 || s->extent_size % 512 ||
	    s->extent_size > BOCHS_MAX_EXTENT)
		return bochs_bad(bs, "absurd bochs extent size");
	if (!bitmap_size || bitmap_size > BOCHS_MAX_EXTENT ||
	    (uint64_t)bitmap_size * 8 < s->extent_size / 512)
		return bochs_bad(bs, "absurd bochs bitmap size");
	if (s->catalog_size > BOCHS_MAX_CATALOG)
		return bochs_bad(bs, "bochs catalog too large");
	if ((uint64_t)s->catalog_size * s->extent_size < size)
		return bochs_bad(bs, "bochs catalog smaller than the disk");
	if (fsize - hdr_len < (uint64_t)s->catalog_size * 4)
		return bochs_bad(bs, "bochs catalog beyond end of file");
	s->catalog = malloc(s->catalog_size ? (size_t)s->catalog_size * 4 : 1);
	if (!s->catalog)
		return -ENOMEM;
	ret = block_pread(fd, hdr_len, s->catalog, (size_t)s->catalog_size * 4);
	if (ret)
		return ret;
	s->data_offset = hdr_len + (uint64_t)s->catalog_size * 4;
	s->bitmap_blocks = (bitmap_size + 511) / 512;
	s->extent_blocks = s->extent_size / 512;
	slot = 512ull * (s->bitmap_blocks + s->extent_blocks);
	for (uint32_t i = 0; i < s->catalog_size; i++) {
		s->catalog[i] = le32toh(s->catalog[i]);
		if (s->catalog[i] == BOCHS_FREE)
			continue;
		/* a slot may end past EOF (bochs grows the file sector by
		 * sector), but it may not start there */
		if (s->data_offset + s->catalog[i] * slot >= fsize)
			return bochs_bad(bs, "bochs extent beyond end of file");
	}
	bs->size = size;
	bs->read_only = true;
	return 0;
}

static void bochs_close(struct block_dev *bs)
{
	free(bochs_state(bs)->catalog);
}

static int bochs_open(struct block_dev *bs, int fd, const struct block_open_opts *o)
{
	int ret = bochs_do_open(bs, fd);

	if (ret)
		bochs_close(bs);
	return ret;
}

/* File offset of the 512-byte sector @sec, 0 if it reads as zeros. */
static int bochs_sector(struct block_dev *bs, uint64_t sec, uint64_t *where)
{
	struct bochs *s = bochs_state(bs);
	uint64_t idx = sec / s->extent_blocks, base;
	uint32_t in = (uint32_t)(sec % s->extent_blocks);
	uint8_t byte;
	int ret;

	*where = 0;
	if (idx >= s->catalog_size || s->catalog[idx] == BOCHS_FREE)
		return 0;
	base = s->data_offset +
	       512ull * s->catalog[idx] * (s->bitmap_blocks + s->extent_blocks);
	ret = block_pread(bs->fd, base + in / 8, &byte, 1);
	if (ret)
		return ret;
	if (byte & (1u << (in % 8)))
		*where = base + 512ull * (s->bitmap_blocks + in);
	return 0;
}

static int bochs_read(struct block_dev *bs, uint64_t off, void *buf, size_t len)
{
	uint8_t *p = buf;

	while (len) {
		uint64_t where;
		size_t in = off % 512, n = 512 - in;
		int ret;

		if (n > len)
			n = len;
		ret = bochs_sector(bs, off / 512, &where);
		if (ret)
			return ret;
		if (where)
			ret = block_pread(bs->fd, where + in, p, n);
		else
			memset(p, 0, n);
		if (ret)
			return ret;
		p += n;
		off += n;
		len -= n;
	}
	return 0;
}

static int bochs_info(struct block_dev *bs, struct block_info *info)
{
	info->format = "bochs";
	return 0;
}

static int bochs_block_status(struct block_dev *bs, uint64_t off, uint64_t len,
			      bool *allocated, uint64_t *pnum)
{
	uint64_t where;
	int ret = bochs_sector(bs, off / 512, &where);

	if (ret)
		return ret;
	*allocated = where != 0;
	*pnum = 512 - off % 512 < len ? 512 - off % 512 : len;
	return 0;
}

const struct block_driver block_bochs_driver = {
	.name = "bochs",
	.instance_size = sizeof(struct bochs),
	.probe = bochs_probe,
	.open = bochs_open,
	.close = bochs_close,
	.read = bochs_read,
	.info = bochs_info,
	.block_status = bochs_block_status,
};
