#!/bin/bash
# SPDX-License-Identifier: LGPL-2.1-or-later
# bench-list.sh: what enumeration and memory-block work cost, Debian's
# libdaxctl against ours, side by side in one run (make bench-list).
#
# Builds its trees (bench/bench-tree): list -RDM on one region of 256,
# 1024, 4096 and 16384 devices; list -D, offline-memory and online-memory
# on one kmem device of 8192 and 32768 memory blocks, all online (the fake
# kernel shim, tests/lib/fakekernel.c, plays the kernel for the writes).
# Each tree is mounted on /sys in a private mount namespace
# (tests/with-fake-sys.sh) and, per run, Debian's unmodified daxctl runs
# with Debian's libdaxctl (deb) and with ours (lib), and our daxctl with
# ours (tool): syscalls (strace -f), instructions (callgrind) and wall
# time. bench-list.py prints the ratios ours/Debian's, min/median/max over
# the runs; gnuplot draws the scaling curve.
#
# Without root or unshare, Debian's library cannot be given the tree: then
# it says why and measures our daxctl alone, through DAXCTL_ROOT.
#
# Environment: BENCH_LIST_RUNS (3), BENCH_LIST_RUNS_BIG (1: the runs on
# more than 8192 devices or blocks, minutes each under callgrind), BENCH_LIST_DEVS ("256 1024 4096
# 16384"), BENCH_LIST_BLOCKS ("8192 32768"), BENCH_LIST_OUT (directory for
# the results, default bench/list-out in the build tree), BENCH_LIST_TMP
# (where the trees are built, default $TMPDIR).
# It measures, it never fails on speed: exit 0 unless a step broke.
set -euo pipefail

top=$(cd "$(dirname "$0")/.." && pwd)
build=${1:-$(pwd)}
build=$(cd "$build" && pwd)
runs=${BENCH_LIST_RUNS:-3}
runs_big=${BENCH_LIST_RUNS_BIG:-1}	# for more than 8192 devices or blocks
devs=${BENCH_LIST_DEVS-256 1024 4096 16384}
blocks=${BENCH_LIST_BLOCKS-8192 32768}
out=${BENCH_LIST_OUT:-$build/bench/list-out}
tree_gen=$build/bench/bench-tree
ours=$build/libdaxctl/.libs
our_daxctl=$build/daxctl/.libs/daxctl
shim=$build/tests/lib/.libs/fakekernel.so
wfs=$top/tests/with-fake-sys.sh

for f in "$tree_gen" "$ours/libdaxctl.so.1" "$our_daxctl" "$shim"; do
	[ -e "$f" ] || { echo "bench-list: $f is not built (make bench-list builds it)" >&2; exit 1; }
done
for t in strace valgrind python3; do
	command -v "$t" >/dev/null || { echo "bench-list: needs $t" >&2; exit 1; }
done

why=
if [ "$(id -u)" != 0 ]; then
	why="not root: no private mount namespace for Debian's libdaxctl"
elif ! command -v unshare >/dev/null || ! unshare --mount true 2>/dev/null; then
	why="unshare --mount does not work here"
elif ! /usr/bin/daxctl --version >/dev/null 2>&1; then
	why="Debian's daxctl (/usr/bin/daxctl) is not installed"
fi
if [ -n "$why" ]; then
	echo "bench-list: $why; measuring our daxctl alone (DAXCTL_ROOT)"
	configs=(tool)
else
	configs=(deb lib tool)
fi

if ! command -v gnuplot >/dev/null && [ "$(id -u)" = 0 ] &&
	command -v apt-get >/dev/null; then
	echo "bench-list: installing gnuplot-nox for the plot"
	apt-get -o DPkg::Lock::Timeout=600 install -y -q gnuplot-nox >/dev/null ||
		echo "bench-list: gnuplot-nox did not install; no plot"
fi

rm -rf "$out"
mkdir -p "$out"
tmp=$(mktemp -d "${BENCH_LIST_TMP:-${TMPDIR:-/tmp}}/bench-list.XXXXXX")
trap 'rm -rf "$tmp"' EXIT
export BENCH_OURS=$ours BENCH_OUR_DAXCTL=$our_daxctl BENCH_SHIM=$shim

measure() {	# WORKLOAD TREE DAXCTL-ARGS...
	local wl=$1 tree=$2 runs=$runs
	shift 2
	[ "${wl##*-}" -gt 8192 ] && runs=$runs_big
	echo "bench-list: $wl (${configs[*]}, $runs runs)"
	if [ -n "$why" ]; then
		DAXCTL_ROOT=$tree \
			"$top/bench/bench-list-inner.sh" "$out" "$wl" "$runs" \
			"${configs[@]}" -- "$@"
	else
		"$wfs" "$tree" "$top/bench/bench-list-inner.sh" "$out" "$wl" \
			"$runs" "${configs[@]}" -- "$@"
	fi
}

for n in $devs; do
	rm -rf "$tmp/tree"
	"$tree_gen" devs "$tmp/tree" "$n"
	measure "list_RDM-$n" "$tmp/tree" list -RDM
done
for n in $blocks; do
	rm -rf "$tmp/tree"
	"$tree_gen" blocks "$tmp/tree" "$n"
	measure "list_D-$n" "$tmp/tree" list -D
	measure "offline-$n" "$tmp/tree" offline-memory dax0.0
	measure "online-$n" "$tmp/tree" online-memory dax0.0
done
rm -rf "$tmp/tree"

python3 "$top/bench/bench-list.py" "$out"

if command -v gnuplot >/dev/null; then
	gnuplot -e "dat='$out/scaling.dat'; png='$out/list-scaling.png'" \
		"$top/bench/list-scaling.gp"
	echo "bench-list: plot in $out/list-scaling.png"
else
	echo "bench-list: no gnuplot; no plot"
fi
echo "bench-list: everything measured is in $out"
