/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The freestanding runtime of the CPU test programs (tests/cpu/NAME.c): COM1
 * output, PASS/FAIL reports, the GDT, the IDT and exception recovery.
 *
 * A program defines main(); crt0.S has loaded a flat GDT, zeroed .bss and
 * installed handlers for the 32 exception vectors before calling it, and
 * calls exit_tests() when it returns.  Nothing here reads the multiboot
 * information structure.
 *
 * SDM references in tests/cpu are to the Intel 64 and IA-32 Architectures
 * Software Developer's Manual, with the chapter numbers of its 2016-2022
 * editions: Vol. 3A 4 "Paging", 5 "Protection", 6 "Interrupt and Exception
 * Handling", 7 "Task Management", 8 "Multiple-Processor Management", 9
 * "Processor Management and Initialization"; Vol. 3 11 "Memory Cache
 * Control"; Vol. 3B 20 "8086 Emulation".  Later editions renumber some of
 * them; section titles are quoted where it helps to find them.
 */
#ifndef TESTS_CPU_LIBCPU_H
#define TESTS_CPU_LIBCPU_H

typedef unsigned char u8;
typedef unsigned short u16;
typedef unsigned int u32;
typedef unsigned long long u64;
typedef signed char s8;
typedef short s16;
typedef int s32;
typedef long long s64;
typedef unsigned int size_t;
typedef _Bool bool;
#define true 1
#define false 0
#define NULL ((void *)0)

#define ARRAY_SIZE(a) (sizeof(a) / sizeof((a)[0]))
#define __noreturn __attribute__((noreturn))
#define __printf(a, b) __attribute__((format(printf, a, b)))
#define __aligned(n) __attribute__((aligned(n)))

/* --- GDT layout (lib/desc.c) ------------------------------------------- */
#define KERNEL_CS	0x08
#define KERNEL_DS	0x10
#define USER_CS		0x18	/* DPL 3: use as USER_CS | 3 */
#define USER_DS		0x20	/* DPL 3: use as USER_DS | 3 */
#define TSS_SEL		0x28	/* 32-bit TSS, for run_user */
#define GDT_FIRST_FREE	6	/* 6 .. GDT_ENTRIES-1: the tests' */
#define GDT_ENTRIES	32

/* Access byte of a descriptor (SDM Vol. 3A, 3.4.5, Figure 3-8) */
#define DESC_P		0x80
#define DESC_DPL(n)	((n) << 5)
#define DESC_S		0x10	/* code or data (not system) */
#define DESC_CODE	0x08
#define DESC_CONFORM	0x04	/* code: conforming */
#define DESC_EXPDOWN	0x04	/* data: expand-down */
#define DESC_READ	0x02	/* code: readable */
#define DESC_WRITE	0x02	/* data: writable */
#define DESC_ACC	0x01
#define DESC_CODE32	(DESC_P | DESC_S | DESC_CODE | DESC_READ)
#define DESC_DATA32	(DESC_P | DESC_S | DESC_WRITE)
/* system types (SDM Vol. 3A, 3.5, Table 3-2) */
#define DESC_TSS32	0x09	/* available 32-bit TSS; busy is 0x0b */
#define DESC_TSS32_BUSY	0x0b
#define DESC_LDT	0x02
#define DESC_CALL32	0x0c
#define DESC_TASK	0x05
#define DESC_INT32	0x0e
#define DESC_TRAP32	0x0f
/* flags nibble: granularity 4 KiB, default size 32 bit */
#define DESC_G		0x8
#define DESC_DB		0x4

struct desc {
	u16 limit0;
	u16 base0;
	u8 base16;
	u8 access;
	u8 limit16_flags;
	u8 base24;
} __attribute__((packed));

struct gate {
	u16 off0;
	u16 sel;
	u8 zero;
	u8 access;
	u16 off16;
} __attribute__((packed));

struct dtr {
	u16 limit;
	u32 base;
} __attribute__((packed));

/* 32-bit TSS (SDM Vol. 3A, 7.2.1) */
struct tss32 {
	u32 link, esp0, ss0, esp1, ss1, esp2, ss2;
	u32 cr3, eip, eflags, eax, ecx, edx, ebx, esp, ebp, esi, edi;
	u32 es, cs, ss, ds, fs, gs, ldt;
	u16 trap, iomap;
} __attribute__((packed));

extern struct desc gdt[GDT_ENTRIES];
extern struct gate idt[256];
extern struct tss32 tss;

