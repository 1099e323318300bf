# The guest of the gdbstub tests (tests/gdb/run): one multiboot ELF with
# symbols, built like the CPU test programs (tests/cpu/module.mk, whose
# flags and runtime it reuses).
gdb-tests := $(O)/tests/gdb/kernel.elf

$(cpu-obj-dir)/gdb/%.c.o: tests/gdb/%.c
	@mkdir -p $(@D)
	$(call quiet,CC32,$<)$(CPU_CC) $(cpu-cflags) -c -o $@ $<

$(O)/tests/gdb/kernel.elf: $(cpu-obj-dir)/gdb/kernel.c.o $(cpu-lib-obj) \
		tests/cpu/lib/link.ld
	@mkdir -p $(@D)
	$(call quiet,LD32,$@)$(CPU_LD) $(cpu-ldflags) \
		-T tests/cpu/lib/link.ld -o $@ $(filter %.o,$^)
