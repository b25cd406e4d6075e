// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * Regions: discovery in the bus and the legacy class model, ascending
 * order, attributes (fresh available_size, missing size/align), seed,
 * create and destroy with the device list refreshed, daxctl_new_region as
 * libndctl calls it, reference counts, laziness, NULL arguments.
 */
#include <errno.h>
#include <limits.h>
#include <string.h>

#include "helpers.h"

#define HMEM "sys/devices/platform/hmem.0"
#define HMEM_REGION HMEM "/dax_region"

static void test_bus_regions(void **state)
{
	struct env *env = *state;
	struct daxctl_region *r0, *r1;
	uuid_t uu, zero;

	r0 = daxctl_region_get_first(env->ctx);
	assert_non_null(r0);
	r1 = daxctl_region_get_next(r0);
	assert_non_null(r1);
	assert_null(daxctl_region_get_next(r1));

	/* ascending id order (upstream walks them in reverse) */
	assert_int_equal(daxctl_region_get_id(r0), 0);
	assert_int_equal(daxctl_region_get_id(r1), 1);
	assert_string_equal(daxctl_region_get_path(r0),
			"/sys/devices/platform/hmem.0");
	assert_string_equal(daxctl_region_get_devname(r0), "hmem.0");
	assert_string_equal(daxctl_region_get_path(r1),
			"/sys/devices/platform/e820/ndbus0/region1");
	assert_string_equal(daxctl_region_get_devname(r1), "region1");
	assert_ptr_equal(daxctl_region_get_ctx(r0), env->ctx);

	assert_true(daxctl_region_get_size(r0) == 4 * FT_GIB);
	assert_int_equal(daxctl_region_get_align(r0), 2 * FT_MIB);
	assert_true(daxctl_region_get_available_size(r0) == 2 * FT_GIB);
	assert_true(daxctl_region_get_size(r1) == FT_GIB);
	/* static region: no available_size attribute */
	assert_true(daxctl_region_get_available_size(r1) == 0);

	memset(zero, 0, sizeof(zero));
	memset(uu, 0xa5, sizeof(uu));
	daxctl_region_get_uuid(r0, uu);
	assert_memory_equal(uu, zero, sizeof(uu));
}

static void test_foreach_safe(void **state)
{
	struct env *env = *state;
	struct daxctl_region *r, *_r;
	struct daxctl_dev *d, *_d;
	int ids[4], n = 0, devs = 0;

	daxctl_region_foreach_safe(env->ctx, r, _r) {
		assert_true(n < 4);
		ids[n++] = daxctl_region_get_id(r);
		daxctl_dev_foreach_safe(r, d, _d)
			devs++;
	}
	assert_int_equal(n, 2);
	assert_int_equal(ids[0], 0);
	assert_int_equal(ids[1], 1);
	assert_int_equal(devs, 3);
}

static void test_available_size_fresh(void **state)
{
	struct env *env = *state;
	struct daxctl_region *r0 = find_region(env->ctx, 0);

	assert_non_null(r0);
	assert_true(daxctl_region_get_available_size(r0) == 2 * FT_GIB);
	assert_int_equal(ft_write(env->ft, HMEM_REGION "/available_size",
			"1073741824\n"), 0);
	assert_true(daxctl_region_get_available_size(r0) == FT_GIB);
	/* unreadable or garbage: 0 */
	assert_int_equal(ft_write(env->ft, HMEM_REGION "/available_size",
			"lots\n"), 0);
	assert_true(daxctl_region_get_available_size(r0) == 0);
	assert_int_equal(ft_remove(env->ft, HMEM_REGION "/available_size"), 0);
	assert_true(daxctl_region_get_available_size(r0) == 0);
}

