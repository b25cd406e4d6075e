// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * fuzz-parse: the daxctl tool's argument parsers (daxctl/util.c): sizes
 * ("2G", "0x1000"), device names ("dax0.1", "0.1", "/dev/dax0.1", "all")
 * and region names ("region3", "3", "all"), and the JSON size and hex
 * formatting of whatever parsed.
 */
#include <limits.h>
#include <stdlib.h>
#include <string.h>

#include <json-c/json.h>

#include "daxctl.h"
#include "json.h"
#include "fuzz.h"

static void check_json(unsigned long long val)
{
	unsigned int flags[] = { 0, JSON_HUMAN };
	size_t i;

	for (i = 0; i < 2; i++) {
		struct json_object *j = json_size(val, flags[i]);
		struct json_object *h = json_hex(val, flags[i]);

		if (!j || !h || !json_object_to_json_string(j) ||
				!json_object_to_json_string(h))
			abort();
		json_object_put(j);
		json_object_put(h);
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	unsigned long long val = 0;
	struct dev_ident di;
	char *s;
	int id;

	if (size > 256)
		return -1;
	s = fuzz_strndup(data, size);
	if (parse_size(s, &val) == 0) {
		/* a size never starts with a sign or a blank */
		if (s[0] == '-' || s[0] == '+' || s[0] == ' ')
			abort();
		check_json(val);
	}
	if (parse_dev_ident(s, &di) == 0) {
		if (!di.all && (di.region < 0 || di.id < 0))
			abort();
	}
	id = parse_region_ident(s);
	if (id < IDENT_BAD)
		abort();
	if (id >= 0 && !strchr("0123456789r", s[0]))
		abort();
	free(s);
	return 0;
}