void gdt_set(int index, u32 base, u32 limit, u8 access, u8 flags);
void idt_set(int vec, void *handler, u16 sel, u8 type, int dpl);
void idt_set_task(int vec, u16 tss_sel, int dpl);
void tss_load(void);

/* --- exceptions (lib/desc.c, lib/isr.S) ------------------------------- */
/* The frame the common stub builds, lowest address first. */
struct ex_regs {
	u32 gs, fs, es, ds;		/* low 16 bits (SDM Vol. 2B PUSH) */
	u32 edi, esi, ebp, esp0, ebx, edx, ecx, eax;	/* pusha */
	u32 vector, error;		/* error: 0 when the CPU has none */
	u32 eip, cs, eflags;		/* pushed by the CPU */
	u32 esp, ss;			/* only on a privilege change */
	u32 v86_es, v86_ds, v86_fs, v86_gs; /* only from virtual-8086 mode */
};

typedef void (*ex_handler_t)(struct ex_regs *regs);

/*
 * The last exception taken: its vector (-1 when none since ASM_TRY), error
 * code, the CS:EIP and EFLAGS the CPU saved, and CR2 read in the handler.
 */
extern volatile u32 ex_vector, ex_error, ex_eip, ex_cs, ex_eflags, ex_cr2;
extern volatile u32 ex_esp, ex_count;
/* Where the next exception resumes (0: an exception is a test failure). */
extern volatile u32 ex_recover;

/*
 * ASM_TRY("1f") at the start of an asm statement: an exception before the
 * statement reaches label 1 is recorded and resumes at label 1, with the
 * general registers as they were when the CPU delivered it.  Read the result
 * with ex_caught() right after the asm statement, which must clobber
 * "memory".
 */
#define ASM_TRY(catch)						\
	"movl $-1, ex_vector\n\t"				\
	"movl $" catch ", ex_recover\n\t"

/* The vector caught since ASM_TRY, or -1; ends the recovery window. */
static inline int ex_caught(void)
{
	ex_recover = 0;
	return (int)ex_vector;
}

/* Handle vector vec with fn (NULL: back to recording + ASM_TRY). */
void ex_set_handler(int vec, ex_handler_t fn);

/*
 * Run fn at CPL 3 (flat USER_CS/USER_DS, its own stack, EFLAGS.IOPL from
 * iopl) and return what it returns.  fn must not print: I/O faults at CPL 3
 * unless iopl is 3.  It returns to ring 0 through an interrupt gate of DPL 3
 * (USER_RET_VEC).
 */
#define USER_RET_VEC	0x7f
u32 run_user(u32 (*fn)(void), int iopl);
extern u8 user_stack_top[];
extern u8 kernel_int_stack_top[];

/* --- output and reports (lib/printf.c, lib/report.c) -------------------- */
int printf(const char *fmt, ...) __printf(1, 2);
int snprintf(char *buf, size_t size, const char *fmt, ...) __printf(3, 4);
typedef __builtin_va_list va_list;
#define va_start(ap, last) __builtin_va_start(ap, last)
#define va_arg(ap, type) __builtin_va_arg(ap, type)
#define va_end(ap) __builtin_va_end(ap)
int vsnprintf(char *buf, size_t size, const char *fmt, va_list ap);
void serial_init(void);
void putchar_serial(char c);

/*
 * report: one line "PASS: name" or "FAIL: name".  Details follow a FAIL
 * after " -- " on the same line, and on lines starting with "# ".  Names
 * must not contain " -- " (tests/cpu/run splits there).
 */
void report(const char *name, bool pass);
void reportf(bool pass, const char *fmt, ...) __printf(2, 3);
bool report_eq(const char *name, u32 got, u32 want);
bool report_eq64(const char *name, u64 got, u64 want);
void report_skip(const char *name, const char *why);
/* a "# ..." detail line (shown under the last FAIL by tests/cpu/run) */
void detail(const char *fmt, ...) __printf(1, 2);
void __noreturn exit_tests(void);
extern unsigned int tests_run, tests_failed;

/* --- string.h subset (lib/string.c); gcc may emit calls to these ------- */
void *memset(void *s, int c, size_t n);
void *memcpy(void *d, const void *s, size_t n);
int memcmp(const void *a, const void *b, size_t n);
size_t strlen(const char *s);
int strcmp(const char *a, const char *b);

