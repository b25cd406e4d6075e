// SPDX-License-Identifier: LGPL-2.1-or-later
/* daxctl monitor: events as JSON lines and their filters (see event.h). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <json-c/json.h>

#include "event.h"

void event_timestamp(const struct timespec *ts, char *buf, size_t len)
{
	struct tm tm;
	char date[32];

	if (!gmtime_r(&ts->tv_sec, &tm) ||
			!strftime(date, sizeof(date), "%Y-%m-%dT%H:%M:%S", &tm)) {
		snprintf(buf, len, "?");
		return;
	}
	snprintf(buf, len, "%s.%06ldZ", date, ts->tv_nsec / 1000);
}

static void add_str(struct json_object *obj, const char *key, const char *val)
{
	if (val && *val)
		json_object_object_add(obj, key, json_object_new_string(val));
}

struct json_object *event_json(const struct event *ev)
{
	struct json_object *obj = json_object_new_object();
	char ts[64];

	if (!obj)
		return NULL;
	event_timestamp(&ev->ts, ts, sizeof(ts));
	add_str(obj, "timestamp", ts);
	if (ev->seqnum)
		json_object_object_add(obj, "seqnum",
			json_object_new_int64((int64_t)ev->seqnum));
	add_str(obj, "event", ev->action);
	if (ev->kind != EV_REGION)
		add_str(obj, "device", ev->device);
	if (ev->region >= 0)
		json_object_object_add(obj, "region",
				json_object_new_int(ev->region));
	if (ev->kind == EV_REGION)
		add_str(obj, "provider", ev->provider);
	add_str(obj, "driver", ev->driver);
	if (ev->kind == EV_BLOCK) {
		add_str(obj, "block", ev->block);
		add_str(obj, "zone", ev->zone);
	}
	return obj;
}

bool event_match(const struct event *ev, const char *dev, int region)
{
	if (region >= 0 && ev->region != region)
		return false;
	if (dev && (ev->kind == EV_REGION || !ev->device ||
				strcmp(ev->device, dev) != 0))
		return false;
	return true;
}

static bool all_digits(const char *s)
{
	if (!*s)
		return false;
	for (; *s; s++)
		if (*s < '0' || *s > '9')
			return false;
	return true;
}

bool event_is_dax_device(const char *sysname, int *region)
{
	const char *dot;
	char num[16];
	size_t len;

	if (!sysname || strncmp(sysname, "dax", 3) != 0)
		return false;
	dot = strchr(sysname + 3, '.');
	if (!dot || !all_digits(dot + 1))
		return false;
	len = (size_t)(dot - sysname - 3);
	if (len == 0 || len >= sizeof(num))
		return false;
	memcpy(num, sysname + 3, len);
	num[len] = '\0';
	if (!all_digits(num) || strlen(dot + 1) > 9 || len > 9)
		return false;
	*region = atoi(num);
	return true;
}

long long event_block_number(const char *sysname)
{
	if (!sysname || strncmp(sysname, "memory", 6) != 0 ||
			!all_digits(sysname + 6) || strlen(sysname + 6) > 15)
		return -1;
	return atoll(sysname + 6);
}
