# SPDX-License-Identifier: GPL-2.0
# faketree.sh: shell helpers that write small fake sysfs trees, shaped like
# Linux 6.1's, for the daxctl tool tests. Source it, then e.g.
#
#	ft_init "$root"
#	ft_region "$root" platform/hmem.0 0 $((4 << 30)) $((2 << 20)) dynamic
#	ft_dev "$root" platform/hmem.0 0 0 $((1 << 30)) 0x240000000 device_dax 1
#
# Sizes are decimal bytes; addresses are hex with a 0x prefix.

ft_w() {	# ft_w FILE VALUE: write one attribute (creating its directory)
	mkdir -p "$(dirname "$1")"
	printf '%s\n' "$2" > "$1"
}

# ft_init ROOT: the skeleton every tree has (dax bus, drivers, memory).
ft_init() {
	local root=$1 drv
	mkdir -p "$root/sys/bus/dax/devices" "$root/sys/devices/platform" \
		"$root/sys/devices/system/memory" "$root/sys/devices/system/node" \
		"$root/sys/dev/char" "$root/proc"
	for drv in device_dax kmem; do
		mkdir -p "$root/sys/bus/dax/drivers/$drv"
		for f in bind unbind new_id remove_id; do
			: > "$root/sys/bus/dax/drivers/$drv/$f"
		done
	done
	ft_w "$root/sys/devices/system/memory/block_size_bytes" 8000000
	ft_w "$root/sys/devices/system/memory/auto_online_blocks" offline
	: > "$root/proc/iomem"
}

# ft_region ROOT PARENT ID SIZE ALIGN static|dynamic [AVAILABLE]
# PARENT is relative to sys/devices (platform/hmem.0, ndbus0/region0...).
ft_region() {
	local root=$1 parent=$2 id=$3 size=$4 align=$5 kind=$6 avail=${7:-0}
	local d="$root/sys/devices/$parent/dax_region"
	mkdir -p "$d"
	ft_w "$d/id" "$id"
	ft_w "$d/size" "$size"
	ft_w "$d/align" "$align"
	if [ "$kind" = dynamic ]; then
		ft_w "$d/available_size" "$avail"
		ft_w "$d/seed" "dax$id.0"
		: > "$d/create"
		: > "$d/delete"
	fi
}

# ft_dev ROOT PARENT REGION ID SIZE RESOURCE DRIVER|- ALIGN [NODE]
# Writes daxREGION.ID under PARENT with one mapping covering it (when
# SIZE > 0), links it from the dax bus and binds it to DRIVER.
ft_dev() {
	local root=$1 parent=$2 r=$3 i=$4 size=$5 res=$6 drv=$7 align=$8
	local node=${9:-0} name="dax$3.$4" up
	local d="$root/sys/devices/$parent/$name"
	mkdir -p "$d"
	ft_w "$d/dev" "252:$((r * 16 + i))"
	ft_w "$d/modalias" "dax:t0"
	ft_w "$d/numa_node" "$node"
	ft_w "$d/target_node" "$node"
	ft_w "$d/size" "$size"
	ft_w "$d/resource" "$res"
	[ "$align" != - ] && ft_w "$d/align" "$align"
	: > "$d/mapping"
	ft_w "$d/uevent" "DEVNAME=$name"
	if [ "$size" -gt 0 ]; then
		ft_w "$d/mapping0/start" "$res"
		ft_w "$d/mapping0/end" "$(printf '%#x' $((res + size - 1)))"
		ft_w "$d/mapping0/page_offset" 0x0
		printf '  %x-%x : %s\n' $((res)) $((res + size - 1)) "$name" \
			>> "$root/proc/iomem"
	fi
	# relative link targets, as the kernel makes them
	up=$(echo "devices/$parent/$name" | sed 's,[^/]*,..,g')
	ln -sfn "$up/bus/dax" "$d/subsystem"
	if [ "$drv" != - ]; then
		ln -sfn "$up/bus/dax/drivers/$drv" "$d/driver"
	fi
	ln -sfn "../../../devices/$parent/$name" \
		"$root/sys/bus/dax/devices/$name"
	ln -sfn "../../devices/$parent/$name" \
		"$root/sys/dev/char/252:$((r * 16 + i))"
}

