# tests/stress: the tree changes under the walk (stress-walk: a mutating
# process against library walks and "daxctl list -RDMi"), and contexts used
# from several threads at once (stress-threads). Both bounded by count and
# by time; see tests/stress/README.md.

EXTRA_DIST += tests/stress/README.md

if ENABLE_TESTS
STRESS_COMMON = tests/stress/stress.c tests/stress/stress.h $(FAKETREE_SOURCES)
STRESS_CPPFLAGS = $(FAKETREE_CPPFLAGS) -I$(top_srcdir)/tests/stress

check_PROGRAMS += tests/stress/stress-walk tests/stress/stress-threads
TESTS += tests/stress/stress-walk tests/stress/stress-threads

tests_stress_stress_walk_SOURCES = tests/stress/stress-walk.c $(STRESS_COMMON)
tests_stress_stress_walk_CPPFLAGS = $(STRESS_CPPFLAGS) \
	-DDAXCTL_BIN=\""$(abs_top_builddir)/daxctl/daxctl"\" \
	-DDAXCTL_BIN_DIRECT=\""$(abs_top_builddir)/daxctl/.libs/daxctl"\" \
	-DDAXCTL_LIBDIR=\""$(abs_top_builddir)/libdaxctl/.libs"\"
tests_stress_stress_walk_CFLAGS = $(AM_CFLAGS) $(JSON_CFLAGS)
tests_stress_stress_walk_LDADD = libdaxctl/libdaxctl.la $(JSON_LIBS)
tests_stress_stress_walk_DEPENDENCIES = libdaxctl/libdaxctl.la daxctl/daxctl$(EXEEXT)

tests_stress_stress_threads_SOURCES = tests/stress/stress-threads.c \
	$(STRESS_COMMON)
tests_stress_stress_threads_CPPFLAGS = $(STRESS_CPPFLAGS)
tests_stress_stress_threads_CFLAGS = $(AM_CFLAGS) $(JSON_CFLAGS) -pthread
tests_stress_stress_threads_LDADD = libdaxctl/libdaxctl.la $(JSON_LIBS) \
	-lpthread
endif
