// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * Devices: the /dev/daxX.Y instances of a region, their attributes, the
 * driver they are bound to (their mode), and resizing.
 */
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "libdaxctl-private.h"
#include "sysfs.h"

static const char *const mode_drivers[] = {
	[DAXCTL_DEV_MODE_DEVDAX] = "device_dax",
	[DAXCTL_DEV_MODE_RAM] = "kmem",
	[DAXCTL_DEV_MODE_FAMFS] = "fsdev_dax",
};

/* A decimal int in the kernel's spelling: no sign, no leading zero. */
static const char *parse_id(const char *s, int *val)
{
	long long v = 0;

	if (*s < '0' || *s > '9' || (s[0] == '0' && s[1] >= '0' && s[1] <= '9'))
		return NULL;
	for (; *s >= '0' && *s <= '9'; s++) {
		v = v * 10 + (*s - '0');
		if (v > INT_MAX)
			return NULL;
	}
	*val = (int)v;
	return s;
}

/* "daxX.Y" exactly, in the kernel's spelling (no signs, no leading zeros) */
int daxctl_dev_parse_name(const char *name, int *region_id, int *id)
{
	const char *p = name;
	int r, d;

	if (strncmp(p, "dax", 3) != 0)
		return -EINVAL;
	p = parse_id(p + 3, &r);
	if (!p || *p != '.')
		return -EINVAL;
	p = parse_id(p + 1, &d);
	if (!p || *p != '\0')
		return -EINVAL;
	*region_id = r;
	*id = d;
	return 0;
}

/*
 * The ctx of @dev, with the directory of its region's devices cached, so
 * that its attributes are opened relative to it (see sysfs_dircache_set).
 */
static struct daxctl_ctx *dev_ctx(struct daxctl_dev *dev)
{
	struct daxctl_region *region = dev->region;

	if (region->devs_path)
		sysfs_dircache_set(region->ctx, SYSFS_DIR_DEVS,
				   region->devs_path, region);
	return region->ctx;
}

/* "MAJOR:MINOR", both decimal digits only; @s is cut at the colon */
static int parse_devnum(char *s, int *major, int *minor)
{
	unsigned long long ma, mi;
	char *colon = strchr(s, ':');

	if (!colon)
		return -EINVAL;
	*colon = '\0';
	if (parse_u64(s, 10, &ma) < 0 || parse_u64(colon + 1, 10, &mi) < 0 ||
	    ma > INT_MAX || mi > INT_MAX)
		return -EINVAL;
	*major = (int)ma;
	*minor = (int)mi;
	return 0;
}

/*
 * A device needs its "dev" numbers and a size; without either it is not a
 * device we can describe, and the walk skips it.
 */
struct daxctl_dev *daxctl_dev_new(struct daxctl_region *region, int id,
				  const char *devname, const char *path)
{
	struct daxctl_ctx *ctx = region->ctx;
	unsigned long long size;
	struct daxctl_dev *dev;
	size_t nlen, plen;
	int major, minor;
	char buf[64];

	if (sysfs_attr_read(ctx, buf, sizeof(buf), path, "dev") < 0 ||
	    parse_devnum(buf, &major, &minor) < 0) {
		dbg(ctx, "%s: no usable dev attribute, skipped\n", devname);
		return NULL;
	}
	if (sysfs_attr_u64(ctx, &size, path, "size") < 0) {
		dbg(ctx, "%s: no usable size attribute, skipped\n", devname);
		return NULL;
	}

	/* one allocation: the names follow the struct */
	nlen = strlen(devname) + 1;
	plen = strlen(path) + 1;
	dev = calloc(1, sizeof(*dev) + nlen + plen);
	if (!dev)
		return NULL;
	dev->region = region;
	dev->id = id;
	dev->major = major;
	dev->minor = minor;
	dev->size = size;
	list_head_init(&dev->mappings);
	list_head_init(&dev->dead_mappings);
	dev->devname = memcpy((char *)(dev + 1), devname, nlen);
	dev->path = memcpy(dev->devname + nlen, path, plen);
	dbg(ctx, "%s: %s size %llu\n", devname, path, size);
	return dev;
}

void daxctl_dev_free(struct daxctl_dev *dev)
{
	daxctl_mappings_free(dev);
	daxctl_memory_free(dev->mem);
	list_del(&dev->list);
	free(dev);
}

/* Forget what a resize or remap may have changed; re-read the size. */
void daxctl_dev_invalidate(struct daxctl_dev *dev)
{
	struct daxctl_ctx *ctx = dev_ctx(dev);
	unsigned long long size;

	if (sysfs_attr_u64(ctx, &size, dev->path, "size") == 0)
		dev->size = size;
	dev->resource_valid = false;
	dev->align_valid = false;
	if (dev->mappings_init)
		daxctl_mappings_refresh(dev);
}

