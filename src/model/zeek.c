/* SPDX-License-Identifier: MIT */
/*
 * zeek.c: conn_state and history as Zeek writes them in conn.log.
 *
 * Zeek follows each endpoint with a coarse state of its own (inactive,
 * SYN sent, SYN-ACK sent, partial, established, closed = sent a FIN,
 * reset = sent a RST) that moves on every packet by rules much looser
 * than RFC 9293: any RST resets, any FIN closes, nothing is checked
 * against the window.  conn_state is read from the two states when the
 * connection ends.  sevenway's own states and close class answer other
 * questions, so Zeek's rules are replayed here, beside them, in
 * struct sw_zeek; nothing in the rest of the model depends on it.
 *
 * Roles.  Zeek's originator is the sender of the first packet, except
 * that a first packet other than a plain SYN coming from a likely server
 * port is turned around, and that a plain SYN answering a SYN-ACK turns
 * the connection around.  Each turn writes '^' into the history.  Upper
 * case letters are the originator's, at the time they are written.
 *
 * History letters.  A packet with two of SYN, FIN, RST earns Q (I when
 * FIN and RST); with one of them S (SYN), H (SYN-ACK), F or R; with
 * none, D when it carries payload, else A when it carries ACK.  A D I Q
 * are written once per direction; S/H (one kind), F and R once, and
 * again whenever the sequence number moves from that of the sender's
 * previous packet of the kind.  C (bad checksum), T (payload not beyond
 * what the sender already sent), W (zero window) and G (bytes the peer
 * acknowledged that were never captured) are written at their 1st,
 * 10th, 100th ... occurrence per endpoint.
 */
#include <string.h>

#include "zeek.h"

/* Zeek's endpoint states, by short names. */
#define zst sw_zeek_end_state
#define Z_INACTIVE SW_ZE_INACTIVE
#define Z_SYN_SENT SW_ZE_SYN_SENT
#define Z_SYN_ACK_SENT SW_ZE_SYN_ACK_SENT
#define Z_PARTIAL SW_ZE_PARTIAL
#define Z_ESTABLISHED SW_ZE_ESTABLISHED
#define Z_CLOSED SW_ZE_CLOSED
#define Z_RESET SW_ZE_RESET

/* Once-letter kinds: bit numbers in sw_zeek.seen (+16 for responder). */
enum { K_SYN, K_FIN, K_RST, K_ACK, K_DATA, K_MULTI, K_FINRST };

/* Logarithmic letters: indexes of count[] and level[]. */
enum { R_CSUM, R_RXMT, R_WIN0, R_GAP };
static const char rep_letter[] = "CTWG";

/* A SYN or RST this far from the sender's last seq does not move it. */
#define TOO_FAR 1048576

/*
 * Ports Zeek's default scripts put in likely_server_ports for TCP (the
 * ports of the protocol analyzers it loads), sorted.
 */
static const uint16_t server_ports[] = {
	21, 22, 25, 53, 79, 80, 81, 88, 110, 135, 139, 143, 389, 443, 445,
	502, 563, 585, 587, 614, 631, 636, 989, 990, 992, 993, 995, 1080,
	1434, 1883, 2811, 3128, 3268, 3306, 3389, 5222, 5223, 5269, 5432,
	6379, 6666, 6667, 6668, 6669, 8000, 8080, 8888, 20000,
};

static bool
likely_server(uint16_t port)
{
	size_t lo = 0, hi = sizeof(server_ports) / sizeof(server_ports[0]);

	while (lo < hi) {
		size_t mid = (lo + hi) / 2;

		if (server_ports[mid] == port)
			return true;
		if (server_ports[mid] < port)
			lo = mid + 1;
		else
			hi = mid;
	}
	return false;
}

static int32_t
delta(uint32_t a, uint32_t b)
{
	return (int32_t)(a - b);
}

static bool
is_orig(const struct sw_conn *c, enum sw_role who)
{
	return c->zk.orig == (uint8_t)who;
}

