/* SPDX-License-Identifier: MIT */
/*
 * flowtab.c: connection table keyed by the unordered endpoint pair.
 *
 * Invariants: every used slot is in the index exactly once and on exactly
 * one of the live/linger lists; the index is a power of two at least
 * twice max_flows, so probes stay short and an empty bucket always ends
 * a search.  Deletion shifts later entries of the probe run back
 * (backward-shift deletion), so no tombstones accumulate.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "flowtab.h"

struct sw_flowtab {
	struct sw_slot *slots;
	uint32_t max;		/* slots */
	uint32_t *index;	/* slot + 1, 0 = empty bucket */
	uint32_t mask;		/* index size - 1 */
	uint32_t free_head;	/* freed slots, through slot.next */
	uint32_t fresh;		/* slots [fresh, max) never used yet */
	uint32_t head[SW_LIST__N], tail[SW_LIST__N], count[SW_LIST__N];
	uint64_t seed;
};

bool
sw_flowkey_make(struct sw_flowkey *k, const struct sw_addr *src,
    uint16_t sport, const struct sw_addr *dst, uint16_t dport)
{
	int c = sw_addr_cmp(src, dst);
	bool src_first = c < 0 || (c == 0 && sport <= dport);

	memset(k, 0, sizeof(*k));
	if (src_first) {
		k->a = *src; k->pa = sport; k->b = *dst; k->pb = dport;
	} else {
		k->a = *dst; k->pa = dport; k->b = *src; k->pb = sport;
	}
	return src_first;
}

static bool
key_eq(const struct sw_flowkey *x, const struct sw_flowkey *y)
{
	return x->pa == y->pa && x->pb == y->pb &&
	    sw_addr_cmp(&x->a, &y->a) == 0 && sw_addr_cmp(&x->b, &y->b) == 0;
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

static uint64_t
key_hash(const struct sw_flowtab *t, const struct sw_flowkey *k)
{
	uint64_t h = t->seed, w;
	const struct sw_addr *ad[2] = { &k->a, &k->b };

	for (int i = 0; i < 2; i++) {
		for (int j = 0; j < 16; j += 8) {
			memcpy(&w, ad[i]->a + j, 8);
			h = mix(h, w);
		}
	}
	return mix(h, (uint64_t)k->pa << 24 | (uint64_t)k->pb << 8 |
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

struct sw_flowtab *
sw_flowtab_new(uint32_t max_flows, uint64_t seed)
{
	struct sw_flowtab *t;
	uint64_t n = 16;

	if (max_flows == 0 || max_flows > (1u << 30))
		return NULL;
	while (n < 2ull * max_flows)
		n <<= 1;
	t = calloc(1, sizeof(*t));
	if (t == NULL)
		return NULL;
	t->slots = calloc(max_flows, sizeof(*t->slots));
	t->index = calloc(n, sizeof(*t->index));
	if (t->slots == NULL || t->index == NULL) {
		sw_flowtab_free(t);
		return NULL;
	}
	t->max = max_flows;
	t->mask = (uint32_t)(n - 1);
	t->seed = seed != 0 ? seed : pick_seed();
	for (int l = 0; l < SW_LIST__N; l++)
		t->head[l] = t->tail[l] = SW_SLOT_NONE;
	/* Never-used slots are handed out in order from `fresh`, so pages
	 * of the array are touched only when a connection needs them. */
	t->free_head = SW_SLOT_NONE;
	t->fresh = 0;
	t->count[SW_LIST_FREE] = max_flows;
	return t;
}

void
sw_flowtab_free(struct sw_flowtab *t)
{
	if (t == NULL)
		return;
	free(t->slots);
	free(t->index);
	free(t);
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
	uint64_t h = key_hash(t, k);

	for (uint32_t b = (uint32_t)h & t->mask;; b = (b + 1) & t->mask) {
		uint32_t v = t->index[b];

		if (v == 0)
			return SW_SLOT_NONE;
		if (t->slots[v - 1].hash == h && key_eq(&t->slots[v - 1].key, k))
			return v - 1;
	}
}

uint32_t
sw_flowtab_add(struct sw_flowtab *t, const struct sw_flowkey *k,
    struct sw_time now)
{
	uint32_t i = t->free_head, b;
	struct sw_slot *s;

	if (i != SW_SLOT_NONE)
		t->free_head = t->slots[i].next;
	else if (t->fresh < t->max)
		i = t->fresh++;
	else
		return SW_SLOT_NONE;
	s = &t->slots[i];
	t->count[SW_LIST_FREE]--;
	memset(s, 0, sizeof(*s));
	s->key = *k;
	s->hash = key_hash(t, k);
	s->last = now;
	for (b = (uint32_t)s->hash & t->mask; t->index[b] != 0;
	    b = (b + 1) & t->mask)
		;
	t->index[b] = i + 1;
	append_slot(t, i, SW_LIST_LIVE);
	return i;
}

void
sw_flowtab_del(struct sw_flowtab *t, uint32_t i)
{
	struct sw_slot *s = &t->slots[i];
	uint32_t b = (uint32_t)s->hash & t->mask, j, home;

	while (t->index[b] != i + 1)
		b = (b + 1) & t->mask;
	/* Backward-shift: pull later members of the run into the hole when
	 * their home bucket does not lie cyclically in (hole, j]. */
	for (j = (b + 1) & t->mask; t->index[j] != 0; j = (j + 1) & t->mask) {
		home = (uint32_t)t->slots[t->index[j] - 1].hash & t->mask;
		if (((j - home) & t->mask) >= ((j - b) & t->mask)) {
			t->index[b] = t->index[j];
			b = j;
		}
	}
	t->index[b] = 0;
	unlink_slot(t, i);
	s->list = SW_LIST_FREE;
	s->next = t->free_head;
	t->free_head = i;
	t->count[SW_LIST_FREE]++;
}

struct sw_slot *
sw_flowtab_slot(struct sw_flowtab *t, uint32_t i)
{
	return &t->slots[i];
}

void
sw_flowtab_touch(struct sw_flowtab *t, uint32_t i, enum sw_slot_list l,
    struct sw_time now)
{
	struct sw_slot *s = &t->slots[i];

	s->last = now;
	if (s->list == l && t->tail[l] == i)
		return;
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
