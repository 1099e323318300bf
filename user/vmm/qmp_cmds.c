// SPDX-License-Identifier: GPL-2.0-only
/*
 * The QMP commands, with QEMU's names, arguments and return shapes
 * (the QAPI schema in QEMU's qapi/ folder).  Each row names its arguments with their JSON
 * types; the dispatcher checks them before the command runs, with
 * QEMU's messages for a missing, unexpected or mistyped one.
 */
#include "qmp_int.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "block/block.h"
#include "devices/ide.h"
#include "monitor_int.h"
#include "vcpu.h"

struct qmp_arg {
	const char *name;
	json_type type;
	bool optional;
};

struct qmp_cmd {
	const char *name;
	const struct qmp_arg *args;	/* ends with a NULL name */
	/* returns NULL and fills @desc on failure */
	json_t *(*run)(struct qmp *q, json_t *args, char *desc, size_t desclen);
};

static json_t *qmp_capabilities(struct qmp *q, json_t *args, char *desc,
				size_t desclen)
{
	json_t *en = json_object_get(args, "enable");

	/* ringvm offers no capability: enabling one is an error, as QEMU
	 * answers for a capability it does not know */
	if (en && json_array_size(en)) {
		snprintf(desc, desclen, "Capability '%s' not available",
			 json_is_string(json_array_get(en, 0)) ?
			 json_string_value(json_array_get(en, 0)) : "?");
		return NULL;
	}
	q->negotiated = true;
	return json_object();
}

static json_t *query_status(struct qmp *q, json_t *args, char *desc,
			    size_t desclen)
{
	bool run = q->m.running(q->m.opaque);

	return json_pack("{s:s,s:b,s:b}", "status", run ? "running" : "paused",
			 "singlestep", 0, "running", run);
}

static json_t *query_version(struct qmp *q, json_t *args, char *desc,
			     size_t desclen)
{
	int major = 0, minor = 0, micro = 0;

	sscanf(RINGVM_VERSION, "%d.%d.%d", &major, &minor, &micro);
	return json_pack("{s:{s:i,s:i,s:i},s:s}", "qemu", "micro", micro,
			 "minor", minor, "major", major, "package",
			 "ringvm " RINGVM_VERSION);
}

static json_t *query_commands(struct qmp *q, json_t *args, char *desc,
			      size_t desclen);

static json_t *query_cpus_fast(struct qmp *q, json_t *args, char *desc,
			       size_t desclen)
{
	return json_pack("[{s:i,s:s,s:i,s:s,s:{s:i,s:i,s:i,s:i}}]",
			 "cpu-index", 0,
			 "qom-path", "/machine/unattached/device[0]",
			 "thread-id", (int)vcpu_thread_id(),
			 "target", "i386",
			 "props", "core-id", 0, "thread-id", 0, "socket-id", 0,
			 "die-id", 0);
}

static json_t *query_block(struct qmp *q, json_t *args, char *desc,
			   size_t desclen)
{
	json_t *list = json_array();
	struct monitor_drive d;

	for (int i = 0; i < MONITOR_N_DRIVES && list; i++) {
		struct block_dev *bs;
		json_t *o;

		if (!monitor_drive(q->hmp, i, &d))
			continue;
		bs = *d.slot;
		o = json_pack("{s:s,s:b,s:b,s:s}", "device", d.name,
			      "locked", d.cd && d.ide->locked,
			      "removable", d.cd || d.is_floppy, "type", "unknown");
		if (!o)
			continue;
		if (d.cd)
			json_object_set_new(o, "tray_open",
					    json_boolean(d.ide->tray_open));
		if (bs) {
			int depth = 0;

			for (struct block_dev *b = bs->backing; b; b = b->backing)
				depth++;
			json_object_set_new(o, "inserted",
				json_pack("{s:s,s:s,s:b,s:s,s:i,s:b,s:I}",
					  "file", bs->filename, "node-name", d.name,
					  "ro", bs->read_only, "drv", bs->drv->name,
					  "backing_file_depth", depth,
					  "encrypted", 0,
					  "image-size", (json_int_t)bs->size));
			if (bs->backing)
				json_object_set_new(json_object_get(o, "inserted"),
						    "backing_file",
						    json_string(bs->backing->filename));
		}
		json_array_append_new(list, o);
	}
	return list;
}

static json_t *cmd_stop(struct qmp *q, json_t *args, char *desc, size_t desclen)
{
	q->m.stop(q->m.opaque);
	return json_object();
}

static json_t *cmd_cont(struct qmp *q, json_t *args, char *desc, size_t desclen)
{
	q->m.cont(q->m.opaque);
	return json_object();
}

