# tests/vm/guest/tool.sh: our daxctl command and the example programs on the
# real kernel.  Sourced by a scenario; tool_tests expects dax0.0 spanning a
# dynamic region 0, on device_dax, and leaves it so.  Each part is skipped
# with its reason when that program was not built.

DAXCTL_OURS=$OURBIN/daxctl
EXAMPLES=/opt/libdaxctl/examples

ours() { LD_LIBRARY_PATH=$OURLIB "$@"; }

# odaxctl ARGS...: our daxctl; stdout in /tmp/od.out, stderr in /tmp/od.err
odaxctl() {
	ours $DAXCTL_OURS "$@" > /tmp/od.out 2> /tmp/od.err
}

# tcheck DESC ARGS...: our daxctl ARGS must succeed
tcheck() {
	local desc=$1 rc
	shift
	odaxctl "$@"
	rc=$?
	if [ $rc = 0 ]; then
		pass "daxctl $*: $desc"
	else
		fail "daxctl $*: $desc (exit $rc)"
		diag "$(cat /tmp/od.err /tmp/od.out)"
	fi
	return $rc
}

# tfails DESC ARGS...: our daxctl ARGS must fail (non-zero exit, a message)
tfails() {
	local desc=$1 rc
	shift
	odaxctl "$@"
	rc=$?
	if [ $rc != 0 ] && [ -s /tmp/od.err ]; then
		pass "daxctl $*: $desc (exit $rc: $(head -n 1 /tmp/od.err))"
	else
		fail "daxctl $*: $desc (exit $rc, expected a failure with a message)"
		diag "$(cat /tmp/od.err /tmp/od.out)"
	fi
}

blocks_in() { # blocks_in DEV STATE: count of DEV's blocks in STATE
	local b n=0
	for b in $(dev_blocks $1); do
		[ "$(cat /sys/devices/system/memory/$b/state)" = $2 ] && n=$((n + 1))
	done
	echo $n
}

zones_of() { # the distinct valid_zones of DEV's blocks
	local b
	for b in $(dev_blocks $1); do cat /sys/devices/system/memory/$b/valid_zones; done | sort -u | tr '\n' ' '
}

daxctl_tool_tests() {
	local GiB=1073741824 MiB=1048576 mt0 nblk d1 d2
	if ! have_ours || [ ! -x $DAXCTL_OURS ]; then
		skip "our daxctl command" "daxctl/ was not built"
		return 0
	fi
	tcheck "prints the version" --version
	mt0=$(meminfo_kb MemTotal)
	nblk=$(($(dattr dax0.0 size) / $(memblock_size)))

	tcheck "unbinds" disable-device dax0.0
	is "$(bound_to dax0.0)" "" "daxctl disable-device: dax0.0 unbound in sysfs"
	tcheck "binds" enable-device dax0.0
	is "$(bound_to dax0.0)" device_dax "daxctl enable-device: dax0.0 on device_dax"

	# system-ram, movable
	tcheck "to system-ram" reconfigure-device -m system-ram dax0.0
	is "$(jsontool get 0.mode < /tmp/od.out 2>/dev/null || jsontool get mode < /tmp/od.out)" \
		system-ram "reconfigure-device prints the device as system-ram"
	is "$(bound_to dax0.0)" kmem "dax0.0 on kmem"
	is "$(blocks_in dax0.0 online)" $nblk "all $nblk blocks online"
	is "$(zones_of dax0.0)" "Movable " "in zone Movable"
	is "$(($(meminfo_kb MemTotal) - mt0))" $((nblk * $(memblock_size) / 1024)) "MemTotal grew"
	diffcheck "daxctl system-ram"
	tfails "refuses devdax while memory is online" reconfigure-device -m devdax dax0.0
	is "$(bound_to dax0.0)" kmem "dax0.0 still on kmem"
	tcheck "offlines" offline-memory dax0.0
	is "$(blocks_in dax0.0 online)" 0 "no block online after offline-memory"
	tcheck "already offline is success" offline-memory dax0.0
	tcheck "onlines" online-memory dax0.0
	is "$(blocks_in dax0.0 online)" $nblk "all blocks online after online-memory"
	tcheck "already online is success" online-memory dax0.0
	tcheck "with -f offlines and goes back" reconfigure-device -f -m devdax dax0.0
	is "$(bound_to dax0.0)" device_dax "dax0.0 back on device_dax"
	is "$(meminfo_kb MemTotal)" "$mt0" "MemTotal back"

	# system-ram, not movable
	tcheck "--no-movable" reconfigure-device -m system-ram --no-movable dax0.0
	is "$(zones_of dax0.0)" "Normal " "in zone Normal"
	tcheck "back to devdax" reconfigure-device -f -m devdax dax0.0
	is "$(bound_to dax0.0)" device_dax "dax0.0 back on device_dax"

	# system-ram without onlining
	tcheck "--no-online" reconfigure-device -m system-ram -N dax0.0
	is "$(blocks_in dax0.0 online)" 0 "no block onlined with -N"
	tcheck "back to devdax" reconfigure-device -m devdax dax0.0
	is "$(bound_to dax0.0)" device_dax "dax0.0 back on device_dax"

	# sizes, create, destroy
	tfails "resizing an enabled device is refused" reconfigure-device -s 512M dax0.0
	tcheck "disable" disable-device dax0.0
	tcheck "shrinks" reconfigure-device -s 512M dax0.0
	is "$(dattr dax0.0 size)" $((512 * MiB)) "dax0.0 is 512 MiB"
	tcheck "enable" enable-device dax0.0
	tcheck "256 MiB" create-device -r 0 -s 256M
	d1=$(jsontool get 0.chardev < /tmp/od.out 2>/dev/null || jsontool get chardev < /tmp/od.out)
	is "$d1" dax0.1 "create-device prints the new device"
	is "$(dattr dax0.1 size):$(bound_to dax0.1)" "$((256 * MiB)):device_dax" "dax0.1: 256 MiB on device_dax"
	tcheck "align 4K" create-device -r 0 -s 128M -a 4096
	d2=$(jsontool get 0.chardev < /tmp/od.out 2>/dev/null || jsontool get chardev < /tmp/od.out)
	is "$(dattr "$d2" align)" 4096 "$d2: align 4096"
	tfails "past the available size" create-device -r 0 -s 1G
	if [ "$(ls $DEVS | wc -l)" = 3 ]; then
		tcheck "every device" disable-device all
		is "$(bound_to dax0.0)$(bound_to dax0.1)$(bound_to "$d2")" "" "disable-device all unbound the 3 devices"
		tcheck "every device" enable-device all
		is "$(bound_to dax0.0) $(bound_to dax0.1) $(bound_to "$d2")" \
			"device_dax device_dax device_dax" "enable-device all bound the 3 devices"
		tcheck "every device" reconfigure-device -m system-ram all
		is "$(jsontool get 2.mode < /tmp/od.out)" system-ram \
			"reconfigure-device all prints every device, not only the last"
		is "$(bound_to dax0.0) $(bound_to dax0.1) $(bound_to "$d2")" "kmem kmem kmem" "the 3 devices on kmem"
		diffcheck "daxctl all system-ram"
		tcheck "every device back" reconfigure-device -f -m devdax all
		is "$(bound_to dax0.0) $(bound_to dax0.1) $(bound_to "$d2")" \
			"device_dax device_dax device_dax" "the 3 devices back on device_dax"
	else
		skip "daxctl ... all" "expected 3 devices, found: $(ls $DEVS | tr '\n' ' ')"
	fi
	diffcheck "daxctl create-device"
	run_examples_split "$d2"
	tfails "refuses an enabled device without -f" destroy-device dax0.1
	tcheck "-f" destroy-device -f dax0.1
	check "dax0.1 is gone" test ! -e $DEVS/dax0.1
	tcheck "-f" destroy-device -f "$d2"
	check "$d2 is gone" test ! -e $DEVS/$d2
	tcheck "disable" disable-device dax0.0
	tcheck "back to 1 GiB" reconfigure-device -s 1G dax0.0
	tcheck "enable" enable-device dax0.0
	is "$(dattr dax0.0 size):$(bound_to dax0.0)" "$GiB:device_dax" "dax0.0 as at the start"
	diffcheck "daxctl done"
}

