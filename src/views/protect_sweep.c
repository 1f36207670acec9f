/* SPDX-License-Identifier: MIT */
/*
 * protect_sweep.c: sw_protect_finish(): concurrency over capture time
 * by sweeps over interval endpoints, the flags, and the ranking.
 *
 * Intervals are half-open, [a, b): one that ends at t and one that
 * starts at t are never counted together, and an empty one is never
 * counted at all.  An interval still held when the capture stopped is
 * [a, E], so what was held at the end counts at E.  The entries are
 * sorted by (group, kind, client, a, b) before each pass, the events by
 * (time, kind), so every result is a function of the set of records,
 * whatever order they came in.  The same code computes the endpoints,
 * then, keyed by host, the hosts.
 */
#include <stdlib.h>
#include <string.h>

#include "protect_int.h"

static int
cmp_i64(int64_t x, int64_t y)
{
	return x < y ? -1 : x > y;
}

static int
cmp_ent(const void *x, const void *y)
{
	const struct sw_pent *a = x, *b = y;
	int r;

	if (a->key != b->key)
		return a->key < b->key ? -1 : 1;
	if (a->kind != b->kind)
		return a->kind < b->kind ? -1 : 1;
	if ((r = sw_addr_cmp(&a->client, &b->client)) != 0)
		return r;
	if ((r = cmp_i64(a->a, b->a)) != 0)
		return r;
	return cmp_i64(a->b, b->b);
}

/* By time; at one time ends, then starts, then the held ones end. */
static int
cmp_ev(const void *x, const void *y)
{
	const struct sw_pev *a = x, *b = y;
	int r = cmp_i64(a->t, b->t);

	return r != 0 ? r : (a->kind > b->kind) - (a->kind < b->kind);
}

/* The non-empty intervals of e[0..n) as sorted events in ev. */
static size_t
events(const struct sw_pent *e, size_t n, struct sw_pev *ev)
{
	size_t k = 0;

	for (size_t i = 0; i < n; i++) {
		if (e[i].b <= e[i].a && !e[i].held)
			continue;
		ev[k].t = e[i].a;
		ev[k++].kind = SW_EV_START;
		ev[k].t = e[i].b;
		ev[k++].kind = e[i].held ? SW_EV_HELD : SW_EV_END;
	}
	qsort(ev, k, sizeof(*ev), cmp_ev);
	return k;
}

/* The most at once, when first, and when the count first reached thr. */
struct peak {
	uint64_t peak;
	int64_t at;
	bool reached;
	int64_t since;
};

static void
sweep(const struct sw_pev *ev, size_t n, uint64_t thr, struct peak *pk)
{
	uint64_t cur = 0;

	memset(pk, 0, sizeof(*pk));
	for (size_t i = 0; i < n; i++) {
		if (ev[i].kind != SW_EV_START) {
			cur--;
			continue;
		}
		cur++;
		if (cur > pk->peak) {
			pk->peak = cur;
			pk->at = ev[i].t;
		}
		if (!pk->reached && cur >= thr) {
			pk->reached = true;
			pk->since = ev[i].t;
		}
	}
}

static struct sw_pflag *
add_flag(struct sw_pgroup *g, enum sw_pflag_kind kind, int64_t since)
{
	struct sw_pflag *f = &g->flag[g->nflag++];

	memset(f, 0, sizeof(*f));
	f->kind = (uint8_t)kind;
	f->since = since;
	return f;
}

/* Length of the run of entries from e with the same client. */
static size_t
client_run(const struct sw_pent *e, size_t n)
{
	size_t m = 1;

	while (m < n && sw_addr_cmp(&e[m].client, &e[0].client) == 0)
		m++;
	return m;
}

static void
half_open(struct sw_protect *p, struct sw_pgroup *g, const struct sw_pent *e,
    size_t n)
{
	struct sw_pev *ev = p->ev;
	struct peak pk;
	int64_t sources_at;
	size_t k = 0, n_ev;

	/* Each source from its first SYN, the runs being sorted by time. */
	for (size_t i = 0; i < n; i += client_run(e + i, n - i)) {
		ev[k].t = e[i].a;
		ev[k++].kind = SW_EV_START;
	}
	g->ho_sources = k;
	qsort(ev, k, sizeof(*ev), cmp_ev);
	sources_at = k >= p->cfg.syn_flood_sources ?
	    ev[p->cfg.syn_flood_sources - 1].t : 0;
	n_ev = events(e, n, ev);
	sweep(ev, n_ev, p->cfg.syn_flood, &pk);
	g->ho_peak = pk.peak;
	g->ho_peak_at = pk.at;
	if (pk.reached && k >= p->cfg.syn_flood_sources) {
		struct sw_pflag *f = add_flag(g, SW_PF_SYN_FLOOD,
		    pk.since > sources_at ? pk.since : sources_at);

		f->value = pk.peak;
		f->threshold = p->cfg.syn_flood;
	}
}