static void
put(struct sw_conn *c, char ch)
{
	if (c->hlen >= SW_HISTORY_MAX)
		return;
	c->history[c->hlen++] = ch;
	c->history[c->hlen] = '\0';
}

/* Letter L (upper case) for `who`, in the case of its current role. */
static void
letter(struct sw_conn *c, enum sw_role who, char L)
{
	put(c, is_orig(c, who) ? L : (char)(L - 'A' + 'a'));
}

/* Write L unless this direction already has a letter of this kind;
 * returns whether it had one. */
static bool
once(struct sw_conn *c, enum sw_role who, int kind, char L)
{
	uint32_t bit = 1u << (kind + (is_orig(c, who) ? 0 : 16));

	if (c->zk.seen & bit)
		return true;
	c->zk.seen |= bit;
	letter(c, who, L);
	return false;
}

/*
 * The counts at which a logarithmic letter is written: 1, 10, 100, ...
 * as 32-bit arithmetic gives them, the last one wrapped; past it the
 * count starts over and the threshold stays.  The record keeps only the
 * index into this table (sw_zeek_end.level).
 */
static const uint32_t threshold[] = {
	1u, 10u, 100u, 1000u, 10000u, 100000u, 1000000u, 10000000u,
	100000000u, 1000000000u, 1410065408u /* 10^10 mod 2^32 */
};
#define N_THRESHOLD (sizeof(threshold) / sizeof(threshold[0]))

/* One more occurrence of a logarithmic letter: write it at 1, 10, 100... */
static void
scaled(struct sw_conn *c, enum sw_role who, int r)
{
	struct sw_zeek_end *e = &c->zk.end[who];

	if (++e->count[r] != threshold[e->level[r]])
		return;
	letter(c, who, rep_letter[r]);
	if (e->level[r] + 1u < N_THRESHOLD)
		e->level[r]++;
	else
		e->count[r] = 0;	/* the next would wrap below: stay */
}

static void
set_state(struct sw_zeek_end *e, enum zst s)
{
	if (e->state == (uint8_t)s)
		return;
	e->prev = e->state;
	e->state = (uint8_t)s;
}

/* The first packet: who Zeek takes as originator. */
static void
start(struct sw_conn *c, enum sw_role who, const struct sw_pkt *p)
{
	bool syn = p->flags & SW_TH_SYN, ack = p->flags & SW_TH_ACK;
	bool flip = false;

	c->zk.started = true;
	if ((!syn || ack) && likely_server(p->sport)) {
		/* Not an opening SYN, from a server port: the sender is the
		 * responder, unless the other port is one too; then only a
		 * segment without SYN from the lower port is turned. */
		if (likely_server(p->dport))
			flip = !syn && p->sport < p->dport;
		else
			flip = true;
	}
	c->zk.orig = (uint8_t)(flip ? !who : who);
	if (flip)
		put(c, '^');
}

/* Sequence bookkeeping as the endpoint's first packet (or a new SYN)
 * sets it up.  The packet itself then moves `last` forward, so SYN data
 * (Fast Open) is new data, not a retransmission (T). */
static void
init_seq(struct sw_zeek_end *e, bool syn, uint32_t seq, uint32_t end)
{
	(void)end;
	e->start = e->acked = syn ? seq : seq - 1;
	e->last = seq;
}

static void
init_endpoint(struct sw_zeek_end *e, bool syn, uint32_t seq, uint32_t end)
{
	switch ((enum zst)e->state) {
	case Z_INACTIVE:
		init_seq(e, syn, seq, end);
		e->gap_rel = 1;
		break;
	case Z_SYN_SENT:
	case Z_SYN_ACK_SENT:
		if (syn && seq != e->start)
			init_seq(e, true, seq, end);
		break;
	case Z_ESTABLISHED:
	case Z_PARTIAL:
		if (syn)
			init_seq(e, true, seq, end);
		break;
	case Z_RESET:
		/* The RST that set it up may have been forged. */
		if (syn && e->prev == Z_INACTIVE)
			init_seq(e, true, seq, end);
		break;
	default:
		break;
	}
}

