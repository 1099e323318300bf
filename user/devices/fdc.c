// SPDX-License-Identifier: GPL-2.0-only
/*
 * The floppy disk controller of the PC/AT: an Intel 82078 in AT mode,
 * whose command set is the 8272A/NEC 765's plus the 82077AA/82078
 * additions (VERSION, CONFIGURE, LOCK, PERPENDICULAR MODE, DUMPREG).
 * References: Intel 82078 44 pin CHMOS Single-Chip Floppy Disk Controller
 * datasheet (§4 registers, §5 command set, §8 status registers) and the
 * 8272A datasheet.
 *
 * Registers at base + n: 2 DOR, 3 TDR, 4 MSR (read) / DSR (write), 5 the
 * data FIFO, 7 DIR (read) / CCR (write).  Base + 6 is the IDE alternate
 * status port and base + 0/1 are only meaningful in PS/2 modes.
 *
 * A command is bytes written to the FIFO; once complete it executes at
 * once (seeks take no time, data moves through ISA DMA channel 2 in one
 * go) and the controller enters the result phase or, for SEEK and
 * RECALIBRATE, raises IRQ 6 for a SENSE INTERRUPT STATUS.  The data rate
 * is accepted whatever the media, so a BIOS's rate probing always hits
 * at the first try.  Only DMA mode is built: SPECIFY's ND (non-DMA) bit
 * is logged as unimplemented.
 */
#include "fdc.h"

#include <errno.h>
#include <string.h>

#include "block/block.h"
#include "core/io.h"
#include "core/lib/log.h"
#include "devices/i8237.h"

/* Status register bits (82078 datasheet §8). */
#define ST0_IC_ABNORMAL	0x40
#define ST0_IC_INVALID	0x80
#define ST0_IC_POLL	0xc0
#define ST0_SE		0x20	/* seek end */
#define ST0_EC		0x10	/* equipment check */
#define ST0_NR		0x08	/* not ready (8272A) */
#define ST1_EN		0x80
#define ST1_DE		0x20
#define ST1_OR		0x10
#define ST1_ND		0x04
#define ST1_NW		0x02
#define ST1_MA		0x01
#define ST2_DD		0x20
#define ST3_WP		0x40
#define ST3_RDY		0x20
#define ST3_T0		0x10
#define ST3_TS		0x08

#define MSR_RQM		0x80
#define MSR_DIO		0x40
#define MSR_CB		0x10

#define DOR_NRESET	0x04
#define DOR_DMA		0x08

#define CONFIG_POLL_OFF	0x10

/* Command codes (low five bits of the first byte). */
enum {
	FDC_READ_DATA = 0x06, FDC_WRITE_DATA = 0x05, FDC_SPECIFY = 0x03,
	FDC_SENSE_DRIVE = 0x04, FDC_RECALIBRATE = 0x07, FDC_SENSE_INT = 0x08,
	FDC_READ_ID = 0x0a, FDC_FORMAT = 0x0d, FDC_DUMPREG = 0x0e,
	FDC_SEEK = 0x0f, FDC_VERSION = 0x10, FDC_PERPENDICULAR = 0x12,
	FDC_CONFIGURE = 0x13, FDC_LOCK = 0x14,
};

/* Bytes each command takes, first byte included; 0: invalid. */
static const uint8_t fdc_cmd_len[32] = {
	[FDC_READ_DATA] = 9, [FDC_WRITE_DATA] = 9, [FDC_SPECIFY] = 3,
	[FDC_SENSE_DRIVE] = 2, [FDC_RECALIBRATE] = 2, [FDC_SENSE_INT] = 1,
	[FDC_READ_ID] = 2, [FDC_FORMAT] = 6, [FDC_DUMPREG] = 1,
	[FDC_SEEK] = 3, [FDC_VERSION] = 1, [FDC_PERPENDICULAR] = 2,
	[FDC_CONFIGURE] = 4, [FDC_LOCK] = 1,
};

/* The formats a PC floppy image comes in, by size (QEMU's table lists
 * the same ones), with the CMOS type of the drive that reads them. */
