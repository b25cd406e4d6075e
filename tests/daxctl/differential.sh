#!/bin/bash
# SPDX-License-Identifier: LGPL-2.1-or-later
# End-to-end differential test: our daxctl with our libdaxctl (fake tree
# through DAXCTL_ROOT) against Debian's /usr/bin/daxctl with Debian's
# libdaxctl (the same tree mounted on /sys by tests/with-fake-sys.sh) must
# exit the same and print the same `daxctl list` JSON, once array items
# are sorted, over every tree and command of tests/lib/differential-lib.sh
# (faketree-gen's canned trees and the captured fixtures in tests/fixtures).
#
# Intended differences (rows of the table in README.md), not compared:
#  - D1 order: arrays are sorted first, and with -u a single result is bare
#    in both, so that stays comparable.
#  - D2 a malformed -r/-d argument (e.g. -d foo): not run here; see list.sh.
#
# Needs root (mount namespace), unshare, python3 and Debian's daxctl:
# otherwise it says why and exits 77.
. "${srcdir:-.}/tests/daxctl/lib.sh"
# shellcheck source=../lib/differential-lib.sh
. "$top_srcdir/tests/lib/differential-lib.sh"

DEB=${DEB_DAXCTL:-/usr/bin/daxctl}
diff_require "$DEB"

compare() {	# compare TREE ARGS...
	local tree=$1 a b
	shift
	LAST="list $* on ${tree##*/}"
	"$DIFF_WFS" "$tree" "$DEB" list "$@" > "$WORK/deb" 2> "$WORK/deb.err"
	a=$?
	DAXCTL_ROOT=$tree "$DAXCTL" list "$@" > "$WORK/ours" 2> "$WORK/ours.err"
	b=$?
	RC=$b; OUT=$(cat "$WORK/ours"); ERR=$(cat "$WORK/ours.err")
	if [ "$a" != "$b" ]; then
		fail "exit $b, Debian's $a ($(head -c 300 "$WORK/deb.err"))"
		return
	fi
	if ! diff_same "$WORK/deb" "$WORK/ours" > "$WORK/diff"; then
		fail "output differs from Debian's"
		head -40 "$WORK/diff"
		return
	fi
	pass
	COMPARED=$((COMPARED + 1))
	[ -s "$WORK/ours" ] && NONEMPTY=$((NONEMPTY + 1))
}

COMPARED=0
NONEMPTY=0
diff_trees "$WORK"
for tree in "${DIFF_TREES[@]}"; do
	mapfile -t cmds < <(diff_commands "$tree")
	for c in "${cmds[@]}"; do
		# shellcheck disable=SC2086
		compare "$tree" $c
	done
done

echo "# compared $COMPARED listings ($NONEMPTY non-empty) over ${#DIFF_TREES[@]} trees"
check "at least one non-empty listing compared" test "$NONEMPTY" -gt 0
finish
