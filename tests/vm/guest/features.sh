# tests/vm/guest/features.sh: issue 12 on the real kernel, through our
# daxctl: explained refusals (auto-online policy, block alignment, not
# root) checked against what the kernel then does, daxctl monitor's event
# lines and their order, and --memmap-on-memory (MemTotal accounting where
# the kernel has the attribute, a clean refusal where it has not).
# feature_tests expects dax0.0 spanning the dynamic region 0 on device_dax
# (tool.sh's odaxctl, tcheck, blocks_in, zones_of) and leaves it so.

MEMDIR=/sys/devices/system/memory

# a refusal: non-zero exit, nothing on stdout, stderr has the device's line
# and the hint
refusal_is() { # refusal_is DESC RC DEVICE-LINE-REGEX HINT-REGEX
	local desc=$1 rc=$2
	if [ "$rc" != 0 ] && grep -Eq "$3" /tmp/od.err && grep -Eq "^hint: $4" /tmp/od.err &&
	   [ ! -s /tmp/od.out ]; then
		pass "$desc (exit $rc: $(head -n 1 /tmp/od.err))"
	else
		fail "$desc (exit $rc)"
		diag "$(cat /tmp/od.err /tmp/od.out)"
	fi
}

feature_refusals() {
	local MiB=1048576 GiB=1073741824 policy bs rc
	# the kernel's auto-online policy
	policy=$(cat $MEMDIR/auto_online_blocks)
	swrite online_movable $MEMDIR/auto_online_blocks
	odaxctl reconfigure-device -m system-ram dax0.0
	refusal_is "refusal: auto-online policy named with its file and value" $? \
		"^dax0\.0: the kernel would online the memory itself, not daxctl: $MEMDIR/auto_online_blocks is 'online_movable'" \
		"-f goes ahead"
	is "$(bound_to dax0.0)" device_dax "refusal: dax0.0 left on device_dax"
	# what the hint says -f does: the kernel onlines every block, Movable
	tcheck "-f: the kernel's policy onlines" reconfigure-device -f -m system-ram dax0.0
	is "$(blocks_in dax0.0 online):$(zones_of dax0.0)" \
		"$(($(dattr dax0.0 size) / $(memblock_size))):Movable " \
		"-f: every block online in ZONE_MOVABLE, as the hint says"
	tcheck "back to devdax" reconfigure-device -f -m devdax dax0.0
	swrite "$policy" $MEMDIR/auto_online_blocks

	# a size that leaves no whole memory block
	bs=$(memblock_size)
	tcheck "disable" disable-device dax0.0
	tcheck "shrink to half a block" reconfigure-device -s $((bs / 2)) dax0.0
	tcheck "enable" enable-device dax0.0
	odaxctl reconfigure-device -m system-ram dax0.0
	refusal_is "refusal: no whole memory block, with the size that aligns" $? \
		"^dax0\.0: kmem would add no memory at all \(Invalid argument\)" \
		"make the size a multiple of $((bs / MiB)) MiB"
	is "$(bound_to dax0.0)" device_dax "refusal: dax0.0 left on device_dax"
	# one block and a half: a warning, and the kernel adds the one block
	tcheck "disable" disable-device dax0.0
	tcheck "1.5 blocks" reconfigure-device -s $((bs + bs / 2)) dax0.0
	tcheck "enable" enable-device dax0.0
	tcheck "1.5 blocks to system-ram (a warning)" reconfigure-device -m system-ram dax0.0
	check "the warning names what is lost" grep -q "^dax0\.0: warning: only 1 whole block of $((bs / MiB)) MiB will be added" /tmp/od.err
	check "the hint gives the aligned size" grep -q "^hint: a size of $bs " /tmp/od.err
	is "$(dev_blocks dax0.0 | wc -l)" 1 "the kernel added the 1 whole block, as the warning said"
	tcheck "back to devdax" reconfigure-device -f -m devdax dax0.0
	tcheck "disable" disable-device dax0.0
	tcheck "back to 1 GiB" reconfigure-device -s $GiB dax0.0
	tcheck "enable" enable-device dax0.0

	# not root: refused before anything is written
	grep -q '^nobody:' /etc/passwd || echo "nobody:x:65534:65534::/:/bin/sh" >> /etc/passwd
	grep -q '^nogroup:' /etc/group || echo "nogroup:x:65534:" >> /etc/group
	if su -s /bin/sh nobody -c true > /tmp/su.err 2>&1; then
		su -s /bin/sh nobody -c "LD_LIBRARY_PATH=$OURLIB $DAXCTL_OURS reconfigure-device -m system-ram dax0.0" \
			> /tmp/od.out 2> /tmp/od.err
		refusal_is "refusal: not root" $? \
			"^dax0\.0: switching to system-ram needs to write /sys/bus/dax/devices/dax0\.0/driver/unbind, which only root may" \
			"run it as root"
		is "$(bound_to dax0.0)" device_dax "not root: dax0.0 left on device_dax"
	else
		skip "refusal: not root" "busybox su cannot switch to nobody here: $(head -n 1 /tmp/su.err)"
	fi
	skip "refusal: blocks that will not go offline" \
		"hmem's movable blocks go offline; shown by the nfit scenario (blocks in ZONE_NORMAL) and on fake trees (tests/daxctl/features.sh)"
	skip "refusal: missing target_node" "every kernel with kmem has it; shown on fake trees"
}

