// SPDX-License-Identifier: GPL-2.0-only
/*
 * vvfat: QEMU's virtual FAT disk, read-only.  "fat:[floppy:][16:|32:]DIR"
 * shows the host folder DIR to the guest as
 *   - a hard disk (504 MB, CHS 1024/16/63) with an MBR and one FAT16
 *     (default) or FAT32 partition at sector 63, or
 *   - with floppy:, a 1.44 MB FAT12 floppy without a partition table.
 *
 * The metadata (boot sectors, FATs, directories) is built once at open
 * time (vvfat_dir.c); file contents are read from the host files when the
 * guest reads their clusters.  A file keeps the size it had at open time:
 * if it grows later the guest sees only its first bytes, if it shrinks
 * the missing tail reads as zeros (the FAT chain cannot change under a
 * guest that may have cached it).
 *
 * Writes are refused (the device reports an aborted command); "fat:rw:"
 * is accepted with a warning and opened read-only.  With -snapshot, as in
 * QEMU, the guest writes to a temporary qcow2 overlay whose backing file
 * is "fat:...ABSOLUTE-DIR" (vvfat_absolute), and the folder never changes.
 *
 * References: Microsoft's FAT specification (fatgen103): "Boot Sector
 * and BPB", "FAT Type Determination", "FAT32 FSInfo Sector Structure and
 * Backup Boot Sector"; the MBR partition entry
 * layout as in the IBM PC/AT BIOS.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "block/block_int.h"
#include "block/vvfat.h"
#include "core/lib/log.h"

/* The hard disk QEMU's vvfat presents: 1024 cylinders, 16 heads, 63
 * sectors per track, the partition from the second track on. */
#define HD_CYLS 1024
#define HD_HEADS 16
#define HD_SECS 63
#define HD_SECTORS (HD_CYLS * HD_HEADS * HD_SECS)
/* 1.44 MB floppy: 80 cylinders, 2 heads, 18 sectors per track */
#define FD_SECTORS 2880

/*
 * Boot code of both the MBR and the boot sector, loaded at 0:7C00: print
 * the message after it, wait for a key, then INT 18h, which tells the
 * BIOS to try the next boot device.  Position: code at 0x7C00 + @at.
 */
static const uint8_t boot_code[] = {
	0xfc,				/* cld */
	0x31, 0xc0,			/* xor ax, ax */
	0x8e, 0xd8,			/* mov ds, ax */
	0xbe, 0x00, 0x00,		/* mov si, msg (patched) */
	0xac,				/* 1: lodsb */
	0x84, 0xc0,			/* test al, al */
	0x74, 0x09,			/* jz 2f */
	0xb4, 0x0e,			/* mov ah, 0x0e: teletype output */
	0xbb, 0x07, 0x00,		/* mov bx, 7 */
	0xcd, 0x10,			/* int 0x10 */
	0xeb, 0xf2,			/* jmp 1b */
	0x31, 0xc0,			/* 2: xor ax, ax */
	0xcd, 0x16,			/* int 0x16: wait for a key */
	0xcd, 0x18,			/* int 0x18: next boot device */
	0xf4,				/* 3: hlt */
	0xeb, 0xfd,			/* jmp 3b */
};
static const char boot_msg[] =
	"This ringvm virtual FAT disk is not bootable.\r\n"
	"Press a key to try the next boot device.\r\n";

static void put_boot_code(uint8_t *sec, unsigned at)
{
	unsigned msg = 0x7c00 + at + (unsigned)sizeof(boot_code);

	memcpy(sec + at, boot_code, sizeof(boot_code));
	vvfat_put16(sec + at + 6, (uint16_t)msg);
	memcpy(sec + at + sizeof(boot_code), boot_msg, sizeof(boot_msg));
	sec[510] = 0x55;
	sec[511] = 0xaa;
}

/* Cluster count and FAT size for the chosen layout (fatgen103 "FAT
 * Type Determination" and "FAT Volume Initialization"):
 * grow the FAT until it covers every cluster the rest of the space
 * holds. */
static void vvfat_size_fat(struct vvfat *v)
{
	uint32_t fat = 1;

	for (;;) {
		uint32_t data = v->total_sectors - v->reserved - v->root_sectors -
				2 * fat;
		uint32_t clusters = data / v->spc;
		uint64_t bytes = v->fat_type == 12 ? ((uint64_t)clusters + 2) * 3 / 2 + 1 :
				 ((uint64_t)clusters + 2) * (uint64_t)(v->fat_type / 8);
		uint32_t need = (uint32_t)((bytes + 511) / 512);

		if (need <= fat) {
			v->nclusters = clusters;
			break;
		}
		fat = need;
	}
	v->fat_sectors = fat;
	v->data_lba = v->reserved + 2 * fat + v->root_sectors;
	v->cluster_size = v->spc * 512;
}

