// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * The library context: logging, configuration, the sysfs root, and the
 * list of regions everything else hangs from.
 */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <libkmod.h>

#include "libdaxctl-private.h"
#include "sysfs.h"

/* configure --with-daxctl-confdir; Debian's libdaxctl: /etc/daxctl.conf.d */
#ifndef DAXCTL_CONF_DIR
#define DAXCTL_CONF_DIR "/etc/daxctl.conf.d"
#endif

static const char *get_env(const char *name)
{
#if defined(HAVE_SECURE_GETENV)
	return secure_getenv(name);
#elif defined(HAVE___SECURE_GETENV)
	return __secure_getenv(name);
#else
	/* refuse the override in set-id programs rather than trust it */
	if (getuid() != geteuid() || getgid() != getegid())
		return NULL;
	return getenv(name);
#endif
}

void daxctl_log(struct daxctl_ctx *ctx, int priority, const char *file,
		int line, const char *fn, const char *format, ...)
{
	va_list args;

	va_start(args, format);
	ctx->log_fn(ctx, priority, file, line, fn, format, args);
	va_end(args);
}

static void log_stderr(struct daxctl_ctx *ctx, int priority, const char *file,
		       int line, const char *fn, const char *format,
		       va_list args)
{
	fprintf(stderr, "libdaxctl: %s: ", fn);
	vfprintf(stderr, format, args);
}

static int log_priority_from_string(const char *s)
{
	static const struct {
		const char *name;
		int prio;
	} names[] = {
		{ "err", LOG_ERR },
		{ "notice", LOG_NOTICE },
		{ "info", LOG_INFO },
		{ "debug", LOG_DEBUG },
	};
	unsigned int i;
	int prio;

	if (parse_int(s, &prio) == 0)
		return prio;
	for (i = 0; i < ARRAY_SIZE(names); i++)
		if (strcmp(s, names[i].name) == 0)
			return names[i].prio;
	return -1;
}

DAXCTL_EXPORT int daxctl_new(struct daxctl_ctx **ctx)
{
	struct daxctl_ctx *c;
	const char *env;
	int rc;

	if (!ctx)
		return -EINVAL;
	c = calloc(1, sizeof(*c));
	if (!c)
		return -ENOMEM;
	c->refcount = 1;
	c->log_fn = log_stderr;
	c->log_priority = LOG_ERR;
	c->rootfd = -1;
	list_head_init(&c->regions);

	env = get_env("DAXCTL_LOG");
	if (env && *env) {
		int prio = log_priority_from_string(env);

		if (prio >= 0)
			c->log_priority = prio;
	}

	c->config_path = strdup(DAXCTL_CONF_DIR);
	if (!c->config_path) {
		rc = -ENOMEM;
		goto out_free;
	}

	env = get_env("DAXCTL_ROOT");
	rc = sysfs_open_root(env, &c->rootfd, &c->root_is_host);
	if (rc < 0) {
		err(c, "cannot open root directory %s: %s\n", env,
		    strerror(-rc));
		goto out_free;
	}
	if (!c->root_is_host)
		info(c, "resolving sysfs under %s\n", env);

	dbg(c, "ctx %p created\n", (void *)c);
	*ctx = c;
	return 0;

out_free:
	free(c->config_path);
	free(c);
	return rc;
}

DAXCTL_EXPORT struct daxctl_ctx *daxctl_ref(struct daxctl_ctx *ctx)
{
	if (!ctx)
		return NULL;
	ctx->refcount++;
	return ctx;
}

DAXCTL_EXPORT void daxctl_unref(struct daxctl_ctx *ctx)
{
	struct daxctl_region *region, *next;
	unsigned int i;

	if (!ctx)
		return;
	if (--ctx->refcount > 0)
		return;
	/* regions go whatever their counts: the ctx owns them */
	list_for_each_safe(&ctx->regions, region, next, list)
		daxctl_region_free(region);
	if (ctx->kmod_ctx)
		kmod_unref(ctx->kmod_ctx);
	for (i = 0; i < SYSFS_DIR_SLOTS; i++)
		sysfs_dircache_drop(ctx, (enum sysfs_dircache_slot)i);
	if (ctx->rootfd >= 0)
		close(ctx->rootfd);
	dbg(ctx, "ctx %p released\n", (void *)ctx);
	free(ctx->config_path);
	free(ctx);
}

