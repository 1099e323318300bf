// SPDX-License-Identifier: GPL-2.0-only
/*
 * The PC chipset through the ports firmware uses: PCI configuration
 * mechanism #1, BAR sizing and mapping, the i440FX PAM shadowing and
 * SMRAM window, PIIX3 PIRQ routing and reset control, PIIX4 power
 * management (PM timer, SCI, soft-off, APM SMI).
 */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "core/clock.h"
#include "core/io.h"
#include "core/mem.h"
#include "core/runstate.h"
#include "devices/i440fx.h"
#include "devices/pci.h"
#include "devices/piix3.h"
#include "devices/piix4_pm.h"

#define RAM_SIZE (2u << 20)
#define BIOS_SIZE (128u << 10)

static struct pci_bus *bus;
static struct i440fx host;
static struct piix3 isa;
static struct piix4_pm pm;
static uint8_t *ram, *bios;
static int isa_irq[16];
static int smi_count;

static void set_isa_irq(void *opaque, int irq, int level)
{
	isa_irq[irq] = level;
}

static void raise_smi(void *opaque)
{
	smi_count++;
}

static uint32_t cfg_addr(int devfn, int reg)
{
	return 0x80000000u | (uint32_t)devfn << 8 | (reg & 0xfc);
}

static uint32_t cfg_read(int devfn, int reg, unsigned size)
{
	io_port_write(0xcf8, cfg_addr(devfn, reg), 4);
	return io_port_read(0xcfc + (reg & 3), size);
}

static void cfg_write(int devfn, int reg, uint32_t val, unsigned size)
{
	io_port_write(0xcf8, cfg_addr(devfn, reg), 4);
	io_port_write(0xcfc + (reg & 3), val, size);
}

static int setup(void **state)
{
	io_reset_all();
	mem_reset_all();
	clock_set_manual(true);
	memset(isa_irq, 0, sizeof(isa_irq));
	smi_count = 0;
	ram = mem_alloc(RAM_SIZE);
	bios = mem_alloc(BIOS_SIZE);
	for (unsigned i = 0; i < BIOS_SIZE; i++)
		bios[i] = (uint8_t)(i * 7 + 1);
	mem_map_ram(0, 0xa0000, ram, "ram-low");
	mem_map_ram(0x100000, RAM_SIZE - 0x100000, ram + 0x100000, "ram");
	bus = pci_bus_new();
	assert_non_null(bus);
	assert_int_equal(pci_bus_map_ports(bus, &piix3_rcr_ops, &isa), 0);
	assert_int_equal(i440fx_init(&host, bus, ram, bios, BIOS_SIZE), 0);
	assert_int_equal(piix3_init(&isa, bus, set_isa_irq, NULL), 0);
	assert_int_equal(piix4_pm_init(&pm, bus, (struct irq_line){ set_isa_irq, NULL, 9 },
				       raise_smi, NULL), 0);
	pci_bus_reset(bus);
	i440fx_reset(&host);
	piix3_reset(&isa);
	piix4_pm_reset(&pm);
	return 0;
}

static int teardown(void **state)
{
	pci_bus_free(bus);
	mem_reset_all();
	io_reset_all();
	mem_free(ram, RAM_SIZE);
	mem_free(bios, BIOS_SIZE);
	return 0;
}

static void identity_through_mechanism_1(void **state)
{
	/* the address register reads back with bits 1:0 clear */
	io_port_write(0xcf8, 0x80000003u, 4);
	assert_int_equal(io_port_read(0xcf8, 4), 0x80000000u);
	assert_int_equal(cfg_read(0, 0, 4), 0x12378086u);
	/* QEMU's subsystem on the host bridge (SeaBIOS's qemu_detect) */
	assert_int_equal(cfg_read(0, 0x2c, 4), 0x11001af4u);
	assert_int_equal(cfg_read(PCI_DEVFN(1, 0), 0, 4), 0x70008086u);
	assert_int_equal(cfg_read(PCI_DEVFN(1, 0), 0x0e, 1), 0x80);
	assert_int_equal(cfg_read(PCI_DEVFN(1, 3), 0, 4), 0x71138086u);
	assert_int_equal(cfg_read(PCI_DEVFN(1, 3), 0x0a, 2), 0x0680);
	/* byte and word reads at an offset within the dword */
	assert_int_equal(cfg_read(0, 2, 2), 0x1237);
	assert_int_equal(cfg_read(0, 1, 1), 0x80);
	/* an empty slot and a disabled address read all ones */
	assert_int_equal(cfg_read(PCI_DEVFN(5, 0), 0, 4), 0xffffffffu);
	io_port_write(0xcf8, 0, 4);
	assert_int_equal(io_port_read(0xcfc, 4), 0xffffffffu);
	/* read-only identity ignores writes */
	cfg_write(0, 0, 0xdeadbeef, 4);
	assert_int_equal(cfg_read(0, 0, 4), 0x12378086u);
}

