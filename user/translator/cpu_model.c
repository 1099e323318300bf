// SPDX-License-Identifier: GPL-2.0-only
/*
 * The -cpu models (see cpu_model.h).  Family/model/stepping and feature
 * sets follow the processors they are named after (and QEMU's models of
 * the same names), cut down to what is implemented.
 */
#include "cpu_model.h"

#include <stdio.h>
#include <string.h>

#define F486	(CPUID_FPU | CPUID_PSE)
#define FPENTIUM (F486 | CPUID_DE | CPUID_TSC | CPUID_MSR | CPUID_CX8 | CPUID_MMX)
#define FPENTIUM2 (FPENTIUM | CPUID_PAE | CPUID_SEP | CPUID_MTRR | CPUID_PGE | \
		   CPUID_CMOV | CPUID_PAT | CPUID_PSE36 | CPUID_FXSR)
#define FPENTIUM3 (FPENTIUM2 | CPUID_SSE)
#define FQEMU32 (FPENTIUM2 | CPUID_SSE | CPUID_SSE2)

/* Every bit this translator implements; a model offers no more.  VME,
 * MCE/MCA and the local APIC are not built yet. */
const uint32_t cpu_features_implemented[FEAT_WORDS] = {
	[FEAT_1_EDX] = CPUID_FPU | CPUID_DE | CPUID_PSE | CPUID_TSC |
		       CPUID_MSR | CPUID_PAE | CPUID_CX8 | CPUID_SEP |
		       CPUID_MTRR | CPUID_PGE | CPUID_CMOV | CPUID_PAT |
		       CPUID_PSE36 | CPUID_MMX | CPUID_FXSR | CPUID_CLFLUSH |
		       CPUID_SSE | CPUID_SSE2,
	[FEAT_1_ECX] = CPUID_EXT_SSE3 | CPUID_EXT_SSSE3,
	[FEAT_8001_EDX] = CPUID_EXT2_NX,
};

static const struct cpu_model models[] = {
	{ "486", "Intel 80486 DX4", "GenuineIntel", 4, 8, 0, 1,
	  { F486, 0, 0 }, NULL },
	{ "pentium", "Intel Pentium with MMX", "GenuineIntel", 5, 4, 3, 1,
	  { FPENTIUM, 0, 0 }, NULL },
	{ "pentium2", "Intel Pentium II", "GenuineIntel", 6, 5, 2, 2,
	  { FPENTIUM2, 0, 0 }, NULL },
	{ "pentium3", "Intel Pentium III", "GenuineIntel", 6, 7, 3, 3,
	  { FPENTIUM3, 0, 0 }, NULL },
	{ "qemu32", "QEMU Virtual CPU version 2.5+ (default)", "GenuineIntel",
	  6, 6, 3, 4, { FQEMU32, CPUID_EXT_SSE3, 0 },
	  "QEMU Virtual CPU version 2.5+" },
	{ "max", "everything ringvm implements", "GenuineIntel", 6, 15, 11, 4,
	  { ~0u, ~0u, ~0u }, "ringvm virtual CPU" },
};

static const struct {
	const char *name;
	enum cpu_feature_word word;
	uint32_t bit;
} feature_names[] = {
	{ "fpu", FEAT_1_EDX, CPUID_FPU }, { "vme", FEAT_1_EDX, CPUID_VME },
	{ "de", FEAT_1_EDX, CPUID_DE }, { "pse", FEAT_1_EDX, CPUID_PSE },
	{ "tsc", FEAT_1_EDX, CPUID_TSC }, { "msr", FEAT_1_EDX, CPUID_MSR },
	{ "pae", FEAT_1_EDX, CPUID_PAE }, { "mce", FEAT_1_EDX, CPUID_MCE },
	{ "cx8", FEAT_1_EDX, CPUID_CX8 }, { "apic", FEAT_1_EDX, CPUID_APIC },
	{ "sep", FEAT_1_EDX, CPUID_SEP }, { "mtrr", FEAT_1_EDX, CPUID_MTRR },
	{ "pge", FEAT_1_EDX, CPUID_PGE }, { "mca", FEAT_1_EDX, CPUID_MCA },
	{ "cmov", FEAT_1_EDX, CPUID_CMOV }, { "pat", FEAT_1_EDX, CPUID_PAT },
	{ "pse36", FEAT_1_EDX, CPUID_PSE36 },
	{ "clflush", FEAT_1_EDX, CPUID_CLFLUSH },
	{ "mmx", FEAT_1_EDX, CPUID_MMX }, { "fxsr", FEAT_1_EDX, CPUID_FXSR },
	{ "sse", FEAT_1_EDX, CPUID_SSE }, { "sse2", FEAT_1_EDX, CPUID_SSE2 },
	{ "pni", FEAT_1_ECX, CPUID_EXT_SSE3 }, { "sse3", FEAT_1_ECX, CPUID_EXT_SSE3 },
	{ "ssse3", FEAT_1_ECX, CPUID_EXT_SSSE3 },
	{ "nx", FEAT_8001_EDX, CPUID_EXT2_NX }, { "xd", FEAT_8001_EDX, CPUID_EXT2_NX },
};

