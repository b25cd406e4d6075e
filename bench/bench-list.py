#!/usr/bin/env python3
# SPDX-License-Identifier: LGPL-2.1-or-later
"""bench-list.py OUT: the list benchmark's figures from bench-list-inner.sh's
files in OUT: a markdown table (stdout and OUT/summary.md), the scaling
data (OUT/scaling.dat) for gnuplot.

Syscalls are counted from `strace -f` output, leaving out those the fake
kernel shim (tests/lib/fakekernel.c) makes while it plays the kernel's part
for a write: its work on "//sys/..." paths and the fds it opened there,
mkdir, ftruncate and pwrite64. A write into the tree never reaches the
kernel (the shim plays it): its readlink of /proc/self/fd/N, one per such
write, is counted in the write's place."""
import glob
import os
import re
import statistics
import sys

out = sys.argv[1]
CONFIGS = [("deb", "Debian's daxctl + Debian's libdaxctl"),
           ("lib", "Debian's daxctl + our libdaxctl"),
           ("tool", "our daxctl + our libdaxctl")]
LINE = re.compile(r'^(\d+)\s+(<\.\.\. (\w+) resumed>|(\w+)\()(.*)$')


def count_syscalls(path):
    total = 0
    shim_fds = {}
    with open(path, errors="replace") as f:
        for line in f:
            m = LINE.match(line)
            if not m or m.group(3):      # "<... resumed>" was counted
                continue
            pid, name, rest = m.group(1), m.group(4), m.group(5)
            fds = shim_fds.setdefault(pid, set())
            ret = re.search(r'= (-?\d+)', rest)
            first = rest.split(",", 1)[0]
            shim = False
            if name == "readlink" and "/proc/self/fd/" in rest:
                # the shim looks at every write(2); one into the tree is
                # then played by the shim, not made: count this one call
                # for the write the kernel would have had
                shim = not re.search(r'"/proc/self/fd/\d+", "/sys/', rest)
            elif name in ("mkdir", "ftruncate", "pwrite64", "unlink",
                          "symlink"):
                shim = True
            elif '"//' in rest.split(")", 1)[0]:
                shim = True
                if name in ("openat", "open") and ret and int(ret.group(1)) >= 0:
                    fds.add(ret.group(1))
            elif name in ("read", "write", "close", "fstat", "newfstatat",
                          "lseek", "fcntl") and first in fds:
                shim = True
                if name == "close":
                    fds.discard(first)
            if not shim:
                total += 1
    return total


def collected(path):
    with open(path, errors="replace") as f:
        m = re.search(r'Collected : (\d+)', f.read())
    return int(m.group(1)) if m else None


def stats(v):
    v = [x for x in v if x is not None]
    if not v:
        return None
    return (min(v), statistics.median(v), max(v))


results = {}    # workload -> config -> metric -> [per run]
for base in sorted(glob.glob(os.path.join(out, "*.*.*.ns"))):
    stem = base[:-3]
    wl, cfg, run = os.path.basename(stem).rsplit(".", 2)
    r = results.setdefault(wl, {}).setdefault(cfg, {
        "sys": [], "ins": [], "ms": [], "rc": []})
    r["sys"].append(count_syscalls(stem + ".strace"))
    r["ins"].append(collected(stem + ".callgrind"))
    with open(base) as f:
        r["ms"].append(int(f.read()) / 1e6)
    with open(stem + ".rc") as f:
        r["rc"].append(int(f.read()))


def order(wl):
    kind, n = wl.rsplit("-", 1)
    return (["list_RDM", "list_D", "offline", "online"].index(kind)
            if kind in ["list_RDM", "list_D", "offline", "online"] else 9,
            int(n))


def fmt(t, digits=2):
    if t is None:
        return "n/a"
    return "/".join(f"{x:.{digits}f}" for x in t)


