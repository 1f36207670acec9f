/* SPDX-License-Identifier: MIT */
/*
 * record.c: sevenway's JSON records read back into connections.
 *
 * The reader is the inverse of report_json.c: every member that
 * sw_json_conn writes is read back into the field it came from, and the
 * values the reporters derive (relative sequence numbers, conn_state,
 * RTTs) are restored so that they print the same again.  Times are read
 * from the integer "*_ns" members when present, else from the seconds,
 * which the writer rounded to the microsecond (exact in a double for
 * any date before the year 2242).  "community_id" is kept as written
 * (it may have been hashed with another seed) and computed from the
 * endpoints only for a record that lacks it.  "failed" and "explain"
 * are not read: they depend on the options of the run that reads the
 * records.
 */
#include <errno.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "sevenway/record.h"
#include "community_id.h"
#include "record_int.h"

bool
sw_record_sniff(FILE *f)
{
	int ch = getc(f);

	if (ch == '\n') {		/* pcapng: see record.h */
		ungetc(ch, f);
		return false;
	}
	while (ch == ' ' || ch == '\t' || ch == '\n' || ch == '\r')
		ch = getc(f);
	if (ch == EOF)
		return false;
	ungetc(ch, f);
	return ch == '{';
}

void
sw_record_init(struct sw_record_reader *r, const struct sw_sink *sink)
{
	memset(r, 0, sizeof(*r));
	r->sink = *sink;
}

void
sw_record_fini(struct sw_record_reader *r)
{
	for (unsigned i = 0; i < r->ninputs; i++)
		free(r->input[i]);
	free(r->input);
	sw_tunnel_set_free(r->tunnels);
	r->tunnels = NULL;
	r->input = NULL;
	r->ninputs = r->cap = 0;
}

/* ---------------------------------------------------------------- fields */

static enum sw_status
bad(struct sw_err *err, const char *what, const char *key)
{
	return sw_err_set(err, SW_ERR_INPUT, "%s \"%s\"", what, key);
}

static enum sw_status
get_u64(const json_t *o, const char *key, uint64_t *v, struct sw_err *err)
{
	json_t *x = json_object_get(o, key);

	if (!json_is_integer(x) || json_integer_value(x) < 0)
		return bad(err, "missing or bad number", key);
	*v = (uint64_t)json_integer_value(x);
	return SW_OK;
}

static enum sw_status
get_u32(const json_t *o, const char *key, uint32_t *v, struct sw_err *err)
{
	uint64_t w;

	if (get_u64(o, key, &w, err) != SW_OK)
		return SW_ERR_INPUT;
	if (w > UINT32_MAX)
		return bad(err, "number out of range in", key);
	*v = (uint32_t)w;
	return SW_OK;
}

/* An optional 32-bit number: *have is false for null or absent. */
static enum sw_status
get_opt_u32(const json_t *o, const char *key, bool *have, uint32_t *v,
    struct sw_err *err)
{
	json_t *x = json_object_get(o, key);

	*have = false;
	if (x == NULL || json_is_null(x))
		return SW_OK;
	if (get_u32(o, key, v, err) != SW_OK)
		return SW_ERR_INPUT;
	*have = true;
	return SW_OK;
}

static enum sw_status
get_str(const json_t *o, const char *key, const char **s, struct sw_err *err)
{
	json_t *x = json_object_get(o, key);

	if (!json_is_string(x))
		return bad(err, "missing or bad string", key);
	*s = json_string_value(x);
	return SW_OK;
}

/* A vocabulary word of key, looked up with lookup(); -1 is an error. */
static enum sw_status
get_word(const json_t *o, const char *key, int (*lookup)(const char *),
    uint8_t *v, struct sw_err *err)
{
	const char *s = "";
	int i;

	if (get_str(o, key, &s, err) != SW_OK)
		return SW_ERR_INPUT;
	if ((i = lookup(s)) < 0)
		return sw_err_set(err, SW_ERR_INPUT, "unknown %s '%s'", key, s);
	*v = (uint8_t)i;
	return SW_OK;
}

static int
role_lookup(const char *s)
{
	return strcmp(s, "client") == 0 ? SW_CLIENT :
	    strcmp(s, "server") == 0 ? SW_SERVER : -1;
}

/* Seconds as written by the JSON writer: rounded to the microsecond. */
static struct sw_time
from_seconds(double d)
{
	struct sw_time t;
	double whole = floor(d);
	long us = lround((d - whole) * 1e6);

	t.sec = (int64_t)whole;
	if (us >= 1000000) {
		t.sec++;
		us -= 1000000;
	}
	t.nsec = (uint32_t)us * 1000;
	return t;
}

