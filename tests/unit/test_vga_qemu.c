// SPDX-License-Identifier: GPL-2.0-only
/*
 * The VGA against QEMU's standard VGA, an oracle nobody here wrote: the
 * same pseudo-random port and memory accesses go to our device and,
 * through QEMU's qtest protocol (qemu-system-i386 -qtest stdio), to
 * QEMU's, and every read must agree.
 *
 * Where QEMU departs from the IBM VGA on purpose or by accident the
 * sequences stay out of the way, and the reason is noted: odd/even and
 * chain-4 memory (QEMU keeps its own plane layout and skips the write
 * pipeline there), 0x3C0 read while the flip-flop points at data (QEMU
 * reads 0), the PEL mask and feature control registers, SR07, CRTC
 * registers above 0x18, 64 KiB plane wrap in the 128 KiB window, and
 * VIRT_HEIGHT above 65535.  Skipped when qemu-system-i386 is absent.
 */
#include <errno.h>
#include <fcntl.h>
#include <setjmp.h>
#include <signal.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>
#include <cmocka.h>

#include "core/io.h"
#include "core/mem.h"
#include "devices/vga.h"

static struct vga vga;
static pid_t qemu_pid;
static FILE *qemu_in, *qemu_out;
static uint32_t rng_state;
static int op_no;

static uint32_t rnd(void)
{
	/* xorshift32: a fixed sequence, so a failure reproduces */
	rng_state ^= rng_state << 13;
	rng_state ^= rng_state >> 17;
	rng_state ^= rng_state << 5;
	return rng_state;
}

static int qemu_start(void)
{
	int to[2], from[2];
	char *argv[] = {
		"qemu-system-i386", "-machine", "pc", "-nodefaults",
		"-vga", "std", "-display", "none", "-qtest", "stdio", "-S",
		NULL,
	};

	if (pipe(to) || pipe(from))
		return -1;
	qemu_pid = fork();
	if (qemu_pid < 0)
		return -1;
	if (qemu_pid == 0) {
		int null = open("/dev/null", O_WRONLY);

		dup2(to[0], 0);
		dup2(from[1], 1);
		if (null >= 0)
			dup2(null, 2);
		close(to[0]);
		close(to[1]);
		close(from[0]);
		close(from[1]);
		execvp(argv[0], argv);
		_exit(127);
	}
	close(to[0]);
	close(from[1]);
	qemu_in = fdopen(to[1], "w");
	qemu_out = fdopen(from[0], "r");
	return qemu_in && qemu_out ? 0 : -1;
}

static void qemu_stop(void)
{
	if (qemu_in)
		fclose(qemu_in);
	if (qemu_out)
		fclose(qemu_out);
	qemu_in = qemu_out = NULL;
	/* qtest does not end QEMU at the end of its input */
	if (qemu_pid > 0) {
		kill(qemu_pid, SIGTERM);
		waitpid(qemu_pid, NULL, 0);
	}
	qemu_pid = 0;
}

/* One qtest command; returns the value of "OK 0x..", or -1 when QEMU
 * is gone. */
static long long qt(const char *fmt, ...)
{
	char line[256];
	va_list ap;

	va_start(ap, fmt);
	vfprintf(qemu_in, fmt, ap);
	va_end(ap);
	fputc('\n', qemu_in);
	fflush(qemu_in);
	while (fgets(line, sizeof(line), qemu_out)) {
		if (!strncmp(line, "OK", 2))
			return line[2] == ' ' ? strtoll(line + 3, NULL, 16) : 0;
		if (!strncmp(line, "FAIL", 4) || !strncmp(line, "ERR", 3))
			return -1;
	}
	return -1;
}

static int setup(void **state)
{
	io_reset_all();
	mem_reset_all();
	assert_int_equal(vga_init(&vga, 16u << 20), 0);
	if (qemu_start() || qt("outb 0x3cc 0x0") < 0) {
		qemu_stop();
		/* the test body skips */
		*state = NULL;
		return 0;
	}
	*state = &vga;
	return 0;
}

static int teardown(void **state)
{
	qemu_stop();
	vga_destroy(&vga);
	return 0;
}

#define NEED_QEMU()							\
	do {								\
		if (!*state) {						\
			print_message("qemu-system-i386 -qtest is not available\n"); \
			skip();						\
		}							\
	} while (0)

static void both_outb(uint16_t port, uint8_t v)
{
	io_port_write(port, v, 1);
	qt("outb 0x%x 0x%x", port, v);
}

static void both_outw(uint16_t port, uint16_t v)
{
	io_port_write(port, v, 2);
	qt("outw 0x%x 0x%x", port, v);
}

static void both_writeb(uint32_t addr, uint8_t v)
{
	mem_write(addr, v, 1);
	qt("writeb 0x%x 0x%x", addr, v);
}

