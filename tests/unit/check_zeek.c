/* SPDX-License-Identifier: MIT */
/*
 * check_zeek.c: conn_state and history against the rules Zeek applies
 * (its TCP analyzer's endpoint states, its history letters and the
 * conn_state decision list of its conn.log script), one test per rule,
 * each driven by a minimal sequence of segments.
 */
#include <check.h>
#include <stdlib.h>
#include <string.h>

#include "segs.h"
#include "zeek.h"
#include "runner.h"

#define J 1000u
#define K 5000u

static struct conv v;

/* The one connection of the script, after the end of input. */
static const struct sw_conn *
only(void)
{
	conv_end(&v);
	ck_assert_int_eq(v.ngot, 1);
	return conv_get(&v, 1);
}

#define EXPECT_ZEEK(conn, hist, state) do { \
	const struct sw_conn *c_ = (conn); \
	ck_assert_str_eq(c_->history, hist); \
	ck_assert_str_eq(sw_conn_zeek_state(c_), state); } while (0)

/* Client data [J+1, J+101), acknowledged. */
static void
request(void)
{
	conv_send(&v, C, F_ACK | F_PSH, J + 1, K + 1, 100, 0.001);
	conv_send(&v, S, F_ACK, K + 1, J + 101, 0, 0.010);
}

/* Both FINs and the last ACK, after the request. */
static void
close_after_request(void)
{
	conv_close3(&v, J + 101, K + 1, 0.1);
}

/* ---------------------------------------------------------- conn_state */

START_TEST(sf_both_fins)
{
	conv_init(&v, 4, 41000);
	conv_open(&v, J, K);
	request();
	close_after_request();
	EXPECT_ZEEK(only(), "ShADaFf", "SF");
}
END_TEST

/* A RST after both FINs changes no state: SF, whatever sevenway's close
 * class says. */
START_TEST(rst_after_both_fins_is_sf)
{
	const struct sw_conn *c;

	conv_init(&v, 4, 41001);
	conv_open(&v, J, K);
	conv_send(&v, C, F_FIN | F_ACK, J + 1, K + 1, 0, 0.1);
	conv_send(&v, S, F_FIN | F_ACK, K + 1, J + 2, 0, 0.01);
	conv_send(&v, C, F_RST, J + 2, 0, 0, 0.01);
	c = only();
	EXPECT_ZEEK(c, "ShAFfR", "SF");
	ck_assert_str_eq(sw_close_name(c->close), "reset");
}
END_TEST

/* A RST after one's own FIN, the peer still open: a reset. */
START_TEST(rst_after_own_fin_is_rsto)
{
	conv_init(&v, 4, 41002);
	conv_open(&v, J, K);
	conv_send(&v, C, F_FIN | F_ACK, J + 1, K + 1, 0, 0.1);
	conv_send(&v, S, F_ACK, K + 1, J + 2, 0, 0.01);
	conv_send(&v, C, F_RST, J + 2, 0, 0, 0.01);
	EXPECT_ZEEK(only(), "ShAFaR", "RSTO");
}
END_TEST

START_TEST(s0_syn_only)
{
	conv_init(&v, 4, 41003);
	conv_send(&v, C, F_SYN, J, 0, 0, 0.001);
	conv_send(&v, C, F_SYN, J, 0, 0, 1.0);	/* same seq: no letter */
	EXPECT_ZEEK(only(), "S", "S0");
}
END_TEST

/* A SYN answered by a SYN-ACK is established for Zeek, final ACK or not. */
START_TEST(s1_syn_synack)
{
	conv_init(&v, 4, 41004);
	conv_send(&v, C, F_SYN, J, 0, 0, 0.001);
	conv_send(&v, S, F_SYN | F_ACK, K, J + 1, 0, 0.01);
	EXPECT_ZEEK(only(), "Sh", "S1");
}
END_TEST

START_TEST(rej_syn_rst)
{
	conv_init(&v, 4, 41005);
	conv_send(&v, C, F_SYN, J, 0, 0, 0.001);
	conv_send(&v, S, F_RST | F_ACK, 0, J + 1, 0, 0.001);
	EXPECT_ZEEK(only(), "Sr", "REJ");
}
END_TEST

