/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * struct x86_cpu: the architectural state of one i386 CPU, plus the
 * execution control the translator needs.
 *
 * The architectural part comes first and holds plain fields: IR globals are
 * offsets into this struct, and the accelerator ABI copies the same fields.
 * Arithmetic flags are lazy (cc_op + operands, see flags.h); eflags holds
 * every other bit, and its arithmetic bits only when cc_op is CC_OP_EFLAGS.
 */
#ifndef RINGVM_TRANSLATOR_CPU_H
#define RINGVM_TRANSLATOR_CPU_H

#include <setjmp.h>
#include <stdbool.h>
#include <stdint.h>

#include "cpu_model.h"

#include "softfloat/softfloat.h"

enum { R_EAX, R_ECX, R_EDX, R_EBX, R_ESP, R_EBP, R_ESI, R_EDI };
enum { R_ES, R_CS, R_SS, R_DS, R_FS, R_GS };

/* EFLAGS bits, Intel SDM Vol. 1 §3.4.3 */
#define CC_C	0x0001u
#define CC_P	0x0004u
#define CC_A	0x0010u
#define CC_Z	0x0040u
#define CC_S	0x0080u
#define TF_MASK	0x0100u
#define IF_MASK	0x0200u
#define DF_MASK	0x0400u
#define CC_O	0x0800u
#define IOPL_MASK 0x3000u
#define NT_MASK	0x4000u
#define RF_MASK	0x10000u
#define VM_MASK	0x20000u
#define AC_MASK	0x40000u
#define VIF_MASK 0x80000u
#define VIP_MASK 0x100000u
#define ID_MASK	0x200000u
#define CC_MASK	(CC_C | CC_P | CC_A | CC_Z | CC_S | CC_O)

/* Control register bits, SDM Vol. 3A §2.5 */
#define CR0_PE	(1u << 0)
#define CR0_MP	(1u << 1)
#define CR0_EM	(1u << 2)
#define CR0_TS	(1u << 3)
#define CR0_ET	(1u << 4)
#define CR0_NE	(1u << 5)
#define CR0_WP	(1u << 16)
#define CR0_AM	(1u << 18)
#define CR0_NW	(1u << 29)
#define CR0_CD	(1u << 30)
#define CR0_PG	(1u << 31)
#define CR4_VME	(1u << 0)
#define CR4_PVI	(1u << 1)
#define CR4_TSD	(1u << 2)
#define CR4_DE	(1u << 3)
#define CR4_PSE	(1u << 4)
#define CR4_PAE	(1u << 5)
#define CR4_MCE	(1u << 6)
#define CR4_PGE	(1u << 7)
#define CR4_PCE	(1u << 8)
#define CR4_OSFXSR (1u << 9)
#define CR4_OSXMMEXCPT (1u << 10)
#define EFER_NXE (1u << 11)

/* Descriptor attribute bits as kept in x86_seg.flags (descriptor bits 8..23
 * shifted down by 8: type 0-3, S 4, DPL 5-6, P 7, AVL 12, D/B 14, G 15). */
#define DESC_TYPE_MASK	0x000fu
#define DESC_S		0x0010u
#define DESC_DPL_SHIFT	5
#define DESC_P		0x0080u
#define DESC_B		0x4000u
#define DESC_G		0x8000u
#define DESC_CODE	0x0008u	/* type bit 3 with S=1 */
#define DESC_CONF	0x0004u	/* code: conforming */
#define DESC_EXPDOWN	0x0004u	/* data: expand-down */
#define DESC_RW		0x0002u	/* code: readable; data: writable */
#define DESC_A		0x0001u

struct x86_seg {
	uint32_t sel;
	uint32_t base;
	uint32_t limit;		/* byte granular (G already applied) */
	uint32_t flags;		/* see DESC_* above */
};

/* A descriptor-table register (GDTR, IDTR) or a system segment (LDTR, TR). */
struct x86_dtr {
	uint32_t sel;
	uint32_t base;
	uint32_t limit;
	uint32_t flags;
};

/* Exception vectors, SDM Vol. 3A §6.3.1 */
enum {
	EXC_DE = 0, EXC_DB = 1, EXC_NMI = 2, EXC_BP = 3, EXC_OF = 4,
	EXC_BR = 5, EXC_UD = 6, EXC_NM = 7, EXC_DF = 8, EXC_TS = 10,
	EXC_NP = 11, EXC_SS = 12, EXC_GP = 13, EXC_PF = 14, EXC_MF = 16,
	EXC_AC = 17, EXC_MC = 18, EXC_XM = 19,
};

/* hflags: derived mode bits the translated code depends on.  They are
 * recomputed by cpu_update_hflags() on every change of their inputs and are
 * part of the TB key, so a TB never runs in a mode it was not built for. */
