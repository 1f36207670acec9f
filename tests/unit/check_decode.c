/* SPDX-License-Identifier: MIT */
/*
 * check_decode.c: unit tests of the IPv4/IPv6 layer of sw_decode(),
 * sw_addr_*, the name tables, and the test driver for all decode suites.
 *
 * Frames are built byte by byte with pktbuild.h on Ethernet (or raw
 * IPv6 where the link layer does not matter) and every test asserts the
 * decoded fields, not only the result code.
 */
#include <arpa/inet.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>

#include "check_decode.h"

#define ETH_IP		0x0800
#define ETH_IPV6	0x86dd

enum sw_decode_result
td_decode_len(int dlt, const uint8_t *buf, uint32_t caplen,
    uint32_t wirelen, struct sw_pkt *pkt)
{
	return td_decode_flags(dlt, buf, caplen, wirelen, 0, pkt);
}

enum sw_decode_result
td_decode_flags(int dlt, const uint8_t *buf, uint32_t caplen,
    uint32_t wirelen, unsigned flags, struct sw_pkt *pkt)
{
	uint8_t *copy = malloc(caplen > 0 ? caplen : 1);
	enum sw_decode_result r;

	ck_assert_ptr_nonnull(copy);
	if (caplen > 0)
		memcpy(copy, buf, caplen);
	r = sw_decode(dlt, copy, caplen, wirelen, flags, pkt);
	ck_assert_int_ge(r, 0);
	ck_assert_int_lt(r, SW_DEC__N);
	if (pkt->payload != NULL) {
		ck_assert(pkt->payload >= copy);
		ck_assert(pkt->payload + pkt->paycap <= copy + caplen);
		pkt->payload = buf + (pkt->payload - copy);
	}
	free(copy);
	return r;
}

enum sw_decode_result
td_decode(int dlt, const struct pb *b, struct sw_pkt *pkt)
{
	ck_assert(!b->overflow);
	return td_decode_len(dlt, b->buf, (uint32_t)b->len,
	    (uint32_t)b->len, pkt);
}

size_t
td_ip_tcp(struct pb *b, uint8_t version)
{
	struct pb_ip ip;
	struct pb_tcp t;

	pb_ip_default(&ip, version);
	pb_tcp_default(&t);
	return pb_ip_tcp(b, &ip, &t, TD_PAYLOAD, TD_PAYLEN);
}

void
td_assert_default(const struct sw_pkt *pkt, uint8_t version)
{
	struct pb_ip ip;
	size_t alen = version == 4 ? 4 : 16;

	pb_ip_default(&ip, version);
	ck_assert_uint_eq(pkt->ip_version, version);
	ck_assert_uint_eq(pkt->src.family, version);
	ck_assert_uint_eq(pkt->dst.family, version);
	ck_assert_mem_eq(pkt->src.a, ip.src, alen);
	ck_assert_mem_eq(pkt->dst.a, ip.dst, alen);
	ck_assert_uint_eq(pkt->ttl, 64);
	ck_assert_uint_eq(pkt->ip_proto, 6);
	ck_assert_uint_eq(pkt->sport, 43512);
	ck_assert_uint_eq(pkt->dport, 80);
	ck_assert_uint_eq(pkt->seq, 1000);
	ck_assert_uint_eq(pkt->ack, 2000);
	ck_assert_uint_eq(pkt->flags, SW_TH_ACK | SW_TH_PSH);
	ck_assert_uint_eq(pkt->win, 65535);
	ck_assert_uint_eq(pkt->thlen, 20);
	ck_assert_uint_eq(pkt->paylen, TD_PAYLEN);
	ck_assert_uint_eq(pkt->paycap, TD_PAYLEN);
	ck_assert_mem_eq(pkt->payload, TD_PAYLOAD, TD_PAYLEN);
	ck_assert_int_eq(pkt->csum, SW_CSUM_OK);
	ck_assert_int_eq(pkt->encap, SW_ENCAP_NONE);
}

/* Ethernet + IPv4 with the given header fields + TCP + "hello". */
static size_t
eth_ip4(struct pb *b, uint8_t *buf, size_t cap, const struct pb_ip *ip)
{
	struct pb_tcp t;

	pb_init(b, buf, cap);
	pb_eth(b, ETH_IP);
	pb_tcp_default(&t);
	return pb_ip_tcp(b, ip, &t, TD_PAYLOAD, TD_PAYLEN);
}

START_TEST(ipv4_plain)
{
	uint8_t buf[128];
	struct sw_pkt pkt;
	struct pb b;

	pb_init(&b, buf, sizeof buf);
	pb_eth(&b, ETH_IP);
	td_ip_tcp(&b, 4);
	ck_assert_int_eq(td_decode(TD_DLT_EN10MB, &b, &pkt), SW_DEC_OK);
	td_assert_default(&pkt, 4);
	ck_assert_ptr_eq(pkt.payload, buf + 14 + 20 + 20);
}
END_TEST