/* --- EFLAGS (SDM Vol. 1, 3.4.3, Figure 3-8) ----------------------------- */
#define FL_CF	0x0001
#define FL_PF	0x0004
#define FL_AF	0x0010
#define FL_ZF	0x0040
#define FL_SF	0x0080
#define FL_TF	0x0100
#define FL_IF	0x0200
#define FL_DF	0x0400
#define FL_OF	0x0800
#define FL_IOPL	0x3000
#define FL_NT	0x4000
#define FL_RF	0x10000
#define FL_VM	0x20000
#define FL_AC	0x40000
#define FL_ID	0x200000
#define FL_ARITH (FL_CF | FL_PF | FL_AF | FL_ZF | FL_SF | FL_OF)

/* --- control registers (SDM Vol. 3A, 2.5) ------------------------------- */
#define CR0_PE	0x00000001
#define CR0_MP	0x00000002
#define CR0_EM	0x00000004
#define CR0_TS	0x00000008
#define CR0_NE	0x00000020
#define CR0_WP	0x00010000
#define CR0_AM	0x00040000
#define CR0_PG	0x80000000
#define CR4_PSE	0x00000010
#define CR4_PAE	0x00000020
#define CR4_PGE	0x00000080

/* exception vectors (SDM Vol. 3A, 6.3.1, Table 6-1) */
enum {
	DE_VECTOR = 0, DB_VECTOR = 1, NMI_VECTOR = 2, BP_VECTOR = 3,
	OF_VECTOR = 4, BR_VECTOR = 5, UD_VECTOR = 6, NM_VECTOR = 7,
	DF_VECTOR = 8, TS_VECTOR = 10, NP_VECTOR = 11, SS_VECTOR = 12,
	GP_VECTOR = 13, PF_VECTOR = 14, MF_VECTOR = 16, AC_VECTOR = 17,
};

static inline void outb(u16 port, u8 v)
{
	asm volatile("outb %0, %1" : : "a"(v), "Nd"(port));
}

static inline void outl(u16 port, u32 v)
{
	asm volatile("outl %0, %1" : : "a"(v), "Nd"(port));
}

static inline u8 inb(u16 port)
{
	u8 v;

	asm volatile("inb %1, %0" : "=a"(v) : "Nd"(port));
	return v;
}

#define DEFINE_CR(n)							\
static inline u32 read_cr##n(void)					\
{									\
	u32 v;								\
									\
	asm volatile("mov %%cr" #n ", %0" : "=r"(v) : : "memory");	\
	return v;							\
}									\
static inline void write_cr##n(u32 v)					\
{									\
	asm volatile("mov %0, %%cr" #n : : "r"(v) : "memory");		\
}
DEFINE_CR(0)
DEFINE_CR(2)
DEFINE_CR(3)
DEFINE_CR(4)
#undef DEFINE_CR

static inline u32 read_eflags(void)
{
	u32 f;

	asm volatile("pushfl; popl %0" : "=r"(f) : : "memory");
	return f;
}

static inline void write_eflags(u32 f)
{
	asm volatile("pushl %0; popfl" : : "rm"(f) : "memory", "cc");
}

static inline void cpuid(u32 leaf, u32 sub, u32 *a, u32 *b, u32 *c, u32 *d)
{
	asm volatile("cpuid"
		     : "=a"(*a), "=b"(*b), "=c"(*c), "=d"(*d)
		     : "a"(leaf), "c"(sub));
}

/*
 * Bit "bit" of register reg (CPUID_ECX, CPUID_EDX) of CPUID leaf "leaf";
 * false when the leaf is above the maximum of its range (SDM Vol. 2A, CPUID)
 */
bool cpu_has(u32 leaf, int reg, int bit);
#define CPUID_EDX 3
#define CPUID_ECX 2

static inline u16 read_cs(void)
{
	u16 v;

	asm volatile("mov %%cs, %0" : "=rm"(v));
	return v;
}

static inline void lgdt(const struct dtr *d)
{
	asm volatile("lgdt %0" : : "m"(*d) : "memory");
}

static inline void lidt(const struct dtr *d)
{
	asm volatile("lidt %0" : : "m"(*d) : "memory");
}

static inline void sidt(struct dtr *d)
{
	asm volatile("sidt %0" : "=m"(*d) : : "memory");
}

static inline void invlpg(const volatile void *p)
{
	asm volatile("invlpg (%0)" : : "r"(p) : "memory");
}

static inline u64 rdmsr(u32 msr)
{
	u64 v;

	asm volatile("rdmsr" : "=A"(v) : "c"(msr));
	return v;
}

static inline void wrmsr(u32 msr, u64 v)
{
	asm volatile("wrmsr" : : "c"(msr), "A"(v) : "memory");
}

int main(void);

#endif
