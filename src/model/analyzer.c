/* SPDX-License-Identifier: MIT */
/*
 * analyzer.c: the pipeline decode → flow table → tracker → sink.
 *
 * A connection that is over on the wire (both FINs acknowledged, a valid
 * RST, a refused SYN) is held for `close_delay` seconds of quiet, during
 * which its late segments still count in it without changing its
 * verdict; then it is emitted, and its key lingers until `linger`
 * seconds after its last segment so that later retransmissions are
 * absorbed (and counted in late_packets) instead of opening a bogus
 * mid-stream connection.  A quiet connection is ended by
 * the idle timeout; when the table is full the longest-idle connection
 * gives way (finished-and-lingering ones first).  Time is capture time:
 * the newest timestamp seen, so out-of-order timestamps never run the
 * clock backwards.
 */
#include <stdlib.h>
#include <string.h>

#include "sevenway/analyzer.h"
#include "sevenway/tunnel.h"
#include "sevenway/flowhash.h"
#include "flowtab.h"
#include "recent.h"
#include "track.h"

struct sw_analyzer {
	struct sw_analyzer_config cfg;
	struct sw_sink sink;
	struct sw_flowtab *tab;
	/* The tunnel stacks connections point to: freed with the analyzer,
	 * after every view is done with them. */
	struct sw_tunnel_set *tunnels;
	struct sw_stats stats;
	struct sw_time now;
	bool started;
	/*
	 * No list head can expire before this time: expire() is skipped
	 * until then, which spares every packet three cold slot reads.
	 * Kept a microsecond early, so the exact test stays expire()'s.
	 */
	struct sw_time next_expire;
	unsigned input;
	uint64_t input_base;	/* frames read before the current input */
	uint64_t next_id;
};

void
sw_analyzer_config_init(struct sw_analyzer_config *cfg)
{
	cfg->max_flows = SW_DEFAULT_MAX_FLOWS;
	cfg->idle_timeout = SW_DEFAULT_IDLE_OFFLINE;
	cfg->linger = 60.0;
	cfg->close_delay = 5.0;
	cfg->no_checksums = false;
	cfg->shard_index = 0;
	cfg->shard_count = 1;
}

struct sw_analyzer *
sw_analyzer_new(const struct sw_analyzer_config *cfg,
    const struct sw_sink *sink, struct sw_err *err)
{
	struct sw_analyzer *a = calloc(1, sizeof(*a));

	if (a == NULL) {
		sw_err_set(err, SW_ERR_NOMEM, "out of memory");
		return NULL;
	}
	if (cfg != NULL)
		a->cfg = *cfg;
	else
		sw_analyzer_config_init(&a->cfg);
	if (sink != NULL)
		a->sink = *sink;
	a->tab = sw_flowtab_new(a->cfg.max_flows, 0);
	if (a->tab == NULL) {
		sw_err_set(err, SW_ERR_NOMEM,
		    "cannot allocate a flow table of %u connections",
		    a->cfg.max_flows);
		free(a);
		return NULL;
	}
	a->tunnels = sw_tunnel_set_new();
	if (a->tunnels == NULL) {
		sw_err_set(err, SW_ERR_NOMEM, "out of memory");
		sw_flowtab_free(a->tab);
		free(a);
		return NULL;
	}
	a->next_id = 1;
	a->next_expire.sec = INT64_MAX;
	return a;
}

void
sw_analyzer_free(struct sw_analyzer *a)
{
	if (a == NULL)
		return;
	sw_flowtab_free(a->tab);
	sw_tunnel_set_free(a->tunnels);
	free(a);
}

void
sw_analyzer_set_input(struct sw_analyzer *a, unsigned idx)
{
	a->input = idx;
	a->input_base = a->stats.frames;
}

const struct sw_stats *
sw_analyzer_stats(const struct sw_analyzer *a)
{
	return &a->stats;
}

size_t
sw_analyzer_slot_size(void)
{
	return sizeof(struct sw_slot);
}

uint64_t
sw_analyzer_table_bytes(const struct sw_analyzer *a)
{
	return sw_flowtab_bytes(a->tab);
}

