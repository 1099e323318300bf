// SPDX-License-Identifier: GPL-2.0-only
/*
 * The monitor's expressions, as QEMU's HMP reads them: numbers in C
 * notation (0x10, 010, 16), CPU registers as $name, unary - ~ !, binary
 * * / % + - & | ^ << >> with C precedence, and parentheses.  Blanks may
 * surround operators; an expression ends where no operator follows, so
 * "o 0x80 0x12" is two expressions.
 */
#include "monitor_int.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "translator/cpu.h"

struct expr {
	struct monitor *mon;
	const char *p;
	bool err;
};

static void skip_blanks(struct expr *e)
{
	while (*e->p == ' ' || *e->p == '\t')
		e->p++;
}

static void fail(struct expr *e, const char *msg)
{
	if (!e->err)
		monitor_printf(e->mon, "%s\n", msg);
	e->err = true;
}

/* $name: the general registers in their 32/16/8-bit names, eip/pc,
 * eflags, the segment selectors and the control registers. */
static bool reg_value(struct x86_cpu *c, const char *name, int64_t *v)
{
	static const char *const r32[8] = { "eax", "ecx", "edx", "ebx",
					    "esp", "ebp", "esi", "edi" };
	static const char *const r8[8] = { "al", "cl", "dl", "bl",
					   "ah", "ch", "dh", "bh" };
	static const char *const sregs[6] = { "es", "cs", "ss", "ds", "fs", "gs" };

	for (int i = 0; i < 8; i++) {
		if (!strcmp(name, r32[i])) {
			*v = c->regs[i];
			return true;
		}
		if (!strcmp(name, r32[i] + 1)) {
			*v = c->regs[i] & 0xffff;
			return true;
		}
		if (!strcmp(name, r8[i])) {
			*v = (c->regs[i & 3] >> (i & 4 ? 8 : 0)) & 0xff;
			return true;
		}
	}
	for (int i = 0; i < 6; i++) {
		if (!strcmp(name, sregs[i])) {
			*v = c->seg[i].sel;
			return true;
		}
	}
	if (!strcmp(name, "eip") || !strcmp(name, "pc")) {
		/* QEMU's $pc is the linear address: CS base + EIP */
		*v = !strcmp(name, "pc") ? (uint32_t)(c->seg[R_CS].base + c->eip) :
		     c->eip;
		return true;
	}
	if (!strcmp(name, "eflags")) {
		*v = cpu_get_eflags(c);
		return true;
	}
	if (!strncmp(name, "cr", 2) && name[2] >= '0' && name[2] <= '4' &&
	    !name[3] && name[2] != '1') {
		*v = c->cr[name[2] - '0'];
		return true;
	}
	return false;
}

static int64_t expr_or(struct expr *e);

static int64_t factor(struct expr *e)
{
	int64_t v = 0;

	skip_blanks(e);
	switch (*e->p) {
	case '-':
		e->p++;
		return -factor(e);
	case '+':
		e->p++;
		return factor(e);
	case '~':
		e->p++;
		return ~factor(e);
	case '!':
		e->p++;
		return !factor(e);
	case '(':
		e->p++;
		v = expr_or(e);
		skip_blanks(e);
		if (*e->p != ')')
			fail(e, "')' expected");
		else
			e->p++;
		return v;
	case '$': {
		char name[16];
		size_t n;

		e->p++;
		n = strspn(e->p, "abcdefghijklmnopqrstuvwxyz0123456789");
		if (!n || n >= sizeof(name)) {
			fail(e, "register name expected");
			return 0;
		}
		memcpy(name, e->p, n);
		name[n] = 0;
		e->p += n;
		if (!reg_value(e->mon->m.cpu, name, &v)) {
			char msg[64];

			snprintf(msg, sizeof(msg), "unknown register '%s'", name);
			fail(e, msg);
		}
		return v;
	}
	default:
		if (isdigit((unsigned char)*e->p)) {
			char *end;

			v = (int64_t)strtoull(e->p, &end, 0);
			e->p = end;
			if (isalnum((unsigned char)*e->p) || *e->p == '_')
				fail(e, "invalid number");
			return v;
		}
		fail(e, *e->p ? "invalid char in expression" :
		     "expression expected");
		return 0;
	}
}

static int64_t term(struct expr *e)
{
	int64_t v = factor(e);

	for (;;) {
		char op;
		int64_t r;

		skip_blanks(e);
		op = *e->p;
		if (op != '*' && op != '/' && op != '%')
			return v;
		e->p++;
		r = factor(e);
		if (op == '*') {
			v = (int64_t)((uint64_t)v * (uint64_t)r);
		} else if (!r) {
			fail(e, "division by zero");
		} else if (op == '/') {
			v = v == INT64_MIN && r == -1 ? v : v / r;
		} else {
			v = r == -1 ? 0 : v % r;
		}
	}
}

static int64_t sum(struct expr *e)
{
	int64_t v = term(e);

	for (;;) {
		char op;

		skip_blanks(e);
		op = *e->p;
		if (op != '+' && op != '-')
			return v;
		e->p++;
		if (op == '+')
			v = (int64_t)((uint64_t)v + (uint64_t)term(e));
		else
			v = (int64_t)((uint64_t)v - (uint64_t)term(e));
	}
}

static int64_t shift(struct expr *e)
{
	int64_t v = sum(e);

	for (;;) {
		bool left;
		int64_t r;

		skip_blanks(e);
		if (!((e->p[0] == '<' && e->p[1] == '<') ||
		      (e->p[0] == '>' && e->p[1] == '>')))
			return v;
		left = e->p[0] == '<';
		e->p += 2;
		r = sum(e) & 63;
		v = left ? (int64_t)((uint64_t)v << r) : (int64_t)((uint64_t)v >> r);
	}
}

static int64_t expr_or(struct expr *e)
{
	int64_t v = shift(e);

	for (;;) {
		char op;

		skip_blanks(e);
		op = *e->p;
		if (op != '&' && op != '|' && op != '^')
			return v;
		e->p++;
		if (op == '&')
			v &= shift(e);
		else if (op == '|')
			v |= shift(e);
		else
			v ^= shift(e);
	}
}

bool monitor_expr(struct monitor *mon, const char **p, int64_t *val)
{
	struct expr e = { .mon = mon, .p = *p };

	*val = expr_or(&e);
	if (e.err)
		return false;
	skip_blanks(&e);
	*p = e.p;
	return true;
}
