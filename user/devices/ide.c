// SPDX-License-Identifier: GPL-2.0-only
/*
 * The ATA register interface of one IDE channel and the ATA hard disk
 * command set (ATA/ATAPI-6, T13/1410D).  Section numbers below are that
 * document's.  I/O is synchronous: a command has done its block I/O by the
 * time the guest next reads the status register, so BSY is never seen.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/io.h"
#include "core/lib/log.h"
#include "devices/ide.h"

/* Registers of the command block (§7.1, table 20) */
enum {
	REG_DATA = 0, REG_ERROR = 1, REG_NSECTOR = 2, REG_SECTOR = 3,
	REG_LCYL = 4, REG_HCYL = 5, REG_SELECT = 6, REG_STATUS = 7,
};

#define SEL_LBA		0x40
#define SEL_DEV		0x10

void ide_set_irq(struct ide_channel *ch)
{
	ch->irq_pending = true;
	if (!(ch->devctl & IDE_CTL_NIEN))
		irq_raise(&ch->irq);
}

static void ide_clear_irq(struct ide_channel *ch)
{
	ch->irq_pending = false;
	irq_lower(&ch->irq);
}

void ide_transfer_start(struct ide_drive *d, unsigned pos, unsigned end,
			void (*end_fn)(struct ide_drive *d))
{
	d->pos = pos;
	d->end = end;
	d->end_fn = end_fn;
	d->status |= IDE_ST_DRQ;
}

static void ide_transfer_stop(struct ide_drive *d)
{
	d->pos = d->end = 0;
	d->end_fn = NULL;
	d->status &= ~IDE_ST_DRQ;
}

/* ATA strings are byte-swapped in each word and space padded (§8.15.8) */
void ide_put_string(uint16_t *words, const char *s, unsigned len)
{
	size_t n = strlen(s);
	unsigned i;

	for (i = 0; i < len; i++) {
		uint8_t c = i < n ? (uint8_t)s[i] : ' ';

		if (i & 1)
			words[i / 2] |= c;
		else
			words[i / 2] = (uint16_t)(c << 8);
	}
}

/* The signature a device leaves after reset and diagnostics (§9.12) */
void ide_set_signature(struct ide_drive *d)
{
	d->select &= SEL_DEV;
	d->nsector = 1;
	d->sector = 1;
	if (d->kind == IDE_CD) {
		d->lcyl = 0x14;
		d->hcyl = 0xeb;
	} else {
		d->lcyl = 0;
		d->hcyl = 0;
	}
}

static void ide_cmd_done(struct ide_drive *d)
{
	ide_transfer_stop(d);
	d->status = IDE_ST_DRDY | IDE_ST_DSC;
	ide_set_irq(d->ch);
}

static void ide_abort(struct ide_drive *d, uint8_t err)
{
	ide_transfer_stop(d);
	d->dma_pending = false;
	d->error = err;
	d->status = IDE_ST_DRDY | IDE_ST_ERR;
	ide_set_irq(d->ch);
}

