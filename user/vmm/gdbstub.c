// SPDX-License-Identifier: GPL-2.0-only
/*
 * The gdbstub's commands: GDB manual, "Remote Protocol" > "Packets",
 * "General Query Packets", "Stop Reply Packets" and "Interrupts".  The
 * stub runs on the main thread (chardev input, lock held) and, for stop
 * replies after a breakpoint or a step, on the vCPU thread (lock held).
 *
 * Every packet is parsed defensively: a malformed one gets "E22" or, when
 * the command is unknown, the empty reply the protocol asks for.
 */
#include "gdbstub.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/chardev.h"
#include "core/mem.h"
#include "gdbstub_int.h"
#include "gdbstub_regs.h"
#include "monitor_int.h"
#include "translator/translator.h"
#include "vcpu.h"

struct gdbstub {
	struct chardev *chr;
	struct gdb_rx rx;
	struct monitor_machine m;
	struct monitor *mon;	/* captured: qRcmd, and the page walk */
	bool have_machine;
	bool no_ack;		/* after QStartNoAckMode */
	bool connected;
	bool waiting;		/* gdb continued the guest: owes a stop reply */
	bool in_input;		/* inside gdb_receive: the device must stay */
};

static struct gdbstub gs;

static void send_packet(const char *data, size_t len)
{
	static char frame[2 * GDB_PACKET_MAX + 8];
	size_t n = gdb_frame(data, len, frame, sizeof(frame));

	if (n)
		chardev_write(gs.chr, (const uint8_t *)frame, n);
}

static void reply(const char *s)
{
	send_packet(s, strlen(s));
}

static struct x86_cpu *cpu(void)
{
	return gs.m.cpu;
}

/* Stop reply T05 (SIGTRAP) or T02 (SIGINT) for thread 1, naming the
 * watchpoint that fired ("Stop Reply Packets": watch, rwatch, awatch). */
static void send_stop(int sig)
{
	static const char *const kind[] = {
		[CPU_WP_WRITE] = "watch", [CPU_WP_READ] = "rwatch",
		[CPU_WP_ACCESS] = "awatch",
	};
	const struct cpu_wp *w = cpu()->debug.wp_hit;
	char buf[80];

	if (w && sig == 5)
		snprintf(buf, sizeof(buf), "T05thread:01;%s:%x;", kind[w->type],
			 w->addr);
	else
		snprintf(buf, sizeof(buf), "T%02xthread:01;", sig);
	reply(buf);
}

/* The step flag changes only what the loop checks; breakpoints change
 * the TBs (cpu_debug_changed flushes them). */
static void set_step(bool on)
{
	struct x86_cpu *c = cpu();
	bool was = c->debug.active;

	c->debug.step = on;
	if (was != (c->debug.n_bp > 0 || on))
		cpu_debug_changed(c);
}

static void debug_clear(void)
{
	cpu()->debug.n_bp = 0;
	cpu()->debug.n_wp = 0;
	cpu()->debug.wp_hit = NULL;
	cpu()->debug.step = false;
	cpu_debug_changed(cpu());
}

/* vCPU thread: the CPU stopped at a breakpoint or after a step. */
static void on_debug_stop(void)
{
	set_step(false);
	if (gs.connected && gs.waiting) {
		gs.waiting = false;
		send_stop(5);
	}
}

static void resume(bool step)
{
	cpu()->debug.wp_hit = NULL;
	set_step(step);
	gs.waiting = true;
	vcpu_cont();
}

/* Read or write guest memory at linear @addr, page by page through the
 * guest's page tables (without side effects); false when a page is not
 * present. */
static bool guest_mem(uint32_t addr, uint8_t *buf, size_t len, bool write)
{
	while (len) {
		size_t n = 0x1000 - (addr & 0xfff);
		uint64_t gpa;

		if (n > len)
			n = len;
		if (!monitor_lin_to_phys(gs.mon, addr, &gpa))
			return false;
		if (mem_rw(gpa, buf, n, write))
			return false;
		addr += (uint32_t)n;
		buf += n;
		len -= n;
	}
	return true;
}

