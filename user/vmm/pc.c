// SPDX-License-Identifier: GPL-2.0-only
/*
 * The PC's memory map, chipset and firmware (see pc.h).
 */
#include "pc.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "block/block.h"
#include "block/secret.h"
#include "core/io.h"
#include "core/lib/log.h"
#include "core/mem.h"
#include "translator/translator.h"

#define DEFAULT_BIOS "bios-256k.bin"	/* QEMU's pc machine default */
#define ISA_BIOS_MAX (128u << 10)
#define BIOS_MAX (16u << 20)

static int pc_ack(void *opaque)
{
	struct pc *pc = opaque;

	return i8259_ack(pc->pic);
}

static void pc_smm_changed(void *opaque, bool in_smm)
{
	struct pc *pc = opaque;

	if (pc->pci)
		i440fx_set_smm(&pc->host, in_smm);
}

/* The FPU's FERR# output (CR0.NE=0, the DOS-compatible x87 error
 * reporting): on the PC it raises IRQ 13 (SDM Vol. 1 §D.2.1). */
static void pc_ferr(void *opaque, bool asserted)
{
	struct pc *pc = opaque;

	if (asserted)
		i8259_set_irq(pc->pic, 13, 1);
}

const struct x86_interrupt_ctl pc_intc = {
	.ack = pc_ack,
	.smm_changed = pc_smm_changed,
	.ferr = pc_ferr,
};

/* A write to port 0xF0 clears the IRQ 13 latch (the handler's
 * acknowledgement, SDM Vol. 1 §D.2.1.3); the CPU is told to ignore the
 * error as the IGNNE# input would. */
static uint64_t fpu_irq_read(void *opaque, uint64_t off, unsigned size)
{
	return 0xff;
}

static void fpu_irq_write(void *opaque, uint64_t off, uint64_t val,
			  unsigned size)
{
	struct pc *pc = opaque;

	i8259_set_irq(pc->pic, 13, 0);
}

static const struct io_ops fpu_irq_ops = { fpu_irq_read, fpu_irq_write, IO_SZ1 };

static void pc_raise_smi(void *opaque)
{
	cpu_raise_smi(opaque);
}

char *pc_find_firmware(const struct vm_config *cfg, const char *name)
{
	const char *dirs[] = { cfg->datadir, "/usr/share/seabios", "/usr/share/qemu" };
	char *path;

	if (access(name, R_OK) == 0)
		return strdup(name);
	if (strchr(name, '/'))
		return NULL;
	for (size_t i = 0; i < sizeof(dirs) / sizeof(dirs[0]); i++) {
		if (!dirs[i])
			continue;
		if (asprintf(&path, "%s/%s", dirs[i], name) < 0)
			return NULL;
		if (access(path, R_OK) == 0)
			return path;
		free(path);
	}
	return NULL;
}

/* Read the firmware image; its size must be a multiple of 64 KiB as the
 * top of the 4 GiB space is mapped in 64 KiB pieces (QEMU's rule too). */
static int load_bios(struct pc *pc, const struct vm_config *cfg)
{
	/* the 256 KiB image needs PAM to reach its low half; the ISA PC
	 * has none, so there it is the 128 KiB one (as QEMU's isapc) */
	const char *name = cfg->bios ? cfg->bios :
			   cfg->machine == MACHINE_ISAPC ? "bios.bin" : DEFAULT_BIOS;
	char *path = pc_find_firmware(cfg, name);
	struct stat st;
	int fd = -1, ret = -1;

	if (!path) {
		err_report("-bios %s: file not found (install the Debian package "
			   "seabios, or give -L DIR)", name);
		return -1;
	}
	fd = open(path, O_RDONLY);
	if (fd < 0 || fstat(fd, &st) < 0) {
		err_report("-bios %s: %s", path, strerror(errno));
		goto out;
	}
	if (st.st_size <= 0 || st.st_size > BIOS_MAX || st.st_size % 65536) {
		err_report("-bios %s: a BIOS image must be a multiple of 64 KiB "
			   "and at most 16 MiB (this one is %lld bytes)", path,
			   (long long)st.st_size);
		goto out;
	}
	pc->bios_size = (uint32_t)st.st_size;
	pc->bios = mem_alloc(pc->bios_size);
	if (!pc->bios || pread(fd, pc->bios, pc->bios_size, 0) != (ssize_t)pc->bios_size) {
		err_report("-bios %s: cannot read it", path);
		goto out;
	}
	if (mem_map_rom(0x100000000ull - pc->bios_size, pc->bios_size, pc->bios,
			"bios")) {
		err_report("-bios %s: overlaps other memory", path);
		goto out;
	}
	ret = 0;
out:
	if (fd >= 0)
		close(fd);
	free(path);
	return ret;
}

