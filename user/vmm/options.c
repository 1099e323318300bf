// SPDX-License-Identifier: GPL-2.0-only
/*
 * Command-line parsing: one table row per option, each with the handler
 * that validates its value.  The table doubles as the -help text, so help
 * can never list an option the parser does not know, or miss one it does.
 *
 * As in QEMU, options start with one or two dashes ("-m" or "--m"), and an
 * option's argument is always the next argv element.
 */
#include "options.h"

#include <errno.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>

#include "core/lib/log.h"
#include "core/lib/parse.h"

enum option_kind {
	OPT_STRING,	/* stores the argument in a const char * field */
	OPT_FLAG,	/* takes no argument; sets a bool field */
	OPT_CUSTOM,	/* a handler validates and stores the argument */
};

struct option_def {
	const char *name;
	const char *arg;	/* NULL for a flag; else the argument's name */
	const char *help;
	enum option_kind kind;
	size_t field;		/* OPT_STRING, OPT_FLAG: offset in vm_config */
	int (*handle)(struct vm_config *cfg, const char *val,
		      char *err, size_t errlen);
};

#define OPT_STR(name, arg, help, member) \
	{ name, arg, help, OPT_STRING, offsetof(struct vm_config, member), NULL }
#define OPT_BOOL(name, help, member) \
	{ name, NULL, help, OPT_FLAG, offsetof(struct vm_config, member), NULL }
#define OPT_FN(name, arg, help, fn) { name, arg, help, OPT_CUSTOM, 0, fn }

#define FAIL(...) do { snprintf(err, errlen, __VA_ARGS__); return -1; } while (0)

static int opt_m(struct vm_config *cfg, const char *val, char *err,
		 size_t errlen)
{
	uint64_t bytes;
	const char *size = val;
	char *dup = NULL;

	/* QEMU also accepts "-m size=256M[,slots=..,maxmem=..]". */
	if (!strncmp(val, "size=", 5)) {
		dup = strdup(val + 5);
		if (!dup)
			FAIL("-m %s: out of memory", val);
		dup[strcspn(dup, ",")] = 0;
		size = dup;
	}
	if (parse_size(size, 'M', &bytes)) {
		free(dup);
		FAIL("-m %s: invalid RAM size", val);
	}
	free(dup);
	if (bytes < (1u << 20))
		FAIL("-m %s: RAM size must be at least 1 MiB", val);
	/* An i386 PC without PAE addressing reaches 4 GiB; above the PCI hole
	 * RAM goes at 4 GiB and needs PAE, which the guest may use. */
	if (bytes > (64ULL << 30))
		FAIL("-m %s: RAM size above the 64 GiB an i386 guest can address", val);
	cfg->ram_bytes = bytes & ~0xfffULL;
	return 0;
}

static int opt_accel(struct vm_config *cfg, const char *val, char *err,
		     size_t errlen)
{
	struct kv_list kv;
	char kverr[128];
	const char *name;
	int i;

	if (kv_parse(val, "accel", &kv, kverr, sizeof(kverr)))
		FAIL("-accel %s: %s", val, kverr);
	name = kv_get(&kv, "accel");
	if (!name || strcmp(name, "tcg")) {
		snprintf(err, errlen,
			 "-accel %s: unknown accelerator '%s' (available: tcg)",
			 val, name ? name : "");
		kv_free(&kv);
		return -1;
	}
	for (i = 0; i < kv.n; i++) {
		const char *k = kv.items[i].key, *v = kv.items[i].val;

		if (!strcmp(k, "accel"))
			continue;
		if (!strcmp(k, "backend") &&
		    (!strcmp(v, "interp") || !strcmp(v, "x64")))
			continue;
		snprintf(err, errlen, "-accel %s: invalid parameter '%s=%s'",
			 val, k, v);
		kv_free(&kv);
		return -1;
	}
	kv_free(&kv);
	cfg->accel = val;
	return 0;
}

static int opt_d(struct vm_config *cfg, const char *val, char *err,
		 size_t errlen)
{
	char bad[64];

	if (!strcmp(val, "help")) {
		cfg->show_log_help = true;
		return 0;
	}
	if (log_parse_items(val, &cfg->log_mask, bad, sizeof(bad)))
		FAIL("-d %s: unknown log item '%s' (see -d help)", val, bad);
	return 0;
}

static int opt_serial(struct vm_config *cfg, const char *val, char *err,
		      size_t errlen)
{
	if (cfg->n_serial >= VM_MAX_SERIAL)
		FAIL("-serial %s: at most %d serial ports", val, VM_MAX_SERIAL);
	cfg->serial[cfg->n_serial++] = val;
	return 0;
}

