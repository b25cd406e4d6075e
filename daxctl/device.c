// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * daxctl device commands: reconfigure-device, online-memory,
 * offline-memory, create-device, destroy-device, enable-device and
 * disable-device. They share option parsing, device selection and the
 * error reporting convention "<device>: <what failed> (<cause>)".
 */
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <syslog.h>
#include <unistd.h>

#include <daxctl/libdaxctl.h>

#include "daxctl.h"
#include "explain.h"
#include "json.h"

enum action {
	ACT_RECONFIG,
	ACT_ONLINE,
	ACT_OFFLINE,
	ACT_CREATE,
	ACT_DESTROY,
	ACT_ENABLE,
	ACT_DISABLE,
};

enum {
	OPT_NO_MOVABLE = 256,
	OPT_INPUT,
	OPT_MEMMAP,
};

struct dev_params {
	enum action action;
	const struct cmd_desc *cmd;
	const char *region_arg, *dev_arg, *mode, *input;
	int region_id;
	struct dev_ident dev;
	bool human, verbose, force, no_online, no_movable, check_config;
	bool quiet, memmap;
	bool size_set, align_set;
	unsigned long long size, align;
	unsigned int flags;
	/* create-device --input */
	unsigned long long map_start[DEV_INPUT_MAX_MAPPINGS];
	unsigned long long map_end[DEV_INPUT_MAX_MAPPINGS];
	int nr_maps;
};

#define OPT_REGION { 'r', "region", required_argument, "<region-id>", \
	"filter by region (id, regionN or all)" }
#define OPT_HUMAN { 'u', "human", no_argument, NULL, \
	"use human friendly number formats" }
#define OPT_VERBOSE { 'v', "verbose", no_argument, NULL, \
	"emit more debug messages" }
#define OPT_MOVABLE { OPT_NO_MOVABLE, "no-movable", no_argument, NULL, \
	"online memory in ZONE_NORMAL" }
#define OPT_QUIET { 'q', "quiet", no_argument, NULL, \
	"no progress display on a terminal" }

static const struct cmd_opt reconfig_opts[] = {
	OPT_REGION, OPT_HUMAN, OPT_VERBOSE,
	{ 's', "size", required_argument, "<size>",
		"resize the device (k, m, g, t suffixes)" },
	{ 'a', "align", required_argument, "<align>",
		"set the device's mapping alignment" },
	{ 'm', "mode", required_argument, "<mode>",
		"switch to system-ram, devdax or famfs" },
	{ 'N', "no-online", no_argument, NULL,
		"don't online memory after switching to system-ram" },
	{ 'f', "force", no_argument, NULL,
		"offline memory first, or override the auto-online policy" },
	{ 'C', "check-config", no_argument, NULL,
		"take the parameters from the daxctl config files" },
	OPT_MOVABLE,
	{ OPT_MEMMAP, "memmap-on-memory", no_argument, NULL,
		"system-ram: keep the memmap on the device (Linux 6.8+)" },
	OPT_QUIET,
};

static const struct cmd_opt online_opts[] = {
	OPT_REGION, OPT_HUMAN, OPT_VERBOSE, OPT_MOVABLE, OPT_QUIET,
};

static const struct cmd_opt offline_opts[] = {
	OPT_REGION, OPT_HUMAN, OPT_VERBOSE, OPT_QUIET,
};

static const struct cmd_opt basic_opts[] = {
	OPT_REGION, OPT_HUMAN, OPT_VERBOSE,
};

static const struct cmd_opt create_opts[] = {
	OPT_REGION, OPT_HUMAN, OPT_VERBOSE,
	{ 's', "size", required_argument, "<size>",
		"device size (default: all available)" },
	{ 'a', "align", required_argument, "<align>",
		"device mapping alignment" },
	{ OPT_INPUT, "input", required_argument, "<file>",
		"device JSON (as from daxctl list -M) with mappings" },
};