/*
 * Whether c got past its handshake (the server's SYN acknowledged, or
 * picked up mid-stream): it is no flood's, and evicted last.
 */
static bool
established(const struct sw_conn *c)
{
	return c->midstream || c->peer[SW_SERVER].syn_acked ||
	    (c->simopen && c->peer[SW_CLIENT].syn_acked);
}

/* Settle and hand a connection to the sink; count it. */
static void
emit(struct sw_analyzer *a, struct sw_conn *c, bool evicted)
{
	sw_track_finish(c, evicted);
	a->stats.emitted++;
	a->stats.close[c->close]++;
	for (int k = 0; k < SW_AN__N; k++)
		a->stats.anomaly[k] += c->anomaly_count[k];
	for (int e = 0; e < SW_EV__N; e++)
		a->stats.event[e] += c->event[e];
	if (a->sink.conn_done != NULL)
		a->sink.conn_done(a->sink.ctx, c);
}

/* End the connection in slot i: emit it (unless already) and free it. */
static void
retire(struct sw_analyzer *a, uint32_t i, bool cap)
{
	enum sw_slot_list l = sw_flowtab_list(a->tab, i);
	struct sw_conn *c = sw_flowtab_conn(a->tab, i);

	if (l == SW_LIST_LIVE || l == SW_LIST_EMBRYO) {
		if (cap) {
			a->stats.evicted_cap++;
			if (l == SW_LIST_EMBRYO)
				a->stats.evicted_cap_embryonic++;
			else
				a->stats.evicted_cap_established++;
		} else {
			a->stats.evicted_idle++;
		}
		c->evicted_by = cap ? SW_EVICT_MAX_FLOWS : SW_EVICT_IDLE;
		emit(a, c, true);
	} else if (l == SW_LIST_CLOSING) {
		emit(a, c, false);	/* ended on the wire */
	}
	sw_flowtab_del(a->tab, i);
}

/*
 * A reported connection keeps only a placeholder while it lingers, from
 * the time of its last packet; one that did not end on the wire is
 * forgotten at once.
 */
static void
to_linger(struct sw_analyzer *a, uint32_t i)
{
	const struct sw_flowkey *k = sw_flowtab_key(a->tab, i);
	const struct sw_peer *cl = &sw_flowtab_conn(a->tab, i)->peer[SW_CLIENT];
	bool client_is_a = cl->port == k->pa && sw_addr_cmp(&cl->addr, &k->a) == 0;
	struct sw_linger l;

	if (sw_track_linger_make(sw_flowtab_conn(a->tab, i), client_is_a, &l))
		sw_flowtab_linger(a->tab, i, &l, sw_flowtab_last(a->tab, i));
	else
		sw_flowtab_del(a->tab, i);
}

/* t + secs, less a microsecond (see next_expire). */
static struct sw_time
deadline(struct sw_time t, double secs)
{
	return sw_time_make(t.sec, (int64_t)(secs * 1e9) - 1000 + t.nsec);
}

/* Let next_expire cover list l's head, last touched at `last`. */
static void
arm(struct sw_analyzer *a, enum sw_slot_list l, struct sw_time last)
{
	double secs = l == SW_LIST_CLOSING ? a->cfg.close_delay :
	    l == SW_LIST_LINGER ? a->cfg.linger : a->cfg.idle_timeout;
	struct sw_time t = deadline(last, secs);

	if (sw_time_before(t, a->next_expire))
		a->next_expire = t;
}

/* Move slot i to the tail of list l at time `when`. */
static void
move(struct sw_analyzer *a, uint32_t i, enum sw_slot_list l,
    struct sw_time when)
{
	sw_flowtab_touch(a->tab, i, l, when);
	arm(a, l, when);
}

/* Whether the head of list l has been quiet for more than secs. */
static bool
head_due(struct sw_analyzer *a, enum sw_slot_list l, double secs,
    uint32_t *i)
{
	*i = sw_flowtab_head(a->tab, l);
	return *i != SW_SLOT_NONE &&
	    sw_time_diff(a->now, sw_flowtab_last(a->tab, *i)) > secs;
}

