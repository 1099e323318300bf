/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Table-driven instruction checks shared by alu.c, shift.c and muldiv.c.
 * The tables (*-cases.h) are generated from the SDM's definitions by
 * gen/gen-tables.py; see there for the columns.
 *
 * Every case runs twice: with the arithmetic flags other than an input CF
 * all clear, then all set, so a flag the instruction should write but does
 * not, or should keep but does not, shows in one of the two runs.  Undefined
 * flags (SDM "Flags Affected": "undefined") are not compared.
 */
#ifndef TESTS_CPU_OP_CASE_H
#define TESTS_CPU_OP_CASE_H

struct op_case {
	u64 a;
	u32 b, res, hi;
	u16 flags, keep, undef;
	u8 cf;
};

#define C(a_, b_, cf_, res_, hi_, fl_, keep_, undef_)			\
	{ .a = a_, .b = b_, .res = res_, .hi = hi_, .flags = fl_,	\
	  .keep = keep_, .undef = undef_, .cf = cf_ }

/*
 * One instruction form: runs case c with EFLAGS *flags (in and out), returns
 * the result and stores a second result (high half, remainder) in *hi.
 * "unsigned long" is the width of PUSHF/POPF on the machine compiling it.
 */
typedef u32 (*op_fn)(const struct op_case *c, unsigned long *flags, u32 *hi);

/* which outputs a form has, beyond the result and the flags */
#define OP_HI		1	/* compare the second result */
#define OP_CF_IN	2	/* the cf column is the CF input */

static inline unsigned long op_flags_in(const struct op_case *c, int run,
					int how)
{
	unsigned long f = 0x2;	/* EFLAGS bit 1 reads as 1 */

	if (how & OP_CF_IN)
		f |= (c->cf ? FL_CF : 0) | (run ? FL_ARITH & ~FL_CF : 0);
	else
		f |= run ? FL_ARITH : 0;
	return f;
}

/* returns true when case c's run gave the expected outputs */
static inline bool op_run(op_fn fn, const struct op_case *c, int run, int how,
			  u32 *res, u32 *hi, unsigned long *fout)
{
	unsigned long fin = op_flags_in(c, run, how);
	unsigned long want = (fin & c->keep) | c->flags;
	unsigned long cmp = FL_ARITH & ~c->undef;

	*fout = fin;
	*hi = 0;
	*res = fn(c, fout, hi);
	return *res == c->res && (!(how & OP_HI) || *hi == c->hi) &&
	       !((*fout ^ want) & cmp);
}

/*
 * One report per instruction form: "name" passes when every case does;
 * a failure lists its first mismatching cases on detail lines.
 */
static inline void op_table(const char *name, op_fn fn,
			    const struct op_case *cases, int n, int how)
{
	unsigned long fout;
	u32 res, hi;
	int i, run, bad = 0, shown = 0;

	for (i = 0; i < n; i++)
		for (run = 0; run < 2; run++)
			if (!op_run(fn, &cases[i], run, how, &res, &hi, &fout))
				bad++;
	if (!bad) {
		reportf(true, "%s (%d cases)", name, n);
		return;
	}
	tests_run++;
	tests_failed++;
	printf("FAIL: %s (%d cases) -- %d of %d runs differ\n", name, n, bad,
	       2 * n);
	for (i = 0; i < n && shown < 6; i++) {
		const struct op_case *c = &cases[i];

		for (run = 0; run < 2; run++) {
			if (op_run(fn, c, run, how, &res, &hi, &fout))
				continue;
			unsigned long fin = op_flags_in(c, run, how);
			unsigned long want = (fin & c->keep) | c->flags;

			detail("a=0x%llx b=0x%x flags in 0x%03lx: got 0x%x:0x%x flags 0x%03lx, want 0x%x:0x%x flags 0x%03lx (undefined 0x%03x)",
			       c->a, c->b, fin, hi, res, fout & FL_ARITH,
			       (how & OP_HI) ? c->hi : 0, c->res,
			       want & FL_ARITH & ~c->undef, c->undef);
			shown++;
		}
	}
}

#define OP_TABLE(name, fn, cases, how) \
	op_table(name, fn, cases, ARRAY_SIZE(cases), how)

/*
 * Only the cases whose second operand is b: for forms with an immediate
 * operand or count, which is fixed in the instruction.
 */
static inline void op_table_sel(const char *name, op_fn fn,
				const struct op_case *cases, int n, int how,
				u32 b)
{
	struct op_case sel[64];
	int i, k = 0;

	for (i = 0; i < n && k < (int)ARRAY_SIZE(sel); i++)
		if (cases[i].b == b)
			sel[k++] = cases[i];
	if (!k) {
		report(name, false);	/* a table without the immediate */
		return;
	}
	op_table(name, fn, sel, k, how);
}

#endif
