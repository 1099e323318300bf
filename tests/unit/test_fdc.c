// SPDX-License-Identifier: GPL-2.0-only
/*
 * The floppy controller at register level, driven the way a BIOS drives
 * it: reset and polling interrupts, SPECIFY, RECALIBRATE/SEEK with SENSE
 * INTERRUPT STATUS, READ DATA and WRITE DATA through DMA channel 2 into a
 * RAM region, multi-track reads across heads, FORMAT, the disk-change
 * line and the errors for no media, a bad sector and a protected disk.
 * The image is a memory-backed block device (a driver in this file).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "block/block.h"
#include "core/io.h"
#include "core/mem.h"
#include "devices/fdc.h"
#include "devices/i8237.h"
#include "vmm/options.h"

#define RAM_BYTES (2u << 20)
#define IMG_144 1474560u

static struct i8237 dma;
static struct fdc fdc;
static uint8_t *ram;
static int irq_level, irq_edges;

/* --- a block device in memory ------------------------------------------ */
static uint8_t *img;

static int memdisk_read(struct block_dev *bs, uint64_t off, void *buf,
			size_t len)
{
	memcpy(buf, img + off, len);
	return 0;
}

static int memdisk_write(struct block_dev *bs, uint64_t off, const void *buf,
			 size_t len)
{
	memcpy(img + off, buf, len);
	return 0;
}

static const struct block_driver memdisk = {
	.name = "memdisk", .read = memdisk_read, .write = memdisk_write,
};

static struct block_dev disk;

static void fill_image(uint64_t size)
{
	img = realloc(img, size);
	assert_non_null(img);
	/* every sector starts with its LBA, then a pattern */
	for (uint64_t lba = 0; lba < size / 512; lba++) {
		uint8_t *s = img + lba * 512;

		for (int i = 0; i < 512; i++)
			s[i] = (uint8_t)(lba * 3 + i);
		s[0] = (uint8_t)lba;
		s[1] = (uint8_t)(lba >> 8);
	}
	disk = (struct block_dev){ .drv = &memdisk, .filename = "mem.img",
				   .size = size };
}

/* --- bench --------------------------------------------------------------- */
static void irq6(void *opaque, int n, int level)
{
	if (level && !irq_level)
		irq_edges++;
	irq_level = level;
}

static int setup(void **state)
{
	io_reset_all();
	mem_reset_all();
	ram = mem_alloc(RAM_BYTES);
	assert_non_null(ram);
	assert_int_equal(mem_map_ram(0, RAM_BYTES, ram, "ram"), 0);
	assert_int_equal(i8237_init(&dma), 0);
	irq_level = irq_edges = 0;
	assert_int_equal(fdc_init(&fdc, 0x3f0, (struct irq_line){ irq6, NULL, 6 },
				  &dma, 2), 0);
	fill_image(IMG_144);
	assert_int_equal(fdc_attach(&fdc, 0, &disk), 0);
	return 0;
}

static int teardown(void **state)
{
	mem_reset_all();
	mem_free(ram, RAM_BYTES);
	free(img);
	img = NULL;
	return 0;
}

static uint8_t msr(void)
{
	return (uint8_t)io_port_read(0x3f4, 1);
}

static void send(const uint8_t *b, unsigned n)
{
	for (unsigned i = 0; i < n; i++) {
		/* RQM set, DIO clear: the FIFO takes a byte */
		assert_int_equal(msr() & 0xc0, 0x80);
		io_port_write(0x3f5, b[i], 1);
	}
}

/* Read the result phase; returns its length. */
static unsigned result(uint8_t *out, unsigned max)
{
	unsigned n = 0;

	while ((msr() & 0xc0) == 0xc0) {
		assert_true(n < max);
		out[n++] = (uint8_t)io_port_read(0x3f5, 1);
	}
	return n;
}

static void sense_int(uint8_t *st0, uint8_t *pcn)
{
	uint8_t r[2];

	send((const uint8_t[]){ 0x08 }, 1);
	assert_int_equal(result(r, 2), 2);
	*st0 = r[0];
	*pcn = r[1];
}

/* A BIOS's reset: DOR low then high, four polling SENSE INTERRUPTs. */
static void reset_controller(void)
{
	uint8_t st0, pcn;

	io_port_write(0x3f2, 0x00, 1);
	assert_int_equal(msr(), 0);
	irq_edges = 0;
	io_port_write(0x3f2, 0x1c, 1);	/* motor A, DMA/IRQ, out of reset */
	assert_int_equal(irq_edges, 1);
	for (unsigned i = 0; i < 4; i++) {
		sense_int(&st0, &pcn);
		assert_int_equal(st0, 0xc0 | i);
	}
	assert_int_equal(irq_level, 0);
}

