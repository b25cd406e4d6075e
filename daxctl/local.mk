# daxctl build rules, included from the top Makefile.am

bin_PROGRAMS += daxctl/daxctl

daxctl_daxctl_SOURCES = \
	daxctl/daxctl.h \
	daxctl/daxctl.c \
	daxctl/list.c \
	daxctl/device.c \
	daxctl/migrate.c \
	daxctl/config.c \
	daxctl/json.h \
	daxctl/json.c \
	daxctl/util.c
daxctl_daxctl_CFLAGS = $(AM_CFLAGS) $(JSON_CFLAGS)
daxctl_daxctl_LDADD = libdaxctl/libdaxctl.la $(JSON_LIBS)
