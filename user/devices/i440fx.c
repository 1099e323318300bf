// SPDX-License-Identifier: GPL-2.0-only
/*
 * i440FX host bridge: identity, PAM shadowing and SMRAM (see i440fx.h).
 */
#include <string.h>

#include "core/lib/log.h"
#include "core/mem.h"
#include "devices/i440fx.h"

#define SMRAM_C_BASE_SEG	0x02	/* read-only: SMRAM at 0xA0000 */
#define SMRAM_G_SMRAME		0x08
#define SMRAM_D_LCK		0x10
#define SMRAM_D_CLS		0x20
#define SMRAM_D_OPEN		0x40

#define LEGACY_BASE	0xa0000u
#define LEGACY_END	0xc0000u

/* PAM read/write enables (datasheet §3.2.18): bit 0 RE, bit 1 WE. */
enum { PAM_PCI = 0, PAM_READ = 1, PAM_WRITE = 2, PAM_RW = 3 };

/* Segment @i: 0 is 0xF0000-0xFFFFF (64 KiB), 1-12 the 16 KiB pieces of
 * 0xC0000-0xEFFFF.  PAM1 (0x5A) low nibble is 0xC0000, high 0xC4000... */
static uint32_t pam_base(int i)
{
	return i == 0 ? 0xf0000u : 0xc0000u + (uint32_t)(i - 1) * 0x4000u;
}

static uint32_t pam_size(int i)
{
	return i == 0 ? 0x10000u : 0x4000u;
}

static uint8_t pam_mode(const struct i440fx *h, int i)
{
	uint8_t reg = h->pci.config[I440FX_PAM0 + (i + 1) / 2];

	return ((i & 1) ? reg : reg >> 4) & 3;
}

/* The PCI side of a physical address in 0xC0000-0xFFFFF: the BIOS alias
 * ends at 1 MiB; below it nothing answers. */
static uint8_t *pci_side(const struct i440fx *h, uint32_t gpa, uint32_t len)
{
	uint32_t start = 0x100000u - h->isa_bios_size;

	if (!h->isa_bios || gpa < start)
		return NULL;
	(void)len;
	return h->isa_bios + (gpa - start);
}

/* Write-only mode: reads from the PCI side, writes land in DRAM.  SeaBIOS
 * does not use it, but a guest may. */
static uint64_t pam_wo_read(void *dev, uint64_t off, unsigned size)
{
	uint8_t **pp = dev;	/* [0] = PCI side or NULL, [1] = DRAM */
	uint64_t v = 0;

	if (!pp[0])
		return (1ull << (8 * size)) - 1;
	memcpy(&v, pp[0] + off, size);
	return v;
}

static void pam_wo_write(void *dev, uint64_t off, uint64_t val, unsigned size)
{
	uint8_t **pp = dev;

	memcpy(pp[1] + off, &val, size);
}

static const struct io_ops pam_wo_ops = {
	.read = pam_wo_read, .write = pam_wo_write,
	.sizes = IO_SZ1 | IO_SZ2 | IO_SZ4,
};

static void pam_apply(struct i440fx *h, int i, bool force)
{
	uint32_t base = pam_base(i), size = pam_size(i);
	uint8_t mode = pam_mode(h, i);
	uint8_t *rom = pci_side(h, base, size);
	int err = 0;

	if (!force && mode == h->pam_mode[i])
		return;
	h->pam_mode[i] = mode;
	mem_unmap(base);
	switch (mode) {
	case PAM_PCI:
		if (rom)
			err = mem_map_rom(base, size, rom, "isa-bios");
		break;
	case PAM_READ:
		/* reads from DRAM, writes go to the PCI side (dropped) */
		err = mem_map_rom(base, size, h->ram + base, "pam-ro");
		break;
	case PAM_WRITE:
		h->pam_wo_ctx[i][0] = rom;
		h->pam_wo_ctx[i][1] = h->ram + base;
		err = mem_map_mmio(base, size, &pam_wo_ops, h->pam_wo_ctx[i], "pam-wo");
		break;
	case PAM_RW:
		err = mem_map_ram(base, size, h->ram + base, "pam-ram");
		break;
	}
	if (err)
		log_msg(LOG_GUEST, "i440fx: cannot map PAM segment 0x%x\n", base);
	/* The bytes behind these addresses changed: code translated from
	 * the old ones must go. */
	mem_notify_write(base, size);
}

static void pam_update(struct i440fx *h, bool force)
{
	for (int i = 0; i < 13; i++)
		pam_apply(h, i, force);
}

