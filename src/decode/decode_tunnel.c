/* SPDX-License-Identifier: MIT */
/*
 * decode_tunnel.c: tunnels that are IP protocols (IP in IP, GRE and the
 * ERSPAN mirrors GRE carries), decoded down to the packet inside.
 *
 * Each tunnel opens a layer in pkt->tunnel (sw_tunnel_push) with the
 * outer header's endpoints, then decodes the inner packet as the link
 * and IP decoders do; the inner IP header overwrites pkt->src and dst,
 * so the connection is keyed by the inner endpoints.  Nesting is
 * bounded by SW_TUNNEL_MAX layers, and every header is read through the
 * bounds-checked cursor.  How a stop is classified:
 *
 *   ERR_TUNNEL   the tunnel was recognised (by its IP protocol) but its
 *                header is cut short by the capture or malformed;
 *   SKIP_ENCAP   it is well-formed but what it carries is not decoded:
 *                gre-other-protocol, gre-other-version, erspan-other,
 *                tunnel-too-deep.
 *
 * UDP is handed to decode_udp_tunnel.c, which leaves plain UDP NOT_TCP.
 */
#include <string.h>

#include "decode.h"

/* GRE flags and version (RFC 2784 §2, RFC 2890 §2, RFC 1701 §2). */
#define GRE_C		0x8000	/* checksum present */
#define GRE_R		0x4000	/* routing present (RFC 1701 only) */
#define GRE_K		0x2000	/* key present */
#define GRE_S		0x1000	/* sequence number present */
#define GRE_SSR		0x0800	/* strict source route (RFC 1701) */
#define GRE_RECUR	0x0700	/* recursion control (RFC 1701) */
#define GRE_VER		0x0007

/* Protocol types carried in GRE (EtherTypes). */
#define GREPROTO_IPV4	0x0800
#define GREPROTO_IPV6	0x86dd
#define GREPROTO_TEB	0x6558	/* transparent Ethernet bridging */
#define GREPROTO_ERSPAN	0x88be	/* ERSPAN type I and II */
#define GREPROTO_ERSPAN3 0x22eb	/* ERSPAN type III */
#define GREPROTO_MPLS	0x8847	/* MPLS in GRE, RFC 4023 §4 */
#define GREPROTO_MPLS_MC 0x8848

/* ERSPAN versions in the header's first nibble. */
#define ERSPAN_V2	1	/* "type II" */
#define ERSPAN_V3	2	/* "type III" */

static enum sw_decode_result
stop(struct sw_pkt *pkt, enum sw_decode_result r, enum sw_encap e)
{
	return sw_dec_stop(pkt, r, e);
}

/* Open a layer, or stop when SW_TUNNEL_MAX are open already. */
static bool
open_layer(struct sw_pkt *pkt, enum sw_tunnel_type t)
{
	return sw_tunnel_push(pkt, t, 0, 0);
}

/* Bytes of the payload's wire length left once r has moved past start. */
static uint32_t
wire_left(const struct sw_rd *r, const uint8_t *start, uint32_t wire)
{
	uint32_t used = (uint32_t)(r->p - start);

	return used < wire ? wire - used : 0;
}

/*
 * IP in IP: RFC 2003 (IPv4 in IPv4), RFC 4213 §3.5 (IPv6 in IPv4,
 * "6in4"), RFC 2473 (IPv4 or IPv6 in IPv6).  The inner header starts
 * right away; its version must be the one the protocol number says.
 */
static enum sw_decode_result
ip_in_ip(struct sw_rd *r, uint32_t wire, uint8_t proto, bool verify,
    struct sw_pkt *pkt)
{
	bool outer6 = pkt->ip_version == 6, inner6 = proto == SW_IPPROTO_IPV6;
	static const enum sw_tunnel_type type[2][2] = {
		{ SW_TUN_IPIP, SW_TUN_SIXIN4 },
		{ SW_TUN_FOURIN6, SW_TUN_SIXIN6 },
	};

	if (!open_layer(pkt, type[outer6][inner6]))
		return stop(pkt, SW_DEC_SKIP_ENCAP, SW_ENCAP_TUNNEL_DEEP);
	return sw_decode_ip(r, wire, inner6 ? 6 : 4, verify, pkt);
}

/*
 * ERSPAN (draft-foschiano-erspan): a switch's mirrored Ethernet frame.
 * Type I has no header of its own (and GRE no sequence number); type
 * II an 8-byte header with a 10-bit session id; type III a 12-byte one,
 * plus an 8-byte platform subheader when its O bit is set, and a frame
 * type that must be 0 (Ethernet).
 */
