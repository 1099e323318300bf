// SPDX-License-Identifier: GPL-2.0-only
/*
 * IDIV of the most negative dividend by -1 in 16 and 32 bits: the quotient
 * 2^31 or 2^63 does not fit AX or EAX, so the SDM's IDIV operation raises
 * #DE ("IF (temp > 7FFFH) or (temp < 8000H) THEN #DE") with the registers
 * unchanged.  Kept apart from muldiv.c because QEMU 7.2 computes these
 * divisions with a host IDIV and dies of SIGFPE (see qemu-deviations).
 */
#include "libcpu.h"

int main(void)
{
	u32 eax, edx;
	int vec;

	eax = 0x12340000;
	edx = 0x56788000;	/* DX:AX = 0x8000:0000 = -2^31 */
	asm volatile(ASM_TRY("1f") "idivw %w2\n\t1:"
		     : "+a"(eax), "+d"(edx) : "b"(0xffff) : "memory", "cc");
	vec = ex_caught();
	report("#DE idiv r16 -2^31 / -1", vec == DE_VECTOR &&
	       eax == 0x12340000 && edx == 0x56788000);

	eax = 0;
	edx = 0x80000000;	/* EDX:EAX = -2^63 */
	asm volatile(ASM_TRY("1f") "idivl %2\n\t1:"
		     : "+a"(eax), "+d"(edx) : "b"(0xffffffff) : "memory", "cc");
	vec = ex_caught();
	report("#DE idiv r32 -2^63 / -1", vec == DE_VECTOR && eax == 0 &&
	       edx == 0x80000000);
	return 0;
}
