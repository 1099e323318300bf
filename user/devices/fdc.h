/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The PC floppy disk controller (an 82078 in AT mode, 8272A/765 command
 * set) at 0x3F0-0x3F5 and 0x3F7, IRQ 6, DMA channel 2; two drives backed
 * by block devices.  See fdc.c.
 */
#ifndef RINGVM_DEVICES_FDC_H
#define RINGVM_DEVICES_FDC_H

#include <stdbool.h>
#include <stdint.h>

#include "core/irq.h"

struct block_dev;
struct i8237;

#define FDC_DRIVES 2
#define FDC_SECTOR 512

struct fdc_drive {
	struct block_dev *bs;		/* NULL: no media */
	bool present;			/* the drive exists (CMOS lists it) */
	uint8_t cmos_type;		/* 1 360K, 2 1.2M, 3 720K, 4 1.44M, 5 2.88M */
	uint8_t tracks, heads, spt;	/* media geometry */
	uint8_t track;			/* where the head is */
	bool changed;			/* DIR bit 7: media changed */
};

enum fdc_phase { FDC_CMD, FDC_RESULT };

struct fdc {
	struct fdc_drive drv[FDC_DRIVES];
	struct irq_line irq;
	struct i8237 *dma;
	unsigned dma_chan;

	uint8_t dor, tdr, rate;
	enum fdc_phase phase;
	uint8_t cmd[16];
	unsigned cmd_len, cmd_need;
	uint8_t res[16];
	unsigned res_len, res_pos;
	bool lower_on_result;		/* reading the result clears the IRQ */

	/* SENSE INTERRUPT STATUS: pending seek result or reset polling */
	bool seek_done;
	uint8_t seek_st0, seek_pcn;
	unsigned reset_sense;		/* drives left to report after reset */

	uint8_t specify[2], config, pretrk, perp;
	bool lock;
	uint8_t buf[FDC_SECTOR];
};

/* Claim the ports; @dma/@dma_chan carry the data. */
int fdc_init(struct fdc *f, uint16_t base, struct irq_line irq,
	     struct i8237 *dma, unsigned dma_chan);
void fdc_reset(struct fdc *f);

/*
 * Create drive @unit with @bs as its media (NULL: an empty drive), with
 * the geometry the image size implies.  Changing media later raises the
 * disk-change line.  Returns 0 or -EINVAL for a size no floppy has.
 */
int fdc_attach(struct fdc *f, unsigned unit, struct block_dev *bs);

/* CMOS 0x10: drive A type in bits 7-4, drive B in bits 3-0. */
uint8_t fdc_cmos_types(const struct fdc *f);
/* Number of drives present (for the CMOS equipment byte). */
unsigned fdc_drive_count(const struct fdc *f);

#endif
