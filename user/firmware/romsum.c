// SPDX-License-Identifier: GPL-2.0-only
/*
 * romsum: finish a raw option ROM image for the build (runs on the host).
 *
 *   romsum IN.bin OUT.rom OUT.inc
 *
 * Pads IN to whole 512-byte blocks (keeping one byte for the checksum),
 * writes the block count at offset 2, makes the PnP expansion header's
 * bytes sum to 0 (Plug and Play BIOS Specification 1.0A, appendix A) and
 * then the whole image's (the last byte), which is what a BIOS checks
 * before it runs a ROM.  OUT.inc holds the same bytes as C initialisers.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define ROM_BLOCK	512
#define ROM_MAX		(255 * ROM_BLOCK)	/* the size byte's limit */
#define PNP_PTR		0x1a

static uint8_t sum(const uint8_t *p, size_t n)
{
	uint8_t s = 0;

	while (n--)
		s = (uint8_t)(s + *p++);
	return s;
}

static int fail(const char *what, const char *path)
{
	fprintf(stderr, "romsum: %s: %s\n", path, what);
	return 1;
}

int main(int argc, char **argv)
{
	static uint8_t rom[ROM_MAX];
	size_t len, size, i;
	unsigned pnp;
	FILE *f;

	if (argc != 4) {
		fprintf(stderr, "usage: romsum IN.bin OUT.rom OUT.inc\n");
		return 2;
	}
	f = fopen(argv[1], "rb");
	if (!f)
		return fail("cannot open", argv[1]);
	len = fread(rom, 1, sizeof(rom), f);
	if (ferror(f) || !feof(f) || fgetc(f) != EOF)
		len = sizeof(rom) + 1;
	fclose(f);
	if (len >= ROM_MAX)
		return fail("larger than an option ROM can be", argv[1]);
	if (len < PNP_PTR + 2 || rom[0] != 0x55 || rom[1] != 0xaa)
		return fail("no option ROM signature 55 aa", argv[1]);

	size = (len + 1 + ROM_BLOCK - 1) / ROM_BLOCK * ROM_BLOCK;
	rom[2] = (uint8_t)(size / ROM_BLOCK);

	pnp = rom[PNP_PTR] | rom[PNP_PTR + 1] << 8;
	if (pnp) {
		size_t hlen;

		if (pnp + 6 > len || memcmp(rom + pnp, "$PnP", 4))
			return fail("PnP header pointer does not point at $PnP", argv[1]);
		hlen = rom[pnp + 5] * (size_t)16;
		if (hlen < 0x20 || pnp + hlen > len)
			return fail("bad PnP header length", argv[1]);
		rom[pnp + 9] = 0;
		rom[pnp + 9] = (uint8_t)-sum(rom + pnp, hlen);
	}
	rom[size - 1] = 0;
	rom[size - 1] = (uint8_t)-sum(rom, size);

	f = fopen(argv[2], "wb");
	if (!f || fwrite(rom, 1, size, f) != size || fclose(f))
		return fail("cannot write", argv[2]);
	f = fopen(argv[3], "w");
	if (!f)
		return fail("cannot write", argv[3]);
	for (i = 0; i < size; i++)
		fprintf(f, "0x%02x,%c", rom[i], i % 12 == 11 ? '\n' : ' ');
	fputc('\n', f);
	if (fclose(f))
		return fail("cannot write", argv[3]);
	return 0;
}
