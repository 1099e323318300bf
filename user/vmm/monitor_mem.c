// SPDX-License-Identifier: GPL-2.0-only
/*
 * The monitor's memory and port commands: x, xp (memory dumps in QEMU's
 * layout), print, i and o (port I/O), memsave and pmemsave.  Linear
 * addresses are translated by walking the guest's page tables here rather
 * than through the softmmu, because the softmmu raises guest faults and
 * fills the TLB: a look from the monitor must leave no trace.
 */
#include "monitor_int.h"

#include <Zydis/Zydis.h>
#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#include "core/io.h"
#include "core/mem.h"
#include "translator/cpu.h"

/* the last format, as QEMU's x and xp remember it */
static char last_fmt = 'x';
static int last_size = 4;

/* --- guest memory without side effects on the CPU --- */

static uint64_t phys_ld(struct x86_cpu *c, uint64_t gpa, unsigned size)
{
	return mem_read(gpa & (c->a20_mask | ~0xffffffffull), size);
}

/* SDM Vol. 3A §4.3 (32-bit paging, 4 MiB pages with CR4.PSE, PSE-36
 * address bits 13-20 of the PDE) and §4.4 (PAE paging). */
bool monitor_lin_to_phys(struct monitor *mon, uint32_t lin, uint64_t *gpa)
{
	struct x86_cpu *c = mon->m.cpu;
	uint64_t e;

	if (!(c->cr[0] & CR0_PG)) {
		*gpa = lin & c->a20_mask;
		return true;
	}
	if (c->cr[4] & CR4_PAE) {
		e = phys_ld(c, (c->cr[3] & ~0x1fu) + ((lin >> 30) & 3) * 8, 8);
		if (!(e & 1))
			return false;
		e = phys_ld(c, (e & 0xffffffffff000ull) + ((lin >> 21) & 0x1ff) * 8, 8);
		if (!(e & 1))
			return false;
		if (e & 0x80) {
			*gpa = (e & 0xfffffffe00000ull) | (lin & 0x1fffff);
			return true;
		}
		e = phys_ld(c, (e & 0xffffffffff000ull) + ((lin >> 12) & 0x1ff) * 8, 8);
		if (!(e & 1))
			return false;
		*gpa = (e & 0xffffffffff000ull) | (lin & 0xfff);
		return true;
	}
	e = phys_ld(c, (c->cr[3] & ~0xfffu) + (lin >> 22) * 4, 4);
	if (!(e & 1))
		return false;
	if ((e & 0x80) && (c->cr[4] & CR4_PSE)) {
		*gpa = (e & 0xffc00000u) | ((e & 0x1fe000ull) << 19) | (lin & 0x3fffff);
		return true;
	}
	e = phys_ld(c, (e & ~0xfffu) + ((lin >> 12) & 0x3ff) * 4, 4);
	if (!(e & 1))
		return false;
	*gpa = (e & ~0xfffu) | (lin & 0xfff);
	return true;
}

static void phys_read(uint64_t gpa, uint8_t *buf, size_t len)
{
	while (len) {
		size_t n = 0x1000 - (gpa & 0xfff);
		const uint8_t *h;

		if (n > len)
			n = len;
		/* RAM and ROM directly; MMIO and holes byte by byte */
		h = mem_host_ptr(gpa, n, false);
		if (h)
			memcpy(buf, h, n);
		else
			mem_rw(gpa, buf, n, false);
		gpa += n;
		buf += n;
		len -= n;
	}
}

int monitor_read_virt(struct monitor *mon, uint32_t lin, void *buf, size_t len)
{
	uint8_t *b = buf;

	while (len) {
		size_t n = 0x1000 - (lin & 0xfff);
		uint64_t gpa;

		if (n > len)
			n = len;
		if (!monitor_lin_to_phys(mon, lin, &gpa))
			return -1;
		phys_read(gpa, b, n);
		lin += (uint32_t)n;
		b += n;
		len -= n;
	}
	return 0;
}

static bool read_mem(struct monitor *mon, bool phys, uint64_t addr, void *buf,
		     size_t len)
{
	if (phys) {
		phys_read(addr, buf, len);
		return true;
	}
	if (monitor_read_virt(mon, (uint32_t)addr, buf, len)) {
		monitor_printf(mon, "Cannot access memory\n");
		return false;
	}
	return true;
}

/* --- x, xp --- */

static void print_addr(struct monitor *mon, bool phys, uint64_t addr)
{
	if (phys)
		monitor_printf(mon, "%016" PRIx64 ":", addr);
	else
		monitor_printf(mon, "%08" PRIx64 ":", addr & 0xffffffff);
}

