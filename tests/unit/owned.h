/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * Nothing outside the device is touched: every state-changing library
 * call a unit test makes is checked against the fake kernel's write log
 * (tests/lib/fakekernel.h). Included from helpers.h, the macros below
 * replace each such call by: a snapshot of the tree's devices, the call,
 * then a check that every write logged during it is owned by what the
 * call acted on; an unowned write fails the test with the line and the
 * reason. The rules are those of tests/lib/check-writes.py. A write is
 * owned when it goes to
 *  - the directory of a target device (mappings included);
 *  - its region's dax_region/create (daxctl_region_create_dev only) or
 *    dax_region/delete naming a target (daxctl_region_destroy_dev only);
 *  - a dax driver's bind, unbind, new_id or remove_id naming a target;
 *  - a memory block wholly inside a target's ranges (its mappings, else
 *    resource + size, before or after the call).
 * Targets: the device of the call (of the memory, for daxctl_memory_*);
 * for daxctl_region_create_dev, the region's seed before the call and the
 * devices that appeared in it.
 *
 * When no fake kernel is attached, the call is run with one attached for
 * its duration (record only: writes land in the files as usual), on the
 * tree the ctx reads. Wrapped calls are serialized by a mutex. Each binary
 * prints "# write ownership: N calls, every write owned" at exit.
 * Define OWNED_NO_WRAP before including helpers.h to get the bare calls.
 */
#ifndef _TEST_OWNED_H_
#define _TEST_OWNED_H_

#include <stdbool.h>
#include <stddef.h>

#include <daxctl/libdaxctl.h>

enum wo_kind {
	WO_DEV,		/* acts on one device */
	WO_CREATE,	/* daxctl_region_create_dev */
	WO_DESTROY,	/* daxctl_region_destroy_dev */
};

struct wo_call;

/* Snapshot before a call on @dev (or @region for WO_CREATE). */
struct wo_call *wo_begin(const char *what, enum wo_kind kind,
		struct daxctl_region *region, struct daxctl_dev *dev);
/* How many writes since wo_begin() are not owned; the first reasons in
 * @msg. -1 when the log lost writes (not checkable). */
int wo_check(struct wo_call *call, char *msg, size_t len);
/* Ends the call (also when @call is NULL: nothing to check). */
void wo_free(struct wo_call *call);
/* wo_check(), count the call, wo_free(); fail the test on an unowned
 * write. */
void wo_end(struct wo_call *call, const char *file, int line);
/* Calls checked so far in this process. */
int wo_calls(void);
/* For the test of the checker itself: while on, an unowned write does
 * not fail the test; wo_unowned() says how many the last call made. */
void wo_expect_unowned(bool on);
int wo_unowned(void);

#define WO_CALL(fn, kind, region, dev, call) ({			\
	struct wo_call *wo_c_ = wo_begin(#fn, kind, region, dev);	\
	int wo_rc_ = call;						\
	wo_end(wo_c_, __FILE__, __LINE__);				\
	wo_rc_;								\
})

#define WO_DEV1(fn, d) ({						\
	struct daxctl_dev *wo_d_ = (d);					\
	WO_CALL(fn, WO_DEV, NULL, wo_d_, fn(wo_d_));			\
})

#define WO_MEM1(fn, m) ({						\
	struct daxctl_memory *wo_m_ = (m);				\
	WO_CALL(fn, WO_DEV, NULL,					\
		wo_m_ ? daxctl_memory_get_dev(wo_m_) : NULL, fn(wo_m_));\
})

#ifndef OWNED_NO_WRAP
#define daxctl_dev_enable_devdax(d) WO_DEV1(daxctl_dev_enable_devdax, d)
#define daxctl_dev_enable_ram(d) WO_DEV1(daxctl_dev_enable_ram, d)
#define daxctl_dev_enable_famfs(d) WO_DEV1(daxctl_dev_enable_famfs, d)
#define daxctl_dev_disable(d) WO_DEV1(daxctl_dev_disable, d)
#define daxctl_memory_online(m) WO_MEM1(daxctl_memory_online, m)
#define daxctl_memory_online_no_movable(m) \
	WO_MEM1(daxctl_memory_online_no_movable, m)
#define daxctl_memory_offline(m) WO_MEM1(daxctl_memory_offline, m)
#define daxctl_dev_set_size(d, v) ({					\
	struct daxctl_dev *wo_d_ = (d);					\
	WO_CALL(daxctl_dev_set_size, WO_DEV, NULL, wo_d_,		\
		daxctl_dev_set_size(wo_d_, v));				\
})
#define daxctl_dev_set_align(d, v) ({					\
	struct daxctl_dev *wo_d_ = (d);					\
	WO_CALL(daxctl_dev_set_align, WO_DEV, NULL, wo_d_,		\
		daxctl_dev_set_align(wo_d_, v));			\
})
#define daxctl_dev_set_mapping(d, s, e) ({				\
	struct daxctl_dev *wo_d_ = (d);					\
	WO_CALL(daxctl_dev_set_mapping, WO_DEV, NULL, wo_d_,		\
		daxctl_dev_set_mapping(wo_d_, s, e));			\
})
#define daxctl_region_create_dev(r) ({					\
	struct daxctl_region *wo_r_ = (r);				\
	WO_CALL(daxctl_region_create_dev, WO_CREATE, wo_r_, NULL,	\
		daxctl_region_create_dev(wo_r_));			\
})
#define daxctl_region_destroy_dev(r, d) ({				\
	struct daxctl_region *wo_r_ = (r);				\
	struct daxctl_dev *wo_d_ = (d);					\
	WO_CALL(daxctl_region_destroy_dev, WO_DESTROY, wo_r_, wo_d_,	\
		daxctl_region_destroy_dev(wo_r_, wo_d_));		\
})
#endif

#endif /* _TEST_OWNED_H_ */