static const struct cmd_opt destroy_opts[] = {
	OPT_REGION, OPT_HUMAN, OPT_VERBOSE,
	{ 'f', "force", no_argument, NULL, "disable the device first" },
};

#define DESC(n, syn, o) { .name = n, .synopsis = syn, .opts = o, \
	.nr_opts = sizeof(o) / sizeof(o[0]) }

static const struct cmd_desc cmds[] = {
	[ACT_RECONFIG] = DESC("reconfigure-device",
			"reconfigure-device <device> [<options>]",
			reconfig_opts),
	[ACT_ONLINE] = DESC("online-memory",
			"online-memory <device> [<options>]", online_opts),
	[ACT_OFFLINE] = DESC("offline-memory",
			"offline-memory <device> [<options>]", offline_opts),
	[ACT_CREATE] = DESC("create-device", "create-device [<options>]",
			create_opts),
	[ACT_DESTROY] = DESC("destroy-device",
			"destroy-device <device> [<options>]", destroy_opts),
	[ACT_ENABLE] = DESC("enable-device",
			"enable-device <device> [<options>]", basic_opts),
	[ACT_DISABLE] = DESC("disable-device",
			"disable-device <device> [<options>]", basic_opts),
};

static const char *devname(struct daxctl_dev *dev)
{
	return daxctl_dev_get_devname(dev);
}

/* "<dev>: <what> failed (<cause>)", with a hint for permission errors. */
static int fail(struct daxctl_dev *dev, const char *what, int rc)
{
	if ((rc == -EACCES || rc == -EPERM) && geteuid() != 0)
		err("%s: %s failed: permission denied (%s); run as root",
				devname(dev), what, strerror(-rc));
	else
		err("%s: %s failed (%s)", devname(dev), what, strerror(-rc));
	return rc;
}

static int set_geometry(struct daxctl_dev *dev, const struct dev_params *p)
{
	int rc;

	if (p->align_set) {
		rc = daxctl_dev_set_align(dev, (unsigned long)p->align);
		if (rc == -EBUSY && daxctl_dev_is_enabled(dev)) {
			err("%s: alignment change refused while enabled (%s)",
					devname(dev), strerror(-rc));
			return rc;
		}
		if (rc < 0)
			return fail(dev, "alignment change", rc);
	}
	if (p->size_set) {
		rc = daxctl_dev_set_size(dev, p->size);
		if (rc == -EBUSY && daxctl_dev_is_enabled(dev)) {
			err("%s: size change refused while enabled (%s)",
					devname(dev), strerror(-rc));
			return rc;
		}
		if (rc < 0)
			return fail(dev, "size change", rc);
	}
	return 0;
}

/* non-root: refused before anything is written (explain.c) */
static int check_root(struct daxctl_dev *dev, const char *what)
{
	unsigned long long *blocks, bs;
	char path[128];
	int n, rc;

	if (daxctl_dev_is_system_ram_mode(dev) && strstr(what, "memory")) {
		n = dev_blocks(dev, &blocks, &bs);
		if (n <= 0)
			return 0;
		snprintf(path, sizeof(path),
			"/sys/devices/system/memory/memory%llu/state",
			blocks[0]);
		free(blocks);
	} else if (daxctl_dev_is_enabled(dev)) {
		snprintf(path, sizeof(path),
			"/sys/bus/dax/devices/%s/driver/unbind", devname(dev));
	} else {
		snprintf(path, sizeof(path),
			"/sys/bus/dax/drivers/device_dax/bind");
	}
	rc = check_writable(dev, what, path);
	return rc;
}

