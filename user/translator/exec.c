// SPDX-License-Identifier: GPL-2.0-only
/*
 * The execution loop: find or translate the TB at cs:eip, run it, chain it
 * to its successor, and deliver interrupts and exceptions between TBs.
 *
 * Guest exceptions raised by helpers and the softmmu longjmp back here
 * (cpu_raise); the state is already that of the faulting instruction's
 * start, so delivery only needs the vector and error code.  Double and
 * triple faults follow SDM Vol. 3A §6.15, Table 6-5.
 */
#include "translator.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "core/lib/log.h"
#include "core/mem.h"
#include "flags.h"
#ifdef RINGVM_HAVE_X64
#include "translator/backend-x64/x64_backend.h"
#endif
#include "helpers.h"
#include "interp.h"
#include "ir.h"
#include "jmp_cache.h"
#include "seg.h"
#include "softmmu.h"
#include "tb.h"
#include "translate.h"


static const struct backend *backend;
static struct ir_block *ir_buf;
static struct x86_cpu *cpus[1];

void tlb_protect_code_page_all(uint64_t gpa_page);
void tlb_protect_code_page_all(uint64_t gpa_page)
{
	unsigned i;

	for (i = 0; i < sizeof(cpus) / sizeof(cpus[0]); i++)
		if (cpus[i])
			tlb_protect_code_page(cpus[i], gpa_page);
}

/* Every write to guest RAM that did not take the TLB fast path lands
 * here: drop translated code it overwrote. */
static void code_write_hook(gpa_t gpa, uint64_t len)
{
	if (tb_page_has_code(gpa) || tb_page_has_code(gpa + len - 1))
		tb_invalidate_phys(gpa, len);
}

/* The backends by name; the first one built is the default. */
static const struct backend *const backends[] = {
#ifdef RINGVM_HAVE_X64
	&x64_backend,
#endif
	&interp_backend,
};

int translator_init(const char *name, size_t code_size)
{
	unsigned i;

	backend = NULL;
	for (i = 0; i < sizeof(backends) / sizeof(backends[0]); i++)
		if (!name || !strcmp(name, backends[i]->name)) {
			backend = backends[i];
			break;
		}
	if (!backend)
		return -EINVAL;
#ifdef RINGVM_HAVE_X64
	if (backend == &x64_backend) {
		int err = x64_backend_init();

		if (err)
			return err;
	}
#endif
	if (!ir_buf)
		ir_buf = malloc(sizeof(*ir_buf));
	if (!ir_buf)
		return -ENOMEM;
	helpers_register();
	mem_write_hook = code_write_hook;
	return tb_cache_init(code_size, backend);
}

/* A TB key bit of its own (above the hflags): one-instruction TBs run in
 * an interrupt shadow. */
#define HF_SHADOW_TB	(1u << 31)

static struct tb *tb_translate(struct x86_cpu *cpu, uint64_t phys_pc,
			       uint32_t pc, uint32_t cs_base, uint32_t flags)
{
	/* a debugger needs every instruction boundary (struct cpu_debug) */
	int max = (flags & HF_SHADOW_TB) || cpu->debug.active ? 1 : 512;

	for (;;) {
		struct tb *tb = tb_alloc();
		int err;

		if (!tb) {
			tb_flush_all();
			continue;
		}
		tb->pc = pc;
		tb->cs_base = cs_base;
		tb->flags = flags;
		tb->phys_pc = phys_pc;
		tb->page[0] = phys_pc & ~0xfffULL;
		err = translate_tb(cpu, tb, ir_buf, max);
		if (!err) {
			uint32_t last = pc + (tb->size ? tb->size - 1u : 0);

			if (((last ^ pc) & ~0xfffu) != 0)
				tb->page[1] = mmu_code_gpa(cpu, last) & ~0xfffULL;
			if (log_enabled(LOG_OP)) {
				log_msg(LOG_OP, "OP: TB %08x\n", pc);
				ir_dump(ir_buf, log_file ? log_file : stderr);
			}
			ir_optimize(ir_buf);
			if (log_enabled(LOG_OP_OPT)) {
				log_msg(LOG_OP_OPT, "OP after optimization: TB %08x\n", pc);
				ir_dump(ir_buf, log_file ? log_file : stderr);
			}
			err = backend->gen(tb, ir_buf);
			if (!err && log_enabled(LOG_OUT_ASM) && backend->dump)
				backend->dump(tb, log_file ? log_file : stderr);
			if (!err) {
				tb_insert(tb);
				return tb;
			}
			/* code buffer full: start over */
			tb_flush_all();
			continue;
		}
		/* too many ops for one TB: try with fewer instructions */
		max = max > 1 ? max / 2 : 1;
	}
}

