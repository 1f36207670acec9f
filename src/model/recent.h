/* SPDX-License-Identifier: MIT */
/*
 * recent.h: the segments of every connection seen in the last few
 * milliseconds, to recognise the same frame captured twice (a SPAN port,
 * a capture on two interfaces of its path), where nothing but the
 * capture time differs.
 *
 * One table serves all connections instead of a list in each record: a
 * duplicate arrives within SW_DUP_US of its original or is no duplicate,
 * so only the last moments of traffic need remembering, however many
 * connections are open.  Entries are 64-bit keys (the connection, the
 * direction and a hash of the segment, made by the caller) in buckets of
 * one cache line; a bucket that is full replaces its oldest entry.
 */
#ifndef SW_RECENT_H
#define SW_RECENT_H

#include <stdbool.h>
#include <stdint.h>

/*
 * The same segment captured again this soon is a duplicate frame, not a
 * resend: a stack's retransmission comes after at least its minimum RTO
 * (200 ms on Linux) and carries a new IPv4 identification and timestamp
 * value.
 */
#define SW_DUP_US 10000u

/* The table has 2^SW_RECENT_BUCKET_BITS buckets, chosen by a key's top
 * bits. */
#define SW_RECENT_BUCKET_BITS 12

struct sw_recent;

/* NULL when out of memory. */
struct sw_recent *sw_recent_new(void);
void sw_recent_free(struct sw_recent *r);

/*
 * Remember key as seen at us (capture time in µs, modulo 2^32).  When
 * look is true, first say whether key was already seen less than
 * SW_DUP_US before us.
 */
bool sw_recent_seen(struct sw_recent *r, uint64_t key, uint32_t us, bool look);

/* Start loading key's bucket into the cache, ahead of sw_recent_seen. */
void sw_recent_prefetch(const struct sw_recent *r, uint64_t key);

/* Bytes allocated. */
uint64_t sw_recent_bytes(const struct sw_recent *r);

#endif /* SW_RECENT_H */