/* "ADDR,LEN" at *@p */
static bool parse_addr_len(const char **p, uint64_t *addr, uint64_t *len)
{
	if (!gdb_parse_hex(p, addr) || **p != ',')
		return false;
	(*p)++;
	return gdb_parse_hex(p, len);
}

static void cmd_read_mem(const char *p)
{
	static uint8_t data[GDB_PACKET_MAX / 2];
	static char hex[GDB_PACKET_MAX + 1];
	uint64_t addr, len;

	if (!parse_addr_len(&p, &addr, &len) || *p) {
		reply("E22");
		return;
	}
	if (len > sizeof(data) - 1)
		len = sizeof(data) - 1;
	if (addr > 0xffffffffull || !guest_mem((uint32_t)addr, data, len, false)) {
		reply("E14");	/* EFAULT */
		return;
	}
	gdb_tohex(hex, data, len);
	reply(hex);
}

/* M (hex) and X (binary, already unescaped by the packet layer) */
static void cmd_write_mem(const char *p, size_t plen, bool binary)
{
	static uint8_t data[GDB_PACKET_MAX];
	const char *start = p;
	uint64_t addr, len;
	size_t have;

	if (!parse_addr_len(&p, &addr, &len) || *p != ':') {
		reply("E22");
		return;
	}
	p++;
	have = plen - (size_t)(p - start);
	if (binary) {
		if (have < len) {
			reply("E22");
			return;
		}
		memcpy(data, p, len);
	} else if (len > sizeof(data) || have < 2 * len ||
		   gdb_fromhex(data, p, len) != len) {
		reply("E22");
		return;
	}
	if (addr > 0xffffffffull || !guest_mem((uint32_t)addr, data, len, true)) {
		reply("E14");
		return;
	}
	reply("OK");
}

static void cmd_read_regs(void)
{
	static char hex[GDB_PACKET_MAX + 1];
	uint8_t buf[16];
	size_t o = 0;

	for (int n = 0; n < GDB_NUM_REGS; n++) {
		int sz = gdb_reg_read(cpu(), n, buf);

		gdb_tohex(hex + o, buf, (size_t)sz);
		o += 2 * (size_t)sz;
	}
	reply(hex);
}

static void cmd_write_regs(const char *p)
{
	uint8_t buf[16];
	size_t len = strlen(p);

	for (int n = 0; n < GDB_NUM_REGS; n++) {
		size_t sz = (size_t)gdb_reg_size(n);

		/* gdb may send fewer registers than it knows: stop there */
		if (len < 2 * sz || gdb_fromhex(buf, p, sz) != sz)
			break;
		gdb_reg_write(cpu(), n, buf);
		p += 2 * sz;
		len -= 2 * sz;
	}
	reply("OK");
}

static void cmd_read_reg(const char *p)
{
	char hex[40];
	uint8_t buf[16];
	uint64_t n;
	int sz;

	if (!gdb_parse_hex(&p, &n) || *p || n >= GDB_NUM_REGS) {
		reply("E22");
		return;
	}
	sz = gdb_reg_read(cpu(), (int)n, buf);
	gdb_tohex(hex, buf, (size_t)sz);
	reply(hex);
}

static void cmd_write_reg(const char *p)
{
	uint8_t buf[16];
	uint64_t n;
	size_t sz;

	if (!gdb_parse_hex(&p, &n) || *p != '=' || n >= GDB_NUM_REGS) {
		reply("E22");
		return;
	}
	p++;
	sz = (size_t)gdb_reg_size((int)n);
	if (strlen(p) != 2 * sz || gdb_fromhex(buf, p, sz) != sz) {
		reply("E22");
		return;
	}
	gdb_reg_write(cpu(), (int)n, buf);
	reply("OK");
}