static void
history(struct sw_conn *c, enum sw_role who, uint8_t f, uint32_t rel,
    uint32_t len)
{
	struct sw_zeek_end *e = &c->zk.end[who];
	bool syn = f & SW_TH_SYN, fin = f & SW_TH_FIN, rst = f & SW_TH_RST;

	if (syn + fin + rst > 1) {
		if (fin && rst)
			once(c, who, K_FINRST, 'I');
		else
			once(c, who, K_MULTI, 'Q');
	} else if (syn) {
		char L = (f & SW_TH_ACK) ? 'H' : 'S';

		if (once(c, who, K_SYN, L) && rel != e->last_syn)
			letter(c, who, L);
		e->last_syn = rel;
	} else if (fin) {
		/* A FIN's place is after the payload it carries. */
		if (once(c, who, K_FIN, 'F') && rel + len != e->last_fin)
			letter(c, who, 'F');
		e->last_fin = rel + len;
	} else if (rst) {
		if (once(c, who, K_RST, 'R') && rel != e->last_rst)
			letter(c, who, 'R');
		e->last_rst = rel;
	} else if (len > 0) {
		once(c, who, K_DATA, 'D');
	} else if (f & SW_TH_ACK) {
		once(c, who, K_ACK, 'A');
	}
}

/* The sender's highest seq; payload that does not pass it is resent. */
static void
update_last(struct sw_conn *c, enum sw_role who, uint8_t f, uint32_t end,
    uint32_t len)
{
	struct sw_zeek_end *e = &c->zk.end[who];
	int32_t d = delta(end, e->last);

	if ((f & (SW_TH_SYN | SW_TH_RST)) && (d > TOO_FAR || d < -TOO_FAR))
		return;
	if ((f & SW_TH_FIN) && e->last == e->start + 1)
		e->last = end;		/* only the SYN before: trust the FIN */
	else if (e->state == Z_RESET)
		return;
	else if (d > 0)
		e->last = end;
	else if (len > 0)
		scaled(c, who, R_RXMT);
}

/* Zeek's state machine for an endpoint still inactive. */
static void
from_inactive(struct sw_conn *c, enum sw_role who, uint8_t f, uint32_t len)
{
	struct sw_zeek_end *e = &c->zk.end[who], *q = &c->zk.end[!who];
	bool orig = is_orig(c, who), ack = f & SW_TH_ACK;

	if (f & SW_TH_SYN) {
		if (orig) {
			set_state(e, ack ? Z_SYN_ACK_SENT : Z_SYN_SENT);
		} else {
			if (!ack && q->state == Z_SYN_ACK_SENT) {
				/* The SYN after its SYN-ACK: turn around. */
				c->zk.orig = (uint8_t)who;
				put(c, '^');
				set_state(q, Z_ESTABLISHED);
			}
			if (q->state == Z_SYN_SENT)
				set_state(q, Z_ESTABLISHED);
			set_state(e, Z_ESTABLISHED);
		}
	}
	if (f & SW_TH_FIN)
		set_state(e, Z_CLOSED);
	if (f & SW_TH_RST)
		set_state(e, Z_RESET);
	if (e->state != Z_INACTIVE)
		return;
	if (!orig && len == 0 && q->state == Z_SYN_SENT)
		return;			/* an ACK of the SYN before the SYN-ACK */
	if (ack && q->state == Z_ESTABLISHED)
		set_state(e, Z_ESTABLISHED);	/* answers a SYN-ACK */
	else
		set_state(e, Z_PARTIAL);
}

