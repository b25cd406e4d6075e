# tests build rules, included from the top Makefile.am
#
# Unit tests: cmocka binaries on fake sysfs trees (DAXCTL_ROOT), linked
# against the real shared library (public API) or, for internal helpers,
# against the convenience library built from the same sources. Plus the
# generated symbol test, the ABI check, header compile checks and the
# differential test against Debian's daxctl.

EXTRA_DIST += \
	tests/with-fake-sys.sh \
	tests/unit/gen-sym-test.sh \
	tests/unit/check-abi.sh \
	tests/unit/check-prototypes.sh \
	tests/unit/differential.sh \
	tests/unit/valgrind.supp \
	tests/lib/differential-lib.sh \
	tests/lib/valgrind-each.sh \
	tests/lib/json-sort.py \
	tests/lib/lsan-outside.supp \
	tests/packaging/check.sh \
	tests/dist.sh \
	tests/table-rows.sh \
	tests/fixtures \
	scripts/check \
	scripts/demo \
	debian

# Shared by the unit tests and the daxctl tool tests (tests/lib): the fake
# tree builder (faketree.c; faketree-gen builds its canned trees for the
# shell tests) and the fake kernel (fakekernel.c), linked into the cmocka
# binaries and built as an LD_PRELOAD shim for the tool. The shim is not
# instrumented: sanitizer builds preload their runtime first
# (DAXCTL_TEST_PRELOAD).
FAKETREE_SOURCES = tests/lib/faketree.c tests/lib/faketree.h
FAKETREE_CPPFLAGS = $(AM_CPPFLAGS) -I$(top_srcdir)/tests/lib \
	-DFIXTURES_DIR=\""$(abs_top_srcdir)/tests/fixtures"\"

check_PROGRAMS += tests/lib/faketree-gen
tests_lib_faketree_gen_SOURCES = tests/lib/faketree-gen.c $(FAKETREE_SOURCES)
tests_lib_faketree_gen_CPPFLAGS = $(FAKETREE_CPPFLAGS)

check_LTLIBRARIES += tests/lib/fakekernel.la
tests_lib_fakekernel_la_SOURCES = tests/lib/fakekernel.c $(FAKETREE_SOURCES)
tests_lib_fakekernel_la_CPPFLAGS = $(FAKETREE_CPPFLAGS)
tests_lib_fakekernel_la_CFLAGS = $(WARN_CFLAGS)
tests_lib_fakekernel_la_LDFLAGS = -module -avoid-version -shared \
	-rpath /nowhere

if ENABLE_TESTS

UNIT_COMMON = $(FAKETREE_SOURCES) \
	tests/lib/fakekernel.c tests/lib/fakekernel.h \
	tests/unit/helpers.c tests/unit/helpers.h \
	tests/unit/owned.c tests/unit/owned.h

UNIT_CPPFLAGS = $(FAKETREE_CPPFLAGS)
UNIT_CFLAGS = $(AM_CFLAGS) $(CMOCKA_CFLAGS)
UNIT_LDADD = libdaxctl/libdaxctl.la $(CMOCKA_LIBS) -ldl

# The cmocka binaries: run by make check and by make check-valgrind.
UNIT_TESTS = \
	tests/unit/test-ctx \
	tests/unit/test-region \
	tests/unit/test-dev \
	tests/unit/test-memory \
	tests/unit/test-mapping \
	tests/unit/test-robustness \
	tests/unit/test-sysfs \
	tests/unit/test-fixtures

check_PROGRAMS += $(UNIT_TESTS) \
	tests/unit/test-symbols \
	tests/unit/test-header-c \
	tests/unit/test-header-uuid \
	tests/unit/test-header-cxx

TESTS += $(UNIT_TESTS) \
	tests/unit/test-symbols \
	tests/unit/test-header-c \
	tests/unit/test-header-uuid \
	tests/unit/test-header-cxx \
	tests/unit/check-abi.sh \
	tests/unit/check-prototypes.sh \
	tests/unit/differential.sh \
	tests/dist.sh \
	tests/table-rows.sh

tests_unit_test_ctx_SOURCES = tests/unit/test-ctx.c $(UNIT_COMMON)
tests_unit_test_ctx_CPPFLAGS = $(UNIT_CPPFLAGS)
tests_unit_test_ctx_CFLAGS = $(UNIT_CFLAGS)
tests_unit_test_ctx_LDADD = $(UNIT_LDADD)

tests_unit_test_region_SOURCES = tests/unit/test-region.c $(UNIT_COMMON)
tests_unit_test_region_CPPFLAGS = $(UNIT_CPPFLAGS)
tests_unit_test_region_CFLAGS = $(UNIT_CFLAGS)
tests_unit_test_region_LDADD = $(UNIT_LDADD)

tests_unit_test_dev_SOURCES = tests/unit/test-dev.c $(UNIT_COMMON)
tests_unit_test_dev_CPPFLAGS = $(UNIT_CPPFLAGS)
tests_unit_test_dev_CFLAGS = $(UNIT_CFLAGS)
tests_unit_test_dev_LDADD = $(UNIT_LDADD)

tests_unit_test_mapping_SOURCES = tests/unit/test-mapping.c $(UNIT_COMMON)
tests_unit_test_mapping_CPPFLAGS = $(UNIT_CPPFLAGS)
tests_unit_test_mapping_CFLAGS = $(UNIT_CFLAGS)
tests_unit_test_mapping_LDADD = $(UNIT_LDADD)

