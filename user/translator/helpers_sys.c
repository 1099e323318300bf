// SPDX-License-Identifier: GPL-2.0-only
/*
 * Helpers of the system instructions: privilege and I/O permission checks,
 * control and debug registers, descriptor tables, MSRs, cpuid, and the
 * interrupt-related instructions (SDM Vol. 2 entries; Vol. 3A where noted).
 */
#include <string.h>
#include <time.h>

#include "core/io.h"
#include "core/lib/log.h"
#include "flags.h"
#include "helpers.h"
#include "ir.h"
#include "seg.h"
#include "softmmu.h"
#include "translator.h"

static const struct ir_helper helper_table[HELPER_COUNT] = {
#define H(name) [HELPER_##name] = { #name, helper_##name, false },
#define H_PURE(name) [HELPER_##name] = { #name, helper_##name, true },
#include "helpers.def"
#undef H_PURE
#undef H
};

void helpers_register(void)
{
	ir_set_helpers(helper_table, HELPER_COUNT);
}

static void require_cpl0(struct x86_cpu *cpu)
{
	if (cpu_cpl(cpu) != 0)
		cpu_raise(cpu, EXC_GP, 0);
}

static unsigned iopl(struct x86_cpu *cpu)
{
	return (cpu->eflags & IOPL_MASK) >> 12;
}


uint64_t helper_raise_err(HELPER_ARGS)
{
	HELPER_CPU;
	cpu_raise(cpu, (int)a, (uint32_t)b);
}

/* I/O permission (SDM Vol. 1 §19.5): CPL <= IOPL, else the TSS bitmap. */
int helper_check_io_perm(struct x86_cpu *cpu, uint32_t port, unsigned size)
{
	uint32_t base, bits;

	if (!(cpu->cr[0] & CR0_PE))
		return 0;
	if (!(cpu->hflags & HF_VM) && cpu_cpl(cpu) <= iopl(cpu))
		return 0;
	/* only a 32-bit TSS has a bitmap */
	if (!(cpu->tr.flags & DESC_P) || (cpu->tr.flags & 0xf) != 11 ||
	    cpu->tr.limit < 103)
		cpu_raise(cpu, EXC_GP, 0);
	base = mmu_ld_lin(cpu, cpu->tr.base + 0x66, 2, MMU_IDX_KERNEL);
	if (base + port / 8 + 1 > cpu->tr.limit)
		cpu_raise(cpu, EXC_GP, 0);
	bits = mmu_ld_lin(cpu, cpu->tr.base + base + port / 8, 2, MMU_IDX_KERNEL);
	if ((bits >> (port & 7)) & ((1u << size) - 1))
		cpu_raise(cpu, EXC_GP, 0);
	return 0;
}

uint64_t helper_in(HELPER_ARGS)
{
	HELPER_CPU;
	helper_check_io_perm(cpu, (uint32_t)a & 0xffff, (unsigned)b);
	return io_port_read((uint16_t)a, (unsigned)b);
}

uint64_t helper_out(HELPER_ARGS)
{
	HELPER_CPU;
	helper_check_io_perm(cpu, (uint32_t)a & 0xffff, (unsigned)b);
	io_port_write((uint16_t)a, (uint32_t)c, (unsigned)b);
	return 0;
}

uint64_t helper_hlt(HELPER_ARGS)
{
	HELPER_CPU;
	require_cpl0(cpu);
	cpu->eip = (uint32_t)b;
	cpu->halted = true;
	return 0;
}

/* cli/sti: IOPL-sensitive (SDM "CLI"); VME/PVI are not offered. */
uint64_t helper_cli(HELPER_ARGS)
{
	HELPER_CPU;
	if ((cpu->cr[0] & CR0_PE) && iopl(cpu) < ((cpu->hflags & HF_VM) ? 3 : cpu_cpl(cpu)))
		cpu_raise(cpu, EXC_GP, 0);
	cpu->eflags &= ~IF_MASK;
	return 0;
}

uint64_t helper_sti(HELPER_ARGS)
{
	HELPER_CPU;
	if ((cpu->cr[0] & CR0_PE) && iopl(cpu) < ((cpu->hflags & HF_VM) ? 3 : cpu_cpl(cpu)))
		cpu_raise(cpu, EXC_GP, 0);
	if (!(cpu->eflags & IF_MASK))
		cpu->hflags |= HF_INHIBIT_IRQ;
	cpu->eflags |= IF_MASK;
	return 0;
}

