/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The inside of a character device, shared by chardev.c and the backend
 * files (chardev_stdio.c, chardev_file.c, chardev_pty.c, chardev_socket.c,
 * chardev_mux.c).  Frontends use chardev.h only.
 *
 * Most backends are one or two fds: the common code watches them, reads
 * input no faster than the frontend takes it, and queues output the host
 * cannot take at once.  A backend embeds struct chardev first, fills in its
 * ops, and calls chardev_set_fds() whenever its fds change (a socket client
 * connects or leaves).
 */
#ifndef RINGVM_CORE_CHARDEV_BACKEND_H
#define RINGVM_CORE_CHARDEV_BACKEND_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "chardev.h"

#define CHARDEV_OUTQ_BYTES (64u << 10)
#define CHARDEV_READ_CHUNK 4096

struct chardev_ops {
	const char *kind;
	/* Optional: output, instead of the common fd path (mux, telnet). */
	size_t (*write)(struct chardev *c, const uint8_t *buf, size_t len);
	/* Optional: bytes read from in_fd, instead of straight to the
	 * frontend (telnet strips its commands here). */
	void (*input)(struct chardev *c, uint8_t *buf, size_t len);
	/* Optional: in_fd reached end of file or failed (@output false), or
	 * writing to out_fd failed for good (@output true).  Without it the
	 * common code stops using that fd. */
	void (*hangup)(struct chardev *c, bool output);
	/* Optional: attach, for a backend with several frontends (mux). */
	int (*attach)(struct chardev *c, const struct chardev_frontend *fe);
	/* Optional: called before output when out_fd < 0, to look for a
	 * peer that arrived (a pty); may call chardev_set_fds(). */
	void (*reconnect)(struct chardev *c);
	/* Optional: free what the backend owns (fds, paths); the common
	 * code frees the struct and its strings afterwards. */
	void (*close)(struct chardev *c);
};

struct chardev {
	const struct chardev_ops *ops;
	char *label;
	char *filename;
	struct chardev_frontend fe;
	bool has_fe;
	bool connected;		/* a peer is there: OPENED on attach */
	int in_fd, out_fd;	/* -1: none (not owned by the common code) */
	bool out_is_socket;	/* send() with MSG_NOSIGNAL, not write() */
	struct event_watch *in_watch, *out_watch;
	uint8_t *outq;		/* ring of CHARDEV_OUTQ_BYTES, lazily */
	size_t outq_head, outq_len;
};

/* What chardev_open passes to a backend's open function. */
struct chardev_req {
	const char *spec;	/* whole spec, "tcp::4444,server" */
	const char *arg;	/* after the "kind:" prefix */
	const char *label;
	bool muxed;		/* opened under mon: (stdio keeps no signals) */
	char *err;
	size_t errlen;
};

/* chardev_open with a request already filled in (mon: opens its inner
 * device this way). */
int chardev_open_req(struct chardev_req *r, struct chardev **out);

/* Report a one-line error into the request; returns @ret. */
int chardev_fail(const struct chardev_req *r, int ret, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

/* Allocate a backend struct of @size (struct chardev first). */
void *chardev_alloc(size_t size, const struct chardev_ops *ops,
		    const struct chardev_req *r);
/* Replace the filename ("pty:/dev/pts/3"). */
void chardev_set_filename(struct chardev *c, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
/* Free a chardev that was never returned (its open failed). */
void chardev_free(struct chardev *c);

/* Use these fds from now on (-1: none).  Queued output for an out_fd that
 * goes away is dropped. */
void chardev_set_fds(struct chardev *c, int in_fd, int out_fd);

/* For backends: the frontend's side. */
size_t chardev_can_receive(struct chardev *c);
void chardev_deliver(struct chardev *c, const uint8_t *buf, size_t len);
void chardev_send_event(struct chardev *c, enum chardev_event ev);

/* The common output path: straight to out_fd, the rest queued. */
size_t chardev_fd_write(struct chardev *c, const uint8_t *buf, size_t len);
/* Write what is queued, waiting at most @timeout_ms (a close). */
void chardev_drain(struct chardev *c, int timeout_ms);

/* Put a tty fd in raw mode (8 bits, no echo, no line editing, no flow
 * control; output post-processing kept when @opost, signals from the
 * keyboard kept when @isig). */
int chardev_tty_raw(int fd, bool opost, bool isig);

/* Backend families: chardev.c dispatches on the spec's prefix. */
int chardev_stdio_open(const struct chardev_req *r, struct chardev **out);
int chardev_null_open(const struct chardev_req *r, struct chardev **out);
int chardev_file_open(const struct chardev_req *r, struct chardev **out);
int chardev_pipe_open(const struct chardev_req *r, struct chardev **out);
int chardev_tty_open(const struct chardev_req *r, struct chardev **out);
int chardev_pty_open(const struct chardev_req *r, struct chardev **out);
int chardev_tcp_open(const struct chardev_req *r, struct chardev **out);
int chardev_telnet_open(const struct chardev_req *r, struct chardev **out);
int chardev_unix_open(const struct chardev_req *r, struct chardev **out);
int chardev_mux_open(const struct chardev_req *r, struct chardev **out);

#endif
