/* SPDX-License-Identifier: GPL-2.0-only */
/* The gdbstub's register file (gdbstub_regs.c): gdb's i386 numbering. */
#ifndef RINGVM_VMM_GDBSTUB_REGS_H
#define RINGVM_VMM_GDBSTUB_REGS_H

#include <stddef.h>
#include <stdint.h>

#include "translator/cpu.h"

enum {
	GDB_REG_EIP = 8,
	GDB_REG_EFLAGS = 9,
	GDB_REG_CS = 10,	/* cs ss ds es fs gs */
	GDB_REG_ST0 = 16,	/* st0-st7, 80 bits each */
	GDB_REG_FCTRL = 24,	/* fctrl fstat ftag fiseg fioff foseg fooff fop */
	GDB_REG_XMM0 = 32,
	GDB_REG_MXCSR = 40,
	GDB_NUM_REGS = 41,
};

extern const char gdb_target_xml[];
extern const size_t gdb_target_xml_len;

/* Bytes of register @n; 0 for no such register. */
int gdb_reg_size(int n);
/* Register @n into/from @buf, little-endian; return its size or 0. */
int gdb_reg_read(struct x86_cpu *cpu, int n, uint8_t *buf);
int gdb_reg_write(struct x86_cpu *cpu, int n, const uint8_t *buf);

#endif
