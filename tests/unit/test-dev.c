// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * Devices: attributes and their fallbacks, ascending numeric order, the
 * enabled state and mode read fresh, enable/disable (the failure path of
 * a plain tree and, through fakekernel, the kernel's answers), setters
 * with the kernel's errno and refreshed caches, the legacy class model,
 * NULL arguments.
 */
#include <errno.h>
#include <limits.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "helpers.h"
#include "fakekernel.h"

#define HMEM "sys/devices/platform/hmem.0"
#define DAX00 HMEM "/dax0.0"
#define DAX01 HMEM "/dax0.1"

static const struct ft_dev hmem_dax01 = {
	.parent = "platform/hmem.0", .region = 0, .id = 1,
};

static int teardown_fk(void **state)
{
	fk_detach();
	return teardown_env(state);
}

/*
 * The kernel binds only a device with a size (ENXIO for the 0-size seed):
 * give dax0.1 1 GiB of the region's free space, as a resize would.
 */
static void size_dax01(struct env *env)
{
	assert_int_equal(ft_write(env->ft, DAX01 "/size", "1073741824\n"), 0);
	assert_int_equal(ft_mapping_add(env->ft, &hmem_dax01, 0,
			0x180000000ULL, 0x1bfffffffULL, 0), 0);
}

static void test_dev_attrs(void **state)
{
	struct env *env = *state;
	struct daxctl_region *r0 = find_region(env->ctx, 0);
	struct daxctl_dev *dev = daxctl_dev_get_first(r0);

	assert_non_null(dev);
	assert_string_equal(daxctl_dev_get_devname(dev), "dax0.0");
	assert_int_equal(daxctl_dev_get_id(dev), 0);
	assert_ptr_equal(daxctl_dev_get_region(dev), r0);
	assert_ptr_equal(daxctl_dev_get_ctx(dev), env->ctx);
	assert_int_equal(daxctl_dev_get_major(dev), 252);
	assert_int_equal(daxctl_dev_get_minor(dev), 0);
	assert_true(daxctl_dev_get_resource(dev) == 0x140000000ULL);
	assert_true(daxctl_dev_get_size(dev) == 2 * FT_GIB);
	assert_int_equal(daxctl_dev_get_align(dev), 2 * FT_MIB);
	assert_int_equal(daxctl_dev_get_target_node(dev), 1);

	dev = daxctl_dev_get_next(dev);
	assert_non_null(dev);
	assert_string_equal(daxctl_dev_get_devname(dev), "dax0.1");
	assert_true(daxctl_dev_get_size(dev) == 0);
	assert_int_equal(daxctl_dev_get_minor(dev), 1);
	/* no resource attribute and no iomem line: 0 */
	assert_true(daxctl_dev_get_resource(dev) == 0);
	assert_null(daxctl_dev_get_next(dev));

	dev = find_dev(env->ctx, "dax1.0");
	assert_non_null(dev);
	assert_int_equal(daxctl_dev_get_minor(dev), 2);
	assert_int_equal(daxctl_dev_get_target_node(dev), 2);
}

static void test_dev_order_numeric(void **state)
{
	struct env *env = *state;
	struct ft_dev d = {
		.parent = "platform/hmem.0", .region = 0, .size = 0,
		.target_node = 1, .major = 252,
	};
	const int want[] = { 0, 1, 2, 10, 11 };
	struct daxctl_region *r0;
	struct daxctl_dev *dev;
	struct daxctl_ctx *ctx;
	int n = 0;

	/* readdir order is arbitrary, "dax0.10" < "dax0.2" as strings */
	d.id = 11, d.minor = 11;
	assert_int_equal(ft_dev_add(env->ft, &d), 0);
	d.id = 2, d.minor = 12;
	assert_int_equal(ft_dev_add(env->ft, &d), 0);
	d.id = 10, d.minor = 13;
	assert_int_equal(ft_dev_add(env->ft, &d), 0);
	ctx = env_ctx(env);
	r0 = find_region(ctx, 0);
	assert_non_null(r0);
	daxctl_dev_foreach(r0, dev) {
		assert_true(n < 5);
		assert_int_equal(daxctl_dev_get_id(dev), want[n]);
		n++;
	}
	assert_int_equal(n, 5);
}

static void test_enabled_fresh(void **state)
{
	struct env *env = *state;
	struct daxctl_dev *d0 = find_dev(env->ctx, "dax0.0");
	struct daxctl_dev *d1 = find_dev(env->ctx, "dax0.1");
	const struct ft_dev d00 = { .parent = "platform/hmem.0", .id = 0 };

	assert_int_equal(daxctl_dev_is_enabled(d0), 1);
	assert_int_equal(daxctl_dev_is_enabled(d1), 0);
	/* the kernel binds and unbinds behind the library's back */
	assert_int_equal(ft_dev_bind(env->ft, &hmem_dax01, "device_dax"), 0);
	assert_int_equal(ft_dev_unbind(env->ft, &d00), 0);
	assert_int_equal(daxctl_dev_is_enabled(d1), 1);
	assert_int_equal(daxctl_dev_is_enabled(d0), 0);
	assert_int_equal(daxctl_dev_get_mode(d0), DAXCTL_DEV_MODE_UNKNOWN);
	assert_int_equal(daxctl_dev_get_mode(d1), DAXCTL_DEV_MODE_DEVDAX);
}

static void test_modes(void **state)
{
	struct env *env = *state;
	struct daxctl_dev *d0 = find_dev(env->ctx, "dax0.0");
	struct daxctl_dev *d1 = find_dev(env->ctx, "dax0.1");

	assert_int_equal(daxctl_dev_get_mode(d0), DAXCTL_DEV_MODE_DEVDAX);
	assert_int_equal(daxctl_dev_is_devdax_mode(d0), 1);
	assert_int_equal(daxctl_dev_is_system_ram_mode(d0), 0);
	assert_int_equal(daxctl_dev_is_famfs_mode(d0), 0);
	assert_int_equal(daxctl_dev_is_system_ram_capable(d0), 0);
	assert_null(daxctl_dev_get_memory(d0));

	assert_int_equal(daxctl_dev_get_mode(d1), DAXCTL_DEV_MODE_UNKNOWN);
	assert_int_equal(daxctl_dev_is_devdax_mode(d1), 0);

	assert_int_equal(ft_dev_bind(env->ft, &hmem_dax01, "kmem"), 0);
	assert_int_equal(daxctl_dev_get_mode(d1), DAXCTL_DEV_MODE_RAM);
	assert_int_equal(daxctl_dev_is_system_ram_mode(d1), 1);
	assert_int_equal(daxctl_dev_is_system_ram_capable(d1), 1);

	assert_int_equal(ft_dev_unbind(env->ft, &hmem_dax01), 0);
	assert_int_equal(ft_dev_bind(env->ft, &hmem_dax01, "fsdev_dax"), 0);
	assert_int_equal(daxctl_dev_get_mode(d1), DAXCTL_DEV_MODE_FAMFS);
	assert_int_equal(daxctl_dev_is_famfs_mode(d1), 1);
	assert_int_equal(daxctl_dev_is_system_ram_capable(d1), 0);

	/* a driver libdaxctl does not know */
	assert_int_equal(ft_dev_unbind(env->ft, &hmem_dax01), 0);
	assert_int_equal(ft_dev_bind(env->ft, &hmem_dax01, "other_dax"), 0);
	assert_int_equal(daxctl_dev_is_enabled(d1), 1);
	assert_int_equal(daxctl_dev_get_mode(d1), DAXCTL_DEV_MODE_UNKNOWN);
}

static void test_enable_nothing_binds(void **state)
{
	struct env *env = *state;
	struct daxctl_dev *d1 = find_dev(env->ctx, "dax0.1");
	int rc;

	/* a plain tree: the writes land, nothing binds, enable fails */
	rc = daxctl_dev_enable_devdax(d1);
	assert_true(rc < 0);
	assert_int_equal(rc, -ENXIO);
	assert_string_equal(file_str(env->ft,
			"sys/bus/dax/drivers/device_dax/new_id"), "dax0.1");
	assert_string_equal(file_str(env->ft,
			"sys/bus/dax/drivers/device_dax/bind"), "dax0.1");
	assert_int_equal(daxctl_dev_is_enabled(d1), 0);
}

static void test_enable_devdax(void **state)
{
	struct env *env = *state;
	struct daxctl_dev *d1 = find_dev(env->ctx, "dax0.1");
	struct daxctl_mapping *m;

	/* size and mappings read (and cached) before the kernel resizes */
	assert_true(daxctl_dev_get_size(d1) == 0);
	assert_null(daxctl_mapping_get_first(d1));
	size_dax01(env);
	fk_attach(env->ft, true);
	assert_int_equal(daxctl_dev_enable_devdax(d1), 0);
	assert_string_equal(fk_written("drivers/device_dax/new_id"), "dax0.1");
	assert_int_equal(daxctl_dev_is_enabled(d1), 1);
	assert_int_equal(daxctl_dev_get_mode(d1), DAXCTL_DEV_MODE_DEVDAX);
	/* README row D14: size and mappings re-read after enable */
	assert_true(daxctl_dev_get_size(d1) == FT_GIB);
	m = daxctl_mapping_get_first(d1);
	assert_non_null(m);
	assert_true(daxctl_mapping_get_start(m) == 0x180000000ULL);
	/* enabling again in the same mode: nothing to do */
	fk_reset_log();
	assert_int_equal(daxctl_dev_enable_devdax(d1), 0);
	assert_int_equal(fk_count(), 0);
	/* in another mode: busy */
	assert_int_equal(daxctl_dev_enable_ram(d1), -EBUSY);
	assert_int_equal(daxctl_dev_enable_famfs(d1), -EBUSY);
	assert_int_equal(fk_count(), 0);
}

static void test_enable_ram(void **state)
{
	struct env *env = *state;
	struct daxctl_dev *d1 = find_dev(env->ctx, "dax0.1");
	struct daxctl_memory *mem;

	assert_null(daxctl_dev_get_memory(d1));
	size_dax01(env);
	fk_attach(env->ft, true);
	assert_int_equal(daxctl_dev_enable_ram(d1), 0);
	assert_string_equal(fk_written("drivers/kmem/new_id"), "dax0.1");
	assert_int_equal(fk_count_writes("drivers/device_dax/new_id"), 0);
	assert_int_equal(daxctl_dev_get_mode(d1), DAXCTL_DEV_MODE_RAM);
	mem = daxctl_dev_get_memory(d1);
	assert_non_null(mem);
	assert_ptr_equal(daxctl_memory_get_dev(mem), d1);
}

static void test_enable_driver_missing(void **state)
{
	struct env *env = *state;
	struct daxctl_dev *d1 = find_dev(env->ctx, "dax0.1");
	int rc;

	/* no kmem driver registered: no module load under a fake root */
	assert_int_equal(ft_remove(env->ft, "sys/bus/dax/drivers/kmem"), 0);
	fk_attach(env->ft, true);
	rc = daxctl_dev_enable_ram(d1);
	assert_true(rc < 0);
	assert_int_equal(fk_count(), 0);
	assert_int_equal(daxctl_dev_is_enabled(d1), 0);
	/* famfs: fsdev_dax is not in the canned tree either */
	assert_true(daxctl_dev_enable_famfs(d1) < 0);
	assert_int_equal(fk_count(), 0);
}

static void test_enable_bind_refused(void **state)
{
	struct env *env = *state;
	struct daxctl_dev *d1 = find_dev(env->ctx, "dax0.1");

	/* the kernel refuses both writes (size 0: ENXIO) */
	fk_attach(env->ft, false);
	fk_fail("drivers/device_dax/new_id", ENXIO);
	assert_int_equal(daxctl_dev_enable_devdax(d1), -ENXIO);
	fk_fail("/bind", EINVAL);
	assert_int_equal(daxctl_dev_enable_devdax(d1), -EINVAL);
	assert_int_equal(daxctl_dev_is_enabled(d1), 0);
}

static void test_disable(void **state)
{
	struct env *env = *state;
	struct daxctl_dev *d0 = find_dev(env->ctx, "dax0.0");
	int i;

	fk_attach(env->ft, true);
	assert_int_equal(daxctl_dev_disable(d0), 0);
	assert_int_equal(fk_count(), 2);
	/* remove_id first, then unbind, both with the device name */
	assert_true(strstr(fk_get(0)->path, "remove_id") != NULL);
	assert_true(strstr(fk_get(1)->path, "unbind") != NULL);
	for (i = 0; i < 2; i++) {
		assert_string_equal(fk_get(i)->val, "dax0.0");
		assert_non_null(strstr(fk_get(i)->path, "device_dax"));
	}
	assert_int_equal(daxctl_dev_is_enabled(d0), 0);
	assert_int_equal(daxctl_dev_get_mode(d0), DAXCTL_DEV_MODE_UNKNOWN);
	/* already disabled: 0, nothing written */
	fk_reset_log();
	assert_int_equal(daxctl_dev_disable(d0), 0);
	assert_int_equal(fk_count(), 0);
	/* and it can be enabled again */
	assert_int_equal(daxctl_dev_enable_devdax(d0), 0);
	assert_int_equal(daxctl_dev_is_enabled(d0), 1);
}

static void test_disable_stays_bound(void **state)
{
	struct env *env = *state;
	struct daxctl_dev *d0 = find_dev(env->ctx, "dax0.0");

	/* a plain tree: the driver link stays, disable says EBUSY */
	assert_int_equal(daxctl_dev_disable(d0), -EBUSY);
	assert_string_equal(file_str(env->ft,
			"sys/bus/dax/drivers/device_dax/unbind"), "dax0.0");
	assert_string_equal(file_str(env->ft,
			"sys/bus/dax/drivers/device_dax/remove_id"), "dax0.0");
	assert_int_equal(daxctl_dev_is_enabled(d0), 1);
	/* unbind refused by the kernel: its errno */
	fk_attach(env->ft, false);
	fk_fail("/unbind", EACCES);
	assert_int_equal(daxctl_dev_disable(d0), -EACCES);
}

static void test_disable_kmem_online(void **state)
{
	struct env *env = *state;
	struct daxctl_dev *d0 = find_dev(env->ctx, "dax0.0");
	struct daxctl_memory *mem = daxctl_dev_get_memory(d0);

	assert_non_null(mem);
	fk_attach(env->ft, true);
	/* memory online: refused before anything is written */
	assert_int_equal(daxctl_dev_disable(d0), -EBUSY);
	assert_int_equal(fk_count(), 0);
	assert_int_equal(daxctl_dev_is_enabled(d0), 1);
	/* offline it, then disable works and the memory handle survives */
	assert_int_equal(daxctl_memory_offline(mem), 8);
	assert_int_equal(daxctl_dev_disable(d0), 0);
	assert_int_equal(daxctl_dev_is_enabled(d0), 0);
	/* README row D14: the memory handle stays valid after disable */
	assert_ptr_equal(daxctl_memory_get_dev(mem), d0);
	assert_int_equal(daxctl_memory_get_block_size(mem), 128 * FT_MIB);
	assert_string_equal(daxctl_memory_get_node_path(mem),
			"/sys/devices/system/node/node1");
	assert_null(daxctl_dev_get_memory(d0));
	assert_int_equal(daxctl_dev_has_online_memory(d0), 0);
}

static void test_class_model_dev(void **state)
{
	struct env *env = *state;
	struct daxctl_dev *dev = find_dev(env->ctx, "dax0.0");

	assert_non_null(dev);
	assert_int_equal(daxctl_dev_get_major(dev), 251);
	assert_true(daxctl_dev_get_size(dev) == 2 * FT_GIB - 8 * FT_MIB);
	/* no align attribute (old kernel): 0 */
	assert_int_equal(daxctl_dev_get_align(dev), 0);
	assert_true(daxctl_dev_get_resource(dev) == 0x100800000ULL);
	/* the class model is always enabled, devdax, and cannot change */
	assert_int_equal(daxctl_dev_is_enabled(dev), 1);
	assert_int_equal(daxctl_dev_get_mode(dev), DAXCTL_DEV_MODE_DEVDAX);
	assert_int_equal(daxctl_dev_enable_devdax(dev), -EOPNOTSUPP);
	assert_int_equal(daxctl_dev_enable_ram(dev), -EOPNOTSUPP);
	assert_int_equal(daxctl_dev_enable_famfs(dev), -EOPNOTSUPP);
	assert_int_equal(daxctl_dev_disable(dev), -EOPNOTSUPP);
	assert_null(daxctl_dev_get_memory(dev));
}

static void test_set_size(void **state)
{
	struct env *env = *state;
	struct daxctl_dev *d1 = find_dev(env->ctx, "dax0.1");

	assert_true(daxctl_dev_get_size(d1) == 0);
	fk_attach(env->ft, true);
	assert_int_equal(daxctl_dev_set_size(d1, FT_GIB), 0);
	assert_string_equal(fk_written("dax0.1/size"), "0x40000000");
	/* the cached size follows the kernel's */
	/* README row D14: size cache refreshed after resize */
	assert_true(daxctl_dev_get_size(d1) == FT_GIB);
	assert_int_equal(daxctl_dev_set_size(d1, 0), 0);
	assert_string_equal(fk_written("dax0.1/size"), "0");
	assert_true(daxctl_dev_get_size(d1) == 0);
}

static void test_set_size_errno(void **state)
{
	struct env *env = *state;
	struct daxctl_dev *d1 = find_dev(env->ctx, "dax0.1");
	struct daxctl_dev *d0 = find_dev(env->ctx, "dax0.0");
	const int errs[] = { EBUSY, EINVAL, ENOSPC, ENXIO, EACCES, ENOMEM };
	unsigned int i;

	fk_attach(env->ft, true);
	for (i = 0; i < sizeof(errs) / sizeof(errs[0]); i++) {
		fk_fail("dax0.1/size", errs[i]);
		assert_int_equal(daxctl_dev_set_size(d1, 3 * FT_MIB),
				-errs[i]);
		assert_true(daxctl_dev_get_size(d1) == 0);
	}
	fk_clear_fail();
	/* the kernel refuses resizing a bound device */
	assert_int_equal(daxctl_dev_set_size(d0, FT_GIB), -EBUSY);
	assert_true(daxctl_dev_get_size(d0) == 2 * FT_GIB);
	fk_detach();
	/* a file that refuses open: a directory, a dangling symlink */
	assert_int_equal(ft_make_unwritable(env->ft, DAX01 "/size"), 0);
	assert_int_equal(daxctl_dev_set_size(d1, FT_GIB), -EISDIR);
	assert_int_equal(ft_remove(env->ft, DAX01 "/size"), 0);
	assert_int_equal(ft_symlink_raw(env->ft, "nonexistent/size",
			DAX01 "/size"), 0);
	assert_int_equal(daxctl_dev_set_size(d1, FT_GIB), -ENOENT);
	assert_int_equal(daxctl_dev_set_size(NULL, FT_GIB), -EINVAL);
	/* unprivileged runs: a read-only attribute is EACCES (root ignores
	 * the mode, hence the directory and the dangling link above) */
	if (geteuid() != 0) {
		assert_int_equal(ft_remove(env->ft, DAX01 "/size"), 0);
		assert_int_equal(ft_write(env->ft, DAX01 "/size", "0\n"), 0);
		assert_int_equal(chmod(ft_path(env->ft, DAX01 "/size"), 0444),
				0);
		assert_int_equal(daxctl_dev_set_size(d1, FT_GIB), -EACCES);
	}
}

static void test_set_align(void **state)
{
	struct env *env = *state;
	struct daxctl_dev *d1 = find_dev(env->ctx, "dax0.1");

	assert_int_equal(daxctl_dev_get_align(d1), 2 * FT_MIB);
	fk_attach(env->ft, true);
	assert_int_equal(daxctl_dev_set_align(d1, 4096), 0);
	assert_string_equal(fk_written("dax0.1/align"), "0x1000");
	assert_int_equal(daxctl_dev_get_align(d1), 4096);
	fk_fail("dax0.1/align", EINVAL);
	assert_int_equal(daxctl_dev_set_align(d1, 12345), -EINVAL);
	assert_int_equal(daxctl_dev_get_align(d1), 4096);
	fk_detach();
	assert_int_equal(ft_make_unwritable(env->ft, DAX01 "/align"), 0);
	assert_int_equal(daxctl_dev_set_align(d1, FT_GIB), -EISDIR);
	assert_int_equal(daxctl_dev_set_align(NULL, 4096), -EINVAL);
}

static void test_set_mapping(void **state)
{
	struct env *env = *state;
	struct daxctl_dev *d1 = find_dev(env->ctx, "dax0.1");
	struct daxctl_mapping *m;

	assert_null(daxctl_mapping_get_first(d1));
	fk_attach(env->ft, true);
	assert_int_equal(daxctl_dev_set_mapping(d1, 0x180000000ULL,
			0x1bfffffffULL), 0);
	assert_string_equal(fk_written("dax0.1/mapping"),
			"0x180000000-0x1bfffffff");
	/* the mapping list was read before: it is refreshed */
	/* README row D14: mapping list refreshed after remap */
	m = daxctl_mapping_get_first(d1);
	assert_non_null(m);
	assert_true(daxctl_mapping_get_start(m) == 0x180000000ULL);
	assert_true(daxctl_mapping_get_end(m) == 0x1bfffffffULL);
	assert_true(daxctl_mapping_get_size(m) == FT_GIB);
	assert_null(daxctl_mapping_get_next(m));

	assert_int_equal(daxctl_dev_set_mapping(d1, 0x200000000ULL,
			0x1ffffffffULL), -EINVAL);
	fk_fail("dax0.1/mapping", ENOSPC);
	assert_int_equal(daxctl_dev_set_mapping(d1, 0x1c0000000ULL,
			0x1dfffffffULL), -ENOSPC);
	assert_int_equal(count_mappings(d1), 1);
	assert_int_equal(daxctl_dev_set_mapping(NULL, 0, 1), -EINVAL);
}

static void test_resource_fallback(void **state)
{
	struct env *env = *state;
	struct daxctl_ctx *ctx;

	/* resource is root-only on the kernel: /proc/iomem names the dev */
	assert_int_equal(ft_remove(env->ft, DAX00 "/resource"), 0);
	assert_int_equal(ft_remove(env->ft,
			"sys/devices/platform/e820/ndbus0/region1/dax1.0/resource"),
			0);
	ctx = env_ctx(env);
	assert_true(daxctl_dev_get_resource(find_dev(ctx, "dax0.0")) ==
			0x140000000ULL);
	assert_true(daxctl_dev_get_resource(find_dev(ctx, "dax1.0")) ==
			0x340000000ULL);
	/* neither: 0 */
	assert_true(daxctl_dev_get_resource(find_dev(ctx, "dax0.1")) == 0);
}

static void test_missing_optional(void **state)
{
	struct env *env = *state;
	struct daxctl_dev *dev;
	struct daxctl_ctx *ctx;

	assert_int_equal(ft_remove(env->ft, DAX00 "/align"), 0);
	assert_int_equal(ft_remove(env->ft, DAX00 "/target_node"), 0);
	ctx = env_ctx(env);
	dev = find_dev(ctx, "dax0.0");
	assert_non_null(dev);
	assert_int_equal(daxctl_dev_get_align(dev), 0);
	assert_int_equal(daxctl_dev_get_target_node(dev), -1);
	assert_true(daxctl_dev_get_size(dev) == 2 * FT_GIB);
}

static void test_auto_online(void **state)
{
	struct env *env = *state;
	struct daxctl_dev *d0 = find_dev(env->ctx, "dax0.0");
	const char *attr = "sys/devices/system/memory/auto_online_blocks";

	assert_int_equal(daxctl_dev_will_auto_online_memory(d0), 0);
	assert_int_equal(ft_write(env->ft, attr, "online\n"), 0);
	assert_int_equal(daxctl_dev_will_auto_online_memory(d0), 1);
	assert_int_equal(ft_write(env->ft, attr, "online_movable\n"), 0);
	assert_int_equal(daxctl_dev_will_auto_online_memory(d0), 1);
	assert_int_equal(ft_write(env->ft, attr, "online_kernel\n"), 0);
	assert_int_equal(daxctl_dev_will_auto_online_memory(d0), 1);
	assert_int_equal(ft_write(env->ft, attr, "offline"), 0);
	assert_int_equal(daxctl_dev_will_auto_online_memory(d0), 0);
	/* missing: 0, and no read of an uninitialised buffer (valgrind) */
	assert_int_equal(ft_remove(env->ft, "%s", attr), 0);
	assert_int_equal(daxctl_dev_will_auto_online_memory(d0), 0);
	assert_int_equal(ft_write(env->ft, attr, ""), 0);
	assert_int_equal(daxctl_dev_will_auto_online_memory(d0), 0);
}

static void test_has_online_memory(void **state)
{
	struct env *env = *state;

	assert_int_equal(daxctl_dev_has_online_memory(
			find_dev(env->ctx, "dax0.0")), 8);
	assert_int_equal(daxctl_dev_has_online_memory(
			find_dev(env->ctx, "dax0.1")), 2);
	/* not system-ram: no memory object, 0 */
	assert_int_equal(daxctl_dev_has_online_memory(
			find_dev(env->ctx, "dax0.2")), 0);
	assert_int_equal(daxctl_dev_has_online_memory(NULL), 0);
}

static void test_dev_null_args(void **state)
{
	(void)state;
	assert_null(daxctl_dev_get_next(NULL));
	assert_null(daxctl_dev_get_region(NULL));
	assert_null(daxctl_dev_get_ctx(NULL));
	assert_null(daxctl_dev_get_devname(NULL));
	assert_true(daxctl_dev_get_id(NULL) < 0);
	assert_true(daxctl_dev_get_major(NULL) < 0);
	assert_true(daxctl_dev_get_minor(NULL) < 0);
	assert_true(daxctl_dev_get_resource(NULL) == 0);
	assert_true(daxctl_dev_get_size(NULL) == 0);
	assert_true(daxctl_dev_get_align(NULL) == 0);
	assert_int_equal(daxctl_dev_get_target_node(NULL), -1);
	assert_int_equal(daxctl_dev_is_enabled(NULL), 0);
	assert_int_equal(daxctl_dev_get_mode(NULL), DAXCTL_DEV_MODE_UNKNOWN);
	assert_int_equal(daxctl_dev_is_devdax_mode(NULL), 0);
	assert_int_equal(daxctl_dev_is_system_ram_mode(NULL), 0);
	assert_int_equal(daxctl_dev_is_famfs_mode(NULL), 0);
	assert_int_equal(daxctl_dev_is_system_ram_capable(NULL), 0);
	assert_true(daxctl_dev_enable_devdax(NULL) < 0);
	assert_true(daxctl_dev_enable_ram(NULL) < 0);
	assert_true(daxctl_dev_enable_famfs(NULL) < 0);
	assert_true(daxctl_dev_disable(NULL) < 0);
	assert_int_equal(daxctl_dev_will_auto_online_memory(NULL), 0);
	assert_null(daxctl_dev_get_memory(NULL));
	assert_null(daxctl_mapping_get_first(NULL));
}

#define T(fn, setup) cmocka_unit_test_setup_teardown(fn, setup, teardown_fk)

int main(void)
{
	const struct CMUnitTest tests[] = {
		T(test_dev_attrs, setup_hmem),
		T(test_dev_order_numeric, setup_hmem),
		T(test_enabled_fresh, setup_hmem),
		T(test_modes, setup_hmem),
		T(test_enable_nothing_binds, setup_hmem),
		T(test_enable_devdax, setup_hmem),
		T(test_enable_ram, setup_hmem),
		T(test_enable_driver_missing, setup_hmem),
		T(test_enable_bind_refused, setup_hmem),
		T(test_disable, setup_hmem),
		T(test_disable_stays_bound, setup_hmem),
		T(test_disable_kmem_online, setup_kmem),
		T(test_class_model_dev, setup_class),
		T(test_set_size, setup_hmem),
		T(test_set_size_errno, setup_hmem),
		T(test_set_align, setup_hmem),
		T(test_set_mapping, setup_hmem),
		T(test_resource_fallback, setup_hmem),
		T(test_missing_optional, setup_hmem),
		T(test_auto_online, setup_hmem),
		T(test_has_online_memory, setup_kmem),
		cmocka_unit_test(test_dev_null_args),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
