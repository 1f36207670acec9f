/* SPDX-License-Identifier: MIT */
/*
 * check_decode_tunnel.c: unit tests of the tunnels (decode_tunnel.c,
 * decode_udp_tunnel.c) and of the PBB, VN-Tag, FabricPath and FDDI link
 * layers: each kind decodes to td_ip_tcp()'s inner segment with the
 * right layers; what is not decoded is counted by kind; and the
 * truncation and mutation sweeps over a frame of every kind.
 */
#include <string.h>

#include "check_decode.h"

#define TD_DLT_FDDI	10

#define ETH_IP		0x0800
#define ETH_IPV6	0x86dd
#define ETH_8021AD	0x88a8
#define ETH_PBB		0x88e7
#define ETH_VNTAG	0x8926
#define ETH_FP		0x8903
#define ETH_TEB		0x6558
#define ETH_ERSPAN	0x88be
#define ETH_ERSPAN3	0x22eb

#define P_IPIP		4
#define P_UDP		17
#define P_IPV6		41
#define P_GRE		47

/* What a frame of the table must decode to. */
struct want {
	int dlt;
	uint8_t inner;		/* inner IP version */
	uint8_t n;		/* tunnel layers */
	enum sw_tunnel_type first, last;
	bool has_id;		/* the last layer's identifier */
	uint32_t id;
	uint16_t sport, dport;	/* the last layer's UDP ports */
};

/* An outer IPv4 or IPv6 header of protocol proto: 192.0.2.1 -> .2. */
static size_t
outer_ip(struct pb *b, uint8_t version, uint8_t proto)
{
	struct pb_ip ip;

	pb_ip_default(&ip, version);
	ip.proto = proto;
	if (version == 4) {
		memcpy(ip.src, "\xc0\x00\x02\x01", 4);
		memcpy(ip.dst, "\xc0\x00\x02\x02", 4);
	} else {
		ip.src[4] = ip.dst[4] = 0xff;
	}
	return pb_ip(b, &ip);
}

/* A UDP header whose length is fixed by udp_fix(); returns its offset. */
static size_t
udp(struct pb *b, uint16_t sport, uint16_t dport)
{
	size_t off = b->len;

	pb_be16(b, sport);
	pb_be16(b, dport);
	pb_be32(b, 0);
	return off;
}

static void
udp_fix(struct pb *b, size_t off)
{
	pb_set_be16(b, off + 4, (uint16_t)(b->len - off));
}

/*
 * Frame k of the table into b, its expectations into w.  Returns the
 * offset where the inner TCP header ends.
 */
