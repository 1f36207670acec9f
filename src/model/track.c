/* SPDX-License-Identifier: MIT */
/*
 * track.c: applying one segment to a connection.
 *
 * A segment from endpoint P to endpoint Q is taken apart in a fixed
 * order, so that a FIN+ACK reads as "ACK of your FIN, then my FIN":
 *   1. checksum (a bad segment is dropped by the receiver: count, stop);
 *   2. RST (validity per RFC 9293 §3.10.7.3 / RFC 5961 §3.2, then stop);
 *   3. SYN (steps 1 and 2, retransmissions, ISN, window scale);
 *   4. the ACK field (step 3, the ACKs of FINs: steps 5 and 7, evidence
 *      events for both endpoints, ack-unseen-data, dup-ack);
 *   5. the sequence space (data, retransmission, reordering, probes);
 *   6. FIN (steps 4 and 6, fin-bad-seq);
 *   7. the window (zero-window).
 * Zeek's history letters and endpoint states are replayed apart, before
 * step 1, by zeek.c.
 * Each step raises events for the state table in fsm.c; the guards that
 * decide whether an event happened live here, not in the table.
 */
#include <string.h>

#include "fsm.h"
#include "seq.h"
#include "recent.h"
#include "track.h"
#include "zeek.h"

/*
 * A segment filling a hole this soon after the hole appeared was
 * reordered on the way, not lost and resent (Wireshark's default
 * threshold; the handshake RTT is used when larger).
 */
#define SW_OOO_SECONDS 0.003

void
sw_track_anomaly(struct sw_conn *c, enum sw_anomaly_kind k, uint64_t frame,
    bool numeric, uint32_t expected, uint32_t seen)
{
	struct sw_conn_extra *x;
	struct sw_anomaly *a;

	c->anomaly_count[k]++;
	if (c->nanomaly >= SW_MAX_ANOMALIES ||
	    (x = sw_conn_extra_get(c)) == NULL) {
		c->anomaly_dropped++;
		return;
	}
	a = &x->anomaly[c->nanomaly++];
	a->kind = (uint8_t)k;
	a->frame = frame;
	a->numeric = numeric;
	a->expected = expected;
	a->seen = seen;
}

static void
fire(struct sw_conn *c, enum sw_role who, enum sw_fsm_event e)
{
	struct sw_peer *p = &c->peer[who];

	p->state = (uint8_t)sw_fsm_next((enum sw_state)p->state, e, NULL);
}

/* *st as segment p of `from` made it: seen, and right until a check
 * says otherwise. */
static struct sw_step *
fill_step(struct sw_step *st, enum sw_role from, const struct sw_pkt *p,
    struct sw_time ts, uint64_t frame)
{
	memset(st, 0, sizeof(*st));
	st->seen = true;
	st->ok = true;
	st->from = (uint8_t)from;
	st->flags = p->flags;
	st->frame = frame;
	st->ts = ts;
	st->seq = p->seq;
	st->ack = p->ack;
	st->has_ack = (p->flags & SW_TH_ACK) != 0;
	return st;
}

static struct sw_step *
record_step(struct sw_conn *c, enum sw_step_id id, enum sw_role from,
    const struct sw_pkt *p, struct sw_time ts, uint64_t frame)
{
	return fill_step(&c->step[id], from, p, ts, frame);
}

/*
 * A step the capture lacks but the other side's acknowledgement proves
 * (DESIGN.md §2): no frame, no time; its numbers are the ones implied.
 */
static struct sw_step *
infer_step(struct sw_conn *c, enum sw_step_id id, enum sw_role from,
    uint8_t flags, uint32_t seq, uint32_t ack)
{
	struct sw_step *st = &c->step[id];

	memset(st, 0, sizeof(*st));
	st->seen = st->inferred = true;
	st->ok = true;
	st->from = (uint8_t)from;
	st->flags = flags;
	st->seq = seq;
	st->ack = ack;
	st->has_ack = (flags & SW_TH_ACK) != 0;
	return st;
}

static void
set_peer(struct sw_peer *e, const struct sw_addr *a, uint16_t port)
{
	e->addr = *a;
	e->port = port;
}

void
sw_track_init(struct sw_conn *c, uint64_t id, const struct sw_pkt *p,
    struct sw_time ts, uint64_t frame)
{
	bool syn = p->flags & SW_TH_SYN, ack = p->flags & SW_TH_ACK;
	enum sw_role src;

	c->id = id;
	c->start = c->end = ts;
	c->first_frame = c->last_frame = frame;
	c->closed_by = c->closer = c->rst_by = SW_NOBODY;
	if (syn && !ack) {
		src = SW_CLIENT;
	} else if (syn) {
		src = SW_SERVER;
	} else {
		/* Mid-stream: the server is on the well-known port (the lower,
		 * below 1024), else it is the receiver of this first packet. */
		uint16_t lo = p->sport < p->dport ? p->sport : p->dport;

		c->midstream = true;
		if (lo < 1024 && p->sport != p->dport)
			src = p->sport == lo ? SW_SERVER : SW_CLIENT;
		else
			src = SW_CLIENT;
	}
	set_peer(&c->peer[src], &p->src, p->sport);
	set_peer(&c->peer[!src], &p->dst, p->dport);

