/* SPDX-License-Identifier: MIT */
/*
 * tunnel_set.c: the intern table of tunnel stacks (tunnel.h).
 *
 * Stacks are stored in pairs, a stack and its reverse, placed one after
 * the other in chunks of memory that are never moved or freed before
 * the set, so a connection's pointer stays valid.  A chunk is twice the
 * size of the previous one (4 KiB first, at most 1 MiB), so a run that
 * sees k distinct stacks makes O(log k) chunk allocations plus the index
 * doublings.  The index is open addressing over the pairs' canonical
 * member: of a stack and its reverse, the one that compares lower.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "sevenway/tunnel.h"

#define CHUNK_FIRST	4096u
#define CHUNK_MAX	(1u << 20)

const struct sw_tunnel sw_tunnel_not_kept = { &sw_tunnel_not_kept, 0 };

struct chunk {
	struct chunk *next;	/* older chunks */
	size_t size, used;	/* bytes of data[] */
	_Alignas(8) unsigned char data[];
};

struct sw_tunnel_set {
	struct chunk *chunks;	/* newest first */
	size_t next_size;	/* of the next chunk */
	const struct sw_tunnel **slot;	/* canonical members; NULL empty */
	size_t nslot;		/* power of two, 0 before the first */
	size_t count;		/* distinct pairs */
	uint64_t not_kept;
};

struct sw_tunnel_set *
sw_tunnel_set_new(void)
{
	struct sw_tunnel_set *s = calloc(1, sizeof(*s));

	if (s != NULL)
		s->next_size = CHUNK_FIRST;
	return s;
}

void
sw_tunnel_set_free(struct sw_tunnel_set *s)
{
	struct chunk *c, *next;

	if (s == NULL)
		return;
	for (c = s->chunks; c != NULL; c = next) {
		next = c->next;
		free(c);
	}
	free(s->slot);
	free(s);
}

size_t
sw_tunnel_set_count(const struct sw_tunnel_set *s)
{
	return s != NULL ? s->count : 0;
}

uint64_t
sw_tunnel_set_not_kept(const struct sw_tunnel_set *s)
{
	return s != NULL ? s->not_kept : 0;
}

const struct sw_tunnel *
sw_tunnel_reverse(const struct sw_tunnel *t)
{
	return t->reverse;
}

/* Address bytes that count: 4 for IPv4, 16 for IPv6. */
static size_t
alen(const struct sw_addr *a)
{
	return a->family == 4 ? 4 : 16;
}

/* A layer with its unused address bytes zeroed, as a key. */
static void
clean(struct sw_tunnel_layer *d, const struct sw_tunnel_layer *l)
{
	memset(d, 0, sizeof(*d));
	d->type = l->type;
	d->has_id = l->has_id;
	d->id = l->has_id ? l->id : 0;
	d->sport = l->sport;
	d->dport = l->dport;
	d->src.family = l->src.family;
	d->dst.family = l->dst.family;
	memcpy(d->src.a, l->src.a, alen(&l->src));
	memcpy(d->dst.a, l->dst.a, alen(&l->dst));
}

static void
swap_layer(struct sw_tunnel_layer *d, const struct sw_tunnel_layer *l)
{
	*d = *l;
	d->src = l->dst;
	d->dst = l->src;
	d->sport = l->dport;
	d->dport = l->sport;
}

/* Order of a stack against its reverse: <0 when the stack is lower. */
static int
orient(const struct sw_tunnel_layer *l, unsigned n)
{
	for (unsigned i = 0; i < n; i++) {
		int c = sw_addr_cmp(&l[i].src, &l[i].dst);

		if (c != 0)
			return c;
		if (l[i].sport != l[i].dport)
			return l[i].sport < l[i].dport ? -1 : 1;
	}
	return 0;
}

static bool
layers_eq(const struct sw_tunnel_layer *x, const struct sw_tunnel_layer *y,
    unsigned n)
{
	for (unsigned i = 0; i < n; i++)
		if (x[i].type != y[i].type || x[i].has_id != y[i].has_id ||
		    x[i].id != y[i].id || x[i].sport != y[i].sport ||
		    x[i].dport != y[i].dport ||
		    sw_addr_cmp(&x[i].src, &y[i].src) != 0 ||
		    sw_addr_cmp(&x[i].dst, &y[i].dst) != 0)
			return false;
	return true;
}

/* FNV-1a over the cleaned layers' bytes (padding included: zeroed). */
static uint64_t
hash(const struct sw_tunnel_layer *l, unsigned n)
{
	const unsigned char *p = (const unsigned char *)l;
	uint64_t h = 0xcbf29ce484222325ULL;

	for (size_t i = 0; i < n * sizeof(*l); i++) {
		h ^= p[i];
		h *= 0x100000001b3ULL;
	}
	return h ^ n;
}

