/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * faketree: build fake /sys, /dev and /proc trees for the unit tests.
 *
 * A tree lives in a fresh temporary directory. Paths given to the helpers
 * are relative to that root ("sys/bus/dax/devices"); parent directories are
 * created as needed. Symlinks are always made relative, so that a tree works
 * both through DAXCTL_ROOT and bind-mounted on /sys in a mount namespace.
 *
 * The model helpers lay out what a 6.1 kernel shows: a region is the parent
 * device directory holding dax_region/, devices are its daxX.Y children,
 * linked from /sys/bus/dax/devices (bus model) or /sys/class/dax (legacy
 * class model, devices under <parent>/dax/), with dev, uevent, modalias,
 * subsystem and driver links, mappingN/ directories, memory blocks and
 * NUMA node links, and the /proc/iomem line of each device.
 */
#ifndef _FAKETREE_H_
#define _FAKETREE_H_

#include <stdbool.h>
#include <stdarg.h>

struct faketree {
	char *root;		/* absolute path of the temporary root */
};

/* Create an empty tree; does not touch the environment. NULL on error. */
struct faketree *ft_new(void);
/* Copy tests/fixtures/<name> into a new tree; NULL when it does not exist. */
struct faketree *ft_from_fixture(const char *name);
/* Remove the tree from disk and free it. NULL is ignored. */
void ft_free(struct faketree *ft);
/* setenv DAXCTL_ROOT to the tree (and clear DAXCTL_LOG). */
void ft_activate(struct faketree *ft);

