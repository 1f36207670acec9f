/* SPDX-License-Identifier: MIT */
/*
 * decode_ip.c: validate an IPv4 or IPv6 header, walk IPv6 extension
 * headers, and hand the TCP segment to decode_tcp.c.
 *
 * Three lengths are in play and kept apart:
 *  - the IP length (IPv4 total length, IPv6 40 + payload length) is the
 *    packet; bytes after it (Ethernet padding, trailers, an FCS) are
 *    not part of it and are ignored; a length of 0 (segmentation
 *    offload, below) means the whole frame;
 *  - wire, the bytes the frame had on the wire after the link header:
 *    an IP length beyond it is a lie, ERR_IP_HDR;
 *  - the captured bytes, which snap-length truncation may make fewer
 *    than both: that is fine as long as the headers we need are whole.
 * The cursor handed to sw_decode_tcp() ends at the end of the segment
 * or of the capture, whichever comes first.
 */
#include <string.h>

#include "decode.h"

/*
 * Bound on the IPv6 extension header walk.  RFC 8200 §4.1 expects at
 * most 7 (each type once, destination options twice); 16 leaves room
 * for the newer types and stops hostile chains.
 */
#define MAX_EXT 16

/* The state of an IPv6 extension header walk. */
struct ip6_walk {
	uint8_t nxt;		/* type of the header at the cursor */
	uint32_t left;		/* payload bytes from the cursor on (wire) */
	uint8_t dst[16];	/* final destination, for the pseudo-header */
	bool verify;		/* false if that destination is unknown */
};

static enum sw_decode_result
stop(struct sw_pkt *pkt, enum sw_decode_result r)
{
	return sw_dec_stop(pkt, r, SW_ENCAP_NONE);
}

/* The upper-layer protocol is not TCP: counted by ip_proto. */
static enum sw_decode_result
not_tcp(struct sw_pkt *pkt, uint8_t proto)
{
	pkt->ip_proto = proto;
	return sw_dec_stop(pkt, SW_DEC_NOT_TCP, SW_ENCAP_IP_PROTO);
}

/*
 * The pseudo-header sum: both addresses, the protocol and the upper-
 * layer length.  RFC 9293 §3.1 gives IPv4's 16-bit TCP length, RFC 8200
 * §8.1 IPv6's 32-bit one; as big-endian words both add up the same way.
 */
static uint32_t
pseudo_sum(const uint8_t *src, const uint8_t *dst, size_t alen,
    uint32_t seglen)
{
	uint8_t both[32];

	/* Side by side, the addresses are one or four whole words. */
	memcpy(both, src, alen);
	memcpy(both + alen, dst, alen);
	return sw_csum_add(0, both, (uint32_t)(2 * alen)) + SW_IPPROTO_TCP +
	    (seglen >> 16) + (seglen & 0xffff);
}

/*
 * RFC 791 §3.1.  A Total Length of 0 is what a sending host hands the
 * capture for a TCP segmentation offload (or IPv4 BIG TCP) super-packet:
 * the NIC writes the real lengths of the segments it cuts.  The length
 * is then the frame's, and the checksum, which the NIC fills in too, is
 * left unverified.
 */
static enum sw_decode_result
ipv4(struct sw_rd *r, uint32_t wire, bool verify, struct sw_pkt *pkt)
{
	struct sw_rd h = *r;
	uint8_t vihl, proto;
	uint16_t tot, frag;
	uint32_t hlen, len, seglen;

	if (!(sw_rd_u8(&h, &vihl) &&
	    sw_rd_skip(&h, 1) &&		/* type of service */
	    sw_rd_be16(&h, &tot) &&
	    sw_rd_be16(&h, &pkt->ip_id) &&
	    sw_rd_be16(&h, &frag) &&
	    sw_rd_u8(&h, &pkt->ttl) &&
	    sw_rd_u8(&h, &proto) &&
	    sw_rd_skip(&h, 2) &&		/* header checksum */
	    sw_rd_copy(&h, pkt->src.a, 4) &&
	    sw_rd_copy(&h, pkt->dst.a, 4)))
		return stop(pkt, SW_DEC_ERR_IP_TRUNC);
	hlen = (vihl & 0x0fu) * 4;
	len = tot;
	if (tot == 0) {
		len = wire;
		verify = false;
	}
	if (vihl >> 4 != 4 || hlen < 20 || len < hlen || len > wire)
		return stop(pkt, SW_DEC_ERR_IP_HDR);
	/* Options (§3.1, up to 40 bytes) are skipped, not interpreted. */
	if (!sw_rd_skip(r, hlen))
		return stop(pkt, SW_DEC_ERR_IP_TRUNC);
	pkt->ip_version = 4;
	pkt->src.family = pkt->dst.family = 4;
	pkt->ip_proto = proto;
	/* An error's ICMP header and quote are in its first fragment. */
	if (proto == SW_IPPROTO_ICMP && !(frag & 0x1fff)) {
		sw_rd_limit(r, len - hlen);
		return sw_decode_icmp(r, false, pkt);
	}
	seglen = len - hlen;
	if (proto != SW_IPPROTO_TCP) {
		/* A tunnel's fragments stay not-tcp: the inner packet is
		 * not whole in any one of them. */
		if (sw_tunnel_proto(proto) && !(frag & 0x3fff)) {
			sw_rd_limit(r, seglen);
			return sw_decode_tunnel(r, seglen, proto, verify, pkt);
		}
		return not_tcp(pkt, proto);
	}
	/* More-fragments flag (0x2000) or a fragment offset (0x1fff). */
	if (frag & 0x3fff)
		return stop(pkt, SW_DEC_SKIP_FRAGMENT);
	sw_rd_limit(r, seglen);
	return sw_decode_tcp(r, seglen,
	    pseudo_sum(pkt->src.a, pkt->dst.a, 4, seglen), verify, pkt);
}

