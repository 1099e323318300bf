// SPDX-License-Identifier: GPL-2.0-only
/*
 * raw: the image is the disk, byte for byte.  Regular files (created
 * sparse) and host block devices, whose size comes from BLKGETSIZE64.
 */
#include <errno.h>
#include <fcntl.h>
#include <linux/fs.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/stat.h>
#include <unistd.h>

#include "block/block_int.h"
#include "core/lib/log.h"

static int raw_open(struct block_dev *bs, int fd, const struct block_open_opts *o)
{
	struct stat st;
	uint64_t size;

	if (fstat(fd, &st)) {
		err_report("Could not open '%s': %s", bs->filename, strerror(errno));
		return -errno;
	}
	if (S_ISBLK(st.st_mode)) {
		if (ioctl(fd, BLKGETSIZE64, &size)) {
			err_report("Could not open '%s': cannot get the device size: %s",
				   bs->filename, strerror(errno));
			return -errno;
		}
	} else {
		size = (uint64_t)st.st_size;
	}
	bs->size = size;
	return 0;
}

static int raw_read(struct block_dev *bs, uint64_t off, void *buf, size_t len)
{
	return block_pread(bs->fd, off, buf, len);
}

static int raw_write(struct block_dev *bs, uint64_t off, const void *buf,
		     size_t len)
{
	return block_pwrite(bs->fd, off, buf, len);
}

static int raw_flush(struct block_dev *bs)
{
	return fdatasync(bs->fd) ? -errno : 0;
}

static int raw_create(const char *filename, const struct block_create_opts *o)
{
	int fd, ret = 0;

	if (o->backing_file) {
		err_report("%s: the raw format has no backing file", filename);
		return -EINVAL;
	}
	fd = open(filename, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
	if (fd < 0) {
		err_report("Could not create '%s': %s", filename, strerror(errno));
		return -errno;
	}
	/* sparse: set the length, write nothing */
	if (ftruncate(fd, (off_t)o->size)) {
		ret = -errno;
		err_report("Could not resize '%s': %s", filename, strerror(errno));
	}
	close(fd);
	return ret;
}

static int raw_info(struct block_dev *bs, struct block_info *info)
{
	info->format = "raw";
	return 0;
}

static int raw_truncate(struct block_dev *bs, uint64_t size)
{
	if (ftruncate(bs->fd, (off_t)size))
		return -errno;
	bs->size = size;
	return 0;
}

static int raw_block_status(struct block_dev *bs, uint64_t off, uint64_t len,
			    bool *allocated, uint64_t *pnum)
{
	*allocated = true;
	*pnum = len;
	return 0;
}

static int raw_host_offset(struct block_dev *bs, uint64_t off, uint64_t *host)
{
	*host = off;
	return 0;
}

const struct block_driver block_raw_driver = {
	.name = "raw",
	.open = raw_open,
	.read = raw_read,
	.write = raw_write,
	.flush = raw_flush,
	.create = raw_create,
	.info = raw_info,
	.truncate = raw_truncate,
	.block_status = raw_block_status,
	.host_offset = raw_host_offset,
};
