/* SPDX-License-Identifier: MIT */
/*
 * decode_udp_tunnel.c: tunnels carried in UDP, recognised by port and
 * header sanity, and Teredo by content too.
 *
 * A UDP datagram goes through the table below: its destination port,
 * then its source port, picks a decoder, which first checks that the
 * header is plausible for that tunnel.  A datagram no decoder claims
 * (another port, a header that does not fit) is plain UDP and stays
 * NOT_TCP, exactly as before tunnels were decoded; so does one whose
 * UDP header is cut short or lies about its length.  Last, any datagram
 * is tried as Teredo by its content, the test tshark's teredo_udp
 * heuristic makes: optional authentication and origin indications,
 * then an IPv6 header whose payload length fills the datagram exactly.
 *
 * Once a decoder claims a datagram the layer is open: a header cut
 * short or malformed past that point is ERR_TUNNEL, a payload that is
 * not decoded SKIP_ENCAP (tunnel-non-ip, gtp-u-other).  GTP-C (port
 * 2123) is recognised only to be counted as gtp-c.
 */
#include "decode.h"

#define UDP_VXLAN	4789	/* RFC 7348 §5 (IANA) */
#define UDP_GENEVE	6081	/* RFC 8926 §3.3 */
#define UDP_GTPU	2152	/* 3GPP TS 29.281 §4.4.2 */
#define UDP_GTPC	2123	/* 3GPP TS 29.274 */
#define UDP_TEREDO	3544	/* RFC 4380 §4 */
#define UDP_AYIYA	5072	/* draft-massar-v6ops-ayiya, IANA */

#define ETHERTYPE_IPV4	0x0800
#define ETHERTYPE_IPV6	0x86dd
#define ETHERTYPE_TEB	0x6558

/* The one GTP-U message that carries user data (TS 29.281 §6.1). */
#define GTP_GPDU	255
/* Bound on GTP-U extension headers (real ones carry 1 or 2). */
#define MAX_GTP_EXT	16
/* AYIYA "forward" opcode: the payload is a packet. */
#define AYIYA_FORWARD	1
/* Teredo's IPv6 payload limit: 65535 less the UDP and IPv6 headers. */
#define TEREDO_MAX_PLEN	65467

/* The datagram being decoded. */
struct udp {
	struct sw_rd *r;	/* at the UDP payload, ends with it */
	uint32_t wire;		/* UDP payload bytes on the wire */
	bool verify;
	uint16_t sport, dport;
	struct sw_pkt *pkt;
};

/* A decoder's answer when the datagram is not its tunnel. */
#define NOT_MINE SW_DEC__N

static enum sw_decode_result
stop(struct sw_pkt *pkt, enum sw_decode_result r, enum sw_encap e)
{
	return sw_dec_stop(pkt, r, e);
}

static enum sw_decode_result
plain_udp(struct sw_pkt *pkt)
{
	pkt->ip_proto = SW_IPPROTO_UDP;
	return stop(pkt, SW_DEC_NOT_TCP, SW_ENCAP_IP_PROTO);
}

/* Payload wire bytes left after the cursor moved on from start. */
static uint32_t
left(const struct udp *u, const uint8_t *start)
{
	uint32_t used = (uint32_t)(u->r->p - start);

	return used < u->wire ? u->wire - used : 0;
}

static bool
open_layer(struct udp *u, enum sw_tunnel_type t)
{
	return sw_tunnel_push(u->pkt, t, u->sport, u->dport);
}

/* IPv4 or IPv6 by the version nibble; else SKIP_ENCAP e. */
static enum sw_decode_result
ip_nibble(struct udp *u, const uint8_t *start, enum sw_encap e)
{
	uint8_t b;

	if (!sw_rd_peek8(u->r, 0, &b))
		return stop(u->pkt, SW_DEC_ERR_IP_TRUNC, SW_ENCAP_NONE);
	if (b >> 4 == 4 || b >> 4 == 6)
		return sw_decode_ip(u->r, left(u, start), b >> 4, u->verify,
		    u->pkt);
	return stop(u->pkt, SW_DEC_SKIP_ENCAP, e);
}

