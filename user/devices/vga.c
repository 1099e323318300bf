// SPDX-License-Identifier: GPL-2.0-only
/*
 * IBM VGA (IBM VGA XGA Technical Reference Manual, "Video Graphics Array";
 * FreeVGA's register pages say the same in more words) with the Bochs VBE
 * "DISPI" interface that SeaVGABIOS and Linux's bochs-drm program.
 *
 * Registers: misc output (0x3C2 write, 0x3CC read), input status 0 and 1,
 * feature control, the sequencer (0x3C4/5), graphics controller (0x3CE/F),
 * CRT controller (0x3B4/5 or 0x3D4/5 as misc output bit 0 selects, with
 * the CR11 write protection of CR0-CR7), attribute controller (0x3C0/1,
 * its index/data flip-flop reset by reading input status 1) and the DAC
 * (0x3C6-0x3C9, colours in three-access cycles).
 *
 * Memory: 256 KiB in four planes behind the graphics controller's
 * pipeline (write modes 0-3, read modes 0-1, latches, set/reset, rotate,
 * logical function, bit mask, map mask, read map select), reached through
 * the window GR06 selects in 0xA0000-0xBFFFF, linearly in chain-4 and
 * interleaved on odd/even addresses in odd/even mode.
 *
 * Chain-4 departs from the IBM part on purpose: a chained byte at window
 * offset a goes to plane a & 3 at plane offset a >> 2, i.e. to video
 * memory byte a, where the IBM VGA leaves three of every four plane bytes
 * unused.  That is how SVGA chips (and Bochs and QEMU) do it, and it is
 * what lets the VBE banked window, mode 13h and the linear frame buffer
 * show the same bytes.  Software that writes chained and reads back
 * unchained sees the difference; Mode X code clears memory after
 * unchaining, so it does not.
 *
 * DISPI (ports 0x1CE index / 0x1CF data, 16-bit): the mode registers of
 * the Bochs "VBE display interface" (Bochs vbe.h, ID 0xB0C0-0xB0C5).  Out
 * of range values are corrected when the mode is enabled, the way QEMU
 * corrects them, because the interface has no way to report an error.
 */
#include "vga.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "core/io.h"
#include "core/lib/log.h"
#include "core/mem.h"

#define VGA_WINDOW_BASE	0xa0000
#define VGA_WINDOW_SIZE	0x20000
#define VGA_PLANE_SIZE	0x10000

/* Misc output register */
#define MISC_COLOR	0x01	/* CRTC at 0x3D4, status at 0x3DA */
#define MISC_RAM_ENABLE	0x02	/* the CPU can reach video memory */

/* Sequencer */
#define SR_CLOCKING	1
#define SR_MAP_MASK	2
#define SR_CHAR_MAP	3
#define SR_MEM_MODE	4
#define SR4_ODD_EVEN_OFF 0x04	/* 0: even/odd addresses to planes 0,2/1,3 */
#define SR4_CHAIN4	0x08

/* Graphics controller */
#define GR_SET_RESET	0
#define GR_ENABLE_SR	1
#define GR_COLOR_CMP	2
#define GR_ROTATE	3	/* bits 0-2 count, bits 3-4 function */
#define GR_READ_MAP	4
#define GR_MODE		5
#define GR_MISC		6
#define GR_DONT_CARE	7
#define GR_BIT_MASK	8
#define GR5_READ_MODE1	0x08
#define GR5_HOST_OE	0x10	/* reads in odd/even addressing */
#define GR6_GRAPHICS	0x01

/* CRT controller */
#define CR_H_DISP_END	0x01
#define CR_OVERFLOW	0x07
#define CR_MAX_SCAN	0x09
#define CR_CURSOR_START	0x0a
#define CR_START_HI	0x0c
#define CR_START_LO	0x0d
#define CR_CURSOR_HI	0x0e
#define CR_CURSOR_LO	0x0f
#define CR_V_SYNC_END	0x11
#define CR_V_DISP_END	0x12
#define CR_OFFSET	0x13
#define CR_UNDERLINE	0x14
#define CR_MODE		0x17
#define CR_LINE_COMPARE	0x18
#define CR11_PROTECT	0x80
#define CR14_DWORD	0x40
#define CR14_COUNT4	0x20
#define CR17_BYTE	0x40
#define CR17_WRAP_15	0x20	/* word mode puts MA15 (not MA13) in bit 0 */
#define CR17_COUNT2	0x08

/* Input status 1: display disabled and vertical retrace */
#define ST01_DISP_OFF	0x01
#define ST01_V_RETRACE	0x08

/* Bits of each register a write keeps; the rest read as 0 (the IBM
 * register descriptions mark them reserved). */
