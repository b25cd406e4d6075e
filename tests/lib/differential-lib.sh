# SPDX-License-Identifier: LGPL-2.1-or-later
# differential-lib.sh: what the two differential tests share. Sourced by
# tests/unit/differential.sh (Debian's daxctl with Debian's library, then
# with ours) and tests/daxctl/differential.sh (our daxctl against Debian's),
# run from the build directory with $srcdir set (make check sets both).
#
#	diff_require DAXCTL	exit 77 (a skip) with the reason unless root,
#				unshare --mount, python3 and DAXCTL work here
#	diff_trees WORK		build every tree to compare on into WORK:
#				faketree-gen's canned trees and a copy of each
#				captured fixture; the list is in DIFF_TREES
#	diff_commands TREE	the `daxctl list` arguments to compare on TREE,
#				one set a line
#	diff_same A B		do the outputs in files A and B agree
#				(tests/lib/json-sort.py; prints the diff)?
#
# Debian's daxctl reads a tree through $DIFF_WFS (tests/with-fake-sys.sh),
# which mounts it on /sys and makes its /dev/daxX.Y nodes.

diff_top=$(cd "${srcdir:-.}" && pwd)
DIFF_WFS=$diff_top/tests/with-fake-sys.sh
DIFF_GEN=$(pwd)/tests/lib/faketree-gen

diff_require() {
	local why=
	if [ -n "${DAXCTL_DIFF_SKIP:-}" ]; then
		why=$DAXCTL_DIFF_SKIP
	elif [ "$(id -u)" != 0 ]; then
		why="needs root for a private mount namespace"
	elif ! command -v unshare >/dev/null; then
		why="needs unshare(1)"
	elif ! command -v python3 >/dev/null; then
		why="needs python3"
	elif [ ! -x "$1" ]; then
		why="Debian's daxctl ($1) is not installed"
	elif ! unshare --mount true 2>/dev/null; then
		why="unshare --mount is not permitted here"
	elif ! "$1" --version >/dev/null 2>&1; then
		why="$1 does not run"
	fi
	if [ -n "$why" ]; then
		echo "SKIP: $why"
		exit 77
	fi
	[ -x "$DIFF_GEN" ] || { echo "FAIL: $DIFF_GEN is not built"; exit 99; }
}

diff_trees() {
	local work=$1 name fx
	DIFF_TREES=()
	for name in $("$DIFF_GEN" --list); do
		"$DIFF_GEN" "$name" "$work/gen-$name" ||
			{ echo "FAIL: faketree-gen $name"; exit 99; }
		DIFF_TREES+=("$work/gen-$name")
	done
	for fx in "$diff_top"/tests/fixtures/*/; do
		[ -d "$fx/sys" ] || continue
		name=$(basename "$fx")
		mkdir -p "$work/fixture-$name"
		cp -a "$fx/." "$work/fixture-$name/"
		DIFF_TREES+=("$work/fixture-$name")
	done
}

# Every listing, then each device and each region by every way of naming
# it. A malformed -r/-d argument is left out: Debian's daxctl lists nothing
# and exits 0, ours gives a usage error (see tests/daxctl/list.sh).
diff_commands() {
	local tree=$1 devs d r
	devs=$(ls "$tree"/sys/bus/dax/devices "$tree"/sys/class/dax 2>/dev/null |
		grep -x 'dax[0-9]*\.[0-9]*' | sort -u)
	printf '%s\n' "" "-u" "-M" "-D" "-Di" "-DMi -u" "-R" "-R -u" "-RDi" \
		"-RDMi" "-RDM -u" "-RDMiu" "-r all" "-r all -R" "-d all" \
		"-d all -i" "-d dax99.0"
	for d in $devs; do
		r=${d#dax}
		printf '%s\n' "-d $d" "-d $d -Mi" "-d $r -i -u" "-d $r -M -u" \
			"-r region${r%%.*} -d $d -i"
	done
	for r in $(printf '%s\n' $devs | sed -n 's/^dax\([0-9]*\)\..*/\1/p' |
			sort -un); do
		printf '%s\n' "-r $r" "-r $r -DMi" "-r region$r -D" "-D -r $r -u"
	done
}

diff_same() {
	python3 "$diff_top/tests/lib/json-sort.py" "$1" "$2"
}
