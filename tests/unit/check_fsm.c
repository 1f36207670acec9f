/* SPDX-License-Identifier: MIT */
/*
 * check_fsm.c: every cell of the state table in fsm.c, checked against
 * an independent statement of RFC 9293 Figure 5 as the observer reads it.
 */
#include <check.h>
#include <stdlib.h>

#include "fsm.h"
#include "runner.h"

/* Expected next state, or -1 for "unchanged", -2 for "invalid". */
struct cell { enum sw_state s; enum sw_fsm_event e; int next; };

#define U (-1)
#define X (-2)

/* The transitions the diagram draws (everything else: U or X below). */
static const struct cell arrows[] = {
	{ SW_ST_CLOSED,      SW_FE_SND_SYN,    SW_ST_SYN_SENT },
	{ SW_ST_CLOSED,      SW_FE_SND_SYNACK, SW_ST_SYN_RCVD },
	{ SW_ST_CLOSED,      SW_FE_RCV_SYN,    SW_ST_SYN_RCVD },
	{ SW_ST_LISTEN,      SW_FE_SND_SYN,    SW_ST_SYN_SENT },
	{ SW_ST_LISTEN,      SW_FE_SND_SYNACK, SW_ST_SYN_RCVD },
	{ SW_ST_LISTEN,      SW_FE_RCV_SYN,    SW_ST_SYN_RCVD },
	{ SW_ST_LISTEN,      SW_FE_SND_RST,    SW_ST_CLOSED },
	{ SW_ST_SYN_SENT,    SW_FE_SND_SYNACK, SW_ST_SYN_RCVD },
	{ SW_ST_SYN_SENT,    SW_FE_RCV_SYN,    SW_ST_SYN_RCVD },
	{ SW_ST_SYN_SENT,    SW_FE_RCV_SYNACK, SW_ST_ESTABLISHED },
	{ SW_ST_SYN_RCVD,    SW_FE_RCV_SYNACK, SW_ST_ESTABLISHED },
	{ SW_ST_SYN_RCVD,    SW_FE_RCV_ACK,    SW_ST_ESTABLISHED },
	{ SW_ST_SYN_RCVD,    SW_FE_SND_FIN,    SW_ST_FIN_WAIT_1 },
	{ SW_ST_SYN_RCVD,    SW_FE_RCV_FIN,    SW_ST_CLOSE_WAIT },
	{ SW_ST_ESTABLISHED, SW_FE_SND_FIN,    SW_ST_FIN_WAIT_1 },
	{ SW_ST_ESTABLISHED, SW_FE_RCV_FIN,    SW_ST_CLOSE_WAIT },
	{ SW_ST_FIN_WAIT_1,  SW_FE_RCV_FINACK, SW_ST_FIN_WAIT_2 },
	{ SW_ST_FIN_WAIT_1,  SW_FE_RCV_FIN,    SW_ST_CLOSING },
	{ SW_ST_FIN_WAIT_2,  SW_FE_RCV_FIN,    SW_ST_TIME_WAIT },
	{ SW_ST_CLOSE_WAIT,  SW_FE_SND_FIN,    SW_ST_LAST_ACK },
	{ SW_ST_CLOSING,     SW_FE_RCV_FINACK, SW_ST_TIME_WAIT },
	{ SW_ST_LAST_ACK,    SW_FE_RCV_FINACK, SW_ST_CLOSED },
};

static bool
fin_sent_state(enum sw_state s)
{
	return s == SW_ST_FIN_WAIT_1 || s == SW_ST_FIN_WAIT_2 ||
	    s == SW_ST_CLOSING || s == SW_ST_LAST_ACK || s == SW_ST_TIME_WAIT;
}

/*
 * Segments that make no sense in a state are kept and reported invalid:
 * a SYN after our FIN (or a bare SYN once established), an ACK of a SYN
 * never sent, a FIN before synchronisation, an ACK of a FIN never sent.
 */
