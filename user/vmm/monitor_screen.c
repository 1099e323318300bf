// SPDX-License-Identifier: GPL-2.0-only
/*
 * screendump: the VGA screen as a binary PPM (P6), as QEMU writes it.
 * Text mode is drawn the way the VGA's attribute controller would: glyphs
 * from plane 2 (where the VGA BIOS or the guest loaded the font), 8 or 9
 * dots wide (SR01 bit 0), colours through the attribute palette and the
 * DAC.  Graphics: the Bochs VBE linear modes at 8, 15, 16, 24 and 32 bpp
 * and the 256-colour chain-4 mode (13h).  Other planar modes say so.
 */
#include "monitor_int.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "devices/vga.h"
#include "pc.h"

struct image {
	int w, h;
	uint8_t *rgb;
};

/* A DAC entry as 8-bit RGB: 6-bit components are widened unless the
 * guest switched the DAC to 8 bits through VBE. */
static void dac_rgb(const struct vga *v, uint8_t idx, uint8_t *out)
{
	bool dac8 = v->vbe_regs[VBE_DISPI_INDEX_ENABLE] & VBE_DISPI_8BIT_DAC;

	idx &= v->pel_mask;
	for (int i = 0; i < 3; i++) {
		uint8_t c = v->palette[idx][i];

		out[i] = dac8 ? c : (uint8_t)((c & 0x3f) << 2 | (c & 0x3f) >> 4);
	}
}

/* An attribute colour (0-15) to the DAC index: the palette registers,
 * then AR14 and AR10 bit 7 for bits 4-7 (VGA attribute controller). */
static uint8_t attr_to_dac(const struct vga *v, unsigned col)
{
	uint8_t p = v->ar[col & 15];

	if (v->ar[0x10] & 0x80)
		return (uint8_t)((p & 0x0f) | (v->ar[0x14] & 0x0f) << 4);
	return (uint8_t)((p & 0x3f) | (v->ar[0x14] & 0x0c) << 4);
}

/* Plane 2 offset of character map @n (SR03 selects two of eight). */
static uint32_t font_base(unsigned n)
{
	return ((n & 3) * 2 + (n >> 2)) * 8192;
}

static int render_text(const struct vga *v, struct image *img)
{
	struct vga_text t;
	unsigned sr3 = v->sr[3];
	uint32_t map_a = font_base(((sr3 >> 2) & 3) | ((sr3 >> 3) & 4));
	uint32_t map_b = font_base((sr3 & 3) | ((sr3 >> 2) & 4));
	int cw = (v->sr[1] & 1) ? 8 : 9;
	int ret = vga_text_snapshot(v, &t);

	if (ret)
		return ret;
	if (t.cols <= 0 || t.rows <= 0 || t.cols > 256 || t.rows > 256) {
		vga_text_release(&t);
		return -ERANGE;
	}
	img->w = t.cols * cw;
	img->h = t.rows * t.char_height;
	img->rgb = calloc((size_t)img->w * img->h, 3);
	if (!img->rgb) {
		vga_text_release(&t);
		return -ENOMEM;
	}
	for (int row = 0; row < t.rows; row++) {
		for (int col = 0; col < t.cols; col++) {
			const struct vga_text_cell *c = &t.cells[row * t.cols + col];
			unsigned fg = c->attr & 15, bg = c->attr >> 4;
			/* attribute bit 3 picks map A when A and B differ */
			uint32_t font = (c->attr & 8) ? map_a : map_b;
			uint8_t fgc[3], bgc[3];

			if (v->ar[0x10] & 0x08)	/* blink enabled: bit 7 blinks */
				bg &= 7;
			dac_rgb(v, attr_to_dac(v, fg), fgc);
			dac_rgb(v, attr_to_dac(v, bg), bgc);
			for (int y = 0; y < t.char_height; y++) {
				uint32_t o = font + c->ch * 32u + (unsigned)y;
				uint8_t bits = v->vram[4 * o + 2];
				uint8_t *px = img->rgb + 3 * ((size_t)(row * t.char_height + y) *
							      img->w + col * cw);

				for (int x = 0; x < cw; x++) {
					bool on;

					if (x < 8)
						on = bits & (0x80 >> x);
					else	/* the 9th dot: line graphics repeat the 8th */
						on = (v->ar[0x10] & 0x04) && c->ch >= 0xc0 &&
						     c->ch <= 0xdf && (bits & 1);
					memcpy(px + 3 * x, on ? fgc : bgc, 3);
				}
			}
		}
	}
	vga_text_release(&t);
	return 0;
}

