// SPDX-License-Identifier: GPL-2.0-only
/*
 * Exceptions and their delivery (SDM Vol. 3A, chapter 6): vector, error
 * code and saved EIP of #DE #BP #OF #UD #NP #SS #GP #TS #AC, faults versus
 * traps (6.5), error codes (6.13, Figure 6-7: index, TI, IDT and EXT bits),
 * the double fault of two contributory exceptions (6.15, Table 6-5), the
 * IDT limit and gate checks, and the DPL check of INT n from CPL 3 (6.12.1.1).
 */
#include "libcpu.h"

/* descriptors of this test (GDT_FIRST_FREE and up) */
enum {
	SEG_RO = GDT_FIRST_FREE,	/* read-only data */
	SEG_XO,				/* execute-only code */
	SEG_NP,				/* data, not present */
	SEG_SMALL,			/* data, limit 0xfff bytes */
	SEG_TSS_SHORT,			/* TSS with a limit below 67H */
	SEG_TSS_NP,			/* TSS, not present */
	SEG_SS_SMALL,			/* data, limit 0x9fff, for SS */
};
#define SEL(idx) ((idx) << 3)

#define SOFT_VEC	0x41	/* INT n target, trap gate */
#define SOFT_VEC_NP	0x42	/* INT n to a not-present gate */

static struct tss32 tss_spare __aligned(128);

/* ---- traps and faults -------------------------------------------------- */

static void test_ud(void)
{
	u32 at;
	int v;

	asm volatile(ASM_TRY("1f") "movl $2f, %0\n\t2: ud2\n\t1:"
		     : "=m"(at) : : "memory");
	v = ex_caught();
	report("ud2 raises #UD", v == UD_VECTOR);
	report("#UD is a fault: saved EIP is the UD2", v == UD_VECTOR &&
	       ex_eip == at);
	report("#UD saved CS is the kernel's", ex_cs == KERNEL_CS);

	/* LOCK with a register destination (SDM Vol. 2A, LOCK) */
	asm volatile(ASM_TRY("1f") ".byte 0xf0\n\taddl %%eax, %%ebx\n\t1:"
		     : : : "memory", "cc");
	report("lock add r32,r32 raises #UD", ex_caught() == UD_VECTOR);
	/* LOCK on an instruction that cannot be locked */
	asm volatile(ASM_TRY("1f") ".byte 0xf0\n\tmovl %%eax, (%%esp)\n\t1:"
		     : : : "memory");
	report("lock mov raises #UD", ex_caught() == UD_VECTOR);
	/* LEA with a register operand (ModRM mod=11) */
	asm volatile(ASM_TRY("1f") ".byte 0x8d, 0xc0\n\t1:" : : : "memory");
	report("lea with a register source raises #UD",
	       ex_caught() == UD_VECTOR);
	/* MOV to CS (8E /1) */
	asm volatile(ASM_TRY("1f") ".byte 0x8e, 0xc8\n\t1:" : : : "memory");
	report("mov cs,r16 raises #UD", ex_caught() == UD_VECTOR);
	/* CR1 is reserved (SDM Vol. 2B, MOV to/from control registers) */
	asm volatile(ASM_TRY("1f") ".byte 0x0f, 0x20, 0xc8\n\t1:"
		     : : : "memory", "eax");
	report("mov eax,cr1 raises #UD", ex_caught() == UD_VECTOR);
}

static void test_de(void)
{
	u32 eax = 7, edx = 0;

	asm volatile(ASM_TRY("1f") "divl %2\n\t1:"
		     : "+a"(eax), "+d"(edx) : "r"(0) : "memory", "cc");
	report("div by 0 raises #DE", ex_caught() == DE_VECTOR);
	report("#DE has no error code", ex_error == 0);
}

