/* SPDX-License-Identifier: MIT */
/*
 * verdict.c: what a connection amounts to once it is over: deferred
 * anomalies, the handshake and close classes, who closed, and the
 * derived values reporters print (RTTs, relative sequence numbers).
 *
 * The close classes follow DESIGN.md §3.  Their order of precedence is
 * the order below: a refused SYN, a valid RST, the FIN exchange, a SYN
 * that only ICMP destination-unreachable errors answered, then the
 * states a connection can be left in.
 */
#include "community_id.h"
#include "fsm.h"
#include "seq.h"
#include "track.h"
#include "zeek.h"

/*
 * A FIN never acknowledged although the other side went on talking (two
 * segments or more after it, none covering it) was acknowledged with a
 * wrong number, e.g. m instead of m + 1.  One segment alone may simply
 * have been in flight when the FIN arrived.
 */
static void
judge_unacked_fin(struct sw_conn *c, enum sw_role fin_by)
{
	const struct sw_peer *F = &c->peer[fin_by];
	struct sw_peer *A = &c->peer[!fin_by];
	const struct sw_step *u;
	enum sw_step_id id;

	/* (Without the extra part, for want of memory, nothing to judge.) */
	if (!F->fin_sent || F->fin_acked || A->unacking_segs < 2 ||
	    c->x == NULL)
		return;
	u = &c->x->unacking[!fin_by];
	id = (enum sw_role)c->closer == fin_by ? SW_STEP_ACK_FIN1 :
	    SW_STEP_ACK_FIN2;
	if (!c->step[id].seen) {
		c->step[id] = *u;
		c->step[id].ok = false;
		c->step[id].has_expected_ack = true;
		c->step[id].expected_ack = F->fin_seq + 1;
	}
	sw_track_anomaly(c, SW_AN_FIN_BAD_ACK, u->frame, true,
	    F->fin_seq + 1, u->ack);
	A->unacking_segs = 0;
}

static void
judge_fin_gap(struct sw_conn *c, enum sw_role who)
{
	struct sw_peer *P = &c->peer[who];
	enum sw_step_id id = (enum sw_role)c->closer == who ? SW_STEP_FIN1 :
	    SW_STEP_FIN2;

	if (!P->fin_gap)
		return;
	P->fin_gap = false;
	sw_track_anomaly(c, SW_AN_FIN_BAD_SEQ, P->fin_frame, true,
	    P->fin_gap_expected, c->step[id].seq);
}

static enum sw_handshake
classify_handshake(const struct sw_conn *c)
{
	if (c->midstream)
		return SW_HS_NONE;
	if (c->simopen)
		return SW_HS_SIMOPEN;
	if (c->synack_seen || c->synack_inferred)
		return c->peer[SW_SERVER].syn_acked ? SW_HS_COMPLETE :
		    SW_HS_SYN_SYNACK;
	return SW_HS_SYN_ONLY;
}

static void
classify_close(struct sw_conn *c, bool evicted)
{
	const struct sw_peer *cl = &c->peer[SW_CLIENT], *sv = &c->peer[SW_SERVER];
	bool fin_any = cl->fin_sent || sv->fin_sent;

	c->closed_by = SW_NOBODY;
	if (c->refused) {
		c->close = SW_CLOSE_REFUSED;
		c->closed_by = SW_SERVER;
	} else if (c->rst_by != SW_NOBODY) {
		c->close = SW_CLOSE_RESET;
		c->closed_by = c->rst_by;
	} else if (cl->fin_sent && sv->fin_sent) {
		/* Both FINs on the wire; a missing last ACK shows in the
		 * states (LAST_ACK) rather than in the class. */
		c->close = c->simclose ? SW_CLOSE_SIMUL :
		    c->closer == SW_CLIENT ? SW_CLOSE_CLIENT : SW_CLOSE_SERVER;
		c->closed_by = c->closer;
	} else if (c->handshake == SW_HS_SYN_ONLY && !fin_any &&
	    c->unreachable) {
		/* No endpoint closed it: a router or firewall did.  The
		 * client's connect() failed with the error. */
		c->close = SW_CLOSE_UNREACHABLE;
		c->peer[SW_CLIENT].state = (uint8_t)sw_fsm_next(
		    (enum sw_state)c->peer[SW_CLIENT].state, SW_FE_RCV_UNREACH,
		    NULL);
	} else if (c->handshake == SW_HS_SYN_ONLY && !fin_any) {
		c->close = SW_CLOSE_UNANSWERED;
	} else if (c->handshake == SW_HS_SYN_SYNACK && !fin_any) {
		c->close = SW_CLOSE_HALF_OPEN;
	} else if (evicted) {
		c->close = SW_CLOSE_TIMEOUT;
	} else if (fin_any) {
		c->close = SW_CLOSE_HALF_CLOSED;
		c->closed_by = c->closer;
	} else {
		c->close = SW_CLOSE_OPEN;
	}
}

