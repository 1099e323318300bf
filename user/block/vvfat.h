/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * vvfat: a host folder shown to the guest as a FAT disk ("fat:/dir").
 * Shared between the driver (vvfat.c: options, boot sectors, reads) and
 * the tree builder (vvfat_dir.c: directory entries, clusters, the FAT).
 *
 * The filesystem is laid out once, at open time: every directory is built
 * in memory and every file gets a contiguous run of clusters, so the FAT
 * is a set of straight chains.  File contents stay on the host and are
 * read when the guest reads their clusters.
 */
#ifndef RINGVM_BLOCK_VVFAT_H
#define RINGVM_BLOCK_VVFAT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* One object of the data region: a directory (bytes in memory) or a host
 * file (read on demand), occupying clusters [first, first + count). */
struct vvfat_extent {
	uint32_t first, count;
	uint8_t *dir;		/* directory contents, count clusters long */
	char *path;		/* host file; NULL for a directory */
	uint64_t size;		/* file size at open time */
};

struct vvfat {
	/* geometry, decided before the tree is built */
	int fat_type;			/* 12, 16 or 32 */
	bool floppy;
	uint64_t part_lba;		/* first sector of the filesystem */
	uint32_t total_sectors;		/* of the filesystem */
	uint32_t spc;			/* sectors per cluster */
	uint32_t reserved;		/* reserved sectors (boot sector ...) */
	uint32_t fat_sectors;		/* of one FAT copy */
	uint32_t root_entries;		/* FAT12/16 fixed root directory */
	uint32_t root_sectors;
	uint32_t data_lba;		/* first data sector, in the fs */
	uint32_t nclusters;		/* data clusters: 2 .. nclusters + 1 */
	uint32_t cluster_size;		/* bytes */
	uint32_t volume_id;
	uint8_t media;
	uint8_t mbr[512];		/* hard disks: sector 0 */

	/* built by vvfat_build() */
	uint8_t *meta;			/* fs sectors [0, data_lba) */
	uint32_t next_cluster;		/* first free cluster */
	struct vvfat_extent *ext;	/* sorted by first cluster */
	size_t nr_ext, ext_cap;

	/* the one host file kept open between reads */
	int cached_fd;
	size_t cached_ext;
};

/*
 * Scan @dir recursively and lay it out in @v (geometry already set,
 * v->meta allocated and zeroed): directories, the root directory, both
 * FAT copies.  Reports one error naming the folder or file and returns a
 * negative errno if something cannot be read or does not fit.
 */
int vvfat_build(struct vvfat *v, const char *dir);
void vvfat_free_tree(struct vvfat *v);

/* The volume label (root directory and boot sector). */
extern const char vvfat_label[11];

/* FAT dates and times (fatgen103, "Date and Time Formats"). */
void vvfat_timestamp(int64_t t, uint16_t *date, uint16_t *time);

static inline void vvfat_put16(uint8_t *p, uint16_t v)
{
	p[0] = (uint8_t)v;
	p[1] = (uint8_t)(v >> 8);
}

static inline void vvfat_put32(uint8_t *p, uint32_t v)
{
	vvfat_put16(p, (uint16_t)v);
	vvfat_put16(p + 2, (uint16_t)(v >> 16));
}

#endif