static bool smram_visible(const struct i440fx *h)
{
	uint8_t smram = h->pci.config[I440FX_SMRAM];

	/* D_OPEN makes SMRAM visible outside SMM; in SMM it is visible when
	 * enabled at all (§3.2.26).  D_CLS (data to VGA while code from
	 * SMRAM) is not modelled: SeaBIOS never sets it. */
	if (!(smram & SMRAM_G_SMRAME))
		return false;
	return (smram & SMRAM_D_OPEN) || h->in_smm;
}

static void smram_update(struct i440fx *h)
{
	bool want = smram_visible(h);
	uint32_t a;
	int n = 0;

	if (want == h->smram_mapped)
		return;
	if (want) {
		/* save and remove what decodes the window now (the VGA) */
		for (a = LEGACY_BASE; a < LEGACY_END;) {
			const struct mem_region *r = mem_lookup(a);

			if (!r) {
				a += 0x1000;
				continue;
			}
			if (n < 4) {
				h->legacy_saved[n].valid = true;
				h->legacy_saved[n].r = *r;
				n++;
			}
			a = r->gpa + r->size;
			mem_unmap(r->gpa);
		}
		mem_map_ram(LEGACY_BASE, LEGACY_END - LEGACY_BASE,
			    h->ram + LEGACY_BASE, "smram");
	} else {
		mem_unmap(LEGACY_BASE);
		for (n = 0; n < 4; n++) {
			struct mem_region *r = &h->legacy_saved[n].r;

			if (!h->legacy_saved[n].valid)
				continue;
			h->legacy_saved[n].valid = false;
			if (r->kind == MEM_MMIO)
				mem_map_mmio(r->gpa, r->size, r->io.ops, r->io.dev,
					     r->name);
			else if (r->kind == MEM_ROM)
				mem_map_rom(r->gpa, r->size, r->hva, r->name);
			else
				mem_map_ram(r->gpa, r->size, r->hva, r->name);
		}
	}
	h->smram_mapped = want;
	mem_notify_write(LEGACY_BASE, LEGACY_END - LEGACY_BASE);
}

static void i440fx_config_write(struct pci_device *d, unsigned off,
				uint32_t val, unsigned len)
{
	struct i440fx *h = d->opaque;

	if (off <= I440FX_PAM0 + 6 && off + len > I440FX_PAM0)
		pam_update(h, false);
	if (off <= I440FX_SMRAM && off + len > I440FX_SMRAM) {
		uint8_t *smram = &d->config[I440FX_SMRAM];

		/* D_LCK: D_OPEN reads 0 and the register (but D_CLS) is
		 * frozen until reset (§3.2.26). */
		if (*smram & SMRAM_D_LCK) {
			*smram &= ~SMRAM_D_OPEN;
			d->wmask[I440FX_SMRAM] = SMRAM_D_CLS;
		}
		smram_update(h);
	}
}

int i440fx_init(struct i440fx *h, struct pci_bus *bus, uint8_t *ram,
		uint8_t *isa_bios, uint32_t isa_bios_size)
{
	struct pci_device *d = &h->pci;

	memset(h, 0, sizeof(*h));
	h->ram = ram;
	h->isa_bios = isa_bios;
	h->isa_bios_size = isa_bios_size;
	d->name = "i440FX";
	d->opaque = h;
	d->config_write = i440fx_config_write;
	pci_config_init(d, 0x8086, 0x1237, 0x02, 0x060000, 0);
	/* QEMU's subsystem: SeaBIOS's "Running on QEMU (i440fx)" needs it */
	pci_set_subsystem(d, 0x1af4, 0x1100);
	memset(d->wmask + I440FX_PAM0, 0x33, 7);
	d->wmask[I440FX_PAM0] = 0x30;	/* PAM0 low nibble is reserved */
	d->config[I440FX_SMRAM] = SMRAM_C_BASE_SEG;
	d->wmask[I440FX_SMRAM] = SMRAM_D_OPEN | SMRAM_D_CLS | SMRAM_D_LCK |
				 SMRAM_G_SMRAME;
	return pci_register_device(bus, d, PCI_DEVFN(0, 0));
}

void i440fx_reset(struct i440fx *h)
{
	struct pci_device *d = &h->pci;

	d->wmask[I440FX_SMRAM] = SMRAM_D_OPEN | SMRAM_D_CLS | SMRAM_D_LCK |
				 SMRAM_G_SMRAME;
	h->in_smm = false;
	smram_update(h);
	pam_update(h, true);
}

void i440fx_set_smm(struct i440fx *h, bool in_smm)
{
	h->in_smm = in_smm;
	smram_update(h);
}
