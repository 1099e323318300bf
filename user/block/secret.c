// SPDX-License-Identifier: GPL-2.0-only
/*
 * The secret objects table (see secret.h).  Only the raw format: QEMU's
 * base64 and keyid= (a secret encrypted by another) are refused by name.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "block/secret.h"
#include "core/lib/log.h"
#include "core/lib/parse.h"

#define SECRET_MAX 16
#define SECRET_FILE_MAX 4096

static struct {
	char *id;
	char *data;
} secrets[SECRET_MAX];
static int n_secrets;

static char *read_secret_file(const char *path, char *err, size_t errlen)
{
	char *buf = malloc(SECRET_FILE_MAX + 1);
	ssize_t n = -1;
	int fd = open(path, O_RDONLY | O_CLOEXEC);

	if (fd >= 0 && buf) {
		n = read(fd, buf, SECRET_FILE_MAX + 1);
		if (n > SECRET_FILE_MAX) {
			snprintf(err, errlen, "secret file '%s' is larger than %d bytes",
				 path, SECRET_FILE_MAX);
			n = -2;
		}
	}
	if (n == -1)
		snprintf(err, errlen, "Unable to read %s: %s", path, strerror(errno));
	if (fd >= 0)
		close(fd);
	if (n < 0) {
		free(buf);
		return NULL;
	}
	buf[n] = 0;
	return buf;
}

int secret_add(const char *spec, char *err, size_t errlen)
{
	struct kv_list kv = { 0 };
	const char *id, *data, *file, *fmt;
	char *val = NULL;
	int ret = -EINVAL;

	if (kv_parse(spec, "qom-type", &kv, err, errlen))
		return -EINVAL;
	id = kv_get(&kv, "id");
	data = kv_get(&kv, "data");
	file = kv_get(&kv, "file");
	fmt = kv_get(&kv, "format");
	for (int i = 0; i < kv.n; i++) {
		const char *k = kv.items[i].key;

		if (strcmp(k, "qom-type") && strcmp(k, "id") && strcmp(k, "data") &&
		    strcmp(k, "file") && strcmp(k, "format")) {
			snprintf(err, errlen, "secret: property '%s' is not supported", k);
			goto out;
		}
	}
	if (!kv_get(&kv, "qom-type") || strcmp(kv_get(&kv, "qom-type"), "secret")) {
		snprintf(err, errlen, "object '%s': only 'secret' objects are supported", spec);
		goto out;
	}
	if (!id || !*id) {
		snprintf(err, errlen, "secret: Parameter 'id' is missing");
		goto out;
	}
	if (fmt && strcmp(fmt, "raw")) {
		snprintf(err, errlen, "secret %s: format=%s is not supported (only raw)", id, fmt);
		goto out;
	}
	if (!!data == !!file) {
		snprintf(err, errlen, "secret %s: give exactly one of data= and file=", id);
		goto out;
	}
	for (int i = 0; i < n_secrets; i++) {
		if (!strcmp(secrets[i].id, id)) {
			snprintf(err, errlen, "attempt to add duplicate property '%s'", id);
			goto out;
		}
	}
	if (n_secrets == SECRET_MAX) {
		snprintf(err, errlen, "secret %s: at most %d secrets", id, SECRET_MAX);
		goto out;
	}
	val = file ? read_secret_file(file, err, errlen) : strdup(data);
	if (!val) {
		if (!file)
			snprintf(err, errlen, "%s", strerror(ENOMEM));
		ret = file ? -EIO : -ENOMEM;
		goto out;
	}
	secrets[n_secrets].id = strdup(id);
	if (!secrets[n_secrets].id) {
		free(val);
		snprintf(err, errlen, "%s", strerror(ENOMEM));
		ret = -ENOMEM;
		goto out;
	}
	secrets[n_secrets++].data = val;
	ret = 0;
out:
	kv_free(&kv);
	return ret;
}

const char *secret_lookup(const char *id)
{
	for (int i = 0; i < n_secrets; i++)
		if (!strcmp(secrets[i].id, id))
			return secrets[i].data;
	err_report("No secret with id '%s'", id);
	return NULL;
}
