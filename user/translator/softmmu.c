// SPDX-License-Identifier: GPL-2.0-only
/*
 * softmmu: segmentation checks, page walks and the TLB.  See softmmu.h.
 */
#include "softmmu.h"

#include <endian.h>
#include <string.h>

#include "core/lib/log.h"
#include "core/mem.h"
#include "ir.h"
#include "jmp_cache.h"
#include "tb.h"

/* MAXPHYADDR of our CPU models (CPUID 0x80000008 reports it). */
#define PHYS_BITS 36
#define PAE_ADDR_MASK (((1ULL << PHYS_BITS) - 1) & ~0xfffULL)
#define PG_P	0x001u
#define PG_RW	0x002u
#define PG_US	0x004u
#define PG_A	0x020u
#define PG_D	0x040u
#define PG_PS	0x080u
#define PG_G	0x100u
#define PG_NX	(1ULL << 63)

/* #PF error code bits, SDM Vol. 3A §4.7 */
#define PFEC_P		0x01u
#define PFEC_W		0x02u
#define PFEC_U		0x04u
#define PFEC_RSVD	0x08u
#define PFEC_I		0x10u

/* Permissions a walk grants, for filling all three TLB tags at once. */
#define PROT_R 1
#define PROT_W 2
#define PROT_X 4

_Noreturn void cpu_raise(struct x86_cpu *cpu, int vector, uint32_t error)
{
	cpu->exc_vector = vector;
	cpu->exc_error = error;
	cpu->exc_has_error = true;
	siglongjmp(cpu->jmp_env, 1);
}

_Noreturn void cpu_raise_noerr(struct x86_cpu *cpu, int vector)
{
	cpu_raise(cpu, vector, 0);
}

uint32_t seg_check(struct x86_cpu *cpu, int seg, uint32_t ea, unsigned size,
		   enum mmu_access acc)
{
	const struct x86_seg *s;
	int vec;

	if (seg == SEG_NONE)
		return ea;
	s = &cpu->seg[seg];
	vec = seg == R_SS ? EXC_SS : EXC_GP;
	if ((cpu->hflags & (HF_PE | HF_VM)) == HF_PE) {
		/* Protected mode: a null or unusable segment, then the type
		 * (SDM Vol. 3A §5.5: no writes to code or read-only data, no
		 * reads of execute-only code). */
		if (!(s->flags & DESC_P))
			cpu_raise(cpu, vec, 0);
		if (s->flags & DESC_CODE) {
			if (acc == ACC_WRITE ||
			    (acc == ACC_READ && !(s->flags & DESC_RW)))
				cpu_raise(cpu, vec, 0);
		} else if (acc == ACC_WRITE && !(s->flags & DESC_RW)) {
			cpu_raise(cpu, vec, 0);
		}
	}
	if (!seg_limit_ok(s, ea, size))
		cpu_raise(cpu, vec, 0);
	return s->base + ea;
}

bool seg_limit_ok(const struct x86_seg *s, uint32_t ea, unsigned size)
{
	uint32_t last = ea + size - 1;

	/* Limits (SDM Vol. 3A §5.3): expand-down data segments hold
	 * (limit, top], with top 0xffff or 0xffffffff by the B flag. */
	if (!(s->flags & DESC_CODE) && (s->flags & DESC_EXPDOWN) &&
	    (s->flags & DESC_S)) {
		uint32_t top = (s->flags & DESC_B) ? 0xffffffffu : 0xffffu;

		return ea > s->limit && last <= top && last >= ea;
	}
	return ea <= s->limit && last <= s->limit && last >= ea;
}

static uint64_t phys_ld(struct x86_cpu *cpu, uint64_t gpa, unsigned size)
{
	return mem_read(gpa & cpu->a20_mask, size);
}

static void phys_st(struct x86_cpu *cpu, uint64_t gpa, uint64_t v, unsigned size)
{
	mem_write(gpa & cpu->a20_mask, v, size);
}

