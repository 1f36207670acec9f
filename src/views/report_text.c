/* SPDX-License-Identifier: MIT */
/*
 * report_text.c: the human-readable report: one block per connection
 * with the seven steps checked, then a totals footer.
 */
#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#include "sevenway/report.h"
#include "report_names.h"
#include "view.h"

static void
rel_time(struct sw_time t, struct sw_time base, char *buf, size_t len)
{
	double d = sw_time_diff(t, base);

	if (t.nsec % 1000 == 0 && base.nsec % 1000 == 0)
		snprintf(buf, len, "+%.6f", d);
	else
		snprintf(buf, len, "+%.9f", d);
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
print_step(FILE *out, const struct sw_conn *c, int i, const struct sw_view *v)
{
	const struct sw_step *st = &c->step[i];
	int from = st->from, to = !st->from;
	char fl[SW_TCP_FLAGS_LEN], rt[32], ack[32] = "", where[48];

	if (!st->seen) {
		fprintf(out, "  %d %-8s  (not seen)\n", i + 1, sw_step_name(i));
		return;
	}
	if (st->inferred) {
		/* Proved by the other side's ACKs, not captured. */
		snprintf(where, sizeof(where), "%-25s", "(inferred)");
	} else {
		rel_time(st->ts, c->start, rt, sizeof(rt));
		snprintf(where, sizeof(where), "frame %-6" PRIu64 " %-12s",
		    st->frame, rt);
	}
	if (st->has_ack)
		snprintf(ack, sizeof(ack), " ack %" PRIu32,
		    seqnum(c, v, to, st->ack));
	fprintf(out, "  %d %-8s  %s %s  %-4s seq %" PRIu32 "%s", i + 1,
	    sw_step_name(i), where, st->from == SW_CLIENT ? "C->S" : "S->C",
	    sw_tcp_flags_str(st->flags, fl), seqnum(c, v, from, st->seq), ack);
	if (st->ok) {
		fprintf(out, "  %s\n", sw_view_glyph(v, SW_G_OK));
		return;
	}
	fprintf(out, "  %s%s", sw_view_on(v, SW_C_RED),
	    sw_view_glyph(v, SW_G_BAD));
	if (st->has_expected_ack && (!st->has_ack || st->ack != st->expected_ack))
		fprintf(out, " expected ack %" PRIu32 ", saw %" PRIu32,
		    seqnum(c, v, to, st->expected_ack),
		    seqnum(c, v, to, st->ack));
	else if (st->has_expected_seq && st->seq != st->expected_seq)
		fprintf(out, " expected seq %" PRIu32 ", saw %" PRIu32,
		    seqnum(c, v, from, st->expected_seq),
		    seqnum(c, v, from, st->seq));
	fprintf(out, "%s\n", sw_view_off(v));
}

void
sw_text_header(FILE *out, const struct sw_conn *c, const struct sw_view *v)
{
	char a[80], b[80], ts[40], dur[40];

	fprintf(out, "#%" PRIu64 " %s -> %s  start %s  duration %s s%s", c->id,
	    sw_view_endpoint(&c->peer[SW_CLIENT], a, sizeof(a)),
	    sw_view_endpoint(&c->peer[SW_SERVER], b, sizeof(b)),
	    sw_view_time(v, c->start, ts, sizeof(ts)),
	    sw_duration_str(c->start, c->end, dur, sizeof(dur)),
	    c->midstream ? "  (mid-stream)" : "");
	/* With several inputs, say where the connection starts. */
	if (v != NULL && v->ninputs > 1 && c->input < v->ninputs)
		fprintf(out, "  in %s frame %" PRIu64, v->input_name[c->input],
		    c->input_frame);
	fputc('\n', out);
}

/*
 * "(by client)", except for a half-close, which is named by the side it
 * left stuck: the closer is fine, the peer is the one holding a socket.
 */
static void
print_close(FILE *out, const struct sw_conn *c)
{
	fprintf(out, "  handshake %s, close %s", sw_handshake_name(c->handshake),
	    sw_close_name(c->close));
	if (c->closed_by == SW_NOBODY)
		return;
	if (c->close == SW_CLOSE_HALF_CLOSED)
		fprintf(out, " (%s closed; %s left in %s)",
		    sw_role_name(c->closed_by), sw_role_name(!c->closed_by),
		    sw_state_name(c->peer[!c->closed_by].state));
	else
		fprintf(out, " (by %s)", sw_role_name(c->closed_by));
}

/* "icmp-error at frame 2 from 10.0.0.254: type 3 code 1 (host
 * unreachable)", one line per error kept. */
static void
print_icmp(FILE *out, const struct sw_conn *c)
{
	char ip[64];

	for (int i = 0; i < c->nicmp; i++) {
		const struct sw_icmp_err *e = &c->icmp[i];
		const char *name = sw_icmp_name(e->v6, e->type, e->code);

		fprintf(out, "  icmp-error at frame %" PRIu64 " from %s: %s"
		    "type %u code %u", e->frame, sw_addr_str(&e->from, ip,
		    sizeof(ip)), e->v6 ? "ICMPv6 " : "", e->type, e->code);
		if (name != NULL)
			fprintf(out, " (%s)", name);
		fputc('\n', out);
	}
	if (c->event[SW_EV_ICMP_ERROR] > c->nicmp)
		fprintf(out, "  (%" PRIu32 " more ICMP errors not listed)\n",
		    c->event[SW_EV_ICMP_ERROR] - c->nicmp);
}

void
sw_text_verdicts(FILE *out, const struct sw_conn *c, const struct sw_failed *f,
    const struct sw_view *v)
{
	const struct sw_peer *cl = &c->peer[SW_CLIENT], *sv = &c->peer[SW_SERVER];
	char why[SW_EXPLAIN_MAX];
	bool any = false;

	print_close(out, c);
	fprintf(out, "\n  state: client %s, server %s; conn_state %s, "
	    "history %s\n", sw_state_name(cl->state), sw_state_name(sv->state),
	    sw_conn_zeek_state(c), c->hlen ? c->history : "-");
	fprintf(out, "  packets %" PRIu64 "/%" PRIu64 ", bytes %" PRIu64 "/%"
	    PRIu64 " (client/server)\n", cl->packets, sv->packets, cl->bytes,
	    sv->bytes);
	for (int i = 0; i < c->nanomaly; i++) {
		const struct sw_anomaly *an = &c->anomaly[i];

		fprintf(out, "  %sanomaly %s at frame %" PRIu64,
		    sw_view_on(v, SW_C_RED), sw_anomaly_name(an->kind),
		    an->frame);
		if (an->numeric)
			fprintf(out, ": expected %" PRIu32 ", saw %" PRIu32,
			    an->expected, an->seen);
		fprintf(out, "%s\n", sw_view_off(v));
	}
	if (c->anomaly_dropped)
		fprintf(out, "  (%" PRIu32 " more anomalies not listed)\n",
		    c->anomaly_dropped);
	for (int e = 0; e < SW_EV__N; e++) {
		if (!c->event[e])
			continue;
		fprintf(out, "%s %s %" PRIu32, any ? "," : "  events:",
		    sw_event_name(e), c->event[e]);
		any = true;
	}
	if (any)
		fputc('\n', out);
	print_icmp(out, c);
	if (v != NULL && v->explain && sw_explain(c, why, sizeof(why)) > 0)
		fprintf(out, "  explain: %s\n", why);
	for (size_t i = 0; f != NULL && i < f->n; i++)
		fprintf(out, "  FAILED: %s\n", f->reason[i]);
	fputc('\n', out);
}

void
sw_text_conn(FILE *out, const struct sw_conn *c, const struct sw_failed *f,
    const struct sw_view *v)
{
	sw_text_header(out, c, v);
	for (int i = 0; i < SW_STEP__N; i++)
		print_step(out, c, i, v);
	sw_text_verdicts(out, c, f, v);
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
	if (s->late_packets)
		fprintf(out, "  late packets of finished connections: %" PRIu64
		    "\n", s->late_packets);
	if (s->icmp_unmatched)
		fprintf(out, "  ICMP errors about no tracked connection: %"
		    PRIu64 "\n", s->icmp_unmatched);
	if (s->filtered)
		fprintf(out, "  filtered out: %" PRIu64 " frames\n", s->filtered);
	if (s->evicted_idle || s->evicted_cap)
		fprintf(out, "  evicted: %" PRIu64 " idle, %" PRIu64
		    " by --max-flows\n", s->evicted_idle, s->evicted_cap);
	if (live && rep != NULL && rep->have_stats)
		fprintf(out, "  pcap: %" PRIu64 " received, %" PRIu64
		    " dropped, %" PRIu64 " dropped by the interface\n",
		    rep->ps_recv, rep->ps_drop, rep->ps_ifdrop);
}
