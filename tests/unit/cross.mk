# The soft-float library on a non-x86 host: `make check-softfloat-cross`
# builds user/translator/softfloat with tests/unit/softfloat_cross.c (the
# hand-checked edge cases and properties, TAP, no cmocka) for aarch64 and
# runs it under qemu-user; then it compares a digest of every operation's
# results over random operands between the aarch64 build and a native
# build (whose results test_softfloat_host.c checks against the CPU).
# Both builds use -mgeneral-regs-only, so any host floating point in the
# library fails them.
# Debian packages: gcc-aarch64-linux-gnu (with libc6-dev-arm64-cross) and
# qemu-user-static.
SF_CROSS_CC ?= aarch64-linux-gnu-gcc
SF_CROSS_RUN ?= qemu-aarch64-static
SF_CROSS_CFLAGS := -std=gnu11 -O2 -g -Wall -Wextra -Wno-unused-parameter \
	-Wshadow -Wmissing-prototypes -Wstrict-prototypes -Wpointer-arith \
	-mgeneral-regs-only $(if $(filter 1,$(WERROR)),-Werror)

sf-cross-src := $(sort $(wildcard user/translator/softfloat/*.c))
sf-cross-bin := $(O)/cross/softfloat_cross
sf-native-bin := $(O)/cross/softfloat_native

.PHONY: check-softfloat-cross

$(sf-cross-bin): tests/unit/softfloat_cross.c tests/unit/softfloat_vectors.h tests/unit/softfloat_gen.h \
		$(sf-cross-src) $(wildcard user/translator/softfloat/*.h)
	@command -v $(SF_CROSS_CC) >/dev/null || { echo "$(SF_CROSS_CC) not found: install the Debian package gcc-aarch64-linux-gnu"; exit 1; }
	@mkdir -p $(@D)
	$(call quiet,CC,$@)$(SF_CROSS_CC) $(SF_CROSS_CFLAGS) -Iuser -static \
		-o $@ tests/unit/softfloat_cross.c $(sf-cross-src)

$(sf-native-bin): tests/unit/softfloat_cross.c tests/unit/softfloat_vectors.h tests/unit/softfloat_gen.h \
		$(sf-cross-src) $(wildcard user/translator/softfloat/*.h)
	@mkdir -p $(@D)
	$(call quiet,CC,$@)$(CC) $(SF_CROSS_CFLAGS) -Iuser \
		-o $@ tests/unit/softfloat_cross.c $(sf-cross-src)

check-softfloat-cross: $(sf-cross-bin) $(sf-native-bin)
	@command -v $(SF_CROSS_RUN) >/dev/null || { echo "$(SF_CROSS_RUN) not found: install the Debian package qemu-user-static"; exit 1; }
	$(SF_CROSS_RUN) $(sf-cross-bin)
	@native=$$($(sf-native-bin) --digest) && \
	cross=$$($(SF_CROSS_RUN) $(sf-cross-bin) --digest) && \
	echo "# digest of all operations: native $$native, aarch64 $$cross" && \
	if [ "$$native" = "$$cross" ]; then echo "ok - aarch64 computes the same bits as $$(uname -m)"; \
	else echo "not ok - aarch64 results differ from $$(uname -m)"; exit 1; fi
