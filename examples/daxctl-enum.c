// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * daxctl-enum: list every device-dax region, device and mapping.
 *
 * Walks the objects with the daxctl_region_foreach, daxctl_dev_foreach and
 * daxctl_mapping_foreach macros and prints one line per object:
 *
 *   region 0 hmem.0 size 1073741824 align 2097152 available 0
 *     dev dax0.0 252:0 size 1073741824 align 2097152 mode devdax node 1 ...
 *       mapping 0 start 0x140000000 end 0x17fffffff page_offset 0x0 size 1073741824
 *
 * Usage: daxctl-enum [-d daxX.Y] [-q]
 *   -d, --dev NAME   print only this device (exit 3 when there is none)
 *   -q, --quiet      print only the closing count line
 * Exit: 0 listed (an empty list too), 1 library error, 2 usage, 3 no such
 * device.
 *
 * Build: cc daxctl-enum.c $(pkg-config --cflags --libs libdaxctl)
 * The library honours DAXCTL_ROOT=/some/dir to read a fake sysfs tree.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <daxctl/libdaxctl.h>

static const char *mode_name(struct daxctl_dev *dev)
{
	if (!daxctl_dev_is_enabled(dev))
		return "disabled";
	switch (daxctl_dev_get_mode(dev)) {
	case DAXCTL_DEV_MODE_DEVDAX:
		return "devdax";
	case DAXCTL_DEV_MODE_RAM:
		return "system-ram";
	case DAXCTL_DEV_MODE_FAMFS:
		return "famfs";
	default:
		return "unknown";
	}
}

static void print_region(struct daxctl_region *region)
{
	printf("region %d %s size %llu align %lu available %llu\n",
	       daxctl_region_get_id(region), daxctl_region_get_devname(region),
	       daxctl_region_get_size(region), daxctl_region_get_align(region),
	       daxctl_region_get_available_size(region));
}

static void print_memory(struct daxctl_dev *dev)
{
	struct daxctl_memory *mem = daxctl_dev_get_memory(dev);
	const char *node_path;

	if (!mem)
		return;
	node_path = daxctl_memory_get_node_path(mem);
	printf("      memory blocks %d online %d movable %d block_size %lu node_path %s\n",
	       daxctl_memory_num_sections(mem), daxctl_memory_is_online(mem),
	       daxctl_memory_is_movable(mem),
	       daxctl_memory_get_block_size(mem),
	       node_path ? node_path : "?");
}

int main(int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "dev", required_argument, NULL, 'd' },
		{ "quiet", no_argument, NULL, 'q' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	int nr_regions = 0, nr_devs = 0, nr_mappings = 0, quiet = 0, c, rc;
	const char *want = NULL;
	struct daxctl_region *region;
	struct daxctl_mapping *mapping;
	struct daxctl_dev *dev;
	struct daxctl_ctx *ctx;

	while ((c = getopt_long(argc, argv, "d:qh", longopts, NULL)) != -1) {
		switch (c) {
		case 'd':
			want = optarg;
			if (strncmp(want, "/dev/", 5) == 0)
				want += 5;
			break;
		case 'q':
			quiet = 1;
			break;
		case 'h':
			printf("usage: %s [-d daxX.Y] [-q]\n", argv[0]);
			return 0;
		default:
			fprintf(stderr, "usage: %s [-d daxX.Y] [-q]\n", argv[0]);
			return 2;
		}
	}
	if (optind != argc) {
		fprintf(stderr, "usage: %s [-d daxX.Y] [-q]\n", argv[0]);
		return 2;
	}

	rc = daxctl_new(&ctx);
	if (rc < 0) {
		fprintf(stderr, "daxctl-enum: daxctl_new: %s\n", strerror(-rc));
		return 1;
	}

	daxctl_region_foreach(ctx, region) {
		int shown = 0;

		/* with no filter, list empty regions too */
		if (!want) {
			nr_regions++;
			shown = 1;
			if (!quiet)
				print_region(region);
		}
		daxctl_dev_foreach(region, dev) {
			int i = 0;

			if (want && strcmp(want, daxctl_dev_get_devname(dev)))
				continue;
			if (!shown++) {
				nr_regions++;
				if (!quiet)
					print_region(region);
			}
			nr_devs++;
			if (!quiet)
				printf("  dev %s %d:%d size %llu align %lu mode %s node %d resource 0x%llx\n",
				       daxctl_dev_get_devname(dev),
				       daxctl_dev_get_major(dev),
				       daxctl_dev_get_minor(dev),
				       daxctl_dev_get_size(dev),
				       daxctl_dev_get_align(dev), mode_name(dev),
				       daxctl_dev_get_target_node(dev),
				       daxctl_dev_get_resource(dev));
			daxctl_mapping_foreach(dev, mapping) {
				nr_mappings++;
				if (quiet)
					continue;
				printf("    mapping %d start 0x%llx end 0x%llx page_offset 0x%llx size %llu\n",
				       i++, daxctl_mapping_get_start(mapping),
				       daxctl_mapping_get_end(mapping),
				       daxctl_mapping_get_offset(mapping),
				       daxctl_mapping_get_size(mapping));
			}
			if (!quiet)
				print_memory(dev);
		}
	}
	printf("%d regions, %d devices, %d mappings\n", nr_regions, nr_devs,
	       nr_mappings);
	daxctl_unref(ctx);

	if (want && !nr_devs) {
		fprintf(stderr, "daxctl-enum: %s: no such device\n", want);
		return 3;
	}
	return 0;
}
