// SPDX-License-Identifier: GPL-2.0-only
/*
 * Saving and restoring the x87 state: FNSTENV/FLDENV, FNSAVE/FRSTOR in
 * their four layouts (16- or 32-bit operand size, real or protected mode;
 * SDM Vol. 1 §8.1.10, Figures 8-9 to 8-12) and FXSAVE/FXRSTOR (Vol. 2
 * FXSAVE, Table 3-53, the 32-bit legacy layout).
 *
 * Everything is read before anything changes, and every store area is
 * probed before the first store, so a fault leaves the FPU and memory as
 * they were.  The high 16 bits of the 32-bit layouts' word fields are
 * stored as ones, as the processors compared do; FLDENV ignores them.
 */
#include <string.h>

#include "helpers.h"
#include "softmmu.h"
#include "sse.h"
#include "x87.h"

/* The environment as the layouts see it. */
struct x87_env {
	uint16_t fcw, fsw, ftw, fop;
	uint32_t fip, fdp;
	uint16_t fcs, fds;
};

/* Real-address mode, virtual-8086 mode and SMM use the real-mode layouts
 * (SDM Vol. 1 §8.1.10), with 20-bit (32-bit format: 32-bit) linear
 * pointers instead of selector and offset. */
static bool env_real(const struct x86_cpu *cpu)
{
	return !(cpu->cr[0] & CR0_PE) || (cpu->eflags & VM_MASK) || cpu->in_smm;
}

static unsigned env_size(uint64_t desc)
{
	return (desc & XD_OP32) ? 28 : 14;
}

static void env_get(const struct x86_cpu *cpu, struct x87_env *e)
{
	e->fcw = cpu->fcw;
	e->fsw = x87_get_fsw(cpu);
	e->ftw = x87_get_ftw(cpu);
	e->fop = cpu->fop;
	e->fip = cpu->fip;
	e->fdp = cpu->fdp;
	e->fcs = cpu->fcs;
	e->fds = cpu->fds;
}

static void env_put(struct x86_cpu *cpu, const struct x87_env *e)
{
	cpu->fcw = (e->fcw & FCW_WRITABLE) | FCW_ONE;
	x87_set_fsw(cpu, e->fsw);	/* recomputes ES and B for the new masks */
	x87_set_ftw(cpu, e->ftw);
	cpu->fop = e->fop & 0x7ff;
	cpu->fip = e->fip;
	cpu->fdp = e->fdp;
	cpu->fcs = e->fcs;
	cpu->fds = e->fds;
}

static void env_store(struct x86_cpu *cpu, uint64_t desc, uint32_t ea,
		      const struct x87_env *e)
{
	bool real = env_real(cpu);
	/* real mode: the linear address (selector * 16 + offset) */
	uint32_t ip = real ? e->fip + ((uint32_t)e->fcs << 4) : e->fip;
	uint32_t dp = real ? e->fdp + ((uint32_t)e->fds << 4) : e->fdp;

	if (desc & XD_OP32) {
		x87_st(cpu, desc, ea, 0, 0xffff0000u | e->fcw, 4);
		x87_st(cpu, desc, ea, 4, 0xffff0000u | e->fsw, 4);
		x87_st(cpu, desc, ea, 8, 0xffff0000u | e->ftw, 4);
		if (real) {
			x87_st(cpu, desc, ea, 12, 0xffff0000u | (ip & 0xffff), 4);
			x87_st(cpu, desc, ea, 16, (ip >> 16) << 12 | e->fop, 4);
			x87_st(cpu, desc, ea, 20, 0xffff0000u | (dp & 0xffff), 4);
			x87_st(cpu, desc, ea, 24, (dp >> 16) << 12, 4);
		} else {
			x87_st(cpu, desc, ea, 12, ip, 4);
			x87_st(cpu, desc, ea, 16, (uint32_t)e->fop << 16 | e->fcs, 4);
			x87_st(cpu, desc, ea, 20, dp, 4);
			x87_st(cpu, desc, ea, 24, 0xffff0000u | e->fds, 4);
		}
		return;
	}
	x87_st(cpu, desc, ea, 0, e->fcw, 2);
	x87_st(cpu, desc, ea, 2, e->fsw, 2);
	x87_st(cpu, desc, ea, 4, e->ftw, 2);
	if (real) {
		x87_st(cpu, desc, ea, 6, ip & 0xffff, 2);
		x87_st(cpu, desc, ea, 8, ((ip >> 16) & 15) << 12 | e->fop, 2);
		x87_st(cpu, desc, ea, 10, dp & 0xffff, 2);
		x87_st(cpu, desc, ea, 12, ((dp >> 16) & 15) << 12, 2);
	} else {
		x87_st(cpu, desc, ea, 6, ip & 0xffff, 2);
		x87_st(cpu, desc, ea, 8, e->fcs, 2);
		x87_st(cpu, desc, ea, 10, dp & 0xffff, 2);
		x87_st(cpu, desc, ea, 12, e->fds, 2);
	}
}