static void test_bp_of(void)
{
	u32 after;
	int v;

	/* INT3 (CC) is a trap: the saved EIP is the next instruction */
	asm volatile(ASM_TRY("1f") "int3\n\t2:\n\t1:\n\tmovl $2b, %0"
		     : "=r"(after) : : "memory");
	v = ex_caught();
	report("int3 raises #BP", v == BP_VECTOR);
	report("#BP is a trap: saved EIP follows the INT3",
	       v == BP_VECTOR && ex_eip == after);
	asm volatile(ASM_TRY("1f") "int $3\n\t2:\n\t1:\n\tmovl $2b, %0"
		     : "=r"(after) : : "memory");
	v = ex_caught();
	report("int 3 (CD 03) raises #BP after its two bytes",
	       v == BP_VECTOR && ex_eip == after);

	/* INTO: #OF when OF=1, a trap; nothing when OF=0 */
	asm volatile(ASM_TRY("1f")
		     "pushl $0x802\n\tpopfl\n\t"
		     "into\n\t2:\n\t1:\n\tmovl $2b, %0"
		     : "=r"(after) : : "memory", "cc");
	v = ex_caught();
	report("into with OF=1 raises #OF", v == OF_VECTOR);
	report("#OF is a trap: saved EIP follows the INTO",
	       v == OF_VECTOR && ex_eip == after);
	asm volatile(ASM_TRY("1f")
		     "pushl $0x2\n\tpopfl\n\t"
		     "into\n\t1:"
		     : : : "memory", "cc");
	report("into with OF=0 does nothing", ex_caught() == -1);
}

/* ---- segment loads: SDM Vol. 2B MOV "Protected Mode Exceptions" -------- */

/* load FS with sel; returns the vector raised or -1 */
static int load_fs(u16 sel)
{
	asm volatile(ASM_TRY("1f") "movw %w0, %%fs\n\t1:"
		     : : "r"(sel) : "memory");
	asm volatile("movw %w0, %%fs" : : "r"(KERNEL_DS));
	return ex_caught();
}

static int load_ss(u16 sel)
{
	int v;

	asm volatile(ASM_TRY("1f") "movw %w0, %%ss\n\t1:"
		     : : "r"(sel) : "memory");
	v = ex_caught();
	asm volatile("movw %w0, %%ss" : : "r"(KERNEL_DS));
	return v;
}

/* the vector and error code v, err of a caught exception against the SDM's */
static void expect_err(const char *name, int v, u32 err, int vec, u32 error)
{
	if (v == vec && err == error) {
		report(name, true);
		return;
	}
	tests_run++;
	tests_failed++;
	printf("FAIL: %s -- got vector %d error 0x%x, want vector %d error 0x%x\n",
	       name, v, v < 0 ? 0 : err, vec, error);
}

/* v is the vector caught, read before ex_error */
static void expect(const char *name, int v, int vec, u32 error)
{
	expect_err(name, v, ex_error, vec, error);
}

static void test_segment_loads(void)
{
	/*
	 * LDTR holds what reset left there (base 0, limit FFFFH; SDM Vol. 3A,
	 * 9.1.1, Table 9-1) unless loaded: LLDT with a null selector makes it
	 * invalid, so that any LDT reference faults (Vol. 2A, LLDT).
	 */
	asm volatile("lldt %w0" : : "r"(0));
	/* error code: the selector's index and TI, RPL replaced by IDT/EXT */
	expect("mov fs beyond the GDT limit: #GP(selector)", load_fs(0x1003),
	       GP_VECTOR, 0x1000);
	expect("mov fs with TI=1 and no LDT: #GP(selector)", load_fs(0x0007),
	       GP_VECTOR, 0x0004);
	expect("mov fs, execute-only code: #GP(selector)",
	       load_fs(SEL(SEG_XO)), GP_VECTOR, SEL(SEG_XO));
	expect("mov fs, a TSS descriptor: #GP(selector)",
	       load_fs(SEL(SEG_TSS_SHORT)), GP_VECTOR, SEL(SEG_TSS_SHORT));
	expect("mov fs, not present: #NP(selector)", load_fs(SEL(SEG_NP)),
	       NP_VECTOR, SEL(SEG_NP));
	report("mov fs, null selector is allowed", load_fs(0) == -1);
	report("mov fs, read-only data is allowed", load_fs(SEL(SEG_RO)) ==
	       -1);
	expect("mov ss, null selector: #GP(0)", load_ss(0), GP_VECTOR, 0);
	expect("mov ss, read-only data: #GP(selector)", load_ss(SEL(SEG_RO)),
	       GP_VECTOR, SEL(SEG_RO));
	expect("mov ss, RPL != CPL: #GP(selector)", load_ss(KERNEL_DS | 3),
	       GP_VECTOR, KERNEL_DS);
	expect("mov ss, not present: #SS(selector)", load_ss(SEL(SEG_NP)),
	       SS_VECTOR, SEL(SEG_NP));
	expect("mov ss, code segment: #GP(selector)", load_ss(KERNEL_CS),
	       GP_VECTOR, KERNEL_CS);
}

