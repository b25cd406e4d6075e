# tests/vm/guest/pmdk.sh: PMDK consumers (Debian's libpmem2 and libpmem, as
# shipped) on the real kernel, once with Debian's libdaxctl1 and once with
# ours, and the two runs compared.  Sourced by a scenario after lib.sh.
#
# pmdk-pmem2 and pmdk-pmem1 (src/) link Debian's libpmem2.so.1/libpmem.so.1
# only; those load libdaxctl.so.1 (and libndctl.so.6, which loads it too), so
# the run "with ours" differs only by LD_LIBRARY_PATH=/opt/libdaxctl/lib.
# Each run goes with LD_DEBUG=bindings: the check reads, from the dynamic
# loader itself, which file every daxctl_* symbol of libpmem/libndctl bound
# to, and DAXCTL_LOG=debug, so our library's own log shows it was called.

PMDK_SYMS_PMEM="daxctl_dev_get_first daxctl_dev_get_next daxctl_dev_get_devname"
DEB_LIBDAXCTL=/lib/x86_64-linux-gnu/libdaxctl.so.1

# pmdk_bindings LABEL WHICH LOG EXPECTED CONSUMER SYMS: every daxctl_*
# binding that CONSUMER (a file name) got in the loader's log LOG goes to
# EXPECTED, and SYMS are among them
pmdk_bindings() {
	local label=$1 which=$2 log=$3 want=$4 cons=$5 syms=$6 s miss="" other
	grep "binding file [^ ]*/$cons \[0\] to .*normal symbol \`daxctl_" $log > /tmp/pmdk.sel
	other=$(grep -v " to $want \[0\]:" /tmp/pmdk.sel | head -n 3)
	for s in $syms; do
		grep -q " to $want \[0\]: normal symbol \`$s'" /tmp/pmdk.sel || miss="$miss $s"
	done
	if [ -z "$other" ] && [ -z "$miss" ]; then
		pass "$label, $which: loader bound $cons's $(wc -l < /tmp/pmdk.sel) daxctl_* symbols to $want"
		diag "  e.g.$(sed -n '1s/^ *[0-9]*:[[:space:]]*/ /p' /tmp/pmdk.sel)"
	else
		fail "$label, $which: loader bound $cons's daxctl_* symbols to $want"
		[ -n "$miss" ] && diag "  not bound there:$miss"
		[ -n "$other" ] && diag "$other"
	fi
}

