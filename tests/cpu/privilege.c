// SPDX-License-Identifier: GPL-2.0-only
/*
 * Privilege levels (SDM Vol. 3A, chapter 5, and 6.12): to ring 3 by IRET
 * and back through an interrupt gate of DPL 3 (lib/isr.S, run_user), the
 * stack switch from the TSS, a call gate from ring 3 to ring 0 copying two
 * parameters (5.8.5) and the far return with its parameter count (5.8.6),
 * data segments nulled on the return to the outer level, conforming code,
 * the IOPL-sensitive instructions and POPF at CPL 3 (Vol. 1, "I/O Privilege Level"), LAR LSL
 * VERR VERW, and SYSENTER/SYSEXIT (Vol. 2B).
 */
#include "libcpu.h"

enum {
	GATE_IDX = GDT_FIRST_FREE,	/* call gate, DPL 3, 2 parameters */
	GATE0_IDX,			/* call gate, DPL 0 */
	CONF_IDX,			/* conforming code, DPL 0 */
};
#define SEL(idx) ((idx) << 3)

#define MSR_SYSENTER_CS		0x174
#define MSR_SYSENTER_ESP	0x175
#define MSR_SYSENTER_EIP	0x176

/* a call gate: the IDT gate layout with a parameter count (Figure 5-8) */
static void set_call_gate(int idx, void *target, int params, int dpl)
{
	struct gate *g = (struct gate *)&gdt[idx];
	u32 off = (u32)target;

	g->off0 = off & 0xffff;
	g->off16 = off >> 16;
	g->sel = KERNEL_CS;
	g->zero = params;
	g->access = DESC_P | DESC_DPL(dpl) | DESC_CALL32;
}

/* ---- what the ring-0 entry points saw ----------------------------------- */
u32 gate_p1, gate_p2, gate_old_esp, gate_old_ss, gate_caller_cs, gate_cs;
u32 gate_esp;
u32 int_esp, int_frame[5];
u32 se_cs, se_ss, se_esp, se_flags, se_count;
u8 sysenter_stack[1024] __aligned(16);

void gate_entry(void);
void int_entry(void);
void conf_entry(void);
void sysenter_entry(void);
asm(
	/* through the call gate: [esp] EIP, CS, p1, p2, old ESP, old SS */
	".globl gate_entry\n"
	"gate_entry:\n\t"
	"movl 8(%esp), %eax\n\t"
	"movl %eax, gate_p1\n\t"
	"movl 12(%esp), %eax\n\t"
	"movl %eax, gate_p2\n\t"
	"movl 16(%esp), %eax\n\t"
	"movl %eax, gate_old_esp\n\t"
	"movl 20(%esp), %eax\n\t"
	"movl %eax, gate_old_ss\n\t"
	"movl 4(%esp), %eax\n\t"
	"movl %eax, gate_caller_cs\n\t"
	"movl $0, gate_cs\n\t"
	"movw %cs, gate_cs\n\t"
	"movl %esp, gate_esp\n\t"
	/* a DPL 0 selector in FS: the return to CPL 3 must null it */
	"movw $0x10, %ax\n\t"
	"movw %ax, %fs\n\t"
	"lret $8\n"

	/* INT n from ring 3 through a trap gate of DPL 3 */
	".globl int_entry\n"
	"int_entry:\n\t"
	"movl %esp, int_esp\n\t"
	"pushl %eax\n\t"
	"movl 4(%esp), %eax\n\t"
	"movl %eax, int_frame\n\t"
	"movl 8(%esp), %eax\n\t"
	"movl %eax, int_frame + 4\n\t"
	"movl 12(%esp), %eax\n\t"
	"movl %eax, int_frame + 8\n\t"
	"movl 16(%esp), %eax\n\t"
	"movl %eax, int_frame + 12\n\t"
	"movl 20(%esp), %eax\n\t"
	"movl %eax, int_frame + 16\n\t"
	"popl %eax\n\t"
	"iret\n"

	/* conforming code runs at the caller's CPL: return CS in EAX */
	".globl conf_entry\n"
	"conf_entry:\n\t"
	"xorl %eax, %eax\n\t"
	"movw %cs, %ax\n\t"
	"lret\n"

	/* SYSENTER: flat CS/SS from the MSR; back with EDX/ECX */
	".globl sysenter_entry\n"
	"sysenter_entry:\n\t"
	"movl $0, se_cs\n\t"
	"movl $0, se_ss\n\t"
	"movw %cs, se_cs\n\t"
	"movw %ss, se_ss\n\t"
	"movl %esp, se_esp\n\t"
	"pushfl\n\t"
	"popl se_flags\n\t"
	"incl se_count\n\t"
	"sysexit\n"
);

