/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * IBM VGA with the Bochs VBE "DISPI" extension; see vga.c.  The PCI
 * function around it (QEMU's "-vga std", 1234:1111) is vga_pci.c.
 */
#ifndef RINGVM_DEVICES_VGA_H
#define RINGVM_DEVICES_VGA_H

#include <stdbool.h>
#include <stdint.h>

#define VGA_VRAM_SIZE_DEFAULT	(16u << 20)	/* QEMU's vgamem_mb=16 */
#define VGA_PLANAR_SIZE		(256u << 10)	/* 4 planes of 64 KiB */

/* Bochs VBE DISPI register indexes (port 0x1CE) */
enum {
	VBE_DISPI_INDEX_ID,
	VBE_DISPI_INDEX_XRES,
	VBE_DISPI_INDEX_YRES,
	VBE_DISPI_INDEX_BPP,
	VBE_DISPI_INDEX_ENABLE,
	VBE_DISPI_INDEX_BANK,
	VBE_DISPI_INDEX_VIRT_WIDTH,
	VBE_DISPI_INDEX_VIRT_HEIGHT,
	VBE_DISPI_INDEX_X_OFFSET,
	VBE_DISPI_INDEX_Y_OFFSET,
	VBE_DISPI_INDEX_VIDEO_MEMORY_64K,
	VBE_DISPI_NUM_REGS = VBE_DISPI_INDEX_VIDEO_MEMORY_64K,
};

#define VBE_DISPI_ID0		0xb0c0
#define VBE_DISPI_ID5		0xb0c5	/* the newest: what reset reads */

/* ENABLE register bits */
#define VBE_DISPI_ENABLED	0x01
#define VBE_DISPI_GETCAPS	0x02
#define VBE_DISPI_8BIT_DAC	0x20
#define VBE_DISPI_LFB_ENABLED	0x40
#define VBE_DISPI_NOCLEARMEM	0x80

/* What GETCAPS reports, as QEMU does (the guest checks its modes
 * against these and against VIDEO_MEMORY_64K) */
#define VBE_DISPI_MAX_XRES	16000
#define VBE_DISPI_MAX_YRES	12000
#define VBE_DISPI_MAX_BPP	32

struct vga;

/* One claimed range of VGA ports: the device and the range's first port. */
struct vga_port_range {
	struct vga *vga;
	uint16_t base;
};

#define VGA_NUM_PORT_RANGES 5

struct vga {
	/*
	 * Video memory.  The first 256 KiB are also the four planes: byte
	 * @o of plane @p is vram[4 * o + p], so chain-4 (mode 13h) and the
	 * VBE banked window see the same linear bytes as the LFB.
	 */
	uint8_t *vram;
	uint32_t vram_size;

	uint8_t misc;		/* misc output, 0x3C2 / 0x3CC */
	uint8_t fcr;		/* feature control, 0x3BA/0x3DA / 0x3CA */
	uint8_t st01;		/* input status 1 as last read */
	uint8_t sr_index, sr[8];	/* sequencer */
	uint8_t gr_index, gr[16];	/* graphics controller */
	uint8_t cr_index, cr[0x19];	/* CRT controller */
	uint8_t ar_index, ar[0x15];	/* attribute controller */
	bool ar_data_next;	/* the 0x3C0 flip-flop: next write is data */
	uint32_t latch;		/* plane p in bits 8p..8p+7 */

	/* DAC (0x3C6-0x3C9) */
	uint8_t pel_mask;
	uint8_t dac_read_index, dac_write_index;
	uint8_t dac_step;	/* 0-2: component of the colour in progress */
	bool dac_reading;	/* last index written was the read index */
	uint8_t dac_pending[3];
	uint8_t palette[256][3];

	/* Bochs VBE DISPI (0x1CE index / 0x1CF data) */
	uint16_t vbe_index;
	uint16_t vbe_regs[VBE_DISPI_NUM_REGS];
	uint32_t vbe_line_bytes;	/* bytes per scan line when enabled */
	uint32_t vbe_start;		/* byte offset of the first pixel */

	struct vga_port_range ranges[VGA_NUM_PORT_RANGES];
	bool mapped;		/* the 0xA0000 window and the ports */
};

/* One character cell of the text screen: plane 0 and plane 1. */
struct vga_text_cell {
	uint8_t ch;
	uint8_t attr;
};

struct vga_text {
	int cols, rows;
	int char_height;	/* scan lines per character row */
	/* the hardware cursor; cursor_visible false when it is disabled
	 * (CR0A bit 5) or outside the screen */
	bool cursor_visible;
	int cursor_col, cursor_row;
	struct vga_text_cell *cells;	/* rows * cols, row-major */
};

/*
 * Allocate @vram_size bytes of video memory (a power of two, at least
 * 256 KiB), claim the VGA ports (0x3B4-0x3B5, 0x3BA, 0x3C0-0x3CF,
 * 0x3D4-0x3D5, 0x3DA), the DISPI ports (0x1CE-0x1CF) and the legacy
 * window 0xA0000-0xBFFFF.  Returns 0, -ENOMEM, or -EBUSY when a port or
 * the window is taken (the caller reports it).
 */
int vga_init(struct vga *vga, uint32_t vram_size);
/* Power-on state: registers cleared, VBE off, video memory kept. */
void vga_reset(struct vga *vga);
/* Release the ports, the window and the video memory. */
void vga_destroy(struct vga *vga);

/* The port and memory interface, for the PCI MMIO BAR and for tests:
 * @port is the ISA port number, @addr an offset in 0xA0000-0xBFFFF. */
uint8_t vga_port_read(struct vga *vga, uint16_t port);
void vga_port_write(struct vga *vga, uint16_t port, uint8_t val);
uint16_t vga_dispi_read(struct vga *vga, uint16_t index);
void vga_dispi_write(struct vga *vga, uint16_t index, uint16_t val);
uint8_t vga_mem_read(struct vga *vga, uint32_t addr);
void vga_mem_write(struct vga *vga, uint32_t addr, uint8_t val);

/*
 * The text screen as the CRT controller would show it: size from CR01,
 * CR09 and the vertical display end, characters from plane 0 and
 * attributes from plane 1 starting at the start address (CR0C/CR0D) with
 * the row offset (CR13) and the memory address mode (CR14, CR17).
 * Returns 0 and fills @t (free it with vga_text_release), or -ENOTSUP
 * when the adapter is in a graphics mode, or -ENOMEM.
 */
int vga_text_snapshot(const struct vga *vga, struct vga_text *t);
void vga_text_release(struct vga_text *t);

#endif
