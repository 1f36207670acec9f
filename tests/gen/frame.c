/* SPDX-License-Identifier: MIT */
/*
 * frame.c: encodes one TCP segment as a complete frame (link header, IPv4
 * or IPv6 with optional extension headers, TCP with options and payload)
 * and hands it to the pcap writer.
 *
 * Checksums are computed as the RFCs say, so a strict reader accepts
 * every frame unless the scenario asks for a corrupted one: the IPv4
 * header checksum (RFC 791 §3.1), the TCP checksum over the IPv4
 * pseudo-header (RFC 9293 §3.1) or the IPv6 one (RFC 8200 §8.1, whose
 * upper-layer length excludes the extension headers).
 */
#include <string.h>

#include "gen.h"

#define ETHERTYPE_IPV4	0x0800
#define ETHERTYPE_IPV6	0x86dd
#define ETHERTYPE_8021Q	0x8100
#define ETHERTYPE_8021AD 0x88a8
#define ETHERTYPE_PBB	0x88e7
#define ETHERTYPE_VNTAG	0x8926
#define ETHERTYPE_FABRICPATH 0x8903
#define PBB_BVID	300
#define PBB_ISID	0x000100ab
#define VLAN_INNER	100
#define VLAN_OUTER	200
#define ARPHRD_ETHER	1
#define PACKET_HOST	0		/* Linux: addressed to this host */
#define PACKET_OUTGOING	4		/* Linux: sent by this host */
#define AF_INET_BSD	2		/* AF_INET on every BSD and Linux */
#define CHDLC_UNICAST	0x0f		/* Cisco HDLC address, control 0 */
#define ETH_MIN		60		/* minimum frame without FCS */

#define IPPROTO_HOPOPTS	0
#define IPPROTO_ICMP_	1
#define IPPROTO_TCP_	6
#define IPPROTO_ICMPV6_	58
#define IPPROTO_DSTOPTS	60

#define TCPOPT_EOL	0
#define TCPOPT_NOP	1
#define TCPOPT_MSS	2
#define TCPOPT_WS	3
#define TCPOPT_SACKOK	4
#define TCPOPT_TS	8

/* Frame under construction. */
struct fbuf {
	uint8_t b[4096];
	size_t n;
};

static void
be8(struct fbuf *f, uint32_t v)
{
	if (f->n < sizeof f->b)
		f->b[f->n++] = (uint8_t)v;
}

static void
be16(struct fbuf *f, uint32_t v)
{
	be8(f, v >> 8);
	be8(f, v);
}

static void
be32(struct fbuf *f, uint32_t v)
{
	be16(f, v >> 16);
	be16(f, v);
}

static void
bytes(struct fbuf *f, const uint8_t *p, size_t n)
{
	for (size_t i = 0; i < n; i++)
		be8(f, p[i]);
}

static void
set16(uint8_t *p, uint32_t v)
{
	p[0] = (uint8_t)(v >> 8);
	p[1] = (uint8_t)v;
}

/* RFC 1071 one's-complement sum, folded later. */
static uint32_t
sum(uint32_t s, const uint8_t *p, size_t n)
{
	for (; n > 1; p += 2, n -= 2)
		s += (uint32_t)p[0] << 8 | p[1];
	if (n)
		s += (uint32_t)p[0] << 8;
	return s;
}

static uint16_t
fold(uint32_t s)
{
	while (s >> 16)
		s = (s & 0xffff) + (s >> 16);
	return (uint16_t)~s;
}

/* Whether frames of this link type are Ethernet frames (padded). */
static bool
is_eth(enum gen_link link)
{
	return link <= GL_QINQ || link == GL_PBB || link == GL_VNTAG ||
	    link == GL_FABRICPATH;
}

/*
 * Link header up to and including the field that names the IP version
 * (v6: the outermost IP header's).
 */
static void
link_header(struct fbuf *f, const struct gconn *c, int dir,
    enum gen_link link, bool v6)
{
	const struct trace *tr = c->tr;
	uint16_t et = v6 ? ETHERTYPE_IPV6 : ETHERTYPE_IPV4;
	int in = dir != tr->host;	/* received by the capturing host */

