#!/bin/bash
# SPDX-License-Identifier: LGPL-2.1-or-later
# Explained refusals, progress on a terminal, --memmap-on-memory and the
# monitor's command line, on fake trees with the fake kernel: each refusal
# names the device, gives a "hint:" line, changes nothing, and keeps the
# exit code the kernel's errno gives.
. "${srcdir:-.}/tests/daxctl/lib.sh"

KERNEL=1
EBUSY=240 EINVAL=234 ENODEV=237 EACCES=243 EOPNOTSUPP=161

new_tree() {	# new_tree NAME CANNED
	ROOT=$WORK/$1
	ft "$2" "$ROOT"
	DEV=$ROOT/sys/devices/platform/hmem.0
	MEM=$ROOT/sys/devices/system/memory
	LOG=$ROOT/writes.log
}
driver_of() { basename "$(readlink "$DEV/$1/driver" 2>/dev/null)" 2>/dev/null; }
nwrites() { cat "$LOG" 2>/dev/null | grep -c -- "$1"; }
online_blocks() {	# online_blocks FIRST LAST
	local n c=0
	for n in $(seq "$1" "$2"); do
		[ "$(cat "$MEM/memory$n/state" 2>/dev/null)" = online ] && c=$((c + 1))
	done
	echo $c
}
expect_hint() {		# the hint line follows the device's line
	if printf '%s\n' "$ERR" | grep -Eq -- "^hint: $1"; then pass
	else fail "no '^hint: $1' line"; fi
}

# ---- the auto-online policy
new_tree autoonline hmem-idle
ft_w "$MEM/auto_online_blocks" online_movable
run reconfigure-device -m system-ram dax0.0
expect_rc $EBUSY
expect_no_out
# README row D20: a refusal explained before acting: the device's line, then hint:
expect_err "^dax0\.0: the kernel would online the memory itself, not daxctl: /sys/devices/system/memory/auto_online_blocks is 'online_movable' \(Device or resource busy\)$"
expect_hint "-f goes ahead and lets the kernel online it as 'online_movable' \(-N and --no-movable then change nothing"
expect_err "echo offline > /sys/devices/system/memory/auto_online_blocks"
check "refused: dax0.0 stays on device_dax" test "$(driver_of dax0.0)" = device_dax
check "refused before acting: nothing written" test ! -s "$LOG"
DAXCTL_LOG=info run reconfigure-device -m system-ram dax0.0
expect_err "libdaxctl: daxctl_dev_will_auto_online_memory: dax0\.0: /sys/devices/system/memory/auto_online_blocks is 'online_movable'"
run reconfigure-device -m system-ram -f dax0.0
expect_rc 0
expect_json '[0]["mode"]' '"system-ram"'
check "with -f the kernel's policy onlined all 8 blocks" test "$(online_blocks 72 79)" = 8

# ---- ranges not aligned to the memory block size
new_tree align hmem-idle
run reconfigure-device dax0.1 -s 64m
expect_rc 0
run reconfigure-device -m system-ram dax0.1
expect_rc $EINVAL
expect_no_out
expect_err '^dax0\.1: range 0x280000000-0x283ffffff is not aligned to the 128 MiB memory block size: 64 MiB of it would be lost \(not one whole block\)$'
expect_err '^dax0\.1: kmem would add no memory at all \(Invalid argument\)$'
expect_hint 'make the size a multiple of 128 MiB \(at least 128 MiB, e\.g\. daxctl reconfigure-device dax0\.1 -s 134217728\)'
check "refused: dax0.1 stays unbound" test -z "$(driver_of dax0.1)"
check "refused before acting: no bind" test "$(nwrites drivers/kmem)" = 0
run reconfigure-device dax0.1 -s 192m
expect_rc 0
run reconfigure-device -m system-ram dax0.1
expect_rc 0	# README row D20: a partly aligned range is converted, the loss named
expect_err '^dax0\.1: range 0x280000000-0x28bffffff is not aligned to the 128 MiB memory block size: 64 MiB of it would be lost \(partial blocks at its ends\)$'
expect_err '^dax0\.1: lost: 0x288000000-0x28bffffff, part of memory81$'
expect_err '^dax0\.1: warning: only 1 whole block of 128 MiB will be added$'
expect_hint 'a size of 134217728 \(128 MiB\) aligns: daxctl reconfigure-device dax0\.1 -s 134217728'
expect_json '[0]["total_memblocks"]' 1
check "the whole block went online" test "$(cat "$MEM/memory80/state")" = online
check "the partial block was not added" test ! -e "$MEM/memory81"