static void print_char(struct monitor *mon, unsigned v)
{
	switch (v) {
	case '\'': monitor_printf(mon, "'\\''"); break;
	case '\\': monitor_printf(mon, "'\\\\'"); break;
	case '\n': monitor_printf(mon, "'\\n'"); break;
	case '\r': monitor_printf(mon, "'\\r'"); break;
	default:
		if (v >= 32 && v < 127)
			monitor_printf(mon, "'%c'", v);
		else
			monitor_printf(mon, "'\\x%02x'", v);
	}
}

/* One value in @fmt, right-aligned to the widest value of @size bytes. */
static void print_value(struct monitor *mon, char fmt, int size, uint64_t v)
{
	int bits = size * 8;

	switch (fmt) {
	case 'o':
		monitor_printf(mon, "%#*" PRIo64, (bits + 2) / 3, v);
		break;
	case 'u':
		monitor_printf(mon, "%*" PRIu64, (bits * 10 + 32) / 33, v);
		break;
	case 'd':
		/* as QEMU: values narrower than 64 bits are not sign-extended */
		monitor_printf(mon, "%*" PRId64, (bits * 10 + 32) / 33, (int64_t)v);
		break;
	case 'c':
		print_char(mon, (unsigned)(v & 0xff));
		break;
	default:
		monitor_printf(mon, "0x%0*" PRIx64, bits / 4, v);
		break;
	}
}

/* x/i: Zydis in the mode of the current code segment. */
static void dump_insns(struct monitor *mon, bool phys, uint64_t addr, long count)
{
	struct x86_cpu *c = mon->m.cpu;
	bool code32 = c->hflags & HF_CS32;
	ZydisDecoder dec;
	ZydisFormatter fmt;

	ZydisDecoderInit(&dec, code32 ? ZYDIS_MACHINE_MODE_LEGACY_32 :
			 ZYDIS_MACHINE_MODE_LEGACY_16,
			 code32 ? ZYDIS_STACK_WIDTH_32 : ZYDIS_STACK_WIDTH_16);
	/* the look of QEMU's disassembler: lower-case hex, immediates
	 * unsigned, no zero padding */
	ZydisFormatterInit(&fmt, ZYDIS_FORMATTER_STYLE_ATT);
	ZydisFormatterSetProperty(&fmt, ZYDIS_FORMATTER_PROP_HEX_UPPERCASE, 0);
	ZydisFormatterSetProperty(&fmt, ZYDIS_FORMATTER_PROP_IMM_SIGNEDNESS,
				  ZYDIS_SIGNEDNESS_UNSIGNED);
	ZydisFormatterSetProperty(&fmt, ZYDIS_FORMATTER_PROP_IMM_PADDING,
				  ZYDIS_PADDING_DISABLED);
	ZydisFormatterSetProperty(&fmt, ZYDIS_FORMATTER_PROP_DISP_PADDING,
				  ZYDIS_PADDING_DISABLED);
	ZydisFormatterSetProperty(&fmt, ZYDIS_FORMATTER_PROP_ADDR_PADDING_ABSOLUTE,
				  ZYDIS_PADDING_DISABLED);
	for (long i = 0; i < count; i++) {
		ZydisDecodedInstruction insn;
		ZydisDecodedOperand ops[ZYDIS_MAX_OPERAND_COUNT];
		uint8_t buf[16];
		char text[128];

		char hex[8 * 3 + 1] = "";
		unsigned len;

		if (!read_mem(mon, phys, addr, buf, sizeof(buf)))
			return;
		if (ZYAN_FAILED(ZydisDecoderDecodeFull(&dec, buf, sizeof(buf), &insn, ops))) {
			len = 1;
			snprintf(text, sizeof(text), "(bad)");
		} else {
			len = insn.length;
			ZydisFormatterFormatInstruction(&fmt, &insn, ops,
							insn.operand_count_visible, text,
							sizeof(text), addr, NULL);
		}
		/* QEMU's layout: the address, up to 8 code bytes, the
		 * instruction; the rest of the bytes on a line below */
		for (unsigned b = 0; b < len && b < 8; b++)
			sprintf(hex + 3 * b, "%02x ", buf[b]);
		monitor_printf(mon, phys ? "0x%016" PRIx64 ":  %-24s %s\n" :
			       "0x%08" PRIx64 ":  %-24s %s\n",
			       phys ? addr : addr & 0xffffffff, hex, text);
		if (len > 8) {
			hex[0] = 0;
			for (unsigned b = 8; b < len; b++)
				sprintf(hex + 3 * (b - 8), "%02x ", buf[b]);
			hex[3 * (len - 8) - 1] = 0;
			monitor_printf(mon, phys ? "0x%016" PRIx64 ":  %s\n" :
				       "0x%08" PRIx64 ":  %s\n",
				       phys ? addr + 8 : (addr + 8) & 0xffffffff, hex);
		}
		addr += len;
	}
}

