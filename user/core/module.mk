# user/core: the ground floor; lib/ has no emulator knowledge at all.
core-src += \
	user/core/lib/log.c \
	user/core/lib/parse.c
core-src += \
	user/core/io.c \
	user/core/mem.c
core-src += \
	user/core/chardev.c \
	user/core/runstate.c
core-src += \
	user/core/clock.c