static int online_memory(struct daxctl_dev *dev, bool no_movable,
		bool quiet_if_none, bool quiet)
{
	struct daxctl_memory *mem = daxctl_dev_get_memory(dev);
	struct progress *prog;
	int rc, before, total;

	if (!mem) {
		err("%s: no memory object for a system-ram device (%s)",
				devname(dev), strerror(ENXIO));
		return -ENXIO;
	}
	before = daxctl_memory_is_online(mem);
	total = daxctl_memory_num_sections(mem);
	prog = before < total ? progress_start(dev, "online", quiet) : NULL;
	rc = no_movable ? daxctl_memory_online_no_movable(mem)
		: daxctl_memory_online(mem);
	progress_stop(prog);
	if (rc < 0)
		return fail(dev, "memory online", rc);
	if (rc == 0) {
		if (!quiet_if_none)
			err("%s: all %d memory block%s already online",
					devname(dev), total, plural(total));
	} else if (before > 0) {
		err("%s: %d memory block%s onlined, %d already online",
				devname(dev), rc, plural(rc), before);
	} else {
		err("%s: %d memory block%s onlined", devname(dev), rc,
				plural(rc));
	}
	if (!no_movable && daxctl_memory_is_movable(mem) == 0)
		err("%s: warning: memory is online outside ZONE_MOVABLE "
				"(another agent onlined it first)",
				devname(dev));
	return 0;
}

static int offline_memory(struct daxctl_dev *dev, bool quiet)
{
	struct daxctl_memory *mem = daxctl_dev_get_memory(dev);
	struct progress *prog;
	int rc, left, total;

	if (!mem) {
		err("%s: no memory object for a system-ram device (%s)",
				devname(dev), strerror(ENXIO));
		return -ENXIO;
	}
	total = daxctl_memory_num_sections(mem);
	rc = check_offline(dev);
	if (rc < 0)
		return rc;
	left = daxctl_memory_is_online(mem);
	prog = left > 0 ? progress_start(dev, "offline", quiet) : NULL;
	rc = daxctl_memory_offline(mem);
	progress_stop(prog);
	left = daxctl_memory_is_online(mem);
	if (rc == -EBUSY && left > 0) {
		err("%s: memory offline failed, %d of %d memory block%s still "
			"online (%s)", devname(dev), left, total,
			plural(total), strerror(-rc));
		explain_offline_failure(dev, rc);
		return rc;
	}
	if (rc < 0)
		return fail(dev, "memory offline", rc);
	if (left > 0) {
		err("%s: %d of %d memory block%s still online (%s)",
				devname(dev), left, total, plural(total),
				strerror(EBUSY));
		return -EBUSY;
	}
	if (rc == 0)
		err("%s: all %d memory block%s already offline", devname(dev),
				total, plural(total));
	else
		err("%s: %d memory block%s offlined", devname(dev), rc,
				plural(rc));
	return 0;
}

static int disable(struct daxctl_dev *dev)
{
	int rc;

	if (!daxctl_dev_is_enabled(dev))
		return 0;
	rc = daxctl_dev_disable(dev);
	if (rc == -EBUSY && daxctl_dev_has_online_memory(dev) > 0) {
		err("%s: disable refused while memory is online (%s)",
				devname(dev), strerror(-rc));
		return rc;
	}
	if (rc < 0)
		return fail(dev, "disable", rc);
	return 0;
}