/* x/s: NUL-terminated strings, at most 256 characters each. */
static void dump_strings(struct monitor *mon, bool phys, uint64_t addr, long count)
{
	for (long i = 0; i < count; i++) {
		uint8_t ch;
		int n = 0;

		print_addr(mon, phys, addr);
		monitor_printf(mon, " \"");
		for (;;) {
			if (!read_mem(mon, phys, addr, &ch, 1))
				return;
			addr++;
			if (!ch)
				break;
			if (n++ == 256) {
				monitor_printf(mon, "...");
				break;
			}
			if (ch >= 32 && ch < 127 && ch != '"' && ch != '\\')
				monitor_printf(mon, "%c", ch);
			else
				monitor_printf(mon, "\\x%02x", ch);
		}
		monitor_printf(mon, "\"\n");
	}
}

static void memory_dump(struct monitor *mon, const char *args, bool phys)
{
	long count = 1;
	char fmt = last_fmt;
	int size = last_size;
	int64_t addr;
	const char *p = args;
	long len;

	if (!monitor_parse_fmt(mon, &p, &count, &fmt, &size))
		return;
	if (!*p) {
		monitor_printf(mon, "%s: address expected\n", phys ? "xp" : "x");
		return;
	}
	if (!monitor_expr(mon, &p, &addr))
		return;
	if (*p) {
		monitor_printf(mon, "%s: extraneous characters at the end of line\n",
			       phys ? "xp" : "x");
		return;
	}
	if (count <= 0 || count > 65536) {
		monitor_printf(mon, "%s: count must be 1 to 65536\n", phys ? "xp" : "x");
		return;
	}
	last_fmt = fmt;
	last_size = size;
	if (fmt == 'i') {
		dump_insns(mon, phys, (uint64_t)addr, count);
		return;
	}
	if (fmt == 's') {
		dump_strings(mon, phys, (uint64_t)addr, count);
		return;
	}
	if (fmt == 'c')
		size = 1;
	len = count * size;
	while (len > 0) {
		/* 8 values of a byte, else 16 bytes a line, as QEMU */
		long line = size == 1 ? 8 : 16;
		uint8_t buf[16];

		if (line > len)
			line = len;
		print_addr(mon, phys, (uint64_t)addr);
		if (phys) {
			phys_read((uint64_t)addr, buf, (size_t)line);
		} else if (monitor_read_virt(mon, (uint32_t)addr, buf, (size_t)line)) {
			monitor_printf(mon, " Cannot access memory\n");
			return;
		}
		for (long i = 0; i < line; i += size) {
			uint64_t v = 0;

			memcpy(&v, buf + i, (size_t)size);	/* little endian */
			monitor_printf(mon, " ");
			print_value(mon, fmt, size, v);
		}
		monitor_printf(mon, "\n");
		addr += line;
		len -= line;
	}
}

void monitor_cmd_x(struct monitor *mon, const char *args)
{
	memory_dump(mon, args, false);
}

void monitor_cmd_xp(struct monitor *mon, const char *args)
{
	memory_dump(mon, args, true);
}

/* --- print --- */

void monitor_cmd_print(struct monitor *mon, const char *args)
{
	long count = 1;
	char fmt = 'd';		/* QEMU prints decimal unless told */
	int size = 4;
	int64_t v;
	const char *p = args;

	if (!monitor_parse_fmt(mon, &p, &count, &fmt, &size))
		return;
	if (!monitor_expr(mon, &p, &v))
		return;
	if (*p) {
		monitor_printf(mon, "print: extraneous characters at the end of line\n");
		return;
	}
	/* QEMU prints an i386 value as a target_long: 32 bits */
	switch (fmt) {
	case 'x':
		monitor_printf(mon, "%#x\n", (uint32_t)v);
		break;
	case 'u':
		monitor_printf(mon, "%u\n", (uint32_t)v);
		break;
	case 'o':
		monitor_printf(mon, "%#o\n", (uint32_t)v);
		break;
	case 'c':
		print_char(mon, (unsigned)(v & 0xff));
		monitor_printf(mon, "\n");
		break;
	default:
		monitor_printf(mon, "%d\n", (int32_t)v);
		break;
	}
}

