/* SPDX-License-Identifier: MIT */
/*
 * check_track.c: the reference state machine, the seven steps and the
 * anomaly detectors, each driven by a minimal sequence of segments.
 */
#include <check.h>
#include <stdlib.h>
#include <string.h>

#include "segs.h"
#include "track.h"
#include "runner.h"

#define J 1000u
#define K 5000u

static struct conv v;

#define EXPECT_STR(got, want) ck_assert_str_eq((got), (want))
#define EXPECT_STATES(c, cs, ss) do { \
	EXPECT_STR(sw_state_name((c)->peer[C].state), cs); \
	EXPECT_STR(sw_state_name((c)->peer[S].state), ss); } while (0)
#define EXPECT_VERDICT(c, hs, cl, by) do { \
	EXPECT_STR(sw_handshake_name((c)->handshake), hs); \
	EXPECT_STR(sw_close_name((c)->close), cl); \
	EXPECT_STR(sw_role_name((c)->closed_by), by); } while (0)

/* Request of 100 bytes, response of 300 bytes, acked. */
static void
exchange(uint32_t j, uint32_t k)
{
	conv_send(&v, C, F_ACK | F_PSH, j + 1, k + 1, 100, 0.001);
	conv_send(&v, S, F_ACK, k + 1, j + 101, 0, 0.010);
	conv_send(&v, S, F_ACK | F_PSH, k + 1, j + 101, 300, 0.001);
	conv_send(&v, C, F_ACK, j + 101, k + 301, 0, 0.001);
}

START_TEST(normal_client_close)
{
	const struct sw_conn *c;

	conv_init(&v, 4, 40000);
	conv_open(&v, J, K);
	exchange(J, K);
	conv_send(&v, C, F_FIN | F_ACK, J + 101, K + 301, 0, 0.1);	/* m */
	conv_send(&v, S, F_ACK, K + 301, J + 102, 0, 0.01);
	conv_send(&v, S, F_FIN | F_ACK, K + 301, J + 102, 0, 0.001);	/* n */
	conv_send(&v, C, F_ACK, J + 102, K + 302, 0, 0.01);
	conv_end(&v);
	ck_assert_int_eq(v.ngot, 1);
	c = conv_get(&v, 1);
	EXPECT_VERDICT(c, "complete", "client-close", "client");
	EXPECT_STATES(c, "TIME_WAIT", "CLOSED");
	EXPECT_STR(sw_conn_zeek_state(c), "SF");
	EXPECT_STR(c->history, "ShADadFf");
	ck_assert_uint_eq(conv_anoms_all(c), 0);
	for (int i = 0; i < SW_STEP__N; i++) {
		ck_assert_msg(c->step[i].seen, "step %d not seen", i + 1);
		ck_assert_msg(c->step[i].ok, "step %d not ok", i + 1);
	}
	ck_assert_uint_eq(c->step[SW_STEP_SYN].frame, 1);
	ck_assert_uint_eq(c->step[SW_STEP_SYNACK].expected_ack, J + 1);
	ck_assert_uint_eq(c->step[SW_STEP_ACK].expected_ack, K + 1);
	ck_assert_uint_eq(c->step[SW_STEP_FIN1].seq, J + 101);
	ck_assert_uint_eq(c->step[SW_STEP_ACK_FIN1].expected_ack, J + 102);
	ck_assert_uint_eq(c->step[SW_STEP_FIN2].from, S);
	ck_assert_uint_eq(c->step[SW_STEP_ACK_FIN2].ack, K + 302);
	ck_assert_uint_eq(c->step[SW_STEP_ACK_FIN2].frame, 11);
	ck_assert_uint_eq(c->peer[C].bytes, 100);
	ck_assert_uint_eq(c->peer[S].bytes, 300);
	for (int e = 0; e < SW_EV__N; e++)
		ck_assert_uint_eq(c->event[e], 0);
}
END_TEST

START_TEST(fin_finack_ack)
{
	const struct sw_conn *c;

	conv_init(&v, 4, 40001);
	conv_open(&v, J, K);
	conv_close3(&v, J + 1, K + 1, 0.1);
	conv_end(&v);
	c = conv_get(&v, 1);
	EXPECT_VERDICT(c, "complete", "client-close", "client");
	EXPECT_STATES(c, "TIME_WAIT", "CLOSED");
	/* Steps 5 and 6 share one segment. */
	ck_assert_uint_eq(c->step[SW_STEP_ACK_FIN1].frame, 5);
	ck_assert_uint_eq(c->step[SW_STEP_FIN2].frame, 5);
	ck_assert(c->step[SW_STEP_ACK_FIN1].ok && c->step[SW_STEP_FIN2].ok);
	ck_assert_uint_eq(conv_anoms_all(c), 0);
}
END_TEST

START_TEST(server_close)
{
	const struct sw_conn *c;

	conv_init(&v, 6, 40002);
	conv_open(&v, J, K);
	exchange(J, K);
	conv_send(&v, S, F_FIN | F_ACK, K + 301, J + 101, 0, 0.1);
	conv_send(&v, C, F_ACK, J + 101, K + 302, 0, 0.01);
	conv_send(&v, C, F_FIN | F_ACK, J + 101, K + 302, 0, 0.01);
	conv_send(&v, S, F_ACK, K + 302, J + 102, 0, 0.01);
	conv_end(&v);
	c = conv_get(&v, 1);
	EXPECT_VERDICT(c, "complete", "server-close", "server");
	EXPECT_STATES(c, "CLOSED", "TIME_WAIT");
	ck_assert_uint_eq(c->step[SW_STEP_FIN1].from, S);
	ck_assert_uint_eq(conv_anoms_all(c), 0);
}
END_TEST

START_TEST(simultaneous_close)
{
	const struct sw_conn *c;

	conv_init(&v, 4, 40003);
	conv_open(&v, J, K);
	conv_send(&v, C, F_FIN | F_ACK, J + 1, K + 1, 0, 0.1);
	conv_send(&v, S, F_FIN | F_ACK, K + 1, J + 1, 0, 0.0001);
	conv_send(&v, C, F_ACK, J + 2, K + 2, 0, 0.0001);
	conv_send(&v, S, F_ACK, K + 2, J + 2, 0, 0.0001);
	conv_end(&v);
	c = conv_get(&v, 1);
	EXPECT_VERDICT(c, "complete", "simultaneous", "client");
	EXPECT_STATES(c, "TIME_WAIT", "TIME_WAIT");
	ck_assert_uint_eq(conv_anoms_all(c), 0);
	ck_assert(c->step[SW_STEP_FIN2].seen && c->step[SW_STEP_ACK_FIN2].ok);
}
END_TEST

START_TEST(simultaneous_open)
{
	const struct sw_conn *c;

	conv_init(&v, 4, 40004);
	conv_send(&v, C, F_SYN, J, 0, 0, 0.0);
	conv_send(&v, S, F_SYN, K, 0, 0, 0.0001);
	conv_send(&v, C, F_SYN | F_ACK, J, K + 1, 0, 0.0001);
	conv_send(&v, S, F_SYN | F_ACK, K, J + 1, 0, 0.0001);
	conv_close3(&v, J + 1, K + 1, 0.1);
	conv_end(&v);
	ck_assert_int_eq(v.ngot, 1);
	c = conv_get(&v, 1);
	EXPECT_VERDICT(c, "simultaneous-open", "client-close", "client");
	EXPECT_STATES(c, "TIME_WAIT", "CLOSED");
	ck_assert_uint_eq(conv_anoms_all(c), 0);
}
END_TEST

