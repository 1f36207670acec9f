/* SPDX-License-Identifier: MIT */
/*
 * report_ladder.c: --ladder, a connection drawn as a sequence diagram.
 *
 * The client's lifeline is on the left, the server's on the right.  Each
 * segment that made one of the seven steps is one arrow (a FIN+ACK that
 * is steps 5 and 6 is one arrow labelled "5+6"), in frame order, under a
 * label row with the steps, flags, seq/ack relative to each side's ISN
 * (absolute when the ISN is unknown), frame number and time since the
 * connection's first packet.  A simultaneous close draws the two FINs
 * crossing on one row.  The RST that ended a reset or refused connection
 * is drawn last: the record keeps no step for it, so its frame and time
 * are the connection's last frame and end, which they are because such a
 * connection is reported as soon as its RST is seen.  An ICMP error kept
 * with the connection is one row of its own, in frame order: a short
 * dotted arrow into the endpoint it went to (the sender of the segment
 * it quotes), coming from the middle, where the router stands, with
 * type, code, name and sender.
 *
 * States are written beside the lifelines where they change, as RFC 9293
 * §3.3.2 has them change: a sender's at once, a receiver's when the
 * segment arrives.  They come from the model's own state table
 * (fsm.h), fed with what each arrow means, and the receipt of a SYN or
 * FIN is drawn only when the record shows it was acknowledged in the
 * end (the same evidence the model requires), so the picture agrees with
 * the states the text reports; the last row gives those final states.
 * Notes below the diagram say what never happened.
 *
 * Layout, in columns: 2 blanks, the client's state right-aligned in 11,
 * a blank, the lifeline, SPAN columns between lifelines, the lifeline, a
 * blank, then the server's state (arrow rows) or frame and time (label
 * rows).  At most about 90 columns unless a label or address is long.
 */
#include <inttypes.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "sevenway/report.h"
#include "fsm.h"
#include "view.h"

#define STATE_W 11		/* "ESTABLISHED" */
#define SPAN 50			/* columns between the two lifelines */
#define MAX_ARROWS (SW_STEP__N + 2 + SW_MAX_ICMP)
#define ICMP_SHAFT 4		/* shaft glyphs of an ICMP arrow */

/* One row's worth of drawing: a segment, two crossing FINs, or the RST. */
struct arrow {
	unsigned steps;		/* bit i: step i is this segment */
	enum sw_role from;	/* sender (for a crossing: the closer) */
	bool cross;		/* the FINs of a simultaneous close */
	bool rst;		/* the RST that ended the connection */
	bool rst_ignored;	/* a RST its receiver did not take (RFC 5961) */
	uint64_t frame;		/* 0: an inferred segment, never captured */
	uint64_t key;		/* drawing order (see collect) */
	struct sw_time ts;
	const struct sw_step *st;	/* the first of its steps; NULL: RST */
	const struct sw_icmp_err *icmp;	/* an ICMP error's row; NULL */
};

struct ladder {
	FILE *out;
	const struct sw_conn *c;
	const struct sw_view *v;
	enum sw_state state[2];	/* as drawn so far */
	struct arrow a[MAX_ARROWS];
	int n;
};

static void
spaces(FILE *out, int n)
{
	for (int i = 0; i < n; i++)
		fputc(' ', out);
}

static void
repeat(struct ladder *L, enum sw_glyph g, int n)
{
	const char *s = sw_view_glyph(L->v, g);

	for (int i = 0; i < n; i++)
		fputs(s, L->out);
}

/* "  STATE │" with STATE (cyan) right-aligned, or blank when NULL. */
static void
left(struct ladder *L, const char *state)
{
	if (state != NULL)
		fprintf(L->out, "  %*s%s%s%s ", STATE_W - (int)strlen(state), "",
		    sw_view_on(L->v, SW_C_CYAN), state, sw_view_off(L->v));
	else
		spaces(L->out, 2 + STATE_W + 1);
	fputs(sw_view_glyph(L->v, SW_G_LIFE), L->out);
}