static int map_ram(struct pc *pc)
{
	uint64_t above;

	pc->ram = mem_alloc(pc->ram_bytes);
	if (!pc->ram) {
		err_report("-m: cannot allocate %llu MiB of guest RAM",
			   (unsigned long long)(pc->ram_bytes >> 20));
		return -1;
	}
	pc->below_4g = pc->ram_bytes < PC_PCI_HOLE_START ? pc->ram_bytes :
						    PC_PCI_HOLE_START;
	above = pc->ram_bytes - pc->below_4g;
	/* 0xA0000-0xFFFFF belongs to the VGA window and to PAM (i440fx.c) */
	if (mem_map_ram(0, 0xa0000, pc->ram, "ram-low") ||
	    (pc->below_4g > 0x100000 &&
	     mem_map_ram(0x100000, pc->below_4g - 0x100000, pc->ram + 0x100000,
			 "ram")) ||
	    (above && mem_map_ram(0x100000000ull, above, pc->ram + pc->below_4g,
				  "ram-above-4g"))) {
		err_report("-m: cannot map guest RAM");
		return -1;
	}
	return 0;
}

/* The CMOS bytes firmware reads for the machine's configuration, laid out
 * as on IBM AT compatibles and as QEMU fills them (see
 * ../shared/research/test-suites.md §4.2). */
/* The boot order in CMOS as the AT BIOSes keep it: three 4-bit device
 * codes (1 floppy, 2 hard disk, 3 CD-ROM, 4 network) in 0x3D low, 0x3D
 * high and 0x38 high; 0x38 bit 0 set skips the floppy boot signature
 * check (never, as QEMU's default).  SeaBIOS reads it when fw_cfg has no
 * "bootorder" file. */
void cmos_set_boot_order(struct mc146818 *rtc, const char *order)
{
	uint8_t code[3] = { 0, 0, 0 };

	for (int i = 0; i < 3 && order[i]; i++) {
		char c = order[i];

		code[i] = c == 'a' || c == 'b' ? 1 : c == 'c' ? 2 :
			  c == 'd' ? 3 : c >= 'n' ? 4 : 0;
	}
	mc146818_cmos_set(rtc, 0x3d, (uint8_t)(code[1] << 4 | code[0]));
	mc146818_cmos_set(rtc, 0x38, (uint8_t)(code[2] << 4));
}

