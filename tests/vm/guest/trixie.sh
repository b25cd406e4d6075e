# tests/vm/guest/trixie.sh: Debian 13's programs (ndctl, daxctl, cxl 81 and
# libdaxctl1 81, PMDK 1.13's daxio and pmempool) in the /trixie subtree
# (chroot, Debian 13's libc), once with Debian 13's libdaxctl and once with
# ours (LD_LIBRARY_PATH=/opt/libdaxctl/lib, the same path inside the chroot).
# Sourced by a scenario after lib.sh.
TX=/trixie
TX_DEBLIB=/lib/x86_64-linux-gnu/libdaxctl.so.1

have_trixie() { [ -x $TX/usr/bin/cxl ]; }

mounted() { awk -v d="$1" '$2 == d { f = 1 } END { exit !f }' /proc/mounts; }
# tx_setup: the chroot's /proc, /sys, /dev, /tmp and the kernel's modules
# (libkmod in the chroot looks modules up by the running kernel's version)
tx_setup() {
	local d
	for d in proc sys dev; do
		mounted $TX/$d || mount --bind /$d $TX/$d
	done
	mounted $TX/tmp || mount -t tmpfs tmpfs $TX/tmp
	mkdir -p $TX/lib/modules
	mounted $TX/lib/modules || mount --bind /lib/modules $TX/lib/modules
}

# txrun WHICH CMD...: Debian 13's CMD in the chroot with WHICH libdaxctl
# (debian or ours)
txrun() {
	local which=$1
	shift
	if [ $which = ours ]; then
		LD_LIBRARY_PATH=$OURLIB chroot $TX "$@"
	else
		chroot $TX "$@"
	fi
}

# tx_json_same DESC CMD...: Debian 13's CMD with Debian 13's libdaxctl and
# with ours: same exit status, same JSON (arrays sorted), same text
tx_json_same() {
	local desc=$1
	shift
	json_same "$desc" chroot $TX "$@" -- LD_LIBRARY_PATH=$OURLIB chroot $TX "$@"
}

# tx_bindings PROG CONSUMER ARGS...: with ours, the loader binds every
# daxctl_* symbol CONSUMER (a library or the program) uses to our file, and
# our library logs calls (DAXCTL_LOG=debug)
tx_bindings() {
	local prog=$1 cons=$2 n other
	shift 2
	rm -f $TX/tmp/ld.*
	LD_LIBRARY_PATH=$OURLIB LD_DEBUG=bindings LD_DEBUG_OUTPUT=/tmp/ld DAXCTL_LOG=debug \
		chroot $TX $prog "$@" > /tmp/txb.out 2> /tmp/txb.err
	cat $TX/tmp/ld.* 2>/dev/null | grep "binding file \([^ ]*/\)\{0,1\}$cons \[0\] to .*normal symbol \`daxctl_" > /tmp/txb.sel
	n=$(wc -l < /tmp/txb.sel)
	other=$(grep -v " to $OURLIB/libdaxctl.so.1 \[0\]:" /tmp/txb.sel | head -n 3)
	if [ "$n" -gt 0 ] && [ -z "$other" ]; then
		pass "Debian 13 $prog $*: loader bound $cons's $n daxctl_* symbols to ours"
	else
		fail "Debian 13 $prog $*: loader bound $cons's daxctl_* symbols to ours ($n)"
		diag "$other"
	fi
	if grep -q '^libdaxctl: daxctl_new: ctx .* created' /tmp/txb.err; then
		pass "Debian 13 $prog $*: our library was called ($(grep -c '^libdaxctl: ' /tmp/txb.err) log lines)"
	else
		fail "Debian 13 $prog $*: our library was called (no 'daxctl_new: ctx' in its log)"
		diag "$(tail -n 5 /tmp/txb.err)"
	fi
	rm -f $TX/tmp/ld.*
}

# tx_facts WHICH PROG ARGS...: run, write its exit status and output (less
# the lines that change from run to run: UUIDs, times) as facts
tx_facts() {
	local which=$1 rc
	shift
	txrun $which "$@" > /tmp/txf.out 2> /tmp/txf.err
	rc=$?
	{ echo "exit $rc"
	  cat /tmp/txf.out /tmp/txf.err | grep -v -i -e uuid -e time -e checksum -e 'random' |
		sed 's/^/  /'; } > /tmp/txf.$which
}

# tx_same_facts DESC PROG ARGS...: the facts of both runs are identical
tx_same_facts() {
	local desc=$1
	shift
	tx_facts debian "$@"
	tx_facts ours "$@"
	if cmp -s /tmp/txf.debian /tmp/txf.ours; then
		pass "$desc: same results with Debian 13's libdaxctl and ours ($(head -n 1 /tmp/txf.ours))"
	else
		fail "$desc: same results with Debian 13's libdaxctl and ours"
		diag "$(diff /tmp/txf.debian /tmp/txf.ours)"
	fi
}