static void vvfat_geometry(struct vvfat *v)
{
	if (v->floppy) {
		/* the standard 1.44 MB layout (as DOS FORMAT writes it) */
		v->part_lba = 0;
		v->total_sectors = FD_SECTORS;
		v->spc = 1;
		v->reserved = 1;
		v->root_entries = 224;
		v->media = 0xf0;
	} else {
		v->part_lba = HD_SECS;
		v->total_sectors = HD_SECTORS - HD_SECS;
		v->media = 0xf8;
		if (v->fat_type == 32) {
			/* 4 KB clusters: ~126K of them, well past FAT32's
			 * minimum of 65525 ("FAT Type Determination") */
			v->spc = 8;
			v->reserved = 32;
			v->root_entries = 0;
		} else {
			/* 8 KB clusters: ~64K, just under FAT16's limit */
			v->spc = 16;
			v->reserved = 1;
			v->root_entries = 512;
		}
	}
	v->root_sectors = v->root_entries * 32 / 512;
	vvfat_size_fat(v);
}

/* The boot sector with its BPB (fatgen103 "Boot Sector and BPB"). */
static void vvfat_boot_sector(struct vvfat *v, uint8_t *b)
{
	bool f32 = v->fat_type == 32;
	uint8_t *ext = b + (f32 ? 64 : 36);	/* drive number onwards */

	b[0] = 0xeb;
	b[1] = f32 ? 0x58 : 0x3c;		/* jmp short past the BPB */
	b[2] = 0x90;
	memcpy(b + 3, "MSWIN4.1", 8);		/* the OEM name fatgen103 advises */
	vvfat_put16(b + 11, 512);
	b[13] = (uint8_t)v->spc;
	vvfat_put16(b + 14, (uint16_t)v->reserved);
	b[16] = 2;
	vvfat_put16(b + 17, (uint16_t)v->root_entries);
	if (v->total_sectors < 0x10000 && !f32)
		vvfat_put16(b + 19, (uint16_t)v->total_sectors);
	else
		vvfat_put32(b + 32, v->total_sectors);
	b[21] = v->media;
	if (!f32)
		vvfat_put16(b + 22, (uint16_t)v->fat_sectors);
	vvfat_put16(b + 24, v->floppy ? 18 : HD_SECS);
	vvfat_put16(b + 26, v->floppy ? 2 : HD_HEADS);
	vvfat_put32(b + 28, (uint32_t)v->part_lba);
	if (f32) {
		vvfat_put32(b + 36, v->fat_sectors);
		vvfat_put16(b + 40, 0);		/* both FATs mirrored */
		vvfat_put16(b + 42, 0);		/* version 0.0 */
		vvfat_put32(b + 44, 2);		/* root directory cluster */
		vvfat_put16(b + 48, 1);		/* FSInfo sector */
		vvfat_put16(b + 50, 6);		/* backup boot sector */
	}
	ext[0] = v->floppy ? 0x00 : 0x80;	/* BIOS drive number */
	ext[2] = 0x29;				/* the next three fields exist */
	vvfat_put32(ext + 3, v->volume_id);
	memcpy(ext + 7, vvfat_label, 11);
	memcpy(ext + 18, f32 ? "FAT32   " : v->fat_type == 16 ? "FAT16   " :
	       "FAT12   ", 8);
	put_boot_code(b, f32 ? 90 : 62);
}

/* FSInfo ("FAT32 FSInfo Sector Structure"): the free count and a hint, both exact here. */
static void vvfat_fsinfo(struct vvfat *v, uint8_t *s)
{
	vvfat_put32(s, 0x41615252);
	vvfat_put32(s + 484, 0x61417272);
	vvfat_put32(s + 488, v->nclusters + 2 - v->next_cluster);
	vvfat_put32(s + 492, v->next_cluster);
	vvfat_put32(s + 508, 0xaa550000);
}

/* One MBR partition entry's CHS address (cylinder bits 8-9 in the top of
 * the sector byte). */
static void put_chs(uint8_t *p, uint32_t lba)
{
	uint32_t c = lba / (HD_HEADS * HD_SECS), r = lba % (HD_HEADS * HD_SECS);

	if (c > 1023)
		c = 1023;
	p[0] = (uint8_t)(r / HD_SECS);
	p[1] = (uint8_t)((r % HD_SECS + 1) | ((c >> 2) & 0xc0));
	p[2] = (uint8_t)c;
}

