/* SPDX-License-Identifier: MIT */
/*
 * zeek.h: the connection summarised in Zeek's conn.log vocabulary
 * (history letters, conn_state), so users can compare with Zeek data.
 */
#ifndef SW_ZEEK_H
#define SW_ZEEK_H

#include "sevenway/conn.h"
#include "sevenway/packet.h"

/*
 * Replay one segment from role `who` through Zeek's per-endpoint rules:
 * history letters and Zeek's endpoint states.  Called for every segment
 * of the connection, bad checksums included (it records C and stops
 * there, as Zeek does), before sevenway's own model takes the segment
 * apart.  Never allocates.
 */
void sw_zeek_segment(struct sw_conn *c, enum sw_role who,
    const struct sw_pkt *p);
/* Decide c->zeek_state once the connection is over. */
void sw_zeek_finish(struct sw_conn *c);

#endif /* SW_ZEEK_H */
