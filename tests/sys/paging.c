// SPDX-License-Identifier: GPL-2.0-only
/*
 * Paging (SDM Vol. 3A chapter 4): 32-bit two-level tables, #PF error codes
 * and CR2 (§4.7), CR0.WP for supervisor writes (§4.6), accessed and dirty
 * bits (§4.8), invlpg (§4.10.4), 4 MiB pages with CR4.PSE (§4.3), and PAE
 * with NX (§4.4): an instruction fetch from an NX page faults with I/D.
 */
#include "sys.h"

#define P 0x001u
#define RW 0x002u
#define US 0x004u
#define A 0x020u
#define D 0x040u
#define PS 0x080u

u32 pgdir[1024] __attribute__((aligned(4096)));
u32 pgtab[3][1024] __attribute__((aligned(4096)));
u8 pages[3][4096] __attribute__((aligned(4096)));
u64 pdpt[4] __attribute__((aligned(32)));
u64 pae_pd[4][512] __attribute__((aligned(4096)));
u64 pae_pt[512] __attribute__((aligned(4096)));

#define TEST_VA 0x00800000u	/* mapped through pgtab[2] only */

static void invlpg(u32 va)
{
	asm volatile("invlpg (%0)" : : "r"(va) : "memory");
}

static u32 read_cr0(void)
{
	u32 v;

	asm volatile("mov %%cr0, %0" : "=r"(v));
	return v;
}

static void write_cr0(u32 v)
{
	asm volatile("mov %0, %%cr0" : : "r"(v) : "memory");
}

static u32 read_cr4(void)
{
	u32 v;

	asm volatile("mov %%cr4, %0" : "=r"(v));
	return v;
}

static void write_cr4(u32 v)
{
	asm volatile("mov %0, %%cr4" : : "r"(v) : "memory");
}

static void two_level(void)
{
	u32 i, v;

	/* identity map 0-8 MiB; the page table for 8-12 MiB starts empty */
	for (i = 0; i < 2048; i++)
		pgtab[i / 1024][i % 1024] = (i << 12) | P | RW;
	pgdir[0] = (u32)pgtab[0] | P | RW;
	pgdir[1] = (u32)pgtab[1] | P | RW;
	pgdir[2] = (u32)pgtab[2] | P | RW;
	asm volatile("mov %0, %%cr3" : : "r"(pgdir) : "memory");
	write_cr0(read_cr0() | 0x80000000u);
	check("paging on: identity-mapped code still runs", 1, 1);

	v = EXPECT_FAULT("movl (%0), %%eax", : : "r"(TEST_VA + 0x123) : "eax");
	check("#PF reading a not-present page", v, 14);
	check("... error code 0 (not present, read, supervisor)", exc_err, 0);
	check("... CR2 is the address", exc_cr2, TEST_VA + 0x123);
	v = EXPECT_FAULT("movl $1, (%0)", : : "r"(TEST_VA + 4) : "memory");
	check("#PF writing it: error code 2", exc_err, 2);

	/* a read-only page: supervisor writes pass unless CR0.WP */
	pgtab[2][0] = (u32)pages[0] | P;
	invlpg(TEST_VA);
	v = EXPECT_FAULT("movl $0x5a5a, (%0)", : : "r"(TEST_VA) : "memory");
	check("supervisor write to read-only with WP=0 passes", v, 0xffffffff);
	check("... and writes", *(volatile u32 *)pages[0], 0x5a5a);
	write_cr0(read_cr0() | 0x10000u);
	v = EXPECT_FAULT("movl $1, (%0)", : : "r"(TEST_VA) : "memory");
	check("with WP=1 it faults: error code 3", exc_err, 3);
	check("... vector 14", v, 14);
	write_cr0(read_cr0() & ~0x10000u);

	/* accessed and dirty */
	pgtab[2][1] = (u32)pages[1] | P | RW;
	invlpg(TEST_VA + 0x1000);
	v = *(volatile u32 *)(TEST_VA + 0x1000);
	check("a read sets A", pgtab[2][1] & (A | D), A);
	check("... and the PDE's A", pgdir[2] & A, A);
	*(volatile u32 *)(TEST_VA + 0x1000) = v + 1;
	check("a write sets D", pgtab[2][1] & (A | D), A | D);

	/* invlpg makes a changed mapping visible */
	*(volatile u32 *)pages[1] = 0x1111;
	*(volatile u32 *)pages[2] = 0x2222;
	check("mapped to page 1", *(volatile u32 *)(TEST_VA + 0x1000), 0x1111);
	pgtab[2][1] = (u32)pages[2] | P | RW;
	invlpg(TEST_VA + 0x1000);
	check("after invlpg: page 2", *(volatile u32 *)(TEST_VA + 0x1000), 0x2222);

	/* a 4 MiB page: virtual 12 MiB -> physical 4 MiB */
	*(volatile u32 *)0x400010 = 0xabcd1234;
	write_cr4(read_cr4() | 0x10);
	pgdir[3] = 0x400000 | P | RW | PS;
	invlpg(0xc00000);
	check("PSE 4 MiB page", *(volatile u32 *)0xc00010, 0xabcd1234);
	write_cr0(read_cr0() & ~0x80000000u);
}

static void pae_nx(void)
{
	u32 i, v, lo, hi;

	/* identity map 0-4 MiB with 2 MiB pages, then one 4 KiB table at
	 * 4 MiB whose first page is NX */
	for (i = 0; i < 2; i++)
		pae_pd[0][i] = (u64)(i << 21) | P | RW | PS;
	pae_pd[0][2] = (u32)pae_pt | P | RW;
	pae_pt[0] = (u32)pages[0] | P | RW | (1ull << 63);
	pdpt[0] = (u32)pae_pd[0] | P;
	asm volatile("cpuid" : "=a"(lo), "=b"(i), "=c"(hi), "=d"(v) : "a"(0x80000001));
	check("CPUID advertises NX", v >> 20 & 1, 1);
	asm volatile("rdmsr" : "=a"(lo), "=d"(hi) : "c"(0xc0000080));
	asm volatile("wrmsr" : : "a"(lo | 0x800), "d"(hi), "c"(0xc0000080));
	write_cr4(read_cr4() | 0x20);
	asm volatile("mov %0, %%cr3" : : "r"(pdpt) : "memory");
	write_cr0(read_cr0() | 0x80000000u);
	check("PAE paging on", 1, 1);
	pages[0][0] = 0xc3;	/* ret */
	check("data reads of an NX page work", *(volatile u8 *)0x400000, 0xc3);
	v = EXPECT_FAULT("call *%0", : : "r"(0x400000) : "memory");
	check("fetching from an NX page: #PF", v, 14);
	check("... with I/D and P set", exc_err, 0x11);
	check("... CR2 the fetch address", exc_cr2, 0x400000);
	write_cr0(read_cr0() & ~0x80000000u);
	write_cr4(read_cr4() & ~0x20);
}

void cmain(void)
{
	sys_init();
	two_level();
	pae_nx();
	finish();
}