START_TEST(ipv4_options)
{
	/* Router alert (RFC 2113) then NOP padding: 8 bytes of options. */
	static const uint8_t opt[] = { 0x94, 0x04, 0x00, 0x00,
	    0x01, 0x01, 0x01, 0x00 };
	uint8_t buf[128];
	struct sw_pkt pkt;
	struct pb_ip ip;
	struct pb b;

	pb_ip_default(&ip, 4);
	ip.opt = opt;
	ip.optlen = sizeof opt;
	eth_ip4(&b, buf, sizeof buf, &ip);
	ck_assert_uint_eq(buf[14], 0x47);
	ck_assert_int_eq(td_decode(TD_DLT_EN10MB, &b, &pkt), SW_DEC_OK);
	td_assert_default(&pkt, 4);
	ck_assert_ptr_eq(pkt.payload, buf + 14 + 28 + 20);

	/* Options cut by the snap length: the IP header is not whole. */
	ck_assert_int_eq(td_decode_len(TD_DLT_EN10MB, buf, 14 + 24,
	    (uint32_t)b.len, &pkt), SW_DEC_ERR_IP_TRUNC);
}
END_TEST

START_TEST(ipv4_padding_ignored)
{
	uint8_t buf[128];
	struct sw_pkt pkt;
	struct pb_ip ip;
	struct pb_tcp t;
	struct pb b;

	pb_init(&b, buf, sizeof buf);
	pb_eth(&b, ETH_IP);
	pb_ip_default(&ip, 4);
	pb_tcp_default(&t);
	t.flags = SW_TH_ACK;
	pb_ip_tcp(&b, &ip, &t, NULL, 0);
	ck_assert_uint_eq(b.len, 54);
	/* Pad to the 60-byte minimum with non-zero junk, plus an FCS. */
	while (b.len < 64)
		pb_u8(&b, 0xa5);
	ck_assert_int_eq(td_decode(TD_DLT_EN10MB, &b, &pkt), SW_DEC_OK);
	ck_assert_uint_eq(pkt.paylen, 0);
	ck_assert_uint_eq(pkt.paycap, 0);
	ck_assert_int_eq(pkt.csum, SW_CSUM_OK);
	ck_assert_uint_eq(pkt.flags, SW_TH_ACK);
}
END_TEST

START_TEST(ipv4_fragments)
{
	static const uint16_t frag[] = {
		0x2000,		/* first fragment: MF, offset 0 */
		0x00b9,		/* last fragment: offset 185 */
		0x20b9,		/* middle fragment */
	};
	uint8_t buf[128];
	struct sw_pkt pkt;
	struct pb_ip ip;
	struct pb b;

	pb_ip_default(&ip, 4);
	ip.frag = frag[_i];
	eth_ip4(&b, buf, sizeof buf, &ip);
	ck_assert_int_eq(td_decode(TD_DLT_EN10MB, &b, &pkt),
	    SW_DEC_SKIP_FRAGMENT);
	ck_assert_uint_eq(pkt.ip_proto, 6);
	ck_assert_uint_eq(pkt.ip_version, 4);
}
END_TEST

START_TEST(ipv4_dont_fragment)
{
	uint8_t buf[128];
	struct sw_pkt pkt;
	struct pb_ip ip;
	struct pb b;

	pb_ip_default(&ip, 4);
	ip.frag = 0x4000;	/* DF alone is not a fragment */
	eth_ip4(&b, buf, sizeof buf, &ip);
	ck_assert_int_eq(td_decode(TD_DLT_EN10MB, &b, &pkt), SW_DEC_OK);
	td_assert_default(&pkt, 4);
}
END_TEST

START_TEST(ipv4_not_tcp)
{
	uint8_t buf[128];
	struct sw_pkt pkt;
	struct pb_ip ip;
	struct pb b;
	size_t off;

	pb_init(&b, buf, sizeof buf);
	pb_eth(&b, ETH_IP);
	pb_ip_default(&ip, 4);
	ip.proto = 17;
	off = pb_ip(&b, &ip);
	pb_udp(&b, 5353, 53, "q", 1);
	pb_ip_fix(&b, off);
	ck_assert_int_eq(td_decode(TD_DLT_EN10MB, &b, &pkt), SW_DEC_NOT_TCP);
	ck_assert_uint_eq(pkt.ip_proto, 17);
	ck_assert_int_eq(pkt.encap, SW_ENCAP_IP_PROTO);
	ck_assert_uint_eq(pkt.ip_version, 4);
	ck_assert_mem_eq(pkt.src.a, ip.src, 4);

	/* A UDP fragment counts as UDP, not as a fragment. */
	pb_set_be16(&b, 14 + 6, 0x2000);
	ck_assert_int_eq(td_decode(TD_DLT_EN10MB, &b, &pkt), SW_DEC_NOT_TCP);
}
END_TEST

