/* SPDX-License-Identifier: MIT */
/*
 * explain.c: --explain, a plain-language diagnosis of an abnormal
 * connection: what went wrong, which side is at fault, and the evidence.
 *
 * Every wording is in the one table below, keyed by a condition id, so
 * that a new diagnosis is a new id, a new line and the code that picks
 * it.  The sentences are templates: %W is the side at fault ("the
 * server"), %O the other side, %F and %G frame numbers, %E and %S the
 * expected and seen values, %N a count, %T seconds, %Z a state or other
 * word, %A an address, %% a percent sign.  The diagnosis is the close's
 * sentence, if the close is abnormal, then the first anomaly's, joined by
 * "; ".
 *
 * A connection record does not know where the capture ended, so "how
 * long" is measured to the connection's own last packet.
 */
#include <inttypes.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "sevenway/report.h"

enum why {
	EX_UNANSWERED_ONE, EX_UNANSWERED, EX_REFUSED, EX_UNREACHABLE,
	EX_UNREACHABLE_HOST, EX_UNREACHABLE_ANY, EX_HALF_OPEN,
	EX_HALF_OPEN_RETRY, EX_RESET_HANDSHAKE, EX_RESET_TRANSFER,
	EX_RESET_OWN_FIN, EX_RESET_PEER_FIN, EX_HALF_CLOSED,
	EX_HALF_CLOSED_LATER, EX_FIN_UNACKED, EX_TIMEOUT, EX_OTHER_CLOSE,
	EX_SYNACK_BAD_ACK, EX_ACK_BAD_ACK, EX_ACK_BAD_SEQ, EX_FIN1_BAD_ACK,
	EX_FIN2_BAD_ACK, EX_FIN_BAD_SEQ, EX_ACK_UNSEEN, EX_ACK_UNSEEN_ANY,
	EX_DATA_AFTER_FIN, EX_INVALID_RST, EX_RST_WITH_DATA,
	EX_RST_WITH_DATA_ANY, EX_BAD_CHECKSUM, EX_OTHER_ANOMALY, EX_MORE,
	EX_RST_IGNORED, EX_RST_IGNORED_SILENT, EX_INFERRED,
	EX__N
};

