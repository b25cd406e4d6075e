#!/bin/sh
# The examples on a fake tree (DAXCTL_ROOT): enumeration, and a clean
# message with a non-zero exit for a missing, a disabled and a system-ram
# device. The fake /dev nodes are regular files, which mmap() treats as
# files, not as device-dax: daxctl-map must notice every rule the "kernel"
# failed to enforce and exit 1.
. "${srcdir:-.}/tests/examples/lib.sh"

export DAXCTL_ROOT="$tmp/root"
"$srcdir/tests/examples/fake-tree.sh" "$DAXCTL_ROOT"
enum=examples/daxctl-enum
map=examples/daxctl-map
ram=examples/daxctl-ram

# --- daxctl-enum ---
expect "enum lists the fake tree" 0 \
	'^2 regions, 5 devices, 6 mappings$' \
	'^region 0 hmem\.0 size 274726912 align 2097152' \
	'^  dev dax0\.0 252:0 size 4194304 align 2097152 mode devdax node 1 resource 0x200000000$' \
	'^  dev dax0\.1 .* mode disabled' \
	'^  dev dax0\.2 .* mode system-ram' \
	'^      memory blocks 2 online 2 movable 1 block_size 134217728 node_path .*/node1$' \
	'^    mapping 1 start 0x300200000 end 0x3002fffff page_offset 0x100 size 1048576$' \
	-- $enum
check "enum walks in ascending order" \
	[ "$(printf '%s\n' "$out" | sed -n 's/^ *dev \(dax[0-9.]*\) .*/\1/p' | tr '\n' ' ')" = \
	  "dax0.0 dax0.1 dax0.2 dax0.3 dax1.0 " ]
expect "enum -d of one device" 0 '^1 regions, 1 devices, 1 mappings$' \
	'^  dev dax0\.3 ' -- $enum -d /dev/dax0.3
expect "enum -d of a missing device" 3 'dax9\.9: no such device' \
	-- $enum -d dax9.9
expect "enum with a stray argument" 2 'usage' -- $enum stray

# --- daxctl-map: devices it must refuse to map ---
expect "map a missing device" 3 \
	'daxctl-map: dax9\.9: no such device-dax instance' -- $map dax9.9
check "map a missing device: no TAP output" hasnt '^(not )?ok '
expect "map a disabled device" 3 'daxctl-map: dax0\.1: device is disabled' \
	-- $map -d dax0.1
expect "map a system-ram device" 3 \
	'daxctl-map: dax0\.2: device is in system-ram mode' -- $map /dev/dax0.2
expect "map a device without a node" 3 \
	'daxctl-map: .*/dev/dax1\.0: cannot open: No such file' -- $map dax1.0
expect "map with a bad size" 2 'usage' -- $map -s 12q dax0.0
expect "map past the end" 2 'offset 0x400000 is past the end' \
	-- $map -o 4M dax0.0

# --- daxctl-map on "nodes" that are files: every rule broken is reported ---
expect "map the first devdax (a file, align 2M)" 1 \
	'^# dax0\.0: region 0, size 4194304, align 2097152 \(from the device\)$' \
	'^ok 1 - mmap MAP_SHARED of 4194304 bytes at offset 0x0$' \
	'^ok [0-9]+ - pattern written and verified over 4194304 bytes' \
	'^not ok [0-9]+ - smaps KernelPageSize 4 kB .*alignment 2048 kB$' \
	'^not ok [0-9]+ - msync refused with nothing: it succeeded' \
	'^ok [0-9]+ - remap of 2097152 bytes at offset 0x200000 finds the pattern$' \
	'^not ok [0-9]+ - MAP_PRIVATE mapping was accepted' \
	'^not ok [0-9]+ - misaligned length \(align \+ 4096\) was accepted' \
	'^not ok [0-9]+ - misaligned offset 4096 was accepted' \
	'^not ok [0-9]+ - misaligned fixed address \(aligned \+ 4096\) was accepted' \
	'^1\.\.10$' '^# FAIL: [0-9]+ passed, [0-9]+ failed, 0 skipped$' \
	-- $map
expect "map a 4K-aligned file with rounding" 1 \
	'^# offset 0x1001 rounded down to 0x1000$' \
	'^# size 5000 rounded up to 8192$' \
	'^ok 1 - mmap MAP_SHARED of 8192 bytes at offset 0x1000$' \
	'^ok 2 - mapping address .* is aligned to 4096$' \
	'^ok 3 - pattern written and verified over 8192 bytes' \
	'^ok 4 - smaps KernelPageSize 4 kB \(MMUPageSize 4 kB\), alignment 4 kB$' \
	'^ok 6 - remap of 4096 bytes at offset 0x2000 finds the pattern$' \
	'^not ok 7 - MAP_PRIVATE mapping was accepted' \
	'^ok 8 - misaligned length # SKIP align is 4 KiB' \
	'^ok 10 - misaligned fixed address # SKIP' \
	'^# FAIL: 5 passed, 2 failed, 3 skipped$' \
	-- $map -s 5000 -o 4097 dax0.3