START_TEST(ipv4_bad_headers)
{
	uint8_t buf[128];
	struct sw_pkt pkt;
	struct pb_ip ip;
	struct pb b;

	pb_ip_default(&ip, 4);
	/* IHL 4 */
	eth_ip4(&b, buf, sizeof buf, &ip);
	buf[14] = 0x44;
	ck_assert_int_eq(td_decode(TD_DLT_EN10MB, &b, &pkt),
	    SW_DEC_ERR_IP_HDR);
	/* version 5 under EtherType IPv4 */
	eth_ip4(&b, buf, sizeof buf, &ip);
	buf[14] = 0x55;
	ck_assert_int_eq(td_decode(TD_DLT_EN10MB, &b, &pkt),
	    SW_DEC_ERR_IP_HDR);
	/* total length 19 < IHL * 4 */
	eth_ip4(&b, buf, sizeof buf, &ip);
	pb_set_be16(&b, 14 + 2, 19);
	ck_assert_int_eq(td_decode(TD_DLT_EN10MB, &b, &pkt),
	    SW_DEC_ERR_IP_HDR);
	/* total length one more than the frame had on the wire */
	eth_ip4(&b, buf, sizeof buf, &ip);
	pb_set_be16(&b, 14 + 2, (uint16_t)(b.len - 14 + 1));
	ck_assert_int_eq(td_decode(TD_DLT_EN10MB, &b, &pkt),
	    SW_DEC_ERR_IP_HDR);
	/* ... but fine when the wire had the bytes and the snap cut them */
	ck_assert_int_eq(td_decode_len(TD_DLT_EN10MB, buf, (uint32_t)b.len,
	    (uint32_t)b.len + 1, &pkt), SW_DEC_OK);
	ck_assert_uint_eq(pkt.paylen, TD_PAYLEN + 1);
	ck_assert_uint_eq(pkt.paycap, TD_PAYLEN);
	ck_assert_int_eq(pkt.csum, SW_CSUM_UNVERIFIED);
	/* IP header cut short */
	ck_assert_int_eq(td_decode_len(TD_DLT_EN10MB, buf, 14 + 19,
	    (uint32_t)b.len, &pkt), SW_DEC_ERR_IP_TRUNC);
}
END_TEST

START_TEST(ipv4_tot_below_options)
{
	static const uint8_t opt[] = { 1, 1, 1, 1, 1, 1, 1, 0 };
	uint8_t buf[128];
	struct sw_pkt pkt;
	struct pb_ip ip;
	struct pb b;

	pb_ip_default(&ip, 4);
	ip.opt = opt;
	ip.optlen = sizeof opt;
	eth_ip4(&b, buf, sizeof buf, &ip);
	pb_set_be16(&b, 14 + 2, 24);	/* < IHL 7 * 4 = 28 */
	ck_assert_int_eq(td_decode(TD_DLT_EN10MB, &b, &pkt),
	    SW_DEC_ERR_IP_HDR);
}
END_TEST

/*
 * Segmentation offload: a sending host hands the capture IPv4 Total
 * Length 0.  The segment is the rest of the frame (as on the wire, also
 * beyond the snap length), its checksum unverified; the IP header
 * checksum is not looked at anyway.
 */
START_TEST(ipv4_tso_zero_length)
{
	uint8_t buf[128];
	struct sw_pkt pkt;
	struct pb_ip ip;
	struct pb b;

	pb_ip_default(&ip, 4);
	eth_ip4(&b, buf, sizeof buf, &ip);
	pb_set_be16(&b, 14 + 2, 0);
	ck_assert_int_eq(td_decode(TD_DLT_EN10MB, &b, &pkt), SW_DEC_OK);
	ck_assert_uint_eq(pkt.seq, 1000);
	ck_assert_uint_eq(pkt.paylen, TD_PAYLEN);
	ck_assert_uint_eq(pkt.paycap, TD_PAYLEN);
	ck_assert_mem_eq(pkt.payload, TD_PAYLOAD, TD_PAYLEN);
	ck_assert_int_eq(pkt.csum, SW_CSUM_UNVERIFIED);
	/* A bad checksum cannot be told either: the NIC writes it. */
	buf[b.len - 1] ^= 0x5a;
	ck_assert_int_eq(td_decode(TD_DLT_EN10MB, &b, &pkt), SW_DEC_OK);
	ck_assert_int_eq(pkt.csum, SW_CSUM_UNVERIFIED);
	/* Cut by the snap length: the wire length still counts. */
	ck_assert_int_eq(td_decode_len(TD_DLT_EN10MB, buf, (uint32_t)b.len,
	    (uint32_t)b.len + 3000, &pkt), SW_DEC_OK);
	ck_assert_uint_eq(pkt.paylen, TD_PAYLEN + 3000);
	ck_assert_uint_eq(pkt.paycap, TD_PAYLEN);
	/* Shorter than its own header is still a bad header. */
	ck_assert_int_eq(td_decode_len(TD_DLT_EN10MB, buf, 14 + 20,
	    14 + 20, &pkt), SW_DEC_ERR_TCP_HDR);
	buf[14] = 0x46;		/* IHL 6: 24 bytes, more than the frame */
	ck_assert_int_eq(td_decode_len(TD_DLT_EN10MB, buf, 14 + 20,
	    14 + 22, &pkt), SW_DEC_ERR_IP_HDR);
}
END_TEST

