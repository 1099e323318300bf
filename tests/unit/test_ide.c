// SPDX-License-Identifier: GPL-2.0-only
/*
 * The PIIX3 IDE controller at register level, as a driver sees it through
 * ports 0x1F0-0x1F7/0x3F6 and the bus-master registers: IDENTIFY contents,
 * PIO reads and writes (CHS, LBA28, LBA48, READ MULTIPLE), DMA through a
 * PRD table in guest RAM, the ATAPI CD-ROM (signature, READ CAPACITY,
 * READ(10) in byte-count-limited DRQ blocks, UNIT ATTENTION and REQUEST
 * SENSE after a media change, eject lock) and the ATA error cases.
 *
 * The disks are block_devs of a driver defined here: reads return a
 * pattern computed from the byte offset (so a 200 GiB disk costs nothing)
 * and writes land in a small log the tests inspect.
 */
#include <errno.h>
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
#include "devices/pci.h"
#include "devices/piix_ide.h"

#define RAM_SIZE	(2 << 20)
#define BM_BASE		0xc000

/* --- a synthetic disk ----------------------------------------------------- */

static uint8_t written[64 * 512];
static uint64_t written_off;
static size_t written_len;

static uint8_t pattern(uint64_t off)
{
	return (uint8_t)(off ^ off >> 9 ^ off >> 17 ^ off >> 29 ^ off >> 37);
}

static int synth_read(struct block_dev *bs, uint64_t off, void *buf,
		      size_t len)
{
	uint8_t *b = buf;

	for (size_t i = 0; i < len; i++)
		b[i] = pattern(off + i);
	return 0;
}

static int synth_write(struct block_dev *bs, uint64_t off, const void *buf,
		       size_t len)
{
	if (len > sizeof(written))
		return -EIO;
	memcpy(written, buf, len);
	written_off = off;
	written_len = len;
	return 0;
}

static int synth_flush(struct block_dev *bs)
{
	return 0;
}

static const struct block_driver synth_driver = {
	.name = "synth",
	.read = synth_read,
	.write = synth_write,
	.flush = synth_flush,
};

static struct block_dev hd0 = { .drv = &synth_driver, .fd = -1 };
static struct block_dev cd0 = { .drv = &synth_driver, .fd = -1 };

/* --- the machine ---------------------------------------------------------- */

static uint8_t *ram;
static struct pci_bus *bus;
static struct piix_ide ide;
static int irq_level[16], irq_rising[16];

static void isa_irq(void *opaque, int irq, int level)
{
	if (level && !irq_level[irq])
		irq_rising[irq]++;
	irq_level[irq] = level;
}

static int setup(void **state)
{
	io_reset_all();
	mem_reset_all();
	ram = calloc(1, RAM_SIZE);
	assert_non_null(ram);
	assert_int_equal(mem_map_ram(0, RAM_SIZE, ram, "ram"), 0);
	bus = pci_bus_new();
	assert_non_null(bus);
	assert_int_equal(pci_bus_map_ports(bus, NULL, NULL), 0);
	memset(irq_level, 0, sizeof(irq_level));
	memset(irq_rising, 0, sizeof(irq_rising));
	written_len = 0;
	hd0.size = 200ull << 30;	/* beyond LBA28's 128 GiB */
	cd0.size = 4000 * 2048;
	assert_int_equal(piix_ide_init(&ide, bus, isa_irq, NULL), 0);
	assert_int_equal(ide_attach_hd(&ide.ch[0], 0, &hd0), 0);
	assert_int_equal(ide_attach_cd(&ide.ch[1], 0, NULL), 0);
	/* what SeaBIOS does: BAR4, I/O and bus master, IDETIM decode */
	pci_config_write(bus, PCI_DEVFN(1, 1), 0x20, BM_BASE | 1, 4);
	pci_config_write(bus, PCI_DEVFN(1, 1), PCI_COMMAND,
			 PCI_COMMAND_IO | PCI_COMMAND_MASTER, 2);
	pci_config_write(bus, PCI_DEVFN(1, 1), 0x40, 0x8000, 2);
	pci_config_write(bus, PCI_DEVFN(1, 1), 0x42, 0x8000, 2);
	return 0;
}

static int teardown(void **state)
{
	ide_channel_free(&ide.ch[0]);
	ide_channel_free(&ide.ch[1]);
	pci_bus_free(bus);
	mem_reset_all();
	io_reset_all();
	free(ram);
	return 0;
}