static const struct fdc_format {
	uint32_t bytes;
	uint8_t tracks, heads, spt, cmos;
} fdc_formats[] = {
	{ 1474560, 80, 2, 18, 4 },	/* 1.44 MB */
	{ 2949120, 80, 2, 36, 5 },	/* 2.88 MB */
	{ 737280, 80, 2, 9, 4 },	/* 720 KB in a 1.44 MB drive */
	{ 1228800, 80, 2, 15, 2 },	/* 1.2 MB */
	{ 1720320, 80, 2, 21, 4 },	/* 1.68 MB DMF-like */
	{ 368640, 40, 2, 9, 2 },	/* 360 KB in a 1.2 MB drive */
	{ 327680, 40, 2, 8, 2 },
	{ 184320, 40, 1, 9, 2 },
	{ 163840, 40, 1, 8, 2 },
};

/* On the AT board DOR bit 3 also gates IRQ 6, but QEMU's controller
 * does not, and SeaBIOS relies on it: it leaves reset with DOR = 0x04 and
 * waits for the polling interrupt.  The interrupt is not gated here. */
static void fdc_irq_update(struct fdc *f, bool pending)
{
	irq_set(&f->irq, pending);
}

static void fdc_result(struct fdc *f, const uint8_t *res, unsigned n,
		       bool irq)
{
	memcpy(f->res, res, n);
	f->res_len = n;
	f->res_pos = 0;
	f->phase = FDC_RESULT;
	f->lower_on_result = irq;
	if (irq)
		fdc_irq_update(f, true);
}

static void fdc_result1(struct fdc *f, uint8_t v)
{
	fdc_result(f, &v, 1, false);
}

/* Reset (DOR bit 2 low or DSR bit 7): the 82078 §4.2 keeps SPECIFY's
 * values and, after LOCK, CONFIGURE's; it forgets the command. */
static void fdc_soft_reset(struct fdc *f)
{
	f->phase = FDC_CMD;
	f->cmd_len = 0;
	f->res_len = f->res_pos = 0;
	f->seek_done = false;
	f->reset_sense = 0;
	if (!f->lock) {
		f->config = 0x20;	/* FIFO off, polling on */
		f->pretrk = 0;
	}
	f->perp &= 0x3c;
	fdc_irq_update(f, false);
}

/* Leaving reset: with drive polling on, the controller reports a
 * "ready changed" interrupt for each of its four drive selects. */
static void fdc_leave_reset(struct fdc *f)
{
	if (!(f->config & CONFIG_POLL_OFF)) {
		f->reset_sense = 4;
		fdc_irq_update(f, true);
	}
}

void fdc_reset(struct fdc *f)
{
	f->lock = false;
	f->dor = DOR_NRESET | DOR_DMA;
	f->tdr = 0;
	f->rate = 0;
	memset(f->specify, 0, sizeof(f->specify));
	f->perp = 0;
	fdc_soft_reset(f);
	for (int i = 0; i < FDC_DRIVES; i++)
		f->drv[i].track = 0;
}

static struct fdc_drive *fdc_drive_of(struct fdc *f, uint8_t sel)
{
	unsigned unit = sel & 3;

	return unit < FDC_DRIVES && f->drv[unit].present ? &f->drv[unit] :
	       NULL;
}

static void fdc_seek_done(struct fdc *f, struct fdc_drive *d, uint8_t st0,
			  uint8_t track)
{
	if (d) {
		d->track = track;
		/* a step with a disk in the drive clears the change line */
		if (d->bs)
			d->changed = false;
	} else {
		st0 |= ST0_IC_ABNORMAL | ST0_EC;
	}
	f->seek_done = true;
	f->seek_st0 = st0;
	f->seek_pcn = d ? d->track : 0;
	f->phase = FDC_CMD;
	fdc_irq_update(f, true);
}

