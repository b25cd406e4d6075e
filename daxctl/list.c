// SPDX-License-Identifier: LGPL-2.1-or-later
/* daxctl list: regions, devices and mappings as JSON. */
#include <stdio.h>
#include <string.h>

#include <daxctl/libdaxctl.h>

#include "daxctl.h"
#include "json.h"

static const struct cmd_opt list_opts[] = {
	{ 'r', "region", required_argument, "<region-id>",
		"filter by region (id, regionN or all)" },
	{ 'd', "dev", required_argument, "<dev-id>",
		"filter by device (daxX.Y, X.Y or all)" },
	{ 'D', "devices", no_argument, NULL, "include device info" },
	{ 'R', "regions", no_argument, NULL, "include region info" },
	{ 'M', "mappings", no_argument, NULL, "include device mappings" },
	{ 'i', "idle", no_argument, NULL, "include idle (zero-sized) devices" },
	{ 'u', "human", no_argument, NULL,
		"use human friendly number formats" },
};

static const struct cmd_desc list_cmd = {
	.name = "list",
	.synopsis = "list [<options>]",
	.opts = list_opts,
	.nr_opts = sizeof(list_opts) / sizeof(list_opts[0]),
};

struct list_params {
	int region_id;
	struct dev_ident dev;
	bool regions, devices, idle;
	unsigned int flags;
};

static struct json_object *list_devices(struct daxctl_region *region,
		const struct list_params *p, struct json_object *jdevs)
{
	struct daxctl_dev *dev;

	daxctl_dev_foreach(region, dev) {
		struct json_object *jdev;

		if (!dev_match(dev, &p->dev))
			continue;
		if (!p->idle && daxctl_dev_get_size(dev) == 0)
			continue;
		jdev = json_dev(dev, p->flags);
		if (!jdev)
			continue;
		if (!jdevs)
			jdevs = json_object_new_array();
		if (!jdevs) {
			json_object_put(jdev);
			break;
		}
		json_object_array_add(jdevs, jdev);
	}
	return jdevs;
}

int cmd_list(int argc, char **argv, struct daxctl_ctx *ctx)
{
	struct list_params p = { .region_id = IDENT_ALL };
	const char *region_arg = NULL, *dev_arg = NULL;
	struct daxctl_region *region;
	struct json_object *jout;
	int c;

	p.dev.all = true;
	while ((c = cmd_getopt(&list_cmd, argc, argv)) != -1) {
		switch (c) {
		case 'r':
			region_arg = optarg;
			break;
		case 'd':
			dev_arg = optarg;
			break;
		case 'D':
			p.devices = true;
			break;
		case 'R':
			p.regions = true;
			break;
		case 'M':
			p.flags |= JSON_MAPPINGS;
			break;
		case 'i':
			p.idle = true;
			break;
		case 'u':
			p.flags |= JSON_HUMAN;
			break;
		default:
			return EXIT_USAGE;
		}
	}
	if (optind < argc) {
		usage_error(&list_cmd, "unknown parameter '%s'", argv[optind]);
		return EXIT_USAGE;
	}
	if (region_arg) {
		p.region_id = parse_region_ident(region_arg);
		if (p.region_id == IDENT_BAD) {
			usage_error(&list_cmd, "invalid region '%s'",
					region_arg);
			return EXIT_USAGE;
		}
	}
	if (dev_arg && parse_dev_ident(dev_arg, &p.dev) < 0) {
		usage_error(&list_cmd, "invalid device '%s'", dev_arg);
		return EXIT_USAGE;
	}
	/* Without -R/-D, -r asks for regions, -d for devices. */
	if (!p.regions && !p.devices) {
		p.regions = region_arg != NULL;
		p.devices = dev_arg != NULL || !region_arg;
	}

	jout = json_object_new_array();
	if (!jout) {
		err("daxctl list: out of memory");
		return 1;
	}
	daxctl_region_foreach(ctx, region) {
		struct json_object *jregion, *jdevs;

		if (!region_match(region, p.region_id))
			continue;
		if (!p.regions) {
			list_devices(region, &p, jout);
			continue;
		}
		jregion = json_region(region, p.flags);
		if (!jregion)
			continue;
		if (p.devices) {
			jdevs = list_devices(region, &p, NULL);
			if (jdevs)
				json_object_object_add(jregion, "devices",
						jdevs);
		}
		json_object_array_add(jout, jregion);
	}
	json_print_list(jout, p.flags);
	return 0;
}
