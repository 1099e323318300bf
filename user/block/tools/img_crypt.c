// SPDX-License-Identifier: GPL-2.0-only
/*
 * Secrets and image options for ringvm-img (see img_crypt.h).  Only what
 * legacy AES images need: keys arrive as secret ids, never as passwords
 * in image options, as in qemu-img.
 */
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "block/secret.h"
#include "block/tools/img_crypt.h"
#include "core/lib/log.h"
#include "core/lib/parse.h"

static bool image_opts;

int img_crypt_args(int *argc, char **argv)
{
	int out = 1;

	for (int i = 1; i < *argc; i++) {
		const char *spec = NULL;
		char err[256];

		if (!strcmp(argv[i], "--")) {
			while (i < *argc)
				argv[out++] = argv[i++];
			break;
		}
		if (!strcmp(argv[i], "--image-opts")) {
			image_opts = true;
			continue;
		}
		if (!strncmp(argv[i], "--object=", 9)) {
			spec = argv[i] + 9;
		} else if (!strcmp(argv[i], "--object")) {
			if (i + 1 >= *argc) {
				err_report("option '--object' requires an argument");
				return -1;
			}
			spec = argv[++i];
		} else {
			argv[out++] = argv[i];
			continue;
		}
		if (secret_add(spec, err, sizeof(err))) {
			err_report("--object %s: %s", spec, err);
			return -1;
		}
	}
	argv[out] = NULL;
	*argc = out;
	return 0;
}

int img_crypt_spec(const char *spec, const char **file, const char **fmt,
		   const char **key, char **keep)
{
	struct kv_list kv = { 0 };
	char err[256];
	const char *id = NULL;
	char *f = NULL, *d = NULL;
	int ret = -1;

	*file = spec;
	*key = NULL;
	*keep = NULL;
	if (!image_opts)
		return 0;
	if (kv_parse(spec, NULL, &kv, err, sizeof(err))) {
		err_report("--image-opts %s: %s", spec, err);
		return -1;
	}
	for (int i = 0; i < kv.n; i++) {
		const char *k = kv.items[i].key, *v = kv.items[i].val;

		if (!strcmp(k, "driver")) {
			d = d ? d : strdup(v);
		} else if (!strcmp(k, "file.filename") || !strcmp(k, "file") ||
			   !strcmp(k, "filename")) {
			f = f ? f : strdup(v);
		} else if (!strcmp(k, "encrypt.key-secret")) {
			id = v;
		} else if (!strcmp(k, "file.driver") || !strcmp(k, "encrypt.format")) {
			/* file.driver=file and encrypt.format=aes: nothing to choose */
		} else {
			err_report("--image-opts %s: unsupported option '%s'", spec, k);
			goto out;
		}
	}
	if (!f) {
		err_report("--image-opts %s: no file.filename=", spec);
		goto out;
	}
	if (id) {
		*key = secret_lookup(id);
		if (!*key)
			goto out;
	}
	/* one allocation owns both strings: "file\0driver\0" */
	*keep = malloc(strlen(f) + (d ? strlen(d) : 0) + 2);
	if (!*keep)
		goto out;
	strcpy(*keep, f);
	*file = *keep;
	if (d) {
		strcpy(*keep + strlen(f) + 1, d);
		*fmt = *keep + strlen(f) + 1;
	}
	ret = 0;
out:
	free(f);
	free(d);
	kv_free(&kv);
	return ret;
}

int img_crypt_create_opt(const char *k, const char *v,
			 struct block_create_opts *co)
{
	if (!strcmp(k, "encryption")) {
		bool on;

		if (parse_bool(v, &on)) {
			err_report("Parameter 'encryption' expects 'on' or 'off'");
			return -1;
		}
		co->encrypt = on;
		return 1;
	}
	if (!strcmp(k, "encrypt.format")) {
		if (strcmp(v, "aes")) {
			err_report("encrypt.format=%s is not supported (only the legacy 'aes')", v);
			return -1;
		}
		co->encrypt = true;
		return 1;
	}
	if (!strcmp(k, "encrypt.key-secret")) {
		co->key = secret_lookup(v);
		return co->key ? 1 : -1;
	}
	return 0;
}

int img_crypt_create_check(const struct block_create_opts *co)
{
	if (co->encrypt && !co->key) {
		err_report("Parameter 'encrypt.key-secret' is required for cipher");
		return -1;
	}
	return 0;
}
