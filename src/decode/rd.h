/* SPDX-License-Identifier: MIT */
/*
 * rd.h: a bounds-checked read cursor over borrowed packet bytes.
 *
 * Invariant: p <= end, always.  Every reader checks the bytes it needs
 * against end before touching them and returns false, without moving p,
 * when they are not there.  The callers turn that false into a decode
 * result; nothing here jumps or prints.  All reads are byte-wise, so
 * unaligned frames are fine and the byte order is explicit in the name.
 */
#ifndef SEVENWAY_RD_H
#define SEVENWAY_RD_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

struct sw_rd {
	const uint8_t *p;	/* next byte to read */
	const uint8_t *end;	/* one past the last readable byte */
};

/* Start a cursor over len bytes at p. */
static inline void
sw_rd_init(struct sw_rd *r, const uint8_t *p, size_t len)
{
	r->p = p;
	r->end = p + len;
}

/* Bytes left to read. */
static inline size_t
sw_rd_left(const struct sw_rd *r)
{
	return (size_t)(r->end - r->p);
}

/* Whether at least n bytes are left. */
static inline bool
sw_rd_has(const struct sw_rd *r, size_t n)
{
	return sw_rd_left(r) >= n;
}

/* Skip n bytes. */
static inline bool
sw_rd_skip(struct sw_rd *r, size_t n)
{
	if (!sw_rd_has(r, n))
		return false;
	r->p += n;
	return true;
}

/*
 * Forget everything past the next n bytes (an IP total length that is
 * shorter than the frame, e.g. Ethernet padding).  A limit beyond the
 * current end leaves the cursor unchanged: it can only shrink.
 */
static inline void
sw_rd_limit(struct sw_rd *r, size_t n)
{
	if (sw_rd_has(r, n))
		r->end = r->p + n;
}

/* Split off the next n bytes as their own cursor and skip them in r. */
static inline bool
sw_rd_sub(struct sw_rd *r, size_t n, struct sw_rd *sub)
{
	if (!sw_rd_has(r, n))
		return false;
	sub->p = r->p;
	sub->end = r->p + n;
	r->p += n;
	return true;
}

/* Look at the byte off bytes ahead without consuming anything. */
static inline bool
sw_rd_peek8(const struct sw_rd *r, size_t off, uint8_t *v)
{
	if (!sw_rd_has(r, off + 1))
		return false;
	*v = r->p[off];
	return true;
}

/* Look at the big-endian 16-bit value off bytes ahead. */
static inline bool
sw_rd_peek_be16(const struct sw_rd *r, size_t off, uint16_t *v)
{
	if (!sw_rd_has(r, off + 2))
		return false;
	*v = (uint16_t)((unsigned)r->p[off] << 8 | r->p[off + 1]);
	return true;
}

static inline bool
sw_rd_u8(struct sw_rd *r, uint8_t *v)
{
	if (!sw_rd_peek8(r, 0, v))
		return false;
	r->p += 1;
	return true;
}

static inline bool
sw_rd_be16(struct sw_rd *r, uint16_t *v)
{
	if (!sw_rd_peek_be16(r, 0, v))
		return false;
	r->p += 2;
	return true;
}

static inline bool
sw_rd_be32(struct sw_rd *r, uint32_t *v)
{
	if (!sw_rd_has(r, 4))
		return false;
	*v = (uint32_t)r->p[0] << 24 | (uint32_t)r->p[1] << 16 |
	    (uint32_t)r->p[2] << 8 | (uint32_t)r->p[3];
	r->p += 4;
	return true;
}

/* Little-endian 16 bits (pcapng blocks written on a little-endian host). */
static inline bool
sw_rd_le16(struct sw_rd *r, uint16_t *v)
{
	if (!sw_rd_has(r, 2))
		return false;
	*v = (uint16_t)((unsigned)r->p[1] << 8 | r->p[0]);
	r->p += 2;
	return true;
}

/* Little-endian 32 bits (the DLT_NULL header of a little-endian host). */
static inline bool
sw_rd_le32(struct sw_rd *r, uint32_t *v)
{
	if (!sw_rd_has(r, 4))
		return false;
	*v = (uint32_t)r->p[3] << 24 | (uint32_t)r->p[2] << 16 |
	    (uint32_t)r->p[1] << 8 | (uint32_t)r->p[0];
	r->p += 4;
	return true;
}

/* Copy the next n bytes to dst (addresses). */
static inline bool
sw_rd_copy(struct sw_rd *r, void *dst, size_t n)
{
	if (!sw_rd_has(r, n))
		return false;
	memcpy(dst, r->p, n);
	r->p += n;
	return true;
}

#endif /* SEVENWAY_RD_H */