/* ---- accesses through segments ----------------------------------------- */

u32 saved_esp, saved_ebp;

static void test_segment_access(void)
{
	int v;

	/* a write through a read-only data segment: #GP(0) */
	asm volatile("movw %w0, %%fs" : : "r"(SEL(SEG_RO)));
	asm volatile(ASM_TRY("1f") "movl $1, %%fs:0x7000\n\t1:"
		     : : : "memory");
	v = ex_caught();
	asm volatile("movw %w0, %%fs" : : "r"(KERNEL_DS));
	expect("write through read-only FS: #GP(0)", v, GP_VECTOR, 0);

	/* a read through a null FS: #GP(0) */
	asm volatile("movw %w0, %%fs" : : "r"(0));
	asm volatile(ASM_TRY("1f") "movl %%fs:0x7000, %%eax\n\t1:"
		     : : : "memory", "eax");
	v = ex_caught();
	asm volatile("movw %w0, %%fs" : : "r"(KERNEL_DS));
	expect("read through null FS: #GP(0)", v, GP_VECTOR, 0);

	/* beyond the limit of a data segment: #GP(0) (SDM Vol. 3A, 5.3) */
	asm volatile("movw %w0, %%fs" : : "r"(SEL(SEG_SMALL)));
	asm volatile(ASM_TRY("1f") "movl %%fs:0xffd, %%eax\n\t1:"
		     : : : "memory", "eax");
	v = ex_caught();
	asm volatile("movw %w0, %%fs" : : "r"(KERNEL_DS));
	expect("dword read across the FS limit: #GP(0)", v, GP_VECTOR, 0);
	asm volatile("movw %w0, %%fs" : : "r"(SEL(SEG_SMALL)));
	asm volatile(ASM_TRY("1f") "movl %%fs:0xffc, %%eax\n\t1:"
		     : : : "memory", "eax");
	v = ex_caught();
	asm volatile("movw %w0, %%fs" : : "r"(KERNEL_DS));
	report("dword read ending at the FS limit is allowed", v == -1);

	/*
	 * beyond the limit of the stack segment: #SS(0).  The stack itself
	 * must stay usable for the exception frame (no privilege change), so
	 * SS has base 0 and limit 0x9fff with ESP at 0x9000, and the access
	 * through SS is an EBP-based operand at the limit.
	 */
	asm volatile("movl %%esp, saved_esp\n\t"
		     "movl %%ebp, saved_ebp\n\t"
		     "movw %w0, %%ss\n\t"
		     "movl $0x9000, %%esp\n\t"
		     ASM_TRY("1f")
		     "movl $0x9ffc, %%ebp\n\t"
		     "movl (%%ebp), %%eax\n\t"	/* inside */
		     "movl $0x9ffd, %%ebp\n\t"
		     "movl (%%ebp), %%eax\n\t"	/* crosses the limit */
		     "1:\n\t"
		     "movw %w1, %%ss\n\t"
		     "movl saved_esp, %%esp\n\t"
		     "movl saved_ebp, %%ebp"
		     : : "r"(SEL(SEG_SS_SMALL)), "r"(KERNEL_DS)
		     : "memory", "eax");
	v = ex_caught();
	expect("ebp-based read across the SS limit: #SS(0)", v, SS_VECTOR, 0);
}

