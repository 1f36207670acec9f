/* SPDX-License-Identifier: MIT */
/*
 * report_text.c: the human-readable report: one block per connection
 * with the seven steps checked, then a totals footer.
 *
 * A connection's block is formatted into the caller's output buffer,
 * numbers and times by hand (outbuf.h), and written with one call; the
 * footer, printed once, keeps stdio.
 */
#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#include "sevenway/report.h"
#include "sevenway/tunnel.h"
#include "outbuf.h"
#include "report_names.h"
#include "view.h"

/* "+%.6f" (or "+%.9f" for nanosecond times) of t - base in seconds. */
static void
rel_time(struct sw_outbuf *b, struct sw_time t, struct sw_time base)
{
	bool us = t.nsec % 1000 == 0 && base.nsec % 1000 == 0;
	int64_t ns = (t.sec - base.sec) * 1000000000 +
	    ((int64_t)t.nsec - (int64_t)base.nsec);

	/* Below 10^6 s the double printf rounds holds the exact digits. */
	if (ns >= 0 && ns < INT64_C(1000000000000000)) {
		ob_putc(b, '+');
		sw_ob_span(b, (uint64_t)ns, us);
		return;
	}
	ob_printf(b, us ? "+%.6f" : "+%.9f", sw_time_diff(t, base));
}

/*
 * A sequence number in role r's space as people read it: relative to
 * r's ISN when that is known, unless -v asks for the raw value.
 */
static uint32_t
seqnum(const struct sw_conn *c, const struct sw_view *v, int r, uint32_t abs)
{
	uint32_t rel;

	if ((v != NULL && v->absolute_seq) ||
	    !sw_conn_rel(c, (enum sw_role)r, abs, &rel))
		return abs;
	return rel;
}

static void
print_step(struct sw_outbuf *b, const struct sw_conn *c, int i,
    const struct sw_view *v)
{
	const struct sw_step *st = &c->step[i];
	int from = st->from, to = !st->from;
	char fl[SW_TCP_FLAGS_LEN];

	OB_LIT(b, "  ");
	ob_u64(b, (uint64_t)i + 1);
	ob_putc(b, ' ');
	ob_left(b, sw_step_name(i), 8);
	if (!st->seen) {
		OB_LIT(b, "  (not seen)\n");
		return;
	}
	OB_LIT(b, "  ");
	if (st->inferred) {
		/* Proved by the other side's ACKs, not captured. */
		ob_left(b, "(inferred)", 25);
	} else {
		size_t at;

		OB_LIT(b, "frame ");
		at = b->len;
		ob_u64(b, st->frame);
		ob_pad(b, 6 - (int)(b->len - at));
		ob_putc(b, ' ');
		at = b->len;
		rel_time(b, st->ts, c->start);
		ob_pad(b, 12 - (int)(b->len - at));
	}
	ob_putc(b, ' ');
	ob_puts(b, st->from == SW_CLIENT ? "C->S" : "S->C");
	OB_LIT(b, "  ");
	ob_left(b, sw_tcp_flags_str(st->flags, fl), 4);
	OB_LIT(b, " seq ");
	ob_u64(b, seqnum(c, v, from, st->seq));
	if (st->has_ack) {
		OB_LIT(b, " ack ");
		ob_u64(b, seqnum(c, v, to, st->ack));
	}
	OB_LIT(b, "  ");
	if (st->ok) {
		ob_puts(b, sw_view_glyph(v, SW_G_OK));
		ob_putc(b, '\n');
		return;
	}
	ob_puts(b, sw_view_on(v, SW_C_RED));
	ob_puts(b, sw_view_glyph(v, SW_G_BAD));
	if (st->has_expected_ack && (!st->has_ack ||
	    st->ack != st->expected_ack)) {
		OB_LIT(b, " expected ack ");
		ob_u64(b, seqnum(c, v, to, st->expected_ack));
		OB_LIT(b, ", saw ");
		ob_u64(b, seqnum(c, v, to, st->ack));
	} else if (st->has_expected_seq && st->seq != st->expected_seq) {
		OB_LIT(b, " expected seq ");
		ob_u64(b, seqnum(c, v, from, st->expected_seq));
		OB_LIT(b, ", saw ");
		ob_u64(b, seqnum(c, v, from, st->seq));
	}
	ob_puts(b, sw_view_off(v));
	ob_putc(b, '\n');
}

