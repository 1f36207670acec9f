/* SPDX-License-Identifier: MIT */
/*
 * protect.c: the protection report's collection side: thresholds, and
 * what each finished connection leaves behind.
 *
 * Every record adds to the counters of its server endpoint and of its
 * server host, and, when it matters to a sweep (half-open, CLOSE_WAIT,
 * FIN_WAIT_2, idle, a server reset), one small entry per concern.
 * Counters are sums, entries are sorted before use: nothing depends on
 * the order of the records.  The capture end E is not known until the
 * last record, so an entry whose interval runs to E says so and is
 * resolved by sw_protect_finish().
 */
#include <errno.h>
#include <inttypes.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "protect_int.h"

void
sw_protect_config_init(struct sw_protect_config *cfg)
{
	cfg->idle_threshold = 30;
	cfg->syn_flood = 100;
	cfg->syn_flood_sources = 10;
	cfg->close_wait = 10;
	cfg->close_wait_age = 120;
	cfg->idle_hold = 10;
	cfg->reset_storm = 20;
	cfg->reset_window = 10;
}

/* The --threshold names, and where each value goes. */
static const struct threshold {
	const char *name;
	size_t count;		/* offset of a uint64_t count, or */
	size_t secs;		/* offset of a double of seconds */
} thresholds[] = {
	{ "syn-flood", offsetof(struct sw_protect_config, syn_flood), 0 },
	{ "syn-flood-sources",
	    offsetof(struct sw_protect_config, syn_flood_sources), 0 },
	{ "close-wait", offsetof(struct sw_protect_config, close_wait), 0 },
	{ "close-wait-age", 0,
	    offsetof(struct sw_protect_config, close_wait_age) },
	{ "idle-hold", offsetof(struct sw_protect_config, idle_hold), 0 },
	{ "reset-storm", offsetof(struct sw_protect_config, reset_storm), 0 },
	{ "reset-window", 0,
	    offsetof(struct sw_protect_config, reset_window) },
};
#define NTHRESHOLDS (sizeof(thresholds) / sizeof(thresholds[0]))

enum sw_status
sw_protect_threshold(struct sw_protect_config *cfg, const char *spec,
    struct sw_err *err)
{
	const char *eq = strchr(spec, '=');
	const struct threshold *t = NULL;
	char valid[200], *end;
	size_t n = eq != NULL ? (size_t)(eq - spec) : strlen(spec), used = 0;

	for (size_t i = 0; i < NTHRESHOLDS; i++) {
		if (strlen(thresholds[i].name) == n &&
		    strncmp(thresholds[i].name, spec, n) == 0)
			t = &thresholds[i];
		used += (size_t)snprintf(valid + used, sizeof(valid) - used,
		    "%s%s", i ? ", " : "", thresholds[i].name);
	}
	if (t == NULL || eq == NULL)
		return sw_err_set(err, SW_ERR_USAGE, "--threshold: '%.60s' is "
		    "not NAME=VALUE with NAME one of %s", spec, valid);
	errno = 0;
	if (t->secs != 0) {
		double v = strtod(eq + 1, &end);

		if (errno != 0 || end == eq + 1 || *end != '\0' ||
		    !(v > 0 && v < 1e9))
			return sw_err_set(err, SW_ERR_USAGE, "--threshold: "
			    "%s: '%.40s' is not a positive number of seconds",
			    t->name, eq + 1);
		*(double *)(void *)((char *)cfg + t->secs) = v;
	} else {
		unsigned long long v;

		if (eq[1] < '0' || eq[1] > '9')
			v = 0;
		else
			v = strtoull(eq + 1, &end, 10);
		if (v == 0 || errno != 0 || *end != '\0')
			return sw_err_set(err, SW_ERR_USAGE, "--threshold: "
			    "%s: '%.40s' is not a whole number from 1", t->name,
			    eq + 1);
		*(uint64_t *)(void *)((char *)cfg + t->count) = v;
	}
	return SW_OK;
}

/*
 * Capture times in ns are kept within [0, 2^62] (1970 to 2116, which
 * every classic pcap time fits): a damaged pcapng timestamp or a record
 * can say any second, and the sweeps subtract times and add durations
 * (below 2^60 ns) without overflowing then.
 */
#define NS_MAX ((int64_t)1 << 62)

static int64_t
ns_of(struct sw_time t)
{
	if (t.sec < 0)
		return 0;
	if (t.sec >= NS_MAX / SW_NS)
		return NS_MAX;
	return t.sec * SW_NS + t.nsec;
}