/* "│ STATE" and the end of the row; no trailing blank. */
static void
right(struct ladder *L, const char *state)
{
	fputs(sw_view_glyph(L->v, SW_G_LIFE), L->out);
	if (state != NULL)
		fprintf(L->out, " %s%s%s", sw_view_on(L->v, SW_C_CYAN), state,
		    sw_view_off(L->v));
	fputc('\n', L->out);
}

/* A state name if it changed from *was (then remembered), else NULL. */
static const char *
changed(enum sw_state now, enum sw_state *was)
{
	if (now == *was)
		return NULL;
	*was = now;
	return sw_state_name(now);
}

/*
 * A row of text between the lifelines: against the sender's lifeline
 * (the client's on the left), red when asked, then frame and time.
 */
static void
text_row(struct ladder *L, enum sw_role from, const char *text, bool red,
    const char *tail)
{
	int len = 0, pad;

	/* Columns, not bytes: UTF-8 continuation bytes take none. */
	for (const char *p = text; *p != '\0'; p++)
		len += ((unsigned char)*p & 0xc0) != 0x80;
	pad = SPAN - 2 - len;
	if (pad < 0)
		pad = 0;
	left(L, NULL);
	fputc(' ', L->out);
	if (from == SW_SERVER)
		spaces(L->out, pad);
	fprintf(L->out, "%s%s%s", red ? sw_view_on(L->v, SW_C_RED) : "", text,
	    red ? sw_view_off(L->v) : "");
	if (from != SW_SERVER)
		spaces(L->out, pad);
	fputc(' ', L->out);
	fputs(sw_view_glyph(L->v, SW_G_LIFE), L->out);
	if (tail != NULL)
		fprintf(L->out, "   %s", tail);
	fputc('\n', L->out);
}

/* "frame F  +T" for the right of a label row. */
static void
when(const struct ladder *L, uint64_t frame, struct sw_time ts, char *buf,
    size_t len)
{
	double d = sw_time_diff(ts, L->c->start);

	if (frame == 0)
		snprintf(buf, len, "(inferred)");
	else if (ts.nsec % 1000 == 0 && L->c->start.nsec % 1000 == 0)
		snprintf(buf, len, "frame %-6" PRIu64 " +%.6f", frame, d);
	else
		snprintf(buf, len, "frame %-6" PRIu64 " +%.9f", frame, d);
}

/* The value of a sequence number x in role r's space, relative if known. */
static uint32_t
rel(const struct sw_conn *c, enum sw_role r, uint32_t x)
{
	uint32_t v;

	return sw_conn_rel(c, r, x, &v) ? v : x;
}

/* Append to buf (of size len) at *n; *n stops at the end of buf. */
static void
append(char *buf, size_t len, size_t *n, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));

static void
append(char *buf, size_t len, size_t *n, const char *fmt, ...)
{
	va_list ap;
	int w;

	if (*n >= len)
		return;
	va_start(ap, fmt);
	w = vsnprintf(buf + *n, len - *n, fmt, ap);
	va_end(ap);
	if (w > 0)
		*n = *n + (size_t)w < len ? *n + (size_t)w : len;
}

/* "5+6 FIN,ACK seq 257 ack 66 (+1 resent)" for the steps in mask. */
static void
label(const struct ladder *L, unsigned mask, const struct sw_step *st,
    char *buf, size_t len)
{
	const struct sw_conn *c = L->c;
	enum sw_role from = (enum sw_role)st->from;
	char fl[48];
	size_t n = 0;
	uint32_t resent = 0;

	buf[0] = '\0';
	for (int i = 0; i < SW_STEP__N; i++)
		if (mask & (1u << i))
			append(buf, len, &n, "%s%d", n > 0 ? "+" : "", i + 1);
	append(buf, len, &n, " %s seq %" PRIu32, sw_view_flag_words(st->flags,
	    fl, sizeof(fl)), rel(c, from, st->seq));
	if (st->has_ack)
		append(buf, len, &n, " ack %" PRIu32,
		    rel(c, (enum sw_role)!from, st->ack));
	if (mask & (1u << SW_STEP_SYN))
		resent = c->event[SW_EV_SYN_RETRANSMIT];
	else if (mask & (1u << SW_STEP_SYNACK))
		resent = c->event[SW_EV_SYNACK_RETRANSMIT];
	if (resent > 0)
		append(buf, len, &n, " (+%" PRIu32 " resent)", resent);
}

