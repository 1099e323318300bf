// SPDX-License-Identifier: GPL-2.0-only
/*
 * The frontend's main loop and the services every semantic function uses:
 * operand access, effective addresses, the stack, and TB exits.
 *
 * Order within an instruction matters for precise exceptions: everything
 * that can fault (loads, stores, helpers) is emitted before any guest
 * register or flag is written, so a fault leaves the guest state as it was
 * at the start of the instruction (cpu->eip is stored by insn_start).
 */
#include "translate.h"

#include <errno.h>
#include <stddef.h>
#include <string.h>

#include "core/lib/log.h"
#include "flags.h"
#include "helpers.h"
#include "softmmu.h"

#define TB_MAX_INSNS 512

ir_t glob(int g)
{
	return (ir_t)g;
}

ir_t tmp32(struct dc *dc)
{
	return ir_temp(dc->b, IR_I32);
}

ir_t tmp64(struct dc *dc)
{
	return ir_temp(dc->b, IR_I64);
}

ir_t const32(struct dc *dc, uint32_t v)
{
	return ir_const(dc->b, IR_I32, v);
}

int size_log2(int bytes)
{
	return bytes == 1 ? 0 : bytes == 2 ? 1 : bytes == 4 ? 2 : 3;
}

int size_memop(int bytes)
{
	return size_log2(bytes);
}

int op_size(const struct dc *dc, int n)
{
	return dc->ops[n].size / 8;
}

static void declare_globals(struct ir_block *b)
{
	static const char *const names[8] = {
		"eax", "ecx", "edx", "ebx", "esp", "ebp", "esi", "edi",
	};
	int i;

	for (i = 0; i < 8; i++)
		ir_global(b, IR_I32, (uint32_t)offsetof(struct x86_cpu, regs[i]),
			  names[i]);
	ir_global(b, IR_I32, offsetof(struct x86_cpu, eip), "eip");
	ir_global(b, IR_I32, offsetof(struct x86_cpu, cc_op), "cc_op");
	ir_global(b, IR_I32, offsetof(struct x86_cpu, cc_dst), "cc_dst");
	ir_global(b, IR_I32, offsetof(struct x86_cpu, cc_src), "cc_src");
	ir_global(b, IR_I32, offsetof(struct x86_cpu, cc_src2), "cc_src2");
	ir_global(b, IR_I32, offsetof(struct x86_cpu, df), "df");
	ir_global(b, IR_I32, offsetof(struct x86_cpu, eflags), "eflags");
	ir_end_globals(b);
}

/* --- registers --- */

/* Register @r as (index into regs[], byte offset of the part, bytes). */
static int reg_decode(ZydisRegister r, int *shift, int *bytes)
{
	*shift = 0;
	if (r >= ZYDIS_REGISTER_AL && r <= ZYDIS_REGISTER_BL) {
		*bytes = 1;
		return r - ZYDIS_REGISTER_AL;
	}
	if (r >= ZYDIS_REGISTER_AH && r <= ZYDIS_REGISTER_BH) {
		*bytes = 1;
		*shift = 8;
		return r - ZYDIS_REGISTER_AH;
	}
	if (r >= ZYDIS_REGISTER_AX && r <= ZYDIS_REGISTER_DI) {
		*bytes = 2;
		return r - ZYDIS_REGISTER_AX;
	}
	if (r >= ZYDIS_REGISTER_EAX && r <= ZYDIS_REGISTER_EDI) {
		*bytes = 4;
		return r - ZYDIS_REGISTER_EAX;
	}
	return -1;
}

ir_t gen_ld_reg(struct dc *dc, ZydisRegister r)
{
	int shift, bytes, i = reg_decode(r, &shift, &bytes);
	ir_t t;

	if (i < 0)
		return const32(dc, 0);
	/* always a copy: the instruction may write the register before it
	 * uses the value again (neg eax; add eax, eax) */
	t = tmp32(dc);
	if (bytes == 4)
		ir_gen1(dc->b, IR_mov, t, glob(G_EAX + i));
	else
		ir_extract(dc->b, t, glob(G_EAX + i), shift, bytes * 8);
	return t;
}

