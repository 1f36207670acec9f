/* SPDX-License-Identifier: MIT */
/*
 * flowtab.h: connection table keyed by the unordered endpoint pair.
 *
 * Storage is allocated once by sw_flowtab_new: a dense array of max_flows
 * slots and an open-addressing index (linear probing, power-of-two size,
 * at most half full) of slot numbers.  Slots are handed out lowest-first
 * from a free list, so the memory actually touched grows with the number
 * of connections tracked at once, not with the cap.  Nothing allocates
 * afterwards.
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
 *     they ended, kept only to absorb late retransmissions.
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

struct sw_slot {
	struct sw_conn conn;
	struct sw_flowkey key;
	struct sw_time last;	/* last packet */
	uint64_t hash;
	uint32_t prev, next;	/* list links, SW_SLOT_NONE at the ends */
	uint8_t list;		/* enum sw_slot_list */
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
 * Take a free slot for key (which must not be present), put it at the
 * live tail, zero its connection.  SW_SLOT_NONE when the table is full:
 * the caller evicts and retries.
 */
uint32_t sw_flowtab_add(struct sw_flowtab *t, const struct sw_flowkey *k,
    struct sw_time now);
/* Remove the slot from the index and its list; it becomes free. */
void sw_flowtab_del(struct sw_flowtab *t, uint32_t slot);

struct sw_slot *sw_flowtab_slot(struct sw_flowtab *t, uint32_t slot);
/* Move a slot to the tail of list l with time now. */
void sw_flowtab_touch(struct sw_flowtab *t, uint32_t slot,
    enum sw_slot_list l, struct sw_time now);
/* Head (oldest) of list l, or SW_SLOT_NONE. */
uint32_t sw_flowtab_head(const struct sw_flowtab *t, enum sw_slot_list l);
uint32_t sw_flowtab_count(const struct sw_flowtab *t, enum sw_slot_list l);
uint32_t sw_flowtab_capacity(const struct sw_flowtab *t);

#endif /* SW_FLOWTAB_H */