/*
 * VXLAN, RFC 7348 §5: flags (I, 0x08, says the VNI is valid), 24
 * reserved bits, the 24-bit VNI, 8 reserved bits; then an Ethernet
 * frame.  The I flag is the sanity check.
 */
static enum sw_decode_result
vxlan(struct udp *u)
{
	const uint8_t *start = u->r->p;
	uint8_t flags;
	uint32_t vni = 0;

	if (!sw_rd_peek8(u->r, 0, &flags) || !sw_rd_has(u->r, 8) ||
	    !(flags & 0x08))
		return NOT_MINE;
	(void)sw_rd_skip(u->r, 4);
	(void)sw_rd_be32(u->r, &vni);
	if (!open_layer(u, SW_TUN_VXLAN))
		return stop(u->pkt, SW_DEC_SKIP_ENCAP, SW_ENCAP_TUNNEL_DEEP);
	sw_tunnel_set_id(u->pkt, vni >> 8);
	return sw_decode_ether(u->r, left(u, start), u->verify, u->pkt);
}

/*
 * Geneve, RFC 8926 §3.4: version (2 bits, 0) and options length (6
 * bits, 4-byte words), O and C bits, protocol type, 24-bit VNI, then
 * the options: class (2), type (1), 3 reserved bits and a 5-bit length
 * in words, and that many words of data.  The options must fill the
 * options length exactly.
 */
static enum sw_decode_result
geneve(struct udp *u)
{
	const uint8_t *start = u->r->p;
	struct sw_rd opts;
	uint8_t b0, olen;
	uint16_t proto = 0;
	uint32_t vni = 0;

	if (!sw_rd_peek8(u->r, 0, &b0) || !sw_rd_has(u->r, 8) ||
	    (b0 >> 6) != 0 || 8u + (b0 & 0x3fu) * 4 > u->wire)
		return NOT_MINE;
	(void)sw_rd_skip(u->r, 2);
	(void)sw_rd_be16(u->r, &proto);
	(void)sw_rd_be32(u->r, &vni);
	if (!open_layer(u, SW_TUN_GENEVE))
		return stop(u->pkt, SW_DEC_SKIP_ENCAP, SW_ENCAP_TUNNEL_DEEP);
	sw_tunnel_set_id(u->pkt, vni >> 8);
	if (!sw_rd_sub(u->r, (b0 & 0x3fu) * 4, &opts))
		return stop(u->pkt, SW_DEC_ERR_TUNNEL, SW_ENCAP_NONE);
	while (sw_rd_left(&opts) > 0) {
		if (!sw_rd_skip(&opts, 3) || !sw_rd_u8(&opts, &olen) ||
		    !sw_rd_skip(&opts, (olen & 0x1fu) * 4))
			return stop(u->pkt, SW_DEC_ERR_TUNNEL, SW_ENCAP_NONE);
	}
	switch (proto) {
	case ETHERTYPE_TEB:
		return sw_decode_ether(u->r, left(u, start), u->verify,
		    u->pkt);
	case ETHERTYPE_IPV4:
		return sw_decode_ip(u->r, left(u, start), 4, u->verify,
		    u->pkt);
	case ETHERTYPE_IPV6:
		return sw_decode_ip(u->r, left(u, start), 6, u->verify,
		    u->pkt);
	default:
		return stop(u->pkt, SW_DEC_SKIP_ENCAP, SW_ENCAP_TUNNEL_NON_IP);
	}
}

/*
 * GTP-U, 3GPP TS 29.281 §5.1: flags (version 1, PT 1, E, S, PN),
 * message type, length (of what follows the first 8 bytes), TEID; then
 * when E, S or PN is set a sequence number (2), N-PDU number (1) and
 * next extension header type (1); then extension headers (§5.2), each
 * a length in 4-byte words (never 0), its content and the next type,
 * until a type 0.  A G-PDU (type 255) carries an IP packet; echo, error
 * indication and end marker messages are gtp-u-other.
 */
