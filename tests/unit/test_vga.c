// SPDX-License-Identifier: GPL-2.0-only
/*
 * The VGA through its ports and the 0xA0000 window, the way a VGA BIOS
 * and a guest drive it: text mode at 0xB8000 read back as a screen,
 * the graphics controller's write and read modes with the latches,
 * chain-4 and odd/even addressing, the DAC's three-access cycles, the
 * attribute flip-flop, the CRTC protection and colour/mono decoding, the
 * Bochs VBE DISPI registers with the banked window and the linear frame
 * buffer, and the PCI function SeaBIOS finds the VGA BIOS through.
 *
 * Expected values come from the IBM VGA register descriptions (mode 3
 * and mode 12h register sets of the IBM VGA Technical Reference, the
 * write mode data paths) and, for DISPI and PCI identity, from what
 * QEMU's standard VGA presents (checked with qemu-system-i386 -qtest).
 */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <cmocka.h>

#include "core/io.h"
#include "core/mem.h"
#include "devices/pci.h"
#include "devices/vga.h"
#include "devices/vga_pci.h"

#define VRAM (16u << 20)
#define STDVGA_ROM "/usr/share/seabios/vgabios-stdvga.bin"

static struct vga vga;

static void outb(uint16_t port, uint8_t v)
{
	io_port_write(port, v, 1);
}

static uint8_t inb(uint16_t port)
{
	return (uint8_t)io_port_read(port, 1);
}

/* Indexed registers the way BIOSes write them: one 16-bit OUT, index in
 * the low byte. */
static void sr(uint8_t i, uint8_t v)
{
	io_port_write(0x3c4, (uint32_t)v << 8 | i, 2);
}

static uint8_t sr_rd(uint8_t i)
{
	outb(0x3c4, i);
	return inb(0x3c5);
}

static void gr(uint8_t i, uint8_t v)
{
	io_port_write(0x3ce, (uint32_t)v << 8 | i, 2);
}

static uint8_t gr_rd(uint8_t i)
{
	outb(0x3ce, i);
	return inb(0x3cf);
}

static void cr(uint8_t i, uint8_t v)
{
	io_port_write(0x3d4, (uint32_t)v << 8 | i, 2);
}

static uint8_t cr_rd(uint8_t i)
{
	outb(0x3d4, i);
	return inb(0x3d5);
}

static void ar(uint8_t i, uint8_t v)
{
	inb(0x3da);		/* flip-flop to "index" */
	outb(0x3c0, i);
	outb(0x3c0, v);
}

static uint8_t ar_rd(uint8_t i)
{
	inb(0x3da);
	outb(0x3c0, i);
	return inb(0x3c1);
}

static void dispi_w(uint16_t i, uint16_t v)
{
	io_port_write(0x1ce, i, 2);
	io_port_write(0x1cf, v, 2);
}

static uint16_t dispi_r(uint16_t i)
{
	io_port_write(0x1ce, i, 2);
	return (uint16_t)io_port_read(0x1cf, 2);
}

/* IBM VGA Technical Reference, register values of BIOS mode 3 (80x25
 * text, 9x16 cells, 720x400) */
static const uint8_t mode3_sr[5] = { 0x03, 0x00, 0x03, 0x00, 0x02 };
static const uint8_t mode3_cr[25] = {
	0x5f, 0x4f, 0x50, 0x82, 0x55, 0x81, 0xbf, 0x1f, 0x00, 0x4f, 0x0d,
	0x0e, 0x00, 0x00, 0x00, 0x00, 0x9c, 0x8e, 0x8f, 0x28, 0x1f, 0x96,
	0xb9, 0xa3, 0xff,
};
static const uint8_t mode3_gr[9] = {
	0x00, 0x00, 0x00, 0x00, 0x00, 0x10, 0x0e, 0x00, 0xff,
};
static const uint8_t mode3_ar[21] = {
	0x00, 0x01, 0x02, 0x03, 0x04, 0x05, 0x14, 0x07, 0x38, 0x39, 0x3a,
	0x3b, 0x3c, 0x3d, 0x3e, 0x3f, 0x0c, 0x00, 0x0f, 0x08, 0x00,
};

static void set_mode3(void)
{
	int i;

	outb(0x3c2, 0x67);
	for (i = 0; i < 5; i++)
		sr(i, mode3_sr[i]);
	cr(0x11, mode3_cr[0x11] & 0x7f);	/* unprotect CR0-CR7 first */
	for (i = 0; i < 25; i++)
		cr(i, mode3_cr[i]);
	for (i = 0; i < 9; i++)
		gr(i, mode3_gr[i]);
	for (i = 0; i < 21; i++)
		ar(i, mode3_ar[i]);
	outb(0x3c0, 0x20);			/* PAS: screen on */
}

/* Mode 12h's memory setup (640x480, 16 colours, planar at 0xA0000). */
static void set_planar(void)
{
	outb(0x3c2, 0xe3);
	sr(2, 0x0f);
	sr(4, 0x06);
	gr(5, 0x00);
	gr(6, 0x05);
	gr(8, 0xff);
}

/* Mode 13h's (320x200, 256 colours, chain-4 at 0xA0000). */
static void set_chain4(void)
{
	outb(0x3c2, 0x63);
	sr(2, 0x0f);
	sr(4, 0x0e);
	gr(5, 0x40);
	gr(6, 0x05);
	gr(8, 0xff);
}