/* Deferred judgements come last; list the anomalies in frame order. */
static void
sort_anomalies(struct sw_conn *c)
{
	struct sw_anomaly *an = c->x != NULL ? c->x->anomaly : NULL;

	for (int i = 1; i < c->nanomaly; i++) {
		struct sw_anomaly a = an[i];
		int j = i;

		for (; j > 0 && an[j - 1].frame > a.frame; j--)
			an[j] = an[j - 1];
		an[j] = a;
	}
}

void
sw_track_finish(struct sw_conn *c, bool evicted)
{
	sw_track_settle_rst(c);
	judge_unacked_fin(c, SW_CLIENT);
	judge_unacked_fin(c, SW_SERVER);
	judge_fin_gap(c, SW_CLIENT);
	judge_fin_gap(c, SW_SERVER);
	sort_anomalies(c);
	c->evicted = evicted && !c->over;
	if (!c->evicted)
		c->evicted_by = SW_EVICT_NONE;
	c->handshake = (uint8_t)classify_handshake(c);
	classify_close(c, c->evicted);
	sw_conn_derive(c);
}

/* Nanoseconds from a to b. */
static int64_t
ns_between(struct sw_time a, struct sw_time b)
{
	return ((int64_t)b.sec - (int64_t)a.sec) * 1000000000 +
	    ((int64_t)b.nsec - (int64_t)a.nsec);
}

/*
 * Handshake RTTs, measured from the latest SYN (resp. SYN-ACK) before
 * the answer: a retransmitted SYN is the one that was answered.
 */
static void
derive_rtts(struct sw_conn *c)
{
	const struct sw_step *s1 = &c->step[SW_STEP_SYN];
	const struct sw_step *s2 = &c->step[SW_STEP_SYNACK];
	const struct sw_step *s3 = &c->step[SW_STEP_ACK];
	const struct sw_peer *cl = &c->peer[SW_CLIENT], *sv = &c->peer[SW_SERVER];

	/* Only between segments that were captured. */
	c->has_rtt[0] = s1->seen && s2->seen && c->synack_seen &&
	    !s1->inferred && !s2->inferred;
	c->has_rtt[1] = s2->seen && s3->seen && c->synack_seen &&
	    !s2->inferred && !s3->inferred;
	if (c->has_rtt[0])
		c->rtt_ns[0] = sw_time_before(s2->ts, cl->syn_ts) ?
		    ns_between(s1->ts, s2->ts) : ns_between(cl->syn_ts, s2->ts);
	if (c->has_rtt[1])
		c->rtt_ns[1] = sw_time_before(s3->ts, sv->syn_ts) ?
		    ns_between(s2->ts, s3->ts) : ns_between(sv->syn_ts, s3->ts);
}

void
sw_conn_derive(struct sw_conn *c)
{
	derive_rtts(c);
	sw_zeek_finish(c);
}

bool
sw_conn_rtt_syn_synack(const struct sw_conn *c, double *ms)
{
	if (!c->has_rtt[0])
		return false;
	*ms = (double)c->rtt_ns[0] / 1e6;
	return true;
}

bool
sw_conn_rtt_synack_ack(const struct sw_conn *c, double *ms)
{
	if (!c->has_rtt[1])
		return false;
	*ms = (double)c->rtt_ns[1] / 1e6;
	return true;
}

bool
sw_conn_is_abnormal(const struct sw_conn *c)
{
	if (sw_close_is_abnormal((enum sw_close)c->close))
		return true;
	for (int k = 0; k < SW_AN__N; k++)
		if (c->anomaly_count[k] && sw_anomaly_is_seqack(k))
			return true;
	return false;
}

bool
sw_conn_rel(const struct sw_conn *c, enum sw_role r, uint32_t abs,
    uint32_t *rel)
{
	const struct sw_peer *p = &c->peer[r];

	if (!p->syn_sent)
		return false;
	*rel = abs - p->isn;
	return true;
}

void
sw_conn_copy(struct sw_conn *dst, struct sw_conn_extra *dst_x,
    const struct sw_conn *src)
{
	*dst = *src;
	dst->home = NULL;
	if (src->x != NULL) {
		*dst_x = *src->x;
		dst->x = dst_x;
	}
}
