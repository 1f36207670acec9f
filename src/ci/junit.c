/* SPDX-License-Identifier: MIT */
/*
 * junit.c: --junit FILE: one <testsuite> per input file, one
 * <testcase> per connection, one per --assert in a final suite.
 *
 * The suite of a connection is the input it started in, but connections
 * end in any order, and every suite's totals must be written before its
 * testcases.  So testcases are spooled to one temporary file as records
 * and only per-suite totals stay in memory.  A record is an int64 "next"
 * offset followed by the testcase's XML and a NUL.  The next record of
 * the same suite is the one physically after it unless "next" says
 * otherwise; "next" is patched (one seek) only when another suite's
 * record came in between, so a single-input run never seeks.  At the
 * end each suite's chain is copied out.  FILE is written as every output
 * file is (outfile.h): a FIFO or a character device in place, else a
 * temporary file beside it, renamed to FILE when complete, so a reader
 * never sees half a report.
 *
 * Everything written is XML-escaped and forced to valid UTF-8 (a file
 * name may hold any bytes), so the output always parses.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/types.h>

#include "sevenway/ci.h"
#include "outfile.h"

#define NO_NEXT ((int64_t)-1)

struct suite {
	char *name;		/* the input's name; owned */
	uint64_t tests, failures;
	int64_t first, last;	/* spool offsets of its records; -1 none */
	char *error;		/* why the input was not analysed; owned */
};

struct sw_junit {
	char *path;		/* FILE */
	struct sw_out o;	/* FILE's output, until finished */
	FILE *out;		/* o.f; NULL once finished */
	FILE *spool;		/* tmpfile() of testcase records */
	int64_t end;		/* bytes written to the spool */
	size_t phys_last;	/* suite of the physically last record */
	struct suite *suite;
	size_t nsuite, cap;
	size_t ninputs;		/* inputs registered so far */
	char *run_name;		/* a failed check of the whole run; owned */
	char *run_msg;
};

/* Name the file the user gave, not the temporary file beside it. */
static enum sw_status
io_err(struct sw_err *err, const char *what)
{
	const char *why = errno == ENOENT ? "no such directory" :
	    errno == EACCES ? "permission denied" : strerror(errno);

	return sw_err_set(err, SW_ERR_IO, "%s: cannot write JUnit report: %s",
	    what, why);
}

/* ---- escaping ------------------------------------------------------- */

/* Length of the valid UTF-8 sequence at s, or 0 if invalid. */
static size_t
utf8_len(const unsigned char *s)
{
	unsigned char c = s[0], lo = 0x80, hi = 0xBF;
	size_t n;

	if (c < 0x80)
		return 1;
	if (c >= 0xC2 && c <= 0xDF)
		n = 2;
	else if (c >= 0xE0 && c <= 0xEF)
		n = 3;
	else if (c >= 0xF0 && c <= 0xF4)
		n = 4;
	else
		return 0;
	/* Reject overlong forms, surrogates and code points > U+10FFFF. */
	if (c == 0xE0)
		lo = 0xA0;
	else if (c == 0xED)
		hi = 0x9F;
	else if (c == 0xF0)
		lo = 0x90;
	else if (c == 0xF4)
		hi = 0x8F;
	if (s[1] < lo || s[1] > hi)
		return 0;
	for (size_t i = 2; i < n; i++)
		if (s[i] < 0x80 || s[i] > 0xBF)
			return 0;
	/* U+FFFE and U+FFFF are not XML characters. */
	if (c == 0xEF && s[1] == 0xBF && (s[2] == 0xBE || s[2] == 0xBF))
		return 0;
	return n;
}

/*
 * Write s escaped for XML content (attr false) or an attribute value
 * (attr true, where a raw newline would be normalised to a space).
 * Characters XML 1.0 cannot hold become '?'.  Returns bytes written.
 */
static size_t
put_esc(FILE *f, const char *str, bool attr)
{
	const unsigned char *s = (const unsigned char *)str;
	size_t total = 0, n;

	while (*s != '\0') {
		const char *rep = NULL;

		switch (*s) {
		case '&': rep = "&amp;"; break;
		case '<': rep = "&lt;"; break;
		case '>': rep = "&gt;"; break;
		case '"': rep = "&quot;"; break;
		case '\'': rep = "&apos;"; break;
		case '\r': rep = "&#13;"; break;
		case '\n': rep = attr ? "&#10;" : "\n"; break;
		case '\t': rep = attr ? "&#9;" : "\t"; break;
		default:
			if (*s < 0x20)
				rep = "?";
			break;
		}
		if (rep != NULL) {
			fputs(rep, f);
			total += strlen(rep);
			s++;
			continue;
		}
		if ((n = utf8_len(s)) == 0) {
			fputc('?', f);
			total++;
			s++;
			continue;
		}
		fwrite(s, 1, n, f);
		total += n;
		s += n;
	}
	return total;
}

