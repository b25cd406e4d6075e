// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * faketree: fake sysfs trees for the unit tests (see faketree.h).
 */
#ifndef _GNU_SOURCE
#define _GNU_SOURCE
#endif
#include <errno.h>
#include <fcntl.h>
#include <ftw.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "faketree.h"

#ifndef FIXTURES_DIR
#define FIXTURES_DIR "tests/fixtures"
#endif

#define FT_SHORT 1024

static char *vfmt(const char *fmt, va_list ap)
{
	char *s;

	if (vasprintf(&s, fmt, ap) < 0)
		return NULL;
	return s;
}

const char *ft_path(struct faketree *ft, const char *fmt, ...)
{
	static char buf[8][PATH_MAX];
	static int next;
	char *rel, *out = buf[next];
	va_list ap;

	next = (next + 1) % 8;
	va_start(ap, fmt);
	rel = vfmt(fmt, ap);
	va_end(ap);
	if (!rel)
		return NULL;
	snprintf(out, PATH_MAX, "%s/%s", ft->root, rel);
	free(rel);
	return out;
}

static int mkdir_p(const char *path)
{
	char tmp[PATH_MAX];
	char *p;

	if (snprintf(tmp, sizeof(tmp), "%s", path) >= (int)sizeof(tmp))
		return -ENAMETOOLONG;
	for (p = tmp + 1; *p; p++) {
		if (*p != '/')
			continue;
		*p = '\0';
		if (mkdir(tmp, 0755) < 0 && errno != EEXIST)
			return -errno;
		*p = '/';
	}
	if (mkdir(tmp, 0755) < 0 && errno != EEXIST)
		return -errno;
	return 0;
}

static int mkparent(const char *path)
{
	char tmp[PATH_MAX];
	char *slash;

	snprintf(tmp, sizeof(tmp), "%s", path);
	slash = strrchr(tmp, '/');
	if (!slash || slash == tmp)
		return 0;
	*slash = '\0';
	return mkdir_p(tmp);
}

int ft_mkdir(struct faketree *ft, const char *fmt, ...)
{
	char *rel;
	va_list ap;
	int rc;

	va_start(ap, fmt);
	rel = vfmt(fmt, ap);
	va_end(ap);
	if (!rel)
		return -ENOMEM;
	rc = mkdir_p(ft_path(ft, "%s", rel));
	free(rel);
	return rc;
}