static void
update_state(struct sw_conn *c, enum sw_role who, uint8_t f, uint32_t len)
{
	struct sw_zeek_end *e = &c->zk.end[who], *q = &c->zk.end[!who];

	switch ((enum zst)e->state) {
	case Z_INACTIVE:
		from_inactive(c, who, f, len);
		break;
	case Z_SYN_SENT:
	case Z_SYN_ACK_SENT:
		if (f & SW_TH_FIN)
			set_state(e, Z_CLOSED);
		if (f & SW_TH_RST)
			set_state(e, Z_RESET);
		break;
	case Z_ESTABLISHED:
	case Z_PARTIAL:
		if ((f & (SW_TH_SYN | SW_TH_ACK)) == SW_TH_SYN &&
		    e->state == Z_PARTIAL && q->state == Z_INACTIVE)
			set_state(e, Z_SYN_SENT);
		if ((f & (SW_TH_FIN | SW_TH_RST)) == SW_TH_FIN) {
			set_state(e, Z_CLOSED);
			/* The peer's FIN then RST was a normal close after
			 * all. */
			if (q->state == Z_RESET && q->prev == Z_CLOSED)
				set_state(q, Z_CLOSED);
		}
		if (f & SW_TH_RST)
			set_state(e, Z_RESET);
		break;
	case Z_CLOSED:
		/* After both FINs a RST changes nothing. */
		if ((f & SW_TH_RST) && q->state != Z_CLOSED)
			set_state(e, Z_RESET);
		break;
	default:
		break;
	}
}

static bool
clean(const struct sw_zeek_end *e)
{
	return e->state == Z_ESTABLISHED ||
	    (e->state == Z_CLOSED && e->prev == Z_ESTABLISHED);
}

/*
 * `who` acknowledged up to ack: bytes of the peer below it that were
 * never captured are content gaps, each missing range one G, judged only
 * while both sides are established or closing cleanly.  The peer's
 * missing ranges are sevenway's holes, and whatever lies beyond the
 * highest seq it was seen send.
 */
static void
ack_gaps(struct sw_conn *c, enum sw_role who, uint32_t ack)
{
	enum sw_role d = (enum sw_role)!who;
	struct sw_zeek_end *e = &c->zk.end[d];
	const struct sw_peer *P = &c->peer[d];
	uint32_t upto, last;

	if (e->fin_seen && delta(ack, e->fin_end) >= 0)
		ack = e->fin_end - 1;	/* the FIN is not content */
	upto = ack - e->start;
	if (delta(upto, e->gap_rel) <= 0)
		return;
	if (clean(e) && clean(&c->zk.end[who])) {
		for (int i = 0; i < P->nholes; i++) {
			uint32_t lo = c->x->hole[d][i].lo - e->start;
			uint32_t hi = c->x->hole[d][i].hi - e->start;

			if (delta(hi, e->gap_rel) > 0 && delta(lo, upto) < 0)
				scaled(c, d, R_GAP);
		}
		last = e->last - e->start;
		if (delta(last, e->gap_rel) < 0)
			last = e->gap_rel;
		if (delta(upto, last) > 0)
			scaled(c, d, R_GAP);
	}
	e->gap_rel = upto;
}

void
sw_zeek_segment(struct sw_conn *c, enum sw_role who, const struct sw_pkt *p)
{
	struct sw_zeek_end *e = &c->zk.end[who], *q = &c->zk.end[!who];
	uint8_t f = p->flags;
	bool syn = f & SW_TH_SYN, fin = f & SW_TH_FIN, rst = f & SW_TH_RST;
	uint32_t seglen = (rst ? 0 : p->paylen) + syn + fin;
	uint32_t end = p->seq + seglen;
	bool gap_check = false;

	if (!c->zk.started)
		start(c, who, p);
	if (p->csum == SW_CSUM_BAD) {
		scaled(c, who, R_CSUM);	/* dropped, as the receiver does */
		return;
	}
	init_endpoint(e, syn, p->seq, end);
	history(c, who, f, p->seq - e->start, p->paylen);
	if (p->win == 0 && !rst && q->state != Z_CLOSED && e->state != Z_RESET)
		scaled(c, who, R_WIN0);
	if (fin) {
		e->fin_seen = true;
		e->fin_end = end;
	}
	if (f & SW_TH_ACK) {
		if (q->state == Z_INACTIVE) {
			/* The peer's numbering, until it speaks itself. */
			q->start = q->acked = q->last = p->ack - 1;
		} else if (delta(p->ack, q->start) >= 0) {
			gap_check = true;
			/* An ack of 0 far ahead is more likely broken. */
			if (!rst && !(p->ack == 0 &&
			    delta(p->ack, q->acked) > TOO_FAR) &&
			    delta(p->ack, q->acked) > 0)
				q->acked = p->ack;
		}
	}
	update_last(c, who, f, end, p->paylen);
	update_state(c, who, f, p->paylen);
	if (gap_check)
		ack_gaps(c, who, p->ack);
}

