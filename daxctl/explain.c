// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * daxctl: refusals explained before acting (see explain.h). The facts come
 * from sysfs, read under DAXCTL_ROOT like the library reads them.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <daxctl/libdaxctl.h>

#include "daxctl.h"
#include "explain.h"

#define MEMORY "/sys/devices/system/memory"
#define DEVS "/sys/bus/dax/devices"

/* how many times libdaxctl tries a block that answers EBUSY (memory.c) */
#define LIB_OFFLINE_TRIES 3

static const char *vpath(char *buf, size_t len, const char *fmt, va_list ap)
{
	const char *root = getenv("DAXCTL_ROOT");
	int n = 0;

	if (root && *root && strcmp(root, "/") != 0)
		n = snprintf(buf, len, "%s", root);
	if (n < 0 || (size_t)n >= len)
		n = 0;
	vsnprintf(buf + n, len - n, fmt, ap);
	return buf;
}

const char *sys_path(char *buf, size_t len, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vpath(buf, len, fmt, ap);
	va_end(ap);
	return buf;
}

int sys_read(char *buf, size_t len, const char *fmt, ...)
{
	char path[4096];
	va_list ap;
	ssize_t n;
	int fd;

	va_start(ap, fmt);
	vpath(path, sizeof(path), fmt, ap);
	va_end(ap);
	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return -errno;
	n = read(fd, buf, len - 1);
	if (n < 0) {
		n = -errno;
		close(fd);
		return (int)n;
	}
	close(fd);
	buf[n] = '\0';
	buf[strcspn(buf, "\n")] = '\0';
	return 0;
}

int sys_write(const char *val, const char *fmt, ...)
{
	char path[4096];
	size_t len = strlen(val);
	va_list ap;
	ssize_t n;
	int fd, rc = 0;

	va_start(ap, fmt);
	vpath(path, sizeof(path), fmt, ap);
	va_end(ap);
	fd = open(path, O_WRONLY | O_CLOEXEC);
	if (fd < 0)
		return -errno;
	n = write(fd, val, len);
	if (n < 0)
		rc = -errno;
	else if ((size_t)n != len)
		rc = -EIO;
	if (close(fd) < 0 && !rc)
		rc = -errno;
	return rc;
}

bool sys_exists(const char *fmt, ...)
{
	char path[4096];
	va_list ap;

	va_start(ap, fmt);
	vpath(path, sizeof(path), fmt, ap);
	va_end(ap);
	return access(path, F_OK) == 0;
}

void hint(const char *fmt, ...)
{
	va_list ap;

	fflush(stdout);
	fputs("hint: ", stderr);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
}

static const char *devname(struct daxctl_dev *dev)
{
	return daxctl_dev_get_devname(dev);
}

/* "1 GiB", "130 MiB", "12 KiB", "100 bytes": exact where it can */
static const char *size_str(char *buf, size_t len, unsigned long long v)
{
	static const char *const unit[] = { "bytes", "KiB", "MiB", "GiB",
		"TiB" };
	int i = 0;

	while (i < 4 && v && (v & 1023) == 0) {
		v >>= 10;
		i++;
	}
	snprintf(buf, len, "%llu %s", v, unit[i]);
	return buf;
}

int memory_block_size(unsigned long long *bs)
{
	char buf[64];
	int rc = sys_read(buf, sizeof(buf), MEMORY "/block_size_bytes");

	if (rc < 0)
		return rc;
	*bs = strtoull(buf, NULL, 16);
	return *bs ? 0 : -EINVAL;
}

int dev_ranges(struct daxctl_dev *dev, struct range *r, int max)
{
	struct daxctl_mapping *m;
	unsigned long long res, size;
	int n = 0;

	daxctl_mapping_foreach(dev, m) {
		if (n == max)
			return -E2BIG;
		r[n].start = daxctl_mapping_get_start(m);
		r[n].end = daxctl_mapping_get_end(m);
		n++;
	}
	if (n)
		return n;
	res = daxctl_dev_get_resource(dev);
	size = daxctl_dev_get_size(dev);
	if (!res || !size || res + size - 1 < res)
		return 0;
	r[0].start = res;
	r[0].end = res + size - 1;
	return 1;
}

