#!/bin/bash
# SPDX-License-Identifier: LGPL-2.1-or-later
# The write-ownership check (tests/lib/check-writes.py, run after every
# command of the tool tests under the fake kernel) can fail: writes to a
# memory block the device does not own, to another device, to another
# device's driver binding or to another region are each refused; the
# owned writes of real commands pass.
. "${srcdir:-.}/tests/daxctl/lib.sh"

KERNEL=1
ROOT=$WORK/kmem
ft kmem "$ROOT"
LOG=$ROOT/writes.log

# real commands: every write they make is owned (checked inside run)
run offline-memory dax0.0
expect_rc 0
run online-memory dax0.0
expect_rc 0
check "the commands wrote to memory blocks" grep -q '/memory4[0-7]/state' "$LOG"

# rogue writes appended to the log after a command must each be caught
rogue() {	# rogue "LINE" DESCRIPTION ARGS...: LINE after "daxctl ARGS"
	local line=$1 what=$2 from
	shift 2
	"$PYTHON3" "$CHECK_WRITES" snapshot "$ROOT" "$WORK/snap" || exit 99
	from=$(wc -l < "$LOG")
	printf '%s\n' "$line" >> "$LOG"
	LAST="check-writes.py: $what"
	if "$PYTHON3" "$CHECK_WRITES" check "$ROOT" "$WORK/snap" "$from" -- "$@" \
			> "$WORK/rogue.out" 2>&1; then
		fail "not caught: $line"
	elif grep -q "write not owned" "$WORK/rogue.out"; then
		pass
	else
		fail "no reason given: $(cat "$WORK/rogue.out")"
	fi
}
rogue "/sys/devices/system/memory/memory3/state offline" \
	"a boot memory block" offline-memory dax0.0
rogue "/sys/devices/system/memory/memory56/state offline" \
	"dax0.1's block for dax0.0" offline-memory dax0.0
rogue "/sys/devices/system/memory/memory48/state online_movable" \
	"the block just past dax0.0" online-memory dax0.0
rogue "/sys/devices/platform/hmem.0/dax0.2/size 0" \
	"another device's attribute" reconfigure-device dax0.1 -s 0
rogue "/sys/bus/dax/drivers/kmem/unbind dax0.1" \
	"another device's binding" disable-device dax0.0
rogue "/sys/devices/platform/hmem.0/dax_region/create 1" \
	"create by another command" reconfigure-device dax0.0 -a 2m
rogue "/sys/devices/system/memory/auto_online_blocks online" \
	"a global memory attribute" online-memory dax0.0
# and an owned line passes
"$PYTHON3" "$CHECK_WRITES" snapshot "$ROOT" "$WORK/snap" || exit 99
from=$(wc -l < "$LOG")
printf '%s\n' "/sys/devices/system/memory/memory47/state offline" >> "$LOG"
LAST="check-writes.py: dax0.0's last block"
if "$PYTHON3" "$CHECK_WRITES" check "$ROOT" "$WORK/snap" "$from" -- offline-memory dax0.0; then
	pass
else
	fail "an owned write was refused"
fi
finish