static void
expire(struct sw_analyzer *a)
{
	static const enum sw_slot_list lists[] = { SW_LIST_CLOSING,
	    SW_LIST_LINGER, SW_LIST_LIVE, SW_LIST_EMBRYO };
	uint32_t i;

	while (head_due(a, SW_LIST_CLOSING, a->cfg.close_delay, &i)) {
		emit(a, sw_flowtab_conn(a->tab, i), false);
		to_linger(a, i);
	}
	while (head_due(a, SW_LIST_LINGER, a->cfg.linger, &i))
		sw_flowtab_del(a->tab, i);
	while (head_due(a, SW_LIST_LIVE, a->cfg.idle_timeout, &i))
		retire(a, i, false);
	while (head_due(a, SW_LIST_EMBRYO, a->cfg.idle_timeout, &i))
		retire(a, i, false);
	/*
	 * The next time a head may go: the earliest head deadline.  The
	 * heads of the closing and linger lists are the next to be reported
	 * or removed, and their records went cold while they waited: fetch
	 * them now, while packets go on (head_due has just read the slots).
	 */
	a->next_expire.sec = INT64_MAX;
	a->next_expire.nsec = 0;
	for (size_t l = 0; l < sizeof(lists) / sizeof(lists[0]); l++)
		if ((i = sw_flowtab_head(a->tab, lists[l])) != SW_SLOT_NONE) {
			arm(a, lists[l], sw_flowtab_last(a->tab, i));
			if (lists[l] == SW_LIST_CLOSING ||
			    lists[l] == SW_LIST_LINGER)
				sw_flowtab_prefetch(a->tab, i);
		}
}

static uint32_t
new_slot(struct sw_analyzer *a, const struct sw_flowkey *k)
{
	uint32_t i = sw_flowtab_add(a->tab, k, a->now);

	if (i == SW_SLOT_NONE) {
		/*
		 * The cheapest loss first: a key kept only for late segments,
		 * a connection already over, one that never completed its
		 * handshake (a flood cannot push established connections
		 * out while it has its own to give up), and only then the
		 * longest idle established one (conntrack's early drop,
		 * Suricata's emergency mode).
		 */
		uint32_t victim = sw_flowtab_head(a->tab, SW_LIST_LINGER);

		a->stats.table_full = true;
		if (victim == SW_SLOT_NONE)
			victim = sw_flowtab_head(a->tab, SW_LIST_CLOSING);
		if (victim == SW_SLOT_NONE)
			victim = sw_flowtab_head(a->tab, SW_LIST_EMBRYO);
		if (victim == SW_SLOT_NONE)
			victim = sw_flowtab_head(a->tab, SW_LIST_LIVE);
		if (victim != SW_SLOT_NONE) {
			retire(a, victim, true);
			i = sw_flowtab_add(a->tab, k, a->now);
		}
	}
	return i;
}

static void
track_live(struct sw_analyzer *a)
{
	uint32_t n = sw_flowtab_count(a->tab, SW_LIST_LIVE) +
	    sw_flowtab_count(a->tab, SW_LIST_EMBRYO) +
	    sw_flowtab_count(a->tab, SW_LIST_CLOSING) +
	    sw_flowtab_count(a->tab, SW_LIST_LINGER);

	if (n > a->stats.max_tracked)
		a->stats.max_tracked = n;
}

/* Capture time moves on to ts (never back); due connections go. */
static void
advance(struct sw_analyzer *a, struct sw_time ts)
{
	if (!a->started || sw_time_before(a->now, ts)) {
		a->now = ts;
		a->started = true;
	}
	if (!sw_time_before(a->now, a->next_expire))
		expire(a);
}

void
sw_analyzer_icmp(struct sw_analyzer *a, const struct sw_pkt *p,
    struct sw_time ts, uint64_t frame)
{
	struct sw_flowkey k;
	uint32_t i;

	advance(a, ts);
	sw_flowkey_make(&k, &p->src, p->sport, &p->dst, p->dport);
	i = sw_flowtab_find(a->tab, &k);
	if (i == SW_SLOT_NONE) {
		a->stats.icmp_unmatched++;
		return;
	}
	if (sw_flowtab_list(a->tab, i) == SW_LIST_LINGER) {
		/* Reported already: like its own late segments. */
		a->stats.late_packets++;
		return;
	}
	/* Not a segment of the connection: its idle clock is not reset. */
	sw_track_icmp(sw_flowtab_conn(a->tab, i), p, ts, frame);
}