static size_t
tunnel_frame(unsigned k, struct pb *b, struct want *w)
{
	size_t o1 = 0, o2 = 0, u = 0, g = 0, in;
	uint8_t inner = k % 2 ? 6 : 4;

	memset(w, 0, sizeof(*w));
	w->dlt = TD_DLT_EN10MB;
	w->n = 1;
	switch (k) {
	case 0:		/* GRE, nothing optional */
	case 1:		/* GRE with checksum, key and sequence number */
		pb_eth(b, ETH_IP);
		o1 = outer_ip(b, 4, P_GRE);
		pb_be16(b, k == 1 ? 0xb000 : 0);
		pb_be16(b, inner == 6 ? ETH_IPV6 : ETH_IP);
		if (k == 1) {
			pb_be32(b, 0);
			pb_be32(b, 0x12345678);
			pb_be32(b, 99);
			w->has_id = true;
			w->id = 0x12345678;
		}
		w->first = w->last = SW_TUN_GRE;
		break;
	case 2:		/* GRE transparent Ethernet bridging, over IPv6 */
	case 3:		/* ERSPAN type I */
		pb_eth(b, ETH_IPV6);
		o1 = outer_ip(b, 6, P_GRE);
		pb_be16(b, 0);
		pb_be16(b, k == 2 ? ETH_TEB : ETH_ERSPAN);
		pb_eth(b, inner == 6 ? ETH_IPV6 : ETH_IP);
		w->first = w->last = k == 2 ? SW_TUN_GRE : SW_TUN_ERSPAN;
		break;
	case 4:		/* ERSPAN type II, session 1023 */
	case 5:		/* ERSPAN type III with a platform subheader */
		pb_eth(b, ETH_IP);
		o1 = outer_ip(b, 4, P_GRE);
		pb_be16(b, 0x1000);
		pb_be16(b, k == 4 ? ETH_ERSPAN : ETH_ERSPAN3);
		pb_be32(b, 7);
		if (k == 4) {
			pb_be32(b, 0x1000fbff);	/* v1, COS 7, session 1023 */
			pb_be32(b, 0);
		} else {
			pb_be32(b, 0x2000002a);	/* v2, session 42 */
			pb_be32(b, 12345678);	/* timestamp */
			pb_be32(b, 0x00000001);	/* SGT 0, FT 0, O */
			pb_be32(b, 0);
			pb_be32(b, 0);
		}
		pb_eth(b, inner == 6 ? ETH_IPV6 : ETH_IP);
		w->first = w->last = SW_TUN_ERSPAN;
		w->has_id = true;
		w->id = k == 4 ? 1023 : 42;
		break;
	case 6:		/* IPv4 in IPv4 */
	case 7:		/* IPv6 in IPv4 */
		pb_eth(b, ETH_IP);
		o1 = outer_ip(b, 4, inner == 6 ? P_IPV6 : P_IPIP);
		w->first = w->last = k == 6 ? SW_TUN_IPIP : SW_TUN_SIXIN4;
		break;
	case 8:		/* IPv4 in IPv6 */
	case 9:		/* IPv6 in IPv6 */
		pb_eth(b, ETH_IPV6);
		o1 = outer_ip(b, 6, inner == 6 ? P_IPV6 : P_IPIP);
		w->first = w->last = k == 8 ? SW_TUN_FOURIN6 : SW_TUN_SIXIN6;
		break;
	case 10:	/* VXLAN */
	case 11:	/* VXLAN over IPv6, to the source port */
		pb_eth(b, k == 10 ? ETH_IP : ETH_IPV6);
		o1 = outer_ip(b, k == 10 ? 4 : 6, P_UDP);
		u = k == 10 ? udp(b, 55555, 4789) : udp(b, 4789, 55555);
		pb_be32(b, 0x08000000);
		pb_be32(b, 0x00abcd00);
		pb_eth(b, inner == 6 ? ETH_IPV6 : ETH_IP);
		w->first = w->last = SW_TUN_VXLAN;
		w->has_id = true;
		w->id = 0xabcd;
		w->sport = k == 10 ? 55555 : 4789;
		w->dport = k == 10 ? 4789 : 55555;
		break;
	case 12:	/* Geneve with two options, Ethernet */
	case 13:	/* Geneve without options, IPv6 straight in */
		pb_eth(b, ETH_IP);
		o1 = outer_ip(b, 4, P_UDP);
		u = udp(b, 40000, 6081);
		pb_u8(b, k == 12 ? 5 : 0);	/* 5 words of options */
		pb_u8(b, 0);
		pb_be16(b, k == 12 ? ETH_TEB : ETH_IPV6);
		pb_be32(b, 0x00000100);		/* VNI 1 */
		if (k == 12) {
			pb_be32(b, 0x01020301);	/* 1 word */
			pb_be32(b, 0xdeadbeef);
			pb_be32(b, 0xffff8002);	/* 2 words */
			pb_be32(b, 1);
			pb_be32(b, 2);
			pb_eth(b, ETH_IP);
		}
		w->first = w->last = SW_TUN_GENEVE;
		w->has_id = true;
		w->id = 1;
		w->sport = 40000;
		w->dport = 6081;
		break;
	case 14:	/* GTP-U, sequence number only */
	case 15:	/* GTP-U, two extension headers */
		pb_eth(b, ETH_IP);
		o1 = outer_ip(b, 4, P_UDP);
		u = udp(b, 2152, 2152);
		g = b->len;
		pb_u8(b, k == 14 ? 0x32 : 0x34);
		pb_u8(b, 255);
		pb_be16(b, 0);
		pb_be32(b, 0xfeedf00d);
		pb_be16(b, 1);			/* sequence number */
		pb_u8(b, 0);
		pb_u8(b, k == 15 ? 0x85 : 0x85);	/* ignored without E */
		if (k == 15) {
			pb_be32(b, 0x01000985);	/* 1 word, next 0x85 */
			pb_be32(b, 0x02000000);	/* 2 words, */
			pb_be32(b, 0x00000000);	/* ...next 0: the end */
		}
		w->first = w->last = SW_TUN_GTPU;
		w->has_id = true;
		w->id = 0xfeedf00d;
		w->sport = w->dport = 2152;
		break;
	case 16:	/* Teredo on its port */
	case 17:	/* Teredo by content: authentication and origin */
		pb_eth(b, ETH_IP);
		o1 = outer_ip(b, 4, P_UDP);
		u = k == 16 ? udp(b, 3544, 61000) : udp(b, 12345, 23456);
		if (k == 17) {
			pb_be16(b, 1);
			pb_u8(b, 2);		/* client id length */
			pb_u8(b, 3);		/* authentication length */
			pb_bytes(b, "idaut", 5);
			pb_zeros(b, 9);		/* nonce, confirmation */
			pb_be16(b, 0);		/* origin indication */
			pb_be16(b, 0xffff ^ 3544);
			pb_be32(b, 0x3ffffdfe);
		}
		inner = 6;
		w->first = w->last = SW_TUN_TEREDO;
		w->sport = k == 16 ? 3544 : 12345;
		w->dport = k == 16 ? 61000 : 23456;
		break;
	case 18:	/* AYIYA */
	case 19:	/* AYIYA, IPv4 inside */
		pb_eth(b, ETH_IP);
		o1 = outer_ip(b, 4, P_UDP);
		u = udp(b, 5072, 5072);
		pb_u8(b, 0x41);
		pb_u8(b, 0x52);
		pb_u8(b, 0x21);
		pb_u8(b, k == 18 ? P_IPV6 : P_IPIP);
		pb_be32(b, 1700000000);
		pb_zeros(b, 16 + 20);
		inner = k == 18 ? 6 : 4;
		w->first = w->last = SW_TUN_AYIYA;
		w->sport = w->dport = 5072;
		break;
	case 20:	/* VXLAN in GRE (keyed) in IPv6 */
		pb_eth(b, ETH_IPV6);
		o1 = outer_ip(b, 6, P_GRE);
		pb_be16(b, 0x2000);
		pb_be16(b, ETH_IP);
		pb_be32(b, 5);
		o2 = outer_ip(b, 4, P_UDP);
		u = udp(b, 50000, 4789);
		pb_be32(b, 0x08000000);
		pb_be32(b, 0x00002a00);
		pb_eth(b, ETH_IP);
		inner = 4;
		w->n = 2;
		w->first = SW_TUN_GRE;
		w->last = SW_TUN_VXLAN;
		w->has_id = true;
		w->id = 42;
		w->sport = 50000;
		w->dport = 4789;
		break;
	case 21:	/* PBB: B-tag, I-tag, customer frame */
		pb_eth(b, ETH_8021AD);
		pb_vlan(b, 300, ETH_PBB);
		pb_be32(b, 0x000100ab);
		pb_eth(b, inner == 6 ? ETH_IPV6 : ETH_IP);
		w->n = 0;
		break;
	case 22:	/* VN-Tag */
		pb_eth(b, ETH_VNTAG);
		pb_be32(b, 0x00050009);
		pb_be16(b, inner == 6 ? ETH_IPV6 : ETH_IP);
		w->n = 0;
		break;
	case 23:	/* FabricPath */
		pb_eth(b, ETH_FP);
		pb_be16(b, 0x0060);
		pb_eth(b, inner == 6 ? ETH_IPV6 : ETH_IP);
		w->n = 0;
		break;
	case 25:	/* MPLS (two labels) in GRE */
		pb_eth(b, ETH_IP);
		o1 = outer_ip(b, 4, P_GRE);
		pb_be16(b, 0);
		pb_be16(b, 0x8847);
		pb_mpls(b, 16, false, 64);
		pb_mpls(b, 17, true, 64);
		w->first = w->last = SW_TUN_GRE;
		break;
	default:	/* FDDI with LLC/SNAP */
		w->dlt = TD_DLT_FDDI;
		pb_u8(b, 0x50);
		pb_zeros(b, 12);
		pb_bytes(b, "\xaa\xaa\x03\x00\x00\x00", 6);
		pb_be16(b, inner == 6 ? ETH_IPV6 : ETH_IP);
		w->n = 0;
		break;
	}
	w->inner = inner;
	in = td_ip_tcp(b, inner);
	if (g != 0)
		pb_set_be16(b, g + 2, (uint16_t)(b->len - g - 8));
	if (u != 0)
		udp_fix(b, u);
	if (o2 != 0)
		pb_ip_fix(b, o2);
	if (w->n > 0)
		pb_ip_fix(b, o1);
	ck_assert(!b->overflow);
	return in + (inner == 6 ? 40 : 20) + 20;
}

