// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * daxctl monitor without a kernel: the JSON line of each kind of event,
 * the timestamp format, the -d/-r filters and the uevent name parsing.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <string.h>
#include <cmocka.h>

#include <json-c/json.h>

#include "event.h"

/* 2026-11-30 23:41:52.123456789 UTC */
static const struct timespec TS = { .tv_sec = 1796082112,
	.tv_nsec = 123456789 };

static void expect_line(const struct event *ev, const char *want)
{
	struct json_object *obj = event_json(ev);

	assert_non_null(obj);
	assert_string_equal(json_object_to_json_string_ext(obj,
				JSON_C_TO_STRING_PLAIN), want);
	json_object_put(obj);
}

static void test_timestamp(void **state)
{
	char buf[64];
	struct timespec epoch = { 0, 999 };

	(void)state;
	event_timestamp(&TS, buf, sizeof(buf));
	assert_string_equal(buf, "2026-11-30T23:41:52.123456Z");
	event_timestamp(&epoch, buf, sizeof(buf));
	assert_string_equal(buf, "1970-01-01T00:00:00.000000Z");
}

static void test_device_events(void **state)
{
	struct event ev = { .kind = EV_DEVICE, .ts = TS, .seqnum = 4242,
		.action = "bind", .device = "dax0.0", .region = 0,
		.driver = "kmem" };

	(void)state;
	expect_line(&ev, "{\"timestamp\":\"2026-11-30T23:41:52.123456Z\","
		"\"seqnum\":4242,\"event\":\"bind\",\"device\":\"dax0.0\","
		"\"region\":0,\"driver\":\"kmem\"}");
	ev.action = "add";
	ev.driver = NULL;
	ev.seqnum = 0;
	ev.device = "dax12.3";
	ev.region = 12;
	expect_line(&ev, "{\"timestamp\":\"2026-11-30T23:41:52.123456Z\","
		"\"event\":\"add\",\"device\":\"dax12.3\",\"region\":12}");
}

static void test_block_events(void **state)
{
	struct event ev = { .kind = EV_BLOCK, .ts = TS, .seqnum = 7,
		.action = "online", .device = "dax0.0", .region = 0,
		.block = "memory72", .zone = "Movable" };

	(void)state;
	expect_line(&ev, "{\"timestamp\":\"2026-11-30T23:41:52.123456Z\","
		"\"seqnum\":7,\"event\":\"online\",\"device\":\"dax0.0\","
		"\"region\":0,\"block\":\"memory72\",\"zone\":\"Movable\"}");
	/* an offline block whose zone was never seen: no "zone" */
	ev.action = "offline";
	ev.zone = NULL;
	expect_line(&ev, "{\"timestamp\":\"2026-11-30T23:41:52.123456Z\","
		"\"seqnum\":7,\"event\":\"offline\",\"device\":\"dax0.0\","
		"\"region\":0,\"block\":\"memory72\"}");
}

static void test_region_events(void **state)
{
	struct event ev = { .kind = EV_REGION, .ts = TS, .seqnum = 9,
		.action = "unbind", .device = "ignored", .region = 3,
		.provider = "hmem.3" };

	(void)state;
	expect_line(&ev, "{\"timestamp\":\"2026-11-30T23:41:52.123456Z\","
		"\"seqnum\":9,\"event\":\"unbind\",\"region\":3,"
		"\"provider\":\"hmem.3\"}");
}

static void test_filters(void **state)
{
	struct event dev = { .kind = EV_DEVICE, .device = "dax1.2",
		.region = 1 };
	struct event blk = { .kind = EV_BLOCK, .device = "dax1.2",
		.region = 1, .block = "memory9" };
	struct event reg = { .kind = EV_REGION, .region = 1,
		.provider = "hmem.1" };

	(void)state;
	assert_true(event_match(&dev, NULL, -1));
	assert_true(event_match(&dev, "dax1.2", -1));
	assert_false(event_match(&dev, "dax1.20", -1));
	assert_false(event_match(&dev, "dax1.2", 0));
	assert_true(event_match(&dev, "dax1.2", 1));
	assert_true(event_match(&blk, "dax1.2", 1));
	assert_false(event_match(&blk, "dax0.0", -1));
	/* a region's own events pass -r, not -d */
	assert_true(event_match(&reg, NULL, 1));
	assert_false(event_match(&reg, NULL, 2));
	assert_false(event_match(&reg, "dax1.2", -1));
}

static void test_names(void **state)
{
	int region = -1;

	(void)state;
	assert_true(event_is_dax_device("dax0.0", &region));
	assert_int_equal(region, 0);
	assert_true(event_is_dax_device("dax17.123", &region));
	assert_int_equal(region, 17);
	assert_false(event_is_dax_device("dax0", &region));
	assert_false(event_is_dax_device("dax.0", &region));
	assert_false(event_is_dax_device("dax0.", &region));
	assert_false(event_is_dax_device("dax0.0x", &region));
	assert_false(event_is_dax_device("dax_region", &region));
	assert_false(event_is_dax_device("hmem.0", &region));
	assert_false(event_is_dax_device(NULL, &region));
	assert_int_equal(event_block_number("memory72"), 72);
	assert_int_equal(event_block_number("memory0"), 0);
	assert_int_equal(event_block_number("memory"), -1);
	assert_int_equal(event_block_number("memory7a"), -1);
	assert_int_equal(event_block_number("memory_tiers"), -1);
	assert_int_equal(event_block_number(NULL), -1);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_timestamp),
		cmocka_unit_test(test_device_events),
		cmocka_unit_test(test_block_events),
		cmocka_unit_test(test_region_events),
		cmocka_unit_test(test_filters),
		cmocka_unit_test(test_names),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
