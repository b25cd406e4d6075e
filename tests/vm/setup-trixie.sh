#!/bin/bash
# tests/vm/setup-trixie.sh: fetch and unpack, into the cache, what the CXL
# scenario and the Debian 13 consumer runs need (never installed on the host):
#
#   qemu   QEMU 10 from bookworm-backports (qemu-system-x86,
#          qemu-system-common, qemu-system-data, seabios): CXL type-3 volatile
#          memory needs QEMU >= 8, Debian 12 has 7.2.  It runs on the host's
#          bookworm libraries (those of Debian 12's qemu-system-x86, which
#          setup.sh installs).
#   root   a Debian 13 userland subtree: trixie's ndctl, daxctl, cxl,
#          libdaxctl1 (81), libndctl6, libcxl1, pmdk-tools (daxio, pmempool),
#          libpmem2/libpmem and their library closure (libc6...), to run in
#          the guest with chroot.  Debian 13 has no memkind (Debian 12's
#          1.14 left testing before the release).
#
# usage: setup-trixie.sh qemu|root...
# Writes $DAXCTL_VM_CACHE/env-trixie (QEMU10, QEMU10_VERSION, TXROOT,
# TX_DAXCTL_VERSION, ...) for what was asked and is ready.  Exits 77 with
# "SKIP: reason" when a part cannot be fetched (no network, nothing cached),
# 1 on a real error.  Packages come through apt-suite.sh (the mirror of the
# host's apt configuration); a second run finds the .debs and trees in the
# cache and fetches nothing.
set -euo pipefail

HERE=$(cd "$(dirname "$0")" && pwd)
CACHE=${DAXCTL_VM_CACHE:-/var/cache/libdaxctl-vm}
export DAXCTL_VM_CACHE=$CACHE LC_ALL=C
log() { echo "vm-setup-trixie: $*" >&2; }
skip() { echo "SKIP: $*"; exit 77; }
[ $# -gt 0 ] || { echo "usage: setup-trixie.sh qemu|root..." >&2; exit 2; }

mkdir -p "$CACHE/debs-trixie" "$CACHE/debs-bookworm-backports" ||
	skip "cannot create the cache $CACHE"
exec 7>"$CACHE/.lock-trixie" || skip "cannot write to the cache $CACHE"
flock 7

# suite_debs SUITE PKG...: the cached .debs of the candidate versions in
# SUITE, fetched when missing; prints their paths
suite_debs() {
	local suite=$1 p v f out="" fetch="" rc=0 dir=$CACHE/debs-$1 cands
	shift
	# every candidate version in one apt-cache run
	cands=$("$HERE/apt-suite.sh" "$suite" candidates "$@") || rc=$?
	[ $rc = 77 ] && return 77
	for p in "$@"; do
		v=$(echo "$cands" | awk -v p="$p" '$1 == p { print $2; exit }')
		[ -n "$v" ] && [ "$v" != "(none)" ] || { log "$suite has no package $p"; return 3; }
		f=$(ls "$dir/${p}_${v//:/%3a}_"*.deb 2>/dev/null | head -1 || true)
		if [ -n "$f" ]; then out="$out $f"; else fetch="$fetch $p=$v"; fi
	done
	if [ -n "$fetch" ]; then
		log "downloading from $suite:$fetch"
		# shellcheck disable=SC2086
		(cd "$dir" && "$HERE/apt-suite.sh" "$suite" download $fetch) 2>&1 |
			grep -v -e '^W: Download is performed unsandboxed' >&2 || true
		for p in $fetch; do
			f=$(ls "$dir/${p%%=*}_$(echo "${p#*=}" | sed 's/:/%3a/g')_"*.deb 2>/dev/null | head -1)
			[ -n "$f" ] || return 4
			out="$out $f"
		done
	fi
	echo "$out"
}

# unpack_tree NAME DEB...: dpkg-deb -x the DEBs into CACHE/NAME-<hash of
# their names>, once; prints the tree
unpack_tree() {
	local name=$1 sum d tree
	shift
	sum=$(for d in "$@"; do basename "$d"; done | sort | md5sum | cut -c1-12)
	tree=$CACHE/$name-$sum
	if [ ! -f "$tree/.ready" ]; then
		log "unpacking $name ($# packages)"
		rm -rf "$tree" && mkdir -p "$tree"
		for d in "$@"; do dpkg-deb -x "$d" "$tree"; done
		# the merged-/usr links a trixie system has (base-files makes them)
		for d in bin sbin lib lib64; do
			[ -e "$tree/$d" ] || ln -s "usr/$d" "$tree/$d"
		done
		touch "$tree/.ready"
	fi
	echo "$tree"
}

ENV=$CACHE/env-trixie
touch "$ENV"
setenv() { # setenv VAR VALUE: replace VAR's line in ENV
	grep -v "^$1=" "$ENV" > "$ENV.new" || true
	echo "$1=$2" >> "$ENV.new"
	mv "$ENV.new" "$ENV"
}

QEMU_PKGS="qemu-system-x86 qemu-system-common qemu-system-data seabios"
# the roots; the rest is their Depends closure in trixie (less packages
# whose files the guest never runs)
TX_ROOTS="ndctl daxctl cxl libdaxctl1 libndctl6 libcxl1 pmdk-tools libpmem2 libpmem1 liblzma5"
TX_SKIP="init-system-helpers perl-base debconf"

status=0
for part in "$@"; do
	case $part in
	qemu)
		rc=0
		# shellcheck disable=SC2086
		debs=$(suite_debs bookworm-backports $QEMU_PKGS) || rc=$?
		case $rc in
		0) ;;
		77) skip "bookworm-backports is not reachable (QEMU 10 for the CXL scenario)" ;;
		*) skip "cannot fetch QEMU from bookworm-backports:$QEMU_PKGS" ;;
		esac
		# shellcheck disable=SC2086
		tree=$(unpack_tree qemu-bpo $debs)
		q=$tree/usr/bin/qemu-system-x86_64
		if ! v=$("$q" --version 2>&1 | head -1) || [ -z "$v" ]; then
			log "$q does not run here: $v"
			ldd "$q" | grep 'not found' >&2 || true
			skip "QEMU from bookworm-backports does not run on this host"
		fi
		# Debian 12's QEMU modules sit in the directory this build looks in
		# too; loading one aborts ("Only modules from the same build can be
		# loaded").  The wrapper puts this build's module directory over it
		# in a private mount namespace (root), else only in front of it.
		w=$tree/qemu-system-x86_64
		cat > "$w.new" <<'EOW'
