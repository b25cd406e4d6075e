# tests/vm/guest/matrix.sh: the three-way differential matrix of state
# changes on the real kernel (issue 8).  Sourced by a scenario after
# lib.sh, kmem.sh and kernel.sh.
#
# guest_matrix DEV: for each starting state the kernel can produce on DEV
# (devdax, ram-movable, ram-normal, ram-offline, disabled) and each command
# of that state's list, run the command three ways from the same restored
# state:
#   a  Debian's daxctl with Debian's libdaxctl
#   b  our daxctl with our libdaxctl
#   c  Debian's daxctl with our libdaxctl
# and compare what each leaves: exit status (zero or not), the driver, the
# online/all memory blocks of DEV, the zone of its online blocks, MemTotal.
# The state is restored with our daxctl (which never strands memory) and
# checked before each run.  A case is "ok" when b and c match a, or when
# each differing way is covered by a row of README.md's table of
# intentional differences (GM_KNOWN below: row id and the row's case
# pattern, in the fake matrix's naming "WAY/STATE: COMMAND"; the host
# checks that each id is a row of that table, tests/matrix/guest-rows.sh).
# An unlisted difference is "not ok".  Needs auto_online_blocks=offline
# (kernel_policy leaves it so); DEV on device_dax before and after.
# guest_matrix_on KERNEL DEV [movable-only]: GM_SHORT (one to three cases
# from each starting state, every mode change) on that kernel only;
# movable-only leaves out the case that starts online in ZONE_NORMAL.
# hmem runs all of GM_CASES on 6.12 (about 170 s under TCG) and the short
# set (about 55 s) on 6.1 and 7.3; hmem-numa, legacy-sysfs and nfit run the
# short set on one kernel each: every kernel has the matrix, so does every
# scenario whose memory can be onlined (not cxl under TCG, not famfs), and
# scripts/check stays within its 30 minutes.
# guest_matrix DEV [CASES]: CASES (default GM_CASES), lines STATE|COMMAND.

# ID PATTERN: a way's difference from a that a README row explains
GM_KNOWN='D12 b/*: online-memory dax0.0*
D12 b/*: online-memory --no-movable dax0.0*
D12 b/*: offline-memory dax0.0*
D27 b/ram-offline: disable-device *'

gm_ours() { LD_LIBRARY_PATH=$OURLIB $OURBIN/daxctl "$@"; }

# zones of DEV's online blocks ("-" when none)
gm_zones() {
	local b z=""
	for b in $(dev_blocks $1); do
		case "$(cat /sys/devices/system/memory/$b/state)" in
		online*) z="$z $(cut -d' ' -f1 /sys/devices/system/memory/$b/valid_zones)" ;;
		esac
	done
	z=$(echo $z | tr ' ' '\n' | sort -u | tr '\n' ',')
	echo "${z%,}" | sed 's/^$/-/'
}

# the state DEV is in, by the names of the fake matrix
gm_state() {
	local drv onall
	drv=$(bound_to $1)
	case "$drv" in
	device_dax) echo devdax ;;
	"") echo disabled ;;
	kmem)
		onall=$(kmem_online_blocks $1)
		case "$onall" in
		0/*) echo ram-offline ;;
		"${onall#*/}/${onall#*/}")
			case "$(gm_zones $1)" in
			Movable) echo ram-movable ;;
			Normal) echo ram-normal ;;
			*) echo "ram-zones-$(gm_zones $1)" ;;
			esac ;;
		*) echo "ram-partial-$onall" ;;
		esac ;;
	*) echo "on-$drv" ;;
	esac
}

# gm_to DEV STATE: restore STATE with our daxctl; 0 iff DEV is in it then
gm_to() {
	local dev=$1 want=$2 cur
	cur=$(gm_state $dev)
	[ "$cur" = "$want" ] && return 0
	case "$cur" in
	devdax) ;;
	disabled) raw_bind $dev device_dax > /dev/null 2>&1 ;;
	*) gm_ours reconfigure-device -f -m devdax $dev > /dev/null 2>&1 ;;
	esac
	case "$want" in
	ram-movable) gm_ours reconfigure-device -m system-ram $dev ;;
	ram-normal) gm_ours reconfigure-device -m system-ram --no-movable $dev ;;
	ram-offline) gm_ours reconfigure-device -m system-ram -N $dev ;;
	disabled) raw_unbind $dev ;;
	esac < /dev/null > /dev/null 2>&1
	[ "$(gm_state $dev)" = "$want" ]
}

# gm_facts DEV CMD...: run CMD, print what it left
gm_facts() {
	local dev=$1 rc
	shift
	"$@" < /dev/null > /tmp/gm.out 2> /tmp/gm.err
	rc=$?
	[ $rc = 0 ] && rc=ok || rc=failed
	echo "$rc $(bound_to $dev) $(kmem_online_blocks $dev) $(gm_zones $dev) $(meminfo_kb MemTotal)"
}

# gm_listed NAME: the README row that covers NAME ("WAY/STATE: COMMAND")
gm_listed() {
	local id pat
	while read -r id pat; do
		# shellcheck disable=SC2254
		case "$1" in $pat) echo $id; return 0 ;; esac
	done <<EOF
$GM_KNOWN
EOF
	return 1
}

