/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * The one place where libdaxctl touches the file system. Every path is an
 * absolute path as the kernel shows it ("/sys/bus/dax/devices/dax0.0"),
 * resolved relative to the ctx's root directory fd, so that a fake tree
 * works the same as the real /sys. Reads are bounded and detect truncation,
 * every fd is O_CLOEXEC, and every failure is a negative errno.
 *
 * The path arguments are printf formats.
 */
#ifndef _LIBDAXCTL_SYSFS_H_
#define _LIBDAXCTL_SYSFS_H_

#include <dirent.h>
#include <stdbool.h>
#include <stdio.h>
#include <stddef.h>

#include "libdaxctl-private.h"

/* Large enough for any attribute libdaxctl reads (sysfs caps at a page). */
#define SYSFS_ATTR_MAX 4096

/* Open the root directory for a ctx; "/" when @root is NULL or empty. */
int sysfs_open_root(const char *root, int *fd, bool *is_host);

/*
 * Keep @dir open in @slot: paths below it are then opened relative to it
 * (one openat() instead of a walk from the root). Opening the same
 * directory again is free; another one replaces it. Best effort: without
 * a cache, whole paths are used. Dropped when a path below it is missing
 * but found from the root (the directory was made again).
 * @owner, when not NULL, is the object @dir belongs to, whose path never
 * changes while it lives: a second call with the same owner is then not
 * even a string compare. The owner calls sysfs_dircache_forget() before
 * it is freed.
 */
void sysfs_dircache_set(struct daxctl_ctx *ctx, enum sysfs_dircache_slot slot,
			const char *dir, const void *owner);
/* @owner is going away: no slot may take its address for its path again */
void sysfs_dircache_forget(struct daxctl_ctx *ctx, const void *owner);
void sysfs_dircache_drop(struct daxctl_ctx *ctx, enum sysfs_dircache_slot slot);

/*
 * Read an attribute into @buf (at most @len - 1 bytes, NUL terminated, one
 * trailing newline removed). Returns the length, -EFBIG when the content
 * does not fit, or another negative errno.
 */
int sysfs_read(struct daxctl_ctx *ctx, char *buf, size_t len,
	       const char *fmt, ...) _printf_(4, 5) _must_check_;

/*
 * Write @val to an attribute. Returns 0, or the errno of the open() or the
 * write() negated: for sysfs, that is what the kernel's store refused with.
 */
int sysfs_write(struct daxctl_ctx *ctx, const char *val,
		const char *fmt, ...) _printf_(3, 4) _must_check_;

/* Numeric attributes; strict: no sign for unsigned, no trailing garbage. */
int sysfs_read_u64(struct daxctl_ctx *ctx, unsigned long long *val,
		   const char *fmt, ...) _printf_(3, 4) _must_check_;
/* Hexadecimal with or without "0x" (block_size_bytes, phys_index). */
int sysfs_read_hex(struct daxctl_ctx *ctx, unsigned long long *val,
		   const char *fmt, ...) _printf_(3, 4) _must_check_;
int sysfs_read_int(struct daxctl_ctx *ctx, int *val,
		   const char *fmt, ...) _printf_(3, 4) _must_check_;

/*
 * The same for the attribute @name of the directory @dir ("dax0.0/size"
 * below "/sys/.../hmem.0"), without formatting a path.
 */
int sysfs_attr_read(struct daxctl_ctx *ctx, char *buf, size_t len,
		    const char *dir, const char *name) _must_check_;
int sysfs_attr_u64(struct daxctl_ctx *ctx, unsigned long long *val,
		   const char *dir, const char *name) _must_check_;
/*
 * sysfs_attr_u64() for the next member of a numbered series
 * ("mapping1/start" after "mapping0/..."), whose earlier members were just
 * read through the same cached directory: -ENOENT there ends the series
 * without the check of the whole path from the root (one syscall less).
 */
int sysfs_attr_u64_next(struct daxctl_ctx *ctx, unsigned long long *val,
			const char *dir, const char *name) _must_check_;
int sysfs_attr_int(struct daxctl_ctx *ctx, int *val, const char *dir,
		   const char *name) _must_check_;
int sysfs_attr_write(struct daxctl_ctx *ctx, const char *val, const char *dir,
		     const char *name) _must_check_;
int sysfs_attr_readlink(struct daxctl_ctx *ctx, char *buf, size_t len,
			const char *dir, const char *name) _must_check_;
bool sysfs_attr_exists(struct daxctl_ctx *ctx, const char *dir,
		       const char *name);

/* The target of a symlink, NUL terminated; -EFBIG when it does not fit. */
int sysfs_readlink(struct daxctl_ctx *ctx, char *buf, size_t len,
		   const char *fmt, ...) _printf_(4, 5) _must_check_;

/* true when the path exists (following symlinks). */
bool sysfs_exists(struct daxctl_ctx *ctx, const char *fmt, ...) _printf_(2, 3);

/* A directory stream, or NULL with errno set. closedir() it. */
DIR *sysfs_opendir(struct daxctl_ctx *ctx, const char *fmt, ...)
	_printf_(2, 3);

/* A read-only stdio stream (for /proc/iomem), or NULL with errno set. */
FILE *sysfs_fopen(struct daxctl_ctx *ctx, const char *fmt, ...)
	_printf_(2, 3);

/* @dir + "/" + @name into @path of @len bytes: 0 or -ENAMETOOLONG. */
int sysfs_join(char *path, size_t len, const char *dir, const char *name);

/* Parsers behind the readers, for values that are not files. */
int parse_u64(const char *s, int base, unsigned long long *val);
int parse_int(const char *s, int *val);

/*
 * Resolve @target (a symlink's content) against the directory @dir, purely
 * lexically: "/sys/bus/dax/devices" + "../../../devices/x/dax0.0" gives
 * "/sys/devices/x/dax0.0". Returns 0 or -ENAMETOOLONG / -EINVAL.
 */
int path_resolve(const char *dir, const char *target, char *out, size_t len);

#endif /* _LIBDAXCTL_SYSFS_H_ */
