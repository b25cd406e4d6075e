#!/bin/bash
# tests/vm/setup.sh: prepare the host for the real-kernel test rig.
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
set -euo pipefail

CACHE=${DAXCTL_VM_CACHE:-/var/cache/libdaxctl-vm}
export DEBIAN_FRONTEND=noninteractive LC_ALL=C

log() { echo "vm-setup: $*" >&2; }
skip() { echo "SKIP: $*"; exit 77; }

[ "$(uname -m)" = x86_64 ] || skip "the VM rig needs an x86_64 host (this is $(uname -m))"
command -v apt-get >/dev/null && command -v dpkg >/dev/null ||
	skip "the VM rig needs a Debian-like host with apt-get and dpkg"

# host tools: package -> a file it provides
HOST_PKGS="qemu-system-x86:/usr/bin/qemu-system-x86_64 busybox-static:/bin/busybox
kmod:/usr/bin/kmod cpio:/usr/bin/cpio xz-utils:/usr/bin/xz gzip:/bin/gzip
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
ND_PKGS="ndctl daxctl libndctl6 libdaxctl1 libcxl1 libiniparser1 libjson-c5
libkeyutils1 libtraceevent1 libtracefs1 libuuid1 libkmod2 libudev1 libpmem2 libpmem1"
# Not fio: its binary links librados, librbd and libgfapi, whose closure (ceph,
# glusterfs, boost, ICU, gnutls, krb5...) adds about 77 MB to the guest (30 MB
# gzip-compressed initramfs) for an engine, dev-dax, that reads the size from
# sysfs and mmaps by itself: libdaxctl would be loaded by its libpmem, never
# called.  pmdk-pmem1 covers libpmem (see README.md).

# deb_file PKG -> the cached .deb of the candidate version (empty if not cached)
deb_file() {
	local ver
	ver=$(apt-cache policy "$1" 2>/dev/null | awk '/Candidate:/ { print $2; exit }')
	[ -n "$ver" ] && [ "$ver" != "(none)" ] || return 1
	ver=${ver//:/%3a}
	ls "$CACHE/debs/${1}_${ver}_"*.deb 2>/dev/null | head -1
}

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
		# shellcheck disable=SC2086
		download $fetch || skip "apt-get download$fetch failed (no network?)"
	fi
fi

KDEB=$(deb_file "$KPKG")
[ -n "$KDEB" ] || { log "kernel .deb missing after download"; exit 1; }
KROOT=$CACHE/kernel/$(basename "$KDEB" .deb)
if [ ! -f "$KROOT/.ready" ]; then
	log "unpacking $(basename "$KDEB")"
	rm -rf "$KROOT" && mkdir -p "$KROOT"
	dpkg-deb -x "$KDEB" "$KROOT"
	KVER=$(ls "$KROOT/lib/modules")
	# the .deb ships no modules.dep: the postinst would make it
	depmod -b "$KROOT" "$KVER"
	# PVH direct boot of the ELF image saves the in-guest decompression
	# (seconds under TCG).  Debian compresses the bzImage with xz.
	# (xz stops after the first stream: tail then dies of SIGPIPE, hence || true)
	off=$(grep -m1 -obUaP '\xfd7zXZ\x00' "$KROOT/boot/vmlinuz-$KVER" | cut -d: -f1)
	if [ -n "$off" ] &&
	   { tail -c +$((off + 1)) "$KROOT/boot/vmlinuz-$KVER" || true; } |
	   xz -dc --single-stream > "$KROOT/vmlinux" 2>/dev/null &&
	   [ "$(head -c 4 "$KROOT/vmlinux" | od -An -c | tr -d ' ')" = '177ELF' ]; then
		log "extracted vmlinux ($(stat -c %s "$KROOT/vmlinux") bytes)"
	else
		log "no xz payload in the bzImage: booting the bzImage instead"
		rm -f "$KROOT/vmlinux"
	fi
	touch "$KROOT/.ready"
fi
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
