// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * Shared helpers of the cmocka unit tests (see helpers.h).
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "helpers.h"

void logcap_fn(struct daxctl_ctx *ctx, int priority, const char *file,
		int line, const char *fn, const char *format, va_list args)
{
	struct logcap *cap = daxctl_get_userdata(ctx);
	size_t used;

	(void)file;
	(void)line;
	if (!cap)
		return;
	cap->count++;
	cap->last_priority = priority;
	snprintf(cap->last_fn, sizeof(cap->last_fn), "%s", fn ? fn : "");
	vsnprintf(cap->last, sizeof(cap->last), format, args);
	used = strlen(cap->all);
	if (used < sizeof(cap->all) - 1)
		snprintf(cap->all + used, sizeof(cap->all) - used, "%s",
				cap->last);
}

void logcap_reset(struct logcap *cap)
{
	memset(cap, 0, sizeof(*cap));
}

struct env_priv {
	struct env env;
	struct logcap cap;
};

static struct env *env_alloc(struct faketree *ft)
{
	struct env_priv *p;

	if (!ft)
		return NULL;
	p = calloc(1, sizeof(*p));
	if (!p) {
		ft_free(ft);
		return NULL;
	}
	p->env.ft = ft;
	return &p->env;
}

struct env *env_new(const char *tree)
{
	struct faketree *ft = ft_new();
	struct env *env;

	if (!ft)
		return NULL;
	if (tree && ft_build(ft, tree) != 0) {
		ft_free(ft);
		return NULL;
	}
	env = env_alloc(ft);
	return env;
}

struct env *env_fixture(const char *name)
{
	return env_alloc(ft_from_fixture(name));
}

struct logcap *env_log(struct env *env)
{
	return &((struct env_priv *)env)->cap;
}

struct daxctl_ctx *env_ctx(struct env *env)
{
	struct daxctl_ctx *ctx = NULL;
	int rc;

	daxctl_unref(env->ctx);
	env->ctx = NULL;
	ft_activate(env->ft);
	rc = daxctl_new(&ctx);
	if (rc < 0 || !ctx)
		return NULL;
	logcap_reset(env_log(env));
	daxctl_set_userdata(ctx, env_log(env));
	daxctl_set_log_fn(ctx, logcap_fn);
	env->ctx = ctx;
	return ctx;
}

void env_free(struct env *env)
{
	if (!env)
		return;
	daxctl_unref(env->ctx);
	ft_free(env->ft);
	unsetenv("DAXCTL_ROOT");
	free(env);
}

static int setup_tree(void **state, const char *tree)
{
	struct env *env = env_new(tree);

	if (!env)
		return -1;
	if (!env_ctx(env)) {
		env_free(env);
		return -1;
	}
	*state = env;
	return 0;
}

int setup_hmem(void **state)
{
	return setup_tree(state, "hmem");
}

int setup_kmem(void **state)
{
	return setup_tree(state, "kmem");
}

int setup_class(void **state)
{
	return setup_tree(state, "class");
}

int setup_empty(void **state)
{
	return setup_tree(state, NULL);
}

int teardown_env(void **state)
{
	env_free(*state);
	*state = NULL;
	return 0;
}

struct daxctl_region *find_region(struct daxctl_ctx *ctx, int id)
{
	struct daxctl_region *region;

	daxctl_region_foreach(ctx, region)
		if (daxctl_region_get_id(region) == id)
			return region;
	return NULL;
}

struct daxctl_dev *find_dev(struct daxctl_ctx *ctx, const char *devname)
{
	struct daxctl_region *region;
	struct daxctl_dev *dev;

	daxctl_region_foreach(ctx, region)
		daxctl_dev_foreach(region, dev)
			if (strcmp(daxctl_dev_get_devname(dev), devname) == 0)
				return dev;
	return NULL;
}

int count_regions(struct daxctl_ctx *ctx)
{
	struct daxctl_region *region;
	int n = 0;

	daxctl_region_foreach(ctx, region)
		n++;
	return n;
}

int count_devs(struct daxctl_region *region)
{
	struct daxctl_dev *dev;
	int n = 0;

	daxctl_dev_foreach(region, dev)
		n++;
	return n;
}

int count_mappings(struct daxctl_dev *dev)
{
	struct daxctl_mapping *m;
	int n = 0;

	daxctl_mapping_foreach(dev, m)
		n++;
	return n;
}

const char *file_str(struct faketree *ft, const char *path)
{
	static char buf[4096];
	char *s = ft_read(ft, "%s", path);
	size_t len;

	buf[0] = '\0';
	if (!s)
		return buf;
	snprintf(buf, sizeof(buf), "%s", s);
	free(s);
	len = strlen(buf);
	if (len && buf[len - 1] == '\n')
		buf[len - 1] = '\0';
	return buf;
}

void assert_file_prefix(struct faketree *ft, const char *path,
		const char *expect)
{
	char *s = ft_read(ft, "%s", path);

	if (!s)
		fail_msg("%s: cannot read", path);
	if (strncmp(s, expect, strlen(expect)) != 0) {
		char got[256];

		snprintf(got, sizeof(got), "%s", s);
		free(s);
		fail_msg("%s: expected \"%s...\", got \"%s\"", path, expect,
				got);
	}
	free(s);
}
