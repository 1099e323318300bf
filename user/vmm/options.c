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
#include <time.h>

#include "block/secret.h"
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

/* Strings the parser copies (values cut out of key=value lists) live as
 * long as the configuration; options_free() releases them. */
static char *owned[4 * VM_MAX_LIST + 8];
static int n_owned;

static char *opt_strdup(const char *v)
{
	char *c;

	if (n_owned == (int)(sizeof(owned) / sizeof(owned[0])))
		return NULL;
	c = strdup(v);
	if (c)
		owned[n_owned++] = c;
	return c;
}

void options_free(struct vm_config *cfg)
{
	while (n_owned)
		free(owned[--n_owned]);
	(void)cfg;
}

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

/* -hda..-hdd and -cdrom: a fixed IDE index (QEMU: hda-hdd 0-3, cdrom 2) */
static int add_drive(struct vm_config *cfg, const char *opt, const char *file,
		     int index, enum vm_drive_media media, char *err,
		     size_t errlen)
{
	struct vm_drive *d;

	if (cfg->n_drives >= VM_MAX_DRIVES)
		FAIL("%s %s: at most %d drives", opt, file, VM_MAX_DRIVES);
	for (int i = 0; i < cfg->n_drives; i++)
		if (index >= 0 && cfg->drives[i].index == index)
			FAIL("%s %s: drive index %d is already in use", opt,
			     file, index);
	d = &cfg->drives[cfg->n_drives++];
	memset(d, 0, sizeof(*d));
	d->file = file;
	d->index = index;
	d->media = media;
	return 0;
}

static int opt_hda(struct vm_config *cfg, const char *val, char *err,
		   size_t errlen)
{
	return add_drive(cfg, "-hda", val, 0, DRIVE_MEDIA_DISK, err, errlen);
}

static int opt_hdb(struct vm_config *cfg, const char *val, char *err,
		   size_t errlen)
{
	return add_drive(cfg, "-hdb", val, 1, DRIVE_MEDIA_DISK, err, errlen);
}

static int opt_hdc(struct vm_config *cfg, const char *val, char *err,
		   size_t errlen)
{
	return add_drive(cfg, "-hdc", val, 2, DRIVE_MEDIA_DISK, err, errlen);
}

static int opt_hdd(struct vm_config *cfg, const char *val, char *err,
		   size_t errlen)
{
	return add_drive(cfg, "-hdd", val, 3, DRIVE_MEDIA_DISK, err, errlen);
}

static int opt_cdrom(struct vm_config *cfg, const char *val, char *err,
		     size_t errlen)
{
	return add_drive(cfg, "-cdrom", val, 2, DRIVE_MEDIA_CDROM, err, errlen);
}

/* -fda/-fdb and -drive if=floppy: drive A or B (QEMU's index 0/1) */
static int add_floppy(struct vm_config *cfg, const char *opt,
		      const struct vm_drive *d, char *err, size_t errlen)
{
	int unit = d->index;

	if (unit < 0)
		unit = cfg->has_floppy[0] ? 1 : 0;
	if (cfg->has_floppy[unit])
		FAIL("%s: floppy drive %c is already in use", opt, 'A' + unit);
	cfg->floppy[unit] = *d;
	cfg->floppy[unit].index = unit;
	cfg->has_floppy[unit] = true;
	return 0;
}

static int opt_fda(struct vm_config *cfg, const char *val, char *err,
		   size_t errlen)
{
	struct vm_drive d = { .file = val, .index = 0 };

	return add_floppy(cfg, "-fda", &d, err, errlen);
}

static int opt_fdb(struct vm_config *cfg, const char *val, char *err,
		   size_t errlen)
{
	struct vm_drive d = { .file = val, .index = 1 };

	return add_floppy(cfg, "-fdb", &d, err, errlen);
}

static int drive_bool(const char *opt, const char *k, const char *v,
		      bool *out, char *err, size_t errlen)
{
	if (!strcmp(v, "on") || !strcmp(v, "true") || !strcmp(v, "yes"))
		*out = true;
	else if (!strcmp(v, "off") || !strcmp(v, "false") || !strcmp(v, "no"))
		*out = false;
	else
		FAIL("-drive %s: %s=%s: expected on or off", opt, k, v);
	return 0;
}

/* -object secret,id=ID,data=TEXT|file=PATH: keys for encrypted images */
static int opt_object(struct vm_config *cfg, const char *val, char *err,
		      size_t errlen)
{
	char e[192];

	if (secret_add(val, e, sizeof(e)))
		FAIL("-object %s: %s", val, e);
	return 0;
}

