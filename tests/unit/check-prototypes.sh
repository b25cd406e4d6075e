#!/bin/sh
# SPDX-License-Identifier: LGPL-2.1-or-later
# check-prototypes.sh: every function the distribution's <daxctl/libdaxctl.h>
# declares is declared with the same types by ours. Programs compiled
# against the distribution header call our library, so a return or
# argument type that differs would be an ABI break the symbol check cannot
# see. The distribution prototypes are redeclared after our header: C (and
# C++) reject any conflicting redeclaration.
# DIST_HEADER overrides where the distribution header is looked for.
set -eu
top=${abs_top_srcdir:-$(cd "${srcdir:-.}" && pwd)}
dist=${DIST_HEADER:-/usr/include/daxctl/libdaxctl.h}
cc=${CC:-cc}
cxx=${CXX:-c++}

if [ ! -f "$dist" ]; then
	echo "SKIP: no distribution header at $dist (Debian: libdaxctl-dev)"
	exit 77
fi
PYTHON3=${PYTHON3:-python3}
command -v "$PYTHON3" >/dev/null || { echo "SKIP: python3 missing"; exit 77; }
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

# the declarations, comments and macros stripped, one per line
"$PYTHON3" - "$dist" > "$tmp/decls.h" <<'PY'
import re, sys
src = open(sys.argv[1]).read()
src = re.sub(r'/\*.*?\*/', '', src, flags=re.S)
src = re.sub(r'//[^\n]*', '', src)
src = re.sub(r'#(?:[^\n]*\\\n)*[^\n]*', '', src)
for m in re.finditer(r'(?:^|[;}\n])\s*([a-z][^;{}]*?\bdaxctl_\w+\s*\([^;{}]*\))\s*;',
		     src):
	decl = ' '.join(m.group(1).split())
	if not decl.startswith('typedef'):
		print(decl + ';')
PY
n=$(wc -l < "$tmp/decls.h")
if [ "$n" -lt 60 ]; then
	echo "FAIL: only $n declarations found in $dist: the extraction is broken"
	exit 1
fi
{
	echo '#include <daxctl/libdaxctl.h>'
	cat "$tmp/decls.h"
	echo 'int main(void) { return 0; }'
} > "$tmp/redecl.c"

fail=0
if $cc -std=gnu99 -Wall -Werror -I"$top/include" -c "$tmp/redecl.c" \
		-o "$tmp/c.o"; then
	echo "PASS: C: $n distribution prototypes agree with ours"
else
	echo "FAIL: C: a distribution prototype conflicts with ours"
	fail=1
fi
if $cxx -x c++ -Wall -Werror -I"$top/include" -c "$tmp/redecl.c" \
		-o "$tmp/cxx.o"; then
	echo "PASS: C++: $n distribution prototypes agree with ours"
else
	echo "FAIL: C++: a distribution prototype conflicts with ours"
	fail=1
fi
exit $fail
