/* SPDX-License-Identifier: MIT */
/*
 * tunnel.c: wraps a frame's IP packet in the scenario's tunnels, the
 * innermost first, each with an outer IPv4 or IPv6 header of its own.
 *
 * Tunnel endpoints: layer i runs between 192.0.2.(10i+1) on the client
 * side and 192.0.2.(10i+2) on the server side (2001:db8:ffff::... over
 * IPv6), so a packet's outer source is the endpoint of its sender's
 * side.  UDP tunnels use a fixed source port per direction, as a flow
 * hash would give.  Outer IPv4 headers carry a correct header checksum
 * and DF; outer UDP checksums are 0 (allowed over IPv4, RFC 768).
 */
#include <string.h>

#include "gen.h"

#define ETHERTYPE_IPV4	0x0800
#define ETHERTYPE_IPV6	0x86dd
#define ETHERTYPE_TEB	0x6558
#define ETHERTYPE_ERSPAN 0x88be
#define ETHERTYPE_ERSPAN3 0x22eb
#define ETHERTYPE_MPLS	0x8847
#define IPPROTO_IPIP_	4
#define IPPROTO_UDP_	17
#define IPPROTO_IPV6_	41
#define IPPROTO_GRE_	47

#define GRE_K		0x2000
#define GRE_S		0x1000

#define VNI_VXLAN	42
#define VNI_GENEVE	5001
#define GRE_KEY		7
#define ERSPAN2_SESSION	100
#define ERSPAN3_SESSION	200

/* A packet being wrapped: bytes at b[off .. off+n), room in front. */
struct wbuf {
	uint8_t b[4096];
	size_t off, n;
};

static void
push(struct wbuf *w, const uint8_t *p, size_t n)
{
	if (n > w->off)
		return;		/* cannot happen: headers are small */
	w->off -= n;
	memcpy(w->b + w->off, p, n);
	w->n += n;
}

static void
put16(uint8_t *p, uint32_t v)
{
	p[0] = (uint8_t)(v >> 8);
	p[1] = (uint8_t)v;
}

static void
put32(uint8_t *p, uint32_t v)
{
	put16(p, v >> 16);
	put16(p + 2, v);
}

static uint16_t
ipsum(const uint8_t *p, size_t n)
{
	uint32_t s = 0;

	for (; n > 1; p += 2, n -= 2)
		s += (uint32_t)p[0] << 8 | p[1];
	while (s >> 16)
		s = (s & 0xffff) + (s >> 16);
	return (uint16_t)~s;
}

/* Whether layer t's outer header is IPv6. */
static bool
outer_v6(enum gen_tun t)
{
	return t == GT_4IN6 || t == GT_6IN6;
}

/* Tunnel endpoint of side `side` for layer i. */
static void
endpoint(int i, int side, bool v6, uint8_t a[16])
{
	static const uint8_t p6[16] = { 0x20, 0x01, 0x0d, 0xb8, 0xff, 0xff };

	memset(a, 0, 16);
	if (v6) {
		memcpy(a, p6, 16);
		a[14] = (uint8_t)i;
		a[15] = (uint8_t)(side + 1);
	} else {
		a[0] = 192;
		a[2] = 2;
		a[3] = (uint8_t)(10 * i + side + 1);
	}
}

/* An Ethernet header for the payload (a frame inside the tunnel). */
static void
inner_eth(struct wbuf *w, const struct gconn *c, int dir, bool v6)
{
	uint8_t h[14];

	memcpy(h, c->mac[!dir], 6);
	memcpy(h + 6, c->mac[dir], 6);
	put16(h + 12, v6 ? ETHERTYPE_IPV6 : ETHERTYPE_IPV4);
	push(w, h, sizeof h);
}

static void
gre(struct wbuf *w, uint16_t flags, uint16_t proto, uint32_t key,
    uint32_t seq)
{
	uint8_t h[12];
	size_t n = 4;

	put16(h, flags);
	put16(h + 2, proto);
	if (flags & GRE_K) {
		put32(h + n, key);
		n += 4;
	}
	if (flags & GRE_S) {
		put32(h + n, seq);
		n += 4;
	}
	push(w, h, n);
}

static void
udp(struct wbuf *w, uint16_t sport, uint16_t dport)
{
	uint8_t h[8];

	put16(h, sport);
	put16(h + 2, dport);
	put16(h + 4, (uint32_t)(w->n + 8));
	put16(h + 6, 0);
	push(w, h, sizeof h);
}

