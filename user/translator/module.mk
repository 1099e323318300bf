# user/translator: the i386 CPU (frontend, IR, interp backend, softmmu, TBs).
translator-src += \
	user/translator/ir.c \
	user/translator/ir_opt.c \
	user/translator/interp.c \
	user/translator/softmmu.c \
	user/translator/tb.c
translator-src += \
	user/translator/cpu.c \
	user/translator/cpu_model.c \
	user/translator/exec.c \
	user/translator/flags.c \
	user/translator/gen_alu.c \
	user/translator/gen_bcd.c \
	user/translator/gen_bits.c \
	user/translator/gen_branch.c \
	user/translator/gen_cond.c \
	user/translator/gen_mmx.c \
	user/translator/gen_muldiv.c \
	user/translator/gen_shift.c \
	user/translator/gen_sse.c \
	user/translator/gen_stack.c \
	user/translator/gen_string.c \
	user/translator/gen_system.c \
	user/translator/gen_x87.c \
	user/translator/jmp_cache.c \
	user/translator/helpers_mmx.c \
	user/translator/helpers_sse.c \
	user/translator/helpers_sse_int.c \
	user/translator/helpers_sys.c \
	user/translator/helpers_x87.c \
	user/translator/helpers_x87_env.c \
	user/translator/seg.c \
	user/translator/smm.c \
	user/translator/task.c \
	user/translator/translate.c
include user/translator/backend-x64/module.mk
