// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * Mappings: the physical ranges (mappingN/{start,end,page_offset}) a
 * device is assembled from, in index order.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "libdaxctl-private.h"
#include "sysfs.h"

/* "mapping<index>/<attr>" into @buf (at least 48 bytes) */
static void mapping_attr(char *buf, int index, const char *attr)
{
	char digits[12];
	int n = 0;
	unsigned int v = (unsigned int)index;

	do {
		digits[n++] = (char)('0' + v % 10);
		v /= 10;
	} while (v);
	memcpy(buf, "mapping", 7);
	buf += 7;
	while (n)
		*buf++ = digits[--n];
	*buf++ = '/';
	strcpy(buf, attr);
}

static int read_mapping(struct daxctl_dev *dev, int index,
			unsigned long long *start, unsigned long long *end,
			unsigned long long *pgoff)
{
	struct daxctl_ctx *ctx = dev->region->ctx;
	char name[48];
	int rc;

	if (dev->region->devs_path)
		sysfs_dircache_set(ctx, SYSFS_DIR_DEVS, dev->region->devs_path,
				   dev->region);
	mapping_attr(name, index, "start");
	/* past mapping0, a missing one is the end of the list */
	rc = index ? sysfs_attr_u64_next(ctx, start, dev->path, name) :
		     sysfs_attr_u64(ctx, start, dev->path, name);
	if (rc < 0)
		return rc;
	mapping_attr(name, index, "end");
	rc = sysfs_attr_u64(ctx, end, dev->path, name);
	if (rc < 0)
		return rc;
	mapping_attr(name, index, "page_offset");
	rc = sysfs_attr_u64(ctx, pgoff, dev->path, name);
	if (rc < 0)
		return rc;
	if (*end < *start) {
		dbg(ctx, "%s: mapping%d ends before it starts\n", dev->devname,
		    index);
		return -EINVAL;
	}
	return 0;
}

/* a mapping reaching past the size the device was read with */
static bool mapping_fits(unsigned long long size, unsigned long long start,
			 unsigned long long end, unsigned long long pgoff,
			 unsigned long long *sum)
{
	unsigned long long len = end - start + 1;

	if (len > size || pgoff > (size - len) / 4096 || *sum > size - len)
		return false;
	*sum += len;
	return true;
}

/*
 * Read mapping0.. up to the first missing or unreadable one into @dev.
 * Entries are updated in place by index, so a handle keeps meaning
 * "mapping N". Returns how many were read, or -ENOMEM; *fit is how many
 * of the first ones fit the device's size, *sig a digest of what was read
 * (to tell two reads of the same values from two different ones).
 */
static int mappings_read(struct daxctl_dev *dev, int *fit,
			 unsigned long long *sig)
{
	struct daxctl_mapping *m, *cur;
	unsigned long long sum = 0;
	bool fits = true;
	int index = 0;

	*fit = 0;
	*sig = 14695981039346656037ULL;
	cur = list_first_entry_or_null(&dev->mappings, struct daxctl_mapping,
				       list);
	for (;;) {
		unsigned long long start, end, pgoff;

		if (read_mapping(dev, index, &start, &end, &pgoff) < 0)
			break;
		*sig = (*sig ^ start) * 1099511628211ULL;
		*sig = (*sig ^ end) * 1099511628211ULL;
		*sig = (*sig ^ pgoff) * 1099511628211ULL;
		if (fits && !mapping_fits(dev->size, start, end, pgoff, &sum))
			fits = false;
		if (!cur) {
			m = calloc(1, sizeof(*m));
			if (!m)
				return -ENOMEM;
			m->dev = dev;
			m->index = index;
			list_add_tail(&dev->mappings, &m->list);
		} else {
			m = cur;
			cur = list_next_entry_or_null(&dev->mappings, cur,
						      list);
		}
		m->start = start;
		m->end = end;
		m->pgoff = pgoff;
		index++;
		if (fits)
			*fit = index;
	}
	*sig ^= (unsigned long long)index;
	return index;
}

/* how often a tree changing under the walk is read again */
#define MAPPING_RETRIES 8

/* the size is still the one given out (daxctl_dev_get_size) */
static bool size_unchanged(struct daxctl_dev *dev)
{
	unsigned long long size;

	return sysfs_read_u64(dev->region->ctx, &size, "%s/size",
			      dev->path) == 0 && size == dev->size;
}