static void
outer_ip(struct wbuf *w, struct trace *tr, int i, int dir, bool v6,
    uint8_t proto)
{
	uint8_t h[40], src[16], dst[16];

	endpoint(i, dir, v6, src);
	endpoint(i, !dir, v6, dst);
	memset(h, 0, sizeof h);
	if (v6) {
		put32(h, 0x60000000u);
		put16(h + 4, (uint32_t)w->n);
		h[6] = proto;
		h[7] = 64;
		memcpy(h + 8, src, 16);
		memcpy(h + 24, dst, 16);
		push(w, h, 40);
		return;
	}
	h[0] = 0x45;
	put16(h + 2, (uint32_t)(w->n + 20));
	put16(h + 4, tr->tipid[dir]++);
	put16(h + 6, 0x4000);
	h[8] = 64;
	h[9] = proto;
	memcpy(h + 12, src, 4);
	memcpy(h + 16, dst, 4);
	put16(h + 10, ipsum(h, 20));
	push(w, h, 20);
}

/* UDP ports of a tunnel whose well-known port is `port`. */
static void
ports(int dir, uint16_t port, bool both, uint16_t *sport, uint16_t *dport)
{
	uint16_t eph = dir == C2S ? 50001 : 50002;

	if (both) {			/* GTP-U: the port on both sides */
		*sport = *dport = port;
	} else if (dir == C2S) {	/* the client side picks a port */
		*sport = eph;
		*dport = port;
	} else {
		*sport = port;
		*dport = 50001;
	}
}

/*
 * Wrap w (an IP packet of version *v6) in layer i of type t; *v6
 * becomes the outer header's version.
 */