# the event lines of /tmp/mon.out, collapsed: "unbind add bind online ..."
mon_sequence() {
	sed -n 's/.*"event":"\([a-z]*\)".*/\1/p' /tmp/mon.out | uniq | tr '\n' ' '
}

feature_monitor() {
	local nblk pid rc i n seq last ok
	nblk=$(($(dattr dax0.0 size) / $(memblock_size)))
	# unbind (device_dax), nblk adds (kmem's probe), bind (kmem); nblk
	# onlines; nblk offlines; nblk removes (kmem's remove), unbind, bind
	n=$((4 * nblk + 4))
	ours $DAXCTL_OURS monitor -d dax0.0 --count $n --timeout 120 > /tmp/mon.out 2> /tmp/mon.err &
	pid=$!
	ours $DAXCTL_OURS monitor -d dax0.9 --timeout 20 > /tmp/mon9.out 2> /tmp/mon9.err &
	i=0
	while ! grep -q listening /tmp/mon.err 2>/dev/null || ! grep -q listening /tmp/mon9.err 2>/dev/null; do
		i=$((i + 1))
		[ $i -gt 30 ] && break
		sleep 1
	done
	check "monitor: listening" grep -q '^daxctl monitor: listening' /tmp/mon.err
	tcheck "monitored: to system-ram" reconfigure-device -m system-ram dax0.0
	tcheck "monitored: offline" offline-memory dax0.0
	tcheck "monitored: back to devdax" reconfigure-device -m devdax dax0.0
	wait $pid
	rc=$?
	is "$rc" 0 "monitor --count $n: exits 0 once it printed $n events"
	is "$(wc -l < /tmp/mon.out)" $n "monitor: $n lines"
	# README row D19: daxctl monitor prints the kernel's events
	is "$(mon_sequence)" "unbind add bind online offline remove unbind bind " \
		"monitor: the events in the kernel's order"
	is "$(grep '"event":"bind"' /tmp/mon.out | sed -n 's/.*"driver":"\([a-z_]*\)".*/\1/p' | tr '\n' ' ')" \
		"kmem device_dax " "monitor: bind events name the driver"
	is "$(grep -c '"event":"online".*"block":"memory[0-9]*","zone":"Movable"' /tmp/mon.out)" $nblk \
		"monitor: each online names its block and zone Movable"
	is "$(grep -c '"event":"offline".*"zone":"Movable"' /tmp/mon.out)" $nblk \
		"monitor: each offline names the zone it was in"
	is "$(grep -vc '^{"timestamp":"[0-9-]*T[0-9:.]*Z","seqnum":[0-9]*,"event":"[a-z]*","device":"dax0\.0","region":0[,}]' /tmp/mon.out)" 0 \
		"monitor: every line has a timestamp, the seqnum, the event, the device and its region"
	# seqnums strictly increase
	ok=1 last=0
	for i in $(sed -n 's/.*"seqnum":\([0-9]*\).*/\1/p' /tmp/mon.out); do
		[ "$i" -gt "$last" ] || ok=0
		last=$i
	done
	is "$ok" 1 "monitor: seqnums increase line by line"
	wait
	is "$(wc -l < /tmp/mon9.out)" 0 "monitor -d dax0.9: none of dax0.0's events"
	diag "monitor output:"
	diag "$(head -n 4 /tmp/mon.out)"
	is "$(bound_to dax0.0)" device_dax "dax0.0 back on device_dax"
}

