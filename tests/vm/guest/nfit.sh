# nfit: a QEMU NVDIMM described by ACPI NFIT, with labels; Debian's ndctl
# makes a devdax namespace (libndctl calls into libdaxctl, so ndctl's own
# listing is compared with both libraries too).
. /scripts/lib.sh
. /scripts/capture.sh
. /scripts/kmem.sh
. /scripts/kernel.sh
diag "$(cat /etc/vm-release)"

modload nfit nd_pmem dax_pmem device_dax kmem
check "an nvdimm region appears" test -e /sys/bus/nd/devices/region0
# a fresh (zeroed) label area: initialise it, then make the namespace
check "ndctl disable-region" ndctl disable-region all
check "ndctl init-labels" ndctl init-labels -f all
check "ndctl enable-region" ndctl enable-region all
check "ndctl create-namespace -m devdax" ndctl create-namespace -m devdax --align 2M -r region0 \
	-u 5e1f1b0c-2f0e-4a7b-9c3d-6a0b7d2e8f41
check "dax0.0 appears" test -e $DEVS/dax0.0
[ "$(bound_to dax0.0)" = device_dax ] || raw_bind dax0.0 device_dax
is "$(bound_to dax0.0)" device_dax "dax0.0 bound to device_dax"
kernel_policy dax0.0
case "$(region_dir dax0.0)" in
*/ACPI0012:00/ndbus*/region0/dax0.0) pass "the region sits under the NFIT bus" ;;
*) fail "the region sits under the NFIT bus ($(region_dir dax0.0))" ;;
esac
capture nfit-pmem "NFIT nvdimm (1 GiB, labels), devdax namespace0.0 by ndctl create-namespace -m devdax --align 2M"
ctest vm-enum
diffcheck "nfit devdax"
ndiffcheck "nfit devdax"
ctest vm-devdax dax0.0
ctest vm-static 0
ctest vm-mmap /dev/dax0.0 2097152
diffcheck "nfit after the library tests"
# PMDK (libpmem2, libpmem) with both libraries on the 2 MiB-aligned
# namespace, then on the same namespace reconfigured with align 4K
. /scripts/pmdk.sh
pmdk_tests "nfit dax0.0 align 2M" /dev/dax0.0
if [ "$DAXKERNEL" = 6.12 ]; then	# Debian 13's consumers (guest/trixie.sh)
	. /scripts/trixie.sh
	tx_consumers "nfit devdax" dax0.0
fi
check "ndctl create-namespace -f -e namespace0.0 -m devdax --align 4K" \
	ndctl create-namespace -f -e namespace0.0 -m devdax --align 4K
d4k=""
for d in $(ls $DEVS); do
	[ "$(bound_to $d):$(dattr $d align)" = device_dax:4096 ] && d4k=$d
done
if check "a devdax of align 4096 on device_dax ($d4k)" test -n "$d4k"; then
	diffcheck "nfit devdax align 4K"
	ndiffcheck "nfit devdax align 4K"
	pmdk_tests "nfit $d4k align 4K" /dev/$d4k
fi
finish