/*
 * Whether y is a time in nanoseconds (a "*_ns" member) within the range
 * of sevenway.h, and that time in *t.
 */
static bool
from_ns(const json_t *y, struct sw_time *t)
{
	json_int_t ns = json_integer_value(y);

	if (!json_is_integer(y) || ns < 0 ||
	    ns / 1000000000 >= SW_TIME_MAX_SEC)
		return false;
	t->sec = ns / 1000000000;
	t->nsec = (uint32_t)(ns % 1000000000);
	return true;
}

/* A time at o[key], or the exact one at ns[key] when ns holds it. */
static enum sw_status
get_time(const json_t *o, const json_t *ns, const char *key,
    struct sw_time *t, struct sw_err *err)
{
	json_t *x = json_object_get(o, key), *y = json_object_get(ns, key);

	if (from_ns(y, t))
		return SW_OK;
	/* Out of range, a time could not be converted (sevenway.h). */
	if (!json_is_number(x) || json_number_value(x) < 0 ||
	    json_number_value(x) >= (double)SW_TIME_MAX_SEC)
		return bad(err, "missing or bad time", key);
	*t = from_seconds(json_number_value(x));
	return SW_OK;
}

/* Same, for "start" with its exact twin "start_ns" in the same object. */
static enum sw_status
get_time_ns(const json_t *o, const char *key, struct sw_time *t,
    struct sw_err *err)
{
	char nskey[32];
	json_t *y;

	snprintf(nskey, sizeof(nskey), "%s_ns", key);
	y = json_object_get(o, nskey);
	if (from_ns(y, t))
		return SW_OK;
	return get_time(o, NULL, key, t, err);
}

/* The record's Community ID, or the one of its endpoints if it has none. */
static enum sw_status
get_community_id(struct sw_conn *c, const json_t *o, struct sw_err *err)
{
	json_t *x = json_object_get(o, "community_id");

	if (x == NULL) {
		sw_community_id_conn(c);
		return SW_OK;
	}
	if (!json_is_string(x) || !sw_community_id_valid(json_string_value(x)))
		return bad(err, "bad Community ID in", "community_id");
	memcpy(c->community_id, json_string_value(x), SW_COMMUNITY_ID_LEN + 1);
	return SW_OK;
}

static enum sw_status
get_endpoint(const json_t *o, const char *key, struct sw_peer *p,
    struct sw_err *err)
{
	json_t *e = json_object_get(o, key);
	const char *ip = "";
	uint32_t port = 0;

	if (!json_is_object(e))
		return bad(err, "missing endpoint", key);
	if (get_str(e, "ip", &ip, err) != SW_OK ||
	    get_u32(e, "port", &port, err) != SW_OK)
		return SW_ERR_INPUT;
	if (!sw_addr_parse(&p->addr, ip) || port > 65535)
		return sw_err_set(err, SW_ERR_INPUT, "bad %s endpoint %s:%u",
		    key, ip, port);
	p->port = (uint16_t)port;
	return SW_OK;
}

/* "SA" back to the flag bits (the letters of sw_tcp_flags_str). */
static uint8_t
flag_bits(const char *s)
{
	static const char letters[] = "FSRPAUEC";
	uint8_t f = 0;

	for (; *s != '\0'; s++) {
		const char *p = strchr(letters, *s);

		if (p != NULL)
			f |= (uint8_t)(1u << (p - letters));
	}
	return f;
}

/* An ISN learned from a relative number: abs - rel. */
static void
learn_isn(struct sw_peer *p, const json_t *rel, uint32_t abs)
{
	if (!json_is_integer(rel))
		return;
	p->syn_sent = true;
	p->isn = abs - (uint32_t)json_integer_value(rel);
}

