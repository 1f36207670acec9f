/* SPDX-License-Identifier: MIT */
/* check_failon.c: unit tests of --fail-on parsing and matching. */
#include <check.h>
#include <stdlib.h>
#include <string.h>

#include "conn_fixture.h"
#include "sevenway/ci.h"
#include "runner.h"

static struct sw_failon f;
static struct sw_failon_match m;
static struct sw_conn conn;
static struct sw_err err;

static void
setup(void)
{
	sw_failon_init(&f);
	fx_conn(&conn, 4, "10.0.0.1", 40000, "10.0.0.2", 80);
	memset(&m, 0, sizeof(m));
	memset(&err, 0, sizeof(err));
}

static void
add_ok(const char *classes)
{
	ck_assert_msg(sw_failon_parse(&f, classes, &err) == SW_OK, "%s: %s",
	    classes, err.msg);
}

START_TEST(test_init_empty)
{
	ck_assert(!f.active);
	for (int i = 0; i < SW_CLOSE__N; i++)
		ck_assert(!f.close[i]);
	for (int i = 0; i < SW_AN__N; i++)
		ck_assert(!f.anomaly[i]);
	conn.close = SW_CLOSE_RESET;
	fx_anomaly(&conn, SW_AN_FIN_BAD_ACK, 9, true, 5001, 5002);
	ck_assert_uint_eq(sw_failon_match(&f, &conn, &m), 0);
}
END_TEST

START_TEST(test_parse_words)
{
	add_ok("reset,refused");
	ck_assert(f.active);
	ck_assert(f.close[SW_CLOSE_RESET]);
	ck_assert(f.close[SW_CLOSE_REFUSED]);
	ck_assert(!f.close[SW_CLOSE_CLIENT]);
	add_ok(" fin-bad-ack , open ");
	ck_assert(f.anomaly[SW_AN_FIN_BAD_ACK]);
	ck_assert(f.close[SW_CLOSE_OPEN]);
	/* Cumulative: the earlier classes stay. */
	ck_assert(f.close[SW_CLOSE_RESET]);
	ck_assert(!f.anomaly[SW_AN_FIN_BAD_SEQ]);
}
END_TEST

START_TEST(test_every_vocabulary_word)
{
	for (int i = 0; i < SW_CLOSE__N; i++) {
		sw_failon_init(&f);
		add_ok(sw_close_name((enum sw_close)i));
		ck_assert(f.close[i]);
	}
	for (int i = 0; i < SW_AN__N; i++) {
		sw_failon_init(&f);
		add_ok(sw_anomaly_name((enum sw_anomaly_kind)i));
		ck_assert(f.anomaly[i]);
	}
}
END_TEST

START_TEST(test_group_abnormal)
{
	add_ok("abnormal");
	ck_assert(f.close[SW_CLOSE_RESET]);
	ck_assert(f.close[SW_CLOSE_REFUSED]);
	ck_assert(f.close[SW_CLOSE_UNREACHABLE]);
	ck_assert(f.close[SW_CLOSE_UNANSWERED]);
	ck_assert(f.close[SW_CLOSE_HALF_OPEN]);
	ck_assert(f.close[SW_CLOSE_HALF_CLOSED]);
	ck_assert(f.close[SW_CLOSE_TIMEOUT]);
	ck_assert(!f.close[SW_CLOSE_CLIENT]);
	ck_assert(!f.close[SW_CLOSE_SERVER]);
	ck_assert(!f.close[SW_CLOSE_SIMUL]);
	ck_assert(!f.close[SW_CLOSE_OPEN]);
	for (int i = 0; i < SW_AN__N; i++)
		ck_assert_int_eq(f.anomaly[i],
		    sw_anomaly_is_seqack((enum sw_anomaly_kind)i));
	ck_assert(f.anomaly[SW_AN_INVALID_RST]);
	ck_assert(!f.anomaly[SW_AN_BAD_CHECKSUM]);
	ck_assert(!f.anomaly[SW_AN_RST_WITH_DATA]);

	/* A normal connection with only a non-seq/ack anomaly passes. */
	fx_anomaly(&conn, SW_AN_RST_WITH_DATA, 12, false, 0, 0);
	ck_assert_uint_eq(sw_failon_match(&f, &conn, &m), 0);
	conn.close = SW_CLOSE_HALF_CLOSED;
	ck_assert_uint_eq(sw_failon_match(&f, &conn, &m), 1);
	ck_assert_str_eq(m.reason[0].text, "close=half-closed");
}
END_TEST

