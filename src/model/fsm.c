/* SPDX-License-Identifier: MIT */
/*
 * fsm.c: the RFC 9293 connection state diagram (§3.3.2, Figure 5) as a
 * table: state × event → next state.
 *
 * Read a row against the figure.  "__" keeps the state (a retransmitted
 * SYN, a second ACK of the same thing); "IV" marks a segment the diagram
 * has no arrow for: the state is kept and the caller is told.  Guards
 * (is this RST in the window, does this ACK cover the FIN) are decided in
 * track.c before an event is raised; the table holds no conditions.
 */
#include "fsm.h"

#define CL SW_ST_CLOSED
#define LI SW_ST_LISTEN
#define SS SW_ST_SYN_SENT
#define SR SW_ST_SYN_RCVD
#define ES SW_ST_ESTABLISHED
#define F1 SW_ST_FIN_WAIT_1
#define F2 SW_ST_FIN_WAIT_2
#define CW SW_ST_CLOSE_WAIT
#define CG SW_ST_CLOSING
#define LA SW_ST_LAST_ACK
#define TW SW_ST_TIME_WAIT
#define __ 0xfe
#define IV 0xff

static const unsigned char fsm[SW_ST__N][SW_FE__N] = {
/*              SND_SYN SND_SYNACK RCV_SYN RCV_SYNACK RCV_ACK SND_FIN RCV_FIN RCV_FINACK SND_RST RCV_RST RCV_UNREACH */
[SW_ST_CLOSED]      = { SS, SR, SR, IV, IV, IV, IV, IV, __, __, __ },
	/* A passive endpoint whose SYN we never saw but that sends a
	 * SYN-ACK (pickup after the SYN) is in SYN_RCVD. */
[SW_ST_LISTEN]      = { SS, SR, SR, IV, IV, IV, IV, IV, CL, __, __ },
	/* LISTEN --SEND--> SYN_SENT: the "server" also sent a SYN, as in a
	 * simultaneous open.  LISTEN --rcv SYN--> SYN_RCVD. */
[SW_ST_SYN_SENT]    = { __, SR, SR, ES, __, IV, IV, IV, CL, CL, CL },
	/* rcv SYN (no ACK of ours yet) → SYN_RCVD: simultaneous open.
	 * rcv SYN,ACK → ESTABLISHED, raised when this endpoint is seen
	 * acknowledging the SYN-ACK (evidence that it arrived); the ACK of
	 * our SYN alone (RCV_ACK) is not enough for the observer.
	 * RCV_UNREACH → CLOSED: the attempt failed.  RFC 1122 §4.2.3.9
	 * calls some unreachable codes soft errors, but stacks end a
	 * connection attempt on them (RFC 5461; Linux aborts in
	 * SYN_SENT), and connect() returns the error.  Raised once the
	 * connection has ended with no other answer to the SYN. */
[SW_ST_SYN_RCVD]    = { __, __, __, ES, ES, F1, CW, IV, CL, CL, __ },
	/* rcv ACK of SYN → ESTABLISHED; CLOSE → FIN_WAIT_1. */
[SW_ST_ESTABLISHED] = { IV, __, __, __, __, F1, CW, IV, CL, CL, __ },
	/* CLOSE → FIN_WAIT_1; rcv FIN → CLOSE_WAIT.  A SYN-ACK seen again
	 * here is a retransmission. */
[SW_ST_FIN_WAIT_1]  = { IV, IV, __, __, __, __, CG, F2, CL, CL, __ },
	/* rcv ACK of FIN → FIN_WAIT_2; rcv FIN first → CLOSING (the
	 * simultaneous close). */
[SW_ST_FIN_WAIT_2]  = { IV, IV, __, __, __, __, TW, __, CL, CL, __ },
	/* rcv FIN → TIME_WAIT. */
[SW_ST_CLOSE_WAIT]  = { IV, IV, __, __, __, LA, __, IV, CL, CL, __ },
	/* CLOSE → LAST_ACK. */
[SW_ST_CLOSING]     = { IV, IV, __, __, __, __, __, TW, CL, CL, __ },
	/* rcv ACK of FIN → TIME_WAIT. */
[SW_ST_LAST_ACK]    = { IV, IV, __, __, __, __, __, CL, CL, CL, __ },
	/* rcv ACK of FIN → CLOSED. */
[SW_ST_TIME_WAIT]   = { IV, IV, __, __, __, __, __, __, CL, CL, __ },
	/* Retransmitted FINs are re-acked; RFC 1337 notwithstanding, a valid
	 * RST ends TIME_WAIT as most stacks do. */
};

static const char *const event_names[SW_FE__N] = {
	"SND_SYN", "SND_SYNACK", "RCV_SYN", "RCV_SYNACK", "RCV_ACK",
	"SND_FIN", "RCV_FIN", "RCV_FINACK", "SND_RST", "RCV_RST",
	"RCV_UNREACH",
};

const char *
sw_fsm_event_name(enum sw_fsm_event e)
{
	return (unsigned)e < SW_FE__N ? event_names[e] : "?";
}

enum sw_state
sw_fsm_next(enum sw_state s, enum sw_fsm_event e, bool *invalid)
{
	unsigned char n;

	if (invalid != NULL)
		*invalid = false;
	if ((unsigned)s >= SW_ST__N || (unsigned)e >= SW_FE__N)
		return s;
	n = fsm[s][e];
	if (n == __)
		return s;
	if (n == IV) {
		if (invalid != NULL)
			*invalid = true;
		return s;
	}
	return (enum sw_state)n;
}
