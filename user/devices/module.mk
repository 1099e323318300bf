# user/devices: one device per file.
devices-src += \
	user/devices/i8042.c \
	user/devices/i8254.c \
	user/devices/i8259.c \
	user/devices/isa_debug_exit.c \
	user/devices/isa_debugcon.c \
	user/devices/mc146818.c \
	user/devices/ns16550.c \
	user/devices/port92.c \
	user/devices/ps2.c
