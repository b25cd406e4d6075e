// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * fakekernel: kernel-like answers to writes into a fake tree (see
 * fakekernel.h). write(2) is interposed: in a test executable this
 * definition comes before libc's for the library too; as the preload shim
 * it comes before everything but the sanitizer runtime.
 */
#ifndef _GNU_SOURCE
#define _GNU_SOURCE
#endif
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <dirent.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/sysmacros.h>
#include <unistd.h>

#include "fakekernel.h"

#define FK_MAX_WRITES 1024
#define FK_MAX_FAILS 16
#define FK_PATH 512		/* a tree-relative path */
#define FK_VAL 256		/* a written value, as the simulation sees it */

#define DRIVERS "sys/bus/dax/drivers/"
#define MEMORY "sys/devices/system/memory"

struct fk_rule {
	char suffix[128];
	char val[64];		/* "": any value */
	int err;
};

static struct {
	struct faketree *ft;
	char root[PATH_MAX];	/* the tree's real path */
	size_t rootlen;
	bool simulate;
	int nfail;
	struct fk_rule fail[FK_MAX_FAILS];
	int n;
	int lost;		/* writes past FK_MAX_WRITES, not kept */
	struct fk_write log[FK_MAX_WRITES];
	char logfile[PATH_MAX];	/* preload: every write appended here */
	bool sysmount;		/* the tree's sys/ is mounted on /sys */
	bool busy;
	unsigned int state_delay_us;	/* FAKEKERNEL_STATE_DELAY_US */
} fk;

/* the tree of FAKEKERNEL_ROOT, when preloaded */
static struct faketree env_tree;
static bool env_read;

static ssize_t raw_write(int fd, const void *buf, size_t count)
{
	return syscall(SYS_write, fd, buf, count);
}

/* snprintf for paths and names that fit by construction (a truncated
 * one only fails to match the tree) */
static int fmt(char *out, size_t len, const char *format, ...)
	__attribute__((format(printf, 3, 4)));
static int fmt(char *out, size_t len, const char *format, ...)
{
	va_list ap;
	int n;

	va_start(ap, format);
	n = vsnprintf(out, len, format, ap);
	va_end(ap);
	return n;
}

void fk_attach(struct faketree *ft, bool simulate)
{
	char *real = realpath(ft->root, NULL);

	memset(&fk, 0, sizeof(fk));
	fk.ft = ft;
	fmt(fk.root, sizeof(fk.root), "%s", real ? real : ft->root);
	free(real);
	fk.rootlen = strlen(fk.root);
	fk.simulate = simulate;
}

void fk_detach(void)
{
	memset(&fk, 0, sizeof(fk));
}

/* SUFFIX or SUFFIX@VALUE (only writes of VALUE are refused) */
static void add_rule(const char *suffix, size_t len, int err)
{
	const char *at = memchr(suffix, '@', len);
	struct fk_rule *r;

	if (fk.nfail >= FK_MAX_FAILS)
		return;
	r = &fk.fail[fk.nfail++];
	memset(r, 0, sizeof(*r));
	if (at) {
		fmt(r->val, sizeof(r->val), "%.*s",
				(int)(len - (size_t)(at + 1 - suffix)), at + 1);
		len = (size_t)(at - suffix);
	}
	fmt(r->suffix, sizeof(r->suffix), "%.*s", (int)len, suffix);
	r->err = err;
}

void fk_fail(const char *suffix, int err)
{
	fk.nfail = 0;
	add_rule(suffix, strlen(suffix), err);
}