static void ide_identify(struct ide_drive *d)
{
	uint16_t *w = (uint16_t *)d->buf;
	uint64_t cur = (uint64_t)d->cyls * d->cur_heads * d->cur_secs;
	uint64_t lba28 = d->nb_sectors < 0x0fffffff ? d->nb_sectors : 0x0fffffff;
	unsigned i, mdma = 0, udma = 0;
	uint8_t sum = 0;

	if (d->xfer_mode >> 3 == 4)
		mdma = 1u << (d->xfer_mode & 7);
	else if (d->xfer_mode >> 3 == 8)
		udma = 1u << (d->xfer_mode & 7);
	if (cur > 0x0fffffff)
		cur = 0x0fffffff;
	memset(w, 0, 512);
	/* §8.15.8, table 13 */
	w[0] = 0x0040;			/* fixed device */
	w[1] = (uint16_t)d->cyls;
	w[3] = (uint16_t)d->heads;
	w[6] = (uint16_t)d->secs;
	ide_put_string(&w[10], d->serial, 20);
	ide_put_string(&w[23], "1.0", 8);
	ide_put_string(&w[27], d->model, 40);
	w[47] = 0x8000 | IDE_MAX_MULT;
	w[49] = 0x0300;			/* LBA and DMA supported */
	w[51] = 0x0200;
	w[53] = 0x0007;			/* words 54-58, 64-70 and 88 valid */
	w[54] = (uint16_t)d->cyls;
	w[55] = (uint16_t)d->cur_heads;
	w[56] = (uint16_t)d->cur_secs;
	w[57] = (uint16_t)cur;
	w[58] = (uint16_t)(cur >> 16);
	if (d->mult_sectors)
		w[59] = 0x0100 | d->mult_sectors;
	w[60] = (uint16_t)lba28;
	w[61] = (uint16_t)(lba28 >> 16);
	w[63] = (uint16_t)(0x0007 | mdma << 8);
	w[64] = 0x0003;			/* PIO modes 3 and 4 */
	w[65] = w[66] = w[67] = w[68] = 120;
	w[80] = 0x00f0;			/* ATA-4 to ATA-7 */
	w[82] = 0x4000 | 0x0020;	/* write cache */
	/* 48-bit addressing, FLUSH CACHE and FLUSH CACHE EXT (§8.15.8) */
	w[83] = 0x4000 | 0x2000 | 0x1000 | 0x0400;
	w[84] = 0x4000;
	w[85] = d->write_cache ? 0x0020 : 0;
	w[86] = 0x2000 | 0x1000 | 0x0400;
	w[87] = 0x4000;
	w[88] = (uint16_t)(0x003f | udma << 8);
	w[93] = 0x6001;			/* 80-conductor cable, device 0 */
	for (i = 0; i < 4; i++)
		w[100 + i] = (uint16_t)(d->nb_sectors >> (16 * i));
	/* integrity word: signature A5h, checksum making the sum zero */
	w[255] = 0x00a5;
	for (i = 0; i < 511; i++)
		sum += d->buf[i];
	w[255] |= (uint16_t)((uint8_t)-sum << 8);
}

/* The first sector of a command and its count (§6.2, §7.12) */
static bool ide_get_lba(struct ide_drive *d, bool lba48, uint64_t *lba,
			uint32_t *count)
{
	if (lba48) {
		*count = d->nsector | (uint32_t)d->hob_nsector << 8;
		if (!*count)
			*count = 65536;
		*lba = d->sector | (uint64_t)d->lcyl << 8 |
		       (uint64_t)d->hcyl << 16 | (uint64_t)d->hob_sector << 24 |
		       (uint64_t)d->hob_lcyl << 32 | (uint64_t)d->hob_hcyl << 40;
	} else {
		*count = d->nsector ? d->nsector : 256;
		if (d->select & SEL_LBA) {
			*lba = d->sector | (uint64_t)d->lcyl << 8 |
			       (uint64_t)d->hcyl << 16 |
			       (uint64_t)(d->select & 0xf) << 24;
		} else {
			unsigned cyl = d->lcyl | d->hcyl << 8;
			unsigned head = d->select & 0xf;

			if (!d->sector || d->sector > d->cur_secs ||
			    head >= d->cur_heads)
				return false;
			*lba = ((uint64_t)cyl * d->cur_heads + head) *
			       d->cur_secs + d->sector - 1;
		}
	}
	return *lba + *count <= d->nb_sectors;
}

static int ide_io(struct ide_drive *d, uint64_t lba, unsigned n, bool write)
{
	if (write)
		return block_write(d->bs, lba * BLOCK_SECTOR, d->buf,
				   n * BLOCK_SECTOR);
	return block_read(d->bs, lba * BLOCK_SECTOR, d->buf, n * BLOCK_SECTOR);
}

static void ide_io_error(struct ide_drive *d, int ret)
{
	bool refused = ret == -ENOSPC || ret == -EROFS || ret == -EPERM;

	log_msg(LOG_GUEST, "ide: sector %llu: I/O error %d\n",
		(unsigned long long)d->lba, ret);
	/* a write the image refuses is an aborted command, anything else
	 * an uncorrectable data error (§7.9) */
	ide_abort(d, refused ? IDE_ERR_ABRT : IDE_ERR_UNC);
}

/* PIO data-in: one DRQ block loaded, an interrupt per block (§9.7) */
static void ide_pio_read_next(struct ide_drive *d);

static void ide_pio_read_block(struct ide_drive *d)
{
	unsigned n = d->left < d->block ? d->left : d->block;
	int ret = ide_io(d, d->lba, n, false);

	if (ret < 0) {
		ide_io_error(d, ret);
		return;
	}
	d->status = IDE_ST_DRDY | IDE_ST_DSC;
	ide_transfer_start(d, 0, n * BLOCK_SECTOR, ide_pio_read_next);
	ide_set_irq(d->ch);
}

