/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * vmtest.h: TAP output and sysfs readers for the guest test programs.
 *
 * The programs run inside the QEMU guest against the real kernel, as root,
 * and print unnumbered TAP lines ("ok - ..." / "not ok - ..."); the host
 * numbers them.  Each program exits 0 when every check passed, else 1.
 */
#ifndef VMTEST_H
#define VMTEST_H

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <daxctl/libdaxctl.h>

/*
 * LIBDAXCTL_11 functions are missing from Debian 12's libdaxctl1 (76.1), which
 * the tests also run against to check themselves: refer to them weakly and
 * skip what needs them when they are absent.
 */
#pragma weak daxctl_dev_get_mode
#pragma weak daxctl_dev_is_devdax_mode
#pragma weak daxctl_dev_is_system_ram_mode
#pragma weak daxctl_dev_is_famfs_mode
#pragma weak daxctl_dev_enable_famfs

/* the LIBDAXCTL_11 functions resolved at run time */
/* The region with id @id, or NULL. */
static inline struct daxctl_region *find_region(struct daxctl_ctx *ctx, int id)
{
	struct daxctl_region *region;

	daxctl_region_foreach(ctx, region)
		if (daxctl_region_get_id(region) == id)
			return region;
	return NULL;
}

/* The device called @name (daxX.Y) in any region, or NULL. */
static inline struct daxctl_dev *find_dev(struct daxctl_ctx *ctx,
					  const char *name)
{
	struct daxctl_region *region;
	struct daxctl_dev *dev;

	daxctl_region_foreach(ctx, region)
		daxctl_dev_foreach(region, dev)
			if (strcmp(daxctl_dev_get_devname(dev), name) == 0)
				return dev;
	return NULL;
}

static inline bool have_v11(void)
{
	void *volatile p = (void *)daxctl_dev_get_mode;

	return p != NULL;
}

static const char *t_prog = "vmtest";
static int t_failed;

static inline void t_init(const char *prog)
{
	setvbuf(stdout, NULL, _IOLBF, 0);
	t_prog = prog;
}

__attribute__((format(printf, 2, 3)))
static inline bool t_ok(bool pass, const char *fmt, ...)
{
	va_list ap;

	printf("%sok - %s: ", pass ? "" : "not ", t_prog);
	va_start(ap, fmt);
	vprintf(fmt, ap);
	va_end(ap);
	putchar('\n');
	if (!pass)
		t_failed++;
	return pass;
}

__attribute__((format(printf, 1, 2)))
static inline void t_diag(const char *fmt, ...)
{
	va_list ap;

	fputs("#   ", stdout);
	va_start(ap, fmt);
	vprintf(fmt, ap);
	va_end(ap);
	putchar('\n');
}

__attribute__((format(printf, 2, 3)))
static inline void t_skip(const char *why, const char *fmt, ...)
{
	va_list ap;

	printf("ok - %s: ", t_prog);
	va_start(ap, fmt);
	vprintf(fmt, ap);
	va_end(ap);
	printf(" # SKIP %s\n", why);
}

/* t_is(got, expected, "what %s", arg): integer comparison with a diagnostic */
#define t_is(got, exp, ...)						\
	({								\
		long long __g = (long long)(got), __e = (long long)(exp); \
		bool __p = t_ok(__g == __e, __VA_ARGS__);		\
		if (!__p)						\
			t_diag("got %lld (%#llx), expected %lld (%#llx)", \
			       __g, __g, __e, __e);			\
		__p;							\
	})

/* t_errno(rc, -EXXX, "what"): a negative errno return */
#define t_errno(rc, exp, ...)						\
	({								\
		int __r = (rc), __x = (exp);				\
		bool __p = t_ok(__r == __x, __VA_ARGS__);		\
		if (!__p)						\
			t_diag("got %d (%s), expected %d (%s)", __r,	\
			       __r < 0 ? strerror(-__r) : "no error",	\
			       __x, __x < 0 ? strerror(-__x) : "no error"); \
		__p;							\
	})

