// SPDX-License-Identifier: GPL-2.0-only
/*
 * Privilege levels (SDM Vol. 3A chapter 5 and §6.12.1): going to ring 3
 * with iret, privileged and IOPL-sensitive instructions faulting there,
 * an interrupt gate's DPL, interrupts and call gates back to ring 0 with
 * the stack switch from the TSS and the parameter copy, sysenter/sysexit,
 * and a supervisor-only page refused to ring 3 (#PF error code 5).
 */
#include "sys.h"

u32 pgdir[1024] __attribute__((aligned(4096)));
u32 pgtab[2][1024] __attribute__((aligned(4096)));
u8 kernel_page[4096] __attribute__((aligned(4096)));

volatile u32 seen_cs, seen_esp, seen_param;

/* int 0x81 from ring 3: continue in ring 0 where the caller was */
void back_to_ring0(void);
asm(".globl back_to_ring0\nback_to_ring0:\n"
    "  mov 12(%esp), %ecx\n"	/* the user's ESP */
    "  mov (%esp), %edx\n"	/* the user's EIP */
    "  mov $0x10, %ax\n mov %ax, %ds\n mov %ax, %es\n"
    "  mov %ecx, %esp\n  jmp *%edx\n");

/* int 0x80 from ring 3: record where we run, return */
void ring0_interrupt(void);
asm(".globl ring0_interrupt\nring0_interrupt:\n"
    "  push %eax\n mov %cs, %eax\n mov %eax, seen_cs\n"
    "  mov %esp, seen_esp\n pop %eax\n iret\n");

/* through the call gate: one dword parameter copied from ring 3 */
void gate_target(void);
asm(".globl gate_target\ngate_target:\n"
    "  push %eax\n mov %cs, %eax\n mov %eax, seen_cs\n"
    "  mov 12(%esp), %eax\n mov %eax, seen_param\n"
    "  mov %esp, seen_esp\n pop %eax\n lret $4\n");

/* sysenter lands here in ring 0; sysexit returns to EDX with ESP = ECX */
void sysenter_target(void);
asm(".globl sysenter_target\nsysenter_target:\n"
    "  mov %cs, %eax\n mov %eax, seen_cs\n mov %esp, seen_esp\n sysexit\n");

static void to_ring3(void)
{
	asm volatile("mov $0x23, %%ax\n mov %%ax, %%ds\n mov %%ax, %%es\n"
		     "mov %%ax, %%fs\n mov %%ax, %%gs\n"
		     "mov %%esp, %%ecx\n push $0x23\n push %%ecx\n pushf\n"
		     "push $0x1b\n push $1f\n iret\n 1:"
		     : : : "eax", "ecx", "memory");
}

static void to_ring0(void)
{
	asm volatile("int $0x81" : : : "eax", "ecx", "edx", "memory");
}

static u32 cs(void)
{
	u32 v;

	asm volatile("mov %%cs, %0" : "=r"(v));
	return v;
}