static const uint8_t sr_wmask[8] = { 0x03, 0x3d, 0x0f, 0x3f, 0x0e };
static const uint8_t gr_wmask[16] = {
	0x0f, 0x0f, 0x0f, 0x1f, 0x03, 0x7b, 0x0f, 0x0f, 0xff,
};
static const uint8_t ar_wmask[0x15] = {
	0x3f, 0x3f, 0x3f, 0x3f, 0x3f, 0x3f, 0x3f, 0x3f,
	0x3f, 0x3f, 0x3f, 0x3f, 0x3f, 0x3f, 0x3f, 0x3f,
	0xef, 0xff, 0x3f, 0x0f, 0x0f,
};

static void vbe_set_vga_regs(struct vga *vga);

/* --- video memory ------------------------------------------------------ */

static bool vbe_enabled(const struct vga *vga)
{
	return vga->vbe_regs[VBE_DISPI_INDEX_ENABLE] & VBE_DISPI_ENABLED;
}

/* Bits per pixel of the enabled VBE mode: 15 is stored in 16 bits. */
static unsigned vbe_bits(const struct vga *vga)
{
	unsigned bpp = vga->vbe_regs[VBE_DISPI_INDEX_BPP];

	return bpp == 15 ? 16 : bpp;
}

/* Bytes per plane the graphics controller can address: 64 KiB on the
 * VGA, a quarter of video memory in the planar (4 bpp) VBE modes. */
static uint32_t plane_size(const struct vga *vga)
{
	return vbe_enabled(vga) ? vga->vram_size / 4 : VGA_PLANE_SIZE;
}

/* A value with byte p = 0xff for each bit p set in the low nibble of @v. */
static uint32_t expand_planes(uint8_t v)
{
	uint32_t r = 0;
	int p;

	for (p = 0; p < 4; p++)
		if (v & (1 << p))
			r |= 0xffu << (8 * p);
	return r;
}

static uint32_t load_planes(const struct vga *vga, uint32_t poff)
{
	const uint8_t *b = vga->vram + 4 * (size_t)poff;

	return b[0] | b[1] << 8 | b[2] << 16 | (uint32_t)b[3] << 24;
}

/*
 * Where window offset @addr (0 .. 0x1FFFF from 0xA0000) lands, by the
 * memory map select of GR06 (IBM: Miscellaneous register bits 3-2): an
 * offset into the selected window, or false when the VGA does not decode
 * the address (the bus floats).
 */
static bool window_offset(const struct vga *vga, uint32_t addr, uint32_t *off)
{
	if (!(vga->misc & MISC_RAM_ENABLE))
		return false;
	switch ((vga->gr[GR_MISC] >> 2) & 3) {
	case 0:				/* A0000-BFFFF, 128 KiB */
		*off = addr;
		return true;
	case 1:				/* A0000-AFFFF, 64 KiB */
		*off = addr;
		return addr < 0x10000;
	case 2:				/* B0000-B7FFF, 32 KiB */
		*off = addr - 0x10000;
		return addr >= 0x10000 && addr < 0x18000;
	default:			/* B8000-BFFFF, 32 KiB */
		*off = addr - 0x18000;
		return addr >= 0x18000;
	}
}

/* The banked window of a VBE mode: 64 KiB at 0xA0000 onto video memory
 * at BANK * 64 KiB (in plane bytes for 4 bpp). */
static uint32_t vbe_bank_base(const struct vga *vga)
{
	return (uint32_t)vga->vbe_regs[VBE_DISPI_INDEX_BANK] << 16;
}

/* Packed-pixel VBE modes bypass the planes, as on Bochs: the window is
 * a plain view of video memory. */
static bool vbe_packed(const struct vga *vga)
{
	return vbe_enabled(vga) && vbe_bits(vga) != 4;
}

