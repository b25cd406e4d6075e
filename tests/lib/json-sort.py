#!/usr/bin/env python3
# SPDX-License-Identifier: LGPL-2.1-or-later
"""json-sort.py A B: do two `daxctl list` outputs agree? Exit 0 when they
do, else print a unified diff and exit 1 (2 for a usage error).

Both normal forms must agree:
  json   the JSON with every array sorted by the canonical text of its
         items (libdaxctl walks in ascending order on purpose, Debian's
         in reverse); object key order is kept: it must match too;
  lines  the text's lines with trailing commas dropped, sorted: the
         formatting (indentation, escapes, number or string) must match
         even where the order of array items differs.
Two empty files agree (daxctl list prints nothing when nothing matches);
invalid JSON on either side is a difference.
"""
import difflib
import json
import sys


def canon(v):
    if isinstance(v, list):
        items = [canon(x) for x in v]
        return sorted(items, key=lambda x: json.dumps(x, sort_keys=True))
    if isinstance(v, dict):
        return {k: canon(x) for k, x in v.items()}
    return v


def forms(path):
    """(json form, lines form) of a file; None for invalid JSON."""
    with open(path, encoding="utf-8") as f:
        text = f.read()
    if not text.strip():
        return [], []
    try:
        doc = json.dumps(canon(json.loads(text)), indent=1).splitlines()
    except ValueError as e:
        print("%s: invalid JSON: %s" % (path, e))
        return None
    lines = sorted(line.rstrip().rstrip(",") for line in text.splitlines())
    return doc, lines


def main():
    if len(sys.argv) != 3:
        print(__doc__, file=sys.stderr)
        return 2
    a, b = sys.argv[1], sys.argv[2]
    fa, fb = forms(a), forms(b)
    if fa is None or fb is None:
        return 1
    for name, xa, xb in zip(("json", "lines"), fa, fb):
        if xa != xb:
            for line in difflib.unified_diff(xa, xb, "%s (%s)" % (a, name),
                                             "%s (%s)" % (b, name),
                                             lineterm=""):
                print(line)
            return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