static void same_inb(uint16_t port)
{
	unsigned ours = io_port_read(port, 1);
	long long theirs = qt("inb 0x%x", port);

	if (ours != theirs)
		print_error("op %d: inb 0x%x: ours 0x%x, QEMU 0x%llx\n",
			    op_no, port, ours, theirs);
	assert_int_equal(ours, theirs);
}

static void same_inw(uint16_t port)
{
	unsigned ours = io_port_read(port, 2);
	long long theirs = qt("inw 0x%x", port);

	if (ours != theirs)
		print_error("op %d: inw 0x%x (index %u): ours 0x%x, QEMU 0x%llx\n",
			    op_no, port, vga.vbe_index, ours, theirs);
	assert_int_equal(ours, theirs);
}

static void same_readb(uint32_t addr)
{
	unsigned ours = (unsigned)mem_read(addr, 1);
	long long theirs = qt("readb 0x%x", addr);

	if (ours != theirs)
		print_error("op %d: readb 0x%x: ours 0x%x, QEMU 0x%llx\n",
			    op_no, addr, ours, theirs);
	assert_int_equal(ours, theirs);
}

static void both_idx(uint16_t port, uint8_t i, uint8_t v)
{
	both_outb(port, i);
	both_outb(port + 1, v);
}

/*
 * Planar memory: random graphics controller settings (write modes 0-3,
 * read modes 0-1, rotate, function, set/reset, bit mask, compare), map
 * masks and windows, random writes and reads on a small area so that
 * latches and earlier writes interact.
 */
static void planar_pipeline_matches_qemu(void **state)
{
	static const uint8_t gr_pick[] = { 0, 1, 2, 3, 4, 5, 7, 8 };
	static const uint32_t bases[] = { 0xa0000, 0xa8000, 0xb0000, 0xb8000 };
	uint8_t map = 1;
	int p, o;

	NEED_QEMU();
	rng_state = 0x5eed1234;
	both_outb(0x3c2, 0xe3);
	both_idx(0x3c4, 2, 0x0f);
	both_idx(0x3c4, 4, 0x06);	/* planar: no chain-4, no odd/even */
	both_idx(0x3ce, 6, 0x05);
	for (op_no = 0; op_no < 6000; op_no++) {
		uint32_t r = rnd(), addr;
		unsigned kind = r % 100;

		if (kind < 20) {
			uint8_t i = gr_pick[(r >> 8) % sizeof(gr_pick)];
			uint8_t v = (uint8_t)(r >> 16);

			if (i == 5)
				v &= ~0x10;	/* no odd/even reads */
			both_idx(0x3ce, i, v);
		} else if (kind < 24) {
			both_idx(0x3c4, 2, (uint8_t)(r >> 8));
		} else if (kind < 26) {
			map = (r >> 8) & 3;
			both_idx(0x3ce, 6, 0x01 | map << 2);
		} else {
			addr = bases[(r >> 8) & 3] + ((r >> 12) & 0x3f);
			/* QEMU does not wrap the 64 KiB planes in the 128 KiB
			 * window: stay in its first half there */
			if (map == 0 && addr >= 0xb0000)
				addr -= 0x10000;
			if (kind < 65)
				both_writeb(addr, (uint8_t)(r >> 20));
			else
				same_readb(addr);
		}
	}
	/* and the planes themselves, through read map select */
	both_idx(0x3ce, 5, 0x00);
	both_idx(0x3ce, 6, 0x05);
	for (p = 0; p < 4; p++) {
		both_idx(0x3ce, 4, p);
		for (o = 0; o < 0x40; o++) {
			same_readb(0xa0000 + o);
			same_readb(0xa8000 + o);
		}
	}
}

/*
 * The register file: indexes and their masks, the attribute flip-flop,
 * CRTC protection, colour/mono decoding, the DAC cycles and state.
 */