static void dma_setup(uint8_t mode, uint32_t addr, uint32_t bytes)
{
	io_port_write(0x0a, 4 | 2, 1);
	io_port_write(0x0b, mode | 2, 1);
	io_port_write(0x0c, 0, 1);
	io_port_write(0x04, addr & 0xff, 1);
	io_port_write(0x04, (addr >> 8) & 0xff, 1);
	io_port_write(0x81, addr >> 16, 1);
	io_port_write(0x05, (bytes - 1) & 0xff, 1);
	io_port_write(0x05, (bytes - 1) >> 8, 1);
	io_port_write(0x0a, 2, 1);
}

static void rw_cmd(uint8_t op, uint8_t drive_head, uint8_t c, uint8_t h,
		   uint8_t r, uint8_t eot)
{
	uint8_t cmd[9] = { op, drive_head, c, h, r, 2, eot, 0x1b, 0xff };

	irq_edges = 0;
	send(cmd, 9);
}

static void specify_version_dumpreg(void **state)
{
	uint8_t r[16];

	reset_controller();
	send((const uint8_t[]){ 0x03, 0xaf, 0x02 }, 3);
	/* no result phase, no interrupt */
	assert_int_equal(msr(), 0x80);
	assert_int_equal(irq_level, 0);
	send((const uint8_t[]){ 0x10 }, 1);
	assert_int_equal(result(r, 16), 1);
	assert_int_equal(r[0], 0x90);
	send((const uint8_t[]){ 0x13, 0x00, 0x57, 0x05 }, 4);
	send((const uint8_t[]){ 0x94 }, 1);	/* LOCK */
	assert_int_equal(result(r, 16), 1);
	assert_int_equal(r[0], 0x10);
	send((const uint8_t[]){ 0x0e }, 1);
	assert_int_equal(result(r, 16), 10);
	assert_int_equal(r[4], 0xaf);
	assert_int_equal(r[5], 0x02);
	assert_int_equal(r[6], 18);
	assert_int_equal(r[7] & 0x80, 0x80);
	assert_int_equal(r[8], 0x57);
	assert_int_equal(r[9], 0x05);
	/* LOCK keeps CONFIGURE across a reset (polling is off now: no IRQ) */
	io_port_write(0x3f2, 0x00, 1);
	io_port_write(0x3f2, 0x0c, 1);
	send((const uint8_t[]){ 0x0e }, 1);
	assert_int_equal(result(r, 16), 10);
	assert_int_equal(r[8], 0x57);
	/* an unknown command is invalid: ST0 0x80 */
	send((const uint8_t[]){ 0x1f }, 1);
	assert_int_equal(result(r, 16), 1);
	assert_int_equal(r[0], 0x80);
}

static void reset_paths(void **state)
{
	uint8_t st0, pcn, r[2];

	reset_controller();
	/* held in reset, the controller takes no command */
	io_port_write(0x3f2, 0x08, 1);
	io_port_write(0x3f5, 0x10, 1);
	io_port_write(0x3f2, 0x0c, 1);
	for (unsigned i = 0; i < 4; i++)
		sense_int(&st0, &pcn);
	assert_int_equal(msr(), 0x80);	/* VERSION did not stick */
	/* DSR bit 7: a software reset, with the polling interrupt */
	irq_edges = 0;
	io_port_write(0x3f4, 0x80, 1);
	assert_int_equal(irq_edges, 1);
	sense_int(&st0, &pcn);
	assert_int_equal(st0, 0xc0);
	/* a reset in the middle of a command forgets it */
	send((const uint8_t[]){ 0x0f, 0x00 }, 2);
	io_port_write(0x3f4, 0x80, 1);
	for (unsigned i = 0; i < 4; i++)
		sense_int(&st0, &pcn);
	send((const uint8_t[]){ 0x10 }, 1);
	assert_int_equal(result(r, 2), 1);
	assert_int_equal(r[0], 0x90);
}