static size_t
put(FILE *f, const char *s)
{
	fputs(s, f);
	return strlen(s);
}

/* ---- setup ---------------------------------------------------------- */

struct sw_junit *
sw_junit_new(const char *path, struct sw_err *err)
{
	struct sw_junit *j = calloc(1, sizeof(*j));

	if (j == NULL || (j->path = strdup(path)) == NULL) {
		sw_junit_free(j);
		sw_err_set(err, SW_ERR_NOMEM, "--junit: out of memory");
		return NULL;
	}
	if (sw_out_open(&j->o, path, "--junit", err) != SW_OK) {
		sw_junit_free(j);
		return NULL;
	}
	j->out = j->o.f;
	if ((j->spool = tmpfile()) == NULL) {
		io_err(err, "--junit: temporary file");
		sw_junit_free(j);
		return NULL;
	}
	j->phys_last = SIZE_MAX;
	return j;
}

/* Make suites 0..idx exist; unregistered ones are named "input N". */
static enum sw_status
grow(struct sw_junit *j, size_t idx, struct sw_err *err)
{
	char name[32];

	while (j->nsuite <= idx) {
		struct suite *s;

		if (j->nsuite == j->cap) {
			size_t cap = j->cap ? j->cap * 2 : 8;
			struct suite *v = realloc(j->suite, cap * sizeof(*v));

			if (v == NULL)
				return sw_err_set(err, SW_ERR_NOMEM,
				    "--junit: out of memory");
			j->suite = v;
			j->cap = cap;
		}
		s = &j->suite[j->nsuite];
		snprintf(name, sizeof(name), "input %zu", j->nsuite);
		if ((s->name = strdup(name)) == NULL)
			return sw_err_set(err, SW_ERR_NOMEM,
			    "--junit: out of memory");
		s->tests = s->failures = 0;
		s->first = s->last = NO_NEXT;
		s->error = NULL;
		j->nsuite++;
	}
	return SW_OK;
}

enum sw_status
sw_junit_add_input(struct sw_junit *j, const char *name, struct sw_err *err)
{
	/* A suite a connection created early keeps its slot: rename it. */
	size_t idx = j->ninputs;
	char *copy;
	enum sw_status st;

	if ((st = grow(j, idx, err)) != SW_OK)
		return st;
	if ((copy = strdup(name)) == NULL)
		return sw_err_set(err, SW_ERR_NOMEM, "--junit: out of memory");
	free(j->suite[idx].name);
	j->suite[idx].name = copy;
	j->ninputs++;
	return SW_OK;
}

/* ---- connections ---------------------------------------------------- */

/* "10.0.0.1:80" or "[2001:db8::1]:443". */
static void
endpoint_str(const struct sw_peer *p, char *buf, size_t len)
{
	char a[64];

	sw_addr_str(&p->addr, a, sizeof(a));
	snprintf(buf, len, p->addr.family == 6 ? "[%s]:%u" : "%s:%u", a,
	    (unsigned)p->port);
}

/* Write the testcase XML of c; returns bytes written. */
static size_t
write_testcase(FILE *f, const struct sw_conn *c,
    const struct sw_failon_match *m)
{
	char cl[80], sv[80], name[200], line[64];
	size_t n = 0;

	endpoint_str(&c->peer[SW_CLIENT], cl, sizeof(cl));
	endpoint_str(&c->peer[SW_SERVER], sv, sizeof(sv));
	snprintf(name, sizeof(name), "#%llu %s -> %s",
	    (unsigned long long)c->id, cl, sv);
	n += put(f, "    <testcase classname=\"sevenway.connection\" name=\"");
	n += put_esc(f, name, true);
	if (m == NULL || m->n == 0)
		return n + put(f, "\"/>\n");
	n += put(f, "\">\n      <failure message=\"");
	for (unsigned i = 0; i < m->n; i++) {
		if (i > 0)
			n += put(f, "; ");
		n += put_esc(f, m->reason[i].text, true);
	}
	n += put(f, "\" type=\"fail-on\">");
	for (unsigned i = 0; i < m->n; i++) {
		n += put_esc(f, m->reason[i].text, false);
		n += put(f, "\n");
	}
	snprintf(line, sizeof(line), "connection #%llu: frames %llu-%llu",
	    (unsigned long long)c->id, (unsigned long long)c->first_frame,
	    (unsigned long long)c->last_frame);
	n += put(f, line);
	return n + put(f, "</failure>\n    </testcase>\n");
}

