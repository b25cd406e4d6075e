// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * The public header compiled as C++ (extern "C", opaque structs, the
 * foreach macros, the mode enum), linked and run against the library.
 */
#include <daxctl/libdaxctl.h>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <unistd.h>

static_assert(DAXCTL_DEV_MODE_UNKNOWN == -1, "mode enum");
static_assert(DAXCTL_DEV_MODE_FAMFS == 2, "mode enum");
static_assert(sizeof(uuid_t) == 16, "uuid_t");

int main()
{
	struct daxctl_ctx *ctx = nullptr;
	struct daxctl_region *region;
	struct daxctl_dev *dev;
	struct daxctl_mapping *mapping;
	char root[] = "/tmp/daxctl-header.XXXXXX";
	int n = 0;

	if (!mkdtemp(root))
		return 1;
	setenv("DAXCTL_ROOT", root, 1);
	if (daxctl_new(&ctx) < 0) {
		rmdir(root);
		return 1;
	}
	daxctl_region_foreach(ctx, region)
		daxctl_dev_foreach(region, dev)
			daxctl_mapping_foreach(dev, mapping)
				n++;
	enum daxctl_dev_mode mode = DAXCTL_DEV_MODE_DEVDAX;
	(void)mode;
	daxctl_unref(ctx);
	rmdir(root);
	if (n != 0)
		return 1;
	std::printf("1 passed, 0 failed\n");
	return 0;
}
