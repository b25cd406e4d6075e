#!/bin/bash
# SPDX-License-Identifier: LGPL-2.1-or-later
# Command line handling: version, help, and every kind of bad argument
# gets a message and a non-zero exit, before anything is written.
. "${srcdir:-.}/tests/daxctl/lib.sh"

ROOT=$WORK/hmem
ft hmem-idle "$ROOT"
before=$(cd "$ROOT" && find . -type f -exec cat {} + | sha256sum)

run --version
expect_rc 0
expect_out '^[0-9]+$'
run version
expect_rc 0
expect_out '^[0-9]+$'
run
expect_rc 1
expect_err 'usage: daxctl'
run --help
expect_rc 0
expect_out 'reconfigure-device'
run help
expect_rc 0
expect_out 'migrate-device-model'
run help list
expect_rc 0
expect_out 'usage: daxctl list'
run help bogus
expect_rc 129
run --list-cmds
expect_rc 0
for c in list migrate-device-model reconfigure-device online-memory \
		offline-memory create-device destroy-device enable-device \
		disable-device version help; do
	expect_out "^$c\$"
done
run bogus
expect_rc 1
expect_err "unknown command 'bogus'"
run --bogus
expect_rc 129

for c in reconfigure-device online-memory offline-memory create-device \
		destroy-device enable-device disable-device; do
	run $c --help
	expect_rc 0
	expect_out "usage: daxctl $c"
	run $c -h
	expect_rc 129
	expect_err "usage: daxctl $c"
	run $c --nope dax0.0
	expect_rc 129
	expect_err "unknown option '--nope'"
done

# a missing device argument, a stray extra one, a malformed one
for c in reconfigure-device online-memory offline-memory destroy-device \
		enable-device disable-device; do
	extra=
	[ $c = reconfigure-device ] && extra="-s 0"
	run $c $extra
	expect_rc 129
	expect_err 'specify a device'
	run $c dax0.0 dax0.1 $extra
	expect_rc 129
	expect_err "unexpected extra argument 'dax0.1'"
	run $c foo $extra
	expect_rc 129
	expect_err "invalid device 'foo'"
	run $c dax0.x $extra
	expect_rc 129
	run $c -r bar dax0.0 $extra
	expect_rc 129
	expect_err "invalid region 'bar'"
done
run create-device dax0.0
expect_rc 129
expect_err "unexpected extra argument 'dax0.0'"

# an unknown device: named, non-zero
run enable-device dax7.1
expect_rc 250
expect_err '^dax7\.1: no such device'
run disable-device -r region0 3.9
expect_rc 250
expect_err '^3\.9: no such device in region0'

# sizes: suffixes, and garbage
for s in 512x 1.5g -1 "" g 12kb 0x 99999999999999999999 16777216t; do
	run reconfigure-device dax0.1 -s "$s"
	expect_rc 129
	expect_err "invalid size '$s'"
	run create-device -s "$s"
	expect_rc 129
done
run reconfigure-device dax0.1 -a 0
expect_rc 129
expect_err "invalid alignment '0'"
run reconfigure-device dax0.1 -a 2q
expect_rc 129

# reconfigure-device option conflicts
run reconfigure-device dax0.1
expect_rc 129
expect_err 'one of -m/--mode, -s/--size, -a/--align or -C/--check-config is required'
run reconfigure-device dax0.1 -m devdax -s 1g
expect_rc 129
expect_err 'conflicts'
run reconfigure-device dax0.1 -m devdax -a 4k
expect_rc 129
expect_err 'conflicts'
run reconfigure-device dax0.1 -m bogus
expect_rc 129
expect_err "invalid mode 'bogus'"
run reconfigure-device dax0.1 -m devdax -N
expect_rc 129
expect_err 'only apply with --mode=system-ram'
run reconfigure-device dax0.1 -s 1g --no-movable
expect_rc 129
run reconfigure-device dax0.1 -C -m system-ram
expect_rc 129
expect_err 'conflicts'
run reconfigure-device all -C
expect_rc 129
expect_err 'needs one device'
run reconfigure-device dax0.1 -s
expect_rc 129
expect_err 'requires an argument'

after=$(cd "$ROOT" && find . -type f -exec cat {} + | sha256sum)
check "no usage error wrote anything" test "$before" = "$after"

# the size parser itself, through a device that accepts anything: the
# fake kernel only records what was written (hex); a simulating one would
# refuse sizes that are not multiples of 2 MiB, as the kernel does
KERNEL=1
export FAKEKERNEL_SIMULATE=0
for s in "4096 0x1000" "4k 0x1000" "4K 0x1000" "2m 0x200000" "2M 0x200000" \
		"1g 0x40000000" "1G 0x40000000" "1t 0x10000000000" \
		"0x2000 0x2000"; do
	set -- $s
	rm -f "$ROOT/writes.log"
	echo 0 > "$ROOT/sys/devices/platform/hmem.0/dax0.2/size"
	run reconfigure-device dax0.2 -s "$1"
	expect_rc 0
	check "-s $1 writes $2" grep -qx "/sys/devices/platform/hmem.0/dax0.2/size $2" "$ROOT/writes.log"
done
unset FAKEKERNEL_SIMULATE

finish
