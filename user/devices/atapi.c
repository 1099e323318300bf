// SPDX-License-Identifier: GPL-2.0-only
/*
 * An ATAPI CD/DVD-ROM drive on an IDE channel: the PACKET protocol
 * (ATA/ATAPI-6 §9.11) and the packet commands firmware and Linux use,
 * from the SCSI Primary Commands (SPC-3) and Multimedia Commands (MMC-5)
 * standards.  Data moves by PIO in DRQ blocks no larger than the byte
 * count limit the host wrote to the cylinder registers.
 */
#include <string.h>

#include "core/lib/log.h"
#include "devices/ide.h"

#define CD_SECTOR	2048

/* Sense keys and additional sense codes, SPC-3 §4.5.6 and annex D */
#define SENSE_NONE		0x0
#define SENSE_NOT_READY		0x2
#define SENSE_ILLEGAL_REQUEST	0x5
#define SENSE_UNIT_ATTENTION	0x6
#define ASC_INVALID_OPCODE	0x20
#define ASC_LBA_OUT_OF_RANGE	0x21
#define ASC_INVALID_FIELD	0x24
#define ASC_MEDIUM_CHANGED	0x28
#define ASC_MEDIUM_NOT_PRESENT	0x3a
#define ASC_REMOVAL_PREVENTED	0x53

/* Interrupt reason in the sector count register (§9.11, table 32) */
#define IREASON_COD	0x01
#define IREASON_IO	0x02

static inline void put_be16(uint8_t *p, unsigned v)
{
	p[0] = (uint8_t)(v >> 8);
	p[1] = (uint8_t)v;
}

static inline void put_be32(uint8_t *p, uint32_t v)
{
	put_be16(p, v >> 16);
	put_be16(p + 2, v & 0xffff);
}

static inline unsigned get_be16(const uint8_t *p)
{
	return (unsigned)p[0] << 8 | p[1];
}

static inline uint32_t get_be32(const uint8_t *p)
{
	return (uint32_t)get_be16(p) << 16 | get_be16(p + 2);
}

static bool atapi_has_media(const struct ide_drive *d)
{
	return d->bs && !d->tray_open;
}

static uint32_t atapi_nb_cd_sectors(const struct ide_drive *d)
{
	uint64_t n = d->nb_sectors / (CD_SECTOR / BLOCK_SECTOR);

	return n > 0xffffffffu ? 0xffffffffu : (uint32_t)n;
}

void atapi_identify(struct ide_drive *d)
{
	uint16_t *w = (uint16_t *)d->buf;

	memset(w, 0, 512);
	/* §8.16, table 16: ATAPI, CD-ROM, removable, 50 us DRQ, 12-byte
	 * packets */
	w[0] = 0x8000 | 0x0500 | 0x0080 | 0x0040;
	ide_put_string(&w[10], d->serial, 20);
	ide_put_string(&w[23], "1.0", 8);
	ide_put_string(&w[27], d->model, 40);
	w[49] = 0x0200;			/* LBA; no DMA: PIO only */
	w[53] = 0x0006;			/* words 64-70 and 88 valid */
	w[64] = 0x0003;
	w[65] = w[66] = w[67] = w[68] = 120;
	w[71] = w[72] = 30;
	w[80] = 0x001e;			/* ATA/ATAPI-1 to -4 */
	w[82] = 0x4000 | 0x0010;	/* PACKET feature set */
	w[84] = 0x4000;
	w[85] = 0x0010;
	w[87] = 0x4000;
}

static void atapi_set_sense(struct ide_drive *d, uint8_t key, uint8_t asc)
{
	d->sense_key = key;
	d->asc = asc;
	d->ascq = 0;
}

/* CHECK CONDITION: status ERR, sense key in the error register (§9.11) */
static void atapi_fail(struct ide_drive *d, uint8_t key, uint8_t asc)
{
	atapi_set_sense(d, key, asc);
	d->pos = d->end = 0;
	d->end_fn = NULL;
	d->error = (uint8_t)(key << 4 | IDE_ERR_ABRT);
	d->status = IDE_ST_DRDY | IDE_ST_ERR;
	d->nsector = IREASON_IO | IREASON_COD;
	ide_set_irq(d->ch);
}

