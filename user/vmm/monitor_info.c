// SPDX-License-Identifier: GPL-2.0-only
/*
 * The monitor's "info" subcommands, with QEMU's names and output shapes.
 * Where ringvm has no such subsystem yet, the subcommand says so in one
 * sentence instead of printing nothing.
 */
#include "monitor_int.h"

#include <inttypes.h>
#include <string.h>

#include "block/block.h"
#include "core/mem.h"
#include "devices/i8259.h"
#include "devices/ide.h"
#include "pc.h"
#include "translator/cpu.h"
#include "translator/tb.h"
#include "vcpu.h"

static void info_version(struct monitor *mon)
{
	monitor_printf(mon, "%s\n", RINGVM_VERSION);
}

static void info_status(struct monitor *mon)
{
	monitor_printf(mon, "VM status: %s\n",
		       mon->m.running(mon->m.opaque) ? "running" : "paused");
}

static void info_name(struct monitor *mon)
{
	if (mon->m.name)
		monitor_printf(mon, "%s\n", mon->m.name);
}

/* QEMU's x86 register dump (target/i386 cpu_dump_state), i386 layout. */
static void info_registers(struct monitor *mon)
{
	struct x86_cpu *c = mon->m.cpu;
	static const char *const sn[6] = { "ES", "CS", "SS", "DS", "FS", "GS" };
	uint32_t efl = cpu_get_eflags(c);
	static const struct { uint32_t bit; char ch; } fl[] = {
		{ 1u << 10, 'D' }, { 1u << 11, 'O' }, { 1u << 7, 'S' },
		{ 1u << 6, 'Z' }, { 1u << 4, 'A' }, { 1u << 2, 'P' },
		{ 1u << 0, 'C' },
	};
	char flags[8];

	for (int i = 0; i < 7; i++)
		flags[i] = efl & fl[i].bit ? fl[i].ch : '-';
	flags[7] = 0;
	monitor_printf(mon, "EAX=%08x EBX=%08x ECX=%08x EDX=%08x\n",
		       c->regs[R_EAX], c->regs[R_EBX], c->regs[R_ECX], c->regs[R_EDX]);
	monitor_printf(mon, "ESI=%08x EDI=%08x EBP=%08x ESP=%08x\n",
		       c->regs[R_ESI], c->regs[R_EDI], c->regs[R_EBP], c->regs[R_ESP]);
	monitor_printf(mon, "EIP=%08x EFL=%08x [%s] CPL=%u II=%d A20=%d SMM=%d HLT=%d\n",
		       c->eip, efl, flags, cpu_cpl(c),
		       (c->hflags & HF_INHIBIT_IRQ) != 0,
		       (c->a20_mask >> 20) & 1, c->in_smm, c->halted);
	for (int i = 0; i < 6; i++)
		monitor_printf(mon, "%s =%04x %08x %08x %08x\n", sn[i],
			       c->seg[i].sel, c->seg[i].base, c->seg[i].limit,
			       c->seg[i].flags << 8);
	monitor_printf(mon, "LDT=%04x %08x %08x %08x\n", c->ldt.sel, c->ldt.base,
		       c->ldt.limit, c->ldt.flags << 8);
	monitor_printf(mon, "TR =%04x %08x %08x %08x\n", c->tr.sel, c->tr.base,
		       c->tr.limit, c->tr.flags << 8);
	monitor_printf(mon, "GDT=     %08x %08x\nIDT=     %08x %08x\n",
		       c->gdt.base, c->gdt.limit, c->idt.base, c->idt.limit);
	monitor_printf(mon, "CR0=%08x CR2=%08x CR3=%08x CR4=%08x\n",
		       c->cr[0], c->cr[2], c->cr[3], c->cr[4]);
	monitor_printf(mon, "DR0=%08x DR1=%08x DR2=%08x DR3=%08x\n",
		       c->dr[0], c->dr[1], c->dr[2], c->dr[3]);
	monitor_printf(mon, "DR6=%08x DR7=%08x\n", c->dr[6], c->dr[7]);
	monitor_printf(mon, "EFER=%016" PRIx64 "\n", c->efer);
	monitor_printf(mon, "FCW=%04x FSW=%04x [ST=%d] FTW=%02x MXCSR=%08x\n",
		       c->fcw, (unsigned)(c->fsw | (c->ftop & 7) << 11), c->ftop & 7,
		       (unsigned)(~c->fempty & 0xff), c->mxcsr);
}

