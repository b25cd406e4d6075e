#!/bin/bash
# SPDX-License-Identifier: LGPL-2.1-or-later
# The three-way differential matrix for state changes, on the fake kernel.
#
# Each case is one command (or one library call) run on a fresh copy of a
# starting tree, three ways:
#   a  Debian's daxctl with Debian's libdaxctl.so.1 (the reference)
#   b  our daxctl with our libdaxctl
#   c  Debian's daxctl with our libdaxctl (LD_LIBRARY_PATH)
# (library calls: tests/matrix/libcalls once on each library, a and b).
# Compared: the exit status, the JSON on stdout (arrays sorted) and the
# resulting state: each device's driver, size, align and mappings, each
# region's available_size and seed, each memory block's state and zone.
#
# Everything runs in one private mount namespace: the case's tree is
# mounted on /sys, and the fake kernel (tests/lib/fakekernel.so preloaded,
# FAKEKERNEL_SYS=1) answers the writes of whichever program and library
# made them. An empty tmpfs hides /lib/modules and the trees' drivers are
# built in (/sys/module/<mod> without initstate) or "live": libkmod never
# inserts a module into the host's kernel.
#
# A difference must be a row of the table of intentional differences in
# README.md (the rows of scope `matrix` or `libcalls`): a difference no row
# lists fails, and so does a row that no case shows any more.
#
# Needs root, unshare --mount, python3 and Debian's daxctl: otherwise it
# says why and exits 77. MATRIX_VERBOSE=1 prints every listed difference.
set -u

srcdir=${srcdir:-.}
top_srcdir=$(cd "$srcdir" && pwd)
top_builddir=$(pwd)
DEB=${DEB_DAXCTL:-/usr/bin/daxctl}
OURS=$top_builddir/daxctl/daxctl
OURLIBS=$top_builddir/libdaxctl/.libs
SHIM=$top_builddir/tests/lib/.libs/fakekernel.so
GEN=$top_builddir/tests/lib/faketree-gen
LIBCALLS=$top_builddir/tests/matrix/libcalls
README=$top_srcdir/README.md

if [ -z "${MATRIX_INNER:-}" ]; then
	# root, unshare --mount, python3 and Debian's daxctl, or exit 77
	# shellcheck source=../lib/differential-lib.sh
	. "$top_srcdir/tests/lib/differential-lib.sh"
	diff_require "$DEB"
	for f in "$OURS" "$SHIM" "$GEN" "$LIBCALLS" "$OURLIBS/libdaxctl.so.1"; do
		[ -e "$f" ] || { echo "FAIL: $f is not built"; exit 99; }
	done
	MATRIX_INNER=1 exec unshare --mount --propagation private -- "$0" "$@"
fi

# ---- inside the namespace ----
WORK=$(mktemp -d "${TMPDIR:-/tmp}/daxctl-matrix.XXXXXX")
trap 'cd /; umount -q /sys 2>/dev/null; umount -q "$WORK/run" 2>/dev/null; umount -q "$WORK"; rm -rf "$WORK"' EXIT
# everything in memory; each run sees its starting tree through an
# overlay (nothing to copy, nothing to clean but the upper layer)
mount -t tmpfs -o size=256m matrixwork "$WORK"
mount -t tmpfs -o mode=0755,size=1m fakedev /dev
mknod -m 666 /dev/null c 1 3
mknod -m 666 /dev/zero c 1 5
mknod -m 444 /dev/urandom c 1 9
ln -s /proc/self/fd /dev/fd
for d in /lib/modules /usr/lib/modules; do
	[ -d "$d" ] && mount -t tmpfs -o size=1m nomodules "$d"
done
# the config directory of Debian's daxctl (compiled in) and of ours
if [ -d /etc/daxctl.conf.d ]; then
	mount -t tmpfs -o size=1m daxctlconf /etc/daxctl.conf.d
	CONFDIR=/etc/daxctl.conf.d
else
	CONFDIR=$WORK/conf.d
	mkdir -p "$CONFDIR"