START_TEST(refused)
{
	const struct sw_conn *c;

	conv_init(&v, 4, 40005);
	conv_send(&v, C, F_SYN, J, 0, 0, 0.0);
	conv_send(&v, S, F_RST | F_ACK, 0, J + 1, 0, 0.0001);
	conv_end(&v);
	c = conv_get(&v, 1);
	EXPECT_VERDICT(c, "syn-only", "refused", "server");
	EXPECT_STATES(c, "CLOSED", "CLOSED");
	EXPECT_STR(sw_conn_zeek_state(c), "REJ");
	ck_assert_uint_eq(conv_anoms_all(c), 0);
}
END_TEST

/* A SYN that only ICMP destination unreachable answered, retried once. */
START_TEST(icmp_unreachable)
{
	const struct sw_conn *c;

	conv_init(&v, 4, 40040);
	conv_send(&v, C, F_SYN, J, 0, 0, 0);
	conv_icmp(&v, C, 3, 1, J, "10.0.0.254", 0.001);
	conv_send(&v, C, F_SYN, J, 0, 0, 1.0);
	conv_icmp(&v, C, 3, 13, J, "10.0.0.254", 0.001);
	conv_end(&v);
	ck_assert_int_eq(v.ngot, 1);
	c = conv_get(&v, 1);
	EXPECT_VERDICT(c, "syn-only", "unreachable", "none");
	EXPECT_STATES(c, "CLOSED", "LISTEN");
	EXPECT_STR(sw_conn_zeek_state(c), "S0");
	EXPECT_STR(c->history, "S");
	ck_assert_uint_eq(c->event[SW_EV_ICMP_ERROR], 2);
	ck_assert_uint_eq(c->event[SW_EV_SYN_RETRANSMIT], 1);
	ck_assert_uint_eq(c->nicmp, 2);
	ck_assert_uint_eq(c->x->icmp[0].frame, 2);
	ck_assert_uint_eq(c->x->icmp[1].code, 13);
	ck_assert_uint_eq(c->x->icmp[1].to, C);
	ck_assert_uint_eq(c->peer[C].packets, 2);
	ck_assert_uint_eq(c->last_frame, 3);
}
END_TEST

/*
 * Errors that do not make a SYN unreachable: fragmentation needed and
 * time exceeded, an error quoting another seq, an error followed by a
 * SYN-ACK, and an error about an established connection.  An error for
 * no connection creates none.
 */
START_TEST(icmp_not_unreachable)
{
	const struct sw_conn *c;
	const struct sw_stats *st;

	conv_init(&v, 6, 40041);
	conv_icmp(&v, C, 1, 3, J, "2001:db8::fe", 0);	/* no connection */
	conv_send(&v, C, F_SYN, J, 0, 0, 0.001);
	/* Time exceeded, packet too big, not the SYN, to the server. */
	conv_icmp(&v, C, 3, 0, J, "2001:db8::fe", 0.001);
	conv_icmp(&v, C, 2, 0, J, "2001:db8::fe", 0.001);
	conv_icmp(&v, C, 1, 3, J + 7, "2001:db8::fe", 0.001);
	conv_icmp(&v, S, 1, 3, K, "2001:db8::fe", 0.001);
	/* Port unreachable for the SYN: the fifth, counted, not kept. */
	conv_icmp(&v, C, 1, 4, J, "2001:db8::fe", 0.001);
	st = sw_analyzer_stats(v.a);
	ck_assert_uint_eq(st->icmp_unmatched, 1);
	ck_assert_uint_eq(st->connections, 1);
	conv_end(&v);
	c = conv_get(&v, 1);
	EXPECT_VERDICT(c, "syn-only", "unreachable", "none");
	ck_assert_uint_eq(c->event[SW_EV_ICMP_ERROR], 5);
	ck_assert_uint_eq(c->nicmp, SW_MAX_ICMP);
	ck_assert_uint_eq(c->x->icmp[3].to, S);

	/* The SYN-ACK came after all: an ordinary connection. */
	conv_init(&v, 4, 40042);
	conv_send(&v, C, F_SYN, J, 0, 0, 0);
	conv_icmp(&v, C, 3, 1, J, "10.0.0.254", 0.001);
	conv_send(&v, S, F_SYN | F_ACK, K, J + 1, 0, 0.001);
	conv_send(&v, C, F_ACK, J + 1, K + 1, 0, 0.001);
	conv_end(&v);
	c = conv_get(&v, 1);
	EXPECT_VERDICT(c, "complete", "open", "none");
	EXPECT_STATES(c, "ESTABLISHED", "ESTABLISHED");

	/* Path MTU discovery during the transfer: an event only. */
	conv_init(&v, 4, 40043);
	conv_open(&v, J, K);
	conv_icmp(&v, C, 3, 4, J + 1, "10.0.0.254", 0.001);
	exchange(J, K);
	conv_close3(&v, J + 101, K + 301, 0.01);
	conv_end(&v);
	c = conv_get(&v, 1);
	EXPECT_VERDICT(c, "complete", "client-close", "client");
	ck_assert_uint_eq(c->event[SW_EV_ICMP_ERROR], 1);
}
END_TEST

START_TEST(unanswered)
{
	const struct sw_conn *c;

	conv_init(&v, 4, 40006);
	conv_send(&v, C, F_SYN, J, 0, 0, 0.0);
	conv_send(&v, C, F_SYN, J, 0, 0, 1.0);
	conv_send(&v, C, F_SYN, J, 0, 0, 2.0);
	conv_end(&v);
	ck_assert_int_eq(v.ngot, 1);
	c = conv_get(&v, 1);
	EXPECT_VERDICT(c, "syn-only", "unanswered", "none");
	EXPECT_STATES(c, "SYN_SENT", "LISTEN");
	EXPECT_STR(sw_conn_zeek_state(c), "S0");
	ck_assert_uint_eq(c->event[SW_EV_SYN_RETRANSMIT], 2);
}
END_TEST

START_TEST(half_open)
{
	const struct sw_conn *c;

	conv_init(&v, 4, 40007);
	conv_send(&v, C, F_SYN, J, 0, 0, 0.0);
	conv_send(&v, S, F_SYN | F_ACK, K, J + 1, 0, 0.001);
	conv_send(&v, S, F_SYN | F_ACK, K, J + 1, 0, 1.0);
	conv_end(&v);
	c = conv_get(&v, 1);
	EXPECT_VERDICT(c, "syn-synack", "half-open", "none");
	EXPECT_STATES(c, "SYN_SENT", "SYN_RCVD");
	ck_assert_uint_eq(c->event[SW_EV_SYNACK_RETRANSMIT], 1);
	ck_assert(!c->step[SW_STEP_ACK].seen);
}
END_TEST

START_TEST(half_closed_close_wait)
{
	const struct sw_conn *c;

	conv_init(&v, 4, 40008);
	conv_open(&v, J, K);
	conv_send(&v, C, F_FIN | F_ACK, J + 1, K + 1, 0, 0.1);
	conv_send(&v, S, F_ACK, K + 1, J + 2, 0, 0.01);
	conv_end(&v);
	c = conv_get(&v, 1);
	EXPECT_VERDICT(c, "complete", "half-closed", "client");
	EXPECT_STATES(c, "FIN_WAIT_2", "CLOSE_WAIT");
	EXPECT_STR(sw_conn_zeek_state(c), "S2");
}
END_TEST