static void fdc_sense_int(struct fdc *f)
{
	uint8_t res[2];

	fdc_irq_update(f, false);
	if (f->reset_sense) {
		unsigned unit = 4 - f->reset_sense--;

		res[0] = ST0_IC_POLL | unit;
		res[1] = unit < FDC_DRIVES ? f->drv[unit].track : 0;
	} else if (f->seek_done) {
		f->seek_done = false;
		res[0] = f->seek_st0;
		res[1] = f->seek_pcn;
	} else {
		fdc_result1(f, ST0_IC_INVALID);
		return;
	}
	fdc_result(f, res, 2, false);
}

static void fdc_sense_drive(struct fdc *f)
{
	uint8_t sel = f->cmd[1] & 7;
	struct fdc_drive *d = fdc_drive_of(f, sel);
	uint8_t st3 = sel;

	if (d) {
		st3 |= ST3_RDY | ST3_TS;
		if (d->track == 0)
			st3 |= ST3_T0;
		if (d->bs && d->bs->read_only)
			st3 |= ST3_WP;
	}
	fdc_result1(f, st3);
}

/* The seven result bytes of a data command. */
static void fdc_rw_result(struct fdc *f, uint8_t st0, uint8_t st1,
			  uint8_t st2, uint8_t c, uint8_t h, uint8_t r,
			  uint8_t n)
{
	uint8_t res[7] = { st0, st1, st2, c, h, r, n };

	fdc_result(f, res, 7, true);
}

static bool fdc_dma_ok(struct fdc *f)
{
	if (f->specify[1] & 1) {
		log_msg(LOG_UNIMP, "fdc: non-DMA mode is not implemented\n");
		return false;
	}
	return f->dma && (f->dor & DOR_DMA) &&
	       i8237_channel_ready(f->dma, f->dma_chan);
}

/* READ DATA / WRITE DATA (82078 §5.2): from sector R of cylinder C, head
 * H up to sector EOT (and on to head 1 with MT), stopping at DMA
 * terminal count. */
static void fdc_read_write(struct fdc *f, bool write)
{
	uint8_t *cmd = f->cmd;
	uint8_t sel = cmd[1] & 7;
	struct fdc_drive *d = fdc_drive_of(f, sel);
	bool mt = cmd[0] & 0x80;
	uint8_t c = cmd[2], h = cmd[3], r = cmd[4], n = cmd[5], eot = cmd[6];
	uint8_t st0 = sel & 7, st1 = 0, st2 = 0;

	if (!d || !d->bs) {
		fdc_rw_result(f, st0 | ST0_IC_ABNORMAL | ST0_NR, ST1_MA, 0,
			      c, h, r, n);
		return;
	}
	if (write && d->bs->read_only) {
		fdc_rw_result(f, st0 | ST0_IC_ABNORMAL, ST1_NW, 0, c, h, r, n);
		return;
	}
	/* an implied seek, as QEMU's controller does and BIOSes expect:
	 * the head moves to cylinder C */
	d->track = c;
	for (;;) {
		uint64_t lba;
		size_t got;
		bool tc;

		if (n != 2 || c >= d->tracks || h >= d->heads || r == 0 ||
		    r > d->spt) {
			st0 |= ST0_IC_ABNORMAL;
			st1 |= ST1_ND;
			break;
		}
		if (!fdc_dma_ok(f)) {
			st0 |= ST0_IC_ABNORMAL;
			st1 |= ST1_OR;
			break;
		}
		lba = ((uint64_t)c * d->heads + h) * d->spt + r - 1;
		if (write) {
			got = i8237_transfer(f->dma, f->dma_chan, f->buf,
					     FDC_SECTOR, false);
			/* a short transfer ends the sector with what came,
			 * the rest padded as the 82078 pads with zeroes */
			memset(f->buf + got, 0, FDC_SECTOR - got);
			if (block_write(d->bs, lba * FDC_SECTOR, f->buf,
					FDC_SECTOR)) {
				st0 |= ST0_IC_ABNORMAL;
				st1 |= ST1_DE;
				break;
			}
		} else {
			if (block_read(d->bs, lba * FDC_SECTOR, f->buf,
				       FDC_SECTOR)) {
				st0 |= ST0_IC_ABNORMAL;
				st1 |= ST1_DE;
				st2 |= ST2_DD;
				break;
			}
			got = i8237_transfer(f->dma, f->dma_chan, f->buf,
					     FDC_SECTOR, true);
		}
		tc = i8237_terminal_count(f->dma, f->dma_chan);
		/* the ID of the next sector (82078 table "Result Phase") */
		if (r >= eot || r >= d->spt) {
			r = 1;
			if (mt && !(h & 1)) {
				h ^= 1;
				st0 |= 4;	/* the head now selected */
			} else {
				if (mt)
					h ^= 1;
				c++;
				if (!tc)
					break;
			}
		} else {
			r++;
		}
		if (tc)
			break;
		if (got < FDC_SECTOR) {
			st0 |= ST0_IC_ABNORMAL;
			st1 |= ST1_OR;
			break;
		}
	}
	fdc_rw_result(f, st0, st1, st2, c, h, r, n);
}