/* -drive file=,format=,if=ide,index=,media=disk|cdrom,snapshot=,cache=,
 * readonly= (QEMU's qemu-options.hx) */
static int opt_drive(struct vm_config *cfg, const char *val, char *err,
		     size_t errlen)
{
	static const char *const caches[] = {
		"writeback", "none", "writethrough", "unsafe", "directsync",
	};
	struct vm_drive d = { .index = -1 };
	bool floppy = false;
	struct kv_list kv;
	char kverr[128];
	int ret = -1;

	if (kv_parse(val, "file", &kv, kverr, sizeof(kverr)))
		FAIL("-drive %s: %s", val, kverr);
	for (int i = 0; i < kv.n; i++) {
		const char *k = kv.items[i].key, *v = kv.items[i].val;

		if (!strcmp(k, "file")) {
			d.file = v;
		} else if (!strcmp(k, "format")) {
			d.format = v;
		} else if (!strcmp(k, "if")) {
			floppy = !strcmp(v, "floppy");
			if (strcmp(v, "ide") && !floppy) {
				snprintf(err, errlen, "-drive %s: if=%s is not "
					 "supported (available: ide, floppy)",
					 val, v);
				goto out;
			}
		} else if (!strcmp(k, "index")) {
			char *end;
			long n = strtol(v, &end, 10);

			if (!*v || *end || n < 0 || n > 3) {
				snprintf(err, errlen, "-drive %s: index=%s: "
					 "expected 0 to 3 for if=ide", val, v);
				goto out;
			}
			d.index = (int)n;
		} else if (!strcmp(k, "media")) {
			if (!strcmp(v, "disk")) {
				d.media = DRIVE_MEDIA_DISK;
			} else if (!strcmp(v, "cdrom")) {
				d.media = DRIVE_MEDIA_CDROM;
			} else {
				snprintf(err, errlen, "-drive %s: media=%s: "
					 "expected disk or cdrom", val, v);
				goto out;
			}
		} else if (!strcmp(k, "snapshot")) {
			if (drive_bool(val, k, v, &d.snapshot, err, errlen))
				goto out;
		} else if (!strcmp(k, "readonly")) {
			if (drive_bool(val, k, v, &d.read_only, err, errlen))
				goto out;
		} else if (!strcmp(k, "encrypt.key-secret")) {
			/* looked up when the drive opens: -object may come later */
			d.key_secret = opt_strdup(v);
			if (!d.key_secret) {
				snprintf(err, errlen, "-drive %s: out of memory", val);
				goto out;
			}
		} else if (!strcmp(k, "cache")) {
			size_t c;

			for (c = 0; c < sizeof(caches) / sizeof(caches[0]); c++)
				if (!strcmp(v, caches[c]))
					break;
			if (c == sizeof(caches) / sizeof(caches[0])) {
				snprintf(err, errlen, "-drive %s: cache=%s: "
					 "unknown cache mode", val, v);
				goto out;
			}
			d.cache = (int)c;
		} else {
			snprintf(err, errlen, "-drive %s: unknown parameter '%s'",
				 val, k);
			goto out;
		}
	}
	if (floppy && (d.index > 1 || d.media != DRIVE_MEDIA_DISK)) {
		snprintf(err, errlen, "-drive %s: if=floppy takes index=0 or 1 "
			 "and media=disk", val);
		goto out;
	}
	if (!d.file && d.media == DRIVE_MEDIA_DISK && !floppy) {
		snprintf(err, errlen, "-drive %s: a disk needs file=", val);
		goto out;
	}
	if (!floppy &&
	    add_drive(cfg, "-drive", val, d.index, d.media, err, errlen))
		goto out;
	/* the strings point into argv: keep format as a copy of the value */
	if (d.format) {
		d.format = opt_strdup(d.format);
		if (!d.format) {
			snprintf(err, errlen, "-drive %s: out of memory", val);
			goto out;
		}
	}
	if (d.file) {
		d.file = opt_strdup(d.file);
		if (!d.file) {
			snprintf(err, errlen, "-drive %s: out of memory", val);
			goto out;
		}
	}
	if (!floppy)
		cfg->drives[cfg->n_drives - 1] = d;
	else if (add_floppy(cfg, "-drive", &d, err, errlen))
		goto out;
	ret = 0;
out:
	kv_free(&kv);
	return ret;
}

static int opt_display(struct vm_config *cfg, const char *val, char *err,
		       size_t errlen)
{
	if (strcmp(val, "none"))
		FAIL("-display %s: unknown display type (available: none)", val);
	cfg->display_none = true;
	return 0;
}

