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
#ifdef SYS_openat2
/*
 * openat2(2) with RESOLVE_IN_ROOT or RESOLVE_BENEATH fails with EAGAIN when
 * a rename or mount anywhere on the system races with a ".." lookup; the
 * man page says to retry. Returns the fd, or -1 with errno set.
 */
static long openat2_retry(int dirfd, const char *path, struct open_how *how)
{
	long fd;
	int tries = 0;

	do {
		fd = syscall(SYS_openat2, dirfd, path, how, sizeof(*how));
	} while (fd < 0 && errno == EAGAIN && ++tries < 64);
	return fd;
}
#endif

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
		long fd = openat2_retry(ctx->rootfd, rel, &how);

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

void sysfs_dircache_drop(struct daxctl_ctx *ctx, enum sysfs_dircache_slot slot)
{
	struct sysfs_dircache *c = &ctx->dircache[slot];

	if (!c->path)
		return;
	close(c->fd);
	free(c->path);
	c->path = NULL;
	c->len = 0;
	c->fd = -1;
	c->owner = NULL;
}

void sysfs_dircache_forget(struct daxctl_ctx *ctx, const void *owner)
{
	unsigned int i;

	for (i = 0; i < SYSFS_DIR_SLOTS; i++)
		if (ctx->dircache[i].owner == owner)
			ctx->dircache[i].owner = NULL;
}

void sysfs_dircache_set(struct daxctl_ctx *ctx, enum sysfs_dircache_slot slot,
			const char *dir, const void *owner)
{
	struct sysfs_dircache *c = &ctx->dircache[slot];
	char *path;
	int fd;

	if (c->path && owner && c->owner == owner)
		return;
	if (c->path && strcmp(c->path, dir) == 0) {
		c->owner = owner;
		return;
	}
	sysfs_dircache_drop(ctx, slot);
	path = strdup(dir);
	if (!path)
		return;		/* no cache: whole paths still work */
	fd = root_open(ctx, dir, O_PATH | O_DIRECTORY);
	if (fd < 0) {
		free(path);
		return;
	}
	c->path = path;
	c->len = strlen(path);
	c->fd = fd;
	c->owner = owner;
}

/* The cached directory @path is below, and the rest of @path after it. */
static struct sysfs_dircache *dircache_find(struct daxctl_ctx *ctx,
					    const char *path, const char **rest)
{
	unsigned int i;

	for (i = 0; i < SYSFS_DIR_SLOTS; i++) {
		struct sysfs_dircache *c = &ctx->dircache[i];

		if (c->path && strncmp(path, c->path, c->len) == 0 &&
		    path[c->len] == '/' && path[c->len + 1]) {
			*rest = path + c->len + 1;
			return c;
		}
	}
	return NULL;
}

/*
 * Open @rest below a cached directory. A fake tree is opened with
 * RESOLVE_BENEATH: a link that leads out of the directory fails (EXDEV)
 * and the caller resolves the whole path under the root instead.
 */
static int dircache_open(struct daxctl_ctx *ctx, struct sysfs_dircache *c,
			 const char *rest, int flags)
{
	int fd;

#ifdef SYS_openat2
	if (!ctx->root_is_host && !ctx->no_openat2) {
		struct open_how how = {
			.flags = (unsigned long long)(flags | O_CLOEXEC),
			.resolve = RESOLVE_BENEATH,
		};
		long lfd = openat2_retry(c->fd, rest, &how);

		if (lfd >= 0)
			return (int)lfd;
		if (errno == ENOSYS)
			ctx->no_openat2 = true;
		else if (errno != EPERM)
			return -errno;
	}
#endif
	fd = openat(c->fd, rest, flags | O_CLOEXEC);
	return fd < 0 ? -errno : fd;
}

/*
 * Whether @fd, the answer of an open below a cached directory, is final: a
 * miss (or a link leading out of a fake tree) is checked on the whole path
 * unless @miss_final says a plain miss is the answer.
 */
static bool cache_answers(int fd, bool miss_final)
{
	if (fd == -ENOENT)
		return miss_final;
	return fd != -EXDEV && fd != -ELOOP && fd != -EAGAIN;
}

/*
 * The whole @path opened under the root after @fd came from @c; a
 * directory found again there was made anew: the stale slot goes.
 */
static int root_retry(struct daxctl_ctx *ctx, struct sysfs_dircache *c,
		      int fd, const char *path, int flags)
{
	int fd2 = root_open(ctx, path, flags);

	if (fd2 >= 0 && fd == -ENOENT)
		sysfs_dircache_drop(ctx, (enum sysfs_dircache_slot)
				    (c - ctx->dircache));
	return fd2;
}