/* Byte @off of plane @p, through the read map select of read mode 0. */
static uint8_t plane_rd(int p, uint32_t off)
{
	uint8_t sr4 = sr_rd(4), gr4 = gr_rd(4), gr5 = gr_rd(5), gr6 = gr_rd(6);
	uint8_t v;

	sr(4, 0x06);
	gr(5, 0x00);
	gr(6, 0x05);
	gr(4, p);
	v = (uint8_t)mem_read(0xa0000 + off, 1);
	sr(4, sr4);
	gr(4, gr4);
	gr(5, gr5);
	gr(6, gr6);
	return v;
}

static int setup(void **state)
{
	io_reset_all();
	mem_reset_all();
	assert_int_equal(vga_init(&vga, VRAM), 0);
	return 0;
}

static int teardown(void **state)
{
	vga_destroy(&vga);
	return 0;
}

/* --- text mode --------------------------------------------------------- */

static void put_text(int row, int col, const char *s, uint8_t attr)
{
	for (; *s; s++, col++)
		mem_write(0xb8000 + 2 * (row * 80 + col),
			  (uint64_t)attr << 8 | (uint8_t)*s, 2);
}

static void text_mode_screen_from_b8000(void **state)
{
	struct vga_text t;
	const char *hello = "Hello, VGA";
	size_t i;

	set_mode3();
	put_text(0, 0, hello, 0x1f);
	put_text(24, 75, "end!", 0x4e);
	cr(0x0e, 0x00);
	cr(0x0f, 80 + 3);		/* cursor at row 1, column 3 */

	assert_int_equal(vga_text_snapshot(&vga, &t), 0);
	assert_int_equal(t.cols, 80);
	assert_int_equal(t.rows, 25);
	assert_int_equal(t.char_height, 16);
	for (i = 0; i < strlen(hello); i++) {
		assert_int_equal(t.cells[i].ch, hello[i]);
		assert_int_equal(t.cells[i].attr, 0x1f);
	}
	assert_int_equal(t.cells[24 * 80 + 78].ch, '!');
	assert_int_equal(t.cells[24 * 80 + 78].attr, 0x4e);
	assert_true(t.cursor_visible);
	assert_int_equal(t.cursor_row, 1);
	assert_int_equal(t.cursor_col, 3);
	vga_text_release(&t);

	/* the CPU reads its text back through odd/even addressing */
	assert_int_equal(mem_read(0xb8000, 2), 0x1f00 | 'H');
	assert_int_equal(mem_read(0xb8002, 1), 'e');

	/* scrolling by start address: row 0 now shows memory row 24 */
	cr(0x0c, (24 * 80) >> 8);
	cr(0x0d, (24 * 80) & 0xff);
	assert_int_equal(vga_text_snapshot(&vga, &t), 0);
	assert_int_equal(t.cells[78].ch, '!');
	assert_false(t.cursor_visible);	/* the cursor scrolled off the top */
	vga_text_release(&t);

	/* cursor disable bit */
	cr(0x0c, 0);
	cr(0x0d, 0);
	cr(0x0a, 0x20);
	assert_int_equal(vga_text_snapshot(&vga, &t), 0);
	assert_false(t.cursor_visible);
	vga_text_release(&t);
}

static void text_lands_in_planes_0_and_1(void **state)
{
	set_mode3();
	put_text(0, 0, "AB", 0x07);
	/* character n at plane offset 2n: what the CRTC fetches in word
	 * mode, and where the BIOS's planar font code must not write */
	assert_int_equal(plane_rd(0, 0), 'A');
	assert_int_equal(plane_rd(1, 0), 0x07);
	assert_int_equal(plane_rd(0, 2), 'B');
	assert_int_equal(plane_rd(1, 2), 0x07);
	assert_int_equal(plane_rd(2, 0), 0);

	/* with plane 2 in the map mask, even addresses reach it too */
	sr(2, 0x07);
	mem_write(0xb8004, 'C', 1);
	assert_int_equal(plane_rd(0, 4), 'C');
	assert_int_equal(plane_rd(2, 4), 'C');
	assert_int_equal(plane_rd(1, 4), 0);
	/* odd/even read with read map 2 selects planes 2/3 */
	gr(4, 2);
	assert_int_equal(mem_read(0xb8004, 1), 'C');
}

static void text_snapshot_sizes_from_crtc(void **state)
{
	struct vga_text t;

	set_mode3();
	/* 40 columns (CR01 = 39), 8-line cells: 400 / 8 = 50 rows */
	cr(0x11, mode3_cr[0x11] & 0x7f);	/* mode 3 protects CR01 */
	cr(0x01, 39);
	cr(0x13, 20);
	cr(0x09, (mode3_cr[9] & ~0x1f) | 7);
	mem_write(0xb8000 + 2 * 40, 'x', 1);	/* row 1, col 0 at 40 cols */
	assert_int_equal(vga_text_snapshot(&vga, &t), 0);
	assert_int_equal(t.cols, 40);
	assert_int_equal(t.rows, 50);
	assert_int_equal(t.cells[40].ch, 'x');
	vga_text_release(&t);

	/* graphics modes have no text screen */
	gr(6, 0x05);
	assert_int_equal(vga_text_snapshot(&vga, &t), -ENOTSUP);
}

static void mono_text_at_b0000(void **state)
{
	struct vga_text t;

	set_mode3();
	outb(0x3c2, 0x66);		/* monochrome addressing */
	gr(6, 0x0a);			/* odd/even, window B0000-B7FFF */
	mem_write(0xb0000, 0x0700 | 'M', 2);
	assert_int_equal(mem_read(0xb8000, 1), 0xff);	/* not decoded */
	assert_int_equal(vga_text_snapshot(&vga, &t), 0);
	assert_int_equal(t.cells[0].ch, 'M');
	vga_text_release(&t);
}

/* --- registers --------------------------------------------------------- */

