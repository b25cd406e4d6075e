// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * fakekernel: kernel-like answers to writes into a fake tree (see
 * fakekernel.h). write(2) is interposed: this definition in the test
 * executable comes before libc's for the library too.
 */
#ifndef _GNU_SOURCE
#define _GNU_SOURCE
#endif
#include <dlfcn.h>
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "fakekernel.h"

#define FK_MAX_WRITES 256

static struct {
	struct faketree *ft;
	char root[PATH_MAX];
	size_t rootlen;
	bool simulate;
	char fail_suffix[128];
	int fail_err;
	int n;
	struct fk_write log[FK_MAX_WRITES];
	bool busy;
} fk;

void fk_attach(struct faketree *ft, bool simulate)
{
	char *real = realpath(ft->root, NULL);

	memset(&fk, 0, sizeof(fk));
	fk.ft = ft;
	snprintf(fk.root, sizeof(fk.root), "%s", real ? real : ft->root);
	free(real);
	fk.rootlen = strlen(fk.root);
	fk.simulate = simulate;
}

void fk_detach(void)
{
	memset(&fk, 0, sizeof(fk));
}

void fk_fail(const char *suffix, int err)
{
	snprintf(fk.fail_suffix, sizeof(fk.fail_suffix), "%s", suffix);
	fk.fail_err = err;
}

void fk_clear_fail(void)
{
	fk.fail_suffix[0] = '\0';
	fk.fail_err = 0;
}

int fk_count(void)
{
	return fk.n;
}

const struct fk_write *fk_get(int i)
{
	return i >= 0 && i < fk.n ? &fk.log[i] : NULL;
}

static bool ends_with(const char *s, const char *suffix)
{
	size_t ls = strlen(s), lx = strlen(suffix);

	return ls >= lx && strcmp(s + ls - lx, suffix) == 0;
}

const char *fk_written(const char *suffix)
{
	int i;

	for (i = fk.n - 1; i >= 0; i--)
		if (ends_with(fk.log[i].path, suffix))
			return fk.log[i].val;
	return NULL;
}

int fk_count_writes(const char *suffix)
{
	int i, n = 0;

	for (i = 0; i < fk.n; i++)
		if (ends_with(fk.log[i].path, suffix))
			n++;
	return n;
}

void fk_reset_log(void)
{
	fk.n = 0;
}

/* ---- simulation ---- */

/* tree-relative directory of the device @name, from its bus link */
static int dev_dir(const char *name, char *out, size_t len)
{
	char *link, *real;

	if (asprintf(&link, "%s/sys/bus/dax/devices/%s", fk.root, name) < 0)
		return -ENOMEM;
	real = realpath(link, NULL);
	free(link);
	if (!real)
		return -ENODEV;
	if (strncmp(real, fk.root, fk.rootlen) != 0) {
		free(real);
		return -ENODEV;
	}
	snprintf(out, len, "%s", real + fk.rootlen + 1);
	free(real);
	return 0;
}

static bool dev_bound(const char *dir)
{
	return ft_exists(fk.ft, "%s/driver", dir);
}

static int do_bind(const char *drvdir, const char *name, bool is_bind)
{
	char dir[PATH_MAX / 2], link[PATH_MAX];
	int rc = dev_dir(name, dir, sizeof(dir));

	if (rc)
		return is_bind ? -ENODEV : 0;
	if (dev_bound(dir))
		return is_bind ? -EBUSY : 0;
	snprintf(link, sizeof(link), "%s/driver", dir);
	rc = ft_symlink(fk.ft, drvdir, link);
	if (!rc) {
		snprintf(link, sizeof(link), "%s/%s", drvdir, name);
		rc = ft_symlink(fk.ft, dir, link);
	}
	return rc;
}

static int do_unbind(const char *name)
{
	char dir[PATH_MAX / 2], target[PATH_MAX];
	const char *drv;
	ssize_t n;

	if (dev_dir(name, dir, sizeof(dir)))
		return -ENODEV;
	n = readlink(ft_path(fk.ft, "%s/driver", dir), target,
			sizeof(target) - 1);
	if (n < 0)
		return -ENODEV;
	target[n] = '\0';
	drv = strrchr(target, '/');
	ft_remove(fk.ft, "%s/driver", dir);
	ft_remove(fk.ft, "sys/bus/dax/drivers/%s/%s", drv ? drv + 1 : target,
			name);
	return 0;
}