/* ---- control registers and MSRs ----------------------------------------- */

static u32 pgdir[1024] __aligned(4096), pgtab[1024] __aligned(4096);

/* 4 KiB pages (SDM Vol. 3A, 4.3): the first 4 MiB, present, writable */
static void identity_map(void)
{
	int i;

	for (i = 0; i < 1024; i++)
		pgtab[i] = i << 12 | 0x3;
	pgdir[0] = (u32)pgtab | 0x3;
	write_cr3((u32)pgdir);
}

static void test_cr_msr(void)
{
	u32 cr0 = read_cr0();
	int v;

	/* SDM Vol. 2B MOV CR: CD=0 with NW=1 is an invalid combination */
	asm volatile(ASM_TRY("1f") "movl %0, %%cr0\n\t1:"
		     : : "r"((cr0 & ~0x40000000) | 0x20000000) : "memory");
	v = ex_caught();
	write_cr0(cr0);
	expect("cr0 with NW=1 and CD=0: #GP(0)", v, GP_VECTOR, 0);
	/*
	 * PG=1 with PE=0.  Should the write not fault, the CPU would run the
	 * next instruction with paging on and PE off: CR3 then holds an
	 * identity map of the first 4 MiB, so that the next instruction
	 * (which restores CR0) still runs.
	 */
	identity_map();
	asm volatile(ASM_TRY("1f") "movl %0, %%cr0\n\t1:\n\t"
		     "movl %1, %%cr0"
		     : : "r"((cr0 & ~CR0_PE) | CR0_PG), "r"(cr0) : "memory");
	v = ex_caught();
	expect("cr0 with PG=1 and PE=0: #GP(0)", v, GP_VECTOR, 0);
	/* a reserved CR4 bit: in fatal.c, it hangs QEMU 7.2 */

	/* RDMSR of an unimplemented MSR: #GP(0) (SDM Vol. 2B RDMSR) */
	asm volatile(ASM_TRY("1f") "rdmsr\n\t1:"
		     : : "c"(0x4b564d99) : "memory", "eax", "edx");
	expect("rdmsr of an unimplemented MSR: #GP(0)", ex_caught(),
	       GP_VECTOR, 0);
}

/* ---- the IDT ------------------------------------------------------------ */

void soft_int_entry(void);
asm(".globl soft_int_entry\n"
    "soft_int_entry:\n\t"
    "incl soft_int_count\n\t"
    "iret");
u32 soft_int_count;