int ft_write(struct faketree *ft, const char *path, const char *content)
{
	const char *abs = ft_path(ft, "%s", path);
	size_t len = strlen(content);
	int fd, rc;

	rc = mkparent(abs);
	if (rc)
		return rc;
	fd = open(abs, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
	if (fd < 0)
		return -errno;
	/* pwrite: not the write(2) that fakekernel.c interposes */
	if (pwrite(fd, content, len, 0) != (ssize_t)len)
		rc = -EIO;
	close(fd);
	return rc;
}

int ft_writef(struct faketree *ft, const char *path, const char *fmt, ...)
{
	char *s;
	va_list ap;
	int rc;

	va_start(ap, fmt);
	s = vfmt(fmt, ap);
	va_end(ap);
	if (!s)
		return -ENOMEM;
	rc = ft_write(ft, path, s);
	free(s);
	return rc;
}

char *ft_read(struct faketree *ft, const char *fmt, ...)
{
	char *rel, *buf = NULL;
	size_t len = 0, cap = 0;
	va_list ap;
	ssize_t n;
	int fd;

	va_start(ap, fmt);
	rel = vfmt(fmt, ap);
	va_end(ap);
	if (!rel)
		return NULL;
	fd = open(ft_path(ft, "%s", rel), O_RDONLY | O_CLOEXEC);
	free(rel);
	if (fd < 0)
		return NULL;
	for (;;) {
		if (len + 256 > cap) {
			char *nb = realloc(buf, cap + 4096);

			if (!nb)
				goto fail;
			buf = nb;
			cap += 4096;
		}
		n = read(fd, buf + len, cap - len - 1);
		if (n < 0)
			goto fail;
		if (n == 0)
			break;
		len += n;
	}
	close(fd);
	if (!buf)
		buf = calloc(1, 1);
	else
		buf[len] = '\0';
	return buf;
fail:
	close(fd);
	free(buf);
	return NULL;
}

/* relative path from the directory of @link to @target, both tree paths */
static void relpath(const char *target, const char *link, char *out, size_t sz)
{
	const char *t = target, *l = link;
	const char *ts = target, *ls = link;
	size_t used = 0;

	/* common leading components */
	while (*t && *l && *t == *l) {
		if (*t == '/') {
			ts = t + 1;
			ls = l + 1;
		}
		t++;
		l++;
	}
	out[0] = '\0';
	/* one ".." per remaining directory component of link */
	for (l = ls; *l; l++)
		if (*l == '/')
			used += snprintf(out + used, sz - used, "../");
	snprintf(out + used, sz - used, "%s", ts);
}

int ft_symlink_raw(struct faketree *ft, const char *target, const char *link)
{
	const char *abs = ft_path(ft, "%s", link);
	int rc = mkparent(abs);

	if (rc)
		return rc;
	unlink(abs);
	if (symlink(target, abs) < 0)
		return -errno;
	return 0;
}

int ft_symlink(struct faketree *ft, const char *target, const char *link)
{
	char rel[PATH_MAX];

	relpath(target, link, rel, sizeof(rel));
	return ft_symlink_raw(ft, rel, link);
}

static int rm_cb(const char *path, const struct stat *st, int flag,
		struct FTW *ftw)
{
	(void)st;
	(void)flag;
	(void)ftw;
	return remove(path) < 0 ? -1 : 0;
}

int ft_remove(struct faketree *ft, const char *fmt, ...)
{
	char *rel;
	va_list ap;
	int rc;

	va_start(ap, fmt);
	rel = vfmt(fmt, ap);
	va_end(ap);
	if (!rel)
		return -ENOMEM;
	rc = nftw(ft_path(ft, "%s", rel), rm_cb, 16, FTW_DEPTH | FTW_PHYS);
	free(rel);
	return rc < 0 ? -errno : 0;
}

bool ft_exists(struct faketree *ft, const char *fmt, ...)
{
	struct stat st;
	char *rel;
	va_list ap;
	int rc;

	va_start(ap, fmt);
	rel = vfmt(fmt, ap);
	va_end(ap);
	if (!rel)
		return false;
	rc = lstat(ft_path(ft, "%s", rel), &st);
	free(rel);
	return rc == 0;
}

int ft_make_unwritable(struct faketree *ft, const char *fmt, ...)
{
	char *rel;
	va_list ap;
	int rc;

	va_start(ap, fmt);
	rel = vfmt(fmt, ap);
	va_end(ap);
	if (!rel)
		return -ENOMEM;
	ft_remove(ft, "%s", rel);
	rc = ft_mkdir(ft, "%s", rel);
	free(rel);
	return rc;
}

struct faketree *ft_new(void)
{
	const char *tmp = getenv("TMPDIR");
	struct faketree *ft;
	char *tmpl;

	if (!tmp || !*tmp)
		tmp = "/tmp";
	if (asprintf(&tmpl, "%s/daxctl-ft.XXXXXX", tmp) < 0)
		return NULL;
	if (!mkdtemp(tmpl)) {
		free(tmpl);
		return NULL;
	}
	ft = calloc(1, sizeof(*ft));
	if (!ft) {
		rmdir(tmpl);
		free(tmpl);
		return NULL;
	}
	ft->root = tmpl;
	return ft;
}

struct faketree *ft_from_fixture(const char *name)
{
	struct faketree *ft;
	char *src, *cmd;
	struct stat st;
	int rc;

	if (asprintf(&src, "%s/%s", FIXTURES_DIR, name) < 0)
		return NULL;
	if (stat(src, &st) < 0 || !S_ISDIR(st.st_mode)) {
		free(src);
		return NULL;
	}
	ft = ft_new();
	if (!ft) {
		free(src);
		return NULL;
	}
	/* cp -a keeps symlinks and modes; the fixture dir is trusted input */
	rc = asprintf(&cmd, "cp -a '%s/.' '%s/'", src, ft->root);
	free(src);
	if (rc < 0 || system(cmd) != 0) {
		if (rc >= 0)
			free(cmd);
		ft_free(ft);
		return NULL;
	}
	free(cmd);
	return ft;
}

void ft_free(struct faketree *ft)
{
	if (!ft)
		return;
	if (ft->root)
		nftw(ft->root, rm_cb, 16, FTW_DEPTH | FTW_PHYS);
	free(ft->root);
	free(ft);
}

void ft_activate(struct faketree *ft)
{
	setenv("DAXCTL_ROOT", ft->root, 1);
	unsetenv("DAXCTL_LOG");
}

/* ---- model ---- */

static int write_attr(struct faketree *ft, const char *dir, const char *attr,
		const char *fmt, ...)
	__attribute__((format(printf, 4, 5)));

static int write_attr(struct faketree *ft, const char *dir, const char *attr,
		const char *fmt, ...)
{
	char path[PATH_MAX];
	char *s;
	va_list ap;
	int rc;

	va_start(ap, fmt);
	s = vfmt(fmt, ap);
	va_end(ap);
	if (!s)
		return -ENOMEM;
	snprintf(path, sizeof(path), "%s/%s", dir, attr);
	rc = ft_write(ft, path, s);
	free(s);
	return rc;
}

static int driver_init(struct faketree *ft, const char *drv)
{
	const char *attrs[] = { "bind", "unbind", "new_id", "remove_id",
		"uevent" };
	char dir[FT_SHORT], path[FT_SHORT];
	size_t i;
	int rc;

	snprintf(dir, sizeof(dir), "sys/bus/dax/drivers/%s", drv);
	for (i = 0; i < sizeof(attrs) / sizeof(attrs[0]); i++) {
		rc = write_attr(ft, dir, attrs[i], "%s", "");
		if (rc)
			return rc;
	}
	/* the module link upstream's library resolves for the mode */
	snprintf(path, sizeof(path), "sys/module/%s", drv);
	rc = ft_mkdir(ft, "%s/drivers", path);
	if (rc)
		return rc;
	{
		char link[PATH_MAX];

		snprintf(link, sizeof(link), "%s/module", dir);
		rc = ft_symlink(ft, path, link);
	}
	return rc;
}

int ft_bus_init(struct faketree *ft)
{
	int rc;

	rc = ft_mkdir(ft, "sys/bus/dax/devices");
	if (!rc)
		rc = ft_write(ft, "sys/bus/dax/uevent", "");
	if (!rc)
		rc = ft_write(ft, "sys/bus/dax/drivers_autoprobe", "1\n");
	if (!rc)
		rc = driver_init(ft, "device_dax");
	if (!rc)
		rc = driver_init(ft, "kmem");
	if (!rc)
		rc = ft_mkdir(ft, "sys/dev/char");
	if (!rc)
		rc = ft_mkdir(ft, "dev");
	if (!rc && !ft_exists(ft, "proc/iomem"))
		rc = ft_write(ft, "proc/iomem",
				"00000000-00000fff : Reserved\n");
	return rc;
}

int ft_skeleton(struct faketree *ft)
{
	int rc = ft_bus_init(ft);

	if (!rc)
		rc = ft_memory_init(ft, 128 * FT_MIB, "offline");
	return rc;
}

int ft_class_init(struct faketree *ft)
{
	int rc = ft_mkdir(ft, "sys/class/dax");

	if (!rc)
		rc = ft_mkdir(ft, "sys/dev/char");
	if (!rc)
		rc = ft_mkdir(ft, "dev");
	if (!rc && !ft_exists(ft, "proc/iomem"))
		rc = ft_write(ft, "proc/iomem",
				"00000000-00000fff : Reserved\n");
	return rc;
}

int ft_memory_init(struct faketree *ft, unsigned long long block_size,
		const char *auto_online)
{
	int rc;

	rc = ft_writef(ft, "sys/devices/system/memory/block_size_bytes",
			"%llx\n", block_size);
	if (!rc && auto_online)
		rc = ft_writef(ft, "sys/devices/system/memory/auto_online_blocks",
				"%s\n", auto_online);
	if (!rc)
		rc = ft_mkdir(ft, "sys/devices/system/node");
	return rc;
}

int ft_region_add(struct faketree *ft, const struct ft_region *r)
{
	char dir[FT_SHORT];
	int rc = 0;

	snprintf(dir, sizeof(dir), "sys/devices/%s/dax_region", r->parent);
	rc = ft_mkdir(ft, "%s", dir);
	if (!rc)
		rc = write_attr(ft, dir, "id", "%d\n", r->id);
	if (!rc && r->size)
		rc = write_attr(ft, dir, "size", "%llu\n", r->size);
	if (!rc && r->align)
		rc = write_attr(ft, dir, "align", "%lu\n", r->align);
	if (!rc && r->dynamic) {
		rc = write_attr(ft, dir, "available_size", "%llu\n",
				r->available);
		if (!rc)
			rc = write_attr(ft, dir, "seed", "dax%d.%d\n", r->id,
					r->seed);
		if (!rc)
			rc = write_attr(ft, dir, "create", "%s", "");
		if (!rc)
			rc = write_attr(ft, dir, "delete", "%s", "");
	}
	if (!rc) {
		snprintf(dir, sizeof(dir), "sys/devices/%s/uevent", r->parent);
		rc = ft_write(ft, dir, "");
	}
	return rc;
}

const char *ft_dev_path(const struct ft_dev *d)
{
	static char buf[4][PATH_MAX];
	static int next;
	char *out = buf[next];

	next = (next + 1) % 4;
	snprintf(out, PATH_MAX, "sys/devices/%s/%sdax%d.%d", d->parent,
			d->class_model ? "dax/" : "", d->region, d->id);
	return out;
}

int ft_iomem_add(struct faketree *ft, int depth, unsigned long long start,
		unsigned long long end, const char *name)
{
	char *old = ft_read(ft, "proc/iomem");
	char *text;
	int rc;

	if (asprintf(&text, "%s%*s%08llx-%08llx : %s\n",
			old ? old : "00000000-00000fff : Reserved\n",
			depth * 2, "", start, end, name) < 0)
		text = NULL;
	free(old);
	if (!text)
		return -ENOMEM;
	rc = ft_write(ft, "proc/iomem", text);
	free(text);
	return rc;
}

int ft_dev_add(struct faketree *ft, const struct ft_dev *d)
{
	char dir[FT_SHORT], link[PATH_MAX], name[32];
	int rc;

	snprintf(dir, sizeof(dir), "%s", ft_dev_path(d));
	snprintf(name, sizeof(name), "dax%d.%d", d->region, d->id);
	rc = ft_mkdir(ft, "%s", dir);
	if (!rc)
		rc = write_attr(ft, dir, "dev", "%d:%d\n", d->major, d->minor);
	if (!rc)
		rc = write_attr(ft, dir, "size", "%llu\n", d->size);
	if (!rc && d->resource)
		rc = write_attr(ft, dir, "resource", "%#llx\n", d->resource);
	if (!rc && d->align)
		rc = write_attr(ft, dir, "align", "%lu\n", d->align);
	if (!rc && d->target_node >= 0)
		rc = write_attr(ft, dir, "target_node", "%d\n", d->target_node);
	if (!rc)
		rc = write_attr(ft, dir, "numa_node", "%d\n", d->numa_node);
	if (!rc)
		rc = write_attr(ft, dir, "modalias", "%s", "dax:t0\n");
	if (!rc)
		rc = write_attr(ft, dir, "uevent",
				"MAJOR=%d\nMINOR=%d\nDEVNAME=%s\n%s%s%sMODALIAS=dax:t0\n",
				d->major, d->minor, name,
				d->driver ? "DRIVER=" : "",
				d->driver ? d->driver : "",
				d->driver ? "\n" : "");
	if (!rc && d->dynamic)
		rc = write_attr(ft, dir, "mapping", "%s", "");
	if (rc)
		return rc;

	/* subsystem and the discovery link */
	snprintf(link, sizeof(link), "%s/subsystem", dir);
	rc = ft_symlink(ft, d->class_model ? "sys/class/dax" : "sys/bus/dax",
			link);
	snprintf(link, sizeof(link), "%s/%s", d->class_model ?
			"sys/class/dax" : "sys/bus/dax/devices", name);
	if (!rc)
		rc = ft_symlink(ft, dir, link);
	snprintf(link, sizeof(link), "sys/dev/char/%d:%d", d->major, d->minor);
	if (!rc)
		rc = ft_symlink(ft, dir, link);
	/* a plain file stands for the character device node */
	snprintf(link, sizeof(link), "dev/%s", name);
	if (!rc)
		rc = ft_write(ft, link, "");
	if (!rc && d->iomem && d->size)
		rc = ft_iomem_add(ft, 1, d->resource ? d->resource : 0,
				(d->resource ? d->resource : 0) + d->size - 1,
				name);
	if (!rc && d->driver && !d->class_model)
		rc = ft_dev_bind(ft, d, d->driver);
	return rc;
}

int ft_dev_bind(struct faketree *ft, const struct ft_dev *d, const char *drv)
{
	char dir[FT_SHORT], target[FT_SHORT], link[PATH_MAX];
	int rc;

	snprintf(dir, sizeof(dir), "%s", ft_dev_path(d));
	snprintf(target, sizeof(target), "sys/bus/dax/drivers/%s", drv);
	if (!ft_exists(ft, "%s", target)) {
		rc = driver_init(ft, drv);
		if (rc)
			return rc;
	}
	snprintf(link, sizeof(link), "%s/driver", dir);
	rc = ft_symlink(ft, target, link);
	if (rc)
		return rc;
	snprintf(link, sizeof(link), "%s/dax%d.%d", target, d->region, d->id);
	return ft_symlink(ft, dir, link);
}

int ft_dev_unbind(struct faketree *ft, const struct ft_dev *d)
{
	char link[PATH_MAX];
	char *drv;
	ssize_t n;

	snprintf(link, sizeof(link), "%s/driver", ft_dev_path(d));
	drv = calloc(1, PATH_MAX);
	if (!drv)
		return -ENOMEM;
	n = readlink(ft_path(ft, "%s", link), drv, PATH_MAX - 1);
	if (n > 0) {
		const char *base = strrchr(drv, '/');

		ft_remove(ft, "sys/bus/dax/drivers/%s/dax%d.%d",
				base ? base + 1 : drv, d->region, d->id);
	}
	free(drv);
	return ft_remove(ft, "%s", link);
}

int ft_mapping_add(struct faketree *ft, const struct ft_dev *d, int idx,
		unsigned long long start, unsigned long long end,
		unsigned long long page_offset)
{
	char dir[FT_SHORT];
	int rc;

	snprintf(dir, sizeof(dir), "%s/mapping%d", ft_dev_path(d), idx);
	rc = write_attr(ft, dir, "start", "%#llx\n", start);
	if (!rc)
		rc = write_attr(ft, dir, "end", "%#llx\n", end);
	if (!rc)
		rc = write_attr(ft, dir, "page_offset", "%#llx\n", page_offset);
	return rc;
}

int ft_dev_simple(struct faketree *ft, const char *parent, int region, int id,
		unsigned long long size, unsigned long long resource,
		const char *driver, unsigned long align, int node)
{
	struct ft_dev d = {
		.parent = parent, .region = region, .id = id, .size = size,
		.resource = resource, .iomem = true, .align = align,
		.target_node = node, .numa_node = node, .major = 252,
		.minor = region * 16 + id, .driver = driver,
		.dynamic = ft_exists(ft, "sys/devices/%s/dax_region/create",
				parent),
	};
	int rc = ft_dev_add(ft, &d);

	if (!rc && size)
		rc = ft_mapping_add(ft, &d, 0, resource, resource + size - 1,
				0);
	return rc;
}

int ft_memblocks_add(struct faketree *ft, unsigned long long first,
		int count, int node, const char *state,
		const char *valid_zones, int removable)
{
	char dir[FT_SHORT], link[PATH_MAX];
	int i, rc = 0;

	for (i = 0; i < count && !rc; i++) {
		unsigned long long n = first + i;

		snprintf(dir, sizeof(dir), "sys/devices/system/memory/memory%llu",
				n);
		rc = write_attr(ft, dir, "state", "%s\n", state);
		if (!rc)
			rc = write_attr(ft, dir, "valid_zones", "%s\n",
					valid_zones);
		if (!rc)
			rc = write_attr(ft, dir, "removable", "%d\n", removable);
		if (!rc)
			rc = write_attr(ft, dir, "phys_index", "%08llx\n", n);
		if (!rc)
			rc = write_attr(ft, dir, "online", "%d\n",
					strcmp(state, "online") == 0);
		if (!rc)
			rc = write_attr(ft, dir, "uevent", "%s", "");
		if (!rc && node >= 0) {
			snprintf(link, sizeof(link),
					"sys/devices/system/node/node%d/memory%llu",
					node, n);
			rc = ft_symlink(ft, dir, link);
			if (!rc) {
				snprintf(link, sizeof(link), "%s/node%d", dir,
						node);
				snprintf(dir, sizeof(dir),
						"sys/devices/system/node/node%d",
						node);
				rc = ft_symlink(ft, dir, link);
			}
		}
	}
	return rc;
}

/* ---- canned trees ---- */

const char *const ft_tree_names[] = { "hmem", "kmem", "class", "nomem",
	"hmem-idle", "kmem-pmem", "mixed", NULL };

static int build_hmem(struct faketree *ft)
{
	struct ft_region hmem = {
		.parent = "platform/hmem.0", .id = 0, .size = 4 * FT_GIB,
		.align = 2 * FT_MIB, .dynamic = true,
		.available = 2 * FT_GIB, .seed = 1,
	};
	struct ft_region pmem = {
		.parent = "platform/e820/ndbus0/region1", .id = 1,
		.size = FT_GIB, .align = 2 * FT_MIB,
	};
	struct ft_dev d0 = {
		.parent = hmem.parent, .region = 0, .id = 0,
		.size = 2 * FT_GIB, .resource = 0x140000000ULL,
		.align = 2 * FT_MIB, .target_node = 1, .numa_node = 0,
		.major = 252, .minor = 0, .driver = "device_dax",
		.dynamic = true,
	};
	struct ft_dev d1 = {
		.parent = hmem.parent, .region = 0, .id = 1, .size = 0,
		.align = 2 * FT_MIB, .target_node = 1, .numa_node = 0,
		.major = 252, .minor = 1, .dynamic = true,
	};
	struct ft_dev p0 = {
		.parent = pmem.parent, .region = 1, .id = 0, .size = FT_GIB,
		.resource = 0x340000000ULL, .iomem = true,
		.align = 2 * FT_MIB, .target_node = 2, .numa_node = 0,
		.major = 252, .minor = 2, .driver = "device_dax",
	};
	int rc;

	rc = ft_bus_init(ft);
	if (!rc)
		rc = ft_memory_init(ft, 128 * FT_MIB, "offline");
	if (!rc)
		rc = ft_iomem_add(ft, 0, 0x140000000ULL, 0x23fffffffULL,
				"hmem.0");
	if (!rc)
		rc = ft_region_add(ft, &hmem);
	if (!rc)
		rc = ft_dev_add(ft, &d0);
	/* two discontiguous ranges: 1 GiB each, the second at +3 GiB */
	if (!rc)
		rc = ft_mapping_add(ft, &d0, 0, 0x140000000ULL,
				0x17fffffffULL, 0);
	if (!rc)
		rc = ft_mapping_add(ft, &d0, 1, 0x200000000ULL,
				0x23fffffffULL, 0x40000);
	if (!rc)
		rc = ft_iomem_add(ft, 1, 0x140000000ULL, 0x17fffffffULL,
				"dax0.0");
	if (!rc)
		rc = ft_iomem_add(ft, 1, 0x200000000ULL, 0x23fffffffULL,
				"dax0.0");
	if (!rc)
		rc = ft_dev_add(ft, &d1);
	if (!rc)
		rc = ft_iomem_add(ft, 0, 0x340000000ULL, 0x37fffffffULL,
				"Persistent Memory");
	if (!rc)
		rc = ft_region_add(ft, &pmem);
	if (!rc)
		rc = ft_dev_add(ft, &p0);
	if (!rc)
		rc = ft_mapping_add(ft, &p0, 0, 0x340000000ULL,
				0x37fffffffULL, 0);
	return rc;
}

static int build_kmem(struct faketree *ft)
{
	struct ft_region hmem = {
		.parent = "platform/hmem.0", .id = 0, .size = 4 * FT_GIB,
		.align = 2 * FT_MIB, .dynamic = true,
		.available = 2 * FT_GIB + 512 * FT_MIB, .seed = 3,
	};
	struct ft_dev d0 = {
		.parent = hmem.parent, .region = 0, .id = 0, .size = FT_GIB,
		.resource = 0x140000000ULL, .iomem = true,
		.align = 2 * FT_MIB, .target_node = 1, .numa_node = 0,
		.major = 252, .minor = 0, .driver = "kmem", .dynamic = true,
	};
	struct ft_dev d1 = {
		.parent = hmem.parent, .region = 0, .id = 1,
		.size = 256 * FT_MIB, .resource = 0x1c0000000ULL,
		.iomem = true, .align = 2 * FT_MIB, .target_node = 1,
		.numa_node = 0, .major = 252, .minor = 1, .driver = "kmem",
		.dynamic = true,
	};
	struct ft_dev d2 = {
		.parent = hmem.parent, .region = 0, .id = 2,
		.size = 256 * FT_MIB, .resource = 0x200000000ULL,
		.iomem = true, .align = 2 * FT_MIB, .target_node = 1,
		.numa_node = 0, .major = 252, .minor = 2, .dynamic = true,
	};
	struct ft_dev d3 = {
		.parent = hmem.parent, .region = 0, .id = 3, .size = 0,
		.align = 2 * FT_MIB, .target_node = 1, .numa_node = 0,
		.major = 252, .minor = 3, .dynamic = true,
	};
	int rc;

	rc = ft_bus_init(ft);
	if (!rc)
		rc = ft_memory_init(ft, 128 * FT_MIB, "offline");
	/* node 0: boot memory, blocks 0..15 (2 GiB), unrelated */
	if (!rc)
		rc = ft_memblocks_add(ft, 0, 16, 0, "online", "Normal", 1);
	if (!rc)
		rc = ft_iomem_add(ft, 0, 0x140000000ULL, 0x23fffffffULL,
				"hmem.0");
	if (!rc)
		rc = ft_region_add(ft, &hmem);
	/* dax0.0: blocks 40..47, online in ZONE_MOVABLE */
	if (!rc)
		rc = ft_dev_add(ft, &d0);
	if (!rc)
		rc = ft_mapping_add(ft, &d0, 0, 0x140000000ULL,
				0x17fffffffULL, 0);
	if (!rc)
		rc = ft_memblocks_add(ft, 40, 8, 1, "online", "Movable", 1);
	if (!rc)
		rc = ft_iomem_add(ft, 2, 0x140000000ULL, 0x17fffffffULL,
				"System RAM (kmem)");
	/* dax0.1: blocks 56..57, online in ZONE_NORMAL */
	if (!rc)
		rc = ft_dev_add(ft, &d1);
	if (!rc)
		rc = ft_mapping_add(ft, &d1, 0, 0x1c0000000ULL,
				0x1cfffffffULL, 0);
	if (!rc)
		rc = ft_memblocks_add(ft, 56, 2, 1, "online", "Normal", 0);
	if (!rc)
		rc = ft_iomem_add(ft, 2, 0x1c0000000ULL, 0x1cfffffffULL,
				"System RAM (kmem)");
	/* dax0.2: unbound, dax0.3: the seed */
	if (!rc)
		rc = ft_dev_add(ft, &d2);
	if (!rc)
		rc = ft_mapping_add(ft, &d2, 0, 0x200000000ULL,
				0x20fffffffULL, 0);
	if (!rc)
		rc = ft_dev_add(ft, &d3);
	return rc;
}

static int build_class(struct faketree *ft)
{
	struct ft_region r = {
		.parent = "platform/e820/ndbus0/region0/dax0.0", .id = 0,
		.size = 2 * FT_GIB, .align = 2 * FT_MIB,
	};
	struct ft_dev d0 = {
		.parent = r.parent, .region = 0, .id = 0, .class_model = true,
		.size = 2 * FT_GIB - 8 * FT_MIB, .resource = 0x100800000ULL,
		.iomem = true, .target_node = 0, .numa_node = 0,
		.major = 251, .minor = 0,
	};
	int rc;

	rc = ft_class_init(ft);
	if (!rc)
		rc = ft_memory_init(ft, 128 * FT_MIB, "offline");
	if (!rc)
		rc = ft_iomem_add(ft, 0, 0x100000000ULL, 0x17fffffffULL,
				"Persistent Memory");
	if (!rc)
		rc = ft_region_add(ft, &r);
	if (!rc)
		rc = ft_dev_add(ft, &d0);
	return rc;
}

static int build_nomem(struct faketree *ft)
{
	int rc = ft_mkdir(ft, "sys/devices/system/memory");

	if (!rc)
		rc = ft_write(ft, "proc/iomem", "00000000-00000fff : Reserved\n");
	if (!rc)
		rc = ft_mkdir(ft, "dev");
	return rc;
}

static int build_hmem_idle(struct faketree *ft, bool kmem)
{
	const char *p = "platform/hmem.0";
	struct ft_region r = {
		.parent = p, .id = 0, .size = 4 * FT_GIB, .align = 2 * FT_MIB,
		.dynamic = true, .available = 2 * FT_GIB, .seed = 2,
	};
	int rc;

	rc = ft_skeleton(ft);
	if (!rc)
		rc = ft_region_add(ft, &r);
	if (!rc)
		rc = ft_dev_simple(ft, p, 0, 0, FT_GIB, 0x240000000ULL,
				kmem ? "kmem" : "device_dax", 2 * FT_MIB, 1);
	if (!rc && kmem)
		rc = ft_memblocks_add(ft, 72, 8, 1, "online", "Movable", 1);
	if (!rc)
		rc = ft_dev_simple(ft, p, 0, 1, FT_GIB, 0x280000000ULL,
				kmem ? "device_dax" : NULL, 2 * FT_MIB, 1);
	if (!rc)
		rc = ft_dev_simple(ft, p, 0, 2, 0, 0, NULL, 2 * FT_MIB, 1);
	return rc;
}

static int build_kmem_pmem(struct faketree *ft)
{
	const char *q = "LNXSYSTM:00/ndbus0/region1";
	struct ft_region r = {
		.parent = q, .id = 1, .size = 2 * FT_GIB, .align = 2 * FT_MIB,
	};
	int rc;

	rc = build_hmem_idle(ft, true);
	if (!rc)
		rc = ft_region_add(ft, &r);
	if (!rc)
		rc = ft_dev_simple(ft, q, 1, 0, 2 * FT_GIB, 0x340000000ULL,
				"device_dax", 0, 0);
	return rc;
}

static int build_mixed(struct faketree *ft)
{
	const char *p = "platform/hmem.3";
	struct ft_region r = {
		.parent = p, .id = 3, .size = 8ULL << 40, .align = 4096,
		.dynamic = true, .available = 1ULL << 40,
	};
	struct ft_dev d1 = { .parent = p, .region = 3, .id = 1 };
	int rc;

	rc = ft_skeleton(ft);
	if (!rc)
		rc = ft_region_add(ft, &r);
	if (!rc)
		rc = ft_dev_simple(ft, p, 3, 0, 5000 * 1024, 0x100000000ULL,
				"device_dax", 4096, 2);
	if (!rc)
		rc = ft_dev_simple(ft, p, 3, 1, 3ULL << 40, 0x200000000ULL,
				"device_dax", 4096, 2);
	if (!rc)
		rc = ft_mapping_add(ft, &d1, 1, 0x40000000000ULL,
				0x40000000fffULL, 0xc0000000ULL);
	if (!rc)
		rc = ft_dev_simple(ft, p, 3, 2, 256 * FT_MIB, 0x300000000ULL,
				"kmem", 4096, 2);
	if (!rc)
		rc = ft_memblocks_add(ft, 96, 1, 2, "online", "Normal", 1);
	if (!rc)
		rc = ft_memblocks_add(ft, 97, 1, 2, "offline", "Normal", 1);
	if (!rc)
		rc = ft_dev_simple(ft, p, 3, 3, 4096, 0x400000000ULL, NULL,
				4096, 2);
	return rc;
}

int ft_build(struct faketree *ft, const char *name)
{
	if (strcmp(name, "hmem") == 0)
		return build_hmem(ft);
	if (strcmp(name, "kmem") == 0)
		return build_kmem(ft);
	if (strcmp(name, "class") == 0)
		return build_class(ft);
	if (strcmp(name, "nomem") == 0)
		return build_nomem(ft);
	if (strcmp(name, "hmem-idle") == 0)
		return build_hmem_idle(ft, false);
	if (strcmp(name, "kmem-pmem") == 0)
		return build_kmem_pmem(ft);
	if (strcmp(name, "mixed") == 0)
		return build_mixed(ft);
	return -ENOENT;
}