/*
 * Open @path under the root, through a cached directory when it is below
 * one. A miss there is checked on the whole path: the directory may have
 * been removed and made again (a stale cache is dropped), or a link in a
 * fake tree may lead out of it. With @miss_final, a plain miss (ENOENT)
 * is the answer: for the end of a numbered series, whose earlier members
 * were just opened through the same directory.
 */
static int path_open_ex(struct daxctl_ctx *ctx, const char *path, int flags,
			bool miss_final)
{
	struct sysfs_dircache *c;
	const char *rest;
	int fd;

	c = dircache_find(ctx, path, &rest);
	if (!c)
		return root_open(ctx, path, flags);
	fd = dircache_open(ctx, c, rest, flags);
	return cache_answers(fd, miss_final) ? fd :
		root_retry(ctx, c, fd, path, flags);
}

static int path_open(struct daxctl_ctx *ctx, const char *path, int flags)
{
	return path_open_ex(ctx, path, flags, false);
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
		size_t want = len - 1 - total;
		ssize_t n = read(fd, buf + total, want);

		if (n < 0) {
			if (errno == EINTR)
				continue;
			return -errno;
		}
		total += (size_t)n;
		/*
		 * A sysfs attribute comes whole from one read (its show()
		 * fills the buffer once), and a short read of a regular file
		 * is its end: no second read to see the end of the file.
		 */
		if ((size_t)n < want)
			break;
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

	fd = path_open(ctx, path, O_RDONLY);
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

/*
 * Write @val to @fd (closed here) in one write(); @fd may be the -errno of
 * its open. @dir and @name only name the file in messages.
 */
static int write_fd(struct daxctl_ctx *ctx, int fd, const char *val,
		    const char *dir, const char *name)
{
	const char *sep = *name ? "/" : "";
	size_t len = strlen(val);
	ssize_t n;
	int rc;

	if (fd < 0) {
		dbg(ctx, "open %s%s%s for writing: %s\n", dir, sep, name,
		    strerror(-fd));
		return fd;
	}
	/* sysfs takes one write per store; retrying a partial one is wrong */
	do {
		n = write(fd, val, len);
	} while (n < 0 && errno == EINTR);
	rc = n < 0 ? -errno : ((size_t)n == len ? 0 : -EIO);
	close(fd);
	if (rc < 0)
		dbg(ctx, "write '%s' to %s%s%s: %s\n", val, dir, sep, name,
		    strerror(-rc));
	return rc;
}

int sysfs_write(struct daxctl_ctx *ctx, const char *val, const char *fmt, ...)
{
	char path[PATH_MAX];
	int rc;

	FORMAT_PATH(path, fmt, rc);
	if (rc < 0)
		return rc;
	return write_fd(ctx, path_open(ctx, path, O_WRONLY), val, path, "");
}

/* A character's digit value ('0'-'9', 'a'-'f', 'A'-'F'), or 0xff */
static inline unsigned int digit_value(unsigned char c)
{
	if ((unsigned int)(c - '0') < 10)
		return (unsigned int)(c - '0');
	c |= 0x20;	/* 'A'-'F' to 'a'-'f', nothing else into that range */
	if ((unsigned int)(c - 'a') < 6)
		return (unsigned int)(c - 'a') + 10;
	return 0xff;
}

int parse_u64(const char *s, int base, unsigned long long *val)
{
	const unsigned char *p, *start;
	unsigned long long v = 0;
	unsigned int b;
	size_t n;

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
	b = (unsigned int)base;
	/* no blanks, no sign: digits only (strtoull would skip or take them) */
	start = (const unsigned char *)s;
	if (b == 10) {
		for (p = start; (unsigned int)(*p - '0') < 10; p++)
			v = v * 10 + (unsigned int)(*p - '0');
	} else {
		unsigned int d;

		for (p = start; (d = digit_value(*p)) < b; p++)
			v = v * b + d;
	}
	n = (size_t)(p - start);
	if (n == 0 || *p != '\0')
		return -EINVAL;
	/* more than 19 decimal or 16 hex digits: again, minding overflow */
	if (n > (b == 16 ? 16u : 19u)) {
		v = 0;
		for (p = start; *p; p++)
			if (__builtin_mul_overflow(v, b, &v) ||
			    __builtin_add_overflow(v, digit_value(*p), &v))
				return -ERANGE;
	}
	*val = v;
	return 0;
}

int parse_int(const char *s, int *val)
{
	unsigned long long v;
	bool neg;
	int rc;

	if (!s)
		return -EINVAL;
	/* a minus, then what parse_u64() takes in base 10 */
	neg = s[0] == '-';
	rc = parse_u64(s + neg, 10, &v);
	if (rc < 0)
		return rc;
	if (v > (neg ? (unsigned long long)INT_MAX + 1 : INT_MAX))
		return -ERANGE;
	*val = neg ? (int)-(long long)v : (int)v;
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

int sysfs_join(char *path, size_t len, const char *dir, const char *name)
{
	size_t dl = strlen(dir), nl = strlen(name);

	if (dl + 1 + nl + 1 > len)
		return -ENAMETOOLONG;
	memcpy(path, dir, dl);
	path[dl] = '/';
	memcpy(path + dl + 1, name, nl + 1);
	return 0;
}

/*
 * The cached directory that @dir is, or is below, and the rest of @dir
 * after it ("" when @dir is the cached directory itself).
 */
static struct sysfs_dircache *dircache_find_dir(struct daxctl_ctx *ctx,
						const char *dir,
						const char **rest)
{
	unsigned int i;

	for (i = 0; i < SYSFS_DIR_SLOTS; i++) {
		struct sysfs_dircache *c = &ctx->dircache[i];

		if (!c->path || strncmp(dir, c->path, c->len) != 0)
			continue;
		if (dir[c->len] == '\0') {
			*rest = "";
			return c;
		}
		if (dir[c->len] == '/' && dir[c->len + 1]) {
			*rest = dir + c->len + 1;
			return c;
		}
	}
	return NULL;
}

/*
 * Open @dir/@name as path_open() opens the whole path, without building
 * that path when @dir is, or is below, a cached directory: only the part
 * below it is put together. The whole path is still what a miss there is
 * checked on.
 */
static int attr_open(struct daxctl_ctx *ctx, const char *dir,
		     const char *name, int flags, bool miss_final)
{
	char path[PATH_MAX];
	struct sysfs_dircache *c = NULL;
	const char *rest;
	int fd, rc;

	if (*name)
		c = dircache_find_dir(ctx, dir, &rest);
	if (c) {
		size_t rl = strlen(rest), nl = strlen(name);
		char *p = path;

		if (rl + 1 + nl + 1 > sizeof(path))
			return -ENAMETOOLONG;
		if (rl) {
			memcpy(p, rest, rl);
			p[rl] = '/';
			p += rl + 1;
		}
		memcpy(p, name, nl + 1);
		fd = dircache_open(ctx, c, path, flags);
		if (cache_answers(fd, miss_final))
			return fd;
		rc = sysfs_join(path, sizeof(path), dir, name);
		return rc < 0 ? rc : root_retry(ctx, c, fd, path, flags);
	}
	rc = sysfs_join(path, sizeof(path), dir, name);
	return rc < 0 ? rc : path_open_ex(ctx, path, flags, miss_final);
}

static int attr_read(struct daxctl_ctx *ctx, char *buf, size_t len,
		     const char *dir, const char *name, bool miss_final)
{
	int fd, rc;

	fd = attr_open(ctx, dir, name, O_RDONLY, miss_final);
	if (fd < 0) {
		dbg(ctx, "open %s/%s: %s\n", dir, name, strerror(-fd));
		return fd;
	}
	rc = read_fd(fd, buf, len);
	close(fd);
	if (rc < 0)
		dbg(ctx, "read %s/%s: %s\n", dir, name, strerror(-rc));
	return rc;
}

static int attr_number(struct daxctl_ctx *ctx, unsigned long long *val,
		       const char *dir, const char *name, bool miss_final)
{
	char buf[64];
	int rc;

	rc = attr_read(ctx, buf, sizeof(buf), dir, name, miss_final);
	if (rc < 0)
		return rc;
	rc = parse_u64(buf, 0, val);
	if (rc < 0)
		dbg(ctx, "%s/%s: not a number: '%s'\n", dir, name, buf);
	return rc;
}

int sysfs_attr_read(struct daxctl_ctx *ctx, char *buf, size_t len,
		    const char *dir, const char *name)
{
	return attr_read(ctx, buf, len, dir, name, false);
}

int sysfs_attr_u64(struct daxctl_ctx *ctx, unsigned long long *val,
		   const char *dir, const char *name)
{
	return attr_number(ctx, val, dir, name, false);
}

int sysfs_attr_u64_next(struct daxctl_ctx *ctx, unsigned long long *val,
			const char *dir, const char *name)
{
	return attr_number(ctx, val, dir, name, true);
}

int sysfs_attr_int(struct daxctl_ctx *ctx, int *val, const char *dir,
		   const char *name)
{
	char buf[64];
	int rc;

	rc = attr_read(ctx, buf, sizeof(buf), dir, name, false);
	if (rc < 0)
		return rc;
	rc = parse_int(buf, val);
	if (rc < 0)
		dbg(ctx, "%s/%s: not a number: '%s'\n", dir, name, buf);
	return rc;
}

int sysfs_attr_write(struct daxctl_ctx *ctx, const char *val, const char *dir,
		     const char *name)
{
	return write_fd(ctx, attr_open(ctx, dir, name, O_WRONLY, false), val,
			dir, name);
}

/* Not answered through the cache: resolve the path the long way. */
#define NOT_CACHED (-ENOENT - 1000)

/*
 * On the host, a link below a cached directory is one readlinkat(). A
 * miss is checked on the whole path as in path_open(). NOT_CACHED when
 * the cache does not apply (a fake tree resolves every directory under
 * its root instead).
 */
static ssize_t host_readlink(struct daxctl_ctx *ctx, const char *path,
			     char *buf, size_t len)
{
	struct sysfs_dircache *c;
	const char *rest;
	ssize_t n;

	if (!ctx->root_is_host)
		return NOT_CACHED;
	c = dircache_find(ctx, path, &rest);
	if (!c)
		return NOT_CACHED;
	n = readlinkat(c->fd, rest, buf, len);
	if (n >= 0)
		return n;
	if (errno != ENOENT)
		return -errno;
	n = readlinkat(ctx->rootfd, path + 1, buf, len);
	if (n >= 0) {
		sysfs_dircache_drop(ctx, (enum sysfs_dircache_slot)
				    (c - ctx->dircache));
		return n;
	}
	return -errno;
}

static int readlink_path(struct daxctl_ctx *ctx, char *path, char *buf,
			 size_t len)
{
	char *slash;
	ssize_t n;
	int dirfd, rc;

	if (len == 0)
		return -EINVAL;
	n = host_readlink(ctx, path, buf, len);
	if (n != NOT_CACHED) {
		if (n < 0)
			return (int)n;
		goto out;
	}
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
out:
	if ((size_t)n >= len)
		return -EFBIG;
	buf[n] = '\0';
	return (int)n;
}

int sysfs_readlink(struct daxctl_ctx *ctx, char *buf, size_t len,
		   const char *fmt, ...)
{
	char path[PATH_MAX];
	int rc;

	FORMAT_PATH(path, fmt, rc);
	if (rc < 0)
		return rc;
	return readlink_path(ctx, path, buf, len);
}

int sysfs_attr_readlink(struct daxctl_ctx *ctx, char *buf, size_t len,
			const char *dir, const char *name)
{
	char path[PATH_MAX];
	int rc = sysfs_join(path, sizeof(path), dir, name);

	return rc < 0 ? rc : readlink_path(ctx, path, buf, len);
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
	return path_open(ctx, path, flags);
}

static bool exists_path(struct daxctl_ctx *ctx, const char *path)
{
	struct sysfs_dircache *c = NULL;
	const char *rest;
	struct stat st;
	int fd;

	/* on the host, one stat() below a cached directory */
	if (ctx->root_is_host) {
		c = dircache_find(ctx, path, &rest);
		if (c && fstatat(c->fd, rest, &st, 0) == 0)
			return true;
		if (c && errno != ENOENT)
			return false;
	}
	/* a miss there is checked on the whole path, as in path_open() */
	fd = c ? root_open(ctx, path, O_PATH) : path_open(ctx, path, O_PATH);
	if (fd < 0)
		return false;
	close(fd);
	if (c)
		sysfs_dircache_drop(ctx, (enum sysfs_dircache_slot)
				    (c - ctx->dircache));
	return true;
}

bool sysfs_exists(struct daxctl_ctx *ctx, const char *fmt, ...)
{
	char path[PATH_MAX];
	int rc;

	FORMAT_PATH(path, fmt, rc);
	return rc == 0 && exists_path(ctx, path);
}

bool sysfs_attr_exists(struct daxctl_ctx *ctx, const char *dir,
		       const char *name)
{
	char path[PATH_MAX];

	return sysfs_join(path, sizeof(path), dir, name) == 0 &&
	       exists_path(ctx, path);
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
