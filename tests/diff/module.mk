# Differential tests against the host CPU (x86-64 hosts only).
ifeq ($(shell uname -m),x86_64)
diff-tests += $(O)/tests/diff/diff_host $(O)/tests/diff/diff_x87 \
	$(O)/tests/diff/diff_sse
endif

$(O)/tests/diff/%: tests/diff/%.c $(lib-obj)
	@mkdir -p $(@D)
	$(call quiet,CC,$<)$(CC) $(CPPFLAGS) $(CFLAGS) $(LDFLAGS) -o $@ $< $(lib-obj) $(LDLIBS)
