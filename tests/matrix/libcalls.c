// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * libcalls: call one state-changing libdaxctl function on one device and
 * print what it returned, for the differential matrix (matrix.sh). The
 * library is opened with dlopen("libdaxctl.so.1"), so that the same
 * binary runs on Debian's library or on ours (LD_LIBRARY_PATH); a
 * function the library lacks (famfs before LIBDAXCTL_11) prints "absent".
 *
 *   libcalls OP daxX.Y
 *
 * OP: enable-devdax, enable-ram, enable-famfs, disable, online,
 * online-no-movable, offline, size-512m, size-0, align-4k, align-1g,
 * mapping (0x2c0000000-0x2cfffffff), create, destroy (the device);
 * ctx-defaults: what a new context starts with (the config directory the
 * distribution's daxctl reads, the log priority), device not used.
 * Output: one line "OP rc=N [errno name]". Exit 0 unless the call could
 * not be made (usage, no library, no such device: 2).
 */
#ifndef _GNU_SOURCE
#define _GNU_SOURCE
#endif
#include <dlfcn.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* the library's opaque types; its functions come from dlsym() */
struct daxctl_ctx;
struct daxctl_region;
struct daxctl_dev;
struct daxctl_memory;

static void *lib;

static void *sym(const char *name)
{
	return dlsym(lib, name);
}

#define FN(type, name, args) type (*name) args = \
	(type (*) args)sym(#name)

int main(int argc, char **argv)
{
	const char *op, *devname;
	struct daxctl_ctx *ctx;
	struct daxctl_region *region, *found_region = NULL;
	struct daxctl_dev *dev, *found = NULL;
	struct daxctl_memory *mem;
	int rc;

	if (argc != 3) {
		fprintf(stderr, "usage: %s OP daxX.Y\n", argv[0]);
		return 2;
	}
	op = argv[1];
	devname = argv[2];
	lib = dlopen("libdaxctl.so.1", RTLD_NOW);
	if (!lib) {
		fprintf(stderr, "libcalls: %s\n", dlerror());
		return 2;
	}
	FN(int, daxctl_new, (struct daxctl_ctx **));
	FN(void, daxctl_unref, (struct daxctl_ctx *));
	FN(const char *, daxctl_get_config_path, (struct daxctl_ctx *));
	FN(int, daxctl_get_log_priority, (struct daxctl_ctx *));
	FN(struct daxctl_region *, daxctl_region_get_first,
			(struct daxctl_ctx *));
	FN(struct daxctl_region *, daxctl_region_get_next,
			(struct daxctl_region *));
	FN(struct daxctl_dev *, daxctl_dev_get_first, (struct daxctl_region *));
	FN(struct daxctl_dev *, daxctl_dev_get_next, (struct daxctl_dev *));
	FN(const char *, daxctl_dev_get_devname, (struct daxctl_dev *));
	FN(int, daxctl_dev_enable_devdax, (struct daxctl_dev *));
	FN(int, daxctl_dev_enable_ram, (struct daxctl_dev *));
	FN(int, daxctl_dev_enable_famfs, (struct daxctl_dev *));
	FN(int, daxctl_dev_disable, (struct daxctl_dev *));
	FN(struct daxctl_memory *, daxctl_dev_get_memory,
			(struct daxctl_dev *));
	FN(int, daxctl_memory_online, (struct daxctl_memory *));
	FN(int, daxctl_memory_online_no_movable, (struct daxctl_memory *));
	FN(int, daxctl_memory_offline, (struct daxctl_memory *));
	FN(int, daxctl_dev_set_size, (struct daxctl_dev *, unsigned long long));
	FN(int, daxctl_dev_set_align, (struct daxctl_dev *, unsigned long));
	FN(int, daxctl_dev_set_mapping, (struct daxctl_dev *,
				unsigned long long, unsigned long long));
	FN(int, daxctl_region_create_dev, (struct daxctl_region *));
	FN(int, daxctl_region_destroy_dev, (struct daxctl_region *,
				struct daxctl_dev *));

	if (!daxctl_new || daxctl_new(&ctx) < 0) {
		fprintf(stderr, "libcalls: no context\n");
		return 2;
	}
	if (strcmp(op, "ctx-defaults") == 0) {
		const char *path = daxctl_get_config_path ?
			daxctl_get_config_path(ctx) : "absent";

		printf("%s config_path=%s log_priority=%d\n", op,
		       path ? path : "(null)",
		       daxctl_get_log_priority ?
		       daxctl_get_log_priority(ctx) : -1);
		daxctl_unref(ctx);
		return 0;
	}
	for (region = daxctl_region_get_first(ctx); region && !found;
			region = daxctl_region_get_next(region))
		for (dev = daxctl_dev_get_first(region); dev;
				dev = daxctl_dev_get_next(dev))
			if (strcmp(daxctl_dev_get_devname(dev), devname) == 0) {
				found = dev;
				found_region = region;
				break;
			}
	if (!found) {
		printf("%s no device\n", op);
		daxctl_unref(ctx);
		return 0;
	}
	dev = found;
	mem = NULL;
	if (strncmp(op, "online", 6) == 0 || strcmp(op, "offline") == 0) {
		mem = daxctl_dev_get_memory(dev);
		if (!mem) {
			printf("%s no memory\n", op);
			daxctl_unref(ctx);
			return 0;
		}
	}

	if (strcmp(op, "enable-devdax") == 0)
		rc = daxctl_dev_enable_devdax(dev);
	else if (strcmp(op, "enable-ram") == 0)
		rc = daxctl_dev_enable_ram(dev);
	else if (strcmp(op, "enable-famfs") == 0) {
		if (!daxctl_dev_enable_famfs) {
			printf("%s absent\n", op);
			daxctl_unref(ctx);
			return 0;
		}
		rc = daxctl_dev_enable_famfs(dev);
	} else if (strcmp(op, "disable") == 0)
		rc = daxctl_dev_disable(dev);
	else if (strcmp(op, "online") == 0)
		rc = daxctl_memory_online(mem);
	else if (strcmp(op, "online-no-movable") == 0)
		rc = daxctl_memory_online_no_movable(mem);
	else if (strcmp(op, "offline") == 0)
		rc = daxctl_memory_offline(mem);
	else if (strcmp(op, "size-512m") == 0)
		rc = daxctl_dev_set_size(dev, 512ULL << 20);
	else if (strcmp(op, "size-0") == 0)
		rc = daxctl_dev_set_size(dev, 0);
	else if (strcmp(op, "align-4k") == 0)
		rc = daxctl_dev_set_align(dev, 4096);
	else if (strcmp(op, "align-1g") == 0)
		rc = daxctl_dev_set_align(dev, 1UL << 30);
	else if (strcmp(op, "mapping") == 0)
		rc = daxctl_dev_set_mapping(dev, 0x2c0000000ULL,
				0x2cfffffffULL);
	else if (strcmp(op, "create") == 0)
		rc = daxctl_region_create_dev(found_region);
	else if (strcmp(op, "destroy") == 0)
		rc = daxctl_region_destroy_dev(found_region, dev);
	else {
		fprintf(stderr, "libcalls: unknown op %s\n", op);
		daxctl_unref(ctx);
		return 2;
	}
	if (rc < 0)
		printf("%s rc=%d %s\n", op, rc, strerrorname_np(-rc) ?
				strerrorname_np(-rc) : "?");
	else
		printf("%s rc=%d\n", op, rc);
	daxctl_unref(ctx);
	return 0;
}
