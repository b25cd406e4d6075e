// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * daxctl reconfigure-device --check-config: find the
 * [reconfigure-device <name>] section that applies to a device in the
 * *.conf files of the config directory. A small strict INI reader:
 *
 *	# or ; starts a comment line
 *	[section name]
 *	key = value		(value may be "quoted")
 *
 * Anything else is an error reported as <file>:<line>. Keys of a
 * reconfigure-device section: nvdimm.uuid (the uuid ndctl lists for the
 * device's namespace, see dev_nvdimm_uuid()), device (daxX.Y), mode (system-ram, devdax, famfs; default
 * system-ram), online and movable (booleans, default true).
 */
#include <ctype.h>
#include <dirent.h>
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <uuid/uuid.h>
#include <daxctl/libdaxctl.h>

#include "daxctl.h"

#define SECTION "reconfigure-device"
#define MAX_SECTIONS 256

struct section {
	char name[128];
	char file[PATH_MAX];
	int line;
	bool has_uuid, has_dev;
	uuid_t uuid;
	struct dev_ident dev;
	char mode[16];
	bool online, movable;
};

struct config {
	struct section *sec;
	int nr;
};

static char *trim(char *s)
{
	size_t len;

	while (isspace((unsigned char)*s))
		s++;
	len = strlen(s);
	while (len && isspace((unsigned char)s[len - 1]))
		s[--len] = '\0';
	return s;
}

static int parse_bool(const char *s, bool *b)
{
	static const char *const yes[] = { "true", "yes", "on", "1" };
	static const char *const no[] = { "false", "no", "off", "0" };
	size_t i;

	for (i = 0; i < sizeof(yes) / sizeof(yes[0]); i++) {
		if (strcasecmp(s, yes[i]) == 0) {
			*b = true;
			return 0;
		}
		if (strcasecmp(s, no[i]) == 0) {
			*b = false;
			return 0;
		}
	}
	return -EINVAL;
}

#define SYNTAX(fmt, ...) do { \
	err("%s:%d: " fmt, file, line, ##__VA_ARGS__); \
	rc = -EINVAL; \
	goto out; \
} while (0)

static int parse_file(const char *file, struct config *cfg)
{
	struct section *cur = NULL;
	bool in_other = false;
	char buf[1024];
	int line = 0, rc = 0, i;
	FILE *f;

	f = fopen(file, "re");
	if (!f) {
		rc = -errno;
		err("%s: %s", file, strerror(errno));
		return rc;
	}
	while (fgets(buf, sizeof(buf), f)) {
		char *s, *key, *val, *eq;
		size_t len = strlen(buf);

		line++;
		if (len == sizeof(buf) - 1 && buf[len - 1] != '\n' && !feof(f))
			SYNTAX("line too long");
		s = trim(buf);
		if (*s == '\0' || *s == '#' || *s == ';')
			continue;
		if (*s == '[') {
			char *end = strchr(s, ']'), *name;

			if (!end || *trim(end + 1) != '\0')
				SYNTAX("malformed section header");
			*end = '\0';
			name = trim(s + 1);
			cur = NULL;
			in_other = true;
			if (strcmp(name, SECTION) == 0)
				SYNTAX("[" SECTION "] needs a name");
			if (strncmp(name, SECTION, sizeof(SECTION) - 1) != 0 ||
				!isspace((unsigned char)name[sizeof(SECTION) - 1]))
				continue;	/* another daxctl section */
			name = trim(name + sizeof(SECTION) - 1);
			if (!*name)
				SYNTAX("[" SECTION "] needs a name");
			if (strlen(name) >= sizeof(cur->name))
				SYNTAX("section name too long");
			for (i = 0; i < cfg->nr; i++)
				if (strcmp(cfg->sec[i].name, name) == 0)
					SYNTAX("duplicate section [" SECTION
						" %s], first in %s:%d", name,
						cfg->sec[i].file,
						cfg->sec[i].line);
			if (cfg->nr >= MAX_SECTIONS)
				SYNTAX("too many sections");
			cur = &cfg->sec[cfg->nr++];
			memset(cur, 0, sizeof(*cur));
			snprintf(cur->name, sizeof(cur->name), "%s", name);
			snprintf(cur->file, sizeof(cur->file), "%s", file);
			cur->line = line;
			strcpy(cur->mode, "system-ram");
			cur->online = cur->movable = true;
			in_other = false;
			continue;
		}
		eq = strchr(s, '=');
		if (!eq)
			SYNTAX("expected 'key = value' or '[section]'");
		*eq = '\0';
		key = trim(s);
		val = trim(eq + 1);
		if (!*key)
			SYNTAX("missing key before '='");
		for (i = 0; key[i]; i++)
			if (!isalnum((unsigned char)key[i]) &&
					!strchr("._-", key[i]))
				SYNTAX("invalid key '%s'", key);
		len = strlen(val);
		if (len && val[0] == '"') {
			if (len < 2 || val[len - 1] != '"')
				SYNTAX("unterminated quoted value");
			val[len - 1] = '\0';
			val++;
		}
		if (!cur && !in_other)
			SYNTAX("'%s' outside of any section", key);
		if (!cur)
			continue;
		if (strcasecmp(key, "nvdimm.uuid") == 0) {
			if (uuid_parse(val, cur->uuid) < 0)
				SYNTAX("invalid uuid '%s'", val);
			cur->has_uuid = true;
		} else if (strcasecmp(key, "device") == 0) {
			if (parse_dev_ident(val, &cur->dev) < 0 ||
					cur->dev.all)
				SYNTAX("invalid device '%s'", val);
			cur->has_dev = true;
		} else if (strcasecmp(key, "mode") == 0) {
			if (strcmp(val, "system-ram") &&
					strcmp(val, "devdax") &&
					strcmp(val, "famfs"))
				SYNTAX("invalid mode '%s' (system-ram, devdax "
						"or famfs)", val);
			snprintf(cur->mode, sizeof(cur->mode), "%s", val);
		} else if (strcasecmp(key, "online") == 0) {
			if (parse_bool(val, &cur->online) < 0)
				SYNTAX("invalid boolean '%s' for online", val);
		} else if (strcasecmp(key, "movable") == 0) {
			if (parse_bool(val, &cur->movable) < 0)
				SYNTAX("invalid boolean '%s' for movable",
						val);
		} else {
			SYNTAX("unknown key '%s' in [" SECTION " %s]", key,
					cur->name);
		}
	}
	if (ferror(f)) {
		rc = -EIO;
		err("%s: read error", file);
	}
out:
	fclose(f);
	return rc;
}