# ---- target_node
new_tree node hmem-idle
rm -f "$DEV/dax0.1/target_node"
run reconfigure-device -m system-ram dax0.1
expect_rc $ENODEV	# README row D20: no target_node: ENODEV before binding
expect_err '^dax0\.1: the kernel has no target_node for it: its dax bus cannot hand memory to kmem \(No such device\)$'
expect_hint 'system-ram mode needs Linux 5\.1 or later with CONFIG_DEV_DAX_KMEM'
check "refused before acting: nothing written" test ! -s "$LOG"
ft_w "$DEV/dax0.1/target_node" -1
run reconfigure-device -m system-ram dax0.1
expect_rc $EINVAL
expect_err '^dax0\.1: target_node is -1: kmem rejects memory on no NUMA node \(Invalid argument\)$'
expect_hint 'the firmware gave this range no proximity domain'
check "refused before acting: nothing written" test ! -s "$LOG"
# the dax-class model: no kmem at all; the refusal is upstream's (disable
# says EOPNOTSUPP and names migrate-device-model), not a missing target_node
new_tree class class
run reconfigure-device -m system-ram dax0.0
expect_rc $EOPNOTSUPP
expect_err '^dax0\.0: disable failed \(Operation not supported\)$'
expect_err 'daxctl-migrate-device-model'
check "class model: no target_node refusal" sh -c "! grep -q target_node '$WORK/err'"

# ---- not root
new_tree noroot kmem-pmem
if [ "$(id -u)" = 0 ]; then
	AS=(setpriv --reuid=65534 --regid=65534 --clear-groups)
	chmod 755 "$WORK"
	command -v setpriv >/dev/null || AS=()
else
	AS=()
	chmod 444 "$DEV/dax0.1/driver/unbind" "$MEM/memory72/state"
