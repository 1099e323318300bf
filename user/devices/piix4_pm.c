// SPDX-License-Identifier: GPL-2.0-only
/*
 * PIIX4 power management function (see piix4_pm.h).
 */
#include <string.h>

#include "core/lib/log.h"
#include "core/runstate.h"
#include "devices/piix4_pm.h"

/* Configuration registers, 82371AB §3.5 */
#define PM_PMBA		0x40	/* I/O base, bits 15:6; bit 0 reads 1 */
#define PM_DEVACTB	0x58
#define PM_APMC_EN	(1u << 25)
#define PM_PMREGMISC	0x80	/* bit 0 PMIOSE: PM I/O space enable */
#define PM_SMBBA	0x90
#define PM_SMBHSTCFG	0xd2

/* PM I/O registers, offsets from PMBA, 82371AB §7.2 and ACPI 1.0 §4.7.3 */
#define PM1_STS		0x00
#define PM1_EN		0x02
#define PM1_CNT		0x04
#define PM_TMR		0x08
#define PM_GPSTS	0x0c
#define PM_GPEN		0x0e
#define PM_PCNTRL	0x10
#define PM_GLBSTS	0x18
#define PM_GLBEN	0x20
#define PM_GLBCTL	0x28
#define PM_DEVCTL	0x2c
#define PM_IO_SIZE	64

#define PM1_TMROF	0x0001
#define PM1_GBL		0x0020
#define PM1_PWRBTN	0x0100
#define PM1_RTC		0x0400
#define PM1_WAK		0x8000
#define PM1_CNT_SCI_EN	0x0001
#define PM1_CNT_SLP_TYP(v) (((v) >> 10) & 7)
#define PM1_CNT_SLP_EN	0x2000

#define APM_CNT_PORT	0xb2
#define APM_ACPI_DISABLE 0xf0	/* the FADT's ACPI_DISABLE value */
#define APM_ACPI_ENABLE	0xf1	/* the FADT's ACPI_ENABLE value */
#define GPE0_PORT	0xafe0

static inline uint32_t cfg32(const struct pci_device *d, unsigned off)
{
	return d->config[off] | d->config[off + 1] << 8 |
	       d->config[off + 2] << 16 | (uint32_t)d->config[off + 3] << 24;
}

uint32_t piix4_pm_timer(void)
{
	return (uint32_t)((unsigned __int128)clock_ns() * PIIX4_PM_HZ /
			  1000000000u) & 0xffffff;
}

static void sci_update(struct piix4_pm *pm)
{
	bool level = (pm->pm1_cnt & PM1_CNT_SCI_EN) &&
		     ((pm->pm1_sts & pm->pm1_en &
		       (PM1_TMROF | PM1_GBL | PM1_PWRBTN | PM1_RTC)) ||
		      (pm->gpe_sts[0] & pm->gpe_en[0]) ||
		      (pm->gpe_sts[1] & pm->gpe_en[1]));

	irq_set(&pm->sci, level);
}

/* Arm the timer for the next time bit 23 of the PM timer toggles: the
 * overflow event TMROF_STS (ACPI 1.0 §4.7.2.1). */
static void overflow_arm(struct piix4_pm *pm)
{
	uint64_t ticks = (unsigned __int128)clock_ns() * PIIX4_PM_HZ / 1000000000u;
	uint64_t next = (ticks | 0x7fffff) + 1;

	timer_mod(&pm->overflow, (int64_t)((unsigned __int128)next * 1000000000u /
					   PIIX4_PM_HZ) + 1);
}

static void overflow_cb(void *opaque)
{
	struct piix4_pm *pm = opaque;

	pm->pm1_sts |= PM1_TMROF;
	sci_update(pm);
	if (pm->pm1_en & PM1_TMROF)
		overflow_arm(pm);
}

static void pm1_cnt_write(struct piix4_pm *pm, uint16_t val)
{
	pm->pm1_cnt = val & ~PM1_CNT_SLP_EN;
	if (!(val & PM1_CNT_SLP_EN))
		return;
	/* Sleep type 0 is soft-off, S5, in the _S5 object of the DSDT
	 * that SeaBIOS and QEMU give a PIIX4 (ACPI 1.0 §7.5.2).  Other
	 * sleep states are not offered, so they are ignored. */
	if (PM1_CNT_SLP_TYP(val) == 0)
		runstate_request_shutdown();
	else
		log_msg(LOG_UNIMP, "piix4_pm: sleep type %u not supported\n",
			PM1_CNT_SLP_TYP(val));
}