_Noreturn static void raise_pf(struct x86_cpu *cpu, uint32_t lin, uint32_t err,
			       enum mmu_access acc, int mmu)
{
	if (acc == ACC_WRITE)
		err |= PFEC_W;
	if (mmu == MMU_IDX_USER)
		err |= PFEC_U;
	/* I/D reports fetches only where NX could have caused it (§4.7). */
	if (acc == ACC_EXEC && (cpu->cr[4] & CR4_PAE) && (cpu->efer & EFER_NXE))
		err |= PFEC_I;
	cpu->cr[2] = lin;
	log_msg(LOG_INT, "#PF lin=%08x err=%x eip=%08x\n", lin, err, cpu->eip);
	cpu_raise(cpu, EXC_PF, err);
}

/*
 * Walk the page tables for @lin.  On success returns the guest-physical
 * address and the permissions in *prot; on failure raises #PF.  Accessed
 * and dirty bits are set only for a translation that succeeds.
 */
static uint64_t page_walk(struct x86_cpu *cpu, uint32_t lin, enum mmu_access acc,
			  int mmu, int *prot, bool *global, bool *large)
{
	bool user = mmu == MMU_IDX_USER;
	bool wp = cpu->cr[0] & CR0_WP;
	bool nxe = cpu->efer & EFER_NXE;
	uint64_t rsvd_nx = nxe ? 0 : PG_NX;
	uint64_t pte_addr, pde_addr, pte, pde, gpa, pdpte;
	uint64_t page_mask, rw_us, nx = 0;
	int p;

	if (cpu->cr[4] & CR4_PAE) {
		/* PAE paging, SDM Vol. 3A §4.4 */
		uint64_t pdpte_addr = (cpu->cr[3] & ~0x1fu) + ((lin >> 30) & 3) * 8;

		pdpte = phys_ld(cpu, pdpte_addr, 8);
		if (!(pdpte & PG_P))
			raise_pf(cpu, lin, 0, acc, mmu);
		if (pdpte & (0x1e6ULL | ~(PAE_ADDR_MASK | 0xfffULL)))
			raise_pf(cpu, lin, PFEC_P | PFEC_RSVD, acc, mmu);
		pde_addr = (pdpte & PAE_ADDR_MASK) + ((lin >> 21) & 0x1ff) * 8;
		pde = phys_ld(cpu, pde_addr, 8);
		if (!(pde & PG_P))
			raise_pf(cpu, lin, 0, acc, mmu);
		if (pde & (rsvd_nx | (~PAE_ADDR_MASK & ~PG_NX & ~0xfffULL)))
			raise_pf(cpu, lin, PFEC_P | PFEC_RSVD, acc, mmu);
		rw_us = pde;
		nx = pde & PG_NX;
		if (pde & PG_PS) {
			if (pde & 0x1fe000ULL)	/* bits 20:13 reserved */
				raise_pf(cpu, lin, PFEC_P | PFEC_RSVD, acc, mmu);
			pte = pde;
			pte_addr = pde_addr;
			page_mask = 0x1fffff;
			gpa = (pde & PAE_ADDR_MASK & ~page_mask) | (lin & page_mask);
		} else {
			pte_addr = (pde & PAE_ADDR_MASK) + ((lin >> 12) & 0x1ff) * 8;
			pte = phys_ld(cpu, pte_addr, 8);
			if (!(pte & PG_P))
				raise_pf(cpu, lin, 0, acc, mmu);
			if (pte & (rsvd_nx | (~PAE_ADDR_MASK & ~PG_NX & ~0xfffULL)))
				raise_pf(cpu, lin, PFEC_P | PFEC_RSVD, acc, mmu);
			rw_us &= pte;
			nx |= pte & PG_NX;
			page_mask = 0xfff;
			gpa = (pte & PAE_ADDR_MASK) | (lin & 0xfff);
		}
	} else {
		/* 32-bit paging, SDM Vol. 3A §4.3 */
		pde_addr = (cpu->cr[3] & ~0xfffu) | ((lin >> 20) & 0xffc);
		pde = phys_ld(cpu, pde_addr, 4);
		if (!(pde & PG_P))
			raise_pf(cpu, lin, 0, acc, mmu);
		rw_us = pde;
		if ((pde & PG_PS) && (cpu->cr[4] & CR4_PSE)) {
			/* 4 MiB page; PSE-36 puts address bits 39:32 in 20:13 */
			if (pde & (1u << 21))
				raise_pf(cpu, lin, PFEC_P | PFEC_RSVD, acc, mmu);
			pte = pde;
			pte_addr = pde_addr;
			page_mask = 0x3fffff;
			gpa = (pde & 0xffc00000u) | (((pde >> 13) & 0xfULL) << 32) |
			      (lin & page_mask);
		} else {
			pte_addr = (pde & ~0xfffu) | ((lin >> 10) & 0xffc);
			pte = phys_ld(cpu, pte_addr, 4);
			if (!(pte & PG_P))
				raise_pf(cpu, lin, 0, acc, mmu);
			rw_us &= pte;
			page_mask = 0xfff;
			gpa = (pte & ~0xfffu) | (lin & 0xfff);
		}
	}

	/* Access rights, SDM Vol. 3A §4.6 */
	p = PROT_R | PROT_X;
	if (user) {
		if (!(rw_us & PG_US))
			raise_pf(cpu, lin, PFEC_P, acc, mmu);
		if (rw_us & PG_RW)
			p |= PROT_W;
	} else if ((rw_us & PG_RW) || !wp) {
		p |= PROT_W;
	}
	if (nx && nxe)
		p &= ~PROT_X;
	if ((acc == ACC_WRITE && !(p & PROT_W)) ||
	    (acc == ACC_EXEC && !(p & PROT_X)))
		raise_pf(cpu, lin, PFEC_P, acc, mmu);

	/* Accessed and dirty (§4.8).  A page not yet dirty is entered in the
	 * TLB read-only, so the first write comes back here to set D. */
	if (page_mask == 0xfff && !(pde & PG_A))
		phys_st(cpu, pde_addr, pde | PG_A, (cpu->cr[4] & CR4_PAE) ? 8 : 4);
	if (!(pte & PG_A) || (acc == ACC_WRITE && !(pte & PG_D))) {
		pte |= PG_A;
		if (acc == ACC_WRITE)
			pte |= PG_D;
		phys_st(cpu, pte_addr, pte, (cpu->cr[4] & CR4_PAE) ? 8 : 4);
	}
	if (!(pte & PG_D))
		p &= ~PROT_W;
	*prot = p;
	*large = page_mask != 0xfff;
	*global = (pte & PG_G) && (cpu->cr[4] & CR4_PGE);
	return gpa;
}