static void crtc_follows_misc_output_bit0(void **state)
{
	outb(0x3c2, 0x67);		/* colour: 0x3D4 */
	cr(0x0c, 0x12);
	assert_int_equal(cr_rd(0x0c), 0x12);
	assert_int_equal(inb(0x3b5), 0xff);	/* 0x3Bx does not decode */
	outb(0x3b4, 0x0c);
	outb(0x3b5, 0x99);			/* dropped */
	assert_int_equal(cr_rd(0x0c), 0x12);

	outb(0x3c2, 0x66);		/* monochrome: 0x3B4 */
	assert_int_equal(inb(0x3d5), 0xff);
	outb(0x3b4, 0x0c);
	assert_int_equal(inb(0x3b5), 0x12);
	outb(0x3b5, 0x34);
	assert_int_equal(inb(0x3b5), 0x34);
	assert_int_equal(inb(0x3cc), 0x66);

	/* feature control: written at 0x3BA in mono, read at 0x3CA */
	outb(0x3ba, 0x03);
	assert_int_equal(inb(0x3ca), 0x03);
	outb(0x3da, 0x00);			/* not decoded in mono */
	assert_int_equal(inb(0x3ca), 0x03);
}

static void crtc_protect_bit(void **state)
{
	outb(0x3c2, 0x67);
	cr(0x11, 0x00);
	cr(0x01, 0x4f);
	cr(0x07, 0x1f);
	cr(0x11, 0x80);			/* protect CR0-CR7 */
	cr(0x01, 0x27);
	assert_int_equal(cr_rd(0x01), 0x4f);
	cr(0x07, 0x00);			/* only bit 4, line compare bit 8 */
	assert_int_equal(cr_rd(0x07), 0x0f);
	cr(0x09, 0x4f);			/* CR08 and up stay writable */
	assert_int_equal(cr_rd(0x09), 0x4f);
	cr(0x11, 0x00);
	cr(0x01, 0x27);
	assert_int_equal(cr_rd(0x01), 0x27);
}

static void register_reserved_bits_and_indexes(void **state)
{
	outb(0x3c2, 0x67);
	sr(4, 0xff);
	assert_int_equal(sr_rd(4), 0x0e);
	gr(5, 0xff);
	assert_int_equal(gr_rd(5), 0x7b);
	outb(0x3c4, 0xfd);
	assert_int_equal(inb(0x3c4), 0x05);	/* 3-bit index */
	outb(0x3ce, 0xfd);
	assert_int_equal(inb(0x3ce), 0x0d);	/* 4-bit index */
}

static void attribute_flip_flop(void **state)
{
	outb(0x3c2, 0x67);
	inb(0x3da);
	outb(0x3c0, 0x12);		/* index */
	outb(0x3c0, 0x0f);		/* data */
	assert_int_equal(inb(0x3c0), 0x12);	/* index reads back */
	assert_int_equal(inb(0x3c1), 0x0f);
	outb(0x3c0, 0x20 | 0x10);	/* index again: mode control, PAS */
	assert_int_equal(inb(0x3c0), 0x30);
	outb(0x3c0, 0x41);
	assert_int_equal(inb(0x3c1), 0x41);

	/* a half-finished pair: reading input status 1 makes the next
	 * write an index again */
	outb(0x3c0, 0x01);
	inb(0x3da);
	outb(0x3c0, 0x02);		/* index, not palette 1 data */
	outb(0x3c0, 0x2a);
	assert_int_equal(ar_rd(0x02), 0x2a);
	assert_int_equal(ar_rd(0x01), 0x00);
	/* palette registers hold 6 bits */
	ar(0x03, 0xff);
	assert_int_equal(ar_rd(0x03), 0x3f);
	/* in monochrome addressing the flip-flop resets through 0x3BA,
	 * and 0x3DA does not decode */
	outb(0x3c2, 0x66);
	inb(0x3ba);
	outb(0x3c0, 0x04);		/* index */
	inb(0x3da);
	outb(0x3c0, 0x15);		/* still the data of index 4 */
	outb(0x3c2, 0x67);
	assert_int_equal(ar_rd(0x04), 0x15);
}

static void input_status1_retrace_toggles(void **state)
{
	uint8_t a, b;

	outb(0x3c2, 0x67);
	a = inb(0x3da);
	b = inb(0x3da);
	/* a guest polling for the start and the end of vertical retrace
	 * sees both */
	assert_int_not_equal(a & 0x08, b & 0x08);
	assert_int_not_equal(a & 0x01, b & 0x01);
}

static void dac_three_access_cycles(void **state)
{
	int i;

	outb(0x3c8, 5);
	outb(0x3c9, 0x10);
	outb(0x3c9, 0x20);
	assert_int_equal(inb(0x3c8), 5);	/* not yet: 2 of 3 */
	outb(0x3c9, 0x30);
	assert_int_equal(inb(0x3c8), 6);	/* auto-increment */
	assert_int_equal(inb(0x3c7), 0);	/* write mode */
	outb(0x3c9, 0x3f);
	outb(0x3c9, 0x00);
	outb(0x3c9, 0xff);		/* 6-bit DAC keeps 0x3f */

	outb(0x3c7, 5);
	assert_int_equal(inb(0x3c7), 3);	/* read mode */
	assert_int_equal(inb(0x3c9), 0x10);
	assert_int_equal(inb(0x3c9), 0x20);
	assert_int_equal(inb(0x3c9), 0x30);
	assert_int_equal(inb(0x3c9), 0x3f);	/* entry 6 follows */
	assert_int_equal(inb(0x3c9), 0x00);
	assert_int_equal(inb(0x3c9), 0x3f);

	/* setting an index restarts the cycle */
	outb(0x3c8, 7);
	outb(0x3c9, 0x01);
	outb(0x3c8, 7);
	outb(0x3c9, 0x02);
	outb(0x3c9, 0x03);
	outb(0x3c9, 0x04);
	outb(0x3c7, 7);
	assert_int_equal(inb(0x3c9), 0x02);
	outb(0x3c7, 7);
	assert_int_equal(inb(0x3c9), 0x02);

	/* the index wraps from 255 to 0 */
	outb(0x3c8, 255);
	for (i = 0; i < 6; i++)
		outb(0x3c9, 0x11 + i);
	outb(0x3c7, 0);
	assert_int_equal(inb(0x3c9), 0x14);

	/* PEL mask is a plain register */
	outb(0x3c6, 0x5a);
	assert_int_equal(inb(0x3c6), 0x5a);
}