static uint32_t stack_mask(struct x86_cpu *cpu)
{
	return (cpu->seg[R_SS].flags & DESC_B) ? ~0u : 0xffffu;
}

uint64_t helper_pushf(HELPER_ARGS)
{
	HELPER_CPU;
	unsigned sz = (unsigned)c;
	uint32_t m = stack_mask(cpu), sp = cpu->regs[R_ESP] - sz;
	int mmu = cpu_cpl(cpu) == 3 ? MMU_IDX_USER : MMU_IDX_KERNEL;

	if ((cpu->hflags & HF_VM) && iopl(cpu) < 3)
		cpu_raise(cpu, EXC_GP, 0);
	/* VM and RF are pushed as 0 (SDM "PUSHF") */
	mmu_st(cpu, R_SS, sp & m, cpu_get_eflags(cpu) & ~(VM_MASK | RF_MASK),
	       sz == 4 ? MO_32 : MO_16, mmu);
	cpu->regs[R_ESP] = (cpu->regs[R_ESP] & ~m) | (sp & m);
	return 0;
}

uint64_t helper_popf(HELPER_ARGS)
{
	HELPER_CPU;
	unsigned sz = (unsigned)c, cpl = cpu_cpl(cpu);
	uint32_t m = stack_mask(cpu), sp = cpu->regs[R_ESP];
	int mmu = cpl == 3 ? MMU_IDX_USER : MMU_IDX_KERNEL;
	uint32_t v, mask = TF_MASK | DF_MASK | NT_MASK | AC_MASK | ID_MASK;

	if ((cpu->hflags & HF_VM) && iopl(cpu) < 3)
		cpu_raise(cpu, EXC_GP, 0);
	v = (uint32_t)mmu_ld(cpu, R_SS, sp & m, sz == 4 ? MO_32 : MO_16, mmu);
	/* IOPL changes only at CPL 0, IF only at CPL <= IOPL (SDM "POPF") */
	if (!(cpu->cr[0] & CR0_PE) || cpl == 0)
		mask |= IOPL_MASK;
	if (!(cpu->cr[0] & CR0_PE) || cpl <= iopl(cpu) || (cpu->hflags & HF_VM))
		mask |= IF_MASK;
	if (cpu->hflags & HF_VM)
		mask &= ~IOPL_MASK;
	if (sz == 2)
		mask &= 0xffff;
	cpu->regs[R_ESP] = (cpu->regs[R_ESP] & ~m) | ((sp + sz) & m);
	cpu_set_eflags(cpu, v, mask | CC_MASK);
	return 0;
}

/* a = the segment, b = the selector, c = 1 for lss (no shadow) */
uint64_t helper_load_seg(HELPER_ARGS)
{
	HELPER_CPU;
	seg_load(cpu, (int)a, (uint32_t)b);
	if ((int)a == R_SS && !c)
		cpu->hflags |= HF_INHIBIT_IRQ;	/* the mov ss shadow */
	return 0;
}

/* lgdt/lidt/sgdt/sidt: a = idt | op32 << 1 | seg << 4 | mmu << 8 |
 * addr32 << 12, b = effective address. */
uint64_t helper_lgdt_lidt(HELPER_ARGS)
{
	HELPER_CPU;
	int seg = (int)(a >> 4) & 15, mmu = (int)(a >> 8) & 15;
	uint32_t ea = (uint32_t)b, ea2 = ea + 2;
	uint32_t limit, base;
	struct x86_dtr *t = (a & 1) ? &cpu->idt : &cpu->gdt;

	require_cpl0(cpu);
	if (!((a >> 12) & 1))
		ea2 &= 0xffff;
	limit = (uint32_t)mmu_ld(cpu, seg, ea, MO_16, mmu);
	base = (uint32_t)mmu_ld(cpu, seg, ea2, MO_32, mmu);
	/* a 16-bit operand loads 24 bits of base */
	if (!(a & 2))
		base &= 0xffffff;
	t->limit = limit;
	t->base = base;
	return 0;
}

