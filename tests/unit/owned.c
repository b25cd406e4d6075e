// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * The write-ownership check of the unit tests (see owned.h).
 */
#define OWNED_NO_WRAP
#include <dirent.h>
#include <limits.h>
#include <pthread.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "helpers.h"
#include "fakekernel.h"
#include "owned.h"

#define WO_MAX_DEVS 64
#define WO_MAX_RANGES 16
#define WO_MAX_TARGETS 16
#define WO_PATH 512		/* a tree-relative path, as the log keeps it */

struct wo_dev {
	char name[NAME_MAX + 1];
	char dir[WO_PATH];	/* tree-relative */
	char region[WO_PATH];	/* tree-relative */
	int nr;
	unsigned long long start[WO_MAX_RANGES], end[WO_MAX_RANGES];
};

struct wo_snap {
	int n;
	struct wo_dev dev[WO_MAX_DEVS];
};

struct wo_call {
	const char *what;
	enum wo_kind kind;
	bool attached;		/* a fake kernel attached for this call */
	struct faketree tmp;	/* its tree */
	char root[PATH_MAX];	/* real path of the tree */
	char region[WO_PATH];	/* tree-relative region dir (create, destroy) */
	char seed[64];		/* its seed before the call (create) */
	char target[64];	/* the device acted on */
	int start;		/* log index before the call */
	int lost;
	int writes;		/* checked by wo_check() */
	struct wo_snap before;
};

static pthread_mutex_t wo_lock = PTHREAD_MUTEX_INITIALIZER;
/* the call holding wo_lock, and its thread: a test that failed (cmocka
 * longjmps) between wo_begin() and wo_free() leaves it behind */
static struct wo_call *wo_current;
static pthread_t wo_owner;
static bool wo_held;
static int wo_ncalls;
static int wo_nbad;
static int wo_nwrites;
static bool wo_expecting;	/* wo_expect_unowned() */
static int wo_last_bad;

int wo_calls(void)
{
	return wo_ncalls;
}

void wo_expect_unowned(bool on)
{
	wo_expecting = on;
	wo_last_bad = 0;
}

int wo_unowned(void)
{
	return wo_last_bad;
}

static char *slurp(const char *root, const char *rel, char *buf, size_t len)
{
	char path[PATH_MAX * 2];
	FILE *f;
	size_t n;

	snprintf(path, sizeof(path), "%s/%s", root, rel);
	f = fopen(path, "re");
	if (!f)
		return NULL;
	n = fread(buf, 1, len - 1, f);
	fclose(f);
	buf[n] = '\0';
	buf[strcspn(buf, "\n")] = '\0';
	return buf;
}

static bool num(const char *root, const char *rel, int base,
		unsigned long long *out)
{
	char buf[64], *end;

	if (!slurp(root, rel, buf, sizeof(buf)) || !buf[0])
		return false;
	*out = strtoull(buf, &end, base);
	return *end == '\0';
}

/* @real under @root: its tree-relative part, else NULL */
static const char *rel_of(const char *root, const char *real)
{
	size_t len = strlen(root);

	if (strncmp(real, root, len) != 0 || real[len] != '/')
		return NULL;
	return real + len + 1;
}

static void dev_ranges(const char *root, struct wo_dev *d)
{
	unsigned long long s, e, res, size;
	char rel[PATH_MAX + 64];
	int i;

	for (i = 0; i < WO_MAX_RANGES; i++) {
		snprintf(rel, sizeof(rel), "%s/mapping%d/start", d->dir, i);
		if (!num(root, rel, 0, &s))
			break;
		snprintf(rel, sizeof(rel), "%s/mapping%d/end", d->dir, i);
		if (!num(root, rel, 0, &e))
			break;
		if (e < s)
			continue;
		d->start[d->nr] = s;
		d->end[d->nr++] = e;
	}
	if (d->nr)
		return;
	snprintf(rel, sizeof(rel), "%s/resource", d->dir);
	if (!num(root, rel, 0, &res) || !res)
		return;
	snprintf(rel, sizeof(rel), "%s/size", d->dir);
	if (!num(root, rel, 0, &size) || !size)
		return;
	d->start[0] = res;
	d->end[0] = res + size - 1;
	d->nr = 1;
}