static int machine_option(const char *opt, struct vm_config *cfg,
			  const char *val, char *err, size_t errlen)
{
	struct kv_list kv;
	char kverr[128];
	const char *type;
	int ret = 0;

	if (kv_parse(val, "type", &kv, kverr, sizeof(kverr)))
		FAIL("%s %s: %s", opt, val, kverr);
	type = kv_get(&kv, "type");
	if (type && !strcmp(type, "help")) {
		printf("Supported machines are:\n"
		       "pc                   Standard PC (i440FX + PIIX, 1996) (default)\n"
		       "isapc                ISA-only PC\n");
		exit(0);
	}
	if (!type || !strcmp(type, "pc") || !strncmp(type, "pc-i440fx", 9))
		cfg->machine = MACHINE_PC;
	else if (!strcmp(type, "isapc"))
		cfg->machine = MACHINE_ISAPC;
	else {
		snprintf(err, errlen, "%s %s: unsupported machine type '%s' "
			 "(use -machine help to list them)", opt, val, type);
		ret = -1;
	}
	for (int i = 0; !ret && i < kv.n; i++) {
		const char *k = kv.items[i].key;

		if (strcmp(k, "type") && strcmp(k, "accel")) {
			snprintf(err, errlen, "%s %s: unknown property '%s'",
				 opt, val, k);
			ret = -1;
		} else if (!strcmp(k, "accel") && strcmp(kv.items[i].val, "tcg")) {
			snprintf(err, errlen, "%s %s: unknown accelerator "
				 "'%s' (available: tcg)", opt, val, kv.items[i].val);
			ret = -1;
		}
	}
	kv_free(&kv);
	return ret;
}

static int opt_machine(struct vm_config *cfg, const char *val, char *err,
		       size_t errlen)
{
	return machine_option("-machine", cfg, val, err, errlen);
}

static int opt_M(struct vm_config *cfg, const char *val, char *err,
		 size_t errlen)
{
	return machine_option("-M", cfg, val, err, errlen);
}

static int opt_cpu(struct vm_config *cfg, const char *val, char *err,
		   size_t errlen)
{
	if (!strcmp(val, "help") || !strcmp(val, "?")) {
		cpu_model_print_help();
		exit(0);
	}
	return cpu_model_parse(val, &cfg->cpu, err, errlen);
}

/* Drive letters of a boot order: a, b floppy, c disk, d CD-ROM, n-p
 * network (QEMU's -boot). */
static int boot_letters(const char *opt, const char *letters, char *dst,
			size_t dstlen, char *err, size_t errlen)
{
	size_t n = strlen(letters);

	if (n == 0 || n >= dstlen)
		FAIL("-boot %s: invalid boot device list", opt);
	for (size_t i = 0; i < n; i++) {
		if (letters[i] < 'a' || letters[i] > 'p')
			FAIL("-boot %s: invalid boot device '%c'", opt, letters[i]);
		if (memchr(letters, letters[i], i))
			FAIL("-boot %s: boot device '%c' given twice", opt, letters[i]);
	}
	memcpy(dst, letters, n + 1);
	return 0;
}

static int opt_boot(struct vm_config *cfg, const char *val, char *err,
		    size_t errlen)
{
	struct kv_list kv;
	char kverr[128];
	int ret = 0;

	/* the legacy form: just the letters, "-boot dc" */
	if (!strchr(val, '='))
		return boot_letters(val, val, cfg->boot_order,
				    sizeof(cfg->boot_order), err, errlen);
	if (kv_parse(val, NULL, &kv, kverr, sizeof(kverr)))
		FAIL("-boot %s: %s", val, kverr);
	for (int i = 0; !ret && i < kv.n; i++) {
		const char *k = kv.items[i].key, *v = kv.items[i].val;
		bool on;

		if (!strcmp(k, "order"))
			ret = boot_letters(val, v, cfg->boot_order,
					   sizeof(cfg->boot_order), err, errlen);
		else if (!strcmp(k, "once"))
			ret = boot_letters(val, v, cfg->boot_once,
					   sizeof(cfg->boot_once), err, errlen);
		else if (!strcmp(k, "menu") || !strcmp(k, "strict")) {
			if (parse_bool(v, &on)) {
				snprintf(err, errlen, "-boot %s: %s must be on or off",
					 val, k);
				ret = -1;
			} else if (!strcmp(k, "menu")) {
				cfg->boot_menu = on;
			} else {
				cfg->boot_strict = on;
			}
		} else if (strcmp(k, "splash") && strcmp(k, "splash-time") &&
			   strcmp(k, "reboot-timeout")) {
			snprintf(err, errlen, "-boot %s: unknown parameter '%s'", val, k);
			ret = -1;
		}
	}
	kv_free(&kv);
	return ret;
}