DAXCTL_EXPORT void daxctl_set_log_fn(struct daxctl_ctx *ctx,
		void (*log_fn)(struct daxctl_ctx *ctx, int priority,
			const char *file, int line, const char *fn,
			const char *format, va_list args))
{
	if (!ctx)
		return;
	ctx->log_fn = log_fn ? log_fn : log_stderr;
}

DAXCTL_EXPORT int daxctl_get_log_priority(struct daxctl_ctx *ctx)
{
	return ctx ? ctx->log_priority : -EINVAL;
}

DAXCTL_EXPORT void daxctl_set_log_priority(struct daxctl_ctx *ctx,
					   int priority)
{
	if (ctx)
		ctx->log_priority = priority;
}

DAXCTL_EXPORT void daxctl_set_userdata(struct daxctl_ctx *ctx, void *userdata)
{
	if (ctx)
		ctx->userdata = userdata;
}

DAXCTL_EXPORT void *daxctl_get_userdata(struct daxctl_ctx *ctx)
{
	return ctx ? ctx->userdata : NULL;
}

DAXCTL_EXPORT int daxctl_set_config_path(struct daxctl_ctx *ctx,
					 char *config_path)
{
	char *copy;

	if (!ctx || !config_path || !*config_path)
		return -EINVAL;
	copy = strdup(config_path);
	if (!copy)
		return -ENOMEM;
	free(ctx->config_path);
	ctx->config_path = copy;
	return 0;
}

DAXCTL_EXPORT const char *daxctl_get_config_path(struct daxctl_ctx *ctx)
{
	return ctx ? ctx->config_path : NULL;
}

/*
 * The old dax class (/sys/class/dax) only exists with dax_pmem_compat; when
 * it is there the devices live in it and not on the bus, so it wins.
 */
enum daxctl_subsys daxctl_ctx_get_subsys(struct daxctl_ctx *ctx)
{
	if (ctx->subsys == DAXCTL_SUBSYS_UNKNOWN) {
		if (sysfs_exists(ctx, "/sys/class/dax"))
			ctx->subsys = DAXCTL_SUBSYS_CLASS;
		else if (sysfs_exists(ctx, "/sys/bus/dax/devices"))
			ctx->subsys = DAXCTL_SUBSYS_BUS;
		else
			ctx->subsys = DAXCTL_SUBSYS_NONE;
		dbg(ctx, "device model: %s\n",
		    ctx->subsys == DAXCTL_SUBSYS_CLASS ? "class" :
		    ctx->subsys == DAXCTL_SUBSYS_BUS ? "bus" : "none");
	}
	return ctx->subsys;
}

/*
 * Make sure the dax bus has driver @drv, loading its module when needed.
 * A registered driver (built in, or loaded before) costs one stat; only a
 * missing one creates the libkmod context, which parses modprobe.d.
 */
int daxctl_ctx_load_driver(struct daxctl_ctx *ctx, const char *drv)
{
	struct kmod_module *mod;
	int rc;

	if (sysfs_exists(ctx, "/sys/bus/dax/drivers/%s", drv))
		return 0;
	if (!ctx->root_is_host) {
		/* never load host modules on behalf of a fake tree */
		err(ctx, "driver %s is not registered under the sysfs root\n",
		    drv);
		return -ENODEV;
	}
	if (!ctx->kmod_ctx) {
		ctx->kmod_ctx = kmod_new(NULL, NULL);
		if (!ctx->kmod_ctx) {
			err(ctx, "cannot create a libkmod context\n");
			return -ENOMEM;
		}
	}
	rc = kmod_module_new_from_name(ctx->kmod_ctx, drv, &mod);
	if (rc < 0) {
		err(ctx, "%s: module lookup failed: %s\n", drv, strerror(-rc));
		return rc;
	}
	rc = kmod_module_probe_insert_module(mod, KMOD_PROBE_APPLY_BLACKLIST,
					     NULL, NULL, NULL, NULL);
	kmod_module_unref(mod);
	if (rc < 0) {
		err(ctx, "%s: module load failed: %s\n", drv, strerror(-rc));
		return rc;
	}
	if (rc > 0) {
		err(ctx, "%s: module is blacklisted\n", drv);
		return -EPERM;
	}
	if (!sysfs_exists(ctx, "/sys/bus/dax/drivers/%s", drv)) {
		err(ctx, "%s: loaded, but no such dax driver\n", drv);
		return -ENODEV;
	}
	return 0;
}
