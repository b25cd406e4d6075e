#!/bin/bash
# SPDX-License-Identifier: LGPL-2.1-or-later
# The device commands on fake trees with the fake kernel (fakekernel.c):
# what gets written to sysfs, JSON, messages, counts and exit codes.
. "${srcdir:-.}/tests/daxctl/lib.sh"

KERNEL=1
ROOT=$WORK/hmem
ft hmem-idle "$ROOT"
DEV=$ROOT/sys/devices/platform/hmem.0
REG=$DEV/dax_region
MEM=$ROOT/sys/devices/system/memory
LOG=$ROOT/writes.log
wrote() {	# wrote "path value": the last run wrote this to sysfs
	if grep -qxF -- "$1" "$LOG" 2>/dev/null; then pass
	else fail "no sysfs write '$1' (log: $(tail -5 "$LOG" 2>/dev/null | tr '\n' '|'))"; fi
}
clear_log() { rm -f "$LOG"; }
blocks() {	# blocks STATE: how many of dax0.0's 8 blocks are in STATE
	local n c=0
	for n in 72 73 74 75 76 77 78 79; do
		[ "$(cat "$MEM/memory$n/state" 2>/dev/null)" = "$1" ] && c=$((c + 1))
	done
	echo $c
}

# --- size and align
run reconfigure-device dax0.0 -s 512m
expect_rc 240
expect_err '^dax0\.0: size change refused while enabled \(Device or resource busy\)$'
expect_err 'reconfigured 0 devices'
expect_file "$DEV/dax0.0/size" 1073741824

clear_log
run reconfigure-device dax0.1 -s 512m
expect_rc 0
expect_no_out
expect_err '^reconfigured 1 device$'
wrote "/sys/devices/platform/hmem.0/dax0.1/size 0x20000000"
expect_file "$DEV/dax0.1/size" 536870912
expect_file "$REG/available_size" $((2560 << 20))
run list -d 0.1 -M
expect_json '[0]["size"]' 536870912
expect_json '[0]["mappings"][0]["size"]' 536870912

run reconfigure-device 0.1 --size=3m
expect_rc 234
expect_err '^dax0\.1: size change failed \(Invalid argument\)$'
run reconfigure-device /dev/dax0.1 -s 4G
expect_rc 228
expect_err '^dax0\.1: size change failed \(No space left on device\)$'
expect_file "$DEV/dax0.1/size" 536870912

clear_log
run reconfigure-device dax0.1 -a 4k
expect_rc 0
wrote "/sys/devices/platform/hmem.0/dax0.1/align 0x1000"
expect_file "$DEV/dax0.1/align" 4096
run reconfigure-device dax0.1 --align=8k
expect_rc 234
expect_err 'dax0\.1: alignment change failed \(Invalid argument\)'
run reconfigure-device dax0.0 -a 2m
expect_rc 240
expect_err 'dax0\.0: alignment change refused while enabled'
run reconfigure-device dax0.1 -a 2m -s 1g
expect_rc 0
expect_file "$DEV/dax0.1/align" 2097152
expect_file "$DEV/dax0.1/size" 1073741824

# --- enable / disable
clear_log
run enable-device dax0.1
expect_rc 0
expect_err '^enabled 1 device$'
wrote "/sys/bus/dax/drivers/device_dax/new_id dax0.1"
check "dax0.1 bound to device_dax" \
	test "$(basename "$(readlink "$DEV/dax0.1/driver")")" = device_dax
run enable-device dax0.1
expect_rc 0
expect_err 'dax0\.1: already enabled'
run disable-device dax0.1
expect_rc 0
expect_err '^disabled 1 device$'
check "dax0.1 unbound" test ! -e "$DEV/dax0.1/driver"
run disable-device dax0.1
expect_rc 0
expect_err 'already disabled'
run enable-device dax0.2
expect_rc 250
expect_err '^dax0\.2: enable failed \(No such device or address\)$'
run enable-device -r 0 all
expect_rc 250	# the seed cannot be bound, the others are (or were)
expect_err 'dax0\.2: enable failed'
expect_err '^enabled 2 devices$'

