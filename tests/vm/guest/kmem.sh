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
	for b in $(dev_blocks $dev); do
		if [ $i -lt 2 ]; then
			swrite online_kernel /sys/devices/system/memory/$b/state
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