START_TEST(half_close_peer_data_not_violation)
{
	const struct sw_conn *c;

	conv_init(&v, 4, 40009);
	conv_open(&v, J, K);
	conv_send(&v, C, F_ACK | F_PSH, J + 1, K + 1, 50, 0.001);
	conv_send(&v, C, F_FIN | F_ACK, J + 51, K + 1, 0, 0.001);
	conv_send(&v, S, F_ACK, K + 1, J + 52, 0, 0.01);
	conv_send(&v, S, F_ACK | F_PSH, K + 1, J + 52, 1000, 0.01);
	conv_send(&v, C, F_ACK, J + 52, K + 1001, 0, 0.01);
	conv_send(&v, S, F_ACK | F_PSH, K + 1001, J + 52, 1000, 0.01);
	conv_send(&v, S, F_FIN | F_ACK, K + 2001, J + 52, 0, 0.001);
	conv_send(&v, C, F_ACK, J + 52, K + 2002, 0, 0.01);
	conv_end(&v);
	c = conv_get(&v, 1);
	EXPECT_VERDICT(c, "complete", "client-close", "client");
	EXPECT_STATES(c, "TIME_WAIT", "CLOSED");
	ck_assert_uint_eq(conv_anoms_all(c), 0);
}
END_TEST

START_TEST(open_at_end)
{
	const struct sw_conn *c;

	conv_init(&v, 4, 40010);
	conv_open(&v, J, K);
	exchange(J, K);
	conv_end(&v);
	c = conv_get(&v, 1);
	EXPECT_VERDICT(c, "complete", "open", "none");
	EXPECT_STATES(c, "ESTABLISHED", "ESTABLISHED");
	EXPECT_STR(sw_conn_zeek_state(c), "S1");
}
END_TEST

START_TEST(reset_by_client)
{
	const struct sw_conn *c;

	conv_init(&v, 4, 40011);
	conv_open(&v, J, K);
	exchange(J, K);
	conv_send(&v, C, F_RST, J + 101, 0, 0, 0.1);
	conv_send(&v, S, F_ACK | F_PSH, K + 301, J + 101, 10, 0.0001);
	conv_end(&v);
	ck_assert_int_eq(v.ngot, 1);	/* the late segment is absorbed */
	c = conv_get(&v, 1);
	EXPECT_VERDICT(c, "complete", "reset", "client");
	EXPECT_STATES(c, "CLOSED", "CLOSED");
	EXPECT_STR(sw_conn_zeek_state(c), "RSTO");
	ck_assert_uint_eq(conv_anoms_all(c), 0);
}
END_TEST

/*
 * After a normal close, the server's FIN resent and the client's ACK of
 * it again count in the connection (held for the close delay); new data
 * from the client after its FIN is a new, mid-stream connection.
 */
START_TEST(after_the_end)
{
	const struct sw_conn *c;

	conv_init(&v, 4, 40012);
	conv_open(&v, J, K);
	exchange(J, K);
	conv_close3(&v, J + 101, K + 301, 0.1);
	conv_send(&v, S, F_FIN | F_ACK, K + 301, J + 102, 0, 0.2);
	conv_send(&v, C, F_ACK, J + 102, K + 302, 0, 0.0001);
	conv_send(&v, C, F_ACK | F_PSH, J + 102, K + 302, 50, 0.5);
	conv_end(&v);
	ck_assert_int_eq(v.ngot, 2);
	c = conv_get(&v, 1);
	EXPECT_VERDICT(c, "complete", "client-close", "client");
	EXPECT_STATES(c, "TIME_WAIT", "CLOSED");
	ck_assert_uint_eq(c->peer[C].packets, 7);	/* 6 + the re-ACK */
	ck_assert_uint_eq(c->peer[S].packets, 5);	/* 4 + the FIN again */
	ck_assert_uint_eq(conv_anoms_all(c), 0);
	c = conv_get(&v, 2);
	ck_assert(c->midstream);
	ck_assert_uint_eq(c->peer[C].bytes, 50);
}
END_TEST

/*
 * RFC 7413 §4.2: a server sends data right after its SYN-ACK, before the
 * client's ACK, which then acknowledges k + 1 + 100.  Not ack-bad-ack;
 * an ACK beyond the server's bytes still is.
 */
START_TEST(early_server_data)
{
	const struct sw_conn *c;

	conv_init(&v, 4, 40013);
	conv_send(&v, C, F_SYN, J, 0, 0, 0);
	conv_send(&v, S, F_SYN | F_ACK, K, J + 1, 0, 0.01);
	conv_send(&v, S, F_ACK | F_PSH, K + 1, J + 1, 100, 0.0001);
	conv_send(&v, C, F_ACK, J + 1, K + 101, 0, 0.01);
	conv_close3(&v, J + 1, K + 101, 0.1);
	conv_end(&v);
	c = conv_get(&v, 1);
	EXPECT_VERDICT(c, "complete", "client-close", "client");
	ck_assert(c->step[SW_STEP_ACK].ok);
	ck_assert_uint_eq(c->step[SW_STEP_ACK].expected_ack, K + 101);
	ck_assert_uint_eq(conv_anoms_all(c), 0);
}
END_TEST

START_TEST(early_server_data_overshoot)
{
	const struct sw_conn *c;

	conv_init(&v, 4, 40015);
	conv_send(&v, C, F_SYN, J, 0, 0, 0);
	conv_send(&v, S, F_SYN | F_ACK, K, J + 1, 0, 0.01);
	conv_send(&v, S, F_ACK | F_PSH, K + 1, J + 1, 100, 0.0001);
	conv_send(&v, C, F_ACK, J + 1, K + 102, 0, 0.01);
	conv_end(&v);
	c = conv_get(&v, 1);
	ck_assert(!c->step[SW_STEP_ACK].ok);
	ck_assert_uint_eq(conv_anoms(c, SW_AN_ACK_BAD_ACK), 1);
}
END_TEST

START_TEST(rst_outside_window_ignored)
{
	const struct sw_conn *c;

	conv_init(&v, 4, 40012);
	conv_open(&v, J, K);
	conv_send(&v, S, F_RST, K + 1 + (1u << 30), 0, 0, 0.1);
	conv_close3(&v, J + 1, K + 1, 0.1);
	conv_end(&v);
	c = conv_get(&v, 1);
	EXPECT_VERDICT(c, "complete", "client-close", "client");
	ck_assert_uint_eq(conv_anoms(c, SW_AN_INVALID_RST), 1);
	ck_assert_uint_eq(c->x->anomaly[0].frame, 4);
	ck_assert_uint_eq(c->x->anomaly[0].seen, K + 1 + (1u << 30));
	ck_assert_uint_eq(conv_anoms_all(c), 1);
}
END_TEST

/*
 * RFC 5961 §3.2.  The server's RCV.NXT is J + 101 after exchange();
 * its advertised window is v.win (scaled only when both SYNs carried the
 * window-scale option).  rst_probe sends a client RST at J + 101 + off,
 * then, when `reply`, a server pure ACK (its challenge ACK), then closes
 * normally when the RST was ignored.
 */
static const struct sw_conn *
rst_probe(uint16_t port, int64_t off, bool scale, bool reply)
{
	conv_init(&v, 4, port);
	v.win = 1000;
	if (scale) {
		conv_send_ws(&v, C, F_SYN, J, 0, 7, 0);
		conv_send_ws(&v, S, F_SYN | F_ACK, K, J + 1, 7, 0.01);
		conv_send(&v, C, F_ACK, J + 1, K + 1, 0, 0.001);
	} else {
		conv_open(&v, J, K);
	}
	exchange(J, K);
	conv_send(&v, C, F_RST, (uint32_t)(J + 101 + off), 0, 0, 0.1);
	if (reply) {
		conv_send(&v, S, F_ACK, K + 301, J + 101, 0, 0.0001);
		conv_close3(&v, J + 101, K + 301, 0.1);
	}
	conv_end(&v);
	return conv_get(&v, 1);
}

