// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * The library on trees captured from a real 6.1 kernel (tests/fixtures,
 * see its README): hmem (dynamic region), hmem-split (several devices,
 * two mappings, a 4 KiB align, the seed), hmem-kmem, hmem-kmem-mixed,
 * hmem-numa, hmem-numa-kmem, legacy-pmem (a static nd region) and
 * legacy-pmem-kmem, nfit-pmem. A missing fixture is a skipped case, never a pass.
 */
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <string.h>

#include "helpers.h"
#include "fakekernel.h"

static int setup_fixture(void **state, const char *name)
{
	struct env *env = env_fixture(name);

	*state = NULL;
	if (!env)
		return 0;	/* the test skips */
	if (!env_ctx(env)) {
		env_free(env);
		return -1;
	}
	*state = env;
	return 0;
}

#define FIXTURE_SETUP(fn, name) \
	static int fn(void **state) { return setup_fixture(state, name); }

FIXTURE_SETUP(setup_hmem_fx, "hmem")
FIXTURE_SETUP(setup_split_fx, "hmem-split")
FIXTURE_SETUP(setup_kmem_fx, "hmem-kmem")
FIXTURE_SETUP(setup_mixed_fx, "hmem-kmem-mixed")
FIXTURE_SETUP(setup_numa_fx, "hmem-numa")
FIXTURE_SETUP(setup_numa_kmem_fx, "hmem-numa-kmem")
FIXTURE_SETUP(setup_pmem_fx, "legacy-pmem")
FIXTURE_SETUP(setup_pmem_kmem_fx, "legacy-pmem-kmem")
FIXTURE_SETUP(setup_nfit_fx, "nfit-pmem")

static int teardown_fx(void **state)
{
	fk_detach();
	if (*state)
		return teardown_env(state);
	return 0;
}

static struct env *need(void **state)
{
	if (!*state)
		skip();
	return *state;
}

static void written_is(int block, const char *val)
{
	char suffix[64];
	const char *got;

	snprintf(suffix, sizeof(suffix), "/memory%d/state", block);
	got = fk_written(suffix);
	if (!val && got)
		fail_msg("memory%d: \"%s\" written", block, got);
	if (val && (!got || strcmp(got, val) != 0))
		fail_msg("memory%d: want \"%s\", got \"%s\"", block, val,
				got ? got : "(nothing)");
}

static void test_hmem(void **state)
{
	struct env *env = need(state);
	struct daxctl_region *r = daxctl_region_get_first(env->ctx);
	struct daxctl_dev *dev;
	struct daxctl_mapping *m;

	assert_non_null(r);
	assert_null(daxctl_region_get_next(r));
	assert_int_equal(daxctl_region_get_id(r), 0);
	assert_string_equal(daxctl_region_get_path(r),
			"/sys/devices/platform/hmem.0");
	assert_string_equal(daxctl_region_get_devname(r), "hmem.0");
	assert_true(daxctl_region_get_size(r) == FT_GIB);
	assert_int_equal(daxctl_region_get_align(r), 2 * FT_MIB);
	assert_true(daxctl_region_get_available_size(r) == 0);
	/* the whole region is dax0.0: the seed attribute is empty */
	assert_null(daxctl_region_get_dev_seed(r));

	dev = daxctl_dev_get_first(r);
	assert_non_null(dev);
	assert_null(daxctl_dev_get_next(dev));
	assert_string_equal(daxctl_dev_get_devname(dev), "dax0.0");
	assert_int_equal(daxctl_dev_get_major(dev), 252);
	assert_int_equal(daxctl_dev_get_minor(dev), 0);
	assert_true(daxctl_dev_get_size(dev) == FT_GIB);
	assert_true(daxctl_dev_get_resource(dev) == 0x100000000ULL);
	assert_int_equal(daxctl_dev_get_align(dev), 2 * FT_MIB);
	assert_int_equal(daxctl_dev_get_target_node(dev), 0);
	assert_int_equal(daxctl_dev_is_enabled(dev), 1);
	assert_int_equal(daxctl_dev_get_mode(dev), DAXCTL_DEV_MODE_DEVDAX);
	assert_null(daxctl_dev_get_memory(dev));
	m = daxctl_mapping_get_first(dev);
	assert_non_null(m);
	assert_true(daxctl_mapping_get_start(m) == 0x100000000ULL);
	assert_true(daxctl_mapping_get_end(m) == 0x13fffffffULL);
	assert_true(daxctl_mapping_get_size(m) == FT_GIB);
	assert_null(daxctl_mapping_get_next(m));
	assert_int_equal(daxctl_dev_will_auto_online_memory(dev), 0);
}