/* Zeek's payload size of an endpoint, from its sequence numbers. */
static uint32_t
size(const struct sw_zeek_end *e, const struct sw_zeek_end *q)
{
	uint32_t top, n;
	bool none_acked = e->acked == e->start || e->acked == e->start + 1;

	/* A half-open connection found and aborted sent nothing. */
	if (e->prev == Z_SYN_SENT && e->state == Z_RESET &&
	    q->state == Z_INACTIVE && !none_acked)
		return 0;
	top = delta(e->last, e->acked) > 0 ? e->last : e->acked;
	n = top - e->start;
	if (n != 0)
		n--;			/* the SYN */
	if (e->fin_seen && n != 0)
		n--;			/* the FIN */
	return n;
}

/*
 * The history Zeek checks for RSTOS0: the originator's SYN, then its RST
 * with none of H A F G I Q from it in between (an optional '^' first).
 */
static bool
syn_then_rst(const char *h)
{
	if (*h == '^')
		h++;
	if (*h++ != 'S')
		return false;
	for (; *h != '\0'; h++) {
		if (*h == 'R')
			return true;
		if (strchr("HAFGIQ", *h) != NULL)
			return false;
	}
	return false;
}

/* Zeek's decision list for conn_state, over both endpoints. */
static enum sw_zeek_state
decide(const struct sw_conn *c)
{
	const struct sw_zeek_end *O = &c->zk.end[c->zk.orig];
	const struct sw_zeek_end *R = &c->zk.end[!c->zk.orig];
	enum zst o = (enum zst)O->state, r = (enum zst)R->state;
	bool o_inactive = o == Z_INACTIVE || o == Z_PARTIAL;
	bool r_inactive = r == Z_INACTIVE || r == Z_PARTIAL;

	if (r == Z_RESET) {
		if (o == Z_SYN_SENT || o == Z_SYN_ACK_SENT ||
		    (o == Z_RESET && size(O, R) == 0 && size(R, O) == 0))
			return SW_ZS_REJ;
		return o_inactive ? SW_ZS_RSTRH : SW_ZS_RSTR;
	}
	if (o == Z_RESET) {
		if (!r_inactive)
			return SW_ZS_RSTO;
		return syn_then_rst(c->history) ? SW_ZS_RSTOS0 : SW_ZS_OTH;
	}
	if (o == Z_CLOSED && r == Z_CLOSED)
		return SW_ZS_SF;
	if (o == Z_CLOSED)
		return r_inactive ? SW_ZS_SH : SW_ZS_S2;
	if (r == Z_CLOSED)
		return o_inactive ? SW_ZS_SHR : SW_ZS_S3;
	if (o == Z_SYN_SENT && r == Z_INACTIVE)
		return SW_ZS_S0;
	if (o == Z_ESTABLISHED && r == Z_ESTABLISHED)
		return SW_ZS_S1;
	return SW_ZS_OTH;
}

void
sw_zeek_finish(struct sw_conn *c)
{
	c->zeek_state = (uint8_t)decide(c);
}

const char *
sw_conn_zeek_state(const struct sw_conn *c)
{
	return sw_zeek_state_name((enum sw_zeek_state)c->zeek_state);
}
