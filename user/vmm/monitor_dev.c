// SPDX-License-Identifier: GPL-2.0-only
/*
 * The monitor's device commands: sendkey (the PS/2 keyboard), change and
 * eject (the IDE CD-ROMs and the floppy drives), commit (-snapshot
 * overlays back into their images), log and logfile (the -d machinery).
 * Drives have QEMU's names: ide<bus>-hd<unit>, ide<bus>-cd<unit>,
 * floppy<n>.
 */
#include "monitor_int.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "block/block.h"
#include "core/clock.h"
#include "core/lib/log.h"
#include "devices/i8042.h"
#include "devices/ide.h"
#include "pc.h"

/* --- drives --- */

bool monitor_drive(struct monitor *mon, int i, struct monitor_drive *d)
{
	struct pc *pc = mon->m.pc;

	memset(d, 0, sizeof(*d));
	if (!pc || i < 0 || i >= MONITOR_N_DRIVES)
		return false;
	if (i < 4) {
		struct ide_drive *ide = &pc->ide.ch[i / 2].drive[i % 2];

		if (ide->kind == IDE_NONE)
			return false;
		d->ide = ide;
		d->cd = ide->kind == IDE_CD;
		d->slot = &pc->drive_bs[i];
		snprintf(d->name, sizeof(d->name), "ide%d-%s%d", i / 2,
			 d->cd ? "cd" : "hd", i % 2);
		return true;
	}
	i -= 4;
	if (!pc->fdc.drv[i].present)
		return false;
	d->floppy = i;
	d->is_floppy = true;
	d->slot = &pc->floppy_bs[i];
	snprintf(d->name, sizeof(d->name), "floppy%d", i);
	return true;
}

static bool find_drive(struct monitor *mon, const char *name,
		       struct monitor_drive *d)
{
	for (int i = 0; i < MONITOR_N_DRIVES; i++)
		if (monitor_drive(mon, i, d) && !strcmp(d->name, name))
			return true;
	monitor_printf(mon, "Device '%s' not found\n", name);
	return false;
}

/* --- change, eject --- */

void monitor_cmd_change(struct monitor *mon, const char *args)
{
	struct monitor_drive d;
	char dev[64], file[1024], fmt[32] = "";
	struct block_open_opts o = { 0 };
	struct block_dev *bs;
	const char *p = args;

	if (!monitor_word(&p, dev, sizeof(dev)) ||
	    !monitor_word(&p, file, sizeof(file)) ||
	    (*p && !monitor_word(&p, fmt, sizeof(fmt))) || *p) {
		monitor_printf(mon, "change: usage: change device filename [format]\n");
		return;
	}
	if (!find_drive(mon, dev, &d))
		return;
	if (!d.cd && !d.is_floppy) {
		monitor_printf(mon, "Device '%s' is not removable\n", dev);
		return;
	}
	if (fmt[0] && !block_find_driver(fmt)) {
		monitor_printf(mon, "Unknown driver '%s'\n", fmt);
		return;
	}
	o.format = fmt[0] ? fmt : NULL;
	o.read_only = d.cd;
	bs = block_open(file, &o);
	if (!bs) {
		/* block_open told stderr why; the user at the monitor
		 * needs it here too */
		monitor_printf(mon, "Could not open '%s'\n", file);
		return;
	}
	if (d.is_floppy) {
		if (fdc_attach(&mon->m.pc->fdc, (unsigned)d.floppy, bs)) {
			monitor_printf(mon, "'%s' is not a floppy image size\n", file);
			block_close(bs);
			return;
		}
	} else {
		atapi_change_media(d.ide, bs);
	}
	if (*d.slot)
		block_close(*d.slot);
	*d.slot = bs;
}