static enum sw_status
get_step(struct sw_conn *c, const json_t *o, struct sw_err *err)
{
	struct sw_step st;
	uint32_t n = 0;
	const char *flags = "";
	uint8_t from = 0;
	bool has_ack = false, has_eack = false, has_eseq = false;

	memset(&st, 0, sizeof(st));
	if (!json_is_object(o))
		return sw_err_set(err, SW_ERR_INPUT, "a step is not an object");
	if (get_u32(o, "step", &n, err) != SW_OK)
		return SW_ERR_INPUT;
	if (n < 1 || n > SW_STEP__N)
		return sw_err_set(err, SW_ERR_INPUT, "bad step number %u", n);
	st.inferred = json_is_true(json_object_get(o, "inferred"));
	if (get_word(o, "from", role_lookup, &from, err) != SW_OK ||
	    (!st.inferred && (get_u64(o, "frame", &st.frame, err) != SW_OK ||
	    get_time(o, o, "ts", &st.ts, err) != SW_OK)) ||
	    get_u32(o, "seq", &st.seq, err) != SW_OK ||
	    get_opt_u32(o, "ack", &has_ack, &st.ack, err) != SW_OK ||
	    get_opt_u32(o, "expected_ack", &has_eack, &st.expected_ack,
	    err) != SW_OK ||
	    get_opt_u32(o, "expected_seq", &has_eseq, &st.expected_seq,
	    err) != SW_OK)
		return SW_ERR_INPUT;
	st.has_ack = has_ack;
	st.has_expected_ack = has_eack;
	st.has_expected_seq = has_eseq;
	/* The ts_ns twin of a step is "ts_ns" in the step itself. */
	if (json_is_integer(json_object_get(o, "ts_ns")) &&
	    !from_ns(json_object_get(o, "ts_ns"), &st.ts))
		return bad(err, "missing or bad time", "ts_ns");
	if (get_str(o, "flags", &flags, err) != SW_OK)
		return SW_ERR_INPUT;
	st.flags = flag_bits(flags);
	st.from = from;
	st.ok = json_is_true(json_object_get(o, "ok"));
	st.seen = true;
	learn_isn(&c->peer[from], json_object_get(o, "rel_seq"), st.seq);
	if (st.has_ack)
		learn_isn(&c->peer[!from], json_object_get(o, "rel_ack"),
		    st.ack);
	c->step[n - 1] = st;
	return SW_OK;
}

static enum sw_status
get_anomaly(struct sw_conn *c, const json_t *o, struct sw_err *err)
{
	struct sw_anomaly an;
	uint8_t kind;

	memset(&an, 0, sizeof(an));
	if (get_word(o, "kind", sw_anomaly_lookup, &kind, err) != SW_OK ||
	    get_u64(o, "frame", &an.frame, err) != SW_OK)
		return SW_ERR_INPUT;
	an.kind = kind;
	if (json_object_get(o, "expected") != NULL) {
		if (get_u32(o, "expected", &an.expected, err) != SW_OK ||
		    get_u32(o, "seen", &an.seen, err) != SW_OK)
			return SW_ERR_INPUT;
		an.numeric = true;
	}
	if (c->nanomaly == SW_MAX_ANOMALIES)
		return sw_err_set(err, SW_ERR_INPUT, "more than %d anomalies "
		    "listed", SW_MAX_ANOMALIES);
	c->x->anomaly[c->nanomaly++] = an;
	c->anomaly_count[kind]++;
	return SW_OK;
}

/* One member of "icmp": an ICMP error kept with the connection. */
static enum sw_status
get_icmp(struct sw_conn *c, const json_t *o, struct sw_err *err)
{
	struct sw_icmp_err e;
	const char *ip = "";
	uint32_t type = 0, code = 0;

	memset(&e, 0, sizeof(e));
	if (!json_is_object(o))
		return sw_err_set(err, SW_ERR_INPUT, "an icmp entry is not an "
		    "object");
	if (get_u64(o, "frame", &e.frame, err) != SW_OK ||
	    get_time(o, o, "ts", &e.ts, err) != SW_OK ||
	    get_str(o, "from", &ip, err) != SW_OK ||
	    get_word(o, "to", role_lookup, &e.to, err) != SW_OK ||
	    get_u32(o, "type", &type, err) != SW_OK ||
	    get_u32(o, "code", &code, err) != SW_OK)
		return SW_ERR_INPUT;
	if (json_object_get(o, "ts_ns") != NULL &&
	    !from_ns(json_object_get(o, "ts_ns"), &e.ts))
		return bad(err, "bad time", "ts_ns");
	if (!sw_addr_parse(&e.from, ip) || type > 255 || code > 255)
		return sw_err_set(err, SW_ERR_INPUT, "bad icmp entry from %s "
		    "type %u code %u", ip, type, code);
	e.type = (uint8_t)type;
	e.code = (uint8_t)code;
	e.v6 = e.from.family == 6;	/* ICMPv6 travels over IPv6 only */
	if (c->nicmp == SW_MAX_ICMP)
		return sw_err_set(err, SW_ERR_INPUT, "more than %d icmp "
		    "entries", SW_MAX_ICMP);
	c->x->icmp[c->nicmp++] = e;
	return SW_OK;
}