/* The "✗ expected ack E, saw S" rows of the failed steps in mask. */
static void
failures(struct ladder *L, unsigned mask)
{
	const struct sw_conn *c = L->c;
	char msg[96];

	for (int i = 0; i < SW_STEP__N; i++) {
		const struct sw_step *st = &c->step[i];
		enum sw_role from = (enum sw_role)st->from;

		if (!(mask & (1u << i)) || st->ok)
			continue;
		if (st->has_expected_ack &&
		    (!st->has_ack || st->ack != st->expected_ack))
			snprintf(msg, sizeof(msg), "%s %d expected ack %" PRIu32
			    ", saw %" PRIu32, sw_view_glyph(L->v, SW_G_BAD),
			    i + 1, rel(c, (enum sw_role)!from, st->expected_ack),
			    rel(c, (enum sw_role)!from, st->ack));
		else if (st->has_expected_seq && st->seq != st->expected_seq)
			snprintf(msg, sizeof(msg), "%s %d expected seq %" PRIu32
			    ", saw %" PRIu32, sw_view_glyph(L->v, SW_G_BAD),
			    i + 1, rel(c, from, st->expected_seq),
			    rel(c, from, st->seq));
		else
			snprintf(msg, sizeof(msg), "%s %d check failed",
			    sw_view_glyph(L->v, SW_G_BAD), i + 1);
		text_row(L, from, msg, true, NULL);
	}
}

/* An arrow row from `from`: shaft and head, red for the RST. */
static void
arrow_row(struct ladder *L, enum sw_role from, bool dashed, bool red,
    const char *ls, const char *rs)
{
	enum sw_glyph shaft = dashed ? SW_G_DASH : SW_G_LINE;

	left(L, ls);
	if (red)
		fputs(sw_view_on(L->v, SW_C_RED), L->out);
	if (from == SW_SERVER)
		fputs(sw_view_glyph(L->v, SW_G_LEFT), L->out);
	repeat(L, shaft, SPAN - 1);
	if (from != SW_SERVER)
		fputs(sw_view_glyph(L->v, SW_G_RIGHT), L->out);
	if (red)
		fputs(sw_view_off(L->v), L->out);
	right(L, rs);
}

static void
feed(enum sw_state *s, enum sw_fsm_event e)
{
	*s = sw_fsm_next(*s, e, NULL);
}

/* What sending st does to its sender. */
static void
send_effect(struct ladder *L, const struct sw_step *st)
{
	enum sw_state *s = &L->state[st->from];

	if (st->flags & SW_TH_SYN)
		feed(s, st->flags & SW_TH_ACK ? SW_FE_SND_SYNACK : SW_FE_SND_SYN);
	if (st->flags & SW_TH_FIN)
		feed(s, SW_FE_SND_FIN);
}

/*
 * What receiving st does to the other side: the ACK of its own SYN or
 * FIN first, then the sender's SYN or FIN (RFC 9293 §3.10.7.4 checks the
 * ACK field before the FIN bit).  A SYN or FIN counts as received only
 * when the record shows it acknowledged; an ACK of our SYN only when the
 * step's check held, an ACK of our FIN only when it is exactly FIN+1.
 */
static void
receive_effect(struct ladder *L, const struct sw_step *st, bool ok)
{
	const struct sw_conn *c = L->c;
	enum sw_role to = (enum sw_role)!st->from;
	const struct sw_peer *R = &c->peer[to], *S = &c->peer[st->from];
	enum sw_state *s = &L->state[to];

	if (st->flags & SW_TH_SYN) {
		if (!S->syn_acked)
			return;
		if (st->flags & SW_TH_ACK)
			feed(s, R->syn_acked || ok ? SW_FE_RCV_SYNACK :
			    SW_FE_RCV_SYN);
		else
			feed(s, SW_FE_RCV_SYN);
		return;
	}
	if (st->has_ack && ok && (*s == SW_ST_SYN_RCVD))
		feed(s, SW_FE_RCV_ACK);
	if (st->has_ack && R->fin_sent && st->ack == R->fin_seq + 1 &&
	    (*s == SW_ST_FIN_WAIT_1 || *s == SW_ST_CLOSING ||
	    *s == SW_ST_LAST_ACK))
		feed(s, SW_FE_RCV_FINACK);
	if ((st->flags & SW_TH_FIN) && S->fin_acked)
		feed(s, SW_FE_RCV_FIN);
}

