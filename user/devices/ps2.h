/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * PS/2 keyboard and mouse: the devices behind the i8042's two ports.
 * They exchange bytes with the controller (ps2_*_write for commands,
 * ps2_read for what they send back) and get input from the UI.
 */
#ifndef RINGVM_DEVICES_PS2_H
#define RINGVM_DEVICES_PS2_H

#include <stdbool.h>
#include <stdint.h>

#define PS2_QUEUE_SIZE 256

struct ps2_queue {
	uint8_t data[PS2_QUEUE_SIZE];
	int head, count;
};

struct ps2_port {
	struct ps2_queue q;
	int pending_cmd;	/* a command waiting for its argument, or -1 */
	uint8_t last;		/* for resend */
	void (*notify)(void *opaque);	/* there are bytes to read */
	void *opaque;
};

struct ps2_kbd {
	struct ps2_port port;
	bool scanning;
	uint8_t scancode_set;	/* 1, 2 or 3; the PC keeps 2 */
	uint8_t leds;
};

struct ps2_mouse {
	struct ps2_port port;
	bool enabled, remote, wrap;
	uint8_t rate, resolution, scaling;
	uint8_t id;		/* 0, or 3 after the IntelliMouse knock */
	uint8_t knock[3];	/* the last three sample rates set */
	int dx, dy, dz;
	uint8_t buttons;
};

void ps2_kbd_init(struct ps2_kbd *k, void (*notify)(void *), void *opaque);
void ps2_kbd_reset(struct ps2_kbd *k);
void ps2_kbd_write(struct ps2_kbd *k, uint8_t v);
/* A key event as set-2 scancode bytes (e.g. E0 F0 75 for releasing up). */
void ps2_kbd_put_scancode(struct ps2_kbd *k, const uint8_t *codes, int n);

void ps2_mouse_init(struct ps2_mouse *m, void (*notify)(void *), void *opaque);
void ps2_mouse_reset(struct ps2_mouse *m);
void ps2_mouse_write(struct ps2_mouse *m, uint8_t v);
/* Relative motion (dy positive = up) and the buttons (bit 0 left,
 * 1 right, 2 middle). */
void ps2_mouse_event(struct ps2_mouse *m, int dx, int dy, int dz, uint8_t buttons);

/* Take the next byte a device sends; false when it has none. */
bool ps2_read(struct ps2_port *p, uint8_t *v);
bool ps2_pending(const struct ps2_port *p);

#endif