void monitor_cmd_eject(struct monitor *mon, const char *args)
{
	struct monitor_drive d;
	char dev[64];
	const char *p = args;
	bool force = false;

	if (!strncmp(p, "-f", 2) && (p[2] == ' ' || p[2] == '\t')) {
		force = true;
		p += 2;
	}
	if (!monitor_word(&p, dev, sizeof(dev)) || *p) {
		monitor_printf(mon, "eject: usage: eject [-f] device\n");
		return;
	}
	if (!find_drive(mon, dev, &d))
		return;
	if (!d.cd && !d.is_floppy) {
		monitor_printf(mon, "Device '%s' is not removable\n", dev);
		return;
	}
	if (d.cd && d.ide->locked && !force) {
		/* the guest locked the tray (PREVENT ALLOW MEDIUM REMOVAL) */
		monitor_printf(mon, "Device '%s' is locked by the guest (eject -f "
			       "removes it anyway)\n", dev);
		return;
	}
	if (d.is_floppy) {
		fdc_attach(&mon->m.pc->fdc, (unsigned)d.floppy, NULL);
	} else {
		atapi_change_media(d.ide, NULL);
		d.ide->tray_open = true;
		d.ide->locked = false;
	}
	if (*d.slot)
		block_close(*d.slot);
	*d.slot = NULL;
}

/* --- commit --- */

/* Copy what the top layer of @bs holds into its backing image, which is
 * opened writable for the copy (the chain keeps it read-only). */
static int commit_one(struct block_dev *bs)
{
	struct block_open_opts o = { 0 };
	struct block_dev *base;
	uint64_t off = 0;
	uint8_t *buf;
	int ret = 0;
	const size_t chunk = 64 * 1024;

	if (!bs->backing)
		return -ENOTSUP;
	o.format = bs->backing->drv->name;
	base = block_open(bs->backing->filename, &o);
	if (!base)
		return -EACCES;
	buf = malloc(chunk);
	if (!buf) {
		block_close(base);
		return -ENOMEM;
	}
	while (off < bs->size && !ret) {
		uint64_t n = bs->size - off < chunk ? bs->size - off : chunk;
		bool alloc = true;

		if (bs->drv->block_status) {
			uint64_t pnum = n;

			ret = bs->drv->block_status(bs, off, n, &alloc, &pnum);
			if (ret)
				break;
			if (pnum && pnum < n)
				n = pnum;
		}
		if (alloc) {
			ret = block_read(bs, off, buf, (size_t)n);
			if (!ret)
				ret = block_write(base, off, buf, (size_t)n);
		}
		off += n;
	}
	if (!ret)
		ret = block_flush(base);
	free(buf);
	block_close(base);
	return ret;
}

static int commit_all(struct monitor *mon)
{
	struct monitor_drive d;
	int ret = 0;

	for (int i = 0; i < MONITOR_N_DRIVES; i++) {
		int r;

		if (!monitor_drive(mon, i, &d) || !*d.slot || (*d.slot)->read_only ||
		    !(*d.slot)->backing)
			continue;
		r = commit_one(*d.slot);
		if (r) {
			monitor_printf(mon, "'commit' error for '%s': %s\n", d.name,
				       strerror(-r));
			ret = r;
		}
	}
	return ret;
}

/* C-a s on a multiplexed console is "commit all" (QEMU's mux does the
 * same); errors go to the monitor that registered it. */
static struct monitor *save_mon;

static int save_disks(void)
{
	return save_mon ? commit_all(save_mon) : 0;
}

void monitor_dev_init(struct monitor *mon)
{
	if (!save_mon && mon->m.pc) {
		save_mon = mon;
		chardev_mux_save_disks = save_disks;
	}
}

void monitor_dev_exit(struct monitor *mon)
{
	if (save_mon == mon) {
		save_mon = NULL;
		chardev_mux_save_disks = NULL;
	}
}

void monitor_cmd_commit(struct monitor *mon, const char *args)
{
	struct monitor_drive d;
	int ret;

	if (!*args || strchr(args, ' ')) {
		monitor_printf(mon, "commit: usage: commit device|all\n");
		return;
	}
	if (!strcmp(args, "all")) {
		commit_all(mon);
		return;
	}
	if (!find_drive(mon, args, &d))
		return;
	if (!*d.slot) {
		monitor_printf(mon, "Device '%s' has no medium\n", args);
		return;
	}
	ret = commit_one(*d.slot);
	if (ret == -ENOTSUP)
		monitor_printf(mon, "Device '%s' has no backing file (nothing to commit)\n",
			       args);
	else if (ret)
		monitor_printf(mon, "'commit' error for '%s': %s\n", args,
			       strerror(-ret));
}

