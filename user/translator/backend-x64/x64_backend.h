/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The x64 backend: IR to native x86-64 code (x86-64 hosts only).
 *
 * x64_gen.c turns a TB's IR into code; x64_backend.c owns the entry
 * trampoline, places code in the code buffer, runs and links TBs.
 */
#ifndef RINGVM_TRANSLATOR_BACKEND_X64_X64_BACKEND_H
#define RINGVM_TRANSLATOR_BACKEND_X64_X64_BACKEND_H

#include <stdint.h>

struct ir_block;
struct tb;
struct x64_asm;

/* Where a TB's chaining jumps are, as offsets from its first byte; the
 * header sits just before the code in the code buffer.  Per exit slot:
 * tail is the rel32 of the jump to the next TB, and exit where that jump
 * goes while unlinked (code that returns tb | slot).  X64_NO_SLOT where
 * unused. */
#define X64_NO_SLOT UINT32_MAX
struct x64_tb_hdr {
	uint32_t tail[2];
	uint32_t exit[2];
};

/* Generated code keeps its temporaries that have no register in
 * cpu->itemp[], as interp.c does, all but the last slot: that one mirrors
 * tb_running_invalidated for the duration of a TB run. */
#define X64_INVALIDATED_SLOT 1023

/* Generated code runs with the CPU in rbx, inside the frame that the
 * trampoline built: these are its last instructions. */
void x64_emit_epilogue(struct x64_asm *a);

/* Generate @tb's code for @b into @a; fills @hdr.  Returns 0 or
 * -ENOSPC when @a is too small. */
int x64_gen_tb(struct x64_asm *a, struct tb *tb, const struct ir_block *b,
	       struct x64_tb_hdr *hdr);

/* Build the entry trampoline; 0 or a negative errno. */
int x64_backend_init(void);

extern const struct backend x64_backend;

#endif