	if (c->midstream) {
		c->peer[SW_CLIENT].state = SW_ST_ESTABLISHED;
		c->peer[SW_SERVER].state = SW_ST_ESTABLISHED;
		c->handshake = SW_HS_NONE;
	} else {
		/* The receiver of a SYN is assumed to listen. */
		c->peer[SW_CLIENT].state = SW_ST_CLOSED;
		c->peer[SW_SERVER].state = SW_ST_LISTEN;
		if (src == SW_SERVER) {
			/* Picked up at the SYN-ACK: the client's SYN was sent
			 * but not captured; its ISN is implied by the ACK. */
			struct sw_peer *cl = &c->peer[SW_CLIENT];

			cl->state = SW_ST_SYN_SENT;
			cl->syn_sent = true;
			cl->isn = p->ack - 1;
			cl->nxt = p->ack;
			cl->seq_known = true;
			infer_step(c, SW_STEP_SYN, SW_CLIENT, SW_TH_SYN, cl->isn,
			    0);
		}
	}
}

enum sw_role
sw_track_sender(const struct sw_conn *c, const struct sw_pkt *p)
{
	const struct sw_peer *cl = &c->peer[SW_CLIENT];

	return (cl->port == p->sport && sw_addr_cmp(&cl->addr, &p->src) == 0)
	    ? SW_CLIENT : SW_SERVER;
}

bool
sw_track_starts_new(const struct sw_conn *c, const struct sw_pkt *p,
    struct sw_time ts, double quiet)
{
	enum sw_role from = sw_track_sender(c, p);
	const struct sw_peer *s = &c->peer[from];

	/* New bytes after the end from a sender that had closed its side:
	 * not a retransmission, so a connection on the same key whose start
	 * the capture lacks.  (A peer's data in flight when a RST ended the
	 * connection is only late.) */
	if (c->over && s->fin_sent && p->paylen > 0 &&
	    !(p->flags & (SW_TH_SYN | SW_TH_RST)) && s->seq_known &&
	    sw_seq_gt(p->seq + p->paylen, s->nxt))
		return true;
	if ((p->flags & (SW_TH_SYN | SW_TH_ACK | SW_TH_RST)) != SW_TH_SYN)
		return false;
	if (c->over)
		return true;
	if (s->syn_sent && p->seq == s->isn)
		return false;		/* a retransmission */
	/* The other side's first SYN crossing ours: simultaneous open. */
	if (!s->syn_sent && !c->midstream && !c->peer[!from].fin_sent &&
	    c->peer[!from].syn_sent && !c->synack_seen)
		return false;
	/* A new ISN: a new attempt when the old one never got an answer, or
	 * once either side has begun to close (TIME_WAIT reuse). */
	if (c->peer[SW_CLIENT].fin_sent || c->peer[SW_SERVER].fin_sent ||
	    c->peer[SW_CLIENT].rst_sent || c->peer[SW_SERVER].rst_sent)
		return true;
	/* A handshake never completed: the client tries again.  Once
	 * established, a SYN is answered with a challenge ACK and does not
	 * end the connection (RFC 5961 §4)... */
	if (!c->midstream && from == SW_CLIENT && !c->peer[SW_SERVER].syn_acked)
		return true;
	/* ...unless the connection has been silent so long that it must have
	 * died unseen (its RST or FINs lost before the capture point). */
	if (sw_time_diff(ts, c->end) > quiet)
		return true;
	return false;
}

bool
sw_track_linger_make(const struct sw_conn *c, bool client_is_a,
    struct sw_linger *l)
{
	memset(l, 0, sizeof(*l));
	if (!c->over)
		return false;
	for (int r = 0; r < 2; r++) {
		const struct sw_peer *s = &c->peer[r];
		int side = (r == SW_CLIENT) == client_is_a ? 0 : 1;

		l->nxt[side] = s->nxt;
		if (s->fin_sent)
			l->fin_sent |= (uint8_t)(1u << side);
		if (s->seq_known)
			l->seq_known |= (uint8_t)(1u << side);
	}
	return true;
}

/* sw_track_starts_new() with c->over set, on what the placeholder kept. */
bool
sw_track_linger_starts_new(const struct sw_linger *l, int side,
    const struct sw_pkt *p)
{
	if ((l->fin_sent >> side & 1) && p->paylen > 0 &&
	    !(p->flags & (SW_TH_SYN | SW_TH_RST)) &&
	    (l->seq_known >> side & 1) &&
	    sw_seq_gt(p->seq + p->paylen, l->nxt[side]))
		return true;
	return (p->flags & (SW_TH_SYN | SW_TH_ACK | SW_TH_RST)) == SW_TH_SYN;
}

enum rst_kind { RST_OUTSIDE, RST_EXACT, RST_INSIDE };

/*
 * RFC 9293 §3.10.7.3 (SYN-SENT) and RFC 5961 §3.2: a RST is taken when
 * its sequence number is exactly the receiver's RCV.NXT, ignored outside
 * the receive window, and answered by a challenge ACK inside it.  The
 * observer's RCV.NXT is what the sender has sent (it all arrived) or
 * what the receiver last acknowledged (the rest was lost).
 */
