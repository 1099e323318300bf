/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Character devices: where a serial port's bytes go and come from, named as
 * in QEMU's -serial option: "stdio", "file:PATH", "null".
 */
#ifndef RINGVM_CORE_CHARDEV_H
#define RINGVM_CORE_CHARDEV_H

#include <stddef.h>
#include <stdint.h>

struct chardev {
	int in_fd;		/* -1: no input */
	int out_fd;		/* -1: output discarded */
	const char *spec;
	/* the frontend (a UART) that receives input: set by the device */
	void (*receive)(void *opaque, const uint8_t *buf, size_t len);
	void *opaque;
};

/* Open @spec; returns 0 or -errno (message names the spec). */
int chardev_open(struct chardev *c, const char *spec);
void chardev_write(struct chardev *c, const uint8_t *buf, size_t len);
/* Read what input is available and pass it to the frontend. */
void chardev_poll_input(struct chardev *c);
void chardev_close(struct chardev *c);

#endif
