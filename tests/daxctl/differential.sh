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
#  - famfs (D9): a device bound to fsdev_dax (the famfs-7.3 fixture):
#    Debian 12's 76.1 predates famfs and calls it "devdax"; ours, as
#    upstream v85, "famfs". On such a tree ours must say "famfs" for it, and
#    is compared with "famfs" read as "devdax".
#
# Needs root (mount namespace), unshare, python3 and Debian's daxctl:
# otherwise it says why and exits 77.
. "${srcdir:-.}/tests/daxctl/lib.sh"
# shellcheck source=../lib/differential-lib.sh
. "$top_srcdir/tests/lib/differential-lib.sh"

DEB=${DEB_DAXCTL:-/usr/bin/daxctl}
diff_require "$DEB"

# our daxctl without the libtool wrapper (a shell and a sed per run)
OURBIN=$top_builddir/daxctl/.libs/daxctl
[ -x "$OURBIN" ] || OURBIN=$DAXCTL
OURLIBS=$top_builddir/libdaxctl/.libs

ours_batch() {	# ours_batch TREE DIR CMDS: diff_batch's files, for ours
	local tree=$1 dir=$2 i=0 c
	while IFS= read -r c; do
		# shellcheck disable=SC2086
		DAXCTL_ROOT=$tree LD_LIBRARY_PATH=$OURLIBS "$OURBIN" list $c \
			> "$dir/$i" 2> "$dir/$i.err"
		echo $? > "$dir/$i.rc"
		i=$((i + 1))
	done < "$3"
}

drop_memmap() {	# drop_memmap FILE: without "memmap_on_memory":true lines
	awk '
		/^[ \t]*"memmap_on_memory":true,?$/ {
			if ($0 !~ /,$/ && have) sub(/,$/, "", prev)
			next
		}
		{ if (have) print prev; prev = $0; have = 1 }
		END { if (have) print prev }' "$1" > "$1.nomemmap" && mv "$1.nomemmap" "$1"
}

compare() {	# compare TREE N ARGS...: the Nth listing of TREE
	local tree=$1 n=$2 a b
	shift 2
	LAST="list $* on ${tree##*/}"
	read -r a < "$WORK/deb/$n.rc"
	read -r b < "$WORK/ours/$n.rc"
	RC=$b OUT="" ERR=""
	if [ "$MEMMAP_TREE" = 1 ] && grep -q '"memmap_on_memory":true' "$WORK/ours/$n"; then
		# README D19: ours adds the key where the attribute is 1
		MEMMAP_SEEN=$((MEMMAP_SEEN + 1))
		drop_memmap "$WORK/ours/$n"
	fi
	if [ "$FAMFS_TREE" = 1 ]; then
		grep -q '"famfs"' "$WORK/ours/$n" && FAMFS_SEEN=$((FAMFS_SEEN + 1))
		sed -E -i 's/("mode": ?)"famfs"/\1"devdax"/' "$WORK/ours/$n"
	fi
	if [ "$a" != "$b" ]; then
		OUT=$(cat "$WORK/ours/$n"); ERR=$(cat "$WORK/ours/$n.err")
		fail "exit $b, Debian's $a ($(head -c 300 "$WORK/deb/$n.err"))"
		return
	fi
	if ! diff_same "$WORK/deb/$n" "$WORK/ours/$n" > "$WORK/diff"; then
		OUT=$(cat "$WORK/ours/$n"); ERR=$(cat "$WORK/ours/$n.err")
		fail "output differs from Debian's"
		head -40 "$WORK/diff"
		return
	fi
	pass
	COMPARED=$((COMPARED + 1))
	[ -s "$WORK/ours/$n" ] && NONEMPTY=$((NONEMPTY + 1))
}

COMPARED=0
NONEMPTY=0
FAMFS_SEEN=0
FAMFS_TREES=0
MEMMAP_SEEN=0
MEMMAP_TREES=0
diff_trees "$WORK"
for tree in "${DIFF_TREES[@]}"; do
	FAMFS_TREE=0 MEMMAP_TREE=0
	if grep -qs '^1$' "$tree"/sys/bus/dax/devices/dax*/memmap_on_memory; then
		MEMMAP_TREE=1 MEMMAP_TREES=$((MEMMAP_TREES + 1))
	fi
	if ls -l "$tree"/sys/bus/dax/drivers/fsdev_dax/ 2>/dev/null | grep -q ' dax[0-9]'; then
		FAMFS_TREE=1 FAMFS_TREES=$((FAMFS_TREES + 1))
	fi
	diff_commands "$tree" > "$WORK/cmds"
	mapfile -t cmds < "$WORK/cmds"
	# Debian's daxctl: every listing of the tree in one mount namespace
	rm -rf "$WORK/deb" "$WORK/ours"
	mkdir "$WORK/deb" "$WORK/ours"
	diff_batch "$tree" "$WORK/deb" "$WORK/cmds" "$DEB"
	ours_batch "$tree" "$WORK/ours" "$WORK/cmds"
	n=0
	for c in "${cmds[@]}"; do
		# shellcheck disable=SC2086
		compare "$tree" $n $c
		n=$((n + 1))
	done
done

echo "# compared $COMPARED listings ($NONEMPTY non-empty) over ${#DIFF_TREES[@]} trees"
check "at least one non-empty listing compared" test "$NONEMPTY" -gt 0
if [ $MEMMAP_TREES -gt 0 ]; then
	echo "# $MEMMAP_SEEN listings said \"memmap_on_memory\":true on $MEMMAP_TREES trees (README D19; left out of the comparison)"
	check "our daxctl adds memmap_on_memory on the trees that set it (D19)" test "$MEMMAP_SEEN" -gt 0
fi
if [ $FAMFS_TREES -gt 0 ]; then
	echo "# $FAMFS_SEEN listings said \"famfs\" on $FAMFS_TREES famfs trees"
	check "our daxctl says \"famfs\" on the famfs trees" test "$FAMFS_SEEN" -gt 0
fi
finish