static void test_missing_size_align(void **state)
{
	struct env *env = *state;
	struct daxctl_region *r0;
	struct daxctl_ctx *ctx;

	assert_int_equal(ft_remove(env->ft, HMEM_REGION "/size"), 0);
	assert_int_equal(ft_remove(env->ft, HMEM_REGION "/align"), 0);
	ctx = env_ctx(env);
	assert_non_null(ctx);
	r0 = find_region(ctx, 0);
	assert_non_null(r0);
	assert_true(daxctl_region_get_size(r0) == ULLONG_MAX);
	assert_true(daxctl_region_get_align(r0) == ULONG_MAX);
	/* the devices are still there */
	assert_int_equal(count_devs(r0), 2);
}

static void test_seed(void **state)
{
	struct env *env = *state;
	struct daxctl_region *r0 = find_region(env->ctx, 0);
	struct daxctl_region *r1 = find_region(env->ctx, 1);
	struct daxctl_dev *seed;

	assert_non_null(r0);
	assert_non_null(r1);
	seed = daxctl_region_get_dev_seed(r0);
	assert_non_null(seed);
	assert_string_equal(daxctl_dev_get_devname(seed), "dax0.1");
	assert_ptr_equal(seed, find_dev(env->ctx, "dax0.1"));
	assert_ptr_equal(daxctl_dev_get_region(seed), r0);
	/* static regions have no seed */
	assert_null(daxctl_region_get_dev_seed(r1));
}

/* a device as the kernel creates it in hmem.0 */
static void kernel_add_dev(struct env *env, int id)
{
	struct ft_dev d = {
		.parent = "platform/hmem.0", .region = 0, .id = id,
		.size = 0, .align = 2 * FT_MIB, .target_node = 1,
		.major = 252, .minor = 10 + id, .dynamic = true,
	};

	assert_int_equal(ft_dev_add(env->ft, &d), 0);
}

static void test_create_dev(void **state)
{
	struct env *env = *state;
	struct daxctl_region *r0 = find_region(env->ctx, 0);
	struct daxctl_dev *dev, *seed;

	assert_non_null(r0);
	assert_int_equal(count_devs(r0), 2);
	/* the kernel creates dax0.2 and moves the seed to it */
	kernel_add_dev(env, 2);
	assert_int_equal(ft_write(env->ft, HMEM_REGION "/seed", "dax0.2\n"),
			0);
	assert_int_equal(daxctl_region_create_dev(r0), 0);
	assert_string_equal(file_str(env->ft, HMEM_REGION "/create"), "1");
	/* the new device is in the list now, in order */
	/* README row D14: device list refreshed after create */
	assert_int_equal(count_devs(r0), 3);
	dev = daxctl_dev_get_first(r0);
	assert_string_equal(daxctl_dev_get_devname(dev), "dax0.0");
	dev = daxctl_dev_get_next(daxctl_dev_get_next(dev));
	assert_non_null(dev);
	assert_string_equal(daxctl_dev_get_devname(dev), "dax0.2");
	assert_int_equal(daxctl_dev_get_id(dev), 2);
	seed = daxctl_region_get_dev_seed(r0);
	assert_ptr_equal(seed, dev);
}

static void test_seed_appears_later(void **state)
{
	struct env *env = *state;
	struct daxctl_region *r0 = find_region(env->ctx, 0);
	struct daxctl_dev *seed;

	/* walked once: the seed moved to a device created behind our back */
	assert_int_equal(count_devs(r0), 2);
	kernel_add_dev(env, 5);
	assert_int_equal(ft_write(env->ft, HMEM_REGION "/seed", "dax0.5"), 0);
	seed = daxctl_region_get_dev_seed(r0);
	assert_non_null(seed);
	assert_string_equal(daxctl_dev_get_devname(seed), "dax0.5");
}