static enum rst_kind
rst_kind(const struct sw_conn *c, enum sw_role from, const struct sw_pkt *p,
    uint32_t *expected)
{
	const struct sw_peer *P = &c->peer[from], *Q = &c->peer[!from];
	uint32_t lo, hi, win;

	*expected = 0;
	if (Q->syn_sent && !Q->syn_acked && !(Q->ack_known) &&
	    (Q->state == SW_ST_SYN_SENT)) {
		/* Answer to our SYN: acceptable iff it acks the SYN. */
		*expected = Q->isn + 1;
		return (p->flags & SW_TH_ACK) && sw_seq_gt(p->ack, Q->isn) &&
		    sw_seq_leq(p->ack, Q->nxt) ? RST_EXACT : RST_OUTSIDE;
	}
	if (!P->seq_known)
		return RST_EXACT;	/* nothing to judge against */
	lo = Q->ack_known ? Q->max_ack : P->nxt;
	*expected = lo;
	if (p->seq == P->nxt || p->seq == lo)
		return RST_EXACT;
	if (Q->win_known) {
		win = Q->win;
	} else {
		win = 65535;
	}
	if (!P->syn_seen && !Q->syn_seen)
		win = win > (UINT32_MAX >> 14) ? UINT32_MAX >> 1 : win << 14;
	if (win == 0)
		win = 1;		/* RFC 5961: only RCV.NXT itself */
	hi = sw_seq_max(P->nxt, lo) + win;
	return sw_seq_geq(p->seq, lo) && sw_seq_lt(p->seq, hi) ? RST_INSIDE :
	    RST_OUTSIDE;
}

/* A RST taken by its receiver: the connection is over. */
static void
take_rst(struct sw_conn *c, enum sw_role from, uint64_t frame,
    struct sw_time ts)
{
	c->rst.frame = frame;
	c->rst.ts = ts;
	c->rst.from = (uint8_t)from;
	if (from == SW_SERVER && !c->midstream &&
	    c->peer[SW_CLIENT].syn_sent && !c->peer[SW_SERVER].syn_sent)
		c->refused = true;
	c->peer[from].rst_sent = true;
	c->rst_by = (uint8_t)from;
	c->rst_pending = false;
	c->over = true;
	fire(c, from, SW_FE_SND_RST);
	fire(c, !from, SW_FE_RCV_RST);
}

static void
handle_rst(struct sw_conn *c, enum sw_role from, const struct sw_pkt *p,
    struct sw_time ts, uint64_t frame)
{
	struct sw_conn_extra *x;
	uint32_t expected;

	if (p->paylen > 0)
		sw_track_anomaly(c, SW_AN_RST_WITH_DATA, frame, false, 0, 0);
	switch (rst_kind(c, from, p, &expected)) {
	case RST_OUTSIDE:
		/* Ignored by the receiver: no state changes. */
		sw_track_anomaly(c, SW_AN_INVALID_RST, frame, true, expected,
		    p->seq);
		return;
	case RST_INSIDE:
		/* Decided by what the receiver does next; without memory to
		 * hold it open, at once, as an older stack decides. */
		x = sw_conn_extra_get(c);
		if (x == NULL) {
			take_rst(c, from, frame, ts);
			return;
		}
		c->rst_pending = true;
		x->rst_pending.from = (uint8_t)from;
		x->rst_pending.frame = frame;
		x->rst_pending.ts = ts;
		return;
	case RST_EXACT:
		take_rst(c, from, frame, ts);
		return;
	}
}

void
sw_track_settle_rst(struct sw_conn *c)
{
	/* Nothing came back from the receiver: an older stack took it. */
	if (c->rst_pending && !c->over)
		take_rst(c, (enum sw_role)c->x->rst_pending.from,
		    c->x->rst_pending.frame, c->x->rst_pending.ts);
	c->rst_pending = false;
}

/* Returns false when the SYN-ACK failed its step check. */
static bool
handle_syn(struct sw_conn *c, enum sw_role from, const struct sw_pkt *p,
    struct sw_time ts, uint64_t frame)
{
	bool ok = true;

	struct sw_peer *P = &c->peer[from], *Q = &c->peer[!from];
	bool ack = p->flags & SW_TH_ACK;

	if (!P->syn_sent || !P->syn_seen) {
		P->syn_sent = P->syn_seen = true;
		P->isn = p->seq;
		P->nxt = p->seq + 1;
		P->seq_known = true;
		P->ws_sent = p->opt.has_wscale;
		P->wscale = p->opt.wscale > 14 ? 14 : p->opt.wscale;
		P->syn_ts = ts;
		if (from == SW_CLIENT && !ack) {
			record_step(c, SW_STEP_SYN, from, p, ts, frame);
		} else if (from == SW_SERVER && !ack) {
			/* The server's own SYN: SYN crossed SYN. */
			c->simopen = true;
			record_step(c, SW_STEP_SYNACK, from, p, ts, frame);
		}
	} else if (p->seq == P->isn) {
		P->syn_ts = ts;
		if (!ack)
			c->event[SW_EV_SYN_RETRANSMIT]++;
		else if (from == SW_SERVER && c->synack_seen)
			c->event[SW_EV_SYNACK_RETRANSMIT]++;
	}
	if (ack && from == SW_SERVER && !c->synack_seen) {
		/* Step 2: SYN-ACK seq = k, ack = j + 1. */
		struct sw_step *st = record_step(c, SW_STEP_SYNACK, from, p, ts,
		    frame);

		c->synack_seen = true;
		P->syn_ts = ts;
		if (Q->syn_sent) {
			/* A SYN carrying data (TCP Fast Open, RFC 7413) is
			 * acked either with it (j + 1 + len) or without. */
			st->has_expected_ack = true;
			st->expected_ack = Q->isn + 1;
			if (Q->syn_seen && p->ack == Q->nxt)
				st->expected_ack = Q->nxt;
			if (p->ack != st->expected_ack) {
				st->ok = ok = false;
				sw_track_anomaly(c, SW_AN_SYNACK_BAD_ACK, frame,
				    true, st->expected_ack, p->ack);
			}
		}
	}
	fire(c, from, ack ? SW_FE_SND_SYNACK : SW_FE_SND_SYN);
	return ok;
}