static void ide_pio_read_next(struct ide_drive *d)
{
	unsigned n = d->left < d->block ? d->left : d->block;

	d->lba += n;
	d->left -= n;
	if (d->left) {
		ide_pio_read_block(d);
		return;
	}
	ide_transfer_stop(d);
	d->status = IDE_ST_DRDY | IDE_ST_DSC;
}

/* PIO data-out: the host fills a block, then the device writes it and
 * interrupts (§9.8) */
static void ide_pio_write_next(struct ide_drive *d)
{
	unsigned n = d->left < d->block ? d->left : d->block;
	int ret = ide_io(d, d->lba, n, true);

	if (ret < 0) {
		ide_io_error(d, ret);
		return;
	}
	d->lba += n;
	d->left -= n;
	if (!d->left) {
		ide_cmd_done(d);
		return;
	}
	n = d->left < d->block ? d->left : d->block;
	d->status = IDE_ST_DRDY | IDE_ST_DSC;
	ide_transfer_start(d, 0, n * BLOCK_SECTOR, ide_pio_write_next);
	ide_set_irq(d->ch);
}

static void ide_sector_cmd(struct ide_drive *d, bool lba48, bool write,
			   unsigned block, bool dma)
{
	uint64_t lba;
	uint32_t count;

	if (!ide_get_lba(d, lba48, &lba, &count)) {
		ide_abort(d, IDE_ERR_IDNF);
		return;
	}
	d->lba = lba;
	d->left = count;
	d->block = block;
	if (dma) {
		if (!d->ch->dma_rw) {
			ide_abort(d, IDE_ERR_ABRT);
			return;
		}
		d->dma_pending = true;
		d->dma_write = write;
		d->status = IDE_ST_DRDY | IDE_ST_DSC | IDE_ST_DRQ;
		if (d->ch->dma_kick)
			d->ch->dma_kick(d->ch->dma_opaque);
		return;
	}
	if (write) {
		unsigned n = count < block ? count : block;

		d->status = IDE_ST_DRDY | IDE_ST_DSC;
		ide_transfer_start(d, 0, n * BLOCK_SECTOR, ide_pio_write_next);
	} else {
		ide_pio_read_block(d);
	}
}

/* Bus-master DMA (§9.10): the whole command in buffer-sized pieces */
void ide_dma_start(struct ide_channel *ch)
{
	struct ide_drive *d = &ch->drive[ch->cur];
	unsigned chunk = IDE_BUF_SIZE / BLOCK_SECTOR;

	if (!d->dma_pending || !ch->dma_rw)
		return;
	d->dma_pending = false;
	while (d->left) {
		unsigned n = d->left < chunk ? d->left : chunk;
		unsigned len = n * BLOCK_SECTOR;
		int ret;

		if (!d->dma_write) {
			ret = ide_io(d, d->lba, n, false);
			if (ret < 0) {
				ide_io_error(d, ret);
				return;
			}
		}
		if (ch->dma_rw(ch->dma_opaque, d->buf, len, !d->dma_write) !=
		    (int)len) {
			/* the PRD table ended before the transfer did */
			log_msg(LOG_GUEST, "ide: PRD table too short\n");
			ide_abort(d, IDE_ERR_ABRT);
			return;
		}
		if (d->dma_write) {
			ret = ide_io(d, d->lba, n, true);
			if (ret < 0) {
				ide_io_error(d, ret);
				return;
			}
		}
		d->lba += n;
		d->left -= n;
	}
	ide_cmd_done(d);
}

static void ide_set_features(struct ide_drive *d)
{
	switch (d->feature) {
	case 0x02:			/* enable write cache */
	case 0x82:			/* disable write cache */
		d->write_cache = d->feature == 0x02;
		break;
	case 0x03:			/* set transfer mode (§8.37.10) */
		switch (d->nsector >> 3) {
		case 0: case 1:		/* PIO default, PIO flow control */
		case 4: case 8:		/* multiword DMA, Ultra DMA */
			if ((d->nsector >> 3 == 4 && (d->nsector & 7) > 2) ||
			    (d->nsector >> 3 == 8 && (d->nsector & 7) > 5))
				goto abort;
			d->xfer_mode = d->nsector;
			break;
		default:
			goto abort;
		}
		break;
	case 0x66: case 0xcc:		/* power-on defaults on reset */
	case 0xaa: case 0x55:		/* read look-ahead */
		break;
	default:
		goto abort;
	}
	ide_cmd_done(d);
	return;
abort:
	ide_abort(d, IDE_ERR_ABRT);
}

