// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * The sysfs module (internal, through libdaxctl-internal.la): bounded
 * reads with truncation detected, strict number parsing, writes with the
 * errno of open()/write(), links, directories, lexical path resolution,
 * and confinement of a fake root.
 */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/sysmacros.h>
#include <unistd.h>

#include "helpers.h"
#include "libdaxctl-private.h"
#include "sysfs.h"

static void test_read(void **state)
{
	struct env *env = *state;
	char buf[8];

	assert_int_equal(ft_write(env->ft, "sys/a", "abc\n"), 0);
	assert_int_equal(sysfs_read(env->ctx, buf, sizeof(buf), "/sys/a"), 3);
	assert_string_equal(buf, "abc");
	/* only one trailing newline goes */
	assert_int_equal(ft_write(env->ft, "sys/a", "ab\n\n"), 0);
	assert_int_equal(sysfs_read(env->ctx, buf, sizeof(buf), "/sys/a"), 3);
	assert_string_equal(buf, "ab\n");
	/* exactly len - 1 bytes fit; one more is -EFBIG, not a stale value */
	assert_int_equal(ft_write(env->ft, "sys/a", "1234567"), 0);
	assert_int_equal(sysfs_read(env->ctx, buf, sizeof(buf), "/sys/a"), 7);
	assert_string_equal(buf, "1234567");
	assert_int_equal(ft_write(env->ft, "sys/a", "12345678"), 0);
	assert_int_equal(sysfs_read(env->ctx, buf, sizeof(buf), "/sys/a"),
			-EFBIG);
	/* with the newline, 7 characters still fit */
	assert_int_equal(ft_write(env->ft, "sys/a", "1234567\n"), 0);
	assert_int_equal(sysfs_read(env->ctx, buf, sizeof(buf), "/sys/a"),
			-EFBIG);
	assert_int_equal(ft_write(env->ft, "sys/a", ""), 0);
	assert_int_equal(sysfs_read(env->ctx, buf, sizeof(buf), "/sys/a"), 0);
	assert_string_equal(buf, "");
	assert_int_equal(sysfs_read(env->ctx, buf, sizeof(buf), "/sys/nope"),
			-ENOENT);
	assert_int_equal(sysfs_read(env->ctx, buf, sizeof(buf), "/sys"),
			-EISDIR);
	/* printf-style paths */
	assert_int_equal(ft_write(env->ft, "sys/dax3.4", "x"), 0);
	assert_int_equal(sysfs_read(env->ctx, buf, sizeof(buf), "/sys/dax%d.%d",
			3, 4), 1);
}

static void test_read_page(void **state)
{
	struct env *env = *state;
	char *page = malloc(SYSFS_ATTR_MAX + 1);
	char *buf = malloc(SYSFS_ATTR_MAX);

	assert_non_null(page);
	assert_non_null(buf);
	memset(page, 'x', SYSFS_ATTR_MAX);
	page[SYSFS_ATTR_MAX] = '\0';
	/* a full sysfs page does not fit a SYSFS_ATTR_MAX buffer + NUL */
	assert_int_equal(ft_write(env->ft, "sys/page", page), 0);
	assert_int_equal(sysfs_read(env->ctx, buf, SYSFS_ATTR_MAX,
			"/sys/page"), -EFBIG);
	page[SYSFS_ATTR_MAX - 1] = '\n';
	assert_int_equal(ft_write(env->ft, "sys/page", page), 0);
	assert_int_equal(sysfs_read(env->ctx, buf, SYSFS_ATTR_MAX,
			"/sys/page"), -EFBIG);
	page[SYSFS_ATTR_MAX - 1] = '\0';
	assert_int_equal(ft_write(env->ft, "sys/page", page), 0);
	assert_int_equal(sysfs_read(env->ctx, buf, SYSFS_ATTR_MAX,
			"/sys/page"), SYSFS_ATTR_MAX - 1);
	free(page);
	free(buf);
}

