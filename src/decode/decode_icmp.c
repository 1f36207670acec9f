/* SPDX-License-Identifier: MIT */
/*
 * decode_icmp.c: ICMP and ICMPv6 errors that quote a TCP segment.
 *
 * An error carries the start of the packet that caused it: RFC 792 the
 * IP header and at least 8 bytes of its payload, RFC 1812 §4.3.2.3 (and
 * RFC 4443 §2.4 (c) for ICMPv6) as much as fits.  Those 8 bytes of a TCP
 * header are both ports and the sequence number, which is all it takes
 * to find the connection; the ack and flags are read when quoted too.
 *
 * The quoted segment was sent by the endpoint the error goes back to, so
 * the quoted header is read as it is: its source is that endpoint.  The
 * quote is judged against what it claims, never trusted: its cursor
 * ends where the message (or the capture) ends.  The ICMP checksum is
 * not verified.
 *
 * Which messages are errors about a packet (and so are decoded here):
 *   ICMP    3 destination unreachable (every code), 11 time exceeded,
 *           12 parameter problem.  4 source quench is deprecated (RFC
 *           6633) and 5 redirect is routing advice: both stay not-tcp.
 *   ICMPv6  1 destination unreachable, 2 packet too big, 3 time
 *           exceeded, 4 parameter problem (RFC 4443 §3).
 */
#include "decode.h"

#define ICMP_UNREACH		3
#define ICMP_TIMXCEED		11
#define ICMP_PARAMPROB		12
#define ICMP6_DST_UNREACH	1
#define ICMP6_PACKET_TOO_BIG	2
#define ICMP6_TIME_EXCEEDED	3
#define ICMP6_PARAM_PROB	4

/* The first 8 bytes of the TCP header: ports and sequence number. */
#define QUOTE_MIN_TCP		8

static bool
is_error(uint8_t type, bool v6)
{
	if (v6)
		return type >= ICMP6_DST_UNREACH && type <= ICMP6_PARAM_PROB;
	return type == ICMP_UNREACH || type == ICMP_TIMXCEED ||
	    type == ICMP_PARAMPROB;
}

static enum sw_decode_result
bad_quote(struct sw_pkt *pkt)
{
	return sw_dec_stop(pkt, SW_DEC_ERR_ICMP_QUOTE, SW_ENCAP_NONE);
}

/* Not about TCP: counted as the ICMP message it is. */
static enum sw_decode_result
not_tcp(struct sw_pkt *pkt, bool v6)
{
	pkt->ip_proto = v6 ? SW_IPPROTO_ICMPV6 : SW_IPPROTO_ICMP;
	return sw_dec_stop(pkt, SW_DEC_NOT_TCP, SW_ENCAP_IP_PROTO);
}

/* The quoted IPv4 header (RFC 791 §3.1); r is left on its payload. */
static enum sw_decode_result
quote4(struct sw_rd *r, struct sw_pkt *pkt, uint8_t *proto)
{
	struct sw_rd h = *r;
	uint8_t vihl;
	uint16_t frag;

	if (!(sw_rd_u8(&h, &vihl) &&
	    sw_rd_skip(&h, 5) &&		/* tos, length, id */
	    sw_rd_be16(&h, &frag) &&
	    sw_rd_skip(&h, 1) &&		/* ttl */
	    sw_rd_u8(&h, proto) &&
	    sw_rd_skip(&h, 2) &&		/* header checksum */
	    sw_rd_copy(&h, pkt->src.a, 4) &&
	    sw_rd_copy(&h, pkt->dst.a, 4)))
		return bad_quote(pkt);
	if (vihl >> 4 != 4 || (vihl & 0x0fu) < 5)
		return bad_quote(pkt);
	if (!sw_rd_skip(r, (vihl & 0x0fu) * 4u))
		return bad_quote(pkt);
	pkt->src.family = pkt->dst.family = 4;
	/* A later fragment quotes no TCP header. */
	if (frag & 0x1fff)
		*proto = SW_IPPROTO_NONE;
	return SW_DEC_OK;
}

/* The quoted IPv6 header and extension headers (RFC 8200 §3, §4). */
static enum sw_decode_result
quote6(struct sw_rd *r, struct sw_pkt *pkt, uint8_t *proto)
{
	enum sw_decode_result res;
	uint8_t vtc;
	uint16_t plen;

	if (!(sw_rd_u8(r, &vtc) &&
	    sw_rd_skip(r, 3) &&		/* traffic class, flow label */
	    sw_rd_be16(r, &plen) &&
	    sw_rd_u8(r, proto) &&
	    sw_rd_skip(r, 1) &&		/* hop limit */
	    sw_rd_copy(r, pkt->src.a, 16) &&
	    sw_rd_copy(r, pkt->dst.a, 16)) || vtc >> 4 != 6)
		return bad_quote(pkt);
	pkt->src.family = pkt->dst.family = 6;
	res = sw_decode_ip6_ext(r, proto, plen, pkt);
	switch (res) {
	case SW_DEC_OK:
		return SW_DEC_OK;
	case SW_DEC_NOT_TCP:
	case SW_DEC_SKIP_FRAGMENT:
		*proto = SW_IPPROTO_NONE;	/* a later fragment */
		return SW_DEC_OK;
	default:
		return bad_quote(pkt);
	}
}

enum sw_decode_result
sw_decode_icmp(struct sw_rd *r, bool v6, struct sw_pkt *pkt)
{
	struct sw_icmp *ic = &pkt->icmp;
	enum sw_decode_result res;
	uint8_t type, code, proto, off;

	/* Type and code, checksum, 4 bytes the type defines (RFC 792,
	 * RFC 4443 §2.1): 8 bytes before the quote. */
	if (!sw_rd_peek8(r, 0, &type) || !is_error(type, v6))
		return not_tcp(pkt, v6);
	if (!sw_rd_peek8(r, 1, &code) || !sw_rd_skip(r, 8))
		return bad_quote(pkt);
	ic->type = type;
	ic->code = code;
	ic->v6 = v6;
	ic->from = pkt->src;
	res = v6 ? quote6(r, pkt, &proto) : quote4(r, pkt, &proto);
	if (res != SW_DEC_OK)
		return res;
	pkt->ip_version = v6 ? 6 : 4;
	if (proto != SW_IPPROTO_TCP)
		return not_tcp(pkt, v6);
	if (!(sw_rd_be16(r, &pkt->sport) && sw_rd_be16(r, &pkt->dport) &&
	    sw_rd_be32(r, &pkt->seq)))
		return bad_quote(pkt);
	ic->has_ack = sw_rd_be32(r, &pkt->ack);
	ic->has_flags = ic->has_ack && sw_rd_u8(r, &off) &&
	    sw_rd_u8(r, &pkt->flags);
	if (!ic->has_flags)
		pkt->flags = 0;
	if (!ic->has_ack)
		pkt->ack = 0;
	pkt->ip_proto = SW_IPPROTO_TCP;
	return SW_DEC_ICMP_TCP;
}
