/* SPDX-License-Identifier: MIT */
/*
 * report_json.c: the JSON shape of DESIGN.md §4, built with jansson.
 *
 * seq/ack are absolute 32-bit values; rel_seq/rel_ack are relative to
 * the sender's (resp. the receiver's) ISN when that ISN was seen.
 * Timestamps are numbers of seconds; when a connection carries
 * sub-microsecond digits (a nanosecond capture) the exact values are
 * added as integer nanoseconds ("start_ns", "end_ns", "ts_ns"), because
 * a double cannot hold them.
 *
 * json_writer.c prints the connection object without building it; a
 * member added here must be added there too, in the same place (the
 * corpus test tests/trace/json-writer.sh compares the two).
 */
#include <string.h>

#include "sevenway/report.h"
#include "sevenway/tunnel.h"
#include "community_id.h"
#include "json_writer.h"
#include "report_names.h"

/* The streaming writer (json_writer.c) prints the same object. */
static double
tsd(struct sw_time t)
{
	return sw_json_seconds(t);
}

static json_t *
ts_ns(struct sw_time t)
{
	return json_integer((json_int_t)t.sec * 1000000000 + t.nsec);
}

static json_t *
endpoint(const struct sw_peer *p)
{
	char ip[64];

	return json_pack("{s:s, s:i}", "ip",
	    sw_addr_str(&p->addr, ip, sizeof(ip)), "port", (int)p->port);
}

static json_t *
num_or_null(bool have, uint32_t v)
{
	return have ? json_integer(v) : json_null();
}

static json_t *
step_json(const struct sw_conn *c, int i, bool ns)
{
	const struct sw_step *st = &c->step[i];
	enum sw_role from = (enum sw_role)st->from;
	json_t *o = json_object();
	uint32_t rel;
	char fl[SW_TCP_FLAGS_LEN];

	json_object_set_new(o, "step", json_integer(i + 1));
	json_object_set_new(o, "name", json_string(sw_step_name(i)));
	json_object_set_new(o, "from", json_string(sw_role_name(from)));
	if (st->inferred) {
		/* Known from the other side's ACKs: no frame, no time. */
		json_object_set_new(o, "inferred", json_true());
	} else {
		json_object_set_new(o, "frame",
		    json_integer((json_int_t)st->frame));
		json_object_set_new(o, "ts", json_real(tsd(st->ts)));
		if (ns)
			json_object_set_new(o, "ts_ns", ts_ns(st->ts));
	}
	json_object_set_new(o, "flags", json_string(sw_tcp_flags_str(st->flags,
	    fl)));
	json_object_set_new(o, "seq", json_integer(st->seq));
	json_object_set_new(o, "ack", num_or_null(st->has_ack, st->ack));
	json_object_set_new(o, "rel_seq",
	    sw_conn_rel(c, from, st->seq, &rel) ? json_integer(rel) :
	    json_null());
	json_object_set_new(o, "rel_ack", st->has_ack &&
	    sw_conn_rel(c, !from, st->ack, &rel) ? json_integer(rel) :
	    json_null());
	json_object_set_new(o, "expected_ack",
	    num_or_null(st->has_expected_ack, st->expected_ack));
	if (st->has_expected_seq)
		json_object_set_new(o, "expected_seq",
		    json_integer(st->expected_seq));
	json_object_set_new(o, "ok", json_boolean(st->ok));
	return o;
}

static json_t *
anomalies_json(const struct sw_conn *c)
{
	json_t *a = json_array();

	for (int i = 0; i < c->nanomaly; i++) {
		const struct sw_anomaly *an = &c->x->anomaly[i];
		json_t *o = json_pack("{s:s, s:I}", "kind",
		    sw_anomaly_name(an->kind), "frame", (json_int_t)an->frame);

		if (an->numeric) {
			json_object_set_new(o, "expected",
			    json_integer(an->expected));
			json_object_set_new(o, "seen", json_integer(an->seen));
		}
		json_array_append_new(a, o);
	}
	return a;
}

/*
 * The ICMP errors kept: frame, time, sender, the endpoint it went to,
 * type and code.  ICMPv6 is the one from an IPv6 sender.
 */
