#!/bin/bash
# SPDX-License-Identifier: LGPL-2.1-or-later
# The built man pages render with man -l without warnings, and name every
# option the commands accept.
. "${srcdir:-.}/tests/daxctl/lib.sh"

DOC=$top_builddir/daxctl/Documentation
command -v man >/dev/null || skip "man is not installed"
[ -f "$DOC/daxctl.1" ] || skip "man pages not built (no asciidoctor)"

pages=(daxctl daxctl-list daxctl-migrate-device-model
	daxctl-reconfigure-device daxctl-online-memory daxctl-offline-memory
	daxctl-create-device daxctl-destroy-device daxctl-enable-device
	daxctl-disable-device daxctl-monitor)
for p in "${pages[@]}" libdaxctl; do
	f=$DOC/$p.1
	[ $p = libdaxctl ] && f=$DOC/$p.3
	LAST="man -l $f"
	if ! MANWIDTH=80 man -l "$f" > "$WORK/page" 2> "$WORK/warn"; then
		fail "man -l failed"; continue
	fi
	check "$p renders without warnings" test ! -s "$WORK/warn"
	check "$p has a NAME section" grep -q '^NAME' "$WORK/page"
	check "$p names itself" grep -q "$p" "$WORK/page"
done

# every long option of every command is documented in its page
for c in list reconfigure-device online-memory offline-memory create-device \
		destroy-device enable-device disable-device monitor; do
	MANWIDTH=200 man -l "$DOC/daxctl-$c.1" 2>/dev/null | col -b > "$WORK/page"
	DAXCTL_ROOT=$WORK "$DAXCTL" $c --help > "$WORK/help"
	for o in $(grep -o -- '--[a-z-]*' "$WORK/help" | sort -u); do
		check "daxctl-$c(1) documents $o" grep -q -- "$o" "$WORK/page"
	done
done
check "libdaxctl(3) documents DAXCTL_ROOT and DAXCTL_LOG" \
	sh -c "MANWIDTH=80 man -l '$DOC/libdaxctl.3' | grep -q DAXCTL_ROOT &&
	MANWIDTH=80 man -l '$DOC/libdaxctl.3' | grep -q DAXCTL_LOG"

finish
