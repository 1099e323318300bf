// SPDX-License-Identifier: GPL-2.0-only
/*
 * Segmentation and protected-mode control transfers; see seg.h.
 *
 * Every check raises the fault the SDM names, with its error code, before
 * any register changes: new state is built in locals and committed last,
 * so an exception leaves the CPU exactly as before the instruction.
 */
#include "seg.h"

#include "core/lib/log.h"
#include "flags.h"
#include "softmmu.h"
#include "task.h"
#include "translator.h"

#define SYS_MMU MMU_IDX_KERNEL	/* descriptor tables: supervisor accesses */

bool seg_read_desc(struct x86_cpu *cpu, uint32_t sel, uint32_t *lo,
		   uint32_t *hi)
{
	const struct x86_dtr *t = (sel & 4) ? &cpu->ldt : &cpu->gdt;
	uint32_t idx = sel & ~7u;

	if ((sel & 4) && !(cpu->ldt.flags & DESC_P))
		return false;
	if (idx + 7 > t->limit)
		return false;
	*lo = mmu_ld_lin(cpu, t->base + idx, 4, SYS_MMU);
	*hi = mmu_ld_lin(cpu, t->base + idx + 4, 4, SYS_MMU);
	return true;
}

static void desc_set_accessed(struct x86_cpu *cpu, uint32_t sel, uint32_t hi)
{
	const struct x86_dtr *t = (sel & 4) ? &cpu->ldt : &cpu->gdt;

	if (!(hi & 0x100))
		mmu_st_lin(cpu, t->base + (sel & ~7u) + 4, hi | 0x100, 4, SYS_MMU);
}

void seg_from_desc(struct x86_seg *s, uint32_t sel, uint32_t lo, uint32_t hi)
{
	uint32_t limit = (lo & 0xffff) | (hi & 0xf0000);

	s->sel = sel;
	s->base = (lo >> 16) | ((hi & 0xff) << 16) | (hi & 0xff000000u);
	s->limit = (hi & (1u << 23)) ? (limit << 12) | 0xfff : limit;
	s->flags = (hi >> 8) & 0xf0ff;
}

void seg_set_flat(struct x86_seg *s, uint32_t sel, bool code, unsigned dpl)
{
	s->sel = sel;
	s->base = 0;
	s->limit = 0xffffffffu;
	s->flags = DESC_P | DESC_S | DESC_B | DESC_G | DESC_A | DESC_RW |
		   (code ? DESC_CODE : 0) | (dpl << DESC_DPL_SHIFT);
}

static unsigned desc_dpl(uint32_t hi)
{
	return (hi >> 13) & 3;
}

void seg_load_real(struct x86_cpu *cpu, int seg, uint32_t sel)
{
	struct x86_seg *s = &cpu->seg[seg];

	sel &= 0xffff;
	s->sel = sel;
	s->base = sel << 4;
	if (cpu->hflags & HF_VM) {
		/* v86: every segment is a 64 KiB data segment, DPL 3 */
		s->limit = 0xffff;
		s->flags = DESC_P | DESC_S | DESC_RW | DESC_A | (3 << DESC_DPL_SHIFT) |
			   (seg == R_CS ? DESC_CODE : 0);
	}
}

/* MOV/POP to a segment register in protected mode, SDM Vol. 2 "MOV". */
void seg_load(struct x86_cpu *cpu, int seg, uint32_t sel)
{
	unsigned cpl = cpu_cpl(cpu), rpl = sel & 3, dpl;
	uint32_t lo, hi, type;

	sel &= 0xffff;
	if ((cpu->hflags & (HF_PE | HF_VM)) != HF_PE) {
		seg_load_real(cpu, seg, sel);
		return;
	}
	if ((sel & ~3u) == 0) {
		if (seg == R_SS)
			cpu_raise(cpu, EXC_GP, 0);
		/* a null selector loads an unusable segment */
		cpu->seg[seg].sel = sel;
		cpu->seg[seg].base = 0;
		cpu->seg[seg].limit = 0;
		cpu->seg[seg].flags = 0;
		return;
	}
	if (!seg_read_desc(cpu, sel, &lo, &hi))
		cpu_raise(cpu, EXC_GP, sel & 0xfffc);
	type = (hi >> 8) & 0x1f;	/* S + type */
	dpl = desc_dpl(hi);
	if (seg == R_SS) {
		/* writable data, RPL = DPL = CPL */
		if (rpl != cpl || dpl != cpl || (type & 0x1a) != 0x12)
			cpu_raise(cpu, EXC_GP, sel & 0xfffc);
		if (!(hi & 0x8000))
			cpu_raise(cpu, EXC_SS, sel & 0xfffc);
	} else {
		/* data or readable code */
		if (!(type & 0x10) || (type & 0x1a) == 0x18)
			cpu_raise(cpu, EXC_GP, sel & 0xfffc);
		/* data and non-conforming code: DPL >= CPL and RPL */
		if ((type & 0x1c) != 0x1c && (dpl < cpl || dpl < rpl))
			cpu_raise(cpu, EXC_GP, sel & 0xfffc);
		if (!(hi & 0x8000))
			cpu_raise(cpu, EXC_NP, sel & 0xfffc);
	}
	desc_set_accessed(cpu, sel, hi);
	seg_from_desc(&cpu->seg[seg], sel, lo, hi | 0x100);
	cpu_update_hflags(cpu);
}