void
sw_text_header(struct sw_outbuf *b, const struct sw_conn *c,
    const struct sw_view *v)
{
	ob_putc(b, '#');
	ob_u64(b, c->id);
	ob_putc(b, ' ');
	sw_ob_endpoint(b, &c->peer[SW_CLIENT]);
	OB_LIT(b, " -> ");
	sw_ob_endpoint(b, &c->peer[SW_SERVER]);
	OB_LIT(b, "  start ");
	sw_ob_time(b, v, c->start);
	OB_LIT(b, "  duration ");
	sw_ob_duration(b, c->start, c->end);
	OB_LIT(b, " s");
	if (c->midstream)
		OB_LIT(b, "  (mid-stream)");
	if (c->tunnel != NULL) {
		char t[SW_TUNNEL_STR_MAX];

		OB_LIT(b, "  via ");
		ob_puts(b, sw_tunnel_str(c->tunnel, false, t, sizeof(t)));
	}
	/* With several inputs, say where the connection starts. */
	if (v != NULL && v->ninputs > 1 && c->input < v->ninputs) {
		OB_LIT(b, "  in ");
		ob_puts(b, v->input_name[c->input]);
		OB_LIT(b, " frame ");
		ob_u64(b, c->input_frame);
	}
	ob_putc(b, '\n');
}

/*
 * "(by client)", except for a half-close, which is named by the side it
 * left stuck: the closer is fine, the peer is the one holding a socket.
 */
static void
print_close(struct sw_outbuf *b, const struct sw_conn *c)
{
	OB_LIT(b, "  handshake ");
	ob_puts(b, sw_handshake_name(c->handshake));
	OB_LIT(b, ", close ");
	ob_puts(b, sw_close_name(c->close));
	if (c->closed_by == SW_NOBODY)
		return;
	if (c->close == SW_CLOSE_HALF_CLOSED) {
		OB_LIT(b, " (");
		ob_puts(b, sw_role_name(c->closed_by));
		OB_LIT(b, " closed; ");
		ob_puts(b, sw_role_name(!c->closed_by));
		OB_LIT(b, " left in ");
		ob_puts(b, sw_state_name(c->peer[!c->closed_by].state));
		ob_putc(b, ')');
	} else {
		OB_LIT(b, " (by ");
		ob_puts(b, sw_role_name(c->closed_by));
		ob_putc(b, ')');
	}
}

/* "icmp-error at frame 2 from 10.0.0.254: type 3 code 1 (host
 * unreachable)", one line per error kept. */
static void
print_icmp(struct sw_outbuf *b, const struct sw_conn *c)
{
	char ip[64];

	for (int i = 0; i < c->nicmp; i++) {
		const struct sw_icmp_err *e = &c->x->icmp[i];
		const char *name = sw_icmp_name(e->v6, e->type, e->code);

		ob_printf(b, "  icmp-error at frame %" PRIu64 " from %s: %s"
		    "type %u code %u", e->frame, sw_addr_str(&e->from, ip,
		    sizeof(ip)), e->v6 ? "ICMPv6 " : "", e->type, e->code);
		if (name != NULL)
			ob_printf(b, " (%s)", name);
		ob_putc(b, '\n');
	}
	if (c->event[SW_EV_ICMP_ERROR] > c->nicmp)
		ob_printf(b, "  (%" PRIu32 " more ICMP errors not listed)\n",
		    c->event[SW_EV_ICMP_ERROR] - c->nicmp);
}

void
sw_text_verdicts(struct sw_outbuf *b, const struct sw_conn *c,
    const struct sw_failed *f, const struct sw_view *v)
{
	const struct sw_peer *cl = &c->peer[SW_CLIENT], *sv = &c->peer[SW_SERVER];
	char why[SW_EXPLAIN_MAX];
	bool any = false;

	print_close(b, c);
	OB_LIT(b, "\n  state: client ");
	ob_puts(b, sw_state_name(cl->state));
	OB_LIT(b, ", server ");
	ob_puts(b, sw_state_name(sv->state));
	OB_LIT(b, "; conn_state ");
	ob_puts(b, sw_conn_zeek_state(c));
	OB_LIT(b, ", history ");
	ob_puts(b, c->hlen ? c->history : "-");
	OB_LIT(b, "\n  packets ");
	ob_u64(b, cl->packets);
	ob_putc(b, '/');
	ob_u64(b, sv->packets);
	OB_LIT(b, ", bytes ");
	ob_u64(b, cl->bytes);
	ob_putc(b, '/');
	ob_u64(b, sv->bytes);
	OB_LIT(b, " (client/server)\n");
	for (int i = 0; i < c->nanomaly; i++) {
		const struct sw_anomaly *an = &c->x->anomaly[i];

		OB_LIT(b, "  ");
		ob_puts(b, sw_view_on(v, SW_C_RED));
		OB_LIT(b, "anomaly ");
		ob_puts(b, sw_anomaly_name(an->kind));
		OB_LIT(b, " at frame ");
		ob_u64(b, an->frame);
		if (an->numeric) {
			OB_LIT(b, ": expected ");
			ob_u64(b, an->expected);
			OB_LIT(b, ", saw ");
			ob_u64(b, an->seen);
		}
		ob_puts(b, sw_view_off(v));
		ob_putc(b, '\n');
	}
	if (c->anomaly_dropped) {
		OB_LIT(b, "  (");
		ob_u64(b, c->anomaly_dropped);
		OB_LIT(b, " more anomalies not listed)\n");
	}
	for (int e = 0; e < SW_EV__N; e++) {
		if (!c->event[e])
			continue;
		ob_puts(b, any ? "," : "  events:");
		ob_putc(b, ' ');
		ob_puts(b, sw_event_name(e));
		ob_putc(b, ' ');
		ob_u64(b, c->event[e]);
		any = true;
	}
	if (any)
		ob_putc(b, '\n');
	print_icmp(b, c);
	if (v != NULL && v->explain && sw_explain(c, why, sizeof(why)) > 0) {
		OB_LIT(b, "  explain: ");
		ob_puts(b, why);
		ob_putc(b, '\n');
	}
	for (size_t i = 0; f != NULL && i < f->n; i++) {
		OB_LIT(b, "  FAILED: ");
		ob_puts(b, f->reason[i]);
		ob_putc(b, '\n');
	}
	ob_putc(b, '\n');
}