/* Seconds (positive, below 1e9, as the parsers check) in ns. */
static int64_t
secs_ns(double s)
{
	return (int64_t)(s * 1e9 + 0.5);
}

struct sw_time
sw_protect_time(int64_t t)
{
	struct sw_time r;
	int64_t s = t / SW_NS, ns = t % SW_NS;

	if (ns < 0) {
		ns += SW_NS;
		s--;
	}
	r.sec = s;
	r.nsec = (uint32_t)ns;
	return r;
}

void
sw_protect_name(const struct sw_pgroup *g, char *buf, size_t len)
{
	char ip[64];
	bool v6 = g->addr.family == 6;

	sw_addr_str(&g->addr, ip, sizeof(ip));
	if (g->host)
		snprintf(buf, len, "%s", ip);
	else
		snprintf(buf, len, "%s%s%s:%u", v6 ? "[" : "", ip, v6 ? "]" : "",
		    g->port);
}

struct sw_protect *
sw_protect_new(const struct sw_protect_config *cfg, struct sw_err *err)
{
	struct sw_protect *p = calloc(1, sizeof(*p));

	if (p == NULL) {
		sw_err_set(err, SW_ERR_NOMEM, "protection report: out of memory");
		return NULL;
	}
	p->cfg = *cfg;
	p->idle_ns = secs_ns(cfg->idle_threshold);
	p->cw_age_ns = secs_ns(cfg->close_wait_age);
	p->window_ns = secs_ns(cfg->reset_window);
	return p;
}

void
sw_protect_free(struct sw_protect *p)
{
	if (p == NULL)
		return;
	free(p->ent);
	free(p->ev);
	free(p->grp);
	free(p->slot);
	free(p);
}

static enum sw_status
nomem(struct sw_err *err)
{
	return sw_err_set(err, SW_ERR_NOMEM, "protection report: out of memory");
}

/* FNV-1a over the key: address, port, and whether it is a host. */
static uint32_t
hash(const struct sw_addr *a, uint16_t port, bool host)
{
	uint32_t h = 2166136261u;
	size_t n = a->family == 6 ? 16 : 4;

	for (size_t i = 0; i < n; i++)
		h = (h ^ a->a[i]) * 16777619u;
	h = (h ^ a->family) * 16777619u;
	h = (h ^ (port & 0xff)) * 16777619u;
	h = (h ^ (port >> 8)) * 16777619u;
	return (h ^ host) * 16777619u;
}

static bool
same(const struct sw_pgroup *g, const struct sw_addr *a, uint16_t port,
    bool host)
{
	return g->host == host && (host || g->port == port) &&
	    sw_addr_cmp(&g->addr, a) == 0;
}

/* Double the slot table and put every group back. */
static bool
rehash(struct sw_protect *p)
{
	uint32_t n = p->nslot ? p->nslot * 2 : 64;
	uint32_t *s = calloc(n, sizeof(*s));

	if (s == NULL)
		return false;
	for (uint32_t i = 0; i < p->ngrp; i++) {
		const struct sw_pgroup *g = &p->grp[i];
		uint32_t j = hash(&g->addr, g->port, g->host) & (n - 1);

		while (s[j] != 0)
			j = (j + 1) & (n - 1);
		s[j] = i + 1;
	}
	free(p->slot);
	p->slot = s;
	p->nslot = n;
	return true;
}

/* The group of (a, port) or of host a, created if new; -1: no memory. */
static int64_t
group(struct sw_protect *p, const struct sw_addr *a, uint16_t port, bool host)
{
	uint32_t j;
	struct sw_pgroup *g;

	if (p->nslot == 0 || p->ngrp + 1 > p->nslot / 2)
		if (!rehash(p))
			return -1;
	j = hash(a, port, host) & (p->nslot - 1);
	for (; p->slot[j] != 0; j = (j + 1) & (p->nslot - 1))
		if (same(&p->grp[p->slot[j] - 1], a, port, host))
			return p->slot[j] - 1;
	if (p->ngrp == p->grpcap) {
		uint32_t cap = p->grpcap ? p->grpcap * 2 : 16;
		struct sw_pgroup *ng = realloc(p->grp, cap * sizeof(*ng));

		if (ng == NULL)
			return -1;
		p->grp = ng;
		p->grpcap = cap;
	}
	g = &p->grp[p->ngrp];
	memset(g, 0, sizeof(*g));
	g->addr = *a;
	g->port = host ? 0 : port;
	g->host = host;
	g->host_idx = UINT32_MAX;	/* linked by the caller */
	p->slot[j] = p->ngrp + 1;
	return p->ngrp++;
}