static int to_system_ram(struct daxctl_dev *dev, const struct dev_params *p)
{
	int rc;

	/*
	 * As upstream: when the kernel onlines hot-added memory by itself
	 * (auto_online_blocks online*, the default of 6.12 and 7.x) it would
	 * pick the zone, so refuse without --force, unless --no-movable asks
	 * for what the kernel does anyway.  Checked first, also for a device
	 * already in system-ram mode.
	 */
	if ((p->no_online || !p->no_movable) && !p->force &&
	    daxctl_dev_will_auto_online_memory(dev)) {
		explain_auto_online(dev);
		return -EBUSY;
	}
	if (p->memmap && daxctl_dev_is_system_ram_mode(dev)) {
		rc = set_memmap_on_memory(dev);	/* explains a mismatch */
		if (rc < 0)
			return rc;
	}
	if (daxctl_dev_is_system_ram_mode(dev)) {
		err("%s: already in system-ram mode", devname(dev));
	} else {
		rc = check_root(dev, "switching to system-ram");
		if (rc < 0)
			return rc;
		rc = check_kmem(dev);
		if (rc < 0)
			return rc;
		if (p->memmap) {
			rc = set_memmap_on_memory(dev);
			if (rc < 0)
				return rc;
		}
		rc = disable(dev);
		if (rc < 0)
			return rc;
		rc = daxctl_dev_enable_ram(dev);
		if (rc < 0)
			return fail(dev, "enable in system-ram mode", rc);
	}
	if (p->no_online)
		return 0;
	return online_memory(dev, p->no_movable, true, p->quiet);
}

/* devdax or famfs: give the memory back first when it is system-ram. */
static int to_dax_mode(struct daxctl_dev *dev, const struct dev_params *p,
		bool famfs)
{
	const char *mode = famfs ? "famfs" : "devdax";
	int rc, online;

	if (daxctl_dev_is_enabled(dev) && (famfs ?
			daxctl_dev_is_famfs_mode(dev) :
			daxctl_dev_is_devdax_mode(dev))) {
		err("%s: already in %s mode", devname(dev), mode);
		return 0;
	}
	/* as upstream: famfs only from devdax (or a disabled device) */
	if (famfs && daxctl_dev_is_system_ram_mode(dev)) {
		err("%s: in system-ram mode, reconfigure it to devdax before "
			"famfs (%s)", devname(dev), strerror(EINVAL));
		return -EINVAL;
	}
	rc = check_root(dev, famfs ? "switching to famfs" :
			"switching to devdax");
	if (rc < 0)
		return rc;
	if (daxctl_dev_is_system_ram_mode(dev)) {
		online = daxctl_dev_has_online_memory(dev);
		if (online > 0 && !p->force) {
			err("%s: %d memory block%s online, offline first or "
				"use --force (%s)", devname(dev), online,
				plural(online), strerror(EBUSY));
			return -EBUSY;
		}
		if (online > 0) {
			rc = offline_memory(dev, p->quiet);
			if (rc < 0)
				return rc;
		}
	}
	rc = disable(dev);
	if (rc < 0)
		return rc;
	rc = famfs ? daxctl_dev_enable_famfs(dev)
		: daxctl_dev_enable_devdax(dev);
	if (rc < 0) {
		char what[32];

		snprintf(what, sizeof(what), "enable in %s mode", mode);
		return fail(dev, what, rc);
	}
	return 0;
}

static int parse_mode(const char *mode)
{
	if (strcmp(mode, "system-ram") == 0)
		return DAXCTL_DEV_MODE_RAM;
	if (strcmp(mode, "devdax") == 0)
		return DAXCTL_DEV_MODE_DEVDAX;
	if (strcmp(mode, "famfs") == 0)
		return DAXCTL_DEV_MODE_FAMFS;
	return DAXCTL_DEV_MODE_UNKNOWN;
}

static int add_json(struct json_object *jout, struct daxctl_dev *dev,
		const struct dev_params *p)
{
	struct json_object *jdev = json_dev(dev, p->flags);

	if (jdev)
		json_object_array_add(jout, jdev);
	return 0;
}

static int do_reconfig(struct daxctl_dev *dev, struct dev_params *p,
		struct json_object *jout)
{
	struct reconfig_params rp;
	struct dev_params cfg;
	int rc;