START_TEST(s2_client_fin)
{
	conv_init(&v, 4, 41006);
	conv_open(&v, J, K);
	conv_send(&v, C, F_FIN | F_ACK, J + 1, K + 1, 0, 0.1);
	EXPECT_ZEEK(only(), "ShAF", "S2");
}
END_TEST

START_TEST(s3_server_fin)
{
	conv_init(&v, 4, 41007);
	conv_open(&v, J, K);
	conv_send(&v, S, F_FIN | F_ACK, K + 1, J + 1, 0, 0.1);
	EXPECT_ZEEK(only(), "ShAf", "S3");
}
END_TEST

START_TEST(rsto_client_rst)
{
	conv_init(&v, 4, 41008);
	conv_open(&v, J, K);
	conv_send(&v, C, F_RST | F_ACK, J + 1, K + 1, 0, 0.1);
	EXPECT_ZEEK(only(), "ShAR", "RSTO");
}
END_TEST

START_TEST(rstr_server_rst)
{
	conv_init(&v, 4, 41009);
	conv_open(&v, J, K);
	conv_send(&v, S, F_RST | F_ACK, K + 1, J + 1, 0, 0.1);
	EXPECT_ZEEK(only(), "ShAr", "RSTR");
}
END_TEST

/* The originator's SYN then its RST, nothing from the responder. */
START_TEST(rstos0_syn_then_rst)
{
	conv_init(&v, 4, 41010);
	conv_send(&v, C, F_SYN, J, 0, 0, 0.001);
	conv_send(&v, C, F_RST, J + 1, 0, 0, 1.0);
	EXPECT_ZEEK(only(), "SR", "RSTOS0");
}
END_TEST

/* The responder's SYN-ACK then its RST, no SYN seen. */
START_TEST(rstrh_synack_then_rst)
{
	conv_init(&v, 4, 41011);
	conv_send(&v, S, F_SYN | F_ACK, K, J + 1, 0, 0.001);
	conv_send(&v, S, F_RST, K + 1, 0, 0, 0.5);
	EXPECT_ZEEK(only(), "^hr", "RSTRH");
}
END_TEST

/* The originator's SYN then its FIN, nothing back. */
START_TEST(sh_syn_then_fin)
{
	conv_init(&v, 4, 41012);
	conv_send(&v, C, F_SYN, J, 0, 0, 0.001);
	conv_send(&v, C, F_FIN | F_ACK, J + 1, K + 1, 0, 0.5);
	EXPECT_ZEEK(only(), "SF", "SH");
}
END_TEST

/* The responder's SYN-ACK then its FIN, nothing from the originator. */
START_TEST(shr_synack_then_fin)
{
	conv_init(&v, 4, 41013);
	conv_send(&v, S, F_SYN | F_ACK, K, J + 1, 0, 0.001);
	conv_send(&v, S, F_FIN | F_ACK, K + 1, J + 1, 0, 0.5);
	EXPECT_ZEEK(only(), "^hf", "SHR");
}
END_TEST

/* Mid-stream traffic never closed. */
START_TEST(oth_midstream)
{
	conv_init(&v, 4, 41014);
	conv_send(&v, C, F_ACK | F_PSH, J + 1, K + 1, 100, 0.001);
	conv_send(&v, S, F_ACK, K + 1, J + 101, 0, 0.01);
	EXPECT_ZEEK(only(), "Da", "OTH");
}
END_TEST

/* A reset mid-stream: the other side is only partial, so the
 * originator's RST is OTH and the responder's RSTRH. */
