# daxctl build rules, included from the top Makefile.am

bin_PROGRAMS += daxctl/daxctl

daxctl_daxctl_SOURCES = \
	daxctl/daxctl.h \
	daxctl/daxctl.c \
	daxctl/list.c \
	daxctl/device.c \
	daxctl/migrate.c \
	daxctl/config.c \
	daxctl/input.c \
	daxctl/explain.h \
	daxctl/explain.c \
	daxctl/progress.c \
	daxctl/event.h \
	daxctl/event.c \
	daxctl/monitor.c \
	daxctl/json.h \
	daxctl/json.c \
	daxctl/util.c
daxctl_daxctl_CFLAGS = $(AM_CFLAGS) $(JSON_CFLAGS) $(UUID_CFLAGS) \
	$(UDEV_CFLAGS)
daxctl_daxctl_LDADD = libdaxctl/libdaxctl.la $(JSON_LIBS) $(UUID_LIBS) \
	$(UDEV_LIBS) -lpthread

# --- udev rule, systemd unit, example config, bash completion
udevrules_DATA = daxctl/90-daxctl-device.rules
systemdsystemunit_DATA = daxctl/daxdev-reconfigure@.service
daxctlconf_DATA = daxctl/daxctl.example.conf
# installed as <bashcompletiondir>/daxctl
bashcompletion_DATA = daxctl/completion/daxctl

daxctl/daxdev-reconfigure@.service: $(srcdir)/daxctl/daxdev-reconfigure@.service.in
	$(SED_PROCESS)
daxctl/completion/daxctl: $(srcdir)/daxctl/daxctl-completion.bash
	$(AM_V_GEN)$(MKDIR_P) $(dir $@) && cp $< $@

EXTRA_DIST += \
	daxctl/90-daxctl-device.rules \
	daxctl/daxdev-reconfigure@.service.in \
	daxctl/daxctl.example.conf \
	daxctl/daxctl-completion.bash
CLEANFILES += daxctl/daxdev-reconfigure@.service daxctl/completion/daxctl
noinst_DATA = daxctl/daxdev-reconfigure@.service daxctl/completion/daxctl

# --- man pages: asciidoctor sources, built when asciidoctor is there
DAXCTL_MAN1 = \
	daxctl/Documentation/daxctl.1 \
	daxctl/Documentation/daxctl-list.1 \
	daxctl/Documentation/daxctl-migrate-device-model.1 \
	daxctl/Documentation/daxctl-reconfigure-device.1 \
	daxctl/Documentation/daxctl-online-memory.1 \
	daxctl/Documentation/daxctl-offline-memory.1 \
	daxctl/Documentation/daxctl-create-device.1 \
	daxctl/Documentation/daxctl-destroy-device.1 \
	daxctl/Documentation/daxctl-enable-device.1 \
	daxctl/Documentation/daxctl-disable-device.1 \
	daxctl/Documentation/daxctl-monitor.1
DAXCTL_MAN3 = daxctl/Documentation/libdaxctl.3
DAXCTL_MAN_SRC = $(DAXCTL_MAN1:.1=.adoc) $(DAXCTL_MAN3:.3=.adoc)
EXTRA_DIST += $(DAXCTL_MAN_SRC)

if HAVE_ASCIIDOCTOR
man_MANS += $(DAXCTL_MAN1) $(DAXCTL_MAN3)
CLEANFILES += $(DAXCTL_MAN1) $(DAXCTL_MAN3)

ASCIIDOCTOR_MAN = $(AM_V_GEN)$(MKDIR_P) $(dir $@) && \
	$(ASCIIDOCTOR) -b manpage -a mansource="$(PACKAGE) $(VERSION)" \
	-a reproducible -o $@ $<

daxctl/Documentation/%.1: $(srcdir)/daxctl/Documentation/%.adoc
	$(ASCIIDOCTOR_MAN)
daxctl/Documentation/%.3: $(srcdir)/daxctl/Documentation/%.adoc
	$(ASCIIDOCTOR_MAN)
endif

# --- tests (tests/daxctl/*.sh, run from the build directory)
DAXCTL_TESTS = \
	tests/daxctl/list.sh \
	tests/daxctl/migrate.sh \
	tests/daxctl/differential.sh \
	tests/daxctl/device.sh \
	tests/daxctl/partial-blocks.sh \
	tests/daxctl/usage.sh \
	tests/daxctl/config.sh \
	tests/daxctl/man.sh \
	tests/daxctl/ownership.sh
TESTS += $(DAXCTL_TESTS)
EXTRA_DIST += $(DAXCTL_TESTS) tests/daxctl/lib.sh tests/lib/check-writes.py
# (the fake kernel shim and the tree builder they use: tests/local.mk)

# daxctl monitor's event formatting and filters, without a kernel
if ENABLE_TESTS
check_PROGRAMS += tests/daxctl/test-event
tests_daxctl_test_event_SOURCES = tests/daxctl/test-event.c daxctl/event.c \
	daxctl/event.h
tests_daxctl_test_event_CPPFLAGS = $(AM_CPPFLAGS) -I$(top_srcdir)/daxctl
tests_daxctl_test_event_CFLAGS = $(AM_CFLAGS) $(CMOCKA_CFLAGS) $(JSON_CFLAGS)
tests_daxctl_test_event_LDADD = $(CMOCKA_LIBS) $(JSON_LIBS)
TESTS += tests/daxctl/test-event
endif
TESTS += tests/daxctl/features.sh
EXTRA_DIST += tests/daxctl/features.sh
