// SPDX-License-Identifier: GPL-2.0-only
/*
 * Hardware task switches (SDM Vol. 3A, chapter 7 "Task Management"): a JMP
 * to a TSS selector and back, a CALL through a task gate and the return by
 * IRET with EFLAGS.NT (7.4, "Task Linking"), INT n and an exception with an
 * error code through task gates in the IDT, and what a switch loads and
 * saves: TR, the busy flags (7.2.2), the previous-task link, NT, CR0.TS,
 * the new task's segment registers, EFLAGS, general registers and LDTR.
 */
#include "libcpu.h"

enum {
	TSS2_IDX = GDT_FIRST_FREE,
	TASKGATE_IDX,
	LDT_IDX,
};
#define SEL(idx) ((idx) << 3)
#define TSS2_SEL SEL(TSS2_IDX)
#define TASKGATE_SEL SEL(TASKGATE_IDX)
#define LDT_SEL SEL(LDT_IDX)

#define TASK_VEC 0x50

struct tss32 tss2 __aligned(128);
static u8 task2_stack[2048] __aligned(16);
static struct desc ldt[2] __aligned(8);

/* what task 2 saw, and how it leaves: 0 JMP back, 1 IRET, 2 IRET after
 * popping an error code and stepping the faulting task over 2 bytes */
u32 t2_eax, t2_tr, t2_flags, t2_cr0, t2_esp, t2_fs, t2_ldtr, t2_count;
u32 t2_mode, t2_error, t2_link;

void task2_entry(void);
asm(
	".globl task2_entry\n"
	"task2_entry:\n\t"
	"pushfl\n\t"			/* before anything changes a flag */
	"popl t2_flags\n\t"
	"movl %eax, t2_eax\n\t"
	"xorl %eax, %eax\n\t"
	"strw %ax\n\t"
	"movl %eax, t2_tr\n\t"
	"movl %cr0, %eax\n\t"
	"movl %eax, t2_cr0\n\t"
	"movl %esp, t2_esp\n\t"
	"xorl %eax, %eax\n\t"
	"movw %fs, %ax\n\t"
	"movl %eax, t2_fs\n\t"
	"sldtw %ax\n\t"
	"movl %eax, t2_ldtr\n\t"
	"movl tss2, %eax\n\t"
	"movl %eax, t2_link\n\t"
	"incl t2_count\n\t"
	"cmpl $0, t2_mode\n\t"
	"jne 1f\n\t"
	"ljmp $0x28, $0\n\t"		/* TSS_SEL */
	"jmp task2_entry\n"
	"1:\n\t"
	"cmpl $1, t2_mode\n\t"
	"jne 2f\n\t"
	"iret\n\t"
	"jmp task2_entry\n"
	"2:\n\t"
	"popl t2_error\n\t"
	"addl $2, tss + 0x20\n\t"	/* the faulting task's EIP */
	"iret\n\t"
	"jmp task2_entry\n"
);

static void task2_reset(int mode, u32 eflags)
{
	memset(&tss2, 0, sizeof(tss2));
	tss2.eip = (u32)task2_entry;
	tss2.esp = (u32)task2_stack + sizeof(task2_stack);
	tss2.eflags = eflags | 0x2;
	tss2.cs = KERNEL_CS;
	tss2.ds = tss2.es = tss2.ss = tss2.gs = KERNEL_DS;
	tss2.fs = USER_DS | 3;		/* DPL 3 data is fine at CPL 0 */
	tss2.eax = 0x1234abcd;
	tss2.cr3 = read_cr3();
	tss2.ldt = LDT_SEL;
	tss2.iomap = sizeof(tss2);
	t2_mode = mode;
	t2_count = 0;
}

/* the type field of a TSS descriptor: 9 available, 0BH busy (7.2.2) */
static u8 tss_type(u16 sel)
{
	return gdt[sel >> 3].access & 0x0f;
}

static u16 str(void)
{
	u16 tr;

	asm volatile("str %0" : "=r"(tr));
	return tr;
}

