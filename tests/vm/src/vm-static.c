// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * vm-static ID: a static region (legacy pmem) through libdaxctl: no seed,
 * no available size, and creating or resizing fails with the kernel's errno.
 */
#include <daxctl/libdaxctl.h>
#include "vmtest.h"

int main(int argc, char **argv)
{
	int id = argc > 1 ? atoi(argv[1]) : 0, rc;
	struct daxctl_region *region;
	struct daxctl_ctx *ctx;
	struct daxctl_dev *dev;
	unsigned long long size;

	t_init("vm-static");
	if (!t_ok(daxctl_new(&ctx) == 0, "daxctl_new"))
		return t_done();
	region = find_region(ctx, id);
	if (!t_ok(region != NULL, "region %d is listed", id))
		return t_done();
	dev = daxctl_dev_get_first(region);
	if (!t_ok(dev != NULL, "region %d has a device", id))
		return t_done();
	size = daxctl_dev_get_size(dev);
	t_is(daxctl_region_get_available_size(region), 0, "available_size 0 (attribute absent)");
	t_ok(daxctl_region_get_dev_seed(region) == NULL, "no seed device");
	rc = daxctl_region_create_dev(region);
	t_ok(rc < 0, "create_dev fails on a static region (%d %s)", rc, rc < 0 ? strerror(-rc) : "");
	t_errno(daxctl_dev_set_size(dev, size / 2), -EACCES,
		"set_size while enabled: EACCES (the attribute is read-only)");
	t_errno(daxctl_dev_disable(dev), 0, "disable");
	t_errno(daxctl_dev_set_size(dev, size / 2), -EACCES,
		"set_size on a read-only size attribute: EACCES");
	t_errno(daxctl_dev_set_align(dev, 4096), -EACCES,
		"set_align on a read-only align attribute: EACCES");
	t_is(daxctl_dev_get_size(dev), size, "size unchanged");
	t_errno(daxctl_dev_enable_devdax(dev), 0, "enable_devdax");
	t_ok(daxctl_dev_is_enabled(dev), "enabled again");
	daxctl_unref(ctx);
	return t_done();
}