/* n bytes from the newest chunk, 8-aligned; NULL without memory. */
static void *
carve(struct sw_tunnel_set *s, size_t n)
{
	struct chunk *c = s->chunks;

	n = (n + 7) & ~(size_t)7;
	if (c == NULL || c->size - c->used < n) {
		size_t size = s->next_size;

		while (size < n)
			size *= 2;
		if ((c = malloc(sizeof(*c) + size)) == NULL)
			return NULL;
		c->next = s->chunks;
		c->size = size;
		c->used = 0;
		s->chunks = c;
		if (s->next_size < CHUNK_MAX)
			s->next_size *= 2;
	}
	c->used += n;
	return c->data + c->used - n;
}

/* Double the index (or make the first); false without memory. */
static bool
grow(struct sw_tunnel_set *s)
{
	size_t n = s->nslot ? s->nslot * 2 : 64;
	const struct sw_tunnel **v = calloc(n, sizeof(*v));

	if (v == NULL)
		return false;
	for (size_t i = 0; i < s->nslot; i++) {
		const struct sw_tunnel *t = s->slot[i];
		size_t j;

		if (t == NULL)
			continue;
		for (j = hash(t->layer, t->n) & (n - 1); v[j] != NULL;
		    j = (j + 1) & (n - 1))
			;
		v[j] = t;
	}
	free(s->slot);
	s->slot = v;
	s->nslot = n;
	return true;
}

static const struct sw_tunnel *
refuse(struct sw_tunnel_set *s)
{
	if (s != NULL)
		s->not_kept++;
	return &sw_tunnel_not_kept;
}

const struct sw_tunnel *
sw_tunnel_set_intern(struct sw_tunnel_set *s,
    const struct sw_tunnel_layer *layers, unsigned n)
{
	struct sw_tunnel_layer key[SW_TUNNEL_MAX], rev[SW_TUNNEL_MAX];
	const struct sw_tunnel_layer *canon;
	struct sw_tunnel *a, *b;
	size_t bytes, j;
	bool flipped, symmetric;
	uint64_t h;

	if (s == NULL || n == 0 || n > SW_TUNNEL_MAX)
		return refuse(s);
	for (unsigned i = 0; i < n; i++) {
		clean(&key[i], &layers[i]);
		swap_layer(&rev[i], &key[i]);
	}
	symmetric = orient(key, n) == 0;
	flipped = orient(key, n) > 0;
	canon = flipped ? rev : key;
	h = hash(canon, n);
	for (j = s->nslot ? h & (s->nslot - 1) : 0; s->nslot > 0 &&
	    s->slot[j] != NULL; j = (j + 1) & (s->nslot - 1)) {
		const struct sw_tunnel *t = s->slot[j];

		if (t->n == n && layers_eq(t->layer, canon, n))
			return flipped ? t->reverse : t;
	}
	if (s->count >= SW_TUNNEL_SET_CAP)
		return refuse(s);
	if ((s->count + 1) * 2 > s->nslot) {
		if (!grow(s))
			return refuse(s);
		for (j = h & (s->nslot - 1); s->slot[j] != NULL;
		    j = (j + 1) & (s->nslot - 1))
			;
	}
	bytes = sizeof(struct sw_tunnel) + n * sizeof(struct sw_tunnel_layer);
	if ((a = carve(s, symmetric ? bytes : 2 * ((bytes + 7) & ~(size_t)7)))
	    == NULL)
		return refuse(s);
	a->n = (uint8_t)n;
	memcpy(a->layer, canon, n * sizeof(*canon));
	a->reverse = a;
	if (!symmetric) {
		b = (struct sw_tunnel *)((unsigned char *)a +
		    ((bytes + 7) & ~(size_t)7));
		b->n = (uint8_t)n;
		memcpy(b->layer, flipped ? key : rev, n * sizeof(*canon));
		a->reverse = b;
		b->reverse = a;
	}
	s->slot[j] = a;
	s->count++;
	return flipped ? a->reverse : a;
}

char *
sw_tunnel_str(const struct sw_tunnel *t, bool word, char *buf, size_t len)
{
	const char *sep = word ? "/" : " / ", *gap = word ? "@" : " ";
	size_t at = 0;
	char sa[64], da[64];

	if (len == 0)
		return buf;
	buf[0] = '\0';
	if (t->n == 0) {
		snprintf(buf, len, "?");
		return buf;
	}
	for (unsigned i = 0; i < t->n && at < len; i++) {
		const struct sw_tunnel_layer *l = &t->layer[i];
		char id[16] = "";
		int k;

		if (l->has_id)
			snprintf(id, sizeof(id), ":%lu", (unsigned long)l->id);
		k = snprintf(buf + at, len - at, "%s%s%s%s%s>%s", i ? sep : "",
		    sw_tunnel_name((enum sw_tunnel_type)l->type), id, gap,
		    sw_addr_str(&l->src, sa, sizeof(sa)),
		    sw_addr_str(&l->dst, da, sizeof(da)));
		at += k > 0 ? (size_t)k : 0;
	}
	return buf;
}