static void
close_wait(struct sw_protect *p, struct sw_pgroup *g, const struct sw_pent *e,
    size_t n)
{
	struct peak pk;
	bool old = false;
	int64_t old_at = 0;
	struct sw_pflag *f;

	for (size_t i = 0; i < n; i++) {
		int64_t len = e[i].b - e[i].a;

		if (e[i].end == SW_PE_HOLD)
			g->cw_open_end++;
		if (len > g->cw_longest)
			g->cw_longest = len;
		/* It reached the age at a + age; the earliest one counts. */
		if (len >= p->cw_age_ns && (!old ||
		    e[i].a + p->cw_age_ns < old_at)) {
			old = true;
			old_at = e[i].a + p->cw_age_ns;
		}
	}
	sweep(p->ev, events(e, n, p->ev), p->cfg.close_wait, &pk);
	g->cw_peak = pk.peak;
	if (pk.reached) {
		f = add_flag(g, SW_PF_CLOSE_WAIT_LEAK, pk.since);
		f->value = pk.peak;
		f->threshold = p->cfg.close_wait;
	} else if (old) {
		f = add_flag(g, SW_PF_CLOSE_WAIT_LEAK, old_at);
		f->secs = true;
		f->value_ns = g->cw_longest;
		f->threshold_ns = p->cw_age_ns;
	}
}

static void
fin_wait_2(struct sw_pgroup *g, const struct sw_pent *e, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (e[i].b - e[i].a > g->fw2_longest)
			g->fw2_longest = e[i].b - e[i].a;
}

/* Whether client x ranks before y in top_clients. */
static bool
worse(const struct sw_pclient *x, const struct sw_pclient *y)
{
	if (x->peak != y->peak)
		return x->peak > y->peak;
	if (x->conns != y->conns)
		return x->conns > y->conns;
	return sw_addr_cmp(&x->addr, &y->addr) < 0;
}

/* Insert c into g's top clients if it ranks among the first few. */
static void
top_insert(struct sw_pgroup *g, const struct sw_pclient *c)
{
	int i = g->ntop < SW_PROTECT_TOP ? g->ntop++ : SW_PROTECT_TOP;

	if (i == SW_PROTECT_TOP && !worse(c, &g->top[i - 1]))
		return;
	if (i == SW_PROTECT_TOP)
		i--;
	for (; i > 0 && worse(c, &g->top[i - 1]); i--)
		g->top[i] = g->top[i - 1];
	g->top[i] = *c;
}

static void
idle(struct sw_protect *p, struct sw_pgroup *g, const struct sw_pent *e,
    size_t n)
{
	struct peak pk;
	bool hold = false;
	int64_t hold_at = 0;

	for (size_t i = 0; i < n; i++)
		g->idle_total += e[i].b > e[i].a || e[i].held;
	sweep(p->ev, events(e, n, p->ev), 0, &pk);
	g->idle_peak = pk.peak;
	g->idle_peak_at = pk.at;
	for (size_t i = 0, m; i < n; i += m) {
		struct sw_pclient c;

		m = client_run(e + i, n - i);
		memset(&c, 0, sizeof(c));
		c.addr = e[i].client;
		for (size_t j = i; j < i + m; j++)
			c.conns += e[j].b > e[j].a || e[j].held;
		if (c.conns == 0)
			continue;
		sweep(p->ev, events(e + i, m, p->ev), p->cfg.idle_hold, &pk);
		c.peak = pk.peak;
		top_insert(g, &c);
		if (pk.reached && (!hold || pk.since < hold_at)) {
			hold = true;
			hold_at = pk.since;
		}
	}
	if (hold) {
		struct sw_pflag *f = add_flag(g, SW_PF_IDLE_HOLD, hold_at);

		f->value = g->top[0].peak;
		f->threshold = p->cfg.idle_hold;
		f->client = g->top[0].addr;
	}
}

