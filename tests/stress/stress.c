// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * stress: the tree, its mutations, the library walk and the JSON check of
 * the "tree changes under the walk" tests (see stress.h).
 */
#ifndef _GNU_SOURCE
#define _GNU_SOURCE
#endif
#include <dirent.h>
#include <errno.h>
#include <limits.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <json-c/json.h>
#include <daxctl/libdaxctl.h>

#include "stress.h"

#define ARRAY_SIZE(a) (sizeof(a) / sizeof((a)[0]))
#define P "platform/hmem.0"
#define DEVDIR "sys/devices/" P
#define MEMDIR "sys/devices/system/memory"

const char *const stress_kind_names[STRESS_NKINDS] = {
	"create device", "remove device", "rename device", "resize",
	"add mapping", "remove mapping", "rename mapping", "add blocks",
	"remove block", "rename block", "block state", "bind/unbind",
	"garbage attribute", "rewrite /proc/iomem",
};

static unsigned int rnd(unsigned int *seed, unsigned int n)
{
	return n ? (unsigned int)rand_r(seed) % n : 0;
}

static void why_set(char *why, size_t len, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
static void why_set(char *why, size_t len, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(why, len, fmt, ap);
	va_end(ap);
}

int stress_tree_build(struct faketree *ft)
{
	struct ft_region hmem = {
		.parent = P, .id = 0, .size = 4 * FT_GIB, .align = 2 * FT_MIB,
		.dynamic = true, .available = 2 * FT_GIB, .seed = 7,
	};
	struct ft_region pmem = {
		.parent = "platform/e820/ndbus0/region1", .id = 1,
		.size = FT_GIB, .align = 2 * FT_MIB,
	};
	int rc, i;

	rc = ft_skeleton(ft);
	if (!rc)
		rc = ft_memblocks_add(ft, 0, 8, 0, "online", "Normal", 1);
	if (!rc)
		rc = ft_region_add(ft, &hmem);
	if (!rc)
		rc = ft_region_add(ft, &pmem);
	for (i = 0; !rc && i < 4; i++)
		rc = ft_dev_simple(ft, P, 0, i, 256 * FT_MIB,
				STRESS_BASE + i * STRESS_SLOT_SIZE,
				i % 2 ? "kmem" : "device_dax", 2 * FT_MIB, 1);
	for (i = 1; !rc && i < 4; i += 2)
		rc = ft_memblocks_add(ft, (STRESS_BASE + i * STRESS_SLOT_SIZE) /
				STRESS_BLOCK, 2, 1, "online", "Movable", 1);
	if (!rc)
		rc = ft_dev_simple(ft, pmem.parent, 1, 0, FT_GIB,
				0x340000000ULL, "device_dax", 2 * FT_MIB, 0);
	return rc;
}

/* ---- mutations (one process or thread at a time) ---- */

static bool dev_exists(struct faketree *ft, int id)
{
	return ft_exists(ft, DEVDIR "/dax0.%d/dev", id);
}

static int pick_dev(struct faketree *ft, unsigned int *seed, bool want)
{
	int i, start = (int)rnd(seed, STRESS_SLOTS);

	for (i = 0; i < STRESS_SLOTS; i++) {
		int id = (start + i) % STRESS_SLOTS;

		if (dev_exists(ft, id) == want)
			return id;
	}
	return -1;
}

static unsigned long long attr(struct faketree *ft, const char *path)
{
	char *s = ft_read(ft, "%s", path);
	unsigned long long v = 0;

	if (s) {
		v = strtoull(s, NULL, 0);
		free(s);
	}
	return v;
}

/* a tree path, in one of 4 rotating buffers (the mutator is single) */
static const char *relp(const char *fmt, ...)
	__attribute__((format(printf, 1, 2)));
static const char *relp(const char *fmt, ...)
{
	static char buf[4][256];
	static int next;
	char *b = buf[next++ % 4];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(b, sizeof(buf[0]), fmt, ap);
	va_end(ap);
	return b;
}

/* write an attribute only where it exists: a removed device stays gone */
static void put(struct faketree *ft, const char *path, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
static void put(struct faketree *ft, const char *path, const char *fmt, ...)
{
	char val[64];
	va_list ap;

	if (!ft_exists(ft, "%s", path))
		return;
	va_start(ap, fmt);
	vsnprintf(val, sizeof(val), fmt, ap);
	va_end(ap);
	ft_write(ft, path, val);
}

static int last_mapping(struct faketree *ft, int id)
{
	int i = -1;

	while (ft_exists(ft, DEVDIR "/dax0.%d/mapping%d", id, i + 1))
		i++;
	return i;
}

static void remove_dev(struct faketree *ft, int id)
{
	char *devno = ft_read(ft, DEVDIR "/dax0.%d/dev", id);

	ft_remove(ft, DEVDIR "/dax0.%d", id);
	ft_remove(ft, "sys/bus/dax/devices/dax0.%d", id);
	ft_remove(ft, "sys/bus/dax/drivers/device_dax/dax0.%d", id);
	ft_remove(ft, "sys/bus/dax/drivers/kmem/dax0.%d", id);
	if (devno) {
		devno[strcspn(devno, "\n")] = '\0';
		if (*devno && !strchr(devno, '/'))
			ft_remove(ft, "sys/dev/char/%s", devno);
		free(devno);
	}
}

static const char *const garbage[] = {
	"", "\n", "-1", "0", "1", "4096", "0x", "abc", "12abc", "-", "0x10\n",
	"18446744073709551615", "18446744073709551616", "99999999999999999999",
	"  7", "2097152\n", "1073741824", "online", "offline", "Movable",
	"Normal Movable", "\xff\xfe\x01", "252:0", "252:-1", "dax0.3",
};

static void garbage_attr(struct faketree *ft, unsigned int *seed)
{
	static const char *const dev_attrs[] = {
		"target_node", "numa_node", "align", "resource", "dev",
		"modalias", "mapping",
	};
	static const char *const reg_attrs[] = {
		"align", "seed", "id", "uuid",
	};
	static const char *const blk_attrs[] = {
		"state", "valid_zones", "removable", "online", "phys_index",
	};
	char path[256], big[5000];
	const char *val = garbage[rnd(seed, ARRAY_SIZE(garbage))];
	int id;

	if (rnd(seed, 16) == 0) {
		memset(big, '7', sizeof(big) - 1);
		big[sizeof(big) - 1] = '\0';
		val = big;
	}
	switch (rnd(seed, 5)) {
	case 0:
	case 1:
		id = pick_dev(ft, seed, true);
		if (id < 0)
			return;
		snprintf(path, sizeof(path), DEVDIR "/dax0.%d/%s", id,
			 dev_attrs[rnd(seed, ARRAY_SIZE(dev_attrs))]);
		break;
	case 2:
		snprintf(path, sizeof(path), DEVDIR "/dax_region/%s",
			 reg_attrs[rnd(seed, ARRAY_SIZE(reg_attrs))]);
		if (strstr(path, "/id"))
			val = rnd(seed, 2) ? "0" : val;
		break;
	case 3:
		snprintf(path, sizeof(path), MEMDIR "/memory%u/%s",
			 40 + rnd(seed, 4 * STRESS_SLOTS),
			 blk_attrs[rnd(seed, ARRAY_SIZE(blk_attrs))]);
		break;
	default:
		/* within the region's 4 GiB, or not a number at all */
		snprintf(path, sizeof(path), DEVDIR "/dax_region/available_size");
		if (rnd(seed, 2)) {
			snprintf(big, sizeof(big), "%llu\n",
				 (unsigned long long)rnd(seed, 33) * 128 * FT_MIB);
			val = big;
		} else if (!strchr("0123456789", val[0]) || val == big) {
			/* not a number: fine as it is */
		} else {
			val = "garbage";
		}
		break;
	}
	if (ft_exists(ft, "%s", path))
		ft_write(ft, path, val);
}

int stress_mutate(struct faketree *ft, unsigned int *seed)
{
	static const char *const drivers[] = { NULL, "device_dax", "kmem" };
	int kind = (int)rnd(seed, STRESS_NKINDS);
	unsigned long long size, start, end, len;
	char from[PATH_MAX], to[PATH_MAX], link[256], target[256];
	int id, to_id, m;

	switch (kind) {
	case 0:		/* a device appears, attribute by attribute */
		id = pick_dev(ft, seed, false);
		if (id < 0)
			break;
		size = (1 + rnd(seed, 4)) * STRESS_BLOCK;
		if (rnd(seed, 4) == 0)
			size = 0;
		ft_dev_simple(ft, P, 0, id, size,
			      STRESS_BASE + id * STRESS_SLOT_SIZE,
			      drivers[rnd(seed, 3)], 2 * FT_MIB, 1);
		break;
	case 1:		/* and vanishes while being read */
		id = pick_dev(ft, seed, true);
		if (id > 0)
			remove_dev(ft, id);
		break;
	case 2:		/* renamed: daxX.Y moves to a free id */
		id = pick_dev(ft, seed, true);
		to_id = pick_dev(ft, seed, false);
		if (id < 0 || to_id < 0)
			break;
		snprintf(from, sizeof(from), "%s", ft_path(ft, DEVDIR "/dax0.%d", id));
		snprintf(to, sizeof(to), "%s", ft_path(ft, DEVDIR "/dax0.%d", to_id));
		if (rename(from, to) == 0) {
			ft_remove(ft, "sys/bus/dax/devices/dax0.%d", id);
			snprintf(target, sizeof(target), DEVDIR "/dax0.%d", to_id);
			snprintf(link, sizeof(link), "sys/bus/dax/devices/dax0.%d",
				 to_id);
			ft_symlink(ft, target, link);
		}
		break;
	case 3:		/* the last mapping grows or shrinks */
		id = pick_dev(ft, seed, true);
		if (id < 0)
			break;
		m = last_mapping(ft, id);
		if (m < 0)
			break;
		snprintf(from, sizeof(from), DEVDIR "/dax0.%d/mapping%d/", id, m);
		start = attr(ft, relp("%sstart", from));
		end = attr(ft, relp("%send", from));
		size = attr(ft, relp(DEVDIR "/dax0.%d/size", id));
		len = (1 + rnd(seed, 3)) * 2 * FT_MIB;
		if (rnd(seed, 2) && end - start + 1 > len && size > len) {
			/* shrink: the mapping first, then the size */
			put(ft, relp("%send", from),
			    "%#llx\n", end - len);
			put(ft, relp(DEVDIR "/dax0.%d/size", id), "%llu\n", size - len);
		} else if (end + len < STRESS_BASE + (id + 1) * STRESS_SLOT_SIZE) {
			/* grow: the size first, then the mapping */
			put(ft, relp(DEVDIR "/dax0.%d/size", id), "%llu\n", size + len);
			put(ft, relp("%send", from),
			    "%#llx\n", end + len);
		}
		break;
	case 4:		/* a mapping is added after the last one */
		id = pick_dev(ft, seed, true);
		if (id < 0)
			break;
		m = last_mapping(ft, id);
		size = attr(ft, relp(DEVDIR "/dax0.%d/size", id));
		start = STRESS_BASE + id * STRESS_SLOT_SIZE + size;
		len = 2 * FT_MIB * (1 + rnd(seed, 8));
		if (start + len > STRESS_BASE + (id + 1) * STRESS_SLOT_SIZE)
			break;
		put(ft, relp(DEVDIR "/dax0.%d/size", id), "%llu\n", size + len);
		if (dev_exists(ft, id)) {
			struct ft_dev d = {
				.parent = P, .region = 0, .id = id,
			};

			ft_mapping_add(ft, &d, m + 1, start, start + len - 1,
				       size / 4096);
		}
		break;
	case 5:		/* the last mapping goes, then the size follows */
		id = pick_dev(ft, seed, true);
		if (id < 0)
			break;
		m = last_mapping(ft, id);
		if (m < 1)
			break;
		snprintf(from, sizeof(from), DEVDIR "/dax0.%d/mapping%d/", id, m);
		start = attr(ft, relp("%sstart", from));
		end = attr(ft, relp("%send", from));
		size = attr(ft, relp(DEVDIR "/dax0.%d/size", id));
		ft_remove(ft, DEVDIR "/dax0.%d/mapping%d", id, m);
		if (end >= start && size >= end - start + 1)
			put(ft, relp(DEVDIR "/dax0.%d/size", id), "%llu\n",
			    size - (end - start + 1));
		break;
	case 6:		/* the last mapping renamed away (a hole) and back */
		id = pick_dev(ft, seed, true);
		m = id < 0 ? -1 : last_mapping(ft, id);
		if (m < 0)
			break;
		snprintf(from, sizeof(from), "%s",
			 ft_path(ft, DEVDIR "/dax0.%d/mapping%d", id, m));
		snprintf(to, sizeof(to), "%s",
			 ft_path(ft, DEVDIR "/dax0.%d/mapping%d", id, m + 5));
		if (rename(from, to) == 0 && rename(to, from) != 0)
			ft_remove(ft, DEVDIR "/dax0.%d/mapping%d", id, m + 5);
		break;
	case 7:		/* kmem adds a device's blocks */
		id = pick_dev(ft, seed, true);
		if (id < 0)
			break;
		ft_memblocks_add(ft, (STRESS_BASE + id * STRESS_SLOT_SIZE) /
				 STRESS_BLOCK + rnd(seed, 2), 1 + rnd(seed, 3), 1,
				 rnd(seed, 2) ? "online" : "offline",
				 rnd(seed, 2) ? "Movable" : "Normal", 1);
		break;
	case 8:		/* a block is removed */
		ft_remove(ft, MEMDIR "/memory%u", 40 + rnd(seed, 4 * STRESS_SLOTS));
		break;
	case 9:		/* memoryN renamed to memoryM */
		snprintf(from, sizeof(from), "%s", ft_path(ft, MEMDIR "/memory%u",
			 40 + rnd(seed, 4 * STRESS_SLOTS)));
		snprintf(to, sizeof(to), "%s", ft_path(ft, MEMDIR "/memory%u",
			 40 + rnd(seed, 4 * STRESS_SLOTS)));
		if (access(to, F_OK) != 0)
			rename(from, to);
		break;
	case 10:	/* a block goes online or offline */
		snprintf(from, sizeof(from), MEMDIR "/memory%u",
			 40 + rnd(seed, 4 * STRESS_SLOTS));
		if (rnd(seed, 2)) {
			put(ft, relp("%s/state", from),
			    "online\n");
			put(ft, relp("%s/valid_zones", from), "%s\n",
			    rnd(seed, 2) ? "Movable" : "Normal");
		} else {
			put(ft, relp("%s/state", from),
			    "offline\n");
			put(ft, relp("%s/valid_zones", from), "Normal Movable\n");
		}
		break;
	case 11:	/* the driver link comes and goes */
		id = pick_dev(ft, seed, true);
		if (id < 0)
			break;
		snprintf(link, sizeof(link), DEVDIR "/dax0.%d/driver", id);
		if (ft_exists(ft, "%s", link)) {
			ft_remove(ft, "%s", link);
		} else {
			snprintf(target, sizeof(target), "sys/bus/dax/drivers/%s",
				 rnd(seed, 2) ? "kmem" : "device_dax");
			ft_symlink(ft, target, link);
		}
		break;
	case 12:
		garbage_attr(ft, seed);
		break;
	case 13:	/* /proc/iomem rewritten, now and then with garbage */
		if (rnd(seed, 2))
			ft_write(ft, "proc/iomem",
				 "00000000-00000fff : Reserved\n"
				 "140000000-23fffffff : hmem.0\n"
				 "  140000000-14fffffff : dax0.0\n"
				 "  160000000-16fffffff : dax0.1\n");
		else
			ft_write(ft, "proc/iomem",
				 rnd(seed, 2) ? "" : "zzz-yyy : dax0.0\n-1--1 :\n"
				 "ffffffffffffffffffff-0 : dax0.1\n : \n");
		break;
	}
	return kind;
}

/* ---- the library walk ---- */

#define FAIL(...) do { why_set(why, len, __VA_ARGS__); rc = -1; goto out; } while (0)

static int walk_dev(struct daxctl_dev *dev, struct stress_stats *st,
		    char *why, size_t len)
{
	unsigned long long size = daxctl_dev_get_size(dev), sum = 0, bound = 0;
	const char *name = daxctl_dev_get_devname(dev);
	struct daxctl_mapping *m;
	struct daxctl_memory *mem;
	unsigned long bs;
	int rc = 0, r, i, n = 0, online, total, movable;

	if (!name || sscanf(name, "dax%d.%d%n", &r, &i, &n) != 2 || name[n])
		FAIL("device name '%s'", name ? name : "(null)");
	if (daxctl_dev_get_region(dev) == NULL || daxctl_dev_get_ctx(dev) == NULL)
		FAIL("%s: no region or context", name);
	if (daxctl_dev_get_id(dev) != i ||
	    r != daxctl_region_get_id(daxctl_dev_get_region(dev)))
		FAIL("%s: id %d in region %d", name, daxctl_dev_get_id(dev),
		     daxctl_region_get_id(daxctl_dev_get_region(dev)));
	(void)daxctl_dev_get_major(dev);
	(void)daxctl_dev_get_minor(dev);
	(void)daxctl_dev_get_resource(dev);
	(void)daxctl_dev_get_align(dev);
	(void)daxctl_dev_get_target_node(dev);
	(void)daxctl_dev_is_enabled(dev);
	(void)daxctl_dev_get_mode(dev);
	(void)daxctl_dev_is_system_ram_capable(dev);
	(void)daxctl_dev_will_auto_online_memory(dev);
	(void)daxctl_dev_has_online_memory(dev);
	daxctl_mapping_foreach(dev, m) {
		unsigned long long ms = daxctl_mapping_get_size(m);
		unsigned long long off = daxctl_mapping_get_offset(m);

		st->mappings++;
		if (daxctl_mapping_get_end(m) < daxctl_mapping_get_start(m))
			FAIL("%s: a mapping ends before it starts", name);
		/* README row D23: no mapping that does not fit the device's size */
		if (ms > size || off > (size - ms) / 4096)
			FAIL("%s: mapping %#llx-%#llx (page_offset %#llx) outside the device's size %llu",
			     name, daxctl_mapping_get_start(m),
			     daxctl_mapping_get_end(m), off, size);
		sum += ms;
		if (sum > size)
			FAIL("%s: mappings add up to %llu, above the size %llu",
			     name, sum, size);
	}
	mem = daxctl_dev_get_memory(dev);
	if (!mem)
		goto out;
	st->memories++;
	if (daxctl_memory_get_dev(mem) != dev)
		FAIL("%s: memory of another device", name);
	bs = daxctl_memory_get_block_size(mem);
	if (!bs)
		FAIL("%s: memory block size 0", name);
	(void)daxctl_memory_get_node_path(mem);
	/* the most blocks the device's ranges can touch */
	daxctl_mapping_foreach(dev, m)
		bound += daxctl_mapping_get_end(m) / bs -
			 daxctl_mapping_get_start(m) / bs + 1;
	if (!daxctl_mapping_get_first(dev))
		bound = size / bs + 1;
	total = daxctl_memory_num_sections(mem);
	online = daxctl_memory_is_online(mem);
	movable = daxctl_memory_is_movable(mem);
	if (total > 0)
		st->blocks += (unsigned long)total;
	if (total >= 0 && (unsigned long long)total > bound)
		FAIL("%s: %d blocks, more than its ranges hold (%llu)", name,
		     total, bound);
	if (online >= 0 && (unsigned long long)online > bound)
		FAIL("%s: %d blocks online, more than its ranges hold (%llu)",
		     name, online, bound);
	if (movable > 1)
		FAIL("%s: is_movable %d", name, movable);
out:
	return rc;
}

int stress_walk(struct stress_stats *st, char *why, size_t len)
{
	struct daxctl_region *region;
	struct daxctl_ctx *ctx;
	struct daxctl_dev *dev;
	int rc = 0;

	rc = daxctl_new(&ctx);
	if (rc < 0) {
		why_set(why, len, "daxctl_new: %s", strerror(-rc));
		return -1;
	}
	daxctl_set_log_priority(ctx, 0);
	daxctl_region_foreach(ctx, region) {
		unsigned long long size = daxctl_region_get_size(region);
		unsigned long long avail = daxctl_region_get_available_size(region);
		uuid_t uu;

		st->regions++;
		daxctl_region_get_uuid(region, uu);
		(void)daxctl_region_get_align(region);
		(void)daxctl_region_get_devname(region);
		(void)daxctl_region_get_path(region);
		(void)daxctl_region_get_dev_seed(region);
		if (daxctl_region_get_ctx(region) != ctx)
			FAIL("region %d: another context",
			     daxctl_region_get_id(region));
		if (size != ULLONG_MAX && avail > size)
			FAIL("region %d: available_size %llu above its size %llu",
			     daxctl_region_get_id(region), avail, size);
		daxctl_dev_foreach(region, dev) {
			st->devs++;
			if (walk_dev(dev, st, why, len) < 0) {
				rc = -1;
				goto out;
			}
		}
	}
out:
	daxctl_unref(ctx);
	return rc;
}

/* ---- the tool's JSON ---- */

static bool get_u64(struct json_object *o, const char *key,
		    unsigned long long *v)
{
	struct json_object *j;

	if (!json_object_object_get_ex(o, key, &j))
		return false;
	if (json_object_is_type(j, json_type_string))
		*v = strtoull(json_object_get_string(j), NULL, 0);
	else
		*v = (unsigned long long)json_object_get_int64(j);
	return true;
}

static int check_jdev(struct json_object *jd, char *why, size_t len)
{
	unsigned long long size, on, total, off, ms, sum = 0;
	struct json_object *jmaps, *jname;
	const char *name = "?";
	size_t i;
	int rc = 0;

	if (!json_object_is_type(jd, json_type_object))
		FAIL("a device that is not an object");
	if (json_object_object_get_ex(jd, "chardev", &jname))
		name = json_object_get_string(jname);
	if (!get_u64(jd, "size", &size))
		FAIL("%s: no size", name);
	/* README row D23: list never shows online above total */
	if (get_u64(jd, "online_memblocks", &on) &&
	    get_u64(jd, "total_memblocks", &total) && on > total)
		FAIL("%s: online_memblocks %llu above total_memblocks %llu",
		     name, on, total);
	if (!json_object_object_get_ex(jd, "mappings", &jmaps))
		goto out;
	if (!json_object_is_type(jmaps, json_type_array))
		FAIL("%s: mappings is not an array", name);
	for (i = 0; i < json_object_array_length(jmaps); i++) {
		struct json_object *jm = json_object_array_get_idx(jmaps, i);

		if (!get_u64(jm, "size", &ms) || !get_u64(jm, "page_offset", &off))
			FAIL("%s: a mapping without size or page_offset", name);
		/* README row D23: list leaves out mappings that do not fit */
		if (ms > size || off > (size - ms) / 4096)
			FAIL("%s: mapping of %llu at page_offset %#llx outside the device's size %llu",
			     name, ms, off, size);
		sum += ms;
		if (sum > size)
			FAIL("%s: mappings add up to %llu, above the size %llu",
			     name, sum, size);
	}
out:
	return rc;
}

int stress_check_json(const char *text, char *why, size_t len)
{
	struct json_tokener *tok;
	struct json_object *root = NULL, *jdevs;
	size_t tlen = strlen(text), i, j;
	unsigned long long size, avail;
	int rc = 0;

	while (tlen && strchr(" \t\n", text[tlen - 1]))
		tlen--;
	if (!tlen)
		return 0;	/* nothing to list */
	tok = json_tokener_new();
	if (!tok)
		FAIL("json_tokener_new");
	root = json_tokener_parse_ex(tok, text, (int)tlen);
	if (!root || json_tokener_get_error(tok) != json_tokener_success ||
	    json_tokener_get_parse_end(tok) != tlen) {
		why_set(why, len, "not JSON (%s at %zu of %zu): %.200s",
			json_tokener_error_desc(json_tokener_get_error(tok)),
			json_tokener_get_parse_end(tok), tlen, text);
		json_tokener_free(tok);
		json_object_put(root);
		return -1;
	}
	json_tokener_free(tok);
	/* -R: an array of regions, or one region object */
	if (json_object_is_type(root, json_type_object)) {
		struct json_object *a = json_object_new_array();

		json_object_array_add(a, json_object_get(root));
		json_object_put(root);
		root = a;
	}
	if (!json_object_is_type(root, json_type_array))
		FAIL("the listing is not an array");
	for (i = 0; i < json_object_array_length(root); i++) {
		struct json_object *jr = json_object_array_get_idx(root, i);

		if (get_u64(jr, "size", &size) &&
		    get_u64(jr, "available_size", &avail) && avail > size)
			FAIL("region: available_size %llu above size %llu",
			     avail, size);
		if (!json_object_object_get_ex(jr, "devices", &jdevs))
			continue;
		if (!json_object_is_type(jdevs, json_type_array))
			FAIL("devices is not an array");
		for (j = 0; j < json_object_array_length(jdevs); j++)
			if (check_jdev(json_object_array_get_idx(jdevs, j), why,
				       len) < 0) {
				rc = -1;
				goto out;
			}
	}
out:
	json_object_put(root);
	return rc;
}

double stress_now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec + ts.tv_nsec / 1e9;
}

unsigned long stress_env_ul(const char *name, unsigned long def)
{
	const char *s = getenv(name);

	return s && *s ? strtoul(s, NULL, 0) : def;
}
