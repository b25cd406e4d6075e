// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * vm-region ID: on a dynamic region (hmem) whose daxID.0 spans the region,
 * create, resize, align, map and destroy devices through libdaxctl, and check
 * that the kernel's errno reaches the caller.  Restores the starting state
 * (daxID.0 spanning the region, enabled as devdax).
 */
#include <daxctl/libdaxctl.h>
#include "vmtest.h"

#define MiB (1ULL << 20)
#define DEVS "/sys/bus/dax/devices"

static struct daxctl_region *region;

static struct daxctl_dev *find(const char *name)
{
	struct daxctl_dev *dev;

	daxctl_dev_foreach(region, dev)
		if (strcmp(daxctl_dev_get_devname(dev), name) == 0)
			return dev;
	return NULL;
}

static int count_devs(void)
{
	struct daxctl_dev *dev;
	int n = 0;

	daxctl_dev_foreach(region, dev)
		n++;
	return n;
}

static int count_mappings(struct daxctl_dev *dev)
{
	struct daxctl_mapping *m;
	int n = 0;

	daxctl_mapping_foreach(dev, m)
		n++;
	return n;
}

static unsigned long long sys_size(const char *name)
{
	return sys_u64(~0ULL, 0, DEVS "/%s/size", name);
}

/* teardown of a device made here, by the library; reports each step */
static void destroy(struct daxctl_dev *dev, const char *name)
{
	if (daxctl_dev_is_enabled(dev))
		t_errno(daxctl_dev_disable(dev), 0, "%s: disable", name);
	t_errno(daxctl_dev_set_size(dev, 0), 0, "%s: set_size 0", name);
	t_errno(daxctl_region_destroy_dev(region, dev), 0, "%s: destroy", name);
	t_ok(!sys_exists(DEVS "/%s", name), "%s: gone from sysfs", name);
	t_ok(find(name) == NULL, "%s: gone from the library's list", name);
}

