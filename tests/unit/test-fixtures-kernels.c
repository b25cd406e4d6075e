// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * The library on every tree captured from a real kernel (tests/fixtures,
 * see its README), whichever kernel of the matrix it came from (6.1,
 * 6.12, 7.3) and whatever its state (devdax, system-ram online or offline,
 * famfs): what the library reports must be what the captured sysfs says.
 * Addresses and block numbers change with each kernel package, so nothing
 * is hard-coded: each value is read from the tree itself.
 *
 * A kernel's fixtures that are missing (tests/vm/run --fixtures on that
 * kernel never ran) make its case a skip, never a pass.
 */
#include <dirent.h>
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "helpers.h"
#include "fakekernel.h"

#ifndef FIXTURES_DIR
#define FIXTURES_DIR "tests/fixtures"
#endif

/* the driver a captured device is bound to, or "" */
static const char *driver_of(struct faketree *ft, const char *dev)
{
	static char buf[PATH_MAX];
	char link[PATH_MAX];
	ssize_t n;
	const char *p;

	snprintf(link, sizeof(link), "%s",
		 ft_path(ft, "sys/bus/dax/devices/%s/driver", dev));
	n = readlink(link, buf, sizeof(buf) - 1);
	if (n < 0)
		return "";
	buf[n] = '\0';
	p = strrchr(buf, '/');
	return p ? p + 1 : buf;
}

/* sys/bus/dax/devices/@dev/@attr as a number, or @def */
static unsigned long long u64_of(struct faketree *ft, const char *dev,
				 const char *attr, unsigned long long def)
{
	char *s = ft_read(ft, "sys/bus/dax/devices/%s/%s", dev, attr);
	unsigned long long v = def;

	if (s && *s)
		v = strtoull(s, NULL, 0);
	free(s);
	return v;
}

/* online blocks of [start, start + size) in the captured tree */
static int online_blocks(struct faketree *ft, unsigned long long start,
			 unsigned long long size)
{
	char *s = ft_read(ft, "sys/devices/system/memory/block_size_bytes");
	unsigned long long bs = s ? strtoull(s, NULL, 16) : 0, b;
	int n = 0;

	free(s);
	if (!bs)
		return -1;
	for (b = start / bs; b <= (start + size - 1) / bs; b++) {
		char *st = ft_read(ft, "sys/devices/system/memory/memory%llu/state", b);

		if (st && strncmp(st, "online", 6) == 0)
			n++;
		free(st);
	}
	return n;
}

/* check one fixture; returns the number of devices seen */
static int check_fixture(const char *name)
{
	struct env *env = env_fixture(name);
	struct daxctl_region *region;
	struct daxctl_dev *dev;
	char *auto_online;
	int ndev = 0;

	assert_non_null(env);
	assert_non_null(env_ctx(env));
	auto_online = ft_read(env->ft, "sys/devices/system/memory/auto_online_blocks");
	daxctl_region_foreach(env->ctx, region) {
		daxctl_dev_foreach(region, dev) {
			const char *d = daxctl_dev_get_devname(dev);
			const char *drv = driver_of(env->ft, d);
			int want;

			ndev++;
			if (strcmp(drv, "kmem") == 0)
				want = DAXCTL_DEV_MODE_RAM;
			else if (strcmp(drv, "device_dax") == 0)
				want = DAXCTL_DEV_MODE_DEVDAX;
			else if (strcmp(drv, "fsdev_dax") == 0)
				want = DAXCTL_DEV_MODE_FAMFS;
			else
				want = DAXCTL_DEV_MODE_UNKNOWN;
			if (daxctl_dev_get_mode(dev) != want)
				fail_msg("%s: %s: mode %d, driver '%s'", name, d,
					 daxctl_dev_get_mode(dev), drv);
			assert_int_equal(daxctl_dev_is_famfs_mode(dev),
					 want == DAXCTL_DEV_MODE_FAMFS);
			assert_int_equal(daxctl_dev_is_devdax_mode(dev),
					 want == DAXCTL_DEV_MODE_DEVDAX);
			assert_int_equal(daxctl_dev_is_system_ram_mode(dev),
					 want == DAXCTL_DEV_MODE_RAM);
			assert_int_equal(daxctl_dev_is_enabled(dev), drv[0] != '\0');
			assert_true(daxctl_dev_get_size(dev) ==
				    u64_of(env->ft, d, "size", 0));
			assert_int_equal(daxctl_dev_get_target_node(dev),
				(int)u64_of(env->ft, d, "target_node",
					    (unsigned long long)-1));
			if (ft_exists(env->ft, "sys/bus/dax/devices/%s/align", d))
				assert_true(daxctl_dev_get_align(dev) ==
					    u64_of(env->ft, d, "align", 0));
			if (want == DAXCTL_DEV_MODE_RAM) {
				struct daxctl_memory *mem = daxctl_dev_get_memory(dev);
				int on = online_blocks(env->ft, daxctl_dev_get_resource(dev),
						       daxctl_dev_get_size(dev));

				assert_non_null(mem);
				if (daxctl_memory_is_online(mem) != on)
					fail_msg("%s: %s: %d blocks online, the tree has %d",
						 name, d, daxctl_memory_is_online(mem), on);
				assert_int_equal(daxctl_dev_has_online_memory(dev), on);
			} else {
				assert_null(daxctl_dev_get_memory(dev));
			}
			assert_int_equal(daxctl_dev_will_auto_online_memory(dev),
				auto_online && strncmp(auto_online, "online", 6) == 0);
		}
	}
	free(auto_online);
	env_free(env);
	fk_detach();
	return ndev;
}

