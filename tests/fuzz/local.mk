# Fuzzing (tests/fuzz/README.md), included from the top Makefile.am.
#
# Each harness fuzz-<name>.c defines LLVMFuzzerTestOneInput(). Two builds:
# - replay-<name> (make check): the normal compiler, replay.c's main()
#   feeds it tests/fuzz/corpus/<name>/ and tests/fuzz/regressions/<name>/;
# - fuzz-<name> (make fuzz): clang -fsanitize=fuzzer,address,undefined,
#   only when configure found such a clang (HAVE_FUZZER).

FUZZ_HARNESSES = attr tree iomem config input parse

EXTRA_DIST += tests/fuzz/README.md tests/fuzz/gen-corpus.py \
	tests/fuzz/corpus tests/fuzz/regressions tests/fuzz/run.sh

FUZZ_LIB_C = $(filter %.c,$(LIBDAXCTL_SOURCES))
# what each harness needs beyond the library and tests/fuzz/fuzz-lib.c
FUZZ_EXTRA_attr =
FUZZ_EXTRA_tree = daxctl/json.c daxctl/explain.c daxctl/util.c
FUZZ_EXTRA_iomem = tests/lib/faketree.c
FUZZ_EXTRA_config = daxctl/config.c daxctl/util.c tests/lib/faketree.c
FUZZ_EXTRA_input = daxctl/input.c daxctl/util.c
FUZZ_EXTRA_parse = daxctl/util.c daxctl/json.c daxctl/explain.c

FUZZ_CPPFLAGS = $(AM_CPPFLAGS) -I$(top_srcdir)/daxctl \
	-I$(top_srcdir)/tests/lib -I$(top_srcdir)/tests/fuzz \
	-DFIXTURES_DIR=\""$(abs_top_srcdir)/tests/fixtures"\" \
	-DFUZZ_DIR=\""$(abs_top_srcdir)/tests/fuzz"\"

# ---- the replay tests (normal compiler, make check) ----
if ENABLE_TESTS
FUZZ_REPLAY = tests/fuzz/replay-attr tests/fuzz/replay-tree \
	tests/fuzz/replay-iomem tests/fuzz/replay-config \
	tests/fuzz/replay-input tests/fuzz/replay-parse
check_PROGRAMS += $(FUZZ_REPLAY)
TESTS += $(FUZZ_REPLAY)

FUZZ_REPLAY_COMMON = tests/fuzz/replay.c tests/fuzz/fuzz-lib.c \
	tests/fuzz/fuzz.h
FUZZ_REPLAY_CFLAGS = $(AM_CFLAGS) $(JSON_CFLAGS) $(UUID_CFLAGS)
FUZZ_REPLAY_LDADD = libdaxctl/libdaxctl-internal.la $(JSON_LIBS) $(UUID_LIBS)

tests_fuzz_replay_attr_SOURCES = tests/fuzz/fuzz-attr.c $(FUZZ_REPLAY_COMMON)
tests_fuzz_replay_attr_CPPFLAGS = $(FUZZ_CPPFLAGS) -DFUZZ_NAME=\"attr\"
tests_fuzz_replay_attr_CFLAGS = $(FUZZ_REPLAY_CFLAGS)
tests_fuzz_replay_attr_LDADD = $(FUZZ_REPLAY_LDADD)

tests_fuzz_replay_tree_SOURCES = tests/fuzz/fuzz-tree.c daxctl/json.c \
	daxctl/explain.c daxctl/util.c $(FUZZ_REPLAY_COMMON)
tests_fuzz_replay_tree_CPPFLAGS = $(FUZZ_CPPFLAGS) -DFUZZ_NAME=\"tree\"
tests_fuzz_replay_tree_CFLAGS = $(FUZZ_REPLAY_CFLAGS)
tests_fuzz_replay_tree_LDADD = $(FUZZ_REPLAY_LDADD)

tests_fuzz_replay_iomem_SOURCES = tests/fuzz/fuzz-iomem.c \
	$(FAKETREE_SOURCES) $(FUZZ_REPLAY_COMMON)
tests_fuzz_replay_iomem_CPPFLAGS = $(FUZZ_CPPFLAGS) -DFUZZ_NAME=\"iomem\"
tests_fuzz_replay_iomem_CFLAGS = $(FUZZ_REPLAY_CFLAGS)
tests_fuzz_replay_iomem_LDADD = $(FUZZ_REPLAY_LDADD)

tests_fuzz_replay_config_SOURCES = tests/fuzz/fuzz-config.c daxctl/config.c \
	daxctl/util.c $(FAKETREE_SOURCES) $(FUZZ_REPLAY_COMMON)
tests_fuzz_replay_config_CPPFLAGS = $(FUZZ_CPPFLAGS) -DFUZZ_NAME=\"config\"
tests_fuzz_replay_config_CFLAGS = $(FUZZ_REPLAY_CFLAGS)
tests_fuzz_replay_config_LDADD = $(FUZZ_REPLAY_LDADD)

tests_fuzz_replay_input_SOURCES = tests/fuzz/fuzz-input.c daxctl/input.c \
	daxctl/util.c $(FUZZ_REPLAY_COMMON)
tests_fuzz_replay_input_CPPFLAGS = $(FUZZ_CPPFLAGS) -DFUZZ_NAME=\"input\"
tests_fuzz_replay_input_CFLAGS = $(FUZZ_REPLAY_CFLAGS)
tests_fuzz_replay_input_LDADD = $(FUZZ_REPLAY_LDADD)

