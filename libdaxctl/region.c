// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * Regions: the parents of dax devices. Discovered from the devices listed
 * on the dax bus (or in the old dax class), kept in ascending id order.
 */
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "libdaxctl-private.h"
#include "sysfs.h"

static int region_order(const struct daxctl_region *r, int id,
			const char *path)
{
	if (r->id != id)
		return r->id < id ? -1 : 1;
	return strcmp(r->path, path);
}

void daxctl_region_free(struct daxctl_region *region)
{
	struct daxctl_dev *dev, *next;

	list_for_each_safe(&region->devs, dev, next, list)
		daxctl_dev_free(dev);
	list_for_each_safe(&region->dead_devs, dev, next, list)
		daxctl_dev_free(dev);
	list_del(&region->list);
	sysfs_dircache_forget(region->ctx, region);
	free(region->attr_path);
	free(region->devs_path);
	free(region->devname);
	free(region->path);
	free(region);
}

/*
 * The region at @path, created and inserted in (id, path) order when it is
 * not known yet. Regions are unique by path.
 */
struct daxctl_region *daxctl_region_add(struct daxctl_ctx *ctx, int id,
					const char *path)
{
	struct daxctl_region *region, *pos;
	const char *base;

	/* the devices of one region come one after another: check it first */
	region = ctx->last_region;
	if (region && strcmp(region->path, path) == 0)
		return region;
	list_for_each(&ctx->regions, region, list)
		if (strcmp(region->path, path) == 0)
			return ctx->last_region = region;

	region = calloc(1, sizeof(*region));
	if (!region)
		return NULL;
	region->ctx = ctx;
	region->id = id;
	region->refcount = 1;
	list_head_init(&region->devs);
	list_head_init(&region->dead_devs);
	region->path = strdup(path);
	base = strrchr(path, '/');
	region->devname = strdup(base ? base + 1 : path);
	if (!region->path || !region->devname ||
	    asprintf(&region->attr_path, "%s/dax_region", path) < 0) {
		free(region->devname);
		free(region->path);
		free(region);
		return NULL;
	}

	/* from the tail: regions mostly come in ascending order */
	for (pos = list_entry(ctx->regions.n.prev, struct daxctl_region, list);
	     &pos->list != &ctx->regions.n &&
	     region_order(pos, id, path) > 0;
	     pos = list_entry(pos->list.prev, struct daxctl_region, list))
		;
	list_insert_before(pos->list.next, &region->list);
	ctx->last_region = region;
	dbg(ctx, "region%d: %s\n", id, path);
	return region;
}

/*
 * Find the regions through their devices: each /sys/bus/dax/devices/daxX.Y
 * (or /sys/class/dax/daxX.Y) link points into the region's directory.
 */
