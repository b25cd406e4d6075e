// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * Bounded, root-relative access to sysfs, /dev and /proc for libdaxctl.
 */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <unistd.h>
#include <linux/openat2.h>

#include "sysfs.h"

int sysfs_open_root(const char *root, int *fd, bool *is_host)
{
	bool host = !root || !root[0] || strcmp(root, "/") == 0;
	int rfd;

	rfd = open(host ? "/" : root, O_PATH | O_DIRECTORY | O_CLOEXEC);
	if (rfd < 0)
		return -errno;
	*fd = rfd;
	*is_host = host;
	return 0;
}

/*
 * Open @path below the ctx root. A fake tree is opened with
 * RESOLVE_IN_ROOT so that an absolute or ".."-heavy symlink inside it
 * cannot lead out to the host's /sys.
 */
static int root_open(struct daxctl_ctx *ctx, const char *path, int flags)
{
	const char *rel = path;

	while (*rel == '/')
		rel++;
	if (!*rel)
		rel = ".";
#ifdef SYS_openat2
	if (!ctx->root_is_host && !ctx->no_openat2) {
		struct open_how how = {
			.flags = (unsigned long long)(flags | O_CLOEXEC),
			.resolve = RESOLVE_IN_ROOT,
		};
		long fd;
		int tries = 0;

		/*
		 * EAGAIN: a rename or mount anywhere on the system raced with
		 * a ".." lookup; openat2(2) says to retry.
		 */
		do {
			fd = syscall(SYS_openat2, ctx->rootfd, rel, &how,
				     sizeof(how));
		} while (fd < 0 && errno == EAGAIN && ++tries < 64);
		if (fd >= 0)
			return (int)fd;
		/*
		 * Old kernels and valgrind say ENOSYS, some seccomp filters
		 * EPERM: fall back to openat(), which a test tree with
		 * relative links inside it is fine with.
		 */
		if (errno == ENOSYS)
			ctx->no_openat2 = true;
		else if (errno != EPERM)
			return -errno;
	}
#endif
	int fd = openat(ctx->rootfd, rel, flags | O_CLOEXEC);

	return fd < 0 ? -errno : fd;
}

static int vformat_path(char *path, size_t len, const char *fmt, va_list ap)
{
	int n = vsnprintf(path, len, fmt, ap);

	if (n < 0)
		return -EINVAL;
	if ((size_t)n >= len)
		return -ENAMETOOLONG;
	return 0;
}

#define FORMAT_PATH(path, fmt, rc) \
	do { \
		va_list ap; \
		va_start(ap, fmt); \
		rc = vformat_path(path, sizeof(path), fmt, ap); \
		va_end(ap); \
	} while (0)

static int read_fd(int fd, char *buf, size_t len)
{
	size_t total = 0;
	char extra;

	if (len == 0)
		return -EINVAL;
	while (total < len - 1) {
		ssize_t n = read(fd, buf + total, len - 1 - total);

		if (n < 0) {
			if (errno == EINTR)
				continue;
			return -errno;
		}
		if (n == 0)
			break;
		total += (size_t)n;
	}
	if (total == len - 1) {
		ssize_t n = read(fd, &extra, 1);

		if (n > 0)
			return -EFBIG;
	}
	buf[total] = '\0';
	if (total > 0 && buf[total - 1] == '\n')
		buf[--total] = '\0';
	return (int)total;
}

static int read_path(struct daxctl_ctx *ctx, const char *path, char *buf,
		     size_t len)
{
	int fd, rc;

	fd = root_open(ctx, path, O_RDONLY);
	if (fd < 0) {
		dbg(ctx, "open %s: %s\n", path, strerror(-fd));
		return fd;
	}
	rc = read_fd(fd, buf, len);
	close(fd);
	if (rc < 0)
		dbg(ctx, "read %s: %s\n", path, strerror(-rc));
	return rc;
}

int sysfs_read(struct daxctl_ctx *ctx, char *buf, size_t len,
	       const char *fmt, ...)
{
	char path[PATH_MAX];
	int rc;

	FORMAT_PATH(path, fmt, rc);
	if (rc < 0)
		return rc;
	return read_path(ctx, path, buf, len);
}

