// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * Memory: the hot-plugged System RAM blocks of a device bound to kmem.
 *
 * A device's blocks are found by arithmetic, not by scanning: block N
 * covers [N * block_size, (N + 1) * block_size), so the blocks of a range
 * are memory<first>..memory<last> under /sys/devices/system/memory, with
 * first and last the blocks wholly inside the range (kmem adds no other).
 * Their state is read fresh on every call; a count of them needs only
 * their directories.
 */
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "libdaxctl-private.h"
#include "sysfs.h"

#define MEMORY_DIR "/sys/devices/system/memory"

/* More blocks than any machine has: the range must be garbage. */
#define MAX_BLOCKS (1ULL << 24)

/*
 * Offlining migrates the block's pages away; the kernel answers EBUSY when
 * a page could not be migrated this time (pinned for I/O, being freed...).
 * That is often transient: try a block this many times, OFFLINE_PAUSE_MS
 * apart, before giving up on it.
 */
#define OFFLINE_TRIES 3
#define OFFLINE_PAUSE_MS 100

enum memory_op {
	MEM_ONLINE,
	MEM_ONLINE_NO_MOVABLE,
	MEM_OFFLINE,
	MEM_COUNT_ONLINE,
	MEM_COUNT,
	MEM_IS_MOVABLE,
};

struct op_state {
	enum memory_op op;
	int present;
	int matched;	/* blocks changed, or online, or not movable */
	int first_err;
};

void daxctl_memory_free(struct daxctl_memory *mem)
{
	if (!mem)
		return;
	free(mem->node_path);
	free(mem);
}

DAXCTL_EXPORT struct daxctl_memory *daxctl_dev_get_memory(
		struct daxctl_dev *dev)
{
	struct daxctl_ctx *ctx;
	struct daxctl_memory *mem;
	unsigned long long bs;
	int node;

	if (!dev || !daxctl_dev_is_system_ram_mode(dev))
		return NULL;
	if (dev->mem)
		return dev->mem;

	ctx = dev->region->ctx;
	if (sysfs_read_hex(ctx, &bs, MEMORY_DIR "/block_size_bytes") < 0 ||
	    bs == 0 || bs > ULONG_MAX) {
		err(ctx, "%s: cannot read the memory block size\n",
		    dev->devname);
		return NULL;
	}
	mem = calloc(1, sizeof(*mem));
	if (!mem)
		return NULL;
	mem->dev = dev;
	mem->block_size = (unsigned long)bs;
	node = daxctl_dev_get_target_node(dev);
	if (node >= 0 &&
	    asprintf(&mem->node_path, "/sys/devices/system/node/node%d",
		     node) < 0) {
		free(mem);
		return NULL;
	}
	/* kept until the ctx goes, whatever mode the device moves to */
	dev->mem = mem;
	return mem;
}

DAXCTL_EXPORT struct daxctl_dev *daxctl_memory_get_dev(
		struct daxctl_memory *mem)
{
	return mem ? mem->dev : NULL;
}

DAXCTL_EXPORT const char *daxctl_memory_get_node_path(
		struct daxctl_memory *mem)
{
	return mem ? mem->node_path : NULL;
}

DAXCTL_EXPORT unsigned long daxctl_memory_get_block_size(
		struct daxctl_memory *mem)
{
	return mem ? mem->block_size : 0;
}

static void note_err(struct op_state *st, int rc)
{
	if (!st->first_err)
		st->first_err = rc;
}

/*
 * "memory<n>/<attr>" into @buf (at least 48 bytes), without printf;
 * "memory<n>", the block's directory, when @attr is NULL
 */
static void block_attr(char *buf, unsigned long long n, const char *attr)
{
	char digits[24];
	int i = 0;

	do {
		digits[i++] = (char)('0' + n % 10);
		n /= 10;
	} while (n);
	memcpy(buf, "memory", 6);
	buf += 6;
	while (i)
		*buf++ = digits[--i];
	if (!attr) {
		*buf = '\0';
		return;
	}
	*buf++ = '/';
	strcpy(buf, attr);
}

#define STR_(x) #x
#define STR(x) STR_(x)
#define OFFLINE_TRIES_STR STR(OFFLINE_TRIES)

/* Offline block @n, retrying a transient EBUSY. 0 or the last -errno. */
static int offline_block(struct daxctl_memory *mem, unsigned long long n)
{
	struct daxctl_ctx *ctx = mem->dev->region->ctx;
	const struct timespec pause = {
		.tv_nsec = OFFLINE_PAUSE_MS * 1000000L,
	};
	char name[48];
	int rc = 0, try;

	for (try = 1; try <= OFFLINE_TRIES; try++) {
		block_attr(name, n, "state");
		rc = sysfs_attr_write(ctx, "offline", MEMORY_DIR, name);
		if (rc != -EBUSY)
			return rc;
		info(ctx, "%s: memory%llu: offline try %d of %d: %s\n",
		     mem->dev->devname, n, try, OFFLINE_TRIES, strerror(-rc));
		if (try < OFFLINE_TRIES)
			nanosleep(&pause, NULL);
	}
	return rc;
}

