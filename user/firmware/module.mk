# user/firmware: guest firmware built with ringvm and linked into it as
# bytes (firmware.c): option ROMs in 16-bit x86 assembly, whatever the host.
# FW_AS, FW_LD and FW_OBJCOPY must handle i386 (on a non-x86 host, e.g.
# FW_AS=i686-linux-gnu-as); HOSTCC builds romsum, which pads a ROM to
# 512-byte blocks and sets its size and checksums.
FW_AS ?= as
FW_LD ?= ld
FW_OBJCOPY ?= objcopy
HOSTCC ?= cc

fw-out := $(O)/firmware

vmm-src += user/firmware/firmware.c

$(O)/obj/user/firmware/firmware.o: CPPFLAGS += -DLINUXBOOT_ROM_INC='"$(abspath $(fw-out))/linuxboot.inc"'
$(O)/obj/user/firmware/firmware.o: $(fw-out)/linuxboot.inc

$(fw-out)/romsum: user/firmware/romsum.c
	@mkdir -p $(@D)
	$(call quiet,HOSTCC,$@)$(HOSTCC) -O2 -Wall -Wextra $(if $(filter 1,$(WERROR)),-Werror) -o $@ $<

$(fw-out)/%.o: user/firmware/%.S
	@mkdir -p $(@D)
	$(call quiet,AS,$<)$(FW_AS) --32 -o $@ $<

$(fw-out)/%.elf: $(fw-out)/%.o user/firmware/rom.ld
	$(call quiet,LD,$@)$(FW_LD) -m elf_i386 -T user/firmware/rom.ld -o $@ $<

$(fw-out)/%.bin: $(fw-out)/%.elf
	$(call quiet,OBJCOPY,$@)$(FW_OBJCOPY) -O binary -j .text $< $@

$(fw-out)/%.rom $(fw-out)/%.inc: $(fw-out)/%.bin $(fw-out)/romsum
	$(call quiet,ROMSUM,$@)$(fw-out)/romsum $< $(fw-out)/$*.rom $(fw-out)/$*.inc

.PRECIOUS: $(fw-out)/%.o $(fw-out)/%.elf $(fw-out)/%.bin $(fw-out)/%.rom $(fw-out)/%.inc

.PHONY: clean-firmware
clean: clean-firmware
clean-firmware:
	rm -rf $(fw-out)