static uint64_t pm_io_read(void *opaque, uint64_t off, unsigned size)
{
	struct piix4_pm *pm = opaque;

	switch (off) {
	case PM1_STS: return pm->pm1_sts;
	case PM1_EN: return pm->pm1_en;
	case PM1_CNT: return pm->pm1_cnt;
	case PM_TMR: return piix4_pm_timer();
	case PM_GPSTS: return pm->gpsts;
	case PM_GPEN: return pm->gpen;
	case PM_PCNTRL: return pm->pcntrl;
	case PM_GLBSTS: return pm->glbsts;
	case PM_GLBEN: return pm->glben;
	case PM_GLBCTL: return pm->glbctl;
	case PM_DEVCTL: return pm->devctl;
	default: return 0;
	}
}

static void pm_io_write(void *opaque, uint64_t off, uint64_t val, unsigned size)
{
	struct piix4_pm *pm = opaque;

	switch (off) {
	case PM1_STS:
		/* write one to clear (ACPI 1.0 §4.7.3.1.1) */
		pm->pm1_sts &= ~val;
		break;
	case PM1_EN:
		pm->pm1_en = val;
		if (pm->pm1_en & PM1_TMROF)
			overflow_arm(pm);
		else
			timer_del(&pm->overflow);
		break;
	case PM1_CNT:
		pm1_cnt_write(pm, val);
		break;
	case PM_GPSTS: pm->gpsts &= ~val; break;
	case PM_GPEN: pm->gpen = val; break;
	case PM_PCNTRL: pm->pcntrl = val; break;
	case PM_GLBSTS: pm->glbsts &= ~val; break;
	case PM_GLBEN: pm->glben = val; break;
	case PM_GLBCTL: pm->glbctl = val; break;
	case PM_DEVCTL: pm->devctl = val; break;
	default: break;
	}
	sci_update(pm);
}

/* 16-bit registers take 16-bit accesses and 32-bit ones 32-bit; the
 * registry splits wider accesses.  Odd-sized pieces are read as parts of
 * their register. */
static uint64_t pm_read(void *opaque, uint64_t off, unsigned size)
{
	uint64_t reg = off & ~1ull, v;

	if (off >= PM_TMR && off < PM_TMR + 4)
		reg = PM_TMR;
	else if (off >= PM_PCNTRL && off < PM_PCNTRL + 4)
		reg = PM_PCNTRL;
	else if (off >= PM_GLBCTL)
		reg = off & ~3ull;
	v = pm_io_read(opaque, reg, 4);
	return (v >> (8 * (off - reg))) & ((1ull << (8 * size)) - 1);
}

static void pm_write(void *opaque, uint64_t off, uint64_t val, unsigned size)
{
	uint64_t reg = off & ~1ull;
	unsigned shift;
	uint64_t old, mask;

	if (off >= PM_PCNTRL && off < PM_PCNTRL + 4)
		reg = PM_PCNTRL;
	else if (off >= PM_GLBCTL)
		reg = off & ~3ull;
	if (reg == PM_TMR || (off >= PM_TMR && off < PM_TMR + 4))
		return;		/* read-only */
	shift = 8 * (off - reg);
	mask = ((1ull << (8 * size)) - 1) << shift;
	if (reg == PM1_STS || reg == PM_GPSTS || reg == PM_GLBSTS) {
		/* write-one-to-clear: only the written bits count */
		pm_io_write(opaque, reg, (val << shift) & mask, 4);
		return;
	}
	old = pm_io_read(opaque, reg, 4);
	pm_io_write(opaque, reg, (old & ~mask) | ((val << shift) & mask), 4);
}

static const struct io_ops pm_ops = {
	.read = pm_read, .write = pm_write, .sizes = IO_SZ1 | IO_SZ2 | IO_SZ4,
};

/* QEMU's GPE0 block: 2 status bytes (write one to clear), 2 enables. */
static uint64_t gpe_read(void *opaque, uint64_t off, unsigned size)
{
	struct piix4_pm *pm = opaque;

	return off < 2 ? pm->gpe_sts[off] : pm->gpe_en[off - 2];
}

static void gpe_write(void *opaque, uint64_t off, uint64_t val, unsigned size)
{
	struct piix4_pm *pm = opaque;

	if (off < 2)
		pm->gpe_sts[off] &= ~val;
	else
		pm->gpe_en[off - 2] = val;
	sci_update(pm);
}

static const struct io_ops gpe_ops = {
	.read = gpe_read, .write = gpe_write, .sizes = IO_SZ1,
};

static uint64_t apm_read(void *opaque, uint64_t off, unsigned size)
{
	struct piix4_pm *pm = opaque;

	return off ? pm->apms : pm->apmc;
}

