# examples build rules, included from the top Makefile.am
#
# The examples use the public header only: their CPPFLAGS leave out config.h
# and the library's private directory, so they build here exactly as they do
# out of tree with pkg-config. They are installed (for the VM rig to stage
# with 'make install DESTDIR=...') under $(pkglibexecdir)/examples.

examplesdir = $(pkglibexecdir)/examples
examples_PROGRAMS = \
	examples/daxctl-enum \
	examples/daxctl-map \
	examples/daxctl-ram

EXAMPLES_CPPFLAGS = -I$(top_srcdir)/include
EXAMPLES_LDADD = libdaxctl/libdaxctl.la

examples_daxctl_enum_SOURCES = examples/daxctl-enum.c
examples_daxctl_enum_CPPFLAGS = $(EXAMPLES_CPPFLAGS)
examples_daxctl_enum_LDADD = $(EXAMPLES_LDADD)

examples_daxctl_map_SOURCES = examples/daxctl-map.c
examples_daxctl_map_CPPFLAGS = $(EXAMPLES_CPPFLAGS)
examples_daxctl_map_LDADD = $(EXAMPLES_LDADD)

examples_daxctl_ram_SOURCES = examples/daxctl-ram.c
examples_daxctl_ram_CPPFLAGS = $(EXAMPLES_CPPFLAGS)
examples_daxctl_ram_LDADD = $(EXAMPLES_LDADD)

EXTRA_DIST += examples/README.md

# The guest-side check script of the examples and mmap-bench (run by the VM
# rig), installed beside them: it finds ../examples and ../bench itself.
dist_examples_SCRIPTS = tests/examples/vm-examples.sh

# Tests of the examples and the benchmark (fake trees, no hardware). The
# scripts read the build's settings from a generated env file.
tests/examples/test-env.sh: Makefile
	$(AM_V_GEN)$(MKDIR_P) tests/examples && { \
	echo "abs_top_builddir='$(abs_top_builddir)'"; \
	echo "abs_top_srcdir='$(abs_top_srcdir)'"; \
	echo "MAKE='$(MAKE)'"; \
	echo "CC='$(CC)'"; \
	echo "SANITIZER_CFLAGS='$(SANITIZER_CFLAGS)'"; \
	echo "SANITIZER_LDFLAGS='$(SANITIZER_LDFLAGS)'"; \
	echo "libdir='$(libdir)'"; \
	echo "includedir='$(includedir)'"; \
	echo "pkgconfigdir='$(pkgconfigdir)'"; \
	echo "examplesdir='$(examplesdir)'"; \
	echo "benchdir='$(benchdir)'"; \
	} > $@-t && mv $@-t $@
check_SCRIPTS += tests/examples/test-env.sh
CLEANFILES += tests/examples/test-env.sh

EXAMPLE_TESTS = \
	tests/examples/failure-paths.sh \
	tests/examples/out-of-tree.sh \
	tests/examples/bench-smoke.sh
TESTS += $(EXAMPLE_TESTS)
EXTRA_DIST += $(EXAMPLE_TESTS) tests/examples/lib.sh tests/examples/fake-tree.sh
