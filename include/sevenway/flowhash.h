/* SPDX-License-Identifier: MIT */
/*
 * flowhash.h: the symmetric flow hash that --shard, --split and the
 * reduce agree on (sevenway(1), SCALE).
 *
 * The hash is cheap enough for every packet (FNV-1a over at most 38
 * bytes and a 64-bit finaliser: no SHA-1) and fully specified, so that
 * other tools can put a flow in the same shard:
 *
 *   1. Order the endpoints as Community ID v1 does: (addr1, port1) is
 *      the smaller endpoint, comparing the addresses as byte strings (4
 *      bytes for IPv4, 16 for IPv6) and then the ports as numbers.
 *   2. Hash the bytes addr1, addr2, proto, 0, port1 (big-endian, 2
 *      bytes), port2 (big-endian, 2 bytes) with 64-bit FNV-1a: h starts
 *      at 0xcbf29ce484222325; for each byte b, h = (h XOR b) *
 *      0x100000001b3 mod 2^64.
 *   3. Finalise (MurmurHash3's fmix64): h ^= h >> 33; h *= 0xff51afd7ed558ccd;
 *      h ^= h >> 33; h *= 0xc4ceb9fe1a85ec53; h ^= h >> 33.
 *   4. The shard of N is h mod N.
 *
 * Both directions of a flow give the same h.  Which frame goes where:
 * a TCP segment and an ICMP error quoting one by the segment's
 * endpoints (protocol 6); any other IP packet (UDP, ICMP, fragments) by
 * its two addresses alone (ports 0, protocol 0), so the fragments of a
 * datagram stay together; a frame without an IP layer (ARP, a frame
 * cut short before its addresses) to shard 0.
 */
#ifndef SEVENWAY_FLOWHASH_H
#define SEVENWAY_FLOWHASH_H

#include <stdint.h>

#include "sevenway/packet.h"

/* The symmetric hash of the flow between (a, aport) and (b, bport). */
uint64_t sw_flow_hash(const struct sw_addr *a, uint16_t aport,
    const struct sw_addr *b, uint16_t bport, uint8_t proto);

/*
 * The shard (0 .. n-1) of a frame that sw_decode() turned into r and p,
 * by the rules above; 0 when n < 2.
 */
unsigned sw_flow_shard(enum sw_decode_result r, const struct sw_pkt *p,
    unsigned n);

#endif /* SEVENWAY_FLOWHASH_H */
