// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * mmap-bench: first-touch (fault-in) time and write bandwidth of device-dax
 * mappings, against anonymous memory with transparent huge pages.
 *
 * Each run maps every target afresh, in a rotating order so that no target
 * always goes first:
 *   - "anon": MAP_PRIVATE|MAP_ANONYMOUS, 2 MiB aligned, MADV_HUGEPAGE;
 *   - each --dev: /dev/daxX.Y MAP_SHARED, size and alignment from libdaxctl.
 * and measures
 *   fault: writing one word in every 4 KiB page of the new mapping (the
 *          kernel faults it in: per 4 KiB, or per 2 MiB for PMD mappings);
 *   write: then one memset() over the whole mapping (bandwidth, MB/s).
 * Every device is compared with "anon" of the same run; the ratios
 * (device/anon fault time, device/anon bandwidth) are reported with their
 * min/median/max over the runs.
 *
 * Usage: mmap-bench [--dev daxX.Y]... [--size SIZE] [--runs N] [--verify]
 *   -d, --dev DEV    a device-dax to bench (daxX.Y or /dev/daxX.Y); repeat
 *                    for several. None: anonymous memory alone.
 *   -s, --size SIZE  bytes per mapping (k/m/g), default 256m; clamped to the
 *                    smallest device and rounded down to 2 MiB and to every
 *                    device's alignment
 *   -r, --runs N     default 5
 *   -w, --warmup N   untimed runs first, default 1 (the very first touch
 *                    of memory costs more: host or hypervisor backing)
 *   -V, --verify     check every byte after the write (correctness, slow)
 * Output lines (space separated, one key per value, for scripts):
 *   # ...                                     comments: setup, page sizes
 *   run R TARGET fault_ms F write_MBps W
 *   stat TARGET fault_ms|write_MBps min A median B max C
 *   ratio TARGET/anon fault_time|write_bw min A median B max C
 * Exit: 0 done, 1 a mapping failed or did not verify, 2 usage, 3 a device
 * cannot be used (missing, disabled, not devdax, cannot be opened).
 * Honours DAXCTL_ROOT like the library: nodes are $DAXCTL_ROOT/dev/daxX.Y.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <limits.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <sys/mman.h>
#include <sys/utsname.h>
#include <unistd.h>
#include <daxctl/libdaxctl.h>

#define MAX_TARGETS	8
#define SZ_2M		(2UL << 20)
#define TOUCH_STRIDE	4096

struct target {
	char name[64];
	int fd;			/* -1: anonymous */
	unsigned long align;
	double *fault_ms, *write_mbps;
	unsigned long kps_kb, thp_kb;	/* from smaps, first run */
};

static struct target targets[MAX_TARGETS];
static int nr_targets;

static unsigned long long parse_size(const char *s)
{
	unsigned long long v;
	char *end;

	errno = 0;
	v = strtoull(s, &end, 0);
	if (errno || end == s)
		return 0;
	switch (*end) {
	case 'g': case 'G': v <<= 10; /* fall through */
	case 'm': case 'M': v <<= 10; /* fall through */
	case 'k': case 'K': v <<= 10; end++; break;
	}
	return *end ? 0 : v;
}

static double now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1e3 + ts.tv_nsec / 1e6;
}

static int cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return (x > y) - (x < y);
}

/* min, median, max of @n values (@v is left in run order) */
static void spread(const double *v, int n, double out[3])
{
	double *s = malloc(n * sizeof(*s));

	if (!s) {
		out[0] = out[1] = out[2] = 0;
		return;
	}
	memcpy(s, v, n * sizeof(*s));
	qsort(s, n, sizeof(*s), cmp_double);
	out[0] = s[0];
	out[1] = n % 2 ? s[n / 2] : (s[n / 2 - 1] + s[n / 2]) / 2;
	out[2] = s[n - 1];
	free(s);
}

/* KernelPageSize and AnonHugePages (kB) of the mapping holding @addr */
static void smaps_info(void *addr, unsigned long *kps, unsigned long *thp)
{
	unsigned long start, end, a = (unsigned long)addr;
	char line[512];
	int in = 0;
	FILE *f = fopen("/proc/self/smaps", "re");

	*kps = *thp = 0;
	if (!f)
		return;
	while (fgets(line, sizeof(line), f)) {
		if (sscanf(line, "%lx-%lx ", &start, &end) == 2) {
			if (in)
				break;
			in = a >= start && a < end;
		} else if (in) {
			sscanf(line, "KernelPageSize: %lu kB", kps);
			sscanf(line, "AnonHugePages: %lu kB", thp);
		}
	}
	fclose(f);
}