static json_t *
icmp_json(const struct sw_conn *c, bool ns)
{
	json_t *a = json_array();
	char ip[64];

	for (int i = 0; i < c->nicmp; i++) {
		const struct sw_icmp_err *e = &c->x->icmp[i];
		json_t *o = json_object();

		json_object_set_new(o, "frame",
		    json_integer((json_int_t)e->frame));
		json_object_set_new(o, "ts", json_real(tsd(e->ts)));
		if (ns)
			json_object_set_new(o, "ts_ns", ts_ns(e->ts));
		json_object_set_new(o, "from", json_string(sw_addr_str(&e->from,
		    ip, sizeof(ip))));
		json_object_set_new(o, "to", json_string(sw_role_name(e->to)));
		json_object_set_new(o, "type", json_integer(e->type));
		json_object_set_new(o, "code", json_integer(e->code));
		json_array_append_new(a, o);
	}
	return a;
}

static json_t *
counts_json(const uint32_t *v, int n, const char *(*name)(int))
{
	json_t *o = json_object();

	for (int i = 0; i < n; i++)
		if (v[i])
			json_object_set_new(o, name(i), json_integer(v[i]));
	return o;
}


/* Each side's last payload time, null for a side that sent none. */
static json_t *
last_data(const struct sw_conn *c, json_t *(*conv)(struct sw_time))
{
	json_t *o = json_object();

	for (int r = SW_CLIENT; r <= SW_SERVER; r++)
		json_object_set_new(o, sw_role_name(r), c->peer[r].bytes > 0 ?
		    conv(c->peer[r].last_data) : json_null());
	return o;
}

/* {"from":"client","frame":8,"ts":...}: where a RST was. */
static json_t *
rst_json(const struct sw_rstmark *m, bool ns)
{
	json_t *o = json_pack("{s:s, s:I, s:f}", "from",
	    sw_role_name((enum sw_role)m->from), "frame", (json_int_t)m->frame,
	    "ts", tsd(m->ts));

	if (ns)
		json_object_set_new(o, "ts_ns", ts_ns(m->ts));
	return o;
}

static json_t *
ts_real(struct sw_time t)
{
	return json_real(tsd(t));
}

static json_t *
pair(uint64_t client, uint64_t server)
{
	return json_pack("{s:I, s:I}", "client", (json_int_t)client, "server",
	    (json_int_t)server);
}

/* {"ip":"192.0.2.1"} and, for a UDP tunnel, "port". */
static json_t *
outer_end(const struct sw_addr *a, uint16_t port, bool udp)
{
	char ip[64];
	json_t *o = json_pack("{s:s}", "ip", sw_addr_str(a, ip, sizeof(ip)));

	if (udp)
		json_object_set_new(o, "port", json_integer(port));
	return o;
}

/*
 * "tunnel": the layers outermost first, each its type, outer endpoints
 * and identifier (named by the type: "key", "vni", ...); [] when the
 * stack was not kept (tunnel.h).
 */
static json_t *
tunnel_json(const struct sw_tunnel *t)
{
	json_t *a = json_array();

	for (unsigned i = 0; i < t->n; i++) {
		const struct sw_tunnel_layer *l = &t->layer[i];
		enum sw_tunnel_type type = (enum sw_tunnel_type)l->type;
		bool udp = l->sport != 0 || l->dport != 0;
		json_t *o = json_object();
		const char *idname = sw_tunnel_id_name(type);

		json_object_set_new(o, "type", json_string(sw_tunnel_name(type)));
		json_object_set_new(o, "outer", json_pack("{s:o, s:o}", "src",
		    outer_end(&l->src, l->sport, udp), "dst",
		    outer_end(&l->dst, l->dport, udp)));
		if (l->has_id && idname != NULL)
			json_object_set_new(o, idname, json_integer(l->id));
		json_array_append_new(a, o);
	}
	return a;
}