static void ide_diagnostic(struct ide_channel *ch)
{
	int i;

	/* §8.11: both devices report; device 0 is selected afterwards */
	for (i = 0; i < 2; i++) {
		struct ide_drive *d = &ch->drive[i];

		ide_transfer_stop(d);
		ide_set_signature(d);
		d->select &= ~SEL_DEV;
		d->error = 0x01;
		d->status = d->kind == IDE_CD ? 0 : IDE_ST_DRDY | IDE_ST_DSC;
	}
	ch->cur = 0;
	ide_set_irq(ch);
}

static void ide_hd_command(struct ide_drive *d, uint8_t cmd)
{
	unsigned mult = d->mult_sectors;

	switch (cmd) {
	case 0xec:			/* IDENTIFY DEVICE */
		ide_identify(d);
		d->status = IDE_ST_DRDY | IDE_ST_DSC;
		ide_transfer_start(d, 0, 512, ide_transfer_stop);
		ide_set_irq(d->ch);
		break;
	case 0x20: case 0x21:		/* READ SECTOR(S) */
		ide_sector_cmd(d, false, false, 1, false);
		break;
	case 0x24:			/* READ SECTOR(S) EXT */
		ide_sector_cmd(d, true, false, 1, false);
		break;
	case 0x30: case 0x31:		/* WRITE SECTOR(S) */
		ide_sector_cmd(d, false, true, 1, false);
		break;
	case 0x34:			/* WRITE SECTOR(S) EXT */
		ide_sector_cmd(d, true, true, 1, false);
		break;
	case 0xc4: case 0x29:		/* READ MULTIPLE (EXT) */
	case 0xc5: case 0x39:		/* WRITE MULTIPLE (EXT) */
		if (!mult) {
			ide_abort(d, IDE_ERR_ABRT);
			break;
		}
		ide_sector_cmd(d, cmd == 0x29 || cmd == 0x39,
			       cmd == 0xc5 || cmd == 0x39, mult, false);
		break;
	case 0xc6:			/* SET MULTIPLE MODE */
		if (d->nsector > IDE_MAX_MULT ||
		    (d->nsector & (d->nsector - 1))) {
			ide_abort(d, IDE_ERR_ABRT);
			break;
		}
		d->mult_sectors = d->nsector;
		ide_cmd_done(d);
		break;
	case 0xc8: case 0xc9:		/* READ DMA */
		ide_sector_cmd(d, false, false, 1, true);
		break;
	case 0x25:			/* READ DMA EXT */
		ide_sector_cmd(d, true, false, 1, true);
		break;
	case 0xca: case 0xcb:		/* WRITE DMA */
		ide_sector_cmd(d, false, true, 1, true);
		break;
	case 0x35:			/* WRITE DMA EXT */
		ide_sector_cmd(d, true, true, 1, true);
		break;
	case 0x40: case 0x41: case 0x42: { /* READ VERIFY SECTOR(S) (EXT) */
		uint64_t lba;
		uint32_t count;

		if (!ide_get_lba(d, cmd == 0x42, &lba, &count))
			ide_abort(d, IDE_ERR_IDNF);
		else
			ide_cmd_done(d);
		break;
	}
	case 0xe7: case 0xea:		/* FLUSH CACHE (EXT) */
		if (block_flush(d->bs) < 0)
			ide_abort(d, IDE_ERR_ABRT);
		else
			ide_cmd_done(d);
		break;
	case 0xef:			/* SET FEATURES */
		ide_set_features(d);
		break;
	case 0x91:			/* INITIALIZE DEVICE PARAMETERS */
		/* §8.16: only the translation changes, capacity stays */
		if (!d->nsector) {
			ide_abort(d, IDE_ERR_ABRT);
			break;
		}
		d->cur_secs = d->nsector;
		d->cur_heads = (d->select & 0xf) + 1;
		ide_cmd_done(d);
		break;
	case 0xe0: case 0x94:		/* STANDBY IMMEDIATE */
	case 0xe2: case 0x96:		/* STANDBY */
		d->standby = true;
		ide_cmd_done(d);
		break;
	case 0xe1: case 0x95:		/* IDLE IMMEDIATE */
	case 0xe3: case 0x97:		/* IDLE */
		d->standby = false;
		ide_cmd_done(d);
		break;
	case 0xe5: case 0x98:		/* CHECK POWER MODE (§8.6) */
		ide_cmd_done(d);
		d->nsector = d->standby ? 0x00 : 0xff;
		break;
	case 0x10 ... 0x1f:		/* RECALIBRATE (obsolete) */
	case 0x70:			/* SEEK */
		ide_cmd_done(d);
		break;
	default:
		log_msg(LOG_UNIMP, "ide: ATA command 0x%02x\n", cmd);
		ide_abort(d, IDE_ERR_ABRT);
		break;
	}
}

