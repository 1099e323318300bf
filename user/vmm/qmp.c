// SPDX-License-Identifier: GPL-2.0-only
/*
 * The QMP protocol (QEMU's docs/interop/qmp-spec): a greeting when a
 * client connects, then one JSON object per command
 * {"execute": NAME, "arguments": {...}, "id": ANY}, answered by
 * {"return": ...} or {"error": {"class": ..., "desc": ...}} with the id
 * echoed, and asynchronous {"event": ..., "data": ..., "timestamp": ...}.
 * Commands other than qmp_capabilities are refused until the client has
 * negotiated capabilities.  Bad input gets an error reply; the
 * connection stays up.
 */
#include "qmp.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/time.h>

#include "core/lib/log.h"
#include "qmp_int.h"
#include "vcpu.h"

/* A value longer or deeper than this is refused, as QEMU's streamer
 * limits tokens and nesting. */
#define QMP_MAX_VALUE (1u << 20)
#define QMP_MAX_DEPTH 1024

static struct qmp *qmp;

static void send_json(struct qmp *q, json_t *obj)
{
	char *s = json_dumps(obj, JSON_PRESERVE_ORDER);

	if (s) {
		chardev_write(q->chr, (const uint8_t *)s, strlen(s));
		chardev_write(q->chr, (const uint8_t *)"\r\n", 2);
		free(s);
	}
	json_decref(obj);
}

static void send_error(struct qmp *q, enum qmp_error cls, const char *desc,
		       json_t *id)
{
	json_t *o = json_pack("{s:{s:s,s:s}}", "error", "class",
			      cls == QMP_COMMAND_NOT_FOUND ? "CommandNotFound" :
			      "GenericError", "desc", desc);

	if (o && id)
		json_object_set(o, "id", id);
	if (o)
		send_json(q, o);
}

static void greet(struct qmp *q)
{
	int major = 0, minor = 0, micro = 0;

	sscanf(RINGVM_VERSION, "%d.%d.%d", &major, &minor, &micro);
	send_json(q, json_pack("{s:{s:{s:{s:i,s:i,s:i},s:s},s:[]}}", "QMP",
			       "version", "qemu", "micro", micro, "minor", minor,
			       "major", major, "package", "ringvm " RINGVM_VERSION,
			       "capabilities"));
}

/* One complete request. */
static void handle_request(struct qmp *q, json_t *req)
{
	json_t *id = NULL, *args = NULL, *ret = NULL, *v;
	const char *key, *name = NULL;
	char desc[256];
	enum qmp_error err;

	if (!json_is_object(req)) {
		send_error(q, QMP_GENERIC_ERROR, "QMP input must be a JSON object", NULL);
		return;
	}
	id = json_object_get(req, "id");
	json_object_foreach(req, key, v) {
		if (!strcmp(key, "execute")) {
			if (!json_is_string(v)) {
				send_error(q, QMP_GENERIC_ERROR,
					   "QMP input member 'execute' must be a string", id);
				return;
			}
			name = json_string_value(v);
		} else if (!strcmp(key, "arguments")) {
			if (!json_is_object(v)) {
				send_error(q, QMP_GENERIC_ERROR,
					   "QMP input member 'arguments' must be an object", id);
				return;
			}
			args = v;
		} else if (strcmp(key, "id")) {
			snprintf(desc, sizeof(desc), "QMP input member '%s' is unexpected", key);
			send_error(q, QMP_GENERIC_ERROR, desc, id);
			return;
		}
	}
	if (!name) {
		send_error(q, QMP_GENERIC_ERROR, "QMP input lacks member 'execute'", id);
		return;
	}
	if (!q->negotiated && strcmp(name, "qmp_capabilities")) {
		send_error(q, QMP_COMMAND_NOT_FOUND,
			   "Expecting capabilities negotiation with 'qmp_capabilities'", id);
		return;
	}
	if (q->negotiated && !strcmp(name, "qmp_capabilities")) {
		send_error(q, QMP_COMMAND_NOT_FOUND,
			   "Capabilities negotiation is already complete, command ignored", id);
		return;
	}
	args = args ? json_incref(args) : json_object();
	err = qmp_dispatch(q, name, args, &ret, desc, sizeof(desc));
	json_decref(args);
	if (err != QMP_OK) {
		send_error(q, err, desc, id);
		return;
	}
	v = json_pack("{s:o}", "return", ret);
	if (v && id)
		json_object_set(v, "id", id);
	if (v)
		send_json(q, v);
	if (q->quit_after_reply) {
		q->quit_after_reply = false;
		q->m.quit(q->m.opaque);
	}
}

static void value_done(struct qmp *q)
{
	json_error_t jerr;
	json_t *req;
	char desc[300];

	req = json_loadb(q->buf, q->len, q->junk ? JSON_DECODE_ANY : 0, &jerr);
	if (!req) {
		snprintf(desc, sizeof(desc), "JSON parse error, %s", jerr.text);
		send_error(q, QMP_GENERIC_ERROR, desc, NULL);
	} else {
		handle_request(q, req);
		json_decref(req);
	}
	q->len = 0;
	q->depth = 0;
	q->in_str = q->esc = q->junk = false;
}