/* Step 3: the client's first ACK after the SYN-ACK. */
static bool
check_handshake_ack(struct sw_conn *c, const struct sw_pkt *p,
    struct sw_time ts, uint64_t frame)
{
	const struct sw_peer *cl = &c->peer[SW_CLIENT], *sv = &c->peer[SW_SERVER];
	bool syn = p->flags & SW_TH_SYN;
	struct sw_step *st;

	if (c->step[SW_STEP_ACK].seen || !sv->syn_sent)
		return true;
	if (!(c->synack_seen || c->synack_inferred || (c->simopen && syn)))
		return true;
	st = record_step(c, SW_STEP_ACK, SW_CLIENT, p, ts, frame);
	st->has_expected_ack = true;
	st->expected_ack = sv->isn + 1;
	/* RFC 7413 §4.2: a server may send data right after its SYN-ACK,
	 * before this ACK, which then covers k + 1 + those bytes. */
	if (sv->seq_known && sw_seq_gt(p->ack, sv->isn + 1) &&
	    sw_seq_leq(p->ack, sv->nxt))
		st->expected_ack = p->ack;
	if (p->ack != st->expected_ack) {
		st->ok = false;
		sw_track_anomaly(c, SW_AN_ACK_BAD_ACK, frame, true,
		    st->expected_ack, p->ack);
	}
	if (!syn && cl->syn_seen) {
		/* After SYN data that was not accepted, the client resends it
		 * from j + 1; when accepted it goes on from j + 1 + len. */
		st->has_expected_seq = true;
		st->expected_seq = cl->isn + 1;
		if (p->seq == cl->nxt && sw_seq_geq(p->ack, sv->isn + 1))
			st->expected_seq = cl->nxt;
		if (p->seq != st->expected_seq) {
			st->ok = false;
			sw_track_anomaly(c, SW_AN_ACK_BAD_SEQ, frame, true,
			    st->expected_seq, p->seq);
		}
	}
	return st->ok;
}

/*
 * The client acknowledges a SYN-ACK the capture lacks: the server sent
 * it (k = ack - 1), and it acknowledged the client's SYN.
 */
static void
infer_synack(struct sw_conn *c, uint32_t a)
{
	struct sw_peer *cl = &c->peer[SW_CLIENT], *sv = &c->peer[SW_SERVER];
	struct sw_step *st;

	sv->syn_sent = true;
	sv->isn = a - 1;
	sv->nxt = a;
	sv->seq_known = true;
	cl->syn_acked = true;
	c->synack_inferred = true;
	st = infer_step(c, SW_STEP_SYNACK, SW_SERVER, SW_TH_SYN | SW_TH_ACK,
	    sv->isn, cl->isn + 1);
	st->has_expected_ack = true;
	st->expected_ack = cl->isn + 1;
	fire(c, SW_SERVER, SW_FE_SND_SYNACK);
}

/*
 * The server acknowledges client data while the client's handshake ACK
 * was not captured: data is sent only once established, on a segment
 * that acknowledges k + 1, so step 3 happened.
 */
static void
infer_handshake_ack(struct sw_conn *c)
{
	struct sw_peer *cl = &c->peer[SW_CLIENT], *sv = &c->peer[SW_SERVER];
	struct sw_step *st;

	sv->syn_acked = true;
	st = infer_step(c, SW_STEP_ACK, SW_CLIENT, SW_TH_ACK, cl->isn + 1,
	    sv->isn + 1);
	st->has_expected_ack = true;
	st->expected_ack = sv->isn + 1;
	fire(c, SW_CLIENT, SW_FE_RCV_SYNACK);
	fire(c, SW_SERVER, SW_FE_RCV_ACK);
}

/*
 * P acknowledges one sequence number beyond everything Q is known to
 * have sent (Q's last captured byte; when none of Q's segments was
 * captured, P's own previous acknowledgement): Q's FIN, which the
 * capture lacks.  A FIN of Q sent after P's FIN acknowledged P's FIN
 * with it, as a peer in CLOSE_WAIT does.  Returns the FIN's seq, or
 * false when the ack shows no FIN.
 */
static bool
infer_fin(struct sw_conn *c, enum sw_role from, uint32_t a)
{
	struct sw_peer *P = &c->peer[from], *Q = &c->peer[!from];
	uint32_t end;
	bool p_first = P->fin_sent && !P->fin_acked;
	enum sw_step_id id;

	if (Q->fin_sent || !Q->syn_sent || c->over || Q->rst_sent)
		return false;
	if (Q->packets > 0 && Q->seq_known)
		end = Q->nxt;
	else if (P->ack_known)
		end = P->max_ack;
	else
		return false;
	if (a != end + 1 || !sw_seq_gt(end, Q->isn) ||
	    (Q->probe && sw_seq_leq(a, Q->probe_end)))
		return false;
	if (p_first) {
		infer_step(c, SW_STEP_ACK_FIN1, !from, SW_TH_FIN | SW_TH_ACK,
		    end, P->fin_seq + 1)->has_expected_ack = true;
		c->step[SW_STEP_ACK_FIN1].expected_ack = P->fin_seq + 1;
		P->fin_acked = true;
		fire(c, !from, SW_FE_RCV_FIN);
		fire(c, from, SW_FE_RCV_FINACK);
	}
	Q->fin_sent = true;
	Q->fin_seq = end;
	Q->nxt = end + 1;
	if (c->closer == SW_NOBODY) {
		c->closer = (uint8_t)!from;
		id = SW_STEP_FIN1;
	} else {
		id = SW_STEP_FIN2;
	}
	infer_step(c, id, !from, SW_TH_FIN | SW_TH_ACK, end,
	    P->fin_sent ? P->fin_seq + 1 : P->nxt);
	fire(c, !from, SW_FE_SND_FIN);
	return true;
}