static void ide_command(struct ide_channel *ch, uint8_t cmd)
{
	struct ide_drive *d = &ch->drive[ch->cur];

	/* a command to an absent device is ignored (§9.1) */
	if (d->kind == IDE_NONE)
		return;
	if (cmd == 0x90) {		/* EXECUTE DEVICE DIAGNOSTIC */
		ide_diagnostic(ch);
		return;
	}
	ide_transfer_stop(d);
	d->dma_pending = false;
	d->error = 0;
	if (d->kind == IDE_CD) {
		switch (cmd) {
		case 0x08:		/* DEVICE RESET (§8.10) */
			ide_set_signature(d);
			d->error = 0x01;
			d->status = 0;
			return;
		case 0xa1:		/* IDENTIFY PACKET DEVICE */
			atapi_identify(d);
			d->status = IDE_ST_DRDY | IDE_ST_DSC;
			ide_transfer_start(d, 0, 512, ide_transfer_stop);
			ide_set_irq(ch);
			return;
		case 0xa0:		/* PACKET */
			atapi_packet_cmd(d);
			return;
		case 0xef:		/* SET FEATURES */
			ide_set_features(d);
			return;
		case 0xe0: case 0xe1: case 0xe7: case 0xe5: case 0x00:
			ide_cmd_done(d);
			return;
		default:
			/* other commands abort with the signature (§9.12) */
			ide_set_signature(d);
			ide_abort(d, IDE_ERR_ABRT);
			return;
		}
	}
	ide_hd_command(d, cmd);
}

static uint8_t ide_reg_read(struct ide_channel *ch, unsigned reg)
{
	struct ide_drive *d = &ch->drive[ch->cur];
	bool hob = ch->devctl & IDE_CTL_HOB;

	/* no device 1: device 0 answers with zeroes for it (§9.16.1) */
	if (d->kind == IDE_NONE) {
		if (reg == REG_SELECT)
			return d->select | 0xa0;
		return 0;
	}
	switch (reg) {
	case REG_ERROR:
		return hob ? d->hob_feature : d->error;
	case REG_NSECTOR:
		return hob ? d->hob_nsector : d->nsector;
	case REG_SECTOR:
		return hob ? d->hob_sector : d->sector;
	case REG_LCYL:
		return hob ? d->hob_lcyl : d->lcyl;
	case REG_HCYL:
		return hob ? d->hob_hcyl : d->hcyl;
	case REG_SELECT:
		return d->select | 0xa0;
	default:			/* REG_STATUS: acknowledges INTRQ */
		ide_clear_irq(ch);
		return d->status;
	}
}

/* Writes to the shadow registers reach both devices (§7.1); with 48-bit
 * commands the previous value becomes the "HOB" byte (§6.20) */
static void ide_reg_write(struct ide_channel *ch, unsigned reg, uint8_t val)
{
	int i;

	if (reg == REG_STATUS) {
		ide_command(ch, val);
		return;
	}
	for (i = 0; i < 2; i++) {
		struct ide_drive *d = &ch->drive[i];

		switch (reg) {
		case REG_ERROR:
			d->hob_feature = d->feature;
			d->feature = val;
			break;
		case REG_NSECTOR:
			d->hob_nsector = d->nsector;
			d->nsector = val;
			break;
		case REG_SECTOR:
			d->hob_sector = d->sector;
			d->sector = val;
			break;
		case REG_LCYL:
			d->hob_lcyl = d->lcyl;
			d->lcyl = val;
			break;
		case REG_HCYL:
			d->hob_hcyl = d->hcyl;
			d->hcyl = val;
			break;
		case REG_SELECT:
			d->select = val & ~0xa0;
			break;
		}
	}
	if (reg == REG_SELECT)
		ch->cur = !!(val & SEL_DEV);
	/* writing the task file clears HOB (§7.8) */
	ch->devctl &= ~IDE_CTL_HOB;
}