static bool exc_has_error(int vec)
{
	return vec == EXC_DF || (vec >= EXC_TS && vec <= EXC_PF) || vec == EXC_AC;
}

static bool exc_contributory(int vec)
{
	return vec == EXC_DE || (vec >= EXC_TS && vec <= EXC_GP);
}

/* A fault while delivering @prev (or -1) becomes a double fault, or a
 * shutdown after a double fault; returns false for the shutdown. */
static bool escalate(struct x86_cpu *cpu, int prev)
{
	int vec = cpu->exc_vector;

	if (prev < 0)
		return true;
	if (prev == EXC_DF) {
		log_msg(LOG_INT, "triple fault\n");
		return false;
	}
	if ((exc_contributory(prev) && exc_contributory(vec)) ||
	    (prev == EXC_PF && (vec == EXC_PF || exc_contributory(vec)))) {
		cpu->exc_vector = EXC_DF;
		cpu->exc_error = 0;
	}
	return true;
}

/* -d exec: one line per TB; -d cpu: the registers before it (QEMU's
 * layout, so logs can be compared line by line). */
static void log_cpu_state(struct x86_cpu *cpu, const struct tb *tb)
{
	static const char *const seg_names[6] = { "ES", "CS", "SS", "DS", "FS", "GS" };
	int i;

	log_msg(LOG_EXEC, "Trace %08x [%08x/%04x] %u insns\n", tb->pc,
		(uint32_t)tb->phys_pc, tb->flags, tb->icount);
	if (!log_enabled(LOG_CPU))
		return;
	log_msg(LOG_CPU, "EAX=%08x EBX=%08x ECX=%08x EDX=%08x\n"
		"ESI=%08x EDI=%08x EBP=%08x ESP=%08x\n"
		"EIP=%08x EFL=%08x [%c%c%c%c%c] CPL=%u HLT=%d\n",
		cpu->regs[R_EAX], cpu->regs[R_EBX], cpu->regs[R_ECX],
		cpu->regs[R_EDX], cpu->regs[R_ESI], cpu->regs[R_EDI],
		cpu->regs[R_EBP], cpu->regs[R_ESP], cpu->eip, cpu_get_eflags(cpu),
		cpu_get_eflags(cpu) & CC_O ? 'O' : '-',
		cpu_get_eflags(cpu) & CC_S ? 'S' : '-',
		cpu_get_eflags(cpu) & CC_Z ? 'Z' : '-',
		cpu_get_eflags(cpu) & CC_P ? 'P' : '-',
		cpu_get_eflags(cpu) & CC_C ? 'C' : '-', cpu_cpl(cpu), cpu->halted);
	for (i = 0; i < 6; i++)
		log_msg(LOG_CPU, "%s =%04x %08x %08x %08x\n", seg_names[i],
			cpu->seg[i].sel, cpu->seg[i].base, cpu->seg[i].limit,
			cpu->seg[i].flags << 8);
	log_msg(LOG_CPU, "LDT=%04x %08x %08x\nTR =%04x %08x %08x\n"
		"GDT=     %08x %08x\nIDT=     %08x %08x\n"
		"CR0=%08x CR2=%08x CR3=%08x CR4=%08x\n",
		cpu->ldt.sel, cpu->ldt.base, cpu->ldt.limit, cpu->tr.sel,
		cpu->tr.base, cpu->tr.limit, cpu->gdt.base, cpu->gdt.limit,
		cpu->idt.base, cpu->idt.limit, cpu->cr[0], cpu->cr[2], cpu->cr[3],
		cpu->cr[4]);
}