/*
 * P acknowledges up to p->ack.  judged_ok is false when a step check
 * already reported this ack as wrong (it is not reported twice).
 */
static void
handle_ack(struct sw_conn *c, enum sw_role from, const struct sw_pkt *p,
    struct sw_time ts, uint64_t frame, bool keepalive, bool judged_ok)
{
	struct sw_peer *P = &c->peer[from], *Q = &c->peer[!from];
	uint32_t a = p->ack;
	bool pure = p->paylen == 0 &&
	    !(p->flags & (SW_TH_SYN | SW_TH_FIN | SW_TH_RST));

	/* What the acknowledgement proves that the capture lacks. */
	if (from == SW_CLIENT && P->syn_sent && !Q->syn_sent &&
	    !(p->flags & SW_TH_SYN) && !c->midstream && !c->simopen)
		infer_synack(c, a);
	/* Beyond what the SYN-ACK acknowledged: SYN data (Fast Open) is
	 * acknowledged there already. */
	if (from == SW_SERVER && c->synack_seen && !P->syn_acked &&
	    !c->step[SW_STEP_ACK].seen && !c->simopen && Q->syn_sent &&
	    !(p->flags & SW_TH_SYN) &&
	    sw_seq_gt(a, c->step[SW_STEP_SYNACK].ack))
		infer_handshake_ack(c);
	if (from == SW_CLIENT && !check_handshake_ack(c, p, ts, frame))
		judged_ok = false;
	/* Not from the handshake's own ACK (step 3 judges that one), nor
	 * from an ack already reported wrong. */
	if (!(p->flags & SW_TH_SYN) && judged_ok &&
	    !(c->step[SW_STEP_ACK].seen && c->step[SW_STEP_ACK].frame == frame))
		infer_fin(c, from, a);

	/* Evidence about SYNs: P has Q's SYN; Q's SYN is acknowledged. */
	if (Q->syn_sent && !Q->syn_acked && sw_seq_gt(a, Q->isn)) {
		Q->syn_acked = true;
		fire(c, from, P->syn_acked ? SW_FE_RCV_SYNACK : SW_FE_RCV_SYN);
		fire(c, !from, SW_FE_RCV_ACK);
	}

	/* Evidence about Q's FIN: steps 5 and 7. */
	if (Q->fin_sent && !Q->fin_acked) {
		if (sw_seq_geq(a, Q->fin_seq + 1)) {
			enum sw_step_id id = (enum sw_role)c->closer == !from
			    ? SW_STEP_ACK_FIN1 : SW_STEP_ACK_FIN2;
			struct sw_step *st = record_step(c, id, from, p, ts,
			    frame);

			Q->fin_acked = true;
			st->has_expected_ack = true;
			st->expected_ack = Q->fin_seq + 1;
			if (a != st->expected_ack) {
				/* Beyond m + 1 it also acks unseen bytes: one
				 * fault, reported once, as fin-bad-ack. */
				st->ok = judged_ok = false;
				P->unseen_reported = true;
				sw_track_anomaly(c, SW_AN_FIN_BAD_ACK, frame,
				    true, st->expected_ack, a);
			}
			fire(c, from, SW_FE_RCV_FIN);
			fire(c, !from, SW_FE_RCV_FINACK);
		} else {
			/* Judged at the end: in flight, or a wrong ack. */
			struct sw_conn_extra *x = sw_conn_extra_get(c);

			P->unacking_segs++;
			if (x != NULL)
				fill_step(&x->unacking[from], from, p, ts, frame);
		}
	}

	/* Acknowledging bytes the peer never sent (a probe byte was sent,
	 * though not counted in nxt until the window opens). */
	if (judged_ok && Q->syn_seen && Q->seq_known && sw_seq_gt(a, Q->nxt) &&
	    !(Q->probe && sw_seq_leq(a, Q->probe_end)) && !P->unseen_reported) {
		P->unseen_reported = true;
		sw_track_anomaly(c, SW_AN_ACK_UNSEEN_DATA, frame, true, Q->nxt,
		    a);
	}

	/* Duplicate ACKs (window unchanged and open, as Wireshark) and window
	 * updates: pure ACKs only. */
	if (pure && P->ack_known && a == P->last_ack && !keepalive) {
		if (p->win == P->last_win && p->win != 0) {
			if (Q->seq_known && sw_seq_gt(Q->nxt, a))
				c->event[SW_EV_DUP_ACK]++;
		} else if (p->win != 0) {
			c->event[SW_EV_WINDOW_UPDATE]++;
		}
	}
	if (!P->ack_known || sw_seq_gt(a, P->max_ack))
		P->prev_max_ack = P->ack_known ? P->max_ack : a;
	P->max_ack = P->ack_known ? sw_seq_max(P->max_ack, a) : a;
	P->last_ack = a;
	P->ack_known = true;
}

/* The handshake RTT at the capture point, or 0 when not seen. */
static double
handshake_rtt(const struct sw_conn *c)
{
	const struct sw_step *s1 = &c->step[SW_STEP_SYN];
	const struct sw_step *s3 = &c->step[SW_STEP_ACK];

	return s1->seen && s3->seen ? sw_time_diff(s3->ts, s1->ts) : 0.0;
}

