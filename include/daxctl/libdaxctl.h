/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * libdaxctl: enumerate and configure Linux device-dax instances.
 *
 * Object model (every object reaches its ctx):
 *
 *   daxctl_ctx ─┬─ daxctl_region ─┬─ daxctl_dev ─┬─ daxctl_mapping
 *               │                 │              └─ daxctl_memory
 *
 * Only the ctx is reference counted in a way that frees memory: regions,
 * devices, mappings and memory objects are owned by their ctx and stay valid
 * until the last daxctl_unref() of it, even when the device they describe is
 * destroyed, disabled or resized. Objects are created lazily, when a caller
 * first walks or looks them up.
 *
 * Errors: functions returning int give 0 (or a count) on success and a
 * negative errno on failure. Getters returning pointers give NULL when the
 * object does not exist; numeric getters document their "unknown" value.
 *
 * Threads: the library keeps no global state and starts no thread.
 * Separate contexts may be used from separate threads at the same time
 * without any locking. One context, with every object reached from it,
 * must be used by one thread at a time: even getters fill caches, and the
 * reference count is not atomic; callers sharing a context serialize every
 * call on it (one mutex per context). The log function runs in the
 * calling thread, during the call. daxctl_new() reads the environment:
 * do not change it (setenv) from another thread meanwhile.
 *
 * A tree that changes while it is read (devices created, destroyed or
 * resized by another process) never yields an inconsistent object: a
 * device's mappings fit the size daxctl_dev_get_size() returns (read
 * again when they do not; if the size changed meanwhile, the ones that
 * still do not fit are left out), and memory block counts never exceed
 * the blocks the device's ranges span.
 *
 * The "Since" lines name the version node of the symbol.
 */
#ifndef _LIBDAXCTL_H_
#define _LIBDAXCTL_H_

#include <stdarg.h>
#include <unistd.h>

#ifdef HAVE_UUID
#include <uuid/uuid.h>
#else
typedef unsigned char uuid_t[16];
#endif

