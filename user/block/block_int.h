/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * What the block core offers its format drivers (not the devices).
 */
#ifndef RINGVM_BLOCK_BLOCK_INT_H
#define RINGVM_BLOCK_BLOCK_INT_H

#include "block/block.h"

extern const struct block_driver block_raw_driver;
extern const struct block_driver block_qcow2_driver;
extern const struct block_driver block_qcow_driver;
extern const struct block_driver block_vmdk_driver;
extern const struct block_driver block_vvfat_driver;
extern const struct block_driver block_cloop_driver;
extern const struct block_driver block_bochs_driver;
extern const struct block_driver block_cow_driver;

/*
 * Open @name, the backing file named inside @bs's image, read-only and
 * attach it as bs->backing.  A relative @name is resolved against the
 * folder of bs->filename, as QEMU does.  Reports its own error.
 */
int block_open_backing(struct block_dev *bs, const char *name,
		       const char *fmt);

/* "fat:[prefixes:]DIR" (or a bare DIR) with DIR made absolute, for a
 * -snapshot overlay's backing file name; malloc'd, NULL after reporting
 * why. */
char *vvfat_absolute(const char *spec);

/* @rel resolved against the folder of @base; malloc'd (NULL on ENOMEM). */
char *block_path_combine(const char *base, const char *rel);

/* pread/pwrite that loop until done; short reads past EOF give zeros.
 * Return 0 or -errno. */
int block_pread(int fd, uint64_t off, void *buf, size_t len);
int block_pwrite(int fd, uint64_t off, const void *buf, size_t len);

#endif
