// SPDX-License-Identifier: GPL-2.0-only
/*
 * Polled output on COM1 and a small printf: %d %i %u %x %X %c %s %p %%, the
 * flags '0' and '-', a width, and the l / ll length modifiers.
 */
#include "libcpu.h"

#define COM1	0x3f8
#define UART_THR	0
#define UART_IER	1
#define UART_FCR	2
#define UART_LCR	3
#define UART_MCR	4
#define UART_LSR	5
#define LSR_THRE	0x20

/* 115200 8N1, no interrupts (PC16550D datasheet, register description) */
void serial_init(void)
{
	outb(COM1 + UART_IER, 0x00);
	outb(COM1 + UART_LCR, 0x80);	/* DLAB: divisor latch */
	outb(COM1 + 0, 0x01);
	outb(COM1 + 1, 0x00);
	outb(COM1 + UART_LCR, 0x03);
	outb(COM1 + UART_FCR, 0x00);
	outb(COM1 + UART_MCR, 0x03);
}

void putchar_serial(char c)
{
	int spins = 1000000;

	/* THRE: the holding register can take a byte */
	while (!(inb(COM1 + UART_LSR) & LSR_THRE) && --spins)
		;
	outb(COM1 + UART_THR, (u8)c);
}

struct sink {
	char *buf;
	size_t size, len;
};

static void emit(struct sink *s, char c)
{
	if (s->buf) {
		if (s->len + 1 < s->size)
			s->buf[s->len] = c;
	} else {
		putchar_serial(c);
	}
	s->len++;
}

static void emit_num(struct sink *s, u64 v, unsigned int base, bool neg,
		     int width, bool zero, bool left, bool upper)
{
	const char *digits = upper ? "0123456789ABCDEF" : "0123456789abcdef";
	char tmp[24];
	int n = 0, pad;

	/* base 10 only for 32-bit values: no libgcc 64-bit division here */
	if (base == 10) {
		u32 w = (u32)v;

		do {
			tmp[n++] = digits[w % 10];
			w /= 10;
		} while (w);
	} else {
		do {
			tmp[n++] = digits[v & 15];
			v >>= 4;
		} while (v);
	}
	pad = width - n - (neg ? 1 : 0);
	if (neg && zero)
		emit(s, '-');
	if (!left)
		for (; pad > 0; pad--)
			emit(s, zero ? '0' : ' ');
	if (neg && !zero)
		emit(s, '-');
	while (n)
		emit(s, tmp[--n]);
	for (; pad > 0; pad--)
		emit(s, ' ');
}

static int format(struct sink *s, const char *fmt, va_list ap)
{
	for (; *fmt; fmt++) {
		bool zero = false, left = false;
		int width = 0, lng = 0;
		u64 v;
		s64 sv;
		const char *str;

		if (*fmt != '%') {
			emit(s, *fmt);
			continue;
		}
		fmt++;
		for (;; fmt++) {
			if (*fmt == '0')
				zero = true;
			else if (*fmt == '-')
				left = true;
			else
				break;
		}
		while (*fmt >= '0' && *fmt <= '9')
			width = width * 10 + (*fmt++ - '0');
		while (*fmt == 'l') {
			lng++;
			fmt++;
		}
		switch (*fmt) {
		case 'd':
		case 'i':
			sv = lng >= 2 ? va_arg(ap, s64) : va_arg(ap, s32);
			emit_num(s, sv < 0 ? -(u64)sv : (u64)sv, 10, sv < 0,
				 width, zero, left, false);
			break;
		case 'u':
			v = lng >= 2 ? va_arg(ap, u64) : va_arg(ap, u32);
			emit_num(s, v, 10, false, width, zero, left, false);
			break;
		case 'x':
		case 'X':
			v = lng >= 2 ? va_arg(ap, u64) : va_arg(ap, u32);
			emit_num(s, v, 16, false, width, zero, left,
				 *fmt == 'X');
			break;
		case 'p':
			emit(s, '0');
			emit(s, 'x');
			emit_num(s, (u32)va_arg(ap, void *), 16, false, 8,
				 true, false, false);
			break;
		case 'c':
			emit(s, (char)va_arg(ap, int));
			break;
		case 's':
			str = va_arg(ap, const char *);
			if (!str)
				str = "(null)";
			width -= strlen(str);
			if (!left)
				for (; width > 0; width--)
					emit(s, ' ');
			while (*str)
				emit(s, *str++);
			for (; width > 0; width--)
				emit(s, ' ');
			break;
		case '%':
			emit(s, '%');
			break;
		default:
			emit(s, '%');
			if (!*fmt)
				return s->len;
			emit(s, *fmt);
			break;
		}
	}
	return s->len;
}

int vsnprintf(char *buf, size_t size, const char *fmt, va_list ap)
{
	struct sink s = { buf, size, 0 };
	int n = format(&s, fmt, ap);

	if (size)
		buf[s.len < size ? s.len : size - 1] = 0;
	return n;
}

int snprintf(char *buf, size_t size, const char *fmt, ...)
{
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vsnprintf(buf, size, fmt, ap);
	va_end(ap);
	return n;
}

int printf(const char *fmt, ...)
{
	struct sink s = { NULL, 0, 0 };
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = format(&s, fmt, ap);
	va_end(ap);
	return n;
}
