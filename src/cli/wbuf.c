/* SPDX-License-Identifier: MIT */
/*
 * wbuf.c: -w FILE when the input cannot be read twice (standard input,
 * live capture): the packets are kept in memory until their connection
 * ends, then written if it is shown, in capture order.
 *
 * Every TCP frame that passes the filter is copied into one queue in
 * capture order, and chained into a bucket by its endpoint pair, while
 * its connection is undecided.  When a connection ends (sw_wbuf_conn),
 * the frames of its bucket with its key and within its frame range are
 * decided: to be written (shown) or dropped.  The head of the queue is
 * then written or freed for as long as it is decided, so the file is in
 * capture order and a frame waits only for the frames before it.
 *
 * The queue holds at most cap bytes (frames and their bookkeeping).
 * When a new frame would not fit, the oldest frames go first: decided
 * ones are written or freed as always, undecided ones (connections still
 * open) are dropped and counted.  Frames that no connection takes (not
 * TCP, ignored by the analyzer) are dropped at the end, uncounted.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "sevenway/packet.h"
#include "wbuf.h"

enum { UNDECIDED, WRITE, DROP };

struct wpkt {
	struct wpkt *qnext;		/* the next frame in capture order */
	struct wpkt *bnext, *bprev;	/* its bucket, while undecided */
	struct sw_wkey k;
	uint64_t frame;
	struct sw_time ts;
	uint32_t caplen, len;
	int dlt;
	uint32_t bucket;
	uint8_t state;
	uint8_t data[];
};

size_t
sw_wbuf_cost(uint32_t caplen)
{
	return sizeof(struct wpkt) + caplen;
}

static size_t
cost(const struct wpkt *p)
{
	return sw_wbuf_cost(p->caplen);
}

bool
sw_wbuf_init(struct sw_wbuf *b, FILE *f, size_t cap)
{
	memset(b, 0, sizeof(*b));
	b->out.f = f;
	b->cap = cap;
	b->bucket = calloc(SW_WBUF_BUCKETS, sizeof(*b->bucket));
	return b->bucket != NULL;
}

/* Take p out of its bucket (it is decided or dropped). */
static void
unchain(struct sw_wbuf *b, struct wpkt *p)
{
	if (p->bprev != NULL)
		p->bprev->bnext = p->bnext;
	else
		b->bucket[p->bucket] = p->bnext;
	if (p->bnext != NULL)
		p->bnext->bprev = p->bprev;
	p->bnext = p->bprev = NULL;
}

/* Remove the head of the queue: write it, free it, or drop it. */
static void
pop(struct sw_wbuf *b, bool count)
{
	struct wpkt *p = b->head;

	if (p->state == WRITE)
		sw_pcapw_put(&b->out, p->dlt, p->ts, p->data, p->caplen,
		    p->len);
	if (p->state == UNDECIDED) {
		unchain(b, p);
		if (count)
			b->dropped++;
	}
	b->head = p->qnext;
	if (b->head == NULL)
		b->tail = NULL;
	b->used -= cost(p);
	free(p);
}

/* Write or free the decided frames at the head. */
static void
flush(struct sw_wbuf *b)
{
	while (b->head != NULL && b->head->state != UNDECIDED)
		pop(b, false);
}

void
sw_wbuf_frame(void *ctx, int dlt, struct sw_time ts, const uint8_t *bytes,
    uint32_t caplen, uint32_t len, bool passed)
{
	struct sw_wbuf *b = ctx;
	struct sw_pkt pkt;
	struct wpkt *p;
	size_t need = sw_wbuf_cost(caplen);

	b->frame++;
	if (!passed || sw_decode(dlt, bytes, caplen, len, SW_DECODE_NO_CSUM,
	    &pkt) != SW_DEC_OK)
		return;
	if (need > b->cap) {
		b->dropped++;
		return;
	}
	while (b->head != NULL && b->used + need > b->cap)
		pop(b, true);
	if ((p = malloc(need)) == NULL) {
		b->nomem++;
		return;
	}
	memset(p, 0, sizeof(*p));
	sw_wkey_make(&p->k, &pkt.src, pkt.sport, &pkt.dst, pkt.dport);
	p->frame = b->frame;
	p->ts = ts;
	p->caplen = caplen;
	p->len = len;
	p->dlt = dlt;
	p->state = UNDECIDED;
	memcpy(p->data, bytes, caplen);
	p->bucket = (uint32_t)(sw_wkey_hash(&p->k) & (SW_WBUF_BUCKETS - 1));
	p->bnext = b->bucket[p->bucket];
	if (p->bnext != NULL)
		p->bnext->bprev = p;
	b->bucket[p->bucket] = p;
	if (b->tail != NULL)
		b->tail->qnext = p;
	else
		b->head = p;
	b->tail = p;
	b->used += need;
}

void
sw_wbuf_conn(struct sw_wbuf *b, const struct sw_conn *c, bool shown)
{
	struct sw_wkey k;
	struct wpkt *p, *next;
	uint32_t h;

	sw_wkey_conn(&k, c);
	h = (uint32_t)(sw_wkey_hash(&k) & (SW_WBUF_BUCKETS - 1));
	for (p = b->bucket[h]; p != NULL; p = next) {
		next = p->bnext;
		if (!sw_wkey_eq(&p->k, &k) || p->frame < c->first_frame ||
		    p->frame > c->last_frame)
			continue;
		p->state = shown ? WRITE : DROP;
		unchain(b, p);
	}
	flush(b);
}

enum sw_status
sw_wbuf_finish(struct sw_wbuf *b, const char *path, struct sw_err *err)
{
	/* Every connection has ended: what is undecided is no one's. */
	while (b->head != NULL)
		pop(b, false);
	return sw_pcapw_finish(&b->out, path, err);
}

void
sw_wbuf_fini(struct sw_wbuf *b)
{
	while (b->head != NULL) {
		struct wpkt *p = b->head;

		b->head = p->qnext;
		free(p);
	}
	free(b->bucket);
	if (b->out.dead != NULL)
		pcap_close(b->out.dead);
	memset(b, 0, sizeof(*b));
}
