// SPDX-License-Identifier: GPL-2.0-only
/*
 * A Linux i386 user program, freestanding (no libc: the host has no
 * 32-bit one), that computes with the x87 FPU and with SSE/SSE2 and
 * prints the bit patterns of its results.  tests/guest/linux-boot runs it
 * inside the guest and on the host (an x86-64 kernel runs i386 programs),
 * and the two outputs must be equal: the same instructions on ringvm's
 * soft-float and on the real CPU.
 *
 * Built with gcc -m32 -static -nostdlib -ffreestanding -fno-strict-aliasing
 * -O2 -msse2 (tests/guest/linux-boot).
 */
typedef unsigned int u32;
typedef unsigned long long u64;

static long sys3(long nr, long a, long b, long c)
{
	long ret;

	asm volatile("int $0x80" : "=a"(ret) : "a"(nr), "b"(a), "c"(b), "d"(c)
		     : "memory");
	return ret;
}

static char out[4096];
static int len;

static void put(const char *s)
{
	while (*s && len < (int)sizeof(out))
		out[len++] = *s++;
}

static void hex(u64 v, int digits)
{
	char b[17];

	for (int i = digits - 1; i >= 0; i--, v >>= 4)
		b[i] = "0123456789abcdef"[v & 15];
	b[digits] = 0;
	put(b);
}

/* x87: the harmonic sum in 80-bit extended precision, its FSQRT and a
 * product/quotient; the 10 bytes of each.  (No transcendentals: real
 * CPUs differ among themselves in their last bit.) */
static void x87_part(void)
{
	long double s = 0, r, t;
	unsigned char *p;

	for (int i = 1; i <= 1000; i++)
		s += 1.0L / i;
	asm("fsqrt" : "=t"(r) : "0"(s));
	t = s * 3.0L / 7.0L;
	put("x87");
	p = (unsigned char *)&s;
	put(" sum=");
	hex((u64)p[9] << 8 | p[8], 4);
	hex(*(u64 *)p, 16);
	p = (unsigned char *)&r;
	put(" sqrt=");
	hex((u64)p[9] << 8 | p[8], 4);
	hex(*(u64 *)p, 16);
	p = (unsigned char *)&t;
	put(" mul=");
	hex((u64)p[9] << 8 | p[8], 4);
	hex(*(u64 *)p, 16);
	put("\n");
}

/* SSE/SSE2: packed single and double arithmetic, sqrt, conversions. */
static void sse_part(void)
{
	float f[4] __attribute__((aligned(16))) = { 1.0f, 3.0f, 7.0f, 1e-38f };
	float g[4] __attribute__((aligned(16))) = { 3.0f, 7.0f, 11.0f, 3.0f };
	double d[2] __attribute__((aligned(16))) = { 2.0, 1e300 };
	double e[2] __attribute__((aligned(16))) = { 3.0, 1e-300 };
	u32 mxcsr;
	int n;

	asm("divps %1, %0" : "+x"(*(float __attribute__((vector_size(16))) *)f)
	    : "x"(*(float __attribute__((vector_size(16))) *)g));
	asm("sqrtpd %1, %0" : "=x"(*(double __attribute__((vector_size(16))) *)e)
	    : "x"(*(double __attribute__((vector_size(16))) *)d));
	asm("cvttsd2si %1, %0" : "=r"(n) : "x"(e[0] * 1e6));
	asm("stmxcsr %0" : "=m"(mxcsr));
	put("sse");
	for (int i = 0; i < 4; i++) {
		put(" ");
		hex(*(u32 *)&f[i], 8);
	}
	for (int i = 0; i < 2; i++) {
		put(" ");
		hex(*(u64 *)&e[i], 16);
	}
	put(" int=");
	hex((u32)n, 8);
	put(" mxcsr=");
	hex(mxcsr, 8);
	put("\n");
}

__attribute__((force_align_arg_pointer)) void _start(void)
{
	x87_part();
	sse_part();
	sys3(4, 1, (long)out, len);	/* write */
	sys3(1, 0, 0, 0);		/* exit */
	for (;;)
		;
}
