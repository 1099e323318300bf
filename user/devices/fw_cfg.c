// SPDX-License-Identifier: GPL-2.0-only
/*
 * QEMU's firmware configuration device, as the PC presents it on I/O ports
 * (QEMU docs/specs/fw_cfg.rst):
 *
 *   iobase+0  selector, 16-bit write: choose an item, data offset to 0
 *   iobase+1  data, byte read: the item's next byte (0 past its end);
 *             writes are ignored, as in QEMU since v2.4
 *   iobase+4  DMA address, big-endian: +4 takes the high 32 bits, +8 the
 *             low 32 bits and starts the transfer of the descriptor
 *             {be32 control; be32 length; be64 address} found there.
 *             Reading these 8 ports gives "QEMU CFG", byte by byte.
 *
 * Items are numbered (keys below 0x20, and an x86 bank at 0x8000) or named
 * files (keys from 0x20, listed in the directory item 0x19 sorted by name).
 * All items are read-only to the guest: a DMA write sets the error bit.
 * A descriptor or buffer outside guest memory also sets it; the guest can
 * never make this file touch host memory it does not own.
 */
#include "fw_cfg.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "core/io.h"
#include "core/lib/log.h"
#include "core/mem.h"

#define FW_CFG_KEY_INDEX	0x3fff	/* without the write and arch bits */
#define FW_CFG_WRITE_CHANNEL	0x4000
#define FW_CFG_DIR_ENTRY	64	/* be32 size, be16 key, u16 0, name[56] */

static const char fw_cfg_signature[4] = { 'Q', 'E', 'M', 'U' };
static const char fw_cfg_dma_signature[8] = {
	'Q', 'E', 'M', 'U', ' ', 'C', 'F', 'G'
};

static uint32_t get_be32(const uint8_t *p)
{
	return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 |
	       (uint32_t)p[2] << 8 | p[3];
}

static void put_be32(uint8_t *p, uint32_t v)
{
	p[0] = (uint8_t)(v >> 24);
	p[1] = (uint8_t)(v >> 16);
	p[2] = (uint8_t)(v >> 8);
	p[3] = (uint8_t)v;
}

static struct fw_cfg_item *fw_cfg_item(struct fw_cfg *fw, uint16_t key)
{
	unsigned idx = key & FW_CFG_KEY_INDEX;

	if (key == FW_CFG_INVALID_KEY || idx >= FW_CFG_MAX_ENTRY)
		return NULL;
	return &fw->items[!!(key & FW_CFG_ARCH_LOCAL)][idx];
}

/* ---- guest side ---- */

static void fw_cfg_select(struct fw_cfg *fw, uint16_t key)
{
	fw->cur_off = 0;
	fw->cur_key = fw_cfg_item(fw, key) ? key : FW_CFG_INVALID_KEY;
}

/* Bytes of the selected item still to come at the current offset. */
static uint32_t fw_cfg_avail(struct fw_cfg *fw, struct fw_cfg_item **itemp)
{
	struct fw_cfg_item *item = fw_cfg_item(fw, fw->cur_key);

	*itemp = item;
	if (!item || !item->data || fw->cur_off >= item->len)
		return 0;
	return item->len - fw->cur_off;
}

static uint8_t fw_cfg_data_byte(struct fw_cfg *fw)
{
	struct fw_cfg_item *item;

	if (!fw_cfg_avail(fw, &item))
		return 0;
	return item->data[fw->cur_off++];
}

/*
 * Guest-physical memory for DMA, region by region: RAM directly, MMIO
 * through its handlers, ROM reads (writes dropped, as the bus does).
 * Unassigned space anywhere in the range is a failed transfer.
 * @src NULL writes zeros.
 */
static bool fw_cfg_guest_write(uint64_t gpa, const uint8_t *src, uint64_t len)
{
	static const uint8_t zeros[256];

	while (len) {
		const struct mem_region *r = mem_lookup(gpa);
		uint64_t n;

		if (!r)
			return false;
		n = r->size - (gpa - r->gpa);
		if (n > len)
			n = len;
		if (r->kind == MEM_RAM) {
			uint8_t *p = mem_host_ptr(gpa, n, true);

			if (src)
				memcpy(p, src, n);
			else
				memset(p, 0, n);
			mem_notify_write(gpa, n);
		} else if (r->kind == MEM_MMIO) {
			uint64_t done, k;

			for (done = 0; done < n; done += k) {
				k = n - done;
				if (!src && k > sizeof(zeros))
					k = sizeof(zeros);
				mem_rw(gpa + done, (void *)(src ? src + done : zeros),
				       k, true);
			}
		}
		if (src)
			src += n;
		len -= n;
		gpa += n;
		if (!gpa && len)	/* wrapped around the address space */
			return false;
	}
	return true;
}