expect "map --sync on a file" 1 \
	'^not ok 1 - mmap MAP_SHARED_VALIDATE\|MAP_SYNC of 65536 bytes at offset 0x0: Operation not supported$' \
	-- $map --sync dax0.3

# --- daxctl-ram ---
expect "ram without a device" 2 'usage' -- $ram
expect "ram a missing device" 3 'daxctl-ram: dax9\.9: no such device-dax instance' \
	-- $ram dax9.9
expect "ram a disabled device" 3 'daxctl-ram: dax0\.1: device is disabled' \
	-- $ram dax0.1
expect "ram a system-ram device" 3 \
	'daxctl-ram: dax0\.2: device is already in system-ram mode' -- $ram dax0.2
echo online > "$DAXCTL_ROOT/sys/devices/system/memory/auto_online_blocks"
expect "ram under an auto-online policy" 3 \
	'daxctl-ram: dax0\.0: the kernel onlines hot-added memory itself' \
	-- $ram dax0.0
echo offline > "$DAXCTL_ROOT/sys/devices/system/memory/auto_online_blocks"
# a fake tree has no kernel to unbind the driver: the first step fails
expect "ram when the driver stays bound" 1 \
	'daxctl-ram: dax0\.0: daxctl_dev_disable failed' \
	'daxctl-ram: dax0\.0: left in devdax mode' -- $ram dax0.0
expect "ram --restore of a devdax device" 3 \
	'daxctl-ram: dax0\.0: device is not in system-ram mode: nothing to restore' \
	-- $ram --restore dax0.0
# offlining writes the fake blocks' state; unbinding cannot happen here
expect "ram --restore when the driver stays bound" 1 \
	'^dax0\.2: offlined \(1 tries\)$' \
	'daxctl-ram: dax0\.2: daxctl_dev_disable failed: Device or resource busy' \
	'daxctl-ram: dax0\.2: left in system-ram mode, memory offline' \
	-- $ram -r dax0.2
check "ram --restore offlined the blocks" \
	grep -q '^offline' "$DAXCTL_ROOT/sys/devices/system/memory/memory73/state"

# --- trees captured from the real kernel (tests/fixtures), read only ---
fx=$srcdir/tests/fixtures
if [ -d "$fx/hmem-split/sys" ] && [ -d "$fx/hmem-kmem/sys" ]; then
	expect "captured hmem-split: enum" 0 '^1 regions, 4 devices, 4 mappings$' \
		'^    mapping 1 start 0x120000000 end 0x121ffffff page_offset 0x2000 size 33554432$' \
		'^  dev dax0\.3 .* mode disabled ' \
		-- env DAXCTL_ROOT="$fx/hmem-split" $enum
	expect "captured hmem-split: map the unbound seed" 3 \
		'daxctl-map: dax0\.3: device is disabled' \
		-- env DAXCTL_ROOT="$fx/hmem-split" $map dax0.3
	expect "captured hmem-split: ram the unbound seed" 3 \
		'daxctl-ram: dax0\.3: device is disabled' \
		-- env DAXCTL_ROOT="$fx/hmem-split" $ram dax0.3
	expect "captured hmem-split: no /dev node in the tree" 3 \
		'/dev/dax0\.2: cannot open' \
		-- env DAXCTL_ROOT="$fx/hmem-split" $map dax0.2
	expect "captured hmem-kmem: map a system-ram device" 3 \
		'daxctl-map: dax0\.0: device is in system-ram mode' \
		-- env DAXCTL_ROOT="$fx/hmem-kmem" $map dax0.0
	expect "captured hmem-kmem: no devdax to pick" 3 \
		'daxctl-map: no enabled device in devdax mode' \
		-- env DAXCTL_ROOT="$fx/hmem-kmem" $map
	expect "captured hmem-kmem: ram a system-ram device" 3 \
		'daxctl-ram: dax0\.0: device is already in system-ram mode' \
		-- env DAXCTL_ROOT="$fx/hmem-kmem" $ram dax0.0
	expect "captured hmem-kmem: enum shows its 8 online blocks" 0 \
		'^      memory blocks 8 online 8 movable 1 block_size 134217728 ' \
		-- env DAXCTL_ROOT="$fx/hmem-kmem" $enum
else
	echo "# tests/fixtures/hmem-split or hmem-kmem missing: captured-tree checks not run"
fi

finish
