// SPDX-License-Identifier: GPL-2.0-only
/*
 * Machine assembly: the ISA devices, serial ports, debug console, the
 * monitor and the -kernel loaders, around the PC of pc.c; see machine.h.
 * vcpu.c runs it.
 */
#include "machine.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "core/chardev.h"
#include "core/clock.h"
#include "core/event.h"
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
#include "devices/port61.h"
#include "devices/port92.h"
#include "gdbstub.h"
#include "linuxboot.h"
#include "monitor.h"
#include "multiboot.h"
#include "pc.h"
#include "qmp.h"
#include "vcpu.h"
#include "translator/softmmu.h"
#include "translator/tb.h"
#include "translator/translator.h"

#define CODE_BUF_BYTES (32u << 20)

int (*machine_ready_hook)(void);

static const uint16_t serial_base[VM_MAX_SERIAL] = { 0x3f8, 0x2f8, 0x3e8, 0x2e8 };
static const int serial_irq[VM_MAX_SERIAL] = { 4, 3, 4, 3 };

enum kernel_kind { KERNEL_NONE, KERNEL_MULTIBOOT, KERNEL_LINUX };

struct machine {
	const struct vm_config *cfg;
	enum kernel_kind kernel;
	uint64_t ram_bytes;
	struct x86_cpu *cpu;
	struct pc pc;
	struct chardev *chr[VM_MAX_SERIAL];
	struct ns16550 uart[VM_MAX_SERIAL];
	int n_uart;
	struct i8259 pic;
	struct i8254 pit;
	struct mc146818 rtc;
	struct i8042 kbc;
	struct port61 port61;
	struct port92 port92;
	struct chardev *debugcon;
	struct chardev *monitor_chr;	/* -monitor; NULL when on a mux */
	struct monitor *monitor;
	struct chardev *all_chr[VM_MAX_SERIAL + 3];	/* NULL-terminated */
	bool first_boot;
};

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
	char cerr[256];

	if (!cfg->debugcon)
		return 0;
	if (base && (parse_u64(base, &port) || port > 0xffff)) {
		err_report("-global isa-debugcon.iobase=%s: not a port number", base);
		return -1;
	}
	if (chardev_open(cfg->debugcon, "debugcon", &m->debugcon, cerr, sizeof(cerr))) {
		err_report("-debugcon %s: %s", cfg->debugcon, cerr);
		return -1;
	}
	if (isa_debugcon_init((uint16_t)port, m->debugcon)) {
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

/* What -kernel is: a multiboot kernel starts directly in its entry point
 * (ringvm's loader does the firmware's part), a Linux bzImage boots
 * through SeaBIOS and the linuxboot option ROM, as in QEMU. */
static int kernel_kind(const char *path, enum kernel_kind *kind)
{
	FILE *f;

	*kind = KERNEL_NONE;
	if (!path)
		return 0;
	f = fopen(path, "rb");
	if (!f) {
		err_report("-kernel %s: %s", path, strerror(errno));
		return -1;
	}
	fclose(f);
	if (multiboot_probe(path))
		*kind = KERNEL_MULTIBOOT;
	else
		*kind = KERNEL_LINUX;
	return 0;
}

/* The RTC's start time: -rtc base=utc (default), localtime, or a date. */
static time_t rtc_start(const struct vm_config *cfg)
{
	time_t now = time(NULL);
	struct tm tm;

	switch (cfg->rtc_base) {
	case RTC_BASE_LOCALTIME:
		localtime_r(&now, &tm);
		return now + tm.tm_gmtoff;
	case RTC_BASE_DATE:
		return (time_t)cfg->rtc_start;
	default:
		return now;
	}
}

static int open_serial_ports(struct machine *m, const struct vm_config *cfg)
{
	char label[24], cerr[256];
	const char *spec;
	int i, n;

	/* the -serial options in order; -nographic puts COM1 and the
	 * monitor on stdio, with the C-a keys, when no -serial says
	 * otherwise (as QEMU does); -serial none: no port there */
	n = cfg->n_serial ? cfg->n_serial : 1;
	for (i = 0; i < n; i++) {
		spec = cfg->n_serial ? cfg->serial[i] :
		       (cfg->nographic && !cfg->monitor ? "mon:stdio" :
			cfg->nographic ? "stdio" : "null");
		snprintf(label, sizeof(label), "serial%d", i);
		if (chardev_open(spec, label, &m->chr[i], cerr, sizeof(cerr))) {
			err_report("-serial %s: %s", spec, cerr);
			return -1;
		}
		if (!m->chr[i])
			continue;
		if (ns16550_init(&m->uart[i], serial_base[i], m->chr[i],
				 pic_line(m, serial_irq[i]))) {
			err_report("-serial %s: port 0x%x in use", spec, serial_base[i]);
			return -1;
		}
	}
	m->n_uart = n;
	return 0;
}

/* --- the monitor's view of the machine (main thread, lock held) --- */

static void mon_stop(void *opaque) { vcpu_stop(); }
static void mon_cont(void *opaque) { vcpu_cont(); }
static bool mon_running(void *opaque) { return vcpu_running(); }
static void mon_reset(void *opaque) { vcpu_request_reset(); }
static void mon_quit(void *opaque) { vcpu_request_quit(); }

static void mon_powerdown(void *opaque)
{
	struct machine *m = opaque;

	vcpu_event(VCPU_EVENT_POWERDOWN, false, NULL);
	if (m->pc.pci)
		piix4_pm_power_button(&m->pc.pm);
}

/* -monitor DEV, or the monitor on the first multiplexed serial port
 * (-nographic, mon:stdio). */
static int open_monitor(struct machine *m, const struct vm_config *cfg)
{
	struct monitor_machine mm = {
		.stop = mon_stop, .cont = mon_cont, .running = mon_running,
		.system_reset = mon_reset, .system_powerdown = mon_powerdown,
		.quit = mon_quit, .name = cfg->name, .cpu = m->cpu, .pc = &m->pc,
		.kbc = &m->kbc, .chardevs = m->all_chr, .opaque = m,
	};
	struct chardev *chr = NULL;
	char cerr[256];
	int n = 0;

	if (cfg->monitor) {
		if (chardev_open(cfg->monitor, "monitor", &m->monitor_chr, cerr,
				 sizeof(cerr))) {
			err_report("-monitor %s: %s", cfg->monitor, cerr);
			return -1;
		}
		chr = m->monitor_chr;
	} else {
		for (int i = 0; i < m->n_uart && !chr; i++)
			if (m->chr[i] && chardev_is_mux(m->chr[i]))
				chr = m->chr[i];
	}
	/* "info chardev" lists them all */
	for (int i = 0; i < m->n_uart; i++)
		if (m->chr[i])
			m->all_chr[n++] = m->chr[i];
	if (m->debugcon)
		m->all_chr[n++] = m->debugcon;
	if (m->monitor_chr)
		m->all_chr[n++] = m->monitor_chr;
	if (qmp_open(cfg->qmp, &mm))
		return -1;
	gdbstub_init(&mm);
	if (cfg->gdb || cfg->gdb_default) {
		const char *spec = cfg->gdb ? cfg->gdb : "tcp::1234";

		if (gdbserver_start(spec, cerr, sizeof(cerr))) {
			err_report("-gdb %s: %s", spec, cerr);
			return -1;
		}
	}
	if (!chr)
		return 0;
	m->monitor = monitor_new(chr, &mm);
	if (!m->monitor) {
		err_report("-monitor: cannot attach the monitor to %s",
			   chardev_filename(chr));
		return -1;
	}
	return 0;
}

static int machine_create(struct machine *m, const struct vm_config *cfg)
{
	int i;

	m->cfg = cfg;
	m->first_boot = true;
	m->ram_bytes = cfg->ram_bytes;
	if (kernel_kind(cfg->kernel, &m->kernel))
		return -1;
	if (cfg->initrd && !cfg->kernel) {
		err_report("-initrd %s: only with -kernel", cfg->initrd);
		return -1;
	}
	m->cpu = aligned_alloc(64, (sizeof(*m->cpu) + 63) & ~(size_t)63);
	if (!m->cpu) {
		err_report("out of memory");
		return -1;
	}
	memset(m->cpu, 0, sizeof(*m->cpu));
	m->cpu->cpuid = cfg->cpu;
	cpu_reset(m->cpu);
	if (i8259_init(&m->pic, (struct irq_line){ cpu_intr, m->cpu, 0 }) ||
	    i8254_init(&m->pit, 0x40, pic_line(m, 0)) ||
	    mc146818_init(&m->rtc, 0x70, pic_line(m, 8), rtc_start(cfg)) ||
	    i8042_init(&m->kbc, pic_line(m, 1), pic_line(m, 12), set_a20, m->cpu) ||
	    port61_init(&m->port61, &m->pit) ||
	    port92_init(&m->port92, set_a20, m->cpu)) {
		err_report("cannot create the PC's ISA devices: their ports are taken");
		return -1;
	}
	if (pc_init(&m->pc, cfg, m->cpu, &m->pic, &m->rtc,
		    m->kernel != KERNEL_MULTIBOOT))
		return -1;
	if (m->kernel == KERNEL_LINUX &&
	    linuxboot_load(&m->pc.fw_cfg, cfg->kernel, cfg->initrd, cfg->append,
			   m->pc.below_4g))
		return -1;
	if (open_serial_ports(m, cfg))
		return -1;
	for (i = 0; i < cfg->devices.n; i++)
		if (add_device(cfg->devices.v[i]))
			return -1;
	if (add_debugcon(m, cfg))
		return -1;
	return open_monitor(m, cfg);
}

/* Power-on and reset: the CPU and devices to their reset state, then a
 * multiboot kernel loaded again, as QEMU's -kernel boot does on every
 * reset.  Runs with the big lock held. */
static int machine_reset(void *opaque)
{
	struct machine *m = opaque;
	const struct vm_config *cfg = m->cfg;
	char err[256];
	int i;

	cpu_reset(m->cpu);
	pc_reset(&m->pc);
	i8259_reset(&m->pic);
	i8254_reset(&m->pit);
	mc146818_reset(&m->rtc);
	i8042_reset(&m->kbc);
	port61_reset(&m->port61);
	port92_reset(&m->port92);
	for (i = 0; i < m->n_uart; i++)
		if (m->chr[i])
			ns16550_reset(&m->uart[i]);
	/* -boot once=: the first boot only, then the order again */
	if (cfg->boot_once[0])
		cmos_set_boot_order(&m->rtc, m->first_boot ? cfg->boot_once :
				    cfg->boot_order[0] ? cfg->boot_order : "cad");
	m->first_boot = false;
	tb_flush_all();
	if (m->kernel == KERNEL_MULTIBOOT &&
	    multiboot_load(m->cpu, m->ram_bytes, cfg->kernel, cfg->append,
			   cfg->initrd, err, sizeof(err))) {
		err_report("%s", err);
		return -1;
	}
	return 0;
}

int machine_run(const struct vm_config *cfg)
{
	static struct machine m;
	struct vcpu_machine vm;
	const char *backend = NULL;
	int status, i, ret;

	if (cfg->accel && strstr(cfg->accel, "backend=x64"))
		backend = "x64";
	if (cfg->accel && strstr(cfg->accel, "backend=interp"))
		backend = "interp";
	ret = translator_init(backend, CODE_BUF_BYTES);
	if (ret == -EINVAL) {
		err_report("-accel %s: the %s backend is not built for this host (use backend=interp)",
			   cfg->accel, backend);
		return 1;
	}
	if (ret) {
		err_report("cannot start the translator: %s", strerror(-ret));
		return 1;
	}
	if (machine_create(&m, cfg) || machine_reset(&m))
		return 1;
	if (machine_ready_hook && machine_ready_hook())
		return 1;
	vm = (struct vcpu_machine){
		.cpu = m.cpu, .reset = machine_reset, .opaque = &m,
		.no_reboot = cfg->no_reboot, .no_shutdown = cfg->no_shutdown,
	};
	status = vcpu_run(&vm, cfg->start_stopped);
	gdbstub_machine_exited(status);
	gdbserver_stop();
	qmp_close();
	monitor_free(m.monitor);
	chardev_close(m.monitor_chr);
	for (i = 0; i < m.n_uart; i++)
		chardev_close(m.chr[i]);
	chardev_close(m.debugcon);
	return status;
}