fi

# a sanitizer build of our library needs its runtime first
SANRT=
for rt in libasan libubsan; do
	p=$(ldd "$OURLIBS/libdaxctl.so.1" | awk -v rt="$rt" '$1 ~ "^" rt "\\." { print $3 }')
	[ -n "$p" ] && SANRT="${SANRT:+$SANRT:}$p"
done

# a loaded module: libkmod sees it in the kernel and inserts nothing
live() {	# live DIR MODULE...
	local dir=$1 m
	shift
	for m in "$@"; do w "$dir/sys/module/$m/initstate" live; done
}
ft() { "$GEN" "$@" >/dev/null || { echo "FAIL: faketree-gen $*"; exit 99; }; }
w() { mkdir -p "$(dirname "$1")"; printf '%s\n' "$2" > "$1"; }

# ---------------------------------------------------------------------------
# Starting states. st_NAME DIR builds the tree; FAIL (FAKEKERNEL_FAIL) and
# CFG (a config file for -C) may be set by it.
#
# The common layout: boot memory blocks 0..15 online on node 0; the
# dynamic region hmem.0 (id 0, 4 GiB at 0x240000000, node 1) with dax0.0
# (1 GiB at 0x240000000: blocks 72..79) and dax0.1 (1 GiB at 0x280000000:
# blocks 80..87) in the state, the seed dax0.2 (size 0); the static pmem
# region1 with dax1.0 (1 GiB devdax at 0x340000000, node 0).
# ---------------------------------------------------------------------------
HMEM=platform/hmem.0
PMEM=LNXSYSTM:00/ndbus0/region1
G=$((1 << 30))
M=$((1 << 20))

