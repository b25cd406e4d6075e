// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * fuzz-iomem: /proc/iomem parsing. A device without a readable "resource"
 * attribute (the kernel makes it root-only) takes its start address from
 * the /proc/iomem line named after it. The input is /proc/iomem under a
 * fixed fake tree (the canned "hmem" tree with every "resource" removed);
 * a fresh context then asks every device for its resource.
 */
#include <ftw.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <daxctl/libdaxctl.h>

#include "faketree.h"
#include "fuzz.h"

static struct faketree *ft;
static char iomem[PATH_MAX];

static void teardown(void)
{
	ft_free(ft);
}

static int drop_resource(const char *path, const struct stat *st, int type,
		struct FTW *ftw)
{
	(void)st;
	if (type == FTW_F && strcmp(path + ftw->base, "resource") == 0)
		unlink(path);
	return 0;
}

static void setup(void)
{
	char sysdev[PATH_MAX];

	setenv("TMPDIR", fuzz_scratch(), 1);
	ft = ft_new();
	if (!ft || ft_build(ft, "hmem") < 0)
		abort();
	snprintf(sysdev, sizeof(sysdev), "%s/sys/devices", ft->root);
	nftw(sysdev, drop_resource, 16, FTW_PHYS);
	snprintf(iomem, sizeof(iomem), "%s/proc/iomem", ft->root);
	atexit(teardown);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct daxctl_region *region;
	struct daxctl_ctx *ctx;
	struct daxctl_dev *dev;

	if (size > 64 * 1024)
		return -1;
	if (!ft)
		setup();
	if (fuzz_write(iomem, data, size) < 0)
		abort();
	ctx = fuzz_ctx(ft->root);
	if (!ctx)
		abort();
	daxctl_region_foreach(ctx, region)
		daxctl_dev_foreach(region, dev) {
			unsigned long long res = daxctl_dev_get_resource(dev);

			/* cached once found: a second call agrees */
			if (daxctl_dev_get_resource(dev) != res)
				abort();
			/* a start address needs the device's name in the file */
			if (res && !memmem(data, size,
					daxctl_dev_get_devname(dev),
					strlen(daxctl_dev_get_devname(dev))))
				abort();
		}
	daxctl_unref(ctx);
	return 0;
}
