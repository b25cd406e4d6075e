#!/bin/sh
# Smoke test of bench/mmap-bench and bench/run-bench.sh with tiny sizes:
# anonymous memory alone, then with a fake device (a file standing in for
# /dev/daxX.Y). It asserts correctness and the output format, never speed.
. "${srcdir:-.}/tests/examples/lib.sh"

bench=bench/mmap-bench
num='[0-9]+\.[0-9]+'

expect "anon only, verified" 0 \
	'^# mmap-bench: size 4194304 bytes, 2 runs \(\+1 warm-up\), kernel ' \
	"^run 1 anon fault_ms $num write_MBps $num\$" \
	"^run 2 anon fault_ms $num write_MBps $num\$" \
	"^stat anon fault_ms min $num median $num max $num\$" \
	"^stat anon write_MBps min $num median $num max $num\$" \
	'^# verify: every byte of every run checked$' \
	-- $bench --size 4m --runs 2 --verify
check "anon only: no ratio without a device" hasnt '^ratio '
check "anon only: min <= median <= max" sh -c "printf '%s\n' \"\$1\" |
	awk '/^stat/ { if (!(\$5 <= \$7 && \$7 <= \$9)) bad = 1; n++ }
	     END { exit bad || n != 2 }'" sh "$out"
expect "size rounded down to 2 MiB, no warm-up" 0 \
	'^# mmap-bench: size 2097152 bytes, 1 runs \(\+0 warm-up\)' \
	-- $bench --size 3m --runs 1 --warmup 0
check "one run: one line" [ "$(printf '%s\n' "$out" | grep -c '^run ')" = 1 ]
expect "negative warm-up" 2 'usage' -- $bench --warmup -1
expect "size below 2 MiB" 2 'usage' -- $bench --size 1m
expect "zero runs" 2 'usage' -- $bench --runs 0

export DAXCTL_ROOT="$tmp/root"
"$srcdir/tests/examples/fake-tree.sh" "$DAXCTL_ROOT"
truncate -s 4M "$DAXCTL_ROOT/dev/dax0.3"
echo 4194304 > "$DAXCTL_ROOT/sys/devices/platform/hmem.0/dax0.3/size"
expect "a 2M and a 4K fake device" 0 \
	'^# mmap-bench: size 4194304 bytes, 3 runs' \
	"^run 3 dax0\.3 fault_ms $num write_MBps $num\$" \
	'^# dax0\.0: align 2097152, KernelPageSize 4 kB' \
	'^# dax0\.3: align 4096, ' \
	"^ratio dax0\.0/anon fault_time min $num median $num max $num\$" \
	"^ratio dax0\.0/anon write_bw min $num median $num max $num\$" \
	"^ratio dax0\.3/anon write_bw min $num median $num max $num\$" \
	-- $bench -d /dev/dax0.0 -d dax0.3 --size 64m --runs 3 --verify
check "each target ran 3 times" [ "$(printf '%s\n' "$out" | grep -c '^run ')" = 9 ]
expect "a system-ram device" 3 'dax0\.2: not an enabled device in devdax mode' \
	-- $bench -d dax0.2
expect "a disabled device" 3 'dax0\.1: not an enabled device in devdax mode' \
	-- $bench -d dax0.1
expect "a missing device" 3 'dax9\.9: no such device-dax instance' \
	-- $bench -d dax9.9

expect "run-bench.sh on the fake devices" 0 \
	'^# kernel: ' '^# dax0\.0: align 2097152, size 4194304$' \
	'^ratio dax0\.3/anon fault_time ' \
	-- env MMAP_BENCH="$abs_top_builddir/bench/mmap-bench" \
	"$srcdir/bench/run-bench.sh" -r 2 -s 2m -o "$tmp/bench.out" dax0.0 dax0.3
check "run-bench.sh keeps its output" grep -q '^ratio dax0.0/anon write_bw' "$tmp/bench.out"
expect "run-bench.sh passes a failure on" 3 'no such device' \
	-- env MMAP_BENCH="$abs_top_builddir/bench/mmap-bench" \
	"$srcdir/bench/run-bench.sh" -s 2m dax9.9

finish