static void test_parse_u64(void **state)
{
	unsigned long long v = 42;

	(void)state;
	assert_int_equal(parse_u64("0", 0, &v), 0);
	assert_true(v == 0);
	assert_int_equal(parse_u64("123", 0, &v), 0);
	assert_true(v == 123);
	assert_int_equal(parse_u64("0x1F", 0, &v), 0);
	assert_true(v == 31);
	assert_int_equal(parse_u64("010", 0, &v), 0);
	assert_true(v == 10);
	assert_int_equal(parse_u64("8000000", 16, &v), 0);
	assert_true(v == 0x8000000);
	assert_int_equal(parse_u64("0x10", 16, &v), 0);
	assert_true(v == 16);
	assert_int_equal(parse_u64("ff", 16, &v), 0);
	assert_true(v == 255);
	assert_int_equal(parse_u64("18446744073709551615", 0, &v), 0);
	assert_true(v == ULLONG_MAX);
	v = 7;
	assert_int_equal(parse_u64("18446744073709551616", 0, &v), -ERANGE);
	assert_int_equal(parse_u64("", 0, &v), -EINVAL);
	assert_int_equal(parse_u64(NULL, 0, &v), -EINVAL);
	assert_int_equal(parse_u64("-1", 0, &v), -EINVAL);
	assert_int_equal(parse_u64("+1", 0, &v), -EINVAL);
	assert_int_equal(parse_u64(" 1", 0, &v), -EINVAL);
	assert_int_equal(parse_u64("1 ", 0, &v), -EINVAL);
	assert_int_equal(parse_u64("ff", 0, &v), -EINVAL);
	assert_int_equal(parse_u64("0x", 0, &v), -EINVAL);
	assert_int_equal(parse_u64("12g", 16, &v), -EINVAL);
	/* failures leave the value alone */
	assert_true(v == 7);
}

static void test_parse_int(void **state)
{
	int v = 5;

	(void)state;
	assert_int_equal(parse_int("-1", &v), 0);
	assert_int_equal(v, -1);
	assert_int_equal(parse_int("2147483647", &v), 0);
	assert_int_equal(v, INT_MAX);
	assert_int_equal(parse_int("-2147483648", &v), 0);
	assert_int_equal(v, INT_MIN);
	v = 5;
	assert_int_equal(parse_int("2147483648", &v), -ERANGE);
	assert_int_equal(parse_int("-", &v), -EINVAL);
	assert_int_equal(parse_int("", &v), -EINVAL);
	assert_int_equal(parse_int("1a", &v), -EINVAL);
	assert_int_equal(parse_int(" 1", &v), -EINVAL);
	assert_int_equal(parse_int("+1", &v), -EINVAL);
	assert_int_equal(parse_int("--1", &v), -EINVAL);
	assert_int_equal(parse_int("-0x1", &v), -EINVAL);
	assert_int_equal(parse_int("-2147483649", &v), -ERANGE);
	assert_int_equal(parse_int("99999999999999999999", &v), -ERANGE);
	assert_int_equal(v, 5);
	assert_int_equal(parse_int("-0", &v), 0);
	assert_int_equal(v, 0);
}

/*
 * Attributes below a cached directory: read and written relative to it,
 * an owner's second set is free, a forgotten owner's address can name
 * another directory, a directory made again is noticed (and the stale
 * slot dropped), and the end of a numbered series is a plain -ENOENT.
 */
