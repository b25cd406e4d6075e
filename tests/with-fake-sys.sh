#!/usr/bin/env bash
# with-fake-sys.sh FIXTURE CMD [ARGS...]
#
# Run CMD in a private mount namespace where FIXTURE/sys is mounted on /sys,
# a small tmpfs with null/zero/urandom on /dev (FIXTURE/dev/* copied in when
# present, and a node for every dax device of the tree), and FIXTURE/proc/iomem on /proc/iomem when present. This is how
# an unmodified binary (Debian's daxctl, its libdaxctl.so.1 or ours) reads a
# fake tree as if it were the real kernel's.
#
# Needs root and unshare(1); exits 77 with a reason when either is missing,
# so automake and scripts/check count it as a skip, never a pass.
set -euo pipefail

if [ $# -lt 2 ]; then
	echo "usage: $0 FIXTURE CMD [ARGS...]" >&2
	exit 2
fi
fixture=$(cd "$1" && pwd)
shift

if [ "$(id -u)" != 0 ]; then
	echo "SKIP: with-fake-sys.sh needs root for a private mount namespace" >&2
	exit 77
fi
if ! command -v unshare >/dev/null; then
	echo "SKIP: with-fake-sys.sh needs unshare(1) (util-linux)" >&2
	exit 77
fi
if [ ! -d "$fixture/sys" ]; then
	echo "with-fake-sys.sh: $fixture has no sys/ directory" >&2
	exit 2
fi

# The inner script gets the fixture and the command as positional args.
exec unshare --mount --propagation private -- /bin/sh -c '
	set -e
	fixture=$1; shift
	mount --bind "$fixture/sys" /sys
	mount -t tmpfs -o mode=0755,size=1m fakedev /dev
	mknod -m 666 /dev/null c 1 3
	mknod -m 666 /dev/zero c 1 5
	mknod -m 444 /dev/urandom c 1 9
	if [ -d "$fixture/dev" ]; then
		cp -a "$fixture/dev/." /dev/ 2>/dev/null || true
	fi
	# git cannot hold device nodes: make /dev/daxX.Y from each "dev"
	# attribute (the distribution library stat()s them), also in place of
	# the plain files that stand for them in generated trees
	for d in /sys/bus/dax/devices/dax* /sys/class/dax/dax*; do
		[ -r "$d/dev" ] || continue
		IFS=: read -r maj min < "$d/dev" || continue
		[ -c "/dev/${d##*/}" ] && continue
		rm -f "/dev/${d##*/}"
		mknod -m 600 "/dev/${d##*/}" c "$maj" "$min" 2>/dev/null || true
	done
	if [ -f "$fixture/proc/iomem" ]; then
		mount --bind "$fixture/proc/iomem" /proc/iomem
	fi
	exec "$@"
' with-fake-sys "$fixture" "$@"