/*
 * HF_FLAT for a TB's key: ES, SS and DS have base 0, a 4 GiB limit and
 * pass every check of a read or write (present writable data, not
 * expand-down), so a backend may skip seg_check() for them.  Decided here
 * rather than in cpu_update_hflags() because a TB that loads a segment
 * register ends without chaining (gen_stop), and so does every helper
 * that changes segments: the next lookup sees the new state.
 */
static uint32_t flat_data_segs(const struct x86_cpu *cpu)
{
	static const int segs[] = { R_ES, R_SS, R_DS };
	const uint32_t mask = DESC_P | DESC_S | DESC_CODE | DESC_EXPDOWN | DESC_RW;
	unsigned i;

	for (i = 0; i < 3; i++) {
		const struct x86_seg *s = &cpu->seg[segs[i]];

		if (s->base || s->limit != 0xffffffffu ||
		    (s->flags & mask) != (DESC_P | DESC_S | DESC_RW))
			return 0;
	}
	return HF_FLAT;
}

/* A breakpoint at linear @pc stops the CPU before the instruction there. */
static bool debug_bp_hit(const struct x86_cpu *cpu, uint32_t pc)
{
	for (int i = 0; i < cpu->debug.n_bp; i++)
		if (cpu->debug.bp[i] == pc)
			return true;
	return false;
}

static bool interrupts_enabled(struct x86_cpu *cpu)
{
	return (cpu->eflags & IF_MASK) && !(cpu->hflags & HF_INHIBIT_IRQ);
}

enum exec_exit cpu_exec(struct x86_cpu *cpu, int64_t budget)
{
	volatile int delivering = -1;	/* vector being delivered, for #DF */
	bool shadow;
	uintptr_t last = 0;
	struct tb *tb;

	cpus[0] = cpu;
	cpu->budget = budget;
	if (sigsetjmp(cpu->jmp_env, 0)) {
		tb_running = NULL;
		tb_running_invalidated = false;
		last = 0;
		if (cpu->exc_vector == -2)
			return EXEC_SHUTDOWN;	/* shutdown request from a helper */
		if (!escalate(cpu, delivering)) {
			cpu->exc_vector = -1;
			return EXEC_SHUTDOWN;
		}
		delivering = cpu->exc_vector;
		cpu->exc_vector = -1;
		/* a fault in here longjmps back above with delivering set */
		cpu_do_interrupt(cpu, delivering, false,
				 exc_has_error(delivering) && (cpu->cr[0] & CR0_PE),
				 cpu->exc_error, cpu->eip);
		delivering = -1;
		/* the stepped instruction faulted: stop at the handler */
		if (cpu->debug.step)
			return EXEC_DEBUG;
	}

