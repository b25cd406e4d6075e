# tests/vm/guest/lib.sh: helpers sourced by the guest scenario scripts.
# Results are TAP lines without numbers ("ok - ...", "not ok - ...",
# "ok - ... # SKIP why"); the host numbers them.  Everything else a scenario
# prints should start with "# ".

T_FAILS=0
OURLIB=/opt/libdaxctl/lib
OURBIN=/opt/libdaxctl/bin
DEVS=/sys/bus/dax/devices

pass() { echo "ok - $*"; }
fail() { echo "not ok - $*"; T_FAILS=$((T_FAILS + 1)); }
skip() { echo "ok - $1 # SKIP $2"; }
diag() { echo "$*" | sed 's/^/# /'; }

# check DESC CMD...: passes iff CMD exits 0; its output is shown on failure
check() {
	local desc=$1 out rc
	shift
	out=$("$@" 2>&1)
	rc=$?
	if [ $rc = 0 ]; then
		pass "$desc"
	else
		fail "$desc"
		diag "\$ $*  (exit $rc)"
		[ -n "$out" ] && diag "$out"
	fi
	return $rc
}

# check_fails DESC CMD...: passes iff CMD exits non-zero
check_fails() {
	local desc=$1 out rc
	shift
	out=$("$@" 2>&1)
	rc=$?
	if [ $rc != 0 ]; then
		pass "$desc"
	else
		fail "$desc"
		diag "\$ $*  (exit 0, expected a failure)"
		[ -n "$out" ] && diag "$out"
	fi
}

# is GOT EXPECTED DESC
is() {
	if [ "$1" = "$2" ]; then
		pass "$3"
	else
		fail "$3"
		diag "  got:      '$1'"
		diag "  expected: '$2'"
	fi
}

# write VALUE FILE: a sysfs write whose failure is reported (returns the status)
swrite() {
	local err
	err=$( (echo "$1" > "$2") 2>&1)
	local rc=$?
	[ $rc = 0 ] || diag "write '$1' > $2: $err"
	return $rc
}

have_ours() { [ "$DAXLIB" = ours ] && [ -e $OURLIB/libdaxctl.so.1 ]; }

# ctest PROG ARGS...: run a C test program against the selected libdaxctl.
# It prints its own TAP lines and exits 0 or 1; anything else is a crash.
ctest() {
	local prog=$1 rc
	case "$DAXLIB" in
	ours) LD_LIBRARY_PATH=$OURLIB "$@" ;;
	debian) "$@" ;;
	*) skip "$*" "libdaxctl was not built (DAXLIB=$DAXLIB)"; return 0 ;;
	esac
	rc=$?
	case $rc in
	0) ;;
	1) T_FAILS=$((T_FAILS + 1)) ;;
	*) fail "$* exited abnormally (status $rc)" ;;
	esac
	return $rc
}

