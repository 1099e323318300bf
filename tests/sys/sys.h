/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The runtime of the system-level guest tests: multiboot entry, COM1
 * output, PASS/FAIL reports, the exit port, a GDT with ring 0 and ring 3
 * segments and a TSS, and an IDT whose 32 exception stubs record the
 * vector, error code and faulting EIP, then resume at a recovery address
 * (EXPECT_FAULT).  Everything is header-only so each test is one file.
 */
#ifndef RINGVM_TESTS_SYS_H
#define RINGVM_TESTS_SYS_H

typedef unsigned int u32;
typedef unsigned short u16;
typedef unsigned char u8;
typedef unsigned long long u64;

__attribute__((section(".mb"), used))
static const u32 multiboot_header[3] = { 0x1badb002, 0, -0x1badb002 };

u8 stack0[16384] __attribute__((aligned(16)));
void cmain(void);
asm(".globl _start\n_start: mov $stack0+16384, %esp\n call cmain\n");

static inline void outb(u16 port, u8 v)
{
	asm volatile("outb %0, %1" : : "a"(v), "Nd"(port));
}

static inline u8 inb(u16 port)
{
	u8 v;

	asm volatile("inb %1, %0" : "=a"(v) : "Nd"(port));
	return v;
}

static void putc_(char c)
{
	outb(0x3f8, (u8)c);
}

static void puts_(const char *s)
{
	while (*s)
		putc_(*s++);
}

static void puthex(u32 v)
{
	int i;

	puts_("0x");
	for (i = 28; i >= 0; i -= 4)
		putc_("0123456789abcdef"[(v >> i) & 15]);
}

static int failures, tests;

/* Report a check; on failure show what was seen and expected. */
static void check(const char *name, u32 got, u32 want)
{
	tests++;
	if (got == want) {
		puts_("PASS: ");
		puts_(name);
	} else {
		failures++;
		puts_("FAIL: ");
		puts_(name);
		puts_(" got ");
		puthex(got);
		puts_(" want ");
		puthex(want);
	}
	putc_('\n');
}

static void __attribute__((noreturn)) finish(void)
{
	puts_("SUMMARY: ");
	putc_((char)('0' + tests / 100 % 10));
	putc_((char)('0' + tests / 10 % 10));
	putc_((char)('0' + tests % 10));
	puts_(failures ? " tests, failures\n" : " tests, no failures\n");
	outb(0xf4, failures ? 1 : 0);
	for (;;)
		asm volatile("cli; hlt");
}

/* --- descriptors --- */

#define SEL_CODE0 0x08
#define SEL_DATA0 0x10
#define SEL_CODE3 0x1b
#define SEL_DATA3 0x23
#define SEL_TSS 0x28
#define SEL_FREE 0x30	/* tests put their own descriptors from here */

u32 gdt[32][2] __attribute__((aligned(8)));
u32 idt[256][2] __attribute__((aligned(8)));
/* A 32-bit TSS with a full I/O permission bitmap (SDM Vol. 1 §19.5.2):
 * ring 3 may use COM1 and the exit port, and no other port. */
struct {
	u32 regs[26];
	u8 iomap[8192 + 1];
} __attribute__((packed, aligned(8))) tss_all;
#define tss (tss_all.regs)
u8 stack_ring0[8192] __attribute__((aligned(16)));

static void set_desc(int i, u32 base, u32 limit, u32 access, u32 flags)
{
	gdt[i][0] = (limit & 0xffff) | (base << 16);
	gdt[i][1] = ((base >> 16) & 0xff) | (access << 8) |
		    (limit & 0xf0000) | (flags << 20) | (base & 0xff000000);
}

static void set_gate(int vec, void (*fn)(void), u32 type_dpl)
{
	u32 h = (u32)fn;

	idt[vec][0] = ((u32)SEL_CODE0 << 16) | (h & 0xffff);
	idt[vec][1] = (h & 0xffff0000) | type_dpl;
}

/* --- exceptions: stubs push (error or 0) and the vector --- */

volatile u32 exc_vec = 0xffffffff, exc_err, exc_eip, exc_cr2;
u32 recover_eip;