int dev_blocks(struct daxctl_dev *dev, unsigned long long **blocks,
		unsigned long long *bs)
{
	struct range r[MAX_RANGES];
	unsigned long long first, last, b, *out = NULL, *tmp;
	int i, nr, n = 0, rc;

	*blocks = NULL;
	rc = memory_block_size(bs);
	if (rc < 0)
		return rc;
	nr = dev_ranges(dev, r, MAX_RANGES);
	if (nr < 0)
		return nr;
	for (i = 0; i < nr; i++) {
		first = (r[i].start + *bs - 1) / *bs;
		last = (r[i].end + 1) / *bs;
		if (last <= first)
			continue;
		if (last - first > (1ULL << 24)) {
			free(out);
			return -EINVAL;
		}
		tmp = realloc(out, (n + (last - first)) * sizeof(*out));
		if (!tmp) {
			free(out);
			return -ENOMEM;
		}
		out = tmp;
		for (b = first; b < last; b++)
			out[n++] = b;
	}
	*blocks = out;
	return n;
}

int check_writable(struct daxctl_dev *dev, const char *what,
		const char *path)
{
	char full[4096];

	sys_path(full, sizeof(full), "%s", path);
	if (access(full, F_OK) < 0)
		return 0;	/* the operation itself will say */
	if (faccessat(AT_FDCWD, full, W_OK, AT_EACCESS) == 0)
		return 0;
	if (errno != EACCES && errno != EPERM)
		return 0;
	err("%s: %s needs to write %s, which only root may (%s)",
			devname(dev), what, path, strerror(EACCES));
	hint("run it as root (sudo daxctl ...); nothing was changed");
	return -EACCES;
}

void explain_auto_online(struct daxctl_dev *dev)
{
	char policy[64] = "?";

	sys_read(policy, sizeof(policy), MEMORY "/auto_online_blocks");
	err("%s: the kernel would online the memory itself, not daxctl: "
		MEMORY "/auto_online_blocks is '%s' (%s)", devname(dev),
		policy, strerror(EBUSY));
	hint("-f goes ahead and lets the kernel online it as '%s' (-N and "
		"--no-movable then change nothing: the blocks are already "
		"online); to choose the zone, 'echo offline > "
		MEMORY "/auto_online_blocks' first, then use --no-movable for "
		"ZONE_NORMAL or -N to leave the blocks offline", policy);
}

