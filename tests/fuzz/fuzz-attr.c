// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * fuzz-attr: the sysfs attribute readers of libdaxctl (libdaxctl/sysfs.c).
 * The input becomes the content of an attribute file, read as a string
 * (a 4 KiB page and a short buffer), a decimal/hex/0x number, an int; and
 * the target of a symlink, read with readlink and resolved lexically the
 * way the library resolves the /sys/bus/dax/devices links.
 */
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <daxctl/libdaxctl.h>

#include "sysfs.h"
#include "fuzz.h"

static struct daxctl_ctx *ctx;
static char attr[PATH_MAX + 16], link_path[PATH_MAX + 16];

static void setup(void)
{
	char root[PATH_MAX];

	fuzz_path(root, sizeof(root), "attr");
	snprintf(attr, sizeof(attr), "%s/sys/a/attr", root);
	snprintf(link_path, sizeof(link_path), "%s/sys/a/link", root);
	if (fuzz_write(attr, "", 0) < 0)
		abort();
	ctx = fuzz_ctx(root);
	if (!ctx)
		abort();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char page[SYSFS_ATTR_MAX], small[16], resolved[PATH_MAX];
	unsigned long long u;
	char *str;
	int i, rc;

	if (!ctx)
		setup();
	if (size > 2 * SYSFS_ATTR_MAX)
		return -1;
	if (fuzz_write(attr, data, size) < 0)
		abort();

	rc = sysfs_read(ctx, page, sizeof(page), "/sys/a/attr");
	if (rc >= 0 && (size_t)rc >= sizeof(page))
		abort();
	rc = sysfs_read(ctx, small, sizeof(small), "/sys/a/attr");
	if (rc >= 0 && ((size_t)rc >= sizeof(small) || small[rc] != '\0'))
		abort();
	if (sysfs_read_u64(ctx, &u, "/sys/a/%s", "attr") == 0 &&
			size == 0)
		abort();
	if (sysfs_read_hex(ctx, &u, "/sys/a/attr") == 0 && size == 0)
		abort();
	if (sysfs_read_int(ctx, &i, "/sys/a/attr") == 0 && size == 0)
		abort();

	/* the same parsers on the raw bytes, up to the first NUL */
	str = fuzz_strndup(data, size);
	(void)parse_u64(str, 0, &u);
	(void)parse_u64(str, 10, &u);
	(void)parse_u64(str, 16, &u);
	(void)parse_int(str, &i);

	/* the input as a link target (symlink(2) takes up to PATH_MAX - 1) */
	unlink(link_path);
	if (str[0] && strlen(str) < PATH_MAX &&
			symlink(str, link_path) == 0) {
		rc = sysfs_readlink(ctx, page, sizeof(page), "/sys/a/link");
		if (rc >= 0 && strcmp(page, str) != 0)
			abort();
		rc = sysfs_readlink(ctx, small, sizeof(small), "/sys/a/link");
		if (rc >= 0 && (size_t)rc >= sizeof(small))
			abort();
		(void)sysfs_exists(ctx, "/sys/a/link");
	}
	rc = path_resolve("/sys/bus/dax/devices", str, resolved,
			sizeof(resolved));
	if (rc == 0 && resolved[0] != '/')
		abort();
	rc = path_resolve("/sys/bus/dax/devices", str, small, sizeof(small));
	if (rc == 0 && strlen(small) >= sizeof(small))
		abort();
	free(str);
	return 0;
}
