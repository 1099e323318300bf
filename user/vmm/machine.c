// SPDX-License-Identifier: GPL-2.0-only
/*
 * Machine assembly and the vCPU loop; see machine.h.
 *
 * The loop runs the CPU for a budget of translation blocks, then services
 * the world: timers, console input, stop requests.  A halted CPU sleeps
 * until console input or the next timer deadline.
 */
#include "machine.h"

#include <errno.h>
#include <poll.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "core/chardev.h"
#include "core/clock.h"
#include "core/lib/log.h"
#include "core/lib/parse.h"
#include "core/mem.h"
#include "core/runstate.h"
#include "devices/i8042.h"
#include "devices/i8254.h"
#include "devices/i8259.h"
#include "devices/isa_debug_exit.h"
#include "devices/isa_debugcon.h"
#include "devices/mc146818.h"
#include "devices/ns16550.h"
#include "devices/port92.h"
#include "multiboot.h"
#include "translator/softmmu.h"
#include "translator/tb.h"
#include "translator/translator.h"

#define CODE_BUF_BYTES (32u << 20)
#define EXEC_BUDGET 4096

static const uint16_t serial_base[VM_MAX_SERIAL] = { 0x3f8, 0x2f8, 0x3e8, 0x2e8 };
static const int serial_irq[VM_MAX_SERIAL] = { 4, 3, 4, 3 };

struct machine {
	uint8_t *ram;
	uint64_t ram_bytes;
	struct x86_cpu *cpu;
	struct chardev chr[VM_MAX_SERIAL];
	struct ns16550 uart[VM_MAX_SERIAL];
	int n_uart;
	struct i8259 pic;
	struct i8254 pit;
	struct mc146818 rtc;
	struct i8042 kbc;
	struct port92 port92;
	struct chardev debugcon;
};

static const struct x86_interrupt_ctl pic_intc = { .ack = i8259_ack };

static struct x86_cpu *kick_cpu;

/* The PIC's INTR pin is the CPU's interrupt request. */
static void cpu_intr(void *opaque, int n, int level)
{
	cpu_set_irq_pending(opaque, level);
}

/* The A20 gate (i8042 output port and port 0x92): with it off, address
 * bit 20 reads as 0, the 8086 wrap-around at 1 MiB. */
static void set_a20(void *opaque, bool on)
{
	struct x86_cpu *cpu = opaque;
	uint32_t mask = on ? ~0u : ~(1u << 20);

	if (cpu->a20_mask != mask) {
		cpu->a20_mask = mask;
		tlb_flush(cpu, true);
	}
}

/* Input @irq of the PIC, for a device's interrupt output. */
static struct irq_line pic_line(struct machine *m, int irq)
{
	return (struct irq_line){ i8259_set_irq, &m->pic, irq };
}

static void machine_kick(void)
{
	if (kick_cpu)
		kick_cpu->pending |= PENDING_EXIT;
}

/* The value of -global DRIVER.PROP=VALUE for @driver and @prop, or NULL. */
static const char *global_prop(const struct vm_config *cfg, const char *driver,
			       const char *prop)
{
	size_t dl = strlen(driver), pl = strlen(prop);
	const char *val = NULL;
	int i;

	for (i = 0; i < cfg->globals.n; i++) {
		const char *g = cfg->globals.v[i];

		if (!strncmp(g, driver, dl) && g[dl] == '.' &&
		    !strncmp(g + dl + 1, prop, pl) && g[dl + 1 + pl] == '=')
			val = g + dl + 2 + pl;	/* the last one wins */
	}
	return val;
}

/* -debugcon DEV (QEMU: an isa-debugcon on port 0xe9, or the port of
 * -global isa-debugcon.iobase=). */
static int add_debugcon(struct machine *m, const struct vm_config *cfg)
{
	const char *base = global_prop(cfg, "isa-debugcon", "iobase");
	uint64_t port = 0xe9;

	if (!cfg->debugcon)
		return 0;
	if (base && (parse_u64(base, &port) || port > 0xffff)) {
		err_report("-global isa-debugcon.iobase=%s: not a port number", base);
		return -1;
	}
	if (chardev_open(&m->debugcon, cfg->debugcon)) {
		err_report("-debugcon %s: cannot open (available: stdio, file:PATH, null)",
			   cfg->debugcon);
		return -1;
	}
	if (isa_debugcon_init((uint16_t)port, &m->debugcon)) {
		err_report("-debugcon %s: port 0x%llx in use", cfg->debugcon,
			   (unsigned long long)port);
		return -1;
	}
	return 0;
}