START_TEST(test_group_any_anomaly)
{
	add_ok("any-anomaly");
	for (int i = 0; i < SW_AN__N; i++)
		ck_assert(f.anomaly[i]);
	for (int i = 0; i < SW_CLOSE__N; i++)
		ck_assert(!f.close[i]);
	conn.close = SW_CLOSE_RESET;
	ck_assert_uint_eq(sw_failon_match(&f, &conn, &m), 0);
	fx_anomaly(&conn, SW_AN_BAD_CHECKSUM, 3, false, 0, 0);
	ck_assert_uint_eq(sw_failon_match(&f, &conn, &m), 1);
	ck_assert_str_eq(m.reason[0].text, "anomaly=bad-checksum (frame 3)");
	ck_assert_uint_eq(m.reason[0].frame, 3);
}
END_TEST

/* "empty" matches no connection: it only allows an empty trace. */
START_TEST(test_empty_word)
{
	struct sw_conn c;
	struct sw_failon_match mm;

	ck_assert(!f.allow_empty);
	add_ok("abnormal, empty");
	ck_assert(f.allow_empty);
	memset(&c, 0, sizeof(c));
	c.close = SW_CLOSE_CLIENT;
	ck_assert_uint_eq(sw_failon_match(&f, &c, &mm), 0);
}
END_TEST

START_TEST(test_unknown_word)
{
	const char *want = "--fail-on: unknown class 'rest' (valid: "
	    "abnormal, any-anomaly, empty, client-close, server-close,";

	add_ok("reset");
	ck_assert_int_eq(sw_failon_parse(&f, "refused,rest", &err),
	    SW_ERR_USAGE);
	ck_assert_int_eq(err.code, SW_ERR_USAGE);
	ck_assert_msg(strncmp(err.msg, want, strlen(want)) == 0, "%s",
	    err.msg);
	ck_assert(strstr(err.msg, "half-closed") != NULL);
	ck_assert(strstr(err.msg, "bad-checksum)") != NULL);
	/* On error nothing of the list is added, earlier calls stay. */
	ck_assert(!f.close[SW_CLOSE_REFUSED]);
	ck_assert(f.close[SW_CLOSE_RESET]);
}
END_TEST

START_TEST(test_bad_lists)
{
	ck_assert_int_eq(sw_failon_parse(&f, "", &err), SW_ERR_USAGE);
	ck_assert_str_eq(err.msg, "--fail-on: empty class in the list");
	ck_assert_int_eq(sw_failon_parse(&f, "reset,,refused", &err),
	    SW_ERR_USAGE);
	ck_assert_int_eq(sw_failon_parse(&f, "reset, ", &err), SW_ERR_USAGE);
	ck_assert_int_eq(sw_failon_parse(&f, "RESET", &err), SW_ERR_USAGE);
	ck_assert_int_eq(sw_failon_parse(&f, "retransmission", &err),
	    SW_ERR_USAGE);
	ck_assert_str_eq(err.msg, "--fail-on: 'retransmission' is an event, "
	    "not a failure class");
	ck_assert(!f.active);
}
END_TEST

START_TEST(test_reasons)
{
	add_ok("reset,fin-bad-ack,rst-with-data,ack-bad-seq");
	conn.close = SW_CLOSE_RESET;
	fx_anomaly(&conn, SW_AN_RST_WITH_DATA, 12, false, 0, 0);
	fx_anomaly(&conn, SW_AN_FIN_BAD_ACK, 9, true, 5001, 5002);
	fx_anomaly(&conn, SW_AN_FIN_BAD_ACK, 11, true, 7, 8);
	fx_anomaly(&conn, SW_AN_FIN_BAD_ACK, 13, true, 7, 8);
	fx_anomaly(&conn, SW_AN_FIN_BAD_SEQ, 14, true, 1, 2);
	ck_assert_uint_eq(sw_failon_match(&f, &conn, &m), 3);
	/* Close first, then anomaly kinds in names.def order. */
	ck_assert_str_eq(m.reason[0].text, "close=reset");
	ck_assert_uint_eq(m.reason[0].frame, 0);
	ck_assert_str_eq(m.reason[1].text, "anomaly=fin-bad-ack (frame 9: "
	    "expected 5001, saw 5002; 3 in all)");
	ck_assert_uint_eq(m.reason[1].frame, 9);
	ck_assert_str_eq(m.reason[2].text, "anomaly=rst-with-data (frame 12)");
}
END_TEST