static const struct {
	enum why id;
	const char *text;
} wording[] = {
	{ EX_UNANSWERED_ONE, "the server never answered the SYN (frame %F): "
	    "the client was left in SYN_SENT" },
	{ EX_UNANSWERED, "the server never answered the SYN: %N SYNs over "
	    "%T s from frame %F, then nothing" },
	{ EX_REFUSED, "the server refused the connection: it answered the "
	    "SYN (frame %F) with a RST (frame %G); nothing listens on the "
	    "port, or a firewall rejects it" },
	{ EX_UNREACHABLE, "a router (%A) answered the SYN with ICMP %Z "
	    "(frame %F): the server was never reached" },
	{ EX_UNREACHABLE_HOST, "the server's host (%A) answered the SYN with "
	    "ICMP %Z (frame %F): a firewall there rejects the connection" },
	{ EX_UNREACHABLE_ANY, "ICMP destination-unreachable errors answered "
	    "the SYN (frame %F): the server was never reached" },
	{ EX_HALF_OPEN, "the client never acknowledged the SYN-ACK (frame "
	    "%F): the server holds a half-open connection in SYN_RCVD" },
	{ EX_HALF_OPEN_RETRY, "the client never acknowledged the SYN-ACK "
	    "(frame %F): the server sent it %N times over %T s and holds a "
	    "half-open connection in SYN_RCVD" },
	{ EX_RESET_HANDSHAKE, "%W reset the connection during the handshake "
	    "(frame %F)" },
	{ EX_RESET_TRANSFER, "%W reset the connection during the transfer "
	    "(frame %F)" },
	{ EX_RESET_OWN_FIN, "%W reset the connection after its own FIN "
	    "(frame %F)" },
	{ EX_RESET_PEER_FIN, "%W reset the connection instead of closing its "
	    "side, after %O's FIN (frame %F)" },
	{ EX_HALF_CLOSED, "%W never closed its side: it has sat in %Z since "
	    "frame %F, the connection's last packet" },
	{ EX_HALF_CLOSED_LATER, "%W never closed its side: it has sat in %Z "
	    "since frame %F (%T s to the connection's last packet, frame %G)" },
	{ EX_FIN_UNACKED, "%W never acknowledged %O's FIN (frame %F) and "
	    "never closed its side" },
	{ EX_TIMEOUT, "the connection was still open when sevenway gave up "
	    "on it (idle timeout or --max-flows); its last packet was frame "
	    "%F" },
	{ EX_OTHER_CLOSE, "the connection ended as %Z" },
	{ EX_SYNACK_BAD_ACK, "%W's SYN-ACK acknowledged %S instead of j+1 = "
	    "%E (frame %F)" },
	{ EX_ACK_BAD_ACK, "%W's handshake ACK acknowledged %S instead of "
	    "k+1 = %E (frame %F)" },
	{ EX_ACK_BAD_SEQ, "%W's handshake ACK had seq %S instead of j+1 = %E "
	    "(frame %F)" },
	{ EX_FIN1_BAD_ACK, "%W acknowledged %O's FIN with %S instead of m+1 "
	    "= %E (frame %F)" },
	{ EX_FIN2_BAD_ACK, "%W acknowledged %O's FIN with %S instead of n+1 "
	    "= %E (frame %F)" },
	{ EX_FIN_BAD_SEQ, "%W's FIN had seq %S, but it had sent only up to "
	    "%E (frame %F)" },
	{ EX_ACK_UNSEEN, "%W acknowledged %N bytes %O never sent: ack %S, "
	    "highest sent %E (frame %F)" },
	{ EX_ACK_UNSEEN_ANY, "a segment acknowledged %N bytes never sent: "
	    "ack %S, highest sent %E (frame %F)" },
	{ EX_DATA_AFTER_FIN, "%W sent new data after its own FIN (frame "
	    "%F)" },
	{ EX_INVALID_RST, "a RST outside the receive window was ignored: seq "
	    "%S where %E was expected (frame %F)" },
	{ EX_RST_WITH_DATA, "%W's RST carried data (frame %F)" },
	{ EX_RST_WITH_DATA_ANY, "a RST carried data (frame %F)" },
	{ EX_BAD_CHECKSUM, "a segment arrived with a bad TCP checksum (frame "
	    "%F)" },
	{ EX_OTHER_ANOMALY, "anomaly %Z at frame %F" },
	{ EX_MORE, "(%N more anomal%Z)" },
	{ EX_RST_IGNORED, "%W's RST (frame %F) was inside %O's window but not "
	    "at its next expected sequence number: %O answered with a "
	    "challenge ACK and went on (RFC 5961), so the RST was forged or "
	    "stale" },
	{ EX_INFERRED, "the capture lacks %Z, known from the other side's "
	    "acknowledgements" },
	{ EX_RST_IGNORED_SILENT, "%W's RST (frame %F) was inside %O's window "
	    "but not at its next expected sequence number; %O ignored it and "
	    "went on (RFC 5961), so the RST was forged or stale" },
};

/* The values a sentence may name. */
struct facts {
	enum sw_role who;	/* the side at fault (%W); %O is the other */
	uint64_t frame, frame2;	/* %F, %G */
	uint32_t expected, seen;	/* %E, %S */
	uint64_t count;		/* %N */
	double secs;		/* %T */
	const char *word;	/* %Z */
	char addr[64];		/* %A */
};

/* Output position in the caller's buffer; pos may pass len (truncated). */
struct out {
	char *buf;
	size_t len, pos;
};