/* Absolute path of a tree path, in a static rotating buffer. */
const char *ft_path(struct faketree *ft, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

int ft_mkdir(struct faketree *ft, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
/* Write (truncate) a file with @content, creating parents. */
int ft_write(struct faketree *ft, const char *path, const char *content);
int ft_writef(struct faketree *ft, const char *path, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
/* Whole file content (malloc'd, NUL terminated) or NULL. */
char *ft_read(struct faketree *ft, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
/* Relative symlink at @link (tree path) to @target (tree path). */
int ft_symlink(struct faketree *ft, const char *target, const char *link);
/* Symlink with a literal target (may dangle or be absolute). */
int ft_symlink_raw(struct faketree *ft, const char *target, const char *link);
/* rm -rf of a tree path. */
int ft_remove(struct faketree *ft, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
bool ft_exists(struct faketree *ft, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
/* Make an attribute refuse writes: replace it by a directory (EISDIR). */
int ft_make_unwritable(struct faketree *ft, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

/* ---- the model ---- */

#define FT_MIB (1ULL << 20)
#define FT_GIB (1ULL << 30)

/* /sys/bus/dax with device_dax and kmem drivers, memory and node roots. */
int ft_bus_init(struct faketree *ft);
/* ft_bus_init() and 128 MiB memory blocks, auto_online_blocks offline */
int ft_skeleton(struct faketree *ft);
/* /sys/class/dax (legacy model) */
int ft_class_init(struct faketree *ft);
/* memory block size (hex in block_size_bytes) and auto_online_blocks */
int ft_memory_init(struct faketree *ft, unsigned long long block_size,
		const char *auto_online);

struct ft_region {
	const char *parent;	/* under sys/devices, e.g. "platform/hmem.0" */
	int id;
	unsigned long long size;	/* 0: no size attribute */
	unsigned long align;		/* 0: no align attribute */
	bool dynamic;		/* available_size, seed, create, delete */
	unsigned long long available;
	int seed;		/* id of the seed device (dynamic) */
};
int ft_region_add(struct faketree *ft, const struct ft_region *r);

struct ft_dev {
	const char *parent;	/* region parent, as in ft_region */
	int region;		/* X of daxX.Y */
	int id;			/* Y */
	bool class_model;	/* <parent>/dax/daxX.Y linked from class/dax */
	unsigned long long size;
	unsigned long long resource;	/* 0: no resource attribute */
	bool iomem;		/* add a /proc/iomem line for the device */
	unsigned long align;	/* 0: no align attribute */
	int target_node;	/* < 0: no target_node attribute */
	int numa_node;
	int major, minor;
	const char *driver;	/* NULL: unbound; "device_dax", "kmem"... */
	bool dynamic;		/* a writable mapping attribute */
};
/* Tree path of the device directory, e.g. "sys/devices/platform/hmem.0/dax0.0" */
const char *ft_dev_path(const struct ft_dev *d);
int ft_dev_add(struct faketree *ft, const struct ft_dev *d);
int ft_dev_bind(struct faketree *ft, const struct ft_dev *d, const char *drv);
int ft_dev_unbind(struct faketree *ft, const struct ft_dev *d);
/* mapping<idx>/{start,end,page_offset} (hex, page_offset in pages) */
int ft_mapping_add(struct faketree *ft, const struct ft_dev *d, int idx,
		unsigned long long start, unsigned long long end,
		unsigned long long page_offset);
/*
 * A bus-model device the short way: daxR.I under @parent with dev
 * 252:(R * 16 + I), target and NUMA node @node, its resource, and when
 * @size > 0 one mapping covering it and its /proc/iomem line; bound to
 * @driver (NULL: unbound); a mapping attribute when the region is dynamic.
 */
int ft_dev_simple(struct faketree *ft, const char *parent, int region, int id,
		unsigned long long size, unsigned long long resource,
		const char *driver, unsigned long align, int node);

/*
 * @count memory blocks starting at block number @first, on @node (link from
 * node<node>/ when node >= 0), with @state ("online"/"offline"), valid_zones
 * and removable.
 */
int ft_memblocks_add(struct faketree *ft, unsigned long long first,
		int count, int node, const char *state,
		const char *valid_zones, int removable);
/* One more /proc/iomem line (after a "Reserved" one in a new file). */
int ft_iomem_add(struct faketree *ft, int depth, unsigned long long start,
		unsigned long long end, const char *name);

/*
 * Canned trees, also built by faketree-gen for the shell tests (the tool
 * tests and both differential tests). Each returns 0 or a negative errno.
 *
 *  hmem:   dynamic region hmem.0 (id 0, 4 GiB at 0x140000000, align 2M)
 *          with dax0.0 (2 GiB, devdax, two mappings) and the seed dax0.1
 *          (size 0, unbound); static region region1 (pmem, id 1) under
 *          ndbus0 with dax1.0 (1 GiB, devdax, one mapping).
 *  kmem:   hmem.0 (4 GiB at 0x140000000, node 1, block size 128 MiB)
 *          among the unrelated online blocks 0..15 of node 0:
 *          dax0.0 kmem, 1 GiB, blocks 40..47 online Movable;
 *          dax0.1 kmem, 256 MiB at 0x1c0000000, blocks 56..57 online
 *          Normal (removable 0); dax0.2 unbound 256 MiB at 0x200000000;
 *          dax0.3 the seed (size 0).
 *  class:  the legacy model: /sys/class/dax/dax0.0 (2 GiB - 8 MiB, no
 *          align attribute) under the region platform/e820/ndbus0/region0/dax0.0.
 *  nomem:  a root with /sys but no dax at all.
 *  hmem-idle:  ft_skeleton(), dynamic region hmem.0 (id 0, 4 GiB, 2 GiB
 *          available, align 2M), all on node 1: dax0.0 1 GiB devdax at
 *          0x240000000, dax0.1 1 GiB unbound at 0x280000000, the seed
 *          dax0.2 (size 0).
 *  kmem-pmem:  like hmem-idle, but dax0.0 is on kmem with its blocks
 *          72..79 online Movable, dax0.1 is on device_dax, and a static
 *          region1 (LNXSYSTM:00/ndbus0, 2 GiB, node 0) has dax1.0 2 GiB
 *          devdax at 0x340000000 without an align attribute.
 *  mixed:  hmem.3 (id 3, 8 TiB, 1 TiB available, align 4K, node 2):
 *          dax3.0 5000 KiB devdax, dax3.1 3 TiB devdax with a second 4 KiB
 *          mapping, dax3.2 256 MiB kmem (memory96 online Normal, memory97
 *          offline), dax3.3 4 KiB unbound.
 */
int ft_build(struct faketree *ft, const char *name);
extern const char *const ft_tree_names[];

#endif /* _FAKETREE_H_ */
