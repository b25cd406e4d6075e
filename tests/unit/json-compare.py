#!/usr/bin/env python3
# SPDX-License-Identifier: LGPL-2.1-or-later
"""json-compare.py A B: exit 0 when the two files hold the same JSON once
every array is sorted (libdaxctl walks in ascending order on purpose,
upstream in reverse), else print a diff and exit 1. Two empty files are
equal (daxctl list prints nothing when nothing matches)."""
import difflib
import json
import sys


def canon(v):
    if isinstance(v, dict):
        return {k: canon(x) for k, x in v.items()}
    if isinstance(v, list):
        items = [canon(x) for x in v]
        return sorted(items, key=lambda x: json.dumps(x, sort_keys=True))
    return v


def load(path):
    with open(path, encoding="utf-8") as f:
        text = f.read()
    if not text.strip():
        return None
    return canon(json.loads(text))


def main():
    if len(sys.argv) != 3:
        print(__doc__, file=sys.stderr)
        return 2
    try:
        a, b = load(sys.argv[1]), load(sys.argv[2])
    except ValueError as e:
        print("json-compare: invalid JSON: %s" % e)
        return 1
    if a == b:
        return 0
    da = json.dumps(a, indent=2, sort_keys=True).splitlines()
    db = json.dumps(b, indent=2, sort_keys=True).splitlines()
    for line in difflib.unified_diff(da, db, sys.argv[1], sys.argv[2],
                                     lineterm=""):
        print(line)
    return 1


if __name__ == "__main__":
    sys.exit(main())