/* --- planar memory ----------------------------------------------------- */

static void write_mode0_set_reset_and_bit_mask(void **state)
{
	set_planar();
	gr(1, 0x0f);			/* enable set/reset on all planes */
	gr(0, 0x05);			/* planes 0 and 2 set */
	mem_write(0xa0000, 0x00, 1);	/* CPU data ignored */
	assert_int_equal(plane_rd(0, 0), 0xff);
	assert_int_equal(plane_rd(1, 0), 0x00);
	assert_int_equal(plane_rd(2, 0), 0xff);
	assert_int_equal(plane_rd(3, 0), 0x00);

	/* bit mask 0xF0: the low nibble comes from the latches, which a
	 * read loads with the byte's four planes */
	mem_read(0xa0000, 1);
	gr(0, 0x0a);
	gr(8, 0xf0);
	mem_write(0xa0000, 0x00, 1);
	assert_int_equal(plane_rd(0, 0), 0x0f);
	assert_int_equal(plane_rd(1, 0), 0xf0);
	assert_int_equal(plane_rd(2, 0), 0x0f);
	assert_int_equal(plane_rd(3, 0), 0xf0);

	/* enable set/reset on planes 0-1 only: planes 2-3 take CPU data */
	gr(8, 0xff);
	gr(1, 0x03);
	gr(0, 0x01);
	mem_write(0xa0001, 0x5a, 1);
	assert_int_equal(plane_rd(0, 1), 0xff);
	assert_int_equal(plane_rd(1, 1), 0x00);
	assert_int_equal(plane_rd(2, 1), 0x5a);
	assert_int_equal(plane_rd(3, 1), 0x5a);
}

static void write_mode0_rotate_and_functions(void **state)
{
	set_planar();
	mem_write(0xa0010, 0xcc, 1);	/* all planes 0xCC */
	mem_read(0xa0010, 1);		/* latches = 0xCC */

	gr(3, 0x04);			/* rotate right by 4 */
	mem_write(0xa0011, 0x12, 1);
	assert_int_equal(plane_rd(0, 0x11), 0x21);

	mem_read(0xa0010, 1);
	gr(3, 0x08);			/* AND with latches */
	mem_write(0xa0012, 0xf0, 1);
	assert_int_equal(plane_rd(1, 0x12), 0xc0);

	mem_read(0xa0010, 1);
	gr(3, 0x10);			/* OR */
	mem_write(0xa0013, 0x03, 1);
	assert_int_equal(plane_rd(2, 0x13), 0xcf);

	mem_read(0xa0010, 1);
	gr(3, 0x18 | 0x01);		/* XOR, rotate by 1 */
	mem_write(0xa0014, 0x01, 1);	/* rotated: 0x80 */
	assert_int_equal(plane_rd(3, 0x14), 0x4c);
}

static void write_mode1_copies_latches(void **state)
{
	set_planar();
	gr(1, 0x0f);
	gr(0, 0x09);
	mem_write(0xa0100, 0, 1);	/* planes 0,3 = ff; 1,2 = 00 */
	gr(1, 0x00);

	gr(5, 0x01);
	mem_read(0xa0100, 1);
	mem_write(0xa0200, 0x55, 1);	/* CPU data is irrelevant */
	assert_int_equal(plane_rd(0, 0x200), 0xff);
	assert_int_equal(plane_rd(1, 0x200), 0x00);
	assert_int_equal(plane_rd(2, 0x200), 0x00);
	assert_int_equal(plane_rd(3, 0x200), 0xff);

	/* write mode 0 with bit mask 0 is the same copy */
	gr(5, 0x00);
	gr(8, 0x00);
	mem_read(0xa0100, 1);
	mem_write(0xa0300, 0x77, 1);
	assert_int_equal(plane_rd(0, 0x300), 0xff);
	assert_int_equal(plane_rd(1, 0x300), 0x00);
}

static void write_mode2_colour_per_plane(void **state)
{
	set_planar();
	mem_write(0xa0020, 0x00, 1);
	mem_read(0xa0020, 1);
	gr(5, 0x02);
	gr(8, 0x81);			/* two pixels */
	mem_write(0xa0020, 0x0c, 1);	/* colour 12: planes 2 and 3 */
	assert_int_equal(plane_rd(0, 0x20), 0x00);
	assert_int_equal(plane_rd(1, 0x20), 0x00);
	assert_int_equal(plane_rd(2, 0x20), 0x81);
	assert_int_equal(plane_rd(3, 0x20), 0x81);
}

static void write_mode3_data_as_mask(void **state)
{
	set_planar();
	mem_write(0xa0030, 0xff, 1);
	mem_read(0xa0030, 1);
	gr(5, 0x03);
	gr(0, 0x09);			/* colour 9: planes 0 and 3 */
	gr(8, 0x3f);
	mem_write(0xa0030, 0xf0, 1);	/* mask = 0xF0 & 0x3F = 0x30 */
	assert_int_equal(plane_rd(0, 0x30), 0xff);
	assert_int_equal(plane_rd(1, 0x30), 0xcf);
	assert_int_equal(plane_rd(2, 0x30), 0xcf);
	assert_int_equal(plane_rd(3, 0x30), 0xff);
}