void gen_st_reg(struct dc *dc, ZydisRegister r, ir_t v)
{
	int shift, bytes, i = reg_decode(r, &shift, &bytes);

	if (i < 0)
		return;
	if (bytes == 4)
		ir_gen1(dc->b, IR_mov, glob(G_EAX + i), v);
	else
		ir_deposit(dc->b, glob(G_EAX + i), glob(G_EAX + i), v, shift,
			   bytes * 8);
}

/* --- memory --- */

ir_t gen_ld_mem(struct dc *dc, int seg, ir_t ea, int memop)
{
	ir_t t = tmp32(dc);

	ir_qld(dc->b, t, ea, memop, seg, dc->mmu);
	return t;
}

void gen_st_mem(struct dc *dc, int seg, ir_t ea, ir_t v, int memop)
{
	ir_qst(dc->b, v, ea, memop, seg, dc->mmu);
}

ir_t gen_ea(struct dc *dc, const ZydisDecodedOperand *op)
{
	ir_t ea = tmp32(dc);
	uint32_t disp = (uint32_t)op->mem.disp.value;
	int shift, bytes, i;

	ir_movi(dc->b, ea, disp);
	i = reg_decode(op->mem.base, &shift, &bytes);
	if (i >= 0) {
		ir_t base = bytes == 4 ? glob(G_EAX + i) : tmp32(dc);

		if (bytes != 4)
			ir_gen1(dc->b, IR_ext16u, base, glob(G_EAX + i));
		ir_gen2(dc->b, IR_add, ea, ea, base);
	}
	i = reg_decode(op->mem.index, &shift, &bytes);
	if (i >= 0) {
		ir_t idx = tmp32(dc);

		if (bytes == 4)
			ir_gen1(dc->b, IR_mov, idx, glob(G_EAX + i));
		else
			ir_gen1(dc->b, IR_ext16u, idx, glob(G_EAX + i));
		if (op->mem.scale > 1)
			ir_gen2(dc->b, IR_shl, idx, idx,
				const32(dc, (uint32_t)size_log2(op->mem.scale)));
		ir_gen2(dc->b, IR_add, ea, ea, idx);
	}
	/* 16-bit addressing wraps at 64 KiB (SDM Vol. 1 §3.7.5) */
	if (dc->insn.address_width == 16)
		ir_gen1(dc->b, IR_ext16u, ea, ea);
	return ea;
}

static int op_seg(const ZydisDecodedOperand *op)
{
	if (op->mem.segment >= ZYDIS_REGISTER_ES && op->mem.segment <= ZYDIS_REGISTER_GS)
		return op->mem.segment - ZYDIS_REGISTER_ES;
	return R_DS;
}

/* The memory operand's address, computed once per instruction. */
static ir_t op_ea(struct dc *dc, int n, int *seg)
{
	if (!dc->ea_valid) {
		dc->ea = gen_ea(dc, &dc->ops[n]);
		dc->ea_seg = op_seg(&dc->ops[n]);
		dc->ea_valid = true;
	}
	*seg = dc->ea_seg;
	return dc->ea;
}

ir_t gen_ld_op(struct dc *dc, int n)
{
	const ZydisDecodedOperand *op = &dc->ops[n];
	int seg;

	switch (op->type) {
	case ZYDIS_OPERAND_TYPE_REGISTER:
		return gen_ld_reg(dc, op->reg.value);
	case ZYDIS_OPERAND_TYPE_MEMORY: {
		ir_t ea = op_ea(dc, n, &seg);

		return gen_ld_mem(dc, seg, ea, size_memop(op->size / 8));
	}
	case ZYDIS_OPERAND_TYPE_IMMEDIATE: {
		/* a signed immediate (83 /0 ib) is sign-extended to the
		 * operand size, then both are that wide */
		uint32_t v = (uint32_t)op->imm.value.u;
		unsigned bits = op->imm.is_signed ? dc->insn.operand_width : op->size;

		if (bits && bits < 32)
			v &= (1u << bits) - 1;
		return const32(dc, v);
	}
	default:
		return const32(dc, 0);
	}
}

void gen_st_op(struct dc *dc, int n, ir_t v)
{
	const ZydisDecodedOperand *op = &dc->ops[n];
	int seg;

	if (op->type == ZYDIS_OPERAND_TYPE_REGISTER) {
		gen_st_reg(dc, op->reg.value, v);
	} else if (op->type == ZYDIS_OPERAND_TYPE_MEMORY) {
		ir_t ea = op_ea(dc, n, &seg);

		gen_st_mem(dc, seg, ea, v, size_memop(op->size / 8));
	}
}

