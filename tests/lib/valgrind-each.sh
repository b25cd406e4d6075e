#!/bin/sh
# SPDX-License-Identifier: LGPL-2.1-or-later
#
# valgrind-each.sh LABEL LIBTOOL BINARY...: run each binary under memcheck
# with $VALGRIND_FLAGS, print PASS/FAIL per binary and "LABEL: N passed,
# N failed", and exit 1 if any failed. A binary that has not ended after
# $VALGRIND_TIMEOUT seconds (600 unless set) is killed and fails, so a hang
# fails the target instead of stalling CI. DAXCTL_TEST_VALGRIND=1 tells
# the tests to scale down loops that are slow under memcheck.

label=$1 libtool=$2
shift 2
timeout=${VALGRIND_TIMEOUT:-600}
fail=0 n=0
for t in "$@"; do
	n=$((n + 1))
	log=$t.valgrind.log
	rc=0
	# shellcheck disable=SC2086 # VALGRIND_FLAGS is a list of options
	DAXCTL_TEST_VALGRIND=1 timeout "$timeout" \
		$libtool --mode=execute valgrind $VALGRIND_FLAGS "./$t" \
		>"$log" 2>&1 || rc=$?
	if [ "$rc" = 0 ]; then
		echo "PASS (valgrind): $t"
		continue
	fi
	[ "$rc" != 124 ] ||
		echo "$t: no end after $timeout s under valgrind" >>"$log"
	echo "FAIL (valgrind): $t"
	cat "$log"
	fail=$((fail + 1))
done
echo "$label: $((n - fail)) passed, $fail failed"
test "$fail" = 0