static void regions_init(struct daxctl_ctx *ctx)
{
	enum daxctl_subsys subsys = daxctl_ctx_get_subsys(ctx);
	struct daxctl_region *prev = NULL;
	char prev_link[PATH_MAX];
	size_t prev_len = 0;
	const char *base;
	struct dirent *de;
	DIR *dir;

	ctx->regions_init = true;
	if (subsys == DAXCTL_SUBSYS_CLASS)
		base = "/sys/class/dax";
	else if (subsys == DAXCTL_SUBSYS_BUS)
		base = "/sys/bus/dax/devices";
	else
		return;

	dir = sysfs_opendir(ctx, "%s", base);
	if (!dir) {
		dbg(ctx, "%s: %s\n", base, strerror(errno));
		return;
	}
	/* each link is then one readlinkat() */
	sysfs_dircache_set(ctx, SYSFS_DIR_DEVS, base, NULL);
	while ((de = readdir(dir)) != NULL) {
		char link[PATH_MAX], devpath[PATH_MAX];
		char *slash;
		int region_id, id;
		size_t dlen;

		if (daxctl_dev_parse_name(de->d_name, &region_id, &id) < 0)
			continue;
		if (sysfs_attr_readlink(ctx, link, sizeof(link), base,
					de->d_name) < 0) {
			dbg(ctx, "%s/%s: not a device link\n", base,
			    de->d_name);
			continue;
		}
		/* a link into the same directory as the last one: same region */
		slash = strrchr(link, '/');
		dlen = slash ? (size_t)(slash - link) : 0;
		if (prev && slash && dlen == prev_len &&
		    memcmp(link, prev_link, dlen) == 0)
			continue;
		if (path_resolve(base, link, devpath, sizeof(devpath)) < 0) {
			dbg(ctx, "%s/%s: not a device link\n", base,
			    de->d_name);
			continue;
		}
		/* bus: <region>/daxX.Y; class: <region>/dax/daxX.Y */
		slash = strrchr(devpath, '/');
		*slash = '\0';
		if (subsys == DAXCTL_SUBSYS_CLASS) {
			slash = strrchr(devpath, '/');
			if (!slash || strcmp(slash, "/dax") != 0) {
				dbg(ctx, "%s: unexpected class layout\n",
				    de->d_name);
				continue;
			}
			*slash = '\0';
		}
		if (devpath[0] == '\0')
			continue;
		prev = daxctl_region_add(ctx, region_id, devpath);
		if (!prev) {
			err(ctx, "%s: out of memory\n", de->d_name);
			continue;
		}
		if (dlen < sizeof(prev_link)) {
			memcpy(prev_link, link, dlen);
			prev_len = dlen;
		} else {
			prev = NULL;
		}
	}
	closedir(dir);
}

DAXCTL_EXPORT struct daxctl_region *daxctl_new_region(struct daxctl_ctx *ctx,
		int id, uuid_t uuid, const char *path)
{
	char clean[PATH_MAX];
	struct daxctl_region *region;

	if (!ctx || !path || path[0] != '/' || id < 0)
		return NULL;
	if (path_resolve("/", path, clean, sizeof(clean)) < 0)
		return NULL;
	region = daxctl_region_add(ctx, id, clean);
	if (!region)
		return NULL;
	if (uuid)
		memcpy(region->uuid, uuid, sizeof(region->uuid));
	region->refcount++;
	return region;
}

DAXCTL_EXPORT struct daxctl_region *daxctl_region_get_first(
		struct daxctl_ctx *ctx)
{
	if (!ctx)
		return NULL;
	if (!ctx->regions_init)
		regions_init(ctx);
	return list_first_entry_or_null(&ctx->regions, struct daxctl_region,
					list);
}

DAXCTL_EXPORT struct daxctl_region *daxctl_region_get_next(
		struct daxctl_region *region)
{
	if (!region)
		return NULL;
	return list_next_entry_or_null(&region->ctx->regions, region, list);
}

DAXCTL_EXPORT void daxctl_region_ref(struct daxctl_region *region)
{
	if (region)
		region->refcount++;
}

/*
 * The ctx owns its regions: a count that drops to zero frees nothing, so a
 * caller that unrefs too often cannot pull a region out from under others.
 */
DAXCTL_EXPORT void daxctl_region_unref(struct daxctl_region *region)
{
	if (region && region->refcount > 0)
		region->refcount--;
}

DAXCTL_EXPORT void daxctl_region_get_uuid(struct daxctl_region *region,
					  uuid_t uu)
{
	if (region && uu)
		memcpy(uu, region->uuid, sizeof(region->uuid));
}

DAXCTL_EXPORT int daxctl_region_get_id(struct daxctl_region *region)
{
	return region ? region->id : -1;
}

DAXCTL_EXPORT struct daxctl_ctx *daxctl_region_get_ctx(
		struct daxctl_region *region)
{
	return region ? region->ctx : NULL;
}

DAXCTL_EXPORT unsigned long long daxctl_region_get_available_size(
		struct daxctl_region *region)
{
	unsigned long long avail;