/* --- stack (SDM Vol. 1 §6.2: SS.B selects ESP or SP) --- */

ir_t gen_stack_addr_mask(struct dc *dc, ir_t v)
{
	ir_t t;

	if (dc->flags & HF_SS32)
		return v;
	t = tmp32(dc);
	ir_gen1(dc->b, IR_ext16u, t, v);
	return t;
}

void gen_set_esp(struct dc *dc, ir_t new_esp)
{
	if (dc->flags & HF_SS32)
		ir_gen1(dc->b, IR_mov, glob(G_ESP), new_esp);
	else
		ir_deposit(dc->b, glob(G_ESP), glob(G_ESP), new_esp, 0, 16);
}

void gen_push(struct dc *dc, ir_t v, int size)
{
	ir_t sp = tmp32(dc);

	ir_gen2(dc->b, IR_sub, sp, glob(G_ESP), const32(dc, (uint32_t)size));
	gen_st_mem(dc, R_SS, gen_stack_addr_mask(dc, sp), v, size_memop(size));
	gen_set_esp(dc, sp);
}

/* Load the top of stack; the new esp is returned for the caller to commit
 * after anything else that may fault. */
ir_t gen_pop_peek(struct dc *dc, int size, ir_t *new_esp)
{
	ir_t v = gen_ld_mem(dc, R_SS, gen_stack_addr_mask(dc, glob(G_ESP)),
			    size_memop(size));

	*new_esp = tmp32(dc);
	ir_gen2(dc->b, IR_add, *new_esp, glob(G_ESP), const32(dc, (uint32_t)size));
	return v;
}

/* --- exits --- */

void gen_helper(struct dc *dc, int helper, ir_t d, ir_t a, ir_t b, ir_t c)
{
	ir_t z = IR_NONE;

	if (a == IR_NONE || b == IR_NONE || c == IR_NONE)
		z = ir_const(dc->b, IR_I64, 0);
	ir_call(dc->b, helper, d, a == IR_NONE ? z : a, b == IR_NONE ? z : b,
		c == IR_NONE ? z : c);
}

void gen_jump_to(struct dc *dc, uint32_t eip, int slot)
{
	ir_movi(dc->b, glob(G_EIP), eip);
	/* Chain only to code on the same page as this TB (QEMU's rule):
	 * a chained jump skips the lookup that would notice a changed
	 * mapping of another page; the jump cache is cleared with the TLB. */
	if (dc->flags & HF_TF)
		ir_exit_tb(dc->b);
	else if (((dc->cs_base + eip) ^ dc->tb->pc) & ~0xfffu)
		ir_lookup_tb(dc->b);
	else
		ir_goto_tb(dc->b, slot);
	dc->end = DC_JUMP;
}

void gen_jump_dynamic(struct dc *dc, ir_t eip)
{
	ir_gen1(dc->b, IR_mov, glob(G_EIP), eip);
	if (dc->flags & HF_TF)
		ir_exit_tb(dc->b);
	else
		ir_lookup_tb(dc->b);
	dc->end = DC_JUMP;
}

void gen_exception(struct dc *dc, int vector, uint32_t error)
{
	gen_helper(dc, HELPER_raise_err, IR_NONE,
		   ir_const(dc->b, IR_I64, (uint64_t)vector),
		   ir_const(dc->b, IR_I64, error), IR_NONE);
	dc->end = DC_JUMP;
}

/* --- the TB loop --- */

/* Is the instruction part of the configured CPU model?  Groups that
 * CPUID announces are #UD on a model without them (SDM Vol. 2 "Protected
 * Mode Exceptions" of each: "#UD If ... CPUID.01H:EDX.XXX[bit n] = 0"). */
