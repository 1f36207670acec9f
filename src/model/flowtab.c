/* SPDX-License-Identifier: MIT */
/*
 * flowtab.c: connection table keyed by the unordered endpoint pair.
 *
 * Invariants: every used slot is in the index exactly once and on exactly
 * one of the live/embryo/closing/linger lists; a slot on the linger list
 * holds a placeholder, any other used slot a record of the pool; the
 * index is a power of two at least twice the used slots, so probes stay
 * short and an empty bucket always ends a search.  Deletion shifts later
 * entries of the probe run back (backward-shift deletion), so no
 * tombstones accumulate.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "flowtab.h"
#include "recent.h"
#include "xpool.h"

_Static_assert(sizeof(struct sw_slot) == 64, "a slot is one cache line");

/*
 * Records per pool chunk: as many as fill 4 MB, aligned to 2 MB, so that
 * where the kernel backs memory with huge pages it can back these.
 */
#define CHUNK_BYTES (4u << 20)
#define CHUNK_ALIGN (2u << 20)
#define POOL_CHUNK ((uint32_t)(CHUNK_BYTES / sizeof(struct sw_conn)))
/* Slots and index buckets allocated up front, before any growth. */
#define FIRST_SLOTS 1024u

struct sw_flowtab {
	struct sw_slot *slots;
	uint32_t max;		/* cap on slots (max_flows) */
	uint32_t nslots;	/* slots allocated */
	uint32_t fresh;		/* slots [fresh, nslots) never used yet */
	uint32_t free_head;	/* freed slots, through slot.next */
	uint32_t *index;	/* slot + 1, 0 = empty bucket */
	uint32_t mask;		/* index size - 1 */
	uint32_t used;		/* slots in use (in the index) */
	/* The record pool: chunks of POOL_CHUNK records; a free record
	 * holds the number of the next free one in its first bytes. */
	struct sw_conn **chunk;
	uint32_t nchunks, chunk_cap;
	uint32_t pool_fresh;	/* records [pool_fresh, nchunks * CHUNK) */
	uint32_t pool_free;	/* freed records, SW_SLOT_NONE if none */
	struct sw_xpool *xpool;	/* the records' extra parts */
	struct sw_recent *recent;	/* their recent segments */
	uint32_t head[SW_LIST__N], tail[SW_LIST__N], count[SW_LIST__N];
	uint64_t seed;
};

bool
sw_flowkey_make(struct sw_flowkey *k, const struct sw_addr *src,
    uint16_t sport, const struct sw_addr *dst, uint16_t dport)
{
	int c = sw_addr_cmp(src, dst);
	bool src_first = c < 0 || (c == 0 && sport <= dport);

	if (src_first) {
		k->a = *src; k->pa = sport; k->b = *dst; k->pb = dport;
	} else {
		k->a = *dst; k->pa = dport; k->b = *src; k->pb = sport;
	}
	/* Bytes an IPv4 address does not use take no part in equality:
	 * zero them, so that the key compares and hashes as raw bytes. */
	if (k->a.family == 4)
		memset(k->a.a + 4, 0, sizeof(k->a.a) - 4);
	if (k->b.family == 4)
		memset(k->b.a + 4, 0, sizeof(k->b.a) - 4);
	return src_first;
}

static bool
key_eq(const struct sw_flowkey *x, const struct sw_flowkey *y)
{
	return memcmp(x, y, sizeof(*x)) == 0;
}

/* 64-bit mixing (a splitmix64-style finaliser) over the key fields. */
static uint64_t
mix(uint64_t h, uint64_t v)
{
	h ^= v + 0x9e3779b97f4a7c15ULL + (h << 6) + (h >> 2);
	h ^= h >> 31;
	h *= 0xbf58476d1ce4e5b9ULL;
	h ^= h >> 29;
	return h;
}

static uint32_t
key_hash(const struct sw_flowtab *t, const struct sw_flowkey *k)
{
	uint64_t h = t->seed, w;

	if (k->a.family == 4) {
		/* Both IPv4 addresses in one word: the rest of a[] is zero. */
		uint32_t x, y;

		memcpy(&x, k->a.a, 4);
		memcpy(&y, k->b.a, 4);
		h = mix(h, (uint64_t)x << 32 | y);
	} else {
		for (int j = 0; j < 16; j += 8) {
			memcpy(&w, k->a.a + j, 8);
			h = mix(h, w);
		}
		for (int j = 0; j < 16; j += 8) {
			memcpy(&w, k->b.a + j, 8);
			h = mix(h, w);
		}
	}
	return (uint32_t)mix(h, (uint64_t)k->pa << 24 | (uint64_t)k->pb << 8 |
	    k->a.family);
}

