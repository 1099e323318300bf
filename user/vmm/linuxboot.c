// SPDX-License-Identifier: GPL-2.0-only
/*
 * -kernel bzImage on the PC, the way QEMU does it: the kernel is not put
 * in guest memory here.  Its parts go to fw_cfg with the addresses they
 * belong at, and an option ROM (user/firmware/linuxboot.S) that the BIOS
 * boots copies them there and enters the real-mode setup code.
 *
 * The file follows the Linux/x86 boot protocol (Documentation/x86/boot.rst
 * in the kernel): a boot sector and setup_sects sectors of real-mode setup
 * code, whose header starts at 0x1f1, then the protected-mode kernel.  For
 * protocol 2.02 and later (every kernel since 2.4) the memory map is:
 *
 *   0x10000   setup code, then its heap up to 0x1fe00 (heap_end_ptr)
 *   0x20000   command line
 *   0x100000  protected-mode kernel ("loaded high": a bzImage)
 *   top       initrd: page aligned, as high as both the kernel's limit
 *             (initrd_addr_max) and RAM allow, below what the BIOS keeps
 *             at the top of RAM
 *
 * Protocols 2.00 and 2.01 put setup at 0x90000 and the command line below
 * 0x9a000, passed by the old 0xA33F magic.  A zImage (not loaded high) and
 * protocol 1.x are refused.
 */
#include "linuxboot.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "core/lib/log.h"
#include "firmware/firmware.h"

/* Setup header fields (boot.rst, "The Real-Mode Kernel Header") */
#define HDR_CL_MAGIC		0x020	/* protocol < 2.02: 0xA33F ... */
#define HDR_CL_OFFSET		0x022	/* ... and the command line's offset */
#define HDR_SETUP_SECTS		0x1f1
#define HDR_SYSSIZE		0x1f4	/* 16-byte units, 32 bits from 2.04 */
#define HDR_VID_MODE		0x1fa
#define HDR_MAGIC		0x202	/* "HdrS" */
#define HDR_VERSION		0x206
#define HDR_TYPE_OF_LOADER	0x210
#define HDR_LOADFLAGS		0x211
#define HDR_RAMDISK_IMAGE	0x218
#define HDR_RAMDISK_SIZE	0x21c
#define HDR_HEAP_END_PTR	0x224
#define HDR_CMD_LINE_PTR	0x228
#define HDR_INITRD_ADDR_MAX	0x22c
#define HDR_XLOADFLAGS		0x236
#define HDR_INIT_SIZE		0x260
#define HDR_END			0x268	/* what a 2.10+ header covers */

#define LOADED_HIGH		0x01
#define CAN_USE_HEAP		0x80
#define XLF_CAN_BE_LOADED_ABOVE_4G 0x02
#define CL_MAGIC		0xa33f

/* type_of_loader: boot.rst's assigned id 0xB is QEMU's, version 0 */
#define LOADER_TYPE		0xb0
/* protocols before 2.03 have no initrd_addr_max: boot.rst's default */
#define OLD_INITRD_ADDR_MAX	0x37ffffff

#define BOOTORDER_FILE		"bootorder"

struct lb_layout {
	uint32_t real_addr;	/* setup code */
	uint32_t cmdline_addr;
	uint32_t prot_addr;	/* protected-mode kernel */
	uint32_t initrd_max;	/* highest byte the initrd may use */
};

static uint16_t get16(const uint8_t *p)
{
	return (uint16_t)(p[0] | p[1] << 8);
}

static uint32_t get32(const uint8_t *p)
{
	return p[0] | p[1] << 8 | p[2] << 16 | (uint32_t)p[3] << 24;
}

static void put16(uint8_t *p, uint16_t v)
{
	p[0] = (uint8_t)v;
	p[1] = (uint8_t)(v >> 8);
}

static void put32(uint8_t *p, uint32_t v)
{
	put16(p, (uint16_t)v);
	put16(p + 2, (uint16_t)(v >> 16));
}

