/* SPDX-License-Identifier: GPL-2.0-only */
/* The helper table; see helpers.def. */
#ifndef RINGVM_TRANSLATOR_HELPERS_H
#define RINGVM_TRANSLATOR_HELPERS_H

#include <stdint.h>

enum helper_id {
#define H(name) HELPER_##name,
#include "helpers.def"
#undef H
	HELPER_COUNT
};

#define H(name) uint64_t helper_##name(void *env, uint64_t a, uint64_t b, uint64_t c);
#include "helpers.def"
#undef H

#define HELPER_ARGS void *env, uint64_t a, uint64_t b, uint64_t c
#define HELPER_CPU struct x86_cpu *cpu = env; (void)cpu; (void)a; (void)b; (void)c

void helpers_register(void);

struct x86_cpu;
/* Raise #GP(0) unless the port range may be accessed (helpers_sys.c). */
int helper_check_io_perm(struct x86_cpu *cpu, uint32_t port, unsigned size);
/* Take a pending SMI: save state, enter SMM (smm.c; the exec loop). */
void cpu_enter_smm(struct x86_cpu *cpu);

#endif