static enum sw_decode_result
erspan(struct sw_rd *r, uint32_t wire, uint16_t proto, bool has_seq,
    bool verify, struct sw_pkt *pkt)
{
	const uint8_t *start = r->p;
	uint16_t vv, sess, hw;
	unsigned ver;

	if (!open_layer(pkt, SW_TUN_ERSPAN))
		return stop(pkt, SW_DEC_SKIP_ENCAP, SW_ENCAP_TUNNEL_DEEP);
	if (proto == GREPROTO_ERSPAN && !has_seq)	/* type I */
		return sw_decode_ether(r, wire, verify, pkt);
	if (!sw_rd_be16(r, &vv) || !sw_rd_be16(r, &sess))
		return stop(pkt, SW_DEC_ERR_TUNNEL, SW_ENCAP_NONE);
	ver = vv >> 12;
	sw_tunnel_set_id(pkt, sess & 0x03ff);
	if (proto == GREPROTO_ERSPAN && ver == ERSPAN_V2) {
		if (!sw_rd_skip(r, 4))
			return stop(pkt, SW_DEC_ERR_TUNNEL, SW_ENCAP_NONE);
	} else if (proto == GREPROTO_ERSPAN3 && ver == ERSPAN_V3) {
		/* Timestamp (4), SGT (2), then P, FT(5), HW ID, D, Gra, O. */
		if (!sw_rd_skip(r, 6) || !sw_rd_be16(r, &hw))
			return stop(pkt, SW_DEC_ERR_TUNNEL, SW_ENCAP_NONE);
		if ((hw >> 10) & 0x1f)		/* not an Ethernet frame */
			return stop(pkt, SW_DEC_SKIP_ENCAP,
			    SW_ENCAP_ERSPAN_OTHER);
		if ((hw & 1) && !sw_rd_skip(r, 8))
			return stop(pkt, SW_DEC_ERR_TUNNEL, SW_ENCAP_NONE);
	} else {
		return stop(pkt, SW_DEC_SKIP_ENCAP, SW_ENCAP_ERSPAN_OTHER);
	}
	return sw_decode_ether(r, wire_left(r, start, wire), verify, pkt);
}

/*
 * GRE, RFC 2784 §2.1 with RFC 2890's key and sequence number: flags and
 * version (2), protocol type (2), then checksum and reserved (4) when C
 * is set, key (4) when K is, sequence number (4) when S is.  It carries
 * IPv4, IPv6, Ethernet frames (TEB), MPLS label stacks (RFC 4023) and
 * ERSPAN.  RFC 1701's
 * routing (R) and version 1 (PPTP, RFC 2637) are not decoded; neither
 * are the recursion and strict-route bits RFC 2784 made must-be-zero.
 * The key becomes the layer's identifier.
 */
static enum sw_decode_result
gre(struct sw_rd *r, uint32_t wire, bool verify, struct sw_pkt *pkt)
{
	const uint8_t *start = r->p;
	uint16_t flags, proto;
	uint32_t key = 0;
	uint32_t left;

	if (!sw_rd_be16(r, &flags) || !sw_rd_be16(r, &proto))
		return stop(pkt, SW_DEC_ERR_TUNNEL, SW_ENCAP_NONE);
	if ((flags & (GRE_VER | GRE_R | GRE_SSR | GRE_RECUR)) != 0)
		return stop(pkt, SW_DEC_SKIP_ENCAP, SW_ENCAP_GRE_VERSION);
	if (((flags & GRE_C) && !sw_rd_skip(r, 4)) ||
	    ((flags & GRE_K) && !sw_rd_be32(r, &key)) ||
	    ((flags & GRE_S) && !sw_rd_skip(r, 4)))
		return stop(pkt, SW_DEC_ERR_TUNNEL, SW_ENCAP_NONE);
	left = wire_left(r, start, wire);
	switch (proto) {
	case GREPROTO_ERSPAN:
	case GREPROTO_ERSPAN3:
		return erspan(r, left, proto, (flags & GRE_S) != 0, verify,
		    pkt);
	case GREPROTO_IPV4:
	case GREPROTO_IPV6:
	case GREPROTO_TEB:
	case GREPROTO_MPLS:
	case GREPROTO_MPLS_MC:
		break;
	default:
		return stop(pkt, SW_DEC_SKIP_ENCAP, SW_ENCAP_GRE_PROTO);
	}
	if (!open_layer(pkt, SW_TUN_GRE))
		return stop(pkt, SW_DEC_SKIP_ENCAP, SW_ENCAP_TUNNEL_DEEP);
	if (flags & GRE_K)
		sw_tunnel_set_id(pkt, key);
	if (proto == GREPROTO_TEB)
		return sw_decode_ether(r, left, verify, pkt);
	if (proto == GREPROTO_MPLS || proto == GREPROTO_MPLS_MC)
		return sw_decode_mpls(r, left, verify, pkt);
	return sw_decode_ip(r, left, proto == GREPROTO_IPV6 ? 6 : 4, verify,
	    pkt);
}

enum sw_decode_result
sw_decode_tunnel(struct sw_rd *r, uint32_t wire, uint8_t proto, bool verify,
    struct sw_pkt *pkt)
{
	switch (proto) {
	case SW_IPPROTO_IPIP:
	case SW_IPPROTO_IPV6:
		return ip_in_ip(r, wire, proto, verify, pkt);
	case SW_IPPROTO_GRE:
		return gre(r, wire, verify, pkt);
	default:
		return sw_decode_udp(r, wire, verify, pkt);
	}
}

/* ---------------------------------------------------------------- names */

static const char *const tunnel_names[] = {
#define SW_X(id, name, idname) [SW_TUN_##id] = name,
	SW_TUNNELS(SW_X)
#undef SW_X
};

static const char *const tunnel_id_names[] = {
#define SW_X(id, name, idname) [SW_TUN_##id] = idname,
	SW_TUNNELS(SW_X)
#undef SW_X
};

const char *
sw_tunnel_name(enum sw_tunnel_type t)
{
	return (unsigned)t < SW_TUN__N ? tunnel_names[t] : "unknown";
}

const char *
sw_tunnel_id_name(enum sw_tunnel_type t)
{
	if ((unsigned)t >= SW_TUN__N || tunnel_id_names[t][0] == '\0')
		return NULL;
	return tunnel_id_names[t];
}

int
sw_tunnel_lookup(const char *name)
{
	for (int i = 0; i < SW_TUN__N; i++)
		if (strcmp(tunnel_names[i], name) == 0)
			return i;
	return -1;
}