static void test_hmem_resource_from_iomem(void **state)
{
	struct env *env = need(state);

	/* as a non-root reader sees it: resource is 0400 */
	assert_int_equal(ft_remove(env->ft,
			"sys/devices/platform/hmem.0/dax0.0/resource"), 0);
	assert_non_null(env_ctx(env));
	assert_true(daxctl_dev_get_resource(find_dev(env->ctx, "dax0.0")) ==
			0x100000000ULL);
}

static void test_split(void **state)
{
	struct env *env = need(state);
	struct daxctl_region *r = find_region(env->ctx, 0);
	struct daxctl_dev *d1, *d2, *seed;
	struct daxctl_mapping *m;
	struct daxctl_dev *dev;
	int n = 0;

	assert_non_null(r);
	assert_true(daxctl_region_get_available_size(r) == 320 * FT_MIB);
	daxctl_dev_foreach(r, dev)
		assert_int_equal(daxctl_dev_get_id(dev), n++);
	assert_int_equal(n, 4);

	d1 = find_dev(env->ctx, "dax0.1");
	assert_true(daxctl_dev_get_size(d1) == 64 * FT_MIB);
	m = daxctl_mapping_get_first(d1);
	assert_true(daxctl_mapping_get_start(m) == 0x130000000ULL);
	assert_true(daxctl_mapping_get_offset(m) == 0);
	m = daxctl_mapping_get_next(m);
	assert_non_null(m);
	assert_true(daxctl_mapping_get_start(m) == 0x120000000ULL);
	assert_true(daxctl_mapping_get_end(m) == 0x121ffffffULL);
	assert_true(daxctl_mapping_get_offset(m) == 0x2000);
	assert_true(daxctl_mapping_get_size(m) == 32 * FT_MIB);
	assert_null(daxctl_mapping_get_next(m));

	d2 = find_dev(env->ctx, "dax0.2");
	assert_int_equal(daxctl_dev_get_align(d2), 4096);
	assert_true(daxctl_dev_get_size(d2) == 128 * FT_MIB);

	seed = daxctl_region_get_dev_seed(r);
	assert_non_null(seed);
	assert_string_equal(daxctl_dev_get_devname(seed), "dax0.3");
	assert_true(daxctl_dev_get_size(seed) == 0);
	assert_int_equal(daxctl_dev_is_enabled(seed), 0);
	assert_int_equal(daxctl_dev_get_mode(seed), DAXCTL_DEV_MODE_UNKNOWN);
	assert_null(daxctl_mapping_get_first(seed));
}

static void test_split_reconfigure(void **state)
{
	struct env *env = need(state);
	struct daxctl_region *r = find_region(env->ctx, 0);
	struct daxctl_dev *seed;

	/* size the seed, enable it, then take it back down and delete */
	fk_attach(env->ft, true);
	seed = daxctl_region_get_dev_seed(r);
	assert_non_null(seed);
	assert_int_equal(daxctl_dev_set_size(seed, 256 * FT_MIB), 0);
	assert_string_equal(fk_written("dax0.3/size"), "0x10000000");
	assert_true(daxctl_dev_get_size(seed) == 256 * FT_MIB);
	assert_int_equal(daxctl_dev_enable_devdax(seed), 0);
	assert_int_equal(daxctl_dev_is_enabled(seed), 1);
	/* resizing a bound device: the kernel says EBUSY */
	assert_int_equal(daxctl_dev_set_size(seed, 0), -EBUSY);
	assert_int_equal(daxctl_region_destroy_dev(r, seed), -EBUSY);
	assert_int_equal(daxctl_dev_disable(seed), 0);
	assert_int_equal(daxctl_dev_set_size(seed, 0), 0);
	assert_int_equal(daxctl_region_destroy_dev(r, seed), 0);
	assert_string_equal(fk_written("dax_region/delete"), "dax0.3");
	assert_int_equal(count_devs(r), 3);
	assert_null(find_dev(env->ctx, "dax0.3"));
	/* daxX.0 can never be deleted */
	assert_int_equal(daxctl_region_destroy_dev(r,
			find_dev(env->ctx, "dax0.0")), -EBUSY);
	/* create: a new device joins the list */
	assert_int_equal(daxctl_region_create_dev(r), 0);
	assert_int_equal(count_devs(r), 4);
	assert_non_null(find_dev(env->ctx, "dax0.3"));
}

