/* SPDX-License-Identifier: MIT */
/*
 * tunnel.h: the tunnel stacks connections are carried in, interned.
 *
 * A tunnelled connection points (struct sw_conn.tunnel) to an immutable
 * copy of the encapsulation of the packet that created it, outermost
 * layer first.  The copies live in a struct sw_tunnel_set, which keeps
 * each distinct stack once however many connections use it: its owner
 * (the analyzer, or the record reader for record files) frees it after
 * all reporting is done, so the pointers stay valid until then.
 *
 * The same tunnel seen in the other direction has every layer's outer
 * source and destination swapped.  Both orientations are stored side by
 * side and found by the same lookup (of a normalised form), so a stack
 * and its reverse count once; sw_tunnel_reverse() turns one into the
 * other without a lookup.
 *
 * Memory grows geometrically in chunks that never move (amortised: in
 * steady state, with no new stack, interning allocates nothing), up to
 * SW_TUNNEL_SET_CAP distinct stacks.  Beyond the cap, or without memory,
 * a stack is not kept: sw_tunnel_set_intern() returns the shared marker
 * sw_tunnel_not_kept (no layers) and counts it in
 * sw_tunnel_set_not_kept().
 */
#ifndef SEVENWAY_TUNNEL_H
#define SEVENWAY_TUNNEL_H

#include <stddef.h>
#include <stdint.h>

#include "sevenway/packet.h"

#define SW_TUNNEL_SET_CAP 65536u

struct sw_tunnel {
	const struct sw_tunnel *reverse;	/* the other orientation
						 * (itself if symmetric) */
	uint8_t n;		/* layers; 0 only in sw_tunnel_not_kept */
	struct sw_tunnel_layer layer[];	/* [0] outermost */
};

/* A tunnelled connection whose stack could not be kept. */
extern const struct sw_tunnel sw_tunnel_not_kept;

struct sw_tunnel_set;

/* A new, empty set; NULL when out of memory. */
struct sw_tunnel_set *sw_tunnel_set_new(void);
/* Free the set and every stack in it; NULL is a no-op. */
void sw_tunnel_set_free(struct sw_tunnel_set *s);

/*
 * The interned copy of layers[0..n) (1 <= n <= SW_TUNNEL_MAX), in the
 * orientation given; &sw_tunnel_not_kept when it cannot be kept (cap
 * reached, no memory, n out of range, or s NULL).
 */
const struct sw_tunnel *sw_tunnel_set_intern(struct sw_tunnel_set *s,
    const struct sw_tunnel_layer *layers, unsigned n);

/* The same stack seen from the other end (t itself when symmetric). */
const struct sw_tunnel *sw_tunnel_reverse(const struct sw_tunnel *t);

/* Distinct stacks kept, and stacks refused since the set was made. */
size_t sw_tunnel_set_count(const struct sw_tunnel_set *s);
uint64_t sw_tunnel_set_not_kept(const struct sw_tunnel_set *s);

/*
 * The short form of t for people, "vxlan:42 10.0.0.1>10.0.0.2", layers
 * outermost first joined by " / " ("?" for sw_tunnel_not_kept), written
 * NUL-terminated into buf (truncated to len); returns buf.  With
 * `word`, blanks become '@' so that the form is one word (-F line).
 */
#define SW_TUNNEL_STR_MAX (SW_TUNNEL_MAX * 112)
char *sw_tunnel_str(const struct sw_tunnel *t, bool word, char *buf,
    size_t len);

#endif /* SEVENWAY_TUNNEL_H */
