# SPDX-License-Identifier: GPL-2.0-only
#
# ringvm top-level Makefile: non-recursive GNU make.  Each source folder has
# a module.mk that appends its files to the lists below; everything is built
# out of tree under $(O) (build/ by default, build/san with SAN=1).
#
#   make [all]      build/ringvm, build/ringvm-img (and accel.ko, see below)
#   make check      build, then run every test suite (tests/run)
#   make demo       boot the default Linux guest to a shell
#   make bench      ringvm against qemu-system-i386 -accel tcg
#   make install    PREFIX=/usr/local DESTDIR=
#   make clean
# Knobs: WERROR=1 (warnings are errors, as CI builds), SAN=1 (ASan+UBSan),
# V=1 (show commands), KDIR= (kernel build tree for accel.ko).

VERSION := 0.1.0

ifeq ($(SAN),1)
O ?= build/san
else
O ?= build
endif

PREFIX ?= /usr/local
BINDIR ?= $(PREFIX)/bin
DOCDIR ?= $(PREFIX)/share/doc/ringvm

CC ?= cc
PKG_CONFIG ?= pkg-config

CFLAGS ?= -O2 -g
CFLAGS += -std=gnu11 -Wall -Wextra -Wno-unused-parameter -Wshadow \
	  -Wmissing-prototypes -Wstrict-prototypes -Wpointer-arith
CPPFLAGS += -Iuser -Iinclude -D_GNU_SOURCE -DRINGVM_VERSION='"$(VERSION)"'
CPPFLAGS += -MMD -MP
LDLIBS += -lm

ifeq ($(WERROR),1)
CFLAGS += -Werror
endif
ifeq ($(SAN),1)
CFLAGS += -fsanitize=address,undefined -fno-omit-frame-pointer \
	  -fno-sanitize-recover=undefined
LDFLAGS += -fsanitize=address,undefined
endif

ifneq ($(V),1)
Q := @
quiet = @printf '  %-7s %s\n' $(1) $(2);
endif

# --- dependencies ------------------------------------------------------------
# need-pkg: a pkg-config module and the Debian package that provides it.
# Checked only for goals that build, so `make clean` works on a bare machine.
NOBUILD_GOALS := clean help deps check demo bench
ifneq ($(filter-out $(NOBUILD_GOALS),$(or $(MAKECMDGOALS),all)),)
need-pkg = $(if $(shell $(PKG_CONFIG) --exists $(1) && echo y),,\
	$(error $(1) not found: install the Debian package $(2) (scripts/install-deps does it)))
need-header = $(if $(shell printf '\#include <$(1)>\n' | $(CC) -E -x c - >/dev/null 2>&1 && echo y),,\
	$(error <$(1)> not found: install the Debian package $(2) (scripts/install-deps does it)))
else
need-pkg =
need-header =
endif

# --- sources -----------------------------------------------------------------
# Each module.mk appends to:
#   core-src       user/core: ground floor (lib, memory map, I/O, clock, events)
#   translator-src user/translator: the CPU
#   devices-src    user/devices: one device per file
#   vmm-src        user/vmm: ringvm's main, options, machine
#   block-src      user/block: the block layer (ringvm, ringvm-img, unit tests)
#   img-src        user/block/tools: ringvm-img's main
#   unit-tests     tests/unit/test_*.c (each links all library objects)
core-src :=
translator-src :=
devices-src :=
vmm-src :=
block-src :=
img-src :=
unit-tests :=
diff-tests :=

include user/core/module.mk
include user/translator/module.mk
include user/translator/softfloat/module.mk
include user/devices/module.mk
include user/vmm/module.mk
include user/firmware/module.mk
include user/block/module.mk
include tests/unit/module.mk
include tests/unit/cross.mk

obj = $(patsubst %.c,$(O)/obj/%.o,$(1))
core-obj := $(call obj,$(core-src))
translator-obj := $(call obj,$(translator-src))
devices-obj := $(call obj,$(devices-src))
vmm-obj := $(call obj,$(vmm-src))
block-obj := $(call obj,$(block-src))
img-obj := $(call obj,$(img-src))
# Objects with a main() are not linked into unit tests.
vmm-main-obj := $(call obj,user/vmm/main.c)
lib-obj := $(core-obj) $(block-obj) $(translator-obj) $(devices-obj) $(filter-out $(vmm-main-obj),$(vmm-obj))
unit-bin := $(patsubst tests/unit/%.c,$(O)/tests/unit/%,$(unit-tests))