static void test_create_dev_refused(void **state)
{
	struct env *env = *state;
	struct daxctl_region *r0 = find_region(env->ctx, 0);
	struct daxctl_region *r1 = find_region(env->ctx, 1);

	assert_int_equal(ft_make_unwritable(env->ft, HMEM_REGION "/create"),
			0);
	assert_int_equal(daxctl_region_create_dev(r0), -EISDIR);
	assert_int_equal(count_devs(r0), 2);
	/* a static region has no create attribute */
	assert_int_equal(daxctl_region_create_dev(r1), -ENOENT);
	assert_int_equal(daxctl_region_create_dev(NULL), -EINVAL);
}

static void test_destroy_dev(void **state)
{
	struct env *env = *state;
	struct daxctl_region *r0 = find_region(env->ctx, 0);
	struct daxctl_dev *dev = find_dev(env->ctx, "dax0.1");
	struct daxctl_dev *d;

	assert_non_null(dev);
	assert_int_equal(count_devs(r0), 2);
	/* the kernel removes the device when "dax0.1" lands in delete */
	assert_int_equal(ft_remove(env->ft, HMEM "/dax0.1"), 0);
	assert_int_equal(ft_remove(env->ft, "sys/bus/dax/devices/dax0.1"), 0);
	assert_int_equal(daxctl_region_destroy_dev(r0, dev), 0);
	assert_string_equal(file_str(env->ft, HMEM_REGION "/delete"),
			"dax0.1");
	/* gone from the walk, the handle still valid */
	/* README row D14: list refreshed after destroy, handle still valid */
	assert_int_equal(count_devs(r0), 1);
	daxctl_dev_foreach(r0, d)
		assert_ptr_not_equal(d, dev);
	assert_string_equal(daxctl_dev_get_devname(dev), "dax0.1");
	assert_ptr_equal(daxctl_dev_get_region(dev), r0);
	assert_int_equal(daxctl_dev_get_id(dev), 1);
	assert_null(find_dev(env->ctx, "dax0.1"));
}

static void test_destroy_dev_refused(void **state)
{
	struct env *env = *state;
	struct daxctl_region *r0 = find_region(env->ctx, 0);
	struct daxctl_region *r1 = find_region(env->ctx, 1);
	struct daxctl_dev *dev = find_dev(env->ctx, "dax0.1");

	assert_int_equal(ft_make_unwritable(env->ft, HMEM_REGION "/delete"),
			0);
	assert_int_equal(daxctl_region_destroy_dev(r0, dev), -EISDIR);
	assert_int_equal(count_devs(r0), 2);
	assert_ptr_equal(find_dev(env->ctx, "dax0.1"), dev);
	/* a device of another region, NULLs */
	assert_int_equal(daxctl_region_destroy_dev(r1, dev), -EINVAL);
	assert_int_equal(daxctl_region_destroy_dev(r0, NULL), -EINVAL);
	assert_int_equal(daxctl_region_destroy_dev(NULL, dev), -EINVAL);
}

static void test_new_region_libndctl(void **state)
{
	struct env *env = *state;
	struct daxctl_region *r, *again, *walked;
	struct daxctl_dev *dev;
	struct daxctl_ctx *ctx;
	uuid_t uu, got;

	/* libndctl: fresh ctx, new_region first, then a device walk */
	ctx = env_ctx(env);
	assert_non_null(ctx);
	memset(uu, 0, sizeof(uu));
	uu[0] = 0x12;
	uu[15] = 0x34;
	r = daxctl_new_region(ctx, 1, uu,
			"/sys/devices/platform/e820/ndbus0/region1");
	assert_non_null(r);
	assert_int_equal(daxctl_region_get_id(r), 1);
	assert_string_equal(daxctl_region_get_devname(r), "region1");
	daxctl_region_get_uuid(r, got);
	assert_memory_equal(got, uu, sizeof(uu));
	dev = daxctl_dev_get_first(r);
	assert_non_null(dev);
	assert_string_equal(daxctl_dev_get_devname(dev), "dax1.0");
	assert_null(daxctl_dev_get_next(dev));

	/* the same path again: the same object, the new uuid recorded */
	uu[1] = 0x56;
	again = daxctl_new_region(ctx, 1, uu,
			"/sys/devices/platform/e820/ndbus0/region1/");
	assert_ptr_equal(again, r);
	daxctl_region_get_uuid(r, got);
	assert_memory_equal(got, uu, sizeof(uu));

	/* the walk finds the same object, once, in order */
	assert_int_equal(count_regions(ctx), 2);
	walked = find_region(ctx, 1);
	assert_ptr_equal(walked, r);

	/* drop both references: the region lives until the ctx goes */
	daxctl_region_unref(r);
	daxctl_region_unref(again);
	daxctl_region_unref(r);
	/* README row D14: a handle is valid until its ctx is freed */
	assert_int_equal(daxctl_region_get_id(r), 1);
	assert_ptr_equal(daxctl_dev_get_first(r), dev);
}

