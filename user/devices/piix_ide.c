// SPDX-License-Identifier: GPL-2.0-only
/*
 * The PIIX3 IDE function (Intel 82371SB datasheet, 290550): legacy-mode
 * channels switched on by IDETIM bit 15 (§2.4.3) and bus-master IDE
 * (§2.7, and the SFF-8038i programming interface it follows).
 */
#include <errno.h>
#include <string.h>

#include "core/lib/log.h"
#include "core/mem.h"
#include "devices/piix_ide.h"

static const uint16_t piix_ide_cmd_port[2] = { 0x1f0, 0x170 };
static const uint16_t piix_ide_ctl_port[2] = { 0x3f6, 0x376 };
static const int piix_ide_irq[2] = { 14, 15 };

/* Fetch the next PRD: a 32-bit base (bit 0 zero), a 16-bit count (0 means
 * 64 KiB) and EOT in bit 31 of the second dword (SFF-8038i §1.2) */
static bool piix_bm_next_prd(struct piix_bm *bm)
{
	uint8_t prd[8];

	if (bm->eot)
		return false;
	if (mem_rw(bm->prd_cur, prd, sizeof(prd), false) < 0)
		return false;
	bm->prd_cur += 8;
	bm->seg_addr = (prd[0] | prd[1] << 8 | prd[2] << 16 |
			(uint32_t)prd[3] << 24) & ~1u;
	bm->seg_left = prd[4] | prd[5] << 8;
	if (!bm->seg_left)
		bm->seg_left = 0x10000;
	bm->eot = prd[7] & 0x80;
	return true;
}

static int piix_bm_rw(void *opaque, uint8_t *buf, unsigned len, bool to_mem)
{
	struct piix_bm *bm = opaque;
	unsigned done = 0;

	if (!(bm->cmd & BM_CMD_START) ||
	    !(bm->ide->pci.config[PCI_COMMAND] & PCI_COMMAND_MASTER))
		return 0;
	while (done < len) {
		unsigned n;
		uint8_t *host;

		if (!bm->seg_left && !piix_bm_next_prd(bm))
			break;
		n = len - done < bm->seg_left ? len - done : bm->seg_left;
		host = mem_host_ptr(bm->seg_addr, n, to_mem);
		if (host) {
			if (to_mem) {
				memcpy(host, buf + done, n);
				mem_notify_write(bm->seg_addr, n);
			} else {
				memcpy(buf + done, host, n);
			}
		} else {
			mem_rw(bm->seg_addr, buf + done, n, to_mem);
		}
		bm->seg_addr += n;
		bm->seg_left -= n;
		done += n;
	}
	return (int)done;
}

static void piix_bm_kick(void *opaque)
{
	struct piix_bm *bm = opaque;

	if (bm->cmd & BM_CMD_START)
		ide_dma_start(bm->ch);
}

/* The channel's INTRQ: latch the bus-master interrupt bit, pass it on */
static void piix_ide_set_irq(void *opaque, int n, int level)
{
	struct piix_bm *bm = opaque;

	if (level) {
		bm->status |= BM_ST_INTR;
		/* the transfer is over when the device interrupts */
		bm->status &= ~BM_ST_ACTIVE;
	}
	bm->isa_set_irq(bm->isa_opaque, bm->isa_irq, level);
}

static uint64_t piix_bm_read(void *opaque, uint64_t off, unsigned size)
{
	struct piix_ide *p = opaque;
	struct piix_bm *bm = &p->bm[off >= 8];

	switch (off & 7) {
	case 0:
		return bm->cmd;
	case 2:
		return bm->status;
	case 4:
		return bm->prd_table;
	default:
		return 0;
	}
}