/* block @n's valid_zones into @buf, or "?" when it cannot be read */
static void block_zones(struct daxctl_memory *mem, unsigned long long n,
			char *buf, size_t len)
{
	char name[48];

	block_attr(name, n, "valid_zones");
	if (sysfs_attr_read(mem->dev->region->ctx, buf, len, MEMORY_DIR,
			    name) < 0)
		snprintf(buf, len, "?");
}

static void block_op(struct daxctl_memory *mem, unsigned long long n,
		     struct op_state *st)
{
	struct daxctl_ctx *ctx = mem->dev->region->ctx;
	char state[32], zones[64], name[48];
	int rc, removable;

	/* a count needs no state: one stat() of the block's directory */
	if (st->op == MEM_COUNT) {
		block_attr(name, n, NULL);
		if (sysfs_attr_exists(ctx, MEMORY_DIR, name))
			st->present++;
		return;
	}
	block_attr(name, n, "state");
	rc = sysfs_attr_read(ctx, state, sizeof(state), MEMORY_DIR, name);
	if (rc == -ENOENT)
		return;		/* not hot-added (or already removed) */
	if (rc < 0) {
		note_err(st, rc);
		return;
	}
	st->present++;

	switch (st->op) {
	case MEM_ONLINE:
	case MEM_ONLINE_NO_MOVABLE:
		if (strcmp(state, "offline") != 0)
			return;
		rc = sysfs_attr_write(ctx, st->op == MEM_ONLINE ?
				      "online_movable" : "online", MEMORY_DIR,
				      name);
		if (rc < 0) {
			err(ctx, "%s: memory%llu: online failed: %s\n",
			    mem->dev->devname, n, strerror(-rc));
			note_err(st, rc);
			return;
		}
		st->matched++;
		return;
	case MEM_OFFLINE:
		if (strcmp(state, "online") != 0)
			return;
		block_attr(name, n, "removable");
		if (sysfs_attr_int(ctx, &removable, MEMORY_DIR, name) < 0)
			removable = -1;
		if (removable == 0) {
			block_zones(mem, n, zones, sizeof(zones));
			err(ctx, "%s: memory%llu will not go offline: zone %s, removable 0 (not tried)\n",
			    mem->dev->devname, n, zones);
			note_err(st, -EBUSY);
			return;
		}
		rc = offline_block(mem, n);
		if (rc < 0) {
			/* an online block's zone: read only to say why */
			block_zones(mem, n, zones, sizeof(zones));
			err(ctx, "%s: memory%llu will not go offline: zone %s, removable %d, %s%s\n",
			    mem->dev->devname, n, zones, removable,
			    strerror(-rc), rc == -EBUSY ?
			    " after " OFFLINE_TRIES_STR " tries" : "");
			note_err(st, rc);
			return;
		}
		st->matched++;
		return;
	case MEM_COUNT_ONLINE:
		if (strcmp(state, "online") == 0)
			st->matched++;
		return;
	case MEM_COUNT:
		return;
	case MEM_IS_MOVABLE:
		/*
		 * An offline block has no zone yet: the answer is unknown,
		 * as upstream says (-ENXIO), and daxctl list leaves
		 * "movable" out.
		 */
		if (strcmp(state, "online") != 0) {
			note_err(st, -ENXIO);
			return;
		}
		block_attr(name, n, "valid_zones");
		rc = sysfs_attr_read(ctx, zones, sizeof(zones), MEMORY_DIR,
				     name);
		if (rc < 0 || strcmp(zones, "Movable") != 0)
			st->matched++;
		return;
	}
}

/*
 * The blocks kmem hot-adds for the range [@start, @end] (@end inclusive):
 * only those wholly inside it, as the kernel rounds the start up and the
 * end down to the block size. A block that only partly overlaps the range
 * belongs to other memory (boot RAM, another device) and is never touched.
 */
static int range_op(struct daxctl_memory *mem, unsigned long long start,
		    unsigned long long end, struct op_state *st)
{
	unsigned long long bs = mem->block_size;
	unsigned long long first = start / bs + (start % bs ? 1 : 0);
	unsigned long long last = end / bs;
	unsigned long long n;

	if (end < start)
		return 0;
	/* the block holding the last byte counts only if it ends there */
	if (end % bs != bs - 1) {
		if (last == 0)
			return 0;
		last--;
	}
	if (first > last)
		return 0;
	if (last - first >= MAX_BLOCKS) {
		err(mem->dev->region->ctx, "%s: implausible range %#llx-%#llx\n",
		    mem->dev->devname, start, end);
		return -EINVAL;
	}
	for (n = first; n <= last; n++)
		block_op(mem, n, st);
	return 0;
}

/*
 * Apply @op to every block the device's memory spans: each mapping's
 * range when the kernel lists mappings (the device may be discontiguous),
 * else [resource, resource + size - 1].
 */