#define NFRAMES 26

START_TEST(tunnel_kinds)
{
	uint8_t buf[512];
	struct sw_pkt pkt;
	struct want w;
	struct pb b;
	const struct sw_tunnel_layer *l;

	pb_init(&b, buf, sizeof buf);
	tunnel_frame((unsigned)_i, &b, &w);
	ck_assert_int_eq(td_decode(w.dlt, &b, &pkt), SW_DEC_OK);
	td_assert_default(&pkt, w.inner);
	ck_assert_uint_eq(pkt.ntunnel, w.n);
	if (w.n == 0)
		return;
	ck_assert_uint_eq(pkt.tunnel[0].type, w.first);
	l = &pkt.tunnel[w.n - 1];
	ck_assert_uint_eq(l->type, w.last);
	ck_assert_int_eq(l->has_id, w.has_id);
	ck_assert_uint_eq(l->id, w.id);
	ck_assert_uint_eq(l->sport, w.sport);
	ck_assert_uint_eq(l->dport, w.dport);
	/* The outer endpoints: 192.0.2.1 -> 192.0.2.2 or the IPv6 pair. */
	if (l->src.family == 4) {
		ck_assert_mem_eq(l->src.a, "\xc0\x00\x02\x01", 4);
		ck_assert_mem_eq(l->dst.a, "\xc0\x00\x02\x02", 4);
	} else {
		ck_assert_uint_eq(l->src.family, 6);
		ck_assert_uint_eq(l->src.a[4], 0xff);
		ck_assert_uint_eq(l->src.a[15], 1);
		ck_assert_uint_eq(l->dst.a[15], 2);
	}
	/* The inner IPv4 addresses carry no outer bytes behind them. */
	if (w.inner == 4)
		for (int i = 4; i < 16; i++)
			ck_assert_uint_eq(pkt.src.a[i] | pkt.dst.a[i], 0);
}
END_TEST