void cmain(void)
{
	u32 v, i;

	sys_init();
	set_gate(0x80, ring0_interrupt, 0xee00);	/* DPL 3 */
	set_gate(0x81, back_to_ring0, 0xee00);
	set_gate(0x40, ring0_interrupt, 0x8e00);	/* DPL 0 */
	/* call gate, DPL 3, one parameter, to gate_target in ring 0 */
	gdt[6][0] = (SEL_CODE0 << 16) | ((u32)gate_target & 0xffff);
	gdt[6][1] = ((u32)gate_target & 0xffff0000u) | 0xec00 | 1;
	asm volatile("wrmsr" : : "c"(0x174), "a"(SEL_CODE0), "d"(0));
	asm volatile("wrmsr" : : "c"(0x175), "a"((u32)stack_ring0 + 4096), "d"(0));
	asm volatile("wrmsr" : : "c"(0x176), "a"((u32)sysenter_target), "d"(0));
	/* sysexit needs ring-3 code at SYSENTER_CS+16 and data at +24 */

	to_ring3();
	check("iret to ring 3: CPL 3", cs() & 3, 3);

	v = EXPECT_FAULT("cli");
	check("cli at CPL 3 with IOPL 0: #GP", v, 13);
	v = EXPECT_FAULT("hlt");
	check("hlt at CPL 3: #GP", v, 13);
	v = EXPECT_FAULT("mov %%cr0, %%eax", : : : "eax");
	check("mov from CR0 at CPL 3: #GP", v, 13);
	v = EXPECT_FAULT("inb $0x80, %%al", : : : "eax");
	check("in from a port the I/O bitmap denies: #GP", v, 13);
	v = EXPECT_FAULT("mov $0x3fb, %%dx\n inb %%dx, %%al", : : : "eax", "edx");
	check("in from a port the I/O bitmap allows", v, 0xffffffff);
	v = EXPECT_FAULT("mov $0x3ff, %%dx\n inw %%dx, %%ax", : : : "eax", "edx");
	check("a word access half outside the allowed ports: #GP", v, 13);
	v = EXPECT_FAULT("int $0x40");
	check("int through a DPL 0 gate: #GP", v, 13);
	check("... error code vector*8+2", exc_err, 0x40 * 8 + 2);

	seen_cs = 0;
	asm volatile("int $0x80" : : : "memory");
	check("int through a DPL 3 gate runs at CPL 0", seen_cs, SEL_CODE0);
	check("... on the TSS ring-0 stack",
	      seen_esp > (u32)stack_ring0 && seen_esp <= (u32)stack_ring0 + sizeof(stack_ring0), 1);
	check("... and iret comes back to CPL 3", cs() & 3, 3);

	seen_cs = 0;
	asm volatile("push $0x12345678\n lcall $0x33, $0" : : : "memory");
	check("call gate to CPL 0", seen_cs, SEL_CODE0);
	check("... copies the parameter", seen_param, 0x12345678);
	check("... on the ring-0 stack",
	      seen_esp > (u32)stack_ring0 && seen_esp <= (u32)stack_ring0 + sizeof(stack_ring0), 1);
	check("... lret back to CPL 3", cs() & 3, 3);

	seen_cs = 0;
	asm volatile("mov %%esp, %%ecx\n mov $1f, %%edx\n sysenter\n 1:"
		     : : : "eax", "ecx", "edx", "memory");
	check("sysenter to CPL 0", seen_cs, SEL_CODE0);
	check("... with SYSENTER_ESP", seen_esp, (u32)stack_ring0 + 4096);
	check("sysexit back to CPL 3", cs(), 0x1b);

	to_ring0();
	check("int 0x81 brought us back to CPL 0", cs() & 3, 0);

	/* a supervisor-only page under paging */
	for (i = 0; i < 2048; i++)
		pgtab[i / 1024][i % 1024] = (i << 12) | 0x7;	/* user pages */
	pgtab[((u32)kernel_page >> 12) / 1024][((u32)kernel_page >> 12) % 1024] &= ~4u;
	pgdir[0] = (u32)pgtab[0] | 7;
	pgdir[1] = (u32)pgtab[1] | 7;
	asm volatile("mov %0, %%cr3\n mov %%cr0, %%eax\n or $0x80000000, %%eax\n"
		     "mov %%eax, %%cr0" : : "r"(pgdir) : "eax", "memory");
	kernel_page[0] = 42;
	to_ring3();
	v = EXPECT_FAULT("movzbl (%0), %%eax", : : "r"(kernel_page) : "eax");
	check("ring 3 read of a supervisor page: #PF", v, 14);
	check("... error code 5 (present, user)", exc_err, 5);
	v = EXPECT_FAULT("movl $1, (%0)", : : "r"(kernel_page) : "memory");
	check("... a write: error code 7", exc_err, 7);
	to_ring0();
	check("ring 0 reads it", kernel_page[0], 42);
	finish();
}
