// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * fuzz-input: `daxctl create-device --input FILE` (daxctl/input.c). The
 * input is the file: JSON that should be one device object as printed by
 * `daxctl list -M`.
 */
#include <limits.h>
#include <stdlib.h>

#include <json-c/json.h>

#include "daxctl.h"
#include "fuzz.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static char file[PATH_MAX];
	struct dev_input in;
	int i;

	if (size > 64 * 1024)
		return -1;
	if (!file[0])
		fuzz_path(file, sizeof(file), "input.json");
	if (fuzz_write(file, data, size) < 0)
		abort();
	if (dev_input_read(file, &in) < 0)
		return 0;
	/* what create-device relies on */
	if (in.nr_maps < 0 || in.nr_maps > DEV_INPUT_MAX_MAPPINGS)
		abort();
	if (in.has_maps) {
		unsigned long long total = 0;

		for (i = 0; i < in.nr_maps; i++) {
			if (in.map_end[i] < in.map_start[i])
				abort();
			total += in.map_end[i] - in.map_start[i] + 1;
			/* README row D22: accepted mappings never add up past 2^64 */
			if (total < in.map_end[i] - in.map_start[i] + 1)
				abort();
		}
		if (total != in.size)
			abort();
	}
	if (in.has_region && in.region_id < 0)
		abort();
	return 0;
}
