// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * daxctl: progress of block-by-block memory work on a terminal.
 *
 * The library onlines or offlines a device's blocks in one call; a thread
 * watches the blocks' state files meanwhile and rewrites one stderr line
 * ("dax0.0: memory blocks online: 1024/4096") at most PROGRESS_HZ times a
 * second. It only reads sysfs, never the library's objects, so the library
 * needs no locking. Nothing is shown unless stderr is a terminal.
 */
#include <errno.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <daxctl/libdaxctl.h>

#include "daxctl.h"
#include "explain.h"

#define PROGRESS_HZ 4

struct progress {
	pthread_t thread;
	pthread_mutex_t lock;
	pthread_cond_t cond;
	bool stop;
	const char *name, *target;
	unsigned long long *blocks;
	int total;
};

static int count_done(struct progress *p)
{
	char state[32];
	int i, done = 0;

	for (i = 0; i < p->total; i++)
		if (sys_read(state, sizeof(state),
				"/sys/devices/system/memory/memory%llu/state",
				p->blocks[i]) == 0 &&
				strcmp(state, p->target) == 0)
			done++;
	return done;
}

static void show(struct progress *p, int done)
{
	/* \r and erase to the end of the line: rewritten in place */
	fprintf(stderr, "\r%s: memory blocks %s: %d/%d\033[K", p->name,
			p->target, done, p->total);
	fflush(stderr);
}

static void *watch(void *arg)
{
	struct progress *p = arg;
	struct timespec t;

	pthread_mutex_lock(&p->lock);
	while (!p->stop) {
		pthread_mutex_unlock(&p->lock);
		show(p, count_done(p));
		pthread_mutex_lock(&p->lock);
		clock_gettime(CLOCK_REALTIME, &t);
		t.tv_nsec += 1000000000L / PROGRESS_HZ;
		if (t.tv_nsec >= 1000000000L) {
			t.tv_sec++;
			t.tv_nsec -= 1000000000L;
		}
		while (!p->stop &&
				pthread_cond_timedwait(&p->cond, &p->lock, &t) !=
				ETIMEDOUT)
			;
	}
	pthread_mutex_unlock(&p->lock);
	return NULL;
}

struct progress *progress_start(struct daxctl_dev *dev, const char *target,
		bool quiet)
{
	struct progress *p;
	unsigned long long bs;

	if (quiet || !isatty(STDERR_FILENO))
		return NULL;
	p = calloc(1, sizeof(*p));
	if (!p)
		return NULL;
	p->total = dev_blocks(dev, &p->blocks, &bs);
	if (p->total < PROGRESS_MIN_BLOCKS)
		goto out;
	p->name = daxctl_dev_get_devname(dev);
	p->target = target;
	pthread_mutex_init(&p->lock, NULL);
	pthread_cond_init(&p->cond, NULL);
	if (pthread_create(&p->thread, NULL, watch, p) == 0)
		return p;
	pthread_cond_destroy(&p->cond);
	pthread_mutex_destroy(&p->lock);
out:
	free(p->blocks);
	free(p);
	return NULL;
}

void progress_stop(struct progress *p)
{
	if (!p)
		return;
	pthread_mutex_lock(&p->lock);
	p->stop = true;
	pthread_cond_signal(&p->cond);
	pthread_mutex_unlock(&p->lock);
	pthread_join(p->thread, NULL);
	show(p, count_done(p));
	fputc('\n', stderr);
	pthread_cond_destroy(&p->cond);
	pthread_mutex_destroy(&p->lock);
	free(p->blocks);
	free(p);
}