/* {"name": count, ...} into v[lookup(name)]. */
static enum sw_status
get_counts(const json_t *o, const char *key, int (*lookup)(const char *),
    uint32_t *v, struct sw_err *err)
{
	json_t *m = json_object_get(o, key), *x;
	const char *name;

	if (m == NULL)
		return SW_OK;
	if (!json_is_object(m))
		return bad(err, "bad object", key);
	json_object_foreach(m, name, x) {
		int i = lookup(name);

		if (i < 0 || !json_is_integer(x) || json_integer_value(x) < 0 ||
		    json_integer_value(x) > UINT32_MAX)
			return sw_err_set(err, SW_ERR_INPUT, "bad %s entry '%s'",
			    key, name);
		v[i] = (uint32_t)json_integer_value(x);
	}
	return SW_OK;
}

/* {"client": x, "server": y} as two 64-bit counts. */
static enum sw_status
get_pair(const json_t *o, const char *key, uint64_t *client, uint64_t *server,
    struct sw_err *err)
{
	json_t *p = json_object_get(o, key);

	if (!json_is_object(p))
		return bad(err, "missing", key);
	if (get_u64(p, "client", client, err) != SW_OK ||
	    get_u64(p, "server", server, err) != SW_OK)
		return SW_ERR_INPUT;
	return SW_OK;
}

static enum sw_status
get_last_data(struct sw_conn *c, const json_t *o, struct sw_err *err)
{
	json_t *ld = json_object_get(o, "last_data");
	json_t *ns = json_object_get(o, "last_data_ns");

	if (ld == NULL)
		return SW_OK;
	for (int r = SW_CLIENT; r <= SW_SERVER; r++) {
		const char *who = sw_role_name(r);

		if (json_is_null(json_object_get(ld, who)))
			continue;
		if (get_time(ld, ns, who, &c->peer[r].last_data, err) != SW_OK)
			return SW_ERR_INPUT;
	}
	return SW_OK;
}

/* "rst" / "rst_ignored": absent when there was none. */
static enum sw_status
get_rstmark(const json_t *o, const char *key, struct sw_rstmark *m,
    struct sw_err *err)
{
	json_t *x = json_object_get(o, key);
	uint8_t from = 0;

	memset(m, 0, sizeof(*m));
	if (x == NULL)
		return SW_OK;
	if (!json_is_object(x) ||
	    get_word(x, "from", role_lookup, &from, err) != SW_OK ||
	    get_u64(x, "frame", &m->frame, err) != SW_OK ||
	    get_time_ns(x, "ts", &m->ts, err) != SW_OK)
		return json_is_object(x) ? SW_ERR_INPUT : bad(err, "bad", key);
	m->from = from;
	return SW_OK;
}

static void
get_rtt(struct sw_conn *c, const json_t *o)
{
	static const char *const key[2] = { "syn_synack", "synack_ack" };
	json_t *rtt = json_object_get(o, "rtt_ms");

	for (int i = 0; i < 2; i++) {
		json_t *x = json_object_get(rtt, key[i]);

		c->has_rtt[i] = json_is_number(x);
		if (c->has_rtt[i])
			c->rtt_ns[i] = llround(json_number_value(x) * 1e6);
	}
}

/* A tunnel layer's outer endpoint: "ip", and "port" for UDP tunnels. */
static enum sw_status
get_outer(const json_t *o, const char *key, struct sw_addr *a,
    uint16_t *port, struct sw_err *err)
{
	json_t *e = json_object_get(o, key);
	const char *ip = "";
	uint32_t p = 0;

	if (!json_is_object(e))
		return bad(err, "missing tunnel endpoint", key);
	if (get_str(e, "ip", &ip, err) != SW_OK ||
	    (json_object_get(e, "port") != NULL &&
	    get_u32(e, "port", &p, err) != SW_OK))
		return SW_ERR_INPUT;
	if (!sw_addr_parse(a, ip) || p > 65535)
		return sw_err_set(err, SW_ERR_INPUT, "bad tunnel endpoint "
		    "%s:%u", ip, p);
	*port = (uint16_t)p;
	return SW_OK;
}