json_t *
sw_json_conn(const struct sw_conn *c, const struct sw_failed *f,
    const char *input)
{
	const struct sw_peer *cl = &c->peer[SW_CLIENT], *sv = &c->peer[SW_SERVER];
	bool ns = sw_json_has_ns(c);
	json_t *o = json_object(), *steps = json_array(), *rtt = json_object();
	char cid[SW_COMMUNITY_ID_LEN + 1];
	double ms;

	json_object_set_new(o, "type", json_string("connection"));
	json_object_set_new(o, "id", json_integer((json_int_t)c->id));
	json_object_set_new(o, "community_id",
	    json_string(sw_conn_community_id(c, cid)));
	if (input != NULL) {
		json_object_set_new(o, "input", json_string(input));
		json_object_set_new(o, "input_frame",
		    json_integer((json_int_t)c->input_frame));
	}
	json_object_set_new(o, "client", endpoint(cl));
	json_object_set_new(o, "server", endpoint(sv));
	if (c->tunnel != NULL)
		json_object_set_new(o, "tunnel", tunnel_json(c->tunnel));
	json_object_set_new(o, "start", json_real(tsd(c->start)));
	json_object_set_new(o, "end", json_real(tsd(c->end)));
	if (ns) {
		json_object_set_new(o, "start_ns", ts_ns(c->start));
		json_object_set_new(o, "end_ns", ts_ns(c->end));
	}
	json_object_set_new(o, "first_frame",
	    json_integer((json_int_t)c->first_frame));
	json_object_set_new(o, "last_frame",
	    json_integer((json_int_t)c->last_frame));
	json_object_set_new(o, "handshake",
	    json_string(sw_handshake_name(c->handshake)));
	json_object_set_new(o, "close", json_string(sw_close_name(c->close)));
	json_object_set_new(o, "closed_by", c->closed_by == SW_NOBODY ?
	    json_null() : json_string(sw_role_name(c->closed_by)));
	json_object_set_new(o, "state", json_pack("{s:s, s:s}",
	    "client", sw_state_name(cl->state),
	    "server", sw_state_name(sv->state)));
	for (int i = 0; i < SW_STEP__N; i++)
		if (c->step[i].seen)
			json_array_append_new(steps, step_json(c, i, ns));
	json_object_set_new(o, "steps", steps);
	json_object_set_new(o, "anomalies", anomalies_json(c));
	if (c->anomaly_dropped) {
		/* The list is cut short: keep every kind's total. */
		json_object_set_new(o, "anomalies_dropped",
		    json_integer(c->anomaly_dropped));
		json_object_set_new(o, "anomaly_totals", counts_json(
		    c->anomaly_count, SW_AN__N, sw_anom_n));
	}
	json_object_set_new(o, "events", counts_json(c->event, SW_EV__N,
	    sw_ev_n));
	if (c->rst.frame)
		json_object_set_new(o, "rst", rst_json(&c->rst, ns));
	if (c->rst_ignored.frame)
		json_object_set_new(o, "rst_ignored", rst_json(&c->rst_ignored,
		    ns));
	if (c->nicmp > 0)
		json_object_set_new(o, "icmp", icmp_json(c, ns));
	json_object_set_new(o, "packets", pair(cl->packets, sv->packets));
	json_object_set_new(o, "bytes", pair(cl->bytes, sv->bytes));
	json_object_set_new(o, "last_data", last_data(c, ts_real));
	if (ns)
		json_object_set_new(o, "last_data_ns", last_data(c, ts_ns));
	if (sw_conn_rtt_syn_synack(c, &ms))
		json_object_set_new(rtt, "syn_synack", json_real(ms));
	if (sw_conn_rtt_synack_ack(c, &ms))
		json_object_set_new(rtt, "synack_ack", json_real(ms));
	json_object_set_new(o, "rtt_ms", rtt);
	json_object_set_new(o, "conn_state",
	    json_string(sw_conn_zeek_state(c)));
	json_object_set_new(o, "history", json_string(c->history));
	json_object_set_new(o, "midstream", json_boolean(c->midstream));
	if (c->evicted && c->evicted_by != SW_EVICT_NONE)
		json_object_set_new(o, "evicted", json_string(sw_evict_name(
		    (enum sw_evict)c->evicted_by)));
	if (f != NULL && f->n > 0) {
		json_t *fa = json_array();

		for (size_t i = 0; i < f->n; i++)
			json_array_append_new(fa, json_string(f->reason[i]));
		json_object_set_new(o, "failed", fa);
	}
	return o;
}

static json_t *
counts64(const uint64_t *v, int n, const char *(*name)(int), bool all)
{
	json_t *o = json_object();

	for (int i = 0; i < n; i++)
		if (v[i] || all)
			json_object_set_new(o, name(i),
			    json_integer((json_int_t)v[i]));
	return o;
}