/*
 * The interned stack of p, oriented from the client of c (p's sender
 * may be the server: a SYN-ACK or mid-stream first); NULL untunnelled.
 */
static const struct sw_tunnel *
tunnel_of(struct sw_analyzer *a, const struct sw_conn *c,
    const struct sw_pkt *p)
{
	const struct sw_tunnel *t;

	if (p->ntunnel == 0)
		return NULL;
	t = sw_tunnel_set_intern(a->tunnels, p->tunnel, p->ntunnel);
	if (t == &sw_tunnel_not_kept)
		a->stats.tunnel_not_kept++;
	return sw_track_sender(c, p) == SW_SERVER ? sw_tunnel_reverse(t) : t;
}

void
sw_analyzer_segment(struct sw_analyzer *a, const struct sw_pkt *p,
    struct sw_time ts, uint64_t frame)
{
	struct sw_flowkey k;
	struct sw_conn *c;
	uint32_t i;
	bool src_first;

	a->stats.tcp_packets++;
	advance(a, ts);
	src_first = sw_flowkey_make(&k, &p->src, p->sport, &p->dst, p->dport);
	i = sw_flowtab_find(a->tab, &k);
	if (i != SW_SLOT_NONE && sw_flowtab_list(a->tab, i) == SW_LIST_LINGER) {
		struct sw_linger l;

		sw_flowtab_linger_get(a->tab, i, &l);
		if (!sw_track_linger_starts_new(&l, src_first ? 0 : 1, p)) {
			a->stats.late_packets++;
			return;
		}
		/* Port reuse or a fresh attempt after the end. */
		sw_flowtab_del(a->tab, i);
		i = SW_SLOT_NONE;
	} else if (i != SW_SLOT_NONE) {
		enum sw_slot_list l = sw_flowtab_list(a->tab, i);

		c = sw_flowtab_conn(a->tab, i);
		/* Both are cache misses: let them overlap. */
		sw_recent_prefetch(sw_flowtab_recent(a->tab),
		    sw_track_seg_key(c, p));
		if (sw_track_starts_new(c, p, ts, a->cfg.linger)) {
			/* Port reuse or a fresh attempt: the old one ends. */
			emit(a, c, false);
			sw_flowtab_del(a->tab, i);
			i = SW_SLOT_NONE;
		} else if (l == SW_LIST_CLOSING && !c->over) {
			/* Held for an undecided RST: the segment decides. */
		} else if (l == SW_LIST_CLOSING) {
			/* Ended, not yet reported: it still counts. */
			sw_track_late(c, p, sw_track_sender(c, p), ts, frame);
			move(a, i, SW_LIST_CLOSING, a->now);
			return;
		}
	}
	if (i == SW_SLOT_NONE) {
		i = new_slot(a, &k);
		if (i == SW_SLOT_NONE) {
			/* No memory to grow the table: the segment is lost. */
			a->stats.ignored_packets++;
			return;
		}
		c = sw_flowtab_conn(a->tab, i);
		sw_recent_prefetch(sw_flowtab_recent(a->tab),
		    sw_track_seg_key(c, p));
		sw_track_init(c, a->next_id++, p, ts, frame);
		c->tunnel = tunnel_of(a, c, p);
		c->input = a->input;
		c->input_frame = frame - a->input_base;
		a->stats.connections++;
		track_live(a);
	}
	c = sw_flowtab_conn(a->tab, i);
	sw_track_segment(c, p, sw_track_sender(c, p), ts, frame);
	/* Over, or waiting for what follows an in-window RST: held for the
	 * close delay; if nothing comes, it is over as it stands. */
	if (c->over || c->rst_pending)
		move(a, i, SW_LIST_CLOSING, a->now);
	else if (established(c))
		move(a, i, SW_LIST_LIVE, a->now);
	else
		move(a, i, SW_LIST_EMBRYO, a->now);
}