uint64_t helper_sgdt_sidt(HELPER_ARGS)
{
	HELPER_CPU;
	int seg = (int)(a >> 4) & 15, mmu = (int)(a >> 8) & 15;
	uint32_t ea = (uint32_t)b, ea2 = ea + 2;
	struct x86_dtr *t = (a & 1) ? &cpu->idt : &cpu->gdt;

	if (!((a >> 12) & 1))
		ea2 &= 0xffff;
	/* check both parts before writing either */
	seg_check(cpu, seg, ea, 2, ACC_WRITE);
	seg_check(cpu, seg, ea2, 4, ACC_WRITE);
	mmu_st(cpu, seg, ea, t->limit, MO_16, mmu);
	mmu_st(cpu, seg, ea2, t->base, MO_32, mmu);
	return 0;
}

static void require_pm(struct x86_cpu *cpu)
{
	if (!(cpu->cr[0] & CR0_PE) || (cpu->hflags & HF_VM))
		cpu_raise(cpu, EXC_UD, 0);
}

uint64_t helper_lldt(HELPER_ARGS)
{
	HELPER_CPU;
	uint32_t sel = (uint32_t)a & 0xffff, lo, hi;

	require_pm(cpu);
	require_cpl0(cpu);
	if ((sel & ~3u) == 0) {
		cpu->ldt.sel = sel;
		cpu->ldt.flags = 0;
		return 0;
	}
	if ((sel & 4) || !seg_read_desc(cpu, sel, &lo, &hi) ||
	    ((hi >> 8) & 0x1f) != 2)
		cpu_raise(cpu, EXC_GP, sel & 0xfffc);
	if (!(hi & 0x8000))
		cpu_raise(cpu, EXC_NP, sel & 0xfffc);
	seg_from_desc((struct x86_seg *)&cpu->ldt, sel, lo, hi);
	return 0;
}

uint64_t helper_ltr(HELPER_ARGS)
{
	HELPER_CPU;
	uint32_t sel = (uint32_t)a & 0xffff, lo, hi, type;

	require_pm(cpu);
	require_cpl0(cpu);
	if ((sel & ~3u) == 0)
		cpu_raise(cpu, EXC_GP, 0);
	if ((sel & 4) || !seg_read_desc(cpu, sel, &lo, &hi))
		cpu_raise(cpu, EXC_GP, sel & 0xfffc);
	type = (hi >> 8) & 0x1f;
	if (type != 1 && type != 9)	/* available 16- or 32-bit TSS */
		cpu_raise(cpu, EXC_GP, sel & 0xfffc);
	if (!(hi & 0x8000))
		cpu_raise(cpu, EXC_NP, sel & 0xfffc);
	/* mark it busy in the GDT (SDM "LTR") */
	mmu_st_lin(cpu, cpu->gdt.base + (sel & ~7u) + 4, hi | 0x200, 4,
		   MMU_IDX_KERNEL);
	seg_from_desc((struct x86_seg *)&cpu->tr, sel, lo, hi | 0x200);
	return 0;
}

uint64_t helper_sldt_str(HELPER_ARGS)
{
	HELPER_CPU;
	require_pm(cpu);
	return a ? cpu->tr.sel : cpu->ldt.sel;
}

uint64_t helper_mov_to_cr(HELPER_ARGS)
{
	HELPER_CPU;
	uint32_t v = (uint32_t)b, old;

	require_cpl0(cpu);
	switch (a) {
	case 0:
		/* SDM Vol. 3A §2.5: PG without PE, or NW without CD, is #GP */
		if (((v & CR0_PG) && !(v & CR0_PE)) || ((v & CR0_NW) && !(v & CR0_CD)))
			cpu_raise(cpu, EXC_GP, 0);
		old = cpu->cr[0];
		cpu->cr[0] = v | CR0_ET;
		if ((old ^ v) & (CR0_PG | CR0_WP | CR0_PE))
			tlb_flush(cpu, true);
		break;
	case 2:
		cpu->cr[2] = v;
		break;
	case 3:
		cpu->cr[3] = v;
		tlb_flush(cpu, false);
		break;
	case 4:
		if (v & ~(CR4_VME | CR4_PVI | CR4_TSD | CR4_DE | CR4_PSE | CR4_PAE |
			  CR4_MCE | CR4_PGE | CR4_PCE | CR4_OSFXSR | CR4_OSXMMEXCPT))
			cpu_raise(cpu, EXC_GP, 0);
		cpu->cr[4] = v;
		tlb_flush(cpu, true);
		break;
	default:
		cpu_raise(cpu, EXC_UD, 0);
	}
	cpu_update_hflags(cpu);
	return 0;
}

