# user/core: the ground floor; lib/ has no emulator knowledge at all.
core-src += \
	user/core/lib/log.c \
	user/core/lib/parse.c
