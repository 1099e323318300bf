// SPDX-License-Identifier: GPL-2.0-only
/*
 * String instructions: movs, cmps, scas, lods, stos, ins, outs, with the
 * rep/repe/repne prefixes (SDM Vol. 2 "REP/REPE/REPZ/REPNE/REPNZ").
 *
 * One helper runs the iterations.  It updates ECX/ESI/EDI after every
 * element, so a fault in the middle leaves a resumable state (the
 * instruction restarts with the remaining count, as on the CPU), and it
 * stops after a bounded number of iterations so interrupts are not held
 * off by a long copy: the instruction then runs again from the TB loop.
 */
#include <string.h>

#include "core/io.h"
#include "flags.h"
#include "helpers.h"
#include "ir.h"
#include "softmmu.h"
#include "translate.h"

enum str_op { STR_MOVS, STR_CMPS, STR_SCAS, STR_LODS, STR_STOS, STR_INS, STR_OUTS };

/* helper argument: op | size << 4 | addr32 << 8 | rep << 9 (0 none, 1 rep/
 * repe, 2 repne) | seg << 12 | mmu << 16 */
#define STR_ARG(op, size, a32, rep, seg, mmu) \
	((op) | (size) << 4 | (a32) << 8 | (rep) << 9 | (seg) << 12 | (mmu) << 16)

#define STR_BATCH 4096

bool gen_string(struct dc *dc)
{
	enum str_op op;
	int size, seg = R_DS, rep = 0, i;
	ir_t done = tmp64(dc), d32 = tmp32(dc);
	int again = ir_new_label(dc->b);

	switch (dc->insn.mnemonic) {
	case ZYDIS_MNEMONIC_MOVSB: case ZYDIS_MNEMONIC_MOVSW: case ZYDIS_MNEMONIC_MOVSD:
		op = STR_MOVS;
		break;
	case ZYDIS_MNEMONIC_CMPSB: case ZYDIS_MNEMONIC_CMPSW: case ZYDIS_MNEMONIC_CMPSD:
		op = STR_CMPS;
		break;
	case ZYDIS_MNEMONIC_SCASB: case ZYDIS_MNEMONIC_SCASW: case ZYDIS_MNEMONIC_SCASD:
		op = STR_SCAS;
		break;
	case ZYDIS_MNEMONIC_LODSB: case ZYDIS_MNEMONIC_LODSW: case ZYDIS_MNEMONIC_LODSD:
		op = STR_LODS;
		break;
	case ZYDIS_MNEMONIC_STOSB: case ZYDIS_MNEMONIC_STOSW: case ZYDIS_MNEMONIC_STOSD:
		op = STR_STOS;
		break;
	case ZYDIS_MNEMONIC_INSB: case ZYDIS_MNEMONIC_INSW: case ZYDIS_MNEMONIC_INSD:
		op = STR_INS;
		break;
	case ZYDIS_MNEMONIC_OUTSB: case ZYDIS_MNEMONIC_OUTSW: case ZYDIS_MNEMONIC_OUTSD:
		op = STR_OUTS;
		break;
	default:
		return false;
	}
	/* movsd/cmpsd with SSE operands are other instructions */
	for (i = 0; i < dc->insn.operand_count; i++)
		if (dc->ops[i].type == ZYDIS_OPERAND_TYPE_REGISTER &&
		    dc->ops[i].reg.value >= ZYDIS_REGISTER_XMM0 &&
		    dc->ops[i].reg.value <= ZYDIS_REGISTER_XMM31)
			return false;
	size = dc->insn.mnemonic == ZYDIS_MNEMONIC_MOVSB ||
	       dc->insn.mnemonic == ZYDIS_MNEMONIC_CMPSB ||
	       dc->insn.mnemonic == ZYDIS_MNEMONIC_SCASB ||
	       dc->insn.mnemonic == ZYDIS_MNEMONIC_LODSB ||
	       dc->insn.mnemonic == ZYDIS_MNEMONIC_STOSB ||
	       dc->insn.mnemonic == ZYDIS_MNEMONIC_INSB ||
	       dc->insn.mnemonic == ZYDIS_MNEMONIC_OUTSB ? 1 : dc->op32 ? 4 : 2;
	/* the source segment (DS:ESI) may be overridden; ES:EDI may not */
	for (i = 0; i < dc->insn.operand_count; i++) {
		const ZydisDecodedOperand *o = &dc->ops[i];

		if (o->type == ZYDIS_OPERAND_TYPE_MEMORY &&
		    (o->mem.base == ZYDIS_REGISTER_ESI || o->mem.base == ZYDIS_REGISTER_SI))
			seg = o->mem.segment - ZYDIS_REGISTER_ES;
	}
	if (dc->insn.attributes & ZYDIS_ATTRIB_HAS_REPNE)
		rep = 2;
	else if (dc->insn.attributes & (ZYDIS_ATTRIB_HAS_REP | ZYDIS_ATTRIB_HAS_REPE))
		rep = 1;
	gen_helper(dc, HELPER_string, done,
		   ir_const(dc->b, IR_I64, STR_ARG((unsigned)op, (unsigned)size,
						   (unsigned)dc->addr32, (unsigned)rep,
						   (unsigned)seg, (unsigned)dc->mmu)),
		   IR_NONE, IR_NONE);
	if (op == STR_CMPS || op == STR_SCAS)
		dc->cc_op = -1;
	if (!rep)
		return true;
	/* not finished: run this instruction again (eip is still its own) */
	ir_gen1(dc->b, IR_trunc_i64_i32, d32, done);
	ir_brcond(dc->b, IR_NE, d32, const32(dc, 0), again);
	ir_exit_tb(dc->b);
	ir_label(dc->b, again);
	return true;
}