	switch (link) {
	case GL_PBB:			/* backbone MACs, B-tag, I-tag */
		bytes(f, (const uint8_t *)"\x02\x00\xbb\x00\x00\x02", 6);
		bytes(f, (const uint8_t *)"\x02\x00\xbb\x00\x00\x01", 6);
		be16(f, ETHERTYPE_8021AD);
		be16(f, PBB_BVID);
		be16(f, ETHERTYPE_PBB);
		be32(f, PBB_ISID);	/* PCP 0, DEI 0, UCA 0, I-SID */
		bytes(f, c->mac[!dir], 6);
		bytes(f, c->mac[dir], 6);
		be16(f, et);
		break;
	case GL_VNTAG:			/* d 0, p 0, dvif 5, l 0, r 0, svif 9 */
		bytes(f, c->mac[!dir], 6);
		bytes(f, c->mac[dir], 6);
		be16(f, ETHERTYPE_VNTAG);
		be32(f, 0x00050009);
		be16(f, et);
		break;
	case GL_FABRICPATH:		/* outer switch ids, FTag 1, TTL 32 */
		bytes(f, (const uint8_t *)"\x02\x00\x0a\x00\x00\x02", 6);
		bytes(f, (const uint8_t *)"\x02\x00\x0a\x00\x00\x01", 6);
		be16(f, ETHERTYPE_FABRICPATH);
		be16(f, 1 << 6 | 32);
		bytes(f, c->mac[!dir], 6);
		bytes(f, c->mac[dir], 6);
		be16(f, et);
		break;
	case GL_FDDI:			/* FC async LLC, MACs, LLC/SNAP */
		be8(f, 0x50);
		bytes(f, c->mac[!dir], 6);
		bytes(f, c->mac[dir], 6);
		be8(f, 0xaa);
		be8(f, 0xaa);
		be8(f, 0x03);
		be8(f, 0);
		be16(f, 0);		/* OUI 00-00-00: an EtherType follows */
		be16(f, et);
		break;
	case GL_ETH:
	case GL_VLAN:
	case GL_QINQ:
		bytes(f, c->mac[!dir], 6);
		bytes(f, c->mac[dir], 6);
		if (link == GL_QINQ) {
			be16(f, ETHERTYPE_8021AD);	/* IEEE 802.1ad S-tag */
			be16(f, VLAN_OUTER);
		}
		if (link != GL_ETH) {
			be16(f, ETHERTYPE_8021Q);
			be16(f, VLAN_INNER);
		}
		be16(f, et);
		break;
	case GL_SLL:			/* 16 bytes, see pcap-linktype(7) */
		be16(f, in ? PACKET_HOST : PACKET_OUTGOING);
		be16(f, ARPHRD_ETHER);
		be16(f, 6);
		bytes(f, c->mac[dir], 6);
		be16(f, 0);		/* address field is 8 bytes */
		be16(f, et);
		break;
	case GL_SLL2:			/* 20 bytes */
		be16(f, et);
		be16(f, 0);		/* reserved */
		be32(f, 2);		/* interface index */
		be16(f, ARPHRD_ETHER);
		be8(f, in ? PACKET_HOST : PACKET_OUTGOING);
		be8(f, 6);
		bytes(f, c->mac[dir], 6);
		be16(f, 0);
		break;
	case GL_NULL:			/* family in the writer's byte order */
		be32(f, (uint32_t)AF_INET_BSD << 24);	/* = 2 little-endian */
		break;
	case GL_LOOP:			/* family always big-endian */
		be32(f, AF_INET_BSD);
		break;
	case GL_RAW:
		break;
	case GL_CHDLC:			/* address, control, EtherType */
		be8(f, CHDLC_UNICAST);
		be8(f, 0);
		be16(f, et);
		break;
	}
}

/* TCP options; returns their length, a multiple of 4. */
static size_t
tcp_options(struct fbuf *f, struct gconn *c, const struct seg *s)
{
	size_t start = f->n;
	int syn = s->flags & TH_SYN;
	uint8_t o = syn ? c->synopts[s->dir] : 0;

	if (!syn && c->ts)
		o = OPT_TS;
	if (o & OPT_MSS) {
		be8(f, TCPOPT_MSS);
		be8(f, 4);
		be16(f, c->tr->v6 ? 1440 : 1460);
	}
	if ((o & OPT_SACKOK) && (o & OPT_TS)) {
		be8(f, TCPOPT_SACKOK);	/* Linux order: no padding needed */
		be8(f, 2);
	} else if (o & (OPT_SACKOK | OPT_TS)) {
		be8(f, TCPOPT_NOP);
		be8(f, TCPOPT_NOP);
		if (o & OPT_SACKOK) {
			be8(f, TCPOPT_SACKOK);
			be8(f, 2);
		}
	}
	if (o & OPT_TS) {
		/* RFC 7323 §3.2: TSecr is 0 unless ACK is set. */
		uint32_t val = c->tsbase[s->dir] + (uint32_t)(c->tr->now / MS);

		be8(f, TCPOPT_TS);
		be8(f, 10);
		be32(f, val);
		be32(f, (s->flags & TH_ACK) ? c->tslast[!s->dir] : 0);
		c->tslast[s->dir] = val;
	}
	if (o & OPT_WS) {
		be8(f, TCPOPT_NOP);
		be8(f, TCPOPT_WS);
		be8(f, 3);
		be8(f, 7);
	}
	while ((f->n - start) % 4)
		be8(f, TCPOPT_EOL);
	return f->n - start;
}

