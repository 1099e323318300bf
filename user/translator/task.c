// SPDX-License-Identifier: GPL-2.0-only
/*
 * Hardware task switches, SDM Vol. 3A §7.3: through jmp or call to a TSS
 * descriptor or a task gate, an interrupt or exception through a task
 * gate, and iret with EFLAGS.NT set.  16-bit (286) and 32-bit TSS formats.
 *
 * The old task's state is saved before anything of the new one is
 * loaded; faults while loading the new segment registers are taken in the
 * new task (§7.3 step 13), which is what the code below does by loading
 * them last, after TR already points at the new TSS.
 */
#include "task.h"

#include "core/lib/log.h"
#include "ir.h"
#include "seg.h"
#include "softmmu.h"

#define K MMU_IDX_KERNEL

/* Offsets in a 32-bit TSS (Figure 7-2) and a 16-bit TSS (Figure 7-11). */
#define T32_CR3 0x1c
#define T32_EIP 0x20
#define T32_EFLAGS 0x24
#define T32_REGS 0x28
#define T32_SEGS 0x48
#define T32_LDT 0x60
#define T16_IP 0x0e
#define T16_FLAGS 0x10
#define T16_REGS 0x12
#define T16_SEGS 0x22
#define T16_LDT 0x2a

static void desc_write_hi(struct x86_cpu *cpu, uint32_t sel, uint32_t hi)
{
	mmu_st_lin(cpu, cpu->gdt.base + (sel & ~7u) + 4, hi, 4, K);
}

/* Load a segment register of the new task with the checks of §7.3 step
 * 13: faults here are #TS with the selector (or #NP / #SS). */
static void task_load_seg(struct x86_cpu *cpu, int seg, uint32_t sel)
{
	uint32_t lo, hi, type, dpl, cpl = cpu_cpl(cpu);

	if (cpu->eflags & VM_MASK) {
		seg_load_real(cpu, seg, sel);
		return;
	}
	if ((sel & ~3u) == 0) {
		if (seg == R_SS || seg == R_CS)
			cpu_raise(cpu, EXC_TS, 0);
		cpu->seg[seg].sel = sel;
		cpu->seg[seg].flags = 0;
		cpu->seg[seg].base = 0;
		cpu->seg[seg].limit = 0;
		return;
	}
	if (!seg_read_desc(cpu, sel, &lo, &hi))
		cpu_raise(cpu, EXC_TS, sel & 0xfffc);
	type = (hi >> 8) & 0x1f;
	dpl = (hi >> 13) & 3;
	if (seg == R_CS) {
		if ((type & 0x18) != 0x18 ||
		    ((type & 4) ? dpl > (sel & 3) : dpl != (sel & 3)))
			cpu_raise(cpu, EXC_TS, sel & 0xfffc);
	} else if (seg == R_SS) {
		if ((type & 0x1a) != 0x12 || dpl != cpl || (sel & 3) != cpl)
			cpu_raise(cpu, EXC_TS, sel & 0xfffc);
	} else {
		if (!(type & 0x10) || (type & 0x1a) == 0x18)
			cpu_raise(cpu, EXC_TS, sel & 0xfffc);
		if ((type & 0x1c) != 0x1c && (dpl < cpl || dpl < (sel & 3)))
			cpu_raise(cpu, EXC_TS, sel & 0xfffc);
	}
	if (!(hi & 0x8000))
		cpu_raise(cpu, seg == R_SS ? EXC_SS : EXC_NP, sel & 0xfffc);
	seg_from_desc(&cpu->seg[seg], sel, lo, hi | 0x100);
}