/* A debugger's watchpoints (struct cpu_debug): accesses to a watched
 * page leave the TLB fast path, so that ld_slow and st_slow see them. */
static void debug_wp_slow_page(const struct x86_cpu *cpu, struct tlb_entry *e,
			       uint32_t page)
{
	for (int i = 0; i < cpu->debug.n_wp; i++) {
		const struct cpu_wp *w = &cpu->debug.wp[i];
		uint32_t last = w->addr + (w->len ? w->len - 1 : 0);

		if ((w->addr & ~0xfffu) > page || (last & ~0xfffu) < page)
			continue;
		if (w->type != CPU_WP_READ && !(e->tag_write & TLB_INVALID))
			e->tag_write |= TLB_SLOW;
		if (w->type != CPU_WP_WRITE && !(e->tag_read & TLB_INVALID))
			e->tag_read |= TLB_SLOW;
	}
}

/* An access of [lin, lin+size) on the slow path: record the first
 * watchpoint it hits. */
static void debug_wp_check(struct x86_cpu *cpu, uint32_t lin, unsigned size,
			   bool write)
{
	for (int i = 0; i < cpu->debug.n_wp && !cpu->debug.wp_hit; i++) {
		const struct cpu_wp *w = &cpu->debug.wp[i];

		if (lin + size - 1 < w->addr || lin > w->addr + w->len - 1)
			continue;
		if (w->type == CPU_WP_ACCESS ||
		    (w->type == CPU_WP_WRITE) == write)
			cpu->debug.wp_hit = w;
	}
}

