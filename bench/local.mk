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

# make bench: the benchmark in the QEMU guest (tests/vm/run --bench), on a
# 2 MiB- and a 4 KiB-aligned devdax and THP anonymous memory; prints the
# devdax/anon ratios (min/median/max).  Not part of check or check-vm, and
# it fails only on errors, never on speed.  Exit 77 with "SKIP: <reason>"
# where QEMU cannot run.  BENCH_ARGS: e.g. "--bench-runs 20 --bench-size 128m".
BENCH_ARGS =

bench: all
	$(AM_V_GEN)$(top_srcdir)/tests/vm/run --builddir "$(abs_top_builddir)" \
		--no-build --bench $(BENCH_ARGS)

.PHONY += bench

# make bench-list: enumeration and memory-block cost, Debian's libdaxctl
# against ours in one run (bench/bench-list.sh; syscalls, instructions,
# wall time, the scaling plot). Not a test: never fails on speed.
# BENCH_LIST_RUNS, BENCH_LIST_DEVS, BENCH_LIST_BLOCKS: see the script.
EXTRA_PROGRAMS = bench/bench-tree
bench_bench_tree_SOURCES = bench/bench-tree.c $(FAKETREE_SOURCES)
bench_bench_tree_CPPFLAGS = $(FAKETREE_CPPFLAGS)
EXTRA_DIST += bench/bench-list.sh bench/bench-list-inner.sh \
	bench/bench-list.py bench/list-scaling.gp bench/list-scaling.png
CLEANFILES += bench/bench-tree

bench-list: all bench/bench-tree tests/lib/fakekernel.la
	$(AM_V_GEN)$(top_srcdir)/bench/bench-list.sh "$(abs_top_builddir)"

.PHONY += bench-list