static enum sw_decode_result
gtpu(struct udp *u)
{
	const uint8_t *start = u->r->p;
	uint8_t flags, type = 0, next = 0, elen;
	uint16_t len = 0;
	uint32_t teid = 0;

	if (!sw_rd_peek8(u->r, 0, &flags) || !sw_rd_has(u->r, 8) ||
	    (flags & 0xf0) != 0x30)		/* version 1, PT 1 */
		return NOT_MINE;
	(void)sw_rd_skip(u->r, 1);
	(void)sw_rd_u8(u->r, &type);
	(void)sw_rd_be16(u->r, &len);
	(void)sw_rd_be32(u->r, &teid);
	if (!open_layer(u, SW_TUN_GTPU))
		return stop(u->pkt, SW_DEC_SKIP_ENCAP, SW_ENCAP_TUNNEL_DEEP);
	sw_tunnel_set_id(u->pkt, teid);
	if (8u + len > u->wire)
		return stop(u->pkt, SW_DEC_ERR_TUNNEL, SW_ENCAP_NONE);
	sw_rd_limit(u->r, len);
	if (type != GTP_GPDU)
		return stop(u->pkt, SW_DEC_SKIP_ENCAP, SW_ENCAP_GTPU_OTHER);
	if ((flags & 0x07) && (!sw_rd_skip(u->r, 3) || !sw_rd_u8(u->r, &next)))
		return stop(u->pkt, SW_DEC_ERR_TUNNEL, SW_ENCAP_NONE);
	if (!(flags & 0x04))	/* E clear: the type byte means nothing */
		next = 0;
	for (unsigned n = 0; next != 0; n++) {
		if (n == MAX_GTP_EXT || !sw_rd_u8(u->r, &elen) || elen == 0 ||
		    !sw_rd_skip(u->r, elen * 4u - 2) ||
		    !sw_rd_u8(u->r, &next))
			return stop(u->pkt, SW_DEC_ERR_TUNNEL, SW_ENCAP_NONE);
	}
	return ip_nibble(u, start, SW_ENCAP_GTPU_OTHER);
}

/*
 * GTP-C (TS 29.274 §5.1 v2, TS 29.060 §6 v1) on its port: version 1
 * with PT set or version 2.  Not decoded, only counted.
 */
static enum sw_decode_result
gtpc(struct udp *u)
{
	uint8_t flags;

	if (!sw_rd_peek8(u->r, 0, &flags) || !sw_rd_has(u->r, 8) ||
	    ((flags & 0xf0) != 0x30 && (flags >> 5) != 2))
		return NOT_MINE;
	return stop(u->pkt, SW_DEC_SKIP_ENCAP, SW_ENCAP_GTPC);
}

/*
 * Teredo, RFC 4380 §5.1.1: an IPv6 packet, optionally preceded by an
 * authentication indication (0x0001, client id length, authentication
 * value length, the id, the value, an 8-byte nonce, a confirmation
 * byte) and an origin indication (0x0000, obfuscated port and address:
 * 8 bytes), in that order.  It is taken for Teredo only when the IPv6
 * header is whole in the capture and its payload length fills the rest
 * of the datagram exactly (as tshark's heuristic does).
 */
static enum sw_decode_result
teredo(struct udp *u)
{
	const uint8_t *start = u->r->p;
	struct sw_rd t = *u->r;
	uint8_t idlen, aulen, v;
	uint16_t ind, plen;

	if (!sw_rd_peek_be16(&t, 0, &ind))
		return NOT_MINE;
	if (ind == 0x0001) {
		if (!sw_rd_skip(&t, 2) || !sw_rd_u8(&t, &idlen) ||
		    !sw_rd_u8(&t, &aulen) ||
		    !sw_rd_skip(&t, (size_t)idlen + aulen + 9) ||
		    !sw_rd_peek_be16(&t, 0, &ind))
			return NOT_MINE;
	}
	if (ind == 0x0000 && (!sw_rd_skip(&t, 8)))
		return NOT_MINE;
	if (!sw_rd_peek8(&t, 0, &v) || v >> 4 != 6 ||
	    !sw_rd_peek_be16(&t, 4, &plen) || !sw_rd_has(&t, 40) ||
	    plen > TEREDO_MAX_PLEN)
		return NOT_MINE;
	if ((uint32_t)(t.p - start) > u->wire ||
	    u->wire - (uint32_t)(t.p - start) != 40u + plen)
		return NOT_MINE;
	*u->r = t;
	if (!open_layer(u, SW_TUN_TEREDO))
		return stop(u->pkt, SW_DEC_SKIP_ENCAP, SW_ENCAP_TUNNEL_DEEP);
	return sw_decode_ip(u->r, left(u, start), 6, u->verify, u->pkt);
}