static void piix_bm_write(void *opaque, uint64_t off, uint64_t val,
			  unsigned size)
{
	struct piix_ide *p = opaque;
	struct piix_bm *bm = &p->bm[off >= 8];

	switch (off & 7) {
	case 0:
		val &= BM_CMD_START | BM_CMD_READ;
		if ((val & BM_CMD_START) && !(bm->cmd & BM_CMD_START)) {
			bm->cmd = (uint8_t)val;
			bm->status |= BM_ST_ACTIVE;
			bm->prd_cur = bm->prd_table;
			bm->seg_left = 0;
			bm->eot = false;
			ide_dma_start(bm->ch);
		} else {
			/* clearing START stops the engine (§2.7.1) */
			bm->cmd = (uint8_t)val;
			if (!(val & BM_CMD_START))
				bm->status &= ~BM_ST_ACTIVE;
		}
		break;
	case 2:
		/* bits 5-6 (drive DMA capable) are read/write, 1-2 write one
		 * to clear (§2.7.2) */
		bm->status = (uint8_t)((bm->status & ~0x60 & ~(val & 0x06)) |
				       (val & 0x60));
		break;
	case 4:
		bm->prd_table = (uint32_t)val & ~3u;
		break;
	}
}

static const struct io_ops piix_bm_ops = {
	.read = piix_bm_read,
	.write = piix_bm_write,
	/* byte registers, the PRD address a dword */
	.sizes = IO_SZ1 | IO_SZ4,
};

static void piix_ide_update_decode(struct piix_ide *p)
{
	int i;

	for (i = 0; i < 2; i++) {
		uint16_t idetim = p->pci.config[PIIX_IDE_IDETIM + 2 * i] |
				  p->pci.config[PIIX_IDE_IDETIM + 2 * i + 1] << 8;
		bool on = (idetim & PIIX_IDE_DECODE) &&
			  (p->pci.config[PCI_COMMAND] & PCI_COMMAND_IO);

		if (on == p->decoded[i])
			continue;
		if (on) {
			if (ide_channel_map(&p->ch[i], piix_ide_cmd_port[i],
					    piix_ide_ctl_port[i]) < 0) {
				err_report("piix-ide: ports 0x%x are taken",
					   piix_ide_cmd_port[i]);
				continue;
			}
		} else {
			ide_channel_unmap(&p->ch[i], piix_ide_cmd_port[i],
					  piix_ide_ctl_port[i]);
		}
		p->decoded[i] = on;
	}
}

static void piix_ide_config_write(struct pci_device *d, unsigned off,
				  uint32_t val, unsigned len)
{
	piix_ide_update_decode(d->opaque);
}

int piix_ide_init(struct piix_ide *p, struct pci_bus *bus,
		  void (*isa_set_irq)(void *opaque, int irq, int level),
		  void *isa_opaque)
{
	struct pci_device *d = &p->pci;
	int i, ret;

	memset(p, 0, sizeof(*p));
	for (i = 0; i < 2; i++) {
		struct piix_bm *bm = &p->bm[i];

		bm->ide = p;
		bm->ch = &p->ch[i];
		bm->isa_set_irq = isa_set_irq;
		bm->isa_opaque = isa_opaque;
		bm->isa_irq = piix_ide_irq[i];
		ret = ide_channel_init(&p->ch[i],
				       (struct irq_line){ piix_ide_set_irq, bm, 0 });
		if (ret < 0)
			return ret;
		p->ch[i].dma_rw = piix_bm_rw;
		p->ch[i].dma_kick = piix_bm_kick;
		p->ch[i].dma_opaque = bm;
	}
	d->name = "PIIX3 IDE";
	d->opaque = p;
	d->config_write = piix_ide_config_write;
	/* IDE, both channels in legacy mode, bus master (§2.4.2) */
	pci_config_init(d, 0x8086, 0x7010, 0x00, 0x010180, 0);
	pci_set_subsystem(d, 0x1af4, 0x1100);
	memset(d->wmask + 0x40, 0xff, 0x08);	/* IDETIM, SIDETIM */
	pci_declare_bar(d, 4, PCI_BAR_IO, 16, &piix_bm_ops, p, NULL);
	return pci_register_device(bus, d, PCI_DEVFN(1, 1));
}

void piix_ide_reset(struct piix_ide *p)
{
	int i;

	for (i = 0; i < 2; i++) {
		ide_channel_reset(&p->ch[i]);
		p->bm[i].cmd = 0;
		p->bm[i].status = 0;
		p->bm[i].prd_table = 0;
	}
	piix_ide_update_decode(p);
}
