/* SPDX-License-Identifier: MIT */
/*
 * check_json_writer.c: the streaming JSON writer against jansson, on
 * hand-built connections with what the trace corpus rarely holds:
 * anomaly lists cut short, times before 2001 and after 2106, nanosecond
 * times, negative RTTs, inferred steps, --fail-on reasons and
 * explanations that need escaping; and reals of every magnitude.
 */
#include <check.h>
#include <inttypes.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "conn_fixture.h"
#include "json_writer.h"
#include "outbuf.h"
#include "sevenway/report.h"
#include "runner.h"

/* What jansson prints for c (with explain added last, as the CLI does). */
static char *
jansson_conn(const struct sw_conn *c, const struct sw_failed *f,
    const char *input, const char *explain)
{
	json_t *o = sw_json_conn(c, f, input);
	char *s;

	if (explain != NULL)
		json_object_set_new(o, "explain", json_string(explain));
	s = json_dumps(o, SW_JSON_FLAGS);
	json_decref(o);
	return s;
}

static void
same_conn(const struct sw_conn *c, const struct sw_failed *f,
    const char *input, const char *explain)
{
	struct sw_outbuf b;
	char *want = jansson_conn(c, f, input, explain);

	memset(&b, 0, sizeof(b));
	sw_jw_conn(&b, c, f, input, explain);
	ck_assert(!b.failed);
	ck_assert_ptr_nonnull(want);
	if (b.len != strlen(want) || memcmp(b.p, want, b.len) != 0) {
		size_t i = 0;

		while (i < b.len && want[i] == b.p[i])
			i++;
		i = i > 60 ? i - 60 : 0;
		ck_abort_msg("differs at byte %zu: writer ...%.120s, jansson "
		    "...%.120s", i + 60, b.p + i, want + i);
	}
	free(want);
	sw_outbuf_fini(&b);
}

static uint64_t rng = 0x9e3779b97f4a7c15u;

static uint64_t
rnd(void)
{
	rng ^= rng << 13;
	rng ^= rng >> 7;
	rng ^= rng << 17;
	return rng;
}

static struct sw_time
rnd_time(void)
{
	static const int64_t secs[] = { 0, 1, 999999999, 1000000000,
	    1700000000, 4294967295, 4294967296, 9000000000 };
	struct sw_time t;

	t.sec = rnd() % 2 ? secs[rnd() % 8] : 1000000000 +
	    (int64_t)(rnd() % 8000000000u);
	switch (rnd() % 4) {
	case 0: t.nsec = 0; break;
	case 1: t.nsec = (uint32_t)(rnd() % 1000000) * 1000; break;
	case 2: t.nsec = (uint32_t)(rnd() % 1000) * 1000000; break;
	default: t.nsec = (uint32_t)(rnd() % 1000000000); break;
	}
	return t;
}

