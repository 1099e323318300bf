/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * linuxboot: the option ROM that starts a Linux bzImage published through
 * fw_cfg (user/vmm/linuxboot.c does that, and so does QEMU, which looks
 * for this ROM as linuxboot_dma.bin or, without fw_cfg DMA, linuxboot.bin).
 *
 * The BIOS calls the initialisation entry (offset 3) during POST, and
 * finds in the PnP expansion header (Plug and Play BIOS Specification 1.0A,
 * appendix A) a Bootstrap Entry Vector: SeaBIOS lists the ROM as a boot
 * device, first when fw_cfg's "bootorder" names /rom@genroms/<file>.
 * Booting it runs `boot` below in real mode, interrupts enabled, on the
 * BIOS's stack:
 *
 *  1. fetch the real-mode setup code, the initrd, the protected-mode
 *     kernel and the command line to the addresses fw_cfg gives (keys 0x07
 *     to 0x18), by fw_cfg DMA when the device offers it, else through the
 *     data port with rep insb in "unreal" mode, where %es reaches 4 GiB;
 *  2. lower the initrd below the top of memory the BIOS reports when the
 *     BIOS kept more for itself than the VMM assumed;
 *  3. enter the kernel as Documentation/x86/boot.rst, "Running the
 *     Kernel", says: interrupts off, %ds = %es = %fs = %gs = %ss = the
 *     setup segment, %sp at the end of the heap, jump to segment + 0x20.
 *
 * A failed transfer returns to the BIOS, which tries the next boot device.
 * Progress lines go to the debug console at port 0x402 when one answers
 * there (it reads back 0xe9, as QEMU's isa-debugcon does).
 *
 * Built by user/firmware/module.mk: as --32, ld with rom.ld, objcopy; romsum
 * pads it to 512-byte blocks and sets the size and checksums.
 */
	.code16
	.text

	.equ	FW_CFG_PORT_SEL, 0x510
	.equ	FW_CFG_PORT_DATA, 0x511
	.equ	FW_CFG_PORT_DMA_HI, 0x514
	.equ	FW_CFG_PORT_DMA_LO, 0x518
	.equ	FW_CFG_ID, 0x01
	.equ	FW_CFG_ID_DMA, 0x02
	.equ	FW_CFG_KERNEL_ADDR, 0x07
	.equ	FW_CFG_KERNEL_SIZE, 0x08
	.equ	FW_CFG_INITRD_ADDR, 0x0a
	.equ	FW_CFG_INITRD_SIZE, 0x0b
	.equ	FW_CFG_KERNEL_DATA, 0x11
	.equ	FW_CFG_INITRD_DATA, 0x12
	.equ	FW_CFG_CMDLINE_ADDR, 0x13
	.equ	FW_CFG_CMDLINE_SIZE, 0x14
	.equ	FW_CFG_CMDLINE_DATA, 0x15
	.equ	FW_CFG_SETUP_ADDR, 0x16
	.equ	FW_CFG_SETUP_SIZE, 0x17
	.equ	FW_CFG_SETUP_DATA, 0x18
	.equ	FW_CFG_DMA_CTL_ERROR, 0x01
	.equ	FW_CFG_DMA_CTL_READ, 0x02
	.equ	FW_CFG_DMA_CTL_SELECT, 0x08
	.equ	DEBUGCON_PORT, 0x402
	.equ	SETUP_RAMDISK_IMAGE, 0x218	/* boot.rst: ramdisk_image */

	/* locals of `boot`, below %bp (in %ss, so in RAM) */
	.equ	F_SETUP, -4		/* setup code address */
	.equ	F_CMDLINE, -8		/* command line address */
	.equ	F_DMA, -12		/* FW_CFG_ID_DMA if fw_cfg has DMA */
	.equ	F_SIZE, -16		/* initrd size */
	.equ	F_GDTR, -24		/* 6 bytes for lgdt */
	.equ	F_DESC, -40		/* 16-byte fw_cfg DMA descriptor */
	.equ	F_BYTES, 40

	.globl	_start
_start:
	.byte	0x55, 0xaa
	.byte	0			/* size in 512-byte blocks: romsum */

	/* offset 3, initialisation: nothing to do until chosen to boot */
	lret

	.org	0x18
	.word	0			/* no PCI data structure */
	.word	pnp_header

	.balign	16, 0
pnp_header:
	.ascii	"$PnP"
	.byte	1			/* structure revision */
	.byte	2			/* length, in 16-byte units */
	.word	0			/* no next header */
	.byte	0			/* reserved */
	.byte	0			/* header checksum: romsum */
	.long	0			/* device identifier */
	.word	manufacturer
	.word	product
	.byte	0, 0, 0			/* device type code */
	.byte	0			/* device indicators */
	.word	0			/* boot connection vector */
	.word	0			/* disconnect vector */
	.word	boot			/* bootstrap entry vector */
	.word	0			/* reserved */
	.word	0			/* static resource information vector */

manufacturer:
	.asciz	"ringvm"
product:
	.asciz	"ringvm Linux loader"
msg_dma:
	.asciz	"ringvm linuxboot: loading through fw_cfg DMA\n"
msg_pio:
	.asciz	"ringvm linuxboot: loading through the fw_cfg data port\n"
msg_initrd:
	.asciz	"ringvm linuxboot: initrd moved below the BIOS's memory top\n"
msg_start:
	.asciz	"ringvm linuxboot: starting the kernel\n"
msg_fail:
	.asciz	"ringvm linuxboot: fw_cfg transfer failed\n"

	/*
	 * One flat data segment for unreal mode: base 0, limit 4 GiB,
	 * present, writable, and already accessed so that loading it does
	 * not make the CPU write this (read-only) ROM (SDM vol 3 §3.4.5).
	 */
	.balign	8, 0
gdt:
	.quad	0
	.word	0xffff, 0
	.byte	0, 0x93, 0x8f, 0
gdt_end:

boot:
	pushf
	push	%ds
	push	%es
	pushal
	mov	%sp, %bp
	sub	$F_BYTES, %sp
	cli
	cld
	mov	%cs, %ax
	mov	%ax, %ds

	mov	$FW_CFG_ID, %ax
	call	cfg_read32
	and	$FW_CFG_ID_DMA, %eax
	mov	%eax, F_DMA(%bp)
	mov	$msg_pio, %si
	jz	1f
	mov	$msg_dma, %si
1:	call	print

	/* the real-mode setup code, with the header the VMM patched */
	mov	$FW_CFG_SETUP_ADDR, %ax
	call	cfg_read32
	mov	%eax, F_SETUP(%bp)
	mov	%eax, %edi
	mov	$FW_CFG_SETUP_SIZE, %ax
	call	cfg_read32
	mov	%eax, %ecx
	mov	$FW_CFG_SETUP_DATA, %ax
	call	cfg_blob
	jc	fail

	/* the initrd, if any */
	mov	$FW_CFG_INITRD_SIZE, %ax
	call	cfg_read32
	mov	%eax, F_SIZE(%bp)
	test	%eax, %eax
	jz	1f
	mov	$FW_CFG_INITRD_ADDR, %ax
	call	cfg_read32
	mov	%eax, %edi
	call	initrd_fit
	mov	F_SIZE(%bp), %ecx
	mov	$FW_CFG_INITRD_DATA, %ax
	call	cfg_blob
	jc	fail
1:
	/* the protected-mode kernel */
	mov	$FW_CFG_KERNEL_ADDR, %ax
	call	cfg_read32
	mov	%eax, %edi
	mov	$FW_CFG_KERNEL_SIZE, %ax
	call	cfg_read32
	mov	%eax, %ecx
	mov	$FW_CFG_KERNEL_DATA, %ax
	call	cfg_blob
	jc	fail

	/* the command line */
	mov	$FW_CFG_CMDLINE_ADDR, %ax
	call	cfg_read32
	mov	%eax, F_CMDLINE(%bp)
	mov	%eax, %edi
	mov	$FW_CFG_CMDLINE_SIZE, %ax
	call	cfg_read32
	mov	%eax, %ecx
	mov	$FW_CFG_CMDLINE_DATA, %ax
	call	cfg_blob
	jc	fail

	mov	$msg_start, %si
	call	print

	/*
	 * boot.rst, "Running the Kernel": the heap ends where the command
	 * line starts (the VMM set heap_end_ptr so), and the stack goes
	 * there; 64 KiB above the segment base wraps to %sp = 0, the top.
	 */
	mov	F_SETUP(%bp), %eax
	mov	F_CMDLINE(%bp), %ebx
	sub	%eax, %ebx
	shr	$4, %eax
	mov	%ax, %ds
	mov	%ax, %es
	mov	%ax, %fs
	mov	%ax, %gs
	mov	%ax, %ss
	movzwl	%bx, %esp
	add	$0x20, %ax
	push	%ax
	pushw	$0
	lret

fail:
	mov	$msg_fail, %si
	call	print
	mov	%bp, %sp
	popal
	pop	%es
	pop	%ds
	popf
	lret

/*
 * Select item %ax and read its first four bytes as a little-endian value
 * into %eax (fw_cfg stores integers so).  Clobbers %cx, %dx.
 */
cfg_read32:
	mov	$FW_CFG_PORT_SEL, %dx
	out	%ax, %dx
	inc	%dx
	mov	$4, %cx
1:	in	%dx, %al
	ror	$8, %eax
	loop	1b
	ret

/*
 * Copy item %ax, %ecx bytes, to physical address %edi.  CF set when the
 * device reports an error.  Clobbers %eax, %ebx, %ecx, %edx, %edi.
 */
cfg_blob:
	testl	$FW_CFG_ID_DMA, F_DMA(%bp)
	jz	cfg_blob_pio

	/* descriptor {be32 control; be32 length; be64 address} on our stack */
	movzwl	%ax, %eax
	shl	$16, %eax
	or	$(FW_CFG_DMA_CTL_SELECT | FW_CFG_DMA_CTL_READ), %eax
	bswap	%eax
	mov	%eax, F_DESC(%bp)
	bswap	%ecx
	mov	%ecx, F_DESC+4(%bp)
	movl	$0, F_DESC+8(%bp)
	bswap	%edi
	mov	%edi, F_DESC+12(%bp)

	/* its physical address, %ss:%bp-relative */
	xor	%ebx, %ebx
	mov	%ss, %bx
	shl	$4, %ebx
	movzwl	%bp, %eax
	add	%eax, %ebx
	add	$F_DESC, %ebx
	bswap	%ebx
	xor	%eax, %eax
	mov	$FW_CFG_PORT_DMA_HI, %dx
	out	%eax, %dx
	mov	%ebx, %eax
	mov	$FW_CFG_PORT_DMA_LO, %dx
	out	%eax, %dx

	/* done when no bit but the error bit is left (fw_cfg.rst) */
1:	mov	F_DESC(%bp), %eax
	bswap	%eax
	test	$~FW_CFG_DMA_CTL_ERROR, %eax
	jnz	1b
	shr	$1, %eax		/* CF = the error bit */
	ret

cfg_blob_pio:
	push	%es
	push	%ax
	call	unreal_es
	pop	%ax
	mov	$FW_CFG_PORT_SEL, %dx
	out	%ax, %dx
	inc	%dx
	addr32 rep insb (%dx), %es:(%edi)
	pop	%es
	clc
	ret

/*
 * Give %es base 0 and a 4 GiB limit: load it in protected mode and come
 * back; real mode keeps the descriptor cache (SDM vol 3 §9.9.2), so
 * addr32 string instructions reach all of memory until %es is loaded
 * again.  Also opens the A20 gate (port 0x92 bit 1), without which
 * addresses above 1 MiB would alias.  Interrupts must be off.
 * Clobbers %eax, %bx.
 */
unreal_es:
	in	$0x92, %al
	or	$0x02, %al
	and	$0xfe, %al		/* bit 0 would reset the CPU */
	out	%al, $0x92
	movw	$(gdt_end - gdt - 1), F_GDTR(%bp)
	xor	%eax, %eax
	mov	%cs, %ax
	shl	$4, %eax
	add	$gdt, %eax
	mov	%eax, F_GDTR+2(%bp)
	lgdtl	F_GDTR(%bp)
	mov	%cr0, %eax
	or	$1, %al
	mov	%eax, %cr0
	mov	$8, %bx
	mov	%bx, %es
	and	$0xfe, %al
	mov	%eax, %cr0
	ret

/*
 * The VMM put the initrd (%edi, F_SIZE bytes) at the top of RAM minus
 * what it guessed the firmware keeps there.  SeaBIOS keeps more when RAM
 * allows, and INT 15h AX=E801h reports the top of memory that is free:
 * when that is lower, lower the initrd below it, page aligned, and tell
 * the kernel in the setup header.  Never raises it.  Clobbers %eax-%edx,
 * %si.
 */
initrd_fit:
	push	%edi
	mov	$0xe801, %ax
	xor	%bx, %bx
	xor	%cx, %cx
	xor	%dx, %dx
	clc
	int	$0x15
	pop	%edi
	jc	9f
	/* CX/DX: configured memory; some BIOSes only fill AX/BX */
	mov	%cx, %si
	or	%dx, %si
	jnz	1f
	mov	%ax, %cx
	mov	%bx, %dx
1:	movzwl	%dx, %eax		/* 64 KiB blocks above 16 MiB */
	test	%eax, %eax
	jz	2f
	add	$0x100, %eax
	shl	$16, %eax
	jmp	3f
2:	movzwl	%cx, %eax		/* KiB between 1 and 16 MiB */
	add	$0x400, %eax
	shl	$10, %eax
3:	sub	F_SIZE(%bp), %eax
	jc	9f
	and	$~0xfff, %eax
	cmp	%edi, %eax
	jae	9f
	mov	%eax, %edi
	push	%es
	mov	F_SETUP(%bp), %eax
	shr	$4, %eax
	mov	%ax, %es
	mov	%edi, %es:SETUP_RAMDISK_IMAGE
	pop	%es
	mov	$msg_initrd, %si
	call	print
9:	ret

/*
 * Print the string at %ds:%si on the debug console, if one answers.
 * Clobbers %ax, %dx, %si.
 */
print:
	mov	$DEBUGCON_PORT, %dx
	in	%dx, %al
	cmp	$0xe9, %al
	jne	2f
1:	lodsb
	test	%al, %al
	jz	2f
	out	%al, %dx
	jmp	1b
2:	ret
