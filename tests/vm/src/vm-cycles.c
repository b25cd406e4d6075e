// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * vm-cycles: repeated cycles on the real kernel, through libdaxctl.
 *
 *   vm-cycles kmem DEV N [BYSTANDER]
 *	N times: DEV devdax -> system-ram (kmem) with every block onlined
 *	movable -> every block offline -> devdax. Each cycle checks MemTotal
 *	at each step, every block's state and zone, that no block is left
 *	once kmem lets go, and that DEV ends where it began (driver, size,
 *	align, resource, mappings). Between cycles the whole of DEV is written
 *	with a pattern through mmap and read back, and the pattern written
 *	on BYSTANDER (another devdax) before the first cycle is verified.
 *   vm-cycles region ID N SIZE [BYSTANDER]
 *	N times on the dynamic region ID: create a device, size it to SIZE,
 *	enable it, write and verify its whole mapping, disable, size 0,
 *	destroy. available_size must come back exactly and the device list
 *	be what it was; BYSTANDER's pattern is verified after each cycle.
 *   vm-cycles pattern write|verify DEV SEED
 *	the pattern alone.
 *
 * One TAP line per cycle (the checks of a cycle are summed up, failures
 * are listed as diagnostics), and a "# cycles:" line with counts and
 * times. VM_CYCLES_STRIDE (default 8: every 64-bit word) sets how densely
 * the pattern covers a device; 4096 touches one word a page.
 */
#include <sys/mman.h>
#include <time.h>
#include <daxctl/libdaxctl.h>
#include "vmtest.h"

#define MEMDIR "/sys/devices/system/memory"
#define MAXMAP 16

static size_t stride = 8;
static int cyc_fails;	/* failed checks in the current cycle */

static double now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec + ts.tv_nsec / 1e9;
}

__attribute__((format(printf, 2, 3)))
static bool check(bool pass, const char *fmt, ...)
{
	va_list ap;

	if (pass)
		return true;
	cyc_fails++;
	fputs("#   FAILED: ", stdout);
	va_start(ap, fmt);
	vprintf(fmt, ap);
	va_end(ap);
	putchar('\n');
	return false;
}

static inline uint64_t word(uint64_t seed, uint64_t off)
{
	uint64_t x = (off + 1) * 0x9e3779b97f4a7c15ULL ^ seed;

	x ^= x >> 29;
	return x * 0xbf58476d1ce4e5b9ULL;
}

/* write (verify = false) or check the pattern over the whole device;
 * the number of bad words, or -errno */