/* --- stack access during transfers --- */

/* A stack being pushed or popped by a transfer: the current one, or the
 * new one of a privilege change before SS is loaded with it.  Every
 * access is checked against the segment's limit: #SS with @err. */
struct stk {
	struct x86_seg seg;
	uint32_t sp, mask;
	int mmu;
	uint32_t err;
};

static void stk_init(struct stk *s, const struct x86_seg *seg, uint32_t sp,
		     int mmu, uint32_t err)
{
	s->seg = *seg;
	s->mask = (seg->flags & DESC_B) ? 0xffffffffu : 0xffffu;
	s->sp = sp;
	s->mmu = mmu;
	s->err = err;
}

static uint32_t stk_addr(struct x86_cpu *cpu, struct stk *s, unsigned size)
{
	uint32_t off = s->sp & s->mask;

	if (!seg_limit_ok(&s->seg, off, size))
		cpu_raise(cpu, EXC_SS, s->err);
	return s->seg.base + off;
}

static void stk_push(struct x86_cpu *cpu, struct stk *s, uint32_t v, unsigned size)
{
	s->sp -= size;
	mmu_st_lin(cpu, stk_addr(cpu, s, size), v, size, s->mmu);
}

static uint32_t stk_pop(struct x86_cpu *cpu, struct stk *s, unsigned size)
{
	uint32_t v = mmu_ld_lin(cpu, stk_addr(cpu, s, size), size, s->mmu);

	s->sp += size;
	return v;
}

static void set_esp(struct x86_cpu *cpu, uint32_t sp, uint32_t mask)
{
	cpu->regs[R_ESP] = (cpu->regs[R_ESP] & ~mask) | (sp & mask);
}

static int cur_mmu(struct x86_cpu *cpu)
{
	return cpu_cpl(cpu) == 3 ? MMU_IDX_USER : MMU_IDX_KERNEL;
}

/* The stack of the current SS: limit faults are #SS(0). */
static void stk_cur(struct x86_cpu *cpu, struct stk *s)
{
	stk_init(s, &cpu->seg[R_SS], cpu->regs[R_ESP], cur_mmu(cpu), 0);
}

/* Read SS:ESP for privilege level @dpl from the current TSS (§7.2.1). */
static void tss_stack(struct x86_cpu *cpu, unsigned dpl, uint32_t *ss,
		      uint32_t *esp)
{
	bool tss32 = (cpu->tr.flags & 8) != 0;	/* type 9/11: 32-bit */
	uint32_t off = tss32 ? dpl * 8 + 4 : dpl * 4 + 2;
	unsigned sz = tss32 ? 4 : 2;

	if (!(cpu->tr.flags & DESC_P))
		cpu_raise(cpu, EXC_TS, cpu->tr.sel & 0xfffc);
	if (off + sz * 2 - 1 > cpu->tr.limit)
		cpu_raise(cpu, EXC_TS, cpu->tr.sel & 0xfffc);
	*esp = mmu_ld_lin(cpu, cpu->tr.base + off, sz, SYS_MMU);
	*ss = mmu_ld_lin(cpu, cpu->tr.base + off + sz, 2, SYS_MMU);
}

/* Validate a new stack segment for an inter-privilege transfer to @dpl;
 * raises #TS with @sel (SDM Vol. 3A §6.12.1). */
