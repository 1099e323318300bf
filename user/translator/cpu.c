// SPDX-License-Identifier: GPL-2.0-only
/*
 * CPU state: power-on reset, derived mode bits, and EFLAGS.
 */
#include "cpu.h"

#include <stddef.h>
#include <string.h>

#include "flags.h"
#include "softmmu.h"

/* SDM Vol. 3A §9.1.1, Table 9-1: state after power-up or RESET. */
void cpu_reset(struct x86_cpu *cpu)
{
	const struct x86_interrupt_ctl *intc = cpu->intc;
	void *intc_opaque = cpu->intc_opaque;
	struct cpu_config model = cpu->cpuid;
	int i;

	memset(cpu, 0, offsetof(struct x86_cpu, itemp));
	cpu->intc = intc;
	cpu->intc_opaque = intc_opaque;
	cpu->cpuid = model;
	if (!cpu->cpuid.model)
		cpu_model_default(&cpu->cpuid);
	cpu->eip = 0xfff0;
	cpu->eflags = 0x2;
	cpu->cc_op = CC_OP_EFLAGS;
	cpu->df = 1;
	cpu->cr[0] = CR0_ET | CR0_CD | CR0_NW;
	for (i = 0; i < 6; i++) {
		cpu->seg[i].limit = 0xffff;
		cpu->seg[i].flags = DESC_P | DESC_S | DESC_RW | DESC_A;
	}
	/* CS = F000, base FFFF0000: the first fetch is at FFFFFFF0 */
	cpu->seg[R_CS].sel = 0xf000;
	cpu->seg[R_CS].base = 0xffff0000u;
	cpu->seg[R_CS].flags |= DESC_CODE;
	cpu->gdt.limit = 0xffff;
	cpu->idt.limit = 0xffff;
	cpu->ldt.limit = 0xffff;
	cpu->ldt.flags = DESC_P | 2;
	cpu->tr.limit = 0xffff;
	cpu->tr.flags = DESC_P | 11;
	cpu->dr[6] = 0xffff0ff0u;
	cpu->dr[7] = 0x400;
	/* EDX holds the processor signature, as CPUID(1).EAX (SDM Vol. 3A
	 * §9.1.4) */
	cpu->regs[R_EDX] = cpu_signature(cpu);
	cpu->a20_mask = ~0u;
	cpu->apic_base = 0xfee00000u | (1u << 11) | (1u << 8);
	cpu->pat = 0x0007040600070406ULL;
	cpu->misc_enable = 1;	/* fast strings */
	cpu->smbase = 0x30000;	/* SDM Vol. 3C §32.5.1 */
	/* x87: FCW 0040H, FSW 0, tags 5555H (R0-R7 hold +0.0, valid) */
	cpu->fcw = 0x0040;
	/* SSE: XMM0-7 zero, MXCSR 1F80H, all exceptions masked (§9.1.1) */
	cpu->mxcsr = 0x1f80;
	cpu->exc_vector = -1;
	cpu_update_hflags(cpu);
	tlb_flush(cpu, true);
}

uint32_t cpu_signature(const struct x86_cpu *cpu)
{
	const struct cpu_model *m = cpu->cpuid.model;

	return (uint32_t)m->family << 8 | (uint32_t)m->model << 4 | m->stepping;
}

void cpu_update_hflags(struct x86_cpu *cpu)
{
	uint32_t h = cpu->hflags & HF_INHIBIT_IRQ;
	uint32_t cpl;

	if (cpu->cr[0] & CR0_PE) {
		h |= HF_PE;
		if (cpu->eflags & VM_MASK) {
			h |= HF_VM;
			cpl = 3;
		} else {
			cpl = cpu->seg[R_CS].sel & 3;
			/* the cached CS DPL is the CPL (SDM §5.5) */
			cpl = (cpu->seg[R_CS].flags >> DESC_DPL_SHIFT) & 3;
			if (cpu->seg[R_CS].flags & DESC_B)
				h |= HF_CS32;
			if (cpu->seg[R_SS].flags & DESC_B)
				h |= HF_SS32;
		}
	} else {
		cpl = 0;
		/* big real mode: a cached 32-bit CS or SS keeps its size */
		if (cpu->seg[R_CS].flags & DESC_B)
			h |= HF_CS32;
		if (cpu->seg[R_SS].flags & DESC_B)
			h |= HF_SS32;
	}
	h |= cpl;
	if (cpu->cr[0] & CR0_PG)
		h |= HF_PG;
	if (cpu->eflags & TF_MASK)
		h |= HF_TF;
	h |= ((cpu->eflags & IOPL_MASK) >> 12) << HF_IOPL_SHIFT;
	cpu->hflags = h;
}

uint32_t cpu_get_eflags(struct x86_cpu *cpu)
{
	return (cpu->eflags & ~CC_MASK) | cc_compute_all(cpu) | 0x2;
}

void cpu_set_eflags(struct x86_cpu *cpu, uint32_t val, uint32_t mask)
{
	uint32_t old_tf = cpu->eflags & (TF_MASK | IOPL_MASK | VM_MASK);

	cpu->cc_src = val & CC_MASK;
	cpu->cc_op = CC_OP_EFLAGS;
	mask &= ~CC_MASK;
	cpu->eflags = (cpu->eflags & ~mask) | (val & mask);
	cpu->eflags = (cpu->eflags & ~CC_MASK) | 0x2;
	cpu->df = (cpu->eflags & DF_MASK) ? (uint32_t)-1 : 1;
	if ((cpu->eflags & (TF_MASK | IOPL_MASK | VM_MASK)) != old_tf)
		cpu_update_hflags(cpu);
}
