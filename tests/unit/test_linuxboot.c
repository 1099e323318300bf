// SPDX-License-Identifier: GPL-2.0-only
/*
 * The bzImage loader on synthesized kernels: where setup, kernel, initrd
 * and command line go (Documentation/x86/boot.rst and QEMU's choices), the
 * setup header fields it patches, what it publishes in fw_cfg, and the one
 * line a user reads for each file it cannot boot.
 */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <cmocka.h>

#include "core/io.h"
#include "devices/fw_cfg.h"
#include "firmware/firmware.h"
#include "vmm/linuxboot.h"

#define MiB		(1ULL << 20)
#define RESERVE		0x28000u	/* QEMU's acpi_data_size */

struct kimage {
	uint16_t protocol;
	uint8_t setup_sects;
	uint8_t loadflags;
	uint32_t kernel_bytes;	/* protected-mode part */
	uint32_t syssize;	/* 0: kernel_bytes / 16 */
	uint32_t initrd_addr_max;
	uint16_t xloadflags;
	uint32_t init_size;
	uint16_t vid_mode;
	size_t truncate;	/* nonzero: file cut to this length */
};

static struct fw_cfg fw;
static char dir[64];
static char kpath[128], ipath[128];
static char errbuf[4096];
static uint8_t image[1 << 20];
static size_t image_len;

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

static uint32_t get32(const uint8_t *p)
{
	return p[0] | p[1] << 8 | p[2] << 16 | (uint32_t)p[3] << 24;
}

static uint16_t get16(const uint8_t *p)
{
	return (uint16_t)(p[0] | p[1] << 8);
}

static void write_file(const char *path, const void *data, size_t len)
{
	FILE *f = fopen(path, "wb");

	assert_non_null(f);
	assert_int_equal(fwrite(data, 1, len, f), len);
	assert_int_equal(fclose(f), 0);
}

/* A bzImage as the kernel's build tools lay it out, with recognisable
 * bytes: setup sector i is filled with i, the kernel with a counter. */
static void make_kernel(const struct kimage *k)
{
	unsigned sects = k->setup_sects ? k->setup_sects : 4;
	size_t setup = (sects + 1) * 512, i;

	assert_true(setup + k->kernel_bytes <= sizeof(image));
	for (i = 0; i < setup; i++)
		image[i] = (uint8_t)(i / 512);
	for (i = 0; i < k->kernel_bytes; i++)
		image[setup + i] = (uint8_t)(i * 7 + 3);
	image[0x1f1] = k->setup_sects;
	put32(image + 0x1f4, k->syssize ? k->syssize : k->kernel_bytes / 16);
	put16(image + 0x1fa, k->vid_mode);
	put16(image + 0x1fe, 0xaa55);
	memcpy(image + 0x202, "HdrS", 4);
	put16(image + 0x206, k->protocol);
	image[0x210] = 0;
	image[0x211] = k->loadflags;
	put32(image + 0x218, 0);
	put32(image + 0x21c, 0);
	put16(image + 0x224, 0);
	put32(image + 0x228, 0);
	put32(image + 0x22c, k->initrd_addr_max);
	put16(image + 0x236, k->xloadflags);
	put32(image + 0x260, k->init_size);
	image_len = k->truncate ? k->truncate : setup + k->kernel_bytes;
	write_file(kpath, image, image_len);
}

static const struct kimage modern = {
	.protocol = 0x20f, .setup_sects = 30, .loadflags = 0x01,
	.kernel_bytes = 64 * 1024, .initrd_addr_max = 0x7fffffff,
	.init_size = 1 << 20, .vid_mode = 0xffff,
};

static void make_initrd(size_t len)
{
	uint8_t *b = malloc(len ? len : 1);
	size_t i;

	assert_non_null(b);
	for (i = 0; i < len; i++)
		b[i] = (uint8_t)(i * 13 + 1);
	write_file(ipath, b, len);
	free(b);
}