uint8_t vga_mem_read(struct vga *vga, uint32_t addr)
{
	uint32_t off, poff, x;
	unsigned plane;
	int p;

	if (vbe_packed(vga)) {
		if (addr >= 0x10000)
			return 0xff;
		off = vbe_bank_base(vga) + addr;
		return off < vga->vram_size ? vga->vram[off] : 0xff;
	}
	if (!window_offset(vga, addr, &off))
		return 0xff;
	if (vbe_enabled(vga))
		off += vbe_bank_base(vga);
	/* which plane a read mode 0 returns (IBM: Memory Mode, Read Map
	 * Select and Graphics Mode bit 4) */
	if (vga->sr[SR_MEM_MODE] & SR4_CHAIN4) {
		plane = off & 3;
		poff = off >> 2;
	} else if (vga->gr[GR_MODE] & GR5_HOST_OE) {
		plane = (vga->gr[GR_READ_MAP] & 2) | (off & 1);
		poff = off & ~1u;
	} else {
		plane = vga->gr[GR_READ_MAP] & 3;
		poff = off;
	}
	poff &= plane_size(vga) - 1;
	/* every read loads all four latches */
	vga->latch = load_planes(vga, poff);
	if (!(vga->gr[GR_MODE] & GR5_READ_MODE1))
		return vga->latch >> (8 * plane);
	/* read mode 1, colour compare: a 1 for each pixel whose colour
	 * matches Color Compare in the planes Color Don't Care selects */
	x = 0;
	for (p = 0; p < 4; p++) {
		if (!(vga->gr[GR_DONT_CARE] & (1 << p)))
			continue;
		x |= ((vga->latch >> (8 * p)) & 0xff) ^
		     ((vga->gr[GR_COLOR_CMP] & (1 << p)) ? 0xff : 0);
	}
	return ~x & 0xff;
}

static uint8_t ror8(uint8_t v, unsigned n)
{
	n &= 7;
	return (uint8_t)((v >> n) | (v << ((8 - n) & 7)));
}

/* The graphics controller's write data path (IBM: Graphics Mode register,
 * write modes 0-3): the four plane bytes to store, before the map mask. */
static uint32_t gc_write_data(const struct vga *vga, uint8_t val)
{
	const uint8_t *gr = vga->gr;
	uint32_t data, esr, bit_mask, latch = vga->latch;
	uint8_t mask = gr[GR_BIT_MASK];

	switch (gr[GR_MODE] & 3) {
	case 0:
		data = ror8(val, gr[GR_ROTATE]) * 0x01010101u;
		esr = expand_planes(gr[GR_ENABLE_SR]);
		data = (data & ~esr) | (expand_planes(gr[GR_SET_RESET]) & esr);
		break;
	case 1:
		return latch;
	case 2:
		data = expand_planes(val);
		break;
	default:
		/* rotated data ANDed with the bit mask is the bit mask;
		 * the data is set/reset for every plane */
		mask &= ror8(val, gr[GR_ROTATE]);
		data = expand_planes(gr[GR_SET_RESET]);
		break;
	}
	switch ((gr[GR_ROTATE] >> 3) & 3) {
	case 1:
		data &= latch;
		break;
	case 2:
		data |= latch;
		break;
	case 3:
		data ^= latch;
		break;
	}
	bit_mask = mask * 0x01010101u;
	return (data & bit_mask) | (latch & ~bit_mask);
}

void vga_mem_write(struct vga *vga, uint32_t addr, uint8_t val)
{
	uint32_t off, poff, data;
	uint8_t planes;
	int p;

	if (vbe_packed(vga)) {
		if (addr >= 0x10000)
			return;
		off = vbe_bank_base(vga) + addr;
		if (off < vga->vram_size)
			vga->vram[off] = val;
		return;
	}
	if (!window_offset(vga, addr, &off))
		return;
	if (vbe_enabled(vga))
		off += vbe_bank_base(vga);
	if (vga->sr[SR_MEM_MODE] & SR4_CHAIN4) {
		planes = 1 << (off & 3);
		poff = off >> 2;
	} else if (!(vga->sr[SR_MEM_MODE] & SR4_ODD_EVEN_OFF)) {
		planes = (off & 1) ? 0xa : 0x5;
		poff = off & ~1u;
	} else {
		planes = 0xf;
		poff = off;
	}
	planes &= vga->sr[SR_MAP_MASK];
	poff &= plane_size(vga) - 1;
	data = gc_write_data(vga, val);
	for (p = 0; p < 4; p++)
		if (planes & (1 << p))
			vga->vram[4 * (size_t)poff + p] = data >> (8 * p);
}

static uint64_t vga_window_read(void *dev, uint64_t off, unsigned size)
{
	return vga_mem_read(dev, (uint32_t)off);
}

static void vga_window_write(void *dev, uint64_t off, uint64_t val,
			     unsigned size)
{
	vga_mem_write(dev, (uint32_t)off, (uint8_t)val);
}

static const struct io_ops vga_window_ops = {
	.read = vga_window_read,
	.write = vga_window_write,
	.sizes = IO_SZ1,
};

/* --- VGA registers ----------------------------------------------------- */

/* The CRTC and input status 1 answer at 0x3Bx in monochrome and 0x3Dx in
 * colour addressing (misc output bit 0); the other set does not decode. */