static uint32_t ide_data_read(struct ide_channel *ch, unsigned size)
{
	struct ide_drive *d = &ch->drive[ch->cur];
	uint32_t v = 0;
	unsigned i;

	if (!(d->status & IDE_ST_DRQ) || d->end_fn == NULL ||
	    d->pos + size > d->end)
		return size == 4 ? 0xffffffff : 0xffff;
	for (i = 0; i < size; i++)
		v |= (uint32_t)d->buf[d->pos + i] << (8 * i);
	d->pos += size;
	if (d->pos >= d->end)
		d->end_fn(d);
	return v;
}

static void ide_data_write(struct ide_channel *ch, uint32_t v, unsigned size)
{
	struct ide_drive *d = &ch->drive[ch->cur];
	unsigned i;

	if (!(d->status & IDE_ST_DRQ) || d->end_fn == NULL ||
	    d->pos + size > d->end)
		return;
	for (i = 0; i < size; i++)
		d->buf[d->pos + i] = (uint8_t)(v >> (8 * i));
	d->pos += size;
	if (d->pos >= d->end)
		d->end_fn(d);
}

uint32_t ide_cmd_read(struct ide_channel *ch, unsigned reg, unsigned size)
{
	uint32_t v = 0;
	unsigned i;

	if (reg == REG_DATA)
		return ide_data_read(ch, size == 1 ? 2 : size) &
		       (size == 1 ? 0xff : 0xffffffff);
	for (i = 0; i < size && reg + i < 8; i++)
		v |= (uint32_t)ide_reg_read(ch, reg + i) << (8 * i);
	return v;
}

void ide_cmd_write(struct ide_channel *ch, unsigned reg, uint32_t val,
		   unsigned size)
{
	unsigned i;

	if (reg == REG_DATA) {
		ide_data_write(ch, val, size == 1 ? 2 : size);
		return;
	}
	for (i = 0; i < size && reg + i < 8; i++)
		ide_reg_write(ch, reg + i, (uint8_t)(val >> (8 * i)));
}

uint8_t ide_ctl_read(struct ide_channel *ch)
{
	struct ide_drive *d = &ch->drive[ch->cur];

	/* alternate status: no interrupt acknowledge (§7.3) */
	return d->kind == IDE_NONE ? 0 : d->status;
}

static void ide_drive_reset(struct ide_drive *d)
{
	ide_transfer_stop(d);
	d->dma_pending = false;
	d->mult_sectors = 0;
	d->cur_heads = d->heads;
	d->cur_secs = d->secs;
	d->feature = d->hob_feature = 0;
	d->hob_nsector = d->hob_sector = d->hob_lcyl = d->hob_hcyl = 0;
	ide_set_signature(d);
	d->select = 0;
	d->error = 0x01;
	if (d->kind == IDE_HD)
		d->status = IDE_ST_DRDY | IDE_ST_DSC;
	else
		d->status = 0;
}

void ide_ctl_write(struct ide_channel *ch, uint8_t val)
{
	int i;

	/* software reset on the falling edge of SRST (§9.2) */
	if (!(ch->devctl & IDE_CTL_SRST) && (val & IDE_CTL_SRST)) {
		for (i = 0; i < 2; i++) {
			ide_transfer_stop(&ch->drive[i]);
			ch->drive[i].status = IDE_ST_BSY;
		}
	} else if ((ch->devctl & IDE_CTL_SRST) && !(val & IDE_CTL_SRST)) {
		for (i = 0; i < 2; i++)
			ide_drive_reset(&ch->drive[i]);
		ch->cur = 0;
	}
	ch->devctl = val;
	if (val & IDE_CTL_NIEN)
		irq_lower(&ch->irq);
	else if (ch->irq_pending)
		irq_raise(&ch->irq);
}

void ide_channel_reset(struct ide_channel *ch)
{
	int i;

	for (i = 0; i < 2; i++) {
		ide_drive_reset(&ch->drive[i]);
		ch->drive[i].write_cache = true;
		ch->drive[i].xfer_mode = 0;
		ch->drive[i].standby = false;
		ch->drive[i].locked = false;
	}
	ch->cur = 0;
	ch->devctl = 0;
	ide_clear_irq(ch);
}

