// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * daxctl-ram: hand a device-dax instance to the kernel as System RAM, then
 * give it back, through the library alone (what 'daxctl reconfigure-device
 * -m system-ram' and '-m devdax' do).
 *
 *   daxctl_dev_disable          unbind device_dax
 *   daxctl_dev_enable_ram       bind kmem: the range becomes memory blocks
 *   daxctl_memory_online        online the blocks (ZONE_MOVABLE by default)
 *   ... report blocks, block size, node, online and movable counts ...
 *   daxctl_memory_offline       offline them again (movable: pages migrate)
 *   daxctl_dev_disable          unbind kmem
 *   daxctl_dev_enable_devdax    bind device_dax: /dev/daxX.Y is back
 *
 * Every step's result is checked, and the state it should leave is read
 * back (mode, online block count). Needs root and a real kernel.
 *
 * Usage: daxctl-ram [options] daxX.Y
 *   -N, --no-movable  online into the kernel's default zone (may not
 *                     offline again: unmovable allocations can land there)
 *   -k, --keep        stop after onlining: leave the device as System RAM
 *   -r, --restore     only the second half, for a device in system-ram mode
 *                     (one left by --keep): offline, disable, enable devdax
 *   -f, --force       go on although the kernel onlines hot-added memory by
 *                     itself (memory/auto_online_blocks), as daxctl -f does
 * Exit: 0 round trip done, 1 a step failed (the message names it and the
 * state the device was left in), 2 usage, 3 no usable device (missing,
 * disabled, already system-ram, auto-online policy without -f; with -r:
 * not in system-ram mode).
 *
 * Build: cc daxctl-ram.c $(pkg-config --cflags --libs libdaxctl)
 */
#define _GNU_SOURCE
#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <daxctl/libdaxctl.h>

enum {
	EXIT_STEP = 1,
	EXIT_USAGE = 2,
	EXIT_NODEV = 3,
};

static const char *devname;

/* Print a failed step and where the device was left; returns EXIT_STEP. */
static int step_failed(const char *step, int rc, const char *state)
{
	fprintf(stderr, "daxctl-ram: %s: %s failed: %s\n", devname, step,
		rc < 0 ? strerror(-rc) : "unexpected state");
	fprintf(stderr, "daxctl-ram: %s: left %s\n", devname, state);
	return EXIT_STEP;
}

static struct daxctl_dev *find_dev(struct daxctl_ctx *ctx, const char *name)
{
	struct daxctl_region *region;
	struct daxctl_dev *dev;

	daxctl_region_foreach(ctx, region)
		daxctl_dev_foreach(region, dev)
			if (strcmp(daxctl_dev_get_devname(dev), name) == 0)
				return dev;
	return NULL;
}

static void show_memory(struct daxctl_dev *dev, struct daxctl_memory *mem)
{
	const char *node_path = daxctl_memory_get_node_path(mem);

	printf("%s: %d memory blocks of %lu bytes, %d online, movable %d, node %d (%s)\n",
	       devname, daxctl_memory_num_sections(mem),
	       daxctl_memory_get_block_size(mem), daxctl_memory_is_online(mem),
	       daxctl_memory_is_movable(mem), daxctl_dev_get_target_node(dev),
	       node_path ? node_path : "?");
}

/* system-ram back to devdax: offline, disable, enable devdax */
static int give_back(struct daxctl_dev *dev, struct daxctl_memory *mem)
{
	unsigned long long size = daxctl_dev_get_size(dev);
	int rc, tries;

	/* offlining migrates pages away; the kernel may say EBUSY meanwhile */
	for (tries = 1;; tries++) {
		rc = daxctl_memory_offline(mem);
		if (rc >= 0 && daxctl_memory_is_online(mem) == 0)
			break;
		if (tries == 3)
			return step_failed("daxctl_memory_offline", rc,
					   "in system-ram mode, partly online");
		sleep(1);
	}
	printf("%s: offlined (%d tries)\n", devname, tries);

	rc = daxctl_dev_disable(dev);
	if (rc < 0 || daxctl_dev_is_enabled(dev))
		return step_failed("daxctl_dev_disable", rc,
				   "in system-ram mode, memory offline");

	rc = daxctl_dev_enable_devdax(dev);
	if (rc < 0 || !daxctl_dev_is_devdax_mode(dev))
		return step_failed("daxctl_dev_enable_devdax", rc,
				   "disabled: 'daxctl enable-device' restores it");
	if (daxctl_dev_get_size(dev) != size)
		return step_failed("size check", 0, "in devdax mode, resized");
	printf("%s: back in devdax mode, size %llu\n", devname, size);
	return 0;
}

