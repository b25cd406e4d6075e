// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * daxctl-map: map a device-dax instance the way PMDK and FIO do, and show
 * the rules the kernel enforces on such mappings.
 *
 * 1. Find the device with libdaxctl (by name, or the first enabled devdax)
 *    and take its size and alignment from the library: fstat() on
 *    /dev/daxX.Y reports 0 bytes, sysfs is the only source.
 * 2. mmap() it MAP_SHARED (MAP_SHARED_VALIDATE|MAP_SYNC with --sync), with
 *    the offset rounded down and the length rounded up to the alignment.
 * 3. Write a pattern over the whole mapping and verify it; read the page
 *    size the kernel uses for the mapping from /proc/self/smaps; check that
 *    msync() is refused (device-dax has no page cache: data is made durable
 *    with CPU cache flushes, which MAP_SYNC makes sufficient).
 * 4. Unmap, map the last aligned block again and find the pattern there.
 * 5. Show that the kernel refuses, with EINVAL, a MAP_PRIVATE mapping, a
 *    length, an offset and a fixed address that are not multiples of the
 *    alignment. With a 4 KiB alignment the three misalignment cases cannot
 *    be expressed (mmap works in pages) and are skipped, saying so.
 *
 * Output is TAP ("ok N - ...", "not ok N - ...", "1..N"), diagnostics start
 * with '#'.
 *
 * Usage: daxctl-map [options] [daxX.Y]
 *   -d, --dev NAME     device (daxX.Y or /dev/daxX.Y); default: the first
 *                      enabled device in devdax mode
 *   -s, --size SIZE    bytes to map (k/m/g suffixes), rounded up to the
 *                      alignment; default: from the offset to the end
 *   -o, --offset OFF   offset into the device, rounded down to the alignment
 *   -S, --sync         map with MAP_SHARED_VALIDATE|MAP_SYNC
 * Exit: 0 every check passed (skips allowed), 1 a check failed (the kernel
 * accepted a mapping it must refuse, data did not verify...), 2 usage,
 * 3 no usable device (missing, disabled, system-ram, cannot be opened).
 *
 * Like the library, the program honours DAXCTL_ROOT: the device node is
 * opened as $DAXCTL_ROOT/dev/daxX.Y (used by tests on fake trees).
 *
 * Build: cc daxctl-map.c $(pkg-config --cflags --libs libdaxctl)
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <limits.h>
#include <setjmp.h>
#include <signal.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>
#include <daxctl/libdaxctl.h>

#ifndef MAP_SHARED_VALIDATE
#define MAP_SHARED_VALIDATE 0x03
#endif
#ifndef MAP_SYNC
#define MAP_SYNC 0x80000
#endif

enum {
	EXIT_CHECK = 1,
	EXIT_USAGE = 2,
	EXIT_NODEV = 3,
};

static int nr_tests, nr_failed, nr_skipped;

static void report(int ok, const char *fmt, ...)
{
	va_list ap;

	printf("%s %d - ", ok ? "ok" : "not ok", ++nr_tests);
	va_start(ap, fmt);
	vprintf(fmt, ap);
	va_end(ap);
	putchar('\n');
	if (!ok)
		nr_failed++;
}

static void skip(const char *what, const char *why)
{
	printf("ok %d - %s # SKIP %s\n", ++nr_tests, what, why);
	nr_skipped++;
}

static unsigned long long parse_size(const char *s)
{
	unsigned long long v;
	char *end;

	errno = 0;
	v = strtoull(s, &end, 0);
	if (errno || end == s)
		return ULLONG_MAX;
	switch (*end) {
	case 't': case 'T': v <<= 10; /* fall through */
	case 'g': case 'G': v <<= 10; /* fall through */
	case 'm': case 'M': v <<= 10; /* fall through */
	case 'k': case 'K': v <<= 10; end++; break;
	}
	return *end ? ULLONG_MAX : v;
}

/*
 * The device to map: by name, or the first enabled devdax device. Prints
 * why a device cannot be mapped and returns NULL.
 */
static struct daxctl_dev *pick_dev(struct daxctl_ctx *ctx, const char *name)
{
	struct daxctl_region *region;
	struct daxctl_dev *dev;

