// SPDX-License-Identifier: GPL-2.0-only
/*
 * The PCI face of the VGA, as QEMU's "standard VGA" presents it
 * (docs/specs/standard-vga.rst of QEMU): 1234:1111 revision 2, class
 * 0x030000 (VGA compatible controller), subsystem 1AF4:1100 (Red Hat,
 * "QEMU virtual machine", QEMU's default for devices without their own).
 *
 *   BAR 0  prefetchable memory, the video memory: the linear frame buffer
 *          SeaVGABIOS reads from this BAR for its VBE modes
 *   BAR 2  4 KiB of registers: 0x000 EDID, 0x400-0x41F the ports
 *          0x3C0-0x3DF, 0x500-0x515 the DISPI registers (index * 2),
 *          0x600-0x607 QEMU's extended registers (revision 2 and up)
 *   ROM    the VGA BIOS, which SeaBIOS copies to 0xC0000 and runs
 */
#include "vga_pci.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/lib/log.h"
#include "core/mem.h"

#define VGA_PCI_REVISION	2
#define VGA_PCI_CLASS		0x030000
#define VGA_PCI_SUBSYS_VENDOR	0x1af4
#define VGA_PCI_SUBSYS_ID	0x1100

#define MMIO_EDID		0x000
#define MMIO_VGA_PORTS		0x400	/* 0x3C0-0x3DF */
#define MMIO_DISPI		0x500
#define MMIO_QEXT		0x600
#define QEXT_SIZE		8
#define QEXT_LITTLE_ENDIAN	0x1e1e1e1e
#define QEXT_BIG_ENDIAN		0xbebebebe

#define VGA_ROM_MAX		(1u << 20)	/* larger is not a VGA BIOS */

static uint8_t mmio_read8(struct vga_pci *d, uint32_t off)
{
	if (off >= MMIO_VGA_PORTS && off < MMIO_VGA_PORTS + 0x20)
		return vga_port_read(&d->vga, 0x3c0 + off - MMIO_VGA_PORTS);
	if (off >= MMIO_DISPI && off < MMIO_DISPI + 2 * VBE_DISPI_NUM_REGS + 2)
		return vga_dispi_read(&d->vga, (off - MMIO_DISPI) / 2) >>
		       (8 * (off & 1));
	if (off >= MMIO_QEXT && off < MMIO_QEXT + QEXT_SIZE) {
		uint32_t v = off < MMIO_QEXT + 4 ? QEXT_SIZE : d->qext_byteorder;

		return v >> (8 * (off & 3));
	}
	/* no EDID is provided: the blob reads as zeros (an invalid
	 * header), the holes between the areas as all ones */
	return off < MMIO_VGA_PORTS ? 0 : 0xff;
}

static uint64_t vga_pci_mmio_read(void *dev, uint64_t off, unsigned size)
{
	uint64_t v = 0;
	unsigned i;

	/* every register here reads without side effects except the VGA
	 * ports, which are byte registers anyway: byte by byte, low first */
	for (i = 0; i < size; i++)
		v |= (uint64_t)mmio_read8(dev, (uint32_t)off + i) << (8 * i);
	return v;
}

static void dispi_mmio_write(struct vga_pci *d, uint32_t off, uint32_t val,
			     unsigned size)
{
	uint16_t index = (off - MMIO_DISPI) / 2;
	uint16_t v;

	if (size == 1) {
		/* one byte of a 16-bit register: merge with the other */
		v = vga_dispi_read(&d->vga, index);
		if (off & 1)
			v = (v & 0x00ff) | (val & 0xff) << 8;
		else
			v = (v & 0xff00) | (val & 0xff);
		vga_dispi_write(&d->vga, index, v);
		return;
	}
	vga_dispi_write(&d->vga, index, (uint16_t)val);
	if (size == 4)
		vga_dispi_write(&d->vga, index + 1, (uint16_t)(val >> 16));
}

static void vga_pci_mmio_write(void *dev, uint64_t off, uint64_t val,
			       unsigned size)
{
	struct vga_pci *d = dev;
	unsigned i;

	if (off >= MMIO_VGA_PORTS && off < MMIO_VGA_PORTS + 0x20) {
		/* low byte first: one 16-bit write sets index, then data */
		for (i = 0; i < size && off + i < MMIO_VGA_PORTS + 0x20; i++)
			vga_port_write(&d->vga, 0x3c0 + off + i - MMIO_VGA_PORTS,
				       (uint8_t)(val >> (8 * i)));
	} else if (off >= MMIO_DISPI && off < MMIO_DISPI + 2 * VBE_DISPI_NUM_REGS) {
		dispi_mmio_write(d, (uint32_t)off, (uint32_t)val, size);
	} else if (off == MMIO_QEXT + 4 && size == 4) {
		/* The frame buffer's byte order.  Big endian is for
		 * big-endian guests; it is remembered, not applied. */
		if (val == QEXT_LITTLE_ENDIAN || val == QEXT_BIG_ENDIAN)
			d->qext_byteorder = (uint32_t)val;
		if (val == QEXT_BIG_ENDIAN)
			log_msg(LOG_UNIMP, "vga: big-endian frame buffer\n");
	}
}