static uint8_t inb(uint16_t port)
{
	return (uint8_t)io_port_read(port, 1);
}

static void outb(uint16_t port, uint8_t v)
{
	io_port_write(port, v, 1);
}

static void read_words(uint16_t base, uint8_t *buf, unsigned bytes)
{
	for (unsigned i = 0; i < bytes; i += 2) {
		uint16_t w = (uint16_t)io_port_read(base, 2);

		buf[i] = (uint8_t)w;
		buf[i + 1] = (uint8_t)(w >> 8);
	}
}

static void lba28(uint16_t base, uint8_t dev, uint32_t lba, uint8_t count)
{
	outb(base + 6, (uint8_t)(0xe0 | dev << 4 | (lba >> 24 & 0xf)));
	outb(base + 2, count);
	outb(base + 3, (uint8_t)lba);
	outb(base + 4, (uint8_t)(lba >> 8));
	outb(base + 5, (uint8_t)(lba >> 16));
}

static void lba48(uint16_t base, uint64_t lba, uint16_t count)
{
	outb(base + 6, 0x40);
	outb(base + 2, (uint8_t)(count >> 8));
	outb(base + 3, (uint8_t)(lba >> 24));
	outb(base + 4, (uint8_t)(lba >> 32));
	outb(base + 5, (uint8_t)(lba >> 40));
	outb(base + 2, (uint8_t)count);
	outb(base + 3, (uint8_t)lba);
	outb(base + 4, (uint8_t)(lba >> 8));
	outb(base + 5, (uint8_t)(lba >> 16));
}

static void assert_pattern(const uint8_t *buf, uint64_t off, size_t len)
{
	for (size_t i = 0; i < len; i++)
		if (buf[i] != pattern(off + i))
			fail_msg("byte %zu of the data at %llu differs", i,
				 (unsigned long long)off);
}

static void ata_string(const uint8_t *id, unsigned word, unsigned len,
		       char *out)
{
	for (unsigned i = 0; i < len; i++)
		out[i] = (char)id[2 * word + (i ^ 1)];
	out[len] = 0;
	while (len && out[len - 1] == ' ')
		out[--len] = 0;
}

/* --- ATA ------------------------------------------------------------------ */

static void identify_device(void **state)
{
	uint8_t id[512], sum = 0;
	char model[41], serial[21];
	uint64_t sectors = hd0.size / 512;

	outb(0x1f6, 0xa0);
	outb(0x1f7, 0xec);
	assert_int_equal(irq_rising[14], 1);
	assert_int_equal(inb(0x3f6) & (IDE_ST_DRQ | IDE_ST_ERR), IDE_ST_DRQ);
	read_words(0x1f0, id, sizeof(id));
	/* status read acknowledges the interrupt; DRQ is gone */
	assert_int_equal(inb(0x1f7), IDE_ST_DRDY | IDE_ST_DSC);
	assert_int_equal(irq_level[14], 0);

	ata_string(id, 27, 40, model);
	assert_string_equal(model, "RINGVM HARDDISK");
	ata_string(id, 10, 20, serial);
	assert_true(strlen(serial) > 0);
	/* LBA28 capacity saturates, LBA48 gives the whole disk */
	assert_int_equal(id[120] | id[121] << 8 | id[122] << 16 |
			 (uint32_t)id[123] << 24, 0x0fffffff);
	assert_int_equal((uint64_t)(id[200] | id[201] << 8 | id[202] << 16 |
				    (uint32_t)id[203] << 24) |
			 (uint64_t)(id[204] | id[205] << 8) << 32, sectors);
	assert_true(id[83 * 2 + 1] & 0x04);	/* 48-bit feature set */
	assert_true(id[49 * 2 + 1] & 0x03);	/* LBA and DMA */
	assert_int_equal(id[2] | id[3] << 8, 16383);	/* cylinders */
	assert_int_equal(id[6] | id[7] << 8, 16);	/* heads */
	assert_int_equal(id[12] | id[13] << 8, 63);	/* sectors */
	assert_int_equal(id[88 * 2] & 0x3f, 0x3f);	/* UDMA 0-5 */
	for (int i = 0; i < 512; i++)
		sum += id[i];
	assert_int_equal(id[510], 0xa5);
	assert_int_equal(sum, 0);
}