static void cmos_init(struct pc *pc, struct mc146818 *rtc, const char *order)
{
	uint64_t kb_above_1m = (pc->below_4g - 0x100000) >> 10;
	uint64_t above_16m = pc->below_4g > 0x1000000 ?
			     (pc->below_4g - 0x1000000) >> 16 : 0;
	uint64_t above_4g = (pc->ram_bytes - pc->below_4g) >> 16;
	unsigned nfloppy;

	if (kb_above_1m > 0xffff)
		kb_above_1m = 0xffff;
	if (above_16m > 0xffff)
		above_16m = 0xffff;
	/* base memory: 640 KiB */
	mc146818_cmos_set(rtc, 0x15, 640 & 0xff);
	mc146818_cmos_set(rtc, 0x16, 640 >> 8);
	/* extended memory in KiB above 1 MiB, twice (AT and POST copies) */
	mc146818_cmos_set(rtc, 0x17, kb_above_1m & 0xff);
	mc146818_cmos_set(rtc, 0x18, kb_above_1m >> 8);
	mc146818_cmos_set(rtc, 0x30, kb_above_1m & 0xff);
	mc146818_cmos_set(rtc, 0x31, kb_above_1m >> 8);
	/* 64 KiB units above 16 MiB and above 4 GiB (SeaBIOS, Bochs BIOS) */
	mc146818_cmos_set(rtc, 0x34, above_16m & 0xff);
	mc146818_cmos_set(rtc, 0x35, above_16m >> 8);
	mc146818_cmos_set(rtc, 0x5b, above_4g & 0xff);
	mc146818_cmos_set(rtc, 0x5c, (above_4g >> 8) & 0xff);
	mc146818_cmos_set(rtc, 0x5d, (above_4g >> 16) & 0xff);
	mc146818_cmos_set(rtc, 0x5f, 0);	/* CPUs - 1 */
	/* equipment: math coprocessor present, VGA/EGA display (bits 4-5
	 * = 00), PS/2 mouse (bit 2), floppy drives (bit 0, count - 1 in
	 * bits 6-7); their types in 0x10, 4 = 1.44 MB (as QEMU fills them) */
	nfloppy = fdc_drive_count(&pc->fdc);
	mc146818_cmos_set(rtc, 0x10, fdc_cmos_types(&pc->fdc));
	mc146818_cmos_set(rtc, 0x14, 0x02 | 0x04 |
			  (nfloppy ? 0x01 | (nfloppy - 1) << 6 : 0));
	cmos_set_boot_order(rtc, order);
}

/* Port 0x80: the POST diagnostic port.  It is the unused DMA page
 * register, so it reads back what was written; Linux writes it as a
 * short I/O delay. */
static uint64_t post_read(void *opaque, uint64_t off, unsigned size)
{
	struct pc *pc = opaque;

	return pc->post_code;
}

static void post_write(void *opaque, uint64_t off, uint64_t val, unsigned size)
{
	struct pc *pc = opaque;

	pc->post_code = val;
}

static const struct io_ops post_ops = { post_read, post_write, IO_SZ1 };

/* The e820 map QEMU gives SeaBIOS in "etc/e820": RAM below the PCI hole
 * and above 4 GiB (entries {le64 address, le64 length, le32 type}). */
static int fw_cfg_add_e820(struct pc *pc)
{
	uint8_t map[2 * 20];
	size_t n = 0;
	uint64_t above = pc->ram_bytes - pc->below_4g;

	memset(map, 0, sizeof(map));
	for (int i = 0; i < 2; i++) {
		uint64_t addr = i ? 0x100000000ull : 0;
		uint64_t len = i ? above : pc->below_4g;
		uint32_t type = 1;	/* RAM */
		uint8_t *e = map + 20 * n;

		if (!len)
			continue;
		for (int b = 0; b < 8; b++) {
			e[b] = (uint8_t)(addr >> (8 * b));
			e[8 + b] = (uint8_t)(len >> (8 * b));
		}
		for (int b = 0; b < 4; b++)
			e[16 + b] = (uint8_t)(type >> (8 * b));
		n++;
	}
	return fw_cfg_add_file(&pc->fw_cfg, "etc/e820", map, 20 * n);
}

/* fw_cfg with the items SeaBIOS reads (test-suites.md §4.2). */
static int fw_cfg_setup(struct pc *pc, const struct vm_config *cfg)
{
	struct fw_cfg *fw = &pc->fw_cfg;

	if (fw_cfg_init(fw, FW_CFG_IO_BASE, true)) {
		err_report("cannot create fw_cfg: ports 0x510-0x51b are taken");
		return -1;
	}
	if (fw_cfg_add_i64(fw, FW_CFG_RAM_SIZE, pc->ram_bytes) ||
	    fw_cfg_add_i16(fw, FW_CFG_NB_CPUS, 1) ||
	    fw_cfg_add_i16(fw, FW_CFG_MAX_CPUS, 1) ||
	    fw_cfg_add_i16(fw, FW_CFG_NOGRAPHIC, cfg->nographic) ||
	    /* SeaBIOS waits for ESC only with the boot menu on (-boot menu=on) */
	    fw_cfg_add_i16(fw, FW_CFG_BOOT_MENU, cfg->boot_menu == 1) ||
	    fw_cfg_add_e820(pc)) {
		err_report("cannot fill fw_cfg: out of memory");
		return -1;
	}
	return 0;
}

