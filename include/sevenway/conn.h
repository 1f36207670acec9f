/* SPDX-License-Identifier: MIT */
/*
 * conn.h: one TCP connection as sevenway sees it: both endpoints with
 * their inferred RFC 9293 state and sequence tracking, the seven steps,
 * the verdicts (handshake, close), anomalies and events.
 *
 * The record is fixed-size and small; what only some connections need
 * (anomaly and ICMP detail, gaps, ...) lives in an extra part it points
 * to (struct sw_conn_extra), from the same owner.  The flow table owns
 * both; reporters get a const pointer that is valid only during the
 * emit callback (sw_conn_copy keeps one for longer).
 */
#ifndef SEVENWAY_CONN_H
#define SEVENWAY_CONN_H

#include <stdbool.h>
#include <stdint.h>

#include "sevenway/sevenway.h"
#include "sevenway/packet.h"
#include "sevenway/names.def"

enum sw_state {
#define SW_X(id, s) SW_ST_##id,
	SW_STATES(SW_X)
#undef SW_X
	SW_ST__N
};

enum sw_handshake {
#define SW_X(id, s) SW_HS_##id,
	SW_HANDSHAKES(SW_X)
#undef SW_X
	SW_HS__N
};

enum sw_close {
#define SW_X(id, s) SW_CLOSE_##id,
	SW_CLOSES(SW_X)
#undef SW_X
	SW_CLOSE__N
};

enum sw_anomaly_kind {
#define SW_X(id, s, g) SW_AN_##id,
	SW_ANOMALIES(SW_X)
#undef SW_X
	SW_AN__N
};

enum sw_event {
#define SW_X(id, s) SW_EV_##id,
	SW_EVENTS(SW_X)
#undef SW_X
	SW_EV__N
};

enum sw_zeek_state {
#define SW_X(id, s) SW_ZS_##id,
	SW_ZEEK_STATES(SW_X)
#undef SW_X
	SW_ZS__N
};

enum sw_step_id {
#define SW_X(id, s) SW_STEP_##id,
	SW_STEPS(SW_X)
#undef SW_X
	SW_STEP__N
};

/* Why a connection was ended by sevenway rather than on the wire. */
enum sw_evict { SW_EVICT_NONE = 0, SW_EVICT_IDLE, SW_EVICT_MAX_FLOWS };

/* "idle", "max-flows"; NULL for SW_EVICT_NONE. */
const char *sw_evict_name(enum sw_evict e);

/* The two endpoints of a connection, by role.  Arrays are indexed so. */
enum sw_role { SW_CLIENT = 0, SW_SERVER = 1, SW_NOBODY = 2 };

/* Contract strings; NULL never returned for a valid value. */
const char *sw_state_name(enum sw_state s);
const char *sw_handshake_name(enum sw_handshake h);
const char *sw_close_name(enum sw_close c);
const char *sw_anomaly_name(enum sw_anomaly_kind k);
const char *sw_event_name(enum sw_event e);
const char *sw_step_name(enum sw_step_id s);
const char *sw_zeek_state_name(enum sw_zeek_state z);
const char *sw_role_name(enum sw_role r);	/* "client", "server" */
/* Whether kind k is a seq/ack anomaly (part of the "abnormal" group). */
bool sw_anomaly_is_seqack(enum sw_anomaly_kind k);
/* Whether close value c is abnormal (DESIGN.md §6). */
bool sw_close_is_abnormal(enum sw_close c);
/* Reverse lookups for parsers: -1 when the name is unknown. */
int sw_state_lookup(const char *name);
int sw_handshake_lookup(const char *name);
int sw_close_lookup(const char *name);
int sw_anomaly_lookup(const char *name);
int sw_event_lookup(const char *name);
int sw_zeek_state_lookup(const char *name);
int sw_step_lookup(const char *name);

/*
 * One of the seven steps, as seen on the wire, or known only by
 * inference: a segment the other side's acknowledgement proves was sent
 * although the capture lacks it (inferred: no frame, no time).
 */
struct sw_step {
	uint64_t frame;
	struct sw_time ts;
	uint32_t seq, ack;	/* absolute, as on the wire */
	uint32_t expected_ack;	/* what the check wanted, if any */
	uint32_t expected_seq;
	uint8_t from;		/* enum sw_role of the sender */
	uint8_t flags;		/* TCP flags of the segment */
	/* Bits, so that the seven steps stay small. */
	bool seen : 1;		/* seen, or inferred */
	bool inferred : 1;	/* known only from the other side's ACKs */
	bool ok : 1;		/* every check of this step held */
	bool has_ack : 1;	/* the segment carried ACK */
	bool has_expected_ack : 1;
	bool has_expected_seq : 1;
};

