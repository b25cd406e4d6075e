#!/bin/sh
# vm-examples.sh: the examples and mmap-bench on real device-dax, for the
# QEMU guest of tests/vm (busybox sh is enough). Prints TAP: one line per
# check, the programs' own output as '#' comments; exit 0 iff all passed.
#
# Usage: vm-examples.sh [-e DIR] [-b DIR] [-c] [-B] [-r RUNS] DEV2M [DEV4K [DEVRAM]]
#   DEV2M   an enabled devdax with a 2 MiB alignment (daxX.Y)
#   DEV4K   an enabled devdax with a 4 KiB alignment
#   DEVRAM  an enabled devdax of whole 128 MiB memory blocks, for daxctl-ram
#           (the disabled-device checks use it too)
#   -c      carve DEV4K and DEVRAM first out of DEV2M's dynamic (hmem)
#           region, with daxctl from PATH: DEV2M is resized to 512 MiB, then
#           256 MiB align 4 KiB and 128 MiB align 2 MiB devices are created
#           (needs a 1 GiB region with DEV2M its only device)
#   -e DIR  where daxctl-enum, daxctl-map, daxctl-ram are
#           (default: ../examples beside this script, else PATH)
#   -b DIR  where mmap-bench is (default: ../bench beside this script)
#   -B      run mmap-bench too (--runs RUNS --size 128m over DEV2M, DEV4K);
#           its ratio lines are printed as comments
#   -r RUNS benchmark runs (default 5)
# Needs root (binding drivers, memory hotplug) and LD_LIBRARY_PATH pointing
# at our libdaxctl.so.1 when it is not the system one.
set -u

here=$(cd "$(dirname "$0")" && pwd)
E=$here/../examples
B=$here/../bench
carve=0
bench=0
runs=5
while getopts e:b:cBr: opt; do
	case $opt in
	e) E=$OPTARG ;;
	b) B=$OPTARG ;;
	c) carve=1 ;;
	B) bench=1 ;;
	r) runs=$OPTARG ;;
	*) echo "usage: $0 [-e DIR] [-b DIR] [-c] [-B] [-r RUNS] DEV2M [DEV4K [DEVRAM]]" >&2
	   exit 2 ;;
	esac