static bool port_decoded(const struct vga *vga, uint16_t port)
{
	if (port >= 0x3b0 && port <= 0x3bf)
		return !(vga->misc & MISC_COLOR);
	if (port >= 0x3d0 && port <= 0x3df)
		return vga->misc & MISC_COLOR;
	return true;
}

static uint8_t dac_bits(const struct vga *vga)
{
	return (vga->vbe_regs[VBE_DISPI_INDEX_ENABLE] & VBE_DISPI_8BIT_DAC) ?
	       0xff : 0x3f;
}

uint8_t vga_port_read(struct vga *vga, uint16_t port)
{
	uint8_t v;

	if (!port_decoded(vga, port))
		return 0xff;
	switch (port) {
	case 0x3c0:
		return vga->ar_index;
	case 0x3c1:
		return (vga->ar_index & 0x1f) < 0x15 ?
		       vga->ar[vga->ar_index & 0x1f] : 0;
	case 0x3c2:
		/* input status 0: no retrace interrupt, switch sense 0 */
		return 0;
	case 0x3c4:
		return vga->sr_index;
	case 0x3c5:
		return vga->sr[vga->sr_index];
	case 0x3c6:
		return vga->pel_mask;
	case 0x3c7:
		/* DAC state: 3 after a read index was set, 0 after write */
		return vga->dac_reading ? 3 : 0;
	case 0x3c8:
		return vga->dac_write_index;
	case 0x3c9:
		v = vga->palette[vga->dac_read_index][vga->dac_step];
		if (++vga->dac_step == 3) {
			vga->dac_step = 0;
			vga->dac_read_index++;
		}
		return v;
	case 0x3ca:
		return vga->fcr;
	case 0x3cc:
		return vga->misc;
	case 0x3ce:
		return vga->gr_index;
	case 0x3cf:
		return vga->gr[vga->gr_index];
	case 0x3b4:
	case 0x3d4:
		return vga->cr_index;
	case 0x3b5:
	case 0x3d5:
		return vga->cr_index < sizeof(vga->cr) ?
		       vga->cr[vga->cr_index] : 0;
	case 0x3ba:
	case 0x3da:
		/*
		 * Input status 1.  No beam is simulated: each read flips
		 * "vertical retrace" and "display disabled", so a guest
		 * waiting for a retrace edge sees one at once.  The read
		 * also resets the attribute flip-flop to "index next".
		 */
		vga->st01 ^= ST01_V_RETRACE | ST01_DISP_OFF;
		vga->ar_data_next = false;
		return vga->st01;
	default:
		return 0xff;
	}
}

static void cr_write(struct vga *vga, uint8_t val)
{
	uint8_t i = vga->cr_index;

	if (i >= sizeof(vga->cr))
		return;
	/* CR11 bit 7 protects CR00-CR07, all but the line compare bit 8
	 * in CR07 bit 4 (IBM: Vertical Retrace End register) */
	if ((vga->cr[CR_V_SYNC_END] & CR11_PROTECT) && i <= CR_OVERFLOW) {
		if (i == CR_OVERFLOW)
			vga->cr[i] = (vga->cr[i] & ~0x10) | (val & 0x10);
		return;
	}
	vga->cr[i] = val;
}

static void ar_write(struct vga *vga, uint8_t val)
{
	uint8_t i = vga->ar_index & 0x1f;

	if (!vga->ar_data_next) {
		/* index bits 0-4 and Palette Address Source, bit 5 */
		vga->ar_index = val & 0x3f;
	} else if (i < 0x15) {
		vga->ar[i] = val & ar_wmask[i];
	}
	vga->ar_data_next = !vga->ar_data_next;
}

static void dac_data_write(struct vga *vga, uint8_t val)
{
	vga->dac_pending[vga->dac_step] = val & dac_bits(vga);
	if (++vga->dac_step < 3)
		return;
	memcpy(vga->palette[vga->dac_write_index], vga->dac_pending, 3);
	vga->dac_step = 0;
	vga->dac_write_index++;
}