static long pattern(const char *devname, uint64_t seed, bool verify)
{
	char path[64];
	unsigned long long size;
	volatile uint64_t *p;
	uint64_t off;
	long bad = 0;
	int fd;

	size = sys_u64(0, 0, "/sys/bus/dax/devices/%s/size", devname);
	snprintf(path, sizeof(path), "/dev/%s", devname);
	fd = open(path, O_RDWR | O_CLOEXEC);
	if (fd < 0 || !size) {
		if (fd >= 0)
			close(fd);
		return fd < 0 ? -errno : -ENXIO;
	}
	p = mmap(NULL, size, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
	close(fd);
	if (p == MAP_FAILED)
		return -errno;
	for (off = 0; off < size; off += stride) {
		if (!verify)
			p[off / 8] = word(seed, off);
		else if (p[off / 8] != word(seed, off))
			bad++;
	}
	if (!verify)
		msync((void *)p, size, MS_SYNC);
	munmap((void *)p, size);
	return bad;
}

struct devstate {
	char driver[64];
	unsigned long long size, align, resource;
	int nmap;
	unsigned long long start[MAXMAP], end[MAXMAP];
};

static void snapshot(const char *name, struct devstate *s)
{
	int i;

	memset(s, 0, sizeof(*s));
	dev_driver(name, s->driver, sizeof(s->driver));
	s->size = sys_u64(0, 0, "/sys/bus/dax/devices/%s/size", name);
	s->align = sys_u64(0, 0, "/sys/bus/dax/devices/%s/align", name);
	s->resource = sys_u64(0, 0, "/sys/bus/dax/devices/%s/resource", name);
	for (i = 0; i < MAXMAP; i++) {
		if (!sys_exists("/sys/bus/dax/devices/%s/mapping%d", name, i))
			break;
		s->start[i] = sys_u64(0, 0, "/sys/bus/dax/devices/%s/mapping%d/start", name, i);
		s->end[i] = sys_u64(0, 0, "/sys/bus/dax/devices/%s/mapping%d/end", name, i);
	}
	s->nmap = i;
}

static bool same_state(const struct devstate *a, const struct devstate *b)
{
	int i;

	if (strcmp(a->driver, b->driver) || a->size != b->size ||
	    a->align != b->align || a->resource != b->resource ||
	    a->nmap != b->nmap)
		return false;
	for (i = 0; i < a->nmap; i++)
		if (a->start[i] != b->start[i] || a->end[i] != b->end[i])
			return false;
	return true;
}

/* the blocks kmem adds for the ranges: whole blocks inside each range */
static int expected_blocks(const struct devstate *s, unsigned long long bs)
{
	unsigned long long first, last;
	int i, n = 0;

	for (i = 0; i < s->nmap; i++) {
		first = (s->start[i] + bs - 1) / bs;
		last = (s->end[i] + 1) / bs;
		if (last > first)
			n += (int)(last - first);
	}
	return n;
}

/* blocks present in the ranges; how many online, how many in @zone */
static int blocks(const struct devstate *s, unsigned long long bs, int *online,
		  const char *zone, int *inzone)
{
	char buf[64];
	unsigned long long b;
	int i, n = 0;

	*online = *inzone = 0;
	for (i = 0; i < s->nmap; i++)
		for (b = s->start[i] / bs; b <= s->end[i] / bs; b++) {
			if (sys_readf(buf, sizeof(buf), MEMDIR "/memory%llu/state", b) < 0)
				continue;
			n++;
			*online += strcmp(buf, "online") == 0;
			if (sys_readf(buf, sizeof(buf), MEMDIR "/memory%llu/valid_zones", b) == 0 &&
			    strcmp(buf, zone) == 0)
				(*inzone)++;
		}
	return n;
}

static struct daxctl_dev *lookup(struct daxctl_ctx **ctx, const char *name)
{
	/* a fresh context: nothing cached from the previous cycle */
	daxctl_unref(*ctx);
	*ctx = NULL;
	if (daxctl_new(ctx) < 0)
		return NULL;
	return find_dev(*ctx, name);
}

static int kmem_cycles(const char *name, int n, const char *bystander)
{
	unsigned long long bs, mt0, mt;
	struct daxctl_ctx *ctx = NULL;
	struct daxctl_memory *mem;
	struct devstate s0, s;
	struct daxctl_dev *dev;
	int i, nb, on, inzone, rc, ok = 0;
	double t0, tp = 0, tc;
	long bad;

	bs = sys_u64(0, 16, MEMDIR "/block_size_bytes");
	snapshot(name, &s0);
	nb = expected_blocks(&s0, bs);
	mt0 = meminfo_kb("MemTotal");
	if (!t_ok(bs && strcmp(s0.driver, "device_dax") == 0 && nb > 0,
		  "kmem cycles: %s starts on device_dax with %d whole memory blocks of %llu MiB",
		  name, nb, bs >> 20))
		return t_done();
	if (bystander && !t_ok(pattern(bystander, 0xb1, false) == 0,
			       "kmem cycles: pattern written on the bystander %s", bystander))
		bystander = NULL;
	t0 = now();
	for (i = 1; i <= n; i++) {
		cyc_fails = 0;
		dev = lookup(&ctx, name);
		if (!check(dev != NULL, "%s not found", name))
			goto done;
		rc = daxctl_dev_disable(dev);
		check(rc == 0, "disable: %d", rc);
		rc = daxctl_dev_enable_ram(dev);
		check(rc == 0, "enable_ram: %d", rc);
		mem = daxctl_dev_get_memory(dev);
		if (!check(mem != NULL, "no memory object"))
			goto done;
		rc = daxctl_memory_online(mem);
		check(rc >= 0, "memory_online: %d", rc);
		check(blocks(&s0, bs, &on, "Movable", &inzone) == nb && on == nb && inzone == nb,
		      "online movable: %d blocks online, %d in Movable, of %d", on, inzone, nb);
		mt = meminfo_kb("MemTotal");
		check(mt == mt0 + nb * (bs >> 10), "MemTotal online: %llu kB, expected %llu",
		      mt, mt0 + nb * (bs >> 10));
		check(daxctl_memory_is_online(mem) == nb, "is_online %d", daxctl_memory_is_online(mem));
		rc = daxctl_memory_offline(mem);
		check(rc == nb, "memory_offline: %d, expected %d", rc, nb);
		check(blocks(&s0, bs, &on, "Movable", &inzone) == nb && on == 0,
		      "offline: %d blocks still online", on);
		mt = meminfo_kb("MemTotal");
		check(mt == mt0, "MemTotal offline: %llu kB, expected %llu", mt, mt0);
		rc = daxctl_dev_disable(dev);
		check(rc == 0, "disable from kmem: %d", rc);
		rc = daxctl_dev_enable_devdax(dev);
		check(rc == 0, "enable_devdax: %d", rc);
		check(blocks(&s0, bs, &on, "Movable", &inzone) == 0,
		      "memory blocks left after kmem let go");
		check(meminfo_kb("MemTotal") == mt0, "MemTotal back");
		snapshot(name, &s);
		check(same_state(&s0, &s), "%s ends as it began: driver %s size %llu align %llu resource %#llx, %d mappings (was %s %llu %llu %#llx %d)",
		      name, s.driver, s.size, s.align, s.resource, s.nmap, s0.driver,
		      s0.size, s0.align, s0.resource, s0.nmap);
		/* the device works as devdax again, all of it; the bystander kept its data */
		tc = now();
		bad = pattern(name, 0x5eed + i, false);
		if (bad == 0)
			bad = pattern(name, 0x5eed + i, true);
		check(bad == 0, "%s: pattern written and read back: %ld", name, bad);
		if (bystander) {
			bad = pattern(bystander, 0xb1, true);
			check(bad == 0, "bystander %s: %ld words changed", bystander, bad);
		}
		tp += now() - tc;
done:
		ok += t_ok(cyc_fails == 0, "kmem cycle %d/%d: %s devdax -> system-ram (%d blocks online movable) -> offline -> devdax%s",
			   i, n, name, nb, bystander ? ", bystander intact" : "");
		if (cyc_fails)
			break;
	}
	tc = now() - t0;
	printf("# cycles: kmem %s: %d of %d cycles passed, %d blocks of %llu MiB each, %.1f s (%.2f s/cycle, %.2f s of it mmap patterns, stride %zu)\n",
	       name, ok, n, nb, bs >> 20, tc, tc / (i > n ? n : i), tp / (i > n ? n : i), stride);
	daxctl_unref(ctx);
	return t_done();
}

static int dev_list(char *buf, size_t len)
{
	DIR *d = opendir("/sys/bus/dax/devices");
	struct dirent *de;
	int n = 0;

	buf[0] = '\0';
	if (!d)
		return -1;
	/* readdir order is stable for an unchanged directory */
	while ((de = readdir(d)))
		if (de->d_name[0] != '.') {
			strncat(buf, de->d_name, len - strlen(buf) - 2);
			strcat(buf, " ");
			n++;
		}
	closedir(d);
	return n;
}

static int region_cycles(int id, int n, unsigned long long size, const char *bystander)
{
	struct daxctl_ctx *ctx = NULL;
	struct daxctl_region *region;
	struct daxctl_dev *dev;
	unsigned long long avail0, avail;
	char list0[1024], list[1024], name[32];
	int i, rc, ok = 0;
	double t0, tp = 0, tc;
	long bad;

	if (daxctl_new(&ctx) < 0 || !(region = find_region(ctx, id)))
		return t_ok(false, "region cycles: region %d", id), t_done();
	avail0 = daxctl_region_get_available_size(region);
	dev_list(list0, sizeof(list0));
	if (!t_ok(avail0 >= size, "region cycles: region %d has %llu MiB available for %llu MiB devices",
		  id, avail0 >> 20, size >> 20))
		return t_done();
	if (bystander && !t_ok(pattern(bystander, 0xb2, false) == 0,
			       "region cycles: pattern written on the bystander %s", bystander))
		bystander = NULL;
	t0 = now();
	for (i = 1; i <= n; i++) {
		cyc_fails = 0;
		daxctl_unref(ctx);
		ctx = NULL;
		if (!check(daxctl_new(&ctx) == 0 && (region = find_region(ctx, id)), "region %d", id))
			goto done;
		rc = daxctl_region_create_dev(region);
		check(rc == 0, "create_dev: %d", rc);
		dev = daxctl_region_get_dev_seed(region);
		if (!check(dev != NULL, "no seed device after create"))
			goto done;
		snprintf(name, sizeof(name), "%s", daxctl_dev_get_devname(dev));
		rc = daxctl_dev_set_size(dev, size);
		check(rc == 0, "%s: set_size: %d", name, rc);
		avail = daxctl_region_get_available_size(region);
		check(avail == avail0 - size, "available_size %llu with %s, expected %llu", avail, name, avail0 - size);
		rc = daxctl_dev_enable_devdax(dev);
		check(rc == 0, "%s: enable_devdax: %d", name, rc);
		tc = now();
		bad = pattern(name, 0xc0de + i, false);
		if (bad == 0)
			bad = pattern(name, 0xc0de + i, true);
		check(bad == 0, "%s: pattern written and read back: %ld", name, bad);
		tp += now() - tc;
		rc = daxctl_dev_disable(dev);
		check(rc == 0, "%s: disable: %d", name, rc);
		rc = daxctl_dev_set_size(dev, 0);
		check(rc == 0, "%s: size 0: %d", name, rc);
		rc = daxctl_region_destroy_dev(region, dev);
		check(rc == 0, "%s: destroy: %d", name, rc);
		avail = daxctl_region_get_available_size(region);
		check(avail == avail0, "available_size %llu after destroying %s, expected exactly %llu",
		      avail, name, avail0);
		dev_list(list, sizeof(list));
		check(strcmp(list, list0) == 0, "devices '%s', were '%s'", list, list0);
		if (bystander) {
			tc = now();
			bad = pattern(bystander, 0xb2, true);
			check(bad == 0, "bystander %s: %ld words changed", bystander, bad);
			tp += now() - tc;
		}
done:
		ok += t_ok(cyc_fails == 0, "region cycle %d/%d: create, %llu MiB, enable, pattern, disable, destroy; available_size back to %llu%s",
			   i, n, size >> 20, avail0, bystander ? ", bystander intact" : "");
		if (cyc_fails)
			break;
	}
	tc = now() - t0;
	printf("# cycles: region %d: %d of %d cycles passed, %llu MiB devices, %.1f s (%.3f s/cycle, %.3f s of it mmap patterns, stride %zu)\n",
	       id, ok, n, size >> 20, tc, tc / (i > n ? n : i), tp / (i > n ? n : i), stride);
	daxctl_unref(ctx);
	return t_done();
}

int main(int argc, char **argv)
{
	const char *s = getenv("VM_CYCLES_STRIDE");
	long bad;

	t_init("vm-cycles");
	if (s && strtoul(s, NULL, 0) >= 8 && strtoul(s, NULL, 0) % 8 == 0)
		stride = strtoul(s, NULL, 0);
	if (argc >= 4 && strcmp(argv[1], "kmem") == 0)
		return kmem_cycles(argv[2], atoi(argv[3]), argc > 4 ? argv[4] : NULL);
	if (argc >= 5 && strcmp(argv[1], "region") == 0)
		return region_cycles(atoi(argv[2]), atoi(argv[3]),
				     strtoull(argv[4], NULL, 0), argc > 5 ? argv[5] : NULL);
	if (argc == 5 && strcmp(argv[1], "pattern") == 0) {
		bad = pattern(argv[3], strtoull(argv[4], NULL, 0), strcmp(argv[2], "verify") == 0);
		t_ok(bad == 0, "pattern %s %s: %ld", argv[2], argv[3], bad);
		return t_done();
	}
	fprintf(stderr, "usage: vm-cycles kmem DEV N [BYSTANDER] | region ID N SIZE [BYSTANDER] | pattern write|verify DEV SEED\n");
	return 2;
}