	if (p->check_config) {
		rc = config_lookup(daxctl_dev_get_ctx(dev), dev, &rp);
		if (rc < 0)
			return rc;
		if (rc == 0) {
			if (p->verbose)
				err("%s: no matching [reconfigure-device] "
					"section in %s", devname(dev),
					daxctl_get_config_path(
						daxctl_dev_get_ctx(dev)));
			return 0;
		}
		cfg = *p;
		cfg.mode = rp.mode;
		cfg.no_online = !rp.online;
		cfg.no_movable = !rp.movable;
		cfg.memmap = rp.memmap_on_memory;
		p = &cfg;
	}
	/* "all" with a mode: idle (zero-sized) devices cannot be bound */
	if (p->dev.all && p->mode && !p->size_set &&
			daxctl_dev_get_size(dev) == 0)
		return 0;
	rc = set_geometry(dev, p);
	if (rc < 0)
		return rc;
	if (p->mode) {
		switch (parse_mode(p->mode)) {
		case DAXCTL_DEV_MODE_RAM:
			rc = to_system_ram(dev, p);
			break;
		case DAXCTL_DEV_MODE_DEVDAX:
			rc = to_dax_mode(dev, p, false);
			break;
		case DAXCTL_DEV_MODE_FAMFS:
			rc = to_dax_mode(dev, p, true);
			break;
		default:
			err("%s: unknown mode '%s'", devname(dev), p->mode);
			return -EINVAL;
		}
		if (rc < 0)
			return rc;
		add_json(jout, dev, p);
	}
	return 1;
}

static int do_memory(struct daxctl_dev *dev, struct dev_params *p,
		bool online)
{
	int rc;

	if (!daxctl_dev_is_system_ram_mode(dev)) {
		if (p->dev.all)
			return 0;	/* "all": only system-ram devices */
		err("%s: memory operations apply only to system-ram devices "
			"(%s)", devname(dev), strerror(ENXIO));
		return -ENXIO;
	}
	rc = check_root(dev, online ? "onlining memory" : "offlining memory");
	if (rc < 0)
		return rc;
	rc = online ? online_memory(dev, p->no_movable, false, p->quiet)
		: offline_memory(dev, p->quiet);
	return rc < 0 ? rc : 1;
}

static int do_enable(struct daxctl_dev *dev)
{
	int rc;

	if (daxctl_dev_is_enabled(dev) && daxctl_dev_is_devdax_mode(dev)) {
		err("%s: already enabled", devname(dev));
		return 1;
	}
	rc = daxctl_dev_enable_devdax(dev);
	if (rc == -EBUSY && daxctl_dev_is_enabled(dev)) {
		err("%s: enable failed: bound to another driver, see "
			"reconfigure-device (%s)", devname(dev),
			strerror(-rc));
		return rc;
	}
	if (rc < 0)
		return fail(dev, "enable", rc);
	return 1;
}

static int do_disable(struct daxctl_dev *dev)
{
	int rc;

	if (!daxctl_dev_is_enabled(dev)) {
		err("%s: already disabled", devname(dev));
		return 1;
	}
	rc = disable(dev);
	return rc < 0 ? rc : 1;
}

static int do_destroy(struct daxctl_dev *dev, struct dev_params *p)
{
	int rc;

	/* The kernel never deletes daxX.0: "all" leaves it alone. */
	if (p->dev.all && daxctl_dev_get_id(dev) == 0)
		return 0;
	if (daxctl_dev_is_enabled(dev)) {
		if (!p->force) {
			err("%s: device is enabled, disable it first or use "
				"--force (%s)", devname(dev), strerror(EBUSY));
			return -EBUSY;
		}
		rc = disable(dev);
		if (rc < 0)
			return rc;
	}
	if (daxctl_dev_get_size(dev)) {
		rc = daxctl_dev_set_size(dev, 0);
		if (rc < 0)
			return fail(dev, "size change to 0", rc);
	}
	rc = daxctl_region_destroy_dev(daxctl_dev_get_region(dev), dev);
	if (rc < 0)
		return fail(dev, "destroy", rc);
	return 1;
}

/* ---- create-device ---- */