/* Room for one more entry, and for its sweep events. */
static bool
reserve(struct sw_protect *p)
{
	size_t cap;
	struct sw_pent *ne;
	struct sw_pev *nv;

	if (p->nent < p->entcap)
		return true;
	cap = p->entcap ? p->entcap * 2 : 64;
	ne = realloc(p->ent, cap * sizeof(*ne));
	if (ne == NULL)
		return false;
	p->ent = ne;
	nv = realloc(p->ev, 2 * cap * sizeof(*nv));
	if (nv == NULL)
		return false;
	p->ev = nv;
	p->entcap = cap;
	return true;
}

static bool
entry(struct sw_protect *p, uint32_t grp, const struct sw_conn *c,
    enum sw_pkind kind, int64_t a, int64_t b, enum sw_pend end)
{
	struct sw_pent *e;

	if (!reserve(p))
		return false;
	e = &p->ent[p->nent++];
	memset(e, 0, sizeof(*e));
	e->a = a;
	e->b = b;
	e->grp = grp;
	e->kind = (uint8_t)kind;
	e->end = (uint8_t)end;
	e->client = c->peer[SW_CLIENT].addr;
	return true;
}

/* Add the counters of one connection to g. */
static void
count(struct sw_pgroup *g, const struct sw_pgroup *one)
{
	g->conns += one->conns;
	g->ho_total += one->ho_total;
	g->unanswered += one->unanswered;
	g->refused += one->refused;
	g->unreachable += one->unreachable;
	g->rst_total += one->rst_total;
	for (int r = 0; r < 2; r++)
		g->rst_by[r] += one->rst_by[r];
	for (int i = 0; i < 3; i++)
		g->rst_phase[i] += one->rst_phase[i];
	g->cw_total += one->cw_total;
	g->fw2_total += one->fw2_total;
	g->no_payload += one->no_payload;
}

/* It reached ESTABLISHED: a full handshake, or mid-stream both ways. */
static bool
established(const struct sw_conn *c)
{
	if (c->handshake == SW_HS_COMPLETE || c->handshake == SW_HS_SIMOPEN)
		return true;
	return c->midstream && c->peer[SW_CLIENT].packets > 0 &&
	    c->peer[SW_SERVER].packets > 0;
}

/* Whether the connection ended on the wire or was evicted: then it was
 * no longer held after its end; otherwise it was held until E. */
static bool
ended(const struct sw_conn *c)
{
	switch (c->close) {
	case SW_CLOSE_CLIENT:
	case SW_CLOSE_SERVER:
	case SW_CLOSE_SIMUL:
	case SW_CLOSE_RESET:
	case SW_CLOSE_REFUSED:
	case SW_CLOSE_UNREACHABLE:
	case SW_CLOSE_TIMEOUT:
		return true;
	default:
		return false;
	}
}

static int64_t
step_ns(const struct sw_conn *c, enum sw_step_id s)
{
	return ns_of(c->step[s].ts);
}

/* The time the peer got the first FIN: its ack, else the FIN itself. */
static int64_t
fin_received(const struct sw_conn *c)
{
	if (c->step[SW_STEP_ACK_FIN1].seen)
		return step_ns(c, SW_STEP_ACK_FIN1);
	if (c->step[SW_STEP_FIN1].seen)
		return step_ns(c, SW_STEP_FIN1);
	return ns_of(c->start);
}

static bool
idle_entry(struct sw_protect *p, uint32_t grp, const struct sw_conn *c)
{
	int64_t quiet, from, to;
	const struct sw_step *fin = &c->step[SW_STEP_FIN1];

	if (c->step[SW_STEP_ACK].seen)
		quiet = step_ns(c, SW_STEP_ACK);
	else if (c->step[SW_STEP_SYNACK].seen)
		quiet = step_ns(c, SW_STEP_SYNACK);
	else
		quiet = ns_of(c->start);
	for (int r = SW_CLIENT; r <= SW_SERVER; r++)
		if (c->peer[r].bytes > 0 &&
		    ns_of(c->peer[r].last_data) > quiet)
			quiet = ns_of(c->peer[r].last_data);
	from = quiet + p->idle_ns;
	/* Idle until the first FIN or RST, else as long as it was held. */
	if (fin->seen || c->close == SW_CLOSE_RESET) {
		to = fin->seen ? ns_of(fin->ts) : ns_of(c->end);
		return to <= from ||
		    entry(p, grp, c, SW_PK_IDLE, from, to, SW_PE_FIXED);
	}
	if (ended(c)) {
		to = ns_of(c->end);
		return to <= from ||
		    entry(p, grp, c, SW_PK_IDLE, from, to, SW_PE_FIXED);
	}
	return entry(p, grp, c, SW_PK_IDLE, from, from, SW_PE_HOLD);
}