static bool cpu_has_insn(const struct dc *dc)
{
	const uint32_t *f = dc->cpu->cpuid.features;
	uint32_t need = 0, need_ecx = 0;

	switch (dc->insn.meta.isa_set) {
	case ZYDIS_ISA_SET_CMOV: need = CPUID_CMOV; break;
	case ZYDIS_ISA_SET_FCMOV: need = CPUID_CMOV | CPUID_FPU; break;
	case ZYDIS_ISA_SET_PENTIUMMMX: need = CPUID_MMX; break;
	case ZYDIS_ISA_SET_FXSAVE: need = CPUID_FXSR; break;
	case ZYDIS_ISA_SET_SSE: case ZYDIS_ISA_SET_SSE_PREFETCH:
	case ZYDIS_ISA_SET_SSEMXCSR: need = CPUID_SSE; break;
	case ZYDIS_ISA_SET_SSE2: case ZYDIS_ISA_SET_SSE2MMX: need = CPUID_SSE2; break;
	case ZYDIS_ISA_SET_SSE3: case ZYDIS_ISA_SET_SSE3X87: need_ecx = CPUID_EXT_SSE3; break;
	case ZYDIS_ISA_SET_SSSE3: case ZYDIS_ISA_SET_SSSE3MMX: need_ecx = CPUID_EXT_SSSE3; break;
	default: break;
	}
	switch (dc->insn.mnemonic) {
	case ZYDIS_MNEMONIC_CMPXCHG8B: need |= CPUID_CX8; break;
	case ZYDIS_MNEMONIC_RDTSC: need |= CPUID_TSC; break;
	case ZYDIS_MNEMONIC_SYSENTER: case ZYDIS_MNEMONIC_SYSEXIT: need |= CPUID_SEP; break;
	case ZYDIS_MNEMONIC_RDMSR: case ZYDIS_MNEMONIC_WRMSR: need |= CPUID_MSR; break;
	case ZYDIS_MNEMONIC_CLFLUSH: need |= CPUID_CLFLUSH; break;
	default: break;
	}
	return (f[FEAT_1_EDX] & need) == need && (f[FEAT_1_ECX] & need_ecx) == need_ecx;
}

static const gen_fn families[] = {
	gen_alu, gen_muldiv, gen_shift, gen_bits, gen_branch, gen_stack,
	gen_string, gen_bcd, gen_system, gen_misc, gen_x87, gen_sse, gen_mmx,
};

static bool decoders_ready;

static const ZydisDecoder *decoder_for(uint32_t flags)
{
	static ZydisDecoder dec[2][2];	/* [code32][stack32] */
	int c = !!(flags & HF_CS32), s = !!(flags & HF_SS32);

	if (!decoders_ready) {
		int i, j;

		for (i = 0; i < 2; i++)
			for (j = 0; j < 2; j++)
				ZydisDecoderInit(&dec[i][j],
						 i ? ZYDIS_MACHINE_MODE_LEGACY_32 :
						     ZYDIS_MACHINE_MODE_LEGACY_16,
						 j ? ZYDIS_STACK_WIDTH_32 :
						     ZYDIS_STACK_WIDTH_16);
		decoders_ready = true;
	}
	return &dec[c][s];
}

/* Decode at dc->pc; returns 0, -EAGAIN if the instruction runs off the
 * page (only allowed for the first one), or a Zydis failure as -EINVAL /
 * -E2BIG (longer than 15 bytes). */
static int decode(struct dc *dc, bool first)
{
	uint8_t buf[16];
	uint32_t lin = dc->cs_base + dc->pc;
	unsigned avail = 0x1000 - (lin & 0xfff);
	ZyanStatus st;

	if (avail > 15)
		avail = 15;
	if (!first && avail < 15) {
		/* may cross into the next page: decode what is here first */
		mmu_fetch_bytes(dc->cpu, lin, buf, avail);
		st = ZydisDecoderDecodeFull(decoder_for(dc->flags), buf, avail,
					    &dc->insn, dc->ops);
		if (st == ZYDIS_STATUS_NO_MORE_DATA)
			return -EAGAIN;
	} else {
		/* The first instruction may cross: fetching the next page
		 * faults exactly as the CPU's fetch of this instruction. */
		unsigned n = avail, more;

		mmu_fetch_bytes(dc->cpu, lin, buf, n);
		st = ZydisDecoderDecodeFull(decoder_for(dc->flags), buf, n,
					    &dc->insn, dc->ops);
		if (st == ZYDIS_STATUS_NO_MORE_DATA && n < 15) {
			more = 15 - n;
			mmu_fetch_bytes(dc->cpu, lin + n, buf + n, more);
			st = ZydisDecoderDecodeFull(decoder_for(dc->flags), buf, 15,
						    &dc->insn, dc->ops);
		}
	}
	if (st == ZYDIS_STATUS_INSTRUCTION_TOO_LONG)
		return -E2BIG;
	if (ZYAN_FAILED(st))
		return -EINVAL;
	return 0;
}