uint64_t helper_mov_from_cr(HELPER_ARGS)
{
	HELPER_CPU;
	unsigned n = (unsigned)a & 0xff;

	/* smsw (a & 0x100) is not privileged */
	if (!(a & 0x100))
		require_cpl0(cpu);
	if (n == 1 || n > 4)
		cpu_raise(cpu, EXC_UD, 0);
	return cpu->cr[n];
}

uint64_t helper_mov_to_dr(HELPER_ARGS)
{
	HELPER_CPU;
	require_cpl0(cpu);
	if (a == 4 || a == 5) {
		if (cpu->cr[4] & CR4_DE)
			cpu_raise(cpu, EXC_UD, 0);
		a += 2;
	}
	if (a > 7)
		cpu_raise(cpu, EXC_UD, 0);
	cpu->dr[a] = (uint32_t)b;
	if (a == 6)
		cpu->dr[6] = ((uint32_t)b & 0xf00f) | 0xffff0ff0u;
	if (a == 7)
		cpu->dr[7] = ((uint32_t)b & 0xffff2bff) | 0x400;
	return 0;
}

uint64_t helper_mov_from_dr(HELPER_ARGS)
{
	HELPER_CPU;
	require_cpl0(cpu);
	if (a == 4 || a == 5) {
		if (cpu->cr[4] & CR4_DE)
			cpu_raise(cpu, EXC_UD, 0);
		a += 2;
	}
	if (a > 7)
		cpu_raise(cpu, EXC_UD, 0);
	return cpu->dr[a];
}

uint64_t helper_lmsw(HELPER_ARGS)
{
	HELPER_CPU;
	/* lmsw sets PE but cannot clear it (SDM "LMSW") */
	uint32_t v = (cpu->cr[0] & ~0xeu) | ((uint32_t)a & 0xf);

	require_cpl0(cpu);
	cpu->cr[0] = v | (cpu->cr[0] & CR0_PE);
	cpu_update_hflags(cpu);
	return 0;
}

uint64_t helper_clts(HELPER_ARGS)
{
	HELPER_CPU;
	require_cpl0(cpu);
	cpu->cr[0] &= ~CR0_TS;
	return 0;
}

uint64_t helper_invlpg(HELPER_ARGS)
{
	HELPER_CPU;
	require_cpl0(cpu);
	tlb_flush_page(cpu, cpu->seg[b].base + (uint32_t)a);
	return 0;
}

uint64_t helper_wbinvd(HELPER_ARGS)
{
	HELPER_CPU;
	require_cpl0(cpu);
	return 0;
}

static uint64_t tsc_now(struct x86_cpu *cpu)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	/* a 1 GHz TSC */
	return (uint64_t)ts.tv_sec * 1000000000u + (uint64_t)ts.tv_nsec +
	       cpu->tsc_offset;
}

uint64_t helper_rdtsc(HELPER_ARGS)
{
	HELPER_CPU;
	uint64_t t;

	if ((cpu->cr[4] & CR4_TSD) && cpu_cpl(cpu) != 0)
		cpu_raise(cpu, EXC_GP, 0);
	t = tsc_now(cpu);
	cpu->regs[R_EAX] = (uint32_t)t;
	cpu->regs[R_EDX] = (uint32_t)(t >> 32);
	return 0;
}

/* CPUID (SDM Vol. 2A "CPUID"): what the -cpu model says, cut down to
 * what is implemented (cpu_model.c). */