/* Decode b and check it stops with r and encapsulation e. */
static void
expect_stop(int dlt, const struct pb *b, enum sw_decode_result r,
    enum sw_encap e)
{
	struct sw_pkt pkt;

	ck_assert_int_eq(td_decode(dlt, b, &pkt), r);
	ck_assert_int_eq(pkt.encap, e);
}

/* Tunnels whose payload is not decoded are counted by kind. */
START_TEST(not_decoded)
{
	uint8_t buf[256];
	struct pb b;
	size_t o, u;

	/* GRE carrying IPX, and GRE version 1 (PPTP). */
	for (int v = 0; v < 2; v++) {
		pb_init(&b, buf, sizeof buf);
		pb_eth(&b, ETH_IP);
		o = outer_ip(&b, 4, P_GRE);
		pb_be16(&b, v ? 0x3001 : 0);
		pb_be16(&b, v ? 0x880b : 0x8137);
		pb_zeros(&b, 40);
		pb_ip_fix(&b, o);
		expect_stop(TD_DLT_EN10MB, &b, SW_DEC_SKIP_ENCAP,
		    v ? SW_ENCAP_GRE_VERSION : SW_ENCAP_GRE_PROTO);
	}
	/* ERSPAN type II header claiming version 5. */
	pb_init(&b, buf, sizeof buf);
	pb_eth(&b, ETH_IP);
	o = outer_ip(&b, 4, P_GRE);
	pb_be16(&b, 0x1000);
	pb_be16(&b, ETH_ERSPAN);
	pb_be32(&b, 1);
	pb_be32(&b, 0x50000001);
	pb_zeros(&b, 40);
	pb_ip_fix(&b, o);
	expect_stop(TD_DLT_EN10MB, &b, SW_DEC_SKIP_ENCAP,
	    SW_ENCAP_ERSPAN_OTHER);
	/* GTP-U echo request; GTP-C v2 on its port. */
	for (int c = 0; c < 2; c++) {
		pb_init(&b, buf, sizeof buf);
		pb_eth(&b, ETH_IP);
		o = outer_ip(&b, 4, P_UDP);
		u = udp(&b, 40000, c ? 2123 : 2152);
		pb_bytes(&b, c ? "\x48\x20\x00\x08" : "\x32\x01\x00\x04",
		    4);
		pb_zeros(&b, 8);
		udp_fix(&b, u);
		pb_ip_fix(&b, o);
		expect_stop(TD_DLT_EN10MB, &b, SW_DEC_SKIP_ENCAP,
		    c ? SW_ENCAP_GTPC : SW_ENCAP_GTPU_OTHER);
	}
	/* Geneve carrying MPLS; AYIYA echo. */
	for (int a = 0; a < 2; a++) {
		pb_init(&b, buf, sizeof buf);
		pb_eth(&b, ETH_IP);
		o = outer_ip(&b, 4, P_UDP);
		u = udp(&b, 40000, a ? 5072 : 6081);
		pb_bytes(&b, a ? "\x41\x52\x22\x29" : "\x00\x00\x88\x47", 4);
		pb_zeros(&b, 40);
		udp_fix(&b, u);
		pb_ip_fix(&b, o);
		expect_stop(TD_DLT_EN10MB, &b, SW_DEC_SKIP_ENCAP,
		    SW_ENCAP_TUNNEL_NON_IP);
	}
	/* FDDI frame that is not SNAP (an 802.2 NetBIOS frame). */
	pb_init(&b, buf, sizeof buf);
	pb_u8(&b, 0x50);
	pb_zeros(&b, 12);
	pb_bytes(&b, "\xf0\xf0\x03", 3);
	pb_zeros(&b, 40);
	expect_stop(TD_DLT_FDDI, &b, SW_DEC_NOT_IP, SW_ENCAP_LLC);
}
END_TEST

