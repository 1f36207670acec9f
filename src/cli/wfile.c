/* SPDX-License-Identifier: MIT */
/*
 * wfile.c: -w FILE: the packets of the connections shown, as a pcap, in
 * capture order.
 *
 * While the files are analysed, each connection shown leaves a compact
 * mark: its endpoints and its first and last frame numbers.  After the
 * run the files are read a second time (sw_capture_replay, same frame
 * numbering) and a TCP frame is written when its endpoints and frame
 * number fall within a mark.  Marks live in an open-addressing table
 * keyed by the unordered endpoint pair; a key reused by several
 * connections (port reuse) has several marks, told apart by their frame
 * ranges.  The output is written beside FILE under a temporary name and
 * renamed into place when complete (see sw_out_open).
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include <pcap/pcap.h>

#include "config.h"
#include "sevenway/packet.h"
#include "wfile.h"

struct mark {
	struct sw_addr a, b;	/* endpoints, a <= b */
	uint16_t pa, pb;
	uint64_t first, last;	/* frame range of the connection */
};

/* Put the endpoint pair in one order, whichever direction it came in. */
static void
canon(struct mark *m, const struct sw_addr *x, uint16_t px,
    const struct sw_addr *y, uint16_t py)
{
	int c = memcmp(x, y, sizeof(*x));

	if (c < 0 || (c == 0 && px <= py)) {
		m->a = *x, m->pa = px, m->b = *y, m->pb = py;
	} else {
		m->a = *y, m->pa = py, m->b = *x, m->pb = px;
	}
}

static bool
same_key(const struct mark *m, const struct mark *k)
{
	return m->pa == k->pa && m->pb == k->pb &&
	    memcmp(&m->a, &k->a, sizeof(m->a)) == 0 &&
	    memcmp(&m->b, &k->b, sizeof(m->b)) == 0;
}

/* FNV-1a over the key. */
static uint64_t
hash_key(const struct mark *m)
{
	const uint8_t *p[2] = { (const uint8_t *)&m->a,
	    (const uint8_t *)&m->b };
	uint64_t h = 1469598103934665603ull;

	for (int i = 0; i < 2; i++)
		for (size_t j = 0; j < sizeof(struct sw_addr); j++)
			h = (h ^ p[i][j]) * 1099511628211ull;
	h = (h ^ m->pa) * 1099511628211ull;
	return (h ^ m->pb) * 1099511628211ull;
}

void
sw_wfile_init(struct sw_wfile *w)
{
	memset(w, 0, sizeof(*w));
}

void
sw_wfile_fini(struct sw_wfile *w)
{
	free(w->marks);
	free(w->slot);
	memset(w, 0, sizeof(*w));
}

bool
sw_wfile_mark(struct sw_wfile *w, const struct sw_conn *c)
{
	const struct sw_peer *cl = &c->peer[SW_CLIENT];
	const struct sw_peer *sv = &c->peer[SW_SERVER];

	if (w->n == w->cap) {
		size_t cap = w->cap ? w->cap * 2 : 1024;
		struct mark *v = realloc(w->marks, cap * sizeof(*v));

		if (v == NULL)
			return false;
		w->marks = v;
		w->cap = cap;
	}
	canon(&w->marks[w->n], &cl->addr, cl->port, &sv->addr, sv->port);
	w->marks[w->n].first = c->first_frame;
	w->marks[w->n].last = c->last_frame;
	w->n++;
	return true;
}

/* Build the look-up table over the marks: a power of two, half full. */
static bool
build(struct sw_wfile *w)
{
	size_t size = 16;

	while (size < 2 * w->n + 1)
		size *= 2;
	if ((w->slot = malloc(size * sizeof(*w->slot))) == NULL)
		return false;
	for (size_t i = 0; i < size; i++)
		w->slot[i] = SIZE_MAX;
	w->mask = size - 1;
	for (size_t i = 0; i < w->n; i++) {
		size_t h = (size_t)hash_key(&w->marks[i]) & w->mask;

		while (w->slot[h] != SIZE_MAX)
			h = (h + 1) & w->mask;
		w->slot[h] = i;
	}
	return true;
}

