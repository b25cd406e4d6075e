#!/bin/sh
# Install the project with 'make install DESTDIR=...' and build every example
# out of tree the way examples/README.md says:
#   cc prog.c $(pkg-config --cflags --libs libdaxctl)
# with pkg-config pointed at the staged tree only. Debian's libdaxctl-dev may
# be installed in /usr: the test proves the header, the link and the run all
# use ours (compiler dependency list, ldd, and DAXCTL_ROOT, which only our
# library knows).
. "${srcdir:-.}/tests/examples/lib.sh"

dest=$tmp/dest
# A make of its own: not the jobserver or the variables of the 'make check'
# that runs this test.
run env -u MAKEFLAGS -u MFLAGS -u MAKELEVEL -u MAKEOVERRIDES \
	$MAKE -C "$abs_top_builddir" install DESTDIR="$dest"
check "make install DESTDIR" [ "$rc" = 0 ]
check "libdaxctl.so.1 installed" [ -e "$dest$libdir/libdaxctl.so.1" ]
check "header installed" [ -f "$dest$includedir/daxctl/libdaxctl.h" ]
check "libdaxctl.pc installed" [ -f "$dest$pkgconfigdir/libdaxctl.pc" ]
for p in daxctl-enum daxctl-map daxctl-ram; do
	check "$p installed in $examplesdir" [ -x "$dest$examplesdir/$p" ]
done
check "vm-examples.sh installed in $examplesdir" [ -x "$dest$examplesdir/vm-examples.sh" ]
check "mmap-bench installed in $benchdir" [ -x "$dest$benchdir/mmap-bench" ]
check "run-bench.sh installed in $benchdir" [ -x "$dest$benchdir/run-bench.sh" ]

# pkg-config sees the staged tree and nothing else
PKG_CONFIG_LIBDIR=$dest$pkgconfigdir
PKG_CONFIG_PATH=
PKG_CONFIG_SYSROOT_DIR=$dest
export PKG_CONFIG_LIBDIR PKG_CONFIG_PATH PKG_CONFIG_SYSROOT_DIR
run pkg-config --atleast-version 63 libdaxctl
check "pkg-config: libdaxctl >= 63 (PMDK's check)" [ "$rc" = 0 ]
run pkg-config --cflags --libs libdaxctl
flags=$out
check "pkg-config: flags point into the staged tree" \
	has "-I$dest$includedir( |\$)"
check "pkg-config: links -ldaxctl from the staged tree" \
	has "-L$dest$libdir -ldaxctl"

# An ASan build's library needs instrumented programs to load it.
sanflags="$SANITIZER_CFLAGS $SANITIZER_LDFLAGS"
mkdir -p "$tmp/bin"
for p in daxctl-enum daxctl-map daxctl-ram; do
	# shellcheck disable=SC2086 # word splitting of flags is intended
	run ${CC:-cc} $sanflags -MD -MF "$tmp/$p.d" \
		"$abs_top_srcdir/examples/$p.c" $flags -o "$tmp/bin/$p"
	check "$p: builds with pkg-config" [ "$rc" = 0 ]
	out=$(cat "$tmp/$p.d" 2>/dev/null)
	check "$p: compiled against the staged header" \
		has "$dest$includedir/daxctl/libdaxctl.h"
	check "$p: not against the system header" \
		hasnt "(^| )/usr/include/daxctl/libdaxctl.h"
done

export LD_LIBRARY_PATH="$dest$libdir"
run ldd "$tmp/bin/daxctl-enum"
check "ldd: libdaxctl.so.1 resolves to the staged library" \
	has "libdaxctl\.so\.1 => $dest$libdir/libdaxctl\.so\.1 "

export DAXCTL_ROOT="$tmp/root"
"$srcdir/tests/examples/fake-tree.sh" "$DAXCTL_ROOT"
expect "out-of-tree daxctl-enum on a fake tree" 0 \
	'^2 regions, 5 devices, 6 mappings$' '^  dev dax1\.0 ' \
	-- "$tmp/bin/daxctl-enum"
expect "out-of-tree daxctl-map refuses a system-ram device" 3 \
	'dax0\.2: device is in system-ram mode' -- "$tmp/bin/daxctl-map" dax0.2
expect "out-of-tree daxctl-ram refuses a missing device" 3 \
	'dax9\.9: no such device-dax instance' -- "$tmp/bin/daxctl-ram" dax9.9

# the installed (libtool-relinked) example runs from the staged tree too
expect "installed daxctl-enum on a fake tree" 0 \
	'^2 regions, 5 devices, 6 mappings$' -- "$dest$examplesdir/daxctl-enum"

finish
