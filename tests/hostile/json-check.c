/* SPDX-License-Identifier: MIT */
/*
 * json-check.c: whether a file is valid JSON, with jansson.
 *
 *   json-check FILE      the file is exactly one JSON document
 *   json-check -l FILE   every line is one JSON object (NDJSON)
 *
 * Exits 0 when it is, 1 with the first error (file:line:column: why)
 * when it is not, 2 on a usage or read error.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

static int
check_lines(const char *path)
{
	FILE *f = fopen(path, "r");
	char *line = NULL;
	size_t cap = 0;
	long n = 0;
	int rc = 0;

	if (f == NULL) {
		perror(path);
		return 2;
	}
	while (rc == 0 && getline(&line, &cap, f) >= 0) {
		json_error_t e;
		json_t *o;

		n++;
		o = json_loads(line, 0, &e);
		if (o == NULL || !json_is_object(o)) {
			fprintf(stderr, "%s:%ld:%d: %s\n", path, n, e.column,
			    o == NULL ? e.text : "not an object");
			rc = 1;
		}
		json_decref(o);
	}
	free(line);
	fclose(f);
	return rc;
}

int
main(int argc, char **argv)
{
	json_error_t e;
	json_t *o;

	if (argc == 3 && strcmp(argv[1], "-l") == 0)
		return check_lines(argv[2]);
	if (argc != 2) {
		fprintf(stderr, "usage: json-check [-l] FILE\n");
		return 2;
	}
	if ((o = json_load_file(argv[1], 0, &e)) == NULL) {
		fprintf(stderr, "%s:%d:%d: %s\n", argv[1], e.line, e.column,
		    e.text);
		return 1;
	}
	json_decref(o);
	return 0;
}