static int read_input(struct dev_params *p)
{
	struct dev_input in;
	int rc;

	rc = dev_input_read(p->input, &in);
	if (rc < 0)
		return rc;
	if (in.has_region && !p->region_arg)
		p->region_id = in.region_id;
	if (in.has_align && !p->align_set) {
		p->align = in.align;
		p->align_set = true;
	}
	if (in.has_maps) {
		p->nr_maps = in.nr_maps;
		memcpy(p->map_start, in.map_start, sizeof(p->map_start));
		memcpy(p->map_end, in.map_end, sizeof(p->map_end));
	} else if (in.has_size && !p->size_set) {
		p->size = in.size;
		p->size_set = true;
	}
	return 0;
}

static int create_in_region(struct daxctl_region *region,
		struct dev_params *p, struct json_object *jout)
{
	unsigned long long avail, size = 0;
	int id = daxctl_region_get_id(region);
	struct daxctl_dev *dev;
	int i, rc;

	avail = daxctl_region_get_available_size(region);
	if (p->nr_maps)
		for (i = 0; i < p->nr_maps; i++)
			size += p->map_end[i] - p->map_start[i] + 1;
	else
		size = p->size_set ? p->size : avail;
	if (avail == 0 || size > avail) {
		err("region%d: %llu bytes requested, %llu available (%s)",
				id, size, avail, strerror(ENOSPC));
		return -ENOSPC;
	}
	rc = daxctl_region_create_dev(region);
	if (rc < 0) {
		err("region%d: device creation failed (%s)", id,
				strerror(-rc));
		return rc;
	}
	dev = daxctl_region_get_dev_seed(region);
	if (!dev || daxctl_dev_is_enabled(dev) || daxctl_dev_get_size(dev)) {
		err("region%d: no idle seed device after creation (%s)", id,
				strerror(ENXIO));
		return -ENXIO;
	}
	if (p->align_set) {
		rc = daxctl_dev_set_align(dev, (unsigned long)p->align);
		if (rc < 0)
			return fail(dev, "alignment change", rc);
	}
	for (i = 0; i < p->nr_maps; i++) {
		rc = daxctl_dev_set_mapping(dev, p->map_start[i],
				p->map_end[i]);
		if (rc < 0)
			return fail(dev, "mapping", rc);
	}
	if (!p->nr_maps && size) {
		rc = daxctl_dev_set_size(dev, size);
		if (rc < 0)
			return fail(dev, "size change", rc);
	}
	rc = daxctl_dev_enable_devdax(dev);
	if (rc < 0)
		return fail(dev, "enable", rc);
	add_json(jout, dev, p);
	return 1;
}

static int do_create(struct daxctl_ctx *ctx, struct dev_params *p,
		struct json_object *jout, int *count)
{
	struct daxctl_region *region;
	bool explicit = p->region_id != IDENT_ALL;
	int rc, first = 0, seen = 0;

	daxctl_region_foreach(ctx, region) {
		if (!region_match(region, p->region_id))
			continue;
		seen++;
		/* without -r, only regions that have room */
		if (!explicit && daxctl_region_get_available_size(region) == 0)
			continue;
		rc = create_in_region(region, p, jout);
		if (rc < 0 && !first)
			first = rc;
		if (rc > 0)
			(*count)++;
	}
	if (explicit && !seen) {
		err("region%d: no such region (%s)", p->region_id,
				strerror(ENXIO));
		return -ENXIO;
	}
	if (!first && !*count) {
		err("daxctl create-device: no region with available "
				"capacity (%s)", strerror(ENOSPC));
		return -ENOSPC;
	}
	return first;
}

/* ---- option parsing and the device loop ---- */

