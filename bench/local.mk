# bench build rules, included from the top Makefile.am
#
# mmap-bench and its runner are installed under $(pkglibexecdir)/bench so
# that the VM rig can stage them with 'make install DESTDIR=...'. The smoke
# test (anonymous memory and a fake tree, correctness only) is
# tests/examples/bench-smoke.sh, registered in examples/local.mk.

benchdir = $(pkglibexecdir)/bench
bench_PROGRAMS = bench/mmap-bench
bench_mmap_bench_SOURCES = bench/mmap-bench.c
bench_mmap_bench_CPPFLAGS = -I$(top_srcdir)/include
bench_mmap_bench_LDADD = libdaxctl/libdaxctl.la
dist_bench_SCRIPTS = bench/run-bench.sh
EXTRA_DIST += bench/README.md
