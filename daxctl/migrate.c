// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * daxctl migrate-device-model: install the modprobe policy that moves
 * device-dax from the legacy /sys/class/dax model to /sys/bus/dax.
 *
 * The policy is written as a regular file, atomically: a temporary file
 * in the same directory, fsync, then a rename that refuses to replace an
 * existing file. A file already in place is never modified: when it says
 * the same thing the command succeeds, otherwise it fails and names it.
 */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "daxctl.h"

#ifndef MODPROBEDIR
#define MODPROBEDIR "/etc/modprobe.d"
#endif

#define POLICY_NAME "daxctl.conf"
#define POLICY_LINE1 "blacklist dax_pmem_compat"
#define POLICY_LINE2 "alias nd:t7* dax_pmem"

static const char policy[] =
	"# Installed by 'daxctl migrate-device-model'.\n"
	"# Use the /sys/bus/dax device model: keep the legacy /sys/class/dax\n"
	"# driver (dax_pmem_compat) from loading and let dax_pmem claim\n"
	"# device-dax namespaces, so that drivers such as kmem can take them.\n"
	POLICY_LINE1 "\n"
	POLICY_LINE2 "\n";

static const struct cmd_desc migrate_cmd = {
	.name = "migrate-device-model",
	.synopsis = "migrate-device-model",
	.opts = NULL,
	.nr_opts = 0,
};

static const char *modprobe_dir(void)
{
	const char *dir = secure_getenv("DAXCTL_MODPROBEDIR");

	return dir && *dir ? dir : MODPROBEDIR;
}

/*
 * 1 when @path (followed if it is a symlink, as modprobe does) holds
 * exactly the policy lines, ignoring comments and blank lines; 0 when it
 * says something else; a negative errno when it cannot be read.
 */
static int same_policy(const char *path)
{
	char line[512];
	int n = 0, same = 1;
	FILE *f;

	f = fopen(path, "re");
	if (!f)
		return -errno;
	while (fgets(line, sizeof(line), f)) {
		size_t len = strlen(line);
		char *s = line;

		if (len == sizeof(line) - 1 && line[len - 1] != '\n') {
			same = 0;	/* a line longer than ours */
			break;
		}
		while (len && (line[len - 1] == '\n' || line[len - 1] == ' ' ||
					line[len - 1] == '\t'))
			line[--len] = '\0';
		while (*s == ' ' || *s == '\t')
			s++;
		if (*s == '\0' || *s == '#')
			continue;
		n++;
		if ((n == 1 && strcmp(s, POLICY_LINE1) != 0) ||
				(n == 2 && strcmp(s, POLICY_LINE2) != 0) ||
				n > 2) {
			same = 0;
			break;
		}
	}
	if (ferror(f))
		same = -EIO;
	fclose(f);
	if (same == 1 && n != 2)
		same = 0;
	return same;
}

static int write_all(int fd, const char *buf, size_t len)
{
	while (len) {
		ssize_t n = write(fd, buf, len);

		if (n < 0) {
			if (errno == EINTR)
				continue;
			return -errno;
		}
		buf += n;
		len -= (size_t)n;
	}
	return 0;
}

/* Move @tmp to @path unless @path exists (then -EEXIST). */
static int rename_noreplace(const char *tmp, const char *path)
{
#ifdef RENAME_NOREPLACE
	if (renameat2(AT_FDCWD, tmp, AT_FDCWD, path, RENAME_NOREPLACE) == 0)
		return 0;
	if (errno != EINVAL && errno != ENOSYS)
		return -errno;
#endif
	/* link() never replaces either */
	if (link(tmp, path) < 0)
		return -errno;
	unlink(tmp);
	return 0;
}

static int install(const char *dir, const char *path)
{
	char tmp[PATH_MAX];
	int fd, dfd, rc;

	if (snprintf(tmp, sizeof(tmp), "%s/.%s.XXXXXX", dir, POLICY_NAME) >=
			(int)sizeof(tmp))
		return -ENAMETOOLONG;
	fd = mkostemp(tmp, O_CLOEXEC);
	if (fd < 0)
		return -errno;
	rc = write_all(fd, policy, sizeof(policy) - 1);
	if (!rc && fchmod(fd, 0644) < 0)
		rc = -errno;
	if (!rc && fsync(fd) < 0)
		rc = -errno;
	if (close(fd) < 0 && !rc)
		rc = -errno;
	if (!rc)
		rc = rename_noreplace(tmp, path);
	if (rc) {
		unlink(tmp);
		return rc;
	}
	/* make the new directory entry durable too */
	dfd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (dfd >= 0) {
		fsync(dfd);
		close(dfd);
	}
	return 0;
}

int cmd_migrate(int argc, char **argv, struct daxctl_ctx *ctx)
{
	const char *dir = modprobe_dir();
	char path[PATH_MAX];
	struct stat st;
	int rc;

	if (cmd_getopt(&migrate_cmd, argc, argv) != -1)
		return EXIT_USAGE;
	if (optind < argc) {
		usage_error(&migrate_cmd, "unexpected extra argument '%s'",
				argv[optind]);
		return EXIT_USAGE;
	}
	if (snprintf(path, sizeof(path), "%s/%s", dir, POLICY_NAME) >=
			(int)sizeof(path)) {
		err("migrate-device-model: %s: %s", dir,
				strerror(ENAMETOOLONG));
		return exit_status(-ENAMETOOLONG);
	}
	if (stat(dir, &st) < 0 || !S_ISDIR(st.st_mode)) {
		rc = errno ? -errno : -ENOTDIR;
		err("migrate-device-model: modprobe directory %s: %s", dir,
				strerror(-rc));
		return exit_status(rc);
	}

	for (;;) {
		rc = same_policy(path);
		if (rc == 1) {
			err("migrate-device-model: %s is already installed; "
				"the dax bus device model is in effect after "
				"a reboot or a reload of the dax modules", path);
			return 0;
		}
		if (rc == 0) {
			err("migrate-device-model: %s exists with other "
				"content; not touching it (remove or merge it, "
				"then run again)", path);
			return exit_status(-EEXIST);
		}
		if (rc != -ENOENT) {
			err("migrate-device-model: %s: %s", path,
					strerror(-rc));
			return exit_status(rc);
		}
		if (lstat(path, &st) == 0) {	/* a dangling symlink */
			err("migrate-device-model: %s is a dangling symbolic "
				"link; not touching it", path);
			return exit_status(-EEXIST);
		}
		rc = install(dir, path);
		if (rc == -EEXIST)	/* appeared meanwhile: look again */
			continue;
		break;
	}
	if (rc < 0) {
		if ((rc == -EACCES || rc == -EPERM || rc == -EROFS) &&
				geteuid() != 0)
			err("migrate-device-model: cannot write %s: "
				"permission denied (%s); run as root", path,
				strerror(-rc));
		else
			err("migrate-device-model: cannot write %s: %s", path,
					strerror(-rc));
		return exit_status(rc);
	}
	printf("installed %s:\n  " POLICY_LINE1 "\n  " POLICY_LINE2 "\n",
			path);
	err("migrate-device-model: the dax bus device model takes effect "
		"after the next reboot, or once the dax modules are unloaded "
		"and reloaded (e.g. modprobe -r dax_pmem_compat, then "
		"'udevadm trigger')");
	return 0;
}
