# Unit tests (cmocka): one program per file, run by tests/run as suite unit/NAME.
unit-tests += \
	tests/unit/test_parse.c \
	tests/unit/test_options.c \
	tests/unit/test_interp.c \
	tests/unit/test_fuzz_code.c \
	tests/unit/test_i8259.c \
	tests/unit/test_i8254.c \
	tests/unit/test_mc146818.c \
	tests/unit/test_i8042.c
