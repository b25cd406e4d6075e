// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * vm-mmap /dev/daxX.Y ALIGN: the device-dax mapping rules of the kernel
 * (spec section 5): MAP_SHARED of aligned lengths at aligned offsets works
 * and keeps data; MAP_PRIVATE, unaligned length or offset fail with EINVAL;
 * read() fails; fstat shows size 0; a read-only fd refuses PROT_WRITE.
 * Needs no library: it checks the kernel facts the examples rely on.
 */
#include <sys/mman.h>
#include <daxctl/libdaxctl.h>
#include "vmtest.h"

#ifndef MAP_SHARED_VALIDATE
#define MAP_SHARED_VALIDATE 0x03
#endif
#ifndef MAP_SYNC
#define MAP_SYNC 0x80000
#endif

static int map_errno(int fd, size_t len, int prot, int flags, off_t off)
{
	void *p = mmap(NULL, len, prot, flags, fd, off);

	if (p == MAP_FAILED)
		return errno;
	munmap(p, len);
	return 0;
}

int main(int argc, char **argv)
{
	const char *path = argc > 1 ? argv[1] : "/dev/dax0.0";
	size_t align = argc > 2 ? strtoull(argv[2], NULL, 0) : 2UL << 20;
	size_t len = align, i, bad = 0;
	unsigned char *p;
	struct stat st;
	char buf[64];
	int fd, rfd;

	t_init("vm-mmap");
	fd = open(path, O_RDWR);
	if (!t_ok(fd >= 0, "%s opens read-write", path))
		return t_done();
	t_ok(fstat(fd, &st) == 0 && S_ISCHR(st.st_mode) && st.st_size == 0,
	     "%s: fstat shows a character device of size 0", path);
	p = mmap(NULL, len, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
	if (t_ok(p != MAP_FAILED, "%s: MAP_SHARED of %zu bytes", path, len)) {
		t_ok(((unsigned long)p & (align - 1)) == 0, "the mapping is %zu-aligned", align);
		for (i = 0; i < len; i++)
			p[i] = (unsigned char)(i * 7 + 3);
		munmap(p, len);
		p = mmap(NULL, len, PROT_READ, MAP_SHARED, fd, 0);
		if (p != MAP_FAILED) {
			for (i = 0; i < len; i++)
				bad += p[i] != (unsigned char)(i * 7 + 3);
			munmap(p, len);
		}
		t_ok(p != MAP_FAILED && bad == 0, "data written through one mapping reads back in another");
	}
	t_is(map_errno(fd, len, PROT_READ | PROT_WRITE, MAP_SHARED, len), 0,
	     "MAP_SHARED at offset %zu", len);
	t_is(map_errno(fd, len, PROT_READ | PROT_WRITE, MAP_SHARED_VALIDATE | MAP_SYNC, 0), 0,
	     "MAP_SHARED_VALIDATE|MAP_SYNC");
	t_is(map_errno(fd, len, PROT_READ | PROT_WRITE, MAP_PRIVATE, 0), EINVAL,
	     "MAP_PRIVATE: EINVAL");
	if (align > 4096) {
		t_is(map_errno(fd, 4096, PROT_READ | PROT_WRITE, MAP_SHARED, 0), EINVAL,
		     "length 4096 < align: EINVAL");
		t_is(map_errno(fd, len, PROT_READ | PROT_WRITE, MAP_SHARED, 4096), EINVAL,
		     "offset 4096 < align: EINVAL");
	} else {
		t_is(map_errno(fd, 4096, PROT_READ | PROT_WRITE, MAP_SHARED, 4096), 0,
		     "4 KiB at offset 4 KiB works with align 4096");
	}
	errno = 0;
	t_ok(read(fd, buf, sizeof(buf)) < 0 && errno == EINVAL, "read(): EINVAL");
	rfd = open(path, O_RDONLY);
	if (t_ok(rfd >= 0, "%s opens read-only", path)) {
		t_is(map_errno(rfd, len, PROT_READ | PROT_WRITE, MAP_SHARED, 0), EACCES,
		     "read-only fd with PROT_WRITE: EACCES");
		t_is(map_errno(rfd, len, PROT_READ, MAP_SHARED, 0), 0, "read-only fd, PROT_READ");
		close(rfd);
	}
	close(fd);
	return t_done();
}
