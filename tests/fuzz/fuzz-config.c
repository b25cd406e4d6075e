// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * fuzz-config: the daxctl config directory reader behind
 * `daxctl reconfigure-device -C` (daxctl/config.c). The input is split into
 * up to four *.conf files at lines "----", which go into the config
 * directory of a context on a fixed fake tree (the canned "hmem" tree,
 * region 0 given a uuid); then every device is looked up.
 */
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <daxctl/libdaxctl.h>

#include "daxctl.h"
#include "faketree.h"
#include "fuzz.h"

#define MAX_FILES 4
static const char sep[] = "\n----\n";

static struct faketree *ft;
static struct daxctl_ctx *ctx;
static char confdir[PATH_MAX];

static void teardown(void)
{
	daxctl_unref(ctx);
	ft_free(ft);
}

static void setup(void)
{
	/* the uuid the seed corpus uses for nvdimm.uuid */
	static unsigned char uu[16] = {
		0x7a, 0x3c, 0x1f, 0x2e, 0x11, 0x22, 0x43, 0x44,
		0x95, 0x66, 0x77, 0x88, 0x99, 0xaa, 0xbb, 0xcc,
	};

	setenv("TMPDIR", fuzz_scratch(), 1);
	fuzz_path(confdir, sizeof(confdir), "config.d");
	ft = ft_new();
	if (!ft || ft_build(ft, "hmem") < 0)
		abort();
	ctx = fuzz_ctx(ft->root);
	if (!ctx || daxctl_set_config_path(ctx, confdir) < 0)
		abort();
	if (!daxctl_new_region(ctx, 0, uu, "/sys/devices/platform/hmem.0"))
		abort();
	atexit(teardown);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char *p = (const char *)data, *end = p + size;
	struct daxctl_region *region;
	struct daxctl_dev *dev;
	int nfiles = 0;

	if (size > 16 * 1024)
		return -1;
	if (!ctx)
		setup();
	fuzz_clear(confdir);
	while (p <= end && nfiles < MAX_FILES) {
		const char *next = memmem(p, (size_t)(end - p), sep,
				sizeof(sep) - 1);
		size_t len = next ? (size_t)(next - p) + 1 : (size_t)(end - p);
		char file[PATH_MAX + 16];

		snprintf(file, sizeof(file), "%s/%02d.conf", confdir, nfiles++);
		if (fuzz_write(file, p, len) < 0)
			abort();
		if (!next)
			break;
		p = next + sizeof(sep) - 1;
	}
	daxctl_region_foreach(ctx, region)
		daxctl_dev_foreach(region, dev) {
			struct reconfig_params rp = { .mode = "" };
			int rc = config_lookup(ctx, dev, &rp);

			if (rc == 1 && strcmp(rp.mode, "system-ram") &&
					strcmp(rp.mode, "devdax") &&
					strcmp(rp.mode, "famfs"))
				abort();
			if (rc < 0)
				return 0;	/* the same for every device */
		}
	return 0;
}