#!/bin/sh
# QEMU from bookworm-backports with its own modules (setup-trixie.sh)
T=$(dirname "$0")
M=$T/usr/lib/x86_64-linux-gnu/qemu
S=/usr/lib/x86_64-linux-gnu/qemu
export QEMU_MODULE_DIR=$M
if [ "$(id -u)" = 0 ] && [ -d $S ] && unshare -m true 2>/dev/null; then
	exec unshare -m sh -c 'mount --bind "$1" "$2" && shift 2 && exec "$@"' qemu10 "$M" "$S" \
		"$T/usr/bin/qemu-system-x86_64" "$@"
fi
exec "$T/usr/bin/qemu-system-x86_64" "$@"
EOW
		chmod +x "$w.new" && mv "$w.new" "$w"
		setenv QEMU10 "$w"
		setenv QEMU10_ROOT "$tree"
		setenv QEMU10_VERSION "'$(echo "$v" | sed 's/^QEMU emulator version //')'"
		log "QEMU: $v"
		;;
	root)
		rc=0
		pkgs=$("$HERE/apt-suite.sh" trixie apt-cache depends --recurse --no-recommends \
			--no-suggests --no-conflicts --no-breaks --no-replaces --no-enhances \
			$TX_ROOTS 2>/dev/null | grep -v '^ ' | sort -u) || rc=$?
		[ $rc = 77 ] && skip "trixie is not reachable (the Debian 13 userland)"
		[ -n "$pkgs" ] || skip "cannot resolve trixie's ndctl/daxctl/cxl closure"
		for s in $TX_SKIP; do pkgs=$(echo "$pkgs" | grep -vx "$s"); done
		rc=0
		# shellcheck disable=SC2086
		debs=$(suite_debs trixie $pkgs) || rc=$?
		[ $rc = 0 ] || skip "cannot fetch the Debian 13 userland from trixie"
		# shellcheck disable=SC2086
		tree=$(unpack_tree trixie-root $debs)
		setenv TXROOT "$tree"
		setenv TX_DAXCTL_VERSION "$(dpkg-deb -f "$(echo "$debs" | tr ' ' '\n' | grep '/daxctl_')" Version)"
		setenv TX_PMDK_VERSION "$(dpkg-deb -f "$(echo "$debs" | tr ' ' '\n' | grep '/pmdk-tools_')" Version)"
		setenv TX_LIBC_VERSION "$(dpkg-deb -f "$(echo "$debs" | tr ' ' '\n' | grep '/libc6_')" Version)"
		log "Debian 13 userland: $tree"
		;;
	*) echo "setup-trixie: unknown part $part" >&2; status=2 ;;
	esac
done
exit $status
