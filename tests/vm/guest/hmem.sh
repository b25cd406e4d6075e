# hmem: soft-reserved RAM (memmap=1G%4G-1+0xefffffff) -> dax_hmem, a dynamic
# dax region with one device covering it.
. /scripts/lib.sh
. /scripts/capture.sh
. /scripts/kmem.sh
. /scripts/kernel.sh
diag "$(cat /etc/vm-release)"
GiB=1073741824 MiB=1048576

case "$DAXKERNEL" in
6.*) check "Soft Reserved range in /proc/iomem" grep -q 'Soft Reserved' /proc/iomem ;;
# 7.x keeps soft-reserved ranges out of /proc/iomem (a tree of their own)
*) check_fails "kernel $DAXKERNEL: no Soft Reserved range in /proc/iomem" grep -q 'Soft Reserved' /proc/iomem ;;
esac
modload dax_hmem
check "dax0.0 appears with dax_hmem" test -e $DEVS/dax0.0
is "$(dattr dax0.0 size)" $GiB "dax0.0 covers the 1 GiB range"
is "$(basename "$(region_dir dax0.0)")" hmem.0 "dax0.0 sits under hmem.0"
R=$(region_dir dax0.0)/dax_region
check "the region is dynamic (has create)" test -e $R/create
diag "dax0.0 driver at boot: '$(bound_to dax0.0)'  modules: $(lsmod | awk 'NR > 1 { print $1 }' | tr '\n' ' ')"

ctest vm-enum
diffcheck "boot"
# enable/disable through the library: device_dax is loaded by libkmod
ctest vm-devdax dax0.0
if [ "$(bound_to dax0.0)" != device_dax ]; then
	modload device_dax
	raw_bind dax0.0 device_dax
fi
is "$(bound_to dax0.0)" device_dax "dax0.0 bound to device_dax"
check "/dev/dax0.0 exists" test -c /dev/dax0.0
# device_dax claims the range under the device's name (every kernel)
check "dax0.0's range named in /proc/iomem" grep -q ': dax0.0$' /proc/iomem
# what this kernel does by default (policy, memmap_on_memory, reconfigure
# under it, kmem unbind); the rest runs with auto_online_blocks offline
kernel_policy dax0.0
kernel_reconfigure dax0.0
kernel_unbind_removes dax0.0
# system-ram through the library (libkmod loads kmem); back to devdax after
ctest vm-kmem dax0.0
modload kmem
[ "$(bound_to dax0.0)" = device_dax ] || raw_bind dax0.0 device_dax
capture hmem "dax0.0 of 1 GiB bound to device_dax, dynamic region hmem.0"
diffcheck "dax0.0 devdax"
ctest vm-enum
ctest vm-mmap /dev/dax0.0 $((2 * MiB))

# create/resize/align/mapping/destroy and errno through the library
ctest vm-region 0
is "$(dattr dax0.0 size):$(bound_to dax0.0)" "$GiB:device_dax" "vm-region left dax0.0 as it found it"
is "$(ls $DEVS | tr '\n' ' ')" "dax0.0 " "vm-region left no other device"

# split state by raw sysfs writes
base=$(dattr dax0.0 resource)
raw_unbind dax0.0
check "shrink dax0.0 to 512 MiB" swrite $((512 * MiB)) $DEVS/dax0.0/size
check "rebind dax0.0" raw_bind dax0.0 device_dax
check "create a device" swrite 1 $R/create
d1=$(cat $R/seed)
is "$d1" dax0.1 "the new device is dax0.1"
check "$d1: mapping at +768 MiB" swrite $(printf '%#x-%#x' $((base + 768 * MiB)) $((base + 800 * MiB - 1))) $DEVS/$d1/mapping
check "$d1: mapping at +512 MiB" swrite $(printf '%#x-%#x' $((base + 512 * MiB)) $((base + 544 * MiB - 1))) $DEVS/$d1/mapping
check "$d1 has two mappings" test -d $DEVS/$d1/mapping1
is "$(dattr $d1 size)" $((64 * MiB)) "$d1 size is the sum of its mappings"
check "bind $d1" raw_bind $d1 device_dax
check "create another device" swrite 1 $R/create
d2=$(cat $R/seed)
check "$d2: align 4096" swrite 4096 $DEVS/$d2/align
check "$d2: size 128 MiB" swrite $((128 * MiB)) $DEVS/$d2/size
check "bind $d2" raw_bind $d2 device_dax
check "create a seed device" swrite 1 $R/create
d3=$(cat $R/seed)
is "$(dattr $d3 size)" 0 "$d3 is an empty seed"
capture hmem-split "dax0.0 512 MiB; $d1 two mappings (+768M, +512M, 32 MiB each); $d2 128 MiB align 4096; $d3 empty seed"
diffcheck "split region"
ctest vm-enum
ctest vm-mmap /dev/$d2 4096
# PMDK on a 2 MiB- and a 4 KiB-aligned device of no NVDIMM namespace: the
# same outcome with both libraries (Debian's libpmem2 1.12.1 cannot size such
# a device; see src/pmdk-pmem2.c; nfit and legacy-sysfs check the data path)
. /scripts/pmdk.sh
pmdk_tests "hmem dax0.0 align 2M" /dev/dax0.0 -n
pmdk_tests "hmem $d2 align 4K" /dev/$d2 -n
# Debian 13's consumers (daxctl, ndctl, cxl, daxio, pmempool) with Debian
# 13's libdaxctl and ours, on the kernel Debian 13 runs (guest/trixie.sh)
if [ "$DAXKERNEL" = 6.12 ]; then
	. /scripts/trixie.sh
	tx_consumers "hmem split" $d2
fi

# back to one device
for d in $d3 $d2 $d1; do
	raw_unbind $d
	swrite 0 $DEVS/$d/size
	check "delete $d" swrite $d $R/delete
done
raw_unbind dax0.0
check "dax0.0 back to 1 GiB" swrite $GiB $DEVS/dax0.0/size
check "dax0.0 back on device_dax" raw_bind dax0.0 device_dax
diffcheck "merged again"

# system-ram by raw writes, with captures and comparisons on the way
kmem_roundtrip hmem mixed
kmem_busy dax0.0
# the three-way differential matrix of state changes (issue 8)
. /scripts/matrix.sh
# (all 36 cases on 6.12, Debian 13's kernel; the short set on 6.1 and
# 7.3, to keep scripts/check within its 30 minutes)
if [ "$DAXKERNEL" = 6.12 ]; then
	guest_matrix dax0.0
else
	guest_matrix dax0.0 "$GM_SHORT"
fi
. /scripts/tool.sh
example_tests
daxctl_tool_tests
. /scripts/cycles.sh
cycles_dynamic
. /scripts/features.sh
feature_tests
finish
