// SPDX-License-Identifier: GPL-2.0-only
/*
 * The soft-float edge cases and properties as a plain TAP program, for
 * hosts without cmocka: `make check-softfloat-cross` builds it for aarch64
 * and runs it under qemu-user, proving the library gives the same bits on
 * a host whose FPU is not x86's (tests/unit/cross.mk).
 */
#include <stdio.h>
#include <string.h>

#include "softfloat_gen.h"
#include "softfloat_vectors.h"

static uint64_t digest = 0xcbf29ce484222325ull;

/* FNV-1a over everything an operation reports; the flags accumulate in
 * the status block and enter the digest with each f80 result. */
static void mix(uint64_t v)
{
	int i;

	for (i = 0; i < 8; i++) {
		digest ^= (v >> (8 * i)) & 0xff;
		digest *= 0x100000001b3ull;
	}
}

static void mix80(f80 r, const struct sf_status *s, int aux)
{
	mix(r.mant);
	mix(r.se | (uint64_t)s->flags << 16 | (uint64_t)s->rounded_up << 24 |
	    (uint64_t)(unsigned)aux << 32);
}

/*
 * Every operation over random operands (the generators of the host
 * comparison) in every rounding mode and precision: a digest of all the
 * results, flags and C1 bits.  Equal digests from an x86 build (whose
 * results test_softfloat_host.c compares with the CPU) and from another
 * host show that host computes the same bits.
 */
static uint64_t run_digest(void)
{
	f80 zero = { 0, 0 }, a, b, r, e;
	unsigned rc, pc, i, q;
	bool flag;
	int cmp;

	gen_seed(42);
	for (rc = 0; rc < 4; rc++) {
		for (pc = 0; pc < 4; pc++) {
			for (i = 0; i < 4000; i++) {
				struct sf_status s = { .round = rc, .prec = pc,
						       .daz = i & 1,
						       .ftz = i & 2 };
				uint32_t x32 = (uint32_t)gen_ieee(23, 8,
							GEN_ANY, 0);
				uint32_t y32 = (uint32_t)gen_ieee(23, 8,
							GEN_MUL, x32);
				uint64_t x64 = gen_ieee(52, 11, GEN_ANY, 0);
				uint64_t y64 = gen_ieee(52, 11, GEN_DIV, x64);

				a = gen_f80(GEN_ANY, zero);
				b = gen_f80((enum gen_near)(i % 4), a);
				s.unmasked = (i & 4) ? SF_OVERFLOW |
					     SF_UNDERFLOW : 0;
				mix80(f80_add(a, b, &s), &s, 0);
				mix80(f80_sub(a, b, &s), &s, 0);
				mix80(f80_mul(a, b, &s), &s, 0);
				mix80(f80_div(a, b, &s), &s, 0);
				mix80(f80_sqrt(a, &s), &s, 0);
				mix80(f80_round_to_int(a, &s), &s, 0);
				cmp = f80_compare(a, b, i & 1, &s);
				mix80(zero, &s, cmp);
				mix(f80_to_f32(a, &s));
				mix(f80_to_f64(a, &s));
				mix((uint64_t)f80_to_i16(a, &s));
				mix((uint64_t)f80_to_i32(a, &s));
				mix((uint64_t)f80_to_i64_trunc(a, &s));
				mix80(f80_scale(a, b, &s), &s, 0);
				r = f80_extract(a, &e, &s);
				mix80(r, &s, 0);
				mix80(e, &s, 0);
				r = f80_rem(a, b, i & 1, &flag, &q, &s);
				mix80(r, &s, (int)(q | flag << 3));
				mix(f32_add(x32, y32, &s));
				mix(f32_mul(x32, y32, &s));
				mix(f32_div(x32, y32, &s));
				mix(f32_sqrt(x32, &s));
				mix(f32_to_f64(x32, &s));
				mix((uint64_t)f32_to_i64(x32, &s));
				mix(f64_sub(x64, y64, &s));
				mix(f64_mul(x64, y64, &s));
				mix(f64_div(x64, y64, &s));
				mix(f64_sqrt(x64, &s));
				mix(f64_to_f32(x64, &s));
				mix((uint64_t)f64_to_i32(x64, &s));
				mix(i64_to_f32((int64_t)x64, &s));
				mix(i64_to_f64((int64_t)y64, &s));
				cmp = f64_compare(x64, y64, i & 1, &s);
				r = f64_to_f80(x64, &s);
				mix80(r, &s, cmp);
				if (pc != SF_PREC_64 || i % 8)
					continue;
				r = f80_sin(a, &flag, &s);
				mix80(r, &s, flag);
				r = f80_cos(a, &flag, &s);
				mix80(r, &s, flag);
				r = f80_tan(a, &flag, &s);
				mix80(r, &s, flag);
				mix80(f80_atan2(a, b, &s), &s, 0);
				mix80(f80_2xm1(a, &s), &s, 0);
				mix80(f80_yl2x(a, b, &s), &s, 0);
				mix80(f80_yl2xp1(a, b, &s), &s, 0);
			}
		}
	}
	return digest;
}

int main(int argc, char **argv)
{
	unsigned failed = 0, n = 0;
	char msg[400];
	size_t i;

	if (argc > 1 && !strcmp(argv[1], "--digest")) {
		printf("%016llx\n", (unsigned long long)run_digest());
		return 0;
	}
	printf("1..%zu\n", SFV_COUNT + 2);
	for (i = 0; i < SFV_COUNT; i++) {
		const struct sfv *v = &sfv_table[i];
		bool ok = sfv_check(v, msg, sizeof(msg));

		printf("%s %u - %s rc=%u pc=%u row %zu\n", ok ? "ok" : "not ok",
		       ++n, sfv_names[v->op], v->rc, v->pc, i);
		if (!ok) {
			printf("# %s\n", msg);
			failed++;
		}
	}
	msg[0] = 0;
	if (sfv_prop_roundtrip(msg, sizeof(msg))) {
		printf("not ok %u - conversions round trip\n# %s\n", ++n, msg);
		failed++;
	} else {
		printf("ok %u - conversions round trip\n", ++n);
	}
	msg[0] = 0;
	if (sfv_prop_exact(msg, sizeof(msg))) {
		printf("not ok %u - exact results are exact\n# %s\n", ++n, msg);
		failed++;
	} else {
		printf("ok %u - exact results are exact\n", ++n);
	}
	printf("%u passed, %u failed\n", n - failed, failed);
	return failed ? 1 : 0;
}