static void test_kmem(void **state)
{
	struct env *env = need(state);
	struct daxctl_dev *dev = find_dev(env->ctx, "dax0.0");
	struct daxctl_memory *mem;
	int n;

	assert_int_equal(daxctl_dev_get_mode(dev), DAXCTL_DEV_MODE_RAM);
	assert_int_equal(daxctl_dev_is_system_ram_capable(dev), 1);
	mem = daxctl_dev_get_memory(dev);
	assert_non_null(mem);
	assert_int_equal(daxctl_memory_get_block_size(mem), 128 * FT_MIB);
	assert_string_equal(daxctl_memory_get_node_path(mem),
			"/sys/devices/system/node/node0");
	assert_int_equal(daxctl_memory_num_sections(mem), 8);
	assert_int_equal(daxctl_memory_is_online(mem), 8);
	assert_int_equal(daxctl_memory_is_movable(mem), 1);
	assert_int_equal(daxctl_dev_has_online_memory(dev), 8);
	assert_int_equal(daxctl_dev_disable(dev), -EBUSY);

	fk_attach(env->ft, true);
	assert_int_equal(daxctl_memory_online(mem), 0);
	assert_int_equal(fk_count(), 0);
	assert_int_equal(daxctl_memory_offline(mem), 8);
	for (n = 32; n <= 39; n++)
		written_is(n, "offline");
	written_is(0, NULL);
	written_is(55, NULL);
	assert_int_equal(daxctl_dev_disable(dev), 0);
	assert_int_equal(daxctl_dev_get_mode(dev), DAXCTL_DEV_MODE_UNKNOWN);
	/* the memory object outlives the mode change */
	assert_int_equal(daxctl_memory_num_sections(mem), 8);
}

static void test_kmem_mixed(void **state)
{
	struct env *env = need(state);
	struct daxctl_memory *mem;
	int n;

	mem = daxctl_dev_get_memory(find_dev(env->ctx, "dax0.0"));
	assert_non_null(mem);
	assert_int_equal(daxctl_memory_num_sections(mem), 8);
	assert_int_equal(daxctl_memory_is_online(mem), 4);
	/* offline blocks have no zone: unknown (upstream: -ENXIO) */
	assert_true(daxctl_memory_is_movable(mem) < 0);

	fk_attach(env->ft, true);
	assert_int_equal(daxctl_memory_online(mem), 4);
	written_is(32, NULL);
	written_is(33, NULL);
	for (n = 34; n <= 37; n++)
		written_is(n, "online_movable");
	written_is(38, NULL);
	written_is(39, NULL);
	assert_int_equal(fk_count(), 4);
	assert_int_equal(daxctl_memory_is_online(mem), 8);
	/* 32-33 stay in Normal */
	assert_int_equal(daxctl_memory_is_movable(mem), 0);

	fk_reset_log();
	assert_int_equal(daxctl_memory_offline(mem), 8);
	for (n = 32; n <= 39; n++)
		written_is(n, "offline");
	assert_int_equal(daxctl_memory_online_no_movable(mem), 8);
	for (n = 32; n <= 39; n++)
		written_is(n, "online");
}

static void test_numa(void **state)
{
	struct env *env = need(state);
	struct daxctl_dev *dev = find_dev(env->ctx, "dax0.0");

	assert_non_null(dev);
	assert_int_equal(daxctl_dev_get_target_node(dev), 1);
	assert_true(daxctl_dev_get_resource(dev) == 0x180000000ULL);
	assert_int_equal(daxctl_dev_get_mode(dev), DAXCTL_DEV_MODE_DEVDAX);
	assert_null(daxctl_dev_get_memory(dev));
	assert_int_equal(daxctl_dev_has_online_memory(dev), 0);
}

static void test_numa_kmem(void **state)
{
	struct env *env = need(state);
	struct daxctl_memory *mem;

	mem = daxctl_dev_get_memory(find_dev(env->ctx, "dax0.0"));
	assert_non_null(mem);
	assert_string_equal(daxctl_memory_get_node_path(mem),
			"/sys/devices/system/node/node1");
	/* memory47 (node 0, just below) is not counted */
	assert_int_equal(daxctl_memory_num_sections(mem), 8);
	assert_int_equal(daxctl_memory_is_online(mem), 8);
	assert_int_equal(daxctl_memory_is_movable(mem), 1);
	fk_attach(env->ft, true);
	assert_int_equal(daxctl_memory_offline(mem), 8);
	written_is(47, NULL);
	written_is(48, "offline");
	written_is(55, "offline");
}

static void test_pmem(void **state)
{
	struct env *env = need(state);
	struct daxctl_region *r = daxctl_region_get_first(env->ctx);
	struct daxctl_dev *dev;

	assert_non_null(r);
	assert_null(daxctl_region_get_next(r));
	assert_string_equal(daxctl_region_get_path(r),
			"/sys/devices/platform/e820_pmem/ndbus0/region0/dax0.0");
	assert_string_equal(daxctl_region_get_devname(r), "dax0.0");
	assert_int_equal(daxctl_region_get_id(r), 0);
	assert_true(daxctl_region_get_size(r) == 1054867456ULL);
	assert_int_equal(daxctl_region_get_align(r), 2 * FT_MIB);
	/* static: no available_size, no seed, no create */
	assert_true(daxctl_region_get_available_size(r) == 0);
	assert_null(daxctl_region_get_dev_seed(r));
	assert_true(daxctl_region_create_dev(r) < 0);
	dev = daxctl_dev_get_first(r);
	assert_non_null(dev);
	assert_true(daxctl_dev_get_size(dev) == 1006 * FT_MIB);
	assert_true(daxctl_dev_get_resource(dev) == 0x101200000ULL);
	assert_int_equal(daxctl_dev_get_mode(dev), DAXCTL_DEV_MODE_DEVDAX);
	assert_int_equal(count_mappings(dev), 1);
}