static void check_new_ss(struct x86_cpu *cpu, uint32_t ss, unsigned dpl,
			 uint32_t *lo, uint32_t *hi, int vec_np)
{
	if ((ss & ~3u) == 0)
		cpu_raise(cpu, EXC_TS, 0);
	if ((ss & 3) != dpl || !seg_read_desc(cpu, ss, lo, hi))
		cpu_raise(cpu, EXC_TS, ss & 0xfffc);
	if (desc_dpl(*hi) != dpl || ((*hi >> 8) & 0x1a) != 0x12)
		cpu_raise(cpu, EXC_TS, ss & 0xfffc);
	if (!(*hi & 0x8000))
		cpu_raise(cpu, vec_np, ss & 0xfffc);
}

static void load_cs(struct x86_cpu *cpu, uint32_t sel, uint32_t lo, uint32_t hi,
		    unsigned cpl)
{
	seg_from_desc(&cpu->seg[R_CS], (sel & ~3u) | cpl, lo, hi | 0x100);
	/* CPL is the cached CS DPL field for conforming code as well */
	cpu->seg[R_CS].flags = (cpu->seg[R_CS].flags & ~(3u << DESC_DPL_SHIFT)) |
			       (cpl << DESC_DPL_SHIFT);
}

/* After a privilege change, data segments the new CPL may not use are
 * nulled (SDM Vol. 3A §5.8.6, RET and IRET "for each of ES, FS, GS, DS"). */
static void null_inaccessible_segs(struct x86_cpu *cpu, unsigned cpl)
{
	static const int segs[] = { R_ES, R_DS, R_FS, R_GS };
	unsigned i;

	for (i = 0; i < 4; i++) {
		struct x86_seg *s = &cpu->seg[segs[i]];
		unsigned dpl = (s->flags >> DESC_DPL_SHIFT) & 3;
		bool conf_code = (s->flags & (DESC_CODE | DESC_CONF)) ==
				 (DESC_CODE | DESC_CONF);

		if (!conf_code && dpl < cpl) {
			s->sel = 0;
			s->flags = 0;
		}
	}
}

/* --- interrupts and exceptions (SDM Vol. 3A §6.12) --- */

static void do_interrupt_real(struct x86_cpu *cpu, int vec, uint32_t next_eip)
{
	struct stk s;
	uint32_t off, sel;

	if ((uint32_t)vec * 4 + 3 > cpu->idt.limit)
		cpu_raise(cpu, EXC_GP, (uint32_t)vec * 8 + 2);
	off = mmu_ld_lin(cpu, cpu->idt.base + (uint32_t)vec * 4, 2, SYS_MMU);
	sel = mmu_ld_lin(cpu, cpu->idt.base + (uint32_t)vec * 4 + 2, 2, SYS_MMU);
	stk_cur(cpu, &s);
	stk_push(cpu, &s, cpu_get_eflags(cpu), 2);
	stk_push(cpu, &s, cpu->seg[R_CS].sel, 2);
	stk_push(cpu, &s, next_eip, 2);
	set_esp(cpu, s.sp, s.mask);
	cpu->eflags &= ~(IF_MASK | TF_MASK | AC_MASK | RF_MASK);
	seg_load_real(cpu, R_CS, sel);
	cpu->eip = off;
	cpu_update_hflags(cpu);
}

