/* SPDX-License-Identifier: MIT */
/*
 * community_id.c: Community ID v1 of a connection, computed when a view
 * shows it (never per packet), from the innermost
 * endpoints, the ones sevenway keys the connection on.
 *
 * The hashed bytes, for TCP over IPv4 (IPv6 is the same with 16-byte
 * addresses; the input is always a multiple of 4 bytes long):
 *
 *   seed(2) | addr lo(4) | addr hi(4) | proto(1) | 0(1) | port lo(2) |
 *   port hi(2)
 *
 * "lo" is the endpoint whose address is smaller byte by byte, or, with
 * equal addresses, whose port is smaller.
 */
#include <string.h>

#include <nettle/base64.h>
#include <nettle/sha1.h>

#include "community_id.h"

_Static_assert(2 + BASE64_ENCODE_RAW_LENGTH(SHA1_DIGEST_SIZE) ==
    SW_COMMUNITY_ID_LEN, "SW_COMMUNITY_ID_LEN is \"1:\" and base64(SHA-1)");

static size_t
addr_len(const struct sw_addr *x)
{
	return x->family == 4 ? 4 : 16;
}

static uint8_t *
put16(uint8_t *p, uint16_t v)
{
	p[0] = (uint8_t)(v >> 8);
	p[1] = (uint8_t)v;
	return p + 2;
}

void
sw_community_id(uint16_t seed, uint8_t proto, const struct sw_addr *a,
    uint16_t aport, const struct sw_addr *b, uint16_t bport,
    char out[SW_COMMUNITY_ID_LEN + 1])
{
	uint8_t in[2 + 16 + 16 + 2 + 4], *p = in;
	uint8_t digest[SHA1_DIGEST_SIZE];
	size_t len = addr_len(a);
	int cmp = memcmp(a->a, b->a, len);
	struct sha1_ctx ctx;

	if (cmp > 0 || (cmp == 0 && aport > bport)) {
		const struct sw_addr *t = a;
		uint16_t tp = aport;

		a = b;
		aport = bport;
		b = t;
		bport = tp;
	}
	p = put16(p, seed);
	memcpy(p, a->a, len);
	p += len;
	memcpy(p, b->a, len);
	p += len;
	*p++ = proto;
	*p++ = 0;		/* padding */
	p = put16(p, aport);
	p = put16(p, bport);

	sha1_init(&ctx);
	sha1_update(&ctx, (size_t)(p - in), in);
	sha1_digest(&ctx, sizeof(digest), digest);
	out[0] = '1';		/* the version */
	out[1] = ':';
	base64_encode_raw(out + 2, sizeof(digest), digest);
	out[SW_COMMUNITY_ID_LEN] = '\0';
}

/* The ID of c's client and server endpoints, with the seed 0. */
static void
of_endpoints(const struct sw_conn *c, char out[SW_COMMUNITY_ID_LEN + 1])
{
	const struct sw_peer *cl = &c->peer[SW_CLIENT];
	const struct sw_peer *sv = &c->peer[SW_SERVER];

	sw_community_id(SW_COMMUNITY_ID_SEED, SW_IPPROTO_TCP, &cl->addr,
	    cl->port, &sv->addr, sv->port, out);
}

void
sw_community_id_conn(struct sw_conn *c)
{
	of_endpoints(c, c->community_id);
}

const char *
sw_conn_community_id(const struct sw_conn *c,
    char buf[SW_COMMUNITY_ID_LEN + 1])
{
	if (c->community_id[0] != '\0')
		return c->community_id;
	of_endpoints(c, buf);
	return buf;
}

bool
sw_community_id_valid(const char *s)
{
	struct base64_decode_ctx ctx;
	uint8_t digest[BASE64_DECODE_LENGTH(SW_COMMUNITY_ID_LEN)];
	char again[BASE64_ENCODE_RAW_LENGTH(SHA1_DIGEST_SIZE)];
	size_t n = sizeof(digest);

	if (strlen(s) != SW_COMMUNITY_ID_LEN || strncmp(s, "1:", 2) != 0)
		return false;
	base64_decode_init(&ctx);
	if (!base64_decode_update(&ctx, &n, digest, SW_COMMUNITY_ID_LEN - 2,
	    s + 2) || !base64_decode_final(&ctx) || n != SHA1_DIGEST_SIZE)
		return false;
	/* Canonical: the unused low bits of the last character are 0. */
	base64_encode_raw(again, SHA1_DIGEST_SIZE, digest);
	return memcmp(again, s + 2, sizeof(again)) == 0;
}
