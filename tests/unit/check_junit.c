/* SPDX-License-Identifier: MIT */
/*
 * check_junit.c: unit tests of the --junit writer: structure, escaping,
 * suite grouping of interleaved connections, error paths.  When xmllint
 * is installed every report is also checked for well-formedness.
 */
#include <check.h>
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "conn_fixture.h"
#include "sevenway/ci.h"
#include "runner.h"

static char dir[64];
static char path[128];
static struct sw_err err;

static void
setup(void)
{
	const char *base = getenv("TMPDIR");

	snprintf(dir, sizeof(dir), "%s/sw-junit-XXXXXX",
	    base != NULL && strlen(base) < 40 ? base : "/tmp");
	ck_assert_ptr_nonnull(mkdtemp(dir));
	snprintf(path, sizeof(path), "%s/report.xml", dir);
	memset(&err, 0, sizeof(err));
}

/* How many entries the test directory holds (report and temporaries). */
static int
entries(void)
{
	DIR *d = opendir(dir);
	struct dirent *e;
	int n = 0;

	ck_assert_ptr_nonnull(d);
	while ((e = readdir(d)) != NULL)
		n += strcmp(e->d_name, ".") != 0 && strcmp(e->d_name, "..") != 0;
	closedir(d);
	return n;
}

static void
teardown(void)
{
	remove(path);
	rmdir(dir);
}

/* The whole file, NUL-terminated; the caller frees it. */
static char *
slurp(const char *p)
{
	FILE *f = fopen(p, "rb");
	char *buf;
	long n;

	ck_assert_ptr_nonnull(f);
	ck_assert_int_eq(fseek(f, 0, SEEK_END), 0);
	n = ftell(f);
	rewind(f);
	buf = malloc((size_t)n + 1);
	ck_assert_ptr_nonnull(buf);
	ck_assert_uint_eq(fread(buf, 1, (size_t)n, f), (size_t)n);
	buf[n] = '\0';
	fclose(f);
	return buf;
}

/*
 * strstr without the sanitizer's cost: ASan's interceptor measures the
 * whole haystack on every call, which makes walking a large report
 * quadratic.
 */
static char *
find(const char *s, const char *needle)
{
	size_t n = strlen(needle);

	for (; *s != '\0'; s++)
		if (*s == *needle && strncmp(s, needle, n) == 0)
			return (char *)s;
	return NULL;
}

static unsigned
count(const char *s, const char *needle)
{
	unsigned n = 0;

	while ((s = find(s, needle)) != NULL) {
		n++;
		s += strlen(needle);
	}
	return n;
}

/* xmllint --noout must accept the file (skipped if not installed). */
static void
well_formed(const char *p)
{
	char cmd[300];

	if (system("command -v xmllint >/dev/null 2>&1") != 0)
		return;
	snprintf(cmd, sizeof(cmd), "xmllint --noout '%s'", p);
	ck_assert_msg(system(cmd) == 0, "xmllint rejected %s", p);
}

static void
has(const char *doc, const char *needle)
{
	ck_assert_msg(find(doc, needle) != NULL, "missing: %s", needle);
}

/* Both strings occur in doc, the first occurrence of a before b's. */
static void
before(const char *doc, const char *a, const char *b)
{
	const char *pa = find(doc, a), *pb = find(doc, b);

	ck_assert_msg(pa != NULL && pb != NULL && pa < pb,
	    "'%s' should come before '%s'", a, b);
}

static struct sw_junit *
open_ok(void)
{
	struct sw_junit *j = sw_junit_new(path, &err);

	ck_assert_msg(j != NULL, "%s", err.msg);
	/* Only a temporary file beside the report so far. */
	ck_assert_int_ne(access(path, F_OK), 0);
	ck_assert_int_eq(entries(), 1);
	return j;
}

static void
conn_ok(struct sw_junit *j, const struct sw_conn *c,
    const struct sw_failon_match *m)
{
	ck_assert_msg(sw_junit_conn(j, c, m, &err) == SW_OK, "%s", err.msg);
}

static void
assert_ok(struct sw_assert *a, const char *expr)
{
	ck_assert_msg(sw_assert_init(a, expr, &err) == SW_OK, "%s", err.msg);
}