static void info_cpus(struct monitor *mon)
{
	monitor_printf(mon, "* CPU #0: thread_id=%d\n", vcpu_thread_id());
}

static void info_pci(struct monitor *mon)
{
	struct pc *pc = mon->m.pc;

	if (!pc || !pc->pci) {
		monitor_printf(mon, "PCI is not available on this machine (isapc)\n");
		return;
	}
	for (int devfn = 0; devfn < 256; devfn++) {
		struct pci_device *d = pci_find_device(pc->pci, devfn);

		if (!d)
			continue;
		monitor_printf(mon, "  Bus  0, device %3d, function %d:\n",
			       PCI_SLOT(devfn), PCI_FUNC(devfn));
		monitor_printf(mon, "    class %04x: PCI device %04x:%04x (%s)\n",
			       pci_config_read(pc->pci, devfn, PCI_CLASS_DEVICE, 2),
			       pci_config_read(pc->pci, devfn, PCI_VENDOR_ID, 2),
			       pci_config_read(pc->pci, devfn, PCI_DEVICE_ID, 2),
			       d->name);
		for (int n = 0; n <= PCI_ROM_SLOT; n++) {
			const struct pci_bar *b = &d->bar[n];

			if (b->kind == PCI_BAR_UNUSED || !b->mapped)
				continue;
			monitor_printf(mon, "      %s %d: %s at 0x%x [0x%x].\n",
				       n == PCI_ROM_SLOT ? "ROM" : "BAR",
				       n == PCI_ROM_SLOT ? 0 : n,
				       b->kind == PCI_BAR_IO ? "I/O" : "memory",
				       b->addr, b->addr + b->size - 1);
		}
	}
}

/* The guest-physical map, one line per region, as QEMU's flat view. */
static void info_mtree(struct monitor *mon)
{
	static const char *const kind[] = { "ram", "rom", "i/o" };
	uint64_t gpa = 0, end = (1ull << 32) + (mon->m.pc ? mon->m.pc->ram_bytes : 0);

	monitor_printf(mon, "address-space: memory\n");
	while (gpa < end) {
		const struct mem_region *r = mem_lookup(gpa);

		if (!r) {
			gpa = (gpa | 0xfff) + 1;
			continue;
		}
		monitor_printf(mon, "  %016" PRIx64 "-%016" PRIx64 " (prio 0, %s): %s\n",
			       r->gpa, r->gpa + r->size - 1, kind[r->kind],
			       r->name ? r->name : "");
		gpa = r->gpa + r->size;
	}
}

static void pic_chip(struct monitor *mon, int n, const struct i8259_chip *c)
{
	monitor_printf(mon, "pic%d: irr=%02x imr=%02x isr=%02x hprio=%d irq_base=%02x "
		       "rr_sel=%d elcr=%02x fnm=%d\n", n, c->irr, c->imr, c->isr,
		       (c->lowest + 1) & 7, c->base, c->read_isr, c->elcr, c->sfnm);
}

static void info_pic(struct monitor *mon)
{
	struct i8259 *pic = mon->m.pc ? mon->m.pc->pic : NULL;

	if (!pic) {
		monitor_printf(mon, "this machine has no PIC\n");
		return;
	}
	pic_chip(mon, 0, &pic->chip[0]);
	pic_chip(mon, 1, &pic->chip[1]);
}

static void info_irq(struct monitor *mon)
{
	struct i8259 *pic = mon->m.pc ? mon->m.pc->pic : NULL;

	if (!pic) {
		monitor_printf(mon, "this machine has no PIC\n");
		return;
	}
	/* ringvm counts no interrupts; the line levels are what there is */
	monitor_printf(mon, "IRQ statistics are not collected; input levels of isa-i8259:\n");
	for (int i = 0; i < 16; i++)
		monitor_printf(mon, "%2d: %d\n", i,
			       (pic->chip[i / 8].last_level >> (i % 8)) & 1);
}

/* --- the page tables: info tlb and info mem --- */

struct walk_fn {
	void (*page)(struct monitor *mon, void *st, uint32_t lin, uint64_t gpa,
		     uint64_t size, uint64_t pte);
	void *st;
};

static uint64_t pld(struct monitor *mon, uint64_t gpa, unsigned size)
{
	return mem_read(gpa, size);
}

/* Every present mapping of the 32-bit or PAE tables (SDM Vol. 3A §4.3,
 * §4.4), with the effective U/S and R/W of all levels in the PTE bits. */