static uint32_t addr_mask(bool a32)
{
	return a32 ? 0xffffffffu : 0xffffu;
}

/*
 * rep movs and rep stos, forward, 32-bit addresses: as many elements as
 * stay within one page of source and destination done at once on host
 * memory.  Only when the whole chunk is within the segment limits and
 * plain RAM (no MMIO, no translated code, no alignment checking): then the
 * result is the element-by-element one, and a fault can only come from the
 * first element's page, as it would.  Returns the elements done (0: take
 * the element loop).
 */
static uint32_t string_bulk(struct x86_cpu *cpu, enum str_op op, unsigned size,
			    int seg, int mmu, uint32_t max)
{
	uint32_t di = cpu->regs[R_EDI], si = cpu->regs[R_ESI];
	uint32_t n = cpu->regs[R_ECX], bytes, k;
	uint32_t dst_lin = cpu->seg[R_ES].base + di;
	uint32_t src_lin = cpu->seg[seg].base + si;
	uint8_t *dst, *src = NULL;

	if ((cpu->cr[0] & CR0_AM) && (cpu->eflags & AC_MASK))
		return 0;
	if (n > max)
		n = max;
	k = (0x1000 - (dst_lin & 0xfff)) / size;
	if (n > k)
		n = k;
	if (op == STR_MOVS) {
		k = (0x1000 - (src_lin & 0xfff)) / size;
		if (n > k)
			n = k;
	}
	bytes = n * size;
	if (n < 2 || !seg_limit_ok(&cpu->seg[R_ES], di, bytes) ||
	    (op == STR_MOVS && !seg_limit_ok(&cpu->seg[seg], si, bytes)))
		return 0;
	/* the type checks (and their faults) of the first element */
	if (op == STR_MOVS) {
		seg_check(cpu, seg, si, size, ACC_READ);
		src = mmu_host_range(cpu, src_lin, bytes, ACC_READ, mmu);
		if (!src)
			return 0;
	}
	seg_check(cpu, R_ES, di, size, ACC_WRITE);
	dst = mmu_host_range(cpu, dst_lin, bytes, ACC_WRITE, mmu);
	if (!dst)
		return 0;
	if (op == STR_STOS) {
		uint32_t v = cpu->regs[R_EAX];

		if (size == 1)
			memset(dst, (int)(v & 0xff), bytes);
		for (k = 0; size > 1 && k < bytes; k += size)
			memcpy(dst + k, &v, size);	/* little-endian host */
	} else if (dst >= src + bytes || src >= dst + bytes) {
		memcpy(dst, src, bytes);
	} else {
		/* overlapping: element by element, forward, as the CPU does
		 * ("rep movsb" with edi = esi + 1 repeats a byte) */
		for (k = 0; k < bytes; k += size)
			memmove(dst + k, src + k, size);
	}
	cpu->regs[R_EDI] = di + bytes;
	if (op == STR_MOVS)
		cpu->regs[R_ESI] = si + bytes;
	cpu->regs[R_ECX] -= n;
	return n;
}