static bool fw_cfg_guest_read(uint64_t gpa, uint8_t *dst, uint64_t len)
{
	while (len) {
		const struct mem_region *r = mem_lookup(gpa);
		uint64_t n;

		if (!r)
			return false;
		n = r->size - (gpa - r->gpa);
		if (n > len)
			n = len;
		if (r->kind == MEM_MMIO)
			mem_rw(gpa, dst, n, false);
		else
			memcpy(dst, mem_host_ptr(gpa, n, false), n);
		dst += n;
		len -= n;
		gpa += n;
		if (!gpa && len)
			return false;
	}
	return true;
}

static void fw_cfg_dma_transfer(struct fw_cfg *fw)
{
	uint64_t desc_addr = fw->dma_addr, addr;
	uint32_t control, length, avail, n, status = 0;
	struct fw_cfg_item *item;
	uint8_t desc[16];
	int i;

	/* the register reads back 0 after every operation (fw_cfg.rst) */
	fw->dma_addr = 0;
	if (!fw_cfg_guest_read(desc_addr, desc, sizeof(desc))) {
		log_msg(LOG_GUEST, "fw_cfg: DMA descriptor at 0x%llx is outside guest memory\n",
			(unsigned long long)desc_addr);
		status = FW_CFG_DMA_CTL_ERROR;
		goto done;
	}
	control = get_be32(desc);
	length = get_be32(desc + 4);
	addr = 0;
	for (i = 8; i < 16; i++)
		addr = addr << 8 | desc[i];

	if (control & FW_CFG_DMA_CTL_SELECT)
		fw_cfg_select(fw, (uint16_t)(control >> 16));
	avail = fw_cfg_avail(fw, &item);
	n = length < avail ? length : avail;

	if (control & FW_CFG_DMA_CTL_READ) {
		/* past the item's end the guest gets zeros, as in QEMU */
		if (!fw_cfg_guest_write(addr, n ? item->data + fw->cur_off : NULL, n) ||
		    (length > n && !fw_cfg_guest_write(addr + n, NULL, length - n)))
			status = FW_CFG_DMA_CTL_ERROR;
		fw->cur_off += n;
	} else if (control & FW_CFG_DMA_CTL_WRITE) {
		/* nothing here is writable by the guest */
		fw->cur_off += n;
		status = FW_CFG_DMA_CTL_ERROR;
	} else if (control & FW_CFG_DMA_CTL_SKIP) {
		fw->cur_off += n;
	}
	if (status)
		log_msg(LOG_GUEST, "fw_cfg: DMA control 0x%x length 0x%x to 0x%llx failed\n",
			control, length, (unsigned long long)addr);
done:
	/* completion: control is cleared, all but the error bit */
	put_be32(desc, status);
	fw_cfg_guest_write(desc_addr, desc, 4);
}

static uint64_t fw_cfg_port_read(void *dev, uint64_t off, unsigned size)
{
	struct fw_cfg *fw = dev;
	uint64_t v = 0;
	unsigned i;

	/* Both ports read the data register, as QEMU's combined region does;
	 * a wider read returns the next bytes in string order. */
	for (i = 0; i < size; i++)
		v |= (uint64_t)fw_cfg_data_byte(fw) << (8 * i);
	return v;
}

static void fw_cfg_port_write(void *dev, uint64_t off, uint64_t v, unsigned size)
{
	struct fw_cfg *fw = dev;

	if (off == 0 && size == 2)
		fw_cfg_select(fw, (uint16_t)v);
	/* data writes: ignored since QEMU v2.4 (fw_cfg.rst) */
}

static const struct io_ops fw_cfg_port_ops = {
	fw_cfg_port_read, fw_cfg_port_write, 0
};

static uint64_t fw_cfg_dma_read(void *dev, uint64_t off, unsigned size)
{
	uint64_t v = 0;
	unsigned i;

	for (i = 0; i < size && off + i < sizeof(fw_cfg_dma_signature); i++)
		v |= (uint64_t)(uint8_t)fw_cfg_dma_signature[off + i] << (8 * i);
	return v;
}

static void fw_cfg_dma_write(void *dev, uint64_t off, uint64_t v, unsigned size)
{
	struct fw_cfg *fw = dev;
	uint32_t be = __builtin_bswap32((uint32_t)v);

	if (size != 4 || (off != 0 && off != 4)) {
		log_msg(LOG_GUEST, "fw_cfg: %u-byte write to DMA register +%llu ignored\n",
			size, (unsigned long long)off);
		return;
	}
	/* the port holds the big-endian value: the guest wrote it byte-swapped */
	if (off == 0) {
		fw->dma_addr = (uint64_t)be << 32;
	} else {
		fw->dma_addr |= be;
		fw_cfg_dma_transfer(fw);
	}
}

