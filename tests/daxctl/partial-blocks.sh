#!/bin/bash
# SPDX-License-Identifier: LGPL-2.1-or-later
# Memory blocks only partly inside a system-ram device are not its own:
# kmem hot-adds the blocks wholly inside each range (start rounded up, end
# rounded down to the block size). The tool must count and touch no other.
. "${srcdir:-.}/tests/daxctl/lib.sh"

KERNEL=1
G=$((1 << 30)) M=$((1 << 20))
MEM=""
LOG=""
state() { cat "$MEM/memory$1/state"; }
blocks_in() {	# blocks_in STATE FIRST LAST: how many of FIRST..LAST are in STATE
	local n c=0
	for n in $(seq "$2" "$3"); do
		[ "$(state "$n")" = "$1" ] && c=$((c + 1))
	done
	echo $c
}
no_write_to() {	# no_write_to N: the last runs never wrote memoryN
	LAST="no write to memory$1"
	if grep -q "/memory$1/" "$LOG" 2>/dev/null; then
		fail "wrote $(grep "/memory$1/" "$LOG" | tr '\n' '|')"
	else pass; fi
}

# 1. dax0.0 at 4 GiB of 4 GiB + 64 MiB on node 0: blocks 32..63 are its
#    own (offline); block 64 is boot memory of the same node, online.
ROOT=$WORK/tail
MEM=$ROOT/sys/devices/system/memory
LOG=$ROOT/writes.log
ft init "$ROOT"
ft region "$ROOT" platform/hmem.0 0 $((8 * G)) $((2 * M)) dynamic 0
ft dev "$ROOT" platform/hmem.0 0 0 $((4 * G + 64 * M)) $((4 * G)) kmem $((2 * M)) 0
ft memory "$ROOT" $((4 * G)) $((4 * G)) 0 offline "Normal Movable"
ft memory "$ROOT" $((8 * G)) $((128 * M)) 0 online Normal

run list -d dax0.0
expect_rc 0
expect_json '[0]["total_memblocks"]' 32
expect_json '[0]["online_memblocks"]' 0

run offline-memory dax0.0
expect_rc 0
no_write_to 64
check "memory64 still online" test "$(state 64)" = online

run online-memory dax0.0
expect_rc 0
check "32..63 online" test "$(blocks_in online 32 63)" = 32
no_write_to 64
run list -d dax0.0
expect_json '[0]["online_memblocks"]' 32
expect_json '[0]["total_memblocks"]' 32

rm -f "$LOG"
run offline-memory dax0.0
expect_rc 0
check "32..63 offline" test "$(blocks_in offline 32 63)" = 32
no_write_to 64
check "memory64 still online" test "$(state 64)" = online

# 2. Two ranges, [4 GiB, +192 MiB) and [5 GiB + 64 MiB, +192 MiB): the
#    device owns blocks 32 and 41 only; 33, 40 and 42 are other memory.
ROOT=$WORK/ranges
MEM=$ROOT/sys/devices/system/memory
LOG=$ROOT/writes.log
ft init "$ROOT"
ft region "$ROOT" platform/hmem.0 0 $((8 * G)) $((2 * M)) dynamic 0
ft dev "$ROOT" platform/hmem.0 0 0 $((384 * M)) $((4 * G)) kmem $((2 * M)) 0
ft mapping "$ROOT" platform/hmem.0 dax0.0 0 $((4 * G)) $((4 * G + 192 * M - 1)) 0
ft mapping "$ROOT" platform/hmem.0 dax0.0 1 $((5 * G + 64 * M)) $((5 * G + 256 * M - 1)) $((192 * M / 4096))
ft memory "$ROOT" $((4 * G)) $((256 * M)) 0 online Movable
ft memory "$ROOT" $((5 * G)) $((384 * M)) 0 online Movable

run list -d dax0.0 -M
expect_rc 0
expect_json '[0]["total_memblocks"]' 2
expect_json '[0]["online_memblocks"]' 2

run offline-memory dax0.0
expect_rc 0
check "memory32 offline" test "$(state 32)" = offline
check "memory41 offline" test "$(state 41)" = offline
for n in 33 40 42; do
	no_write_to $n
	check "memory$n still online" test "$(state $n)" = online
done

finish