#define N(a) (sizeof(a) / sizeof((a)[0]))

static void apply_model(const struct cpu_model *m, struct cpu_config *out)
{
	out->model = m;
	for (int w = 0; w < FEAT_WORDS; w++)
		out->features[w] = m->features[w] & cpu_features_implemented[w];
}

void cpu_model_default(struct cpu_config *out)
{
	for (size_t i = 0; i < N(models); i++)
		if (!strcmp(models[i].name, "qemu32"))
			apply_model(&models[i], out);
}

/* One +feat, -feat, feat=on or feat=off item. */
static int apply_feature(const char *spec, const char *item, size_t len,
			 struct cpu_config *out, char *err, size_t errlen)
{
	char name[32];
	bool on;
	const char *eq = memchr(item, '=', len);
	size_t nlen;

	if (item[0] == '+' || item[0] == '-') {
		on = item[0] == '+';
		item++;
		len--;
		nlen = len;
	} else if (eq) {
		size_t vlen = len - (size_t)(eq - item) - 1;

		nlen = (size_t)(eq - item);
		if (vlen == 2 && !strncmp(eq + 1, "on", 2))
			on = true;
		else if (vlen == 3 && !strncmp(eq + 1, "off", 3))
			on = false;
		else {
			snprintf(err, errlen, "-cpu %s: '%.*s': use on or off",
				 spec, (int)len, item);
			return -1;
		}
	} else {
		snprintf(err, errlen, "-cpu %s: '%.*s': expected +feature, "
			 "-feature or feature=on|off", spec, (int)len, item);
		return -1;
	}
	if (nlen == 0 || nlen >= sizeof(name)) {
		snprintf(err, errlen, "-cpu %s: empty or too long feature name", spec);
		return -1;
	}
	memcpy(name, item, nlen);
	name[nlen] = 0;
	for (size_t i = 0; i < N(feature_names); i++) {
		if (strcmp(feature_names[i].name, name))
			continue;
		if (!on) {
			out->features[feature_names[i].word] &= ~feature_names[i].bit;
			return 0;
		}
		if (!(cpu_features_implemented[feature_names[i].word] &
		      feature_names[i].bit)) {
			snprintf(err, errlen, "-cpu %s: feature '%s' is not "
				 "implemented by ringvm", spec, name);
			return -1;
		}
		out->features[feature_names[i].word] |= feature_names[i].bit;
		return 0;
	}
	snprintf(err, errlen, "-cpu %s: unknown feature '%s' (-cpu help lists them)",
		 spec, name);
	return -1;
}

int cpu_model_parse(const char *spec, struct cpu_config *out, char *err,
		    size_t errlen)
{
	size_t len = strcspn(spec, ",");
	const struct cpu_model *m = NULL;
	const char *p;

	for (size_t i = 0; i < N(models); i++)
		if (strlen(models[i].name) == len &&
		    !strncmp(models[i].name, spec, len))
			m = &models[i];
	if (!m) {
		snprintf(err, errlen, "-cpu %s: unknown CPU model '%.*s' "
			 "(-cpu help lists them)", spec, (int)len, spec);
		return -1;
	}
	apply_model(m, out);
	for (p = spec + len; *p == ','; p += len) {
		p++;
		len = strcspn(p, ",");
		if (apply_feature(spec, p, len, out, err, errlen))
			return -1;
	}
	return 0;
}

void cpu_model_print_help(void)
{
	printf("Available CPUs:\n");
	for (size_t i = 0; i < N(models); i++)
		printf("  %-10s %s\n", models[i].name, models[i].desc);
	printf("\nRecognized CPUID flags (+flag, -flag, flag=on|off):\n ");
	for (size_t i = 0; i < N(feature_names); i++) {
		bool impl = cpu_features_implemented[feature_names[i].word] &
			    feature_names[i].bit;

		printf(" %s%s", feature_names[i].name, impl ? "" : "(n/a)");
	}
	printf("\n  (n/a: not implemented by ringvm; can only be removed)\n");
}
