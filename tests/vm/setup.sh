#!/bin/bash
# tests/vm/setup.sh: prepare the host for the real-kernel test rig.
#
# usage: tests/vm/setup.sh [--kernel NAME]
#
# Installs the host tools that are missing (apt, needs root), then fetches
# (apt-get download, never installs) the kernel that linux-image-amd64 depends
# on today plus Debian's ndctl/daxctl userland and PMDK's libpmem2/libpmem,
# unpacks them into the cache,
# runs depmod on the kernel tree and extracts the ELF vmlinux for PVH boot.
# Everything lands in $DAXCTL_VM_CACHE (default /var/cache/libdaxctl-vm); a
# second run finds the .debs and unpacked trees there and fetches nothing.
#
# On success writes $DAXCTL_VM_CACHE/env (shell assignments: KPKG KVER KROOT
# VMLINUX VMLINUZ NDROOT) and exits 0.  Exits 77 with "SKIP: reason" when the
# rig cannot be prepared on this machine (not x86_64, no root for apt, no
# network and nothing cached), 1 on a real error.
#
# --kernel NAME: also resolve one kernel of the matrix by its meta-package
# (linux-image-amd64 of the suite, through apt-suite.sh for the suites the
# host does not list), fetch and unpack it into the cache, and write
# $DAXCTL_VM_CACHE/kernel-NAME.env with KNAME KSUITE KPKG KPKGVER KVER KROOT
# VMLINUZ VMLINUX KCONFIG (KROOT/lib/modules/KVER is depmod'ed; its modules
# may be .ko.xz).  NAME: 6.1 (bookworm, the host's lists, as without
# --kernel), 6.12 (trixie), 7.3 (the newest of trixie-backports: split
# packages linux-binary/linux-modules/linux-base).  Suite names are accepted
# as aliases.  Exit 77 "SKIP: reason" when that kernel cannot be had.
set -euo pipefail

CACHE=${DAXCTL_VM_CACHE:-/var/cache/libdaxctl-vm}
export DEBIAN_FRONTEND=noninteractive LC_ALL=C

log() { echo "vm-setup: $*" >&2; }
skip() { echo "SKIP: $*"; exit 77; }

HERE=$(cd "$(dirname "$0")" && pwd)
KNAME=""
case "${1:-}" in
"") ;;
--kernel) KNAME=${2:?setup.sh: --kernel NAME}; [ $# = 2 ] || { echo "usage: setup.sh [--kernel NAME]" >&2; exit 2; } ;;
--kernel=*) KNAME=${1#*=}; [ $# = 1 ] || { echo "usage: setup.sh [--kernel NAME]" >&2; exit 2; } ;;
*) echo "usage: setup.sh [--kernel NAME]" >&2; exit 2 ;;
esac
# the kernel matrix: NAME SUITE (aliases map to the NAME)
case "$KNAME" in
"") ;;
6.1 | bookworm) KNAME=6.1 KSUITE=bookworm ;;
6.12 | trixie) KNAME=6.12 KSUITE=trixie ;;
7.3 | trixie-backports | bpo) KNAME=7.3 KSUITE=trixie-backports ;;
*) echo "setup.sh: unknown kernel $KNAME (6.1, 6.12, 7.3)" >&2; exit 2 ;;
esac

[ "$(uname -m)" = x86_64 ] || skip "the VM rig needs an x86_64 host (this is $(uname -m))"
command -v apt-get >/dev/null && command -v dpkg >/dev/null ||
	skip "the VM rig needs a Debian-like host with apt-get and dpkg"

# host tools: package -> a file it provides
HOST_PKGS="qemu-system-x86:/usr/bin/qemu-system-x86_64 busybox-static:/bin/busybox
kmod:/usr/bin/kmod cpio:/usr/bin/cpio xz-utils:/usr/bin/xz gzip:/bin/gzip zstd:/usr/bin/zstd
binutils:/usr/bin/readelf
gcc:/usr/bin/gcc libc6-dev:/usr/include/stdio.h
libjson-c-dev:/usr/include/json-c/json.h pkg-config:/usr/bin/pkg-config
libpmem2-dev:/usr/include/libpmem2.h libpmem-dev:/usr/include/libpmem.h"

apt_updated=0
apt_update() {
	[ $apt_updated = 1 ] && return 0
	log "apt-get update"
	apt-get update -qq >&2 || return 1
	apt_updated=1
}