static void test_pmem_libndctl(void **state)
{
	struct env *env = need(state);
	struct daxctl_region *r, *walked;
	struct daxctl_dev *dev;
	uuid_t uu, got;

	/* what libndctl does with the nd dax device it found */
	assert_non_null(env_ctx(env));
	memset(uu, 0xab, sizeof(uu));
	r = daxctl_new_region(env->ctx, 0, uu,
			"/sys/devices/platform/e820_pmem/ndbus0/region0/dax0.0");
	assert_non_null(r);
	dev = daxctl_dev_get_first(r);
	assert_non_null(dev);
	assert_string_equal(daxctl_dev_get_devname(dev), "dax0.0");
	assert_int_equal(daxctl_dev_has_online_memory(dev), 0);
	walked = daxctl_region_get_first(env->ctx);
	assert_ptr_equal(walked, r);
	assert_null(daxctl_region_get_next(walked));
	daxctl_region_get_uuid(walked, got);
	assert_memory_equal(got, uu, sizeof(uu));
	daxctl_region_unref(r);
}

static void test_pmem_kmem(void **state)
{
	struct env *env = need(state);
	struct daxctl_memory *mem;

	mem = daxctl_dev_get_memory(find_dev(env->ctx, "dax0.0"));
	assert_non_null(mem);
	/* 0x101200000 is not block aligned: whole blocks 33..39 only */
	assert_int_equal(daxctl_memory_num_sections(mem), 7);
	assert_int_equal(daxctl_memory_is_online(mem), 7);
	assert_int_equal(daxctl_memory_is_movable(mem), 1);
}

static void test_nfit(void **state)
{
	struct env *env = need(state);
	const char *path = "/sys/devices/LNXSYSTM:00/LNXSYBUS:00/ACPI0012:00"
		"/ndbus0/region0/dax0.0";
	struct daxctl_region *r = daxctl_region_get_first(env->ctx);
	struct daxctl_dev *dev;
	uuid_t uu, got;

	/* an NVDIMM namespace in devdax mode, found through the ACPI NFIT */
	assert_non_null(r);
	assert_string_equal(daxctl_region_get_path(r), path);
	assert_true(daxctl_region_get_size(r) == 1040187392ULL);
	dev = daxctl_dev_get_first(r);
	assert_non_null(dev);
	assert_true(daxctl_dev_get_resource(dev) == 0x101000000ULL);
	assert_true(daxctl_dev_get_size(dev) == 1040187392ULL);
	assert_int_equal(daxctl_dev_get_mode(dev), DAXCTL_DEV_MODE_DEVDAX);
	/* libndctl hands over the namespace uuid with the same path */
	memset(uu, 0, sizeof(uu));
	uu[0] = 0xb4;
	uu[15] = 0x42;
	assert_ptr_equal(daxctl_new_region(env->ctx, 0, uu, path), r);
	daxctl_region_get_uuid(r, got);
	assert_memory_equal(got, uu, sizeof(uu));
	/* without the resource attribute: the iomem line named dax0.0 */
	assert_int_equal(ft_remove(env->ft, "%s/dax0.0/resource", path + 1),
			0);
	assert_non_null(env_ctx(env));
	assert_true(daxctl_dev_get_resource(find_dev(env->ctx, "dax0.0")) ==
			0x101000000ULL);
}

#define T(fn, setup) cmocka_unit_test_setup_teardown(fn, setup, teardown_fx)

int main(void)
{
	const struct CMUnitTest tests[] = {
		T(test_hmem, setup_hmem_fx),
		T(test_hmem_resource_from_iomem, setup_hmem_fx),
		T(test_split, setup_split_fx),
		T(test_split_reconfigure, setup_split_fx),
		T(test_kmem, setup_kmem_fx),
		T(test_kmem_mixed, setup_mixed_fx),
		T(test_numa, setup_numa_fx),
		T(test_numa_kmem, setup_numa_kmem_fx),
		T(test_pmem, setup_pmem_fx),
		T(test_pmem_libndctl, setup_pmem_fx),
		T(test_pmem_kmem, setup_pmem_kmem_fx),
		T(test_nfit, setup_nfit_fx),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
