/* SPDX-License-Identifier: MIT */
/*
 * community_id.h: the Community ID v1 flow hash, the string that Zeek,
 * Suricata, Arkime and Wireshark all give the same flow, so records of
 * different tools can be joined on it.
 *
 * An ID is "1:" followed by the base64 of a SHA-1 over the seed (2
 * bytes), both addresses, the IP protocol, a zero byte and both ports,
 * every number in network byte order, the endpoint that is smaller by
 * (address, port) first, so both directions give one ID.  The hash and
 * the base64 are GNU Nettle's.  Nothing here allocates.
 */
#ifndef SW_COMMUNITY_ID_H
#define SW_COMMUNITY_ID_H

#include <stdbool.h>
#include <stdint.h>

#include "sevenway/conn.h"

/* The seed sevenway hashes with: 0, the default of every tool. */
#define SW_COMMUNITY_ID_SEED 0

/* IP protocol number of TCP, the only protocol sevenway reports. */
#define SW_IPPROTO_TCP 6

/*
 * Write the Community ID of the flow between (a, aport) and (b, bport)
 * to out: SW_COMMUNITY_ID_LEN characters and a NUL.  The order of the
 * two endpoints does not matter.  Both addresses must be of one family.
 */
void sw_community_id(uint16_t seed, uint8_t proto, const struct sw_addr *a,
    uint16_t aport, const struct sw_addr *b, uint16_t bport,
    char out[SW_COMMUNITY_ID_LEN + 1]);

/* Fill c->community_id from its client and server, with the seed 0. */
void sw_community_id_conn(struct sw_conn *c);

/*
 * The connection's Community ID: the one its record holds (a record read
 * back keeps the one it was written with), or else computed from its
 * client and server into buf.  The analyzer leaves it to the views that
 * show it: a SHA-1 a connection is a few per cent of a text run, which
 * does not show it.
 */
const char *sw_conn_community_id(const struct sw_conn *c,
    char buf[SW_COMMUNITY_ID_LEN + 1]);

/*
 * Whether s is a well-formed version 1 ID: "1:" and the canonical
 * base64 of 20 bytes, as sw_community_id writes it.
 */
bool sw_community_id_valid(const char *s);

#endif /* SW_COMMUNITY_ID_H */
