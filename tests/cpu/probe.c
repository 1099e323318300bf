#include "libcpu.h"
int main(void)
{
	u32 a,b,c,d;
	cpuid(0,0,&a,&b,&c,&d); printf("max %x\n", a);
	cpuid(1,0,&a,&b,&c,&d); printf("1: eax %x ebx %x ecx %x edx %x\n", a,b,c,d);
	cpuid(0x80000000,0,&a,&b,&c,&d); printf("ext max %x\n", a);
	cpuid(0x80000001,0,&a,&b,&c,&d); printf("e1: ecx %x edx %x\n", c,d);
	printf("cr0 %x cr4 %x eflags %x\n", read_cr0(), read_cr4(), read_eflags());
	report("hello", 1);
	asm volatile(ASM_TRY("1f") "ud2\n1:" ::: "memory");
	report_eq("ud2", ex_caught(), 6);
	printf("%d %u %x %08x %s %c %llx %5d|%-5d|\n", -5, 7u, 0xabcu, 0x12u, "str", 'c', 0x123456789abcdefULL, 42, 42);
	return 0;
}