# json_same DESC A_CMD... -- B_CMD...: same exit status and same JSON after
# sorting every array (our library lists in ascending order, upstream reversed)
# drop_memmap FILE: our list's "memmap_on_memory":true (README D19: shown
# only when the kernel's attribute is 1, as on CXL devices by default) taken
# out of a JSON text, so the rest compares with Debian's
drop_memmap() {
	awk '/"memmap_on_memory": ?true,?$/ {
		if ($0 !~ /,$/) sub(/,$/, "", prev)
		next
	}
	{ if (have) print prev; prev = $0; have = 1 }
	END { if (have) print prev }' "$1" > "$1.dm" && mv "$1.dm" "$1"
}
json_same() {
	local desc=$1 a="" b="" ra rb
	shift
	while [ $# -gt 0 ] && [ "$1" != -- ]; do a="$a $1"; shift; done
	shift
	b="$*"
	eval "$a" > /tmp/js.a 2> /tmp/js.a.err
	ra=$?
	eval "$b" > /tmp/js.b 2> /tmp/js.b.err
	rb=$?
	drop_memmap /tmp/js.b
	if ! jsontool sort < /tmp/js.a > /tmp/js.a.s 2>&1; then
		fail "$desc"; diag "reference output is not JSON:"; diag "$(cat /tmp/js.a /tmp/js.a.s)"
		return 1
	fi
	if ! jsontool sort < /tmp/js.b > /tmp/js.b.s 2>&1; then
		fail "$desc"; diag "output is not JSON:"; diag "$(cat /tmp/js.b /tmp/js.b.s /tmp/js.b.err)"
		return 1
	fi
	if [ $ra = $rb ] && cmp -s /tmp/js.a.s /tmp/js.b.s; then
		# same values; the text must match too, up to the order of
		# array elements: compare the sorted lines without their commas
		sed 's/,$//' /tmp/js.a | sort > /tmp/js.a.l
		sed 's/,$//' /tmp/js.b | sort > /tmp/js.b.l
		if cmp -s /tmp/js.a.l /tmp/js.b.l; then
			pass "$desc"
			return 0
		fi
		fail "$desc"
		diag "same JSON values, different text (escaping, spacing or key order):"
		diag "$(diff /tmp/js.a.l /tmp/js.b.l)"
		return 1
	fi
	fail "$desc"
	diag "reference:$a  (exit $ra)"
	diag "tested:   $b  (exit $rb)"
	diag "$(diff -u /tmp/js.a.s /tmp/js.b.s)"
	[ -s /tmp/js.b.err ] && diag "stderr: $(cat /tmp/js.b.err)"
	return 1
}

# diffcheck LABEL: Debian's daxctl with Debian's library vs with ours, and
# Debian's daxctl vs ours (each with its own library), on the current state
diffcheck() {
	local label=$1 fl
	for fl in -RDM -RDMi; do
		if have_ours; then
			json_same "$label: daxctl list $fl same JSON with our libdaxctl" \
				daxctl list $fl -- LD_LIBRARY_PATH=$OURLIB daxctl list $fl
		else
			skip "$label: daxctl list $fl same JSON with our libdaxctl" "our library is not built"
		fi
		if have_ours && [ -x $OURBIN/daxctl ]; then
			json_same "$label: our daxctl list $fl same JSON as Debian's" \
				daxctl list $fl -- LD_LIBRARY_PATH=$OURLIB $OURBIN/daxctl list $fl
		fi
	done
}

# ndiffcheck LABEL: Debian's ndctl (libndctl calls libdaxctl for dax
# namespaces) with Debian's libdaxctl and with ours
ndiffcheck() {
	local fl
	for fl in "-N -X" "-R -N -X -i"; do
		if have_ours; then
			json_same "$1: ndctl list $fl same JSON with our libdaxctl" \
				ndctl list $fl -- LD_LIBRARY_PATH=$OURLIB ndctl list $fl
		else
			skip "$1: ndctl list $fl same JSON with our libdaxctl" "our library is not built"
		fi
	done
}

modload() {
	local m
	for m in "$@"; do
		modprobe "$m" && continue
		fail "modprobe $m"
		diag "$(dmesg | tail -n 5)"
	done
}

# sysfs value of a dax device attribute
dattr() { cat $DEVS/$1/$2 2>/dev/null; }
region_dir() { readlink -f $DEVS/$1/..; }
bound_to() { basename "$(readlink $DEVS/$1/driver 2>/dev/null)" 2>/dev/null; }

meminfo_kb() { awk -v k="$1:" '$1 == k { print $2 }' /proc/meminfo; }
memblock_size() { printf '%d' 0x$(cat /sys/devices/system/memory/block_size_bytes); }

# raw sysfs driver moves (the reference way, no library involved)
raw_unbind() {
	local drv
	drv=$(bound_to $1)
	[ -n "$drv" ] || return 0
	swrite $1 /sys/bus/dax/drivers/$drv/remove_id 2>/dev/null
	swrite $1 /sys/bus/dax/drivers/$drv/unbind
}
raw_bind() { # raw_bind DEV DRIVER
	raw_unbind $1
	swrite $1 /sys/bus/dax/drivers/$2/new_id || swrite $1 /sys/bus/dax/drivers/$2/bind
	[ "$(bound_to $1)" = $2 ]
}

# blocks of a dax device: "memoryN" names of existing blocks in its mappings
dev_blocks() {
	local bs m s e i
	bs=$(memblock_size)
	for m in $DEVS/$1/mapping[0-9]*; do
		[ -d "$m" ] || continue
		s=$(($(cat $m/start) / bs))
		e=$(($(cat $m/end) / bs))
		i=$s
		while [ $i -le $e ]; do
			[ -d /sys/devices/system/memory/memory$i ] && echo memory$i
			i=$((i + 1))
		done
	done
}

# raw_online DEV STATE: write STATE (online_movable, online_kernel, offline)
# to every block of DEV that is not in it yet
raw_blocks() {
	local b want=$2 st
	for b in $(dev_blocks $1); do
		st=$(cat /sys/devices/system/memory/$b/state)
		case "$want:$st" in
		offline:offline | online*:online) continue ;;
		esac
		swrite $want /sys/devices/system/memory/$b/state || return 1
	done
}

finish() {
	echo "# $(basename "$0" .sh): $T_FAILS failed"
	[ $T_FAILS = 0 ]
	exit $?
}
