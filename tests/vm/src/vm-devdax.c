// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * vm-devdax DEV: disable and enable a device through libdaxctl on the real
 * kernel.  When device_dax is not loaded yet, enabling must load it through
 * libkmod (the guest has no udev).  Leaves DEV enabled as devdax.
 */
#include <daxctl/libdaxctl.h>
#include "vmtest.h"

static bool enabled_in(const char *name)
{
	struct daxctl_ctx *ctx;
	struct daxctl_dev *dev;
	bool en;

	if (daxctl_new(&ctx))
		return false;
	dev = find_dev(ctx, name);
	en = dev && daxctl_dev_is_enabled(dev);
	daxctl_unref(ctx);
	return en;
}

int main(int argc, char **argv)
{
	const char *name = argc > 1 ? argv[1] : "dax0.0";
	char drv[64], node[64];
	struct daxctl_ctx *ctx;
	struct daxctl_dev *dev;
	bool had_module = module_loaded("device_dax");
	int rc, fd;

	t_init("vm-devdax");
	snprintf(node, sizeof(node), "/dev/%s", name);
	if (!t_ok(daxctl_new(&ctx) == 0, "daxctl_new"))
		return t_done();
	dev = find_dev(ctx, name);
	if (!t_ok(dev != NULL, "%s is listed", name))
		return t_done();

	if (daxctl_dev_is_enabled(dev)) {
		rc = daxctl_dev_disable(dev);
		t_errno(rc, 0, "%s: disable", name);
	}
	t_ok(!daxctl_dev_is_enabled(dev), "%s: is_enabled is 0 after disable", name);
	t_ok(dev_driver(name, drv, sizeof(drv))[0] == '\0',
	     "%s: the kernel has no driver bound (driver link gone)", name);
	t_ok(!enabled_in(name), "%s: a new context sees it disabled", name);
	if (have_v11())
		t_is(daxctl_dev_get_mode(dev), DAXCTL_DEV_MODE_UNKNOWN,
		     "%s: get_mode of an unbound device is UNKNOWN", name);
	fd = open(node, O_RDWR);
	t_ok(fd < 0, "%s: %s cannot be opened while unbound (errno %d)", name, node,
	     fd < 0 ? errno : 0);
	if (fd >= 0)
		close(fd);
	t_errno(daxctl_dev_disable(dev), 0, "%s: disabling a disabled device succeeds", name);

	rc = daxctl_dev_enable_devdax(dev);
	t_errno(rc, 0, "%s: enable_devdax%s", name,
		had_module ? "" : " (device_dax not loaded: libkmod must load it)");
	if (!had_module)
		t_ok(module_loaded("device_dax"), "device_dax module loaded by the library");
	t_ok(daxctl_dev_is_enabled(dev), "%s: is_enabled is 1 after enable", name);
	t_ok(strcmp(dev_driver(name, drv, sizeof(drv)), "device_dax") == 0,
	     "%s: bound to device_dax in sysfs (%s)", name, drv[0] ? drv : "unbound");
	if (have_v11())
		t_ok(daxctl_dev_is_devdax_mode(dev) &&
		     daxctl_dev_get_mode(dev) == DAXCTL_DEV_MODE_DEVDAX,
		     "%s: mode devdax", name);
	t_ok(enabled_in(name), "%s: a new context sees it enabled", name);
	fd = open(node, O_RDWR);
	t_ok(fd >= 0, "%s: %s opens read-write", name, node);
	if (fd >= 0)
		close(fd);
	t_errno(daxctl_dev_enable_devdax(dev), 0, "%s: enabling an enabled devdax succeeds", name);
	t_ok(strcmp(daxctl_dev_get_devname(dev), name) == 0, "%s: the handle still names it", name);
	daxctl_unref(ctx);
	return t_done();
}
