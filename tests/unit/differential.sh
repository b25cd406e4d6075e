#!/bin/bash
# SPDX-License-Identifier: LGPL-2.1-or-later
# differential.sh: Debian's unmodified daxctl, linked against the
# distribution's libdaxctl.so.1 and then (LD_LIBRARY_PATH) against ours,
# must print the same `daxctl list` JSON, once arrays are sorted, over every
# fake tree: the canned ones of faketree-gen and every captured fixture in
# tests/fixtures. Each run happens inside tests/with-fake-sys.sh (a private
# mount namespace with the tree on /sys, /dev and /proc/iomem).
#
# Needs root, unshare, python3 and Debian's /usr/bin/daxctl: otherwise it
# says why and exits 77 (a skip, never a pass). Run from the build
# directory; $srcdir is the source directory (make check sets both).
set -uo pipefail
srcdir=${srcdir:-.}
top=$(cd "$srcdir" && pwd)
build=$(pwd)
daxctl=${DIFF_DAXCTL:-/usr/bin/daxctl}
ours=$build/libdaxctl/.libs
gen=$build/tests/lib/faketree-gen
wfs=$top/tests/with-fake-sys.sh
cmp=$top/tests/unit/json-compare.py

skip() { echo "SKIP: $*"; exit 77; }

[ "$(id -u)" = 0 ] || skip "differential test needs root (mount namespace)"
command -v unshare >/dev/null || skip "differential test needs unshare(1)"
command -v python3 >/dev/null || skip "differential test needs python3"
[ -x "$daxctl" ] || skip "Debian's daxctl ($daxctl) is not installed"
unshare --mount true 2>/dev/null ||
	skip "unshare --mount is not permitted here"
[ -f "$ours/libdaxctl.so.1" ] || { echo "FAIL: $ours/libdaxctl.so.1 not built"; exit 1; }
[ -x "$gen" ] || { echo "FAIL: $gen not built"; exit 1; }

# Both runs must really use the library we think they use.
sys_lib=$(env -u LD_LIBRARY_PATH ldd "$daxctl" | awk '/libdaxctl\.so\.1/ { print $3 }')
our_lib=$(LD_LIBRARY_PATH=$ours ldd "$daxctl" | awk '/libdaxctl\.so\.1/ { print $3 }')
[ -n "$sys_lib" ] || skip "$daxctl is not linked against libdaxctl.so.1"
case "$our_lib" in
"$ours"/*) ;;
*) echo "FAIL: LD_LIBRARY_PATH=$ours does not select our library ($our_lib)"; exit 1 ;;
esac
# A sanitizer build of our library needs its runtimes loaded first in an
# uninstrumented program; the tool's own leaks are not ours to report.
preload=
for rt in libasan libubsan; do
	p=$(ldd "$ours/libdaxctl.so.1" | awk -v rt="$rt" '$1 ~ "^" rt "\\." { print $3 }')
	[ -n "$p" ] && preload="${preload:+$preload:}$p"
done
if [ -n "$preload" ]; then
	echo "# sanitizer build: LD_PRELOAD=$preload"
fi

echo "# reference: $daxctl with $sys_lib"
echo "# candidate: $daxctl with $our_lib"

work=$(mktemp -d "${TMPDIR:-/tmp}/daxctl-diff.XXXXXX")
trap 'rm -rf "$work"' EXIT

# Character device nodes for /dev/daxX.Y (upstream stat()s them); git cannot
# store them, so every tree gets them here from its sysfs "dev" attributes.
make_dev_nodes() {
	local tree=$1 d name majmin
	mkdir -p "$tree/dev"
	for d in "$tree"/sys/bus/dax/devices/* "$tree"/sys/class/dax/*; do
		[ -f "$d/dev" ] || continue
		name=$(basename "$d")
		majmin=$(cat "$d/dev")
		rm -f "$tree/dev/$name"
		mknod "$tree/dev/$name" c "${majmin%%:*}" "${majmin##*:}"
	done
}

trees=()
for name in $("$gen" --list); do
	"$gen" "$name" "$work/gen-$name" || { echo "FAIL: faketree-gen $name"; exit 1; }
	trees+=("$work/gen-$name")
done
for fx in "$top"/tests/fixtures/*/; do
	[ -d "$fx/sys" ] || continue
	name=$(basename "$fx")
	mkdir -p "$work/fixture-$name"
	cp -a "$fx/." "$work/fixture-$name/"
	trees+=("$work/fixture-$name")