	for (;;) {
		uint32_t pc, flags;
		uint64_t phys;

		if (cpu->pending | cpu->halted) {
			if (cpu->pending & PENDING_EXIT) {
				cpu->pending &= ~PENDING_EXIT;
				return EXEC_EXIT;
			}
			/* SMI before NMI and INTR (SDM Vol. 3A §6.9); SMIs
			 * arriving in SMM wait for RSM (Vol. 3C §32.3.1) */
			if ((cpu->pending & PENDING_SMI) && !cpu->in_smm) {
				__atomic_and_fetch(&cpu->pending, ~PENDING_SMI,
						   __ATOMIC_SEQ_CST);
				cpu_enter_smm(cpu);
				last = 0;
			}
			/* a debugger's single step does not wander into
			 * interrupt handlers (as QEMU's default), unless
			 * the CPU waits in HLT for one */
			if ((cpu->pending & PENDING_IRQ) && interrupts_enabled(cpu) &&
			    cpu->intc && (!cpu->debug.step || cpu->halted)) {
				int vec = cpu->intc->ack(cpu->intc_opaque);

				cpu->halted = false;
				last = 0;
				/* an external interrupt is benign for #DF */
				if (vec >= 0)
					cpu_do_interrupt(cpu, vec, false, false, 0,
							 cpu->eip);
			}
			if (cpu->halted)
				return EXEC_HALT;
		}
		if (cpu->budget <= 0)
			return EXEC_BUDGET;
		/* before the interrupt shadow is consumed: it still holds
		 * when the debugger resumes */
		if (cpu->debug.active &&
		    debug_bp_hit(cpu, cpu->seg[R_CS].base + cpu->eip))
			return EXEC_DEBUG;
		shadow = cpu->hflags & HF_INHIBIT_IRQ;
		cpu->hflags &= ~HF_INHIBIT_IRQ;	/* the shadow lasts one insn */

		/* single-step trap after each instruction (SDM §17.3.1.4) */
		flags = (cpu->hflags & HF_TB_MASK) | flat_data_segs(cpu);
		/* in an interrupt shadow (sti, mov ss) the TB holds only the
		 * shadowed instruction, so the next boundary can take the
		 * interrupt: "sti; nop; cli" opens a window (SDM Vol. 2 STI) */
		if (shadow)
			flags |= HF_SHADOW_TB;
		pc = cpu->seg[R_CS].base + cpu->eip;
		if (cpu->eip > cpu->seg[R_CS].limit && (cpu->cr[0] & CR0_PE))
			cpu_raise(cpu, EXC_GP, 0);
		tb = jmp_cache_find(cpu, pc, cpu->seg[R_CS].base, flags);
		if (!tb) {
			phys = mmu_code_gpa(cpu, pc);
			tb = tb_lookup(phys, pc, cpu->seg[R_CS].base, flags);
			if (!tb) {
				tb = tb_translate(cpu, phys, pc,
						  cpu->seg[R_CS].base, flags);
				last = 0;	/* a flush may have freed it */
			}
			/* under a debugger, indirect jumps and the x64
			 * backend's inline lookup must come back here */
			if (!cpu->debug.active)
				jmp_cache_put(cpu, tb, tb->page[1] == ~0ULL &&
					      mmu_code_global(cpu, pc));
		}
		/* -d exec and -d cpu want to see every TB: no chaining then,
		 * as QEMU's -d nochain */
		if (log_enabled(LOG_EXEC | LOG_CPU)) {
			last = 0;
			log_cpu_state(cpu, tb);
		}
		if (cpu->debug.active)
			last = 0;
		if (last) {
			struct tb *from = (struct tb *)(last & ~(uintptr_t)1);

			if (tb->page[1] == ~0ULL)
				tb_link(backend, from, (int)(last & 1), tb);
		}
		tb_running_invalidated = false;
		cpu->budget--;
		last = backend->exec(cpu, tb);
		if (tb_running_invalidated) {
			tb_running_invalidated = false;
			last = 0;
		}
		if (flags & HF_TF) {
			/* the TB held one instruction: report the trap */
			cpu->dr[6] |= 0x4000;
			cpu_do_interrupt(cpu, EXC_DB, false, false, 0, cpu->eip);
			last = 0;
		}
		if (cpu->debug.step || cpu->debug.wp_hit)
			return EXEC_DEBUG;
	}
}

void cpu_debug_changed(struct x86_cpu *cpu)
{
	cpu->debug.active = cpu->debug.n_bp > 0 || cpu->debug.n_wp > 0 ||
			    cpu->debug.step;
	tb_flush_all();
	/* TLB entries are refilled with the slow path for watched pages */
	tlb_flush(cpu, true);
}

void cpu_set_irq_pending(struct x86_cpu *cpu, bool pending)
{
	if (pending)
		__atomic_or_fetch(&cpu->pending, PENDING_IRQ, __ATOMIC_SEQ_CST);
	else
		__atomic_and_fetch(&cpu->pending, ~PENDING_IRQ, __ATOMIC_SEQ_CST);
}