static int parse_args(struct dev_params *p, int argc, char **argv)
{
	const struct cmd_desc *cmd = p->cmd;
	const char *size_arg = NULL, *align_arg = NULL;
	int c;

	while ((c = cmd_getopt(cmd, argc, argv)) != -1) {
		switch (c) {
		case 'r':
			p->region_arg = optarg;
			break;
		case 'u':
			p->human = true;
			p->flags |= JSON_HUMAN;
			break;
		case 'v':
			p->verbose = true;
			break;
		case 's':
			size_arg = optarg;
			break;
		case 'a':
			align_arg = optarg;
			break;
		case 'm':
			p->mode = optarg;
			break;
		case 'N':
			p->no_online = true;
			break;
		case 'f':
			p->force = true;
			break;
		case 'C':
			p->check_config = true;
			break;
		case OPT_NO_MOVABLE:
			p->no_movable = true;
			break;
		case OPT_INPUT:
			p->input = optarg;
			break;
		case 'q':
			p->quiet = true;
			break;
		case OPT_MEMMAP:
			p->memmap = true;
			break;
		default:
			return -EINVAL;
		}
	}
	if (p->action != ACT_CREATE) {
		if (optind >= argc) {
			usage_error(cmd, "specify a device (daxX.Y, X.Y, "
					"/dev/daxX.Y) or \"all\"");
			return -EINVAL;
		}
		p->dev_arg = argv[optind++];
		if (parse_dev_ident(p->dev_arg, &p->dev) < 0) {
			usage_error(cmd, "invalid device '%s'", p->dev_arg);
			return -EINVAL;
		}
	}
	if (optind < argc) {
		usage_error(cmd, "unexpected extra argument '%s'",
				argv[optind]);
		return -EINVAL;
	}
	p->region_id = parse_region_ident(p->region_arg);
	if (p->region_id == IDENT_BAD) {
		usage_error(cmd, "invalid region '%s'", p->region_arg);
		return -EINVAL;
	}
	if (size_arg) {
		if (parse_size(size_arg, &p->size) < 0) {
			usage_error(cmd, "invalid size '%s' (a number with an "
				"optional k, m, g or t suffix)", size_arg);
			return -EINVAL;
		}
		p->size_set = true;
	}
	if (align_arg) {
		if (parse_size(align_arg, &p->align) < 0 || p->align == 0 ||
				p->align > ULONG_MAX) {
			usage_error(cmd, "invalid alignment '%s'", align_arg);
			return -EINVAL;
		}
		p->align_set = true;
	}
	if (p->action != ACT_RECONFIG)
		return 0;

	/* reconfigure-device combinations */
	if (p->mode && parse_mode(p->mode) == DAXCTL_DEV_MODE_UNKNOWN) {
		usage_error(cmd, "invalid mode '%s' (system-ram, devdax or "
				"famfs)", p->mode);
		return -EINVAL;
	}
	if (p->check_config) {
		if (p->mode || p->size_set || p->align_set || p->no_online ||
				p->no_movable || p->memmap) {
			usage_error(cmd, "--check-config takes its parameters "
				"from the config files: it conflicts with -m, "
				"-s, -a, -N, --no-movable and "
				"--memmap-on-memory");
			return -EINVAL;
		}
		if (p->dev.all) {
			usage_error(cmd, "--check-config needs one device, "
					"not \"all\"");
			return -EINVAL;
		}
		return 0;
	}
	if (p->mode && (p->size_set || p->align_set)) {
		usage_error(cmd, "-m/--mode conflicts with -s/--size and "
				"-a/--align");
		return -EINVAL;
	}
	if (!p->mode && !p->size_set && !p->align_set) {
		usage_error(cmd, "one of -m/--mode, -s/--size, -a/--align or "
				"-C/--check-config is required");
		return -EINVAL;
	}
	if ((p->no_online || p->no_movable || p->memmap) && (!p->mode ||
			parse_mode(p->mode) != DAXCTL_DEV_MODE_RAM)) {
		usage_error(cmd, "-N/--no-online, --no-movable and "
				"--memmap-on-memory only apply with "
				"--mode=system-ram");
		return -EINVAL;
	}
	return 0;
}

