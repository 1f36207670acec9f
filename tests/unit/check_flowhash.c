/* SPDX-License-Identifier: MIT */
/*
 * check_flowhash.c: unit tests of the symmetric flow hash of --shard and
 * --split: vectors that pin the specification (computed by an
 * independent implementation of sevenway(1)'s text), symmetry, ICMP
 * errors and non-TCP packets placed as specified, and an even spread.
 */
#include <check.h>
#include <stdlib.h>
#include <string.h>

#include "sevenway/flowhash.h"
#include "pktbuild.h"
#include "runner.h"

static struct sw_addr
addr(const char *s)
{
	struct sw_addr a;

	ck_assert(sw_addr_parse(&a, s));
	return a;
}

START_TEST(vectors)
{
	static const struct {
		const char *a;
		uint16_t ap;
		const char *b;
		uint16_t bp;
		uint8_t proto;
		uint64_t h;
	} v[] = {
		{ "10.0.0.1", 43512, "10.0.0.2", 80, 6,
		  0x7cbc83b18fa90778ull },
		{ "192.168.1.10", 80, "10.1.2.3", 51000, 6,
		  0x8828a5a3c98ed661ull },
		{ "2001:db8::1", 443, "2001:db8::2", 60000, 6,
		  0xd6f2de29b2a1924cull },
		{ "10.0.0.1", 0, "10.0.0.2", 0, 0, 0xc034ef8935560383ull },
	};

	for (size_t i = 0; i < sizeof(v) / sizeof(v[0]); i++) {
		struct sw_addr a = addr(v[i].a), b = addr(v[i].b);

		ck_assert_uint_eq(sw_flow_hash(&a, v[i].ap, &b, v[i].bp,
		    v[i].proto), v[i].h);
		ck_assert_uint_eq(sw_flow_hash(&b, v[i].bp, &a, v[i].ap,
		    v[i].proto), v[i].h);
	}
}
END_TEST

/* A deterministic pseudo-random endpoint (xorshift). */
static uint64_t rng = 88172645463325252ull;

static uint64_t
next(void)
{
	rng ^= rng << 13;
	rng ^= rng >> 7;
	rng ^= rng << 17;
	return rng;
}

static void
random_addr(struct sw_addr *a, int family)
{
	memset(a, 0, sizeof(*a));
	a->family = (uint8_t)family;
	for (int i = 0; i < (family == 6 ? 16 : 4); i++)
		a->a[i] = (uint8_t)next();
}

START_TEST(symmetric)
{
	for (int i = 0; i < 20000; i++) {
		struct sw_addr a, b;
		uint16_t ap = (uint16_t)next(), bp = (uint16_t)next();
		int fam = i % 2 ? 6 : 4;

		random_addr(&a, fam);
		random_addr(&b, fam);
		if (i % 5 == 0)
			b = a;	/* same host: the ports decide the order */
		ck_assert_uint_eq(sw_flow_hash(&a, ap, &b, bp, 6),
		    sw_flow_hash(&b, bp, &a, ap, 6));
	}
}
END_TEST

/* Ethernet + IPv4 + TCP from (src, sport) to (dst, dport). */
static size_t
tcp_frame(uint8_t *buf, size_t cap, const uint8_t *src, uint16_t sport,
    const uint8_t *dst, uint16_t dport, uint8_t flags)
{
	struct pb b;
	struct pb_ip ip;
	struct pb_tcp t;

	pb_init(&b, buf, cap);
	pb_eth(&b, 0x0800);
	pb_ip_default(&ip, 4);
	memcpy(ip.src, src, 4);
	memcpy(ip.dst, dst, 4);
	pb_tcp_default(&t);
	t.sport = sport;
	t.dport = dport;
	t.flags = flags;
	pb_ip_tcp(&b, &ip, &t, NULL, 0);
	ck_assert(!b.overflow);
	return b.len;
}

/* An ICMP port unreachable from a router quoting the client's SYN. */
static size_t
icmp_frame(uint8_t *buf, size_t cap, const uint8_t *cli, uint16_t cport,
    const uint8_t *srv, uint16_t sport)
{
	static const uint8_t router[4] = { 10, 9, 9, 254 };
	struct pb b;
	struct pb_ip outer, q;
	size_t ipoff, qoff;

	pb_init(&b, buf, cap);
	pb_eth(&b, 0x0800);
	pb_ip_default(&outer, 4);
	memcpy(outer.src, router, 4);
	memcpy(outer.dst, cli, 4);
	outer.proto = 1;
	ipoff = pb_ip(&b, &outer);
	pb_u8(&b, 3);
	pb_u8(&b, 3);
	pb_be16(&b, 0);
	pb_be32(&b, 0);
	pb_ip_default(&q, 4);
	memcpy(q.src, cli, 4);
	memcpy(q.dst, srv, 4);
	q.proto = 6;
	qoff = pb_ip(&b, &q);
	pb_be16(&b, cport);
	pb_be16(&b, sport);
	pb_be32(&b, 12345);
	pb_ip_fix(&b, qoff);
	pb_ip_fix(&b, ipoff);
	ck_assert(!b.overflow);
	return b.len;
}