enum sw_status
sw_junit_conn(struct sw_junit *j, const struct sw_conn *c,
    const struct sw_failon_match *m, struct sw_err *err)
{
	const int64_t none = NO_NEXT, off = j->end;
	struct suite *s;
	enum sw_status st;

	if ((st = grow(j, c->input, err)) != SW_OK)
		return st;
	s = &j->suite[c->input];
	/* Link the suite's previous record here unless it is adjacent. */
	if (s->last != NO_NEXT && j->phys_last != c->input) {
		if (fseeko(j->spool, (off_t)(s->last), SEEK_SET) != 0 ||
		    fwrite(&off, sizeof(off), 1, j->spool) != 1 ||
		    fseeko(j->spool, (off_t)off, SEEK_SET) != 0)
			return io_err(err, "--junit: temporary file");
	}
	fwrite(&none, sizeof(none), 1, j->spool);
	j->end += (int64_t)sizeof(none);
	j->end += (int64_t)write_testcase(j->spool, c, m);
	fputc('\0', j->spool);
	j->end++;
	if (ferror(j->spool))
		return io_err(err, "--junit: temporary file");
	if (s->first == NO_NEXT)
		s->first = off;
	s->last = off;
	j->phys_last = c->input;
	s->tests++;
	if (m != NULL && m->n > 0)
		s->failures++;
	return SW_OK;
}

/* ---- what was not analysed ----------------------------------------- */

enum sw_status
sw_junit_input_error(struct sw_junit *j, size_t idx, const char *name,
    const char *msg, struct sw_err *err)
{
	struct suite *s;
	enum sw_status st;
	char *m;

	if (idx == SW_JUNIT_NEW_SUITE)
		idx = j->nsuite;
	if ((st = grow(j, idx, err)) != SW_OK)
		return st;
	s = &j->suite[idx];
	if (name != NULL) {
		char *copy = strdup(name);

		if (copy == NULL)
			return sw_err_set(err, SW_ERR_NOMEM,
			    "--junit: out of memory");
		free(s->name);
		s->name = copy;
	}
	if (s->error != NULL)
		return SW_OK;	/* the first reason stands */
	if ((m = strdup(msg)) == NULL)
		return sw_err_set(err, SW_ERR_NOMEM, "--junit: out of memory");
	s->error = m;
	return SW_OK;
}

enum sw_status
sw_junit_run_failure(struct sw_junit *j, const char *name, const char *msg,
    struct sw_err *err)
{
	char *n = strdup(name), *m = strdup(msg);

	if (n == NULL || m == NULL) {
		free(n);
		free(m);
		return sw_err_set(err, SW_ERR_NOMEM, "--junit: out of memory");
	}
	free(j->run_name);
	free(j->run_msg);
	j->run_name = n;
	j->run_msg = m;
	return SW_OK;
}

/* ---- the final document ---------------------------------------------- */

static void
suite_open(FILE *f, const char *name, uint64_t tests, uint64_t failures,
    uint64_t errors)
{
	char nums[128];

	put(f, "  <testsuite name=\"");
	put_esc(f, name, true);
	snprintf(nums, sizeof(nums), "\" tests=\"%llu\" failures=\"%llu\" "
	    "errors=\"%llu\" skipped=\"0\">\n", (unsigned long long)tests,
	    (unsigned long long)failures, (unsigned long long)errors);
	put(f, nums);
}

/*
 * One testcase that did not pass: kind "error" (the input could not be
 * analysed) or "failure" (a check of the whole run failed).
 */
static void
write_verdict(FILE *f, const char *classname, const char *name,
    const char *kind, const char *type, const char *msg)
{
	put(f, "    <testcase classname=\"");
	put(f, classname);
	put(f, "\" name=\"");
	put_esc(f, name, true);
	put(f, "\">\n      <");
	put(f, kind);
	put(f, " message=\"");
	put_esc(f, msg, true);
	put(f, "\" type=\"");
	put(f, type);
	put(f, "\">");
	put_esc(f, msg, false);
	put(f, "</");
	put(f, kind);
	put(f, ">\n    </testcase>\n");
}

