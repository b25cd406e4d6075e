# memkind: Debian 12's libmemkind0 finds the NUMA nodes of system-ram
# dax devices through libdaxctl (daxctl_dev_get_memory and
# daxctl_dev_get_target_node over every region and device);
# memkind-auto-dax-kmem-nodes prints them. Run once on Debian's libdaxctl
# and once on ours: the same output and exit status, devdax and
# system-ram. (Debian 13 has no memkind.)
MK=/usr/bin/memkind-auto-dax-kmem-nodes

# mk_run LIB: the tool's exit status and output in /tmp/mk.LIB
mk_run() {
	local lp=""
	[ "$1" = ours ] && lp=$OURLIB
	env ${lp:+LD_LIBRARY_PATH=$lp} $MK > /tmp/mk.$1 2>&1
	echo "rc=$?" >> /tmp/mk.$1
}

# mk_same DESC: Debian's and ours agree; prints what they said
mk_same() {
	mk_run debian
	mk_run ours
	if cmp -s /tmp/mk.debian /tmp/mk.ours; then
		pass "memkind: $1: the same on both libraries ($(tr '\n' ' ' < /tmp/mk.ours))"
	else
		fail "memkind: $1: the same on both libraries"
		diag "Debian's: $(cat /tmp/mk.debian)"
		diag "ours: $(cat /tmp/mk.ours)"
	fi
}

# memkind_nodes DEV: DEV on device_dax, its blocks able to go online movable
memkind_nodes() {
	local dev=$1 node
	if [ ! -x $MK ] || ! have_ours; then
		skip "memkind: consumer check" "no $MK or no library of ours in this guest"
		return
	fi
	node=$(dattr $dev target_node)
	mk_same "$dev devdax (no kmem node)"
	check "memkind: $dev moved to kmem" raw_bind $dev kmem || return
	check "memkind: $dev's blocks online_movable" raw_blocks $dev online_movable
	mk_same "$dev system-ram on node $node"
	if grep -qx "$node" /tmp/mk.ours; then
		pass "memkind: node $node listed as a kmem node on our library"
	else
		fail "memkind: node $node listed as a kmem node on our library"
		diag "$(cat /tmp/mk.ours)"
	fi
	check "memkind: $dev's blocks offline" raw_blocks $dev offline
	check "memkind: $dev back to device_dax" raw_bind $dev device_dax
}
