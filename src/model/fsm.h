/* SPDX-License-Identifier: MIT */
/*
 * fsm.h: the reference TCP state machine, one endpoint at a time.
 *
 * The observer turns every segment into ordered per-endpoint events
 * (track.c) and feeds each through sw_fsm_next().  Events are named from
 * the endpoint's point of view and are raised on evidence seen on the
 * wire: an endpoint "received" the peer's SYN or FIN when it is seen
 * acknowledging it, and its own SYN or FIN was "acked" when the peer's
 * acknowledgement is seen.
 */
#ifndef SW_FSM_H
#define SW_FSM_H

#include "sevenway/conn.h"

enum sw_fsm_event {
	SW_FE_SND_SYN,		/* sends a SYN without ACK */
	SW_FE_SND_SYNACK,	/* sends a SYN with ACK */
	SW_FE_RCV_SYN,		/* acks the peer's SYN; own SYN not yet acked */
	SW_FE_RCV_SYNACK,	/* acks the peer's SYN; own SYN already acked */
	SW_FE_RCV_ACK,		/* its own SYN is acknowledged */
	SW_FE_SND_FIN,		/* sends its FIN */
	SW_FE_RCV_FIN,		/* acks the peer's FIN */
	SW_FE_RCV_FINACK,	/* its own FIN is acknowledged */
	SW_FE_SND_RST,		/* sends a valid RST */
	SW_FE_RCV_RST,		/* is sent a valid RST */
	SW_FE_RCV_UNREACH,	/* its SYN drew an ICMP destination-
				 * unreachable error, and nothing else */
	SW_FE__N
};

/* Name of an event, for tests and --verbose traces. */
const char *sw_fsm_event_name(enum sw_fsm_event e);

/*
 * The state after event e in state s.  Returns s itself when the event
 * changes nothing; *invalid (may be NULL) is set when the RFC diagram has
 * no such transition (the state is then left alone).
 */
enum sw_state sw_fsm_next(enum sw_state s, enum sw_fsm_event e, bool *invalid);

#endif /* SW_FSM_H */
