#!/bin/bash
# SPDX-License-Identifier: LGPL-2.1-or-later
#
# tests/fuzz/run.sh SRCDIR HARNESS...: the body of make fuzz. Runs each
# libFuzzer harness tests/fuzz/bin/fuzz-HARNESS for $FUZZ_SECONDS, up to
# $FUZZ_JOBS at a time (each harness is one process: one core), new inputs
# into tests/fuzz/work/HARNESS/, crashes into tests/fuzz/crashes/. Then, in
# the harnesses' order, their stats and any finding, and the line
# "fuzz: N passed, N failed, 0 skipped". Exit 1 on any finding.
# $FUZZ_ARGS are more libFuzzer options; the sanitizer options come from
# the environment (make fuzz passes FUZZ_ENV).
set -u
srcdir=$1
shift
secs=${FUZZ_SECONDS:-60}
jobs=${FUZZ_JOBS:-$(nproc 2>/dev/null || echo 1)}

one() {
	local h=$1 rc=0
	mkdir -p "tests/fuzz/work/$h" tests/fuzz/crashes
	# shellcheck disable=SC2086 # FUZZ_ARGS is a list of options
	"./tests/fuzz/bin/fuzz-$h" -max_total_time="$secs" -close_fd_mask=3 \
		-print_final_stats=1 -timeout=10 -rss_limit_mb=2048 \
		-artifact_prefix="tests/fuzz/crashes/$h-" ${FUZZ_ARGS:-} \
		"tests/fuzz/work/$h" "$srcdir/tests/fuzz/corpus/$h" \
		>"tests/fuzz/fuzz-$h.log" 2>&1 || rc=$?
	echo "$rc" >"tests/fuzz/fuzz-$h.status"
}

for h in "$@"; do
	rm -f "tests/fuzz/fuzz-$h.status"
	while [ "$(jobs -rp | wc -l)" -ge "$jobs" ]; do wait -n; done
	one "$h" &
done
wait

fail=0
for h in "$@"; do
	echo "fuzz-$h: $secs s"
	grep -E '^(stat::number_of_executed_units|stat::peak_rss_mb|#[0-9]+ +DONE)' \
		"tests/fuzz/fuzz-$h.log" | sed "s/^/  /"
	grep -E '^(==[0-9]+==ERROR|SUMMARY|.*runtime error)' "tests/fuzz/fuzz-$h.log"
	[ "$(cat "tests/fuzz/fuzz-$h.status" 2>/dev/null)" = 0 ] ||
		fail=$((fail + 1))
done
echo "fuzz: $(($# - fail)) passed, $fail failed, 0 skipped"
test "$fail" = 0