static void walk(struct monitor *mon, const struct walk_fn *fn)
{
	struct x86_cpu *c = mon->m.cpu;

	if (c->cr[4] & CR4_PAE) {
		for (uint32_t i = 0; i < 4; i++) {
			uint64_t pdpte = pld(mon, (c->cr[3] & ~0x1fu) + i * 8, 8);

			if (!(pdpte & 1))
				continue;
			for (uint32_t j = 0; j < 512; j++) {
				uint64_t pde = pld(mon, (pdpte & 0xffffffffff000ull) + j * 8, 8);
				uint32_t lin = i << 30 | j << 21;

				if (!(pde & 1))
					continue;
				if (pde & 0x80) {
					fn->page(mon, fn->st, lin, pde & 0xfffffffe00000ull,
						 2u << 20, pde);
					continue;
				}
				for (uint32_t k = 0; k < 512; k++) {
					uint64_t pte = pld(mon, (pde & 0xffffffffff000ull) + k * 8, 8);

					if (pte & 1)
						fn->page(mon, fn->st, lin | k << 12,
							 pte & 0xffffffffff000ull, 4096,
							 pte & (pde | ~6ull));
				}
			}
		}
		return;
	}
	for (uint32_t i = 0; i < 1024; i++) {
		uint64_t pde = pld(mon, (c->cr[3] & ~0xfffu) + i * 4, 4);

		if (!(pde & 1))
			continue;
		if ((pde & 0x80) && (c->cr[4] & CR4_PSE)) {
			fn->page(mon, fn->st, i << 22, pde & 0xffc00000u, 4u << 20, pde);
			continue;
		}
		for (uint32_t k = 0; k < 1024; k++) {
			uint64_t pte = pld(mon, (pde & ~0xfffu) + k * 4, 4);

			if (pte & 1)
				fn->page(mon, fn->st, i << 22 | k << 12, pte & ~0xfffu,
					 4096, pte & (pde | ~6ull));
		}
	}
}

static void tlb_page(struct monitor *mon, void *st, uint32_t lin, uint64_t gpa,
		     uint64_t size, uint64_t pte)
{
	/* QEMU: "virt: phys XGPDACTUW" with '-' for clear bits */
	monitor_printf(mon, "%08x: %08" PRIx64 " %c%c%c%c%c%c%c%c%c\n", lin, gpa,
		       pte & (1ull << 63) ? 'X' : '-', pte & 0x100 ? 'G' : '-',
		       size > 4096 ? 'P' : '-', pte & 0x40 ? 'D' : '-',
		       pte & 0x20 ? 'A' : '-', pte & 0x10 ? 'C' : '-',
		       pte & 0x08 ? 'T' : '-', pte & 0x04 ? 'U' : '-',
		       pte & 0x02 ? 'W' : '-');
}

static bool paging_on(struct monitor *mon)
{
	if (!(mon->m.cpu->cr[0] & CR0_PG)) {
		monitor_printf(mon, "PG disabled\n");
		return false;
	}
	return true;
}

static void info_tlb(struct monitor *mon)
{
	struct walk_fn fn = { tlb_page, NULL };

	if (paging_on(mon))
		walk(mon, &fn);
}

/* info mem merges neighbouring pages with the same U/R/W into ranges. */
struct mem_range {
	bool open;
	uint32_t start, end;
	unsigned prot;
};

static void range_flush(struct monitor *mon, struct mem_range *r)
{
	if (!r->open)
		return;
	monitor_printf(mon, "%08x-%08x %08x %c%c%c\n", r->start, r->end,
		       r->end - r->start, r->prot & 4 ? 'u' : '-', 'r',
		       r->prot & 2 ? 'w' : '-');
	r->open = false;
}

static void mem_page(struct monitor *mon, void *st, uint32_t lin, uint64_t gpa,
		     uint64_t size, uint64_t pte)
{
	struct mem_range *r = st;
	unsigned prot = (unsigned)(pte & 6);

	if (r->open && r->end == lin && r->prot == prot) {
		r->end = lin + (uint32_t)size;
		return;
	}
	range_flush(mon, r);
	*r = (struct mem_range){ true, lin, lin + (uint32_t)size, prot };
}

static void info_mem(struct monitor *mon)
{
	struct mem_range r = { 0 };
	struct walk_fn fn = { mem_page, &r };

	if (!paging_on(mon))
		return;
	walk(mon, &fn);
	range_flush(mon, &r);
}

