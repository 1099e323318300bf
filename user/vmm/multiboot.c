// SPDX-License-Identifier: GPL-2.0-only
/*
 * Multiboot v1 (the Multiboot Specification 0.6.96, §3): find the header in
 * the first 8 KiB, load the ELF program headers (or the a.out kludge
 * addresses when flag 16 is set), build the information structure, and set
 * the machine state of §3.2: EAX = 0x2BADB002, EBX = info, flat 32-bit
 * protected mode, paging and interrupts off.
 */
#include "multiboot.h"

#include <elf.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/mem.h"
#include "translator/seg.h"

#define MB_MAGIC	0x1badb002u
#define MB_BOOT_MAGIC	0x2badb002u
#define MB_AOUT_KLUDGE	(1u << 16)
#define MB_INFO_ADDR	0x9000u		/* info structure */
#define MB_CMDLINE_ADDR	0x9800u		/* command line, up to 2 KiB */
#define MB_MODS_ADDR	0x9400u
#define MB_GDT_ADDR	0x8f00u

static uint8_t *read_file(const char *path, size_t *len)
{
	FILE *f = fopen(path, "rb");
	uint8_t *buf = NULL;
	long n;

	if (!f)
		return NULL;
	if (fseek(f, 0, SEEK_END) || (n = ftell(f)) < 0 || fseek(f, 0, SEEK_SET))
		goto out;
	buf = malloc((size_t)n + 1);
	if (buf && fread(buf, 1, (size_t)n, f) != (size_t)n) {
		free(buf);
		buf = NULL;
	}
	*len = (size_t)n;
out:
	fclose(f);
	return buf;
}

static int copy_to_guest(uint64_t gpa, const void *src, uint64_t len,
			 uint64_t zero_len)
{
	uint8_t *p = mem_host_ptr(gpa, len + zero_len, true);

	if (!p)
		return -1;
	memcpy(p, src, len);
	memset(p + len, 0, zero_len);
	mem_notify_write(gpa, len + zero_len);
	return 0;
}

static int load_elf(const uint8_t *img, size_t len, uint32_t *entry,
		    uint32_t *end, char *err, size_t errlen)
{
	const Elf32_Ehdr *eh = (const void *)img;
	int i;

	if (len < sizeof(*eh) || memcmp(eh->e_ident, ELFMAG, SELFMAG) ||
	    eh->e_ident[EI_CLASS] != ELFCLASS32 || eh->e_machine != EM_386) {
		snprintf(err, errlen, "not a 32-bit x86 ELF and no a.out kludge in the multiboot header");
		return -1;
	}
	if (eh->e_phoff > len || (uint64_t)eh->e_phnum * sizeof(Elf32_Phdr) > len - eh->e_phoff) {
		snprintf(err, errlen, "program headers beyond the end of the file");
		return -1;
	}
	*end = 0;
	for (i = 0; i < eh->e_phnum; i++) {
		const Elf32_Phdr *ph = (const void *)(img + eh->e_phoff + i * sizeof(*ph));

		if (ph->p_type != PT_LOAD)
			continue;
		if (ph->p_offset > len || ph->p_filesz > len - ph->p_offset ||
		    ph->p_filesz > ph->p_memsz) {
			snprintf(err, errlen, "segment %d beyond the end of the file", i);
			return -1;
		}
		if (copy_to_guest(ph->p_paddr, img + ph->p_offset, ph->p_filesz,
				  ph->p_memsz - ph->p_filesz)) {
			snprintf(err, errlen, "segment %d at 0x%x does not fit in RAM",
				 i, ph->p_paddr);
			return -1;
		}
		if (ph->p_paddr + ph->p_memsz > *end)
			*end = ph->p_paddr + ph->p_memsz;
	}
	*entry = eh->e_entry;
	return 0;
}

/* The multiboot header: 32-bit aligned in the first 8 KiB, with the magic
 * and a checksum making the three words sum to zero (Multiboot 0.6.96 §3.1.1). */
static uint32_t *find_header(uint8_t *img, size_t len, size_t *at)
{
	for (size_t off = 0; off + 12 <= len && off < 8192; off += 4) {
		uint32_t *h = (uint32_t *)(img + off);

		if (h[0] == MB_MAGIC && h[0] + h[1] + h[2] == 0) {
			*at = off;
			return h;
		}
	}
	return NULL;
}

bool multiboot_probe(const char *path)
{
	size_t len, off;
	uint8_t *img = read_file(path, &len);
	bool found = img && find_header(img, len, &off);

	free(img);
	return found;
}

