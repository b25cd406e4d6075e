// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * faketree-gen NAME DIR: build the canned fake tree NAME (see faketree.h)
 * into the new directory DIR. Used by the differential test to give the
 * same trees to Debian's daxctl and to ours.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "faketree.h"

int main(int argc, char **argv)
{
	struct faketree ft;
	int i, rc;

	if (argc == 2 && strcmp(argv[1], "--list") == 0) {
		for (i = 0; ft_tree_names[i]; i++)
			printf("%s\n", ft_tree_names[i]);
		return 0;
	}
	if (argc != 3) {
		fprintf(stderr, "usage: %s NAME DIR | --list\n", argv[0]);
		return 2;
	}
	if (mkdir(argv[2], 0755) < 0 && errno != EEXIST) {
		perror(argv[2]);
		return 1;
	}
	ft.root = argv[2];
	rc = ft_build(&ft, argv[1]);
	if (rc) {
		fprintf(stderr, "%s: building %s: %s\n", argv[0], argv[1],
				strerror(-rc));
		return 1;
	}
	return 0;
}
