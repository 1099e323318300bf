/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * One IDE channel: the ATA task-file registers of two drives behind one
 * command block (8 ports) and one control block port, and one interrupt
 * line (ATA/ATAPI-6, T13/1410D, §7 "Register descriptions").  A drive is a
 * hard disk (ATA, ide.c) or a CD-ROM (ATAPI, atapi.c), backed by a
 * struct block_dev.
 *
 * Bus-master DMA is the controller's (piix_ide.c): a DMA command leaves
 * the drive waiting, the controller starts it when the guest sets its
 * start bit, and the drive moves its data through the controller's
 * @dma_rw, which walks the PRD table.
 */
#ifndef RINGVM_DEVICES_IDE_H
#define RINGVM_DEVICES_IDE_H

#include <stdbool.h>
#include <stdint.h>

#include "block/block.h"
#include "core/irq.h"

/* Status register bits, ATA-6 §7.15 */
#define IDE_ST_BSY	0x80
#define IDE_ST_DRDY	0x40
#define IDE_ST_DF	0x20
#define IDE_ST_DSC	0x10
#define IDE_ST_DRQ	0x08
#define IDE_ST_ERR	0x01
/* Error register bits, ATA-6 §7.9 */
#define IDE_ERR_UNC	0x40
#define IDE_ERR_IDNF	0x10
#define IDE_ERR_ABRT	0x04
/* Device control register, ATA-6 §7.8 */
#define IDE_CTL_HOB	0x80
#define IDE_CTL_SRST	0x04
#define IDE_CTL_NIEN	0x02

/* PIO buffer: 128 sectors of 512 or 32 CD sectors, plus ATAPI replies */
#define IDE_BUF_SIZE	(64 * 1024)
#define IDE_MAX_MULT	16

enum ide_kind { IDE_NONE, IDE_HD, IDE_CD };

struct ide_channel;
struct ide_drive;

struct ide_drive {
	struct ide_channel *ch;
	int unit;			/* 0 master, 1 slave */
	enum ide_kind kind;
	struct block_dev *bs;		/* NULL: no medium (CD) */
	uint64_t nb_sectors;		/* 512-byte sectors */
	/* default and current translation (INITIALIZE DEVICE PARAMETERS) */
	unsigned cyls, heads, secs;
	unsigned cur_heads, cur_secs;
	char serial[21];
	char model[41];

	/* task file; writes go to both drives of the channel */
	uint8_t feature, nsector, sector, lcyl, hcyl, select;
	uint8_t hob_feature, hob_nsector, hob_sector, hob_lcyl, hob_hcyl;
	uint8_t status, error;

	uint8_t mult_sectors;		/* SET MULTIPLE MODE; 0 = off */
	bool write_cache;
	uint8_t xfer_mode;		/* SET FEATURES 03h value */
	bool standby;

	/* the PIO data phase: buf[pos, end) goes to or from the host;
	 * @end_fn runs when it is drained */
	uint8_t *buf;
	unsigned pos, end;
	void (*end_fn)(struct ide_drive *d);

	/* the sector command in progress (PIO and DMA) */
	uint64_t lba;
	uint32_t left;			/* sectors still to move */
	unsigned block;			/* sectors per DRQ block */
	bool dma_pending, dma_write;

	/* ATAPI (atapi.c) */
	uint8_t sense_key, asc, ascq;
	bool unit_attention;		/* a new medium nobody was told about */
	bool media_event;		/* for GET EVENT STATUS NOTIFICATION */
	bool tray_open, locked;
	unsigned byte_limit;		/* byte count limit of the PACKET */
	uint32_t cd_lba, cd_left;	/* READ(10/12) in progress, 2048 b sectors */
	unsigned cd_len;		/* valid bytes in buf of the reply */
};

struct ide_channel {
	struct ide_drive drive[2];
	unsigned cur;			/* selected drive (DEV bit) */
	uint8_t devctl;
	bool irq_pending;
	struct irq_line irq;
	/* the bus-master DMA engine; NULL: none (DMA commands abort) */
	int (*dma_rw)(void *opaque, uint8_t *buf, unsigned len, bool to_mem);
	void (*dma_kick)(void *opaque);
	void *dma_opaque;
};

/* Set up an empty channel raising @irq. */
int ide_channel_init(struct ide_channel *ch, struct irq_line irq);
void ide_channel_free(struct ide_channel *ch);
/* Claim the command block at @cmd (8 ports) and the control block port
 * @ctl; unmap undoes it. */
int ide_channel_map(struct ide_channel *ch, uint16_t cmd, uint16_t ctl);
void ide_channel_unmap(struct ide_channel *ch, uint16_t cmd, uint16_t ctl);

/* Attach a hard disk (bs != NULL) or a CD-ROM (bs may be NULL) as @unit. */
int ide_attach_hd(struct ide_channel *ch, int unit, struct block_dev *bs);
int ide_attach_cd(struct ide_channel *ch, int unit, struct block_dev *bs);
void ide_channel_reset(struct ide_channel *ch);

/* The controller runs a pending DMA command (start bit set). */
void ide_dma_start(struct ide_channel *ch);

/* Port access as the CPU sees it (also for tests): @reg 0-7 of the
 * command block; the control block is ide_ctl_*. */
uint32_t ide_cmd_read(struct ide_channel *ch, unsigned reg, unsigned size);
void ide_cmd_write(struct ide_channel *ch, unsigned reg, uint32_t val,
		   unsigned size);
uint8_t ide_ctl_read(struct ide_channel *ch);
void ide_ctl_write(struct ide_channel *ch, uint8_t val);

/* Shared with atapi.c */
void ide_set_irq(struct ide_channel *ch);
void ide_transfer_start(struct ide_drive *d, unsigned pos, unsigned end,
			void (*end_fn)(struct ide_drive *d));
void ide_put_string(uint16_t *words, const char *s, unsigned len);
void ide_set_signature(struct ide_drive *d);
void atapi_identify(struct ide_drive *d);
void atapi_packet_cmd(struct ide_drive *d);
/* Change the medium of a CD drive (NULL: eject); the guest sees a UNIT
 * ATTENTION on its next command. */
void atapi_change_media(struct ide_drive *d, struct block_dev *bs);

#endif