# ft_mapping ROOT PARENT NAME N START END PGOFF: an extra mapping
ft_mapping() {
	local d="$1/sys/devices/$2/$3/mapping$4"
	ft_w "$d/start" "$5"
	ft_w "$d/end" "$6"
	ft_w "$d/page_offset" "$7"
}

# ft_memory ROOT START SIZE NODE STATE ZONES: memory blocks for a range
ft_memory() {
	local root=$1 start=$2 size=$3 node=$4 state=$5 zones=$6
	local bs=$((0x8000000)) n d
	mkdir -p "$root/sys/devices/system/node/node$node"
	for ((n = start / bs; n < (start + size) / bs; n++)); do
		d="$root/sys/devices/system/memory/memory$n"
		ft_w "$d/state" "$state"
		ft_w "$d/valid_zones" "$zones"
		ft_w "$d/removable" 1
		ft_w "$d/phys_index" "$(printf '%08x' $n)"
		ft_w "$d/phys_device" 0
		ln -sfn "../../memory/memory$n" \
			"$root/sys/devices/system/node/node$node/memory$n"
	done
}

# Named trees used by several tests.
# hmem: one dynamic region (4 GiB, 2 GiB free): dax0.0 1 GiB devdax,
# dax0.1 1 GiB idle (unbound), seed dax0.2 size 0.
ft_tree_hmem() {
	local root=$1 p=platform/hmem.0
	ft_init "$root"
	ft_region "$root" $p 0 $((4 << 30)) $((2 << 20)) dynamic $((2 << 30))
	ft_dev "$root" $p 0 0 $((1 << 30)) 0x240000000 device_dax $((2 << 20)) 1
	ft_dev "$root" $p 0 1 $((1 << 30)) 0x280000000 - $((2 << 20)) 1
	ft_dev "$root" $p 0 2 0 0x0 - $((2 << 20)) 1
	ft_w "$root/sys/devices/$p/dax_region/seed" dax0.2
}

# kmem: like hmem, but dax0.0 is bound to kmem with its 8 blocks online
# (movable) and a second static pmem region 1 with dax1.0 devdax.
ft_tree_kmem() {
	local root=$1 p=platform/hmem.0 q=LNXSYSTM:00/ndbus0/region1
	ft_init "$root"
	ft_region "$root" $p 0 $((4 << 30)) $((2 << 20)) dynamic $((2 << 30))
	ft_dev "$root" $p 0 0 $((1 << 30)) 0x240000000 kmem $((2 << 20)) 1
	ft_memory "$root" $((0x240000000)) $((1 << 30)) 1 online Movable
	ft_dev "$root" $p 0 1 $((1 << 30)) 0x280000000 device_dax $((2 << 20)) 1
	ft_dev "$root" $p 0 2 0 0x0 - $((2 << 20)) 1
	ft_w "$root/sys/devices/$p/dax_region/seed" dax0.2
	ft_region "$root" $q 1 $((2 << 30)) $((2 << 20)) static
	ft_dev "$root" $q 1 0 $((2 << 30)) 0x340000000 device_dax - 0
}

# ft_devnodes ROOT: character nodes ROOT/dev/daxX.Y for every device of
# the tree (Debian's libdaxctl stats /dev/daxX.Y); needs root, else no-op.
ft_devnodes() {
	local root=$1 d name mm
	[ "$(id -u)" = 0 ] || return 0
	mkdir -p "$root/dev"
	for d in "$root"/sys/bus/dax/devices/dax*; do
		[ -e "$d/dev" ] || continue
		name=${d##*/}
		mm=$(cat "$d/dev")
		rm -f "$root/dev/$name"
		mknod -m 600 "$root/dev/$name" c "${mm%%:*}" "${mm##*:}"
	done
}