/* -name [guest=]NAME[,process=PNAME][,debug-threads=on|off] */
static int opt_name(struct vm_config *cfg, const char *val, char *err,
		    size_t errlen)
{
	struct kv_list kv;
	char kverr[128];
	const char *v;

	if (kv_parse(val, "guest", &kv, kverr, sizeof(kverr)))
		FAIL("-name %s: %s", val, kverr);
	for (int i = 0; i < kv.n; i++) {
		const char *k = kv.items[i].key;

		if (strcmp(k, "guest") && strcmp(k, "process") &&
		    strcmp(k, "debug-threads")) {
			snprintf(err, errlen, "-name %s: unknown parameter '%s'", val, k);
			kv_free(&kv);
			return -1;
		}
	}
	v = kv_get(&kv, "guest");
	cfg->name = v ? opt_strdup(v) : NULL;
	v = kv_get(&kv, "process");
	if (v) {
		cfg->name_process = true;
		cfg->process_name = opt_strdup(v);
	}
	kv_free(&kv);
	return 0;
}

/* -rtc base=utc|localtime|YYYY-MM-DD[THH:MM:SS],clock=host|rt|vm,
 * driftfix=none|slew */
static int opt_rtc(struct vm_config *cfg, const char *val, char *err,
		   size_t errlen)
{
	struct kv_list kv;
	char kverr[128];
	int ret = 0;

	if (kv_parse(val, NULL, &kv, kverr, sizeof(kverr)))
		FAIL("-rtc %s: %s", val, kverr);
	for (int i = 0; !ret && i < kv.n; i++) {
		const char *k = kv.items[i].key, *v = kv.items[i].val;

		if (!strcmp(k, "base")) {
			struct tm tm = { 0 };
			const char *end;

			if (!strcmp(v, "utc")) {
				cfg->rtc_base = RTC_BASE_UTC;
				continue;
			}
			if (!strcmp(v, "localtime")) {
				cfg->rtc_base = RTC_BASE_LOCALTIME;
				continue;
			}
			end = strptime(v, "%Y-%m-%dT%H:%M:%S", &tm);
			if (!end || *end) {
				memset(&tm, 0, sizeof(tm));
				end = strptime(v, "%Y-%m-%d", &tm);
			}
			if (!end || *end) {
				snprintf(err, errlen, "-rtc %s: invalid base '%s' "
					 "(utc, localtime or YYYY-MM-DDTHH:MM:SS)", val, v);
				ret = -1;
				continue;
			}
			cfg->rtc_base = RTC_BASE_DATE;
			cfg->rtc_start = (int64_t)timegm(&tm);
		} else if (!strcmp(k, "clock")) {
			if (strcmp(v, "host") && strcmp(v, "rt") && strcmp(v, "vm")) {
				snprintf(err, errlen, "-rtc %s: invalid clock '%s' "
					 "(host, rt or vm)", val, v);
				ret = -1;
			}
			cfg->rtc_clock_vm = !strcmp(v, "vm");
		} else if (!strcmp(k, "driftfix")) {
			if (strcmp(v, "none") && strcmp(v, "slew")) {
				snprintf(err, errlen, "-rtc %s: invalid driftfix '%s'",
					 val, v);
				ret = -1;
			}
		} else {
			snprintf(err, errlen, "-rtc %s: unknown parameter '%s'", val, k);
			ret = -1;
		}
	}
	kv_free(&kv);
	return ret;
}

static int opt_vga(struct vm_config *cfg, const char *val, char *err,
		   size_t errlen)
{
	if (!strcmp(val, "std"))
		cfg->vga = VGA_STD;
	else if (!strcmp(val, "none"))
		cfg->vga = VGA_NONE;
	else
		FAIL("-vga %s: unknown VGA type (available: std, none)", val);
	return 0;
}

