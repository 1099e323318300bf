/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * PIIX4 function 3: power management at 00:01.3 (Intel 82371AB datasheet,
 * 290562, §3.5 configuration, §7 PM I/O registers), as QEMU's pc machine
 * has it beside its PIIX3.  It gives the guest:
 *  - the ACPI fixed registers at PMBA: PM1 status/enable/control (soft-off
 *    through SLP_EN), the 24-bit 3.579545 MHz PM timer with its overflow
 *    event, and the SCI on ISA IRQ 9 (ACPI 1.0 §4.7);
 *  - the APM control/status ports 0xB2/0xB3: a write to 0xB2 raises an SMI
 *    when DEVACTB.APMC_EN is set (§3.5.29), which is how SeaBIOS enters
 *    its SMM handler;
 *  - QEMU's GPE0 block at 0xAFE0 that SeaBIOS's FADT points at.
 */
#ifndef RINGVM_DEVICES_PIIX4_PM_H
#define RINGVM_DEVICES_PIIX4_PM_H

#include <stdbool.h>

#include "core/clock.h"
#include "core/irq.h"
#include "devices/pci.h"

#define PIIX4_PM_HZ	3579545u

struct piix4_pm {
	struct pci_device pci;
	struct irq_line sci;		/* ISA IRQ 9 */
	void (*raise_smi)(void *opaque);
	void *smi_opaque;
	uint16_t pmba;			/* mapped I/O base, 0 = none */
	uint16_t pm1_sts, pm1_en, pm1_cnt;
	uint32_t glbctl, devctl, pcntrl;
	uint16_t glbsts, glben, gpsts, gpen;
	uint8_t gpe_sts[2], gpe_en[2];
	uint8_t apmc, apms;
	struct timer overflow;		/* next PM timer bit-23 toggle */
};

int piix4_pm_init(struct piix4_pm *pm, struct pci_bus *bus,
		  struct irq_line sci, void (*raise_smi)(void *opaque),
		  void *smi_opaque);
void piix4_pm_reset(struct piix4_pm *pm);
/* The power button (monitor system_powerdown): PWRBTN_STS and an SCI. */
void piix4_pm_power_button(struct piix4_pm *pm);
/* The PM timer's count now (24 bits). */
uint32_t piix4_pm_timer(void);

#endif
