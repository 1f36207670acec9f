/* SPDX-License-Identifier: MIT */
/*
 * protect_out.c: the protection report as the summary's "protection"
 * object and as text after the totals.
 *
 * Both print what sw_protect_finish() computed, in its order: the
 * endpoints worst first, then the hosts.  Times are numbers of seconds
 * rounded down to the microsecond, as in the connection objects.
 */
#include <inttypes.h>
#include <string.h>

#include "protect_int.h"

/* One line of advice per flag, and its contract name. */
static const struct {
	const char *name;
	const char *advice;
} flag_info[SW_PF__N] = {
	[SW_PF_SYN_FLOOD] = { "syn-flood",
	    "Enable SYN cookies (net.ipv4.tcp_syncookies=1) and raise the "
	    "listen backlog (the listen() argument, net.core.somaxconn and "
	    "net.ipv4.tcp_max_syn_backlog)." },
	[SW_PF_CLOSE_WAIT_LEAK] = { "close-wait-leak",
	    "Find the server code path that reads EOF from the client but "
	    "never calls close() on the socket; each such connection keeps a "
	    "descriptor in CLOSE_WAIT." },
	[SW_PF_IDLE_HOLD] = { "idle-hold",
	    "Give the server an application-level idle or read timeout and a "
	    "limit of connections per client, so that silent clients cannot "
	    "hold its descriptors." },
	[SW_PF_RESET_STORM] = { "reset-storm",
	    "Look for a server process that crashes, restarts or is "
	    "overloaded (a full accept queue), which makes its kernel reset "
	    "and refuse connections." },
};

/* A time (ns) as JSON seconds, rounded down to the microsecond. */
static json_t *
jtime(int64_t t)
{
	struct sw_time s = sw_protect_time(t);

	return json_real((double)s.sec + (double)(s.nsec / 1000) / 1e6);
}

/* A duration (ns, >= 0) as JSON seconds, to the microsecond. */
static json_t *
jsecs(int64_t d)
{
	return json_real((double)(d / 1000) / 1e6);
}

static json_t *
jint(uint64_t v)
{
	return json_integer((json_int_t)v);
}

static json_t *
addr_json(const struct sw_addr *a)
{
	char ip[64];

	return json_string(sw_addr_str(a, ip, sizeof(ip)));
}

static json_t *
flag_json(const struct sw_pflag *f)
{
	json_t *o = json_object();

	json_object_set_new(o, "name", json_string(flag_info[f->kind].name));
	if (f->kind == SW_PF_CLOSE_WAIT_LEAK)
		json_object_set_new(o, "measure",
		    json_string(f->secs ? "longest" : "peak"));
	json_object_set_new(o, "value",
	    f->secs ? jsecs(f->value_ns) : jint(f->value));
	json_object_set_new(o, "threshold",
	    f->secs ? jsecs(f->threshold_ns) : jint(f->threshold));
	json_object_set_new(o, "since", jtime(f->since));
	if (f->kind == SW_PF_IDLE_HOLD)
		json_object_set_new(o, "client", addr_json(&f->client));
	json_object_set_new(o, "advice",
	    json_string(flag_info[f->kind].advice));
	return o;
}

static json_t *
group_json(const struct sw_pgroup *g)
{
	json_t *o = json_object(), *top = json_array(), *flags = json_array();

	json_object_set_new(o, g->host ? "host" : "server",
	    json_string(g->name));
	json_object_set_new(o, "connections", jint(g->conns));
	json_object_set_new(o, "half_open", json_pack("{s:o, s:o, s:o, s:o, "
	    "s:o}", "total", jint(g->ho_total), "unanswered",
	    jint(g->unanswered), "peak", jint(g->ho_peak), "peak_at",
	    g->ho_peak ? jtime(g->ho_peak_at) : json_null(), "sources",
	    jint(g->ho_sources)));
	json_object_set_new(o, "refused", jint(g->refused));
	json_object_set_new(o, "unreachable", jint(g->unreachable));
	json_object_set_new(o, "reset", json_pack("{s:o, s:o, s:o, s:o, s:o, "
	    "s:o}", "total", jint(g->rst_total), "by_client",
	    jint(g->rst_by[SW_CLIENT]), "by_server", jint(g->rst_by[SW_SERVER]),
	    "handshake", jint(g->rst_phase[0]), "transfer",
	    jint(g->rst_phase[1]), "close", jint(g->rst_phase[2])));
	json_object_set_new(o, "close_wait", json_pack("{s:o, s:o, s:o, s:o}",
	    "total", jint(g->cw_total), "peak", jint(g->cw_peak), "longest",
	    jsecs(g->cw_longest), "open_at_end", jint(g->cw_open_end)));
	json_object_set_new(o, "fin_wait_2", json_pack("{s:o, s:o}", "total",
	    jint(g->fw2_total), "longest", jsecs(g->fw2_longest)));
	for (int i = 0; i < g->ntop; i++)
		json_array_append_new(top, json_pack("{s:o, s:o, s:o}",
		    "client", addr_json(&g->top[i].addr), "connections",
		    jint(g->top[i].conns), "peak", jint(g->top[i].peak)));
	json_object_set_new(o, "idle", json_pack("{s:o, s:o, s:o, s:o, s:o}",
	    "total", jint(g->idle_total), "no_payload", jint(g->no_payload),
	    "peak", jint(g->idle_peak), "peak_at",
	    g->idle_peak ? jtime(g->idle_peak_at) : json_null(),
	    "top_clients", top));
	for (int i = 0; i < g->nflag; i++)
		json_array_append_new(flags, flag_json(&g->flag[i]));
	json_object_set_new(o, "flags", flags);
	return o;
}