static void test_dircache(void **state)
{
	struct env *env = *state;
	struct sysfs_dircache *c = &env->ctx->dircache[SYSFS_DIR_DEVS];
	unsigned long long v = 0;
	int owner, i = 0;
	char *s;

	assert_int_equal(ft_write(env->ft, "d1/a", "1\n"), 0);
	assert_int_equal(ft_write(env->ft, "d1/x/n", "7\n"), 0);
	assert_int_equal(ft_write(env->ft, "d2/a", "2\n"), 0);
	sysfs_dircache_set(env->ctx, SYSFS_DIR_DEVS, "/d1", &owner);
	assert_non_null(c->path);
	assert_string_equal(c->path, "/d1");
	/* README row D15: attributes opened relative to the cached directory */
	assert_int_equal(sysfs_attr_u64(env->ctx, &v, "/d1", "a"), 0);
	assert_true(v == 1);
	assert_int_equal(sysfs_attr_int(env->ctx, &i, "/d1/x", "n"), 0);
	assert_int_equal(i, 7);
	assert_int_equal(sysfs_attr_write(env->ctx, "5", "/d1", "a"), 0);
	s = ft_read(env->ft, "d1/a");
	assert_non_null(s);
	assert_string_equal(s, "5\n");	/* one byte over "1\n" */
	free(s);
	/* the end of a series: no whole-path retry, the miss is the answer */
	assert_int_equal(sysfs_attr_u64_next(env->ctx, &v, "/d1", "none"),
			 -ENOENT);
	assert_int_equal(sysfs_attr_u64(env->ctx, &v, "/d1", "none"),
			 -ENOENT);
	assert_non_null(c->path);

	/* the owner's address, forgotten, may name another directory */
	sysfs_dircache_forget(env->ctx, &owner);
	sysfs_dircache_set(env->ctx, SYSFS_DIR_DEVS, "/d2", &owner);
	assert_string_equal(c->path, "/d2");
	assert_int_equal(sysfs_attr_u64(env->ctx, &v, "/d2", "a"), 0);
	assert_true(v == 2);

	/* removed and made again: found from the root, the slot dropped */
	assert_int_equal(ft_remove(env->ft, "d2"), 0);
	assert_int_equal(ft_write(env->ft, "d2/a", "3\n"), 0);
	assert_int_equal(sysfs_attr_u64(env->ctx, &v, "/d2", "a"), 0);
	assert_true(v == 3);
	assert_null(c->path);
}

/* Which descriptors are open: open[fd] for fd < FD_SCAN. */
#define FD_SCAN 1024
static void open_fds(bool *open)
{
	int fd;

	for (fd = 0; fd < FD_SCAN; fd++)
		open[fd] = fcntl(fd, F_GETFD) >= 0;
}

/*
 * A walk of everything (devices, mappings, memory blocks) leaves the ctx
 * with its root and at most one descriptor per directory-cache slot, each
 * O_PATH and close-on-exec; daxctl_unref closes them all.
 */
static void test_dircache_fds(void **state)
{
	struct env *env = *state;
	static bool before[FD_SCAN], now[FD_SCAN];
	struct daxctl_region *region;
	struct daxctl_ctx *ctx = NULL;
	struct daxctl_dev *dev;
	int fd, added = 0, slots = 0, i;

	open_fds(before);
	ft_activate(env->ft);
	assert_int_equal(daxctl_new(&ctx), 0);
	daxctl_region_foreach(ctx, region)
		daxctl_dev_foreach(region, dev) {
			daxctl_mapping_get_first(dev);
			daxctl_memory_is_online(daxctl_dev_get_memory(dev));
		}
	for (i = 0; i < SYSFS_DIR_SLOTS; i++)
		if (ctx->dircache[i].path)
			slots++;
	/* both slots in use: a region's devices, the memory blocks */
	assert_int_equal(slots, 2);
	assert_string_equal(ctx->dircache[SYSFS_DIR_MEMORY].path,
			"/sys/devices/system/memory");
	open_fds(now);
	for (fd = 0; fd < FD_SCAN; fd++) {
		if (!now[fd] || before[fd])
			continue;
		added++;
		/* README row D15: O_PATH directory descriptors, O_CLOEXEC */
		assert_true(fcntl(fd, F_GETFD) & FD_CLOEXEC);
		assert_true((fcntl(fd, F_GETFL) & O_PATH) == O_PATH);
	}
	/* README row D15: up to two kept (plus the root's) */
	assert_int_equal(added, 1 + slots);
	daxctl_unref(ctx);
	open_fds(now);
	/* README row D15: daxctl_unref closes them */
	assert_memory_equal(now, before, sizeof(now));
}