static uint64_t
pick_seed(void)
{
	uint64_t s = 0;
	FILE *f = fopen("/dev/urandom", "rb");

	if (f != NULL) {
		if (fread(&s, sizeof(s), 1, f) != 1)
			s = 0;
		fclose(f);
	}
	if (s == 0)
		s = (uint64_t)time(NULL) ^ ((uint64_t)getpid() << 32);
	return s | 1;
}

static int64_t
to_ns(struct sw_time t)
{
	return t.sec * 1000000000 + (int64_t)t.nsec;
}

static struct sw_conn *
chunk_new(void)
{
	void *p;

	return posix_memalign(&p, CHUNK_ALIGN, CHUNK_BYTES) == 0 ? p : NULL;
}

struct sw_flowtab *
sw_flowtab_new(uint32_t max_flows, uint64_t seed)
{
	struct sw_flowtab *t;
	uint32_t n = max_flows < FIRST_SLOTS ? max_flows : FIRST_SLOTS;
	uint64_t buckets = 16;

	if (max_flows == 0 || max_flows > (1u << 30))
		return NULL;
	while (buckets < 2ull * n)
		buckets <<= 1;
	t = calloc(1, sizeof(*t));
	if (t == NULL)
		return NULL;
	t->slots = calloc(n, sizeof(*t->slots));
	t->index = calloc(buckets, sizeof(*t->index));
	t->chunk_cap = 16;
	t->chunk = calloc(t->chunk_cap, sizeof(*t->chunk));
	t->xpool = sw_xpool_new();
	t->recent = sw_recent_new();
	if (t->slots == NULL || t->index == NULL || t->chunk == NULL ||
	    t->xpool == NULL || t->recent == NULL) {
		sw_flowtab_free(t);
		return NULL;
	}
	/* The first chunk now, so that a small table never grows. */
	t->chunk[0] = chunk_new();
	if (t->chunk[0] == NULL) {
		sw_flowtab_free(t);
		return NULL;
	}
	t->nchunks = 1;
	t->max = max_flows;
	t->nslots = n;
	t->mask = (uint32_t)(buckets - 1);
	t->seed = seed != 0 ? seed : pick_seed();
	for (int l = 0; l < SW_LIST__N; l++)
		t->head[l] = t->tail[l] = SW_SLOT_NONE;
	t->free_head = SW_SLOT_NONE;
	t->pool_free = SW_SLOT_NONE;
	t->count[SW_LIST_FREE] = max_flows;
	return t;
}

void
sw_flowtab_free(struct sw_flowtab *t)
{
	if (t == NULL)
		return;
	for (uint32_t c = 0; c < t->nchunks; c++)
		free(t->chunk[c]);
	free(t->chunk);
	sw_xpool_free(t->xpool);
	sw_recent_free(t->recent);
	free(t->slots);
	free(t->index);
	free(t);
}

static struct sw_conn *
record(const struct sw_flowtab *t, uint32_t r)
{
	return &t->chunk[r / POOL_CHUNK][r % POOL_CHUNK];
}

/* A record from the pool, zeroed; SW_SLOT_NONE without memory. */
static uint32_t
record_take(struct sw_flowtab *t)
{
	uint32_t r = t->pool_free;

	if (r != SW_SLOT_NONE) {
		memcpy(&t->pool_free, record(t, r), sizeof(t->pool_free));
	} else {
		if (t->pool_fresh == t->nchunks * POOL_CHUNK) {
			if (t->nchunks == t->chunk_cap) {
				struct sw_conn **v = realloc(t->chunk,
				    2 * t->chunk_cap * sizeof(*v));

				if (v == NULL)
					return SW_SLOT_NONE;
				t->chunk = v;
				t->chunk_cap *= 2;
			}
			t->chunk[t->nchunks] = chunk_new();
			if (t->chunk[t->nchunks] == NULL)
				return SW_SLOT_NONE;
			t->nchunks++;
		}
		r = t->pool_fresh++;
	}
	memset(record(t, r), 0, sizeof(struct sw_conn));
	record(t, r)->home = t;
	return r;
}

static void
record_give(struct sw_flowtab *t, uint32_t r)
{
	struct sw_conn *c = record(t, r);

	if (c->x != NULL)
		sw_xpool_give(t->xpool, c->x);
	memcpy(c, &t->pool_free, sizeof(t->pool_free));
	t->pool_free = r;
}

/* Put slot i in the index (which has room). */
static void
index_put(struct sw_flowtab *t, uint32_t i)
{
	uint32_t b = key_hash(t, &t->slots[i].key) & t->mask;

	while (t->index[b] != 0)
		b = (b + 1) & t->mask;
	t->index[b] = i + 1;
}

