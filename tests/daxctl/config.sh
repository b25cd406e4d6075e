#!/bin/bash
# SPDX-License-Identifier: LGPL-2.1-or-later
# reconfigure-device --check-config: [reconfigure-device NAME] sections of
# *.conf files in the config directory (DAXCTL_CONFIG_PATH here).
. "${srcdir:-.}/tests/daxctl/lib.sh"

KERNEL=1
ROOT=$WORK/hmem
ft hmem-idle "$ROOT"
DEV=$ROOT/sys/devices/platform/hmem.0
MEM=$ROOT/sys/devices/system/memory

# the config directory (the tool's DAXCTL_CONFIG_PATH override)
CONF=$WORK/conf.d
mkdir -p "$CONF"
export DAXCTL_CONFIG_PATH=$CONF

drv() { basename "$(readlink "$DEV/$1/driver" 2>/dev/null)" 2>/dev/null; }

# no configuration at all: nothing happens, success, silent
run reconfigure-device dax0.0 -C
expect_rc 0
expect_no_out
check "dax0.0 untouched" test "$(drv dax0.0)" = device_dax

cat > "$CONF/10-ram.conf" <<'C'
# comment
; another comment
[reconfigure-device to-ram]
device = dax0.0
mode = system-ram
online = true
movable = "false"

[other-section]
whatever = 1
C
cat > "$CONF/ignored.txt" <<'C'
this is not a conf file [
C
run reconfigure-device dax0.0 -C
expect_rc 0
expect_json '[0]["mode"]' '"system-ram"'
expect_json '[0]["movable"]' false
expect_err '^reconfigured 1 device$'
check "dax0.0 on kmem" test "$(drv dax0.0)" = kmem
check "onlined, not movable" test "$(cat "$MEM/memory72/valid_zones")" = Normal

# a device no section selects: nothing, success
run reconfigure-device dax0.1 -C
expect_rc 0
expect_no_out
check "dax0.1 untouched" test -z "$(drv dax0.1)"
run reconfigure-device dax0.1 -C -v
expect_err 'no matching \[reconfigure-device\] section'

# by region uuid: the hmem region has none (all zero) and never matches
cat > "$CONF/20-uuid.conf" <<'C'
[reconfigure-device by-uuid]
nvdimm.uuid = ed93e918-e165-49d8-921d-383d7b9660c5
mode = devdax
C
run reconfigure-device dax0.1 -C
expect_rc 0
expect_no_out
rm "$CONF/20-uuid.conf"

# by nvdimm.uuid on a pmem namespace in devdax mode: the uuid ndctl lists
# for the namespace is the nd dax device's `uuid` attribute, the directory
# that holds dax_region (the region path)
PMEM=$WORK/pmem
ft kmem-pmem "$PMEM"
NDDAX=$PMEM/sys/devices/LNXSYSTM:00/ndbus0/region1
ft_w "$NDDAX/uuid" 5b9c0e0a-8d3a-4c57-9b83-0d4b0e0c2f11
cat > "$CONF/20-uuid.conf" <<'C'
[reconfigure-device by-uuid]
nvdimm.uuid = 5B9C0E0A-8D3A-4C57-9B83-0D4B0E0C2F11
mode = system-ram
movable = false
C
SAVED_ROOT=$ROOT
ROOT=$PMEM
# another device (hmem region, no uuid) is not selected
run reconfigure-device dax0.1 -C
expect_rc 0
expect_no_out
check "dax0.1 of the hmem region untouched" \
	test "$(basename "$(readlink "$PMEM/sys/devices/platform/hmem.0/dax0.1/driver")")" = device_dax
run reconfigure-device dax1.0 -C
expect_rc 0
expect_json '[0]["mode"]' '"system-ram"'
expect_json '[0]["movable"]' false
check "dax1.0 on kmem" \
	test "$(basename "$(readlink "$NDDAX/dax1.0/driver")")" = kmem
# a uuid that is not the namespace's: nothing
ft kmem-pmem "$PMEM.2"
ft_w "$PMEM.2/sys/devices/LNXSYSTM:00/ndbus0/region1/uuid" 0b9c0e0a-8d3a-4c57-9b83-0d4b0e0c2f11
ROOT=$PMEM.2
run reconfigure-device dax1.0 -C
expect_rc 0
expect_no_out
check "dax1.0 still devdax" test "$(basename "$(readlink \
	"$PMEM.2/sys/devices/LNXSYSTM:00/ndbus0/region1/dax1.0/driver")")" = device_dax
ROOT=$SAVED_ROOT
rm "$CONF/20-uuid.conf"

# online = false leaves the memory offline
cat > "$CONF/30-offline.conf" <<'C'
[reconfigure-device dax1]
device = 0.1
mode = system-ram
online = no
C
run enable-device dax0.1
run reconfigure-device dax0.1 -C
expect_rc 0
expect_json '[0]["online_memblocks"]' 0
check "dax0.1 on kmem" test "$(drv dax0.1)" = kmem

# malformed files: file and line named, non-zero, nothing done
bad() {	# bad "content" "expected message regex"
	printf '%s\n' "$1" > "$CONF/99-bad.conf"
	run reconfigure-device dax0.2 -C
	expect_fail
	expect_err "$CONF/99-bad.conf:$2"
}
bad '[reconfigure-device x]
device = dax0.2
mode = sideways' '3: invalid mode'
bad '[reconfigure-device x]
device = dax0.2
online = maybe' '3: invalid boolean'
bad '[reconfigure-device x
device = dax0.2' '1: malformed section header'
bad 'device = dax0.2' "1: 'device' outside of any section"
bad '[reconfigure-device x]
just some words' '2: expected'
bad '[reconfigure-device x]
colour = blue' "2: unknown key 'colour'"
bad '[reconfigure-device x]
nvdimm.uuid = 1234' '2: invalid uuid'
bad '[reconfigure-device to-ram]
device = dax0.2' '1: duplicate section'
bad '[reconfigure-device]' '1: .* needs a name'
bad '[reconfigure-device x]
mode = devdax' '1: .*needs nvdimm.uuid or device'
bad '[reconfigure-device x]
device = "dax0.2' '2: unterminated'
check "dax0.2 untouched by malformed configs" test -z "$(drv dax0.2)"
rm "$CONF/99-bad.conf"

finish
