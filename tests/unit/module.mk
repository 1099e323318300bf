# Unit tests (cmocka): one program per file, run by tests/run as suite
# unit/NAME.  Every tests/unit/test_*.c is one.
unit-tests += $(sort $(wildcard tests/unit/test_*.c))