done

pass=0
fail=0
run() {	# run TREE WHICH OUT ARGS...: stdout to OUT, stderr to OUT.err, rc in OUT.rc
	local tree=$1 which=$2 out=$3
	shift 3
	if [ "$which" = ours ]; then
		# a sanitizer build of our library needs its runtime loaded
		# first; leaks of the foreign binary are not ours to report
		env -u DAXCTL_ROOT LD_LIBRARY_PATH="$ours" \
			${DAXCTL_TEST_PRELOAD:+LD_PRELOAD="$DAXCTL_TEST_PRELOAD" ASAN_OPTIONS=detect_leaks=0} \
			"$wfs" "$tree" "$daxctl" "$@" >"$out" 2>"$out.err"
	else
		env -u DAXCTL_ROOT -u LD_LIBRARY_PATH \
			"$wfs" "$tree" "$daxctl" "$@" >"$out" 2>"$out.err"
	fi
	echo $? >"$out.rc"
}

for tree in "${trees[@]}"; do
	tname=$(basename "$tree")
	make_dev_nodes "$tree"
	devs=$(ls "$tree"/sys/bus/dax/devices "$tree"/sys/class/dax 2>/dev/null |
		grep '^dax[0-9]*\.[0-9]*$' | sort -u)
	regions=$(echo "$devs" | sed -n 's/^dax\([0-9]*\)\..*/\1/p' | sort -un)
	cmds=("list -RDMi" "list -RDM -u" "list -D" "list -R" "list -Di"
		"list -DMi -u" "list -RDi" "list -d all -i" "list -r all -R"
		"list -d dax99.0")
	for d in $devs; do
		cmds+=("list -d $d" "list -d $d -Mi" "list -d ${d#dax} -i -u")
	done
	for r in $regions; do
		cmds+=("list -r $r" "list -r $r -DMi" "list -r region$r -D")
	done
	for c in "${cmds[@]}"; do
		# shellcheck disable=SC2086
		run "$tree" system "$work/a" $c
		# shellcheck disable=SC2086
		run "$tree" ours "$work/b" $c
		ra=$(cat "$work/a.rc")
		rb=$(cat "$work/b.rc")
		if [ "$ra" != "$rb" ]; then
			echo "FAIL: $tname: daxctl $c: exit $ra with the system library, $rb with ours"
			sed 's/^/  system: /' "$work/a.err" | head -5
			sed 's/^/  ours:   /' "$work/b.err" | head -5
			fail=$((fail + 1))
		elif grep -q -E "ERROR: AddressSanitizer|runtime error:" "$work/b.err"; then
			echo "FAIL: $tname: daxctl $c: sanitizer report with our library"
			sed 's/^/  /' "$work/b.err" | head -30
			fail=$((fail + 1))
		elif ! python3 "$cmp" "$work/a" "$work/b" >"$work/diff" 2>&1; then
			echo "FAIL: $tname: daxctl $c: JSON differs"
			sed 's/^/  /' "$work/diff" | head -60
			fail=$((fail + 1))
		else
			pass=$((pass + 1))
		fi
	done
	echo "# $tname: ${#cmds[@]} commands compared"
done
echo "differential: ${#trees[@]} trees"
echo "$pass passed, $fail failed"
[ $fail = 0 ]
