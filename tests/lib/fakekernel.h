/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * fakekernel: make a fake tree answer writes the way the kernel does.
 *
 * The test binary interposes write(2) (the library's writes resolve to it
 * first). While a tree is attached, every write to a file under it is
 * recorded, may be refused with an errno (fk_fail), and, with simulation
 * on, acts on the tree instead of landing in the file:
 *
 *  drivers/<drv>/new_id, bind   bind the named device (bind: EBUSY if bound)
 *  drivers/<drv>/unbind         unbind the named device (<dev>/driver/unbind
 *                               resolves there); remove_id is only recorded
 *  dax_region/create            add daxX.<next> (size 0) and make it the seed
 *  dax_region/delete            remove the device (EBUSY: daxX.0, bound,
 *                               or size != 0)
 *  <dev>/size, align            store the value in decimal (EBUSY if bound)
 *  <dev>/mapping                add mapping<N> for "start-end"
 *  memory<N>/state              "online*" -> online (valid_zones Movable for
 *                               online_movable, Normal otherwise),
 *                               "offline" -> offline
 *
 * Without simulation the write lands in the file as usual (recorded).
 */
#ifndef _FAKEKERNEL_H_
#define _FAKEKERNEL_H_

#include <stdbool.h>

#include "faketree.h"

struct fk_write {
	char path[256];		/* tree-relative, e.g. "sys/bus/dax/..." */
	char val[128];
};

void fk_attach(struct faketree *ft, bool simulate);
void fk_detach(void);
/* Refuse writes to paths ending in @suffix with @err (positive errno). */
void fk_fail(const char *suffix, int err);
void fk_clear_fail(void);

int fk_count(void);
const struct fk_write *fk_get(int i);
/* The last value written to a path ending in @suffix, or NULL. */
const char *fk_written(const char *suffix);
/* How many writes went to paths ending in @suffix. */
int fk_count_writes(const char *suffix);
void fk_reset_log(void);

#endif /* _FAKEKERNEL_H_ */
