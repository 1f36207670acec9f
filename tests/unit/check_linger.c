/* SPDX-License-Identifier: MIT */
/*
 * check_linger.c: a reported connection lingers as a placeholder of a
 * few bytes; the placeholder must tell a late segment from a new
 * connection exactly as the whole record would have.
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

/* Data both ways, then the close given by `shape`. */
static void
run_shape(int shape)
{
	conv_init(&v, shape % 2 ? 6 : 4, (uint16_t)(40000 + shape));
	conv_open(&v, J, K);
	conv_send(&v, C, F_ACK | F_PSH, J + 1, K + 1, 100, 0.001);
	conv_send(&v, S, F_ACK | F_PSH, K + 1, J + 101, 300, 0.001);
	switch (shape) {
	case 0:		/* client closes */
		conv_send(&v, C, F_ACK | F_FIN, J + 101, K + 301, 0, 0.001);
		conv_send(&v, S, F_ACK | F_FIN, K + 301, J + 102, 0, 0.001);
		conv_send(&v, C, F_ACK, J + 102, K + 302, 0, 0.001);
		break;
	case 1:		/* server closes, client sends more first */
		conv_send(&v, S, F_ACK | F_FIN, K + 301, J + 101, 0, 0.001);
		conv_send(&v, C, F_ACK | F_PSH, J + 101, K + 302, 50, 0.001);
		conv_send(&v, C, F_ACK | F_FIN, J + 151, K + 302, 0, 0.001);
		conv_send(&v, S, F_ACK, K + 302, J + 152, 0, 0.001);
		break;
	case 2:		/* client resets */
		conv_send(&v, C, F_RST, J + 101, 0, 0, 0.001);
		break;
	case 3:		/* server resets after the client's FIN */
		conv_send(&v, C, F_ACK | F_FIN, J + 101, K + 301, 0, 0.001);
		conv_send(&v, S, F_RST | F_ACK, K + 301, J + 102, 0, 0.001);
		break;
	}
	conv_end(&v);
}

START_TEST(placeholder_agrees_with_record)
{
	static const uint8_t flags[] = { F_SYN, F_SYN | F_ACK, F_ACK,
	    F_ACK | F_PSH, F_RST, F_RST | F_ACK, F_FIN | F_ACK, F_SYN | F_RST };
	static const int32_t off[] = { -100, -1, 0, 1, 100 };
	static const uint32_t len[] = { 0, 1, 50 };
	unsigned checked = 0, fresh = 0;

	run_shape(_i);
	ck_assert_int_eq(v.ngot, 1);
	const struct sw_conn *c = &v.got[0];
	ck_assert(c->over);
	for (int client_is_a = 0; client_is_a < 2; client_is_a++) {
		struct sw_linger l;

		ck_assert(sw_track_linger_make(c, client_is_a, &l));
		for (int from = 0; from < 2; from++) {
			const struct sw_peer *P = &c->peer[from];
			int side = (from == C) == (bool)client_is_a ? 0 : 1;

			for (size_t f = 0; f < sizeof(flags); f++)
			for (size_t o = 0; o < sizeof(off) / sizeof(off[0]); o++)
			for (size_t n = 0; n < sizeof(len) / sizeof(len[0]); n++) {
				struct sw_pkt p;
				bool whole, held;

				memset(&p, 0, sizeof(p));
				p.src = P->addr;
				p.sport = P->port;
				p.dst = c->peer[!from].addr;
				p.dport = c->peer[!from].port;
				p.flags = flags[f];
				p.seq = P->nxt + (uint32_t)off[o];
				p.paylen = len[n];
				whole = sw_track_starts_new(c, &p, c->end, 60.0);
				held = sw_track_linger_starts_new(&l, side, &p);
				ck_assert_msg(whole == held, "shape %d from %d "
				    "flags %#x off %d len %u", _i, from,
				    flags[f], off[o], len[n]);
				checked++;
				fresh += whole;
			}
		}
	}
	/* Both answers occur, so the comparison means something. */
	ck_assert_uint_gt(fresh, 0);
	ck_assert_uint_lt(fresh, checked);
}
END_TEST

/* A connection that did not end on the wire keeps no placeholder. */
START_TEST(open_connection_has_none)
{
	struct sw_linger l;

	conv_init(&v, 4, 41000);
	conv_open(&v, J, K);
	conv_end(&v);
	ck_assert_int_eq(v.ngot, 1);
	ck_assert(!v.got[0].over);
	ck_assert(!sw_track_linger_make(&v.got[0], true, &l));
}
END_TEST

int
main(void)
{
	Suite *s = suite_create("linger");
	TCase *t = tcase_create("placeholder");

	tcase_add_loop_test(t, placeholder_agrees_with_record, 0, 4);
	tcase_add_test(t, open_connection_has_none);
	suite_add_tcase(s, t);
	return sw_test_run(s);
}
