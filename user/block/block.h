/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The block layer: disk images behind one interface, used by the IDE,
 * ATAPI and floppy devices and by ringvm-img.
 *
 * A struct block_dev is an open image.  Its driver (raw, qcow2, ...) reads
 * and writes in bytes at any offset and length (drivers handle alignment
 * to their clusters); devices work in sectors on top.  Backing files and
 * -snapshot overlays are block_devs below block_devs.  Every function
 * returns 0 or a negative errno; errors that concern the image file are
 * reported once with the file name by the function that found them (the
 * open path), I/O errors are returned for the device to turn into the
 * architectural error (ATA ERR/ABRT, a sense key).
 *
 * Single-threaded: only the vCPU thread (with the big lock) and
 * ringvm-img call into it.  I/O is synchronous for now.
 */
#ifndef RINGVM_BLOCK_BLOCK_H
#define RINGVM_BLOCK_BLOCK_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define BLOCK_SECTOR 512

struct block_dev;
struct block_driver;

/* How to open (the -drive options that reach the block layer). */
struct block_open_opts {
	const char *format;	/* "raw", "qcow2", ...; NULL: probe */
	bool read_only;
	bool snapshot;		/* writes go to a temporary overlay */
	enum { BLOCK_CACHE_WRITEBACK, BLOCK_CACHE_NONE, BLOCK_CACHE_WRITETHROUGH,
	       BLOCK_CACHE_UNSAFE, BLOCK_CACHE_DIRECTSYNC } cache;
	const char *key;	/* qcow/qcow2 AES password, or NULL */
	bool no_io;		/* metadata only (info, check): no key needed */
	bool no_backing;	/* leave the backing file closed (rebase -u) */
};

/* An internal snapshot (qcow2), for "info snapshots" and ringvm-img. */
struct block_snapshot_info {
	char id[32];
	char name[256];
	uint64_t vm_state_size;
	uint32_t date_sec, date_nsec;
	uint64_t vm_clock_nsec;
};

/* What "ringvm-img info" prints. */
struct block_info {
	const char *format;
	uint64_t virtual_size;		/* bytes */
	uint64_t actual_size;		/* bytes the file occupies on disk */
	uint32_t cluster_size;		/* 0 if not clustered */
	const char *backing_file;	/* NULL if none */
	const char *backing_format;
	bool encrypted;
	bool dirty;			/* qcow2 dirty/corrupt bits */
	bool corrupt;
	int compat;			/* qcow2: 2 for 0.10, 3 for 1.1 */
	/* lines under "Format specific information:" (vmdk), or NULL;
	 * owned by the driver */
	const char *format_specific;
};

/* Creation parameters: qemu-img create -o ... */
struct block_create_opts {
	uint64_t size;			/* bytes; 0 with a backing file: its size */
	const char *backing_file;
	const char *backing_format;
	uint32_t cluster_size;		/* 0: the format's default */
	int compat;			/* qcow2: 0 default (3), 2 or 3 */
	bool encrypt;			/* qcow/qcow2 legacy AES */
	const char *key;
	bool compress_hint;		/* convert -c */
	const char *subformat;		/* vmdk: monolithicSparse, monolithicFlat */
};

/* Result of "check". */
struct block_check {
	uint64_t corruptions, leaks, check_errors;
	uint64_t corruptions_fixed, leaks_fixed;
};

enum block_fix { BLOCK_FIX_NONE = 0, BLOCK_FIX_LEAKS = 1, BLOCK_FIX_ALL = 3 };

/* A driver (one file per format in user/block/). */
struct block_driver {
	const char *name;
	size_t instance_size;		/* driver state after struct block_dev */
	/* 0..100: how sure the driver is that @buf (the file's first
	 * bytes, @len of them) is its format; NULL: never probed */
	int (*probe)(const uint8_t *buf, size_t len, const char *filename);
	int (*open)(struct block_dev *bs, int fd, const struct block_open_opts *o);
	void (*close)(struct block_dev *bs);
	int (*read)(struct block_dev *bs, uint64_t off, void *buf, size_t len);
	int (*write)(struct block_dev *bs, uint64_t off, const void *buf, size_t len);
	int (*flush)(struct block_dev *bs);
	/* optional */
	int (*create)(const char *filename, const struct block_create_opts *o);
	int (*info)(struct block_dev *bs, struct block_info *info);
	int (*check)(struct block_dev *bs, struct block_check *res, enum block_fix fix);
	int (*truncate)(struct block_dev *bs, uint64_t size);
	/* write one compressed cluster at a cluster-aligned offset (convert -c) */
	int (*write_compressed)(struct block_dev *bs, uint64_t off, const void *buf,
				size_t len);
	/* is [off, off+len) allocated in this layer? *pnum: bytes with the
	 * same answer (ringvm-img map, convert skipping holes) */
	int (*block_status)(struct block_dev *bs, uint64_t off, uint64_t len,
			    bool *allocated, uint64_t *pnum);
	int (*snapshot_create)(struct block_dev *bs, const struct block_snapshot_info *sn);
	int (*snapshot_goto)(struct block_dev *bs, const char *id_or_name);
	int (*snapshot_delete)(struct block_dev *bs, const char *id_or_name);
	int (*snapshot_list)(struct block_dev *bs, struct block_snapshot_info **list);
	int (*change_backing)(struct block_dev *bs, const char *file, const char *fmt);
	/* the image file offset holding the allocated, uncompressed byte at
	 * @off (ringvm-img map's "Mapped to"); 1: allocated as
	 * zeros, no data; -ENOENT: none */
	int (*host_offset)(struct block_dev *bs, uint64_t off, uint64_t *host);
	/* drop every cluster so the image reads as its backing file (commit) */
	int (*make_empty)(struct block_dev *bs);
};

struct block_dev {
	const struct block_driver *drv;
	char *filename;
	int fd;
	uint64_t size;			/* virtual size in bytes */
	bool read_only;
	struct block_dev *backing;	/* NULL if none */
	void *opaque;			/* the driver's state */
};

/* Register the drivers (called once; idempotent). */
void block_init(void);
const struct block_driver *block_find_driver(const char *name);

/* Open @filename ("fat:dir" and host devices included).  On error,
 * reports one line naming the file and returns NULL. */
struct block_dev *block_open(const char *filename,
			     const struct block_open_opts *o);
void block_close(struct block_dev *bs);

int block_read(struct block_dev *bs, uint64_t off, void *buf, size_t len);
int block_write(struct block_dev *bs, uint64_t off, const void *buf, size_t len);
int block_flush(struct block_dev *bs);
static inline uint64_t block_nb_sectors(const struct block_dev *bs)
{
	return bs->size / BLOCK_SECTOR;
}

/* ringvm-img create: @format's create function. */
int block_create(const char *filename, const char *format,
		 const struct block_create_opts *o);

#endif
