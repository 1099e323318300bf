// SPDX-License-Identifier: GPL-2.0-only
/*
 * The x64 backend's instruction emitter: every form it emits, with the
 * registers and addressing modes that need REX bits, SIB bytes or forced
 * displacements, is decoded back by Zydis (64-bit mode) and must read as
 * the instruction that was asked for, using exactly the bytes emitted.
 * Also: the error is sticky when the buffer is full, and jumps land where
 * they were pointed.  Only on x86-64 hosts, where the backend is built.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <cmocka.h>

#ifdef RINGVM_HAVE_X64
#include <Zydis/Zydis.h>

#include "translator/backend-x64/x64_emit.h"

#define RUNTIME 0x1000	/* where the decoder believes the code is */

static const char *const r64[16] = {
	"rax", "rcx", "rdx", "rbx", "rsp", "rbp", "rsi", "rdi",
	"r8", "r9", "r10", "r11", "r12", "r13", "r14", "r15",
};
static const char *const r32[16] = {
	"eax", "ecx", "edx", "ebx", "esp", "ebp", "esi", "edi",
	"r8d", "r9d", "r10d", "r11d", "r12d", "r13d", "r14d", "r15d",
};
static const char *const r8[16] = {
	"al", "cl", "dl", "bl", "spl", "bpl", "sil", "dil",
	"r8b", "r9b", "r10b", "r11b", "r12b", "r13b", "r14b", "r15b",
};

static uint8_t buf[64];
static struct x64_asm as;

static struct x64_asm *begin(void)
{
	memset(buf, 0xcc, sizeof(buf));
	x64_asm_init(&as, buf, sizeof(buf));
	return &as;
}

/* The one instruction in the buffer reads as @expected. */
static void expect(const char *expected)
{
	ZydisDisassembledInstruction insn;

	assert_int_equal(x64_asm_error(&as), 0);
	assert_true(as.len > 0);
	if (!ZYAN_SUCCESS(ZydisDisassembleIntel(ZYDIS_MACHINE_MODE_LONG_64,
						RUNTIME, buf, as.len, &insn)))
		fail_msg("%s: does not decode", expected);
	if (strcmp(insn.text, expected) || insn.info.length != as.len)
		fail_msg("wanted \"%s\" in %zu bytes, decoded \"%s\" in %u",
			 expected, as.len, insn.text, insn.info.length);
}

/* Zydis leaves the size out of some memory operands: check it apart. */
static void expect_width(const char *expected, unsigned bits)
{
	ZydisDisassembledInstruction insn;

	expect(expected);
	assert_true(ZYAN_SUCCESS(ZydisDisassembleIntel(ZYDIS_MACHINE_MODE_LONG_64,
						       RUNTIME, buf, as.len, &insn)));
	assert_int_equal(insn.info.operand_width, bits);
}

static void expectf(const char *fmt, ...)
{
	char text[128];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(text, sizeof(text), fmt, ap);
	va_end(ap);
	expect(text);
}

/* Every base register, with no, 8-bit and 32-bit displacements: rsp
 * and r12 need a SIB byte, rbp and r13 a displacement even when 0. */
static void memory_operands(void **state)
{
	int b, i;

	for (b = 0; b < 16; b++) {
		x64_mov_rm_load(begin(), 8, X64_RAX, x64_m(b, 0));
		expectf("mov rax, [%s]", r64[b]);
		x64_mov_rm_load(begin(), 4, X64_R9, x64_m(b, 0x7f));
		expectf("mov r9d, [%s+0x7F]", r64[b]);
		x64_mov_rm_load(begin(), 4, X64_RCX,
				x64_m(b, -0x80));
		expectf("mov ecx, [%s-0x80]", r64[b]);
		x64_mov_store(begin(), 8, x64_m(b, 0x12345), X64_R15);
		expectf("mov [%s+0x12345], r15", r64[b]);
	}
	/* base + index * scale: every index but rsp (which means none) */
	for (i = 0; i < 16; i++) {
		if (i == X64_RSP)
			continue;
		x64_mov_rm_load(begin(), 8, X64_RAX, x64_mi(X64_RBX, i, 8, 0x460));
		expectf("mov rax, [rbx+%s*8+0x460]", r64[i]);
		x64_lea(begin(), 4, X64_RAX, x64_mi(i, i, 2, 0));
		expectf("lea eax, [%s+%s*2]", r64[i], r64[i]);
	}
	x64_mov_rm_load(begin(), 4, X64_RAX, x64_mi(X64_R13, X64_R12, 1, 0));
	expect("mov eax, [r13+r12*1]");
	x64_lea(begin(), 4, X64_RCX, x64_m(X64_RDX, 3));
	expect("lea ecx, [rdx+0x03]");
}

