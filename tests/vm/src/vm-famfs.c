// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * vm-famfs DEV: devdax <-> famfs through libdaxctl on a kernel with the
 * fsdev_dax driver (7.x, CONFIG_DEV_DAX_FSDEV).  Enabling famfs on an unbound
 * device must load fsdev_dax through libkmod (the guest has no udev); the
 * mode getters must follow the driver the kernel reports.  Enabling a device
 * in one mode while it is bound in another is refused with EBUSY and changes
 * nothing (upstream returns 0 there, leaving the device as it was: see the
 * differences table in README.md).  Leaves DEV enabled as devdax.
 */
#include <daxctl/libdaxctl.h>
#include "vmtest.h"

/* the mode a new context reads for @name */
static int mode_in_new_ctx(const char *name)
{
	struct daxctl_ctx *ctx;
	struct daxctl_dev *dev;
	int mode = -2;

	if (daxctl_new(&ctx))
		return -3;
	dev = find_dev(ctx, name);
	if (dev)
		mode = daxctl_dev_get_mode(dev);
	daxctl_unref(ctx);
	return mode;
}

static void modes_are(struct daxctl_dev *dev, const char *name,
		      const char *want_drv, int want)
{
	char drv[64];

	dev_driver(name, drv, sizeof(drv));
	t_ok(strcmp(drv, want_drv) == 0, "%s: the kernel binds it to '%s' (got '%s')",
	     name, want_drv, drv);
	t_is(daxctl_dev_get_mode(dev), want, "%s: get_mode is %d", name, want);
	t_is(daxctl_dev_is_famfs_mode(dev), want == DAXCTL_DEV_MODE_FAMFS,
	     "%s: is_famfs_mode", name);
	t_is(daxctl_dev_is_devdax_mode(dev), want == DAXCTL_DEV_MODE_DEVDAX,
	     "%s: is_devdax_mode", name);
	t_is(daxctl_dev_is_system_ram_mode(dev), want == DAXCTL_DEV_MODE_RAM,
	     "%s: is_system_ram_mode", name);
	t_is(daxctl_dev_get_memory(dev) != NULL, want == DAXCTL_DEV_MODE_RAM,
	     "%s: get_memory only in system-ram mode", name);
	t_is(mode_in_new_ctx(name), want, "%s: a new context reads mode %d", name, want);
}

int main(int argc, char **argv)
{
	const char *name = argc > 1 ? argv[1] : "dax0.0";
	struct daxctl_ctx *ctx;
	struct daxctl_dev *dev;
	bool had = module_loaded("fsdev_dax");
	int rc;

	t_init("vm-famfs");
	if (!have_v11()) {
		t_skip("the library has no LIBDAXCTL_11 (famfs)", "%s: famfs", name);
		return t_done();
	}
	if (!t_ok(daxctl_new(&ctx) == 0, "daxctl_new"))
		return t_done();
	dev = find_dev(ctx, name);
	if (!t_ok(dev != NULL, "%s is listed", name))
		return t_done();

	/* from devdax: disable, then enable as famfs */
	if (!daxctl_dev_is_enabled(dev))
		t_errno(daxctl_dev_enable_devdax(dev), 0, "%s: enable_devdax first", name);
	modes_are(dev, name, "device_dax", DAXCTL_DEV_MODE_DEVDAX);
	t_errno(daxctl_dev_enable_famfs(dev), -EBUSY,
		"%s: enable_famfs on an enabled devdax device: EBUSY", name);
	modes_are(dev, name, "device_dax", DAXCTL_DEV_MODE_DEVDAX);
	t_errno(daxctl_dev_disable(dev), 0, "%s: disable", name);
	t_is(daxctl_dev_get_mode(dev), DAXCTL_DEV_MODE_UNKNOWN,
	     "%s: get_mode of an unbound device is UNKNOWN", name);
	t_is(daxctl_dev_is_famfs_mode(dev), 0, "%s: unbound is not famfs", name);
	rc = daxctl_dev_enable_famfs(dev);
	t_errno(rc, 0, "%s: enable_famfs%s", name,
		had ? "" : " (loads fsdev_dax through libkmod)");
	t_ok(module_loaded("fsdev_dax"), "%s: fsdev_dax is loaded", name);
	t_ok(daxctl_dev_is_enabled(dev), "%s: is_enabled after enable_famfs", name);
	modes_are(dev, name, "fsdev_dax", DAXCTL_DEV_MODE_FAMFS);
	t_errno(daxctl_dev_enable_famfs(dev), 0, "%s: enable_famfs again is a no-op", name);
	t_errno(daxctl_dev_enable_devdax(dev), -EBUSY,
		"%s: enable_devdax on a famfs device: EBUSY", name);
	modes_are(dev, name, "fsdev_dax", DAXCTL_DEV_MODE_FAMFS);
	t_errno(daxctl_dev_enable_ram(dev), -EBUSY,
		"%s: enable_ram on a famfs device: EBUSY", name);
	modes_are(dev, name, "fsdev_dax", DAXCTL_DEV_MODE_FAMFS);

	/* back: famfs -> disable -> devdax */
	t_errno(daxctl_dev_disable(dev), 0, "%s: disable a famfs device", name);
	t_ok(!daxctl_dev_is_enabled(dev), "%s: disabled", name);
	t_errno(daxctl_dev_enable_devdax(dev), 0, "%s: enable_devdax", name);
	modes_are(dev, name, "device_dax", DAXCTL_DEV_MODE_DEVDAX);
	daxctl_unref(ctx);
	return t_done();
}
