/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * fakekernel: make a fake tree answer writes the way Linux 6.1's device-dax
 * does (the kernel facts of tests/vm/README.md and the spec's section 4).
 *
 * write(2) is interposed. While a tree is attached, every write to a file
 * under it is recorded, may be refused with an errno, and, with simulation
 * on, acts on the tree instead of landing in the file:
 *
 *  drivers/<drv>/bind            bind the named device: the driver link and
 *                                the driver's link back (ENODEV: no such
 *                                device, EBUSY: bound, ENXIO: size 0)
 *  drivers/<drv>/new_id          bind it when it can be bound; never fails
 *                                (the kernel ignores the probe's answer)
 *  drivers/<drv>/unbind          unbind (ENODEV unless bound to <drv>);
 *                                <dev>/driver/unbind resolves there
 *  drivers/<drv>/remove_id       accepted, nothing else
 *  kmem binding                  adds the blocks wholly inside the
 *                                device's ranges (state from
 *                                auto_online_blocks) on its target node;
 *                                EINVAL (and unbound) when no range holds a
 *                                whole block or the target node is
 *                                negative; unbinding leaves them as they
 *                                are (the kernel removes offline ones: not
 *                                modelled, handles of the tests survive)
 *  dax_region/create             "1" only (EINVAL), ENOSPC when nothing is
 *                                available; adds daxX.<lowest free id>
 *                                (size 0) and makes it the seed
 *  dax_region/delete             removes the device (ENODEV: none; EBUSY:
 *                                daxX.0, bound, or size != 0)
 *  daxX.Y/size                   EINVAL unless a multiple of the device's
 *                                align and of 2 MiB, EBUSY while bound,
 *                                ENOSPC past available_size; the mappings
 *                                shrink from the end or the last one grows
 *                                (mapping0 at resource when there is none),
 *                                available_size follows
 *  daxX.Y/align                  4K, 2M or 1G (EINVAL), EBUSY while bound
 *  daxX.Y/mapping                "start-end" (hex; EINVAL), EBUSY while
 *                                bound, ENOSPC past available_size: a new
 *                                mappingN, size and available_size follow
 *  daxX.Y/memmap_on_memory       boolean; EOPNOTSUPP to set it unless
 *                                sys/module/memory_hotplug/parameters/
 *                                memmap_on_memory is Y, EBUSY to change it
 *                                while on kmem
 *  memoryN/state                 online (the first of valid_zones),
 *                                online_kernel (Normal), online_movable
 *                                (Movable): EINVAL when online already or
 *                                the zone is not in valid_zones; offline
 *                                (EINVAL when offline, EBUSY when
 *                                removable is 0); anything else EINVAL
 *
 * Any other write under the tree stores the value, as an attribute would.
 * Without simulation every write lands in the file as usual (recorded).
 *
 * Two ways to drive it, from the same source:
 *  - linked into a test program: fk_attach() and the functions below;
 *  - as the LD_PRELOAD shim tests/lib/fakekernel.so, from the environment,
 *    read at the first write:
 *      FAKEKERNEL_ROOT=DIR           the tree (attached with simulation)
 *      FAKEKERNEL_SIMULATE=0         record and refuse only
 *      FAKEKERNEL_STATE_DELAY_US=N   sleep N us in each memoryN/state write
 *      FAKEKERNEL_FAIL=SUFFIX[@VALUE]=ERRNO[,...]
 *                                    refuse writes to paths ending in SUFFIX
 *                                    (of VALUE only, with @VALUE)
 *      FAKEKERNEL_LOG=FILE           the log (default DIR/writes.log)
 *      FAKEKERNEL_ROOT=/             the tree is what is mounted on /sys
 *      FAKEKERNEL_SYS=1              the tree's sys/ is mounted on /sys (a
 *                                    private mount namespace): writes to
 *                                    /sys/... act on the tree too, so that
 *                                    any program and library is served
 *    and every write is appended to DIR/writes.log as "/sys/... VALUE".
 */
#ifndef _FAKEKERNEL_H_
#define _FAKEKERNEL_H_

#include <stdbool.h>

#include "faketree.h"

struct fk_write {
	char path[256];		/* tree-relative, e.g. "sys/bus/dax/..." */
	char val[128];		/* trailing newlines dropped */
};

void fk_attach(struct faketree *ft, bool simulate);
void fk_detach(void);
/* Refuse writes to paths ending in @suffix with @err (positive errno);
 * replaces any earlier rule. */
void fk_fail(const char *suffix, int err);
void fk_clear_fail(void);

int fk_count(void);
const struct fk_write *fk_get(int i);
/* The last value written to a path ending in @suffix, or NULL. */
const char *fk_written(const char *suffix);
/* How many writes went to paths ending in @suffix. */
int fk_count_writes(const char *suffix);
void fk_reset_log(void);
/* The attached tree, or NULL. */
struct faketree *fk_tree(void);
/* How many writes the log could not keep (it holds the first 1024). */
int fk_lost(void);

#endif /* _FAKEKERNEL_H_ */