struct sw_anomaly {
	uint8_t kind;		/* enum sw_anomaly_kind */
	bool numeric;		/* expected/seen are meaningful */
	uint64_t frame;
	uint32_t expected, seen;
};

#define SW_MAX_ANOMALIES 8

/* Length of a Community ID v1 string: "1:" and 28 base64 characters. */
#define SW_COMMUNITY_ID_LEN 30

/*
 * History letters in Zeek's conn.log style (zeek.c has the rules).  Zeek
 * sets no limit; the letters repeat only logarithmically or when a SYN,
 * FIN or RST moves, so a real history is rarely longer than this.
 */
#define SW_HISTORY_MAX 47

/* Gaps tracked per direction; beyond, the oldest is forgotten. */
#define SW_MAX_HOLES 4

/* One endpoint: its address, inferred state and sequence tracking. */
struct sw_peer {
	struct sw_addr addr;
	uint16_t port;
	uint8_t state;		/* enum sw_state */
	uint8_t wscale;		/* window scale it announced (0 if none) */
	uint16_t last_win;	/* raw window of our previous segment */

	/* Flags as bits, so that the record stays small. */
	bool syn_sent : 1;	/* sent a SYN (isn known) */
	bool syn_seen : 1;	/* that SYN was captured (not inferred) */
	bool syn_acked : 1;	/* the other side acknowledged our SYN */
	bool ws_sent : 1;	/* our SYN carried a window-scale option */
	bool fin_sent : 1;	/* sent a FIN (fin_seq valid) */
	bool fin_acked : 1;	/* the other side acknowledged our FIN */
	bool rst_sent : 1;	/* sent a valid RST */
	bool probe : 1;		/* a 1-byte zero-window probe is pending */
	bool unseen_reported : 1;	/* ack-unseen-data already reported */
	bool seq_known : 1;	/* nxt valid (seen at least one segment) */
	bool ack_known : 1;	/* last_ack/max_ack valid */
	bool win_known : 1;
	bool fin_gap : 1;	/* our FIN came after a gap: judge at end */
	uint8_t nholes;		/* gaps awaiting bytes, in the extra part */

	uint32_t isn;		/* sequence number of our SYN */
	uint32_t nxt;		/* highest seq + len (+SYN, +FIN) we sent */
	uint32_t max_ack;	/* highest ack we sent */
	uint32_t prev_max_ack;	/* max_ack before its latest advance */
	uint32_t last_ack;	/* ack field of our previous segment */
	uint32_t win;		/* last window, scaled */
	uint32_t last_seg;	/* seq of our latest new data segment */
	uint32_t probe_end;	/* end of that probe byte */
	uint32_t fin_seq;	/* m (or n): the sequence number of our FIN */
	uint32_t fin_gap_expected;	/* nxt when the gapped FIN came */
	/* Our segments after the peer's FIN that did not acknowledge it (the
	 * last one is kept in the extra part, sw_conn_extra). */
	uint32_t unacking_segs;
	uint64_t fin_frame;

	uint64_t packets;
	uint64_t bytes;		/* payload bytes, retransmissions included */
	struct sw_time last_data;	/* time of our last payload */
	struct sw_time syn_ts;	/* time of our latest SYN */
};

/* ICMP errors kept per connection; beyond, only the icmp-error count. */
#define SW_MAX_ICMP 4

/* An ICMP or ICMPv6 error that quoted one of the connection's segments. */
struct sw_icmp_err {
	uint64_t frame;
	struct sw_time ts;
	struct sw_addr from;	/* its sender: router, firewall or host */
	uint8_t type, code;	/* as on the wire */
	bool v6;		/* ICMPv6 */
	uint8_t to;		/* enum sw_role it went to: the quoted
				 * segment's sender */
};

/* Zeek's endpoint states (its TCP_ENDPOINT_* values, in that order). */
enum sw_zeek_end_state {
	SW_ZE_INACTIVE, SW_ZE_SYN_SENT, SW_ZE_SYN_ACK_SENT, SW_ZE_PARTIAL,
	SW_ZE_ESTABLISHED, SW_ZE_CLOSED, SW_ZE_RESET
};

/*
 * One endpoint as Zeek's TCP analyzer follows it, replayed packet by
 * packet beside sevenway's own model, only to give conn_state and
 * history Zeek's values (zeek.c).  Sequence numbers are absolute.
 */
