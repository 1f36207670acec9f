/* SPDX-License-Identifier: MIT */
/*
 * xpool.h: the pool that a connection's extra part (struct
 * sw_conn_extra) comes from.  It grows a chunk at a time and never gives
 * memory back before it is freed, so that once it has grown to the
 * working set, taking and giving allocate nothing (the per-packet path
 * takes from it).
 */
#ifndef SW_XPOOL_H
#define SW_XPOOL_H

#include <stdint.h>

#include "sevenway/conn.h"

struct sw_xpool *sw_xpool_new(void);
void sw_xpool_free(struct sw_xpool *xp);
/* A zeroed extra part; NULL without memory. */
struct sw_conn_extra *sw_xpool_take(struct sw_xpool *xp);
void sw_xpool_give(struct sw_xpool *xp, struct sw_conn_extra *x);
/* Every part given back at once (the memory is kept). */
void sw_xpool_clear(struct sw_xpool *xp);
/* Bytes allocated: chunks and their list. */
uint64_t sw_xpool_bytes(const struct sw_xpool *xp);

#endif /* SW_XPOOL_H */