/* A SYN refused by ICMP: --fail-on unreachable, with no anomaly. */
START_TEST(test_reason_unreachable)
{
	add_ok("unreachable");
	ck_assert(!f.close[SW_CLOSE_REFUSED]);
	conn.close = SW_CLOSE_UNREACHABLE;
	ck_assert_uint_eq(sw_failon_match(&f, &conn, &m), 1);
	ck_assert_str_eq(m.reason[0].text, "close=unreachable");
	conn.close = SW_CLOSE_UNANSWERED;
	ck_assert_uint_eq(sw_failon_match(&f, &conn, &m), 0);
}
END_TEST

START_TEST(test_reason_single_numeric)
{
	add_ok("abnormal");
	fx_anomaly(&conn, SW_AN_FIN_BAD_ACK, 9, true, 5001, 5002);
	ck_assert_uint_eq(sw_failon_match(&f, &conn, &m), 1);
	ck_assert_str_eq(m.reason[0].text,
	    "anomaly=fin-bad-ack (frame 9: expected 5001, saw 5002)");
}
END_TEST

/* Kinds counted beyond SW_MAX_ANOMALIES are still reasons. */
START_TEST(test_reason_dropped)
{
	add_ok("any-anomaly");
	for (int i = 0; i < SW_MAX_ANOMALIES; i++)
		fx_anomaly(&conn, SW_AN_ACK_BAD_ACK, (uint64_t)(20 + i), true,
		    1, 2);
	fx_anomaly(&conn, SW_AN_INVALID_RST, 40, false, 0, 0);
	fx_anomaly(&conn, SW_AN_INVALID_RST, 41, false, 0, 0);
	ck_assert_uint_eq(conn.anomaly_dropped, 2);
	ck_assert_uint_eq(sw_failon_match(&f, &conn, &m), 2);
	ck_assert_str_eq(m.reason[0].text, "anomaly=ack-bad-ack (frame 20: "
	    "expected 1, saw 2; 8 in all)");
	ck_assert_str_eq(m.reason[1].text, "anomaly=invalid-rst (2 in all)");
	ck_assert_uint_eq(m.reason[1].frame, 0);
}
END_TEST

/* The worst case fills exactly SW_FAILON_MAX_REASONS, values at max. */
START_TEST(test_reason_bound)
{
	add_ok("abnormal,any-anomaly");
	conn.close = SW_CLOSE_HALF_CLOSED;
	fx_extra(&conn);
	for (int k = 0; k < SW_AN__N; k++) {
		conn.anomaly_count[k] = UINT32_MAX;
		if (k < SW_MAX_ANOMALIES) {
			conn.x->anomaly[k].kind = (uint8_t)k;
			conn.x->anomaly[k].numeric = true;
			conn.x->anomaly[k].frame = UINT64_MAX;
			conn.x->anomaly[k].expected = UINT32_MAX;
			conn.x->anomaly[k].seen = UINT32_MAX;
		}
	}
	conn.nanomaly = SW_MAX_ANOMALIES;
	ck_assert_uint_eq(sw_failon_match(&f, &conn, &m),
	    SW_FAILON_MAX_REASONS);
	ck_assert_str_eq(m.reason[1].text, "anomaly=synack-bad-ack (frame "
	    "18446744073709551615: expected 4294967295, saw 4294967295; "
	    "4294967295 in all)");
	ck_assert_uint_lt(strlen(m.reason[1].text), SW_FAILON_REASON_LEN - 1);
}
END_TEST

static Suite *
failon_suite(void)
{
	Suite *s = suite_create("failon");
	TCase *tc = tcase_create("failon");

	tcase_add_checked_fixture(tc, setup, NULL);
	tcase_add_test(tc, test_init_empty);
	tcase_add_test(tc, test_parse_words);
	tcase_add_test(tc, test_empty_word);
	tcase_add_test(tc, test_every_vocabulary_word);
	tcase_add_test(tc, test_group_abnormal);
	tcase_add_test(tc, test_group_any_anomaly);
	tcase_add_test(tc, test_unknown_word);
	tcase_add_test(tc, test_bad_lists);
	tcase_add_test(tc, test_reasons);
	tcase_add_test(tc, test_reason_unreachable);
	tcase_add_test(tc, test_reason_single_numeric);
	tcase_add_test(tc, test_reason_dropped);
	tcase_add_test(tc, test_reason_bound);
	suite_add_tcase(s, tc);
	return s;
}

int
main(void)
{
	return sw_test_run(failon_suite());
}
