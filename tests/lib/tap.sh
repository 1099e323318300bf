# shellcheck shell=bash
# SPDX-License-Identifier: GPL-2.0-only
# TAP helpers for shell test suites (see tests/run for the protocol).
#   tap_ok COND_EXIT_STATUS DESCRIPTION   record a pass or a failure
#   tap_skip_all REASON                   skip the whole suite and exit
#   tap_done                              print the plan; exit 1 on failure
# Call with the build folder in $RINGVM_BUILD (tests/run sets it).

: "${RINGVM_BUILD:=build}"
tap_n=0
tap_failed=0

tap_ok() {
	local status=$1
	shift
	tap_n=$((tap_n + 1))
	if [ "$status" = 0 ]; then
		echo "ok $tap_n - $*"
	else
		echo "not ok $tap_n - $*"
		tap_failed=$((tap_failed + 1))
	fi
}

# tap_diag TEXT...: detail lines shown under the last failure
tap_diag() {
	printf '%s\n' "$@" | sed 's/^/# /'
}

tap_skip_all() {
	echo "1..0 # SKIP $*"
	exit 0
}

tap_done() {
	echo "1..$tap_n"
	[ "$tap_failed" = 0 ]
}
