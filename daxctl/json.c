// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * daxctl: JSON objects for regions, devices and mappings. Key names, order
 * and presence follow the distribution's daxctl so that scripts parsing
 * `daxctl list` keep working.
 */
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <daxctl/libdaxctl.h>

#include "explain.h"
#include "json.h"

#define SZ_1K 1024ULL
#define SZ_1M (SZ_1K * SZ_1K)
#define SZ_1G (SZ_1M * SZ_1K)
#define SZ_1T (SZ_1G * SZ_1K)

/*
 * Human sizes: plain bytes below 5000 KiB, then MiB below 2 GiB, GiB below
 * 2 TiB, else TiB; each with its decimal (SI) value in parentheses.
 */
struct json_object *json_size(unsigned long long size, unsigned int flags)
{
	static const struct {
		unsigned long long limit, bin;
		double dec;
		const char *ibin, *idec;
	} units[] = {
		{ 2 * SZ_1G, SZ_1M, 1e6, "MiB", "MB" },
		{ 2 * SZ_1T, SZ_1G, 1e9, "GiB", "GB" },
		{ ULLONG_MAX, SZ_1T, 1e12, "TiB", "TB" },
	};
	char buf[64];
	size_t i;

	if (!(flags & JSON_HUMAN) || size < 5000 * SZ_1K)
		return json_object_new_int64((int64_t)size);

	for (i = 0; i < sizeof(units) / sizeof(units[0]) - 1; i++)
		if (size < units[i].limit)
			break;
	snprintf(buf, sizeof(buf), "%.2f %s (%.2f %s)",
			(double)size / (double)units[i].bin, units[i].ibin,
			(double)size / units[i].dec, units[i].idec);
	return json_object_new_string(buf);
}

struct json_object *json_hex(unsigned long long val, unsigned int flags)
{
	char buf[32];

	if (!(flags & JSON_HUMAN))
		return json_object_new_int64((int64_t)val);
	snprintf(buf, sizeof(buf), "%#llx", val);
	return json_object_new_string(buf);
}

static void add(struct json_object *obj, const char *key,
		struct json_object *val)
{
	if (val)
		json_object_object_add(obj, key, val);
}

static struct json_object *json_mappings(struct daxctl_dev *dev,
		unsigned int flags)
{
	struct daxctl_mapping *m;
	struct json_object *jmaps = NULL;

	daxctl_mapping_foreach(dev, m) {
		struct json_object *jm = json_object_new_object();

		if (!jm)
			break;
		if (!jmaps)
			jmaps = json_object_new_array();
		if (!jmaps) {
			json_object_put(jm);
			break;
		}
		add(jm, "page_offset",
			json_hex(daxctl_mapping_get_offset(m), flags));
		add(jm, "start", json_hex(daxctl_mapping_get_start(m), flags));
		add(jm, "end", json_hex(daxctl_mapping_get_end(m), flags));
		add(jm, "size", json_size(daxctl_mapping_get_size(m), flags));
		json_object_array_add(jmaps, jm);
	}
	return jmaps;
}

static const char *mode_name(struct daxctl_dev *dev)
{
	if (daxctl_dev_is_system_ram_mode(dev))
		return "system-ram";
	if (daxctl_dev_is_famfs_mode(dev))
		return "famfs";
	return "devdax";
}

struct json_object *json_dev(struct daxctl_dev *dev, unsigned int flags)
{
	struct json_object *jdev = json_object_new_object();
	struct daxctl_memory *mem;
	unsigned long align;
	int node;

	if (!jdev)
		return NULL;
	add(jdev, "chardev",
		json_object_new_string(daxctl_dev_get_devname(dev)));
	add(jdev, "size", json_size(daxctl_dev_get_size(dev), flags));
	node = daxctl_dev_get_target_node(dev);
	if (node >= 0)
		add(jdev, "target_node", json_object_new_int(node));
	align = daxctl_dev_get_align(dev);
	if (align > 0)
		add(jdev, "align", json_object_new_int64((int64_t)align));
	add(jdev, "mode", json_object_new_string(mode_name(dev)));
	/* only when set: elsewhere the output stays the distribution's */
	if (dev_memmap_on_memory(dev) == 1)
		add(jdev, "memmap_on_memory", json_object_new_boolean(1));

