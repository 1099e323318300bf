/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The gdbstub's packet layer (gdbstub_packet.c), shared with the command
 * layer (gdbstub.c).  Framing follows the GDB manual, "Remote Protocol",
 * section "Overview": $data#cs with a two-digit modulo-256 checksum, '+'
 * and '-' acknowledgements until QStartNoAckMode, '}' escapes (byte ^
 * 0x20) and '*' run-length encoding in data.
 */
#ifndef RINGVM_VMM_GDBSTUB_INT_H
#define RINGVM_VMM_GDBSTUB_INT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* The largest packet we take or send; qSupported tells gdb. */
#define GDB_PACKET_MAX	4096

enum gdb_rx_state {
	GDB_RX_IDLE,	/* between packets: '$', 0x03, acks */
	GDB_RX_DATA,	/* inside $...# */
	GDB_RX_ESC,	/* after '}' */
	GDB_RX_CS1,	/* first checksum digit */
	GDB_RX_CS2,	/* second */
};

struct gdb_rx {
	enum gdb_rx_state state;
	char buf[GDB_PACKET_MAX + 1];
	size_t len;
	bool overflow;		/* the packet was too long: NAK it */
	uint8_t sum;		/* running checksum of the data */
	uint8_t cs;		/* checksum the peer sent */
};

/* What one input byte completed. */
enum gdb_rx_event {
	GDB_RX_NONE,
	GDB_RX_PACKET,		/* a packet in buf[0..len), NUL-terminated */
	GDB_RX_BAD,		/* a packet with a bad checksum or too long */
	GDB_RX_INTERRUPT,	/* 0x03 outside a packet (Ctrl-C) */
};

enum gdb_rx_event gdb_rx_byte(struct gdb_rx *rx, uint8_t c);

/* Frame @data (escaping $, #, } and *) into @out; returns the length or
 * 0 when it does not fit. */
size_t gdb_frame(const char *data, size_t len, char *out, size_t outsize);

/* Hex helpers: -1 for a non-hex digit. */
int gdb_hexval(char c);
/* @n bytes of @src as hex into @dst (2n chars + NUL). */
void gdb_tohex(char *dst, const uint8_t *src, size_t n);
/* Up to @n bytes from hex at @src; returns the count decoded. */
size_t gdb_fromhex(uint8_t *dst, const char *src, size_t n);
/* A hex number at *@p (advanced); false when there is no digit. */
bool gdb_parse_hex(const char **p, uint64_t *val);

#endif