	if (!region)
		return 0;
	if (sysfs_read_u64(region->ctx, &avail, "%s/available_size",
			   region->attr_path) < 0)
		return 0;
	return avail;
}

DAXCTL_EXPORT unsigned long long daxctl_region_get_size(
		struct daxctl_region *region)
{
	unsigned long long size;

	if (!region)
		return ULLONG_MAX;
	if (!region->size_valid) {
		if (sysfs_read_u64(region->ctx, &size, "%s/size",
				   region->attr_path) < 0)
			return ULLONG_MAX;
		region->size = size;
		region->size_valid = true;
	}
	return region->size;
}

DAXCTL_EXPORT unsigned long daxctl_region_get_align(
		struct daxctl_region *region)
{
	unsigned long long align;

	if (!region)
		return ULONG_MAX;
	if (!region->align_valid) {
		if (sysfs_read_u64(region->ctx, &align, "%s/align",
				   region->attr_path) < 0 ||
		    align > ULONG_MAX)
			return ULONG_MAX;
		region->align = (unsigned long)align;
		region->align_valid = true;
	}
	return region->align;
}

DAXCTL_EXPORT const char *daxctl_region_get_devname(
		struct daxctl_region *region)
{
	return region ? region->devname : NULL;
}

DAXCTL_EXPORT const char *daxctl_region_get_path(struct daxctl_region *region)
{
	return region ? region->path : NULL;
}

/* Take @dev out of the walk; the ctx still frees it. */
void daxctl_region_retire_dev(struct daxctl_dev *dev)
{
	if (dev->dead)
		return;
	dev->dead = true;
	list_del(&dev->list);
	list_add_tail(&dev->region->dead_devs, &dev->list);
}

static struct daxctl_dev *find_live_dev(struct daxctl_region *region,
					const char *devname)
{
	struct daxctl_dev *dev;

	list_for_each(&region->devs, dev, list)
		if (strcmp(dev->devname, devname) == 0)
			return dev;
	return NULL;
}

struct scan_entry {
	int id;
	char name[32];
};

static int scan_entry_cmp(const void *a, const void *b)
{
	const struct scan_entry *x = a, *y = b;

	return (x->id > y->id) - (x->id < y->id);
}

/* The region's daxX.Y entries, ascending by Y; -errno when unreadable. */
static int scan_dir(struct daxctl_region *region, struct scan_entry **out,
		    size_t *count)
{
	struct daxctl_ctx *ctx = region->ctx;
	struct scan_entry *v = NULL, *bigger;
	size_t n = 0, cap = 0;
	struct dirent *de;
	DIR *dir;

	dir = sysfs_opendir(ctx, "%s", region->devs_path);
	if (!dir)
		return -errno;
	while ((de = readdir(dir)) != NULL) {
		int region_id, id;

		if (daxctl_dev_parse_name(de->d_name, &region_id, &id) < 0 ||
		    region_id != region->id ||
		    strlen(de->d_name) >= sizeof(v->name))
			continue;
		if (n == cap) {
			cap = cap ? cap * 2 : 16;
			bigger = realloc(v, cap * sizeof(*v));
			if (!bigger) {
				free(v);
				closedir(dir);
				return -ENOMEM;
			}
			v = bigger;
		}
		v[n].id = id;
		strcpy(v[n].name, de->d_name);
		n++;
	}
	closedir(dir);
	if (n > 1)
		qsort(v, n, sizeof(*v), scan_entry_cmp);
	*out = v;
	*count = n;
	return 0;
}

/*
 * Bring the device list in line with the region's directory: add devices
 * that appeared, retire those that are gone (their handles stay valid).
 * The directory is read once and sorted, then merged with the list (kept
 * in ascending id order; a canonical name has one id): linear after the
 * sort, however many devices there are.
 */