# examples
ex_rc() { # ex_rc EXPECTED DESC NAME ARGS...: run, check the exit status
	local want=$1 desc=$2 n=$3 rc
	shift 3
	ours $EXAMPLES/$n "$@" > /tmp/ex.out 2>&1
	rc=$?
	sed -e "s/^\(not \)\{0,1\}ok \([0-9]* \)\{0,1\}- /&$n: /" -e 's/^1\.\.[0-9]*$/# &/' \
		-e '/^\(not \)\{0,1\}ok /!s/^/# /' /tmp/ex.out
	is "$rc" "$want" "$n $*: $desc (exit $rc)"
}

run_examples_split() { # called with dax0.0 (2M), dax0.1 (2M), $1 (4K)
	if ! have_ours || [ ! -x $EXAMPLES/daxctl-map ]; then
		skip "examples" "examples/ were not built"
		return 0
	fi
	ex_rc 0 "maps a 2 MiB-aligned device" daxctl-map -s 64m dax0.1
	ex_rc 0 "maps with MAP_SYNC" daxctl-map --sync -s 64m dax0.1
	ex_rc 0 "maps a 4 KiB-aligned device" daxctl-map -s 16m "$1"
}

example_tests() { # dax0.0 spanning region 0, on device_dax
	local n
	if ! have_ours || [ ! -x $EXAMPLES/daxctl-enum ]; then
		skip "examples" "examples/ were not built"
		return 0
	fi
	ex_rc 0 "lists" daxctl-enum
	n=$(ls $DEVS | wc -l)
	check "daxctl-enum counts $n devices" grep -q " $n devices," /tmp/ex.out
	ex_rc 3 "unknown device" daxctl-enum -d dax9.9
	ex_rc 0 "maps dax0.0" daxctl-map -s 64m dax0.0
	raw_unbind dax0.0
	ex_rc 3 "refuses a disabled device" daxctl-map dax0.0
	raw_bind dax0.0 device_dax
	if [ -x $EXAMPLES/daxctl-ram ]; then
		ex_rc 0 "system-ram round trip, movable" daxctl-ram dax0.0
		ex_rc 0 "system-ram round trip, not movable" daxctl-ram -N dax0.0
		is "$(bound_to dax0.0)" device_dax "daxctl-ram left dax0.0 on device_dax"
		ex_rc 0 "keeps it as system-ram" daxctl-ram -k dax0.0
		is "$(bound_to dax0.0)" kmem "daxctl-ram -k left dax0.0 on kmem"
		ex_rc 3 "refuses a system-ram device" daxctl-map dax0.0
		ex_rc 0 "restores it" daxctl-ram -r dax0.0
		is "$(bound_to dax0.0)" device_dax "daxctl-ram -r put dax0.0 back on device_dax"
	fi
}