/* The gap of `from` that holds seq v, or -1. */
static int
find_hole(const struct sw_conn *c, enum sw_role from, uint32_t v)
{
	for (int i = 0; i < c->peer[from].nholes; i++) {
		const struct sw_hole *h = &c->x->hole[from][i];

		if (sw_seq_in(v, h->lo, h->hi))
			return i;
	}
	return -1;
}

/* Without memory for the extra part, the gap is not remembered. */
static void
add_hole(struct sw_conn *c, enum sw_role from, uint32_t lo, uint32_t hi,
    struct sw_time ts)
{
	struct sw_peer *P = &c->peer[from];
	struct sw_conn_extra *x = sw_conn_extra_get(c);
	struct sw_hole *hole;

	if (x == NULL)
		return;
	hole = x->hole[from];
	if (P->nholes == SW_MAX_HOLES) {
		memmove(&hole[0], &hole[1], (SW_MAX_HOLES - 1) * sizeof(hole[0]));
		P->nholes--;
	}
	hole[P->nholes].lo = lo;
	hole[P->nholes].hi = hi;
	hole[P->nholes].ts = ts;
	P->nholes++;
}

/* Bytes [start, end) arrived inside gap i: shrink or close it. */
static void
fill_hole(struct sw_conn *c, struct sw_peer *P, enum sw_role from, int i,
    uint32_t start, uint32_t end)
{
	struct sw_hole *h = &c->x->hole[from][i];

	if (sw_seq_leq(start, h->lo)) {
		if (sw_seq_gt(end, h->lo))
			h->lo = end;
	} else if (sw_seq_geq(end, h->hi)) {
		h->hi = start;
	}
	if (sw_seq_lt(h->lo, h->hi))
		return;
	memmove(h, h + 1, (size_t)(P->nholes - i - 1) * sizeof(*h));
	P->nholes--;
	if (P->fin_gap && P->nholes == 0) {
		/* The data before the FIN arrived after all. */
		enum sw_step_id id = (enum sw_role)c->closer == from ?
		    SW_STEP_FIN1 : SW_STEP_FIN2;

		P->fin_gap = false;
		c->step[id].ok = true;
	}
}

/*
 * The sequence space: new data, gaps, retransmissions, reordering,
 * keepalives and zero-window probes.  None of these is a violation.
 */
static void
handle_data(struct sw_conn *c, enum sw_role from, const struct sw_pkt *p,
    struct sw_time ts, uint64_t frame, bool keepalive)
{
	struct sw_peer *P = &c->peer[from], *Q = &c->peer[!from];
	bool syn = p->flags & SW_TH_SYN, fin = p->flags & SW_TH_FIN;
	uint32_t start = p->seq + (syn ? 1 : 0);
	uint32_t end = start + p->paylen;
	uint32_t endf = end + (fin ? 1 : 0);
	bool zero_win = Q->win_known && Q->win == 0;

	if (syn) {
		/* SYN data (TCP Fast Open) extends the SYN's sequence space. */
		if (sw_seq_gt(endf, P->nxt))
			P->nxt = endf;
		return;
	}
	if (!P->seq_known) {
		P->seq_known = true;
		P->nxt = endf;
		return;
	}
	if (keepalive) {
		/* RFC 9293 §3.8.4: seq = SND.NXT - 1, 0 or 1 garbage byte.
		 * Against a zero window the same segment is a probe (Linux
		 * probes this way). */
		c->event[zero_win ? SW_EV_ZERO_WINDOW_PROBE : SW_EV_KEEPALIVE]++;
		return;
	}
	if (endf == start)
		return;			/* pure ACK */
	if (zero_win && p->paylen == 1 && !fin && start == P->nxt) {
		/* A probe byte offered to a closed window: the receiver will
		 * not take it, so it is sent again as data once the window
		 * opens; like Wireshark, do not advance nxt past it. */
		c->event[SW_EV_ZERO_WINDOW_PROBE]++;
		P->probe = true;
		P->probe_end = end;
		return;
	}
	P->probe = false;
	if (sw_seq_geq(start, P->nxt)) {
		if (sw_seq_gt(start, P->nxt)) {
			/* Bytes missing before this one: lost before the
			 * capture point, or about to arrive reordered. */
			add_hole(c, from, P->nxt, start, ts);
		}
		if (p->paylen > 0)
			P->last_seg = start;
		P->nxt = endf;
	} else {
		int h = find_hole(c, from, start);

		if (h >= 0) {
			double rtt = handshake_rtt(c);
			double lim = rtt > SW_OOO_SECONDS ? rtt : SW_OOO_SECONDS;

			c->event[sw_time_diff(ts, c->x->hole[from][h].ts) < lim ?
			    SW_EV_OUT_OF_ORDER : SW_EV_RETRANSMISSION]++;
			fill_hole(c, P, from, h, start, end);
		} else {
			c->event[SW_EV_RETRANSMISSION]++;
		}
		if (sw_seq_gt(endf, P->nxt))
			P->nxt = endf;
	}
	if (P->fin_sent && p->paylen > 0 && sw_seq_gt(end, P->fin_seq) &&
	    !(fin && end == P->fin_seq)) {
		/* New data beyond our own FIN: the FIN was a lie.  No single
		 * number is "expected" here, so none is given. */
		sw_track_anomaly(c, SW_AN_DATA_AFTER_FIN, frame, false, 0, 0);
	}
}