/* Open and describe a device; prints why not and returns -1. */
static int add_dev(struct daxctl_ctx *ctx, const char *name,
		unsigned long long *min_size)
{
	struct target *t = &targets[nr_targets];
	struct daxctl_region *region;
	struct daxctl_dev *dev;
	const char *root = getenv("DAXCTL_ROOT");
	char path[PATH_MAX];

	if (strncmp(name, "/dev/", 5) == 0)
		name += 5;
	daxctl_region_foreach(ctx, region)
		daxctl_dev_foreach(region, dev)
			if (strcmp(daxctl_dev_get_devname(dev), name) == 0)
				goto found;
	fprintf(stderr, "mmap-bench: %s: no such device-dax instance\n", name);
	return -1;
found:
	if (!daxctl_dev_is_enabled(dev) || !daxctl_dev_is_devdax_mode(dev)) {
		fprintf(stderr, "mmap-bench: %s: not an enabled device in devdax mode\n",
			name);
		return -1;
	}
	t->align = daxctl_dev_get_align(dev);
	if (!t->align)
		t->align = daxctl_region_get_align(region);
	if (!t->align || t->align == ULONG_MAX)
		t->align = 4096;
	snprintf(path, sizeof(path), "%s/dev/%s", root ? root : "", name);
	t->fd = open(path, O_RDWR | O_CLOEXEC);
	if (t->fd < 0) {
		fprintf(stderr, "mmap-bench: %s: cannot open: %s\n", path,
			strerror(errno));
		return -1;
	}
	snprintf(t->name, sizeof(t->name), "%s", name);
	if (daxctl_dev_get_size(dev) < *min_size)
		*min_size = daxctl_dev_get_size(dev);
	nr_targets++;
	return 0;
}

