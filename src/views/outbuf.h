/* SPDX-License-Identifier: MIT */
/*
 * outbuf.h: appending text to a struct sw_outbuf, for the views that
 * format one connection into one buffer and write it with one call.
 *
 * Every helper checks the room it needs and grows the buffer when it
 * must (sw_outbuf_grow); after a failed allocation the buffer is marked
 * failed and further appends are dropped, so callers check once, at
 * the end.  Numbers are formatted by hand: no stdio on this path.
 */
#ifndef SW_OUTBUF_H
#define SW_OUTBUF_H

#include <stdint.h>
#include <string.h>

#include "sevenway/report.h"

/* Make room for n more bytes; false (and b->failed) if it cannot. */
bool sw_outbuf_grow(struct sw_outbuf *b, size_t n);

static inline bool
ob_room(struct sw_outbuf *b, size_t n)
{
	return b->cap - b->len >= n || sw_outbuf_grow(b, n);
}

static inline void
ob_putc(struct sw_outbuf *b, char ch)
{
	if (ob_room(b, 1))
		b->p[b->len++] = ch;
}

static inline void
ob_put(struct sw_outbuf *b, const char *s, size_t n)
{
	if (ob_room(b, n)) {
		memcpy(b->p + b->len, s, n);
		b->len += n;
	}
}

static inline void
ob_puts(struct sw_outbuf *b, const char *s)
{
	ob_put(b, s, strlen(s));
}

/* A string literal, its length known at compile time. */
#define OB_LIT(b, lit)	ob_put((b), (lit), sizeof(lit) - 1)

/* n blanks (a field's padding); nothing when n <= 0. */
static inline void
ob_pad(struct sw_outbuf *b, int n)
{
	if (n > 0 && ob_room(b, (size_t)n)) {
		memset(b->p + b->len, ' ', (size_t)n);
		b->len += (size_t)n;
	}
}

/* s left-justified in a field of w columns (printf's "%-*s"). */
static inline void
ob_left(struct sw_outbuf *b, const char *s, int w)
{
	size_t n = strlen(s);

	ob_put(b, s, n);
	ob_pad(b, w - (int)n);
}

/* Decimal digits of v into the 20 bytes ending at end; returns start. */
char *sw_fmt_u64(char *end, uint64_t v);

static inline void
ob_u64(struct sw_outbuf *b, uint64_t v)
{
	char d[20], *s = sw_fmt_u64(d + sizeof(d), v);

	ob_put(b, s, (size_t)(d + sizeof(d) - s));
}

static inline void
ob_i64(struct sw_outbuf *b, int64_t v)
{
	if (v < 0) {
		ob_putc(b, '-');
		ob_u64(b, (uint64_t)0 - (uint64_t)v);
	} else {
		ob_u64(b, (uint64_t)v);
	}
}

/* v in exactly w digits, zero-padded (w <= 20, v < 10^w). */
static inline void
ob_u64_zero(struct sw_outbuf *b, uint64_t v, int w)
{
	char d[20], *s = sw_fmt_u64(d + sizeof(d), v);
	int n = (int)(d + sizeof(d) - s);

	for (; n < w; n++)
		ob_putc(b, '0');
	ob_put(b, s, (size_t)(d + sizeof(d) - s));
}

/* printf-style, for the rare paths (floats, odd widths). */
void ob_printf(struct sw_outbuf *b, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

#endif /* SW_OUTBUF_H */