int multiboot_load(struct x86_cpu *cpu, uint64_t ram_bytes, const char *path,
		   const char *cmdline, const char *initrd, char *err,
		   size_t errlen)
{
	uint32_t info[22] = { 0 }, entry = 0, end = 0, *hdr = NULL;
	size_t len, off, cl;
	uint8_t *img = read_file(path, &len);
	char cmd[2048];
	int ret = -1, i;

	if (!img) {
		snprintf(err, errlen, "-kernel %s: %s", path, strerror(errno));
		return -1;
	}
	hdr = find_header(img, len, &off);
	if (!hdr) {
		snprintf(err, errlen, "-kernel %s: no multiboot header in the first 8 KiB (Linux bzImage boot arrives with the PC machine)", path);
		goto out;
	}
	if (hdr[1] & MB_AOUT_KLUDGE) {
		/* header_addr, load_addr, load_end_addr, bss_end_addr, entry */
		uint32_t haddr = hdr[3], laddr = hdr[4], lend = hdr[5], bend = hdr[6];
		uint64_t foff = off - (haddr - laddr);
		uint64_t n = lend ? lend - laddr : len - foff;

		if (off + 32 > len || haddr < laddr || foff > len || n > len - foff ||
		    (bend && bend < laddr + n)) {
			snprintf(err, errlen, "-kernel %s: inconsistent multiboot load addresses", path);
			goto out;
		}
		if (copy_to_guest(laddr, img + foff, n, bend ? bend - laddr - n : 0)) {
			snprintf(err, errlen, "-kernel %s: does not fit in RAM", path);
			goto out;
		}
		entry = hdr[7];
		end = bend ? bend : laddr + (uint32_t)n;
	} else {
		char e[160];

		if (load_elf(img, len, &entry, &end, e, sizeof(e))) {
			snprintf(err, errlen, "-kernel %s: %s", path, e);
			goto out;
		}
	}

	/* information structure (§3.3): memory, command line, modules */
	info[0] = 1u << 0 | 1u << 2;
	info[1] = 640;
	info[2] = (uint32_t)((ram_bytes - (1u << 20)) >> 10);
	snprintf(cmd, sizeof(cmd), "%s%s%s", path, cmdline ? " " : "",
		 cmdline ? cmdline : "");
	cl = strlen(cmd) + 1;
	copy_to_guest(MB_CMDLINE_ADDR, cmd, cl, 0);
	info[4] = MB_CMDLINE_ADDR;
	if (initrd) {
		size_t ilen;
		uint8_t *ird = read_file(initrd, &ilen);
		uint32_t at = (end + 0xfff) & ~0xfffu, mod[4];

		if (!ird) {
			snprintf(err, errlen, "-initrd %s: %s", initrd, strerror(errno));
			goto out;
		}
		if (copy_to_guest(at, ird, ilen, 0)) {
			free(ird);
			snprintf(err, errlen, "-initrd %s: does not fit in RAM", initrd);
			goto out;
		}
		free(ird);
		mod[0] = at;
		mod[1] = at + (uint32_t)ilen;
		mod[2] = MB_CMDLINE_ADDR;
		mod[3] = 0;
		copy_to_guest(MB_MODS_ADDR, mod, sizeof(mod), 0);
		info[0] |= 1u << 3;
		info[5] = 1;
		info[6] = MB_MODS_ADDR;
	}
	copy_to_guest(MB_INFO_ADDR, info, sizeof(info), 0);

	/* a GDT with flat code (0x08) and data (0x10) for the cached state */
	{
		static const uint32_t gdt[6] = { 0, 0, 0x0000ffff, 0x00cf9b00,
						 0x0000ffff, 0x00cf9300 };

		copy_to_guest(MB_GDT_ADDR, gdt, sizeof(gdt), 0);
		cpu->gdt.base = MB_GDT_ADDR;
		cpu->gdt.limit = sizeof(gdt) - 1;
	}
	cpu->cr[0] |= CR0_PE;
	cpu->cr[0] &= ~(CR0_PG | CR0_CD | CR0_NW);
	cpu->eflags = 0x2;
	for (i = 0; i < 6; i++)
		seg_set_flat(&cpu->seg[i], i == R_CS ? 0x08 : 0x10, i == R_CS, 0);
	cpu->regs[R_EAX] = MB_BOOT_MAGIC;
	cpu->regs[R_EBX] = MB_INFO_ADDR;
	cpu->eip = entry;
	cpu->a20_mask = ~0u;
	cpu_update_hflags(cpu);
	ret = 0;
out:
	free(img);
	return ret;
}
