/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * Shared by the libFuzzer harnesses (fuzz-*.c) and their replay driver
 * (replay.c). Each harness defines LLVMFuzzerTestOneInput(); the fake
 * roots they need live in one scratch directory on a tmpfs (/dev/shm when
 * it is there, else $TMPDIR or /tmp), removed at exit.
 */
#ifndef _FUZZ_H_
#define _FUZZ_H_

#include <stddef.h>
#include <stdint.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* The scratch directory of this process, created on first use. */
const char *fuzz_scratch(void);
/* "<scratch>/<name>" in a static buffer of its own per call site. */
void fuzz_path(char *buf, size_t len, const char *name);
/* mkdir -p (0755). Returns 0 or -errno. */
int fuzz_mkdir_p(const char *path);
/* Write @len bytes to @path (created, truncated; parents made). */
int fuzz_write(const char *path, const void *data, size_t len);
/* rm -rf @path's contents, keeping @path itself. */
void fuzz_clear(const char *path);
/* A NUL-terminated malloc'd copy of the input. */
char *fuzz_strndup(const uint8_t *data, size_t size);
/* A library context on DAXCTL_ROOT=@root with logging off. */
struct daxctl_ctx *fuzz_ctx(const char *root);

#endif /* _FUZZ_H_ */
