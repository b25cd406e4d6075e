// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * jsontool: JSON helper for the guest scripts (there is no python or jq in
 * the guest).
 *
 *   jsontool sort < doc      the document with every array sorted, so that
 *                            listings in different orders compare equal;
 *                            object keys keep their order.  Empty input
 *                            prints nothing.
 *   jsontool get PATH < doc  one value: PATH is dot-separated keys and array
 *                            indexes ("0.devices.1.mode", "." = the root);
 *                            strings print unquoted.  Exit 1 if absent.
 *
 * Exit status 2 on input that is not one JSON document.
 */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <json-c/json.h>

static char *slurp(FILE *f, size_t *len)
{
	size_t cap = 65536, n = 0, r;
	char *buf = malloc(cap + 1);

	if (!buf)
		return NULL;
	while ((r = fread(buf + n, 1, cap - n, f)) > 0) {
		n += r;
		if (n == cap) {
			char *nb = realloc(buf, cap * 2 + 1);

			if (!nb) {
				free(buf);
				return NULL;
			}
			buf = nb;
			cap *= 2;
		}
	}
	buf[n] = '\0';
	*len = n;
	return buf;
}

static const char *plain(struct json_object *o)
{
	return json_object_to_json_string_ext(o, JSON_C_TO_STRING_PLAIN);
}

static int cmp_plain(const void *a, const void *b)
{
	struct json_object *const *x = a, *const *y = b;
	char *sx = strdup(plain(*x));
	int rc;

	/* the serialisation buffer belongs to each object: copy one side */
	rc = strcmp(sx ? sx : "", plain(*y));
	free(sx);
	return rc;
}

static void canon(struct json_object *o)
{
	size_t i, n;

	switch (json_object_get_type(o)) {
	case json_type_array:
		n = json_object_array_length(o);
		for (i = 0; i < n; i++)
			canon(json_object_array_get_idx(o, i));
		json_object_array_sort(o, cmp_plain);
		break;
	case json_type_object: {
		json_object_object_foreach(o, key, val) {
			(void)key;
			canon(val);
		}
		break;
	}
	default:
		break;
	}
}

static struct json_object *lookup(struct json_object *o, char *path)
{
	char *save = NULL, *tok;

	if (strcmp(path, ".") == 0)
		return o;
	for (tok = strtok_r(path, ".", &save); tok && o;
	     tok = strtok_r(NULL, ".", &save)) {
		if (json_object_is_type(o, json_type_array) &&
		    isdigit((unsigned char)tok[0]))
			o = json_object_array_get_idx(o, strtoul(tok, NULL, 10));
		else if (json_object_is_type(o, json_type_object)) {
			if (!json_object_object_get_ex(o, tok, &o))
				o = NULL;
		} else
			o = NULL;
	}
	return o;
}

int main(int argc, char **argv)
{
	struct json_tokener *tok;
	struct json_object *doc, *v;
	size_t len, i;
	char *buf;

	if (argc < 2 || (strcmp(argv[1], "sort") && strcmp(argv[1], "get")) ||
	    (!strcmp(argv[1], "get") && argc != 3)) {
		fprintf(stderr, "usage: jsontool sort | jsontool get PATH  (document on stdin)\n");
		return 2;
	}
	buf = slurp(stdin, &len);
	if (!buf)
		return 2;
	for (i = 0; i < len && isspace((unsigned char)buf[i]); i++)
		;
	if (i == len) {
		free(buf);
		return strcmp(argv[1], "sort") ? 1 : 0;
	}
	tok = json_tokener_new();
	doc = json_tokener_parse_ex(tok, buf, (int)len);
	if (!doc || json_tokener_get_error(tok) != json_tokener_success) {
		fprintf(stderr, "jsontool: not JSON: %s\n",
			json_tokener_error_desc(json_tokener_get_error(tok)));
		return 2;
	}
	for (i = json_tokener_get_parse_end(tok); i < len; i++)
		if (!isspace((unsigned char)buf[i])) {
			fprintf(stderr, "jsontool: trailing data after the document\n");
			return 2;
		}
	if (!strcmp(argv[1], "sort")) {
		canon(doc);
		printf("%s\n", json_object_to_json_string_ext(doc,
				JSON_C_TO_STRING_PRETTY | JSON_C_TO_STRING_SPACED));
		return 0;
	}
	v = lookup(doc, argv[2]);
	if (!v)
		return 1;
	if (json_object_is_type(v, json_type_string))
		printf("%s\n", json_object_get_string(v));
	else
		printf("%s\n", plain(v));
	return 0;
}
