// SPDX-License-Identifier: GPL-2.0-only
/*
 * cloop: the Linux "compressed loop" image of Knoppix-era live CDs, read
 * only.  Layout (cloop 2.0, as create_compressed_fs writes it):
 *   0..127    a shell preamble ("#!/bin/sh ... #V2.0 Format ...")
 *   128       block size, u32 big-endian (a multiple of 512)
 *   132       block count n, u32 big-endian
 *   136       n + 1 file offsets, u64 big-endian; block i is the zlib
 *             stream between offsets[i] and offsets[i + 1]
 * Every block inflates to exactly one block size; the disk is n blocks.
 */
#include <endian.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <zlib.h>

#include "block/block_int.h"
#include "core/lib/log.h"

#define CLOOP_PREAMBLE	128
#define CLOOP_HDR_LEN	136
/* QEMU's limits: a block is at most 64 MiB, the offset table 512 MiB */
#define CLOOP_MAX_BLOCK	(64u << 20)
#define CLOOP_MAX_BLOCKS ((512u << 20) / 8 - 1)

struct cloop {
	uint32_t block_size, n_blocks;
	uint64_t *offsets;		/* n_blocks + 1, host order */
	uint8_t *zin, *out;		/* one compressed and one plain block */
	uint32_t max_zlen;
	int64_t cached;			/* block held in out, -1: none */
};

static struct cloop *cloop_state(struct block_dev *bs)
{
	return bs->opaque;
}

static int cloop_probe(const uint8_t *buf, size_t len, const char *filename)
{
	if (len < CLOOP_PREAMBLE || memcmp(buf, "#!/bin/sh", 9))
		return 0;
	if (!memmem(buf, CLOOP_PREAMBLE, "V2.0 Format", 11))
		return 0;
	return 100;
}

static int cloop_bad(struct block_dev *bs, const char *what)
{
	err_report("Could not open '%s': %s", bs->filename, what);
	return -EINVAL;
}

static int cloop_do_open(struct block_dev *bs, int fd)
{
	struct cloop *s = cloop_state(bs);
	uint8_t h[CLOOP_HDR_LEN];
	struct stat st;
	uint64_t fsize, tbl;
	int ret;

	if (fstat(fd, &st))
		return -errno;
	fsize = (uint64_t)st.st_size;
	if (fsize < CLOOP_HDR_LEN || block_pread(fd, 0, h, sizeof(h)))
		return cloop_bad(bs, "truncated cloop header");
	s->block_size = be32toh(*(uint32_t *)(h + 128));
	s->n_blocks = be32toh(*(uint32_t *)(h + 132));
	if (!s->block_size || s->block_size % 512)
		return cloop_bad(bs, "cloop block size is not a multiple of 512");
	if (s->block_size > CLOOP_MAX_BLOCK)
		return cloop_bad(bs, "cloop block size too large (max 64 MiB)");
	if (s->n_blocks > CLOOP_MAX_BLOCKS)
		return cloop_bad(bs, "cloop block count too large");
	tbl = ((uint64_t)s->n_blocks + 1) * 8;
	if (fsize - CLOOP_HDR_LEN < tbl)
		return cloop_bad(bs, "cloop offset table beyond end of file");
	s->offsets = malloc(tbl);
	if (!s->offsets)
		return -ENOMEM;
	ret = block_pread(fd, CLOOP_HDR_LEN, s->offsets, tbl);
	if (ret)
		return ret;
	s->max_zlen = 0;
	for (uint32_t i = 0; i <= s->n_blocks; i++) {
		s->offsets[i] = be64toh(s->offsets[i]);
		if (s->offsets[i] > fsize)
			return cloop_bad(bs, "cloop block offset beyond end of file");
		if (!i)
			continue;
		if (s->offsets[i] < s->offsets[i - 1])
			return cloop_bad(bs, "cloop block offsets not increasing");
		/* zlib never grows a block by more than a small bound; a
		 * longer one is corrupt (QEMU refuses these too) */
		if (s->offsets[i] - s->offsets[i - 1] >
		    (uint64_t)s->block_size + s->block_size / 512 + 64)
			return cloop_bad(bs, "cloop compressed block too large");
		if (s->offsets[i] - s->offsets[i - 1] > s->max_zlen)
			s->max_zlen = (uint32_t)(s->offsets[i] - s->offsets[i - 1]);
	}
	s->zin = malloc(s->max_zlen ? s->max_zlen : 1);
	s->out = malloc(s->block_size);
	if (!s->zin || !s->out)
		return -ENOMEM;
	s->cached = -1;
	bs->size = (uint64_t)s->n_blocks * s->block_size;
	bs->read_only = true;
	return 0;
}

static void cloop_close(struct block_dev *bs)
{
	struct cloop *s = cloop_state(bs);

	free(s->offsets);
	free(s->zin);
	free(s->out);
}

static int cloop_open(struct block_dev *bs, int fd, const struct block_open_opts *o)
{
	int ret = cloop_do_open(bs, fd);

	if (ret)
		cloop_close(bs);
	return ret;
}

/* Inflate block @i into s->out. */
static int cloop_load(struct block_dev *bs, uint32_t i)
{
	struct cloop *s = cloop_state(bs);
	uint32_t zlen = (uint32_t)(s->offsets[i + 1] - s->offsets[i]);
	uLongf outlen = s->block_size;
	int ret;

	if (s->cached == i)
		return 0;
	s->cached = -1;
	ret = block_pread(bs->fd, s->offsets[i], s->zin, zlen);
	if (ret)
		return ret;
	if (uncompress(s->out, &outlen, s->zin, zlen) != Z_OK ||
	    outlen != s->block_size)
		return -EIO;
	s->cached = i;
	return 0;
}

static int cloop_read(struct block_dev *bs, uint64_t off, void *buf, size_t len)
{
	struct cloop *s = cloop_state(bs);
	uint8_t *p = buf;

	while (len) {
		uint32_t i = (uint32_t)(off / s->block_size);
		uint32_t in = (uint32_t)(off % s->block_size);
		size_t n = s->block_size - in;
		int ret;

		if (n > len)
			n = len;
		ret = cloop_load(bs, i);
		if (ret)
			return ret;
		memcpy(p, s->out + in, n);
		p += n;
		off += n;
		len -= n;
	}
	return 0;
}

static int cloop_info(struct block_dev *bs, struct block_info *info)
{
	info->format = "cloop";
	return 0;
}

const struct block_driver block_cloop_driver = {
	.name = "cloop",
	.instance_size = sizeof(struct cloop),
	.probe = cloop_probe,
	.open = cloop_open,
	.close = cloop_close,
	.read = cloop_read,
	.info = cloop_info,
};