/* The whole file in a malloc'd buffer, or NULL with errno set. */
static uint8_t *lb_read_file(const char *path, size_t *len)
{
	FILE *f = fopen(path, "rb");
	uint8_t *buf = NULL;
	size_t cap, n = 0;
	struct stat st;
	int err = 0;

	if (!f)
		return NULL;
	if (fstat(fileno(f), &st)) {
		err = errno;
		goto out;
	}
	if (S_ISDIR(st.st_mode)) {
		err = EISDIR;
		goto out;
	}
	/* one byte more than a regular file's size: its end is seen at once */
	cap = S_ISREG(st.st_mode) ? (size_t)st.st_size + 1 : 1 << 20;
	for (;;) {
		size_t got;

		if (n == cap) {
			uint8_t *nb = realloc(buf, cap * 2);

			if (!nb) {
				err = ENOMEM;
				break;
			}
			buf = nb;
			cap *= 2;
		} else if (!buf) {
			buf = malloc(cap);
			if (!buf) {
				err = ENOMEM;
				break;
			}
		}
		got = fread(buf + n, 1, cap - n, f);
		n += got;
		if (got == 0) {
			if (ferror(f))
				err = errno ? errno : EIO;
			break;
		}
	}
out:
	fclose(f);
	if (err) {
		free(buf);
		errno = err;
		return NULL;
	}
	*len = n;
	return buf;
}

bool linuxboot_probe(const char *kernel)
{
	uint8_t hdr[HDR_MAGIC + 4];
	FILE *f = fopen(kernel, "rb");
	bool ok;

	if (!f)
		return false;
	ok = fread(hdr, 1, sizeof(hdr), f) == sizeof(hdr) &&
	     !memcmp(hdr + HDR_MAGIC, "HdrS", 4);
	fclose(f);
	return ok;
}

/*
 * Where the kernel's command-line option vga= asks the setup code for a
 * video mode, the loader passes it in vid_mode (boot.rst, "Special Command
 * Line Options"): normal, ext, ask or a number.  Without it vid_mode keeps
 * the image's default, as under QEMU.
 */
static int lb_vga_mode(const char *cmdline, uint8_t *setup)
{
	const char *p = cmdline, *v;
	unsigned long mode;
	char *end;

	for (;;) {
		p = strstr(p, "vga=");
		if (!p)
			return 0;
		if (p == cmdline || p[-1] == ' ')
			break;
		p += 4;
	}
	v = p + 4;
	if (!strncmp(v, "normal", 6) && (v[6] == ' ' || !v[6])) {
		mode = 0xffff;
	} else if (!strncmp(v, "ext", 3) && (v[3] == ' ' || !v[3])) {
		mode = 0xfffe;
	} else if (!strncmp(v, "ask", 3) && (v[3] == ' ' || !v[3])) {
		mode = 0xfffd;
	} else {
		errno = 0;
		mode = strtoul(v, &end, 0);
		if (errno || end == v || (*end && *end != ' ') || mode > 0xffff) {
			err_report("-append: invalid vga= mode '%.*s' (normal, ext, ask or a number)",
				   (int)strcspn(v, " "), v);
			return -1;
		}
	}
	put16(setup + HDR_VID_MODE, (uint16_t)mode);
	return 0;
}

/* Put "/rom@genroms/NAME" first in the boot order SeaBIOS reads. */
static int lb_bootorder_first(struct fw_cfg *fw, const char *rom_file)
{
	size_t old_len = 0, len;
	const uint8_t *old = fw_cfg_find_file(fw, BOOTORDER_FILE, &old_len);
	char *list;
	int ret, n;

	/* entries are separated by newlines, the file ends with a NUL */
	while (old && old_len && old[old_len - 1] == '\0')
		old_len--;
	len = strlen("/rom@") + strlen(rom_file) + 1 + old_len + 1;
	list = malloc(len);
	if (!list)
		return -ENOMEM;
	n = snprintf(list, len, "/rom@%s", rom_file);
	if (old_len) {
		list[n++] = '\n';
		memcpy(list + n, old, old_len);
		n += (int)old_len;
	}
	list[n++] = '\0';
	ret = fw_cfg_modify_file(fw, BOOTORDER_FILE, list, (size_t)n);
	free(list);
	return ret;
}

static int lb_publish(struct fw_cfg *fw, uint16_t addr_key, uint32_t addr,
		      uint16_t size_key, uint16_t data_key, const void *data,
		      size_t len, bool owned)
{
	int ret = fw_cfg_add_i32(fw, addr_key, addr);

	if (!ret)
		ret = fw_cfg_add_i32(fw, size_key, (uint32_t)len);
	if (ret) {
		if (owned)
			free((void *)data);
		return ret;
	}
	if (owned)
		return fw_cfg_add_bytes_owned(fw, data_key, (void *)data, len);
	return fw_cfg_add_bytes(fw, data_key, data, len);
}

