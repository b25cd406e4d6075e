// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * daxctl monitor: print one JSON object per line for each kernel event
 * about dax devices (add, remove, bind/unbind with the driver), the
 * devices providing dax regions, and the memory blocks of dax devices in
 * system-ram mode (add, remove, online/offline with the zone).
 *
 * The events are the kernel's uevents, read through libudev's netlink
 * monitor of the "kernel" group: no udevd is needed, and udev rules that
 * online memory behind daxctl's back show up as they act.
 *
 * Which dax device a memory block belongs to is known from the devices'
 * ranges, read through the library into a small table that is rebuilt
 * after each dax event and when a block matches no device (kmem adds a
 * device's blocks before its bind event).
 */
#include <errno.h>
#include <limits.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <json-c/json.h>
#include <libudev.h>
#include <daxctl/libdaxctl.h>

#include "daxctl.h"
#include "event.h"
#include "explain.h"

#define REBUILD_MIN_MS 100	/* between table rebuilds on unknown blocks */

struct span {
	char dev[32];
	int region;
	unsigned long long first, last;	/* block numbers, inclusive */
};

struct provider {
	char name[64];
	int region;
};

struct zone_memo {
	long long block;
	char zone[24];
};

struct monitor {
	struct span *spans;
	int nr_spans;
	struct provider *provs;
	int nr_provs;
	struct zone_memo *zones;
	int nr_zones;
	struct timespec rebuilt;
	/* filters */
	const char *dev;
	int region;
	long count;
};

static double ms_since(const struct timespec *t)
{
	struct timespec now;

	clock_gettime(CLOCK_MONOTONIC, &now);
	return (double)(now.tv_sec - t->tv_sec) * 1e3 +
		(double)(now.tv_nsec - t->tv_nsec) / 1e6;
}

/* the device and provider tables, from a fresh library context */
static void rebuild(struct monitor *m)
{
	struct daxctl_ctx *ctx;
	struct daxctl_region *region;
	struct daxctl_dev *dev;
	unsigned long long bs = 0;

	clock_gettime(CLOCK_MONOTONIC, &m->rebuilt);
	m->nr_spans = m->nr_provs = 0;
	if (daxctl_new(&ctx) < 0)
		return;
	if (memory_block_size(&bs) < 0)
		bs = 0;
	daxctl_region_foreach(ctx, region) {
		const char *path = daxctl_region_get_path(region);
		const char *base = path ? strrchr(path, '/') : NULL;
		struct provider *p;

		p = realloc(m->provs, (m->nr_provs + 1) * sizeof(*p));
		if (!p)
			break;
		m->provs = p;
		p += m->nr_provs++;
		snprintf(p->name, sizeof(p->name), "%s", base ? base + 1 :
				"");
		p->region = daxctl_region_get_id(region);
		if (!bs)
			continue;
		daxctl_dev_foreach(region, dev) {
			struct range r[MAX_RANGES];
			int i, n = dev_ranges(dev, r, MAX_RANGES);

			for (i = 0; i < n; i++) {
				struct span *s = realloc(m->spans,
					(m->nr_spans + 1) * sizeof(*s));

				if (!s)
					break;
				m->spans = s;
				s += m->nr_spans++;
				snprintf(s->dev, sizeof(s->dev), "%s",
					daxctl_dev_get_devname(dev));
				s->region = daxctl_region_get_id(region);
				s->first = r[i].start / bs;
				s->last = r[i].end / bs;
			}
		}
	}
	daxctl_unref(ctx);
}

static const struct span *block_owner(struct monitor *m, long long block)
{
	int i, pass;

	for (pass = 0; pass < 2; pass++) {
		for (i = 0; i < m->nr_spans; i++)
			if ((unsigned long long)block >= m->spans[i].first &&
				(unsigned long long)block <= m->spans[i].last)
				return &m->spans[i];
		if (pass || ms_since(&m->rebuilt) < REBUILD_MIN_MS)
			break;
		rebuild(m);
	}
	return NULL;
}

static const struct provider *find_provider(struct monitor *m,
		const char *name)
{
	int i;

	for (i = 0; i < m->nr_provs; i++)
		if (strcmp(m->provs[i].name, name) == 0)
			return &m->provs[i];
	return NULL;
}

/* the zone of a block: read when online, remembered for its offline */
static const char *block_zone(struct monitor *m, struct udev_device *ud,
		long long block, bool online)
{
	const char *z = online ? udev_device_get_sysattr_value(ud,
			"valid_zones") : NULL;
	struct zone_memo *memo;
	int i;

	for (i = 0; i < m->nr_zones; i++)
		if (m->zones[i].block == block)
			break;
	if (!online)
		return i < m->nr_zones ? m->zones[i].zone : NULL;
	if (!z)
		return NULL;
	if (i == m->nr_zones) {
		memo = realloc(m->zones, (m->nr_zones + 1) * sizeof(*memo));
		if (!memo)
			return z;
		m->zones = memo;
		m->nr_zones++;
		m->zones[i].block = block;
	}
	snprintf(m->zones[i].zone, sizeof(m->zones[i].zone), "%s", z);
	return z;
}

/* 1: printed, 0: not ours or filtered out */
static int handle(struct monitor *m, struct udev_device *ud)
{
	const char *sysname = udev_device_get_sysname(ud);
	const char *subsys = udev_device_get_subsystem(ud);
	const char *action = udev_device_get_action(ud);
	struct event ev = { .region = -1, .action = action };
	struct json_object *obj;
	const struct provider *prov;
	const struct span *span;
	long long block;

	if (!sysname || !subsys || !action)
		return 0;
	clock_gettime(CLOCK_REALTIME, &ev.ts);
	ev.seqnum = udev_device_get_seqnum(ud);
	if (strcmp(action, "bind") == 0)
		ev.driver = udev_device_get_driver(ud);

	if (strcmp(subsys, "dax") == 0 &&
			event_is_dax_device(sysname, &ev.region)) {
		ev.kind = EV_DEVICE;
		ev.device = sysname;
		rebuild(m);
	} else if (strcmp(subsys, "memory") == 0 &&
			(block = event_block_number(sysname)) >= 0) {
		span = block_owner(m, block);
		if (!span)
			return 0;
		ev.kind = EV_BLOCK;
		ev.device = span->dev;
		ev.region = span->region;
		ev.block = sysname;
		ev.zone = block_zone(m, ud, block,
				strcmp(action, "online") == 0);
	} else {
		/* a region's provider: known from the last table, or a new
		 * one whose bind just made a dax region */
		prov = find_provider(m, sysname);
		if (!prov && (strcmp(action, "bind") == 0 ||
					strcmp(action, "add") == 0)) {
			rebuild(m);
			prov = find_provider(m, sysname);
		}
		if (!prov)
			return 0;
		ev.kind = EV_REGION;
		ev.provider = sysname;
		ev.region = prov->region;
		if (strcmp(action, "unbind") == 0 ||
				strcmp(action, "remove") == 0)
			rebuild(m);
	}
	if (!event_match(&ev, m->dev, m->region))
		return 0;
	obj = event_json(&ev);
	if (!obj)
		return -ENOMEM;
	printf("%s\n", json_object_to_json_string_ext(obj,
				JSON_C_TO_STRING_PLAIN));
	fflush(stdout);
	json_object_put(obj);
	return 1;
}

static volatile sig_atomic_t stop;

static void on_signal(int sig)
{
	(void)sig;
	stop = 1;
}

enum { OPT_COUNT = 256, OPT_TIMEOUT };

static const struct cmd_opt monitor_opts[] = {
	{ 'd', "dev", required_argument, "<device>",
		"only events of this device and its memory blocks" },
	{ 'r', "region", required_argument, "<region-id>",
		"only events of this region, its devices and their blocks" },
	{ OPT_COUNT, "count", required_argument, "<n>",
		"exit after <n> events" },
	{ OPT_TIMEOUT, "timeout", required_argument, "<seconds>",
		"exit after <seconds> (status 1 if --count was not reached)" },
};

static const struct cmd_desc monitor_cmd = {
	.name = "monitor",
	.synopsis = "monitor [<options>]",
	.opts = monitor_opts,
	.nr_opts = sizeof(monitor_opts) / sizeof(monitor_opts[0]),
};

static int parse_count(const char *s, long *out)
{
	char *end;
	long v;

	errno = 0;
	v = strtol(s, &end, 10);
	if (errno || end == s || *end || v <= 0 || v > INT_MAX)
		return -EINVAL;
	*out = v;
	return 0;
}

int cmd_monitor(int argc, char **argv, struct daxctl_ctx *ctx)
{
	struct monitor m = { .region = -1 };
	struct dev_ident di;
	struct udev *udev = NULL;
	struct udev_monitor *mon = NULL;
	struct sigaction sa = { .sa_handler = on_signal };
	const char *region_arg = NULL;
	static char devbuf[32];
	long timeout = 0, printed = 0;
	struct timespec t0;
	int c, rc = 0;

	(void)ctx;
	while ((c = cmd_getopt(&monitor_cmd, argc, argv)) != -1) {
		switch (c) {
		case 'd':
			if (parse_dev_ident(optarg, &di) < 0) {
				usage_error(&monitor_cmd, "invalid device '%s'",
						optarg);
				return EXIT_USAGE;
			}
			if (!di.all) {
				snprintf(devbuf, sizeof(devbuf), "dax%d.%d",
						di.region, di.id);
				m.dev = devbuf;
			}
			break;
		case 'r':
			region_arg = optarg;
			break;
		case OPT_COUNT:
			if (parse_count(optarg, &m.count) < 0) {
				usage_error(&monitor_cmd, "invalid count '%s' "
					"(a positive number)", optarg);
				return EXIT_USAGE;
			}
			break;
		case OPT_TIMEOUT:
			if (parse_count(optarg, &timeout) < 0) {
				usage_error(&monitor_cmd, "invalid timeout "
					"'%s' (seconds, > 0)", optarg);
				return EXIT_USAGE;
			}
			break;
		default:
			return EXIT_USAGE;
		}
	}
	if (optind < argc) {
		usage_error(&monitor_cmd, "unexpected argument '%s'",
				argv[optind]);
		return EXIT_USAGE;
	}
	if (region_arg) {
		m.region = parse_region_ident(region_arg);
		if (m.region == IDENT_BAD) {
			usage_error(&monitor_cmd, "invalid region '%s'",
					region_arg);
			return EXIT_USAGE;
		}
	}

	udev = udev_new();
	if (udev)
		mon = udev_monitor_new_from_netlink(udev, "kernel");
	if (!mon) {
		rc = errno ? -errno : -ENOMEM;
		err("daxctl monitor: cannot listen to kernel uevents (%s)",
				strerror(-rc));
		goto out;
	}
	/* thousands of block events come at once: a big buffer if allowed */
	udev_monitor_set_receive_buffer_size(mon, 16 * 1024 * 1024);
	rc = udev_monitor_enable_receiving(mon);
	if (rc < 0) {
		err("daxctl monitor: cannot listen to kernel uevents (%s)",
				strerror(-rc));
		goto out;
	}
	sigaction(SIGINT, &sa, NULL);
	sigaction(SIGTERM, &sa, NULL);
	rebuild(&m);
	err("daxctl monitor: listening for dax and memory block events");
	clock_gettime(CLOCK_MONOTONIC, &t0);

	while (!stop && (!m.count || printed < m.count)) {
		struct pollfd pfd = {
			.fd = udev_monitor_get_fd(mon), .events = POLLIN,
		};
		int wait = -1;
		struct udev_device *ud;

		if (timeout) {
			double left = (double)timeout * 1e3 - ms_since(&t0);

			if (left <= 0)
				break;
			wait = (int)left + 1;
		}
		c = poll(&pfd, 1, wait);
		if (c < 0 && errno == EINTR)
			continue;
		if (c < 0) {
			rc = -errno;
			err("daxctl monitor: poll: %s", strerror(errno));
			break;
		}
		if (c == 0)
			continue;
		ud = udev_monitor_receive_device(mon);
		if (!ud)
			continue;
		c = handle(&m, ud);
		udev_device_unref(ud);
		if (c < 0) {
			rc = c;
			break;
		}
		printed += c;
	}
	if (!rc && m.count && printed < m.count) {
		err("daxctl monitor: %ld of %ld events before %s", printed,
				m.count, stop ? "the signal" : "the timeout");
		rc = -ETIMEDOUT;
	}
out:
	udev_monitor_unref(mon);
	udev_unref(udev);
	free(m.spans);
	free(m.provs);
	free(m.zones);
	return rc < 0 ? 1 : 0;
}