int sysfs_write(struct daxctl_ctx *ctx, const char *val, const char *fmt, ...)
{
	char path[PATH_MAX];
	size_t len = strlen(val);
	ssize_t n;
	int fd, rc;

	FORMAT_PATH(path, fmt, rc);
	if (rc < 0)
		return rc;
	fd = root_open(ctx, path, O_WRONLY);
	if (fd < 0) {
		dbg(ctx, "open %s for writing: %s\n", path, strerror(-fd));
		return fd;
	}
	/* sysfs takes one write per store; retrying a partial one is wrong */
	do {
		n = write(fd, val, len);
	} while (n < 0 && errno == EINTR);
	rc = n < 0 ? -errno : ((size_t)n == len ? 0 : -EIO);
	close(fd);
	if (rc < 0)
		dbg(ctx, "write '%s' to %s: %s\n", val, path, strerror(-rc));
	return rc;
}

int parse_u64(const char *s, int base, unsigned long long *val)
{
	unsigned long long v;
	char *end;

	if (!s || !*s)
		return -EINVAL;
	if (base == 0) {
		/* sysfs prints decimal or 0x-hex; a leading 0 is not octal */
		if (s[0] == '0' && (s[1] == 'x' || s[1] == 'X'))
			base = 16;
		else
			base = 10;
	}
	if (base == 16 && s[0] == '0' && (s[1] == 'x' || s[1] == 'X'))
		s += 2;
	/* strtoull skips blanks and accepts a sign: refuse both */
	if (!(s[0] >= '0' && s[0] <= '9') &&
	    !(base == 16 && ((s[0] >= 'a' && s[0] <= 'f') ||
			     (s[0] >= 'A' && s[0] <= 'F'))))
		return -EINVAL;
	errno = 0;
	v = strtoull(s, &end, base);
	if (errno == ERANGE)
		return -ERANGE;
	if (*end != '\0')
		return -EINVAL;
	*val = v;
	return 0;
}

int parse_int(const char *s, int *val)
{
	long v;
	char *end;

	if (!s || !*s || !(s[0] == '-' || (s[0] >= '0' && s[0] <= '9')))
		return -EINVAL;
	errno = 0;
	v = strtol(s, &end, 10);
	if (errno == ERANGE || v < INT_MIN || v > INT_MAX)
		return -ERANGE;
	if (end == s || *end != '\0')
		return -EINVAL;
	*val = (int)v;
	return 0;
}

static int read_number(struct daxctl_ctx *ctx, const char *path, int base,
		       unsigned long long *val)
{
	char buf[64];
	int rc;

	rc = read_path(ctx, path, buf, sizeof(buf));
	if (rc < 0)
		return rc;
	rc = parse_u64(buf, base, val);
	if (rc < 0)
		dbg(ctx, "%s: not a number: '%s'\n", path, buf);
	return rc;
}

static int vread_number(struct daxctl_ctx *ctx, int base,
			unsigned long long *val, const char *fmt, va_list ap)
{
	char path[PATH_MAX];
	int rc;

	rc = vformat_path(path, sizeof(path), fmt, ap);
	if (rc < 0)
		return rc;
	return read_number(ctx, path, base, val);
}

int sysfs_read_u64(struct daxctl_ctx *ctx, unsigned long long *val,
		   const char *fmt, ...)
{
	va_list ap;
	int rc;

	va_start(ap, fmt);
	rc = vread_number(ctx, 0, val, fmt, ap);
	va_end(ap);
	return rc;
}

int sysfs_read_hex(struct daxctl_ctx *ctx, unsigned long long *val,
		   const char *fmt, ...)
{
	va_list ap;
	int rc;

	va_start(ap, fmt);
	rc = vread_number(ctx, 16, val, fmt, ap);
	va_end(ap);
	return rc;
}

int sysfs_read_int(struct daxctl_ctx *ctx, int *val, const char *fmt, ...)
{
	char path[PATH_MAX], buf[64];
	int rc;

	FORMAT_PATH(path, fmt, rc);
	if (rc < 0)
		return rc;
	rc = read_path(ctx, path, buf, sizeof(buf));
	if (rc < 0)
		return rc;
	rc = parse_int(buf, val);
	if (rc < 0)
		dbg(ctx, "%s: not a number: '%s'\n", path, buf);
	return rc;
}

