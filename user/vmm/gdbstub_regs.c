// SPDX-License-Identifier: GPL-2.0-only
/*
 * The gdbstub's register file: the i386 target description gdb reads
 * through qXfer:features:read (GDB manual, "Target Descriptions", the
 * org.gnu.gdb.i386.core and .sse features), and each register's bytes in
 * that order for g, G, p and P.  Registers travel little-endian.
 */
#include "gdbstub_regs.h"

#include <string.h>

#include "translator/seg.h"

const char gdb_target_xml[] =
	"<?xml version=\"1.0\"?>"
	"<!DOCTYPE target SYSTEM \"gdb-target.dtd\">"
	"<target><architecture>i386</architecture>"
	"<feature name=\"org.gnu.gdb.i386.core\">"
	"<flags id=\"i386_eflags\" size=\"4\">"
	"<field name=\"CF\" start=\"0\" end=\"0\"/>"
	"<field name=\"\" start=\"1\" end=\"1\"/>"
	"<field name=\"PF\" start=\"2\" end=\"2\"/>"
	"<field name=\"AF\" start=\"4\" end=\"4\"/>"
	"<field name=\"ZF\" start=\"6\" end=\"6\"/>"
	"<field name=\"SF\" start=\"7\" end=\"7\"/>"
	"<field name=\"TF\" start=\"8\" end=\"8\"/>"
	"<field name=\"IF\" start=\"9\" end=\"9\"/>"
	"<field name=\"DF\" start=\"10\" end=\"10\"/>"
	"<field name=\"OF\" start=\"11\" end=\"11\"/>"
	"<field name=\"NT\" start=\"14\" end=\"14\"/>"
	"<field name=\"RF\" start=\"16\" end=\"16\"/>"
	"<field name=\"VM\" start=\"17\" end=\"17\"/>"
	"<field name=\"AC\" start=\"18\" end=\"18\"/>"
	"<field name=\"VIF\" start=\"19\" end=\"19\"/>"
	"<field name=\"VIP\" start=\"20\" end=\"20\"/>"
	"<field name=\"ID\" start=\"21\" end=\"21\"/>"
	"</flags>"
	"<reg name=\"eax\" bitsize=\"32\" type=\"int32\"/>"
	"<reg name=\"ecx\" bitsize=\"32\" type=\"int32\"/>"
	"<reg name=\"edx\" bitsize=\"32\" type=\"int32\"/>"
	"<reg name=\"ebx\" bitsize=\"32\" type=\"int32\"/>"
	"<reg name=\"esp\" bitsize=\"32\" type=\"data_ptr\"/>"
	"<reg name=\"ebp\" bitsize=\"32\" type=\"data_ptr\"/>"
	"<reg name=\"esi\" bitsize=\"32\" type=\"int32\"/>"
	"<reg name=\"edi\" bitsize=\"32\" type=\"int32\"/>"
	"<reg name=\"eip\" bitsize=\"32\" type=\"code_ptr\"/>"
	"<reg name=\"eflags\" bitsize=\"32\" type=\"i386_eflags\"/>"
	"<reg name=\"cs\" bitsize=\"32\" type=\"int32\"/>"
	"<reg name=\"ss\" bitsize=\"32\" type=\"int32\"/>"
	"<reg name=\"ds\" bitsize=\"32\" type=\"int32\"/>"
	"<reg name=\"es\" bitsize=\"32\" type=\"int32\"/>"
	"<reg name=\"fs\" bitsize=\"32\" type=\"int32\"/>"
	"<reg name=\"gs\" bitsize=\"32\" type=\"int32\"/>"
	"<reg name=\"st0\" bitsize=\"80\" type=\"i387_ext\"/>"
	"<reg name=\"st1\" bitsize=\"80\" type=\"i387_ext\"/>"
	"<reg name=\"st2\" bitsize=\"80\" type=\"i387_ext\"/>"
	"<reg name=\"st3\" bitsize=\"80\" type=\"i387_ext\"/>"
	"<reg name=\"st4\" bitsize=\"80\" type=\"i387_ext\"/>"
	"<reg name=\"st5\" bitsize=\"80\" type=\"i387_ext\"/>"
	"<reg name=\"st6\" bitsize=\"80\" type=\"i387_ext\"/>"
	"<reg name=\"st7\" bitsize=\"80\" type=\"i387_ext\"/>"
	"<reg name=\"fctrl\" bitsize=\"32\" type=\"int\" group=\"float\"/>"
	"<reg name=\"fstat\" bitsize=\"32\" type=\"int\" group=\"float\"/>"
	"<reg name=\"ftag\" bitsize=\"32\" type=\"int\" group=\"float\"/>"
	"<reg name=\"fiseg\" bitsize=\"32\" type=\"int\" group=\"float\"/>"
	"<reg name=\"fioff\" bitsize=\"32\" type=\"int\" group=\"float\"/>"
	"<reg name=\"foseg\" bitsize=\"32\" type=\"int\" group=\"float\"/>"
	"<reg name=\"fooff\" bitsize=\"32\" type=\"int\" group=\"float\"/>"
	"<reg name=\"fop\" bitsize=\"32\" type=\"int\" group=\"float\"/>"
	"</feature>"
	"<feature name=\"org.gnu.gdb.i386.sse\">"
	"<vector id=\"v4f\" type=\"ieee_single\" count=\"4\"/>"
	"<vector id=\"v2d\" type=\"ieee_double\" count=\"2\"/>"
	"<vector id=\"v16i8\" type=\"int8\" count=\"16\"/>"
	"<vector id=\"v8i16\" type=\"int16\" count=\"8\"/>"
	"<vector id=\"v4i32\" type=\"int32\" count=\"4\"/>"
	"<vector id=\"v2i64\" type=\"int64\" count=\"2\"/>"
	"<union id=\"vec128\">"
	"<field name=\"v4_float\" type=\"v4f\"/>"
	"<field name=\"v2_double\" type=\"v2d\"/>"
	"<field name=\"v16_int8\" type=\"v16i8\"/>"
	"<field name=\"v8_int16\" type=\"v8i16\"/>"
	"<field name=\"v4_int32\" type=\"v4i32\"/>"
	"<field name=\"v2_int64\" type=\"v2i64\"/>"
	"<field name=\"uint128\" type=\"uint128\"/>"
	"</union>"
	"<reg name=\"xmm0\" bitsize=\"128\" type=\"vec128\" regnum=\"32\"/>"
	"<reg name=\"xmm1\" bitsize=\"128\" type=\"vec128\"/>"
	"<reg name=\"xmm2\" bitsize=\"128\" type=\"vec128\"/>"
	"<reg name=\"xmm3\" bitsize=\"128\" type=\"vec128\"/>"
	"<reg name=\"xmm4\" bitsize=\"128\" type=\"vec128\"/>"
	"<reg name=\"xmm5\" bitsize=\"128\" type=\"vec128\"/>"
	"<reg name=\"xmm6\" bitsize=\"128\" type=\"vec128\"/>"
	"<reg name=\"xmm7\" bitsize=\"128\" type=\"vec128\"/>"
	"<reg name=\"mxcsr\" bitsize=\"32\" type=\"int\" group=\"vector\"/>"
	"</feature></target>";