/* Steps 4 and 6: the first FIN of each side. */
static void
handle_fin(struct sw_conn *c, enum sw_role from, const struct sw_pkt *p,
    struct sw_time ts, uint64_t frame, bool known_before,
    uint32_t nxt_before)
{
	struct sw_peer *P = &c->peer[from], *Q = &c->peer[!from];
	uint32_t start = p->seq + ((p->flags & SW_TH_SYN) ? 1 : 0);
	uint32_t fin_pos = start + p->paylen;
	enum sw_step_id id;
	struct sw_step *st;

	if (P->fin_sent)
		return;		/* a retransmitted FIN: counted as such */
	P->fin_sent = true;
	P->fin_seq = fin_pos;
	P->fin_frame = frame;
	if (c->closer == SW_NOBODY) {
		c->closer = (uint8_t)from;
		id = SW_STEP_FIN1;
	} else {
		id = SW_STEP_FIN2;
		/* Sent before its sender acknowledged the first FIN: the two
		 * FINs crossed on the wire (RFC 9293 Figure 13). */
		if (!Q->fin_acked)
			c->simclose = true;
	}
	st = record_step(c, id, from, p, ts, frame);
	if (known_before) {
		st->has_expected_seq = true;
		st->expected_seq = nxt_before;
		if (start != nxt_before) {
			if (sw_seq_gt(start, nxt_before)) {
				/* A gap before the FIN; judged at the end in
				 * case the missing bytes arrive reordered. */
				st->ok = false;
				P->fin_gap = true;
				P->fin_gap_expected = nxt_before;
			} else if (sw_seq_lt(fin_pos, nxt_before)) {
				/* The FIN sits inside data already sent. */
				st->ok = false;
				sw_track_anomaly(c, SW_AN_FIN_BAD_SEQ, frame,
				    true, nxt_before, start);
			}
		}
	}
	fire(c, from, SW_FE_SND_FIN);
}

static void
handle_window(struct sw_conn *c, enum sw_role from, const struct sw_pkt *p)
{
	struct sw_peer *P = &c->peer[from], *Q = &c->peer[!from];
	bool syn = p->flags & SW_TH_SYN;

	/* RFC 7323 §2.2: scaling applies when both SYNs carried the option,
	 * and never to the window of a SYN itself. */
	if (!syn && P->ws_sent && Q->ws_sent)
		P->win = (uint32_t)p->win << P->wscale;
	else
		P->win = p->win;
	P->win_known = true;
	if (p->win == 0 && !(p->flags & (SW_TH_SYN | SW_TH_FIN | SW_TH_RST)))
		c->event[SW_EV_ZERO_WINDOW]++;
	P->last_win = p->win;
}

/*
 * A keepalive or zero-window probe: 0 or 1 byte just below what the peer
 * already has, so the peer answers with an ACK and nothing moves (RFC
 * 9293 §3.8.4).  Stacks put it at SND.NXT - 1, or at SND.UNA - 1 (Linux,
 * which equals SND.NXT - 1 when nothing is outstanding).  A 1-byte
 * segment resent at the seq of our latest data segment is a
 * retransmission instead, although it sits at the same place.
 */
static bool
is_probe(const struct sw_conn *c, enum sw_role from, const struct sw_pkt *p)
{
	const struct sw_peer *P = &c->peer[from], *Q = &c->peer[!from];
	bool below_nxt, below_una;

	if (!P->seq_known || (p->flags & (SW_TH_SYN | SW_TH_FIN)) ||
	    p->paylen > 1)
		return false;
	if (p->paylen == 1 && p->seq == P->last_seg)
		return false;
	below_nxt = p->seq == P->nxt - 1;
	below_una = Q->ack_known && p->seq == Q->max_ack - 1 &&
	    sw_seq_lt(p->seq, P->nxt);
	return below_nxt || below_una;
}

/*
 * p's key in the recent-segment table: a hash of every field that a
 * resend would change (nothing but the time differs in a duplicate
 * frame), and of the record's address, which no other open connection
 * shares.  Two directions never send the same seq and ack at once.
 */
uint64_t
sw_track_seg_key(const struct sw_conn *c, const struct sw_pkt *p)
{
	uint64_t x = ((uint64_t)p->seq << 32 | p->ack) * 0x9e3779b97f4a7c15u ^
	    ((uint64_t)p->paylen << 32 | (uint32_t)p->flags << 24 |
	    (uint32_t)p->win << 8) * 0xc2b2ae3d27d4eb4fu ^
	    ((uint64_t)p->ip_id << 32 | (p->opt.has_ts ? p->opt.ts_val : 0)) *
	    0x165667b19e3779f9u;

	/* Then a finaliser (MurmurHash3's), so that every bit of the key
	 * depends on every input bit. */
	x ^= (uint64_t)(uintptr_t)c * 0xff51afd7ed558ccdu;
	x ^= x >> 33;
	x *= 0xc4ceb9fe1a85ec53u;
	x ^= x >> 33;
	return x;
}

/*
 * Whether p is a segment P sent in the last SW_DUP_US captured again (and
 * remember p, recent.h).  Only a segment that would otherwise read as a
 * resend (sequence space below what P already sent) or as an ACK that
 * moves nothing forward is looked up: a duplicate frame never moves
 * anything forward.  Two pure ACKs can be alike in every field (dup-acks
 * within one timestamp tick); only a distinct IPv4 identification tells
 * a duplicate frame of one from a second ACK, so without it a pure ACK
 * is never called a duplicate.
 */