struct sw_zeek_end {
	uint8_t state, prev;	/* enum sw_zeek_end_state, and the one before */
	bool fin_seen;		/* a FIN of ours was seen */
	/* C T W G: which of 1, 10, 100, ... writes the next letter. */
	uint8_t level[4];
	uint32_t start;		/* Zeek's start: our ISN, or first seq - 1 */
	uint32_t last;		/* one past the highest seq we were seen send */
	uint32_t acked;		/* highest ack the peer sent us */
	uint32_t fin_end;	/* one past our latest FIN */
	uint32_t gap_rel;	/* relative seq below which gaps are judged */
	/* Relative seq of our last SYN, FIN end and RST: one more of these
	 * letters is written when the position moves. */
	uint32_t last_syn, last_fin, last_rst;
	uint32_t count[4];	/* C T W G seen so far */
};

struct sw_zeek {
	struct sw_zeek_end end[2];	/* by enum sw_role */
	uint8_t orig;		/* the role Zeek takes as originator */
	bool started;		/* the first packet was seen */
	uint32_t seen;		/* once-letters written: bit per kind, the
				 * originator's in bits 0-15, the responder's
				 * in 16-31 (by direction, not by endpoint) */
};

struct sw_tunnel;
struct sw_flowtab;

/* A RST by its frame, time and sender; frame 0 when there is none. */
struct sw_rstmark {
	uint64_t frame;
	struct sw_time ts;
	uint8_t from;		/* enum sw_role */
};

/* A gap in a peer's sequence space: bytes it must have sent (later bytes
 * were seen) that were not captured yet. */
struct sw_hole {
	uint32_t lo, hi;	/* [lo, hi) missing */
	struct sw_time ts;	/* when the gap appeared */
};

/*
 * What a connection keeps only once something unusual happened: its
 * anomalies and ICMP errors in detail, gaps, a RST whose fate is open,
 * segments that did not acknowledge a FIN.  Most connections never need
 * it, so it lives apart from the record, which stays small; the counts
 * (nanomaly, nicmp, peer.nholes, peer.unacking_segs, rst_pending) stay in
 * the record and say how much of it holds anything.
 */
struct sw_conn_extra {
	struct sw_anomaly anomaly[SW_MAX_ANOMALIES];	/* nanomaly of them */
	/* The first SW_MAX_ICMP ICMP errors (nicmp of them). */
	struct sw_icmp_err icmp[SW_MAX_ICMP];
	/* A RST inside the receiver's window, while rst_pending. */
	struct sw_rstmark rst_pending;
	/* By role: gaps, oldest first (peer.nholes of them). */
	struct sw_hole hole[2][SW_MAX_HOLES];
	/*
	 * By role: the last of a peer's segments after the other's FIN that
	 * did not acknowledge it (while peer.unacking_segs > 0), as a
	 * would-be step 5/7, so that a FIN acknowledged with a wrong number
	 * (say m instead of m+1) can be judged when the connection ends.
	 */
	struct sw_step unacking[2];
};

struct sw_conn {
	uint64_t id;		/* 1, 2, ... in order of first frame */
	unsigned input;		/* index of the input file it started in */
	uint64_t input_frame;	/* first frame, counted within that input */
	struct sw_peer peer[2];	/* [SW_CLIENT], [SW_SERVER] */

	struct sw_time start, end;	/* first and last packet */
	uint64_t first_frame, last_frame;

	uint8_t handshake;	/* enum sw_handshake */
	uint8_t close;		/* enum sw_close */
	uint8_t closed_by;	/* enum sw_role; SW_NOBODY if none */
	uint8_t closer;		/* who sent the first FIN; SW_NOBODY */
	bool midstream : 1;
	bool over : 1;		/* ended on the wire (FINs acked, RST) */
	bool evicted : 1;	/* ended by --idle-timeout or --max-flows */
	uint8_t evicted_by;	/* enum sw_evict, when evicted */
	bool simopen : 1;	/* SYN crossed SYN */
	bool simclose : 1;	/* FIN crossed FIN */
	bool synack_seen : 1;	/* the server sent a SYN-ACK */
	/* ...not captured, but the client acked it: */
	bool synack_inferred : 1;
	bool refused : 1;	/* the server answered the SYN with RST */
	/* The client's SYN drew an ICMP destination-unreachable error
	 * (sw_icmp_unreachable()); the verdict is unreachable unless a
	 * SYN-ACK or RST answered it too. */
	bool unreachable : 1;
	/*
	 * A RST inside the receiver's window but not at RCV.NXT (RFC 5961
	 * §3.2): a modern receiver answers with a challenge ACK and goes
	 * on, an older one resets.  What the receiver sends next decides;
	 * if it sends nothing, the RST is taken (sw_track_finish).
	 */
	bool rst_pending : 1;	/* which RST: sw_conn_extra.rst_pending */
	uint8_t rst_by;		/* sender of the valid RST; SW_NOBODY */
	/* The RST that ended it (rst_by sent it), and the first one its
	 * receiver ignored; frame 0 when there is none. */
	struct sw_rstmark rst, rst_ignored;

