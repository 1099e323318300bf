// SPDX-License-Identifier: GPL-2.0-only
/*
 * Self-modifying code: stores into instructions the CPU runs afterwards.
 *
 * SDM Vol. 3, 11.6 "Self-Modifying Code": a write to a memory location in
 * a code segment that is currently cached invalidates the cache line (and
 * the trace cache / decoded copies), and P6-family and later processors
 * detect a store to an instruction already prefetched, so the modified
 * instruction is the one executed, even the very next one.  The SDM's
 * portable rule (Vol. 3A, 8.1.3 "Handling Self- and Cross-Modifying Code":
 * store, then jump, then execute) is the
 * first case; the others rely on that detection, as do JITs and loaders,
 * and are what an emulator that caches translations must get right
 * whatever the distance between the store and the modified instruction.
 *
 * The program is one RWX segment without paging (lib/link.ld), except for
 * the alias case, which maps the code page twice.
 */
#include "libcpu.h"

u32 smc_imm(void);
u32 smc_next(void);
u32 smc_op(void);
u32 smc_far(void);
u32 smc_loop(u32 n);
u32 smc_other(void);
u32 smc_writer(void);
u32 smc_movs(void);
u32 smc_alias_target(void);
extern u8 smc_next_insn[], smc_op_insn[], smc_far_insn[], smc_movs_insn[];
extern u8 smc_alias_page[];

asm(
	".text\n"
	/* store, then a jump (the RET/CALL), then execute */
	".globl smc_imm\n"
	"smc_imm:\n\t"
	"movl $0x11111111, %eax\n\t"
	"ret\n"

	/* the store patches the immediate of the very next instruction */
	".globl smc_next, smc_next_insn\n"
	"smc_next:\n\t"
	"movl $0x33333333, smc_next_insn + 1\n"
	"smc_next_insn:\n\t"
	"movl $0x11111111, %eax\n\t"
	"ret\n"

	/* the store turns the next INC EAX (40) into DEC EAX (48) */
	".globl smc_op, smc_op_insn\n"
	"smc_op:\n\t"
	"xorl %eax, %eax\n\t"
	"movb $0x48, smc_op_insn\n"
	"smc_op_insn:\n\t"
	"incl %eax\n\t"
	"ret\n"

	/* a few instructions further in the same straight-line block */
	".globl smc_far, smc_far_insn\n"
	"smc_far:\n\t"
	"movl $5, %eax\n\t"
	"movb $0x77, smc_far_insn + 2\n\t"
	"movl %eax, %edx\n\t"
	"xchgl %edx, %eax\n\t"
	"nop\n\t"
	"leal 0(%eax), %eax\n"
	"smc_far_insn:\n\t"
	"addl $1, %eax\n\t"		/* 83 C0 01 */
	"ret\n"

	/* a loop rewriting the ADD EAX, imm32 (05 id) of its own body */
	".globl smc_loop\n"
	"smc_loop:\n\t"
	"movl 4(%esp), %ecx\n\t"
	"xorl %eax, %eax\n"
	"1:\n\t"
	"movl %ecx, 2f + 1\n"
	"2:\n\t"
	".byte 0x05\n\t"
	".long 0\n\t"
	"loop 1b\n\t"
	"ret\n"

	/* one function patches another in the same page, then calls it */
	".globl smc_other, smc_writer\n"
	"smc_other:\n\t"
	"movl $0x1234, %eax\n\t"
	"ret\n"
	"smc_writer:\n\t"
	"movl $0xabcd, smc_other + 1\n\t"
	"call smc_other\n\t"
	"ret\n"

	/* REP MOVSB copies a new instruction over the next one */
	".globl smc_movs, smc_movs_insn\n"
	"smc_movs:\n\t"
	"pushl %esi\n\t"
	"pushl %edi\n\t"
	"movl $3f, %esi\n\t"
	"movl $smc_movs_insn, %edi\n\t"
	"movl $5, %ecx\n\t"
	"rep movsb\n"
	"smc_movs_insn:\n\t"
	"movl $0x1, %eax\n\t"
	"popl %edi\n\t"
	"popl %esi\n\t"
	"ret\n"
	"3:\n\t"
	"movl $0x5a5a, %eax\n"

	/* a page of its own, for the alias mapping */
	".p2align 12\n"
	".globl smc_alias_page, smc_alias_target\n"
	"smc_alias_page:\n"
	"smc_alias_target:\n\t"
	"movl $0x1, %eax\n\t"
	"ret\n"
	".p2align 12\n"
);