base() {	# base DIR AVAILABLE
	ft init "$1"
	live "$1" device_dax kmem
	ft memory "$1" 0 $((2 * G)) 0 online Normal
	ft region "$1" "$HMEM" 0 $((4 * G)) $((2 * M)) dynamic "$2"
	ft region "$1" "$PMEM" 1 "$G" $((2 * M)) static
	ft dev "$1" "$PMEM" 1 0 "$G" 0x340000000 device_dax $((2 * M)) 0
}
pair() {	# pair DIR DRIVER|- [STATE ZONES | STATE0 ZONES0 STATE1 ZONES1]
	local dir=$1 drv=$2 i start
	base "$dir" $((2 * G))
	for i in 0 1; do
		start=$((0x240000000 + i * G))
		ft dev "$dir" "$HMEM" 0 $i "$G" $start "$drv" $((2 * M)) 1
		if [ $# -ge 4 ]; then
			ft memory "$dir" $start $((G / 2)) 1 "$3" "$4"
			ft memory "$dir" $((start + G / 2)) $((G / 2)) 1 \
				"${5:-$3}" "${6:-$4}"
		fi
	done
	ft dev "$dir" "$HMEM" 0 2 0 0 - $((2 * M)) 1
	w "$dir/sys/devices/$HMEM/dax_region/seed" dax0.2
}
OFFZ="Normal Movable"
st_devdax()      { pair "$1" device_dax; }
st_ram_movable() { pair "$1" kmem online Movable; }
st_ram_normal()  { pair "$1" kmem online Normal; }
st_ram_partial() { pair "$1" kmem online Movable offline "$OFFZ"; }
st_ram_offline() { pair "$1" kmem offline "$OFFZ"; }
st_disabled()    { pair "$1" -; }
st_famfs()       { pair "$1" fsdev_dax; }
st_idle() {
	base "$1" $((4 * G))
	ft dev "$1" "$HMEM" 0 0 0 0 - $((2 * M)) 1
	ft dev "$1" "$HMEM" 0 1 0 0 - $((2 * M)) 1
	w "$1/sys/devices/$HMEM/dax_region/seed" dax0.1
}

# kernel variants
st_auto_online()  { pair "$1" device_dax; w "$1/sys/devices/system/memory/auto_online_blocks" online; }
st_auto_movable() { pair "$1" device_dax; w "$1/sys/devices/system/memory/auto_online_blocks" online_movable; }
st_auto_kernel()  { pair "$1" device_dax; w "$1/sys/devices/system/memory/auto_online_blocks" online_kernel; }
st_auto_missing() { pair "$1" device_dax; rm -f "$1/sys/devices/system/memory/auto_online_blocks"; }
st_unremovable()  { st_ram_movable "$1"; w "$1/sys/devices/system/memory/memory75/removable" 0; }
st_offline_ebusy() { st_ram_movable "$1"; FAIL="memory75/state@offline=16"; }
st_zone_race() {	# offline blocks the kernel only lets into ZONE_NORMAL
	pair "$1" kmem offline Normal
}
st_modules_builtin() {	# built-in drivers: /sys/module/<mod> without initstate
	st_disabled "$1"
	rm -f "$1"/sys/module/*/initstate
}
st_fsdev() {	# a kernel with fsdev_dax (7.3-like), the device unbound
	st_disabled "$1"
	local f
	for f in bind unbind new_id remove_id uevent; do
		w "$1/sys/bus/dax/drivers/fsdev_dax/$f" ""
	done
	mkdir -p "$1/sys/module/fsdev_dax/drivers"
	live "$1" fsdev_dax
}
st_class() { ft class "$1"; live "$1" device_dax kmem; }
st_partcover() {	# issue 8, case 1: 1 GiB + 64 MiB, block 80 is boot memory
	base "$1" $((2 * G))
	ft dev "$1" "$HMEM" 0 0 $((G + 64 * M)) 0x240000000 kmem $((2 * M)) 1
	ft memory "$1" 0x240000000 "$G" 1 offline "$OFFZ"
	ft memory "$1" 0x280000000 $((128 * M)) 1 online Normal
	ft dev "$1" "$HMEM" 0 1 "$G" 0x2c0000000 device_dax $((2 * M)) 1
	ft dev "$1" "$HMEM" 0 2 0 0 - $((2 * M)) 1
	w "$1/sys/devices/$HMEM/dax_region/seed" dax0.2
}
st_tworange() {	# issue 8, case 2: two ranges owning blocks 32 and 41 only
	ft init "$1"
	live "$1" device_dax kmem
	ft memory "$1" 0 $((2 * G)) 0 online Normal
	ft region "$1" "$HMEM" 0 $((4 * G)) $((2 * M)) dynamic $((3 * G))
	ft dev "$1" "$HMEM" 0 0 $((192 * M)) 0x100000000 kmem $((2 * M)) 1
	ft mapping "$1" "$HMEM" dax0.0 1 0x144000000 0x14fffffff 0xc000
	w "$1/sys/devices/$HMEM/dax0.0/size" $((384 * M))
	ft memory "$1" 0x100000000 $((128 * M)) 1 offline "$OFFZ"
	ft memory "$1" 0x108000000 $((128 * M)) 1 online Normal
	ft memory "$1" 0x140000000 $((128 * M)) 1 online Normal
	ft memory "$1" 0x148000000 $((128 * M)) 1 offline "$OFFZ"
	ft dev "$1" "$HMEM" 0 1 0 0 - $((2 * M)) 1
	w "$1/sys/devices/$HMEM/dax_region/seed" dax0.1
}
# a kernel that refuses every write with one errno (st_errno_N)
for e in 1 6 12 13 16 19 22 28; do
	eval "st_errno_$e() { st_devdax \"\$1\"; FAIL=\"/bind=$e,/unbind=$e,/new_id=$e,/remove_id=$e,/size=$e,/align=$e,/mapping=$e,/create=$e,/delete=$e,/state=$e\"; }"
	eval "st_ram_errno_$e() { st_ram_movable \"\$1\"; FAIL=\"/bind=$e,/unbind=$e,/new_id=$e,/remove_id=$e,/size=$e,/align=$e,/mapping=$e,/create=$e,/delete=$e,/state=$e\"; }"
done

# ---------------------------------------------------------------------------
# Commands
# ---------------------------------------------------------------------------
DEVCMDS=(
	"reconfigure-device -m system-ram"
	"reconfigure-device -m system-ram -f"
	"reconfigure-device -m system-ram -N"
	"reconfigure-device -m system-ram --no-movable"
	"reconfigure-device -m devdax"
	"reconfigure-device -m devdax -f"
	"reconfigure-device -m famfs"
	"reconfigure-device -s 512m"
	"reconfigure-device -a 4k"
	"reconfigure-device -C"
	"online-memory"
	"online-memory --no-movable"
	"offline-memory"
	"enable-device"
	"disable-device"
	"destroy-device"
	"destroy-device -f"
)
DEVARGS=(dax0.1 all)
# daxX.0 too (the kernel never deletes it, the tools treat it apart)
ZEROCMDS=(
	"reconfigure-device -m system-ram dax0.0"
	"reconfigure-device -m devdax -f dax0.0"
	"offline-memory dax0.0"
	"destroy-device -f dax0.0"
	"disable-device 0.0"
)
CREATECMDS=(
	"create-device"
	"create-device -s 256m -a 4k"
	"create-device -r 1"
	"create-device -s 3g"
	"create-device --input input.json"
	"reconfigure-device -r 0 -m system-ram all"
	"disable-device -r 0 all"
)
# the short list for kernel variants
KCMDS=(
	"reconfigure-device -m system-ram dax0.0"
	"reconfigure-device -m system-ram --no-movable -f dax0.0"
	"reconfigure-device -m devdax -f dax0.0"
	"reconfigure-device -m famfs dax0.0"
	"online-memory dax0.0"
	"offline-memory all"
	"disable-device dax0.0"
	"create-device -s 256m"
)
LIBOPS=(enable-devdax enable-ram enable-famfs disable online online-no-movable
	offline size-512m align-1g mapping create destroy)
KLIBOPS=(enable-ram disable offline size-512m)

cat > "$WORK/input.json" <<'J'
{
  "chardev":"dax0.9",
  "size":268435456,
  "align":2097152,
  "mappings":[
    {
      "page_offset":0,
      "start":12884901888,
      "end":13153337343,
      "size":268435456
    }
  ]
}
J
# -C: the section a case sees (nvdimm.uuid of nothing present: applies
# to no device on either tool; the fake tree has no nd bus for libndctl)
cat > "$WORK/cfg" <<'C'
[reconfigure-device none]
nvdimm.uuid = 6e5f2c1a-0000-4000-8000-000000000001
mode = system-ram
online = true
movable = false
C

# ---------------------------------------------------------------------------
# Running one way
# ---------------------------------------------------------------------------
# run WAY STATE ARGS...: output in $WORK/out.WAY, .rc, .state
# Each run gets a fresh copy of the starting tree's sys/, bind-mounted on
# /sys. (An overlay was tried first: the fake kernel renames and removes
# directories, which overlayfs answers differently from a plain
# filesystem, and runs saw each other's memory blocks.)
NRUN=0
run() {
	local way=$1 state=$2 n d
	shift 2
	NRUN=$((NRUN + 1))
	rm -rf "$WORK/cur"
	if ! cp -a "$WORK/base/$state/sys" "$WORK/cur" ||
			! mount --bind "$WORK/cur" /sys; then
		echo "FAIL: cannot put the starting tree of $state on /sys"
		exit 99
	fi
	# the device nodes of the state (a run may have made or removed some)
	for d in /dev/dax*; do
		[ -e "$d" ] || continue
		[ -n "${NODES[${d#/dev/}]:-}" ] || rm -f "$d"
	done
	for n in "${!NODES[@]}"; do
		[ -e "/dev/$n" ] || mknod -m 600 "/dev/$n" c ${NODES[$n]}
	done
	local -a env=(FAKEKERNEL_ROOT=/ FAKEKERNEL_SYS=1
		FAKEKERNEL_FAIL="$FAILRULES" FAKEKERNEL_LOG="$WORK/writes.$way"
		DAXCTL_CONFIG_PATH="$CONFDIR")
	: > "$WORK/writes.$way"
	case $way in
	a)	env -u LD_LIBRARY_PATH -u DAXCTL_ROOT "${env[@]}" \
			LD_PRELOAD="$SHIM" "$@" ;;
	b)	env -u DAXCTL_ROOT "${env[@]}" \
			LD_PRELOAD="${SANRT:+$SANRT:}$SHIM" \
			ASAN_OPTIONS=verify_asan_link_order=0 "$@" ;;
	c)	env -u DAXCTL_ROOT "${env[@]}" LD_LIBRARY_PATH="$OURLIBS" \
			LD_PRELOAD="${SANRT:+$SANRT:}$SHIM" \
			ASAN_OPTIONS=detect_leaks=0:verify_asan_link_order=0 "$@" ;;
	esac > "$WORK/out.$way" 2> "$WORK/err.$way"
	echo $? > "$WORK/rc.$way"
	ask "dump /sys $WORK/state.$way"
	# a straggler holding /sys must not leave this run's tree in place:
	# detach it (lazily if busy), so the next run mounts a fresh one
	umount /sys 2>/dev/null || umount -l /sys
}

# ---------------------------------------------------------------------------
# The table of intentional differences (README.md)
# ---------------------------------------------------------------------------
declare -a ROW_ID ROW_PAT
declare -A ROW_SEEN
load_table() {
	local line id scope pats
	while IFS= read -r line; do
		case $line in
		'| '[A-Z][0-9]*) ;;
		*) continue ;;
		esac
		id=$(printf '%s' "$line" | awk -F'|' '{ gsub(/ /, "", $2); print $2 }')
		scope=$(printf '%s' "$line" | awk -F'|' '{ gsub(/ /, "", $3); print $3 }')
		case ,$scope, in
		*,matrix,*|*,libcalls,*) ;;
		*) continue ;;
		esac
		pats=$(printf '%s' "$line" | awk -F'|' '{ print $4 }' |
			grep -o '`[^`]*`' | tr -d '`')
		while IFS= read -r p; do
			[ -n "$p" ] || continue
			ROW_ID+=("$id")
			ROW_PAT+=("$p")
		done <<< "$pats"
		ROW_SEEN[$id]=0
	done < <(sed -n '/<!-- differences -->/,/<!-- \/differences -->/p' "$README")
}
classify() {	# classify KEY: the id of the first row matching, or ""
	local i
	for i in "${!ROW_PAT[@]}"; do
		# shellcheck disable=SC2053
		if [[ $1 == ${ROW_PAT[$i]} ]]; then
			echo "${ROW_ID[$i]}"
			return
		fi
	done
}

# One python process compares the JSON of every case (json-sort.py's
# normal forms: arrays sorted, key order and formatting kept) and writes
# the state of each run, one line an object: each device's driver, size,
# align and mappings, each region's available_size and seed, each memory
# block's state and zone.
PY=python3
[ -x /usr/bin/python3 ] && PY=/usr/bin/python3
coproc HELPER { "$PY" -u -c '
import glob, importlib.util, os, sys
spec = importlib.util.spec_from_file_location("js", sys.argv[1])
js = importlib.util.module_from_spec(spec)
spec.loader.exec_module(js)

def rd(path):
    try:
        with open(path) as f:
            return f.readline().strip()
    except OSError:
        return ""

def dump(root, out):
    lines = []
    devs = glob.glob(root + "/bus/dax/devices/dax*") + glob.glob(root + "/class/dax/dax*")
    for d in sorted(devs):
        drv = "-"
        if os.path.islink(d + "/driver"):
            drv = os.path.basename(os.readlink(d + "/driver"))
        maps = ""
        i = 0
        while os.path.isdir("%s/mapping%d" % (d, i)):
            m = "%s/mapping%d" % (d, i)
            maps += " mapping%d=%s-%s" % (i, rd(m + "/start"), rd(m + "/end"))
            i += 1
        lines.append("dev %s driver=%s size=%s align=%s%s" % (os.path.basename(d), drv, rd(d + "/size"), rd(d + "/align"), maps))
    regions = []
    for top, dirs, files in os.walk(root + "/devices"):
        if top.endswith("/devices/system"):
            dirs[:] = []
        elif "dax_region" in dirs:
            regions.append(top + "/dax_region")
    for r in sorted(regions):
        lines.append("region %s available=%s seed=%s" % (r[len(root) + 9:], rd(r + "/available_size"), rd(r + "/seed")))
    blocks = glob.glob(root + "/devices/system/memory/memory[0-9]*")
    for m in sorted(blocks, key=lambda x: int(x.rsplit("memory", 1)[1])):
        lines.append("%s %s %s" % (os.path.basename(m), rd(m + "/state"), rd(m + "/valid_zones")))
    with open(out, "w") as f:
        f.write("\n".join(lines) + "\n")

for line in sys.stdin:
    w = line.split()
    if w[0] == "dump":
        dump(w[1], w[2])
        print(0)
    else:
        fa, fb = js.forms(w[1]), js.forms(w[2])
        print(0 if fa is not None and fb is not None and fa == fb else 1)
' "$top_srcdir/tests/lib/json-sort.py"; }
ask() {	# ask REQUEST: one answer of the helper, 0 = yes
	local r
	echo "$1" >&"${HELPER[1]}"
	read -r r <&"${HELPER[0]}"
	[ "$r" = 0 ]
}
json_same() {
	cmp -s "$1" "$2" || ask "json $1 $2"
}

SAME=0 LISTED=0 UNLISTED=0 CASES=0 RUNS=0 COMPARED=0
compare() {	# compare WAY STATE CMD: against way a
	local way=$1 state=$2 cmd=$3 what= ra rb key id
	COMPARED=$((COMPARED + 1))
	read -r ra < "$WORK/rc.a"; read -r rb < "$WORK/rc.$way"
	[ "$ra" = "$rb" ] || what="$what rc($ra/$rb)"
	json_same "$WORK/out.a" "$WORK/out.$way" || what="$what json"
	cmp -s "$WORK/state.a" "$WORK/state.$way" || what="$what state"
	if [ -z "$what" ]; then
		SAME=$((SAME + 1))
		return
	fi
	key="$way/$state: $cmd ~ ${what# }"
	id=$(classify "$key")
	if [ -n "$id" ]; then
		LISTED=$((LISTED + 1))
		ROW_SEEN[$id]=$((ROW_SEEN[$id] + 1))
		[ -n "${MATRIX_VERBOSE:-}" ] && echo "# listed $id: $key"
		return
	fi
	UNLISTED=$((UNLISTED + 1))
	echo "UNLISTED: $key"
	if [ "$ra" != "$rb" ]; then
		echo "  a: $(head -c 300 "$WORK/err.a" | tr '\n' ' ')"
		echo "  $way: $(head -c 300 "$WORK/err.$way" | tr '\n' ' ')"
	fi
	json_same "$WORK/out.a" "$WORK/out.$way" ||
		diff "$WORK/out.a" "$WORK/out.$way" | head -20 | sed 's/^/  /'
	diff "$WORK/state.a" "$WORK/state.$way" | grep '^[<>]' | head -20 | sed 's/^/  /'
}

one_case() {	# one_case STATE CMD (a daxctl command line or "lib OP DEV")
	local state=$1 cmd=$2
	CASES=$((CASES + 1))
	# shellcheck disable=SC2086
	if [ "${cmd%% *}" = lib ]; then
		run a "$state" env -u LD_LIBRARY_PATH "$LIBCALLS" ${cmd#lib }
		run b "$state" env LD_LIBRARY_PATH="$OURLIBS" "$LIBCALLS" ${cmd#lib }
		RUNS=$((RUNS + 2))
		compare b "$state" "$cmd"
		return
	fi
	run a "$state" "$DEB" $cmd
	run b "$state" "$OURS" $cmd
	run c "$state" "$DEB" $cmd
	RUNS=$((RUNS + 3))
	compare b "$state" "$cmd"
	compare c "$state" "$cmd"
}

declare -A NODES
build_state() {	# build_state NAME: $WORK/base/NAME, NODES, FAILRULES
	local dir=$WORK/base/$1 d maj min
	FAIL=
	mkdir -p "$dir"
	"st_${1//-/_}" "$dir"
	FAILRULES=$FAIL
	NODES=()
	for d in "$dir"/sys/bus/dax/devices/dax* "$dir"/sys/class/dax/dax*; do
		[ -r "$d/dev" ] || continue
		IFS=: read -r maj min < "$d/dev" || continue
		NODES[${d##*/}]="$maj $min"
	done
	rm -f "$CONFDIR"/*.conf
	cp "$WORK/cfg" "$CONFDIR/matrix.conf"
}

cd "$WORK" || exit 99
load_table
[ ${#ROW_ID[@]} -gt 0 ] || { echo "FAIL: no table rows found in $README"; exit 1; }

STATES=(devdax ram-movable ram-normal ram-partial ram-offline disabled famfs idle)
KSTATES=(auto-online auto-movable auto-kernel auto-missing unremovable
	offline-ebusy zone-race modules-builtin fsdev class partcover tworange
	errno-1 errno-6 errno-13 errno-16 errno-22 ram-errno-16)

if [ -n "${MATRIX_CASE:-}" ]; then	# debugging: one case, all its output
	build_state "${MATRIX_CASE%%|*}"
	one_case "${MATRIX_CASE%%|*}" "${MATRIX_CASE#*|}"
	for w in a b c; do
		[ -f "$WORK/rc.$w" ] || continue
		echo "== $w: rc $(cat "$WORK/rc.$w")"; cat "$WORK/out.$w" "$WORK/err.$w"
		echo "-- state"; cat "$WORK/state.$w"
	done
	for w in a b c; do
		[ -s "$WORK/writes.$w" ] && { echo "== writes $w"; cat "$WORK/writes.$w"; }
	done
	exit 0
fi
if [ -n "${MATRIX_ONLY:-}" ]; then	# a debugging aid: some states only
	read -ra STATES <<< "$MATRIX_ONLY"
	KSTATES=()
fi
for s in "${STATES[@]}"; do
	echo "# state $s"
	build_state "$s"
	for c in "${DEVCMDS[@]}"; do
		for d in "${DEVARGS[@]}"; do
			one_case "$s" "$c $d"
		done
	done
	for c in "${ZEROCMDS[@]}" "${CREATECMDS[@]}"; do
		one_case "$s" "$c"
	done
	for op in "${LIBOPS[@]}"; do
		one_case "$s" "lib $op dax0.1"
	done
done
for s in "${KSTATES[@]}"; do
	echo "# state $s"
	build_state "$s"
	for c in "${KCMDS[@]}"; do
		one_case "$s" "$c"
	done
	for op in "${KLIBOPS[@]}"; do
		one_case "$s" "lib $op dax0.0"
	done
done

STALE=0
# a partial run (MATRIX_ONLY) cannot tell a stale row
[ -n "${MATRIX_ONLY:-}" ] && ROW_SEEN=()
for id in "${!ROW_SEEN[@]}"; do
	if [ "${ROW_SEEN[$id]}" = 0 ]; then
		echo "STALE: table row $id lists a difference no case shows"
		STALE=$((STALE + 1))
	fi
done

echo "# $CASES cases (${#STATES[@]} + ${#KSTATES[@]} starting states), $RUNS runs"
echo "# $STALE table rows no case shows"
echo "# $COMPARED comparisons: $SAME same, $LISTED listed, $UNLISTED unlisted"
echo "matrix: $((COMPARED - UNLISTED)) passed, $((UNLISTED + STALE)) failed"
[ "$CASES" -ge 300 ] || { echo "FAIL: only $CASES cases"; exit 1; }
[ $((UNLISTED + STALE)) = 0 ]
