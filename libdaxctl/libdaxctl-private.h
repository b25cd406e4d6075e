/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * Internal definitions shared by the objects of libdaxctl. Nothing here is
 * part of the ABI.
 */
#ifndef _LIBDAXCTL_PRIVATE_H_
#define _LIBDAXCTL_PRIVATE_H_

#include <stdbool.h>
#include <stdlib.h>
#include <syslog.h>
#include <daxctl/libdaxctl.h>

#include "list.h"

#define DAXCTL_EXPORT __attribute__((visibility("default")))

#define _printf_(a, b) __attribute__((format(printf, a, b)))
#define _must_check_ __attribute__((warn_unused_result))
#define _cleanup_(fn) __attribute__((cleanup(fn)))

static inline void freep(void *p)
{
	free(*(void **)p);
}
#define _cleanup_free_ _cleanup_(freep)

#define ARRAY_SIZE(a) (sizeof(a) / sizeof((a)[0]))

/* How the kernel presents dax devices: the dax bus, or the old dax class. */
enum daxctl_subsys {
	DAXCTL_SUBSYS_UNKNOWN = 0,
	DAXCTL_SUBSYS_NONE,	/* neither exists: no regions */
	DAXCTL_SUBSYS_BUS,	/* /sys/bus/dax/devices */
	DAXCTL_SUBSYS_CLASS,	/* /sys/class/dax */
};

struct kmod_ctx;

/*
 * An open directory that attribute paths below it are opened relative to
 * (openat on its fd), saving the kernel the walk down from the root.
 */
enum sysfs_dircache_slot {
	SYSFS_DIR_DEVS,		/* the devices' directory of one region */
	SYSFS_DIR_MEMORY,	/* /sys/devices/system/memory */
	SYSFS_DIR_SLOTS,
};

struct sysfs_dircache {
	char *path;		/* NULL: slot empty */
	size_t len;
	int fd;
	const void *owner;	/* whose unchanging path it is, or NULL */
};

struct daxctl_ctx {
	int refcount;
	void (*log_fn)(struct daxctl_ctx *ctx, int priority, const char *file,
		       int line, const char *fn, const char *format,
		       va_list args);
	int log_priority;
	void *userdata;
	char *config_path;

	/* Every path is resolved under this directory (DAXCTL_ROOT). */
	int rootfd;
	bool root_is_host;
	bool no_openat2;	/* the kernel (or valgrind) lacks it */
	struct sysfs_dircache dircache[SYSFS_DIR_SLOTS];

	enum daxctl_subsys subsys;
	bool regions_init;
	struct list_head regions;
	struct daxctl_region *last_region;	/* the last one looked up */

	/* Created on the first driver load only: it parses modprobe.d. */
	struct kmod_ctx *kmod_ctx;
};

struct daxctl_region {
	struct daxctl_ctx *ctx;
	struct list_node list;
	int id;
	int refcount;
	uuid_t uuid;
	char *path;		/* the region's device directory */
	char *devname;		/* basename of path */
	char *attr_path;	/* path + "/dax_region" */
	char *devs_path;	/* where its devices are: path, or path/dax */

	bool size_valid;
	unsigned long long size;
	bool align_valid;
	unsigned long align;

	bool devs_init;
	unsigned int scan_gen;	/* bumped by every device rescan */
	struct list_head devs;
	/* Destroyed devices: out of the walk, alive until the ctx goes. */
	struct list_head dead_devs;
};

struct daxctl_dev {
	struct daxctl_region *region;
	struct list_node list;
	int id;
	int major;
	int minor;
	char *devname;
	char *path;
	unsigned long long size;
	unsigned int scan_gen;	/* the region rescan that last saw it */
	bool dead;		/* destroyed or vanished: out of the walk */

	bool resource_valid;
	unsigned long long resource;
	bool align_valid;
	unsigned long align;
	bool target_node_valid;
	int target_node;

	bool mappings_init;
	struct list_head mappings;
	/* Mappings that a resize dropped: handles stay valid. */
	struct list_head dead_mappings;

	struct daxctl_memory *mem;
};

struct daxctl_mapping {
	struct daxctl_dev *dev;
	struct list_node list;
	int index;
	bool dead;		/* dropped by a resize: out of the walk */
	unsigned long long start;
	unsigned long long end;
	unsigned long long pgoff;
};

struct daxctl_memory {
	struct daxctl_dev *dev;
	char *node_path;
	unsigned long block_size;
};

/* ctx.c */
void daxctl_log(struct daxctl_ctx *ctx, int priority, const char *file,
		int line, const char *fn, const char *format, ...)
	_printf_(6, 7);

#define daxctl_log_cond(ctx, prio, ...) \
	do { \
		if ((ctx)->log_priority >= (prio)) \
			daxctl_log(ctx, prio, __FILE__, __LINE__, __func__, \
				   __VA_ARGS__); \
	} while (0)

#define dbg(ctx, ...) daxctl_log_cond(ctx, LOG_DEBUG, __VA_ARGS__)
#define info(ctx, ...) daxctl_log_cond(ctx, LOG_INFO, __VA_ARGS__)
#define notice(ctx, ...) daxctl_log_cond(ctx, LOG_NOTICE, __VA_ARGS__)
#define err(ctx, ...) daxctl_log_cond(ctx, LOG_ERR, __VA_ARGS__)

enum daxctl_subsys daxctl_ctx_get_subsys(struct daxctl_ctx *ctx);
int daxctl_ctx_load_driver(struct daxctl_ctx *ctx, const char *drv);

/* region.c */
struct daxctl_region *daxctl_region_add(struct daxctl_ctx *ctx, int id,
					const char *path);
void daxctl_region_free(struct daxctl_region *region);
int daxctl_region_rescan_devs(struct daxctl_region *region);
void daxctl_region_retire_dev(struct daxctl_dev *dev);

/* dev.c */
struct daxctl_dev *daxctl_dev_new(struct daxctl_region *region, int id,
				  const char *devname, const char *path);
void daxctl_dev_free(struct daxctl_dev *dev);
void daxctl_dev_invalidate(struct daxctl_dev *dev);
int daxctl_dev_bound_driver(struct daxctl_dev *dev, char *buf, size_t len);
int daxctl_dev_parse_name(const char *name, int *region_id, int *id);

/* mapping.c */
int daxctl_mappings_refresh(struct daxctl_dev *dev);
void daxctl_mappings_free(struct daxctl_dev *dev);

/* memory.c */
void daxctl_memory_free(struct daxctl_memory *mem);
int daxctl_memory_ram_check(struct daxctl_dev *dev);

#endif /* _LIBDAXCTL_PRIVATE_H_ */
