#!/bin/sh
# run-bench.sh: run mmap-bench once over a 2 MiB-aligned devdax, a 4 KiB-
# aligned devdax and anonymous THP memory (always included), and print the
# machine's description with the results. POSIX sh: runs under busybox.
#
# Usage: run-bench.sh [-r RUNS] [-w WARMUP] [-s SIZE] [-o FILE] [DEV...]
#   DEV       daxX.Y or /dev/daxX.Y; none: anonymous memory alone
#   -r RUNS   repetitions (default 5)
#   -w WARMUP untimed runs first (default 1)
#   -s SIZE   bytes per mapping, k/m/g suffixes (default 256m)
#   -o FILE   also keep the whole output in FILE
# Env: MMAP_BENCH (default: mmap-bench beside this script, else in PATH)
# Exit: mmap-bench's status (0 done, 1 failed, 2 usage, 3 unusable device).
set -eu

runs=5
warmup=1
size=256m
out=
while getopts r:w:s:o:h opt; do
	case $opt in
	r) runs=$OPTARG ;;
	w) warmup=$OPTARG ;;
	s) size=$OPTARG ;;
	o) out=$OPTARG ;;
	h) sed -n '2,13s/^# \{0,1\}//p' "$0"; exit 0 ;;
	*) echo "usage: $0 [-r RUNS] [-w WARMUP] [-s SIZE] [-o FILE] [DEV...]" >&2; exit 2 ;;
	esac
done
shift $((OPTIND - 1))

bench=${MMAP_BENCH:-$(dirname "$0")/mmap-bench}
[ -x "$bench" ] || bench=mmap-bench
sys=${DAXCTL_ROOT:-}/sys/bus/dax/devices

describe() {
	echo "# run-bench: $(date -u '+%Y-%m-%d %H:%M:%S UTC')"
	echo "# kernel: $(uname -r) $(uname -m)"
	echo "# cpu: $(grep -m1 'model name' /proc/cpuinfo | sed 's/.*: //') x $(grep -c '^processor' /proc/cpuinfo)"
	echo "# memory: $(grep MemTotal /proc/meminfo | sed 's/MemTotal: *//')"
	for d in "$@"; do
		n=${d#/dev/}
		echo "# $n: align $(cat "$sys/$n/align" 2>/dev/null || echo '?')," \
			"size $(cat "$sys/$n/size" 2>/dev/null || echo '?')"
	done
}

args="--runs $runs --warmup $warmup --size $size"
for d in "$@"; do
	args="$args --dev $d"
done

rc=0
if [ -n "$out" ]; then
	describe "$@" > "$out"
	# shellcheck disable=SC2086 # $args is a word list
	"$bench" $args >> "$out" 2>&1 || rc=$?
	cat "$out"
else
	describe "$@"
	# shellcheck disable=SC2086
	"$bench" $args || rc=$?
fi
exit $rc