static void test_jmp(void)
{
	u32 esi = 0x5a5a5a5a, cr0;

	task2_reset(0, FL_CF);
	asm volatile("clts");
	/* ESI must survive: saved in our TSS, loaded back on the return */
	asm volatile("ljmp %1, $0" : "+S"(esi) : "i"(TSS2_SEL) : "memory");
	cr0 = read_cr0();
	report_eq("jmp to a TSS runs the task", t2_count, 1);
	report_eq("jmp: TR is the new TSS", t2_tr, TSS2_SEL);
	report_eq("jmp: EAX from the new TSS", t2_eax, 0x1234abcd);
	report_eq("jmp: EFLAGS from the new TSS, NT clear",
		  t2_flags & (FL_CF | FL_NT), FL_CF);
	report_eq("jmp: ESP from the new TSS", t2_esp,
		  (u32)task2_stack + sizeof(task2_stack));
	report_eq("jmp: FS from the new TSS", t2_fs, USER_DS | 3);
	report_eq("jmp: LDTR from the new TSS", t2_ldtr, LDT_SEL);
	report("jmp: CR0.TS set by the switch", (t2_cr0 & CR0_TS) != 0);
	report_eq("jmp: no link written", t2_link, 0);
	report_eq("jmp back: TR", str(), TSS_SEL);
	report_eq("jmp back: registers restored from our TSS", esi,
		  0x5a5a5a5a);
	report_eq("jmp back: the old TSS is available again",
		  tss_type(TSS2_SEL), DESC_TSS32);
	report_eq("jmp back: ours is busy", tss_type(TSS_SEL),
		  DESC_TSS32_BUSY);
	report("jmp back: CR0.TS set", (cr0 & CR0_TS) != 0);
	asm volatile("clts");
	report_eq("jmp back: LDTR from our TSS", ({
		u16 l;
		asm volatile("sldt %0" : "=r"(l));
		l; }), 0);
}

static void test_call_gate(void)
{
	task2_reset(1, 0);
	/* a task gate in the GDT: CALL nests, IRET with NT=1 returns */
	asm volatile("lcall %0, $0" : : "i"(TASKGATE_SEL) : "memory");
	report_eq("call through a task gate runs the task", t2_count, 1);
	report("call: NT set in the new task", (t2_flags & FL_NT) != 0);
	report_eq("call: link field holds our TSS", t2_link, TSS_SEL);
	report_eq("iret with NT: back in our task", str(), TSS_SEL);
	report_eq("iret with NT: the nested TSS is no longer busy",
		  tss_type(TSS2_SEL), DESC_TSS32);
	report("iret with NT: our NT is clear", !(read_eflags() & FL_NT));
	asm volatile("clts");
}

static void test_int_gate(void)
{
	task2_reset(1, 0);
	idt_set_task(TASK_VEC, TSS2_SEL, 0);
	asm volatile("int %0" : : "i"(TASK_VEC) : "memory");
	report_eq("int through a task gate in the IDT", t2_count, 1);
	report("int: NT set in the new task", (t2_flags & FL_NT) != 0);
	report_eq("int: back after IRET", str(), TSS_SEL);
	asm volatile("clts");
}

/*
 * #GP through a task gate: the error code is pushed on the new task's stack
 * (SDM Vol. 3A, 6.12.2), and the old task's saved EIP is the faulting
 * instruction (task 2 advances it by the 2 bytes of MOV FS, AX).
 */
static void test_exception_gate(void)
{
	struct gate saved = idt[GP_VECTOR];
	u32 at;

	task2_reset(2, 0);
	idt_set_task(GP_VECTOR, TSS2_SEL, 0);
	asm volatile("movl $1f, %0\n\t"
		     "1: movw %w1, %%fs"	/* 8E E0 */
		     : "=&r"(at) : "a"(0x1003) : "memory");
	idt[GP_VECTOR] = saved;
	asm volatile("movw %w0, %%fs" : : "r"(KERNEL_DS));
	report_eq("#GP through a task gate runs the task", t2_count, 1);
	report_eq("#GP through a task gate: error code on the new stack",
		  t2_error, 0x1000);
	report_eq("#GP through a task gate: new stack below the error code",
		  t2_esp, (u32)task2_stack + sizeof(task2_stack) - 4);
	report_eq("#GP through a task gate: back in our task", str(),
		  TSS_SEL);
	(void)at;
	asm volatile("clts");
}

int main(void)
{
	tss_load();
	gdt_set(TSS2_IDX, (u32)&tss2, sizeof(tss2) - 1, DESC_P | DESC_TSS32,
		0);
	/* a task gate holds only the TSS selector (SDM Vol. 3A, 7.2.5) */
	{
		struct gate *g = (struct gate *)&gdt[TASKGATE_IDX];

		memset(g, 0, sizeof(*g));
		g->sel = TSS2_SEL;
		g->access = DESC_P | DESC_TASK;
	}
	gdt_set(LDT_IDX, (u32)ldt, sizeof(ldt) - 1, DESC_P | DESC_LDT, 0);

	test_jmp();
	test_call_gate();
	test_int_gate();
	test_exception_gate();
	return 0;
}
