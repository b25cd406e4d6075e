# tests/vm: the real-kernel suite, included from the top Makefile.am.
#
#   make check-vm                      every scenario, TAP on stdout
#   make check-vm VM_ARGS="hmem"       one scenario (see tests/vm/run --help)
#   CHECK_VM_KERNELS="6.1 6.12" make check-vm   some kernels of the matrix
#
# It boots Debian's kernel in QEMU (TCG) with real device-dax instances and
# runs the guest tests against the libdaxctl built here.  Exit status 77 with
# "SKIP: <reason>" where QEMU cannot run (no root for apt, no network and
# nothing cached, not x86_64): callers treat that as a skip, never a pass.

VM_ARGS =

check-vm: all
	$(AM_V_GEN)$(top_srcdir)/tests/vm/run --builddir "$(abs_top_builddir)" \
		--no-build $(VM_ARGS)

.PHONY += check-vm

EXTRA_DIST += \
	tests/vm/README.md \
	tests/vm/run \
	tests/vm/setup.sh \
	tests/vm/apt-suite.sh \
	tests/vm/guest/kernel.sh \
	tests/vm/guest/famfs.sh \
	tests/vm/src/vm-famfs.c \
	tests/vm/mkinitramfs.sh \
	tests/vm/guest/bench.sh \
	tests/vm/guest/capture.sh \
	tests/vm/guest/demo.sh \
	tests/vm/guest/hmem-numa.sh \
	tests/vm/guest/hmem.sh \
	tests/vm/guest/init \
	tests/vm/guest/kmem.sh \
	tests/vm/guest/legacy-sysfs.sh \
	tests/vm/guest/lib.sh \
	tests/vm/guest/matrix.sh \
	tests/vm/guest/memkind.sh \
	tests/vm/guest/nfit.sh \
	tests/vm/guest/pmdk.sh \
	tests/vm/guest/tool.sh \
	tests/vm/src/jsontool.c \
	tests/vm/src/pmdk-pmem1.c \
	tests/vm/src/pmdk-pmem2.c \
	tests/vm/src/vm-devdax.c \
	tests/vm/src/vm-enum.c \
	tests/vm/src/vm-kmem.c \
	tests/vm/src/vm-mmap.c \
	tests/vm/src/vm-region.c \
	tests/vm/src/vm-static.c \
	tests/vm/src/vmtest.h \
	tests/vm/src/vm-cycles.c \
	tests/vm/guest/cxl.sh \
	tests/vm/guest/cycles.sh \
	tests/vm/guest/features.sh \
	tests/vm/guest/trixie.sh \
	tests/vm/setup-trixie.sh \
	tests/vm/mktrixie.sh