# after lib-obj is known: test programs that link the library objects
include tests/diff/module.mk
include tests/cpu/module.mk
include tests/gdb/module.mk

# --- rules -------------------------------------------------------------------
.PHONY: all deps check check-all check-unit check-san demo demo-run bench bench-run \
	install clean accel help
.DEFAULT_GOAL := all

all: $(O)/ringvm $(O)/ringvm-img $(if $(ACCEL_KDIR),accel)

$(O)/obj/%.o: %.c
	@mkdir -p $(@D)
	$(call quiet,CC,$<)$(CC) $(CPPFLAGS) $(CFLAGS) -c -o $@ $<

$(O)/ringvm: $(core-obj) $(block-obj) $(translator-obj) $(devices-obj) $(vmm-obj)
	$(call quiet,LD,$@)$(CC) $(LDFLAGS) -o $@ $^ $(LDLIBS)

$(O)/ringvm-img: $(core-obj) $(block-obj) $(img-obj)
	$(call quiet,LD,$@)$(CC) $(LDFLAGS) -o $@ $^ $(LDLIBS)

$(call need-pkg,cmocka,libcmocka-dev)
$(call need-header,Zydis/Zydis.h,libzydis-dev)
LDLIBS += -lZydis
$(call need-header,zlib.h,zlib1g-dev)
LDLIBS += -lz
$(call need-pkg,jansson,libjansson-dev)
CPPFLAGS += $(shell $(PKG_CONFIG) --cflags jansson 2>/dev/null)
LDLIBS += $(shell $(PKG_CONFIG) --libs jansson 2>/dev/null)
CMOCKA_CFLAGS = $(shell $(PKG_CONFIG) --cflags cmocka 2>/dev/null)
CMOCKA_LIBS = $(shell $(PKG_CONFIG) --libs cmocka 2>/dev/null)

$(O)/tests/unit/%: tests/unit/%.c $(lib-obj)
	@mkdir -p $(@D)
	$(call quiet,CC,$<)$(CC) $(CPPFLAGS) $(CFLAGS) $(CMOCKA_CFLAGS) $(LDFLAGS) \
		-o $@ $< $(lib-obj) $(CMOCKA_LIBS) $(LDLIBS)

# check, demo and bench are the README's promises on a fresh machine: they
# install missing dependencies first, then build in a second make, where the
# dependency checks above apply.
deps:
	scripts/install-deps

check: deps
	$(MAKE) check-all
demo: deps
	$(MAKE) demo-run
bench: deps
	$(MAKE) bench-run

# The test runner finds unit tests and binaries under RINGVM_BUILD.
check-all: all $(unit-bin) $(diff-tests) $(cpu-tests) $(gdb-tests) $(sf-cross-bin) $(sf-native-bin)
	tests/run $(O)

# Only the unit tests.
check-unit: $(unit-bin)
	tests/run -k unit $(O)

# What CI runs again under SAN=1: the unit tests and the small guests.
check-san: all $(unit-bin)
	tests/run -k unit $(O)
	tests/run -k smoke $(O)

# make demo boots the default Linux guest on this terminal; make bench
# times ringvm against qemu-system-i386 -accel tcg on it.
demo-run: all
	scripts/demo $(O)

bench-run: all
	bench/run $(O)

# accel.ko is built by kbuild when the module sources exist and a kernel
# build tree does (the running kernel's, or KDIR=).
KDIR ?= /lib/modules/$(shell uname -r)/build
ACCEL_KDIR := $(if $(wildcard kernel/accel/Kbuild),$(wildcard $(KDIR)/Makefile))
accel:
	$(MAKE) -C $(KDIR) M=$(CURDIR)/kernel/accel modules

install: all
	install -d $(DESTDIR)$(BINDIR) $(DESTDIR)$(DOCDIR)
	install -m 755 $(O)/ringvm $(O)/ringvm-img $(DESTDIR)$(BINDIR)
	install -m 644 README.md docs/*.md $(DESTDIR)$(DOCDIR)

clean:
	rm -rf $(O)/obj $(O)/tests $(O)/ringvm $(O)/ringvm-img $(O)/san

help:
	@sed -n '3,15p' Makefile

-include $(shell find $(O)/obj $(O)/tests -name '*.d' 2>/dev/null)