static void *map_target(struct target *t, size_t size)
{
	unsigned long a;
	char *p;

	if (t->fd >= 0) {
		p = mmap(NULL, size, PROT_READ | PROT_WRITE, MAP_SHARED, t->fd, 0);
		return p == MAP_FAILED ? NULL : p;
	}
	/* anonymous: 2 MiB aligned so that every range can be a huge page */
	p = mmap(NULL, size + SZ_2M, PROT_READ | PROT_WRITE,
		 MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if (p == MAP_FAILED)
		return NULL;
	a = ((unsigned long)p + SZ_2M - 1) & ~(SZ_2M - 1);
	if (a > (unsigned long)p)
		munmap(p, a - (unsigned long)p);
	munmap((char *)a + size, (unsigned long)p + SZ_2M - a);
	p = (char *)a;
	if (madvise(p, size, MADV_HUGEPAGE))
		printf("# anon: madvise(MADV_HUGEPAGE): %s\n", strerror(errno));
	return p;
}

/*
 * One run of one target (@run < 0: a warm-up, not recorded); returns 0, or
 * -1 when mapping or verify failed.
 */
static int bench_one(struct target *t, int run, size_t size, int verify)
{
	unsigned char byte = 0x5a ^ (run & 0xff), *p;
	double t0, t1, t2;
	size_t i;

	p = map_target(t, size);
	if (!p) {
		fprintf(stderr, "mmap-bench: %s: mmap of %zu bytes: %s\n",
			t->name, size, strerror(errno));
		return -1;
	}
	t0 = now_ms();
	for (i = 0; i < size; i += TOUCH_STRIDE)
		*(volatile unsigned char *)(p + i) = byte;
	t1 = now_ms();
	memset(p, byte, size);
	__asm__ __volatile__("" ::: "memory");
	t2 = now_ms();

	if (run >= 0) {
		t->fault_ms[run] = t1 - t0;
		t->write_mbps[run] = size / 1e6 / ((t2 - t1) / 1e3);
		if (run == 0)
			smaps_info(p, &t->kps_kb, &t->thp_kb);
		printf("run %d %s fault_ms %.3f write_MBps %.1f\n", run + 1,
		       t->name, t->fault_ms[run], t->write_mbps[run]);
	}

	if (verify)
		for (i = 0; i < size; i++)
			if (p[i] != byte) {
				fprintf(stderr, "mmap-bench: %s: byte %zu is %#x, wrote %#x\n",
					t->name, i, p[i], byte);
				munmap(p, size);
				return -1;
			}
	munmap(p, size);
	return 0;
}

static void print_stat(const char *what, const char *name, const char *key,
		const double *v, int n)
{
	double s[3];

	spread(v, n, s);
	printf("%s %s %s min %.3f median %.3f max %.3f\n", what, name, key,
	       s[0], s[1], s[2]);
}

int main(int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "dev", required_argument, NULL, 'd' },
		{ "size", required_argument, NULL, 's' },
		{ "runs", required_argument, NULL, 'r' },
		{ "warmup", required_argument, NULL, 'w' },
		{ "verify", no_argument, NULL, 'V' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	unsigned long long size = 256ULL << 20, min_size = ULLONG_MAX;
	const char *devs[MAX_TARGETS];
	int c, i, r, runs = 5, warmup = 1, verify = 0, nr_devs = 0, rc = 0;
	unsigned long round = SZ_2M;
	struct daxctl_ctx *ctx = NULL;
	char thp[128] = "?", *nl;
	double *ratio;
	struct utsname u;
	FILE *f;

	while ((c = getopt_long(argc, argv, "d:s:r:w:Vh", longopts, NULL)) != -1) {
		switch (c) {
		case 'd':
			if (nr_devs == MAX_TARGETS - 1) {
				fprintf(stderr, "mmap-bench: at most %d devices\n",
					MAX_TARGETS - 1);
				return 2;
			}
			devs[nr_devs++] = optarg;
			break;
		case 's':
			size = parse_size(optarg);
			break;
		case 'r':
			runs = atoi(optarg);
			break;
		case 'w':
			warmup = atoi(optarg);
			break;
		case 'V':
			verify = 1;
			break;
		case 'h':
		default:
			fprintf(c == 'h' ? stdout : stderr,
				"usage: %s [--dev daxX.Y]... [--size SIZE] [--runs N] [--warmup N] [--verify]\n",
				argv[0]);
			return c == 'h' ? 0 : 2;
		}
	}
	if (optind != argc || runs < 1 || runs > 1000 || warmup < 0 ||
	    warmup > 1000 || size < SZ_2M) {
		fprintf(stderr, "usage: %s [--dev daxX.Y]... [--size SIZE >= 2m] [--runs 1..1000] [--warmup 0..1000] [--verify]\n",
			argv[0]);
		return 2;
	}

	targets[nr_targets].fd = -1;
	targets[nr_targets].align = SZ_2M;
	snprintf(targets[nr_targets++].name, sizeof(targets[0].name), "anon");
	if (nr_devs) {
		rc = daxctl_new(&ctx);
		if (rc < 0) {
			fprintf(stderr, "mmap-bench: daxctl_new: %s\n",
				strerror(-rc));
			return 1;
		}
		for (i = 0; i < nr_devs; i++)
			if (add_dev(ctx, devs[i], &min_size) < 0) {
				rc = 3;
				goto out;
			}
	}
	for (i = 0; i < nr_targets; i++)
		if (targets[i].align > round)
			round = targets[i].align;
	if (size > min_size)
		size = min_size;
	size &= ~(unsigned long long)(round - 1);
	if (!size) {
		fprintf(stderr, "mmap-bench: devices are smaller than %lu bytes\n",
			round);
		rc = 2;
		goto out;
	}

	f = fopen("/sys/kernel/mm/transparent_hugepage/enabled", "re");
	if (f) {
		if (fgets(thp, sizeof(thp), f) && (nl = strchr(thp, '\n')))
			*nl = '\0';
		fclose(f);
	}
	uname(&u);
	printf("# mmap-bench: size %llu bytes, %d runs (+%d warm-up), kernel %s %s, THP %s\n",
	       size, runs, warmup, u.release, u.machine, thp);
	for (i = 0; i < nr_targets; i++) {
		targets[i].fault_ms = calloc(runs, sizeof(double));
		targets[i].write_mbps = calloc(runs, sizeof(double));
		if (!targets[i].fault_ms || !targets[i].write_mbps) {
			rc = 1;
			goto out;
		}
	}

	/*
	 * Warm-up runs (not recorded): the first touch of memory that the
	 * machine, or the hypervisor under a guest, never backed yet costs
	 * more than any later one.
	 */
	for (r = 0; r < warmup; r++)
		for (i = 0; i < nr_targets; i++)
			if (bench_one(&targets[i], -1, size, verify) < 0) {
				rc = 1;
				goto out;
			}
	for (r = 0; r < runs; r++)
		for (i = 0; i < nr_targets; i++)
			if (bench_one(&targets[(r + i) % nr_targets], r, size,
				      verify) < 0) {
				rc = 1;
				goto out;
			}

	for (i = 0; i < nr_targets; i++) {
		struct target *t = &targets[i];

		printf("# %s: align %lu, KernelPageSize %lu kB, AnonHugePages %lu kB of %llu kB\n",
		       t->name, t->align, t->kps_kb, t->thp_kb, size >> 10);
	}
	ratio = calloc(runs, sizeof(double));
	if (!ratio) {
		rc = 1;
		goto out;
	}
	for (i = 0; i < nr_targets; i++) {
		print_stat("stat", targets[i].name, "fault_ms",
			   targets[i].fault_ms, runs);
		print_stat("stat", targets[i].name, "write_MBps",
			   targets[i].write_mbps, runs);
	}
	for (i = 1; i < nr_targets; i++) {
		char name[80];

		snprintf(name, sizeof(name), "%s/anon", targets[i].name);
		for (r = 0; r < runs; r++)
			ratio[r] = targets[i].fault_ms[r] / targets[0].fault_ms[r];
		print_stat("ratio", name, "fault_time", ratio, runs);
		for (r = 0; r < runs; r++)
			ratio[r] = targets[i].write_mbps[r] /
				   targets[0].write_mbps[r];
		print_stat("ratio", name, "write_bw", ratio, runs);
	}
	free(ratio);
	if (verify)
		printf("# verify: every byte of every run checked\n");
out:
	for (i = 0; i < nr_targets; i++) {
		if (targets[i].fd >= 0)
			close(targets[i].fd);
		free(targets[i].fault_ms);
		free(targets[i].write_mbps);
	}
	daxctl_unref(ctx);
	return rc;
}