/* -K: every checksum stays unverified, bad ones too, IPv4 and IPv6. */
START_TEST(no_checksums)
{
	uint8_t buf[128];
	struct sw_pkt pkt;
	struct pb b;

	pb_init(&b, buf, sizeof buf);
	td_ip_tcp(&b, _i ? 6 : 4);
	ck_assert_int_eq(td_decode_flags(TD_DLT_RAW, buf, (uint32_t)b.len,
	    (uint32_t)b.len, SW_DECODE_NO_CSUM, &pkt), SW_DEC_OK);
	ck_assert_int_eq(pkt.csum, SW_CSUM_UNVERIFIED);
	buf[b.len - 1] ^= 0x01;
	ck_assert_int_eq(td_decode(TD_DLT_RAW, &b, &pkt), SW_DEC_OK);
	ck_assert_int_eq(pkt.csum, SW_CSUM_BAD);
	ck_assert_int_eq(td_decode_flags(TD_DLT_RAW, buf, (uint32_t)b.len,
	    (uint32_t)b.len, SW_DECODE_NO_CSUM, &pkt), SW_DEC_OK);
	ck_assert_int_eq(pkt.csum, SW_CSUM_UNVERIFIED);
	ck_assert_uint_eq(pkt.paylen, TD_PAYLEN);
}
END_TEST

/* Raw IPv6 frame: header, the extension headers ext() writes, TCP. */
static void
ip6_chain(struct pb *b, uint8_t *buf, size_t cap, uint8_t first,
    void (*ext)(struct pb *), const struct pb_ip *pseudo)
{
	struct pb_ip ip;
	struct pb_tcp t;
	size_t ipoff, tcpoff;

	pb_init(b, buf, cap);
	pb_ip_default(&ip, 6);
	ip.proto = first;
	ipoff = pb_ip(b, &ip);
	if (ext != NULL)
		ext(b);
	pb_tcp_default(&t);
	tcpoff = pb_tcp(b, &t);
	pb_bytes(b, TD_PAYLOAD, TD_PAYLEN);
	pb_tcp_csum(b, tcpoff, pseudo != NULL ? pseudo : &ip);
	pb_ip_fix(b, ipoff);
	ck_assert(!b->overflow);
}

START_TEST(ipv6_plain)
{
	uint8_t buf[128];
	struct sw_pkt pkt;
	struct pb b;

	ip6_chain(&b, buf, sizeof buf, 6, NULL, NULL);
	ck_assert_int_eq(td_decode(TD_DLT_RAW, &b, &pkt), SW_DEC_OK);
	td_assert_default(&pkt, 6);
	ck_assert_ptr_eq(pkt.payload, buf + 40 + 20);
}
END_TEST

static void
chain_all(struct pb *b)
{
	static const uint8_t opts[6] = { 1, 4, 0, 0, 0, 0 };	/* PadN */
	/* SRH type 4, segments left 0, one segment. */
	static const uint8_t srh[22] = { 4, 0, 0, 0, 0, 0,
	    0x20, 0x01, 0x0d, 0xb8, [21] = 9 };
	static const uint8_t ah[10] = { 0, 0, 0, 0, 0, 1, 0, 0, 0, 7 };

	pb_ip6_ext(b, 0, 43, opts, sizeof opts);
	pb_ip6_ext(b, 43, 60, srh, sizeof srh);
	pb_ip6_ext(b, 60, 51, opts, sizeof opts);
	pb_ip6_ext(b, 51, 6, ah, sizeof ah);
}

START_TEST(ipv6_ext_chain)
{
	uint8_t buf[256];
	struct sw_pkt pkt;
	struct pb b;

	ip6_chain(&b, buf, sizeof buf, 0, chain_all, NULL);
	ck_assert_uint_eq(b.len, 40 + 8 + 24 + 8 + 12 + 20 + TD_PAYLEN);
	ck_assert_int_eq(td_decode(TD_DLT_RAW, &b, &pkt), SW_DEC_OK);
	td_assert_default(&pkt, 6);

	/* Every prefix of the extension headers is an IP truncation. */
	for (uint32_t n = 40; n < 40 + 52; n++)
		ck_assert_int_eq(td_decode_len(TD_DLT_RAW, buf, n,
		    (uint32_t)b.len, &pkt), SW_DEC_ERR_IP_TRUNC);
}
END_TEST

