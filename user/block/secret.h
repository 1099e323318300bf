/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * QEMU's "secret" objects (-object / --object secret,id=ID,data=TEXT or
 * file=PATH), as far as disk keys need them: image options name a
 * secret by id (encrypt.key-secret=ID) instead of holding the password.
 * One process-wide table, filled while the command line is parsed.
 */
#ifndef RINGVM_BLOCK_SECRET_H
#define RINGVM_BLOCK_SECRET_H

#include <stddef.h>

/*
 * Add "secret,id=ID,data=TEXT" or "secret,id=ID,file=PATH" (the file's
 * bytes as they are, as QEMU reads them).  On error writes a message
 * naming the problem into @err and returns -EINVAL (or -errno).
 */
int secret_add(const char *spec, char *err, size_t errlen);

/* The secret called @id, or NULL after reporting "No secret with id". */
const char *secret_lookup(const char *id);

#endif