static int setup(void **state)
{
	strcpy(dir, "/tmp/ringvm-test-linuxboot-XXXXXX");
	assert_non_null(mkdtemp(dir));
	snprintf(kpath, sizeof(kpath), "%s/bzImage", dir);
	snprintf(ipath, sizeof(ipath), "%s/initrd", dir);
	io_reset_all();
	assert_int_equal(fw_cfg_init(&fw, FW_CFG_IO_BASE, true), 0);
	return 0;
}

static int teardown(void **state)
{
	fw_cfg_destroy(&fw);
	unlink(kpath);
	unlink(ipath);
	rmdir(dir);
	return 0;
}

/* Run the loader with stderr captured into errbuf. */
static int load(const char *kernel, const char *initrd, const char *cmdline,
		uint64_t ram)
{
	FILE *tmp = tmpfile();
	int saved, ret;
	size_t n;

	assert_non_null(tmp);
	fflush(stderr);
	saved = dup(2);
	dup2(fileno(tmp), 2);
	ret = linuxboot_load(&fw, kernel, initrd, cmdline, ram);
	fflush(stderr);
	dup2(saved, 2);
	close(saved);
	rewind(tmp);
	n = fread(errbuf, 1, sizeof(errbuf) - 1, tmp);
	errbuf[n] = '\0';
	fclose(tmp);
	return ret;
}

static uint32_t item32(uint16_t key)
{
	size_t len;
	const uint8_t *p = fw_cfg_get(&fw, key, &len);

	assert_non_null(p);
	assert_int_equal(len, 4);
	return get32(p);
}

/* The failure is one line, starting "ringvm: ", containing @what, and
 * nothing of the kernel reached fw_cfg. */
static void assert_one_error(const char *what)
{
	char *nl = strchr(errbuf, '\n');

	assert_true(!strncmp(errbuf, "ringvm: ", 8));
	assert_non_null(strstr(errbuf, what));
	assert_non_null(nl);
	assert_int_equal(nl[1], '\0');
	assert_null(fw_cfg_get(&fw, FW_CFG_KERNEL_ADDR, NULL));
	assert_null(fw_cfg_get(&fw, FW_CFG_SETUP_DATA, NULL));
	assert_int_equal(fw_cfg_file_key(&fw, "genroms/linuxboot_dma.bin"), -1);
}