static void
wrap(struct wbuf *w, struct gconn *c, int dir, int i, enum gen_tun t,
    bool *v6)
{
	struct trace *tr = c->tr;
	bool inner6 = *v6, o6 = outer_v6(t);
	uint8_t h[32];
	uint16_t sp, dp;
	uint32_t seq = ++tr->tseq[dir];

	memset(h, 0, sizeof h);
	switch (t) {
	case GT_NONE:
		return;
	case GT_GRE:
		gre(w, 0, inner6 ? ETHERTYPE_IPV6 : ETHERTYPE_IPV4, 0, 0);
		outer_ip(w, tr, i, dir, o6, IPPROTO_GRE_);
		break;
	case GT_GRE_KEYSEQ:
		gre(w, GRE_K | GRE_S, inner6 ? ETHERTYPE_IPV6 :
		    ETHERTYPE_IPV4, GRE_KEY, seq);
		outer_ip(w, tr, i, dir, o6, IPPROTO_GRE_);
		break;
	case GT_GRE_MPLS:
		/* Label 1001, bottom of stack, TTL 64 (RFC 3032 §2.1). */
		put32(h, 1001u << 12 | 0x100 | 64);
		push(w, h, 4);
		gre(w, 0, ETHERTYPE_MPLS, 0, 0);
		outer_ip(w, tr, i, dir, o6, IPPROTO_GRE_);
		break;
	case GT_GRE_TEB:
		inner_eth(w, c, dir, inner6);
		gre(w, 0, ETHERTYPE_TEB, 0, 0);
		outer_ip(w, tr, i, dir, o6, IPPROTO_GRE_);
		break;
	case GT_ERSPAN1:
		inner_eth(w, c, dir, inner6);
		gre(w, 0, ETHERTYPE_ERSPAN, 0, 0);
		outer_ip(w, tr, i, dir, o6, IPPROTO_GRE_);
		break;
	case GT_ERSPAN2:
		/* Version 1, VLAN 0, COS 0, En 0, T 0, session; index. */
		inner_eth(w, c, dir, inner6);
		put16(h, 0x1000);
		put16(h + 2, ERSPAN2_SESSION);
		put32(h + 4, 0x00000001);
		push(w, h, 8);
		gre(w, GRE_S, ETHERTYPE_ERSPAN, 0, seq);
		outer_ip(w, tr, i, dir, o6, IPPROTO_GRE_);
		break;
	case GT_ERSPAN3:
		/* Version 2, session; timestamp; SGT 0; FT 0 (Ethernet). */
		inner_eth(w, c, dir, inner6);
		put16(h, 0x2000);
		put16(h + 2, ERSPAN3_SESSION);
		put32(h + 4, (uint32_t)(tr->now / US));
		push(w, h, 12);
		gre(w, GRE_S, ETHERTYPE_ERSPAN3, 0, seq);
		outer_ip(w, tr, i, dir, o6, IPPROTO_GRE_);
		break;
	case GT_IPIP:
	case GT_6IN4:
	case GT_4IN6:
	case GT_6IN6:
		outer_ip(w, tr, i, dir, o6, inner6 ? IPPROTO_IPV6_ :
		    IPPROTO_IPIP_);
		break;
	case GT_VXLAN:
		inner_eth(w, c, dir, inner6);
		h[0] = 0x08;			/* I: the VNI is valid */
		put32(h + 4, VNI_VXLAN << 8);
		push(w, h, 8);
		ports(dir, 4789, false, &sp, &dp);
		udp(w, sp, dp);
		outer_ip(w, tr, i, dir, o6, IPPROTO_UDP_);
		break;
	case GT_GENEVE:
		/* One 4-byte option: class 0x0102, type 0x80, length 1. */
		inner_eth(w, c, dir, inner6);
		h[0] = 2;			/* version 0, 2 words of options */
		put16(h + 2, ETHERTYPE_TEB);
		put32(h + 4, VNI_GENEVE << 8);
		put16(h + 8, 0x0102);
		h[10] = 0x80;
		h[11] = 1;
		put32(h + 12, 0x5eed0001);
		push(w, h, 16);
		ports(dir, 6081, false, &sp, &dp);
		udp(w, sp, dp);
		outer_ip(w, tr, i, dir, o6, IPPROTO_UDP_);
		break;
	case GT_GTPU:
		/* v1, PT, E; G-PDU; sequence 0, N-PDU 0, next 0x85 (PDU
		 * session container: length 1, PDU type and QFI, next 0). */
		h[0] = 0x34;
		h[1] = 255;
		put16(h + 2, (uint32_t)(w->n + 8));
		put32(h + 4, dir == C2S ? 0x00001001 : 0x00002002);
		h[11] = 0x85;
		h[12] = 1;
		h[13] = dir == C2S ? 0x10 : 0x00;
		h[14] = 9;			/* QFI */
		h[15] = 0;
		push(w, h, 16);
		ports(dir, 2152, true, &sp, &dp);
		udp(w, sp, dp);
		outer_ip(w, tr, i, dir, o6, IPPROTO_UDP_);
		break;
	case GT_TEREDO:
	case GT_TEREDO_ANYPORT:
		/* Relay to client: an origin indication (RFC 4380 §5.1.1),
		 * the obfuscated port and address of the server side. */
		if (dir == S2C) {
			put16(h + 2, 0xffff ^ 3544);
			h[4] = 0xff ^ 192;
			h[5] = 0xff ^ 0;
			h[6] = 0xff ^ 2;
			h[7] = 0xff ^ 2;
			push(w, h, 8);
		}
		ports(dir, t == GT_TEREDO ? 3544 : 40444, false, &sp, &dp);
		udp(w, sp, dp);
		outer_ip(w, tr, i, dir, o6, IPPROTO_UDP_);
		break;
	case GT_AYIYA:
		/* Identity 2^4 bytes (type 1: integer), SHA-1 signature of 5
		 * words (hash 2, auth 2), forward (1), next header. */
		memset(h, 0x5a, 20);
		push(w, h, 20);				/* signature */
		push(w, c->addr[C2S], 16);		/* identity */
		h[0] = 0x41;
		h[1] = 0x52;
		h[2] = 0x21;
		h[3] = inner6 ? IPPROTO_IPV6_ : IPPROTO_IPIP_;
		put32(h + 4, (uint32_t)(GEN_EPOCH + tr->now / SEC));
		push(w, h, 8);
		ports(dir, 5072, false, &sp, &dp);
		udp(w, sp, dp);
		outer_ip(w, tr, i, dir, o6, IPPROTO_UDP_);
		break;
	}
	*v6 = o6;
}

size_t
gen_tunnel(struct gconn *c, int dir, const uint8_t *ip, size_t n,
    uint8_t *out, size_t cap, bool *v6)
{
	struct trace *tr = c->tr;
	const enum gen_tun *tun = dir == S2C && tr->tun_s2c[0] != GT_NONE ?
	    tr->tun_s2c : tr->tun;
	struct wbuf w;
	int k = 0;

	while (k < GEN_MAX_TUN && tun[k] != GT_NONE)
		k++;
	w.off = sizeof w.b - n;
	w.n = n;
	memcpy(w.b + w.off, ip, n);
	for (int i = k - 1; i >= 0; i--)
		wrap(&w, c, dir, i, tun[i], v6);
	if (w.n > cap)
		w.n = cap;
	memcpy(out, w.b + w.off, w.n);
	return w.n;
}
