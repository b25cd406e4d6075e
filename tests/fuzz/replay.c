// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * The replay driver of a fuzz harness, built with the normal compiler
 * (and so under the ASan build and valgrind too): feed every file of the
 * harness's seed corpus (tests/fuzz/corpus/<name>/) and of its regressions
 * (tests/fuzz/regressions/<name>/, every crash found so far) to
 * LLVMFuzzerTestOneInput() once. A crash, an abort or a sanitizer report
 * fails the test. With arguments, replay those files or directories.
 */
#include <dirent.h>
#include <stdbool.h>
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "fuzz.h"

static int replay_file(const char *path)
{
	unsigned char *buf;
	FILE *f;
	long len;
	size_t n;

	f = fopen(path, "rb");
	if (!f || fseek(f, 0, SEEK_END) < 0 || (len = ftell(f)) < 0 ||
			fseek(f, 0, SEEK_SET) < 0) {
		fprintf(stderr, "replay: %s: %s\n", path, strerror(errno));
		if (f)
			fclose(f);
		return -1;
	}
	/* an exact-size copy, so that ASan sees a read past the input */
	buf = malloc(len ? (size_t)len : 1);
	if (!buf)
		abort();
	n = fread(buf, 1, (size_t)len, f);
	fclose(f);
	if (n != (size_t)len) {
		fprintf(stderr, "replay: %s: short read\n", path);
		free(buf);
		return -1;
	}
	LLVMFuzzerTestOneInput(buf, n);
	free(buf);
	return 0;
}

static int cmp(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Replay @path (a file, or every file of a directory); the count or -1. */
static int replay(const char *path, bool must_exist)
{
	struct dirent *de;
	struct stat st;
	char **names = NULL;
	size_t nr = 0, i;
	int count = 0;
	DIR *dir;

	if (stat(path, &st) < 0) {
		if (!must_exist && errno == ENOENT)
			return 0;
		fprintf(stderr, "replay: %s: %s\n", path, strerror(errno));
		return -1;
	}
	if (!S_ISDIR(st.st_mode))
		return replay_file(path) < 0 ? -1 : 1;
	dir = opendir(path);
	if (!dir)
		return -1;
	while ((de = readdir(dir))) {
		if (de->d_name[0] == '.')
			continue;
		names = realloc(names, (nr + 1) * sizeof(*names));
		if (!names || asprintf(&names[nr], "%s/%s", path,
					de->d_name) < 0)
			abort();
		nr++;
	}
	closedir(dir);
	if (nr)
		qsort(names, nr, sizeof(*names), cmp);
	for (i = 0; i < nr; i++) {
		if (count >= 0 && replay_file(names[i]) == 0)
			count++;
		else
			count = -1;
		free(names[i]);
	}
	free(names);
	return count;
}

int main(int argc, char **argv)
{
	char corpus[PATH_MAX], regress[PATH_MAX];
	int i, n, nc, nr;

	if (argc > 1) {
		for (i = 1, n = 0; i < argc; i++) {
			int c = replay(argv[i], true);

			if (c < 0)
				return 1;
			n += c;
		}
		printf("replay-%s: %d inputs\n", FUZZ_NAME, n);
		return 0;
	}
	snprintf(corpus, sizeof(corpus), "%s/corpus/%s", FUZZ_DIR, FUZZ_NAME);
	snprintf(regress, sizeof(regress), "%s/regressions/%s", FUZZ_DIR,
			FUZZ_NAME);
	nc = replay(corpus, true);
	nr = replay(regress, false);
	if (nc < 0 || nr < 0)
		return 1;
	printf("replay-%s: %d corpus inputs, %d regressions\n", FUZZ_NAME,
			nc, nr);
	/* an empty corpus would make this test pass without testing */
	if (nc == 0) {
		fprintf(stderr, "replay-%s: %s is empty\n", FUZZ_NAME, corpus);
		return 1;
	}
	return 0;
}
