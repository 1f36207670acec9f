/* SPDX-License-Identifier: MIT */
/*
 * view.h: what the views for people share: the drawing characters of
 * --ascii, the colours of --color, endpoints and flags as text.
 *
 * Nothing here allocates; every string is a constant or is written into
 * the caller's buffer.
 */
#ifndef SW_VIEW_H
#define SW_VIEW_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "sevenway/conn.h"
#include "sevenway/report.h"

/* The few characters that differ between UTF-8 and --ascii output. */
enum sw_glyph {
	SW_G_LIFE,		/* │  |   a lifeline */
	SW_G_LINE,		/* ─  -   an arrow's shaft */
	SW_G_DASH,		/* ┄  .   the shaft of an inferred step */
	SW_G_RIGHT,		/* ▶  >   head of an arrow to the server */
	SW_G_LEFT,		/* ◀  <   head of an arrow to the client */
	SW_G_CROSS,		/* ╳  X   two segments crossing */
	SW_G_OK,		/* ✓  ok  a check that held */
	SW_G_BAD,		/* ✗  x   a check that failed */
	SW_G_ICMP,		/* ╌  ~   the shaft of an ICMP error */
	SW_G__N
};

/* The glyph g in v's alphabet (v may be NULL: UTF-8). */
const char *sw_view_glyph(const struct sw_view *v, enum sw_glyph g);

/* The only colours used: failures red, states cyan, notes dim. */
enum sw_color { SW_C_RED, SW_C_CYAN, SW_C_DIM };

/*
 * The escape sequence that starts colour k, and the one that ends it;
 * both "" when v asks for no colour, so that callers can always print
 * them.
 */
const char *sw_view_on(const struct sw_view *v, enum sw_color k);
const char *sw_view_off(const struct sw_view *v);

/* "ip:port", IPv6 in brackets ("[2001:db8::1]:443"); returns buf. */
char *sw_view_endpoint(const struct sw_peer *p, char *buf, size_t len);

/*
 * The same formatters appending to an output buffer, without stdio in
 * the common cases (outbuf.h): the endpoint as sw_view_endpoint, t as
 * sw_view_time, to - from as sw_duration_str, and a non-negative span of
 * ns nanoseconds as printf's "%.6f" (us: the span is whole
 * microseconds) or "%.9f" of the same number of seconds.
 */
void sw_ob_endpoint(struct sw_outbuf *b, const struct sw_peer *p);
void sw_ob_time(struct sw_outbuf *b, const struct sw_view *v,
    struct sw_time t);
void sw_ob_duration(struct sw_outbuf *b, struct sw_time from,
    struct sw_time to);
void sw_ob_span(struct sw_outbuf *b, uint64_t ns, bool us);


/* TCP flags as words, "SYN,ACK" ("none" without any); returns buf. */
char *sw_view_flag_words(uint8_t flags, char *buf, size_t len);

/*
 * Whether step st is known only by inference (DESIGN.md §2: an
 * acknowledgement proves the acknowledged segment existed); the ladder
 * draws it with a dashed shaft.
 */
static inline bool
sw_step_inferred(const struct sw_step *st)
{
	return st->inferred;
}

#endif /* SW_VIEW_H */