static void do_interrupt_prot(struct x86_cpu *cpu, int vec, bool is_sw,
			      bool has_err, uint32_t err, uint32_t next_eip)
{
	uint32_t ext = is_sw ? 0 : 1;
	uint32_t idt_err = (uint32_t)vec * 8 + 2 + ext;
	uint32_t glo, ghi, type, sel, off, lo, hi, dpl, cpl = cpu_cpl(cpu);
	uint32_t old_eflags = cpu_get_eflags(cpu), new_ss = 0, new_esp = 0;
	uint32_t ss_lo = 0, ss_hi = 0;
	bool gate32, vm = cpu->eflags & VM_MASK, outer;
	struct stk s;
	unsigned sz;

	if ((uint32_t)vec * 8 + 7 > cpu->idt.limit)
		cpu_raise(cpu, EXC_GP, idt_err);
	glo = mmu_ld_lin(cpu, cpu->idt.base + (uint32_t)vec * 8, 4, SYS_MMU);
	ghi = mmu_ld_lin(cpu, cpu->idt.base + (uint32_t)vec * 8 + 4, 4, SYS_MMU);
	type = (ghi >> 8) & 0x1f;
	if (type != 5 && type != 6 && type != 7 && type != 14 && type != 15)
		cpu_raise(cpu, EXC_GP, idt_err);
	if (is_sw && desc_dpl(ghi) < cpl)
		cpu_raise(cpu, EXC_GP, idt_err);
	if (!(ghi & 0x8000))
		cpu_raise(cpu, EXC_NP, idt_err);
	if (type == 5) {
		/* task gate (SDM Vol. 3A §6.12.2) */
		task_switch(cpu, glo >> 16, TASK_INT, next_eip, has_err, err);
		return;
	}
	gate32 = type & 8;
	sel = glo >> 16;
	off = (glo & 0xffff) | (gate32 ? (ghi & 0xffff0000u) : 0);

	if ((sel & ~3u) == 0)
		cpu_raise(cpu, EXC_GP, ext);
	if (!seg_read_desc(cpu, sel, &lo, &hi))
		cpu_raise(cpu, EXC_GP, (sel & 0xfffc) + ext);
	dpl = desc_dpl(hi);
	if ((hi & 0x1800) != 0x1800 || dpl > cpl)
		cpu_raise(cpu, EXC_GP, (sel & 0xfffc) + ext);
	if (!(hi & 0x8000))
		cpu_raise(cpu, EXC_NP, (sel & 0xfffc) + ext);

	outer = !(hi & 0x400) && dpl < cpl;
	if (vm && (!outer || dpl != 0))
		cpu_raise(cpu, EXC_GP, (sel & 0xfffc) + ext);
	sz = gate32 ? 4 : 2;
	if (outer) {
		tss_stack(cpu, dpl, &new_ss, &new_esp);
		check_new_ss(cpu, new_ss, dpl, &ss_lo, &ss_hi, EXC_SS);
		{
			struct x86_seg tmp;

			seg_from_desc(&tmp, new_ss, ss_lo, ss_hi);
			/* a push beyond the new stack's limit: #SS(new SS) */
			stk_init(&s, &tmp, new_esp, MMU_IDX_KERNEL, new_ss & 0xfffc);
		}
		if (vm) {
			stk_push(cpu, &s, cpu->seg[R_GS].sel, sz);
			stk_push(cpu, &s, cpu->seg[R_FS].sel, sz);
			stk_push(cpu, &s, cpu->seg[R_DS].sel, sz);
			stk_push(cpu, &s, cpu->seg[R_ES].sel, sz);
		}
		stk_push(cpu, &s, cpu->seg[R_SS].sel, sz);
		stk_push(cpu, &s, cpu->regs[R_ESP], sz);
	} else {
		/* same privilege (a conforming handler keeps the CPL): the
		 * pushes are accesses of the current CPL */
		stk_cur(cpu, &s);
	}
	stk_push(cpu, &s, old_eflags, sz);
	stk_push(cpu, &s, cpu->seg[R_CS].sel, sz);
	stk_push(cpu, &s, next_eip, sz);
	if (has_err)
		stk_push(cpu, &s, err, sz);

	/* commit */
	if (outer) {
		desc_set_accessed(cpu, new_ss, ss_hi);
		seg_from_desc(&cpu->seg[R_SS], new_ss, ss_lo, ss_hi | 0x100);
		if (vm) {
			static const int segs[] = { R_ES, R_DS, R_FS, R_GS };
			int i;

			for (i = 0; i < 4; i++) {
				cpu->seg[segs[i]].sel = 0;
				cpu->seg[segs[i]].base = 0;
				cpu->seg[segs[i]].limit = 0;
				cpu->seg[segs[i]].flags = 0;
			}
		}
	}
	set_esp(cpu, s.sp, s.mask);
	desc_set_accessed(cpu, sel, hi);
	load_cs(cpu, sel, lo, hi, outer ? dpl : cpl);
	cpu->eip = gate32 ? off : off & 0xffff;
	cpu->eflags &= ~(TF_MASK | VM_MASK | RF_MASK | NT_MASK);
	if (!(type & 1))
		cpu->eflags &= ~IF_MASK;
	cpu_update_hflags(cpu);
}

