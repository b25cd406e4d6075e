/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * daxctl: shared declarations of the command-line tool. The tool talks to
 * the kernel only through the public libdaxctl API.
 */
#ifndef _DAXCTL_H_
#define _DAXCTL_H_

#include <stdbool.h>
#include <getopt.h>

struct daxctl_ctx;
struct daxctl_region;
struct daxctl_dev;

/* Exit status of a usage error, as in the distribution's daxctl. */
#define EXIT_USAGE 129

/* ---- commands (one file per group) ---- */
int cmd_list(int argc, char **argv, struct daxctl_ctx *ctx);
int cmd_migrate(int argc, char **argv, struct daxctl_ctx *ctx);
int cmd_reconfig(int argc, char **argv, struct daxctl_ctx *ctx);
int cmd_online(int argc, char **argv, struct daxctl_ctx *ctx);
int cmd_offline(int argc, char **argv, struct daxctl_ctx *ctx);
int cmd_create(int argc, char **argv, struct daxctl_ctx *ctx);
int cmd_destroy(int argc, char **argv, struct daxctl_ctx *ctx);
int cmd_enable(int argc, char **argv, struct daxctl_ctx *ctx);
int cmd_disable(int argc, char **argv, struct daxctl_ctx *ctx);

/* ---- options: one table drives getopt_long and the usage text ---- */
struct cmd_opt {
	int val;		/* short letter, or a value >= 256 */
	const char *name;	/* long name */
	int has_arg;		/* no_argument / required_argument */
	const char *argname;	/* "<size>" etc, NULL without argument */
	const char *help;
};

struct cmd_desc {
	const char *name;
	const char *synopsis;	/* after "daxctl " */
	const struct cmd_opt *opts;
	int nr_opts;
};

/*
 * Parse the next option of @argv for @cmd. Returns the option value, -1
 * at the end, or '?' after printing an error and the usage (the caller
 * then exits with EXIT_USAGE). --help prints the usage to stdout and
 * exits 0.
 */
int cmd_getopt(const struct cmd_desc *cmd, int argc, char **argv);
void cmd_usage(const struct cmd_desc *cmd, bool to_stdout);
int usage_error(const struct cmd_desc *cmd, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

/* ---- util.c ---- */
int parse_size(const char *str, unsigned long long *size);
/* "all", "N", "regionN"; returns -1 for all, the id, or -2 when invalid */
#define IDENT_ALL (-1)
#define IDENT_BAD (-2)
int parse_region_ident(const char *ident);
/* "all", "daxX.Y", "X.Y", "/dev/daxX.Y"; 0, or -EINVAL */
struct dev_ident {
	bool all;
	int region;
	int id;
};
int parse_dev_ident(const char *ident, struct dev_ident *di);
bool region_match(struct daxctl_region *region, int region_id);
bool dev_match(struct daxctl_dev *dev, const struct dev_ident *di);
int exit_status(int rc);
const char *plural(unsigned long n);
void err(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
/* the DAXCTL_ROOT prefix the library resolves sysfs paths under, or "" */
const char *sysfs_root(void);

/* ---- config.c (reconfigure-device -C) ---- */
struct reconfig_params {
	char mode[16];		/* "system-ram", "devdax", "famfs" */
	bool online;
	bool movable;
};
/*
 * Look for a [reconfigure-device <name>] section matching @dev in the
 * *.conf files of the ctx's config directory. Returns 1 and fills @p when
 * found, 0 when none matches, a negative errno on a malformed file (after
 * printing the file and line).
 */
int config_lookup(struct daxctl_ctx *ctx, struct daxctl_dev *dev,
		struct reconfig_params *p);

#endif /* _DAXCTL_H_ */