/* Copy suite s's records from the spool to out, following the chain. */
static bool
copy_suite(struct sw_junit *j, const struct suite *s)
{
	int64_t at = s->first, next;
	int ch;

	if (at == NO_NEXT)
		return true;
	if (fseeko(j->spool, (off_t)at, SEEK_SET) != 0)
		return false;
	for (;;) {
		if (fread(&next, sizeof(next), 1, j->spool) != 1)
			return false;
		while ((ch = getc(j->spool)) != '\0') {
			if (ch == EOF)
				return false;
			putc(ch, j->out);
		}
		if (at == s->last)
			return true;
		if (next != NO_NEXT) {
			if (fseeko(j->spool, (off_t)next, SEEK_SET) != 0)
				return false;
			at = next;
		} else {
			at = (int64_t)ftello(j->spool);
		}
	}
}

static void
write_assertion(FILE *f, const struct sw_assert *a)
{
	char res[SW_ASSERT_RESULT_LEN], line[96];

	sw_assert_result(a, res, sizeof(res));
	put(f, "    <testcase classname=\"sevenway.assert\" name=\"");
	put_esc(f, a->expr.text, true);
	if (sw_assert_passed(a)) {
		put(f, "\"/>\n");
		return;
	}
	put(f, "\">\n      <failure message=\"");
	put_esc(f, res, true);
	put(f, "\" type=\"assert\">");
	put_esc(f, res, false);
	for (unsigned i = 0; i < a->nids; i++) {
		snprintf(line, sizeof(line), "\nconnection #%llu (first frame "
		    "%llu)", (unsigned long long)a->id[i],
		    (unsigned long long)a->frame[i]);
		put(f, line);
	}
	put(f, "</failure>\n    </testcase>\n");
}

enum sw_status
sw_junit_finish(struct sw_junit *j, const struct sw_assert *a, size_t n,
    struct sw_err *err)
{
	uint64_t tests = n, failures = 0, errors = 0;
	FILE *f = j->out;
	char nums[128];

	if (f == NULL)
		return sw_err_set(err, SW_ERR_IO, "%s: already written",
		    j->path);
	for (size_t i = 0; i < n; i++)
		failures += !sw_assert_passed(&a[i]);
	for (size_t i = 0; i < j->nsuite; i++) {
		tests += j->suite[i].tests + (j->suite[i].error != NULL);
		failures += j->suite[i].failures;
		errors += j->suite[i].error != NULL;
	}
	if (j->run_name != NULL) {
		tests++;
		failures++;
	}
	put(f, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
	snprintf(nums, sizeof(nums), "<testsuites name=\"sevenway\" "
	    "tests=\"%llu\" failures=\"%llu\" errors=\"%llu\">\n",
	    (unsigned long long)tests, (unsigned long long)failures,
	    (unsigned long long)errors);
	put(f, nums);
	for (size_t i = 0; i < j->nsuite; i++) {
		const struct suite *s = &j->suite[i];

		suite_open(f, s->name, s->tests + (s->error != NULL),
		    s->failures, s->error != NULL);
		errno = 0;
		if (!copy_suite(j, s)) {
			if (errno == 0)
				errno = EIO;	/* short read of our own spool */
			return io_err(err, "--junit: temporary file");
		}
		if (s->error != NULL)
			write_verdict(f, "sevenway.input", s->name, "error",
			    "input", s->error);
		put(f, "  </testsuite>\n");
	}
	if (n > 0) {
		uint64_t af = 0;

		for (size_t i = 0; i < n; i++)
			af += !sw_assert_passed(&a[i]);
		suite_open(f, "assertions", n, af, 0);
		for (size_t i = 0; i < n; i++)
			write_assertion(f, &a[i]);
		put(f, "  </testsuite>\n");
	}
	if (j->run_name != NULL) {
		suite_open(f, "run", 1, 1, 0);
		write_verdict(f, "sevenway.run", j->run_name, "failure", "empty",
		    j->run_msg);
		put(f, "  </testsuite>\n");
	}
	put(f, "</testsuites>\n");

	j->out = NULL;
	return sw_out_commit(&j->o, "--junit", err);
}

void
sw_junit_free(struct sw_junit *j)
{
	if (j == NULL)
		return;
	sw_out_abort(&j->o);	/* nothing left once committed */
	if (j->spool != NULL)
		fclose(j->spool);
	for (size_t i = 0; i < j->nsuite; i++) {
		free(j->suite[i].name);
		free(j->suite[i].error);
	}
	free(j->suite);
	free(j->run_name);
	free(j->run_msg);
	free(j->path);
	free(j);
}