static void modern_kernel_layout(void **state)
{
	const char *cmdline = "console=ttyS0 root=/dev/ram0";
	const uint64_t ram = 128 * MiB;
	const size_t initrd_len = 10000, setup = 31 * 512;
	uint32_t initrd_addr;
	const uint8_t *p, *rom;
	size_t len, i;
	uint8_t sum = 0;

	make_kernel(&modern);
	make_initrd(initrd_len);
	assert_int_equal(load(kpath, ipath, cmdline, ram), 0);
	assert_string_equal(errbuf, "");

	/* protocol >= 2.02: setup at 0x10000, command line at 0x20000 */
	assert_int_equal(item32(FW_CFG_SETUP_ADDR), 0x10000);
	assert_int_equal(item32(FW_CFG_SETUP_SIZE), setup);
	assert_int_equal(item32(FW_CFG_CMDLINE_ADDR), 0x20000);
	assert_int_equal(item32(FW_CFG_CMDLINE_SIZE), strlen(cmdline) + 1);
	p = fw_cfg_get(&fw, FW_CFG_CMDLINE_DATA, &len);
	assert_int_equal(len, strlen(cmdline) + 1);
	assert_string_equal((const char *)p, cmdline);

	/* the kernel, as it is in the file after the setup sectors */
	assert_int_equal(item32(FW_CFG_KERNEL_ADDR), 0x100000);
	assert_int_equal(item32(FW_CFG_KERNEL_SIZE), modern.kernel_bytes);
	p = fw_cfg_get(&fw, FW_CFG_KERNEL_DATA, &len);
	assert_int_equal(len, modern.kernel_bytes);
	assert_memory_equal(p, image + setup, len);

	/* the initrd at the top of RAM, below the BIOS's reserve, page aligned */
	initrd_addr = (uint32_t)((ram - RESERVE - 1 - initrd_len) & ~4095ULL);
	assert_int_equal(item32(FW_CFG_INITRD_ADDR), initrd_addr);
	assert_int_equal(item32(FW_CFG_INITRD_SIZE), initrd_len);
	p = fw_cfg_get(&fw, FW_CFG_INITRD_DATA, &len);
	assert_int_equal(len, initrd_len);
	for (i = 0; i < len; i++)
		assert_int_equal(p[i], (uint8_t)(i * 13 + 1));

	/* the setup header tells the kernel all that */
	p = fw_cfg_get(&fw, FW_CFG_SETUP_DATA, &len);
	assert_int_equal(len, setup);
	assert_int_equal(p[0x210], 0xb0);			/* type_of_loader */
	assert_int_equal(p[0x211], 0x81);			/* LOADED_HIGH | CAN_USE_HEAP */
	assert_int_equal(get16(p + 0x224), 0x20000 - 0x10000 - 0x200);	/* heap_end_ptr */
	assert_int_equal(get32(p + 0x228), 0x20000);		/* cmd_line_ptr */
	assert_int_equal(get32(p + 0x218), initrd_addr);	/* ramdisk_image */
	assert_int_equal(get32(p + 0x21c), initrd_len);		/* ramdisk_size */
	assert_int_equal(get16(p + 0x1fa), 0xffff);		/* vid_mode kept */
	/* ... and nothing else changed */
	for (i = 0; i < len; i++) {
		if (i == 0x210 || i == 0x211 || (i >= 0x218 && i < 0x220) ||
		    (i >= 0x224 && i < 0x22c))
			continue;
		assert_int_equal(p[i], image[i]);
	}

	/* the boot ROM, whole and valid, booted first */
	rom = fw_cfg_find_file(&fw, "genroms/linuxboot_dma.bin", &len);
	assert_non_null(rom);
	assert_int_equal(len, linuxboot_rom_len);
	assert_memory_equal(rom, linuxboot_rom, len);
	assert_int_equal(rom[0], 0x55);
	assert_int_equal(rom[1], 0xaa);
	assert_int_equal(rom[2] * 512, len);
	for (i = 0; i < len; i++)
		sum = (uint8_t)(sum + rom[i]);
	assert_int_equal(sum, 0);
	p = fw_cfg_find_file(&fw, "bootorder", &len);
	assert_non_null(p);
	assert_int_equal(len, sizeof("/rom@genroms/linuxboot_dma.bin"));
	assert_string_equal((const char *)p, "/rom@genroms/linuxboot_dma.bin");
}

static void initrd_limits(void **state)
{
	struct kimage k = modern;
	const size_t initrd_len = 5 * MiB + 123;

	make_initrd(initrd_len);

	/* the kernel's initrd_addr_max binds below RAM's end */
	k.initrd_addr_max = 0x37ffffff;
	make_kernel(&k);
	assert_int_equal(load(kpath, ipath, "", 2048 * MiB), 0);
	assert_int_equal(item32(FW_CFG_INITRD_ADDR),
			 (0x37ffffff - initrd_len) & ~4095u);
	fw_cfg_destroy(&fw);
	io_reset_all();
	assert_int_equal(fw_cfg_init(&fw, FW_CFG_IO_BASE, true), 0);

	/* XLF_CAN_BE_LOADED_ABOVE_4G (2.12+): only RAM, and the PCI hole
	 * at 0xe0000000, limit it */
	k.protocol = 0x20c;
	k.xloadflags = 0x02;
	make_kernel(&k);
	assert_int_equal(load(kpath, ipath, "", 4096 * MiB), 0);
	assert_int_equal(item32(FW_CFG_INITRD_ADDR),
			 (0xe0000000u - RESERVE - 1 - initrd_len) & ~4095u);
}

/* Boot protocol 2.01: setup at 0x90000, the command line below 0x9a000,
 * passed with the 0xA33F magic; heap up to it; no initrd_addr_max. */