void cpu_do_interrupt(struct x86_cpu *cpu, int vector, bool is_sw,
		      bool has_error, uint32_t error, uint32_t next_eip)
{
	log_msg(LOG_INT, "int 0x%02x%s err=%x at %04x:%08x next=%08x\n", vector,
		is_sw ? " (sw)" : "", error, cpu->seg[R_CS].sel, cpu->eip, next_eip);
	if (cpu->cr[0] & CR0_PE)
		do_interrupt_prot(cpu, vector, is_sw, has_error, error, next_eip);
	else
		do_interrupt_real(cpu, vector, next_eip);
}

/* --- far transfers --- */

static void far_real(struct x86_cpu *cpu, uint32_t sel, uint32_t off)
{
	seg_load_real(cpu, R_CS, sel);
	cpu->eip = off;
}

/* Check a code segment for a direct far jmp/call (SDM "JMP", "CALL"). */
static void check_code_direct(struct x86_cpu *cpu, uint32_t sel, uint32_t hi)
{
	unsigned cpl = cpu_cpl(cpu), dpl = desc_dpl(hi), rpl = sel & 3;

	if (hi & 0x400) {		/* conforming */
		if (dpl > cpl)
			cpu_raise(cpu, EXC_GP, sel & 0xfffc);
	} else if (rpl > cpl || dpl != cpl) {
		cpu_raise(cpu, EXC_GP, sel & 0xfffc);
	}
	if (!(hi & 0x8000))
		cpu_raise(cpu, EXC_NP, sel & 0xfffc);
}

static void check_eip_limit(struct x86_cpu *cpu, uint32_t off, uint32_t lo,
			    uint32_t hi)
{
	struct x86_seg tmp;

	seg_from_desc(&tmp, 0, lo, hi);
	if (off > tmp.limit)
		cpu_raise(cpu, EXC_GP, 0);
}

/* jmp/call to a TSS descriptor or a task gate (SDM "JMP", "CALL":
 * TASK-GATE and TASK-STATE-SEGMENT).  Returns false for other types. */
static bool far_to_task(struct x86_cpu *cpu, uint32_t sel, uint32_t hi,
			uint32_t type, enum task_source src, uint32_t next_eip)
{
	unsigned cpl = cpu_cpl(cpu), dpl = desc_dpl(hi);

	if (type != 1 && type != 9 && type != 5)
		return false;
	if (dpl < cpl || dpl < (sel & 3))
		cpu_raise(cpu, EXC_GP, sel & 0xfffc);
	if (!(hi & 0x8000))
		cpu_raise(cpu, EXC_NP, sel & 0xfffc);
	if (type == 5) {
		uint32_t lo2, hi2;

		seg_read_desc(cpu, sel, &lo2, &hi2);
		sel = lo2 >> 16;
	}
	task_switch(cpu, sel, src, next_eip, false, 0);
	return true;
}

void seg_far_jmp(struct x86_cpu *cpu, uint32_t sel, uint32_t off,
		 uint32_t next_eip)
{
	uint32_t lo, hi, type;

	(void)next_eip;
	if ((cpu->hflags & (HF_PE | HF_VM)) != HF_PE) {
		far_real(cpu, sel, off);
		return;
	}
	if ((sel & ~3u) == 0)
		cpu_raise(cpu, EXC_GP, 0);
	if (!seg_read_desc(cpu, sel, &lo, &hi))
		cpu_raise(cpu, EXC_GP, sel & 0xfffc);
	type = (hi >> 8) & 0x1f;
	if ((type & 0x18) == 0x18) {
		check_code_direct(cpu, sel, hi);
		check_eip_limit(cpu, off, lo, hi);
		desc_set_accessed(cpu, sel, hi);
		load_cs(cpu, sel, lo, hi, cpu_cpl(cpu));
		cpu->eip = off;
		cpu_update_hflags(cpu);
		return;
	}
	if (type == 4 || type == 12) {
		/* call gate: jmp goes to the same privilege only */
		uint32_t gsel = lo >> 16, goff = (lo & 0xffff) |
			(type == 12 ? (hi & 0xffff0000u) : 0);
		uint32_t clo, chi;

		if (desc_dpl(hi) < cpu_cpl(cpu) || desc_dpl(hi) < (sel & 3))
			cpu_raise(cpu, EXC_GP, sel & 0xfffc);
		if (!(hi & 0x8000))
			cpu_raise(cpu, EXC_NP, sel & 0xfffc);
		if ((gsel & ~3u) == 0)
			cpu_raise(cpu, EXC_GP, 0);
		if (!seg_read_desc(cpu, gsel, &clo, &chi) || (chi & 0x1800) != 0x1800)
			cpu_raise(cpu, EXC_GP, gsel & 0xfffc);
		if (((chi & 0x400) && desc_dpl(chi) > cpu_cpl(cpu)) ||
		    (!(chi & 0x400) && desc_dpl(chi) != cpu_cpl(cpu)))
			cpu_raise(cpu, EXC_GP, gsel & 0xfffc);
		if (!(chi & 0x8000))
			cpu_raise(cpu, EXC_NP, gsel & 0xfffc);
		check_eip_limit(cpu, goff, clo, chi);
		load_cs(cpu, gsel, clo, chi, cpu_cpl(cpu));
		cpu->eip = goff;
		cpu_update_hflags(cpu);
		return;
	}
	if (far_to_task(cpu, sel, hi, type, TASK_JMP, next_eip))
		return;
	cpu_raise(cpu, EXC_GP, sel & 0xfffc);
}