void vga_port_write(struct vga *vga, uint16_t port, uint8_t val)
{
	if (!port_decoded(vga, port))
		return;
	switch (port) {
	case 0x3c0:
		ar_write(vga, val);
		break;
	case 0x3c2:
		vga->misc = val & 0xef;	/* bit 4 is reserved */
		break;
	case 0x3c4:
		vga->sr_index = val & 7;
		break;
	case 0x3c5:
		vga->sr[vga->sr_index] = val & sr_wmask[vga->sr_index];
		break;
	case 0x3c6:
		vga->pel_mask = val;
		break;
	case 0x3c7:
		vga->dac_read_index = val;
		vga->dac_step = 0;
		vga->dac_reading = true;
		break;
	case 0x3c8:
		vga->dac_write_index = val;
		vga->dac_step = 0;
		vga->dac_reading = false;
		break;
	case 0x3c9:
		dac_data_write(vga, val);
		break;
	case 0x3ce:
		vga->gr_index = val & 0x0f;
		break;
	case 0x3cf:
		vga->gr[vga->gr_index] = val & gr_wmask[vga->gr_index];
		vbe_set_vga_regs(vga);
		break;
	case 0x3b4:
	case 0x3d4:
		vga->cr_index = val;
		break;
	case 0x3b5:
	case 0x3d5:
		cr_write(vga, val);
		vbe_set_vga_regs(vga);
		break;
	case 0x3ba:
	case 0x3da:
		/* feature control: FC0, FC1 and vertical sync select */
		vga->fcr = val & 0x0b;
		break;
	default:
		/* 0x3C1 (attribute data is read-only there), 0x3C3, and
		 * the ports of the VGA's range that hold nothing */
		break;
	}
}

/* Port ranges, as QEMU claims them: 0x3B0-0x3B3 and 0x3BC-0x3BF stay free
 * (the latter is LPT1 on some machines). */
static const struct {
	uint16_t base, len;
} vga_port_ranges[] = {
	{ 0x3b4, 2 }, { 0x3ba, 1 }, { 0x3c0, 16 }, { 0x3d4, 2 }, { 0x3da, 1 },
};

_Static_assert(sizeof(vga_port_ranges) / sizeof(vga_port_ranges[0]) ==
	       VGA_NUM_PORT_RANGES, "one struct vga_port_range per range");

static uint64_t vga_io_read(void *dev, uint64_t off, unsigned size)
{
	struct vga_port_range *r = dev;

	return vga_port_read(r->vga, r->base + off);
}

static void vga_io_write(void *dev, uint64_t off, uint64_t val, unsigned size)
{
	struct vga_port_range *r = dev;

	vga_port_write(r->vga, r->base + off, (uint8_t)val);
}

/* Byte ports; a 16-bit OUT to an index port writes index then data, low
 * byte first, which is how BIOSes program indexed registers. */
static const struct io_ops vga_io_ops = {
	.read = vga_io_read,
	.write = vga_io_write,
	.sizes = IO_SZ1,
};

/* --- Bochs VBE DISPI --------------------------------------------------- */

static uint16_t clamp16(uint32_t v, uint32_t max)
{
	return v > max ? max : v;
}

/*
 * Make the enabled mode one the memory can hold: a depth the interface
 * knows (else 8), widths multiples of 8, the virtual screen at least the
 * visible one, the visible part and the display start inside video
 * memory.  VIRT_HEIGHT becomes the lines that fit.
 */
static void vbe_fixup(struct vga *vga)
{
	uint16_t *r = vga->vbe_regs;
	uint32_t bits, line, maxy, start;

	switch (r[VBE_DISPI_INDEX_BPP]) {
	case 4: case 8: case 15: case 16: case 24: case 32:
		break;
	default:
		r[VBE_DISPI_INDEX_BPP] = 8;
		break;
	}
	bits = vbe_bits(vga);
	r[VBE_DISPI_INDEX_XRES] = clamp16(r[VBE_DISPI_INDEX_XRES] & ~7u,
					  VBE_DISPI_MAX_XRES);
	if (!r[VBE_DISPI_INDEX_XRES])
		r[VBE_DISPI_INDEX_XRES] = 8;
	r[VBE_DISPI_INDEX_VIRT_WIDTH] =
		clamp16(r[VBE_DISPI_INDEX_VIRT_WIDTH] & ~7u, VBE_DISPI_MAX_XRES);
	if (r[VBE_DISPI_INDEX_VIRT_WIDTH] < r[VBE_DISPI_INDEX_XRES])
		r[VBE_DISPI_INDEX_VIRT_WIDTH] = r[VBE_DISPI_INDEX_XRES];

	line = r[VBE_DISPI_INDEX_VIRT_WIDTH] * bits / 8;
	maxy = vga->vram_size / line;
	r[VBE_DISPI_INDEX_YRES] = clamp16(r[VBE_DISPI_INDEX_YRES],
					  maxy < VBE_DISPI_MAX_YRES ? maxy :
					  VBE_DISPI_MAX_YRES);
	if (!r[VBE_DISPI_INDEX_YRES])
		r[VBE_DISPI_INDEX_YRES] = 1;

	r[VBE_DISPI_INDEX_X_OFFSET] = clamp16(r[VBE_DISPI_INDEX_X_OFFSET],
					      VBE_DISPI_MAX_XRES);
	r[VBE_DISPI_INDEX_Y_OFFSET] = clamp16(r[VBE_DISPI_INDEX_Y_OFFSET],
					      VBE_DISPI_MAX_YRES);
	start = r[VBE_DISPI_INDEX_X_OFFSET] * bits / 8 +
		r[VBE_DISPI_INDEX_Y_OFFSET] * line;
	if (start + r[VBE_DISPI_INDEX_YRES] * line > vga->vram_size) {
		/* panned past the end: try without the vertical offset,
		 * then from the top left */
		r[VBE_DISPI_INDEX_Y_OFFSET] = 0;
		start = r[VBE_DISPI_INDEX_X_OFFSET] * bits / 8;
		if (start + r[VBE_DISPI_INDEX_YRES] * line > vga->vram_size) {
			r[VBE_DISPI_INDEX_X_OFFSET] = 0;
			start = 0;
		}
	}
	r[VBE_DISPI_INDEX_VIRT_HEIGHT] = clamp16(maxy, 0xffff);
	vga->vbe_line_bytes = line;
	vga->vbe_start = start;
}

