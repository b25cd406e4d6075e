#!/usr/bin/env python3
# SPDX-License-Identifier: LGPL-2.1-or-later
"""check-writes.py: nothing outside the device is touched.

The fake kernel shim (fakekernel.c) appends every write a command makes
under the fake tree to ROOT/writes.log as "/sys/... VALUE". This checks
those writes against what the command was asked to act on:

    check-writes.py snapshot ROOT SNAP        before the command
    check-writes.py check ROOT SNAP FROM -- daxctl-args...
                                              after it: the log's lines
                                              after line FROM

A write is owned when it goes to
  - an attribute of a target device (its own directory, mappings included);
  - its region's dax_region/delete naming it, or dax_region/create for
    create-device on that region;
  - a dax driver's bind, unbind, new_id or remove_id naming it;
  - a memory block inside its ranges (its mappings, else resource + size,
    before or after the command).
The targets: the devices named on the command line (daxX.Y, X.Y,
/dev/daxX.Y; "all" means every device, of the -r region when given);
create-device also owns the region's seed and the devices it made. Every
other write fails, with the line and the reason. Exit 0 when all are
owned, 1 otherwise, 2 on usage errors.
"""
import glob
import json
import os
import re
import sys


def read(path):
    try:
        with open(path, errors="replace") as f:
            return f.read().strip()
    except OSError:
        return None


def num(s):
    try:
        return int(s, 0)
    except (TypeError, ValueError):
        return None


def devices(root):
    """name -> {dir, region, ranges} for every dax device in the tree"""
    out = {}
    for model in ("sys/bus/dax/devices", "sys/class/dax"):
        for link in glob.glob(os.path.join(root, model, "dax*")):
            name = os.path.basename(link)
            real = os.path.realpath(link)
            if not real.startswith(root + "/") or not os.path.isdir(real):
                continue
            rel = real[len(root) + 1:]
            parent = os.path.dirname(rel)
            if os.path.basename(parent) == "dax":   # class model
                parent = os.path.dirname(parent)
            ranges = []
            i = 0
            while os.path.isdir(os.path.join(real, "mapping%d" % i)):
                s = num(read(os.path.join(real, "mapping%d/start" % i)))
                e = num(read(os.path.join(real, "mapping%d/end" % i)))
                if s is not None and e is not None and e >= s:
                    ranges.append((s, e))
                i += 1
            if not ranges:
                res = num(read(os.path.join(real, "resource")))
                size = num(read(os.path.join(real, "size")))
                if res and size:
                    ranges.append((res, res + size - 1))
            region_id = num(read(os.path.join(root, parent, "dax_region/id")))
            out[name] = {"dir": rel, "region": parent,
                         "region_id": region_id, "ranges": ranges}
    return out


def snapshot(root):
    seeds = {}
    # os.walk does not follow the tree's links (subsystem, driver...)
    for top, dirs, _ in os.walk(os.path.join(root, "sys/devices")):
        if "dax_region" in dirs:
            rel = top[len(root) + 1:]
            seeds[rel] = read(os.path.join(top, "dax_region/seed"))
    return {"devices": devices(root), "seeds": seeds}


def devname(arg):
    m = re.fullmatch(r"(?:/dev/)?(?:dax)?(\d+)\.(\d+)", arg)
    return "dax%s.%s" % m.groups() if m else None