/* "tunnel": the layers as report_json.c writes them, interned. */
static enum sw_status
get_tunnel(struct sw_conn *c, const json_t *o,
    struct sw_tunnel_set **tunnels, struct sw_err *err)
{
	struct sw_tunnel_layer l[SW_TUNNEL_MAX];
	json_t *a = json_object_get(o, "tunnel"), *x;
	size_t i;

	if (a == NULL)
		return SW_OK;
	if (!json_is_array(a) || json_array_size(a) > SW_TUNNEL_MAX)
		return bad(err, "bad array", "tunnel");
	json_array_foreach(a, i, x) {
		const char *type = "", *idname;
		int t;

		memset(&l[i], 0, sizeof(l[i]));
		if (!json_is_object(x) ||
		    get_str(x, "type", &type, err) != SW_OK)
			return bad(err, "bad layer in", "tunnel");
		if ((t = sw_tunnel_lookup(type)) < 0)
			return sw_err_set(err, SW_ERR_INPUT, "unknown tunnel "
			    "type '%s'", type);
		l[i].type = (uint8_t)t;
		if (get_outer(json_object_get(x, "outer"), "src", &l[i].src,
		    &l[i].sport, err) != SW_OK ||
		    get_outer(json_object_get(x, "outer"), "dst", &l[i].dst,
		    &l[i].dport, err) != SW_OK)
			return SW_ERR_INPUT;
		idname = sw_tunnel_id_name((enum sw_tunnel_type)t);
		if (idname != NULL && get_opt_u32(x, idname, &l[i].has_id,
		    &l[i].id, err) != SW_OK)
			return SW_ERR_INPUT;
	}
	if (i == 0) {
		c->tunnel = &sw_tunnel_not_kept;
		return SW_OK;
	}
	if (*tunnels == NULL)
		*tunnels = sw_tunnel_set_new();
	c->tunnel = sw_tunnel_set_intern(*tunnels, l, (unsigned)i);
	return SW_OK;
}

/*
 * The tracking flags that the views read, restored from the verdicts:
 * who sent SYN, FIN and RST, and how the connection ended.
 */
static void
restore_flags(struct sw_conn *c)
{
	const struct sw_step *fin1 = &c->step[SW_STEP_FIN1];
	const struct sw_step *fin2 = &c->step[SW_STEP_FIN2];

	c->closer = fin1->seen ? fin1->from :
	    (c->close == SW_CLOSE_CLIENT || c->close == SW_CLOSE_SERVER ||
	    c->close == SW_CLOSE_SIMUL || c->close == SW_CLOSE_HALF_CLOSED) ?
	    c->closed_by : SW_NOBODY;
	if (fin1->seen)
		c->peer[fin1->from].fin_sent = true;
	if (fin2->seen)
		c->peer[fin2->from].fin_sent = true;
	c->simclose = c->close == SW_CLOSE_SIMUL;
	c->simopen = c->handshake == SW_HS_SIMOPEN;
	c->synack_seen = c->step[SW_STEP_SYNACK].seen &&
	    !c->step[SW_STEP_SYNACK].inferred;
	c->synack_inferred = c->step[SW_STEP_SYNACK].inferred;
	c->peer[SW_CLIENT].syn_seen = c->step[SW_STEP_SYN].seen;
	c->peer[SW_SERVER].syn_seen = c->step[SW_STEP_SYNACK].seen;
	c->refused = c->close == SW_CLOSE_REFUSED;
	c->unreachable = c->close == SW_CLOSE_UNREACHABLE;
	c->rst_by = c->close == SW_CLOSE_RESET ? c->closed_by : SW_NOBODY;
	if (c->rst_by != SW_NOBODY)
		c->peer[c->rst_by].rst_sent = true;
	c->evicted = c->evicted || c->close == SW_CLOSE_TIMEOUT;
	c->over = c->close != SW_CLOSE_OPEN && !c->evicted &&
	    c->close != SW_CLOSE_HALF_OPEN && c->close != SW_CLOSE_HALF_CLOSED &&
	    c->close != SW_CLOSE_UNANSWERED &&
	    c->close != SW_CLOSE_UNREACHABLE;
}

enum sw_status
sw_record_conn(const json_t *o, unsigned input,
    struct sw_tunnel_set **tunnels, struct sw_conn *c,
    struct sw_conn_extra *extra, struct sw_err *err)
{
	json_t *state = json_object_get(o, "state"), *a, *x;
	const char *hist = "";
	size_t i;
	uint8_t closed_by = SW_NOBODY;

