/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * daxctl: refusals explained before acting, and the sysfs facts behind
 * them that the library's API does not carry (auto-online policy value,
 * memory block zones, memmap_on_memory). Every message is one line naming
 * the device, then one line starting "hint:" with the way out.
 */
#ifndef _DAXCTL_EXPLAIN_H_
#define _DAXCTL_EXPLAIN_H_

#include <stdbool.h>
#include <stddef.h>

struct daxctl_dev;

/* ---- sysfs below DAXCTL_ROOT (the library's root for tests) ---- */
const char *sys_path(char *buf, size_t len, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
/* first line of a file, newline dropped: 0 or -errno */
int sys_read(char *buf, size_t len, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
/* write @val: 0 or the kernel's -errno */
int sys_write(const char *val, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
bool sys_exists(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/* a physical range, end inclusive */
struct range {
	unsigned long long start, end;
};
#define MAX_RANGES 64
/* @dev's ranges: its mappings, else [resource, resource + size); the
 * count, or -E2BIG past @max */
int dev_ranges(struct daxctl_dev *dev, struct range *r, int max);
/* the memory block size in bytes: 0 or -errno */
int memory_block_size(unsigned long long *bs);

/* "hint: ..." on stderr */
void hint(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/*
 * The memory block numbers wholly inside @dev's ranges, ascending, in a
 * malloc'd array (*blocks, may be NULL when there are none); *bs gets the
 * block size. Returns the count or -errno.
 */
int dev_blocks(struct daxctl_dev *dev, unsigned long long **blocks,
		unsigned long long *bs);

/*
 * Refusals checked before acting. Each returns 0 when the operation may
 * go ahead, else prints the device's line and its hint and returns the
 * errno the kernel would have answered.
 */
/* @path (under the root) must be writable by us: -EACCES for non-root */
int check_writable(struct daxctl_dev *dev, const char *what,
		const char *path);
/* kmem's view of @dev: target_node and block alignment (a warning when
 * only part of the memory would be added) */
int check_kmem(struct daxctl_dev *dev);
/* blocks that cannot go offline (removable 0), -EBUSY */
int check_offline(struct daxctl_dev *dev);
/* after a failed offline: each block still online, its zone, removable
 * flag, the kernel's answer @rc and the tries behind it */
void explain_offline_failure(struct daxctl_dev *dev, int rc);
/* the auto-online policy refusal; @value is auto_online_blocks */
void explain_auto_online(struct daxctl_dev *dev);

/* ---- memmap_on_memory (Linux 6.8+) ---- */
/* 1 set, 0 clear, -ENOENT when the kernel has no such attribute */
int dev_memmap_on_memory(struct daxctl_dev *dev);
/* set it before kmem binds: 0 or -errno after explaining */
int set_memmap_on_memory(struct daxctl_dev *dev);

/* ---- progress of block-by-block work on a terminal (progress.c) ---- */
struct progress;
/*
 * Start showing how many of @dev's blocks are @target ("online" or
 * "offline") on stderr, rewritten in place a few times a second. NULL
 * (nothing shown) when @quiet, when stderr is not a terminal, or when the
 * device has fewer than PROGRESS_MIN_BLOCKS blocks.
 */
#define PROGRESS_MIN_BLOCKS 256
struct progress *progress_start(struct daxctl_dev *dev, const char *target,
		bool quiet);
/* the final count, a newline, and free; NULL is ignored */
void progress_stop(struct progress *p);

#endif /* _DAXCTL_EXPLAIN_H_ */