static void
chain_mobility(struct pb *b)
{
	static const uint8_t body[6];

	pb_ip6_ext(b, 135, 139, body, sizeof body);
	pb_ip6_ext(b, 139, 140, body, sizeof body);
	pb_ip6_ext(b, 140, 6, body, sizeof body);
}

START_TEST(ipv6_ext_mobility_hip_shim6)
{
	uint8_t buf[256];
	struct sw_pkt pkt;
	struct pb b;

	ip6_chain(&b, buf, sizeof buf, 135, chain_mobility, NULL);
	ck_assert_int_eq(td_decode(TD_DLT_RAW, &b, &pkt), SW_DEC_OK);
	td_assert_default(&pkt, 6);
}
END_TEST

static const uint8_t home_addr[16] = { 0x20, 0x01, 0x0d, 0xb8, 0, 0, 0, 0,
    0, 0, 0, 0, 0, 0, 0x77, 0x77 };

static void
chain_rh2(struct pb *b)
{
	uint8_t rh[22] = { 2, 1, 0, 0, 0, 0 };	/* type 2, 1 left */

	memcpy(rh + 6, home_addr, 16);
	pb_ip6_ext(b, 43, 6, rh, sizeof rh);
}

static void
chain_rh0(struct pb *b)
{
	uint8_t rh[38] = { 0, 2, 0, 0, 0, 0, 0x20, 0x01 };	/* type 0 */

	memcpy(rh + 22, home_addr, 16);
	pb_ip6_ext(b, 43, 6, rh, sizeof rh);
}

static void
chain_rh3(struct pb *b)
{
	/* RPL (RFC 6554), one compressed address. */
	static const uint8_t rh[14] = { 3, 1, 0xff, 0, 0, 0, 1 };

	pb_ip6_ext(b, 43, 6, rh, sizeof rh);
}

START_TEST(ipv6_routing_final_dst)
{
	uint8_t buf[256];
	struct sw_pkt pkt;
	struct pb_ip pseudo;
	struct pb b;

	/* RFC 8200 §8.1: the pseudo-header holds the final destination. */
	pb_ip_default(&pseudo, 6);
	memcpy(pseudo.dst, home_addr, 16);
	ip6_chain(&b, buf, sizeof buf, 43, chain_rh2, &pseudo);
	ck_assert_int_eq(td_decode(TD_DLT_RAW, &b, &pkt), SW_DEC_OK);
	ck_assert_int_eq(pkt.csum, SW_CSUM_OK);
	ip6_chain(&b, buf, sizeof buf, 43, chain_rh0, &pseudo);
	ck_assert_int_eq(td_decode(TD_DLT_RAW, &b, &pkt), SW_DEC_OK);
	ck_assert_int_eq(pkt.csum, SW_CSUM_OK);
	/* The IPv6 destination is not the final one: not OK. */
	ip6_chain(&b, buf, sizeof buf, 43, chain_rh2, NULL);
	ck_assert_int_eq(td_decode(TD_DLT_RAW, &b, &pkt), SW_DEC_OK);
	ck_assert_int_eq(pkt.csum, SW_CSUM_BAD);
	/* RPL compresses it away: whole, but not verifiable. */
	ip6_chain(&b, buf, sizeof buf, 43, chain_rh3, NULL);
	ck_assert_int_eq(td_decode(TD_DLT_RAW, &b, &pkt), SW_DEC_OK);
	ck_assert_int_eq(pkt.csum, SW_CSUM_UNVERIFIED);
}
END_TEST

static void
chain_frag_first(struct pb *b)
{
	pb_ip6_frag(b, 6, 0, true, 42);
}

static void
chain_frag_later(struct pb *b)
{
	pb_ip6_frag(b, 6, 100, false, 42);
}

static void
chain_frag_atomic(struct pb *b)
{
	pb_ip6_frag(b, 6, 0, false, 42);
}

static void
chain_frag_udp(struct pb *b)
{
	pb_ip6_frag(b, 17, 100, true, 42);
}

START_TEST(ipv6_fragments)
{
	uint8_t buf[256];
	struct sw_pkt pkt;
	struct pb b;

	ip6_chain(&b, buf, sizeof buf, 44, chain_frag_first, NULL);
	ck_assert_int_eq(td_decode(TD_DLT_RAW, &b, &pkt),
	    SW_DEC_SKIP_FRAGMENT);
	ip6_chain(&b, buf, sizeof buf, 44, chain_frag_later, NULL);
	ck_assert_int_eq(td_decode(TD_DLT_RAW, &b, &pkt),
	    SW_DEC_SKIP_FRAGMENT);
	ip6_chain(&b, buf, sizeof buf, 44, chain_frag_udp, NULL);
	ck_assert_int_eq(td_decode(TD_DLT_RAW, &b, &pkt), SW_DEC_NOT_TCP);
	ck_assert_uint_eq(pkt.ip_proto, 17);
	/* RFC 6946 atomic fragment: a whole packet, checksum and all. */
	ip6_chain(&b, buf, sizeof buf, 44, chain_frag_atomic, NULL);
	ck_assert_int_eq(td_decode(TD_DLT_RAW, &b, &pkt), SW_DEC_OK);
	td_assert_default(&pkt, 6);
	/* ... whatever its reserved bits (RFC 8200 §4.5: ignored). */
	buf[40 + 1] = 0xff;
	buf[40 + 3] |= 0x06;
	ck_assert_int_eq(td_decode(TD_DLT_RAW, &b, &pkt), SW_DEC_OK);
	td_assert_default(&pkt, 6);
}
END_TEST