/* UDP on a tunnel's port whose header does not fit stays plain UDP. */
START_TEST(plain_udp)
{
	static const char *const hdr[] = {
		"\x00\x00\x00\x00\x00\x00\x00\x00",	/* VXLAN without I */
		"\xc0\x00\x65\x58\x00\x00\x01\x00",	/* Geneve version 3 */
		"\x52\xff\x00\x00\x00\x00\x00\x01",	/* GTP version 2 */
		"\x00\x01\x02\x03\x04\x05\x06\x07",	/* no IPv6 inside */
	};
	static const uint16_t port[] = { 4789, 6081, 2152, 3544 };
	uint8_t buf[256];
	struct sw_pkt pkt;
	struct pb b;
	size_t o, u;

	for (int i = 0; i < 4; i++) {
		pb_init(&b, buf, sizeof buf);
		pb_eth(&b, ETH_IP);
		o = outer_ip(&b, 4, P_UDP);
		u = udp(&b, 40000, port[i]);
		pb_bytes(&b, hdr[i], 8);
		pb_zeros(&b, 60);
		udp_fix(&b, u);
		pb_ip_fix(&b, o);
		ck_assert_int_eq(td_decode(TD_DLT_EN10MB, &b, &pkt),
		    SW_DEC_NOT_TCP);
		ck_assert_uint_eq(pkt.ip_proto, 17);
		ck_assert_int_eq(pkt.encap, SW_ENCAP_IP_PROTO);
		ck_assert_uint_eq(pkt.ntunnel, 0);
	}
}
END_TEST

