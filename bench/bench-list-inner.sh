#!/bin/bash
# SPDX-License-Identifier: LGPL-2.1-or-later
# bench-list-inner.sh OUT WORKLOAD RUNS CONFIG... -- DAXCTL-ARGS...
#
# Run by bench-list.sh inside tests/with-fake-sys.sh (the tree on /sys):
# for each run and each CONFIG (deb: Debian's daxctl with Debian's
# libdaxctl; lib: Debian's daxctl with ours; tool: our daxctl with ours),
# the daxctl command once under strace (OUT/WORKLOAD.CONFIG.RUN.strace),
# once under callgrind (.callgrind, its stderr) and once timed (.ns).
# For online-memory and offline-memory the fake kernel shim makes the
# blocks change state; the tree is put back before every command.
set -uo pipefail
out=$1 wl=$2 runs=$3
shift 3
configs=()
while [ "$1" != -- ]; do configs+=("$1"); shift; done
shift
: "${BENCH_OURS:?}" "${BENCH_OUR_DAXCTL:?}" "${BENCH_SHIM:?}"

# Without a namespace (no root) only our daxctl runs, through DAXCTL_ROOT.
sys=${DAXCTL_ROOT:-}/sys
fkroot=${DAXCTL_ROOT:-/}

reset_blocks() {	# every block online again (after offline-memory)
	local f
	for f in "$sys"/devices/system/memory/memory*/state; do
		echo online > "$f"
	done
}

runcmd() {	# CONFIG WRAPPER... : the daxctl command of CONFIG
	local cfg=$1
	shift
	local env=(env)
	case "$wl" in
	online-*|offline-*)
		env+=(FAKEKERNEL_ROOT="$fkroot" LD_PRELOAD="$BENCH_SHIM") ;;
	esac
	case "$cfg" in
	deb)	"${env[@]}" "$@" /usr/bin/daxctl "${ARGS[@]}" ;;
	lib)	"${env[@]}" LD_LIBRARY_PATH="$BENCH_OURS" "$@" /usr/bin/daxctl "${ARGS[@]}" ;;
	tool)	"${env[@]}" LD_LIBRARY_PATH="$BENCH_OURS" "$@" "$BENCH_OUR_DAXCTL" "${ARGS[@]}" ;;
	esac
}

ARGS=("$@")
prep() {	# put the tree in the state the workload starts from
	case "$wl" in
	online-*)
		env FAKEKERNEL_ROOT="$fkroot" LD_PRELOAD="$BENCH_SHIM" \
			LD_LIBRARY_PATH="$BENCH_OURS" "$BENCH_OUR_DAXCTL" \
			offline-memory dax0.0 >/dev/null 2>&1 ;;
	offline-*)
		reset_blocks ;;
	esac
}

for ((r = 1; r <= runs; r++)); do
	for cfg in "${configs[@]}"; do
		base=$out/$wl.$cfg.$r
		prep
		runcmd "$cfg" strace -f -qq -o "$base.strace" >"$base.stdout" 2>&1
		echo $? > "$base.rc"
		prep
		runcmd "$cfg" valgrind --tool=callgrind \
			--callgrind-out-file=/dev/null >/dev/null 2>"$base.callgrind"
		prep
		t0=$(date +%s%N)
		runcmd "$cfg" >/dev/null 2>&1
		t1=$(date +%s%N)
		echo $((t1 - t0)) > "$base.ns"
	done
done
reset_blocks 2>/dev/null
exit 0
