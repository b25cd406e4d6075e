/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * daxctl monitor: one kernel event about a dax device, a dax region or a
 * memory block of a system-ram device, and its JSON line. Kept apart from
 * the netlink loop (monitor.c) so that the formatting and the filters are
 * unit-tested without a kernel.
 */
#ifndef _DAXCTL_EVENT_H_
#define _DAXCTL_EVENT_H_

#include <stdbool.h>
#include <time.h>

struct json_object;

enum event_kind {
	EV_DEVICE,	/* daxX.Y: add, remove, bind, unbind, change... */
	EV_REGION,	/* the device providing a dax region: bind, unbind... */
	EV_BLOCK,	/* memoryN of a dax device: online, offline, add... */
};

struct event {
	enum event_kind kind;
	struct timespec ts;		/* when it was received (realtime) */
	unsigned long long seqnum;	/* the kernel's, 0 if unknown */
	const char *action;		/* the uevent's ACTION */
	const char *device;		/* daxX.Y (EV_DEVICE, EV_BLOCK) */
	int region;			/* region id, -1 unknown */
	const char *provider;		/* EV_REGION: e.g. "hmem.0" */
	const char *driver;		/* bind: the driver, else NULL */
	const char *block;		/* EV_BLOCK: "memoryN" */
	const char *zone;		/* EV_BLOCK: its zone when known */
};

/*
 * The JSON object of @ev, keys in this order: "timestamp" (ISO 8601 UTC
 * with microseconds), "seqnum" (when known), "event", then "device",
 * "region", "provider", "driver", "block", "zone" where they apply.
 * NULL when out of memory.
 */
struct json_object *event_json(const struct event *ev);

/* the timestamp text of @ts, e.g. "2026-11-30T23:41:52.123456Z" */
void event_timestamp(const struct timespec *ts, char *buf, size_t len);

/*
 * Whether @ev passes the filters: @dev a device name ("daxX.Y") or NULL,
 * @region an id or -1 for any.
 */
bool event_match(const struct event *ev, const char *dev, int region);

/*
 * The dax device name of a uevent's sysname: "dax0.0" for "dax0.0", NULL
 * for anything else; *region gets X.
 */
bool event_is_dax_device(const char *sysname, int *region);
/* the block number of "memoryN", or -1 */
long long event_block_number(const char *sysname);

#endif /* _DAXCTL_EVENT_H_ */