/* The most server resets and refusals within any window [t, t + W). */
static void
resets(struct sw_protect *p, struct sw_pgroup *g, const struct sw_pent *e,
    size_t n)
{
	struct sw_pev *t = p->ev;
	uint64_t most = 0;
	bool reached = false;
	int64_t since = 0;

	for (size_t i = 0; i < n; i++) {
		t[i].t = e[i].a;
		t[i].kind = SW_EV_START;
	}
	qsort(t, n, sizeof(*t), cmp_ev);
	for (size_t i = 0, j = 0; j < n; j++) {
		while (t[j].t - t[i].t >= p->window_ns)
			i++;
		if (j - i + 1 > most)
			most = j - i + 1;
		if (!reached && j - i + 1 >= p->cfg.reset_storm) {
			reached = true;
			since = t[j].t;
		}
	}
	if (reached) {
		struct sw_pflag *f = add_flag(g, SW_PF_RESET_STORM, since);

		f->value = most;
		f->threshold = p->cfg.reset_storm;
	}
}

static void
run(struct sw_protect *p, struct sw_pgroup *g, const struct sw_pent *e,
    size_t n)
{
	switch (e->kind) {
	case SW_PK_HALF_OPEN:
		half_open(p, g, e, n);
		break;
	case SW_PK_CLOSE_WAIT:
		close_wait(p, g, e, n);
		break;
	case SW_PK_FIN_WAIT_2:
		fin_wait_2(g, e, n);
		break;
	case SW_PK_IDLE:
		idle(p, g, e, n);
		break;
	case SW_PK_RESET:
		resets(p, g, e, n);
		break;
	}
}

/* One pass: entries keyed by endpoint (hosts false) or by host. */
static void
pass(struct sw_protect *p, bool hosts)
{
	struct sw_pent *e = p->ent;

	if (p->nent == 0)
		return;		/* e may be NULL, which qsort must not see */
	for (size_t i = 0; i < p->nent; i++)
		e[i].key = hosts ? p->grp[e[i].grp].host_idx : e[i].grp;
	qsort(e, p->nent, sizeof(*e), cmp_ent);
	for (size_t i = 0, m; i < p->nent; i += m) {
		for (m = 1; i + m < p->nent && e[i + m].key == e[i].key &&
		    e[i + m].kind == e[i].kind; m++)
			;
		run(p, &p->grp[e[i].key], e + i, m);
	}
}

/* Endpoints before hosts; then worst first (DESIGN.md §5 ranking). */
static int
cmp_rank(const void *x, const void *y)
{
	const struct sw_pgroup *a = x, *b = y;

	if (a->host != b->host)
		return a->host ? 1 : -1;
	if (a->nflag != b->nflag)
		return a->nflag > b->nflag ? -1 : 1;
	if (a->score != b->score)
		return a->score > b->score ? -1 : 1;
	if (a->conns != b->conns)
		return a->conns > b->conns ? -1 : 1;
	return strcmp(a->name, b->name);
}

void
sw_protect_finish(struct sw_protect *p)
{
	int64_t E = p->end;

	if (p->finished)
		return;
	p->finished = true;
	for (size_t i = 0; i < p->nent; i++) {
		struct sw_pent *e = &p->ent[i];
		int64_t lim;

		switch (e->end) {
		case SW_PE_HOLD:
			e->b = E;
			/* Quiet for exactly the threshold is not idle. */
			e->held = e->kind != SW_PK_IDLE || e->a < E;
			if (!e->held)
				e->b = e->a;
			break;
		case SW_PE_SYN:
			lim = e->a + SW_PROTECT_SYN_HOLD < E ?
			    e->a + SW_PROTECT_SYN_HOLD : E;
			if (lim > e->b)
				e->b = lim;
			/* Retries not over by the end: still in the backlog. */
			e->held = e->a + SW_PROTECT_SYN_HOLD > E;
			break;
		}
	}
	pass(p, false);
	pass(p, true);
	for (uint32_t i = 0; i < p->ngrp; i++) {
		struct sw_pgroup *g = &p->grp[i];

		g->score = g->ho_peak + g->cw_peak + g->idle_peak + g->rst_total +
		    g->refused;
		sw_protect_name(g, g->name, sizeof(g->name));
		p->nserv += !g->host;
	}
	if (p->ngrp > 0)
		qsort(p->grp, p->ngrp, sizeof(*p->grp), cmp_rank);
}