START_TEST(midstream_resets)
{
	conv_init(&v, 4, 41033);
	conv_send(&v, C, F_ACK | F_PSH, J + 1, K + 1, 100, 0.001);
	conv_send(&v, S, F_ACK, K + 1, J + 101, 0, 0.01);
	conv_send(&v, C, F_RST, J + 101, 0, 0, 0.01);
	EXPECT_ZEEK(only(), "DaR", "OTH");

	conv_init(&v, 4, 41034);
	conv_send(&v, C, F_ACK | F_PSH, J + 1, K + 1, 100, 0.001);
	conv_send(&v, S, F_RST | F_ACK, K + 1, J + 101, 0, 0.01);
	EXPECT_ZEEK(only(), "Dr", "RSTRH");
}
END_TEST

/* Any RST resets for Zeek, even one the receiver must ignore. */
START_TEST(rst_outside_window_still_resets)
{
	const struct sw_conn *c;

	conv_init(&v, 4, 41015);
	conv_open(&v, J, K);
	conv_send(&v, S, F_RST, K + 1 + 1000000, 0, 0, 0.1);
	conv_close3(&v, J + 1, K + 1, 0.1);
	c = only();
	ck_assert_uint_eq(conv_anoms(c, SW_AN_INVALID_RST), 1);
	ck_assert_str_eq(sw_conn_zeek_state(c), "RSTR");
}
END_TEST

/* A FIN then a RST from one side, then the other side's FIN: a normal
 * close after all.  (The RST lies outside the window so that sevenway
 * follows the connection on; a valid RST ends it at once.) */
START_TEST(fin_rst_then_peer_fin_is_sf)
{
	conv_init(&v, 4, 41016);
	conv_open(&v, J, K);
	conv_send(&v, C, F_FIN | F_ACK, J + 1, K + 1, 0, 0.1);
	conv_send(&v, C, F_RST, J + 2 + 1000000, 0, 0, 0.01);
	conv_send(&v, S, F_FIN | F_ACK, K + 1, J + 2, 0, 0.01);
	conv_send(&v, C, F_ACK, J + 2, K + 2, 0, 0.01);
	EXPECT_ZEEK(only(), "ShAFRf", "SF");
}
END_TEST

/* ------------------------------------------------------ roles and '^' */

/* A SYN-ACK from a likely server port starts the connection turned
 * around, and the ACK that answers it establishes: S1. */
START_TEST(synack_then_ack_is_s1_flipped)
{
	conv_init(&v, 4, 41017);
	conv_send(&v, S, F_SYN | F_ACK, K, J + 1, 0, 0.001);
	conv_send(&v, C, F_ACK, J + 1, K + 1, 0, 0.001);
	EXPECT_ZEEK(only(), "^hA", "S1");
}
END_TEST

/* From a port that is not a likely server port, the SYN-ACK's sender
 * stays the originator; the answer makes the other side only partial. */
START_TEST(synack_from_other_port_not_flipped)
{
	conv_init(&v, 4, 41018);
	v.port[S] = 7001;
	conv_send(&v, S, F_SYN | F_ACK, K, J + 1, 0, 0.001);
	conv_send(&v, C, F_ACK, J + 1, K + 1, 0, 0.001);
	EXPECT_ZEEK(only(), "Ha", "OTH");
}
END_TEST

/* A plain SYN answering that SYN-ACK turns the connection around after
 * its letter; the letters then follow the new roles. */
START_TEST(syn_after_synack_flips)
{
	conv_init(&v, 4, 41019);
	v.port[S] = 7001;
	conv_send(&v, S, F_SYN | F_ACK, K, J + 1, 0, 0.001);
	conv_send(&v, C, F_SYN, J, 0, 0, 0.001);
	conv_send(&v, C, F_ACK, J + 1, K + 1, 0, 0.001);
	EXPECT_ZEEK(only(), "Hs^A", "S1");
}
END_TEST

/* Mid-stream from a likely server port: turned around. */
START_TEST(midstream_from_server_port_flipped)
{
	conv_init(&v, 4, 41020);
	conv_send(&v, S, F_ACK | F_PSH, K + 1, J + 1, 100, 0.001);
	conv_send(&v, C, F_ACK, J + 1, K + 101, 0, 0.01);
	EXPECT_ZEEK(only(), "^dA", "OTH");
}
END_TEST

/* Both ports likely servers: only a segment without SYN from the lower
 * port is turned around. */