static bool
is_duplicate(const struct sw_conn *c, enum sw_role from,
    const struct sw_pkt *p, struct sw_time ts)
{
	const struct sw_peer *P = &c->peer[from];
	struct sw_recent *recent = sw_conn_recent(c);
	bool space = p->paylen > 0 || (p->flags & (SW_TH_SYN | SW_TH_FIN));
	bool again = P->seq_known && (space ? sw_seq_lt(p->seq, P->nxt) :
	    ((p->flags & SW_TH_RST) || (p->ip_id != 0 && P->ack_known &&
	    sw_seq_leq(p->ack, P->max_ack))));
	/* Microseconds modulo 2^32: the window is short, so the difference
	 * of two such values is exact. */
	uint32_t us = (uint32_t)((uint64_t)ts.sec * 1000000u + ts.nsec / 1000);

	if (recent == NULL)
		return false;	/* a record outside any table */
	return sw_recent_seen(recent, sw_track_seg_key(c, p), us, again);
}

void
sw_track_late(struct sw_conn *c, const struct sw_pkt *p, enum sw_role from,
    struct sw_time ts, uint64_t frame)
{
	struct sw_peer *P = &c->peer[from];

	if (sw_time_before(c->end, ts))
		c->end = ts;
	c->last_frame = frame;
	if (is_duplicate(c, from, p, ts)) {
		c->event[SW_EV_DUPLICATE]++;
		return;
	}
	P->packets++;
	P->bytes += p->paylen;
	if (p->paylen > 0)
		P->last_data = ts;
	sw_zeek_segment(c, from, p);
}

void
sw_track_icmp(struct sw_conn *c, const struct sw_pkt *p, struct sw_time ts,
    uint64_t frame)
{
	enum sw_role to = sw_track_sender(c, p);
	const struct sw_peer *P = &c->peer[to];
	const struct sw_icmp *ic = &p->icmp;
	struct sw_conn_extra *x;
	bool syn = !ic->has_flags ||
	    (p->flags & (SW_TH_SYN | SW_TH_ACK)) == SW_TH_SYN;

	c->event[SW_EV_ICMP_ERROR]++;
	if (c->nicmp < SW_MAX_ICMP && (x = sw_conn_extra_get(c)) != NULL) {
		struct sw_icmp_err *e = &x->icmp[c->nicmp++];

		e->frame = frame;
		e->ts = ts;
		e->from = ic->from;
		e->type = ic->type;
		e->code = ic->code;
		e->v6 = ic->v6;
		e->to = (uint8_t)to;
	}
	/* The client's SYN is quoted when the seq is its ISN (8 quoted
	 * bytes say no more; the flags, when quoted, must agree). */
	if (to == SW_CLIENT && !c->midstream && P->syn_seen &&
	    p->seq == P->isn && syn &&
	    sw_icmp_unreachable(ic->v6, ic->type, ic->code))
		c->unreachable = true;
}

void
sw_track_segment(struct sw_conn *c, const struct sw_pkt *p,
    enum sw_role from, struct sw_time ts, uint64_t frame)
{
	struct sw_peer *P = &c->peer[from];
	bool keepalive, known_before = P->seq_known, synack_ok = true;
	uint32_t nxt_before = P->nxt;

	if (is_duplicate(c, from, p, ts)) {
		/* Seen already: it changes nothing but the count. */
		c->event[SW_EV_DUPLICATE]++;
		if (sw_time_before(c->end, ts))
			c->end = ts;
		c->last_frame = frame;
		return;
	}

	if (sw_time_before(c->end, ts))
		c->end = ts;
	c->last_frame = frame;
	P->packets++;
	P->bytes += p->paylen;
	if (p->paylen > 0)
		P->last_data = ts;

	/* Zeek's view first: it sees bad checksums too (zeek.c). */
	sw_zeek_segment(c, from, p);
	if (p->csum == SW_CSUM_BAD) {
		/* The receiver drops it; so does the observer. */
		sw_track_anomaly(c, SW_AN_BAD_CHECKSUM, frame, false, 0, 0);
		return;
	}
	if (c->rst_pending && from != c->x->rst_pending.from) {
		/* The receiver of an in-window RST speaks on: it did not take
		 * it.  A pure ACK right after it is its challenge ACK. */
		c->rst_pending = false;
		if (c->event[SW_EV_RST_IGNORED]++ == 0)
			c->rst_ignored = c->x->rst_pending;
		if (p->paylen == 0 && (p->flags & (SW_TH_SYN | SW_TH_FIN |
		    SW_TH_RST | SW_TH_ACK)) == SW_TH_ACK)
			c->event[SW_EV_CHALLENGE_ACK]++;
	}
	if (p->flags & SW_TH_RST) {
		handle_rst(c, from, p, ts, frame);
		return;
	}
	keepalive = is_probe(c, from, p);
	if (p->flags & SW_TH_SYN)
		synack_ok = handle_syn(c, from, p, ts, frame);
	if (p->flags & SW_TH_ACK)
		handle_ack(c, from, p, ts, frame, keepalive, synack_ok);
	handle_data(c, from, p, ts, frame, keepalive);
	if (p->flags & SW_TH_FIN)
		handle_fin(c, from, p, ts, frame, known_before, nxt_before);
	handle_window(c, from, p);
	if (c->peer[SW_CLIENT].fin_acked && c->peer[SW_SERVER].fin_acked)
		c->over = true;
}
