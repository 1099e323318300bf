/* SPDX-License-Identifier: GPL-2.0-only */
/* The portable interpreter backend; see interp.c. */
#ifndef RINGVM_TRANSLATOR_INTERP_H
#define RINGVM_TRANSLATOR_INTERP_H

#include <stdint.h>

struct x86_cpu;
struct tb;

extern const struct backend interp_backend;
uintptr_t interp_exec(struct x86_cpu *cpu, struct tb *tb);

#endif