# tx_consumers LABEL DEV: Debian 13's consumers on the current state and on
# the devdax DEV (left as it was: daxio and pmempool write to it)
tx_consumers() {
	local label=$1 dev=$2 fl
	if ! have_trixie; then
		skip "$label: Debian 13 consumers" "no Debian 13 userland in this guest"
		return 0
	fi
	if ! have_ours; then
		skip "$label: Debian 13 consumers" "our library is not built"
		return 0
	fi
	tx_setup
	for fl in -RDM -RDMi; do
		tx_json_same "$label: Debian 13 daxctl list $fl" daxctl list $fl
	done
	tx_json_same "$label: Debian 13 ndctl list -RNXDi" ndctl list -R -N -X -D -i
	tx_json_same "$label: Debian 13 cxl list -RXi" cxl list -R -X -i
	tx_json_same "$label: Debian 13 cxl list -MDERXTi" cxl list -M -D -E -R -X -T -i
	tx_bindings daxctl daxctl list -RDM
	tx_bindings cxl libcxl.so.1 list -R -X
	tx_bindings ndctl libndctl.so.6 list -R -X
	[ -n "$dev" ] && [ -c /dev/$dev ] || return 0
	tx_bindings daxio libpmem.so.1 -i /dev/$dev -o /tmp/daxio.out -l 4096
	# daxio: zero, write a pattern, read it back; pmempool on the device
	tx_same_facts "$label: Debian 13 daxio -z -o /dev/$dev -l 4M" daxio -z -o /dev/$dev -l 4194304
	head -c 65536 /dev/urandom > $TX/tmp/pattern
	tx_same_facts "$label: Debian 13 daxio -i pattern -o /dev/$dev -s 2M" \
		daxio -i /tmp/pattern -o /dev/$dev -s 2097152
	tx_facts debian daxio -i /dev/$dev -o /tmp/back -k 2097152 -l 65536
	cmp -s $TX/tmp/pattern $TX/tmp/back && echo "data: same" >> /tmp/txf.debian
	cp /tmp/txf.debian /tmp/txf.rd.debian
	rm -f $TX/tmp/back
	tx_facts ours daxio -i /dev/$dev -o /tmp/back -k 2097152 -l 65536
	cmp -s $TX/tmp/pattern $TX/tmp/back && echo "data: same" >> /tmp/txf.ours
	if cmp -s /tmp/txf.rd.debian /tmp/txf.ours; then
		pass "$label: Debian 13 daxio reads the pattern back the same with both libraries ($(tr '\n' ' ' < /tmp/txf.ours))"
	else
		fail "$label: Debian 13 daxio reads the pattern back the same with both libraries"
		diag "$(diff /tmp/txf.rd.debian /tmp/txf.ours)"
	fi
	tx_same_facts "$label: Debian 13 pmempool info /dev/$dev (not a pool)" pmempool info /dev/$dev
	tx_facts debian pmempool create obj /dev/$dev
	cp /tmp/txf.debian /tmp/txf.pc.debian
	tx_facts debian pmempool info /dev/$dev
	cat /tmp/txf.debian >> /tmp/txf.pc.debian
	tx_facts debian pmempool check /dev/$dev
	cat /tmp/txf.debian >> /tmp/txf.pc.debian
	tx_facts debian pmempool rm /dev/$dev
	cat /tmp/txf.debian >> /tmp/txf.pc.debian
	tx_facts ours pmempool create obj /dev/$dev
	cp /tmp/txf.ours /tmp/txf.pc.ours
	tx_facts ours pmempool info /dev/$dev
	cat /tmp/txf.ours >> /tmp/txf.pc.ours
	tx_facts ours pmempool check /dev/$dev
	cat /tmp/txf.ours >> /tmp/txf.pc.ours
	tx_facts ours pmempool rm /dev/$dev
	cat /tmp/txf.ours >> /tmp/txf.pc.ours
	if cmp -s /tmp/txf.pc.debian /tmp/txf.pc.ours; then
		pass "$label: Debian 13 pmempool create obj, info, check, rm on /dev/$dev: same results with both libraries ($(grep -c '^exit' /tmp/txf.pc.ours) runs, exits $(grep '^exit' /tmp/txf.pc.ours | cut -d' ' -f2 | tr '\n' ' '))"
	else
		fail "$label: Debian 13 pmempool create obj, info, check, rm on /dev/$dev: same results with both libraries"
		diag "$(diff /tmp/txf.pc.debian /tmp/txf.pc.ours)"
	fi
}