fi
run_as() {	# like run, as another user (root: nobody), no fake kernel
	LAST="daxctl $*"
	DAXCTL_ROOT=$ROOT "${AS[@]}" "$DAXCTL" "$@" > "$WORK/out" 2> "$WORK/err"
	RC=$?
	OUT=$(cat "$WORK/out")
	ERR=$(cat "$WORK/err")
}
if [ "$(id -u)" = 0 ] && [ ${#AS[@]} = 0 ]; then
	echo "SKIP: the not-root refusals (root without setpriv)"
else
	run_as reconfigure-device -m system-ram dax0.1
	expect_rc $EACCES
	expect_err '^dax0\.1: switching to system-ram needs to write /sys/bus/dax/devices/dax0\.1/driver/unbind, which only root may \(Permission denied\)$'
	expect_hint 'run it as root \(sudo daxctl \.\.\.\); nothing was changed'
	run_as offline-memory dax0.0
	expect_rc $EACCES
	expect_err '^dax0\.0: offlining memory needs to write /sys/devices/system/memory/memory72/state, which only root may'
	expect_hint 'run it as root \(sudo daxctl \.\.\.\); nothing was changed'
	check "not root: dax0.1 still on device_dax" test "$(driver_of dax0.1)" = device_dax
	check "not root: the blocks still online" test "$(online_blocks 72 79)" = 8
fi
chmod 644 "$DEV/dax0.1/driver/unbind" "$MEM/memory72/state" 2>/dev/null

# ---- blocks that will not go offline
new_tree offline kmem-pmem
ft_w "$MEM/memory75/removable" 0
ft_w "$MEM/memory75/valid_zones" Normal
run offline-memory dax0.0
expect_rc $EBUSY
expect_err '^dax0\.0: memory75 will not go offline: zone Normal, removable 0 \(Device or resource busy\)$'
expect_hint 'the kernel holds unmovable pages in this block; nothing was offlined'
# README row D20: a block whose removable is 0: offline-memory offlines nothing
check "checked before acting: all 8 blocks still online" test "$(online_blocks 72 79)" = 8
check "checked before acting: no state written" test "$(nwrites /state)" = 0
run reconfigure-device -m devdax -f dax0.0
expect_rc $EBUSY
expect_err '^dax0\.0: memory75 will not go offline: zone Normal, removable 0'
check "reconfigure refused too: still on kmem" test "$(driver_of dax0.0)" = kmem
# README row D20: nor does -m devdax -f
check "reconfigure refused: all 8 blocks still online" test "$(online_blocks 72 79)" = 8
ft_w "$MEM/memory75/removable" 1
ft_w "$MEM/memory75/valid_zones" Movable

# EBUSY from the kernel: 3 tries of that block, then each stuck block named
rm -f "$LOG"
FAKEKERNEL_FAIL=memory76/state=16 run offline-memory dax0.0
expect_rc $EBUSY
expect_err '^dax0\.0: memory offline failed, 1 of 8 memory blocks still online \(Device or resource busy\)$'
expect_err '^dax0\.0: memory76 will not go offline: zone Movable, removable 1, Device or resource busy after 3 tries$'
expect_err '^libdaxctl: block_op: dax0\.0: memory76 will not go offline: zone Movable, removable 1, Device or resource busy after 3 tries$'
expect_hint 'page migration is busy'
check "memory76 was tried 3 times" test "$(nwrites 'memory76/state offline')" = 3
check "the other 7 blocks went offline" test "$(online_blocks 72 79)" = 1
ft_w "$MEM/memory76/valid_zones" Normal
rm -f "$LOG"
FAKEKERNEL_FAIL=memory76/state=16 DAXCTL_LOG=info run offline-memory dax0.0
expect_err 'dax0\.0: memory76: offline try 1 of 3: Device or resource busy'
expect_err 'dax0\.0: memory76: offline try 3 of 3: Device or resource busy'
expect_hint 'blocks in ZONE_NORMAL may hold kernel allocations'
# a transient EBUSY: the retries get through (the rule is gone)
run offline-memory dax0.0
expect_rc 0
check "all offline in the end" test "$(online_blocks 72 79)" = 0

# ---- memmap_on_memory
new_tree memmap hmem-idle
run reconfigure-device -m system-ram --memmap-on-memory dax0.0
expect_rc $EOPNOTSUPP
expect_err '^dax0\.0: this kernel has no memmap_on_memory for dax devices \(Operation not supported\)$'
expect_hint 'it came with Linux 6\.8'
check "refused: dax0.0 stays on device_dax" test "$(driver_of dax0.0)" = device_dax
for d in dax0.0 dax0.1 dax0.2; do ft_w "$DEV/$d/memmap_on_memory" 0; done
ft_w "$ROOT/sys/module/memory_hotplug/parameters/memmap_on_memory" N
run reconfigure-device -m system-ram --memmap-on-memory dax0.0
expect_rc $EOPNOTSUPP
expect_err '^dax0\.0: the kernel refuses memmap_on_memory: memory hotplug has it off \(memory_hotplug\.memmap_on_memory=N\)'
expect_hint 'boot with memory_hotplug\.memmap_on_memory=1'
check "refused: dax0.0 stays on device_dax" test "$(driver_of dax0.0)" = device_dax
run list
check "list: no memmap_on_memory key while it is 0" test -n "$OUT"
expect_not_out memmap_on_memory	# README row D19: list adds the key only when 1
ft_w "$ROOT/sys/module/memory_hotplug/parameters/memmap_on_memory" Y
rm -f "$LOG"
run reconfigure-device -m system-ram --memmap-on-memory dax0.0
expect_rc 0	# README row D19: reconfigure-device --memmap-on-memory
expect_json '[0]["memmap_on_memory"]' true
expect_file "$DEV/dax0.0/memmap_on_memory" 1
check "memmap_on_memory written before kmem binds" \
	test "$(grep -n -e memmap_on_memory -e drivers/kmem "$LOG" | head -1 | grep -c memmap_on_memory)" = 1
check "dax0.0 on kmem" test "$(driver_of dax0.0)" = kmem
run list -d dax0.0
expect_json '[0]["memmap_on_memory"]' true	# README row D19: "memmap_on_memory":true
run list -d dax0.1
expect_not_out memmap_on_memory
# already system-ram with its memmap in DRAM: refused
run reconfigure-device -m system-ram dax0.1
expect_rc 0
run reconfigure-device -m system-ram --memmap-on-memory dax0.1
expect_rc $EBUSY
expect_err '^dax0\.1: already in system-ram mode with its memmap in DRAM'
expect_hint 'daxctl reconfigure-device dax0\.1 -m devdax -f, then again with -m system-ram --memmap-on-memory'
expect_file "$DEV/dax0.1/memmap_on_memory" 0
# usage
run reconfigure-device -m devdax --memmap-on-memory dax0.1
expect_rc 129
expect_err 'only apply with --mode=system-ram'
run reconfigure-device -C --memmap-on-memory dax0.1
expect_rc 129
# the config file key
run reconfigure-device -m devdax -f dax0.1
expect_rc 0
CONF=$WORK/conf.d
mkdir -p "$CONF"
cat > "$CONF/mem.conf" <<'EOF'
[reconfigure-device mem]
device = dax0.1
mode = system-ram
memmap_on_memory = true
EOF
DAXCTL_CONFIG_PATH=$CONF run reconfigure-device -C dax0.1
expect_rc 0
expect_file "$DEV/dax0.1/memmap_on_memory" 1	# README row D19: the memmap_on_memory config key
check "-C: dax0.1 on kmem" test "$(driver_of dax0.1)" = kmem
expect_json '[0]["memmap_on_memory"]' true
sed -i 's/= true/= maybe/' "$CONF/mem.conf"
DAXCTL_CONFIG_PATH=$CONF run reconfigure-device -C dax0.1
expect_fail
expect_err "mem\.conf:4: invalid boolean 'maybe' for memmap_on_memory"

# ---- progress: 512 blocks, on a terminal and in a pipe
ROOT=$WORK/big
ft init "$ROOT"
ft region "$ROOT" platform/hmem.0 0 $((64 << 30)) 0x200000 dynamic 0
ft dev "$ROOT" platform/hmem.0 0 0 $((64 << 30)) 0x1000000000 kmem 0x200000 1
ft memory "$ROOT" 0x1000000000 $((64 << 30)) 1 offline "Normal Movable"
MEM=$ROOT/sys/devices/system/memory
tty_run() {	# tty_run ARGS: daxctl on a pseudo-terminal (script), output in $TTYOUT
	LAST="daxctl $* (on a terminal)"
	# script(1) and the wrapper's sed leak on their own: lib.sh suppresses
	# leaks in those executables only ($LSAN_OUTSIDE)
	DAXCTL_ROOT=$ROOT FAKEKERNEL_ROOT=$ROOT LD_PRELOAD=$PRELOAD \
		FAKEKERNEL_STATE_DELAY_US=3000 \
		ASAN_OPTIONS=${ASAN_OPTIONS:-}${ASAN_OPTIONS:+:}verify_asan_link_order=0 \
		LSAN_OPTIONS=$LSAN_OUTSIDE script -qefc "$(printf '%q ' "$DAXCTL" "$@")" /dev/null > "$WORK/tty" 2>&1 < /dev/null
	RC=$?
	TTYOUT=$(cat "$WORK/tty")
}
if ! command -v script >/dev/null; then
	echo "SKIP: progress on a terminal (script(1) is missing)"
else
	tty_run online-memory dax0.0
	check "online on a terminal: exit 0" test "$RC" = 0
	check "progress: the final count" grep -q 'dax0\.0: memory blocks online: 512/512' "$WORK/tty"
	# README row D19: progress on a terminal, rewritten in place
	check "progress: rewritten in place (several updates on one line)" \
		test "$(grep -o $'\r''dax0\.0: memory blocks online: [0-9]*/512' "$WORK/tty" | wc -l)" -ge 2
	check "progress: erases the rest of the line" grep -q $'\e\\[K' "$WORK/tty"
	check "progress: rate-limited, not one line per block" \
		test "$(grep -o 'memory blocks online: ' "$WORK/tty" | wc -l)" -lt 128
	check "the summary line follows on its own line" \
		grep -q '^dax0\.0: 512 memory blocks onlined' <(tr -d '\r' < "$WORK/tty" | sed 's/\x1b\[K/\n/g')
	tty_run offline-memory -q dax0.0
	check "offline -q on a terminal: exit 0" test "$RC" = 0
	# README row D19: -q silences the progress (offline, online, reconfigure)
	check "-q: no progress" test "$(grep -c 'memory blocks offline:' "$WORK/tty")" = 0
	check "-q: the summary" grep -q 'dax0\.0: 512 memory blocks offlined' "$WORK/tty"
	tty_run online-memory -q dax0.0
	check "online -q on a terminal: exit 0" test "$RC" = 0
	check "online -q: no progress" test "$(grep -c 'memory blocks online:' "$WORK/tty")" = 0
	tty_run offline-memory dax0.0
	check "offline on a terminal: exit 0" test "$RC" = 0
	check "offline progress: the final count" grep -q 'dax0\.0: memory blocks offline: 512/512' "$WORK/tty"
	# reconfigure-device: the same progress, and -q silences it there too
	tty_run online-memory -q dax0.0
	tty_run reconfigure-device -m devdax -f dax0.0
	check "reconfigure on a terminal: exit 0" test "$RC" = 0
	check "reconfigure progress: the final count" grep -q 'dax0\.0: memory blocks offline: 512/512' "$WORK/tty"
	tty_run reconfigure-device -m system-ram -q dax0.0
	check "reconfigure -q on a terminal: exit 0" test "$RC" = 0
	check "reconfigure -q: the blocks went online" test "$(online_blocks 512 1023)" = 512
	# README row D19: reconfigure-device -q silences it too
	check "reconfigure -q: no progress" test "$(grep -c 'memory blocks online:' "$WORK/tty")" = 0
	tty_run offline-memory -q dax0.0
	check "offline -q again: exit 0" test "$RC" = 0
fi
# not a terminal: stderr and stdout stay as before
FAKEKERNEL_STATE_DELAY_US=1000 run online-memory dax0.0
expect_rc 0
# README row D19: never in a pipe
check "pipe: stderr is just the summary" test "$ERR" = "dax0.0: 512 memory blocks onlined
onlined memory for 1 device"
check "pipe: no control characters" test "$(printf '%s' "$ERR$OUT" | tr -d '\n' | tr -d '[:print:]' | wc -c)" = 0
FAKEKERNEL_STATE_DELAY_US=1000 run offline-memory dax0.0
expect_rc 0
expect_not_out 'memory blocks'
check "pipe: no progress when offlining" test "$(printf '%s' "$ERR" | grep -c 'memory blocks offline:')" = 0

# ---- monitor: the command line (events need a kernel: tests/vm)
run monitor --count 0
expect_rc 129
expect_err "invalid count '0'"
run monitor -d bogus
expect_rc 129
run monitor --timeout x
expect_rc 129
run monitor extra
expect_rc 129
run monitor --help
expect_rc 0	# README row D19: daxctl monitor (its events: tests/vm/guest/features.sh)
expect_out 'count'
run monitor -d dax99.99 --count 1 --timeout 1
if printf '%s' "$ERR" | grep -q 'cannot listen'; then
	echo "SKIP: monitor: no kernel uevent socket here ($ERR)"
else
	expect_rc 1
	expect_no_out
	expect_err '^daxctl monitor: listening for dax and memory block events$'
	expect_err '^daxctl monitor: 0 of 1 events before the timeout$'
fi

finish