/* --- log, logfile --- */

void monitor_cmd_log(struct monitor *mon, const char *args)
{
	unsigned mask;
	char bad[64];

	if (!*args) {
		monitor_printf(mon, "log: usage: log item1[,...] (or none)\n");
		return;
	}
	if (!strcmp(args, "none")) {
		log_mask = 0;
		return;
	}
	if (log_parse_items(args, &mask, bad, sizeof(bad))) {
		monitor_printf(mon, "Invalid parameter '%s'\n", bad);
		return;
	}
	log_mask = mask;
}

void monitor_cmd_logfile(struct monitor *mon, const char *args)
{
	int ret;

	if (!*args) {
		monitor_printf(mon, "logfile: usage: logfile filename\n");
		return;
	}
	ret = log_set_file(args);
	if (ret)
		monitor_printf(mon, "could not open '%s': %s\n", args, strerror(-ret));
}

/* --- sendkey --- */

/* QEMU's key names and their PS/2 scan code set 2 make codes (the IBM
 * PS/2 keyboard technical reference, set 2 table); 0xe0xx are extended
 * keys.  The i8042 translates them to set 1 when the guest asked for it. */
static const struct {
	const char *name;
	uint16_t code;
} keys[] = {
	{ "esc", 0x76 }, { "1", 0x16 }, { "2", 0x1e }, { "3", 0x26 },
	{ "4", 0x25 }, { "5", 0x2e }, { "6", 0x36 }, { "7", 0x3d },
	{ "8", 0x3e }, { "9", 0x46 }, { "0", 0x45 }, { "minus", 0x4e },
	{ "equal", 0x55 }, { "backspace", 0x66 }, { "tab", 0x0d },
	{ "q", 0x15 }, { "w", 0x1d }, { "e", 0x24 }, { "r", 0x2d },
	{ "t", 0x2c }, { "y", 0x35 }, { "u", 0x3c }, { "i", 0x43 },
	{ "o", 0x44 }, { "p", 0x4d }, { "bracket_left", 0x54 },
	{ "bracket_right", 0x5b }, { "ret", 0x5a }, { "ctrl", 0x14 },
	{ "a", 0x1c }, { "s", 0x1b }, { "d", 0x23 }, { "f", 0x2b },
	{ "g", 0x34 }, { "h", 0x33 }, { "j", 0x3b }, { "k", 0x42 },
	{ "l", 0x4b }, { "semicolon", 0x4c }, { "apostrophe", 0x52 },
	{ "grave_accent", 0x0e }, { "shift", 0x12 }, { "backslash", 0x5d },
	{ "z", 0x1a }, { "x", 0x22 }, { "c", 0x21 }, { "v", 0x2a },
	{ "b", 0x32 }, { "n", 0x31 }, { "m", 0x3a }, { "comma", 0x41 },
	{ "dot", 0x49 }, { "slash", 0x4a }, { "shift_r", 0x59 },
	{ "asterisk", 0x7c }, { "kp_multiply", 0x7c }, { "alt", 0x11 },
	{ "spc", 0x29 }, { "caps_lock", 0x58 }, { "f1", 0x05 },
	{ "f2", 0x06 }, { "f3", 0x04 }, { "f4", 0x0c }, { "f5", 0x03 },
	{ "f6", 0x0b }, { "f7", 0x83 }, { "f8", 0x0a }, { "f9", 0x01 },
	{ "f10", 0x09 }, { "f11", 0x78 }, { "f12", 0x07 },
	{ "num_lock", 0x77 }, { "scroll_lock", 0x7e }, { "kp_7", 0x6c },
	{ "kp_8", 0x75 }, { "kp_9", 0x7d }, { "kp_subtract", 0x7b },
	{ "kp_4", 0x6b }, { "kp_5", 0x73 }, { "kp_6", 0x74 },
	{ "kp_add", 0x79 }, { "kp_1", 0x69 }, { "kp_2", 0x72 },
	{ "kp_3", 0x7a }, { "kp_0", 0x70 }, { "kp_decimal", 0x71 },
	{ "less", 0x61 },
	{ "ctrl_r", 0xe014 }, { "alt_r", 0xe011 }, { "altgr", 0xe011 },
	{ "kp_enter", 0xe05a }, { "kp_divide", 0xe04a },
	{ "home", 0xe06c }, { "up", 0xe075 }, { "pgup", 0xe07d },
	{ "left", 0xe06b }, { "right", 0xe074 }, { "end", 0xe069 },
	{ "down", 0xe072 }, { "pgdn", 0xe07a }, { "insert", 0xe070 },
	{ "delete", 0xe071 }, { "meta_l", 0xe01f }, { "meta_r", 0xe027 },
	{ "menu", 0xe02f },
};