#ifdef __cplusplus
extern "C" {
#endif

/* ------------------------------------------------------------------------
 * Library context
 * ------------------------------------------------------------------------ */

struct daxctl_ctx;

/*
 * daxctl_new: create a library context with a reference count of 1.
 * The environment variable DAXCTL_LOG (a syslog priority number, or one of
 * err, notice, info, debug) sets the initial log priority; DAXCTL_ROOT
 * points every sysfs, /dev and /proc access at another root directory (a
 * fake tree for tests). Returns 0 and stores the ctx, or a negative errno
 * and leaves *ctx untouched. Since LIBDAXCTL_1.
 */
int daxctl_new(struct daxctl_ctx **ctx);

/* Take a reference. Returns @ctx (NULL for NULL). Since LIBDAXCTL_1. */
struct daxctl_ctx *daxctl_ref(struct daxctl_ctx *ctx);

/*
 * Drop a reference; at zero free the ctx with every region, device,
 * mapping and memory object it owns. NULL is ignored. Since LIBDAXCTL_1.
 */
void daxctl_unref(struct daxctl_ctx *ctx);

/*
 * Replace the log function (NULL restores the default, which prints to
 * stderr with a "libdaxctl: <function>: " prefix). Since LIBDAXCTL_1.
 */
void daxctl_set_log_fn(struct daxctl_ctx *ctx,
		void (*log_fn)(struct daxctl_ctx *ctx, int priority,
			const char *file, int line, const char *fn,
			const char *format, va_list args));

/* The current log priority (syslog LOG_*). Since LIBDAXCTL_1. */
int daxctl_get_log_priority(struct daxctl_ctx *ctx);

/* Messages above @priority are dropped before formatting. Since LIBDAXCTL_1. */
void daxctl_set_log_priority(struct daxctl_ctx *ctx, int priority);

/* Caller data attached to the ctx. Since LIBDAXCTL_1. */
void daxctl_set_userdata(struct daxctl_ctx *ctx, void *userdata);
void *daxctl_get_userdata(struct daxctl_ctx *ctx);

/*
 * Directory of daxctl configuration snippets (default /etc/daxctl.conf.d,
 * as the distribution's library: its daxctl relies on it). set returns 0, -EINVAL for NULL arguments or
 * -ENOMEM; get returns NULL only for a NULL ctx. Since LIBDAXCTL_9.
 */
int daxctl_set_config_path(struct daxctl_ctx *ctx, char *config_path);
const char *daxctl_get_config_path(struct daxctl_ctx *ctx);

/* ------------------------------------------------------------------------
 * Regions: a range of memory that device-dax instances are carved from
 * ------------------------------------------------------------------------ */

struct daxctl_region;

/*
 * Look up, or add, the region whose sysfs directory is @path (the parent
 * of its dax devices), recording @uuid. Used by libraries that discover
 * regions on their own bus (libndctl, libcxl). Returns the region with a
 * reference taken, or NULL on failure. Since LIBDAXCTL_2.
 */
struct daxctl_region *daxctl_new_region(struct daxctl_ctx *ctx, int id,
		uuid_t uuid, const char *path);

/*
 * Walk regions in ascending id order; the list is read from sysfs on the
 * first call. NULL at the end. Since LIBDAXCTL_4.
 */
struct daxctl_region *daxctl_region_get_first(struct daxctl_ctx *ctx);
struct daxctl_region *daxctl_region_get_next(struct daxctl_region *region);

/*
 * Reference counting is kept for compatibility; a region's memory is
 * released with its ctx. Since LIBDAXCTL_2.
 */
void daxctl_region_ref(struct daxctl_region *region);
void daxctl_region_unref(struct daxctl_region *region);

/* Copy the region's uuid (all zero when unknown). Since LIBDAXCTL_2. */
void daxctl_region_get_uuid(struct daxctl_region *region, uuid_t uu);

/* The region id (X of daxX.Y). Since LIBDAXCTL_2. */
int daxctl_region_get_id(struct daxctl_region *region);

struct daxctl_ctx *daxctl_region_get_ctx(struct daxctl_region *region);

/*
 * Bytes not yet assigned to a device, read fresh on every call; 0 when the
 * region is static or the attribute cannot be read. Since LIBDAXCTL_3.
 */
unsigned long long daxctl_region_get_available_size(
		struct daxctl_region *region);

/* Region size; ULLONG_MAX when unknown. Since LIBDAXCTL_4. */
unsigned long long daxctl_region_get_size(struct daxctl_region *region);

/* Region alignment; ULONG_MAX when unknown. Since LIBDAXCTL_4. */
unsigned long daxctl_region_get_align(struct daxctl_region *region);

/* Basename of the region directory, e.g. "hmem.0". Since LIBDAXCTL_3. */
const char *daxctl_region_get_devname(struct daxctl_region *region);

/* The region's sysfs directory. Since LIBDAXCTL_5. */
const char *daxctl_region_get_path(struct daxctl_region *region);

/*
 * The region's seed: the zero-sized device that the next resize turns into
 * a new instance. NULL for static regions. Since LIBDAXCTL_3.
 */
struct daxctl_dev *daxctl_region_get_dev_seed(struct daxctl_region *region);

/*
 * Create a new zero-sized device in a dynamic region; it joins the
 * region's device list. 0 or a negative errno. Since LIBDAXCTL_8.
 */
int daxctl_region_create_dev(struct daxctl_region *region);

/*
 * Delete @dev (disabled, size 0) from its region. The handle stays valid
 * but leaves the device list. 0 or the kernel's negative errno (EBUSY for
 * daxX.0 or a device still enabled or sized). Since LIBDAXCTL_8.
 */
int daxctl_region_destroy_dev(struct daxctl_region *region,
		struct daxctl_dev *dev);

/* ------------------------------------------------------------------------
 * Devices: one /dev/daxX.Y each
 * ------------------------------------------------------------------------ */

struct daxctl_dev;

/* Modes a device can be enabled in (the driver it is bound to). */
enum daxctl_dev_mode {
	DAXCTL_DEV_MODE_UNKNOWN = -1,
	DAXCTL_DEV_MODE_DEVDAX = 0,
	DAXCTL_DEV_MODE_RAM,
	DAXCTL_DEV_MODE_FAMFS,
	DAXCTL_DEV_MODE_END,
};

/*
 * Walk a region's devices in ascending id order; read from sysfs on the
 * first call. NULL at the end. Since LIBDAXCTL_2.
 */
struct daxctl_dev *daxctl_dev_get_first(struct daxctl_region *region);
struct daxctl_dev *daxctl_dev_get_next(struct daxctl_dev *dev);

struct daxctl_region *daxctl_dev_get_region(struct daxctl_dev *dev);
struct daxctl_ctx *daxctl_dev_get_ctx(struct daxctl_dev *dev); /* _6 */

/* Y of daxX.Y. Since LIBDAXCTL_2. */
int daxctl_dev_get_id(struct daxctl_dev *dev);

/* "daxX.Y". Since LIBDAXCTL_2. */
const char *daxctl_dev_get_devname(struct daxctl_dev *dev);

/* Character device numbers of /dev/daxX.Y. Since LIBDAXCTL_2. */
int daxctl_dev_get_major(struct daxctl_dev *dev);
int daxctl_dev_get_minor(struct daxctl_dev *dev);

/*
 * Physical start address of the device; 0 when unknown (the attribute is
 * root-only; /proc/iomem is the fallback). Since LIBDAXCTL_6.
 */
unsigned long long daxctl_dev_get_resource(struct daxctl_dev *dev);

/* Size in bytes. Since LIBDAXCTL_2. */
unsigned long long daxctl_dev_get_size(struct daxctl_dev *dev);

/* Mapping alignment in bytes; 0 when the kernel does not say. Since _8. */
unsigned long daxctl_dev_get_align(struct daxctl_dev *dev);

/*
 * Resize, realign, or add the physical range [start, end] to a disabled
 * device of a dynamic region. 0 or the kernel's negative errno (EBUSY
 * while enabled, EINVAL for a bad alignment, ENOSPC past the available
 * size...). Cached size, alignment and mappings are refreshed.
 * Since LIBDAXCTL_8.
 */
int daxctl_dev_set_size(struct daxctl_dev *dev, unsigned long long size);
int daxctl_dev_set_align(struct daxctl_dev *dev, unsigned long align);
int daxctl_dev_set_mapping(struct daxctl_dev *dev, unsigned long long start,
		unsigned long long end);

/* NUMA node the memory belongs to; -1 when unknown. Since LIBDAXCTL_6. */
int daxctl_dev_get_target_node(struct daxctl_dev *dev);

/*
 * 1 when a driver is bound (always 1 for the legacy /sys/class/dax model),
 * else 0. Read fresh. Since LIBDAXCTL_6.
 */
int daxctl_dev_is_enabled(struct daxctl_dev *dev);

/*
 * Bind the device to device_dax, kmem or fsdev_dax, loading the driver
 * module first when it is not registered. 0, or a negative errno:
 * -EOPNOTSUPP in the legacy class model, -EBUSY when bound to another
 * driver; enable_ram: -EINVAL, before binding, when kmem would reject the
 * device (no whole memory block in its ranges, or a negative target_node),
 * with the facts logged at LOG_ERR (ranges that lose their unaligned ends
 * are logged at LOG_INFO). Since LIBDAXCTL_6 (famfs: LIBDAXCTL_11).
 */
int daxctl_dev_enable_devdax(struct daxctl_dev *dev);
int daxctl_dev_enable_ram(struct daxctl_dev *dev);
int daxctl_dev_enable_famfs(struct daxctl_dev *dev);

/*
 * Unbind the device from its driver. 0 when it is (or was already)
 * disabled; -EBUSY when system-ram memory is still online or the kernel
 * keeps it bound. Since LIBDAXCTL_6.
 */
int daxctl_dev_disable(struct daxctl_dev *dev);

/*
 * 1 when the kernel's policy (memory/auto_online_blocks) onlines hot-added
 * memory by itself, else 0. Since LIBDAXCTL_9.
 */
int daxctl_dev_will_auto_online_memory(struct daxctl_dev *dev);

/* Number of online memory blocks of a system-ram device, else 0. Since _9. */
int daxctl_dev_has_online_memory(struct daxctl_dev *dev);

/* 1 when bound to kmem (system-ram), else 0. Since LIBDAXCTL_10. */
int daxctl_dev_is_system_ram_capable(struct daxctl_dev *dev);

/* The bound driver as a mode; UNKNOWN when unbound. Since LIBDAXCTL_11. */
enum daxctl_dev_mode daxctl_dev_get_mode(struct daxctl_dev *dev);

/* 1 when in the named mode, else 0. Since LIBDAXCTL_11. */
int daxctl_dev_is_devdax_mode(struct daxctl_dev *dev);
int daxctl_dev_is_system_ram_mode(struct daxctl_dev *dev);
int daxctl_dev_is_famfs_mode(struct daxctl_dev *dev);

/* ------------------------------------------------------------------------
 * Memory: the System RAM blocks of a device bound to kmem
 * ------------------------------------------------------------------------ */

struct daxctl_memory;

/*
 * The memory object of a system-ram device, NULL in any other mode. The
 * object belongs to the device. Since LIBDAXCTL_6.
 */
struct daxctl_memory *daxctl_dev_get_memory(struct daxctl_dev *dev);
struct daxctl_dev *daxctl_memory_get_dev(struct daxctl_memory *mem);

/* /sys/devices/system/node/node<target_node>. Since LIBDAXCTL_6. */
const char *daxctl_memory_get_node_path(struct daxctl_memory *mem);

/* Memory block size in bytes; 0 when unknown. Since LIBDAXCTL_6. */
unsigned long daxctl_memory_get_block_size(struct daxctl_memory *mem);

/*
 * Online the device's offline blocks into ZONE_MOVABLE (online) or the
 * kernel's default zone (online_no_movable); offline its online blocks.
 * Return the number of blocks changed (0 when all were already in the
 * requested state) or a negative errno. Offlining skips blocks whose
 * removable flag is 0 (-EBUSY), and tries a block the kernel answers EBUSY
 * (page migration failed) 3 times, 100 ms apart; each block left online is
 * logged at LOG_ERR with its zone, removable flag and errno, each retry at
 * LOG_INFO. Since LIBDAXCTL_6 (_no_movable: 7).
 */
int daxctl_memory_online(struct daxctl_memory *mem);
int daxctl_memory_online_no_movable(struct daxctl_memory *mem);
int daxctl_memory_offline(struct daxctl_memory *mem);

/* Number of online blocks, or a negative errno. Since LIBDAXCTL_6. */
int daxctl_memory_is_online(struct daxctl_memory *mem);

/* Number of memory blocks of the device, or a negative errno. Since _6. */
int daxctl_memory_num_sections(struct daxctl_memory *mem);

/*
 * 1 when every block is online in ZONE_MOVABLE, 0 otherwise, or a negative
 * errno. Since LIBDAXCTL_7.
 */
int daxctl_memory_is_movable(struct daxctl_memory *mem);

/* ------------------------------------------------------------------------
 * Mappings: the physical ranges a device is made of
 * ------------------------------------------------------------------------ */

struct daxctl_mapping;

/* Walk a device's mappings in index order. Since LIBDAXCTL_8. */
struct daxctl_mapping *daxctl_mapping_get_first(struct daxctl_dev *dev);
struct daxctl_mapping *daxctl_mapping_get_next(struct daxctl_mapping *mapping);

/*
 * The physical range [start, end] in bytes, its size, and its offset into
 * the device in pages, as the kernel's mappingN/page_offset reports it.
 */
unsigned long long daxctl_mapping_get_start(struct daxctl_mapping *mapping);
unsigned long long daxctl_mapping_get_end(struct daxctl_mapping *mapping);
unsigned long long daxctl_mapping_get_offset(struct daxctl_mapping *mapping);
unsigned long long daxctl_mapping_get_size(struct daxctl_mapping *mapping);

/* ------------------------------------------------------------------------
 * Iterators
 * ------------------------------------------------------------------------ */

#define daxctl_region_foreach(ctx, region) \
	for (region = daxctl_region_get_first(ctx); \
	     region != NULL; \
	     region = daxctl_region_get_next(region))

#define daxctl_region_foreach_safe(ctx, region, _region) \
	for (region = daxctl_region_get_first(ctx), \
	     _region = region ? daxctl_region_get_next(region) : NULL; \
	     region != NULL; \
	     region = _region, \
	     _region = _region ? daxctl_region_get_next(_region) : NULL)

#define daxctl_dev_foreach(region, dev) \
	for (dev = daxctl_dev_get_first(region); \
	     dev != NULL; \
	     dev = daxctl_dev_get_next(dev))

#define daxctl_dev_foreach_safe(region, dev, _dev) \
	for (dev = daxctl_dev_get_first(region), \
	     _dev = dev ? daxctl_dev_get_next(dev) : NULL; \
	     dev != NULL; \
	     dev = _dev, \
	     _dev = _dev ? daxctl_dev_get_next(_dev) : NULL)

#define daxctl_mapping_foreach(dev, mapping) \
	for (mapping = daxctl_mapping_get_first(dev); \
	     mapping != NULL; \
	     mapping = daxctl_mapping_get_next(mapping))

#ifdef __cplusplus
} /* extern "C" */
#endif

#endif /* _LIBDAXCTL_H_ */