static struct tlb_entry *tlb_fill(struct x86_cpu *cpu, uint32_t lin,
				  enum mmu_access acc, int mmu)
{
	uint32_t page = lin & ~0xfffu;
	struct tlb_entry *e = &cpu->tlb[mmu][(lin >> 12) & (TLB_SIZE - 1)];
	const struct mem_region *r;
	uint64_t gpa;
	int prot = PROT_R | PROT_W | PROT_X;
	bool global = false, large = false;
	uint32_t slow = 0;

	if (cpu->cr[0] & CR0_PG)
		gpa = page_walk(cpu, lin, acc, mmu, &prot, &global, &large);
	else
		gpa = lin;
	if (large)
		cpu->tlb_has_large = true;
	gpa = (gpa & ~0xfffULL) & cpu->a20_mask;

	r = mem_lookup(gpa);
	e->gpa_page = (uint32_t)gpa;
	if (!r || r->kind == MEM_MMIO || (gpa >> 32)) {
		slow = TLB_SLOW;
		e->addend = 0;
	} else {
		e->addend = (uintptr_t)(r->hva + (gpa - r->gpa)) - page;
	}
	e->tag_read = (prot & PROT_R) ? (page | slow) : TLB_INVALID;
	e->tag_code = (prot & PROT_X) ? (page | slow) : TLB_INVALID;
	if (!(prot & PROT_W))
		e->tag_write = TLB_INVALID;
	else if (slow || (r && r->kind == MEM_ROM) || tb_page_has_code(gpa))
		e->tag_write = page | TLB_SLOW;
	else
		e->tag_write = page;
	if (cpu->debug.n_wp)
		debug_wp_slow_page(cpu, e, page);
	/* TLB entries of global pages survive CR3 writes (SDM §4.10.2.4);
	 * the tag's bit 2 marks them. */
	if (global) {
		e->tag_read |= e->tag_read & TLB_INVALID ? 0 : 4;
		e->tag_write |= e->tag_write & TLB_INVALID ? 0 : 4;
		e->tag_code |= e->tag_code & TLB_INVALID ? 0 : 4;
	}
	return e;
}

uint64_t mmu_translate(struct x86_cpu *cpu, uint32_t lin, enum mmu_access acc,
		       int mmu)
{
	struct tlb_entry *e = &cpu->tlb[mmu][(lin >> 12) & (TLB_SIZE - 1)];
	uint32_t page = lin & ~0xfffu;
	uint32_t tag = acc == ACC_READ ? e->tag_read :
		       acc == ACC_WRITE ? e->tag_write : e->tag_code;

	if ((tag & ~(TLB_SLOW | 4u)) != page) {
		e = tlb_fill(cpu, lin, acc, mmu);
		tag = acc == ACC_READ ? e->tag_read :
		      acc == ACC_WRITE ? e->tag_write : e->tag_code;
		if (tag & TLB_INVALID) {
			/* cannot happen: the walk would have faulted */
			cpu_raise(cpu, EXC_PF, PFEC_P);
		}
	}
	return (uint64_t)e->gpa_page | (lin & 0xfff);
}

void *mmu_host_range(struct x86_cpu *cpu, uint32_t lin, uint32_t len,
		     enum mmu_access acc, int mmu)
{
	struct tlb_entry *e = &cpu->tlb[mmu][(lin >> 12) & (TLB_SIZE - 1)];
	uint32_t tag;

	if (!len || (lin & 0xfff) + len > 0x1000)
		return NULL;
	mmu_translate(cpu, lin, acc, mmu);
	tag = acc == ACC_WRITE ? e->tag_write : e->tag_read;
	if ((tag & ~4u) != (lin & ~0xfffu))
		return NULL;
	return (void *)(lin + e->addend);
}

uint64_t mmu_code_gpa(struct x86_cpu *cpu, uint32_t lin)
{
	return mmu_translate(cpu, lin, ACC_EXEC, cpu_cpl(cpu) == 3 ?
			     MMU_IDX_USER : MMU_IDX_KERNEL);
}

bool mmu_code_global(const struct x86_cpu *cpu, uint32_t lin)
{
	int mmu = cpu_cpl(cpu) == 3 ? MMU_IDX_USER : MMU_IDX_KERNEL;
	uint32_t tag = cpu->tlb[mmu][(lin >> 12) & (TLB_SIZE - 1)].tag_code;

	return (tag & ~(TLB_SLOW | 4u)) == (lin & ~0xfffu) && (tag & 4);
}