/* One byte inside each edge is ignored (a challenge ACK follows). */
START_TEST(rst_inside_edges)
{
	const struct sw_conn *c;

	c = rst_probe(40101, 1, false, true);
	EXPECT_VERDICT(c, "complete", "client-close", "client");
	ck_assert_uint_eq(c->event[SW_EV_RST_IGNORED], 1);
	ck_assert_uint_eq(c->event[SW_EV_CHALLENGE_ACK], 1);
	ck_assert_uint_eq(conv_anoms_all(c), 0);
	c = rst_probe(40102, 999, false, true);		/* window 1000 */
	EXPECT_VERDICT(c, "complete", "client-close", "client");
	ck_assert_uint_eq(c->event[SW_EV_RST_IGNORED], 1);
	c = rst_probe(40103, (1000 << 7) - 1, true, true);	/* scaled */
	EXPECT_VERDICT(c, "complete", "client-close", "client");
	ck_assert_uint_eq(c->event[SW_EV_RST_IGNORED], 1);
	ck_assert_uint_eq(conv_anoms_all(c), 0);
}
END_TEST

/* One byte outside each edge is invalid-rst. */
START_TEST(rst_outside_edges)
{
	const struct sw_conn *c;

	c = rst_probe(40104, -1, false, true);		/* below RCV.NXT */
	EXPECT_VERDICT(c, "complete", "client-close", "client");
	ck_assert_uint_eq(conv_anoms(c, SW_AN_INVALID_RST), 1);
	ck_assert_uint_eq(c->event[SW_EV_RST_IGNORED], 0);
	c = rst_probe(40105, 1000, false, true);	/* RCV.NXT + window */
	ck_assert_uint_eq(conv_anoms(c, SW_AN_INVALID_RST), 1);
	c = rst_probe(40106, 1000 << 7, true, true);	/* scaled edge */
	ck_assert_uint_eq(conv_anoms(c, SW_AN_INVALID_RST), 1);
	/* Without agreed scaling the window is the raw 1000: 1000 << 7 - 1
	 * is far outside. */
	c = rst_probe(40107, (1000 << 7) - 1, false, true);
	ck_assert_uint_eq(conv_anoms(c, SW_AN_INVALID_RST), 1);
}
END_TEST

/* Exactly at RCV.NXT: reset at once. */
START_TEST(rst_exact_resets)
{
	const struct sw_conn *c = rst_probe(40108, 0, false, false);

	EXPECT_VERDICT(c, "complete", "reset", "client");
	EXPECT_STATES(c, "CLOSED", "CLOSED");
	ck_assert_uint_eq(c->event[SW_EV_RST_IGNORED], 0);
}
END_TEST

/* Inside the window and nothing follows: taken, as an older stack. */
START_TEST(rst_inside_nothing_follows)
{
	const struct sw_conn *c = rst_probe(40109, 10, false, false);

	EXPECT_VERDICT(c, "complete", "reset", "client");
	EXPECT_STATES(c, "CLOSED", "CLOSED");
	ck_assert_uint_eq(c->event[SW_EV_RST_IGNORED], 0);
	ck_assert_uint_eq(conv_anoms_all(c), 0);
}
END_TEST

/* A challenge ACK, then the sender's RST exactly at RCV.NXT resets. */
START_TEST(challenge_ack_then_exact_rst)
{
	const struct sw_conn *c;

	conv_init(&v, 4, 40110);
	conv_open(&v, J, K);
	exchange(J, K);
	conv_send(&v, C, F_RST, J + 101 + 500, 0, 0, 0.1);
	conv_send(&v, S, F_ACK, K + 301, J + 101, 0, 0.0001);
	conv_send(&v, C, F_RST, J + 101, 0, 0, 0.0001);
	conv_end(&v);
	ck_assert_int_eq(v.ngot, 1);
	c = conv_get(&v, 1);
	EXPECT_VERDICT(c, "complete", "reset", "client");
	ck_assert_uint_eq(c->event[SW_EV_RST_IGNORED], 1);
	ck_assert_uint_eq(c->event[SW_EV_CHALLENGE_ACK], 1);
	ck_assert_uint_eq(c->last_frame, 10);
}
END_TEST

START_TEST(rst_with_data)
{
	const struct sw_conn *c;

	conv_init(&v, 4, 40013);
	conv_open(&v, J, K);
	conv_send(&v, S, F_RST | F_ACK, K + 1, J + 1, 20, 0.1);
	conv_end(&v);
	c = conv_get(&v, 1);
	EXPECT_VERDICT(c, "complete", "reset", "server");
	ck_assert_uint_eq(conv_anoms(c, SW_AN_RST_WITH_DATA), 1);
	EXPECT_STR(sw_conn_zeek_state(c), "RSTR");
}
END_TEST

START_TEST(synack_bad_ack)
{
	const struct sw_conn *c;

	conv_init(&v, 4, 40014);
	conv_send(&v, C, F_SYN, J, 0, 0, 0.0);
	conv_send(&v, S, F_SYN | F_ACK, K, J + 2, 0, 0.001);
	conv_send(&v, C, F_ACK, J + 1, K + 1, 0, 0.001);
	conv_end(&v);
	c = conv_get(&v, 1);
	ck_assert_uint_eq(conv_anoms(c, SW_AN_SYNACK_BAD_ACK), 1);
	ck_assert_uint_eq(conv_anoms_all(c), 1);
	ck_assert_uint_eq(c->x->anomaly[0].expected, J + 1);
	ck_assert_uint_eq(c->x->anomaly[0].seen, J + 2);
	ck_assert(!c->step[SW_STEP_SYNACK].ok);
	EXPECT_STR(sw_handshake_name(c->handshake), "complete");
}
END_TEST

START_TEST(ack_bad_ack_and_seq)
{
	const struct sw_conn *c;

	conv_init(&v, 4, 40015);
	conv_send(&v, C, F_SYN, J, 0, 0, 0.0);
	conv_send(&v, S, F_SYN | F_ACK, K, J + 1, 0, 0.001);
	conv_send(&v, C, F_ACK, J + 3, K + 2, 0, 0.001);
	conv_end(&v);
	c = conv_get(&v, 1);
	ck_assert_uint_eq(conv_anoms(c, SW_AN_ACK_BAD_ACK), 1);
	ck_assert_uint_eq(conv_anoms(c, SW_AN_ACK_BAD_SEQ), 1);
	ck_assert_uint_eq(conv_anoms_all(c), 2);
	ck_assert_uint_eq(c->step[SW_STEP_ACK].expected_ack, K + 1);
	ck_assert_uint_eq(c->step[SW_STEP_ACK].expected_seq, J + 1);
}
END_TEST