static void registers_match_qemu(void **state)
{
	bool ar_data = false, mono = false;

	NEED_QEMU();
	rng_state = 0xc0ffee11;
	both_outb(0x3c2, 0x67);
	for (op_no = 0; op_no < 8000; op_no++) {
		uint32_t r = rnd();
		uint8_t v = (uint8_t)(r >> 16);
		uint16_t crtc = mono ? 0x3b4 : 0x3d4;

		switch (r % 19) {
		case 0:
			both_outb(0x3c4, (r >> 8) % 7);	/* SR07 differs */
			break;
		case 1:
			both_outb(0x3c5, v);
			break;
		case 2:
			both_outb(0x3ce, v);
			break;
		case 3:
			both_outb(0x3cf, v);
			break;
		case 4:
			both_outb(crtc, (r >> 8) % 0x19);
			break;
		case 5:
			both_outb(crtc + 1, v);
			break;
		case 6:
			both_outb(0x3c0, v);
			ar_data = !ar_data;
			break;
		case 7:
			/* status 1 of either set; only the decoded one
			 * resets the flip-flop */
			same_inb((r >> 8) & 1 ? 0x3da : 0x3ba);
			if (((r >> 8) & 1) != mono)
				ar_data = false;
			break;
		case 8:
			if (!ar_data)
				same_inb(0x3c0);
			same_inb(0x3c1);
			break;
		case 9:
			both_outb((r >> 8) & 1 ? 0x3c7 : 0x3c8, v);
			break;
		case 10:
			both_outb(0x3c9, v & 0x3f);	/* a 6-bit DAC here */
			break;
		case 11:
			same_inb(0x3c9);
			break;
		case 12:
			same_inb(0x3c7);
			same_inb(0x3c8);
			break;
		case 13:
			same_inb(0x3c4);
			same_inb(0x3c5);
			break;
		case 14:
			same_inb(0x3ce);
			same_inb(0x3cf);
			break;
		case 15:
			same_inb(0x3b4);
			same_inb(0x3b5);
			same_inb(0x3d4);
			same_inb(0x3d5);
			break;
		case 16:
			/* misc output, rarely switching to monochrome */
			if ((r >> 8) % 8 == 0)
				mono = !mono;
			both_outb(0x3c2, (v & ~1) | (mono ? 0 : 1));
			break;
		case 17:
			same_inb(0x3cc);
			same_inb(0x3c2);
			break;
		case 18:
			/* 16-bit index/data writes */
			if ((r >> 8) & 1)
				both_outw(0x3c4, (uint16_t)(v << 8 | (r >> 9) % 7));
			else
				both_outw(0x3ce, (uint16_t)(v << 8 | ((r >> 9) & 15)));
			break;
		}
	}
}

/*
 * DISPI: mode registers with good and bad values, enabling and disabling,
 * GETCAPS, banks, and the VGA registers a VBE mode sets.
 */
static void dispi_matches_qemu(void **state)
{
	static const uint16_t xres[] = { 640, 800, 1024, 1025, 1280, 4000,
					 16000, 0xffff };
	static const uint16_t yres[] = { 0, 1, 200, 480, 600, 768, 5000, 12000,
					 20000, 0xffff };
	static const uint16_t bpp[] = { 0, 4, 7, 8, 15, 16, 24, 32, 33 };
	static const uint16_t enable[] = { 0, 0x01, 0x03, 0x21, 0x41, 0x81,
					   0xc1, 0x02 };
	int i;

	NEED_QEMU();
	rng_state = 0xd15b0c5;
	both_outb(0x3c2, 0x67);
	/* a width before the first enable: with the reset value 0 the
	 * lines would be so short that VIRT_HEIGHT passes 65535 */
	both_outw(0x1ce, VBE_DISPI_INDEX_XRES);
	both_outw(0x1cf, 640);
	for (op_no = 0; op_no < 3000; op_no++) {
		uint32_t r = rnd();
		uint16_t index = (r >> 4) % 12, v;
		const uint16_t *set = NULL;
		size_t n = 0;

		switch (index) {
		case VBE_DISPI_INDEX_ID:
			v = 0xb0bf + (r >> 12) % 8;
			break;
		case VBE_DISPI_INDEX_XRES:
		case VBE_DISPI_INDEX_VIRT_WIDTH:
			set = xres, n = sizeof(xres) / sizeof(xres[0]);
			break;
		case VBE_DISPI_INDEX_YRES:
		case VBE_DISPI_INDEX_X_OFFSET:
		case VBE_DISPI_INDEX_Y_OFFSET:
		case VBE_DISPI_INDEX_VIRT_HEIGHT:
			set = yres, n = sizeof(yres) / sizeof(yres[0]);
			break;
		case VBE_DISPI_INDEX_BPP:
			set = bpp, n = sizeof(bpp) / sizeof(bpp[0]);
			break;
		case VBE_DISPI_INDEX_ENABLE:
			set = enable, n = sizeof(enable) / sizeof(enable[0]);
			break;
		default:
			v = (uint16_t)(r >> 12);
			break;
		}
		if (set)
			v = set[(r >> 12) % n];
		both_outw(0x1ce, index);
		both_outw(0x1cf, v);
		if (op_no % 4)
			continue;
		for (i = 0; i < 12; i++) {
			both_outw(0x1ce, i);
			same_inw(0x1cf);
		}
		same_inw(0x1ce);
		/* the VGA side of the mode */
		for (i = 0; i < 0x19; i++) {
			both_outb(0x3d4, i);
			same_inb(0x3d5);
		}
		for (i = 0; i < 9; i++) {
			both_outb(0x3ce, i);
			same_inb(0x3cf);
		}
		/* a guest write to the CRTC while the mode is on */
		both_idx(0x3d4, 0x11, 0x00);
		both_idx(0x3d4, (r >> 20) % 0x19, (uint8_t)(r >> 24));
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(planar_pipeline_matches_qemu,
						setup, teardown),
		cmocka_unit_test_setup_teardown(registers_match_qemu,
						setup, teardown),
		cmocka_unit_test_setup_teardown(dispi_matches_qemu,
						setup, teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