void fk_clear_fail(void)
{
	fk.nfail = 0;
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

struct faketree *fk_tree(void)
{
	return fk.ft;
}

int fk_lost(void)
{
	return fk.lost;
}

/* FAKEKERNEL_ROOT, FAKEKERNEL_SIMULATE and FAKEKERNEL_FAIL, once */
static void env_attach(void)
{
	const char *root = getenv("FAKEKERNEL_ROOT");
	const char *sim = getenv("FAKEKERNEL_SIMULATE");
	const char *spec = getenv("FAKEKERNEL_FAIL");
	const char *sys = getenv("FAKEKERNEL_SYS");
	const char *tok, *eq, *end;

	env_read = true;
	if (!root || !*root)
		return;
	env_tree.root = realpath(root, NULL);
	if (!env_tree.root)
		return;
	fk_attach(&env_tree, !(sim && strcmp(sim, "0") == 0));
	if (getenv("FAKEKERNEL_LOG"))
		fmt(fk.logfile, sizeof(fk.logfile), "%s",
				getenv("FAKEKERNEL_LOG"));
	else if (fk.rootlen > 1)
		fmt(fk.logfile, sizeof(fk.logfile), "%s/writes.log", fk.root);
	fk.sysmount = sys && strcmp(sys, "1") == 0;
	if (getenv("FAKEKERNEL_STATE_DELAY_US"))
		fk.state_delay_us = (unsigned int)atoi(
				getenv("FAKEKERNEL_STATE_DELAY_US"));
	for (tok = spec; tok && *tok; tok = *end ? end + 1 : end) {
		end = tok + strcspn(tok, ",");
		eq = memchr(tok, '=', end - tok);
		if (eq)
			add_rule(tok, eq - tok, atoi(eq + 1));
	}
}

/* ---- the tree ---- */

/* an attribute's value as a number (base 0: decimal or 0x hex), 0 if none */
static unsigned long long attr_u64(const char *dir, const char *attr, int base)
{
	char *s = ft_read(fk.ft, "%s/%s", dir, attr);
	unsigned long long v;

	if (!s)
		return 0;
	v = strtoull(s, NULL, base);
	free(s);
	return v;
}

/* an attribute's first line, "" if none */
static void attr_str(const char *dir, const char *attr, char *out, size_t len)
{
	char *s = ft_read(fk.ft, "%s/%s", dir, attr);

	fmt(out, len, "%s", s ? s : "");
	free(s);
	out[strcspn(out, "\n")] = '\0';
}

static int put(const char *dir, const char *attr, const char *format, ...)
	__attribute__((format(printf, 3, 4)));
static int put(const char *dir, const char *attr, const char *format, ...)
{
	char path[FK_PATH], val[64];
	va_list ap;

	va_start(ap, format);
	vsnprintf(val, sizeof(val), format, ap);
	va_end(ap);
	if (snprintf(path, sizeof(path), "%s/%s", dir, attr) >=
			(int)sizeof(path))
		return -ENAMETOOLONG;
	return ft_write(fk.ft, path, val);
}

static bool parse_u64(const char *s, unsigned long long *v)
{
	char *end;

	errno = 0;
	*v = strtoull(s, &end, 0);
	return end != s && *end == '\0' && errno == 0;
}

/* the tree-relative part of the absolute path @path, NULL outside */
static const char *tree_rel(const char *path)
{
	/* the tree is "/" itself: its sys/ is what is mounted on /sys */
	if (fk.rootlen == 1)
		return strncmp(path, "/sys/", 5) == 0 ? path + 1 : NULL;
	if (fk.sysmount && strncmp(path, "/sys/", 5) == 0)
		return path + 1;
	if (strncmp(path, fk.root, fk.rootlen) != 0 ||
			path[fk.rootlen] != '/')
		return NULL;
	return path + fk.rootlen + 1;
}

/* tree-relative directory of the device @name, from its bus link */
static int dev_dir(const char *name, char *out, size_t len)
{
	char *real;
	int r, i, n = 0;

	if (sscanf(name, "dax%d.%d%n", &r, &i, &n) != 2 || name[n])
		return -ENODEV;
	real = realpath(ft_path(fk.ft, "sys/bus/dax/devices/%s", name), NULL);
	if (!real)
		return -ENODEV;
	if (!tree_rel(real) ||
			snprintf(out, len, "%s", tree_rel(real)) >= (int)len) {
		free(real);
		return -ENODEV;
	}
	free(real);
	return 0;
}

/* the driver @dir is bound to, in @drv; false when unbound */
static bool bound_to(const char *dir, char *drv, size_t len)
{
	char target[FK_PATH];
	const char *base;
	ssize_t n;

	n = readlink(ft_path(fk.ft, "%s/driver", dir), target,
			sizeof(target) - 1);
	if (n < 0)
		return false;
	target[n] = '\0';
	base = strrchr(target, '/');
	if (drv)
		fmt(drv, len, "%s", base ? base + 1 : target);
	return true;
}

/* the region directory (…/dax_region) of the device directory @dir */
static void region_of(const char *dir, char *out, size_t len)
{
	const char *slash = strrchr(dir, '/');

	fmt(out, len, "%.*s/dax_region", (int)(slash - dir), dir);
}

static bool mapping_exists(const char *dir, int i)
{
	return ft_exists(fk.ft, "%s/mapping%d", dir, i);
}

static int put_mapping(const char *dir, int i, unsigned long long start,
		unsigned long long end, unsigned long long pgoff)
{
	char m[FK_PATH];
	int rc;

	fmt(m, sizeof(m), "%s/mapping%d", dir, i);
	rc = put(m, "start", "%#llx\n", start);
	if (!rc)
		rc = put(m, "end", "%#llx\n", end);
	if (!rc)
		rc = put(m, "page_offset", "%#llx\n", pgoff);
	return rc;
}

/* ---- drivers ---- */

/*
 * kmem: the blocks of every range of the device, on its target node. Like
 * the kernel's dax_kmem_range(), each range is rounded to whole blocks
 * (start up, end down); a device with no whole block is rejected (EINVAL).
 */
static int kmem_add_blocks(const char *dir)
{
	unsigned long long bs, start, end, size, first, last;
	char m[FK_PATH], policy[32];
	const char *state, *zones;
	int i, node, rc = 0, added = 0;

	bs = attr_u64(MEMORY, "block_size_bytes", 16);
	if (!bs)
		return 0;
	attr_str(MEMORY, "auto_online_blocks", policy, sizeof(policy));
	if (strncmp(policy, "online", 6) == 0) {
		state = "online";
		zones = strcmp(policy, "online_movable") == 0 ? "Movable" :
			"Normal";
	} else {
		state = "offline";
		zones = "Normal Movable";
	}
	attr_str(dir, "target_node", m, sizeof(m));
	node = m[0] ? atoi(m) : 0;
	if (node < 0)
		return -EINVAL;	/* "rejecting DAX region with invalid node" */
	/* the mappings, or [resource, resource + size) without any; like
	 * the kernel's kmem, only blocks wholly inside a range are added */
	size = attr_u64(dir, "size", 0);
	for (i = 0; !rc && (mapping_exists(dir, i) || (i == 0 && size)); i++) {
		if (mapping_exists(dir, i)) {
			fmt(m, sizeof(m), "%s/mapping%d", dir, i);
			start = attr_u64(m, "start", 0);
			end = attr_u64(m, "end", 0);
		} else {
			start = attr_u64(dir, "resource", 0);
			end = start + size - 1;
		}
		if (end < start)
			continue;
		first = start / bs + (start % bs ? 1 : 0);
		last = (end + 1) / bs;	/* exclusive */
		if (end == ~0ULL || first >= last)
			continue;
		rc = ft_memblocks_add(fk.ft, first, (int)(last - first), node,
				state, zones, 1);
		added++;
	}
	return rc ? rc : (added ? 0 : -EINVAL);
}

static int do_bind(const char *drv, const char *name, bool is_bind)
{
	char dir[FK_PATH], drvdir[FK_PATH], link[FK_PATH];
	int rc;

	/* new_id only adds the id: whatever the probe says, it succeeds */
	if (dev_dir(name, dir, sizeof(dir)))
		return is_bind ? -ENODEV : 0;
	if (bound_to(dir, NULL, 0))
		return is_bind ? -EBUSY : 0;
	if (attr_u64(dir, "size", 0) == 0)
		return is_bind ? -ENXIO : 0;
	/* kmem's probe adds the memory first: it may reject the device */
	if (strcmp(drv, "kmem") == 0) {
		rc = kmem_add_blocks(dir);
		if (rc)
			return is_bind ? rc : 0;
	}
	fmt(drvdir, sizeof(drvdir), DRIVERS "%s", drv);
	fmt(link, sizeof(link), "%s/driver", dir);
	rc = ft_symlink(fk.ft, drvdir, link);
	if (!rc) {
		fmt(link, sizeof(link), "%s/%s", drvdir, name);
		rc = ft_symlink(fk.ft, dir, link);
	}
	return rc;
}

static int do_unbind(const char *drv, const char *name)
{
	char dir[FK_PATH], cur[64];

	if (dev_dir(name, dir, sizeof(dir)) ||
			!bound_to(dir, cur, sizeof(cur)) || strcmp(cur, drv))
		return -ENODEV;
	ft_remove(fk.ft, "%s/driver", dir);
	ft_remove(fk.ft, DRIVERS "%s/%s", drv, name);
	return 0;
}

/* ---- regions ---- */

/* Mounted on /sys in a namespace of its own: devtmpfs would make the
 * node of a new device at once (the distribution's library looks for it) */
static void devnode(const char *name, const char *majmin, bool add)
{
	char node[64];
	unsigned int maj, min;

	if (!fk.sysmount)
		return;
	fmt(node, sizeof(node), "/dev/%s", name);
	if (!add) {
		unlink(node);
		return;
	}
	/* in place of the plain file the tree builder leaves there */
	unlink(node);
	if (sscanf(majmin, "%u:%u", &maj, &min) == 2)
		mknod(node, S_IFCHR | 0600, makedev(maj, min));
}

/* the first address after every range of the region's devices */
static unsigned long long region_free_start(const char *regdir)
{
	char parent[FK_PATH], m[FK_PATH];
	unsigned long long end, top = 0;
	struct dirent *de;
	DIR *dir;
	int i;

	fmt(parent, sizeof(parent), "%.*s", (int)(strlen(regdir) -
				strlen("/dax_region")), regdir);
	dir = opendir(ft_path(fk.ft, "%s", parent));
	if (!dir)
		return 0;
	while ((de = readdir(dir)) != NULL) {
		if (strncmp(de->d_name, "dax", 3) != 0 ||
				strcmp(de->d_name, "dax_region") == 0)
			continue;
		for (i = 0; ; i++) {
			fmt(m, sizeof(m), "%s/%s/mapping%d", parent,
					de->d_name, i);
			if (!ft_exists(fk.ft, "%s", m))
				break;
			end = attr_u64(m, "end", 0);
			if (end + 1 > top)
				top = end + 1;
		}
	}
	closedir(dir);
	return top;
}

static int do_create(const char *regdir, const char *val)
{
	char parent[FK_PATH], sibling[64], seed[32], mm[32];
	struct ft_dev d = { 0 };
	int region, id, major = 252, minor = 0;
	unsigned long align;

	if (strcmp(val, "1") != 0)
		return -EINVAL;
	if (attr_u64(regdir, "available_size", 0) == 0)
		return -ENOSPC;
	/* regdir: sys/devices/<parent>/dax_region */
	fmt(parent, sizeof(parent), "%.*s",
			(int)(strlen(regdir) - strlen("sys/devices/") -
				strlen("/dax_region")),
			regdir + strlen("sys/devices/"));
	region = (int)attr_u64(regdir, "id", 10);
	for (id = 0; id < 10000; id++)
		if (!ft_exists(fk.ft, "sys/bus/dax/devices/dax%d.%d", region,
					id))
			break;
	/* what the region's first device says about node and major */
	fmt(sibling, sizeof(sibling), "sys/bus/dax/devices/dax%d.0",
			region);
	attr_str(sibling, "dev", mm, sizeof(mm));
	if (mm[0])
		major = atoi(mm);
	attr_str(sibling, "target_node", mm, sizeof(mm));
	d.target_node = mm[0] ? atoi(mm) : -1;
	d.numa_node = (int)attr_u64(sibling, "numa_node", 10);
	while (ft_exists(fk.ft, "sys/dev/char/%d:%d", major, minor))
		minor++;
	align = (unsigned long)attr_u64(regdir, "align", 0);
	d.parent = parent;
	d.region = region;
	d.id = id;
	d.major = major;
	d.minor = minor;
	d.align = align ? align : 2 * FT_MIB;
	d.dynamic = true;
	if (ft_dev_add(fk.ft, &d))
		return -ENOMEM;
	fmt(seed, sizeof(seed), "dax%d.%d", region, id);
	fmt(mm, sizeof(mm), "%d:%d", major, minor);
	devnode(seed, mm, true);
	return put(regdir, "seed", "%s\n", seed);
}

static int do_delete(const char *regdir, const char *name)
{
	char dir[FK_PATH], reg[FK_PATH], mm[32];
	const char *dot = strrchr(name, '.');

	if (dev_dir(name, dir, sizeof(dir)))
		return -ENODEV;
	region_of(dir, reg, sizeof(reg));
	if (strcmp(reg, regdir) != 0)
		return -ENODEV;
	if (!dot || strcmp(dot, ".0") == 0 || bound_to(dir, NULL, 0) ||
			attr_u64(dir, "size", 0))
		return -EBUSY;
	attr_str(dir, "dev", mm, sizeof(mm));
	ft_remove(fk.ft, "%s", dir);
	ft_remove(fk.ft, "sys/bus/dax/devices/%s", name);
	if (mm[0])
		ft_remove(fk.ft, "sys/dev/char/%s", mm);
	if (ft_exists(fk.ft, "dev/%s", name))
		ft_remove(fk.ft, "dev/%s", name);
	devnode(name, mm, false);
	return 0;
}

/* ---- devices ---- */

static int do_size(const char *dir, const char *val)
{
	unsigned long long size, old, avail, align, cum = 0, start, end;
	char reg[FK_PATH], m[FK_PATH];
	int i, last = -1, rc = 0;

	if (!parse_u64(val, &size))
		return -EINVAL;
	align = attr_u64(dir, "align", 0);
	if (align < 2 * FT_MIB)
		align = 2 * FT_MIB;
	if (size % align)
		return -EINVAL;
	if (bound_to(dir, NULL, 0))
		return -EBUSY;
	old = attr_u64(dir, "size", 0);
	region_of(dir, reg, sizeof(reg));
	avail = attr_u64(reg, "available_size", 0);
	if (size > old && size - old > avail)
		return -ENOSPC;
	if (size == old)
		return 0;
	/* shrink: ranges go from the end; grow: the last range grows */
	for (i = 0; mapping_exists(dir, i); i++) {
		fmt(m, sizeof(m), "%s/mapping%d", dir, i);
		start = attr_u64(m, "start", 0);
		end = attr_u64(m, "end", 0);
		if (size < old && cum >= size)
			ft_remove(fk.ft, "%s", m);
		else if (size < old && cum + end - start + 1 > size)
			rc = put(m, "end", "%#llx\n", start + size - cum - 1);
		else
			last = i;
		cum += end - start + 1;
	}
	if (size > old && last >= 0) {
		fmt(m, sizeof(m), "%s/mapping%d", dir, last);
		rc = put(m, "end", "%#llx\n",
				attr_u64(m, "end", 0) + size - old);
	} else if (size > old) {
		start = attr_u64(dir, "resource", 0);
		if (!start)
			start = region_free_start(reg);
		rc = put_mapping(dir, 0, start, start + size - 1, 0);
		if (!rc)
			rc = put(dir, "resource", "%#llx\n", start);
	}
	if (!rc && ft_exists(fk.ft, "%s/available_size", reg))
		rc = put(reg, "available_size", "%llu\n", avail + old - size);
	if (!rc)
		rc = put(dir, "size", "%llu\n", size);
	return rc;
}

static int do_align(const char *dir, const char *val)
{
	unsigned long long v;

	if (!parse_u64(val, &v) ||
			(v != 4096 && v != 2 * FT_MIB && v != FT_GIB))
		return -EINVAL;
	if (bound_to(dir, NULL, 0))
		return -EBUSY;
	return put(dir, "align", "%llu\n", v);
}

static int do_mapping(const char *dir, const char *val)
{
	unsigned long long start, end, size, avail;
	char reg[FK_PATH];
	int i, n = 0, rc;

	if (sscanf(val, "%llx-%llx%n", &start, &end, &n) != 2 || val[n] ||
			end < start)
		return -EINVAL;
	if (bound_to(dir, NULL, 0))
		return -EBUSY;
	region_of(dir, reg, sizeof(reg));
	avail = attr_u64(reg, "available_size", 0);
	if (end - start + 1 > avail)
		return -ENOSPC;
	for (i = 0; mapping_exists(dir, i); i++)
		;
	size = attr_u64(dir, "size", 0);
	rc = put_mapping(dir, i, start, end, size / 4096);
	if (!rc && i == 0)
		rc = put(dir, "resource", "%#llx\n", start);
	if (!rc)
		rc = put(dir, "size", "%llu\n", size + end - start + 1);
	if (!rc)
		rc = put(reg, "available_size", "%llu\n",
				avail - (end - start + 1));
	return rc;
}

/* ---- memory blocks ---- */

static int do_state(const char *dir, const char *val)
{
	char removable[8], cur[16], zones[64];
	const char *zone;
	bool online;
	int rc;

	attr_str(dir, "state", cur, sizeof(cur));
	attr_str(dir, "valid_zones", zones, sizeof(zones));
	if (strcmp(val, "offline") == 0) {
		/* device_offline() of an offline block: 1, hence EINVAL */
		if (strcmp(cur, "offline") == 0)
			return -EINVAL;
		attr_str(dir, "removable", removable, sizeof(removable));
		if (strcmp(removable, "0") == 0)
			return -EBUSY;
		online = false;
		rc = put(dir, "valid_zones", "Normal Movable\n");
	} else if (strcmp(val, "online") == 0 ||
			strcmp(val, "online_kernel") == 0 ||
			strcmp(val, "online_movable") == 0) {
		if (strcmp(cur, "online") == 0)
			return -EINVAL;
		/* the zone must be one the block may go to; "online" takes
		 * the first (the kernel's default zone) */
		if (strcmp(val, "online_movable") == 0)
			zone = "Movable";
		else if (strcmp(val, "online_kernel") == 0)
			zone = "Normal";
		else
			zone = strncmp(zones, "Movable", 7) == 0 ?
				"Movable" : "Normal";
		if (zones[0] && !strstr(zones, zone))
			return -EINVAL;
		online = true;
		rc = put(dir, "valid_zones", "%s\n", zone);
	} else {
		return -EINVAL;
	}
	if (!rc)
		rc = put(dir, "state", "%s\n", online ? "online" : "offline");
	if (!rc && ft_exists(fk.ft, "%s/online", dir))
		rc = put(dir, "online", "%d\n", online);
	return rc;
}

/*
 * memmap_on_memory (Linux 6.8+): a boolean; EOPNOTSUPP to set it unless
 * memory_hotplug.memmap_on_memory is on, EBUSY to change it while on
 * kmem. 0: store the value.
 */
static int do_memmap(const char *dir, const char *val)
{
	char param[8], cur[8], drv[64];
	bool on;

	if (!strcmp(val, "1") || !strcasecmp(val, "y") || !strcasecmp(val, "yes") ||
			!strcasecmp(val, "on") || !strcasecmp(val, "true"))
		on = true;
	else if (!strcmp(val, "0") || !strcasecmp(val, "n") ||
			!strcasecmp(val, "no") || !strcasecmp(val, "off") ||
			!strcasecmp(val, "false"))
		on = false;
	else
		return -EINVAL;
	attr_str("sys/module/memory_hotplug/parameters", "memmap_on_memory",
			param, sizeof(param));
	if (on && strcmp(param, "Y") != 0)
		return -EOPNOTSUPP;
	attr_str(dir, "memmap_on_memory", cur, sizeof(cur));
	if (atoi(cur) != on && bound_to(dir, drv, sizeof(drv)) &&
			strcmp(drv, "kmem") == 0)
		return -EBUSY;
	return put(dir, "memmap_on_memory", "%d\n", on) < 0 ? -EIO : 1;
}

/* 1: handled (the write is not performed), 0: store it, <0: refuse */
static int simulate(const char *rel, const char *val)
{
	const char *base = strrchr(rel, '/'), *drv, *name;
	char dir[FK_PATH], drvname[64];
	int rc, r, i, n = 0;

	if (!base || strncmp(rel, "sys/", 4) != 0)
		return 0;
	fmt(dir, sizeof(dir), "%.*s", (int)(base - rel), rel);
	base++;
	name = strrchr(dir, '/');
	name = name ? name + 1 : dir;

	if (strncmp(rel, DRIVERS, strlen(DRIVERS)) == 0) {
		drv = rel + strlen(DRIVERS);
		if (strchr(drv, '/') != base - 1)
			return 0;
		fmt(drvname, sizeof(drvname), "%.*s",
				(int)(base - 1 - drv), drv);
		if (strcmp(base, "bind") == 0 || strcmp(base, "new_id") == 0)
			rc = do_bind(drvname, val, strcmp(base, "bind") == 0);
		else if (strcmp(base, "unbind") == 0)
			rc = do_unbind(drvname, val);
		else if (strcmp(base, "remove_id") == 0)
			rc = 0;
		else
			return 0;
	} else if (strncmp(rel, "sys/devices/", 12) == 0 &&
			strcmp(name, "dax_region") == 0) {
		if (strcmp(base, "create") == 0)
			rc = do_create(dir, val);
		else if (strcmp(base, "delete") == 0)
			rc = do_delete(dir, val);
		else
			return 0;
	} else if (strncmp(rel, "sys/devices/", 12) == 0 &&
			sscanf(name, "dax%d.%d%n", &r, &i, &n) == 2 &&
			!name[n]) {
		char reg[FK_PATH];

		/* a static region's devices: the attributes are 0444 and
		 * kernfs refuses to open them for writing, root or not */
		region_of(dir, reg, sizeof(reg));
		if ((strcmp(base, "size") == 0 ||
				strcmp(base, "align") == 0 ||
				strcmp(base, "mapping") == 0) &&
				!ft_exists(fk.ft, "%s/create", reg))
			return -EACCES;
		if (strcmp(base, "size") == 0)
			rc = do_size(dir, val);
		else if (strcmp(base, "align") == 0)
			rc = do_align(dir, val);
		else if (strcmp(base, "mapping") == 0)
			rc = do_mapping(dir, val);
		else if (strcmp(base, "memmap_on_memory") == 0)
			return do_memmap(dir, val);
		else
			return 0;
	} else if (strncmp(rel, MEMORY "/memory", strlen(MEMORY) + 7) == 0 &&
			strcmp(base, "state") == 0) {
		if (fk.state_delay_us)
			usleep(fk.state_delay_us);
		rc = do_state(dir, val);
	} else {
		return 0;
	}
	return rc < 0 ? rc : 1;
}

static void record(const char *rel, const char *val)
{
	struct fk_write *w;
	char line[FK_PATH + FK_VAL + 4];
	int fd, len;

	if (fk.n < FK_MAX_WRITES) {
		w = &fk.log[fk.n++];
		fmt(w->path, sizeof(w->path), "%s", rel);
		fmt(w->val, sizeof(w->val), "%s", val);
	} else {
		fk.lost++;
	}
	if (!fk.logfile[0])
		return;
	fd = open(fk.logfile, O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC, 0644);
	if (fd < 0)
		return;
	len = snprintf(line, sizeof(line), "/%s %s\n", rel, val);
	if (len > 0)
		raw_write(fd, line, (size_t)len < sizeof(line) ? (size_t)len :
				sizeof(line) - 1);
	close(fd);
}

/* <0: refuse, 0: let the write happen, 1: done (count written) */
static int hook(int fd, const void *buf, size_t count)
{
	char proc[64], path[PATH_MAX], val[FK_VAL];
	const char *rel;
	size_t len;
	ssize_t n;
	int i, rc;

	fmt(proc, sizeof(proc), "/proc/self/fd/%d", fd);
	n = readlink(proc, path, sizeof(path) - 1);
	if (n <= 0)
		return 0;
	path[n] = '\0';
	rel = tree_rel(path);
	if (!rel)
		return 0;
	len = count < sizeof(val) - 1 ? count : sizeof(val) - 1;
	memcpy(val, buf, len);
	val[len] = '\0';
	val[strcspn(val, "\n")] = '\0';
	record(rel, val);
	for (i = 0; i < fk.nfail; i++)
		if (ends_with(rel, fk.fail[i].suffix) &&
				(!fk.fail[i].val[0] ||
				 strcmp(val, fk.fail[i].val) == 0))
			return -fk.fail[i].err;
	if (!fk.simulate)
		return 0;
	rc = simulate(rel, val);
	if (rc)
		return rc;
	/* an attribute the model leaves alone: it holds what was written */
	if (ftruncate(fd, 0) < 0 || pwrite(fd, buf, count, 0) < 0)
		return -errno;
	return 1;
}

__attribute__((visibility("default")))
ssize_t write(int fd, const void *buf, size_t count)
{
	int rc;

	if (!env_read && !fk.ft)
		env_attach();
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
	return raw_write(fd, buf, count);
}