static void apm_write(void *opaque, uint64_t off, uint64_t val, unsigned size)
{
	struct piix4_pm *pm = opaque;

	if (off) {
		pm->apms = val;
		return;
	}
	pm->apmc = val;
	/* ACPI mode switches through the FADT's SMI_CMD port, which the
	 * SMM handler of a real board implements; the chipset does it
	 * here so that an OS also works with firmware that has none. */
	if (val == APM_ACPI_ENABLE)
		pm->pm1_cnt |= PM1_CNT_SCI_EN;
	else if (val == APM_ACPI_DISABLE)
		pm->pm1_cnt &= ~PM1_CNT_SCI_EN;
	sci_update(pm);
	if ((cfg32(&pm->pci, PM_DEVACTB) & PM_APMC_EN) && pm->raise_smi)
		pm->raise_smi(pm->smi_opaque);
}

static const struct io_ops apm_ops = {
	.read = apm_read, .write = apm_write, .sizes = IO_SZ1,
};

/* Map the PM I/O block where PMBA points when PMIOSE is set. */
static void pmba_update(struct piix4_pm *pm)
{
	const struct pci_device *d = &pm->pci;
	uint16_t base = (d->config[PM_PMBA] | d->config[PM_PMBA + 1] << 8) & 0xffc0;
	bool on = d->config[PM_PMREGMISC] & 1;

	if (!on || base == 0)
		base = 0;
	if (base == pm->pmba)
		return;
	if (pm->pmba)
		io_port_unmap(pm->pmba);
	pm->pmba = 0;
	if (base && io_port_map(base, PM_IO_SIZE, &pm_ops, pm, "piix4-pm")) {
		log_msg(LOG_GUEST, "piix4_pm: PMBA 0x%x overlaps other ports\n", base);
		return;
	}
	pm->pmba = base;
}

static void pm_config_write(struct pci_device *d, unsigned off, uint32_t val,
			    unsigned len)
{
	struct piix4_pm *pm = d->opaque;

	if ((off < PM_PMBA + 4 && off + len > PM_PMBA) ||
	    (off <= PM_PMREGMISC && off + len > PM_PMREGMISC))
		pmba_update(pm);
}

int piix4_pm_init(struct piix4_pm *pm, struct pci_bus *bus,
		  struct irq_line sci, void (*raise_smi)(void *opaque),
		  void *smi_opaque)
{
	struct pci_device *d = &pm->pci;

	memset(pm, 0, sizeof(*pm));
	pm->sci = sci;
	pm->raise_smi = raise_smi;
	pm->smi_opaque = smi_opaque;
	timer_init(&pm->overflow, overflow_cb, pm);
	d->name = "PIIX4-PM";
	d->opaque = pm;
	d->config_write = pm_config_write;
	pci_config_init(d, 0x8086, 0x7113, 0x03, 0x068000, 0);
	pci_set_subsystem(d, 0x1af4, 0x1100);
	pci_set_interrupt_pin(d, 1);
	/* device registers are storage except where decoded below */
	memset(d->wmask + 0x40, 0xff, 0xc0);
	d->config[PM_PMBA] = 0x01;	/* I/O space indicator */
	d->wmask[PM_PMBA] = 0xc0;
	d->wmask[PM_PMBA + 2] = 0;
	d->wmask[PM_PMBA + 3] = 0;
	d->config[PM_SMBBA] = 0x01;
	d->wmask[PM_SMBBA] = 0xf0;
	if (io_port_map(APM_CNT_PORT, 2, &apm_ops, pm, "apm") ||
	    io_port_map(GPE0_PORT, 4, &gpe_ops, pm, "piix4-gpe0"))
		return -1;
	return pci_register_device(bus, d, PCI_DEVFN(1, 3));
}

void piix4_pm_reset(struct piix4_pm *pm)
{
	pm->pm1_sts = pm->pm1_en = pm->pm1_cnt = 0;
	pm->glbctl = pm->devctl = pm->pcntrl = 0;
	pm->glbsts = pm->glben = pm->gpsts = pm->gpen = 0;
	memset(pm->gpe_sts, 0, sizeof(pm->gpe_sts));
	memset(pm->gpe_en, 0, sizeof(pm->gpe_en));
	pm->apmc = pm->apms = 0;
	timer_del(&pm->overflow);
	pmba_update(pm);
	sci_update(pm);
}

void piix4_pm_power_button(struct piix4_pm *pm)
{
	pm->pm1_sts |= PM1_PWRBTN;
	sci_update(pm);
}
