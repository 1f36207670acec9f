/* SPDX-License-Identifier: MIT */
/*
 * xpool.c: chunks of extra parts, handed out fresh in order, then from
 * a free list threaded through the parts given back.
 */
#include <stdlib.h>
#include <string.h>

#include "xpool.h"

/* About 1,400 parts per chunk: a small table needs one. */
#define XCHUNK_BYTES (1u << 20)
#define XCHUNK ((uint32_t)(XCHUNK_BYTES / sizeof(struct sw_conn_extra)))

/* A part on the free list holds the next one in its first bytes. */
union free_part {
	struct sw_conn_extra x;
	union free_part *next;
};

struct sw_xpool {
	struct sw_conn_extra **chunk;
	uint32_t nchunks, cap;
	uint64_t fresh;		/* parts [fresh, nchunks * XCHUNK) unused */
	union free_part *free;
};

struct sw_xpool *
sw_xpool_new(void)
{
	return calloc(1, sizeof(struct sw_xpool));
}

void
sw_xpool_free(struct sw_xpool *xp)
{
	if (xp == NULL)
		return;
	for (uint32_t i = 0; i < xp->nchunks; i++)
		free(xp->chunk[i]);
	free(xp->chunk);
	free(xp);
}

static bool
grow(struct sw_xpool *xp)
{
	struct sw_conn_extra *c;

	if (xp->nchunks == xp->cap) {
		uint32_t cap = xp->cap ? xp->cap * 2 : 16;
		struct sw_conn_extra **v = realloc(xp->chunk,
		    cap * sizeof(*v));

		if (v == NULL)
			return false;
		xp->chunk = v;
		xp->cap = cap;
	}
	c = malloc(XCHUNK * sizeof(*c));
	if (c == NULL)
		return false;
	xp->chunk[xp->nchunks++] = c;
	return true;
}

struct sw_conn_extra *
sw_xpool_take(struct sw_xpool *xp)
{
	struct sw_conn_extra *x;

	if (xp->free != NULL) {
		x = &xp->free->x;
		xp->free = xp->free->next;
	} else {
		if (xp->fresh == (uint64_t)xp->nchunks * XCHUNK && !grow(xp))
			return NULL;
		x = &xp->chunk[xp->fresh / XCHUNK][xp->fresh % XCHUNK];
		xp->fresh++;
	}
	memset(x, 0, sizeof(*x));
	return x;
}

void
sw_xpool_give(struct sw_xpool *xp, struct sw_conn_extra *x)
{
	union free_part *f = (union free_part *)x;

	f->next = xp->free;
	xp->free = f;
}

void
sw_xpool_clear(struct sw_xpool *xp)
{
	xp->free = NULL;
	xp->fresh = 0;
}

uint64_t
sw_xpool_bytes(const struct sw_xpool *xp)
{
	return (uint64_t)xp->nchunks * XCHUNK * sizeof(struct sw_conn_extra) +
	    (uint64_t)xp->cap * sizeof(*xp->chunk);
}
