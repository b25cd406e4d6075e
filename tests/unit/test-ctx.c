// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * The library context: creation and failure, references, userdata,
 * logging (custom log_fn, priority filter, DAXCTL_LOG, the default stderr
 * format), the config path, DAXCTL_ROOT, and NULL arguments.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <syslog.h>
#include <unistd.h>

#include <dlfcn.h>

#include "helpers.h"

/*
 * Count libkmod contexts: this definition comes before libkmod's for the
 * library. A context parses modprobe.d and must only be created when a
 * driver has to be loaded, never for enumeration or under a fake root.
 */
struct kmod_ctx;
struct kmod_ctx *kmod_new(const char *dirname, const char * const *config);
static int kmod_new_calls;

__attribute__((visibility("default")))
struct kmod_ctx *kmod_new(const char *dirname, const char * const *config)
{
	struct kmod_ctx *(*real)(const char *, const char * const *);

	kmod_new_calls++;
	*(void **)&real = dlsym(RTLD_NEXT, "kmod_new");
	return real ? real(dirname, config) : NULL;
}

#ifndef DAXCTL_CONF_DIR
#define DAXCTL_CONF_DIR "/etc/daxctl.conf.d"
#endif

static void test_new_unref(void **state)
{
	struct env *env = *state;
	struct daxctl_ctx *ctx = NULL;

	ft_activate(env->ft);
	assert_int_equal(daxctl_new(&ctx), 0);
	assert_non_null(ctx);
	/* defaults: LOG_ERR, no userdata */
	assert_int_equal(daxctl_get_log_priority(ctx), LOG_ERR);
	assert_null(daxctl_get_userdata(ctx));
	daxctl_unref(ctx);
}

static void test_new_null(void **state)
{
	(void)state;
	assert_int_equal(daxctl_new(NULL), -EINVAL);
}

static void test_new_bad_root(void **state)
{
	struct daxctl_ctx *ctx = (struct daxctl_ctx *)(uintptr_t)0x1;
	struct env *env = *state;
	int rc;

	(void)env;
	setenv("DAXCTL_ROOT", "/nonexistent/daxctl-test-root", 1);
	rc = daxctl_new(&ctx);
	assert_true(rc < 0);
	/* the out-pointer is untouched on failure */
	assert_ptr_equal(ctx, (struct daxctl_ctx *)(uintptr_t)0x1);

	/* a regular file is not a root directory either */
	assert_int_equal(ft_write(env->ft, "afile", "x"), 0);
	setenv("DAXCTL_ROOT", ft_path(env->ft, "afile"), 1);
	rc = daxctl_new(&ctx);
	assert_true(rc < 0);
	assert_ptr_equal(ctx, (struct daxctl_ctx *)(uintptr_t)0x1);
	unsetenv("DAXCTL_ROOT");
}

static void test_refcount(void **state)
{
	struct env *env = *state;
	struct daxctl_ctx *ctx = env->ctx;
	struct daxctl_region *region;

	/* ref returns the ctx; two extra references, three unrefs total */
	assert_ptr_equal(daxctl_ref(ctx), ctx);
	assert_ptr_equal(daxctl_ref(ctx), ctx);
	daxctl_unref(ctx);
	daxctl_unref(ctx);
	/* still usable after dropping the extra references */
	region = daxctl_region_get_first(ctx);
	assert_non_null(region);
	assert_ptr_equal(daxctl_region_get_ctx(region), ctx);
	assert_null(daxctl_ref(NULL));
	daxctl_unref(NULL);
}

static void test_unref_frees_everything(void **state)
{
	struct env *env = *state;
	struct daxctl_ctx *ctx = NULL;
	struct daxctl_region *region;
	struct daxctl_dev *dev;
	struct daxctl_mapping *m;
	int n = 0;

	/* populate everything, take extra region refs, then one unref */
	ft_activate(env->ft);
	assert_int_equal(daxctl_new(&ctx), 0);
	daxctl_region_foreach(ctx, region) {
		daxctl_region_ref(region);
		daxctl_region_ref(region);
		daxctl_dev_foreach(region, dev)
			daxctl_mapping_foreach(dev, m)
				n++;
	}
	assert_int_equal(n, 3);
	/* leak checkers (valgrind, LSan) verify that this frees it all */
	daxctl_unref(ctx);
}

static void test_userdata(void **state)
{
	struct env *env = *state;
	int cookie;

	daxctl_set_userdata(env->ctx, &cookie);
	assert_ptr_equal(daxctl_get_userdata(env->ctx), &cookie);
	daxctl_set_userdata(env->ctx, NULL);
	assert_null(daxctl_get_userdata(env->ctx));
	daxctl_set_userdata(NULL, &cookie);
	assert_null(daxctl_get_userdata(NULL));
}

