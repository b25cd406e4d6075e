# tests/vm/guest/kmem.sh: system-ram round trip of dax0.0 by raw sysfs writes,
# with the comparisons and the fixture captures on the way.  Sourced by the
# scenarios after the library's own kmem test; FX_PREFIX names the fixtures.
# Leaves dax0.0 back on device_dax.

kmem_roundtrip() { # kmem_roundtrip PREFIX [mixed]
	local pfx=$1 mixed=${2:-} dev=dax0.0 bs size nblk mt0 mt1 b n i st
	modload kmem
	bs=$(memblock_size)
	size=$(dattr $dev size)
	nblk=$((size / bs))
	mt0=$(meminfo_kb MemTotal)
	check "kmem: $dev moved to kmem by new_id" raw_bind $dev kmem || return 1
	n=$(dev_blocks $dev | wc -l)
	is "$n" "$nblk" "kmem: kmem added $nblk memory blocks for $dev"
	is "$(cat /sys/devices/system/memory/auto_online_blocks)" offline \
		"kmem: auto_online_blocks is offline (blocks stay offline)"
	is "$(meminfo_kb MemTotal)" "$mt0" "kmem: MemTotal unchanged while the blocks are offline"
	diffcheck "$pfx: system-ram, all blocks offline"
	check "kmem: online_movable every block" raw_blocks $dev online_movable
	mt1=$(meminfo_kb MemTotal)
	is "$((mt1 - mt0))" "$((n * bs / 1024))" "kmem: MemTotal grew by $n blocks"
	st=""
	for b in $(dev_blocks $dev); do
		st="$st $(cat /sys/devices/system/memory/$b/valid_zones)"
	done
	is "$(echo $st | tr ' ' '\n' | sort -u)" Movable "kmem: every block is in zone Movable"
	capture ${pfx}-kmem "$dev bound to kmem, all $nblk blocks online_movable"
	diffcheck "kmem: system-ram, online movable"

	# a mixed state: first two blocks online in Normal, last two movable,
	# the rest offline
	check "kmem: offline every block" raw_blocks $dev offline
	is "$(meminfo_kb MemTotal)" "$mt0" "kmem: MemTotal back after offlining"
	i=0
	# KMEM_NO_NORMAL=1 (hmem-numa on 7.x): the kernel cannot offline a
	# CPU-less node's Normal blocks again, so those two go movable too
	nz=online_kernel
	[ "${KMEM_NO_NORMAL:-0}" = 1 ] && nz=online_movable
	for b in $(dev_blocks $dev); do
		if [ $i -lt 2 ]; then
			swrite $nz /sys/devices/system/memory/$b/state
		elif [ $i -ge $((nblk - 2)) ]; then
			swrite online_movable /sys/devices/system/memory/$b/state
		fi
		i=$((i + 1))
	done
	n=$(for b in $(dev_blocks $dev); do cat /sys/devices/system/memory/$b/state; done | grep -c '^online')
	is "$n" 4 "kmem: four blocks online (2 Normal, 2 Movable)"
	[ "$mixed" = mixed ] && capture ${pfx}-kmem-mixed "$dev bound to kmem, blocks 0-1 online_kernel, last 2 online_movable, rest offline"
	diffcheck "kmem: system-ram, mixed zones"

	check "kmem: offline every block again" raw_blocks $dev offline
	check "kmem: $dev back to device_dax" raw_bind $dev device_dax
	is "$(meminfo_kb MemTotal)" "$mt0" "kmem: MemTotal as at the start"
	diffcheck "kmem: back to devdax"
}

