/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* daxctl: JSON objects for regions, devices and mappings (json-c). */
#ifndef _DAXCTL_JSON_H_
#define _DAXCTL_JSON_H_

#include <json-c/json.h>

struct daxctl_region;
struct daxctl_dev;

enum json_flags {
	JSON_HUMAN = 1 << 0,	/* sizes as "1.00 GiB (1.07 GB)", hex as strings */
	JSON_MAPPINGS = 1 << 1,	/* device mappings */
};

struct json_object *json_size(unsigned long long size, unsigned int flags);
struct json_object *json_hex(unsigned long long val, unsigned int flags);
struct json_object *json_dev(struct daxctl_dev *dev, unsigned int flags);
struct json_object *json_region(struct daxctl_region *region,
		unsigned int flags);
/*
 * Print @array (and drop the reference): nothing when it is empty, the
 * only element bare with JSON_HUMAN, else the array.
 */
void json_print_list(struct json_object *array, unsigned int flags);

#endif /* _DAXCTL_JSON_H_ */