/* Z2/Z3/Z4 ADDR,LEN: write, read and access watchpoints */
static void cmd_watchpoint(int type, uint32_t addr, uint64_t len, bool insert)
{
	struct cpu_debug *d = &cpu()->debug;
	int i;

	if (!len || len > 0x1000 || addr + len - 1 < addr) {
		reply("E22");
		return;
	}
	for (i = 0; i < d->n_wp; i++)
		if (d->wp[i].addr == addr && d->wp[i].len == len &&
		    (int)d->wp[i].type == type)
			break;
	if (insert && i == d->n_wp) {
		if (d->n_wp == CPU_DEBUG_MAX_WP) {
			reply("E28");
			return;
		}
		d->wp[d->n_wp++] = (struct cpu_wp){
			.addr = addr, .len = (uint32_t)len,
			.type = (enum cpu_wp_type)type,
		};
		cpu_debug_changed(cpu());
	} else if (!insert && i < d->n_wp) {
		d->wp_hit = NULL;
		d->wp[i] = d->wp[--d->n_wp];
		cpu_debug_changed(cpu());
	}
	reply("OK");
}

/* Z0/Z1 (software and hardware breakpoints are the same to a
 * translator: it stops before the instruction without patching it). */
static void cmd_breakpoint(const char *p, bool insert)
{
	struct cpu_debug *d = &cpu()->debug;
	uint64_t type, addr, kind;
	int i;

	if (!gdb_parse_hex(&p, &type) || *p++ != ',' ||
	    !parse_addr_len(&p, &addr, &kind) || addr > 0xffffffffull) {
		reply("E22");
		return;
	}
	if (type >= 2 && type <= 4) {
		cmd_watchpoint((int)type, (uint32_t)addr, kind, insert);
		return;
	}
	if (type > 1) {
		reply("");
		return;
	}
	for (i = 0; i < d->n_bp; i++)
		if (d->bp[i] == addr)
			break;
	if (insert && i == d->n_bp) {
		if (d->n_bp == CPU_DEBUG_MAX_BP) {
			reply("E28");	/* ENOSPC */
			return;
		}
		d->bp[d->n_bp++] = (uint32_t)addr;
		cpu_debug_changed(cpu());
	} else if (!insert && i < d->n_bp) {
		d->bp[i] = d->bp[--d->n_bp];
		cpu_debug_changed(cpu());
	}
	reply("OK");
}

/* vCont;ACTION[:THREAD]...: one CPU, so a step anywhere means a step */
static void cmd_vcont(const char *p)
{
	bool step = false, any = false;

	while (*p == ';') {
		p++;
		if (*p == 's' || *p == 'S')
			step = true;
		else if (*p != 'c' && *p != 'C') {
			reply("E22");
			return;
		}
		any = true;
		while (*p && *p != ';')
			p++;
	}
	if (!any || *p) {
		reply("E22");
		return;
	}
	resume(step);
}

static void cmd_xfer_features(const char *p)
{
	static char out[GDB_PACKET_MAX];
	uint64_t off, len;

	if (strncmp(p, "target.xml:", 11)) {
		reply("E00");
		return;
	}
	p += 11;
	if (!parse_addr_len(&p, &off, &len) || *p) {
		reply("E22");
		return;
	}
	if (len > sizeof(out) - 2)
		len = sizeof(out) - 2;
	if (off >= gdb_target_xml_len) {
		reply("l");
		return;
	}
	if (len > gdb_target_xml_len - off)
		len = gdb_target_xml_len - off;
	out[0] = off + len < gdb_target_xml_len ? 'm' : 'l';
	memcpy(out + 1, gdb_target_xml + off, len);
	send_packet(out, len + 1);
}

/* qRcmd,HEX: a human monitor command; its output comes back hex
 * encoded in O packets, then OK (GDB manual, "General Query Packets",
 * qRcmd). */
static void cmd_rcmd(const char *p)
{
	static char hex[GDB_PACKET_MAX + 2];
	const size_t chunk = GDB_PACKET_MAX / 2 - 1;
	char line[512];
	size_t n = strlen(p) / 2, len;
	char *out;

	if (n >= sizeof(line) || gdb_fromhex((uint8_t *)line, p, n) != n) {
		reply("E22");
		return;
	}
	line[n] = 0;
	monitor_execute(gs.mon, line);
	out = monitor_take_output(gs.mon);
	len = out ? strlen(out) : 0;
	for (size_t off = 0; off < len; off += chunk) {
		size_t k = len - off < chunk ? len - off : chunk;

		hex[0] = 'O';
		gdb_tohex(hex + 1, (const uint8_t *)out + off, k);
		reply(hex);
	}
	reply("OK");
	free(out);
}

