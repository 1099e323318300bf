// SPDX-License-Identifier: GPL-2.0-only
/*
 * Checks whose failure, on a CPU model that gets them wrong, can end the
 * whole program rather than print a FAIL line, kept apart so that they
 * cannot hide the results of the other programs.  QEMU 7.2 is such a model
 * for all three (see qemu-deviations): tests/cpu/run does not run this
 * program under it.
 *
 * IDIV of the most negative dividend by -1 in 16 and 32 bits: the quotient
 * 2^31 or 2^63 does not fit AX or EAX, so the SDM's IDIV operation raises
 * #DE ("IF (temp > 7FFFH) or (temp < 8000H) THEN #DE") with the registers
 * unchanged.  MOV to CR4 with a reserved bit set raises #GP(0) (SDM Vol. 2B,
 * MOV to/from control registers; Vol. 3A, 2.5: CR4 bit 31 is reserved).
 */
#include "libcpu.h"

int main(void)
{
	u32 eax, edx, cr4 = read_cr4();
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

	asm volatile(ASM_TRY("1f") "movl %0, %%cr4\n\t1:"
		     : : "r"(cr4 | 0x80000000) : "memory");
	vec = ex_caught();
	write_cr4(cr4);
	report("cr4 reserved bit 31: #GP(0)", vec == GP_VECTOR &&
	       ex_error == 0);
	return 0;
}