GM_CASES='devdax|reconfigure-device -m devdax
devdax|reconfigure-device -m system-ram
devdax|reconfigure-device -f -m system-ram
devdax|reconfigure-device -m system-ram -N
devdax|reconfigure-device -m system-ram --no-movable
devdax|online-memory
devdax|offline-memory
devdax|disable-device
devdax|enable-device
ram-movable|reconfigure-device -m devdax
ram-movable|reconfigure-device -f -m devdax
ram-movable|reconfigure-device -m system-ram
ram-movable|reconfigure-device -m system-ram --no-movable
ram-movable|online-memory
ram-movable|offline-memory
ram-movable|disable-device
ram-movable|enable-device
ram-normal|reconfigure-device -f -m devdax
ram-normal|reconfigure-device -m system-ram
ram-normal|online-memory
ram-normal|disable-device
ram-offline|reconfigure-device -m devdax
ram-offline|reconfigure-device -f -m devdax
ram-offline|reconfigure-device -m system-ram
ram-offline|reconfigure-device -f -m system-ram
ram-offline|online-memory
ram-offline|online-memory --no-movable
ram-offline|offline-memory
ram-offline|disable-device
ram-offline|enable-device
disabled|reconfigure-device -m devdax
disabled|reconfigure-device -m system-ram
disabled|reconfigure-device -m system-ram -N
disabled|online-memory
disabled|disable-device
disabled|enable-device'

# gm_partial_offline CMD FACTS-A FACTS-W: README row D26 when both ways
# failed to take DEV's memory offline (the kernel refused a block: EBUSY,
# e.g. kernel allocations in ZONE_NORMAL) and way W left no more blocks
# online than a: ours offlines every block it can, Debian's stops at the
# first refusal
gm_partial_offline() {
	local on_a on_w
	case "$1" in *"-m devdax"* | offline-memory*) ;; *) return 1 ;; esac
	set -- "$1" $2 $3
	[ "$2 $3" = "failed kmem" ] && [ "$7 $8" = "failed kmem" ] || return 1
	on_a=${4%/*} on_w=${9%/*}
	[ "$on_w" -le "$on_a" ] && [ "$on_w" -gt 0 ] || return 1
	echo D26
}

GM_SHORT='devdax|reconfigure-device -m system-ram
devdax|reconfigure-device -m system-ram -N
devdax|disable-device
ram-movable|reconfigure-device -m devdax
ram-movable|reconfigure-device -f -m devdax
ram-movable|offline-memory
ram-normal|reconfigure-device -f -m devdax
ram-offline|online-memory
ram-offline|reconfigure-device -m devdax
disabled|reconfigure-device -m system-ram
disabled|enable-device'

guest_matrix() {
	local dev=${1:-dax0.0} cases=${2:-$GM_CASES} st cmd w f name id ncase=0 nsame=0 nlisted=0 nun=0 bad note t0 t1
	if ! have_ours || [ ! -x $OURBIN/daxctl ]; then
		skip "guest matrix ($DAXMODE, kernel $DAXKERNEL)" "our daxctl was not built"
		return 0
	fi
	if [ "$(cat $AUTO)" != offline ]; then
		fail "guest matrix: precondition: auto_online_blocks offline (it is $(cat $AUTO))"
		return 1
	fi
	modload kmem device_dax
	read -r t0 _ < /proc/uptime
	while IFS='|' read -r st cmd; do
		ncase=$((ncase + 1))
		bad="" note=""
		for w in a b c; do
			if ! gm_to $dev $st; then
				bad="restore"
				note="could not restore $st before way $w (state $(gm_state $dev))"
				break
			fi
			case $w in
			a) f=$(gm_facts $dev daxctl $cmd $dev) ;;
			b) f=$(gm_facts $dev gm_ours $cmd $dev) ;;
			c) f=$(gm_facts $dev env LD_LIBRARY_PATH=$OURLIB daxctl $cmd $dev) ;;
			esac
			eval "F_$w=\"\$f\""
			eval "E_$w=\"\$(head -n 1 /tmp/gm.err)\""
		done
		name="$st: $cmd $dev"
		if [ -z "$bad" ]; then
			for w in b c; do
				eval "f=\$F_$w"
				[ "$f" = "$F_a" ] && continue
				if id=$(gm_listed "$w/$name") || id=$(gm_partial_offline "$cmd" "$F_a" "$f"); then
					note="$note $w differs: $id;"
				else
					bad="$bad $w"
					note="$note $w differs, unlisted;"
				fi
			done
		fi
		if [ -z "$bad" ] && [ -z "$note" ]; then
			nsame=$((nsame + 1))
			pass "guest matrix $DAXKERNEL: $name: a, b, c the same ($F_a)"
		elif [ -z "$bad" ]; then
			nlisted=$((nlisted + 1))
			pass "guest matrix $DAXKERNEL: $name:$note listed"
			diag "  a: $F_a  ($E_a)"
			diag "  b: $F_b  ($E_b)"
			diag "  c: $F_c  ($E_c)"
		else
			nun=$((nun + 1))
			fail "guest matrix $DAXKERNEL: $name: $note"
			diag "  a: $F_a  ($E_a)"
			diag "  b: $F_b  ($E_b)"
			diag "  c: $F_c  ($E_c)"
		fi
	done <<EOF
$cases
EOF
	read -r t1 _ < /proc/uptime
	echo "# guest matrix: $ncase cases, $nsame same, $nlisted listed, $nun unlisted ($DAXMODE, kernel $DAXKERNEL, $(echo "$t0 $t1" | awk '{ printf "%d", $2 - $1 }') s)"
	gm_to $dev devdax < /dev/null
	is "$(gm_state $dev)" devdax "guest matrix $DAXKERNEL: $dev back on device_dax"
}

guest_matrix_on() {	# guest_matrix_on KERNEL DEV [movable-only]
	if [ "$DAXKERNEL" != "$1" ]; then
		diag "guest matrix: runs in this scenario on kernel $1 only"
		return 0
	fi
	if [ "$3" = movable-only ]; then
		guest_matrix "$2" "$(echo "$GM_SHORT" | grep -v -e '^ram-normal|' -e '--no-movable')"
	else
		guest_matrix "$2" "$GM_SHORT"
	fi
}
