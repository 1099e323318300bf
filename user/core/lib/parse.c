// SPDX-License-Identifier: GPL-2.0-only
/*
 * Value parsers shared by the command line, the monitor and ringvm-img.
 */
#include "parse.h"

#include <ctype.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

static int unit_shift(char c)
{
	switch (toupper((unsigned char)c)) {
	case 'B': return 0;
	case 'K': return 10;
	case 'M': return 20;
	case 'G': return 30;
	case 'T': return 40;
	case 'P': return 50;
	case 'E': return 60;
	default: return -1;
	}
}

int parse_size(const char *s, char default_unit, uint64_t *out)
{
	uint64_t whole = 0, frac_num = 0, frac_den = 1;
	const char *p = s;
	int shift;

	if (!isdigit((unsigned char)*p))
		return -EINVAL;
	for (; isdigit((unsigned char)*p); p++) {
		if (whole > (UINT64_MAX - 9) / 10)
			return -ERANGE;
		whole = whole * 10 + (uint64_t)(*p - '0');
	}
	if (*p == '.') {
		p++;
		if (!isdigit((unsigned char)*p))
			return -EINVAL;
		for (; isdigit((unsigned char)*p); p++) {
			if (frac_den >= 1000000000000ULL)
				return -EINVAL;	/* more digits than any size needs */
			frac_num = frac_num * 10 + (uint64_t)(*p - '0');
			frac_den *= 10;
		}
	}
	if (*p) {
		shift = unit_shift(*p);
		if (shift < 0 || p[1])
			return -EINVAL;
	} else {
		shift = unit_shift(default_unit);
		if (shift < 0)
			return -EINVAL;
	}
	if (shift < 64 && whole > (UINT64_MAX >> shift))
		return -ERANGE;
	whole <<= shift;
	if (frac_num) {
		/* frac_num < frac_den <= 10^12 and shift <= 60 cannot overflow
		 * in 128 bits. */
		unsigned __int128 f = (unsigned __int128)frac_num << shift;

		if (f % frac_den)
			return -EINVAL;	/* not a whole number of bytes */
		f /= frac_den;
		if (whole + (uint64_t)f < whole)
			return -ERANGE;
		whole += (uint64_t)f;
	}
	*out = whole;
	return 0;
}

int parse_u64(const char *s, uint64_t *out)
{
	char *end;
	unsigned long long v;

	if (!isdigit((unsigned char)*s))
		return -EINVAL;
	errno = 0;
	v = strtoull(s, &end, 0);
	if (errno)
		return -errno;
	if (*end)
		return -EINVAL;
	*out = v;
	return 0;
}

int parse_bool(const char *s, bool *out)
{
	static const char *const yes[] = { "on", "yes", "true", "1" };
	static const char *const no[] = { "off", "no", "false", "0" };
	size_t i;

	for (i = 0; i < 4; i++) {
		if (!strcasecmp(s, yes[i])) {
			*out = true;
			return 0;
		}
		if (!strcasecmp(s, no[i])) {
			*out = false;
			return 0;
		}
	}
	return -EINVAL;
}

/* Copy one comma-terminated item of @s into a new string, undoubling ",,". */
static char *kv_next_item(const char **s)
{
	const char *p = *s;
	size_t len = 0;
	char *item;

	while (p[len] && !(p[len] == ',' && p[len + 1] != ',')) {
		if (p[len] == ',')
			len++;	/* the first of ",," */
		len++;
	}
	item = malloc(len + 1);
	if (!item)
		return NULL;
	{
		size_t i, j = 0;

		for (i = 0; i < len; i++) {
			item[j++] = p[i];
			if (p[i] == ',')
				i++;
		}
		item[j] = 0;
	}
	*s = p[len] ? p + len + 1 : p + len;
	return item;
}

static int kv_add(struct kv_list *l, char *key, char *val)
{
	struct kv *n = realloc(l->items, (size_t)(l->n + 1) * sizeof(*n));

	if (!n)
		return -ENOMEM;
	l->items = n;
	n[l->n].key = key;
	n[l->n].val = val;
	l->n++;
	return 0;
}

int kv_parse(const char *s, const char *implied_key, struct kv_list *out,
	     char *err, size_t errlen)
{
	bool first = true;
	int ret;

	out->n = 0;
	out->items = NULL;
	while (*s) {
		char *item = kv_next_item(&s);
		char *eq, *key, *val;

		if (!item) {
			ret = -ENOMEM;
			goto out_free;
		}
		eq = strchr(item, '=');
		if (eq) {
			*eq = 0;
			key = item;
			val = strdup(eq + 1);
		} else if (first && implied_key) {
			key = strdup(implied_key);
			val = item;
		} else {
			key = item;
			val = strdup("on");
		}
		if (!key || !val) {
			/* exactly one of key and val is @item; the other failed */
			free(item);
			ret = -ENOMEM;
			goto out_free;
		}
		if (!*key) {
			snprintf(err, errlen, "empty parameter name in '%s=%s'",
				 key, val);
			free(key);
			free(val);
			ret = -EINVAL;
			goto out_free;
		}
		if (kv_get(out, key)) {
			snprintf(err, errlen, "parameter '%s' given twice", key);
			free(key);
			free(val);
			ret = -EINVAL;
			goto out_free;
		}
		ret = kv_add(out, key, val);
		if (ret) {
			free(key);
			free(val);
			goto out_free;
		}
		first = false;
	}
	return 0;

out_free:
	kv_free(out);
	return ret;
}

const char *kv_get(const struct kv_list *l, const char *key)
{
	int i;

	for (i = 0; i < l->n; i++)
		if (!strcmp(l->items[i].key, key))
			return l->items[i].val;
	return NULL;
}

void kv_free(struct kv_list *l)
{
	int i;

	for (i = 0; i < l->n; i++) {
		free(l->items[i].key);
		free(l->items[i].val);
	}
	free(l->items);
	l->items = NULL;
	l->n = 0;
}