int sysfs_readlink(struct daxctl_ctx *ctx, char *buf, size_t len,
		   const char *fmt, ...)
{
	char path[PATH_MAX];
	char *slash;
	ssize_t n;
	int dirfd, rc;

	FORMAT_PATH(path, fmt, rc);
	if (rc < 0)
		return rc;
	if (len == 0)
		return -EINVAL;
	/* resolve the directory under the root, then read the last link */
	slash = strrchr(path, '/');
	if (!slash || !slash[1])
		return -EINVAL;
	*slash = '\0';
	dirfd = root_open(ctx, path[0] ? path : "/", O_PATH | O_DIRECTORY);
	if (dirfd < 0)
		return dirfd;
	n = readlinkat(dirfd, slash + 1, buf, len);
	rc = n < 0 ? -errno : 0;
	close(dirfd);
	if (rc < 0)
		return rc;
	if ((size_t)n >= len)
		return -EFBIG;
	buf[n] = '\0';
	return (int)n;
}

/* Format a path and open it under the root: an fd or a negative errno. */
static int vopen_path(struct daxctl_ctx *ctx, int flags, const char *fmt,
		      va_list ap)
{
	char path[PATH_MAX];
	int rc;

	rc = vformat_path(path, sizeof(path), fmt, ap);
	if (rc < 0)
		return rc;
	return root_open(ctx, path, flags);
}

bool sysfs_exists(struct daxctl_ctx *ctx, const char *fmt, ...)
{
	va_list ap;
	int fd;

	va_start(ap, fmt);
	fd = vopen_path(ctx, O_PATH, fmt, ap);
	va_end(ap);
	if (fd < 0)
		return false;
	close(fd);
	return true;
}

/* Hand @fd over to a stdio or dirent stream; on failure close it. */
static void *fd_to_stream(int fd, void *stream)
{
	int saved;

	if (fd < 0) {
		errno = -fd;
		return NULL;
	}
	if (!stream) {
		saved = errno;
		close(fd);
		errno = saved;
	}
	return stream;
}

DIR *sysfs_opendir(struct daxctl_ctx *ctx, const char *fmt, ...)
{
	va_list ap;
	int fd;

	va_start(ap, fmt);
	fd = vopen_path(ctx, O_RDONLY | O_DIRECTORY, fmt, ap);
	va_end(ap);
	return fd_to_stream(fd, fd < 0 ? NULL : fdopendir(fd));
}

FILE *sysfs_fopen(struct daxctl_ctx *ctx, const char *fmt, ...)
{
	va_list ap;
	int fd;

	va_start(ap, fmt);
	fd = vopen_path(ctx, O_RDONLY, fmt, ap);
	va_end(ap);
	return fd_to_stream(fd, fd < 0 ? NULL : fdopen(fd, "re"));
}

int path_resolve(const char *dir, const char *target, char *out, size_t len)
{
	char work[PATH_MAX];
	size_t olen = 0;
	char *tok, *save = NULL;
	int n;

	if (!dir || !target || len < 2)
		return -EINVAL;
	if (target[0] == '/')
		n = snprintf(work, sizeof(work), "%s", target);
	else
		n = snprintf(work, sizeof(work), "%s/%s", dir, target);
	if (n < 0 || (size_t)n >= sizeof(work))
		return -ENAMETOOLONG;

	out[0] = '\0';
	for (tok = strtok_r(work, "/", &save); tok;
	     tok = strtok_r(NULL, "/", &save)) {
		size_t tlen;

		if (strcmp(tok, ".") == 0)
			continue;
		if (strcmp(tok, "..") == 0) {
			char *slash = strrchr(out, '/');

			if (slash) {
				*slash = '\0';
				olen = (size_t)(slash - out);
			}
			continue;
		}
		tlen = strlen(tok);
		if (olen + 1 + tlen + 1 > len)
			return -ENAMETOOLONG;
		out[olen++] = '/';
		memcpy(out + olen, tok, tlen + 1);
		olen += tlen;
	}
	if (olen == 0) {
		out[0] = '/';
		out[1] = '\0';
	}
	return 0;
}
