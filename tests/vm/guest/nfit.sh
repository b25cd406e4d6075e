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
# reconfigure-device -C selects the namespace by nvdimm.uuid, the uuid that
# ndctl lists for it (the nd dax device's uuid attribute)
if have_ours && [ -x $OURBIN/daxctl ]; then
	uu=$(ndctl list -n namespace0.0 | sed -n 's/.*"uuid":"\([^"]*\)".*/\1/p' | head -n 1)
	check "ndctl lists the namespace uuid ($uu)" test -n "$uu"
	is "$(cat "$(region_dir dax0.0)/uuid")" "$uu" "it is the nd dax device's uuid attribute"
	mkdir -p /tmp/nfit-conf.d
	printf '[reconfigure-device other]\nnvdimm.uuid = %s\nmode = system-ram\n' \
		00000000-1111-2222-3333-444444444444 > /tmp/nfit-conf.d/10-other.conf
	DAXCTL_CONFIG_PATH=/tmp/nfit-conf.d LD_LIBRARY_PATH=$OURLIB \
		$OURBIN/daxctl reconfigure-device -C dax0.0 > /tmp/nfit-c.out 2>&1
	is "$(bound_to dax0.0)" device_dax "-C with another uuid leaves dax0.0 alone"
	aob=$(cat /sys/devices/system/memory/auto_online_blocks)
	echo offline > /sys/devices/system/memory/auto_online_blocks
	printf '[reconfigure-device nfit]\nnvdimm.uuid = %s\nmode = system-ram\nonline = false\n' \
		"$uu" > /tmp/nfit-conf.d/20-nfit.conf
	check "reconfigure-device -C by nvdimm.uuid" env DAXCTL_CONFIG_PATH=/tmp/nfit-conf.d \
		LD_LIBRARY_PATH=$OURLIB $OURBIN/daxctl reconfigure-device -C dax0.0
	is "$(bound_to dax0.0)" kmem "-C by nvdimm.uuid: dax0.0 is system-ram"
	check "back to devdax" env LD_LIBRARY_PATH=$OURLIB $OURBIN/daxctl \
		reconfigure-device -m devdax dax0.0
	is "$(bound_to dax0.0)" device_dax "dax0.0 back on device_dax"
	# Debian's daxctl takes the -C directory from its library
	# (daxctl_get_config_path): the same section in /etc/daxctl.conf.d
	# must apply with Debian's libdaxctl and with ours under it
	if [ -x /usr/bin/daxctl ]; then
		mkdir -p /etc/daxctl.conf.d
		cp /tmp/nfit-conf.d/20-nfit.conf /etc/daxctl.conf.d/20-nfit.conf
		for l in Debian our; do
			lp=""
			[ $l = our ] && lp=$OURLIB
			env ${lp:+LD_LIBRARY_PATH=$lp} /usr/bin/daxctl \
				reconfigure-device -C dax0.0 > /tmp/nfit-c.out 2>&1
			is "$(bound_to dax0.0)" kmem \
				"Debian's daxctl -C on $l libdaxctl: the section in /etc/daxctl.conf.d applies"
			[ "$(bound_to dax0.0)" = kmem ] || diag "$(cat /tmp/nfit-c.out)"
			LD_LIBRARY_PATH=$OURLIB $OURBIN/daxctl \
				reconfigure-device -m devdax dax0.0 > /dev/null 2>&1
			is "$(bound_to dax0.0)" device_dax "dax0.0 back on device_dax"
		done
		rm -f /etc/daxctl.conf.d/20-nfit.conf
	fi
	echo "$aob" > /sys/devices/system/memory/auto_online_blocks
	rm -rf /tmp/nfit-conf.d