START_TEST(ipv6_not_tcp)
{
	static const uint8_t nxt[] = { 50, 59, 17, 58 };
	uint8_t buf[128];
	struct sw_pkt pkt;
	struct pb_ip ip;
	struct pb b;
	size_t off;

	pb_init(&b, buf, sizeof buf);
	pb_ip_default(&ip, 6);
	ip.proto = 0;
	off = pb_ip(&b, &ip);
	pb_ip6_ext(&b, 0, nxt[_i], NULL, 0);
	pb_zeros(&b, 16);
	pb_ip_fix(&b, off);
	ck_assert_int_eq(td_decode(TD_DLT_RAW, &b, &pkt), SW_DEC_NOT_TCP);
	ck_assert_uint_eq(pkt.ip_proto, nxt[_i]);
	ck_assert_int_eq(pkt.encap, SW_ENCAP_IP_PROTO);
	ck_assert_uint_eq(pkt.ip_version, 6);
}
END_TEST

static void
chain_16(struct pb *b)
{
	for (int i = 0; i < 16; i++)
		pb_ip6_ext(b, 60, i < 15 ? 60 : 6, NULL, 0);
}

static void
chain_17(struct pb *b)
{
	for (int i = 0; i < 17; i++)
		pb_ip6_ext(b, 60, i < 16 ? 60 : 6, NULL, 0);
}

START_TEST(ipv6_bad_ext)
{
	uint8_t buf[512];
	struct sw_pkt pkt;
	struct pb b;

	ip6_chain(&b, buf, sizeof buf, 60, chain_16, NULL);
	ck_assert_int_eq(td_decode(TD_DLT_RAW, &b, &pkt), SW_DEC_OK);
	ip6_chain(&b, buf, sizeof buf, 60, chain_17, NULL);
	ck_assert_int_eq(td_decode(TD_DLT_RAW, &b, &pkt),
	    SW_DEC_ERR_IP6_EXT);

	/* A hop-by-hop header longer than the whole payload. */
	ip6_chain(&b, buf, sizeof buf, 0, chain_all, NULL);
	buf[41] = 30;
	ck_assert_int_eq(td_decode(TD_DLT_RAW, &b, &pkt),
	    SW_DEC_ERR_IP6_EXT);
	/* AH with length 0 cannot hold its SPI and sequence number. */
	ip6_chain(&b, buf, sizeof buf, 0, chain_all, NULL);
	buf[40 + 8 + 24 + 8 + 1] = 0;
	ck_assert_int_eq(td_decode(TD_DLT_RAW, &b, &pkt),
	    SW_DEC_ERR_IP6_EXT);
	/* Payload length ending inside an extension header. */
	ip6_chain(&b, buf, sizeof buf, 0, chain_all, NULL);
	pb_set_be16(&b, 4, 8 + 10);
	ck_assert_int_eq(td_decode(TD_DLT_RAW, &b, &pkt),
	    SW_DEC_ERR_IP6_EXT);
	/* ... or right after the first one, 1 byte before the next. */
	pb_set_be16(&b, 4, 9);
	ck_assert_int_eq(td_decode(TD_DLT_RAW, &b, &pkt),
	    SW_DEC_ERR_IP6_EXT);
}
END_TEST

START_TEST(ipv6_bad_header)
{
	uint8_t buf[128];
	struct sw_pkt pkt;
	struct pb b;

	/* Payload length beyond the frame. */
	ip6_chain(&b, buf, sizeof buf, 6, NULL, NULL);
	pb_set_be16(&b, 4, (uint16_t)(b.len - 40 + 1));
	ck_assert_int_eq(td_decode(TD_DLT_RAW, &b, &pkt),
	    SW_DEC_ERR_IP_HDR);
	/* Jumbogram (RFC 2675): payload length 0 and hop-by-hop. */
	ip6_chain(&b, buf, sizeof buf, 0, chain_all, NULL);
	pb_set_be16(&b, 4, 0);
	ck_assert_int_eq(td_decode(TD_DLT_RAW, &b, &pkt),
	    SW_DEC_ERR_IP_HDR);
	/* Version 4 nibble under EtherType / DLT IPv6. */
	ip6_chain(&b, buf, sizeof buf, 6, NULL, NULL);
	buf[0] = 0x45;
	ck_assert_int_eq(td_decode(TD_DLT_IPV6, &b, &pkt),
	    SW_DEC_ERR_IP_HDR);
	/* Header cut short. */
	ip6_chain(&b, buf, sizeof buf, 6, NULL, NULL);
	ck_assert_int_eq(td_decode_len(TD_DLT_RAW, buf, 39,
	    (uint32_t)b.len, &pkt), SW_DEC_ERR_IP_TRUNC);
	/* Ethernet padding after an IPv6 packet is ignored. */
	pb_zeros(&b, 6);
	ck_assert_int_eq(td_decode(TD_DLT_RAW, &b, &pkt), SW_DEC_OK);
	td_assert_default(&pkt, 6);
}
END_TEST

