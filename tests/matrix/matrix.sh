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
# The cases are split over MATRIX_JOBS workers (default: the number of
# CPUs, at most 4). Each worker runs in a private mount namespace of its
# own: an in-memory tree is bind-mounted on /sys once, and before every
# run one helper process (python3) puts the starting tree back into it
# and remakes the /dev/daxX.Y nodes; the fake kernel (tests/lib/
# fakekernel.so preloaded, FAKEKERNEL_SYS=1) answers the writes of
# whichever program and library made them. An empty tmpfs hides
# /lib/modules and the trees' drivers are built in (/sys/module/<mod>
# without initstate) or "live": libkmod never inserts a module into the
# host's kernel.
#
# A difference must be a row of the table of intentional differences in
# README.md (the rows of scope `matrix` or `libcalls`): a difference no row
# lists fails, and so does a row that no case shows any more.
#
# The default set (make check) has 557 cases; MATRIX_ALL=1 (make
# check-matrix) adds the 132 of ALL_ONLY. Debugging: MATRIX_CASE='STATE|COMMAND' runs one case and
# prints everything; MATRIX_ONLY="STATE..." some states only;
# MATRIX_RESULTS=FILE writes one line a case (its differences and a
# checksum of each way's exit status, output and state), to compare runs;
# MATRIX_VERBOSE=1 prints every listed difference.
#
# Needs root, unshare --mount, python3 and Debian's daxctl: otherwise it
# says why and exits 77 (so does DAXCTL_DIFF_SKIP=reason: the sanitizer
# build of scripts/check, since the outputs were compared in the main one).
# MATRIX_REPLAY=FILE classifies a MATRIX_RESULTS file again, running nothing.
set -u

srcdir=${srcdir:-.}
top_srcdir=$(cd "$srcdir" && pwd)
top_builddir=$(pwd)
DEB=${DEB_DAXCTL:-/usr/bin/daxctl}
OURS=$top_builddir/daxctl/daxctl
# the program behind libtool's wrapper script (a shell and a sed less for
# each run), on our library through LD_LIBRARY_PATH
[ -x "$top_builddir/daxctl/.libs/daxctl" ] && OURS=$top_builddir/daxctl/.libs/daxctl
OURLIBS=$top_builddir/libdaxctl/.libs
SHIM=$top_builddir/tests/lib/.libs/fakekernel.so
GEN=$top_builddir/tests/lib/faketree-gen
LIBCALLS=$top_builddir/tests/matrix/libcalls
README=$top_srcdir/README.md
SELF=$top_srcdir/tests/matrix/matrix.sh

# ---------------------------------------------------------------------------
# Starting states. st_NAME DIR builds the tree; FAIL (FAKEKERNEL_FAIL) may
# be set by it.
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

# a loaded module: libkmod sees it in the kernel and inserts nothing
live() {	# live DIR MODULE...
	local dir=$1 m
	shift
	for m in "$@"; do w "$dir/sys/module/$m/initstate" live; done
}
ft() { "$GEN" "$@" >/dev/null || { echo "FAIL: faketree-gen $*"; exit 99; }; }
w() { mkdir -p "$(dirname "$1")"; printf '%s\n' "$2" > "$1"; }

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
	"reconfigure-device -C dax0.0"
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

STATES=(devdax ram-movable ram-normal ram-partial ram-offline disabled famfs idle)
KSTATES=(auto-online auto-movable auto-kernel auto-missing unremovable
	offline-ebusy zone-race modules-builtin fsdev class partcover tworange
	errno-1 errno-6 errno-13 errno-16 errno-22 ram-errno-16)

# the default set leaves out, for MATRIX_ALL=1: `all` and the create
# commands on the main states where they walk the same paths as on the
# others, and the errno variants other than EINVAL and EBUSY
ALL_ONLY=" ram-normal|all ram-offline|all disabled|all famfs|all
	ram-normal|create ram-offline|create disabled|create famfs|create
	errno-1 errno-6 errno-13 "
