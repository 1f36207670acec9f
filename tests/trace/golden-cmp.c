/* SPDX-License-Identifier: MIT */
/*
 * golden-cmp.c: compare two sevenway NDJSON outputs connection by
 * connection and field by field.
 *
 *   golden-cmp EXPECTED ACTUAL
 *
 * Connections are matched by id (output order follows the end of each
 * connection, so it is not compared).  Every difference is printed as
 * "conn 3 .steps[4].ack: expected 5001, saw 5002"; the summary line is
 * compared the same way as "summary .close.reset: ...".  Exit 0 when
 * equal, 1 when not, 2 on unreadable input.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

static int ndiff;

static void
show(const char *where, const json_t *v, char *buf, size_t len)
{
	char *s;

	(void)where;
	if (v == NULL) {
		snprintf(buf, len, "(absent)");
		return;
	}
	s = json_dumps(v, JSON_COMPACT | JSON_ENCODE_ANY | JSON_SORT_KEYS);
	snprintf(buf, len, "%s", s != NULL ? s : "?");
	if (strlen(buf) == len - 1 && len > 4)
		strcpy(buf + len - 4, "...");
	free(s);
}

static void
differ(const char *path, const json_t *want, const json_t *got)
{
	char a[200], b[200];

	show(path, want, a, sizeof(a));
	show(path, got, b, sizeof(b));
	if (ndiff++ < 50)
		printf("%s: expected %s, saw %s\n", path, a, b);
}

static void
cmp(const char *path, const json_t *want, const json_t *got)
{
	char sub[512];

	if (want == NULL || got == NULL || json_typeof(want) != json_typeof(got)) {
		/* integer vs real of equal value is the same number */
		if (want != NULL && got != NULL && json_is_number(want) &&
		    json_is_number(got) &&
		    json_number_value(want) == json_number_value(got))
			return;
		differ(path, want, got);
		return;
	}
	if (json_is_object(want)) {
		const char *k;
		json_t *v;

		json_object_foreach((json_t *)want, k, v) {
			snprintf(sub, sizeof(sub), "%s.%s", path, k);
			cmp(sub, v, json_object_get(got, k));
		}
		json_object_foreach((json_t *)got, k, v) {
			if (json_object_get(want, k) == NULL) {
				snprintf(sub, sizeof(sub), "%s.%s", path, k);
				differ(sub, NULL, v);
			}
		}
	} else if (json_is_array(want)) {
		size_t n = json_array_size(want), m = json_array_size(got);

		for (size_t i = 0; i < n || i < m; i++) {
			snprintf(sub, sizeof(sub), "%s[%zu]", path, i);
			cmp(sub, json_array_get(want, i), json_array_get(got, i));
		}
	} else if (!json_equal((json_t *)want, (json_t *)got)) {
		if (json_is_number(want) &&
		    json_number_value(want) == json_number_value(got))
			return;
		differ(path, want, got);
	}
}

/* Load an NDJSON file: connections by id into an object, plus summary. */
static int
load(const char *file, json_t **conns, json_t **summary)
{
	FILE *f = fopen(file, "r");
	char *line = NULL;
	size_t cap = 0;
	long n = 0;

	if (f == NULL) {
		fprintf(stderr, "golden-cmp: %s: cannot open\n", file);
		return -1;
	}
	*conns = json_object();
	*summary = NULL;
	while (getline(&line, &cap, f) > 0) {
		json_error_t e;
		json_t *o = json_loads(line, 0, &e);
		const char *type;
		char id[32];

		n++;
		if (o == NULL) {
			fprintf(stderr, "golden-cmp: %s:%ld: %s\n", file, n,
			    e.text);
			free(line);
			fclose(f);
			return -1;
		}
		type = json_string_value(json_object_get(o, "type"));
		if (type != NULL && strcmp(type, "summary") == 0) {
			json_decref(*summary);
			*summary = o;
			continue;
		}
		snprintf(id, sizeof(id), "%lld", (long long)json_integer_value(
		    json_object_get(o, "id")));
		json_object_set_new(*conns, id, o);
	}
	if (ferror(f))
		fprintf(stderr, "golden-cmp: %s: read error\n", file);
	free(line);
	fclose(f);
	return 0;
}

int
main(int argc, char **argv)
{
	json_t *wc, *ws, *gc, *gs, *v;
	const char *k;
	char path[64];

	if (argc != 3) {
		fprintf(stderr, "usage: golden-cmp EXPECTED ACTUAL\n");
		return 2;
	}
	if (load(argv[1], &wc, &ws) != 0 || load(argv[2], &gc, &gs) != 0)
		return 2;
	json_object_foreach(wc, k, v) {
		snprintf(path, sizeof(path), "conn %s ", k);
		cmp(path, v, json_object_get(gc, k));
	}
	json_object_foreach(gc, k, v) {
		if (json_object_get(wc, k) == NULL) {
			snprintf(path, sizeof(path), "conn %s", k);
			differ(path, NULL, v);
		}
	}
	cmp("summary ", ws, gs);
	json_decref(wc);
	json_decref(ws);
	json_decref(gc);
	json_decref(gs);
	if (ndiff > 50)
		printf("... %d differences in all\n", ndiff);
	return ndiff == 0 ? 0 : 1;
}
