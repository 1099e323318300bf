# user/vmm: the top floor, ringvm's main program.
vmm-src += \
	user/vmm/main.c \
	user/vmm/options.c
vmm-src += \
	user/vmm/machine.c \
	user/vmm/multiboot.c \
	user/vmm/monitor.c \
	user/vmm/pc.c \
	user/vmm/vcpu.c
vmm-src += user/vmm/linuxboot.c
