/* SPDX-License-Identifier: MIT */
/*
 * pktbuild.c: the test frame builder of pktbuild.h.
 *
 * Everything is appended through put(), the only function that writes
 * into b->buf, so the bounds are checked in one place.
 */
#include <string.h>

#include "pktbuild.h"

static bool
put(struct pb *b, const void *p, size_t n)
{
	if (b->overflow || n > b->cap - b->len) {
		b->overflow = true;
		return false;
	}
	if (n > 0)
		memcpy(b->buf + b->len, p, n);
	b->len += n;
	return true;
}

void
pb_init(struct pb *b, uint8_t *buf, size_t cap)
{
	b->buf = buf;
	b->cap = cap;
	b->len = 0;
	b->overflow = false;
}

void
pb_u8(struct pb *b, uint8_t v)
{
	put(b, &v, 1);
}

void
pb_be16(struct pb *b, uint16_t v)
{
	uint8_t x[2] = { (uint8_t)(v >> 8), (uint8_t)v };

	put(b, x, sizeof x);
}

void
pb_be32(struct pb *b, uint32_t v)
{
	uint8_t x[4] = { (uint8_t)(v >> 24), (uint8_t)(v >> 16),
	    (uint8_t)(v >> 8), (uint8_t)v };

	put(b, x, sizeof x);
}

void
pb_le32(struct pb *b, uint32_t v)
{
	uint8_t x[4] = { (uint8_t)v, (uint8_t)(v >> 8),
	    (uint8_t)(v >> 16), (uint8_t)(v >> 24) };

	put(b, x, sizeof x);
}

void
pb_bytes(struct pb *b, const void *p, size_t n)
{
	put(b, p, n);
}

void
pb_zeros(struct pb *b, size_t n)
{
	static const uint8_t z[64];

	while (n > 0) {
		size_t k = n < sizeof z ? n : sizeof z;

		if (!put(b, z, k))
			return;
		n -= k;
	}
}

void
pb_set_be16(struct pb *b, size_t off, uint16_t v)
{
	if (off > b->len || b->len - off < 2) {
		b->overflow = true;
		return;
	}
	b->buf[off] = (uint8_t)(v >> 8);
	b->buf[off + 1] = (uint8_t)v;
}

void
pb_eth(struct pb *b, uint16_t type)
{
	static const uint8_t macs[12] = {
		0x02, 0x00, 0x00, 0x00, 0x00, 0x02,	/* destination */
		0x02, 0x00, 0x00, 0x00, 0x00, 0x01	/* source */
	};

	pb_bytes(b, macs, sizeof macs);
	pb_be16(b, type);
}

void
pb_vlan(struct pb *b, uint16_t tci, uint16_t type)
{
	pb_be16(b, tci);
	pb_be16(b, type);
}

void
pb_mpls(struct pb *b, uint32_t label, bool bottom, uint8_t ttl)
{
	pb_be32(b, (label & 0xfffff) << 12 | (bottom ? 0x100u : 0) | ttl);
}

size_t
pb_pppoe(struct pb *b, uint8_t code, uint16_t session)
{
	size_t off = b->len;

	pb_u8(b, 0x11);		/* version 1, type 1 */
	pb_u8(b, code);
	pb_be16(b, session);
	pb_be16(b, 0);		/* LENGTH, set by pb_pppoe_fix() */
	return off;
}

void
pb_pppoe_fix(struct pb *b, size_t off)
{
	pb_set_be16(b, off + 4, (uint16_t)(b->len - off - 6));
}

void
pb_sll(struct pb *b, uint16_t proto)
{
	pb_be16(b, 0);		/* packet type: to us */
	pb_be16(b, 1);		/* ARPHRD_ETHER */
	pb_be16(b, 6);		/* address length */
	pb_bytes(b, "\x02\x00\x00\x00\x00\x01\x00\x00", 8);
	pb_be16(b, proto);
}

void
pb_sll2(struct pb *b, uint16_t proto)
{
	pb_be16(b, proto);
	pb_be16(b, 0);		/* reserved */
	pb_be32(b, 2);		/* interface index */
	pb_be16(b, 1);		/* ARPHRD_ETHER */
	pb_u8(b, 0);		/* packet type: to us */
	pb_u8(b, 6);		/* address length */
	pb_bytes(b, "\x02\x00\x00\x00\x00\x01\x00\x00", 8);
}

void
pb_ip_default(struct pb_ip *ip, uint8_t version)
{
	memset(ip, 0, sizeof *ip);
	ip->version = version;
	ip->ttl = 64;
	ip->proto = 6;
	ip->id = 0x1234;
	if (version == 4) {
		memcpy(ip->src, "\x0a\x00\x00\x01", 4);
		memcpy(ip->dst, "\x0a\x00\x00\x02", 4);
	} else {
		memcpy(ip->src, "\x20\x01\x0d\xb8", 4);
		memcpy(ip->dst, "\x20\x01\x0d\xb8", 4);
		ip->src[15] = 1;
		ip->dst[15] = 2;
	}
}