ALL_ONLY=" $(echo $ALL_ONLY) "	# one space between words
# case_list: one case a line, STATE|COMMAND (a daxctl command line or
# "lib OP DEV")
case_list() {
	local s c d op all=${MATRIX_ALL:-}
	for s in "${STATES[@]}"; do
		for c in "${DEVCMDS[@]}"; do
			for d in "${DEVARGS[@]}"; do
				[ -z "$all" ] && [ "$d" = all ] &&
					[[ $ALL_ONLY == *" $s|all"* ]] && continue
				echo "$s|$c $d"
			done
		done
		for c in "${ZEROCMDS[@]}"; do
			echo "$s|$c"
		done
		if [ -n "$all" ] || [[ $ALL_ONLY != *" $s|create"* ]]; then
			for c in "${CREATECMDS[@]}"; do
				echo "$s|$c"
			done
		fi
		for op in "${LIBOPS[@]}"; do
			echo "$s|lib $op dax0.1"
		done
	done
	# what a new context starts with: the distribution's daxctl takes
	# its -C directory from the library
	echo "devdax|lib ctx-defaults dax0.0"
	for s in "${KSTATES[@]}"; do
		[ -z "$all" ] && [[ $ALL_ONLY == *" $s "* ]] && continue
		for c in "${KCMDS[@]}"; do
			echo "$s|$c"
		done
		for op in "${KLIBOPS[@]}"; do
			echo "$s|lib $op dax0.0"
		done
	done
}

