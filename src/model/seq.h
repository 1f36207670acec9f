/* SPDX-License-Identifier: MIT */
/*
 * seq.h: 32-bit sequence-number (serial) arithmetic, RFC 9293 §3.4.
 *
 * Sequence numbers wrap at 2^32, so "a comes before b" is the sign of
 * the 32-bit difference read as signed.  Every comparison of seq or ack
 * values in sevenway goes through these; a plain < on them is a bug.
 */
#ifndef SW_SEQ_H
#define SW_SEQ_H

#include <stdbool.h>
#include <stdint.h>

static inline int32_t sw_seq_diff(uint32_t a, uint32_t b)
{
	return (int32_t)(a - b);
}
static inline bool sw_seq_lt(uint32_t a, uint32_t b)
{
	return sw_seq_diff(a, b) < 0;
}
static inline bool sw_seq_leq(uint32_t a, uint32_t b)
{
	return sw_seq_diff(a, b) <= 0;
}
static inline bool sw_seq_gt(uint32_t a, uint32_t b)
{
	return sw_seq_diff(a, b) > 0;
}
static inline bool sw_seq_geq(uint32_t a, uint32_t b)
{
	return sw_seq_diff(a, b) >= 0;
}
/* lo <= x < hi, all modulo 2^32 */
static inline bool sw_seq_in(uint32_t x, uint32_t lo, uint32_t hi)
{
	return sw_seq_geq(x, lo) && sw_seq_lt(x, hi);
}
static inline uint32_t sw_seq_max(uint32_t a, uint32_t b)
{
	return sw_seq_gt(a, b) ? a : b;
}

#endif /* SW_SEQ_H */