	memset(c, 0, sizeof(*c));
	memset(extra, 0, sizeof(*extra));
	c->x = extra;
	c->input = input;
	if (get_u64(o, "id", &c->id, err) != SW_OK ||
	    get_endpoint(o, "client", &c->peer[SW_CLIENT], err) != SW_OK ||
	    get_endpoint(o, "server", &c->peer[SW_SERVER], err) != SW_OK ||
	    get_time_ns(o, "start", &c->start, err) != SW_OK ||
	    get_time_ns(o, "end", &c->end, err) != SW_OK ||
	    get_u64(o, "first_frame", &c->first_frame, err) != SW_OK ||
	    get_u64(o, "last_frame", &c->last_frame, err) != SW_OK ||
	    get_word(o, "handshake", sw_handshake_lookup, &c->handshake,
	    err) != SW_OK ||
	    get_word(o, "close", sw_close_lookup, &c->close, err) != SW_OK ||
	    get_word(o, "conn_state", sw_zeek_state_lookup, &c->zeek_state,
	    err) != SW_OK ||
	    get_community_id(c, o, err) != SW_OK ||
	    get_tunnel(c, o, tunnels, err) != SW_OK)
		return SW_ERR_INPUT;
	if (json_object_get(o, "input_frame") != NULL &&
	    get_u64(o, "input_frame", &c->input_frame, err) != SW_OK)
		return SW_ERR_INPUT;
	x = json_object_get(o, "closed_by");
	if (!json_is_null(x) &&
	    get_word(o, "closed_by", role_lookup, &closed_by, err) != SW_OK)
		return SW_ERR_INPUT;
	c->closed_by = closed_by;
	if (!json_is_object(state) ||
	    get_word(state, "client", sw_state_lookup,
	    &c->peer[SW_CLIENT].state, err) != SW_OK ||
	    get_word(state, "server", sw_state_lookup,
	    &c->peer[SW_SERVER].state, err) != SW_OK)
		return json_is_object(state) ? SW_ERR_INPUT :
		    bad(err, "missing", "state");
	a = json_object_get(o, "steps");
	if (!json_is_array(a))
		return bad(err, "missing", "steps");
	json_array_foreach(a, i, x)
		if (get_step(c, x, err) != SW_OK)
			return SW_ERR_INPUT;
	a = json_object_get(o, "anomalies");
	if (!json_is_array(a))
		return bad(err, "missing", "anomalies");
	json_array_foreach(a, i, x)
		if (get_anomaly(c, x, err) != SW_OK)
			return SW_ERR_INPUT;
	if (json_object_get(o, "anomalies_dropped") != NULL &&
	    (get_u32(o, "anomalies_dropped", &c->anomaly_dropped, err) !=
	    SW_OK || get_counts(o, "anomaly_totals", sw_anomaly_lookup,
	    c->anomaly_count, err) != SW_OK))
		return SW_ERR_INPUT;
	a = json_object_get(o, "icmp");
	if (a != NULL && !json_is_array(a))
		return bad(err, "bad array", "icmp");
	json_array_foreach(a, i, x)
		if (get_icmp(c, x, err) != SW_OK)
			return SW_ERR_INPUT;
	if (get_counts(o, "events", sw_event_lookup, c->event, err) != SW_OK ||
	    get_pair(o, "packets", &c->peer[SW_CLIENT].packets,
	    &c->peer[SW_SERVER].packets, err) != SW_OK ||
	    get_pair(o, "bytes", &c->peer[SW_CLIENT].bytes,
	    &c->peer[SW_SERVER].bytes, err) != SW_OK ||
	    get_last_data(c, o, err) != SW_OK ||
	    get_rstmark(o, "rst", &c->rst, err) != SW_OK ||
	    get_rstmark(o, "rst_ignored", &c->rst_ignored, err) != SW_OK ||
	    get_str(o, "history", &hist, err) != SW_OK)
		return SW_ERR_INPUT;
	get_rtt(c, o);
	snprintf(c->history, sizeof(c->history), "%s", hist);
	c->hlen = (uint8_t)strlen(c->history);
	c->midstream = json_is_true(json_object_get(o, "midstream"));
	x = json_object_get(o, "evicted");
	if (json_is_string(x)) {
		/* Evicted: a timeout, or one that never got an answer. */
		c->evicted = true;
		c->evicted_by = strcmp(json_string_value(x), "idle") == 0 ?
		    SW_EVICT_IDLE : SW_EVICT_MAX_FLOWS;
	}
	restore_flags(c);
	return SW_OK;
}