static void pio_read_write_lba28_and_chs(void **state)
{
	uint8_t buf[3 * 512];

	lba28(0x1f0, 0, 0x123456, 3);
	outb(0x1f7, 0x20);
	for (int i = 0; i < 3; i++) {
		assert_int_equal(inb(0x1f7) & (IDE_ST_DRQ | IDE_ST_ERR),
				 IDE_ST_DRQ);
		read_words(0x1f0, buf + i * 512, 512);
	}
	assert_int_equal(inb(0x1f7), IDE_ST_DRDY | IDE_ST_DSC);
	assert_int_equal(irq_rising[14], 3);	/* one per sector */
	assert_pattern(buf, 0x123456ull * 512, sizeof(buf));

	/* CHS: cylinder 2, head 3, sector 4 of 16 heads x 63 sectors */
	outb(0x1f6, 0xa3);
	outb(0x1f2, 1);
	outb(0x1f3, 4);
	outb(0x1f4, 2);
	outb(0x1f5, 0);
	outb(0x1f7, 0x20);
	read_words(0x1f0, buf, 512);
	assert_pattern(buf, ((2 * 16 + 3) * 63 + 3) * 512ull, 512);

	/* WRITE SECTORS with 32-bit data accesses */
	lba28(0x1f0, 0, 77, 2);
	outb(0x1f7, 0x30);
	for (int i = 0; i < 2 * 512; i += 4)
		io_port_write(0x1f0, 0x01020304u * (unsigned)(i + 1), 4);
	assert_int_equal(inb(0x1f7), IDE_ST_DRDY | IDE_ST_DSC);
	assert_int_equal(written_off, 78 * 512);	/* second sector last */
	assert_int_equal(written_len, 512);
	assert_int_equal(written[0], (uint8_t)(0x04 * 513));
}

static void pio_lba48_and_read_multiple(void **state)
{
	uint8_t buf[8 * 512];
	uint64_t lba = (150ull << 30) / 512 + 5;	/* beyond 2^28 */

	lba48(0x1f0, lba, 2);
	outb(0x1f7, 0x24);			/* READ SECTORS EXT */
	read_words(0x1f0, buf, 1024);
	assert_int_equal(inb(0x1f7), IDE_ST_DRDY | IDE_ST_DSC);
	assert_pattern(buf, lba * 512, 1024);

	/* READ MULTIPLE without SET MULTIPLE MODE aborts */
	lba28(0x1f0, 0, 10, 8);
	outb(0x1f7, 0xc4);
	assert_int_equal(inb(0x1f7), IDE_ST_DRDY | IDE_ST_ERR);
	assert_int_equal(inb(0x1f1), IDE_ERR_ABRT);

	outb(0x1f2, 4);
	outb(0x1f7, 0xc6);			/* SET MULTIPLE MODE 4 */
	assert_int_equal(inb(0x1f7), IDE_ST_DRDY | IDE_ST_DSC);
	irq_rising[14] = 0;
	lba28(0x1f0, 0, 10, 8);
	outb(0x1f7, 0xc4);
	for (int i = 0; i < 2; i++) {
		/* the status read acknowledges each block's interrupt */
		assert_int_equal(inb(0x1f7) & IDE_ST_DRQ, IDE_ST_DRQ);
		read_words(0x1f0, buf + i * 2048, 2048);
	}
	assert_int_equal(irq_rising[14], 2);	/* one per 4-sector block */
	assert_pattern(buf, 10 * 512, sizeof(buf));

	/* LBA48 write multiple lands where it was aimed */
	lba48(0x1f0, lba, 4);
	outb(0x1f7, 0x39);			/* WRITE MULTIPLE EXT */
	for (int i = 0; i < 4 * 512; i += 2)
		io_port_write(0x1f0, 0xabcd, 2);
	assert_int_equal(inb(0x1f7), IDE_ST_DRDY | IDE_ST_DSC);
	assert_int_equal(written_off, lba * 512);
	assert_int_equal(written_len, 4 * 512);
	assert_int_equal(written[0], 0xcd);
	assert_int_equal(written[2047], 0xab);
}

