/* SPDX-License-Identifier: MIT */
/*
 * reduce.c: the NDJSON records of --shard runs read back as the one run
 * over every shard (sevenway(1), SCALE).
 *
 * A shard numbers frames over the whole capture set, and a connection's
 * id in the run over everything is its rank by first frame (connections
 * are created at their first frame).  So the reduce reads the files
 * twice: the first pass merges the summaries and notes, for each
 * connection, its first frame and where its line is (32 bytes); the
 * notes are sorted by first frame; the second pass reads the lines in
 * that order and hands each connection over with its rank as its id.
 * Each shard wrote its lines roughly in first-frame order, so the
 * second pass mostly reads on without seeking.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "sevenway/record.h"
#include "record_int.h"

/* Where one connection's record is. */
struct note {
	uint64_t first_frame;
	uint64_t off;		/* byte offset of its line */
	uint64_t line;		/* its line number, for messages */
	uint32_t file;
};

struct notes {
	struct note *v;
	size_t n, cap;
};

bool
sw_record_shard(const char *path, unsigned *index, unsigned *count)
{
	json_t *o, *sh;
	json_int_t i, n;
	bool ok;

	if (strcmp(path, "-") == 0 ||
	    (o = sw_record_tail_summary(path)) == NULL)
		return false;
	sh = json_object_get(o, "shard");
	i = json_integer_value(json_object_get(sh, "index"));
	n = json_integer_value(json_object_get(sh, "count"));
	ok = json_is_object(sh) && n > 0 && i >= 0 && i < n &&
	    n <= UINT32_MAX;
	if (ok) {
		*index = (unsigned)i;
		*count = (unsigned)n;
	}
	json_decref(o);
	return ok;
}

static bool
note_add(struct notes *ns, const struct note *x)
{
	if (ns->n == ns->cap) {
		size_t cap = ns->cap ? ns->cap * 2 : 4096;
		struct note *v = realloc(ns->v, cap * sizeof(*v));

		if (v == NULL)
			return false;
		ns->v = v;
		ns->cap = cap;
	}
	ns->v[ns->n++] = *x;
	return true;
}

static int
by_first_frame(const void *x, const void *y)
{
	const struct note *a = x, *b = y;

	if (a->first_frame != b->first_frame)
		return a->first_frame < b->first_frame ? -1 : 1;
	if (a->file != b->file)
		return a->file < b->file ? -1 : 1;
	return a->off < b->off ? -1 : a->off > b->off;
}

/*
 * The first frame of a connection line as sevenway writes it, found
 * without parsing the line: in valid JSON the key cannot occur inside a
 * string (its quotes would be escaped).  False when the line is not in
 * that form; the caller parses it then.
 */
static bool
quick_first_frame(const char *line, uint64_t *v)
{
	static const char type[] = "{\"type\":\"connection\"";
	const char *p;
	char *end;

	if (strncmp(line, type, sizeof(type) - 1) != 0 ||
	    (p = strstr(line, "\"first_frame\":")) == NULL)
		return false;
	p += strlen("\"first_frame\":");
	if (*p < '0' || *p > '9')
		return false;
	errno = 0;
	*v = strtoull(p, &end, 10);
	return errno == 0 && (*end == ',' || *end == '}');
}

/* Pass 1 over one line: a note for a connection, a summary merged. */
static enum sw_status
first_pass_line(struct sw_record_reader *r, struct notes *ns,
    struct note *x, const char *line, size_t len, int *shard_seen,
    unsigned *count, struct sw_err *err)
{
	json_error_t je;
	json_t *o, *type, *sh;
	enum sw_status st = SW_OK;

	if (quick_first_frame(line, &x->first_frame))
		return note_add(ns, x) ? SW_OK :
		    sw_err_set(err, SW_ERR_NOMEM, "out of memory");
	if ((o = json_loadb(line, len, 0, &je)) == NULL)
		return sw_err_set(err, SW_ERR_INPUT, "not a sevenway record: "
		    "%s", je.text);
	type = json_object_get(o, "type");
	if (!json_is_string(type)) {
		st = sw_err_set(err, SW_ERR_INPUT, "not a sevenway NDJSON "
		    "record (shard records are reduced from -F ndjson)");
	} else if (strcmp(json_string_value(type), "connection") == 0) {
		json_t *ff = json_object_get(o, "first_frame");

		if (!json_is_integer(ff) || json_integer_value(ff) < 0)
			st = sw_err_set(err, SW_ERR_INPUT, "missing or bad "
			    "number \"first_frame\"");
		else {
			x->first_frame = (uint64_t)json_integer_value(ff);
			if (!note_add(ns, x))
				st = sw_err_set(err, SW_ERR_NOMEM,
				    "out of memory");
		}
	} else if (strcmp(json_string_value(type), "summary") == 0) {
		sw_record_summary(r, o);
		sh = json_object_get(o, "shard");
		if (json_is_object(sh)) {
			json_int_t i = json_integer_value(json_object_get(sh,
			    "index"));

			if (*count == 0)
				*count = (unsigned)json_integer_value(
				    json_object_get(sh, "count"));
			if ((json_int_t)*count != json_integer_value(
			    json_object_get(sh, "count")) || i < 0 ||
			    i >= (json_int_t)*count)
				st = sw_err_set(err, SW_ERR_INPUT, "shard %d/%d "
				    "does not belong with shards of %u",
				    (int)i, (int)json_integer_value(
				    json_object_get(sh, "count")), *count);
			else
				*shard_seen = (int)i;
		}
	} else {
		st = sw_err_set(err, SW_ERR_INPUT, "unknown record type '%s'",
		    json_string_value(type));
	}
	json_decref(o);
	return st;
}