static void test_new_region_unknown_path(void **state)
{
	struct env *env = *state;
	struct daxctl_region *r;
	uuid_t uu;

	memset(uu, 0x77, sizeof(uu));
	r = daxctl_new_region(env->ctx, 7, uu,
			"/sys/devices/platform/e820/ndbus1/region7");
	/* a region the walk did not find: added, no devices */
	assert_non_null(r);
	assert_int_equal(daxctl_region_get_id(r), 7);
	assert_null(daxctl_dev_get_first(r));
	assert_true(daxctl_region_get_size(r) == ULLONG_MAX);
	assert_ptr_equal(daxctl_new_region(env->ctx, 7, uu,
			"/sys/devices/platform/e820/ndbus1/region7"), r);
	assert_int_equal(count_regions(env->ctx), 3);
	/* bad arguments */
	assert_null(daxctl_new_region(env->ctx, 1, uu, NULL));
	assert_null(daxctl_new_region(NULL, 1, uu,
			"/sys/devices/platform/hmem.0"));
	assert_null(daxctl_new_region(env->ctx, 1, uu, "relative/path"));
}

static void test_region_refcount(void **state)
{
	struct env *env = *state;
	struct daxctl_region *r0 = find_region(env->ctx, 0);
	int i;

	/* unbalanced unrefs never free what the ctx owns */
	for (i = 0; i < 5; i++)
		daxctl_region_unref(r0);
	daxctl_region_ref(r0);
	assert_ptr_equal(find_region(env->ctx, 0), r0);
	assert_string_equal(daxctl_region_get_devname(r0), "hmem.0");
	daxctl_region_ref(NULL);
	daxctl_region_unref(NULL);
}

static void test_class_model(void **state)
{
	struct env *env = *state;
	struct daxctl_region *r;
	struct daxctl_dev *dev;

	r = daxctl_region_get_first(env->ctx);
	assert_non_null(r);
	assert_null(daxctl_region_get_next(r));
	assert_int_equal(daxctl_region_get_id(r), 0);
	/* the grandparent of <parent>/dax/dax0.0 */
	assert_string_equal(daxctl_region_get_path(r),
			"/sys/devices/platform/e820/ndbus0/region0/dax0.0");
	assert_string_equal(daxctl_region_get_devname(r), "dax0.0");
	assert_true(daxctl_region_get_size(r) == 2 * FT_GIB);
	assert_null(daxctl_region_get_dev_seed(r));
	dev = daxctl_dev_get_first(r);
	assert_non_null(dev);
	assert_string_equal(daxctl_dev_get_devname(dev), "dax0.0");
	assert_null(daxctl_dev_get_next(dev));
}

static void test_class_preferred(void **state)
{
	struct env *env = *state;
	struct daxctl_ctx *ctx;

	/* with both /sys/class/dax and /sys/bus/dax: class wins */
	assert_int_equal(ft_build(env->ft, "hmem"), 0);
	assert_int_equal(ft_mkdir(env->ft, "sys/class/dax"), 0);
	ctx = env_ctx(env);
	assert_non_null(ctx);
	assert_null(daxctl_region_get_first(ctx));
	/* and a class device shows up through it */
	assert_int_equal(ft_remove(env->ft, "sys/class/dax"), 0);
	assert_int_equal(ft_build(env->ft, "class"), 0);
	ctx = env_ctx(env);
	assert_non_null(ctx);
	assert_int_equal(count_regions(ctx), 1);
	assert_non_null(find_dev(ctx, "dax0.0"));
	assert_null(find_dev(ctx, "dax1.0"));
}

