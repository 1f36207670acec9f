/* SPDX-License-Identifier: MIT */
/*
 * track.h: following one connection segment by segment: roles, sequence
 * tracking, the seven steps, anomalies, events, and the endpoint states.
 *
 * These functions only touch the struct sw_conn they are given; the
 * analyzer decides which connection a segment belongs to.
 */
#ifndef SW_TRACK_H
#define SW_TRACK_H

#include "sevenway/conn.h"
#include "sevenway/packet.h"
#include "flowtab.h"

/*
 * Start connection c (zeroed by the caller) from its first segment p:
 * decide who is client and server (DESIGN.md §2) and set the initial
 * states.  Does not process p: call sw_track_segment next.
 */
void sw_track_init(struct sw_conn *c, uint64_t id, const struct sw_pkt *p,
    struct sw_time ts, uint64_t frame);

/* Role (SW_CLIENT or SW_SERVER) of the sender of p in c. */
enum sw_role sw_track_sender(const struct sw_conn *c, const struct sw_pkt *p);

/*
 * Whether p, a SYN without ACK arriving at ts, starts a new connection on
 * c's key instead of belonging to c: c has ended or is closing (TIME_WAIT
 * or port reuse), c never completed its handshake, or c has been silent
 * for more than `quiet` seconds.  A retransmission of c's own SYN never
 * does.
 */
bool sw_track_starts_new(const struct sw_conn *c, const struct sw_pkt *p,
    struct sw_time ts, double quiet);

/*
 * The placeholder of a connection that ended (c->over) and was reported:
 * client_is_a says whether the client is side 0 of its key.  Fills *l
 * and returns true; false when c did not end on the wire (its key is
 * then not worth keeping).
 */
bool sw_track_linger_make(const struct sw_conn *c, bool client_is_a,
    struct sw_linger *l);
/*
 * sw_track_starts_new() for a lingering connection, from its placeholder
 * alone; side is the sender's side of the key.  Gives the same answer as
 * sw_track_starts_new() on the whole record.
 */
bool sw_track_linger_starts_new(const struct sw_linger *l, int side,
    const struct sw_pkt *p);

/*
 * A segment of c after c ended on the wire, while it is held before
 * being reported: it counts in c's packets, bytes, last frame and
 * history, and changes no verdict.
 */
void sw_track_late(struct sw_conn *c, const struct sw_pkt *p,
    enum sw_role from, struct sw_time ts, uint64_t frame);

/*
 * A RST left undecided (inside the window, not at RCV.NXT) when nothing
 * more will come: take it, as an older stack would.  Idempotent.
 */
void sw_track_settle_rst(struct sw_conn *c);

/*
 * p's key in the recent-segment table (recent.h) that finds duplicate
 * frames; it reads c's address, not c, so that the table can be fetched
 * before the record.
 */
uint64_t sw_track_seg_key(const struct sw_conn *c, const struct sw_pkt *p);

/* Apply segment p, sent by role `from`, to c. */
void sw_track_segment(struct sw_conn *c, const struct sw_pkt *p,
    enum sw_role from, struct sw_time ts, uint64_t frame);

/*
 * An ICMP or ICMPv6 error quoting a segment of c (p as sw_decode fills
 * it for SW_DEC_ICMP_TCP: the quoted segment's endpoints and seq): the
 * icmp-error event, the error kept in c->icmp while there is room, and
 * whether it answered the client's SYN with destination unreachable.
 * It is no segment of either endpoint: packets, times and history stay.
 */
void sw_track_icmp(struct sw_conn *c, const struct sw_pkt *p,
    struct sw_time ts, uint64_t frame);

/*
 * Settle the verdicts: deferred anomalies, handshake, close, closed_by.
 * evicted: ended by --idle-timeout or --max-flows, not on the wire.
 * Idempotent.
 */
void sw_track_finish(struct sw_conn *c, bool evicted);

/* Record an anomaly (bounded list; all are counted). */
void sw_track_anomaly(struct sw_conn *c, enum sw_anomaly_kind k,
    uint64_t frame, bool numeric, uint32_t expected, uint32_t seen);

#endif /* SW_TRACK_H */