/* Payload byte at relative offset off of side dir's stream. */
static uint8_t
pattern(int dir, uint32_t off)
{
	static const char *const line[2] = {
		"sevenway crafted client data 0123456789 abcdefghijklmnop\r\n",
		"sevenway crafted server data 9876543210 ponmlkjihgfedcba\r\n",
	};
	size_t n = strlen(line[dir]);

	return (uint8_t)line[dir][off % n];
}

/* TCP header and payload at f->b + f->n; returns the TCP length. */
static size_t
tcp_segment(struct fbuf *f, struct gconn *c, const struct seg *s)
{
	size_t start = f->n, optlen;
	uint16_t win = (s->flags & TH_SYN) ? c->synwin[s->dir] : c->win[s->dir];

	be16(f, c->port[s->dir]);
	be16(f, c->port[!s->dir]);
	be32(f, s->seq);
	be32(f, (s->flags & TH_ACK) ? s->ack : 0);
	be16(f, 0);			/* data offset and flags, below */
	be16(f, (s->flags & TH_RST) && !(s->flags & TH_ACK) ? 0 : win);
	be32(f, 0);			/* checksum, urgent pointer */
	if (!(s->flags & TH_RST) || c->ts)
		optlen = tcp_options(f, c, s);
	else
		optlen = 0;
	f->b[start + 12] = (uint8_t)(((20 + optlen) / 4) << 4);
	f->b[start + 13] = s->flags;
	for (uint16_t i = 0; i < s->len; i++)
		be8(f, s->text ? (uint8_t)s->text[i] :
		    pattern(s->dir, s->seq - c->isn[s->dir] - 1 + i));
	return f->n - start;
}

/* IPv6 hop-by-hop then destination options, each one PadN (RFC 8200 §4). */
static void
ext_headers(struct fbuf *f)
{
	static const uint8_t hbh[8] = { IPPROTO_DSTOPTS, 0, 1, 4, 0, 0, 0, 0 };
	static const uint8_t dst[8] = { IPPROTO_TCP_, 0, 1, 4, 0, 0, 0, 0 };

	bytes(f, hbh, sizeof hbh);
	bytes(f, dst, sizeof dst);
}

/* IP header and TCP segment of s at f->b + f->n, checksums right. */
static void
ip_tcp(struct fbuf *f, struct gconn *c, const struct seg *s)
{
	struct trace *tr = c->tr;
	size_t ip, tcp, tlen, alen = tr->v6 ? 16 : 4;
	uint32_t ps;
	uint16_t ck;
	bool tso;

	ip = f->n;
	if (tr->v6) {
		/* A fixed flow label per direction, as Linux sets one. */
		be32(f, 0x60000000u | (s->dir ? 0x5e7e1u : 0x0c11e1u));
		be16(f, 0);		/* payload length, below */
		be8(f, tr->ext ? IPPROTO_HOPOPTS : IPPROTO_TCP_);
		be8(f, c->ttl[s->dir]);
		bytes(f, c->addr[s->dir], 16);
		bytes(f, c->addr[!s->dir], 16);
		if (tr->ext)
			ext_headers(f);
	} else {
		be8(f, 0x45);
		be8(f, 0);
		be16(f, 0);		/* total length, below */
		be16(f, c->ipid[s->dir]++);
		be16(f, 0x4000);	/* DF */
		be8(f, c->ttl[s->dir]);
		be8(f, IPPROTO_TCP_);
		be16(f, 0);
		bytes(f, c->addr[s->dir], 4);
		bytes(f, c->addr[!s->dir], 4);
	}
	tcp = f->n;
	tlen = tcp_segment(f, c, s);
	/* A super-packet the NIC cuts up writes its own lengths (TSO). */
	tso = tr->tso && s->dir == tr->host && s->len > tr->tso;
	if (tr->v6) {
		set16(f->b + ip + 4, (uint32_t)(f->n - ip - 40));
	} else {
		set16(f->b + ip + 2, tso ? 0 : (uint32_t)(f->n - ip));
		set16(f->b + ip + 10, fold(sum(0, f->b + ip, 20)));
	}
	ps = sum(sum(0, c->addr[s->dir], alen), c->addr[!s->dir], alen);
	ps += IPPROTO_TCP_ + (uint32_t)tlen;
	ck = fold(sum(ps, f->b + tcp, tlen));
	if (s->badsum)
		ck ^= 0x0bad;
	/* Linux CHECKSUM_PARTIAL: the folded pseudo-header sum, which the
	 * NIC completes over the segment. */
	if (tr->offload && s->dir == tr->host)
		ck = (uint16_t)~fold(ps);
	set16(f->b + tcp + 16, ck);
}