/* Pass 1 over file f (number i): notes, summaries, its shard number. */
static enum sw_status
first_pass(struct sw_record_reader *r, struct notes *ns, FILE *f,
    uint32_t i, const char *name, int *shard_seen, unsigned *count,
    volatile sig_atomic_t *stop, struct sw_err *err)
{
	char *line = NULL;
	size_t cap = 0;
	ssize_t len;
	struct note x = { 0, 0, 0, i };
	enum sw_status st = SW_OK;
	off_t off = 0;

	while (st == SW_OK && !*stop &&
	    (len = getline(&line, &cap, f)) >= 0) {
		struct sw_err e;

		x.line++;
		x.off = (uint64_t)off;
		off += len;
		if (strspn(line, " \t\r\n") == (size_t)len)
			continue;
		if (first_pass_line(r, ns, &x, line, (size_t)len, shard_seen,
		    count, &e) != SW_OK)
			st = sw_err_set(err, e.code, "%s: line %llu: %s", name,
			    (unsigned long long)x.line, e.msg);
	}
	if (st == SW_OK && ferror(f))
		st = sw_err_set(err, SW_ERR_IO, "%s: %s", name,
		    strerror(errno));
	free(line);
	return st;
}

/* Pass 2: every noted connection, in order, to the sink. */
static enum sw_status
second_pass(struct sw_record_reader *r, const struct notes *ns, FILE **f,
    const char *const *files, volatile sig_atomic_t *stop,
    struct sw_err *err)
{
	char *line = NULL;
	size_t cap = 0;
	enum sw_status st = SW_OK;

	r->renumber = true;
	for (size_t k = 0; k < ns->n && st == SW_OK && !*stop; k++) {
		const struct note *x = &ns->v[k];
		const char *name = files[x->file];
		json_error_t je;
		struct sw_err e;
		ssize_t len;
		json_t *o;

		if ((uint64_t)ftello(f[x->file]) != x->off &&
		    fseeko(f[x->file], (off_t)x->off, SEEK_SET) != 0)
			st = sw_err_set(err, SW_ERR_IO, "%s: %s", name,
			    strerror(errno));
		else if ((len = getline(&line, &cap, f[x->file])) < 0)
			st = sw_err_set(err, SW_ERR_IO, "%s: changed while "
			    "read", name);
		else if ((o = json_loadb(line, (size_t)len, 0, &je)) == NULL)
			st = sw_err_set(err, SW_ERR_INPUT, "%s: line %llu: not "
			    "a sevenway record: %s", name,
			    (unsigned long long)x->line, je.text);
		else {
			if (sw_record_connection(r, o, name, &e) != SW_OK)
				st = sw_err_set(err, e.code, "%s: line %llu: %s",
				    name, (unsigned long long)x->line, e.msg);
			json_decref(o);
		}
	}
	r->renumber = false;
	free(line);
	return st;
}

enum sw_status
sw_record_reduce(struct sw_record_reader *r, const char *const *files,
    int n, unsigned *missing, volatile sig_atomic_t *stop,
    struct sw_err *err)
{
	struct notes ns = { NULL, 0, 0 };
	FILE **f = calloc((size_t)n + 1, sizeof(*f));
	unsigned count = 0, *seen_by = NULL;
	enum sw_status st = SW_OK;

	*missing = 0;
	if (f == NULL)
		return sw_err_set(err, SW_ERR_NOMEM, "out of memory");
	for (int i = 0; i < n && st == SW_OK; i++) {
		int shard = -1;

		if ((f[i] = fopen(files[i], "r")) == NULL) {
			st = sw_err_set(err, SW_ERR_INPUT, "%s: %s", files[i],
			    strerror(errno));
			break;
		}
		st = first_pass(r, &ns, f[i], (uint32_t)i, files[i], &shard,
		    &count, stop, err);
		if (st != SW_OK || *stop)
			break;
		if (shard < 0) {
			st = sw_err_set(err, SW_ERR_INPUT, "%s: no shard summary: "
			    "not the records of a --shard run, or of one that "
			    "did not finish", files[i]);
			break;
		}
		if (seen_by == NULL &&
		    (seen_by = calloc(count, sizeof(*seen_by))) == NULL) {
			st = sw_err_set(err, SW_ERR_NOMEM, "out of memory");
			break;
		}
		if (seen_by[shard] != 0) {
			st = sw_err_set(err, SW_ERR_INPUT, "%s: shard %d/%u "
			    "given twice (also %s)", files[i], shard, count,
			    files[seen_by[shard] - 1]);
			break;
		}
		seen_by[shard] = (unsigned)i + 1;
	}
	for (unsigned s = 0; st == SW_OK && !*stop && s < count; s++)
		if (seen_by[s] == 0)
			(*missing)++;
	if (st == SW_OK && !*stop) {
		if (ns.n > 0)
			qsort(ns.v, ns.n, sizeof(*ns.v), by_first_frame);
		st = second_pass(r, &ns, f, files, stop, err);
	}
	for (int i = 0; i < n; i++)
		if (f[i] != NULL)
			fclose(f[i]);
	free(f);
	free(seen_by);
	free(ns.v);
	return st;
}