json_t *
sw_protect_json(const struct sw_protect *p)
{
	const struct sw_protect_config *c = &p->cfg;
	json_t *o = json_object(), *servers = json_array(), *hosts = json_array();

	json_object_set_new(o, "idle_threshold", json_real(c->idle_threshold));
	json_object_set_new(o, "thresholds", json_pack("{s:o, s:o, s:o, s:o, "
	    "s:o, s:o, s:o}", "syn-flood", jint(c->syn_flood),
	    "syn-flood-sources", jint(c->syn_flood_sources), "close-wait",
	    jint(c->close_wait), "close-wait-age", json_real(c->close_wait_age),
	    "idle-hold", jint(c->idle_hold), "reset-storm", jint(c->reset_storm),
	    "reset-window", json_real(c->reset_window)));
	for (uint32_t i = 0; p->finished && i < p->ngrp; i++)
		json_array_append_new(i < p->nserv ? servers : hosts,
		    group_json(&p->grp[i]));
	json_object_set_new(o, "servers", servers);
	json_object_set_new(o, "hosts", hosts);
	return o;
}

/* ------------------------------------------------------------ text */

/* At most this many rows per table; the rest is counted. */
#define MAX_ROWS 20

enum { C_NAME, C_CONNS, C_HALF, C_REFUSED, C_UNREACH, C_RESET, C_CW, C_IDLE,
	C_FLAGS, C__N };

static const char *const heading[C__N] = {
	"server", "conns", "half-open", "refused", "unreachable", "reset",
	"close-wait",
	"idle", "flags"
};

/* A duration (ns) as "12.345s". */
static void
dur(int64_t d, char *buf, size_t len)
{
	snprintf(buf, len, "%" PRId64 ".%03" PRId64 "s", d / SW_NS,
	    d % SW_NS / 1000000);
}

static void
cells(const struct sw_pgroup *g, char cell[C__N][80])
{
	char d[32];
	size_t n = 0;

	snprintf(cell[C_NAME], 80, "%s", g->name);
	snprintf(cell[C_CONNS], 80, "%" PRIu64, g->conns);
	snprintf(cell[C_HALF], 80, "%" PRIu64 "/%" PRIu64, g->ho_peak,
	    g->ho_sources);
	snprintf(cell[C_REFUSED], 80, "%" PRIu64, g->refused);
	snprintf(cell[C_UNREACH], 80, "%" PRIu64, g->unreachable);
	snprintf(cell[C_RESET], 80, "%" PRIu64, g->rst_total);
	dur(g->cw_longest, d, sizeof(d));
	snprintf(cell[C_CW], 80, "%" PRIu64 "/%s", g->cw_peak, d);
	snprintf(cell[C_IDLE], 80, "%" PRIu64, g->idle_peak);
	cell[C_FLAGS][0] = '\0';
	for (int i = 0; i < g->nflag; i++)
		n += (size_t)snprintf(cell[C_FLAGS] + n, 80 - n, "%s%s",
		    i ? "," : "", flag_info[g->flag[i].kind].name);
	if (g->nflag == 0)
		snprintf(cell[C_FLAGS], 80, "-");
}

static void
row(FILE *out, char cell[C__N][80], const int *w)
{
	fprintf(out, "  %-*s", w[C_NAME], cell[C_NAME]);
	for (int c = C_CONNS; c < C_FLAGS; c++)
		fprintf(out, "  %*s", w[c], cell[c]);
	fprintf(out, "  %s\n", cell[C_FLAGS]);
}