/* -device DRIVER,...: the devices this machine knows. */
static int add_device(const char *spec)
{
	struct kv_list kv;
	char err[128];
	const char *drv;
	uint64_t iobase = 0x501, iosize = 2;
	int i, ret;

	if (kv_parse(spec, "driver", &kv, err, sizeof(err))) {
		err_report("-device %s: %s", spec, err);
		return -1;
	}
	drv = kv_get(&kv, "driver");
	if (!drv || strcmp(drv, "isa-debug-exit")) {
		err_report("-device %s: unknown device '%s' (available: isa-debug-exit)",
			   spec, drv ? drv : "");
		kv_free(&kv);
		return -1;
	}
	for (i = 0; i < kv.n; i++) {
		const char *k = kv.items[i].key, *v = kv.items[i].val;
		uint64_t *dst = !strcmp(k, "iobase") ? &iobase :
				!strcmp(k, "iosize") ? &iosize : NULL;

		if (!strcmp(k, "driver"))
			continue;
		if (!dst) {
			err_report("-device %s: isa-debug-exit has no property '%s'", spec, k);
			kv_free(&kv);
			return -1;
		}
		if (parse_u64(v, dst) || *dst > 0xffff) {
			err_report("-device %s: invalid %s '%s'", spec, k, v);
			kv_free(&kv);
			return -1;
		}
	}
	kv_free(&kv);
	if (!iosize || iobase + iosize > 0x10000) {
		err_report("-device %s: ports outside 0-0xffff", spec);
		return -1;
	}
	ret = isa_debug_exit_init((uint16_t)iobase, (uint16_t)iosize);
	if (ret) {
		err_report("-device %s: ports 0x%llx-0x%llx already in use", spec,
			   (unsigned long long)iobase,
			   (unsigned long long)(iobase + iosize - 1));
		return -1;
	}
	return 0;
}

static int machine_create(struct machine *m, const struct vm_config *cfg)
{
	int i, n;
	const char *spec;

	m->ram_bytes = cfg->ram_bytes;
	/* without the PC's PCI hole, RAM sits below 4 GiB in one piece */
	if (m->ram_bytes > 0xe0000000ULL) {
		err_report("-m: more than 3.5 GiB needs the PC machine (not built yet)");
		return -1;
	}
	m->ram = mem_alloc(m->ram_bytes);
	if (!m->ram || mem_map_ram(0, m->ram_bytes, m->ram, "ram")) {
		err_report("-m: cannot allocate %llu MiB of guest RAM",
			   (unsigned long long)(m->ram_bytes >> 20));
		return -1;
	}
	m->cpu = aligned_alloc(64, (sizeof(*m->cpu) + 63) & ~(size_t)63);
	if (!m->cpu) {
		err_report("out of memory");
		return -1;
	}
	memset(m->cpu, 0, sizeof(*m->cpu));
	m->cpu->intc = &pic_intc;
	m->cpu->intc_opaque = &m->pic;
	cpu_reset(m->cpu);
	/* the RTC starts at the host's time, in UTC (QEMU's -rtc base=utc) */
	if (i8259_init(&m->pic, (struct irq_line){ cpu_intr, m->cpu, 0 }) ||
	    i8254_init(&m->pit, 0x40, pic_line(m, 0)) ||
	    mc146818_init(&m->rtc, 0x70, pic_line(m, 8), time(NULL)) ||
	    i8042_init(&m->kbc, pic_line(m, 1), pic_line(m, 12), set_a20, m->cpu) ||
	    port92_init(&m->port92, set_a20, m->cpu)) {
		err_report("cannot create the PC's ISA devices: their ports are taken");
		return -1;
	}
	/* serial ports: the -serial options in order; -nographic puts
	 * COM1 on stdio when no -serial says otherwise (as QEMU does) */
	n = cfg->n_serial ? cfg->n_serial : 1;
	for (i = 0; i < n; i++) {
		spec = cfg->n_serial ? cfg->serial[i] : (cfg->nographic ? "stdio" : "null");
		if (chardev_open(&m->chr[i], spec)) {
			err_report("-serial %s: cannot open (available: stdio, file:PATH, null)", spec);
			return -1;
		}
		if (ns16550_init(&m->uart[i], serial_base[i], &m->chr[i],
				 pic_line(m, serial_irq[i]))) {
			err_report("-serial %s: port 0x%x in use", spec, serial_base[i]);
			return -1;
		}
	}
	m->n_uart = n;
	for (i = 0; i < cfg->devices.n; i++)
		if (add_device(cfg->devices.v[i]))
			return -1;
	if (add_debugcon(m, cfg))
		return -1;

	kick_cpu = m->cpu;
	runstate_kick = machine_kick;
	return 0;
}