/* The ISA-only PC has no chipset to shadow the BIOS: 0xC0000-0xFFFFF is
 * plain RAM, and the BIOS's last 128 KiB are copied to its top at every
 * reset (QEMU's isapc does the same, so the BIOS can write its data
 * segment there). */
static void isapc_copy_bios(struct pc *pc)
{
	uint32_t at = 0x100000u - pc->isa_bios_size;

	if (!pc->bios)
		return;
	memcpy(pc->ram + at, pc->bios + pc->bios_size - pc->isa_bios_size,
	       pc->isa_bios_size);
	mem_notify_write(at, pc->isa_bios_size);
}

static int isapc_init(struct pc *pc)
{
	if (mem_map_ram(0xc0000, 0x40000, pc->ram + 0xc0000, "ram-bios")) {
		err_report("cannot map the BIOS area");
		return -1;
	}
	return 0;
}

/* -vga std (the default): QEMU's standard VGA, 1234:1111 at 00:02.0,
 * with SeaBIOS's VGA BIOS in its expansion ROM, where SeaBIOS looks. */
static int std_vga_init(struct pc *pc, const struct vm_config *cfg)
{
	char *rom;
	int err;

	if (cfg->vga == VGA_NONE)
		return 0;
	rom = pc_find_firmware(cfg, "vgabios-stdvga.bin");
	if (!rom) {
		err_report("-vga std: vgabios-stdvga.bin not found (install the "
			   "Debian package seabios, or give -L DIR)");
		return -1;
	}
	err = vga_pci_init(&pc->vga, pc->pci, PCI_DEVFN(2, 0), 0, rom);
	free(rom);
	if (err)
		return -1;
	pc->has_vga = true;
	return 0;
}

/* The hard disk parameters in CMOS as the AT BIOS keeps them (type 47,
 * "user defined", at 0x1b-0x23 for disk 0 and 0x24-0x2c for disk 1) and
 * the translation of the four IDE disks in 0x39, two bits each: 0 none,
 * 1 LBA (SeaBIOS reads them; QEMU fills them the same way). */
static void cmos_set_disks(struct pc *pc, struct mc146818 *rtc)
{
	uint8_t present = 0, trans = 0;

	for (int i = 0; i < 4; i++) {
		const struct ide_drive *d = &pc->ide.ch[i / 2].drive[i % 2];
		int base = i ? 0x24 : 0x1b;

		if (d->kind != IDE_HD)
			continue;
		if (d->cyls > 1024 || d->heads > 16 || d->secs > 63)
			trans |= (uint8_t)(1 << (i * 2));
		if (i > 1)
			continue;
		present |= i ? 0x0f : 0xf0;
		mc146818_cmos_set(rtc, i ? 0x1a : 0x19, 47);
		mc146818_cmos_set(rtc, base, (uint8_t)d->cyls);
		mc146818_cmos_set(rtc, base + 1, (uint8_t)(d->cyls >> 8));
		mc146818_cmos_set(rtc, base + 2, (uint8_t)d->heads);
		mc146818_cmos_set(rtc, base + 3, 0xff);	/* no precompensation */
		mc146818_cmos_set(rtc, base + 4, 0xff);
		mc146818_cmos_set(rtc, base + 5,
				  (uint8_t)(0xc0 | (d->heads > 8) << 3));
		mc146818_cmos_set(rtc, base + 6, (uint8_t)d->cyls);
		mc146818_cmos_set(rtc, base + 7, (uint8_t)(d->cyls >> 8));
		mc146818_cmos_set(rtc, base + 8, (uint8_t)d->secs);
	}
	mc146818_cmos_set(rtc, 0x12, present);
	mc146818_cmos_set(rtc, 0x39, trans);
}