void seg_far_call(struct x86_cpu *cpu, uint32_t sel, uint32_t off,
		  bool op32, uint32_t next_eip)
{
	uint32_t lo, hi, type;
	unsigned sz = op32 ? 4 : 2, cpl = cpu_cpl(cpu);
	struct stk s;

	if ((cpu->hflags & (HF_PE | HF_VM)) != HF_PE) {
		stk_cur(cpu, &s);
		stk_push(cpu, &s, cpu->seg[R_CS].sel, sz);
		stk_push(cpu, &s, next_eip, sz);
		set_esp(cpu, s.sp, s.mask);
		far_real(cpu, sel, off);
		return;
	}
	if ((sel & ~3u) == 0)
		cpu_raise(cpu, EXC_GP, 0);
	if (!seg_read_desc(cpu, sel, &lo, &hi))
		cpu_raise(cpu, EXC_GP, sel & 0xfffc);
	type = (hi >> 8) & 0x1f;
	if ((type & 0x18) == 0x18) {
		check_code_direct(cpu, sel, hi);
		check_eip_limit(cpu, off, lo, hi);
		stk_cur(cpu, &s);
		stk_push(cpu, &s, cpu->seg[R_CS].sel, sz);
		stk_push(cpu, &s, next_eip, sz);
		set_esp(cpu, s.sp, s.mask);
		desc_set_accessed(cpu, sel, hi);
		load_cs(cpu, sel, lo, hi, cpl);
		cpu->eip = off;
		cpu_update_hflags(cpu);
		return;
	}
	if (type == 4 || type == 12) {
		/* call gate, SDM Vol. 3A §5.8.4-5.8.5 */
		uint32_t gsel = lo >> 16, goff = (lo & 0xffff) |
			(type == 12 ? (hi & 0xffff0000u) : 0);
		unsigned count = hi & 0x1f, gsz = type == 12 ? 4 : 2, dpl, i;
		uint32_t clo, chi, params[32];

		if (desc_dpl(hi) < cpl || desc_dpl(hi) < (sel & 3))
			cpu_raise(cpu, EXC_GP, sel & 0xfffc);
		if (!(hi & 0x8000))
			cpu_raise(cpu, EXC_NP, sel & 0xfffc);
		if ((gsel & ~3u) == 0)
			cpu_raise(cpu, EXC_GP, 0);
		if (!seg_read_desc(cpu, gsel, &clo, &chi) ||
		    (chi & 0x1800) != 0x1800 || desc_dpl(chi) > cpl)
			cpu_raise(cpu, EXC_GP, gsel & 0xfffc);
		if (!(chi & 0x8000))
			cpu_raise(cpu, EXC_NP, gsel & 0xfffc);
		check_eip_limit(cpu, goff, clo, chi);
		dpl = desc_dpl(chi);
		if (!(chi & 0x400) && dpl < cpl) {
			uint32_t new_ss, new_esp, ss_lo, ss_hi;
			struct x86_seg tmp;
			struct stk old;

			tss_stack(cpu, dpl, &new_ss, &new_esp);
			check_new_ss(cpu, new_ss, dpl, &ss_lo, &ss_hi, EXC_SS);
			seg_from_desc(&tmp, new_ss, ss_lo, ss_hi);
			stk_init(&s, &tmp, new_esp, MMU_IDX_KERNEL, new_ss & 0xfffc);
			stk_cur(cpu, &old);
			/* the parameters, read from the caller's stack */
			for (i = 0; i < count; i++)
				params[i] = stk_pop(cpu, &old, gsz);
			stk_push(cpu, &s, cpu->seg[R_SS].sel, gsz);
			stk_push(cpu, &s, cpu->regs[R_ESP], gsz);
			for (i = count; i > 0; i--)
				stk_push(cpu, &s, params[i - 1], gsz);
			stk_push(cpu, &s, cpu->seg[R_CS].sel, gsz);
			stk_push(cpu, &s, next_eip, gsz);
			desc_set_accessed(cpu, new_ss, ss_hi);
			seg_from_desc(&cpu->seg[R_SS], new_ss, ss_lo, ss_hi | 0x100);
			set_esp(cpu, s.sp, s.mask);
			load_cs(cpu, gsel, clo, chi, dpl);
		} else {
			stk_cur(cpu, &s);
			stk_push(cpu, &s, cpu->seg[R_CS].sel, gsz);
			stk_push(cpu, &s, next_eip, gsz);
			set_esp(cpu, s.sp, s.mask);
			load_cs(cpu, gsel, clo, chi, cpl);
		}
		cpu->eip = goff;
		cpu_update_hflags(cpu);
		return;
	}
	if (far_to_task(cpu, sel, hi, type, TASK_CALL, next_eip))
		return;
	cpu_raise(cpu, EXC_GP, sel & 0xfffc);
}