static void old_protocol_201(void **state)
{
	struct kimage k = modern;
	const char *cmdline = "root=/dev/hda1 ro";
	uint32_t cmdline_addr = 0x9a000 - ((strlen(cmdline) + 16) & ~15u);
	const uint8_t *p;
	size_t len;

	k.protocol = 0x201;
	k.setup_sects = 0;	/* means 4 */
	k.syssize = 0;
	make_kernel(&k);
	make_initrd(4096);
	assert_int_equal(load(kpath, ipath, cmdline, 2048 * MiB), 0);
	assert_int_equal(item32(FW_CFG_SETUP_ADDR), 0x90000);
	assert_int_equal(item32(FW_CFG_SETUP_SIZE), 5 * 512);
	assert_int_equal(item32(FW_CFG_CMDLINE_ADDR), cmdline_addr);
	assert_int_equal(item32(FW_CFG_INITRD_ADDR), (0x37ffffff - 4096) & ~4095u);
	p = fw_cfg_get(&fw, FW_CFG_SETUP_DATA, &len);
	assert_int_equal(get16(p + 0x20), 0xa33f);
	assert_int_equal(get16(p + 0x22), cmdline_addr - 0x90000);
	assert_int_equal(get16(p + 0x224), cmdline_addr - 0x90000 - 0x200);
	assert_int_equal(get32(p + 0x228), 0);	/* not a 2.01 field */
	assert_int_equal(p[0x211], 0x81);
}

static void vga_option(void **state)
{
	static const struct {
		const char *cmdline;
		uint16_t mode;
	} cases[] = {
		{ "console=ttyS0 vga=ext", 0xfffe },
		{ "vga=ask quiet", 0xfffd },
		{ "vga=normal", 0xffff },
		{ "vga=0x317", 0x317 },
		{ "vga=791 ro", 791 },
		{ "foo.vga=3", 0x1234 },	/* another option's value */
		{ "", 0x1234 },
	};
	struct kimage k = modern;
	unsigned i;

	k.vid_mode = 0x1234;
	make_kernel(&k);
	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		const uint8_t *p;

		fw_cfg_destroy(&fw);
		io_reset_all();
		assert_int_equal(fw_cfg_init(&fw, FW_CFG_IO_BASE, true), 0);
		assert_int_equal(load(kpath, NULL, cases[i].cmdline, 64 * MiB), 0);
		p = fw_cfg_get(&fw, FW_CFG_SETUP_DATA, NULL);
		assert_int_equal(get16(p + 0x1fa), cases[i].mode);
	}
	fw_cfg_destroy(&fw);
	io_reset_all();
	assert_int_equal(fw_cfg_init(&fw, FW_CFG_IO_BASE, true), 0);
	assert_int_equal(load(kpath, NULL, "vga=bogus", 64 * MiB), -1);
	assert_one_error("vga=");
}

static void no_initrd_no_dma(void **state)
{
	const uint8_t *p;

	fw_cfg_destroy(&fw);
	io_reset_all();
	assert_int_equal(fw_cfg_init(&fw, FW_CFG_IO_BASE, false), 0);
	make_kernel(&modern);
	assert_int_equal(load(kpath, NULL, NULL, 64 * MiB), 0);
	assert_null(fw_cfg_get(&fw, FW_CFG_INITRD_ADDR, NULL));
	assert_null(fw_cfg_get(&fw, FW_CFG_INITRD_DATA, NULL));
	p = fw_cfg_get(&fw, FW_CFG_SETUP_DATA, NULL);
	assert_int_equal(get32(p + 0x218), 0);
	assert_int_equal(get32(p + 0x21c), 0);
	/* an empty command line is one NUL */
	assert_int_equal(item32(FW_CFG_CMDLINE_SIZE), 1);
	/* QEMU's name for the ROM without DMA */
	assert_non_null(fw_cfg_find_file(&fw, "genroms/linuxboot.bin", NULL));
	p = fw_cfg_find_file(&fw, "bootorder", NULL);
	assert_string_equal((const char *)p, "/rom@genroms/linuxboot.bin");
}