static void atapi_ok(struct ide_drive *d)
{
	atapi_set_sense(d, SENSE_NONE, 0);
	d->pos = d->end = 0;
	d->end_fn = NULL;
	d->error = 0;
	d->status = IDE_ST_DRDY | IDE_ST_DSC;
	d->nsector = IREASON_IO | IREASON_COD;
	ide_set_irq(d->ch);
}

/*
 * The data-in phase: buf[pos, cd_len) is what is left of the loaded part of
 * the reply; READ commands reload it from cd_lba/cd_left.  Each DRQ block is
 * at most the byte count limit, announced in the cylinder registers.
 */
static void atapi_next_drq(struct ide_drive *d)
{
	unsigned pos = d->end, chunk;

	if (pos >= d->cd_len && d->cd_left) {
		unsigned n = d->cd_left < IDE_BUF_SIZE / CD_SECTOR ?
			     d->cd_left : IDE_BUF_SIZE / CD_SECTOR;
		int ret = block_read(d->bs, (uint64_t)d->cd_lba * CD_SECTOR,
				     d->buf, (size_t)n * CD_SECTOR);

		if (ret < 0) {
			log_msg(LOG_GUEST, "atapi: read error %d\n", ret);
			atapi_fail(d, 0x3 /* MEDIUM ERROR */, 0x11);
			return;
		}
		d->cd_lba += n;
		d->cd_left -= n;
		d->cd_len = n * CD_SECTOR;
		pos = 0;
	}
	if (pos >= d->cd_len) {
		atapi_ok(d);
		return;
	}
	chunk = d->cd_len - pos;
	if (chunk > d->byte_limit)
		chunk = d->byte_limit;
	d->lcyl = (uint8_t)chunk;
	d->hcyl = (uint8_t)(chunk >> 8);
	d->nsector = IREASON_IO;
	d->status = IDE_ST_DRDY | IDE_ST_DSC;
	ide_transfer_start(d, pos, pos + chunk, atapi_next_drq);
	ide_set_irq(d->ch);
}

/* Send the first @len bytes of buf, cut to the allocation length @alloc */
static void atapi_reply(struct ide_drive *d, unsigned len, unsigned alloc)
{
	d->cd_len = len < alloc ? len : alloc;
	d->cd_left = 0;
	d->end = 0;
	atapi_next_drq(d);
}

static void atapi_read(struct ide_drive *d, uint32_t lba, uint32_t count)
{
	if ((uint64_t)lba + count > atapi_nb_cd_sectors(d)) {
		atapi_fail(d, SENSE_ILLEGAL_REQUEST, ASC_LBA_OUT_OF_RANGE);
		return;
	}
	if (!count) {
		atapi_ok(d);
		return;
	}
	d->cd_lba = lba;
	d->cd_left = count;
	d->cd_len = 0;
	d->end = 0;
	atapi_next_drq(d);
}

static void atapi_lba_to_msf(uint8_t *p, uint32_t lba)
{
	lba += 150;
	p[0] = 0;
	p[1] = (uint8_t)(lba / (75 * 60));
	p[2] = (uint8_t)(lba / 75 % 60);
	p[3] = (uint8_t)(lba % 75);
}

static void atapi_put_addr(uint8_t *p, uint32_t lba, bool msf)
{
	if (msf)
		atapi_lba_to_msf(p, lba);
	else
		put_be32(p, lba);
}

