// SPDX-License-Identifier: GPL-2.0-only
/*
 * The gdbstub's packet layer: a byte-at-a-time receiver that never trusts
 * its input (anything that is not a well-formed packet is dropped or
 * NAKed, never acted on), and the framing of replies.  GDB manual,
 * "Remote Protocol" > "Overview" and "Binary Data".
 */
#include "gdbstub_int.h"

#include <string.h>

int gdb_hexval(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

void gdb_tohex(char *dst, const uint8_t *src, size_t n)
{
	static const char digits[] = "0123456789abcdef";

	for (size_t i = 0; i < n; i++) {
		*dst++ = digits[src[i] >> 4];
		*dst++ = digits[src[i] & 15];
	}
	*dst = 0;
}

size_t gdb_fromhex(uint8_t *dst, const char *src, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++) {
		int hi = gdb_hexval(src[2 * i]), lo;

		if (hi < 0)
			break;
		lo = gdb_hexval(src[2 * i + 1]);
		if (lo < 0)
			break;
		dst[i] = (uint8_t)(hi << 4 | lo);
	}
	return i;
}

bool gdb_parse_hex(const char **p, uint64_t *val)
{
	const char *s = *p;
	uint64_t v = 0;
	int d;

	if (gdb_hexval(*s) < 0)
		return false;
	while ((d = gdb_hexval(*s)) >= 0) {
		v = v << 4 | (uint64_t)d;
		s++;
	}
	*val = v;
	*p = s;
	return true;
}

/* Store one data byte; a packet longer than the buffer is remembered as
 * such rather than truncated into a different, valid-looking command. */
static void rx_put(struct gdb_rx *rx, uint8_t c)
{
	if (rx->len < GDB_PACKET_MAX)
		rx->buf[rx->len++] = (char)c;
	else
		rx->overflow = true;
}

enum gdb_rx_event gdb_rx_byte(struct gdb_rx *rx, uint8_t c)
{
	int d;

	/* '$' is always escaped inside a packet: a raw one starts the next
	 * packet, so a broken packet cannot swallow the one after it */
	if (c == '$') {
		bool broken = rx->state != GDB_RX_IDLE;

		rx->state = GDB_RX_DATA;
		rx->len = 0;
		rx->sum = 0;
		rx->overflow = false;
		return broken ? GDB_RX_BAD : GDB_RX_NONE;
	}
	switch (rx->state) {
	case GDB_RX_IDLE:
		if (c == 0x03) {
			return GDB_RX_INTERRUPT;
		}
		/* '+', '-' and noise between packets: nothing to do (we
		 * never retransmit; gdb's resend of an unacked packet is
		 * answered again) */
		return GDB_RX_NONE;
	case GDB_RX_DATA:
		if (c == '#') {
			rx->state = GDB_RX_CS1;
			return GDB_RX_NONE;
		}
		rx->sum += c;
		if (c == '}') {
			rx->state = GDB_RX_ESC;
			return GDB_RX_NONE;
		}
		/* '*' run-length encoding only appears in replies: gdb does
		 * not send it, so a '*' here is data */
		rx_put(rx, c);
		return GDB_RX_NONE;
	case GDB_RX_ESC:
		rx->sum += c;
		rx_put(rx, c ^ 0x20);
		rx->state = GDB_RX_DATA;
		return GDB_RX_NONE;
	case GDB_RX_CS1:
		d = gdb_hexval((char)c);
		rx->cs = (uint8_t)(d < 0 ? 0 : d << 4);
		rx->state = d < 0 ? GDB_RX_IDLE : GDB_RX_CS2;
		return d < 0 ? GDB_RX_BAD : GDB_RX_NONE;
	case GDB_RX_CS2:
		rx->state = GDB_RX_IDLE;
		d = gdb_hexval((char)c);
		if (d < 0 || (uint8_t)(rx->cs | d) != rx->sum || rx->overflow)
			return GDB_RX_BAD;
		rx->buf[rx->len] = 0;
		return GDB_RX_PACKET;
	}
	rx->state = GDB_RX_IDLE;
	return GDB_RX_NONE;
}

size_t gdb_frame(const char *data, size_t len, char *out, size_t outsize)
{
	static const char digits[] = "0123456789abcdef";
	uint8_t sum = 0;
	size_t o = 0;

	if (outsize < 4)
		return 0;
	out[o++] = '$';
	for (size_t i = 0; i < len; i++) {
		uint8_t c = (uint8_t)data[i];
		bool esc = c == '$' || c == '#' || c == '}' || c == '*';

		if (o + 2 + 3 > outsize)
			return 0;
		if (esc) {
			out[o++] = '}';
			sum += '}';
			c ^= 0x20;
		}
		out[o++] = (char)c;
		sum += c;
	}
	out[o++] = '#';
	out[o++] = digits[sum >> 4];
	out[o++] = digits[sum & 15];
	return o;
}