	daxctl_region_foreach(ctx, region)
		daxctl_dev_foreach(region, dev) {
			const char *devname = daxctl_dev_get_devname(dev);

			if (name && strcmp(name, devname) == 0)
				goto found;
			if (!name && daxctl_dev_is_enabled(dev) &&
			    daxctl_dev_is_devdax_mode(dev) &&
			    daxctl_dev_get_size(dev))
				return dev;
		}
	if (name)
		fprintf(stderr, "daxctl-map: %s: no such device-dax instance\n",
			name);
	else
		fprintf(stderr, "daxctl-map: no enabled device in devdax mode\n");
	return NULL;

found:
	if (!daxctl_dev_is_enabled(dev)) {
		fprintf(stderr, "daxctl-map: %s: device is disabled (no driver bound; try 'daxctl enable-device %s')\n",
			name, name);
		return NULL;
	}
	if (daxctl_dev_is_system_ram_mode(dev)) {
		fprintf(stderr, "daxctl-map: %s: device is in system-ram mode: its memory belongs to the kernel and there is no /dev/%s to map (try 'daxctl reconfigure-device -m devdax -f %s')\n",
			name, name, name);
		return NULL;
	}
	if (!daxctl_dev_is_devdax_mode(dev)) {
		fprintf(stderr, "daxctl-map: %s: device is not in devdax mode\n",
			name);
		return NULL;
	}
	if (!daxctl_dev_get_size(dev)) {
		fprintf(stderr, "daxctl-map: %s: device has size 0\n", name);
		return NULL;
	}
	return dev;
}

/* Pattern word at byte offset @off of the device: ties data to its place. */
static inline uint64_t pattern(uint64_t seed, unsigned long long off)
{
	return (off * 0x9e3779b97f4a7c15ULL) ^ seed;
}

static sigjmp_buf sigbus_jmp;

static void on_sigbus(int sig)
{
	siglongjmp(sigbus_jmp, 1);
}

/*
 * Fill (when @fill) then verify @len bytes at @addr holding the device
 * bytes from @off. Returns the number of bad words, -1 on SIGBUS.
 */
static long long fill_verify(void *addr, unsigned long long off,
		unsigned long long len, uint64_t seed, int fill)
{
	uint64_t *w = addr;
	unsigned long long i, n = len / sizeof(*w);
	long long bad = 0;

	if (sigsetjmp(sigbus_jmp, 1)) {
		printf("# SIGBUS while touching the mapping\n");
		return -1;
	}
	if (fill)
		for (i = 0; i < n; i++)
			w[i] = pattern(seed, off + i * sizeof(*w));
	__asm__ __volatile__("" ::: "memory");	/* read back from memory */
	for (i = 0; i < n; i++)
		if (w[i] != pattern(seed, off + i * sizeof(*w)) && !bad++)
			printf("# first mismatch at device offset 0x%llx\n",
			       off + i * sizeof(*w));
	return bad;
}

/* KernelPageSize and MMUPageSize (kB) of the mapping holding @addr. */
static int smaps_page_size(void *addr, unsigned long *kps, unsigned long *mmu)
{
	unsigned long start, end, a = (unsigned long)addr;
	char line[512];
	int in = 0;
	FILE *f;

	f = fopen("/proc/self/smaps", "re");
	if (!f)
		return -errno;
	*kps = *mmu = 0;
	while (fgets(line, sizeof(line), f)) {
		if (sscanf(line, "%lx-%lx ", &start, &end) == 2) {
			if (in)
				break;
			in = a >= start && a < end;
		} else if (in) {
			sscanf(line, "KernelPageSize: %lu kB", kps);
			sscanf(line, "MMUPageSize: %lu kB", mmu);
		}
	}
	fclose(f);
	return *kps ? 0 : -ENOENT;
}

/* mmap that must fail with EINVAL; unmaps it and fails the check if not. */
static void expect_einval(const char *what, void *addr, size_t len,
		int flags, int fd, off_t off)
{
	void *p = mmap(addr, len, PROT_READ | PROT_WRITE, flags, fd, off);
	int err = errno;

	if (p != MAP_FAILED) {
		munmap(p, len);
		report(0, "%s was accepted at %p: the kernel must refuse it with EINVAL",
		       what, p);
	} else {
		report(err == EINVAL, "%s refused with %s", what,
		       err == EINVAL ? "EINVAL" : strerror(err));
	}
}