/* READ TOC/PMA/ATIP, MMC-5 §6.40: one data track and the lead-out */
static void atapi_read_toc(struct ide_drive *d, const uint8_t *cdb)
{
	bool msf = cdb[1] & 2;
	unsigned format = cdb[2] & 0xf, start = cdb[6];
	unsigned alloc = get_be16(cdb + 7);
	uint8_t *b = d->buf;
	unsigned len = 4;

	memset(b, 0, 64);
	if (!format)
		format = cdb[9] >> 6;	/* the old SFF-8020 place */
	switch (format) {
	case 0:
		if (start > 1 && start != 0xaa) {
			atapi_fail(d, SENSE_ILLEGAL_REQUEST, ASC_INVALID_FIELD);
			return;
		}
		b[2] = 1;
		b[3] = 1;
		if (start <= 1) {
			b[len + 1] = 0x14;	/* data track, copy allowed */
			b[len + 2] = 1;
			atapi_put_addr(b + len + 4, 0, msf);
			len += 8;
		}
		b[len + 1] = 0x14;
		b[len + 2] = 0xaa;
		atapi_put_addr(b + len + 4, atapi_nb_cd_sectors(d), msf);
		len += 8;
		break;
	case 1:				/* session information */
		b[2] = 1;
		b[3] = 1;
		b[5] = 0x14;
		b[6] = 1;
		atapi_put_addr(b + 8, 0, msf);
		len = 12;
		break;
	default:
		atapi_fail(d, SENSE_ILLEGAL_REQUEST, ASC_INVALID_FIELD);
		return;
	}
	put_be16(b, len - 2);
	atapi_reply(d, len, alloc);
}

/* MODE SENSE(10), SPC-3 §6.10; pages of MMC-5 §7 */
static unsigned atapi_mode_page(struct ide_drive *d, unsigned page,
				uint8_t *p)
{
	switch (page) {
	case 0x01:			/* read/write error recovery */
		memset(p, 0, 8);
		p[0] = 0x01;
		p[1] = 6;
		p[3] = 5;		/* read retry count */
		return 8;
	case 0x2a:			/* CD capabilities and mechanical status */
		memset(p, 0, 22);
		p[0] = 0x2a;
		p[1] = 20;
		p[2] = 0x3b;		/* reads CD-R, CD-RW, DVD-ROM, ... */
		p[4] = 0x71;
		p[5] = 0xff;
		/* tray loading mechanism, eject, lock (and its state) */
		p[6] = 0x29 | (d->locked ? 0x02 : 0);
		put_be16(p + 8, 706 * 8);	/* max speed, kB/s */
		put_be16(p + 10, 256);
		put_be16(p + 12, 512);
		put_be16(p + 14, 706 * 8);
		return 22;
	default:
		return 0;
	}
}

static void atapi_mode_sense(struct ide_drive *d, const uint8_t *cdb)
{
	unsigned page = cdb[2] & 0x3f, pc = cdb[2] >> 6;
	unsigned alloc = get_be16(cdb + 7), len = 8;
	uint8_t *b = d->buf;

	if (pc == 3) {			/* saved values */
		atapi_fail(d, SENSE_ILLEGAL_REQUEST, 0x39);
		return;
	}
	memset(b, 0, 8);
	if (page == 0x3f) {
		len += atapi_mode_page(d, 0x01, b + len);
		len += atapi_mode_page(d, 0x2a, b + len);
	} else {
		unsigned n = atapi_mode_page(d, page, b + len);

		if (!n) {
			atapi_fail(d, SENSE_ILLEGAL_REQUEST, ASC_INVALID_FIELD);
			return;
		}
		len += n;
	}
	put_be16(b, len - 2);
	atapi_reply(d, len, alloc);
}

/* GET CONFIGURATION, MMC-5 §6.6: the profile list and the core feature */
static void atapi_get_configuration(struct ide_drive *d, const uint8_t *cdb)
{
	unsigned alloc = get_be16(cdb + 7);
	uint8_t *b = d->buf;
	unsigned profile = 0;

	if (atapi_has_media(d))
		profile = atapi_nb_cd_sectors(d) > 333000 ? 0x0010 : 0x0008;
	memset(b, 0, 32);
	put_be16(b + 6, profile);
	/* feature 0000h: profile list, DVD-ROM and CD-ROM */
	b[10] = 0x03;			/* persistent, current */
	b[11] = 8;
	put_be16(b + 12, 0x0010);
	b[14] = profile == 0x0010;
	put_be16(b + 16, 0x0008);
	b[18] = profile == 0x0008;
	/* feature 0001h: core, ATAPI interface */
	put_be16(b + 20, 0x0001);
	b[22] = 0x0b;			/* version 2, persistent, current */
	b[23] = 8;
	put_be32(b + 24, 2);
	put_be32(b, 32 - 4);
	atapi_reply(d, 32, alloc);
}