static void map_mask_selects_planes(void **state)
{
	set_planar();
	sr(2, 0x04);
	mem_write(0xa0040, 0xa5, 1);
	sr(2, 0x0f);
	assert_int_equal(plane_rd(0, 0x40), 0x00);
	assert_int_equal(plane_rd(2, 0x40), 0xa5);
	assert_int_equal(plane_rd(3, 0x40), 0x00);
}

static void read_mode1_colour_compare(void **state)
{
	set_planar();
	/* pixel colours along the byte: 0x0F on the left half, 0x05 on
	 * the right */
	gr(5, 0x02);
	mem_write(0xa0050, 0x05, 1);
	gr(8, 0xf0);
	mem_read(0xa0050, 1);
	mem_write(0xa0050, 0x0f, 1);
	gr(8, 0xff);
	gr(5, 0x08);			/* read mode 1 */
	gr(7, 0x0f);
	gr(2, 0x05);
	assert_int_equal(mem_read(0xa0050, 1), 0x0f);
	gr(2, 0x0f);
	assert_int_equal(mem_read(0xa0050, 1), 0xf0);
	/* planes 1 and 3 don't care: 0x0F and 0x05 agree on planes 0,2 */
	gr(7, 0x05);
	assert_int_equal(mem_read(0xa0050, 1), 0xff);
	gr(7, 0x00);
	gr(2, 0x00);
	assert_int_equal(mem_read(0xa0050, 1), 0xff);
}

static void chain4_is_linear(void **state)
{
	int i;

	set_chain4();
	for (i = 0; i < 8; i++)
		mem_write(0xa0000 + i, 0x40 + i, 1);
	for (i = 0; i < 8; i++)
		assert_int_equal(mem_read(0xa0000 + i, 1), 0x40 + i);
	/* byte i is plane i & 3, plane offset i >> 2 */
	assert_int_equal(plane_rd(1, 0), 0x41);
	assert_int_equal(plane_rd(1, 1), 0x45);
	assert_int_equal(plane_rd(3, 1), 0x47);
	/* the map mask still gates planes */
	sr(2, 0x01);
	mem_write(0xa0001, 0x99, 1);
	mem_write(0xa0004, 0x98, 1);
	assert_int_equal(mem_read(0xa0001, 1), 0x41);
	assert_int_equal(mem_read(0xa0004, 1), 0x98);
	/* a 32-bit access is four pixels */
	sr(2, 0x0f);
	mem_write(0xa0100, 0x04030201, 4);
	assert_int_equal(mem_read(0xa0102, 1), 0x03);
}

static void memory_map_select_and_ram_enable(void **state)
{
	set_planar();
	gr(6, 0x0d);			/* B8000-BFFFF */
	mem_write(0xb8000, 0x3c, 1);	/* plane offset 0 */
	assert_int_equal(mem_read(0xa0000, 1), 0xff);	/* not decoded */
	mem_write(0xa0000, 0x11, 1);	/* dropped */
	gr(6, 0x09);			/* B0000-B7FFF */
	assert_int_equal(mem_read(0xb8000, 1), 0xff);
	assert_int_equal(mem_read(0xb0000, 1), 0x3c);
	gr(6, 0x05);			/* A0000-AFFFF */
	assert_int_equal(mem_read(0xa0000, 1), 0x3c);
	assert_int_equal(mem_read(0xb0000, 1), 0xff);
	/* in the 128 KiB window the 64 KiB planes appear twice */
	gr(6, 0x01);
	assert_int_equal(mem_read(0xb0000, 1), 0x3c);

	/* misc output bit 1 disconnects video memory from the CPU */
	outb(0x3c2, 0xe1);
	assert_int_equal(mem_read(0xa0000, 1), 0xff);
	mem_write(0xa0000, 0x00, 1);
	outb(0x3c2, 0xe3);
	assert_int_equal(mem_read(0xa0000, 1), 0x3c);
}

/* --- VBE DISPI --------------------------------------------------------- */

static void dispi_id_and_capabilities(void **state)
{
	assert_int_equal(dispi_r(VBE_DISPI_INDEX_ID), 0xb0c5);
	/* the version handshake of SeaVGABIOS */
	dispi_w(VBE_DISPI_INDEX_ID, 0xb0c0);
	assert_int_equal(dispi_r(VBE_DISPI_INDEX_ID), 0xb0c0);
	dispi_w(VBE_DISPI_INDEX_ID, 0xb0c6);	/* unknown: ignored */
	assert_int_equal(dispi_r(VBE_DISPI_INDEX_ID), 0xb0c0);
	dispi_w(VBE_DISPI_INDEX_ID, 0xb0c5);
	assert_int_equal(dispi_r(VBE_DISPI_INDEX_ID), 0xb0c5);
	assert_int_equal(io_port_read(0x1ce, 2), VBE_DISPI_INDEX_ID);

	assert_int_equal(dispi_r(VBE_DISPI_INDEX_VIDEO_MEMORY_64K), VRAM >> 16);

	dispi_w(VBE_DISPI_INDEX_XRES, 640);
	dispi_w(VBE_DISPI_INDEX_ENABLE, VBE_DISPI_GETCAPS);
	assert_int_equal(dispi_r(VBE_DISPI_INDEX_XRES), 16000);
	assert_int_equal(dispi_r(VBE_DISPI_INDEX_YRES), 12000);
	assert_int_equal(dispi_r(VBE_DISPI_INDEX_BPP), 32);
	dispi_w(VBE_DISPI_INDEX_ENABLE, 0);
	assert_int_equal(dispi_r(VBE_DISPI_INDEX_XRES), 640);
}