tests_unit_test_memory_SOURCES = tests/unit/test-memory.c $(UNIT_COMMON)
tests_unit_test_memory_CPPFLAGS = $(UNIT_CPPFLAGS)
tests_unit_test_memory_CFLAGS = $(UNIT_CFLAGS)
tests_unit_test_memory_LDADD = $(UNIT_LDADD)

tests_unit_test_robustness_SOURCES = tests/unit/test-robustness.c \
	$(UNIT_COMMON)
tests_unit_test_robustness_CPPFLAGS = $(UNIT_CPPFLAGS)
tests_unit_test_robustness_CFLAGS = $(UNIT_CFLAGS) -pthread
tests_unit_test_robustness_LDADD = $(UNIT_LDADD) -lpthread

tests_unit_test_fixtures_SOURCES = tests/unit/test-fixtures.c $(UNIT_COMMON)
tests_unit_test_fixtures_CPPFLAGS = $(UNIT_CPPFLAGS)
tests_unit_test_fixtures_CFLAGS = $(UNIT_CFLAGS)
tests_unit_test_fixtures_LDADD = $(UNIT_LDADD)

# Internal helpers (the sysfs module): the convenience library.
tests_unit_test_sysfs_SOURCES = tests/unit/test-sysfs.c $(UNIT_COMMON)
tests_unit_test_sysfs_CPPFLAGS = $(UNIT_CPPFLAGS)
tests_unit_test_sysfs_CFLAGS = $(UNIT_CFLAGS)
tests_unit_test_sysfs_LDADD = libdaxctl/libdaxctl-internal.la $(CMOCKA_LIBS) -ldl

# Generated: every symbol of libdaxctl.sym referenced through the header,
# and bound at its version node at run time (dlvsym).
nodist_tests_unit_test_symbols_SOURCES = tests/unit/test-symbols.c
tests_unit_test_symbols_CFLAGS = $(AM_CFLAGS) \
	-Werror=implicit-function-declaration
tests_unit_test_symbols_LDADD = libdaxctl/libdaxctl.la -ldl
tests/unit/test-symbols.c: $(top_srcdir)/libdaxctl/libdaxctl.sym \
		$(top_srcdir)/tests/unit/gen-sym-test.sh
	$(AM_V_GEN)$(MKDIR_P) tests/unit && \
	$(SHELL) $(top_srcdir)/tests/unit/gen-sym-test.sh \
		$(top_srcdir)/libdaxctl/libdaxctl.sym > $@.tmp && mv $@.tmp $@
CLEANFILES += tests/unit/test-symbols.c

# The public header as a consumer sees it: plain C (no config.h, no
# HAVE_UUID), C with HAVE_UUID and <uuid/uuid.h>, and C++.
HEADER_WARN = -Wall -Wextra -Werror -pedantic
tests_unit_test_header_c_SOURCES = tests/unit/test-header.c
tests_unit_test_header_c_CPPFLAGS = -I$(top_srcdir)/include
tests_unit_test_header_c_CFLAGS = -std=c99 $(HEADER_WARN) $(SANITIZER_CFLAGS)
tests_unit_test_header_c_LDADD = libdaxctl/libdaxctl.la

tests_unit_test_header_uuid_SOURCES = tests/unit/test-header.c
tests_unit_test_header_uuid_CPPFLAGS = -I$(top_srcdir)/include \
	-DHAVE_UUID $(UUID_CFLAGS)
tests_unit_test_header_uuid_CFLAGS = -std=gnu11 $(HEADER_WARN) \
	$(SANITIZER_CFLAGS)
tests_unit_test_header_uuid_LDADD = libdaxctl/libdaxctl.la $(UUID_LIBS)

tests_unit_test_header_cxx_SOURCES = tests/unit/test-header-cxx.cc
tests_unit_test_header_cxx_CPPFLAGS = -I$(top_srcdir)/include
tests_unit_test_header_cxx_CXXFLAGS = -std=c++11 $(HEADER_WARN) \
	$(SANITIZER_CFLAGS)
tests_unit_test_header_cxx_LDADD = libdaxctl/libdaxctl.la

endif

# ---------------------------------------------------------------------------
# make check-valgrind: every cmocka binary under memcheck, through libtool
# so that the binary (not its wrapper script) is checked. Any error or any
# definite/indirect leak fails the target.
# ---------------------------------------------------------------------------
# --fair-sched=yes: without it a thread that loops on syscalls (the rename
# thread of test-robustness) can starve the others for minutes. Each binary
# gets VALGRIND_TIMEOUT seconds (tests/lib/valgrind-each.sh).
VALGRIND_TIMEOUT = 600
VALGRIND_FLAGS = --quiet --fair-sched=yes --leak-check=full --error-exitcode=1 \
	--errors-for-leak-kinds=definite,indirect \
	--show-leak-kinds=definite,indirect --track-fds=no \
	--suppressions=$(abs_top_srcdir)/tests/unit/valgrind.supp

if ENABLE_TESTS
check-valgrind: $(UNIT_TESTS:=$(EXEEXT)) tests/unit/test-symbols$(EXEEXT)
	@command -v valgrind >/dev/null || { \
		echo "check-valgrind: valgrind is not installed" >&2; exit 1; }
	@VALGRIND_FLAGS='$(VALGRIND_FLAGS)' VALGRIND_TIMEOUT=$(VALGRIND_TIMEOUT) \
	$(SHELL) $(abs_top_srcdir)/tests/lib/valgrind-each.sh valgrind \
		'$(LIBTOOL)' $(UNIT_TESTS) tests/unit/test-symbols
else
check-valgrind:
	@echo "check-valgrind: tests disabled (--disable-tests)"
endif
.PHONY += check-valgrind
CLEANFILES += tests/unit/*.valgrind.log