tests_fuzz_replay_parse_SOURCES = tests/fuzz/fuzz-parse.c daxctl/util.c \
	daxctl/json.c daxctl/explain.c $(FUZZ_REPLAY_COMMON)
tests_fuzz_replay_parse_CPPFLAGS = $(FUZZ_CPPFLAGS) -DFUZZ_NAME=\"parse\"
tests_fuzz_replay_parse_CFLAGS = $(FUZZ_REPLAY_CFLAGS)
tests_fuzz_replay_parse_LDADD = $(FUZZ_REPLAY_LDADD)

# make check-valgrind: the replays under memcheck too
check-valgrind-fuzz: $(FUZZ_REPLAY)
	@VALGRIND_FLAGS='$(VALGRIND_FLAGS)' VALGRIND_TIMEOUT=$(VALGRIND_TIMEOUT) \
	$(SHELL) $(abs_top_srcdir)/tests/lib/valgrind-each.sh \
		"valgrind fuzz replay" '$(LIBTOOL)' $(FUZZ_REPLAY)
check-valgrind: check-valgrind-fuzz
.PHONY += check-valgrind-fuzz
CLEANFILES += tests/fuzz/*.valgrind.log
endif

# ---- the libFuzzer build (make fuzz) ----
FUZZ_SECONDS ?= 60
FUZZ_CFLAGS = -g -O1 -fno-omit-frame-pointer \
	-fsanitize=fuzzer,address,undefined -fno-sanitize-recover=all
FUZZ_ENV = ASAN_OPTIONS=detect_leaks=1:abort_on_error=1 \
	UBSAN_OPTIONS=halt_on_error=1:print_stacktrace=1
FUZZ_BINS = $(FUZZ_HARNESSES:%=tests/fuzz/bin/fuzz-%)
FUZZ_DEPS = $(FUZZ_LIB_C:%=$(srcdir)/%) $(srcdir)/tests/fuzz/fuzz-lib.c \
	$(srcdir)/tests/fuzz/fuzz.h $(srcdir)/daxctl/daxctl.h \
	$(srcdir)/daxctl/json.h $(srcdir)/libdaxctl/libdaxctl-private.h \
	$(srcdir)/libdaxctl/sysfs.h $(srcdir)/include/daxctl/libdaxctl.h \
	$(srcdir)/daxctl/json.c $(srcdir)/daxctl/util.c \
	$(srcdir)/daxctl/explain.c $(srcdir)/daxctl/explain.h \
	$(srcdir)/daxctl/config.c $(srcdir)/daxctl/input.c \
	$(srcdir)/daxctl/explain.c $(srcdir)/daxctl/explain.h \
	$(srcdir)/tests/lib/faketree.c $(srcdir)/tests/lib/faketree.h

if HAVE_FUZZER
tests/fuzz/bin/fuzz-%: $(srcdir)/tests/fuzz/fuzz-%.c $(FUZZ_DEPS)
	$(AM_V_CC)$(MKDIR_P) $(dir $@) && $(FUZZ_CC) $(FUZZ_CFLAGS) \
		$(FUZZ_CPPFLAGS) $(JSON_CFLAGS) $(UUID_CFLAGS) $(KMOD_CFLAGS) \
		-o $@ $< $(srcdir)/tests/fuzz/fuzz-lib.c \
		$(FUZZ_LIB_C:%=$(srcdir)/%) \
		$(FUZZ_EXTRA_$*:%=$(srcdir)/%) \
		$(JSON_LIBS) $(UUID_LIBS) $(KMOD_LIBS)

fuzz-build: $(FUZZ_BINS)

# FUZZ_SECONDS per harness, FUZZ_JOBS (default: the cores) at a time; new
# inputs land in tests/fuzz/work/<name>/, crashes in
# tests/fuzz/crashes/<name>-*. Fails on any finding (tests/fuzz/run.sh).
fuzz: $(FUZZ_BINS)
	@$(FUZZ_ENV) FUZZ_SECONDS=$(FUZZ_SECONDS) FUZZ_ARGS='$(FUZZ_ARGS)' \
		$(srcdir)/tests/fuzz/run.sh $(srcdir) $(FUZZ_HARNESSES)

# Fold tests/fuzz/work/<name>/ into the committed seed corpus, keeping only
# inputs that add coverage (libFuzzer -merge=1).
fuzz-merge: $(FUZZ_BINS)
	@for h in $(FUZZ_HARNESSES); do \
		rm -rf tests/fuzz/merged/$$h; $(MKDIR_P) tests/fuzz/merged/$$h; \
		$(FUZZ_ENV) ./tests/fuzz/bin/fuzz-$$h -merge=1 -close_fd_mask=3 \
			tests/fuzz/merged/$$h $(srcdir)/tests/fuzz/corpus/$$h \
			tests/fuzz/work/$$h >tests/fuzz/merge-$$h.log 2>&1 || exit 1; \
		rm -rf $(srcdir)/tests/fuzz/corpus/$$h; \
		mv tests/fuzz/merged/$$h $(srcdir)/tests/fuzz/corpus/$$h; \
		echo "fuzz-merge: $$h: $$(ls $(srcdir)/tests/fuzz/corpus/$$h | wc -l) files"; \
	done
else
fuzz fuzz-build fuzz-merge:
	@echo "SKIP: make $@: $(FUZZ_SKIP_REASON)"
	@echo "fuzz: 0 passed, 0 failed, 1 skipped"
endif
.PHONY += fuzz fuzz-build fuzz-merge
CLEANFILES += tests/fuzz/*.log
clean-local: clean-local-fuzz
clean-local-fuzz:
	rm -rf tests/fuzz/bin tests/fuzz/work tests/fuzz/merged
