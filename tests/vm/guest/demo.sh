# demo: a guided tour for a newcomer, on the console (scripts/demo).
# The guest has 1 GiB of "soft reserved" memory at 4 GiB, as a machine with
# CXL or HBM memory would; the kernel's dax_hmem driver makes it a device-dax
# region.
. /scripts/lib.sh

if have_ours && [ -x $OURBIN/daxctl ]; then
	DAXCTL="$OURBIN/daxctl"
	export LD_LIBRARY_PATH=$OURLIB
	WHO="this project's daxctl and libdaxctl ($OURBIN/daxctl)"
else
	DAXCTL=daxctl
	WHO="Debian's daxctl $(daxctl --version) (this project's daxctl was not built)"
fi
MAP=/opt/libdaxctl/examples/daxctl-map
FAILED=0

title() { printf '\n== %s\n' "$*"; }
say() { echo "   $*"; }
run() {
	local rc
	echo "\$ $*"
	"$@" > /tmp/demo.out 2>&1
	rc=$?
	sed 's/^/  /' /tmp/demo.out
	if [ $rc != 0 ]; then
		echo "  !! failed with exit status $rc"
		FAILED=$((FAILED + 1))
	fi
	return $rc
}
daxctl() { command $DAXCTL "$@"; }
memtotal() { awk '$1 == "MemTotal:" { printf "%d MiB\n", $2 / 1024 }' /proc/meminfo; }

title "A QEMU guest running Debian's kernel $(uname -r)"
say "Using $WHO."
say "There is no udev here, so load the drivers by hand:"
run modprobe -a dax_hmem device_dax kmem

title "What is there: one region (hmem.0) with one device (dax0.0) covering it"
run daxctl list -R -D -u

title "Make room: shrink dax0.0 to 512 MiB (it must be disabled to resize)"
run daxctl disable-device dax0.0
run daxctl reconfigure-device -s 512M dax0.0
run daxctl enable-device dax0.0

title "Create a new 256 MiB device in the free half"
run daxctl create-device -r 0 -s 256M
run daxctl list -D -M -u
say "/dev/dax0.1 is a character device that programs map with mmap():"
run ls -l /dev/dax0.1

if have_ours && [ -x $MAP ]; then
	title "Map it with the example program (examples/daxctl-map)"
	run $MAP -s 64m dax0.1
else
	title "Mapping it"
	say "(the example programs were not built: skipped)"
fi

title "Give dax0.1 to the kernel as ordinary memory (system-ram, kmem)"
say "MemTotal before: $(memtotal)"
run daxctl reconfigure-device -m system-ram dax0.1
say "MemTotal after:  $(memtotal)   <- 256 MiB more"
run daxctl list -d dax0.1 -u

title "And take it back as a device-dax (-f offlines the memory first)"
run daxctl reconfigure-device -f -m devdax dax0.1
say "MemTotal now:    $(memtotal)"
run daxctl list -d dax0.1 -u

title "Clean up: destroy dax0.1, give dax0.0 its full size back"
run daxctl destroy-device -f dax0.1
run daxctl disable-device dax0.0
run daxctl reconfigure-device -s 1G dax0.0
run daxctl enable-device dax0.0
run daxctl list -D -u

echo
if [ $FAILED = 0 ]; then
	echo "Demo finished: every step succeeded."
else
	echo "Demo finished with $FAILED failed step(s)."
fi
[ $FAILED = 0 ]