static void vvfat_mbr(struct vvfat *v)
{
	uint8_t *m = v->mbr, *pe = m + 446;

	put_boot_code(m, 0);
	vvfat_put32(m + 440, v->volume_id);	/* disk signature */
	pe[0] = 0x80;				/* active */
	put_chs(pe + 1, (uint32_t)v->part_lba);
	/* 06: FAT16 over 32 MB, 0B: FAT32, both CHS-addressable */
	pe[4] = v->fat_type == 32 ? 0x0b : 0x06;
	put_chs(pe + 5, (uint32_t)v->part_lba + v->total_sectors - 1);
	vvfat_put32(pe + 8, (uint32_t)v->part_lba);
	vvfat_put32(pe + 12, v->total_sectors);
}

/* "fat:[floppy:][12:|16:|32:][rw:]DIR", the prefixes in any order. */
static int vvfat_parse(struct vvfat *v, const char *spec, const char **dir,
		       bool *rw)
{
	static const struct { const char *p; int type; } pre[] = {
		{ "floppy:", -1 }, { "rw:", -2 }, { "12:", 12 }, { "16:", 16 },
		{ "32:", 32 },
	};
	const char *p = spec;
	bool again = true;

	if (!strncmp(p, "fat:", 4))
		p += 4;
	while (again) {
		again = false;
		for (size_t i = 0; i < sizeof(pre) / sizeof(pre[0]); i++) {
			size_t l = strlen(pre[i].p);

			if (strncmp(p, pre[i].p, l))
				continue;
			if (pre[i].type == -1)
				v->floppy = true;
			else if (pre[i].type == -2)
				*rw = true;
			else
				v->fat_type = pre[i].type;
			p += l;
			again = true;
		}
	}
	if (!*p) {
		err_report("Could not open '%s': no folder given (fat:[floppy:][32:]DIR)",
			   spec);
		return -EINVAL;
	}
	if (v->floppy && v->fat_type && v->fat_type != 12) {
		err_report("Could not open '%s': a virtual FAT floppy is FAT12 only",
			   spec);
		return -ENOTSUP;
	}
	if (!v->floppy && v->fat_type == 12) {
		err_report("Could not open '%s': a virtual FAT hard disk is FAT16 or "
			   "FAT32 (fat:floppy: gives FAT12)", spec);
		return -ENOTSUP;
	}
	if (!v->fat_type)
		v->fat_type = v->floppy ? 12 : 16;
	*dir = p;
	return 0;
}

char *vvfat_absolute(const char *spec)
{
	struct vvfat v = { 0 };
	const char *dir, *start = strncmp(spec, "fat:", 4) ? spec : spec + 4;
	bool rw = false;
	char *real, *out;

	if (vvfat_parse(&v, spec, &dir, &rw))
		return NULL;
	real = realpath(dir, NULL);
	if (!real) {
		err_report("vvfat: cannot open folder '%s': %s", dir, strerror(errno));
		return NULL;
	}
	/* "fat:" + the prefixes as given + the absolute folder */
	if (asprintf(&out, "fat:%.*s%s", (int)(dir - start), start, real) < 0)
		out = NULL;
	free(real);
	return out;
}

/* A volume serial number that stays the same for the same folder. */
static uint32_t vvfat_serial(const char *dir)
{
	uint32_t h = 2166136261u;		/* FNV-1a */

	for (const char *p = dir; *p; p++)
		h = (h ^ (uint8_t)*p) * 16777619u;
	return h;
}

static int vvfat_open(struct block_dev *bs, int fd, const struct block_open_opts *o)
{
	struct vvfat *v = bs->opaque;
	const char *dir;
	bool rw = false;
	int ret;

	(void)fd;
	v->cached_fd = -1;
	ret = vvfat_parse(v, bs->filename, &dir, &rw);
	if (ret)
		return ret;
	if (rw)
		err_report("'%s': read-write vvfat is not supported yet; the disk "
			   "is read-only", bs->filename);
	vvfat_geometry(v);
	v->volume_id = vvfat_serial(dir);
	v->meta = calloc(v->data_lba, 512);
	if (!v->meta) {
		err_report("Could not open '%s': %s", bs->filename, strerror(ENOMEM));
		return -ENOMEM;
	}
	ret = vvfat_build(v, dir);
	if (ret) {
		vvfat_free_tree(v);
		free(v->meta);
		return ret;
	}
	vvfat_boot_sector(v, v->meta);
	if (v->fat_type == 32) {
		vvfat_fsinfo(v, v->meta + 512);
		memcpy(v->meta + 6 * 512, v->meta, 1024);	/* backup copies */
	}
	if (!v->floppy)
		vvfat_mbr(v);
	bs->size = (v->part_lba + v->total_sectors) * 512;
	bs->read_only = true;
	return 0;
}

