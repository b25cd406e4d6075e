# hmem-numa: soft-reserved range on a CPU-less NUMA node (CXL/HBM-like)
. /scripts/lib.sh
. /scripts/capture.sh
. /scripts/kmem.sh
. /scripts/kernel.sh
diag "$(cat /etc/vm-release)"
GiB=1073741824

is "$(cat /sys/devices/system/node/possible)" 0-1 "two NUMA nodes possible"
is "$(cat /sys/devices/system/node/online)" 0 "node 1 is offline: its only memory is soft-reserved"
is "$(cat /sys/devices/system/node/has_cpu)" 0 "node 1 has no CPU"
modload dax_hmem device_dax
check "dax0.0 appears" test -e $DEVS/dax0.0
is "$(dattr dax0.0 target_node)" 1 "dax0.0 target_node is 1"
is "$(dattr dax0.0 size)" $GiB "dax0.0 covers the 1 GiB range"
[ "$(bound_to dax0.0)" = device_dax ] || raw_bind dax0.0 device_dax
is "$(bound_to dax0.0)" device_dax "dax0.0 bound to device_dax"
kernel_policy dax0.0
modload kmem
capture hmem-numa "dax0.0 of 1 GiB on CPU-less node 1 (target_node 1), device_dax"
ctest vm-enum
diffcheck "numa devdax"
case "$DAXKERNEL" in
7.*)
	# 7.x: once node 1's blocks are online in ZONE_NORMAL the kernel puts
	# its own allocations there and offlining them fails (EBUSY), leaving
	# the memory online for good: leave that round trip out here
	ctest vm-kmem dax0.0 no-normal
	KMEM_NO_NORMAL=1 ;;
*) ctest vm-kmem dax0.0 ;;
esac
kmem_roundtrip hmem-numa
# memkind on both libraries (Debian 12's consumer of the kmem nodes)
. /scripts/memkind.sh
memkind_nodes dax0.0
kmem_busy dax0.0
# the three-way differential matrix of state changes (issue 8)
. /scripts/matrix.sh
# (6.12: on 7.x the Normal-zone cases would strand node 1's memory)
guest_matrix_on 6.12 dax0.0
. /scripts/cycles.sh
cycles_dynamic
finish