static struct wo_dev *find(struct wo_snap *snap, const char *name)
{
	int i;

	for (i = 0; i < snap->n; i++)
		if (strcmp(snap->dev[i].name, name) == 0)
			return &snap->dev[i];
	return NULL;
}

/* every dax device of the tree, bus and class models */
static void snapshot(const char *root, struct wo_snap *snap)
{
	static const char *const models[] = { "sys/bus/dax/devices",
		"sys/class/dax" };
	char path[PATH_MAX * 2], *real;
	const char *rel;
	struct dirent *de;
	struct wo_dev *d;
	unsigned int m;
	DIR *dir;

	snap->n = 0;
	for (m = 0; m < sizeof(models) / sizeof(models[0]); m++) {
		snprintf(path, sizeof(path), "%s/%s", root, models[m]);
		dir = opendir(path);
		if (!dir)
			continue;
		while ((de = readdir(dir)) && snap->n < WO_MAX_DEVS) {
			char *slash;

			if (strncmp(de->d_name, "dax", 3) != 0 ||
					find(snap, de->d_name))
				continue;
			snprintf(path, sizeof(path), "%s/%s/%s", root,
					models[m], de->d_name);
			real = realpath(path, NULL);
			rel = real ? rel_of(root, real) : NULL;
			if (!rel) {
				free(real);
				continue;
			}
			d = &snap->dev[snap->n++];
			memset(d, 0, sizeof(*d));
			snprintf(d->name, sizeof(d->name), "%s", de->d_name);
			snprintf(d->dir, sizeof(d->dir), "%s", rel);
			snprintf(d->region, sizeof(d->region), "%s", rel);
			free(real);
			slash = strrchr(d->region, '/');
			if (slash)
				*slash = '\0';
			/* class model: <parent>/dax/daxX.Y */
			slash = strrchr(d->region, '/');
			if (slash && strcmp(slash + 1, "dax") == 0)
				*slash = '\0';
			dev_ranges(root, d);
		}
		closedir(dir);
	}
}

/* The tree the call works on: the attached fake kernel's, else the one
 * the ctx reads, attached for the call. */
static bool call_root(struct wo_call *c)
{
	struct faketree *ft = fk_tree();
	const char *path;
	char *real;

	if (ft) {
		real = realpath(ft->root, NULL);
		snprintf(c->root, sizeof(c->root), "%s",
				real ? real : ft->root);
		free(real);
		return true;
	}
	/* the ctx read DAXCTL_ROOT when it was made (env_ctx()) */
	path = getenv("DAXCTL_ROOT");
	if (!path || !path[0] || strcmp(path, "/") == 0)
		return false;
	snprintf(c->root, sizeof(c->root), "%s", path);
	real = realpath(c->root, NULL);
	if (!real)
		return false;
	snprintf(c->root, sizeof(c->root), "%s", real);
	free(real);
	c->tmp.root = c->root;
	fk_attach(&c->tmp, false);
	c->attached = true;
	return true;
}

struct wo_call *wo_begin(const char *what, enum wo_kind kind,
		struct daxctl_region *region, struct daxctl_dev *dev)
{
	struct wo_call *c;
	char buf[PATH_MAX * 2];
	const char *rel;
	char *real;

	if (wo_held && pthread_equal(wo_owner, pthread_self())) {
		/* left behind by a failed test: end it, keep the lock */
		if (wo_current && wo_current->attached)
			fk_detach();
		free(wo_current);
	} else {
		pthread_mutex_lock(&wo_lock);
	}
	wo_owner = pthread_self();
	wo_held = true;
	wo_current = NULL;
	c = calloc(1, sizeof(*c));
	if (!c)
		return NULL;
	c->what = what;
	c->kind = kind;
	if (!region && dev)
		region = daxctl_dev_get_region(dev);
	if (!call_root(c)) {
		free(c);
		return NULL;
	}
	if (dev)
		snprintf(c->target, sizeof(c->target), "%s",
				daxctl_dev_get_devname(dev));
	snapshot(c->root, &c->before);
	if (kind != WO_DEV && region) {
		/* region paths are root-relative ("/sys/devices/...") */
		snprintf(buf, sizeof(buf), "%s%s", c->root,
				daxctl_region_get_path(region));
		real = realpath(buf, NULL);
		rel = real ? rel_of(c->root, real) : NULL;
		if (rel) {
			char attr[WO_PATH + 32];

			snprintf(c->region, sizeof(c->region), "%s", rel);
			snprintf(attr, sizeof(attr), "%s/dax_region/seed", rel);
			if (kind == WO_CREATE)
				slurp(c->root, attr, c->seed,
						sizeof(c->seed));
		}
		free(real);
	}
	c->start = fk_count();
	c->lost = fk_lost();
	wo_current = c;
	return c;
}