def targets(args, before, after):
    """(command, set of target device names, set of region dirs)"""
    cmd = None
    names = set()
    region = None
    want_all = False
    it = iter(args)
    for a in it:
        if a in ("-r", "--region"):
            region = next(it, None)
            continue
        if a.startswith("--region="):
            region = a.split("=", 1)[1]
            continue
        if a in ("-s", "--size", "-a", "--align", "-m", "--mode", "-C",
                 "--config", "-u", "--uuid", "--input", "-d", "--dev"):
            v = next(it, None)
            if a in ("-d", "--dev") and v:
                n = devname(v)
                if n:
                    names.add(n)
            continue
        if a.startswith("-"):
            continue
        if cmd is None:
            cmd = a
            continue
        if a == "all":
            want_all = True
        elif devname(a):
            names.add(devname(a))
    alldevs = dict(before["devices"])
    alldevs.update(after["devices"])

    def in_region(d):
        if region is None:
            return True
        r = re.sub(r"^region", "", region)
        return str(d["region_id"]) == r or os.path.basename(d["region"]) == region

    if want_all or "-C" in args or "--config" in args:
        names |= {n for n, d in alldevs.items() if in_region(d)}
    regions = set()
    if cmd == "create-device":
        for n, d in after["devices"].items():
            if n not in before["devices"] and in_region(d):
                names.add(n)
        for reg, seed in before["seeds"].items():
            if seed and (region is None or in_region(
                    {"region": reg, "region_id": num(read(os.path.join(
                        ROOT, reg, "dax_region/id")))})):
                names.add(seed)
                regions.add(reg)
    return cmd, names, regions, alldevs


def blocks_of(ranges, bs):
    out = set()
    for s, e in ranges:
        if e - s > (1 << 44):
            continue
        out.update(range(s // bs, e // bs + 1))
    return out


def check(root, snap, log, start, args):
    global ROOT
    ROOT = root
    after = snapshot(root)
    cmd, names, regions, alldevs = targets(args, snap, after)
    bs = num("0x" + (read(os.path.join(root,
             "sys/devices/system/memory/block_size_bytes")) or "0"))
    owned_blocks = set()
    dirs = {}
    for n in names:
        for side in (snap["devices"], after["devices"]):
            d = side.get(n)
            if not d:
                continue
            dirs.setdefault(n, set()).add(d["dir"])
            if cmd in ("create-device", "destroy-device"):
                regions.add(d["region"])
            if bs:
                owned_blocks |= blocks_of(d["ranges"], bs)
    bad = []
    try:
        with open(log, errors="replace") as f:
            lines = f.read().splitlines()[start:]
    except OSError:
        lines = []
    for line in lines:
        path, _, val = line.partition(" ")
        rel = path.lstrip("/")
        why = owner(rel, val, names, dirs, regions, owned_blocks, cmd)
        if why:
            bad.append("%s: %s" % (line, why))
    for b in bad:
        print("FAIL: daxctl %s: write not owned: %s" % (" ".join(args), b))
    return 1 if bad else 0


def owner(rel, val, names, dirs, regions, blocks, cmd):
    """None when the write is owned, else why not"""
    for n in names:
        for d in dirs.get(n, ()):
            if rel.startswith(d + "/"):
                return None
    m = re.fullmatch(r"sys/bus/dax/drivers/[^/]+/(bind|unbind|new_id|remove_id)",
                     rel)
    if m:
        return None if val in names else "driver %s of %s, not a target" % (
            m.group(1), val)
    m = re.fullmatch(r"(.*)/dax_region/(create|delete)", rel)
    if m:
        if m.group(1) not in regions:
            return "region %s is not the target's" % m.group(1)
        if m.group(2) == "delete" and val not in names:
            return "delete of %s, not a target" % val
        if m.group(2) == "create" and cmd != "create-device":
            return "create by %s" % cmd
        return None
    m = re.fullmatch(r"sys/devices/system/memory/memory(\d+)/[^/]+", rel)
    if m:
        if int(m.group(1)) in blocks:
            return None
        return "memory block %s is not in the ranges of %s" % (
            m.group(1), ", ".join(sorted(names)) or "any target")
    return "outside every target (%s)" % (", ".join(sorted(names)) or "none")


ROOT = None


def main(argv):
    if len(argv) == 4 and argv[1] == "snapshot":
        with open(argv[3], "w") as f:
            json.dump(snapshot(os.path.realpath(argv[2])), f)
        return 0
    if len(argv) >= 6 and argv[1] == "check" and argv[5] == "--":
        root = os.path.realpath(argv[2])
        with open(argv[3]) as f:
            snap = json.load(f)
        return check(root, snap, os.path.join(root, "writes.log"),
                     int(argv[4]), argv[6:])
    print(__doc__, file=sys.stderr)
    return 2


if __name__ == "__main__":
    sys.exit(main(sys.argv))