static void moves(void **state)
{
	int r;

	for (r = 0; r < 16; r++) {
		x64_mov_rr(begin(), 4, r, 15 - r);
		expectf("mov %s, %s", r32[r], r32[15 - r]);
		x64_mov_rr(begin(), 8, r, X64_RBX);
		expectf("mov %s, rbx", r64[r]);
		/* 8-bit registers 4-7 are spl..dil only with a REX prefix */
		x64_mov_store(begin(), 1, x64_mi(X64_RAX, X64_RDX, 1, 0), r);
		expectf("mov [rax+rdx*1], %s", r8[r]);
		x64_movzx(begin(), 4, 1, X64_RAX, x64_r(r));
		expectf("movzx eax, %s", r8[r]);
		x64_mov_ri(begin(), 4, r, 0x89abcdef);
		expectf("mov %s, 0x89ABCDEF", r32[r]);
	}
	x64_mov_store(begin(), 2, x64_m(X64_RAX, 0), X64_RCX);
	expect("mov [rax], cx");
	x64_mov_store(begin(), 4, x64_m(X64_RBX, 0x20), X64_R10);
	expect("mov [rbx+0x20], r10d");
	x64_mov_rm_load(begin(), 1, X64_RSI, x64_m(X64_RBX, 1));
	expect("mov sil, [rbx+0x01]");
	/* 64-bit immediates: the shortest encoding that gives the value */
	x64_mov_ri(begin(), 8, X64_R8, 0xffffffffu);
	expect("mov r8d, 0xFFFFFFFF");
	x64_mov_ri(begin(), 8, X64_RAX, 0xfffffffffffffff0ULL);
	expect("mov rax, 0xFFFFFFFFFFFFFFF0");
	assert_int_equal(as.len, 7);	/* C7 /0 with a sign-extended imm32 */
	x64_mov_ri(begin(), 8, X64_R11, 0x123456789abcdefULL);
	expect("mov r11, 0x123456789ABCDEF");
	assert_int_equal(as.len, 10);
	x64_mov_mi(begin(), 1, x64_m(X64_RBX, 8), 0x7f);
	expect("mov byte ptr [rbx+0x08], 0x7F");
	x64_mov_mi(begin(), 2, x64_m(X64_RBX, 8), 0x1234);
	expect("mov word ptr [rbx+0x08], 0x1234");
	x64_mov_mi(begin(), 4, x64_m(X64_RBX, 0x20), 0x1000);
	expect("mov dword ptr [rbx+0x20], 0x1000");
	x64_mov_mi(begin(), 8, x64_m(X64_RBX, 0x20), -2);
	expect("mov qword ptr [rbx+0x20], 0xFFFFFFFFFFFFFFFE");
}

static void extensions(void **state)
{
	x64_movzx(begin(), 4, 2, X64_R12, x64_m(X64_RBX, 4));
	expect("movzx r12d, word ptr [rbx+0x04]");
	x64_movsx(begin(), 4, 1, X64_RDI, x64_r(X64_RSI));
	expect("movsx edi, sil");
	x64_movsx(begin(), 8, 1, X64_RAX, x64_mi(X64_RAX, X64_RDX, 1, 0));
	expect("movsx rax, byte ptr [rax+rdx*1]");
	x64_movsx(begin(), 8, 2, X64_RAX, x64_r(X64_R9));
	expect("movsx rax, r9w");
	x64_movsx(begin(), 8, 4, X64_R14, x64_r(X64_RCX));
	expect("movsxd r14, ecx");
	x64_movsx(begin(), 8, 4, X64_RAX, x64_m(X64_RBX, 0x10));
	expect("movsxd rax, dword ptr [rbx+0x10]");
}

static void arithmetic(void **state)
{
	static const char *const names[8] = {
		"add", "or", "adc", "sbb", "and", "sub", "xor", "cmp",
	};
	int op;

	for (op = 0; op < 8; op++) {
		x64_alu_r_rm(begin(), (enum x64_alu)op, 4, X64_RSI, x64_m(X64_RBX, 0x1c));
		expectf("%s esi, [rbx+0x1C]", names[op]);
		x64_alu_rm_r(begin(), (enum x64_alu)op, 8, x64_r(X64_R13), X64_RAX);
		expectf("%s r13, rax", names[op]);
		x64_alu_rm_r(begin(), (enum x64_alu)op, 4, x64_m(X64_RBX, 0), X64_R8);
		expectf("%s [rbx], r8d", names[op]);
		x64_alu_rm_i(begin(), (enum x64_alu)op, 4, x64_r(X64_RAX), 1);
		expectf("%s eax, 0x01", names[op]);
		x64_alu_rm_i(begin(), (enum x64_alu)op, 4, x64_m(X64_RBX, 0x2c), 0x10000);
		expectf("%s dword ptr [rbx+0x2C], 0x10000", names[op]);
		x64_alu_rm_i(begin(), (enum x64_alu)op, 8, x64_r(X64_R10), -1);
		expectf("%s r10, 0xFFFFFFFFFFFFFFFF", names[op]);
		x64_alu_rm_i(begin(), (enum x64_alu)op, 1, x64_m(X64_RAX, 0), 0);
		expectf("%s byte ptr [rax], 0x00", names[op]);
	}
	x64_alu_rm_r(begin(), X64_OR, 1, x64_m(X64_RBX, 0x5478), X64_RCX);
	expect("or [rbx+0x5478], cl");
	x64_test_rm_i(begin(), 4, x64_r(X64_RCX), ~4);
	expect("test ecx, 0xFFFFFFFB");
	x64_test_rm_i(begin(), 4, x64_m(X64_RBX, 0x24), 0x200);
	expect("test dword ptr [rbx+0x24], 0x200");
	x64_imul(begin(), 4, X64_R9, x64_r(X64_RCX));
	expect("imul r9d, ecx");
	x64_imul(begin(), 8, X64_RAX, x64_m(X64_R12, 8));
	expect("imul rax, [r12+0x08]");
	x64_neg(begin(), 4, x64_m(X64_RBX, 4));
	expect_width("neg [rbx+0x04]", 32);
	x64_not(begin(), 8, x64_m(X64_RBX, 4));
	expect_width("not [rbx+0x04]", 64);
	x64_not(begin(), 8, x64_r(X64_R15));
	expect("not r15");
	x64_bswap(begin(), 4, X64_R11);
	expect("bswap r11d");
	x64_bswap(begin(), 4, X64_RAX);
	expect("bswap eax");
}

