// SPDX-License-Identifier: GPL-2.0-only
/*
 * The A20 gate and the keyboard controller's reset line: with A20 off
 * (port 0x92 bit 1), address 0x100500 reads what 0x000500 holds; the
 * i8042 output port turns it back on; then the i8042 pulses reset, and the
 * machine boots again (a marker in memory survives to tell the second boot).
 *
 * With A20 off the CPU cannot fetch code or use a stack above 1 MiB (it
 * would wrap too), so the probes run as small routines copied below 1 MiB
 * that touch no stack while the gate is off.
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

static void puts(const char *s)
{
	while (*s)
		outb(0x3f8, (u8)*s++);
}

/* above 1 MiB: firmware clears low memory on reset, not this */
#define MARK ((volatile u32 *)0x300000)
#define LOW_CODE ((u8 *)0x8000)

/* in al,0x92; and al,~2; out 0x92,al; mov edx,[0x100500];
 * in al,0x92; or al,2; out 0x92,al; mov eax,edx; ret */
static const u8 probe_92[] = {
	0xe4, 0x92, 0x24, 0xfd, 0xe6, 0x92, 0x8b, 0x15, 0x00, 0x05, 0x10, 0x00,
	0xe4, 0x92, 0x0c, 0x02, 0xe6, 0x92, 0x89, 0xd0, 0xc3,
};

/* A20 off through 0x92, back on through the i8042 output port (command
 * 0xd1, data 0x03), then mov eax,[0x100500]; ret */
static const u8 probe_kbc[] = {
	0xe4, 0x92, 0x24, 0xfd, 0xe6, 0x92, 0xb0, 0xd1, 0xe6, 0x64,
	0xb0, 0x03, 0xe6, 0x60, 0xa1, 0x00, 0x05, 0x10, 0x00, 0xc3,
};

static u32 run_low(const u8 *code, u32 len)
{
	u32 (*fn)(void) = (u32 (*)(void))LOW_CODE;

	for (u32 i = 0; i < len; i++)
		LOW_CODE[i] = code[i];
	return fn();
}

void cmain(void);
void cmain(void)
{
	volatile u32 *low = (u32 *)0x500, *high = (u32 *)0x100500;

	if (*MARK == 0x600dbeef) {
		puts("second boot\n");
		outb(0xf4, 0);
	}
	*low = 0x11111111;
	*high = 0x22222222;
	puts(run_low(probe_92, sizeof(probe_92)) == 0x11111111 ?
	     "a20 off wraps\n" : "a20 off does not wrap\n");
	puts(run_low(probe_kbc, sizeof(probe_kbc)) == 0x22222222 ?
	     "a20 on\n" : "a20 still off\n");
	*MARK = 0x600dbeef;
	outb(0x64, 0xfe);			/* pulse the reset line */
	for (;;)
		asm volatile("hlt");
}
