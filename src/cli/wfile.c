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
	struct sw_wkey k;
	uint64_t first, last;	/* frame range of the connection */
};

void
sw_wkey_make(struct sw_wkey *m, const struct sw_addr *x, uint16_t px,
    const struct sw_addr *y, uint16_t py)
{
	int c = memcmp(x, y, sizeof(*x));

	memset(m, 0, sizeof(*m));
	if (c < 0 || (c == 0 && px <= py)) {
		m->a = *x, m->pa = px, m->b = *y, m->pb = py;
	} else {
		m->a = *y, m->pa = py, m->b = *x, m->pb = px;
	}
}

void
sw_wkey_conn(struct sw_wkey *m, const struct sw_conn *c)
{
	const struct sw_peer *cl = &c->peer[SW_CLIENT];
	const struct sw_peer *sv = &c->peer[SW_SERVER];

	sw_wkey_make(m, &cl->addr, cl->port, &sv->addr, sv->port);
}

bool
sw_wkey_eq(const struct sw_wkey *m, const struct sw_wkey *k)
{
	return m->pa == k->pa && m->pb == k->pb &&
	    memcmp(&m->a, &k->a, sizeof(m->a)) == 0 &&
	    memcmp(&m->b, &k->b, sizeof(m->b)) == 0;
}

/* FNV-1a over the key. */
uint64_t
sw_wkey_hash(const struct sw_wkey *m)
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
	if (w->n == w->cap) {
		size_t cap = w->cap ? w->cap * 2 : 1024;
		struct mark *v = realloc(w->marks, cap * sizeof(*v));

		if (v == NULL)
			return false;
		w->marks = v;
		w->cap = cap;
	}
	sw_wkey_conn(&w->marks[w->n].k, c);
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
		size_t h = (size_t)sw_wkey_hash(&w->marks[i].k) & w->mask;

		while (w->slot[h] != SIZE_MAX)
			h = (h + 1) & w->mask;
		w->slot[h] = i;
	}
	return true;
}

/* Whether frame number n with key k belongs to a connection shown. */
static bool
wanted(const struct sw_wfile *w, const struct sw_wkey *k, uint64_t n)
{
	size_t h = (size_t)sw_wkey_hash(k) & w->mask;

	for (; w->slot[h] != SIZE_MAX; h = (h + 1) & w->mask) {
		const struct mark *m = &w->marks[w->slot[h]];

		if (sw_wkey_eq(&m->k, k) && n >= m->first && n <= m->last)
			return true;
	}
	return false;
}

void
sw_pcapw_put(struct sw_pcapw *p, int dlt, struct sw_time ts,
    const uint8_t *bytes, uint32_t caplen, uint32_t len)
{
	struct pcap_pkthdr h;

	if (p->failed || p->werrno != 0)
		return;
	if (p->dump == NULL) {
		/* The first frame written sets the file's link type. */
#ifdef HAVE_PCAP_OPEN_OFFLINE_WITH_TSTAMP_PRECISION
		p->dead = pcap_open_dead_with_tstamp_precision(dlt, 262144,
		    PCAP_TSTAMP_PRECISION_NANO);
#else
		p->dead = pcap_open_dead(dlt, 262144);
#endif
		if (p->dead == NULL || (p->dump = pcap_dump_fopen(p->dead,
		    p->f)) == NULL) {
			p->failed = true;
			return;
		}
		p->dlt = dlt;
	}
	if (dlt != p->dlt) {
		p->other_link++;
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
	errno = 0;
	pcap_dump((u_char *)p->dump, &h, bytes);
	p->written++;
	/* pcap_dump says nothing of a failed write: the stream does. */
	if (ferror(p->f) && p->werrno == 0)
		p->werrno = errno != 0 ? errno : EIO;
}

enum sw_status
sw_pcapw_finish(struct sw_pcapw *p, const char *path, struct sw_err *err)
{
	enum sw_status st = SW_OK;

	if (p->failed)
		st = sw_err_set(err, SW_ERR_NOMEM, "-w: cannot start the "
		    "capture file");
	if (st == SW_OK && p->dump == NULL) {
		/* Nothing shown: an empty capture of the input's link type
		 * (Ethernet when that is unknown), still a valid file. */
		p->dead = pcap_open_dead(DLT_EN10MB, 262144);
		if (p->dead == NULL || (p->dump = pcap_dump_fopen(p->dead,
		    p->f)) == NULL)
			st = sw_err_set(err, SW_ERR_NOMEM, "-w: cannot start "
			    "the capture file");
	}
	if (p->dump != NULL) {
		/* pcap_dump_close would close f: the caller owns it. */
		errno = 0;
		if ((pcap_dump_flush(p->dump) != 0 || ferror(p->f)) &&
		    p->werrno == 0)
			p->werrno = errno != 0 ? errno : EIO;
		if (p->werrno != 0 && st == SW_OK)
			st = sw_err_set(err, SW_ERR_IO, "-w: %s: %s", path,
			    strerror(p->werrno));
	}
	if (p->dead != NULL)
		pcap_close(p->dead);
	p->dead = NULL;
	p->dump = NULL;
	return st;
}

struct replay {
	struct sw_wfile *w;
	struct sw_pcapw out;
	uint64_t frame;		/* frame number, as the analyzer counts */
};

static void
on_frame(void *ctx, int dlt, struct sw_time ts, const uint8_t *bytes,
    uint32_t caplen, uint32_t len, bool passed)
{
	struct replay *r = ctx;
	struct sw_pkt pkt;
	struct sw_wkey k;

	r->frame++;
	if (!passed || r->w->n == 0 || r->out.failed || r->out.werrno != 0 ||
	    sw_decode(dlt, bytes, caplen, len, SW_DECODE_NO_CSUM, &pkt) !=
	    SW_DEC_OK)
		return;
	sw_wkey_make(&k, &pkt.src, pkt.sport, &pkt.dst, pkt.dport);
	if (wanted(r->w, &k, r->frame))
		sw_pcapw_put(&r->out, dlt, ts, bytes, caplen, len);
}

enum sw_status
sw_wfile_write(struct sw_wfile *w, const char *const *files, int n,
    const struct sw_capture_opts *o, FILE *out, const char *path,
    struct sw_err *err)
{
	struct sw_capture_opts ro = *o;
	struct sw_capture_report rep;
	struct replay r;
	enum sw_status st, st2;
	struct sw_err ignored;

	memset(&r, 0, sizeof(r));
	memset(&rep, 0, sizeof(rep));
	r.w = w;
	r.out.f = out;
	if (!build(w))
		return sw_err_set(err, SW_ERR_NOMEM, "-w: out of memory");
	ro.progress = NULL;
	ro.ready = NULL;
	ro.tap = NULL;
	st = sw_capture_replay(files, n, &ro, on_frame, &r, &rep, err);
	st2 = sw_pcapw_finish(&r.out, path, st == SW_OK ? err : &ignored);
	w->written = r.out.written;
	w->other_link = r.out.other_link;
	return st != SW_OK ? st : st2;
}