size_t
pb_ip(struct pb *b, const struct pb_ip *ip)
{
	size_t off = b->len;

	if (ip->version == 6) {
		pb_be32(b, 0x60000000);	/* version, class, flow label */
		pb_be16(b, 0);		/* payload length */
		pb_u8(b, ip->proto);
		pb_u8(b, ip->ttl);
		pb_bytes(b, ip->src, 16);
		pb_bytes(b, ip->dst, 16);
		return off;
	}
	pb_u8(b, (uint8_t)(0x40 | (20 + ip->optlen) / 4));
	pb_u8(b, 0);			/* type of service */
	pb_be16(b, 0);			/* total length */
	pb_be16(b, ip->id);
	pb_be16(b, ip->frag);
	pb_u8(b, ip->ttl);
	pb_u8(b, ip->proto);
	pb_be16(b, 0);			/* header checksum */
	pb_bytes(b, ip->src, 4);
	pb_bytes(b, ip->dst, 4);
	pb_bytes(b, ip->opt, ip->optlen);
	return off;
}

void
pb_ip_fix(struct pb *b, size_t off)
{
	size_t hlen;

	if (b->overflow || off >= b->len)
		return;
	if (b->buf[off] >> 4 == 6) {
		pb_set_be16(b, off + 4, (uint16_t)(b->len - off - 40));
		return;
	}
	hlen = (size_t)(b->buf[off] & 0x0f) * 4;
	if (b->len - off < hlen || hlen < 20) {
		b->overflow = true;
		return;
	}
	pb_set_be16(b, off + 2, (uint16_t)(b->len - off));
	pb_set_be16(b, off + 10, 0);
	pb_set_be16(b, off + 10,
	    (uint16_t)~pb_fold(pb_sum(0, b->buf + off, hlen)));
}

void
pb_ip6_ext(struct pb *b, uint8_t type, uint8_t nxt, const void *body,
    size_t bodylen)
{
	size_t unit = type == 51 ? 4 : 8;
	size_t total = (2 + bodylen + unit - 1) / unit * unit;

	if (total < 8)
		total = 8;
	pb_u8(b, nxt);
	pb_u8(b, (uint8_t)(type == 51 ? total / 4 - 2 : total / 8 - 1));
	pb_bytes(b, body, bodylen);
	pb_zeros(b, total - 2 - bodylen);
}

void
pb_ip6_frag(struct pb *b, uint8_t nxt, uint16_t offset, bool more,
    uint32_t id)
{
	pb_u8(b, nxt);
	pb_u8(b, 0);
	pb_be16(b, (uint16_t)(offset << 3 | (more ? 1 : 0)));
	pb_be32(b, id);
}

void
pb_tcp_default(struct pb_tcp *t)
{
	memset(t, 0, sizeof *t);
	t->sport = 43512;
	t->dport = 80;
	t->seq = 1000;
	t->ack = 2000;
	t->flags = 0x18;	/* ACK | PSH */
	t->win = 65535;
}

size_t
pb_tcp(struct pb *b, const struct pb_tcp *t)
{
	size_t off = b->len;
	size_t pad = (4 - t->optlen % 4) % 4;

	pb_be16(b, t->sport);
	pb_be16(b, t->dport);
	pb_be32(b, t->seq);
	pb_be32(b, t->ack);
	pb_u8(b, (uint8_t)((20 + t->optlen + pad) / 4 << 4));
	pb_u8(b, t->flags);
	pb_be16(b, t->win);
	pb_be16(b, 0);			/* checksum */
	pb_be16(b, t->urp);
	pb_bytes(b, t->opt, t->optlen);
	pb_zeros(b, pad);
	return off;
}

void
pb_tcp_csum(struct pb *b, size_t off, const struct pb_ip *ip)
{
	uint32_t len;

	if (b->overflow || off > b->len || b->len - off < 20) {
		b->overflow = true;
		return;
	}
	len = (uint32_t)(b->len - off);
	pb_set_be16(b, off + 16, 0);
	pb_set_be16(b, off + 16, (uint16_t)~pb_fold(
	    pb_sum(pb_pseudo(ip, 6, len), b->buf + off, len)));
}

void
pb_udp(struct pb *b, uint16_t sport, uint16_t dport, const void *payload,
    size_t n)
{
	pb_be16(b, sport);
	pb_be16(b, dport);
	pb_be16(b, (uint16_t)(8 + n));
	pb_be16(b, 0);
	pb_bytes(b, payload, n);
}

size_t
pb_ip_tcp(struct pb *b, const struct pb_ip *ip, const struct pb_tcp *t,
    const void *payload, size_t n)
{
	size_t ipoff = pb_ip(b, ip);
	size_t tcpoff = pb_tcp(b, t);

	pb_bytes(b, payload, n);
	pb_tcp_csum(b, tcpoff, ip);
	pb_ip_fix(b, ipoff);
	return ipoff;
}

uint32_t
pb_sum(uint32_t sum, const uint8_t *p, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++) {
		sum += i % 2 ? p[i] : (uint32_t)p[i] << 8;
		sum = (sum & 0xffff) + (sum >> 16);
	}
	return sum;
}

uint16_t
pb_fold(uint32_t sum)
{
	while (sum >> 16)
		sum = (sum & 0xffff) + (sum >> 16);
	return (uint16_t)sum;
}

uint32_t
pb_pseudo(const struct pb_ip *ip, uint8_t proto, uint32_t len)
{
	size_t alen = ip->version == 6 ? 16 : 4;
	uint32_t sum;

	sum = pb_sum(0, ip->src, alen);
	sum = pb_sum(sum, ip->dst, alen);
	sum = pb_sum(sum, (const uint8_t[]){ 0, proto }, 2);
	return pb_sum(sum, (const uint8_t[]){ (uint8_t)(len >> 24),
	    (uint8_t)(len >> 16), (uint8_t)(len >> 8), (uint8_t)len }, 4);
}