	mem = daxctl_dev_get_memory(dev);
	if (mem && daxctl_dev_get_resource(dev) != 0) {
		int total, online, movable, again, try;

		/*
		 * Each count is a pass over the blocks: blocks hot-plugged
		 * or removed between them would give more online blocks
		 * than in total. Count again until two totals agree around
		 * the other counts; leave the online count out otherwise.
		 */
		for (try = 0;; try++) {
			total = daxctl_memory_num_sections(mem);
			online = daxctl_memory_is_online(mem);
			movable = daxctl_memory_is_movable(mem);
			again = daxctl_memory_num_sections(mem);
			if (again == total && online <= total)
				break;
			if (try == 8) {
				online = -1;
				break;
			}
		}

		if (online >= 0)
			add(jdev, "online_memblocks",
				json_object_new_int(online));
		if (total >= 0)
			add(jdev, "total_memblocks",
				json_object_new_int(total));
		/* a zone is only known for online blocks: like the
		 * distribution's daxctl, say nothing while some are offline */
		if (movable >= 0 && online >= 0 && online == total)
			add(jdev, "movable",
				json_object_new_boolean(movable == 1));
	}
	if (!daxctl_dev_is_enabled(dev))
		add(jdev, "state", json_object_new_string("disabled"));
	if (flags & JSON_MAPPINGS)
		add(jdev, "mappings", json_mappings(dev, flags));
	return jdev;
}

/*
 * The region path as the kernel names it below /sys/devices, without the
 * fake root prefix a test may have set through DAXCTL_ROOT.
 */
static const char *region_path(struct daxctl_region *region)
{
	const char *path = daxctl_region_get_path(region);
	const char *root = getenv("DAXCTL_ROOT");
	static const char sysdev[] = "/sys/devices";
	size_t len;

	if (!path)
		return NULL;
	if (root && *root) {
		len = strlen(root);
		while (len > 1 && root[len - 1] == '/')
			len--;
		if (strncmp(path, root, len) == 0 && path[len] == '/')
			path += len;
	}
	if (strncmp(path, sysdev, sizeof(sysdev) - 1) == 0)
		path += sizeof(sysdev) - 1;
	return path;
}

struct json_object *json_region(struct daxctl_region *region,
		unsigned int flags)
{
	struct json_object *jregion = json_object_new_object();
	unsigned long long size, avail;
	unsigned long align;
	const char *path;

	if (!jregion)
		return NULL;
	path = region_path(region);
	if (path)
		add(jregion, "path", json_object_new_string(path));
	add(jregion, "id", json_object_new_int(daxctl_region_get_id(region)));
	size = daxctl_region_get_size(region);
	if (size != ULLONG_MAX)
		add(jregion, "size", json_size(size, flags));
	avail = daxctl_region_get_available_size(region);
	if (avail)
		add(jregion, "available_size", json_size(avail, flags));
	align = daxctl_region_get_align(region);
	if (align != ULONG_MAX)
		add(jregion, "align", json_object_new_int64((int64_t)align));
	return jregion;
}

void json_print_list(struct json_object *array, unsigned int flags)
{
	struct json_object *out = array;
	size_t len;

	if (!array)
		return;
	len = json_object_array_length(array);
	if (len == 0) {
		json_object_put(array);
		return;
	}
	if (len == 1 && (flags & JSON_HUMAN))
		out = json_object_array_get_idx(array, 0);
	printf("%s\n", json_object_to_json_string_ext(out,
				JSON_C_TO_STRING_PRETTY));
	fflush(stdout);
	json_object_put(array);
}