static json_t *cmd_system_reset(struct qmp *q, json_t *args, char *desc,
				size_t desclen)
{
	q->m.system_reset(q->m.opaque);
	return json_object();
}

static json_t *cmd_system_powerdown(struct qmp *q, json_t *args, char *desc,
				    size_t desclen)
{
	q->m.system_powerdown(q->m.opaque);
	return json_object();
}

static json_t *cmd_quit(struct qmp *q, json_t *args, char *desc, size_t desclen)
{
	q->quit_after_reply = true;
	return json_object();
}

static json_t *human_monitor_command(struct qmp *q, json_t *args, char *desc,
				     size_t desclen)
{
	json_t *cpu = json_object_get(args, "cpu-index");
	char *out;
	json_t *ret;

	if (cpu && json_integer_value(cpu) != 0) {
		snprintf(desc, desclen, "Parameter 'cpu-index' expects a CPU index");
		return NULL;
	}
	monitor_execute(q->hmp, json_string_value(json_object_get(args, "command-line")));
	out = monitor_take_output(q->hmp);
	if (!out) {
		snprintf(desc, desclen, "out of memory");
		return NULL;
	}
	ret = json_string(out);
	if (!ret) {
		/* JSON strings are UTF-8: bytes that are not become '?' */
		for (char *c = out; *c; c++)
			if ((unsigned char)*c >= 0x80)
				*c = '?';
		ret = json_string(out);
	}
	free(out);
	if (!ret)
		snprintf(desc, desclen, "out of memory");
	return ret;
}

static const struct qmp_arg no_args[] = { { NULL } };
static const struct qmp_arg caps_args[] = {
	{ "enable", JSON_ARRAY, true }, { NULL }
};
static const struct qmp_arg hmp_args[] = {
	{ "command-line", JSON_STRING, false },
	{ "cpu-index", JSON_INTEGER, true },
	{ NULL }
};

static const struct qmp_cmd cmds[] = {
	{ "cont", no_args, cmd_cont },
	{ "human-monitor-command", hmp_args, human_monitor_command },
	{ "qmp_capabilities", caps_args, qmp_capabilities },
	{ "query-block", no_args, query_block },
	{ "query-commands", no_args, query_commands },
	{ "query-cpus-fast", no_args, query_cpus_fast },
	{ "query-status", no_args, query_status },
	{ "query-version", no_args, query_version },
	{ "quit", no_args, cmd_quit },
	{ "stop", no_args, cmd_stop },
	{ "system_powerdown", no_args, cmd_system_powerdown },
	{ "system_reset", no_args, cmd_system_reset },
};

#define N_CMDS (sizeof(cmds) / sizeof(cmds[0]))

static json_t *query_commands(struct qmp *q, json_t *args, char *desc,
			      size_t desclen)
{
	json_t *list = json_array();

	for (size_t i = 0; i < N_CMDS && list; i++)
		json_array_append_new(list, json_pack("{s:s}", "name", cmds[i].name));
	return list;
}

static const char *type_name(json_type t)
{
	switch (t) {
	case JSON_STRING: return "string";
	case JSON_INTEGER: return "integer";
	case JSON_ARRAY: return "array";
	case JSON_OBJECT: return "object";
	default: return "value";
	}
}

/* QEMU's qobject input visitor messages */
static bool check_args(const struct qmp_cmd *c, json_t *args, char *desc,
		       size_t desclen)
{
	const char *key;
	json_t *v;

	json_object_foreach(args, key, v) {
		const struct qmp_arg *a = c->args;

		while (a->name && strcmp(a->name, key))
			a++;
		if (!a->name) {
			snprintf(desc, desclen, "Parameter '%s' is unexpected", key);
			return false;
		}
		if (json_typeof(v) != a->type) {
			snprintf(desc, desclen,
				 "Invalid parameter type for '%s', expected: %s",
				 key, type_name(a->type));
			return false;
		}
	}
	for (const struct qmp_arg *a = c->args; a->name; a++) {
		if (!a->optional && !json_object_get(args, a->name)) {
			snprintf(desc, desclen, "Parameter '%s' is missing", a->name);
			return false;
		}
	}
	return true;
}

enum qmp_error qmp_dispatch(struct qmp *q, const char *name, json_t *args,
			    json_t **ret, char *desc, size_t desclen)
{
	for (size_t i = 0; i < N_CMDS; i++) {
		if (strcmp(cmds[i].name, name))
			continue;
		if (!check_args(&cmds[i], args, desc, desclen))
			return QMP_GENERIC_ERROR;
		*ret = cmds[i].run(q, args, desc, desclen);
		return *ret ? QMP_OK : QMP_GENERIC_ERROR;
	}
	snprintf(desc, desclen, "The command %s has not been found", name);
	return QMP_COMMAND_NOT_FOUND;
}