const size_t gdb_target_xml_len = sizeof(gdb_target_xml) - 1;

/* gdb's segment register order (cs ss ds es fs gs) in ours */
static const int seg_order[6] = { R_CS, R_SS, R_DS, R_ES, R_FS, R_GS };

/* The x87 tag of physical register @i in the FSAVE encoding (SDM Vol. 1
 * §8.1.7): 0 valid, 1 zero, 2 special, 3 empty. */
static unsigned fpu_tag(const struct x86_cpu *cpu, int i)
{
	const f80 *r = &cpu->fpr[i];
	unsigned exp = r->se & 0x7fff;

	if (cpu->fempty & (1u << i))
		return 3;
	if (!exp && !r->mant)
		return 1;
	if (!exp || exp == 0x7fff || !(r->mant >> 63))
		return 2;
	return 0;
}

static void put32(uint8_t *p, uint32_t v)
{
	for (int i = 0; i < 4; i++)
		p[i] = (uint8_t)(v >> (8 * i));
}

static uint32_t get32(const uint8_t *p)
{
	return p[0] | p[1] << 8 | p[2] << 16 | (uint32_t)p[3] << 24;
}

int gdb_reg_size(int n)
{
	if (n < 0 || n >= GDB_NUM_REGS)
		return 0;
	if (n >= GDB_REG_ST0 && n < GDB_REG_ST0 + 8)
		return 10;
	if (n >= GDB_REG_XMM0 && n < GDB_REG_XMM0 + 8)
		return 16;
	return 4;
}