/* Whether every step in mask passed its check. */
static bool
all_ok(const struct sw_conn *c, unsigned mask)
{
	for (int i = 0; i < SW_STEP__N; i++)
		if ((mask & (1u << i)) && !c->step[i].ok)
			return false;
	return true;
}

static void
draw_rst(struct ladder *L, const struct arrow *a, enum sw_state was[2])
{
	char tail[64];

	when(L, a->frame, a->ts, tail, sizeof(tail));
	text_row(L, a->from, "RST", true, tail);
	feed(&L->state[a->from], SW_FE_SND_RST);
	feed(&L->state[!a->from], SW_FE_RCV_RST);
	arrow_row(L, a->from, false, true,
	    changed(L->state[SW_CLIENT], &was[SW_CLIENT]),
	    changed(L->state[SW_SERVER], &was[SW_SERVER]));
}

/* A RST inside the window, not taken: marked, and no state moves. */
static void
draw_rst_ignored(struct ladder *L, const struct arrow *a,
    enum sw_state was[2])
{
	char tail[64];

	when(L, a->frame, a->ts, tail, sizeof(tail));
	text_row(L, a->from, L->c->event[SW_EV_CHALLENGE_ACK] ?
	    "RST ignored (challenge ACK)" : "RST ignored", true, tail);
	arrow_row(L, a->from, false, true,
	    changed(L->state[SW_CLIENT], &was[SW_CLIENT]),
	    changed(L->state[SW_SERVER], &was[SW_SERVER]));
}

/*
 * "│◀╌╌╌╌ ICMP 3/1 host unreachable from 10.0.0.254  │   frame ..."
 * into the endpoint it went to.  An unreachable error that ended the
 * connection attempt closes the client there.
 */
static void
draw_icmp(struct ladder *L, const struct arrow *a, enum sw_state was[2])
{
	const struct sw_icmp_err *e = a->icmp;
	const char *name = sw_icmp_name(e->v6, e->type, e->code);
	bool hard = L->c->close == SW_CLOSE_UNREACHABLE && e->to == SW_CLIENT &&
	    sw_icmp_unreachable(e->v6, e->type, e->code);
	char text[128], ip[64], tail[64];
	int len = 0, pad;

	snprintf(text, sizeof(text), "ICMP%s %u/%u%s%s from %s",
	    e->v6 ? "v6" : "", e->type, e->code, name != NULL ? " " : "",
	    name != NULL ? name : "", sw_addr_str(&e->from, ip, sizeof(ip)));
	for (const char *p = text; *p != '\0'; p++)
		len += ((unsigned char)*p & 0xc0) != 0x80;
	pad = SPAN - (ICMP_SHAFT + 3) - len;
	if (pad < 0)
		pad = 0;
	if (hard)
		feed(&L->state[SW_CLIENT], SW_FE_RCV_UNREACH);
	when(L, a->frame, a->ts, tail, sizeof(tail));
	left(L, changed(L->state[SW_CLIENT], &was[SW_CLIENT]));
	if (hard)
		fputs(sw_view_on(L->v, SW_C_RED), L->out);
	if (e->to == SW_CLIENT) {
		fputs(sw_view_glyph(L->v, SW_G_LEFT), L->out);
		repeat(L, SW_G_ICMP, ICMP_SHAFT);
		fprintf(L->out, " %s", text);
		if (hard)
			fputs(sw_view_off(L->v), L->out);
		spaces(L->out, pad + 1);
	} else {
		spaces(L->out, pad + 1);
		fprintf(L->out, "%s ", text);
		repeat(L, SW_G_ICMP, ICMP_SHAFT);
		fputs(sw_view_glyph(L->v, SW_G_RIGHT), L->out);
		if (hard)
			fputs(sw_view_off(L->v), L->out);
	}
	fputs(sw_view_glyph(L->v, SW_G_LIFE), L->out);
	fprintf(L->out, "   %s\n", tail);
}

