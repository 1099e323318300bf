/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The ringvm command line, parsed into a struct vm_config.
 *
 * Parsing has no side effects beyond filling the struct: nothing is opened or
 * created here, so the parser can be unit-tested and errors can be reported
 * before any resource exists.  Option names and value syntax are QEMU's
 * (qemu-options.hx), because users arrive knowing them.
 */
#ifndef RINGVM_VMM_OPTIONS_H
#define RINGVM_VMM_OPTIONS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "translator/cpu_model.h"

#define VM_MAX_SERIAL 4
#define VM_MAX_LIST 16

/* A repeatable option such as -device or -global: the raw strings in order. */
struct vm_strlist {
	int n;
	const char *v[VM_MAX_LIST];
};

enum vm_machine { MACHINE_PC, MACHINE_ISAPC };

/* An IDE drive: -hda..-hdd, -cdrom, -drive (QEMU's -drive syntax). */
#define VM_MAX_DRIVES 8
enum vm_drive_media { DRIVE_MEDIA_DISK, DRIVE_MEDIA_CDROM };
struct vm_drive {
	const char *file;		/* NULL: an empty CD-ROM drive */
	const char *format;		/* NULL: probe */
	int index;			/* 0-3 = primary master .. secondary
					 * slave; -1: the next free one */
	enum vm_drive_media media;
	bool snapshot;			/* snapshot=on (or -snapshot) */
	bool read_only;
	int cache;			/* BLOCK_CACHE_* of block/block.h */
	const char *key_secret;		/* encrypt.key-secret=: a -object id */
};
enum vm_vga { VGA_STD, VGA_NONE };
enum vm_rtc_base { RTC_BASE_UTC, RTC_BASE_LOCALTIME, RTC_BASE_DATE };

struct vm_config {
	enum vm_machine machine;	/* -machine / -M, default pc */
	struct cpu_config cpu;		/* -cpu, default qemu32 */
	uint64_t ram_bytes;		/* -m, default 128 MiB as QEMU */
	const char *kernel;		/* -kernel */
	const char *initrd;		/* -initrd */
	const char *append;		/* -append */
	const char *bios;		/* -bios */
	const char *datadir;		/* -L */
	const char *accel;		/* -accel, raw "tcg,backend=interp" */
	const char *log_file;		/* -D */
	unsigned log_mask;		/* -d, as enum log_cat bits */
	const char *serial[VM_MAX_SERIAL];	/* -serial, in port order */
	int n_serial;
	struct vm_drive drives[VM_MAX_DRIVES];	/* in command-line order */
	int n_drives;
	bool snapshot;			/* -snapshot: every drive */
	/* -fda/-fdb, -drive if=floppy: drives A and B (file NULL: empty) */
	struct vm_drive floppy[2];
	bool has_floppy[2];
	struct vm_strlist devices;	/* -device */
	struct vm_strlist globals;	/* -global driver.prop=value */
	const char *debugcon;		/* -debugcon, a char device */
	const char *monitor;		/* -monitor, a char device */
	const char *qmp;		/* -qmp, a char device for QMP */
	bool nographic;			/* -nographic */
	bool display_none;		/* -display none */
	enum vm_vga vga;		/* -vga std|none */
	bool no_reboot;			/* -no-reboot: a reset exits instead */
	bool no_shutdown;		/* -no-shutdown */
	char boot_order[8];		/* -boot order=, drive letters a-p */
	char boot_once[8];		/* -boot once=: first boot only */
	int boot_menu;			/* -boot menu=on|off, -1 unset */
	bool boot_strict;		/* -boot strict=on */
	bool start_stopped;		/* -S */
	const char *gdb;		/* -gdb, a char device for the gdbstub */
	bool gdb_default;		/* -s: -gdb tcp::1234 */
	const char *name;		/* -name guest name */
	bool name_process;		/* -name ...,process= given */
	const char *process_name;
	const char *pidfile;		/* -pidfile */
	bool daemonize;			/* -daemonize */
	enum vm_rtc_base rtc_base;	/* -rtc base= */
	int64_t rtc_start;		/* RTC_BASE_DATE: seconds since epoch */
	bool rtc_clock_vm;		/* -rtc clock=vm: stops with the guest */

	/* Actions rather than a machine: print and exit. */
	bool show_help;
	bool show_version;
	bool show_log_help;		/* -d help */
};

/* Fill @cfg with the defaults QEMU uses. */
void options_defaults(struct vm_config *cfg);

/*
 * Parse argv.  Returns 0, or -1 after writing a message that names the option
 * into @err ("-m 0: RAM size must be at least 1 MiB").  The strings in @cfg
 * point into argv.
 */
int options_parse(struct vm_config *cfg, int argc, char **argv,
		  char *err, size_t errlen);

/* Release what options_parse() copied (the strings in @cfg that do not
 * point into argv); options_defaults() does it for the last one. */
void options_free(struct vm_config *cfg);

/* Print -help: every option with its argument and one line of help. */
void options_print_help(FILE *f);

#endif