/* Whether frame number n with key k belongs to a connection shown. */
static bool
wanted(const struct sw_wfile *w, const struct mark *k, uint64_t n)
{
	size_t h = (size_t)hash_key(k) & w->mask;

	for (; w->slot[h] != SIZE_MAX; h = (h + 1) & w->mask) {
		const struct mark *m = &w->marks[w->slot[h]];

		if (same_key(m, k) && n >= m->first && n <= m->last)
			return true;
	}
	return false;
}

struct replay {
	struct sw_wfile *w;
	pcap_t *dead;
	pcap_dumper_t *dump;
	FILE *f;
	int dlt;
	uint64_t frame;		/* frame number, as the analyzer counts */
	bool failed;		/* out of memory for the writer */
};

static void
on_frame(void *ctx, int dlt, struct sw_time ts, const uint8_t *bytes,
    uint32_t caplen, uint32_t len, bool passed)
{
	struct replay *r = ctx;
	struct pcap_pkthdr h;
	struct sw_pkt pkt;
	struct mark k;

	r->frame++;
	if (!passed || r->w->n == 0 || r->failed ||
	    sw_decode(dlt, bytes, caplen, len, SW_DECODE_NO_CSUM, &pkt) !=
	    SW_DEC_OK)
		return;
	canon(&k, &pkt.src, pkt.sport, &pkt.dst, pkt.dport);
	if (!wanted(r->w, &k, r->frame))
		return;
	if (r->dump == NULL) {
		/* The first frame written sets the file's link type. */
#ifdef HAVE_PCAP_OPEN_OFFLINE_WITH_TSTAMP_PRECISION
		r->dead = pcap_open_dead_with_tstamp_precision(dlt, 262144,
		    PCAP_TSTAMP_PRECISION_NANO);
#else
		r->dead = pcap_open_dead(dlt, 262144);
#endif
		if (r->dead == NULL || (r->dump = pcap_dump_fopen(r->dead,
		    r->f)) == NULL) {
			r->failed = true;
			return;
		}
		r->dlt = dlt;
	}
	if (dlt != r->dlt) {
		r->w->other_link++;
		return;
	}
	memset(&h, 0, sizeof(h));
	h.ts.tv_sec = (time_t)ts.sec;
#ifdef HAVE_PCAP_OPEN_OFFLINE_WITH_TSTAMP_PRECISION
	h.ts.tv_usec = (suseconds_t)ts.nsec;
#else
	h.ts.tv_usec = (suseconds_t)(ts.nsec / 1000);
#endif
	h.caplen = caplen;
	h.len = len;
	pcap_dump((u_char *)r->dump, &h, bytes);
	r->w->written++;
}

enum sw_status
sw_wfile_write(struct sw_wfile *w, const char *const *files, int n,
    const struct sw_capture_opts *o, FILE *out, struct sw_err *err)
{
	struct sw_capture_opts ro = *o;
	struct sw_capture_report rep;
	struct replay r;
	enum sw_status st;

	memset(&r, 0, sizeof(r));
	memset(&rep, 0, sizeof(rep));
	r.w = w;
	r.f = out;
	if (!build(w))
		return sw_err_set(err, SW_ERR_NOMEM, "-w: out of memory");
	ro.progress = NULL;
	ro.ready = NULL;
	st = sw_capture_replay(files, n, &ro, on_frame, &r, &rep, err);
	if (st == SW_OK && r.failed)
		st = sw_err_set(err, SW_ERR_NOMEM, "-w: cannot start the "
		    "capture file");
	if (st == SW_OK && r.dump == NULL) {
		/* Nothing shown: an empty capture of the input's link type
		 * (Ethernet when that is unknown), still a valid file. */
		pcap_t *dead = pcap_open_dead(DLT_EN10MB, 262144);

		if (dead == NULL || (r.dump = pcap_dump_fopen(dead, out)) ==
		    NULL)
			st = sw_err_set(err, SW_ERR_NOMEM, "-w: cannot start "
			    "the capture file");
		r.dead = dead;
	}
	if (r.dump != NULL) {
		/* pcap_dump_close would close out: the caller owns it. */
		if (pcap_dump_flush(r.dump) != 0 && st == SW_OK)
			st = sw_err_set(err, SW_ERR_IO, "-w: %s",
			    strerror(errno));
	}
	if (r.dead != NULL)
		pcap_close(r.dead);
	return st;
}