START_TEST(fin_bad_ack_beyond)
{
	const struct sw_conn *c;

	conv_init(&v, 4, 40016);
	conv_open(&v, J, K);
	conv_send(&v, C, F_FIN | F_ACK, J + 1, K + 1, 0, 0.1);
	conv_send(&v, S, F_ACK, K + 1, J + 3, 0, 0.01);
	conv_send(&v, S, F_FIN | F_ACK, K + 1, J + 3, 0, 0.01);
	conv_send(&v, C, F_ACK, J + 2, K + 2, 0, 0.01);
	conv_end(&v);
	c = conv_get(&v, 1);
	ck_assert_uint_eq(conv_anoms(c, SW_AN_FIN_BAD_ACK), 1);
	ck_assert_uint_eq(conv_anoms_all(c), 1);
	ck_assert_uint_eq(c->x->anomaly[0].expected, J + 2);
	ck_assert_uint_eq(c->x->anomaly[0].seen, J + 3);
	ck_assert_uint_eq(c->x->anomaly[0].frame, 5);
}
END_TEST

START_TEST(fin_bad_ack_short)
{
	const struct sw_conn *c;

	/* The FIN is "acked" with m: never covered although the server
	 * answered twice. */
	conv_init(&v, 4, 40017);
	conv_open(&v, J, K);
	conv_send(&v, C, F_FIN | F_ACK, J + 1, K + 1, 0, 0.1);
	conv_send(&v, S, F_ACK, K + 1, J + 1, 0, 0.01);
	conv_send(&v, S, F_FIN | F_ACK, K + 1, J + 1, 0, 0.01);
	conv_send(&v, C, F_ACK, J + 2, K + 2, 0, 0.01);
	conv_end(&v);
	c = conv_get(&v, 1);
	ck_assert_uint_eq(conv_anoms(c, SW_AN_FIN_BAD_ACK), 1);
	ck_assert_uint_eq(c->x->anomaly[0].expected, J + 2);
	ck_assert_uint_eq(c->x->anomaly[0].seen, J + 1);
	ck_assert(!c->step[SW_STEP_ACK_FIN1].ok);
}
END_TEST

START_TEST(fin_bad_seq_gap)
{
	const struct sw_conn *c;

	conv_init(&v, 4, 40018);
	conv_open(&v, J, K);
	conv_close3(&v, J + 11, K + 1, 0.1);
	conv_end(&v);
	c = conv_get(&v, 1);
	ck_assert_uint_eq(conv_anoms(c, SW_AN_FIN_BAD_SEQ), 1);
	ck_assert_uint_eq(conv_anoms_all(c), 1);
	ck_assert_uint_eq(c->x->anomaly[0].expected, J + 1);
	ck_assert_uint_eq(c->x->anomaly[0].seen, J + 11);
	ck_assert(!c->step[SW_STEP_FIN1].ok);
}
END_TEST

START_TEST(fin_reordered_not_violation)
{
	const struct sw_conn *c;

	/* The last data segment arrives just after the FIN. */
	conv_init(&v, 4, 40019);
	conv_open(&v, J, K);
	conv_send(&v, C, F_FIN | F_ACK, J + 101, K + 1, 0, 0.1);
	conv_send(&v, C, F_ACK | F_PSH, J + 1, K + 1, 100, 0.00001);
	conv_send(&v, S, F_FIN | F_ACK, K + 1, J + 102, 0, 0.01);
	conv_send(&v, C, F_ACK, J + 102, K + 2, 0, 0.01);
	conv_end(&v);
	c = conv_get(&v, 1);
	ck_assert_uint_eq(conv_anoms_all(c), 0);
	ck_assert_uint_eq(c->event[SW_EV_OUT_OF_ORDER], 1);
	ck_assert(c->step[SW_STEP_FIN1].ok);
}
END_TEST

START_TEST(data_after_fin)
{
	const struct sw_conn *c;

	conv_init(&v, 4, 40020);
	conv_open(&v, J, K);
	conv_send(&v, C, F_FIN | F_ACK, J + 1, K + 1, 0, 0.1);
	conv_send(&v, C, F_ACK | F_PSH, J + 2, K + 1, 10, 0.001);
	conv_end(&v);
	c = conv_get(&v, 1);
	ck_assert_uint_eq(conv_anoms(c, SW_AN_DATA_AFTER_FIN), 1);
	ck_assert_uint_eq(c->x->anomaly[0].frame, 5);
}
END_TEST

START_TEST(retransmission_after_fin_not_violation)
{
	const struct sw_conn *c;

	conv_init(&v, 4, 40021);
	conv_open(&v, J, K);
	conv_send(&v, C, F_ACK | F_PSH, J + 1, K + 1, 100, 0.001);
	conv_send(&v, C, F_FIN | F_ACK, J + 101, K + 1, 0, 0.001);
	conv_send(&v, C, F_ACK | F_PSH, J + 1, K + 1, 100, 0.2);	/* retx */
	conv_send(&v, C, F_FIN | F_ACK, J + 101, K + 1, 0, 0.001);	/* retx */
	conv_send(&v, S, F_FIN | F_ACK, K + 1, J + 102, 0, 0.01);
	conv_send(&v, C, F_ACK, J + 102, K + 2, 0, 0.01);
	conv_end(&v);
	c = conv_get(&v, 1);
	ck_assert_uint_eq(conv_anoms_all(c), 0);
	ck_assert_uint_eq(c->event[SW_EV_RETRANSMISSION], 2);
	EXPECT_VERDICT(c, "complete", "client-close", "client");
}
END_TEST

START_TEST(ack_unseen_data)
{
	const struct sw_conn *c;

	conv_init(&v, 4, 40022);
	conv_open(&v, J, K);
	conv_send(&v, C, F_ACK | F_PSH, J + 1, K + 1, 100, 0.001);
	conv_send(&v, S, F_ACK, K + 1, J + 1101, 0, 0.01);
	conv_end(&v);
	c = conv_get(&v, 1);
	ck_assert_uint_eq(conv_anoms(c, SW_AN_ACK_UNSEEN_DATA), 1);
	ck_assert_uint_eq(c->x->anomaly[0].expected, J + 101);
	ck_assert_uint_eq(c->x->anomaly[0].seen, J + 1101);
}
END_TEST

START_TEST(bad_checksum_dropped)
{
	const struct sw_conn *c;

	conv_init(&v, 4, 40023);
	conv_open(&v, J, K);
	v.csum = SW_CSUM_BAD;
	conv_send(&v, C, F_FIN | F_ACK, J + 1, K + 1, 0, 0.1);
	conv_end(&v);
	c = conv_get(&v, 1);
	ck_assert_uint_eq(conv_anoms(c, SW_AN_BAD_CHECKSUM), 1);
	EXPECT_STR(sw_close_name(c->close), "open");	/* FIN not taken */
}
END_TEST

START_TEST(keepalive_and_zero_window)
{
	const struct sw_conn *c;

	conv_init(&v, 4, 40024);
	conv_open(&v, J, K);
	exchange(J, K);
	conv_send(&v, C, F_ACK, J + 100, K + 301, 0, 75.0);	/* keepalive */
	conv_send(&v, S, F_ACK, K + 301, J + 101, 0, 0.01);
	conv_send(&v, C, F_ACK, J + 100, K + 301, 1, 75.0);	/* 1 byte */
	conv_send(&v, S, F_ACK, K + 301, J + 101, 0, 0.01);
	v.win = 0;
	conv_send(&v, S, F_ACK, K + 301, J + 101, 0, 0.01);	/* zero win */
	v.win = 64240;
	conv_send(&v, C, F_ACK, J + 100, K + 301, 0, 0.2);	/* probe */
	conv_send(&v, S, F_ACK, K + 301, J + 101, 0, 0.01);	/* update */
	conv_end(&v);
	c = conv_get(&v, 1);
	ck_assert_uint_eq(conv_anoms_all(c), 0);
	ck_assert_uint_eq(c->event[SW_EV_KEEPALIVE], 2);
	ck_assert_uint_eq(c->event[SW_EV_ZERO_WINDOW], 1);
	ck_assert_uint_eq(c->event[SW_EV_ZERO_WINDOW_PROBE], 1);
	ck_assert_uint_eq(c->event[SW_EV_WINDOW_UPDATE], 1);
	ck_assert_uint_eq(c->event[SW_EV_DUP_ACK], 0);
	ck_assert_uint_eq(c->event[SW_EV_RETRANSMISSION], 0);
}
END_TEST

