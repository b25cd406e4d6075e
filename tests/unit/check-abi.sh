#!/bin/sh
# SPDX-License-Identifier: LGPL-2.1-or-later
# check-abi.sh: the built libdaxctl.so.1 exports exactly the symbols of
# libdaxctl.sym, each at its version node, nothing else; its soname is
# libdaxctl.so.1; each node inherits the previous one. When the spec's
# libdaxctl-abi.txt is found beside the checkout, the .sym must match it too.
# Run from the build directory (make check does); $srcdir is the source dir.
set -eu
srcdir=${srcdir:-.}
top=${abs_top_srcdir:-$(cd "$srcdir" && pwd)}
lib=libdaxctl/.libs/libdaxctl.so.1
sym=$top/libdaxctl/libdaxctl.sym
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
pass=0
fail=0

ok() { echo "PASS: $*"; pass=$((pass + 1)); }
ko() { echo "FAIL: $*"; fail=$((fail + 1)); }

for tool in objdump awk sort diff; do
	command -v $tool >/dev/null || { echo "SKIP: $tool missing"; exit 77; }
done
if [ ! -f "$lib" ]; then
	echo "FAIL: $lib not built (run from the build directory)"
	exit 1
fi

# expected "NODE symbol" pairs, from the version script
awk '
	/^[ \t]*LIBDAXCTL_[0-9]+[ \t]*\{/ { node = $1; next }
	/^[ \t]*daxctl_[a-z0-9_]+[ \t]*;/ {
		s = $1; sub(/;.*/, "", s); print node, s
	}' "$sym" | sort >"$tmp/expected"
awk '{ print $1 }' "$tmp/expected" | sort -u >"$tmp/expected-nodes"
nsym=$(wc -l <"$tmp/expected")

# what objdump -T shows: defined dynamic symbols and version nodes
objdump -T "$lib" >"$tmp/objdump"
awk '$0 !~ /\*UND\*/ && $0 !~ /\*ABS\*/ && NF >= 7 &&
	($2 == "g" || $2 == "w") { print $(NF - 1), $NF }' \
	"$tmp/objdump" | sort >"$tmp/actual"
awk '/\*ABS\*/ { print $NF }' "$tmp/objdump" | sort -u >"$tmp/actual-nodes"

if diff -u "$tmp/expected" "$tmp/actual" >"$tmp/diff"; then
	ok "objdump -T lists exactly the $nsym symbols of libdaxctl.sym at their nodes"
else
	ko "exported symbols differ from libdaxctl.sym:"
	cat "$tmp/diff"
fi

if diff -u "$tmp/expected-nodes" "$tmp/actual-nodes" >"$tmp/diff"; then
	ok "version nodes: $(tr '\n' ' ' <"$tmp/actual-nodes")"
else
	ko "version nodes differ:"
	cat "$tmp/diff"
fi

# no symbol is exported twice (a default and a hidden version)
dups=$(awk '{ print $2 }' "$tmp/actual" | sort | uniq -d)
if [ -z "$dups" ]; then
	ok "no symbol has two versions"
else
	ko "symbols with several versions: $dups"
fi

soname=$(objdump -p "$lib" | awk '$1 == "SONAME" { print $2 }')
if [ "$soname" = libdaxctl.so.1 ]; then
	ok "soname $soname"
else
	ko "soname is '$soname', want libdaxctl.so.1"
fi

# node N inherits node N-1 (objdump -p "Version definitions")
objdump -p "$lib" | awk '
	/^Version definitions:/ { on = 1; next }
	/^Version (References|needs)/ { on = 0 }
	on && /LIBDAXCTL_[0-9]+/ && NF >= 4 { cur = $4; next }
	on && /^[ \t]+LIBDAXCTL_[0-9]+/ { print cur, $1 }' >"$tmp/parents"
bad=0
for n in $(seq 2 11); do
	grep -qx "LIBDAXCTL_$n LIBDAXCTL_$((n - 1))" "$tmp/parents" || {
		echo "  LIBDAXCTL_$n does not inherit LIBDAXCTL_$((n - 1))"
		bad=1
	}
done
if [ $bad = 0 ]; then
	ok "each node LIBDAXCTL_2..11 inherits the previous one"
else
	ko "version node inheritance"
	cat "$tmp/parents"
fi

# The spec's list, when the shared/ directory is beside the checkout.
spec=
for d in "$top/../shared/spec" "$top/../../shared/spec"; do
	[ -f "$d/libdaxctl-abi.txt" ] && { spec=$d/libdaxctl-abi.txt; break; }
done
if [ -n "$spec" ]; then
	awk 'NF == 2 { print $1, $2 }' "$spec" | sort >"$tmp/spec"
	if diff -u "$tmp/spec" "$tmp/expected" >"$tmp/diff"; then
		ok "libdaxctl.sym matches $(basename "$spec") ($(wc -l <"$tmp/spec") symbols)"
	else
		ko "libdaxctl.sym differs from the spec's $spec:"
		cat "$tmp/diff"
	fi
else
	echo "# spec libdaxctl-abi.txt not found beside the checkout: .sym only"
	if [ "$nsym" -eq 69 ]; then
		ok "libdaxctl.sym has 69 symbols"
	else
		ko "libdaxctl.sym has $nsym symbols, want 69"
	fi
fi

echo "$pass passed, $fail failed"
[ $fail = 0 ]