static void recalibrate_seek_sense(void **state)
{
	uint8_t st0, pcn, r[2];

	reset_controller();
	/* SENSE INTERRUPT with nothing pending: invalid */
	send((const uint8_t[]){ 0x08 }, 1);
	assert_int_equal(result(r, 2), 1);
	assert_int_equal(r[0], 0x80);

	send((const uint8_t[]){ 0x0f, 0x04, 33 }, 3);	/* seek head 1, cyl 33 */
	assert_int_equal(irq_level, 1);
	sense_int(&st0, &pcn);
	assert_int_equal(st0, 0x24);			/* SE, head 1, drive 0 */
	assert_int_equal(pcn, 33);
	assert_int_equal(irq_level, 0);
	/* SENSE DRIVE STATUS: ready, two-sided, not on track 0 */
	send((const uint8_t[]){ 0x04, 0x00 }, 2);
	assert_int_equal(result(r, 2), 1);
	assert_int_equal(r[0], 0x28);
	send((const uint8_t[]){ 0x07, 0x00 }, 2);	/* recalibrate */
	assert_int_equal(irq_level, 1);
	sense_int(&st0, &pcn);
	assert_int_equal(st0, 0x20);
	assert_int_equal(pcn, 0);
	send((const uint8_t[]){ 0x04, 0x00 }, 2);
	assert_int_equal(result(r, 2), 1);
	assert_int_equal(r[0], 0x38);			/* + track 0 */
	/* drive B is not connected: equipment check */
	send((const uint8_t[]){ 0x07, 0x01 }, 2);
	sense_int(&st0, &pcn);
	assert_int_equal(st0, 0x71);
}

static void read_data_dma(void **state)
{
	uint8_t r[7];

	reset_controller();
	/* cylinder 2, head 1, sectors 4-6: LBA (2*2+1)*18+3 = 93.. */
	dma_setup(0x46, 0x10000, 3 * 512);
	rw_cmd(0xe6, 0x04, 2, 1, 4, 18);
	assert_int_equal(irq_edges, 1);
	assert_int_equal(result(r, 7), 7);
	assert_int_equal(irq_level, 0);
	assert_int_equal(r[0], 0x04);	/* normal termination, head 1 */
	assert_int_equal(r[1], 0);
	assert_int_equal(r[2], 0);
	assert_int_equal(r[3], 2);	/* next sector: C 2 H 1 R 7 */
	assert_int_equal(r[4], 1);
	assert_int_equal(r[5], 7);
	assert_int_equal(r[6], 2);
	assert_memory_equal(ram + 0x10000, img + 93 * 512, 3 * 512);
	assert_int_equal(ram[0x10000 + 3 * 512], 0);	/* TC stopped it */
	/* DMA status shows TC on channel 2 */
	assert_int_equal(io_port_read(0x08, 1) & 0x04, 0x04);
}

static void multitrack_read_across_heads(void **state)
{
	uint8_t r[7];

	reset_controller();
	/* from C 5 H 0 R 17 four sectors with MT: 17, 18 of head 0 then
	 * 1, 2 of head 1: LBA 5*36+16 .. +3, contiguous */
	dma_setup(0x46, 0x20000, 4 * 512);
	rw_cmd(0xe6, 0x00, 5, 0, 17, 18);
	assert_int_equal(result(r, 7), 7);
	assert_int_equal(r[0] & 0xc0, 0);
	assert_int_equal(r[3], 5);
	assert_int_equal(r[4], 1);
	assert_int_equal(r[5], 3);
	assert_memory_equal(ram + 0x20000, img + (5 * 36 + 16) * 512, 4 * 512);
	/* without MT the read stops at the end of the side */
	memset(ram + 0x20000, 0, 4 * 512);
	dma_setup(0x46, 0x20000, 4 * 512);
	rw_cmd(0x66, 0x00, 5, 0, 17, 18);
	assert_int_equal(result(r, 7), 7);
	assert_int_equal(r[3], 6);	/* C + 1, R 1 */
	assert_int_equal(r[5], 1);
	assert_memory_equal(ram + 0x20000, img + (5 * 36 + 16) * 512, 2 * 512);
	assert_int_equal(ram[0x20000 + 2 * 512], 0);
}

static void write_data_dma(void **state)
{
	uint8_t r[7];

	reset_controller();
	for (int i = 0; i < 1024; i++)
		ram[0x30000 + i] = (uint8_t)(0xa0 ^ i);
	/* memory -> device: DMA read transfer (mode 0x4a) */
	dma_setup(0x4a, 0x30000, 1024);
	rw_cmd(0xc5, 0x00, 79, 1, 17, 18);
	assert_int_equal(result(r, 7), 7);
	assert_int_equal(r[0] & 0xc0, 0);
	assert_memory_equal(img + (79 * 36 + 18 + 16) * 512, ram + 0x30000, 1024);
	/* and it reads back */
	dma_setup(0x46, 0x38000, 1024);
	rw_cmd(0xe6, 0x04, 79, 1, 17, 18);
	assert_int_equal(result(r, 7), 7);
	assert_memory_equal(ram + 0x38000, ram + 0x30000, 1024);
}