def ratios(wl, cfg, metric):
    a = results[wl].get(cfg, {}).get(metric)
    b = results[wl].get("deb", {}).get(metric)
    if not a or not b:
        return None
    return stats([x / y for x, y in zip(a, b) if x is not None and y])


lines = []
lines.append("| workload | units | syscalls, Debian's (median) | ours | "
             "syscalls ours/Debian's (min/med/max) | instructions, Debian's | ours | "
             "instructions ours/Debian's | wall ours/Debian's | "
             "our daxctl/Debian's: syscalls, instructions, wall |")
lines.append("|---|---|---|---|---|---|---|---|---|---|")
for wl in sorted(results, key=order):
    kind, n = wl.rsplit("-", 1)
    res = results[wl]
    med = {c: {k: (statistics.median([x for x in v if x is not None])
                   if any(x is not None for x in v) else None)
               for k, v in res[c].items()} for c in res}
    units = f"{n} {'devices' if kind == 'list_RDM' else 'blocks'}"
    name = {"list_RDM": "list -RDM", "list_D": "list -D",
            "offline": "offline-memory", "online": "online-memory"}[kind]
    deb = med.get("deb", {})
    lib = med.get("lib", med.get("tool", {}))
    def num(x):
        return "n/a" if x is None else f"{x:,.0f}"
    per = ""
    if lib.get("sys") is not None:
        per = f" ({lib['sys'] / int(n):.1f}/{'dev' if kind == 'list_RDM' else 'block'})"
    tool = "n/a"
    if "tool" in res and "deb" in res:
        tool = ", ".join(fmt(ratios(wl, "tool", m)) for m in ("sys", "ins", "ms"))
    lines.append(f"| {name} | {units} | {num(deb.get('sys'))} | "
                 f"{num(lib.get('sys'))}{per} | {fmt(ratios(wl, 'lib', 'sys'))} | "
                 f"{num(deb.get('ins'))} | {num(lib.get('ins'))} | "
                 f"{fmt(ratios(wl, 'lib', 'ins'))} | {fmt(ratios(wl, 'lib', 'ms'))} | "
                 f"{tool} |")

# scaling: ours (the lib config, else our tool) per device count
scal = []
dat = []
devs = sorted(int(w.rsplit("-", 1)[1]) for w in results
              if w.startswith("list_RDM-"))
for n in devs:
    res = results[f"list_RDM-{n}"]
    row = [n]
    for c in ("deb", "lib", "tool"):
        for k in ("ins", "sys"):
            v = [x for x in res.get(c, {}).get(k, []) if x is not None]
            row.append(statistics.median(v) if v else "NaN")
    dat.append(row)
for prev, cur in zip(dat, dat[1:]):
    f = cur[0] / prev[0]
    for i, c in ((3, "our libdaxctl"), (1, "Debian's libdaxctl"),
                 (5, "our daxctl")):
        if "NaN" in (prev[i], cur[i], prev[i + 1], cur[i + 1]):
            continue
        scal.append(f"- {c}, {prev[0]} -> {cur[0]} devices ({f:.0f}x): "
                    f"instructions x{cur[i] / prev[i]:.2f}, "
                    f"syscalls x{cur[i + 1] / prev[i + 1]:.2f}")
with open(os.path.join(out, "scaling.dat"), "w") as f:
    f.write("# devices deb_ins deb_sys lib_ins lib_sys tool_ins tool_sys\n")
    for row in dat:
        f.write(" ".join(str(x) for x in row) + "\n")

bad = [f"{wl}.{c}: exit {rc}" for wl in results for c in results[wl]
       for rc in results[wl][c]["rc"] if rc != 0]
text = "\n".join(lines) + "\n\nScaling (medians):\n\n" + "\n".join(scal) + "\n"
if bad:
    text += "\nNon-zero exits: " + ", ".join(sorted(set(bad))) + "\n"
print(text)
with open(os.path.join(out, "summary.md"), "w") as f:
    f.write(text)