/* Nine IP-in-IP layers: the ninth is one too many. */
START_TEST(too_deep)
{
	uint8_t buf[512];
	struct sw_pkt pkt;
	struct pb b;
	size_t o[SW_TUNNEL_MAX + 1];

	for (int depth = SW_TUNNEL_MAX; depth <= SW_TUNNEL_MAX + 1; depth++) {
		pb_init(&b, buf, sizeof buf);
		pb_eth(&b, ETH_IP);
		for (int i = 0; i < depth; i++)
			o[i] = outer_ip(&b, 4, P_IPIP);
		td_ip_tcp(&b, 4);
		for (int i = depth - 1; i >= 0; i--)
			pb_ip_fix(&b, o[i]);
		ck_assert(!b.overflow);
		if (depth == SW_TUNNEL_MAX) {
			ck_assert_int_eq(td_decode(TD_DLT_EN10MB, &b, &pkt),
			    SW_DEC_OK);
			ck_assert_uint_eq(pkt.ntunnel, SW_TUNNEL_MAX);
			td_assert_default(&pkt, 4);
		} else {
			expect_stop(TD_DLT_EN10MB, &b, SW_DEC_SKIP_ENCAP,
			    SW_ENCAP_TUNNEL_DEEP);
		}
	}
}
END_TEST

/* A truncated tunnel header (recognised, then cut) is tunnel-bad-header. */
START_TEST(bad_header)
{
	uint8_t buf[256];
	struct pb b;
	size_t o, u;

	/* GRE claiming a key and a sequence number it lacks. */
	pb_init(&b, buf, sizeof buf);
	pb_eth(&b, ETH_IP);
	o = outer_ip(&b, 4, P_GRE);
	pb_be16(&b, 0x3000);
	pb_be16(&b, ETH_IP);
	pb_be16(&b, 1);
	pb_ip_fix(&b, o);
	expect_stop(TD_DLT_EN10MB, &b, SW_DEC_ERR_TUNNEL, SW_ENCAP_NONE);
	/* Geneve option running past the options length. */
	pb_init(&b, buf, sizeof buf);
	pb_eth(&b, ETH_IP);
	o = outer_ip(&b, 4, P_UDP);
	u = udp(&b, 40000, 6081);
	pb_bytes(&b, "\x01\x00\x65\x58\x00\x00\x01\x00", 8);
	pb_be32(&b, 0x01020303);	/* 3 words in a 1-word space */
	pb_zeros(&b, 60);
	udp_fix(&b, u);
	pb_ip_fix(&b, o);
	expect_stop(TD_DLT_EN10MB, &b, SW_DEC_ERR_TUNNEL, SW_ENCAP_NONE);
	/* GTP-U length beyond the datagram; an extension of length 0. */
	for (int e = 0; e < 2; e++) {
		pb_init(&b, buf, sizeof buf);
		pb_eth(&b, ETH_IP);
		o = outer_ip(&b, 4, P_UDP);
		u = udp(&b, 2152, 2152);
		pb_bytes(&b, e ? "\x34\xff\x00\x0c" : "\x30\xff\x01\x00", 4);
		pb_be32(&b, 1);
		pb_bytes(&b, "\x00\x00\x00\x85\x00\x00\x00\x00", 8);
		pb_zeros(&b, 4);
		udp_fix(&b, u);
		pb_ip_fix(&b, o);
		expect_stop(TD_DLT_EN10MB, &b, SW_DEC_ERR_TUNNEL,
		    SW_ENCAP_NONE);
	}
}
END_TEST

/*
 * Every prefix of every frame, as a snap-length cut (the wire had the
 * whole frame) and as a frame that really was that short: a cut frame
 * decodes exactly when the inner TCP header is whole, a short one never
 * does.  Under ASan any read past the prefix aborts (td_decode_len
 * copies the prefix to a block of its exact size).
 */
START_TEST(sweep_prefixes)
{
	uint8_t buf[512];
	struct sw_pkt pkt;
	struct want w;
	struct pb b;
	size_t hdr_end;
	uint32_t len, cap;

	pb_init(&b, buf, sizeof buf);
	hdr_end = tunnel_frame((unsigned)_i, &b, &w);
	len = (uint32_t)b.len;
	for (cap = 0; cap <= len; cap++) {
		enum sw_decode_result r;

		r = td_decode_len(w.dlt, buf, cap, len, &pkt);
		ck_assert_uint_le(pkt.ntunnel, SW_TUNNEL_MAX);
		if (cap < hdr_end) {
			ck_assert_int_ne(r, SW_DEC_OK);
		} else {
			ck_assert_int_eq(r, SW_DEC_OK);
			ck_assert_uint_eq(pkt.ntunnel, w.n);
			ck_assert_uint_eq(pkt.paylen, TD_PAYLEN);
			ck_assert_uint_eq(pkt.paycap, cap - hdr_end);
		}
		r = td_decode_len(w.dlt, buf, cap, cap, &pkt);
		if (cap < len)
			ck_assert_int_ne(r, SW_DEC_OK);
		else
			ck_assert_int_eq(r, SW_DEC_OK);
	}
}
END_TEST

