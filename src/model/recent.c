/* SPDX-License-Identifier: MIT */
/*
 * recent.c: a set-associative table of recent segment keys.
 *
 * 4,096 buckets of 8 entries (256 KB, so that it stays in the cache):
 * at a million packets a second, 10 ms of traffic fills a third of it,
 * and a full bucket gives up its oldest entry, so an entry is replaced
 * by age before it could be crowded out up to about two million packets
 * a second.  (With 32,768 buckets, a cache miss a packet, the 10 M trace
 * of make bench took a fifth more time.)  An entry keeps 32 bits of its
 * key (the bucket number holds 12 more) and its time.
 */
#include <stdlib.h>
#include <sys/mman.h>

#include "recent.h"

#define BUCKET_BITS SW_RECENT_BUCKET_BITS
#define WAYS 8

struct entry {
	uint32_t tag;		/* 0: empty */
	uint32_t us;
};

struct sw_recent {
	struct entry (*bucket)[WAYS];
};

_Static_assert(sizeof(struct entry[WAYS]) == 64, "a bucket is a cache line");

#define TABLE_BYTES (sizeof(struct entry[WAYS]) << BUCKET_BITS)

/* Mapped rather than allocated: page-aligned, and zero pages cost no
 * memory until a bucket in them is first used. */
struct sw_recent *
sw_recent_new(void)
{
	struct sw_recent *r = calloc(1, sizeof(*r));
	void *p;

	if (r == NULL)
		return NULL;
	p = mmap(NULL, TABLE_BYTES, PROT_READ | PROT_WRITE,
	    MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if (p == MAP_FAILED) {
		free(r);
		return NULL;
	}
	r->bucket = p;
	return r;
}

void
sw_recent_free(struct sw_recent *r)
{
	if (r == NULL)
		return;
	munmap(r->bucket, TABLE_BYTES);
	free(r);
}

bool
sw_recent_seen(struct sw_recent *r, uint64_t key, uint32_t us, bool look)
{
	struct entry *b = r->bucket[key >> (64 - BUCKET_BITS)];
	uint32_t tag = (uint32_t)key | 1;	/* never 0 */
	uint32_t worst = 0;
	int victim = 0;

	for (int i = 0; i < WAYS; i++) {
		/* Unsigned: an entry from the future (time went backwards in
		 * the capture) reads as very old; an empty one is oldest. */
		uint32_t age = b[i].tag == 0 ? UINT32_MAX : us - b[i].us;

		if (b[i].tag == tag) {
			if (look && age < SW_DUP_US)
				return true;
			victim = i;	/* the same key, too old: renew it */
			break;
		}
		if (age >= worst) {
			worst = age;
			victim = i;
		}
	}
	b[victim].tag = tag;
	b[victim].us = us;
	return false;
}

void
sw_recent_prefetch(const struct sw_recent *r, uint64_t key)
{
	__builtin_prefetch(r->bucket[key >> (64 - BUCKET_BITS)], 1);
}

uint64_t
sw_recent_bytes(const struct sw_recent *r)
{
	return sizeof(*r) + TABLE_BYTES;
}