static void dma_through_prd_table(void **state)
{
	const uint32_t prd = 0x1000, buf_a = 0x10000, buf_b = 0x30000;
	uint64_t lba = (130ull << 30) / 512;

	/* two scatter-gather pieces: 1 KiB + 2 KiB, EOT on the second */
	memset(ram + buf_a - 16, 0xee, 0x20000);
	ram[prd + 0] = 0x00; ram[prd + 1] = 0x00; ram[prd + 2] = 0x01;
	ram[prd + 4] = 0x00; ram[prd + 5] = 0x04;
	ram[prd + 8] = 0x00; ram[prd + 9] = 0x00; ram[prd + 10] = 0x03;
	ram[prd + 12] = 0x00; ram[prd + 13] = 0x08; ram[prd + 15] = 0x80;
	io_port_write(BM_BASE + 4, prd, 4);

	lba48(0x1f0, lba, 6);
	outb(0x1f7, 0x25);			/* READ DMA EXT */
	assert_int_equal(irq_rising[14], 0);	/* waits for the engine */
	outb(BM_BASE, BM_CMD_START | BM_CMD_READ);
	assert_int_equal(irq_rising[14], 1);
	assert_int_equal(inb(BM_BASE + 2) & 7, BM_ST_INTR);
	assert_int_equal(inb(0x1f7), IDE_ST_DRDY | IDE_ST_DSC);
	assert_pattern(ram + buf_a, lba * 512, 1024);
	assert_pattern(ram + buf_b, lba * 512 + 1024, 2048);
	assert_int_equal(ram[buf_a - 1], 0xee);		/* nothing around */
	assert_int_equal(ram[buf_a + 1024], 0xee);
	outb(BM_BASE + 2, BM_ST_INTR);		/* write one to clear */
	assert_int_equal(inb(BM_BASE + 2) & BM_ST_INTR, 0);
	outb(BM_BASE, 0);

	/* WRITE DMA from guest memory to the disk */
	memset(ram + buf_a, 0x5a, 1024);
	memset(ram + buf_b, 0xa5, 2048);
	lba28(0x1f0, 0, 1000, 6);
	outb(0x1f7, 0xca);
	outb(BM_BASE, BM_CMD_START);
	assert_int_equal(inb(0x1f7), IDE_ST_DRDY | IDE_ST_DSC);
	assert_int_equal(written_off, 1000 * 512);
	assert_int_equal(written_len, 3072);
	assert_int_equal(written[1023], 0x5a);
	assert_int_equal(written[1024], 0xa5);
	outb(BM_BASE, 0);

	/* a PRD table shorter than the transfer ends the command with ABRT */
	ram[prd + 15] = 0;
	ram[prd + 7] = 0x80;
	lba28(0x1f0, 0, 1000, 6);
	outb(0x1f7, 0xc8);
	outb(BM_BASE, BM_CMD_START | BM_CMD_READ);
	assert_int_equal(inb(0x1f7), IDE_ST_DRDY | IDE_ST_ERR);
	assert_int_equal(inb(0x1f1), IDE_ERR_ABRT);
}

static void ata_errors(void **state)
{
	/* beyond the end of the disk: IDNF */
	lba48(0x1f0, hd0.size / 512 - 1, 2);
	outb(0x1f7, 0x24);
	assert_int_equal(inb(0x1f7), IDE_ST_DRDY | IDE_ST_ERR);
	assert_int_equal(inb(0x1f1), IDE_ERR_IDNF);
	/* a command that does not exist: ABRT */
	outb(0x1f7, 0xfe);
	assert_int_equal(inb(0x1f7), IDE_ST_DRDY | IDE_ST_ERR);
	assert_int_equal(inb(0x1f1), IDE_ERR_ABRT);
	/* a hard disk has no PACKET command */
	outb(0x1f7, 0xa0);
	assert_int_equal(inb(0x1f1), IDE_ERR_ABRT);
	/* invalid transfer mode (UDMA 7) */
	outb(0x1f1, 0x03);
	outb(0x1f2, 0x47);
	outb(0x1f7, 0xef);
	assert_int_equal(inb(0x1f7), IDE_ST_DRDY | IDE_ST_ERR);
	/* a successful command clears the error */
	outb(0x1f7, 0xe7);			/* FLUSH CACHE */
	assert_int_equal(inb(0x1f7), IDE_ST_DRDY | IDE_ST_DSC);
	assert_int_equal(inb(0x1f1), 0);
	/* the absent slave reads as zeroes and ignores commands */
	outb(0x1f6, 0xb0);
	outb(0x1f7, 0xec);
	assert_int_equal(inb(0x1f7), 0);
	/* nIEN masks the line, clearing it shows the pending request */
	outb(0x1f6, 0xa0);
	outb(0x3f6, IDE_CTL_NIEN);
	irq_rising[14] = 0;
	outb(0x1f7, 0xe5);			/* CHECK POWER MODE */
	assert_int_equal(irq_level[14], 0);
	assert_int_equal(inb(0x1f2), 0xff);	/* active */
	outb(0x3f6, 0);
	assert_int_equal(irq_level[14], 1);
}