static unsigned long long attr_u64(const char *path)
{
	char *s = ft_read(fk.ft, "%s", path);
	unsigned long long v;

	if (!s)
		return 0;
	v = strtoull(s, NULL, 0);
	free(s);
	return v;
}

static int do_delete(const char *regiondir, const char *name)
{
	char dir[PATH_MAX / 2];
	int rc = dev_dir(name, dir, sizeof(dir));
	const char *dot = strrchr(name, '.');

	if (rc)
		return -ENODEV;
	if (dot && strcmp(dot, ".0") == 0)
		return -EBUSY;
	if (dev_bound(dir))
		return -EBUSY;
	if (attr_u64(ft_path(fk.ft, "%s/size", dir) + fk.rootlen + 1))
		return -EBUSY;
	(void)regiondir;
	ft_remove(fk.ft, "%s", dir);
	ft_remove(fk.ft, "sys/bus/dax/devices/%s", name);
	return 0;
}

static int do_create(const char *attrdir)
{
	char parent[PATH_MAX / 2], name[32];
	struct ft_dev d = { 0 };
	int region = -1, id;

	/* attrdir: sys/devices/<parent>/dax_region */
	snprintf(parent, sizeof(parent), "%s", attrdir + strlen("sys/devices/"));
	*strrchr(parent, '/') = '\0';
	region = (int)attr_u64(ft_path(fk.ft, "%s/id", attrdir) + fk.rootlen + 1);
	for (id = 0; id < 1000; id++) {
		snprintf(name, sizeof(name), "dax%d.%d", region, id);
		if (!ft_exists(fk.ft, "sys/bus/dax/devices/%s", name))
			break;
	}
	d.parent = parent;
	d.region = region;
	d.id = id;
	d.target_node = -1;
	d.major = 252;
	d.minor = 100 + id;
	d.align = 2 * FT_MIB;
	d.dynamic = true;
	if (ft_dev_add(fk.ft, &d))
		return -ENOMEM;
	return ft_writef(fk.ft, ft_path(fk.ft, "%s/seed", attrdir) +
			fk.rootlen + 1, "%s\n", name);
}

static int do_store_num(const char *path, const char *val)
{
	char dir[PATH_MAX / 2];

	snprintf(dir, sizeof(dir), "%s", path);
	*strrchr(dir, '/') = '\0';
	if (dev_bound(dir))
		return -EBUSY;
	return ft_writef(fk.ft, path, "%llu\n", strtoull(val, NULL, 0));
}

static int do_mapping(const char *path, const char *val)
{
	unsigned long long start, end;
	char dir[PATH_MAX / 2], m[PATH_MAX];
	int i, rc;

	if (sscanf(val, "%llx-%llx", &start, &end) != 2 || end < start)
		return -EINVAL;
	snprintf(dir, sizeof(dir), "%s", path);
	*strrchr(dir, '/') = '\0';
	for (i = 0; i < 1000; i++)
		if (!ft_exists(fk.ft, "%s/mapping%d", dir, i))
			break;
	snprintf(m, sizeof(m), "%s/mapping%d/start", dir, i);
	rc = ft_writef(fk.ft, m, "%#llx\n", start);
	snprintf(m, sizeof(m), "%s/mapping%d/end", dir, i);
	if (!rc)
		rc = ft_writef(fk.ft, m, "%#llx\n", end);
	snprintf(m, sizeof(m), "%s/mapping%d/page_offset", dir, i);
	if (!rc)
		rc = ft_writef(fk.ft, m, "%#x\n", 0);
	return rc;
}