void mmu_fetch_bytes(struct x86_cpu *cpu, uint32_t lin, uint8_t *buf,
		     unsigned len)
{
	unsigned i;

	for (i = 0; i < len; i++) {
		uint64_t gpa = mmu_code_gpa(cpu, lin + i);

		buf[i] = (uint8_t)mem_read(gpa, 1);
	}
}

/* The slow path of one access that stays within a page. */
static uint64_t ld_slow(struct x86_cpu *cpu, uint32_t lin, unsigned size, int mmu)
{
	uint64_t gpa = mmu_translate(cpu, lin, ACC_READ, mmu);

	if (cpu->debug.n_wp)
		debug_wp_check(cpu, lin, size, false);
	return mem_read(gpa, size);
}

static void st_slow(struct x86_cpu *cpu, uint32_t lin, uint64_t v, unsigned size,
		    int mmu)
{
	uint64_t gpa = mmu_translate(cpu, lin, ACC_WRITE, mmu);

	if (cpu->debug.n_wp)
		debug_wp_check(cpu, lin, size, true);
	mem_write(gpa, v, size);
}

static uint64_t load_host(const void *p, unsigned size)
{
	switch (size) {
	case 1:
		return *(const uint8_t *)p;
	case 2: {
		uint16_t v;

		memcpy(&v, p, 2);
		return le16toh(v);
	}
	case 4: {
		uint32_t v;

		memcpy(&v, p, 4);
		return le32toh(v);
	}
	default: {
		uint64_t v;

		memcpy(&v, p, 8);
		return le64toh(v);
	}
	}
}

static void store_host(void *p, uint64_t v, unsigned size)
{
	switch (size) {
	case 1:
		*(uint8_t *)p = (uint8_t)v;
		break;
	case 2: {
		uint16_t x = htole16((uint16_t)v);

		memcpy(p, &x, 2);
		break;
	}
	case 4: {
		uint32_t x = htole32((uint32_t)v);

		memcpy(p, &x, 4);
		break;
	}
	default: {
		uint64_t x = htole64(v);

		memcpy(p, &x, 8);
		break;
	}
	}
}

static uint64_t ld_lin(struct x86_cpu *cpu, uint32_t lin, unsigned size, int mmu)
{
	struct tlb_entry *e = &cpu->tlb[mmu][(lin >> 12) & (TLB_SIZE - 1)];
	unsigned off = lin & 0xfff;

	if (off + size > 0x1000) {
		/* crosses a page: both translations before the data */
		unsigned first = 0x1000 - off, i;
		uint64_t v = 0;

		mmu_translate(cpu, lin, ACC_READ, mmu);
		mmu_translate(cpu, lin + first, ACC_READ, mmu);
		for (i = 0; i < size; i++)
			v |= ld_lin(cpu, lin + i, 1, mmu) << (8 * i);
		return v;
	}
	if ((e->tag_read & ~4u) == (lin & ~0xfffu))
		return load_host((void *)(lin + e->addend), size);
	return ld_slow(cpu, lin, size, mmu);
}

static void st_lin(struct x86_cpu *cpu, uint32_t lin, uint64_t v, unsigned size,
		   int mmu)
{
	struct tlb_entry *e = &cpu->tlb[mmu][(lin >> 12) & (TLB_SIZE - 1)];
	unsigned off = lin & 0xfff;

	if (off + size > 0x1000) {
		/* both pages must be writable before any byte is written, so
		 * a fault leaves memory untouched (precise exceptions) */
		unsigned first = 0x1000 - off, i;

		mmu_translate(cpu, lin, ACC_WRITE, mmu);
		mmu_translate(cpu, lin + first, ACC_WRITE, mmu);
		for (i = 0; i < size; i++)
			st_lin(cpu, lin + i, v >> (8 * i), 1, mmu);
		return;
	}
	if ((e->tag_write & ~4u) == (lin & ~0xfffu)) {
		store_host((void *)(lin + e->addend), v, size);
		return;
	}
	st_slow(cpu, lin, v, size, mmu);
}