/* Pad a frame that arrived (dir) over Ethernet, and write it. */
static void
put_frame(struct gconn *c, struct fbuf *f, int dir, enum gen_link link)
{
	struct trace *tr = c->tr;
	uint64_t ts;

	/* Frames received over Ethernet were padded to the minimum size. */
	if (is_eth(link) && dir != tr->host)
		while (f->n < ETH_MIN)
			be8(f, 0);

	ts = (uint64_t)GEN_EPOCH * SEC + tr->now;
	if (tr->ns_digits)
		ts += (tr->frames * 7919 + 123) % 1000;
	tr->frames++;
	if (tr->per_dir)
		tr->w.iface = tr->diface[dir];
	pcapw_packet(&tr->w, ts, f->b, (uint32_t)f->n);
}

void
gen_emit(struct gconn *c, const struct seg *s)
{
	struct trace *tr = c->tr;
	struct fbuf f = { .n = 0 };
	enum gen_link link;

	link = tr->per_dir ? tr->dlink[s->dir] : tr->link;
	if (tr->tun[0] != GT_NONE) {
		struct fbuf in = { .n = 0 };
		bool v6 = tr->v6;
		uint8_t out[sizeof f.b];
		size_t n;

		ip_tcp(&in, c, s);
		n = gen_tunnel(c, s->dir, in.b, in.n, out, sizeof out, &v6);
		link_header(&f, c, s->dir, link, v6);
		bytes(&f, out, n);
	} else {
		link_header(&f, c, s->dir, link, tr->v6);
		ip_tcp(&f, c, s);
	}
	put_frame(c, &f, s->dir, link);
}

/*
 * RFC 792 / RFC 4443: type, code, checksum, 4 bytes (unused, or the
 * MTU of a packet too big), then the quote.  The router is the remote
 * side's next hop: 10.x.0.254, or 2001:db8:x::fe.
 */
void
gen_emit_icmp(struct gconn *c, const struct seg *s, uint8_t type,
    uint8_t code, uint16_t qtcp)
{
	struct trace *tr = c->tr;
	struct gconn again = *c;
	struct fbuf f = { .n = 0 }, q = { .n = 0 };
	int to = s->dir;
	size_t alen = tr->v6 ? 16 : 4, ip, icmp, qlen;
	uint8_t router[16];
	enum gen_link link = tr->per_dir ? tr->dlink[!to] : tr->link;
	uint32_t s6;

	/* The quoted segment as it was sent: the same IPv4 id. */
	again.ipid[to]--;
	ip_tcp(&q, &again, s);
	qlen = (tr->v6 ? 40 : 20) + qtcp;
	if (qlen > q.n)
		qlen = q.n;
	memcpy(router, c->addr[to], 16);
	if (tr->v6)
		router[15] = 0xfe;
	else
		router[3] = 254;

	link_header(&f, c, !to, link, tr->v6);
	ip = f.n;
	if (tr->v6) {
		be32(&f, 0x60000000u);
		be16(&f, (uint32_t)(8 + qlen));
		be8(&f, IPPROTO_ICMPV6_);
		be8(&f, 64);
		bytes(&f, router, 16);
		bytes(&f, c->addr[to], 16);
	} else {
		be8(&f, 0x45);
		be8(&f, 0xc0);		/* Linux sends errors as CS6 */
		be16(&f, (uint32_t)(20 + 8 + qlen));
		be16(&f, 0);
		be16(&f, 0);
		be8(&f, 64);
		be8(&f, IPPROTO_ICMP_);
		be16(&f, 0);
		bytes(&f, router, 4);
		bytes(&f, c->addr[to], 4);
		set16(f.b + ip + 10, fold(sum(0, f.b + ip, 20)));
	}
	icmp = f.n;
	be8(&f, type);
	be8(&f, code);
	be16(&f, 0);
	be32(&f, type == 2 && tr->v6 ? 1280 : 0);
	bytes(&f, q.b, qlen);
	/* ICMPv6 sums a pseudo-header too (RFC 4443 §2.3). */
	s6 = 0;
	if (tr->v6)
		s6 = sum(sum(0, router, alen), c->addr[to], alen) +
		    IPPROTO_ICMPV6_ + (uint32_t)(f.n - icmp);
	set16(f.b + icmp + 2, fold(sum(s6, f.b + icmp, f.n - icmp)));

	if (tr->nicmp < MAX_ICMP) {
		tr->icmp[tr->nicmp].frame = tr->frames + 1;
		tr->icmp[tr->nicmp].type = type;
		tr->icmp[tr->nicmp].code = code;
		tr->nicmp++;
	}
	put_frame(c, &f, !to, link);
}