static void test_read_numbers(void **state)
{
	struct env *env = *state;
	unsigned long long v = 0;
	int i = 0;

	assert_int_equal(ft_write(env->ft, "sys/n", "4096\n"), 0);
	assert_int_equal(sysfs_read_u64(env->ctx, &v, "/sys/n"), 0);
	assert_true(v == 4096);
	assert_int_equal(sysfs_read_hex(env->ctx, &v, "/sys/n"), 0);
	assert_true(v == 0x4096);
	assert_int_equal(ft_write(env->ft, "sys/n", "-3\n"), 0);
	assert_true(sysfs_read_u64(env->ctx, &v, "/sys/n") < 0);
	assert_int_equal(sysfs_read_int(env->ctx, &i, "/sys/n"), 0);
	assert_int_equal(i, -3);
	assert_int_equal(sysfs_read_u64(env->ctx, &v, "/sys/none"), -ENOENT);
	assert_int_equal(ft_write(env->ft, "sys/n",
			"123456789012345678901234567890123456789012345678901234567890123456789"),
			0);
	assert_true(sysfs_read_u64(env->ctx, &v, "/sys/n") < 0);
	assert_true(sysfs_read_int(env->ctx, &i, "/sys/n") < 0);
}

static void test_write(void **state)
{
	struct env *env = *state;

	assert_int_equal(ft_write(env->ft, "sys/w", ""), 0);
	assert_int_equal(sysfs_write(env->ctx, "dax0.1", "/sys/w"), 0);
	assert_string_equal(file_str(env->ft, "sys/w"), "dax0.1");
	/* no O_CREAT: a missing attribute is ENOENT */
	assert_int_equal(sysfs_write(env->ctx, "1", "/sys/missing"), -ENOENT);
	assert_false(ft_exists(env->ft, "sys/missing"));
	assert_int_equal(ft_mkdir(env->ft, "sys/dir"), 0);
	assert_int_equal(sysfs_write(env->ctx, "1", "/sys/dir"), -EISDIR);
	assert_int_equal(ft_symlink_raw(env->ft, "nowhere/attr", "sys/dangle"),
			0);
	assert_int_equal(sysfs_write(env->ctx, "1", "/sys/dangle"), -ENOENT);
	/* the kernel's own errno through write(): /dev/full says ENOSPC */
	if (access("/dev/full", W_OK) == 0 && geteuid() == 0) {
		assert_int_equal(ft_mkdir(env->ft, "dev"), 0);
		/* a bind-free way: a device node inside the tree */
		if (mknod(ft_path(env->ft, "dev/full"), S_IFCHR | 0666,
				makedev(1, 7)) == 0)
			assert_int_equal(sysfs_write(env->ctx, "1",
					"/dev/full"), -ENOSPC);
	}
}

static void test_links_and_dirs(void **state)
{
	struct env *env = *state;
	char buf[64], small[4];
	struct dirent *de;
	DIR *dir;
	FILE *f;
	int n = 0;

	assert_int_equal(ft_symlink_raw(env->ft, "../x/y", "sys/l"), 0);
	assert_int_equal(sysfs_readlink(env->ctx, buf, sizeof(buf), "/sys/l"),
			6);
	assert_string_equal(buf, "../x/y");
	assert_int_equal(sysfs_readlink(env->ctx, small, sizeof(small),
			"/sys/l"), -EFBIG);
	assert_true(sysfs_readlink(env->ctx, buf, sizeof(buf), "/sys/none") <
			0);
	assert_false(sysfs_exists(env->ctx, "/sys/l"));
	assert_int_equal(ft_write(env->ft, "x/y", "1"), 0);
	assert_true(sysfs_exists(env->ctx, "/sys/l"));
	assert_true(sysfs_exists(env->ctx, "/x/y"));
	assert_true(sysfs_exists(env->ctx, "/"));

	assert_int_equal(ft_write(env->ft, "d/a", ""), 0);
	assert_int_equal(ft_write(env->ft, "d/b", ""), 0);
	dir = sysfs_opendir(env->ctx, "/d");
	assert_non_null(dir);
	while ((de = readdir(dir)))
		if (de->d_name[0] != '.')
			n++;
	closedir(dir);
	assert_int_equal(n, 2);
	assert_null(sysfs_opendir(env->ctx, "/nodir"));
	assert_int_equal(errno, ENOENT);
	assert_null(sysfs_opendir(env->ctx, "/d/a"));
	assert_int_equal(errno, ENOTDIR);

	assert_int_equal(ft_write(env->ft, "proc/iomem", "line1\nline2\n"), 0);
	f = sysfs_fopen(env->ctx, "/proc/iomem");
	assert_non_null(f);
	assert_non_null(fgets(buf, sizeof(buf), f));
	assert_string_equal(buf, "line1\n");
	fclose(f);
	assert_null(sysfs_fopen(env->ctx, "/proc/none"));
}

