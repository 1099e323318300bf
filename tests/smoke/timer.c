// SPDX-License-Identifier: GPL-2.0-only
/*
 * External interrupts end to end: the PIC programmed like Linux does, the
 * PIT at 100 Hz, an interrupt gate for IRQ 0, then sti;hlt until ten ticks
 * arrived.  Also polls the PIT's count and checks it falls.  Prints
 * "ticks 10", "count falls", then exits through isa-debug-exit.
 */
typedef unsigned int u32;
typedef unsigned short u16;
typedef unsigned char u8;

__attribute__((section(".mb"), used))
static const u32 multiboot_header[3] = { 0x1badb002, 0, -0x1badb002 };

u8 stack[8192] __attribute__((aligned(16)));
asm(".globl _start\n_start: mov $stack+8192, %esp\n call cmain\n");

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

static void puts(const char *s)
{
	while (*s)
		outb(0x3f8, (u8)*s++);
}

static volatile u32 ticks;
static u32 idt[64][2];

void irq0_body(void);
void irq0_body(void)
{
	ticks++;
	outb(0x20, 0x20);	/* EOI */
}

void irq0_entry(void);
asm(".globl irq0_entry\nirq0_entry: pusha\n call irq0_body\n popa\n iret\n");

static u16 pit_count(void)
{
	u16 lo, hi;

	outb(0x43, 0x00);	/* latch channel 0 */
	lo = inb(0x40);
	hi = inb(0x40);
	return (u16)(lo | hi << 8);
}

void cmain(void);
void cmain(void)
{
	struct { u16 limit; u32 base; } __attribute__((packed)) idtr = {
		sizeof(idt) - 1, (u32)idt
	};
	u32 h = (u32)irq0_entry;
	u16 a, b;

	/* IRQ 0 -> vector 0x20: a 32-bit interrupt gate, CS 0x08 */
	idt[0x20][0] = (0x08u << 16) | (h & 0xffff);
	idt[0x20][1] = (h & 0xffff0000u) | 0x8e00;
	asm volatile("lidt %0" : : "m"(idtr));
	outb(0x20, 0x11); outb(0x21, 0x20); outb(0x21, 0x04); outb(0x21, 0x01);
	outb(0xa0, 0x11); outb(0xa1, 0x28); outb(0xa1, 0x02); outb(0xa1, 0x01);
	outb(0x21, 0xfe);	/* only IRQ 0 */
	outb(0xa1, 0xff);
	outb(0x43, 0x34);	/* channel 0, mode 2, 100 Hz */
	outb(0x40, 11932 & 0xff);
	outb(0x40, 11932 >> 8);
	a = pit_count();
	for (volatile int i = 0; i < 20000; i++)
		;
	b = pit_count();
	puts(a != b ? "count falls\n" : "count stuck\n");
	while (ticks < 10)
		asm volatile("sti; hlt; cli");
	puts(ticks == 10 ? "ticks 10\n" : "too many ticks\n");
	outb(0xf4, 0);
}