static uint64_t sign_extend(uint64_t v, int memop)
{
	switch (memop) {
	case MO_S8:
		return (uint64_t)(int64_t)(int8_t)v;
	case MO_S16:
		return (uint64_t)(int64_t)(int16_t)v;
	case MO_32 | MO_SIGN:
		return (uint64_t)(int64_t)(int32_t)v;
	default:
		return v;
	}
}

/* #AC: a misaligned data access at CPL 3 with CR0.AM and EFLAGS.AC
 * (SDM Vol. 3A §6.15, "Alignment Check Exception"). */
static void check_alignment(struct x86_cpu *cpu, uint32_t lin, unsigned size)
{
	if ((lin & (size - 1)) && cpu_cpl(cpu) == 3 && (cpu->cr[0] & CR0_AM) &&
	    (cpu->eflags & AC_MASK))
		cpu_raise(cpu, EXC_AC, 0);
}

uint64_t mmu_ld(struct x86_cpu *cpu, int seg, uint32_t ea, int memop, int mmu)
{
	unsigned size = 1u << (memop & MO_SIZE);
	uint32_t lin = seg_check(cpu, seg, ea, size, ACC_READ);

	check_alignment(cpu, lin, size);
	return sign_extend(ld_lin(cpu, lin, size, mmu), memop);
}

void mmu_st(struct x86_cpu *cpu, int seg, uint32_t ea, uint64_t val, int memop,
	    int mmu)
{
	unsigned size = 1u << (memop & MO_SIZE);
	uint32_t lin = seg_check(cpu, seg, ea, size, ACC_WRITE);

	check_alignment(cpu, lin, size);
	st_lin(cpu, lin, val, size, mmu);
}

uint32_t mmu_ld_lin(struct x86_cpu *cpu, uint32_t lin, unsigned size, int mmu)
{
	return (uint32_t)ld_lin(cpu, lin, size, mmu);
}

void mmu_st_lin(struct x86_cpu *cpu, uint32_t lin, uint32_t val, unsigned size,
		int mmu)
{
	st_lin(cpu, lin, val, size, mmu);
}

static void tlb_entry_clear(struct tlb_entry *e)
{
	e->tag_read = e->tag_write = e->tag_code = TLB_INVALID;
}

void tlb_flush(struct x86_cpu *cpu, bool global_too)
{
	int m, i;

	if (global_too)
		jmp_cache_clear(cpu);
	else
		jmp_cache_clear_nonglobal(cpu);
	if (global_too)
		cpu->tlb_has_large = false;
	for (m = 0; m < MMU_IDX_COUNT; m++) {
		for (i = 0; i < TLB_SIZE; i++) {
			struct tlb_entry *e = &cpu->tlb[m][i];

			if (global_too || !((e->tag_read | e->tag_write |
					     e->tag_code) & 4))
				tlb_entry_clear(e);
		}
	}
}

void tlb_flush_page(struct x86_cpu *cpu, uint32_t lin)
{
	int m;

	/* A 4 MiB or 2 MiB page is entered as many 4 KiB entries; invlpg of
	 * one address must drop them all (SDM §4.10.4.1), so while any large
	 * page is cached, invlpg flushes everything. */
	if (cpu->tlb_has_large) {
		tlb_flush(cpu, true);
		return;
	}
	jmp_cache_clear_page(cpu, lin);
	for (m = 0; m < MMU_IDX_COUNT; m++)
		tlb_entry_clear(&cpu->tlb[m][(lin >> 12) & (TLB_SIZE - 1)]);
}

void tlb_protect_code_page(struct x86_cpu *cpu, uint64_t gpa_page)
{
	int m, i;

	for (m = 0; m < MMU_IDX_COUNT; m++) {
		for (i = 0; i < TLB_SIZE; i++) {
			struct tlb_entry *e = &cpu->tlb[m][i];

			if (e->gpa_page == gpa_page && !(e->tag_write & TLB_INVALID))
				e->tag_write |= TLB_SLOW;
		}
	}
}