int daxctl_region_rescan_devs(struct daxctl_region *region)
{
	struct daxctl_ctx *ctx = region->ctx;
	bool class = daxctl_ctx_get_subsys(ctx) == DAXCTL_SUBSYS_CLASS;
	struct daxctl_dev *dev, *next, *pos;
	struct scan_entry *ents = NULL;
	unsigned int gen;
	size_t n = 0, i;
	int rc;

	region->devs_init = true;
	gen = ++region->scan_gen;
	if (!region->devs_path &&
	    asprintf(&region->devs_path, class ? "%s/dax" : "%s",
		     region->path) < 0) {
		region->devs_path = NULL;
		return -ENOMEM;
	}
	rc = scan_dir(region, &ents, &n);
	if (rc < 0) {
		dbg(ctx, "%s: %s\n", region->path, strerror(-rc));
		if (rc == -ENOMEM)
			return rc;
		/* the region itself vanished: so did its devices */
		list_for_each_safe(&region->devs, dev, next, list)
			daxctl_region_retire_dev(dev);
		return rc;
	}
	/* the attributes of each device: one openat() below this */
	sysfs_dircache_set(ctx, SYSFS_DIR_DEVS, region->devs_path, region);

	pos = list_first_entry_or_null(&region->devs, struct daxctl_dev, list);
	for (i = 0; i < n; i++) {
		char path[PATH_MAX];

		while (pos && pos->id < ents[i].id)
			pos = list_next_entry_or_null(&region->devs, pos, list);
		if (pos && pos->id == ents[i].id) {
			pos->scan_gen = gen;
			continue;
		}
		if (sysfs_join(path, sizeof(path), region->devs_path,
			       ents[i].name) < 0)
			continue;
		dev = daxctl_dev_new(region, ents[i].id, ents[i].name, path);
		if (!dev)
			continue;
		dev->scan_gen = gen;
		list_insert_before(pos ? &pos->list : &region->devs.n,
				   &dev->list);
	}
	free(ents);

	list_for_each_safe(&region->devs, dev, next, list) {
		if (dev->scan_gen == gen)
			continue;
		dbg(ctx, "%s: gone\n", dev->devname);
		daxctl_region_retire_dev(dev);
	}
	return 0;
}

DAXCTL_EXPORT struct daxctl_dev *daxctl_region_get_dev_seed(
		struct daxctl_region *region)
{
	struct daxctl_dev *dev;
	char seed[64];

	if (!region)
		return NULL;
	if (sysfs_read(region->ctx, seed, sizeof(seed), "%s/seed",
		       region->attr_path) <= 0)
		return NULL;
	if (!region->devs_init)
		daxctl_region_rescan_devs(region);
	dev = find_live_dev(region, seed);
	if (!dev) {
		/* the seed may have been created since the last scan */
		daxctl_region_rescan_devs(region);
		dev = find_live_dev(region, seed);
	}
	return dev;
}

DAXCTL_EXPORT int daxctl_region_create_dev(struct daxctl_region *region)
{
	struct daxctl_ctx *ctx;
	int rc;

	if (!region)
		return -EINVAL;
	ctx = region->ctx;
	rc = sysfs_write(ctx, "1", "%s/create", region->attr_path);
	if (rc < 0) {
		dbg(ctx, "%s: create: %s\n", region->devname, strerror(-rc));
		return rc;
	}
	/* the new device joins the list now, not at the next ctx */
	daxctl_region_rescan_devs(region);
	return 0;
}

DAXCTL_EXPORT int daxctl_region_destroy_dev(struct daxctl_region *region,
					    struct daxctl_dev *dev)
{
	struct daxctl_ctx *ctx;
	int rc;

	if (!region || !dev || dev->region != region)
		return -EINVAL;
	ctx = region->ctx;
	rc = sysfs_write(ctx, dev->devname, "%s/delete", region->attr_path);
	if (rc < 0) {
		dbg(ctx, "%s: delete: %s\n", dev->devname, strerror(-rc));
		return rc;
	}
	daxctl_region_retire_dev(dev);
	return 0;
}
