/* SPDX-License-Identifier: MIT */
/* check_explain.c: unit tests of --explain's sentences, on hand-built
 * connection records. */
#include <check.h>
#include <stdlib.h>
#include <string.h>

#include "conn_fixture.h"
#include "sevenway/report.h"
#include "runner.h"

static struct sw_conn conn;
static char buf[SW_EXPLAIN_MAX];

static void
setup(void)
{
	fx_conn(&conn, 1, "10.0.0.1", 40000, "10.0.0.2", 80);
	memset(buf, 'z', sizeof(buf));
}

static struct sw_time
at(int64_t sec, uint32_t nsec)
{
	struct sw_time t = { sec, nsec };

	return t;
}

/* Assert that the diagnosis of conn is exactly want. */
static void
says(const char *want)
{
	size_t n = sw_explain(&conn, buf, sizeof(buf));

	ck_assert_str_eq(buf, want);
	ck_assert_uint_eq(n, strlen(want));
}

static void
seen(enum sw_step_id id, enum sw_role from, uint64_t frame,
    struct sw_time ts)
{
	conn.step[id].seen = true;
	conn.step[id].ok = true;
	conn.step[id].from = (uint8_t)from;
	conn.step[id].frame = frame;
	conn.step[id].ts = ts;
}

START_TEST(test_normal_is_empty)
{
	ck_assert_uint_eq(sw_explain(&conn, buf, sizeof(buf)), 0);
	ck_assert_str_eq(buf, "");
	/* An anomaly outside the seq/ack group leaves it normal. */
	fx_anomaly(&conn, SW_AN_BAD_CHECKSUM, 6, false, 0, 0);
	ck_assert_uint_eq(sw_explain(&conn, buf, sizeof(buf)), 0);
}
END_TEST

START_TEST(test_unanswered)
{
	conn.handshake = SW_HS_SYN_ONLY;
	conn.close = SW_CLOSE_UNANSWERED;
	conn.closed_by = conn.closer = SW_NOBODY;
	seen(SW_STEP_SYN, SW_CLIENT, 1, at(100, 0));
	conn.peer[SW_CLIENT].syn_ts = at(100, 0);
	says("the server never answered the SYN (frame 1): the client was "
	    "left in SYN_SENT");
	conn.event[SW_EV_SYN_RETRANSMIT] = 2;
	conn.peer[SW_CLIENT].syn_ts = at(103, 100000000);
	says("the server never answered the SYN: 3 SYNs over 3.1 s from "
	    "frame 1, then nothing");
}
END_TEST

START_TEST(test_refused)
{
	conn.handshake = SW_HS_SYN_ONLY;
	conn.close = SW_CLOSE_REFUSED;
	conn.closed_by = conn.rst_by = SW_SERVER;
	conn.closer = SW_NOBODY;
	conn.refused = true;
	seen(SW_STEP_SYN, SW_CLIENT, 1, at(100, 0));
	conn.last_frame = 2;
	says("the server refused the connection: it answered the SYN (frame "
	    "1) with a RST (frame 2); nothing listens on the port, or a "
	    "firewall rejects it");
}
END_TEST

/* An ICMP error kept with the connection, sent to the client. */
static void
icmp_to_client(const char *from, uint64_t frame, uint8_t type,
    uint8_t code)
{
	struct sw_icmp_err *e = &fx_extra(&conn)->icmp[conn.nicmp++];

	fx_addr(&e->from, from);
	e->v6 = e->from.family == 6;
	e->frame = frame;
	e->type = type;
	e->code = code;
	e->to = SW_CLIENT;
	conn.event[SW_EV_ICMP_ERROR]++;
}