static uint64_t test_bar_read(void *dev, uint64_t off, unsigned size)
{
	return 0x1000 + off;
}

static void test_bar_write(void *dev, uint64_t off, uint64_t val, unsigned size)
{
	*(uint64_t *)dev = off << 32 | val;
}

static const struct io_ops test_bar_ops = { test_bar_read, test_bar_write, 0 };

static void bar_sizing_and_mapping(void **state)
{
	static struct pci_device d;
	uint64_t last = 0;
	static const uint8_t rom[3000] = { 0x55, 0xaa };

	d.name = "test";
	pci_config_init(&d, 0x1234, 0x5678, 1, 0x020000, 0);
	pci_declare_bar(&d, 0, PCI_BAR_IO, 32, &test_bar_ops, &last, NULL);
	pci_declare_bar(&d, 1, PCI_BAR_MMIO, 4096, &test_bar_ops, &last, NULL);
	assert_int_equal(pci_declare_rom(&d, rom, sizeof(rom)), 0);
	assert_int_equal(pci_register_device(bus, &d, PCI_DEVFN(3, 0)), 0);
	assert_int_equal(pci_register_device(bus, &d, PCI_DEVFN(3, 0)), -EBUSY);

	/* sizing: write all ones, read back the size mask and type bits */
	cfg_write(PCI_DEVFN(3, 0), 0x10, 0xffffffffu, 4);
	assert_int_equal(cfg_read(PCI_DEVFN(3, 0), 0x10, 4), 0xffffffe1u);
	cfg_write(PCI_DEVFN(3, 0), 0x14, 0xffffffffu, 4);
	assert_int_equal(cfg_read(PCI_DEVFN(3, 0), 0x14, 4), 0xfffff000u);
	cfg_write(PCI_DEVFN(3, 0), 0x30, 0xffffffffu, 4);
	assert_int_equal(cfg_read(PCI_DEVFN(3, 0), 0x30, 4), 0xfffff001u);

	/* assigned but not decoded until the command register says so */
	cfg_write(PCI_DEVFN(3, 0), 0x10, 0xc000, 4);
	cfg_write(PCI_DEVFN(3, 0), 0x14, 0x80000000u, 4);
	cfg_write(PCI_DEVFN(3, 0), 0x30, 0x80010001u, 4);
	assert_int_equal(io_port_read(0xc004, 1), 0xff);
	assert_int_equal(mem_read(0x80000000u, 1), 0xff);
	cfg_write(PCI_DEVFN(3, 0), 0x04, PCI_COMMAND_IO | PCI_COMMAND_MEMORY, 2);
	assert_int_equal(io_port_read(0xc004, 1), 0x1004 & 0xff);
	assert_int_equal(mem_read(0x80000010u, 2), 0x1010);
	io_port_write(0xc01f, 0x5a, 1);
	assert_int_equal(last, (0x1full << 32) | 0x5a);
	/* the ROM: its bytes, read-only */
	assert_int_equal(mem_read(0x80010000u, 2), 0xaa55);
	mem_write(0x80010000u, 0, 2);
	assert_int_equal(mem_read(0x80010000u, 2), 0xaa55);

	/* moving a BAR moves the decoder */
	cfg_write(PCI_DEVFN(3, 0), 0x10, 0xd000, 4);
	assert_int_equal(io_port_read(0xc004, 1), 0xff);
	assert_int_equal(io_port_read(0xd004, 1), 0x04);
	/* disabling memory decode unmaps MMIO and ROM */
	cfg_write(PCI_DEVFN(3, 0), 0x04, PCI_COMMAND_IO, 2);
	assert_int_equal(mem_read(0x80000010u, 2), 0xffff);
	assert_int_equal(mem_read(0x80010000u, 2), 0xffff);
	/* a BAR over RAM is refused, RAM stays RAM */
	ram[0x1000] = 0x42;
	cfg_write(PCI_DEVFN(3, 0), 0x14, 0x1000, 4);
	cfg_write(PCI_DEVFN(3, 0), 0x04, PCI_COMMAND_IO | PCI_COMMAND_MEMORY, 2);
	assert_int_equal(mem_read(0x1000, 1), 0x42);

	/* status error bits are write-one-to-clear */
	d.config[PCI_STATUS + 1] = 0x20;
	cfg_write(PCI_DEVFN(3, 0), 0x06, 0x2000, 2);
	assert_int_equal(cfg_read(PCI_DEVFN(3, 0), 0x06, 2), 0);
}