# ---------------------------------------------------------------------------
# The table of intentional differences (README.md)
# ---------------------------------------------------------------------------
declare -a ROW_ID ROW_PAT
declare -A ROW_SEEN
load_table() {
	local line id scope pats p
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
classify() {	# classify KEY: in ROW, the id of the first row matching, or ""
	local i
	ROW=
	for i in "${!ROW_PAT[@]}"; do
		# shellcheck disable=SC2053
		if [[ $1 == ${ROW_PAT[$i]} ]]; then
			ROW=${ROW_ID[$i]}
			return
		fi
	done
}

# ===========================================================================
# The outer part: the case list, the workers, the verdict
# ===========================================================================
if [ -z "${MATRIX_INNER:-}" ]; then
	t0=$SECONDS
	# root, unshare --mount, python3 and Debian's daxctl, or exit 77
	# shellcheck source=../lib/differential-lib.sh
	. "$top_srcdir/tests/lib/differential-lib.sh"
	diff_require "$DEB"
	for f in "$OURS" "$SHIM" "$GEN" "$LIBCALLS" "$OURLIBS/libdaxctl.so.1"; do
		[ -e "$f" ] || { echo "FAIL: $f is not built"; exit 99; }
	done
	load_table
	[ ${#ROW_ID[@]} -gt 0 ] || { echo "FAIL: no table rows found in $README"; exit 1; }

	OUT=$(mktemp -d "${TMPDIR:-/tmp}/daxctl-matrix-out.XXXXXX")
	trap 'rm -rf "$OUT"' EXIT
	if [ -n "${MATRIX_CASE:-}" ]; then
		echo "$MATRIX_CASE" > "$OUT/cases"
	elif [ -n "${MATRIX_ONLY:-}" ]; then
		read -ra STATES <<< "$MATRIX_ONLY"
		KSTATES=()
		case_list > "$OUT/cases"
	else
		case_list > "$OUT/cases"
	fi
	if [ -n "${MATRIX_REPLAY:-}" ]; then	# classify a MATRIX_RESULTS file again
		awk '{ print NR "\t" $0 }' "$MATRIX_REPLAY" > "$OUT/res.0"
		echo ok > "$OUT/done.0"
	fi
	ncases=$(wc -l < "$OUT/cases")
	jobs=${MATRIX_JOBS:-$(nproc 2>/dev/null || echo 1)}
	[ "$jobs" -ge 1 ] 2>/dev/null || jobs=1
	[ "$jobs" -le 4 ] || jobs=4
	[ "$ncases" -ge "$jobs" ] || jobs=1
	[ -n "${MATRIX_REPLAY:-}" ] && jobs=0
	for ((k = 0; k < jobs; k++)); do
		MATRIX_INNER=1 MATRIX_SHARD=$k MATRIX_JOBS=$jobs MATRIX_OUT=$OUT \
			unshare --mount --propagation private -- \
			/bin/bash "$SELF" > "$OUT/log.$k" 2>&1 &
	done
	wait
	bad=0
	for ((k = 0; k < jobs; k++)); do
		cat "$OUT/log.$k"
		if [ "$(cat "$OUT/done.$k" 2>/dev/null)" != ok ]; then
			echo "FAIL: worker $k did not finish"
			bad=1
		fi
	done
	[ $bad = 0 ] || exit 99

	# one line a case: IDX<TAB>STATE|CMD<TAB>ASPECTS b<TAB>ASPECTS c<TAB>SUMS
	sort -n -k1,1 "$OUT"/res.* > "$OUT/results"
	if [ -n "${MATRIX_RESULTS:-}" ]; then
		cut -f2- "$OUT/results" > "$MATRIX_RESULTS"
	fi
	SAME=0 LISTED=0 UNLISTED=0 CASES=0 COMPARED=0
	while IFS=$'\t' read -r idx sc ab ac sums; do
		CASES=$((CASES + 1))
		state=${sc%%|*} cmd=${sc#*|}
		for way in b c; do
			if [ $way = b ]; then what=$ab; else what=$ac; fi
			[ "$what" = n/a ] && continue
			COMPARED=$((COMPARED + 1))
			if [ "$what" = - ]; then
				SAME=$((SAME + 1))
				continue
			fi
			key="$way/$state: $cmd ~ $what"
			classify "$key"
			id=$ROW
			if [ -n "$id" ]; then
				LISTED=$((LISTED + 1))
				ROW_SEEN[$id]=$((ROW_SEEN[$id] + 1))
				[ -n "${MATRIX_VERBOSE:-}" ] && echo "# listed $id: $key"
				continue
			fi
			UNLISTED=$((UNLISTED + 1))
			echo "UNLISTED: $key"
			[ -f "$OUT/detail.$idx.$way" ] &&
				sed 's/^/  /' "$OUT/detail.$idx.$way"
		done
	done < "$OUT/results"

	STALE=0
	# a partial run cannot tell a stale row
	if [ -z "${MATRIX_ONLY:-}${MATRIX_CASE:-}" ]; then
		for id in "${!ROW_SEEN[@]}"; do
			if [ "${ROW_SEEN[$id]}" = 0 ]; then
				echo "STALE: table row $id lists a difference no case shows"
				STALE=$((STALE + 1))
			fi
		done
	fi
	echo "# $jobs workers, $((SECONDS - t0)) s"
	echo "# $STALE table rows no case shows"
	echo "matrix: $CASES cases, $COMPARED comparisons: $SAME same, $LISTED listed, $UNLISTED unlisted"
	echo "matrix: $((COMPARED - UNLISTED)) passed, $((UNLISTED + STALE)) failed"
	if [ -z "${MATRIX_ONLY:-}${MATRIX_CASE:-}" ] && [ "$CASES" -lt 300 ]; then
		echo "FAIL: only $CASES cases"
		exit 1
	fi
	[ $((UNLISTED + STALE)) = 0 ]
	exit
fi

# ===========================================================================
# A worker, in a mount namespace of its own: the cases IDX with
# IDX % MATRIX_JOBS == MATRIX_SHARD
# ===========================================================================
OUT=$MATRIX_OUT
SHARD=$MATRIX_SHARD
WORK=$(mktemp -d "${TMPDIR:-/tmp}/daxctl-matrix.XXXXXX")
HELPER_PID=
cleanup() {
	cd /
	[ -n "$HELPER_PID" ] && kill "$HELPER_PID" 2>/dev/null && wait "$HELPER_PID"
	umount -q /sys 2>/dev/null
	umount -q "$WORK"
	rm -rf "$WORK"
}
trap cleanup EXIT
mount -t tmpfs -o size=256m matrixwork "$WORK" || exit 99
mkdir "$WORK/sys" "$WORK/base"
mount --bind "$WORK/sys" /sys || exit 99
mount -t tmpfs -o mode=0755,size=1m fakedev /dev || exit 99
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
# -C, one section per selector: nvdimm.uuid of nothing present (no
# device on either tool: the fake tree has no nd bus for libndctl; the
# guest's nfit scenario has the matching case), and a device name, which
# only ours reads (README row D28): dax0.1 is selected, dax0.0 is not
cat > "$CONFDIR/matrix.conf" <<'C'
[reconfigure-device none]
nvdimm.uuid = 6e5f2c1a-0000-4000-8000-000000000001
mode = system-ram
online = true
movable = false

[reconfigure-device by-name]
device = dax0.1
mode = system-ram
online = true
movable = false
C
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

# a sanitizer build of our library needs its runtime first
SANRT=
for rt in libasan libubsan; do
	p=$(ldd "$OURLIBS/libdaxctl.so.1" | awk -v rt="$rt" '$1 ~ "^" rt "\\." { print $3 }')
	[ -n "$p" ] && SANRT="${SANRT:+$SANRT:}$p"
done
PRE_OURS=${SANRT:+$SANRT:}$SHIM
unset LD_LIBRARY_PATH LD_PRELOAD DAXCTL_ROOT
export FAKEKERNEL_ROOT=/ FAKEKERNEL_SYS=1 DAXCTL_CONFIG_PATH=$CONFDIR
export ASAN_OPTIONS=detect_leaks=0:verify_asan_link_order=0

# The helper: one python process puts a starting tree back on /sys,
# dumps the state of a run and compares two runs. It answers each
# request with one line on a pipe of its own ("<seq> <answer>"); whatever
# else it prints goes to its stderr, so an answer is never taken for
# another. The state of a run, one line an object: each device's driver,
# size, align and mappings, each region's available_size and seed, each
# memory block's state and zone.
PY=${PYTHON3:-python3}	# make check passes Debian's (configure.ac)
coproc HELPER { "$PY" -u -c '
import difflib, glob, hashlib, importlib.util, os, shutil, stat, sys
reply = os.fdopen(os.dup(1), "w", buffering=1)
os.umask(0)
os.dup2(2, 1)
sys.stdout = sys.stderr
spec = importlib.util.spec_from_file_location("js", sys.argv[1])
js = importlib.util.module_from_spec(spec)
spec.loader.exec_module(js)
work = sys.argv[2]

def rd(path):
    try:
        with open(path) as f:
            return f.readline().strip()
    except OSError:
        return ""

def slurp(path):
    try:
        with open(path, "rb") as f:
            return f.read()
    except OSError:
        return b""

# tmpfs lists a directory newest first: a copy made in listing order
# would reverse it, and the order of a listing is what the tools walk
os.mkdir(work + "/probe")
for n in ("x", "y"):
    open(work + "/probe/" + n, "w").close()
newest_first = os.listdir(work + "/probe") == ["y", "x"]

def copy(src, dst):
    """the entries of src into the directory dst, listed in the same order"""
    names = list(os.scandir(src))
    if newest_first:
        names.reverse()
    for e in names:
        d = dst + "/" + e.name
        if e.is_symlink():
            os.symlink(os.readlink(e.path), d)
        elif e.is_dir():
            os.mkdir(d, e.stat().st_mode & 0o7777)
            copy(e.path, d)
        else:
            with open(e.path, "rb") as f:
                data = f.read()
            fd = os.open(d, os.O_WRONLY | os.O_CREAT, e.stat().st_mode & 0o7777)
            os.write(fd, data)
            os.close(fd)

def reset(state):
    base = "%s/base/%s/sys" % (work, state)
    for e in os.listdir("/sys"):
        p = "/sys/" + e
        if os.path.isdir(p) and not os.path.islink(p):
            shutil.rmtree(p)
        else:
            os.unlink(p)
    copy(base, "/sys")
    # the device nodes of the state (a run may have made or removed some)
    for n in glob.glob("/dev/dax*"):
        os.unlink(n)
    for d in glob.glob("/sys/bus/dax/devices/dax*") + glob.glob("/sys/class/dax/dax*"):
        mm = rd(d + "/dev").split(":")
        if len(mm) == 2:
            os.mknod("/dev/" + os.path.basename(d), 0o600 | stat.S_IFCHR,
                     os.makedev(int(mm[0]), int(mm[1])))

def dump(way):
    root = "/sys"
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
    text = "\n".join(lines) + "\n"
    with open("%s/state.%s" % (work, way), "w") as f:
        f.write(text)
    h = hashlib.sha1()
    for part in (slurp("%s/rc.%s" % (work, way)), slurp("%s/out.%s" % (work, way)), text.encode()):
        h.update(part + b"\0")
    return h.hexdigest()[:12]

def compare(way, detail):
    """the aspects in which run WAY differs from run a ("-": none); the
    differences go to the file DETAIL"""
    f = lambda kind, w: "%s/%s.%s" % (work, kind, w)
    what, out = [], []
    ra, rb = rd(f("rc", "a")), rd(f("rc", way))
    if ra != rb:
        what.append("rc(%s/%s)" % (ra, rb))
        for w in ("a", way):
            out.append("%s: %s" % (w, slurp(f("err", w))[:300].decode(errors="replace").replace("\n", " ")))
    oa, ob = slurp(f("out", "a")), slurp(f("out", way))
    if oa != ob:
        fa, fb = js.forms(f("out", "a")), js.forms(f("out", way))
        if fa is None or fb is None or fa != fb:
            what.append("json")
            d = difflib.unified_diff(oa.decode(errors="replace").splitlines(),
                                     ob.decode(errors="replace").splitlines(),
                                     "a", way, lineterm="", n=1)
            out += list(d)[:20]
    sa, sb = slurp(f("state", "a")), slurp(f("state", way))
    if sa != sb:
        what.append("state")
        d = [l for l in difflib.unified_diff(sa.decode().splitlines(), sb.decode().splitlines(), lineterm="", n=0)
             if l[:1] in "+-" and l[:3] not in ("+++", "---")]
        out += d[:20]
    if what:
        with open(detail, "w") as fd:
            fd.write("\n".join(out) + "\n")
    return " ".join(what) or "-"

for line in sys.stdin:
    w = line.split()
    try:
        if w[1] == "reset":
            reset(w[2])
            ans = "0"
        elif w[1] == "dump":
            ans = dump(w[2])
        elif w[1] == "cmp":
            ans = compare(w[2], w[3])
        else:
            ans = "error unknown request"
    except Exception as e:
        ans = "error %s: %s" % (type(e).__name__, str(e).replace("\n", " "))
    reply.write("%s %s\n" % (w[0], ans))
' "$top_srcdir/tests/lib/json-sort.py" "$WORK"; } 2> "$WORK/helper.err"
SEQ=0
ask() {	# ask REQUEST: the helper's answer in $ANS (exit 99 on an error)
	local seq
	SEQ=$((SEQ + 1))
	echo "$SEQ $1" >&"${HELPER[1]}"
	if ! read -r seq ANS <&"${HELPER[0]}" || [ "$seq" != "$SEQ" ] ||
			[ "${ANS%% *}" = error ]; then
		echo "FAIL: matrix helper: '$1' answered '$seq $ANS'"
		cat "$WORK/helper.err"
		exit 99
	fi
}

declare -A FAILRULES
build_state() {	# build_state NAME: $WORK/base/NAME, FAILRULES[NAME]
	local dir=$WORK/base/$1
	FAIL=
	mkdir -p "$dir"
	"st_${1//-/_}" "$dir"
	FAILRULES[$1]=$FAIL
}

# run WAY STATE ARGS...: output in $WORK/out.WAY, err.WAY, rc.WAY, state.WAY
run() {
	local way=$1 state=$2
	shift 2
	ask "reset $state"
	: > "$WORK/writes.$way"
	case $way in
	a)	FAKEKERNEL_LOG=$WORK/writes.$way LD_PRELOAD=$SHIM "$@" ;;
	b)	FAKEKERNEL_LOG=$WORK/writes.$way LD_LIBRARY_PATH=$OURLIBS \
			LD_PRELOAD=$PRE_OURS "$@" ;;
	c)	FAKEKERNEL_LOG=$WORK/writes.$way LD_LIBRARY_PATH=$OURLIBS \
			LD_PRELOAD=$PRE_OURS "$@" ;;
	esac > "$WORK/out.$way" 2> "$WORK/err.$way"
	echo $? > "$WORK/rc.$way"
	ask "dump $way"
	SUMS="$SUMS $ANS"
}

one_case() {	# one_case IDX STATE CMD
	local idx=$1 state=$2 cmd=$3 ab ac=n/a
	[ -n "${FAILRULES[$state]+set}" ] || build_state "$state"
	export FAKEKERNEL_FAIL=${FAILRULES[$state]}
	SUMS=
	# shellcheck disable=SC2086
	if [ "${cmd%% *}" = lib ]; then
		run a "$state" "$LIBCALLS" ${cmd#lib }
		run b "$state" "$LIBCALLS" ${cmd#lib }
		ask "cmp b $OUT/detail.$idx.b"; ab=$ANS
	else
		run a "$state" "$DEB" $cmd
		run b "$state" "$OURS" $cmd
		run c "$state" "$DEB" $cmd
		ask "cmp b $OUT/detail.$idx.b"; ab=$ANS
		ask "cmp c $OUT/detail.$idx.c"; ac=$ANS
	fi
	printf '%s\t%s|%s\t%s\t%s\t%s\n' "$idx" "$state" "$cmd" "$ab" "$ac" \
		"${SUMS# }" >> "$OUT/res.$SHARD"
}

cd "$WORK" || exit 99
idx=0
while IFS= read -r line; do
	if [ $((idx % MATRIX_JOBS)) = "$SHARD" ]; then
		one_case "$idx" "${line%%|*}" "${line#*|}"
	fi
	idx=$((idx + 1))
done < "$OUT/cases"

if [ -n "${MATRIX_CASE:-}" ]; then	# debugging: all the output of the case
	for w in a b c; do
		[ -f "$WORK/rc.$w" ] || continue
		echo "== $w: rc $(cat "$WORK/rc.$w")"; cat "$WORK/out.$w" "$WORK/err.$w"
		echo "-- state"; cat "$WORK/state.$w"
	done
	for w in a b c; do
		[ -s "$WORK/writes.$w" ] && { echo "== writes $w"; cat "$WORK/writes.$w"; }
	done
fi
echo ok > "$OUT/done.$SHARD"