missing=""
for pf in $HOST_PKGS; do
	p=${pf%%:*} f=${pf#*:}
	# busybox-static must be the static one: the guest has no libc for it
	if [ "$p" = busybox-static ]; then
		dpkg-query -W -f='${Status}' busybox-static 2>/dev/null | grep -q 'ok installed' ||
			missing="$missing $p"
		continue
	fi
	[ -e "$f" ] || missing="$missing $p"
done
if [ -n "$missing" ]; then
	[ "$(id -u)" = 0 ] || skip "missing host packages:$missing (run as root so apt-get can install them)"
	log "installing:$missing"
	apt_update || skip "apt-get update failed (no network?); missing:$missing"
	# shellcheck disable=SC2086
	apt-get install -y -qq --no-install-recommends $missing >&2 ||
		skip "apt-get install$missing failed"
fi

mkdir -p "$CACHE/debs" || skip "cannot create the cache $CACHE (set DAXCTL_VM_CACHE)"
# one preparation at a time (two builds may run the suite at once)
exec 9>"$CACHE/.lock" || skip "cannot write to the cache $CACHE (set DAXCTL_VM_CACHE)"
flock 9

resolve_kpkg() {
	apt-cache depends linux-image-amd64 2>/dev/null |
		awk '/Depends: linux-image-[0-9]/ { print $2; exit }'
}
KPKG=$(resolve_kpkg || true)
if [ -z "$KPKG" ]; then
	apt_update || true
	KPKG=$(resolve_kpkg || true)
fi
[ -n "$KPKG" ] || skip "cannot resolve the dependency of linux-image-amd64 (no apt lists?)"
log "kernel package: $KPKG"

# Debian's userland for the comparison runs, and the libraries it needs that a
# minimal host may lack (the rest of the closure comes from the host's libc etc.);
# PMDK's libpmem2 and libpmem (libpmem1) for the consumer tests (guest/pmdk.sh)
# memkind (libmemkind0 calls libdaxctl to find the nodes of kmem devices;
# guest/memkind.sh): Debian 12's, as Debian 13 has none
ND_PKGS="ndctl daxctl libndctl6 libdaxctl1 libcxl1 libiniparser1 libjson-c5
libkeyutils1 libtraceevent1 libtracefs1 libuuid1 libkmod2 libudev1 libpmem2 libpmem1
libmemkind0 libmemkind-progs libhwloc15 libnuma1"
# Not fio: its binary links librados, librbd and libgfapi, whose closure (ceph,
# glusterfs, boost, ICU, gnutls, krb5...) adds about 77 MB to the guest (30 MB
# gzip-compressed initramfs) for an engine, dev-dax, that reads the size from
# sysfs and mmaps by itself: libdaxctl would be loaded by its libpmem, never
# called.  pmdk-pmem1 covers libpmem (see README.md).

# candidate versions, asked of apt-cache once for all packages (one call
# takes seconds on a loaded machine): CAND[pkg]
declare -A CAND
load_candidates() {
	local p v
	while read -r p v; do
		CAND[$p]=$v
	done < <(apt-cache policy "$@" 2>/dev/null | awk '
		/^[^ ]/ { p = $1; sub(/:$/, "", p) }
		/^  Candidate:/ { print p, $2 }')
}
# deb_file PKG -> the cached .deb of the candidate version (empty if not cached)
deb_file() {
	local ver
	[ -n "${CAND[$1]:-}" ] || load_candidates "$1"
	ver=${CAND[$1]:-}
	[ -n "$ver" ] && [ "$ver" != "(none)" ] || return 1
	ver=${ver//:/%3a}
	ls "$CACHE/debs/${1}_${ver}_"*.deb 2>/dev/null | head -1
}

# shellcheck disable=SC2086
load_candidates $KPKG $ND_PKGS
fetch=""
for p in $KPKG $ND_PKGS; do
	f=$(deb_file "$p" || true)
	[ -n "$f" ] || fetch="$fetch $p"
done
# download PKG...: apt-get download into the cache; its status, its messages
# on stderr less the "W:" lines (a grep that filters everything out is no error)
download() {
	local out rc=0
	out=$(cd "$CACHE/debs" && apt-get download -qq "$@" 2>&1) || rc=$?
	printf '%s\n' "$out" | grep -v -e '^W:' -e '^$' >&2 || true
	return $rc
}
if [ -n "$fetch" ]; then
	log "downloading:$fetch"
	# shellcheck disable=SC2086
	if ! download $fetch; then
		apt_update || skip "apt-get update failed while fetching$fetch"
		CAND=()
		# shellcheck disable=SC2086
		download $fetch || skip "apt-get download$fetch failed (no network?)"
	fi
fi

# elf_complete FILE: an ELF whose program headers all lie within the file
elf_complete() {
	local need=0 t o f v p fs rest
	[ "$(head -c 4 "$1" | od -An -c | tr -d ' ')" = '177ELF' ] || return 1
	while read -r t o v p fs rest; do
		[ "$t" = LOAD ] || continue
		[ $((o + fs)) -gt $need ] && need=$((o + fs))
	done < <(readelf -lW "$1" 2>/dev/null)
	[ $need -gt 0 ] && [ $need -le "$(stat -c %s "$1")" ]
}

# unpack_kernel KROOT DEB...: unpack a kernel's .debs into KROOT once (a
# split kernel has image, binary, modules and base packages), make
# KROOT/lib/modules the modules' directory (trixie's packages put them in
# /usr/lib/modules), depmod it and extract the ELF vmlinux
unpack_kernel() {
	local root=$1 kver img off d
	shift
	[ -f "$root/.ready" ] && return 0
	log "unpacking $(for d in "$@"; do basename "$d"; done | tr '\n' ' ')"
	rm -rf "$root" && mkdir -p "$root"
	for d in "$@"; do dpkg-deb -x "$d" "$root"; done
	if [ ! -d "$root/lib/modules" ] && [ -d "$root/usr/lib/modules" ]; then
		mkdir -p "$root/lib" && ln -s ../usr/lib/modules "$root/lib/modules"
	fi
	kver=$(ls "$root/lib/modules")
	[ -n "$kver" ] && [ "$(echo "$kver" | wc -l)" = 1 ] ||
		{ log "$root: expected one kernel under lib/modules, found: $kver"; return 1; }
	# the .deb ships no modules.dep: the postinst would make it
	depmod -b "$root" "$kver"
	img=$root/boot/vmlinuz-$kver
	[ -f "$img" ] || img=$root/lib/modules/$kver/vmlinuz
	[ -f "$img" ] || { log "$root: no vmlinuz for $kver"; return 1; }
	# PVH direct boot of the ELF image saves the in-guest decompression
	# (seconds under TCG).  Debian compresses the bzImage with xz (6.1,
	# 6.12) or zstd (7.x).  The decompressors stop at the end of their
	# frame and complain about the size word after it (so their status is
	# not looked at: the ELF is checked instead); tail then dies of
	# SIGPIPE, hence || true.
	rm -f "$root/vmlinux"
	off=$(grep -m1 -obUaP '\xfd7zXZ\x00' "$img" | cut -d: -f1 || true)
	if [ -n "$off" ]; then
		{ tail -c +$((off + 1)) "$img" || true; } |
			xz -dc --single-stream > "$root/vmlinux" 2>/dev/null || true
	else
		off=$(grep -m1 -obUaP '\x28\xb5\x2f\xfd' "$img" | cut -d: -f1 || true)
		[ -n "$off" ] && command -v zstd >/dev/null &&
			{ { tail -c +$((off + 1)) "$img" || true; } |
			  zstd -dc > "$root/vmlinux" 2>/dev/null || true; }
	fi
	if [ -s "$root/vmlinux" ] && elf_complete "$root/vmlinux"; then
		log "extracted vmlinux ($(stat -c %s "$root/vmlinux") bytes)"
	else
		log "no xz/zstd payload in the bzImage: booting the bzImage instead"
		rm -f "$root/vmlinux"
	fi
	touch "$root/.ready"
}

# kernel_env NAME SUITE PKG PKGVER KROOT: the assignments of a kernel env file
kernel_env() {
	local kver cfg
	kver=$(ls "$5/lib/modules")
	cfg=$5/boot/config-$kver
	[ -f "$cfg" ] || cfg=$5/lib/modules/$kver/config
	[ -f "$cfg" ] || cfg=""
	cat <<EOK
KNAME=$1
KSUITE=$2
KPKG=$3
KPKGVER=$4
KVER=$kver
KROOT=$5
VMLINUZ=$(if [ -f "$5/boot/vmlinuz-$kver" ]; then echo "$5/boot/vmlinuz-$kver"; else echo "$5/lib/modules/$kver/vmlinuz"; fi)
VMLINUX=$([ -f "$5/vmlinux" ] && echo "$5/vmlinux")
KCONFIG=$cfg
EOK
}

KDEB=$(deb_file "$KPKG")
[ -n "$KDEB" ] || { log "kernel .deb missing after download"; exit 1; }
KROOT=$CACHE/kernel/$(basename "$KDEB" .deb)
unpack_kernel "$KROOT" "$KDEB"
KVER=$(ls "$KROOT/lib/modules")

# Debian's userland, unpacked once per set of .debs
ndkey=""
for p in $ND_PKGS; do ndkey="$ndkey $(basename "$(deb_file "$p")")"; done
ndsum=$(echo "$ndkey" | md5sum | cut -c1-12)
NDROOT=$CACHE/ndroot-$ndsum
if [ ! -f "$NDROOT/.ready" ]; then
	log "unpacking Debian's ndctl/daxctl userland"
	rm -rf "$NDROOT" && mkdir -p "$NDROOT"
	for p in $ND_PKGS; do dpkg-deb -x "$(deb_file "$p")" "$NDROOT"; done
	touch "$NDROOT/.ready"
fi

VMLINUX=""
[ -f "$KROOT/vmlinux" ] && VMLINUX=$KROOT/vmlinux
cat > "$CACHE/env" <<EOV
KPKG=$KPKG
KPKGVER=$(dpkg-deb -f "$KDEB" Version)
KVER=$KVER
KROOT=$KROOT
VMLINUZ=$KROOT/boot/vmlinuz-$KVER
VMLINUX=$VMLINUX
NDROOT=$NDROOT
DEBIAN_DAXCTL_VERSION=$(dpkg-deb -f "$(deb_file daxctl)" Version)
DEBIAN_PMDK_VERSION=$(dpkg-deb -f "$(deb_file libpmem2)" Version)
EOV
log "ready: kernel $KVER, cache $CACHE"

# ---------------------------------------------------------------------------
# --kernel NAME: one kernel of the matrix -> $CACHE/kernel-NAME.env
# ---------------------------------------------------------------------------
[ -n "$KNAME" ] || exit 0
KENV=$CACHE/kernel-$KNAME.env
if [ "$KNAME" = 6.1 ]; then
	kernel_env 6.1 bookworm "$KPKG" "$(dpkg-deb -f "$KDEB" Version)" "$KROOT" > "$KENV.tmp"
	mv "$KENV.tmp" "$KENV"
	log "ready: kernel 6.1 = $KVER ($KENV)"
	exit 0
fi

# suite KIND ARG...: apt-suite.sh for this kernel's suite; a SKIP from it
# (or no answer) falls back on a kernel prepared before, else skips
cached_or_skip() {
	if [ -f "$KENV" ] && (. "$KENV" && [ -f "$KROOT/.ready" ]); then
		log "$*; using the kernel prepared before ($KENV)"
		exit 0
	fi
	skip "kernel $KNAME ($KSUITE): $*"
}
suite() {
	local out rc=0
	out=$("$HERE/apt-suite.sh" "$KSUITE" "$@") || rc=$?
	if [ $rc = 77 ]; then
		cached_or_skip "$(echo "$out" | sed -n 's/^SKIP: //p' | head -1)"
	fi
	printf '%s\n' "$out"
	return $rc
}

meta=$(suite depends linux-image-amd64 | awk '/Depends: linux-image-[0-9]/ { print $2; exit }') || true
[ -n "$meta" ] || cached_or_skip "cannot resolve linux-image-amd64 in $KSUITE"
# a split kernel (7.x in trixie-backports): the image package depends on
# linux-binary-V (vmlinuz), linux-modules-V and linux-base-V (config, maps)
parts=$(suite depends "$meta" | awk '/Depends: linux-(binary|modules|base)-[0-9]/ { print $2 }' | sort -u) || true
declare -A KCAND
# shellcheck disable=SC2086
while read -r p v; do
	KCAND[$p]=$v
done < <(suite policy $meta $parts | awk '
	/^[^ ]/ { p = $1; sub(/:$/, "", p) }
	/^  Candidate:/ { print p, $2 }')
files="" fetch=""
for p in $meta $parts; do
	v=${KCAND[$p]:-}
	[ -n "$v" ] && [ "$v" != "(none)" ] || cached_or_skip "no candidate for $p in $KSUITE"
	f=$CACHE/debs/${p}_${v//:/%3a}_amd64.deb
	[ -f "$f" ] || fetch="$fetch $p"
	files="$files $f"
	[ "$p" = "$meta" ] && metaver=$v
done
if [ -n "$fetch" ]; then
	log "downloading from $KSUITE:$fetch"
	# shellcheck disable=SC2086
	(cd "$CACHE/debs" && "$HERE/apt-suite.sh" "$KSUITE" download $fetch 2>&1 |
		grep -v -e '^W:' -e '^$' >&2; exit "${PIPESTATUS[0]}") ||
		cached_or_skip "apt-get download$fetch failed (no network?)"
fi
for f in $files; do
	[ -f "$f" ] || { log "$f missing after download"; exit 1; }
done
KR=$CACHE/kernel/${meta}_${metaver//:/%3a}
# shellcheck disable=SC2086
unpack_kernel "$KR" $files
kernel_env "$KNAME" "$KSUITE" "$meta" "$metaver" "$KR" > "$KENV.tmp"
mv "$KENV.tmp" "$KENV"
kv=$(ls "$KR/lib/modules")
case "$kv" in
"$KNAME".* | "$KNAME"-* | "$KNAME"+*) ;;
*) log "note: kernel $KNAME resolved to $kv in $KSUITE" ;;
esac
log "ready: kernel $KNAME = $kv ($KENV)"
