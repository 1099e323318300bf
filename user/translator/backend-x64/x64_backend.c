// SPDX-License-Identifier: GPL-2.0-only
/*
 * The x64 backend's frame, execution and chaining.
 *
 * C enters generated code through one trampoline: it saves the
 * callee-saved registers, puts the CPU in rbx and jumps to the TB.  TB
 * code never returns with ret to a TB: every exit restores the frame
 * itself (x64_emit_epilogue) and returns the trampoline's caller the
 * value interp_exec() would: tb | slot, or 0.  Chained TBs jump straight
 * into each other; link() rewrites the two rel32s of a goto_tb (see
 * struct x64_tb_hdr), which is enough with one vCPU thread: the thread
 * that patches is the one that runs the code.
 */
#include "translator/backend-x64/x64_backend.h"

#include <Zydis/Zydis.h>
#include <errno.h>
#include <inttypes.h>
#include <string.h>
#include <sys/mman.h>

#include "translator/backend-x64/x64_emit.h"
#include "translator/cpu.h"
#include "translator/ir.h"
#include "translator/tb.h"

/* Registers the trampoline saves, in push order. */
static const int8_t frame_regs[] = {
	X64_RBX, X64_RBP, X64_R12, X64_R13, X64_R14, X64_R15,
};

typedef uintptr_t (*x64_entry_fn)(struct x86_cpu *cpu, const void *code);
static x64_entry_fn x64_enter;

void x64_emit_epilogue(struct x64_asm *a)
{
	int k;

	x64_alu_rm_i(a, X64_ADD, 8, x64_r(X64_RSP), 8);
	for (k = (int)sizeof(frame_regs) - 1; k >= 0; k--)
		x64_pop(a, frame_regs[k]);
	x64_ret(a);
}

int x64_backend_init(void)
{
	struct x64_asm a;
	uint8_t *page;
	size_t k;

	if (x64_enter)
		return 0;
	page = mmap(NULL, 4096, PROT_READ | PROT_WRITE,
		    MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if (page == MAP_FAILED)
		return -errno;
	x64_asm_init(&a, page, 4096);
	for (k = 0; k < sizeof(frame_regs); k++)
		x64_push(&a, frame_regs[k]);
	/* six pushes after the return address: 8 more bytes align rsp to
	 * 16 for the calls TB code makes (System V ABI §3.2.2) */
	x64_alu_rm_i(&a, X64_SUB, 8, x64_r(X64_RSP), 8);
	x64_mov_rr(&a, 8, X64_RBX, X64_RDI);
	x64_jmp_r(&a, X64_RSI);
	if (x64_asm_error(&a) || mprotect(page, 4096, PROT_READ | PROT_EXEC)) {
		munmap(page, 4096);
		return -ENOMEM;
	}
	x64_enter = (x64_entry_fn)(uintptr_t)page;
	return 0;
}

/* Room for the largest TB: IR_MAX_OPS ops at well under 1 KiB each, slow
 * path and stores of cached registers included (a TB that did not fit
 * would be retried forever by tb_translate). */
#define GEN_BUF_BYTES (IR_MAX_OPS * 1024)
#define HDR_BYTES 32
_Static_assert(sizeof(struct x64_tb_hdr) <= HDR_BYTES, "header room");

static struct x64_tb_hdr *hdr_of(const struct tb *tb)
{
	return (struct x64_tb_hdr *)((uint8_t *)(uintptr_t)tb->code - HDR_BYTES);
}

static int x64_gen(struct tb *tb, const struct ir_block *b)
{
	static uint8_t buf[GEN_BUF_BYTES];
	struct x64_tb_hdr hdr;
	struct x64_asm a;
	uint8_t *mem;

	x64_asm_init(&a, buf, sizeof(buf));
	if (x64_gen_tb(&a, tb, b, &hdr))
		return -ENOSPC;
	mem = code_buf_alloc(HDR_BYTES + a.len, 16);
	if (!mem)
		return -ENOSPC;
	memset(mem, 0, HDR_BYTES);
	memcpy(mem, &hdr, sizeof(hdr));
	memcpy(mem + HDR_BYTES, buf, a.len);
	tb->code = mem + HDR_BYTES;
	tb->code_size = a.len;
	return 0;
}

static uintptr_t x64_exec(struct x86_cpu *cpu, struct tb *tb)
{
	uintptr_t ret;

	tb_running = tb;
	cpu->itemp[X64_INVALIDATED_SLOT] = 0;
	ret = x64_enter(cpu, tb->code);
	tb_running = NULL;
	return ret;
}

static void patch_rel32(uint8_t *at, const void *target)
{
	int32_t rel = (int32_t)((const uint8_t *)target - (at + 4));

	/* an aligned 4-byte store would be atomic; a single vCPU thread
	 * that is not running this code needs no more */
	memcpy(at, &rel, 4);
}

static void x64_link(struct tb *from, int slot, struct tb *to)
{
	const struct x64_tb_hdr *h = hdr_of(from);
	uint8_t *code = (uint8_t *)(uintptr_t)from->code;

	if (slot < 0 || slot > 1 || h->tail[slot] == X64_NO_SLOT)
		return;
	patch_rel32(code + h->tail[slot], to ? to->code : code + h->exit[slot]);
}

/* -d out_asm: the host code, as Zydis prints it. */
static void x64_dump(const struct tb *tb, FILE *f)
{
	const uint8_t *code = tb->code;
	ZydisDisassembledInstruction insn;
	size_t off = 0;

	fprintf(f, "OUT: [x64] TB %08x: %zu bytes\n", tb->pc, tb->code_size);
	while (off < tb->code_size) {
		uint64_t ip = (uint64_t)(uintptr_t)(code + off);

		if (!ZYAN_SUCCESS(ZydisDisassembleIntel(ZYDIS_MACHINE_MODE_LONG_64, ip,
							code + off,
							tb->code_size - off, &insn))) {
			fprintf(f, "  0x%016" PRIx64 ":  .byte 0x%02x\n", ip, code[off]);
			off++;
			continue;
		}
		fprintf(f, "  0x%016" PRIx64 ":  %s\n", ip, insn.text);
		off += insn.info.length;
	}
}

const struct backend x64_backend = {
	.name = "x64",
	.gen = x64_gen,
	.exec = x64_exec,
	.link = x64_link,
	.dump = x64_dump,
};
