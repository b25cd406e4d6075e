// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * pmdk-pmem1 [-n] /dev/daxX.Y: Debian's libpmem (libpmem1) on a device-dax
 * instance: pmem_map_file(path, 0, 0, 0, &len, &is_pmem) must map the whole
 * device (len = sysfs size) with is_pmem = 1; a pattern written with
 * pmem_memcpy_persist reads back, and after pmem_unmap through a plain mmap.
 *
 * Like pmdk-pmem2, built against Debian's libpmem only: libpmem.so.1 pulls
 * libdaxctl.so.1 in itself (and libndctl.so.6 does), and finds the device's
 * size and alignment through libndctl's namespaces and libdaxctl's devices.
 * -n: the device belongs to no NVDIMM namespace (hmem): a failing
 * pmem_map_file is only recorded as a fact (what succeeds is still checked).
 */
#include <link.h>
#include <sys/mman.h>
#include <sys/sysmacros.h>
#include <time.h>
#include <libpmem.h>
#include "vmtest.h"

static int find_lib(struct dl_phdr_info *info, size_t size, void *data)
{
	const char **found = data;

	(void)size;
	if (strstr(info->dlpi_name, "/libdaxctl.so"))
		*found = info->dlpi_name;
	return 0;
}

static unsigned char pat(unsigned seed, size_t i)
{
	return (unsigned char)((i * 37 + seed) ^ (i >> 10));
}

int main(int argc, char **argv)
{
	bool nons = argc > 2 && strcmp(argv[1], "-n") == 0;
	const char *path = argv[argc - 1];
	const char *lib = "(none)";
	unsigned seed = (unsigned)time(NULL) ^ (unsigned)getpid();
	unsigned long long ssize, salign;
	size_t len = 0, wlen, off[2], i, bad = 0;
	unsigned char *p, *buf;
	int is_pmem = -1, fd, k;
	struct stat st;

	t_init("pmdk-pmem1");
	if (argc < 2) {
		fprintf(stderr, "usage: pmdk-pmem1 [-n] /dev/daxX.Y\n");
		return 2;
	}
	dl_iterate_phdr(find_lib, &lib);
	printf("# pmdk-pmem1: %s with libdaxctl.so.1 from %s\n", path, lib);
	if (!t_ok(stat(path, &st) == 0 && S_ISCHR(st.st_mode), "%s is a character device", path))
		return t_done();
	ssize = sys_u64(0, 0, "/sys/dev/char/%u:%u/size", major(st.st_rdev), minor(st.st_rdev));
	salign = sys_u64(0, 0, "/sys/dev/char/%u:%u/align", major(st.st_rdev), minor(st.st_rdev));

	p = pmem_map_file(path, 0, 0, 0, &len, &is_pmem);
	printf("# fact: pmem_map_file %s len=%zu is_pmem=%d%s%s\n", p ? "ok" : "failed",
	       p ? len : 0, p ? is_pmem : -1, p ? "" : ": ", p ? "" : pmem_errormsg());
	if (nons && !p)
		return t_done();
	if (!t_ok(p != NULL, "pmem_map_file(%s, 0, 0, 0)", path)) {
		t_diag("%s", pmem_errormsg());
		return t_done();
	}
	t_is(len, ssize, "mapped length equals sysfs size");
	t_is(is_pmem, 1, "is_pmem = 1");
	t_ok(((uintptr_t)p & (salign - 1)) == 0, "the mapping is %llu-aligned", salign);
	t_is(pmem_is_pmem(p, len), 1, "pmem_is_pmem on the mapping");

	wlen = ssize < (4ULL << 20) ? ssize : 4ULL << 20;
	off[0] = 0;
	off[1] = ssize - wlen;
	buf = malloc(wlen);
	if (!t_ok(buf != NULL, "malloc")) {
		pmem_unmap(p, len);
		return t_done();
	}
	for (k = 0; k < 2; k++) {
		for (i = 0; i < wlen; i++)
			buf[i] = pat(seed, off[k] + i);
		pmem_memcpy_persist(p + off[k], buf, wlen);
		for (i = 0; i < wlen; i++)
			bad += p[off[k] + i] != pat(seed, off[k] + i);
	}
	free(buf);
	t_is(bad, 0, "pattern written with pmem_memcpy_persist reads back (2 x %zu bytes)", wlen);
	t_is(pmem_unmap(p, len), 0, "pmem_unmap");

	bad = 0;
	fd = open(path, O_RDONLY);
	for (k = 0; k < 2 && fd >= 0; k++) {
		unsigned char *q = mmap(NULL, wlen, PROT_READ, MAP_SHARED, fd, (off_t)off[k]);

		if (q == MAP_FAILED) {
			bad = (size_t)-1;
			break;
		}
		for (i = 0; i < wlen; i++)
			bad += q[i] != pat(seed, off[k] + i);
		munmap(q, wlen);
	}
	if (fd < 0)
		bad = (size_t)-1;
	else
		close(fd);
	t_is(bad, 0, "the data is on the device (a fresh mmap after pmem_unmap reads it)");
	printf("# fact: data %s\n", bad ? "bad" : "verified");
	return t_done();
}