START_TEST(both_server_ports)
{
	conv_init(&v, 4, 443);
	conv_send(&v, S, F_ACK | F_PSH, K + 1, J + 1, 100, 0.001);
	EXPECT_ZEEK(only(), "^d", "OTH");

	conv_init(&v, 4, 443);
	conv_send(&v, S, F_SYN | F_ACK, K, J + 1, 0, 0.001);
	EXPECT_ZEEK(only(), "H", "OTH");

	conv_init(&v, 4, 443);
	v.port[S] = 8080;
	conv_send(&v, S, F_ACK | F_PSH, K + 1, J + 1, 100, 0.001);
	EXPECT_ZEEK(only(), "D", "OTH");
}
END_TEST

/* ------------------------------------------------------------- letters */

/* S and H share one slot per direction: a SYN-ACK after one's own SYN
 * (simultaneous open) writes nothing. */
START_TEST(syn_and_synack_share_a_slot)
{
	conv_init(&v, 4, 41021);
	v.port[S] = 7001;
	conv_send(&v, C, F_SYN, J, 0, 0, 0.001);
	conv_send(&v, S, F_SYN, K, 0, 0, 0.001);
	conv_send(&v, C, F_SYN | F_ACK, J, K + 1, 0, 0.001);
	conv_send(&v, S, F_SYN | F_ACK, K, J + 1, 0, 0.001);
	EXPECT_ZEEK(only(), "Ss", "S1");
}
END_TEST

/* A FIN carrying data earns F only; D needs no SYN, FIN or RST. */
START_TEST(fin_with_data_is_not_d)
{
	conv_init(&v, 4, 41022);
	conv_open(&v, J, K);
	conv_send(&v, C, F_FIN | F_ACK | F_PSH, J + 1, K + 1, 100, 0.1);
	conv_send(&v, S, F_FIN | F_ACK, K + 1, J + 102, 0, 0.01);
	conv_send(&v, C, F_ACK, J + 102, K + 2, 0, 0.01);
	EXPECT_ZEEK(only(), "ShAFf", "SF");
}
END_TEST

/* SYN with FIN is Q, written once per direction. */
START_TEST(syn_fin_is_q)
{
	conv_init(&v, 4, 41023);
	conv_send(&v, C, F_SYN | F_FIN, J, 0, 0, 0.001);
	conv_send(&v, C, F_SYN | F_FIN, J, 0, 0, 0.5);
	EXPECT_ZEEK(only(), "Q", "SH");
}
END_TEST

/* FIN with RST is I. */
START_TEST(fin_rst_is_i)
{
	conv_init(&v, 4, 41024);
	conv_open(&v, J, K);
	conv_send(&v, C, F_FIN | F_RST | F_ACK, J + 1, K + 1, 0, 0.1);
	EXPECT_ZEEK(only(), "ShAI", "RSTO");
}
END_TEST

/* R again when the RST's sequence number moves, not when it repeats. */
START_TEST(rst_repeats_when_seq_moves)
{
	conv_init(&v, 4, 41025);
	conv_open(&v, J, K);
	conv_send(&v, C, F_RST, J + 1 + 1000000, 0, 0, 0.1);
	conv_send(&v, C, F_RST, J + 1 + 1000000, 0, 0, 0.1);
	conv_send(&v, C, F_RST, J + 1 + 2000000, 0, 0, 0.1);
	EXPECT_ZEEK(only(), "ShARR", "RSTO");
}
END_TEST

/* F again when the FIN's place moves (after data), not when resent. */
START_TEST(fin_repeats_when_place_moves)
{
	conv_init(&v, 4, 41026);
	conv_open(&v, J, K);
	conv_send(&v, C, F_FIN | F_ACK, J + 1, K + 1, 0, 0.1);
	conv_send(&v, C, F_FIN | F_ACK, J + 1, K + 1, 0, 0.2);
	conv_send(&v, C, F_FIN | F_ACK | F_PSH, J + 1, K + 1, 10, 0.2);
	EXPECT_ZEEK(only(), "ShAFF", "S2");
}
END_TEST