/* GET EVENT STATUS NOTIFICATION, MMC-5 §6.8: polled media events only */
static void atapi_get_event_status(struct ide_drive *d, const uint8_t *cdb)
{
	unsigned alloc = get_be16(cdb + 7);
	uint8_t *b = d->buf;

	if (!(cdb[1] & 1)) {		/* asynchronous: not supported */
		atapi_fail(d, SENSE_ILLEGAL_REQUEST, ASC_INVALID_FIELD);
		return;
	}
	memset(b, 0, 8);
	b[3] = 0x10;			/* supported: media class */
	if (!(cdb[4] & 0x10)) {
		b[2] = 0x80;		/* no event available */
		put_be16(b, 2);
		atapi_reply(d, 4, alloc);
		return;
	}
	b[2] = 0x04;			/* media class */
	put_be16(b, 6);
	if (d->media_event) {
		b[4] = atapi_has_media(d) ? 0x02 : 0x03; /* new / removal */
		d->media_event = false;
	}
	b[5] = (d->tray_open ? 0x01 : 0) | (atapi_has_media(d) ? 0x02 : 0);
	atapi_reply(d, 8, alloc);
}

static void atapi_start_stop(struct ide_drive *d, const uint8_t *cdb)
{
	bool start = cdb[4] & 1, loej = cdb[4] & 2;

	if (loej) {
		if (!start && d->locked) {
			atapi_fail(d, SENSE_ILLEGAL_REQUEST,
				   ASC_REMOVAL_PREVENTED);
			return;
		}
		if (d->tray_open == start) {
			d->tray_open = !start;
			d->media_event = true;
			if (start && d->bs)
				d->unit_attention = true;
		}
	}
	atapi_ok(d);
}