/* Steps 4 and 6 crossing: both labels, one X row, then the receipts. */
static void
draw_cross(struct ladder *L, enum sw_state was[2])
{
	const struct sw_step *f1 = &L->c->step[SW_STEP_FIN1];
	const struct sw_step *f2 = &L->c->step[SW_STEP_FIN2];
	char lab[128], tail[64];
	int half = (SPAN - 3) / 2;

	for (int i = 0; i < 2; i++) {
		const struct sw_step *st = i == 0 ? f1 : f2;

		label(L, 1u << (st == f1 ? SW_STEP_FIN1 : SW_STEP_FIN2), st,
		    lab, sizeof(lab));
		when(L, st->frame, st->ts, tail, sizeof(tail));
		text_row(L, (enum sw_role)st->from, lab, false, tail);
	}
	send_effect(L, f1);
	send_effect(L, f2);
	left(L, changed(L->state[SW_CLIENT], &was[SW_CLIENT]));
	fputs(sw_view_glyph(L->v, SW_G_LEFT), L->out);
	repeat(L, SW_G_LINE, half);
	fputs(sw_view_glyph(L->v, SW_G_CROSS), L->out);
	repeat(L, SW_G_LINE, SPAN - 3 - half);
	fputs(sw_view_glyph(L->v, SW_G_RIGHT), L->out);
	right(L, changed(L->state[SW_SERVER], &was[SW_SERVER]));
	receive_effect(L, f1, f1->ok);
	receive_effect(L, f2, f2->ok);
	if (L->state[SW_CLIENT] != was[SW_CLIENT] ||
	    L->state[SW_SERVER] != was[SW_SERVER]) {
		left(L, changed(L->state[SW_CLIENT], &was[SW_CLIENT]));
		spaces(L->out, SPAN);
		right(L, changed(L->state[SW_SERVER], &was[SW_SERVER]));
	}
	failures(L, (1u << SW_STEP_FIN1) | (1u << SW_STEP_FIN2));
}

/*
 * Where an arrow goes: captured segments by frame; a step known only by
 * inference just before the next captured step after it (it happened
 * before what proves it), steps in their order.
 */
static uint64_t
order_key(const struct sw_conn *c, int i)
{
	uint64_t last = 0;

	if (!c->step[i].inferred)
		return c->step[i].frame * 16 + 8;
	for (int k = i + 1; k < SW_STEP__N; k++)
		if (c->step[k].seen && !c->step[k].inferred)
			return c->step[k].frame * 16 + (uint64_t)i;
	for (int k = 0; k < SW_STEP__N; k++)
		if (c->step[k].seen && !c->step[k].inferred &&
		    c->step[k].frame > last)
			last = c->step[k].frame;
	return last * 16 + 9 + (uint64_t)i;
}

/* Whether step st is the segment arrow a draws. */
static bool
same_segment(const struct arrow *a, const struct sw_step *st)
{
	if (a->cross || a->rst || a->rst_ignored || a->icmp != NULL ||
	    a->from != st->from)
		return false;
	if (st->inferred)	/* one inferred segment: same numbers */
		return a->frame == 0 && a->st->seq == st->seq &&
		    a->st->ack == st->ack;
	return a->frame == st->frame;
}