# kmem_busy DEV: our daxctl must not strand online memory.  DEV (on
# device_dax) goes to system-ram with its memory online; disable-device and
# reconfigure-device -m devdax without -f must fail with a message naming
# DEV and change nothing (still kmem, every block online, MemTotal as it
# was); with -f the memory is offlined and removed, and DEV is devdax again.
# (Upstream's daxctl and library unbind kmem here and the memory stays
# online, unreachable, until reboot: never run against them.)
kd() { LD_LIBRARY_PATH=$OURLIB $OURBIN/daxctl "$@" > /tmp/kd.out 2> /tmp/kd.err; }
kd_refused() { # kd_refused DESC DEV ARGS...: fails, stderr names DEV
	local desc=$1 dev=$2 rc
	shift 2
	kd "$@"
	rc=$?
	if [ $rc != 0 ] && grep -q "$dev" /tmp/kd.err; then
		pass "kmem-busy: daxctl $*: $desc (exit $rc: $(head -n 1 /tmp/kd.err))"
	else
		fail "kmem-busy: daxctl $*: $desc (exit $rc, expected a failure naming $dev)"
		diag "$(cat /tmp/kd.err /tmp/kd.out)"
	fi
}
kmem_online_blocks() { # online blocks of DEV, and how many it has: "ON/ALL"
	local b on=0 all=0
	for b in $(dev_blocks $1); do
		all=$((all + 1))
		case "$(cat /sys/devices/system/memory/$b/state)" in online*) on=$((on + 1)) ;; esac
	done
	echo "$on/$all"
}
kmem_busy() {
	local dev=${1:-dax0.0} bs nblk mt0 mt1 rc
	if ! have_ours || [ ! -x $OURBIN/daxctl ]; then
		skip "kmem-busy: our daxctl refuses to strand online memory" "our daxctl was not built"
		return 0
	fi
	if [ "$(bound_to $dev)" != device_dax ]; then
		fail "kmem-busy: precondition: $dev on device_dax (it is on '$(bound_to $dev)')"
		return 1
	fi
	bs=$(memblock_size)
	nblk=$(($(dattr $dev size) / bs))
	mt0=$(meminfo_kb MemTotal)
	kd reconfigure-device -m system-ram $dev
	rc=$?
	is "$rc:$(bound_to $dev):$(kmem_online_blocks $dev)" "0:kmem:$nblk/$nblk" \
		"kmem-busy: daxctl reconfigure-device -m system-ram $dev: on kmem, $nblk/$nblk blocks online"
	[ $rc = 0 ] || { diag "$(cat /tmp/kd.err)"; return 1; }
	mt1=$(meminfo_kb MemTotal)
	is "$((mt1 - mt0))" "$((nblk * bs / 1024))" "kmem-busy: MemTotal grew by $nblk blocks"

	kd_refused "refused while memory is online" $dev disable-device $dev
	is "$(bound_to $dev):$(kmem_online_blocks $dev):$(meminfo_kb MemTotal)" "kmem:$nblk/$nblk:$mt1" \
		"kmem-busy: after the refused disable-device: still kmem, every block online, MemTotal unchanged"
	kd_refused "refused without -f while memory is online" $dev reconfigure-device -m devdax $dev
	is "$(bound_to $dev):$(kmem_online_blocks $dev):$(meminfo_kb MemTotal)" "kmem:$nblk/$nblk:$mt1" \
		"kmem-busy: after the refused reconfigure-device: still kmem, every block online, MemTotal unchanged"
	diffcheck "kmem-busy: system-ram online after the refusals"

	kd reconfigure-device -f -m devdax $dev
	rc=$?
	is "$rc:$(bound_to $dev)" 0:device_dax "kmem-busy: daxctl reconfigure-device -f -m devdax $dev: offlined, back on device_dax"
	[ $rc = 0 ] || diag "$(cat /tmp/kd.err)"
	grep -q "offlined" /tmp/kd.err && diag "$(grep offlined /tmp/kd.err)"
	is "$(kmem_online_blocks $dev)" 0/0 "kmem-busy: $dev's memory blocks removed by kmem (none left in sysfs)"
	is "$(meminfo_kb MemTotal)" "$mt0" "kmem-busy: MemTotal as at the start"
}