#define HF_CPL_MASK	0x0003u
#define HF_PE		(1u << 2)	/* CR0.PE */
#define HF_CS32		(1u << 3)	/* CS.D: 32-bit code */
#define HF_SS32		(1u << 4)	/* SS.B: 32-bit stack */
#define HF_VM		(1u << 5)	/* EFLAGS.VM: virtual-8086 */
#define HF_PG		(1u << 6)	/* CR0.PG */
#define HF_FLAT		(1u << 7)	/* DS/ES/SS base 0, limit 4G: skip limit checks */
#define HF_INHIBIT_IRQ	(1u << 8)	/* sti / mov ss shadow: not a TB key */
#define HF_TF		(1u << 9)	/* EFLAGS.TF: single-step after each insn */
#define HF_IOPL_SHIFT	10		/* EFLAGS.IOPL copy (2 bits) */
#define HF_TB_MASK	(~HF_INHIBIT_IRQ)

/* cpu->pending bits: asynchronous requests, the only word the loop polls */
#define PENDING_IRQ	(1u << 0)	/* the interrupt controller has one */
#define PENDING_NMI	(1u << 1)
#define PENDING_EXIT	(1u << 2)	/* return to the VMM loop */
#define PENDING_SMI	(1u << 3)	/* system management interrupt */

/* MSRs, SDM Vol. 4 */
#define MSR_IA32_TSC		0x10
#define MSR_IA32_APICBASE	0x1b
#define MSR_IA32_BIOS_SIGN_ID	0x8b
#define MSR_MTRRCAP		0xfe
#define MSR_IA32_MISC_ENABLE	0x1a0
#define MSR_IA32_SYSENTER_CS	0x174
#define MSR_IA32_SYSENTER_ESP	0x175
#define MSR_IA32_SYSENTER_EIP	0x176
#define MSR_EFER		0xc0000080u

#define TLB_BITS 8
#define TLB_SIZE (1 << TLB_BITS)
#define MMU_IDX_KERNEL 0
#define MMU_IDX_USER 1
#define MMU_IDX_COUNT 2

/* A softmmu TLB entry; see softmmu.h for the tag bits. */
struct tlb_entry {
	uint32_t tag_read;
	uint32_t tag_write;
	uint32_t tag_code;
	uint32_t gpa_page;	/* guest-physical page of this virtual page */
	uintptr_t addend;	/* host address = guest linear + addend (RAM) */
};

struct x86_interrupt_ctl;

/* An XMM register: lane i of each width, on a little-endian host. */
union x86_xmm {
	uint8_t b[16];
	uint16_t w[8];
	uint32_t d[4];
	uint64_t q[2];
};

/* Jump cache entries: 64 blocks (by linear page) of 256 (by offset). */
#define JMP_CACHE_PAGE_BITS	6
#define JMP_CACHE_ADDR_BITS	8
#define JMP_CACHE_BITS	(JMP_CACHE_PAGE_BITS + JMP_CACHE_ADDR_BITS)
#define JMP_CACHE_SIZE	(1u << JMP_CACHE_BITS)

struct tb;

/*
 * What a debugger (the gdbstub) asks of the execution loop.  While
 * @active, every TB holds one instruction and none is chained, so the
 * loop sees each instruction boundary: it stops before an instruction at
 * a breakpoint (before executing it, as a hardware breakpoint would) and
 * after each instruction when stepping.  Guest memory is never patched.
 * Whoever changes this flushes the TB cache (cpu_debug_changed()).
 */
#define CPU_DEBUG_MAX_BP	32
#define CPU_DEBUG_MAX_WP	8
enum cpu_wp_type {
	CPU_WP_WRITE = 2,	/* the numbers of gdb's Z2, Z3, Z4 */
	CPU_WP_READ = 3,
	CPU_WP_ACCESS = 4,
};
struct cpu_wp {
	uint32_t addr, len;	/* linear range */
	enum cpu_wp_type type;
};
struct cpu_debug {
	uint32_t bp[CPU_DEBUG_MAX_BP];	/* linear addresses */
	int n_bp;
	/* Watchpoints: the softmmu sends accesses to their pages down the
	 * slow path, which checks the range and records the hit; the loop
	 * stops after the (one-instruction) TB that made it. */
	struct cpu_wp wp[CPU_DEBUG_MAX_WP];
	int n_wp;
	const struct cpu_wp *wp_hit;	/* set by the softmmu, cleared by
					 * the debugger */
	bool step;		/* stop after the next instruction */
	bool active;		/* n_bp || n_wp || step */
};

struct x86_cpu {
	/* --- architectural state (IR globals point here) --- */
	uint32_t regs[8];
	uint32_t eip;
	uint32_t eflags;	/* all bits but the lazy arithmetic ones */
	uint32_t cc_op;		/* enum cc_op: how to compute CF..OF */
	uint32_t cc_dst;
	uint32_t cc_src;
	uint32_t cc_src2;
	uint32_t df;		/* +1 or -1: the direction flag as a step */
	uint32_t hflags;
	struct x86_seg seg[6];
	struct x86_dtr gdt, idt, ldt, tr;
	uint32_t cr[5];
	uint32_t dr[8];
	uint64_t efer;
	uint32_t a20_mask;	/* ~0, or ~(1 << 20) with A20 disabled */
	uint32_t sysenter_cs, sysenter_esp, sysenter_eip;
	uint64_t tsc_offset;
	uint64_t apic_base;
	uint64_t pat;
	uint32_t smbase;	/* SMRAM base (SDM Vol. 3C §32.5), 0x30000 at reset */
	uint64_t mtrr_var[16];	/* IA32_MTRR_PHYSBASE0/MASK0 .. 7 */
	uint64_t mtrr_fixed[11];
	uint64_t mtrr_def_type;
	uint64_t misc_enable;
	bool in_smm;		/* in system management mode */

