# tests/vm/guest/kernel.sh: what differs between the kernels of the matrix
# (DAXKERNEL: 6.1, 6.12, 7.3).  Sourced by a scenario.
#
# kernel_policy DEV: the default auto-online policy and the per-device
#   memmap_on_memory attribute, checked against what each kernel is known to
#   have (tests/vm/README.md), then the policy set to "offline" so that the
#   rest of the scenario sees what 6.1 does by default (its tests add kmem
#   memory offline and online it themselves).
# kernel_reconfigure DEV: under the kernel's default policy, Debian's daxctl
#   (upstream) and ours must give the same answer to reconfigure-device
#   -m system-ram without and with -f, then -m devdax -f (exit status
#   zero or not, the driver, online blocks).  DEV on device_dax; left so.
# kernel_unbind_removes DEV: kmem unbound with every block offline removes
#   the blocks.  DEV on device_dax; left so.

AUTO=/sys/devices/system/memory/auto_online_blocks

# the default policy and memmap_on_memory per kernel, as seen on Debian's
# kernels (6.1: MEMORY_HOTPLUG_DEFAULT_ONLINE unset; 6.12: set; 7.3:
# MHP_DEFAULT_ONLINE_TYPE_ONLINE_AUTO; memmap_on_memory is 6.8+)
kernel_expect() {
	case "${DAXKERNEL:-6.1}" in
	6.1) K_POLICY=offline K_MOM=absent ;;
	6.12) K_POLICY=online K_MOM=present ;;
	*) K_POLICY=online K_MOM=present ;;
	esac
}

kernel_policy() {
	local dev=${1:-dax0.0} mom
	kernel_expect
	K_DEFAULT=$(cat $AUTO)
	is "$K_DEFAULT" "$K_POLICY" "kernel $DAXKERNEL: auto_online_blocks defaults to $K_POLICY"
	if [ -e $DEVS/$dev/memmap_on_memory ]; then
		mom=present
		diag "kernel $DAXKERNEL: $dev/memmap_on_memory = $(cat $DEVS/$dev/memmap_on_memory)" \
			"(module parameter memory_hotplug.memmap_on_memory = $(cat /sys/module/memory_hotplug/parameters/memmap_on_memory 2>/dev/null || echo absent))"
		case "$(cat $DEVS/$dev/memmap_on_memory)" in
		0 | 1) pass "kernel $DAXKERNEL: $dev/memmap_on_memory reads 0 or 1" ;;
		*) fail "kernel $DAXKERNEL: $dev/memmap_on_memory reads 0 or 1 (got '$(cat $DEVS/$dev/memmap_on_memory)')" ;;
		esac
	else
		mom=absent
	fi
	is "$mom" "$K_MOM" "kernel $DAXKERNEL: $dev/memmap_on_memory is $K_MOM"
	if [ "$K_DEFAULT" != offline ]; then
		check "kernel $DAXKERNEL: auto_online_blocks set to offline for the rest of the scenario" \
			swrite offline $AUTO
	fi
}

# reconf_facts LABEL DAXCTL-COMMAND... : run a reconfigure-device, print
# "exit-zero-or-not driver online/all"
reconf_facts() {
	local rc
	shift
	"$@" > /tmp/rf.out 2> /tmp/rf.err
	rc=$?
	[ $rc = 0 ] && rc=ok || rc=failed
	echo "$rc $(bound_to $RF_DEV) $(kmem_online_blocks $RF_DEV)"
}

rf_ours() { LD_LIBRARY_PATH=$OURLIB $OURBIN/daxctl "$@"; }
rf_reset() { # back to device_dax (with our daxctl, which never strands memory)
	[ "$(bound_to $RF_DEV)" = device_dax ] ||
		rf_ours reconfigure-device -f -m devdax $RF_DEV > /dev/null 2>&1
}

kernel_reconfigure() {
	local dev=${1:-dax0.0} want got step pre
	RF_DEV=$dev
	if ! have_ours || [ ! -x $OURBIN/daxctl ]; then
		skip "kernel $DAXKERNEL: reconfigure-device under the default policy, ours as upstream" \
			"our daxctl was not built"
		return 0
	fi
	if [ "$(bound_to $dev)" != device_dax ]; then
		fail "kernel $DAXKERNEL: precondition: $dev on device_dax (it is on '$(bound_to $dev)')"
		return 1
	fi
	echo "${K_DEFAULT:-$(cat $AUTO)}" > $AUTO
	diag "kernel $DAXKERNEL: reconfigure-device under auto_online_blocks=$(cat $AUTO), Debian's daxctl then ours, each from the same state"
	# STEP[:PRE]: PRE is our reconfigure-device run first ("" = from device_dax)
	for step in "-m system-ram" "-f -m system-ram" "-m system-ram --no-movable" \
		    "-m system-ram --no-online" "-f -m system-ram --no-online" \
		    "-f -m devdax:-f -m system-ram"; do
		pre=""
		case "$step" in *:*) pre=${step#*:} step=${step%%:*} ;; esac
		rf_reset
		# shellcheck disable=SC2086
		[ -z "$pre" ] || rf_ours reconfigure-device $pre $dev > /dev/null 2>&1
		# shellcheck disable=SC2086
		want=$(reconf_facts debian daxctl reconfigure-device $step $dev)
		diag "  Debian's: reconfigure-device $step${pre:+ (after $pre)}: $want: $(head -n 2 /tmp/rf.err | tr '\n' ' ')"
		rf_reset
		# shellcheck disable=SC2086
		[ -z "$pre" ] || rf_ours reconfigure-device $pre $dev > /dev/null 2>&1
		# shellcheck disable=SC2086
		got=$(reconf_facts ours rf_ours reconfigure-device $step $dev)
		is "$got" "$want" "kernel $DAXKERNEL: reconfigure-device $step${pre:+ (after $pre)} under auto_online_blocks=$(cat $AUTO): ours as upstream (exit, driver, online/all blocks)"
		[ "$got" = "$want" ] || diag "$(cat /tmp/rf.err)"
	done
	rf_reset
	echo offline > $AUTO
	is "$(bound_to $dev)" device_dax "kernel $DAXKERNEL: $dev back on device_dax"
}

kernel_unbind_removes() {
	local dev=${1:-dax0.0} nblk
	[ "$(cat $AUTO)" = offline ] || echo offline > $AUTO
	modload kmem
	raw_unbind $dev
	nblk=$(($(dattr $dev size) / $(memblock_size)))
	check "kernel $DAXKERNEL: bind $dev to kmem (blocks added offline)" raw_bind $dev kmem
	is "$(kmem_online_blocks $dev)" "0/$nblk" "kernel $DAXKERNEL: kmem added $nblk blocks, none online"
	check "kernel $DAXKERNEL: unbind kmem with every block offline" raw_unbind $dev
	is "$(kmem_online_blocks $dev)" "0/0" "kernel $DAXKERNEL: kmem unbind removed the offline blocks"
	check "kernel $DAXKERNEL: $dev back on device_dax" raw_bind $dev device_dax
}