/* Counters of c (into one) and its entries; false: out of memory. */
static bool
classify(struct sw_protect *p, uint32_t grp, const struct sw_conn *c,
    struct sw_pgroup *one)
{
	const struct sw_peer *cl = &c->peer[SW_CLIENT], *sv = &c->peer[SW_SERVER];
	const struct sw_step *fin1 = &c->step[SW_STEP_FIN1];
	const struct sw_step *fin2 = &c->step[SW_STEP_FIN2];
	enum sw_pend hold = ended(c) ? SW_PE_FIXED : SW_PE_HOLD;
	int64_t end = ns_of(c->end), a;

	one->conns = 1;
	if (c->close == SW_CLOSE_HALF_OPEN || c->close == SW_CLOSE_UNANSWERED) {
		one->ho_total = 1;
		one->unanswered = c->close == SW_CLOSE_UNANSWERED;
		if (!entry(p, grp, c, SW_PK_HALF_OPEN, ns_of(c->start), end,
		    SW_PE_SYN))
			return false;
	}
	/* Never reached the server: counted, but it held nothing there. */
	one->unreachable = c->close == SW_CLOSE_UNREACHABLE;
	if (c->close == SW_CLOSE_REFUSED) {
		one->refused = 1;
		if (!entry(p, grp, c, SW_PK_RESET, end, end, SW_PE_FIXED))
			return false;
	}
	if (c->close == SW_CLOSE_RESET) {
		one->rst_total = 1;
		if (c->closed_by <= SW_SERVER)
			one->rst_by[c->closed_by] = 1;
		one->rst_phase[fin1->seen ? 2 : established(c) ? 1 : 0] = 1;
		if (c->closed_by == SW_SERVER &&
		    !entry(p, grp, c, SW_PK_RESET, end, end, SW_PE_FIXED))
			return false;
	}
	one->cw_total = sv->state == SW_ST_CLOSE_WAIT;
	/* The client closed first: the server sat in CLOSE_WAIT from the
	 * FIN's arrival until its own FIN, or as long as it was held. */
	if (c->closer == SW_CLIENT && !c->simclose && fin1->seen &&
	    fin1->from == SW_CLIENT) {
		a = fin_received(c);
		if (fin2->seen && fin2->from == SW_SERVER) {
			if (step_ns(c, SW_STEP_FIN2) > a &&
			    !entry(p, grp, c, SW_PK_CLOSE_WAIT, a,
			    step_ns(c, SW_STEP_FIN2), SW_PE_FIXED))
				return false;
		} else if (!entry(p, grp, c, SW_PK_CLOSE_WAIT, a, end, hold)) {
			return false;
		}
	}
	/* The server closed first and the client never answered. */
	if (c->closer == SW_SERVER && !cl->fin_sent &&
	    (cl->state == SW_ST_CLOSE_WAIT || sv->state == SW_ST_FIN_WAIT_2)) {
		one->fw2_total = 1;
		if (!entry(p, grp, c, SW_PK_FIN_WAIT_2, fin_received(c), end,
		    hold))
			return false;
	}
	if (established(c)) {
		one->no_payload = cl->bytes == 0 && sv->bytes == 0;
		if (!idle_entry(p, grp, c))
			return false;
	}
	return true;
}

enum sw_status
sw_protect_add(struct sw_protect *p, const struct sw_conn *c,
    struct sw_err *err)
{
	const struct sw_peer *sv = &c->peer[SW_SERVER];
	struct sw_pgroup one;
	int64_t gi, hi;

	if (p->finished)
		return sw_err_set(err, SW_ERR_USAGE,
		    "protection report: record added after the report was "
		    "finished");
	gi = group(p, &sv->addr, sv->port, false);
	if (gi < 0)
		return nomem(err);
	if (p->grp[gi].host_idx == UINT32_MAX) {
		hi = group(p, &sv->addr, 0, true);
		if (hi < 0)
			return nomem(err);
		p->grp[gi].host_idx = (uint32_t)hi;
		p->grp[hi].nports++;
	}
	if (!p->any || ns_of(c->end) > p->end)
		p->end = ns_of(c->end);
	p->any = true;
	memset(&one, 0, sizeof(one));
	if (!classify(p, (uint32_t)gi, c, &one))
		return nomem(err);
	count(&p->grp[gi], &one);
	count(&p->grp[p->grp[gi].host_idx], &one);
	return SW_OK;
}