/* Open the -hda..-hdd/-cdrom/-drive images and put them on the channels:
 * index 0-3 is primary master, primary slave, secondary master, secondary
 * slave; drives without an index take the next free one, as in QEMU. */
static int pc_drives_init(struct pc *pc, const struct vm_config *cfg,
			  struct mc146818 *rtc)
{
	const struct vm_drive *at[4] = { NULL };

	for (int i = 0; i < cfg->n_drives; i++) {
		const struct vm_drive *d = &cfg->drives[i];
		int idx = d->index;

		if (idx < 0)
			for (idx = 0; idx < 4 && at[idx]; idx++)
				;
		if (idx > 3 || at[idx]) {
			err_report("%s: no free IDE index for this drive",
				   d->file ? d->file : "-drive");
			return -1;
		}
		at[idx] = d;
	}
	block_init();
	for (int i = 0; i < 4; i++) {
		const struct vm_drive *d = at[i];
		struct ide_channel *ch = &pc->ide.ch[i / 2];
		struct block_dev *bs = NULL;
		int ret;

		if (!d)
			continue;
		if (d->file) {
			struct block_open_opts o = {
				.format = d->format,
				.read_only = d->read_only ||
					     d->media == DRIVE_MEDIA_CDROM,
				.snapshot = d->snapshot || cfg->snapshot,
				.cache = d->cache,
			};

			if (d->key_secret && !(o.key = secret_lookup(d->key_secret)))
				return -1;
			bs = block_open(d->file, &o);
			if (!bs)
				return -1;
			pc->drive_bs[i] = bs;
		}
		if (d->media == DRIVE_MEDIA_CDROM)
			ret = ide_attach_cd(ch, i % 2, bs);
		else
			ret = ide_attach_hd(ch, i % 2, bs);
		if (ret < 0) {
			err_report("%s: cannot attach IDE drive %d",
				   d->file ? d->file : "-drive", i);
			return -1;
		}
	}
	cmos_set_disks(pc, rtc);
	return 0;
}

/* isapc: the two channels at the legacy ports without the PCI function */
static int isapc_ide_init(struct pc *pc)
{
	static const uint16_t cmd[2] = { 0x1f0, 0x170 }, ctl[2] = { 0x3f6, 0x376 };

	for (int i = 0; i < 2; i++) {
		if (ide_channel_init(&pc->ide.ch[i],
				     (struct irq_line){ i8259_set_irq, pc->pic,
							14 + i }) ||
		    ide_channel_map(&pc->ide.ch[i], cmd[i], ctl[i])) {
			err_report("cannot create the IDE channels: ports taken");
			return -1;
		}
	}
	return 0;
}

/* The ISA DMA controllers and the floppy controller with the -fda/-fdb
 * drives, on both machines (QEMU's pc and isapc have them). */
static int pc_floppy_init(struct pc *pc, const struct vm_config *cfg)
{
	if (i8237_init(&pc->dma) ||
	    fdc_init(&pc->fdc, 0x3f0,
		     (struct irq_line){ i8259_set_irq, pc->pic, 6 },
		     &pc->dma, 2))
		return -1;
	block_init();
	for (int i = 0; i < 2; i++) {
		const struct vm_drive *d = &cfg->floppy[i];
		struct block_dev *bs = NULL;

		if (!cfg->has_floppy[i])
			continue;
		if (d->file) {
			struct block_open_opts o = {
				.format = d->format,
				.read_only = d->read_only,
				.snapshot = d->snapshot || cfg->snapshot,
				.cache = d->cache,
			};

			if (d->key_secret && !(o.key = secret_lookup(d->key_secret)))
				return -1;
			bs = block_open(d->file, &o);
			if (!bs)
				return -1;
			pc->floppy_bs[i] = bs;
		}
		if (fdc_attach(&pc->fdc, i, bs))
			return -1;
	}
	return 0;
}

