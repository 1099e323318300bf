# user/vmm: the top floor, ringvm's main program.
vmm-src += \
	user/vmm/main.c \
	user/vmm/options.c
