// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * Compiled three ways against the public header only (no config.h): as
 * C99, as C with -DHAVE_UUID (uuid_t from <uuid/uuid.h>), and, through
 * test-header-cxx.cc, as C++. Uses every macro and type, calls a few
 * functions on an empty DAXCTL_ROOT so that the binary links and runs.
 */
/* for mkdtemp, setenv and strdup under -std=c99 */
#define _XOPEN_SOURCE 700
#include <daxctl/libdaxctl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#ifdef HAVE_UUID
#include <uuid/uuid.h>
#endif

/* compile-time checks: the enum values are ABI */
typedef char mode_unknown_check[DAXCTL_DEV_MODE_UNKNOWN == -1 ? 1 : -1];
typedef char mode_devdax_check[DAXCTL_DEV_MODE_DEVDAX == 0 ? 1 : -1];
typedef char mode_ram_check[DAXCTL_DEV_MODE_RAM == 1 ? 1 : -1];
typedef char mode_famfs_check[DAXCTL_DEV_MODE_FAMFS == 2 ? 1 : -1];
typedef char mode_end_check[DAXCTL_DEV_MODE_END == 3 ? 1 : -1];
typedef char uuid_check[sizeof(uuid_t) == 16 ? 1 : -1];

static int walk(struct daxctl_ctx *ctx)
{
	struct daxctl_region *region, *_region;
	struct daxctl_dev *dev, *_dev;
	struct daxctl_mapping *mapping;
	int n = 0;

	daxctl_region_foreach(ctx, region)
		daxctl_dev_foreach(region, dev)
			daxctl_mapping_foreach(dev, mapping)
				n++;
	daxctl_region_foreach_safe(ctx, region, _region)
		daxctl_dev_foreach_safe(region, dev, _dev)
			n += daxctl_dev_get_mode(dev) == DAXCTL_DEV_MODE_RAM;
	return n;
}

int main(void)
{
	struct daxctl_ctx *ctx = NULL;
	char root[] = "/tmp/daxctl-header.XXXXXX";
	char *cfg;
	uuid_t uu;
	int rc = 1;

	memset(uu, 0, sizeof(uu));
#ifdef HAVE_UUID
	uuid_clear(uu);
	if (!uuid_is_null(uu))
		return 1;
#endif
	if (!mkdtemp(root))
		return 1;
	setenv("DAXCTL_ROOT", root, 1);
	if (daxctl_new(&ctx) < 0)
		goto out;
	cfg = strdup("/etc/daxctl.conf.d");
	if (!cfg || daxctl_set_config_path(ctx, cfg) != 0)
		goto out_ctx;
	if (walk(ctx) != 0)
		goto out_ctx;
	if (daxctl_ref(ctx) != ctx)
		goto out_ctx;
	daxctl_unref(ctx);
	rc = 0;
	printf("1 passed, 0 failed\n");
out_ctx:
	free(cfg);
	daxctl_unref(ctx);
out:
	rmdir(root);
	return rc;
}