static void put_byte(struct qmp *q, char c)
{
	if (q->len + 1 >= q->cap) {
		size_t cap = q->cap ? q->cap * 2 : 4096;
		char *b = realloc(q->buf, cap);

		if (!b)
			return;
		q->buf = b;
		q->cap = cap;
	}
	q->buf[q->len++] = c;
}

/*
 * Split the byte stream into JSON values by counting brackets outside
 * strings; anything else between values (a number, a word, a stray
 * bracket) is collected up to the end of the line and answered with an
 * error.
 */
static void qmp_receive(void *opaque, const uint8_t *data, size_t n)
{
	struct qmp *q = opaque;

	for (size_t i = 0; i < n; i++) {
		char c = (char)data[i];

		if (q->junk) {
			if (c == '\n' || c == '\r')
				value_done(q);
			else if (q->len < QMP_MAX_VALUE)
				put_byte(q, c);
			continue;
		}
		if (!q->depth) {
			if (c == ' ' || c == '\t' || c == '\n' || c == '\r')
				continue;
			if (c != '{' && c != '[') {
				q->junk = true;
				put_byte(q, c);
				continue;
			}
		}
		put_byte(q, c);
		if (q->in_str) {
			if (q->esc)
				q->esc = false;
			else if (c == '\\')
				q->esc = true;
			else if (c == '"')
				q->in_str = false;
		} else if (c == '"') {
			q->in_str = true;
		} else if (c == '{' || c == '[') {
			q->depth++;
		} else if (c == '}' || c == ']') {
			if (--q->depth == 0)
				value_done(q);
		}
		if (q->len >= QMP_MAX_VALUE || q->depth > QMP_MAX_DEPTH) {
			send_error(q, QMP_GENERIC_ERROR,
				   "JSON parse error, input too long or nested too deep", NULL);
			/* drop the rest of the line */
			q->len = 0;
			q->depth = 0;
			q->in_str = q->esc = false;
			q->junk = true;
		}
	}
}

static size_t qmp_can_receive(void *opaque)
{
	return 4096;
}

static void qmp_chr_event(void *opaque, enum chardev_event ev)
{
	struct qmp *q = opaque;

	if (ev == CHARDEV_EVENT_OPENED) {
		/* every connection negotiates anew */
		q->negotiated = false;
		q->len = 0;
		q->depth = 0;
		q->in_str = q->esc = q->junk = false;
		greet(q);
	}
}

static const char *const event_names[] = {
	[VCPU_EVENT_STOP] = "STOP",
	[VCPU_EVENT_RESUME] = "RESUME",
	[VCPU_EVENT_RESET] = "RESET",
	[VCPU_EVENT_SHUTDOWN] = "SHUTDOWN",
	[VCPU_EVENT_POWERDOWN] = "POWERDOWN",
};

/* Events go to a client that has negotiated (QMP spec 2.4). */
static void qmp_event(enum vcpu_event ev, bool guest, const char *reason)
{
	struct timeval tv;
	json_t *o;

	if (!qmp || !qmp->negotiated)
		return;
	gettimeofday(&tv, NULL);
	o = json_pack("{s:s}", "event", event_names[ev]);
	if (!o)
		return;
	if (reason)
		json_object_set_new(o, "data", json_pack("{s:b,s:s}", "guest", guest,
							 "reason", reason));
	json_object_set_new(o, "timestamp",
			    json_pack("{s:I,s:I}", "seconds", (json_int_t)tv.tv_sec,
				      "microseconds", (json_int_t)tv.tv_usec));
	send_json(qmp, o);
}

int qmp_open(const char *spec, const struct monitor_machine *machine)
{
	struct chardev_frontend fe = {
		.can_receive = qmp_can_receive,
		.receive = qmp_receive,
		.event = qmp_chr_event,
	};
	char cerr[256];

	if (!spec)
		return 0;
	qmp = calloc(1, sizeof(*qmp));
	if (!qmp) {
		err_report("-qmp %s: out of memory", spec);
		return -1;
	}
	qmp->m = *machine;
	qmp->hmp = monitor_new_captured(machine);
	if (!qmp->hmp || chardev_open(spec, "qmp", &qmp->chr, cerr, sizeof(cerr))) {
		err_report("-qmp %s: %s", spec, qmp->hmp ? cerr : "out of memory");
		qmp_close();
		return -1;
	}
	if (!qmp->chr) {
		err_report("-qmp %s: QMP needs a character device", spec);
		qmp_close();
		return -1;
	}
	fe.opaque = qmp;
	if (chardev_attach(qmp->chr, &fe)) {
		err_report("-qmp %s: the device is in use", spec);
		qmp_close();
		return -1;
	}
	vcpu_event_hook = qmp_event;
	return 0;
}

void qmp_close(void)
{
	if (!qmp)
		return;
	vcpu_event_hook = NULL;
	chardev_close(qmp->chr);
	monitor_free(qmp->hmp);
	free(qmp->buf);
	free(qmp);
	qmp = NULL;
}