START_TEST(test_structure)
{
	struct sw_junit *j = open_ok();
	struct sw_failon f;
	struct sw_failon_match m;
	struct sw_assert a[2];
	struct sw_conn c[5];
	char *doc;

	sw_failon_init(&f);
	ck_assert_int_eq(sw_failon_parse(&f, "abnormal", &err), SW_OK);
	assert_ok(&a[0], "all(handshake=complete)");
	assert_ok(&a[1], "none(close=reset)");
	ck_assert_int_eq(sw_junit_add_input(j, "a.pcap", &err), SW_OK);
	ck_assert_int_eq(sw_junit_add_input(j, "b.pcap", &err), SW_OK);
	for (unsigned i = 0; i < 5; i++)
		fx_conn(&c[i], i + 1, "10.0.0.1", (uint16_t)(40001 + i),
		    "10.0.0.2", 80);
	fx_conn(&c[3], 4, "2001:db8::1", 50000, "2001:db8::2", 443);
	c[1].input = c[3].input = 1;
	c[1].close = SW_CLOSE_RESET;
	fx_anomaly(&c[2], SW_AN_FIN_BAD_ACK, 37, true, 5001, 5002);
	for (unsigned i = 0; i < 5; i++) {
		sw_failon_match(&f, &c[i], &m);
		conn_ok(j, &c[i], &m);
		sw_assert_feed(&a[0], &c[i], NULL);
		sw_assert_feed(&a[1], &c[i], NULL);
	}
	ck_assert_int_eq(sw_junit_finish(j, a, 2, &err), SW_OK);
	sw_junit_free(j);
	ck_assert_int_eq(entries(), 1);	/* the report, no temporary */
	well_formed(path);

	doc = slurp(path);
	ck_assert_uint_eq(count(doc, "<testsuites "), 1);
	ck_assert_uint_eq(count(doc, "<testsuite "), 3);
	ck_assert_uint_eq(count(doc, "</testsuite>"), 3);
	ck_assert_uint_eq(count(doc, "<testcase "), 7);
	ck_assert_uint_eq(count(doc, "<failure "), 3);
	ck_assert_uint_eq(count(doc, "classname=\"sevenway.connection\""), 5);
	ck_assert_uint_eq(count(doc, "classname=\"sevenway.assert\""), 2);
	ck_assert(strncmp(doc, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
	    "<testsuites name=\"sevenway\" tests=\"7\" failures=\"3\" "
	    "errors=\"0\">\n", 100) == 0);
	has(doc, "<testsuite name=\"a.pcap\" tests=\"3\" failures=\"1\" "
	    "errors=\"0\" skipped=\"0\">");
	has(doc, "<testsuite name=\"b.pcap\" tests=\"2\" failures=\"1\" "
	    "errors=\"0\" skipped=\"0\">");
	has(doc, "<testsuite name=\"assertions\" tests=\"2\" failures=\"1\"");
	has(doc, "<testcase classname=\"sevenway.connection\" "
	    "name=\"#1 10.0.0.1:40001 -&gt; 10.0.0.2:80\"/>");
	has(doc, "name=\"#4 [2001:db8::1]:50000 -&gt; [2001:db8::2]:443\"/>");
	has(doc, "name=\"#2 10.0.0.1:40002 -&gt; 10.0.0.2:80\">\n"
	    "      <failure message=\"close=reset\" type=\"fail-on\">"
	    "close=reset\nconnection #2: frames 20-29</failure>\n"
	    "    </testcase>\n");
	has(doc, "<failure message=\"anomaly=fin-bad-ack (frame 37: expected "
	    "5001, saw 5002)\" type=\"fail-on\">");
	has(doc, "<testcase classname=\"sevenway.assert\" "
	    "name=\"all(handshake=complete)\"/>");
	has(doc, "<testcase classname=\"sevenway.assert\" "
	    "name=\"none(close=reset)\">\n      <failure message=\"FAIL "
	    "none(close=reset): 1 of 5 connections matched (id 2)\" "
	    "type=\"assert\">FAIL none(close=reset): 1 of 5 connections "
	    "matched (id 2)\nconnection #2 (first frame 20)</failure>");
	/* Suites in input order; within a suite, connections in order. */
	before(doc, "\"#1 ", "\"#3 ");
	before(doc, "\"#3 ", "\"#5 ");
	before(doc, "\"#5 ", "b.pcap");
	before(doc, "\"#2 ", "\"#4 ");
	before(doc, "\"#4 ", "assertions");
	free(doc);
}
END_TEST