/* FORMAT TRACK (82078 §5.2.9): DMA brings C, H, R, N for each of SC
 * sectors; each sector is filled with the byte D. */
static void fdc_format(struct fdc *f)
{
	uint8_t sel = f->cmd[1] & 7, n = f->cmd[2], sc = f->cmd[3];
	struct fdc_drive *d = fdc_drive_of(f, sel);
	uint8_t st0 = sel, st1 = 0, id[4] = { 0, 0, 0, 0 };

	if (!d || !d->bs) {
		fdc_rw_result(f, st0 | ST0_IC_ABNORMAL | ST0_NR, ST1_MA, 0,
			      0, 0, 0, n);
		return;
	}
	if (d->bs->read_only) {
		fdc_rw_result(f, st0 | ST0_IC_ABNORMAL, ST1_NW, 0, 0, 0, 0, n);
		return;
	}
	memset(f->buf, f->cmd[5], FDC_SECTOR);
	for (unsigned i = 0; i < sc; i++) {
		uint64_t lba;

		if (!fdc_dma_ok(f) ||
		    i8237_transfer(f->dma, f->dma_chan, id, 4, false) < 4) {
			st0 |= ST0_IC_ABNORMAL;
			st1 |= ST1_OR;
			break;
		}
		if (id[3] != 2 || id[0] >= d->tracks || id[1] >= d->heads ||
		    id[2] == 0 || id[2] > d->spt) {
			log_msg(LOG_GUEST, "fdc: format ID %u/%u/%u/%u does not "
				"fit the image\n", id[0], id[1], id[2], id[3]);
			continue;
		}
		lba = ((uint64_t)id[0] * d->heads + id[1]) * d->spt + id[2] - 1;
		if (block_write(d->bs, lba * FDC_SECTOR, f->buf, FDC_SECTOR)) {
			st0 |= ST0_IC_ABNORMAL;
			st1 |= ST1_DE;
			break;
		}
		d->track = id[0];
	}
	fdc_rw_result(f, st0, st1, 0, id[0], id[1], id[2], n);
}

static void fdc_read_id(struct fdc *f)
{
	uint8_t sel = f->cmd[1] & 7, head = (sel >> 2) & 1;
	struct fdc_drive *d = fdc_drive_of(f, sel);

	if (!d || !d->bs || head >= d->heads) {
		fdc_rw_result(f, sel | ST0_IC_ABNORMAL | ST0_NR, ST1_MA, 0,
			      0, 0, 0, 0);
		return;
	}
	fdc_rw_result(f, sel, 0, 0, d->track, head, 1, 2);
}

static void fdc_dumpreg(struct fdc *f)
{
	uint8_t res[10] = {
		f->drv[0].track, f->drv[1].track, 0, 0,
		f->specify[0], f->specify[1],
		f->drv[f->dor & 1].spt,		/* SC/EOT */
		(uint8_t)(f->lock << 7 | (f->perp & 0x3f)),
		f->config, f->pretrk,
	};

	fdc_result(f, res, 10, false);
}