/* ---- ring 3 ------------------------------------------------------------- */

static volatile u32 u_cs, u_ss, u_esp_before, u_esp_after, u_fs, u_ret;
static volatile u32 u_flags[4];
static volatile int u_vec[8];
static volatile u32 u_err[8];

static u32 user_basics(void)
{
	u32 cs, ss;

	asm volatile("xorl %0, %0\n\tmovw %%cs, %w0" : "=r"(cs));
	asm volatile("xorl %0, %0\n\tmovw %%ss, %w0" : "=r"(ss));
	u_cs = cs;
	u_ss = ss;
	return 0x600d;
}

static u32 user_call_gate(void)
{
	u32 before, after, fs;

	asm volatile("movl %%esp, %[b]\n\t"
		     "pushl $0x2222\n\t"
		     "pushl $0x1111\n\t"
		     "lcall %[gate], $0\n\t"
		     "movl %%esp, %[a]\n\t"
		     "xorl %[fs], %[fs]\n\t"
		     "movw %%fs, %w[fs]"
		     : [b] "=&r"(before), [a] "=&r"(after), [fs] "=&r"(fs)
		     : [gate] "i"(SEL(GATE_IDX) | 3) : "eax", "memory");
	u_esp_before = before;
	u_esp_after = after;
	u_fs = fs;
	return 0;
}

static u32 user_bad_calls(void)
{
	/* a call gate of DPL 0 from CPL 3: #GP(gate selector) */
	asm volatile(ASM_TRY("1f") "lcall %0, $0\n\t1:"
		     : : "i"(SEL(GATE0_IDX) | 3) : "memory", "eax");
	u_vec[0] = ex_caught();
	u_err[0] = ex_error;
	/* straight to non-conforming DPL 0 code: #GP(selector) */
	asm volatile(ASM_TRY("1f") "lcall %0, $conf_entry\n\t1:"
		     : : "i"(KERNEL_CS) : "memory", "eax");
	u_vec[1] = ex_caught();
	u_err[1] = ex_error;
	/* conforming DPL 0 code: allowed, CPL stays 3 */
	asm volatile(ASM_TRY("1f") "lcall %1, $conf_entry\n\t1:"
		     : "=a"(u_ret) : "i"(SEL(CONF_IDX)) : "memory");
	u_vec[2] = ex_caught();
	return 0;
}

static u32 user_int(void)
{
	u32 esp;

	asm volatile("movl %%esp, %0\n\tint $0x44" : "=&r"(esp) : : "memory");
	u_esp_before = esp;
	return 0;
}

/* POPF at CPL 3: IF (IOPL < 3) and IOPL are not changed, without a fault */
static u32 user_popf(void)
{
	u32 f;

	asm volatile("pushl %1\n\tpopfl\n\tpushfl\n\tpopl %0"
		     : "=r"(f) : "r"(FL_IF | FL_IOPL | 0x2) : "cc");
	u_flags[0] = f;
	asm volatile(ASM_TRY("1f") "cli\n\t1:" : : : "memory");
	u_vec[3] = ex_caught();
	return 0;
}

static u32 user_iopl3(void)
{
	u32 f;

	/* IOPL 3: CLI and IN are allowed at CPL 3; IOPL still cannot change */
	asm volatile(ASM_TRY("1f") "cli\n\t1:" : : : "memory");
	u_vec[4] = ex_caught();
	asm volatile(ASM_TRY("1f") "inb $0x80, %%al\n\t1:"
		     : : : "memory", "eax");
	u_vec[5] = ex_caught();
	asm volatile("pushl %1\n\tpopfl\n\tpushfl\n\tpopl %0"
		     : "=r"(f) : "r"(0x2) : "cc");
	u_flags[1] = f;
	return 0;
}