static void
put(struct out *o, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

static void
put(struct out *o, const char *fmt, ...)
{
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vsnprintf(o->pos < o->len ? o->buf + o->pos : NULL,
	    o->pos < o->len ? o->len - o->pos : 0, fmt, ap);
	va_end(ap);
	if (n > 0)
		o->pos += (size_t)n;
}

static const char *
text_of(enum why id)
{
	for (size_t i = 0; i < sizeof(wording) / sizeof(wording[0]); i++)
		if (wording[i].id == id)
			return wording[i].text;
	return "?";
}

static const char *
side(enum sw_role r)
{
	return r == SW_CLIENT ? "the client" : r == SW_SERVER ?
	    "the server" : "one side";
}

/* Write the sentence of id, its placeholders filled from f, after sep
 * unless it is the first. */
static void
say(struct out *o, const char *sep, enum why id, const struct facts *f)
{
	const char *t = text_of(id);

	if (o->pos > 0)
		put(o, "%s", sep);
	for (; *t != '\0'; t++) {
		if (*t != '%' || t[1] == '\0') {
			put(o, "%c", *t);
			continue;
		}
		switch (*++t) {
		case 'W': put(o, "%s", side(f->who)); break;
		case 'O': put(o, "%s", side(f->who == SW_NOBODY ? SW_NOBODY :
		    !f->who)); break;
		case 'F': put(o, "%" PRIu64, f->frame); break;
		case 'G': put(o, "%" PRIu64, f->frame2); break;
		case 'E': put(o, "%" PRIu32, f->expected); break;
		case 'S': put(o, "%" PRIu32, f->seen); break;
		case 'N': put(o, "%" PRIu64, f->count); break;
		case 'T': put(o, "%.1f", f->secs); break;
		case 'Z': put(o, "%s", f->word != NULL ? f->word : "?"); break;
		case 'A': put(o, "%s", f->addr); break;
		default: put(o, "%c", *t); break;
		}
	}
}

/*
 * The first ICMP error that answered the SYN: from a router, or from
 * the server's own address (a host firewall rejects, the port or
 * address is unused there).
 */
static bool
unreachable_why(const struct sw_conn *c, enum why *id, struct facts *f)
{
	const struct sw_icmp_err *e = NULL;

	for (int i = 0; i < c->nicmp && e == NULL; i++)
		if (c->x->icmp[i].to == SW_CLIENT &&
		    sw_icmp_unreachable(c->x->icmp[i].v6, c->x->icmp[i].type,
		    c->x->icmp[i].code))
			e = &c->x->icmp[i];
	if (e == NULL) {
		/* Not among the errors kept (only the first few are). */
		f->frame = c->step[SW_STEP_SYN].frame;
		*id = EX_UNREACHABLE_ANY;
		return true;
	}
	f->frame = e->frame;
	f->word = sw_icmp_name(e->v6, e->type, e->code);
	if (f->word == NULL)
		f->word = "destination unreachable";
	sw_addr_str(&e->from, f->addr, sizeof(f->addr));
	*id = sw_addr_cmp(&e->from, &c->peer[SW_SERVER].addr) == 0 ?
	    EX_UNREACHABLE_HOST : EX_UNREACHABLE;
	return true;
}

/* Which sentence the close deserves; false when it is a normal one. */
static bool
close_why(const struct sw_conn *c, enum why *id, struct facts *f)
{
	const struct sw_peer *cl = &c->peer[SW_CLIENT];
	const struct sw_step *syn = &c->step[SW_STEP_SYN];
	const struct sw_step *sa = &c->step[SW_STEP_SYNACK];
	enum sw_role peer = c->closer == SW_NOBODY ? SW_NOBODY :
	    (enum sw_role)!c->closer;

	switch ((enum sw_close)c->close) {
	case SW_CLOSE_UNANSWERED:
		f->who = SW_SERVER;
		f->frame = syn->frame;
		f->count = 1 + (uint64_t)c->event[SW_EV_SYN_RETRANSMIT];
		f->secs = sw_time_diff(cl->syn_ts, syn->ts);
		*id = f->count > 1 ? EX_UNANSWERED : EX_UNANSWERED_ONE;
		return true;
	case SW_CLOSE_REFUSED:
		f->who = SW_SERVER;
		f->frame = syn->frame;
		f->frame2 = c->rst.frame ? c->rst.frame : c->last_frame;
		*id = EX_REFUSED;
		return true;
	case SW_CLOSE_UNREACHABLE:
		return unreachable_why(c, id, f);
	case SW_CLOSE_HALF_OPEN:
		f->who = SW_CLIENT;
		f->frame = sa->frame;
		f->count = 1 + (uint64_t)c->event[SW_EV_SYNACK_RETRANSMIT];
		f->secs = sw_time_diff(c->peer[SW_SERVER].syn_ts, sa->ts);
		*id = f->count > 1 ? EX_HALF_OPEN_RETRY : EX_HALF_OPEN;
		return true;
	case SW_CLOSE_RESET:
		f->who = (enum sw_role)c->closed_by;
		f->frame = c->rst.frame ? c->rst.frame : c->last_frame;
		if (c->handshake != SW_HS_COMPLETE &&
		    c->handshake != SW_HS_SIMOPEN && !c->midstream)
			*id = EX_RESET_HANDSHAKE;
		else if (c->closer == SW_NOBODY)
			*id = EX_RESET_TRANSFER;
		else if (c->closer == c->closed_by)
			*id = EX_RESET_OWN_FIN;
		else
			*id = EX_RESET_PEER_FIN;
		return true;
	case SW_CLOSE_HALF_CLOSED:
		if (peer == SW_NOBODY)
			break;
		f->who = peer;
		if (!c->peer[c->closer].fin_acked) {
			f->frame = c->peer[c->closer].fin_frame;
			*id = EX_FIN_UNACKED;
			return true;
		}
		f->word = sw_state_name(c->peer[peer].state);
		/* Seen in CLOSE_WAIT once seen acknowledging the FIN. */
		f->frame = c->step[SW_STEP_ACK_FIN1].seen ?
		    c->step[SW_STEP_ACK_FIN1].frame : c->peer[c->closer].fin_frame;
		f->frame2 = c->last_frame;
		f->secs = sw_time_diff(c->end, c->step[SW_STEP_ACK_FIN1].seen ?
		    c->step[SW_STEP_ACK_FIN1].ts : c->step[SW_STEP_FIN1].ts);
		*id = c->last_frame > f->frame ? EX_HALF_CLOSED_LATER :
		    EX_HALF_CLOSED;
		return true;
	case SW_CLOSE_TIMEOUT:
		f->frame = c->last_frame;
		*id = EX_TIMEOUT;
		return true;
	default:
		break;
	}
	if (!sw_close_is_abnormal((enum sw_close)c->close))
		return false;
	f->word = sw_close_name(c->close);
	*id = EX_OTHER_CLOSE;
	return true;
}

/* The role whose FIN has sequence number fin_seq + 1 == ack, if any. */
static enum sw_role
fin_acked_by(const struct sw_conn *c, uint32_t ack)
{
	for (int r = SW_CLIENT; r <= SW_SERVER; r++)
		if (c->peer[r].fin_sent && c->peer[r].fin_seq + 1 == ack)
			return (enum sw_role)r;
	return SW_NOBODY;
}

/*
 * The role whose sequence space holds x: the one whose ISN x is closest
 * above, in serial arithmetic.  SW_NOBODY when an ISN is unknown.
 */
static enum sw_role
owner_of_seq(const struct sw_conn *c, uint32_t x)
{
	const struct sw_peer *a = &c->peer[SW_CLIENT], *b = &c->peer[SW_SERVER];

	if (!a->syn_sent || !b->syn_sent)
		return SW_NOBODY;
	return x - a->isn <= x - b->isn ? SW_CLIENT : SW_SERVER;
}

static void
anomaly_why(const struct sw_conn *c, const struct sw_anomaly *an,
    enum why *id, struct facts *f)
{
	enum sw_role r;

	f->frame = an->frame;
	f->expected = an->expected;
	f->seen = an->seen;
	switch ((enum sw_anomaly_kind)an->kind) {
	case SW_AN_SYNACK_BAD_ACK:
		f->who = SW_SERVER;
		*id = EX_SYNACK_BAD_ACK;
		break;
	case SW_AN_ACK_BAD_ACK:
		f->who = SW_CLIENT;
		*id = EX_ACK_BAD_ACK;
		break;
	case SW_AN_ACK_BAD_SEQ:
		f->who = SW_CLIENT;
		*id = EX_ACK_BAD_SEQ;
		break;
	case SW_AN_FIN_BAD_ACK:
		r = fin_acked_by(c, an->expected);
		if (r == SW_NOBODY)
			r = (enum sw_role)c->closer;
		f->who = r == SW_NOBODY ? SW_NOBODY : (enum sw_role)!r;
		*id = r == c->closer ? EX_FIN1_BAD_ACK : EX_FIN2_BAD_ACK;
		break;
	case SW_AN_FIN_BAD_SEQ:
		f->who = c->peer[SW_SERVER].fin_sent &&
		    c->peer[SW_SERVER].fin_frame == an->frame ? SW_SERVER :
		    c->peer[SW_CLIENT].fin_sent &&
		    c->peer[SW_CLIENT].fin_frame == an->frame ? SW_CLIENT :
		    (enum sw_role)c->closer;
		*id = EX_FIN_BAD_SEQ;
		break;
	case SW_AN_ACK_UNSEEN_DATA:
		r = owner_of_seq(c, an->expected);
		f->count = an->seen - an->expected;
		f->who = r == SW_NOBODY ? SW_NOBODY : (enum sw_role)!r;
		*id = r == SW_NOBODY ? EX_ACK_UNSEEN_ANY : EX_ACK_UNSEEN;
		break;
	case SW_AN_DATA_AFTER_FIN:
		r = (enum sw_role)c->closer;
		if (r == SW_NOBODY || c->peer[r].fin_frame >= an->frame)
			r = c->peer[SW_CLIENT].fin_sent ? SW_CLIENT : SW_SERVER;
		f->who = r;
		*id = EX_DATA_AFTER_FIN;
		break;
	case SW_AN_INVALID_RST:
		*id = EX_INVALID_RST;
		break;
	case SW_AN_RST_WITH_DATA:
		f->who = (enum sw_role)c->rst_by;
		*id = f->who == SW_NOBODY ? EX_RST_WITH_DATA_ANY :
		    EX_RST_WITH_DATA;
		break;
	case SW_AN_BAD_CHECKSUM:
		*id = EX_BAD_CHECKSUM;
		break;
	default:
		f->word = sw_anomaly_name(an->kind);
		*id = EX_OTHER_ANOMALY;
		break;
	}
}

/* "step 2" or "steps 2, 5 and 6": those known only by inference. */
static bool
steps_inferred(const struct sw_conn *c, char *buf, size_t len)
{
	int n = 0, k = 0, pos = 0;

	for (int i = 0; i < SW_STEP__N; i++)
		n += c->step[i].seen && c->step[i].inferred;
	if (n == 0)
		return false;
	pos = snprintf(buf, len, "step%s", n > 1 ? "s" : "");
	for (int i = 0; i < SW_STEP__N && pos >= 0 && (size_t)pos < len; i++) {
		if (!c->step[i].seen || !c->step[i].inferred)
			continue;
		k++;
		pos += snprintf(buf + pos, len - (size_t)pos, "%s%d",
		    k == 1 ? " " : k == n ? " and " : ", ", i + 1);
	}
	return true;
}

size_t
sw_explain(const struct sw_conn *c, char *buf, size_t len)
{
	struct out o = { buf, len, 0 };
	const struct sw_anomaly *first = NULL;
	uint64_t total = 0;
	struct facts f;
	enum why id;
	char inf[32];

	if (len > 0)
		buf[0] = '\0';
	if ((!sw_conn_is_abnormal(c) && !c->rst_ignored.frame) || len == 0)
		return 0;
	memset(&f, 0, sizeof(f));
	f.who = SW_NOBODY;
	if (close_why(c, &id, &f))
		say(&o, "; ", id, &f);
	if (c->rst_ignored.frame) {
		/* Not a violation of the receiver: worth saying all the same,
		 * since someone sent a RST that did not belong. */
		memset(&f, 0, sizeof(f));
		f.who = (enum sw_role)c->rst_ignored.from;
		f.frame = c->rst_ignored.frame;
		say(&o, "; ", c->event[SW_EV_CHALLENGE_ACK] ? EX_RST_IGNORED :
		    EX_RST_IGNORED_SILENT, &f);
	}
	/* The first violation of the seq/ack arithmetic, else the first
	 * anomaly of any kind. */
	for (int i = 0; i < c->nanomaly; i++) {
		if (sw_anomaly_is_seqack(c->x->anomaly[i].kind)) {
			first = &c->x->anomaly[i];
			break;
		}
		if (first == NULL)
			first = &c->x->anomaly[i];
	}
	for (int k = 0; k < SW_AN__N; k++)
		total += c->anomaly_count[k];
	if (first != NULL) {
		memset(&f, 0, sizeof(f));
		f.who = SW_NOBODY;
		anomaly_why(c, first, &id, &f);
		say(&o, "; ", id, &f);
	}
	if (total > 1) {
		f.count = total - 1;
		f.word = total == 2 ? "y" : "ies";
		say(&o, " ", EX_MORE, &f);
	}
	if (steps_inferred(c, inf, sizeof(inf))) {
		memset(&f, 0, sizeof(f));
		f.word = inf;
		say(&o, "; ", EX_INFERRED, &f);
	}
	if (o.pos >= len)
		o.pos = len - 1;
	return o.pos;
}