/*
 * While a VBE mode is on, the CRTC and graphics controller registers that
 * describe the mode are kept at the VBE mode's values, as Bochs and QEMU
 * do: software reading them back (the VGA BIOS saving state, a driver
 * taking the pitch from CR13) finds a graphics mode of the right size
 * with the 64 KiB window at 0xA0000, whatever the guest wrote there.  The
 * sequencer stays as written: packed-pixel VBE memory bypasses it, and
 * the planar 4-bpp modes use it as on a VGA.
 */
static void vbe_set_vga_regs(struct vga *vga)
{
	uint16_t *r = vga->vbe_regs;
	unsigned h = r[VBE_DISPI_INDEX_YRES] - 1;

	if (!vbe_enabled(vga))
		return;
	vga->gr[GR_MISC] = (vga->gr[GR_MISC] & ~0x0c) | 0x04 | GR6_GRAPHICS;
	vga->cr[CR_MODE] |= 3;		/* no CGA/Hercules address wrapping */
	vga->cr[CR_OFFSET] = (uint8_t)(vga->vbe_line_bytes >> 3);
	vga->cr[CR_H_DISP_END] = (uint8_t)((r[VBE_DISPI_INDEX_XRES] >> 3) - 1);
	vga->cr[CR_V_DISP_END] = (uint8_t)h;
	vga->cr[CR_OVERFLOW] = (vga->cr[CR_OVERFLOW] & ~0x42) |
			       ((h >> 7) & 0x02) | ((h >> 3) & 0x40);
	/* line compare at its maximum: no split screen */
	vga->cr[CR_LINE_COMPARE] = 0xff;
	vga->cr[CR_OVERFLOW] |= 0x10;
	/* no double scan, one scan line per row, line compare bit 9 */
	vga->cr[CR_MAX_SCAN] = (vga->cr[CR_MAX_SCAN] | 0x40) & ~0x9f;
	/* shift register mode: planar for 4 bpp, 256-colour otherwise */
	vga->gr[GR_MODE] = (vga->gr[GR_MODE] & ~0x60) |
			   (vbe_bits(vga) == 4 ? 0 : 0x40);
}

static void vbe_enable_write(struct vga *vga, uint16_t val)
{
	uint16_t *r = vga->vbe_regs;
	bool was = vbe_enabled(vga);

	r[VBE_DISPI_INDEX_ENABLE] = val;
	if (!(val & VBE_DISPI_ENABLED) || was) {
		if (val & VBE_DISPI_ENABLED)
			vbe_fixup(vga);
		return;
	}
	/* a new mode starts unpanned, with the virtual width of the screen */
	r[VBE_DISPI_INDEX_VIRT_WIDTH] = 0;
	r[VBE_DISPI_INDEX_X_OFFSET] = 0;
	r[VBE_DISPI_INDEX_Y_OFFSET] = 0;
	vbe_fixup(vga);
	if (!(val & VBE_DISPI_NOCLEARMEM))
		memset(vga->vram, 0,
		       (size_t)r[VBE_DISPI_INDEX_YRES] * vga->vbe_line_bytes);
	vbe_set_vga_regs(vga);
}