static void fdc_execute(struct fdc *f)
{
	uint8_t *cmd = f->cmd;
	struct fdc_drive *d;

	f->cmd_len = 0;
	f->phase = FDC_CMD;
	switch (cmd[0] & 0x1f) {
	case FDC_READ_DATA:
		fdc_read_write(f, false);
		break;
	case FDC_WRITE_DATA:
		fdc_read_write(f, true);
		break;
	case FDC_SPECIFY:
		f->specify[0] = cmd[1];
		f->specify[1] = cmd[2];
		break;
	case FDC_SENSE_DRIVE:
		fdc_sense_drive(f);
		break;
	case FDC_RECALIBRATE:
		d = fdc_drive_of(f, cmd[1]);
		fdc_seek_done(f, d, ST0_SE | (cmd[1] & 3), 0);
		break;
	case FDC_SEEK:
		d = fdc_drive_of(f, cmd[1]);
		fdc_seek_done(f, d, ST0_SE | (cmd[1] & 7), cmd[2]);
		break;
	case FDC_SENSE_INT:
		fdc_sense_int(f);
		break;
	case FDC_READ_ID:
		fdc_read_id(f);
		break;
	case FDC_FORMAT:
		fdc_format(f);
		break;
	case FDC_DUMPREG:
		fdc_dumpreg(f);
		break;
	case FDC_VERSION:
		fdc_result1(f, 0x90);	/* 82077AA and later */
		break;
	case FDC_PERPENDICULAR:
		/* OW (bit 7) allows the per-drive bits to change */
		f->perp = (cmd[1] & 0x80) ? cmd[1] & 0x3f :
			  (f->perp & 0x3c) | (cmd[1] & 3);
		break;
	case FDC_CONFIGURE:
		f->config = cmd[2];
		f->pretrk = cmd[3];
		break;
	case FDC_LOCK:
		f->lock = cmd[0] >> 7;
		fdc_result1(f, (uint8_t)(f->lock << 4));
		break;
	}
}

static void fdc_fifo_write(struct fdc *f, uint8_t v)
{
	if (!(f->dor & DOR_NRESET))
		return;		/* held in reset: RQM is low */
	if (f->phase != FDC_CMD) {
		log_msg(LOG_GUEST, "fdc: data write 0x%02x in result phase\n",
			v);
		return;
	}
	if (!f->cmd_len) {
		uint8_t need = fdc_cmd_len[v & 0x1f];

		/* the opcodes with fixed upper bits must match exactly */
		if (need == 1 && (v & 0x1f) != FDC_LOCK && v != (v & 0x1f))
			need = 0;
		if (!need) {
			log_msg(LOG_GUEST, "fdc: invalid command 0x%02x\n", v);
			fdc_result1(f, ST0_IC_INVALID);
			return;
		}
		f->cmd_need = need;
	}
	f->cmd[f->cmd_len++] = v;
	if (f->cmd_len == f->cmd_need)
		fdc_execute(f);
}

static uint8_t fdc_fifo_read(struct fdc *f)
{
	uint8_t v;

	if (f->phase != FDC_RESULT) {
		log_msg(LOG_GUEST, "fdc: data read outside the result phase\n");
		return 0;
	}
	if (f->lower_on_result) {
		f->lower_on_result = false;
		fdc_irq_update(f, false);
	}
	v = f->res[f->res_pos++];
	if (f->res_pos == f->res_len)
		f->phase = FDC_CMD;
	return v;
}

static uint8_t fdc_msr(const struct fdc *f)
{
	if (!(f->dor & DOR_NRESET))
		return 0;
	if (f->phase == FDC_RESULT)
		return MSR_RQM | MSR_DIO | MSR_CB;
	return MSR_RQM | (f->cmd_len ? MSR_CB : 0);
}