static u8 gen_buf[64] __aligned(16);

/* MOV EAX, imm32; RET */
static void gen(u32 imm)
{
	gen_buf[0] = 0xb8;
	memcpy(&gen_buf[1], &imm, 4);
	gen_buf[5] = 0xc3;
}

static void test_patches(void)
{
	u32 (*fn)(void) = (u32 (*)(void))gen_buf;
	u32 v;

	report_eq("immediate before the patch", smc_imm(), 0x11111111);
	*(volatile u32 *)((u8 *)smc_imm + 1) = 0x22222222;
	report_eq("immediate patched, then called again", smc_imm(),
		  0x22222222);
	*(volatile u32 *)((u8 *)smc_imm + 1) = 0x44444444;
	report_eq("patched a second time", smc_imm(), 0x44444444);

	report_eq("store into the next instruction's immediate", smc_next(),
		  0x33333333);
	*(volatile u32 *)(smc_next_insn + 1) = 0x11111111;
	report_eq("the same, after restoring it from outside", smc_next(),
		  0x33333333);

	report_eq("store turns the next INC into DEC", smc_op(), 0xffffffff);
	*(volatile u8 *)smc_op_insn = 0x40;
	report_eq("the same, after restoring the INC", smc_op(), 0xffffffff);

	report_eq("store four instructions ahead in the block", smc_far(),
		  5 + 0x77);
	*(volatile u8 *)(smc_far_insn + 2) = 1;
	report_eq("the same, again", smc_far(), 5 + 0x77);

	report_eq("loop rewriting its own ADD immediate", smc_loop(10), 55);
	report_eq("the same loop, 100 times", smc_loop(100), 5050);

	report_eq("other function before", smc_other(), 0x1234);
	report_eq("patched by a function in the same page", smc_writer(),
		  0xabcd);

	report_eq("rep movsb over the next instruction", smc_movs(), 0x5a5a);
	*(volatile u8 *)(smc_movs_insn + 1) = 1;
	*(volatile u8 *)(smc_movs_insn + 2) = 0;
	report_eq("the same, after restoring it", smc_movs(), 0x5a5a);

	/* code generated into a data buffer, then regenerated */
	gen(0x600d);
	report_eq("generated code runs", fn(), 0x600d);
	gen(0xf00d);
	report_eq("regenerated code runs", fn(), 0xf00d);
	for (v = 0; v < 50; v++) {
		gen(v * 3);
		if (fn() != v * 3)
			break;
	}
	report_eq("regenerated 50 times", v, 50);
}

/*
 * The same physical page through two linear addresses (SDM Vol. 3A, 4.3):
 * a store through the alias must reach the code run through the other
 * mapping; detection is by physical address (11.6).
 */
#define ALIAS 0x40000000

static u32 pgdir[1024] __aligned(4096);
static u32 pgtab[1024] __aligned(4096), aliastab[1024] __aligned(4096);

static void test_alias(void)
{
	u32 cr0 = read_cr0();
	volatile u32 *alias_imm;
	int i;

	for (i = 0; i < 1024; i++)
		pgtab[i] = i << 12 | 0x3;
	pgdir[0] = (u32)pgtab | 0x3;
	aliastab[0] = (u32)smc_alias_page | 0x3;
	pgdir[ALIAS >> 22] = (u32)aliastab | 0x3;
	write_cr3((u32)pgdir);
	write_cr0(cr0 | CR0_PG);

	alias_imm = (volatile u32 *)(ALIAS + 1 +
		((u32)smc_alias_target - (u32)smc_alias_page));
	report_eq("alias: the code before", smc_alias_target(), 1);
	report_eq("alias: the alias reads the code", *alias_imm, 1);
	*alias_imm = 0xa11a5;
	report_eq("alias: store through the alias, run the original",
		  smc_alias_target(), 0xa11a5);
	*alias_imm = 0xb00;
	report_eq("alias: and again", smc_alias_target(), 0xb00);

	write_cr0(cr0);
}

int main(void)
{
	test_patches();
	test_alias();
	return 0;
}