# --- system-ram and back
run disable-device dax0.1
clear_log
run reconfigure-device dax0.0 -m system-ram
expect_rc 0
expect_out '^\['
expect_json '[0]["chardev"]' '"dax0.0"'
expect_json '[0]["mode"]' '"system-ram"'
expect_json '[0]["online_memblocks"]' 8
expect_json '[0]["movable"]' true
expect_err '^reconfigured 1 device$'
wrote "/sys/bus/dax/drivers/kmem/new_id dax0.0"
wrote "/sys/devices/system/memory/memory72/state online_movable"
check "all 8 blocks online" test "$(blocks online)" = 8

run reconfigure-device dax0.0 -m system-ram -u
expect_rc 0
expect_err 'dax0\.0: already in system-ram mode'
expect_out '^\{'
expect_json '["size"]' '"1024.00 MiB (1073.74 MB)"'

run online-memory dax0.0
expect_rc 0
expect_err 'dax0\.0: all 8 memory blocks already online'
expect_err '^onlined memory for 1 device$'

run offline-memory dax0.0
expect_rc 0
expect_err '^dax0\.0: 8 memory blocks offlined$'
expect_err '^offlined memory for 1 device$'
check "all 8 blocks offline" test "$(blocks offline)" = 8
run offline-memory dax0.0
expect_rc 0
expect_err 'all 8 memory blocks already offline'

echo online > "$MEM/memory72/state"
clear_log
run online-memory dax0.0 --no-movable
expect_rc 0
expect_err '^dax0\.0: 7 memory blocks onlined, 1 already online$'
wrote "/sys/devices/system/memory/memory73/state online"
run list -d 0.0
expect_json '[0]["movable"]' false

run disable-device dax0.0
expect_rc 240
expect_err '^dax0\.0: disable refused while memory is online \(Device or resource busy\)$'
run reconfigure-device dax0.0 -m devdax
expect_rc 240
expect_err 'dax0\.0: 8 memory blocks online, offline first or use --force'
check "still on kmem" \
	test "$(basename "$(readlink "$DEV/dax0.0/driver")")" = kmem

# a block the kernel will not offline
echo 0 > "$MEM/memory79/removable"
run offline-memory dax0.0
expect_rc 240
expect_err '^dax0\.0: memory79 will not go offline: zone Normal, removable 0 \(Device or resource busy\)$'
check "checked before acting: nothing offlined" test "$(blocks online)" = 8
echo 1 > "$MEM/memory79/removable"

run reconfigure-device dax0.0 -m devdax -f
expect_rc 0
expect_json '[0]["mode"]' '"devdax"'
expect_json '"state" in d[0]' false
check "blocks offline after --force" test "$(blocks online)" = 0
check "dax0.0 back on device_dax" \
	test "$(basename "$(readlink "$DEV/dax0.0/driver")")" = device_dax
run reconfigure-device dax0.0 -m devdax
expect_rc 0
expect_err 'already in devdax mode'

run online-memory dax0.0
expect_rc 250
expect_err '^dax0\.0: memory operations apply only to system-ram devices'
run online-memory all
expect_rc 0
expect_err '^onlined memory for 0 devices$'

# -N leaves the memory offline
run reconfigure-device dax0.0 -m system-ram -N
expect_rc 0
expect_json '[0]["online_memblocks"]' 0
check "no block onlined with -N" test "$(blocks online)" = 0
run reconfigure-device dax0.0 -m devdax
expect_rc 0

# the kernel's auto-online policy needs --force
echo online > "$MEM/auto_online_blocks"
run reconfigure-device dax0.0 -m system-ram
expect_rc 240
expect_err "^dax0\.0: the kernel would online the memory itself, not daxctl: .*auto_online_blocks is 'online'"
expect_err '^hint: -f goes ahead'
check "not rebound" \
	test "$(basename "$(readlink "$DEV/dax0.0/driver")")" = device_dax
run reconfigure-device dax0.0 -m system-ram -f
expect_rc 0
expect_json '[0]["mode"]' '"system-ram"'
# as upstream: checked first, also for a device already in system-ram mode
run reconfigure-device dax0.0 -m system-ram
expect_rc 240
expect_err 'dax0\.0: .*auto_online_blocks is .online.'
expect_err '^hint: -f goes ahead'
# as upstream: system-ram is never turned into famfs directly (EINVAL)
run reconfigure-device dax0.0 -m famfs
expect_rc 234
expect_err '^dax0\.0: in system-ram mode, reconfigure it to devdax before famfs \(Invalid argument\)$'
check "still on kmem after -m famfs" \
	test "$(basename "$(readlink "$DEV/dax0.0/driver")")" = kmem
