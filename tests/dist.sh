#!/bin/sh
# SPDX-License-Identifier: LGPL-2.1-or-later
# dist.sh: the release tarball holds every file of the source tree. Makes
# the tree of `make dist` (make distdir) and compares it with the files git
# tracks: a tracked file missing from it (a test, a fixture, a script)
# fails, as a tarball without it would not build or pass make check. Only
# the CI entry point and .gitignore stay out. Run from the build
# directory (make check does); needs git and a git checkout, else SKIP.
set -eu
srcdir=${srcdir:-.}
top=${abs_top_srcdir:-$(cd "$srcdir" && pwd)}

command -v git >/dev/null || { echo "SKIP: git missing"; exit 77; }
git -C "$top" rev-parse --git-dir >/dev/null 2>&1 ||
	{ echo "SKIP: $top is not a git checkout"; exit 77; }
tmp=$(mktemp -d)
trap 'chmod -R u+w "$tmp" 2>/dev/null; rm -rf "$tmp"' EXIT

if ! ${MAKE:-make} -s distdir distdir="$tmp/d" >"$tmp/log" 2>&1; then
	tail -n 20 "$tmp/log"
	echo "FAIL: make distdir"
	exit 1
fi
root=$(git -C "$top" rev-parse --show-toplevel)
git -C "$root" ls-files | grep -v -e '^\.ci/' -e '^\.gitignore$' |
	sort > "$tmp/tracked"
(cd "$tmp/d" && find . ! -type d | sed 's|^\./||') | sort > "$tmp/dist"
comm -23 "$tmp/tracked" "$tmp/dist" > "$tmp/missing"
n=$(wc -l < "$tmp/tracked")
[ "$n" -gt 0 ] || { echo "FAIL: git lists no file in $root"; exit 1; }
if [ -s "$tmp/missing" ]; then
	head -n 20 "$tmp/missing" | sed 's/^/missing: /'
	echo "FAIL: $(wc -l < "$tmp/missing") of $n tracked files are not in the tarball (EXTRA_DIST)"
	exit 1
fi
echo "PASS: all $n tracked files are in the tarball"