static int lb_layout(const char *kernel, const uint8_t *img, size_t len,
		     size_t cmdline_len, uint64_t ram, struct lb_layout *l,
		     size_t *setup_size, uint32_t *need_top)
{
	uint16_t protocol;
	uint32_t syssize, init_size = 0, kernel_size;
	unsigned sects;

	if (len < HDR_VERSION + 2 || memcmp(img + HDR_MAGIC, "HdrS", 4)) {
		err_report("-kernel %s: not a Linux bzImage", kernel);
		return -1;
	}
	protocol = get16(img + HDR_VERSION);
	if (protocol < 0x200) {
		err_report("-kernel %s: Linux boot protocol %u.%02u is too old (2.00 or later needed)",
			   kernel, protocol >> 8, protocol & 0xff);
		return -1;
	}
	if (len < HDR_END) {
		err_report("-kernel %s: truncated in its boot header (%zu bytes)",
			   kernel, len);
		return -1;
	}
	if (!(img[HDR_LOADFLAGS] & LOADED_HIGH)) {
		err_report("-kernel %s: a zImage (loaded low) is not supported, only bzImage",
			   kernel);
		return -1;
	}
	/* boot.rst: "If this field is 0, the real value is 4." */
	sects = img[HDR_SETUP_SECTS] ? img[HDR_SETUP_SECTS] : 4;
	*setup_size = (sects + 1) * 512u;
	if (*setup_size >= len) {
		err_report("-kernel %s: truncated: %zu bytes, but its setup code alone takes %zu",
			   kernel, len, *setup_size);
		return -1;
	}
	kernel_size = (uint32_t)(len - *setup_size);
	syssize = protocol >= 0x204 ? get32(img + HDR_SYSSIZE) : 0;
	if ((uint64_t)syssize * 16 > kernel_size) {
		err_report("-kernel %s: truncated: %u bytes follow the setup code, the kernel has %llu",
			   kernel, kernel_size, (unsigned long long)syssize * 16);
		return -1;
	}
	if (protocol >= 0x20a)
		init_size = get32(img + HDR_INIT_SIZE);

	if (protocol >= 0x202) {
		l->real_addr = 0x10000;
		l->cmdline_addr = 0x20000;
	} else {
		/* below the EBDA, as old loaders did; the heap ends there */
		l->real_addr = 0x90000;
		l->cmdline_addr = (uint32_t)(0x9a000 - ((cmdline_len + 16) & ~(size_t)15));
		if (cmdline_len > 0x1000 ||
		    l->cmdline_addr < l->real_addr + *setup_size + 0x200) {
			err_report("-append: %zu bytes are too long for Linux boot protocol %u.%02u",
				   cmdline_len, protocol >> 8, protocol & 0xff);
			return -1;
		}
	}
	l->prot_addr = 0x100000;

	/* the kernel is decompressed in place: init_size bytes from its start */
	*need_top = l->prot_addr + (kernel_size > init_size ? kernel_size : init_size);
	if (*need_top > ram) {
		err_report("-kernel %s: needs %u MiB of RAM, the machine has %llu MiB (-m)",
			   kernel, (*need_top + (1u << 20) - 1) >> 20,
			   (unsigned long long)(ram >> 20));
		return -1;
	}

	if (protocol >= 0x20c &&
	    (get16(img + HDR_XLOADFLAGS) & XLF_CAN_BE_LOADED_ABOVE_4G))
		l->initrd_max = UINT32_MAX;
	else if (protocol >= 0x203)
		l->initrd_max = get32(img + HDR_INITRD_ADDR_MAX);
	else
		l->initrd_max = OLD_INITRD_ADDR_MAX;
	if (l->initrd_max >= ram - LINUXBOOT_FIRMWARE_RESERVE)
		l->initrd_max = (uint32_t)(ram - LINUXBOOT_FIRMWARE_RESERVE - 1);
	return 0;
}

