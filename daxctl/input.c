// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * daxctl create-device --input: read a device object as printed by
 * `daxctl list -M` (chardev, align, size, mappings). Every number must be
 * a non-negative JSON integer or a size string ("2M", "0x1000"), and the
 * mappings must add up to a size that fits in 64 bits.
 */
#include <errno.h>
#include <limits.h>
#include <string.h>

#include <json-c/json.h>

#include "daxctl.h"

/* 1 and @val set when @key is there, 0 when absent, -EINVAL when bad. */
static int json_u64(struct json_object *obj, const char *key,
		unsigned long long *val)
{
	struct json_object *j;
	int64_t i;

	if (!json_object_is_type(obj, json_type_object))
		return -EINVAL;
	if (!json_object_object_get_ex(obj, key, &j))
		return 0;
	if (json_object_is_type(j, json_type_int)) {
		/* json-c saturates at INT64_MAX; above it is a uint64 */
		if (json_object_get_int64(j) == INT64_MAX) {
			*val = json_object_get_uint64(j);
			return 1;
		}
		i = json_object_get_int64(j);
		if (i < 0)
			return -EINVAL;
		*val = (unsigned long long)i;
		return 1;
	}
	if (!json_object_is_type(j, json_type_string))
		return -EINVAL;
	return parse_size(json_object_get_string(j), val) < 0 ? -EINVAL : 1;
}

int dev_input_from_json(struct json_object *jin, const char *name,
		struct dev_input *in)
{
	struct json_object *jmaps, *j;
	unsigned long long total = 0, val;
	size_t i, n;
	int rc;

	memset(in, 0, sizeof(*in));
	if (!json_object_is_type(jin, json_type_object)) {
		err("daxctl create-device: %s: expected one device object, "
				"not an array", name);
		return -EINVAL;
	}
	if (json_object_object_get_ex(jin, "chardev", &j)) {
		struct dev_ident di;

		if (!json_object_is_type(j, json_type_string) ||
				parse_dev_ident(json_object_get_string(j),
					&di) < 0 || di.all) {
			err("daxctl create-device: %s: bad chardev", name);
			return -EINVAL;
		}
		in->has_region = true;
		in->region_id = di.region;
	}
	rc = json_u64(jin, "align", &val);
	if (rc < 0) {
		err("daxctl create-device: %s: bad align", name);
		return rc;
	}
	if (rc > 0) {
		in->has_align = true;
		in->align = val;
	}
	if (json_object_object_get_ex(jin, "mappings", &jmaps)) {
		if (!json_object_is_type(jmaps, json_type_array))
			goto bad;
		n = json_object_array_length(jmaps);
		if (n > DEV_INPUT_MAX_MAPPINGS) {
			err("daxctl create-device: %s: too many mappings",
					name);
			return -EINVAL;
		}
		for (i = 0; i < n; i++) {
			unsigned long long *s = &in->map_start[i];
			unsigned long long *e = &in->map_end[i];

			j = json_object_array_get_idx(jmaps, i);
			if (json_u64(j, "start", s) != 1 ||
					json_u64(j, "end", e) != 1 || *e < *s)
				goto bad;
			/* the size of [s, e] and the sum must fit in 64 bits */
			if (*e - *s == ULLONG_MAX ||
					total > ULLONG_MAX - (*e - *s + 1))
				goto bad;
			total += *e - *s + 1;
		}
		in->has_maps = true;
		in->nr_maps = (int)n;
		in->size = total;
		return 0;
	}
	rc = json_u64(jin, "size", &val);
	if (rc < 0) {
		err("daxctl create-device: %s: bad size", name);
		return rc;
	}
	if (rc > 0) {
		in->has_size = true;
		in->size = val;
	}
	return 0;
bad:
	err("daxctl create-device: %s: malformed \"mappings\" (each needs "
			"\"start\" <= \"end\", a total below 16 EiB)", name);
	return -EINVAL;
}

int dev_input_read(const char *file, struct dev_input *in)
{
	struct json_object *jin;
	int rc;

	jin = json_object_from_file(file);
	if (!jin) {
		err("daxctl create-device: %s: cannot read a JSON object (%s)",
				file, json_util_get_last_err());
		return -EINVAL;
	}
	rc = dev_input_from_json(jin, file, in);
	json_object_put(jin);
	return rc;
}