static void errors(void **state)
{
	uint8_t r[7];

	reset_controller();
	/* sector 19 does not exist on a 1.44 MB disk: ND */
	dma_setup(0x46, 0x10000, 512);
	rw_cmd(0xe6, 0x00, 0, 0, 19, 19);
	assert_int_equal(result(r, 7), 7);
	assert_int_equal(r[0] & 0xc0, 0x40);
	assert_int_equal(r[1], 0x04);
	assert_int_equal(ram[0x10000], 0);
	/* nor does cylinder 80 */
	rw_cmd(0xe6, 0x00, 80, 0, 1, 18);
	assert_int_equal(result(r, 7), 7);
	assert_int_equal(r[0] & 0xc0, 0x40);
	/* DMA channel masked: overrun instead of a hang */
	io_port_write(0x0a, 4 | 2, 1);
	rw_cmd(0xe6, 0x00, 0, 0, 1, 18);
	assert_int_equal(result(r, 7), 7);
	assert_int_equal(r[0] & 0xc0, 0x40);
	assert_int_equal(r[1], 0x10);
	/* write protected */
	disk.read_only = true;
	dma_setup(0x4a, 0x10000, 512);
	rw_cmd(0xc5, 0x00, 0, 0, 1, 18);
	assert_int_equal(result(r, 7), 7);
	assert_int_equal(r[0] & 0xc0, 0x40);
	assert_int_equal(r[1], 0x02);
	disk.read_only = false;
	/* no media: abnormal termination, missing address mark, IRQ */
	assert_int_equal(fdc_attach(&fdc, 0, NULL), 0);
	dma_setup(0x46, 0x10000, 512);
	rw_cmd(0xe6, 0x00, 0, 0, 1, 18);
	assert_int_equal(irq_edges, 1);
	assert_int_equal(result(r, 7), 7);
	assert_int_equal(r[0] & 0xc0, 0x40);
	assert_int_equal(r[1], 0x01);
	assert_int_equal(ram[0x10000], 0);
}

static void read_id_and_format(void **state)
{
	uint8_t r[7], ids[18 * 4];

	reset_controller();
	send((const uint8_t[]){ 0x0f, 0x00, 10 }, 3);
	sense_int(&r[0], &r[1]);
	send((const uint8_t[]){ 0x4a, 0x04 }, 2);
	assert_int_equal(irq_level, 1);
	assert_int_equal(result(r, 7), 7);
	assert_int_equal(r[0], 0x04);
	assert_int_equal(r[3], 10);
	assert_int_equal(r[4], 1);
	assert_int_equal(r[6], 2);
	/* format cylinder 10 head 1 with 0xf6 */
	for (int s = 0; s < 18; s++) {
		ids[s * 4] = 10;
		ids[s * 4 + 1] = 1;
		ids[s * 4 + 2] = (uint8_t)(s + 1);
		ids[s * 4 + 3] = 2;
	}
	memcpy(ram + 0x5000, ids, sizeof(ids));
	dma_setup(0x4a, 0x5000, sizeof(ids));
	send((const uint8_t[]){ 0x4d, 0x04, 2, 18, 0x54, 0xf6 }, 6);
	assert_int_equal(result(r, 7), 7);
	assert_int_equal(r[0] & 0xc0, 0);
	for (int i = 0; i < 18 * 512; i++)
		if (img[(10 * 36 + 18) * 512 + i] != 0xf6)
			fail_msg("byte %d of the track not formatted", i);
	/* the neighbouring track is untouched */
	assert_int_equal(img[(10 * 36 + 36) * 512 + 2],
			 (uint8_t)((10 * 36 + 36) * 3 + 2));
}

static void media_change_line(void **state)
{
	uint8_t st0, pcn;

	reset_controller();
	/* a disk inserted since power-on: DIR bit 7 set until a step */
	assert_int_equal(io_port_read(0x3f7, 1) & 0x80, 0x80);
	send((const uint8_t[]){ 0x0f, 0x00, 1 }, 3);
	sense_int(&st0, &pcn);
	assert_int_equal(io_port_read(0x3f7, 1) & 0x80, 0);
	/* ejecting raises it again, and a seek without media keeps it */
	assert_int_equal(fdc_attach(&fdc, 0, NULL), 0);
	assert_int_equal(io_port_read(0x3f7, 1) & 0x80, 0x80);
	send((const uint8_t[]){ 0x0f, 0x00, 2 }, 3);
	sense_int(&st0, &pcn);
	assert_int_equal(io_port_read(0x3f7, 1) & 0x80, 0x80);
}

