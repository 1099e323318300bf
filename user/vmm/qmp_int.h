/* SPDX-License-Identifier: GPL-2.0-only */
/* Between qmp.c (the protocol) and qmp_cmds.c (the commands). */
#ifndef RINGVM_VMM_QMP_INT_H
#define RINGVM_VMM_QMP_INT_H

#include <jansson.h>
#include <stdbool.h>

#include "monitor.h"

struct qmp {
	struct chardev *chr;
	struct monitor_machine m;
	struct monitor *hmp;	/* human-monitor-command runs lines here */
	bool negotiated;	/* qmp_capabilities done on this connection */
	bool quit_after_reply;	/* quit: the reply goes out first */
	/* the JSON value being collected from the stream */
	char *buf;
	size_t len, cap;
	int depth;		/* brackets open; 0: between values */
	bool in_str, esc, junk;
};

/* QEMU's error classes that ringvm uses */
enum qmp_error { QMP_OK, QMP_GENERIC_ERROR, QMP_COMMAND_NOT_FOUND };

/*
 * Run command @name with @args (an object, maybe empty).  On success sets
 * *@ret (a new reference) and returns QMP_OK; on failure writes the
 * description into @desc and returns the class.
 */
enum qmp_error qmp_dispatch(struct qmp *q, const char *name, json_t *args,
			    json_t **ret, char *desc, size_t desclen);

#endif
