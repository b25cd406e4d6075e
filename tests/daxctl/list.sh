#!/bin/bash
# SPDX-License-Identifier: LGPL-2.1-or-later
# daxctl list on fake trees (DAXCTL_ROOT): selection, filters, key order
# and presence, human output, errors.
. "${srcdir:-.}/tests/daxctl/lib.sh"

ROOT=$WORK/kmem
ft kmem-pmem "$ROOT"

# --- default: enabled or sized devices, ascending, no idle seed
run list
expect_rc 0
expect_json 'list(x["chardev"] for x in d)' '["dax0.0", "dax0.1", "dax1.0"]'
expect_not_out 'dax0\.2'
expect_out '^\['

run list --idle
expect_out '"chardev":"dax0\.2"'
expect_json '[2]["state"]' '"disabled"'
expect_json '[2]["size"]' '0'
expect_json '[2]["mode"]' '"devdax"'

# --- exact text of one system-ram device (key order, escaping, indent)
run list -d 0.0
expect_out_eq '[
  {
    "chardev":"dax0.0",
    "size":1073741824,
    "target_node":1,
    "align":2097152,
    "mode":"system-ram",
    "online_memblocks":8,
    "total_memblocks":8,
    "movable":true
  }
]'

# --- the same device three ways, and -u prints one object bare
for d in dax0.0 /dev/dax0.0 0.0; do
	run list --dev="$d" --human
	expect_out_eq '{
  "chardev":"dax0.0",
  "size":"1024.00 MiB (1073.74 MB)",
  "target_node":1,
  "align":2097152,
  "mode":"system-ram",
  "online_memblocks":8,
  "total_memblocks":8,
  "movable":true
}'
done
run list -u
expect_out '^\['

# --- regions
run list -R
expect_out_eq '[
  {
    "path":"\/platform\/hmem.0",
    "id":0,
    "size":4294967296,
    "available_size":2147483648,
    "align":2097152
  },
  {
    "path":"\/LNXSYSTM:00\/ndbus0\/region1",
    "id":1,
    "size":2147483648,
    "align":2097152
  }
]'
for r in 1 region1; do
	run list -r "$r"
	expect_json '[0]["id"]' 1
	expect_json 'len(d)' 1
	expect_not_out '"devices"'
done
run list -r all
expect_json 'len(d)' 2
run list -r 7
expect_rc 0
expect_no_out
run list -d dax9.9
expect_rc 0
expect_no_out

# -r and -d together: regions with their matching devices
run list -r 0 -d 0.1
expect_json 'len(d)' 1
expect_json '[0]["devices"][0]["chardev"]' '"dax0.1"'
expect_json 'len(d[0]["devices"])' 1
# a region with no matching device has no "devices" key
run list -r 1 -d 0.0
expect_json '[0]["id"]' 1
expect_not_out '"devices"'
# -D with -r: a flat device list of that region
run list -D -r 1
expect_json '[0]["chardev"]' '"dax1.0"'
expect_json 'len(d)' 1
run list -RD
expect_json 'len(d[0]["devices"])' 2
expect_json 'len(d[1]["devices"])' 1
run list -RDi
expect_json 'len(d[0]["devices"])' 3

# --- mappings
run list -M -d 1.0
expect_json '[0]["mappings"]' \
	'[{"page_offset": 0, "start": 13958643712, "end": 16106127359, "size": 2147483648}]'
ft mapping "$ROOT" LNXSYSTM:00/ndbus0/region1 dax1.0 1 0x400000000 0x400000fff 0x80000
run list -M -u -d 1.0
expect_out_eq '{
  "chardev":"dax1.0",
  "size":"2.00 GiB (2.15 GB)",
  "target_node":0,
  "mode":"devdax",
  "mappings":[
    {
      "page_offset":"0",
      "start":"0x340000000",
      "end":"0x3bfffffff",
      "size":"2.00 GiB (2.15 GB)"
    },
    {
      "page_offset":"0x80000",
      "start":"0x400000000",
      "end":"0x400000fff",
      "size":4096
    }
  ]
}'
run list -d 1.0
expect_not_out mappings

# --- memory block accounting follows the blocks' state
ft_w "$ROOT/sys/devices/system/memory/memory74/valid_zones" "Normal"
run list -d 0.0
expect_json '[0]["online_memblocks"]' 8
expect_json '[0]["movable"]' false
for n in 72 73; do
	ft_w "$ROOT/sys/devices/system/memory/memory$n/state" offline
