// SPDX-License-Identifier: GPL-2.0-only
/*
 * System management mode: SMI delivery and RSM (Intel SDM Vol. 3C ch. 32).
 *
 * On an SMI the CPU saves its state in the state save map at SMBASE +
 * 0xFE00..0xFFFF and starts the handler at SMBASE + 0x8000 in a real-mode
 * like environment with 4 GiB segment limits (§32.5.1); RSM reloads the
 * saved state (§32.6).  The architectural fields are at the offsets of the
 * 32-bit map (Table 32-5); the hidden segment state, which that table
 * leaves "reserved", is kept in ringvm's own layout inside the reserved
 * range, so a handler that copies the map (SeaBIOS's call32 trampoline
 * does) moves it along.
 */
#include <string.h>

#include "core/lib/log.h"
#include "core/mem.h"
#include "helpers.h"
#include "softmmu.h"
#include "translator.h"

/* Offsets from SMBASE + 0x8000 (SDM Vol. 3C Table 32-5). */
#define SMM_CR0		0x7ffc
#define SMM_CR3		0x7ff8
#define SMM_EFLAGS	0x7ff4
#define SMM_EIP		0x7ff0
#define SMM_EDI		0x7fec	/* EDI..EAX downwards: 7fec..7fd0 */
#define SMM_EAX		0x7fd0
#define SMM_DR6		0x7fcc
#define SMM_DR7		0x7fc8
#define SMM_TR_SEL	0x7fc4
#define SMM_LDTR_SEL	0x7fc0
#define SMM_GS_SEL	0x7fbc	/* GS, FS, DS, SS, CS, ES downwards */
#define SMM_AUTO_HALT	0x7f02
#define SMM_REVISION	0x7efc
#define SMM_SMBASE	0x7ef8
/* ringvm's hidden state, inside the reserved 0x7f04..0x7fa7 */
#define SMM_CR4		0x7f04
#define SMM_SEG_CACHE	0x7f10	/* ES..GS, LDTR, TR: base, limit, flags */
#define SMM_GDT		0x7f70	/* base, limit */
#define SMM_IDT		0x7f78

/* Revision 0x20000: the 32-bit map with SMBASE relocation (bit 17). */
#define SMM_REVISION_ID	0x00020000u

static uint32_t state_addr(const struct x86_cpu *cpu, uint32_t off)
{
	return cpu->smbase + 0x8000u + off;
}

static void put32(struct x86_cpu *cpu, uint32_t off, uint32_t v)
{
	mem_write(state_addr(cpu, off), v, 4);
}

static uint32_t get32(struct x86_cpu *cpu, uint32_t off)
{
	return (uint32_t)mem_read(state_addr(cpu, off), 4);
}

static void put_cache(struct x86_cpu *cpu, int i, uint32_t base,
		      uint32_t limit, uint32_t flags)
{
	put32(cpu, SMM_SEG_CACHE + 12 * i, base);
	put32(cpu, SMM_SEG_CACHE + 12 * i + 4, limit);
	put32(cpu, SMM_SEG_CACHE + 12 * i + 8, flags);
}

static void get_cache(struct x86_cpu *cpu, int i, uint32_t *base,
		      uint32_t *limit, uint32_t *flags)
{
	*base = get32(cpu, SMM_SEG_CACHE + 12 * i);
	*limit = get32(cpu, SMM_SEG_CACHE + 12 * i + 4);
	*flags = get32(cpu, SMM_SEG_CACHE + 12 * i + 8);
}

static void smm_set_visible(struct x86_cpu *cpu, bool in_smm)
{
	cpu->in_smm = in_smm;
	if (cpu->intc && cpu->intc->smm_changed)
		cpu->intc->smm_changed(cpu->intc_opaque, in_smm);
}

static void save_state(struct x86_cpu *cpu)
{
	int i;

	put32(cpu, SMM_CR0, cpu->cr[0]);
	put32(cpu, SMM_CR3, cpu->cr[3]);
	put32(cpu, SMM_EFLAGS, cpu_get_eflags(cpu));
	put32(cpu, SMM_EIP, cpu->eip);
	for (i = 0; i < 8; i++)
		put32(cpu, SMM_EAX + 4 * i, cpu->regs[i]);
	put32(cpu, SMM_DR6, cpu->dr[6]);
	put32(cpu, SMM_DR7, cpu->dr[7]);
	put32(cpu, SMM_TR_SEL, cpu->tr.sel);
	put32(cpu, SMM_LDTR_SEL, cpu->ldt.sel);
	for (i = 0; i < 6; i++) {
		/* selectors ES, CS, SS, DS, FS, GS from 7fa8 upwards */
		put32(cpu, SMM_GS_SEL - 4 * (R_GS - i), cpu->seg[i].sel);
		put_cache(cpu, i, cpu->seg[i].base, cpu->seg[i].limit,
			  cpu->seg[i].flags);
	}
	put_cache(cpu, 6, cpu->ldt.base, cpu->ldt.limit, cpu->ldt.flags);
	put_cache(cpu, 7, cpu->tr.base, cpu->tr.limit, cpu->tr.flags);
	put32(cpu, SMM_GDT, cpu->gdt.base);
	put32(cpu, SMM_GDT + 4, cpu->gdt.limit);
	put32(cpu, SMM_IDT, cpu->idt.base);
	put32(cpu, SMM_IDT + 4, cpu->idt.limit);
	put32(cpu, SMM_CR4, cpu->cr[4]);
	mem_write(state_addr(cpu, SMM_AUTO_HALT), cpu->halted ? 1 : 0, 2);
	put32(cpu, SMM_REVISION, SMM_REVISION_ID);
	put32(cpu, SMM_SMBASE, cpu->smbase);
}