static void dispi_enable_mode(void **state)
{
	int i;

	outb(0x3c2, 0x67);		/* CRTC at 0x3D4 */
	/* leftovers the new mode must clear */
	for (i = 0; i < 64; i++)
		vga.vram[i] = 0xee;
	dispi_w(VBE_DISPI_INDEX_XRES, 800);
	dispi_w(VBE_DISPI_INDEX_YRES, 600);
	dispi_w(VBE_DISPI_INDEX_BPP, 32);
	dispi_w(VBE_DISPI_INDEX_X_OFFSET, 16);	/* a new mode is unpanned */
	dispi_w(VBE_DISPI_INDEX_ENABLE, VBE_DISPI_ENABLED | VBE_DISPI_LFB_ENABLED);
	assert_int_equal(dispi_r(VBE_DISPI_INDEX_ENABLE), 0x41);
	assert_int_equal(dispi_r(VBE_DISPI_INDEX_VIRT_WIDTH), 800);
	assert_int_equal(dispi_r(VBE_DISPI_INDEX_VIRT_HEIGHT), VRAM / (800 * 4));
	assert_int_equal(dispi_r(VBE_DISPI_INDEX_X_OFFSET), 0);
	assert_int_equal(vga.vram[0], 0);
	assert_int_equal(vga.vram[63], 0);

	/* the VGA side now reads as a 64 KiB-window graphics mode of the
	 * VBE mode's size and pitch, and stays so while it is on */
	assert_int_equal(gr_rd(6) & 0x0d, 0x05);
	assert_int_equal(cr_rd(0x01), 800 / 8 - 1);
	assert_int_equal(cr_rd(0x13), (800 * 4 / 8) & 0xff);
	cr(0x11, 0x00);
	cr(0x01, 39);
	gr(6, 0x0e);
	assert_int_equal(cr_rd(0x01), 800 / 8 - 1);
	assert_int_equal(gr_rd(6) & 0x0d, 0x05);

	/* panning inside video memory sticks; past the end it resets */
	dispi_w(VBE_DISPI_INDEX_Y_OFFSET, 600);
	assert_int_equal(dispi_r(VBE_DISPI_INDEX_Y_OFFSET), 600);
	dispi_w(VBE_DISPI_INDEX_Y_OFFSET, 5000);
	assert_int_equal(dispi_r(VBE_DISPI_INDEX_Y_OFFSET), 0);

	/* NOCLEARMEM keeps the frame buffer across a mode switch */
	dispi_w(VBE_DISPI_INDEX_ENABLE, 0);
	vga.vram[100] = 0x77;
	dispi_w(VBE_DISPI_INDEX_ENABLE, VBE_DISPI_ENABLED | VBE_DISPI_NOCLEARMEM);
	assert_int_equal(vga.vram[100], 0x77);
}

static void dispi_fixes_bad_modes(void **state)
{
	dispi_w(VBE_DISPI_INDEX_XRES, 1025);
	dispi_w(VBE_DISPI_INDEX_YRES, 0);
	dispi_w(VBE_DISPI_INDEX_BPP, 7);
	/* stored as written while disabled */
	assert_int_equal(dispi_r(VBE_DISPI_INDEX_BPP), 7);
	dispi_w(VBE_DISPI_INDEX_ENABLE, VBE_DISPI_ENABLED);
	assert_int_equal(dispi_r(VBE_DISPI_INDEX_XRES), 1024);
	assert_int_equal(dispi_r(VBE_DISPI_INDEX_YRES), 1);
	assert_int_equal(dispi_r(VBE_DISPI_INDEX_BPP), 8);
	/* a mode larger than video memory is cut to what fits */
	dispi_w(VBE_DISPI_INDEX_BPP, 32);
	dispi_w(VBE_DISPI_INDEX_XRES, 0xffff);
	dispi_w(VBE_DISPI_INDEX_YRES, 0xffff);
	assert_int_equal(dispi_r(VBE_DISPI_INDEX_XRES), 16000);
	assert_int_equal(dispi_r(VBE_DISPI_INDEX_YRES), VRAM / (16000 * 4));
	/* banks beyond video memory wrap */
	dispi_w(VBE_DISPI_INDEX_BANK, 0x1234);
	assert_int_equal(dispi_r(VBE_DISPI_INDEX_BANK), 0x34);
}

static void dispi_banked_window_and_lfb(void **state)
{
	dispi_w(VBE_DISPI_INDEX_XRES, 1024);
	dispi_w(VBE_DISPI_INDEX_YRES, 768);
	dispi_w(VBE_DISPI_INDEX_BPP, 16);
	dispi_w(VBE_DISPI_INDEX_ENABLE, VBE_DISPI_ENABLED);
	dispi_w(VBE_DISPI_INDEX_BANK, 3);
	mem_write(0xa0010, 0xbeef, 2);
	/* video memory at bank * 64 KiB, which is what the LFB shows */
	assert_int_equal(vga.vram[3 * 0x10000 + 0x10], 0xef);
	assert_int_equal(vga.vram[3 * 0x10000 + 0x11], 0xbe);
	vga.vram[3 * 0x10000 + 0x20] = 0x5c;
	assert_int_equal(mem_read(0xa0020, 1), 0x5c);
	/* the window is 64 KiB */
	assert_int_equal(mem_read(0xb0000, 1), 0xff);
	dispi_w(VBE_DISPI_INDEX_BANK, 0);
	assert_int_equal(mem_read(0xa0010, 1), 0x00);

	/* 8-bit DAC through ENABLE */
	dispi_w(VBE_DISPI_INDEX_ENABLE, VBE_DISPI_ENABLED | VBE_DISPI_8BIT_DAC |
		VBE_DISPI_NOCLEARMEM);
	outb(0x3c8, 1);
	outb(0x3c9, 0xfe);
	outb(0x3c9, 0x80);
	outb(0x3c9, 0x41);
	outb(0x3c7, 1);
	assert_int_equal(inb(0x3c9), 0xfe);
	assert_int_equal(inb(0x3c9), 0x80);
	assert_int_equal(inb(0x3c9), 0x41);

	/* off again: the window follows the VGA registers */
	dispi_w(VBE_DISPI_INDEX_ENABLE, 0);
	set_mode3();
	put_text(0, 0, "ok", 0x07);
	assert_int_equal(mem_read(0xb8000, 1), 'o');
}

