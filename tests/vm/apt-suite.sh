#!/bin/bash
# tests/vm/apt-suite.sh: run apt-get / apt-cache against one Debian suite with
# a private apt configuration, never touching the host's lists or state.
#
# usage: tests/vm/apt-suite.sh SUITE COMMAND [ARG...]
#   SUITE      bookworm, bookworm-backports, trixie or trixie-backports
#              (a -backports suite also lists its base suite and is the
#              default release, so packages only in the base resolve too)
#   COMMAND    update               refresh the private lists now
#              download PKG...      apt-get download into the current directory
#              show|policy|depends|rdepends|madison|showpkg PKG...
#                                   apt-cache COMMAND PKG...
#              candidate PKG        print PKG's candidate version (exit 1: none)
#              candidates PKG...    "PKG VERSION" for each PKG, one apt-cache
#                                   run ("PKG (none)" when it has none)
#              dir                  print the private directory
#              apt-get ARG...       apt-get with the private options
#              apt-cache ARG...     apt-cache with the private options
# examples:
#   tests/vm/apt-suite.sh trixie-backports depends linux-image-amd64
#   (cd /tmp/x && tests/vm/apt-suite.sh bookworm-backports download qemu-system-x86)
#
# The mirror is the first non-security URI of the host's own apt
# configuration (/etc/apt/sources.list.d/*.sources, then
# /etc/apt/sources.list), or $DAXCTL_VM_MIRROR when set.  No host name is
# written here: it is read at run time.
#
# State lives in $DAXCTL_VM_CACHE/apt/SUITE/ (default cache
# /var/cache/libdaxctl-vm): sources.list, an empty dpkg status and
# preferences, lists/ and cache/.  The lists are fetched on first use and
# again when older than $DAXCTL_VM_APT_MAXAGE seconds (default 86400), or
# when a download fails (the archive may have moved on).  One process at a
# time per suite (flock on the directory's .lock).
#
# exit: the command's status; 77 with "SKIP: reason" when the suite cannot be
# used here (no apt, no mirror in the host configuration, update failed);
# 2 on a usage error.
set -euo pipefail

CACHE=${DAXCTL_VM_CACHE:-/var/cache/libdaxctl-vm}
MAXAGE=${DAXCTL_VM_APT_MAXAGE:-86400}
export LC_ALL=C DEBIAN_FRONTEND=noninteractive

usage() { sed -n '2,/^set -e/p' "$0" | sed '$d; s/^# \{0,1\}//' >&2; exit 2; }
skip() { echo "SKIP: $*"; exit 77; }
log() { echo "apt-suite: $*" >&2; }

[ $# -ge 2 ] || usage
SUITE=$1 CMD=$2
shift 2
case "$SUITE" in
bookworm | bookworm-backports | trixie | trixie-backports) ;;
*) echo "apt-suite: unknown suite $SUITE" >&2; usage ;;
esac
command -v apt-get >/dev/null || skip "no apt-get on this host"

# mirror_uri: the first URI of a non-security Debian suite in the host's config
mirror_uri() {
	local f
	if [ -n "${DAXCTL_VM_MIRROR:-}" ]; then
		echo "$DAXCTL_VM_MIRROR"
		return 0
	fi
	for f in /etc/apt/sources.list.d/*.sources; do
		[ -f "$f" ] || continue
		# deb822: stanzas separated by blank lines; take URIs of a stanza
		# whose Suites has no "-security" and whose Types has deb
		awk 'BEGIN { RS = ""; FS = "\n" }
		{
			uri = ""; suites = ""; types = ""; enabled = "yes"
			for (i = 1; i <= NF; i++) {
				if ($i ~ /^[ \t]*#/) continue
				if ($i ~ /^URIs:/) { sub(/^URIs:[ \t]*/, "", $i); uri = $i }
				if ($i ~ /^Suites:/) suites = $i
				if ($i ~ /^Types:/) types = $i
				if ($i ~ /^Enabled:[ \t]*no/) enabled = "no"
			}
			split(uri, u, /[ \t]+/)
			if (enabled == "yes" && u[1] ~ /^(https?|file):/ &&
			    types ~ /[ \t]deb([ \t]|$)/ && suites !~ /-security/) {
				print u[1]; exit
			}
		}' "$f"
	done | head -1 | grep . && return 0
	if [ -f /etc/apt/sources.list ]; then
		awk '$1 == "deb" {
			i = 2; if ($2 ~ /^\[/) { while ($i !~ /\]$/) i++; i++ }
			if ($(i + 1) !~ /-security/ && $i ~ /^(https?|file):/) { print $i; exit }
		}' /etc/apt/sources.list | grep . && return 0
	fi
	return 1
}