START_TEST(test_unreachable)
{
	conn.handshake = SW_HS_SYN_ONLY;
	conn.close = SW_CLOSE_UNREACHABLE;
	conn.closed_by = conn.closer = SW_NOBODY;
	seen(SW_STEP_SYN, SW_CLIENT, 1, at(100, 0));
	/* Time exceeded does not answer the SYN; host unreachable does. */
	icmp_to_client("10.0.0.254", 2, 11, 0);
	icmp_to_client("10.0.0.254", 4, 3, 1);
	says("a router (10.0.0.254) answered the SYN with ICMP host "
	    "unreachable (frame 4): the server was never reached");
}
END_TEST

START_TEST(test_unreachable_host)
{
	conn.handshake = SW_HS_SYN_ONLY;
	conn.close = SW_CLOSE_UNREACHABLE;
	conn.closed_by = conn.closer = SW_NOBODY;
	seen(SW_STEP_SYN, SW_CLIENT, 1, at(100, 0));
	icmp_to_client("10.0.0.2", 2, 3, 13);
	says("the server's host (10.0.0.2) answered the SYN with ICMP "
	    "administratively prohibited (frame 2): a firewall there "
	    "rejects the connection");
	/* None of the errors kept answered the SYN. */
	conn.nicmp = 0;
	says("ICMP destination-unreachable errors answered the SYN (frame "
	    "1): the server was never reached");
}
END_TEST

START_TEST(test_half_open)
{
	conn.handshake = SW_HS_SYN_SYNACK;
	conn.close = SW_CLOSE_HALF_OPEN;
	conn.closed_by = conn.closer = SW_NOBODY;
	seen(SW_STEP_SYNACK, SW_SERVER, 2, at(100, 0));
	conn.peer[SW_SERVER].syn_ts = at(100, 0);
	says("the client never acknowledged the SYN-ACK (frame 2): the "
	    "server holds a half-open connection in SYN_RCVD");
	conn.event[SW_EV_SYNACK_RETRANSMIT] = 2;
	conn.peer[SW_SERVER].syn_ts = at(103, 0);
	says("the client never acknowledged the SYN-ACK (frame 2): the "
	    "server sent it 3 times over 3.0 s and holds a half-open "
	    "connection in SYN_RCVD");
}
END_TEST

START_TEST(test_reset_phases)
{
	conn.close = SW_CLOSE_RESET;
	conn.closed_by = conn.rst_by = SW_CLIENT;
	conn.closer = SW_NOBODY;
	conn.last_frame = 31;
	says("the client reset the connection during the transfer (frame 31)");
	conn.handshake = SW_HS_SYN_SYNACK;
	conn.closed_by = conn.rst_by = SW_SERVER;
	says("the server reset the connection during the handshake (frame "
	    "31)");
	conn.handshake = SW_HS_COMPLETE;
	conn.closer = SW_CLIENT;
	says("the server reset the connection instead of closing its side, "
	    "after the client's FIN (frame 31)");
	conn.closer = SW_SERVER;
	says("the server reset the connection after its own FIN (frame 31)");
}
END_TEST

START_TEST(test_half_closed)
{
	conn.close = SW_CLOSE_HALF_CLOSED;
	conn.peer[SW_CLIENT].state = SW_ST_FIN_WAIT_2;
	conn.peer[SW_SERVER].state = SW_ST_CLOSE_WAIT;
	conn.peer[SW_SERVER].fin_sent = conn.peer[SW_SERVER].fin_acked = false;
	conn.peer[SW_CLIENT].fin_frame = 19;
	seen(SW_STEP_FIN1, SW_CLIENT, 19, at(9, 0));
	seen(SW_STEP_ACK_FIN1, SW_SERVER, 20, at(10, 0));
	conn.last_frame = 20;
	conn.end = at(10, 0);
	says("the server never closed its side: it has sat in CLOSE_WAIT "
	    "since frame 20, the connection's last packet");
	conn.last_frame = 70;
	conn.end = at(63, 200000000);
	says("the server never closed its side: it has sat in CLOSE_WAIT "
	    "since frame 20 (53.2 s to the connection's last packet, frame "
	    "70)");
	/* The FIN was never acknowledged at all. */
	conn.peer[SW_CLIENT].fin_acked = false;
	conn.peer[SW_SERVER].state = SW_ST_ESTABLISHED;
	says("the server never acknowledged the client's FIN (frame 19) and "
	    "never closed its side");
}
END_TEST

