// SPDX-License-Identifier: LGPL-2.1-or-later
/* Helpers of the fuzz harnesses: a scratch tmpfs directory and file I/O. */
#include <errno.h>
#include <fcntl.h>
#include <ftw.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <syslog.h>
#include <unistd.h>

#include <daxctl/libdaxctl.h>

#include "fuzz.h"

static char scratch[PATH_MAX];
static pid_t scratch_pid;

static int rm_one(const char *path, const struct stat *st, int type,
		struct FTW *ftw)
{
	(void)st;
	(void)ftw;
	if (type == FTW_DP)
		rmdir(path);
	else
		unlink(path);
	return 0;
}

static void rm_rf(const char *path)
{
	nftw(path, rm_one, 16, FTW_DEPTH | FTW_PHYS);
}

static void scratch_cleanup(void)
{
	if (scratch[0] && scratch_pid == getpid())
		rm_rf(scratch);
}

const char *fuzz_scratch(void)
{
	const char *base = getenv("TMPDIR");
	struct stat st;

	if (scratch[0])
		return scratch;
	if (stat("/dev/shm", &st) == 0 && S_ISDIR(st.st_mode) &&
			access("/dev/shm", W_OK) == 0)
		base = "/dev/shm";
	else if (!base || !*base)
		base = "/tmp";
	snprintf(scratch, sizeof(scratch), "%s/daxctl-fuzz.XXXXXX", base);
	if (!mkdtemp(scratch)) {
		perror("fuzz: mkdtemp");
		abort();
	}
	scratch_pid = getpid();
	atexit(scratch_cleanup);
	return scratch;
}

void fuzz_path(char *buf, size_t len, const char *name)
{
	if ((size_t)snprintf(buf, len, "%s/%s", fuzz_scratch(), name) >= len)
		abort();
}

int fuzz_mkdir_p(const char *path)
{
	char tmp[PATH_MAX];
	size_t i, len = strlen(path);

	if (len >= sizeof(tmp))
		return -ENAMETOOLONG;
	memcpy(tmp, path, len + 1);
	for (i = 1; i <= len; i++) {
		if (tmp[i] != '/' && tmp[i] != '\0')
			continue;
		tmp[i] = '\0';
		if (mkdir(tmp, 0755) < 0 && errno != EEXIST)
			return -errno;
		if (i < len)
			tmp[i] = '/';
	}
	return 0;
}

int fuzz_write(const char *path, const void *data, size_t len)
{
	const char *p = data;
	int fd;

	fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
	if (fd < 0 && errno == ENOENT) {
		char dir[PATH_MAX];
		char *slash;

		snprintf(dir, sizeof(dir), "%s", path);
		slash = strrchr(dir, '/');
		if (slash && slash != dir) {
			*slash = '\0';
			if (fuzz_mkdir_p(dir) == 0)
				fd = open(path, O_WRONLY | O_CREAT | O_TRUNC |
						O_CLOEXEC, 0644);
		}
	}
	if (fd < 0)
		return -errno;
	while (len) {
		ssize_t n = write(fd, p, len);

		if (n <= 0) {
			close(fd);
			return n < 0 ? -errno : -EIO;
		}
		p += n;
		len -= (size_t)n;
	}
	close(fd);
	return 0;
}

static int rm_below(const char *path, const struct stat *st, int type,
		struct FTW *ftw)
{
	(void)st;
	if (ftw->level == 0)
		return 0;
	if (type == FTW_DP)
		rmdir(path);
	else
		unlink(path);
	return 0;
}

void fuzz_clear(const char *path)
{
	nftw(path, rm_below, 16, FTW_DEPTH | FTW_PHYS);
}

char *fuzz_strndup(const uint8_t *data, size_t size)
{
	char *s = malloc(size + 1);

	if (!s)
		abort();
	memcpy(s, data, size);
	s[size] = '\0';
	return s;
}

/* Format every message (its arguments come from the input) and drop it. */
static void quiet_log(struct daxctl_ctx *ctx, int priority, const char *file,
		int line, const char *fn, const char *format, va_list args)
{
	char buf[1024];

	(void)ctx; (void)priority; (void)file; (void)line; (void)fn;
	vsnprintf(buf, sizeof(buf), format, args);
}

struct daxctl_ctx *fuzz_ctx(const char *root)
{
	struct daxctl_ctx *ctx;

	setenv("DAXCTL_ROOT", root, 1);
	unsetenv("DAXCTL_LOG");
	if (daxctl_new(&ctx) < 0)
		return NULL;
	daxctl_set_log_fn(ctx, quiet_log);
	daxctl_set_log_priority(ctx, LOG_DEBUG);
	return ctx;
}