static void refusals(int fd, unsigned long align)
{
	unsigned long a;
	void *resv;

	expect_einval("MAP_PRIVATE mapping", NULL, align, MAP_PRIVATE, fd, 0);

	if (align <= 4096) {
		skip("misaligned length", "align is 4 KiB: mmap works in pages, a sub-page misalignment cannot be expressed");
		skip("misaligned offset", "align is 4 KiB");
		skip("misaligned fixed address", "align is 4 KiB");
		return;
	}
	expect_einval("misaligned length (align + 4096)", NULL, align + 4096,
		      MAP_SHARED, fd, 0);
	/* 2 * align: long enough that the kernel keeps the offset's phase */
	expect_einval("misaligned offset 4096", NULL, 2 * align, MAP_SHARED,
		      fd, 4096);

	/* a fixed address 4 KiB past an aligned one, inside our own reservation */
	resv = mmap(NULL, 3 * align, PROT_NONE, MAP_PRIVATE | MAP_ANONYMOUS,
		    -1, 0);
	if (resv == MAP_FAILED) {
		report(0, "reserve address space: %s", strerror(errno));
		return;
	}
	a = ((unsigned long)resv + align - 1) & ~(align - 1);
	expect_einval("misaligned fixed address (aligned + 4096)",
		      (void *)(a + 4096), align, MAP_SHARED | MAP_FIXED, fd, 0);
	munmap(resv, 3 * align);
}

static double now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1e3 + ts.tv_nsec / 1e6;
}

static void usage(FILE *f, const char *argv0)
{
	fprintf(f, "usage: %s [-d daxX.Y] [-s size] [-o offset] [-S|--sync] [daxX.Y]\n",
		argv0);
}