DAXCTL_EXPORT struct daxctl_dev *daxctl_dev_get_first(
		struct daxctl_region *region)
{
	if (!region)
		return NULL;
	if (!region->devs_init)
		daxctl_region_rescan_devs(region);
	return list_first_entry_or_null(&region->devs, struct daxctl_dev,
					list);
}

DAXCTL_EXPORT struct daxctl_dev *daxctl_dev_get_next(struct daxctl_dev *dev)
{
	if (!dev)
		return NULL;
	/*
	 * A destroyed device has left the walk; a caller walking with
	 * daxctl_dev_foreach() while destroying (the distribution's daxctl
	 * does) goes on with the first live device after it.
	 */
	if (dev->dead) {
		struct daxctl_dev *pos;

		list_for_each(&dev->region->devs, pos, list)
			if (pos->id > dev->id)
				return pos;
		return NULL;
	}
	return list_next_entry_or_null(&dev->region->devs, dev, list);
}

DAXCTL_EXPORT struct daxctl_region *daxctl_dev_get_region(
		struct daxctl_dev *dev)
{
	return dev ? dev->region : NULL;
}

DAXCTL_EXPORT struct daxctl_ctx *daxctl_dev_get_ctx(struct daxctl_dev *dev)
{
	return dev ? dev->region->ctx : NULL;
}

DAXCTL_EXPORT int daxctl_dev_get_id(struct daxctl_dev *dev)
{
	return dev ? dev->id : -1;
}

DAXCTL_EXPORT const char *daxctl_dev_get_devname(struct daxctl_dev *dev)
{
	return dev ? dev->devname : NULL;
}

DAXCTL_EXPORT int daxctl_dev_get_major(struct daxctl_dev *dev)
{
	return dev ? dev->major : -1;
}

DAXCTL_EXPORT int daxctl_dev_get_minor(struct daxctl_dev *dev)
{
	return dev ? dev->minor : -1;
}

DAXCTL_EXPORT unsigned long long daxctl_dev_get_size(struct daxctl_dev *dev)
{
	return dev ? dev->size : 0;
}

/* The start of the /proc/iomem line named after the device, or 0. */
static unsigned long long iomem_lookup(struct daxctl_dev *dev)
{
	struct daxctl_ctx *ctx = dev->region->ctx;
	unsigned long long start = 0, s, e;
	char line[256];
	FILE *f;

	f = sysfs_fopen(ctx, "/proc/iomem");
	if (!f)
		return 0;
	while (fgets(line, sizeof(line), f)) {
		size_t len = strlen(line);
		bool whole = len && line[len - 1] == '\n';
		char *name;
		int n = 0;

		/* no device line is that long: skip the rest of it */
		if (!whole && !feof(f)) {
			int c;

			while ((c = getc(f)) != EOF && c != '\n')
				;
			continue;
		}
		if (sscanf(line, " %llx-%llx : %n", &s, &e, &n) != 2 || !n)
			continue;
		name = line + n;
		name[strcspn(name, "\n")] = '\0';
		if (strcmp(name, dev->devname) == 0) {
			start = s;
			break;
		}
	}
	fclose(f);
	return start;
}

DAXCTL_EXPORT unsigned long long daxctl_dev_get_resource(
		struct daxctl_dev *dev)
{
	unsigned long long res;

	if (!dev)
		return 0;
	if (dev->resource_valid)
		return dev->resource;
	/* "resource" is root-only; /proc/iomem names the device too */
	if (sysfs_attr_u64(dev_ctx(dev), &res, dev->path, "resource") < 0)
		res = iomem_lookup(dev);
	if (res) {
		dev->resource = res;
		dev->resource_valid = true;
	}
	return res;
}

DAXCTL_EXPORT unsigned long daxctl_dev_get_align(struct daxctl_dev *dev)
{
	unsigned long long align;

	if (!dev)
		return 0;
	if (!dev->align_valid) {
		/* kernels before 5.10 have no per-device align */
		if (sysfs_attr_u64(dev_ctx(dev), &align, dev->path,
				   "align") < 0 || align > ULONG_MAX)
			return 0;
		dev->align = (unsigned long)align;
		dev->align_valid = true;
	}
	return dev->align;
}

DAXCTL_EXPORT int daxctl_dev_get_target_node(struct daxctl_dev *dev)
{
	int node;

	if (!dev)
		return -1;
	if (!dev->target_node_valid) {
		if (sysfs_attr_int(dev_ctx(dev), &node, dev->path,
				   "target_node") < 0 || node < -1)
			return -1;
		dev->target_node = node;
		dev->target_node_valid = true;
	}
	return dev->target_node;
}

static bool dev_is_bus(struct daxctl_dev *dev)
{
	return daxctl_ctx_get_subsys(dev->region->ctx) == DAXCTL_SUBSYS_BUS;
}

