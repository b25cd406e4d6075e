#!/bin/bash
# tests/vm/mktrixie.sh: put the Debian 13 userland subtree into an initramfs
# staging directory, at /trixie, for the guest to chroot into.
#
# usage: mktrixie.sh TXROOT STAGING [OURLIBDIR]
#   TXROOT     the unpacked trixie packages (setup-trixie.sh root)
#   STAGING    the initramfs tree; gets STAGING/trixie
#   OURLIBDIR  our libdaxctl.so* -> /trixie/opt/libdaxctl/lib (the same path
#              as outside the chroot)
#
# Only what runs is copied: the tools (ndctl, daxctl, cxl, daxio, pmempool),
# the shared libraries their ELF headers need (resolved in TXROOT, closure),
# liblzma (libkmod 34 opens it with dlopen), trixie's dynamic loader, and the
# merged-/usr links.  About 12 MB unpacked.
set -euo pipefail

TX=${1:?usage: mktrixie.sh TXROOT STAGING [OURLIBDIR]}
ST=${2:?usage: mktrixie.sh TXROOT STAGING [OURLIBDIR]}
OURLIB=${3:-}
D=$ST/trixie
L=usr/lib/x86_64-linux-gnu
TOOLS="ndctl daxctl cxl daxio pmempool"
mkdir -p "$D/usr/bin" "$D/$L" "$D/usr/lib64" "$D/usr/lib/modules" "$D/etc" \
	"$D/proc" "$D/sys" "$D/dev" "$D/tmp" "$D/run" "$D/opt/libdaxctl/lib"
for d in bin sbin lib lib64; do ln -sfn "usr/$d" "$D/$d"; done
mkdir -p "$D/usr/sbin"

needed() { readelf -d "$1" 2>/dev/null | sed -n 's/.*(NEEDED).*\[\(.*\)\]/\1/p'; }
# add_lib NAME: copy TXROOT's NAME (following links) and its closure
add_lib() {
	local n=$1 f
	[ -e "$D/$L/$n" ] && return 0
	f=$TX/$L/$n
	[ -e "$f" ] || f=$TX/lib/x86_64-linux-gnu/$n
	if [ ! -e "$f" ]; then
		echo "mktrixie: $n is not in $TX" >&2
		return 1
	fi
	cp -L "$f" "$D/$L/$n"
	for n in $(needed "$f"); do add_lib "$n"; done
}
for t in $TOOLS; do
	cp "$TX/usr/bin/$t" "$D/usr/bin/"
	for n in $(needed "$TX/usr/bin/$t"); do add_lib "$n"; done
done
add_lib liblzma.so.5
cp -L "$TX/$L/ld-linux-x86-64.so.2" "$D/$L/"
ln -sfn ../lib/x86_64-linux-gnu/ld-linux-x86-64.so.2 "$D/usr/lib64/ld-linux-x86-64.so.2"
mkdir -p "$D/etc/ndctl.conf.d" "$D/etc/daxctl.conf.d"
cp -a "$ST/etc/passwd" "$ST/etc/group" "$D/etc/" 2>/dev/null || true
if [ -n "$OURLIB" ] && [ -d "$OURLIB" ]; then
	find "$OURLIB" -maxdepth 1 -name 'libdaxctl.so*' \( -type f -o -type l \) \
		-exec cp -a {} "$D/opt/libdaxctl/lib/" \;
	# our library's own needs must be in the subtree too
	for f in "$D"/opt/libdaxctl/lib/libdaxctl.so.1; do
		[ -e "$f" ] || continue
		for n in $(needed "$f"); do add_lib "$n"; done
	done
fi
echo "mktrixie: $(du -sk "$D" | cut -f1) kB in /trixie" >&2