/*
 * RFC 8200 §4.4: a Routing header with segments left holds the final
 * destination, which the pseudo-header must use (§8.1).  Where it sits
 * depends on the type: type 0 (RFC 2460, deprecated) lists addresses in
 * visiting order, type 2 (RFC 6275 §6.4) holds one home address, type 4
 * (SRH, RFC 8754 §2) keeps Segment List[0] = the last segment.  Other
 * types (RPL compresses its addresses, RFC 6554) leave it unknown.
 */
static void
routing_dst(struct sw_rd e, struct ip6_walk *w)
{
	uint8_t len, type, segleft;
	size_t n;

	if (!(sw_rd_skip(&e, 1) && sw_rd_u8(&e, &len) &&
	    sw_rd_u8(&e, &type) && sw_rd_u8(&e, &segleft) &&
	    sw_rd_skip(&e, 4)))
		return;		/* cannot happen: the header is >= 8 bytes */
	if (segleft == 0)
		return;		/* the IPv6 destination is the final one */
	n = len / 2u;		/* 16-byte addresses after the first 8 */
	if (type == 0 && n > 0)
		(void)sw_rd_skip(&e, (n - 1) * 16);
	if ((type == 0 && n > 0) || type == 2 || type == 4) {
		if (sw_rd_copy(&e, w->dst, 16))
			return;
	}
	w->verify = false;
}

/*
 * One extension header at r, of type w->nxt.  Its length is what the
 * header says: (len + 1) * 8 for the RFC 8200 §4 types (and RFC 6564's
 * uniform format, which mobility, HIP and shim6 follow), (len + 2) * 4
 * for AH (RFC 4302 §2.2), 8 for a fragment header whatever its second
 * byte holds.  Past the payload length it is malformed, ERR_IP6_EXT;
 * merely not captured, ERR_IP_TRUNC.
 */
static enum sw_decode_result
ext_header(struct sw_rd *r, struct ip6_walk *w, struct sw_pkt *pkt)
{
	struct sw_rd e;
	uint8_t nxt, len;
	uint16_t offm;
	uint32_t hlen;

	if (w->left < 2)
		return stop(pkt, SW_DEC_ERR_IP6_EXT);
	if (!sw_rd_peek8(r, 0, &nxt) || !sw_rd_peek8(r, 1, &len))
		return stop(pkt, SW_DEC_ERR_IP_TRUNC);
	if (w->nxt == SW_IPPROTO_FRAGMENT)
		hlen = 8;
	else if (w->nxt == SW_IPPROTO_AH)
		hlen = (len + 2u) * 4;
	else
		hlen = (len + 1u) * 8;
	/* AH carries at least its SPI and sequence number (12 bytes). */
	if (hlen > w->left || (w->nxt == SW_IPPROTO_AH && len < 1))
		return stop(pkt, SW_DEC_ERR_IP6_EXT);
	if (!sw_rd_sub(r, hlen, &e))
		return stop(pkt, SW_DEC_ERR_IP_TRUNC);
	w->left -= hlen;

	if (w->nxt == SW_IPPROTO_ROUTING)
		routing_dst(e, w);
	if (w->nxt == SW_IPPROTO_FRAGMENT) {
		/*
		 * RFC 8200 §4.5: offset (13 bits), 2 reserved, M.  An
		 * atomic fragment (offset 0, M 0; RFC 6946) is a whole
		 * packet: decode on.  A real fragment of TCP is skipped;
		 * one of another protocol counts as that protocol, as
		 * for IPv4.
		 */
		(void)sw_rd_skip(&e, 2);
		if (!sw_rd_be16(&e, &offm))
			return stop(pkt, SW_DEC_ERR_IP_TRUNC);
		if (offm & 0xfff9) {
			pkt->ip_proto = nxt;
			switch (nxt) {
			case SW_IPPROTO_TCP:
			case SW_IPPROTO_HOPOPTS:
			case SW_IPPROTO_ROUTING:
			case SW_IPPROTO_FRAGMENT:
			case SW_IPPROTO_AH:
			case SW_IPPROTO_DSTOPTS:
				return stop(pkt, SW_DEC_SKIP_FRAGMENT);
			default:
				return not_tcp(pkt, nxt);
			}
		}
	}
	w->nxt = nxt;
	return SW_DEC_OK;
}