static void info_jit(struct monitor *mon)
{
	monitor_printf(mon, "Translation buffer state:\n");
	monitor_printf(mon, "gen code size       %zu\n", code_buf_used());
	monitor_printf(mon, "TB count            %" PRIu64 "\n", tb_stats.translated);
	monitor_printf(mon, "TB invalidate count %" PRIu64 "\n", tb_stats.invalidated);
	monitor_printf(mon, "TB flush count      %" PRIu64 "\n", tb_stats.flushes);
}

/* QEMU's layout: "ide1-cd0: file.iso (raw, read-only)", then details. */
static void info_block(struct monitor *mon)
{
	struct monitor_drive d;

	for (int i = 0; i < MONITOR_N_DRIVES; i++) {
		struct block_dev *bs;

		if (!monitor_drive(mon, i, &d))
			continue;
		bs = *d.slot;
		if (bs)
			monitor_printf(mon, "%s: %s (%s%s)\n", d.name, bs->filename,
				       bs->drv->name, bs->read_only ? ", read-only" : "");
		else
			monitor_printf(mon, "%s: [not inserted]\n", d.name);
		if (bs && bs->backing)
			monitor_printf(mon, "    Backing file:     %s\n",
				       bs->backing->filename);
		if (d.cd)
			monitor_printf(mon, "    Removable device: %slocked, tray %s\n",
				       d.ide->locked ? "" : "not ",
				       d.ide->tray_open ? "open" : "closed");
		else if (d.is_floppy)
			monitor_printf(mon, "    Removable device: not locked, tray closed\n");
		monitor_printf(mon, "\n");
	}
}

static void info_blockstats(struct monitor *mon)
{
	struct monitor_drive d;

	monitor_printf(mon, "block I/O statistics are not collected: the block "
		       "layer keeps no counters yet\n");
	for (int i = 0; i < MONITOR_N_DRIVES; i++)
		if (monitor_drive(mon, i, &d))
			monitor_printf(mon, "%s: (no statistics)\n", d.name);
}

static void info_chardev(struct monitor *mon)
{
	if (mon->chr)
		monitor_printf(mon, "%s: filename=%s\n", chardev_label(mon->chr),
			       chardev_filename(mon->chr));
	for (struct chardev *const *c = mon->m.chardevs; c && *c; c++)
		if (*c != mon->chr)
			monitor_printf(mon, "%s: filename=%s\n", chardev_label(*c),
				       chardev_filename(*c));
}

static void info_history(struct monitor *mon)
{
	monitor_show_history(mon);
}

static void info_accel(struct monitor *mon)
{
	monitor_printf(mon, "kernel accelerator: not available, the translator "
		       "runs everything\n");
}

static void info_profile(struct monitor *mon)
{
	monitor_printf(mon, "profiling is not built: ringvm keeps no execution "
		       "profile (see info jit for the translator's counters)\n");
}

static const struct {
	const char *name;
	const char *help;
	void (*show)(struct monitor *mon);
} info_cmds[] = {
	{ "accel", "is the kernel accelerator in use", info_accel },
	{ "block", "the drives and their media", info_block },
	{ "blockstats", "I/O counts of the drives", info_blockstats },
	{ "chardev", "the character devices", info_chardev },
	{ "cpus", "the virtual CPUs", info_cpus },
	{ "history", "the lines typed so far", info_history },
	{ "irq", "interrupt lines", info_irq },
	{ "jit", "the translator's code cache", info_jit },
	{ "mem", "mapped linear ranges and their rights", info_mem },
	{ "mtree", "the guest-physical memory map", info_mtree },
	{ "name", "show the current VM name", info_name },
	{ "pci", "show PCI info", info_pci },
	{ "pic", "the 8259 interrupt controllers", info_pic },
	{ "profile", "execution profile", info_profile },
	{ "registers", "show the cpu registers", info_registers },
	{ "status", "show the current VM status (running|paused)", info_status },
	{ "tlb", "page table mappings, page by page", info_tlb },
	{ "version", "show the version of ringvm", info_version },
};

#define N_INFO (sizeof(info_cmds) / sizeof(info_cmds[0]))

void monitor_cmd_info(struct monitor *mon, const char *args)
{
	size_t i;

	for (i = 0; i < N_INFO; i++) {
		if (*args && !strcmp(args, info_cmds[i].name)) {
			info_cmds[i].show(mon);
			return;
		}
	}
	if (*args)
		monitor_printf(mon, "unknown info subcommand '%s'\n", args);
	for (i = 0; i < N_INFO; i++)
		monitor_printf(mon, "info %-10s -- %s\n", info_cmds[i].name,
			       info_cmds[i].help);
}