/* T: payload that does not pass what the sender already sent, at the
 * 1st, 10th, 100th ... time. */
START_TEST(retransmission_t_logarithmic)
{
	conv_init(&v, 4, 41027);
	conv_open(&v, J, K);
	conv_send(&v, C, F_ACK | F_PSH, J + 1, K + 1, 100, 0.001);
	for (int i = 0; i < 10; i++)
		conv_send(&v, C, F_ACK | F_PSH, J + 1, K + 1, 100, 0.2);
	EXPECT_ZEEK(only(), "ShADTT", "S1");
}
END_TEST

/*
 * The thresholds go on as 32-bit numbers: 10^9, then 10^10 as it wraps
 * (1,410,065,408); past that the count starts over and T comes again at
 * the same count.  A copy of the record is driven straight through the
 * replay, with its count set just below each threshold.
 */
START_TEST(retransmission_t_past_a_billion)
{
	struct sw_conn c;
	struct sw_zeek_end *e;
	struct sw_pkt p;
	static const uint32_t at[] = { 1000000000u, 1410065408u, 1410065408u };

	conv_init(&v, 4, 41037);
	conv_open(&v, J, K);
	conv_send(&v, C, F_ACK | F_PSH, J + 1, K + 1, 100, 0.001);
	conv_send(&v, C, F_ACK | F_PSH, J + 1, K + 1, 100, 0.2);
	c = *only();
	c.x = NULL;
	ck_assert_str_eq(c.history, "ShADT");
	memset(&p, 0, sizeof(p));
	p.flags = F_ACK | F_PSH;
	p.seq = J + 1;
	p.ack = K + 1;
	p.paylen = p.paycap = 100;
	p.win = 65535;
	e = &c.zk.end[SW_CLIENT];
	e->level[1] = 9;	/* the next T is at 10^9 */
	for (size_t i = 0; i < sizeof(at) / sizeof(at[0]); i++) {
		e->count[1] = at[i] - 2;
		sw_zeek_segment(&c, SW_CLIENT, &p);	/* at - 1: nothing */
		ck_assert_uint_eq(c.hlen, 5 + i);
		sw_zeek_segment(&c, SW_CLIENT, &p);	/* at: T */
		ck_assert_uint_eq(c.hlen, 6 + i);
	}
	ck_assert_str_eq(c.history, "ShADTTTT");
	ck_assert_uint_eq(e->count[1], 0);
}
END_TEST

/* Data filling a hole below data already sent is T for Zeek too. */
START_TEST(hole_filled_is_t_not_g)
{
	conv_init(&v, 4, 41028);
	conv_open(&v, J, K);
	conv_send(&v, C, F_ACK | F_PSH, J + 101, K + 1, 100, 0.001);
	conv_send(&v, C, F_ACK | F_PSH, J + 1, K + 1, 100, 0.001);
	conv_send(&v, S, F_ACK, K + 1, J + 201, 0, 0.01);
	EXPECT_ZEEK(only(), "ShADTa", "S1");
}
END_TEST

/* G: the peer acknowledges bytes never captured. */
START_TEST(content_gap_g)
{
	conv_init(&v, 4, 41029);
	conv_open(&v, J, K);
	conv_send(&v, C, F_ACK | F_PSH, J + 101, K + 1, 100, 0.001);
	conv_send(&v, S, F_ACK, K + 1, J + 201, 0, 0.01);
	EXPECT_ZEEK(only(), "ShADaG", "S1");
}
END_TEST

/* No G before both sides are established (here: mid-stream, partial). */
START_TEST(no_gap_when_partial)
{
	conv_init(&v, 4, 41030);
	conv_send(&v, C, F_ACK | F_PSH, J + 1, K + 1, 100, 0.001);
	conv_send(&v, S, F_ACK | F_PSH, K + 1, J + 501, 10, 0.01);
	EXPECT_ZEEK(only(), "Dd", "OTH");
}
END_TEST

/* W: a zero window, also on a SYN; not with a RST, nor once the peer
 * has sent its FIN. */