static uint64_t ide_cmd_io_read(void *opaque, uint64_t off, unsigned size)
{
	return ide_cmd_read(opaque, (unsigned)off, size);
}

static void ide_cmd_io_write(void *opaque, uint64_t off, uint64_t val,
			     unsigned size)
{
	ide_cmd_write(opaque, (unsigned)off, (uint32_t)val, size);
}

static const struct io_ops ide_cmd_ops = {
	.read = ide_cmd_io_read,
	.write = ide_cmd_io_write,
	.sizes = IO_SZ1 | IO_SZ2 | IO_SZ4,
};

static uint64_t ide_ctl_io_read(void *opaque, uint64_t off, unsigned size)
{
	return ide_ctl_read(opaque);
}

static void ide_ctl_io_write(void *opaque, uint64_t off, uint64_t val,
			     unsigned size)
{
	ide_ctl_write(opaque, (uint8_t)val);
}

static const struct io_ops ide_ctl_ops = {
	.read = ide_ctl_io_read,
	.write = ide_ctl_io_write,
	.sizes = IO_SZ1,
};

int ide_channel_init(struct ide_channel *ch, struct irq_line irq)
{
	int i;

	memset(ch, 0, sizeof(*ch));
	ch->irq = irq;
	for (i = 0; i < 2; i++) {
		ch->drive[i].ch = ch;
		ch->drive[i].unit = i;
		ch->drive[i].buf = calloc(1, IDE_BUF_SIZE);
		if (!ch->drive[i].buf) {
			ide_channel_free(ch);
			return -ENOMEM;
		}
	}
	ide_channel_reset(ch);
	return 0;
}

void ide_channel_free(struct ide_channel *ch)
{
	free(ch->drive[0].buf);
	free(ch->drive[1].buf);
	ch->drive[0].buf = ch->drive[1].buf = NULL;
}

int ide_channel_map(struct ide_channel *ch, uint16_t cmd, uint16_t ctl)
{
	int ret = io_port_map(cmd, 8, &ide_cmd_ops, ch, "ide");

	if (ret < 0)
		return ret;
	ret = io_port_map(ctl, 1, &ide_ctl_ops, ch, "ide-ctl");
	if (ret < 0)
		io_port_unmap(cmd);
	return ret;
}

void ide_channel_unmap(struct ide_channel *ch, uint16_t cmd, uint16_t ctl)
{
	io_port_unmap(cmd);
	io_port_unmap(ctl);
}

/* The default translation of a disk of @n sectors: 16 heads, 63 sectors,
 * at most 16383 cylinders, as BIOSes and QEMU expect (§6.2.1) */
static void ide_default_geometry(struct ide_drive *d)
{
	uint64_t cyls = d->nb_sectors / (16 * 63);

	if (cyls > 16383)
		cyls = 16383;
	if (cyls < 2)
		cyls = 2;
	d->cyls = (unsigned)cyls;
	d->heads = 16;
	d->secs = 63;
}

static int ide_attach(struct ide_channel *ch, int unit, enum ide_kind kind,
		      struct block_dev *bs, const char *model)
{
	static unsigned serial_no;
	struct ide_drive *d;

	if (unit < 0 || unit > 1 || ch->drive[unit].kind != IDE_NONE)
		return -EBUSY;
	d = &ch->drive[unit];
	d->kind = kind;
	d->bs = bs;
	d->nb_sectors = bs ? block_nb_sectors(bs) : 0;
	snprintf(d->model, sizeof(d->model), "%s", model);
	/* distinct serial numbers let guests tell the drives apart */
	snprintf(d->serial, sizeof(d->serial), "RV%08u", ++serial_no);
	ide_default_geometry(d);
	ide_drive_reset(d);
	d->write_cache = true;
	return 0;
}

int ide_attach_hd(struct ide_channel *ch, int unit, struct block_dev *bs)
{
	if (!bs)
		return -EINVAL;
	return ide_attach(ch, unit, IDE_HD, bs, "RINGVM HARDDISK");
}

int ide_attach_cd(struct ide_channel *ch, int unit, struct block_dev *bs)
{
	int ret = ide_attach(ch, unit, IDE_CD, bs, "RINGVM DVD-ROM");

	if (ret == 0)
		ch->drive[unit].nb_sectors = bs ? block_nb_sectors(bs) : 0;
	return ret;
}