static void log_insn(struct dc *dc)
{
	ZydisFormatter fmt;
	char text[96];

	ZydisFormatterInit(&fmt, ZYDIS_FORMATTER_STYLE_ATT);
	ZydisFormatterFormatInstruction(&fmt, &dc->insn, dc->ops,
					dc->insn.operand_count_visible, text,
					sizeof(text), dc->cs_base + dc->pc, NULL);
	log_msg(LOG_IN_ASM, "0x%08x:  %s\n", dc->cs_base + dc->pc, text);
}

int translate_tb(struct x86_cpu *cpu, struct tb *tb, struct ir_block *b,
		 int max_insns)
{
	struct dc dc_s, *dc = &dc_s;
	int n, f, err;

	memset(dc, 0, sizeof(*dc));
	dc->cpu = cpu;
	dc->b = b;
	dc->tb = tb;
	dc->cs_base = tb->cs_base;
	dc->flags = tb->flags;
	dc->code32 = tb->flags & HF_CS32;
	dc->mmu = (tb->flags & HF_CPL_MASK) == 3 ? MMU_IDX_USER : MMU_IDX_KERNEL;
	dc->cc_op = -1;
	dc->pc = tb->pc - tb->cs_base;

	ir_begin(b);
	declare_globals(b);
	if (log_enabled(LOG_IN_ASM))
		log_msg(LOG_IN_ASM, "IN: TB at %08x flags %x\n", tb->pc, tb->flags);

	for (n = 0; ; n++) {
		err = decode(dc, n == 0);
		if (err == -EAGAIN) {
			ir_movi(b, glob(G_EIP), dc->pc);
			ir_goto_tb(b, 0);
			break;
		}
		ir_insn_start(b, dc->pc);
		dc->ea_valid = false;
		dc->end = DC_NEXT;
		if (err) {
			dc->next_pc = dc->pc + 1;
			/* SDM Vol. 2 §2.3.11: more than 15 bytes is #GP(0) */
			gen_exception(dc, err == -E2BIG ? EXC_GP : EXC_UD, 0);
			n++;
			break;
		}
		dc->next_pc = dc->pc + dc->insn.length;
		if (!dc->code32)
			dc->next_pc &= 0xffff;
		dc->op32 = dc->insn.operand_width == 32;
		dc->addr32 = dc->insn.address_width == 32;
		if (log_enabled(LOG_IN_ASM))
			log_insn(dc);
		if (!cpu_has_insn(dc)) {
			/* not on this -cpu model: #UD, as on that processor */
			gen_exception(dc, EXC_UD, 0);
			f = 0;
		} else {
			for (f = 0; f < (int)(sizeof(families) / sizeof(families[0])); f++)
				if (families[f](dc))
					break;
		}
		if (f == (int)(sizeof(families) / sizeof(families[0]))) {
			log_msg(LOG_UNIMP, "unsupported instruction %s at %08x\n",
				ZydisMnemonicGetString(dc->insn.mnemonic),
				dc->cs_base + dc->pc);
			gen_exception(dc, EXC_UD, 0);
		}
		tb->size = (uint16_t)(dc->cs_base + dc->pc + dc->insn.length - tb->pc);
		if (dc->end == DC_JUMP) {
			n++;
			break;
		}
		if (dc->end == DC_STOP || (dc->flags & HF_TF) ||
		    n + 1 >= max_insns || n + 1 >= TB_MAX_INSNS ||
		    ((dc->cs_base + dc->next_pc) ^ tb->pc) & ~0xfffu) {
			gen_flush_cc(dc);
			ir_movi(b, glob(G_EIP), dc->next_pc);
			if (dc->end == DC_STOP || (dc->flags & HF_TF))
				ir_exit_tb(b);
			else
				gen_jump_to(dc, dc->next_pc, 0);
			n++;
			break;
		}
		dc->pc = dc->next_pc;
	}
	tb->icount = (uint16_t)n;
	return ir_finish(b);
}