static u32 user_sysenter(void)
{
	u32 before, after, cs;

	asm volatile("movl %%esp, %[b]\n\t"
		     "movl %%esp, %%ecx\n\t"
		     "movl $1f, %%edx\n\t"
		     "sysenter\n"
		     "1:\n\t"
		     "movl %%esp, %[a]\n\t"
		     "xorl %[cs], %[cs]\n\t"
		     "movw %%cs, %w[cs]"
		     : [b] "=&r"(before), [a] "=&r"(after), [cs] "=&r"(cs)
		     : : "ecx", "edx", "memory");
	u_esp_before = before;
	u_esp_after = after;
	u_cs = cs;
	/* SYSEXIT at CPL 3: #GP(0) */
	asm volatile(ASM_TRY("1f") "sysexit\n\t1:" : : : "memory");
	u_vec[6] = ex_caught();
	u_err[6] = ex_error;
	return 0;
}

/* LAR LSL VERR VERW from CPL 3 (SDM Vol. 2A/2C: ZF reports the checks) */
static volatile u32 u_lar, u_lsl, u_zf[4];

static u32 user_descriptor_checks(void)
{
	u32 v, f;

	asm volatile("larl %2, %0\n\tpushfl\n\tpopl %1"
		     : "=r"(v), "=r"(f) : "r"(USER_CS | 3) : "cc");
	u_lar = v;
	u_zf[0] = f & FL_ZF;
	asm volatile("lsll %2, %0\n\tpushfl\n\tpopl %1"
		     : "=r"(v), "=r"(f) : "r"(USER_DS | 3) : "cc");
	u_lsl = v;
	u_zf[1] = f & FL_ZF;
	/* DS of DPL 0 is not readable from CPL 3 */
	asm volatile("verr %w1\n\tpushfl\n\tpopl %0"
		     : "=r"(f) : "r"(KERNEL_DS) : "cc");
	u_zf[2] = f & FL_ZF;
	asm volatile("verw %w1\n\tpushfl\n\tpopl %0"
		     : "=r"(f) : "r"(USER_DS | 3) : "cc");
	u_zf[3] = f & FL_ZF;
	return 0;
}

static void test_iret_and_back(void)
{
	u32 r = run_user(user_basics, 0);

	report_eq("iret to ring 3: CS is USER_CS with RPL 3", u_cs,
		  USER_CS | 3);
	report_eq("iret to ring 3: SS is USER_DS with RPL 3", u_ss,
		  USER_DS | 3);
	report_eq("back through a DPL 3 gate with the function's result", r,
		  0x600d);
	report_eq("back in ring 0: CPL 0", read_cs() & 3, 0);
}

static void test_call_gate(void)
{
	run_user(user_call_gate, 0);
	report("call gate: parameters copied", gate_p1 == 0x1111 &&
	       gate_p2 == 0x2222);
	report_eq("call gate: CS is the gate's target", gate_cs, KERNEL_CS);
	/* from TSS.SS0:ESP0: old SS, old ESP, 2 parameters, CS, EIP */
	report_eq("call gate: stack switched to TSS.ESP0",
		  gate_esp, (u32)kernel_int_stack_top - 24);
	report_eq("call gate: old SS pushed", gate_old_ss, USER_DS | 3);
	report_eq("call gate: old ESP points at the parameters", gate_old_esp,
		  u_esp_before - 8);
	report_eq("call gate: caller CS pushed", gate_caller_cs & 0xffff,
		  USER_CS | 3);
	report_eq("lret 8 to ring 3 releases the caller's parameters",
		  u_esp_after, u_esp_before);
	/* SDM Vol. 3A, 5.8.6: segment registers with DPL < CPL are nulled */
	report_eq("return to ring 3 nulls FS holding a DPL 0 selector", u_fs,
		  0);

	run_user(user_bad_calls, 0);
	report("call gate of DPL 0 from ring 3: #GP(gate)",
	       u_vec[0] == GP_VECTOR && u_err[0] == SEL(GATE0_IDX));
	report("far call to DPL 0 non-conforming code: #GP(selector)",
	       u_vec[1] == GP_VECTOR && u_err[1] == KERNEL_CS);
	report("far call to conforming code: CPL stays 3",
	       u_vec[2] == -1 && u_ret == (SEL(CONF_IDX) | 3));
}