static int conf_filter(const struct dirent *d)
{
	size_t len = strlen(d->d_name);

	return d->d_name[0] != '.' && len > 5 &&
		strcmp(d->d_name + len - 5, ".conf") == 0;
}

static int load(const char *dir, struct config *cfg)
{
	struct dirent **names;
	int i, n, rc = 0;

	n = scandir(dir, &names, conf_filter, alphasort);
	if (n < 0) {
		if (errno == ENOENT)
			return 0;	/* no configuration at all */
		rc = -errno;
		err("%s: %s", dir, strerror(errno));
		return rc;
	}
	for (i = 0; i < n; i++) {
		char file[PATH_MAX];

		if (!rc) {
			if (snprintf(file, sizeof(file), "%s/%s", dir,
					names[i]->d_name) >= (int)sizeof(file))
				rc = -ENAMETOOLONG;
			else
				rc = parse_file(file, cfg);
		}
		free(names[i]);
	}
	free(names);
	for (i = 0; !rc && i < cfg->nr; i++) {
		struct section *s = &cfg->sec[i];

		if (!s->has_uuid && !s->has_dev) {
			err("%s:%d: [" SECTION " %s] needs nvdimm.uuid or "
				"device to select a device", s->file, s->line,
				s->name);
			rc = -EINVAL;
		}
	}
	return rc;
}

/*
 * The nvdimm.uuid of a device: for a pmem namespace in devdax mode, the
 * uuid ndctl lists for it, which is the `uuid` attribute of the nd dax
 * device (the directory holding dax_region: the region's path). A region
 * that libndctl or libcxl made with daxctl_new_region() carries a uuid of
 * its own. 0, or -ENOENT when the device has none (hmem, CXL).
 */
static int dev_nvdimm_uuid(struct daxctl_dev *dev, uuid_t uu)
{
	struct daxctl_region *region = daxctl_dev_get_region(dev);
	const char *path = daxctl_region_get_path(region);
	char file[PATH_MAX], buf[64];
	FILE *f;

	if (path && snprintf(file, sizeof(file), "%s%s/uuid", sysfs_root(),
			path) < (int)sizeof(file) && (f = fopen(file, "re"))) {
		bool ok = fgets(buf, sizeof(buf), f) != NULL;

		fclose(f);
		buf[strcspn(buf, "\n")] = '\0';
		if (ok && uuid_parse(buf, uu) == 0 && !uuid_is_null(uu))
			return 0;
	}
	daxctl_region_get_uuid(region, uu);
	return uuid_is_null(uu) ? -ENOENT : 0;
}

int config_lookup(struct daxctl_ctx *ctx, struct daxctl_dev *dev,
		struct reconfig_params *p)
{
	struct config cfg = { 0 };
	const char *dir = daxctl_get_config_path(ctx);
	bool has_uuid;
	uuid_t uu;
	int i, rc;

	if (!dir)
		return 0;
	cfg.sec = calloc(MAX_SECTIONS, sizeof(*cfg.sec));
	if (!cfg.sec)
		return -ENOMEM;
	rc = load(dir, &cfg);
	if (rc < 0)
		goto out;
	has_uuid = dev_nvdimm_uuid(dev, uu) == 0;
	for (i = 0; i < cfg.nr; i++) {
		struct section *s = &cfg.sec[i];

		/* every selector the section gives must match */
		if ((!s->has_dev || dev_match(dev, &s->dev)) &&
				(!s->has_uuid || (has_uuid &&
				 uuid_compare(uu, s->uuid) == 0))) {
			snprintf(p->mode, sizeof(p->mode), "%s", s->mode);
			p->online = s->online;
			p->movable = s->movable;
			rc = 1;
			break;
		}
	}
out:
	free(cfg.sec);
	return rc;
}