static void env_load(struct x86_cpu *cpu, uint64_t desc, uint32_t ea,
		     struct x87_env *e)
{
	bool real = env_real(cpu);
	uint32_t w4, w5, w6, w7;

	if (desc & XD_OP32) {
		e->fcw = (uint16_t)x87_ld(cpu, desc, ea, 0, 2);
		e->fsw = (uint16_t)x87_ld(cpu, desc, ea, 4, 2);
		e->ftw = (uint16_t)x87_ld(cpu, desc, ea, 8, 2);
		w4 = (uint32_t)x87_ld(cpu, desc, ea, 12, 4);
		w5 = (uint32_t)x87_ld(cpu, desc, ea, 16, 4);
		w6 = (uint32_t)x87_ld(cpu, desc, ea, 20, 4);
		w7 = (uint32_t)x87_ld(cpu, desc, ea, 24, 4);
		if (real) {
			e->fip = (w4 & 0xffff) | (w5 >> 12 & 0xffff) << 16;
			e->fop = w5 & 0x7ff;
			e->fdp = (w6 & 0xffff) | (w7 >> 12 & 0xffff) << 16;
			e->fcs = e->fds = 0;
		} else {
			e->fip = w4;
			e->fcs = (uint16_t)w5;
			e->fop = (w5 >> 16) & 0x7ff;
			e->fdp = w6;
			e->fds = (uint16_t)w7;
		}
		return;
	}
	e->fcw = (uint16_t)x87_ld(cpu, desc, ea, 0, 2);
	e->fsw = (uint16_t)x87_ld(cpu, desc, ea, 2, 2);
	e->ftw = (uint16_t)x87_ld(cpu, desc, ea, 4, 2);
	w4 = (uint32_t)x87_ld(cpu, desc, ea, 6, 2);
	w5 = (uint32_t)x87_ld(cpu, desc, ea, 8, 2);
	w6 = (uint32_t)x87_ld(cpu, desc, ea, 10, 2);
	w7 = (uint32_t)x87_ld(cpu, desc, ea, 12, 2);
	if (real) {
		e->fip = w4 | (w5 >> 12) << 16;
		e->fop = w5 & 0x7ff;
		e->fdp = w6 | (w7 >> 12) << 16;
		e->fcs = e->fds = 0;
	} else {
		e->fip = w4;
		e->fcs = (uint16_t)w5;
		e->fop = cpu->fop;	/* not in the 16-bit protected layout */
		e->fdp = w6;
		e->fds = (uint16_t)w7;
	}
}

/* FNSAVE/FRSTOR: the environment, then ST(0)..ST(7), 10 bytes each. */
static void x87_save(struct x86_cpu *cpu, uint64_t desc, uint32_t ea)
{
	unsigned off = env_size(desc), i;
	struct x87_env e;

	x87_probe(cpu, desc, ea, off + 80, true);
	env_get(cpu, &e);
	env_store(cpu, desc, ea, &e);
	for (i = 0; i < 8; i++)
		x87_st80(cpu, desc, ea, off + 10 * i,
			 cpu->fpr[(cpu->ftop + i) & 7]);
	x87_fninit(cpu);
}

static void x87_rstor(struct x86_cpu *cpu, uint64_t desc, uint32_t ea)
{
	unsigned off = env_size(desc), i, top;
	struct x87_env e;
	f80 r[8];

	env_load(cpu, desc, ea, &e);
	for (i = 0; i < 8; i++)
		r[i] = x87_ld80(cpu, desc, ea, off + 10 * i);
	env_put(cpu, &e);
	top = cpu->ftop;
	for (i = 0; i < 8; i++)
		cpu->fpr[(top + i) & 7] = r[i];
}

/* FXSAVE/FXRSTOR, 32-bit layout: FCW 0, FSW 2, abridged FTW 4 (1 = not
 * empty), FOP 6, FIP 8, FCS 12, FDP 16, FDS 20, MXCSR 24, MXCSR_MASK 28,
 * ST(i) at 32 + 16 * i, XMMi at 160 + 16 * i; bytes 288-511 are left
 * alone.  Whether XMM0-7 are saved with CR4.OSFXSR=0 is implementation
 * dependent (SDM Vol. 2A FXSAVE): here they always are, as MXCSR. */