static void lb_patch_header(uint8_t *setup, const struct lb_layout *l)
{
	uint16_t protocol = get16(setup + HDR_VERSION);

	if (protocol >= 0x202) {
		put32(setup + HDR_CMD_LINE_PTR, l->cmdline_addr);
	} else {
		put16(setup + HDR_CL_MAGIC, CL_MAGIC);
		put16(setup + HDR_CL_OFFSET, (uint16_t)(l->cmdline_addr - l->real_addr));
	}
	setup[HDR_TYPE_OF_LOADER] = LOADER_TYPE;
	if (protocol >= 0x201) {
		/* the heap reaches the command line; 0x200 of it is the stack */
		setup[HDR_LOADFLAGS] |= CAN_USE_HEAP;
		put16(setup + HDR_HEAP_END_PTR,
		      (uint16_t)(l->cmdline_addr - l->real_addr - 0x200));
	}
}

int linuxboot_load(struct fw_cfg *fw, const char *kernel, const char *initrd,
		   const char *cmdline, uint64_t ram_below_4g)
{
	uint8_t *img, *initrd_data = NULL;
	size_t len, setup_size, initrd_len = 0;
	uint32_t need_top, initrd_addr = 0;
	const char *rom_file;
	struct lb_layout l;
	int ret;

	if (!cmdline)
		cmdline = "";
	if (ram_below_4g > LINUXBOOT_LOWMEM_MAX)
		ram_below_4g = LINUXBOOT_LOWMEM_MAX;
	img = lb_read_file(kernel, &len);
	if (!img) {
		err_report("-kernel %s: %s", kernel, strerror(errno));
		return -1;
	}
	if (lb_layout(kernel, img, len, strlen(cmdline), ram_below_4g, &l,
		      &setup_size, &need_top) || lb_vga_mode(cmdline, img))
		goto fail;
	lb_patch_header(img, &l);

	if (initrd) {
		initrd_data = lb_read_file(initrd, &initrd_len);
		if (!initrd_data) {
			err_report("-initrd %s: %s", initrd, strerror(errno));
			goto fail;
		}
		if (initrd_len >= l.initrd_max) {
			err_report("-initrd %s: %zu MiB do not fit below 0x%x, the limit of RAM and of the kernel",
				   initrd, initrd_len >> 20, l.initrd_max);
			goto fail;
		}
		initrd_addr = (uint32_t)((l.initrd_max - initrd_len) & ~(size_t)4095);
		if (initrd_addr < need_top) {
			err_report("-initrd %s: %zu MiB do not fit in RAM above the kernel (more -m needed)",
				   initrd, (initrd_len + (1u << 20) - 1) >> 20);
			goto fail;
		}
		put32(img + HDR_RAMDISK_IMAGE, initrd_addr);
		put32(img + HDR_RAMDISK_SIZE, (uint32_t)initrd_len);
	}

	rom_file = fw->dma ? "genroms/linuxboot_dma.bin" : "genroms/linuxboot.bin";
	ret = lb_publish(fw, FW_CFG_CMDLINE_ADDR, l.cmdline_addr, FW_CFG_CMDLINE_SIZE,
			 FW_CFG_CMDLINE_DATA, cmdline, strlen(cmdline) + 1, false);
	if (!ret && initrd) {
		ret = lb_publish(fw, FW_CFG_INITRD_ADDR, initrd_addr, FW_CFG_INITRD_SIZE,
				 FW_CFG_INITRD_DATA, initrd_data, initrd_len, true);
		initrd_data = NULL;
	}
	if (!ret)
		ret = lb_publish(fw, FW_CFG_KERNEL_ADDR, l.prot_addr, FW_CFG_KERNEL_SIZE,
				 FW_CFG_KERNEL_DATA, img + setup_size, len - setup_size,
				 false);
	if (!ret)
		ret = lb_publish(fw, FW_CFG_SETUP_ADDR, l.real_addr, FW_CFG_SETUP_SIZE,
				 FW_CFG_SETUP_DATA, img, setup_size, false);
	if (!ret)
		ret = fw_cfg_add_file(fw, rom_file, linuxboot_rom, linuxboot_rom_len);
	if (!ret)
		ret = lb_bootorder_first(fw, rom_file);
	if (ret) {
		err_report("-kernel %s: cannot publish it in fw_cfg: %s", kernel,
			   strerror(-ret));
		goto fail;
	}
	free(img);
	return 0;

fail:
	free(initrd_data);
	free(img);
	return -1;
}