done
run list -d 0.0
expect_json '[0]["online_memblocks"]' 6
expect_json '[0]["total_memblocks"]' 8
# no zone for offline blocks: "movable" is left out (as Debian's daxctl)
expect_json '"movable" in d[0]' false

# --- human size thresholds, as the distribution's daxctl prints them
ROOT=$WORK/sizes
ft init "$ROOT"
ft region "$ROOT" platform/hmem.1 1 $((8 << 40)) 4096 dynamic 0
i=0
for s in 4096 $((5000 * 1024 - 1)) $((5000 * 1024)) $((2 * 1024 ** 3 - 1)) \
		$((2 * 1024 ** 3)) $((2 * 1024 ** 4 - 1)) $((2 * 1024 ** 4)); do
	ft dev "$ROOT" platform/hmem.1 1 $i "$s" 0x100000000 device_dax 4096
	i=$((i + 1))
done
run list -u
expect_json '[0]["size"]' 4096
expect_json '[1]["size"]' 5119999
expect_json '[2]["size"]' '"4.88 MiB (5.12 MB)"'
expect_json '[3]["size"]' '"2048.00 MiB (2147.48 MB)"'
expect_json '[4]["size"]' '"2.00 GiB (2.15 GB)"'
expect_json '[5]["size"]' '"2048.00 GiB (2199.02 GB)"'
expect_json '[6]["size"]' '"2.00 TiB (2.20 TB)"'
run list -R -u
expect_not_out available_size	# 0 available: left out
expect_json '["size"]' '"8.00 TiB (8.80 TB)"'

# --- absent attributes leave keys out
ROOT=$WORK/sparse
ft init "$ROOT"
ft region "$ROOT" platform/hmem.2 2 $((1 << 30)) 4096 static
rm "$ROOT/sys/devices/platform/hmem.2/dax_region/size" \
	"$ROOT/sys/devices/platform/hmem.2/dax_region/align"
ft dev "$ROOT" platform/hmem.2 2 0 $((1 << 30)) 0x100000000 device_dax - 0
rm "$ROOT/sys/devices/platform/hmem.2/dax2.0/target_node"
run list -R
expect_out_eq '[
  {
    "path":"\/platform\/hmem.2",
    "id":2
  }
]'
run list
expect_out_eq '[
  {
    "chardev":"dax2.0",
    "size":1073741824,
    "mode":"devdax"
  }
]'

# --- no dax devices at all: nothing, success
ROOT=$WORK/empty
ft init "$ROOT"
run list -RDi
expect_rc 0
expect_no_out

# --- usage errors
ROOT=$WORK/kmem
run list -r foo
expect_rc 129	# README row D2: a malformed -r is a usage error
expect_err "invalid region 'foo'"
expect_err 'usage: daxctl list'
run list -d dax0
expect_rc 129	# README row D2: a malformed -d is a usage error
expect_err "invalid device 'dax0'"
run list extra
expect_rc 129
expect_err "unknown parameter 'extra'"
run list -s 1g
expect_rc 129
expect_err "unknown option '-s'"
run list --bogus
expect_rc 129
expect_err "unknown option '--bogus'"
run list -r
expect_rc 129
expect_err "requires an argument"
run list --help
expect_rc 0
expect_out 'usage: daxctl list'
expect_out '--idle'

# --- valgrind: a full listing leaks nothing and reads nothing undefined
# (not in sanitizer builds: valgrind cannot run ASan binaries)
if command -v valgrind >/dev/null && [ -z "${DAXCTL_NO_VALGRIND:-}" ] &&
		[ -z "${DAXCTL_TEST_PRELOAD:-}" ]; then
	LAST="valgrind daxctl list -RDMiu"
	if DAXCTL_ROOT=$ROOT "$top_builddir/libtool" --mode=execute valgrind -q \
			--leak-check=full --show-leak-kinds=definite,indirect \
			--errors-for-leak-kinds=definite,indirect \
			--error-exitcode=3 "$DAXCTL" list -RDMiu \
			> /dev/null 2> "$WORK/vg"; then
		pass
	else
		RC=$?; ERR=$(cat "$WORK/vg"); fail "valgrind reported errors"
	fi
fi

finish