uint16_t vga_dispi_read(struct vga *vga, uint16_t index)
{
	const uint16_t *r = vga->vbe_regs;

	if (index == VBE_DISPI_INDEX_VIDEO_MEMORY_64K)
		return (uint16_t)(vga->vram_size >> 16);
	if (index >= VBE_DISPI_NUM_REGS)
		return 0;
	/* GETCAPS turns the mode registers into the limits */
	if (r[VBE_DISPI_INDEX_ENABLE] & VBE_DISPI_GETCAPS) {
		switch (index) {
		case VBE_DISPI_INDEX_XRES:
			return VBE_DISPI_MAX_XRES;
		case VBE_DISPI_INDEX_YRES:
			return VBE_DISPI_MAX_YRES;
		case VBE_DISPI_INDEX_BPP:
			return VBE_DISPI_MAX_BPP;
		}
	}
	return r[index];
}

void vga_dispi_write(struct vga *vga, uint16_t index, uint16_t val)
{
	uint16_t *r = vga->vbe_regs;
	uint32_t banks;

	switch (index) {
	case VBE_DISPI_INDEX_ID:
		/* the guest selects the interface version it speaks */
		if (val >= VBE_DISPI_ID0 && val <= VBE_DISPI_ID5)
			r[index] = val;
		break;
	case VBE_DISPI_INDEX_XRES:
	case VBE_DISPI_INDEX_YRES:
	case VBE_DISPI_INDEX_BPP:
	case VBE_DISPI_INDEX_VIRT_WIDTH:
	case VBE_DISPI_INDEX_X_OFFSET:
	case VBE_DISPI_INDEX_Y_OFFSET:
		r[index] = val;
		if (vbe_enabled(vga)) {
			vbe_fixup(vga);
			vbe_set_vga_regs(vga);
		}
		break;
	case VBE_DISPI_INDEX_BANK:
		/* 64 KiB banks of video memory (of one plane at 4 bpp,
		 * where the plane offset wraps at a quarter of it) */
		banks = vga->vram_size >> 16;
		r[index] = val & (banks - 1);
		break;
	case VBE_DISPI_INDEX_ENABLE:
		vbe_enable_write(vga, val);
		break;
	default:
		/* VIRT_HEIGHT and VIDEO_MEMORY_64K are computed */
		break;
	}
}

/* 0x1CE index, 0x1CF data, 16 bits wide; 0x1D0 is claimed only so that a
 * 16-bit access at 0x1CF lies inside the range, and decodes nothing. */
static uint64_t vga_dispi_io_read(void *dev, uint64_t off, unsigned size)
{
	struct vga *vga = dev;
	uint16_t v;

	if (off == 0)
		v = vga->vbe_index;
	else if (off == 1)
		v = vga_dispi_read(vga, vga->vbe_index);
	else
		v = 0xffff;
	return size == 1 ? v & 0xff : v;
}

static void vga_dispi_io_write(void *dev, uint64_t off, uint64_t val,
			       unsigned size)
{
	struct vga *vga = dev;

	if (off == 0)
		vga->vbe_index = (uint16_t)val;
	else if (off == 1)
		vga_dispi_write(vga, vga->vbe_index, (uint16_t)val);
}

static const struct io_ops vga_dispi_ops = {
	.read = vga_dispi_io_read,
	.write = vga_dispi_io_write,
	.sizes = IO_SZ1 | IO_SZ2,
};

/* --- text screen ------------------------------------------------------- */

/* Plane offset of character clock @ma (IBM: CRTC Mode Control and
 * Underline Location registers): doubleword, word or byte addressing. */
static uint32_t crtc_address(const struct vga *vga, uint32_t ma)
{
	uint32_t a;

	if (vga->cr[CR_UNDERLINE] & CR14_DWORD)
		a = ma << 2;
	else if (!(vga->cr[CR_MODE] & CR17_BYTE))
		a = (ma << 1) | ((ma >> ((vga->cr[CR_MODE] & CR17_WRAP_15) ?
					 15 : 13)) & 1);
	else
		a = ma;
	return a & (VGA_PLANE_SIZE - 1);
}