static void cmd_query(const char *p)
{
	if (!strncmp(p, "qSupported", 10)) {
		char buf[128];

		snprintf(buf, sizeof(buf),
			 "PacketSize=%x;qXfer:features:read+;vContSupported+;QStartNoAckMode+",
			 GDB_PACKET_MAX);
		reply(buf);
	} else if (!strncmp(p, "qXfer:features:read:", 20)) {
		cmd_xfer_features(p + 20);
	} else if (!strcmp(p, "qAttached")) {
		reply("1");
	} else if (!strcmp(p, "qC")) {
		reply("QC1");
	} else if (!strcmp(p, "qfThreadInfo")) {
		reply("m1");
	} else if (!strcmp(p, "qsThreadInfo")) {
		reply("l");
	} else if (!strncmp(p, "qRcmd,", 6)) {
		cmd_rcmd(p + 6);
	} else {
		reply("");
	}
}

static void handle_packet(const char *p, size_t len)
{
	switch (p[0]) {
	case '?':
		send_stop(5);
		break;
	case 'g':
		cmd_read_regs();
		break;
	case 'G':
		cmd_write_regs(p + 1);
		break;
	case 'p':
		cmd_read_reg(p + 1);
		break;
	case 'P':
		cmd_write_reg(p + 1);
		break;
	case 'm':
		cmd_read_mem(p + 1);
		break;
	case 'M':
		cmd_write_mem(p + 1, len - 1, false);
		break;
	case 'X':
		cmd_write_mem(p + 1, len - 1, true);
		break;
	case 'c':
	case 's':
		/* an address to resume at (rarely sent) */
		if (p[1]) {
			const char *a = p + 1;
			uint64_t addr;

			if (!gdb_parse_hex(&a, &addr) || *a) {
				reply("E22");
				break;
			}
			cpu()->eip = (uint32_t)addr;
		}
		resume(p[0] == 's');
		break;
	case 'v':
		if (!strcmp(p, "vCont?"))
			reply("vCont;c;C;s;S");
		else if (!strncmp(p, "vCont", 5))
			cmd_vcont(p + 5);
		else
			reply("");
		break;
	case 'Z':
	case 'z':
		cmd_breakpoint(p + 1, p[0] == 'Z');
		break;
	case 'D':
		/* detach: the guest runs on without us */
		reply("OK");
		debug_clear();
		gs.waiting = false;
		vcpu_cont();
		break;
	case 'k':
		debug_clear();
		vcpu_request_quit();
		break;
	case 'H':
	case 'T':
		reply("OK");	/* one thread, always alive */
		break;
	case 'q':
		cmd_query(p);
		break;
	case 'Q':
		if (!strcmp(p, "QStartNoAckMode")) {
			reply("OK");
			gs.no_ack = true;
		} else {
			reply("");
		}
		break;
	default:
		reply("");
	}
}

static size_t gdb_can_receive(void *opaque)
{
	return 4096;
}

static void gdb_receive(void *opaque, const uint8_t *buf, size_t len)
{
	gs.in_input = true;
	for (size_t i = 0; i < len; i++) {
		switch (gdb_rx_byte(&gs.rx, buf[i])) {
		case GDB_RX_PACKET:
			if (!gs.no_ack)
				chardev_write(gs.chr, (const uint8_t *)"+", 1);
			if (gs.rx.len)
				handle_packet(gs.rx.buf, gs.rx.len);
			else
				reply("");
			break;
		case GDB_RX_BAD:
			if (!gs.no_ack)
				chardev_write(gs.chr, (const uint8_t *)"-", 1);
			break;
		case GDB_RX_INTERRUPT:
			/* Ctrl-C: stop a running guest (GDB manual,
			 * "Interrupts"); the stop reply says SIGINT */
			if (vcpu_running()) {
				vcpu_stop();
				set_step(false);
				gs.waiting = false;
				send_stop(2);
			}
			break;
		case GDB_RX_NONE:
			break;
		}
	}
	gs.in_input = false;
}

