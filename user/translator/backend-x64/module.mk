# user/translator/backend-x64: native x86-64 code from the IR.  Built only
# when the compiler targets x86-64; other hosts run the interp backend.
ifneq ($(filter x86_64-%,$(shell $(CC) -dumpmachine 2>/dev/null)),)
translator-src += \
	user/translator/backend-x64/x64_backend.c \
	user/translator/backend-x64/x64_emit.c \
	user/translator/backend-x64/x64_gen.c \
	user/translator/backend-x64/x64_mem.c \
	user/translator/backend-x64/x64_regs.c
CPPFLAGS += -DRINGVM_HAVE_X64=1
endif