/* Room for one more slot: grow the slot array and the index as needed. */
static bool
grow(struct sw_flowtab *t)
{
	if ((uint64_t)(t->used + 1) * 2 > (uint64_t)t->mask + 1) {
		uint64_t n = 2 * ((uint64_t)t->mask + 1);
		uint32_t *ix = calloc(n, sizeof(*ix)), *old = t->index;

		if (ix == NULL)
			return false;
		t->index = ix;
		t->mask = (uint32_t)(n - 1);
		for (uint32_t i = 0; i < t->fresh; i++)
			if (t->slots[i].list != SW_LIST_FREE)
				index_put(t, i);
		free(old);
	}
	if (t->free_head == SW_SLOT_NONE && t->fresh == t->nslots) {
		uint64_t n = 2 * (uint64_t)t->nslots;
		struct sw_slot *v;

		if (n > t->max)
			n = t->max;
		v = realloc(t->slots, n * sizeof(*v));
		if (v == NULL)
			return false;
		t->slots = v;
		t->nslots = (uint32_t)n;
	}
	return true;
}

static void
unlink_slot(struct sw_flowtab *t, uint32_t i)
{
	struct sw_slot *s = &t->slots[i];
	uint8_t l = s->list;

	if (s->prev != SW_SLOT_NONE)
		t->slots[s->prev].next = s->next;
	else
		t->head[l] = s->next;
	if (s->next != SW_SLOT_NONE)
		t->slots[s->next].prev = s->prev;
	else
		t->tail[l] = s->prev;
	t->count[l]--;
}

static void
append_slot(struct sw_flowtab *t, uint32_t i, enum sw_slot_list l)
{
	struct sw_slot *s = &t->slots[i];

	s->list = (uint8_t)l;
	s->next = SW_SLOT_NONE;
	s->prev = t->tail[l];
	if (t->tail[l] != SW_SLOT_NONE)
		t->slots[t->tail[l]].next = i;
	else
		t->head[l] = i;
	t->tail[l] = i;
	t->count[l]++;
}

uint32_t
sw_flowtab_find(const struct sw_flowtab *t, const struct sw_flowkey *k)
{
	uint32_t h = key_hash(t, k);

	for (uint32_t b = h & t->mask;; b = (b + 1) & t->mask) {
		uint32_t v = t->index[b];

		if (v == 0)
			return SW_SLOT_NONE;
		if (key_eq(&t->slots[v - 1].key, k))
			return v - 1;
	}
}

void
sw_flowtab_prefetch(const struct sw_flowtab *t, uint32_t i)
{
	const struct sw_slot *s = &t->slots[i];
	const char *r;

	if (s->list == SW_LIST_LINGER) {
		__builtin_prefetch(&t->index[key_hash(t, &s->key) & t->mask]);
		return;
	}
	r = (const char *)record(t, s->u.conn);
	for (size_t off = 0; off < sizeof(struct sw_conn); off += 64)
		__builtin_prefetch(r + off);
}

uint32_t
sw_flowtab_add(struct sw_flowtab *t, const struct sw_flowkey *k,
    struct sw_time now)
{
	uint32_t i, r;
	struct sw_slot *s;

	if (t->used == t->max || !grow(t))
		return SW_SLOT_NONE;
	r = record_take(t);
	if (r == SW_SLOT_NONE)
		return SW_SLOT_NONE;
	i = t->free_head;
	if (i != SW_SLOT_NONE)
		t->free_head = t->slots[i].next;
	else
		i = t->fresh++;
	s = &t->slots[i];
	t->count[SW_LIST_FREE]--;
	memset(s, 0, sizeof(*s));
	s->key = *k;
	s->u.conn = r;
	s->last_ns = to_ns(now);
	index_put(t, i);
	t->used++;
	append_slot(t, i, SW_LIST_LIVE);
	return i;
}

void
sw_flowtab_del(struct sw_flowtab *t, uint32_t i)
{
	struct sw_slot *s = &t->slots[i];
	uint32_t b = key_hash(t, &s->key) & t->mask, j, home;

	while (t->index[b] != i + 1)
		b = (b + 1) & t->mask;
	/* Backward-shift: pull later members of the run into the hole when
	 * their home bucket does not lie cyclically in (hole, j]. */
	for (j = (b + 1) & t->mask; t->index[j] != 0; j = (j + 1) & t->mask) {
		home = key_hash(t, &t->slots[t->index[j] - 1].key) & t->mask;
		if (((j - home) & t->mask) >= ((j - b) & t->mask)) {
			t->index[b] = t->index[j];
			b = j;
		}
	}
	t->index[b] = 0;
	t->used--;
	if (s->list != SW_LIST_LINGER)
		record_give(t, s->u.conn);
	unlink_slot(t, i);
	s->list = SW_LIST_FREE;
	s->next = t->free_head;
	t->free_head = i;
	t->count[SW_LIST_FREE]++;
}