/* --- i, o --- */

/* i/b, i/w, i/l: here w is a 16-bit word, as QEMU's port commands
 * read it (x's w is 32 bits) */
static bool port_args(struct monitor *mon, const char **p, int *size,
		      int64_t *port)
{
	const char *s = *p;

	*size = 1;
	if (*s == '/') {
		s++;
		*size = *s == 'b' ? 1 : *s == 'w' || *s == 'h' ? 2 : *s == 'l' ? 4 : 0;
		if (!*size || (s[1] && s[1] != ' ' && s[1] != '\t')) {
			monitor_printf(mon, "invalid port access size '/%.*s' (use /b, /w or /l)\n",
				       (int)strcspn(s, " \t"), s);
			return false;
		}
		s++;
		while (*s == ' ' || *s == '\t')
			s++;
		*p = s;
	}
	if (!**p) {
		monitor_printf(mon, "port address expected\n");
		return false;
	}
	if (!monitor_expr(mon, p, port))
		return false;
	if (*port < 0 || *port > 0xffff) {
		monitor_printf(mon, "port 0x%" PRIx64 " out of range 0-0xffff\n",
			       (uint64_t)*port);
		return false;
	}
	return true;
}

void monitor_cmd_in(struct monitor *mon, const char *args)
{
	const char *p = args;
	int64_t port;
	int size;
	uint32_t v;

	if (!port_args(mon, &p, &size, &port))
		return;
	if (*p) {
		monitor_printf(mon, "i: extraneous characters at the end of line\n");
		return;
	}
	v = io_port_read((uint16_t)port, (unsigned)size);
	/* QEMU: "port%c[0x%04x] = 0x%0*x" with b, w or l */
	monitor_printf(mon, "port%c[0x%04x] = 0x%0*x\n",
		       size == 1 ? 'b' : size == 2 ? 'w' : 'l',
		       (unsigned)port, size * 2, v);
}

void monitor_cmd_out(struct monitor *mon, const char *args)
{
	const char *p = args;
	int64_t port, val;
	int size;

	if (!port_args(mon, &p, &size, &port))
		return;
	if (!*p) {
		monitor_printf(mon, "o: value expected\n");
		return;
	}
	if (!monitor_expr(mon, &p, &val))
		return;
	if (*p) {
		monitor_printf(mon, "o: extraneous characters at the end of line\n");
		return;
	}
	io_port_write((uint16_t)port, (uint32_t)val, (unsigned)size);
}

/* --- memsave, pmemsave --- */

static void save(struct monitor *mon, const char *args, bool phys)
{
	const char *cmd = phys ? "pmemsave" : "memsave";
	const char *p, *last = strrchr(args, ' ');
	char exprs[MONITOR_LINE_MAX], file[512];
	int64_t addr, size;
	FILE *f;
	uint8_t buf[4096];

	/* the file name is the last word: "16 /tmp/f" is no division */
	if (!last || strlen(last + 1) >= sizeof(file) || !last[1]) {
		monitor_printf(mon, "%s: usage: %s addr size file\n", cmd, cmd);
		return;
	}
	strcpy(file, last + 1);
	snprintf(exprs, sizeof(exprs), "%.*s", (int)(last - args), args);
	p = exprs;
	if (!monitor_expr(mon, &p, &addr) || !monitor_expr(mon, &p, &size))
		return;
	if (*p) {
		monitor_printf(mon, "%s: usage: %s addr size file\n", cmd, cmd);
		return;
	}
	if (size < 0) {
		monitor_printf(mon, "%s: invalid size %" PRId64 "\n", cmd, size);
		return;
	}
	f = fopen(file, "wb");
	if (!f) {
		monitor_printf(mon, "could not open '%s': %s\n", file, strerror(errno));
		return;
	}
	while (size > 0) {
		size_t n = size > (int64_t)sizeof(buf) ? sizeof(buf) : (size_t)size;

		if (!read_mem(mon, phys, (uint64_t)addr, buf, n))
			break;
		if (fwrite(buf, 1, n, f) != n) {
			monitor_printf(mon, "%s: writing '%s': %s\n", cmd, file,
				       strerror(errno));
			break;
		}
		addr += (int64_t)n;
		size -= (int64_t)n;
	}
	if (fclose(f))
		monitor_printf(mon, "%s: writing '%s': %s\n", cmd, file, strerror(errno));
}

void monitor_cmd_memsave(struct monitor *mon, const char *args)
{
	save(mon, args, false);
}

void monitor_cmd_pmemsave(struct monitor *mon, const char *args)
{
	save(mon, args, true);
}
