# bench: the mmap benchmark (tests/vm/run --bench, make bench).  Not a test:
# the TAP lines only say whether the setup and the runs worked; the speed
# is never judged.  The 1 GiB hmem region is carved with our daxctl into
# dax0.0 (512 MiB, align 2 MiB) and dax0.1 (512 MiB, align 4 KiB), then
# bench/run-bench.sh runs mmap-bench over both and THP anonymous memory.
# Its output goes between "@@@ BENCH-BEGIN" and "@@@ BENCH-END" for the host.
# Kernel command line: daxbench_runs=N daxbench_warmup=N daxbench_size=S.
. /scripts/lib.sh
diag "$(cat /etc/vm-release)"
MiB=1048576
BENCHDIR=/opt/libdaxctl/bench
runs=10 warmup=2 size=256m
for a in $(cat /proc/cmdline); do
	case "$a" in
	daxbench_runs=*) runs=${a#*=} ;;
	daxbench_warmup=*) warmup=${a#*=} ;;
	daxbench_size=*) size=${a#*=} ;;
	esac
done

bd() { LD_LIBRARY_PATH=$OURLIB $OURBIN/daxctl "$@" > /tmp/od.out 2> /tmp/od.err; }
ocheck() { # ocheck ARGS...: our daxctl ARGS must succeed
	if bd "$@"; then
		pass "daxctl $*"
	else
		fail "daxctl $* (exit $?)"
		diag "$(cat /tmp/od.err /tmp/od.out)"
		finish
	fi
}

if ! have_ours || [ ! -x $OURBIN/daxctl ] || [ ! -x $BENCHDIR/mmap-bench ] ||
   [ ! -f $BENCHDIR/run-bench.sh ]; then
	fail "our libdaxctl, daxctl, mmap-bench and run-bench.sh are in the guest"
	diag "$(ls -l $OURLIB $OURBIN $BENCHDIR 2>&1)"
	finish
fi
modload dax_hmem device_dax
check "dax0.0 appears with dax_hmem" test -e $DEVS/dax0.0 || finish
[ "$(bound_to dax0.0)" = device_dax ] || raw_bind dax0.0 device_dax
ocheck disable-device dax0.0
ocheck reconfigure-device -s 512M dax0.0
ocheck enable-device dax0.0
ocheck create-device -r 0 -s 512M -a 4096
is "$(dattr dax0.0 align):$(dattr dax0.0 size):$(bound_to dax0.0)" "2097152:$((512 * MiB)):device_dax" \
	"dax0.0 is 512 MiB, align 2 MiB, on device_dax"
is "$(dattr dax0.1 align):$(dattr dax0.1 size):$(bound_to dax0.1)" "4096:$((512 * MiB)):device_dax" \
	"dax0.1 is 512 MiB, align 4 KiB, on device_dax"
diag "THP enabled: $(cat /sys/kernel/mm/transparent_hugepage/enabled), defrag: $(cat /sys/kernel/mm/transparent_hugepage/defrag)"

echo "@@@ BENCH-BEGIN"
{
	LD_LIBRARY_PATH=$OURLIB sh $BENCHDIR/run-bench.sh -r "$runs" -w "$warmup" -s "$size" \
		dax0.0 dax0.1 2>&1
	echo $? > /tmp/bench.rc
} | tee /tmp/bench.txt
rc=$(cat /tmp/bench.rc)
echo "@@@ BENCH-END rc=$rc"
is "$rc" 0 "run-bench.sh -r $runs -w $warmup -s $size dax0.0 dax0.1 exits 0"
is "$(grep -c '^ratio dax0\.[01]/anon \(fault_time\|write_bw\) ' /tmp/bench.txt)" 4 \
	"four ratio lines (fault_time and write_bw of dax0.0 and dax0.1)"
is "$(grep -c '^run [0-9]* \(anon\|dax0.0\|dax0.1\) ' /tmp/bench.txt)" $((3 * runs)) \
	"bench: $runs timed runs of each of the 3 targets"
is "$(sed -n 's/^# dax0\.0: .*KernelPageSize \([0-9]*\) kB.*/\1/p' /tmp/bench.txt)" 2048 \
	"dax0.0 was mapped with 2 MiB pages"
is "$(sed -n 's/^# dax0\.1: .*KernelPageSize \([0-9]*\) kB.*/\1/p' /tmp/bench.txt)" 4 \
	"dax0.1 was mapped with 4 KiB pages"
thp=$(sed -n 's/^# anon: .*AnonHugePages \([0-9]*\) kB of \([0-9]*\) kB.*/\1 \2/p' /tmp/bench.txt)
set -- $thp
if [ -n "${1:-}" ] && [ "$1" = "${2:-}" ]; then
	diag "anon baseline fully THP-backed ($1 kB)"
else
	diag "WARNING: anon baseline not fully THP-backed (AnonHugePages $thp): the ratios compare with partly 4 KiB anonymous memory"
fi

# leave the region as it was
ocheck destroy-device -f dax0.1
ocheck disable-device dax0.0
ocheck reconfigure-device -s 1G dax0.0
ocheck enable-device dax0.0
finish