static void test_log_priority(void **state)
{
	struct env *env = *state;

	daxctl_set_log_priority(env->ctx, LOG_DEBUG);
	assert_int_equal(daxctl_get_log_priority(env->ctx), LOG_DEBUG);
	daxctl_set_log_priority(env->ctx, LOG_NOTICE);
	assert_int_equal(daxctl_get_log_priority(env->ctx), LOG_NOTICE);
	daxctl_set_log_priority(NULL, LOG_DEBUG);
	assert_true(daxctl_get_log_priority(NULL) < 0);
}

static int new_with_env_log(struct env *env, const char *value)
{
	struct daxctl_ctx *ctx = NULL;
	int prio;

	ft_activate(env->ft);
	if (value)
		setenv("DAXCTL_LOG", value, 1);
	assert_int_equal(daxctl_new(&ctx), 0);
	prio = daxctl_get_log_priority(ctx);
	daxctl_unref(ctx);
	unsetenv("DAXCTL_LOG");
	return prio;
}

static void test_env_log(void **state)
{
	struct env *env = *state;

	assert_int_equal(new_with_env_log(env, NULL), LOG_ERR);
	assert_int_equal(new_with_env_log(env, "7"), LOG_DEBUG);
	assert_int_equal(new_with_env_log(env, "6"), LOG_INFO);
	assert_int_equal(new_with_env_log(env, "3"), LOG_ERR);
	assert_int_equal(new_with_env_log(env, "err"), LOG_ERR);
	assert_int_equal(new_with_env_log(env, "notice"), LOG_NOTICE);
	assert_int_equal(new_with_env_log(env, "info"), LOG_INFO);
	assert_int_equal(new_with_env_log(env, "debug"), LOG_DEBUG);
	/* garbage and empty values leave the default */
	assert_int_equal(new_with_env_log(env, "verbose"), LOG_ERR);
	assert_int_equal(new_with_env_log(env, ""), LOG_ERR);
}

static void test_log_fn_receives(void **state)
{
	struct env *env = *state;
	struct logcap *cap = env_log(env);
	struct daxctl_ctx *ctx = NULL;

	/* debug messages flow to a custom log_fn when the priority allows */
	ft_activate(env->ft);
	setenv("DAXCTL_LOG", "debug", 1);
	assert_int_equal(daxctl_new(&ctx), 0);
	unsetenv("DAXCTL_LOG");
	logcap_reset(cap);
	daxctl_set_userdata(ctx, cap);
	daxctl_set_log_fn(ctx, logcap_fn);
	assert_non_null(daxctl_region_get_first(ctx));
	assert_true(cap->count > 0);
	assert_true(cap->last_priority >= LOG_INFO);
	assert_true(cap->last_fn[0] != '\0');

	/* at LOG_ERR the same walk on a new ctx logs nothing */
	daxctl_unref(ctx);
	ctx = NULL;
	assert_int_equal(daxctl_new(&ctx), 0);
	logcap_reset(cap);
	daxctl_set_userdata(ctx, cap);
	daxctl_set_log_fn(ctx, logcap_fn);
	assert_non_null(daxctl_region_get_first(ctx));
	assert_int_equal(cap->count, 0);
	daxctl_unref(ctx);
}

static void test_log_filter_err(void **state)
{
	struct env *env = *state;
	struct logcap *cap = env_log(env);
	struct daxctl_dev *dev;

	/*
	 * An error reaches log_fn at LOG_ERR: enabling famfs on a tree with
	 * no fsdev_dax driver (never loaded under a fake root)...
	 */
	dev = find_dev(env->ctx, "dax0.1");
	assert_non_null(dev);
	logcap_reset(cap);
	assert_true(daxctl_dev_enable_famfs(dev) < 0);
	assert_true(cap->count > 0);
	assert_true(cap->last_priority <= LOG_ERR);
	assert_non_null(strstr(cap->all, "fsdev_dax"));

	/* ...and is dropped below it */
	daxctl_set_log_priority(env->ctx, LOG_CRIT);
	logcap_reset(cap);
	assert_true(daxctl_dev_enable_famfs(dev) < 0);
	assert_int_equal(cap->count, 0);
}

/* run @fn with stderr captured into @buf */
static void capture_stderr(void (*fn)(struct env *), struct env *env,
		char *buf, size_t len)
{
	char path[] = "/tmp/daxctl-stderr.XXXXXX";
	int fd = mkstemp(path);
	int saved;
	ssize_t n;

	assert_true(fd >= 0);
	fflush(stderr);
	saved = dup(2);
	assert_true(saved >= 0);
	assert_true(dup2(fd, 2) >= 0);
	fn(env);
	fflush(stderr);
	assert_true(dup2(saved, 2) >= 0);
	close(saved);
	assert_int_equal(lseek(fd, 0, SEEK_SET), 0);
	n = read(fd, buf, len - 1);
	buf[n > 0 ? n : 0] = '\0';
	close(fd);
	unlink(path);
}

static void default_log_action(struct env *env)
{
	struct daxctl_dev *dev = find_dev(env->ctx, "dax0.1");

	assert_non_null(dev);
	daxctl_set_log_fn(env->ctx, NULL);
	assert_true(daxctl_dev_enable_famfs(dev) < 0);
}

