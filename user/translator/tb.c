// SPDX-License-Identifier: GPL-2.0-only
/*
 * The TB cache: allocation, hash lookup, per-page lists for invalidation,
 * chaining and the code buffer.  See tb.h.
 */
#include "tb.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>

#include "core/lib/log.h"
#include "ir.h"

#define TB_HASH_BITS 15
#define TB_HASH_SIZE (1u << TB_HASH_BITS)
#define TB_PAGE_HASH_BITS 14
#define TB_MAX 65536

struct tb_page {
	uint64_t gpa_page;
	struct tb *first;	/* tagged: tb | index of page[] it is in */
	struct tb_page *next;
};

static struct tb *tb_hash[TB_HASH_SIZE];
static struct tb_page *page_hash[1u << TB_PAGE_HASH_BITS];
static struct tb *tbs;
/* The backend whose code the TBs hold: unlinking patches its jumps. */
static const struct backend *tb_backend;
static int n_tbs;
static uint8_t *code_buf;
static size_t code_buf_size, code_buf_off;

struct tb_stats tb_stats;
struct tb *tb_running;
bool tb_running_invalidated;

/* Called by the softmmu owner when a page first holds code. */
void tlb_protect_code_page_all(uint64_t gpa_page);

/* Executable: the x64 backend runs what it writes here (and the interp
 * backend does not mind).  One thread writes and runs, so RWX it is. */