uint64_t helper_cpuid(HELPER_ARGS)
{
	HELPER_CPU;
	const struct cpu_config *cfg = &cpu->cpuid;
	const struct cpu_model *m = cfg->model;
	uint32_t leaf = cpu->regs[R_EAX], r[4] = { 0, 0, 0, 0 };
	uint32_t max_ext = m->brand ? 0x80000008 : 0x80000001;

	/* leaves above the maximum report the highest basic leaf (Intel) */
	if (leaf >= 0x80000000 ? leaf > max_ext : leaf > m->max_leaf)
		leaf = m->max_leaf;
	switch (leaf) {
	case 0x80000000:
		r[0] = max_ext;
		memcpy(&r[1], m->vendor, 4);
		memcpy(&r[3], m->vendor + 4, 4);
		memcpy(&r[2], m->vendor + 8, 4);
		break;
	case 0x80000001:
		r[3] = cfg->features[FEAT_8001_EDX];
		break;
	case 0x80000002: case 0x80000003: case 0x80000004: {
		/* the brand string, 48 bytes over three leaves */
		char brand[48] = { 0 };

		strncpy(brand, m->brand, sizeof(brand) - 1);
		memcpy(r, brand + (leaf - 0x80000002) * 16, 16);
		break;
	}
	case 0x80000008:
		r[0] = 0x2024;		/* 36 physical, 32 linear address bits */
		break;
	case 0:
		r[0] = m->max_leaf;
		memcpy(&r[1], m->vendor, 4);
		memcpy(&r[3], m->vendor + 4, 4);
		memcpy(&r[2], m->vendor + 8, 4);
		break;
	case 1:
		r[0] = cpu_signature(cpu);
		/* CLFLUSH line size in 8-byte units, one logical processor */
		r[1] = (cfg->features[FEAT_1_EDX] & CPUID_CLFLUSH) ? 8 << 8 : 0;
		r[2] = cfg->features[FEAT_1_ECX];
		r[3] = cfg->features[FEAT_1_EDX];
		break;
	case 2:
		/* cache descriptors: "no information, see leaf 4" is not
		 * valid before Core; report none (0x01 in AL: one call) */
		r[0] = 1;
		break;
	default:
		break;
	}
	cpu->regs[R_EAX] = r[0];
	cpu->regs[R_EBX] = r[1];
	cpu->regs[R_ECX] = r[2];
	cpu->regs[R_EDX] = r[3];
	return 0;
}

/* The MTRRs (SDM Vol. 3A §12.11): kept so firmware and kernels read back
 * what they set; memory types have no effect in an emulator.  MTRRcap
 * reports 8 variable ranges, fixed ranges and write-combining. */
static uint64_t *mtrr_reg(struct x86_cpu *cpu, uint32_t msr)
{
	static const uint32_t fixed[11] = {
		0x250, 0x258, 0x259, 0x268, 0x269, 0x26a, 0x26b, 0x26c,
		0x26d, 0x26e, 0x26f,
	};

	if (!(cpu->cpuid.features[FEAT_1_EDX] & CPUID_MTRR))
		return NULL;
	if (msr >= 0x200 && msr < 0x210)
		return &cpu->mtrr_var[msr - 0x200];
	if (msr == 0x2ff)
		return &cpu->mtrr_def_type;
	for (int i = 0; i < 11; i++)
		if (fixed[i] == msr)
			return &cpu->mtrr_fixed[i];
	return NULL;
}

uint64_t helper_rdmsr(HELPER_ARGS)
{
	HELPER_CPU;
	uint64_t v;

	require_cpl0(cpu);
	switch (cpu->regs[R_ECX]) {
	case MSR_IA32_TSC:
		v = tsc_now(cpu);
		break;
	case MSR_IA32_APICBASE:
		v = cpu->apic_base;
		break;
	case MSR_IA32_SYSENTER_CS:
		v = cpu->sysenter_cs;
		break;
	case MSR_IA32_SYSENTER_ESP:
		v = cpu->sysenter_esp;
		break;
	case MSR_IA32_SYSENTER_EIP:
		v = cpu->sysenter_eip;
		break;
	case 0x277:
		v = cpu->pat;
		break;
	case MSR_EFER:
		v = cpu->efer;
		break;
	case MSR_IA32_BIOS_SIGN_ID:
		/* the microcode revision, in the high half (SDM Vol. 3A
		 * §10.11.7.1); QEMU reports 1 too */
		v = 1ull << 32;
		break;
	case MSR_MTRRCAP:
		if (!(cpu->cpuid.features[FEAT_1_EDX] & CPUID_MTRR))
			cpu_raise(cpu, EXC_GP, 0);
		v = 8 | (1u << 8) | (1u << 10);	/* VCNT 8, FIX, WC */
		break;
	case MSR_IA32_MISC_ENABLE:
		/* fast strings (bit 0) on, as on the P6 family */
		v = cpu->misc_enable;
		break;
	default:
		if (mtrr_reg(cpu, cpu->regs[R_ECX])) {
			v = *mtrr_reg(cpu, cpu->regs[R_ECX]);
			break;
		}
		log_msg(LOG_UNIMP, "rdmsr 0x%x\n", cpu->regs[R_ECX]);
		cpu_raise(cpu, EXC_GP, 0);
	}
	cpu->regs[R_EAX] = (uint32_t)v;
	cpu->regs[R_EDX] = (uint32_t)(v >> 32);
	return 0;
}