/* Gather the arrows: seen steps merged by segment, in frame order. */
static void
collect(struct ladder *L)
{
	const struct sw_conn *c = L->c;

	for (int i = 0; i < SW_STEP__N; i++) {
		const struct sw_step *st = &c->step[i];
		int j;

		if (!st->seen)
			continue;
		for (j = 0; j < L->n; j++)
			if (same_segment(&L->a[j], st))
				break;
		if (c->simclose && (i == SW_STEP_FIN2 || i == SW_STEP_FIN1) &&
		    c->step[SW_STEP_FIN1].seen && c->step[SW_STEP_FIN2].seen) {
			for (j = 0; j < L->n && !L->a[j].cross; j++)
				;
			if (j == L->n) {
				L->a[j].cross = true;
				L->a[j].from = (enum sw_role)c->closer;
				L->a[j].frame = st->frame;
				L->a[j].ts = st->ts;
				L->a[j].st = st;
				L->n++;
			}
			L->a[j].steps |= 1u << i;
			if (st->frame < L->a[j].frame)
				L->a[j].frame = st->frame;
			L->a[j].key = L->a[j].frame * 16 + 8;
			continue;
		}
		if (j == L->n) {
			L->a[j].from = (enum sw_role)st->from;
			L->a[j].frame = st->inferred ? 0 : st->frame;
			L->a[j].key = order_key(c, i);
			L->a[j].ts = st->ts;
			L->a[j].st = st;
			L->n++;
		}
		L->a[j].steps |= 1u << i;
	}
	if (c->rst_by != SW_NOBODY) {
		L->a[L->n].rst = true;
		L->a[L->n].from = (enum sw_role)c->rst_by;
		L->a[L->n].frame = c->rst.frame ? c->rst.frame : c->last_frame;
		L->a[L->n].ts = c->rst.frame ? c->rst.ts : c->end;
		L->a[L->n].key = L->a[L->n].frame * 16 + 8;
		L->n++;
	}
	if (c->rst_ignored.frame) {
		L->a[L->n].rst_ignored = true;
		L->a[L->n].from = (enum sw_role)c->rst_ignored.from;
		L->a[L->n].frame = c->rst_ignored.frame;
		L->a[L->n].ts = c->rst_ignored.ts;
		L->a[L->n].key = L->a[L->n].frame * 16 + 8;
		L->n++;
	}
	for (int i = 0; i < c->nicmp; i++) {
		L->a[L->n].icmp = &c->x->icmp[i];
		L->a[L->n].from = (enum sw_role)!c->x->icmp[i].to;
		L->a[L->n].frame = c->x->icmp[i].frame;
		L->a[L->n].ts = c->x->icmp[i].ts;
		L->a[L->n].key = L->a[L->n].frame * 16 + 8;
		L->n++;
	}
	/* Insertion sort by order key; a tie keeps step order. */
	for (int i = 1; i < L->n; i++) {
		struct arrow x = L->a[i];
		int j = i;

		for (; j > 0 && L->a[j - 1].key > x.key; j--)
			L->a[j] = L->a[j - 1];
		L->a[j] = x;
	}
}