/*
 * IPv6 BIG TCP as a Linux sender captures it: payload length 0, no
 * hop-by-hop header.  The segment is the rest of the frame, unverified.
 */
START_TEST(ipv6_big_tcp_zero_length)
{
	uint8_t buf[128];
	struct sw_pkt pkt;
	struct pb b;

	ip6_chain(&b, buf, sizeof buf, 6, NULL, NULL);
	pb_set_be16(&b, 4, 0);
	ck_assert_int_eq(td_decode(TD_DLT_RAW, &b, &pkt), SW_DEC_OK);
	ck_assert_uint_eq(pkt.paylen, TD_PAYLEN);
	ck_assert_int_eq(pkt.csum, SW_CSUM_UNVERIFIED);
	ck_assert_int_eq(td_decode_len(TD_DLT_RAW, buf, (uint32_t)b.len,
	    (uint32_t)b.len + 65536, &pkt), SW_DEC_OK);
	ck_assert_uint_eq(pkt.paylen, TD_PAYLEN + 65536);
	ck_assert_uint_eq(pkt.paycap, TD_PAYLEN);
}
END_TEST

/* sw_addr_str against the C library's inet_ntop, byte for byte. */
static void
same_as_ntop(const struct sw_addr *a)
{
	char want[INET6_ADDRSTRLEN], got[64];

	ck_assert_ptr_nonnull(inet_ntop(a->family == 4 ? AF_INET : AF_INET6,
	    a->a, want, sizeof(want)));
	ck_assert_str_eq(sw_addr_str(a, got, sizeof(got)), want);
	/* Just long enough, and one byte short. */
	ck_assert_str_eq(sw_addr_str(a, got, strlen(want) + 1), want);
	ck_assert_str_eq(sw_addr_str(a, got, strlen(want)), "");
}

/*
 * Every pattern of zero and non-zero groups (where the "::" goes, ties
 * and all), with group values of every width, the embedded IPv4 forms
 * (mapped, compatible, and their near misses), and IPv4 octets of one,
 * two and three digits.
 */
START_TEST(addr_str_as_inet_ntop)
{
	static const uint16_t vals[] = { 1, 0xf, 0x10, 0xab, 0x100, 0xfff,
	    0x1000, 0xffff, 0x8, 0xdb8 };
	static const uint8_t tails[][8] = {
		{ 0, 0, 0, 0, 0, 0, 0, 1 }, { 0, 0, 0xff, 0xff, 1, 2, 3, 4 },
		{ 0, 0, 0, 0, 1, 2, 3, 4 }, { 0, 0, 0, 0, 0, 0, 0, 0 },
		{ 0, 1, 0xff, 0xff, 1, 2, 3, 4 }, { 0, 0, 0xff, 0xfe, 1, 2, 3, 4 },
		{ 0, 0, 0, 0, 0, 0, 0, 2 }, { 0, 0, 0, 0, 0, 1, 0, 0 },
	};
	struct sw_addr a;
	unsigned k = 0;

	memset(&a, 0, sizeof(a));
	a.family = 6;
	for (unsigned mask = 0; mask < 256; mask++) {
		for (int g = 0; g < 8; g++) {
			uint16_t v = (mask >> g) & 1 ?
			    vals[k++ % (sizeof(vals) / sizeof(vals[0]))] : 0;

			a.a[2 * g] = (uint8_t)(v >> 8);
			a.a[2 * g + 1] = (uint8_t)v;
		}
		same_as_ntop(&a);
	}
	for (size_t t = 0; t < sizeof(tails) / sizeof(tails[0]); t++) {
		memset(a.a, 0, sizeof(a.a));
		memcpy(a.a + 8, tails[t], 8);
		same_as_ntop(&a);
		a.a[0] = 0x20;		/* not all zeros in front any more */
		same_as_ntop(&a);
	}
	memset(&a, 0, sizeof(a));
	a.family = 4;
	for (unsigned v = 0; v < 256; v++) {
		a.a[0] = (uint8_t)v;
		a.a[1] = (uint8_t)(255 - v);
		a.a[2] = (uint8_t)(v * 7);
		a.a[3] = (uint8_t)(v / 3);
		same_as_ntop(&a);
	}
}
END_TEST

