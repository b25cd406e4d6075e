/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * stress: what the "tree changes under the walk" tests share (stress.c):
 * the tree, the mutations a second process or thread makes to it, the
 * library walk with its consistency checks, and the check of the tool's
 * JSON.
 *
 * The tree: a dynamic region hmem.0 (id 0, 4 GiB at 0x140000000, 128 MiB
 * memory blocks) whose devices live in 8 slots of 512 MiB (slot i at
 * 0x140000000 + i * 512 MiB, blocks 40 + 4i ..), and a static region
 * region1 with one device. The mutations keep the invariants the kernel
 * keeps at every instant (a mapping never reaches past its device's size,
 * available_size never above the region size) and break everything else:
 * devices appear, vanish and are renamed while being read, mappings and
 * memory blocks are added, removed and renamed, attributes are rewritten
 * with garbage or truncated, /proc/iomem is rewritten.
 */
#ifndef _STRESS_H_
#define _STRESS_H_

#include <stdbool.h>
#include <stddef.h>

#include "faketree.h"

#define STRESS_SLOTS 8
#define STRESS_BASE 0x140000000ULL
#define STRESS_SLOT_SIZE (512 * FT_MIB)
#define STRESS_BLOCK (128 * FT_MIB)

struct stress_stats {
	unsigned long regions, devs, mappings, memories, blocks;
};

/* the starting tree; 0 or a negative errno */
/* CLOCK_MONOTONIC in seconds */
double stress_now(void);
/* the number in environment variable @name, or @def */
unsigned long stress_env_ul(const char *name, unsigned long def);
int stress_tree_build(struct faketree *ft);

/* one random mutation of the tree; returns its kind (for counting) */
int stress_mutate(struct faketree *ft, unsigned int *seed);
#define STRESS_NKINDS 14
extern const char *const stress_kind_names[STRESS_NKINDS];

/*
 * One full walk through the library on a new context (DAXCTL_ROOT must
 * name the tree): every region, device, mapping and memory getter, and
 * the checks. 0 when consistent, else -1 with a description in @why.
 */
int stress_walk(struct stress_stats *st, char *why, size_t len);

/*
 * The tool's output for "list -RDMi": valid JSON (json-c, the whole text),
 * and every object consistent. 0, or -1 with @why.
 */
int stress_check_json(const char *text, char *why, size_t len);

#endif /* _STRESS_H_ */