void exc_common(void);
asm(".globl exc_common\n"
    "exc_common:\n"
    "  push %eax\n"
    "  mov 4(%esp), %eax\n  mov %eax, exc_vec\n"
    "  mov 8(%esp), %eax\n  mov %eax, exc_err\n"
    "  mov 12(%esp), %eax\n mov %eax, exc_eip\n"
    "  mov %cr2, %eax\n     mov %eax, exc_cr2\n"
    "  mov recover_eip, %eax\n"
    "  test %eax, %eax\n  jz 1f\n"
    "  mov %eax, 12(%esp)\n"	/* resume at the recovery point */
    "  movl $0, recover_eip\n"
    "  pop %eax\n  add $8, %esp\n  iret\n"
    "1: mov $0x3f8, %dx\n mov $'!', %al\n out %al, %dx\n"
    "  mov $0xf4, %dx\n mov $3, %al\n out %al, %dx\n  hlt\n");

#define STUB_NOERR(n) "exc" #n ": push $0\n push $" #n "\n jmp exc_common\n"
#define STUB_ERR(n) "exc" #n ": push $" #n "\n jmp exc_common\n"
asm(".align 16\n"
    STUB_NOERR(0) STUB_NOERR(1) STUB_NOERR(2) STUB_NOERR(3) STUB_NOERR(4)
    STUB_NOERR(5) STUB_NOERR(6) STUB_NOERR(7) STUB_ERR(8) STUB_NOERR(9)
    STUB_ERR(10) STUB_ERR(11) STUB_ERR(12) STUB_ERR(13) STUB_ERR(14)
    STUB_NOERR(15) STUB_NOERR(16) STUB_ERR(17) STUB_NOERR(18) STUB_NOERR(19));
void exc0(void), exc1(void), exc2(void), exc3(void), exc4(void), exc5(void),
	exc6(void), exc7(void), exc8(void), exc9(void), exc10(void),
	exc11(void), exc12(void), exc13(void), exc14(void), exc15(void),
	exc16(void), exc17(void), exc18(void), exc19(void);

/*
 * Run @code (asm text) expecting a fault: returns the vector (0xffffffff
 * if none), with exc_err, exc_eip, exc_cr2 set.  Registers at the fault
 * are whatever the asm left: the asm must declare what it clobbers.
 */
#define EXPECT_FAULT(code, ...)						\
	({								\
		exc_vec = 0xffffffff;					\
		asm volatile("movl $1f, recover_eip\n" code "\n1:\n"	\
			     "movl $0, recover_eip\n" __VA_ARGS__);	\
		exc_vec;						\
	})

static void sys_init(void)
{
	struct { u16 limit; u32 base; } __attribute__((packed)) r;
	static void (*const stubs[20])(void) = {
		exc0, exc1, exc2, exc3, exc4, exc5, exc6, exc7, exc8, exc9,
		exc10, exc11, exc12, exc13, exc14, exc15, exc16, exc17, exc18, exc19,
	};
	int i;

	set_desc(1, 0, 0xfffff, 0x9a, 0xc);
	set_desc(2, 0, 0xfffff, 0x92, 0xc);
	set_desc(3, 0, 0xfffff, 0xfa, 0xc);
	set_desc(4, 0, 0xfffff, 0xf2, 0xc);
	set_desc(5, (u32)&tss_all, sizeof(tss_all) - 1, 0x89, 0);
	tss[1] = (u32)stack_ring0 + sizeof(stack_ring0);	/* esp0 */
	tss[2] = SEL_DATA0;				/* ss0 */
	tss[25] = (u32)sizeof(tss_all.regs) << 16;	/* the I/O bitmap */
	for (i = 0; i < (int)sizeof(tss_all.iomap); i++)
		tss_all.iomap[i] = 0xff;
	tss_all.iomap[0x3f8 / 8] = 0x00;		/* 0x3f8-0x3ff */
	tss_all.iomap[0xf4 / 8] &= ~(1u << (0xf4 % 8));
	r.limit = sizeof(gdt) - 1;
	r.base = (u32)gdt;
	asm volatile("lgdt %0\n ljmp $8, $1f\n 1:\n"
		     "mov $0x10, %%ax\n mov %%ax, %%ds\n mov %%ax, %%es\n"
		     "mov %%ax, %%ss\n mov %%ax, %%fs\n mov %%ax, %%gs\n"
		     : : "m"(r) : "eax", "memory");
	asm volatile("ltr %w0" : : "r"(SEL_TSS));
	for (i = 0; i < 20; i++)
		set_gate(i, stubs[i], 0x8e00);	/* interrupt gates, DPL 0 */
	set_gate(3, exc3, 0xee00);		/* int3 and into from ring 3 */
	set_gate(4, exc4, 0xee00);
	r.limit = sizeof(idt) - 1;
	r.base = (u32)idt;
	asm volatile("lidt %0" : : "m"(r));
}

#endif