static void geometry_by_size(void **state)
{
	uint8_t r[7];

	/* 720 KB: 9 sectors per track; sector 10 does not exist */
	fill_image(737280);
	assert_int_equal(fdc_attach(&fdc, 0, &disk), 0);
	assert_int_equal(fdc_cmos_types(&fdc), 0x40);
	reset_controller();
	dma_setup(0x46, 0x10000, 512);
	rw_cmd(0xe6, 0x00, 1, 1, 9, 9);
	assert_int_equal(result(r, 7), 7);
	assert_int_equal(r[0] & 0xc0, 0);
	assert_memory_equal(ram + 0x10000, img + (1 * 18 + 9 + 8) * 512, 512);
	rw_cmd(0xe6, 0x00, 1, 1, 10, 10);
	assert_int_equal(result(r, 7), 7);
	assert_int_equal(r[1], 0x04);
	/* 2.88 MB: 36 sectors, CMOS type 5 */
	fill_image(2949120);
	assert_int_equal(fdc_attach(&fdc, 1, &disk), 0);
	assert_int_equal(fdc_cmos_types(&fdc), 0x45);
	assert_int_equal(fdc_drive_count(&fdc), 2);
	/* not a floppy size */
	disk.size = 1000000;
	assert_int_equal(fdc_attach(&fdc, 1, &disk), -22);
}

/* -fda/-fdb and -drive if=floppy reach the machine's configuration. */
static int parse(struct vm_config *cfg, char *err, const char *a1,
		 const char *a2, const char *a3, const char *a4)
{
	char *argv[] = { "ringvm", (char *)a1, (char *)a2, (char *)a3,
			 (char *)a4 };
	int argc = 1;

	while (argc < 5 && argv[argc])
		argc++;
	options_defaults(cfg);
	return options_parse(cfg, argc, argv, err, 256);
}

static void floppy_options(void **state)
{
	struct vm_config cfg;
	char err[256];

	assert_int_equal(parse(&cfg, err, "-fda", "a.img", "-fdb", "b.img"), 0);
	assert_true(cfg.has_floppy[0] && cfg.has_floppy[1]);
	assert_string_equal(cfg.floppy[0].file, "a.img");
	assert_string_equal(cfg.floppy[1].file, "b.img");
	assert_int_equal(cfg.n_drives, 0);	/* not an IDE drive */
	/* -drive if=floppy takes A, then B */
	assert_int_equal(parse(&cfg, err,
			       "-drive", "file=x.img,if=floppy,readonly=on",
			       "-drive", "if=floppy,format=raw,file=y.img"), 0);
	assert_string_equal(cfg.floppy[0].file, "x.img");
	assert_true(cfg.floppy[0].read_only);
	assert_string_equal(cfg.floppy[1].file, "y.img");
	assert_string_equal(cfg.floppy[1].format, "raw");
	/* an empty drive B */
	assert_int_equal(parse(&cfg, err, "-drive", "if=floppy,index=1", NULL,
			       NULL), 0);
	assert_false(cfg.has_floppy[0]);
	assert_true(cfg.has_floppy[1]);
	assert_null(cfg.floppy[1].file);
	/* errors name the option */
	assert_int_equal(parse(&cfg, err, "-fda", "a.img", "-drive",
			       "file=b.img,if=floppy,index=0"), -1);
	assert_non_null(strstr(err, "floppy drive A"));
	assert_int_equal(parse(&cfg, err, "-drive", "file=b.img,if=floppy,index=2",
			       NULL, NULL), -1);
	assert_non_null(strstr(err, "if=floppy"));
	assert_int_equal(parse(&cfg, err, "-drive", "file=b.img,if=scsi",
			       NULL, NULL), -1);
	assert_non_null(strstr(err, "if=scsi"));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(specify_version_dumpreg, setup, teardown),
		cmocka_unit_test_setup_teardown(reset_paths, setup, teardown),
		cmocka_unit_test_setup_teardown(recalibrate_seek_sense, setup, teardown),
		cmocka_unit_test_setup_teardown(read_data_dma, setup, teardown),
		cmocka_unit_test_setup_teardown(multitrack_read_across_heads, setup, teardown),
		cmocka_unit_test_setup_teardown(write_data_dma, setup, teardown),
		cmocka_unit_test_setup_teardown(errors, setup, teardown),
		cmocka_unit_test_setup_teardown(read_id_and_format, setup, teardown),
		cmocka_unit_test_setup_teardown(media_change_line, setup, teardown),
		cmocka_unit_test_setup_teardown(geometry_by_size, setup, teardown),
		cmocka_unit_test(floppy_options),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
