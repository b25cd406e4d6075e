// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * stress-threads: separate contexts used from several threads at once, as
 * the header promises (one context per thread, no locking needed). Each of
 * STRESS_THREADS (default 4) threads creates its own contexts again and
 * again and walks the whole tree with every getter and the consistency
 * checks (stress_walk); each also owns one device whose align it sets and
 * reads back through its own context; and one more thread mutates the tree
 * meanwhile (stress_mutate, never touching the owned devices' align).
 *
 * Bounded by count and by time (STRESS_ITERATIONS walks per thread,
 * default 1000, or STRESS_SECONDS, default 15); how far it got is reported,
 * not judged. Run under the sanitizer build by make check like every test;
 * ThreadSanitizer: configure with CFLAGS=-fsanitize=thread (see
 * tests/stress/README.md).
 */
#ifndef _GNU_SOURCE
#define _GNU_SOURCE
#endif
#include <errno.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>
#include <daxctl/libdaxctl.h>

#include "stress.h"

#define MAX_THREADS 16

static double t0, seconds;
static unsigned long iterations;
static int stop;

struct worker {
	pthread_t tid;
	int index;
	unsigned long walks, sets;
	int fails;
	char why[1024];
	struct stress_stats st;
};


static const char *tree_root;

/*
 * Without the fake kernel a write lands in a plain file, which (unlike an
 * attribute) keeps the tail of a longer old value: empty it first.
 */
static int truncate_attr(const char *devname)
{
	char path[4096];

	snprintf(path, sizeof(path), "%s/sys/bus/dax/devices/%s/align",
		 tree_root, devname);
	return truncate(path, 0);
}

/* the owned device dax2.<index> in region 2: set its align, read it back */
static int own_device(struct worker *w, unsigned long align)
{
	struct daxctl_region *region;
	struct daxctl_ctx *ctx;
	struct daxctl_dev *dev = NULL, *d;
	char name[32];
	int rc;

	snprintf(name, sizeof(name), "dax2.%d", w->index);
	rc = daxctl_new(&ctx);
	if (rc < 0) {
		snprintf(w->why, sizeof(w->why), "daxctl_new: %s", strerror(-rc));
		return -1;
	}
	daxctl_region_foreach(ctx, region)
		daxctl_dev_foreach(region, d)
			if (strcmp(daxctl_dev_get_devname(d), name) == 0)
				dev = d;
	if (!dev) {
		snprintf(w->why, sizeof(w->why), "%s not found", name);
		rc = -1;
	} else if (!tree_root || truncate_attr(daxctl_dev_get_devname(dev)) < 0) {
		snprintf(w->why, sizeof(w->why), "%s: cannot truncate align", name);
		rc = -1;
	} else if ((rc = daxctl_dev_set_align(dev, align)) < 0) {
		snprintf(w->why, sizeof(w->why), "%s: set_align: %s", name,
			 strerror(-rc));
		rc = -1;
	} else if (daxctl_dev_get_align(dev) != align) {
		snprintf(w->why, sizeof(w->why), "%s: align %lu, set %lu",
			 name, daxctl_dev_get_align(dev), align);
		rc = -1;
	}
	daxctl_unref(ctx);
	return rc;
}

static void *worker(void *arg)
{
	struct worker *w = arg;
	unsigned long i;

	for (i = 0; i < iterations && !__atomic_load_n(&stop, __ATOMIC_RELAXED); i++) {
		if (stress_now() - t0 >= seconds)
			break;
		if (stress_walk(&w->st, w->why, sizeof(w->why)) < 0) {
			if (w->fails++ < 3)
				printf("FAIL: thread %d, walk %lu: %s\n",
				       w->index, i, w->why);
		}
		w->walks++;
		if (i % 8 == 0) {
			if (own_device(w, i % 16 ? 4096 : 2097152) < 0 &&
			    w->fails++ < 3)
				printf("FAIL: thread %d: %s\n", w->index,
				       w->why);
			w->sets++;
		}
	}
	return NULL;
}

static unsigned long mutations;

static void *mutator(void *arg)
{
	struct faketree *ft = arg;
	unsigned int seed = 12345;

	while (!__atomic_load_n(&stop, __ATOMIC_RELAXED)) {
		stress_mutate(ft, &seed);
		mutations++;
	}
	return NULL;
}

int main(void)
{
	int nthreads = (int)stress_env_ul("STRESS_THREADS", 4), i, fails = 0, rc = 0;
	struct worker w[MAX_THREADS];
	struct stress_stats all = { 0 };
	unsigned long walks = 0, sets = 0;
	struct faketree *ft;
	pthread_t mut;
	struct stat sb;
	double t;

	setvbuf(stdout, NULL, _IOLBF, 0);
	iterations = stress_env_ul("STRESS_ITERATIONS", 1000);
	seconds = (double)stress_env_ul("STRESS_SECONDS", 15);
	if (nthreads < 2 || nthreads > MAX_THREADS)
		nthreads = 4;
	if (getenv("STRESS_TMPDIR"))
		setenv("TMPDIR", getenv("STRESS_TMPDIR"), 1);
	else if (stat("/dev/shm", &sb) == 0 && access("/dev/shm", W_OK) == 0)
		setenv("TMPDIR", "/dev/shm", 1);
	ft = ft_new();
	if (!ft || stress_tree_build(ft) < 0) {
		printf("FAIL: cannot build the tree\n");
		return 99;
	}
	/* region 2: one device per thread, only that thread writes it */
	{
		struct ft_region r = {
			.parent = "platform/hmem.2", .id = 2,
			.size = 16 * FT_GIB, .align = 2 * FT_MIB,
		};

		rc = ft_region_add(ft, &r);
		for (i = 0; !rc && i < nthreads; i++)
			rc = ft_dev_simple(ft, r.parent, 2, i, FT_GIB,
					   0x1000000000ULL + i * FT_GIB, NULL,
					   2 * FT_MIB, 0);
		if (rc) {
			printf("FAIL: cannot build region 2\n");
			return 99;
		}
	}
	ft_activate(ft);
	tree_root = ft->root;
	printf("# tree %s, %d threads with a context each, and a mutator\n",
	       ft->root, nthreads);

	memset(w, 0, sizeof(w));
	t0 = stress_now();
	pthread_create(&mut, NULL, mutator, ft);
	for (i = 0; i < nthreads; i++) {
		w[i].index = i;
		if (pthread_create(&w[i].tid, NULL, worker, &w[i])) {
			printf("FAIL: pthread_create\n");
			return 99;
		}
	}
	for (i = 0; i < nthreads; i++) {
		pthread_join(w[i].tid, NULL);
		walks += w[i].walks;
		sets += w[i].sets;
		fails += w[i].fails;
		all.devs += w[i].st.devs;
		all.mappings += w[i].st.mappings;
		all.blocks += w[i].st.blocks;
	}
	__atomic_store_n(&stop, 1, __ATOMIC_RELAXED);
	pthread_join(mut, NULL);
	t = stress_now() - t0;
	printf("# %lu walks and %lu align set/read-backs in %d threads in %.1f s, %lu mutations; seen %lu devices, %lu mappings, %lu blocks\n",
	       walks, sets, nthreads, t, mutations, all.devs, all.mappings,
	       all.blocks);
	if (!mutations) {
		printf("FAIL: the mutator changed nothing\n");
		fails++;
	}
	for (i = 0; i < nthreads; i++)
		if (!w[i].walks) {
			printf("FAIL: thread %d did not walk\n", i);
			fails++;
		}
	ft_free(ft);
	printf("%d failed\n", fails);
	return fails ? 1 : 0;
}