static const struct option_def option_defs[] = {
	OPT_BOOL("h", "display this help and exit", show_help),
	OPT_BOOL("help", "display this help and exit", show_help),
	OPT_BOOL("version", "display version information and exit", show_version),
	OPT_FN("machine", "type[,accel=tcg]", "machine: pc (default) or isapc; help lists", opt_machine),
	OPT_FN("M", "type", "same as -machine", opt_M),
	OPT_FN("cpu", "model[,+feature|-feature...]", "CPU model (default qemu32; help lists them)", opt_cpu),
	OPT_FN("m", "[size=]megs[K|M|G]", "guest RAM size (default 128 MiB)", opt_m),
	OPT_FN("boot", "[order=drives][,once=drives][,menu=on|off]",
	       "boot order: a floppy, c disk, d CD-ROM, n network", opt_boot),
	OPT_FN("hda", "file", "IDE hard disk 0 image", opt_hda),
	OPT_FN("hdb", "file", "IDE hard disk 1 image", opt_hdb),
	OPT_FN("hdc", "file", "IDE hard disk 2 image", opt_hdc),
	OPT_FN("hdd", "file", "IDE hard disk 3 image", opt_hdd),
	OPT_FN("cdrom", "file", "CD-ROM image (IDE index 2)", opt_cdrom),
	OPT_FN("fda", "file", "floppy disk A image", opt_fda),
	OPT_FN("fdb", "file", "floppy disk B image", opt_fdb),
	OPT_FN("drive", "file=f[,format=f][,if=ide|floppy][,index=i][,media=disk|cdrom][,snapshot=on|off][,cache=c][,readonly=on|off][,encrypt.key-secret=id]",
	       "add a drive", opt_drive),
	OPT_FN("object", "secret,id=id,data=password|file=path",
	       "a secret: the key of an encrypted (legacy AES) qcow2 image", opt_object),
	OPT_BOOL("snapshot", "write to temporary files instead of disk images", snapshot),
	OPT_STR("kernel", "file", "boot this kernel (Linux bzImage or multiboot)", kernel),
	OPT_STR("initrd", "file", "initial ram disk for -kernel", initrd),
	OPT_STR("append", "cmdline", "kernel command line for -kernel", append),
	OPT_STR("bios", "file", "firmware image", bios),
	OPT_STR("L", "path", "directory for the BIOS and option ROMs", datadir),
	OPT_FN("accel", "tcg[,backend=interp|x64]", "execution engine", opt_accel),
	OPT_FN("serial", "dev", "redirect the next serial port to char device dev", opt_serial),
	OPT_FN("device", "driver[,prop=value...]", "add a device", opt_device),
	OPT_FN("global", "driver.prop=value", "set a default property of a device", opt_global),
	OPT_STR("debugcon", "dev", "debug console (port 0xe9) to char device dev", debugcon),
	OPT_STR("monitor", "dev", "redirect the monitor to char device dev", monitor),
	OPT_STR("qmp", "dev", "like -monitor but opens in 'control' mode (QMP)", qmp),
	OPT_FN("display", "none", "display backend", opt_display),
	OPT_FN("vga", "std|none", "the VGA card (default std: QEMU's standard VGA)", opt_vga),
	OPT_BOOL("nographic", "no display; serial port on stdio", nographic),
	OPT_BOOL("no-reboot", "exit instead of rebooting", no_reboot),
	OPT_BOOL("no-shutdown", "stop instead of exiting on guest shutdown", no_shutdown),
	OPT_BOOL("S", "do not start the CPU (use the monitor's cont)", start_stopped),
	OPT_STR("gdb", "dev", "wait for gdb on char device dev (tcp::PORT, unix:PATH)", gdb),
	OPT_BOOL("s", "shorthand for -gdb tcp::1234", gdb_default),
	OPT_FN("name", "string[,process=name]", "guest name (and host process name)", opt_name),
	OPT_STR("pidfile", "file", "write the process id to file", pidfile),
	OPT_BOOL("daemonize", "detach from the terminal once the machine is ready", daemonize),
	OPT_FN("rtc", "[base=utc|localtime|date][,clock=host|rt|vm]",
	       "the RTC's start time and clock", opt_rtc),
	OPT_FN("d", "item1,...", "enable logging of the items (-d help lists them)", opt_d),
	OPT_STR("D", "logfile", "write the -d log to logfile instead of stderr", log_file),
};

#define N_OPTIONS (sizeof(option_defs) / sizeof(option_defs[0]))

void options_defaults(struct vm_config *cfg)
{
	options_free(cfg);	/* a new configuration replaces the last one */
	memset(cfg, 0, sizeof(*cfg));
	cfg->ram_bytes = 128ULL << 20;
	cfg->boot_menu = -1;
	cpu_model_default(&cfg->cpu);
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
			/* QEMU treats a bare argument as the first hard disk */
			if (add_drive(cfg, "-hda", name, 0, DRIVE_MEDIA_DISK,
				      err, errlen))
				return -1;
			continue;
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