START_TEST(sequence_wraparound)
{
	const struct sw_conn *c;
	uint32_t j = 0xFFFFF000u, k = 0xFFFFFF00u, cs = j + 1, ss = k + 1;

	conv_init(&v, 4, 40025);
	conv_open(&v, j, k);
	for (int i = 0; i < 20; i++) {
		conv_send(&v, C, F_ACK | F_PSH, cs, ss, 1000, 0.001);
		cs += 1000;
		conv_send(&v, S, F_ACK | F_PSH, ss, cs, 100, 0.001);
		ss += 100;
		conv_send(&v, C, F_ACK, cs, ss, 0, 0.001);
	}
	conv_send(&v, C, F_FIN | F_ACK, cs, ss, 0, 0.1);
	conv_send(&v, S, F_FIN | F_ACK, ss, cs + 1, 0, 0.01);
	conv_send(&v, C, F_ACK, cs + 1, ss + 1, 0, 0.01);
	conv_end(&v);
	c = conv_get(&v, 1);
	ck_assert(cs < j);	/* it did wrap */
	EXPECT_VERDICT(c, "complete", "client-close", "client");
	EXPECT_STATES(c, "TIME_WAIT", "CLOSED");
	ck_assert_uint_eq(conv_anoms_all(c), 0);
	ck_assert_uint_eq(c->event[SW_EV_RETRANSMISSION], 0);
	ck_assert_uint_eq(c->event[SW_EV_DUP_ACK], 0);
}
END_TEST

START_TEST(port_reuse)
{
	conv_init(&v, 4, 40026);
	for (int r = 0; r < 2; r++) {
		uint32_t j = J + (uint32_t)r * 100000;

		conv_open(&v, j, K);
		conv_send(&v, C, F_FIN | F_ACK, j + 1, K + 1, 0, 0.1);
		conv_send(&v, S, F_FIN | F_ACK, K + 1, j + 2, 0, 0.01);
		conv_send(&v, C, F_ACK, j + 2, K + 2, 0, 0.01);
		/* the last ACK retransmitted: absorbed */
		conv_send(&v, C, F_ACK, j + 2, K + 2, 0, 0.5);
	}
	conv_end(&v);
	ck_assert_int_eq(v.ngot, 2);
	ck_assert_str_eq(sw_close_name(conv_get(&v, 1)->close), "client-close");
	ck_assert_str_eq(sw_close_name(conv_get(&v, 2)->close), "client-close");
	ck_assert_uint_eq(conv_get(&v, 2)->first_frame, 8);
}
END_TEST

START_TEST(midstream_pickup)
{
	const struct sw_conn *c;

	conv_init(&v, 4, 40027);
	/* first packet comes from the server (port 80) */
	conv_send(&v, S, F_ACK | F_PSH, K + 1, J + 1, 500, 0.0);
	conv_send(&v, C, F_ACK, J + 1, K + 501, 0, 0.01);
	conv_close3(&v, J + 1, K + 501, 0.1);
	conv_end(&v);
	c = conv_get(&v, 1);
	ck_assert(c->midstream);
	ck_assert_uint_eq(c->peer[S].port, 80);
	EXPECT_VERDICT(c, "none", "client-close", "client");
	EXPECT_STATES(c, "TIME_WAIT", "CLOSED");
	ck_assert_uint_eq(conv_anoms_all(c), 0);
}
END_TEST

START_TEST(new_isn_after_unanswered)
{
	conv_init(&v, 4, 40028);
	conv_send(&v, C, F_SYN, J, 0, 0, 0.0);
	conv_send(&v, C, F_SYN, J + 77777, 0, 0, 1.0);
	conv_end(&v);
	ck_assert_int_eq(v.ngot, 2);
}
END_TEST

START_TEST(idle_timeout_and_cap)
{
	struct sw_analyzer_config cfg;
	const struct sw_conn *c;

	sw_analyzer_config_init(&cfg);
	cfg.idle_timeout = 10;
	conv_init_cfg(&v, 4, 40029, &cfg);
	conv_open(&v, J, K);
	conv_send(&v, C, F_ACK | F_PSH, J + 1, K + 1, 10, 0.1);
	v.port[C] = 40030;
	conv_open(&v, J, K);		/* 10+ s later: the first expires */
	v.t.sec += 20;
	conv_open(&v, J, K);
	conv_end(&v);
	ck_assert_int_eq(v.ngot, 3);
	c = conv_get(&v, 1);	/* idle 20 s > 10 s: ended by the timeout */
	ck_assert_str_eq(sw_close_name(c->close), "timeout");
	ck_assert(c->evicted);
	c = conv_get(&v, 3);	/* still active at the end */
	ck_assert_str_eq(sw_close_name(c->close), "open");
	ck_assert(!c->evicted);
}
END_TEST

START_TEST(max_flows_evicts_oldest)
{
	struct sw_analyzer_config cfg;
	const struct sw_stats *st;

	sw_analyzer_config_init(&cfg);
	cfg.max_flows = 2;
	conv_init_cfg(&v, 4, 41000, &cfg);
	for (int i = 0; i < 3; i++) {
		v.port[C] = (uint16_t)(41000 + i);
		conv_open(&v, J, K);
	}
	st = sw_analyzer_stats(v.a);
	ck_assert_uint_eq(st->evicted_cap, 1);
	ck_assert_int_eq(v.ngot, 1);
	ck_assert_uint_eq(v.got[0].id, 1);	/* the oldest went first */
	ck_assert_str_eq(sw_close_name(v.got[0].close), "timeout");
	conv_end(&v);
	ck_assert_int_eq(v.ngot, 3);
}
END_TEST

START_TEST(idle_eviction_is_timeout)
{
	struct sw_analyzer_config cfg;

	sw_analyzer_config_init(&cfg);
	cfg.idle_timeout = 5;
	conv_init_cfg(&v, 4, 42000, &cfg);
	conv_open(&v, J, K);
	v.port[C] = 42001;
	conv_send(&v, C, F_SYN, J, 0, 0, 30.0);	/* time passes */
	ck_assert_int_eq(v.ngot, 1);
	ck_assert_str_eq(sw_close_name(v.got[0].close), "timeout");
	ck_assert(v.got[0].evicted);
	ck_assert_uint_eq(sw_analyzer_stats(v.a)->evicted_idle, 1);
	conv_end(&v);
}
END_TEST

START_TEST(out_of_order_and_dupack)
{
	const struct sw_conn *c;

	conv_init(&v, 4, 40031);
	conv_open(&v, J, K);
	conv_send(&v, C, F_ACK | F_PSH, J + 101, K + 1, 100, 0.001);
	conv_send(&v, S, F_ACK, K + 1, J + 1, 0, 0.0001);
	conv_send(&v, C, F_ACK | F_PSH, J + 1, K + 1, 100, 0.00002);
	conv_send(&v, S, F_ACK | F_PSH, K + 1, J + 201, 100, 0.0001);
	conv_send(&v, S, F_ACK, K + 101, J + 201, 0, 0.0001);
	conv_send(&v, S, F_ACK, K + 101, J + 201, 0, 0.0001);
	conv_end(&v);
	c = conv_get(&v, 1);
	ck_assert_uint_eq(c->event[SW_EV_OUT_OF_ORDER], 1);
	ck_assert_uint_eq(c->event[SW_EV_RETRANSMISSION], 0);
	ck_assert_uint_eq(conv_anoms_all(c), 0);
}
END_TEST

