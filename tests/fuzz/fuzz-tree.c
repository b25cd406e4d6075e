// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * fuzz-tree: a whole fake tree. The input is a small text archive, one
 * entry per line, decoded into a fresh root on a tmpfs:
 *
 *	path=content	a file ("\n", "\t" and "\\" escapes in content)
 *	path>target	a symlink (target taken literally)
 *	path/		a directory
 *
 * Paths are relative to the root and may not contain "..". Then a context
 * on that root enumerates everything: every region, device, mapping and
 * memory getter, the memory-block queries, and the JSON `daxctl list
 * -RDMi` and `-u` print for each object. gen-corpus.sh turns the
 * captured fixtures and the canned test trees into seeds.
 */
#include <errno.h>
#include <limits.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <json-c/json.h>
#include <daxctl/libdaxctl.h>

#include "json.h"
#include "fuzz.h"

#define MAX_ENTRIES 512

static char root[PATH_MAX];

static bool path_ok(const char *p)
{
	const char *c;

	if (!*p || *p == '/' || strlen(p) > 512)
		return false;
	for (c = p; *c; c = strchr(c, '/') ? strchr(c, '/') + 1 : "")
		if (strncmp(c, "..", 2) == 0 && (c[2] == '/' || !c[2]))
			return false;
	return true;
}

/* Decode "\n", "\t", "\\" in place; returns the new length. */
static size_t unescape(char *s)
{
	char *r = s, *w = s;

	while (*r) {
		if (*r == '\\' && r[1]) {
			r++;
			*w++ = *r == 'n' ? '\n' : *r == 't' ? '\t' : *r;
			r++;
		} else {
			*w++ = *r++;
		}
	}
	*w = '\0';
	return (size_t)(w - s);
}

static void build(char *text)
{
	char *line, *save = NULL, full[PATH_MAX + 1024];
	int n = 0;

	for (line = strtok_r(text, "\n", &save); line && n < MAX_ENTRIES;
	     line = strtok_r(NULL, "\n", &save), n++) {
		char *eq = strchr(line, '='), *gt = strchr(line, '>');
		char *sep = eq && (!gt || eq < gt) ? eq : gt;
		size_t len = strlen(line);

		if (!sep && len > 1 && line[len - 1] == '/') {
			line[len - 1] = '\0';
			if (path_ok(line)) {
				snprintf(full, sizeof(full), "%s/%s", root,
						line);
				fuzz_mkdir_p(full);
			}
			continue;
		}
		if (!sep)
			continue;
		*sep = '\0';
		if (!path_ok(line))
			continue;
		snprintf(full, sizeof(full), "%s/%s", root, line);
		if (sep == eq) {
			fuzz_write(full, sep + 1, unescape(sep + 1));
		} else {
			char *slash = strrchr(full, '/');

			*slash = '\0';
			fuzz_mkdir_p(full);
			*slash = '/';
			if (sep[1])
				(void)!symlink(sep + 1, full);
		}
	}
}

static void check_json(struct json_object *j)
{
	if (!j)
		return;
	if (!json_object_to_json_string_ext(j, JSON_C_TO_STRING_PRETTY))
		abort();
	json_object_put(j);
}

static void walk_memory(struct daxctl_dev *dev)
{
	struct daxctl_memory *mem = daxctl_dev_get_memory(dev);
	int total, online, movable;

	if (!mem)
		return;
	if (daxctl_memory_get_dev(mem) != dev)
		abort();
	(void)daxctl_memory_get_node_path(mem);
	(void)daxctl_memory_get_block_size(mem);
	total = daxctl_memory_num_sections(mem);
	online = daxctl_memory_is_online(mem);
	movable = daxctl_memory_is_movable(mem);
	/* a block count above the total is an inconsistency */
	if (total >= 0 && online > total)
		abort();
	if (movable > 1)
		abort();
}

static void walk_dev(struct daxctl_dev *dev)
{
	struct daxctl_mapping *m;
	unsigned int flags;
	const char *name;

	name = daxctl_dev_get_devname(dev);
	if (!name || strncmp(name, "dax", 3) != 0)
		abort();
	(void)daxctl_dev_get_id(dev);
	(void)daxctl_dev_get_major(dev);
	(void)daxctl_dev_get_minor(dev);
	(void)daxctl_dev_get_size(dev);
	(void)daxctl_dev_get_resource(dev);
	(void)daxctl_dev_get_align(dev);
	(void)daxctl_dev_get_target_node(dev);
	(void)daxctl_dev_is_enabled(dev);
	(void)daxctl_dev_will_auto_online_memory(dev);
	(void)daxctl_dev_has_online_memory(dev);
	(void)daxctl_dev_is_system_ram_capable(dev);
	(void)daxctl_dev_get_mode(dev);
	(void)daxctl_dev_is_devdax_mode(dev);
	(void)daxctl_dev_is_system_ram_mode(dev);
	(void)daxctl_dev_is_famfs_mode(dev);
	if (daxctl_dev_get_ctx(dev) != daxctl_region_get_ctx(
				daxctl_dev_get_region(dev)))
		abort();
	daxctl_mapping_foreach(dev, m) {
		(void)daxctl_mapping_get_start(m);
		(void)daxctl_mapping_get_end(m);
		(void)daxctl_mapping_get_offset(m);
		(void)daxctl_mapping_get_size(m);
	}
	walk_memory(dev);
	for (flags = 0; flags <= (JSON_HUMAN | JSON_MAPPINGS); flags++)
		check_json(json_dev(dev, flags));
}

static void walk(struct daxctl_ctx *ctx)
{
	struct daxctl_region *region;
	struct daxctl_dev *dev;

	daxctl_region_foreach(ctx, region) {
		unsigned char uu[16];

		(void)daxctl_region_get_id(region);
		daxctl_region_get_uuid(region, uu);
		(void)daxctl_region_get_size(region);
		(void)daxctl_region_get_available_size(region);
		(void)daxctl_region_get_align(region);
		(void)daxctl_region_get_devname(region);
		(void)daxctl_region_get_path(region);
		(void)daxctl_region_get_dev_seed(region);
		check_json(json_region(region, 0));
		check_json(json_region(region, JSON_HUMAN));
		daxctl_dev_foreach(region, dev)
			walk_dev(dev);
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct daxctl_ctx *ctx;
	char *text;

	if (size > 64 * 1024)
		return -1;
	if (!root[0])
		fuzz_path(root, sizeof(root), "tree");
	fuzz_mkdir_p(root);
	text = fuzz_strndup(data, size);
	build(text);
	free(text);
	ctx = fuzz_ctx(root);
	if (!ctx)
		abort();
	walk(ctx);
	/* a second walk on the same context reads the cached objects */
	walk(ctx);
	daxctl_unref(ctx);
	fuzz_clear(root);
	return 0;
}