static const char *const done_verb[] = {
	[ACT_RECONFIG] = "reconfigured",
	[ACT_ONLINE] = "onlined memory for",
	[ACT_OFFLINE] = "offlined memory for",
	[ACT_CREATE] = "created",
	[ACT_DESTROY] = "destroyed",
	[ACT_ENABLE] = "enabled",
	[ACT_DISABLE] = "disabled",
};

static int run(enum action action, int argc, char **argv,
		struct daxctl_ctx *ctx)
{
	struct dev_params p = { .action = action, .cmd = &cmds[action] };
	struct daxctl_region *region;
	struct daxctl_dev *dev, *next;
	struct json_object *jout;
	int rc, first = 0, count = 0;
	bool found = false;

	if (parse_args(&p, argc, argv) < 0)
		return EXIT_USAGE;
	if (p.verbose)
		daxctl_set_log_priority(ctx, LOG_DEBUG);
	if (p.input) {
		rc = read_input(&p);
		if (rc < 0)
			return exit_status(rc);
	}
	jout = json_object_new_array();
	if (!jout) {
		err("daxctl %s: out of memory", p.cmd->name);
		return exit_status(-ENOMEM);
	}

	if (action == ACT_CREATE) {
		first = do_create(ctx, &p, jout, &count);
		goto done;
	}

	daxctl_region_foreach(ctx, region) {
		if (!region_match(region, p.region_id))
			continue;
		daxctl_dev_foreach_safe(region, dev, next) {
			if (!dev_match(dev, &p.dev))
				continue;
			found = true;
			switch (action) {
			case ACT_RECONFIG:
				rc = do_reconfig(dev, &p, jout);
				break;
			case ACT_ONLINE:
				rc = do_memory(dev, &p, true);
				break;
			case ACT_OFFLINE:
				rc = do_memory(dev, &p, false);
				break;
			case ACT_DESTROY:
				rc = do_destroy(dev, &p);
				break;
			case ACT_ENABLE:
				rc = do_enable(dev);
				break;
			default:
				rc = do_disable(dev);
				break;
			}
			if (rc < 0 && !first)
				first = rc;
			if (rc > 0)
				count++;
		}
	}
	if (!found && !p.dev.all) {
		if (p.region_id != IDENT_ALL)
			err("%s: no such device in region%d (%s)", p.dev_arg,
				p.region_id, strerror(ENXIO));
		else
			err("%s: no such device (%s)", p.dev_arg,
					strerror(ENXIO));
		first = -ENXIO;
	}
done:
	json_print_list(jout, p.flags);
	if (!(action == ACT_RECONFIG && p.check_config && count == 0 &&
			!first))
		err("%s %d device%s", done_verb[action], count,
				plural(count));
	return exit_status(first);
}

int cmd_reconfig(int argc, char **argv, struct daxctl_ctx *ctx)
{
	return run(ACT_RECONFIG, argc, argv, ctx);
}

int cmd_online(int argc, char **argv, struct daxctl_ctx *ctx)
{
	return run(ACT_ONLINE, argc, argv, ctx);
}

int cmd_offline(int argc, char **argv, struct daxctl_ctx *ctx)
{
	return run(ACT_OFFLINE, argc, argv, ctx);
}

int cmd_create(int argc, char **argv, struct daxctl_ctx *ctx)
{
	return run(ACT_CREATE, argc, argv, ctx);
}

int cmd_destroy(int argc, char **argv, struct daxctl_ctx *ctx)
{
	return run(ACT_DESTROY, argc, argv, ctx);
}

int cmd_enable(int argc, char **argv, struct daxctl_ctx *ctx)
{
	return run(ACT_ENABLE, argc, argv, ctx);
}

int cmd_disable(int argc, char **argv, struct daxctl_ctx *ctx)
{
	return run(ACT_DISABLE, argc, argv, ctx);
}