static const struct io_ops fw_cfg_dma_ops = {
	fw_cfg_dma_read, fw_cfg_dma_write, 0
};

/* ---- machine side ---- */

static int fw_cfg_set(struct fw_cfg_item *item, const void *data, size_t len,
		      bool owned)
{
	uint8_t *copy;

	if (len > UINT32_MAX) {
		if (owned)
			free((void *)data);
		return -EFBIG;
	}
	if (owned) {
		copy = (uint8_t *)data;
	} else {
		copy = malloc(len ? len : 1);
		if (!copy)
			return -ENOMEM;
		if (len)
			memcpy(copy, data, len);
	}
	if (!copy)	/* an owned empty item may come as NULL */
		copy = malloc(1);
	if (!copy)
		return -ENOMEM;
	free(item->data);
	item->data = copy;
	item->len = (uint32_t)len;
	return 0;
}

/* A numbered item's slot, or NULL for keys that are not numbered items. */
static struct fw_cfg_item *fw_cfg_numbered(struct fw_cfg *fw, uint16_t key)
{
	if (key & FW_CFG_WRITE_CHANNEL)
		return NULL;
	if (!(key & FW_CFG_ARCH_LOCAL) && key >= FW_CFG_FILE_FIRST)
		return NULL;
	return fw_cfg_item(fw, key);
}

static int fw_cfg_add(struct fw_cfg *fw, uint16_t key, const void *data,
		      size_t len, bool owned)
{
	struct fw_cfg_item *item = fw_cfg_numbered(fw, key);
	int ret = !item ? -EINVAL : item->data ? -EEXIST : 0;

	if (ret) {
		if (owned)
			free((void *)data);
		return ret;
	}
	return fw_cfg_set(item, data, len, owned);
}

int fw_cfg_add_bytes(struct fw_cfg *fw, uint16_t key, const void *data,
		     size_t len)
{
	return fw_cfg_add(fw, key, data, len, false);
}

int fw_cfg_add_bytes_owned(struct fw_cfg *fw, uint16_t key, void *data,
			   size_t len)
{
	return fw_cfg_add(fw, key, data, len, true);
}

int fw_cfg_add_string(struct fw_cfg *fw, uint16_t key, const char *s)
{
	return fw_cfg_add_bytes(fw, key, s, strlen(s) + 1);
}

static int fw_cfg_add_le(struct fw_cfg *fw, uint16_t key, uint64_t v,
			 unsigned size)
{
	uint8_t b[8];
	unsigned i;

	for (i = 0; i < size; i++)
		b[i] = (uint8_t)(v >> (8 * i));
	return fw_cfg_add_bytes(fw, key, b, size);
}

int fw_cfg_add_i16(struct fw_cfg *fw, uint16_t key, uint16_t v)
{
	return fw_cfg_add_le(fw, key, v, 2);
}

int fw_cfg_add_i32(struct fw_cfg *fw, uint16_t key, uint32_t v)
{
	return fw_cfg_add_le(fw, key, v, 4);
}

int fw_cfg_add_i64(struct fw_cfg *fw, uint16_t key, uint64_t v)
{
	return fw_cfg_add_le(fw, key, v, 8);
}

int fw_cfg_modify_bytes(struct fw_cfg *fw, uint16_t key, const void *data,
			size_t len)
{
	struct fw_cfg_item *item = fw_cfg_numbered(fw, key);

	if (!item || key == FW_CFG_FILE_DIR)
		return -EINVAL;
	return fw_cfg_set(item, data, len, false);
}

/* Rewrite the directory item from the file list (into @dir, sized for it). */
static void fw_cfg_build_dir(struct fw_cfg *fw, uint8_t *dir)
{
	struct fw_cfg_item *d = &fw->items[0][FW_CFG_FILE_DIR];
	unsigned i;

	memset(dir, 0, 4 + FW_CFG_DIR_ENTRY * fw->n_files);
	put_be32(dir, fw->n_files);
	for (i = 0; i < fw->n_files; i++) {
		uint8_t *e = dir + 4 + FW_CFG_DIR_ENTRY * i;
		uint16_t key = (uint16_t)(FW_CFG_FILE_FIRST + i);

		put_be32(e, fw->items[0][key].len);
		e[4] = (uint8_t)(key >> 8);
		e[5] = (uint8_t)key;
		memcpy(e + 8, fw->files[i], strlen(fw->files[i]));
	}
	free(d->data);
	d->data = dir;
	d->len = 4 + FW_CFG_DIR_ENTRY * fw->n_files;
}

int fw_cfg_file_key(const struct fw_cfg *fw, const char *name)
{
	unsigned i;

	for (i = 0; i < fw->n_files; i++)
		if (!strcmp(fw->files[i], name))
			return FW_CFG_FILE_FIRST + (int)i;
	return -1;
}