/*
 * AYIYA (draft-massar-v6ops-ayiya §5): identity length (2^n bytes) and
 * type, signature length (4-byte words) and hash method, authentication
 * method and opcode, next header, epoch time (4), the identity, the
 * signature; then, for the forward opcode, a packet of the next header's
 * protocol (IPv6 or IPv4).  Other opcodes carry no packet.
 */
static enum sw_decode_result
ayiya(struct udp *u)
{
	const uint8_t *start = u->r->p;
	uint8_t b0 = 0, b1 = 0, b2 = 0, nh = 0;

	if (!sw_rd_has(u->r, 8))
		return NOT_MINE;
	(void)sw_rd_u8(u->r, &b0);
	(void)sw_rd_u8(u->r, &b1);
	(void)sw_rd_u8(u->r, &b2);
	(void)sw_rd_u8(u->r, &nh);
	(void)sw_rd_skip(u->r, 4);
	if ((b2 & 0x0f) != AYIYA_FORWARD ||
	    (nh != SW_IPPROTO_IPV6 && nh != SW_IPPROTO_IPIP))
		return stop(u->pkt, SW_DEC_SKIP_ENCAP, SW_ENCAP_TUNNEL_NON_IP);
	if (!open_layer(u, SW_TUN_AYIYA))
		return stop(u->pkt, SW_DEC_SKIP_ENCAP, SW_ENCAP_TUNNEL_DEEP);
	if (!sw_rd_skip(u->r, (1u << (b0 >> 4)) + (b1 >> 4) * 4u))
		return stop(u->pkt, SW_DEC_ERR_TUNNEL, SW_ENCAP_NONE);
	return sw_decode_ip(u->r, left(u, start),
	    nh == SW_IPPROTO_IPV6 ? 6 : 4, u->verify, u->pkt);
}

/* Decoders by UDP port. */
static const struct {
	uint16_t port;
	enum sw_decode_result (*decode)(struct udp *);
} udp_tunnels[] = {
	{ UDP_VXLAN,	vxlan },
	{ UDP_GENEVE,	geneve },
	{ UDP_GTPU,	gtpu },
	{ UDP_GTPC,	gtpc },
	{ UDP_TEREDO,	teredo },
	{ UDP_AYIYA,	ayiya },
};

static enum sw_decode_result
by_port(struct udp *u, uint16_t port)
{
	for (size_t i = 0; i < sizeof(udp_tunnels) / sizeof(udp_tunnels[0]);
	    i++)
		if (udp_tunnels[i].port == port)
			return udp_tunnels[i].decode(u);
	return NOT_MINE;
}

/*
 * RFC 768: source port, destination port, length (header included),
 * checksum.  A length of 0 is a jumbogram's (RFC 2675 §4): the datagram
 * is the whole IP payload.
 */
enum sw_decode_result
sw_decode_udp(struct sw_rd *r, uint32_t wire, bool verify, struct sw_pkt *pkt)
{
	struct udp u;
	struct sw_rd save;
	enum sw_decode_result res;
	uint16_t ulen;
	uint32_t len;

	u.r = r;
	u.verify = verify;
	u.pkt = pkt;
	if (!sw_rd_be16(r, &u.sport) || !sw_rd_be16(r, &u.dport) ||
	    !sw_rd_be16(r, &ulen) || !sw_rd_skip(r, 2))
		return plain_udp(pkt);
	len = ulen != 0 ? ulen : wire;
	if (len < 8 || len > wire)
		return plain_udp(pkt);
	u.wire = len - 8;
	sw_rd_limit(r, u.wire);
	save = *r;
	res = by_port(&u, u.dport);
	if (res == NOT_MINE) {
		*r = save;
		res = by_port(&u, u.sport);
	}
	if (res == NOT_MINE) {
		*r = save;
		res = teredo(&u);
	}
	return res == NOT_MINE ? plain_udp(pkt) : res;
}