echo offline > "$MEM/auto_online_blocks"
run reconfigure-device dax0.0 -m devdax -f
expect_rc 0
# as upstream: --no-movable asks for what an "online" policy does: no refusal;
# -N still needs --force
echo online > "$MEM/auto_online_blocks"
run reconfigure-device dax0.0 -m system-ram -N
expect_rc 240
expect_err 'dax0\.0: .*auto_online_blocks is .online.'
expect_err '^hint: -f goes ahead'
run reconfigure-device dax0.0 -m system-ram --no-movable
expect_rc 0
expect_json '[0]["mode"]' '"system-ram"'
echo offline > "$MEM/auto_online_blocks"
run reconfigure-device dax0.0 -m devdax -f
expect_rc 0

# all: every device's JSON, not only the last one's (the seed is skipped)
run enable-device dax0.1
run reconfigure-device all -m system-ram --no-movable
expect_rc 0
expect_json 'len(d)' 2
expect_json 'list(x["chardev"] for x in d)' '["dax0.0", "dax0.1"]'
expect_json 'list(x["movable"] for x in d)' '[false, false]'
expect_err '^reconfigured 2 devices$'
run reconfigure-device -r 0 all -m devdax -f
expect_rc 0
expect_json 'list(x["mode"] for x in d)' '["devdax", "devdax"]'
run reconfigure-device -r 1 all -m devdax
expect_rc 0
expect_no_out
expect_err '^reconfigured 0 devices$'

# --- create, destroy
clear_log
run create-device -r 0 -s 256m
expect_rc 0
wrote "/sys/devices/platform/hmem.0/dax_region/create 1"
expect_json '[0]["chardev"]' '"dax0.3"'
expect_json '[0]["size"]' 268435456
expect_json '[0]["mode"]' '"devdax"'
expect_err '^created 1 device$'
check "dax0.3 bound" test -e "$DEV/dax0.3/driver"
clear_log
run create-device -r region0 -s 64g
expect_rc 228
expect_err 'region0: .*No space left on device'
# README row D22: a create-device that cannot fit creates nothing
check "no room: nothing written (no empty device left behind)" test ! -s "$LOG"
run create-device -u
expect_rc 0
expect_out '^\{'
expect_json '["chardev"]' '"dax0.4"'
expect_json '["size"]' '"1792.00 MiB (1879.05 MB)"'
expect_file "$REG/available_size" 0
run create-device
expect_rc 228
expect_err 'no region with available capacity'
run destroy-device dax0.4
expect_rc 240
expect_err '^dax0\.4: device is enabled, disable it first or use --force'
clear_log
run destroy-device dax0.4 -f
expect_rc 0
expect_err '^destroyed 1 device$'
wrote "/sys/devices/platform/hmem.0/dax_region/delete dax0.4"
check "dax0.4 gone" test ! -e "$DEV/dax0.4"
expect_file "$REG/available_size" $((1792 << 20))
run list -i
expect_not_out 'dax0\.4'
run destroy-device dax0.0 -f
expect_rc 240
expect_err '^dax0\.0: destroy failed \(Device or resource busy\)$'
run destroy-device all -f
expect_rc 0
expect_err '^destroyed 3 devices$'	# dax0.1 dax0.2 dax0.3, never dax0.0
check "dax0.0 kept" test -d "$DEV/dax0.0"
check "dax0.3 gone" test ! -e "$DEV/dax0.3"

# --input: the mappings of a device JSON
run list -R
avail=$(json_get '[0]["available_size"]')
cat > "$WORK/in.json" <<JSON
{ "chardev":"dax0.7", "align":4096,
  "mappings":[ { "page_offset":0, "start":"0x2c0000000", "end":"0x2c3ffffff" },
	       { "start":12079595520, "end":12146704383 } ] }