uint64_t helper_wrmsr(HELPER_ARGS)
{
	HELPER_CPU;
	uint64_t v = cpu->regs[R_EAX] | (uint64_t)cpu->regs[R_EDX] << 32;

	require_cpl0(cpu);
	switch (cpu->regs[R_ECX]) {
	case MSR_IA32_TSC:
		cpu->tsc_offset = 0;
		cpu->tsc_offset = v - tsc_now(cpu);
		break;
	case MSR_IA32_APICBASE:
		cpu->apic_base = v;
		break;
	case MSR_IA32_SYSENTER_CS:
		cpu->sysenter_cs = (uint32_t)v;
		break;
	case MSR_IA32_SYSENTER_ESP:
		cpu->sysenter_esp = (uint32_t)v;
		break;
	case MSR_IA32_SYSENTER_EIP:
		cpu->sysenter_eip = (uint32_t)v;
		break;
	case 0x277:
		cpu->pat = v;
		break;
	case MSR_IA32_BIOS_SIGN_ID:
		/* software writes 0 before CPUID to read the revision */
		break;
	case MSR_EFER:
		/* NXE is the only bit an i386 guest may set (no long mode,
		 * no SYSCALL on this model) */
		if (v & ~(uint64_t)EFER_NXE)
			cpu_raise(cpu, EXC_GP, 0);
		cpu->efer = v;
		tlb_flush(cpu, true);
		break;
	case MSR_IA32_MISC_ENABLE:
		cpu->misc_enable = v;
		break;
	default:
		if (mtrr_reg(cpu, cpu->regs[R_ECX])) {
			*mtrr_reg(cpu, cpu->regs[R_ECX]) = v;
			break;
		}
		log_msg(LOG_UNIMP, "wrmsr 0x%x\n", cpu->regs[R_ECX]);
		cpu_raise(cpu, EXC_GP, 0);
	}
	return 0;
}

/* int n (a = vector | 0x100 for int3 | 0x200 for int1), b = next eip */
uint64_t helper_int(HELPER_ARGS)
{
	HELPER_CPU;
	int vec = (int)(a & 0xff);

	/* v86 int n with IOPL < 3 is #GP(0) (SDM Vol. 3A §20.3.3) */
	if ((cpu->hflags & HF_VM) && iopl(cpu) < 3 && !(a & 0x300))
		cpu_raise(cpu, EXC_GP, 0);
	cpu_do_interrupt(cpu, vec, !(a & 0x200), false, 0, (uint32_t)b);
	return 0;
}

uint64_t helper_into(HELPER_ARGS)
{
	HELPER_CPU;
	if (cc_compute_all(cpu) & CC_O)
		cpu_do_interrupt(cpu, EXC_OF, true, false, 0, (uint32_t)b);
	else
		cpu->eip = (uint32_t)b;
	return 0;
}

uint64_t helper_iret(HELPER_ARGS)
{
	HELPER_CPU;
	seg_iret(cpu, c != 0, (uint32_t)b);
	return 0;
}

/* far jmp/call: a = selector, b = offset, c = next eip | op32 << 32 */
uint64_t helper_far_jmp(HELPER_ARGS)
{
	HELPER_CPU;
	uint32_t off = (c >> 32) ? (uint32_t)b : (uint32_t)b & 0xffff;

	seg_far_jmp(cpu, (uint32_t)a & 0xffff, off, (uint32_t)c);
	return 0;
}

uint64_t helper_far_call(HELPER_ARGS)
{
	HELPER_CPU;
	uint32_t off = (c >> 32) ? (uint32_t)b : (uint32_t)b & 0xffff;

	seg_far_call(cpu, (uint32_t)a & 0xffff, off, (c >> 32) != 0, (uint32_t)c);
	return 0;
}

uint64_t helper_far_ret(HELPER_ARGS)
{
	HELPER_CPU;
	seg_far_ret(cpu, b != 0, (uint32_t)a);
	return 0;
}