void
sw_flowtab_clear(struct sw_flowtab *t)
{
	memset(t->index, 0, ((size_t)t->mask + 1) * sizeof(*t->index));
	t->used = 0;
	t->fresh = 0;
	t->free_head = SW_SLOT_NONE;
	t->pool_fresh = 0;
	t->pool_free = SW_SLOT_NONE;
	sw_xpool_clear(t->xpool);
	for (int l = 0; l < SW_LIST__N; l++) {
		t->head[l] = t->tail[l] = SW_SLOT_NONE;
		t->count[l] = 0;
	}
	t->count[SW_LIST_FREE] = t->max;
}

struct sw_conn *
sw_flowtab_conn(struct sw_flowtab *t, uint32_t i)
{
	const struct sw_slot *s = &t->slots[i];

	return s->list == SW_LIST_LINGER ? NULL : record(t, s->u.conn);
}

void
sw_flowtab_linger(struct sw_flowtab *t, uint32_t i, const struct sw_linger *l,
    struct sw_time now)
{
	struct sw_slot *s = &t->slots[i];

	sw_flowtab_touch(t, i, SW_LIST_LINGER, now);
	s->u.nxt[0] = l->nxt[0];
	s->u.nxt[1] = l->nxt[1];
	s->linger_bits = (uint8_t)((l->fin_sent & 3) | (l->seq_known & 3) << 2);
}

void
sw_flowtab_linger_get(const struct sw_flowtab *t, uint32_t i,
    struct sw_linger *l)
{
	const struct sw_slot *s = &t->slots[i];

	l->nxt[0] = s->u.nxt[0];
	l->nxt[1] = s->u.nxt[1];
	l->fin_sent = s->linger_bits & 3;
	l->seq_known = (s->linger_bits >> 2) & 3;
}

const struct sw_flowkey *
sw_flowtab_key(const struct sw_flowtab *t, uint32_t i)
{
	return &t->slots[i].key;
}

enum sw_slot_list
sw_flowtab_list(const struct sw_flowtab *t, uint32_t i)
{
	return (enum sw_slot_list)t->slots[i].list;
}

struct sw_time
sw_flowtab_last(const struct sw_flowtab *t, uint32_t i)
{
	return sw_time_make(0, t->slots[i].last_ns);
}

uint32_t
sw_flowtab_next(const struct sw_flowtab *t, uint32_t i)
{
	return t->slots[i].next;
}

void
sw_flowtab_touch(struct sw_flowtab *t, uint32_t i, enum sw_slot_list l,
    struct sw_time now)
{
	struct sw_slot *s = &t->slots[i];

	s->last_ns = to_ns(now);
	if (s->list == l && t->tail[l] == i)
		return;
	if (l == SW_LIST_LINGER && s->list != SW_LIST_LINGER) {
		/* Lingering without a placeholder given: an empty one. */
		record_give(t, s->u.conn);
		s->u.nxt[0] = s->u.nxt[1] = 0;
		s->linger_bits = 0;
	}
	unlink_slot(t, i);
	append_slot(t, i, l);
}

uint32_t
sw_flowtab_head(const struct sw_flowtab *t, enum sw_slot_list l)
{
	return t->head[l];
}

uint32_t
sw_flowtab_count(const struct sw_flowtab *t, enum sw_slot_list l)
{
	return t->count[l];
}

uint32_t
sw_flowtab_capacity(const struct sw_flowtab *t)
{
	return t->max;
}

uint64_t
sw_flowtab_bytes(const struct sw_flowtab *t)
{
	return (uint64_t)t->nslots * sizeof(struct sw_slot) +
	    ((uint64_t)t->mask + 1) * sizeof(uint32_t) +
	    (uint64_t)t->chunk_cap * sizeof(*t->chunk) +
	    (uint64_t)t->nchunks * POOL_CHUNK * sizeof(struct sw_conn) +
	    sw_xpool_bytes(t->xpool) + sw_recent_bytes(t->recent);
}

struct sw_conn_extra *
sw_conn_extra_get(struct sw_conn *c)
{
	if (c->x == NULL && c->home != NULL)
		c->x = sw_xpool_take(c->home->xpool);
	return c->x;
}

struct sw_recent *
sw_conn_recent(const struct sw_conn *c)
{
	return c->home != NULL ? c->home->recent : NULL;
}

struct sw_recent *
sw_flowtab_recent(const struct sw_flowtab *t)
{
	return t->recent;
}
