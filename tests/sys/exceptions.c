// SPDX-License-Identifier: GPL-2.0-only
/*
 * Exceptions with their vectors, error codes and saved EIP (SDM Vol. 3A
 * §6.15): faults report the faulting instruction, traps the next one;
 * segment faults carry the selector; a fault while delivering a
 * contributory fault is a double fault with error code 0 (Table 6-5).
 */
#include "sys.h"

/* addresses of the instructions whose saved EIP is checked */
extern char de_insn[], ud_insn[], bp_next[];

void cmain(void)
{
	u32 v;

	sys_init();

	v = EXPECT_FAULT("xor %%edx, %%edx\n mov $1, %%eax\n xor %%ecx, %%ecx\n"
			 ".globl de_insn\n de_insn: div %%ecx", : : : "eax", "ecx", "edx");
	check("#DE vector", v, 0);
	check("#DE is a fault: EIP of the div", exc_eip, (u32)de_insn);

	v = EXPECT_FAULT(".globl ud_insn\n ud_insn: ud2");
	check("#UD from ud2", v, 6);
	check("#UD is a fault: EIP of the ud2", exc_eip, (u32)ud_insn);

	v = EXPECT_FAULT("int3\n .globl bp_next\n bp_next: nop");
	check("#BP vector", v, 3);
	check("#BP is a trap: EIP after the int3", exc_eip, (u32)bp_next);

	v = EXPECT_FAULT("mov $0x7f, %%al\n add $1, %%al\n into", : : : "eax");
	check("#OF from into after an overflow", v, 4);
	v = EXPECT_FAULT("mov $1, %%al\n add $1, %%al\n into", : : : "eax");
	check("into without overflow does nothing", v, 0xffffffff);

	{
		static volatile int bounds[2] = { 10, 20 };

		v = EXPECT_FAULT("mov $21, %%eax\n bound %%eax, %0", : : "m"(bounds) : "eax");
		check("#BR from bound", v, 5);
		v = EXPECT_FAULT("mov $15, %%eax\n bound %%eax, %0", : : "m"(bounds) : "eax");
		check("bound within the range", v, 0xffffffff);
	}

	/* a selector beyond the GDT limit: #GP(selector) */
	v = EXPECT_FAULT("mov $0x400, %%ax\n mov %%ax, %%ds", : : : "eax");
	check("#GP on a selector past the GDT", v, 13);
	check("#GP error code is the selector", exc_err, 0x400);

	/* a not-present data segment: #NP(selector) */
	set_desc(6, 0, 0xfffff, 0x12, 0xc);
	v = EXPECT_FAULT("mov $0x30, %%ax\n mov %%ax, %%es", : : : "eax");
	check("#NP on a not-present segment", v, 11);
	check("#NP error code", exc_err, 0x30);
	asm volatile("mov $0x10, %%ax\n mov %%ax, %%es" : : : "eax");

	/* a code segment in SS: #GP(selector) */
	v = EXPECT_FAULT("mov %%ss, %%bx\n mov $0x08, %%ax\n mov %%ax, %%ss\n mov %%bx, %%ss",
			 : : : "eax", "ebx");
	check("#GP loading SS with code", v, 13);
	check("... with the selector", exc_err, 0x08);

	/* writing through a read-only data segment */
	set_desc(7, 0, 0xfffff, 0x90, 0xc);
	v = EXPECT_FAULT("mov $0x38, %%ax\n mov %%ax, %%fs\n movl $1, %%fs:0x7000",
			 : : : "eax", "memory");
	check("#GP writing a read-only segment", v, 13);
	check("... error code 0", exc_err, 0);

	/* a segment limit: a 4 KiB data segment, access at 0x1000 */
	set_desc(8, 0, 0x0, 0x92, 0x4);	/* limit 0, 4K granular: 0..0xfff */
	v = EXPECT_FAULT("mov $0x40, %%ax\n mov %%ax, %%gs\n movl %%gs:0xffc, %%eax\n"
			 "movl %%gs:0xffd, %%eax", : : : "eax");
	check("#GP beyond a segment limit", v, 13);

	/* double fault: #GP whose gate is not present -> #NP -> #DF */
	idt[13][1] &= ~0x8000u;
	v = EXPECT_FAULT("mov $0x400, %%ax\n mov %%ax, %%ds", : : : "eax");
	check("#DF when delivering #GP faults", v, 8);
	check("#DF error code 0", exc_err, 0);
	idt[13][1] |= 0x8000u;
	asm volatile("mov $0x10, %%ax\n mov %%ax, %%ds" : : : "eax");

	/* a not-present gate of a valid type: #NP(vector*8+2), the type
	 * being checked before presence (SDM "INT n" Operation) */
	set_gate(0x42, exc6, 0x0f00);	/* 32-bit trap gate, P = 0 */
	v = EXPECT_FAULT("int $0x42");
	check("int n to a not-present gate: #NP", v, 11);
	check("... error code 0x42*8+2", exc_err, 0x42 * 8 + 2);

	/* int n through an interrupt gate returns after the instruction */
	v = EXPECT_FAULT("int $6");
	check("int 6 runs the #UD handler", v, 6);
	finish();
}