static void pam_routes_bios_area(void **state)
{
	/* power-on: 0xF0000 and 0xE0000 read the BIOS (its last 128 KiB) */
	assert_int_equal(mem_read(0xffff0, 1), bios[BIOS_SIZE - 0x10]);
	assert_int_equal(mem_read(0xe0000, 1), bios[0]);
	/* writes go to the PCI side and are lost */
	mem_write(0xf0000, 0xab, 1);
	assert_int_equal(mem_read(0xf0000, 1), bios[0x10000]);

	/* PAM0 = 0x30: read+write DRAM for 0xF0000 (SeaBIOS's shadow copy) */
	cfg_write(0, 0x59, 0x30, 1);
	ram[0xf0000] = 0;
	mem_write(0xf0000, 0xab, 1);
	assert_int_equal(ram[0xf0000], 0xab);
	assert_int_equal(mem_read(0xf0000, 1), 0xab);
	/* 0x10: read DRAM, writes dropped (SeaBIOS's final state) */
	cfg_write(0, 0x59, 0x10, 1);
	mem_write(0xf0000, 0xcd, 1);
	assert_int_equal(mem_read(0xf0000, 1), 0xab);
	/* 0x20: write DRAM, read the ROM */
	cfg_write(0, 0x59, 0x20, 1);
	mem_write(0xf0001, 0xef, 1);
	assert_int_equal(ram[0xf0001], 0xef);
	assert_int_equal(mem_read(0xf0001, 1), bios[0x10001]);
	/* the low nibble of PAM0 is reserved */
	cfg_write(0, 0x59, 0x3f, 1);
	assert_int_equal(cfg_read(0, 0x59, 1), 0x30);
	/* PAM1 low nibble: 0xC0000-0xC3FFF only */
	cfg_write(0, 0x5a, 0x03, 1);
	mem_write(0xc0000, 0x11, 1);
	mem_write(0xc4000, 0x22, 1);
	assert_int_equal(mem_read(0xc0000, 1), 0x11);
	assert_int_equal(mem_read(0xc4000, 1), 0xff);	/* nothing decodes it */
	/* reset brings the ROM back */
	pci_bus_reset(bus);
	i440fx_reset(&host);
	assert_int_equal(mem_read(0xf0000, 1), bios[0x10000]);
}

static void smram_window(void **state)
{
	ram[0xa0000] = 0x5a;
	/* closed: nothing (the VGA would be) at 0xA0000 */
	assert_int_equal(mem_read(0xa0000, 1), 0xff);
	/* D_OPEN with G_SMRAME: visible to everyone */
	cfg_write(0, 0x72, 0x4a, 1);
	assert_int_equal(mem_read(0xa0000, 1), 0x5a);
	/* enabled but closed: only while the CPU is in SMM */
	cfg_write(0, 0x72, 0x0a, 1);
	assert_int_equal(mem_read(0xa0000, 1), 0xff);
	i440fx_set_smm(&host, true);
	assert_int_equal(mem_read(0xa0000, 1), 0x5a);
	i440fx_set_smm(&host, false);
	assert_int_equal(mem_read(0xa0000, 1), 0xff);
	/* D_LCK: D_OPEN can no longer be set */
	cfg_write(0, 0x72, 0x1a, 1);
	cfg_write(0, 0x72, 0x4a, 1);
	assert_int_equal(cfg_read(0, 0x72, 1) & 0x40, 0);
	assert_int_equal(mem_read(0xa0000, 1), 0xff);
}

static void pirq_routing(void **state)
{
	static struct pci_device d;

	d.name = "nic";
	pci_config_init(&d, 0x10ec, 0x8029, 0, 0x020000, 0);
	pci_set_interrupt_pin(&d, 1);
	assert_int_equal(pci_register_device(bus, &d, PCI_DEVFN(3, 0)), 0);
	/* slot 3 INTA swizzles to PIRQD (3 + 1 - 1) mod 4 = 3 */
	pci_set_irq(&d, 1);
	assert_int_equal(isa_irq[11], 0);	/* routing disabled at reset */
	cfg_write(PCI_DEVFN(1, 0), 0x63, 11, 1);
	assert_int_equal(isa_irq[11], 1);
	assert_int_equal(cfg_read(PCI_DEVFN(3, 0), 0x06, 2) & PCI_STATUS_INTERRUPT,
			 PCI_STATUS_INTERRUPT);
	/* re-routing moves the level */
	cfg_write(PCI_DEVFN(1, 0), 0x63, 10, 1);
	assert_int_equal(isa_irq[11], 0);
	assert_int_equal(isa_irq[10], 1);
	/* INTx disable in the command register hides it */
	cfg_write(PCI_DEVFN(3, 0), 0x04, PCI_COMMAND_INTX_DISABLE, 2);
	assert_int_equal(isa_irq[10], 0);
	cfg_write(PCI_DEVFN(3, 0), 0x04, 0, 2);
	assert_int_equal(isa_irq[10], 1);
	pci_set_irq(&d, 0);
	assert_int_equal(isa_irq[10], 0);
	/* a reserved IRQ number disconnects */
	cfg_write(PCI_DEVFN(1, 0), 0x63, 2, 1);
	pci_set_irq(&d, 1);
	assert_int_equal(isa_irq[2], 0);
}

