// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * vm-enum: what libdaxctl enumerates equals what the kernel's sysfs says.
 *
 * Every device under /sys/bus/dax/devices is listed once, in its region,
 * with the attributes the kernel reports; regions, devices and mappings come
 * in ascending order; memory counts of system-ram devices match the blocks.
 */
#include <daxctl/libdaxctl.h>
#include <libgen.h>
#include "vmtest.h"

#define MAXDEV 64
#define DEVS "/sys/bus/dax/devices"

struct sysdev {
	char name[32];
	int region, id;
	bool seen;
};

static int sysdev_cmp(const void *a, const void *b)
{
	const struct sysdev *x = a, *y = b;

	if (x->region != y->region)
		return x->region - y->region;
	return x->id - y->id;
}

static int scan_sysfs(struct sysdev *devs)
{
	struct dirent *de;
	DIR *d = opendir(DEVS);
	int n = 0;

	if (!d)
		return 0;
	while ((de = readdir(d)) && n < MAXDEV) {
		if (sscanf(de->d_name, "dax%d.%d", &devs[n].region, &devs[n].id) != 2)
			continue;
		snprintf(devs[n].name, sizeof(devs[n].name), "%.31s", de->d_name);
		devs[n].seen = false;
		n++;
	}
	closedir(d);
	qsort(devs, n, sizeof(*devs), sysdev_cmp);
	return n;
}

/* collect mismatches of one object into a single diagnostic line */
static char why[2048];
static void mismatch(const char *what, unsigned long long got,
		     unsigned long long want)
{
	size_t l = strlen(why);

	snprintf(why + l, sizeof(why) - l, " %s=%#llx(sysfs %#llx)", what, got, want);
}
#define CMP(what, got, want)					\
	do {							\
		unsigned long long __g = (got), __w = (want);	\
		if (__g != __w)					\
			mismatch(what, __g, __w);		\
	} while (0)

static int count_blocks(struct daxctl_dev *dev, int *online)
{
	unsigned long long bs, start, end, i;
	struct daxctl_mapping *m;
	char state[64];
	int n = 0;

	*online = 0;
	bs = sys_u64(0, 16, "/sys/devices/system/memory/block_size_bytes");
	if (!bs)
		return -1;
	daxctl_mapping_foreach(dev, m) {
		start = daxctl_mapping_get_start(m);
		end = daxctl_mapping_get_end(m);
		for (i = start / bs; i <= end / bs; i++) {
			if (sys_readf(state, sizeof(state),
				      "/sys/devices/system/memory/memory%llu/state", i) < 0)
				continue;
			n++;
			if (strcmp(state, "online") == 0)
				(*online)++;
		}
	}
	return n;
}

static void check_dev(struct daxctl_ctx *ctx, struct daxctl_region *region,
		      struct daxctl_dev *dev, const char *name)
{
	char buf[256], drv[64];
	unsigned int maj = 0, min = 0;
	struct daxctl_mapping *m;
	int nmap = 0, want_mode;
	bool order = true;
	unsigned long long prev_start = 0;