int pc_init(struct pc *pc, const struct vm_config *cfg, struct x86_cpu *cpu,
	    struct i8259 *pic, struct mc146818 *rtc, bool with_firmware)
{
	uint32_t isa_size;

	memset(pc, 0, sizeof(*pc));
	pc->cpu = cpu;
	pc->pic = pic;
	pc->ram_bytes = cfg->ram_bytes;
	if (pc->ram_bytes < (2u << 20)) {
		err_report("-m: the PC needs at least 2 MiB of RAM");
		return -1;
	}
	if (map_ram(pc))
		return -1;
	if (with_firmware && load_bios(pc, cfg))
		return -1;
	isa_size = pc->bios_size < ISA_BIOS_MAX ? pc->bios_size : ISA_BIOS_MAX;
	pc->isa_bios_size = isa_size;
	cpu->intc = &pc_intc;
	cpu->intc_opaque = pc;
	if (pc_floppy_init(pc, cfg))
		return -1;
	/* QEMU's default order "cad": disk, floppy, CD-ROM */
	cmos_init(pc, rtc, cfg->boot_order[0] ? cfg->boot_order : "cad");
	if (io_port_map(0x80, 1, &post_ops, pc, "post") ||
	    io_port_map(0xf0, 1, &fpu_irq_ops, pc, "fpu-irq13")) {
		err_report("cannot create the POST or FPU ports: 0x80 or 0xF0 is taken");
		return -1;
	}
	if (fw_cfg_setup(pc, cfg))
		return -1;
	if (cfg->machine == MACHINE_ISAPC)
		return isapc_init(pc) || isapc_ide_init(pc) ||
		       pc_drives_init(pc, cfg, rtc) ? -1 : 0;
	pc->pci = pci_bus_new();
	if (!pc->pci) {
		err_report("out of memory");
		return -1;
	}
	if (pci_bus_map_ports(pc->pci, &piix3_rcr_ops, &pc->isa) ||
	    i440fx_init(&pc->host, pc->pci, pc->ram,
			pc->bios ? pc->bios + pc->bios_size - isa_size : NULL,
			isa_size) ||
	    piix3_init(&pc->isa, pc->pci, i8259_set_irq, pic) ||
	    piix4_pm_init(&pc->pm, pc->pci,
			  (struct irq_line){ i8259_set_irq, pic, 9 },
			  pc_raise_smi, cpu)) {
		err_report("cannot create the PC chipset: its ports are taken");
		return -1;
	}
	if (piix_ide_init(&pc->ide, pc->pci, i8259_set_irq, pic)) {
		err_report("cannot create the PIIX3 IDE controller");
		return -1;
	}
	if (pc_drives_init(pc, cfg, rtc))
		return -1;
	return std_vga_init(pc, cfg);
}

void pc_reset(struct pc *pc)
{
	i8237_reset(&pc->dma);
	fdc_reset(&pc->fdc);
	if (!pc->pci) {
		isapc_copy_bios(pc);
		ide_channel_reset(&pc->ide.ch[0]);
		ide_channel_reset(&pc->ide.ch[1]);
		return;
	}
	pci_bus_reset(pc->pci);
	if (pc->has_vga)
		vga_pci_reset(&pc->vga);
	i440fx_reset(&pc->host);
	/* Without firmware (a multiboot -kernel) nobody enables the RAM
	 * under 0xC0000-0xFFFFF: do what the BIOS would, so a kernel can
	 * be loaded there. */
	if (!pc->bios) {
		pci_config_write(pc->pci, 0, I440FX_PAM0, 0x30, 1);
		for (int i = 1; i < 7; i++)
			pci_config_write(pc->pci, 0, I440FX_PAM0 + i, 0x33, 1);
	}
	piix3_reset(&pc->isa);
	piix4_pm_reset(&pc->pm);
	piix_ide_reset(&pc->ide);
}