static void test_default_log_stderr(void **state)
{
	struct env *env = *state;
	char buf[4096];

	capture_stderr(default_log_action, env, buf, sizeof(buf));
	/* "libdaxctl: <function>: " prefix, NULL log_fn = the default */
	assert_int_equal(strncmp(buf, "libdaxctl: ", 11), 0);
	assert_non_null(strchr(buf + 11, ':'));
	assert_non_null(strstr(buf, "fsdev_dax"));
}

static void test_config_path(void **state)
{
	struct env *env = *state;
	char path[] = "/tmp/some/daxctl.conf.d";
	const char *got;

	got = daxctl_get_config_path(env->ctx);
	assert_non_null(got);
	assert_string_equal(got, DAXCTL_CONF_DIR);
	assert_int_equal(daxctl_set_config_path(env->ctx, path), 0);
	/* the library keeps its own copy */
	path[1] = 'X';
	assert_string_equal(daxctl_get_config_path(env->ctx),
			"/tmp/some/daxctl.conf.d");
	assert_int_equal(daxctl_set_config_path(env->ctx, NULL), -EINVAL);
	assert_int_equal(daxctl_set_config_path(NULL, path), -EINVAL);
	assert_string_equal(daxctl_get_config_path(env->ctx),
			"/tmp/some/daxctl.conf.d");
	assert_null(daxctl_get_config_path(NULL));
}

static void test_root_is_per_ctx(void **state)
{
	struct env *env = *state;
	struct env *other = env_new("class");
	struct daxctl_ctx *c2 = NULL;

	/* the root is read at daxctl_new: a later change does not matter */
	assert_non_null(other);
	assert_non_null(env->ctx);
	ft_activate(other->ft);
	assert_int_equal(daxctl_new(&c2), 0);
	assert_non_null(find_dev(env->ctx, "dax1.0"));
	assert_null(find_dev(c2, "dax1.0"));
	assert_non_null(find_dev(c2, "dax0.0"));
	assert_int_equal(count_regions(env->ctx), 2);
	assert_int_equal(count_regions(c2), 1);
	daxctl_unref(c2);
	env_free(other);
}

static void test_no_dax_at_all(void **state)
{
	struct env *env = env_new("nomem");
	struct daxctl_ctx *ctx;

	(void)state;
	assert_non_null(env);
	ctx = env_ctx(env);
	assert_non_null(ctx);
	assert_null(daxctl_region_get_first(ctx));
	assert_int_equal(count_regions(ctx), 0);
	env_free(env);
}

static void test_no_kmod_ctx(void **state)
{
	struct env *env = *state;
	struct daxctl_region *region;
	struct daxctl_dev *dev;
	int n = 0;

	kmod_new_calls = 0;
	daxctl_region_foreach(env->ctx, region)
		daxctl_dev_foreach(region, dev) {
			n++;
			daxctl_dev_get_mode(dev);
			daxctl_dev_get_memory(dev);
			daxctl_mapping_get_first(dev);
		}
	assert_int_equal(n, 3);
	/* enabling with the driver registered: no module to load */
	assert_true(daxctl_dev_enable_devdax(find_dev(env->ctx, "dax0.1")) < 0);
	/* a driver that is not registered: never loaded under a fake root */
	assert_int_equal(ft_remove(env->ft, "sys/bus/dax/drivers/kmem"), 0);
	assert_true(daxctl_dev_enable_ram(find_dev(env->ctx, "dax0.1")) < 0);
	/* README row D15: no libkmod context unless a driver must be loaded */
	assert_int_equal(kmod_new_calls, 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_new_unref, setup_hmem,
				teardown_env),
		cmocka_unit_test(test_new_null),
		cmocka_unit_test_setup_teardown(test_new_bad_root, setup_empty,
				teardown_env),
		cmocka_unit_test_setup_teardown(test_refcount, setup_hmem,
				teardown_env),
		cmocka_unit_test_setup_teardown(test_unref_frees_everything,
				setup_hmem, teardown_env),
		cmocka_unit_test_setup_teardown(test_userdata, setup_hmem,
				teardown_env),
		cmocka_unit_test_setup_teardown(test_log_priority, setup_hmem,
				teardown_env),
		cmocka_unit_test_setup_teardown(test_env_log, setup_hmem,
				teardown_env),
		cmocka_unit_test_setup_teardown(test_log_fn_receives,
				setup_hmem, teardown_env),
		cmocka_unit_test_setup_teardown(test_log_filter_err,
				setup_hmem, teardown_env),
		cmocka_unit_test_setup_teardown(test_default_log_stderr,
				setup_hmem, teardown_env),
		cmocka_unit_test_setup_teardown(test_config_path, setup_hmem,
				teardown_env),
		cmocka_unit_test_setup_teardown(test_root_is_per_ctx,
				setup_hmem, teardown_env),
		cmocka_unit_test(test_no_dax_at_all),
		cmocka_unit_test_setup_teardown(test_no_kmod_ctx, setup_hmem,
				teardown_env),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