START_TEST(test_escaping)
{
	struct sw_junit *j = open_ok();
	struct sw_assert a;
	struct sw_conn c;
	char *doc;

	/* XML specials, a control byte, invalid UTF-8, valid UTF-8 (é). */
	ck_assert_int_eq(sw_junit_add_input(j, "x&<y>\"z\"'q'\x01\xff\xc3"
	    "\xa9\xed\xa0\x80.pcap", &err), SW_OK);
	assert_ok(&a, "count(close=reset & server=*:80) < 1");
	fx_conn(&c, 1, "10.0.0.1", 1, "10.0.0.2", 80);
	c.close = SW_CLOSE_RESET;
	conn_ok(j, &c, NULL);
	sw_assert_feed(&a, &c, NULL);
	ck_assert_int_eq(sw_junit_finish(j, &a, 1, &err), SW_OK);
	sw_junit_free(j);
	well_formed(path);

	doc = slurp(path);
	has(doc, "<testsuite name=\"x&amp;&lt;y&gt;&quot;z&quot;&apos;q&apos;"
	    "??\xc3\xa9???.pcap\" tests=\"1\" failures=\"0\"");
	has(doc, "name=\"count(close=reset &amp; server=*:80) &lt; 1\">");
	has(doc, "type=\"assert\">FAIL count(close=reset &amp; server=*:80) "
	    "&lt; 1: 1 of 1 connection matched (id 1)\n");
	/* No --fail-on: every connection passes. */
	ck_assert_uint_eq(count(doc, "<failure "), 1);
	free(doc);
}
END_TEST

START_TEST(test_empty)
{
	struct sw_junit *j = open_ok();
	char *doc;

	ck_assert_int_eq(sw_junit_finish(j, NULL, 0, &err), SW_OK);
	sw_junit_free(j);
	well_formed(path);
	doc = slurp(path);
	ck_assert_str_eq(doc, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
	    "<testsuites name=\"sevenway\" tests=\"0\" failures=\"0\" "
	    "errors=\"0\">\n</testsuites>\n");
	free(doc);
}
END_TEST

START_TEST(test_input_without_connections)
{
	struct sw_junit *j = open_ok();
	char *doc;

	ck_assert_int_eq(sw_junit_add_input(j, "quiet.pcap", &err), SW_OK);
	ck_assert_int_eq(sw_junit_finish(j, NULL, 0, &err), SW_OK);
	sw_junit_free(j);
	well_formed(path);
	doc = slurp(path);
	has(doc, "  <testsuite name=\"quiet.pcap\" tests=\"0\" failures=\"0\" "
	    "errors=\"0\" skipped=\"0\">\n  </testsuite>\n");
	free(doc);
}
END_TEST

/*
 * A connection may reach the writer before its input was registered,
 * or from an input never registered: it still lands in the right suite.
 */
START_TEST(test_unregistered_inputs)
{
	struct sw_junit *j = open_ok();
	struct sw_conn c;
	char *doc;

	ck_assert_int_eq(sw_junit_add_input(j, "a.pcap", &err), SW_OK);
	fx_conn(&c, 1, "10.0.0.1", 1, "10.0.0.2", 80);
	c.input = 1;
	conn_ok(j, &c, NULL);
	ck_assert_int_eq(sw_junit_add_input(j, "b.pcap", &err), SW_OK);
	fx_conn(&c, 2, "10.0.0.1", 2, "10.0.0.2", 80);
	c.input = 3;
	conn_ok(j, &c, NULL);
	ck_assert_int_eq(sw_junit_finish(j, NULL, 0, &err), SW_OK);
	sw_junit_free(j);
	well_formed(path);
	doc = slurp(path);
	ck_assert_uint_eq(count(doc, "<testsuite "), 4);
	has(doc, "<testsuite name=\"a.pcap\" tests=\"0\"");
	has(doc, "<testsuite name=\"b.pcap\" tests=\"1\"");
	has(doc, "<testsuite name=\"input 2\" tests=\"0\"");
	has(doc, "<testsuite name=\"input 3\" tests=\"1\"");
	before(doc, "b.pcap", "\"#1 ");
	before(doc, "\"#1 ", "input 2");
	before(doc, "input 3", "\"#2 ");
	free(doc);
}
END_TEST

