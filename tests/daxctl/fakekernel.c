// SPDX-License-Identifier: GPL-2.0
/*
 * fakekernel.so: an LD_PRELOAD shim that makes a fake sysfs tree react to
 * writes the way Linux 6.1's device-dax does, for the daxctl tool tests.
 * Writes to files below $FAKEKERNEL_ROOT/sys are intercepted:
 *
 *   drivers/<drv>/bind, new_id      bind the named device: a "driver" link;
 *                                   kmem adds the range's memory blocks
 *                                   (online when auto_online_blocks says so)
 *   drivers/<drv>/unbind, remove_id unbind (kmem removes offline blocks;
 *                                   EBUSY while any is online)
 *   daxX.Y/size, align, mapping     EBUSY while bound, EINVAL when not a
 *                                   multiple of align, ENOSPC past the
 *                                   region's available size; mapping0 and
 *                                   available_size follow
 *   dax_region/create, delete       a new zero-sized seed; deletion (EBUSY
 *                                   for daxX.0, bound or sized devices)
 *   memoryN/state                   online/online_movable/offline, zones
 *
 * $FAKEKERNEL_FAIL="suffix=ERRNO[,...]" fails writes to files whose path
 * ends in suffix with that errno (e.g. "dax0.1/size=13").
 */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <unistd.h>

#define BLOCK_DIR "/sys/devices/system/memory"

static char root[PATH_MAX];

static ssize_t raw_write(int fd, const void *buf, size_t len)
{
	return syscall(SYS_write, fd, buf, len);
}

/*
 * symlink() with a relative target, as sysfs has them: a reader that
 * confines lookups to the fake root (openat2 RESOLVE_IN_ROOT) must be able
 * to follow it. Both paths are absolute and below root.
 */
static int rel_symlink(const char *target, const char *linkpath)
{
	char rel[PATH_MAX] = "";
	const char *p = linkpath + strlen(root);
	size_t used = 0;

	for (p = strchr(p + 1, '/'); p; p = strchr(p + 1, '/')) {
		if (used + 4 >= sizeof(rel))
			return -ENAMETOOLONG;
		strcpy(rel + used, "../");
		used += 3;
	}
	/* one "../" per directory between root and the link's directory */
	snprintf(rel + used, sizeof(rel) - used, "%s",
			target + strlen(root) + 1);
	return symlink(rel, linkpath) < 0 ? -errno : 0;
}

static int put(const char *path, const char *val)
{
	int fd = open(path, O_WRONLY | O_TRUNC | O_CREAT, 0644);
	ssize_t n;

	if (fd < 0)
		return -errno;
	n = raw_write(fd, val, strlen(val));
	raw_write(fd, "\n", 1);
	close(fd);
	return n < 0 ? -errno : 0;
}

static int get(const char *path, char *buf, size_t len)
{
	int fd = open(path, O_RDONLY);
	ssize_t n;

	if (fd < 0)
		return -errno;
	n = read(fd, buf, len - 1);
	close(fd);
	if (n < 0)
		return -errno;
	buf[n] = '\0';
	while (n && buf[n - 1] == '\n')
		buf[--n] = '\0';
	return 0;
}

static unsigned long long get_ull(const char *path, int base)
{
	char buf[64];

	if (get(path, buf, sizeof(buf)) < 0)
		return 0;
	return strtoull(buf, NULL, base);
}