	struct sw_step step[SW_STEP__N];

	uint8_t nanomaly;	/* in the extra part, x->anomaly */
	uint32_t anomaly_dropped;	/* beyond SW_MAX_ANOMALIES */
	uint32_t anomaly_count[SW_AN__N];	/* all, dropped included */
	uint32_t event[SW_EV__N];

	/* ICMP errors kept, in x->icmp; event[SW_EV_ICMP_ERROR] counts
	 * them all. */
	uint8_t nicmp;

	char history[SW_HISTORY_MAX + 1];
	uint8_t hlen;
	struct sw_zeek zk;	/* Zeek's view, feeding history and zeek_state */

	/*
	 * Verdicts derived when the connection ends (sw_track_finish), kept
	 * in the record so that a connection read back from its JSON record
	 * reports exactly what the capture run reported.
	 */
	uint8_t zeek_state;	/* enum sw_zeek_state */
	bool has_rtt[2];	/* rtt_ns[i] is known */
	int64_t rtt_ns[2];	/* SYN→SYN-ACK, SYN-ACK→ACK (may be < 0 in a
				 * simultaneous open) */
	/*
	 * Community ID v1 of the client and server endpoints (NUL-ended) as
	 * a record read back gave it; empty for a connection analysed here,
	 * whose views compute it (sw_conn_community_id, community_id.h).
	 */
	char community_id[SW_COMMUNITY_ID_LEN + 1];
	/*
	 * The encapsulation of the packet that created the connection,
	 * seen from the client (outer sources on the client's side),
	 * interned and owned by the analyzer or record reader (tunnel.h).
	 */
	const struct sw_tunnel *tunnel;	/* NULL: not tunnelled */
	/*
	 * The parts only some connections need (sw_conn_extra), NULL until
	 * one is needed; taken then from the pool of home, the flow table
	 * that holds the record, which also remembers its recent segments.
	 * A record built outside an analyzer (read back, a test) points x
	 * at storage of its own and has no home.
	 */
	struct sw_conn_extra *x;
	struct sw_flowtab *home;
};

/*
 * Derived verdicts.  They read only the record, so reporters, the
 * assertion evaluator and the tests all see the same answer.
 */
/* Zeek conn.log conn_state ("SF", "S0", ...). */
const char *sw_conn_zeek_state(const struct sw_conn *c);
/* Compute c->zeek_state and c->rtt_ns from the tracking state. */
void sw_conn_derive(struct sw_conn *c);
/* Handshake RTTs in ms; false when the steps were not seen. */
bool sw_conn_rtt_syn_synack(const struct sw_conn *c, double *ms);
bool sw_conn_rtt_synack_ack(const struct sw_conn *c, double *ms);
/* Whether the connection is "abnormal" (DESIGN.md §6 group). */
bool sw_conn_is_abnormal(const struct sw_conn *c);
/*
 * Whether an ICMP error of this type and code (v6: ICMPv6) says the
 * destination cannot be reached, so that a SYN it answers failed:
 * ICMP 3 (destination unreachable) with any code but 4 (fragmentation
 * needed, which is path MTU discovery), ICMPv6 1 (destination
 * unreachable) with any code.
 */
bool sw_icmp_unreachable(bool v6, uint8_t type, uint8_t code);
/* A short name of the error ("host unreachable"), or NULL if none. */
const char *sw_icmp_name(bool v6, uint8_t type, uint8_t code);
/*
 * Copy record src into *dst and its extra part, if it has one, into
 * *dst_x: a copy that stays valid after the emit callback returns.
 */
void sw_conn_copy(struct sw_conn *dst, struct sw_conn_extra *dst_x,
    const struct sw_conn *src);
/* Relative value of an absolute seq sent by role r (relative to ISN). */
bool sw_conn_rel(const struct sw_conn *c, enum sw_role r, uint32_t abs,
    uint32_t *rel);

#endif /* SEVENWAY_CONN_H */