int vga_text_snapshot(const struct vga *vga, struct vga_text *t)
{
	const uint8_t *cr = vga->cr;
	uint32_t start, stride, cursor, ma, a;
	unsigned lines, div;
	int row, col;

	memset(t, 0, sizeof(*t));
	if (vbe_enabled(vga) || (vga->gr[GR_MISC] & GR6_GRAPHICS))
		return -ENOTSUP;
	t->cols = cr[CR_H_DISP_END] + 1;
	t->char_height = (cr[CR_MAX_SCAN] & 0x1f) + 1;
	lines = cr[CR_V_DISP_END] | ((cr[CR_OVERFLOW] & 0x02) << 7) |
		((cr[CR_OVERFLOW] & 0x40) << 3);
	lines++;
	if (cr[CR_MAX_SCAN] & 0x80)	/* scan doubling */
		lines /= 2;
	t->rows = lines / t->char_height;
	t->cells = calloc((size_t)t->rows * t->cols + 1, sizeof(*t->cells));
	if (!t->cells)
		return -ENOMEM;

	/* the memory address counter advances by 2 * CR13 per character
	 * row, and by one per character (or per 2 or 4 characters) */
	start = cr[CR_START_HI] << 8 | cr[CR_START_LO];
	stride = 2u * cr[CR_OFFSET];
	div = (cr[CR_UNDERLINE] & CR14_COUNT4) ? 4 :
	      (cr[CR_MODE] & CR17_COUNT2) ? 2 : 1;
	for (row = 0; row < t->rows; row++) {
		for (col = 0; col < t->cols; col++) {
			struct vga_text_cell *c = &t->cells[row * t->cols + col];

			ma = start + row * stride + col / div;
			a = crtc_address(vga, ma);
			c->ch = vga->vram[4 * a];
			c->attr = vga->vram[4 * a + 1];
		}
	}

	cursor = cr[CR_CURSOR_HI] << 8 | cr[CR_CURSOR_LO];
	if (!(cr[CR_CURSOR_START] & 0x20) && stride && cursor >= start) {
		t->cursor_row = (cursor - start) / stride;
		t->cursor_col = (cursor - start) % stride * div;
		t->cursor_visible = t->cursor_row < t->rows &&
				    t->cursor_col < t->cols;
	}
	return 0;
}

void vga_text_release(struct vga_text *t)
{
	free(t->cells);
	t->cells = NULL;
}

/* --- life cycle -------------------------------------------------------- */

void vga_reset(struct vga *vga)
{
	vga->misc = 0;
	vga->fcr = 0;
	vga->st01 = 0;
	vga->sr_index = vga->gr_index = vga->cr_index = vga->ar_index = 0;
	memset(vga->sr, 0, sizeof(vga->sr));
	memset(vga->gr, 0, sizeof(vga->gr));
	memset(vga->cr, 0, sizeof(vga->cr));
	memset(vga->ar, 0, sizeof(vga->ar));
	vga->ar_data_next = false;
	vga->latch = 0;
	vga->pel_mask = 0xff;
	vga->dac_read_index = vga->dac_write_index = 0;
	vga->dac_step = 0;
	vga->dac_reading = false;
	memset(vga->palette, 0, sizeof(vga->palette));
	vga->vbe_index = 0;
	memset(vga->vbe_regs, 0, sizeof(vga->vbe_regs));
	vga->vbe_regs[VBE_DISPI_INDEX_ID] = VBE_DISPI_ID5;
	vga->vbe_line_bytes = 0;
	vga->vbe_start = 0;
}

static void vga_unmap(struct vga *vga, unsigned ranges)
{
	unsigned i;

	for (i = 0; i < ranges; i++)
		io_port_unmap(vga_port_ranges[i].base);
}

int vga_init(struct vga *vga, uint32_t vram_size)
{
	unsigned i;
	int err;

	memset(vga, 0, sizeof(*vga));
	if (vram_size < VGA_PLANAR_SIZE || (vram_size & (vram_size - 1)))
		return -EINVAL;
	vga->vram = mem_alloc(vram_size);
	if (!vga->vram)
		return -ENOMEM;
	vga->vram_size = vram_size;
	vga_reset(vga);

	for (i = 0; i < VGA_NUM_PORT_RANGES; i++) {
		vga->ranges[i].vga = vga;
		vga->ranges[i].base = vga_port_ranges[i].base;
		err = io_port_map(vga_port_ranges[i].base, vga_port_ranges[i].len,
				  &vga_io_ops, &vga->ranges[i], "vga");
		if (err)
			goto fail_ports;
	}
	err = io_port_map(0x1ce, 3, &vga_dispi_ops, vga, "vbe-dispi");
	if (err)
		goto fail_ports;
	err = mem_map_mmio(VGA_WINDOW_BASE, VGA_WINDOW_SIZE, &vga_window_ops,
			   vga, "vga-lowmem");
	if (err) {
		io_port_unmap(0x1ce);
		goto fail_ports;
	}
	vga->mapped = true;
	return 0;

fail_ports:
	vga_unmap(vga, i);
	mem_free(vga->vram, vga->vram_size);
	vga->vram = NULL;
	return err;
}

void vga_destroy(struct vga *vga)
{
	if (vga->mapped) {
		vga_unmap(vga, VGA_NUM_PORT_RANGES);
		io_port_unmap(0x1ce);
		mem_unmap(VGA_WINDOW_BASE);
		vga->mapped = false;
	}
	mem_free(vga->vram, vga->vram_size);
	vga->vram = NULL;
}
