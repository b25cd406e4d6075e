#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# End-to-end differential test: our daxctl with our libdaxctl (fake tree
# through DAXCTL_ROOT) against Debian's /usr/bin/daxctl with Debian's
# libdaxctl (the same tree mounted on /sys by tests/with-fake-sys.sh) must
# print the same `daxctl list` JSON, once array items are sorted, for every
# option set below, on our generated trees and on every captured fixture in
# tests/fixtures/.
#
# Known, intended differences (not compared):
#  - order: Debian walks regions, devices and mappings in reverse discovery
#    order, ours ascending (spec section 3); arrays are sorted first, and
#    with -u a single result is bare in both, so that stays comparable.
#  - a malformed -r/-d argument (e.g. -d foo): Debian prints nothing and
#    exits 0, ours is a usage error (exit 129). Not run here; see list.sh.
#
# Needs root (mount namespace), unshare, python3 and Debian's daxctl:
# otherwise it says why and exits 77.
. "${srcdir:-.}/tests/daxctl/lib.sh"

DEB=${DEB_DAXCTL:-/usr/bin/daxctl}
WFS=$top_srcdir/tests/with-fake-sys.sh
NORM=$top_srcdir/tests/daxctl/json-norm.py

[ "$(id -u)" = 0 ] || skip "needs root for a private mount namespace"
command -v unshare >/dev/null || skip "needs unshare(1)"
command -v python3 >/dev/null || skip "needs python3"
[ -x "$DEB" ] || skip "Debian's daxctl ($DEB) is not installed"
unshare --mount true 2>/dev/null || skip "unshare --mount not permitted"
"$DEB" --version >/dev/null 2>&1 || skip "$DEB does not run"

# class-model trees have /sys/class/dax/daxX.Y: nodes for those too
devnodes() {
	local tree=$1 d name mm
	ft_devnodes "$tree"
	mkdir -p "$tree/dev"
	for d in "$tree"/sys/class/dax/dax*; do
		[ -e "$d/dev" ] || continue
		name=${d##*/}
		mm=$(cat "$d/dev")
		rm -f "$tree/dev/$name"
		mknod -m 600 "$tree/dev/$name" c "${mm%%:*}" "${mm##*:}"
	done
}

compare() {	# compare TREE ARGS...
	local tree=$1 mode a b
	shift
	LAST="list $* on ${tree##*/}"
	"$WFS" "$tree" "$DEB" list "$@" > "$WORK/deb" 2> "$WORK/deb.err"
	a=$?
	DAXCTL_ROOT=$tree "$DAXCTL" list "$@" > "$WORK/ours" 2> "$WORK/ours.err"
	b=$?
	RC=$b; OUT=$(cat "$WORK/ours"); ERR=$(cat "$WORK/ours.err")
	if [ "$a" != "$b" ]; then
		fail "exit $b, Debian's $a ($(head -c 300 "$WORK/deb.err"))"
		return
	fi
	for mode in json lines; do
		if ! diff -u <(python3 "$NORM" $mode "$WORK/deb") \
				<(python3 "$NORM" $mode "$WORK/ours") \
				> "$WORK/diff"; then
			fail "output differs from Debian's ($mode)"
			head -40 "$WORK/diff"
			return
		fi
	done
	pass
	COMPARED=$((COMPARED + 1))
	[ -s "$WORK/ours" ] && NONEMPTY=$((NONEMPTY + 1))
}

COMPARED=0
NONEMPTY=0
trees=()
ft_tree_hmem "$WORK/gen-hmem"; trees+=("$WORK/gen-hmem")
ft_tree_kmem "$WORK/gen-kmem"; trees+=("$WORK/gen-kmem")
# mixed sizes, extra mappings, a partly offline system-ram device
T=$WORK/gen-mixed
ft_init "$T"
ft_region "$T" platform/hmem.3 3 $((8 << 40)) 4096 dynamic $((1 << 40))
ft_dev "$T" platform/hmem.3 3 0 $((5000 * 1024)) 0x100000000 device_dax 4096 2
ft_dev "$T" platform/hmem.3 3 1 $((3 << 40)) 0x200000000 device_dax 4096 2
ft_mapping "$T" platform/hmem.3 dax3.1 1 0x40000000000 0x40000000fff 0xc0000000
ft_dev "$T" platform/hmem.3 3 2 $((256 << 20)) 0x300000000 kmem 4096 2
ft_memory "$T" $((0x300000000)) $((256 << 20)) 2 online Normal
ft_w "$T/sys/devices/system/memory/memory97/state" offline
ft_dev "$T" platform/hmem.3 3 3 4096 0x400000000 - 4096 2
trees+=("$T")
for f in "$top_srcdir"/tests/fixtures/*/; do
	[ -d "$f/sys" ] || continue
	name=$(basename "$f")
	cp -a "$f" "$WORK/fx-$name"
	trees+=("$WORK/fx-$name")
done

for tree in "${trees[@]}"; do
	devnodes "$tree"
	for opts in "" "-RDMi" "-RDM -u" "-RDMiu" "-D" "-Di" "-R" "-R -u" \
			"-u" "-M" "-r all" "-d all"; do
		# shellcheck disable=SC2086
		compare "$tree" $opts
	done
	# every device and region by name
	for d in "$tree"/sys/bus/dax/devices/dax* "$tree"/sys/class/dax/dax*; do
		[ -e "$d" ] || continue
		name=${d##*/}
		r=${name#dax}; r=${r%%.*}
		compare "$tree" -d "$name"
		compare "$tree" -d "${name#dax}" -M -u
		compare "$tree" -r "$r"
		compare "$tree" -r "region$r" -d "$name" -i
		compare "$tree" -D -r "$r" -u
	done
done

echo "# compared $COMPARED listings ($NONEMPTY non-empty) over ${#trees[@]} trees"
check "at least one non-empty listing compared" test "$NONEMPTY" -gt 0
finish