json_t *
sw_json_summary(const struct sw_stats *s, const struct sw_capture_report *rep,
    bool live)
{
	json_t *o = json_object(), *dec;
	uint64_t errors = 0;

	for (int i = SW_DEC_ERR_LINK_TRUNC; i < SW_DEC__N; i++)
		errors += s->decode[i];
	json_object_set_new(o, "type", json_string("summary"));
	json_object_set_new(o, "packets", json_integer((json_int_t)s->frames));
	if (s->have_ts) {
		json_object_set_new(o, "start", json_real(tsd(s->first_ts)));
		json_object_set_new(o, "end", json_real(tsd(s->last_ts)));
		if (s->first_ts.nsec % 1000 || s->last_ts.nsec % 1000) {
			json_object_set_new(o, "start_ns", ts_ns(s->first_ts));
			json_object_set_new(o, "end_ns", ts_ns(s->last_ts));
		}
	}
	if (s->filtered)
		json_object_set_new(o, "filtered",
		    json_integer((json_int_t)s->filtered));
	json_object_set_new(o, "tcp_packets",
	    json_integer((json_int_t)s->tcp_packets));
	json_object_set_new(o, "connections",
	    json_integer((json_int_t)s->emitted));
	json_object_set_new(o, "decode_errors", json_integer((json_int_t)errors));
	/* Frames not analysed, by reason ("ok" is the analysed ones). */
	dec = counts64(s->decode, SW_DEC__N, sw_dec_n, false);
	json_object_del(dec, sw_decode_result_name(SW_DEC_OK));
	json_object_del(dec, sw_decode_result_name(SW_DEC_ICMP_TCP));
	json_object_set_new(o, "skipped", dec);
	json_object_set_new(o, "unsupported_encap",
	    counts64(s->encap, SW_ENCAP__N, sw_encap_n, false));
	/* Only for a capture that had tunnels: older summaries unchanged. */
	for (int i = 0; i < SW_TUN__N; i++)
		if (s->tunnel[i]) {
			json_object_set_new(o, "tunnels", counts64(s->tunnel,
			    SW_TUN__N, sw_tun_n, false));
			break;
		}
	if (s->tunnel_not_kept)
		json_object_set_new(o, "tunnels_not_kept",
		    json_integer((json_int_t)s->tunnel_not_kept));
	json_object_set_new(o, "close", counts64(s->close, SW_CLOSE__N,
	    sw_close_n, true));
	json_object_set_new(o, "anomalies", counts64(s->anomaly, SW_AN__N,
	    sw_anom_n, false));
	json_object_set_new(o, "events", counts64(s->event, SW_EV__N, sw_ev_n,
	    false));
	json_object_set_new(o, "evicted", json_pack("{s:I, s:I, s:I, s:I}",
	    "idle", (json_int_t)s->evicted_idle,
	    "max_flows", (json_int_t)s->evicted_cap,
	    "max_flows_embryonic", (json_int_t)s->evicted_cap_embryonic,
	    "max_flows_established", (json_int_t)s->evicted_cap_established));
	json_object_set_new(o, "late_packets",
	    json_integer((json_int_t)s->late_packets));
	json_object_set_new(o, "icmp_unmatched",
	    json_integer((json_int_t)s->icmp_unmatched));
	json_object_set_new(o, "max_tracked",
	    json_integer((json_int_t)s->max_tracked));
	if (live && rep != NULL && rep->have_stats)
		json_object_set_new(o, "pcap", json_pack("{s:I, s:I, s:I}",
		    "received", (json_int_t)rep->ps_recv,
		    "dropped", (json_int_t)rep->ps_drop,
		    "if_dropped", (json_int_t)rep->ps_ifdrop));
	if (rep != NULL && rep->bad_subsecond)
		json_object_set_new(o, "damaged_timestamps",
		    json_integer((json_int_t)rep->bad_subsecond));
	if (rep != NULL && rep->w_dropped)
		json_object_set_new(o, "write_dropped",
		    json_integer((json_int_t)rep->w_dropped));
	if (rep != NULL && rep->warnings)
		json_object_set_new(o, "warnings",
		    json_integer(rep->warnings));
	return o;
}