static int
expected(enum sw_state s, enum sw_fsm_event e)
{
	for (size_t i = 0; i < sizeof(arrows) / sizeof(arrows[0]); i++)
		if (arrows[i].s == s && arrows[i].e == e)
			return arrows[i].next;
	switch (e) {
	case SW_FE_SND_SYN:
	case SW_FE_SND_SYNACK:
		if (fin_sent_state(s) || s == SW_ST_CLOSE_WAIT ||
		    (s == SW_ST_ESTABLISHED && e == SW_FE_SND_SYN))
			return X;
		return U;
	case SW_FE_RCV_SYNACK:
	case SW_FE_RCV_ACK:
		return s == SW_ST_CLOSED || s == SW_ST_LISTEN ? X : U;
	case SW_FE_SND_FIN:
	case SW_FE_RCV_FIN:
		return s == SW_ST_CLOSED || s == SW_ST_LISTEN ||
		    s == SW_ST_SYN_SENT ? X : U;
	case SW_FE_RCV_FINACK:
		return fin_sent_state(s) ? U : X;
	case SW_FE_RCV_UNREACH:
		/* Only a connection attempt fails on an ICMP error. */
		return s == SW_ST_SYN_SENT ? SW_ST_CLOSED : U;
	case SW_FE_SND_RST:
	case SW_FE_RCV_RST:
		/* A valid RST closes every opening or synchronized state. */
		return s == SW_ST_CLOSED || s == SW_ST_LISTEN ? U :
		    SW_ST_CLOSED;
	default:
		return U;
	}
}

/* One loop iteration per (state, event) cell. */
START_TEST(every_cell)
{
	enum sw_state s = (enum sw_state)(_i / SW_FE__N);
	enum sw_fsm_event e = (enum sw_fsm_event)(_i % SW_FE__N);
	int want = expected(s, e);
	bool inv;
	enum sw_state got = sw_fsm_next(s, e, &inv);

	if (want == X) {
		ck_assert_msg(inv && got == s, "%s x %s should be invalid",
		    sw_state_name(s), sw_fsm_event_name(e));
	} else if (want == U) {
		ck_assert_msg(got == s, "%s x %s: expected no change, got %s",
		    sw_state_name(s), sw_fsm_event_name(e), sw_state_name(got));
	} else {
		ck_assert_msg(got == (enum sw_state)want && !inv,
		    "%s x %s: expected %s, got %s", sw_state_name(s),
		    sw_fsm_event_name(e), sw_state_name(want),
		    sw_state_name(got));
	}
}
END_TEST

START_TEST(names_are_contract)
{
	ck_assert_str_eq(sw_state_name(SW_ST_FIN_WAIT_1), "FIN_WAIT_1");
	ck_assert_str_eq(sw_state_name(SW_ST_TIME_WAIT), "TIME_WAIT");
	ck_assert_str_eq(sw_close_name(SW_CLOSE_HALF_CLOSED), "half-closed");
	ck_assert_str_eq(sw_anomaly_name(SW_AN_FIN_BAD_ACK), "fin-bad-ack");
	ck_assert_str_eq(sw_event_name(SW_EV_ZERO_WINDOW_PROBE),
	    "zero-window-probe");
	ck_assert_str_eq(sw_step_name(SW_STEP_ACK_FIN2), "ack-fin2");
	ck_assert_int_eq(sw_close_lookup("refused"), SW_CLOSE_REFUSED);
	ck_assert_int_eq(sw_anomaly_lookup("nope"), -1);
	ck_assert(sw_anomaly_is_seqack(SW_AN_INVALID_RST));
	ck_assert(!sw_anomaly_is_seqack(SW_AN_BAD_CHECKSUM));
	ck_assert(sw_close_is_abnormal(SW_CLOSE_TIMEOUT));
	ck_assert(!sw_close_is_abnormal(SW_CLOSE_SIMUL));
}
END_TEST

int
main(void)
{
	Suite *s = suite_create("fsm");
	TCase *t = tcase_create("table");

	tcase_add_loop_test(t, every_cell, 0, SW_ST__N * SW_FE__N);
	tcase_add_test(t, names_are_contract);
	suite_add_tcase(s, t);
	return sw_test_run(s);
}