	why[0] = '\0';
	if (sys_readf(buf, sizeof(buf), DEVS "/%s/dev", name) == 0)
		sscanf(buf, "%u:%u", &maj, &min);
	CMP("major", daxctl_dev_get_major(dev), maj);
	CMP("minor", daxctl_dev_get_minor(dev), min);
	CMP("size", daxctl_dev_get_size(dev), sys_u64(~0ULL, 0, DEVS "/%s/size", name));
	CMP("align", daxctl_dev_get_align(dev), sys_u64(0, 0, DEVS "/%s/align", name));
	CMP("target_node", (long long)daxctl_dev_get_target_node(dev),
	    (long long)(int)sys_u64(-1, 0, DEVS "/%s/target_node", name));
	if (daxctl_dev_get_size(dev))
		CMP("resource", daxctl_dev_get_resource(dev),
		    sys_u64(0, 0, DEVS "/%s/resource", name));
	CMP("region", (unsigned long long)(uintptr_t)daxctl_dev_get_region(dev),
	    (unsigned long long)(uintptr_t)region);
	CMP("ctx", (unsigned long long)(uintptr_t)daxctl_dev_get_ctx(dev),
	    (unsigned long long)(uintptr_t)ctx);
	dev_driver(name, drv, sizeof(drv));
	CMP("enabled", daxctl_dev_is_enabled(dev), drv[0] != '\0');
	if (strcmp(drv, "device_dax") == 0)
		want_mode = DAXCTL_DEV_MODE_DEVDAX;
	else if (strcmp(drv, "kmem") == 0)
		want_mode = DAXCTL_DEV_MODE_RAM;
	else if (strcmp(drv, "fsdev_dax") == 0)
		want_mode = DAXCTL_DEV_MODE_FAMFS;
	else
		want_mode = DAXCTL_DEV_MODE_UNKNOWN;
	if (have_v11()) {
		CMP("mode", (long long)daxctl_dev_get_mode(dev), (long long)want_mode);
		CMP("is_devdax_mode", !!daxctl_dev_is_devdax_mode(dev),
		    want_mode == DAXCTL_DEV_MODE_DEVDAX);
		CMP("is_system_ram_mode", !!daxctl_dev_is_system_ram_mode(dev),
		    want_mode == DAXCTL_DEV_MODE_RAM);
	}

	daxctl_mapping_foreach(dev, m) {
		unsigned long long s, e, o;

		s = sys_u64(~0ULL, 0, DEVS "/%s/mapping%d/start", name, nmap);
		e = sys_u64(~0ULL, 0, DEVS "/%s/mapping%d/end", name, nmap);
		o = sys_u64(~0ULL, 0, DEVS "/%s/mapping%d/page_offset", name, nmap);
		CMP("mapping.start", daxctl_mapping_get_start(m), s);
		CMP("mapping.end", daxctl_mapping_get_end(m), e);
		CMP("mapping.page_offset", daxctl_mapping_get_offset(m), o);
		CMP("mapping.size", daxctl_mapping_get_size(m), e - s + 1);
		if (nmap && o < prev_start)
			order = false;
		prev_start = o;
		nmap++;
	}
	CMP("mappings", nmap, ({
		int k = 0;
		while (sys_exists(DEVS "/%s/mapping%d", name, k))
			k++;
		k;
	}));
	if (!order)
		mismatch("mapping order (page_offset descending)", 1, 0);

	if (want_mode == DAXCTL_DEV_MODE_RAM) {
		struct daxctl_memory *mem = daxctl_dev_get_memory(dev);
		int online, blocks = count_blocks(dev, &online);

		if (!mem) {
			mismatch("memory object", 0, 1);
		} else {
			CMP("memory.num_sections", daxctl_memory_num_sections(mem), blocks);
			CMP("memory.is_online", daxctl_memory_is_online(mem), online);
			CMP("memory.block_size", daxctl_memory_get_block_size(mem),
			    sys_u64(0, 16, "/sys/devices/system/memory/block_size_bytes"));
		}
		CMP("has_online_memory", daxctl_dev_has_online_memory(dev), online);
	} else {
		CMP("has_online_memory", daxctl_dev_has_online_memory(dev), 0);
	}
	if (!t_ok(why[0] == '\0', "%s: attributes, mode and mappings match sysfs (%s, %d mappings)",
		  name, drv[0] ? drv : "unbound", nmap))
		t_diag("mismatches:%s", why);
}

