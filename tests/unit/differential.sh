#!/bin/bash
# SPDX-License-Identifier: LGPL-2.1-or-later
# differential.sh: Debian's unmodified daxctl, linked against the
# distribution's libdaxctl.so.1 and then (LD_LIBRARY_PATH) against ours,
# must exit the same and print the same `daxctl list` JSON, once arrays
# are sorted, over every tree and command of tests/lib/differential-lib.sh
# (faketree-gen's canned trees and the captured fixtures in
# tests/fixtures). Each run happens inside tests/with-fake-sys.sh (a
# private mount namespace with the tree on /sys, /dev and /proc/iomem).
#
# Needs root, unshare, python3 and Debian's /usr/bin/daxctl: otherwise it
# says why and exits 77 (a skip, never a pass). Run from the build
# directory; $srcdir is the source directory (make check sets both).
set -uo pipefail
daxctl=${DIFF_DAXCTL:-/usr/bin/daxctl}
ours=$(pwd)/libdaxctl/.libs
# shellcheck source=../lib/differential-lib.sh
. "${srcdir:-.}/tests/lib/differential-lib.sh"

diff_require "$daxctl"
[ -f "$ours/libdaxctl.so.1" ] || { echo "FAIL: $ours/libdaxctl.so.1 not built"; exit 1; }

# Both runs must really use the library we think they use.
sys_lib=$(env -u LD_LIBRARY_PATH ldd "$daxctl" | awk '/libdaxctl\.so\.1/ { print $3 }')
our_lib=$(LD_LIBRARY_PATH=$ours ldd "$daxctl" | awk '/libdaxctl\.so\.1/ { print $3 }')
if [ -z "$sys_lib" ]; then
	echo "SKIP: $daxctl is not linked against libdaxctl.so.1"
	exit 77
fi
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
diff_trees "$work"

pass=0
fail=0
for tree in "${DIFF_TREES[@]}"; do
	tname=$(basename "$tree")
	diff_commands "$tree" > "$work/cmds"
	mapfile -t cmds < "$work/cmds"
	rm -rf "$work/a" "$work/b"
	mkdir "$work/a" "$work/b"
	# every listing of the tree in one mount namespace, once with the
	# system library and once with ours; a sanitizer build of our library
	# needs its runtime loaded first, and leaks of the foreign binary are
	# not ours to report
	diff_batch "$tree" "$work/a" "$work/cmds" \
		env -u DAXCTL_ROOT -u LD_LIBRARY_PATH "$daxctl"
	diff_batch "$tree" "$work/b" "$work/cmds" \
		env -u DAXCTL_ROOT LD_LIBRARY_PATH="$ours" \
		${DAXCTL_TEST_PRELOAD:+LD_PRELOAD="$DAXCTL_TEST_PRELOAD" ASAN_OPTIONS=detect_leaks=0} \
		"$daxctl"
	n=0
	for c in "${cmds[@]}"; do
		a=$work/a/$n b=$work/b/$n
		n=$((n + 1))
		ra=$(cat "$a.rc")
		rb=$(cat "$b.rc")
		if [ "$ra" != "$rb" ]; then
			echo "FAIL: $tname: daxctl list $c: exit $ra with the system library, $rb with ours"
			sed 's/^/  system: /' "$a.err" | head -5
			sed 's/^/  ours:   /' "$b.err" | head -5
			fail=$((fail + 1))
		elif grep -q -E "ERROR: AddressSanitizer|runtime error:" "$b.err"; then
			echo "FAIL: $tname: daxctl list $c: sanitizer report with our library"
			sed 's/^/  /' "$b.err" | head -30
			fail=$((fail + 1))
		elif ! diff_same "$a" "$b" >"$work/diff" 2>&1; then
			echo "FAIL: $tname: daxctl list $c: output differs"
			sed 's/^/  /' "$work/diff" | head -60
			fail=$((fail + 1))
		else
			pass=$((pass + 1))
		fi
	done
	echo "# $tname: ${#cmds[@]} commands compared"
done
echo "differential: ${#DIFF_TREES[@]} trees"
echo "$pass passed, $fail failed"
[ $fail = 0 ]