/*
 * Damage every byte of every frame in three ways, and each frame with
 * 2000 random bytes changed at random places: whatever comes out is a
 * valid result within bounds.
 */
START_TEST(sweep_mutations)
{
	uint8_t buf[512], orig[512];
	struct sw_pkt pkt;
	struct want w;
	struct pb b;
	size_t i, k;
	uint32_t rnd = 0x2545f491u + (uint32_t)_i;

	pb_init(&b, orig, sizeof orig);
	tunnel_frame((unsigned)_i, &b, &w);
	for (i = 0; i < b.len; i++) {
		const uint8_t v[3] = { 0x00, 0xff, (uint8_t)(orig[i] ^ 0x80) };

		for (k = 0; k < 3; k++) {
			enum sw_decode_result r;

			memcpy(buf, orig, b.len);
			buf[i] = v[k];
			r = td_decode_len(w.dlt, buf, (uint32_t)b.len,
			    (uint32_t)b.len, &pkt);
			ck_assert_int_lt(r, SW_DEC__N);
			ck_assert_uint_le(pkt.ntunnel, SW_TUNNEL_MAX);
			if (r == SW_DEC_OK)
				ck_assert_uint_le(pkt.paycap, pkt.paylen);
		}
	}
	for (k = 0; k < 2000; k++) {
		enum sw_decode_result r;
		int n = 1 + (int)(k % 4);

		memcpy(buf, orig, b.len);
		while (n-- > 0) {
			rnd ^= rnd << 13;	/* xorshift32: repeatable */
			rnd ^= rnd >> 17;
			rnd ^= rnd << 5;
			buf[rnd % b.len] = (uint8_t)(rnd >> 24);
		}
		r = td_decode_len(w.dlt, buf, (uint32_t)b.len,
		    (uint32_t)b.len, &pkt);
		ck_assert_int_lt(r, SW_DEC__N);
		ck_assert_uint_le(pkt.ntunnel, SW_TUNNEL_MAX);
		if (r == SW_DEC_OK)
			ck_assert_uint_le(pkt.paycap, pkt.paylen);
	}
}
END_TEST

START_TEST(names)
{
	ck_assert_str_eq(sw_tunnel_name(SW_TUN_GTPU), "gtp-u");
	ck_assert_str_eq(sw_tunnel_name(SW_TUN_SIXIN4), "6in4");
	ck_assert_int_eq(sw_tunnel_lookup("teredo"), SW_TUN_TEREDO);
	ck_assert_int_eq(sw_tunnel_lookup("nope"), -1);
	ck_assert_str_eq(sw_tunnel_id_name(SW_TUN_VXLAN), "vni");
	ck_assert_ptr_null(sw_tunnel_id_name(SW_TUN_IPIP));
	ck_assert_str_eq(sw_encap_name(SW_ENCAP_TUNNEL_DEEP),
	    "tunnel-too-deep");
	ck_assert_str_eq(sw_decode_result_name(SW_DEC_ERR_TUNNEL),
	    "tunnel-bad-header");
}
END_TEST

Suite *
decode_tunnel_suite(void)
{
	Suite *s = suite_create("decode_tunnel");
	TCase *tc = tcase_create("kinds");

	tcase_add_loop_test(tc, tunnel_kinds, 0, NFRAMES);
	tcase_add_test(tc, not_decoded);
	tcase_add_test(tc, plain_udp);
	tcase_add_test(tc, too_deep);
	tcase_add_test(tc, bad_header);
	tcase_add_test(tc, names);
	suite_add_tcase(s, tc);

	tc = tcase_create("sweep");
	tcase_set_timeout(tc, 60);
	tcase_add_loop_test(tc, sweep_prefixes, 0, NFRAMES);
	tcase_add_loop_test(tc, sweep_mutations, 0, NFRAMES);
	suite_add_tcase(s, tc);
	return s;
}