static void reset_and_signatures(void **state)
{
	/* SRST: the disk shows the ATA signature and is ready */
	outb(0x3f6, IDE_CTL_SRST);
	assert_true(inb(0x3f6) & IDE_ST_BSY);
	outb(0x3f6, 0);
	assert_int_equal(inb(0x1f7), IDE_ST_DRDY | IDE_ST_DSC);
	assert_int_equal(inb(0x1f2), 1);
	assert_int_equal(inb(0x1f3), 1);
	assert_int_equal(inb(0x1f4), 0);
	assert_int_equal(inb(0x1f5), 0);
	assert_int_equal(inb(0x1f1), 1);		/* diagnostics passed */
	/* the CD on the secondary channel: the packet signature */
	outb(0x376, IDE_CTL_SRST);
	outb(0x376, 0);
	assert_int_equal(inb(0x174), 0x14);
	assert_int_equal(inb(0x175), 0xeb);
	/* IDENTIFY DEVICE to a packet device aborts, signature in place */
	outb(0x176, 0xa0);
	outb(0x177, 0xec);
	assert_int_equal(inb(0x177) & IDE_ST_ERR, IDE_ST_ERR);
	assert_int_equal(inb(0x174), 0x14);
	assert_int_equal(inb(0x175), 0xeb);
	/* legacy ports go away when IDETIM decode is cleared */
	pci_config_write(bus, PCI_DEVFN(1, 1), 0x42, 0, 2);
	assert_int_equal(inb(0x174), 0xff);
	pci_config_write(bus, PCI_DEVFN(1, 1), 0x42, 0x8000, 2);
	assert_int_equal(inb(0x174), 0x14);
}

/* --- ATAPI ---------------------------------------------------------------- */

/* Send a packet with byte count limit @limit; returns the bytes of the
 * reply read into @buf (up to @max), or -(sense key) on CHECK CONDITION */
static int packet(const uint8_t cdb[12], unsigned limit, uint8_t *buf,
		  unsigned max, int *drq_blocks)
{
	unsigned got = 0;

	outb(0x176, 0xa0);
	outb(0x171, 0);
	outb(0x174, (uint8_t)limit);
	outb(0x175, (uint8_t)(limit >> 8));
	outb(0x177, 0xa0);
	assert_int_equal(inb(0x376) & IDE_ST_DRQ, IDE_ST_DRQ);
	assert_int_equal(inb(0x172) & 3, 1);	/* CoD: command wanted */
	for (int i = 0; i < 12; i += 2)
		io_port_write(0x170, cdb[i] | cdb[i + 1] << 8, 2);
	if (drq_blocks)
		*drq_blocks = 0;
	for (;;) {
		uint8_t st = inb(0x177);
		unsigned n;

		if (st & IDE_ST_ERR)
			return -(inb(0x171) >> 4);
		if (!(st & IDE_ST_DRQ))
			break;
		assert_int_equal(inb(0x172) & 3, 2);	/* data to host */
		n = inb(0x174) | inb(0x175) << 8;
		assert_true(n <= limit);
		assert_true(got + n <= max);
		read_words(0x170, buf + got, n);
		got += n;
		if (drq_blocks)
			++*drq_blocks;
	}
	assert_int_equal(inb(0x172) & 3, 3);	/* completed */
	return (int)got;
}