static int memory_op(struct daxctl_memory *mem, enum memory_op op)
{
	struct op_state st = { .op = op };
	struct daxctl_mapping *m;
	struct daxctl_dev *dev;
	int rc = 0;

	if (!mem)
		return -EINVAL;
	dev = mem->dev;
	m = daxctl_mapping_get_first(dev);
	/* every block's attributes: one openat() below this */
	sysfs_dircache_set(dev->region->ctx, SYSFS_DIR_MEMORY, MEMORY_DIR,
			   NULL);
	if (m) {
		for (; m && !rc; m = daxctl_mapping_get_next(m))
			rc = range_op(mem, m->start, m->end, &st);
	} else {
		unsigned long long res = daxctl_dev_get_resource(dev);
		unsigned long long size = daxctl_dev_get_size(dev);

		if (!res || !size)
			return -ENXIO;
		if (res + size - 1 < res)
			return -EINVAL;
		rc = range_op(mem, res, res + size - 1, &st);
	}
	if (rc < 0)
		return rc;

	switch (op) {
	case MEM_ONLINE:
	case MEM_ONLINE_NO_MOVABLE:
	case MEM_OFFLINE:
		if (st.first_err)
			return st.first_err;
		if (!st.present) {
			err(dev->region->ctx, "%s: no memory blocks found\n",
			    dev->devname);
			return -ENXIO;
		}
		return st.matched;
	case MEM_COUNT_ONLINE:
		return st.first_err ? st.first_err : st.matched;
	case MEM_COUNT:
		return st.first_err ? st.first_err : st.present;
	case MEM_IS_MOVABLE:
		if (st.first_err)
			return st.first_err;
		return st.present && !st.matched;
	}
	return -EINVAL;
}

DAXCTL_EXPORT int daxctl_memory_online(struct daxctl_memory *mem)
{
	return memory_op(mem, MEM_ONLINE);
}

DAXCTL_EXPORT int daxctl_memory_online_no_movable(struct daxctl_memory *mem)
{
	return memory_op(mem, MEM_ONLINE_NO_MOVABLE);
}

DAXCTL_EXPORT int daxctl_memory_offline(struct daxctl_memory *mem)
{
	return memory_op(mem, MEM_OFFLINE);
}

DAXCTL_EXPORT int daxctl_memory_is_online(struct daxctl_memory *mem)
{
	return memory_op(mem, MEM_COUNT_ONLINE);
}

DAXCTL_EXPORT int daxctl_memory_num_sections(struct daxctl_memory *mem)
{
	return memory_op(mem, MEM_COUNT);
}

DAXCTL_EXPORT int daxctl_memory_is_movable(struct daxctl_memory *mem)
{
	return memory_op(mem, MEM_IS_MOVABLE);
}

/*
 * What kmem will make of @dev, checked before binding it: each range adds
 * its whole memory blocks only, and a device on no valid NUMA node is
 * rejected. The facts go to the log; -EINVAL (what the kernel would
 * answer) when nothing would be added, else 0.
 */
int daxctl_memory_ram_check(struct daxctl_dev *dev)
{
	struct daxctl_ctx *ctx = dev->region->ctx;
	unsigned long long bs, start, end, first, last, whole = 0, lost = 0;
	struct daxctl_mapping *m;
	int node;

	if (sysfs_read_int(ctx, &node, "%s/target_node", dev->path) < 0)
		err(ctx, "%s: no target_node attribute: this kernel's dax bus has no system-ram (kmem) support\n",
		    dev->devname);
	else if (node < 0) {
		err(ctx, "%s: target_node is %d: kmem rejects a device on no NUMA node\n",
		    dev->devname, node);
		return -EINVAL;
	}
	if (sysfs_read_hex(ctx, &bs, MEMORY_DIR "/block_size_bytes") < 0 ||
	    bs == 0)
		return 0;	/* no memory hotplug: the bind will say */

	m = daxctl_mapping_get_first(dev);
	start = daxctl_dev_get_resource(dev);
	end = start + daxctl_dev_get_size(dev) - 1;
	if (!m && (!start || !daxctl_dev_get_size(dev)))
		return 0;
	do {
		if (m) {
			start = m->start;
			end = m->end;
		}
		first = (start + bs - 1) / bs;
		last = (end + 1) / bs;	/* one past the last whole block */
		if (last > first) {
			whole += last - first;
			lost += first * bs - start + end + 1 - last * bs;
		} else {
			lost += end - start + 1;
		}
		if (first * bs != start || (end + 1) % bs)
			info(ctx, "%s: range %#llx-%#llx is not aligned to the memory block size %#llx\n",
			     dev->devname, start, end, bs);
	} while (m && (m = daxctl_mapping_get_next(m)));
	if (!whole) {
		err(ctx, "%s: no whole %#llx-byte memory block in its ranges: kmem would add nothing\n",
		    dev->devname, bs);
		return -EINVAL;
	}
	if (lost)
		info(ctx, "%s: %llu blocks will be added, %llu bytes at unaligned range ends will not\n",
		     dev->devname, whole, lost);
	return 0;
}