D=$CACHE/apt/$SUITE
if [ "$CMD" = dir ]; then
	echo "$D"
	exit 0
fi
mkdir -p "$D/lists/partial" "$D/cache/archives/partial" 2>/dev/null ||
	skip "cannot create $D (set DAXCTL_VM_CACHE)"
exec 8>"$D/.lock" || skip "cannot write $D/.lock (set DAXCTL_VM_CACHE)"
flock 8

URI=$(mirror_uri) || skip "no Debian mirror found in the host's apt configuration (set DAXCTL_VM_MIRROR)"
KEYRING=/usr/share/keyrings/debian-archive-keyring.gpg
signed=""
[ -f "$KEYRING" ] && signed=" signed-by=$KEYRING"
{
	case "$SUITE" in
	*-backports) echo "deb [arch=amd64$signed] $URI ${SUITE%-backports} main" ;;
	esac
	echo "deb [arch=amd64$signed] $URI $SUITE main"
} > "$D/sources.list.new"
# a changed mirror or suite list invalidates the lists
if ! cmp -s "$D/sources.list.new" "$D/sources.list" 2>/dev/null; then
	mv "$D/sources.list.new" "$D/sources.list"
	rm -f "$D/lists/"*_Packages* "$D/lists/"*Release* "$D/.updated"
else
	rm -f "$D/sources.list.new"
fi
: > "$D/status.new"
[ -f "$D/status" ] || mv "$D/status.new" "$D/status"
rm -f "$D/status.new"
touch "$D/preferences"
mkdir -p "$D/empty.d"

OPTS=(-o "Dir::Etc::sourcelist=$D/sources.list" -o "Dir::Etc::sourceparts=-"
	-o "Dir::State::Lists=$D/lists" -o "Dir::Cache=$D/cache"
	-o "Dir::State::status=$D/status" -o "Dir::State::extended_states=$D/extended_states"
	-o "Dir::Etc::preferences=$D/preferences" -o "Dir::Etc::preferencesparts=$D/empty.d"
	-o "APT::Architecture=amd64" -o "APT::Architectures=amd64"
	-o "Acquire::Languages=none" -o "APT::Get::List-Cleanup=true")
case "$SUITE" in
*-backports) OPTS+=(-o "APT::Default-Release=$SUITE") ;;
esac

update() {
	log "apt-get update for $SUITE"
	if apt-get -qq "${OPTS[@]}" update >&2; then
		touch "$D/.updated"
		return 0
	fi
	rm -f "$D/.updated"
	return 1
}
fresh() {
	[ -f "$D/.updated" ] || return 1
	[ $(($(date +%s) - $(stat -c %Y "$D/.updated"))) -lt "$MAXAGE" ]
}
if [ "$CMD" = update ]; then
	update || skip "apt-get update for $SUITE failed (no network?)"
	exit 0
fi
fresh || update || {
	# stale lists are still better than none
	ls "$D/lists/"*_Packages* >/dev/null 2>&1 ||
		skip "apt-get update for $SUITE failed (no network?)"
	log "update failed; using the lists of $(date -r "$D/lists" +%F)"
}

case "$CMD" in
download)
	[ $# -ge 1 ] || usage
	rc=0
	apt-get -qq "${OPTS[@]}" download "$@" || rc=$?
	if [ $rc != 0 ]; then
		update || exit $rc
		apt-get -qq "${OPTS[@]}" download "$@"
	fi
	;;
show | policy | depends | rdepends | madison | showpkg)
	apt-cache "${OPTS[@]}" "$CMD" "$@"
	;;
candidate)
	[ $# = 1 ] || usage
	v=$(apt-cache "${OPTS[@]}" policy "$1" | awk '/Candidate:/ { print $2; exit }')
	[ -n "$v" ] && [ "$v" != "(none)" ] || exit 1
	echo "$v"
	;;
candidates)
	[ $# -ge 1 ] || usage
	apt-cache "${OPTS[@]}" policy "$@" | awk '
		/^[^ ].*:$/ { p = substr($0, 1, length($0) - 1); next }
		/^  Candidate:/ && p != "" { print p, $2; p = "" }'
	;;
apt-get) apt-get "${OPTS[@]}" "$@" ;;
apt-cache) apt-cache "${OPTS[@]}" "$@" ;;
*) echo "apt-suite: unknown command $CMD" >&2; usage ;;
esac