static void x87_fxsave(struct x86_cpu *cpu, uint64_t desc, uint32_t ea)
{
	unsigned i;

	x87_probe(cpu, desc, ea, 512, true);
	x87_st(cpu, desc, ea, 0, cpu->fcw, 2);
	x87_st(cpu, desc, ea, 2, x87_get_fsw(cpu), 2);
	x87_st(cpu, desc, ea, 4, (uint8_t)~cpu->fempty, 2);
	x87_st(cpu, desc, ea, 6, cpu->fop, 2);
	x87_st(cpu, desc, ea, 8, cpu->fip, 4);
	x87_st(cpu, desc, ea, 12, cpu->fcs, 4);
	x87_st(cpu, desc, ea, 16, cpu->fdp, 4);
	x87_st(cpu, desc, ea, 20, cpu->fds, 4);
	for (i = 0; i < 8; i++) {
		x87_st80(cpu, desc, ea, 32 + 16 * i, cpu->fpr[(cpu->ftop + i) & 7]);
		x87_st(cpu, desc, ea, 32 + 16 * i + 10, 0, 2);
		x87_st(cpu, desc, ea, 32 + 16 * i + 12, 0, 4);
	}
	x87_st(cpu, desc, ea, 24, cpu->mxcsr, 4);
	x87_st(cpu, desc, ea, 28, MXCSR_WRITABLE, 4);
	for (i = 0; i < 8; i++) {
		x87_st(cpu, desc, ea, 160 + 16 * i, cpu->xmm[i].q[0], 8);
		x87_st(cpu, desc, ea, 168 + 16 * i, cpu->xmm[i].q[1], 8);
	}
}

static void x87_fxrstor(struct x86_cpu *cpu, uint64_t desc, uint32_t ea)
{
	uint16_t fcw, fsw, ftw, fop, fcs, fds;
	uint32_t fip, fdp, mxcsr;
	union x86_xmm xmm[8];
	unsigned i;
	f80 r[8];

	x87_probe(cpu, desc, ea, 512, false);
	/* reserved MXCSR bits: #GP(0) before anything is loaded */
	mxcsr = (uint32_t)x87_ld(cpu, desc, ea, 24, 4);
	if (mxcsr & ~MXCSR_WRITABLE)
		cpu_raise(cpu, EXC_GP, 0);
	fcw = (uint16_t)x87_ld(cpu, desc, ea, 0, 2);
	fsw = (uint16_t)x87_ld(cpu, desc, ea, 2, 2);
	ftw = (uint16_t)x87_ld(cpu, desc, ea, 4, 1);
	fop = (uint16_t)x87_ld(cpu, desc, ea, 6, 2);
	fip = (uint32_t)x87_ld(cpu, desc, ea, 8, 4);
	fcs = (uint16_t)x87_ld(cpu, desc, ea, 12, 2);
	fdp = (uint32_t)x87_ld(cpu, desc, ea, 16, 4);
	fds = (uint16_t)x87_ld(cpu, desc, ea, 20, 2);
	for (i = 0; i < 8; i++)
		r[i] = x87_ld80(cpu, desc, ea, 32 + 16 * i);
	for (i = 0; i < 8; i++) {
		xmm[i].q[0] = x87_ld(cpu, desc, ea, 160 + 16 * i, 8);
		xmm[i].q[1] = x87_ld(cpu, desc, ea, 168 + 16 * i, 8);
	}
	cpu->mxcsr = mxcsr;
	memcpy(cpu->xmm, xmm, sizeof(xmm));
	cpu->fcw = (fcw & FCW_WRITABLE) | FCW_ONE;
	x87_set_fsw(cpu, fsw);
	cpu->fempty = (uint8_t)~ftw;
	cpu->fop = fop & 0x7ff;
	cpu->fip = fip;
	cpu->fcs = fcs;
	cpu->fdp = fdp;
	cpu->fds = fds;
	for (i = 0; i < 8; i++)
		cpu->fpr[(cpu->ftop + i) & 7] = r[i];
}

uint64_t helper_x87_env(HELPER_ARGS)
{
	HELPER_CPU;
	uint64_t desc = b;
	uint32_t ea = (uint32_t)a;
	int op = XD_OP(desc);
	struct x87_env e;

	if (op == X87_FXSAVE || op == X87_FXRSTOR) {
		/* SDM Vol. 2 FXSAVE: #UD with EM, #NM with TS, #GP(0) for
		 * an area not aligned on 16 bytes; no pending #MF check */
		if (cpu->cr[0] & CR0_EM)
			cpu_raise(cpu, EXC_UD, 0);
		if (cpu->cr[0] & CR0_TS)
			cpu_raise(cpu, EXC_NM, 0);
		if ((cpu->seg[XD_SEG(desc)].base + ea) & 15)
			cpu_raise(cpu, EXC_GP, 0);
		if (op == X87_FXSAVE)
			x87_fxsave(cpu, desc, ea);
		else
			x87_fxrstor(cpu, desc, ea);
		return 0;
	}
	x87_check_avail(cpu, false);
	if (x87_op_waits(op))
		x87_check_pending(cpu);
	switch (op) {
	case X87_STENV:
		/* then all exceptions are masked (SDM Vol. 2 FSTENV) */
		x87_probe(cpu, desc, ea, env_size(desc), true);
		env_get(cpu, &e);
		env_store(cpu, desc, ea, &e);
		cpu->fcw |= FSW_EXC;
		break;
	case X87_LDENV:
		env_load(cpu, desc, ea, &e);
		env_put(cpu, &e);
		break;
	case X87_SAVE:
		x87_save(cpu, desc, ea);
		break;
	case X87_RSTOR:
		x87_rstor(cpu, desc, ea);
		break;
	}
	return 0;
}