uint64_t helper_string(HELPER_ARGS)
{
	HELPER_CPU;
	enum str_op op = (enum str_op)(a & 15);
	unsigned size = (a >> 4) & 15, rep = (a >> 9) & 3;
	bool a32 = (a >> 8) & 1;
	int seg = (int)(a >> 12) & 15, mmu = (int)(a >> 16) & 15;
	uint32_t m = addr_mask(a32), step = cpu->df * size;
	int memop = size == 1 ? MO_8 : size == 2 ? MO_16 : MO_32;
	unsigned n;

	for (n = 0; n < STR_BATCH; n++) {
		uint32_t si = cpu->regs[R_ESI] & m, di = cpu->regs[R_EDI] & m;
		uint32_t v, d;

		if (rep && !(cpu->regs[R_ECX] & m))
			return 1;
		if (rep && a32 && step == size && (op == STR_MOVS || op == STR_STOS)) {
			uint32_t k = string_bulk(cpu, op, size, seg, mmu,
						 STR_BATCH - n);

			if (k) {
				n += k - 1;
				if (cpu->pending)
					break;
				continue;
			}
		}
		switch (op) {
		case STR_MOVS:
			v = (uint32_t)mmu_ld(cpu, seg, si, memop, mmu);
			mmu_st(cpu, R_ES, di, v, memop, mmu);
			cpu->regs[R_ESI] = (cpu->regs[R_ESI] & ~m) | ((si + step) & m);
			cpu->regs[R_EDI] = (cpu->regs[R_EDI] & ~m) | ((di + step) & m);
			break;
		case STR_CMPS:
		case STR_SCAS:
			if (op == STR_CMPS)
				v = (uint32_t)mmu_ld(cpu, seg, si, memop, mmu);
			else
				v = cpu->regs[R_EAX] & (size == 4 ? ~0u : (1u << (size * 8)) - 1);
			d = (uint32_t)mmu_ld(cpu, R_ES, di, memop, mmu);
			cpu->cc_op = CC_OP(CC_K_SUB, size == 1 ? 0 : size == 2 ? 1 : 2);
			cpu->cc_dst = v - d;
			cpu->cc_src = d;
			if (op == STR_CMPS)
				cpu->regs[R_ESI] = (cpu->regs[R_ESI] & ~m) | ((si + step) & m);
			cpu->regs[R_EDI] = (cpu->regs[R_EDI] & ~m) | ((di + step) & m);
			break;
		case STR_LODS:
			v = (uint32_t)mmu_ld(cpu, seg, si, memop, mmu);
			if (size == 4)
				cpu->regs[R_EAX] = v;
			else
				cpu->regs[R_EAX] = (cpu->regs[R_EAX] & ~((1u << (size * 8)) - 1)) | v;
			cpu->regs[R_ESI] = (cpu->regs[R_ESI] & ~m) | ((si + step) & m);
			break;
		case STR_STOS:
			mmu_st(cpu, R_ES, di, cpu->regs[R_EAX], memop, mmu);
			cpu->regs[R_EDI] = (cpu->regs[R_EDI] & ~m) | ((di + step) & m);
			break;
		case STR_INS:
			helper_check_io_perm(cpu, cpu->regs[R_EDX] & 0xffff, size);
			/* probe the destination first: no port read is lost
			 * to a fault */
			seg_check(cpu, R_ES, di, size, ACC_WRITE);
			mmu_translate(cpu, cpu->seg[R_ES].base + di, ACC_WRITE, mmu);
			v = io_port_read(cpu->regs[R_EDX] & 0xffff, size);
			mmu_st(cpu, R_ES, di, v, memop, mmu);
			cpu->regs[R_EDI] = (cpu->regs[R_EDI] & ~m) | ((di + step) & m);
			break;
		case STR_OUTS:
			helper_check_io_perm(cpu, cpu->regs[R_EDX] & 0xffff, size);
			v = (uint32_t)mmu_ld(cpu, seg, si, memop, mmu);
			io_port_write(cpu->regs[R_EDX] & 0xffff, v, size);
			cpu->regs[R_ESI] = (cpu->regs[R_ESI] & ~m) | ((si + step) & m);
			break;
		}
		if (!rep)
			return 1;
		cpu->regs[R_ECX] = (cpu->regs[R_ECX] & ~m) | ((cpu->regs[R_ECX] - 1) & m);
		if (op == STR_CMPS || op == STR_SCAS) {
			bool zf = cc_compute_all(cpu) & CC_Z;

			if ((rep == 1 && !zf) || (rep == 2 && zf))
				return 1;
		}
		if (cpu->pending)
			break;
	}
	return (cpu->regs[R_ECX] & m) == 0;
}
