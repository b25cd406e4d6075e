# legacy-sysfs: e820 pmem (memmap=1G!4G) turned into a devdax by sysfs writes
# only (no ndctl): a static dax region under the nvdimm bus.
. /scripts/lib.sh
. /scripts/capture.sh
. /scripts/kmem.sh
. /scripts/kernel.sh
diag "$(cat /etc/vm-release)"
ND=/sys/bus/nd/devices

check "Persistent Memory (legacy) range in /proc/iomem" grep -q 'Persistent Memory (legacy)' /proc/iomem
modload nd_e820 nd_pmem dax_pmem device_dax
check "namespace0.0 exists" test -e $ND/namespace0.0
is "$(basename "$(readlink $ND/namespace0.0/driver)")" nd_pmem "namespace0.0 starts as a pmem block device"
check "unbind namespace0.0 from nd_pmem" swrite namespace0.0 /sys/bus/nd/drivers/nd_pmem/unbind
seed=$(cat $ND/region0/dax_seed)
# a fixed uuid keeps the captured fixtures reproducible
check "$seed uuid" swrite a567ec58-1cd4-4f32-af06-d2e592cc1a7e $ND/$seed/uuid
check "$seed mode pmem" swrite pmem $ND/$seed/mode
check "$seed align 2M" swrite 2097152 $ND/$seed/align
check "$seed namespace" swrite namespace0.0 $ND/$seed/namespace
check "bind $seed to dax_pmem" swrite $seed /sys/bus/nd/drivers/dax_pmem/bind
check "dax0.0 appears" test -e $DEVS/dax0.0
[ "$(bound_to dax0.0)" = device_dax ] || raw_bind dax0.0 device_dax
is "$(bound_to dax0.0)" device_dax "dax0.0 bound to device_dax"
kernel_policy dax0.0
R=$(region_dir dax0.0)/dax_region
check_fails "the region is static (no create)" test -e $R/create
modload kmem
capture legacy-pmem "pmem namespace0.0 (memmap=1G!4G) as devdax dax0.0 via sysfs writes, static region"
ctest vm-enum
diffcheck "legacy devdax"
ndiffcheck "legacy devdax"
ctest vm-devdax dax0.0
ctest vm-static 0
ctest vm-mmap /dev/dax0.0 2097152
. /scripts/pmdk.sh
pmdk_tests "legacy dax0.0 align 2M" /dev/dax0.0
ctest vm-kmem dax0.0
kmem_roundtrip legacy-pmem
kmem_busy dax0.0
# the three-way differential matrix of state changes (issue 8)
. /scripts/matrix.sh
guest_matrix_on 6.12 dax0.0
. /scripts/cycles.sh
cycles_static dax0.0 4096
finish
