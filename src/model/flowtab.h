/* SPDX-License-Identifier: MIT */
/*
 * flowtab.h: connection table keyed by the unordered endpoint pair.
 *
 * A tracked key has a slot: 64 bytes that the per-packet lookup and the
 * list upkeep touch (the key, its list links and time), so a lookup costs
 * one cache line.  The connection record itself (struct sw_conn, about
 * 1.4 KB, and its extra part when it needs one, sw_conn_extra) lives
 * apart in a pool and is attached to the slot while the connection is
 * open or closing.  Once reported, a connection keeps only
 * its slot as a placeholder (struct sw_linger: what is needed to tell a
 * late segment from a new connection) and its record goes back to the
 * pool.
 *
 * Storage grows with use, up to max_flows slots: the slot array and the
 * index double, the record pool grows a chunk at a time, so memory
 * follows the connections actually tracked at once, not the cap.
 * Growth is the only allocation; once the table has grown to the working
 * set nothing allocates.  Slot numbers are stable; slot pointers are not
 * (the array may move when a slot is added), record pointers are.
 *
 * Each used slot sits on one of four lists in time order:
 *   - the embryonic list, connections whose handshake has not completed
 *     (a SYN flood's), least recently active first;
 *   - the live list, established connections, least recently active
 *     first (idle eviction takes from both heads; the --max-flows cap
 *     takes embryonic connections before established ones);
 *   - the closing list, connections that ended on the wire and are held
 *     for the close delay, so that their last segments still count;
 *   - the linger list, finished and reported connections in the order
 *     they ended, kept (as placeholders) only to absorb late segments.
 */
#ifndef SW_FLOWTAB_H
#define SW_FLOWTAB_H

#include <stdbool.h>
#include <stdint.h>

#include "sevenway/conn.h"
#include "sevenway/packet.h"

#define SW_SLOT_NONE UINT32_MAX

/* The canonical key: the two endpoints, lower one first. */
struct sw_flowkey {
	struct sw_addr a, b;
	uint16_t pa, pb;
};

enum sw_slot_list {
	SW_LIST_FREE = 0, SW_LIST_LIVE, SW_LIST_LINGER, SW_LIST_CLOSING,
	SW_LIST_EMBRYO, SW_LIST__N
};

/*
 * What a reported connection keeps while it lingers, by side of the key
 * (0: key.a, 1: key.b): whether each side had sent a FIN and how far its
 * sequence numbers went (sw_track_linger_starts_new reads it).
 */
struct sw_linger {
	uint32_t nxt[2];
	uint8_t fin_sent;	/* bit per side */
	uint8_t seq_known;	/* bit per side */
};

struct sw_slot {
	struct sw_flowkey key;
	uint8_t list;		/* enum sw_slot_list */
	uint8_t linger_bits;	/* fin_sent in bits 0-1, seq_known in 2-3 */
	union {
		uint32_t conn;		/* record in the pool (not lingering) */
		uint32_t nxt[2];	/* lingering: struct sw_linger's */
	} u;
	uint32_t prev, next;	/* list links, SW_SLOT_NONE at the ends */
	int64_t last_ns;	/* last packet, ns since the epoch */
};

struct sw_flowtab;

/* Build the key of a segment; returns true when src is key.a. */
bool sw_flowkey_make(struct sw_flowkey *k, const struct sw_addr *src,
    uint16_t sport, const struct sw_addr *dst, uint16_t dport);

/* NULL when out of memory.  seed randomises the hash (0: pick one). */
struct sw_flowtab *sw_flowtab_new(uint32_t max_flows, uint64_t seed);
void sw_flowtab_free(struct sw_flowtab *t);

/* Slot number holding key, or SW_SLOT_NONE. */
uint32_t sw_flowtab_find(const struct sw_flowtab *t,
    const struct sw_flowkey *k);
/*
 * Take a free slot for key (which must not be present) with a zeroed
 * connection record, put it at the live tail.  SW_SLOT_NONE when the
 * table holds max_flows slots (the caller evicts and retries) or memory
 * to grow is lacking.
 */
uint32_t sw_flowtab_add(struct sw_flowtab *t, const struct sw_flowkey *k,
    struct sw_time now);
/*
 * Start fetching into the cache what the slot's expiry will read: its
 * whole record, which is reported then, or for a lingering slot the
 * index bucket its removal searches.  The slot itself must be at hand
 * (its key is read).  Changes nothing.
 */
void sw_flowtab_prefetch(const struct sw_flowtab *t, uint32_t slot);

/* Remove the slot from the index and its list; it becomes free. */
void sw_flowtab_del(struct sw_flowtab *t, uint32_t slot);

/* Empty the table (its storage is kept). */
void sw_flowtab_clear(struct sw_flowtab *t);

/* The connection record of a slot; NULL while it lingers. */
struct sw_conn *sw_flowtab_conn(struct sw_flowtab *t, uint32_t slot);
/*
 * Give the slot's record back to the pool and keep *l instead; move the
 * slot to the linger tail with time now.
 */
void sw_flowtab_linger(struct sw_flowtab *t, uint32_t slot,
    const struct sw_linger *l, struct sw_time now);
/* A lingering slot's placeholder. */
void sw_flowtab_linger_get(const struct sw_flowtab *t, uint32_t slot,
    struct sw_linger *l);

const struct sw_flowkey *sw_flowtab_key(const struct sw_flowtab *t,
    uint32_t slot);
enum sw_slot_list sw_flowtab_list(const struct sw_flowtab *t, uint32_t slot);
struct sw_time sw_flowtab_last(const struct sw_flowtab *t, uint32_t slot);
/* The slot after this one on its list, or SW_SLOT_NONE. */
uint32_t sw_flowtab_next(const struct sw_flowtab *t, uint32_t slot);
/* Move a slot to the tail of list l with time now. */
void sw_flowtab_touch(struct sw_flowtab *t, uint32_t slot,
    enum sw_slot_list l, struct sw_time now);
/* Head (oldest) of list l, or SW_SLOT_NONE. */
uint32_t sw_flowtab_head(const struct sw_flowtab *t, enum sw_slot_list l);
uint32_t sw_flowtab_count(const struct sw_flowtab *t, enum sw_slot_list l);
uint32_t sw_flowtab_capacity(const struct sw_flowtab *t);
/*
 * c's extra part, taken from its home table's pool the first time; NULL
 * when there is no memory for it, or no home (the caller then keeps the
 * counts, not the detail).
 */
struct sw_conn_extra *sw_conn_extra_get(struct sw_conn *c);
/* The table's recent segments (recent.h). */
struct sw_recent *sw_flowtab_recent(const struct sw_flowtab *t);
/* The recent segments of c's home table; NULL without one. */
struct sw_recent *sw_conn_recent(const struct sw_conn *c);

/* Bytes allocated now: slots, index, record pool, extra parts and the
 * recent-segment table. */
uint64_t sw_flowtab_bytes(const struct sw_flowtab *t);

#endif /* SW_FLOWTAB_H */