START_TEST(test_timeout)
{
	conn.close = SW_CLOSE_TIMEOUT;
	conn.closed_by = conn.closer = SW_NOBODY;
	conn.last_frame = 12;
	says("the connection was still open when sevenway gave up on it "
	    "(idle timeout or --max-flows); its last packet was frame 12");
}
END_TEST

START_TEST(test_handshake_anomalies)
{
	fx_anomaly(&conn, SW_AN_SYNACK_BAD_ACK, 2, true, 1001, 1000);
	says("the server's SYN-ACK acknowledged 1000 instead of j+1 = 1001 "
	    "(frame 2)");
	setup();
	fx_anomaly(&conn, SW_AN_ACK_BAD_ACK, 3, true, 5001, 5002);
	says("the client's handshake ACK acknowledged 5002 instead of k+1 = "
	    "5001 (frame 3)");
	setup();
	fx_anomaly(&conn, SW_AN_ACK_BAD_SEQ, 3, true, 1001, 1003);
	says("the client's handshake ACK had seq 1003 instead of j+1 = 1001 "
	    "(frame 3)");
}
END_TEST

START_TEST(test_fin_anomalies)
{
	conn.peer[SW_CLIENT].fin_seq = 5000;
	conn.peer[SW_CLIENT].fin_frame = 8;
	conn.peer[SW_SERVER].fin_seq = 9000;
	conn.peer[SW_SERVER].fin_frame = 10;
	fx_anomaly(&conn, SW_AN_FIN_BAD_ACK, 9, true, 5001, 5002);
	says("the server acknowledged the client's FIN with 5002 instead of "
	    "m+1 = 5001 (frame 9)");
	conn.nanomaly = 0;
	memset(conn.anomaly_count, 0, sizeof(conn.anomaly_count));
	fx_anomaly(&conn, SW_AN_FIN_BAD_ACK, 11, true, 9001, 9000);
	says("the client acknowledged the server's FIN with 9000 instead of "
	    "n+1 = 9001 (frame 11)");
	conn.nanomaly = 0;
	memset(conn.anomaly_count, 0, sizeof(conn.anomaly_count));
	fx_anomaly(&conn, SW_AN_FIN_BAD_SEQ, 10, true, 8990, 9000);
	says("the server's FIN had seq 9000, but it had sent only up to 8990 "
	    "(frame 10)");
	conn.nanomaly = 0;
	memset(conn.anomaly_count, 0, sizeof(conn.anomaly_count));
	fx_anomaly(&conn, SW_AN_DATA_AFTER_FIN, 9, false, 0, 0);
	says("the client sent new data after its own FIN (frame 9)");
}
END_TEST

START_TEST(test_unseen_data_side)
{
	conn.peer[SW_CLIENT].isn = 1000;
	conn.peer[SW_SERVER].isn = 3000000000u;
	fx_anomaly(&conn, SW_AN_ACK_UNSEEN_DATA, 5, true, 1321, 2321);
	says("the server acknowledged 1000 bytes the client never sent: ack "
	    "2321, highest sent 1321 (frame 5)");
	/* Without both ISNs, no side is named. */
	conn.peer[SW_SERVER].syn_sent = false;
	says("a segment acknowledged 1000 bytes never sent: ack 2321, "
	    "highest sent 1321 (frame 5)");
}
END_TEST

