# user/core: the ground floor; lib/ has no emulator knowledge at all.
core-src += \
	user/core/lib/log.c \
	user/core/lib/parse.c
core-src += \
	user/core/io.c \
	user/core/mem.c
core-src += \
	user/core/chardev.c \
	user/core/chardev_file.c \
	user/core/chardev_mux.c \
	user/core/chardev_pty.c \
	user/core/chardev_socket.c \
	user/core/chardev_stdio.c \
	user/core/event.c \
	user/core/runstate.c
core-src += \
	user/core/clock.c
