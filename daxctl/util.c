// SPDX-License-Identifier: LGPL-2.1-or-later
/* daxctl: argument parsing helpers shared by the commands. */
#include <ctype.h>
#include <errno.h>
#include <limits.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <daxctl/libdaxctl.h>

#include "daxctl.h"

/*
 * A size: a decimal (or 0x hex) number with an optional k, m, g or t
 * suffix (either case) for KiB, MiB, GiB, TiB. Nothing else may follow.
 */
int parse_size(const char *str, unsigned long long *size)
{
	unsigned long long val;
	unsigned int shift = 0;
	char *end;

	if (!str || !*str || isspace((unsigned char)*str) || *str == '-' ||
			*str == '+')
		return -EINVAL;
	errno = 0;
	val = strtoull(str, &end, 0);
	if (errno || end == str)
		return -EINVAL;
	switch (*end) {
	case '\0':
		break;
	case 'k': case 'K':
		shift = 10;
		break;
	case 'm': case 'M':
		shift = 20;
		break;
	case 'g': case 'G':
		shift = 30;
		break;
	case 't': case 'T':
		shift = 40;
		break;
	default:
		return -EINVAL;
	}
	if (shift) {
		if (end[1] != '\0')
			return -EINVAL;
		if (val > (ULLONG_MAX >> shift))
			return -ERANGE;
		val <<= shift;
	}
	*size = val;
	return 0;
}

/* A non-negative decimal int that fills the whole of [s, s + len). */
static int parse_uint(const char *s, size_t len)
{
	long val = 0;
	size_t i;

	if (len == 0 || len > 9)
		return -1;
	for (i = 0; i < len; i++) {
		if (!isdigit((unsigned char)s[i]))
			return -1;
		val = val * 10 + (s[i] - '0');
	}
	return (int)val;
}

int parse_region_ident(const char *ident)
{
	int id;

	if (!ident || strcmp(ident, "all") == 0)
		return IDENT_ALL;
	if (strncmp(ident, "region", 6) == 0)
		ident += 6;
	id = parse_uint(ident, strlen(ident));
	return id < 0 ? IDENT_BAD : id;
}

int parse_dev_ident(const char *ident, struct dev_ident *di)
{
	const char *dot;

	memset(di, 0, sizeof(*di));
	if (!ident)
		return -EINVAL;
	if (strcmp(ident, "all") == 0) {
		di->all = true;
		return 0;
	}
	if (strncmp(ident, "/dev/", 5) == 0)
		ident += 5;
	if (strncmp(ident, "dax", 3) == 0)
		ident += 3;
	dot = strchr(ident, '.');
	if (!dot)
		return -EINVAL;
	di->region = parse_uint(ident, (size_t)(dot - ident));
	di->id = parse_uint(dot + 1, strlen(dot + 1));
	if (di->region < 0 || di->id < 0)
		return -EINVAL;
	return 0;
}

bool region_match(struct daxctl_region *region, int region_id)
{
	return region_id == IDENT_ALL ||
		daxctl_region_get_id(region) == region_id;
}

bool dev_match(struct daxctl_dev *dev, const struct dev_ident *di)
{
	if (di->all)
		return true;
	return daxctl_region_get_id(daxctl_dev_get_region(dev)) ==
		di->region && daxctl_dev_get_id(dev) == di->id;
}

/*
 * Like the distribution's daxctl, a failure exits with the low byte of
 * the negative errno (EBUSY: 240, EACCES: 243...), never 0.
 */
int exit_status(int rc)
{
	int status;

	if (rc >= 0)
		return 0;
	status = (256 + (rc % 256)) % 256;
	return status ? status : 1;
}

const char *plural(unsigned long n)
{
	return n == 1 ? "" : "s";
}

void err(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
}

const char *sysfs_root(void)
{
	static char root[PATH_MAX];
	static bool done;
	const char *env;
	size_t len;

	if (done)
		return root;
	done = true;
	env = secure_getenv("DAXCTL_ROOT");
	if (!env || !*env)
		return root;
	len = strlen(env);
	while (len > 1 && env[len - 1] == '/')
		len--;
	if (len == 1 || len >= sizeof(root))
		return root;
	memcpy(root, env, len);
	root[len] = '\0';
	return root;
}