static void
table(FILE *out, const struct sw_pgroup *g, uint32_t n, bool hosts)
{
	char cell[C__N][80];
	int w[C__N];
	uint32_t shown = n < MAX_ROWS ? n : MAX_ROWS;

	for (int c = 0; c < C__N; c++)
		w[c] = (int)strlen(heading[c]);
	w[C_NAME] = hosts ? (int)strlen("host") : w[C_NAME];
	for (uint32_t i = 0; i < shown; i++) {
		cells(&g[i], cell);
		for (int c = 0; c < C__N; c++)
			if ((int)strlen(cell[c]) > w[c])
				w[c] = (int)strlen(cell[c]);
	}
	for (int c = 0; c < C__N; c++)
		snprintf(cell[c], 80, "%s", heading[c]);
	if (hosts)
		snprintf(cell[C_NAME], 80, "host");
	row(out, cell, w);
	for (uint32_t i = 0; i < shown; i++) {
		cells(&g[i], cell);
		row(out, cell, w);
	}
	if (n > shown)
		fprintf(out, "  ... and %" PRIu32 " more %s (all in -F json)\n",
		    n - shown, hosts ? "hosts" : "servers");
}

/* One sentence per flag, its advice, and the top idle clients. */
static void
explain(FILE *out, const struct sw_pgroup *g, const struct sw_protect *p,
    const struct sw_view *v)
{
	char t[48], d[32], ip[64];

	for (int i = 0; i < g->nflag; i++) {
		const struct sw_pflag *f = &g->flag[i];

		sw_view_time(v, sw_protect_time(f->since), t, sizeof(t));
		fprintf(out, "  %s: %s: ", g->name, flag_info[f->kind].name);
		switch (f->kind) {
		case SW_PF_SYN_FLOOD:
			fprintf(out, "%" PRIu64 " half-open or unanswered "
			    "connections at once from %" PRIu64 " sources "
			    "(thresholds %" PRIu64 " and %" PRIu64 " sources)",
			    f->value, g->ho_sources, f->threshold,
			    p->cfg.syn_flood_sources);
			break;
		case SW_PF_CLOSE_WAIT_LEAK:
			if (f->secs) {
				dur(f->value_ns, d, sizeof(d));
				fprintf(out, "a connection sat in CLOSE_WAIT "
				    "for %s", d);
				dur(f->threshold_ns, d, sizeof(d));
				fprintf(out, " (threshold %s)", d);
			} else {
				fprintf(out, "%" PRIu64 " connections in "
				    "CLOSE_WAIT at once (threshold %" PRIu64 ")",
				    f->value, f->threshold);
			}
			break;
		case SW_PF_IDLE_HOLD:
			fprintf(out, "client %s held %" PRIu64 " idle "
			    "connections at once (threshold %" PRIu64 ")",
			    sw_addr_str(&f->client, ip, sizeof(ip)), f->value,
			    f->threshold);
			break;
		case SW_PF_RESET_STORM:
			fprintf(out, "%" PRIu64 " server resets and refusals "
			    "within %g s (threshold %" PRIu64 ")", f->value,
			    p->cfg.reset_window, f->threshold);
			break;
		}
		fprintf(out, ", since %s.\n    %s\n", t,
		    flag_info[f->kind].advice);
	}
	if (g->nflag == 0 || g->ntop == 0)
		return;
	fprintf(out, "  %s: top idle clients:", g->name);
	for (int i = 0; i < g->ntop; i++)
		fprintf(out, "%s %s (%" PRIu64 " at once, %" PRIu64 " idle)",
		    i ? "," : "", sw_addr_str(&g->top[i].addr, ip, sizeof(ip)),
		    g->top[i].peak, g->top[i].conns);
	fputc('\n', out);
}

/* The table and the flagged groups' sentences. */
static void
section(FILE *out, const struct sw_protect *p, const struct sw_pgroup *g,
    uint32_t n, bool hosts, const struct sw_view *v)
{
	bool any = false;

	table(out, g, n, hosts);
	for (uint32_t i = 0; i < n; i++) {
		if (g[i].nflag == 0)
			continue;
		if (!any)
			fputc('\n', out);
		any = true;
		explain(out, &g[i], p, v);
	}
	if (!any)
		fprintf(out, "  no %s flagged\n", hosts ? "host" : "server");
}

void
sw_protect_text(FILE *out, const struct sw_protect *p,
    const struct sw_view *v)
{
	bool multi = false;

	fprintf(out, "\nprotection report (idle threshold %g s):\n",
	    p->cfg.idle_threshold);
	if (!p->finished || p->ngrp == 0) {
		fputs("  no connections\n", out);
		return;
	}
	section(out, p, p->grp, p->nserv, false, v);
	/* Per host only when that says more: a host with several ports. */
	for (uint32_t i = p->nserv; i < p->ngrp; i++)
		multi = multi || p->grp[i].nports > 1;
	if (!multi)
		return;
	fputs("\nper host:\n", out);
	section(out, p, p->grp + p->nserv, p->ngrp - p->nserv, true,
	    v);
}