int check_kmem(struct daxctl_dev *dev)
{
	struct range r[MAX_RANGES];
	unsigned long long bs, first, last, whole = 0, lost = 0, res, size;
	char buf[64], s1[32], s2[32];
	int i, nr, node;

	/* not on the dax bus (the dax-class model): kmem cannot take it,
	 * and disabling it says so (EOPNOTSUPP, see migrate-device-model) */
	if (!sys_exists(DEVS "/%s", devname(dev)))
		return 0;
	if (sys_read(buf, sizeof(buf), DEVS "/%s/target_node",
				devname(dev)) < 0) {
		err("%s: the kernel has no target_node for it: its dax bus "
			"cannot hand memory to kmem (%s)", devname(dev),
			strerror(ENODEV));
		hint("system-ram mode needs Linux 5.1 or later with "
			"CONFIG_DEV_DAX_KMEM; devdax mode still works");
		return -ENODEV;
	}
	node = atoi(buf);
	if (node < 0) {
		err("%s: target_node is %d: kmem rejects memory on no NUMA "
			"node (%s)", devname(dev), node, strerror(EINVAL));
		hint("the firmware gave this range no proximity domain (SRAT/"
			"HMAT); boot with a NUMA node for it (e.g. efi_fake_mem "
			"or the platform's settings) to use system-ram mode");
		return -EINVAL;
	}
	if (memory_block_size(&bs) < 0)
		return 0;
	nr = dev_ranges(dev, r, MAX_RANGES);
	if (nr <= 0)
		return 0;
	for (i = 0; i < nr; i++) {
		unsigned long long l;

		first = (r[i].start + bs - 1) / bs;
		last = (r[i].end + 1) / bs;
		if (last > first) {
			whole += last - first;
			l = first * bs - r[i].start + r[i].end + 1 - last * bs;
		} else {
			l = r[i].end - r[i].start + 1;
		}
		if (!l)
			continue;
		lost += l;
		err("%s: range %#llx-%#llx is not aligned to the %s memory "
			"block size: %s of it would be lost (%s)",
			devname(dev), r[i].start, r[i].end,
			size_str(s1, sizeof(s1), bs),
			size_str(s2, sizeof(s2), l),
			last > first ? "partial blocks at its ends" :
			"not one whole block");
		if (last > first) {
			if (r[i].start != first * bs)
				err("%s: lost: %#llx-%#llx, part of memory%llu",
					devname(dev), r[i].start,
					first * bs - 1, first - 1);
			if (r[i].end + 1 != last * bs)
				err("%s: lost: %#llx-%#llx, part of memory%llu",
					devname(dev), last * bs, r[i].end,
					last);
		}
	}
	if (!lost)
		return 0;
	res = daxctl_dev_get_resource(dev);
	size = daxctl_dev_get_size(dev);
	/* the size that ends on a block boundary, from where it starts */
	first = ((res + bs - 1) / bs) * bs;
	last = ((res + size) / bs) * bs;
	if (!whole) {
		err("%s: kmem would add no memory at all (%s)", devname(dev),
				strerror(EINVAL));
		if (res % bs == 0)
			hint("make the size a multiple of %s (at least %s, "
				"e.g. daxctl reconfigure-device %s -s %llu), "
				"or keep it in devdax mode",
				size_str(s1, sizeof(s1), bs),
				size_str(s2, sizeof(s2), bs), devname(dev),
				bs);
		else
			hint("the device starts inside a memory block; "
				"recreate it at a %s boundary with a size of "
				"a multiple of it, or keep it in devdax mode",
				size_str(s1, sizeof(s1), bs));
		return -EINVAL;
	}
	err("%s: warning: only %llu whole block%s of %s will be added",
			devname(dev), whole, plural(whole),
			size_str(s1, sizeof(s1), bs));
	if (res % bs == 0 && nr == 1)
		hint("a size of %llu (%s) aligns: daxctl reconfigure-device "
			"%s -s %llu, before switching to system-ram",
			last - res, size_str(s2, sizeof(s2), last - res),
			devname(dev), last - res);
	else
		hint("ranges starting and ending on %s boundaries lose "
			"nothing (this device's aligned span is %#llx-%#llx)",
			size_str(s1, sizeof(s1), bs), first, last - 1);
	return 0;
}

static void block_facts(unsigned long long b, char *zone, size_t zlen,
		int *removable)
{
	char buf[16];

	if (sys_read(zone, zlen, MEMORY "/memory%llu/valid_zones", b) < 0)
		snprintf(zone, zlen, "?");
	*removable = -1;
	if (sys_read(buf, sizeof(buf), MEMORY "/memory%llu/removable", b) == 0)
		*removable = atoi(buf);
}

static bool block_online(unsigned long long b)
{
	char state[32];

	return sys_read(state, sizeof(state), MEMORY "/memory%llu/state",
			b) == 0 && strcmp(state, "online") == 0;
}

int check_offline(struct daxctl_dev *dev)
{
	unsigned long long *blocks, bs;
	char zone[64];
	int i, n, removable, stuck = 0;

	n = dev_blocks(dev, &blocks, &bs);
	if (n <= 0)
		return 0;
	for (i = 0; i < n; i++) {
		if (!block_online(blocks[i]))
			continue;
		block_facts(blocks[i], zone, sizeof(zone), &removable);
		if (removable != 0)
			continue;
		err("%s: memory%llu will not go offline: zone %s, removable 0 "
			"(%s)", devname(dev), blocks[i], zone, strerror(EBUSY));
		stuck++;
	}
	free(blocks);
	if (!stuck)
		return 0;
	hint("the kernel holds unmovable pages in %s; nothing was offlined. "
		"Memory onlined in ZONE_MOVABLE (the default, without "
		"--no-movable) can always go offline; for these, reboot or "
		"keep the device in system-ram mode", stuck > 1 ?
		"these blocks" : "this block");
	return -EBUSY;
}

