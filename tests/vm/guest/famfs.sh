# famfs: the hmem range (memmap=1G%4G-1+0xefffffff) on a kernel with
# fsdev_dax (7.x, CONFIG_DEV_DAX_FSDEV): devdax <-> famfs through the library
# (vm-famfs) and our daxctl, "mode":"famfs" in the JSON, and every transition
# into and out of famfs with upstream's answer (ndctl v85, daxctl/device.c:
# famfs from devdax, from famfs or from a disabled device; refused, EINVAL,
# from system-ram; out of famfs to devdax and to system-ram).
. /scripts/lib.sh
. /scripts/capture.sh
. /scripts/kmem.sh
. /scripts/kernel.sh
. /scripts/tool.sh
diag "$(cat /etc/vm-release)"

modload dax_hmem device_dax
check "dax0.0 appears with dax_hmem" test -e $DEVS/dax0.0
[ "$(bound_to dax0.0)" = device_dax ] || raw_bind dax0.0 device_dax
is "$(bound_to dax0.0)" device_dax "dax0.0 bound to device_dax"
check "the kernel has fsdev_dax" sh -c "find /lib/modules -name fsdev_dax.ko | grep -q ."
kernel_policy dax0.0

# mode MODE DESC: our daxctl list shows dax0.0 in MODE (and the driver agrees)
list_mode() {
	odaxctl list -d dax0.0
	grep -o '"mode":"[a-z-]*"' /tmp/od.out | head -1 | sed 's/"mode":"\(.*\)"/\1/'
}
drv_of() { case "$1" in famfs) echo fsdev_dax ;; devdax) echo device_dax ;; system-ram) echo kmem ;; esac; }

# through the library
ctest vm-famfs dax0.0
is "$(bound_to dax0.0)" device_dax "vm-famfs left dax0.0 on device_dax"

if ! have_ours || [ ! -x $DAXCTL_OURS ]; then
	skip "famfs: our daxctl" "our daxctl was not built"
	finish
	exit
fi

# each transition: FROM (how to get there) -> TO: upstream's answer
# (ok: exit 0 and the device in TO; refused: non-zero exit, a message naming
# the device, the device still in FROM)
famfs_to() { # famfs_to FROM TO ok|refused [ARGS...]
	local from=$1 to=$2 want=$3 rc
	shift 3
	odaxctl reconfigure-device -m $to "$@" dax0.0
	rc=$?
	case "$want" in
	ok)
		is "$rc:$(bound_to dax0.0):$(list_mode)" "0:$(drv_of $to):$to" \
			"famfs: $from -> $to (reconfigure-device -m $to $*): done, driver $(drv_of $to), list says $to"
		;;
	refused)
		if [ $rc != 0 ] && grep -q dax0.0 /tmp/od.err; then
			pass "famfs: $from -> $to (reconfigure-device -m $to $*): refused (exit $rc: $(head -n 1 /tmp/od.err))"
		else
			fail "famfs: $from -> $to (reconfigure-device -m $to $*): refused (exit $rc)"
			diag "$(cat /tmp/od.err /tmp/od.out)"
		fi
		is "$(bound_to dax0.0):$(list_mode)" "$(drv_of $from):$from" "famfs: after the refusal dax0.0 is still $from"
		;;
	esac
	[ $rc = 0 ] || [ "$want" = refused ] || diag "$(cat /tmp/od.err)"
}

famfs_to devdax famfs ok
grep -q '"mode":"famfs"' /tmp/od.out && pass 'famfs: reconfigure-device prints "mode":"famfs"' ||
	{ fail 'famfs: reconfigure-device prints "mode":"famfs"'; diag "$(cat /tmp/od.out)"; }
tcheck "lists dax0.0" list -d dax0.0
grep -q '"mode":"famfs"' /tmp/od.out && pass 'famfs: list -d dax0.0 says "mode":"famfs"' ||
	{ fail 'famfs: list -d dax0.0 says "mode":"famfs"'; diag "$(cat /tmp/od.out)"; }
odaxctl list -d dax0.0 -u
grep -q '"mode":"famfs"' /tmp/od.out && pass 'famfs: list -u says "mode":"famfs"' ||
	fail 'famfs: list -u says "mode":"famfs"'
capture famfs "dax0.0 of 1 GiB bound to fsdev_dax (famfs mode), dynamic region hmem.0"
famfs_to famfs famfs ok
famfs_to famfs devdax ok
tfails "--no-online is only for system-ram" reconfigure-device -m famfs --no-online dax0.0
is "$(bound_to dax0.0)" device_dax "famfs: after the usage error dax0.0 is still devdax"
check "famfs: disable dax0.0" raw_unbind dax0.0
famfs_to disabled famfs ok
tcheck "disable-device of a famfs device" disable-device dax0.0
is "$(bound_to dax0.0)" "" "famfs: disable-device unbound fsdev_dax"
tcheck "enable-device after famfs gives devdax" enable-device dax0.0
is "$(bound_to dax0.0)" device_dax "famfs: enable-device binds device_dax"
famfs_to devdax famfs ok
# out of famfs into system-ram: allowed upstream (the kernel's policy check
# first: -f where the kernel onlines by itself); then refused back into famfs
echo offline > $AUTO
famfs_to famfs system-ram ok
is "$(kmem_online_blocks dax0.0 | cut -d/ -f1)" "$(kmem_online_blocks dax0.0 | cut -d/ -f2)" \
	"famfs: famfs -> system-ram onlined every block"
famfs_to system-ram famfs refused
famfs_to system-ram devdax ok -f
famfs_to devdax famfs ok
famfs_to famfs devdax ok
diffcheck "famfs done, devdax again"
finish