#define N_KEYS (sizeof(keys) / sizeof(keys[0]))
#define MAX_COMBO 8
#define HOLD_MS_DEFAULT 100	/* QEMU's */

/* The keys held down until the release timer fires (one sendkey at a
 * time: a new one releases the last first). */
static struct {
	struct timer timer;
	bool ready;
	struct i8042 *kbc;
	uint16_t code[MAX_COMBO];
	int n;
} held;

static void put_key(struct i8042 *kbc, uint16_t code, bool release)
{
	uint8_t b[3];
	int n = 0;

	if (code >> 8)
		b[n++] = 0xe0;
	if (release)
		b[n++] = 0xf0;
	b[n++] = (uint8_t)code;
	ps2_kbd_put_scancode(&kbc->kbd, b, n);
}

/* release in reverse order: ctrl-alt-delete lets go of delete first */
static void release_held(void *opaque)
{
	for (int i = held.n - 1; i >= 0; i--)
		put_key(held.kbc, held.code[i], true);
	held.n = 0;
}

void monitor_cmd_sendkey(struct monitor *mon, const char *args)
{
	uint16_t combo[MAX_COMBO];
	int n = 0;
	char word[128];
	const char *p = args, *k;
	long hold = HOLD_MS_DEFAULT;

	if (!monitor_word(&p, word, sizeof(word))) {
		monitor_printf(mon, "sendkey: usage: sendkey keys [hold_ms]\n");
		return;
	}
	if (*p) {
		char *end;

		hold = strtol(p, &end, 10);
		if (*end || hold < 0 || hold > 60000) {
			monitor_printf(mon, "sendkey: invalid hold time '%s' (0 to 60000 ms)\n",
				       p);
			return;
		}
	}
	if (!mon->m.kbc) {
		monitor_printf(mon, "sendkey: this machine has no keyboard\n");
		return;
	}
	for (k = word; *k;) {
		size_t len = strcspn(k, "-"), i;

		for (i = 0; i < N_KEYS; i++)
			if (strlen(keys[i].name) == len &&
			    !strncmp(keys[i].name, k, len))
				break;
		if (!len || i == N_KEYS) {
			monitor_printf(mon, "invalid parameter: '%.*s' is not a key name\n",
				       (int)len, k);
			return;
		}
		if (n == MAX_COMBO) {
			monitor_printf(mon, "sendkey: too many keys\n");
			return;
		}
		combo[n++] = keys[i].code;
		k += len;
		if (*k == '-')
			k++;
	}
	if (!held.ready) {
		timer_init(&held.timer, release_held, NULL);
		held.ready = true;
	}
	if (timer_pending(&held.timer)) {
		timer_del(&held.timer);
		release_held(NULL);
	}
	/* press in order now, release after @hold ms on the machine's clock */
	for (int i = 0; i < n; i++)
		put_key(mon->m.kbc, combo[i], false);
	memcpy(held.code, combo, sizeof(combo[0]) * (size_t)n);
	held.n = n;
	held.kbc = mon->m.kbc;
	timer_mod(&held.timer, clock_ns() + hold * 1000000);
}
