# The fixtures of every kernel of the matrix (6.1, 6.12, 7.3), checked
# against the trees themselves (tests/unit/test-fixtures-kernels.c).
check_PROGRAMS += tests/unit/test-fixtures-kernels
TESTS += tests/unit/test-fixtures-kernels
tests_unit_test_fixtures_kernels_SOURCES = \
	tests/unit/test-fixtures-kernels.c $(UNIT_COMMON)
tests_unit_test_fixtures_kernels_CPPFLAGS = $(UNIT_CPPFLAGS)
tests_unit_test_fixtures_kernels_CFLAGS = $(UNIT_CFLAGS)
tests_unit_test_fixtures_kernels_LDADD = $(UNIT_LDADD)
