// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * bench-tree: the large fake trees of the list benchmark (bench/bench-list.sh),
 * built with the test suites' tree builder (tests/lib/faketree.c).
 *
 *   bench-tree devs DIR N     one dynamic region hmem.0 (id 0) holding N
 *                             1 GiB devdax devices dax0.0..dax0.<N-1>, each
 *                             with one mapping and a /proc/iomem line
 *   bench-tree blocks DIR N   one dynamic region with one kmem device dax0.0
 *                             of N 128 MiB memory blocks, all online Movable
 *                             on node 1
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "faketree.h"

#define PARENT "platform/hmem.0"
#define BASE (64 * FT_GIB)

static int devs(struct faketree *ft, int n)
{
	struct ft_region r = {
		.parent = PARENT, .id = 0, .size = (unsigned long long)n * FT_GIB,
		.align = 2 * FT_MIB, .dynamic = true, .available = 0,
	};
	int i, rc;

	rc = ft_skeleton(ft);
	if (!rc)
		rc = ft_region_add(ft, &r);
	for (i = 0; i < n && !rc; i++)
		rc = ft_dev_simple(ft, PARENT, 0, i, FT_GIB,
				BASE + (unsigned long long)i * FT_GIB,
				"device_dax", 2 * FT_MIB, 0);
	return rc;
}

static int blocks(struct faketree *ft, int n)
{
	unsigned long long bs = 128 * FT_MIB, size = (unsigned long long)n * bs;
	struct ft_region r = {
		.parent = PARENT, .id = 0, .size = size, .align = 2 * FT_MIB,
		.dynamic = true, .available = 0,
	};
	int rc;

	rc = ft_skeleton(ft);
	if (!rc)
		rc = ft_region_add(ft, &r);
	if (!rc)
		rc = ft_dev_simple(ft, PARENT, 0, 0, size, BASE, "kmem",
				2 * FT_MIB, 1);
	if (!rc)
		rc = ft_memblocks_add(ft, BASE / bs, n, 1, "online", "Movable",
				1);
	return rc;
}

int main(int argc, char **argv)
{
	struct faketree ft;
	int n, rc;

	if (argc != 4 || (n = atoi(argv[3])) <= 0 ||
	    (strcmp(argv[1], "devs") && strcmp(argv[1], "blocks"))) {
		fprintf(stderr, "usage: %s devs|blocks DIR N\n", argv[0]);
		return 2;
	}
	if (mkdir(argv[2], 0755) < 0 && errno != EEXIST) {
		perror(argv[2]);
		return 1;
	}
	ft.root = argv[2];
	rc = strcmp(argv[1], "devs") == 0 ? devs(&ft, n) : blocks(&ft, n);
	if (rc) {
		fprintf(stderr, "%s: %s %s %d: %s\n", argv[0], argv[1], argv[2],
			n, strerror(-rc));
		return 1;
	}
	return 0;
}