static void atapi_media_change_and_reads(void **state)
{
	static uint8_t buf[8 * 2048];
	uint8_t tur[12] = { 0x00 }, sense[12] = { 0x03, 0, 0, 0, 18 };
	uint8_t cap[12] = { 0x25 }, inq[12] = { 0x12, 0, 0, 0, 36 };
	uint8_t rd[12] = { 0x28, 0, 0, 0, 0x01, 0x00, 0, 0, 3 };
	uint8_t toc[12] = { 0x43, 0, 0, 0, 0, 0, 0, 0, 100 };
	uint8_t lock[12] = { 0x1e, 0, 0, 0, 1 }, eject[12] = { 0x1b, 0, 0, 0, 2 };
	uint8_t id[512];
	char model[41];
	int blocks;

	outb(0x176, 0xa0);
	outb(0x177, 0xa1);			/* IDENTIFY PACKET DEVICE */
	read_words(0x170, id, sizeof(id));
	assert_int_equal(id[1] >> 6, 2);	/* ATAPI device */
	assert_int_equal(id[1] & 0x1f, 5);	/* CD-ROM */
	ata_string(id, 27, 40, model);
	assert_string_equal(model, "RINGVM DVD-ROM");

	/* no disc: NOT READY, medium not present */
	assert_int_equal(packet(tur, 0xfffe, buf, 0, NULL), -2);
	assert_int_equal(packet(sense, 0xfffe, buf, 18, NULL), 18);
	assert_int_equal(buf[2] & 0xf, 2);
	assert_int_equal(buf[12], 0x3a);
	assert_int_equal(packet(inq, 0xfffe, buf, 36, NULL), 36);
	assert_int_equal(buf[0], 5);
	assert_memory_equal(buf + 16, "RINGVM DVD-ROM", 14);

	/* a disc goes in: the next command reports UNIT ATTENTION */
	atapi_change_media(&ide.ch[1].drive[0], &cd0);
	assert_int_equal(packet(cap, 0xfffe, buf, 8, NULL), -6);
	assert_int_equal(packet(sense, 0xfffe, buf, 18, NULL), 18);
	assert_int_equal(buf[2] & 0xf, 6);
	assert_int_equal(buf[12], 0x28);
	assert_int_equal(packet(tur, 0xfffe, buf, 0, NULL), 0);
	assert_int_equal(packet(cap, 0xfffe, buf, 8, NULL), 8);
	assert_int_equal(buf[0] << 24 | buf[1] << 16 | buf[2] << 8 | buf[3],
			 4000 - 1);
	assert_int_equal(buf[6] << 8 | buf[7], 2048);

	/* READ(10) of 3 sectors at 256 with a 2000-byte limit */
	assert_int_equal(packet(rd, 2000, buf, sizeof(buf), &blocks), 3 * 2048);
	assert_int_equal(blocks, (3 * 2048 + 1999) / 2000);
	assert_pattern(buf, 256 * 2048, 3 * 2048);
	/* beyond the end: ILLEGAL REQUEST, LBA out of range */
	rd[2] = 0x10;
	assert_int_equal(packet(rd, 0xfffe, buf, sizeof(buf), NULL), -5);
	assert_int_equal(packet(sense, 0xfffe, buf, 18, NULL), 18);
	assert_int_equal(buf[12], 0x21);

	/* TOC: track 1 at 0, lead-out at the disc's end */
	assert_int_equal(packet(toc, 0xfffe, buf, 100, NULL), 20);
	assert_int_equal(buf[2], 1);
	assert_int_equal(buf[3], 1);
	assert_int_equal(buf[14], 0xaa);
	assert_int_equal(buf[16] << 24 | buf[17] << 16 | buf[18] << 8 | buf[19],
			 4000);

	/* a locked tray does not open; unlocked, the disc is gone */
	assert_int_equal(packet(lock, 0xfffe, buf, 0, NULL), 0);
	assert_int_equal(packet(eject, 0xfffe, buf, 0, NULL), -5);
	lock[4] = 0;
	assert_int_equal(packet(lock, 0xfffe, buf, 0, NULL), 0);
	assert_int_equal(packet(eject, 0xfffe, buf, 0, NULL), 0);
	assert_int_equal(packet(tur, 0xfffe, buf, 0, NULL), -2);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(identify_device, setup, teardown),
		cmocka_unit_test_setup_teardown(pio_read_write_lba28_and_chs, setup, teardown),
		cmocka_unit_test_setup_teardown(pio_lba48_and_read_multiple, setup, teardown),
		cmocka_unit_test_setup_teardown(dma_through_prd_table, setup, teardown),
		cmocka_unit_test_setup_teardown(ata_errors, setup, teardown),
		cmocka_unit_test_setup_teardown(reset_and_signatures, setup, teardown),
		cmocka_unit_test_setup_teardown(atapi_media_change_and_reads, setup, teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