void cpu_enter_smm(struct x86_cpu *cpu)
{
	int i;

	if (log_enabled(LOG_INT))
		log_msg(LOG_INT, "SMM: enter, SMBASE=%08x EIP=%08x\n", cpu->smbase,
			cpu->eip);
	smm_set_visible(cpu, true);
	save_state(cpu);
	cpu->halted = false;

	/* The SMM execution environment, §32.5.1 Table 32-4 */
	cpu_set_eflags(cpu, 0x2, ~0u);
	cpu->eip = 0x8000;
	cpu->cr[0] &= ~(CR0_PE | CR0_EM | CR0_TS | CR0_PG);
	cpu->cr[4] = 0;
	cpu->dr[7] = 0x400;
	for (i = 0; i < 6; i++) {
		cpu->seg[i].sel = 0;
		cpu->seg[i].base = 0;
		cpu->seg[i].limit = 0xffffffffu;
		cpu->seg[i].flags = DESC_P | DESC_S | DESC_RW | DESC_A;
	}
	cpu->seg[R_CS].sel = (cpu->smbase >> 4) & 0xffff;
	cpu->seg[R_CS].base = cpu->smbase;
	cpu->seg[R_CS].flags |= DESC_CODE;
	cpu->hflags &= ~HF_INHIBIT_IRQ;
	cpu_update_hflags(cpu);
	tlb_flush(cpu, true);
}

void cpu_raise_smi(struct x86_cpu *cpu)
{
	__atomic_or_fetch(&cpu->pending, PENDING_SMI, __ATOMIC_SEQ_CST);
}

/* RSM (SDM Vol. 2 "RSM", Vol. 3C §32.6): outside SMM it is #UD. */
uint64_t helper_rsm(HELPER_ARGS)
{
	HELPER_CPU;
	uint32_t base, limit, flags;
	int i;

	if (!cpu->in_smm)
		cpu_raise(cpu, EXC_UD, 0);
	cpu->cr[4] = get32(cpu, SMM_CR4);
	cpu->cr[3] = get32(cpu, SMM_CR3);
	cpu->cr[0] = get32(cpu, SMM_CR0) | CR0_ET;
	for (i = 0; i < 8; i++)
		cpu->regs[i] = get32(cpu, SMM_EAX + 4 * i);
	cpu->eip = get32(cpu, SMM_EIP);
	cpu->dr[6] = get32(cpu, SMM_DR6);
	cpu->dr[7] = get32(cpu, SMM_DR7);
	for (i = 0; i < 6; i++) {
		get_cache(cpu, i, &base, &limit, &flags);
		cpu->seg[i].sel = get32(cpu, SMM_GS_SEL - 4 * (R_GS - i)) & 0xffff;
		cpu->seg[i].base = base;
		cpu->seg[i].limit = limit;
		cpu->seg[i].flags = flags;
	}
	get_cache(cpu, 6, &cpu->ldt.base, &cpu->ldt.limit, &cpu->ldt.flags);
	cpu->ldt.sel = get32(cpu, SMM_LDTR_SEL) & 0xffff;
	get_cache(cpu, 7, &cpu->tr.base, &cpu->tr.limit, &cpu->tr.flags);
	cpu->tr.sel = get32(cpu, SMM_TR_SEL) & 0xffff;
	cpu->gdt.base = get32(cpu, SMM_GDT);
	cpu->gdt.limit = get32(cpu, SMM_GDT + 4) & 0xffff;
	cpu->idt.base = get32(cpu, SMM_IDT);
	cpu->idt.limit = get32(cpu, SMM_IDT + 4) & 0xffff;
	/* the handler may have cleared auto-HALT restart (§32.13) */
	cpu->halted = mem_read(state_addr(cpu, SMM_AUTO_HALT), 2) & 1;
	cpu_set_eflags(cpu, get32(cpu, SMM_EFLAGS), ~0u);
	/* SMBASE relocation (§32.11), which this CPU supports (revision
	 * bit 17): the new base takes effect at the next SMI */
	cpu->smbase = get32(cpu, SMM_SMBASE);
	smm_set_visible(cpu, false);
	if (log_enabled(LOG_INT))
		log_msg(LOG_INT, "SMM: RSM to %04x:%08x, SMBASE=%08x\n",
			cpu->seg[R_CS].sel, cpu->eip, cpu->smbase);
	cpu_update_hflags(cpu);
	tlb_flush(cpu, true);
	return 0;
}
