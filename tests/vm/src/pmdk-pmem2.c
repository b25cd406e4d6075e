// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * pmdk-pmem2 [-n] /dev/daxX.Y: Debian's libpmem2 on a device-dax instance.
 *
 * Built against Debian's libpmem2 (its header, its libpmem2.so.1) and NOT
 * linked to libdaxctl: libpmem2 itself pulls libdaxctl.so.1 in (directly and
 * through libndctl.so.6), so LD_LIBRARY_PATH decides whose libdaxctl it gets.
 * libpmem2 finds the size and alignment of a device-dax by walking libndctl's
 * namespaces, asking libndctl for each dax namespace's daxctl region and
 * matching /dev/<daxctl_dev_get_devname()> against the fd: the daxctl calls
 * happen while answering pmem2_source_size/alignment/numa_node/device_id.
 *
 * Default: the device must belong to an NVDIMM namespace (nd bus), so every
 * query succeeds and equals sysfs; the whole device is mapped with
 * PMEM2_GRANULARITY_PAGE, a pattern is written with pmem2_get_memcpy_fn and
 * persisted, read back in the mapping and, after pmem2_map_delete, through a
 * plain mmap of the device.
 * -n: the device belongs to no NVDIMM namespace (hmem): a failing query is
 * only recorded as a fact and ends the run; what succeeds is still checked.
 * (Debian's libpmem2 1.12.1 dies of SIGSEGV in pmem2_source_size there, with
 * either libdaxctl: its namespace walk finds nothing and it then calls
 * ndctl_namespace_get_dax(NULL).  guest/pmdk.sh records the exit status.)
 *
 * Prints TAP lines and "# fact: ..." lines; the facts of a run with Debian's
 * libdaxctl and one with ours are compared by guest/pmdk.sh.
 */
#include <link.h>
#include <sys/mman.h>
#include <sys/sysmacros.h>
#include <time.h>
#include <libpmem2.h>
#include "vmtest.h"

