#!/usr/bin/env bash
# SPDX-License-Identifier: LGPL-2.1-or-later
#
# The Debian packaging test (as root):
#   1. build the packages with dpkg-buildpackage from a clean copy of the
#      tree (git archive of the work tree's tracked files, in a temp dir);
#   2. check the shipped symbols file against libdaxctl/libdaxctl.sym and
#      against the symbols file of Debian 12's own libdaxctl1;
#   3. run lintian (no error allowed);
#   4. in a fresh Debian 12 tree (debootstrap, cached): install ours, then
#      the distribution's ndctl and PMDK on top; go back to the
#      distribution's libdaxctl1/daxctl; install ours over them again.
#      Each time dpkg and apt must be content (dpkg --audit, apt-get check,
#      nothing removed, nothing left to upgrade) and the distribution's
#      programs must load on our library with every symbol bound.
# Last line: "packaging: N passed, N failed, N skipped". Exit status 77
# (and a SKIP line saying why) when the test cannot run here.
#
# Environment:
#   LIBDAXCTL_PKG_CACHE   cache directory (default /var/cache/libdaxctl-pkg):
#                         holds the Debian 12 tree as a tarball, with the
#                         distribution's packages downloaded in it
#   LIBDAXCTL_PKG_MIRROR  Debian mirror URL (default: read from the host's
#                         apt sources)
#   LIBDAXCTL_PKG_REFRESH=1  rebuild the cached tree
#   LIBDAXCTL_PKG_KEEP=1  keep the temporary directory (printed)
# Option: --prepare-cache  only make sure the cached tree exists.
set -u

top=$(cd "$(dirname "$0")/../.." && pwd)
cache=${LIBDAXCTL_PKG_CACHE:-/var/cache/libdaxctl-pkg}
suite=bookworm
arch=$(dpkg --print-architecture 2>/dev/null || echo unknown)
tarball=$cache/$suite-$arch-tree.tar.gz
# The distribution's packages that use libdaxctl1, and its own libdaxctl
# packages, in the cached tree.
distro_users=(ndctl libndctl6 libpmem2 libpmem1 pmdk-tools)
distro_ours=(libdaxctl1 libdaxctl-dev daxctl)

npass=0 nfail=0 nskip=0
pass() { echo "PASS: $*"; npass=$((npass + 1)); }
fail() { echo "FAIL: $*"; nfail=$((nfail + 1)); }
skip() { echo "SKIP: $*"; nskip=$((nskip + 1)); }
check() {	# check "what" command...: PASS/FAIL on the command's status
	local what=$1
	shift
	if "$@" >"$work/out" 2>&1; then
		pass "$what"
	else
		fail "$what"
		sed 's/^/    /' "$work/out" | tail -n 30
	fi
}
skip_all() { echo "SKIP: packaging test: $*"; exit 77; }

# ---------------------------------------------------------------------------
# Prerequisites
# ---------------------------------------------------------------------------
[ "$(id -u)" = 0 ] || skip_all "needs root (debootstrap, chroot)"
for t in git dpkg-buildpackage dh lintian debootstrap unshare chroot; do
	command -v "$t" >/dev/null ||
		skip_all "$t is missing (apt-get install git dpkg-dev debhelper lintian debootstrap)"
done
git -C "$top" rev-parse --git-dir >/dev/null 2>&1 ||
	skip_all "$top is not a git work tree (the package is built from git archive)"

version=$(dpkg-parsechangelog -l "$top/debian/changelog" -S Version)
work=$(mktemp -d /tmp/libdaxctl-pkg.XXXXXX)
cleanup() {
	if [ "${LIBDAXCTL_PKG_KEEP:-0}" = 1 ]; then
		echo "kept $work"
	else
		rm -rf "$work"
	fi
}
trap cleanup EXIT