/*
 * The name of the driver @dev is bound to, from the basename of its
 * "driver" link. 0, -ENOENT when unbound, or another negative errno.
 */
int daxctl_dev_bound_driver(struct daxctl_dev *dev, char *buf, size_t len)
{
	char link[PATH_MAX];
	const char *base;
	int rc;

	rc = sysfs_attr_readlink(dev_ctx(dev), link, sizeof(link), dev->path,
				 "driver");
	if (rc < 0)
		return rc;
	base = strrchr(link, '/');
	base = base ? base + 1 : link;
	if (strlen(base) >= len)
		return -EFBIG;
	strcpy(buf, base);
	return 0;
}

DAXCTL_EXPORT int daxctl_dev_is_enabled(struct daxctl_dev *dev)
{
	if (!dev)
		return 0;
	/* the class model has no drivers to unbind: always enabled */
	if (!dev_is_bus(dev))
		return 1;
	return sysfs_attr_exists(dev_ctx(dev), dev->path, "driver");
}

DAXCTL_EXPORT enum daxctl_dev_mode daxctl_dev_get_mode(struct daxctl_dev *dev)
{
	char drv[64];
	unsigned int m;

	if (!dev)
		return DAXCTL_DEV_MODE_UNKNOWN;
	/* class-model devices are plain device-dax character devices */
	if (!dev_is_bus(dev))
		return DAXCTL_DEV_MODE_DEVDAX;
	if (daxctl_dev_bound_driver(dev, drv, sizeof(drv)) < 0)
		return DAXCTL_DEV_MODE_UNKNOWN;
	for (m = 0; m < ARRAY_SIZE(mode_drivers); m++)
		if (strcmp(drv, mode_drivers[m]) == 0)
			return (enum daxctl_dev_mode)m;
	return DAXCTL_DEV_MODE_UNKNOWN;
}

DAXCTL_EXPORT int daxctl_dev_is_devdax_mode(struct daxctl_dev *dev)
{
	return daxctl_dev_get_mode(dev) == DAXCTL_DEV_MODE_DEVDAX;
}

DAXCTL_EXPORT int daxctl_dev_is_system_ram_mode(struct daxctl_dev *dev)
{
	return daxctl_dev_get_mode(dev) == DAXCTL_DEV_MODE_RAM;
}

DAXCTL_EXPORT int daxctl_dev_is_famfs_mode(struct daxctl_dev *dev)
{
	return daxctl_dev_get_mode(dev) == DAXCTL_DEV_MODE_FAMFS;
}

DAXCTL_EXPORT int daxctl_dev_is_system_ram_capable(struct daxctl_dev *dev)
{
	return daxctl_dev_is_system_ram_mode(dev);
}

static int dev_enable(struct daxctl_dev *dev, enum daxctl_dev_mode mode)
{
	struct daxctl_ctx *ctx;
	const char *drv = mode_drivers[mode];
	char cur[64];
	int rc, rc_bind;

	if (!dev)
		return -EINVAL;
	ctx = dev->region->ctx;
	if (!dev_is_bus(dev)) {
		err(ctx, "%s: enable needs the dax bus device model, see daxctl-migrate-device-model(1)\n",
		    dev->devname);
		return -EOPNOTSUPP;
	}
	rc = daxctl_dev_bound_driver(dev, cur, sizeof(cur));
	if (rc == 0) {
		if (strcmp(cur, drv) == 0)
			return 0;
		dbg(ctx, "%s: bound to %s, not %s\n", dev->devname, cur, drv);
		return -EBUSY;
	}

	/* what kmem will refuse, said before binding it */
	if (mode == DAXCTL_DEV_MODE_RAM) {
		rc = daxctl_memory_ram_check(dev);
		if (rc < 0)
			return rc;
	}
	rc = daxctl_ctx_load_driver(ctx, drv);
	if (rc < 0)
		return rc;

	/*
	 * new_id makes the driver claim the device by name (kmem will not
	 * bind otherwise) and attaches it; bind then covers a driver that
	 * had the id already. What counts is the driver link afterwards.
	 */
	rc = sysfs_write(ctx, dev->devname, "/sys/bus/dax/drivers/%s/new_id",
			 drv);
	rc_bind = sysfs_write(ctx, dev->devname, "/sys/bus/dax/drivers/%s/bind",
			      drv);
	if (daxctl_dev_bound_driver(dev, cur, sizeof(cur)) == 0 &&
	    strcmp(cur, drv) == 0) {
		dbg(ctx, "%s: enabled as %s\n", dev->devname, drv);
		daxctl_dev_invalidate(dev);
		return 0;
	}
	if (rc_bind < 0)
		rc = rc_bind;
	if (rc == 0)
		rc = -ENXIO;
	dbg(ctx, "%s: %s did not bind: %s\n", dev->devname, drv,
	    strerror(-rc));
	return rc;
}

