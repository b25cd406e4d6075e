// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * Mappings: index order (mapping10 after mapping9), values, the walk
 * stopping at the first missing or incomplete mapping, refresh after a
 * resize with old handles kept, devices without mappings, NULL arguments.
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "helpers.h"
#include "fakekernel.h"

#define DAX00 "sys/devices/platform/hmem.0/dax0.0"

static const struct ft_dev hmem_dax00 = {
	.parent = "platform/hmem.0", .region = 0, .id = 0,
};

static int teardown_fk(void **state)
{
	fk_detach();
	return teardown_env(state);
}

static void test_two_mappings(void **state)
{
	struct env *env = *state;
	struct daxctl_dev *dev = find_dev(env->ctx, "dax0.0");
	struct daxctl_mapping *m0, *m1;

	m0 = daxctl_mapping_get_first(dev);
	assert_non_null(m0);
	assert_true(daxctl_mapping_get_start(m0) == 0x140000000ULL);
	assert_true(daxctl_mapping_get_end(m0) == 0x17fffffffULL);
	assert_true(daxctl_mapping_get_offset(m0) == 0);
	assert_true(daxctl_mapping_get_size(m0) == FT_GIB);
	m1 = daxctl_mapping_get_next(m0);
	assert_non_null(m1);
	/* index order, not address order or reverse discovery order */
	assert_true(daxctl_mapping_get_start(m1) == 0x200000000ULL);
	assert_true(daxctl_mapping_get_end(m1) == 0x23fffffffULL);
	assert_true(daxctl_mapping_get_offset(m1) == 0x40000);
	assert_true(daxctl_mapping_get_size(m1) == FT_GIB);
	assert_null(daxctl_mapping_get_next(m1));
	/* the same objects on a second walk */
	assert_ptr_equal(daxctl_mapping_get_first(dev), m0);
	/* the seed has none */
	assert_null(daxctl_mapping_get_first(find_dev(env->ctx, "dax0.1")));
}

static void test_many_mappings(void **state)
{
	struct env *env = *state;
	struct daxctl_mapping *m;
	struct daxctl_dev *dev;
	unsigned long long expect;
	int i, n = 0;

	/* 12 ranges of 32 MiB, added in scrambled order */
	assert_int_equal(ft_remove(env->ft, DAX00 "/mapping0"), 0);
	assert_int_equal(ft_remove(env->ft, DAX00 "/mapping1"), 0);
	for (i = 11; i >= 0; i -= 2)
		assert_int_equal(ft_mapping_add(env->ft, &hmem_dax00, i,
				0x140000000ULL + i * 64 * FT_MIB,
				0x140000000ULL + i * 64 * FT_MIB + 32 * FT_MIB - 1,
				i * 8192ULL), 0);
	for (i = 0; i < 12; i += 2)
		assert_int_equal(ft_mapping_add(env->ft, &hmem_dax00, i,
				0x140000000ULL + i * 64 * FT_MIB,
				0x140000000ULL + i * 64 * FT_MIB + 32 * FT_MIB - 1,
				i * 8192ULL), 0);
	assert_non_null(env_ctx(env));
	dev = find_dev(env->ctx, "dax0.0");
	daxctl_mapping_foreach(dev, m) {
		expect = 0x140000000ULL + n * 64 * FT_MIB;
		assert_true(daxctl_mapping_get_start(m) == expect);
		assert_true(daxctl_mapping_get_offset(m) == n * 8192ULL);
		assert_true(daxctl_mapping_get_size(m) == 32 * FT_MIB);
		n++;
	}
	assert_int_equal(n, 12);
}

static void test_stops_at_gap(void **state)
{
	struct env *env = *state;

	/* mapping0, mapping1, mapping3: the walk stops before the gap */
	assert_int_equal(ft_mapping_add(env->ft, &hmem_dax00, 3,
			0x300000000ULL, 0x30fffffffULL, 0x80000), 0);
	assert_non_null(env_ctx(env));
	assert_int_equal(count_mappings(find_dev(env->ctx, "dax0.0")), 2);
}

static void test_incomplete_mapping(void **state)
{
	struct env *env = *state;

	/* mapping1 without end (or with garbage): only mapping0 */
	assert_int_equal(ft_remove(env->ft, DAX00 "/mapping1/end"), 0);
	assert_non_null(env_ctx(env));
	assert_int_equal(count_mappings(find_dev(env->ctx, "dax0.0")), 1);
	assert_int_equal(ft_write(env->ft, DAX00 "/mapping1/end", "end\n"),
			0);
	assert_non_null(env_ctx(env));
	assert_int_equal(count_mappings(find_dev(env->ctx, "dax0.0")), 1);
	assert_int_equal(ft_remove(env->ft, DAX00 "/mapping0/page_offset"),
			0);
	assert_non_null(env_ctx(env));
	assert_int_equal(count_mappings(find_dev(env->ctx, "dax0.0")), 0);
}

static void test_refresh_after_resize(void **state)
{
	struct env *env = *state;
	struct daxctl_dev *dev = find_dev(env->ctx, "dax0.0");
	struct daxctl_mapping *m0, *m1;

	m0 = daxctl_mapping_get_first(dev);
	m1 = daxctl_mapping_get_next(m0);
	assert_non_null(m1);
	/* the kernel shrinks the device to its first range */
	assert_int_equal(ft_dev_unbind(env->ft, &hmem_dax00), 0);
	assert_int_equal(ft_remove(env->ft, DAX00 "/mapping1"), 0);
	fk_attach(env->ft, true);
	assert_int_equal(daxctl_dev_set_size(dev, FT_GIB), 0);
	assert_true(daxctl_dev_get_size(dev) == FT_GIB);
	/* README row D14: mappings refreshed after resize */
	assert_int_equal(count_mappings(dev), 1);
	m0 = daxctl_mapping_get_first(dev);
	assert_true(daxctl_mapping_get_end(m0) == 0x17fffffffULL);
	/* the dropped mapping's handle is still readable */
	/* README row D14: a dropped mapping's handle stays valid */
	assert_true(daxctl_mapping_get_start(m1) == 0x200000000ULL);
	assert_true(daxctl_mapping_get_size(m1) == FT_GIB);

	/* and grows again: a new range appears */
	assert_int_equal(daxctl_dev_set_mapping(dev, 0x1c0000000ULL,
			0x1dfffffffULL), 0);
	assert_int_equal(count_mappings(dev), 2);
}

static void test_mapping_null_args(void **state)
{
	(void)state;
	assert_null(daxctl_mapping_get_first(NULL));
	assert_null(daxctl_mapping_get_next(NULL));
	assert_true(daxctl_mapping_get_start(NULL) == 0);
	assert_true(daxctl_mapping_get_end(NULL) == 0);
	assert_true(daxctl_mapping_get_offset(NULL) == 0);
	assert_true(daxctl_mapping_get_size(NULL) == 0);
}

static void test_class_no_mappings(void **state)
{
	struct env *env = *state;

	assert_null(daxctl_mapping_get_first(find_dev(env->ctx, "dax0.0")));
}

#define T(fn) cmocka_unit_test_setup_teardown(fn, setup_hmem, teardown_fk)

int main(void)
{
	const struct CMUnitTest tests[] = {
		T(test_two_mappings),
		T(test_many_mappings),
		T(test_stops_at_gap),
		T(test_incomplete_mapping),
		T(test_refresh_after_resize),
		cmocka_unit_test(test_mapping_null_args),
		cmocka_unit_test_setup_teardown(test_class_no_mappings,
				setup_class, teardown_fk),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