static void shifts(void **state)
{
	static const struct { enum x64_shift op; const char *name; } ops[] = {
		{ X64_ROL, "rol" }, { X64_ROR, "ror" }, { X64_SHL, "shl" },
		{ X64_SHR, "shr" }, { X64_SAR, "sar" },
	};
	unsigned k;

	for (k = 0; k < sizeof(ops) / sizeof(ops[0]); k++) {
		x64_shift_i(begin(), ops[k].op, 4, x64_r(X64_RAX), 12);
		expectf("%s eax, 0x0C", ops[k].name);
		x64_shift_i(begin(), ops[k].op, 8, x64_r(X64_R8), 32);
		expectf("%s r8, 0x20", ops[k].name);
		x64_shift_cl(begin(), ops[k].op, 4, x64_m(X64_RBX, 8));
		expectf("%s dword ptr [rbx+0x08], cl", ops[k].name);
		x64_shift_cl(begin(), ops[k].op, 8, x64_r(X64_RDI));
		expectf("%s rdi, cl", ops[k].name);
	}
}

static void control(void **state)
{
	static const char *const cc[16] = {
		"jo", "jno", "jb", "jnb", "jz", "jnz", "jbe", "jnbe",
		"js", "jns", "jp", "jnp", "jl", "jnl", "jle", "jnle",
	};
	int r, k;

	for (r = 0; r < 16; r++) {
		x64_push(begin(), r);
		expectf("push %s", r64[r]);
		x64_pop(begin(), r);
		expectf("pop %s", r64[r]);
		x64_call_r(begin(), r);
		expectf("call %s", r64[r]);
		x64_jmp_r(begin(), r);
		expectf("jmp %s", r64[r]);
		x64_setcc(begin(), X64_CC_NE, r);
		expectf("setnz %s", r8[r]);
	}
	x64_ret(begin());
	expect("ret");
	for (k = 0; k < 16; k++) {
		x64_jcc(begin(), (enum x64_cc)k, 0x40);
		expectf("%s 0x%016X", cc[k], RUNTIME + 0x40);
	}
	/* a jump patched later, backwards */
	begin();
	x64_ret(&as);
	{
		size_t at = x64_jmp(&as, (size_t)-1);

		x64_patch_rel32(&as, at, 0);
		assert_int_equal(as.len, 6);
		/* rel32 = 0 - (1 + 5) */
		assert_int_equal(buf[1], 0xe9);
		assert_int_equal(buf[2], 0xfa);
		assert_int_equal(buf[5], 0xff);
	}
}

static void full_buffer_is_sticky(void **state)
{
	uint8_t small[5];
	struct x64_asm a;

	memset(small, 0, sizeof(small));
	x64_asm_init(&a, small, sizeof(small));
	x64_mov_ri(&a, 4, X64_RAX, 1);		/* 5 bytes: fits */
	assert_int_equal(x64_asm_error(&a), 0);
	x64_mov_rr(&a, 8, X64_RAX, X64_RCX);	/* does not */
	assert_int_equal(x64_asm_error(&a), -28 /* -ENOSPC */);
	x64_ret(&a);
	assert_int_equal(a.len, 5);
	assert_int_equal(x64_asm_error(&a), -28);
	assert_int_equal(small[0], 0xb8);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(memory_operands),
		cmocka_unit_test(moves),
		cmocka_unit_test(extensions),
		cmocka_unit_test(arithmetic),
		cmocka_unit_test(shifts),
		cmocka_unit_test(control),
		cmocka_unit_test(full_buffer_is_sticky),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}

#else

int main(void)
{
	printf("1..0 # SKIP the x64 backend is built on x86-64 hosts only\n");
	return 0;
}

#endif
