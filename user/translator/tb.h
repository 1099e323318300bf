/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Translation blocks and their cache.
 *
 * A TB is keyed by (physical pc, linear pc, cs_base, flags = the hflags
 * that change decoding).  TBs are found by hash, listed per guest-physical
 * page so that a write to code invalidates them, and chained: a TB's exit
 * slot may point straight at the next TB, so the loop is skipped.  When the
 * code buffer is full, everything is flushed and translation starts over
 * (QEMU does the same; it is simpler than any generational scheme).
 */
#ifndef RINGVM_TRANSLATOR_TB_H
#define RINGVM_TRANSLATOR_TB_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

struct x86_cpu;
struct ir_block;

struct tb {
	uint32_t pc;		/* linear address = cs_base + eip */
	uint32_t cs_base;
	uint32_t flags;		/* hflags & HF_TB_MASK */
	uint64_t phys_pc;
	uint16_t size;		/* guest code bytes */
	uint16_t icount;	/* guest instructions */
	uint64_t page[2];	/* physical pages covered; page[1] = -1 if one */
	struct tb *page_next[2];
	struct tb *hash_next;
	struct tb *jmp_dest[2];	/* chained successors (NULL: not linked) */
	/* TBs that jump to this one: a list threaded through their
	 * jmp_next[slot]; entries are tagged pointers (tb | slot). */
	uintptr_t jmp_in;
	uintptr_t jmp_next[2];
	bool invalid;
	const void *code;	/* the backend's code for this TB */
	size_t code_size;
};

/* The backend interface (interp always; x64 on x86-64 hosts). */
struct backend {
	const char *name;
	/* required: generate code for @b into the code buffer; set tb->code.
	 * Returns 0 or -ENOSPC when the buffer is full. */
	int (*gen)(struct tb *tb, const struct ir_block *b);
	/* required: run @tb and its chained successors.  Returns the last
	 * TB executed tagged with the exit slot it left by (tb | slot), or 0
	 * when it left through exit_tb (nothing to chain). */
	uintptr_t (*exec)(struct x86_cpu *cpu, struct tb *tb);
	/* required: make @from's exit @slot jump to @to (NULL: unlink) */
	void (*link)(struct tb *from, int slot, struct tb *to);
	/* optional: print the generated code of @tb (-d out_asm) */
	void (*dump)(const struct tb *tb, FILE *f);
};

/* Code buffer: one arena for all generated code, flushed as a whole. */
void *code_buf_alloc(size_t size, size_t align);
void code_buf_init(size_t size);
size_t code_buf_used(void);

int tb_cache_init(size_t code_size, const struct backend *be);
struct tb *tb_lookup(uint64_t phys_pc, uint32_t pc, uint32_t cs_base,
		     uint32_t flags);
struct tb *tb_alloc(void);
void tb_insert(struct tb *tb);
void tb_link(const struct backend *be, struct tb *from, int slot, struct tb *to);
/* Drop every TB with code in [gpa, gpa+len); returns how many. */
int tb_invalidate_phys(uint64_t gpa, uint64_t len);
void tb_flush_all(void);
/* Bumped by every tb_flush_all: caches of TB pointers compare it. */
extern unsigned tb_flush_count;
bool tb_page_has_code(uint64_t gpa);

/* Counters for -d and the monitor's "info jit". */
struct tb_stats {
	uint64_t translated, flushes, invalidated;
};
extern struct tb_stats tb_stats;

/* The TB currently executing (for self-modifying code detection). */
extern struct tb *tb_running;
/* Set when tb_running was invalidated while it ran. */
extern bool tb_running_invalidated;

#endif
