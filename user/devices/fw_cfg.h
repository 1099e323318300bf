/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * QEMU's firmware configuration device (fw_cfg), I/O-port variant: the
 * channel through which SeaBIOS learns the machine (RAM map, boot order,
 * option ROMs) and the Linux loader ROM finds the kernel.  See fw_cfg.c.
 */
#ifndef RINGVM_DEVICES_FW_CFG_H
#define RINGVM_DEVICES_FW_CFG_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* Ports on the PC (QEMU docs/specs/fw_cfg.rst, "Register Locations") */
#define FW_CFG_IO_BASE		0x510	/* selector; data at +1, DMA at +4 */

/* Selector keys of the well-known items (QEMU's fw_cfg key list) */
#define FW_CFG_SIGNATURE	0x00
#define FW_CFG_ID		0x01
#define FW_CFG_UUID		0x02
#define FW_CFG_RAM_SIZE		0x03
#define FW_CFG_NOGRAPHIC	0x04
#define FW_CFG_NB_CPUS		0x05
#define FW_CFG_MACHINE_ID	0x06
#define FW_CFG_KERNEL_ADDR	0x07
#define FW_CFG_KERNEL_SIZE	0x08
#define FW_CFG_KERNEL_CMDLINE	0x09
#define FW_CFG_INITRD_ADDR	0x0a
#define FW_CFG_INITRD_SIZE	0x0b
#define FW_CFG_BOOT_DEVICE	0x0c
#define FW_CFG_NUMA		0x0d
#define FW_CFG_BOOT_MENU	0x0e
#define FW_CFG_MAX_CPUS		0x0f
#define FW_CFG_KERNEL_ENTRY	0x10
#define FW_CFG_KERNEL_DATA	0x11
#define FW_CFG_INITRD_DATA	0x12
#define FW_CFG_CMDLINE_ADDR	0x13
#define FW_CFG_CMDLINE_SIZE	0x14
#define FW_CFG_CMDLINE_DATA	0x15
#define FW_CFG_SETUP_ADDR	0x16
#define FW_CFG_SETUP_SIZE	0x17
#define FW_CFG_SETUP_DATA	0x18
#define FW_CFG_FILE_DIR		0x19
#define FW_CFG_FILE_FIRST	0x20	/* files take the keys from here */
#define FW_CFG_INVALID_KEY	0xffff	/* nothing selected */

/* x86-specific keys live in the second bank */
#define FW_CFG_ARCH_LOCAL	0x8000
#define FW_CFG_ACPI_TABLES	(FW_CFG_ARCH_LOCAL + 0)
#define FW_CFG_SMBIOS_ENTRIES	(FW_CFG_ARCH_LOCAL + 1)
#define FW_CFG_IRQ0_OVERRIDE	(FW_CFG_ARCH_LOCAL + 2)
#define FW_CFG_E820_TABLE	(FW_CFG_ARCH_LOCAL + 3)
#define FW_CFG_HPET		(FW_CFG_ARCH_LOCAL + 4)

/* FW_CFG_ID feature bits */
#define FW_CFG_ID_TRADITIONAL	0x01
#define FW_CFG_ID_DMA		0x02

/* Control word of a DMA descriptor {be32 control; be32 length; be64 addr} */
#define FW_CFG_DMA_CTL_ERROR	0x01
#define FW_CFG_DMA_CTL_READ	0x02
#define FW_CFG_DMA_CTL_SKIP	0x04
#define FW_CFG_DMA_CTL_SELECT	0x08	/* key in bits 16-31 */
#define FW_CFG_DMA_CTL_WRITE	0x10

#define FW_CFG_MAX_FILES	64
#define FW_CFG_MAX_FILE_PATH	56	/* name bytes in a directory entry, NUL included */
#define FW_CFG_MAX_ENTRY	(FW_CFG_FILE_FIRST + FW_CFG_MAX_FILES)

struct fw_cfg_item {
	uint8_t *data;		/* owned; NULL: the item does not exist */
	uint32_t len;
};

struct fw_cfg {
	struct fw_cfg_item items[2][FW_CFG_MAX_ENTRY];	/* [arch bank][key] */
	char files[FW_CFG_MAX_FILES][FW_CFG_MAX_FILE_PATH];	/* sorted */
	unsigned n_files;
	uint16_t iobase;
	bool dma;
	bool mapped;
	/* guest-visible state */
	uint16_t cur_key;	/* as selected; FW_CFG_INVALID_KEY if none */
	uint32_t cur_off;
	uint64_t dma_addr;
};

/*
 * Set up @fw with the signature, the ID and an empty file directory, and
 * claim its ports at @iobase (selector/data, 2 ports) and, with @dma, the
 * DMA address register at @iobase + 4 (8 ports).  -EBUSY if taken.
 */
int fw_cfg_init(struct fw_cfg *fw, uint16_t iobase, bool dma);
void fw_cfg_destroy(struct fw_cfg *fw);
void fw_cfg_reset(struct fw_cfg *fw);

/*
 * Items are copied (or, for _owned, the malloc'd buffer is taken over, and
 * freed on failure too).  Integers are stored little-endian, as QEMU does.
 * Return 0, -EINVAL (key out of range, file key), -EEXIST (already set),
 * -ENOMEM.
 */
int fw_cfg_add_bytes(struct fw_cfg *fw, uint16_t key, const void *data,
		     size_t len);
int fw_cfg_add_bytes_owned(struct fw_cfg *fw, uint16_t key, void *data,
			   size_t len);
int fw_cfg_add_string(struct fw_cfg *fw, uint16_t key, const char *s);
int fw_cfg_add_i16(struct fw_cfg *fw, uint16_t key, uint16_t v);
int fw_cfg_add_i32(struct fw_cfg *fw, uint16_t key, uint32_t v);
int fw_cfg_add_i64(struct fw_cfg *fw, uint16_t key, uint64_t v);
/* Replace a numbered item's content (or create it). */
int fw_cfg_modify_bytes(struct fw_cfg *fw, uint16_t key, const void *data,
			size_t len);

/*
 * A named file, listed in FILE_DIR; the directory is kept sorted by name
 * (QEMU's order for current machine types), so a file's key is only known
 * once all files are added.  -ENAMETOOLONG (55 bytes at most), -EEXIST,
 * -ENOSPC (FW_CFG_MAX_FILES), -ENOMEM.
 */
int fw_cfg_add_file(struct fw_cfg *fw, const char *name, const void *data,
		    size_t len);
/* Replace a file's content, or add it when there is none. */
int fw_cfg_modify_file(struct fw_cfg *fw, const char *name, const void *data,
		       size_t len);

/* Current content of an item or file, NULL if absent (for loaders, tests). */
const uint8_t *fw_cfg_get(const struct fw_cfg *fw, uint16_t key, size_t *len);
const uint8_t *fw_cfg_find_file(const struct fw_cfg *fw, const char *name,
				size_t *len);
/* The key of a file, or -1. */
int fw_cfg_file_key(const struct fw_cfg *fw, const char *name);

#endif