/* Many connections interleaved over three inputs keep their order. */
START_TEST(test_interleaved)
{
	enum { N = 30000, NIN = 3 };
	struct sw_junit *j = open_ok();
	struct sw_failon f;
	struct sw_failon_match m;
	struct sw_conn c;
	static unsigned char in_of[N + 1];
	unsigned tests[NIN] = { 0 }, fails = 0;
	uint32_t x = 12345;
	char *doc, *p, name[16];

	sw_failon_init(&f);
	ck_assert_int_eq(sw_failon_parse(&f, "reset", &err), SW_OK);
	for (unsigned i = 0; i < NIN; i++) {
		snprintf(name, sizeof(name), "in%u.pcap", i);
		ck_assert_int_eq(sw_junit_add_input(j, name, &err), SW_OK);
	}
	for (unsigned id = 1; id <= N; id++) {
		/* Runs of one input, then switches: both record linkings. */
		x = x * 1103515245u + 12345u;
		in_of[id] = (x >> 16) % 4 == 0 ? (unsigned char)((x >> 20) % NIN)
		    : in_of[id - 1];
		fx_conn(&c, id, "10.0.0.1", (uint16_t)id, "10.0.0.2", 80);
		c.input = in_of[id];
		if (id % 7 == 0) {
			c.close = SW_CLOSE_RESET;
			fails++;
		}
		tests[c.input]++;
		sw_failon_match(&f, &c, &m);
		conn_ok(j, &c, &m);
	}
	ck_assert_int_eq(sw_junit_finish(j, NULL, 0, &err), SW_OK);
	sw_junit_free(j);
	well_formed(path);

	doc = slurp(path);
	ck_assert_uint_eq(count(doc, "<testcase "), N);
	ck_assert_uint_eq(count(doc, "<failure "), fails);
	/* Walk the document: each suite lists exactly its ids, ascending. */
	p = doc;
	for (unsigned s = 0; s < NIN; s++) {
		unsigned last = 0, seen = 0;
		char *end;

		snprintf(name, sizeof(name), "\"in%u.pcap\"", s);
		p = find(p, name);
		ck_assert_ptr_nonnull(p);
		end = find(p, "</testsuite>");
		ck_assert_ptr_nonnull(end);
		while ((p = find(p, "name=\"#")) != NULL && p < end) {
			unsigned id = (unsigned)strtoul(p + 7, NULL, 10);

			ck_assert_uint_gt(id, last);
			ck_assert_uint_eq(in_of[id], s);
			last = id;
			seen++;
			p += 7;
		}
		ck_assert_uint_eq(seen, tests[s]);
		p = end;
	}
	free(doc);
}
END_TEST

START_TEST(test_unwritable_path)
{
	struct sw_junit *j = sw_junit_new("/nonexistent-sw-dir/r.xml", &err);

	ck_assert_ptr_null(j);
	ck_assert_int_eq(err.code, SW_ERR_IO);
	/* The message names the user's path, not the temporary beside it. */
	ck_assert_str_eq(err.msg, "--junit: /nonexistent-sw-dir/r.xml: "
	    "No such file or directory");
}
END_TEST

START_TEST(test_free_without_finish)
{
	struct sw_junit *j = open_ok();
	struct sw_conn c;

	fx_conn(&c, 1, "10.0.0.1", 1, "10.0.0.2", 80);
	conn_ok(j, &c, NULL);
	sw_junit_free(j);
	ck_assert_int_eq(entries(), 0);
	sw_junit_free(NULL);
}
END_TEST

START_TEST(test_finish_twice)
{
	struct sw_junit *j = open_ok();

	ck_assert_int_eq(sw_junit_finish(j, NULL, 0, &err), SW_OK);
	ck_assert_int_eq(sw_junit_finish(j, NULL, 0, &err), SW_ERR_IO);
	sw_junit_free(j);
	/* The report written by the first call stays. */
	ck_assert_int_eq(access(path, F_OK), 0);
}
END_TEST

static Suite *
junit_suite(void)
{
	Suite *s = suite_create("junit");
	TCase *tc = tcase_create("junit");

	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_set_timeout(tc, 60);
	tcase_add_test(tc, test_structure);
	tcase_add_test(tc, test_escaping);
	tcase_add_test(tc, test_empty);
	tcase_add_test(tc, test_input_without_connections);
	tcase_add_test(tc, test_unregistered_inputs);
	tcase_add_test(tc, test_interleaved);
	tcase_add_test(tc, test_unwritable_path);
	tcase_add_test(tc, test_free_without_finish);
	tcase_add_test(tc, test_finish_twice);
	suite_add_tcase(s, tc);
	return s;
}

int
main(void)
{
	return sw_test_run(junit_suite());
}