static void test_lazy_regions(void **state)
{
	struct env *env = *state;
	struct daxctl_region *r0;
	struct ft_dev d = {
		.parent = "platform/hmem.0", .region = 0, .id = 7,
		.size = FT_GIB, .align = 2 * FT_MIB, .target_node = 1,
		.major = 252, .minor = 7,
	};

	/* ctx made on an empty tree: nothing is read before the walk */
	assert_int_equal(ft_build(env->ft, "hmem"), 0);
	r0 = find_region(env->ctx, 0);
	assert_non_null(r0);
	assert_int_equal(count_regions(env->ctx), 2);
	/* devices are read on the first device walk, not at region walk */
	assert_int_equal(ft_dev_add(env->ft, &d), 0);
	assert_int_equal(count_devs(r0), 3);
}

static void test_region_null_args(void **state)
{
	uuid_t uu;

	(void)state;
	memset(uu, 0x11, sizeof(uu));
	assert_null(daxctl_region_get_first(NULL));
	assert_null(daxctl_region_get_next(NULL));
	assert_int_equal(daxctl_region_get_id(NULL), -1);
	assert_null(daxctl_region_get_ctx(NULL));
	assert_null(daxctl_region_get_devname(NULL));
	assert_null(daxctl_region_get_path(NULL));
	assert_true(daxctl_region_get_size(NULL) == ULLONG_MAX);
	assert_true(daxctl_region_get_align(NULL) == ULONG_MAX);
	assert_true(daxctl_region_get_available_size(NULL) == 0);
	assert_null(daxctl_region_get_dev_seed(NULL));
	daxctl_region_get_uuid(NULL, uu);
	assert_int_equal(uu[0], 0x11);
	assert_null(daxctl_dev_get_first(NULL));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_bus_regions, setup_hmem,
				teardown_env),
		cmocka_unit_test_setup_teardown(test_foreach_safe, setup_hmem,
				teardown_env),
		cmocka_unit_test_setup_teardown(test_available_size_fresh,
				setup_hmem, teardown_env),
		cmocka_unit_test_setup_teardown(test_missing_size_align,
				setup_hmem, teardown_env),
		cmocka_unit_test_setup_teardown(test_seed, setup_hmem,
				teardown_env),
		cmocka_unit_test_setup_teardown(test_create_dev, setup_hmem,
				teardown_env),
		cmocka_unit_test_setup_teardown(test_seed_appears_later,
				setup_hmem, teardown_env),
		cmocka_unit_test_setup_teardown(test_create_dev_refused,
				setup_hmem, teardown_env),
		cmocka_unit_test_setup_teardown(test_destroy_dev, setup_hmem,
				teardown_env),
		cmocka_unit_test_setup_teardown(test_destroy_dev_refused,
				setup_hmem, teardown_env),
		cmocka_unit_test_setup_teardown(test_new_region_libndctl,
				setup_hmem, teardown_env),
		cmocka_unit_test_setup_teardown(test_new_region_unknown_path,
				setup_hmem, teardown_env),
		cmocka_unit_test_setup_teardown(test_region_refcount,
				setup_hmem, teardown_env),
		cmocka_unit_test_setup_teardown(test_class_model, setup_class,
				teardown_env),
		cmocka_unit_test_setup_teardown(test_class_preferred,
				setup_empty, teardown_env),
		cmocka_unit_test_setup_teardown(test_lazy_regions, setup_empty,
				teardown_env),
		cmocka_unit_test(test_region_null_args),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