static void test_idt(void)
{
	struct dtr saved, small;
	struct gate g;
	u32 after;
	int v;

	/* INT n to a present trap gate reaches it and returns after */
	idt_set(SOFT_VEC, soft_int_entry, KERNEL_CS, DESC_TRAP32, 0);
	soft_int_count = 0;
	asm volatile("int %0" : : "i"(SOFT_VEC) : "memory");
	report("int 0x41 through a trap gate", soft_int_count == 1);

	/*
	 * not present: #NP, error code vector * 8 + 2 (IDT bit), EXT=0.  The
	 * gate type is checked first (INT n "Operation"): a valid type here.
	 */
	idt_set(SOFT_VEC_NP, soft_int_entry, KERNEL_CS, DESC_TRAP32, 0);
	idt[SOFT_VEC_NP].access &= ~DESC_P;
	asm volatile(ASM_TRY("1f") "int %0\n\t1:" : : "i"(SOFT_VEC_NP)
		     : "memory");
	expect("int n to a not-present gate: #NP(n*8+2)", ex_caught(),
	       NP_VECTOR, SOFT_VEC_NP * 8 + 2);

	/* a gate of a type the IDT may not hold (a call gate): #GP */
	idt_set(SOFT_VEC_NP, soft_int_entry, KERNEL_CS, DESC_CALL32, 0);
	asm volatile(ASM_TRY("1f") "int %0\n\t1:" : : "i"(SOFT_VEC_NP)
		     : "memory");
	expect("int n to a call gate in the IDT: #GP(n*8+2)", ex_caught(),
	       GP_VECTOR, SOFT_VEC_NP * 8 + 2);
	memset(&idt[SOFT_VEC_NP], 0, sizeof(idt[0]));

	/* beyond the IDT limit: #GP(n*8+2) */
	sidt(&saved);
	small.base = saved.base;
	small.limit = 0x80 * 8 - 1;
	lidt(&small);
	asm volatile(ASM_TRY("1f") "int $0x90\n\t1:" : : : "memory");
	v = ex_caught();
	lidt(&saved);
	expect("int 0x90 beyond the IDT limit: #GP(0x90*8+2)", v, GP_VECTOR,
	       0x90 * 8 + 2);

	/*
	 * An exception (not INT n) through a not-present gate: #NP with EXT=1,
	 * the event being external to the instruction (SDM Vol. 3A, 6.13).
	 * #UD then #NP is benign + contributory: delivered serially.
	 */
	g = idt[UD_VECTOR];
	idt[UD_VECTOR].access &= ~DESC_P;
	asm volatile(ASM_TRY("1f") "ud2\n\t1:" : : : "memory");
	v = ex_caught();
	idt[UD_VECTOR] = g;
	expect("#UD through a not-present gate: #NP(6*8+2+EXT)", v,
	       NP_VECTOR, UD_VECTOR * 8 + 3);

	/*
	 * #GP while its own gate is not present: the #NP raised delivering
	 * it is a second contributory exception, so #DF with error code 0
	 * (Table 6-5).  The saved CS:EIP of a #DF are undefined (6.15).
	 */
	g = idt[GP_VECTOR];
	idt[GP_VECTOR].access &= ~DESC_P;
	asm volatile(ASM_TRY("1f") "movw %w0, %%fs\n\t1:" : : "r"(0x1003)
		     : "memory");
	v = ex_caught();
	idt[GP_VECTOR] = g;
	asm volatile("movw %w0, %%fs" : : "r"(KERNEL_DS));
	expect("#GP with a not-present #GP gate: #DF(0)", v, DF_VECTOR, 0);

	/* INT n pushes the EIP after the instruction */
	asm volatile(ASM_TRY("1f") "int $0x04\n\t2:\n\t1:\n\tmovl $2b, %0"
		     : "=r"(after) : : "memory");
	v = ex_caught();
	report("int 4: vector 4, saved EIP after the instruction",
	       v == OF_VECTOR && ex_eip == after);
}

/* ---- task-related faults ----------------------------------------------- */

/* #TS through IRET with NT=1: the handler must clear NT to resume */
static void ts_handler(struct ex_regs *r)
{
	r->eflags &= ~FL_NT;
	r->eip = ex_recover;
	ex_recover = 0;
}

