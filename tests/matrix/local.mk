# The three-way differential matrix for state changes (tests/matrix/):
# matrix.sh runs every case with Debian's daxctl and library, ours, and
# Debian's daxctl on our library, on the fake kernel; libcalls drives the
# library functions directly (dlopen, so either library can be loaded).
EXTRA_DIST += tests/matrix/matrix.sh

if ENABLE_TESTS
check_PROGRAMS += tests/matrix/libcalls
tests_matrix_libcalls_SOURCES = tests/matrix/libcalls.c
tests_matrix_libcalls_LDADD = -ldl
TESTS += tests/matrix/matrix.sh
endif