int main(int argc, char **argv)
{
	int id = argc > 1 ? atoi(argv[1]) : 0, rc;
	unsigned long long total, half, base, avail;
	char n0[32], n1[64], n2[64], buf[128];
	struct daxctl_dev *dev0, *d1, *d2, *seed;
	struct daxctl_mapping *m;
	struct daxctl_ctx *ctx;

	t_init("vm-region");
	if (!t_ok(daxctl_new(&ctx) == 0, "daxctl_new"))
		return t_done();
	region = find_region(ctx, id);
	if (!t_ok(region != NULL, "region %d is listed", id))
		return t_done();
	snprintf(n0, sizeof(n0), "dax%d.0", id);
	dev0 = find(n0);
	total = daxctl_region_get_size(region);
	if (!t_ok(dev0 && daxctl_dev_get_size(dev0) == total && total >= 512 * MiB &&
		  daxctl_dev_is_enabled(dev0),
		  "precondition: %s enabled and spanning the region", n0))
		return t_done();
	half = total / 2;
	base = daxctl_dev_get_resource(dev0);
	t_is(daxctl_region_get_available_size(region), 0, "available_size 0 when full");

	/* a full region has no room for a new device */
	t_errno(daxctl_region_create_dev(region), -ENOSPC, "create_dev on a full region: ENOSPC");

	/* resizing a bound device */
	t_errno(daxctl_dev_set_size(dev0, half), -EBUSY, "%s: set_size while enabled: EBUSY", n0);
	t_is(sys_size(n0), total, "%s: size unchanged in sysfs", n0);

	/* shrink */
	t_errno(daxctl_dev_disable(dev0), 0, "%s: disable", n0);
	t_errno(daxctl_dev_set_size(dev0, half + 4096), -EINVAL,
		"%s: size not a multiple of the 2 MiB align: EINVAL", n0);
	t_errno(daxctl_dev_set_size(dev0, half), 0, "%s: set_size to half", n0);
	t_is(sys_size(n0), half, "%s: sysfs size is half", n0);
	t_is(daxctl_dev_get_size(dev0), half, "%s: get_size reflects the new size", n0);
	t_is(daxctl_region_get_available_size(region), total - half,
	     "available_size is the other half");
	m = daxctl_mapping_get_first(dev0);
	t_ok(m && daxctl_mapping_get_size(m) == half && !daxctl_mapping_get_next(m),
	     "%s: one mapping of the new size", n0);

	/* create */
	rc = daxctl_region_create_dev(region);
	t_errno(rc, 0, "create_dev");
	snprintf(n1, sizeof(n1), "dax%d.1", id);
	t_ok(sys_readf(buf, sizeof(buf), "%s/dax_region/seed",
		       daxctl_region_get_path(region)) == 0 && strcmp(buf, n1) == 0,
	     "the kernel made %s the seed", n1);
	seed = daxctl_region_get_dev_seed(region);
	t_ok(seed && strcmp(daxctl_dev_get_devname(seed), n1) == 0,
	     "get_dev_seed returns the new device %s", n1);
	d1 = find(n1);
	if (!t_ok(d1 != NULL, "%s appears in the library's list", n1))
		goto restore;
	t_is(daxctl_dev_get_size(d1), 0, "%s: size 0", n1);
	t_is(count_devs(), 2, "the region lists 2 devices");

	/* errors from the kernel */
	t_errno(daxctl_dev_set_size(d1, total), -ENOSPC, "%s: size past available: ENOSPC", n1);
	t_errno(daxctl_dev_set_align(d1, 12345), -EINVAL, "%s: align 12345: EINVAL", n1);
	t_errno(daxctl_dev_set_align(d1, 3 * MiB), -EINVAL, "%s: align 3 MiB: EINVAL", n1);
	t_errno(daxctl_dev_enable_devdax(d1), -ENXIO, "%s: enable with size 0: ENXIO", n1);
	t_ok(!daxctl_dev_is_enabled(d1), "%s: still disabled", n1);

	/* align and size */
	t_errno(daxctl_dev_set_align(d1, 4096), 0, "%s: set_align 4096", n1);
	t_is(daxctl_dev_get_align(d1), 4096, "%s: get_align 4096", n1);
	t_is(sys_u64(0, 0, DEVS "/%s/align", n1), 4096, "%s: sysfs align 4096", n1);
	/* sizes stay multiples of 2 MiB (the kernel's memremap_compat_align) */
	t_errno(daxctl_dev_set_size(d1, 64 * MiB + 4096), -EINVAL,
		"%s: size 64 MiB + 4 KiB with align 4096: EINVAL", n1);
	t_errno(daxctl_dev_set_size(d1, 64 * MiB), 0, "%s: set_size 64 MiB", n1);
	t_is(daxctl_dev_get_size(d1), 64 * MiB, "%s: get_size", n1);
	t_is(count_mappings(d1), 1, "%s: one mapping", n1);
	m = daxctl_mapping_get_first(d1);
	t_is(m ? daxctl_mapping_get_start(m) : 0, sys_u64(0, 0, DEVS "/%s/mapping0/start", n1),
	     "%s: mapping start as sysfs", n1);
	t_is(daxctl_region_get_available_size(region), total - half - 64 * MiB,
	     "available_size shrank by the new size");
	t_errno(daxctl_dev_enable_devdax(d1), 0, "%s: enable_devdax", n1);
	snprintf(buf, sizeof(buf), "/dev/%s", n1);
	t_ok(access(buf, F_OK) == 0, "%s exists", buf);
	/* binding the seed clears the region's seed: read fresh, like sysfs */
	seed = daxctl_region_get_dev_seed(region);
	sys_readf(buf, sizeof(buf), "%s/dax_region/seed", daxctl_region_get_path(region));
	t_ok(buf[0] ? seed && strcmp(daxctl_dev_get_devname(seed), buf) == 0 : seed == NULL,
	     "get_dev_seed after binding %s matches sysfs seed '%s' (%s)", n1, buf,
	     seed ? daxctl_dev_get_devname(seed) : "NULL");
	t_errno(daxctl_dev_set_size(d1, 128 * MiB), -EBUSY, "%s: resize while enabled: EBUSY", n1);
	t_errno(daxctl_region_destroy_dev(region, d1), -EBUSY,
		"%s: destroy while enabled: EBUSY", n1);
	t_ok(sys_exists(DEVS "/%s", n1), "%s still exists", n1);
	destroy(d1, n1);
	t_is(count_devs(), 1, "the region lists 1 device");

	/* two creates in a row: two 0-size devices, the first stays the seed */
	t_errno(daxctl_region_create_dev(region), 0, "create_dev");
	t_errno(daxctl_region_create_dev(region), 0, "create_dev a second time");
	t_is(count_devs(), 3, "both new devices are listed");
	seed = daxctl_region_get_dev_seed(region);
	if (t_ok(seed && daxctl_dev_get_size(seed) == 0, "a 0-size seed is reported")) {
		struct daxctl_dev *dev, *next;
		int k = 0;

		/* destroy the 0-size devices while walking (foreach_safe) */
		daxctl_dev_foreach_safe(region, dev, next) {
			if (daxctl_dev_get_size(dev))
				continue;
			t_errno(daxctl_region_destroy_dev(region, dev), 0,
				"destroy 0-size %s", daxctl_dev_get_devname(dev));
			k++;
		}
		t_is(k, 2, "foreach_safe met the two 0-size devices");
		t_is(count_devs(), 1, "the region lists 1 device again");
	}

	/* mappings chosen by the caller */
	t_errno(daxctl_region_create_dev(region), 0, "create_dev again");
	seed = daxctl_region_get_dev_seed(region);
	d2 = seed;
	snprintf(n2, sizeof(n2), "%s", seed ? daxctl_dev_get_devname(seed) : "?");
	if (!t_ok(d2 && find(n2) == d2, "the new seed %s is listed", n2))
		goto restore;
	t_errno(daxctl_dev_set_mapping(d2, base + 3 * (total / 4), base + 3 * (total / 4) + 32 * MiB - 1),
		0, "%s: set_mapping at +3/4", n2);
	t_errno(daxctl_dev_set_mapping(d2, base + half, base + half + 32 * MiB - 1),
		0, "%s: set_mapping at +1/2 (second range)", n2);
	t_is(count_mappings(d2), 2, "%s: two mappings", n2);
	t_is(daxctl_dev_get_size(d2), 64 * MiB, "%s: size is the sum", n2);
	m = daxctl_mapping_get_first(d2);
	t_ok(m && daxctl_mapping_get_start(m) == base + 3 * (total / 4) &&
	     daxctl_mapping_get_offset(m) == 0,
	     "%s: first mapping is the first range, page_offset 0", n2);
	m = m ? daxctl_mapping_get_next(m) : NULL;
	t_ok(m && daxctl_mapping_get_start(m) == base + half &&
	     daxctl_mapping_get_size(m) == 32 * MiB &&
	     daxctl_mapping_get_offset(m) == (32 * MiB) / (unsigned long long)getpagesize(),
	     "%s: second mapping follows at page_offset 32 MiB/page", n2);
	if (m)
		t_diag("mapping1: start %#llx size %#llx page_offset %#llx",
		       daxctl_mapping_get_start(m), daxctl_mapping_get_size(m),
		       daxctl_mapping_get_offset(m));
	rc = daxctl_dev_set_mapping(d2, base, base + 32 * MiB - 1);
	t_ok(rc < 0 && rc != -ENXIO, "%s: set_mapping over %s's range fails with the kernel's errno (%d %s)",
	     n2, n0, rc, rc < 0 ? strerror(-rc) : "");
	t_is(daxctl_dev_get_size(d2), 64 * MiB, "%s: size unchanged", n2);
	t_errno(daxctl_dev_enable_devdax(d2), 0, "%s: enable_devdax", n2);
	destroy(d2, n2);

restore:
	/* daxID.0 can never be deleted; then back to the full size */
	if (daxctl_dev_is_enabled(dev0))
		daxctl_dev_disable(dev0);
	t_errno(daxctl_dev_set_size(dev0, 0), 0, "%s: set_size 0", n0);
	avail = daxctl_region_get_available_size(region);
	t_errno(daxctl_region_destroy_dev(region, dev0), -EBUSY,
		"%s: destroy is refused by the kernel: EBUSY", n0);
	t_ok(sys_exists(DEVS "/%s", n0) && find(n0) == dev0, "%s still exists and is listed", n0);
	t_errno(daxctl_dev_set_size(dev0, avail), 0, "%s: set_size back to %llu", n0, avail);
	t_errno(daxctl_dev_enable_devdax(dev0), 0, "%s: enable_devdax", n0);
	t_is(daxctl_dev_get_size(dev0), total, "%s: spans the region again", n0);
	t_is(daxctl_region_get_available_size(region), 0, "available_size 0 again");
	t_is(count_devs(), 1, "the region lists 1 device at the end");
	daxctl_unref(ctx);
	return t_done();
}