static void vvfat_close(struct block_dev *bs)
{
	struct vvfat *v = bs->opaque;

	if (v->cached_fd >= 0)
		close(v->cached_fd);
	vvfat_free_tree(v);
	free(v->meta);
}

/* The extent holding cluster @c, or the first one after it. */
static size_t vvfat_find(const struct vvfat *v, uint32_t c)
{
	size_t lo = 0, hi = v->nr_ext;

	while (lo < hi) {
		size_t mid = (lo + hi) / 2;
		const struct vvfat_extent *x = &v->ext[mid];

		if (c >= x->first + x->count)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo;
}

/* @len bytes at @pos of file extent @i; past its open-time size: zeros. */
static int vvfat_read_file(struct vvfat *v, size_t i, uint64_t pos,
			   uint8_t *buf, size_t len)
{
	const struct vvfat_extent *x = &v->ext[i];
	size_t n = pos >= x->size ? 0 :
		   x->size - pos < len ? (size_t)(x->size - pos) : len;

	memset(buf + n, 0, len - n);
	if (!n)
		return 0;
	if (v->cached_fd < 0 || v->cached_ext != i) {
		if (v->cached_fd >= 0)
			close(v->cached_fd);
		v->cached_fd = open(x->path, O_RDONLY | O_CLOEXEC);
		if (v->cached_fd < 0) {
			/* gone or changed since open: the guest gets a read
			 * error, the user the reason */
			err_report("vvfat: cannot read '%s': %s", x->path,
				   strerror(errno));
			return -EIO;
		}
		v->cached_ext = i;
	}
	return block_pread(v->cached_fd, pos, buf, n);
}

static int vvfat_read(struct block_dev *bs, uint64_t off, void *buf, size_t len)
{
	struct vvfat *v = bs->opaque;
	uint64_t part = v->part_lba * 512, meta = (uint64_t)v->data_lba * 512;
	uint8_t *p = buf;
	int ret;

	while (len) {
		size_t n;

		if (off < part) {
			/* the MBR, then the rest of track 0: zeros */
			n = part - off < len ? (size_t)(part - off) : len;
			for (size_t k = 0; k < n; k++)
				p[k] = off + k < 512 ? v->mbr[off + k] : 0;
		} else if (off - part < meta) {
			uint64_t o = off - part;

			n = meta - o < len ? (size_t)(meta - o) : len;
			memcpy(p, v->meta + o, n);
		} else {
			uint64_t d = off - part - meta;
			uint32_t c = (uint32_t)(d / v->cluster_size) + 2;
			size_t i = vvfat_find(v, c);
			const struct vvfat_extent *x = i < v->nr_ext ? &v->ext[i] : NULL;
			uint64_t start = x ? (uint64_t)(x->first - 2) * v->cluster_size : 0;

			if (!x || x->first > c) {
				/* free clusters read as zeros */
				uint64_t end = x ? start : bs->size - part - meta;

				n = end - d < len ? (size_t)(end - d) : len;
				memset(p, 0, n);
			} else {
				uint64_t pos = d - start;
				uint64_t left = (uint64_t)x->count * v->cluster_size - pos;

				n = left < len ? (size_t)left : len;
				if (x->dir) {
					memcpy(p, x->dir + pos, n);
				} else {
					ret = vvfat_read_file(v, i, pos, p, n);
					if (ret)
						return ret;
				}
			}
		}
		p += n;
		off += n;
		len -= n;
	}
	return 0;
}

static int vvfat_write(struct block_dev *bs, uint64_t off, const void *buf,
		       size_t len)
{
	return -EROFS;
}

static int vvfat_info(struct block_dev *bs, struct block_info *info)
{
	struct vvfat *v = bs->opaque;

	info->format = "vvfat";
	info->cluster_size = v->cluster_size;
	return 0;
}

static int vvfat_block_status(struct block_dev *bs, uint64_t off, uint64_t len,
			      bool *allocated, uint64_t *pnum)
{
	*allocated = true;
	*pnum = len;
	return 0;
}

const struct block_driver block_vvfat_driver = {
	.name = "vvfat",
	.instance_size = sizeof(struct vvfat),
	.open = vvfat_open,
	.close = vvfat_close,
	.read = vvfat_read,
	.write = vvfat_write,
	.info = vvfat_info,
	.block_status = vvfat_block_status,
};