START_TEST(test_close_then_anomaly)
{
	conn.close = SW_CLOSE_RESET;
	conn.closed_by = conn.rst_by = SW_SERVER;
	conn.closer = SW_NOBODY;
	conn.last_frame = 8;
	fx_anomaly(&conn, SW_AN_RST_WITH_DATA, 8, false, 0, 0);
	says("the server reset the connection during the transfer (frame 8); "
	    "the server's RST carried data (frame 8)");
	/* A seq/ack violation is preferred to an earlier other anomaly;
	 * the rest are counted. */
	fx_anomaly(&conn, SW_AN_INVALID_RST, 9, true, 700, 5);
	fx_anomaly(&conn, SW_AN_BAD_CHECKSUM, 10, false, 0, 0);
	says("the server reset the connection during the transfer (frame 8); "
	    "a RST outside the receive window was ignored: seq 5 where 700 "
	    "was expected (frame 9) (2 more anomalies)");
}
END_TEST

START_TEST(test_one_more_anomaly)
{
	fx_anomaly(&conn, SW_AN_SYNACK_BAD_ACK, 2, true, 1001, 1000);
	fx_anomaly(&conn, SW_AN_SYNACK_BAD_ACK, 4, true, 1001, 1000);
	says("the server's SYN-ACK acknowledged 1000 instead of j+1 = 1001 "
	    "(frame 2) (1 more anomaly)");
}
END_TEST

START_TEST(test_truncated)
{
	char small[16];
	size_t n;

	conn.close = SW_CLOSE_TIMEOUT;
	n = sw_explain(&conn, small, sizeof(small));
	ck_assert_uint_eq(n, sizeof(small) - 1);
	ck_assert_str_eq(small, "the connection ");
	ck_assert_uint_eq(sw_explain(&conn, small, 0), 0);
}
END_TEST

/* Every anomaly kind and abnormal close has its own sentence, with
 * every placeholder filled. */
START_TEST(test_every_kind_worded)
{
	for (int k = 0; k < SW_AN__N; k++) {
		setup();
		conn.close = SW_CLOSE_RESET;
		conn.closed_by = conn.rst_by = SW_SERVER;
		fx_anomaly(&conn, k, 7, true, 10, 20);
		ck_assert(sw_explain(&conn, buf, sizeof(buf)) > 0);
		ck_assert_msg(strchr(buf, '%') == NULL && strchr(buf, '?') ==
		    NULL, "%s: %s", sw_anomaly_name(k), buf);
		ck_assert_msg(strstr(buf, "frame 7") != NULL, "%s: %s",
		    sw_anomaly_name(k), buf);
	}
	for (int c = 0; c < SW_CLOSE__N; c++) {
		setup();
		conn.close = c;
		if (!sw_close_is_abnormal(c))
			continue;
		ck_assert(sw_explain(&conn, buf, sizeof(buf)) > 0);
		ck_assert_msg(strchr(buf, '%') == NULL && strstr(buf,
		    "ended as") == NULL, "%s: %s", sw_close_name(c), buf);
	}
}
END_TEST

static Suite *
explain_suite(void)
{
	Suite *s = suite_create("explain");
	TCase *tc = tcase_create("explain");

	tcase_add_checked_fixture(tc, setup, NULL);
	tcase_add_test(tc, test_normal_is_empty);
	tcase_add_test(tc, test_unanswered);
	tcase_add_test(tc, test_refused);
	tcase_add_test(tc, test_unreachable);
	tcase_add_test(tc, test_unreachable_host);
	tcase_add_test(tc, test_half_open);
	tcase_add_test(tc, test_reset_phases);
	tcase_add_test(tc, test_half_closed);
	tcase_add_test(tc, test_timeout);
	tcase_add_test(tc, test_handshake_anomalies);
	tcase_add_test(tc, test_fin_anomalies);
	tcase_add_test(tc, test_unseen_data_side);
	tcase_add_test(tc, test_close_then_anomaly);
	tcase_add_test(tc, test_one_more_anomaly);
	tcase_add_test(tc, test_truncated);
	tcase_add_test(tc, test_every_kind_worded);
	suite_add_tcase(s, tc);
	return s;
}

int
main(void)
{
	return sw_test_run(explain_suite());
}