static int round_trip(struct daxctl_dev *dev, int movable, int keep)
{
	struct daxctl_memory *mem;
	int rc, blocks;

	rc = daxctl_dev_disable(dev);
	if (rc < 0 || daxctl_dev_is_enabled(dev))
		return step_failed("daxctl_dev_disable", rc,
				   "in devdax mode (or disabled)");
	printf("%s: disabled\n", devname);

	rc = daxctl_dev_enable_ram(dev);
	if (rc < 0 || !daxctl_dev_is_system_ram_mode(dev))
		return step_failed("daxctl_dev_enable_ram", rc,
				   "disabled: 'daxctl enable-device' restores it");
	printf("%s: enabled in system-ram mode\n", devname);

	mem = daxctl_dev_get_memory(dev);
	if (!mem)
		return step_failed("daxctl_dev_get_memory", -ENXIO,
				   "in system-ram mode, memory state unknown");
	blocks = daxctl_memory_num_sections(mem);
	if (blocks <= 0)
		return step_failed("daxctl_memory_num_sections",
				   blocks ? blocks : -ENOENT,
				   "in system-ram mode");
	show_memory(dev, mem);

	rc = movable ? daxctl_memory_online(mem)
		     : daxctl_memory_online_no_movable(mem);
	if (rc < 0 || daxctl_memory_is_online(mem) != blocks)
		return step_failed("daxctl_memory_online", rc,
				   "in system-ram mode, partly online");
	printf("%s: onlined %d blocks (%d were already online)\n", devname,
	       rc, blocks - rc);
	show_memory(dev, mem);
	if (daxctl_dev_has_online_memory(dev) != blocks)
		return step_failed("daxctl_dev_has_online_memory", 0,
				   "in system-ram mode, online");
	if (movable && daxctl_memory_is_movable(mem) != 1)
		printf("%s: warning: not every block is in ZONE_MOVABLE: offlining may fail\n",
		       devname);
	if (keep) {
		printf("%s: left as System RAM (--keep)\n", devname);
		return 0;
	}
	return give_back(dev, mem);
}

int main(int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "no-movable", no_argument, NULL, 'N' },
		{ "keep", no_argument, NULL, 'k' },
		{ "force", no_argument, NULL, 'f' },
		{ "restore", no_argument, NULL, 'r' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	int c, rc, movable = 1, keep = 0, force = 0, restore = 0;
	struct daxctl_memory *mem;
	struct daxctl_ctx *ctx;
	struct daxctl_dev *dev;

	while ((c = getopt_long(argc, argv, "Nkfrh", longopts, NULL)) != -1) {
		switch (c) {
		case 'N':
			movable = 0;
			break;
		case 'k':
			keep = 1;
			break;
		case 'f':
			force = 1;
			break;
		case 'r':
			restore = 1;
			break;
		case 'h':
			printf("usage: %s [-N] [-k] [-f] [-r] daxX.Y\n", argv[0]);
			return 0;
		default:
			fprintf(stderr, "usage: %s [-N] [-k] [-f] [-r] daxX.Y\n", argv[0]);
			return EXIT_USAGE;
		}
	}
	if (optind != argc - 1) {
		fprintf(stderr, "usage: %s [-N] [-k] [-f] [-r] daxX.Y\n", argv[0]);
		return EXIT_USAGE;
	}
	devname = argv[optind];
	if (strncmp(devname, "/dev/", 5) == 0)
		devname += 5;

	rc = daxctl_new(&ctx);
	if (rc < 0) {
		fprintf(stderr, "daxctl-ram: daxctl_new: %s\n", strerror(-rc));
		return EXIT_STEP;
	}
	dev = find_dev(ctx, devname);
	rc = EXIT_NODEV;
	if (!dev)
		fprintf(stderr, "daxctl-ram: %s: no such device-dax instance\n",
			devname);
	else if (restore) {
		mem = daxctl_dev_get_memory(dev);
		if (!daxctl_dev_is_system_ram_mode(dev) || !mem)
			fprintf(stderr, "daxctl-ram: %s: device is not in system-ram mode: nothing to restore\n",
				devname);
		else
			rc = give_back(dev, mem);
	} else if (!daxctl_dev_is_enabled(dev))
		fprintf(stderr, "daxctl-ram: %s: device is disabled (enable it in devdax mode first)\n",
			devname);
	else if (daxctl_dev_is_system_ram_mode(dev))
		fprintf(stderr, "daxctl-ram: %s: device is already in system-ram mode\n",
			devname);
	else if (!daxctl_dev_is_devdax_mode(dev))
		fprintf(stderr, "daxctl-ram: %s: device is not in devdax mode\n",
			devname);
	else if (daxctl_dev_will_auto_online_memory(dev) && !force)
		fprintf(stderr, "daxctl-ram: %s: the kernel onlines hot-added memory itself (auto_online_blocks), maybe into an unmovable zone; use -f to go on\n",
			devname);
	else
		rc = round_trip(dev, movable, keep);
	daxctl_unref(ctx);
	return rc;
}