# The mirror: the first deb URI of the host's apt sources that serves the
# suite (deb822 .sources files, then the one-line format).
host_mirror() {
	local f
	for f in /etc/apt/sources.list.d/*.sources; do
		[ -f "$f" ] || continue
		awk -v suite="$suite" 'BEGIN { RS = ""; FS = "\n" }
		{
			types = uris = suites = ""
			for (i = 1; i <= NF; i++) {
				if ($i ~ /^#/) continue
				if ($i ~ /^Types:/) types = $i
				if ($i ~ /^URIs:/) uris = $i
				if ($i ~ /^Suites:/) suites = " " $i " "
				if ($i ~ /^Enabled: *no/) types = ""
			}
			if (types ~ /[ :]deb( |$)/ && suites ~ (" " suite " ")) {
				split(uris, u, /[ \t]+/)
				print u[2]
				exit
			}
		}' "$f"
	done
	if [ -f /etc/apt/sources.list ]; then
		awk -v suite="$suite" '$1 == "deb" {
			for (i = 2; i <= NF; i++)
				if ($i == suite) {
					u = $(i - 1)
					if (u !~ /^\[/ && u ~ /:\/\//) { print u; exit }
				}
		}' /etc/apt/sources.list
	fi
}

# Run a command in the tree: private mount namespace (so nothing stays
# mounted), /proc mounted, a clean environment.
in_tree() {
	unshare --mount --fork -- sh -c '
		root=$1; shift
		mount -t proc proc "$root/proc" || exit 125
		mount -t devpts -o newinstance,ptmxmode=0666 devpts \
			"$root/dev/pts" 2>/dev/null
		exec chroot "$root" /usr/bin/env -i \
			PATH=/usr/sbin:/usr/bin:/sbin:/bin LC_ALL=C \
			DEBIAN_FRONTEND=noninteractive "$@"' sh "$tree" "$@" </dev/null
}
# apt-get in the tree: never removes a package (it fails instead); the
# distribution's packages come from the tree's apt cache (--no-download).
# apt 2.6 cannot take local .deb files with --no-download ("Pathname to
# install is not absolute"): apt_local_in_tree installs those, and every
# dependency they need is in the cache already.
apt_local_in_tree() {
	in_tree apt-get -q -y --no-remove \
		-o Dpkg::Options::=--force-confdef \
		-o Dpkg::Options::=--force-confold "$@"
}
apt_in_tree() {
	apt_local_in_tree --no-download "$@"
}

# Build the cached tree: a minimal Debian 12, the apt lists, and the
# distribution's packages downloaded (not installed) into its apt cache.
make_tree_tarball() {
	local mirror=$1 t=$work/bootstrap
	echo "building the cached $suite tree (debootstrap, a few minutes)"
	nice debootstrap --variant=minbase "$suite" "$t" "$mirror" \
		>"$work/debootstrap.log" 2>&1 || {
		tail -n 20 "$work/debootstrap.log"
		return 1
	}
	printf '#!/bin/sh\nexit 101\n' >"$t/usr/sbin/policy-rc.d"
	chmod 755 "$t/usr/sbin/policy-rc.d"
	cp /etc/resolv.conf "$t/etc/resolv.conf" 2>/dev/null
	local tree=$t
	in_tree apt-get -q update >"$work/apt.log" 2>&1 &&
	in_tree apt-get -q -y --download-only install \
		"${distro_users[@]}" "${distro_ours[@]}" >>"$work/apt.log" 2>&1 || {
		tail -n 20 "$work/apt.log"
		return 1
	}
	: >"$t/etc/resolv.conf"
	tar -C "$t" --numeric-owner -cf - . | gzip -1 >"$tarball.tmp" &&
		mv "$tarball.tmp" "$tarball"
}

get_tree() {
	local mirror age
	mkdir -p "$cache" && exec 9>"$cache/lock" || return 1
	flock 9	# one writer at a time; readers wait for a complete tarball
	if [ -f "$tarball" ] && [ "${LIBDAXCTL_PKG_REFRESH:-0}" != 1 ]; then
		age=$(( ($(date +%s) - $(stat -c %Y "$tarball")) / 86400 ))
		echo "using the cached $suite tree ($age days old)"
	else
		mirror=${LIBDAXCTL_PKG_MIRROR:-$(host_mirror | head -n 1)}
		[ -n "$mirror" ] || {
			echo "no $suite mirror in the host's apt sources"
			return 1
		}
		make_tree_tarball "$mirror" || {
			echo "debootstrap from the host's mirror failed (no network?)"
			return 1
		}
	fi
	# --prepare-cache: the tarball is all that was asked for
	[ -z "$tree" ] || tar -C "$tree" -xzf "$tarball" || return 1
	flock -u 9
}

if [ "${1:-}" = --prepare-cache ]; then
	tree=""
	get_tree || exit 1
	exit 0
fi

# ---------------------------------------------------------------------------
# 0. Build-Depends names the package of every library configure asks
#    pkg-config for (the build below runs on this host, where scripts/check
#    installed them all, so it would not notice one missing)
# ---------------------------------------------------------------------------
build_deps=$(sed -n '/^Build-Depends:/,/^[A-Z]/p' "$top/debian/control" |
	sed -e 's/^Build-Depends://' -e '/^[A-Z]/d' | tr ',|' '\n\n' |
	sed -e 's/[<([].*//' -e 's/:[a-z]*//' -e 's/[[:space:]]//g' | sed '/^$/d')
# one line a PKG_CHECK_MODULES([VAR], [modules...]): its module list
modlines=$(sed -n 's/.*PKG_CHECK_MODULES(\[[A-Z_]*\], *\[\([^]]*\)\].*/\1/p' "$top/configure.ac")
[ "$(grep -c 'PKG_CHECK_MODULES(' "$top/configure.ac")" = "$(echo "$modlines" | grep -c .)" ] ||
	fail "Build-Depends: a PKG_CHECK_MODULES of configure.ac this test cannot read ([VAR], [modules ...])"
for mod in $(echo "$modlines" | awk '{ for (i = 1; i <= NF; i++) if ($i ~ /^[a-z]/) print $i }'); do
	pc=$(pkg-config --variable=pcfiledir "$mod" 2>/dev/null)/$mod.pc
	pkg=$(dpkg -S "$(readlink -f "$pc")" 2>/dev/null | head -n 1 | cut -d: -f1)
	if [ -z "$pkg" ]; then
		fail "Build-Depends: no installed package has $mod.pc (configure.ac's pkg-config module $mod)"
	elif echo "$build_deps" | grep -qx "$pkg"; then
		pass "Build-Depends names $pkg (pkg-config module $mod)"
	else
		fail "Build-Depends names $pkg (pkg-config module $mod of configure.ac)"
	fi
done

# ---------------------------------------------------------------------------
# 1. Build from a clean copy
# ---------------------------------------------------------------------------
t0=$(date +%s)
echo "== build $version from a clean copy"
src=$work/src/libdaxctl-$version
mkdir -p "$src"
# Tracked files as they are in the work tree (committed or not).
rev=$(git -C "$top" stash create 2>/dev/null)
git -C "$top" archive "${rev:-HEAD}" | tar -x -C "$src"
# make check already ran on these sources (scripts/check): nocheck; and no
# debug symbol packages (noddebs), to keep the build short.
if (cd "$src" && DEB_BUILD_OPTIONS="nocheck noddebs parallel=$(nproc)" \
		nice dpkg-buildpackage -us -uc -Pnocheck) >"$work/build.log" 2>&1; then
	pass "dpkg-buildpackage -us -uc"
else
	fail "dpkg-buildpackage -us -uc"
	tail -n 40 "$work/build.log"
	echo "packaging: $npass passed, $nfail failed, $nskip skipped"
	exit 1
fi
debs=()
for p in libdaxctl1 libdaxctl-dev daxctl; do
	d=$work/src/${p}_${version}_$arch.deb
	if [ -f "$d" ]; then
		debs+=("$d")
	else
		fail "package $p was not built"
	fi
done
[ ${#debs[@]} = 3 ] && pass "built libdaxctl1, libdaxctl-dev and daxctl $version"
echo "build: $(($(date +%s) - t0)) s"

# The daxctl package: its udev rule starts daxdev-reconfigure@.service (which
# it ships) instead of running daxctl itself, and there is no
# /usr/share/daxctl/daxctl.conf (migrate-device-model writes the policy)
daxctl_deb_policy() {	# daxctl_deb_policy DEB
	local deb=$1 files rule unit
	files=$(dpkg-deb -c "$deb" | awk '{ print $6 }') || return 1
	unit=$(echo "$files" | grep -E '^\./(usr/)?lib/systemd/system/daxdev-reconfigure@\.service$')
	[ -n "$unit" ] || { echo "no daxdev-reconfigure@.service in $deb"; return 1; }
	rule=$(echo "$files" | grep -E '^\./(usr/)?lib/udev/rules\.d/90-daxctl-device\.rules$')
	[ -n "$rule" ] || { echo "no 90-daxctl-device.rules in $deb"; return 1; }
	if echo "$files" | grep -q '^\./usr/share/daxctl/daxctl\.conf$'; then
		echo "$deb ships /usr/share/daxctl/daxctl.conf"
		return 1
	fi
	dpkg-deb --fsys-tarfile "$deb" | tar -xOf - "$rule" >"$work/daxctl.rules" ||
		return 1
	grep -v '^#' "$work/daxctl.rules" >"$work/daxctl.rules.active"
	grep -qF 'ENV{SYSTEMD_WANTS}+="daxdev-reconfigure@$kernel.service"' \
		"$work/daxctl.rules.active" ||
		{ echo "the rule does not start daxdev-reconfigure@.service:"; cat "$work/daxctl.rules"; return 1; }
	if grep -q 'RUN' "$work/daxctl.rules.active"; then
		echo "the rule runs a program itself:"
		cat "$work/daxctl.rules"
		return 1
	fi
}
# README row D24: the udev rule starts the unit; no /usr/share/daxctl/daxctl.conf
[ -f "$work/src/daxctl_${version}_$arch.deb" ] &&
	check "daxctl's udev rule starts daxdev-reconfigure@.service; no /usr/share/daxctl/daxctl.conf" \
		daxctl_deb_policy "$work/src/daxctl_${version}_$arch.deb"

# ---------------------------------------------------------------------------
# 2. Symbols
# ---------------------------------------------------------------------------
echo "== symbols"
ours_symbols=$work/symbols.ours
dpkg-deb -I "$work/src/libdaxctl1_${version}_$arch.deb" symbols >"$ours_symbols"
# name@NODE for every function of the version script, and the nodes.
awk '/^LIBDAXCTL_[0-9]+ *\{/ { node = $1; sub(/ *\{.*/, "", node); print node "@" node; next }
	/^[ \t]*(global|local):/ { next }
	node != "" && /^[ \t]*[a-z_0-9]+;/ { s = $1; sub(/;.*/, "", s); print s "@" node }' \
	"$top/libdaxctl/libdaxctl.sym" | sort >"$work/symbols.script"
awk '/^ / { print $1 }' "$ours_symbols" | sort >"$work/symbols.shipped"
n=$(grep -vc '^LIBDAXCTL' "$work/symbols.shipped")
if [ "$n" = 69 ] && cmp -s "$work/symbols.script" "$work/symbols.shipped"; then
	pass "symbols file: the 69 functions at their nodes, as in libdaxctl.sym"
else
	fail "symbols file ($n functions) differs from libdaxctl.sym"
	diff "$work/symbols.script" "$work/symbols.shipped" | head -n 20
fi

# ---------------------------------------------------------------------------
# 3. lintian
# ---------------------------------------------------------------------------
# lintian takes about a minute on one core: it runs while the tree tests
# below install packages, and is reported after them (lintian_report)
t1=$(date +%s)
changes=$(ls "$work"/src/libdaxctl_"${version}"_*.changes | head -n 1)
nice lintian --no-cfg --fail-on error "$changes" >"$work/lintian.log" 2>&1 &
lintian_pid=$!
lintian_report() {
	local rc=0 nerr nwarn
	echo "== lintian"
	wait "$lintian_pid" || rc=$?
	grep -v '^running with root privileges' "$work/lintian.log" | sed 's/^/    /'
	nerr=$(grep -c '^E: ' "$work/lintian.log")
	nwarn=$(grep -c '^W: ' "$work/lintian.log")
	if [ $rc = 0 ] && [ "$nerr" = 0 ]; then
		pass "lintian: 0 errors ($nwarn warnings)"
	else
		fail "lintian: $nerr errors, status $rc"
	fi
	echo "lintian: done $(($(date +%s) - t1)) s after it started"
}

# ---------------------------------------------------------------------------
# 4. A fresh Debian 12 tree
# ---------------------------------------------------------------------------
echo "== Debian 12 tree"
t2=$(date +%s)
tree=$work/tree
mkdir -p "$tree"
if ! get_tree; then
	skip "installation into a Debian 12 tree: no cached tree and none could be made"
	lintian_report
	echo "packaging: $npass passed, $nfail failed, $nskip skipped"
	[ $nfail = 0 ]
	exit
fi
echo "tree ready: $(($(date +%s) - t2)) s"
mkdir -p "$tree/tmp/ours"
cp "${debs[@]}" "$tree/tmp/ours/"
ours_in_tree=(/tmp/ours/libdaxctl1_"${version}"_$arch.deb
	/tmp/ours/libdaxctl-dev_"${version}"_$arch.deb
	/tmp/ours/daxctl_"${version}"_$arch.deb)
distro_deb() { ls "$tree"/var/cache/apt/archives/"$1"_*_"$2".deb 2>/dev/null | head -n 1; }

# Debian's libdaxctl1: what its symbols file promises, ours must keep.
dsym=$(distro_deb libdaxctl1 "$arch")
if [ -n "$dsym" ]; then
	dpkg-deb -I "$dsym" symbols >"$work/symbols.debian"
	dver=$(dpkg-deb -f "$dsym" Version)
	bad=$(awk '/^ / { print $1, $2 }' "$work/symbols.debian" |
		while read -r s v; do
			mine=$(awk -v s="$s" '$1 == s { print $2 }' "$ours_symbols")
			if [ -z "$mine" ]; then
				echo "$s: missing"
			elif [ "$mine" != "$v" ]; then
				echo "$s: $mine, Debian $v"
			elif ! dpkg --compare-versions "$version" ge "$v"; then
				echo "$s: needs $v"
			fi
		done)
	if [ -z "$bad" ]; then
		pass "every symbol of Debian's libdaxctl1 $dver is ours, at its minimum version, satisfied by $version"
	else
		fail "symbols against Debian's libdaxctl1 $dver"
		echo "$bad" | head -n 20
	fi
else
	fail "Debian's libdaxctl1 is not in the cached tree"
fi

status_of() { in_tree dpkg-query -W -f='${db:Status-Abbrev}${Version}' "$1" 2>/dev/null; }
expect_versions() {	# expect_versions what version pkg...
	local what=$1 want=$2 p got bad=
	shift 2
	for p in "$@"; do
		got=$(status_of "$p")
		[ "$got" = "ii $want" ] || bad="$bad $p=[$got]"
	done
	if [ -z "$bad" ]; then
		pass "$what"
	else
		fail "$what:$bad"
	fi
}
dpkg_content() {	# dpkg --audit prints nothing, apt-get check succeeds
	local a
	a=$(in_tree dpkg --audit 2>&1)
	[ -z "$a" ] || { echo "dpkg --audit: $a"; return 1; }
	in_tree apt-get -q check
}
nothing_to_do() {	# apt would change nothing
	local s
	s=$(in_tree apt-get -s -q dist-upgrade 2>&1) || { echo "$s"; return 1; }
	echo "$s" | grep -q '^0 upgraded, 0 newly installed, 0 to remove' ||
		{ echo "$s"; return 1; }
}
loads_bound() {	# the program starts with every symbol bound at load time
	in_tree env LD_BIND_NOW=1 "$@"
}
daxctl_list_empty() {
	local out
	out=$(in_tree daxctl list) || { echo "daxctl list: status $?"; return 1; }
	[ -z "$out" ] || { echo "daxctl list printed: $out"; return 1; }
}
daxctl_version_is() {
	local out
	out=$(in_tree daxctl --version) || return 1
	[ "$out" = "$1" ] || { echo "daxctl --version: '$out', want '$1'"; return 1; }
}
consumers_run() {
	loads_bound ndctl --version && loads_bound pmempool --version &&
		loads_bound ndctl list
}
owned_by() {	# owned_by path package: the file exists and dpkg says whose
	[ -e "$tree$1" ] || { echo "$1 is missing"; return 1; }
	in_tree dpkg -S "$1" | grep -q "^$2\(:$arch\)\?: " ||
		{ in_tree dpkg -S "$1"; return 1; }
}

dver=$(dpkg-deb -f "$(distro_deb ndctl "$arch")" Version 2>/dev/null)
libdir=/usr/lib/$(dpkg-architecture -qDEB_HOST_MULTIARCH 2>/dev/null)

echo "-- ours first, then the distribution's ndctl and PMDK"
check "apt installs our packages into a fresh Debian 12 tree" \
	apt_local_in_tree install "${ours_in_tree[@]}"
expect_versions "libdaxctl1, libdaxctl-dev, daxctl are ours ($version)" \
	"$version" "${distro_ours[@]}"
check "apt installs the distribution's ${distro_users[*]} over ours" \
	apt_in_tree install "${distro_users[@]}"
expect_versions "ours are kept" "$version" "${distro_ours[@]}"
expect_versions "the distribution's ndctl, libndctl6 ($dver) are installed" \
	"$dver" ndctl libndctl6
check "dpkg --audit is clean, apt-get check succeeds" dpkg_content
check "apt wants no change (dist-upgrade)" nothing_to_do
check "daxctl --version prints $version" daxctl_version_is "$version"
check "daxctl list prints nothing and exits 0 (no dax devices)" daxctl_list_empty
check "ndctl and pmempool (Debian's) load on our libdaxctl.so.1, LD_BIND_NOW" \
	consumers_run
ours_own_files() {
	owned_by "$libdir/libdaxctl.so.1" libdaxctl1 &&
		owned_by /lib/udev/rules.d/90-daxctl-device.rules daxctl &&
		owned_by /etc/daxctl.conf.d/daxctl.example.conf daxctl
}
check "libdaxctl.so.1, the udev rule, the config example belong to ours" \
	ours_own_files

echo "-- back to the distribution's libdaxctl1 and daxctl"
pins=()
for p in "${distro_ours[@]}"; do pins+=("$p=$(dpkg-deb -f "$(distro_deb "$p" "$arch")" Version)"); done
check "apt downgrades to ${pins[*]}" \
	apt_in_tree install --allow-downgrades "${pins[@]}"
expect_versions "libdaxctl1, libdaxctl-dev, daxctl are the distribution's" \
	"${pins[0]#*=}" "${distro_ours[@]}"
check "dpkg --audit is clean, apt-get check succeeds" dpkg_content
check "the distribution's daxctl list exits 0" in_tree daxctl list

echo "-- ours over the distribution's"
check "apt installs our packages over the distribution's" \
	apt_local_in_tree install "${ours_in_tree[@]}"
expect_versions "libdaxctl1, libdaxctl-dev, daxctl are ours again" \
	"$version" "${distro_ours[@]}"
expect_versions "the distribution's ndctl and PMDK stay installed" \
	"$dver" ndctl libndctl6
check "dpkg --audit is clean, apt-get check succeeds" dpkg_content
check "apt wants no change (dist-upgrade)" nothing_to_do
check "the udev rule and the config example survive the upgrade (Debian's paths)" \
	ours_own_files
check "daxctl list prints nothing and exits 0" daxctl_list_empty
check "ndctl and pmempool (Debian's) load on our libdaxctl.so.1, LD_BIND_NOW" \
	consumers_run

echo "tree tests: $(($(date +%s) - t2)) s"
lintian_report
echo "total: $(($(date +%s) - t0)) s"
echo "packaging: $npass passed, $nfail failed, $nskip skipped"
[ $nfail = 0 ]