static int render_vbe(const struct vga *v, struct image *img)
{
	int w = v->vbe_regs[VBE_DISPI_INDEX_XRES];
	int h = v->vbe_regs[VBE_DISPI_INDEX_YRES];
	int bpp = v->vbe_regs[VBE_DISPI_INDEX_BPP];
	int bytes = (bpp + 7) / 8;
	uint32_t line = v->vbe_line_bytes;

	if (!w || !h || (bpp != 8 && bpp != 15 && bpp != 16 && bpp != 24 && bpp != 32))
		return -ENOTSUP;
	if ((uint64_t)v->vbe_start + (uint64_t)line * (h - 1) +
	    (uint64_t)w * bytes > v->vram_size)
		return -ERANGE;
	img->w = w;
	img->h = h;
	img->rgb = malloc((size_t)w * h * 3);
	if (!img->rgb)
		return -ENOMEM;
	for (int y = 0; y < h; y++) {
		const uint8_t *s = v->vram + v->vbe_start + (size_t)y * line;
		uint8_t *d = img->rgb + (size_t)y * w * 3;

		for (int x = 0; x < w; x++, s += bytes, d += 3) {
			unsigned p = s[0] | (bytes > 1 ? s[1] << 8 : 0);

			switch (bpp) {
			case 8:
				dac_rgb(v, s[0], d);
				break;
			case 15:	/* x:5:5:5 */
				d[0] = (uint8_t)((p >> 10 & 31) * 255 / 31);
				d[1] = (uint8_t)((p >> 5 & 31) * 255 / 31);
				d[2] = (uint8_t)((p & 31) * 255 / 31);
				break;
			case 16:	/* 5:6:5 */
				d[0] = (uint8_t)((p >> 11 & 31) * 255 / 31);
				d[1] = (uint8_t)((p >> 5 & 63) * 255 / 63);
				d[2] = (uint8_t)((p & 31) * 255 / 31);
				break;
			default:	/* 24 and 32: B, G, R in memory */
				d[0] = s[2];
				d[1] = s[1];
				d[2] = s[0];
				break;
			}
		}
	}
	return 0;
}

/* Mode 13h: chain-4 256 colours, each pixel two dot clocks wide. */
static int render_chain4(const struct vga *v, struct image *img)
{
	const uint8_t *cr = v->cr;
	unsigned lines = cr[0x12] | ((cr[0x07] & 0x02) << 7) | ((cr[0x07] & 0x40) << 3);
	unsigned scan = (cr[0x09] & 0x1f) + 1;
	uint32_t start = (uint32_t)(cr[0x0c] << 8 | cr[0x0d]) * 4;
	uint32_t stride = cr[0x13] * 8u;

	lines++;
	if (cr[0x09] & 0x80)
		scan *= 2;
	img->w = (cr[0x01] + 1) * 4;
	img->h = (int)(lines / scan);
	if (img->w <= 0 || img->h <= 0)
		return -ERANGE;
	img->rgb = malloc((size_t)img->w * img->h * 3);
	if (!img->rgb)
		return -ENOMEM;
	for (int y = 0; y < img->h; y++)
		for (int x = 0; x < img->w; x++)
			dac_rgb(v, v->vram[(start + y * stride + x) % VGA_PLANAR_SIZE],
				img->rgb + 3 * ((size_t)y * img->w + x));
	return 0;
}

void monitor_cmd_screendump(struct monitor *mon, const char *args)
{
	struct pc *pc = mon->m.pc;
	struct image img = { 0 };
	const struct vga *v;
	FILE *f;
	int ret;

	if (!*args || strchr(args, ' ')) {
		monitor_printf(mon, "screendump: usage: screendump filename\n");
		return;
	}
	if (!pc || !pc->has_vga) {
		monitor_printf(mon, "screendump: there is no display (-vga none)\n");
		return;
	}
	v = &pc->vga.vga;
	if (v->vbe_regs[VBE_DISPI_INDEX_ENABLE] & VBE_DISPI_ENABLED)
		ret = render_vbe(v, &img);
	else if (!(v->gr[6] & 1))
		ret = render_text(v, &img);
	else if (v->gr[5] & 0x40)
		ret = render_chain4(v, &img);
	else
		ret = -ENOTSUP;
	if (ret == -ENOTSUP) {
		monitor_printf(mon, "screendump: this VGA graphics mode is not supported "
			       "(text, mode 13h and VBE 8/15/16/24/32 bpp are)\n");
		return;
	}
	if (ret) {
		monitor_printf(mon, "screendump: cannot read the screen: %s\n",
			       strerror(-ret));
		return;
	}
	f = fopen(args, "wb");
	if (!f) {
		monitor_printf(mon, "could not open '%s': %s\n", args, strerror(errno));
		free(img.rgb);
		return;
	}
	fprintf(f, "P6\n%d %d\n255\n", img.w, img.h);
	fwrite(img.rgb, 3, (size_t)img.w * img.h, f);
	if (ferror(f) | fclose(f))
		monitor_printf(mon, "screendump: writing '%s' failed\n", args);
	free(img.rgb);
}