# pmdk_run LABEL WHICH PROG ARGS...: one run; WHICH is debian or ours.  The
# program's TAP lines are shown with "LABEL, WHICH libdaxctl:" in front; its
# output stays in /tmp/pmdk.WHICH.out (facts) for the comparison
pmdk_run() {
	local label=$1 which=$2 prog=$3 rc lib crash dev
	shift 3
	eval "dev=\${$#}"
	rm -f /tmp/pmdk.$which.* /tmp/pmdk-ld.*
	# the loader writes its log to LD_DEBUG_OUTPUT.<pid>
	if [ $which = ours ]; then
		LD_LIBRARY_PATH=$OURLIB DAXCTL_LOG=debug LD_DEBUG=bindings \
			LD_DEBUG_OUTPUT=/tmp/pmdk-ld $prog "$@" \
			> /tmp/pmdk.$which.out 2> /tmp/pmdk.$which.err
	else
		DAXCTL_LOG=debug LD_DEBUG=bindings LD_DEBUG_OUTPUT=/tmp/pmdk-ld \
			$prog "$@" > /tmp/pmdk.$which.out 2> /tmp/pmdk.$which.err
	fi
	rc=$?
	cat /tmp/pmdk-ld.* > /tmp/pmdk.$which.ld 2>/dev/null
	rm -f /tmp/pmdk-ld.*
	sed -e "s/^ok - /ok - $label, $which libdaxctl: /" \
	    -e "s/^not ok - /not ok - $label, $which libdaxctl: /" /tmp/pmdk.$which.out
	T_FAILS=$((T_FAILS + $(grep -c '^not ok' /tmp/pmdk.$which.out)))
	# -n (no namespace): how the program ends is a fact to compare, not
	# a failure of its own (libpmem2 1.12.1 crashes there); where it
	# crashed comes from the kernel's "segfault at ... in LIB[...]" line
	crash=""
	if [ $rc -ge 128 ]; then
		crash=$(dmesg | grep "${prog##*/}\[[0-9]*\]: segfault " | tail -n 1)
		[ -n "$crash" ] && diag "  kernel: ${crash#*] }"
		crash=$(echo "$crash" | sed -n 's/.* in \([a-z0-9_-]*\.so[.0-9]*\)\[.*/\1/p')
	fi
	case $rc:$PMDK_NONS in
	[01]:*) ;;
	*:-n) diag "  $prog $* ended with status $rc" ;;
	*) fail "$label, $which libdaxctl: $prog $* exited abnormally (status $rc)"
	   diag "$(tail -n 5 /tmp/pmdk.$which.err)" ;;
	esac
	lib=$(sed -n 's/^# pmdk-pmem[12]: .* with libdaxctl.so.1 from //p' /tmp/pmdk.$which.out)
	if [ $which = ours ]; then
		is "$lib" $OURLIB/libdaxctl.so.1 "$label, $which libdaxctl: $prog loaded ours"
		pmdk_bindings "$label" "$which libdaxctl" /tmp/pmdk.$which.ld $OURLIB/libdaxctl.so.1 \
			"$PMDK_LIB" "$PMDK_SYMS_PMEM"
		pmdk_bindings "$label" "$which libdaxctl" /tmp/pmdk.$which.ld $OURLIB/libdaxctl.so.1 \
			libndctl.so.6 "daxctl_new daxctl_new_region daxctl_dev_get_first"
		# our log (DAXCTL_LOG=debug) during the run: calls, not just
		# bindings.  libndctl makes a daxctl ctx in ndctl_new; on a
		# namespace, ndctl_dax_get_daxctl_region (daxctl_new_region) and
		# libpmem's daxctl_dev_foreach make our library read the device.
		# Without a namespace (-n) nothing past the ctx is asked for.
		local want="daxctl_new: ctx .* created"
		[ -n "$PMDK_NONS" ] || want="daxctl_dev_new: ${dev#/dev/}: .* size [0-9]"
		if grep -q "^libdaxctl: $want" /tmp/pmdk.$which.err; then
			pass "$label, $which libdaxctl: our library was called (DAXCTL_LOG=debug: $(grep -c '^libdaxctl: ' /tmp/pmdk.$which.err) lines)"
		else
			fail "$label, $which libdaxctl: our library was called (no '$want' in its log)"
		fi
		diag "$(grep '^libdaxctl: ' /tmp/pmdk.$which.err | grep -e 'ctx .* created' -e 'dax[0-9]*\.[0-9]*: ' | head -n 2 | sed 's/^/    /')"
	else
		is "$lib" $DEB_LIBDAXCTL "$label, $which libdaxctl: $prog loaded Debian's"
		pmdk_bindings "$label" "$which libdaxctl" /tmp/pmdk.$which.ld $DEB_LIBDAXCTL \
			"$PMDK_LIB" "$PMDK_SYMS_PMEM"
	fi
	{ grep '^# fact: ' /tmp/pmdk.$which.out; echo "# fact: exit status $rc"
	  [ -n "$crash" ] && echo "# fact: crashed in $crash"; } > /tmp/pmdk.$which.facts
}

# pmdk_tests LABEL /dev/daxX.Y [-n]: pmdk-pmem2 and pmdk-pmem1 with Debian's
# libdaxctl and with ours; the same facts (sizes, alignment, NUMA node,
# device id, granularity, errors, data) from both.  -n: the device belongs to
# no NVDIMM namespace (see src/pmdk-pmem2.c)
pmdk_tests() {
	local label=$1 dev=$2 flag=${3:-} prog
	PMDK_NONS=$flag
	for prog in pmdk-pmem2 pmdk-pmem1; do
		case $prog in
		pmdk-pmem2) PMDK_LIB=libpmem2.so.1 ;;
		*) PMDK_LIB=libpmem.so.1 ;;
		esac
		pmdk_run "$label" debian $prog $flag $dev
		if ! have_ours; then
			skip "$label: $prog with our libdaxctl" "our library is not built (DAXLIB=$DAXLIB)"
			continue
		fi
		pmdk_run "$label" ours $prog $flag $dev
		if cmp -s /tmp/pmdk.debian.facts /tmp/pmdk.ours.facts; then
			pass "$label: $prog: same results with Debian's libdaxctl and ours ($(wc -l < /tmp/pmdk.ours.facts) facts)"
			diag "$(sed 's/^# fact: /    /' /tmp/pmdk.ours.facts)"
		else
			fail "$label: $prog: same results with Debian's libdaxctl and ours"
			diag "$(diff /tmp/pmdk.debian.facts /tmp/pmdk.ours.facts)"
		fi
	done
}
