# The three-way differential matrix for state changes (tests/matrix/):
# matrix.sh runs every case with Debian's daxctl and library, ours, and
# Debian's daxctl on our library, on the fake kernel; libcalls drives the
# library functions directly (dlopen, so either library can be loaded).
EXTRA_DIST += tests/matrix/matrix.sh tests/matrix/guest-rows.sh

if ENABLE_TESTS
check_PROGRAMS += tests/matrix/libcalls
tests_matrix_libcalls_SOURCES = tests/matrix/libcalls.c
tests_matrix_libcalls_LDADD = -ldl
# the default set (557 cases); root, else SKIP
TESTS += tests/matrix/matrix.sh tests/matrix/guest-rows.sh
endif

# Every case (689, MATRIX_ALL=1). MATRIX_ONLY="state..." runs some states,
# MATRIX_CASE='STATE|COMMAND' one case with all its output.
check-matrix: all $(check_PROGRAMS) $(check_LTLIBRARIES)
	srcdir=$(srcdir) MATRIX_ALL=1 $(SHELL) $(srcdir)/tests/matrix/matrix.sh
.PHONY: check-matrix