void explain_offline_failure(struct daxctl_dev *dev, int rc)
{
	unsigned long long *blocks, bs;
	char zone[64];
	int i, n, removable, stuck = 0, normal = 0;

	n = dev_blocks(dev, &blocks, &bs);
	if (n <= 0)
		return;
	for (i = 0; i < n; i++) {
		if (!block_online(blocks[i]))
			continue;
		block_facts(blocks[i], zone, sizeof(zone), &removable);
		if (rc == -EBUSY)
			err("%s: memory%llu will not go offline: zone %s, "
				"removable %d, %s after %d tries",
				devname(dev), blocks[i], zone, removable,
				strerror(-rc), LIB_OFFLINE_TRIES);
		else
			err("%s: memory%llu will not go offline: zone %s, "
				"removable %d, %s", devname(dev), blocks[i],
				zone, removable, strerror(-rc));
		stuck++;
		if (strstr(zone, "Normal"))
			normal++;
	}
	free(blocks);
	if (!stuck)
		return;
	if (normal)
		hint("blocks in ZONE_NORMAL may hold kernel allocations that "
			"cannot move; online with the default ZONE_MOVABLE "
			"(no --no-movable) next time. Retry later, or free "
			"memory first (e.g. echo 1 > /proc/sys/vm/drop_caches)");
	else
		hint("page migration is busy (pages pinned or in flight); "
			"retry in a moment (daxctl offline-memory %s), or stop "
			"what is using this memory", devname(dev));
}

int dev_memmap_on_memory(struct daxctl_dev *dev)
{
	char buf[16];
	int rc = sys_read(buf, sizeof(buf), DEVS "/%s/memmap_on_memory",
			devname(dev));

	if (rc < 0)
		return rc;
	return atoi(buf) == 1;
}

int set_memmap_on_memory(struct daxctl_dev *dev)
{
	char param[16] = "";
	int rc, cur = dev_memmap_on_memory(dev);

	if (cur == -ENOENT) {
		err("%s: this kernel has no memmap_on_memory for dax devices "
			"(%s)", devname(dev), strerror(EOPNOTSUPP));
		hint("it came with Linux 6.8; without --memmap-on-memory the "
			"struct pages of the memory are taken from DRAM (about "
			"1.6%% of its size)");
		return -EOPNOTSUPP;
	}
	if (cur == 1)
		return 0;
	if (daxctl_dev_is_system_ram_mode(dev)) {
		err("%s: already in system-ram mode with its memmap in DRAM: "
			"memmap_on_memory can only be set before kmem binds "
			"(%s)", devname(dev), strerror(EBUSY));
		hint("daxctl reconfigure-device %s -m devdax -f, then again "
			"with -m system-ram --memmap-on-memory", devname(dev));
		return -EBUSY;
	}
	rc = sys_write("1", DEVS "/%s/memmap_on_memory", devname(dev));
	if (rc == -EOPNOTSUPP || rc == -ENOTSUP) {
		sys_read(param, sizeof(param),
			"/sys/module/memory_hotplug/parameters/memmap_on_memory");
		err("%s: the kernel refuses memmap_on_memory: memory hotplug "
			"has it off (memory_hotplug.memmap_on_memory=%s) (%s)",
			devname(dev), *param ? param : "?", strerror(-rc));
		hint("boot with memory_hotplug.memmap_on_memory=1 (needs "
			"CONFIG_MHP_MEMMAP_ON_MEMORY), or go without "
			"--memmap-on-memory");
		return rc;
	}
	if (rc == -EACCES || rc == -EPERM) {
		err("%s: setting memmap_on_memory needs root (%s)",
				devname(dev), strerror(-rc));
		hint("run it as root (sudo daxctl ...)");
		return rc;
	}
	if (rc < 0) {
		err("%s: setting memmap_on_memory failed (%s)", devname(dev),
				strerror(-rc));
		return rc;
	}
	return 0;
}