static uint32_t fpu_word(struct x86_cpu *cpu, int n)
{
	uint32_t v = 0;

	switch (n - GDB_REG_FCTRL) {
	case 0: return cpu->fcw;
	case 1: return (cpu->fsw & ~0x3800u) | (uint32_t)(cpu->ftop & 7) << 11;
	case 2:
		for (int i = 0; i < 8; i++)
			v |= fpu_tag(cpu, i) << (2 * i);
		return v;
	case 3: return cpu->fcs;
	case 4: return cpu->fip;
	case 5: return cpu->fds;
	case 6: return cpu->fdp;
	default: return cpu->fop;
	}
}

int gdb_reg_read(struct x86_cpu *cpu, int n, uint8_t *buf)
{
	if (n < 8) {
		put32(buf, cpu->regs[n]);
	} else if (n == GDB_REG_EIP) {
		put32(buf, cpu->eip);
	} else if (n == GDB_REG_EFLAGS) {
		put32(buf, cpu_get_eflags(cpu));
	} else if (n < GDB_REG_ST0) {
		put32(buf, cpu->seg[seg_order[n - GDB_REG_CS]].sel);
	} else if (n < GDB_REG_FCTRL) {
		const f80 *r = &cpu->fpr[(cpu->ftop + n - GDB_REG_ST0) & 7];

		for (int i = 0; i < 8; i++)
			buf[i] = (uint8_t)(r->mant >> (8 * i));
		buf[8] = (uint8_t)r->se;
		buf[9] = (uint8_t)(r->se >> 8);
	} else if (n < GDB_REG_XMM0) {
		put32(buf, fpu_word(cpu, n));
	} else if (n < GDB_REG_MXCSR) {
		memcpy(buf, cpu->xmm[n - GDB_REG_XMM0].b, 16);
	} else if (n == GDB_REG_MXCSR) {
		put32(buf, cpu->mxcsr);
	} else {
		return 0;
	}
	return gdb_reg_size(n);
}

static void fpu_word_write(struct x86_cpu *cpu, int n, uint32_t v)
{
	switch (n - GDB_REG_FCTRL) {
	case 0: cpu->fcw = (uint16_t)v; break;
	case 1:
		cpu->fsw = (uint16_t)(v & ~0x3800u);
		cpu->ftop = (uint8_t)((v >> 11) & 7);
		break;
	case 2:
		cpu->fempty = 0;
		for (int i = 0; i < 8; i++)
			if (((v >> (2 * i)) & 3) == 3)
				cpu->fempty |= (uint8_t)(1u << i);
		break;
	case 3: cpu->fcs = (uint16_t)v; break;
	case 4: cpu->fip = v; break;
	case 5: cpu->fds = (uint16_t)v; break;
	case 6: cpu->fdp = v; break;
	default: cpu->fop = (uint16_t)(v & 0x7ff); break;
	}
}

int gdb_reg_write(struct x86_cpu *cpu, int n, const uint8_t *buf)
{
	uint32_t v = get32(buf);

	if (n < 8) {
		cpu->regs[n] = v;
	} else if (n == GDB_REG_EIP) {
		cpu->eip = v;
	} else if (n == GDB_REG_EFLAGS) {
		cpu_set_eflags(cpu, v, ~0u);
	} else if (n < GDB_REG_ST0) {
		int s = seg_order[n - GDB_REG_CS];

		/* a selector alone means something only in real and v86
		 * mode; a protected-mode load would need the descriptor
		 * checks (and their faults) of a guest instruction, so
		 * there the write is ignored */
		if (v != cpu->seg[s].sel && s != R_CS &&
		    (!(cpu->cr[0] & CR0_PE) || (cpu->eflags & VM_MASK)))
			seg_load_real(cpu, s, v & 0xffff);
	} else if (n < GDB_REG_FCTRL) {
		f80 *r = &cpu->fpr[(cpu->ftop + n - GDB_REG_ST0) & 7];

		r->mant = 0;
		for (int i = 0; i < 8; i++)
			r->mant |= (uint64_t)buf[i] << (8 * i);
		r->se = (uint16_t)(buf[8] | buf[9] << 8);
	} else if (n < GDB_REG_XMM0) {
		fpu_word_write(cpu, n, v);
	} else if (n < GDB_REG_MXCSR) {
		memcpy(cpu->xmm[n - GDB_REG_XMM0].b, buf, 16);
	} else if (n == GDB_REG_MXCSR) {
		cpu->mxcsr = v;
	} else {
		return 0;
	}
	return gdb_reg_size(n);
}