static void check_region(struct daxctl_region *region, const char *devpath)
{
	char real[PATH_MAX], sysdir[PATH_MAX], buf[64];
	const char *path = daxctl_region_get_path(region);
	struct daxctl_dev *seed;

	why[0] = '\0';
	if (!realpath(devpath, real)) {
		t_ok(false, "region %d: realpath(%s)", daxctl_region_get_id(region), devpath);
		return;
	}
	if (!path || strcmp(path, dirname(real)) != 0) {
		t_ok(false, "region %d: path %s is the parent of its devices (%s)",
		     daxctl_region_get_id(region), path ? path : "(null)", real);
		return;
	}
	snprintf(sysdir, sizeof(sysdir), "%s/dax_region", path);
	CMP("size", daxctl_region_get_size(region),
	    sys_u64(ULLONG_MAX, 0, "%s/size", sysdir));
	CMP("align", daxctl_region_get_align(region),
	    sys_u64(ULONG_MAX, 0, "%s/align", sysdir));
	CMP("available_size", daxctl_region_get_available_size(region),
	    sys_u64(0, 0, "%s/available_size", sysdir));
	CMP("id", daxctl_region_get_id(region), sys_u64(~0ULL, 0, "%s/id", sysdir));
	if (strcmp(daxctl_region_get_devname(region), strrchr(path, '/') + 1))
		mismatch("devname", 0, 1);
	seed = daxctl_region_get_dev_seed(region);
	if (sys_readf(buf, sizeof(buf), "%s/seed", sysdir) == 0 && buf[0]) {
		if (!seed || strcmp(daxctl_dev_get_devname(seed), buf))
			mismatch("seed", 0, 1);
	} else if (seed) {
		mismatch("seed (none in sysfs)", 1, 0);
	}
	if (!t_ok(why[0] == '\0', "region %d (%s): path, size, align, available_size, seed match sysfs",
		  daxctl_region_get_id(region), daxctl_region_get_devname(region)))
		t_diag("mismatches:%s", why);
}

int main(int argc, char **argv)
{
	struct sysdev sys[MAXDEV];
	struct daxctl_ctx *ctx = NULL;
	struct daxctl_region *region;
	struct daxctl_dev *dev;
	int nsys, nlib = 0, rc, i, prev_region = -1;
	bool order = true, known = true;

	t_init("vm-enum");
	nsys = scan_sysfs(sys);
	rc = daxctl_new(&ctx);
	if (!t_ok(rc == 0 && ctx, "daxctl_new"))
		return t_done();

	daxctl_region_foreach(ctx, region) {
		int prev_dev = -1, rid = daxctl_region_get_id(region);
		bool first = true;

		if (rid <= prev_region)
			order = false;
		prev_region = rid;
		t_ok(daxctl_region_get_ctx(region) == ctx, "region %d: get_ctx", rid);
		daxctl_dev_foreach(region, dev) {
			const char *name = daxctl_dev_get_devname(dev);
			int id = daxctl_dev_get_id(dev);
			char path[PATH_MAX];

			nlib++;
			if (id <= prev_dev)
				order = false;
			prev_dev = id;
			for (i = 0; i < nsys; i++)
				if (strcmp(sys[i].name, name) == 0)
					break;
			if (i == nsys) {
				known = false;
				t_diag("library lists %s, not in sysfs", name);
				continue;
			}
			sys[i].seen = true;
			t_ok(sys[i].region == rid && sys[i].id == id,
			     "%s: region id %d, device id %d", name, rid, id);
			if (first) {
				snprintf(path, sizeof(path), DEVS "/%s", name);
				check_region(region, path);
				first = false;
			}
			check_dev(ctx, region, dev, name);
		}
	}
	/* libndctl/libcxl announce regions by path: a known path is the same object */
	daxctl_region_foreach(ctx, region) {
		uuid_t uuid = { 0x5e, 0x1f };
		struct daxctl_region *again;

		again = daxctl_new_region(ctx, daxctl_region_get_id(region), uuid,
					  daxctl_region_get_path(region));
		t_ok(again == region, "daxctl_new_region on region %d's path returns the listed object",
		     daxctl_region_get_id(region));
		if (again)
			daxctl_region_unref(again);
	}
	for (i = 0; i < nsys; i++)
		if (!sys[i].seen) {
			known = false;
			t_diag("sysfs has %s, the library does not list it", sys[i].name);
		}
	t_is(nlib, nsys, "the library lists every device of /sys/bus/dax/devices (%d)", nsys);
	t_ok(known, "no device missing or invented");
	t_ok(order, "regions and devices come in ascending id order");
	daxctl_unref(ctx);
	(void)argc;
	(void)argv;
	return t_done();
}