/* Power-on and reset: the CPU and devices to their reset state, then
 * the kernel loaded again, as QEMU's -kernel boot does on every reset. */
static int machine_reset(struct machine *m, const struct vm_config *cfg,
			 char *err, size_t errlen)
{
	int i;

	cpu_reset(m->cpu);
	i8259_reset(&m->pic);
	i8254_reset(&m->pit);
	mc146818_reset(&m->rtc);
	i8042_reset(&m->kbc);
	port92_reset(&m->port92);
	for (i = 0; i < m->n_uart; i++)
		ns16550_reset(&m->uart[i]);
	tb_flush_all();
	return multiboot_load(m->cpu, m->ram_bytes, cfg->kernel, cfg->append,
			      cfg->initrd, err, errlen);
}

/* The CPU halted: sleep until console input or the next timer. */
static void wait_for_event(struct machine *m)
{
	struct pollfd p[VM_MAX_SERIAL];
	int64_t timeout_ns = clock_next_timeout();
	int i, n = 0, ms;

	for (i = 0; i < m->n_uart; i++) {
		if (m->chr[i].in_fd >= 0) {
			p[n].fd = m->chr[i].in_fd;
			p[n].events = POLLIN;
			n++;
		}
	}
	if (timeout_ns == CLOCK_NEVER)
		ms = 1000;
	else
		ms = (int)((timeout_ns + 999999) / 1000000);
	if (ms > 1000)
		ms = 1000;
	poll(p, (nfds_t)n, ms);
}

int machine_run(const struct vm_config *cfg)
{
	static struct machine m;
	char err[256];
	int status = 0, i, ret;
	const char *backend = NULL;

	if (cfg->accel && strstr(cfg->accel, "backend=x64")) {
		err_report("-accel %s: the x64 backend is not built yet (use backend=interp)",
			   cfg->accel);
		return 1;
	}
	if (cfg->accel && strstr(cfg->accel, "backend=interp"))
		backend = "interp";
	ret = translator_init(backend, CODE_BUF_BYTES);
	if (ret) {
		err_report("cannot start the translator: %s", strerror(-ret));
		return 1;
	}
	if (machine_create(&m, cfg))
		return 1;
	if (!cfg->kernel) {
		err_report("no -kernel given: firmware boot arrives with the PC machine");
		return 1;
	}
	if (machine_reset(&m, cfg, err, sizeof(err))) {
		err_report("%s", err);
		return 1;
	}

	for (;;) {
		enum exec_exit why = cpu_exec(m.cpu, EXEC_BUDGET);

		clock_run_timers();
		for (i = 0; i < m.n_uart; i++)
			chardev_poll_input(&m.chr[i]);
		if (runstate_exit_requested(&status))
			break;
		/* a reset request (keyboard controller, port 0x92) or a
		 * triple fault: a reset, or the end with -no-reboot (QEMU
		 * exits with status 0 then) */
		if (why == EXEC_SHUTDOWN || runstate_take_reset()) {
			if (cfg->no_reboot)
				break;
			if (machine_reset(&m, cfg, err, sizeof(err))) {
				err_report("%s", err);
				status = 1;
				break;
			}
			continue;
		}
		if (why == EXEC_HALT)
			wait_for_event(&m);
	}
	for (i = 0; i < m.n_uart; i++)
		chardev_close(&m.chr[i]);
	return status;
}
