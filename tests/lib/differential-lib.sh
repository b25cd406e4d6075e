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
#	diff_batch TREE DIR CMDS PROG...
#				in one private namespace on TREE, run
#				PROG list ARGS for each line ARGS of file
#				CMDS: stdout to DIR/N, stderr to DIR/N.err,
#				exit status to DIR/N.rc (N from 0)
#	diff_same A B		do the outputs in files A and B agree
#				(tests/lib/json-sort.py; prints the diff)?
#				One python process answers every call; the
#				diff is printed only for a difference.
#
# Debian's daxctl reads a tree through $DIFF_WFS (tests/with-fake-sys.sh),
# which mounts it on /sys and makes its /dev/daxX.Y nodes.

diff_top=$(cd "${srcdir:-.}" && pwd)
PYTHON3=${PYTHON3:-python3}
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
	elif ! command -v "$PYTHON3" >/dev/null; then
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

diff_batch() {
	local tree=$1 dir=$2 cmds=$3
	shift 3
	"$DIFF_WFS" "$tree" /bin/sh -c '
		dir=$1 cmds=$2
		shift 2
		i=0
		while IFS= read -r c; do
			# shellcheck disable=SC2086
			"$@" list $c > "$dir/$i" 2> "$dir/$i.err"
			echo $? > "$dir/$i.rc"
			i=$((i + 1))
		done < "$cmds"' diff-batch "$dir" "$cmds" "$@"
}

# the comparing process: one line "A B" in, "0" (same) or "1" out
diff_helper() {
	coproc DIFF_PY { "$PYTHON3" -u -c '
import importlib.util, sys
spec = importlib.util.spec_from_file_location("js", sys.argv[1])
js = importlib.util.module_from_spec(spec)
spec.loader.exec_module(js)
for line in sys.stdin:
    a, b = line.rstrip("\n").split("\t")
    fa, fb = js.forms(a), js.forms(b)
    print(0 if fa is not None and fb is not None and fa == fb else 1)
' "$diff_top/tests/lib/json-sort.py" 2>/dev/null; }
}

diff_same() {
	local r=1
	[ -n "${DIFF_PY_PID:-}" ] || diff_helper
	printf '%s\t%s\n' "$1" "$2" >&"${DIFF_PY[1]}" && read -r r <&"${DIFF_PY[0]}"
	[ "$r" = 0 ] && return 0
	# a difference (or no helper): the whole answer, with the diff
	"$PYTHON3" "$diff_top/tests/lib/json-sort.py" "$1" "$2"
}