static void test_path_resolve(void **state)
{
	char out[64], tiny[8];

	(void)state;
	assert_int_equal(path_resolve("/sys/bus/dax/devices",
			"../../../devices/platform/hmem.0/dax0.0", out,
			sizeof(out)), 0);
	assert_string_equal(out, "/sys/devices/platform/hmem.0/dax0.0");
	assert_int_equal(path_resolve("/sys/bus", "/abs/./x//y/", out,
			sizeof(out)), 0);
	assert_string_equal(out, "/abs/x/y");
	/* ".." never climbs above the root */
	assert_int_equal(path_resolve("/sys", "../../../../etc", out,
			sizeof(out)), 0);
	assert_string_equal(out, "/etc");
	assert_int_equal(path_resolve("/", "..", out, sizeof(out)), 0);
	assert_string_equal(out, "/");
	assert_int_equal(path_resolve("/sys/devices", "platform/hmem.0",
			tiny, sizeof(tiny)), -ENAMETOOLONG);
	assert_int_equal(path_resolve(NULL, "x", out, sizeof(out)), -EINVAL);
	assert_int_equal(path_resolve("/", NULL, out, sizeof(out)), -EINVAL);
}

static bool have_openat2(void)
{
#ifdef SYS_openat2
	long rc = syscall(SYS_openat2, -1, "", NULL, 0);

	return !(rc < 0 && (errno == ENOSYS || errno == EPERM));
#else
	return false;
#endif
}

static void test_root_confined(void **state)
{
	struct env *env = *state;
	char buf[64];
	int rc;

	/* an absolute link inside the fake tree stays inside it */
	assert_int_equal(ft_write(env->ft, "etc/hostname", "inside\n"), 0);
	assert_int_equal(ft_symlink_raw(env->ft, "/etc/hostname",
			"sys/abs"), 0);
	assert_int_equal(ft_symlink_raw(env->ft, "../../../../../../etc/hostname",
			"sys/x/y/rel"), 0);
	if (!have_openat2()) {
		/* without openat2 (valgrind, old kernels) only relative
		 * links inside the tree are supported */
		print_message("openat2 unavailable: confinement not checked\n");
		return;
	}
	rc = sysfs_read(env->ctx, buf, sizeof(buf), "/sys/abs");
	assert_int_equal(rc, 6);
	assert_string_equal(buf, "inside");
	rc = sysfs_read(env->ctx, buf, sizeof(buf), "/sys/x/y/rel");
	assert_int_equal(rc, 6);
	assert_string_equal(buf, "inside");
	/* and the path argument cannot climb out either */
	rc = sysfs_read(env->ctx, buf, sizeof(buf), "/../../etc/hostname");
	assert_int_equal(rc, 6);
	assert_string_equal(buf, "inside");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_read, setup_empty,
				teardown_env),
		cmocka_unit_test_setup_teardown(test_read_page, setup_empty,
				teardown_env),
		cmocka_unit_test(test_parse_u64),
		cmocka_unit_test(test_parse_int),
		cmocka_unit_test_setup_teardown(test_read_numbers, setup_empty,
				teardown_env),
		cmocka_unit_test_setup_teardown(test_dircache, setup_empty,
				teardown_env),
		cmocka_unit_test_setup_teardown(test_dircache_fds, setup_kmem,
				teardown_env),
		cmocka_unit_test_setup_teardown(test_write, setup_empty,
				teardown_env),
		cmocka_unit_test_setup_teardown(test_links_and_dirs,
				setup_empty, teardown_env),
		cmocka_unit_test(test_path_resolve),
		cmocka_unit_test_setup_teardown(test_root_confined,
				setup_empty, teardown_env),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
