/* SPDX-License-Identifier: MIT */
/*
 * flowhash.c: the symmetric flow hash of --shard and --split; the
 * specification is in flowhash.h and sevenway(1), and changing a single
 * step moves connections between shards that other tools may have
 * computed: the test vectors in check_flowhash.c pin it.
 */
#include <string.h>

#include "sevenway/flowhash.h"

#define FNV_BASIS 0xcbf29ce484222325ull
#define FNV_PRIME 0x100000001b3ull

static uint64_t
fnv(uint64_t h, const uint8_t *p, size_t n)
{
	for (size_t i = 0; i < n; i++)
		h = (h ^ p[i]) * FNV_PRIME;
	return h;
}

/* MurmurHash3's 64-bit finaliser: FNV's low bits alone mix poorly. */
static uint64_t
fmix64(uint64_t h)
{
	h ^= h >> 33;
	h *= 0xff51afd7ed558ccdull;
	h ^= h >> 33;
	h *= 0xc4ceb9fe1a85ec53ull;
	h ^= h >> 33;
	return h;
}

uint64_t
sw_flow_hash(const struct sw_addr *a, uint16_t aport,
    const struct sw_addr *b, uint16_t bport, uint8_t proto)
{
	size_t alen = a->family == 6 ? 16 : 4;
	int c = memcmp(a->a, b->a, alen);
	uint8_t tail[6];
	uint64_t h;

	/* Community ID v1's order: the smaller (address, port) first. */
	if (c > 0 || (c == 0 && aport > bport)) {
		const struct sw_addr *t = a;
		uint16_t tp = aport;

		a = b, aport = bport, b = t, bport = tp;
	}
	tail[0] = proto;
	tail[1] = 0;
	tail[2] = (uint8_t)(aport >> 8);
	tail[3] = (uint8_t)aport;
	tail[4] = (uint8_t)(bport >> 8);
	tail[5] = (uint8_t)bport;
	h = fnv(FNV_BASIS, a->a, alen);
	h = fnv(h, b->a, alen);
	return fmix64(fnv(h, tail, sizeof(tail)));
}

unsigned
sw_flow_shard(enum sw_decode_result r, const struct sw_pkt *p, unsigned n)
{
	uint64_t h;

	if (n < 2)
		return 0;
	if (r == SW_DEC_OK || r == SW_DEC_ICMP_TCP)
		h = sw_flow_hash(&p->src, p->sport, &p->dst, p->dport, 6);
	else if (p->src.family != 0 && p->src.family == p->dst.family)
		h = sw_flow_hash(&p->src, 0, &p->dst, 0, 0);
	else
		return 0;
	return (unsigned)(h % n);
}