static void putf(const char *dir, const char *attr, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
static void putf(const char *dir, const char *attr, const char *fmt, ...)
{
	char path[PATH_MAX], val[64];
	va_list ap;

	snprintf(path, sizeof(path), "%s/%s", dir, attr);
	va_start(ap, fmt);
	vsnprintf(val, sizeof(val), fmt, ap);
	va_end(ap);
	put(path, val);
}

/* the device directory of daxX.Y (resolved), or -ENODEV */
static int dev_dir(const char *name, char *out)
{
	char link[PATH_MAX];

	snprintf(link, sizeof(link), "%s/sys/bus/dax/devices/%s", root, name);
	if (!realpath(link, out))
		return -ENODEV;
	return 0;
}

static int is_bound(const char *dev, char *drv, size_t len)
{
	char link[PATH_MAX], target[PATH_MAX];
	ssize_t n;

	snprintf(link, sizeof(link), "%s/driver", dev);
	n = readlink(link, target, sizeof(target) - 1);
	if (n < 0)
		return 0;
	target[n] = '\0';
	if (drv)
		snprintf(drv, len, "%s", strrchr(target, '/') + 1);
	return 1;
}

static void block_range(const char *dev, unsigned long long *first,
		unsigned long long *last)
{
	char path[PATH_MAX];
	unsigned long long res, size, bs;

	snprintf(path, sizeof(path), "%s/resource", dev);
	res = get_ull(path, 0);
	snprintf(path, sizeof(path), "%s/size", dev);
	size = get_ull(path, 0);
	snprintf(path, sizeof(path), "%s" BLOCK_DIR "/block_size_bytes", root);
	bs = get_ull(path, 16);
	if (!bs || !size) {
		*first = 1;
		*last = 0;
		return;
	}
	*first = res / bs;
	*last = (res + size - 1) / bs;
}

static int do_bind(const char *drv, const char *name)
{
	char dev[PATH_MAX], path[PATH_MAX], target[PATH_MAX], buf[32];
	unsigned long long n, first, last;
	int node;

	if (dev_dir(name, dev) < 0)
		return -ENODEV;
	if (is_bound(dev, NULL, 0))
		return -EBUSY;
	snprintf(path, sizeof(path), "%s/size", dev);
	if (get_ull(path, 0) == 0)
		return -ENXIO;
	snprintf(path, sizeof(path), "%s/driver", dev);
	snprintf(target, sizeof(target), "%s/sys/bus/dax/drivers/%s", root,
			drv);
	if (rel_symlink(target, path) < 0)
		return -errno;
	if (strcmp(drv, "kmem") != 0)
		return 0;
	snprintf(path, sizeof(path), "%s/target_node", dev);
	node = (int)get_ull(path, 10);
	snprintf(path, sizeof(path), "%s" BLOCK_DIR "/auto_online_blocks",
			root);
	if (get(path, buf, sizeof(buf)) < 0)
		strcpy(buf, "offline");
	block_range(dev, &first, &last);
	for (n = first; n <= last; n++) {
		char blk[PATH_MAX], nodedir[PATH_MAX];

		snprintf(blk, sizeof(blk), "%s" BLOCK_DIR "/memory%llu", root,
				n);
		mkdir(blk, 0755);
		put(strcat(strcpy(path, blk), "/state"),
			strncmp(buf, "online", 6) == 0 ? "online" : "offline");
		put(strcat(strcpy(path, blk), "/valid_zones"),
			strcmp(buf, "online_movable") == 0 ? "Movable" :
			strcmp(buf, "online") == 0 ? "Normal" :
			"Normal Movable");
		put(strcat(strcpy(path, blk), "/removable"), "1");
		putf(blk, "phys_index", "%08llx", n);
		snprintf(nodedir, sizeof(nodedir),
				"%s/sys/devices/system/node/node%d", root,
				node);
		mkdir(nodedir, 0755);
		snprintf(path, sizeof(path), "%s/memory%llu", nodedir, n);
		rel_symlink(blk, path);
	}
	return 0;
}

static int do_unbind(const char *name)
{
	char dev[PATH_MAX], path[PATH_MAX], drv[64], state[32];
	unsigned long long n, first, last;

	if (dev_dir(name, dev) < 0)
		return -ENODEV;
	if (!is_bound(dev, drv, sizeof(drv)))
		return -ENODEV;
	if (strcmp(drv, "kmem") == 0) {
		block_range(dev, &first, &last);
		for (n = first; n <= last; n++) {
			snprintf(path, sizeof(path),
				"%s" BLOCK_DIR "/memory%llu/state", root, n);
			if (get(path, state, sizeof(state)) == 0 &&
					strcmp(state, "offline") != 0)
				return -EBUSY;
		}
	}
	snprintf(path, sizeof(path), "%s/driver", dev);
	unlink(path);
	return 0;
}

static void region_of(const char *dev, char *region)
{
	snprintf(region, PATH_MAX, "%s", dev);
	*strrchr(region, '/') = '\0';
	strcat(region, "/dax_region");
}

/* keep mapping0 (one range from resource) and available_size in step */
static int resize(const char *dev, unsigned long long size)
{
	char path[PATH_MAX], region[PATH_MAX], map[PATH_MAX];
	unsigned long long old, avail, align, res;
	int i;

	snprintf(path, sizeof(path), "%s/size", dev);
	old = get_ull(path, 0);
	snprintf(path, sizeof(path), "%s/align", dev);
	align = get_ull(path, 0);
	if (align && size % align)
		return -EINVAL;
	region_of(dev, region);
	snprintf(path, sizeof(path), "%s/available_size", region);
	avail = get_ull(path, 0);
	if (size > old && size - old > avail)
		return -ENOSPC;
	putf(region, "available_size", "%llu", avail + old - size);
	putf(dev, "size", "%llu", size);
	for (i = 0;; i++) {
		snprintf(map, sizeof(map), "%s/mapping%d", dev, i);
		if (access(map, F_OK) < 0)
			break;
		snprintf(path, sizeof(path), "rm -rf '%s'", map);
		if (system(path) != 0)
			break;
	}
	if (size == 0)
		return 0;
	snprintf(path, sizeof(path), "%s/resource", dev);
	res = get_ull(path, 0);
	snprintf(map, sizeof(map), "%s/mapping0", dev);
	mkdir(map, 0755);
	putf(map, "start", "%#llx", res);
	putf(map, "end", "%#llx", res + size - 1);
	putf(map, "page_offset", "%#llx", 0ULL);
	return 0;
}

static int add_mapping(const char *dev, const char *val)
{
	char path[PATH_MAX], map[PATH_MAX], region[PATH_MAX];
	unsigned long long start, end, size, avail, off = 0;
	int i;

	if (sscanf(val, "%llx-%llx", &start, &end) != 2 || end < start)
		return -EINVAL;
	region_of(dev, region);
	snprintf(path, sizeof(path), "%s/available_size", region);
	avail = get_ull(path, 0);
	if (end - start + 1 > avail)
		return -ENOSPC;
	snprintf(path, sizeof(path), "%s/size", dev);
	size = get_ull(path, 0);
	for (i = 0;; i++) {
		snprintf(map, sizeof(map), "%s/mapping%d", dev, i);
		if (access(map, F_OK) < 0)
			break;
	}
	if (i == 0)
		putf(dev, "resource", "%#llx", start);
	off = size / 4096;
	mkdir(map, 0755);
	putf(map, "start", "%#llx", start);
	putf(map, "end", "%#llx", end);
	putf(map, "page_offset", "%#llx", off);
	putf(dev, "size", "%llu", size + end - start + 1);
	putf(region, "available_size", "%llu", avail - (end - start + 1));
	return 0;
}

static int create_dev(const char *region_dir)
{
	char parent[PATH_MAX], path[PATH_MAX], dev[PATH_MAX], link[PATH_MAX];
	unsigned long long id;
	int max = -1, rid;
	struct dirent *d;
	DIR *dir;

	snprintf(path, sizeof(path), "%s/available_size", region_dir);
	if (get_ull(path, 0) == 0)
		return -ENOSPC;
	snprintf(parent, sizeof(parent), "%s", region_dir);
	*strrchr(parent, '/') = '\0';
	snprintf(path, sizeof(path), "%s/id", region_dir);
	id = get_ull(path, 10);
	rid = (int)id;
	dir = opendir(parent);
	if (!dir)
		return -errno;
	while ((d = readdir(dir))) {
		int r, i;

		if (sscanf(d->d_name, "dax%d.%d", &r, &i) == 2 && r == rid &&
				i > max)
			max = i;
	}
	closedir(dir);
	snprintf(dev, sizeof(dev), "%s/dax%d.%d", parent, rid, max + 1);
	mkdir(dev, 0755);
	putf(dev, "size", "%llu", 0ULL);
	putf(dev, "align", "%llu", 2ULL << 20);
	putf(dev, "target_node", "%llu", 0ULL);
	putf(dev, "resource", "%#llx", 0ULL);
	snprintf(path, sizeof(path), "%s/dev", dev);
	{
		char mm[32];

		snprintf(mm, sizeof(mm), "252:%d", rid * 16 + max + 1);
		put(path, mm);
	}
	snprintf(path, sizeof(path), "%s/mapping", dev);
	put(path, "");
	snprintf(link, sizeof(link), "%s/sys/bus/dax/devices/dax%d.%d", root,
			rid, max + 1);
	rel_symlink(dev, link);
	snprintf(path, sizeof(path), "%s/seed", region_dir);
	snprintf(link, sizeof(link), "dax%d.%d", rid, max + 1);
	put(path, link);
	return 0;
}

static int delete_dev(const char *name)
{
	char dev[PATH_MAX], path[PATH_MAX];
	int r, i;

	if (sscanf(name, "dax%d.%d", &r, &i) != 2 || dev_dir(name, dev) < 0)
		return -ENODEV;
	snprintf(path, sizeof(path), "%s/size", dev);
	if (i == 0 || is_bound(dev, NULL, 0) || get_ull(path, 0))
		return -EBUSY;
	snprintf(path, sizeof(path), "rm -rf '%s' '%s/sys/bus/dax/devices/%s'",
			dev, root, name);
	return system(path) == 0 ? 0 : -EIO;
}

static int block_state(const char *file, const char *val)
{
	char dir[PATH_MAX], path[PATH_MAX], buf[8];

	snprintf(dir, sizeof(dir), "%s", file);
	*strrchr(dir, '/') = '\0';
	if (strcmp(val, "offline") == 0) {
		snprintf(path, sizeof(path), "%s/removable", dir);
		if (get(path, buf, sizeof(buf)) == 0 && strcmp(buf, "0") == 0)
			return -EBUSY;
		put(file, "offline");
		snprintf(path, sizeof(path), "%s/valid_zones", dir);
		put(path, "Normal Movable");
		return 0;
	}
	if (strcmp(val, "online_movable") && strcmp(val, "online") &&
			strcmp(val, "online_kernel"))
		return -EINVAL;
	put(file, "online");
	snprintf(path, sizeof(path), "%s/valid_zones", dir);
	put(path, strcmp(val, "online_movable") == 0 ? "Movable" : "Normal");
	return 0;
}

static int forced_failure(const char *path)
{
	const char *spec = getenv("FAKEKERNEL_FAIL");
	char buf[1024], *tok, *save = NULL;

	if (!spec)
		return 0;
	snprintf(buf, sizeof(buf), "%s", spec);
	for (tok = strtok_r(buf, ",", &save); tok;
			tok = strtok_r(NULL, ",", &save)) {
		char *eq = strchr(tok, '=');
		size_t len, plen = strlen(path);

		if (!eq)
			continue;
		*eq = '\0';
		len = strlen(tok);
		if (len <= plen && strcmp(path + plen - len, tok) == 0)
			return -atoi(eq + 1);
	}
	return 0;
}

static int emulate(const char *path, const char *val, int fd, size_t len)
{
	const char *base = strrchr(path, '/') + 1;
	char dir[PATH_MAX], drv[PATH_MAX];
	int rc;

	rc = forced_failure(path);
	if (rc)
		return rc;
	snprintf(dir, sizeof(dir), "%s", path);
	*strrchr(dir, '/') = '\0';

	if (strstr(path, "/sys/bus/dax/drivers/")) {
		snprintf(drv, sizeof(drv), "%s", strrchr(dir, '/') + 1);
		if (strcmp(base, "new_id") == 0 || strcmp(base, "bind") == 0) {
			char dev[PATH_MAX];

			if (dev_dir(val, dev) < 0)
				return -ENODEV;
			if (is_bound(dev, NULL, 0))	/* new_id bound it */
				return strcmp(base, "bind") ? 0 : -EBUSY;
			return do_bind(drv, val);
		}
		if (strcmp(base, "unbind") == 0)
			return do_unbind(val);
		if (strcmp(base, "remove_id") == 0)
			return 0;
	}
	if (strstr(path, "/dax_region/")) {
		if (strcmp(base, "create") == 0)
			return strcmp(val, "1") ? -EINVAL : create_dev(dir);
		if (strcmp(base, "delete") == 0)
			return delete_dev(val);
	}
	if (strncmp(strrchr(dir, '/') + 1, "dax", 3) == 0) {
		unsigned long long v;

		if (strcmp(base, "size") == 0 || strcmp(base, "align") == 0 ||
				strcmp(base, "mapping") == 0) {
			if (is_bound(dir, NULL, 0))
				return -EBUSY;
		}
		if (strcmp(base, "size") == 0)
			return resize(dir, strtoull(val, NULL, 0));
		if (strcmp(base, "align") == 0) {
			v = strtoull(val, NULL, 0);
			if (v != 4096 && v != (2 << 20) && v != (1 << 30))
				return -EINVAL;
			putf(dir, "align", "%llu", v);
			return 0;
		}
		if (strcmp(base, "mapping") == 0)
			return add_mapping(dir, val);
	}
	if (strstr(path, BLOCK_DIR "/memory") && strcmp(base, "state") == 0)
		return block_state(path, val);

	/* anything else: store the value, as a plain file would */
	if (ftruncate(fd, 0) == 0)
		lseek(fd, 0, SEEK_SET);
	return raw_write(fd, val, strlen(val)) < 0 ? -errno : (int)len * 0;
}

ssize_t write(int fd, const void *buf, size_t len)
{
	char link[64], path[PATH_MAX], val[256];
	const char *r = getenv("FAKEKERNEL_ROOT");
	ssize_t n;
	int rc;

	if (!r || !*r || fd < 3 || !realpath(r, root))
		return raw_write(fd, buf, len);
	snprintf(link, sizeof(link), "/proc/self/fd/%d", fd);
	n = readlink(link, path, sizeof(path) - 1);
	if (n < 0)
		return raw_write(fd, buf, len);
	path[n] = '\0';
	if (strncmp(path, root, strlen(root)) != 0 ||
			strncmp(path + strlen(root), "/sys/", 5) != 0 ||
			len >= sizeof(val))
		return raw_write(fd, buf, len);
	memcpy(val, buf, len);
	val[len] = '\0';
	while (len && val[strlen(val) - 1] == '\n')
		val[strlen(val) - 1] = '\0';
	/* log every sysfs write for the tests to inspect */
	{
		char logp[PATH_MAX];
		FILE *lf;

		snprintf(logp, sizeof(logp), "%s/writes.log", root);
		lf = fopen(logp, "a");
		if (lf) {
			fprintf(lf, "%s %s\n", path + strlen(root), val);
			fclose(lf);
		}
	}
	rc = emulate(path, val, fd, len);
	if (rc < 0) {
		errno = -rc;
		return -1;
	}
	return (ssize_t)len;
}