static void reset_control_register(void **state)
{
	int status;

	(void)runstate_take_reset();
	io_port_write(0xcf9, 0x02, 1);		/* SRST alone: no reset */
	assert_false(runstate_take_reset());
	assert_int_equal(io_port_read(0xcf9, 1), 0x02);
	io_port_write(0xcf9, 0x06, 1);
	assert_true(runstate_take_reset());
	/* a dword at 0xCF8 is still the config address */
	io_port_write(0xcf8, 0x80000000u, 4);
	assert_int_equal(io_port_read(0xcf8, 4), 0x80000000u);
	assert_false(runstate_exit_requested(&status));
}

static void enable_pm_io(void)
{
	/* what SeaBIOS does: PMBA = 0x600 | 1, PMREGMISC.PMIOSE */
	cfg_write(PCI_DEVFN(1, 3), 0x40, 0x601, 4);
	cfg_write(PCI_DEVFN(1, 3), 0x80, 0x01, 1);
}

static void pm_timer_and_sci(void **state)
{
	uint32_t t0, t1;

	assert_int_equal(io_port_read(0x608, 4), 0xffffffffu);	/* not mapped yet */
	enable_pm_io();
	assert_int_equal(cfg_read(PCI_DEVFN(1, 3), 0x40, 4), 0x601);
	t0 = io_port_read(0x608, 4);
	clock_step(1000000000);		/* one second */
	t1 = io_port_read(0x608, 4);
	assert_int_equal((t1 - t0) & 0xffffff, PIIX4_PM_HZ & 0xffffff);
	assert_int_equal(t1 >> 24, 0);

	/* the timer overflow event: TMROF_STS, SCI once enabled */
	io_port_write(0x602, 0x0001, 2);	/* TMROF_EN */
	io_port_write(0x604, 0x0001, 2);	/* SCI_EN */
	clock_step(3000000000LL);		/* > 2^23 ticks */
	clock_run_timers();
	assert_int_equal(io_port_read(0x600, 2) & 1, 1);
	assert_int_equal(isa_irq[9], 1);
	io_port_write(0x600, 0x0001, 2);	/* write one to clear */
	assert_int_equal(io_port_read(0x600, 2) & 1, 0);
	assert_int_equal(isa_irq[9], 0);

	/* the power button */
	io_port_write(0x602, 0x0100, 2);
	piix4_pm_power_button(&pm);
	assert_int_equal(isa_irq[9], 1);
}

static void soft_off_and_apm_smi(void **state)
{
	int status = -1;

	enable_pm_io();
	/* ACPI enable through the APM port sets SCI_EN, without an SMI
	 * while APMC_EN is clear */
	io_port_write(0xb2, 0xf1, 1);
	assert_int_equal(io_port_read(0x604, 2) & 1, 1);
	assert_int_equal(smi_count, 0);
	/* DEVACTB.APMC_EN: writes to 0xB2 raise an SMI */
	cfg_write(PCI_DEVFN(1, 3), 0x58, 1u << 25, 4);
	io_port_write(0xb3, 0x01, 1);
	io_port_write(0xb2, 0x00, 1);
	assert_int_equal(smi_count, 1);
	assert_int_equal(io_port_read(0xb3, 1), 0x01);
	assert_int_equal(io_port_read(0xb2, 1), 0x00);

	/* PM1_CNT: SLP_TYP 0 with SLP_EN is S5, the machine powers off;
	 * without SLP_EN nothing happens */
	(void)runstate_take_shutdown();
	io_port_write(0x604, 0x0001, 2);
	assert_false(runstate_take_shutdown());
	io_port_write(0x604, 0x2001, 2);
	assert_true(runstate_take_shutdown());
	assert_false(runstate_exit_requested(&status));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(identity_through_mechanism_1, setup, teardown),
		cmocka_unit_test_setup_teardown(bar_sizing_and_mapping, setup, teardown),
		cmocka_unit_test_setup_teardown(pam_routes_bios_area, setup, teardown),
		cmocka_unit_test_setup_teardown(smram_window, setup, teardown),
		cmocka_unit_test_setup_teardown(pirq_routing, setup, teardown),
		cmocka_unit_test_setup_teardown(reset_control_register, setup, teardown),
		cmocka_unit_test_setup_teardown(pm_timer_and_sci, setup, teardown),
		cmocka_unit_test_setup_teardown(soft_off_and_apm_smi, setup, teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
