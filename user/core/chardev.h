/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Character devices: where the bytes of a serial port, the monitor or a
 * debug console go and come from.  A chardev is opened from the spec a
 * QEMU user types after -serial or -monitor:
 *
 *   stdio  pty  null  none  file:PATH  pipe:PATH  /dev/TTY
 *   tcp:[HOST]:PORT[,server][,nowait][,nodelay]
 *   telnet:[HOST]:PORT[,server][,nowait][,nodelay]
 *   unix:PATH[,server][,nowait]
 *   mon:SPEC   (SPEC shared by several frontends, switched with C-a c)
 *
 * A frontend (a UART, the monitor) attaches callbacks and writes with
 * chardev_write().  Input flows only as fast as the frontend takes it:
 * can_receive() says how many bytes it can accept now, the chardev reads no
 * more than that, and the rest waits in the kernel (a socket's or a tty's
 * buffer) until the frontend calls chardev_accept_input().  The chardev's
 * fds are serviced by the event loop (core/event.h).
 */
#ifndef RINGVM_CORE_CHARDEV_H
#define RINGVM_CORE_CHARDEV_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct chardev;

enum chardev_event {
	CHARDEV_EVENT_BREAK,	/* a break on the line: C-a b, telnet BRK */
	CHARDEV_EVENT_OPENED,	/* a peer connected (socket client, pty) */
	CHARDEV_EVENT_CLOSED,	/* the peer went away */
	CHARDEV_EVENT_FOCUS_IN,	/* the mux now sends its input here */
	CHARDEV_EVENT_FOCUS_OUT,	/* ... and no longer */
};

struct chardev_frontend {
	/* required: how many bytes receive() can take now (0: none) */
	size_t (*can_receive)(void *opaque);
	/* required: never more than can_receive() said */
	void (*receive)(void *opaque, const uint8_t *buf, size_t len);
	/* optional */
	void (*event)(void *opaque, enum chardev_event ev);
	void *opaque;
};

/*
 * Open @spec; @label names the user of the device in messages ("serial0",
 * "monitor").  Returns 0 and *@out, or -errno with one line in @err that
 * the caller prefixes with the option ("bad port", "No such file or
 * directory").  "none" succeeds with *@out = NULL: no device at all, as
 * QEMU's -serial none.  A tcp/telnet/unix server without nowait blocks
 * here until the first client connects, as QEMU does.
 */
int chardev_open(const char *spec, const char *label, struct chardev **out,
		 char *err, size_t errlen);
void chardev_close(struct chardev *c);

/* Connect a frontend (copied).  A plain device takes one; a mux up to 4,
 * the first of which has the input focus.  Returns 0 or -EBUSY. */
int chardev_attach(struct chardev *c, const struct chardev_frontend *fe);

/*
 * Send bytes to the device; returns @len (what a device without a peer
 * drops counts as sent).  Output that the host cannot take at once is
 * queued; when 64 KiB are queued the caller waits for the host, as a UART
 * waits for its line.  NULL @c (-serial none) drops everything.
 */
size_t chardev_write(struct chardev *c, const uint8_t *buf, size_t len);

/* The frontend can take input again (the guest read its receive FIFO):
 * from any thread. */
void chardev_accept_input(struct chardev *c);

const char *chardev_label(const struct chardev *c);
/* What the device is connected to, for messages and "info chardev":
 * "stdio", "pty:/dev/pts/3", "tcp:127.0.0.1:4444,server". */
const char *chardev_filename(const struct chardev *c);
bool chardev_is_mux(const struct chardev *c);

/* Set by the block layer: what C-a s does (write -snapshot data back);
 * returns 0 or -errno.  Unset, C-a s says it is not supported. */
extern int (*chardev_mux_save_disks)(void);

#endif