done
shift $((OPTIND - 1))
if [ $# -lt 1 ]; then
	echo "usage: $0 [-e DIR] [-b DIR] [-c] [-B] [-r RUNS] DEV2M [DEV4K [DEVRAM]]" >&2
	exit 2
fi
[ -x "$E/daxctl-map" ] || E=$(dirname "$(command -v daxctl-map || echo ./x)")
[ -x "$B/mmap-bench" ] || B=$(dirname "$(command -v mmap-bench || echo ./x)")

d2m=${1#/dev/}
d4k=${2:-}
dram=${3:-}
n=0
nfail=0
out=/tmp/vm-examples.$$
trap 'rm -f "$out"' EXIT

ok() { n=$((n + 1)); echo "ok $n - $*"; }
notok() { n=$((n + 1)); nfail=$((nfail + 1)); echo "not ok $n - $*"; }

# t WANT_RC DESC REGEX... -- CMD...: one check: exit status and every regex
t() {
	want=$1 desc=$2
	shift 2
	res=""
	while [ "$1" != -- ]; do
		res="$res
$1"
		shift
	done
	shift
	"$@" > "$out" 2>&1
	rc=$?
	sed 's/^/# /' "$out"
	why=""
	[ "$rc" = "$want" ] || why="exit $rc, want $want"
	if [ -n "$res" ]; then
		printf '%s\n' "$res" | while IFS= read -r re; do
			[ -z "$re" ] && continue
			grep -Eq -- "$re" "$out" || echo "no line matches /$re/"
		done > "$out.why"
		[ -s "$out.why" ] && why="$why $(cat "$out.why")"
		rm -f "$out.why"
	fi
	if [ -z "$why" ]; then ok "$desc"; else notok "$desc: $why"; fi
}

sysdax=/sys/bus/dax
chardev() { sed -n 's/.*"chardev":"\([^"]*\)".*/\1/p'; }

if [ $carve = 1 ]; then
	region=${d2m#dax}
	region=${region%%.*}
	echo "# carving region $region with $(command -v daxctl)"
	daxctl disable-device "$d2m" >/dev/null 2>&1
	daxctl reconfigure-device -s 512M "$d2m" >/dev/null 2>&1
	daxctl enable-device "$d2m" >/dev/null 2>&1
	d4k=$(daxctl create-device -r "$region" -s 256M -a 4096 2>/dev/null | chardev)
	dram=$(daxctl create-device -r "$region" -s 128M 2>/dev/null | chardev)
	echo "# DEV2M=$d2m DEV4K=${d4k:-none} DEVRAM=${dram:-none}"
	[ -n "$d4k" ] && [ -n "$dram" ] && ok "carve $d4k (4K) and $dram (ram) out of region $region" ||
		notok "carve a 4K device and a ram device out of region $region"
fi
d4k=${d4k#/dev/}
dram=${dram#/dev/}

t 0 "daxctl-enum lists $d2m" "^  dev $d2m .* mode devdax " \
	-- "$E/daxctl-enum"

# --- a 2 MiB-aligned device ---
t 0 "daxctl-map $d2m (2M): data, page size, refusals" \
	'^ok [0-9]+ - pattern written and verified' \
	'^ok [0-9]+ - smaps KernelPageSize 2048 kB' \
	'^ok [0-9]+ - MAP_PRIVATE mapping refused with EINVAL$' \
	'^ok [0-9]+ - misaligned length .* refused with EINVAL$' \
	'^ok [0-9]+ - misaligned offset 4096 refused with EINVAL$' \
	'^ok [0-9]+ - misaligned fixed address .* refused with EINVAL$' \
	'^# PASS: 10 passed, 0 failed, 0 skipped$' \
	-- "$E/daxctl-map" -s 64m "$d2m"
t 0 "daxctl-map --sync at an offset on $d2m" \
	'^ok 1 - mmap MAP_SHARED_VALIDATE\|MAP_SYNC of 33554432 bytes at offset 0x200000$' \
	'^# PASS: 10 passed' \
	-- "$E/daxctl-map" --sync -s 32m -o 3m "$d2m"

# --- a 4 KiB-aligned device ---
if [ -n "$d4k" ]; then
	t 0 "daxctl-map $d4k (4K): data, page size, MAP_PRIVATE refused" \
		'^ok [0-9]+ - smaps KernelPageSize 4 kB' \
		'^ok [0-9]+ - remap of 4096 bytes at offset .* finds the pattern$' \
		'^ok [0-9]+ - MAP_PRIVATE mapping refused with EINVAL$' \
		'^# PASS: 7 passed, 0 failed, 3 skipped$' \
		-- "$E/daxctl-map" -s 64m "$d4k"
	t 0 "daxctl-map --sync on $d4k" '^# PASS: 7 passed' \
		-- "$E/daxctl-map" --sync -s 16m -o 4100 "$d4k"
fi

# --- failure paths on the real kernel ---
t 3 "daxctl-map of a missing device" 'no such device-dax instance' \
	-- "$E/daxctl-map" dax999.0
t 3 "daxctl-ram of a missing device" 'no such device-dax instance' \
	-- "$E/daxctl-ram" dax999.0
if [ -n "$dram" ]; then
	t 0 "daxctl-ram round trip of $dram" \
		"^$dram: onlined [0-9]+ blocks" "^$dram: back in devdax mode" \
		-- "$E/daxctl-ram" "$dram"
	t 0 "daxctl-map of $dram after the round trip" '^# PASS: 10 passed' \
		-- "$E/daxctl-map" -s 16m "$dram"
	t 0 "daxctl-ram --keep of $dram" "^$dram: left as System RAM" \
		-- "$E/daxctl-ram" --keep "$dram"
	t 3 "daxctl-map of a system-ram device" 'device is in system-ram mode' \
		-- "$E/daxctl-map" "$dram"
	t 3 "daxctl-ram of a system-ram device" 'already in system-ram mode' \
		-- "$E/daxctl-ram" "$dram"
	t 0 "daxctl-ram --restore of $dram" "^$dram: back in devdax mode" \
		-- "$E/daxctl-ram" --restore "$dram"
	echo "$dram" > $sysdax/drivers/device_dax/unbind
	t 3 "daxctl-map of a disabled device" 'device is disabled' \
		-- "$E/daxctl-map" "$dram"
	t 3 "daxctl-ram of a disabled device" 'device is disabled' \
		-- "$E/daxctl-ram" "$dram"
	echo "$dram" > $sysdax/drivers/device_dax/bind
	t 0 "daxctl-map of $dram enabled again" '^# PASS: 10 passed' \
		-- "$E/daxctl-map" -s 4m "$dram"
fi

if [ $bench = 1 ]; then
	set -- --dev "$d2m"
	[ -n "$d4k" ] && set -- "$@" --dev "$d4k"
	t 0 "mmap-bench over anon THP, $d2m${d4k:+ and $d4k}" \
		"^ratio $d2m/anon fault_time min " "^ratio $d2m/anon write_bw min " \
		-- "$B/mmap-bench" --runs "$runs" --size 128m "$@"
fi

echo "1..$n"
echo "# vm-examples: $((n - nfail)) passed, $nfail failed"
[ $nfail = 0 ]
