#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""json-norm.py MODE FILE: normalise daxctl JSON output for comparison.

MODE "json":  parse, sort every array by the canonical text of its items
              (object key order is kept: it must match too), print.
MODE "lines": the text's lines with trailing commas dropped, sorted: the
              formatting (indentation, escapes, number or string) must
              match even where the order of array items differs.
Empty input prints nothing.
"""
import json
import sys


def canon(v):
    if isinstance(v, list):
        items = [canon(x) for x in v]
        return sorted(items, key=lambda x: json.dumps(x))
    if isinstance(v, dict):
        return {k: canon(x) for k, x in v.items()}
    return v


def main():
    mode, path = sys.argv[1], sys.argv[2]
    text = open(path).read()
    if not text.strip():
        return
    if mode == "json":
        print(json.dumps(canon(json.loads(text)), indent=1))
    else:
        lines = [l.rstrip().rstrip(",") for l in text.splitlines()]
        print("\n".join(sorted(lines)))


main()