static inline int t_done(void)
{
	printf("# %s: %d failed\n", t_prog, t_failed);
	return t_failed ? 1 : 0;
}

/* read a sysfs attribute into buf (trailing newline removed); -errno */
static inline int sys_read(const char *path, char *buf, size_t len)
{
	ssize_t n;
	int fd = open(path, O_RDONLY | O_CLOEXEC);

	if (fd < 0)
		return -errno;
	n = read(fd, buf, len - 1);
	if (n < 0) {
		int e = -errno;

		close(fd);
		return e;
	}
	close(fd);
	buf[n] = '\0';
	while (n > 0 && (buf[n - 1] == '\n' || buf[n - 1] == ' '))
		buf[--n] = '\0';
	return 0;
}

__attribute__((format(printf, 3, 4)))
static inline int sys_readf(char *buf, size_t len, const char *fmt, ...)
{
	char path[PATH_MAX];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(path, sizeof(path), fmt, ap);
	va_end(ap);
	return sys_read(path, buf, len);
}

/* integer attribute (base 0: decimal or 0x-hex); def when unreadable */
__attribute__((format(printf, 3, 4)))
static inline unsigned long long sys_u64(unsigned long long def, int base,
					 const char *fmt, ...)
{
	char path[PATH_MAX], buf[128], *end;
	unsigned long long v;
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(path, sizeof(path), fmt, ap);
	va_end(ap);
	if (sys_read(path, buf, sizeof(buf)) < 0 || !buf[0])
		return def;
	errno = 0;
	v = strtoull(buf, &end, base);
	if (errno || *end)
		return def;
	return v;
}

__attribute__((format(printf, 2, 3)))
static inline int sys_write(const char *val, const char *fmt, ...)
{
	char path[PATH_MAX];
	va_list ap;
	ssize_t n;
	int fd;

	va_start(ap, fmt);
	vsnprintf(path, sizeof(path), fmt, ap);
	va_end(ap);
	fd = open(path, O_WRONLY | O_CLOEXEC);
	if (fd < 0)
		return -errno;
	n = write(fd, val, strlen(val));
	if (n < 0) {
		int e = -errno;

		close(fd);
		return e;
	}
	close(fd);
	return 0;
}

__attribute__((format(printf, 1, 2)))
static inline bool sys_exists(const char *fmt, ...)
{
	char path[PATH_MAX];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(path, sizeof(path), fmt, ap);
	va_end(ap);
	return access(path, F_OK) == 0;
}

/* name of the driver a dax device is bound to ("" when unbound) */
static inline const char *dev_driver(const char *devname, char *buf, size_t len)
{
	char path[PATH_MAX], link[PATH_MAX];
	ssize_t n;

	snprintf(path, sizeof(path), "/sys/bus/dax/devices/%s/driver", devname);
	n = readlink(path, link, sizeof(link) - 1);
	if (n < 0) {
		buf[0] = '\0';
		return buf;
	}
	link[n] = '\0';
	snprintf(buf, len, "%.63s", strrchr(link, '/') ? strrchr(link, '/') + 1 : link);
	return buf;
}

/* is a kernel module loaded (listed in /proc/modules)? */
static inline bool module_loaded(const char *name)
{
	char line[512];
	size_t n = strlen(name);
	bool found = false;
	FILE *f = fopen("/proc/modules", "re");

	if (!f)
		return false;
	while (!found && fgets(line, sizeof(line), f))
		found = strncmp(line, name, n) == 0 && line[n] == ' ';
	fclose(f);
	return found;
}

static inline unsigned long long meminfo_kb(const char *key)
{
	char line[256];
	size_t n = strlen(key);
	unsigned long long v = 0;
	FILE *f = fopen("/proc/meminfo", "re");

	if (!f)
		return 0;
	while (fgets(line, sizeof(line), f))
		if (strncmp(line, key, n) == 0 && line[n] == ':') {
			v = strtoull(line + n + 1, NULL, 10);
			break;
		}
	fclose(f);
	return v;
}

#endif /* VMTEST_H */