/* Whether nxt is an extension header the walk steps over. */
static bool
is_ext(uint8_t nxt)
{
	switch (nxt) {
	case SW_IPPROTO_HOPOPTS:
	case SW_IPPROTO_ROUTING:
	case SW_IPPROTO_FRAGMENT:
	case SW_IPPROTO_AH:
	case SW_IPPROTO_DSTOPTS:
	case SW_IPPROTO_MH:
	case SW_IPPROTO_HIP:
	case SW_IPPROTO_SHIM6:
		return true;
	default:
		return false;
	}
}

/* Step over the extension headers: w->nxt ends as the upper layer. */
static enum sw_decode_result
walk(struct sw_rd *r, struct ip6_walk *w, struct sw_pkt *pkt)
{
	enum sw_decode_result res;

	for (unsigned n = 0; is_ext(w->nxt); n++) {
		if (n == MAX_EXT)
			return stop(pkt, SW_DEC_ERR_IP6_EXT);
		res = ext_header(r, w, pkt);
		if (res != SW_DEC_OK)
			return res;
	}
	return SW_DEC_OK;
}

enum sw_decode_result
sw_decode_ip6_ext(struct sw_rd *r, uint8_t *nxt, uint32_t left,
    struct sw_pkt *pkt)
{
	struct ip6_walk w;
	enum sw_decode_result res;

	memset(&w, 0, sizeof(w));
	w.nxt = *nxt;
	w.left = left;
	res = walk(r, &w, pkt);
	*nxt = w.nxt;
	return res;
}

/*
 * RFC 8200 §3 header, then §4 extension headers down to TCP.  A Payload
 * Length of 0 without a hop-by-hop header is IPv6 BIG TCP as a Linux
 * sender hands it to the capture (the jumbo option already removed):
 * as for IPv4 Total Length 0, the length is the frame's and the
 * checksum is left unverified.
 */
static enum sw_decode_result
ipv6(struct sw_rd *r, uint32_t wire, bool verify, struct sw_pkt *pkt)
{
	struct ip6_walk w;
	enum sw_decode_result res;
	uint8_t vtc;
	uint16_t plen;
	uint32_t len;

	if (!(sw_rd_u8(r, &vtc) &&
	    sw_rd_skip(r, 3) &&		/* traffic class, flow label */
	    sw_rd_be16(r, &plen) &&
	    sw_rd_u8(r, &w.nxt) &&
	    sw_rd_u8(r, &pkt->ttl) &&
	    sw_rd_copy(r, pkt->src.a, 16) &&
	    sw_rd_copy(r, pkt->dst.a, 16)))
		return stop(pkt, SW_DEC_ERR_IP_TRUNC);
	/*
	 * Payload length 0 with a hop-by-hop header is a jumbogram (RFC
	 * 2675): the real length hides in an option, and it cannot be
	 * told from a broken header on a capture.  We do not do them.
	 */
	len = plen;
	if (plen == 0 && w.nxt != SW_IPPROTO_HOPOPTS && wire >= 40) {
		len = wire - 40;
		verify = false;
	}
	if (vtc >> 4 != 6 || wire < 40u + len ||
	    (plen == 0 && w.nxt == SW_IPPROTO_HOPOPTS))
		return stop(pkt, SW_DEC_ERR_IP_HDR);
	sw_rd_limit(r, len);
	pkt->ip_version = 6;
	pkt->src.family = pkt->dst.family = 6;
	w.left = len;
	memcpy(w.dst, pkt->dst.a, 16);
	w.verify = verify;

	res = walk(r, &w, pkt);
	if (res != SW_DEC_OK)
		return res;
	if (w.nxt == SW_IPPROTO_ICMPV6)
		return sw_decode_icmp(r, true, pkt);
	if (w.nxt != SW_IPPROTO_TCP) {	/* ESP, no next header, UDP, ... */
		if (sw_tunnel_proto(w.nxt))
			return sw_decode_tunnel(r, w.left, w.nxt, verify, pkt);
		return not_tcp(pkt, w.nxt);
	}
	pkt->ip_proto = SW_IPPROTO_TCP;
	return sw_decode_tcp(r, w.left,
	    pseudo_sum(pkt->src.a, w.dst, 16, w.left), w.verify, pkt);
}

enum sw_decode_result
sw_decode_ip(struct sw_rd *r, uint32_t wire, unsigned version, bool verify,
    struct sw_pkt *pkt)
{
	if (version == 6)
		return ipv6(r, wire, verify, pkt);
	return ipv4(r, wire, verify, pkt);
}