static void dispi_planar_4bpp_banks(void **state)
{
	dispi_w(VBE_DISPI_INDEX_XRES, 1024);
	dispi_w(VBE_DISPI_INDEX_YRES, 768);
	dispi_w(VBE_DISPI_INDEX_BPP, 4);
	dispi_w(VBE_DISPI_INDEX_ENABLE, VBE_DISPI_ENABLED);
	outb(0x3c2, 0xe3);
	sr(2, 0x0f);
	sr(4, 0x06);
	gr(5, 0x00);
	gr(8, 0xff);
	/* 1024x768 needs 96 KiB per plane: bank 1 is plane offset 64K */
	dispi_w(VBE_DISPI_INDEX_BANK, 1);
	mem_write(0xa0000, 0x3a, 1);
	assert_int_equal(vga.vram[4 * 0x10000], 0x3a);
	assert_int_equal(vga.vram[4 * 0x10000 + 3], 0x3a);
	dispi_w(VBE_DISPI_INDEX_BANK, 0);
	assert_int_equal(mem_read(0xa0000, 1), 0x00);
}

static void dispi_byte_and_word_ports(void **state)
{
	/* 16-bit OUT to 0x1CF is the data port, even though it spans
	 * 0x1D0 */
	io_port_write(0x1ce, VBE_DISPI_INDEX_XRES, 2);
	io_port_write(0x1cf, 0x0320, 2);
	assert_int_equal(io_port_read(0x1cf, 2), 0x0320);
	assert_int_equal(io_port_read(0x1cf, 1), 0x20);
}

static void reset_restores_power_on_state(void **state)
{
	set_mode3();
	dispi_w(VBE_DISPI_INDEX_ENABLE, VBE_DISPI_ENABLED);
	outb(0x3c6, 0x00);
	vga_reset(&vga);
	assert_int_equal(inb(0x3cc), 0x00);
	assert_int_equal(dispi_r(VBE_DISPI_INDEX_ENABLE), 0);
	assert_int_equal(dispi_r(VBE_DISPI_INDEX_ID), 0xb0c5);
	assert_int_equal(inb(0x3c6), 0xff);
}

/* --- PCI function ------------------------------------------------------ */

static struct pci_bus *bus;
static struct vga_pci vpci;
#define DEVFN PCI_DEVFN(2, 0)

static uint32_t cfg_rd(unsigned off, unsigned len)
{
	return pci_config_read(bus, DEVFN, off, len);
}

static void cfg_wr(unsigned off, uint32_t v, unsigned len)
{
	pci_config_write(bus, DEVFN, off, v, len);
}

static int setup_pci(void **state)
{
	io_reset_all();
	mem_reset_all();
	bus = pci_bus_new();
	assert_non_null(bus);
	return 0;
}

static int teardown_pci(void **state)
{
	pci_bus_free(bus);
	vga_pci_destroy(&vpci);
	return 0;
}

static void pci_identity_and_bars(void **state)
{
	if (access(STDVGA_ROM, R_OK))
		skip();		/* scripts/install-deps installs seabios */
	assert_int_equal(vga_pci_init(&vpci, bus, DEVFN, 0, STDVGA_ROM), 0);
	assert_int_equal(cfg_rd(PCI_VENDOR_ID, 4), 0x11111234);
	assert_int_equal(cfg_rd(PCI_REVISION_ID, 4), 0x03000002);
	assert_int_equal(cfg_rd(PCI_SUBSYSTEM_VENDOR_ID, 4), 0x11001af4);
	assert_int_equal(cfg_rd(PCI_INTERRUPT_PIN, 1), 0);

	/* sizing: 16 MiB prefetchable, 4 KiB MMIO, a 64 KiB ROM */
	cfg_wr(PCI_BASE_ADDRESS_0, 0xffffffff, 4);
	assert_int_equal(cfg_rd(PCI_BASE_ADDRESS_0, 4), 0xff000008);
	cfg_wr(PCI_BASE_ADDRESS_0 + 8, 0xffffffff, 4);
	assert_int_equal(cfg_rd(PCI_BASE_ADDRESS_0 + 8, 4), 0xfffff000);
	cfg_wr(PCI_ROM_ADDRESS, 0xfffffffe, 4);
	assert_int_equal(cfg_rd(PCI_ROM_ADDRESS, 4), 0xffff0000);

	cfg_wr(PCI_BASE_ADDRESS_0, 0xfd000000, 4);
	cfg_wr(PCI_BASE_ADDRESS_0 + 8, 0xfebf0000, 4);
	cfg_wr(PCI_ROM_ADDRESS, 0xfebe0001, 4);
	cfg_wr(PCI_COMMAND, PCI_COMMAND_IO | PCI_COMMAND_MEMORY, 2);
}