feature_memmap() {
	local nblk bs mt0 d1 d2 expect param
	bs=$(memblock_size)
	nblk=$(($(dattr dax0.0 size) / bs))
	if [ ! -e $DEVS/dax0.0/memmap_on_memory ]; then
		odaxctl reconfigure-device -m system-ram --memmap-on-memory dax0.0
		refusal_is "memmap_on_memory: refused on $(uname -r), which lacks it" $? \
			"^dax0\.0: this kernel has no memmap_on_memory for dax devices" "it came with Linux 6\.8"
		is "$(bound_to dax0.0)" device_dax "memmap_on_memory refused: dax0.0 left on device_dax"
		skip "memmap_on_memory: MemTotal accounting" \
			"kernel $(uname -r) has no $DEVS/dax0.0/memmap_on_memory (Linux 6.8+)"
		return 0
	fi
	param=$(cat /sys/module/memory_hotplug/parameters/memmap_on_memory 2>/dev/null)
	if [ "$param" = N ] || [ -z "$param" ]; then
		odaxctl reconfigure-device -m system-ram --memmap-on-memory dax0.0
		refusal_is "memmap_on_memory: refused while memory hotplug has it off" $? \
			"memory_hotplug\.memmap_on_memory=" "boot with memory_hotplug\.memmap_on_memory=1"
		skip "memmap_on_memory: MemTotal accounting" \
			"memory_hotplug.memmap_on_memory is '$param' (boot with memory_hotplug.memmap_on_memory=1)"
		return 0
	fi
	mt0=$(meminfo_kb MemTotal)
	tcheck "system-ram, memmap in DRAM" reconfigure-device -m system-ram dax0.0
	d1=$(($(meminfo_kb MemTotal) - mt0))
	tcheck "back" reconfigure-device -f -m devdax dax0.0
	tcheck "system-ram with --memmap-on-memory" reconfigure-device -m system-ram --memmap-on-memory dax0.0
	d2=$(($(meminfo_kb MemTotal) - mt0))
	is "$(dattr dax0.0 memmap_on_memory)" 1 "memmap_on_memory: set on the device"
	check "memmap_on_memory: reconfigure-device prints it" grep -q '"memmap_on_memory":true' /tmp/od.out
	odaxctl list -d dax0.0
	# README row D19: --memmap-on-memory, and list's "memmap_on_memory":true
	check "memmap_on_memory: list shows it" grep -q '"memmap_on_memory":true' /tmp/od.out
	is "$(blocks_in dax0.0 online)" $nblk "memmap_on_memory: all $nblk blocks online"
	# struct page is 64 bytes per 4 KiB page: 1/64 of the memory holds its
	# memmap, and MemTotal grows by that much less (the kernel's
	# Documentation/admin-guide/mm/memory-hotplug.rst)
	expect=$((nblk * bs / 64 / 1024))
	is "$d1" $((nblk * bs / 1024)) "memmap in DRAM: MemTotal grew by the whole device"
	is "$((d1 - d2))" $expect "memmap_on_memory: MemTotal grew by $expect kB (1/64) less"
	odaxctl reconfigure-device -m system-ram --memmap-on-memory dax0.0
	is "$?" 0 "memmap_on_memory: already so, nothing to do"
	tcheck "back to devdax" reconfigure-device -f -m devdax dax0.0
	swrite 0 $DEVS/dax0.0/memmap_on_memory
	odaxctl list -d dax0.0
	check "memmap_on_memory: list says nothing once it is 0" sh -c '! grep -q memmap_on_memory /tmp/od.out'
	is "$(bound_to dax0.0)" device_dax "dax0.0 back on device_dax"
}

feature_tests() {
	if ! have_ours || [ ! -x $DAXCTL_OURS ]; then
		skip "issue 12 features" "our daxctl was not built"
		return 0
	fi
	if [ "$(bound_to dax0.0)" != device_dax ]; then
		fail "features: precondition: dax0.0 on device_dax (it is on '$(bound_to dax0.0)')"
		return 1
	fi
	feature_refusals
	feature_monitor
	feature_memmap
	diffcheck "features done"
}