void task_switch(struct x86_cpu *cpu, uint32_t sel, enum task_source src,
		 uint32_t next_eip, bool has_err, uint32_t err)
{
	uint32_t lo, hi, type, limit, base, old_base = cpu->tr.base;
	uint32_t old_sel = cpu->tr.sel, eflags = cpu_get_eflags(cpu);
	uint32_t new_eip, new_eflags, new_regs[8], new_segs[6], new_ldt, new_cr3 = 0;
	bool t32, old32 = (cpu->tr.flags & 8) != 0;
	int i;

	if ((sel & 4) || !seg_read_desc(cpu, sel, &lo, &hi))
		cpu_raise(cpu, EXC_GP, sel & 0xfffc);
	type = (hi >> 8) & 0x1f;
	/* iret goes back to a busy task; the others need an available one */
	if (src == TASK_IRET ? (type != 3 && type != 11) : (type != 1 && type != 9))
		cpu_raise(cpu, src == TASK_IRET ? EXC_TS : EXC_GP, sel & 0xfffc);
	if (!(hi & 0x8000))
		cpu_raise(cpu, EXC_NP, sel & 0xfffc);
	t32 = type & 8;
	limit = (lo & 0xffff) | (hi & 0xf0000);
	if (hi & (1u << 23))
		limit = (limit << 12) | 0xfff;
	if (limit < (t32 ? 0x67u : 0x2bu))
		cpu_raise(cpu, EXC_TS, sel & 0xfffc);
	base = (lo >> 16) | ((hi & 0xff) << 16) | (hi & 0xff000000u);

	/* read the whole new state first: a fault here changes nothing */
	if (t32) {
		if (cpu->cr[0] & CR0_PG)
			new_cr3 = mmu_ld_lin(cpu, base + T32_CR3, 4, K);
		new_eip = mmu_ld_lin(cpu, base + T32_EIP, 4, K);
		new_eflags = mmu_ld_lin(cpu, base + T32_EFLAGS, 4, K);
		for (i = 0; i < 8; i++)
			new_regs[i] = mmu_ld_lin(cpu, base + T32_REGS + i * 4, 4, K);
		for (i = 0; i < 6; i++)
			new_segs[i] = mmu_ld_lin(cpu, base + T32_SEGS + i * 4, 2, K);
		new_ldt = mmu_ld_lin(cpu, base + T32_LDT, 2, K);
	} else {
		new_eip = mmu_ld_lin(cpu, base + T16_IP, 2, K);
		new_eflags = mmu_ld_lin(cpu, base + T16_FLAGS, 2, K);
		for (i = 0; i < 8; i++)
			new_regs[i] = 0xffff0000u | mmu_ld_lin(cpu, base + T16_REGS + i * 2, 2, K);
		for (i = 0; i < 4; i++)
			new_segs[i] = mmu_ld_lin(cpu, base + T16_SEGS + i * 2, 2, K);
		new_segs[R_FS] = new_segs[R_GS] = 0;
		new_ldt = mmu_ld_lin(cpu, base + T16_LDT, 2, K);
	}

	/* the old task: busy cleared when left by jmp or iret (§7.3 step 7) */
	if (src == TASK_JMP || src == TASK_IRET) {
		uint32_t olo, ohi;

		if (seg_read_desc(cpu, old_sel, &olo, &ohi))
			desc_write_hi(cpu, old_sel, ohi & ~0x200u);
	}
	if (src == TASK_IRET)
		eflags &= ~NT_MASK;
	/* save the current state in the old TSS (step 8) */
	if (old32) {
		mmu_st_lin(cpu, old_base + T32_EIP, next_eip, 4, K);
		mmu_st_lin(cpu, old_base + T32_EFLAGS, eflags, 4, K);
		for (i = 0; i < 8; i++)
			mmu_st_lin(cpu, old_base + T32_REGS + i * 4, cpu->regs[i], 4, K);
		for (i = 0; i < 6; i++)
			mmu_st_lin(cpu, old_base + T32_SEGS + i * 4, cpu->seg[i].sel, 2, K);
	} else {
		mmu_st_lin(cpu, old_base + T16_IP, next_eip, 2, K);
		mmu_st_lin(cpu, old_base + T16_FLAGS, eflags, 2, K);
		for (i = 0; i < 8; i++)
			mmu_st_lin(cpu, old_base + T16_REGS + i * 2, cpu->regs[i], 2, K);
		for (i = 0; i < 4; i++)
			mmu_st_lin(cpu, old_base + T16_SEGS + i * 2, cpu->seg[i].sel, 2, K);
	}
	/* call and interrupts link back and nest (steps 9-10) */
	if (src == TASK_CALL || src == TASK_INT) {
		mmu_st_lin(cpu, base, old_sel, 2, K);
		new_eflags |= NT_MASK;
	}
	if (src != TASK_IRET)
		desc_write_hi(cpu, sel, hi | 0x200);

	/* switch: TR, CR0.TS, then the new state (steps 11-13) */
	seg_from_desc((struct x86_seg *)&cpu->tr, sel, lo, hi | 0x200);
	cpu->cr[0] |= CR0_TS;
	if (t32 && (cpu->cr[0] & CR0_PG) && new_cr3 != cpu->cr[3]) {
		cpu->cr[3] = new_cr3;
		tlb_flush(cpu, false);
	}
	cpu->eip = new_eip;
	cpu->cc_op = 0;
	cpu_set_eflags(cpu, new_eflags | 2, ~0u);
	if (!t32)
		cpu->eflags &= 0xffff;
	for (i = 0; i < 8; i++)
		cpu->regs[i] = new_regs[i];
	/* selectors first, so a fault below reports the new task's state */
	for (i = 0; i < 6; i++) {
		cpu->seg[i].sel = new_segs[i];
		cpu->seg[i].flags &= ~DESC_P;
	}
	cpu->ldt.sel = new_ldt;
	cpu->ldt.flags = 0;
	if (new_ldt & ~3u) {
		uint32_t llo, lhi;

		if ((new_ldt & 4) || !seg_read_desc(cpu, new_ldt, &llo, &lhi) ||
		    ((lhi >> 8) & 0x1f) != 2)
			cpu_raise(cpu, EXC_TS, new_ldt & 0xfffc);
		if (!(lhi & 0x8000))
			cpu_raise(cpu, EXC_TS, new_ldt & 0xfffc);
		seg_from_desc((struct x86_seg *)&cpu->ldt, new_ldt, llo, lhi);
	}
	/* CS first: it sets the CPL the other checks use */
	task_load_seg(cpu, R_CS, new_segs[R_CS]);
	if (!(cpu->eflags & VM_MASK)) {
		cpu->seg[R_CS].flags = (cpu->seg[R_CS].flags & ~(3u << DESC_DPL_SHIFT)) |
				       ((new_segs[R_CS] & 3) << DESC_DPL_SHIFT);
	}
	cpu_update_hflags(cpu);
	task_load_seg(cpu, R_SS, new_segs[R_SS]);
	for (i = 0; i < 6; i++)
		if (i != R_CS && i != R_SS)
			task_load_seg(cpu, i, new_segs[i]);
	cpu_update_hflags(cpu);
	if (cpu->eip > cpu->seg[R_CS].limit)
		cpu_raise(cpu, EXC_GP, 0);
	/* an exception's error code goes on the new task's stack */
	if (has_err) {
		uint32_t sp = cpu->regs[R_ESP] - (t32 ? 4 : 2);
		uint32_t m = (cpu->seg[R_SS].flags & DESC_B) ? ~0u : 0xffffu;

		mmu_st(cpu, R_SS, sp & m, err, t32 ? MO_32 : MO_16, cpu_cpl(cpu) == 3 ?
		       MMU_IDX_USER : MMU_IDX_KERNEL);
		cpu->regs[R_ESP] = (cpu->regs[R_ESP] & ~m) | (sp & m);
	}
	log_msg(LOG_INT, "task switch %04x -> %04x (%d)\n", old_sel, sel, src);
}