START_TEST(zero_window_w)
{
	conv_init(&v, 4, 41031);
	v.win = 0;
	conv_send(&v, C, F_SYN, J, 0, 0, 0.001);
	v.win = 64240;
	conv_send(&v, S, F_SYN | F_ACK, K, J + 1, 0, 0.01);
	conv_send(&v, C, F_ACK, J + 1, K + 1, 0, 0.001);
	v.win = 0;
	conv_send(&v, S, F_ACK, K + 1, J + 1, 0, 0.01);
	v.win = 64240;
	conv_send(&v, C, F_FIN | F_ACK, J + 1, K + 1, 0, 0.1);
	v.win = 0;
	conv_send(&v, S, F_ACK, K + 1, J + 2, 0, 0.01);
	conv_send(&v, S, F_RST, K + 1, 0, 0, 0.01);
	EXPECT_ZEEK(only(), "SWhAawFr", "RSTR");
}
END_TEST

/* C: a bad checksum; the segment is dropped, so it earns nothing else. */
START_TEST(bad_checksum_c)
{
	conv_init(&v, 4, 41032);
	conv_open(&v, J, K);
	for (int i = 0; i < 10; i++) {
		v.csum = SW_CSUM_BAD;
		conv_send(&v, C, F_ACK | F_PSH, J + 1, K + 1, 100, 0.01);
	}
	EXPECT_ZEEK(only(), "ShACC", "S1");
}
END_TEST

static Suite *
zeek_suite(void)
{
	Suite *s = suite_create("zeek");
	TCase *st = tcase_create("conn_state");
	TCase *ro = tcase_create("roles");
	TCase *le = tcase_create("letters");

	tcase_add_test(st, sf_both_fins);
	tcase_add_test(st, rst_after_both_fins_is_sf);
	tcase_add_test(st, rst_after_own_fin_is_rsto);
	tcase_add_test(st, s0_syn_only);
	tcase_add_test(st, s1_syn_synack);
	tcase_add_test(st, rej_syn_rst);
	tcase_add_test(st, s2_client_fin);
	tcase_add_test(st, s3_server_fin);
	tcase_add_test(st, rsto_client_rst);
	tcase_add_test(st, rstr_server_rst);
	tcase_add_test(st, rstos0_syn_then_rst);
	tcase_add_test(st, rstrh_synack_then_rst);
	tcase_add_test(st, sh_syn_then_fin);
	tcase_add_test(st, shr_synack_then_fin);
	tcase_add_test(st, oth_midstream);
	tcase_add_test(st, midstream_resets);
	tcase_add_test(st, rst_outside_window_still_resets);
	tcase_add_test(st, fin_rst_then_peer_fin_is_sf);
	suite_add_tcase(s, st);

	tcase_add_test(ro, synack_then_ack_is_s1_flipped);
	tcase_add_test(ro, synack_from_other_port_not_flipped);
	tcase_add_test(ro, syn_after_synack_flips);
	tcase_add_test(ro, midstream_from_server_port_flipped);
	tcase_add_test(ro, both_server_ports);
	suite_add_tcase(s, ro);

	tcase_add_test(le, syn_and_synack_share_a_slot);
	tcase_add_test(le, fin_with_data_is_not_d);
	tcase_add_test(le, syn_fin_is_q);
	tcase_add_test(le, fin_rst_is_i);
	tcase_add_test(le, rst_repeats_when_seq_moves);
	tcase_add_test(le, fin_repeats_when_place_moves);
	tcase_add_test(le, retransmission_t_logarithmic);
	tcase_add_test(le, retransmission_t_past_a_billion);
	tcase_add_test(le, hole_filled_is_t_not_g);
	tcase_add_test(le, content_gap_g);
	tcase_add_test(le, no_gap_when_partial);
	tcase_add_test(le, zero_window_w);
	tcase_add_test(le, bad_checksum_c);
	suite_add_tcase(s, le);
	return s;
}

int
main(void)
{
	return sw_test_run(zeek_suite());
}