START_TEST(window_scale_rst_check)
{
	const struct sw_conn *c;

	/* Window 100 << 7 = 12800 bytes: an RST 12000 ahead is valid. */
	conv_init(&v, 4, 40032);
	v.win = 100;
	conv_send_ws(&v, C, F_SYN, J, 0, 7, 0.0);
	conv_send_ws(&v, S, F_SYN | F_ACK, K, J + 1, 7, 0.001);
	conv_send(&v, C, F_ACK, J + 1, K + 1, 0, 0.001);
	conv_send(&v, S, F_ACK, K + 1, J + 1, 0, 0.001);
	conv_send(&v, C, F_RST, J + 12001, 0, 0, 0.1);
	conv_end(&v);
	c = conv_get(&v, 1);
	EXPECT_VERDICT(c, "complete", "reset", "client");
	ck_assert_uint_eq(conv_anoms_all(c), 0);
}
END_TEST


START_TEST(fast_open_syn_data)
{
	const struct sw_conn *c;

	/* RFC 7413: 100 bytes in the SYN, acked by the SYN-ACK. */
	conv_init(&v, 4, 40033);
	conv_send(&v, C, F_SYN, J, 0, 100, 0.0);
	conv_send(&v, S, F_SYN | F_ACK, K, J + 101, 0, 0.01);
	conv_send(&v, C, F_ACK, J + 101, K + 1, 0, 0.0001);
	conv_close3(&v, J + 101, K + 1, 0.1);
	conv_end(&v);
	c = conv_get(&v, 1);
	EXPECT_VERDICT(c, "complete", "client-close", "client");
	ck_assert_uint_eq(conv_anoms_all(c), 0);
	ck_assert_uint_eq(c->step[SW_STEP_SYNACK].expected_ack, J + 101);
}
END_TEST

START_TEST(fast_open_data_refused)
{
	const struct sw_conn *c;

	/* The server ignores the SYN data: acks j + 1, the client resends. */
	conv_init(&v, 4, 40034);
	conv_send(&v, C, F_SYN, J, 0, 100, 0.0);
	conv_send(&v, S, F_SYN | F_ACK, K, J + 1, 0, 0.01);
	conv_send(&v, C, F_ACK | F_PSH, J + 1, K + 1, 100, 0.0001);
	conv_end(&v);
	c = conv_get(&v, 1);
	ck_assert_uint_eq(conv_anoms_all(c), 0);
	EXPECT_STR(sw_handshake_name(c->handshake), "complete");
}
END_TEST

START_TEST(probe_at_snd_una)
{
	const struct sw_conn *c;

	/* Linux probes at SND.UNA - 1 with data still unacknowledged. */
	conv_init(&v, 4, 40035);
	conv_open(&v, J, K);
	conv_send(&v, C, F_ACK | F_PSH, J + 1, K + 1, 100, 0.001);
	conv_send(&v, C, F_ACK | F_PSH, J + 101, K + 1, 100, 0.001);
	v.win = 0;
	conv_send(&v, S, F_ACK, K + 1, J + 101, 0, 0.01);
	v.win = 64240;
	conv_send(&v, C, F_ACK, J + 100, K + 1, 0, 0.2);
	conv_end(&v);
	c = conv_get(&v, 1);
	ck_assert_uint_eq(c->event[SW_EV_ZERO_WINDOW_PROBE], 1);
	ck_assert_uint_eq(c->event[SW_EV_RETRANSMISSION], 0);
	ck_assert_uint_eq(conv_anoms_all(c), 0);
}
END_TEST

START_TEST(syn_after_silent_death)
{
	conv_init(&v, 4, 40036);
	conv_open(&v, J, K);
	conv_send(&v, C, F_ACK | F_PSH, J + 1, K + 1, 10, 0.01);
	/* A SYN 1 s later is a challenge-ACK case: same connection. */
	conv_send(&v, C, F_SYN, J + 500000, 0, 0, 1.0);
	conv_send(&v, S, F_ACK, K + 1, J + 11, 0, 0.01);
	/* 10 minutes of silence, then a new handshake on the same ports. */
	v.t.sec += 600;
	conv_open(&v, J + 900000, K + 900000);
	conv_end(&v);
	ck_assert_int_eq(v.ngot, 2);
	ck_assert_uint_eq(conv_anoms_all(conv_get(&v, 1)), 0);
	ck_assert_uint_eq(conv_anoms_all(conv_get(&v, 2)), 0);
	EXPECT_STR(sw_handshake_name(conv_get(&v, 2)->handshake), "complete");
}
END_TEST


/* xorshift64*: deterministic, so a failure is reproducible. */
static uint64_t
rnd(uint64_t *x)
{
	*x ^= *x >> 12;
	*x ^= *x << 25;
	*x ^= *x >> 27;
	return *x * 0x2545F4914F6CDD1DULL;
}

static struct sw_analyzer_config rcfg;
static uint8_t rseen[1 << 20];	/* emitted once each, by id */
static unsigned long remitted, rbad;

static void
rcollect(void *ctx, const struct sw_conn *c)
{
	(void)ctx;
	remitted++;
	if (c->id >= (1 << 20) || rseen[c->id]++ ||
	    c->peer[0].state >= SW_ST__N || c->peer[1].state >= SW_ST__N ||
	    c->close >= SW_CLOSE__N || c->handshake >= SW_HS__N ||
	    c->closed_by > SW_NOBODY || c->nanomaly > SW_MAX_ANOMALIES ||
	    c->hlen > SW_HISTORY_MAX || c->history[c->hlen] != '\0')
		rbad++;
	for (int i = 0; i < SW_STEP__N; i++)
		if (c->step[i].seen && c->step[i].from > SW_SERVER)
			rbad++;
}

/*
 * Arbitrary segments (any flags, seq/ack near or far from each other,
 * bad checksums) on a few 4-tuples: every connection is emitted once
 * with values inside their vocabularies, and nothing crashes (this runs
 * under ASan/UBSan in the sanitizer build).
 */