START_TEST(icmp_follows_connection)
{
	static const uint8_t cli[4] = { 10, 1, 0, 7 }, srv[4] = { 10, 2, 0, 9 };
	uint8_t buf[256];
	struct sw_pkt p;

	for (unsigned port = 40000; port < 40400; port++) {
		unsigned s[3];
		size_t n;

		n = tcp_frame(buf, sizeof(buf), cli, (uint16_t)port, srv, 80,
		    0x02);
		ck_assert_int_eq(sw_decode(1, buf, (uint32_t)n, (uint32_t)n, 0,
		    &p), SW_DEC_OK);
		s[0] = sw_flow_shard(SW_DEC_OK, &p, 7);
		n = tcp_frame(buf, sizeof(buf), srv, 80, cli, (uint16_t)port,
		    0x12);
		ck_assert_int_eq(sw_decode(1, buf, (uint32_t)n, (uint32_t)n, 0,
		    &p), SW_DEC_OK);
		s[1] = sw_flow_shard(SW_DEC_OK, &p, 7);
		n = icmp_frame(buf, sizeof(buf), cli, (uint16_t)port, srv, 80);
		ck_assert_int_eq(sw_decode(1, buf, (uint32_t)n, (uint32_t)n, 0,
		    &p), SW_DEC_ICMP_TCP);
		s[2] = sw_flow_shard(SW_DEC_ICMP_TCP, &p, 7);
		ck_assert_uint_eq(s[0], s[1]);
		ck_assert_uint_eq(s[0], s[2]);
	}
}
END_TEST

START_TEST(not_tcp)
{
	struct sw_pkt p, q;
	uint8_t buf[128];
	struct pb b;
	struct pb_ip ip;
	unsigned hits[5] = { 0 };

	/* No IP layer: shard 0. */
	memset(&p, 0, sizeof(p));
	for (unsigned n = 1; n < 9; n++)
		ck_assert_uint_eq(sw_flow_shard(SW_DEC_NOT_IP, &p, n), 0);
	/* UDP: by the address pair, the same both ways, ports ignored. */
	for (int i = 0; i < 500; i++) {
		pb_init(&b, buf, sizeof(buf));
		pb_eth(&b, 0x0800);
		pb_ip_default(&ip, 4);
		ip.src[3] = (uint8_t)i;
		ip.dst[2] = (uint8_t)(i * 7);
		ip.proto = 17;
		pb_ip(&b, &ip);
		pb_udp(&b, (uint16_t)(1000 + i), 53, "x", 1);
		ck_assert_int_eq(sw_decode(1, buf, (uint32_t)b.len,
		    (uint32_t)b.len, 0, &p), SW_DEC_NOT_TCP);
		q = p;
		q.src = p.dst;
		q.dst = p.src;
		q.sport = 7;
		ck_assert_uint_eq(sw_flow_shard(SW_DEC_NOT_TCP, &p, 5),
		    sw_flow_shard(SW_DEC_NOT_TCP, &q, 5));
		ck_assert_uint_eq(sw_flow_shard(SW_DEC_NOT_TCP, &p, 5),
		    sw_flow_hash(&p.src, 0, &p.dst, 0, 0) % 5);
		hits[sw_flow_shard(SW_DEC_NOT_TCP, &p, 5)]++;
	}
	for (int s = 0; s < 5; s++)
		ck_assert_uint_gt(hits[s], 50);
}
END_TEST

/* N = 2, 3, 7, 16 over 70,000 flows: every shard within 5% of even. */
START_TEST(spread)
{
	static const unsigned ns[] = { 2, 3, 7, 16 };
	enum { FLOWS = 70000 };

	for (size_t k = 0; k < sizeof(ns) / sizeof(ns[0]); k++) {
		unsigned n = ns[k], count[16] = { 0 };
		struct sw_pkt p;

		memset(&p, 0, sizeof(p));
		p.src = addr("10.0.0.1");
		p.dst = addr("198.18.0.1");
		p.dport = 443;
		/* The hard case: one client, one server, ports in a row. */
		for (unsigned i = 0; i < FLOWS; i++) {
			p.sport = (uint16_t)(1024 + i % 60000);
			p.src.a[2] = (uint8_t)(i / 60000);
			count[sw_flow_shard(SW_DEC_OK, &p, n)]++;
		}
		for (unsigned s = 0; s < n; s++) {
			double even = (double)FLOWS / n;

			ck_assert_msg(count[s] > even * 0.95 &&
			    count[s] < even * 1.05, "N=%u shard %u: %u of %d",
			    n, s, count[s], FLOWS);
		}
	}
	ck_assert_uint_eq(sw_flow_shard(SW_DEC_OK, NULL, 1), 0);
}
END_TEST

static Suite *
suite(void)
{
	Suite *s = suite_create("flowhash");
	TCase *tc = tcase_create("core");

	tcase_add_test(tc, vectors);
	tcase_add_test(tc, symmetric);
	tcase_add_test(tc, icmp_follows_connection);
	tcase_add_test(tc, not_tcp);
	tcase_add_test(tc, spread);
	suite_add_tcase(s, tc);
	return s;
}

int
main(void)
{
	return sw_test_run(suite());
}
