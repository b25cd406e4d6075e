/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * Shared helpers of the cmocka unit tests: a ctx on a fake tree, lookups
 * by name, and a log function that records what the library said.
 */
#ifndef _TEST_HELPERS_H_
#define _TEST_HELPERS_H_

#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <daxctl/libdaxctl.h>

#include "faketree.h"
#include "owned.h"

/* What a test works on; cmocka state of most tests. */
struct env {
	struct faketree *ft;
	struct daxctl_ctx *ctx;
};

/*
 * A log capture attached (as userdata) to a ctx by env_ctx(): every message
 * the library logs lands here instead of stderr.
 */
struct logcap {
	int count;
	int last_priority;
	char last_fn[64];
	char last[512];
	char all[4096];		/* every message, truncated */
};

void logcap_fn(struct daxctl_ctx *ctx, int priority, const char *file,
		int line, const char *fn, const char *format, va_list args);
void logcap_reset(struct logcap *cap);

/* A new env on a canned tree ("hmem", "kmem", ...) or an empty tree. */
struct env *env_new(const char *tree);
/* A new env on a copy of tests/fixtures/<name>; NULL when absent. */
struct env *env_fixture(const char *name);
/* Create (or re-create) env->ctx on env->ft, with log capture. */
struct daxctl_ctx *env_ctx(struct env *env);
struct logcap *env_log(struct env *env);
void env_free(struct env *env);

/* cmocka setup/teardown for the canned trees */
int setup_hmem(void **state);
int setup_kmem(void **state);
int setup_class(void **state);
int setup_empty(void **state);
int teardown_env(void **state);

struct daxctl_region *find_region(struct daxctl_ctx *ctx, int id);
struct daxctl_dev *find_dev(struct daxctl_ctx *ctx, const char *devname);
int count_regions(struct daxctl_ctx *ctx);
int count_devs(struct daxctl_region *region);
int count_mappings(struct daxctl_dev *dev);

/* Assert that a fake attribute file starts with @expect. */
void assert_file_prefix(struct faketree *ft, const char *path,
		const char *expect);
/* The file content without a trailing newline, or "" (static buffer). */
const char *file_str(struct faketree *ft, const char *path);


#endif /* _TEST_HELPERS_H_ */
