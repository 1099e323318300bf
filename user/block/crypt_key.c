// SPDX-License-Identifier: GPL-2.0-only
/*
 * The key of a legacy-AES qcow/qcow2 image: the one the user gave
 * (encrypt.key-secret=, the block layer's open option "key"), or, as
 * QEMU 0.9 did, a password typed on the terminal.  Without either, a
 * clear error: opening the image without its key would read garbage.
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <termios.h>
#include <unistd.h>

#include "block/aes.h"
#include "core/lib/log.h"

static int read_password(const char *filename, char *buf, size_t len)
{
	struct termios old, quiet;
	bool echo_off;
	size_t n;

	fprintf(stderr, "Disk image '%s' is encrypted.\nPassword: ", filename);
	fflush(stderr);
	echo_off = !tcgetattr(STDIN_FILENO, &old);
	if (echo_off) {
		quiet = old;
		quiet.c_lflag &= ~(tcflag_t)ECHO;
		tcsetattr(STDIN_FILENO, TCSAFLUSH, &quiet);
	}
	if (!fgets(buf, (int)len, stdin))
		buf[0] = 0;
	if (echo_off)
		tcsetattr(STDIN_FILENO, TCSAFLUSH, &old);
	fputc('\n', stderr);
	n = strlen(buf);
	if (n && buf[n - 1] == '\n')
		buf[--n] = 0;
	return n ? 0 : -EINVAL;
}

int qcow_crypt_get_key(const char *filename, const char *key, struct aes_key *k)
{
	char pw[256];

	if (!key) {
		if (!isatty(STDIN_FILENO) || read_password(filename, pw, sizeof(pw))) {
			err_report("%s is encrypted: give its key with encrypt.key-secret=",
				   filename);
			return -EACCES;
		}
		key = pw;
	}
	qcow_crypt_set_password(k, key);
	memset(pw, 0, sizeof(pw));
	qcow_crypt_warn(filename);
	return 0;
}