/* lar/lsl/verr/verw: ZF reports validity (SDM "LAR", Table of types). */
static bool desc_visible(struct x86_cpu *cpu, uint32_t sel, uint32_t *lo,
			 uint32_t *hi, bool for_lsl)
{
	unsigned cpl = cpu_cpl(cpu), rpl = sel & 3, dpl, type;

	require_pm(cpu);
	if ((sel & ~3u) == 0 || !seg_read_desc(cpu, sel, lo, hi))
		return false;
	type = (*hi >> 8) & 0x1f;
	dpl = (*hi >> 13) & 3;
	if (!(type & 0x10)) {
		/* system: TSS, LDT, gates (lar); lsl accepts only those with a limit */
		static const uint8_t lar_ok[16] = { 0, 1, 1, 1, 1, 1, 0, 0,
						    0, 1, 0, 1, 1, 0, 0, 0 };
		static const uint8_t lsl_ok[16] = { 0, 1, 1, 1, 0, 0, 0, 0,
						    0, 1, 0, 1, 0, 0, 0, 0 };

		if (!(for_lsl ? lsl_ok : lar_ok)[type & 15])
			return false;
	} else if ((type & 0x1c) == 0x1c) {
		return true;	/* conforming code: no privilege check */
	}
	return dpl >= cpl && dpl >= rpl;
}

static void set_zf(struct x86_cpu *cpu, bool z)
{
	uint32_t f = cc_compute_all(cpu);

	cpu->cc_src = z ? (f | CC_Z) : (f & ~CC_Z);
	cpu->cc_op = CC_OP_EFLAGS;
}

uint64_t helper_lar(HELPER_ARGS)
{
	HELPER_CPU;
	uint32_t lo, hi;
	bool ok = desc_visible(cpu, (uint32_t)a & 0xffff, &lo, &hi, false);

	set_zf(cpu, ok);
	return ok ? (1ULL << 32) | (hi & 0x00f0ff00u) : 0;
}

uint64_t helper_lsl(HELPER_ARGS)
{
	HELPER_CPU;
	uint32_t lo, hi;
	bool ok = desc_visible(cpu, (uint32_t)a & 0xffff, &lo, &hi, true);
	struct x86_seg s;

	set_zf(cpu, ok);
	if (!ok)
		return 0;
	seg_from_desc(&s, 0, lo, hi);
	return (1ULL << 32) | s.limit;
}

static uint64_t verify(struct x86_cpu *cpu, uint32_t sel, bool write)
{
	uint32_t lo, hi, type;
	bool ok = desc_visible(cpu, sel & 0xffff, &lo, &hi, false);

	type = (hi >> 8) & 0x1f;
	if (ok) {
		if (!(type & 0x10))
			ok = false;
		else if (write)
			ok = (type & 0x1a) == 0x12;	/* writable data */
		else
			ok = !(type & 8) || (type & 2);	/* data, readable code */
	}
	set_zf(cpu, ok);
	return 0;
}

uint64_t helper_verr(HELPER_ARGS)
{
	HELPER_CPU;
	return verify(cpu, (uint32_t)a, false);
}

uint64_t helper_verw(HELPER_ARGS)
{
	HELPER_CPU;
	return verify(cpu, (uint32_t)a, true);
}

/* sysenter/sysexit, SDM Vol. 2 "SYSENTER": flat segments from the MSRs */
uint64_t helper_sysenter(HELPER_ARGS)
{
	HELPER_CPU;
	uint32_t cs = cpu->sysenter_cs;

	if (!(cpu->cr[0] & CR0_PE) || (cs & ~3u) == 0)
		cpu_raise(cpu, EXC_GP, 0);
	cpu->eflags &= ~(VM_MASK | IF_MASK | RF_MASK);
	seg_set_flat(&cpu->seg[R_CS], cs & 0xfffc, true, 0);
	seg_set_flat(&cpu->seg[R_SS], (cs + 8) & 0xfffc, false, 0);
	cpu->regs[R_ESP] = cpu->sysenter_esp;
	cpu->eip = cpu->sysenter_eip;
	cpu_update_hflags(cpu);
	return 0;
}

uint64_t helper_sysexit(HELPER_ARGS)
{
	HELPER_CPU;
	uint32_t cs = cpu->sysenter_cs;

	if (!(cpu->cr[0] & CR0_PE) || (cs & ~3u) == 0 || cpu_cpl(cpu) != 0 ||
	    (cpu->hflags & HF_VM))
		cpu_raise(cpu, EXC_GP, 0);
	seg_set_flat(&cpu->seg[R_CS], ((cs + 16) & 0xfffc) | 3, true, 3);
	seg_set_flat(&cpu->seg[R_SS], ((cs + 24) & 0xfffc) | 3, false, 3);
	cpu->regs[R_ESP] = cpu->regs[R_ECX];
	cpu->eip = cpu->regs[R_EDX];
	cpu_update_hflags(cpu);
	return 0;
}