START_TEST(random_segments_keep_invariants)
{
	struct sw_sink sink = { rcollect, NULL };
	struct sw_analyzer *a;
	struct sw_time t = { 1700000000, 0 };
	uint64_t x = 0x9E3779B97F4A7C15ULL;
	uint32_t base[2] = { 1000, 5000 };

	sw_analyzer_config_init(&rcfg);
	rcfg.max_flows = 8;
	rcfg.idle_timeout = 5;
	a = sw_analyzer_new(&rcfg, &sink, NULL);
	memset(rseen, 0, sizeof(rseen));
	remitted = rbad = 0;
	for (int i = 0; i < 200000; i++) {
		struct sw_pkt p;
		uint64_t r = rnd(&x);
		int from = (int)(r & 1), port = (int)((r >> 1) & 15);
		static const uint8_t fl[] = { F_SYN, F_SYN | F_ACK, F_ACK,
		    F_ACK | F_PSH, F_FIN | F_ACK, F_RST, F_RST | F_ACK, F_FIN,
		    F_SYN | F_FIN, 0, 0xff };

		memset(&p, 0, sizeof(p));
		p.ip_version = 4;
		p.src.family = p.dst.family = 4;
		p.src.a[3] = (uint8_t)(1 + from);
		p.dst.a[3] = (uint8_t)(2 - from);
		p.sport = from ? 80 : (uint16_t)(40000 + port);
		p.dport = from ? (uint16_t)(40000 + port) : 80;
		p.flags = fl[(r >> 5) % sizeof(fl)];
		/* Mostly near the expected numbers, sometimes anywhere. */
		p.seq = (r >> 9) % 8 ? base[from] + (uint32_t)((r >> 12) % 3000)
		    : (uint32_t)(r >> 32);
		p.ack = (r >> 14) % 8 ? base[!from] + (uint32_t)((r >> 17) % 3000)
		    : (uint32_t)rnd(&x);
		p.paylen = p.paycap = (r >> 20) % 4 ? 0 : (uint32_t)((r >> 22) % 1500);
		p.win = (uint16_t)((r >> 40) % 3 ? 65535 : 0);
		p.opt.has_wscale = (r >> 44) & 1;
		p.opt.wscale = (uint8_t)((r >> 45) % 16);
		p.csum = (r >> 50) % 50 ? SW_CSUM_OK : SW_CSUM_BAD;
		if ((r >> 52) % 1000 == 0)
			base[from] += 0x40000000u;	/* jump across the space */
		t.nsec += (uint32_t)((r >> 54) % 1000000);
		if (t.nsec >= 1000000000u) {
			t.sec++;
			t.nsec -= 1000000000u;
		}
		if ((r >> 60) == 0)
			t.sec += 10;			/* let idle flows expire */
		sw_analyzer_segment(a, &p, t, (uint64_t)i + 1);
	}
	sw_analyzer_finish(a);
	ck_assert_uint_eq(remitted, sw_analyzer_stats(a)->connections);
	ck_assert_uint_eq(rbad, 0);
	ck_assert_uint_gt(remitted, 100);
	sw_analyzer_free(a);
}
END_TEST

/* One segment of 10.0.0.1:40000 <-> 10.0.0.2:80, for sw_track_* alone. */
static struct sw_pkt
bare_seg(bool from_client, uint8_t flags, uint32_t seq, uint32_t ack)
{
	struct sw_pkt p;

	memset(&p, 0, sizeof(p));
	p.ip_version = 4;
	p.src.family = p.dst.family = 4;
	memcpy(p.src.a, from_client ? "\12\0\0\1" : "\12\0\0\2", 4);
	memcpy(p.dst.a, from_client ? "\12\0\0\2" : "\12\0\0\1", 4);
	p.sport = from_client ? 40000 : 80;
	p.dport = from_client ? 80 : 40000;
	p.flags = flags;
	p.seq = seq;
	p.ack = ack;
	p.win = 64240;
	p.csum = SW_CSUM_OK;
	return p;
}

/*
 * A record with no extra part to take (its pool out of memory; here a
 * record outside any table): the counts stay and the detail goes, and an
 * in-window RST is decided at once, as an older stack decides it.
 */
START_TEST(no_extra_part_keeps_counts)
{
	struct sw_conn c;
	struct sw_time ts = { 1700000000, 0 };
	struct sw_pkt p = bare_seg(true, F_SYN, J, 0);

	memset(&c, 0, sizeof(c));
	sw_track_init(&c, 1, &p, ts, 1);
	sw_track_segment(&c, &p, SW_CLIENT, ts, 1);
	p = bare_seg(false, F_SYN | F_ACK, K, J + 2);	/* wants J + 1 */
	sw_track_segment(&c, &p, SW_SERVER, ts, 2);
	p = bare_seg(true, F_ACK, J + 1, K + 1);
	sw_track_segment(&c, &p, SW_CLIENT, ts, 3);
	ck_assert_uint_eq(c.anomaly_count[SW_AN_SYNACK_BAD_ACK], 1);
	ck_assert_uint_eq(c.nanomaly, 0);
	ck_assert_uint_eq(c.anomaly_dropped, 1);
	ck_assert(!c.over);
	p = bare_seg(true, F_RST, J + 101, 0);		/* in the window */
	sw_track_segment(&c, &p, SW_CLIENT, ts, 4);
	ck_assert(c.over);
	ck_assert(!c.rst_pending);
	ck_assert_uint_eq(c.rst_by, SW_CLIENT);
	ck_assert_uint_eq(c.rst.frame, 4);
	ck_assert_ptr_null(c.x);
}
END_TEST

static Suite *
track_suite(void)
{
	Suite *s = suite_create("track");
	TCase *t = tcase_create("scenarios");

	tcase_add_test(t, after_the_end);
	tcase_add_test(t, early_server_data);
	tcase_add_test(t, early_server_data_overshoot);
	tcase_add_test(t, normal_client_close);
	tcase_add_test(t, icmp_unreachable);
	tcase_add_test(t, icmp_not_unreachable);
	tcase_add_test(t, fin_finack_ack);
	tcase_add_test(t, server_close);
	tcase_add_test(t, simultaneous_close);
	tcase_add_test(t, simultaneous_open);
	tcase_add_test(t, refused);
	tcase_add_test(t, unanswered);
	tcase_add_test(t, half_open);
	tcase_add_test(t, half_closed_close_wait);
	tcase_add_test(t, half_close_peer_data_not_violation);
	tcase_add_test(t, open_at_end);
	tcase_add_test(t, reset_by_client);
	tcase_add_test(t, rst_outside_window_ignored);
	tcase_add_test(t, rst_inside_edges);
	tcase_add_test(t, rst_outside_edges);
	tcase_add_test(t, rst_exact_resets);
	tcase_add_test(t, rst_inside_nothing_follows);
	tcase_add_test(t, challenge_ack_then_exact_rst);
	tcase_add_test(t, rst_with_data);
	tcase_add_test(t, synack_bad_ack);
	tcase_add_test(t, ack_bad_ack_and_seq);
	tcase_add_test(t, fin_bad_ack_beyond);
	tcase_add_test(t, fin_bad_ack_short);
	tcase_add_test(t, fin_bad_seq_gap);
	tcase_add_test(t, fin_reordered_not_violation);
	tcase_add_test(t, data_after_fin);
	tcase_add_test(t, retransmission_after_fin_not_violation);
	tcase_add_test(t, ack_unseen_data);
	tcase_add_test(t, bad_checksum_dropped);
	tcase_add_test(t, keepalive_and_zero_window);
	tcase_add_test(t, sequence_wraparound);
	tcase_add_test(t, port_reuse);
	tcase_add_test(t, midstream_pickup);
	tcase_add_test(t, new_isn_after_unanswered);
	tcase_add_test(t, idle_timeout_and_cap);
	tcase_add_test(t, max_flows_evicts_oldest);
	tcase_add_test(t, idle_eviction_is_timeout);
	tcase_add_test(t, out_of_order_and_dupack);
	tcase_add_test(t, window_scale_rst_check);
	tcase_add_test(t, fast_open_syn_data);
	tcase_add_test(t, fast_open_data_refused);
	tcase_add_test(t, probe_at_snd_una);
	tcase_add_test(t, syn_after_silent_death);
	tcase_add_test(t, random_segments_keep_invariants);
	tcase_add_test(t, no_extra_part_keeps_counts);
	suite_add_tcase(s, t);
	return s;
}

int
main(void)
{
	return sw_test_run(track_suite());
}