/* Return to @sel:@off popped from the stack, possibly to an outer level
 * (SDM "RET" and "IRET" protected-mode return). */
static void prot_return(struct x86_cpu *cpu, struct stk *s, uint32_t sel,
			uint32_t off, unsigned sz, uint32_t imm, bool is_iret,
			uint32_t eflags)
{
	unsigned cpl = cpu_cpl(cpu), rpl = sel & 3;
	uint32_t lo, hi;

	if ((sel & ~3u) == 0)
		cpu_raise(cpu, EXC_GP, 0);
	if (!seg_read_desc(cpu, sel, &lo, &hi))
		cpu_raise(cpu, EXC_GP, sel & 0xfffc);
	if ((hi & 0x1800) != 0x1800 || rpl < cpl)
		cpu_raise(cpu, EXC_GP, sel & 0xfffc);
	if ((hi & 0x400) ? desc_dpl(hi) > rpl : desc_dpl(hi) != rpl)
		cpu_raise(cpu, EXC_GP, sel & 0xfffc);
	if (!(hi & 0x8000))
		cpu_raise(cpu, EXC_NP, sel & 0xfffc);
	check_eip_limit(cpu, off, lo, hi);
	s->sp += imm;
	if (rpl == cpl) {
		set_esp(cpu, s->sp, s->mask);
	} else {
		uint32_t new_esp = stk_pop(cpu, s, sz);
		uint32_t new_ss = stk_pop(cpu, s, sz) & 0xffff;
		uint32_t ss_lo, ss_hi;

		if ((new_ss & ~3u) == 0 || (new_ss & 3) != rpl)
			cpu_raise(cpu, EXC_GP, new_ss & 0xfffc);
		if (!seg_read_desc(cpu, new_ss, &ss_lo, &ss_hi) ||
		    desc_dpl(ss_hi) != rpl || ((ss_hi >> 8) & 0x1a) != 0x12)
			cpu_raise(cpu, EXC_GP, new_ss & 0xfffc);
		if (!(ss_hi & 0x8000))
			cpu_raise(cpu, EXC_SS, new_ss & 0xfffc);
		desc_set_accessed(cpu, new_ss, ss_hi);
		seg_from_desc(&cpu->seg[R_SS], new_ss, ss_lo, ss_hi | 0x100);
		new_esp += imm;
		set_esp(cpu, new_esp, (ss_hi & (1u << 22)) ? ~0u : 0xffffu);
	}
	desc_set_accessed(cpu, sel, hi);
	load_cs(cpu, sel, lo, hi, rpl);
	cpu->eip = off;
	if (is_iret) {
		/* IRET: IOPL only at CPL 0, IF only at CPL <= IOPL */
		uint32_t mask = TF_MASK | DF_MASK | NT_MASK | RF_MASK | AC_MASK |
				ID_MASK;
		unsigned iopl = (cpu->eflags & IOPL_MASK) >> 12;

		if (cpl == 0)
			mask |= IOPL_MASK | VIF_MASK | VIP_MASK;
		if (cpl <= iopl)
			mask |= IF_MASK;
		if (sz == 2)
			mask &= 0xffff;
		cpu_set_eflags(cpu, eflags, mask | CC_MASK);
	}
	if (rpl > cpl)
		null_inaccessible_segs(cpu, rpl);
	cpu_update_hflags(cpu);
}