static void bootorder_goes_first(void **state)
{
	static const char disk[] = "/pci@i0cf8/ide@1,1/drive@0/disk@0";
	const char *p;
	size_t len;

	assert_int_equal(fw_cfg_add_file(&fw, "bootorder", disk, sizeof(disk)), 0);
	make_kernel(&modern);
	assert_int_equal(load(kpath, NULL, "", 64 * MiB), 0);
	p = (const char *)fw_cfg_find_file(&fw, "bootorder", &len);
	assert_string_equal(p, "/rom@genroms/linuxboot_dma.bin\n"
			       "/pci@i0cf8/ide@1,1/drive@0/disk@0");
	assert_int_equal(len, strlen(p) + 1);
}

static void bad_kernels(void **state)
{
	struct kimage k = modern;
	uint8_t junk[4096];
	size_t i;

	assert_int_equal(load("/nonexistent/bzImage", NULL, "", 64 * MiB), -1);
	assert_one_error("-kernel /nonexistent/bzImage: No such file or directory");

	for (i = 0; i < sizeof(junk); i++)
		junk[i] = (uint8_t)(i * 31);
	write_file(kpath, junk, sizeof(junk));
	assert_int_equal(load(kpath, NULL, "", 64 * MiB), -1);
	assert_one_error("not a Linux bzImage");
	assert_non_null(strstr(errbuf, kpath));

	write_file(kpath, "HdrS", 4);		/* shorter than a header */
	assert_int_equal(load(kpath, NULL, "", 64 * MiB), -1);
	assert_one_error("not a Linux bzImage");

	k.truncate = 2048;			/* inside the 31 setup sectors */
	make_kernel(&k);
	assert_int_equal(load(kpath, NULL, "", 64 * MiB), -1);
	assert_one_error("truncated");
	assert_non_null(strstr(errbuf, kpath));

	k.truncate = 31 * 512 + 1000;		/* syssize says 64 KiB follow */
	make_kernel(&k);
	assert_int_equal(load(kpath, NULL, "", 64 * MiB), -1);
	assert_one_error("truncated");

	k = modern;
	k.protocol = 0x1ff;
	make_kernel(&k);
	assert_int_equal(load(kpath, NULL, "", 64 * MiB), -1);
	assert_one_error("too old");

	k = modern;
	k.loadflags = 0;			/* a zImage */
	make_kernel(&k);
	assert_int_equal(load(kpath, NULL, "", 64 * MiB), -1);
	assert_one_error("zImage");

	k = modern;
	k.init_size = 40 << 20;			/* decompresses to 40 MiB */
	make_kernel(&k);
	assert_int_equal(load(kpath, NULL, "", 32 * MiB), -1);
	assert_one_error("RAM");
}

static void bad_initrds(void **state)
{
	make_kernel(&modern);
	assert_int_equal(load(kpath, "/nonexistent/initrd", "", 64 * MiB), -1);
	assert_one_error("-initrd /nonexistent/initrd: No such file or directory");

	/* larger than RAM */
	make_initrd(20 * MiB);
	assert_int_equal(load(kpath, ipath, "", 16 * MiB), -1);
	assert_one_error("-initrd");
	assert_non_null(strstr(errbuf, ipath));

	/* fits in RAM, but only over the kernel's decompression space */
	make_initrd(6 * MiB);
	assert_int_equal(load(kpath, ipath, "", 8 * MiB), -1);
	assert_one_error("-initrd");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(modern_kernel_layout, setup, teardown),
		cmocka_unit_test_setup_teardown(initrd_limits, setup, teardown),
		cmocka_unit_test_setup_teardown(old_protocol_201, setup, teardown),
		cmocka_unit_test_setup_teardown(vga_option, setup, teardown),
		cmocka_unit_test_setup_teardown(no_initrd_no_dma, setup, teardown),
		cmocka_unit_test_setup_teardown(bootorder_goes_first, setup, teardown),
		cmocka_unit_test_setup_teardown(bad_kernels, setup, teardown),
		cmocka_unit_test_setup_teardown(bad_initrds, setup, teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
