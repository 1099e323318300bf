/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * CPU models for -cpu: what CPUID reports and which instruction groups
 * exist.  A model never offers a feature this translator does not
 * implement: its feature words are cut down to cpu_features_implemented
 * (SSE and the rest appear as they are built).
 */
#ifndef RINGVM_TRANSLATOR_CPU_MODEL_H
#define RINGVM_TRANSLATOR_CPU_MODEL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* CPUID feature words (SDM Vol. 2A, CPUID, Tables 3-10 and 3-11) */
enum cpu_feature_word {
	FEAT_1_EDX,		/* leaf 1 EDX */
	FEAT_1_ECX,		/* leaf 1 ECX */
	FEAT_8001_EDX,		/* leaf 0x80000001 EDX */
	FEAT_WORDS,
};

#define CPUID_FPU	(1u << 0)
#define CPUID_VME	(1u << 1)
#define CPUID_DE	(1u << 2)
#define CPUID_PSE	(1u << 3)
#define CPUID_TSC	(1u << 4)
#define CPUID_MSR	(1u << 5)
#define CPUID_PAE	(1u << 6)
#define CPUID_MCE	(1u << 7)
#define CPUID_CX8	(1u << 8)
#define CPUID_APIC	(1u << 9)
#define CPUID_SEP	(1u << 11)
#define CPUID_MTRR	(1u << 12)
#define CPUID_PGE	(1u << 13)
#define CPUID_MCA	(1u << 14)
#define CPUID_CMOV	(1u << 15)
#define CPUID_PAT	(1u << 16)
#define CPUID_PSE36	(1u << 17)
#define CPUID_CLFLUSH	(1u << 19)
#define CPUID_MMX	(1u << 23)
#define CPUID_FXSR	(1u << 24)
#define CPUID_SSE	(1u << 25)
#define CPUID_SSE2	(1u << 26)
#define CPUID_EXT_SSE3	(1u << 0)
#define CPUID_EXT_SSSE3	(1u << 9)
#define CPUID_EXT2_NX	(1u << 20)

struct cpu_model {
	const char *name;
	const char *desc;
	const char *vendor;	/* 12 characters */
	uint8_t family, model, stepping;
	uint32_t max_leaf;
	uint32_t features[FEAT_WORDS];
	const char *brand;	/* leaves 0x80000002-4; NULL: none */
};

/* The configured CPU: the model with -cpu's +feature/-feature applied. */
struct cpu_config {
	const struct cpu_model *model;
	uint32_t features[FEAT_WORDS];
};

/* What this translator implements, per feature word. */
extern const uint32_t cpu_features_implemented[FEAT_WORDS];

/* Parse "-cpu model[,+feat|-feat|feat=on|off...]" into @out.  Returns 0,
 * or -1 with a message naming the problem in @err. */
int cpu_model_parse(const char *spec, struct cpu_config *out, char *err,
		    size_t errlen);
/* The default model (QEMU's for qemu-system-i386: qemu32). */
void cpu_model_default(struct cpu_config *out);
/* -cpu help: the models and the feature names. */
void cpu_model_print_help(void);

#endif