/* bound: a = index, b = ea, c = seg | mmu << 4 | addr32 << 8 */
static uint64_t bound(struct x86_cpu *cpu, uint64_t a, uint64_t b, uint64_t c,
		      bool op32)
{
	int seg = (int)(c & 15), mmu = (int)(c >> 4) & 15;
	uint32_t ea2 = (uint32_t)b + (op32 ? 4 : 2);
	int32_t idx, lo, hi;

	if (!((c >> 8) & 1))
		ea2 &= 0xffff;
	if (op32) {
		idx = (int32_t)a;
		lo = (int32_t)mmu_ld(cpu, seg, (uint32_t)b, MO_32, mmu);
		hi = (int32_t)mmu_ld(cpu, seg, ea2, MO_32, mmu);
	} else {
		idx = (int16_t)a;
		lo = (int16_t)mmu_ld(cpu, seg, (uint32_t)b, MO_16, mmu);
		hi = (int16_t)mmu_ld(cpu, seg, ea2, MO_16, mmu);
	}
	if (idx < lo || idx > hi)
		cpu_raise(cpu, EXC_BR, 0);
	return 0;
}

uint64_t helper_bound16(HELPER_ARGS)
{
	HELPER_CPU;
	return bound(cpu, a, b, c, false);
}

uint64_t helper_bound32(HELPER_ARGS)
{
	HELPER_CPU;
	return bound(cpu, a, b, c, true);
}

/* enter: a = size | level << 16 | op32 << 24 (SDM "ENTER" pseudo-code) */
uint64_t helper_enter(HELPER_ARGS)
{
	HELPER_CPU;
	unsigned size = (unsigned)a & 0xffff, level = (unsigned)(a >> 16) & 0x1f;
	unsigned sz = (a >> 24) & 1 ? 4 : 2, i;
	uint32_t m = stack_mask(cpu), sp = cpu->regs[R_ESP], bp = cpu->regs[R_EBP];
	uint32_t frame;
	int mmu = cpu_cpl(cpu) == 3 ? MMU_IDX_USER : MMU_IDX_KERNEL;
	int mo = sz == 4 ? MO_32 : MO_16;

	sp -= sz;
	mmu_st(cpu, R_SS, sp & m, bp, mo, mmu);
	frame = sp;
	if (level) {
		for (i = 1; i < level; i++) {
			bp -= sz;
			sp -= sz;
			mmu_st(cpu, R_SS, sp & m,
			       (uint32_t)mmu_ld(cpu, R_SS, bp & m, mo, mmu), mo, mmu);
		}
		sp -= sz;
		mmu_st(cpu, R_SS, sp & m, frame, mo, mmu);
	}
	sp -= size;
	/* the new stack top must be writable too */
	seg_check(cpu, R_SS, sp & m, 1, ACC_WRITE);
	if (sz == 4)
		cpu->regs[R_EBP] = frame;
	else
		cpu->regs[R_EBP] = (cpu->regs[R_EBP] & ~0xffffu) | (frame & 0xffff);
	cpu->regs[R_ESP] = (cpu->regs[R_ESP] & ~m) | (sp & m);
	return 0;
}

/* cmpxchg8b m64: a = ea, b = seg | mmu << 4 */
uint64_t helper_cmpxchg8b(HELPER_ARGS)
{
	HELPER_CPU;
	int seg = (int)(b & 15), mmu = (int)(b >> 4) & 15;
	uint64_t v = mmu_ld(cpu, seg, (uint32_t)a, MO_64, mmu);
	uint64_t cmp = cpu->regs[R_EAX] | (uint64_t)cpu->regs[R_EDX] << 32;
	uint32_t f = cc_compute_all(cpu);

	if (v == cmp) {
		mmu_st(cpu, seg, (uint32_t)a,
		       cpu->regs[R_EBX] | (uint64_t)cpu->regs[R_ECX] << 32, MO_64, mmu);
		f |= CC_Z;
	} else {
		/* the old value is written back (a locked cycle) */
		mmu_st(cpu, seg, (uint32_t)a, v, MO_64, mmu);
		cpu->regs[R_EAX] = (uint32_t)v;
		cpu->regs[R_EDX] = (uint32_t)(v >> 32);
		f &= ~CC_Z;
	}
	cpu->cc_src = f;
	cpu->cc_op = CC_OP_EFLAGS;
	return 0;
}