/* ---------------------------------------------------------------- files */

/* The index of capture name in r->input, added when new; -1 no memory. */
static int
input_index(struct sw_record_reader *r, const char *name)
{
	char *copy;

	for (unsigned i = 0; i < r->ninputs; i++)
		if (strcmp(r->input[i], name) == 0)
			return (int)i;
	if (r->ninputs == r->cap) {
		unsigned cap = r->cap ? r->cap * 2 : 8;
		char **v = realloc(r->input, cap * sizeof(*v));

		if (v == NULL)
			return -1;
		r->input = v;
		r->cap = cap;
	}
	if ((copy = strdup(name)) == NULL)
		return -1;
	r->input[r->ninputs] = copy;
	return (int)r->ninputs++;
}

enum sw_status
sw_record_connection(struct sw_record_reader *r, const json_t *o,
    const char *file, struct sw_err *err)
{
	struct sw_conn c;
	struct sw_conn_extra x;
	json_t *in = json_object_get(o, "input");
	int idx = input_index(r, json_is_string(in) ? json_string_value(in) :
	    file);

	if (idx < 0)
		return sw_err_set(err, SW_ERR_NOMEM, "out of memory");
	if (sw_record_conn(o, (unsigned)idx, &r->tunnels, &c, &x, err) != SW_OK)
		return SW_ERR_INPUT;
	/* The reduce hands them over in first-frame order: 1, 2, ... */
	if (r->renumber)
		c.id = ++r->last_id;
	r->stats.connections++;
	r->stats.emitted++;
	r->stats.close[c.close]++;
	for (int k = 0; k < SW_AN__N; k++)
		r->stats.anomaly[k] += c.anomaly_count[k];
	for (int e = 0; e < SW_EV__N; e++)
		r->stats.event[e] += c.event[e];
	if (r->sink.conn_done != NULL)
		r->sink.conn_done(r->sink.ctx, &c);
	return SW_OK;
}

static uint64_t
num(const json_t *o, const char *key)
{
	json_t *x = json_object_get(o, key);

	return json_is_integer(x) && json_integer_value(x) > 0 ?
	    (uint64_t)json_integer_value(x) : 0;
}

/* Add {"name": n} counts to v[lookup(name)]; unknown names are left. */
static void
add_counts(const json_t *o, const char *key, int (*lookup)(const char *),
    uint64_t *v)
{
	json_t *x;
	const char *name;

	json_object_foreach(json_object_get(o, key), name, x) {
		int i = lookup(name);

		if (i >= 0)
			v[i] += num(json_object_get(o, key), name);
	}
}

/* The index of name among n names given by name_of, or -1. */
static int
index_of(const char *name, int n, const char *(*name_of)(int))
{
	for (int i = 0; i < n; i++)
		if (strcmp(name_of(i), name) == 0)
			return i;
	return -1;
}

static const char *dec_name(int i) { return sw_decode_result_name(i); }
static const char *encap_name(int i) { return sw_encap_name(i); }
static int decode_lookup(const char *n) { return index_of(n, SW_DEC__N, dec_name); }
static int encap_lookup(const char *n) { return index_of(n, SW_ENCAP__N, encap_name); }
static int tunnel_lookup(const char *n) { return sw_tunnel_lookup(n); }

/* Merge a summary record's packet-level totals into the run's. */
void
sw_record_summary(struct sw_record_reader *r, const json_t *o)
{
	struct sw_stats *s = &r->stats;
	const json_t *ev = json_object_get(o, "evicted");
	struct sw_time t;
	struct sw_err ignore;

	s->frames += num(o, "packets");
	s->filtered += num(o, "filtered");
	s->tcp_packets += num(o, "tcp_packets");
	add_counts(o, "skipped", decode_lookup, s->decode);
	add_counts(o, "unsupported_encap", encap_lookup, s->encap);
	add_counts(o, "tunnels", tunnel_lookup, s->tunnel);
	s->tunnel_not_kept += num(o, "tunnels_not_kept");
	s->evicted_idle += num(ev, "idle");
	s->evicted_cap += num(ev, "max_flows");
	s->evicted_cap_embryonic += num(ev, "max_flows_embryonic");
	s->evicted_cap_established += num(ev, "max_flows_established");
	s->late_packets += num(o, "late_packets");
	s->icmp_unmatched += num(o, "icmp_unmatched");
	if (num(o, "max_tracked") > s->max_tracked)
		s->max_tracked = num(o, "max_tracked");
	r->warnings += (unsigned)num(o, "warnings");
	if (json_object_get(o, "start") != NULL &&
	    get_time_ns(o, "start", &t, &ignore) == SW_OK &&
	    (!s->have_ts || sw_time_before(t, s->first_ts)))
		s->first_ts = t;
	if (json_object_get(o, "end") != NULL &&
	    get_time_ns(o, "end", &t, &ignore) == SW_OK &&
	    (!s->have_ts || sw_time_before(s->last_ts, t))) {
		s->last_ts = t;
		s->have_ts = true;
	}
	r->summaries++;
}

