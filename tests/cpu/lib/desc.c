// SPDX-License-Identifier: GPL-2.0-only
/*
 * Descriptor tables and exception dispatch of the CPU test runtime.
 */
#include "libcpu.h"

#define FLAT_CODE(dpl) {						\
	.limit0 = 0xffff, .access = DESC_CODE32 | DESC_DPL(dpl),	\
	.limit16_flags = 0xf | (DESC_G | DESC_DB) << 4 }
#define FLAT_DATA(dpl) {						\
	.limit0 = 0xffff, .access = DESC_DATA32 | DESC_DPL(dpl),	\
	.limit16_flags = 0xf | (DESC_G | DESC_DB) << 4 }

/* Loaded by crt0.S before anything else runs, hence statically built. */
struct desc gdt[GDT_ENTRIES] __aligned(8) = {
	[KERNEL_CS >> 3] = FLAT_CODE(0),
	[KERNEL_DS >> 3] = FLAT_DATA(0),
	[USER_CS >> 3] = FLAT_CODE(3),
	[USER_DS >> 3] = FLAT_DATA(3),
};

const struct dtr gdt_ptr = { sizeof(gdt) - 1, (u32)gdt };

struct gate idt[256] __aligned(8);
struct tss32 tss __aligned(128);

volatile u32 ex_vector = -1, ex_error, ex_eip, ex_cs, ex_eflags, ex_cr2;
volatile u32 ex_esp, ex_count;
volatile u32 ex_recover;
static ex_handler_t ex_handlers[32];

extern const u32 ex_stubs[32];
void user_ret_entry(void);

void gdt_set(int index, u32 base, u32 limit, u8 access, u8 flags)
{
	struct desc *d = &gdt[index];

	d->limit0 = limit & 0xffff;
	d->base0 = base & 0xffff;
	d->base16 = (base >> 16) & 0xff;
	d->access = access;
	d->limit16_flags = ((limit >> 16) & 0xf) | (flags << 4);
	d->base24 = base >> 24;
}

void idt_set(int vec, void *handler, u16 sel, u8 type, int dpl)
{
	struct gate *g = &idt[vec];
	u32 off = (u32)handler;

	g->off0 = off & 0xffff;
	g->off16 = off >> 16;
	g->sel = sel;
	g->zero = 0;
	g->access = DESC_P | DESC_DPL(dpl) | type;
}

/* SDM Vol. 3A, 6.11, Figure 6-2: a task gate holds only a TSS selector */
void idt_set_task(int vec, u16 tss_sel, int dpl)
{
	struct gate *g = &idt[vec];

	g->off0 = 0;
	g->off16 = 0;
	g->sel = tss_sel;
	g->zero = 0;
	g->access = DESC_P | DESC_DPL(dpl) | DESC_TASK;
}

/*
 * The ring-0 TSS: only SS0:ESP0 matter, for interrupts from ring 3 and
 * from virtual-8086 mode (SDM Vol. 3A, 6.12.1).  The I/O bitmap offset lies
 * beyond the limit, so CPL > IOPL denies every port (SDM Vol. 1, "I/O Permission Bit Map").
 */
void tss_load(void)
{
	static bool loaded;

	if (loaded)
		return;
	tss.ss0 = KERNEL_DS;
	tss.esp0 = (u32)kernel_int_stack_top;
	tss.iomap = sizeof(tss);
	gdt_set(TSS_SEL >> 3, (u32)&tss, sizeof(tss) - 1, DESC_P | DESC_TSS32,
		0);
	asm volatile("ltr %w0" : : "r"(TSS_SEL) : "memory");
	loaded = true;
}

void ex_set_handler(int vec, ex_handler_t fn)
{
	ex_handlers[vec] = fn;
}

void ex_dispatch(struct ex_regs *r);
void ex_dispatch(struct ex_regs *r)
{
	u32 v = r->vector;

	ex_vector = v;
	ex_error = r->error;
	ex_eip = r->eip;
	ex_cs = r->cs & 0xffff;
	ex_eflags = r->eflags;
	ex_esp = r->esp;
	ex_count++;
	if (v == PF_VECTOR)
		ex_cr2 = read_cr2();
	if (v < 32 && ex_handlers[v]) {
		ex_handlers[v](r);
		return;
	}
	if (ex_recover) {
		r->eip = ex_recover;
		ex_recover = 0;
		return;
	}
	printf("FAIL: unexpected exception -- vector %u error 0x%x at %04x:%08x eflags 0x%x cr2 0x%x\n",
	       v, r->error, r->cs & 0xffff, r->eip, r->eflags, read_cr2());
	tests_failed++;
	tests_run++;
	exit_tests();
}

bool cpu_has(u32 leaf, int reg, int bit)
{
	u32 r[4];

	cpuid(leaf & 0x80000000, 0, &r[0], &r[1], &r[2], &r[3]);
	if (r[0] < leaf)
		return false;
	cpuid(leaf, 0, &r[0], &r[1], &r[2], &r[3]);
	return (r[reg] >> bit) & 1;
}

void lib_init(void);
void lib_init(void)
{
	struct dtr d = { sizeof(idt) - 1, (u32)idt };
	int i;

	serial_init();
	/* A fresh line: firmware may have left text on the console. */
	printf("\n");
	for (i = 0; i < 32; i++)
		idt_set(i, (void *)ex_stubs[i], KERNEL_CS, DESC_INT32, 0);
	idt_set(USER_RET_VEC, user_ret_entry, KERNEL_CS, DESC_INT32, 3);
	lidt(&d);
}