START_TEST(addr_str_cmp)
{
	struct sw_addr v4 = { 4, { 10, 0, 0, 1 } };
	struct sw_addr v4b = { 4, { 10, 0, 0, 2, 0xff } };
	struct sw_addr v6 = { 6, { 0x20, 0x01, 0x0d, 0xb8, [15] = 1 } };
	struct sw_addr bad = { 9, { 0 } };
	char s[64];

	ck_assert_str_eq(sw_addr_str(&v4, s, sizeof s), "10.0.0.1");
	ck_assert_str_eq(sw_addr_str(&v6, s, sizeof s), "2001:db8::1");
	ck_assert_str_eq(sw_addr_str(&bad, s, sizeof s), "?");
	ck_assert_str_eq(sw_addr_str(&v4, s, 4), "");
	ck_assert_ptr_eq(sw_addr_str(&v4, s, 0), s);

	ck_assert_int_lt(sw_addr_cmp(&v4, &v4b), 0);
	ck_assert_int_gt(sw_addr_cmp(&v4b, &v4), 0);
	ck_assert_int_lt(sw_addr_cmp(&v4b, &v6), 0);
	ck_assert_int_eq(sw_addr_cmp(&v6, &v6), 0);
	v4b.a[3] = 1;		/* bytes past a[3] do not count for IPv4 */
	ck_assert_int_eq(sw_addr_cmp(&v4, &v4b), 0);
}
END_TEST

START_TEST(names)
{
	int i, j;

	for (i = 0; i < SW_DEC__N; i++) {
		ck_assert_ptr_nonnull(sw_decode_result_name(i));
		ck_assert_str_ne(sw_decode_result_name(i), "unknown");
		for (j = 0; j < i; j++)
			ck_assert_str_ne(sw_decode_result_name(i),
			    sw_decode_result_name(j));
	}
	for (i = 0; i < SW_ENCAP__N; i++) {
		ck_assert_str_ne(sw_encap_name(i), "unknown");
		for (j = 0; j < i; j++)
			ck_assert_str_ne(sw_encap_name(i), sw_encap_name(j));
	}
	ck_assert_str_eq(sw_decode_result_name(SW_DEC_OK), "ok");
	ck_assert_str_eq(sw_decode_result_name(SW_DEC_ERR_TCP_OPT),
	    "tcp-bad-option");
	ck_assert_str_eq(sw_decode_result_name(SW_DEC_ICMP_TCP),
	    "icmp-error");
	ck_assert_str_eq(sw_decode_result_name(SW_DEC_ERR_ICMP_QUOTE),
	    "icmp-bad-quote");
	ck_assert_str_eq(sw_decode_result_name(SW_DEC__N), "unknown");
	ck_assert_str_eq(sw_encap_name(SW_ENCAP_PPPOE_DISC),
	    "pppoe-discovery");
	ck_assert_str_eq(sw_encap_name(SW_ENCAP__N), "unknown");
}
END_TEST

Suite *
decode_ip_suite(void)
{
	Suite *s = suite_create("decode_ip");
	TCase *tc = tcase_create("ipv4");

	tcase_add_test(tc, ipv4_plain);
	tcase_add_test(tc, ipv4_options);
	tcase_add_test(tc, ipv4_padding_ignored);
	tcase_add_loop_test(tc, ipv4_fragments, 0, 3);
	tcase_add_test(tc, ipv4_dont_fragment);
	tcase_add_test(tc, ipv4_not_tcp);
	tcase_add_test(tc, ipv4_bad_headers);
	tcase_add_test(tc, ipv4_tot_below_options);
	tcase_add_test(tc, ipv4_tso_zero_length);
	tcase_add_loop_test(tc, no_checksums, 0, 2);
	suite_add_tcase(s, tc);

	tc = tcase_create("ipv6");
	tcase_add_test(tc, ipv6_plain);
	tcase_add_test(tc, ipv6_ext_chain);
	tcase_add_test(tc, ipv6_ext_mobility_hip_shim6);
	tcase_add_test(tc, ipv6_routing_final_dst);
	tcase_add_test(tc, ipv6_fragments);
	tcase_add_loop_test(tc, ipv6_not_tcp, 0, 4);
	tcase_add_test(tc, ipv6_bad_ext);
	tcase_add_test(tc, ipv6_bad_header);
	tcase_add_test(tc, ipv6_big_tcp_zero_length);
	suite_add_tcase(s, tc);

	tc = tcase_create("misc");
	tcase_add_test(tc, addr_str_cmp);
	tcase_add_test(tc, addr_str_as_inet_ntop);
	tcase_add_test(tc, names);
	suite_add_tcase(s, tc);
	return s;
}

int
main(void)
{
	SRunner *sr = srunner_create(decode_ip_suite());
	int failed;

	srunner_add_suite(sr, decode_link_suite());
	srunner_add_suite(sr, decode_tcp_suite());
	srunner_add_suite(sr, decode_icmp_suite());
	srunner_add_suite(sr, decode_tunnel_suite());
	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