static int do_state(const char *path, const char *val)
{
	char zones[PATH_MAX];
	int rc;

	snprintf(zones, sizeof(zones), "%s", path);
	strcpy(strrchr(zones, '/'), "/valid_zones");
	if (strcmp(val, "offline") == 0)
		return ft_write(fk.ft, path, "offline\n");
	if (strncmp(val, "online", 6) != 0)
		return -EINVAL;
	rc = ft_write(fk.ft, path, "online\n");
	if (!rc)
		rc = ft_write(fk.ft, zones, strcmp(val, "online_movable") == 0 ?
				"Movable\n" : "Normal\n");
	return rc;
}

/* 1: handled (the write is not performed), 0: let it land, <0: refuse */
static int simulate(const char *rel, const char *val)
{
	char dir[PATH_MAX / 2];
	const char *base = strrchr(rel, '/');

	if (!base)
		return 0;
	base++;
	snprintf(dir, sizeof(dir), "%.*s", (int)(base - rel - 1), rel);

	if (strncmp(rel, "sys/bus/dax/drivers/", 20) == 0 &&
	    (strcmp(base, "new_id") == 0 || strcmp(base, "bind") == 0))
		return do_bind(dir, val, strcmp(base, "bind") == 0) ?: 1;
	/* <dev>/driver/... arrives here resolved, as drivers/<drv>/... */
	if (strncmp(rel, "sys/bus/dax/drivers/", 20) == 0 &&
	    strcmp(base, "unbind") == 0)
		return do_unbind(val) ?: 1;
	if (strncmp(rel, "sys/bus/dax/drivers/", 20) == 0 &&
	    strcmp(base, "remove_id") == 0)
		return 1;
	if (ends_with(dir, "/dax_region") && strcmp(base, "delete") == 0)
		return do_delete(dir, val) ?: 1;
	if (ends_with(dir, "/dax_region") && strcmp(base, "create") == 0)
		return do_create(dir) ?: 1;
	if (strncmp(rel, "sys/devices/system/memory/memory", 32) == 0 &&
	    strcmp(base, "state") == 0)
		return do_state(rel, val) ?: 1;
	if (strcmp(base, "size") == 0 || strcmp(base, "align") == 0)
		return do_store_num(rel, val) ?: 1;
	if (strcmp(base, "mapping") == 0)
		return do_mapping(rel, val) ?: 1;
	return 0;
}

static int hook(int fd, const void *buf, size_t count)
{
	char proc[64], path[PATH_MAX];
	struct fk_write *w;
	const char *rel;
	ssize_t n;

	snprintf(proc, sizeof(proc), "/proc/self/fd/%d", fd);
	n = readlink(proc, path, sizeof(path) - 1);
	if (n <= 0)
		return 0;
	path[n] = '\0';
	if (strncmp(path, fk.root, fk.rootlen) != 0 || path[fk.rootlen] != '/')
		return 0;
	rel = path + fk.rootlen + 1;
	if (fk.n < FK_MAX_WRITES) {
		w = &fk.log[fk.n++];
		snprintf(w->path, sizeof(w->path), "%s", rel);
		snprintf(w->val, sizeof(w->val), "%.*s",
				(int)(count < sizeof(w->val) - 1 ? count :
					sizeof(w->val) - 1), (const char *)buf);
	} else {
		w = NULL;
	}
	if (fk.fail_err && fk.fail_suffix[0] && ends_with(rel, fk.fail_suffix))
		return -fk.fail_err;
	if (!fk.simulate || !w)
		return 0;
	return simulate(rel, w->val);
}

__attribute__((visibility("default")))
ssize_t write(int fd, const void *buf, size_t count)
{
	static ssize_t (*real_write)(int, const void *, size_t);
	int rc;

	if (!real_write) {
		real_write = (ssize_t (*)(int, const void *, size_t))
			dlsym(RTLD_NEXT, "write");
		if (!real_write) {
			errno = ENOSYS;
			return -1;
		}
	}
	if (fk.ft && !fk.busy) {
		fk.busy = true;
		rc = hook(fd, buf, count);
		fk.busy = false;
		if (rc < 0) {
			errno = -rc;
			return -1;
		}
		if (rc > 0)
			return (ssize_t)count;
	}
	return real_write(fd, buf, count);
}
