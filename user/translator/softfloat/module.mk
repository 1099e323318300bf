# user/translator/softfloat: IEEE binary32/64 and x87 extended arithmetic
# with x86 semantics, used on every host (softfloat.h).
translator-src += $(sort $(wildcard user/translator/softfloat/*.c))