/*
 * Re-read the device's mappings. They must fit the size the caller was
 * given (daxctl_dev_get_size): no mapping reaching past it, their sizes
 * adding up to no more. A tree that changes while it is read (a resize
 * between the size and the mappings) can break that: the mappings are
 * read again, a few times. Mappings that do not fit are kept as read only
 * when that is what the kernel shows: the size was the same just before
 * and just after two reads in a row that gave the same mappings. Otherwise
 * only the first ones that fit stay in the walk, so that a listed object
 * is never inconsistent. Mappings past the new end stay allocated (handles
 * stay valid) but leave the walk. Returns how many are in the walk, or
 * -ENOMEM.
 */
int daxctl_mappings_refresh(struct daxctl_dev *dev)
{
	struct daxctl_ctx *ctx = dev->region->ctx;
	struct daxctl_mapping *cur, *next;
	unsigned long long sig, last_sig = 0;
	int try, n = 0, keep = 0, stable = 0;
	bool before;

	dev->mappings_init = true;
	for (try = 0; try <= MAPPING_RETRIES; try++) {
		/*
		 * The first read is not bracketed: when its mappings fit, as
		 * they do unless the tree changes under the walk, the size
		 * needs no second read (3 syscalls a device in a listing).
		 */
		before = try > 0 && size_unchanged(dev);
		n = mappings_read(dev, &keep, &sig);
		if (n < 0)
			return n;
		if (keep == n)
			break;
		if (before && size_unchanged(dev))
			stable = (stable && sig == last_sig) ? 2 : 1;
		else
			stable = 0;
		last_sig = sig;
		if (stable == 2) {
			keep = n;
			break;
		}
	}
	if (keep < n)
		dbg(ctx, "%s: the device changed while read: %d of %d mappings fit the size %llu\n",
		    dev->devname, keep, n, dev->size);
	/* whatever was not refilled, or does not fit, is gone */
	cur = list_first_entry_or_null(&dev->mappings, struct daxctl_mapping,
				       list);
	while (cur && cur->index < keep)
		cur = list_next_entry_or_null(&dev->mappings, cur, list);
	while (cur) {
		next = list_next_entry_or_null(&dev->mappings, cur, list);
		cur->dead = true;
		list_del(&cur->list);
		list_add_tail(&dev->dead_mappings, &cur->list);
		cur = next;
	}
	return keep;
}

void daxctl_mappings_free(struct daxctl_dev *dev)
{
	struct daxctl_mapping *m, *next;

	list_for_each_safe(&dev->mappings, m, next, list) {
		list_del(&m->list);
		free(m);
	}
	list_for_each_safe(&dev->dead_mappings, m, next, list) {
		list_del(&m->list);
		free(m);
	}
}

DAXCTL_EXPORT struct daxctl_mapping *daxctl_mapping_get_first(
		struct daxctl_dev *dev)
{
	if (!dev)
		return NULL;
	if (!dev->mappings_init)
		daxctl_mappings_refresh(dev);
	return list_first_entry_or_null(&dev->mappings, struct daxctl_mapping,
					list);
}

DAXCTL_EXPORT struct daxctl_mapping *daxctl_mapping_get_next(
		struct daxctl_mapping *mapping)
{
	if (!mapping || mapping->dead)
		return NULL;
	return list_next_entry_or_null(&mapping->dev->mappings, mapping, list);
}

DAXCTL_EXPORT unsigned long long daxctl_mapping_get_start(
		struct daxctl_mapping *mapping)
{
	return mapping ? mapping->start : 0;
}

DAXCTL_EXPORT unsigned long long daxctl_mapping_get_end(
		struct daxctl_mapping *mapping)
{
	return mapping ? mapping->end : 0;
}

DAXCTL_EXPORT unsigned long long daxctl_mapping_get_offset(
		struct daxctl_mapping *mapping)
{
	return mapping ? mapping->pgoff : 0;
}

DAXCTL_EXPORT unsigned long long daxctl_mapping_get_size(
		struct daxctl_mapping *mapping)
{
	return mapping ? mapping->end - mapping->start + 1 : 0;
}