static void test_int_from_ring3(void)
{
	idt_set(0x44, int_entry, KERNEL_CS, DESC_TRAP32, 3);
	run_user(user_int, 0);
	/* SDM Vol. 3A, 6.12.1, Figure 6-4: SS, ESP, EFLAGS, CS, EIP */
	report_eq("int from ring 3: handler stack is TSS.ESP0 - 20", int_esp,
		  (u32)kernel_int_stack_top - 20);
	report_eq("int from ring 3: frame CS", int_frame[1], USER_CS | 3);
	report_eq("int from ring 3: frame ESP", int_frame[3], u_esp_before);
	report_eq("int from ring 3: frame SS", int_frame[4], USER_DS | 3);
}

static void test_iopl(void)
{
	run_user(user_popf, 0);
	report("popf at cpl 3, iopl 0: IF and IOPL unchanged, no fault",
	       !(u_flags[0] & (FL_IF | FL_IOPL)));
	report("cli at cpl 3, iopl 0: #GP", u_vec[3] == GP_VECTOR);
	run_user(user_iopl3, 3);
	report("cli at cpl 3, iopl 3: allowed", u_vec[4] == -1);
	report("in at cpl 3, iopl 3: allowed", u_vec[5] == -1);
	report_eq("popf at cpl 3 cannot lower IOPL", u_flags[1] & FL_IOPL,
		  FL_IOPL);
}

static void test_descriptor_checks(void)
{
	run_user(user_descriptor_checks, 0);
	/* access rights: bits 8-15 and 20-23 of the descriptor's second
	 * dword; the accessed bit (8) depends on use and is masked */
	report_eq("lar user code", u_lar & 0x00f0fe00, 0x00c0fa00);
	report("lar sets ZF", u_zf[0] != 0);
	report_eq("lsl user data: 4 GiB limit (granularity applied)", u_lsl,
		  0xffffffff);
	report("lsl sets ZF", u_zf[1] != 0);
	report("verr of DPL 0 data from cpl 3: ZF=0", u_zf[2] == 0);
	report("verw of user data: ZF=1", u_zf[3] != 0);
}

static void test_sysenter(void)
{
	if (!cpu_has(1, CPUID_EDX, 11)) {
		report_skip("sysenter", "CPUID.1:EDX.SEP is 0");
		return;
	}
	wrmsr(MSR_SYSENTER_CS, KERNEL_CS);
	wrmsr(MSR_SYSENTER_ESP, (u32)sysenter_stack + sizeof(sysenter_stack));
	wrmsr(MSR_SYSENTER_EIP, (u32)sysenter_entry);
	se_count = 0;
	run_user(user_sysenter, 0);
	report("sysenter reached its entry", se_count == 1);
	report_eq("sysenter: CS = SYSENTER_CS", se_cs, KERNEL_CS);
	report_eq("sysenter: SS = SYSENTER_CS + 8", se_ss, KERNEL_DS);
	report_eq("sysenter: ESP = SYSENTER_ESP", se_esp,
		  (u32)sysenter_stack + sizeof(sysenter_stack));
	report("sysenter clears IF and VM", !(se_flags & (FL_IF | FL_VM)));
	report_eq("sysexit: CS = SYSENTER_CS + 16, RPL 3", u_cs, USER_CS | 3);
	report_eq("sysexit: ESP = ECX", u_esp_after, u_esp_before);
	report("sysexit at cpl 3: #GP(0)", u_vec[6] == GP_VECTOR &&
	       u_err[6] == 0);

	/* SYSENTER_CS = 0: #GP(0) */
	wrmsr(MSR_SYSENTER_CS, 0);
	asm volatile(ASM_TRY("1f") "sysenter\n\t1:" : : : "memory");
	report("sysenter with SYSENTER_CS 0: #GP(0)",
	       ex_caught() == GP_VECTOR && ex_error == 0);
}

int main(void)
{
	tss_load();
	set_call_gate(GATE_IDX, gate_entry, 2, 3);
	set_call_gate(GATE0_IDX, gate_entry, 2, 0);
	gdt_set(CONF_IDX, 0, 0xfffff, DESC_CODE32 | DESC_CONFORM,
		DESC_G | DESC_DB);

	test_iret_and_back();
	test_call_gate();
	test_int_from_ring3();
	test_iopl();
	test_descriptor_checks();
	test_sysenter();
	return 0;
}