JSON
clear_log
run create-device --input "$WORK/in.json"
expect_rc 0
wrote "/sys/devices/platform/hmem.0/dax0.1/mapping 0x2c0000000-0x2c3ffffff"
wrote "/sys/devices/platform/hmem.0/dax0.1/mapping 0x2d0000000-0x2d3ffffff"
wrote "/sys/devices/platform/hmem.0/dax0.1/align 0x1000"
expect_json '[0]["size"]' $((128 << 20))
echo '[ {"chardev":"dax0.1"} ]' > "$WORK/arr.json"
run create-device --input "$WORK/arr.json"
expect_rc 234
expect_err 'expected one device object'
run create-device --input "$WORK/missing.json"
expect_fail
expect_err 'missing.json'
# numbers that would wrap: a negative size, mappings adding up past 2^64
echo '{"chardev":"dax0.1","size":-1}' > "$WORK/neg.json"
clear_log
run create-device --input "$WORK/neg.json"
expect_rc 234	# README row D22: a negative number in --input is refused
expect_err 'bad size'
# malformed numbers: not a number, not a size
echo '{"chardev":"dax0.1","size":"lots"}' > "$WORK/nan.json"
run create-device --input "$WORK/nan.json"
expect_rc 234	# README row D22: a malformed number in --input is refused
expect_err 'bad size'
echo '{"chardev":"dax0.1","align":true,"size":4096}' > "$WORK/nan.json"
run create-device --input "$WORK/nan.json"
expect_rc 234
expect_err 'bad align'
cat > "$WORK/wrap.json" <<JSON
{ "mappings":[ { "start":0, "end":"0x7fffffffffffffff" },
	       { "start":0, "end":"0x7fffffffffffffff" },
	       { "start":0, "end":1 } ] }
JSON
run create-device --input "$WORK/wrap.json"
expect_rc 234	# README row D22: mappings adding up past 2^64 are refused
expect_err 'malformed "mappings"'
check "refused input: nothing written" test ! -s "$LOG"

# --- failures name the device and the cause
run disable-device dax0.1
export FAKEKERNEL_FAIL="hmem.0/dax0.1/size=13"
run reconfigure-device dax0.1 -s 2m
unset FAKEKERNEL_FAIL
expect_rc 243
expect_err '^dax0\.1: size change failed.*Permission denied'
expect_file "$DEV/dax0.1/size" $((128 << 20))
run reconfigure-device dax9.9 -s 0
expect_rc 250
expect_err '^dax9\.9: no such device'
run reconfigure-device -r 1 dax0.1 -s 0
expect_rc 250
expect_err '^dax0\.1: no such device in region1'

# --- as an unprivileged user: permission denied, not "busy"
if [ "$(id -u)" = 0 ] && command -v setpriv >/dev/null; then
	KERNEL=0
	chmod -R a+rX "$WORK"
	LAST="reconfigure-device as nobody"
	DAXCTL_ROOT=$ROOT setpriv --reuid=65534 --regid=65534 --clear-groups \
		"$DAXCTL" reconfigure-device dax0.1 -s 2m \
		> "$WORK/out" 2> "$WORK/err"
	RC=$?; OUT=$(cat "$WORK/out"); ERR=$(cat "$WORK/err")
	expect_rc 243
	# README row D16: not root: permission denied, not EBUSY
	expect_err '^dax0\.1: size change failed: permission denied .*run as root'
	expect_file "$DEV/dax0.1/size" $((128 << 20))
	KERNEL=1
	run enable-device dax0.1
	KERNEL=0
	DAXCTL_ROOT=$ROOT setpriv --reuid=65534 --regid=65534 --clear-groups \
		"$DAXCTL" disable-device dax0.1 > "$WORK/out" 2> "$WORK/err"
	RC=$?; OUT=$(cat "$WORK/out"); ERR=$(cat "$WORK/err")
	expect_rc 243
	# README row D16: not root: permission denied, not EBUSY
	expect_err '^dax0\.1: disable failed: permission denied'
	check "still bound" test -e "$DEV/dax0.1/driver"
	KERNEL=1
elif [ "$(id -u)" != 0 ]; then
	KERNEL=0
	run reconfigure-device dax0.1 -s 2m
	expect_err 'permission denied'	# README row D16: not EBUSY
	KERNEL=1
else
	echo "# note: no setpriv: unprivileged case not run"
fi

finish