struct owners {
	const char *names[WO_MAX_TARGETS + WO_MAX_DEVS];
	int nnames;
	const char *dirs[2 * (WO_MAX_TARGETS + WO_MAX_DEVS)];
	int ndirs;
	const char *regions[2 * (WO_MAX_TARGETS + WO_MAX_DEVS) + 1];
	int nregions;
	unsigned long long bs;
	const struct wo_dev *ranged[2 * (WO_MAX_TARGETS + WO_MAX_DEVS)];
	int nranged;
};

static bool is_name(const struct owners *o, const char *val)
{
	int i;

	for (i = 0; i < o->nnames; i++)
		if (strcmp(o->names[i], val) == 0)
			return true;
	return false;
}

static void add_name(struct owners *o, const char *name,
		struct wo_snap *before, struct wo_snap *after)
{
	struct wo_snap *side[2] = { before, after };
	struct wo_dev *d;
	int i;

	if (!name[0] || is_name(o, name) ||
			o->nnames >= (int)(sizeof(o->names) / sizeof(o->names[0])))
		return;
	o->names[o->nnames++] = name;
	for (i = 0; i < 2; i++) {
		d = find(side[i], name);
		if (!d)
			continue;
		o->dirs[o->ndirs++] = d->dir;
		o->regions[o->nregions++] = d->region;
		o->ranged[o->nranged++] = d;
	}
}

/* memory block @n wholly inside one range of a target */
static bool block_owned(const struct owners *o, unsigned long long n)
{
	unsigned long long s = n * o->bs, e = s + o->bs - 1;
	int i, j;

	for (i = 0; i < o->nranged; i++)
		for (j = 0; j < o->ranged[i]->nr; j++)
			if (o->ranged[i]->start[j] <= s &&
					e <= o->ranged[i]->end[j])
				return true;
	return false;
}

static bool prefix(const char *s, const char *dir)
{
	size_t len = strlen(dir);

	return strncmp(s, dir, len) == 0 && s[len] == '/';
}

/* NULL when owned, else why not */
static const char *owner(const struct wo_call *c, const struct owners *o,
		const char *rel, const char *val, char *why, size_t len)
{
	const char *base = strrchr(rel, '/');
	unsigned long long n;
	char *end;
	int i;

	for (i = 0; i < o->ndirs; i++)
		if (prefix(rel, o->dirs[i]))
			return NULL;
	base = base ? base + 1 : rel;
	if (strncmp(rel, "sys/bus/dax/drivers/", 20) == 0 &&
			strchr(rel + 20, '/') == base - 1 &&
			(strcmp(base, "bind") == 0 ||
			 strcmp(base, "unbind") == 0 ||
			 strcmp(base, "new_id") == 0 ||
			 strcmp(base, "remove_id") == 0)) {
		if (is_name(o, val))
			return NULL;
		snprintf(why, len, "driver %s of %s, not a target", base, val);
		return why;
	}
	if ((strcmp(base, "create") == 0 || strcmp(base, "delete") == 0) &&
			base - rel > 12 &&
			strncmp(base - 12, "/dax_region/", 12) == 0) {
		int rlen = (int)(base - 12 - rel);
		bool mine = false;

		for (i = 0; i < o->nregions; i++)
			if ((int)strlen(o->regions[i]) == rlen &&
					!strncmp(o->regions[i], rel, rlen))
				mine = true;
		if (!mine) {
			snprintf(why, len, "region %.*s is not the target's",
					rlen, rel);
			return why;
		}
		if (base[0] == 'c' && c->kind != WO_CREATE) {
			snprintf(why, len, "create by %s", c->what);
			return why;
		}
		if (base[0] == 'd' && (c->kind != WO_DESTROY ||
					!is_name(o, val))) {
			snprintf(why, len, "delete of %s by %s", val, c->what);
			return why;
		}
		return NULL;
	}
	if (strncmp(rel, "sys/devices/system/memory/memory", 32) == 0) {
		n = strtoull(rel + 32, &end, 10);
		if (end != rel + 32 && *end == '/' && !strchr(end + 1, '/')) {
			if (o->bs && block_owned(o, n))
				return NULL;
			snprintf(why, len,
				"memory block %llu is not in the ranges of %s",
				n, o->nnames ? o->names[0] : "any target");
			return why;
		}
	}
	snprintf(why, len, "outside every target (%s)",
			o->nnames ? o->names[0] : "none");
	return why;
}

