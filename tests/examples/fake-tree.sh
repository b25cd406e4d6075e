#!/bin/sh
# fake-tree.sh DIR: build a small fake sysfs/dev tree for DAXCTL_ROOT=DIR.
#
#   region 0  hmem.0 (dynamic: available_size, seed, create, delete)
#     dax0.0  devdax, enabled, 4 MiB, align 2 MiB, node 1, /dev node = file
#     dax0.1  disabled (no driver), 2 MiB, align 2 MiB
#     dax0.2  system-ram (kmem), 256 MiB at 0x240000000 = memory72..73
#     dax0.3  devdax, enabled, 64 KiB, align 4 KiB, /dev node = file
#   region 1  region1 under ndbus0 (static: size, align only)
#     dax1.0  devdax, enabled, 2 MiB, align 2 MiB, two mappings, no /dev node
#
# The /dev "nodes" are regular files, so mmap() behaves like a file and
# not like device-dax: that is how the tests see daxctl-map notice a kernel
# that does not refuse what it must.
set -eu
root=$1
sys=$root/sys
mkdir -p "$sys/bus/dax/devices" "$root/dev"
for drv in device_dax kmem; do
	d=$sys/bus/dax/drivers/$drv
	mkdir -p "$d"
	for f in bind unbind new_id remove_id; do : > "$d/$f"; done
done

put() { # put FILE VALUE
	mkdir -p "$(dirname "$1")"
	printf '%s\n' "$2" > "$1"
}

# dev REGIONDIR NAME MINOR SIZE ALIGN DRIVER|- NODE START
dev() {
	rdir=$1 name=$2 d=$1/$2
	mkdir -p "$d"
	put "$d/dev" "252:$3"
	put "$d/size" "$4"
	put "$d/align" "$5"
	put "$d/target_node" "$7"
	put "$d/numa_node" "0"
	put "$d/modalias" "dax:t0"
	put "$d/resource" "$(printf '%#x' "$8")"
	put "$d/mapping0/start" "$(printf '%#x' "$8")"
	put "$d/mapping0/end" "$(printf '%#x' $(($8 + $4 - 1)))"
	put "$d/mapping0/page_offset" "0x0"
	: > "$d/mapping"
	rel=$(echo "${rdir#"$sys"/}" | sed 's,[^/]*,..,g')
	ln -s "../$rel/bus/dax" "$d/subsystem"
	if [ "$6" != - ]; then
		ln -s "../$rel/bus/dax/drivers/$6" "$d/driver"
	fi
	ln -s "../../../${rdir#"$sys"/}/$name" "$sys/bus/dax/devices/$name"
}

r0=$sys/devices/platform/hmem.0
put "$r0/dax_region/id" 0
put "$r0/dax_region/size" $((262 << 20))
put "$r0/dax_region/align" 2097152
put "$r0/dax_region/available_size" 0
put "$r0/dax_region/seed" dax0.4
put "$r0/dax_region/create" dax0.4
: > "$r0/dax_region/delete"
dev "$r0" dax0.0 0 $((4 << 20)) 2097152 device_dax 1 $((0x200000000))
dev "$r0" dax0.1 1 $((2 << 20)) 2097152 - 1 $((0x200400000))
dev "$r0" dax0.2 2 $((256 << 20)) 2097152 kmem 1 $((0x240000000))
dev "$r0" dax0.3 3 65536 4096 device_dax 1 $((0x250000000))
truncate -s $((4 << 20)) "$root/dev/dax0.0"
truncate -s 65536 "$root/dev/dax0.3"

r1=$sys/devices/ndbus0/region1
put "$r1/dax_region/id" 1
put "$r1/dax_region/size" $((2 << 20))
put "$r1/dax_region/align" 2097152
dev "$r1" dax1.0 10 $((2 << 20)) 2097152 device_dax 0 $((0x300000000))
put "$r1/dax1.0/mapping0/end" 0x3000fffff
put "$r1/dax1.0/mapping1/start" 0x300200000
put "$r1/dax1.0/mapping1/end" 0x3002fffff
put "$r1/dax1.0/mapping1/page_offset" 0x100

# the System RAM blocks of dax0.2: 128 MiB blocks, 0x240000000 / 128 MiB = 72
mem=$sys/devices/system/memory
put "$mem/block_size_bytes" 8000000
put "$mem/auto_online_blocks" offline
mkdir -p "$sys/devices/system/node/node1"
for i in 72 73; do
	put "$mem/memory$i/phys_index" "$(printf '%08x' $i)"
	put "$mem/memory$i/state" online
	put "$mem/memory$i/valid_zones" Movable
	put "$mem/memory$i/removable" 1
	put "$mem/memory$i/online" 1
	ln -s "../../memory/memory$i" "$sys/devices/system/node/node1/memory$i"
done