static int opt_device(struct vm_config *cfg, const char *val, char *err,
		      size_t errlen)
{
	if (cfg->devices.n >= VM_MAX_LIST)
		FAIL("-device %s: too many -device options", val);
	cfg->devices.v[cfg->devices.n++] = val;
	return 0;
}

static int opt_global(struct vm_config *cfg, const char *val, char *err,
		      size_t errlen)
{
	const char *dot = strchr(val, '.'), *eq = strchr(val, '=');

	if (!dot || !eq || dot > eq || dot == val || eq == dot + 1)
		FAIL("-global %s: expected driver.property=value", val);
	if (cfg->globals.n >= VM_MAX_LIST)
		FAIL("-global %s: too many -global options", val);
	cfg->globals.v[cfg->globals.n++] = val;
	return 0;
}

static int opt_display(struct vm_config *cfg, const char *val, char *err,
		       size_t errlen)
{
	if (strcmp(val, "none"))
		FAIL("-display %s: unknown display type (available: none)", val);
	cfg->display_none = true;
	return 0;
}

static const struct option_def option_defs[] = {
	OPT_BOOL("h", "display this help and exit", show_help),
	OPT_BOOL("help", "display this help and exit", show_help),
	OPT_BOOL("version", "display version information and exit", show_version),
	OPT_FN("m", "[size=]megs[K|M|G]", "guest RAM size (default 128 MiB)", opt_m),
	OPT_STR("kernel", "file", "boot this kernel (multiboot ELF)", kernel),
	OPT_STR("initrd", "file", "initial ram disk for -kernel", initrd),
	OPT_STR("append", "cmdline", "kernel command line for -kernel", append),
	OPT_STR("bios", "file", "firmware image", bios),
	OPT_STR("L", "path", "directory for the BIOS and option ROMs", datadir),
	OPT_FN("accel", "tcg[,backend=interp|x64]", "execution engine", opt_accel),
	OPT_FN("serial", "dev", "redirect the next serial port to char device dev", opt_serial),
	OPT_FN("device", "driver[,prop=value...]", "add a device", opt_device),
	OPT_FN("global", "driver.prop=value", "set a default property of a device", opt_global),
	OPT_STR("debugcon", "dev", "debug console (port 0xe9) to char device dev", debugcon),
	OPT_FN("display", "none", "display backend", opt_display),
	OPT_BOOL("nographic", "no display; serial port on stdio", nographic),
	OPT_BOOL("no-reboot", "exit instead of rebooting", no_reboot),
	OPT_BOOL("no-shutdown", "stop instead of exiting on guest shutdown", no_shutdown),
	OPT_FN("d", "item1,...", "enable logging of the items (-d help lists them)", opt_d),
	OPT_STR("D", "logfile", "write the -d log to logfile instead of stderr", log_file),
};

#define N_OPTIONS (sizeof(option_defs) / sizeof(option_defs[0]))

void options_defaults(struct vm_config *cfg)
{
	memset(cfg, 0, sizeof(*cfg));
	cfg->ram_bytes = 128ULL << 20;
}

static const struct option_def *options_find(const char *name)
{
	size_t i;

	for (i = 0; i < N_OPTIONS; i++)
		if (!strcmp(option_defs[i].name, name))
			return &option_defs[i];
	return NULL;
}

int options_parse(struct vm_config *cfg, int argc, char **argv,
		  char *err, size_t errlen)
{
	int i;

	for (i = 1; i < argc; i++) {
		const char *name = argv[i];
		const struct option_def *def;
		const char *val = NULL;

		if (name[0] != '-' || !name[1]) {
			/* QEMU treats a bare argument as the first hard disk;
			 * there are no disks yet, so say so. */
			FAIL("%s: disk images are not supported yet", name);
		}
		name++;
		if (name[0] == '-')
			name++;
		def = options_find(name);
		if (!def)
			FAIL("%s: invalid option", argv[i]);
		if (def->arg) {
			if (i + 1 >= argc)
				FAIL("%s: requires an argument", argv[i]);
			val = argv[++i];
		}
		switch (def->kind) {
		case OPT_STRING:
			*(const char **)((char *)cfg + def->field) = val;
			break;
		case OPT_FLAG:
			*(bool *)((char *)cfg + def->field) = true;
			break;
		case OPT_CUSTOM:
			if (def->handle(cfg, val, err, errlen))
				return -1;
			break;
		}
	}
	return 0;
}

void options_print_help(FILE *f)
{
	size_t i;

	fprintf(f, "usage: ringvm [options]\n\n");
	for (i = 0; i < N_OPTIONS; i++) {
		char lhs[64];

		snprintf(lhs, sizeof(lhs), "-%s%s%s", option_defs[i].name,
			 option_defs[i].arg ? " " : "",
			 option_defs[i].arg ? option_defs[i].arg : "");
		fprintf(f, "%-34s %s\n", lhs, option_defs[i].help);
	}
}