static void note(struct ladder *L, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

/* A note line under the diagram: red for an abnormal connection. */
static void
note(struct ladder *L, const char *fmt, ...)
{
	bool bad = sw_conn_is_abnormal(L->c);
	va_list ap;

	fprintf(L->out, "  %snote: ", sw_view_on(L->v, bad ? SW_C_RED :
	    SW_C_DIM));
	va_start(ap, fmt);
	vfprintf(L->out, fmt, ap);
	va_end(ap);
	fprintf(L->out, "%s\n", sw_view_off(L->v));
}

/* What never happened, by the endpoint it left waiting. */
static void
notes(struct ladder *L)
{
	const struct sw_conn *c = L->c;
	const char *cl = sw_state_name(c->peer[SW_CLIENT].state);
	const char *sv = sw_state_name(c->peer[SW_SERVER].state);

	if (c->midstream)
		note(L, "the capture starts mid-stream: no handshake seen");
	if (c->simopen)
		note(L, "simultaneous open: the server's own SYN is not one of "
		    "the seven steps and is not drawn");
	if (c->event[SW_EV_ICMP_ERROR] > c->nicmp)
		note(L, "%" PRIu32 " more ICMP errors not drawn",
		    c->event[SW_EV_ICMP_ERROR] - c->nicmp);
	switch ((enum sw_close)c->close) {
	case SW_CLOSE_UNREACHABLE:
		note(L, "only ICMP errors answered the SYN: the server never "
		    "saw it; client left in %s", cl);
		return;
	case SW_CLOSE_UNANSWERED:
		note(L, "the server never answered the SYN: client left in "
		    "%s", cl);
		return;
	case SW_CLOSE_HALF_OPEN:
		note(L, "the client never acknowledged the SYN-ACK: server "
		    "left in %s", sv);
		return;
	case SW_CLOSE_OPEN:
		note(L, "no FIN or RST before the end: client %s, server "
		    "%s", cl, sv);
		return;
	case SW_CLOSE_TIMEOUT:
		note(L, "given up before it ended (idle timeout or "
		    "--max-flows): client %s, server %s", cl, sv);
		return;
	case SW_CLOSE_RESET:
	case SW_CLOSE_REFUSED:
		return;
	default:
		break;
	}
	for (int r = SW_CLIENT; r <= SW_SERVER; r++) {
		const struct sw_peer *P = &c->peer[r], *Q = &c->peer[!r];

		if (P->fin_sent && !P->fin_acked)
			note(L, "the %s never acknowledged the %s's FIN: %s",
			    sw_role_name(!r), sw_role_name(r),
			    P->state == SW_ST_LAST_ACK ? "its sender is left in "
			    "LAST_ACK" : "its sender waits");
		if (Q->fin_sent && !P->fin_sent)
			note(L, "the %s never sent its FIN: left in %s",
			    sw_role_name(r), sw_state_name(P->state));
	}
}

void
sw_ladder_conn(FILE *out, const struct sw_conn *c, const struct sw_view *v)
{
	struct ladder L;
	enum sw_state was[2];
	char a[80], b[80];
	int col;

	memset(&L, 0, sizeof(L));
	L.out = out;
	L.c = c;
	L.v = v;
	collect(&L);

	/* Where each endpoint starts: a mid-stream connection is already
	 * established; a refused SYN met a port nobody listens on. */
	L.state[SW_CLIENT] = c->midstream ? SW_ST_ESTABLISHED : SW_ST_CLOSED;
	L.state[SW_SERVER] = c->midstream ? SW_ST_ESTABLISHED : c->refused ?
	    SW_ST_CLOSED : SW_ST_LISTEN;
	was[SW_CLIENT] = L.state[SW_CLIENT];
	was[SW_SERVER] = L.state[SW_SERVER];

	col = fprintf(out, "  client %s", sw_view_endpoint(&c->peer[SW_CLIENT],
	    a, sizeof(a)));
	spaces(out, col + 2 < 2 + STATE_W + 2 + SPAN ? 2 + STATE_W + 2 + SPAN -
	    col : 2);
	fprintf(out, "server %s\n", sw_view_endpoint(&c->peer[SW_SERVER], b,
	    sizeof(b)));
	left(&L, sw_state_name(L.state[SW_CLIENT]));
	spaces(out, SPAN);
	right(&L, sw_state_name(L.state[SW_SERVER]));

	for (int i = 0; i < L.n; i++) {
		const struct arrow *x = &L.a[i];
		char lab[128], tail[64];

		if (x->rst) {
			draw_rst(&L, x, was);
			continue;
		}
		if (x->rst_ignored) {
			draw_rst_ignored(&L, x, was);
			continue;
		}
		if (x->icmp != NULL) {
			draw_icmp(&L, x, was);
			continue;
		}
		if (x->cross) {
			draw_cross(&L, was);
			continue;
		}
		label(&L, x->steps, x->st, lab, sizeof(lab));
		when(&L, x->frame, x->ts, tail, sizeof(tail));
		text_row(&L, x->from, lab, false, tail);
		send_effect(&L, x->st);
		receive_effect(&L, x->st, all_ok(c, x->steps));
		arrow_row(&L, x->from, sw_step_inferred(x->st),
		    !all_ok(c, x->steps),
		    changed(L.state[SW_CLIENT], &was[SW_CLIENT]),
		    changed(L.state[SW_SERVER], &was[SW_SERVER]));
		failures(&L, x->steps);
	}

	/* The states the record ends with, which the text also reports. */
	left(&L, sw_state_name(c->peer[SW_CLIENT].state));
	fprintf(out, "%*s%s%s%s%*s", (SPAN - 3) / 2, "",
	    sw_view_on(v, SW_C_DIM), "end", sw_view_off(v),
	    SPAN - 3 - (SPAN - 3) / 2, "");
	right(&L, sw_state_name(c->peer[SW_SERVER].state));
	notes(&L);
}
