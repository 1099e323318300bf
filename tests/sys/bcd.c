// SPDX-License-Identifier: GPL-2.0-only
/*
 * Decimal adjust instructions, with the examples and rules of the SDM
 * Vol. 2 entries DAA, DAS, AAA, AAS, AAM and AAD (32-bit only: they are
 * invalid in 64-bit mode, so the host CPU cannot be the oracle here).
 */
#include "sys.h"

#define CF 0x01u
#define AF 0x10u

/* Run @insn with EAX = @ax and the given CF/AF; return EAX, flags in *f. */
#define BCD(insn, ax, in_flags, f)					\
	({								\
		u32 a_ = (ax), fl_;					\
		asm volatile("push %2\n popf\n " insn "\n pushf\n pop %1"	\
			     : "+a"(a_), "=r"(fl_) : "r"((u32)(in_flags) | 2)); \
		*(f) = fl_;						\
		a_;							\
	})

void cmain(void)
{
	u32 f, v;

	sys_init();
	/* SDM DAA example: 79 + 35 = AE, DAA gives 14 with CF and AF */
	v = BCD("daa", 0xae, 0, &f);
	check("daa 0xae -> 0x14", v & 0xff, 0x14);
	check("... CF and AF set", f & (CF | AF), CF | AF);
	v = BCD("daa", 0x09, AF, &f);
	check("daa with AF adds 6", v & 0xff, 0x0f);
	/* SDM DAS example: 35 - 47 = EE, DAS gives 88 with CF and AF */
	v = BCD("das", 0xee, CF | AF, &f);
	check("das 0xee -> 0x88", v & 0xff, 0x88);
	check("... CF and AF set", f & (CF | AF), CF | AF);
	/* 8 + 9 = 0x11 with AF: AAA gives AH += 1, AL = 7 */
	v = BCD("aaa", 0x0011, AF, &f);
	check("aaa after 8 + 9", v & 0xffff, 0x0107);
	check("... CF and AF set", f & (CF | AF), CF | AF);
	v = BCD("aaa", 0x0005, 0, &f);
	check("aaa without adjustment keeps AL's low nibble", v & 0xffff, 0x0005);
	check("... CF and AF clear", f & (CF | AF), 0);
	/* 2 - 5 = 0xfd with AF: AAS gives AH -= 1, AL = 7 */
	v = BCD("aas", 0x01fd, AF, &f);
	check("aas after 2 - 5", v & 0xffff, 0x0007);
	check("... CF and AF set", f & (CF | AF), CF | AF);
	v = BCD("aam", 63, 0, &f);
	check("aam: 63 -> AH 6, AL 3", v & 0xffff, 0x0603);
	v = BCD(".byte 0xd4, 0x10", 0x3f, 0, &f);
	check("aam 16 splits nibbles", v & 0xffff, 0x030f);
	v = BCD("aad", 0x0603, 0, &f);
	check("aad: AH 6, AL 3 -> 63", v & 0xffff, 63);
	v = BCD("aad", 0x0000, 0, &f);
	check("aad 0 sets ZF", f & 0x40, 0x40);
	v = EXPECT_FAULT(".byte 0xd4, 0x00", : : : "eax");
	check("aam 0 is #DE", v, 0);
	finish();
}