static void test_task_faults(void)
{
	int v;

	tss_load();
	/* JMP to the busy TSS of the current task: #GP(selector) */
	asm volatile(ASM_TRY("1f") "ljmp %0, $0\n\t1:" : : "i"(TSS_SEL)
		     : "memory");
	expect("jmp to a busy TSS: #GP(selector)", ex_caught(), GP_VECTOR,
	       TSS_SEL);
	/* not present: #NP(selector) */
	asm volatile(ASM_TRY("1f") "ljmp %0, $0\n\t1:"
		     : : "i"(SEL(SEG_TSS_NP)) : "memory");
	expect("jmp to a not-present TSS: #NP(selector)", ex_caught(),
	       NP_VECTOR, SEL(SEG_TSS_NP));
	/* limit below 67H: #TS(selector) (SDM Vol. 3A, 7.3, Table 7-1) */
	asm volatile(ASM_TRY("1f") "ljmp %0, $0\n\t1:"
		     : : "i"(SEL(SEG_TSS_SHORT)) : "memory");
	v = ex_caught();
	expect("jmp to a TSS with a limit below 67H: #TS(selector)", v,
	       TS_VECTOR, SEL(SEG_TSS_SHORT));
	/* the task switch did not happen: TR still the same */
	{
		u16 tr;

		asm volatile("str %0" : "=r"(tr));
		report("TR unchanged after the failed switch", tr == TSS_SEL);
	}

	/*
	 * IRET with NT=1 returns to the task in the TSS link field; a link
	 * that is not a TSS raises #TS(link) (SDM Vol. 2A, IRET
	 * "TASK-RETURN").
	 */
	ex_set_handler(TS_VECTOR, ts_handler);
	tss.link = KERNEL_DS;
	asm volatile(ASM_TRY("1f")
		     "pushfl\n\t"
		     "orl $0x4000, (%%esp)\n\t"
		     "popfl\n\t"
		     "iret\n\t"
		     "1:"
		     : : : "memory", "cc");
	v = ex_caught();
	ex_set_handler(TS_VECTOR, NULL);
	tss.link = 0;
	expect("iret with NT=1 to a non-TSS link: #TS(link)", v, TS_VECTOR,
	       KERNEL_DS);
	report("NT clear again", !(read_eflags() & FL_NT));
}

/* ---- from CPL 3 --------------------------------------------------------- */

static volatile int user_vec[16];
static volatile u32 user_err[16], user_cs[16];

#define USER_TRY(i, insn)						\
do {									\
	asm volatile(ASM_TRY("1f") insn "\n\t1:" : : : "memory", "eax",	\
		     "edx", "ecx");					\
	user_vec[i] = ex_caught();					\
	user_err[i] = ex_error;						\
	user_cs[i] = ex_cs;						\
} while (0)

static u32 user_privileged(void)
{
	USER_TRY(0, "hlt");
	USER_TRY(1, "cli");
	USER_TRY(2, "movl %%cr0, %%eax");
	USER_TRY(3, "inb $0x80, %%al");
	USER_TRY(4, "lidt (%%esp)");
	USER_TRY(5, "int $0x41");	/* trap gate of DPL 0 */
	USER_TRY(6, "int3");		/* #BP gate of DPL 0 */
	USER_TRY(7, "ud2");		/* exceptions ignore the gate DPL */
	USER_TRY(9, "int $0x43");	/* trap gate of DPL 3 */
	USER_TRY(10, "wrmsr");
	return 0;
}

/* what ring 3 recorded in slot i */
static void user_expect(const char *name, int i, int vec, u32 error)
{
	expect_err(name, user_vec[i], user_err[i], vec, error);
}

void user_int_entry(void);
asm(".globl user_int_entry\n"
    "user_int_entry:\n\t"
    "incl user_int_count\n\t"
    "iret");
u32 user_int_count;

