/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Parsing of the value syntaxes QEMU users type: sizes with suffixes
 * ("256M", "1.5G"), integers in C notation ("0xf4"), and comma-separated
 * key=value lists ("isa-debug-exit,iobase=0xf4,iosize=4") where a doubled
 * comma stands for a literal one ("file=a,,b.img").
 */
#ifndef RINGVM_LIB_PARSE_H
#define RINGVM_LIB_PARSE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/*
 * Parse a size.  A bare number is in units of @default_unit ('B', 'K', 'M',
 * 'G' or 'T'), as QEMU's -m takes MiB; suffixes K, M, G, T, P, E (either case)
 * are powers of 1024 and B is bytes.  A fraction ("1.5G") is allowed when the
 * result is a whole number of bytes.  Returns 0, or -EINVAL / -ERANGE.
 */
int parse_size(const char *s, char default_unit, uint64_t *out);

/* Parse an unsigned integer in decimal, 0x hex or 0 octal; whole string. */
int parse_u64(const char *s, uint64_t *out);

/* Parse on/off, yes/no, true/false, 1/0 (QEMU's boolean spellings). */
int parse_bool(const char *s, bool *out);

struct kv {
	char *key;
	char *val;
};

struct kv_list {
	int n;
	struct kv *items;
};

/*
 * Split "a=1,b=2" into a list.  If @implied_key is not NULL, a first item
 * without '=' is its value ("isa-debug-exit,iobase=..." with implied key
 * "driver").  A later item without '=' is a flag: its value is "on".  A key
 * given twice is an error, as in QEMU.  On error returns -EINVAL and writes
 * a message naming the offending item into @err.
 */
int kv_parse(const char *s, const char *implied_key, struct kv_list *out,
	     char *err, size_t errlen);
const char *kv_get(const struct kv_list *l, const char *key);
void kv_free(struct kv_list *l);

#endif
