#!/bin/bash
# tests/vm/mkinitramfs.sh: build the guest's initramfs.
#
# usage: mkinitramfs.sh OUTPUT.cpio.gz
# env:   DAXCTL_VM_CACHE  where setup.sh left the kernel and Debian's userland
#        KENV=file        the kernel to pack the modules of (setup.sh --kernel's
#                         kernel-NAME.env; default: the cache's env, 6.1)
#        OURS=dir         the project's staged files: dir/lib (libdaxctl.so*),
#                         dir/bin, dir/examples -> /opt/libdaxctl in the guest
#        TESTBIN=dir      guest test programs -> /opt/vmtests/bin
#
# Contents: busybox-static with its applet links, the nvdimm/dax modules of the
# kernel with a depmod'ed index (busybox modprobe and libkmod both use it),
# Debian's ndctl/daxctl/libdaxctl1 in the usual places, ours under
# /opt/libdaxctl (used through LD_LIBRARY_PATH), the guest scripts and /init.
set -euo pipefail

HERE=$(cd "$(dirname "$0")" && pwd)
CACHE=${DAXCTL_VM_CACHE:-/var/cache/libdaxctl-vm}
OUTPUT=${1:?usage: mkinitramfs.sh OUTPUT.cpio.gz}
# shellcheck disable=SC1091
. "$CACHE/env"
if [ -n "${KENV:-}" ]; then
	# shellcheck disable=SC1090
	. "$KENV"
fi

ST=$(mktemp -d "${TMPDIR:-/tmp}/daxvm-initramfs.XXXXXX")
trap 'rm -rf "$ST"' EXIT
# mktemp made it 0700: the guest's / must let other users in (the not-root
# refusals run as nobody), and its /tmp is everyone's
chmod 755 "$ST"
LIBDIR=lib/x86_64-linux-gnu
mkdir -p "$ST"/{bin,sbin,usr/bin,usr/sbin,proc,sys,dev,run,tmp,etc,lib64,$LIBDIR} \
	"$ST/lib/modules/$KVER" "$ST/opt/libdaxctl/lib" "$ST/opt/vmtests/bin"
chmod 1777 "$ST/tmp"

cp /bin/busybox "$ST/bin/busybox"
for a in $(/bin/busybox --list-full); do
	[ -e "$ST/$a" ] || ln -s /bin/busybox "$ST/$a"
done

# modules: the nvdimm/dax set and what they depend on (dax.ko is built in);
# OPTMODS only where the kernel has them (fsdev_dax: 7.x, famfs; the CXL
# memory set: cxl scenario)
MODS="libnvdimm nd_pmem nd_btt nd_e820 nfit device_dax dax_pmem kmem dax_hmem"
OPTMODS="fsdev_dax cxl_acpi cxl_pci cxl_mem cxl_port dax_cxl"
KD=$KROOT/lib/modules/$KVER
for m in $MODS $OPTMODS; do
	# -C /dev/null: the host's modprobe.d (e.g. ndctl's "install libnvdimm") must not
	# hide dependencies
	if ! modprobe -C /dev/null -d "$KROOT" -S "$KVER" --show-depends "$m" 2>/dev/null; then
		case " $OPTMODS " in
		*" $m "*) echo "mkinitramfs: $KVER has no $m (left out)" >&2 ;;
		*) echo "mkinitramfs: $KVER has no module $m" >&2; exit 1 ;;
		esac
	fi
done | awk '$1 == "insmod" { print $2 }' | sort -u | while read -r ko; do
	rel=${ko#"$KD"/}
	mkdir -p "$ST/lib/modules/$KVER/$(dirname "$rel")"
	# Debian compresses the modules of 6.12 and later (.ko.xz): busybox's
	# modprobe reads plain ELF only, so they go in decompressed (the kernel
	# takes them either way; a signature appended before compression stays)
	case "$rel" in
	*.ko.xz) xz -dc "$ko" > "$ST/lib/modules/$KVER/${rel%.xz}" ;;
	*.ko.zst) zstd -qdc "$ko" > "$ST/lib/modules/$KVER/${rel%.zst}" ;;
	*.ko.gz) gzip -dc "$ko" > "$ST/lib/modules/$KVER/${rel%.gz}" ;;
	*) cp "$ko" "$ST/lib/modules/$KVER/$rel" ;;
	esac