DAXCTL_EXPORT int daxctl_dev_enable_devdax(struct daxctl_dev *dev)
{
	return dev_enable(dev, DAXCTL_DEV_MODE_DEVDAX);
}

DAXCTL_EXPORT int daxctl_dev_enable_ram(struct daxctl_dev *dev)
{
	return dev_enable(dev, DAXCTL_DEV_MODE_RAM);
}

DAXCTL_EXPORT int daxctl_dev_enable_famfs(struct daxctl_dev *dev)
{
	return dev_enable(dev, DAXCTL_DEV_MODE_FAMFS);
}

DAXCTL_EXPORT int daxctl_dev_disable(struct daxctl_dev *dev)
{
	struct daxctl_ctx *ctx;
	char drv[64];
	int rc;

	if (!dev)
		return -EINVAL;
	ctx = dev->region->ctx;
	if (!dev_is_bus(dev)) {
		err(ctx, "%s: disable needs the dax bus device model, see daxctl-migrate-device-model(1)\n",
		    dev->devname);
		return -EOPNOTSUPP;
	}
	if (daxctl_dev_bound_driver(dev, drv, sizeof(drv)) < 0)
		return 0;

	/*
	 * Unbinding kmem with memory online cannot remove that memory: the
	 * kernel would leave it in place, unreachable. Refuse instead.
	 */
	if (strcmp(drv, mode_drivers[DAXCTL_DEV_MODE_RAM]) == 0 &&
	    daxctl_dev_has_online_memory(dev) > 0) {
		err(ctx, "%s: memory is online, offline it first\n",
		    dev->devname);
		return -EBUSY;
	}

	/* drop the name claim first, or the driver would rebind it */
	rc = sysfs_write(ctx, dev->devname, "%s/driver/remove_id", dev->path);
	if (rc < 0)
		dbg(ctx, "%s: remove_id: %s\n", dev->devname, strerror(-rc));
	rc = sysfs_write(ctx, dev->devname, "%s/driver/unbind", dev->path);
	if (sysfs_exists(ctx, "%s/driver", dev->path)) {
		dbg(ctx, "%s: still bound to %s\n", dev->devname, drv);
		return rc < 0 ? rc : -EBUSY;
	}
	dbg(ctx, "%s: disabled\n", dev->devname);
	return 0;
}

DAXCTL_EXPORT int daxctl_dev_set_size(struct daxctl_dev *dev,
				      unsigned long long size)
{
	char val[32];
	int rc;

	if (!dev)
		return -EINVAL;
	snprintf(val, sizeof(val), "%#llx", size);
	rc = sysfs_write(dev->region->ctx, val, "%s/size", dev->path);
	if (rc < 0)
		return rc;
	daxctl_dev_invalidate(dev);
	return 0;
}

DAXCTL_EXPORT int daxctl_dev_set_align(struct daxctl_dev *dev,
				       unsigned long align)
{
	char val[32];
	int rc;

	if (!dev)
		return -EINVAL;
	snprintf(val, sizeof(val), "%#lx", align);
	rc = sysfs_write(dev->region->ctx, val, "%s/align", dev->path);
	if (rc < 0)
		return rc;
	daxctl_dev_invalidate(dev);
	return 0;
}

DAXCTL_EXPORT int daxctl_dev_set_mapping(struct daxctl_dev *dev,
					 unsigned long long start,
					 unsigned long long end)
{
	char val[64];
	int rc;

	if (!dev || end < start)
		return -EINVAL;
	snprintf(val, sizeof(val), "%#llx-%#llx", start, end);
	rc = sysfs_write(dev->region->ctx, val, "%s/mapping", dev->path);
	if (rc < 0)
		return rc;
	daxctl_dev_invalidate(dev);
	return 0;
}

DAXCTL_EXPORT int daxctl_dev_will_auto_online_memory(struct daxctl_dev *dev)
{
	char buf[64];

	if (!dev)
		return 0;
	if (sysfs_read(dev->region->ctx, buf, sizeof(buf),
		       "/sys/devices/system/memory/auto_online_blocks") < 0)
		return 0;
	if (strncmp(buf, "online", 6) != 0)
		return 0;
	info(dev->region->ctx, "%s: /sys/devices/system/memory/auto_online_blocks is '%s': the kernel onlines hot-added memory itself\n",
	     dev->devname, buf);
	return 1;
}

DAXCTL_EXPORT int daxctl_dev_has_online_memory(struct daxctl_dev *dev)
{
	struct daxctl_memory *mem = daxctl_dev_get_memory(dev);
	int rc;

	if (!mem)
		return 0;
	rc = daxctl_memory_is_online(mem);
	return rc > 0 ? rc : 0;
}