START_TEST(random_conns)
{
	static const char *const reasons[] = { "close=reset",
	    "say \"why\"\\ \t\n\x01 / caf\xc3\xa9", "not utf-8 \xff" };
	const char *r[3] = { reasons[0], reasons[1], reasons[2] };
	struct sw_failed f = { r, 0 };
	struct sw_conn c;

	for (int n = 0; n < 3000; n++) {
		fx_conn(&c, 1 + rnd() % 100000, n % 5 ? "10.0.0.1" :
		    "2001:db8::1", (uint16_t)rnd(), "10.0.0.2", 80);
		c.start = rnd_time();
		c.end = rnd_time();
		for (int i = 0; i < SW_STEP__N; i++) {
			struct sw_step *st = &c.step[i];

			st->seen = rnd() % 4 != 0;
			st->inferred = rnd() % 5 == 0;
			st->ts = rnd_time();
			st->seq = (uint32_t)rnd();
			st->ack = (uint32_t)rnd();
			st->has_ack = rnd() % 2;
			st->has_expected_ack = rnd() % 2;
			st->has_expected_seq = rnd() % 2;
			st->ok = rnd() % 2;
			st->flags = (uint8_t)rnd();
		}
		for (int k = (int)(rnd() % 20); k > 0; k--)
			fx_anomaly(&c, (enum sw_anomaly_kind)(rnd() % SW_AN__N),
			    rnd() % 1000, rnd() % 2, (uint32_t)rnd(),
			    (uint32_t)rnd());
		for (int e = 0; e < SW_EV__N; e++)
			c.event[e] = rnd() % 3 ? 0 : (uint32_t)rnd();
		for (int p = 0; p < 2; p++) {
			c.peer[p].packets = rnd() % 2 ? rnd() : rnd() % 100;
			c.peer[p].bytes = rnd() % 3 ? rnd() % 100000 : 0;
			c.peer[p].last_data = rnd_time();
			c.has_rtt[p] = rnd() % 4 != 0;
			c.rtt_ns[p] = (int64_t)(rnd() % 2000000000) -
			    (rnd() % 8 ? 0 : 1000000000);
		}
		c.closed_by = (uint8_t)(rnd() % 3 == 0 ? SW_NOBODY :
		    rnd() % 2);
		c.midstream = rnd() % 2;
		f.n = rnd() % 4;
		same_conn(&c, &f, n % 3 ? "in.pcap" : NULL, n % 7 ? NULL :
		    "an \"explain\" line\x7f");
	}
}
END_TEST

/* Times in the writer's integer-only range, [10^9, 2^32) seconds. */
START_TEST(fast_times)
{
	struct sw_conn c;

	fx_conn(&c, 1, "10.0.0.1", 1, "10.0.0.2", 2);
	for (int n = 0; n < 50000; n++) {
		c.start.sec = 1000000000 + (int64_t)(rnd() % 3294967296u);
		c.start.nsec = (uint32_t)(rnd() % 1000000) * 1000;
		c.end.sec = n % 2 ? 4294967295 : 1000000000;
		c.end.nsec = (uint32_t)(rnd() % 1000000) * 1000;
		same_conn(&c, NULL, NULL, NULL);
	}
}
END_TEST

/* jansson refuses strings that are not UTF-8: the member goes. */
START_TEST(bad_utf8)
{
	static const char *const names[] = { "\xc0\x80", "\xed\xa0\x80",
	    "\xf4\x90\x80\x80", "\xe2\x82", "\x80", "ok \xf0\x9f\x98\x80",
	    "\xf8\x88\x80\x80\x80", "\xef\xbf\xbf" };
	struct sw_conn c;

	fx_conn(&c, 1, "10.0.0.1", 1, "10.0.0.2", 2);
	for (size_t i = 0; i < sizeof(names) / sizeof(names[0]); i++)
		same_conn(&c, NULL, names[i], names[i]);
}
END_TEST

static void
same_real(double v)
{
	struct sw_outbuf b;
	json_t *j = json_real(v);
	char *want = json_dumps(j, JSON_ENCODE_ANY | SW_JSON_FLAGS);

	memset(&b, 0, sizeof(b));
	sw_json_real(&b, v);
	ck_assert_msg(b.len == strlen(want) && memcmp(b.p, want, b.len) == 0,
	    "%.17g: writer %.*s, jansson %s", v, (int)b.len, b.p, want);
	free(want);
	json_decref(j);
	sw_outbuf_fini(&b);
}

/* sw_json_ms(ns) against sw_json_real((double)ns / 1e6), and so against
 * jansson (same_real). */
static void
same_ms(int64_t ns)
{
	struct sw_outbuf a, b;

	memset(&a, 0, sizeof(a));
	memset(&b, 0, sizeof(b));
	sw_json_ms(&a, ns);
	sw_json_real(&b, (double)ns / 1e6);
	ck_assert_msg(a.len == b.len && memcmp(a.p, b.p, a.len) == 0,
	    "%" PRId64 " ns: %.*s, not %.*s", ns, (int)a.len, a.p, (int)b.len,
	    b.p);
	sw_outbuf_fini(&a);
	sw_outbuf_fini(&b);
}