done
sed 's/\.ko\.\(xz\|zst\|gz\)$/.ko/' "$KD/modules.order" > "$ST/lib/modules/$KVER/modules.order"
cp "$KD"/modules.builtin "$KD"/modules.builtin.modinfo "$ST/lib/modules/$KVER/"
depmod -b "$ST" "$KVER"

# copy_closure BINARY [LD_LIBRARY_PATH]: shared libraries it needs, except
# libdaxctl (Debian's comes from NDROOT, ours stays under /opt/libdaxctl)
NDLIBS=$NDROOT/usr/lib/x86_64-linux-gnu:$NDROOT/lib/x86_64-linux-gnu
copy_closure() {
	local out lib
	out=$(LD_LIBRARY_PATH=${2:-$NDLIBS} ldd "$1" 2>&1) || return 0	# static or script
	if echo "$out" | grep -q 'not found'; then
		echo "mkinitramfs: $1: unresolved libraries:" >&2
		echo "$out" | grep 'not found' >&2
		return 1
	fi
	echo "$out" | awk '/=>/ && $3 ~ /^\// { print $3 }' | while read -r lib; do
		case "${lib##*/}" in libdaxctl.so*) continue ;; esac
		[ -e "$ST/$LIBDIR/${lib##*/}" ] || cp -L "$lib" "$ST/$LIBDIR/"
	done
	[ -e "$ST/lib64/ld-linux-x86-64.so.2" ] || cp -L /lib64/ld-linux-x86-64.so.2 "$ST/lib64/"
}

# Debian's tools and library, the reference
cp "$NDROOT/usr/bin/ndctl" "$NDROOT/usr/bin/daxctl" "$ST/usr/bin/"
cp -L "$NDROOT"/usr/lib/x86_64-linux-gnu/libdaxctl.so.1 "$ST/$LIBDIR/"
copy_closure "$NDROOT/usr/bin/ndctl"
copy_closure "$NDROOT/usr/bin/daxctl"
mkdir -p "$ST/etc/ndctl.conf.d" "$ST/etc/daxctl.conf.d"
# memkind's tool for the consumer check (guest/memkind.sh)
if [ -x "$NDROOT/usr/bin/memkind-auto-dax-kmem-nodes" ]; then
	cp "$NDROOT/usr/bin/memkind-auto-dax-kmem-nodes" "$ST/usr/bin/"
	copy_closure "$NDROOT/usr/bin/memkind-auto-dax-kmem-nodes"
fi

# ours
if [ -n "${OURS:-}" ] && [ -d "$OURS" ]; then
	cp -a "$OURS"/. "$ST/opt/libdaxctl/"
	OURLIBS=$ST/opt/libdaxctl/lib:$NDLIBS
	find "$ST/opt/libdaxctl" -type f -perm -u+x | while read -r x; do
		copy_closure "$x" "$OURLIBS"
	done
	find "$ST/opt/libdaxctl/lib" -name 'libdaxctl.so*' -type f | while read -r x; do
		copy_closure "$x" "$OURLIBS"
	done
fi
if [ -n "${TESTBIN:-}" ] && [ -d "$TESTBIN" ]; then
	cp -a "$TESTBIN"/. "$ST/opt/vmtests/bin/"
	for x in "$ST"/opt/vmtests/bin/*; do
		copy_closure "$x" "$ST/opt/libdaxctl/lib:$NDLIBS"
	done
fi

# Debian 13's userland at /trixie (cxl scenario, Debian 13's consumers)
if [ -n "${TXROOT:-}" ]; then
	"$HERE/mktrixie.sh" "$TXROOT" "$ST" "${OURS:+$OURS/lib}"
fi
cp "$HERE/guest/init" "$ST/init" && chmod 755 "$ST/init"
mkdir -p "$ST/scripts"
cp "$HERE"/guest/*.sh "$ST/scripts/"
echo "root:x:0:0:root:/:/bin/sh" > "$ST/etc/passwd"
echo "root:x:0:" > "$ST/etc/group"
echo "$KPKG $KPKGVER (kernel ${KNAME:-6.1}), Debian daxctl $DEBIAN_DAXCTL_VERSION, PMDK ${DEBIAN_PMDK_VERSION:-?}" > "$ST/etc/vm-release"

(cd "$ST" && find . -print0 | cpio --null -o -H newc --quiet) | gzip -4 > "$OUTPUT.tmp"
mv "$OUTPUT.tmp" "$OUTPUT"
echo "mkinitramfs: $OUTPUT ($(stat -c %s "$OUTPUT") bytes)" >&2