fi
# PMDK (libpmem2, libpmem) with both libraries on the 2 MiB-aligned
# namespace, then on the same namespace reconfigured with align 4K
. /scripts/pmdk.sh
pmdk_tests "nfit dax0.0 align 2M" /dev/dax0.0
# the three-way differential matrix of state changes (issue 8), Movable
# only: once the namespace's blocks are online in ZONE_NORMAL, node 0's
# kernel allocations land in them and keep them from going offline (EBUSY,
# with either library; seen on 6.1 and 7.3), which strands the device in
# system-ram
. /scripts/matrix.sh
guest_matrix_on 6.1 dax0.0 movable-only
# the kmem cycles (issue 10) on the namespace's device-dax
. /scripts/cycles.sh
cycles_static dax0.0 4096
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
# issue 12's refusal "blocks that will not go offline", as this kernel
# gives it: the namespace's blocks onlined in ZONE_NORMAL take node 0's
# kernel allocations (see the matrix above) and refuse to go offline with
# EBUSY. Last, as the device then stays in system-ram until reboot. Slab
# objects (inodes, dentries: unmovable) are made while they are online.
blocks_online() {	# blocks_online DEV: how many of DEV's blocks are online
	local b n=0
	for b in $(dev_blocks $1); do
		[ "$(cat /sys/devices/system/memory/$b/state)" = online ] && n=$((n + 1))
	done
	echo $n
}
nfit_stuck_blocks() {
	local dev=$1 aob nblk rc left i n
	aob=$(cat /sys/devices/system/memory/auto_online_blocks)
	echo offline > /sys/devices/system/memory/auto_online_blocks
	LD_LIBRARY_PATH=$OURLIB $OURBIN/daxctl reconfigure-device -m system-ram \
		--no-movable $dev > /tmp/stuck.out 2> /tmp/stuck.err
	rc=$?
	echo "$aob" > /sys/devices/system/memory/auto_online_blocks
	nblk=$(dev_blocks $dev | wc -w)
	if [ $rc != 0 ] || [ "$(blocks_online $dev)" != "$nblk" ]; then
		fail "stuck blocks: $dev online in ZONE_NORMAL (exit $rc)"
		diag "$(cat /tmp/stuck.err)"
		return
	fi
	pass "stuck blocks: $dev's $nblk blocks online in ZONE_NORMAL"
	mkdir -p /tmp/slab
	i=0
	while [ $i -lt 20000 ]; do : > /tmp/slab/f$i; i=$((i + 1)); done
	LD_LIBRARY_PATH=$OURLIB $OURBIN/daxctl offline-memory $dev \
		> /tmp/stuck.out 2> /tmp/stuck.err
	rc=$?
	left=$(blocks_online $dev)
	rm -rf /tmp/slab
	if [ $rc = 0 ]; then
		skip "refusal: blocks that will not go offline" \
			"the kernel let all $nblk blocks of $dev go offline this time"
		return
	fi
	diag "$(cat /tmp/stuck.err)"
	# the exit code is -EBUSY & 255 (240), as daxctl gives every errno
	is "$rc" 240 "refusal: offline-memory $dev exits with EBUSY ($left of $nblk blocks still online)"
	if grep -Eq "^$dev: memory offline failed, $left of $nblk memory blocks still online \(Device or resource busy\)\$" /tmp/stuck.err; then
		pass "refusal: the blocks still online counted ($left)"
	else
		fail "refusal: the blocks still online counted ($left)"
	fi
	n=$(grep -Ec "^$dev: memory[0-9]+ will not go offline: zone Normal, removable [01], Device or resource busy after 3 tries\$" /tmp/stuck.err)
	is "$n" "$left" "refusal: each block left online named, with its zone, removable flag, errno and tries"
	if grep -Eq '^hint: blocks in ZONE_NORMAL may hold kernel allocations' /tmp/stuck.err; then
		pass "refusal: the hint names ZONE_NORMAL's kernel allocations"
	else
		fail "refusal: the hint names ZONE_NORMAL's kernel allocations"
	fi
}
if have_ours && [ -n "$d4k" ]; then
	nfit_stuck_blocks $d4k
elif have_ours; then
	skip "refusal: blocks that will not go offline" "no 4K-aligned namespace"
fi
finish