static uint64_t fdc_read(void *dev, uint64_t off, unsigned size)
{
	struct fdc *f = dev;
	struct fdc_drive *d;

	switch (off) {
	case 2:
		return f->dor;
	case 3:
		return f->tdr;
	case 4:
		return fdc_msr(f);
	case 5:
		return fdc_fifo_read(f);
	case 7:
		d = fdc_drive_of(f, f->dor & 3);
		return d && d->changed ? 0x80 : 0;
	default:	/* SRA/SRB: PS/2 modes only */
		return 0xff;
	}
}

static void fdc_write_dor(struct fdc *f, uint8_t v)
{
	uint8_t old = f->dor;

	f->dor = v;
	if (!(v & DOR_NRESET)) {
		if (old & DOR_NRESET)
			fdc_soft_reset(f);
		return;
	}
	if (!(old & DOR_NRESET))
		fdc_leave_reset(f);
}

static void fdc_write(void *dev, uint64_t off, uint64_t val, unsigned size)
{
	struct fdc *f = dev;
	uint8_t v = (uint8_t)val;

	switch (off) {
	case 2:
		fdc_write_dor(f, v);
		break;
	case 3:
		f->tdr = v & 3;
		break;
	case 4:		/* DSR: bit 7 is a self-clearing reset */
		f->rate = v & 3;
		if (v & 0x80) {
			fdc_soft_reset(f);
			fdc_leave_reset(f);
		}
		break;
	case 5:
		fdc_fifo_write(f, v);
		break;
	case 7:
		f->rate = v & 3;
		break;
	}
}

static const struct io_ops fdc_ops = { fdc_read, fdc_write, IO_SZ1 };

static uint64_t fdc_dir_read(void *dev, uint64_t off, unsigned size)
{
	return fdc_read(dev, 7, size);
}

static void fdc_dir_write(void *dev, uint64_t off, uint64_t v, unsigned size)
{
	fdc_write(dev, 7, v, size);
}

static const struct io_ops fdc_dir_ops = { fdc_dir_read, fdc_dir_write,
					   IO_SZ1 };

int fdc_init(struct fdc *f, uint16_t base, struct irq_line irq,
	     struct i8237 *dma, unsigned dma_chan)
{
	memset(f, 0, sizeof(*f));
	f->irq = irq;
	f->dma = dma;
	f->dma_chan = dma_chan;
	fdc_reset(f);
	if (io_port_map(base, 6, &fdc_ops, f, "fdc") ||
	    io_port_map(base + 7, 1, &fdc_dir_ops, f, "fdc-dir")) {
		err_report("cannot create the floppy controller: ports "
			   "0x%x-0x%x are taken", base, base + 7);
		return -1;
	}
	return 0;
}

int fdc_attach(struct fdc *f, unsigned unit, struct block_dev *bs)
{
	struct fdc_drive *d;
	const struct fdc_format *fmt = &fdc_formats[0];

	if (unit >= FDC_DRIVES)
		return -EINVAL;
	d = &f->drv[unit];
	if (bs) {
		size_t i;

		for (i = 0; i < sizeof(fdc_formats) / sizeof(fdc_formats[0]);
		     i++)
			if (fdc_formats[i].bytes == bs->size)
				break;
		if (i == sizeof(fdc_formats) / sizeof(fdc_formats[0])) {
			err_report("%s: %llu bytes is not the size of a floppy "
				   "image (1.44 MB is 1474560)", bs->filename,
				   (unsigned long long)bs->size);
			return -EINVAL;
		}
		fmt = &fdc_formats[i];
	}
	/* an empty drive stays the type it was, 1.44 MB by default */
	if (bs || !d->present)
		d->cmos_type = fmt->cmos;
	d->tracks = fmt->tracks;
	d->heads = fmt->heads;
	d->spt = fmt->spt;
	d->bs = bs;
	d->present = true;
	d->changed = true;
	return 0;
}

uint8_t fdc_cmos_types(const struct fdc *f)
{
	return (uint8_t)((f->drv[0].present ? f->drv[0].cmos_type << 4 : 0) |
			 (f->drv[1].present ? f->drv[1].cmos_type : 0));
}

unsigned fdc_drive_count(const struct fdc *f)
{
	return f->drv[0].present + f->drv[1].present;
}
