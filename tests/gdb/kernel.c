// SPDX-License-Identifier: GPL-2.0-only
/*
 * The guest gdb debugs (tests/gdb/run): a multiboot kernel with symbols,
 * built with the CPU tests' runtime (tests/cpu/lib).  It calls a function
 * gdb breaks in, writes a variable gdb watches, and exits through
 * isa-debug-exit with a status gdb can change by writing a variable or a
 * register, so the test sees from outside that the writes took effect.
 */
#include "libcpu.h"

volatile u32 counter;
volatile u32 watched;
/* ringvm's exit status is (exit_code << 1) | 1 */
volatile u32 exit_code = 5;
/* a debugger sets it to keep the guest running until it interrupts it;
 * in .data, as crt0 zeroes .bss after gdb attached */
volatile u32 hold __attribute__((section(".data")));

u32 __attribute__((noinline)) add_to_counter(u32 x);
u32 __attribute__((noinline)) add_to_counter(u32 x)
{
	counter += x;
	return counter;
}

/* returns its argument in eax: gdb can change what comes back */
u32 __attribute__((noinline)) pick_code(u32 code);
u32 __attribute__((noinline)) pick_code(u32 code)
{
	return code;
}

/* Paging with the first 4 MiB identity-mapped by one large page (SDM
 * Vol. 3A §4.3, CR4.PSE): everything above is unmapped, so the debugger
 * meets a page that is not present. */
static u32 page_dir[1024] __aligned(4096);

static void paging_on(void)
{
	page_dir[0] = 0x83;	/* present, writable, 4 MiB page */
	write_cr4(read_cr4() | CR4_PSE);
	write_cr3((u32)page_dir);
	write_cr0(read_cr0() | CR0_PG);
}

int main(void)
{
	u32 i;

	paging_on();
	while (hold)
		;
	for (i = 1; i <= 3; i++)
		add_to_counter(i);
	watched = counter * 7;
	printf("counter=%u watched=%u\n", counter, watched);
	outl(0xf4, pick_code(exit_code));
	return 0;
}