static void pci_rom_holds_the_vga_bios(void **state)
{
	FILE *f;
	uint8_t buf[512];
	size_t n, i;

	pci_identity_and_bars(state);
	f = fopen(STDVGA_ROM, "rb");
	assert_non_null(f);
	n = fread(buf, 1, sizeof(buf), f);
	fclose(f);
	assert_int_equal(n, sizeof(buf));
	for (i = 0; i < n; i++)
		assert_int_equal(mem_read(0xfebe0000 + i, 1), buf[i]);
	/* read-only */
	mem_write(0xfebe0000, 0, 1);
	assert_int_equal(mem_read(0xfebe0000, 1), 0x55);
}

static void pci_lfb_is_video_memory(void **state)
{
	pci_identity_and_bars(state);
	dispi_w(VBE_DISPI_INDEX_XRES, 640);
	dispi_w(VBE_DISPI_INDEX_YRES, 480);
	dispi_w(VBE_DISPI_INDEX_BPP, 32);
	dispi_w(VBE_DISPI_INDEX_ENABLE, VBE_DISPI_ENABLED | VBE_DISPI_LFB_ENABLED);
	/* a pixel through the LFB shows in the banked window, and back */
	mem_write(0xfd000000 + 0x10000 * 2 + 0x40, 0x00ff8040, 4);
	dispi_w(VBE_DISPI_INDEX_BANK, 2);
	assert_int_equal(mem_read(0xa0040, 4), 0x00ff8040);
	mem_write(0xa0044, 0x11223344, 4);
	assert_int_equal(mem_read(0xfd000000 + 0x20044, 4), 0x11223344);

	/* mode 13h's chain-4 bytes are the first bytes of the LFB */
	dispi_w(VBE_DISPI_INDEX_ENABLE, 0);
	set_chain4();
	mem_write(0xa0005, 0x42, 1);
	assert_int_equal(mem_read(0xfd000005, 1), 0x42);

	/* disabling memory decode unmaps the LFB */
	cfg_wr(PCI_COMMAND, PCI_COMMAND_IO, 2);
	assert_int_equal(mem_read(0xfd000005, 1), 0xff);
}

static void pci_mmio_bar_registers(void **state)
{
	pci_identity_and_bars(state);
	/* DISPI flat at 0x500 + 2 * index, QEMU extended registers */
	assert_int_equal(mem_read(0xfebf0500, 2), 0xb0c5);
	assert_int_equal(mem_read(0xfebf0514, 2), VRAM >> 16);
	mem_write(0xfebf0502, 1280, 2);
	assert_int_equal(dispi_r(VBE_DISPI_INDEX_XRES), 1280);
	assert_int_equal(mem_read(0xfebf0600, 4), 8);
	assert_int_equal(mem_read(0xfebf0604, 4), 0x1e1e1e1e);
	/* VGA ports 0x3C0-0x3DF at 0x400, index and data in one write */
	mem_write(0xfebf0400 + 2, 0x67, 1);	/* misc output */
	mem_write(0xfebf0400 + 4, 0x0302, 2);	/* SR2 = 3 */
	assert_int_equal(sr_rd(2), 0x03);
	assert_int_equal(mem_read(0xfebf0400 + 0x0c, 1), 0x67);
}

static void pci_missing_rom_names_the_file(void **state)
{
	const char *path = "/nonexistent/vgabios-stdvga.bin";
	char out[512] = "";
	FILE *tmp = tmpfile();
	int saved = dup(2);
	size_t n;

	assert_non_null(tmp);
	fflush(stderr);
	dup2(fileno(tmp), 2);
	assert_int_equal(vga_pci_init(&vpci, bus, DEVFN, 0, path), -ENOENT);
	fflush(stderr);
	dup2(saved, 2);
	close(saved);
	rewind(tmp);
	n = fread(out, 1, sizeof(out) - 1, tmp);
	out[n] = 0;
	fclose(tmp);
	assert_non_null(strstr(out, path));
	/* nothing was claimed: a VGA can still be created */
	assert_null(pci_find_device(bus, DEVFN));
	assert_int_equal(vga_pci_init(&vpci, bus, DEVFN, 0, NULL), 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
#define T(f) cmocka_unit_test_setup_teardown(f, setup, teardown)
		T(text_mode_screen_from_b8000),
		T(text_lands_in_planes_0_and_1),
		T(text_snapshot_sizes_from_crtc),
		T(mono_text_at_b0000),
		T(crtc_follows_misc_output_bit0),
		T(crtc_protect_bit),
		T(register_reserved_bits_and_indexes),
		T(attribute_flip_flop),
		T(input_status1_retrace_toggles),
		T(dac_three_access_cycles),
		T(write_mode0_set_reset_and_bit_mask),
		T(write_mode0_rotate_and_functions),
		T(write_mode1_copies_latches),
		T(write_mode2_colour_per_plane),
		T(write_mode3_data_as_mask),
		T(map_mask_selects_planes),
		T(read_mode1_colour_compare),
		T(chain4_is_linear),
		T(memory_map_select_and_ram_enable),
		T(dispi_id_and_capabilities),
		T(dispi_enable_mode),
		T(dispi_fixes_bad_modes),
		T(dispi_banked_window_and_lfb),
		T(dispi_planar_4bpp_banks),
		T(dispi_byte_and_word_ports),
		T(reset_restores_power_on_state),
#undef T
#define P(f) cmocka_unit_test_setup_teardown(f, setup_pci, teardown_pci)
		P(pci_identity_and_bars),
		P(pci_rom_holds_the_vga_bios),
		P(pci_lfb_is_video_memory),
		P(pci_mmio_bar_registers),
		P(pci_missing_rom_names_the_file),
#undef P
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