int fw_cfg_add_file(struct fw_cfg *fw, const char *name, const void *data,
		    size_t len)
{
	struct fw_cfg_item item = { NULL, 0 };
	uint8_t *dir;
	unsigned pos, i;
	int ret;

	if (strlen(name) >= FW_CFG_MAX_FILE_PATH)
		return -ENAMETOOLONG;
	if (fw_cfg_file_key(fw, name) >= 0)
		return -EEXIST;
	if (fw->n_files == FW_CFG_MAX_FILES)
		return -ENOSPC;
	dir = malloc(4 + FW_CFG_DIR_ENTRY * (fw->n_files + 1));
	if (!dir)
		return -ENOMEM;
	ret = fw_cfg_set(&item, data, len, false);
	if (ret) {
		free(dir);
		return ret;
	}
	/* sorted by name, keys follow the order (QEMU, non-legacy machines) */
	for (pos = fw->n_files; pos > 0 && strcmp(name, fw->files[pos - 1]) < 0; pos--)
		;
	for (i = fw->n_files; i > pos; i--) {
		memcpy(fw->files[i], fw->files[i - 1], FW_CFG_MAX_FILE_PATH);
		fw->items[0][FW_CFG_FILE_FIRST + i] =
			fw->items[0][FW_CFG_FILE_FIRST + i - 1];
	}
	memset(fw->files[pos], 0, FW_CFG_MAX_FILE_PATH);
	memcpy(fw->files[pos], name, strlen(name));
	fw->items[0][FW_CFG_FILE_FIRST + pos] = item;
	fw->n_files++;
	fw_cfg_build_dir(fw, dir);
	return 0;
}

int fw_cfg_modify_file(struct fw_cfg *fw, const char *name, const void *data,
		       size_t len)
{
	int key = fw_cfg_file_key(fw, name);
	uint8_t *dir;
	int ret;

	if (key < 0)
		return fw_cfg_add_file(fw, name, data, len);
	dir = malloc(4 + FW_CFG_DIR_ENTRY * fw->n_files);
	if (!dir)
		return -ENOMEM;
	ret = fw_cfg_set(&fw->items[0][key], data, len, false);
	if (ret) {
		free(dir);
		return ret;
	}
	fw_cfg_build_dir(fw, dir);
	return 0;
}

const uint8_t *fw_cfg_get(const struct fw_cfg *fw, uint16_t key, size_t *len)
{
	const struct fw_cfg_item *item = fw_cfg_item((struct fw_cfg *)fw, key);

	if (!item || !item->data)
		return NULL;
	if (len)
		*len = item->len;
	return item->data;
}

const uint8_t *fw_cfg_find_file(const struct fw_cfg *fw, const char *name,
				size_t *len)
{
	int key = fw_cfg_file_key(fw, name);

	return key < 0 ? NULL : fw_cfg_get(fw, (uint16_t)key, len);
}

void fw_cfg_reset(struct fw_cfg *fw)
{
	fw_cfg_select(fw, FW_CFG_SIGNATURE);
	fw->dma_addr = 0;
}

void fw_cfg_destroy(struct fw_cfg *fw)
{
	unsigned b, k;

	if (fw->mapped) {
		io_port_unmap(fw->iobase);
		if (fw->dma)
			io_port_unmap((uint16_t)(fw->iobase + 4));
	}
	for (b = 0; b < 2; b++)
		for (k = 0; k < FW_CFG_MAX_ENTRY; k++)
			free(fw->items[b][k].data);
	memset(fw, 0, sizeof(*fw));
}

int fw_cfg_init(struct fw_cfg *fw, uint16_t iobase, bool dma)
{
	uint32_t id = FW_CFG_ID_TRADITIONAL | (dma ? FW_CFG_ID_DMA : 0);
	uint8_t *dir = calloc(1, 4);
	int ret;

	memset(fw, 0, sizeof(*fw));
	fw->iobase = iobase;
	fw->dma = dma;
	if (!dir)
		return -ENOMEM;
	fw_cfg_build_dir(fw, dir);
	ret = fw_cfg_add_bytes(fw, FW_CFG_SIGNATURE, fw_cfg_signature,
			       sizeof(fw_cfg_signature));
	if (!ret)
		ret = fw_cfg_add_i32(fw, FW_CFG_ID, id);
	if (!ret)
		ret = io_port_map(iobase, 2, &fw_cfg_port_ops, fw, "fw_cfg");
	if (!ret && dma) {
		ret = io_port_map((uint16_t)(iobase + 4), 8, &fw_cfg_dma_ops, fw,
				  "fw_cfg-dma");
		if (ret)
			io_port_unmap(iobase);
	}
	if (ret) {
		fw_cfg_destroy(fw);
		return ret;
	}
	fw->mapped = true;
	fw_cfg_reset(fw);
	return 0;
}
