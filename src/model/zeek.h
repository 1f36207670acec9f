/* SPDX-License-Identifier: MIT */
/*
 * zeek.h: the connection summarised in Zeek's conn.log vocabulary
 * (history letters, conn_state), so users can compare with Zeek data.
 */
#ifndef SW_ZEEK_H
#define SW_ZEEK_H

#include "sevenway/conn.h"
#include "sevenway/packet.h"

/* Record history letter L (upper case) for role `who`. */
void sw_zeek_letter(struct sw_conn *c, enum sw_role who, char L);
/* Record the letters a segment earns (S H A D F R). */
void sw_zeek_segment(struct sw_conn *c, enum sw_role who,
    const struct sw_pkt *p);
/* Decide c->zeek_state once the connection is over. */
void sw_zeek_finish(struct sw_conn *c);

#endif /* SW_ZEEK_H */