static const struct io_ops vga_pci_mmio_ops = {
	.read = vga_pci_mmio_read,
	.write = vga_pci_mmio_write,
	.sizes = IO_SZ1 | IO_SZ2 | IO_SZ4,
};

/* Read the VGA BIOS image; reports and returns a negative errno. */
static int vga_pci_load_rom(const char *path, uint8_t **data, uint32_t *len)
{
	FILE *f = fopen(path, "rb");
	uint8_t *buf;
	size_t n;

	if (!f) {
		int err = errno;

		err_report("VGA BIOS %s: %s", path, strerror(err));
		return -err;
	}
	buf = malloc(VGA_ROM_MAX + 1);
	if (!buf) {
		fclose(f);
		err_report("VGA BIOS %s: out of memory", path);
		return -ENOMEM;
	}
	n = fread(buf, 1, VGA_ROM_MAX + 1, f);
	if (ferror(f)) {
		int err = errno ? errno : EIO;

		err_report("VGA BIOS %s: %s", path, strerror(err));
		fclose(f);
		free(buf);
		return -err;
	}
	fclose(f);
	/* PCI Firmware Specification 3.0 §5.1: an option ROM image
	 * starts with the signature 55h AAh */
	if (n > VGA_ROM_MAX || n < 3 || buf[0] != 0x55 || buf[1] != 0xaa) {
		err_report("VGA BIOS %s: %s", path, n > VGA_ROM_MAX ?
			   "larger than 1 MiB" :
			   "not an option ROM (no 55 AA signature)");
		free(buf);
		return -EINVAL;
	}
	*data = buf;
	*len = (uint32_t)n;
	return 0;
}

int vga_pci_init(struct vga_pci *d, struct pci_bus *bus, int devfn,
		 uint32_t vram_size, const char *rom_path)
{
	struct pci_device *p = &d->pci;
	uint8_t *rom = NULL;
	uint32_t rom_len = 0;
	int err;

	memset(d, 0, sizeof(*d));
	if (!vram_size)
		vram_size = VGA_VRAM_SIZE_DEFAULT;
	if (rom_path) {
		err = vga_pci_load_rom(rom_path, &rom, &rom_len);
		if (err)
			return err;
	}
	err = vga_init(&d->vga, vram_size);
	if (err) {
		if (err == -EBUSY)
			err_report("VGA: its ports or the 0xA0000 window are "
				   "already in use");
		else
			err_report("VGA: cannot allocate %u MiB of video memory",
				   vram_size >> 20);
		free(rom);
		return err;
	}
	d->qext_byteorder = QEXT_LITTLE_ENDIAN;

	p->name = "VGA";
	p->opaque = d;
	pci_config_init(p, VGA_PCI_VENDOR, VGA_PCI_DEVICE, VGA_PCI_REVISION,
			VGA_PCI_CLASS, 0);
	pci_set_subsystem(p, VGA_PCI_SUBSYS_VENDOR, VGA_PCI_SUBSYS_ID);
	pci_declare_bar(p, 0, PCI_BAR_RAM, vram_size, NULL, NULL, d->vga.vram);
	pci_declare_bar(p, 2, PCI_BAR_MMIO, VGA_PCI_MMIO_SIZE,
			&vga_pci_mmio_ops, d, NULL);
	if (rom) {
		err = pci_declare_rom(p, rom, rom_len);
		free(rom);
		if (err) {
			err_report("VGA BIOS %s: out of memory", rom_path);
			vga_destroy(&d->vga);
			return err;
		}
	}
	err = pci_register_device(bus, p, devfn);
	if (err) {
		err_report("VGA: PCI slot %02x.%x is taken", PCI_SLOT(devfn),
			   PCI_FUNC(devfn));
		mem_free(p->bar[PCI_ROM_SLOT].host, p->bar[PCI_ROM_SLOT].size);
		vga_destroy(&d->vga);
		return err;
	}
	return 0;
}

void vga_pci_reset(struct vga_pci *d)
{
	vga_reset(&d->vga);
	d->qext_byteorder = QEXT_LITTLE_ENDIAN;
}

void vga_pci_destroy(struct vga_pci *d)
{
	vga_destroy(&d->vga);
}