/*
 * Every value up to 20,000 ns and its negative; at every width, the
 * first and last numbers of each leading pair of digits (the fast path
 * ends at 45) and whole milliseconds; and random values of every width.
 */
START_TEST(milliseconds)
{
	int64_t p = 1;

	for (int64_t n = 0; n <= 20000; n++) {
		same_ms(n);
		same_ms(-n);
	}
	for (int w = 1; w <= 18; w++, p *= 10) {
		for (int64_t lead = 10; lead <= 99; lead++) {
			/* w digits starting with lead (two for w = 1) */
			int64_t lo = w > 1 ? lead * (p / 10) : lead;

			for (int64_t k = -2; k <= 2; k++) {
				same_ms(lo + k);
				same_ms(-(lo + k));
				same_ms(lo + p / 10 - 1 + k);
			}
		}
		if (p <= INT64_MAX / 1000000)
			same_ms(p * 1000000);
		for (int i = 0; i < 20000; i++) {
			int64_t v = (int64_t)(rnd() % (uint64_t)(9 * p)) + p;

			same_ms(v);
			same_ms(v / 1000000 * 1000000);
		}
	}
	same_ms(INT64_MAX);
	same_ms(INT64_MIN + 1);
}
END_TEST

/* Integers as printf writes them, at every width and both sides of 2^32. */
START_TEST(integers)
{
	uint64_t v[] = { 0, 9, 10, 99, 100, 101, 4294967295u, 4294967296u,
	    4294967297u, 9999999999u, 10000000000u, 429496729600u,
	    UINT64_MAX / 10, UINT64_MAX - 1, UINT64_MAX };
	char d[20], want[24], *s;

	for (uint64_t p = 1; p != 0 && p <= UINT64_MAX / 7; p *= 7)
		for (int k = -1; k <= 1; k++) {
			snprintf(want, sizeof(want), "%" PRIu64, p + (uint64_t)k);
			s = sw_fmt_u64(d + sizeof(d), p + (uint64_t)k);
			ck_assert_mem_eq(s, want, strlen(want));
			ck_assert_uint_eq((size_t)(d + sizeof(d) - s),
			    strlen(want));
		}
	for (size_t i = 0; i < sizeof(v) / sizeof(v[0]); i++) {
		snprintf(want, sizeof(want), "%" PRIu64, v[i]);
		s = sw_fmt_u64(d + sizeof(d), v[i]);
		ck_assert_uint_eq((size_t)(d + sizeof(d) - s), strlen(want));
		ck_assert_mem_eq(s, want, strlen(want));
	}
}
END_TEST

START_TEST(reals)
{
	static const double fixed[] = { 0.0, -0.0, 1.0, -1.0, 0.1, 1e-5,
	    1e-300, 5e-324, 1e15, 1e16, 1e17, 1e20, 1e100, 1.5e300, 123.456,
	    1700000000.0, 1700000000.5, 0.05, 10.0, 1e-4, 99999999999999999.0 };

	for (size_t i = 0; i < sizeof(fixed) / sizeof(fixed[0]); i++)
		same_real(fixed[i]);
	for (int n = 0; n < 200000; n++) {
		double v;
		uint64_t bits = rnd();

		switch (n % 3) {
		case 0:
			memcpy(&v, &bits, sizeof(v));
			if (!isfinite(v))
				continue;
			break;
		case 1:
			v = (double)(int64_t)(bits % 20000000) / 1000.0;
			break;
		default:
			v = ldexp((double)(bits >> 11), -(int)(rnd() % 80));
		}
		same_real(v);
	}
}
END_TEST

static Suite *
suite(void)
{
	Suite *s = suite_create("json_writer");
	TCase *t = tcase_create("core");

	tcase_set_timeout(t, 60);
	tcase_add_test(t, random_conns);
	tcase_add_test(t, fast_times);
	tcase_add_test(t, bad_utf8);
	tcase_add_test(t, reals);
	tcase_add_test(t, integers);
	tcase_add_test(t, milliseconds);
	suite_add_tcase(s, t);
	return s;
}

int
main(void)
{
	return sw_test_run(suite());
}