static void gdb_event(void *opaque, enum chardev_event ev)
{
	if (ev == CHARDEV_EVENT_OPENED) {
		/* a new gdb: it expects a stopped target, as QEMU gives it */
		memset(&gs.rx, 0, sizeof(gs.rx));
		gs.no_ack = false;
		gs.connected = true;
		gs.waiting = false;
		vcpu_stop();
	} else if (ev == CHARDEV_EVENT_CLOSED && gs.connected) {
		/* gdb went away without detaching: as a detach */
		gs.connected = false;
		gs.waiting = false;
		debug_clear();
		vcpu_cont();
	}
}

void gdbstub_init(const struct monitor_machine *m)
{
	gs.m = *m;
	gs.have_machine = true;
	vcpu_debug_hook = on_debug_stop;
}

int gdbserver_start(const char *spec, char *err, size_t errlen)
{
	const struct chardev_frontend fe = {
		.can_receive = gdb_can_receive, .receive = gdb_receive,
		.event = gdb_event,
	};
	struct chardev *chr;
	char full[512];

	if (!gs.have_machine) {
		snprintf(err, errlen, "no machine to debug");
		return -1;
	}
	/* "monitor gdbserver" from gdb would close the device whose input
	 * is being read */
	if (gs.in_input) {
		snprintf(err, errlen, "not from gdb's own connection");
		return -1;
	}
	if (!spec || !*spec)
		spec = "tcp::1234";
	if (!strcmp(spec, "none")) {
		gdbserver_stop();
		return 0;
	}
	/* -gdb tcp::1234 is a server that does not wait for gdb */
	if ((!strncmp(spec, "tcp:", 4) || !strncmp(spec, "unix:", 5)) &&
	    !strstr(spec, "server"))
		snprintf(full, sizeof(full), "%s,server,nowait", spec);
	else
		snprintf(full, sizeof(full), "%s", spec);
	if (chardev_open(full, "gdb", &chr, err, errlen))
		return -1;
	if (!chr) {
		snprintf(err, errlen, "no character device");
		return -1;
	}
	if (!gs.mon) {
		gs.mon = monitor_new_captured(&gs.m);
		if (!gs.mon) {
			chardev_close(chr);
			snprintf(err, errlen, "cannot create the monitor for qRcmd");
			return -1;
		}
	}
	gdbserver_stop();
	gs.chr = chr;
	memset(&gs.rx, 0, sizeof(gs.rx));
	if (chardev_attach(chr, &fe)) {
		chardev_close(chr);
		gs.chr = NULL;
		snprintf(err, errlen, "device busy");
		return -1;
	}
	return 0;
}

void gdbstub_machine_exited(int status)
{
	char buf[8];

	/* "W" stop reply: the process exited (GDB manual, "Stop Reply
	 * Packets"); ringvm's exit status stands for the guest's */
	if (gs.chr && gs.connected) {
		snprintf(buf, sizeof(buf), "W%02x", status & 0xff);
		reply(buf);
		gs.connected = false;
	}
}

void gdbserver_stop(void)
{
	if (!gs.chr)
		return;
	chardev_close(gs.chr);
	gs.chr = NULL;
	if (gs.connected) {
		gs.connected = false;
		debug_clear();
	}
}

void monitor_cmd_gdbserver(struct monitor *mon, const char *args)
{
	const char *spec = args && *args ? args : "tcp::1234";
	char err[256];

	if (gdbserver_start(spec, err, sizeof(err))) {
		monitor_printf(mon, "gdbserver %s: %s\n", spec, err);
		return;
	}
	if (!strcmp(spec, "none"))
		monitor_printf(mon, "Disabled gdbserver\n");
	else
		monitor_printf(mon, "Waiting for gdb connection on device '%s'\n",
			       spec);
}