	/* --- x87 FPU and MMX (SDM Vol. 1 ch. 8, 9; helpers_x87*.c) --- */
	f80 fpr[8];		/* physical R0-R7; MMX register i is fpr[i].mant */
	uint16_t fcw;		/* control word */
	uint16_t fsw;		/* status word without TOP (bits 11-13) */
	uint8_t ftop;		/* TOP: ST(i) is fpr[(ftop + i) & 7] */
	uint8_t fempty;		/* bit i: R i is empty (tag 11); fstenv
				 * derives the other tags from the contents */
	uint16_t fop;		/* last non-control instruction: opcode bits 0-10, */
	uint32_t fip, fdp;	/* its offset and its memory operand's, */
	uint16_t fcs, fds;	/* and their selectors (SDM Vol. 1 §8.1.8-9) */
	bool ferr;		/* the FERR# output, with CR0.NE=0 */

	/* --- SSE-SSSE3 (SDM Vol. 1 ch. 10-12; helpers_sse*.c) --- */
	union x86_xmm xmm[8];
	uint32_t mxcsr;		/* 0x1f80 at reset (Vol. 3A §9.1.1) */

	/* --- execution control: not architectural --- */
	volatile uint32_t pending;	/* PENDING_* */
	bool halted;
	int exc_vector;		/* exception being raised, -1 none */
	uint32_t exc_error;
	bool exc_has_error;
	int exc_depth;		/* nesting for double/triple fault */
	int64_t budget;		/* TB executions left before returning */
	uint32_t next_eip;	/* helpers: eip after the current insn */
	sigjmp_buf jmp_env;	/* helpers longjmp here on a guest exception */

	struct tlb_entry tlb[MMU_IDX_COUNT][TLB_SIZE];
	bool tlb_has_large;	/* a 2/4 MiB page is cached: invlpg flushes all */

	/* The jump cache (jmp_cache.h): the TB last run at a linear pc,
	 * valid while the TLB and the TB cache are; skips the physical
	 * lookup on the loop's path and lets indirect jumps go TB to TB. */
	uintptr_t jmp_cache[JMP_CACHE_SIZE];	/* struct tb * | JMP_CACHE_GLOBAL */
	unsigned jmp_cache_gen;	/* tb_flush_count when last cleared */

	/* The -cpu model: CPUID and which instruction groups exist. */
	struct cpu_config cpuid;

	struct cpu_debug debug;	/* breakpoints and single-step (gdbstub) */

	/* The interrupt controller the machine provides (NULL: none). */
	const struct x86_interrupt_ctl *intc;
	void *intc_opaque;

	/* Scratch slots for the interp backend's temporaries. */
	uint64_t itemp[1024];
};

/* What the machine provides for external interrupts (the PIC, later APIC). */
struct x86_interrupt_ctl {
	/* required: acknowledge the highest pending interrupt, return its vector */
	int (*ack)(void *opaque);
	/* optional: the CPU entered (true) or left SMM: the chipset shows
	 * or hides SMRAM (SMIACT#) */
	void (*smm_changed)(void *opaque, bool in_smm);
	/* optional: the FERR# output (SDM Vol. 1 §8.7 and Appendix D).  With
	 * CR0.NE=0 a waiting x87 or MMX instruction that finds an unmasked
	 * x87 exception pending asserts it (true) instead of raising #MF,
	 * then runs as if IGNNE# were asserted; FNCLEX, FNINIT, FLDCW,
	 * FLDENV, FRSTOR and FXRSTOR deassert it (false) when they clear
	 * FSW.ES.  A PC routes it to IRQ13 (and port F0h clears its latch). */
	void (*ferr)(void *opaque, bool asserted);
};

void cpu_reset(struct x86_cpu *cpu);
void cpu_update_hflags(struct x86_cpu *cpu);
/* CPUID(1).EAX: family, model, stepping of the configured model. */
uint32_t cpu_signature(const struct x86_cpu *cpu);

/* EFLAGS with the lazy arithmetic flags computed in. */
uint32_t cpu_get_eflags(struct x86_cpu *cpu);
/* Write EFLAGS: @mask says which bits may change (privilege rules). */
void cpu_set_eflags(struct x86_cpu *cpu, uint32_t val, uint32_t mask);

static inline unsigned cpu_cpl(const struct x86_cpu *cpu)
{
	return cpu->hflags & HF_CPL_MASK;
}

#endif