static void test_user(void)
{
	tss_load();
	idt_set(SOFT_VEC, soft_int_entry, KERNEL_CS, DESC_TRAP32, 0);
	idt_set(0x43, user_int_entry, KERNEL_CS, DESC_TRAP32, 3);
	user_int_count = 0;
	run_user(user_privileged, 0);
	/* SDM Vol. 2: "#GP(0) If the current privilege level is not 0" */
	user_expect("cpl 3: hlt: #GP(0)", 0, GP_VECTOR, 0);
	report("cpl 3: #GP saved CS has RPL 3", user_cs[0] == (USER_CS | 3));
	user_expect("cpl 3, iopl 0: cli: #GP(0)", 1, GP_VECTOR, 0);
	user_expect("cpl 3: mov eax,cr0: #GP(0)", 2, GP_VECTOR, 0);
	/* no I/O bitmap in the TSS: CPL > IOPL denies every port */
	user_expect("cpl 3, iopl 0: in: #GP(0)", 3, GP_VECTOR, 0);
	user_expect("cpl 3: lidt: #GP(0)", 4, GP_VECTOR, 0);
	/* INT n with gate DPL < CPL: #GP(n*8+2) (SDM Vol. 3A, 6.12.1.1) */
	user_expect("cpl 3: int 0x41 through a DPL 0 gate: #GP(0x41*8+2)", 5,
		    GP_VECTOR, SOFT_VEC * 8 + 2);
	user_expect("cpl 3: int3 through a DPL 0 gate: #GP(3*8+2)", 6,
		    GP_VECTOR, BP_VECTOR * 8 + 2);
	user_expect("cpl 3: ud2 through a DPL 0 gate is delivered", 7,
		    UD_VECTOR, 0);
	report("cpl 3: int 0x43 through a DPL 3 gate", user_vec[9] == -1 &&
	       user_int_count == 1);
	user_expect("cpl 3: wrmsr: #GP(0)", 10, GP_VECTOR, 0);
}

static u32 user_load_kernel_ds(void)
{
	/* loading DS with a DPL 0 data segment at CPL 3: #GP(selector) */
	asm volatile(ASM_TRY("1f") "movw %w0, %%ds\n\t1:"
		     : : "r"(KERNEL_DS) : "memory");
	user_vec[11] = ex_caught();
	user_err[11] = ex_error;
	return 0;
}

/* #AC: CR0.AM=1, EFLAGS.AC=1, CPL 3 and a misaligned access (6.15) */
static u32 user_misaligned(void)
{
	static u32 words[2];

	asm volatile(ASM_TRY("1f")
		     "pushfl\n\t"
		     "orl $0x40000, (%%esp)\n\t"
		     "popfl\n\t"
		     "movl 1(%0), %%eax\n\t"
		     "1:\n\t"
		     "pushfl\n\t"
		     "andl $~0x40000, (%%esp)\n\t"
		     "popfl"
		     : : "r"(words) : "memory", "eax", "cc");
	user_vec[12] = ex_caught();
	user_err[12] = ex_error;
	return 0;
}

static void test_user2(void)
{
	run_user(user_load_kernel_ds, 0);
	user_expect("cpl 3: mov ds, DPL 0 data: #GP(selector)", 11, GP_VECTOR,
		    KERNEL_DS);
	write_cr0(read_cr0() | CR0_AM);
	run_user(user_misaligned, 0);
	write_cr0(read_cr0() & ~CR0_AM);
	user_expect("cpl 3, AM=1, AC=1: misaligned load: #AC(0)", 12, AC_VECTOR,
		    0);
}

int main(void)
{
	gdt_set(SEG_RO, 0, 0xfffff, DESC_P | DESC_S, DESC_G | DESC_DB);
	gdt_set(SEG_XO, 0, 0xfffff, DESC_P | DESC_S | DESC_CODE,
		DESC_G | DESC_DB);
	gdt_set(SEG_NP, 0, 0xfffff, DESC_S | DESC_WRITE, DESC_G | DESC_DB);
	gdt_set(SEG_SMALL, 0, 0xfff, DESC_DATA32, DESC_DB);
	gdt_set(SEG_TSS_SHORT, (u32)&tss_spare, 0x50, DESC_P | DESC_TSS32, 0);
	gdt_set(SEG_TSS_NP, (u32)&tss_spare, sizeof(tss_spare) - 1,
		DESC_TSS32, 0);
	gdt_set(SEG_SS_SMALL, 0, 0x9fff, DESC_DATA32, DESC_DB);

	test_ud();
	test_de();
	test_bp_of();
	test_segment_loads();
	test_segment_access();
	test_cr_msr();
	test_idt();
	test_task_faults();
	test_user();
	test_user2();
	return 0;
}