int wo_check(struct wo_call *c, char *msg, size_t len)
{
	struct wo_snap *after;
	struct owners *o;
	char why[PATH_MAX];
	const char *bad;
	size_t used = 0;
	int i, nbad = 0;

	if (msg && len)
		msg[0] = '\0';
	if (!c)
		return 0;
	if (fk_lost() != c->lost) {
		if (msg)
			snprintf(msg, len, "%s: the write log is full",
					c->what);
		return -1;
	}
	after = calloc(1, sizeof(*after));
	o = calloc(1, sizeof(*o));
	if (!after || !o) {
		free(after);
		free(o);
		if (msg)
			snprintf(msg, len, "%s: out of memory", c->what);
		return -1;
	}
	snapshot(c->root, after);
	if (!num(c->root, "sys/devices/system/memory/block_size_bytes", 16,
				&o->bs))
		o->bs = 0;
	add_name(o, c->target, &c->before, after);
	if (c->kind == WO_CREATE) {
		add_name(o, c->seed, &c->before, after);
		for (i = 0; i < after->n; i++)
			if (!find(&c->before, after->dev[i].name) &&
					strcmp(after->dev[i].region,
						c->region) == 0)
				add_name(o, after->dev[i].name, &c->before,
						after);
	}
	/* the region the call was given (the device may be gone already) */
	if (c->kind != WO_DEV && c->region[0])
		o->regions[o->nregions++] = c->region;
	for (i = c->start; i < fk_count(); i++) {
		const struct fk_write *w = fk_get(i);

		c->writes++;
		bad = owner(c, o, w->path, w->val, why, sizeof(why));
		if (!bad)
			continue;
		nbad++;
		if (msg && used < len)
			used += (size_t)snprintf(msg + used, len - used,
				"%s%s: write not owned: /%s %s: %s",
				used ? "\n" : "", c->what, w->path, w->val,
				bad);
	}
	free(after);
	free(o);
	return nbad;
}

void wo_free(struct wo_call *c)
{
	if (c && c->attached)
		fk_detach();
	free(c);
	wo_current = NULL;
	wo_held = false;
	pthread_mutex_unlock(&wo_lock);
}

void wo_end(struct wo_call *c, const char *file, int line)
{
	char msg[2048];
	int nbad;

	if (!c) {
		wo_free(c);
		return;
	}
	nbad = wo_check(c, msg, sizeof(msg));
	wo_ncalls++;
	wo_nwrites += c->writes;
	wo_free(c);
	if (wo_expecting) {
		wo_last_bad = nbad;
		return;
	}
	if (nbad)
		wo_nbad++;
	if (nbad)
		fail_msg("%s:%d: %s", file, line, msg);
}

__attribute__((destructor))
static void wo_report(void)
{
	if (wo_nbad)
		printf("# write ownership: %d calls, %d with unowned writes\n",
				wo_ncalls, wo_nbad);
	else
		printf("# write ownership: %d calls, every write owned (%d writes)\n",
				wo_ncalls, wo_nwrites);
	fflush(stdout);
}