int main(int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "dev", required_argument, NULL, 'd' },
		{ "size", required_argument, NULL, 's' },
		{ "offset", required_argument, NULL, 'o' },
		{ "sync", no_argument, NULL, 'S' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	unsigned long long req_size = 0, req_off = 0, devsize, off, len, tail;
	struct sigaction sa = { .sa_handler = on_sigbus };
	const char *name = NULL, *root, *align_from;
	int c, rc, fd, sync = 0, flags;
	unsigned long align, kps, mmu;
	struct daxctl_region *region;
	struct daxctl_ctx *ctx;
	struct daxctl_dev *dev;
	char path[PATH_MAX];
	long long bad;
	struct stat st;
	uint64_t seed;
	double t0;
	void *p;

	while ((c = getopt_long(argc, argv, "d:s:o:Sh", longopts, NULL)) != -1) {
		switch (c) {
		case 'd':
			name = optarg;
			break;
		case 's':
			req_size = parse_size(optarg);
			break;
		case 'o':
			req_off = parse_size(optarg);
			break;
		case 'S':
			sync = 1;
			break;
		case 'h':
			usage(stdout, argv[0]);
			return 0;
		default:
			usage(stderr, argv[0]);
			return EXIT_USAGE;
		}
	}
	if (optind < argc && !name)
		name = argv[optind++];
	if (optind < argc || req_size == ULLONG_MAX || req_off == ULLONG_MAX) {
		usage(stderr, argv[0]);
		return EXIT_USAGE;
	}
	if (name && strncmp(name, "/dev/", 5) == 0)
		name += 5;

	rc = daxctl_new(&ctx);
	if (rc < 0) {
		fprintf(stderr, "daxctl-map: daxctl_new: %s\n", strerror(-rc));
		return EXIT_CHECK;
	}
	dev = pick_dev(ctx, name);
	if (!dev) {
		daxctl_unref(ctx);
		return EXIT_NODEV;
	}
	name = daxctl_dev_get_devname(dev);
	region = daxctl_dev_get_region(dev);
	devsize = daxctl_dev_get_size(dev);

	/* the device's own alignment (kernel >= 5.10), else its region's */
	align = daxctl_dev_get_align(dev);
	align_from = "device";
	if (!align) {
		align = daxctl_region_get_align(region);
		align_from = "region";
	}
	if (!align || align == ULONG_MAX || (align & (align - 1))) {
		align = sysconf(_SC_PAGESIZE);
		align_from = "page size, the library knows none";
	}
	printf("# %s: region %d, size %llu, align %lu (from the %s)\n", name,
	       daxctl_region_get_id(region), devsize, align, align_from);

	off = req_off & ~(unsigned long long)(align - 1);
	if (off != req_off)
		printf("# offset 0x%llx rounded down to 0x%llx\n", req_off, off);
	if (off >= devsize) {
		fprintf(stderr, "daxctl-map: %s: offset 0x%llx is past the end (%llu bytes)\n",
			name, off, devsize);
		daxctl_unref(ctx);
		return EXIT_USAGE;
	}
	len = req_size ? (req_size + align - 1) & ~(unsigned long long)(align - 1)
		       : devsize - off;
	if (req_size && len != req_size)
		printf("# size %llu rounded up to %llu\n", req_size, len);
	if (off + len > devsize) {
		len = (devsize - off) & ~(unsigned long long)(align - 1);
		printf("# size clamped to the end of the device: %llu\n", len);
	}
	if (!len) {
		fprintf(stderr, "daxctl-map: %s: nothing to map\n", name);
		daxctl_unref(ctx);
		return EXIT_USAGE;
	}

	root = getenv("DAXCTL_ROOT");
	snprintf(path, sizeof(path), "%s/dev/%s", root ? root : "", name);
	fd = open(path, O_RDWR | O_CLOEXEC);
	if (fd < 0) {
		fprintf(stderr, "daxctl-map: %s: cannot open: %s\n", path,
			strerror(errno));
		daxctl_unref(ctx);
		return EXIT_NODEV;
	}
	if (fstat(fd, &st) == 0)
		printf("# %s: fstat() size %lld; the size used is the library's\n",
		       path, (long long)st.st_size);

	sigaction(SIGBUS, &sa, NULL);
	seed = ((uint64_t)time(NULL) << 32) ^ (uint64_t)getpid();
	flags = sync ? MAP_SHARED_VALIDATE | MAP_SYNC : MAP_SHARED;
	p = mmap(NULL, len, PROT_READ | PROT_WRITE, flags, fd, off);
	report(p != MAP_FAILED, "mmap %s of %llu bytes at offset 0x%llx%s%s",
	       sync ? "MAP_SHARED_VALIDATE|MAP_SYNC" : "MAP_SHARED", len, off,
	       p == MAP_FAILED ? ": " : "",
	       p == MAP_FAILED ? strerror(errno) : "");
	if (p != MAP_FAILED) {
		report(((unsigned long)p & (align - 1)) == 0,
		       "mapping address %p is aligned to %lu", p, align);

		t0 = now_ms();
		bad = fill_verify(p, off, len, seed, 1);
		report(bad == 0, "pattern written and verified over %llu bytes (%.1f ms)%s",
		       len, now_ms() - t0, bad ? ": data mismatch" : "");

		rc = smaps_page_size(p, &kps, &mmu);
		if (rc < 0)
			report(0, "read the mapping's page size from /proc/self/smaps: %s",
			       strerror(-rc));
		else
			report(kps * 1024 == align,
			       "smaps KernelPageSize %lu kB (MMUPageSize %lu kB), alignment %lu kB",
			       kps, mmu, align / 1024);

		rc = msync(p, len, MS_SYNC);
		report(rc < 0 && errno == EINVAL,
		       "msync refused with %s (no page cache: flush CPU caches instead)",
		       rc ? strerror(errno) : "nothing: it succeeded");
		munmap(p, len);

		/* the last aligned block, mapped again on its own */
		tail = off + len - align;
		p = mmap(NULL, align, PROT_READ, MAP_SHARED, fd, tail);
		if (p == MAP_FAILED) {
			report(0, "remap %lu bytes at offset 0x%llx: %s", align,
			       tail, strerror(errno));
		} else {
			bad = fill_verify(p, tail, align, seed, 0);
			report(bad == 0, "remap of %lu bytes at offset 0x%llx finds the pattern",
			       align, tail);
			munmap(p, align);
		}
	}

	refusals(fd, align);
	close(fd);
	daxctl_unref(ctx);

	printf("1..%d\n# %s: %d passed, %d failed, %d skipped\n", nr_tests,
	       nr_failed ? "FAIL" : "PASS", nr_tests - nr_failed - nr_skipped,
	       nr_failed, nr_skipped);
	return nr_failed ? EXIT_CHECK : 0;
}