static void fact(const char *what, int rc, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
static void fact(const char *what, int rc, const char *fmt, ...)
{
	va_list ap;

	printf("# fact: %s rc=%d", what, rc);
	if (rc)
		printf(" (%s)", pmem2_errormsg());
	if (fmt) {
		putchar(' ');
		va_start(ap, fmt);
		vprintf(fmt, ap);
		va_end(ap);
	}
	putchar('\n');
}

static int find_lib(struct dl_phdr_info *info, size_t size, void *data)
{
	const char **found = data;

	(void)size;
	if (strstr(info->dlpi_name, "/libdaxctl.so"))
		*found = info->dlpi_name;
	return 0;
}

/* the libdaxctl.so.1 this process loaded (through libpmem2's DT_NEEDED) */
static const char *loaded_libdaxctl(void)
{
	const char *found = "(none)";

	dl_iterate_phdr(find_lib, &found);
	return found;
}

static unsigned char pat(unsigned seed, size_t i)
{
	return (unsigned char)((i * 131 + seed) ^ (i >> 12));
}

/* compare [off, off + len) of the device, seen through p, to the pattern */
static size_t mismatches(const unsigned char *p, size_t off, size_t len, unsigned seed)
{
	size_t i, bad = 0;

	for (i = 0; i < len; i++)
		bad += p[i] != pat(seed, off + i);
	return bad;
}

int main(int argc, char **argv)
{
	bool nons = argc > 2 && strcmp(argv[1], "-n") == 0;
	const char *path = argv[argc - 1];
	struct pmem2_source *src = NULL;
	struct pmem2_config *cfg = NULL;
	struct pmem2_map *map = NULL;
	unsigned long long ssize, salign;
	size_t size = 0, align = 0, wlen, off[2];
	unsigned seed = (unsigned)time(NULL) ^ (unsigned)getpid();
	struct stat st;
	int fd, rc, node = -1, k;

	t_init("pmdk-pmem2");
	if (argc < 2) {
		fprintf(stderr, "usage: pmdk-pmem2 [-n] /dev/daxX.Y\n");
		return 2;
	}
	printf("# pmdk-pmem2: %s with libdaxctl.so.1 from %s\n", path, loaded_libdaxctl());
	fd = open(path, O_RDWR);
	if (!t_ok(fd >= 0 && fstat(fd, &st) == 0, "%s opens", path))
		return t_done();
	ssize = sys_u64(0, 0, "/sys/dev/char/%u:%u/size", major(st.st_rdev), minor(st.st_rdev));
	salign = sys_u64(0, 0, "/sys/dev/char/%u:%u/align", major(st.st_rdev), minor(st.st_rdev));
	t_diag("sysfs: size %llu, align %llu", ssize, salign);

	rc = pmem2_source_from_fd(&src, fd);
	fact("source_from_fd", rc, NULL);
	if (!t_is(rc, 0, "pmem2_source_from_fd"))
		return t_done();

	/* with -n a failure is only recorded (and the run ends there) */
	rc = pmem2_source_size(src, &size);
	fact("source_size", rc, "%zu", rc ? 0 : size);
	if (nons && rc)
		goto out;
	if (t_is(rc, 0, "pmem2_source_size"))
		t_is(size, ssize, "pmem2_source_size equals sysfs size");

	rc = pmem2_source_alignment(src, &align);
	fact("source_alignment", rc, "%zu", rc ? 0 : align);
	if (nons && rc)
		goto out;
	if (t_is(rc, 0, "pmem2_source_alignment"))
		t_is(align, salign, "pmem2_source_alignment equals sysfs align");

	/* more lookups through the same libndctl/libdaxctl walk: compared only */
	rc = pmem2_source_numa_node(src, &node);
	fact("source_numa_node", rc, "%d", rc ? -1 : node);
	{
		char id[1024] = "";
		size_t len = 0;

		rc = pmem2_source_device_id(src, NULL, &len);
		if (rc == 0 && len <= sizeof(id))
			rc = pmem2_source_device_id(src, id, &len);
		fact("source_device_id", rc, "'%s'", rc ? "" : id);
	}

	rc = pmem2_config_new(&cfg);
	t_is(rc, 0, "pmem2_config_new");
	if (rc)
		goto out;
	rc = pmem2_config_set_required_store_granularity(cfg, PMEM2_GRANULARITY_PAGE);
	t_is(rc, 0, "pmem2_config_set_required_store_granularity(PAGE)");
	rc = pmem2_map_new(&map, cfg, src);
	fact("map_new", rc, NULL);
	if (nons && rc)
		goto out;
	if (!t_is(rc, 0, "pmem2_map_new of the whole device"))
		goto out;

	t_is(pmem2_map_get_size(map), ssize, "the mapping covers the device");
	t_ok(((uintptr_t)pmem2_map_get_address(map) & (salign - 1)) == 0,
	     "the mapping is %llu-aligned", salign);
	fact("map", 0, "size=%zu granularity=%d", pmem2_map_get_size(map),
	     (int)pmem2_map_get_store_granularity(map));
	t_ok(pmem2_map_get_store_granularity(map) <= PMEM2_GRANULARITY_PAGE,
	     "store granularity %d is at most PAGE", (int)pmem2_map_get_store_granularity(map));

	/* a pattern at the start and at the end of the device */
	wlen = ssize < (4ULL << 20) ? ssize : 4ULL << 20;
	off[0] = 0;
	off[1] = ssize - wlen;
	{
		pmem2_memcpy_fn memcpy_fn = pmem2_get_memcpy_fn(map);
		pmem2_persist_fn persist_fn = pmem2_get_persist_fn(map);
		unsigned char *base = pmem2_map_get_address(map);
		unsigned char *buf = malloc(wlen);
		size_t bad = 0, i;

		if (!t_ok(buf && memcpy_fn && persist_fn, "pmem2_get_memcpy_fn, pmem2_get_persist_fn"))
			goto out;
		for (k = 0; k < 2; k++) {
			for (i = 0; i < wlen; i++)
				buf[i] = pat(seed, off[k] + i);
			memcpy_fn(base + off[k], buf, wlen, PMEM2_F_MEM_NODRAIN);
			persist_fn(base + off[k], wlen);
			bad += mismatches(base + off[k], off[k], wlen, seed);
		}
		free(buf);
		t_is(bad, 0, "pattern written with memcpy_fn + persist_fn reads back (2 x %zu bytes)", wlen);
	}
	rc = pmem2_map_delete(&map);
	t_ok(rc == 0 && map == NULL, "pmem2_map_delete");
	{
		size_t bad = 0;

		for (k = 0; k < 2; k++) {
			unsigned char *p = mmap(NULL, wlen, PROT_READ, MAP_SHARED, fd, (off_t)off[k]);

			if (p == MAP_FAILED) {
				bad = (size_t)-1;
				break;
			}
			bad += mismatches(p, off[k], wlen, seed);
			munmap(p, wlen);
		}
		t_is(bad, 0, "the data is on the device (a fresh mmap after pmem2_map_delete reads it)");
		fact("data", 0, "%s", bad ? "bad" : "verified");
	}
out:
	if (map)
		pmem2_map_delete(&map);
	pmem2_config_delete(&cfg);
	pmem2_source_delete(&src);
	close(fd);
	return t_done();
}
