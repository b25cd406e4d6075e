// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * faketree-gen: the fake tree builder (faketree.c) for shell tests.
 *
 *   faketree-gen --list                 the canned trees
 *   faketree-gen NAME DIR               build canned tree NAME into DIR
 *   faketree-gen init DIR               the skeleton (ft_skeleton)
 *   faketree-gen region DIR PARENT ID SIZE ALIGN static|dynamic [AVAILABLE]
 *   faketree-gen dev DIR PARENT REGION ID SIZE RESOURCE DRIVER|- ALIGN|- [NODE]
 *                                       a device (ft_dev_simple)
 *   faketree-gen mapping DIR PARENT daxR.I N START END PGOFF
 *   faketree-gen memory DIR START SIZE NODE STATE ZONES
 *                                       the blocks of [START, START + SIZE)
 *
 * PARENT is relative to DIR/sys/devices (platform/hmem.0...). Numbers are
 * decimal or 0x hex; a region's seed is daxID.0. DIR is created if needed.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "faketree.h"

static unsigned long long num(const char *s)
{
	char *end;
	unsigned long long v;

	errno = 0;
	v = strtoull(s, &end, 0);
	if (errno || end == s || *end) {
		fprintf(stderr, "faketree-gen: bad number '%s'\n", s);
		exit(2);
	}
	return v;
}

static int build(struct faketree *ft, int argc, char **argv)
{
	const char *cmd = argv[1];

	if (strcmp(cmd, "init") == 0 && argc == 3)
		return ft_skeleton(ft);
	if (strcmp(cmd, "region") == 0 && (argc == 8 || argc == 9)) {
		struct ft_region r = {
			.parent = argv[3], .id = (int)num(argv[4]),
			.size = num(argv[5]), .align = (unsigned long)num(argv[6]),
			.dynamic = strcmp(argv[7], "dynamic") == 0,
			.available = argc == 9 ? num(argv[8]) : 0,
		};

		return ft_region_add(ft, &r);
	}
	if (strcmp(cmd, "dev") == 0 && (argc == 10 || argc == 11))
		return ft_dev_simple(ft, argv[3], (int)num(argv[4]),
				(int)num(argv[5]), num(argv[6]), num(argv[7]),
				strcmp(argv[8], "-") ? argv[8] : NULL,
				strcmp(argv[9], "-") ? (unsigned long)num(argv[9]) : 0,
				argc == 11 ? (int)num(argv[10]) : 0);
	if (strcmp(cmd, "mapping") == 0 && argc == 9) {
		struct ft_dev d = { .parent = argv[3] };

		if (sscanf(argv[4], "dax%d.%d", &d.region, &d.id) != 2)
			return -EINVAL;
		return ft_mapping_add(ft, &d, (int)num(argv[5]), num(argv[6]),
				num(argv[7]), num(argv[8]));
	}
	if (strcmp(cmd, "memory") == 0 && argc == 8) {
		unsigned long long bs = 128 * FT_MIB, start = num(argv[3]);

		return ft_memblocks_add(ft, start / bs,
				(int)((start + num(argv[4])) / bs - start / bs),
				(int)num(argv[5]), argv[6], argv[7], 1);
	}
	if (argc == 3)
		return ft_build(ft, cmd);
	return -E2BIG;
}

int main(int argc, char **argv)
{
	struct faketree ft;
	int i, rc;

	if (argc == 2 && strcmp(argv[1], "--list") == 0) {
		for (i = 0; ft_tree_names[i]; i++)
			printf("%s\n", ft_tree_names[i]);
		return 0;
	}
	if (argc < 3) {
		fprintf(stderr, "usage: %s NAME DIR | --list | init|region|dev|mapping|memory DIR ARGS...\n",
				argv[0]);
		return 2;
	}
	if (mkdir(argv[2], 0755) < 0 && errno != EEXIST) {
		perror(argv[2]);
		return 1;
	}
	ft.root = argv[2];
	rc = build(&ft, argc, argv);
	if (rc == -E2BIG) {
		fprintf(stderr, "%s: %s: wrong arguments\n", argv[0], argv[1]);
		return 2;
	}
	if (rc) {
		fprintf(stderr, "%s: building %s: %s\n", argv[0], argv[1],
				strerror(-rc));
		return 1;
	}
	return 0;
}
