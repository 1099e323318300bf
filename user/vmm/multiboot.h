/* SPDX-License-Identifier: GPL-2.0-only */
/* Multiboot v1 loader for -kernel; see multiboot.c. */
#ifndef RINGVM_VMM_MULTIBOOT_H
#define RINGVM_VMM_MULTIBOOT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "translator/cpu.h"

/* Does @path carry a multiboot header?  (false if it cannot be read) */
bool multiboot_probe(const char *path);

/* Load @path into guest RAM and set @cpu to the multiboot entry state.
 * Returns 0, or -1 with a message naming the problem in @err. */
int multiboot_load(struct x86_cpu *cpu, uint64_t ram_bytes, const char *path,
		   const char *cmdline, const char *initrd, char *err,
		   size_t errlen);

#endif