/* One top-level JSON value: a record, or a -F json document. */
static enum sw_status
value(struct sw_record_reader *r, const json_t *o, const char *file,
    struct sw_err *err)
{
	json_t *type = json_object_get(o, "type"), *conns, *x;
	size_t i;

	if (!json_is_object(o))
		return sw_err_set(err, SW_ERR_INPUT, "not a JSON object");
	conns = json_object_get(o, "connections");
	if (type == NULL && json_is_array(conns)) {
		json_array_foreach(conns, i, x)
			if (sw_record_connection(r, x, file, err) != SW_OK)
				return SW_ERR_INPUT;
		if (json_is_object(json_object_get(o, "summary")))
			sw_record_summary(r, json_object_get(o, "summary"));
		return SW_OK;
	}
	if (!json_is_string(type))
		return sw_err_set(err, SW_ERR_INPUT, "not a sevenway record "
		    "(no \"type\")");
	if (strcmp(json_string_value(type), "connection") == 0)
		return sw_record_connection(r, o, file, err);
	if (strcmp(json_string_value(type), "summary") == 0) {
		sw_record_summary(r, o);
		return SW_OK;
	}
	return sw_err_set(err, SW_ERR_INPUT, "unknown record type '%s'",
	    json_string_value(type));
}

enum sw_status
sw_record_read(struct sw_record_reader *r, FILE *f, const char *name,
    struct sw_err *err)
{
	char *line = NULL;
	size_t cap = 0;
	ssize_t len;
	uint64_t lineno = 0;
	enum sw_status st = SW_OK;

	while (st == SW_OK && (len = getline(&line, &cap, f)) >= 0) {
		json_error_t je;
		json_t *o;
		struct sw_err e;

		lineno++;
		if (strspn(line, " \t\r\n") == (size_t)len)
			continue;
		o = json_loadb(line, (size_t)len, 0, &je);
		if (o == NULL) {
			st = sw_err_set(err, SW_ERR_INPUT, "%s: line %llu: not "
			    "a sevenway record: %s", name,
			    (unsigned long long)lineno, je.text);
			break;
		}
		if (value(r, o, name, &e) != SW_OK)
			st = sw_err_set(err, e.code, "%s: line %llu: %s", name,
			    (unsigned long long)lineno, e.msg);
		json_decref(o);
	}
	if (st == SW_OK && ferror(f))
		st = sw_err_set(err, SW_ERR_IO, "%s: %s", name,
		    strerror(errno));
	free(line);
	return st;
}

json_t *
sw_record_tail_summary(const char *path)
{
	enum { TAIL = 65536 };
	FILE *f = fopen(path, "r");
	char *buf, *line, *last = NULL;
	json_t *o = NULL;
	size_t n;

	if (f == NULL)
		return NULL;
	if ((buf = malloc(TAIL + 1)) == NULL) {
		fclose(f);
		return NULL;
	}
	/* The summary is the last line a run writes: read the tail. */
	if (fseeko(f, -(off_t)TAIL, SEEK_END) != 0)
		rewind(f);
	n = fread(buf, 1, TAIL, f);
	buf[n] = '\0';
	for (line = buf; (line = strstr(line, "{\"type\":\"summary\"")) != NULL;
	    line++)
		last = line;
	if (last != NULL)
		o = json_loads(last, JSON_DISABLE_EOF_CHECK, NULL);
	free(buf);
	fclose(f);
	return o;
}

bool
sw_record_first_ts(const char *path, struct sw_time *t)
{
	json_t *o = sw_record_tail_summary(path);
	struct sw_err ignore;
	bool found;

	found = o != NULL && json_object_get(o, "start") != NULL &&
	    get_time_ns(o, "start", t, &ignore) == SW_OK;
	json_decref(o);
	return found;
}