static void atapi_command(struct ide_drive *d)
{
	uint8_t cdb[12], *b = d->buf, op;

	memcpy(cdb, d->buf, sizeof(cdb));
	op = cdb[0];

	/* a new medium is reported once, to the first command that is not
	 * allowed through a unit attention (SPC-3 §5.9.7, MMC-5 §4.1.6.1) */
	if (d->unit_attention && op != 0x03 && op != 0x12 && op != 0x46 &&
	    op != 0x4a) {
		d->unit_attention = false;
		atapi_fail(d, SENSE_UNIT_ATTENTION, ASC_MEDIUM_CHANGED);
		return;
	}
	switch (op) {
	case 0x00:			/* TEST UNIT READY */
	case 0x25:			/* READ CAPACITY */
	case 0x28: case 0xa8:		/* READ(10), READ(12) */
	case 0x43:			/* READ TOC */
	case 0x51:			/* READ DISC INFORMATION */
		if (!atapi_has_media(d)) {
			atapi_fail(d, SENSE_NOT_READY, ASC_MEDIUM_NOT_PRESENT);
			return;
		}
		break;
	}
	switch (op) {
	case 0x00:
		atapi_ok(d);
		break;
	case 0x03: {			/* REQUEST SENSE, SPC-3 §6.27 */
		unsigned alloc = cdb[4];

		memset(b, 0, 18);
		b[0] = 0x70;
		if (d->unit_attention) {
			d->unit_attention = false;
			atapi_set_sense(d, SENSE_UNIT_ATTENTION,
					ASC_MEDIUM_CHANGED);
		}
		b[2] = d->sense_key;
		b[7] = 10;
		b[12] = d->asc;
		b[13] = d->ascq;
		/* reporting the sense clears it */
		atapi_set_sense(d, SENSE_NONE, 0);
		atapi_reply(d, 18, alloc);
		break;
	}
	case 0x12: {			/* INQUIRY, SPC-3 §6.4 */
		unsigned alloc = get_be16(cdb + 3);

		if (cdb[1] & 1) {	/* vital product data: none */
			atapi_fail(d, SENSE_ILLEGAL_REQUEST, ASC_INVALID_FIELD);
			break;
		}
		memset(b, 0, 36);
		b[0] = 0x05;		/* CD/DVD device */
		b[1] = 0x80;		/* removable */
		b[3] = 0x21;		/* response format 1, ATAPI */
		b[4] = 36 - 5;
		memcpy(b + 8, "RINGVM  ", 8);
		memcpy(b + 16, "RINGVM DVD-ROM  ", 16);
		memcpy(b + 32, "1.0 ", 4);
		atapi_reply(d, 36, alloc);
		break;
	}
	case 0x25:			/* READ CAPACITY, MMC-5 §6.23 */
		put_be32(b, atapi_nb_cd_sectors(d) - 1);
		put_be32(b + 4, CD_SECTOR);
		atapi_reply(d, 8, 8);
		break;
	case 0x28:
		atapi_read(d, get_be32(cdb + 2), get_be16(cdb + 7));
		break;
	case 0xa8:
		atapi_read(d, get_be32(cdb + 2), get_be32(cdb + 6));
		break;
	case 0x5a:
		atapi_mode_sense(d, cdb);
		break;
	case 0x46:
		atapi_get_configuration(d, cdb);
		break;
	case 0x43:
		atapi_read_toc(d, cdb);
		break;
	case 0x4a:
		atapi_get_event_status(d, cdb);
		break;
	case 0x1e:			/* PREVENT ALLOW MEDIUM REMOVAL */
		d->locked = cdb[4] & 1;
		atapi_ok(d);
		break;
	case 0x1b:			/* START STOP UNIT */
		atapi_start_stop(d, cdb);
		break;
	case 0x51: {			/* READ DISC INFORMATION, MMC-5 §6.22 */
		unsigned alloc = get_be16(cdb + 7);

		memset(b, 0, 34);
		put_be16(b, 32);
		b[2] = 0x0e;		/* complete disc, last session complete */
		b[3] = 1;
		b[4] = 1;
		b[5] = 1;
		b[6] = 1;
		b[7] = 0x20;		/* unrestricted use */
		atapi_reply(d, 34, alloc);
		break;
	}
	case 0xbb:			/* SET CD SPEED */
		atapi_ok(d);
		break;
	case 0xbd: {			/* MECHANISM STATUS, MMC-5 §6.11 */
		unsigned alloc = get_be16(cdb + 8);

		memset(b, 0, 8);
		atapi_reply(d, 8, alloc);
		break;
	}
	default:
		log_msg(LOG_UNIMP, "atapi: packet command 0x%02x\n", op);
		atapi_fail(d, SENSE_ILLEGAL_REQUEST, ASC_INVALID_OPCODE);
		break;
	}
}

/* PACKET (§8.21): DRQ for the 12 command bytes, no interrupt (the drive
 * advertises 50 us DRQ in IDENTIFY PACKET DEVICE word 0) */
void atapi_packet_cmd(struct ide_drive *d)
{
	if (d->feature & 1) {		/* DMA: not offered in IDENTIFY */
		atapi_fail(d, SENSE_ILLEGAL_REQUEST, ASC_INVALID_FIELD);
		return;
	}
	d->byte_limit = d->lcyl | d->hcyl << 8;
	if (d->byte_limit == 0 || d->byte_limit > 0xfffe)
		d->byte_limit = 0xfffe;
	d->byte_limit &= ~1u;
	d->nsector = IREASON_COD;
	d->status = IDE_ST_DRDY | IDE_ST_DSC;
	ide_transfer_start(d, 0, 12, atapi_command);
}

void atapi_change_media(struct ide_drive *d, struct block_dev *bs)
{
	d->bs = bs;
	d->nb_sectors = bs ? block_nb_sectors(bs) : 0;
	d->tray_open = false;
	d->media_event = true;
	d->unit_attention = bs != NULL;
}