void code_buf_init(size_t size)
{
	void *p;

	if (code_buf)
		munmap(code_buf, code_buf_size);
	p = mmap(NULL, size, PROT_READ | PROT_WRITE | PROT_EXEC,
		 MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	code_buf = p == MAP_FAILED ? NULL : p;
	code_buf_size = code_buf ? size : 0;
	code_buf_off = 0;
}

void *code_buf_alloc(size_t size, size_t align)
{
	size_t off = (code_buf_off + align - 1) & ~(align - 1);

	if (off + size > code_buf_size)
		return NULL;
	code_buf_off = off + size;
	return code_buf + off;
}

size_t code_buf_used(void)
{
	return code_buf_off;
}

int tb_cache_init(size_t code_size, const struct backend *be)
{
	tb_backend = be;
	code_buf_init(code_size);
	if (!code_buf)
		return -ENOMEM;
	if (!tbs)
		tbs = calloc(TB_MAX, sizeof(*tbs));
	if (!tbs)
		return -ENOMEM;
	tb_flush_all();
	tb_stats.flushes = 0;
	return 0;
}

static unsigned tb_hash_fn(uint64_t phys_pc, uint32_t flags)
{
	uint64_t h = phys_pc * 0x9e3779b97f4a7c15ULL ^ flags;

	return (unsigned)(h >> (64 - TB_HASH_BITS)) & (TB_HASH_SIZE - 1);
}

static unsigned page_hash_fn(uint64_t gpa_page)
{
	return (unsigned)((gpa_page >> 12) * 0x9e3779b1u) >> (32 - TB_PAGE_HASH_BITS);
}

struct tb *tb_lookup(uint64_t phys_pc, uint32_t pc, uint32_t cs_base,
		     uint32_t flags)
{
	struct tb *tb;

	for (tb = tb_hash[tb_hash_fn(phys_pc, flags)]; tb; tb = tb->hash_next) {
		if (tb->phys_pc == phys_pc && tb->pc == pc &&
		    tb->cs_base == cs_base && tb->flags == flags && !tb->invalid)
			return tb;
	}
	return NULL;
}

struct tb *tb_alloc(void)
{
	struct tb *tb;

	if (n_tbs >= TB_MAX)
		return NULL;
	tb = &tbs[n_tbs++];
	memset(tb, 0, sizeof(*tb));
	tb->page[1] = ~0ULL;
	return tb;
}

static struct tb_page *page_find(uint64_t gpa_page, bool create)
{
	unsigned h = page_hash_fn(gpa_page);
	struct tb_page *p;

	for (p = page_hash[h]; p; p = p->next)
		if (p->gpa_page == gpa_page)
			return p;
	if (!create)
		return NULL;
	p = calloc(1, sizeof(*p));
	if (!p)
		abort();	/* host out of memory: nothing sane to do */
	p->gpa_page = gpa_page;
	p->next = page_hash[h];
	page_hash[h] = p;
	return p;
}

bool tb_page_has_code(uint64_t gpa)
{
	struct tb_page *p = page_find(gpa & ~0xfffULL, false);

	return p && p->first;
}

void tb_insert(struct tb *tb)
{
	unsigned h = tb_hash_fn(tb->phys_pc, tb->flags);
	int i;

	tb->hash_next = tb_hash[h];
	tb_hash[h] = tb;
	for (i = 0; i < 2; i++) {
		struct tb_page *p;

		if (tb->page[i] == ~0ULL)
			continue;
		p = page_find(tb->page[i], true);
		if (!p->first)
			tlb_protect_code_page_all(tb->page[i]);
		tb->page_next[i] = p->first;
		p->first = (struct tb *)((uintptr_t)tb | (uintptr_t)i);
	}
	tb_stats.translated++;
}

/* Remove @tb from its destination's incoming list for @slot. */
static void tb_unlink_out(const struct backend *be, struct tb *tb, int slot)
{
	struct tb *dest = tb->jmp_dest[slot];
	uintptr_t *pp, me = (uintptr_t)tb | (uintptr_t)slot;

	if (!dest)
		return;
	for (pp = &dest->jmp_in; *pp; ) {
		struct tb *t = (struct tb *)(*pp & ~(uintptr_t)1);
		int s = (int)(*pp & 1);

		if (*pp == me) {
			*pp = t->jmp_next[s];
			break;
		}
		pp = &t->jmp_next[s];
	}
	tb->jmp_dest[slot] = NULL;
	if (be)
		be->link(tb, slot, NULL);
}

void tb_link(const struct backend *be, struct tb *from, int slot, struct tb *to)
{
	if (from->jmp_dest[slot] || from->invalid || to->invalid)
		return;
	from->jmp_dest[slot] = to;
	from->jmp_next[slot] = to->jmp_in;
	to->jmp_in = (uintptr_t)from | (uintptr_t)slot;
	be->link(from, slot, to);
}

static void tb_invalidate(struct tb *tb)
{
	int i;

	if (tb->invalid)
		return;
	tb->invalid = true;
	tb_stats.invalidated++;
	if (tb == tb_running)
		tb_running_invalidated = true;
	/* unlink everything jumping into it, and its own exits */
	while (tb->jmp_in) {
		struct tb *from = (struct tb *)(tb->jmp_in & ~(uintptr_t)1);
		int s = (int)(tb->jmp_in & 1);

		tb_unlink_out(tb_backend, from, s);
	}
	for (i = 0; i < 2; i++)
		tb_unlink_out(tb_backend, tb, i);
}

static void page_remove_invalid(struct tb_page *p)
{
	struct tb **pp = &p->first;

	while (*pp) {
		struct tb *t = (struct tb *)((uintptr_t)*pp & ~(uintptr_t)1);
		int i = (int)((uintptr_t)*pp & 1);

		if (t->invalid)
			*pp = t->page_next[i];
		else
			pp = &t->page_next[i];
	}
}

int tb_invalidate_phys(uint64_t gpa, uint64_t len)
{
	uint64_t page, end = gpa + len;
	int n = 0;

	for (page = gpa & ~0xfffULL; page < end; page += 0x1000) {
		struct tb_page *p = page_find(page, false);
		struct tb *e;

		if (!p || !p->first)
			continue;
		for (e = p->first; e; ) {
			struct tb *t = (struct tb *)((uintptr_t)e & ~(uintptr_t)1);
			int i = (int)((uintptr_t)e & 1);
			/* the guest bytes of t within this page */
			uint64_t lo = i == 0 ? t->phys_pc : page;
			uint64_t hi = i == 0 ? t->phys_pc + t->size : 0;

			if (i == 0 && t->page[1] != ~0ULL)
				hi = (t->phys_pc & ~0xfffULL) + 0x1000;
			if (i == 1)
				hi = page + ((t->phys_pc + t->size) & 0xfff);
			if (gpa < hi && lo < end) {
				tb_invalidate(t);
				n++;
			}
			e = t->page_next[i];
		}
		page_remove_invalid(p);
	}
	return n;
}

unsigned tb_flush_count;

void tb_flush_all(void)
{
	unsigned i;

	tb_flush_count++;
	memset(tb_hash, 0, sizeof(tb_hash));
	for (i = 0; i < (1u << TB_PAGE_HASH_BITS); i++) {
		struct tb_page *p = page_hash[i], *n;

		for (; p; p = n) {
			n = p->next;
			free(p);
		}
		page_hash[i] = NULL;
	}
	if (tb_running)
		tb_running_invalidated = true;
	n_tbs = 0;
	code_buf_off = 0;
	tb_stats.flushes++;
}