static const char *m_kernel(const char *suffix)
{
	return *suffix ? suffix + 1 : "6.1";
}

/* every fixture whose name ends in @suffix ("" : those of 6.1, no suffix) */
static void check_kernel(const char *suffix)
{
	DIR *d = opendir(FIXTURES_DIR);
	struct dirent *e;
	int nfx = 0;

	if (!d)
		skip();
	while ((e = readdir(d))) {
		size_t n = strlen(e->d_name), m = strlen(suffix);
		char sys[PATH_MAX];
		bool ours;

		if (e->d_name[0] == '.')
			continue;
		snprintf(sys, sizeof(sys), "%s/%s/sys", FIXTURES_DIR, e->d_name);
		if (access(sys, F_OK) != 0)
			continue;
		if (m)
			ours = n > m && strcmp(e->d_name + n - m, suffix) == 0;
		else
			ours = !strstr(e->d_name, "-6.12") && !strstr(e->d_name, "-7.3");
		if (!ours)
			continue;
		assert_true(check_fixture(e->d_name) > 0);
		nfx++;
	}
	closedir(d);
	if (!nfx)
		skip();
	print_message("[          ] %d fixtures of kernel %s\n", nfx,
		      m_kernel(suffix));
}

static void test_kernel_6_1(void **state) { (void)state; check_kernel(""); }
static void test_kernel_6_12(void **state) { (void)state; check_kernel("-6.12"); }
static void test_kernel_7_3(void **state) { (void)state; check_kernel("-7.3"); }

/* the famfs state of 7.3: the device on fsdev_dax */
static void test_famfs(void **state)
{
	struct env *env = env_fixture("famfs-7.3");
	struct daxctl_dev *dev;

	(void)state;
	if (!env)
		skip();
	assert_non_null(env_ctx(env));
	dev = find_dev(env->ctx, "dax0.0");
	assert_non_null(dev);
	assert_int_equal(daxctl_dev_get_mode(dev), DAXCTL_DEV_MODE_FAMFS);
	assert_int_equal(daxctl_dev_is_famfs_mode(dev), 1);
	assert_int_equal(daxctl_dev_is_enabled(dev), 1);
	assert_null(daxctl_dev_get_memory(dev));
	/* famfs -> devdax without the fake kernel: enable refuses, it is bound */
	assert_int_equal(daxctl_dev_enable_devdax(dev), -EBUSY);
	env_free(env);
}

/*
 * CXL (6.12 and 7.3): the dax_region of a CXL RAM region made by
 * `cxl create-region -t ram`, its dax0.0 on device_dax and then on kmem
 * with the 4 blocks offline; dax_cxl sets memmap_on_memory.
 */
/* dax0.0 of fixture @prefix-@kernel (skips when it was never captured) */
static struct daxctl_dev *cxl_dev(const char *prefix, const char *kernel,
				  struct env **envp)
{
	char name[64];
	struct daxctl_dev *dev;

	snprintf(name, sizeof(name), "%s-%s", prefix, kernel);
	*envp = env_fixture(name);
	if (!*envp)
		skip();
	assert_non_null(env_ctx(*envp));
	dev = find_dev((*envp)->ctx, "dax0.0");
	assert_non_null(dev);
	return dev;
}

static void check_cxl(const char *kernel)
{
	struct env *env;
	struct daxctl_dev *dev;
	struct daxctl_memory *mem;
	const char *path;

	dev = cxl_dev("cxl", kernel, &env);
	path = daxctl_region_get_path(daxctl_dev_get_region(dev));
	assert_non_null(path);
	assert_non_null(strstr(path, "/decoder0.0/region0/dax_region0"));
	assert_int_equal(daxctl_dev_get_mode(dev), DAXCTL_DEV_MODE_DEVDAX);
	assert_int_equal(daxctl_dev_get_size(dev), 512ULL << 20);
	assert_int_equal(u64_of(env->ft, "dax0.0", "memmap_on_memory", 0), 1);
	env_free(env);

	dev = cxl_dev("cxl-kmem", kernel, &env);
	assert_int_equal(daxctl_dev_get_mode(dev), DAXCTL_DEV_MODE_RAM);
	mem = daxctl_dev_get_memory(dev);
	assert_non_null(mem);
	assert_int_equal(daxctl_memory_num_sections(mem), 4);
	assert_int_equal(daxctl_memory_is_online(mem), 0);
	env_free(env);
}

static void test_cxl_6_12(void **state) { (void)state; check_cxl("6.12"); }
static void test_cxl_7_3(void **state) { (void)state; check_cxl("7.3"); }

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_kernel_6_1),
		cmocka_unit_test(test_kernel_6_12),
		cmocka_unit_test(test_kernel_7_3),
		cmocka_unit_test(test_famfs),
		cmocka_unit_test(test_cxl_6_12),
		cmocka_unit_test(test_cxl_7_3),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