void seg_far_ret(struct x86_cpu *cpu, bool op32, uint32_t imm)
{
	unsigned sz = op32 ? 4 : 2;
	uint32_t off, sel;
	struct stk s;

	stk_cur(cpu, &s);
	off = stk_pop(cpu, &s, sz);
	sel = stk_pop(cpu, &s, sz) & 0xffff;
	if ((cpu->hflags & (HF_PE | HF_VM)) != HF_PE) {
		s.sp += imm;
		set_esp(cpu, s.sp, s.mask);
		far_real(cpu, sel, off);
		return;
	}
	prot_return(cpu, &s, sel, off, sz, imm, false, 0);
}

void seg_iret(struct x86_cpu *cpu, bool op32, uint32_t next_eip)
{
	unsigned sz = op32 ? 4 : 2;
	uint32_t off, sel, fl;
	struct stk s;

	(void)next_eip;
	if (cpu->hflags & HF_VM) {
		/* v86: IRET is IOPL-sensitive (SDM Vol. 3A §20.2.7) */
		if (((cpu->eflags & IOPL_MASK) >> 12) != 3)
			cpu_raise(cpu, EXC_GP, 0);
	}
	if ((cpu->hflags & (HF_PE | HF_VM)) == HF_PE && (cpu->eflags & NT_MASK)) {
		/* return to the task that called or interrupted this one
		 * (SDM "IRET": TASK-RETURN); nothing is popped */
		uint32_t back = mmu_ld_lin(cpu, cpu->tr.base, 2, MMU_IDX_KERNEL);

		task_switch(cpu, back, TASK_IRET, next_eip, false, 0);
		return;
	}
	stk_cur(cpu, &s);
	off = stk_pop(cpu, &s, sz);
	sel = stk_pop(cpu, &s, sz) & 0xffff;
	fl = stk_pop(cpu, &s, sz);
	if (!(cpu->cr[0] & CR0_PE) || (cpu->hflags & HF_VM)) {
		uint32_t mask = sz == 4 ? 0x257fd5u : 0x7fd5u;

		if (cpu->hflags & HF_VM)
			mask &= ~IOPL_MASK;	/* v86 cannot change IOPL */
		set_esp(cpu, s.sp, s.mask);
		far_real(cpu, sel, sz == 4 ? off : off & 0xffff);
		cpu_set_eflags(cpu, fl, mask | CC_MASK);
		cpu_update_hflags(cpu);
		return;
	}
	if (sz == 4 && (fl & VM_MASK) && cpu_cpl(cpu) == 0) {
		/* return to virtual-8086 mode (SDM "IRET", RETURN-TO-VM86) */
		uint32_t esp = stk_pop(cpu, &s, 4), ss = stk_pop(cpu, &s, 4);
		uint32_t es = stk_pop(cpu, &s, 4), ds = stk_pop(cpu, &s, 4);
		uint32_t fs = stk_pop(cpu, &s, 4), gs = stk_pop(cpu, &s, 4);

		cpu_set_eflags(cpu, fl, 0x3f7fd5u | CC_MASK);
		cpu_update_hflags(cpu);
		seg_load_real(cpu, R_CS, sel);
		seg_load_real(cpu, R_SS, ss);
		seg_load_real(cpu, R_ES, es);
		seg_load_real(cpu, R_DS, ds);
		seg_load_real(cpu, R_FS, fs);
		seg_load_real(cpu, R_GS, gs);
		cpu->regs[R_ESP] = esp;
		cpu->eip = off & 0xffff;
		cpu_update_hflags(cpu);
		return;
	}
	prot_return(cpu, &s, sel, off, sz, 0, true, fl);
}