void
sw_text_conn(struct sw_outbuf *b, const struct sw_conn *c,
    const struct sw_failed *f, const struct sw_view *v)
{
	sw_text_header(b, c, v);
	for (int i = 0; i < SW_STEP__N; i++)
		print_step(b, c, i, v);
	sw_text_verdicts(b, c, f, v);
}

static void
list64(FILE *out, const char *title, const uint64_t *v, int n,
    const char *(*name)(int))
{
	bool any = false;

	for (int i = 0; i < n; i++) {
		if (!v[i])
			continue;
		fprintf(out, "%s %s %" PRIu64, any ? "," : title, name(i), v[i]);
		any = true;
	}
	if (any)
		fputc('\n', out);
}


void
sw_text_summary(FILE *out, const struct sw_stats *s,
    const struct sw_capture_report *rep, bool live)
{
	uint64_t errors = 0, skipped[SW_DEC__N];

	for (int i = SW_DEC_ERR_LINK_TRUNC; i < SW_DEC__N; i++)
		errors += s->decode[i];
	fprintf(out, "totals: %" PRIu64 " packet%s (%" PRIu64 " TCP), %" PRIu64
	    " connection%s, %" PRIu64 " decode error%s\n", s->frames,
	    s->frames == 1 ? "" : "s", s->tcp_packets, s->emitted,
	    s->emitted == 1 ? "" : "s", errors, errors == 1 ? "" : "s");
	list64(out, "  close:", s->close, SW_CLOSE__N, sw_close_n);
	list64(out, "  anomalies:", s->anomaly, SW_AN__N, sw_anom_n);
	list64(out, "  events:", s->event, SW_EV__N, sw_ev_n);
	memcpy(skipped, s->decode, sizeof(skipped));
	skipped[SW_DEC_OK] = 0;		/* those were analysed */
	skipped[SW_DEC_ICMP_TCP] = 0;
	list64(out, "  skipped:", skipped, SW_DEC__N, sw_dec_n);
	list64(out, "  not TCP/IP, by kind:", s->encap, SW_ENCAP__N,
	    sw_encap_n);
	list64(out, "  tunnels, frames:", s->tunnel, SW_TUN__N, sw_tun_n);
	if (s->tunnel_not_kept)
		fprintf(out, "  tunnelled connections whose tunnel was not "
		    "kept (more than %u distinct): %" PRIu64 "\n",
		    SW_TUNNEL_SET_CAP, s->tunnel_not_kept);
	if (s->late_packets)
		fprintf(out, "  late packets of finished connections: %" PRIu64
		    "\n", s->late_packets);
	if (s->icmp_unmatched)
		fprintf(out, "  ICMP errors about no tracked connection: %"
		    PRIu64 "\n", s->icmp_unmatched);
	if (s->filtered)
		fprintf(out, "  filtered out: %" PRIu64 " frames\n", s->filtered);
	if (rep != NULL && rep->bad_subsecond)
		fprintf(out, "  damaged timestamps (sub-second field out of "
		    "range): %" PRIu64 "\n", rep->bad_subsecond);
	if (s->evicted_idle || s->evicted_cap)
		fprintf(out, "  evicted: %" PRIu64 " idle, %" PRIu64
		    " by --max-flows (%" PRIu64 " before their handshake "
		    "completed)\n", s->evicted_idle, s->evicted_cap,
		    s->evicted_cap_embryonic);
	if (rep != NULL && rep->w_dropped)
		fprintf(out, "  -w: %" PRIu64 " packets of connections still "
		    "open dropped (buffer full)\n", rep->w_dropped);
	if (live && rep != NULL && rep->have_stats)
		fprintf(out, "  pcap (the kernel's counts): %" PRIu64
		    " received by the filter (on lo, each packet twice), %"
		    PRIu64 " dropped for lack of buffer space, %" PRIu64
		    " dropped by the interface\n", rep->ps_recv, rep->ps_drop,
		    rep->ps_ifdrop);
}