void
sw_analyzer_frame(struct sw_analyzer *a, int dlt, struct sw_time ts,
    const uint8_t *bytes, uint32_t caplen, uint32_t wirelen)
{
	struct sw_pkt p;
	enum sw_decode_result r;

	a->stats.frames++;
	if (!a->stats.have_ts || sw_time_before(ts, a->stats.first_ts))
		a->stats.first_ts = ts;
	if (!a->stats.have_ts || sw_time_before(a->stats.last_ts, ts))
		a->stats.last_ts = ts;
	a->stats.have_ts = true;
	r = sw_decode(dlt, bytes, caplen, wirelen,
	    a->cfg.no_checksums ? SW_DECODE_NO_CSUM : 0, &p);
	if (a->cfg.shard_count > 1 &&
	    sw_flow_shard(r, &p, a->cfg.shard_count) != a->cfg.shard_index) {
		a->stats.other_shard++;
		/* The clock moves as in the run over every shard. */
		if (r == SW_DEC_OK || r == SW_DEC_ICMP_TCP)
			advance(a, ts);
		return;
	}
	a->stats.decode[r]++;
	if (r == SW_DEC_SKIP_ENCAP || r == SW_DEC_NOT_IP)
		a->stats.encap[p.encap]++;
	for (unsigned i = 0; i < p.ntunnel; i++)
		a->stats.tunnel[p.tunnel[i].type]++;
	if (r == SW_DEC_ICMP_TCP)
		sw_analyzer_icmp(a, &p, ts, a->stats.frames);
	if (r != SW_DEC_OK)
		return;
	sw_analyzer_segment(a, &p, ts, a->stats.frames);
}

void
sw_analyzer_filtered(struct sw_analyzer *a)
{
	a->stats.frames++;
	/* Shard 0 counts them: each frame is some shard's. */
	if (a->cfg.shard_count > 1 && a->cfg.shard_index != 0)
		a->stats.other_shard++;
	else
		a->stats.filtered++;
}

void
sw_analyzer_tick(struct sw_analyzer *a, struct sw_time now)
{
	if (!a->started || sw_time_before(a->now, now)) {
		a->now = now;
		a->started = true;
	}
	expire(a);
}

/* The id beside the pointer: sorting reads no record. */
struct by_id {
	uint64_t id;
	struct sw_conn *c;
};

static int
by_id(const void *x, const void *y)
{
	const struct by_id *a = x, *b = y;

	return a->id < b->id ? -1 : a->id > b->id;
}

void
sw_analyzer_finish(struct sw_analyzer *a)
{
	static const enum sw_slot_list open_lists[] = { SW_LIST_LIVE,
	    SW_LIST_EMBRYO };
	uint32_t n = sw_flowtab_count(a->tab, SW_LIST_LIVE) +
	    sw_flowtab_count(a->tab, SW_LIST_EMBRYO), k = 0, i;
	struct by_id *v = n ? malloc(n * sizeof(*v)) : NULL;

	/* Those that ended on the wire first, in the order they ended, as
	 * the close delay would have reported them. */
	while ((i = sw_flowtab_head(a->tab, SW_LIST_CLOSING)) != SW_SLOT_NONE) {
		emit(a, sw_flowtab_conn(a->tab, i), false);
		sw_flowtab_del(a->tab, i);
	}
	/* The others in id order, so output is stable; without memory for
	 * the list fall back to list order rather than lose a connection. */
	for (size_t l = 0; l < 2; l++)
		for (i = sw_flowtab_head(a->tab, open_lists[l]);
		    i != SW_SLOT_NONE; i = sw_flowtab_next(a->tab, i)) {
			if (v != NULL) {
				v[k].c = sw_flowtab_conn(a->tab, i);
				v[k].id = v[k].c->id;
				k++;
			} else
				emit(a, sw_flowtab_conn(a->tab, i), false);
		}
	if (v != NULL) {
		qsort(v, k, sizeof(*v), by_id);
		for (i = 0; i < k; i++)
			emit(a, v[i].c, false);
	}
	free(v);
	sw_flowtab_clear(a->tab);
}
