# Self-checking CPU test programs: one multiboot ELF per tests/cpu/NAME.c
# (plus tests/cpu/NAME.S when present), linked with the runtime in
# tests/cpu/lib, into $(O)/tests/cpu/NAME.elf.  tests/cpu/run runs them.
# They are 32-bit freestanding guests: gcc -m32 and ld -m elf_i386 only,
# no multilib.  -march=i486 keeps the compiler from CMOV and friends, so
# the programs run on every -cpu model (cpumodel.variants).

CPU_CC ?= gcc
CPU_LD ?= ld
# the one RWX segment of lib/link.ld is deliberate
cpu-ldflags := -m elf_i386 -nostdlib \
	$(if $(shell $(CPU_LD) --help 2>/dev/null | grep -e --no-warn-rwx-segments),--no-warn-rwx-segments)
cpu-cflags := -m32 -march=i486 -std=gnu11 -ffreestanding -nostdlib -fno-pic -fno-pie \
	-fno-stack-protector -mno-sse -mno-mmx -mno-80387 -O1 -g \
	-fno-asynchronous-unwind-tables -fno-omit-frame-pointer \
	-Wall -Wextra -Wno-unused-parameter -Wmissing-prototypes \
	-Itests/cpu/lib -MMD -MP
ifeq ($(WERROR),1)
cpu-cflags += -Werror
endif

cpu-obj-dir := $(O)/tests/cpu/obj
cpu-lib-src := $(wildcard tests/cpu/lib/*.c) $(wildcard tests/cpu/lib/*.S)
cpu-lib-obj := $(patsubst tests/cpu/lib/%,$(cpu-obj-dir)/lib/%.o,$(cpu-lib-src))
cpu-names := $(patsubst tests/cpu/%.c,%,$(wildcard tests/cpu/*.c))
cpu-tests := $(patsubst %,$(O)/tests/cpu/%.elf,$(cpu-names))

$(cpu-obj-dir)/%.c.o: tests/cpu/%.c
	@mkdir -p $(@D)
	$(call quiet,CC32,$<)$(CPU_CC) $(cpu-cflags) -c -o $@ $<

$(cpu-obj-dir)/%.S.o: tests/cpu/%.S
	@mkdir -p $(@D)
	$(call quiet,AS32,$<)$(CPU_CC) $(cpu-cflags) -c -o $@ $<

define cpu-test-rule
$(O)/tests/cpu/$(1).elf: $(cpu-obj-dir)/$(1).c.o \
		$(if $(wildcard tests/cpu/$(1).S),$(cpu-obj-dir)/$(1).S.o) \
		$(cpu-lib-obj) tests/cpu/lib/link.ld
	$$(call quiet,LD32,$$@)$$(CPU_LD) $$(cpu-ldflags) \
		-T tests/cpu/lib/link.ld -o $$@ $$(filter %.o,$$^)
endef
$(foreach t,$(cpu-names),$(eval $(call cpu-test-rule,$(t))))

.PHONY: cpu-tests
cpu-tests: $(cpu-tests)
